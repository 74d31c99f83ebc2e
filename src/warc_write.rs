//! Writing WARC/1.1 files of fetched pages (`--save-warc`), so that a run can be
//! repeated offline by passing the archive back as an input.
//!
//! Each fetch becomes a `request` record and a `response` record that points to it
//! (`WARC-Concurrent-To`). Bodies are stored as the page was decoded (gzip or brotli
//! undone), so the response's `Content-Encoding` and `Transfer-Encoding` headers are
//! left out and its `Content-Length` is the stored body's. A path ending in `.gz` gets
//! one gzip member per record, as Common Crawl writes them.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// An HTTP exchange to archive.
#[derive(Debug, Clone)]
pub struct Exchange<'a> {
    /// The URL the response came from (after redirects).
    pub url: &'a str,
    /// When the response arrived, in seconds since 1970.
    pub fetched_at: i64,
    /// The request's method, target and headers.
    pub request_headers: &'a [(String, String)],
    /// The response's status code.
    pub status: u16,
    /// The response's headers, as received.
    pub response_headers: &'a [(String, String)],
    /// The decoded body.
    pub body: &'a [u8],
}

/// A WARC file being written.
pub struct WarcWriter {
    out: BufWriter<std::fs::File>,
    path: PathBuf,
    gzip: bool,
}

impl WarcWriter {
    /// Creates the file and writes its `warcinfo` record.
    pub fn create(path: &Path) -> std::io::Result<WarcWriter> {
        let file = std::fs::File::create(path)?;
        let gzip = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        let mut writer = WarcWriter {
            out: BufWriter::new(file),
            path: path.to_path_buf(),
            gzip,
        };
        let info = format!(
            "software: gleaner/{}\r\nformat: WARC File Format 1.1\r\n",
            env!("CARGO_PKG_VERSION")
        );
        let now = now_secs();
        writer.record(
            &[
                ("WARC-Type", "warcinfo".into()),
                ("WARC-Record-ID", record_id()),
                ("WARC-Date", timestamp(now)),
                ("Content-Type", "application/warc-fields".into()),
            ],
            info.as_bytes(),
        )?;
        Ok(writer)
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends a request and a response record for one exchange.
    pub fn write(&mut self, x: &Exchange<'_>) -> std::io::Result<()> {
        let date = timestamp(x.fetched_at);
        let request_id = record_id();
        let mut request = Vec::new();
        for (name, value) in x.request_headers {
            // The first pair is the request line: ("GET", "/path HTTP/1.1").
            if request.is_empty() {
                write!(request, "{name} {value}\r\n")?;
            } else {
                write!(request, "{name}: {value}\r\n")?;
            }
        }
        request.extend_from_slice(b"\r\n");
        self.record(
            &[
                ("WARC-Type", "request".into()),
                ("WARC-Record-ID", request_id.clone()),
                ("WARC-Date", date.clone()),
                ("WARC-Target-URI", x.url.into()),
                ("Content-Type", "application/http;msgtype=request".into()),
            ],
            &request,
        )?;
        let mut response = Vec::with_capacity(x.body.len() + 1024);
        write!(
            response,
            "HTTP/1.1 {} {}\r\n",
            x.status,
            reason_phrase(x.status)
        )?;
        for (name, value) in x.response_headers {
            let lower = name.to_ascii_lowercase();
            if matches!(
                lower.as_str(),
                "content-encoding" | "transfer-encoding" | "content-length"
            ) {
                continue;
            }
            write!(response, "{name}: {value}\r\n")?;
        }
        write!(response, "Content-Length: {}\r\n\r\n", x.body.len())?;
        response.extend_from_slice(x.body);
        self.record(
            &[
                ("WARC-Type", "response".into()),
                ("WARC-Record-ID", record_id()),
                ("WARC-Date", date),
                ("WARC-Target-URI", x.url.into()),
                ("WARC-Concurrent-To", request_id),
                ("Content-Type", "application/http;msgtype=response".into()),
            ],
            &response,
        )
    }

    /// Flushes what is buffered.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    fn record(&mut self, headers: &[(&str, String)], block: &[u8]) -> std::io::Result<()> {
        let mut bytes = Vec::with_capacity(block.len() + 512);
        bytes.extend_from_slice(b"WARC/1.1\r\n");
        for (name, value) in headers {
            // Header values come from URLs and servers: no line breaks may pass.
            let value: String = value.chars().filter(|c| !c.is_control()).collect();
            write!(bytes, "{name}: {value}\r\n")?;
        }
        write!(bytes, "Content-Length: {}\r\n\r\n", block.len())?;
        bytes.extend_from_slice(block);
        bytes.extend_from_slice(b"\r\n\r\n");
        if self.gzip {
            let mut gz = flate2::write::GzEncoder::new(&mut self.out, flate2::Compression::new(6));
            gz.write_all(&bytes)?;
            gz.finish()?;
            Ok(())
        } else {
            self.out.write_all(&bytes)
        }
    }
}

/// Seconds since 1970, now.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `YYYY-MM-DDThh:mm:ssZ` for seconds since 1970.
pub fn timestamp(secs: i64) -> String {
    let (y, m, d) = crate::meta::civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A random (version 4) UUID as a WARC record id.
fn record_id() -> String {
    let mut b: [u8; 16] = fastrand::u128(..).to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "<urn:uuid:{}-{}-{}-{}-{}>",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_ids_have_their_shapes() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_700_000_000), "2023-11-14T22:13:20Z");
        let id = record_id();
        assert_eq!(id.len(), "<urn:uuid:>".len() + 36);
        assert_eq!(&id[24..25], "4");
    }

    #[test]
    fn written_records_read_back() {
        for name in ["a.warc", "a.warc.gz"] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(name);
            let mut w = WarcWriter::create(&path).unwrap();
            let req = vec![
                ("GET".to_string(), "/p HTTP/1.1".to_string()),
                ("Host".to_string(), "example.org".to_string()),
            ];
            let resp = vec![
                ("Content-Type".to_string(), "text/html".to_string()),
                ("Content-Encoding".to_string(), "gzip".to_string()),
            ];
            w.write(&Exchange {
                url: "http://example.org/p",
                fetched_at: 0,
                request_headers: &req,
                status: 200,
                response_headers: &resp,
                body: b"<p>hello</p>",
            })
            .unwrap();
            w.finish().unwrap();
            let mut kinds = Vec::new();
            let file = std::fs::File::open(&path).unwrap();
            crate::warc::for_each_record(file, 1 << 20, |item| {
                if let crate::warc::Item::Record(r) = item {
                    kinds.push(r.kind());
                    if r.kind() == "response" {
                        let resp = crate::http::parse_response(&r.block, 1 << 20).unwrap();
                        assert_eq!(resp.body, b"<p>hello</p>");
                        assert_eq!(resp.header("content-encoding"), None);
                        assert_eq!(r.target_uri(), Some("http://example.org/p"));
                    }
                } else {
                    panic!("bad record: {item:?}");
                }
            })
            .unwrap();
            assert_eq!(kinds, ["warcinfo", "request", "response"]);
        }
    }
}
