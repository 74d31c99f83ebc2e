//! Every tunable of the pipeline, read from `config.toml`.
//!
//! The repository's `config.toml` is embedded as the default; a user's file overrides
//! any subset of its fields. Unknown keys are an error that names the key.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::path::Path;

use crate::error::Error;

/// The default configuration, as shipped in the repository's `config.toml`.
pub const DEFAULT_TOML: &str = include_str!("../config.toml");

/// The whole configuration.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Output defaults.
    pub output: OutputConfig,
    /// Input size and shape limits.
    pub limits: LimitsConfig,
    /// What is removed before scoring.
    pub prune: PruneConfig,
    /// How candidate containers are scored.
    pub score: ScoreConfig,
    /// How the article is assembled from the winner.
    pub extract: ExtractConfig,
    /// Plain-text mode.
    pub text: TextConfig,
    /// Fetching URLs: politeness, retries, timeouts, sizes.
    pub fetch: FetchConfig,
    /// Site templates: blocks repeated over the pages of one host in a batch.
    pub templates: TemplatesConfig,
    /// Site rules: CSS selectors for the body and the boxes to drop, by host.
    #[serde(default)]
    pub site: Vec<SiteRule>,
    /// Overrides for `--favor precision` and `--favor recall`.
    pub favor: FavorConfig,
}

/// Plain-text mode settings.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TextConfig {
    /// Shortest story paragraph.
    pub story_min_chars: usize,
    /// Lines shorter than this without sentence punctuation are boilerplate.
    pub short_line_chars: usize,
    /// Longest headline.
    pub headline_max_chars: usize,
    /// Story that must follow boilerplate for the story to go on.
    pub resume_story_chars: usize,
}

/// Site template settings (see [`crate::template`]).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TemplatesConfig {
    /// Learn and drop site templates in batches (`--no-templates` turns it off).
    pub enabled: bool,
    /// Fewest distinct pages of a host a template is learned from.
    pub min_pages: usize,
    /// Pages of a host the template is learned from; later pages are cleaned at once.
    pub learn_pages: usize,
    /// Share of the learned pages a block must be on to be template.
    pub min_share: f64,
    /// A page whose output would lose more than this share of its characters keeps
    /// them all (a page repeated under several URLs is not its own template).
    pub max_drop_share: f64,
    /// Most pages held back, over all hosts, while their hosts' templates are learned.
    pub max_held_pages: usize,
    /// Most hosts whose templates are remembered at once.
    pub max_hosts: usize,
}

/// A `[[site]]` table: selectors for the pages of some hosts.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRule {
    /// Hosts the rule is for; their subdomains too.
    pub hosts: Vec<String>,
    /// CSS selectors of the article's body (kept when they match).
    #[serde(default)]
    pub body: Vec<String>,
    /// CSS selectors of boxes to drop.
    #[serde(default)]
    pub strip: Vec<String>,
}

/// Fetching settings: how URLs are requested, how politely, and how patiently.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FetchConfig {
    /// The `User-Agent` header; its first word is the robots.txt product token.
    pub user_agent: String,
    /// Requests in flight at once, over all hosts (also `--concurrency`).
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    pub per_host_concurrency: usize,
    /// Least time between the starts of two requests to one host, in milliseconds.
    pub per_host_delay_ms: u64,
    /// Honour robots.txt (also `--ignore-robots`).
    pub robots: bool,
    /// Longest robots.txt `Crawl-delay` honoured, in milliseconds.
    pub max_crawl_delay_ms: u64,
    /// Most bytes of a robots.txt read.
    pub robots_max_bytes: u64,
    /// Time to open a connection, in milliseconds.
    pub connect_timeout_ms: u64,
    /// Time for a whole request, body included, in milliseconds.
    pub timeout_ms: u64,
    /// Largest body accepted (after content decoding), in bytes.
    pub max_body_bytes: u64,
    /// Most redirects followed.
    pub max_redirects: usize,
    /// Retries after the first attempt.
    pub retries: u32,
    /// Wait before the first retry, in milliseconds; doubled for each next one.
    pub backoff_ms: u64,
    /// Longest wait between retries, in milliseconds.
    pub max_backoff_ms: u64,
    /// Longest `Retry-After` honoured, in milliseconds; a longer one ends the retries.
    pub max_retry_after_ms: u64,
    /// Hosts whose politeness state and robots.txt are kept at once.
    pub hosts_remembered: usize,
}

/// Which side of the precision/recall balance to favour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Favor {
    /// The defaults.
    #[default]
    Balanced,
    /// Leave out more of what might be boilerplate.
    Precision,
    /// Keep more of what might be content.
    Recall,
}

/// Settings laid over the rest for each [`Favor`]: tables of the same shape as the
/// configuration.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FavorConfig {
    /// Overrides for precision.
    pub precision: toml::Table,
    /// Overrides for recall.
    pub recall: toml::Table,
}

/// Output format defaults.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    /// "text", "markdown" or "json".
    pub format: String,
    /// Keep hyperlinks in Markdown.
    pub links: bool,
    /// Keep images in Markdown.
    pub images: bool,
}

/// Limits on what an input may be.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Largest accepted input, in bytes.
    pub max_input_bytes: u64,
    /// Block nesting deeper than this is flattened before parsing.
    pub max_nesting_depth: usize,
    /// Attributes kept on one element; the rest are left out before parsing.
    pub max_attributes: usize,
    /// Most nodes a parsed page may have.
    pub max_nodes: usize,
    /// Most milliseconds a page may take (0: no limit), checked between stages.
    pub max_page_millis: u64,
    /// Bytes of a non-UTF-8 page given to the charset detector.
    pub charset_sniff_bytes: usize,
    /// Leading bytes looked at to tell a binary file from text (0: no check).
    pub binary_sniff_bytes: usize,
    /// Share of control bytes among those above that makes an input binary.
    pub max_control_share: f64,
}

/// The boilerplate lexicon: phrases by the kind of boilerplate they mark.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct BoilerplatePhrases {
    /// Headers of lists of other stories ("Related", "Must read", "Lesen Sie auch").
    pub related: Vec<String>,
    /// Comment threads and comment forms ("Leave a reply").
    pub comments: Vec<String>,
    /// Share bars ("Share this").
    pub share: Vec<String>,
    /// Social follow prompts ("Follow us").
    pub follow: Vec<String>,
    /// Newsletter and subscription boxes ("Subscribe").
    pub subscribe: Vec<String>,
    /// Advertising labels ("Advertisement").
    pub advertising: Vec<String>,
    /// "Read more" prompts.
    pub read_more: Vec<String>,
    /// Tag and topic lists ("Tags").
    pub tags: Vec<String>,
    /// Cookie and consent banners ("We use cookies").
    pub cookies: Vec<String>,
    /// Epaper and print-edition links ("E-paper").
    pub print_edition: Vec<String>,
    /// Notices that the page needs JavaScript ("This slideshow requires JavaScript"):
    /// the notice alone goes, not what follows it.
    pub script_notices: Vec<String>,
    /// Headings of an author's biography ("About the author"): the small box they
    /// head goes with them, but on a product page (a book's author is its content).
    pub author_bio: Vec<String>,
}

/// [`Lexicon::phrase_reason`] for a notice that the page needs JavaScript.
pub const SCRIPT_NOTICE: &str = "notice: the page needs JavaScript";

/// [`Lexicon::phrase_reason`] for the heading of an author's biography.
pub const AUTHOR_BIO: &str = "boilerplate heading: about the author";

impl BoilerplatePhrases {
    /// Every phrase with the reason a block matching it is removed (naming its kind).
    pub fn by_kind(&self) -> [(&'static str, &[String]); 12] {
        [
            ("boilerplate heading: related stories", &self.related),
            ("boilerplate heading: comments", &self.comments),
            ("boilerplate heading: share bar", &self.share),
            ("boilerplate heading: follow prompt", &self.follow),
            ("boilerplate heading: subscription box", &self.subscribe),
            ("boilerplate heading: advertising", &self.advertising),
            ("boilerplate heading: read more", &self.read_more),
            ("boilerplate heading: tags", &self.tags),
            ("boilerplate heading: cookie banner", &self.cookies),
            ("boilerplate heading: print edition", &self.print_edition),
            (SCRIPT_NOTICE, &self.script_notices),
            (AUTHOR_BIO, &self.author_bio),
        ]
    }
}

/// Pruning: elements and boxes that are never content.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PruneConfig {
    /// Largest box, in characters, that an "About the author" heading takes with it.
    pub author_box_max_chars: usize,
    /// Tags dropped with their subtree.
    pub drop_tags: Vec<String>,
    /// Landmark tags dropped unless they hold most of the text.
    pub structural_tags: Vec<String>,
    /// Landmark tags kept for holding most of the text only with an `<h1>`,
    /// `<article>` or `<main>` inside.
    pub marked_only_tags: Vec<String>,
    /// A form is kept when it holds at least this many characters.
    pub form_keep_chars: usize,
    /// Drop figure captions (`<figcaption>`, boxes whose class or id says caption).
    pub drop_captions: bool,
    /// Longest caption dropped, in characters; a longer box is not a caption.
    pub caption_max_chars: usize,
    /// A page with more captions than this is made of captioned pictures (a gallery,
    /// a listing): they stay.
    pub caption_max_count: usize,
    /// Whole texts of in-page links that are permalink symbols, dropped.
    pub permalink_symbols: Vec<String>,
    /// A page with at least this many collapsed panels (hidden, opened by a control
    /// that names them in `aria-controls`, holding prose) is an accordion: they stay.
    pub panel_min_count: usize,
    /// Least prose (characters outside links) of such a panel.
    pub panel_min_prose: usize,
    /// An element with at least this many children that all read the same text is a
    /// ticker or an animation's copies: only the first child stays.
    pub repeated_copies_min: usize,
    /// Longest text of such a copy, in characters: a ticker's message is a line, and
    /// paragraphs repeated word for word (placeholder text) are the page's own.
    pub repeated_copy_max_chars: usize,
    /// Least text of a box of blocks that, read word for word as an earlier box
    /// elsewhere on the page, is a copy of it (the same section laid out for another
    /// screen size, a post quoted whole): it goes.
    pub box_copy_min_chars: usize,
    /// Highest link density of such a panel (a hidden menu is mostly links).
    pub panel_max_link_density: f64,
    /// Share of the page's prose above which a marked box holding a story marker is kept.
    pub protect_text_share: f64,
    /// Share of the page's prose above which a marked box is kept in any case.
    pub protect_unmarked_share: f64,
    /// class/id words marking boxes that are never content.
    pub remove_tokens: Vec<String>,
    /// class/id words that count against a container without removing it.
    pub penalty_tokens: Vec<String>,
    /// First parts of class words that describe the page, not a box.
    pub modifier_prefixes: Vec<String>,
    /// Trailing parts of class words that name layout, skipped when reading a word.
    pub layout_words: Vec<String>,
    /// class/id words marking content.
    pub content_tokens: Vec<String>,
    /// Content words strong enough to keep a box that also has a boilerplate word.
    pub protect_tokens: Vec<String>,
    /// class/id words naming customer reviews: on a product page such a box is removed.
    pub review_tokens: Vec<String>,
    /// Parts of a class/id word naming a post embedded in the story (a tweet): the word
    /// is not boilerplate, whatever its other parts say ("social-media-embed").
    pub embed_tokens: Vec<String>,
    /// Boilerplate class/id words that name comments: on a page that declares itself a
    /// discussion thread they name its replies, and remove nothing.
    pub comment_tokens: Vec<String>,
    /// Class/id words that name a Q&A site's answers: a declared question page naming
    /// none is read as a thread.
    pub answer_tokens: Vec<String>,
    /// Boilerplate class/id words that name a cookie or consent box: kept for holding
    /// the page's text only with an `<h1>`, `<article>` or `<main>` inside.
    pub consent_tokens: Vec<String>,
    /// ARIA roles of boilerplate landmarks.
    pub remove_roles: Vec<String>,
    /// ARIA roles of content.
    pub content_roles: Vec<String>,
    /// Listed words this long or longer also match as a prefix of a token.
    pub prefix_min_len: usize,
    /// The boilerplate lexicon: whole-block texts that head boilerplate boxes, by kind.
    pub boilerplate_phrases: BoilerplatePhrases,
    /// Link density above which a sibling after such a heading is a teaser.
    pub teaser_link_density: f64,
    /// Length below which a sibling after such a heading is a teaser.
    pub teaser_max_chars: usize,
}

/// Candidate scoring weights.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreConfig {
    /// Shortest text block that counts.
    pub min_block_chars: usize,
    /// Score every counted block starts with.
    pub block_base: f64,
    /// Characters per length point.
    pub chars_per_point: f64,
    /// Cap on length points.
    pub max_length_points: f64,
    /// Share of a block's score given to its parent.
    pub parent_share: f64,
    /// Share given to its grandparent.
    pub grandparent_share: f64,
    /// How many ancestor levels receive a share.
    pub ancestor_levels: usize,
    /// Tag bonus of div-like containers.
    pub tag_bonus_div: f64,
    /// Tag bonus of article and main.
    pub tag_bonus_article: f64,
    /// Tag bonus of blockquote, pre and td.
    pub tag_bonus_quote_pre_td: f64,
    /// Tag penalty of lists and forms.
    pub tag_penalty_list_form: f64,
    /// Tag penalty of headings.
    pub tag_penalty_heading: f64,
    /// Weight of class/id content or boilerplate words.
    pub class_weight: f64,
    /// Share of the best score that makes a rival.
    pub rival_share: f64,
    /// Rivals sharing an ancestor that make it the winner.
    pub rivals_for_ancestor: usize,
    /// ... holding at least this share of all the close rivals.
    pub rival_hold_share: f64,
    /// Share of the chosen container's text in `<article>` elements (at least
    /// `extract.post_list_min_count`) that makes it a list of posts, so that the
    /// `<article>` elsewhere holding the page's `<h1>` is the story instead.
    pub post_list_share: f64,
    /// Share of the best score a parent must keep to be climbed to.
    pub climb_share: f64,
    /// An ancestor holding this many times the choice's paragraph prose replaces it.
    pub expand_prose_ratio: f64,
    /// ... when no more than this share of the ancestor's text is links.
    pub expand_max_link_density: f64,
    /// ... and at least this share of the text it adds is paragraph prose.
    pub expand_min_prose_share: f64,
}

/// Assembly of the article around the winning container.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractConfig {
    /// On a forum thread, a paragraph of at least `post_furniture_min_chars` bytes
    /// that reads the same at least this many times is the posts' furniture: it goes.
    pub post_furniture_min_repeats: usize,
    /// See `post_furniture_min_repeats`.
    pub post_furniture_min_chars: usize,
    /// A block inside a quotation that reads word for word as an earlier block of at
    /// least this many bytes is left out (a reply quoting a post already shown).
    pub quoted_copy_min_chars: usize,
    /// Share of the winner's score a sibling needs.
    pub sibling_share: f64,
    /// Minimum score a sibling needs.
    pub sibling_min_score: f64,
    /// Bonus share for a sibling with the winner's class.
    pub sibling_same_class_bonus: f64,
    /// On a forum thread, how many levels above the chosen container a post may start.
    pub post_max_levels: usize,
    /// On a forum thread, how many posts (alike siblings) make the article all posts.
    pub post_min_count: usize,
    /// Length at which a sibling paragraph joins on its own.
    pub sibling_paragraph_chars: usize,
    /// Link density below which such a paragraph joins.
    pub sibling_max_link_density: f64,
    /// Paragraph prose (not counting excerpts cut short) that an element built like the
    /// chosen container (its tag and class, in a parent of the parent's tag and class)
    /// elsewhere on the page needs to join it, with link density below
    /// `sibling_max_link_density`: a page builder's sections.
    pub alike_min_prose: usize,
    /// Class words with a part (between `-` and `_`) of at least this many hex digits,
    /// one a digit, name one element, not its kind: left out when comparing classes
    /// for `alike_min_prose`.
    pub alike_id_min_len: usize,
    /// Share of the best container's score that makes a candidate sharing no ancestor
    /// with the roots below `<body>` a close rival, joining them (with
    /// `alike_min_prose` of prose and few links).
    pub rival_join_share: f64,
    /// Link density above which a box inside the article is dropped.
    pub max_link_density: f64,
    /// The same for boxes whose class/id marks content.
    pub max_link_density_positive: f64,
    /// On a page that declares no kind and no date, a box inside the article holding at least this
    /// share of the article's text is kept however many links it has.
    pub undeclared_link_box_share: f64,
    /// Fewest characters per link a box must have (0 turns the check off).
    pub min_chars_per_link: usize,
    /// A box with at least this many headings that are links...
    pub teaser_min_linked_headings: u32,
    /// ... making up at least this share of its headings is a teaser grid.
    pub teaser_linked_heading_share: f64,
    /// Teaser grids are dropped only while they hold less than this share of the text.
    pub teaser_max_page_share: f64,
    /// Word overlap with the title that makes a short block the headline.
    pub title_overlap: f64,
    /// Below this much text, the article is looked for again with relaxed pruning.
    pub min_article_chars: usize,
    /// An article shorter than this on a page with `listing_text_ratio` times more text
    /// is replaced by the page's main text region (listings, collections).
    pub listing_max_article_chars: usize,
    /// Highest link density of what a listing keeps between the page's `<h1>` and its
    /// region (the title and blurb over a grid; not other grids or filters).
    pub listing_intro_max_link_density: f64,
    /// How much more text the page must hold; also how much more paragraph text, in
    /// cards wrapped whole in links, makes an article of any length a listing.
    pub listing_text_ratio: f64,
    /// An article keeping less than this share of its containers' text (its boxes of
    /// links dropped) is looked at as a listing too.
    pub listing_kept_share: f64,
    /// Share of its parent's text a child must hold to be descended into.
    pub listing_region_share: f64,
    /// Sibling `<article>` elements, at least this many ...
    pub post_list_min_count: usize,
    /// ... holding this many times the article's text make the page a list of posts
    /// (a blog's index, a thread): their parent is the article.
    pub post_list_text_ratio: f64,
    /// Share of an element's text in links marked `rel="tag"` that makes it a post's
    /// tag list, dropped from the article.
    pub tag_list_share: f64,
    /// On a forum thread, a block of at most this many characters with no letter (a
    /// poster's message count, reactions, points) is dropped.
    pub thread_count_max_chars: usize,
    /// On a forum thread, a block of at most this many characters that is a number and
    /// one or two words naming it ("29,553 posts") is dropped.
    pub thread_count_label_max_chars: usize,
    /// Longest byline or dateline block dropped before the story.
    pub leading_meta_max_chars: usize,
    /// Words that start a byline.
    pub byline_words: Vec<String>,
    /// Labels of photo and image credits ("Photo:"): a short block that starts with one
    /// and a colon is a credit line, not story.
    pub credit_labels: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        // The embedded file is checked by a unit test, so this cannot fail in a build
        // that passed its tests.
        Self::from_toml_str(DEFAULT_TOML).expect("embedded config.toml is valid")
    }
}

impl Config {
    /// Parses a complete configuration.
    pub fn from_toml_str(text: &str) -> Result<Config, Error> {
        let config: Config = toml::from_str(text).map_err(|e| Error::Config {
            source_name: "embedded config.toml".into(),
            message: e.to_string(),
        })?;
        config.check_favors("embedded config.toml")?;
        config.check_sites("embedded config.toml")?;
        Ok(config)
    }

    /// This configuration with the overrides of `favor` laid over it.
    pub fn favoring(&self, favor: Favor) -> Result<Config, Error> {
        let (table, name) = match favor {
            Favor::Balanced => return Ok(self.clone()),
            Favor::Precision => (&self.favor.precision, "favor.precision"),
            Favor::Recall => (&self.favor.recall, "favor.recall"),
        };
        let err = |message: String| Error::Config {
            source_name: format!("[{name}]"),
            message,
        };
        let mut base = toml::Table::try_from(self).map_err(|e| err(e.to_string()))?;
        merge(&mut base, table.clone(), "").map_err(err)?;
        toml::Value::Table(base)
            .try_into()
            .map_err(|e: toml::de::Error| err(e.to_string()))
    }

    /// Site rules must name hosts and hold valid selectors.
    fn check_sites(&self, source_name: &str) -> Result<(), Error> {
        crate::site::SiteRules::compile(&self.site)
            .map(|_| ())
            .map_err(|message| Error::Config {
                source_name: source_name.to_string(),
                message,
            })
    }

    /// Both favour tables must apply cleanly: a misspelt key is reported on loading.
    fn check_favors(&self, source_name: &str) -> Result<(), Error> {
        for favor in [Favor::Precision, Favor::Recall] {
            self.favoring(favor).map_err(|e| Error::Config {
                source_name: source_name.to_string(),
                message: e.to_string(),
            })?;
        }
        Ok(())
    }

    /// The default configuration with the fields of `text` laid over it.
    pub fn with_overrides(text: &str, source_name: &str) -> Result<Config, Error> {
        let err = |message: String| Error::Config {
            source_name: source_name.to_string(),
            message,
        };
        let mut base: toml::Table = toml::from_str(DEFAULT_TOML).map_err(|e| err(e.to_string()))?;
        let over: toml::Table = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        merge(&mut base, over, "").map_err(err)?;
        let config: Config = toml::Value::Table(base)
            .try_into()
            .map_err(|e: toml::de::Error| err(e.to_string()))?;
        config.check_favors(source_name)?;
        config.check_sites(source_name)?;
        Ok(config)
    }

    /// The whole configuration as TOML (without the comments of `config.toml`).
    pub fn to_toml(&self) -> Result<String, Error> {
        toml::to_string(self).map_err(|e| Error::Config {
            source_name: "configuration".into(),
            message: e.to_string(),
        })
    }

    /// This configuration with the fields of `text` (TOML) laid over it, checked as a
    /// file of overrides is.
    pub fn overlaid(&self, text: &str, source_name: &str) -> Result<Config, Error> {
        let err = |message: String| Error::Config {
            source_name: source_name.to_string(),
            message,
        };
        let mut base = toml::Table::try_from(self).map_err(|e| err(e.to_string()))?;
        let over: toml::Table = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        merge(&mut base, over, "").map_err(err)?;
        let config: Config = toml::Value::Table(base)
            .try_into()
            .map_err(|e: toml::de::Error| err(e.to_string()))?;
        config.check_favors(source_name)?;
        config.check_sites(source_name)?;
        Ok(config)
    }

    /// Reads a configuration file of overrides.
    pub fn from_file(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
            source_name: path.display().to_string(),
            message: e.to_string(),
        })?;
        Self::with_overrides(&text, &path.display().to_string())
    }
}

/// Lays `over` onto `base`, table by table; a key that `base` does not have is an error
/// (except inside the favour tables, whose keys are checked when they are applied).
fn merge(base: &mut toml::Table, over: toml::Table, prefix: &str) -> Result<(), String> {
    for (key, value) in over {
        // Site rules are the user's own list: nothing to lay them over.
        if prefix.is_empty() && key == "site" {
            base.insert(key, value);
            continue;
        }
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let open_table = prefix.starts_with("favor.");
        match (base.get_mut(&key), value) {
            (None, value) if open_table => {
                base.insert(key, value);
            }
            (None, _) => return Err(format!("unknown key `{path}`")),
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o, &path)?,
            (Some(slot), value) => *slot = value,
        }
    }
    Ok(())
}

/// What a lowercased class-word token is, as a set of bits: the lists of `[prune]`
/// it is in ([`Lexicon::token_kinds`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenKinds(u16);

impl TokenKinds {
    /// In `remove_tokens`: marks boilerplate.
    pub const REMOVE: TokenKinds = TokenKinds(1);
    /// In `penalty_tokens`: counts against a container.
    pub const PENALTY: TokenKinds = TokenKinds(1 << 1);
    /// In `comment_tokens`: names comments.
    pub const COMMENT: TokenKinds = TokenKinds(1 << 2);
    /// In `content_tokens`: marks content.
    pub const CONTENT: TokenKinds = TokenKinds(1 << 3);
    /// In `modifier_prefixes`: as a first part, makes a class word describe the page.
    pub const MODIFIER: TokenKinds = TokenKinds(1 << 4);
    /// In `layout_words`: only names layout ("wrap", "inner").
    pub const LAYOUT: TokenKinds = TokenKinds(1 << 5);
    /// In `protect_tokens`: marks content strongly enough to protect a box.
    pub const PROTECT: TokenKinds = TokenKinds(1 << 6);
    /// In `review_tokens`: names customer reviews.
    pub const REVIEW: TokenKinds = TokenKinds(1 << 7);
    /// In `embed_tokens`: names an embedded post.
    pub const EMBED: TokenKinds = TokenKinds(1 << 8);
    /// In `consent_tokens`: names a cookie or consent box.
    pub const CONSENT: TokenKinds = TokenKinds(1 << 9);
    /// In `answer_tokens`: names a Q&A site's answers.
    pub const ANSWER: TokenKinds = TokenKinds(1 << 10);
    /// The kinds whose listed words of `prefix_min_len` letters or more also match
    /// the tokens they begin.
    const BY_PREFIX: TokenKinds = TokenKinds(0b1111 | 1 << 9 | 1 << 10);

    /// Whether any kind of `kinds` is among these.
    pub fn has(self, kinds: TokenKinds) -> bool {
        self.0 & kinds.0 != 0
    }

    /// The word list of `[prune]` behind each kind.
    fn lists(prune: &PruneConfig) -> [(&[String], TokenKinds); 11] {
        [
            (&prune.remove_tokens, TokenKinds::REMOVE),
            (&prune.penalty_tokens, TokenKinds::PENALTY),
            (&prune.comment_tokens, TokenKinds::COMMENT),
            (&prune.content_tokens, TokenKinds::CONTENT),
            (&prune.modifier_prefixes, TokenKinds::MODIFIER),
            (&prune.layout_words, TokenKinds::LAYOUT),
            (&prune.protect_tokens, TokenKinds::PROTECT),
            (&prune.review_tokens, TokenKinds::REVIEW),
            (&prune.embed_tokens, TokenKinds::EMBED),
            (&prune.consent_tokens, TokenKinds::CONSENT),
            (&prune.answer_tokens, TokenKinds::ANSWER),
        ]
    }
}

impl std::ops::BitOr for TokenKinds {
    type Output = TokenKinds;
    fn bitor(self, other: TokenKinds) -> TokenKinds {
        TokenKinds(self.0 | other.0)
    }
}

impl std::ops::BitOrAssign for TokenKinds {
    fn bitor_assign(&mut self, other: TokenKinds) {
        self.0 |= other.0;
    }
}

/// A listed class word, normalised ([`normalize_word`]).
type Token = Box<[u8]>;

/// Every listed class word, looked up once per token for all its kinds. Words that
/// also match the tokens they begin are indexed by their first `key_len` bytes, so a
/// token is checked against the one or two listed words that share its start, not
/// against every one (this lookup runs for every class and id token of every page).
#[derive(Debug, Clone, Default)]
struct TokenTable {
    /// Keyed by bytes: tokens come as byte slices of lowercased class words.
    exact: FxHashMap<Token, TokenKinds>,
    prefixes: FxHashMap<u64, Vec<(Token, TokenKinds)>>,
    key_len: usize,
}

impl TokenTable {
    fn new(prune: &PruneConfig) -> TokenTable {
        let mut table = TokenTable {
            key_len: prune.prefix_min_len.min(8),
            ..TokenTable::default()
        };
        for (words, kinds) in TokenKinds::lists(prune) {
            for word in words.iter().map(|w| normalize_word(w)) {
                let word: Token = word.into_bytes().into_boxed_slice();
                if kinds.has(TokenKinds::BY_PREFIX) && word.len() >= prune.prefix_min_len {
                    let list = table.prefixes.entry(table.key(&word)).or_default();
                    match list.iter_mut().find(|(w, _)| *w == word) {
                        Some((_, k)) => *k |= kinds,
                        None => list.push((word.clone(), kinds)),
                    }
                }
                *table.exact.entry(word).or_default() |= kinds;
            }
        }
        table
    }

    /// The first `key_len` bytes of a token (at least that long) as one number.
    fn key(&self, token: &[u8]) -> u64 {
        token[..self.key_len]
            .iter()
            .fold(0, |k, &b| (k << 8) | u64::from(b))
    }

    fn kinds(&self, token: &[u8]) -> TokenKinds {
        let mut kinds = self.exact.get(token).copied().unwrap_or_default();
        if token.len() >= self.key_len
            && let Some(list) = self.prefixes.get(&self.key(token))
        {
            for (word, k) in list {
                if token.starts_with(word) {
                    kinds |= *k;
                }
            }
        }
        kinds
    }
}

/// A listed word as tokens are compared: lowercase, without `-` and `_`.
fn normalize_word(word: &str) -> String {
    word.to_ascii_lowercase().replace(['-', '_'], "")
}

/// Word lists of the config compiled for fast lookup.
#[derive(Debug, Clone)]
pub struct Lexicon {
    tokens: TokenTable,
    /// Normalised phrases, with the reason (naming the kind) a block matching one goes.
    phrases: rustc_hash::FxHashMap<String, &'static str>,
    /// The first letters of the phrases: a text starting with another letter is not
    /// normalised and looked up at all.
    phrase_initials: FxHashSet<char>,
    /// The first words of the phrases, normalised: a text is normalised no further
    /// than a first word that starts none.
    phrase_first_words: FxHashSet<String>,
    /// Longest phrase, in bytes, so longer texts are not even normalised.
    pub longest_phrase: usize,
}

impl Lexicon {
    /// Compiles the word lists of `prune`.
    pub fn new(prune: &PruneConfig) -> Lexicon {
        let mut phrases = rustc_hash::FxHashMap::default();
        for (reason, list) in prune.boilerplate_phrases.by_kind() {
            for p in list {
                phrases.entry(normalize_phrase(p)).or_insert(reason);
            }
        }
        Lexicon {
            tokens: TokenTable::new(prune),
            longest_phrase: phrases.keys().map(|p| p.len()).max().unwrap_or(0) * 2,
            phrase_initials: phrases.keys().filter_map(|p| p.chars().next()).collect(),
            phrase_first_words: phrases
                .keys()
                .filter_map(|p| p.split(' ').next())
                .map(str::to_string)
                .collect(),
            phrases,
        }
    }

    /// The lists of `[prune]` a lowercased class-word token is in (as a listed word,
    /// or begun by one of `prefix_min_len` letters or more, for the kinds that match
    /// by prefix).
    pub fn token_kinds(&self, token: impl AsRef<[u8]>) -> TokenKinds {
        self.tokens.kinds(token.as_ref())
    }

    /// Whether a lowercased token marks boilerplate.
    pub fn is_remove_token(&self, token: &str) -> bool {
        self.token_kinds(token).has(TokenKinds::REMOVE)
    }

    /// Whether a lowercased token marks content.
    pub fn is_content_token(&self, token: &str) -> bool {
        self.token_kinds(token).has(TokenKinds::CONTENT)
    }

    /// Whether a text whose first letter or digit is `first` may be a boilerplate
    /// phrase (a cheap test before [`Lexicon::is_boilerplate_phrase`]).
    pub fn may_start_phrase(&self, first: char) -> bool {
        first
            .to_lowercase()
            .next()
            .is_some_and(|c| self.phrase_initials.contains(&c))
    }

    /// Whether some phrase starts with `word` (normalised: [`push_normalized`]).
    pub fn may_start_phrase_with(&self, word: &str) -> bool {
        self.phrase_first_words.contains(word)
    }

    /// Whether a block's whole text is a boilerplate heading phrase.
    pub fn is_boilerplate_phrase(&self, text: &str) -> bool {
        self.phrase_reason(text).is_some()
    }

    /// When a block's whole text is a phrase of the lexicon, why it goes (its kind).
    pub fn phrase_reason(&self, text: &str) -> Option<&'static str> {
        if text.len() > self.longest_phrase {
            return None;
        }
        self.normalized_phrase_reason(&normalize_phrase(text))
    }

    /// [`Lexicon::phrase_reason`] of a text already normalized ([`push_normalized`]).
    pub fn normalized_phrase_reason(&self, normalized: &str) -> Option<&'static str> {
        self.phrases.get(normalized).copied()
    }
}

/// Lowercases, drops punctuation and folds whitespace, for phrase comparison.
pub fn normalize_phrase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_normalized(text, &mut out);
    out
}

/// Appends `text` to a phrase being normalized (see [`normalize_phrase`]): a text
/// given in pieces (one per text node) normalizes as the whole would, when the pieces
/// are parted by whitespace.
pub fn push_normalized(text: &str, out: &mut String) {
    if text.is_ascii() {
        // Byte by byte, as the general loop below would go char by char.
        let mut in_word = false;
        for &b in text.as_bytes() {
            if b.is_ascii_alphanumeric() || b == b'\'' {
                if !in_word && !out.is_empty() {
                    out.push(' ');
                }
                in_word = true;
                out.push(char::from(b.to_ascii_lowercase()));
            } else {
                in_word = false;
            }
        }
        return;
    }
    push_normalized_chars(text, out);
}

/// [`push_normalized`] for any text, char by char.
fn push_normalized_chars(text: &str, out: &mut String) {
    for word in text
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_phrases_normalize_as_any_text_does() {
        for text in [
            "Related Articles",
            "  READ   more:  ",
            "Don't miss--this!",
            "Top 10 stories",
            "a_b-c'd''e",
            "",
            "!!!",
        ] {
            for before in ["", "you"] {
                let (mut fast, mut general) = (before.to_string(), before.to_string());
                push_normalized(text, &mut fast);
                push_normalized_chars(text, &mut general);
                assert_eq!(fast, general, "{text:?} after {before:?}");
            }
        }
    }

    #[test]
    fn the_lexicon_names_kinds_in_many_languages_and_users_extend_it() {
        let lex = Lexicon::new(&Config::default().prune);
        let related = Some("boilerplate heading: related stories");
        for phrase in [
            "Related Articles",
            "Lesen Sie auch:",
            "À LIRE AUSSI",
            "Читайте также",
            "相关阅读",
            "関連記事",
            "اقرأ أيضا",
        ] {
            assert_eq!(lex.phrase_reason(phrase), related, "{phrase}");
        }
        assert_eq!(
            lex.phrase_reason("关注我们"),
            Some("boilerplate heading: follow prompt")
        );
        assert_eq!(
            lex.phrase_reason("Deja un comentario"),
            Some("boilerplate heading: comments")
        );
        assert_eq!(lex.phrase_reason("The council met on Monday"), None);
        // Every kind has phrases, and some in a non-Latin script.
        let config = Config::default();
        for (reason, list) in config.prune.boilerplate_phrases.by_kind() {
            assert!(list.len() >= 6, "{reason}");
            assert!(list.iter().any(|p| !p.is_ascii()), "{reason}");
        }
        // A user's list replaces the kind's, and an unknown kind is an error naming it.
        let mine = Config::with_overrides(
            "[prune.boilerplate_phrases]\nrelated = [\"zum weiterlesen\"]\n",
            "mine.toml",
        )
        .unwrap();
        let lex = Lexicon::new(&mine.prune);
        assert_eq!(lex.phrase_reason("Zum Weiterlesen"), related);
        assert_eq!(lex.phrase_reason("Lesen Sie auch"), None);
        let err = Config::with_overrides(
            "[prune.boilerplate_phrases]\nrumours = [\"x\"]\n",
            "bad.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("prune.boilerplate_phrases.rumours"), "{err}");
    }

    #[test]
    fn overrides_lay_over_any_configuration() {
        let base = Config::with_overrides("[output]\nlinks = true\n", "a").unwrap();
        let both = base
            .overlaid("[limits]\nmax_page_millis = 250\n", "b")
            .unwrap();
        assert!(both.output.links);
        assert_eq!(both.limits.max_page_millis, 250);
        let err = base
            .overlaid("[limits]\nmax_page_milis = 1\n", "b")
            .unwrap_err();
        assert!(err.to_string().contains("limits.max_page_milis"), "{err}");
        // The full configuration read back is the same configuration.
        let text = both.to_toml().unwrap();
        let again = Config::default().overlaid(&text, "c").unwrap();
        assert_eq!(again.to_toml().unwrap(), text);
    }

    #[test]
    fn embedded_config_parses() {
        let c = Config::from_toml_str(DEFAULT_TOML).unwrap();
        assert!(c.prune.drop_tags.iter().any(|t| t == "script"));
    }

    #[test]
    fn overrides_replace_fields_and_keep_the_rest() {
        let c = Config::with_overrides("[score]\nmin_block_chars = 7\n", "t").unwrap();
        assert_eq!(c.score.min_block_chars, 7);
        assert_eq!(
            c.limits.max_nesting_depth,
            Config::default().limits.max_nesting_depth
        );
    }

    #[test]
    fn unknown_key_is_named() {
        let e = Config::with_overrides("[score]\nmin_blok_chars = 7\n", "user.toml").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("score.min_blok_chars"), "{msg}");
        assert!(msg.contains("user.toml"), "{msg}");
    }

    #[test]
    fn favors_lay_their_tables_over_the_settings() {
        let c = Config::default();
        let p = c.favoring(Favor::Precision).unwrap();
        let r = c.favoring(Favor::Recall).unwrap();
        assert!(p.score.expand_prose_ratio > c.score.expand_prose_ratio);
        assert!(r.score.expand_prose_ratio < c.score.expand_prose_ratio);
        assert_eq!(p.prune.drop_tags, c.prune.drop_tags);
    }

    #[test]
    fn a_misspelt_favor_key_is_named_on_loading() {
        let e = Config::with_overrides("[favor.recall.score]\nexpand_prose_rati = 1.0\n", "u.toml")
            .unwrap_err();
        assert!(e.to_string().contains("expand_prose_rati"), "{e}");
    }

    #[test]
    fn wrong_type_is_an_error() {
        assert!(Config::with_overrides("[score]\nmin_block_chars = \"x\"\n", "t").is_err());
    }

    #[test]
    fn lexicon_matches_tokens_and_prefixes() {
        let lex = Lexicon::new(&Config::default().prune);
        assert!(lex.is_remove_token("sidebar"));
        assert!(lex.is_remove_token("commentlist"));
        assert!(!lex.is_remove_token("address"));
        assert!(lex.is_content_token("articlebody"));
        assert!(lex.is_boilerplate_phrase("Must Read"));
        assert!(lex.is_boilerplate_phrase("  Please enter your comment! "));
        assert!(!lex.is_boilerplate_phrase("Must Read this story about the floods"));
    }

    #[test]
    fn token_kinds_agree_with_the_lists_read_one_by_one() {
        let prune = Config::default().prune;
        let lex = Lexicon::new(&prune);
        let lists = TokenKinds::lists(&prune);
        // Every listed word, cut short, lengthened and glued to another, and a few
        // words of no list.
        let mut tokens: Vec<String> = vec!["".into(), "x".into(), "articl".into()];
        for (words, _) in &lists {
            for w in words.iter().map(|w| normalize_word(w)) {
                tokens.push(w[..w.len() - 1].to_string());
                tokens.push(format!("{w}s"));
                tokens.push(format!("{w}wrapper"));
                tokens.push(format!("x{w}"));
                tokens.push(w);
            }
        }
        for token in &tokens {
            let mut expected = TokenKinds::default();
            for (words, kinds) in &lists {
                let by_prefix = kinds.has(TokenKinds::BY_PREFIX);
                let listed = words.iter().map(|w| normalize_word(w)).any(|w| {
                    w == *token
                        || (by_prefix && w.len() >= prune.prefix_min_len && token.starts_with(&w))
                });
                if listed {
                    expected |= *kinds;
                }
            }
            assert_eq!(lex.token_kinds(token), expected, "{token}");
        }
    }
}
