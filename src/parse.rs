//! Stage 3, parse: text to a [`Dom`], through html5ever (via `scraper`), once.
//!
//! Before the parse, one byte scan bounds the nesting depth: html5ever checks the stack
//! of open elements on every block start tag, so a hostile page of 100,000 nested
//! `<div>`s would cost minutes. Pages nested deeper than `limits.max_nesting_depth`
//! have the start and end tags beyond that depth removed (their text stays). The same
//! scan bounds the attributes of one tag: html5ever checks each new attribute against
//! all earlier ones, so a tag with 100,000 attributes would take seconds; tags with
//! more than `limits.max_attributes` keep only the first ones.

use std::borrow::Cow;

use html5ever::tendril::TendrilSink;
use html5ever::tree_builder::TreeBuilderOpts;
use scraper::{Html, HtmlTreeSink};

use crate::dom::Dom;

/// Parses a decoded page.
///
/// Scripting is off, as for a crawler that runs no JavaScript: `<noscript>` content is
/// parsed as markup (some sites serve their whole text there) instead of one raw string.
pub fn parse(text: &str, max_depth: usize, max_attributes: usize) -> Dom {
    let text = bound_markup(text, max_depth, max_attributes);
    let opts = html5ever::ParseOpts {
        tree_builder: TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let html = html5ever::driver::parse_document(HtmlTreeSink::new(Html::new_document()), opts)
        .one(text.as_ref());
    Dom::from_html(html)
}

/// The page itself when its nesting stays within `max_depth` and no tag has more than
/// `max_attributes` attributes, else a copy with the tags beyond that depth removed and
/// the extra attributes left out.
pub fn bound_markup(text: &str, max_depth: usize, max_attributes: usize) -> Cow<'_, str> {
    let limits = Limits {
        depth: max_depth,
        attributes: max_attributes.max(1),
    };
    if scan(text, limits, None) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    scan(text, limits, Some(&mut out));
    Cow::Owned(out)
}

/// What the scan bounds.
#[derive(Clone, Copy)]
struct Limits {
    depth: usize,
    attributes: usize,
}

/// A start tag this long (in bytes) may hold too many attributes: only then are they
/// counted, so the scan stays a byte search on ordinary pages.
const LONG_TAG_BYTES: usize = 2048;

/// For a start tag whose name ends at `from`, where the attribute past the first
/// `max` starts (if there are more), and where the tag really ends (quoted values may
/// hold `>`).
fn attributes_past(bytes: &[u8], from: usize, max: usize) -> (Option<usize>, usize) {
    let mut i = from;
    let mut count = 0;
    let mut cut = None;
    let n = bytes.len();
    loop {
        while i < n && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= n {
            return (cut, n);
        }
        if bytes[i] == b'>' {
            return (cut, i + 1);
        }
        count += 1;
        if count > max && cut.is_none() {
            cut = Some(i);
        }
        // The name, then maybe `=` and a value.
        while i < n && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        while i < n && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < n && bytes[i] == b'=' {
            i += 1;
            while i < n && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    i = bytes[i + 1..]
                        .iter()
                        .position(|&b| b == q)
                        .map_or(n, |e| i + 1 + e + 1);
                }
                _ => {
                    while i < n && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                }
            }
        } else if i < n && bytes[i] == b'/' {
            i += 1;
        }
    }
}

/// A tag name in lowercase, for matching: names longer than any listed are `None`.
fn lowercase_name(name: &[u8]) -> Option<([u8; 10], usize)> {
    let mut buf = [0u8; 10];
    let n = name.len();
    if n > buf.len() {
        return None;
    }
    for (b, c) in buf.iter_mut().zip(name) {
        *b = c.to_ascii_lowercase();
    }
    Some((buf, n))
}

/// Elements a browser never nests within themselves, or that cannot hold children: they
/// do not deepen the stack of open elements.
fn does_not_nest(name: &[u8]) -> bool {
    let Some((buf, n)) = lowercase_name(name) else {
        return false;
    };
    matches!(
        &buf[..n],
        b"p" | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"option"
            | b"optgroup"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"colgroup"
            | b"caption"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"rtc"
            | b"html"
            | b"head"
            | b"body"
            | b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"source"
            | b"track"
            | b"wbr"
            | b"param"
            | b"keygen"
            | b"frame"
    )
}

/// Elements whose content is raw text, skipped whole by the scan.
fn is_raw_text(name: &[u8]) -> bool {
    let Some((buf, n)) = lowercase_name(name) else {
        return false;
    };
    matches!(
        &buf[..n],
        b"script"
            | b"style"
            | b"textarea"
            | b"title"
            | b"xmp"
            | b"plaintext"
            | b"noembed"
            | b"iframe"
    )
}

/// Walks the tags of `text`, tracking an estimate of the nesting depth. Without `out`,
/// returns whether the depth stays within `max_depth` (stopping at the first excess).
/// With `out`, copies the page into it minus the tags beyond `max_depth`.
fn scan(text: &str, limits: Limits, mut out: Option<&mut String>) -> bool {
    let max_depth = limits.depth;
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut dropped = 0usize;
    let mut copied = 0usize;
    let mut pos = 0usize;
    while let Some(off) = memchr::memchr(b'<', &bytes[pos..]) {
        let start = pos + off;
        let rest = &bytes[start + 1..];
        if rest.starts_with(b"!--") {
            pos = find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            pos = start + 1;
            continue;
        }
        let name = &bytes[name_start..name_start + name_len];
        let mut tag_end =
            memchr::memchr(b'>', &bytes[name_start..]).map_or(bytes.len(), |e| name_start + e + 1);
        // An odd number of quotes before the first `>`: that `>` was inside a value.
        let unbalanced =
            !closing && memchr::memchr2_iter(b'"', b'\'', &bytes[start..tag_end]).count() % 2 == 1;
        if !closing && (unbalanced || tag_end - start > LONG_TAG_BYTES) {
            // A long (or quote-holding) start tag: read its attributes, quotes and
            // all, and keep only the first `limits.attributes` of them.
            let (cut, real_end) = attributes_past(bytes, name_start + name_len, limits.attributes);
            tag_end = real_end;
            if let Some(cut) = cut {
                match out.as_deref_mut() {
                    None => return false,
                    Some(out) => {
                        out.push_str(&text[copied..cut]);
                        out.push('>');
                        copied = tag_end;
                    }
                }
            }
        }
        let self_closing = tag_end >= 2 && bytes[tag_end - 2] == b'/';
        pos = tag_end;
        if !closing && is_raw_text(name) {
            // Skip to the matching end tag; nothing inside is markup.
            let mut search = tag_end;
            pos = bytes.len();
            while let Some(e) = find(bytes, search, b"</") {
                let cand = &bytes[e + 2..];
                if cand.len() >= name.len() && cand[..name.len()].eq_ignore_ascii_case(name) {
                    pos = e;
                    break;
                }
                search = e + 2;
            }
            continue;
        }
        if does_not_nest(name) || self_closing {
            continue;
        }
        let drop_tag = if closing {
            if dropped > 0 {
                dropped -= 1;
                true
            } else {
                depth = depth.saturating_sub(1);
                false
            }
        } else if depth >= max_depth {
            dropped += 1;
            true
        } else {
            depth += 1;
            false
        };
        if drop_tag {
            match out.as_deref_mut() {
                None => return false,
                // (A tag already cut short for its attributes stays.)
                Some(out) if copied <= start => {
                    out.push_str(&text[copied..start]);
                    copied = tag_end;
                }
                Some(_) => {}
            }
        }
    }
    if let Some(out) = out {
        out.push_str(&text[copied..]);
    }
    true
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    memchr::memmem::find(&hay[from..], needle).map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_untouched() {
        let page = "<div><div><p>a<p>b</div></div><script>if (a<b) {}</script>";
        assert!(matches!(bound_markup(page, 2, 512), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened_and_text_kept() {
        let page = format!("{}deep text{}", "<div>".repeat(50), "</div>".repeat(50));
        let out = bound_markup(&page, 10, 512);
        assert_eq!(out.matches("<div>").count(), 10);
        assert_eq!(out.matches("</div>").count(), 10);
        assert!(out.contains("deep text"));
    }

    #[test]
    fn hundred_thousand_nested_divs_parse_quickly() {
        let page = format!(
            "<body>{}x{}</body>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let dom = parse(&page, 2048, 512);
        assert!(dom.len() < 3000);
    }

    #[test]
    fn comments_and_raw_text_do_not_count() {
        let page = format!(
            "<!--{}--><script>{}</script><div>x</div>",
            "<div>".repeat(100),
            "<div>".repeat(100)
        );
        assert!(matches!(bound_markup(&page, 5, 512), Cow::Borrowed(_)));
    }

    #[test]
    fn a_hundred_thousand_attributes_are_cut_to_the_limit() {
        let attrs: String = (0..100_000).map(|i| format!(" a{i}=\"x>y\"")).collect();
        let page = format!("<div class=story{attrs}><p>Kept text.</p></div><p>After.</p>");
        let bounded = bound_markup(&page, 2048, 512);
        // The first 512 attributes stay, and the text after the tag is intact.
        assert!(bounded.contains(" a510=\"x>y\""));
        assert!(!bounded.contains(" a511="));
        assert!(bounded.ends_with("><p>Kept text.</p></div><p>After.</p>"));
        let started = std::time::Instant::now();
        let dom = parse(&page, 2048, 512);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        let text: String = (0..dom.len() as u32).map(|i| dom.text(i)).collect();
        assert_eq!(text, "Kept text.After.");
        // Long tags within the limit are left alone, quoted `>` and all.
        let long = format!("<div data-x=\"{}>\" id=a><p>t</p></div>", "z".repeat(5000));
        assert!(matches!(bound_markup(&long, 2048, 512), Cow::Borrowed(_)));
    }

    #[test]
    fn broken_tags_do_not_panic() {
        for page in [
            "<", "</", "<div", "<!--", "<script>", "<a/", "</>", "<\u{e9}>",
        ] {
            let _ = bound_markup(page, 1, 512);
            let _ = parse(page, 1, 2);
        }
    }
}
