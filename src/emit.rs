//! Stage 7, emit: the kept subtrees as blocks, then as plain text or Markdown.
//!
//! One walk over the kept nodes builds a list of [`Block`]s (paragraph, heading, list
//! item, code, table row), with whitespace folded, entities already decoded by the
//! parser, and a block boundary wherever the page has one, so words are never glued
//! across blocks. The renderers only lay the blocks out.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::dom::{Dom, NO_PARENT, NodeIx, Tag, TextStat};

/// What kind of block a run of text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph.
    Para,
    /// A heading of level 1–6.
    Heading(u8),
    /// A list item; `marker` is `None` for a continuation paragraph of the item.
    Item {
        /// Nesting depth of the list, from 0.
        depth: usize,
        /// "-" or "N." for the item's first block.
        marker: Option<String>,
    },
    /// Preformatted text, kept verbatim.
    Code,
    /// A table row; the cells are in `Block::cells`.
    Row {
        /// Whether the row is a header row.
        header: bool,
    },
}

/// One block of the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Its kind.
    pub kind: BlockKind,
    /// Its text (Markdown-escaped with inline markup when built for Markdown).
    pub text: String,
    /// Table cells, for rows.
    pub cells: Vec<String>,
    /// Block-quote depth.
    pub quote: usize,
    /// The block's words at its place in the page (the tags of its block-level
    /// ancestors), the same whatever the output style: site templates recognise a
    /// block by it (see [`crate::template`]). 0 when the input had no markup.
    pub fingerprint: u64,
}

/// How the walk renders inline content.
#[derive(Debug, Clone, Copy, Default)]
pub struct InlineStyle {
    /// Build Markdown inline markup (emphasis, code, escapes).
    pub markdown: bool,
    /// Keep links as `[text](url)` (Markdown only).
    pub links: bool,
    /// Keep images as `![alt](src)` (Markdown only).
    pub images: bool,
}

enum Close {
    Nothing,
    Block,
    Pre,
    Quote,
    List,
    Row,
    Cell,
    Table,
    Marker(&'static str),
    Link(String),
}

struct Walker<'a> {
    dom: &'a Dom,
    style: InlineStyle,
    blocks: Vec<Block>,
    buf: String,
    pending_space: bool,
    kinds: Vec<BlockKind>,
    lists: Vec<(bool, usize)>,
    item_started: Vec<bool>,
    quote: usize,
    pre: usize,
    tables: usize,
    row: Option<(Vec<String>, bool)>,
    cell: Option<String>,
    /// The words of the text since the last block ended.
    words: FxHasher,
    /// The words of the cells of the row being built.
    row_words: FxHasher,
    /// The place of each open block-level element (see [`place`]).
    places: Vec<u64>,
    /// Only fingerprints are wanted ([`fingerprints`]): no blocks are built.
    prints_only: bool,
    prints: Vec<u64>,
}

/// Leaves out each block inside a quotation that reads word for word as an earlier
/// block of at least `min_chars` bytes: a reply quoting a post the thread already
/// holds, a pull quote repeating a line of the story. The first telling stays.
/// Returns the blocks left out.
pub fn drop_quoted_copies(blocks: &mut Vec<Block>, min_chars: usize) -> Vec<Block> {
    if !blocks.iter().any(|b| b.quote > 0) {
        return Vec::new();
    }
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let mut copies = vec![false; blocks.len()];
    for (b, copy) in blocks.iter().zip(copies.iter_mut()) {
        if b.text.len() < min_chars || !matches!(b.kind, BlockKind::Para | BlockKind::Item { .. }) {
            continue;
        }
        *copy = !seen.insert(b.text.as_str()) && b.quote > 0;
    }
    take_marked(blocks, &copies)
}

/// Takes the blocks marked in `marked` out of `blocks`, in order.
fn take_marked(blocks: &mut Vec<Block>, marked: &[bool]) -> Vec<Block> {
    let mut taken = Vec::new();
    let mut kept = Vec::with_capacity(blocks.len());
    for (b, &m) in std::mem::take(blocks).into_iter().zip(marked) {
        if m { taken.push(b) } else { kept.push(b) }
    }
    *blocks = kept;
    taken
}

/// Leaves out every paragraph of at least `min_chars` bytes that reads word for word
/// the same at least `min_repeats` times: on a forum thread, the furniture around each
/// post (its author's join date and post count, a signature, a "Report" link), not
/// what anyone wrote. Returns the blocks left out.
pub fn drop_post_furniture(
    blocks: &mut Vec<Block>,
    min_repeats: usize,
    min_chars: usize,
) -> Vec<Block> {
    let counted = |b: &Block| {
        b.text.len() >= min_chars
            && matches!(
                b.kind,
                BlockKind::Para | BlockKind::Item { .. } | BlockKind::Heading(_)
            )
    };
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for b in blocks.iter().filter(|b| counted(b)) {
        *counts.entry(b.text.as_str()).or_default() += 1;
    }
    let furniture: Vec<bool> = blocks
        .iter()
        .map(|b| {
            counted(b)
                && counts
                    .get(b.text.as_str())
                    .is_some_and(|&n| n >= min_repeats.max(2))
        })
        .collect();
    take_marked(blocks, &furniture)
}

/// Builds the blocks of the kept subtrees `roots`, skipping `removed` nodes.
pub fn blocks(
    dom: &Dom,
    roots: &[NodeIx],
    removed: &[bool],
    stats: &[TextStat],
    style: InlineStyle,
) -> Vec<Block> {
    walk(dom, roots, removed, stats, style, false).blocks
}

/// The fingerprints of every block of the page, kept or not, as [`blocks`] would
/// give them were the whole page kept: what a site template is learned from.
/// Sorted, each once.
pub fn fingerprints(dom: &Dom, stats: &[TextStat]) -> Vec<u64> {
    if dom.is_empty() {
        return Vec::new();
    }
    let none = vec![false; dom.len()];
    let mut prints = walk(dom, &[0], &none, stats, InlineStyle::default(), true).prints;
    prints.sort_unstable();
    prints.dedup();
    prints
}

fn walk<'a>(
    dom: &'a Dom,
    roots: &[NodeIx],
    removed: &[bool],
    stats: &[TextStat],
    style: InlineStyle,
    prints_only: bool,
) -> Walker<'a> {
    let mut w = Walker {
        dom,
        style,
        blocks: Vec::new(),
        buf: String::new(),
        pending_space: false,
        kinds: vec![BlockKind::Para],
        lists: Vec::new(),
        item_started: Vec::new(),
        quote: 0,
        pre: 0,
        tables: 0,
        row: None,
        cell: None,
        words: FxHasher::default(),
        row_words: FxHasher::default(),
        places: Vec::new(),
        prints_only,
        prints: Vec::new(),
    };
    for &root in roots {
        // (node, how it closes, whether it opened a place)
        let mut stack: Vec<(NodeIx, Close, bool)> = Vec::new();
        w.places.clear();
        w.places.push(place(dom, dom.node(root).parent));
        let end = dom.node(root).end;
        let mut i = root;
        while i < end {
            while let Some((open, _, _)) = stack.last() {
                if dom.node(*open).end > i {
                    break;
                }
                if let Some((_, close, placed)) = stack.pop() {
                    w.close(close);
                    if placed {
                        w.places.pop();
                    }
                }
            }
            if removed[i as usize] {
                // A block left out still parted the text around it.
                if dom.tag(i).is_block() {
                    if w.pre > 0 {
                        w.buf.push('\n');
                    } else {
                        w.pending_space = true;
                    }
                }
                i = dom.node(i).end;
                continue;
            }
            let tag = dom.tag(i);
            if prints_only && tag == Tag::Text && dom.node(i).chars == 0 {
                // Whitespace, or the text of a script or style (often most of a
                // page): no words, so no part of any fingerprint.
                i += 1;
                continue;
            }
            let close = w.open(i, stats);
            let placed = tag.is_block();
            if placed {
                let outer = w.places.last().copied().unwrap_or(0);
                w.places.push(place_step(outer, tag));
            }
            // A node with nothing to close (a text, most inline elements) stays off
            // the stack.
            if placed || !matches!(close, Close::Nothing) {
                stack.push((i, close, placed));
            }
            i += 1;
        }
        while let Some((_, close, placed)) = stack.pop() {
            w.close(close);
            if placed {
                w.places.pop();
            }
        }
        w.flush();
    }
    w
}

/// Where a node sits, as a hash of the tags of its block-level ancestors and itself
/// (inline wrappers left out, as they come and go between pages of one site).
fn place(dom: &Dom, ix: NodeIx) -> u64 {
    let mut chain = Vec::new();
    let mut at = ix;
    while at != NO_PARENT && (at as usize) < dom.len() {
        let tag = dom.tag(at);
        if tag.is_block() {
            chain.push(tag);
        }
        at = dom.node(at).parent;
    }
    chain.iter().rev().fold(0, |h, &t| place_step(h, t))
}

fn place_step(outer: u64, tag: Tag) -> u64 {
    let mut h = FxHasher::default();
    h.write_u64(outer);
    h.write_u8(tag as u8);
    h.finish()
}

impl Walker<'_> {
    fn open(&mut self, ix: NodeIx, stats: &[TextStat]) -> Close {
        let dom = self.dom;
        let tag = dom.tag(ix);
        match tag {
            Tag::Text => {
                self.push_text(dom.text(ix));
                Close::Nothing
            }
            Tag::Br => {
                // Two line breaks in a row separate paragraphs.
                if self.pre == 0 && (self.buf.ends_with('\n')) {
                    self.buf.pop();
                    if self.buf.ends_with('\\') {
                        self.buf.pop();
                    }
                    self.flush();
                    return Close::Nothing;
                }
                if self.style.markdown && self.pre == 0 {
                    self.buf.push_str("\\\n");
                } else {
                    self.buf.push('\n');
                }
                self.pending_space = false;
                Close::Nothing
            }
            Tag::Img => {
                if self.style.markdown
                    && self.style.images
                    && let Some(src) = dom.attr(ix, "src").filter(|s| !s.starts_with("data:"))
                {
                    let alt = escape_md(dom.attr(ix, "alt").unwrap_or(""));
                    self.push_raw(&format!("![{alt}]({})", md_url(src)));
                }
                Close::Nothing
            }
            Tag::Pre => {
                self.flush();
                self.pre += 1;
                self.kinds.push(BlockKind::Code);
                Close::Pre
            }
            Tag::Blockquote => {
                self.flush();
                self.quote += 1;
                Close::Quote
            }
            Tag::Ul | Tag::Ol => {
                self.flush();
                let start = dom
                    .attr(ix, "start")
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(1usize);
                self.lists.push((tag == Tag::Ol, start));
                Close::List
            }
            Tag::Li => {
                self.flush();
                let depth = self.lists.len().saturating_sub(1);
                if self.prints_only {
                    // No block is built: no marker to write (a page's menus hold
                    // hundreds of items).
                    self.kinds.push(BlockKind::Item {
                        depth,
                        marker: None,
                    });
                    return Close::Block;
                }
                let marker = match self.lists.last_mut() {
                    Some((true, n)) => {
                        let m = format!("{n}.");
                        *n += 1;
                        m
                    }
                    _ => "-".to_string(),
                };
                self.kinds.push(BlockKind::Item {
                    depth,
                    marker: Some(marker),
                });
                self.item_started.push(false);
                Close::Block
            }
            Tag::Table if is_data_table(dom, ix, stats) => {
                self.flush();
                self.tables += 1;
                Close::Table
            }
            Tag::Tr if self.tables > 0 && self.row.is_none() => {
                self.flush();
                self.row = Some((Vec::new(), false));
                Close::Row
            }
            Tag::Td | Tag::Th if self.row.is_some() && self.cell.is_none() => {
                self.flush();
                if tag == Tag::Th
                    && let Some((_, header)) = &mut self.row
                {
                    *header = true;
                }
                self.cell = Some(String::new());
                Close::Cell
            }
            t if t.is_block() => {
                self.flush();
                let level = t.heading_level();
                self.kinds.push(if level > 0 {
                    BlockKind::Heading(level)
                } else {
                    self.continuation_kind()
                });
                Close::Block
            }
            Tag::Code if self.style.markdown && self.pre == 0 => self.marker("`"),
            Tag::Em | Tag::I if self.style.markdown => self.marker("*"),
            Tag::Strong | Tag::B if self.style.markdown => self.marker("**"),
            Tag::A if self.style.markdown && self.style.links && self.pre == 0 => {
                match dom
                    .attr(ix, "href")
                    .map(str::trim)
                    .filter(|h| !h.is_empty() && !h.starts_with("javascript:"))
                {
                    Some(href) => {
                        self.push_raw("[");
                        Close::Link(md_url(href))
                    }
                    None => Close::Nothing,
                }
            }
            _ => Close::Nothing,
        }
    }

    /// The kind for a generic block opened inside the current one: paragraphs inside a
    /// list item continue the item.
    fn continuation_kind(&self) -> BlockKind {
        match self.kinds.last() {
            Some(BlockKind::Item { depth, .. }) => BlockKind::Item {
                depth: *depth,
                marker: None,
            },
            Some(BlockKind::Code) => BlockKind::Code,
            _ => BlockKind::Para,
        }
    }

    fn marker(&mut self, m: &'static str) -> Close {
        if self.pending_space && !self.buf.is_empty() {
            self.buf.push(' ');
            self.pending_space = false;
        }
        self.buf.push_str(m);
        Close::Marker(m)
    }

    fn close(&mut self, close: Close) {
        match close {
            Close::Nothing => {}
            Close::Block => {
                self.flush();
                if matches!(
                    self.kinds.pop(),
                    Some(BlockKind::Item {
                        marker: Some(_),
                        ..
                    })
                ) {
                    self.item_started.pop();
                }
            }
            Close::Pre => {
                self.flush();
                self.kinds.pop();
                self.pre -= 1;
            }
            Close::Quote => {
                self.flush();
                self.quote -= 1;
            }
            Close::List => {
                self.flush();
                self.lists.pop();
            }
            Close::Table => {
                self.flush();
                self.tables -= 1;
            }
            Close::Cell => {
                self.flush();
                if let (Some(cell), Some((cells, _))) = (self.cell.take(), &mut self.row) {
                    cells.push(cell);
                }
            }
            Close::Row => {
                self.flush();
                let words = std::mem::take(&mut self.row_words).finish();
                if let Some((cells, header)) = self.row.take()
                    && cells.iter().any(|c| !c.is_empty())
                {
                    let fingerprint = self.fingerprint(words);
                    if self.prints_only {
                        self.prints.push(fingerprint);
                    } else {
                        self.blocks.push(Block {
                            kind: BlockKind::Row { header },
                            text: String::new(),
                            cells,
                            quote: self.quote,
                            fingerprint,
                        });
                    }
                }
            }
            Close::Marker(m) => {
                // An empty emphasis (or one holding only spaces) is dropped whole.
                if self.buf.ends_with(m) {
                    self.buf.truncate(self.buf.len() - m.len());
                } else {
                    let trailing = self.buf.len() - self.buf.trim_end().len();
                    let at = self.buf.len() - trailing;
                    self.buf.insert_str(at, m);
                }
            }
            Close::Link(href) => {
                if self.buf.ends_with('[') {
                    self.buf.pop();
                } else {
                    self.buf.push_str("](");
                    self.buf.push_str(&href);
                    self.buf.push(')');
                }
            }
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.prints_only {
            let mut any = false;
            for word in crate::dom::words(text) {
                self.hash_word(word);
                any = true;
            }
            // Only the words count: a stand-in keeps the block non-empty.
            if any {
                self.buf.push('x');
            }
            return;
        }
        if self.pre > 0 {
            for word in crate::dom::words(text) {
                self.hash_word(word);
            }
            self.buf.push_str(text);
            return;
        }
        // Word by word: each is hashed and copied whole, and a run of whitespace
        // becomes one pending space.
        let mut words = crate::dom::words(text);
        while let Some((word, spaced)) = words.next_spaced() {
            self.pending_space |= spaced;
            self.hash_word(word);
            if self.pending_space && !self.buf.is_empty() && !self.buf.ends_with('\n') {
                self.buf.push(' ');
            }
            self.pending_space = false;
            if self.style.markdown {
                for c in word.chars() {
                    if matches!(
                        c,
                        '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
                    ) {
                        self.buf.push('\\');
                    }
                    self.buf.push(c);
                }
            } else {
                self.buf.push_str(word);
            }
        }
        self.pending_space |= words.trailing_space();
    }

    /// Adds a word to the running block's fingerprint.
    fn hash_word(&mut self, word: &str) {
        self.words.write(word.as_bytes());
        self.words.write_u8(0xff);
    }

    fn push_raw(&mut self, s: &str) {
        if self.pending_space && !self.buf.is_empty() {
            self.buf.push(' ');
        }
        self.pending_space = false;
        self.buf.push_str(s);
    }

    /// Ends the current run of inline text as a block (or a table cell).
    fn flush(&mut self) {
        self.pending_space = false;
        let text = if self.pre > 0 {
            self.buf.trim_matches('\n').trim_end()
        } else {
            self.buf.trim()
        };
        if text.is_empty() {
            self.buf.clear();
            return;
        }
        let words = std::mem::take(&mut self.words).finish();
        if let Some(cell) = &mut self.cell {
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(text);
            self.row_words.write_u64(words);
            self.buf.clear();
            return;
        }
        let fingerprint = self.fingerprint(words);
        if self.prints_only {
            self.prints.push(fingerprint);
            self.buf.clear();
            return;
        }
        let mut kind = self.kinds.last().cloned().unwrap_or(BlockKind::Para);
        if let BlockKind::Item { marker, .. } = &mut kind
            && let Some(started) = self.item_started.last_mut()
        {
            if *started {
                *marker = None;
            }
            *started = true;
        }
        let text = if kind == BlockKind::Code {
            text.to_string()
        } else {
            tidy_lines(text)
        };
        self.blocks.push(Block {
            kind,
            text,
            cells: Vec::new(),
            quote: self.quote,
            fingerprint,
        });
        self.buf.clear();
    }

    /// A block's fingerprint: its words at the current place.
    fn fingerprint(&self, words: u64) -> u64 {
        let mut h = FxHasher::default();
        h.write_u64(self.places.last().copied().unwrap_or(0));
        h.write_u64(words);
        h.finish()
    }
}

/// Trims every line of a block (lines come from `<br>`) and drops empty ones.
fn tidy_lines(text: &str) -> String {
    if !text.contains('\n') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "\\")
    {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out.trim_end_matches('\\').to_string()
}

/// A table holds data (rows and cells) unless it lays out the page: nested tables or
/// cells holding long text.
fn is_data_table(dom: &Dom, table: NodeIx, stats: &[TextStat]) -> bool {
    const LAYOUT_CELL_CHARS: u32 = 400;
    let end = dom.node(table).end;
    !(table + 1..end).any(|i| match dom.tag(i) {
        Tag::Table => true,
        Tag::Td | Tag::Th => stats[i as usize].chars > LAYOUT_CELL_CHARS,
        _ => false,
    })
}

fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn md_url(url: &str) -> String {
    url.trim()
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}

/// Renders blocks as plain text: a blank line between blocks, one line per list item
/// and table row, cells separated by " | ".
pub fn render_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut prev: Option<&BlockKind> = None;
    for b in blocks {
        if let Some(p) = prev {
            let tight = matches!(
                (p, &b.kind),
                (BlockKind::Item { .. }, BlockKind::Item { .. })
                    | (BlockKind::Row { .. }, BlockKind::Row { .. })
            );
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        match &b.kind {
            BlockKind::Row { .. } => out.push_str(&b.cells.join(" | ")),
            _ => out.push_str(&b.text),
        }
        prev = Some(&b.kind);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Renders blocks as Markdown, with `title` as a level-one heading when given.
pub fn render_markdown(blocks: &[Block], title: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
        out.push_str("# ");
        out.push_str(&escape_md(t.trim()));
    }
    let mut i = 0;
    let mut prev: Option<&BlockKind> = None;
    while i < blocks.len() {
        let b = &blocks[i];
        if !out.is_empty() {
            let tight = matches!(
                (prev, &b.kind),
                (
                    Some(BlockKind::Item { .. }),
                    BlockKind::Item {
                        marker: Some(_),
                        ..
                    }
                )
            );
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        let prefix = "> ".repeat(b.quote);
        let chunk = match &b.kind {
            BlockKind::Row { .. } => {
                let start = i;
                while i + 1 < blocks.len()
                    && matches!(blocks[i + 1].kind, BlockKind::Row { .. })
                    && blocks[i + 1].quote == b.quote
                {
                    i += 1;
                }
                pipe_table(&blocks[start..=i])
            }
            BlockKind::Heading(level) => format!(
                "{} {}",
                "#".repeat(usize::from(*level)),
                b.text.replace('\n', " ")
            ),
            BlockKind::Code => format!("```\n{}\n```", b.text),
            BlockKind::Item { depth, marker } => {
                let indent = "  ".repeat(*depth);
                match marker {
                    Some(m) => format!(
                        "{indent}{m} {}",
                        indent_lines(&b.text, &format!("{indent}  "))
                    ),
                    None => format!(
                        "{indent}  {}",
                        indent_lines(&b.text, &format!("{indent}  "))
                    ),
                }
            }
            BlockKind::Para => escape_line_start(&b.text),
        };
        if prefix.is_empty() {
            out.push_str(&chunk);
        } else {
            out.push_str(&indent_lines(&format!("{prefix}{chunk}"), &prefix));
        }
        prev = Some(&blocks[i].kind);
        i += 1;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

fn indent_lines(text: &str, indent: &str) -> String {
    text.replace('\n', &format!("\n{indent}"))
}

/// Escapes what would start a list or heading at the start of a paragraph.
fn escape_line_start(text: &str) -> String {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if (text.starts_with("- ") || text.starts_with("+ "))
        || (digits > 0 && text[digits..].starts_with(". "))
    {
        let at = if digits > 0 { digits } else { 0 };
        return format!("{}\\{}", &text[..at], &text[at..]);
    }
    text.to_string()
}

/// A GitHub-flavoured pipe table; the first row is the header.
fn pipe_table(rows: &[Block]) -> String {
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let line = |cells: &[String]| {
        let mut s = String::from("|");
        for k in 0..width {
            s.push(' ');
            s.push_str(
                &cells
                    .get(k)
                    .map(|c| c.replace('\n', " "))
                    .unwrap_or_default(),
            );
            s.push_str(" |");
        }
        s
    };
    let mut out = line(&rows[0].cells);
    out.push('\n');
    out.push('|');
    out.push_str(&" --- |".repeat(width));
    for r in &rows[1..] {
        out.push('\n');
        out.push_str(&line(&r.cells));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::text_stats;
    use crate::parse::parse;

    fn build(html: &str, style: InlineStyle) -> Vec<Block> {
        let dom = parse(html, crate::parse::Prepare::new(100, 512));
        let removed = vec![false; dom.len()];
        let stats = text_stats(&dom, &removed);
        blocks(&dom, &[0], &removed, &stats, style)
    }

    #[test]
    fn a_quotation_of_an_earlier_block_is_left_out() {
        let post =
            "Has anyone tried the new firmware on the older boards? Mine reboots twice a day.";
        let page = format!(
            "<div class='post'><p>{post}</p></div>\
             <div class='post'><blockquote><p>{post}</p><p>A line said only here, in the quote.</p></blockquote><p>Yes, roll back to the last release.</p></div>\
             <div class='post'><p>{post}</p></div>"
        );
        let mut b = build(&page, InlineStyle::default());
        drop_quoted_copies(&mut b, 40);
        let text = render_text(&b);
        // The quoted copy goes; the rest of the quote, and a copy outside any
        // quotation, stay.
        assert_eq!(text.matches("Has anyone").count(), 2, "{text}");
        assert!(
            text.contains("said only here") && text.contains("roll back"),
            "{text}"
        );
    }

    #[test]
    fn furniture_repeated_around_posts_goes_but_what_was_written_stays() {
        let post = |who: &str, said: &str| {
            format!(
                "<div class='post'><p>{who}</p><p>1,204 posts · Joined 2011</p><p>{said}</p><p>Report inappropriate content</p></div>"
            )
        };
        let page = [
            post("ann", "The older boards need the 2.1 firmware first."),
            post(
                "bo",
                "Thanks, that fixed it for me as well, after two tries.",
            ),
            post(
                "ann",
                "Glad it worked; the notes for 2.2 say the same thing.",
            ),
        ]
        .concat();
        let mut b = build(&page, InlineStyle::default());
        drop_post_furniture(&mut b, 3, 20);
        let text = render_text(&b);
        assert!(
            !text.contains("Joined") && !text.contains("Report"),
            "{text}"
        );
        assert!(
            text.contains("older boards")
                && text.contains("two tries")
                && text.contains("notes for 2.2"),
            "{text}"
        );
        // Fewer copies than `min_repeats` stay.
        let mut b = build(&page, InlineStyle::default());
        drop_post_furniture(&mut b, 4, 20);
        assert!(render_text(&b).contains("Joined"));
    }

    #[test]
    fn words_never_glue_across_blocks() {
        let b = build(
            "<div><p>One</p><p>two</p>three<div>four</div></div>",
            InlineStyle::default(),
        );
        assert_eq!(render_text(&b), "One\n\ntwo\n\nthree\n\nfour\n");
    }

    #[test]
    fn whitespace_and_entities() {
        let b = build(
            "<p>  a&amp;b \n\t c&nbsp;d <span>e</span><span>f</span></p>",
            InlineStyle::default(),
        );
        assert_eq!(render_text(&b), "a&b c d ef\n");
    }

    #[test]
    fn lists_and_tables_in_text() {
        let b = build(
            "<ul><li>x</li><li>y</li></ul><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>",
            InlineStyle::default(),
        );
        assert_eq!(render_text(&b), "x\ny\n\na | b\n1 | 2\n");
    }

    #[test]
    fn markdown_structure() {
        let style = InlineStyle {
            markdown: true,
            links: true,
            images: false,
        };
        let b = build(
            "<h2>Sub</h2><p>Some <em>big</em> <a href='/u'>link</a> 2*3</p><ol><li>one<ul><li>inner</li></ul></li><li>two</li></ol><blockquote><p>quoted</p></blockquote><pre>let x = 1;\n  y</pre><table><tr><td>a</td><td>b|c</td></tr></table>",
            style,
        );
        let md = render_markdown(&b, Some("Title"));
        assert_eq!(
            md,
            "# Title\n\n## Sub\n\nSome *big* [link](/u) 2\\*3\n\n1. one\n  - inner\n2. two\n\n> quoted\n\n```\nlet x = 1;\n  y\n```\n\n| a | b\\|c |\n| --- | --- |\n"
        );
    }

    #[test]
    fn br_makes_lines_and_two_make_paragraphs() {
        let b = build("<p>line one<br>line two</p>", InlineStyle::default());
        assert_eq!(render_text(&b), "line one\nline two\n");
        let b = build(
            "<div>para one<br>\n <br>para two<br><br><br>three</div>",
            InlineStyle::default(),
        );
        assert_eq!(render_text(&b), "para one\n\npara two\n\nthree\n");
        let md = InlineStyle {
            markdown: true,
            ..Default::default()
        };
        let b = build("<div>a<br>b<br><br>c</div>", md);
        assert_eq!(render_markdown(&b, None), "a\\\nb\n\nc\n");
    }
}

#[cfg(test)]
mod fingerprint_tests {
    use super::*;

    fn page() -> Dom {
        crate::parse::parse(
            "<html><body><nav><p>Subscribe now</p></nav><article><h1>Title</h1>\
             <p>A <b>bold</b>\n  story.</p><table><tr><td>a</td><td>b</td></tr></table>\
             <ol><li>First item</li><li>Second <i>one</i></li></ol>\
             <div><p>Subscribe now</p></div></article></body></html>",
            crate::parse::Prepare::new(10_000, 1_000),
        )
    }

    #[test]
    fn a_blocks_fingerprint_is_its_words_at_its_place_in_any_style() {
        let dom = page();
        let none = vec![false; dom.len()];
        let stats = crate::dom::text_stats(&dom, &none);
        let article = (0..dom.len() as NodeIx)
            .find(|&i| dom.tag(i) == Tag::Article)
            .unwrap();
        let text = blocks(&dom, &[article], &none, &stats, InlineStyle::default());
        let md = blocks(
            &dom,
            &[article],
            &none,
            &stats,
            InlineStyle {
                markdown: true,
                links: true,
                images: true,
            },
        );
        let prints: Vec<u64> = text.iter().map(|b| b.fingerprint).collect();
        assert_eq!(prints, md.iter().map(|b| b.fingerprint).collect::<Vec<_>>());
        assert_eq!(text[1].text, "A bold story.");
        assert_eq!(md[1].text, "A **bold** story.");
        // Every kept block is among the page's fingerprints.
        let page_prints = fingerprints(&dom, &stats);
        assert!(prints.iter().all(|p| page_prints.binary_search(p).is_ok()));
        // The same words at another place are another block: the nav's "Subscribe now"
        // and the article's.
        assert_eq!(page_prints.len(), 7);
    }
}
