//! Plain-text mode: cleaning text that was already extracted (a crawler's text dump),
//! paragraph by paragraph, with the same lexicon as the HTML pipeline.
//!
//! Each paragraph (lines between blank lines; each line of a block of short lines) is
//! judged in context:
//! - a paragraph whose whole text is a boilerplate phrase ("Please enter your comment!",
//!   "Must Read") is boilerplate;
//! - a teaser is a short headline followed by an excerpt cut short with "..." or "…";
//! - a date-coded line ("Epaper_24-05-30 LHR") or a run of short lines without sentence
//!   punctuation (a menu, a list of links) is boilerplate;
//! - the story is the run of paragraphs between its first and last story paragraph
//!   (sentences of some length); before it, only a headline-like line is kept; after
//!   it, once boilerplate starts, everything is boilerplate.

use crate::config::{Lexicon, TextConfig};
use crate::emit::{Block, BlockKind};

/// Whether a text looks like markup (for auto-detection of the input format): at least
/// two tag-like sequences (`<` then a letter, `/` or `!`) in its first 4 KB.
pub fn looks_like_html(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(4096)];
    head.windows(2)
        .filter(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
        .take(2)
        .count()
        == 2
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Story,
    Headline,
    Boilerplate,
    Other,
}

/// Cleans a text dump into blocks: the headline (when there is one) and the story's
/// paragraphs.
pub fn clean(text: &str, config: &TextConfig, lex: &Lexicon) -> Vec<Block> {
    let paras = paragraphs(text, config);
    let mut kinds: Vec<Kind> = paras.iter().map(|p| judge(p, config, lex)).collect();
    // Teasers: a headline-like paragraph followed by an excerpt cut short.
    for i in 0..paras.len() {
        if ends_cut_short(&paras[i]) {
            kinds[i] = Kind::Boilerplate;
            if i > 0 && kinds[i - 1] != Kind::Story {
                kinds[i - 1] = Kind::Boilerplate;
            }
        }
    }
    let first_story = kinds.iter().position(|k| *k == Kind::Story);
    let Some(first_story) = first_story else {
        return Vec::new();
    };
    // The story ends at the first boilerplate after it that no later story paragraph
    // outweighs: what follows the first boilerplate block at the end is boilerplate.
    let mut end = first_story;
    let mut i = first_story;
    while i < paras.len() {
        match kinds[i] {
            Kind::Story => end = i,
            Kind::Boilerplate => {
                // Story paragraphs right under a headline-like line are teasers
                // (headline and excerpt); only the others mean the story goes on.
                let later_story: usize = (i + 1..paras.len())
                    .filter(|&j| kinds[j] == Kind::Story && kinds[j - 1] != Kind::Headline)
                    .map(|j| paras[j].chars().count())
                    .sum();
                if later_story < config.resume_story_chars {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut blocks = Vec::new();
    // Before the story: the line just above it, when it reads as a headline (short,
    // no sentence end, not a lexicon phrase or a teaser).
    if let Some(h) = first_story.checked_sub(1)
        && is_headline(&paras[h], config, lex)
    {
        blocks.push(block(&paras[h]));
    }
    for j in first_story..=end {
        if matches!(kinds[j], Kind::Story | Kind::Headline | Kind::Other) {
            blocks.push(block(&paras[j]));
        }
    }
    blocks
}

fn block(text: &str) -> Block {
    Block {
        kind: BlockKind::Para,
        text: text.to_string(),
        cells: Vec::new(),
        quote: 0,
        fingerprint: 0,
    }
}

/// Paragraphs: runs of lines between blank lines; in a run of short lines, each line
/// stands alone (dumps often put one menu item or heading per line).
fn paragraphs(text: &str, config: &TextConfig) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in text.split("\n\n").flat_map(|c| c.split("\r\n\r\n")) {
        let lines: Vec<&str> = chunk
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        if lines.len() > 1
            && lines
                .iter()
                .all(|l| l.chars().count() < config.short_line_chars * 3)
        {
            out.extend(lines.iter().map(|l| collapse(l)));
        } else {
            out.push(collapse(&lines.join(" ")));
        }
    }
    out
}

/// "Also read: Council approves budget": a lexicon phrase and a colon, then a link's
/// text, as inline teasers read.
fn starts_with_phrase(p: &str, lex: &Lexicon) -> bool {
    p.chars().count() < 160
        && p.split_once(':')
            .is_some_and(|(head, _)| head.chars().count() <= 40 && lex.is_boilerplate_phrase(head))
}

fn is_headline(p: &str, config: &TextConfig, lex: &Lexicon) -> bool {
    let chars = p.chars().count();
    (3..=config.headline_max_chars).contains(&chars)
        && !ends_sentence(p)
        && !ends_cut_short(p)
        && !lex.is_boilerplate_phrase(p)
        && !is_date_code(p)
        && p.split_whitespace().count() >= 2
}

fn judge(p: &str, config: &TextConfig, lex: &Lexicon) -> Kind {
    let chars = p.chars().count();
    if lex.is_boilerplate_phrase(p) || is_date_code(p) || starts_with_phrase(p, lex) {
        return Kind::Boilerplate;
    }
    let sentence = ends_sentence(p);
    if chars >= config.story_min_chars && sentence {
        return Kind::Story;
    }
    if chars < config.short_line_chars && !sentence {
        return Kind::Boilerplate;
    }
    if chars <= config.headline_max_chars && !sentence {
        return Kind::Headline;
    }
    Kind::Other
}

/// "Epaper_24-05-30 LHR": a short line whose words join letters and a numeric date code
/// with underscores or dashes, as print-edition and archive links do.
fn is_date_code(p: &str) -> bool {
    p.chars().count() < 60
        && p.split_whitespace().any(|w| {
            let digits = w.chars().filter(char::is_ascii_digit).count();
            let seps = w.chars().filter(|c| matches!(c, '_' | '-')).count();
            w.contains('_') && digits >= 4 && seps >= 2
        })
}

fn ends_sentence(p: &str) -> bool {
    let t = p
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')']);
    t.ends_with(['.', '!', '?', '。', '！', '？', ':', ';']) && !ends_cut_short(p)
}

/// Whether a text ends the way a teaser's excerpt cut short does ("...", "…", "[…]").
pub(crate) fn ends_cut_short(p: &str) -> bool {
    let t = p.trim_end();
    t.ends_with("...") || t.ends_with('…') || t.ends_with("[…]") || t.ends_with("[...]")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    fn run(text: &str) -> String {
        let c = Config::default();
        let lex = Lexicon::new(&c.prune);
        crate::emit::render_text(&clean(text, &c.text, &lex))
    }

    const STORY: &str = "The council met on Monday to discuss the budget, which has grown by a third since last year, and agreed to a plan.";

    #[test]
    fn the_seed_shape_keeps_headline_and_story() {
        let text = format!(
            "Council agrees budget plan\n\n{STORY}\n\n{STORY}\n\n\nPlease enter your comment!\nPlease enter your name here\n\nMust Read\n\nWhy were three officials off-loaded from a flight?\n\nThree officials were off-loaded from a flight on Friday, the airline said. The...\n\nEpaper_24-05-30 LHR\n\nEpaper_24-05-30 KHI"
        );
        assert_eq!(
            run(&text),
            format!("Council agrees budget plan\n\n{STORY}\n\n{STORY}\n")
        );
    }

    #[test]
    fn markup_is_detected() {
        assert!(looks_like_html("<!DOCTYPE html><html>"));
        assert!(looks_like_html("<h1>A fragment</h1>"));
        // A multi-byte character across the 4 KB mark must not panic.
        let long = format!("{}é and more", "a".repeat(4095));
        assert!(!looks_like_html(&long));
        assert!(!looks_like_html(
            "A plain text dump.\n\nWith paragraphs, and 3 < 4."
        ));
    }
}
