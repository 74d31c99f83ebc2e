//! Site templates, beside batch: blocks repeated over the pages of one host.
//!
//! A site wraps every story in the same menus, footers, newsletter boxes and "More
//! from" lists. One page alone cannot always tell them from the story, but a batch
//! holding several pages of the host can: a block (its words at its place in the
//! page, see [`crate::emit::Block::fingerprint`]) found on most of them is the
//! site's, not the story's. [`Templates`] learns that set per host from the first
//! pages of the host (holding them back until it has), then drops those blocks from
//! every page of the host where extraction kept them.
//!
//! Guards, so that a story never loses itself: pages repeated under several URLs
//! count once; a heading or a label ending in a colon stays when the block after it
//! is the page's own ("Specifications" over this product's specifications,
//! "Condition:" before "New"); and a page that
//! would lose more than [`TemplatesConfig::max_drop_share`] of its text keeps all
//! of it. Memory is bounded: at most `max_held_pages` pages are held back, and at
//! most `max_hosts` templates are kept.

use std::collections::VecDeque;
use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::Document;
use crate::config::TemplatesConfig;
use crate::emit::BlockKind;

/// Something that travels through [`Templates`]: a page's result, which may hold a
/// document to clean.
pub trait Held {
    /// The document to clean, if there is one.
    fn document(&mut self) -> Option<&mut Document>;
}

impl Held for Document {
    fn document(&mut self) -> Option<&mut Document> {
        Some(self)
    }
}

/// What the template stage did to one page.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The page has no document, or no host is known for it.
    NoHost,
    /// Too few distinct pages of the host were seen to learn its template.
    TooFew {
        /// The host.
        host: String,
        /// Distinct pages of it seen.
        pages: usize,
    },
    /// Ordered output: the host's template is still being learned from the pages
    /// before this one.
    Learning {
        /// The host.
        host: String,
        /// Distinct pages of it seen so far.
        pages: usize,
    },
    /// The template was applied; `dropped` holds the text of each block it removed.
    Applied {
        /// The host.
        host: String,
        /// Distinct pages the template was learned from.
        learned_from: usize,
        /// Blocks of the template in the host's pages.
        template_blocks: usize,
        /// The removed blocks' text.
        dropped: Vec<String>,
    },
    /// The template would have taken more than `max_drop_share` of the page's text,
    /// so nothing was removed.
    KeptAll {
        /// The host.
        host: String,
        /// Distinct pages the template was learned from.
        learned_from: usize,
        /// Share of the page's characters that the template matched.
        share: f64,
    },
}

impl Verdict {
    /// How many blocks were dropped.
    pub fn dropped(&self) -> usize {
        match self {
            Verdict::Applied { dropped, .. } => dropped.len(),
            _ => 0,
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::NoHost => write!(f, "site template: none (no host known for the page)"),
            Verdict::TooFew { host, pages } => write!(
                f,
                "site template: none for {host} ({pages} distinct page(s) in the batch, \
                 fewer than templates.min_pages)"
            ),
            Verdict::Learning { host, pages } => write!(
                f,
                "site template: still being learned for {host} ({pages} distinct page(s) \
                 so far; ordered output cleans a page only by the pages before it)"
            ),
            Verdict::Applied {
                host,
                learned_from,
                template_blocks,
                dropped,
            } => {
                write!(
                    f,
                    "site template of {host} (learned from {learned_from} pages, \
                     {template_blocks} blocks): {} block(s) dropped as template",
                    dropped.len()
                )?;
                for text in dropped {
                    let short: String = text.chars().take(100).collect();
                    let more = if short.len() < text.len() { "…" } else { "" };
                    write!(f, "\n  dropped as template: {short:?}{more}")?;
                }
                Ok(())
            }
            Verdict::KeptAll {
                host,
                learned_from,
                share,
            } => write!(
                f,
                "site template of {host} (learned from {learned_from} pages): it matched \
                 {:.0}% of this page's text, more than templates.max_drop_share; nothing \
                 dropped",
                share * 100.0
            ),
        }
    }
}

/// A host's learned template.
struct Template {
    blocks: FxHashSet<u64>,
    learned_from: usize,
}

/// A host whose template is still being learned.
struct Learning<T> {
    /// Pages held back, with their arrival numbers.
    held: Vec<(u64, T)>,
    /// Each distinct page's hash and block fingerprints (sorted, as compact as they
    /// come); a page under two URLs counts once.
    distinct: Vec<(u64, Vec<u64>)>,
    /// Pages seen, distinct or not.
    pages: usize,
    /// Arrival number of the host's first page, to find the oldest host.
    first: u64,
}

enum Host<T> {
    Learning(Learning<T>),
    Learned(Template),
}

/// The template stage of a batch: offer each page with its host; get back the pages
/// that are ready to write, cleaned, with what was done to each.
pub struct Templates<T> {
    config: TemplatesConfig,
    /// Hold pages back until their host's template is learned. Off for ordered
    /// output, where a page is cleaned by what the pages before it taught.
    hold: bool,
    hosts: FxHashMap<String, Host<T>>,
    /// Hosts still learning by the arrival of their first page (entries of hosts
    /// since decided are skipped when met).
    arrivals: VecDeque<(u64, String)>,
    /// Pages of hosts still learning (held back, or remembered by their
    /// fingerprints): bounded by `max_held_pages`.
    held: usize,
    /// Learned hosts, oldest first, to forget past `max_hosts`.
    learned: VecDeque<String>,
    next_arrival: u64,
}

impl<T: Held> Templates<T> {
    /// A template stage; `hold` lets it hold pages back while it learns.
    pub fn new(config: TemplatesConfig, hold: bool) -> Templates<T> {
        Templates {
            config,
            hold,
            hosts: FxHashMap::default(),
            arrivals: VecDeque::new(),
            held: 0,
            learned: VecDeque::new(),
            next_arrival: 0,
        }
    }

    /// Takes a page of `host` (`None` when unknown); returns the pages ready to write.
    pub fn offer(&mut self, host: Option<String>, mut item: T) -> Vec<(T, Verdict)> {
        let Some(host) = host.filter(|_| item.document().is_some()) else {
            return vec![(item, Verdict::NoHost)];
        };
        let arrival = self.next_arrival;
        self.next_arrival += 1;
        if let Some(Host::Learned(template)) = self.hosts.get(&host) {
            let verdict = apply(&self.config, &host, template, &mut item);
            return vec![(item, verdict)];
        }
        let entry = self.hosts.entry(host.clone()).or_insert_with(|| {
            self.arrivals.push_back((arrival, host.clone()));
            Host::Learning(Learning {
                held: Vec::new(),
                distinct: Vec::new(),
                pages: 0,
                first: arrival,
            })
        });
        let Host::Learning(learning) = entry else {
            return vec![(item, Verdict::NoHost)];
        };
        if let Some(doc) = item.document() {
            let prints = std::mem::take(&mut doc.page_fingerprints);
            let mut page = FxHasher::default();
            for p in &prints {
                page.write_u64(*p);
            }
            let page = page.finish();
            if !learning.distinct.iter().any(|(h, _)| *h == page) {
                learning.distinct.push((page, prints));
            }
        }
        learning.pages += 1;
        self.held += 1;
        let mut ready = Vec::new();
        let done_learning = learning.pages >= self.config.learn_pages;
        if self.hold {
            learning.held.push((arrival, item));
        } else {
            let pages = learning.distinct.len();
            ready.push((
                item,
                Verdict::Learning {
                    host: host.clone(),
                    pages,
                },
            ));
        }
        if done_learning {
            ready.extend(self.decide(&host));
        }
        while self.held > self.config.max_held_pages {
            let Some((arrival, oldest)) = self.arrivals.pop_front() else {
                break;
            };
            let still_learning = matches!(
                self.hosts.get(&oldest),
                Some(Host::Learning(l)) if l.first == arrival
            );
            if still_learning {
                ready.extend(self.decide(&oldest));
            }
        }
        ready
    }

    /// Decides every host still learning (the batch has ended) and returns the rest
    /// of the pages, in the order they came.
    pub fn finish(&mut self) -> Vec<(T, Verdict)> {
        let hosts: Vec<String> = self
            .hosts
            .iter()
            .filter(|(_, h)| matches!(h, Host::Learning(_)))
            .map(|(name, _)| name.clone())
            .collect();
        let mut ready: Vec<(u64, T, Verdict)> = Vec::new();
        for host in hosts {
            ready.extend(self.decide_numbered(&host));
        }
        ready.sort_by_key(|(arrival, _, _)| *arrival);
        self.arrivals.clear();
        ready.into_iter().map(|(_, t, v)| (t, v)).collect()
    }

    fn decide(&mut self, host: &str) -> Vec<(T, Verdict)> {
        self.decide_numbered(host)
            .into_iter()
            .map(|(_, t, v)| (t, v))
            .collect()
    }

    /// Learns the host's template from what it has seen, if it has seen enough, and
    /// releases its held pages, cleaned by it.
    fn decide_numbered(&mut self, host: &str) -> Vec<(u64, T, Verdict)> {
        let Some(Host::Learning(learning)) = self.hosts.remove(host) else {
            return Vec::new();
        };
        self.held -= learning.pages;
        let distinct = learning.distinct.len();
        let c = &self.config;
        if distinct < c.min_pages.max(2) {
            // Too few to learn from: the pages go as they are, and the host starts
            // afresh should more of its pages come (unless it was fully sampled).
            if learning.pages >= c.learn_pages {
                self.remember(
                    host,
                    Template {
                        blocks: FxHashSet::default(),
                        learned_from: distinct,
                    },
                );
            }
            return learning
                .held
                .into_iter()
                .map(|(a, t)| {
                    let verdict = Verdict::TooFew {
                        host: host.to_string(),
                        pages: distinct,
                    };
                    (a, t, verdict)
                })
                .collect();
        }
        let need = ((c.min_share * distinct as f64).ceil() as u32).max(c.min_pages as u32);
        let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
        for (_, prints) in &learning.distinct {
            for p in prints {
                *counts.entry(*p).or_default() += 1;
            }
        }
        let blocks: FxHashSet<u64> = counts
            .into_iter()
            .filter(|&(_, n)| n >= need)
            .map(|(p, _)| p)
            .collect();
        let template = Template {
            blocks,
            learned_from: distinct,
        };
        let released = learning
            .held
            .into_iter()
            .map(|(a, mut t)| {
                let verdict = apply(c, host, &template, &mut t);
                (a, t, verdict)
            })
            .collect();
        self.remember(host, template);
        released
    }

    fn remember(&mut self, host: &str, template: Template) {
        self.hosts.insert(host.to_string(), Host::Learned(template));
        self.learned.push_back(host.to_string());
        while self.learned.len() > self.config.max_hosts.max(1) {
            if let Some(old) = self.learned.pop_front()
                && matches!(self.hosts.get(&old), Some(Host::Learned(_)))
            {
                self.hosts.remove(&old);
            }
        }
    }
}

/// Drops the template's blocks from a page (see the module's guards).
fn apply<T: Held>(
    config: &TemplatesConfig,
    host: &str,
    template: &Template,
    item: &mut T,
) -> Verdict {
    let Some(doc) = item.document() else {
        return Verdict::NoHost;
    };
    doc.page_fingerprints = Vec::new();
    let blocks = &doc.blocks;
    let mut drop: Vec<bool> = blocks
        .iter()
        .map(|b| b.fingerprint != 0 && template.blocks.contains(&b.fingerprint))
        .collect();
    let heading = |k: &BlockKind| matches!(k, BlockKind::Heading(_));
    // A heading or a label ("Condition:") over the page's own block introduces it.
    let introduces =
        |b: &crate::emit::Block| heading(&b.kind) || b.text.trim_end().ends_with([':', '：']);
    for i in 0..blocks.len() {
        if drop[i]
            && introduces(&blocks[i])
            && blocks
                .get(i + 1)
                .is_some_and(|next| !drop[i + 1] && !heading(&next.kind))
        {
            drop[i] = false;
        }
    }
    let chars = |b: &crate::emit::Block| -> usize {
        b.text.chars().count() + b.cells.iter().map(|c| c.chars().count()).sum::<usize>()
    };
    let total: usize = blocks.iter().map(chars).sum();
    let dropped_chars: usize = blocks
        .iter()
        .zip(&drop)
        .filter(|(_, d)| **d)
        .map(|(b, _)| chars(b))
        .sum();
    if dropped_chars == 0 {
        return Verdict::Applied {
            host: host.to_string(),
            learned_from: template.learned_from,
            template_blocks: template.blocks.len(),
            dropped: Vec::new(),
        };
    }
    let share = dropped_chars as f64 / total.max(1) as f64;
    if share > config.max_drop_share {
        return Verdict::KeptAll {
            host: host.to_string(),
            learned_from: template.learned_from,
            share,
        };
    }
    let mut dropped = Vec::new();
    let mut keep = drop.iter();
    doc.blocks.retain_mut(|b| {
        if keep.next().copied().unwrap_or(false) {
            let text = if b.cells.is_empty() {
                std::mem::take(&mut b.text)
            } else {
                b.cells.join(" | ")
            };
            dropped.push(text);
            false
        } else {
            true
        }
    });
    Verdict::Applied {
        host: host.to_string(),
        learned_from: template.learned_from,
        template_blocks: template.blocks.len(),
        dropped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::Block;

    fn config() -> TemplatesConfig {
        crate::Config::default().templates
    }

    fn block(kind: BlockKind, text: &str, fingerprint: u64) -> Block {
        Block {
            kind,
            text: text.into(),
            cells: Vec::new(),
            quote: 0,
            fingerprint,
        }
    }

    /// A page with its own story (`own` fingerprints) and the template's blocks
    /// 1..=3 ("Subscribe", a newsletter line and a footer), all kept by extraction.
    fn page(own: u64) -> Document {
        let blocks = vec![
            block(
                BlockKind::Para,
                "A story of its own, long enough to matter here.",
                own,
            ),
            block(BlockKind::Para, "Subscribe", 1),
            block(BlockKind::Para, "Our newsletter, every morning.", 2),
            block(BlockKind::Para, "Footer", 3),
        ];
        Document {
            title: None,
            metadata: crate::meta::Metadata::default(),
            page_fingerprints: vec![1, 2, 3, own, own + 1],
            blocks,
        }
    }

    fn texts(doc: &Document) -> Vec<&str> {
        doc.blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn a_template_is_learned_from_enough_pages_and_applied_to_all() {
        let mut t = Templates::new(config(), true);
        let host = || Some("example.org".to_string());
        for k in 0..4 {
            assert!(
                t.offer(host(), page(100 + 10 * k)).is_empty(),
                "held while learning"
            );
        }
        // Another host's page is not held back by this one.
        let other = t.offer(None, page(7));
        assert_eq!(other.len(), 1);
        assert_eq!(other[0].1, Verdict::NoHost);
        assert!(t.offer(host(), page(150)).is_empty());
        let rest = t.finish();
        assert_eq!(rest.len(), 5);
        for (doc, verdict) in &rest {
            assert_eq!(
                texts(doc),
                ["A story of its own, long enough to matter here."]
            );
            assert_eq!(verdict.dropped(), 3);
            assert!(doc.page_fingerprints.is_empty());
        }
        // Learned: later pages are cleaned at once.
        let mut later = t.offer(host(), page(900));
        assert_eq!(later.len(), 1);
        let (doc, verdict) = later.remove(0);
        assert_eq!(doc.blocks.len(), 1);
        assert!(
            verdict.to_string().contains("learned from 5 pages"),
            "{verdict}"
        );
    }

    #[test]
    fn too_few_pages_and_repeated_pages_teach_nothing() {
        let mut t = Templates::new(config(), true);
        // Eight copies of one page (one page under several URLs) and two others.
        for _ in 0..8 {
            t.offer(Some("a.org".into()), page(100));
        }
        t.offer(Some("a.org".into()), page(200));
        t.offer(Some("a.org".into()), page(300));
        let out = t.finish();
        assert_eq!(out.len(), 10);
        for (doc, verdict) in &out {
            assert_eq!(doc.blocks.len(), 4);
            assert_eq!(
                *verdict,
                Verdict::TooFew {
                    host: "a.org".into(),
                    pages: 3
                }
            );
        }
    }

    #[test]
    fn a_heading_or_label_over_the_pages_own_block_stays() {
        let mut t = Templates::new(config(), true);
        for k in 0..5 {
            let mut doc = page(100 + 10 * k);
            doc.blocks
                .insert(0, block(BlockKind::Heading(2), "Specifications", 4));
            doc.blocks.insert(
                1,
                block(BlockKind::Para, &format!("Weight {k} kg"), 500 + k),
            );
            doc.blocks.push(block(BlockKind::Para, "Condition:", 5));
            doc.blocks.push(block(
                BlockKind::Para,
                &format!("Used, {k} scratches"),
                600 + k,
            ));
            doc.blocks
                .push(block(BlockKind::Heading(3), "Follow us", 6));
            doc.page_fingerprints.extend([4, 5, 6]);
            doc.page_fingerprints.sort_unstable();
            t.offer(Some("shop.example".into()), doc);
        }
        let out = t.finish();
        let (doc, _) = &out[0];
        assert_eq!(
            texts(doc),
            [
                "Specifications",
                "Weight 0 kg",
                "A story of its own, long enough to matter here.",
                "Condition:",
                "Used, 0 scratches"
            ]
        );
    }

    #[test]
    fn a_page_that_is_mostly_template_keeps_everything() {
        let mut t = Templates::new(config(), true);
        for k in 0..5 {
            t.offer(Some("b.org".into()), page(100 + 10 * k));
        }
        t.finish();
        let mut short = page(700);
        short.blocks[0].text = "Hi.".into();
        let (doc, verdict) = t.offer(Some("b.org".into()), short).remove(0);
        assert_eq!(doc.blocks.len(), 4);
        assert!(matches!(verdict, Verdict::KeptAll { .. }), "{verdict:?}");
    }

    #[test]
    fn held_pages_are_bounded() {
        let mut c = config();
        c.max_held_pages = 3;
        let mut t = Templates::new(c, true);
        let mut released = 0;
        for k in 0..100u64 {
            // Many hosts, two pages each: none ever reaches min_pages.
            released += t
                .offer(Some(format!("h{}.org", k / 2)), page(100 + k))
                .len();
            assert!(t.held <= 3);
        }
        released += t.finish().len();
        assert_eq!(released, 100);
    }

    #[test]
    fn remembered_hosts_are_bounded() {
        let mut c = config();
        c.max_hosts = 2;
        c.learn_pages = 5;
        let mut t = Templates::new(c, true);
        for h in 0..4 {
            for k in 0..5 {
                t.offer(Some(format!("h{h}.org")), page(100 + 10 * k));
            }
        }
        let learned = t
            .hosts
            .values()
            .filter(|h| matches!(h, Host::Learned(_)))
            .count();
        assert_eq!(learned, 2);
    }

    #[test]
    fn ordered_output_holds_nothing_back() {
        let mut t = Templates::new(config(), false);
        for k in 0..16 {
            let out = t.offer(Some("c.org".into()), page(100 + 10 * k));
            assert_eq!(out.len(), 1);
            assert_eq!(
                out[0].0.blocks.len(),
                4,
                "page {k} came before the template"
            );
        }
        let (doc, _) = t.offer(Some("c.org".into()), page(999)).remove(0);
        assert_eq!(doc.blocks.len(), 1);
        assert!(t.finish().is_empty());
    }
}
