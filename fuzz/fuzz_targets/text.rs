//! Text mode: already extracted text, cleaned paragraph by paragraph.
#![no_main]

use std::sync::OnceLock;

use gleaner::{Config, Extractor};
use libfuzzer_sys::fuzz_target;

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(Config::default()))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = extractor().clean_text(&text);
    let _ = doc.text();
    let _ = doc.markdown(true);
});
