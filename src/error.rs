//! The errors gleaner reports; each names the input or setting and the cause.

use std::path::PathBuf;

/// Everything that can go wrong on the way from an input to its article.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The input.
        path: PathBuf,
        /// The cause from the operating system.
        source: std::io::Error,
    },
    /// An input is larger than `limits.max_input_bytes`.
    #[error("{} is larger than the limit of {limit} bytes (limits.max_input_bytes)", path.display())]
    TooLarge {
        /// The input.
        path: PathBuf,
        /// The limit in force.
        limit: u64,
    },
    /// An input is a directory, where a page was expected.
    #[error("{} is a directory, not a page", path.display())]
    IsDirectory {
        /// The input.
        path: PathBuf,
    },
    /// A configuration could not be used.
    #[error("bad configuration in {source_name}: {message}")]
    Config {
        /// Which file (or "embedded config.toml").
        source_name: String,
        /// What is wrong, with the key's name where there is one.
        message: String,
    },
    /// An output could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The output file.
        path: PathBuf,
        /// The cause from the operating system.
        source: std::io::Error,
    },
}
