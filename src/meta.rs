//! Page metadata, beside the pipeline: headline, authors, dates, site, description,
//! language, canonical URL, image, tags, each with the source it came from.
//!
//! Sources, in order of trust: JSON-LD (`NewsArticle`, `Article`, `BlogPosting`,
//! `WebPage` and kin, inside `@graph` and arrays too), OpenGraph and `article:*`,
//! `<meta name>` (including Dublin Core, `citation_*`, Parse.ly), microdata
//! (`itemprop`), `<time datetime>`, the visible byline, and a date in the URL. A date
//! must be a real calendar day between 1990 and today, so a copyright year or a
//! JavaScript timestamp is not taken; broken JSON-LD is skipped, never fatal.

use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::dom::{Dom, NodeIx, Tag};

/// Separators between a headline and the site's name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / "];

/// A value and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it came from ("json-ld", "og:title", "meta author", ...).
    pub source: &'static str,
}

/// What is known about a page besides its text.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// The headline, without the site's name.
    pub title: Option<Sourced<String>>,
    /// The authors' names.
    pub authors: Option<Sourced<Vec<String>>>,
    /// Publication date, `YYYY-MM-DD` (or a full ISO 8601 time when given).
    pub date: Option<Sourced<String>>,
    /// Last modification date.
    pub date_modified: Option<Sourced<String>>,
    /// The site's name.
    pub site_name: Option<Sourced<String>>,
    /// The page's own summary.
    pub description: Option<Sourced<String>>,
    /// The page's language: the one detected in the article's text when the
    /// detection is reliable, else the declared one.
    pub language: Option<Sourced<String>>,
    /// The declared language (`<html lang>`, JSON-LD, `content-language`, `og:locale`).
    pub language_declared: Option<Sourced<String>>,
    /// The language detected in the article's text (ISO 639-1 where there is one).
    pub language_detected: Option<String>,
    /// What kind of page this is: `article`, `forum`, `product`, `listing`,
    /// `documentation` or `other`.
    pub page_type: Option<Sourced<String>>,
    /// The canonical URL.
    pub canonical_url: Option<Sourced<String>>,
    /// The lead image.
    pub image: Option<Sourced<String>>,
    /// Tags, keywords and sections.
    pub tags: Vec<String>,
}

/// Everything the sources offer, before choosing.
#[derive(Default)]
struct Found {
    /// Every JSON-LD `@type` seen.
    ld_types: Vec<String>,
    /// How many separate posts named an author (itemprop author, user name boxes).
    post_authors: usize,
    /// `<pre>` blocks.
    code_blocks: usize,
    ld_title: Option<String>,
    ld_authors: Vec<String>,
    ld_date: Option<String>,
    ld_modified: Option<String>,
    ld_site: Option<String>,
    ld_description: Option<String>,
    ld_image: Option<String>,
    ld_language: Option<String>,
    ld_tags: Vec<String>,
    metas: Vec<(String, String)>,
    doc_title: Option<String>,
    h1s: Vec<String>,
    html_lang: Option<String>,
    canonical: Option<String>,
    itemprop_authors: Vec<String>,
    /// Where the last itemprop author was: authors far apart are different posts'
    /// (a forum thread, comments), and only the first post's count.
    itemprop_author_at: Option<NodeIx>,
    itemprop_date: Option<String>,
    time_dates: Vec<String>,
    byline_authors: Vec<String>,
    rel_authors: Vec<String>,
    /// Every JSON-LD author list of people, in page order.
    ld_author_lists: Vec<Vec<String>>,
    /// Links to an author page (`/author/NAME`) whose text is a name.
    author_link_authors: Vec<String>,
    /// Visible bylines found by their words: "By NAME", or "Written by" then NAME.
    text_byline_authors: Vec<String>,
    ld_org_authors: Vec<String>,
    visible_dates: Vec<String>,
    dateline_texts: Vec<String>,
    /// Text that is a date and nothing else ("Dec 17, 2025", "- Mar 27, 2024").
    date_only_texts: Vec<String>,
    /// Publication dates in pages' own script data (`"publishedAt": "..."`).
    script_dates: Vec<String>,
}

/// Reads a page's metadata. `today` (`YYYY-MM-DD`) bounds dates; `url` is the page's
/// address when known (a date in it is the last resort).
pub fn metadata(dom: &Dom, url: Option<&str>, today: &str) -> Metadata {
    let found = collect(dom);
    let mut m = Metadata::default();
    let meta = |names: &[&str]| -> Option<(&'static str, String)> {
        for name in names {
            if let Some((k, v)) = found
                .metas
                .iter()
                .find(|(k, v)| k == name && !v.trim().is_empty())
            {
                return Some((static_name(k), v.trim().to_string()));
            }
        }
        None
    };

    let og_site = meta(&["og:site_name", "application-name"]).map(|(_, v)| v);
    // The site's name as the page declares it, and with the guesses from <title> too.
    let declared_site = declared_site_names(&found, url, og_site);
    let mut site_names = declared_site.clone();
    if let Some(title) = &found.doc_title {
        site_names.extend(title_site_parts(title));
    }
    m.title = choose_title(
        &found,
        meta(&["og:title", "twitter:title"]).map(|(_, v)| decode_entities(&v)),
        &site_names,
        &declared_site,
    );

    // (source, names, whether the names must look like names: text found by its
    // position or words, rather than declared as an author, must).
    let mut author_sources: Vec<(&'static str, Vec<String>, bool)> =
        vec![("json-ld", found.ld_authors.clone(), false)];
    author_sources.extend(
        found
            .ld_author_lists
            .iter()
            .map(|l| ("json-ld", l.clone(), false)),
    );
    author_sources.extend([
        ("meta author", meta_authors(&found), false),
        ("itemprop author", found.itemprop_authors.clone(), false),
        ("rel=author", found.rel_authors.clone(), false),
        ("byline", found.byline_authors.clone(), false),
        ("byline words", found.text_byline_authors.clone(), true),
        ("author link", found.author_link_authors.clone(), true),
        ("json-ld organisation", found.ld_org_authors.clone(), false),
    ]);
    // The publisher named as the author is the last resort: a person named anywhere
    // else is the better answer.
    let publisher = site_names;
    let mut fallback = None;
    for (source, names, name_like) in author_sources {
        let mut names = clean_authors(&names);
        for n in &mut names {
            strip_publisher_suffix(n, &publisher);
        }
        // Past a publisher-as-author, only what reads as a full name beats it.
        if name_like || fallback.is_some() {
            names.retain(|n| looks_like_name(n));
        } else if source == "byline" {
            // A box classed as a byline may hold a user name ("hayley.p"), but not a
            // phrase or a date.
            names.retain(|n| {
                if n.contains(' ') {
                    looks_like_name(n)
                } else {
                    month(n).is_none() && !is_weekday(n)
                }
            });
        }
        if fallback.is_some() {
            names.retain(|n| n.split_whitespace().count() >= 2);
        }
        if names.is_empty() {
            continue;
        }
        let chosen = Sourced {
            value: names,
            source,
        };
        if chosen.value.iter().all(|n| is_publisher(n, &publisher)) {
            fallback.get_or_insert(chosen);
            continue;
        }
        m.authors = Some(chosen);
        break;
    }
    if m.authors.is_none() {
        m.authors = fallback;
    }

    let mut date_candidates: Vec<(&'static str, String)> = Vec::new();
    if let Some(d) = &found.ld_date {
        date_candidates.push(("json-ld", d.clone()));
    }
    for name in [
        "article:published_time",
        "og:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "publication_date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "dcterms.date",
        "citation_publication_date",
        "citation_date",
        "parsely-pub-date",
        "sailthru.date",
        "article.published",
        "published_time",
        "article_date_original",
        "cxenseparse:recs:publishtime",
        "date_published",
        "published",
    ] {
        if let Some((k, v)) = meta(&[name]) {
            date_candidates.push((k, v));
        }
    }
    // Any other `<meta>` named for publication ("published-date", "publish_time").
    if let Some((_, v)) = found
        .metas
        .iter()
        .find(|(k, v)| k.contains("publish") && !k.contains("publisher") && !v.trim().is_empty())
    {
        date_candidates.push(("meta publish*", v.trim().to_string()));
    }
    if let Some(d) = &found.itemprop_date {
        date_candidates.push(("itemprop datePublished", d.clone()));
    }
    for d in &found.time_dates {
        date_candidates.push(("time datetime", d.clone()));
    }
    for d in &found.visible_dates {
        date_candidates.push(("visible date", d.clone()));
    }
    for d in &found.dateline_texts {
        date_candidates.push(("visible dateline", d.clone()));
    }
    for d in &found.date_only_texts {
        date_candidates.push(("visible date text", d.clone()));
    }
    for d in &found.script_dates {
        date_candidates.push(("script data", d.clone()));
    }
    for u in [
        url,
        found.canonical.as_deref(),
        meta(&["og:url"]).map(|(_, v)| v).as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        if let Some(d) = url_date(u) {
            date_candidates.push(("url", d));
        }
    }
    m.date = date_candidates
        .into_iter()
        .find_map(|(source, raw)| valid_date(&raw, today).map(|value| Sourced { value, source }));
    let modified = found
        .ld_modified
        .clone()
        .map(|d| ("json-ld", d))
        .or_else(|| {
            meta(&[
                "article:modified_time",
                "og:updated_time",
                "datemodified",
                "dcterms.modified",
                "last-modified",
            ])
        });
    m.date_modified = modified
        .and_then(|(source, raw)| valid_date(&raw, today).map(|value| Sourced { value, source }));
    // A page that gives only the date it was updated is dated by that.
    if m.date.is_none() {
        m.date = m.date_modified.as_ref().map(|d| Sourced {
            value: d.value.clone(),
            source: "date modified",
        });
    }

    let sourced = |v: Option<String>, source: &'static str| {
        v.filter(|s| !s.trim().is_empty()).map(|value| Sourced {
            value: collapse(&value),
            source,
        })
    };
    m.site_name = sourced(found.ld_site.clone(), "json-ld").or_else(|| {
        meta(&["og:site_name", "application-name"]).map(|(k, v)| Sourced {
            value: v,
            source: k,
        })
    });
    m.description = sourced(found.ld_description.clone(), "json-ld").or_else(|| {
        meta(&["og:description", "description", "twitter:description"]).map(|(k, v)| Sourced {
            value: collapse(&v),
            source: k,
        })
    });
    m.page_type = page_type(&found, url, meta(&["og:type"]).map(|(_, v)| v));
    m.language_declared = sourced(found.html_lang.clone(), "html lang")
        .or_else(|| sourced(found.ld_language.clone(), "json-ld"))
        .or_else(|| {
            meta(&["content-language", "og:locale", "language", "dc.language"]).map(|(k, v)| {
                Sourced {
                    value: v,
                    source: k,
                }
            })
        });
    m.language = m.language_declared.clone();
    m.canonical_url = sourced(found.canonical.clone(), "link canonical").or_else(|| {
        meta(&["og:url"]).map(|(k, v)| Sourced {
            value: v,
            source: k,
        })
    });
    m.image = sourced(found.ld_image.clone(), "json-ld").or_else(|| {
        meta(&["og:image", "twitter:image"]).map(|(k, v)| Sourced {
            value: v,
            source: k,
        })
    });
    let mut tags: Vec<String> = found.ld_tags.clone();
    for (k, v) in &found.metas {
        if k == "article:tag" || k == "article:section" {
            tags.push(v.trim().to_string());
        } else if k == "keywords" || k == "news_keywords" {
            tags.extend(v.split(',').map(|t| t.trim().to_string()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    m.tags = tags
        .into_iter()
        .filter(|t| !t.is_empty() && t.len() < 80 && seen.insert(t.to_lowercase()))
        .take(30)
        .collect();
    m
}

/// The headline: the page's first `<h1>` that shares enough words with the declared
/// title (OpenGraph, JSON-LD, `<title>`) to be the same story's (what a reader sees,
/// where the declared title is often an SEO variant), else the declared title without
/// its site-name part.
fn choose_title(
    found: &Found,
    og: Option<String>,
    site: &[String],
    declared_site: &[String],
) -> Option<Sourced<String>> {
    let declared = [
        (og.clone(), "og:title"),
        (found.ld_title.clone(), "json-ld"),
        (found.doc_title.clone(), "title"),
    ];
    let declared_words: Vec<String> = declared
        .iter()
        .flat_map(|(d, _)| d.as_deref().map(words).unwrap_or_default())
        .collect();
    // The <title>'s parts ("Headline / Section / Site"), when it has several.
    let parts: Vec<Vec<String>> = found
        .doc_title
        .as_deref()
        .and_then(|t| {
            let sep = TITLE_SEPARATORS.iter().find(|sep| t.contains(**sep))?;
            Some(t.split(sep).map(words).filter(|w| !w.is_empty()).collect())
        })
        .unwrap_or_default();
    // Headings found to be the site's name, stripped from the declared titles too.
    let mut site_h1s: Vec<String> = Vec::new();
    for h1 in &found.h1s {
        // The site's name set as a heading (a logo) is not the headline.
        if is_publisher(h1, site) {
            continue;
        }
        let h1_words = words(h1);
        if let [first, .., last] = &parts[..] {
            // The heading is the title's last part, where the site's name goes, and the
            // first part is something else: a logo ("What is X? - The Book" over "The
            // Book").
            if !h1_words.is_empty()
                && h1_words.iter().all(|w| last.contains(w))
                && !first.iter().all(|w| h1_words.contains(w))
            {
                site_h1s.push(h1.clone());
                continue;
            }
            // The heading is the title's first part, however short ("News | Site").
            if h1_words == *first {
                return Some(Sourced {
                    value: strip_subtitle(h1),
                    source: "h1",
                });
            }
        }
        let all = h1_words.len();
        // Content words only: "the" and "of" say nothing about the story.
        let hw: Vec<String> = words(h1)
            .into_iter()
            .filter(|w| w.chars().count() >= 4 || w.chars().all(|c| c.is_ascii_digit()))
            .collect();
        if !(2..=30).contains(&all) || hw.is_empty() {
            continue;
        }
        let shared = hw.iter().filter(|w| declared_words.contains(w)).count();
        if shared * 2 >= hw.len() {
            return Some(Sourced {
                value: strip_subtitle(h1),
                source: "h1",
            });
        }
    }
    let logo = !site_h1s.is_empty();
    let mut known_site = declared_site.to_vec();
    known_site.extend(site_h1s);
    for (d, source) in declared {
        if let Some(d) = d.map(|d| collapse(&d)).filter(|d| !d.is_empty()) {
            // The <title>'s last part is the site's name that the logo heading showed.
            let d = match TITLE_SEPARATORS.iter().find(|sep| d.contains(**sep)) {
                Some(sep) if logo && source == "title" => d
                    .rsplit_once(sep)
                    .map_or(d.clone(), |(head, _)| head.to_string()),
                _ => d,
            };
            return Some(Sourced {
                value: strip_site_name(&strip_known_site(&d, &known_site)),
                source,
            });
        }
    }
    found.h1s.iter().find(|h| !h.is_empty()).map(|h| Sourced {
        value: h.clone(),
        source: "h1",
    })
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// One pass over the page, gathering every source.
fn collect(dom: &Dom) -> Found {
    let mut f = Found::default();
    let mut class_lists = FxHashMap::default();
    for i in 0..dom.len() as NodeIx {
        let tag = dom.tag(i);
        if tag == Tag::Text && dom.node(i).chars == 0 {
            // Blank, or a script's or style's.
            continue;
        }
        // A text node's text, read once for the three looks below.
        let t = if tag == Tag::Text {
            dom.text(i).trim()
        } else {
            ""
        };
        if tag == Tag::Text
            && f.dateline_texts.len() < 4
            && t.len() < 80
            && starts_with_dateline_word(t)
        {
            f.dateline_texts.push(t.to_string());
        }
        if tag == Tag::Text && f.date_only_texts.len() < 4 {
            if (6..=48).contains(&t.len()) && is_date_only(t) {
                f.date_only_texts.push(t.to_string());
            } else if (6..=120).contains(&t.len()) && t.bytes().any(|b| b.is_ascii_digit()) {
                // A byline line: "by Jon Foster - 2025-09-13", "Name | Writer | July 2, 2025".
                // Every separator holds one of these bytes: most lines hold none.
                let may_separate = t.bytes().any(|b| matches!(b, b'|' | b'-' | 0xE2 | 0xC2));
                if may_separate
                    && let Some(d) = [" | ", " - ", " – ", " — ", " • ", " · "]
                        .iter()
                        .filter(|sep| t.contains(*sep))
                        .flat_map(|sep| t.split(sep))
                        .map(str::trim)
                        .find(|seg| seg.len() >= 6 && is_date_only(seg))
                {
                    f.date_only_texts.push(d.to_string());
                }
            }
        }
        if tag == Tag::Text
            && f.text_byline_authors.is_empty()
            && let Some(name) = byline_in_text(t)
        {
            f.text_byline_authors.push(name);
        }
        if tag == Tag::Text || tag == Tag::Root {
            continue;
        }
        // The names read below (script, meta, link) are all `Other` to the arena: the
        // others' names are not looked up.
        let name = if tag == Tag::Other { dom.name(i) } else { "" };
        match (tag, name) {
            (Tag::Html, _) => {
                f.html_lang = dom
                    .attr(i, "lang")
                    .map(str::to_string)
                    .filter(|l| !l.trim().is_empty())
            }
            (Tag::Title, _) if f.doc_title.is_none() => f.doc_title = Some(dom.collapsed_text(i)),
            (Tag::H1, _) if f.h1s.len() < 4 => f.h1s.push(
                dom.collapsed_text(i)
                    .trim_end_matches(PERMALINK_SYMBOLS)
                    .trim_end()
                    .to_string(),
            ),
            (_, "script")
                if dom
                    .attr(i, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                let text: String = dom.children(i).map(|c| dom.text(c)).collect();
                if let Some(v) = parse_json_ld(&text) {
                    read_json_ld(&v, &mut f, 0);
                }
                // Broken JSON-LD (or an object of another type) may still date the page.
                if f.script_dates.is_empty()
                    && let Some(d) = script_date(&text)
                {
                    f.script_dates.push(d);
                }
            }
            (_, "script") if f.script_dates.is_empty() => {
                for c in dom.children(i) {
                    if let Some(d) = script_date(dom.text(c)) {
                        f.script_dates.push(d);
                        break;
                    }
                }
            }
            (_, "meta") => {
                let key = dom
                    .attr(i, "property")
                    .or_else(|| dom.attr(i, "name"))
                    .or_else(|| dom.attr(i, "itemprop"))
                    .or_else(|| dom.attr(i, "http-equiv"));
                if let (Some(k), Some(v)) = (key, dom.attr(i, "content")) {
                    // RDFa lets one `property` name several terms ("dc:creator og:x").
                    for k in k.split_whitespace() {
                        f.metas.push((k.to_ascii_lowercase(), v.to_string()));
                    }
                }
            }
            (_, "link") => {
                let rel = dom.attr(i, "rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && f.canonical.is_none() {
                    f.canonical = dom.attr(i, "href").map(str::to_string);
                }
            }
            _ => {}
        }
        if tag == Tag::Time
            && f.time_dates.len() < 8
            && let Some(d) = dom.attr(i, "datetime")
        {
            f.time_dates.push(d.to_string());
        }
        if let Some(prop) = dom.attr(i, "itemprop") {
            let value = || {
                dom.attr(i, "content")
                    .or_else(|| dom.attr(i, "datetime"))
                    .map(str::to_string)
                    .unwrap_or_else(|| dom.collapsed_text(i))
            };
            let props: Vec<&str> = prop.split_whitespace().collect();
            if props.contains(&"datePublished") && f.itemprop_date.is_none() && name != "meta" {
                f.itemprop_date = Some(value());
            }
            let near = f
                .itemprop_author_at
                .is_none_or(|at| i - at <= ITEMPROP_AUTHORS_SPAN);
            if props.contains(&"author") && !near {
                f.post_authors += 1;
            }
            if props.contains(&"author") && f.itemprop_authors.len() < 6 && name != "meta" && near {
                f.itemprop_author_at = Some(i);
                // An author item holds a name property, or is the name itself.
                let named = (i + 1..dom.node(i).end).find(|&d| {
                    dom.attr(d, "itemprop")
                        .is_some_and(|p| p.split_whitespace().any(|p| p == "name"))
                });
                let v = match named {
                    Some(d) => dom
                        .attr(d, "content")
                        .map(str::to_string)
                        .unwrap_or_else(|| dom.collapsed_text(d)),
                    None => value(),
                };
                f.itemprop_authors.push(v);
            }
        }
        if tag == Tag::A
            && dom.attr(i, "rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("author"))
            })
            && f.rel_authors.len() < 6
        {
            f.rel_authors.push(dom.collapsed_text(i));
        }
        let size = dom.node(i).end - i;
        let flags = if size < 40 {
            class_flags(dom, i, &mut class_lists)
        } else {
            0
        };
        if f.visible_dates.len() < 4 && size <= 12 && flags & DATE_CLASS != 0 {
            f.visible_dates.push(dom.collapsed_text_limited(i, 120));
        }
        if tag == Tag::A
            && f.author_link_authors.len() < 4
            && dom.attr(i, "href").is_some_and(is_author_page)
        {
            let text = dom.collapsed_text_limited(i, 80);
            if looks_like_name(&text) {
                f.author_link_authors.push(text);
            }
        }
        if f.text_byline_authors.is_empty()
            && dom.node(i).end - i <= 16
            && let Some(name) = byline_by_words(dom, i)
        {
            f.text_byline_authors.push(name);
        }
        if tag == Tag::Pre {
            f.code_blocks += 1;
        }
        if size <= 12 && flags & USER_CLASS != 0 {
            f.post_authors += 1;
        }
        if f.byline_authors.is_empty() && flags & BYLINE_CLASS != 0 {
            let text = dom.collapsed_text_limited(i, 200);
            // A box with no text (an avatar, an icon) is no byline at all.
            if text.len() <= 120 && !text.trim().is_empty() {
                f.byline_authors.push(byline_part(dom, i, text));
            }
        }
    }
    f
}

/// A JSON-LD script's value, read as leniently as browsers' readers of it are: a
/// CDATA or comment wrapper, a trailing semicolon, commas before a closing bracket and
/// raw line breaks inside strings are all common, and none hides the data.
fn parse_json_ld(text: &str) -> Option<Value> {
    let mut t = text.trim();
    loop {
        let before = t.len();
        for wrap in ["//<![CDATA[", "/*<![CDATA[*/", "<![CDATA[", "<!--"] {
            t = t.strip_prefix(wrap).unwrap_or(t).trim_start();
        }
        for wrap in ["//]]>", "/*]]>*/", "]]>", "-->", ";"] {
            t = t.strip_suffix(wrap).unwrap_or(t).trim_end();
        }
        if t.len() == before {
            break;
        }
    }
    if let Ok(v) = serde_json::from_str::<Value>(t) {
        return Some(v);
    }
    // One pass that drops commas before `}` or `]` and blanks control characters
    // inside strings.
    let mut out = String::with_capacity(t.len());
    let (mut in_string, mut escaped) = (false, false);
    for (at, c) in t.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                c if c.is_control() => {
                    out.push(' ');
                    continue;
                }
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ',' && t[at + 1..].trim_start().starts_with(['}', ']']) {
            continue;
        }
        out.push(c);
    }
    serde_json::from_str(&out).ok()
}

/// A byline box's text, or when its parts run together so that no name survives
/// cleaning ("by Jane Doe12 May 2024", the date in a span of its own), the text of
/// its first part that is an author: a link to an author page, or an element whose
/// class or id says author, byline or writer.
fn byline_part(dom: &Dom, ix: NodeIx, text: String) -> String {
    if !clean_authors(std::slice::from_ref(&text)).is_empty() {
        return text;
    }
    let author_class = |d: NodeIx| {
        [dom.attr(d, "class"), dom.attr(d, "id")]
            .into_iter()
            .flatten()
            .any(|v| {
                let v = v.to_ascii_lowercase();
                ["author", "byline", "writer"].iter().any(|w| v.contains(w))
            })
    };
    (ix + 1..dom.node(ix).end)
        .filter(|&d| {
            let tag = dom.tag(d);
            tag != Tag::Text
                && (tag == Tag::A && dom.attr(d, "href").is_some_and(is_author_page)
                    || author_class(d))
        })
        .map(|d| dom.collapsed_text_limited(d, 200))
        .find(|t| !clean_authors(std::slice::from_ref(t)).is_empty())
        .unwrap_or(text)
}

/// Keys under which page data (hydration state, data layers, escaped JSON-LD) gives
/// the publication date.
pub(crate) const SCRIPT_DATE_KEYS: &[&str] = &[
    "datePublished",
    "publishedAt",
    "published_at",
    "publishDate",
    "publishedDate",
    "publish_date",
    "first_publication_date",
    "pubDate",
];

/// The first publication date under a known key in a script's text.
fn script_date(text: &str) -> Option<String> {
    for key in SCRIPT_DATE_KEYS {
        let mut from = 0;
        // memmem's vectorised search: a script can be hundreds of kilobytes.
        while let Some(at) = memchr::memmem::find(&text.as_bytes()[from..], key.as_bytes()) {
            let start = from + at + key.len();
            from = start;
            // "key": "value", also escaped (\"key\":\"value\") or unquoted (key:"value").
            let rest = text[start..].trim_start_matches(['"', '\\', '\'', ' ']);
            let Some(rest) = rest.strip_prefix(':') else {
                continue;
            };
            let value = rest.trim_start_matches(['"', '\\', '\'', ' ']);
            let end = value
                .find(['"', '\\', '\'', ',', '}'])
                .unwrap_or(value.len())
                .min(40);
            let value = value.get(..end)?.trim();
            if value.len() >= 8 && value.as_bytes()[0].is_ascii_digit() {
                return Some(value.to_string());
            }
        }
    }
    None
}

/// Whether a short text is a date and little else: an optional label ("Published",
/// "Last updated:", "-", "on"), then the date, maybe with a time.
fn is_date_only(text: &str) -> bool {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut rest = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    loop {
        let word = rest
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        let label = matches!(
            word.to_ascii_lowercase().as_str(),
            "published" | "updated" | "last" | "posted" | "on" | "date" | "modified"
        );
        if !label || word.is_empty() {
            break;
        }
        rest = rest[word.len()..].trim_start_matches(|c: char| !c.is_alphanumeric());
    }
    let words = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count();
    let numeric = rest.len() <= 10
        && rest
            .bytes()
            .all(|b| b.is_ascii_digit() || b"./-".contains(&b));
    // ISO 8601 with a time: 2022-11-23T08:10+02:00.
    let rb = rest.as_bytes();
    let iso = (11..=32).contains(&rb.len())
        && rb[4] == b'-'
        && matches!(rb[10], b'T' | b' ')
        && rest.get(..10).is_some_and(|d| parse_date(d).is_some())
        && rb[11..]
            .iter()
            .all(|b| b.is_ascii_digit() || b":.+-Z ".contains(b));
    if iso {
        return true;
    }
    (words <= 8 || numeric) && parse_date(rest).is_some() && {
        // Every word is part of a date or a time, not a sentence about one.
        rest.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| {
                w.bytes().all(|b| b.is_ascii_digit())
                    || month(w).is_some()
                    || is_weekday(w)
                    || matches!(
                        w.to_ascii_lowercase().as_str(),
                        "at" | "am" | "pm" | "st" | "nd" | "rd" | "th" | "utc" | "gmt"
                    )
                    || w.trim_start_matches(|c: char| c.is_ascii_digit()).len() <= 2
            })
    }
}

fn is_weekday(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .any(|d| w.starts_with(d) && (w.len() == 3 || w.ends_with("day") || w.len() <= 5))
}

/// Class or id words that name a date box ("post-date", "published", "time").
const DATE_CLASS_WORDS: &[&str] = &[
    "date",
    "time",
    "published",
    "publish",
    "posted",
    "updated",
    "pubdate",
    "dateline",
    "timestamp",
    "datetime",
    "postdate",
    "entrydate",
];
/// Class or id words that name a byline.
const BYLINE_CLASS_WORDS: &[&str] = &[
    "byline",
    "author",
    "authorname",
    "writer",
    "by",
    "username",
    "bigusername",
];
/// Class or id words that name a forum post's author.
const USER_CLASS_WORDS: &[&str] = &["username", "bigusername", "postauthor"];
const DATE_CLASS: u8 = 1;
const BYLINE_CLASS: u8 = 2;
const USER_CLASS: u8 = 4;

/// Which of the date, byline and user-name word lists the element's class or id
/// words (split at anything not a letter or digit) meet. A page repeats its class
/// lists on many elements: each list is read once (`seen`).
fn class_flags<'d>(dom: &'d Dom, ix: NodeIx, seen: &mut FxHashMap<&'d str, u8>) -> u8 {
    let by_class = dom.attr(ix, "class").map_or(0, |class| {
        *seen.entry(class).or_insert_with(|| word_flags(class))
    });
    by_class | dom.attr(ix, "id").map_or(0, word_flags)
}

/// The first byte and length of every word of the date, byline and user-name lists:
/// bit `len` of entry `byte` (either case) is set when some word has that shape, so
/// most class words are passed over without a comparison.
const CLASS_WORD_SHAPES: [u16; 256] = {
    let lists = [DATE_CLASS_WORDS, BYLINE_CLASS_WORDS, USER_CLASS_WORDS];
    let mut table = [0u16; 256];
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            let word = lists[l][i].as_bytes();
            let bit = 1u16 << word.len();
            table[word[0].to_ascii_lowercase() as usize] |= bit;
            table[word[0].to_ascii_uppercase() as usize] |= bit;
            i += 1;
        }
        l += 1;
    }
    table
};

/// [`class_flags`] of one attribute value.
fn word_flags(value: &str) -> u8 {
    let mut flags = 0;
    // Split on bytes: every byte of a multi-byte character parts words as the
    // character would, and an ASCII word is the same either way.
    for w in value.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
        if w.is_empty()
            || w.len() > 11
            || CLASS_WORD_SHAPES[usize::from(w[0])] & (1 << w.len()) == 0
        {
            continue;
        }
        let is = |list: &[&str]| list.iter().any(|x| x.as_bytes().eq_ignore_ascii_case(w));
        if is(DATE_CLASS_WORDS) {
            flags |= DATE_CLASS;
        }
        if is(BYLINE_CLASS_WORDS) {
            flags |= BYLINE_CLASS;
        }
        if is(USER_CLASS_WORDS) {
            flags |= USER_CLASS;
        }
    }
    flags
}

/// "Published March 3, 2024", "Updated: 12 May 2025", "Posted on ...".
fn starts_with_dateline_word(text: &str) -> bool {
    let first = text
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        first.as_str(),
        "published" | "updated" | "posted" | "last" | "date" | "modified" | "reviewed"
    )
}

/// The source of a page type "forum" declared by a JSON-LD `DiscussionForumPosting`: a
/// thread of replies (not a question page, whose comments are remarks beside the
/// answers).
pub const DECLARED_THREAD: &str = "json-ld discussion thread";

/// The source of a page type "forum" declared by a JSON-LD `QAPage` or `Question`: a
/// thread of replies too, unless the page names boxes as answers (then its comments
/// are remarks beside them).
pub const DECLARED_QUESTION: &str = "json-ld question page";

/// The source of a product page type declared in JSON-LD (a `Product` or `Offer`
/// item), as opposed to an `og:type` of product, which some shops put on their
/// category pages too.
pub const DECLARED_PRODUCT: &str = "json-ld";

/// The kind of page, from what it declares (JSON-LD types, `og:type`) and its shape
/// (posts by several people, code blocks, a documentation URL). Listings are told
/// by the extractor, which sees their shape.
fn page_type(found: &Found, url: Option<&str>, og_type: Option<String>) -> Option<Sourced<String>> {
    let has = |names: &[&str]| found.ld_types.iter().any(|t| names.contains(&t.as_str()));
    let typed = |value: &str, source: &'static str| {
        Some(Sourced {
            value: value.to_string(),
            source,
        })
    };
    if has(&["DiscussionForumPosting"]) {
        return typed("forum", DECLARED_THREAD);
    }
    if has(&["QAPage", "Question"]) {
        return typed("forum", DECLARED_QUESTION);
    }
    let og = og_type.unwrap_or_default().to_ascii_lowercase();
    let article_type = found.ld_types.iter().any(|t| {
        t.ends_with("Article") || matches!(t.as_str(), "BlogPosting" | "LiveBlogPosting" | "Report")
    });
    // An article that reviews products marks them up too: its own type says article.
    if has(&["Product", "ProductGroup", "Offer", "IndividualProduct"])
        && !article_type
        && og != "article"
    {
        return typed("product", DECLARED_PRODUCT);
    }
    if has(&["TechArticle", "APIReference"]) {
        return typed("documentation", "json-ld");
    }
    if og.starts_with("product") {
        return typed("product", "og:type");
    }
    if found.post_authors >= 3 {
        return typed("forum", "posts by several people");
    }
    let path = url
        .and_then(|u| u.split_once("://"))
        .map_or("", |(_, rest)| rest)
        .to_ascii_lowercase();
    let doc_path = [
        "/docs/",
        "/doc/",
        "/documentation/",
        "/reference/",
        "/api/",
        "/manual/",
        "/wiki/",
    ]
    .iter()
    .any(|p| path.contains(p))
        || path.starts_with("docs.");
    if doc_path || found.code_blocks >= 3 {
        return typed(
            "documentation",
            if doc_path { "url" } else { "code blocks" },
        );
    }
    if article_type {
        return typed("article", "json-ld");
    }
    if og == "article" {
        return typed("article", "og:type");
    }
    if has(&["CollectionPage", "ItemList", "SearchResultsPage"]) {
        return typed("listing", "json-ld");
    }
    None
}

/// The ISO 639-1 code of a language the detector names by its ISO 639-3 code.
pub fn iso639_1(code3: &str) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("cym", "cy"),
        ("epo", "eo"),
        ("eng", "en"),
        ("rus", "ru"),
        ("cmn", "zh"),
        ("spa", "es"),
        ("por", "pt"),
        ("ita", "it"),
        ("ben", "bn"),
        ("fra", "fr"),
        ("deu", "de"),
        ("ukr", "uk"),
        ("kat", "ka"),
        ("ara", "ar"),
        ("hin", "hi"),
        ("jpn", "ja"),
        ("heb", "he"),
        ("yid", "yi"),
        ("pol", "pl"),
        ("amh", "am"),
        ("jav", "jv"),
        ("kor", "ko"),
        ("nob", "nb"),
        ("dan", "da"),
        ("swe", "sv"),
        ("fin", "fi"),
        ("tur", "tr"),
        ("nld", "nl"),
        ("hun", "hu"),
        ("ces", "cs"),
        ("ell", "el"),
        ("bul", "bg"),
        ("bel", "be"),
        ("mar", "mr"),
        ("kan", "kn"),
        ("ron", "ro"),
        ("slv", "sl"),
        ("hrv", "hr"),
        ("srp", "sr"),
        ("mkd", "mk"),
        ("lit", "lt"),
        ("lav", "lv"),
        ("est", "et"),
        ("tam", "ta"),
        ("vie", "vi"),
        ("urd", "ur"),
        ("tha", "th"),
        ("guj", "gu"),
        ("uzb", "uz"),
        ("pan", "pa"),
        ("aze", "az"),
        ("ind", "id"),
        ("tel", "te"),
        ("pes", "fa"),
        ("mal", "ml"),
        ("ori", "or"),
        ("mya", "my"),
        ("nep", "ne"),
        ("sin", "si"),
        ("khm", "km"),
        ("tuk", "tk"),
        ("aka", "ak"),
        ("zul", "zu"),
        ("sna", "sn"),
        ("afr", "af"),
        ("lat", "la"),
        ("slk", "sk"),
        ("cat", "ca"),
        ("tgl", "tl"),
        ("hye", "hy"),
    ];
    TABLE.iter().find(|(c3, _)| *c3 == code3).map(|(_, c1)| *c1)
}

/// Most nodes between two itemprop authors of the same byline.
const ITEMPROP_AUTHORS_SPAN: NodeIx = 60;

/// What the publisher calls itself: the site names declared (JSON-LD, OpenGraph) and
/// the main label of the host name.
fn declared_site_names(found: &Found, url: Option<&str>, og_site: Option<String>) -> Vec<String> {
    let mut names: Vec<String> = [found.ld_site.clone(), og_site]
        .into_iter()
        .flatten()
        .collect();
    let host = url
        .or(found.canonical.as_deref())
        .and_then(|u| u.split_once("://"))
        .map(|(_, rest)| rest.split(['/', '?', '#', ':']).next().unwrap_or(""))
        .unwrap_or("");
    // The label before the public suffix: "clevelandclinic" of
    // health.clevelandclinic.org, "bhf" of www.bhf.org.uk.
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    let short_suffix = |l: &str| l.len() <= 3 || matches!(l, "info" | "news");
    let main = match labels.as_slice() {
        [.., a, b, c] if short_suffix(b) && c.len() == 2 => Some(*a),
        [.., a, _] => Some(*a),
        _ => None,
    };
    names.extend(main.map(str::to_string));
    names
}

/// The parts of a `<title>` that are not its headline: the site's name, as guessed.
fn title_site_parts(title: &str) -> Vec<String> {
    let head = strip_site_name(title);
    TITLE_SEPARATORS
        .iter()
        .flat_map(|sep| title.split(sep).skip(1))
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != head)
        .map(str::to_string)
        .collect()
}

/// Whether a name is the publisher's: the same letters as a site name, or as the
/// host's main label, or initials that spell that label.
fn is_publisher(name: &str, publisher: &[String]) -> bool {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let n = squash(name);
    let initials: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    !n.is_empty()
        && publisher.iter().any(|p| {
            let p = squash(p);
            !p.is_empty() && (p == n || (initials.len() >= 2 && p == initials))
        })
}

/// "Brian Truitt USA TODAY" → "Brian Truitt": a publisher's name after a person's.
fn strip_publisher_suffix(name: &mut String, publisher: &[String]) {
    let words: Vec<&str> = name.split_whitespace().collect();
    for k in 2..words.len() {
        if is_publisher(&words[k..].join(" "), publisher) {
            *name = words[..k].join(" ");
            return;
        }
    }
}

/// Words that introduce an author's name in a byline.
/// Symbols that documentation generators link after a heading (a permalink), left
/// off the end of a headline (the extracted text drops them by `prune.permalink_symbols`).
const PERMALINK_SYMBOLS: &[char] = &['¶', '§', '#', '🔗', '⚓', '¤'];

const BYLINE_LABELS: &[&str] = &[
    "by",
    "written by",
    "article by",
    "posted by",
    "words by",
    "story by",
    "text by",
    "reporting by",
    "author",
    "authors",
    "autor",
    "auteur",
    "von",
    "par",
    "por",
    "door",
];

/// The first letters of [`BYLINE_LABELS`], either case: a text starting with another
/// byte starts no byline.
const BYLINE_INITIALS: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < BYLINE_LABELS.len() {
        let first = BYLINE_LABELS[i].as_bytes()[0];
        table[first.to_ascii_lowercase() as usize] = true;
        table[first.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    table
};

/// A byline that is a text of its own, trimmed, starting with the label: "03/01/2017
/// by Agatha Caleo" gives "Agatha Caleo".
fn byline_in_text(text: &str) -> Option<String> {
    let end = byline_label_end(text).filter(|_| text.len() <= 120)?;
    let rest = text[end..].trim_start_matches([':', ' ']).trim();
    (!rest.is_empty()).then(|| name_before_separator(rest))
}

/// A byline found by its words, in a small element: its whole text is "By NAME" or
/// "Written by NAME ...", or it is just the label ("Written by") and the next element
/// is the name. Only the innermost such element counts, so what follows the byline in
/// a wider box (a date, a category) stays out.
fn byline_by_words(dom: &Dom, ix: NodeIx) -> Option<String> {
    let tag = dom.tag(ix);
    if tag == Tag::Text {
        if dom.node(ix).chars == 0 {
            return None;
        }
        return byline_in_text(dom.text(ix).trim());
    }
    if tag == Tag::Root || !may_start_byline(dom, ix) || matches!(dom.name(ix), "script" | "style")
    {
        return None;
    }
    let text = dom.collapsed_text_limited(ix, 160);
    if text.len() > 120 {
        return None;
    }
    let label_end = byline_label_end(&text)?;
    let rest = text[label_end..].trim_start_matches([':', ' ']).trim();
    if rest.is_empty() {
        // The label alone: the name is the next thing on the page.
        let next = dom.node(ix).end;
        if next as usize >= dom.len() {
            return None;
        }
        let name = if dom.tag(next) == Tag::Text {
            dom.text(next).trim().to_string()
        } else {
            dom.collapsed_text_limited(next, 80)
        };
        return (!name.is_empty() && name.len() <= 60).then_some(name);
    }
    // An inner element holding the label too is the better (narrower) byline.
    let inner = (ix + 1..dom.node(ix).end).any(|d| {
        dom.tag(d) != Tag::Text && byline_label_end(&dom.collapsed_text_limited(d, 160)).is_some()
    });
    if inner {
        return None;
    }
    Some(name_before_separator(rest))
}

/// The name that starts a byline: it ends where a date, a place or a role starts.
fn name_before_separator(rest: &str) -> String {
    let cut = [
        " - ",
        " – ",
        " — ",
        " on ",
        " | ",
        " in ",
        " at ",
        " updated",
        " published",
        " »",
    ]
    .iter()
    .filter_map(|sep| rest.find(sep))
    .min()
    .unwrap_or(rest.len());
    rest[..cut].trim().to_string()
}

/// Where the byline label that starts `text` ends (case-insensitive; the label is a
/// whole word).
fn byline_label_end(text: &str) -> Option<usize> {
    // The labels are ASCII: compared byte by byte, without lowercasing the text.
    let b = text.as_bytes();
    if !b.first().is_some_and(|&c| BYLINE_INITIALS[usize::from(c)]) {
        return None;
    }
    BYLINE_LABELS
        .iter()
        .filter(|label| {
            b.len() >= label.len()
                && b[..label.len()].eq_ignore_ascii_case(label.as_bytes())
                && b.get(label.len()).is_none_or(|&c| c == b' ' || c == b':')
        })
        .map(|label| label.len())
        .max()
}

/// Whether the first words of an element's text could start a byline: its first
/// non-blank text begins with a label's first letter. A cheap test that spares
/// gathering the text of every small element.
fn may_start_byline(dom: &Dom, ix: NodeIx) -> bool {
    // The first text with visible characters (not blank, not a script's).
    (ix + 1..dom.node(ix).end)
        .find(|&d| dom.tag(d) == Tag::Text && dom.node(d).chars > 0)
        .is_some_and(|d| {
            let t = dom.text(d).trim_start();
            let word = &t[..t.bytes().take_while(u8::is_ascii_alphabetic).count()];
            // A label whose first word is `word`.
            !word.is_empty()
                && BYLINE_INITIALS[usize::from(word.as_bytes()[0])]
                && BYLINE_LABELS.iter().any(|label| {
                    let l = label.as_bytes();
                    l.len() >= word.len()
                        && l[..word.len()].eq_ignore_ascii_case(word.as_bytes())
                        && l.get(word.len()).is_none_or(|&c| c == b' ')
                })
        })
}

/// An author page link: `/author/NAME`, `/authors/NAME`, `/people/NAME`.
fn is_author_page(href: &str) -> bool {
    // Every label below starts a path part with "au" or "pe": most links have neither.
    let b = href.as_bytes();
    let starts_part = |at: usize| matches!(b.get(at..at + 2), Some(b"au" | b"pe"));
    if !starts_part(0) && !memchr::memchr_iter(b'/', b).any(|at| starts_part(at + 1)) {
        return false;
    }
    let path = href.split_once("://").map_or(href, |(_, r)| r);
    let mut after_label = false;
    for part in path.split(['?', '#']).next().unwrap_or("").split('/') {
        if after_label && !part.is_empty() {
            return true;
        }
        after_label = matches!(part, "author" | "authors" | "people" | "autor" | "auteur");
    }
    false
}

/// Whether a string reads as a person's (or a team's) name: one to six words, no
/// digits, each word capitalised or a name particle, at least one capitalised.
fn looks_like_name(s: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "van", "von", "de", "der", "den", "da", "del", "della", "di", "du", "la", "le", "bin",
        "al", "el", "y", "e", "dos", "das", "ter", "ten",
    ];
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 || s.len() > 60 || s.chars().any(|c| c.is_ascii_digit())
    {
        return false;
    }
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    words
        .iter()
        .all(|w| capitalised(w) || PARTICLES.contains(w))
        && words.iter().any(|w| capitalised(w))
}

/// Reads the article-like objects of a JSON-LD value, depth-bounded.
fn read_json_ld(v: &Value, f: &mut Found, depth: usize) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| read_json_ld(i, f, depth + 1)),
        Value::Object(obj) => {
            if let Some(graph) = obj.get("@graph") {
                read_json_ld(graph, f, depth + 1);
            }
            let types = types_of(obj.get("@type"));
            if f.ld_types.len() < 32 {
                f.ld_types.extend(types.iter().cloned());
            }
            let article = types.iter().any(|t| {
                t.ends_with("Article")
                    || matches!(
                        t.as_str(),
                        "BlogPosting"
                            | "Report"
                            | "LiveBlogPosting"
                            | "Review"
                            | "Recipe"
                            | "Question"
                            | "DiscussionForumPosting"
                            | "SocialMediaPosting"
                            | "VideoObject"
                            | "HowTo"
                    )
            });
            let page = types
                .iter()
                .any(|t| t.ends_with("WebPage") || t == "WebPage");
            if article || page {
                let prefer = article;
                let set = |slot: &mut Option<String>, value: Option<String>| {
                    if value.is_some() && (slot.is_none() || prefer) {
                        *slot = value;
                    }
                };
                set(
                    &mut f.ld_title,
                    str_of(obj.get("headline")).or_else(|| {
                        if article {
                            str_of(obj.get("name"))
                        } else {
                            None
                        }
                    }),
                );
                set(
                    &mut f.ld_date,
                    str_of(obj.get("datePublished"))
                        .or_else(|| str_of(obj.get("dateCreated")))
                        .or_else(|| str_of(obj.get("uploadDate"))),
                );
                set(&mut f.ld_modified, str_of(obj.get("dateModified")));
                set(&mut f.ld_description, str_of(obj.get("description")));
                set(&mut f.ld_language, str_of(obj.get("inLanguage")));
                set(&mut f.ld_image, image_of(obj.get("image")));
                if let Some(p) = obj.get("publisher") {
                    set(&mut f.ld_site, name_of(p));
                }
                let (people, orgs) =
                    people_and_orgs(obj.get("author").or_else(|| obj.get("creator")));
                if !people.is_empty() && f.ld_author_lists.len() < 8 {
                    f.ld_author_lists.push(people.clone());
                }
                if !people.is_empty() && (f.ld_authors.is_empty() || prefer) {
                    f.ld_authors = people;
                }
                if !orgs.is_empty() && f.ld_org_authors.is_empty() {
                    f.ld_org_authors = orgs;
                }
                if let Some(k) = obj.get("keywords") {
                    match k {
                        Value::String(s) => {
                            f.ld_tags.extend(s.split(',').map(|t| t.trim().to_string()))
                        }
                        Value::Array(a) => f
                            .ld_tags
                            .extend(a.iter().filter_map(|t| t.as_str().map(str::to_string))),
                        _ => {}
                    }
                }
            }
            if types.iter().any(|t| t == "WebSite") && f.ld_site.is_none() {
                f.ld_site = str_of(obj.get("name"));
            }
            if let Some(main) = obj
                .get("mainEntity")
                .or_else(|| obj.get("mainEntityOfPage"))
                .filter(|m| m.is_object())
            {
                read_json_ld(main, f, depth + 1);
            }
        }
        _ => {}
    }
}

fn types_of(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.rsplit('/').next().unwrap_or(s).to_string()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|t| {
                t.as_str()
                    .map(|s| s.rsplit('/').next().unwrap_or(s).to_string())
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(decode_entities(s.trim())).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(|x| str_of(Some(x))),
        Value::Object(o) => str_of(o.get("@value")),
        _ => None,
    }
}

fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(decode_entities(s.trim())),
        Value::Object(o) => str_of(o.get("name")),
        Value::Array(a) => a.iter().find_map(name_of),
        _ => None,
    }
}

/// Authors split into people and organisations (by their `@type`): an organisation
/// is taken only when no source names a person.
fn people_and_orgs(v: Option<&Value>) -> (Vec<String>, Vec<String>) {
    let items: Vec<&Value> = match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    };
    let mut people = Vec::new();
    let mut orgs = Vec::new();
    for item in items {
        let org = item.as_object().is_some_and(|o| {
            types_of(o.get("@type")).iter().any(|t| {
                t.contains("Organization") || t == "Corporation" || t == "NewsMediaOrganization"
            })
        });
        if let Some(name) = name_of(item) {
            if org {
                orgs.push(name)
            } else {
                people.push(name)
            }
        }
    }
    (people, orgs)
}

fn image_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => str_of(o.get("url")),
        Value::Array(a) => a.iter().find_map(|x| image_of(Some(x))),
        _ => None,
    }
}

/// Authors from `<meta>`: several `article:author`/`citation_author` tags add up; a
/// Twitter card's `twitter:labelN` "Written by" names the author in `twitter:dataN`.
fn meta_authors(f: &Found) -> Vec<String> {
    for (k, v) in &f.metas {
        if let Some(n) = k.strip_prefix("twitter:label")
            && matches!(
                v.trim().to_lowercase().as_str(),
                "written by" | "author" | "by" | "written by:" | "author:"
            )
        {
            let data = format!("twitter:data{n}");
            if let Some((_, name)) = f.metas.iter().find(|(k, _)| *k == data) {
                return vec![name.clone()];
            }
        }
    }
    // One key's values (several `author` metas are several authors); different keys
    // are different sources of the same names, not more authors. Dublin Core as an
    // RDFa property is the most deliberate of them.
    for name in [
        "dc:creator",
        "dcterms:creator",
        "author",
        "dc.creator",
        "dcterms.creator",
        "sailthru.author",
        "parsely-author",
        "byl",
        "citation_author",
        "article:author",
        "og:article:author",
    ] {
        let mut found: Vec<String> = Vec::new();
        for (_, v) in f
            .metas
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
        {
            if !found.contains(v) {
                found.push(v.clone());
            }
        }
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// Names as a byline reads them: "A", "A and B", "A, B and C".
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Words of a job title: a part of a byline holding one is a role, not a name.
const ROLE_WORDS: &[&str] = &[
    "editor",
    "writer",
    "correspondent",
    "reporter",
    "contributor",
    "columnist",
    "journalist",
    "staff",
    "senior",
    "director",
    "manager",
    "founder",
    "co-founder",
    "ceo",
    "cto",
    "officer",
    "analyst",
    "producer",
    "attorney",
    "lawyer",
    "expert",
    "technologist",
    "specialist",
    "consultant",
    "strategist",
    "engineer",
    "developer",
    "designer",
    "photographer",
    "intern",
    "researcher",
    "scientist",
    "professor",
    "president",
    "dietitian",
    "chef",
    "coordinator",
    "marketer",
    "lead",
    "chief",
    "head",
];

/// Credits that are not authorship: a byline's names end where one starts.
const CREDIT_LABELS: &[&str] = &[
    "updated by",
    "edited by",
    "reviewed by",
    "medically reviewed",
    "fact checked",
    "fact-checked",
    "photos by",
    "photography by",
    "illustrations by",
    "illustration by",
];

/// Generic labels that stand where a name should.
const NOT_NAMES: &[&str] = &[
    "author",
    "the author",
    "admin",
    "administrator",
    "editor",
    "editors",
    "staff",
    "guest",
    "anonymous",
    "unknown",
    "user",
    "username",
    "user name",
    "login",
];

/// A credential that follows a name after a comma: "MD", "Ph.D.", "RD", "MA".
fn is_credential(part: &str) -> bool {
    let letters: String = part.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty()
        && letters.len() <= 6
        && !part.contains(' ')
        && (letters.chars().all(|c| c.is_uppercase())
            || matches!(
                letters.as_str(),
                "PhD" | "MSc" | "BSc" | "MPH" | "Jr" | "Sr"
            ))
}

/// Names, cleaned: no "By", no URLs, no dates after a separator, split at " and " and
/// commas between names, credentials kept with their name, a role ending what is
/// read of a byline, deduplicated.
fn clean_authors(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in raw {
        let r = collapse(r);
        if r.is_empty() || r.contains("://") || r.starts_with('/') || r.starts_with('@') {
            continue;
        }
        let mut r = r.as_str();
        // "By", "Written By:", "Authors:" and the like, in any case.
        if let Some(end) = byline_label_end(r) {
            r = r[end..].trim_start_matches([':', ' ']);
        }
        // Drop what follows a separator that starts a date or a role.
        let r = r.split(['|', '\n', '•', '·']).next().unwrap_or("").trim();
        // "Kaufman, Jeff T.": one name, family name first (as citations write it).
        if let Some((family, given)) = r.split_once(", ")
            && !family.contains(' ')
            && !given.contains(',')
            && !given.contains(" and ")
            && given.split_whitespace().count() <= 2
            && given.split_whitespace().nth(1).is_some_and(|w| {
                w.trim_end_matches('.').chars().count() == 1 || w.chars().all(char::is_lowercase)
            })
            && looks_like_name(family)
        {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(r)) {
                out.push(r.to_string());
            }
            continue;
        }
        let mut last: Option<usize> = None;
        for part in r
            .split(" and ")
            .flat_map(|p| p.split(", "))
            .flat_map(|p| p.split(" & "))
        {
            let part = part.trim().trim_matches([',', ':', ';']).trim();
            // Editors, reviewers and photographers are named after the authors.
            let lower = part.to_lowercase();
            if CREDIT_LABELS.iter().any(|l| lower.starts_with(l)) {
                break;
            }
            if let Some(i) = last.filter(|_| is_credential(part)) {
                out[i] = format!("{}, {part}", out[i]);
                continue;
            }
            let part = part.trim_end_matches('.');
            let words: Vec<&str> = part.split_whitespace().collect();
            let role_at = words.iter().position(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
                ROLE_WORDS.iter().any(|r| r.eq_ignore_ascii_case(w))
            });
            // A part that is all role is a name only when nothing came before it
            // ("Podium Staff", "Luxury Travel Expert").
            let role_at = role_at.filter(|&k| last.is_some() || (k >= 2 && words.len() >= 4));
            let part = match role_at {
                // A name then a role ("Ben Silverman Games Editor"): the name is the
                // first two words, three with an initial or particle in the middle.
                Some(k) if k >= 2 => {
                    let middle = words[1];
                    let n = if middle.len() <= 2
                        || middle.ends_with('.')
                        || middle.chars().all(char::is_lowercase)
                    {
                        3
                    } else {
                        2
                    };
                    words[..n.min(k)].join(" ")
                }
                Some(_) => String::new(),
                None => part.to_string(),
            };
            let part = part.as_str();
            let words = part.split_whitespace().count();
            let keep = !(part.is_empty()
                || part.matches('.').count() >= 2 && !part.contains(' ')
                || words > 6
                || part.chars().any(|c| c.is_ascii_digit()) && !is_handle(part)
                || part.len() > 60
                || NOT_NAMES.iter().any(|n| n.eq_ignore_ascii_case(part)));
            if keep && !out.iter().any(|o| o.eq_ignore_ascii_case(part)) {
                out.push(part.to_string());
                last = Some(out.len() - 1);
            }
            if role_at.is_some() {
                // What follows a role is the employer or more of the title.
                break;
            }
        }
    }
    out
}

/// A user name with digits in it ("InsaneSnow45", "josh_wilmot90"), as forums and
/// communities show their posters: one word, starting with a letter, with at least
/// three letters, digits in at most two runs ("Need2KnowLion", but not a generated
/// "user1dbb6551f4"), and no date or time in it. Other digits mean a date or a count.
fn is_handle(part: &str) -> bool {
    let letters = part.chars().filter(|c| c.is_alphabetic()).count();
    let digit_runs = part
        .as_bytes()
        .windows(2)
        .filter(|w| w[1].is_ascii_digit() && !w[0].is_ascii_digit())
        .count();
    !part.contains(char::is_whitespace)
        && part.chars().next().is_some_and(char::is_alphabetic)
        && part
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && letters >= 3
        && digit_runs <= 2
        && (4..=32).contains(&part.chars().count())
        && month(part).is_none()
        && parse_date(part).is_none()
}

/// A date as `YYYY-MM-DD`, when the text holds a real calendar day between 1990 and
/// `today` (ISO 8601, `YYYY/MM/DD`, `DD.MM.YYYY`, "May 30, 2024", "30 May 2024").
pub fn valid_date(raw: &str, today: &str) -> Option<String> {
    let (y, m, d) = parse_date(raw.trim())?;
    if !(1990..=2100).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let day = format!("{y:04}-{m:02}-{d:02}");
    (today.is_empty() || day.as_str() <= today).then_some(day)
}

fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let t = s.get(from..from + len)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())
            .flatten()
    };
    // YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD (at the start, as in ISO 8601)
    if b.len() >= 10 && matches!(b[4], b'-' | b'/' | b'.') && b[7] == b[4] {
        return Some((num(0, 4)? as i32, num(5, 2)?, num(8, 2)?));
    }
    // YYYYMMDD
    if b.len() >= 8
        && b[..8].iter().all(u8::is_ascii_digit)
        && (b.len() == 8 || !b[8].is_ascii_digit())
    {
        return Some((num(0, 4)? as i32, num(4, 2)?, num(6, 2)?));
    }
    // DD.MM.YYYY or DD/MM/YYYY; MM/DD/YYYY when the day cannot be a month.
    if b.len() >= 10 && matches!(b[2], b'.' | b'/') && b[5] == b[2] {
        let (first, second) = (num(0, 2)?, num(3, 2)?);
        if b[2] == b'/' && first <= 12 && second > 12 {
            return Some((num(6, 4)? as i32, first, second));
        }
        return Some((num(6, 4)? as i32, second, first));
    }
    // Month names: "May 30, 2024", "30 May 2024", "Thursday, 30 May 2024"
    let words: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let month_at = words.iter().position(|w| month(w).is_some())?;
    let m = month(words[month_at])?;
    let year = words
        .iter()
        .filter_map(|w| w.parse::<i32>().ok())
        .find(|y| (1000..=9999).contains(y))?;
    let day = words
        .get(month_at + 1)
        .and_then(|w| {
            w.trim_end_matches(|c: char| c.is_alphabetic())
                .parse::<u32>()
                .ok()
        })
        .filter(|d| *d <= 31)
        .or_else(|| {
            month_at
                .checked_sub(1)
                .and_then(|p| {
                    words[p]
                        .trim_end_matches(|c: char| c.is_alphabetic())
                        .parse::<u32>()
                        .ok()
                })
                .filter(|d| *d <= 31)
        })?;
    Some((year, m, day))
}

fn month(word: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    NAMES
        .iter()
        .position(|n| {
            w.starts_with(n)
                && (w.len() == 3 || full.iter().any(|f| f.starts_with(&w)) || w == "sept")
        })
        .map(|p| p as u32 + 1)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A date in a URL path: `/2024/05/30/` or `/2024-05-30`.
fn url_date(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segs: Vec<&str> = path.split('/').collect();
    for w in segs.windows(3) {
        if w[0].len() == 4
            && w[1].len() == 2
            && w[2].len() == 2
            && w.iter().all(|s| s.bytes().all(|c| c.is_ascii_digit()))
        {
            return Some(format!("{}-{}-{}", w[0], w[1], w[2]));
        }
    }
    segs.iter().find_map(|s| {
        let s = s.get(..10)?;
        (s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-').then(|| s.to_string())
    })
}

/// Today's date in UTC, `YYYY-MM-DD`, for validating dates.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The calendar date (year, month, day) of a day counted from 1970-01-01 (Howard
/// Hinnant's civil-from-days).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn static_name(k: &str) -> &'static str {
    match k {
        "og:title" => "og:title",
        "twitter:title" => "twitter:title",
        "og:description" => "og:description",
        "description" => "meta description",
        "twitter:description" => "twitter:description",
        "og:site_name" => "og:site_name",
        "og:url" => "og:url",
        "og:image" => "og:image",
        "twitter:image" => "twitter:image",
        "og:locale" => "og:locale",
        "content-language" => "content-language",
        "article:published_time" => "article:published_time",
        "article:modified_time" => "article:modified_time",
        _ => "meta",
    }
}

/// Decodes the character references that JSON-LD text (raw inside `<script>`, so not
/// decoded by the parser) often carries: numeric ones and the common named ones.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = name.strip_prefix('#') {
                num.parse().ok().and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some(' '),
                    "rsquo" => Some('’'),
                    "lsquo" => Some('‘'),
                    "rdquo" => Some('”'),
                    "ldquo" => Some('“'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "hellip" => Some('…'),
                    _ => None,
                }
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Headline | Site" to "Headline": the longest part between separators.
/// A headline without a tag line after a separator: "Best Movers 2025 | Top 19
/// Companies" → "Best Movers 2025". A pipe always ends the headline; a dash does
/// when what follows is short (a tag line, not the second half of the story's title).
fn strip_subtitle(h1: &str) -> String {
    if let Some((head, _)) = h1.split_once(" | ")
        && head.split_whitespace().count() >= 2
    {
        return head.trim().to_string();
    }
    for sep in [" - ", " – ", " — "] {
        // A tag line is set in title case; "– as it happened" goes on the sentence.
        if let Some((head, tail)) = h1.rsplit_once(sep)
            && head.split_whitespace().count() >= 3
            && tail.split_whitespace().count() <= 4
            && tail
                .trim()
                .chars()
                .next()
                .is_some_and(|c| !c.is_lowercase())
        {
            return head.trim().to_string();
        }
    }
    h1.to_string()
}

/// A title without the parts that are the site's declared name, however short the
/// rest: "systemd - ArchWiki" → "systemd".
fn strip_known_site(title: &str, site: &[String]) -> String {
    for sep in TITLE_SEPARATORS {
        if !title.contains(sep) {
            continue;
        }
        let kept: Vec<&str> = title
            .split(sep)
            .filter(|p| !is_publisher(p.trim(), site))
            .collect();
        if !kept.is_empty() && kept.len() < title.split(sep).count() {
            return kept.join(sep).trim().to_string();
        }
    }
    title.to_string()
}

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
mod class_word_tests {
    use super::*;

    #[test]
    fn every_listed_class_word_passes_the_shape_filter() {
        for (list, flag) in [
            (DATE_CLASS_WORDS, DATE_CLASS),
            (BYLINE_CLASS_WORDS, BYLINE_CLASS),
            (USER_CLASS_WORDS, USER_CLASS),
        ] {
            for word in list {
                assert_ne!(word_flags(word) & flag, 0, "{word}");
                assert_ne!(word_flags(&word.to_uppercase()) & flag, 0, "{word}");
                assert_ne!(word_flags(&format!("post-{word} x")) & flag, 0, "{word}");
            }
        }
        assert_eq!(word_flags("container row dates"), 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    const TODAY: &str = "2026-11-28";

    fn meta_of(html: &str) -> Metadata {
        metadata(
            &parse(html, crate::parse::Prepare::new(100, 512)),
            None,
            TODAY,
        )
    }

    #[test]
    fn author_pages_are_told_by_their_path() {
        for href in [
            "https://example.com/author/jane-doe/",
            "/authors/jane?ref=byline",
            "author/jane",
            "https://example.com/de/autor/max",
            "/people/jane#top",
        ] {
            assert!(is_author_page(href), "{href}");
        }
        for href in [
            "https://people.example.com/jane",
            "/author/",
            "/news/authority/report",
            "/peoples/jane",
            "",
        ] {
            assert!(!is_author_page(href), "{href}");
        }
    }

    #[test]
    fn a_heading_that_is_the_titles_site_part_is_a_logo_and_one_that_is_its_first_part_wins() {
        let title = |html: &str| meta_of(html).title.map(|t| t.value);
        assert_eq!(
            title(
                "<title>What is Ownership? - The Rust Programming Language</title>\
                 <h1>The Rust Programming Language</h1><p>Text.</p>"
            )
            .as_deref(),
            Some("What is Ownership?")
        );
        assert_eq!(
            title(
                "<title>Why the ISO grew / Arch Discussion / Arch Linux Forums</title>\
                 <h1>Arch Linux</h1>"
            )
            .as_deref(),
            Some("Why the ISO grew")
        );
        assert_eq!(
            title("<title>News | National Student Support Accelerator</title><h1>News</h1>")
                .as_deref(),
            Some("News")
        );
    }

    #[test]
    fn h1_inside_title_wins() {
        let m = meta_of(
            "<title>Floods close the coast road | Daily</title><h1>Floods close the coast road</h1>",
        );
        assert_eq!(m.title.unwrap().value, "Floods close the coast road");
    }

    #[test]
    fn the_visible_headline_beats_an_seo_title() {
        let m = meta_of(
            "<meta property='og:title' content='Health And Nutrition Trends For 2026'><h1>Top 10 Health and Nutrition Trends to Watch</h1>",
        );
        assert_eq!(
            m.title.unwrap(),
            Sourced {
                value: "Top 10 Health and Nutrition Trends to Watch".into(),
                source: "h1"
            }
        );
        let m = meta_of("<title>Floods close the coast road</title><h1>The Daily Gazette</h1>");
        assert_eq!(
            m.title.unwrap().value,
            "Floods close the coast road",
            "a logo h1 is not the headline"
        );
    }

    #[test]
    fn site_name_is_stripped() {
        let m = meta_of(
            "<head><meta property='og:title' content='A long headline here - The Paper'></head>",
        );
        assert_eq!(m.title.unwrap().value, "A long headline here");
    }

    #[test]
    fn json_ld_graph_gives_authors_dates_and_site() {
        let m = meta_of(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"The Ledger"},
            {"@type":["NewsArticle"],"headline":"Ferry terminal approved","datePublished":"2024-05-30T18:05:11+00:00",
             "dateModified":"2024-05-31","author":[{"@type":"Person","name":"Mara Quinlan"},{"name":"Ilse Varga"}],
             "publisher":{"@type":"Organization","name":"The Coastal Ledger"},"keywords":"ferry, harbour"}]}</script>"#,
        );
        assert_eq!(
            m.authors.as_ref().unwrap().value,
            vec!["Mara Quinlan", "Ilse Varga"]
        );
        assert_eq!(m.authors.unwrap().source, "json-ld");
        assert_eq!(m.date.unwrap().value, "2024-05-30");
        assert_eq!(m.date_modified.unwrap().value, "2024-05-31");
        assert_eq!(m.site_name.unwrap().value, "The Coastal Ledger");
        assert_eq!(m.tags, vec!["ferry", "harbour"]);
    }

    #[test]
    fn broken_json_ld_does_not_break_the_rest() {
        let m = meta_of(
            r#"<script type="application/ld+json">{"@type":"Article", "headline": </script><meta name="author" content="By Jo Doe"><meta property="article:published_time" content="2023-01-02">"#,
        );
        assert_eq!(m.authors.unwrap().value, vec!["Jo Doe"]);
        assert_eq!(m.date.unwrap().source, "article:published_time");
    }

    #[test]
    fn several_authors_are_split() {
        assert_eq!(
            clean_authors(&["By Danielle DeSiato, Donna Enzmann, and Natalie Nguyen".into()]),
            vec!["Danielle DeSiato", "Donna Enzmann", "Natalie Nguyen"]
        );
        assert_eq!(
            clean_authors(&["https://facebook.com/someone".into()]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn credentials_stay_with_their_name_and_roles_end_the_byline() {
        assert_eq!(
            clean_authors(&["Dylan Bailey, MS, RD".into()]),
            vec!["Dylan Bailey, MS, RD"]
        );
        assert_eq!(
            clean_authors(&["Justin Meserole, Trial Attorney at Morgan, Morgan".into()]),
            vec!["Justin Meserole"]
        );
        assert_eq!(
            clean_authors(&["Ben Silverman Games Editor".into()]),
            vec!["Ben Silverman"]
        );
        // A team named by its role is still the byline.
        assert_eq!(
            clean_authors(&["Podium Staff".into()]),
            vec!["Podium Staff"]
        );
        assert_eq!(clean_authors(&["The Author".into()]), Vec::<String>::new());
        assert_eq!(
            join_names(&["A".into(), "B".into(), "C".into()]),
            "A, B and C"
        );
    }

    #[test]
    fn bylines_are_found_by_their_words() {
        let authors = |html: &str| meta_of(html).authors.map(|a| (a.value, a.source));
        // "By NAME", with a date after it in the same box.
        let html = "<article><h1>T</h1><p class=meta><span>By <a href=/p/x>Sofia Gonzalez</a> - May 2, 2024</span></p><p>Text.</p></article>";
        assert_eq!(
            authors(html),
            Some((vec!["Sofia Gonzalez".to_string()], "byline words"))
        );
        // The label in one element, the name in the next.
        let html = "<div><p>Written by</p><p>Edzel Tabing</p></div><p>Story.</p>";
        assert_eq!(
            authors(html).map(|a| a.0),
            Some(vec!["Edzel Tabing".to_string()])
        );
        // Not a byline: a sentence starting with "By".
        let html = "<p>By clicking here you agree to the terms of the site.</p>";
        assert_eq!(authors(html), None);
        // A link to an author page.
        let html = "<p><a href='/blog/author/moses-kim'>Moses Kim</a></p>";
        assert_eq!(
            authors(html),
            Some((vec!["Moses Kim".to_string()], "author link"))
        );
    }

    #[test]
    fn a_person_beats_the_publisher_named_as_author() {
        let html = r#"<html><head><title>Story | USA TODAY</title>
            <script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"USA TODAY"}}</script>
            <script type="application/ld+json">{"@type":"WebPage","author":[{"name":"Brian Truitt"}]}</script>
            </head><body><h1>Story</h1></body></html>"#;
        let m = meta_of(html);
        assert_eq!(m.authors.unwrap().value, vec!["Brian Truitt"]);
        // With nobody else, the publisher stays.
        let html = r#"<html><head><title>Story | EcoFlow</title><meta name="author" content="EcoFlow"></head><body></body></html>"#;
        assert_eq!(meta_of(html).authors.unwrap().value, vec!["EcoFlow"]);
        assert!(is_publisher("British Heart Foundation", &["bhf".into()]));
        assert!(is_publisher(
            "Cleveland Clinic",
            &["clevelandclinic".into()]
        ));
        assert!(!is_publisher("Holly Wilgus", &["clevelandclinic".into()]));
    }

    #[test]
    fn visible_dates_script_data_and_fallbacks() {
        let date = |html: &str| meta_of(html).date.map(|d| (d.value, d.source));
        let html = "<h1>Story</h1><div><p>Luke Kim</p><small>December 17, 2025</small></div>";
        assert_eq!(date(html), Some(("2025-12-17".into(), "visible date text")));
        let html = "<h1>Guide</h1><p>by Jon Foster - 2025-09-13</p>";
        assert_eq!(date(html).unwrap().0, "2025-09-13");
        let html = "<p><span>2022-11-23T08:10+02:00 </span></p>";
        assert_eq!(date(html).unwrap().0, "2022-11-23");
        let html = "<p>Sun Dec 17, 2023 11:23 am</p>";
        assert_eq!(date(html).unwrap().0, "2023-12-17");
        // Not a date line: a sentence with a date in it.
        assert_eq!(date("<p>Join us on May 5, 2024 for the fair.</p>"), None);
        // Page data in a script, and broken JSON-LD that still holds a date.
        let html = r#"<script>window.__DATA__={"post":{"publishedAt":"2025-10-20T13:08:55-07:00"}}</script>"#;
        assert_eq!(date(html), Some(("2025-10-20".into(), "script data")));
        let html = r#"<script type="application/ld+json">{"@type":"NewsArticle", "datePublished": "2024-02-21 13:00:00",}</script>"#;
        assert_eq!(date(html).unwrap().0, "2024-02-21");
        // Only an update date: that dates the page.
        let html = r#"<meta property="article:modified_time" content="2023-06-12T10:00:00Z">"#;
        assert_eq!(date(html), Some(("2023-06-12".into(), "date modified")));
        // Unambiguous month-first dates, and text that is not ASCII.
        assert_eq!(
            valid_date("10/31/2024", TODAY).as_deref(),
            Some("2024-10-31")
        );
        assert_eq!(
            valid_date("05/06/2024", TODAY).as_deref(),
            Some("2024-06-05")
        );
        assert!(!is_date_only("2024-05-30é日本語テキストテキスト"));
    }

    #[test]
    fn forum_threads_credit_the_first_post_and_labels_are_stripped() {
        let html = "<div itemprop=author>alice</div><p>question text</p>".to_string()
            + &"<p>filler</p>".repeat(80)
            + "<div itemprop=author>bob</div>";
        assert_eq!(meta_of(&html).authors.unwrap().value, vec!["alice"]);
        assert_eq!(
            clean_authors(&["Authors: Julie Weisenhorn and Natalie Hoidal".into()]),
            vec!["Julie Weisenhorn", "Natalie Hoidal"]
        );
        assert_eq!(
            clean_authors(&["Benjamin Preston and Updated by Jon Linkov".into()]),
            vec!["Benjamin Preston"]
        );
        assert_eq!(
            clean_authors(&["Kaufman, Jeff T.".into()]),
            vec!["Kaufman, Jeff T."]
        );
        let html = r#"<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Tyler Brown">"#;
        assert_eq!(meta_of(html).authors.unwrap().value, vec!["Tyler Brown"]);
    }

    #[test]
    fn dates_are_validated() {
        assert_eq!(
            valid_date("2024-02-29T10:00:00Z", TODAY).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(valid_date("2023-02-29", TODAY), None, "not a calendar day");
        assert_eq!(valid_date("2031-01-01", TODAY), None, "after today");
        assert_eq!(valid_date("1970-01-01", TODAY), None, "before 1990");
        assert_eq!(
            valid_date("1718000000000", TODAY),
            None,
            "a JavaScript timestamp"
        );
        assert_eq!(
            valid_date("May 30, 2024", TODAY).as_deref(),
            Some("2024-05-30")
        );
        assert_eq!(
            valid_date("Thursday, 30 May 2024", TODAY).as_deref(),
            Some("2024-05-30")
        );
        assert_eq!(
            valid_date("30.05.2024", TODAY).as_deref(),
            Some("2024-05-30")
        );
        assert_eq!(
            valid_date("© 2024 The Paper", TODAY),
            None,
            "a copyright year is no date"
        );
    }

    #[test]
    fn a_date_only_in_the_url_is_the_last_resort() {
        let dom = parse("<title>x</title>", crate::parse::Prepare::new(100, 512));
        let m = metadata(&dom, Some("https://example.org/2021/03/04/story/"), TODAY);
        assert_eq!(
            m.date.unwrap(),
            Sourced {
                value: "2021-03-04".into(),
                source: "url"
            }
        );
        let m = metadata(&dom, Some("https://example.org/2031/03/04/story/"), TODAY);
        assert!(m.date.is_none(), "a future date in the URL is not taken");
    }

    #[test]
    fn a_posters_user_name_may_hold_digits_but_a_date_or_a_generated_id_may_not() {
        let author = |name: &str| {
            meta_of(&format!(
                "<div itemprop='author' itemscope><span itemprop='name'>{name}</span></div>"
            ))
            .authors
            .map(|a| a.value)
        };
        assert_eq!(author("InsaneSnow45"), Some(vec!["InsaneSnow45".into()]));
        assert_eq!(author("Need2KnowLion"), Some(vec!["Need2KnowLion".into()]));
        assert_eq!(author("josh_wilmot90"), Some(vec!["josh_wilmot90".into()]));
        assert_eq!(author("May 30, 2024"), None);
        assert_eq!(author("2024-05-30"), None);
        assert_eq!(author("fullysecret1dbb6551f4"), None);
        assert_eq!(author("12 comments"), None);
    }

    #[test]
    fn author_metas_are_one_source_each_and_properties_may_name_several_terms() {
        let m = meta_of(
            "<meta name='author' content='Site Desk'><meta name='DC.creator' content='Ana Ruiz'>\
             <meta property='dc:creator' content='Ana Ruiz'>",
        );
        assert_eq!(m.authors.unwrap().value, vec!["Ana Ruiz"]);
        let m = meta_of(
            "<meta property='dc:creator twitter:creator' content='Ana Ruiz'>\
             <meta name='author' content='Someone Else'>",
        );
        assert_eq!(m.authors.unwrap().value, vec!["Ana Ruiz"]);
        let m = meta_of("<meta property='og:article:author' content='Ana Ruiz'>");
        assert_eq!(m.authors.unwrap().value, vec!["Ana Ruiz"]);
        let m = meta_of(
            "<meta name='author' content='Ana Ruiz'><meta name='author' content='Tom Avery'>",
        );
        assert_eq!(m.authors.unwrap().value, vec!["Ana Ruiz", "Tom Avery"]);
    }

    #[test]
    fn sloppy_json_ld_is_read() {
        for script in [
            "<![CDATA[ {\"@type\": \"NewsArticle\", \"author\": {\"name\": \"Ana Ruiz\"}} ]]>",
            "//<![CDATA[\n{\"@type\": \"NewsArticle\", \"author\": {\"name\": \"Ana Ruiz\"}};\n//]]>",
            "{\"@type\": \"NewsArticle\", \"author\": [{\"name\": \"Ana Ruiz\", }, ], }",
            "{\"@type\": \"NewsArticle\", \"headline\": \"Two\nlines\", \"author\": {\"name\": \"Ana Ruiz\"}}",
        ] {
            let m = meta_of(&format!(
                "<script type='application/ld+json'>{script}</script>"
            ));
            assert_eq!(
                m.authors.map(|a| (a.value, a.source)),
                Some((vec!["Ana Ruiz".to_string()], "json-ld")),
                "{script}"
            );
        }
        // A comma inside a string stays.
        assert_eq!(
            parse_json_ld("{\"a\": \"x, }\", \"b\": [1,],}"),
            Some(serde_json::json!({"a": "x, }", "b": [1]}))
        );
    }

    #[test]
    fn a_byline_whose_parts_run_together_gives_its_author_part() {
        let m = meta_of(
            "<p class='byline'><span class='author-name'>Jane Doe</span><span>22 Dec 2016</span></p>",
        );
        assert_eq!(m.authors.unwrap().value, vec!["Jane Doe"]);
        // An empty author box (an avatar) does not hide the byline after it.
        let m = meta_of(
            "<div class='author-avatar'><img src='a.png'></div><p>Intro.</p>\
             <span class='author vcard'><span class='author-name'>Jane Doe</span></span>",
        );
        assert_eq!(m.authors.unwrap().value, vec!["Jane Doe"]);
        // A box that a class word only happens to call "by" names nobody.
        let m = meta_of(
            "<div class='columns offset-by-two'>YOUR FLOOR. YOUR WORKOUT. YOUR SPACE. \
             <a href='/shop'>SHOP NOW</a></div>",
        );
        assert!(m.authors.is_none(), "{:?}", m.authors);
    }

    #[test]
    fn microdata_and_time_and_byline() {
        let m = meta_of(
            "<div itemprop='author' itemscope><span itemprop='name'>Ana Ruiz</span></div><time datetime='2022-07-01T08:00'>1 July</time>",
        );
        assert_eq!(m.authors.unwrap().value, vec!["Ana Ruiz"]);
        assert_eq!(m.date.unwrap().value, "2022-07-01");
        let m = meta_of("<p class='byline'>By Tom Avery</p>");
        assert_eq!(
            m.authors.unwrap(),
            Sourced {
                value: vec!["Tom Avery".into()],
                source: "byline"
            }
        );
    }

    #[test]
    fn entities_in_json_ld_are_decoded_and_people_beat_organisations() {
        let m = meta_of(
            r#"<script type="application/ld+json">{"@type":"Article","author":[{"@type":"Organization","name":"Clinic"}],"headline":"Tips &amp; tricks &#8211; part 2"}</script><span class="author-name">By Holly Wilgus</span>"#,
        );
        assert_eq!(
            m.authors.unwrap(),
            Sourced {
                value: vec!["Holly Wilgus".into()],
                source: "byline"
            }
        );
        assert_eq!(
            decode_entities("Maria &amp; Katerina &#x27;K&#39; &bogus; & more"),
            "Maria & Katerina 'K' &bogus; & more"
        );
    }

    #[test]
    fn visible_datelines_are_read() {
        let m = meta_of("<h1>Title</h1><span class='post-date'>July 18, 2025</span>");
        assert_eq!(
            m.date.unwrap(),
            Sourced {
                value: "2025-07-18".into(),
                source: "visible date"
            }
        );
        let m = meta_of("<h1>Title</h1><p>Updated: 12 May 2025</p>");
        assert_eq!(m.date.unwrap().value, "2025-05-12");
    }

    #[test]
    fn today_is_a_date() {
        let t = today();
        assert_eq!(t.len(), 10);
        assert!(valid_date(&t, &t).is_some());
    }
}
