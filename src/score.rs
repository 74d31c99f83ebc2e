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
    for i in 0..n {
        let node = dom.nodes[i];
        if node.tag != Tag::Text || removed[i] || node.chars == 0 {
            continue;
        }
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

    let top = match top {
        Some(t) => refine_top(dom, &score, &candidate, &stats, t, c),
        None => body_or_root(dom),
    };
    Scores {
        stats,
        own,
        score,
        candidate,
        top,
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
            let mut anc = dom.node(top).parent;
            while anc != NO_PARENT && !matches!(dom.tag(anc), Tag::Body | Tag::Html | Tag::Root) {
                let holding = rivals.iter().filter(|&&r| dom.contains(anc, r)).count();
                if holding + 1 >= c.rivals_for_ancestor {
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

fn body_or_root(dom: &Dom) -> NodeIx {
    (0..dom.len() as NodeIx)
        .find(|&i| dom.tag(i) == Tag::Body)
        .unwrap_or(0)
}
