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

/// Where a record was and what it says it is.
#[derive(Debug, Clone, Default)]
pub struct RecordInfo {
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Record-ID`.
    pub record_id: Option<String>,
    /// Byte offset (of the gzip member, in a compressed file).
    pub offset: u64,
    /// `WARC-Date`.
    pub date: Option<String>,
}

/// What a record is to an extractor. Every caller (the batch runner, the bindings)
/// gets the same verdicts, so they count pages alike.
#[derive(Debug)]
pub enum Entry {
    /// An HTML response: a page, with the charset its headers declare.
    Page {
        /// Where the record was.
        info: RecordInfo,
        /// The HTTP body, de-chunked and decompressed.
        body: Vec<u8>,
        /// The charset of the `Content-Type` header.
        charset: Option<String>,
    },
    /// A record that cannot be read as one: a page lost, with the reason's kind and a
    /// message.
    Failed {
        /// Where the record was.
        info: RecordInfo,
        /// Short kind: `bad WARC record` or `bad HTTP response`.
        reason: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Not a page (a request, metadata, a non-HTML response), with why.
    Skipped(String),
}

/// Tells what `item` is: an HTML response is a page; other records are skipped.
pub fn entry(item: Item, limit: u64) -> Entry {
    let record = match item {
        Item::Bad {
            offset,
            record_id,
            url,
            reason,
        } => {
            return Entry::Failed {
                info: RecordInfo {
                    url,
                    record_id,
                    offset,
                    date: None,
                },
                reason: "bad WARC record",
                message: reason,
            };
        }
        Item::Record(record) => record,
    };
    let kind = record.kind();
    if kind != "response" {
        return Entry::Skipped(format!("WARC {kind} record"));
    }
    let info = RecordInfo {
        url: record.target_uri().map(String::from),
        record_id: record.id().map(String::from),
        offset: record.offset,
        date: record.header("warc-date").map(String::from),
    };
    match crate::http::parse_response(&record.block, limit) {
        Err(e) => Entry::Failed {
            info,
            reason: "bad HTTP response",
            message: e.to_string(),
        },
        Ok(response) => {
            let mime = response.mime();
            // A response without a type is sniffed: pages start with markup.
            let html = match &mime {
                Some(m) => crate::http::is_html_mime(m),
                None => looks_like_html(&response.body),
            };
            if !html {
                return Entry::Skipped(format!(
                    "response not HTML ({})",
                    mime.as_deref().unwrap_or("no type")
                ));
            }
            let charset = response.charset();
            Entry::Page {
                info,
                body: response.body,
                charset,
            }
        }
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    let head = &body[..body.len().min(512)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    text.trim_start().starts_with('<')
        && (text.contains("<html")
            || text.contains("<!doctype")
            || text.contains("<head")
            || text.contains("<body")
            || text.contains("<p"))
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
    for item in Reader::new(reader, limit) {
        f(item?);
    }
    Ok(())
}

type Source<R> = BufReader<Counting<R>>;

/// A pull reader over the records of a WARC stream: the iterator form of
/// [`for_each_record`], for callers that take records one at a time (a Python
/// iterator, a pipeline stage). It yields an error, and then nothing more, only when
/// the stream cannot be read at all.
pub struct Reader<R: Read> {
    limit: u64,
    state: State<R>,
}

enum State<R: Read> {
    /// Not read yet: plain or gzip is told by the first bytes.
    Start(Source<R>),
    /// An uncompressed stream.
    Plain(Source<R>, Cursor),
    /// Between gzip members.
    Between(Source<R>),
    /// Inside a gzip member that starts at `offset`.
    Member {
        member: Box<BufReader<flate2::bufread::GzDecoder<Source<R>>>>,
        offset: u64,
        cursor: Cursor,
        broken: bool,
    },
    /// The end, or a stream that could not be read on.
    Done,
}

impl<R: Read> Reader<R> {
    /// Reads `reader`; blocks over `limit` bytes are reported, not held.
    pub fn new(reader: R, limit: u64) -> Reader<R> {
        let src = BufReader::with_capacity(
            256 * 1024,
            Counting {
                inner: reader,
                count: 0,
            },
        );
        Reader {
            limit,
            state: State::Start(src),
        }
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = std::io::Result<Item>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return None,
                State::Start(mut src) => {
                    let gzip = match src.fill_buf() {
                        Ok(head) => head.starts_with(&[0x1f, 0x8b]),
                        Err(e) => return Some(Err(e)),
                    };
                    self.state = if gzip {
                        State::Between(src)
                    } else {
                        State::Plain(src, Cursor::new(self.limit))
                    };
                }
                State::Plain(mut src, mut cursor) => {
                    let item = cursor.next_item(&mut src, |r| position(r));
                    if item.is_some() {
                        self.state = State::Plain(src, cursor);
                    }
                    return item.map(Ok);
                }
                State::Between(mut src) => {
                    let offset = position(&src);
                    match src.fill_buf() {
                        Ok([]) => return None,
                        Ok(_) => {}
                        Err(e) => return Some(Err(e)),
                    }
                    self.state = State::Member {
                        member: Box::new(BufReader::with_capacity(
                            256 * 1024,
                            flate2::bufread::GzDecoder::new(src),
                        )),
                        offset,
                        cursor: Cursor::new(self.limit),
                        broken: false,
                    };
                }
                State::Member {
                    mut member,
                    offset,
                    mut cursor,
                    mut broken,
                } => match cursor.next_item(&mut *member, |_| offset) {
                    Some(item) => {
                        if let Item::Bad { reason, .. } = &item
                            && reason.starts_with("cannot read")
                        {
                            broken = true;
                        }
                        self.state = State::Member {
                            member,
                            offset,
                            cursor,
                            broken,
                        };
                        return Some(Ok(item));
                    }
                    // A damaged gzip member: what follows cannot be found reliably.
                    None if broken => return None,
                    None => self.state = State::Between(member.into_inner().into_inner()),
                },
            }
        }
    }
}

fn position<R: Read>(r: &Source<R>) -> u64 {
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
struct Cursor {
    limit: u64,
    done: bool,
}

impl Cursor {
    fn new(limit: u64) -> Self {
        Cursor { limit, done: false }
    }

    /// The next record, or `None` at the clean end of the stream.
    fn next_item<R: BufRead>(
        &mut self,
        src: &mut R,
        offset_of: impl Fn(&R) -> u64,
    ) -> Option<Item> {
        if self.done {
            return None;
        }
        // Skip blank lines between records.
        let mut line = Vec::new();
        let offset;
        loop {
            let at = offset_of(src);
            line.clear();
            match read_line(src, &mut line) {
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
            match read_line(src, &mut line) {
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
            return match std::io::copy(&mut src.take(length), &mut std::io::sink()) {
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
        match src.take(length).read_to_end(&mut block) {
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
