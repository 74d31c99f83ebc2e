//! robots.txt: parsing any text, and matching paths against its rules.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The input is the robots.txt, then after a NUL byte the path to test.
    let (text, path) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b"/some/page?x=1"[..]),
    };
    let robots = gleaner::robots::Robots::parse(&String::from_utf8_lossy(text), "gleaner");
    let _ = robots.allowed(&String::from_utf8_lossy(path));
    let _ = robots.crawl_delay();
});
