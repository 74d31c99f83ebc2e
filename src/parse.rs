//! Stage 3, parse: text to a [`Dom`], through html5ever (via `scraper`), once.
//!
//! Before the parse, one byte scan bounds the nesting depth: html5ever checks the stack
//! of open elements on every block start tag, so a hostile page of 100,000 nested
//! `<div>`s would cost minutes. Pages nested deeper than `limits.max_nesting_depth`
//! have the start and end tags beyond that depth removed (their text stays).

use std::borrow::Cow;

use html5ever::tendril::TendrilSink;
use html5ever::tree_builder::TreeBuilderOpts;
use scraper::{Html, HtmlTreeSink};

use crate::dom::Dom;

/// Parses a decoded page.
///
/// Scripting is off, as for a crawler that runs no JavaScript: `<noscript>` content is
/// parsed as markup (some sites serve their whole text there) instead of one raw string.
pub fn parse(text: &str, max_depth: usize) -> Dom {
    let text = bound_nesting(text, max_depth);
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

/// The page itself when its nesting stays within `max_depth`, else a copy with the tags
/// beyond that depth removed.
pub fn bound_nesting(text: &str, max_depth: usize) -> Cow<'_, str> {
    if scan(text, max_depth, None) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    scan(text, max_depth, Some(&mut out));
    Cow::Owned(out)
}

/// Elements a browser never nests within themselves, or that cannot hold children: they
/// do not deepen the stack of open elements.
fn does_not_nest(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"tr",
        b"td",
        b"th",
        b"option",
        b"optgroup",
        b"thead",
        b"tbody",
        b"tfoot",
        b"colgroup",
        b"caption",
        b"rb",
        b"rt",
        b"rp",
        b"rtc",
        b"html",
        b"head",
        b"body",
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"source",
        b"track",
        b"wbr",
        b"param",
        b"keygen",
        b"frame",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Elements whose content is raw text, skipped whole by the scan.
fn is_raw_text(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"script",
        b"style",
        b"textarea",
        b"title",
        b"xmp",
        b"plaintext",
        b"noembed",
        b"iframe",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Walks the tags of `text`, tracking an estimate of the nesting depth. Without `out`,
/// returns whether the depth stays within `max_depth` (stopping at the first excess).
/// With `out`, copies the page into it minus the tags beyond `max_depth`.
fn scan(text: &str, max_depth: usize, mut out: Option<&mut String>) -> bool {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut dropped = 0usize;
    let mut copied = 0usize;
    let mut pos = 0usize;
    while let Some(off) = bytes[pos..].iter().position(|&b| b == b'<') {
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
        let tag_end = bytes[name_start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |e| name_start + e + 1);
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
                Some(out) => {
                    out.push_str(&text[copied..start]);
                    copied = tag_end;
                }
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
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_untouched() {
        let page = "<div><div><p>a<p>b</div></div><script>if (a<b) {}</script>";
        assert!(matches!(bound_nesting(page, 2), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened_and_text_kept() {
        let page = format!("{}deep text{}", "<div>".repeat(50), "</div>".repeat(50));
        let out = bound_nesting(&page, 10);
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
        let dom = parse(&page, 2048);
        assert!(dom.len() < 3000);
    }

    #[test]
    fn comments_and_raw_text_do_not_count() {
        let page = format!(
            "<!--{}--><script>{}</script><div>x</div>",
            "<div>".repeat(100),
            "<div>".repeat(100)
        );
        assert!(matches!(bound_nesting(&page, 5), Cow::Borrowed(_)));
    }

    #[test]
    fn broken_tags_do_not_panic() {
        for page in [
            "<", "</", "<div", "<!--", "<script>", "<a/", "</>", "<\u{e9}>",
        ] {
            let _ = bound_nesting(page, 1);
            let _ = parse(page, 1);
        }
    }
}
