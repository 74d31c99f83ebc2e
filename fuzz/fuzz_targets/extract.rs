//! HTML bytes to a record: decode, parse, prune, score, extract, every emitter, the
//! metadata and the explain report.
#![no_main]

use std::sync::OnceLock;

use gleaner::{Config, Extractor, Options};
use libfuzzer_sys::fuzz_target;

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(Config::default()))
}

fuzz_target!(|data: &[u8]| {
    let extractor = extractor();
    // The first byte picks the options, so each shape of output is reached.
    let flags = data.first().copied().unwrap_or(0);
    let options = Options {
        markdown: flags & 1 != 0,
        links: flags & 2 != 0,
        images: flags & 4 != 0,
        url: (flags & 8 != 0).then(|| "https://example.org/2024/05/30/story".to_string()),
        charset: (flags & 16 != 0).then(|| "windows-1252".to_string()),
        ..Options::default()
    };
    if let Ok(doc) = extractor.extract_within_budget(data, &options) {
        let text = doc.text();
        assert!(std::str::from_utf8(text.as_bytes()).is_ok());
        let _ = doc.markdown(flags & 32 != 0);
        let _ = doc.front_matter();
    }
    if flags & 64 != 0 {
        let _ = extractor.explain(data, &options);
    }
});
