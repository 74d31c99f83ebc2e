//! `--explain`: a report of how a page's article was found, for debugging a leak or a
//! cut. It lists what pruning and extraction removed (with the element's path, its text
//! size and the rule), the best-scored candidates with their features and fate, and the
//! subtrees that make up the article.

use std::fmt::Write;

use crate::Analysis;
use crate::dom::{Dom, NO_PARENT, NodeIx, Tag};

/// How many candidates the report lists.
const CANDIDATES_SHOWN: usize = 12;

/// Writes the report for one analysed page.
pub fn report(a: &Analysis) -> String {
    let dom = &a.dom;
    let s = &a.scores;
    let art = &a.article;
    let mut out = String::new();
    let m = &a.metadata;
    let field = |name: &str, v: Option<(String, &str)>| match v {
        Some((value, source)) => format!("{name}: {value}  [from {source}]\n"),
        None => format!("{name}: (none)\n"),
    };
    out.push_str(&field(
        "title",
        m.title.as_ref().map(|t| (t.value.clone(), t.source)),
    ));
    out.push_str(&field(
        "authors",
        m.authors.as_ref().map(|t| (t.value.join(", "), t.source)),
    ));
    out.push_str(&field(
        "date",
        m.date.as_ref().map(|t| (t.value.clone(), t.source)),
    ));
    out.push_str(&field(
        "site",
        m.site_name.as_ref().map(|t| (t.value.clone(), t.source)),
    ));
    out.push_str(&field(
        "declared language",
        m.language_declared
            .as_ref()
            .map(|t| (t.value.clone(), t.source)),
    ));
    out.push_str(&field(
        "page type",
        m.page_type.as_ref().map(|t| (t.value.clone(), t.source)),
    ));
    for note in &a.notes {
        let _ = writeln!(out, "{note}");
    }
    let _ = writeln!(
        out,
        "nodes: {}, text characters: {}",
        dom.len(),
        s.stats[0].chars
    );

    // Removals are measured on the page as parsed, so a box's size is what it held.
    let all = crate::dom::text_stats(dom, &vec![false; dom.len()]);
    let _ = writeln!(out, "\nremoved (stage, rule, characters, element):");
    for (k, &(ix, why)) in art.reasons.iter().enumerate() {
        let chars = all[ix as usize].chars;
        if chars == 0 {
            continue;
        }
        let stage = if k < art.pruned_reasons {
            "prune"
        } else {
            "extract"
        };
        let _ = writeln!(out, "  {stage:<7} {why:<45} {chars:>7}  {}", path(dom, ix));
    }

    let _ = writeln!(
        out,
        "\ncandidates (score, characters, link density, prose, hint, fate, element):"
    );
    let mut ranked: Vec<NodeIx> = (0..dom.len() as NodeIx)
        .filter(|&i| s.candidate[i as usize])
        .collect();
    ranked.sort_by(|&x, &y| s.score[y as usize].total_cmp(&s.score[x as usize]));
    for &ix in ranked.iter().take(CANDIDATES_SHOWN) {
        let st = s.stats[ix as usize];
        let _ = writeln!(
            out,
            "  {:>8.1} {:>7} {:>5.2} {:>7.0} {:<11} {:<30} {}",
            s.score[ix as usize],
            st.chars,
            st.link_density(),
            s.prose[ix as usize],
            hint_name(a, ix),
            fate(a, ix),
            path(dom, ix)
        );
    }

    let _ = writeln!(out, "\nchosen: {}", path(dom, s.top));
    let _ = writeln!(out, "article roots:");
    for &r in &art.roots {
        let why = if let Some(region) = art.region {
            region
        } else if r == s.top {
            "the chosen container"
        } else if dom.node(r).parent == dom.node(s.top).parent {
            "sibling continuing the story"
        } else if art.roots.contains(&s.top) {
            "another post or section of the page"
        } else {
            "a region of the page"
        };
        let _ = writeln!(
            out,
            "  {:>7}  {why:<30} {}",
            s.stats[r as usize].chars,
            path(dom, r)
        );
    }
    out
}

/// Adds to `report` the blocks the emitter left out of the text (rule, text).
pub fn left_out(report: &mut String, blocks: &[(&'static str, String)]) {
    if blocks.is_empty() {
        return;
    }
    let _ = writeln!(
        report,
        "\nleft out of the text (stage, rule, characters, text):"
    );
    for (why, text) in blocks {
        // (On one line: a block's lines joined.)
        let start: String = text
            .chars()
            .take(LEFT_OUT_SHOWN_CHARS)
            .map(|c| if c == '\n' { ' ' } else { c })
            .collect();
        let more = if start.len() < text.len() { "…" } else { "" };
        let _ = writeln!(
            report,
            "  emit    {why:<45} {:>7}  {start}{more}",
            text.chars().count()
        );
    }
}

/// How much of a left-out block's text the report shows.
const LEFT_OUT_SHOWN_CHARS: usize = 60;

fn hint_name(a: &Analysis, ix: NodeIx) -> &'static str {
    let h = a.article_hint(ix);
    match (h.content, h.boilerplate || h.penalty) {
        (true, false) => "content",
        (false, true) => "boilerplate",
        (true, true) => "mixed",
        _ => "-",
    }
}

/// Whether a node ended in the article, and if not, the rule that took it out.
fn fate(a: &Analysis, ix: NodeIx) -> String {
    let dom = &a.dom;
    let art = &a.article;
    if art.removed[ix as usize] {
        // The removed subtree root that holds this node.
        let rule = art
            .reasons
            .iter()
            .filter(|(r, _)| dom.contains(*r, ix))
            .max_by_key(|(r, _)| *r)
            .map_or("removed", |(_, why)| *why);
        return format!("dropped: {rule}");
    }
    if art.roots.iter().any(|&r| dom.contains(r, ix)) {
        "kept".to_string()
    } else if art.roots.iter().any(|&r| dom.contains(ix, r)) {
        "holds the article".to_string()
    } else {
        "dropped: outside the article".to_string()
    }
}

/// `body > div#main.content > article.post`: the element and up to three ancestors.
pub fn path(dom: &Dom, ix: NodeIx) -> String {
    let mut parts = Vec::new();
    let mut at = ix;
    while at != NO_PARENT && parts.len() < 4 && !matches!(dom.tag(at), Tag::Root) {
        parts.push(describe(dom, at));
        at = dom.node(at).parent;
    }
    if at != NO_PARENT && !matches!(dom.tag(at), Tag::Root | Tag::Html) {
        parts.push("…".to_string());
    }
    parts.reverse();
    parts.join(" > ")
}

fn describe(dom: &Dom, ix: NodeIx) -> String {
    let mut d = dom.name(ix).to_string();
    if let Some(id) = dom.attr(ix, "id").filter(|s| !s.is_empty()) {
        d.push('#');
        d.push_str(&id.chars().take(40).collect::<String>());
    }
    if let Some(class) = dom.attr(ix, "class") {
        for c in class.split_ascii_whitespace().take(3) {
            d.push('.');
            d.push_str(&c.chars().take(30).collect::<String>());
        }
    }
    d
}

impl Analysis {
    fn article_hint(&self, ix: NodeIx) -> crate::prune::Hint {
        self.article
            .hints
            .get(ix as usize)
            .copied()
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Extractor, Options};

    #[test]
    fn report_names_rules_candidates_and_the_choice() {
        let page = "<body><nav class='menu'><a href='/'>Home</a> <a href='/news'>News</a></nav>\
            <div id='main' class='story-body'><p>The council met on Monday, and after a long debate, agreed to repair the coast road before winter.</p>\
            <p>Work starts next month, the council said, and will take about six weeks to finish.</p></div>\
            <div class='share-bar'>Share this on social media</div></body>";
        let report =
            Extractor::new(Config::default()).explain(page.as_bytes(), &Options::default());
        assert!(
            report.contains("landmark element") && report.contains("nav.menu"),
            "{report}"
        );
        assert!(
            report.contains("class, id or role names boilerplate")
                && report.contains("div.share-bar"),
            "{report}"
        );
        assert!(
            report.contains("chosen: html > body > div#main.story-body"),
            "{report}"
        );
        assert!(
            report
                .lines()
                .any(|l| l.contains("div#main.story-body") && l.contains("kept")),
            "{report}"
        );
    }
}
