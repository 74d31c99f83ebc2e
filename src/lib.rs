//! gleaner turns web pages into exactly their article: the story's every line, and none
//! of the menus, teasers, comment forms, share bars and cookie banners around it.
//!
//! The pipeline has one module per stage, and data flows one way:
//! [`load`] → [`decode`] → [`parse`] (into a [`dom::Dom`]) → [`prune`] → [`score`] →
//! [`extract`] → [`emit`], with [`meta`] beside it. [`Extractor`] runs the stages on
//! one page:
//!
//! ```
//! let extractor = gleaner::Extractor::new(gleaner::Config::default());
//! let page = b"<html><body><nav>Home</nav><article><p>The council met on Monday, \
//!     and agreed, after a long debate, to repair the coast road before winter.</p>\
//!     </article></body></html>";
//! let doc = extractor.extract(page, &gleaner::Options::default());
//! assert_eq!(doc.text(), "The council met on Monday, and agreed, after a long debate, to repair the coast road before winter.\n");
//! ```

#![warn(missing_docs)]

pub mod batch;
pub mod config;
pub mod decode;
pub mod dom;
pub mod emit;
pub mod error;
pub mod explain;
pub mod extract;
pub mod fetch;
pub mod http;
pub mod load;
pub mod meta;
pub mod parse;
pub mod prune;
pub mod record;
pub mod robots;
pub mod score;
pub mod site;
pub mod template;
pub mod text;
pub mod warc;
pub mod warc_write;

pub use config::Config;
pub use error::Error;

use config::Lexicon;
use emit::{Block, InlineStyle};

/// Per-page options from the caller.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Build Markdown inline markup into the blocks (emphasis, links, images, escapes).
    pub markdown: bool,
    /// Keep links (Markdown).
    pub links: bool,
    /// Keep images (Markdown).
    pub images: bool,
    /// A charset declared outside the page (an HTTP header, a WARC record).
    pub charset: Option<String>,
    /// The page's URL, when known (a date in it is a last resort for the date).
    pub url: Option<String>,
    /// HTML, plain text, or told by the content (the default).
    pub input_format: InputFormat,
    /// Also fingerprint every block of the page, kept or not
    /// ([`Document::page_fingerprints`]), for site templates in a batch.
    pub fingerprints: bool,
    /// Leave the text's language undetected (`language_detected` stays empty and
    /// `language` is only what the page declares), for an output that does not carry
    /// it, such as plain text: counting the text's trigrams against every language of
    /// its script is about a tenth of extraction's own cost.
    pub skip_language: bool,
}

/// What an input is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// Told by the content: text without markup is plain text.
    #[default]
    Auto,
    /// An HTML page.
    Html,
    /// Text already extracted, cleaned paragraph by paragraph.
    Text,
}

/// One page's article.
#[derive(Debug, Clone)]
pub struct Document {
    /// The headline, when one was found.
    pub title: Option<String>,
    /// Authors, dates, site and the rest, with their sources.
    pub metadata: meta::Metadata,
    /// The article's blocks.
    pub blocks: Vec<Block>,
    /// With [`Options::fingerprints`]: the fingerprints of every block of the page,
    /// kept or not, sorted, each once; what a site template is learned from (see
    /// [`template`]). Empty otherwise.
    pub page_fingerprints: Vec<u64>,
}

impl Document {
    /// The article as plain text.
    pub fn text(&self) -> String {
        emit::render_text(&self.blocks)
    }

    /// The article as Markdown, headed by the title when `with_title` is set.
    pub fn markdown(&self, with_title: bool) -> String {
        emit::render_markdown(
            &self.blocks,
            if with_title {
                self.title.as_deref()
            } else {
                None
            },
        )
    }

    /// YAML front matter with the metadata that was found (title, authors, date,
    /// site, language, URL, tags), for the top of a Markdown file.
    pub fn front_matter(&self) -> String {
        let m = &self.metadata;
        let quote = |s: &str| {
            let escaped = s
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', " ");
            format!("\"{escaped}\"")
        };
        let mut out = String::from("---\n");
        let scalars = [
            ("title", self.title.clone()),
            ("date", m.date.as_ref().map(|d| d.value.clone())),
            (
                "date_modified",
                m.date_modified.as_ref().map(|d| d.value.clone()),
            ),
            ("site_name", m.site_name.as_ref().map(|d| d.value.clone())),
            ("language", m.language.as_ref().map(|d| d.value.clone())),
            ("url", m.canonical_url.as_ref().map(|d| d.value.clone())),
        ];
        for (key, value) in scalars {
            if let Some(v) = value {
                out.push_str(&format!("{key}: {}\n", quote(&v)));
            }
        }
        let authors = m
            .authors
            .as_ref()
            .map(|a| a.value.clone())
            .unwrap_or_default();
        for (key, list) in [("authors", authors), ("tags", m.tags.clone())] {
            if !list.is_empty() {
                out.push_str(&format!("{key}:\n"));
                for item in list {
                    out.push_str(&format!("  - {}\n", quote(&item)));
                }
            }
        }
        out.push_str("---\n\n");
        out
    }
}

/// Why a page was refused: over one of its budgets (`[limits]` in the configuration),
/// or not a page at all.
#[derive(Debug, Clone, PartialEq)]
pub enum Rejected {
    /// More bytes than `limits.max_input_bytes`.
    TooLarge(u64),
    /// Binary bytes, not text: this share of control bytes at its start.
    Binary(f64),
    /// More nodes than `limits.max_nodes`.
    Nodes(usize),
    /// Longer than `limits.max_page_millis`.
    Time(u64),
}

impl Rejected {
    /// The reason's short kind, as error records give it.
    pub fn kind(&self) -> &'static str {
        match self {
            Rejected::TooLarge(_) => "too large",
            Rejected::Binary(_) => "not text",
            Rejected::Nodes(_) | Rejected::Time(_) => "over budget",
        }
    }
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejected::TooLarge(n) => {
                write!(f, "larger than {n} bytes (limits.max_input_bytes)")
            }
            Rejected::Binary(share) => write!(
                f,
                "binary content, not a page: {:.0}% control bytes at its start (limits.max_control_share)",
                share * 100.0
            ),
            Rejected::Nodes(n) => write!(f, "over the node budget: {n} nodes (limits.max_nodes)"),
            Rejected::Time(ms) => {
                write!(f, "over the time budget: {ms} ms (limits.max_page_millis)")
            }
        }
    }
}

impl std::error::Error for Rejected {}

/// Runs the pipeline; built once, used for any number of pages (and threads).
pub struct Extractor {
    config: Config,
    lexicon: Lexicon,
    sites: site::SiteRules,
    today: String,
}

impl Extractor {
    /// A page's bytes as text, decoded as a browser would (see [`decode`]).
    fn decode<'a>(&self, bytes: &'a [u8], options: &Options) -> std::borrow::Cow<'a, str> {
        decode::decode(
            bytes,
            options.charset.as_deref(),
            self.config.limits.charset_sniff_bytes,
        )
    }

    /// The one parse of a page, within the nesting and attribute limits.
    fn parse(&self, text: &str) -> dom::Dom {
        let limits = &self.config.limits;
        parse::parse(
            text,
            parse::Prepare {
                max_depth: limits.max_nesting_depth,
                max_attributes: limits.max_attributes,
                // Site rules' selectors may name any attribute.
                drop_unread_attributes: self.sites.is_empty(),
            },
        )
    }

    /// Compiles a configuration for use.
    pub fn new(config: Config) -> Extractor {
        let lexicon = Lexicon::new(&config.prune);
        // Configurations are checked when read, so compiling cannot fail here; a rule
        // that somehow does not compile is left out rather than failing every page.
        let sites = site::SiteRules::compile(&config.site).unwrap_or_default();
        Extractor {
            config,
            lexicon,
            sites,
            today: meta::today(),
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Extracts the article from a page's bytes. Never fails: a page with no article
    /// gives a document with no blocks.
    pub fn extract(&self, bytes: &[u8], options: &Options) -> Document {
        let text = self.decode(bytes, options);
        self.extract_str(&text, options)
    }

    /// Extracts the article from a page's bytes within the page budgets of the
    /// configuration (bytes, nodes, time), for batches of untrusted pages; binary
    /// input (an image saved as a page) is refused too.
    pub fn extract_within_budget(
        &self,
        bytes: &[u8],
        options: &Options,
    ) -> Result<Document, Rejected> {
        let start = std::time::Instant::now();
        let limits = &self.config.limits;
        if bytes.len() as u64 > limits.max_input_bytes {
            return Err(Rejected::TooLarge(limits.max_input_bytes));
        }
        if limits.binary_sniff_bytes > 0 {
            let share = decode::control_share(bytes, limits.binary_sniff_bytes);
            if share > limits.max_control_share {
                return Err(Rejected::Binary(share));
            }
        }
        let check_time = || {
            let ms = start.elapsed().as_millis() as u64;
            if limits.max_page_millis > 0 && ms > limits.max_page_millis {
                Err(Rejected::Time(limits.max_page_millis))
            } else {
                Ok(())
            }
        };
        let text = self.decode(bytes, options);
        if self.is_plain_text(&text, options) {
            return Ok(self.clean_text(&text));
        }
        let dom = self.parse(&text);
        if dom.len() > limits.max_nodes {
            return Err(Rejected::Nodes(limits.max_nodes));
        }
        check_time()?;
        let doc = self.document(self.analyse_dom(dom, options.url.as_deref()), options);
        check_time()?;
        Ok(doc)
    }

    fn is_plain_text(&self, text: &str, options: &Options) -> bool {
        match options.input_format {
            InputFormat::Text => true,
            InputFormat::Html => false,
            InputFormat::Auto => !text.trim().is_empty() && !text::looks_like_html(text),
        }
    }

    /// Cleans text that was already extracted (see [`text`]).
    pub fn clean_text(&self, text: &str) -> Document {
        let blocks = text::clean(text, &self.config.text, &self.lexicon);
        let mut doc = Document {
            title: None,
            metadata: meta::Metadata::default(),
            blocks,
            page_fingerprints: Vec::new(),
        };
        detect_language(&mut doc);
        doc
    }

    /// Extracts the article from a decoded page.
    pub fn extract_str(&self, html: &str, options: &Options) -> Document {
        if self.is_plain_text(html, options) {
            return self.clean_text(html);
        }
        let dom = self.parse(html);
        self.document(self.analyse_dom(dom, options.url.as_deref()), options)
    }

    fn document(&self, analysis: Analysis, options: &Options) -> Document {
        self.document_noting(analysis, options, &mut Vec::new())
    }

    /// [`Extractor::document`], noting in `left_out` each block the emitter left out
    /// (the rule, the block's text), for `--explain`.
    fn document_noting(
        &self,
        analysis: Analysis,
        options: &Options,
        left_out: &mut Vec<(&'static str, String)>,
    ) -> Document {
        let style = InlineStyle {
            markdown: options.markdown,
            links: options.links,
            images: options.images,
        };
        let mut blocks = emit::blocks(
            &analysis.dom,
            &analysis.article.roots,
            &analysis.article.removed,
            &analysis.scores.stats,
            style,
        );
        let x = &self.config.extract;
        let quoted = emit::drop_quoted_copies(&mut blocks, x.quoted_copy_min_chars);
        left_out.extend(quoted.into_iter().map(|b| (QUOTED_COPY, b.text)));
        let thread = analysis
            .metadata
            .page_type
            .as_ref()
            .map(|t| t.value.as_str())
            == Some("forum");
        if thread {
            let furniture = emit::drop_post_furniture(
                &mut blocks,
                x.post_furniture_min_repeats,
                x.post_furniture_min_chars,
            );
            left_out.extend(furniture.into_iter().map(|b| (POST_FURNITURE, b.text)));
        }
        let page_fingerprints = if options.fingerprints {
            emit::fingerprints(&analysis.dom, &analysis.scores.stats)
        } else {
            Vec::new()
        };
        let mut doc = Document {
            title: analysis.metadata.title.as_ref().map(|t| t.value.clone()),
            metadata: analysis.metadata,
            blocks,
            page_fingerprints,
        };
        if !options.skip_language {
            detect_language(&mut doc);
        }
        doc
    }

    /// The floor of [`Extractor::extract`] for benchmarks: decodes and parses the page
    /// as extraction does and walks its text, with no pruning, scoring, metadata or
    /// output. Returns the bytes of text found.
    pub fn parse_only(&self, bytes: &[u8], options: &Options) -> usize {
        let text = self.decode(bytes, options);
        let dom = self.parse(&text);
        (0..dom.len() as dom::NodeIx)
            .filter(|&ix| dom.tag(ix) == dom::Tag::Text)
            .map(|ix| dom.text(ix).len())
            .sum()
    }

    /// Explains how the article of a page was found: what was removed and why, the
    /// best candidates with their features, and what was kept (see [`explain`]).
    pub fn explain(&self, bytes: &[u8], options: &Options) -> String {
        self.explain_document(bytes, options).0
    }

    /// [`Extractor::explain`]'s report with the document it explains, for a batch
    /// whose site templates then clean the document (and add to the report).
    pub fn explain_document(&self, bytes: &[u8], options: &Options) -> (String, Document) {
        let text = self.decode(bytes, options);
        let dom = self.parse(&text);
        let analysis = self.analyse_dom(dom, options.url.as_deref());
        let mut report = explain::report(&analysis);
        let mut left_out = Vec::new();
        let doc = self.document_noting(analysis, options, &mut left_out);
        explain::left_out(&mut report, &left_out);
        (report, doc)
    }

    /// Runs every stage up to extraction and keeps their results.
    ///
    /// When the article holds less than `extract.min_article_chars` of text, pruning
    /// runs again without judging boxes by their class and id words, and the second
    /// result is kept when it finds more, with at least twice that much paragraph prose
    /// (discussion pages whose content is named "comments").
    pub fn analyse(&self, html: &str) -> Analysis {
        self.analyse_dom(self.parse(html), None)
    }

    fn analyse_dom(&self, dom: dom::Dom, url: Option<&str>) -> Analysis {
        let mut metadata = meta::metadata(&dom, url, &self.today);
        let title = metadata.title.as_ref().map(|t| t.value.clone());
        let page_type = metadata.page_type.as_ref().map(|t| t.value.clone());
        let page_type = page_type.as_deref();
        let product = page_type == Some("product");
        let rule = self.sites.for_url(url);
        let mut notes = Vec::new();
        let body = rule.map(|r| r.body_matches(&dom)).unwrap_or_default();
        if let Some(r) = rule {
            let host = r.hosts.join(", ");
            notes.push(match (r.body.is_empty(), body.len()) {
                (true, _) => format!("site rule for {host}: strip selectors applied"),
                (false, 0) => format!(
                    "site rule for {host}: no body selector matched; the generic scorer chose"
                ),
                (false, n) => format!(
                    "site rule for {host}: body is the {n} element(s) its selectors matched"
                ),
            });
        }
        // On a declared thread the replies are the content, whatever their boxes are
        // named; so on a declared question page, unless boxes are named as answers
        // (the replies; comments there are remarks beside them).
        let declared_thread = metadata.page_type.as_ref().is_some_and(|t| {
            t.source == meta::DECLARED_THREAD
                || (t.source == meta::DECLARED_QUESTION && !names_answers(&dom, &self.lexicon))
        });
        let strictness = if declared_thread {
            prune::Strictness::Thread
        } else {
            prune::Strictness::Normal
        };
        // A page that declares no kind but carries a date is read as a story: its boxes
        // of links are asides (see `extract.undeclared_link_box_share`).
        let kind = page_type.or(metadata.date.is_some().then_some("article"));
        let (mut scores, mut article) =
            self.find_article(&dom, title.as_deref(), strictness, kind, rule, &body);
        if !body.is_empty() {
            // The site rule named the body: no second guessing.
            return Analysis {
                dom,
                metadata,
                scores,
                article,
                notes,
            };
        }
        let min = self.config.extract.min_article_chars as f64;
        let chars = article_chars(&scores, &article);
        if chars < min {
            // The relaxed result must be an article in its own right: paragraphs, not
            // the footer links and banners that a page with no content still has.
            let (s2, a2) = self.find_article(
                &dom,
                title.as_deref(),
                prune::Strictness::Relaxed,
                kind,
                rule,
                &[],
            );
            let prose2: f64 = a2.roots.iter().map(|&r| s2.prose[r as usize]).sum();
            if article_chars(&s2, &a2) > chars && prose2 >= 2.0 * min {
                (scores, article) = (s2, a2);
            }
        }
        let e = &self.config.extract;
        // What the article keeps: a grid of product cards, each "mostly links", keeps
        // next to nothing of a large container.
        let chars = kept_chars(&dom, &article);
        let declared_listing = page_type == Some("listing");
        // An article that keeps little of its own container dropped its links: a grid
        // of cards that are the content. Not on a thread or a page that declares a
        // product in JSON-LD (there the links are other threads, other products); an
        // og:type of product alone is also put on a shop's category pages.
        let declared_product = metadata
            .page_type
            .as_ref()
            .is_some_and(|t| t.value == "product" && t.source == meta::DECLARED_PRODUCT);
        let grid_may_be_content = page_type != Some("forum") && !declared_product;
        let links_dropped =
            grid_may_be_content && chars < article_chars(&scores, &article) * e.listing_kept_share;
        // Cards that are each one link around a heading and a paragraph (a catalogue
        // of programmes, of services) count as links, however much prose they hold,
        // and the blurb above them wins; when they hold several times the article's
        // text, they are the content.
        let linked_cards = || {
            grid_may_be_content
                && extract::linked_paragraph_chars(&dom, &article.removed)
                    >= e.listing_text_ratio * chars
        };
        if chars < e.listing_max_article_chars as f64
            || declared_listing
            || links_dropped
            || linked_cards()
        {
            // A short article on a page with much more text (or a page declared a
            // listing): a listing, whose linked headlines are the content. Take the
            // region holding most of the text.
            // The text the normal prune leaves (the scores may come from a relaxed one).
            let (pruned, stats) = self.normal_prune(&dom, product);
            let page_chars = (0..dom.len() as dom::NodeIx)
                .find(|&i| dom.tag(i) == dom::Tag::Body)
                .map_or(0.0, |b| f64::from(stats[b as usize].chars));
            if page_chars >= e.listing_text_ratio * chars.max(1.0)
                && let Some(region) =
                    extract::listing_region(&dom, &stats, &pruned.removed, e.listing_region_share)
                && f64::from(stats[region as usize].chars) > chars
            {
                if metadata.page_type.is_none() {
                    metadata.page_type = Some(meta::Sourced {
                        value: "listing".into(),
                        source: "short article, much more text around it",
                    });
                }
                article = extract::Extracted::listing(
                    &dom,
                    &stats,
                    pruned,
                    region,
                    e.listing_intro_max_link_density,
                    "the region of a listing",
                );
            }
        }
        // One post of several: the page is their list.
        let chars = kept_chars(&dom, &article);
        if let Some((_, group_chars)) = extract::post_list(
            &dom,
            &scores.stats,
            &article.removed,
            &article.roots,
            e.post_list_min_count,
        ) && f64::from(group_chars) >= e.post_list_text_ratio * chars
        {
            let (pruned, stats) = self.normal_prune(&dom, product);
            if let Some((parent, group_chars)) = extract::post_list(
                &dom,
                &stats,
                &pruned.removed,
                &article.roots,
                e.post_list_min_count,
            ) && f64::from(group_chars) >= e.post_list_text_ratio * chars
            {
                if metadata.page_type.is_none() {
                    metadata.page_type = Some(meta::Sourced {
                        value: "listing".into(),
                        source: "a list of posts",
                    });
                }
                article = extract::Extracted::listing(
                    &dom,
                    &stats,
                    pruned,
                    parent,
                    e.listing_intro_max_link_density,
                    "the parent of a list of posts",
                );
            }
        }
        if metadata.page_type.is_none() {
            let dated_story = metadata.date.is_some()
                && article_chars(&scores, &article) >= self.config.extract.min_article_chars as f64;
            metadata.page_type = Some(meta::Sourced {
                value: if dated_story { "article" } else { "other" }.into(),
                source: if dated_story {
                    "a dated story"
                } else {
                    "no sign of a kind"
                },
            });
        }
        Analysis {
            dom,
            metadata,
            scores,
            article,
            notes,
        }
    }

    /// The normal prune, with the text it leaves: what a region taken instead of the
    /// scorer's choice is measured and kept by.
    fn normal_prune(&self, dom: &dom::Dom, product: bool) -> (prune::Pruned, Vec<dom::TextStat>) {
        let mut pruned = prune::prune(
            dom,
            &self.config,
            &self.lexicon,
            prune::Strictness::Normal,
            product,
        );
        // Handed out on their own: a listing reads them beside the prune's removals.
        let stats = std::mem::take(&mut pruned.stats);
        (pruned, stats)
    }

    fn find_article(
        &self,
        dom: &dom::Dom,
        title: Option<&str>,
        strictness: prune::Strictness,
        page_type: Option<&str>,
        rule: Option<&site::Rule>,
        body: &[dom::NodeIx],
    ) -> (score::Scores, extract::Extracted) {
        let product_page = page_type == Some("product");
        let mut pruned = prune::prune(dom, &self.config, &self.lexicon, strictness, product_page);
        if let Some(rule) = rule {
            for ix in rule.strip_matches(dom) {
                if !pruned.removed[ix as usize] {
                    pruned.remove(dom, ix, "site rule: strip");
                }
            }
        }
        // The scores keep the text measures; nothing after reads the prune's copy.
        let stats = std::mem::take(&mut pruned.stats);
        let scores = score::score(dom, &pruned, stats, &self.config);
        if !body.is_empty() {
            // The site's own body: kept as it is, less what pruning and `strip` removed.
            let article =
                extract::Extracted::region(body.to_vec(), pruned, "the body a site rule names");
            return (scores, article);
        }
        let article = extract::extract(dom, pruned, &scores, &self.config, title, page_type);
        (scores, article)
    }
}

/// Whether some element's class or id has a part that names answers
/// (`prune.answer_tokens`: "answer", "answercell", "answers-header").
fn names_answers(dom: &dom::Dom, lex: &Lexicon) -> bool {
    (0..dom.len() as dom::NodeIx).any(|i| {
        ["class", "id"].iter().any(|name| {
            dom.attr(i, name).is_some_and(|v| {
                v.to_ascii_lowercase()
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| lex.token_kinds(w).has(config::TokenKinds::ANSWER))
            })
        })
    })
}

/// `--explain`'s name for a quoted block the emitter left out.
const QUOTED_COPY: &str = "a quotation of an earlier paragraph";
/// `--explain`'s name for a thread's repeated line the emitter left out.
const POST_FURNITURE: &str = "a line repeated around each post";

/// Most characters of the article given to the language detector: enough to be
/// sure, and the detector's cost grows with its input.
const LANGUAGE_SAMPLE_CHARS: usize = 1500;

/// Detects the language of the article's text. When the detection is reliable it is
/// the page's language (the declared one kept when it agrees, as it may name a
/// region: `en-GB`); both stay in the metadata, so a disagreement shows.
fn detect_language(doc: &mut Document) {
    let text = doc.text();
    let end = text
        .char_indices()
        .nth(LANGUAGE_SAMPLE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let Some(info) = whatlang::detect(&text[..end]) else {
        return;
    };
    let code3 = info.lang().code();
    let code = meta::iso639_1(code3).unwrap_or(code3).to_string();
    let m = &mut doc.metadata;
    m.language_detected = Some(code.clone());
    if !info.is_reliable() {
        return;
    }
    let agrees = m.language_declared.as_ref().is_some_and(|d| {
        let primary = d.value.split(['-', '_']).next().unwrap_or("");
        primary.eq_ignore_ascii_case(&code)
    });
    if !agrees {
        m.language = Some(meta::Sourced {
            value: code,
            source: "detected in the text",
        });
    }
}

/// Characters of text (not whitespace) in the article's roots, before extraction's
/// removals inside them.
fn article_chars(scores: &score::Scores, article: &extract::Extracted) -> f64 {
    article
        .roots
        .iter()
        .map(|&r| f64::from(scores.stats[r as usize].chars))
        .sum()
}

/// Characters of text (not whitespace) the article keeps: in its roots, less
/// extraction's removals inside them.
fn kept_chars(dom: &dom::Dom, article: &extract::Extracted) -> f64 {
    article
        .roots
        .iter()
        .flat_map(|&r| r..dom.node(r).end)
        .filter(|&i| !article.removed[i as usize] && dom.tag(i) == dom::Tag::Text)
        .map(|i| f64::from(dom.node(i).chars))
        .sum()
}

/// The results of every stage for one page.
pub struct Analysis {
    /// The parsed page.
    pub dom: dom::Dom,
    /// The page's metadata.
    pub metadata: meta::Metadata,
    /// The scorer's results.
    pub scores: score::Scores,
    /// What the article is made of, and what was removed.
    pub article: extract::Extracted,
    /// Notes for `--explain` (a site rule and what it did).
    pub notes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text gleaner keeps of a page, with the default configuration.
    pub(super) fn clean(page: &str) -> String {
        Extractor::new(Config::default())
            .extract(page.as_bytes(), &Options::default())
            .text()
    }

    #[test]
    fn site_rule_selectors_see_every_attribute() {
        // `data-*` attributes are left out of the parse unless selectors may need them.
        let page = "<body><div data-part='story'><p>The site's own short body.</p></div>\
                    <article><p>A long decoy paragraph, with commas, clauses, and words, \
                    written to win the generic scorer, which it would, easily.</p></article></body>";
        let config = Config {
            site: vec![config::SiteRule {
                hosts: vec!["example.org".into()],
                body: vec!["[data-part=story]".into()],
                strip: vec![],
            }],
            ..Config::default()
        };
        let options = Options {
            url: Some("https://example.org/a".into()),
            ..Options::default()
        };
        let doc = Extractor::new(config).extract(page.as_bytes(), &options);
        assert_eq!(doc.text().trim(), "The site's own short body.");
    }

    #[test]
    fn a_declared_language_that_the_text_contradicts_shows_both() {
        let p = "<p>Die Bundesregierung hat am Mittwoch beschlossen, die Förderung für den Ausbau der Windenergie an Land deutlich zu erhöhen, wie ein Sprecher mitteilte.</p>";
        let page = format!(
            "<html lang='en-US'><body><article>{}</article></body></html>",
            p.repeat(4)
        );
        let doc = Extractor::new(Config::default()).extract(page.as_bytes(), &Options::default());
        let m = &doc.metadata;
        assert_eq!(m.language_declared.as_ref().unwrap().value, "en-US");
        assert_eq!(m.language_detected.as_deref(), Some("de"));
        assert_eq!(m.language.as_ref().unwrap().value, "de");
        // When they agree, the declared value (with its region) stands.
        let page = page.replace("en-US", "de-AT");
        let doc = Extractor::new(Config::default()).extract(page.as_bytes(), &Options::default());
        assert_eq!(doc.metadata.language.unwrap().value, "de-AT");
        // An output without the language skips detecting it: the declared one stands.
        let skip = Options {
            skip_language: true,
            ..Options::default()
        };
        let doc = Extractor::new(Config::default()).extract(page.as_bytes(), &skip);
        assert_eq!(doc.metadata.language_detected, None);
        assert!(doc.text().contains("Bundesregierung"));
        assert_eq!(doc.metadata.language.unwrap().value, "de-AT");
    }

    #[test]
    fn page_types_come_from_declarations_and_shape() {
        let kind = |html: &str, url: Option<&str>| {
            let options = Options {
                url: url.map(String::from),
                ..Options::default()
            };
            Extractor::new(Config::default())
                .extract(html.as_bytes(), &options)
                .metadata
                .page_type
                .map(|t| t.value)
        };
        let product = r#"<script type="application/ld+json">{"@type":"Product","name":"Lamp"}</script><p>A lamp.</p>"#;
        assert_eq!(kind(product, None).as_deref(), Some("product"));
        let forum = "<div><a class=username>ann</a><p>Question?</p></div><div><a class=username>bo</a><p>Answer.</p></div><div><a class=username>cy</a><p>Thanks.</p></div>";
        assert_eq!(kind(forum, None).as_deref(), Some("forum"));
        let docs = "<main><h1>Install</h1><p>Run the installer, then check the version it prints.</p></main>";
        assert_eq!(
            kind(docs, Some("https://example.org/docs/install")).as_deref(),
            Some("documentation")
        );
        assert_eq!(kind(docs, None).as_deref(), Some("other"));
        // An article reviewing products marks them up too; its own type decides.
        let review = r#"<script type="application/ld+json">[{"@type":"NewsArticle"},{"@type":"Product","name":"Lamp"}]</script><p>The best lamps.</p>"#;
        assert_eq!(kind(review, None).as_deref(), Some("article"));
        let blog = r#"<meta property="og:type" content="article"><script type="application/ld+json">{"@type":"Product","name":"Pest control"}</script><p>We visit.</p>"#;
        assert_eq!(kind(blog, None).as_deref(), Some("article"));
    }

    #[test]
    fn a_thread_keeps_every_post_not_just_the_best() {
        let answer = |text: &str| {
            format!(
                "<div class='answer'><div class='votes'>12</div><div class='cell'>\
                 <div class='prose'>{text}</div><div class='actions'><a href='/s'>Share</a> \
                 <a href='/e'>Improve this answer</a> <a href='/u/1'>answered Jan 5 by ann</a>\
                 </div></div></div>"
            )
        };
        let first: String = (0..6)
            .map(|i| format!("<p>Use a queue, one worker per core, and join the workers once the queue is empty, part {i}.</p>"))
            .collect();
        let page = format!(
            "<head><script type='application/ld+json'>{{\"@type\":\"QAPage\"}}</script></head>\
             <body><div id='answers'>{}{}{}</div></body>",
            answer(&first),
            answer("<p>A pool does the same in two lines, with less to get wrong.</p>"),
            answer(
                "<p>Threads are fine here too, since the work waits on the network, not on the processor.</p>"
            ),
        );
        let text = clean(&page);
        assert!(text.contains("part 5"), "{text}");
        assert!(text.contains("A pool does the same"), "{text}");
        assert!(text.contains("Threads are fine"), "{text}");
        assert!(!text.contains("answered Jan 5"), "{text}");
        let report =
            Extractor::new(Config::default()).explain(page.as_bytes(), &Options::default());
        assert_eq!(
            report
                .matches("another post or section of the page")
                .count(),
            2,
            "{report}"
        );
    }

    #[test]
    fn customer_reviews_go_from_product_pages_only() {
        let description = "<p>A brass lamp with a linen shade, forty centimetres tall, for a desk or a bedside table.</p>";
        let reviews = "<section class='product-reviews'><h2>Reviews</h2><p>Lovely light, and the shade is sturdier than it looks in the photos. Would buy it again.</p><p>Arrived quickly, well packed, and it suits the room.</p></section>";
        let text = |ld: &str| {
            let page = format!(
                "<head>{ld}</head><body><main><h1>Lamp</h1>{}{reviews}</main></body>",
                description.repeat(2)
            );
            clean(&page)
        };
        let product = text(
            r#"<script type="application/ld+json">{"@type":"Product","name":"Lamp","offers":{"@type":"Offer","price":"40"}}</script>"#,
        );
        assert!(product.contains("A brass lamp"), "{product}");
        assert!(!product.contains("Lovely light"), "{product}");
        // On an article (a review of lamps) the same box is the story's.
        let article = text(r#"<script type="application/ld+json">{"@type":"Article"}</script>"#);
        assert!(article.contains("Lovely light"), "{article}");
    }

    #[test]
    fn a_page_builders_sections_built_alike_are_all_kept() {
        // Each section is a row of a text module and a side note: the side note stops
        // the climb out of the first section, but the other modules are built alike.
        let long = "We help students choose where to apply, plan their essays and prepare for each interview, and we stay with them from the first list of schools to the final decision in spring. ";
        let section = |name: &str, parts: usize| {
            let paras: String = (0..parts)
                .map(|k| format!("<p>The {name} package, part {k}: {}</p>", long.repeat(3)))
                .collect();
            format!(
                "<div class='sec'><div class='row'><div class='col'><div class='mod text'><h2>{name} package</h2>{paras}</div></div>\
                 <div class='col'><p>Questions about the {name} package? {}</p><a href='/book'>Book now</a></div></div></div>",
                long.repeat(2)
            )
        };
        let page = format!(
            "<body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav><main>{}{}{}</main><footer><a href='/privacy'>Privacy</a></footer></body>",
            section("Starter", 3),
            section("Essay", 1),
            section("Complete", 1)
        );
        let text = clean(&page);
        assert_eq!(text.matches("package, part").count(), 5, "{text}");
        assert!(!text.contains("Privacy"), "{text}");
    }

    #[test]
    fn modules_alike_but_for_their_ids_are_kept_from_a_list_chosen_first() {
        // Each module of a page builder carries its own id in its classes, and the
        // best-scored container is the first module's list, beside its paragraph.
        let long = "The sensors report every few seconds, so the dashboard shows, room by room, who is at home, where they are, and how long they have been there. ";
        let module = |id: &str, body: String| {
            format!(
                "<div class='sec sec-{id}'><div class='row'><div class='el el-{id} widget widget-text'><div class='widget-container'>{body}</div></div>\
                 <div class='el el-{id}s widget widget-aside'><p>Side note {id}. {}</p><a href='/x'>More</a></div></div></div>",
                long
            )
        };
        let items: String = (0..6)
            .map(|k| format!("<li>Step {k}: flash the board, add the beacon, name the room, and check, twice, that it reports.</li>"))
            .collect();
        let page = format!(
            "<body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav><main><h1>Tracking rooms</h1>{}{}{}</main><footer><a href='/privacy'>Privacy</a></footer></body>",
            module(
                "4271075",
                format!(
                    "<ul>{items}</ul><p>Then the part of this story that matters: {}</p>",
                    long
                )
            ),
            module(
                "8090e2d",
                format!("<p>Second module of the story: {}</p>", long.repeat(3))
            ),
            module(
                "ce3e2d5",
                format!("<p>Third module of the story: {}</p>", long.repeat(3))
            ),
        );
        let text = clean(&page);
        assert!(text.contains("Step 5"), "{text}");
        assert!(text.contains("Second module"), "{text}");
        assert!(text.contains("Third module"), "{text}");
        assert!(!text.contains("Privacy"), "{text}");
    }

    #[test]
    fn a_posts_tag_list_goes_with_its_label() {
        let para = "<p>The first race of the season is on the tenth of March, and the calendar has twelve rounds on nine circuits across the country.</p>";
        let page = format!(
            "<body><article><h1>Calendar</h1><div class='text'>{}{para}<strong>Tags<br><a href='/tag/a' rel='tag'>stock car calendar</a>, <a href='/tag/b' rel='tag'>stock car brazil</a>, <a href='/tag/c' rel='tag'>racing circuits</a></strong></div></article></body>",
            para.repeat(2)
        );
        let text = clean(&page);
        assert!(text.contains("twelve rounds"), "{text}");
        assert!(
            !text.contains("Tags") && !text.contains("racing circuits"),
            "{text}"
        );
    }

    #[test]
    fn a_gallerys_repeated_caption_goes() {
        let para = "<p>The minister said on Wednesday that the two countries would hold talks on maritime security early next year, and that both navies would train together.</p>";
        let items: String = (0..3)
            .map(|i| format!("<li><div class='img-wrap'><img src='/p{i}.jpg' alt=''></div><div class='caption'>Picture {i}: the ministers shake hands in Hanoi on Wednesday, before their talks.</div></li>"))
            .collect();
        // The control panel repeats the current picture's caption, away from its image.
        let page = format!(
            "<body><article><h1>Talks</h1><div class='body'><div class='gallery'><ul>{items}</ul><div class='panel'><div class='panel-inner'><div class='caption'>Picture 0: the ministers shake hands in Hanoi on Wednesday, before their talks.</div></div></div></div>{}</div></article></body>",
            para.repeat(3)
        );
        let text = clean(&page);
        assert!(text.contains("train together"), "{text}");
        assert!(!text.contains("Picture"), "{text}");
    }

    #[test]
    fn a_close_rival_in_another_section_of_the_body_is_kept() {
        // Two sections under <body>, built differently: the overview wins, the climb
        // out of it stops at its side note, and the accordion's text nearly matches it.
        let long = "Our consultants review how your teams are organised, what each role costs and where the gaps are, and then we help you hire and train for them. ";
        let paras = |name: &str, n: usize| -> String {
            (0..n)
                .map(|k| format!("<p>{name} {k}: {}</p>", long.repeat(2)))
                .collect()
        };
        let page = format!(
            "<body><header><a href='/'>Home</a></header><section class='overview'><div class='container'><div class='row'><div class='col'><div class='overview-content'>{}</div></div><div class='side'><p>Talk to us: {}</p></div></div></div></section>\
             <section class='more'><div class='acc'><div class='acc-item'><h3>Compensation</h3><div class='acc-body'>{}</div></div></div></section><footer><a href='/privacy'>Privacy</a></footer></body>",
            paras("Overview", 4),
            long.repeat(2),
            paras("Compensation", 3)
        );
        let text = clean(&page);
        assert_eq!(text.matches("Overview ").count(), 4, "{text}");
        assert_eq!(text.matches("Compensation ").count(), 3, "{text}");
        assert!(!text.contains("Privacy"), "{text}");
    }

    #[test]
    fn a_front_whose_cards_are_links_keeps_them() {
        // The intro is long enough to pass for an article, but the container's text
        // is mostly its grid of linked headlines: a section front.
        let intro = "Our newsroom covers technology from the companies that build it to the people who use it, with reporting from around the world every day. ".repeat(3);
        let cards: String = (0..20)
            .map(|i| format!("<div class='card'><a href='/news/{i}'>Headline number {i}: what changed in the industry this week and why</a></div>"))
            .collect();
        let page = format!(
            "<body><nav><a href='/'>Home</a></nav><main><section class='front'><h1>Technology</h1><p>{intro}</p><div class='grid'>{cards}</div></section></main><footer><a href='/about'>About</a></footer></body>"
        );
        let text = clean(&page);
        assert_eq!(text.matches("Headline number").count(), 20, "{text}");
        assert!(!text.contains("About"), "{text}");
    }

    #[test]
    fn a_threads_poster_counts_and_titles_go() {
        let post = |who: &str, n: &str| {
            format!(
                "<article class='message'><div class='user'><a href='/u/{who}'>{who}</a><h5 class='userTitle'>Well-known member</h5><div>{n}</div><div>1,204</div></div><div class='message-body'><p>Post by {who}: I bought the cheaper licence last year and it has worked on both of my machines since, with every update installed.</p></div></article>"
            )
        };
        let posts: String = [("ann", "9,420"), ("bo", "196"), ("cy", "76")]
            .iter()
            .map(|(w, n)| post(w, n))
            .collect();
        let ld = "<script type='application/ld+json'>{\"@type\": \"DiscussionForumPosting\", \"headline\": \"Licences\"}</script>";
        let page = format!("<head>{ld}</head><body><main><h1>Licences</h1>{posts}</main></body>");
        let text = clean(&page);
        assert_eq!(text.matches("Post by").count(), 3, "{text}");
        assert!(!text.contains("9,420") && !text.contains("1,204"), "{text}");
        // A forum engine's title for the poster (class "userTitle") goes too.
        assert!(!text.contains("Well-known member"), "{text}");
    }

    #[test]
    fn a_declared_thread_keeps_replies_named_comments() {
        let reply = |who: &str| {
            format!(
                "<article class='comment'><a href='/u/{who}'>{who}</a><div class='comment-content'><p>Reply by {who}: I moved from the first plan to the second last year, and the hours were longer but the work was far more varied.</p></div></article>"
            )
        };
        let replies: String = ["ann", "bo", "cy", "di"].iter().map(|w| reply(w)).collect();
        let body = format!(
            "<body><nav><a href='/'>Home</a></nav><main><h1>Is it worth it?</h1><div class='post'><p>I have worked in the field for four years and wonder whether the long hours are worth it, given what the exit options are and what the pay will be later.</p><p>What did you choose, and would you choose it again if you had the chance?</p></div><div id='comments' class='post-comments'>{replies}</div></main></body>"
        );
        let ld = "<script type='application/ld+json'>{\"@type\": \"DiscussionForumPosting\", \"headline\": \"Is it worth it?\"}</script>";
        let thread = clean(&format!("<head>{ld}</head>{body}"));
        assert!(thread.contains("Reply by di"), "{thread}");
        assert!(thread.contains("exit options"), "{thread}");
        // Without the declaration they are an article's comments.
        let article = clean(&body);
        assert!(!article.contains("Reply by"), "{article}");
        assert!(article.contains("exit options"), "{article}");
        // A question page whose replies are its comments is a thread too.
        let qa = "<script type='application/ld+json'>{\"@type\": \"QAPage\", \"mainEntity\": {\"@type\": \"Question\", \"name\": \"Is it worth it?\"}}</script>";
        let question = clean(&format!("<head>{qa}</head>{body}"));
        assert!(question.contains("Reply by di"), "{question}");
        // Where boxes are named as answers, the comments are remarks beside them.
        let answered = body.replace(
            "<div id='comments'",
            "<div class='answer'><p>Answer: the hours stay long, but the skills you learn carry over to every later job you take.</p></div><div id='comments'",
        );
        let question = clean(&format!("<head>{qa}</head>{answered}"));
        assert!(question.contains("exit options"), "{question}");
        assert!(!question.contains("Reply by"), "{question}");
    }

    #[test]
    fn explain_names_the_quotations_left_out_of_the_text() {
        let said =
            "The older boards need the 2.1 firmware before anything else will install on them.";
        let page = format!(
            "<body><main><h1>Firmware</h1><div class='post'><p>{said}</p><p>It took me an evening to find that out, so I am writing it down here for the next person.</p></div>\
             <div class='post'><blockquote><p>{said}</p></blockquote><p>Thanks, that fixed it for me as well, after two tries and one reset of the board.</p></div></main></body>"
        );
        let text = clean(&page);
        assert_eq!(text.matches("The older boards").count(), 1, "{text}");
        let report =
            Extractor::new(Config::default()).explain(page.as_bytes(), &Options::default());
        assert!(report.contains("left out of the text"), "{report}");
        assert!(
            report.contains("a quotation of an earlier paragraph")
                && report.contains("The older boards"),
            "{report}"
        );
    }

    #[test]
    fn a_discussion_whose_content_is_comments_is_found_again() {
        let comments: String = (1..=4)
            .map(|k| format!("<li class='comments_subtree'><div class='comment'><p>I have used this library for {k} years now, and the new release fixes the two problems I kept running into.</p></div></li>"))
            .collect();
        let page = format!(
            "<body><nav><a href='/'>Home</a></nav><div class='story'><a href='https://example.org/post'>Project goals for 2024</a></div><ol class='comments'>{comments}</ol><footer>About</footer></body>"
        );
        let text = clean(&page);
        assert_eq!(
            text.matches("I have used this library").count(),
            4,
            "{text}"
        );
    }

    #[test]
    fn a_story_in_sections_named_like_navigation_is_kept() {
        // Each section alone is a third of the page, and "nav" in its name reads as
        // boilerplate; together, headline and all, they are the story.
        let section = |topic: &str| {
            format!(
                "<div class='content-nav-section'><p>The {topic} plan starts with a budget, a list of what comes in and what goes out each month, and a goal for the year ahead.</p><p>Write it down, check it every week, and change it when your life changes: a new job, a move, a child.</p></div>"
            )
        };
        let page = format!(
            "<body><div class='site-nav'><a href='/'>Home</a> <a href='/learn'>Learn</a></div>\
             <div class='content-nav-section'><h1>Money management for beginners</h1></div>{}{}{}\
             <div class='cta'><p>Open a checking account today and get a free review of your budget, your savings goals, and the fees you pay now, with a banker near you.</p><p>Bring a photo ID, proof of address, and your first deposit, and we will set it all up in under an hour.</p></div>\
             <div class='footer'><p>Member FDIC. Equal housing lender.</p></div></body>",
            section("saving"),
            section("spending"),
            section("investing")
        );
        let text = clean(&page);
        for topic in ["saving", "spending", "investing"] {
            assert!(text.contains(&format!("The {topic} plan")), "{text}");
        }
        assert!(!text.contains("Learn"), "{text}");
    }

    fn streamed_part(n: u32, topic: &str) -> String {
        format!(
            "<div hidden id='S:{n}'><p>Index funds that follow {topic} hold every company in it, so their owners pay little in fees and never have to pick a winner.</p></div>"
        )
    }

    #[test]
    fn a_story_streamed_into_placeholders_reads_in_order() {
        // React streams the parts rendered late as hidden boxes at the end of the body,
        // for a script to move into their placeholders: readers see them, in place.
        let page = format!(
            "<body><header><a href='/'>Home</a></header><main><h1>How to invest in index funds</h1>\
             <p>An index fund is the simplest way to own a little of a lot of companies.</p>\
             <template id='B:1'></template><template id='B:2'></template>\
             <p>Buy them from a broker that charges no commission.</p></main>\
             <div hidden id='menu'><a href='/a'>Accounts</a> <a href='/b'>Brokerage</a></div>{}{}</body>",
            streamed_part(1, "the S&amp;P 500"),
            streamed_part(2, "the whole bond market")
        );
        let text = clean(&page);
        let at = |s: &str| text.find(s).unwrap_or(usize::MAX);
        assert!(
            at("simplest way") < at("follow the S&P 500")
                && at("follow the S&P 500") < at("follow the whole bond market")
                && at("follow the whole bond market") < at("no commission"),
            "{text}"
        );
        assert!(!text.contains("Brokerage"), "{text}");
    }

    #[test]
    fn streamed_boundaries_without_placeholders_are_shown() {
        // Boundaries whose placeholders are missing stay where they are, shown; a
        // boundary's "Subscribe" line heads nothing in the boundaries after it.
        let page = format!(
            "<body><header><a href='/'>Home</a></header><main><h1>How to invest in index funds</h1></main>\
             <div hidden id='menu'><a href='/a'>Accounts</a> <a href='/b'>Brokerage</a></div>\
             <div hidden id='S:0'><div><a href='/subscribe'>Subscribe</a></div></div>\
             <div hidden id='S:3'><ul><li>Total Stock Market Index Fund</li><li>Total Bond Market Index Fund</li></ul></div>{}{}</body>",
            streamed_part(1, "the S&amp;P 500"),
            streamed_part(2, "the whole bond market")
        );
        let text = clean(&page);
        assert!(
            text.contains("follow the S&P 500") && text.contains("follow the whole bond market"),
            "{text}"
        );
        assert!(text.contains("Total Bond Market Index Fund"), "{text}");
        assert!(!text.contains("Brokerage"), "{text}");
    }

    #[test]
    fn a_tweet_embedded_in_the_story_is_kept_and_the_share_bar_is_not() {
        let para = |s: &str| {
            format!(
                "<p>{s} The state spent nearly half a million dollars on the campaign, and its slogan became a national joke within hours.</p>"
            )
        };
        let page = format!(
            "<body><article><h1>Meth. We're on it.</h1>{}\
             <div class='social-media-embed'><blockquote class='twitter-tweet'><p>Yes this is real and yes the state paid for it.</p>— Dianna (@dianna) <a href='https://twitter.com/x/status/1'>November 18, 2019</a></blockquote></div>\
             {}<div class='social-share'><a href='/fb'>Facebook</a> <a href='/tw'>Twitter</a></div></article></body>",
            para("South Dakota launched an anti-drug campaign on Monday."),
            para("The governor defended it.")
        );
        let text = clean(&page);
        assert!(text.contains("Yes this is real"), "{text}");
        assert!(!text.contains("Facebook"), "{text}");
    }

    #[test]
    fn a_paywall_offer_after_the_story_goes() {
        let page = "<body><article><h1>So many ways to play</h1>\
            <p>There are more devices, platforms and services to choose from than ever before, and each one asks for a different monthly fee.</p>\
            <p>Here is how to figure out which of them suits the way you play, and what each will cost you over a year.</p>\
            <div class='snippet'><h3>To Read the Full Story</h3><div><a href='/subscribe'>Subscribe</a> <a href='/login'>Sign In</a></div></div>\
            </article></body>";
        let text = clean(page);
        assert!(text.contains("what each will cost you"), "{text}");
        assert!(
            !text.contains("Full Story") && !text.contains("Sign In"),
            "{text}"
        );
    }

    #[test]
    fn a_story_inside_a_box_named_paywall_is_kept() {
        let para = "The company's third-quarter results reflected broad growth across its business, yet sales were below what analysts had expected. ";
        let page = format!(
            "<body><nav><a href='/'>Home</a> <a href='/markets'>Markets</a></nav>\
             <article><h1>Shares fall after results</h1><p>{lead}</p>\
             <div class='paywall'><p>{p}</p><p>{p}</p><p>In a research note, one analyst said the market had misread the results.</p></div>\
             </article><footer>Copyright</footer></body>",
            lead = para.repeat(2),
            p = para.repeat(2)
        );
        let text = clean(&page);
        assert!(text.contains("misread the results"), "{text}");
        assert!(!text.contains("Copyright"), "{text}");
    }

    #[test]
    fn a_consent_panel_never_stands_for_the_page() {
        // A thread of short posts, and a consent manager's settings panel (hidden until
        // opened) that holds most of the page's text.
        let purpose = "We and our partners store and access information on your device, such as cookies, to measure how content performs and to develop and improve our services. ";
        let post = |who: &str, text: &str| {
            format!(
                "<div class='post'><span class='username'>{who}</span><div class='post-body'><p>{text}</p></div></div>"
            )
        };
        let page = format!(
            "<body><main><h1>Which case fan goes where?</h1>{}{}{}</main>\
             <div id='cmp-consent-sdk'><div class='pc-panel hide'><h2>Privacy preference center</h2>\
             <div class='pc-content'><p>{purpose}</p><p>{purpose}</p><p>{purpose}</p><p>{purpose}</p></div></div></div></body>",
            post(
                "ana",
                "Does anyone know what the two mounting points below the power supply are for? The manual says nothing."
            ),
            post(
                "bo",
                "I read that the rear one is for an external connection of the lighting hub."
            ),
            post(
                "cy",
                "Not sure about the one at the bottom, next to the fans."
            ),
            purpose = purpose.repeat(2)
        );
        let text = clean(&page);
        assert!(text.contains("external connection"), "{text}");
        assert!(!text.contains("our partners"), "{text}");
    }

    #[test]
    fn a_footer_of_footnotes_never_stands_for_the_page() {
        // Thin product copy, and a footer of legal footnotes that outweighs it.
        let note = "Battery life varies by use and configuration; testing was conducted using preproduction units and software, and results may differ. ";
        let notes: String = (1..=6)
            .map(|n| format!("<li>{n}. {note}{note}</li>"))
            .collect();
        let page = format!(
            "<body><nav><a href='/'>Store</a> <a href='/mac'>Mac</a></nav>\
             <div class='hero'><h2>The lightest laptop we make.</h2>\
             <p>Now with a faster chip, a brighter display and a battery that lasts the whole day, in four colours.</p></div>\
             <footer><section class='footnotes'><ol>{notes}</ol></section><p>Copyright 2026. All rights reserved.</p></footer></body>"
        );
        let text = clean(&page);
        assert!(text.contains("in four colours"), "{text}");
        assert!(!text.contains("preproduction"), "{text}");
    }

    #[test]
    fn a_page_wrapper_named_for_its_consent_state_keeps_the_story() {
        let para = "The council approved the new bus routes on Tuesday, after a year of hearings in which residents argued over stops, fares and timetables. ";
        let page = format!(
            "<body><div id='page' class='cookies-not-set'><h1>Council approves bus routes</h1>\
             <div class='entry'><p>{p}</p><p>{p}</p><p>The first buses run in May.</p></div></div></body>",
            p = para.repeat(2)
        );
        let text = clean(&page);
        assert!(text.contains("The first buses run in May."), "{text}");
    }

    #[test]
    fn a_code_block_keeps_its_highlighted_comments() {
        // A syntax highlighter names its tokens: "comment" there is no comment form.
        let para = "Version control keeps every change to a project, so a mistake is one command away from undone and a team can work on one tree. ";
        let page = format!(
            "<body><article><h1>A brief intro to git</h1><p>{p}</p>\
             <pre><code class='hljs bash'><span class='hljs-comment'># initialize a repository</span>\ngit init\n\
             <span class='token comment'># view the state of the repository</span>\ngit status</code></pre>\
             <p>{p}</p></article><div class='comments'><p>Great post, thanks for sharing it with us all!</p></div></body>",
            p = para.repeat(2)
        );
        let text = clean(&page);
        assert!(
            text.contains("# initialize a repository\ngit init"),
            "{text}"
        );
        assert!(
            text.contains("# view the state of the repository"),
            "{text}"
        );
        assert!(!text.contains("Great post"), "{text}");
    }

    #[test]
    fn a_class_word_naming_a_condition_does_not_name_the_element() {
        // `[.sidebar-open_&]:pl-4` styles the box while a sidebar is open elsewhere.
        let para = "The function takes a list and returns a new one, leaving the first untouched, which is what makes it safe to call from anywhere. ";
        let page = format!(
            "<body><main><h1>Pure functions</h1><p>{p}</p>\
             <pre class='relative border [.sidebar-open_&]:pl-4 md:rounded'>const add = (a, b) =&gt; a + b;</pre>\
             <p>{p}</p></main><div class='sidebar'><a href='/a'>Chapter 1</a></div></body>",
            p = para.repeat(2)
        );
        let text = clean(&page);
        assert!(text.contains("const add = (a, b) => a + b;"), "{text}");
        assert!(!text.contains("Chapter 1"), "{text}");
    }

    #[test]
    fn a_page_of_no_declared_kind_keeps_its_larger_boxes_of_links() {
        // A progress report: prose, then the list of merged changes, each a link. The
        // same page declared an article, or dated, reads the list as an aside.
        let para = "This month the backend passed more of the test suite than ever, and the work on the new register allocator is close to done. ";
        let changes: String = (1..=8)
            .map(|n| format!("<li><a href='https://example.org/pull/{n}'>Allow casts between integer and pointer types, part {n}</a></li>"))
            .collect();
        let page = |head: &str| {
            format!(
                "<html><head>{head}</head><body><main><h1>Progress report 39</h1><p>{p}</p>\
                 <div class='changes'><ul>{changes}</ul></div><p>{p}</p>\
                 <div class='share'><a href='/s1'>Share on Mastodon</a></div></main></body></html>",
                p = para.repeat(3)
            )
        };
        let text = clean(&page(""));
        assert!(text.contains("part 8"), "{text}");
        assert!(!text.contains("Share on Mastodon"), "{text}");
        let text = clean(&page("<meta property='og:type' content='article'>"));
        assert!(!text.contains("part 8"), "{text}");
        // A date makes it a story too.
        let text = clean(&page(
            "<meta property='article:published_time' content='2025-06-02T10:00:00Z'>",
        ));
        assert!(!text.contains("part 8"), "{text}");
    }

    #[test]
    fn a_page_without_content_does_not_fall_back_to_its_footer() {
        let page = "<body><div id='app'><p>Loading the page, please wait a moment.</p></div><div class='site-footer'><ul><li><a href='/a'>About us</a></li><li><a href='/b'>Careers</a></li></ul><p class='footer-note'>If you need help right now, call the number on our contact page or visit us.</p></div></body>";
        let text = clean(page);
        assert_eq!(text, "Loading the page, please wait a moment.\n");
    }
}

#[cfg(test)]
mod listing_tests {
    use super::tests::clean;
    use super::*;

    /// A firm's intro to its news: the best single block of its page.
    fn firm_intro() -> String {
        // (Six paragraphs, each its own: copies word for word would be a ticker's.)
        (1..=6)
            .map(|k| format!("<p>We advise firms on strategy, pricing, and growth, and this page gathers our news, our notes, and what we learn along the way. Part {k} is written by the people who do the work.</p>"))
            .collect()
    }

    /// A grid of `n` cards, each a linked headline and its age: no prose at all.
    fn headline_cards(n: usize) -> String {
        (0..n)
            .map(|i| format!("<div class='card'><a href='/story-{i}'>Headline number {i} about the council and the coast road</a> <span>{i} hours ago</span></div>"))
            .collect()
    }

    /// One post of a blog's index: a linked headline over an excerpt.
    fn pricing_post(i: usize) -> String {
        format!(
            "<article class='entry'><h2><a href='/post-{i}'>Post number {i} on pricing</a></h2><p>In post {i} we look at how firms set prices for advisory work, and at what changed when clients began asking for fixed fees instead of day rates.</p></article>"
        )
    }

    #[test]
    fn a_grid_of_product_cards_is_the_content_not_a_box_of_links() {
        // Each card is mostly a link, so the article found keeps next to nothing of its
        // large container: the page is a collection, its cards the content.
        let cards: String = (0..24)
            .map(|i| format!("<li class='grid__item'><div class='card'><a href='/p/{i}'>Dark Roast Coffee, blend {i}</a> <span class='price'>$19.99</span></div></li>"))
            .collect();
        let page = format!(
            "<body><header><a href='/'>Shop</a></header><main><h1>Coffee</h1><p>51 products</p>\
             <ul class='grid'>{cards}</ul></main><footer>About us</footer></body>"
        );
        let text = clean(&page);
        assert!(
            text.contains("blend 0 $19.99") && text.contains("blend 23 $19.99"),
            "{text}"
        );
        assert!(!text.contains("About us"), "{text}");
        let report =
            Extractor::new(Config::default()).explain(page.as_bytes(), &Options::default());
        assert!(report.contains("the region of a listing"), "{report}");
    }

    #[test]
    fn a_shop_category_tagged_og_product_is_still_a_grid_of_cards() {
        // Some shops put og:type "product" on their category pages too: only a
        // product declared in JSON-LD keeps the grid from being the content.
        let cards: String = (0..60)
            .map(|i| format!("<li class='grid__item'><div class='card'><a href='/p/{i}'>Terracotta pot and saucer, size {i}</a> <span class='price'>$24.50</span></div></li>"))
            .collect();
        let page = |head: &str| {
            format!(
                "<head>{head}</head><body><header><a href='/'>Shop</a></header><main><h1>Indoor pots</h1>\
                 <p>Indoor containers and the plants you put in them bring colour, life, and warmth to rooms in every season. Ours are thrown and fired by hand in small workshops, glazed inside so that they hold water, and sized to the saucers sold with them, from herb pots for a windowsill to planters for a palm by the door. Each one ships packed in paper, and every pot comes with the care notes its plant needs.</p>\
                 <ul class='grid'>{cards}</ul></main><footer>About us</footer></body>"
            )
        };
        let text = clean(&page("<meta property='og:type' content='product'>"));
        assert!(
            text.contains("size 0 $24.50") && text.contains("size 59 $24.50"),
            "{text}"
        );
        let declared = page(
            "<meta property='og:type' content='product'><script type='application/ld+json'>{\"@type\":\"Product\",\"name\":\"Terracotta pot\"}</script>",
        );
        let text = clean(&declared);
        assert!(!text.contains("size 59 $24.50"), "{text}");
    }

    #[test]
    fn a_listing_keeps_its_title_and_blurb_over_the_grid() {
        // The region holding most of the text is the grid alone; the title and the
        // blurb above it are the listing's too, the filters between them are not.
        let cards = headline_cards(30);
        let filters: String = (0..12)
            .map(|i| format!("<li><a href='/filter/{i}'>Filter {i}</a></li>"))
            .collect();
        let page = format!(
            "<body><div class='page'><div class='head'><h1>Coast news</h1>\
             <div class='blurb'><p>Everything our reporters filed from the coast this week.</p></div></div>\
             <div class='body'><ul class='filters'>{filters}</ul><div class='grid'>{cards}</div></div></div>\
             <footer>About us</footer></body>"
        );
        let text = clean(&page);
        assert!(
            text.contains("Coast news") && text.contains("filed from the coast"),
            "{text}"
        );
        assert!(text.contains("Headline number 29 about"), "{text}");
        assert!(
            !text.contains("Filter 3") && !text.contains("About us"),
            "{text}"
        );
    }

    #[test]
    fn cards_linked_whole_are_the_content_of_a_catalogue() {
        // Each programme is one link around its name and description: all "link
        // text", so the intro wins the scoring though the cards hold the page.
        let cards: String = (0..16)
            .map(|i| format!("<div class='item'><a href='/programme-{i}'><div class='name'>Certificate in field {i}</div><p>Learn how teams in field {i} plan, build, and measure their work, with faculty who have done it and peers who are doing it now, over twelve months.</p></a></div>"))
            .collect();
        let page = format!(
            "<body><nav><a href='/'>Home</a></nav><div class='head'><p>Award-winning faculty and a global reputation: our certificate programmes combine research with practice, online or live, for people who lead. Each one is built with the industry it serves, taught in small groups, and ends with a project of your own, judged by the faculty and by leaders from the field. Scholarships are open to all, and most of our students study while they keep working full time.</p></div>\
             <div class='list'>{cards}</div><footer>Contact us</footer></body>"
        );
        let text = clean(&page);
        assert!(
            text.contains("Learn how teams in field 0")
                && text.contains("Learn how teams in field 15"),
            "{text}"
        );
        assert!(!text.contains("Contact us"), "{text}");
    }

    #[test]
    fn a_blog_index_keeps_every_post_not_its_longest_blurb() {
        // The intro is the best single block, and the posts' linked headlines keep the
        // scorer from reaching past it; but the posts, each an <article>, hold more
        // text: the page is their list.
        let posts: String = (0..12).map(pricing_post).collect();
        let intro = firm_intro();
        let page = format!(
            "<body><header><a href='/'>Home</a></header><div class='page'><div class='intro'>{intro}</div>\
             <div class='feed'><section class='blog-list'>{posts}</section></div></div><footer>About us</footer></body>"
        );
        let text = clean(&page);
        assert!(
            text.contains("In post 0 we look") && text.contains("In post 5 we look"),
            "{text}"
        );
        assert!(!text.contains("About us"), "{text}");
        let report =
            Extractor::new(Config::default()).explain(page.as_bytes(), &Options::default());
        assert!(report.contains("the parent of a list of posts"), "{report}");
    }

    #[test]
    fn posts_wrapped_in_list_items_are_a_list_of_posts_but_not_beside_a_story() {
        let posts = |n: usize| -> String {
            (0..n)
                .map(|i| format!("<li class='cell'>{}</li>", pricing_post(i)))
                .collect()
        };
        let intro = firm_intro();
        // A blog's index: the posts, each alone in its list item (and in a box inside
        // it), are the content.
        let boxed: String = (0..12)
            .map(|i| {
                format!(
                    "<li class='cell'><div class='card'>{}</div></li>",
                    pricing_post(i)
                )
            })
            .collect();
        for list in [posts(12), boxed] {
            let index = format!(
                "<body><div class='page'><div class='intro'>{intro}</div>\
                 <div class='feed'><ul class='grid'>{list}</ul></div></div><footer>About us</footer></body>"
            );
            let text = clean(&index);
            assert!(
                text.contains("In post 0 we look") && text.contains("In post 11 we look"),
                "{text}"
            );
        }
        // A story of its own (an <article>) above a larger grid of teasers for others:
        // the story alone.
        let story = format!(
            "<body><main><article class='story'><h1>Pricing advice</h1>{intro}</article></main>\
             <section class='more'><ul class='grid'>{}</ul></section></body>",
            posts(12)
        );
        let text = clean(&story);
        assert!(text.contains("We advise firms"), "{text}");
        assert!(!text.contains("In post 0 we look"), "{text}");
    }

    #[test]
    fn an_archive_headed_latest_news_keeps_its_posts() {
        // "Latest News" heads a box of teasers on a story page; as the page's own <h1>
        // it names the page, and the posts under it are its content.
        let posts: String = (0..8)
            .map(|i| format!("<article><h2><a href='/issue-{i}'>Issue {i}: what hotels charge this week</a></h2><p>Issue {i} looks at rates</p></article>"))
            .collect();
        let page = format!(
            "<body><nav><a href='/'>Home</a></nav><main><div class='archive'>\
             <header class='archive__header'><h1>Latest News</h1></header>\
             <section class='archive__posts'>{posts}</section></div></main>\
             <div class='about'><p>Our daily report reaches hotel owners and managers in forty countries, and every issue is free to read for the first month after you sign up.</p></div>\
             <footer>About us</footer></body>"
        );
        let text = clean(&page);
        assert!(
            text.contains("Issue 0 looks at rates") && text.contains("Issue 7 looks at rates"),
            "{text}"
        );
    }

    #[test]
    fn a_declared_listing_keeps_its_headlines_past_a_long_blurb() {
        // The blurb is long enough to pass for an article; the page says it is a
        // collection, and its grid of headlines holds several times more text.
        let cards = headline_cards(40);
        let blurb = "Our newsroom covers the coast, the harbour, and the hills, every day of the year, with reporters in each town. ".repeat(4);
        let page = format!(
            "<head><script type='application/ld+json'>{{\"@type\":\"CollectionPage\"}}</script></head>\
             <body><div class='page'><div class='intro'><div class='blurb'><p>{blurb}</p></div></div>\
             <div class='stream'><div class='grid'>{cards}</div></div></div></body>"
        );
        let text = clean(&page);
        assert!(
            text.contains("Headline number 0 about") && text.contains("Headline number 39 about"),
            "{text}"
        );
    }

    #[test]
    fn a_listing_keeps_its_linked_headlines() {
        // A short blurb with prose wins the scoring; the grid of linked headlines, with
        // no prose at all, holds the page's text: a listing.
        let cards = headline_cards(12);
        let page = format!(
            "<body><nav><a href='/'>Home</a></nav><div class='page'><div class='blurb'><p>Our newsroom covers the coast, the harbour, and the hills, every day of the year.</p></div><div class='grid'>{cards}</div></div><footer>About us</footer></body>"
        );
        let text = clean(&page);
        assert!(
            text.contains("Headline number 0 about") && text.contains("Headline number 11 about"),
            "{text}"
        );
        assert!(
            !text.contains("About us") && !text.contains("Home"),
            "{text}"
        );
        let off =
            Config::with_overrides("[extract]\nlisting_max_article_chars = 0\n", "test").unwrap();
        let text = Extractor::new(off)
            .extract(page.as_bytes(), &Options::default())
            .text();
        assert!(
            !text.contains("Headline number"),
            "without the rule the blurb wins: {text}"
        );
    }
}
