//! Page metadata beside the pipeline. For now the headline, which the text leaves out
//! and Markdown puts first; author, date and the rest come with the metadata work.

use crate::dom::{Dom, NodeIx, Tag};

/// Separators between a headline and the site's name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / "];

/// The page's headline: an `<h1>` that the declared title contains, else the declared
/// title (OpenGraph, then `<title>`) without its site-name part.
pub fn title(dom: &Dom) -> Option<String> {
    let mut og = None;
    let mut doc_title = None;
    let mut h1s = Vec::new();
    for i in 0..dom.len() as NodeIx {
        match dom.tag(i) {
            Tag::Title if doc_title.is_none() => doc_title = Some(dom.collapsed_text(i)),
            Tag::H1 if h1s.len() < 4 => h1s.push(dom.collapsed_text(i)),
            Tag::Other if og.is_none() && dom.name(i) == "meta" => {
                let key = dom.attr(i, "property").or_else(|| dom.attr(i, "name"));
                if key.is_some_and(|k| {
                    k.eq_ignore_ascii_case("og:title") || k.eq_ignore_ascii_case("twitter:title")
                }) {
                    og = dom
                        .attr(i, "content")
                        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
            _ => {}
        }
    }
    let declared = og
        .filter(|s| !s.is_empty())
        .or(doc_title.filter(|s| !s.is_empty()));
    if let Some(d) = &declared
        && let Some(h1) = h1s
            .iter()
            .find(|h| h.chars().count() >= 10 && d.contains(h.as_str()))
    {
        return Some(h1.clone());
    }
    declared
        .map(|d| strip_site_name(&d))
        .or_else(|| h1s.into_iter().find(|h| !h.is_empty()))
}

/// The page's own summary: the longest of its description, OpenGraph and Twitter
/// description meta tags.
pub fn description(dom: &Dom) -> Option<String> {
    let mut best: Option<String> = None;
    for i in 0..dom.len() as NodeIx {
        if dom.tag(i) != Tag::Other || dom.name(i) != "meta" {
            continue;
        }
        let key = dom
            .attr(i, "property")
            .or_else(|| dom.attr(i, "name"))
            .unwrap_or("");
        if ["description", "og:description", "twitter:description"]
            .iter()
            .any(|k| key.eq_ignore_ascii_case(k))
            && let Some(content) = dom.attr(i, "content")
        {
            let text = content.split_whitespace().collect::<Vec<_>>().join(" ");
            if best.as_ref().is_none_or(|b| text.len() > b.len()) {
                best = Some(text);
            }
        }
    }
    best.filter(|b| !b.is_empty())
}

/// "Headline | Site" to "Headline": the longest part between separators.
fn strip_site_name(title: &str) -> String {
    for sep in TITLE_SEPARATORS {
        if title.contains(sep) {
            let longest = title
                .split(sep)
                .max_by_key(|p| p.chars().count())
                .unwrap_or(title);
            if longest.split_whitespace().count() >= 3 {
                return longest.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    #[test]
    fn h1_inside_title_wins() {
        let dom = parse(
            "<title>Floods close the coast road | Daily</title><h1>Floods close the coast road</h1>",
            100,
        );
        assert_eq!(title(&dom).as_deref(), Some("Floods close the coast road"));
    }

    #[test]
    fn longest_description_is_taken() {
        let dom = parse(
            "<meta name=description content='Short.'><meta property='og:description' content='A longer   summary of the page.'>",
            100,
        );
        assert_eq!(
            description(&dom).as_deref(),
            Some("A longer summary of the page.")
        );
    }

    #[test]
    fn site_name_is_stripped() {
        let dom = parse(
            "<head><meta property='og:title' content='A long headline here - The Paper'></head>",
            100,
        );
        assert_eq!(title(&dom).as_deref(), Some("A long headline here"));
    }
}
