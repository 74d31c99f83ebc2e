//! Stage 1, load: the bytes of one input (a file, or standard input for `-`), with the
//! size limit enforced while reading so a huge input is never held whole.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Reads `path` (or standard input when it is `-`), refusing more than `limit` bytes.
pub fn load(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    if path == Path::new("-") {
        return read_limited(std::io::stdin().lock(), path, limit, 0);
    }
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if meta.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > limit {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    let file = std::fs::File::open(path).map_err(read_err)?;
    // Sized from the file's length (which the limit bounds), plus the byte that tells
    // it grew, the buffer is read into once instead of grown and copied from 8 KB up.
    let expected = usize::try_from(meta.len()).map_or(0, |n| n.saturating_add(1));
    read_limited(file, path, limit, expected)
}

/// Reads at most `limit` bytes; one byte more is an error (the file may have grown, or
/// the reader is a pipe whose size was not known).
fn read_limited(
    reader: impl Read,
    path: &Path,
    limit: u64,
    expected: usize,
) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::with_capacity(expected);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: PathBuf::from(path),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_and_enforces_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.html");
        std::fs::write(&p, b"0123456789").unwrap();
        assert_eq!(load(&p, 10).unwrap(), b"0123456789");
        assert!(matches!(load(&p, 9), Err(Error::TooLarge { .. })));
    }

    #[test]
    fn missing_file_and_directory_are_named_errors() {
        let dir = tempfile::tempdir().unwrap();
        let e = load(&dir.path().join("nope.html"), 10).unwrap_err();
        assert!(e.to_string().contains("nope.html"));
        assert!(matches!(
            load(dir.path(), 10),
            Err(Error::IsDirectory { .. })
        ));
    }
}
