//! Stage 3, parse: text to a [`Dom`], through html5ever (via `scraper`), once.
//!
//! Before the parse, one byte scan bounds the nesting depth: html5ever checks the stack
//! of open elements on every block start tag, so a hostile page of 100,000 nested
//! `<div>`s would cost minutes. Pages nested deeper than `limits.max_nesting_depth`
//! have the start and end tags beyond that depth removed (their text stays). The same
//! scan bounds the attributes of one tag: html5ever checks each new attribute against
//! all earlier ones, so a tag with 100,000 attributes would take seconds; tags with
//! more than `limits.max_attributes` keep only the first ones. And it leaves out the
//! bodies of scripts and style sheets that no later stage reads: they are half the bytes
//! of a typical page, and html5ever would tokenize them character by character.

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
    let text = prepare_markup(text, max_depth, max_attributes);
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

/// The page as html5ever should see it: tags nested beyond `max_depth` removed, tags
/// with more than `max_attributes` attributes cut to the first ones, and the bodies of
/// scripts and style sheets that no stage reads left out. The page itself (no copy)
/// when nothing changes.
pub fn prepare_markup(text: &str, max_depth: usize, max_attributes: usize) -> Cow<'_, str> {
    scan(
        text,
        Limits {
            depth: max_depth,
            attributes: max_attributes.max(1),
        },
    )
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
            | b"noframes"
    )
}

/// A copy of the page made only once something must change: the bytes up to `copied`
/// are settled, in `out` when a change came before.
struct Rewrite<'a> {
    text: &'a str,
    out: Option<String>,
    copied: usize,
}

impl<'a> Rewrite<'a> {
    /// Replaces `text[from..to]` (at or after `copied`) with `with`.
    fn replace(&mut self, from: usize, to: usize, with: &str) {
        let text = self.text;
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(&text[self.copied..from]);
        out.push_str(with);
        self.copied = to;
    }

    fn finish(self) -> Cow<'a, str> {
        match self.out {
            None => Cow::Borrowed(self.text),
            Some(mut out) => {
                out.push_str(&self.text[self.copied..]);
                Cow::Owned(out)
            }
        }
    }
}

/// Walks the tags of `text`, tracking an estimate of the nesting depth, and returns the
/// page minus the tags beyond `max_depth`, the attributes past the limit and the
/// bodies of scripts and styles that nothing reads (see [`prepare_markup`]).
fn scan(text: &str, limits: Limits) -> Cow<'_, str> {
    let max_depth = limits.depth;
    let bytes = text.as_bytes();
    let mut rewrite = Rewrite {
        text,
        out: None,
        copied: 0,
    };
    let mut depth = 0usize;
    let mut dropped = 0usize;
    // Open `<svg>` and `<math>` elements: inside them `<script>` and `<style>` are
    // ordinary elements, so nothing there is raw text or cut.
    let mut foreign = 0usize;
    let mut pos = 0usize;
    while let Some(off) = memchr::memchr(b'<', &bytes[pos..]) {
        let start = pos + off;
        let rest = &bytes[start + 1..];
        if rest.starts_with(b"!--") {
            pos = find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"![CDATA[") {
            // Text in SVG and MathML, a bogus comment elsewhere: skipped either way,
            // to its end in SVG (which the comment's end never passes).
            pos = find(bytes, start + 9, b"]]>").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if matches!(rest.first(), Some(b'!' | b'?')) {
            // A doctype or a bogus comment: it ends at the first `>`, whatever it holds.
            pos = memchr::memchr(b'>', rest).map_or(bytes.len(), |e| start + 1 + e + 1);
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
        let mut tag_cut = false;
        if !closing && (unbalanced || tag_end - start > LONG_TAG_BYTES) {
            // A long (or quote-holding) start tag: read its attributes, quotes and
            // all, and keep only the first `limits.attributes` of them.
            let (cut, real_end) = attributes_past(bytes, name_start + name_len, limits.attributes);
            tag_end = real_end;
            if let Some(cut) = cut {
                rewrite.replace(cut, tag_end, ">");
                tag_cut = true;
            }
        }
        let self_closing = tag_end >= 2 && bytes[tag_end - 2] == b'/';
        pos = tag_end;
        if is_foreign_root(name) {
            if closing {
                foreign = foreign.saturating_sub(1);
            } else if !self_closing {
                foreign += 1;
            }
        }
        if !closing && foreign == 0 && is_raw_text(name) {
            // Skip to the matching end tag; nothing inside is markup.
            let body_end = raw_text_end(bytes, tag_end, name);
            pos = body_end;
            if unread_body(name, &bytes[start..tag_end], &bytes[tag_end..body_end]) {
                rewrite.replace(tag_end, body_end, "");
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
        // (A tag already cut short for its attributes stays.)
        if drop_tag && !tag_cut {
            rewrite.replace(start, tag_end, "");
        }
    }
    rewrite.finish()
}

/// Where the raw text that starts at `from` ends: at the first `</name` followed by
/// whitespace, `/` or `>` (or at the end of the page), as the tokenizer ends it.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut search = from;
    while let Some(e) = find(bytes, search, b"</") {
        let cand = &bytes[e + 2..];
        if cand.len() >= name.len()
            && cand[..name.len()].eq_ignore_ascii_case(name)
            && cand
                .get(name.len())
                .is_none_or(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        {
            return e;
        }
        search = e + 2;
    }
    bytes.len()
}

/// Whether the body of a raw-text element can be left out of the parse, because no
/// stage reads it: a style sheet, or a script that is not data (JSON, JSON-LD) and
/// names none of the date keys metadata looks for. Scripts and style sheets are half
/// the bytes of a typical page, and html5ever tokenizes them character by character;
/// the element itself stays, empty.
///
/// The cut never changes how the rest is parsed: it runs up to the first `</script`
/// (whatever follows it), so the tokenizer would have read it all as script data, and a
/// body holding `<!--` (where the tokenizer's escaped states begin, and a `</script>`
/// may not end the script) is left whole.
fn unread_body(name: &[u8], start_tag: &[u8], body: &[u8]) -> bool {
    if body.is_empty() {
        return false;
    }
    if name.eq_ignore_ascii_case(b"style") {
        return true;
    }
    name.eq_ignore_ascii_case(b"script")
        && !start_tag
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"json"))
        && memchr::memmem::find(body, b"<!--").is_none()
        && !crate::meta::SCRIPT_DATE_KEYS
            .iter()
            .any(|key| memchr::memmem::find(body, key.as_bytes()).is_some())
}

/// `<svg>` and `<math>`, whose content is foreign (not HTML) markup.
fn is_foreign_root(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"svg") || name.eq_ignore_ascii_case(b"math")
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
    use scraper::Html;

    #[test]
    fn shallow_pages_are_untouched() {
        let page = "<div><div><p>a<p>b</div></div><script type=application/json>[1]</script>";
        assert!(matches!(prepare_markup(page, 2, 512), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened_and_text_kept() {
        let page = format!("{}deep text{}", "<div>".repeat(50), "</div>".repeat(50));
        let out = prepare_markup(&page, 10, 512);
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
        let divs = "<div>".repeat(100);
        assert_eq!(
            prepare_markup(&page, 5, 512),
            format!("<!--{divs}--><script></script><div>x</div>")
        );
    }

    #[test]
    fn a_hundred_thousand_attributes_are_cut_to_the_limit() {
        let attrs: String = (0..100_000).map(|i| format!(" a{i}=\"x>y\"")).collect();
        let page = format!("<div class=story{attrs}><p>Kept text.</p></div><p>After.</p>");
        let bounded = prepare_markup(&page, 2048, 512);
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
        assert!(matches!(prepare_markup(&long, 2048, 512), Cow::Borrowed(_)));
    }

    /// Tags and visible text of a parse, in order: what every later stage sees.
    fn shape(dom: &Dom) -> Vec<String> {
        (0..dom.len() as u32)
            .filter_map(|i| match dom.tag(i) {
                crate::dom::Tag::Text if dom.node(i).chars == 0 => None,
                crate::dom::Tag::Text => Some(dom.text(i).to_string()),
                _ => Some(format!("<{}>", dom.name(i))),
            })
            .collect()
    }

    fn unprepared(page: &str) -> Dom {
        Dom::from_html(Html::parse_document(page))
    }

    #[test]
    fn unread_script_and_style_bodies_are_left_out() {
        let page = "<style>p{color:red}</style><script>var a = 1 < 2;</script>\
                    <script type=\"application/ld+json\">{\"@type\":\"Article\"}</script>\
                    <script>window.data = {\"datePublished\": \"2020-01-02\"}</script>\
                    <SCRIPT>b()</SCRIPT ><p>Text</p>";
        let out = prepare_markup(page, 2048, 512);
        assert_eq!(
            out,
            "<style></style><script></script>\
             <script type=\"application/ld+json\">{\"@type\":\"Article\"}</script>\
             <script>window.data = {\"datePublished\": \"2020-01-02\"}</script>\
             <SCRIPT></SCRIPT ><p>Text</p>"
        );
        assert_eq!(shape(&parse(page, 2048, 512)), shape(&unprepared(page)));
    }

    #[test]
    fn cutting_scripts_never_changes_what_the_page_shows() {
        for page in [
            // Escaped script data: the first `</script>` does not end the script.
            "<script><!-- <script> x </script> y --></script><p>After</p>",
            // An end tag that is not one, then the real one.
            "<script>a = '</scriptx>'; <p>no</p></script><p>After</p>",
            // In SVG and MathML, <style> and <script> hold markup.
            "<svg><style><p>Shown</p></style></svg><p>After</p>",
            "<math><script>x</script></math><p>After</p>",
            // Bogus comments and CDATA end where the tokenizer ends them.
            "<?php echo '<script>'; ?><p>Shown</p><script>x</script><p>After</p>",
            "<![CDATA[<script>]]><p>Shown</p></script><p>After</p>",
            "<!DOCTYPE html><!x <script>><p>Shown</p></script><p>After</p>",
            // Raw text that holds a script tag is text, not a script.
            "<title>a <script>b</script> c</title><p>Shown</p>",
            "<textarea><script>t</script></textarea><p>Shown</p>",
            "<style>a</stylex><script>s</script></style><p>Shown</p>",
            // Unclosed to the end of the page.
            "<p>Shown</p><script>never closed <p>no",
            "<p>Shown</p><style>never closed",
        ] {
            assert_eq!(
                shape(&parse(page, 2048, 512)),
                shape(&unprepared(page)),
                "{page}"
            );
        }
    }

    #[test]
    fn broken_tags_do_not_panic() {
        for page in [
            "<", "</", "<div", "<!--", "<script>", "<a/", "</>", "<\u{e9}>",
        ] {
            let _ = prepare_markup(page, 1, 512);
            let _ = parse(page, 1, 2);
        }
    }
}
