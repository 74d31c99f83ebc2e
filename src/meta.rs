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
    fn site_name_is_stripped() {
        let dom = parse(
            "<head><meta property='og:title' content='A long headline here - The Paper'></head>",
            100,
        );
        assert_eq!(title(&dom).as_deref(), Some("A long headline here"));
    }
}
