//! Stage 5, score: find the element that holds the article body.
//!
//! Every run of inline text is attributed to its nearest block element. A block with
//! enough text scores `base + commas + length points`, and passes that score up to the
//! containers above it (its parent in full, its grandparent in half, further ancestors
//! in smaller shares). A container's total, plus a bonus for its tag and its class/id
//! words, is scaled by the share of its text that is not links. The best container
//! wins; when several close rivals share an ancestor (an article split into sections),
//! or the parent keeps most of the score, the choice moves up.

use crate::config::Config;
use crate::dom::{Dom, NO_PARENT, NodeIx, Tag, TextStat};
use crate::prune::Pruned;

/// Per-node scoring results.
pub struct Scores {
    /// Text measures of every subtree after pruning.
    pub stats: Vec<TextStat>,
    /// Inline text attributed to each block element (its own paragraph text).
    pub own: Vec<TextStat>,
    /// Final candidate score of every element (0 for non-candidates).
    pub score: Vec<f64>,
    /// Whether the element received any score.
    pub candidate: Vec<bool>,
    /// Paragraph prose of every subtree: characters of blocks long enough to count,
    /// less their link text.
    pub prose: Vec<f64>,
    /// Headings with text in every subtree, and of those the ones that link away.
    pub headings: Vec<(u32, u32)>,
    /// Prose of excerpts cut short ("..."), summed over the nodes before each node in
    /// document order (one more entry than nodes): teasers for other pages, counted in
    /// any subtree or range by one subtraction.
    pub excerpts_before: Vec<f64>,
    /// The chosen container.
    pub top: NodeIx,
}

/// Tags whose inline text forms a paragraph that scores its ancestors, not itself.
fn is_paragraph_tag(tag: Tag) -> bool {
    use Tag::*;
    matches!(
        tag,
        P | Pre
            | Td
            | Th
            | Li
            | Dd
            | Dt
            | Blockquote
            | H1
            | H2
            | H3
            | H4
            | H5
            | H6
            | Figcaption
            | Caption
            | Address
            | Summary
    )
}

/// The bonus or penalty a candidate gets for its tag.
fn tag_weight(tag: Tag, c: &crate::config::ScoreConfig) -> f64 {
    use Tag::*;
    match tag {
        Div | Section => c.tag_bonus_div,
        Article | Main => c.tag_bonus_article,
        Pre | Td | Blockquote => c.tag_bonus_quote_pre_td,
        Address | Ol | Ul | Dl | Dd | Dt | Li | Form => c.tag_penalty_list_form,
        H1 | H2 | H3 | H4 | H5 | H6 | Th => c.tag_penalty_heading,
        _ => 0.0,
    }
}

/// Scores every container of the pruned page and chooses the article's.
pub fn score(dom: &Dom, pruned: &Pruned, stats: Vec<TextStat>, config: &Config) -> Scores {
    let n = dom.len();
    let c = &config.score;
    let removed = &pruned.removed;

    // Nearest block ancestor (or self) of every node, and whether it is inside a link.
    let mut block_of: Vec<NodeIx> = vec![0; n];
    let mut in_link = vec![false; n];
    for i in 0..n {
        let node = dom.nodes[i];
        let parent = node.parent;
        in_link[i] = node.tag == Tag::A || (parent != NO_PARENT && in_link[parent as usize]);
        block_of[i] = if node.tag.is_block() || parent == NO_PARENT {
            i as NodeIx
        } else {
            block_of[parent as usize]
        };
    }
    let mut own = vec![TextStat::default(); n];
    // Whether a block's text ends cut short ("..."): an excerpt of another page.
    let mut cut_short = vec![false; n];
    for i in 0..n {
        let node = dom.nodes[i];
        if node.tag != Tag::Text || removed[i] || node.chars == 0 {
            continue;
        }
        cut_short[block_of[i] as usize] = crate::text::ends_cut_short(dom.text(i as NodeIx));
        let b = &mut own[block_of[i] as usize];
        b.chars += node.chars;
        b.commas += node.commas;
        if in_link[i] {
            b.link_chars += node.chars;
        }
    }

    let mut raw = vec![0.0f64; n];
    let mut candidate = vec![false; n];
    for b in 0..n {
        let o = own[b];
        if (o.chars as usize) < c.min_block_chars || removed[b] {
            continue;
        }
        // Link-heavy lines (menus, tag lists) are not paragraphs of a story.
        let points = (c.block_base
            + f64::from(o.commas)
            + (f64::from(o.chars) / c.chars_per_point).min(c.max_length_points))
            * (1.0 - o.link_density());
        let tag = dom.nodes[b].tag;
        let mut level = 0usize;
        let mut at = if is_paragraph_tag(tag) {
            dom.nodes[b].parent
        } else {
            b as NodeIx
        };
        while at != NO_PARENT && level < c.ancestor_levels {
            let share = match level {
                0 => c.parent_share,
                1 => c.grandparent_share,
                l => 1.0 / (l as f64 * 3.0),
            };
            raw[at as usize] += points * share;
            candidate[at as usize] = true;
            at = dom.nodes[at as usize].parent;
            level += 1;
        }
    }

    let mut score = vec![0.0f64; n];
    let mut top: Option<NodeIx> = None;
    for i in 0..n {
        if !candidate[i] || removed[i] {
            continue;
        }
        let tag = dom.nodes[i].tag;
        let base = raw[i] + tag_weight(tag, c) + pruned.hints[i].weight() * c.class_weight;
        score[i] = base * (1.0 - stats[i].link_density());
        if matches!(tag, Tag::Root | Tag::Html) {
            continue;
        }
        if top.is_none_or(|t| score[i] > score[t as usize]) {
            top = Some(i as NodeIx);
        }
    }

    // Paragraph prose of every subtree, bottom-up.
    let mut prose = vec![0.0f64; n];
    for i in (0..n).rev() {
        if removed[i] {
            continue;
        }
        let o = own[i];
        if o.chars as usize >= c.min_block_chars {
            prose[i] += f64::from(o.chars - o.link_chars);
        }
        let parent = dom.nodes[i].parent;
        if parent != NO_PARENT {
            prose[parent as usize] += prose[i];
        }
    }

    let mut excerpts_before = vec![0.0f64; n + 1];
    for i in 0..n {
        let o = own[i];
        let excerpt = !removed[i] && cut_short[i] && o.chars as usize >= c.min_block_chars;
        excerpts_before[i + 1] = excerpts_before[i]
            + if excerpt {
                f64::from(o.chars - o.link_chars)
            } else {
                0.0
            };
    }

    let headings = heading_counts(dom, &stats, removed);
    let top = match top {
        Some(t) => {
            let t = refine_top(dom, &score, &candidate, &stats, t, c);
            if let Some(story) = headed_story(dom, removed, &stats, &prose, t, config) {
                // The other posts are not more of it.
                story
            } else {
                let prose = Prose {
                    all: &prose,
                    excerpts_before: &excerpts_before,
                };
                expand_top(dom, &prose, &stats, &headings, t, config)
            }
        }
        None => body_or_root(dom),
    };
    Scores {
        stats,
        own,
        score,
        candidate,
        prose,
        headings,
        excerpts_before,
        top,
    }
}

impl Scores {
    /// Prose of the excerpts cut short in a subtree.
    pub fn excerpt_prose(&self, dom: &Dom, ix: NodeIx) -> f64 {
        self.excerpts_before[dom.node(ix).end as usize] - self.excerpts_before[ix as usize]
    }
}

/// Moves the choice up when close rivals share an ancestor or the parent keeps most of
/// the score, and past wrappers that hold nothing but the choice.
fn refine_top(
    dom: &Dom,
    score: &[f64],
    candidate: &[bool],
    stats: &[TextStat],
    top: NodeIx,
    c: &crate::config::ScoreConfig,
) -> NodeIx {
    let best = score[top as usize];
    let mut top = top;
    if best > 0.0 {
        let rivals: Vec<NodeIx> = (0..dom.len() as NodeIx)
            .filter(|&i| {
                i != top && candidate[i as usize] && score[i as usize] >= best * c.rival_share
            })
            .filter(|&i| !dom.contains(i, top) && !dom.contains(top, i))
            .collect();
        if rivals.len() + 1 >= c.rivals_for_ancestor {
            // Enough of them, and a share of all: a grid of equal cards is one whole.
            let needed = c
                .rivals_for_ancestor
                .max(((rivals.len() + 1) as f64 * c.rival_hold_share).ceil() as usize);
            let mut anc = dom.node(top).parent;
            while anc != NO_PARENT && !matches!(dom.tag(anc), Tag::Body | Tag::Html | Tag::Root) {
                let holding = rivals.iter().filter(|&&r| dom.contains(anc, r)).count();
                if holding + 1 >= needed {
                    top = anc;
                    break;
                }
                anc = dom.node(anc).parent;
            }
        }
    }
    // Climb while the parent keeps a good share of the score and grows it.
    let mut last = score[top as usize];
    let mut parent = dom.node(top).parent;
    while parent != NO_PARENT && !matches!(dom.tag(parent), Tag::Body | Tag::Html | Tag::Root) {
        let ps = score[parent as usize];
        if !candidate[parent as usize] || ps < last * c.climb_share {
            break;
        }
        if ps > last {
            top = parent;
            last = ps;
        }
        parent = dom.node(parent).parent;
    }
    // A wrapper whose only text is the choice's is the same container.
    loop {
        let p = dom.node(top).parent;
        if p == NO_PARENT || matches!(dom.tag(p), Tag::Body | Tag::Html | Tag::Root) {
            break;
        }
        if stats[p as usize].chars != stats[top as usize].chars {
            break;
        }
        top = p;
    }
    top
}

/// When the choice is a list of posts (at least `extract.post_list_min_count`
/// `<article>` elements inside it hold `score.post_list_share` of its text), the
/// `<article>` elsewhere that holds the page's `<h1>`, with prose of its own: the story
/// whose page this is, beside a run of other posts (a broken page can nest them all in
/// one).
fn headed_story(
    dom: &Dom,
    removed: &[bool],
    stats: &[TextStat],
    prose: &[f64],
    top: NodeIx,
    config: &Config,
) -> Option<NodeIx> {
    if !is_post_list(dom, removed, stats, top, config) {
        return None;
    }
    let min_prose = config.extract.min_article_chars as f64;
    (0..dom.len() as NodeIx)
        .filter(|&a| {
            dom.tag(a) == Tag::Article
                && !removed[a as usize]
                && !dom.contains(a, top)
                && !dom.contains(top, a)
                && prose[a as usize] >= min_prose
        })
        .filter(|&a| {
            (a + 1..dom.node(a).end).any(|h| dom.tag(h) == Tag::H1 && !removed[h as usize])
        })
        .max_by(|&a, &b| prose[a as usize].total_cmp(&prose[b as usize]))
}

/// Whether at least `extract.post_list_min_count` `<article>` elements inside an
/// element hold `score.post_list_share` of its text: a list of posts.
pub fn is_post_list(
    dom: &Dom,
    removed: &[bool],
    stats: &[TextStat],
    ix: NodeIx,
    config: &Config,
) -> bool {
    let (mut posts, mut post_chars) = (0usize, 0u32);
    let mut i = ix + 1;
    while i < dom.node(ix).end {
        if !removed[i as usize] && dom.tag(i) == Tag::Article {
            posts += 1;
            post_chars += stats[i as usize].chars;
            i = dom.node(i).end;
        } else {
            i += 1;
        }
    }
    posts >= config.extract.post_list_min_count
        && f64::from(post_chars)
            >= f64::from(stats[ix as usize].chars) * config.score.post_list_share
}

/// Paragraph prose of every subtree, and of excerpts cut short before every node.
struct Prose<'a> {
    all: &'a [f64],
    excerpts_before: &'a [f64],
}

/// Climbs to an ancestor that holds much more paragraph prose than the choice while
/// staying low in links: the other sections of a page made of several (services,
/// listings, documentation), which single-container scoring leaves out.
fn expand_top(
    dom: &Dom,
    prose: &Prose,
    stats: &[TextStat],
    headings: &[(u32, u32)],
    top: NodeIx,
    config: &Config,
) -> NodeIx {
    let c = &config.score;
    let e = &config.extract;
    let mut top = top;
    let mut parent = dom.node(top).parent;
    while parent != NO_PARENT && !matches!(dom.tag(parent), Tag::Html | Tag::Root) {
        let (p, t) = (parent as usize, top as usize);
        // Excerpts cut short above the story (a "latest" ticker, a row of trending
        // teasers) are not more of it; below it they may be the page's own sections.
        let parent_prose = prose.all[p] - (prose.excerpts_before[t] - prose.excerpts_before[p]);
        let grows = parent_prose >= prose.all[t] * c.expand_prose_ratio;
        // What the climb would add must itself be mostly paragraphs, not a run of short
        // lines (a player's menus, a comment thread's names and dates).
        let added_chars = f64::from(stats[p].chars - stats[t].chars);
        let added_prose_share = if added_chars > 0.0 {
            (parent_prose - prose.all[t]) / added_chars
        } else {
            1.0
        };
        // Nor a grid of teasers: headings that link to other pages.
        let added_headings = headings[p].0 - headings[t].0;
        let added_linked = headings[p].1 - headings[t].1;
        let teasers = added_linked >= e.teaser_min_linked_headings
            && f64::from(added_linked) >= f64::from(added_headings) * e.teaser_linked_heading_share;
        if grows
            && !teasers
            && stats[p].link_density() <= c.expand_max_link_density
            && added_prose_share >= c.expand_min_prose_share
        {
            top = parent;
        } else if parent_prose > prose.all[t] * c.expand_prose_ratio.sqrt() {
            // A level that adds some prose but not enough: stop, the rest is not ours.
            break;
        }
        if dom.tag(parent) == Tag::Body {
            break;
        }
        // The story's own `<article>`, the one with the headline, bounds it: what lies
        // past it is the site's (more stories, sign-ups), however much prose it holds.
        if dom.tag(parent) == Tag::Article
            && (parent + 1..dom.node(parent).end).any(|h| dom.tag(h) == Tag::H1)
        {
            break;
        }
        parent = dom.node(parent).parent;
    }
    top
}

/// For every subtree, its headings with text and, of those, the ones that are links
/// (teaser headlines), in one bottom-up pass.
pub fn heading_counts(dom: &Dom, stats: &[TextStat], removed: &[bool]) -> Vec<(u32, u32)> {
    let n = dom.len();
    let mut counts = vec![(0u32, 0u32); n];
    for i in (0..n).rev() {
        if removed[i] {
            continue;
        }
        let s = stats[i];
        if dom.nodes[i].tag.heading_level() > 0 && s.chars > 0 {
            counts[i].0 += 1;
            if s.link_density() >= 0.8 && links_away(dom, i as NodeIx) {
                counts[i].1 += 1;
            }
        }
        let parent = dom.nodes[i].parent;
        if parent != NO_PARENT {
            let (a, l) = counts[i];
            counts[parent as usize].0 += a;
            counts[parent as usize].1 += l;
        }
    }
    counts
}

/// Whether a subtree holds a link to another page (not an in-page `#anchor`, as the
/// permalinks that documentation puts on its headings are).
fn links_away(dom: &Dom, ix: NodeIx) -> bool {
    (ix..dom.node(ix).end).any(|d| {
        dom.tag(d) == Tag::A
            && dom
                .attr(d, "href")
                .is_some_and(|h| !h.trim_start().starts_with('#') && !h.trim().is_empty())
    })
}

fn body_or_root(dom: &Dom) -> NodeIx {
    (0..dom.len() as NodeIx)
        .find(|&i| dom.tag(i) == Tag::Body)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use crate::{Config, Extractor, Options};

    fn text(html: &str) -> String {
        Extractor::new(Config::default())
            .extract(html.as_bytes(), &Options::default())
            .text()
    }

    fn para(topic: &str) -> String {
        format!(
            "<p>The {topic} team works with clients across the region, and it plans, builds and runs systems that are meant to last for many years.</p>"
        )
    }

    #[test]
    fn a_page_of_several_sections_keeps_them_all() {
        let sections: String = ["data", "cloud", "security", "design", "support"]
            .iter()
            .map(|t| {
                format!(
                    "<div class='row'><div class='col'><h2>{t}</h2>{}</div></div>",
                    para(t)
                )
            })
            .collect();
        let page = format!(
            "<body><nav><a href='/'>Home</a></nav><div class='page'><div class='lead'><h2>Intro</h2>{}{}{}</div>{sections}</div></body>",
            para("intro"),
            para("lead"),
            para("main")
        );
        let out = text(&page);
        for t in ["intro", "data", "cloud", "security", "design", "support"] {
            assert!(
                out.contains(&format!("The {t} team")),
                "missing {t}:\n{out}"
            );
        }
    }

    #[test]
    fn a_comment_thread_is_not_climbed_into() {
        let story: String = (0..6).map(|i| para(&format!("story{i}"))).collect();
        let comments: String = (0..30)
            .map(|i| {
                format!(
                    "<ul class='single-post'><li><a href='/u{i}'>reader{i}</a> 2016/08/0{} 10:3{}</li><li>Lovely pictures, thanks!</li><li><a href='/r'>reply</a></li></ul>",
                    i % 9 + 1,
                    i % 9
                )
            })
            .collect();
        let page = format!(
            "<body><div id='wrap'><div class='content'>{story}</div><div class='thread'>{comments}</div></div></body>"
        );
        let out = text(&page);
        assert!(out.contains("The story5 team"));
        assert!(!out.contains("Lovely pictures"), "{out}");
    }

    #[test]
    fn excerpts_cut_short_above_the_story_are_not_climbed_into() {
        let story: String = (0..8).map(|i| para(&format!("story{i}"))).collect();
        let ticker: String = (0..8)
            .map(|i| format!("<li><a href='/other-{i}'>Another headline number {i}</a> <span>CITY: An excerpt of that other story, long enough to read as a paragraph of prose, and cut short at the end of its second line...</span></li>"))
            .collect();
        let page = format!(
            "<body><div id='wrap'><div class='latest'><b>Latest</b><ul>{ticker}</ul></div><div class='content'>{story}</div></div></body>"
        );
        let out = text(&page);
        assert!(out.contains("The story7 team"));
        assert!(!out.contains("An excerpt"), "{out}");
    }

    #[test]
    fn a_grid_of_equal_cards_is_taken_whole() {
        // Twelve cards in rows of three, their headings links (so no climb past the
        // row for prose): the three of the best card's row share a parent, but the
        // grid is the whole of them.
        let card = |i: usize| {
            format!(
                "<div class='card'><div class='inner'><div class='body'><h3><a href='/review-{i}'>The best thing number {i}</a></h3><div class='text'><p>Card {i}: a short review of one of the products tested, with what we liked, what we did not, and who it suits.</p></div></div></div></div>"
            )
        };
        let rows: String = (0..4)
            .map(|r| {
                let cards: String = (0..3).map(|c| card(r * 3 + c)).collect();
                format!("<div class='row'>{cards}</div>")
            })
            .collect();
        let page = format!(
            "<body><nav><a href='/'>Home</a></nav><main><h1>Electronics</h1><div class='grid'>{rows}</div></main><footer><a href='/about'>About</a></footer></body>"
        );
        let out = text(&page);
        for i in 0..12 {
            assert!(
                out.contains(&format!("Card {i}:")),
                "missing card {i}:\n{out}"
            );
        }
    }

    #[test]
    fn the_article_with_the_headline_wins_over_a_box_of_other_posts() {
        let story: String = (0..3).map(|i| para(&format!("story{i}"))).collect();
        let posts: String = (0..6)
            .map(|i| {
                let paras: String = (0..4).map(|k| para(&format!("other{i}-{k}"))).collect();
                format!("<article id='post-{i}'><h2>Another post {i}</h2>{paras}</article>")
            })
            .collect();
        // A broken page nests the other posts in one article beside the story's.
        let page = format!(
            "<body><div id='primary'><article class='story'><h1>The story</h1>{story}</article><article class='posts'>{posts}</article></div></body>"
        );
        let out = text(&page);
        assert!(out.contains("The story2 team"), "{out}");
        assert!(!out.contains("The other0-0 team"), "{out}");
    }

    #[test]
    fn a_teaser_grid_is_not_climbed_into() {
        let story: String = (0..3).map(|i| para(&format!("story{i}"))).collect();
        let grid: String = (0..8)
            .map(|i| format!("<li><h5><a href='/other-{i}'>Another headline number {i}</a></h5><div>An excerpt of that other story, long enough to read as a paragraph of prose on its own.</div></li>"))
            .collect();
        let page = format!(
            "<body><div id='wrap'><div class='content'>{story}</div><div class='rail'><h5>More from us</h5><ul>{grid}</ul></div></div></body>"
        );
        let out = text(&page);
        assert!(out.contains("The story2 team"));
        assert!(!out.contains("An excerpt"), "{out}");
    }

    #[test]
    fn the_storys_article_bounds_the_climb() {
        // The cards' headlines are bare links, not headings, and their blurbs are
        // whole sentences: only the story's <article> tells them apart.
        let story: String = (0..3).map(|i| para(&format!("story{i}"))).collect();
        let cards: String = (0..8)
            .map(|i| format!("<div class='card'><a href='/other-{i}'>Another headline number {i}</a><div>A blurb for that other story, long enough to read as a whole sentence of prose on its own page.</div><time>5 hours ago</time></div>"))
            .collect();
        let page = format!(
            "<body><main><article><header><h1>The story</h1></header><section class='body'>{story}</section></article><section><div>More in Tech</div>{cards}</section></main></body>"
        );
        let out = text(&page);
        assert!(out.contains("The story2 team"), "{out}");
        assert!(!out.contains("A blurb"), "{out}");
    }
}
