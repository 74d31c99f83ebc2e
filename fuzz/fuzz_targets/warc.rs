//! The WARC reader, on plain bytes and on the same bytes gzip-compressed, and the
//! HTTP parser on every response record it yields.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

const LIMIT: u64 = 1 << 20;

fn read(bytes: &[u8]) {
    let _ = gleaner::warc::for_each_record(bytes, LIMIT, |item| {
        if let gleaner::warc::Item::Record(record) = item {
            let _ = record.kind();
            let _ = record.target_uri();
            let _ = gleaner::http::parse_response(&record.block, LIMIT);
        }
    });
}

fuzz_target!(|data: &[u8]| {
    read(data);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    if gz.write_all(data).is_ok()
        && let Ok(compressed) = gz.finish()
    {
        read(&compressed);
    }
});
