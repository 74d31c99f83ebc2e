//! Stage 4, prune: mark what is never content, before any scoring.
//!
//! Nothing is deleted from the arena: a removed subtree is flagged at its root and its
//! descendants, so later stages skip it by index. Three kinds of removal:
//! - hard: tags that never hold article text (script, style, form fields, ...) and
//!   hidden elements;
//! - soft: landmarks (`nav`, `footer`, `aside`), boxes whose class, id or ARIA role names
//!   boilerplate, and small forms, unless the box holds most of the page's text;
//! - phrase-headed boxes: a short block whose whole text is a boilerplate phrase ("Must
//!   Read", "Related articles", "Please enter your comment!") goes with the teasers
//!   and links that follow it.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::{Config, Lexicon, TokenKinds};
use crate::dom::{Dom, NodeIx, Tag, TextStat, text_stats};

/// A link to a place on its own page whose whole text is a symbol such as `¶` or
/// `#`: the permalink that documentation generators put after each heading, never
/// words of the page.
fn is_permalink_symbol(dom: &Dom, ix: NodeIx, symbols: &[String]) -> bool {
    if !dom
        .attr(ix, "href")
        .is_some_and(|h| h.trim_start().starts_with('#'))
    {
        return false;
    }
    let text = dom.collapsed_text_limited(ix, 8);
    symbols.iter().any(|s| s == &text)
}

/// What a class, id or role says about an element.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hint {
    /// A class word, the id or the role marks boilerplate: the box is removed.
    pub boilerplate: bool,
    /// A class word or the id counts against the element, without removing it.
    pub penalty: bool,
    /// The element has the `hidden` attribute.
    pub hidden: bool,
    /// A class word or the id marks content strongly enough to keep the box.
    pub protect: bool,
    /// A class word, the id, the role or `itemprop` marks content.
    pub content: bool,
    /// A class word or the id names customer reviews.
    pub reviews: bool,
    /// A class word or the id names a cookie or consent box.
    pub consent: bool,
}

impl Hint {
    /// +1 content, -1 boilerplate or penalised, 0 neither or both.
    pub fn weight(self) -> f64 {
        f64::from(i8::from(self.content) - i8::from(self.boilerplate || self.penalty))
    }
}

/// The outcome of pruning.
pub struct Pruned {
    /// One flag per node: removed, with its whole subtree.
    pub removed: Vec<bool>,
    /// Why each removed subtree root was removed (for `--explain`).
    pub reasons: Vec<(NodeIx, &'static str)>,
    /// Class/id/role hints of every element.
    pub hints: Vec<Hint>,
    /// The text of every subtree, less what was removed ([`text_stats`] of
    /// `removed`): kept current by each removal, not measured again after it.
    pub stats: Vec<TextStat>,
}

impl Pruned {
    /// Removes the subtree at `ix` (a subtree already removed stays as it is).
    pub fn remove(&mut self, dom: &Dom, ix: NodeIx, reason: &'static str) {
        let end = dom.node(ix).end;
        if !self.removed[ix as usize] {
            self.take_stats(dom, ix);
        }
        self.removed[ix as usize..end as usize].fill(true);
        self.reasons.push((ix, reason));
    }

    /// Takes the text of the subtree at `ix` out of its ancestors' measures, as a
    /// bottom-up pass would find them without it, and empties its own.
    fn take_stats(&mut self, dom: &Dom, ix: NodeIx) {
        let gone = self.stats[ix as usize];
        let end = dom.node(ix).end;
        // Nodes inside were counted into `gone` unless already removed (then empty).
        self.stats[ix as usize..end as usize].fill(TextStat::default());
        let mut links = gone.links;
        let mut at = dom.node(ix).parent;
        while at != crate::dom::NO_PARENT {
            let s = &mut self.stats[at as usize];
            let had_text = s.chars > 0;
            // (Saturating: the counts are consistent, which the debug assertion at
            // the end of `prune` checks, but no count may wrap on any page.)
            s.chars = s.chars.saturating_sub(gone.chars);
            s.link_chars = s.link_chars.saturating_sub(gone.link_chars);
            s.commas = s.commas.saturating_sub(gone.commas);
            s.links = s.links.saturating_sub(links);
            // A link left without text is no longer counted, here or above.
            if dom.tag(at) == Tag::A && had_text && s.chars == 0 {
                s.links = s.links.saturating_sub(1);
                links += 1;
            }
            at = dom.node(at).parent;
        }
    }
}

/// How hard pruning judges boxes by their class, id and role words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Boxes named like boilerplate are removed.
    Normal,
    /// Only landmarks and hard removals: for pages where the normal pass left almost
    /// nothing (a discussion page whose "comments" are the content).
    Relaxed,
    /// As `Normal`, but boxes named like comments stay: on a page declared a forum
    /// thread they are its posts.
    Thread,
}

/// Prunes `dom` according to `config`.
pub fn prune(
    dom: &Dom,
    config: &Config,
    lex: &Lexicon,
    strictness: Strictness,
    product_page: bool,
) -> Pruned {
    let n = dom.len();
    let structural: FxHashSet<&str> = config
        .prune
        .structural_tags
        .iter()
        .map(String::as_str)
        .collect();
    let marked_only: Vec<Tag> = config
        .prune
        .marked_only_tags
        .iter()
        .map(|t| Tag::from_name(&t.to_ascii_lowercase()))
        .filter(|&t| t != Tag::Other)
        .collect();
    let removed = vec![false; n];
    let stats = text_stats(dom, &removed);
    let mut pruned = Pruned {
        removed,
        reasons: Vec::new(),
        hints: vec![Hint::default(); n],
        stats,
    };
    let mut pass = HintPass {
        dom,
        config,
        lex,
        drop_tags: DropTags::new(&config.prune.drop_tags),
        judged: Judged {
            comments_are_posts: strictness == Strictness::Thread,
            ..Judged::default()
        },
        hidden_boxes: Vec::new(),
    };
    pass.run(0, n as NodeIx, &mut pruned);

    let prose = |s: &TextStat| f64::from(s.chars - s.link_chars);
    // A box hidden by its style goes, unless the page shows next to no text of its
    // own and the box holds the page's text as a story does (see
    // `protect_text_share`): a script reveals it on load (a deferred product page, a
    // body shown once its fonts are in). Only then is the box read for hints, and the
    // boxes hidden inside it decided the same way.
    let mut hidden_boxes = std::mem::take(&mut pass.hidden_boxes);
    if !hidden_boxes.is_empty() {
        let stats = pruned.stats.clone();
        let page = prose(&stats[0]);
        let hidden: f64 = hidden_boxes
            .iter()
            .map(|&ix| prose(&stats[ix as usize]))
            .sum();
        let shows_little = page - hidden <= page * (1.0 - config.prune.protect_unmarked_share);
        let markers = if shows_little {
            story_markers(dom, &pruned)
        } else {
            Vec::new()
        };
        while let Some(ix) = hidden_boxes.pop() {
            let p = prose(&stats[ix as usize]);
            if shows_little && holds_story(p, page, markers[ix as usize] > 0, config) {
                pass.run(ix, dom.node(ix).end, &mut pruned);
                hidden_boxes.append(&mut pass.hidden_boxes);
            } else {
                pruned.remove(dom, ix, "hidden");
            }
        }
    }

    // Copies: of one line side by side (a ticker, a carousel's clones), and of a
    // whole box (a layout for another screen, a post quoted whole). One stays.
    remove_repeated_copies(dom, &mut pruned, config);
    remove_box_copies(dom, &mut pruned, config);

    // Soft removals, judged against the page's remaining text.
    let stats = pruned.stats.clone();
    let page = prose(&stats[0]);
    let markers = story_markers(dom, &pruned);
    let story_classes = if strictness != Strictness::Relaxed {
        story_classes(dom, &pruned, &stats, &markers, page, config)
    } else {
        Vec::new()
    };
    let panels = accordion_panels(dom, &pruned, &stats, config);
    let mut captions: Vec<NodeIx> = Vec::new();
    let mut i: NodeIx = 0;
    while (i as usize) < n {
        if pruned.removed[i as usize] || dom.tag(i) == Tag::Text {
            i = if pruned.removed[i as usize] {
                dom.node(i).end
            } else {
                i + 1
            };
            continue;
        }
        let s = stats[i as usize];
        // A box named like boilerplate that holds most of the prose is a layout wrapper
        // around the story when it also holds the story's headline or <article>/<main>.
        let p = prose(&s);
        let h = pruned.hints[i as usize];
        // A cookie or consent box, or a <footer>, is a wrapper around the story only
        // when the story's own marks are inside it: its text, however much, is not the
        // story's (a consent manager's settings, a shop's legal footnotes).
        let consent_box = h.boilerplate && h.consent;
        let needs_mark = consent_box || marked_only.contains(&dom.tag(i));
        let protected = if needs_mark {
            holds_story(p, page, true, config) && holds_story_tag(dom, &pruned, i)
        } else {
            holds_story(p, page, markers[i as usize] > 0, config)
                || (h.boilerplate && holds_its_story(dom, &stats, i, p, page, config))
        } || matches!(dom.tag(i), Tag::Body | Tag::Html);
        let reason = if protected {
            None
        } else if h.hidden && !panels.contains(&i) {
            Some("hidden")
        } else if structural.contains(dom.name(i)) && !h.protect {
            Some("landmark element")
        } else if h.boilerplate
            && !h.protect
            // (A consent box goes even from a page whose boxes named like boilerplate
            // are read again as its content.)
            && (consent_box
                || (strictness != Strictness::Relaxed
                    && !dom
                        .attr(i, "class")
                        .is_some_and(|c| story_classes.contains(&c))))
        {
            Some(if consent_box {
                "cookie or consent box"
            } else {
                "class, id or role names boilerplate"
            })
        } else if product_page && h.reviews && !h.protect && strictness != Strictness::Relaxed {
            Some("customer reviews on a product page")
        } else if dom.tag(i) == Tag::Form && (s.chars as usize) < config.prune.form_keep_chars {
            Some("small form")
        } else if config.prune.drop_captions
            && (s.chars as usize) <= config.prune.caption_max_chars
            && s.link_chars * 2 < s.chars
            && is_caption(dom, i)
        {
            // Decided below, once the page's captions are counted.
            captions.push(i);
            i = dom.node(i).end;
            continue;
        } else {
            None
        };
        if let Some(reason) = reason {
            pruned.remove(dom, i, reason);
            i = dom.node(i).end;
        } else {
            i += 1;
        }
    }

    // A page of many captioned pictures (a gallery, a listing of teasers) is made of
    // them: its captions stay.
    if captions.len() <= config.prune.caption_max_count {
        for ix in captions {
            if !pruned.removed[ix as usize] {
                pruned.remove(dom, ix, "figure caption");
            }
        }
    }

    // Boxes headed by a boilerplate phrase.
    let stats = pruned.stats.clone();
    let mut phrase = String::new();
    let mut i: NodeIx = 0;
    while (i as usize) < n {
        let tag = dom.tag(i);
        if pruned.removed[i as usize] || tag == Tag::Text || tag == Tag::Root {
            i = if pruned.removed[i as usize] {
                dom.node(i).end
            } else {
                i + 1
            };
            continue;
        }
        let s = stats[i as usize];
        if s.chars > 0
            && (s.chars as usize) <= lex.longest_phrase
            && dom
                .first_word_char(i)
                .is_some_and(|c| lex.may_start_phrase(c))
            && normalized_text(dom, i, lex, &mut phrase)
            && let Some(reason) = lex.normalized_phrase_reason(&phrase)
            // The page's own headline names the page ("Latest News" over an archive);
            // it heads no box of boilerplate.
            && !(i..dom.node(i).end).any(|d| dom.tag(d) == Tag::H1)
        {
            if reason == crate::config::SCRIPT_NOTICE {
                pruned.remove(dom, i, reason);
            } else if reason == crate::config::AUTHOR_BIO {
                if !product_page {
                    remove_author_box(&mut pruned, dom, &stats, i, config);
                }
            } else {
                remove_headed_box(&mut pruned, dom, &stats, i, config, reason);
            }
            i = dom.node(i).end;
            continue;
        }
        i += 1;
    }
    debug_assert!(
        pruned.stats == text_stats(dom, &pruned.removed),
        "measures kept by removals differ from a new pass"
    );
    pruned
}

/// Removes all but the first of an element's children when at least
/// `prune.repeated_copies_min` of them read the same text, of at most
/// `prune.repeated_copy_max_chars`, and no text stands between them: a ticker's copies
/// of its message, or a carousel's clones of its slides. Tables and code are data
/// whose cells and lines may well repeat, and paragraphs (`<p>`) the author's own:
/// they are left alone.
fn remove_repeated_copies(dom: &Dom, pruned: &mut Pruned, config: &Config) {
    let c = &config.prune;
    let mut kids: Vec<NodeIx> = Vec::new();
    let n = dom.len() as NodeIx;
    let mut i: NodeIx = 0;
    while i < n {
        if dom.tag(i) == Tag::Text || is_data(dom.tag(i)) || pruned.removed[i as usize] {
            i = dom.node(i).end.max(i + 1);
            continue;
        }
        kids.clear();
        let mut text_between = false;
        for k in dom.children(i) {
            let chars = pruned.stats[k as usize].chars;
            if pruned.removed[k as usize] || chars == 0 {
                continue;
            }
            if dom.tag(k) == Tag::Text {
                text_between = true;
            } else {
                kids.push(k);
            }
        }
        let chars = |k: NodeIx| pruned.stats[k as usize].chars;
        let ticker = !text_between
            && kids.len() >= c.repeated_copies_min.max(2)
            && dom.tag(kids[0]) != Tag::P
            && chars(kids[0]) as usize <= c.repeated_copy_max_chars
            && kids[1..]
                .iter()
                .all(|&k| chars(k) == chars(kids[0]) && same_words(dom, kids[0], k));
        if ticker {
            for &k in &kids[1..] {
                pruned.remove(dom, k, "a repeated copy (a ticker or a carousel's clone)");
            }
        }
        i += 1;
    }
}

/// Removes a box of blocks that reads word for word as an earlier box elsewhere on the
/// page (not around it), with at least `prune.box_copy_min_chars`: the same section
/// laid out for another screen size (a style sheet shows one at a time), an article
/// printed twice, a post quoted whole below it. Tables and code are data whose rows
/// and lines may well repeat, and paragraphs (`<p>`, or a box of text alone) are the
/// author's own, who may repeat one (a refrain, a recipe used on two days): none of
/// them is a copy.
fn remove_box_copies(dom: &Dom, pruned: &mut Pruned, config: &Config) {
    let min = config.prune.box_copy_min_chars;
    // Earlier boxes by their length: two boxes of the same length are rare but for a
    // wrapper and its content, so words are compared only then.
    let mut seen: FxHashMap<u32, Vec<NodeIx>> = FxHashMap::default();
    let n = dom.len() as NodeIx;
    let mut i: NodeIx = 0;
    while i < n {
        let tag = dom.tag(i);
        if pruned.removed[i as usize] || tag == Tag::Text || is_data(tag) {
            i = dom.node(i).end.max(i + 1);
            continue;
        }
        let chars = pruned.stats[i as usize].chars;
        if (chars as usize) < min
            || tag == Tag::P
            || !(i + 1..dom.node(i).end).any(|d| dom.tag(d).is_block())
        {
            i += 1;
            continue;
        }
        let earlier = seen.entry(chars).or_default();
        let copy = earlier
            .iter()
            .any(|&e| !dom.contains(e, i) && !pruned.removed[e as usize] && same_words(dom, e, i));
        if copy {
            pruned.remove(dom, i, "a copy of a box before it");
            i = dom.node(i).end;
        } else {
            earlier.push(i);
            i += 1;
        }
    }
}

/// Tables and code: data whose cells and lines may well repeat, never copies.
fn is_data(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Table | Tag::Pre | Tag::Code | Tag::Samp | Tag::Kbd
    )
}

/// Whether two subtrees read the same words.
fn same_words(dom: &Dom, a: NodeIx, b: NodeIx) -> bool {
    let words = |ix: NodeIx| {
        (ix..dom.node(ix).end)
            .filter(|&d| dom.tag(d) == Tag::Text && dom.node(d).chars > 0)
            .flat_map(|d| dom.text(d).split_whitespace())
    };
    words(a).eq(words(b))
}

/// An accordion's collapsed panels: hidden boxes of prose (few links), each opened by
/// a control that names it in `aria-controls`; none when fewer than
/// `prune.panel_min_count` (one panel alone is a disclosure widget beside the page).
fn accordion_panels(
    dom: &Dom,
    pruned: &Pruned,
    stats: &[TextStat],
    config: &Config,
) -> Vec<NodeIx> {
    if !pruned.hints.iter().any(|h| h.hidden) {
        return Vec::new();
    }
    let c = &config.prune;
    let controlled: FxHashSet<&str> = (0..dom.len() as NodeIx)
        .filter_map(|i| dom.attr(i, "aria-controls"))
        .flat_map(str::split_whitespace)
        .collect();
    let panels: Vec<NodeIx> = (0..dom.len() as NodeIx)
        .filter(|&i| {
            let s = &stats[i as usize];
            pruned.hints[i as usize].hidden
                && !pruned.removed[i as usize]
                && s.link_density() <= c.panel_max_link_density
                && f64::from(s.chars - s.link_chars) >= c.panel_min_prose as f64
                && dom.attr(i, "id").is_some_and(|id| controlled.contains(id))
        })
        .collect();
    if panels.len() < c.panel_min_count {
        return Vec::new();
    }
    panels
}

/// Writes the text of `ix`, normalized for phrase comparison, into `out`, straight
/// from its text nodes (no collapsed copy first); false as soon as the text cannot be
/// a phrase: its first word starts none, or, its whitespace collapsed, it is longer
/// than the longest.
fn normalized_text(dom: &Dom, ix: NodeIx, lex: &Lexicon, out: &mut String) -> bool {
    out.clear();
    let mut collapsed = 0usize;
    let mut first_word_read = false;
    for d in ix..dom.node(ix).end {
        if dom.tag(d) != Tag::Text || dom.node(d).chars == 0 {
            continue;
        }
        for word in dom.text(d).split_whitespace() {
            collapsed += word.len() + usize::from(collapsed > 0);
            if collapsed > lex.longest_phrase {
                return false;
            }
            crate::config::push_normalized(word, out);
            if !first_word_read && !out.is_empty() {
                first_word_read = true;
                let first = out.split(' ').next().unwrap_or("");
                if !lex.may_start_phrase_with(first) {
                    return false;
                }
            }
        }
    }
    true
}

/// A figure's caption: `<figcaption>`, or an element whose class or id contains
/// "caption" inside a `<figure>` or right after an image. Elsewhere the word names too
/// much else (a text style, a product tile's text, a rating's label).
fn is_caption(dom: &Dom, ix: NodeIx) -> bool {
    const WORD: &[u8] = b"caption";
    const FIGURE_LEVELS: usize = 3;
    if dom.tag(ix) == Tag::Figcaption {
        return true;
    }
    let named = [dom.attr(ix, "class"), dom.attr(ix, "id")]
        .into_iter()
        .flatten()
        .any(|v| {
            v.as_bytes()
                .windows(WORD.len())
                .any(|w| w.eq_ignore_ascii_case(WORD))
        });
    // Just `class="caption"` (not "product-caption") in a gallery: a box of several
    // pictures whose control panel repeats the current one's caption.
    let plain = dom.attr(ix, "class").is_some_and(|c| {
        c.split_ascii_whitespace()
            .any(|w| w.eq_ignore_ascii_case("caption"))
    });
    let ancestors = || {
        std::iter::successors(Some(dom.node(ix).parent), |&p| {
            (p != crate::dom::NO_PARENT).then(|| dom.node(p).parent)
        })
        .take(FIGURE_LEVELS)
        .filter(|&p| p != crate::dom::NO_PARENT)
    };
    named
        && (ancestors().any(|p| dom.tag(p) == Tag::Figure)
            || follows_image(dom, ix)
            || (plain
                && ancestors().any(|p| {
                    (p..dom.node(p).end)
                        .filter(|&d| dom.tag(d) == Tag::Img)
                        .nth(1)
                        .is_some()
                })))
}

/// Whether the element, or its parent, comes right after an element holding an image
/// (`<div class=photo><img></div><p class=caption>`).
fn follows_image(dom: &Dom, ix: NodeIx) -> bool {
    let mut node = ix;
    for _ in 0..2 {
        let parent = dom.node(node).parent;
        if parent == crate::dom::NO_PARENT {
            return false;
        }
        let mut previous = None;
        for child in dom.children(parent) {
            if child == node {
                break;
            }
            if dom.tag(child) != Tag::Text {
                previous = Some(child);
            }
        }
        if let Some(p) = previous
            && (p..dom.node(p).end).any(|d| dom.tag(d) == Tag::Img)
        {
            return true;
        }
        node = parent;
    }
    false
}

/// For every subtree, how many elements that mark a story it holds: `<h1>`,
/// `<article>`, `<main>`, or a strong content class/id/role.
fn story_markers(dom: &Dom, pruned: &Pruned) -> Vec<u32> {
    let n = dom.len();
    let mut markers = vec![0u32; n];
    for i in (0..n).rev() {
        if pruned.removed[i] {
            continue;
        }
        if matches!(dom.nodes[i].tag, Tag::H1 | Tag::Article | Tag::Main) || pruned.hints[i].protect
        {
            markers[i] += 1;
        }
        let parent = dom.nodes[i].parent;
        if parent != crate::dom::NO_PARENT {
            markers[parent as usize] += markers[i];
        }
    }
    markers
}

/// Class names that would remove the story: the boxes of one class list named like
/// boilerplate ("content-nav-section") that together hold the page's text as a story
/// does (see [`holds_story`]) are the story's sections, however the site names them.
fn story_classes<'d>(
    dom: &'d Dom,
    pruned: &Pruned,
    stats: &[TextStat],
    markers: &[u32],
    page: f64,
    config: &Config,
) -> Vec<&'d str> {
    // Class list -> (prose, marked) of the outermost boxes named like boilerplate.
    let mut groups: rustc_hash::FxHashMap<&str, (f64, bool)> = Default::default();
    let mut i: NodeIx = 0;
    while (i as usize) < dom.len() {
        let h = pruned.hints[i as usize];
        if pruned.removed[i as usize] || !h.boilerplate || h.protect {
            i += 1;
            continue;
        }
        if let Some(class) = dom.attr(i, "class").filter(|c| !c.trim().is_empty()) {
            let s = &stats[i as usize];
            let g = groups.entry(class).or_default();
            g.0 += f64::from(s.chars - s.link_chars);
            g.1 |= markers[i as usize] > 0;
        }
        i = dom.node(i).end;
    }
    groups
        .into_iter()
        .filter(|&(_, (p, marked))| holds_story(p, page, marked, config))
        .map(|(c, _)| c)
        .collect()
}

/// Whether a box with `prose` characters outside links holds the story of a page with
/// `page` of them: `protect_text_share` of them and a mark of the story (`marked`), or
/// `protect_unmarked_share` without one.
fn holds_story(prose: f64, page: f64, marked: bool, config: &Config) -> bool {
    let c = &config.prune;
    (prose >= (page * c.protect_text_share).max(1.0) && marked)
        || prose >= (page * c.protect_unmarked_share).max(1.0)
}

/// Whether a box holds an `<h1>`, `<article>` or `<main>` that is still in the page.
fn holds_story_tag(dom: &Dom, pruned: &Pruned, ix: NodeIx) -> bool {
    let mut d = ix;
    while d < dom.node(ix).end {
        if pruned.removed[d as usize] {
            d = dom.node(d).end;
            continue;
        }
        if matches!(dom.tag(d), Tag::H1 | Tag::Article | Tag::Main) {
            return true;
        }
        d += 1;
    }
    false
}

/// Whether a box holds most of the prose of the `<article>` around it, when that holds
/// the page's story: the story's body, whatever its class says (a
/// "paywall" box holding the text that subscribers read).
fn holds_its_story(
    dom: &Dom,
    stats: &[TextStat],
    ix: NodeIx,
    prose: f64,
    page: f64,
    config: &Config,
) -> bool {
    let mut at = dom.node(ix).parent;
    while at != crate::dom::NO_PARENT {
        if dom.tag(at) == Tag::Article {
            let s = stats[at as usize];
            let story = f64::from(s.chars - s.link_chars);
            return holds_story(story, page, true, config)
                && prose >= story * config.prune.protect_text_share;
        }
        at = dom.node(at).parent;
    }
    false
}

/// Removes an "About the author" heading with the box it heads: its parent (past
/// wrappers of the heading alone), when nothing stands before the heading in it and it
/// is no larger than `prune.author_box_max_chars`; else the heading alone.
fn remove_author_box(
    pruned: &mut Pruned,
    dom: &Dom,
    stats: &[TextStat],
    heading: NodeIx,
    config: &Config,
) {
    let head = outermost_wrapper(dom, stats, heading);
    let bio = parent_of(dom, head).filter(|&parent| {
        parent != 0
            && (stats[parent as usize].chars as usize) <= config.prune.author_box_max_chars
            && !content_before(dom, stats, pruned, parent, head)
    });
    pruned.remove(dom, bio.unwrap_or(heading), crate::config::AUTHOR_BIO);
}

/// The outermost element wrapping `heading` alone (inline or single-child blocks
/// around a phrase), below the root and not past a streamed boundary, whose content
/// belongs at its placeholder, not among its siblings.
fn outermost_wrapper(dom: &Dom, stats: &[TextStat], heading: NodeIx) -> NodeIx {
    let mut head = heading;
    while let Some(parent) = parent_of(dom, head) {
        if stats[parent as usize].chars != stats[head as usize].chars
            || parent == 0
            || is_streamed_boundary(dom, parent)
        {
            break;
        }
        head = parent;
    }
    head
}

/// Whether `parent` holds text, not yet removed, before its child `head`.
fn content_before(
    dom: &Dom,
    stats: &[TextStat],
    pruned: &Pruned,
    parent: NodeIx,
    head: NodeIx,
) -> bool {
    dom.children(parent)
        .take_while(|&c| c != head)
        .any(|c| stats[c as usize].chars > 0 && !pruned.removed[c as usize])
}

/// Removes a boilerplate heading and what it heads: the siblings after it that look
/// like teasers or links, and its whole parent when nothing else is left in it.
fn remove_headed_box(
    pruned: &mut Pruned,
    dom: &Dom,
    stats: &[TextStat],
    heading: NodeIx,
    config: &Config,
    reason: &'static str,
) {
    pruned.remove(dom, heading, reason);
    let head = outermost_wrapper(dom, stats, heading);
    let Some(parent) = parent_of(dom, head) else {
        return;
    };
    let content_before = content_before(dom, stats, pruned, parent, head);
    let mut all_after_gone = true;
    let mut sib = dom.node(head).end;
    while sib < dom.node(parent).end {
        if is_streamed_boundary(dom, sib) {
            all_after_gone = false;
            break;
        }
        let s = stats[sib as usize];
        let text = dom.collapsed_text_limited(sib, config.prune.teaser_max_chars * 4);
        let teaser = s.link_density() > config.prune.teaser_link_density
            || crate::text::ends_cut_short(&text)
            || ((s.chars as usize) < config.prune.teaser_max_chars && !ends_sentence(&text));
        if !teaser {
            all_after_gone = false;
            break;
        }
        if s.chars > 0 {
            pruned.remove(dom, sib, "teaser after a boilerplate heading");
        }
        sib = dom.node(sib).end;
    }
    let ps = stats[parent as usize];
    if !content_before
        && all_after_gone
        && parent != 0
        && f64::from(ps.chars) < f64::from(stats[0].chars) * config.prune.protect_text_share
    {
        pruned.remove(dom, parent, "box headed by a boilerplate phrase");
    }
}

/// Whether a text ends with sentence punctuation, as a story's paragraph does and a
/// bare headline does not.
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')'])
        .ends_with(['.', '!', '?', '。', '！', '？', ':'])
}

fn parent_of(dom: &Dom, ix: NodeIx) -> Option<NodeIx> {
    let p = dom.node(ix).parent;
    (p != crate::dom::NO_PARENT).then_some(p)
}

/// A collapsed section: a tab panel or an accordion's panel (`role="region"`), hidden
/// until its tab or heading is clicked, but one of the page's own sections (the same
/// example in several languages, a product's details beside its description, the steps
/// of a guide).
fn is_collapsed_section(dom: &Dom, ix: NodeIx) -> bool {
    dom.attr(ix, "role").is_some_and(|r| {
        let r = r.trim();
        r.eq_ignore_ascii_case("tabpanel") || r.eq_ignore_ascii_case("region")
    })
}

/// A React server-streamed boundary (`<div hidden id="S:4">`): content rendered after
/// the shell, parked hidden at the end of the page until a script swaps it into its
/// placeholder (`<template id="B:4">`). Readers see it.
fn is_streamed_boundary(dom: &Dom, ix: NodeIx) -> bool {
    dom.attr(ix, "id").is_some_and(|id| {
        id.strip_prefix("S:")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric()))
    })
}

/// Whether an element is hidden from readers by its style or for assistive technology.
fn is_styled_hidden(dom: &Dom, ix: NodeIx) -> bool {
    if is_collapsed_section(dom, ix) {
        return false;
    }
    if dom.attr(ix, "aria-hidden") == Some("true") {
        return true;
    }
    dom.attr(ix, "style").is_some_and(|style| {
        declares(style, b"display:none") || declares(style, b"visibility:hidden")
    })
}

/// Whether a style attribute holds `pattern` (lowercase, without spaces), read with its
/// whitespace skipped and its letters in any case: `Display : NONE` holds
/// `display:none`. One pass, no allocation (many elements carry a style): a failed
/// match restarts at the byte that failed, which finds every match when the pattern's
/// first byte occurs nowhere else in it.
fn declares(style: &str, pattern: &[u8]) -> bool {
    debug_assert!(!pattern.is_empty() && !pattern[1..].contains(&pattern[0]));
    let mut matched = 0;
    for b in style.bytes() {
        if b.is_ascii_whitespace() {
            continue;
        }
        let b = b.to_ascii_lowercase();
        if b == pattern[matched] {
            matched += 1;
            if matched == pattern.len() {
                return true;
            }
        } else {
            matched = usize::from(b == pattern[0]);
        }
    }
    false
}

/// `prune.drop_tags`, split by what the arena knows: a name with a [`Tag`] of its own
/// is one table lookup; only the elements the arena calls `Other` have their name read
/// and looked up (most elements are `div`, `a`, `span`, `p`, `li`).
struct DropTags<'c> {
    known: [bool; Tag::COUNT],
    other: FxHashSet<&'c str>,
}

impl<'c> DropTags<'c> {
    fn new(names: &'c [String]) -> Self {
        let mut known = [false; Tag::COUNT];
        let mut other = FxHashSet::default();
        for name in names {
            match Tag::from_name(name) {
                Tag::Other => {
                    other.insert(name.as_str());
                }
                tag => known[tag as usize] = true,
            }
        }
        DropTags { known, other }
    }

    fn drops(&self, dom: &Dom, ix: NodeIx, tag: Tag) -> bool {
        if tag == Tag::Other {
            !self.other.is_empty() && self.other.contains(dom.name(ix))
        } else {
            self.known[tag as usize]
        }
    }
}

/// The first pass of a prune: hard removals, and the hints of each element. Boxes
/// hidden by their style are set aside whole, to be decided once the page's text is
/// counted.
struct HintPass<'d, 'c> {
    dom: &'d Dom,
    config: &'c Config,
    lex: &'c Lexicon,
    drop_tags: DropTags<'c>,
    // A page repeats its class words on many elements: each is judged once. Whole
    // class lists repeat too (utility-class pages give each element a dozen words):
    // each list is judged once.
    judged: Judged<'d>,
    hidden_boxes: Vec<NodeIx>,
}

impl HintPass<'_, '_> {
    /// Runs over the elements of `from..to`; a hidden box at `from` itself is read.
    fn run(&mut self, from: NodeIx, to: NodeIx, pruned: &mut Pruned) {
        let dom = self.dom;
        let mut i = from;
        // The end of the code block (`<pre>`, `<code>`) being read: the class words of
        // the elements inside name a syntax highlighter's tokens ("comment", "meta",
        // "title"), not boxes of the page, so they give no hints.
        let mut code_end = from;
        while i < to {
            let tag = dom.tag(i);
            if tag == Tag::Text || tag == Tag::Root {
                i += 1;
                continue;
            }
            if self.drop_tags.drops(dom, i, tag) {
                pruned.remove(dom, i, "tag never holds content");
                i = dom.node(i).end;
                continue;
            }
            if i != from && is_styled_hidden(dom, i) {
                self.hidden_boxes.push(i);
                i = dom.node(i).end;
                continue;
            }
            if tag == Tag::A && is_permalink_symbol(dom, i, &self.config.prune.permalink_symbols) {
                pruned.remove(dom, i, "permalink symbol");
                i = dom.node(i).end;
                continue;
            }
            if i >= code_end {
                pruned.hints[i as usize] = hint(dom, i, self.config, self.lex, &mut self.judged);
                if matches!(tag, Tag::Pre | Tag::Code) {
                    code_end = dom.node(i).end;
                }
            }
            // The `hidden` attribute is where pages streamed by JavaScript frameworks
            // park content before moving it into place; judged like a landmark, by its
            // text.
            pruned.hints[i as usize].hidden = dom.attr(i, "hidden").is_some()
                && !is_collapsed_section(dom, i)
                && !is_streamed_boundary(dom, i);
            i += 1;
        }
    }
}

/// The part of a class word that names the element: after the last `:`. Utility-class
/// pages prefix a style with the condition it holds in (`md:hidden`, `hover:underline`,
/// `[.sidebar-open_&]:pl-4`), and a condition names the screen, a state or another
/// element: a sidebar named there does not make this element one.
fn utility(word: &str) -> &str {
    word.rsplit(':').next().unwrap_or(word)
}

/// Class words (and ids) and whole class lists already judged on this page.
#[derive(Default)]
struct Judged<'d> {
    words: FxHashMap<&'d str, Hint>,
    lists: FxHashMap<&'d str, Hint>,
    /// Scratch for a word being judged.
    bytes: Vec<u8>,
    /// Words naming comments do not mark boilerplate (a forum thread's posts).
    comments_are_posts: bool,
}

impl<'d> Judged<'d> {
    fn word(&mut self, word: &'d str, lex: &Lexicon) -> Hint {
        *self
            .words
            .entry(word)
            .or_insert_with(|| judge_word(word, lex, &mut self.bytes, self.comments_are_posts))
    }
}

impl Hint {
    /// Adds what the class words or id of `other` mark (not `hidden`).
    fn add(&mut self, other: Hint) {
        self.boilerplate |= other.boilerplate;
        self.penalty |= other.penalty;
        self.content |= other.content;
        self.protect |= other.protect;
        self.reviews |= other.reviews;
        self.consent |= other.consent;
    }
}

/// Reads the class words, id, role and itemprop of an element.
fn hint<'d>(
    dom: &'d Dom,
    ix: NodeIx,
    config: &Config,
    lex: &Lexicon,
    judged: &mut Judged<'d>,
) -> Hint {
    let mut h = Hint::default();
    if let Some(class) = dom.attr(ix, "class") {
        let list = match judged.lists.get(class) {
            Some(&j) => j,
            None => {
                let mut j = Hint::default();
                for word in class.split_ascii_whitespace() {
                    j.add(judged.word(utility(word), lex));
                }
                judged.lists.insert(class, j);
                j
            }
        };
        h.add(list);
    }
    if let Some(id) = dom.attr(ix, "id") {
        h.add(judged.word(id, lex));
    }
    if let Some(role) = dom.attr(ix, "role") {
        let role = role.trim();
        if config
            .prune
            .remove_roles
            .iter()
            .any(|r| r.eq_ignore_ascii_case(role))
        {
            h.boilerplate = true;
        }
        if config
            .prune
            .content_roles
            .iter()
            .any(|r| r.eq_ignore_ascii_case(role))
        {
            h.content = true;
        }
    }
    if let Some(prop) = dom.attr(ix, "itemprop")
        && (prop.contains("articleBody") || prop.contains("text"))
    {
        h.content = true;
        h.protect = true;
    }
    h
}

/// Judges one class word (or id).
///
/// - A word that starts with a modifier ("no-sidebar", "has-comments") says nothing.
/// - Any boilerplate part makes it boilerplate ("entry-meta", "post-comments"), unless
///   a part names an embedded post ("social-media-embed"). With `comments_are_posts`,
///   parts naming comments do not count.
/// - It marks content when its last part, after trailing layout words ("wrap",
///   "inner", ...), is a content word: "article-body", "entry-content-wrap", but not
///   "article-info", nor utility classes such as "text-gray-800".
fn judge_word(word: &str, lex: &Lexicon, buf: &mut Vec<u8>, comments_are_posts: bool) -> Hint {
    let mut h = Hint::default();
    // The word lowercased, then (after it in the same buffer) joined: "related-posts"
    // also as "relatedposts". The parts are slices of the lowercased word, split on
    // bytes: each byte of a multi-byte character parts words as the character does,
    // so the parts and the joined word are ASCII letters and digits.
    buf.clear();
    buf.extend(word.bytes().map(|b| b.to_ascii_lowercase()));
    let split = buf.len();
    for i in 0..split {
        let b = buf[i];
        if b.is_ascii_alphanumeric() {
            buf.push(b);
        }
    }
    let (lower, joined) = buf.split_at(split);
    let removes = |k: TokenKinds| {
        k.has(TokenKinds::REMOVE) && !(comments_are_posts && k.has(TokenKinds::COMMENT))
    };
    let joined_kinds = lex.token_kinds(joined);
    h.boilerplate = removes(joined_kinds);
    h.penalty = joined_kinds.has(TokenKinds::PENALTY);
    h.consent = joined_kinds.has(TokenKinds::CONSENT);
    let mut count = 0;
    let mut embed = false;
    // The kinds of the last part that is not a layout word or a number.
    let mut last = TokenKinds::default();
    for part in lower.split(|b| !b.is_ascii_alphanumeric()) {
        if part.is_empty() {
            continue;
        }
        let kinds = lex.token_kinds(part);
        if count == 0 && kinds.has(TokenKinds::MODIFIER) {
            return Hint::default();
        }
        count += 1;
        h.boilerplate |= removes(kinds);
        h.penalty |= kinds.has(TokenKinds::PENALTY);
        h.reviews |= kinds.has(TokenKinds::REVIEW);
        h.consent |= kinds.has(TokenKinds::CONSENT);
        embed |= kinds.has(TokenKinds::EMBED);
        if !(kinds.has(TokenKinds::LAYOUT) || part.iter().all(u8::is_ascii_digit)) {
            last = kinds;
        }
    }
    // A post embedded in the story ("social-media-embed", "twitter-tweet") is quoted
    // content, not a share bar.
    if embed {
        h.boilerplate = false;
        h.penalty = false;
    }
    let joined_content = count == 1 && joined_kinds.has(TokenKinds::CONTENT);
    h.content = (joined_content || last.has(TokenKinds::CONTENT)) && !(h.boilerplate || h.penalty);
    h.protect = h.content && last.has(TokenKinds::PROTECT);
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    #[test]
    fn a_text_is_normalized_only_while_it_may_be_a_phrase() {
        let lex = Lexicon::new(&Config::default().prune);
        let dom = parse(
            "<body><h3>Related  Articles:</h3><h3>Quarterly results of the firm</h3></body>",
            crate::parse::Prepare::new(100, 512),
        );
        let heads: Vec<NodeIx> = (0..dom.len() as NodeIx)
            .filter(|&i| dom.tag(i) == Tag::H3)
            .collect();
        let mut out = String::new();
        assert!(normalized_text(&dom, heads[0], &lex, &mut out));
        assert_eq!(out, "related articles");
        assert!(lex.normalized_phrase_reason(&out).is_some());
        // No phrase starts with "quarterly": the rest is not even read.
        assert!(!normalized_text(&dom, heads[1], &lex, &mut out));
        assert_eq!(out, "quarterly");
    }

    #[test]
    fn a_style_declares_hiding_in_any_spacing_and_case() {
        assert!(declares("display:none", b"display:none"));
        assert!(declares("width: 3px; Display : NONE ;", b"display:none"));
        assert!(declares("ddisplay:none", b"display:none"));
        assert!(declares("visibility:\thidden", b"visibility:hidden"));
        assert!(!declares("display:block; none", b"display:none"));
        assert!(!declares("display:non", b"display:none"));
        assert!(!declares("", b"display:none"));
    }

    #[test]
    fn dropped_tags_are_found_by_tag_or_by_name() {
        let names: Vec<String> = ["script", "label", "svg"].map(String::from).to_vec();
        let drop = DropTags::new(&names);
        let dom = parse(
            "<body><label>a</label><svg></svg><div>b</div><script></script></body>",
            crate::parse::Prepare::new(100, 512),
        );
        let dropped: Vec<&str> = (0..dom.len() as NodeIx)
            .filter(|&i| drop.drops(&dom, i, dom.tag(i)))
            .map(|i| dom.name(i))
            .collect();
        assert_eq!(dropped, ["label", "svg", "script"]);
    }

    #[test]
    fn a_hidden_box_stays_only_when_it_holds_the_page_a_script_reveals() {
        let story =
            "The council met on Monday and agreed, after a long debate, to repair the coast road. ";
        // The page shows next to nothing: its story waits, hidden, for a script.
        let deferred = format!(
            "<body><header>Shop</header><div style='display: none'><article><h1>Lamp</h1>\
             <p>{}</p><div style='display:none'>Menu of the hidden header</div></article></div></body>",
            story.repeat(6)
        );
        let kept = kept_text(&deferred);
        assert!(kept.contains("The council met"), "{kept}");
        assert!(!kept.contains("Menu of the hidden"), "{kept}");
        // A page that shows its story: a larger hidden box (a stream of teasers) goes.
        let shown = format!(
            "<body><article><h1>Road</h1><p>{}</p></article>\
             <div style='display:none'><h1>More</h1><p>{}</p></div></body>",
            story.repeat(3),
            "Another story, teased at length, with its summary. ".repeat(12)
        );
        let kept = kept_text(&shown);
        assert!(kept.contains("The council met"), "{kept}");
        assert!(!kept.contains("Another story"), "{kept}");
    }

    #[test]
    fn a_boilerplate_heading_goes_with_its_kind_named() {
        let dom = parse(
            "<article><p>The council met on Monday and agreed to repair the coast road.</p>\
             <div><h3>Lesen Sie auch</h3><ul><li><a href=/a>Other story</a></li></ul></div></article>",
            crate::parse::Prepare::new(100, 512),
        );
        let config = Config::default();
        let lex = Lexicon::new(&config.prune);
        let p = prune(&dom, &config, &lex, Strictness::Normal, false);
        assert!(
            p.reasons
                .iter()
                .any(|(_, r)| *r == "boilerplate heading: related stories"),
            "{:?}",
            p.reasons
        );
    }

    #[test]
    fn permalink_symbols_go_and_footnote_links_stay() {
        let html = "<h2>Basic usage<a class=x href='#basic'>¶</a></h2>\
            <p>See the note<a href='#fn1'>1</a> and <a href='/other'>¶</a>.</p>";
        assert_eq!(kept_text(html), "Basic usage|See the note|1|and|¶|.");
    }

    #[test]
    fn removals_keep_the_measures_a_new_pass_would_find() {
        let html = "<body><div id=a><p>One, two <a href=x>link <b>bold</b></a></p>\
                    <p><a href=y><i>all of a link</i></a> and more, text</p></div>\
                    <div id=b><a href=z>lone</a><p>prose, here</p></div></body>";
        let dom = parse(html, crate::parse::Prepare::new(100, 512));
        let none = vec![false; dom.len()];
        let mut p = Pruned {
            removed: none.clone(),
            reasons: Vec::new(),
            hints: vec![Hint::default(); dom.len()],
            stats: text_stats(&dom, &none),
        };
        let named = |tag: Tag, nth: usize| {
            (0..dom.len() as NodeIx)
                .filter(|&i| dom.tag(i) == tag)
                .nth(nth)
                .unwrap()
        };
        // Inside a link (which keeps its text), the whole text of a link (which then
        // no longer counts), a box around an already removed node, and that node again.
        for ix in [
            named(Tag::B, 0),
            named(Tag::I, 0),
            named(Tag::P, 2),
            named(Tag::Div, 1),
            named(Tag::P, 2),
        ] {
            p.remove(&dom, ix, "test");
            assert_eq!(p.stats, text_stats(&dom, &p.removed), "after removing {ix}");
        }
        assert_eq!(p.stats[0].links, 1);
    }

    #[test]
    fn a_posts_signature_goes() {
        let post = |name: &str| {
            format!(
                "<div class='post'><div class='post-body'><p>{name} thinks the cheaper board is fine for this build, since nothing in the list needs the extra lanes.</p></div>\
                 <div class='post-signature'><p>{name}'s rig: Ryzen 5 7600, 32 GB, RX 7800 XT. Message me for help.</p></div></div>"
            )
        };
        let kept = kept_text(&format!(
            "<body><main>{}{}</main></body>",
            post("Ann"),
            post("Bo")
        ));
        assert!(
            kept.contains("Ann thinks") && kept.contains("Bo thinks"),
            "{kept}"
        );
        assert!(!kept.contains("rig:"), "{kept}");
    }

    #[test]
    fn a_tickers_copies_go_but_one_and_repeated_data_stays() {
        let copy = "<span>Book now <b>*</b></span>";
        let ticker = format!("<div class='track'>{}</div>", copy.repeat(6));
        let kept = kept_text(&format!("<body>{STORY}{ticker}</body>"));
        assert_eq!(kept.matches("Book now").count(), 1, "{kept}");
        assert!(kept.starts_with("The council"), "{kept}");
        // Three copies are a list that happens to repeat; table cells and lines of
        // code are data; so is a paragraph repeated word for word.
        let three = format!("<ul>{}</ul>", "<li>Sold out</li>".repeat(3));
        let table = format!("<table><tr>{}</tr></table>", "<td>Rest day</td>".repeat(5));
        let code = format!("<pre>{}</pre>", "<span>push(1);</span>".repeat(5));
        let lorem = STORY.repeat(4);
        let kept = kept_text(&format!("<body>{three}{table}{code}{lorem}</body>"));
        assert_eq!(kept.matches("Sold out").count(), 3, "{kept}");
        assert_eq!(kept.matches("Rest day").count(), 5, "{kept}");
        assert_eq!(kept.matches("push(1);").count(), 5, "{kept}");
        assert_eq!(kept.matches("The council").count(), 4, "{kept}");
        // Words between the copies make them one sentence.
        let sentence = format!("<p>{}</p>", "<a href=/x>again</a> and ".repeat(5));
        assert_eq!(kept_text(&sentence).matches("again").count(), 5);
    }

    #[test]
    fn a_box_copied_elsewhere_is_kept_once_but_repeated_paragraphs_stay() {
        let section = format!(
            "<h2>How it works</h2>{STORY}<p>Each team sees the plan as it changes, and each change is kept with its reason, so that nothing is lost.</p><ul><li>Plan the work</li><li>Share the plan</li></ul>"
        );
        // Laid out for two screens side by side, or printed again further down.
        for page in [
            format!(
                "<body><main><div class='wide'>{section}</div><div class='narrow'>{section}</div></main></body>"
            ),
            format!(
                "<body><main><div class='a'><div>{section}</div></div><p>{STORY}</p><section><div>{section}</div></section></main></body>"
            ),
        ] {
            let kept = kept_text(&page);
            assert_eq!(kept.matches("Share the plan").count(), 1, "{kept}");
            assert_eq!(kept.matches("Each team").count(), 1, "{kept}");
        }
        // Paragraphs, and boxes of text alone, repeated word for word are the page's.
        let para = "The council met on Monday to discuss the budget, which has grown by a third since last year, and agreed to a plan that the mayor put forward in the spring.";
        let page = format!(
            "<body><article>{}<div>{para}</div><div>{para}</div></article></body>",
            format!("<p>{para}</p>").repeat(4)
        );
        assert_eq!(kept_text(&page).matches("The council").count(), 6);
        // A box holding its copy's words and more is not a copy.
        let page = format!(
            "<body><main><div>{section}</div><div>{section}<p>And one more line.</p></div></main></body>"
        );
        assert_eq!(kept_text(&page).matches("Share the plan").count(), 2);
    }

    #[test]
    fn an_authors_bio_goes_with_its_heading_but_not_on_a_product_page() {
        let page = format!(
            "<body><article>{STORY}{STORY}<section class='box'><h3>About the Author</h3><p>Ann Lee covers the city council.</p><p>She lives in the valley.</p></section></article></body>"
        );
        let kept = kept_text(&page);
        assert!(
            kept.contains("The council") && !kept.contains("Ann Lee"),
            "{kept}"
        );
        assert!(!kept.contains("About the Author"), "{kept}");
        let dom = parse(&page, crate::parse::Prepare::new(100, 512));
        let config = Config::default();
        let lex = Lexicon::new(&config.prune);
        let p = prune(&dom, &config, &lex, Strictness::Normal, true);
        let ann = (0..dom.len() as NodeIx)
            .find(|&i| dom.text(i).contains("Ann Lee"))
            .expect("the bio's text");
        assert!(!p.removed[ann as usize], "a book's author is the product's");
        // A story longer than a bio, headed by the words, stays.
        let page = format!(
            "<body><article><h2>About the author</h2>{}</article></body>",
            STORY.repeat(20)
        );
        assert!(kept_text(&page).contains("The council"));
    }

    fn kept_text(html: &str) -> String {
        let dom = parse(html, crate::parse::Prepare::new(100, 512));
        let config = Config::default();
        let lex = Lexicon::new(&config.prune);
        let p = prune(&dom, &config, &lex, Strictness::Normal, false);
        (0..dom.len() as NodeIx)
            .filter(|&i| dom.tag(i) == Tag::Text && !p.removed[i as usize])
            .map(|i| dom.text(i).trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("|")
    }

    const STORY: &str = "<p>The council met on Monday to discuss the budget, which has grown by a third since last year, and agreed to a plan.</p>";

    #[test]
    fn drops_scripts_hidden_and_landmarks() {
        let page = format!(
            "<body><nav>Home News</nav><script>x()</script><div style='display: none'>secret</div><p hidden>x</p>{STORY}<footer>Copyright</footer></body>"
        );
        assert!(kept_text(&page).starts_with("The council"));
        assert!(!kept_text(&page).contains("Copyright"));
    }

    #[test]
    fn figure_captions_go_and_caption_styled_text_elsewhere_stays() {
        let page = format!(
            "<body><div class='product-caption'>Blue kettle, 1.5 litres</div>{STORY}\
             <figure><img src=a.jpg><figcaption>The council chamber on Monday. \
             Photo: J. Smith</figcaption></figure><figure><img src=b.jpg>\
             <div class='wp-caption-text'>The mayor speaks.</div></figure>\
             <figcaption><a href='/gallery'>More pictures of the council in our gallery</a></figcaption>\
             </body>"
        );
        assert_eq!(
            kept_text(&page),
            format!(
                "Blue kettle, 1.5 litres|{}|More pictures of the council in our gallery",
                &STORY[3..STORY.len() - 4]
            )
        );
        // --favor recall keeps them.
        let config = Config::default()
            .favoring(crate::config::Favor::Recall)
            .unwrap();
        assert!(!config.prune.drop_captions);
        // Right after an image, a caption-classed box is a caption too.
        let page = format!(
            "<body>{STORY}<div class='photo'><img src=c.jpg></div>\
             <p class='caption'>The hall at night.</p></body>"
        );
        assert_eq!(kept_text(&page), &STORY[3..STORY.len() - 4]);
        // A page of many captioned pictures (a gallery) keeps them.
        let tiles: String = (0..30)
            .map(|k| format!("<figure><img src={k}.jpg><figcaption>Tile {k}</figcaption></figure>"))
            .collect();
        assert!(kept_text(&format!("<body>{STORY}{tiles}</body>")).ends_with("Tile 29"));
    }

    #[test]
    fn class_words_are_judged_one_by_one() {
        let page = format!(
            "<body><div class='post-comments'>Nice post!</div><div class='article-body has-sidebar'>{STORY}</div><div class='related-posts'>Other</div></body>"
        );
        assert_eq!(
            kept_text(&page),
            "The council met on Monday to discuss the budget, which has grown by a third since last year, and agreed to a plan."
        );
    }

    #[test]
    fn modifier_words_and_body_are_never_boxes() {
        let page = format!(
            "<body class='single no-sidebar'><div class='has-sidebar'>{STORY}</div></body>"
        );
        assert!(kept_text(&page).contains("council"));
        let page = format!("<body class='sidebar'>{STORY}</body>");
        assert!(kept_text(&page).contains("council"));
    }

    #[test]
    fn hidden_tab_panels_are_sections_of_the_page() {
        let page = format!(
            "<body>{STORY}<div role='tablist'><button>Python</button><button>Ruby</button></div>\
             <div role='tabpanel'><pre>print(1)</pre></div>\
             <div role='tabpanel' hidden style='display:none'><pre>puts 1</pre></div>\
             <div hidden style='display:none'>A hidden menu</div></body>"
        );
        let kept = kept_text(&page);
        assert!(
            kept.contains("print(1)") && kept.contains("puts 1"),
            "{kept}"
        );
        assert!(!kept.contains("A hidden menu"), "{kept}");
    }

    #[test]
    fn a_formula_is_part_of_its_sentence() {
        let page = "<p>When <math><mi>a</mi><mo>≠</mo><mn>0</mn></math>, there are two solutions \
             <math><semantics><mrow><mi>x</mi><mo>=</mo><mn>1</mn></mrow>\
             <annotation encoding='application/x-tex'>x = 1</annotation></semantics></math>.</p>";
        let kept = kept_text(page);
        assert!(kept.contains("a|≠|0") && kept.contains("x|=|1"), "{kept}");
        assert!(
            !kept.contains("x = 1"),
            "the TeX source is not shown: {kept}"
        );
    }

    #[test]
    fn a_notice_that_the_page_needs_javascript_goes_alone() {
        let page = format!(
            "<body>{STORY}<div class='gallery'><p>This slideshow requires JavaScript.</p>\
             <p>Short caption</p></div><noscript>You need to enable JavaScript to run this app.</noscript></body>"
        );
        let kept = kept_text(&page);
        assert!(!kept.contains("requires JavaScript"), "{kept}");
        assert!(!kept.contains("enable JavaScript"), "{kept}");
        // What follows a notice is not a list it heads.
        assert!(kept.contains("Short caption"), "{kept}");
    }

    #[test]
    fn hidden_panels_opened_by_their_buttons_are_an_accordion() {
        let answer = |n: usize| {
            format!(
                "<p>Offering {n} helps teams plan, build and measure their data work, with advisors who have done it before and tools that fit what they already run, from the first workshop to the last report.</p>"
            )
        };
        let item = |n: usize| {
            format!(
                "<dt><button aria-controls='panel-{n}' aria-expanded='false'>Offering {n}</button></dt>\
                 <dd id='panel-{n}' hidden>{}</dd>",
                answer(n)
            )
        };
        let menu = "<div id='menu' hidden><a href='/a'>Audit and assurance services</a> <a href='/b'>Tax services for firms</a> <a href='/c'>Consulting for the public sector</a> <a href='/d'>Careers</a></div>";
        let page = format!(
            "<body>{STORY}<button aria-controls='menu'>Menu</button>{menu}<dl>{}{}</dl></body>",
            item(1),
            item(2)
        );
        let kept = kept_text(&page);
        assert!(
            kept.contains("Offering 1 helps") && kept.contains("Offering 2 helps"),
            "{kept}"
        );
        assert!(!kept.contains("Tax services"), "{kept}");
        // One panel alone is a disclosure widget beside the page, not its sections.
        let page = format!("<body>{STORY}<dl>{}</dl></body>", item(1));
        assert!(!kept_text(&page).contains("Offering 1 helps"));
    }

    #[test]
    fn collapsed_accordion_panels_are_sections_of_the_page() {
        let page = format!(
            "<body>{STORY}<div class='accordion'><a role='button' aria-controls='p1'>1. Understand your bill</a>\
             <div id='p1' role='region' style='display:none'><p>Look for your yearly use in kilowatt-hours.</p></div></div>\
             <div style='display:none'>A hidden menu</div></body>"
        );
        let kept = kept_text(&page);
        assert!(kept.contains("yearly use in kilowatt-hours"), "{kept}");
        assert!(!kept.contains("A hidden menu"), "{kept}");
    }

    #[test]
    fn hidden_box_holding_the_page_is_kept() {
        let page = format!("<body><div hidden id='app'>{STORY}</div><div>Loading</div></body>");
        assert!(kept_text(&page).contains("council"));
        // Hidden by its style while "Loading" is all the page shows: kept too.
        let page =
            format!("<body><div style='display:none'>{STORY}</div><div>Loading</div></body>");
        assert!(kept_text(&page).contains("council"));
    }

    #[test]
    fn content_is_read_from_the_last_part_of_a_class_word() {
        let lex = Lexicon::new(&Config::default().prune);
        let mut buf = Vec::new();
        for word in [
            "article-body",
            "entry-content-wrap",
            "post_content",
            "articleBody",
            "main-content-inner-2",
        ] {
            assert!(judge_word(word, &lex, &mut buf, false).content, "{word}");
        }
        for word in [
            "text-gray-800",
            "article-info",
            "place-content-between",
            "no-content",
            "content-sidebar",
        ] {
            assert!(!judge_word(word, &lex, &mut buf, false).content, "{word}");
        }
        assert!(judge_word("content-sidebar", &lex, &mut buf, false).boilerplate);
    }

    #[test]
    fn penalty_words_do_not_remove() {
        let page = format!("<body><div class='widget-span'>{STORY}</div><nav>x</nav></body>");
        assert!(kept_text(&page).contains("council"));
    }

    #[test]
    fn a_box_holding_most_text_is_protected() {
        let page = format!(
            "<body><div class='sidebar-layout'><h1>Budget</h1>{STORY}{STORY}</div><p>x</p></body>"
        );
        assert!(kept_text(&page).contains("council"));
    }

    #[test]
    fn a_comment_box_longer_than_the_story_still_goes() {
        let comment = "<p>I disagree with the council about this, and I have said so at every meeting since the spring.</p>";
        let page = format!(
            "<body><article>{STORY}</article><div id='comment-box' class='user-post-box'>{}</div></body>",
            comment.repeat(3)
        );
        let kept = kept_text(&page);
        assert!(
            kept.contains("council met") && !kept.contains("disagree"),
            "{kept}"
        );
    }

    #[test]
    fn phrase_headed_teasers_go() {
        let page = format!(
            "<body><div>{STORY}</div><div><h3>Must Read</h3><h4><a href='/x'>Why were three brigadiers off-loaded?</a></h4><p>Three retired brigadiers were off-loaded from a flight. The...</p></div></body>"
        );
        let kept = kept_text(&page);
        assert!(
            !kept.contains("Must Read") && !kept.contains("brigadiers"),
            "{kept}"
        );
        assert!(kept.contains("council"));
    }

    #[test]
    fn phrase_in_a_story_paragraph_stays() {
        let page = format!(
            "<body>{STORY}<p>Read more</p><p>Read more about the plan in the minutes, which the council published on its website on Tuesday afternoon for all residents.</p></body>"
        );
        let kept = kept_text(&page);
        assert!(kept.contains("minutes"), "{kept}");
    }

    #[test]
    fn comment_forms_go() {
        let page = format!(
            "<body>{STORY}<form><label>Please enter your comment!</label><textarea></textarea><input placeholder='Please enter your name here'></form></body>"
        );
        assert!(!kept_text(&page).contains("Please"));
    }
}
