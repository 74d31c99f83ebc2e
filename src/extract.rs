//! Stage 6, extract: the article's elements, from the scorer's choice.
//!
//! The chosen container is joined by the siblings that belong to the same story (an
//! article split into several containers), then boxes inside that are mostly links
//! (teaser lists, tag clouds, "read more" rows) are dropped, and so is the headline,
//! which is a field of its own.

use crate::config::Config;
use crate::dom::{Dom, NodeIx, Tag, TextStat};
use crate::prune::Pruned;
use crate::score::Scores;

/// The article: subtrees to emit, in document order, minus removed nodes.
pub struct Extracted {
    /// Roots of the kept subtrees.
    pub roots: Vec<NodeIx>,
    /// Removed flags, pruning's plus extraction's.
    pub removed: Vec<bool>,
    /// Why each removed subtree root was removed.
    pub reasons: Vec<(NodeIx, &'static str)>,
    /// How many of `reasons`, from the start, are pruning's (the rest are extraction's).
    pub pruned_reasons: usize,
    /// Class/id/role hints of every element, from pruning.
    pub hints: Vec<crate::prune::Hint>,
    /// Why the roots are a region of the page rather than the scorer's choice (a
    /// listing's, a list of posts', a site rule's body), for `--explain`.
    pub region: Option<&'static str>,
}

impl Extracted {
    /// A listing's region with its title and blurb above it ([`listing_intro`]), as
    /// [`Extracted::region`].
    pub fn listing(
        dom: &Dom,
        stats: &[TextStat],
        pruned: Pruned,
        region: NodeIx,
        intro_max_link_density: f64,
        why: &'static str,
    ) -> Extracted {
        let mut roots = listing_intro(dom, stats, &pruned.removed, region, intro_max_link_density);
        roots.push(region);
        Extracted::region(roots, pruned, why)
    }

    /// The article as one region of the page, with pruning's removals only: its boxes
    /// of links are content (a listing's headlines), not boxes to drop.
    pub fn region(roots: Vec<NodeIx>, pruned: Pruned, why: &'static str) -> Extracted {
        Extracted {
            roots,
            pruned_reasons: pruned.reasons.len(),
            reasons: pruned.reasons,
            removed: pruned.removed,
            hints: pruned.hints,
            region: Some(why),
        }
    }
}

/// A poster's count beside a post: no letter at all (`bare`: short enough for that
/// reading), or (`labelled`: short enough for this one) a number followed by one or two
/// words and nothing else ("29,553 posts", "518 helpful votes", "1.2k likes").
fn is_poster_count(text: &str, bare: bool, labelled: bool) -> bool {
    if bare && !text.chars().any(char::is_alphabetic) {
        return true;
    }
    if !labelled {
        return false;
    }
    let mut words = text.split_whitespace();
    let number = words.next().unwrap_or("");
    let digits = number.trim_end_matches(['k', 'K', 'm', 'M']);
    // Digits with group separators or a decimal point, not an ordinal ("2. Science").
    if !(digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.ends_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.'))
    {
        return false;
    }
    let mut count = 0;
    for word in words {
        count += 1;
        if count > 2 || !word.chars().all(char::is_alphabetic) {
            return false;
        }
    }
    count > 0
}

/// Assembles the article around `scores.top`. `page_type` is the page's kind as known
/// before extraction (declared, [`crate::meta::Metadata::page_type`], or "article" for
/// a dated page): a thread's posts are gathered, and a page of no kind keeps its
/// larger boxes of links.
pub fn extract(
    dom: &Dom,
    pruned: Pruned,
    scores: &Scores,
    config: &Config,
    title: Option<&str>,
    page_type: Option<&str>,
) -> Extracted {
    let thread = page_type == Some("forum");
    let Pruned {
        mut removed,
        mut reasons,
        hints,
        ..
    } = pruned;
    let c = &config.extract;
    let pruned_reasons = reasons.len();
    let top = scores.top;
    let stats = &scores.stats;
    let roots = thread
        .then(|| thread_posts(dom, scores, &removed, top, config))
        .flatten()
        .unwrap_or_else(|| {
            let mut roots = join_siblings(dom, scores, &removed, top, config);
            alike_sections(dom, scores, &removed, top, &mut roots, config);
            // On a thread, a rival is another post's furniture (a signature, a quote).
            if !thread {
                rival_sections(dom, scores, &removed, &mut roots, config);
            }
            roots
        });

    let root_chars: u32 = roots.iter().map(|&r| stats[r as usize].chars).sum();
    let protect = f64::from(root_chars) * config.prune.protect_text_share;
    // A story's or product's boxes of links are asides (related stories, related
    // products); on a page of no kind, the links of a larger box may be its content (a
    // catalogue's items, a list of changes).
    let links_kept_from = match page_type {
        None => f64::from(root_chars) * c.undeclared_link_box_share,
        Some(_) => f64::INFINITY,
    };
    let mut remove = |removed: &mut Vec<bool>, ix: NodeIx, why: &'static str| {
        for flag in &mut removed[ix as usize..dom.node(ix).end as usize] {
            *flag = true;
        }
        reasons.push((ix, why));
    };
    let title_words = title.map(words);
    let headings = &scores.headings;
    let tag_chars = tag_link_chars(dom, &removed, &roots);
    let mut teaser_grids = Vec::new();
    // The last block whose text was read for a timestamp, a credit or the headline, and
    // found none: a child block holding all of its text (every text node with
    // characters) reads the same, so a wrapper's lone paragraph is not read again.
    let mut text_read: Option<NodeIx> = None;
    let holds_all_text = |child: NodeIx, parent: NodeIx| {
        let has_text = |d: NodeIx| dom.tag(d) == Tag::Text && dom.node(d).chars > 0;
        !(parent + 1..child).any(has_text)
            && !(dom.node(child).end..dom.node(parent).end).any(has_text)
    };
    for &root in &roots {
        let end = dom.node(root).end;
        let mut i = root + 1;
        while i < end {
            if removed[i as usize] {
                i = dom.node(i).end;
                continue;
            }
            let tag = dom.tag(i);
            let s = stats[i as usize];
            // A post's tag list (links marked rel="tag"), with its label, whatever
            // element holds it.
            if let Some(tags) = &tag_chars
                && tags[i as usize] > 0
                && f64::from(tags[i as usize]) >= f64::from(s.chars) * c.tag_list_share
                && f64::from(s.chars) < protect
            {
                remove(&mut removed, i, "list of tags (links marked rel=tag)");
                i = dom.node(i).end;
                continue;
            }
            if is_box(tag) && f64::from(s.chars) < protect {
                let limit = if hints[i as usize].content {
                    c.max_link_density_positive
                } else {
                    c.max_link_density
                };
                let sparse = c.min_chars_per_link > 0
                    && s.links > 0
                    && (s.chars / s.links) < c.min_chars_per_link as u32;
                if (s.link_density() > limit || sparse) && f64::from(s.chars) < links_kept_from {
                    remove(&mut removed, i, "box inside the article is mostly links");
                    i = dom.node(i).end;
                    continue;
                }
                let (all, linked) = headings[i as usize];
                if linked >= c.teaser_min_linked_headings
                    && f64::from(linked) >= f64::from(all) * c.teaser_linked_heading_share
                {
                    teaser_grids.push(i);
                    i = dom.node(i).end;
                    continue;
                }
            }
            let read_as_parent = tag.is_block()
                && text_read.is_some_and(|p| dom.node(i).parent == p && holds_all_text(i, p));
            if read_as_parent {
                text_read = Some(i);
            }
            if tag.is_block()
                && !read_as_parent
                && s.chars > 0
                && (s.chars as usize) < c.leading_meta_max_chars
                && is_timestamp_line(dom, stats, i)
            {
                remove(&mut removed, i, "timestamp line");
                i = dom.node(i).end;
                continue;
            }
            // On a thread, a short block without a letter beside the posts is a
            // poster's count (messages, reactions, points), not something said; so is
            // a number with a word or two naming it ("29,553 posts", "518 helpful
            // votes").
            if thread
                && tag.is_block()
                && !matches!(tag, Tag::Td | Tag::Th | Tag::Pre | Tag::Li | Tag::Table)
                && s.chars > 0
                && (s.chars as usize)
                    <= c.thread_count_max_chars.max(c.thread_count_label_max_chars)
                && is_poster_count(
                    &dom.collapsed_text(i),
                    (s.chars as usize) <= c.thread_count_max_chars,
                    (s.chars as usize) <= c.thread_count_label_max_chars,
                )
            {
                remove(&mut removed, i, "a poster's count on a thread");
                i = dom.node(i).end;
                continue;
            }
            // Short blocks: a photo credit, or the headline repeated (its text is
            // gathered once for both).
            // Read from the text nodes in place: most short blocks are neither, and
            // a credit line needs its colon.
            if tag.is_block()
                && !read_as_parent
                && s.chars > 0
                && (s.chars as usize) < c.leading_meta_max_chars * 2
            {
                let texts = || {
                    (i..dom.node(i).end)
                        .filter(|&d| dom.tag(d) == Tag::Text && dom.node(d).chars > 0)
                        .map(|d| dom.text(d))
                };
                let why = if (s.chars as usize) < c.leading_meta_max_chars
                    && texts().any(|t| t.contains(':'))
                    && is_credit_line(&dom.collapsed_text(i), &c.credit_labels)
                {
                    Some("photo credit")
                } else if let Some(tw) = &title_words
                    && headline_words(texts().flat_map(text_words), tw, c.title_overlap)
                {
                    Some("headline (a field of its own)")
                } else {
                    None
                };
                if let Some(why) = why {
                    remove(&mut removed, i, why);
                    i = dom.node(i).end;
                    continue;
                }
                text_read = Some(i);
            }
            i += 1;
        }
    }
    // Teaser grids go when the story around them is the larger part; on a listing page
    // the teasers are the content.
    let teaser_chars: u32 = teaser_grids.iter().map(|&g| stats[g as usize].chars).sum();
    if f64::from(teaser_chars) < f64::from(root_chars) * c.teaser_max_page_share {
        for g in teaser_grids {
            remove(&mut removed, g, "teaser grid: its headings are links");
        }
    }
    drop_leading_meta(dom, scores, &roots, &mut removed, &mut reasons, c);
    Extracted {
        roots,
        removed,
        reasons,
        pruned_reasons,
        hints,
        region: None,
    }
}

/// Text characters inside links marked `rel="tag"` in every subtree of the roots, or
/// `None` when they hold no such link.
fn tag_link_chars(dom: &Dom, removed: &[bool], roots: &[NodeIx]) -> Option<Vec<u32>> {
    let is_tag_link = |i: NodeIx| {
        dom.tag(i) == Tag::A
            && dom.attr(i, "rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("tag"))
            })
    };
    let mut chars: Option<Vec<u32>> = None;
    for &root in roots {
        let mut i = root;
        while i < dom.node(root).end {
            if removed[i as usize] || !is_tag_link(i) {
                i += 1;
                continue;
            }
            let counts = chars.get_or_insert_with(|| vec![0; dom.len()]);
            let link_chars: u32 = (i..dom.node(i).end)
                .filter(|&d| !removed[d as usize])
                .map(|d| dom.node(d).chars)
                .sum();
            // Counted on the link and every ancestor up to the root.
            let mut at = i;
            loop {
                counts[at as usize] += link_chars;
                if at == root {
                    break;
                }
                at = dom.node(at).parent;
            }
            i = dom.node(i).end;
        }
    }
    chars
}

/// Drops the byline and dateline lines that stand above the story's first paragraph.
fn drop_leading_meta(
    dom: &Dom,
    scores: &Scores,
    roots: &[NodeIx],
    removed: &mut [bool],
    reasons: &mut Vec<(NodeIx, &'static str)>,
    c: &crate::config::ExtractConfig,
) {
    for &root in roots {
        let end = dom.node(root).end;
        let mut i = root;
        while i < end {
            if removed[i as usize] {
                i = dom.node(i).end;
                continue;
            }
            let own = scores.own[i as usize].chars as usize;
            if dom.tag(i).is_block() && own > 0 {
                if own >= c.sibling_paragraph_chars {
                    return;
                }
                // The block's whole subtree must be short, not only its own text.
                let all = scores.stats[i as usize].chars as usize;
                if all < c.leading_meta_max_chars && is_byline_or_dateline(dom, i, &c.byline_words)
                {
                    for flag in &mut removed[i as usize..dom.node(i).end as usize] {
                        *flag = true;
                    }
                    reasons.push((i, "byline or dateline above the story"));
                    i = dom.node(i).end;
                    continue;
                }
            }
            i += 1;
        }
    }
}

/// Whether a short text is a credit line: a credit label, then a colon.
fn is_credit_line(text: &str, labels: &[String]) -> bool {
    // "(Image credit: NASA)" as well as "Image credit: NASA".
    let text = text.trim().trim_start_matches(['(', '[']);
    let Some((label, rest)) = text.split_once(':') else {
        return false;
    };
    let label = label.trim();
    !rest.trim().is_empty() && label.chars().count() <= 16 && {
        let label = label.to_lowercase();
        labels.iter().any(|l| l.to_lowercase() == label)
    }
}

#[cfg(test)]
mod credit_tests {
    use super::is_credit_line;

    #[test]
    fn credit_lines_are_told_from_sentences() {
        let labels: Vec<String> = ["photo", "foto", "crédit photo"].map(String::from).to_vec();
        assert!(is_credit_line("Photo: Hau Dinh, AP", &labels));
        assert!(is_credit_line("(Photo: Blue Origin)", &labels));
        assert!(is_credit_line("FOTO: Reuters", &labels));
        assert!(is_credit_line("Crédit photo : AFP", &labels));
        assert!(!is_credit_line("Photo:", &labels));
        assert!(!is_credit_line(
            "The photo: a storm over the bay, taken at dawn",
            &labels
        ));
        assert!(!is_credit_line("Photography is an art", &labels));
    }
}

/// Whether all of a block's text sits in `<time>` elements.
fn is_timestamp_line(dom: &Dom, stats: &[TextStat], ix: NodeIx) -> bool {
    let end = dom.node(ix).end;
    let mut in_time = 0;
    let mut d = ix + 1;
    while d < end {
        if dom.tag(d) == Tag::Time {
            in_time += stats[d as usize].chars;
            d = dom.node(d).end;
        } else {
            d += 1;
        }
    }
    in_time == stats[ix as usize].chars
}

/// Whether a short block reads as a byline or dateline.
fn is_byline_or_dateline(dom: &Dom, ix: NodeIx, byline_words: &[String]) -> bool {
    if (ix..dom.node(ix).end).any(|d| dom.tag(d) == Tag::Time) {
        return true;
    }
    let text = dom.collapsed_text(ix);
    let first = text
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    if byline_words.iter().any(|w| w.eq_ignore_ascii_case(first)) {
        return true;
    }
    has_date(&text)
}

/// Whether a text holds a year (1990–2099) standing alone, or a numeric date.
fn has_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let run = &text[start..i];
        let before_ok = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let after_ok = i == bytes.len() || !bytes[i].is_ascii_alphanumeric();
        if run.len() == 4
            && before_ok
            && after_ok
            && (run.starts_with("19") && run >= "1990" || run.starts_with("20"))
        {
            return true;
        }
        // 21/08/2023, 2023-08-21, 21.08.23
        if run.len() <= 4
            && i + 1 < bytes.len()
            && matches!(bytes[i], b'/' | b'-' | b'.')
            && bytes[i + 1].is_ascii_digit()
        {
            let sep = bytes[i];
            let mut j = i + 1;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            if j + 1 < bytes.len() && bytes[j] == sep && bytes[j + 1].is_ascii_digit() {
                return true;
            }
        }
    }
    false
}

/// For pages whose article came out short while the page holds much more text (a
/// listing or a collection: the linked headlines are the content): the region that
/// holds most of the page's text, links included. From the body down, the child that
/// holds at least `share` of its parent's text is taken, while there is one.
pub fn listing_region(
    dom: &Dom,
    stats: &[TextStat],
    removed: &[bool],
    share: f64,
) -> Option<NodeIx> {
    let mut at = (0..dom.len() as NodeIx).find(|&i| dom.tag(i) == Tag::Body)?;
    loop {
        let total = f64::from(stats[at as usize].chars);
        let best = dom
            .children(at)
            .filter(|&c| !removed[c as usize] && dom.tag(c) != Tag::Text)
            .max_by_key(|&c| stats[c as usize].chars);
        match best {
            Some(c) if f64::from(stats[c as usize].chars) >= total * share && total > 0.0 => at = c,
            _ => return Some(at),
        }
    }
}

/// Characters of paragraph text inside links, on what is left of the page: the prose
/// of cards wrapped whole in an `<a>`.
pub fn linked_paragraph_chars(dom: &Dom, removed: &[bool]) -> f64 {
    let mut in_link = vec![false; dom.len()];
    let mut total = 0.0;
    for i in 0..dom.len() as NodeIx {
        if removed[i as usize] {
            continue;
        }
        let node = dom.node(i);
        let parent = node.parent;
        let linked =
            node.tag == Tag::A || (parent != crate::dom::NO_PARENT && in_link[parent as usize]);
        in_link[i as usize] = linked;
        if linked && node.tag == Tag::Text && dom.tag(parent) == Tag::P {
            total += f64::from(node.chars);
        }
    }
    total
}

/// What comes between the page's headline (its first `<h1>`, above `region`) and
/// `region`: a listing's title and the blurb under it, as subtrees in page order; those
/// mostly links (other grids, filters) left out.
pub fn listing_intro(
    dom: &Dom,
    stats: &[TextStat],
    removed: &[bool],
    region: NodeIx,
    max_link_density: f64,
) -> Vec<NodeIx> {
    let Some(h1) = (0..region).find(|&i| dom.tag(i) == Tag::H1 && !removed[i as usize]) else {
        return Vec::new();
    };
    let mut roots = Vec::new();
    let mut at = h1;
    while at < region {
        if dom.node(at).end > region {
            // An ancestor of the region: its children before the region come next.
            at += 1;
        } else {
            let s = &stats[at as usize];
            if !removed[at as usize] && s.chars > 0 && s.link_density() <= max_link_density {
                roots.push(at);
            }
            at = dom.node(at).end;
        }
    }
    roots
}

/// The parent of the most text-holding group of at least `min_count` sibling
/// `<article>` elements, with that group's text; none when the story found (`story`,
/// the article's roots) is a post of its own outside that group (a story above a grid
/// of teasers for others).
pub fn post_list(
    dom: &Dom,
    stats: &[TextStat],
    removed: &[bool],
    story: &[NodeIx],
    min_count: usize,
) -> Option<(NodeIx, u32)> {
    // A post alone in its wrappers (a list item, a grid cell, a box in either) is one
    // of the outermost wrappers' siblings.
    let group_of = |post: NodeIx| {
        let mut at = post;
        loop {
            let parent = dom.node(at).parent;
            let alone = parent != crate::dom::NO_PARENT
                && dom.node(parent).parent != crate::dom::NO_PARENT
                && dom
                    .children(parent)
                    .all(|c| c == at || dom.tag(c) == Tag::Text);
            if !alone {
                return parent;
            }
            at = parent;
        }
    };
    let mut groups: rustc_hash::FxHashMap<NodeIx, (usize, u32)> = Default::default();
    for i in 0..dom.len() as NodeIx {
        let s = stats[i as usize];
        if dom.tag(i) == Tag::Article && !removed[i as usize] && s.chars > 0 {
            let g = groups.entry(group_of(i)).or_default();
            g.0 += 1;
            g.1 += s.chars;
        }
    }
    let (parent, chars) = groups
        .into_iter()
        .filter(|&(_, (count, _))| count >= min_count)
        .map(|(parent, (_, chars))| (parent, chars))
        .max_by_key(|&(parent, chars)| (chars, std::cmp::Reverse(parent)))?;
    // The story's own post: an <article> around it, or one inside holding most of it.
    let own_post = story.iter().find_map(|&r| {
        std::iter::successors(Some(r), |&a| {
            let p = dom.node(a).parent;
            (p != crate::dom::NO_PARENT).then_some(p)
        })
        .find(|&a| dom.tag(a) == Tag::Article)
        .or_else(|| {
            (r..dom.node(r).end).find(|&d| {
                dom.tag(d) == Tag::Article && stats[d as usize].chars * 2 >= stats[r as usize].chars
            })
        })
    });
    match own_post {
        Some(post) if group_of(post) != parent => None,
        _ => Some((parent, chars)),
    }
}

/// Elements that group other blocks and may be boilerplate boxes.
fn is_box(tag: Tag) -> bool {
    use Tag::*;
    matches!(
        tag,
        Div | Section
            | Ul
            | Ol
            | Dl
            | Table
            | Form
            | Aside
            | Header
            | Footer
            | Nav
            | Menu
            | Fieldset
            | Center
            | Details
            | Figure
            | Other
    )
}

/// The chosen container and the siblings that continue its story.
fn join_siblings(
    dom: &Dom,
    scores: &Scores,
    removed: &[bool],
    top: NodeIx,
    config: &Config,
) -> Vec<NodeIx> {
    let parent = dom.node(top).parent;
    if parent == crate::dom::NO_PARENT || dom.tag(top) == Tag::Body {
        return vec![top];
    }
    let c = &config.extract;
    let best = scores.score[top as usize];
    let threshold = c.sibling_min_score.max(best * c.sibling_share);
    let top_class = dom.attr(top, "class").filter(|s| !s.is_empty());
    let mut roots = Vec::new();
    for sib in dom.children(parent) {
        if sib == top {
            roots.push(sib);
            continue;
        }
        if removed[sib as usize] || dom.tag(sib) == Tag::Text {
            continue;
        }
        let bonus = if top_class.is_some() && dom.attr(sib, "class") == top_class {
            best * c.sibling_same_class_bonus
        } else {
            0.0
        };
        // A list of excerpts cut short is teasers for other pages, and a list of posts
        // is other stories.
        let excerpts = scores.excerpt_prose(dom, sib) * 2.0 > scores.prose[sib as usize];
        let joins = !excerpts
            && !crate::score::is_post_list(dom, removed, &scores.stats, sib, config)
            && ((scores.candidate[sib as usize]
                && scores.score[sib as usize] + bonus >= threshold)
                || is_story_paragraph(dom, scores.stats[sib as usize], sib, c));
        if joins {
            roots.push(sib);
        }
    }
    roots
}

/// The page's other sections built like the chosen container: elements of its tag and
/// class inside a parent of the parent's tag and class (a page builder's text module,
/// repeated down a service page), each with enough prose of its own and few links.
/// They join the roots, in page order.
fn alike_sections(
    dom: &Dom,
    scores: &Scores,
    removed: &[bool],
    top: NodeIx,
    roots: &mut Vec<NodeIx>,
    config: &Config,
) {
    let c = &config.extract;
    // When paragraphs beside the chosen container joined it, their parent is the
    // module the page repeats.
    let top = match dom.node(top).parent {
        p if p != crate::dom::NO_PARENT
            && roots.iter().any(|&r| r != top && dom.node(r).parent == p) =>
        {
            p
        }
        _ => top,
    };
    let parent = dom.node(top).parent;
    if parent == crate::dom::NO_PARENT || matches!(dom.tag(top), Tag::Body | Tag::Html | Tag::Root)
    {
        return;
    }
    // Class words with an id in them name one element (a page builder's
    // "element-4271075"), not its kind: left out.
    let names_one = |w: &str| {
        w.split(['-', '_']).any(|part| {
            part.len() >= c.alike_id_min_len
                && part.bytes().all(|b| b.is_ascii_hexdigit())
                && part.bytes().any(|b| b.is_ascii_digit())
        })
    };
    let kind = |ix: NodeIx| {
        dom.attr(ix, "class")
            .unwrap_or("")
            .split_ascii_whitespace()
            .filter(|w| !names_one(w))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let signature = |ix: NodeIx| {
        let p = dom.node(ix).parent;
        (
            dom.name(ix),
            kind(ix),
            (p != crate::dom::NO_PARENT).then(|| (dom.name(p), kind(p))),
        )
    };
    let want = signature(top);
    // A container without a class is too common a shape to mean anything.
    if want.1.is_empty() && want.2.as_ref().is_none_or(|(_, class)| class.is_empty()) {
        return;
    }
    join_outside(dom, removed, roots, |i| {
        // The cheap tests first: most elements have too little prose.
        scores.prose[i as usize] >= c.alike_min_prose as f64
            && dom.tag(i) == dom.tag(top)
            && !dom.contains(i, top)
            && signature(i) == want
            && is_joinable_section(dom, scores, i, c)
    });
}

/// Close rivals of the best container that no ancestor below `<body>` shares with it
/// (sections of a page laid out as siblings of the body's children): those with
/// `extract.alike_min_prose` of prose and few links join the roots, unless they are in
/// an `<article>` of their own (another story).
fn rival_sections(
    dom: &Dom,
    scores: &Scores,
    removed: &[bool],
    roots: &mut Vec<NodeIx>,
    config: &Config,
) {
    let c = &config.extract;
    let best = (0..dom.len())
        .filter(|&i| scores.candidate[i] && !removed[i])
        .map(|i| scores.score[i])
        .fold(0.0f64, f64::max);
    if best <= 0.0 {
        return;
    }
    let candidates = roots.clone();
    join_outside(dom, removed, roots, |i| {
        let ix = i as usize;
        scores.candidate[ix]
            && scores.score[ix] >= best * c.rival_join_share
            && is_joinable_section(dom, scores, i, c)
            && !candidates.iter().any(|&r| dom.contains(i, r))
            && !in_another_article(dom, i, &candidates)
    });
}

/// Adds to the roots, in page order, the outermost elements outside them (and not
/// removed) that `joins` accepts.
fn join_outside(
    dom: &Dom,
    removed: &[bool],
    roots: &mut Vec<NodeIx>,
    joins: impl Fn(NodeIx) -> bool,
) {
    let mut found = Vec::new();
    let mut i: NodeIx = 1;
    while (i as usize) < dom.len() {
        if removed[i as usize] || roots.contains(&i) {
            i = dom.node(i).end;
            continue;
        }
        if joins(i) {
            found.push(i);
            i = dom.node(i).end;
            continue;
        }
        i += 1;
    }
    if !found.is_empty() {
        roots.extend(found);
        roots.sort_unstable();
    }
}

/// Whether a section found away from the roots has enough prose of its own
/// (`extract.alike_min_prose`, excerpts cut short not counted, and those not half of
/// it) with few links.
fn is_joinable_section(
    dom: &Dom,
    scores: &Scores,
    ix: NodeIx,
    c: &crate::config::ExtractConfig,
) -> bool {
    let prose = scores.prose[ix as usize];
    let excerpts = scores.excerpt_prose(dom, ix);
    prose - excerpts >= c.alike_min_prose as f64
        && excerpts * 2.0 <= prose
        && scores.stats[ix as usize].link_density() <= c.sibling_max_link_density
}

/// Whether an element is, or is inside, an `<article>` that holds none of the roots:
/// another story.
fn in_another_article(dom: &Dom, ix: NodeIx, roots: &[NodeIx]) -> bool {
    let mut at = ix;
    while at != crate::dom::NO_PARENT {
        if dom.tag(at) == Tag::Article {
            return !roots.iter().any(|&r| dom.contains(at, r));
        }
        at = dom.node(at).parent;
    }
    false
}

/// On a forum thread, the chosen container is one post's text: the same container in
/// each post of the thread. A post is an ancestor of the container (at most
/// `post_max_levels` up) with at least `post_min_count - 1` siblings of its tag and first
/// class word; the container is found in each by the same path of tags and classes.
fn thread_posts(
    dom: &Dom,
    scores: &Scores,
    removed: &[bool],
    top: NodeIx,
    config: &Config,
) -> Option<Vec<NodeIx>> {
    let c = &config.extract;
    let key = |ix: NodeIx| {
        let class = dom.attr(ix, "class").unwrap_or("");
        (
            dom.tag(ix),
            dom.name(ix),
            class.split_ascii_whitespace().next(),
        )
    };
    // The path from a post down to the container: (tag name, class) at each step.
    let mut path: Vec<NodeIx> = Vec::new();
    let mut post = top;
    for _ in 0..c.post_max_levels {
        let parent = dom.node(post).parent;
        if parent == crate::dom::NO_PARENT || matches!(dom.tag(parent), Tag::Root | Tag::Html) {
            return None;
        }
        let posts: Vec<NodeIx> = dom
            .children(parent)
            .filter(|&s| !removed[s as usize] && dom.tag(s) != Tag::Text && key(s) == key(post))
            .collect();
        if posts.len() >= c.post_min_count {
            let roots: Vec<NodeIx> = posts
                .iter()
                .filter_map(|&p| {
                    if p == post {
                        return Some(top);
                    }
                    follow_path(dom, removed, p, &path)
                })
                .filter(|&r| scores.stats[r as usize].chars > 0)
                .collect();
            return (roots.len() >= c.post_min_count).then_some(roots);
        }
        path.push(post);
        post = parent;
    }
    None
}

/// The element below `from` reached by the steps of `path` (innermost first), each the
/// first child with the step's tag name and class.
fn follow_path(dom: &Dom, removed: &[bool], from: NodeIx, path: &[NodeIx]) -> Option<NodeIx> {
    let mut at = from;
    for &step in path.iter().rev() {
        at = dom.children(at).find(|&ch| {
            !removed[ch as usize]
                && dom.tag(ch) == dom.tag(step)
                && dom.name(ch) == dom.name(step)
                && dom.attr(ch, "class") == dom.attr(step, "class")
        })?;
    }
    Some(at)
}

/// A paragraph next to the container that reads like part of the story.
fn is_story_paragraph(
    dom: &Dom,
    s: TextStat,
    ix: NodeIx,
    c: &crate::config::ExtractConfig,
) -> bool {
    if dom.tag(ix) != Tag::P || s.chars == 0 {
        return false;
    }
    if s.chars as usize >= c.sibling_paragraph_chars {
        return s.link_density() < c.sibling_max_link_density;
    }
    s.link_chars == 0
        && dom
            .collapsed_text(ix)
            .trim_end()
            .ends_with(['.', '!', '?', '。', '」', '"', '”'])
}

/// Lowercase words of a text.
fn words(text: &str) -> Vec<String> {
    text_words(text).map(str::to_lowercase).collect()
}

/// The words of a text: its runs of letters and digits.
fn text_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Whether a heading, given as its words, is the page's headline: most of its words
/// are the title's. (Asked of every short block: its words are compared in place, not
/// copied.)
fn headline_words<'a>(
    words: impl Iterator<Item = &'a str>,
    title_words: &[String],
    overlap: f64,
) -> bool {
    let (mut all, mut shared) = (0usize, 0usize);
    for word in words {
        all += 1;
        let in_title = if word.is_ascii() {
            title_words.iter().any(|t| ascii_lowercases_to(word, t))
        } else {
            // (`str::to_lowercase`, as for the title: a final sigma lowercases apart.)
            let lower = word.to_lowercase();
            title_words.contains(&lower)
        };
        if in_title {
            shared += 1;
        }
    }
    if all == 0 || title_words.is_empty() {
        return false;
    }
    shared as f64 / all as f64 >= overlap
        && shared as f64 / title_words.len() as f64 >= overlap * overlap
}

/// Whether an ASCII `word` lowercased is `lower`.
fn ascii_lowercases_to(word: &str, lower: &str) -> bool {
    word.len() == lower.len()
        && word
            .bytes()
            .zip(lower.bytes())
            .all(|(a, b)| a.to_ascii_lowercase() == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_found() {
        assert!(has_date("Posted 21/08/2023 by the news desk"));
        assert!(has_date("12 March 2024"));
        assert!(has_date("2024-03-12"));
        assert!(!has_date("About 3,000 people and 1.2 million passengers"));
        assert!(!has_date("Call 0800 123"));
    }

    #[test]
    fn words_are_compared_lowercased_in_any_script() {
        let lowercases_to =
            |word: &str, lower: &str| headline_words([word].into_iter(), &[lower.into()], 1.0);
        assert!(lowercases_to("Coast", "coast"));
        assert!(!lowercases_to("Coasts", "coast"));
        assert!(lowercases_to("ÉTÉ", "été"));
        assert!(lowercases_to("Straße", "straße"));
        assert!(!lowercases_to("Été", "ete"));
        assert!(lowercases_to("ΟΔΟΣ", &words("ΟΔΟΣ")[0]));
    }

    #[test]
    fn a_credit_is_read_in_a_box_whose_other_text_was_pruned() {
        // The box's own text reads "Share (Image credit: ...)", no credit line; the
        // paragraph inside it is one, though the box counts no other text once the
        // button is pruned.
        let story: String = (0..5)
            .map(|i| format!("<p>Paragraph {i} of the story, long enough to be read as prose, with a clause, and another one.</p>"))
            .collect();
        let page = format!(
            "<body><article><h1>The story</h1>{story}<div class='pic'><button>Share</button><p>(Image credit: NASA)</p></div>{story}</article></body>"
        );
        let out = crate::Extractor::new(crate::Config::default())
            .extract(page.as_bytes(), &crate::Options::default())
            .text();
        assert!(out.contains("Paragraph 4"), "{out}");
        assert!(!out.contains("Image credit"), "{out}");
    }

    #[test]
    fn a_poster_count_is_a_number_and_a_word_or_two() {
        for count in ["29,553 posts", "518 helpful votes", "1 Like", "1.2k likes"] {
            assert!(is_poster_count(count, false, true), "{count}");
        }
        assert!(is_poster_count("+12", true, true));
        for said in [
            "2. Science StorEATelling",
            "3 reasons why it failed",
            "100 percent!",
            "2024",
            "Posts: 12",
        ] {
            assert!(!is_poster_count(said, false, true), "{said}");
        }
        assert!(!is_poster_count("29,553 posts", true, false));
    }

    #[test]
    fn headline_matches_title_words() {
        let t = words("Floods close the coast road | The Daily");
        let is_headline = |h| headline_words(text_words(h), &t, 0.75);
        assert!(is_headline("Floods close the coast road"));
        assert!(!is_headline("What the council decided"));
    }
}
