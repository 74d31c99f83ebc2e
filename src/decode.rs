//! Stage 2, decode: page bytes to UTF-8 text the way browsers do.
//!
//! Order of trust: a byte-order mark, then a charset declared by the transport (when a
//! caller has one), then `<meta charset>` / `http-equiv` in the first bytes, then valid
//! UTF-8 as it stands, then statistical detection (`chardetng`) over a prefix. Invalid
//! sequences become U+FFFD; decoding never fails.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

/// How far into the page a `<meta charset>` declaration is looked for (as browsers do).
const META_PRESCAN_BYTES: usize = 1024;

/// Decodes `bytes` to text. `declared` is a charset label from outside the page, such as
/// an HTTP `Content-Type` header; `sniff_bytes` bounds the statistical detection.
pub fn decode<'a>(bytes: &'a [u8], declared: Option<&str>, sniff_bytes: usize) -> Cow<'a, str> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom_len..]).0;
    }
    let encoding = declared
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(META_PRESCAN_BYTES)]))
        .map(|e| e.output_encoding());
    if let Some(encoding) = encoding {
        // A page that declares a legacy charset but is valid UTF-8 beyond ASCII was
        // almost always converted without its declaration being updated.
        if encoding != UTF_8
            && !bytes.is_ascii()
            && let Ok(text) = std::str::from_utf8(bytes)
        {
            return Cow::Borrowed(text);
        }
        return encoding.decode_without_bom_handling(bytes).0;
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let prefix = &bytes[..bytes.len().min(sniff_bytes)];
    detector.feed(prefix, prefix.len() == bytes.len());
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    guess.decode_without_bom_handling(bytes).0
}

/// The share of control bytes (not tab, newline, form feed, carriage return or escape)
/// among the first `sniff_bytes` of `bytes` (at least 256): near 0 for text in any ASCII-compatible
/// charset, high for images, archives and executables. Text with a UTF-16 or UTF-32
/// byte-order mark counts as text.
pub fn control_share(bytes: &[u8], sniff_bytes: usize) -> f64 {
    if Encoding::for_bom(bytes).is_some() {
        return 0.0;
    }
    let head = &bytes[..bytes.len().min(sniff_bytes)];
    if head.is_empty() {
        return 0.0;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | 0x1b))
        .count();
    // Short inputs are judged as if padded with text: a few stray NULs in a tiny page
    // do not make it binary.
    controls as f64 / head.len().max(SHORTEST_SNIFF) as f64
}

/// The fewest bytes a control share is taken over (see [`control_share`]).
const SHORTEST_SNIFF: usize = 256;

/// Finds a charset declared by `<meta charset=...>` or `<meta http-equiv content=...>`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let mut rest = head;
    while let Some(pos) = find_ascii_ci(rest, b"<meta") {
        rest = &rest[pos + 5..];
        let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let tag = &rest[..end];
        if let Some(at) = find_ascii_ci(tag, b"charset") {
            let value = &tag[at + 7..];
            let value = trim_start(value);
            if let Some(value) = value.strip_prefix(b"=") {
                let value = trim_start(value);
                let value = value
                    .strip_prefix(b"\"")
                    .or_else(|| value.strip_prefix(b"'"))
                    .unwrap_or(value);
                let len = value
                    .iter()
                    .position(|&b| {
                        matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>')
                            || b.is_ascii_whitespace()
                    })
                    .unwrap_or(value.len());
                if let Some(enc) = Encoding::for_label(&value[..len]) {
                    // A page that says UTF-16 in ASCII is not UTF-16 (HTML spec).
                    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                        return Some(UTF_8);
                    }
                    return Some(enc);
                }
            }
        }
        rest = &rest[end.min(rest.len())..];
    }
    None
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// Position of `needle` (lowercase ASCII) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed() {
        let s = "<p>café</p>".as_bytes();
        assert!(matches!(decode(s, None, 1024), Cow::Borrowed(_)));
    }

    #[test]
    fn meta_charset_is_honoured() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body>";
        assert!(decode(page, None, 1024).contains("café"));
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\xcf\xf0\xe8";
        assert!(decode(page, None, 1024).contains("При"));
    }

    #[test]
    fn declared_header_charset_wins_over_detection() {
        assert_eq!(decode(b"caf\xe9", Some("latin1"), 1024), "café");
    }

    #[test]
    fn bom_wins() {
        let page = b"\xef\xbb\xbf<meta charset=latin1>caf\xc3\xa9";
        assert!(decode(page, None, 1024).ends_with("café"));
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("hé".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16, None, 1024), "hé");
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected() {
        let text = "Le café est une boisson très répandue à travers le monde entier, préparée à partir des grains torréfiés.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        assert_eq!(decode(&bytes, None, 1024), text);
    }

    #[test]
    fn control_bytes_tell_binary_from_text() {
        assert_eq!(control_share(b"<p>caf\xc3\xa9\r\n\tok</p>", 4096), 0.0);
        assert_eq!(control_share(b"", 4096), 0.0);
        let png = [
            &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0"[..],
            &[0u8; 256][..],
        ]
        .concat();
        assert!(control_share(&png, 4096) > 0.3);
        // A few stray NULs in a short page are not binary.
        assert!(control_share(b"<p>\0\0\0 text \0</p>", 4096) < 0.1);
        // UTF-16 with its byte-order mark is text, not binary.
        assert_eq!(control_share(b"\xff\xfe<\0p\0>\0", 4096), 0.0);
        // Only the first bytes are looked at.
        let late = [vec![b'a'; 100], vec![0u8; 100]].concat();
        assert_eq!(control_share(&late, 100), 0.0);
    }

    #[test]
    fn binary_garbage_decodes_without_panic() {
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 256) as u8).collect();
        let _ = decode(&bytes, None, 1024);
        let _ = decode(b"<meta charset=", None, 1024);
        let _ = decode(b"<meta charset", None, 1024);
    }
}
