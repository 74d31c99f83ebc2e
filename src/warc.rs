//! A streaming WARC reader (WARC/1.0 and 1.1, plain or gzip-compressed).
//!
//! Records are read one at a time in constant memory (one record's block at most, and
//! never more than a limit). A `.warc.gz` is decoded gzip member by gzip member, as
//! Common Crawl writes one member per record, so each record comes with the byte offset
//! of its member in the compressed file: the offset a `zcat`-free reader seeks to. A
//! single-stream `.warc.gz` works too (its records share the stream's offset).
//!
//! Nothing is dropped silently: a record over the size limit, a truncated record, a
//! broken gzip member or bytes that are not a record are each reported as an
//! [`Item::Bad`] with the offset and the cause.

use std::io::{BufRead, BufReader, Read};

/// One record: its headers and its block.
#[derive(Debug, Clone)]
pub struct Record {
    /// Byte offset of the record (of its gzip member, in a compressed file).
    pub offset: u64,
    /// Header names (lowercase) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The record's block (for a `response`, the whole HTTP message).
    pub block: Vec<u8>,
}

impl Record {
    /// The first value of a header (name in lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `WARC-Type`, lowercase.
    pub fn kind(&self) -> String {
        self.header("warc-type").unwrap_or("").to_ascii_lowercase()
    }

    /// `WARC-Record-ID`, without its angle brackets.
    pub fn id(&self) -> Option<&str> {
        self.header("warc-record-id")
            .map(|v| v.trim_matches(['<', '>']))
    }

    /// `WARC-Target-URI`, without angle brackets (some writers add them).
    pub fn target_uri(&self) -> Option<&str> {
        self.header("warc-target-uri")
            .map(|v| v.trim_matches(['<', '>']))
    }
}

/// What the reader hands over.
#[derive(Debug)]
pub enum Item {
    /// A whole record.
    Record(Record),
    /// Something that is not a usable record, with where it was and why.
    Bad {
        /// Byte offset (of the gzip member, in a compressed file).
        offset: u64,
        /// The record's id, when its headers could be read.
        record_id: Option<String>,
        /// The target URI, when its headers could be read.
        url: Option<String>,
        /// What is wrong.
        reason: String,
    },
}

/// Longest header line accepted.
const MAX_LINE: usize = 64 * 1024;
/// Most header lines in one record.
const MAX_HEADERS: usize = 1024;

/// Reads every record of a WARC stream (compressed or not, told by its first bytes) and
/// hands each to `f`, in order. A block larger than `limit` bytes is skipped (read past,
/// not held) and reported. Returns an error only when the stream cannot be read at all.
pub fn for_each_record(
    reader: impl Read,
    limit: u64,
    mut f: impl FnMut(Item),
) -> std::io::Result<()> {
    let mut src = BufReader::with_capacity(
        256 * 1024,
        Counting {
            inner: reader,
            count: 0,
        },
    );
    let gzip = src.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    if !gzip {
        let mut records = Records::new(&mut src, limit);
        while let Some(item) = records.next_item(|r| position(r)) {
            f(item);
        }
        return Ok(());
    }
    loop {
        let offset = src.get_ref().count - src.buffer().len() as u64;
        if src.fill_buf()?.is_empty() {
            return Ok(());
        }
        let mut member =
            BufReader::with_capacity(256 * 1024, flate2::bufread::GzDecoder::new(&mut src));
        let mut records = Records::new(&mut member, limit);
        let mut broken = false;
        while let Some(item) = records.next_item(|_| offset) {
            if let Item::Bad { reason, .. } = &item
                && reason.starts_with("cannot read")
            {
                broken = true;
            }
            f(item);
        }
        if broken {
            // A damaged gzip member: what follows cannot be found reliably.
            return Ok(());
        }
    }
}

fn position<R: Read>(r: &BufReader<Counting<R>>) -> u64 {
    r.get_ref().count - r.buffer().len() as u64
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// Record-by-record parsing of one decoded stream.
struct Records<'a, R: BufRead> {
    src: &'a mut R,
    limit: u64,
    done: bool,
}

impl<'a, R: BufRead> Records<'a, R> {
    fn new(src: &'a mut R, limit: u64) -> Self {
        Records {
            src,
            limit,
            done: false,
        }
    }

    /// The next record, or `None` at the clean end of the stream.
    fn next_item(&mut self, offset_of: impl Fn(&R) -> u64) -> Option<Item> {
        if self.done {
            return None;
        }
        // Skip blank lines between records.
        let mut line = Vec::new();
        let offset;
        loop {
            let at = offset_of(self.src);
            line.clear();
            match read_line(self.src, &mut line) {
                Ok(0) => return self.finish(None),
                Ok(_) if line.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(_) => {
                    offset = at;
                    break;
                }
                Err(e) => {
                    return self.finish(Some(bad(at, None, None, format!("cannot read: {e}"))));
                }
            }
        }
        if !line.starts_with(b"WARC/") {
            return self.finish(Some(bad(
                offset,
                None,
                None,
                "not a WARC record (no WARC/ version line)".into(),
            )));
        }
        let mut headers = Vec::new();
        loop {
            line.clear();
            match read_line(self.src, &mut line) {
                Ok(0) => {
                    return self.finish(Some(bad(
                        offset,
                        None,
                        None,
                        "truncated record: headers cut off".into(),
                    )));
                }
                Ok(_) => {}
                Err(e) => {
                    return self.finish(Some(bad(offset, None, None, format!("cannot read: {e}"))));
                }
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if headers.len() >= MAX_HEADERS {
                return self.finish(Some(bad(
                    offset,
                    None,
                    None,
                    "too many header lines".into(),
                )));
            }
            if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
        }
        let record = Record {
            offset,
            headers,
            block: Vec::new(),
        };
        let id = record.id().map(str::to_string);
        let url = record.target_uri().map(str::to_string);
        let Some(length) = record
            .header("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok())
        else {
            return self.finish(Some(bad(
                offset,
                id,
                url,
                "missing or bad Content-Length".into(),
            )));
        };
        if length > self.limit {
            return match std::io::copy(&mut self.src.take(length), &mut std::io::sink()) {
                Ok(n) if n == length => Some(bad(
                    offset,
                    id,
                    url,
                    format!(
                        "record of {length} bytes is over the limit of {} bytes",
                        self.limit
                    ),
                )),
                Ok(_) => self.finish(Some(bad(
                    offset,
                    id,
                    url,
                    "truncated record (and over the size limit)".into(),
                ))),
                Err(e) => self.finish(Some(bad(offset, id, url, format!("cannot read: {e}")))),
            };
        }
        let mut block = Vec::with_capacity(length as usize);
        match self.src.take(length).read_to_end(&mut block) {
            Ok(n) if n as u64 == length => {}
            Ok(n) => {
                return self.finish(Some(bad(
                    offset,
                    id,
                    url,
                    format!("truncated record: {n} of {length} bytes"),
                )));
            }
            Err(e) => return self.finish(Some(bad(offset, id, url, format!("cannot read: {e}")))),
        }
        Some(Item::Record(Record { block, ..record }))
    }

    fn finish(&mut self, item: Option<Item>) -> Option<Item> {
        self.done = true;
        item
    }
}

fn bad(offset: u64, record_id: Option<String>, url: Option<String>, reason: String) -> Item {
    Item::Bad {
        offset,
        record_id,
        url,
        reason,
    }
}

/// Reads one line (up to and including `\n`), at most [`MAX_LINE`] bytes.
fn read_line(src: &mut impl BufRead, line: &mut Vec<u8>) -> std::io::Result<usize> {
    let n = src.take(MAX_LINE as u64).read_until(b'\n', line)?;
    if n == MAX_LINE && !line.ends_with(b"\n") {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "header line too long",
        ));
    }
    Ok(n)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A WARC record as bytes.
    pub fn record(
        kind: &str,
        id: &str,
        uri: &str,
        extra: &[(&str, &str)],
        block: &[u8],
    ) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-30T10:00:00Z\r\n"
        );
        for (k, v) in extra {
            r.push_str(&format!("{k}: {v}\r\n"));
        }
        r.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
        let mut bytes = r.into_bytes();
        bytes.extend_from_slice(block);
        bytes.extend_from_slice(b"\r\n\r\n");
        bytes
    }

    pub fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    fn read_all(bytes: &[u8], limit: u64) -> Vec<Item> {
        let mut items = Vec::new();
        for_each_record(bytes, limit, |i| items.push(i)).unwrap();
        items
    }

    #[test]
    fn plain_records_with_offsets() {
        let a = record(
            "response",
            "a",
            "http://x/a",
            &[],
            b"HTTP/1.1 200 OK\r\n\r\nA",
        );
        let b = record("request", "b", "http://x/a", &[], b"GET / HTTP/1.1\r\n\r\n");
        let bytes = [a.clone(), b].concat();
        let items = read_all(&bytes, 1000);
        assert_eq!(items.len(), 2);
        match (&items[0], &items[1]) {
            (Item::Record(r0), Item::Record(r1)) => {
                assert_eq!((r0.offset, r1.offset), (0, a.len() as u64));
                assert_eq!(r0.kind(), "response");
                assert_eq!(r0.id(), Some("urn:uuid:a"));
                assert_eq!(r0.block, b"HTTP/1.1 200 OK\r\n\r\nA");
                assert_eq!(r1.kind(), "request");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn gzip_members_give_member_offsets() {
        let a = gzip(&record("response", "a", "http://x/a", &[], b"one"));
        let b = gzip(&record("response", "b", "http://x/b", &[], b"two"));
        let bytes = [a.clone(), b].concat();
        let items = read_all(&bytes, 1000);
        let offsets: Vec<u64> = items
            .iter()
            .map(|i| match i {
                Item::Record(r) => r.offset,
                Item::Bad { reason, .. } => panic!("{reason}"),
            })
            .collect();
        assert_eq!(offsets, vec![0, a.len() as u64]);
    }

    #[test]
    fn oversized_and_truncated_records_are_reported() {
        let big = record("response", "big", "http://x/big", &[], &[b'x'; 500]);
        let ok = record("response", "ok", "http://x/ok", &[], b"fine");
        let cut = record("response", "cut", "http://x/cut", &[], &[b'y'; 100]);
        let bytes = [big, ok, cut[..cut.len() - 60].to_vec()].concat();
        let items = read_all(&bytes, 200);
        assert_eq!(items.len(), 3);
        assert!(
            matches!(&items[0], Item::Bad { reason, record_id: Some(id), .. } if reason.contains("over the limit") && id == "urn:uuid:big")
        );
        assert!(matches!(&items[1], Item::Record(r) if r.block == b"fine"));
        assert!(matches!(&items[2], Item::Bad { reason, .. } if reason.contains("truncated")));
    }

    #[test]
    fn garbage_is_reported_not_panicked_on() {
        for bytes in [
            &b"hello world\n"[..],
            b"WARC/1.0\r\nContent-Length: x\r\n\r\n",
            b"\x1f\x8b\x08garbage",
            b"WARC/1.0\r\n",
        ] {
            let items = read_all(bytes, 100);
            assert_eq!(items.len(), 1, "{bytes:?}");
            assert!(matches!(items[0], Item::Bad { .. }));
        }
        assert!(read_all(b"", 100).is_empty());
    }
}
