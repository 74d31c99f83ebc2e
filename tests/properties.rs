//! Properties that hold for any page: checked on random pages built from a small
//! grammar of the markup news pages are made of (and on random bytes).
//!
//! - extraction never panics, whatever the bytes;
//! - every word of the output is a word of the page's text;
//! - Markdown and text hold the same words;
//! - text mode is idempotent on its own output;
//! - a page's record does not depend on the pages extracted before it.

use gleaner::{Config, Extractor, Options};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "river",
    "council",
    "storm",
    "harbour",
    "vote",
    "school",
    "market",
    "winter",
    "bridge",
    "farmers",
    "Tuesday",
    "report",
    "minister",
    "village",
    "Read",
    "more",
    "Share",
    "Home",
    "News",
    "comments",
    "cookies",
    "subscribe",
    "the",
    "and",
    "of",
    "said",
];
const CLASSES: &[&str] = &[
    "article",
    "story",
    "content",
    "sidebar",
    "nav",
    "menu",
    "footer",
    "comments",
    "related",
    "share",
    "byline",
    "post-body",
    "ad",
    "teaser",
    "main",
    "header",
];
const BLOCKS: &[&str] = &[
    "div",
    "section",
    "article",
    "aside",
    "nav",
    "footer",
    "header",
    "main",
    "ul",
    "p",
    "h1",
    "h2",
    "blockquote",
    "table",
    "pre",
    "figure",
    "figcaption",
];
const INLINES: &[&str] = &["a", "b", "em", "span", "strong", "code"];

/// A sentence of vocabulary words, ending with a full stop half the time.
fn sentence() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(WORDS), 1..18),
        any::<bool>(),
    )
        .prop_map(|(words, stop)| {
            let mut s = words.join(" ");
            if stop {
                s.push_str(", and so on.");
            }
            s
        })
}

/// An element tree of bounded depth and breadth.
fn node() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        sentence(),
        (prop::sample::select(INLINES), sentence())
            .prop_map(|(tag, text)| format!("<{tag} href='/x'>{text}</{tag}>")),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        (
            prop::sample::select(BLOCKS),
            prop::option::of(prop::sample::select(CLASSES)),
            prop::collection::vec(inner, 1..6),
        )
            .prop_map(|(tag, class, children)| {
                let class = class.map(|c| format!(" class='{c}'")).unwrap_or_default();
                // Lists and tables hold their content in items and cells, as the
                // parser would otherwise move it (a browser does the same).
                let (open, close) = match tag {
                    "ul" => ("<li>", "</li>"),
                    "table" => ("<tr><td>", "</td></tr>"),
                    _ => ("", ""),
                };
                // Words part with spaces, as in real markup (glued runs like
                // `river<a>x</a>river` would be words of their own).
                let inner: String = children
                    .iter()
                    .map(|c| format!("{open}{c}{close}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                format!("<{tag}{class}>{inner}</{tag}>")
            })
    })
}

fn page() -> impl Strategy<Value = String> {
    (sentence(), prop::collection::vec(node(), 1..5)).prop_map(|(title, body)| {
        format!(
            "<html><head><title>{title}</title></head><body>{}</body></html>",
            body.join(" ")
        )
    })
}

fn extractor() -> Extractor {
    Extractor::new(Config::default())
}

/// Alphabetic words, lowercased.
fn words(text: &str) -> Vec<String> {
    let mut w: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    w.sort();
    w
}

/// The page's own text, lowercased, as the parser reads it (the same tree a browser
/// builds: misnested tags fixed up, stray end tags dropped), with blocks parting words
/// and inline elements not.
fn page_text(html: &str) -> String {
    let dom = gleaner::parse::parse(html, gleaner::parse::Prepare::new(2048, 512));
    let mut text = String::new();
    let mut open_blocks: Vec<u32> = Vec::new();
    for i in 0..dom.len() as u32 {
        while open_blocks.last().is_some_and(|&end| end <= i) {
            open_blocks.pop();
            text.push(' ');
        }
        let tag = dom.tag(i);
        if tag == gleaner::dom::Tag::Text {
            text.push_str(dom.text(i));
        } else if tag.is_block() {
            text.push(' ');
            open_blocks.push(dom.node(i).end);
        }
    }
    words(&text).join(" ")
}

/// The words of Markdown, its emphasis and code marks taken out (they sit inside
/// words: `river**river**` reads "riverriver").
fn markdown_words(markdown: &str) -> Vec<String> {
    words(&markdown.replace(['*', '`'], ""))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let doc = extractor().extract(&bytes, &Options::default());
        let _ = doc.markdown(true);
    }

    // A word of the output is in the page's text (a removed inline element may part
    // two words that were glued, so a word may be part of a page word, but never two
    // page words glued together).
    #[test]
    fn every_output_word_is_in_the_page(html in page()) {
        let doc = extractor().extract(html.as_bytes(), &Options::default());
        let text = page_text(&html);
        for w in words(&doc.text()) {
            prop_assert!(text.contains(&w), "{w:?} is not in the page");
        }
    }

    #[test]
    fn markdown_and_text_hold_the_same_words(html in page()) {
        let x = extractor();
        let text = x.extract(html.as_bytes(), &Options::default()).text();
        let md_options = Options { markdown: true, ..Options::default() };
        let markdown = x.extract(html.as_bytes(), &md_options).markdown(false);
        prop_assert_eq!(words(&text), markdown_words(&markdown));
    }

    #[test]
    fn text_mode_is_idempotent(lines in prop::collection::vec(sentence(), 0..30)) {
        let x = extractor();
        let once = x.clean_text(&lines.join("\n\n")).text();
        let twice = x.clean_text(&once).text();
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn a_record_does_not_depend_on_earlier_pages(a in page(), b in page()) {
        let x = extractor();
        let alone = extractor().extract(b.as_bytes(), &Options::default());
        let _ = x.extract(a.as_bytes(), &Options::default());
        let after = x.extract(b.as_bytes(), &Options::default());
        prop_assert_eq!(alone.text(), after.text());
        prop_assert_eq!(alone.title, after.title);
    }
}
