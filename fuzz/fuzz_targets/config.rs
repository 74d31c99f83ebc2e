//! `config.toml` files as a user might write them, laid over the defaults.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(config) = gleaner::Config::with_overrides(text, "fuzz.toml")
    {
        let _ = config.favoring(gleaner::config::Favor::Precision);
        let _ = config.favoring(gleaner::config::Favor::Recall);
    }
});
