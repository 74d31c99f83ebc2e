//! HTTP responses as archived: status line, headers, chunking, content encodings.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(response) = gleaner::http::parse_response(data, 1 << 20) {
        let _ = response.mime();
        let _ = response.charset();
    }
    let _ = gleaner::http::dechunk(data, 1 << 20);
});
