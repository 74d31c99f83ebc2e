//! What the benches share: the pages of the shared evaluation set.

use std::path::Path;

/// The first `count` pages of `../shared/eval/data/wcxb-dev` (real pages, 300 KB on
/// average), decompressed, in name order; none when the set is not there.
pub fn wcxb_pages(count: usize) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/data/wcxb-dev/html");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .take(count)
        .filter_map(|p| {
            let gz = std::fs::read(p).ok()?;
            let mut html = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut html)
                .ok()?;
            Some(html)
        })
        .collect()
}
