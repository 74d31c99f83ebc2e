//! HTTP responses as archived (in WARC records) or fetched: the status line, the
//! headers, and the body with its transfer and content encodings undone.
//!
//! Everything here reads outside bytes, so every step is bounded: the decoded body may
//! not grow past a limit (a compression bomb stops there with an error), and malformed
//! chunking or headers give an error, never a panic.

use std::io::Read;

/// A parsed response.
#[derive(Debug, Clone, Default)]
pub struct Response {
    /// The status code (200, 404, ...).
    pub status: u16,
    /// Header names (lowercase) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, transfer- and content-decoded.
    pub body: Vec<u8>,
}

/// Why a response could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpError {
    /// No status line and header block.
    BadHead(String),
    /// The chunked transfer encoding is broken.
    BadChunking(String),
    /// The content encoding could not be undone.
    BadEncoding(String),
    /// The decoded body is larger than the limit.
    TooLarge(u64),
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HttpError::BadHead(m) => write!(f, "malformed HTTP response head: {m}"),
            HttpError::BadChunking(m) => write!(f, "malformed chunked body: {m}"),
            HttpError::BadEncoding(m) => write!(f, "cannot decode body: {m}"),
            HttpError::TooLarge(limit) => write!(f, "decoded body is larger than {limit} bytes"),
        }
    }
}

impl Response {
    /// The first value of a header (name in lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The media type of `Content-Type`, lowercase, without parameters.
    pub fn mime(&self) -> Option<String> {
        self.header("content-type").and_then(mime_of)
    }

    /// The `charset` parameter of `Content-Type`.
    pub fn charset(&self) -> Option<String> {
        charset_param(self.header("content-type")?)
    }
}

/// The media type of a `Content-Type` value, lowercase, without parameters.
pub fn mime_of(content_type: &str) -> Option<String> {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    (!mime.is_empty()).then_some(mime)
}

/// The `charset=` parameter of a `Content-Type` value.
pub fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    })
}

/// Whether a media type is HTML (or XHTML). A missing type is judged by the caller.
pub fn is_html_mime(mime: &str) -> bool {
    matches!(mime, "text/html" | "application/xhtml+xml" | "text/xhtml")
}

/// Parses an HTTP/1.x response message: head, then body decoded, at most `limit` bytes.
pub fn parse_response(message: &[u8], limit: u64) -> Result<Response, HttpError> {
    let head_end = find(message, b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| find(message, b"\n\n").map(|p| (p, p + 2)))
        .ok_or_else(|| HttpError::BadHead("no blank line after the headers".into()))?;
    let head = String::from_utf8_lossy(&message[..head_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.split_whitespace();
    let version = parts.next().unwrap_or("");
    if !version.starts_with("HTTP/") {
        return Err(HttpError::BadHead(format!(
            "status line {:?}",
            truncate(status_line, 60)
        )));
    }
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| {
            HttpError::BadHead(format!("status line {:?}", truncate(status_line, 60)))
        })?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    let raw = &message[head_end.1..];
    let chunked = response
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        dechunk(raw, limit)?
    } else {
        raw.to_vec()
    };
    let encoding = response
        .header("content-encoding")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    response.body = decode_content(body, &encoding, limit)?;
    Ok(response)
}

/// Undoes `Transfer-Encoding: chunked`. A body cut off inside the last chunk keeps what
/// arrived (archives of interrupted transfers are common), but a malformed size is an
/// error.
pub fn dechunk(mut raw: &[u8], limit: u64) -> Result<Vec<u8>, HttpError> {
    let mut out = Vec::new();
    loop {
        let Some(line_end) = find(raw, b"\r\n").or_else(|| find(raw, b"\n")) else {
            if raw.iter().all(u8::is_ascii_whitespace) {
                return Ok(out);
            }
            return Err(HttpError::BadChunking(
                "chunk size line not terminated".into(),
            ));
        };
        let line = String::from_utf8_lossy(&raw[..line_end]);
        let size_text = line.split(';').next().unwrap_or("").trim();
        let size = u64::from_str_radix(size_text, 16).map_err(|_| {
            HttpError::BadChunking(format!("chunk size {:?}", truncate(size_text, 20)))
        })?;
        let sep = if raw[line_end..].starts_with(b"\r\n") {
            2
        } else {
            1
        };
        raw = &raw[line_end + sep..];
        if size == 0 {
            return Ok(out);
        }
        if out.len() as u64 + size > limit {
            return Err(HttpError::TooLarge(limit));
        }
        let take = (size as usize).min(raw.len());
        out.extend_from_slice(&raw[..take]);
        if take < size as usize {
            return Ok(out);
        }
        raw = &raw[take..];
        raw = raw
            .strip_prefix(b"\r\n")
            .or_else(|| raw.strip_prefix(b"\n"))
            .unwrap_or(raw);
    }
}

/// Undoes a `Content-Encoding` (gzip, deflate, br; identity passes through), stopping
/// with an error past `limit` decoded bytes.
pub fn decode_content(body: Vec<u8>, encoding: &str, limit: u64) -> Result<Vec<u8>, HttpError> {
    let mut out = Vec::new();
    let result = match encoding {
        "" | "identity" | "none" => return Ok(body),
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(&body[..])
            .take(limit + 1)
            .read_to_end(&mut out),
        "deflate" => {
            // Servers send zlib-wrapped or raw deflate under this name.
            let zlib = flate2::read::ZlibDecoder::new(&body[..])
                .take(limit + 1)
                .read_to_end(&mut out);
            if zlib.is_err() {
                out.clear();
                flate2::read::DeflateDecoder::new(&body[..])
                    .take(limit + 1)
                    .read_to_end(&mut out)
            } else {
                zlib
            }
        }
        "br" => brotli_decompressor::Decompressor::new(&body[..], 4096)
            .take(limit + 1)
            .read_to_end(&mut out),
        other => {
            return Err(HttpError::BadEncoding(format!(
                "unsupported content encoding {other:?}"
            )));
        }
    };
    result.map_err(|e| HttpError::BadEncoding(format!("{encoding}: {e}")))?;
    if out.len() as u64 > limit {
        return Err(HttpError::TooLarge(limit));
    }
    Ok(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn parses_head_and_plain_body() {
        let r = parse_response(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n<p>hi</p>",
            1000,
        )
        .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.mime().as_deref(), Some("text/html"));
        assert_eq!(r.charset().as_deref(), Some("ISO-8859-1"));
        assert_eq!(r.body, b"<p>hi</p>");
    }

    #[test]
    fn undoes_chunking_and_gzip() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"<p>compressed page</p>").unwrap();
        let gz = gz.finish().unwrap();
        let mut msg =
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        let (a, b) = gz.split_at(10);
        for part in [a, b] {
            msg.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
            msg.extend_from_slice(part);
            msg.extend_from_slice(b"\r\n");
        }
        msg.extend_from_slice(b"0\r\n\r\n");
        let r = parse_response(&msg, 1000).unwrap();
        assert_eq!(r.body, b"<p>compressed page</p>");
    }

    #[test]
    fn a_compression_bomb_stops_at_the_limit() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b'a'; 10_000_000]).unwrap();
        let gz = gz.finish().unwrap();
        assert!(gz.len() < 100_000);
        assert_eq!(
            decode_content(gz, "gzip", 1_000_000),
            Err(HttpError::TooLarge(1_000_000))
        );
    }

    #[test]
    fn broken_input_is_an_error_not_a_panic() {
        assert!(parse_response(b"garbage", 100).is_err());
        assert!(parse_response(b"HTTP/1.1 abc\r\n\r\n", 100).is_err());
        assert!(dechunk(b"zz\r\nabc", 100).is_err());
        assert!(decode_content(b"not gzip".to_vec(), "gzip", 100).is_err());
        assert!(decode_content(b"x".to_vec(), "compress", 100).is_err());
        assert_eq!(dechunk(b"5\r\nabc", 100).unwrap(), b"abc");
    }
}
