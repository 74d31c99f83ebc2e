//! The document as gleaner's stages see it: a flat arena of element and text nodes in
//! document (preorder) order, built once from the html5ever tree.
//!
//! Preorder layout makes every subtree a range: node `i`'s descendants are exactly
//! `i + 1 .. nodes[i].end`. Bottom-up sums are a reverse loop, "skip this subtree" is a
//! jump to `end`, and no stage ever recurses, however deep the page nests.

use scraper::{Html, Node as HtmlNode};

/// Index of a node in [`Dom::nodes`].
pub type NodeIx = u32;

/// Marks "no parent" (the root).
pub const NO_PARENT: NodeIx = NodeIx::MAX;

/// What a node is: the tags the pipeline treats specially, or `Other`.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// The document itself (index 0).
    Root,
    /// A run of text.
    Text,
    Html,
    Head,
    Body,
    Title,
    A,
    P,
    Div,
    Span,
    Section,
    Article,
    Main,
    Header,
    Footer,
    Nav,
    Aside,
    Menu,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Table,
    Thead,
    Tbody,
    Tfoot,
    Tr,
    Td,
    Th,
    Caption,
    Blockquote,
    Pre,
    Code,
    Figure,
    Figcaption,
    Img,
    Picture,
    Br,
    Hr,
    Form,
    Fieldset,
    Address,
    Details,
    Summary,
    Center,
    Em,
    I,
    Strong,
    B,
    Sup,
    Sub,
    Time,
    Font,
    Small,
    Abbr,
    Cite,
    Q,
    Mark,
    U,
    S,
    Del,
    Ins,
    Kbd,
    Samp,
    Var,
    Label,
    Hgroup,
    Noscript,
    /// Any element not named above. Kept last: [`Tag::COUNT`] counts the tags up to it.
    Other,
}

impl Tag {
    /// How many tags there are: a table indexed by `tag as usize` has this many entries.
    pub const COUNT: usize = Tag::Other as usize + 1;

    /// The tag for an element's local name (lowercase, as html5ever gives it).
    pub fn from_name(name: &str) -> Tag {
        use Tag::*;
        match name {
            "html" => Html,
            "head" => Head,
            "body" => Body,
            "title" => Title,
            "a" => A,
            "p" => P,
            "div" => Div,
            "span" => Span,
            "section" => Section,
            "article" => Article,
            "main" => Main,
            "header" => Header,
            "footer" => Footer,
            "nav" => Nav,
            "aside" => Aside,
            "menu" => Menu,
            "h1" => H1,
            "h2" => H2,
            "h3" => H3,
            "h4" => H4,
            "h5" => H5,
            "h6" => H6,
            "ul" => Ul,
            "ol" => Ol,
            "li" => Li,
            "dl" => Dl,
            "dt" => Dt,
            "dd" => Dd,
            "table" => Table,
            "thead" => Thead,
            "tbody" => Tbody,
            "tfoot" => Tfoot,
            "tr" => Tr,
            "td" => Td,
            "th" => Th,
            "caption" => Caption,
            "blockquote" => Blockquote,
            "pre" => Pre,
            "code" => Code,
            "figure" => Figure,
            "figcaption" => Figcaption,
            "img" => Img,
            "picture" => Picture,
            "br" => Br,
            "hr" => Hr,
            "form" => Form,
            "fieldset" => Fieldset,
            "address" => Address,
            "details" => Details,
            "summary" => Summary,
            "center" => Center,
            "em" => Em,
            "i" => I,
            "strong" => Strong,
            "b" => B,
            "sup" => Sup,
            "sub" => Sub,
            "time" => Time,
            "font" => Font,
            "small" => Small,
            "abbr" => Abbr,
            "cite" => Cite,
            "q" => Q,
            "mark" => Mark,
            "u" => U,
            "s" => S,
            "del" => Del,
            "ins" => Ins,
            "kbd" => Kbd,
            "samp" => Samp,
            "var" => Var,
            "label" => Label,
            "hgroup" => Hgroup,
            "noscript" => Noscript,
            _ => Other,
        }
    }

    /// Whether the element starts a new block of text (words never run across it).
    pub fn is_block(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Root | Html
                | Body
                | P
                | Div
                | Section
                | Article
                | Main
                | Header
                | Footer
                | Nav
                | Aside
                | Menu
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Ul
                | Ol
                | Li
                | Dl
                | Dt
                | Dd
                | Table
                | Thead
                | Tbody
                | Tfoot
                | Tr
                | Td
                | Th
                | Caption
                | Blockquote
                | Pre
                | Figure
                | Figcaption
                | Hr
                | Form
                | Fieldset
                | Address
                | Details
                | Summary
                | Center
                | Hgroup
                | Title
                | Head
        )
    }

    /// Heading level 1–6, or 0.
    pub fn heading_level(self) -> u8 {
        match self {
            Tag::H1 => 1,
            Tag::H2 => 2,
            Tag::H3 => 3,
            Tag::H4 => 4,
            Tag::H5 => 5,
            Tag::H6 => 6,
            _ => 0,
        }
    }
}

/// One node of the arena.
#[derive(Debug, Clone, Copy)]
pub struct Node {
    /// What the node is.
    pub tag: Tag,
    /// The parent's index, or [`NO_PARENT`].
    pub parent: NodeIx,
    /// One past the last descendant.
    pub end: NodeIx,
    /// Text nodes: characters that are not whitespace.
    pub chars: u32,
    /// Text nodes: commas and other clause punctuation, in any script.
    pub commas: u32,
    /// Elements: which of [`parse::READ_ATTRIBUTES`] the element has, one bit each
    /// ([`attribute_bit`]), so that asking for an absent one (most asks) is one test.
    ///
    /// [`parse::READ_ATTRIBUTES`]: crate::parse::READ_ATTRIBUTES
    attributes: u32,
    /// The node in the html5ever tree, for attributes and text.
    src: ego_tree::NodeId,
}

/// The bit of an attribute in [`Node`]'s set: its place in
/// [`parse::READ_ATTRIBUTES`], or every bit for a name not there (a site rule's
/// selector may read any attribute when the parse keeps them all).
///
/// [`parse::READ_ATTRIBUTES`]: crate::parse::READ_ATTRIBUTES
#[inline(always)]
fn attribute_bit(name: &str) -> u32 {
    match attribute_place(name) {
        Some(place) => 1 << place,
        None => u32::MAX,
    }
}

/// The interned names of [`parse::READ_ATTRIBUTES`], in its order: an attribute is
/// found by comparing atoms (one integer), not strings.
///
/// [`parse::READ_ATTRIBUTES`]: crate::parse::READ_ATTRIBUTES
const ATTRIBUTE_ATOMS: [html5ever::LocalName; 26] = [
    html5ever::local_name!("alt"),
    html5ever::local_name!("aria-controls"),
    html5ever::local_name!("aria-hidden"),
    html5ever::local_name!("charset"),
    html5ever::local_name!("class"),
    html5ever::local_name!("color"),
    html5ever::local_name!("content"),
    html5ever::local_name!("datetime"),
    html5ever::local_name!("encoding"),
    html5ever::local_name!("face"),
    html5ever::local_name!("hidden"),
    html5ever::local_name!("href"),
    html5ever::local_name!("http-equiv"),
    html5ever::local_name!("id"),
    html5ever::local_name!("itemprop"),
    html5ever::local_name!("lang"),
    html5ever::local_name!("name"),
    html5ever::local_name!("property"),
    html5ever::local_name!("rel"),
    html5ever::local_name!("role"),
    html5ever::local_name!("shadowrootmode"),
    html5ever::local_name!("size"),
    html5ever::local_name!("src"),
    html5ever::local_name!("start"),
    html5ever::local_name!("style"),
    html5ever::local_name!("type"),
];

/// `name`'s place in [`parse::READ_ATTRIBUTES`].
///
/// [`parse::READ_ATTRIBUTES`]: crate::parse::READ_ATTRIBUTES
#[inline(always)]
fn attribute_place(name: &str) -> Option<usize> {
    // Written out, in the list's order, so that a literal name folds to a constant.
    let place = match name {
        "alt" => 0,
        "aria-controls" => 1,
        "aria-hidden" => 2,
        "charset" => 3,
        "class" => 4,
        "color" => 5,
        "content" => 6,
        "datetime" => 7,
        "encoding" => 8,
        "face" => 9,
        "hidden" => 10,
        "href" => 11,
        "http-equiv" => 12,
        "id" => 13,
        "itemprop" => 14,
        "lang" => 15,
        "name" => 16,
        "property" => 17,
        "rel" => 18,
        "role" => 19,
        "shadowrootmode" => 20,
        "size" => 21,
        "src" => 22,
        "start" => 23,
        "style" => 24,
        "type" => 25,
        _ => return None,
    };
    Some(place)
}

/// A parsed page.
pub struct Dom {
    html: Html,
    /// All element and text nodes, in preorder; index 0 is the document.
    pub nodes: Vec<Node>,
}

impl Dom {
    /// Builds the arena from an html5ever tree, in one iterative walk.
    pub fn from_html(html: Html) -> Dom {
        let mut nodes: Vec<Node> = Vec::with_capacity(html.tree.values().len());
        let mut open: Vec<NodeIx> = Vec::new();
        for edge in html.tree.root().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(node) => {
                    let (tag, chars, commas) = match node.value() {
                        HtmlNode::Document | HtmlNode::Fragment => (Tag::Root, 0, 0),
                        HtmlNode::Element(e) => (Tag::from_name(e.name()), 0, 0),
                        // The text of a script or style is never shown: not counted
                        // (it is often most of a page's bytes). Nor is a graphic's
                        // name or description, only read out or shown on hover.
                        HtmlNode::Text(_) if is_unshown_text(node) => (Tag::Text, 0, 0),
                        HtmlNode::Text(t) => {
                            let (chars, commas) = count_text(t);
                            (Tag::Text, chars, commas)
                        }
                        _ => continue,
                    };
                    let ix = nodes.len() as NodeIx;
                    let attributes = match node.value() {
                        HtmlNode::Element(e) => e
                            .attrs
                            .iter()
                            .filter(|(k, _)| k.ns == html5ever::ns!())
                            .fold(0, |set, (k, _)| set | attribute_bit(&k.local)),
                        _ => 0,
                    };
                    nodes.push(Node {
                        tag,
                        parent: open.last().copied().unwrap_or(NO_PARENT),
                        end: ix + 1,
                        chars,
                        commas,
                        attributes,
                        src: node.id(),
                    });
                    open.push(ix);
                }
                ego_tree::iter::Edge::Close(node) => {
                    if matches!(
                        node.value(),
                        HtmlNode::Document
                            | HtmlNode::Fragment
                            | HtmlNode::Element(_)
                            | HtmlNode::Text(_)
                    ) && let Some(ix) = open.pop()
                    {
                        nodes[ix as usize].end = nodes.len() as NodeIx;
                    }
                }
            }
        }
        Dom { html, nodes }
    }

    /// The elements a CSS selector matches, in page order.
    pub fn select(&self, selector: &scraper::Selector) -> Vec<NodeIx> {
        let ids: std::collections::HashSet<ego_tree::NodeId> =
            self.html.select(selector).map(|e| e.id()).collect();
        if ids.is_empty() {
            return Vec::new();
        }
        (0..self.nodes.len() as NodeIx)
            .filter(|&i| ids.contains(&self.nodes[i as usize].src))
            .collect()
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the arena is empty (never, after a parse: the root is always there).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node at `ix`.
    #[inline]
    pub fn node(&self, ix: NodeIx) -> &Node {
        &self.nodes[ix as usize]
    }

    /// The tag of `ix`.
    #[inline]
    pub fn tag(&self, ix: NodeIx) -> Tag {
        self.nodes[ix as usize].tag
    }

    /// The element's local name (lowercase), or "" for text and the root.
    pub fn name(&self, ix: NodeIx) -> &str {
        match self.html_node(ix) {
            Some(HtmlNode::Element(e)) => e.name(),
            _ => "",
        }
    }

    /// The value of attribute `name` on element `ix`. The parse keeps only the
    /// attributes some stage reads: `name` must be one of [`parse::READ_ATTRIBUTES`].
    ///
    /// [`parse::READ_ATTRIBUTES`]: crate::parse::READ_ATTRIBUTES
    // Always inlined, so that a literal `name`'s bit folds to a constant: called, the
    // match on the name is a jump through a table on every ask (callgrind: a sixth of
    // the program's mispredicted indirect branches).
    #[inline(always)]
    pub fn attr(&self, ix: NodeIx, name: &str) -> Option<&str> {
        debug_assert!(
            crate::parse::is_read_attribute(name.as_bytes()),
            "attribute {name:?} is read but the parse leaves it out: add it to READ_ATTRIBUTES"
        );
        if self.nodes[ix as usize].attributes & attribute_bit(name) == 0 {
            return None;
        }
        self.attr_value(ix, name)
    }

    /// [`Dom::attr`]'s lookup in the html5ever tree, for an attribute the element has.
    fn attr_value(&self, ix: NodeIx, name: &str) -> Option<&str> {
        match self.html_node(ix) {
            // A scan of the few attributes by name: scraper's own lookup interns
            // `name` as an atom first (a hash and a table probe), on every call.
            Some(HtmlNode::Element(e)) => match attribute_place(name) {
                Some(place) => {
                    let atom = &ATTRIBUTE_ATOMS[place];
                    e.attrs
                        .iter()
                        .find(|(k, _)| k.local == *atom && k.ns == html5ever::ns!())
                        .map(|(_, v)| &**v)
                }
                None => e
                    .attrs
                    .iter()
                    .find(|(k, _)| k.ns == html5ever::ns!() && &*k.local == name)
                    .map(|(_, v)| &**v),
            },
            _ => None,
        }
    }

    /// The text of a text node ("" for anything else).
    pub fn text(&self, ix: NodeIx) -> &str {
        match self.html_node(ix) {
            Some(HtmlNode::Text(t)) => t,
            _ => "",
        }
    }

    fn html_node(&self, ix: NodeIx) -> Option<&HtmlNode> {
        let src = self.nodes.get(ix as usize)?.src;
        self.html.tree.get(src).map(|n| n.value())
    }

    /// The children of `ix`, in order.
    pub fn children(&self, ix: NodeIx) -> Children<'_> {
        Children {
            dom: self,
            next: ix + 1,
            end: self.nodes[ix as usize].end,
        }
    }

    /// Whether `anc` is `ix` or one of its ancestors.
    #[inline]
    pub fn contains(&self, anc: NodeIx, ix: NodeIx) -> bool {
        anc <= ix && ix < self.nodes[anc as usize].end
    }

    /// The first letter or digit of a subtree's text (as phrases are normalised:
    /// words are runs of letters, digits and apostrophes).
    pub fn first_word_char(&self, ix: NodeIx) -> Option<char> {
        let end = self.nodes[ix as usize].end;
        (ix..end)
            .filter(|&i| self.tag(i) == Tag::Text && self.nodes[i as usize].chars > 0)
            .find_map(|i| {
                self.text(i)
                    .chars()
                    .find(|c| c.is_alphanumeric() || *c == '\'')
            })
    }

    /// The whole text of a subtree, whitespace folded, for short texts such as headings.
    pub fn collapsed_text(&self, ix: NodeIx) -> String {
        let mut out = String::new();
        let end = self.nodes[ix as usize].end;
        for i in ix..end {
            // (Text without visible characters: blank, or a script's or style's.)
            if self.tag(i) == Tag::Text && self.nodes[i as usize].chars > 0 {
                for word in words(self.text(i)) {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
            }
        }
        out
    }
}

/// Iterator over the children of a node.
pub struct Children<'a> {
    dom: &'a Dom,
    next: NodeIx,
    end: NodeIx,
}

impl Iterator for Children<'_> {
    type Item = NodeIx;
    fn next(&mut self) -> Option<NodeIx> {
        if self.next >= self.end {
            return None;
        }
        let ix = self.next;
        self.next = self.dom.nodes[ix as usize].end;
        Some(ix)
    }
}

/// Whether a text node is the content of a `<script>` or `<style>`, or the `<title>`
/// or `<desc>` of an SVG graphic (a logo's "Stripe logo", an icon's "Share"): text a
/// reader never sees on the page.
fn is_unshown_text(node: ego_tree::NodeRef<'_, HtmlNode>) -> bool {
    node.parent()
        .and_then(|p| p.value().as_element())
        .is_some_and(|e| {
            matches!(e.name(), "script" | "style")
                || (e.name.ns == html5ever::ns!(svg) && matches!(e.name(), "title" | "desc"))
        })
}

/// Whether `text` has whitespace (as `char::is_whitespace` has it) at byte `at`, a
/// character boundary, and that character's length. An ASCII byte is judged as it is;
/// only a multi-byte character is decoded.
#[inline]
fn space_at(text: &str, at: usize) -> (bool, usize) {
    let b = text.as_bytes()[at];
    if b.is_ascii() {
        return (
            matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'),
            1,
        );
    }
    // Only characters led by these bytes can be whitespace (U+0085, U+00A0, U+1680,
    // U+2000 to U+205F, U+3000); the rest of the text (CJK, Cyrillic, ...) is skipped
    // by its lead byte's length.
    if matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)
        && let Some(c) = text.get(at..).and_then(|t| t.chars().next())
    {
        return (c.is_whitespace(), c.len_utf8());
    }
    let len = match b {
        0xF0.. => 4,
        0xE0.. => 3,
        _ => 2,
    };
    (false, len)
}

/// The words of a text, as [`str::split_whitespace`] gives them, found by a byte scan
/// (text is split for every output block and every fingerprint, so this runs over most
/// of a page's words).
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        at: 0,
        ended_spaced: false,
    }
}

/// Iterator of [`words`]; it also tells whether whitespace followed the last word.
pub struct Words<'a> {
    text: &'a str,
    at: usize,
    ended_spaced: bool,
}

impl<'a> Words<'a> {
    /// The next word, and whether whitespace came before it.
    #[inline]
    pub fn next_spaced(&mut self) -> Option<(&'a str, bool)> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let mut i = self.at;
        let mut spaced = false;
        while i < len {
            let (space, n) = space_at(self.text, i);
            if !space {
                break;
            }
            spaced = true;
            i += n;
        }
        if i >= len {
            self.at = len;
            self.ended_spaced |= spaced;
            return None;
        }
        let start = i;
        while i < len {
            // Printable ASCII, most of a word's bytes, in a tight loop.
            while i < len && bytes[i].wrapping_sub(0x21) < 0x5e {
                i += 1;
            }
            if i >= len {
                break;
            }
            let (space, n) = space_at(self.text, i);
            if space {
                break;
            }
            i += n;
        }
        self.at = i;
        self.text.get(start..i).map(|w| (w, spaced))
    }

    /// Once the words have run out: whether whitespace came after the last one (or
    /// made up the whole text).
    pub fn trailing_space(&self) -> bool {
        self.ended_spaced
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;
    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        self.next_spaced().map(|(w, _)| w)
    }
}

/// Non-whitespace characters and clause punctuation of a text.
fn count_text(text: &str) -> (u32, u32) {
    let bytes = text.as_bytes();
    let mut chars = 0u32;
    let mut commas = 0u32;
    let mut i = 0;
    // Runs of ASCII are counted by simple reductions the compiler vectorises; a
    // multi-byte char is decoded only where one starts (every text byte of the page
    // passes through here).
    while i < bytes.len() {
        let run = bytes[i..]
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(bytes.len() - i);
        let ascii = &bytes[i..i + run];
        // ASCII whitespace as `char::is_whitespace` has it (with \x0B).
        let spaces = ascii
            .iter()
            .filter(|&&b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'))
            .count();
        chars += (run - spaces) as u32;
        commas += ascii.iter().filter(|&&b| b == b',' || b == b';').count() as u32;
        i += run;
        if let Some(c) = text.get(i..).and_then(|t| t.chars().next()) {
            if !c.is_whitespace() {
                chars += 1;
                commas += u32::from(matches!(c, '，' | '、' | '،' | '؛'));
            }
            i += c.len_utf8();
        }
    }
    (chars, commas)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_agree_with_split_whitespace() {
        for text in [
            "",
            " ",
            "one",
            "  One, two;\tthree \t\n",
            "\u{a0}Ünïcödé\u{2003}中文\u{3000}标点 \x0bx\x1cy\u{85}z\u{200b}w\u{feff}",
            "a\u{2028}b\u{202f}c\u{205f}d\u{1680}e\u{a0}",
            "Кириллица\u{2009}текст 日本語の文章\u{3000}です 😀\u{1f600}x\u{e000}",
        ] {
            let ours: Vec<&str> = words(text).collect();
            let std: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(ours, std, "{text:?}");
            let mut w = words(text);
            while w.next_spaced().is_some() {}
            assert_eq!(
                w.trailing_space(),
                text.ends_with(char::is_whitespace),
                "{text:?}"
            );
        }
    }

    #[test]
    fn words_part_at_every_whitespace_character_and_no_other() {
        let mut text = String::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            text.clear();
            text.push('a');
            text.push(c);
            text.push('b');
            let ours: Vec<&str> = words(&text).collect();
            let std: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(ours, std, "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn text_counts_agree_with_chars() {
        for text in [
            "",
            "  One, two; three \t\n",
            "\u{a0}Ünïcödé, 中文，标点、符号\u{3000}عربي، نص؛ \x0b\x1c",
        ] {
            let chars = text.chars().filter(|c| !c.is_whitespace()).count() as u32;
            let commas = text
                .chars()
                .filter(|c| matches!(c, ',' | '，' | '、' | '،' | '؛' | ';'))
                .count() as u32;
            assert_eq!(count_text(text), (chars, commas), "{text:?}");
        }
    }

    #[test]
    fn heading_text_leaves_out_scripts_and_styles() {
        let dom = Dom::from_html(Html::parse_document(
            "<h1><a>Brand</a><style>.x{color:red}</style> <span>Name</span>\
             <script>var y = 1;</script></h1>",
        ));
        let h1 = (0..dom.len() as NodeIx)
            .find(|&i| dom.tag(i) == Tag::H1)
            .unwrap();
        assert_eq!(dom.collapsed_text(h1), "Brand Name");
        assert_eq!(dom.collapsed_text_limited(h1, 100), "Brand Name");
    }

    #[test]
    fn a_graphics_name_is_not_shown_text_but_the_pages_title_is() {
        let dom = Dom::from_html(Html::parse_document(
            "<title>Payments</title><h1><a><svg><title>Brand logo</title><desc>A mark</desc>\
             <text>Brand</text></svg></a> Payments</h1>",
        ));
        let first = |tag| {
            (0..dom.len() as NodeIx)
                .find(|&i| dom.tag(i) == tag)
                .unwrap()
        };
        assert_eq!(dom.collapsed_text(first(Tag::Title)), "Payments");
        assert_eq!(dom.collapsed_text(first(Tag::H1)), "Brand Payments");
    }

    #[test]
    fn preorder_ranges_hold_subtrees() {
        let dom = Dom::from_html(Html::parse_document(
            "<html><body><div id=a><p>One, two</p><p>x</p></div><span>y</span></body></html>",
        ));
        let div = (0..dom.len() as NodeIx)
            .find(|&i| dom.tag(i) == Tag::Div)
            .unwrap();
        let kids: Vec<Tag> = dom.children(div).map(|c| dom.tag(c)).collect();
        assert_eq!(kids, vec![Tag::P, Tag::P]);
        assert_eq!(dom.attr(div, "id"), Some("a"));
        assert_eq!(dom.collapsed_text(div), "One, two x");
        let span = (0..dom.len() as NodeIx)
            .find(|&i| dom.tag(i) == Tag::Span)
            .unwrap();
        assert!(!dom.contains(div, span));
        let text = div + 2;
        assert_eq!(dom.node(text).chars, 7);
        assert_eq!(dom.node(text).commas, 1);
        assert_eq!(dom.node(text).parent, div + 1);
    }
}

#[cfg(test)]
mod attribute_tests {
    use super::*;

    #[test]
    fn every_read_attribute_has_its_own_bit() {
        let mut seen = 0u32;
        for name in crate::parse::READ_ATTRIBUTES {
            let bit = attribute_bit(name);
            assert_eq!(bit.count_ones(), 1, "{name} has no bit of its own");
            assert_eq!(seen & bit, 0, "{name} shares a bit");
            seen |= bit;
        }
        assert_eq!(attribute_bit("data-src"), u32::MAX);
    }

    #[test]
    fn every_read_attribute_has_its_atom_in_place() {
        assert_eq!(ATTRIBUTE_ATOMS.len(), crate::parse::READ_ATTRIBUTES.len());
        for name in crate::parse::READ_ATTRIBUTES {
            let place = attribute_place(name).expect("a place");
            assert_eq!(&*ATTRIBUTE_ATOMS[place], *name);
        }
    }

    #[test]
    fn attributes_are_found_by_their_bits() {
        let dom = crate::parse::parse(
            "<div class='a b' id=x><p lang=fr>t</p></div>",
            crate::parse::Prepare::new(1000, 100),
        );
        let div = (0..dom.len() as NodeIx)
            .find(|&i| dom.tag(i) == Tag::Div)
            .unwrap();
        assert_eq!(dom.attr(div, "class"), Some("a b"));
        assert_eq!(dom.attr(div, "id"), Some("x"));
        assert_eq!(dom.attr(div, "lang"), None);
        assert_eq!(dom.attr(div + 1, "lang"), Some("fr"));
        assert_eq!(dom.attr(div + 1, "class"), None);
    }
}

/// Text measures of one subtree, counting only what is not removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextStat {
    /// Characters that are not whitespace.
    pub chars: u32,
    /// Of those, characters inside links.
    pub link_chars: u32,
    /// Clause punctuation.
    pub commas: u32,
    /// Links (`<a>` elements with text).
    pub links: u32,
}

impl TextStat {
    /// Share of the text that sits inside links.
    pub fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            f64::from(self.link_chars) / f64::from(self.chars)
        }
    }
}

/// Measures every subtree in one bottom-up pass; removed subtrees count as empty.
pub fn text_stats(dom: &Dom, removed: &[bool]) -> Vec<TextStat> {
    let n = dom.len();
    // Preorder: a node is inside a link when it is one or its parent is.
    let mut in_link = vec![false; n];
    for i in 0..n {
        let node = &dom.nodes[i];
        in_link[i] =
            node.tag == Tag::A || (node.parent != NO_PARENT && in_link[node.parent as usize]);
    }
    let mut stats = vec![TextStat::default(); n];
    for i in (0..n).rev() {
        if removed[i] {
            stats[i] = TextStat::default();
            continue;
        }
        let node = &dom.nodes[i];
        if node.tag == Tag::Text {
            stats[i].chars += node.chars;
            stats[i].commas += node.commas;
            if in_link[i] {
                stats[i].link_chars += node.chars;
            }
        }
        if node.tag == Tag::A && stats[i].chars > 0 {
            stats[i].links += 1;
        }
        if node.parent != NO_PARENT {
            let s = stats[i];
            let p = &mut stats[node.parent as usize];
            p.chars += s.chars;
            p.link_chars += s.link_chars;
            p.commas += s.commas;
            p.links += s.links;
        }
    }
    stats
}

impl Dom {
    /// Like [`Dom::collapsed_text`], but stops after about `limit` bytes.
    pub fn collapsed_text_limited(&self, ix: NodeIx, limit: usize) -> String {
        let mut out = String::new();
        let end = self.nodes[ix as usize].end;
        for i in ix..end {
            // (Text without visible characters: blank, or a script's or style's.)
            if self.tag(i) == Tag::Text && self.nodes[i as usize].chars > 0 {
                for word in words(self.text(i)) {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
                if out.len() > limit {
                    break;
                }
            }
        }
        out
    }
}
