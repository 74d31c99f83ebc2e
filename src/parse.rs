//! Stage 3, parse: text to a [`Dom`], through html5ever (via `scraper`), once.
//!
//! Before the parse, one byte scan bounds the nesting depth: html5ever checks the stack
//! of open elements on every block start tag, so a hostile page of 100,000 nested
//! `<div>`s would cost minutes. Pages nested deeper than `limits.max_nesting_depth`
//! have the start and end tags beyond that depth removed (their text stays). The same
//! scan bounds the attributes of one tag: html5ever checks each new attribute against
//! all earlier ones, so a tag with 100,000 attributes would take seconds; tags with
//! more than `limits.max_attributes` keep only the first ones. And it leaves out what no
//! later stage reads: the bodies of scripts and style sheets (half the bytes of a
//! typical page, which html5ever would tokenize character by character) and the
//! attributes not in [`READ_ATTRIBUTES`] (each costs html5ever an interned name and a
//! string).

use std::borrow::Cow;

use html5ever::tendril::TendrilSink;
use html5ever::tree_builder::TreeBuilderOpts;
use scraper::{Html, HtmlTreeSink};

use crate::dom::Dom;

/// What the parse keeps of a page: limits against hostile markup, and whether the
/// attributes no stage reads are left out.
#[derive(Debug, Clone, Copy)]
pub struct Prepare {
    /// Tags nested deeper than this are removed (their text stays).
    pub max_depth: usize,
    /// Attributes of one tag past this many are left out.
    pub max_attributes: usize,
    /// Leave out the attributes not in [`READ_ATTRIBUTES`]. Off when CSS selectors of
    /// the configuration (site rules) may name any attribute.
    pub drop_unread_attributes: bool,
}

/// The attributes some stage reads ([`Dom::attr`]), and those that steer html5ever's
/// tree building (`type` of an `<input>`, `encoding` of MathML's `<annotation-xml>`,
/// `<font>`'s `color`, `face` and `size` in SVG, `shadowrootmode`). Attributes make
/// two thirds of a page's bytes once scripts are out, and each one costs the parser
/// its name's interning and a string; most (`data-*`, SVG paths, `srcset`) are never
/// looked at.
pub const READ_ATTRIBUTES: &[&str] = &[
    "alt",
    "aria-controls",
    "aria-hidden",
    "charset",
    "class",
    "color",
    "content",
    "datetime",
    "encoding",
    "face",
    "hidden",
    "href",
    "http-equiv",
    "id",
    "itemprop",
    "lang",
    "name",
    "property",
    "rel",
    "role",
    "shadowrootmode",
    "size",
    "src",
    "start",
    "style",
    "type",
];

impl Prepare {
    /// The given limits, with unread attributes left out.
    pub fn new(max_depth: usize, max_attributes: usize) -> Prepare {
        Prepare {
            max_depth,
            max_attributes,
            drop_unread_attributes: true,
        }
    }
}

/// Whether `name` (any case) is one of [`READ_ATTRIBUTES`].
pub fn is_read_attribute(name: &[u8]) -> bool {
    READ_ATTRIBUTES
        .iter()
        .any(|a| a.len() == name.len() && a.as_bytes().eq_ignore_ascii_case(name))
}

/// Parses a decoded page.
///
/// Scripting is off, as for a crawler that runs no JavaScript: `<noscript>` content is
/// parsed as markup (some sites serve their whole text there) instead of one raw string.
pub fn parse(text: &str, prepare: Prepare) -> Dom {
    let text = prepare_markup(text, prepare);
    let opts = html5ever::ParseOpts {
        tree_builder: TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut html = html5ever::driver::parse_document(HtmlTreeSink::new(Html::new_document()), opts)
        .one(text.as_ref());
    if text.contains("<template") && text.contains("S:") {
        place_streamed_boundaries(&mut html);
    }
    Dom::from_html(html)
}

/// Puts each React server-streamed boundary where the page's script would: a boundary
/// rendered after the shell comes at the end of the body, `<div hidden id="S:4">`, and
/// a script moves its content to the placeholder `<template id="B:4">` inside the
/// story. Done on the tree, before the arena is laid out, so every stage sees the page
/// a reader does.
fn place_streamed_boundaries(html: &mut Html) {
    use scraper::node::Node as HtmlNode;
    let mut templates: rustc_hash::FxHashMap<&str, ego_tree::NodeId> = Default::default();
    let mut boundaries: Vec<(ego_tree::NodeId, &str)> = Vec::new();
    for node in html.tree.nodes() {
        let HtmlNode::Element(e) = node.value() else {
            continue;
        };
        let Some(id) = e.id() else {
            continue;
        };
        if e.name() == "template" {
            if let Some(n) = id.strip_prefix("B:") {
                templates.entry(n).or_insert(node.id());
            }
        } else if e.attr("hidden").is_some()
            && let Some(n) = id.strip_prefix("S:")
        {
            boundaries.push((node.id(), n));
        }
    }
    let moves: Vec<(ego_tree::NodeId, ego_tree::NodeId)> = boundaries
        .into_iter()
        .filter_map(|(boundary, n)| Some((boundary, *templates.get(n)?)))
        .collect();
    for (boundary, template) in moves {
        // A placeholder inside its own boundary (a hostile page) would make a cycle.
        let inside = html
            .tree
            .get(template)
            .is_some_and(|t| t.ancestors().any(|a| a.id() == boundary));
        if inside {
            continue;
        }
        let children: Vec<ego_tree::NodeId> = html
            .tree
            .get(boundary)
            .map(|b| b.children().map(|c| c.id()).collect())
            .unwrap_or_default();
        if let Some(mut t) = html.tree.get_mut(template) {
            for child in children {
                t.insert_id_before(child);
            }
            t.detach();
        }
        if let Some(mut b) = html.tree.get_mut(boundary) {
            b.detach();
        }
    }
}

/// One tag as the tokenizer reads it, from the end of its name: the attributes, each
/// as its name and the bytes it spans (name to value's end), passed to `each`; then
/// where the tag ends (one past its `>`, or the page's end) and whether it closes
/// itself (`/>`).
fn read_tag(bytes: &[u8], from: usize, mut each: impl FnMut(&[u8], usize, usize)) -> (usize, bool) {
    let n = bytes.len();
    let mut i = from;
    loop {
        while i < n && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= n {
            return (n, false);
        }
        match bytes[i] {
            b'>' => return (i + 1, false),
            b'/' => {
                if bytes.get(i + 1) == Some(&b'>') {
                    return (i + 2, true);
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        // The name (its first character may be `=`), then maybe `=` and a value.
        let name_start = i;
        i += 1;
        while i < n && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name_end = i;
        let mut end = name_end;
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
                    i = memchr::memchr(q, &bytes[i + 1..]).map_or(n, |e| i + 1 + e + 1);
                }
                Some(b'>') | None => {}
                Some(_) => {
                    while i < n && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                }
            }
            end = i;
        }
        each(&bytes[name_start..name_end], name_start, end);
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

/// The page as html5ever should see it: tags nested beyond `max_depth` removed, tags
/// with more than `max_attributes` attributes cut to the first ones, the attributes no
/// stage reads and the bodies of scripts and style sheets that no stage reads left out.
/// The page itself (no copy) when nothing changes.
///
/// The scan reads tags as html5ever's tokenizer does (comments, bogus comments,
/// quoted values holding `>`, raw text up to its real end tag), so that nothing it
/// leaves out changes how the rest is parsed.
///
/// It walks the tags of `text` once, tracking an estimate of the nesting depth.
pub fn prepare_markup(text: &str, prepare: Prepare) -> Cow<'_, str> {
    let max_depth = prepare.max_depth;
    let max_attributes = prepare.max_attributes.max(1);
    let bytes = text.as_bytes();
    let n = bytes.len();
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
    // The attribute spans of the current tag to leave out, merged when adjacent.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0usize;
    while let Some(off) = memchr::memchr(b'<', &bytes[pos..]) {
        let start = pos + off;
        let rest = &bytes[start + 1..];
        if rest.starts_with(b"!--") {
            pos = comment_end(bytes, start + 4);
            continue;
        }
        if rest.starts_with(b"![CDATA[") {
            // Text in SVG and MathML, a bogus comment elsewhere: skipped either way,
            // to its end in SVG (which the comment's end never passes).
            pos = find(bytes, start + 9, b"]]>").map_or(n, |e| e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        match bytes.get(name_start) {
            Some(b) if b.is_ascii_alphabetic() => {}
            // `<!DOCTYPE`, `<?xml`, `</ x`: a bogus comment, to the first `>`.
            Some(b'!' | b'?') if !closing => {
                pos = memchr::memchr(b'>', rest).map_or(n, |e| start + 1 + e + 1);
                continue;
            }
            Some(_) if closing => {
                pos = memchr::memchr(b'>', &bytes[name_start..]).map_or(n, |e| name_start + e + 1);
                continue;
            }
            // A `<` of text.
            _ => {
                pos = start + 1;
                continue;
            }
        }
        let name_len = bytes[name_start..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
            .unwrap_or(n - name_start);
        let name = &bytes[name_start..name_start + name_len];
        cuts.clear();
        let mut count = 0usize;
        let (tag_end, self_closing) = read_tag(bytes, name_start + name_len, |attr, from, to| {
            count += 1;
            let cut = !closing
                && (count > max_attributes
                    || (prepare.drop_unread_attributes && !is_read_attribute(attr)));
            if !cut {
                return;
            }
            match cuts.last_mut() {
                Some(last) if bytes[last.1..from].iter().all(u8::is_ascii_whitespace) => {
                    last.1 = to
                }
                _ => cuts.push((from, to)),
            }
        });
        pos = tag_end;
        if is_foreign_root(name) {
            if closing {
                foreign = foreign.saturating_sub(1);
            } else if !self_closing {
                foreign += 1;
            }
        }
        let raw_text = !closing && foreign == 0 && is_raw_text(name);
        let drop_tag = if raw_text || does_not_nest(name) || self_closing {
            false
        } else if closing {
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
            rewrite.replace(start, tag_end, "");
        } else {
            // A space keeps what the tokenizer sees: `a/ b` does not become `a/>`.
            for &(from, to) in &cuts {
                rewrite.replace(from, to, " ");
            }
        }
        if raw_text {
            // Skip to the matching end tag; nothing inside is markup.
            let body_end = if name.eq_ignore_ascii_case(b"plaintext") {
                n
            } else {
                raw_text_end(bytes, tag_end, name)
            };
            pos = body_end;
            if unread_body(name, &bytes[start..tag_end], &bytes[tag_end..body_end]) {
                rewrite.replace(tag_end, body_end, "");
            }
        }
    }
    rewrite.finish()
}

/// Where a comment whose text starts at `from` ends, as the tokenizer ends it: `-->`,
/// `--!>`, or at once for `<!-->` and `<!--->`.
fn comment_end(bytes: &[u8], from: usize) -> usize {
    let n = bytes.len();
    if bytes.get(from) == Some(&b'>') {
        return from + 1;
    }
    if bytes[from.min(n)..].starts_with(b"->") {
        return from + 2;
    }
    let mut search = from;
    while let Some(e) = find(bytes, search, b"--") {
        match bytes.get(e + 2) {
            Some(b'>') => return e + 3,
            Some(b'!') if bytes.get(e + 3) == Some(&b'>') => return e + 4,
            _ => search = e + 1,
        }
    }
    n
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
        assert!(matches!(
            prepare_markup(page, crate::parse::Prepare::new(2, 512)),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn deep_nesting_is_flattened_and_text_kept() {
        let page = format!("{}deep text{}", "<div>".repeat(50), "</div>".repeat(50));
        let out = prepare_markup(&page, crate::parse::Prepare::new(10, 512));
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
        let dom = parse(&page, crate::parse::Prepare::new(2048, 512));
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
            prepare_markup(&page, crate::parse::Prepare::new(5, 512)),
            format!("<!--{divs}--><script></script><div>x</div>")
        );
    }

    #[test]
    fn a_hundred_thousand_attributes_are_cut_to_the_limit() {
        let attrs: String = (0..100_000).map(|i| format!(" a{i}=\"x>y\"")).collect();
        let page = format!("<div class=story{attrs}><p>Kept text.</p></div><p>After.</p>");
        let keep_all = Prepare {
            drop_unread_attributes: false,
            ..Prepare::new(2048, 512)
        };
        let bounded = prepare_markup(&page, keep_all);
        // The first 512 attributes stay, and the text after the tag is intact.
        assert!(bounded.contains(" a510=\"x>y\""));
        assert!(!bounded.contains(" a511="));
        assert!(bounded.ends_with("><p>Kept text.</p></div><p>After.</p>"));
        assert!(bounded.len() < page.len() / 100);
        for prepare in [keep_all, Prepare::new(2048, 512)] {
            let started = std::time::Instant::now();
            let dom = parse(&page, prepare);
            assert!(started.elapsed() < std::time::Duration::from_secs(2));
            let text: String = (0..dom.len() as u32).map(|i| dom.text(i)).collect();
            assert_eq!(text, "Kept text.After.");
        }
        // Long tags within the limit are left alone, quoted `>` and all.
        let long = format!("<div data-x=\"{}>\" id=a><p>t</p></div>", "z".repeat(5000));
        assert!(matches!(prepare_markup(&long, keep_all), Cow::Borrowed(_)));
    }

    #[test]
    fn unread_attributes_are_left_out() {
        let page = "<div class=\"a b\" data-x='{\"k\": \">\"}' id=main DATA-Y=1 hidden>\
                    <a href=/x onclick=\"f()\">x</a><svg><path d=\"M0 0\"/></svg>\
                    <img src=a.png srcset=\"a.png 2x\" alt=A></div>";
        let out = prepare_markup(page, Prepare::new(2048, 512));
        assert_eq!(
            out,
            "<div class=\"a b\"   id=main   hidden>\
             <a href=/x  >x</a><svg><path  /></svg>\
             <img src=a.png   alt=A></div>"
        );
        let dom = parse(page, Prepare::new(2048, 512));
        let div = (0..dom.len() as u32)
            .find(|&i| dom.tag(i) == crate::dom::Tag::Div)
            .unwrap();
        assert_eq!(dom.attr(div, "class"), Some("a b"));
        assert_eq!(dom.attr(div, "id"), Some("main"));
        assert_eq!(dom.attr(div, "hidden"), Some(""));
    }

    /// Tags and visible text of a parse, in order: what every later stage sees.
    #[test]
    fn streamed_boundaries_are_put_in_their_placeholders() {
        let page = "<body><main><h1>Title</h1><p>First.</p><template id=\"B:1\"></template>\
                    <p>Last.</p></main><div hidden id=\"S:1\"><p>Middle.</p><p>More.</p></div></body>";
        let dom = parse(page, Prepare::new(100, 512));
        let texts: Vec<&str> = (0..dom.len() as u32)
            .filter(|&i| dom.tag(i) == crate::dom::Tag::Text)
            .map(|i| dom.text(i))
            .collect();
        assert_eq!(texts, ["Title", "First.", "Middle.", "More.", "Last."]);
        let names: Vec<&str> = (0..dom.len() as u32).map(|i| dom.name(i)).collect();
        assert!(!names.contains(&"template"), "{names:?}");
        assert_eq!(
            names.iter().filter(|n| **n == "div").count(),
            0,
            "{names:?}"
        );
    }

    #[test]
    fn a_placeholder_inside_its_own_boundary_is_left_alone() {
        // Moving the boundary into itself would make a cycle: the page stays as it is.
        let page = "<body><div hidden id=\"S:1\"><p>Inside.</p><template id=\"B:1\"></template></div>\
                    <div hidden id=\"S:2\"><template id=\"B:3\"></template></div>\
                    <div hidden id=\"S:3\"><template id=\"B:2\"></template><p>Loop.</p></div></body>";
        let dom = parse(page, Prepare::new(100, 512));
        let texts: Vec<&str> = (0..dom.len() as u32)
            .filter(|&i| dom.tag(i) == crate::dom::Tag::Text)
            .map(|i| dom.text(i))
            .collect();
        assert!(texts.contains(&"Inside."), "{texts:?}");
    }

    fn shape(dom: &Dom) -> Vec<String> {
        (0..dom.len() as u32)
            .filter_map(|i| match dom.tag(i) {
                crate::dom::Tag::Text if dom.node(i).chars == 0 => None,
                crate::dom::Tag::Text => Some(dom.text(i).to_string()),
                _ => Some(format!(
                    "<{} class={:?} id={:?} href={:?} type={:?}>",
                    dom.name(i),
                    dom.attr(i, "class"),
                    dom.attr(i, "id"),
                    dom.attr(i, "href"),
                    dom.attr(i, "type"),
                )),
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
        let out = prepare_markup(page, crate::parse::Prepare::new(2048, 512));
        assert_eq!(
            out,
            "<style></style><script></script>\
             <script type=\"application/ld+json\">{\"@type\":\"Article\"}</script>\
             <script>window.data = {\"datePublished\": \"2020-01-02\"}</script>\
             <SCRIPT></SCRIPT ><p>Text</p>"
        );
        assert_eq!(
            shape(&parse(page, crate::parse::Prepare::new(2048, 512))),
            shape(&unprepared(page))
        );
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
            // Comments end where the tokenizer ends them.
            "<!--><p>Shown</p><!--->x<script>s</script><p>After</p>",
            "<!-- a --!><p>Shown</p><script>s</script><!-- b --->c",
            // Attribute syntax: what the cut attributes held never leaks or hides.
            "<div data-x=\"a>b\" class=c>T</div><div =x class=y>U</div>",
            "<div a\"b=\">\" class=z>V</div><p data-q='<script>' id=q>W</p>",
            "<p a/b class=k>X</p><svg><path a/b><text>T</text></path></svg><p>After</p>",
            "<div data-a=1data-b=2 class=d>Y</div><a href=x data-z=\"/\"/>Z</a>",
            "<input type=hidden data-v=1><table data-t=2><input type=hidden><tr><td>c</td></tr></table>",
            "</div data-x=\">\"><p>Shown</p></ x <script>>y</p>",
            // Unclosed to the end of the page.
            "<p>Shown</p><script>never closed <p>no",
            "<p>Shown</p><style>never closed",
        ] {
            assert_eq!(
                shape(&parse(page, crate::parse::Prepare::new(2048, 512))),
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
            let _ = prepare_markup(page, crate::parse::Prepare::new(1, 512));
            let _ = parse(page, crate::parse::Prepare::new(1, 2));
        }
    }
}
