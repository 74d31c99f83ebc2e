//! Site rules: for pages of a known host, CSS selectors that name the article's body
//! (`body`) and boxes to drop (`strip`), from `[[site]]` tables of the configuration.
//!
//! A rule applies when the page's URL host is one of its `hosts` or a subdomain of
//! one. `strip` matches are removed before scoring. When `body` selectors match, their
//! elements are the article (the removals inside them still apply); when none match,
//! the generic scorer runs and `--explain` says so, since a site that changed its
//! template should degrade to the general case, not to an empty page.

use scraper::Selector;

use crate::config::SiteRule;
use crate::dom::{Dom, NodeIx};

/// One rule, its selectors compiled.
#[derive(Debug)]
pub struct Rule {
    /// Hosts the rule is for (lowercase, without a leading `*.`).
    pub hosts: Vec<String>,
    /// Selectors of the article's body, with their source text.
    pub body: Vec<(String, Selector)>,
    /// Selectors of boxes to drop, with their source text.
    pub strip: Vec<(String, Selector)>,
}

/// Every rule of a configuration.
#[derive(Debug, Default)]
pub struct SiteRules {
    rules: Vec<Rule>,
}

impl SiteRules {
    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Compiles the rules; an invalid selector is an error naming it and its rule.
    pub fn compile(rules: &[SiteRule]) -> Result<SiteRules, String> {
        let compile = |list: &[String], field: &str, hosts: &[String]| {
            list.iter()
                .map(|s| {
                    Selector::parse(s).map(|sel| (s.clone(), sel)).map_err(|e| {
                        format!(
                            "site rule for {}: {field} selector {s:?} is not valid CSS: {e}",
                            hosts.join(", ")
                        )
                    })
                })
                .collect::<Result<Vec<_>, String>>()
        };
        let mut out = Vec::new();
        for r in rules {
            if r.hosts.is_empty() {
                return Err("a site rule needs at least one host in `hosts`".into());
            }
            out.push(Rule {
                hosts: r
                    .hosts
                    .iter()
                    .map(|h| h.trim().trim_start_matches("*.").to_ascii_lowercase())
                    .collect(),
                body: compile(&r.body, "body", &r.hosts)?,
                strip: compile(&r.strip, "strip", &r.hosts)?,
            });
        }
        Ok(SiteRules { rules: out })
    }

    /// The rule for a page's URL, if one names its host.
    pub fn for_url(&self, url: Option<&str>) -> Option<&Rule> {
        let host = host_of(url?)?;
        self.rules.iter().find(|r| {
            r.hosts.iter().any(|h| {
                host == *h
                    || host
                        .strip_suffix(h.as_str())
                        .is_some_and(|rest| rest.ends_with('.'))
            })
        })
    }
}

impl Rule {
    /// The elements the `strip` selectors match.
    pub fn strip_matches(&self, dom: &Dom) -> Vec<NodeIx> {
        let mut out: Vec<NodeIx> = self.strip.iter().flat_map(|(_, s)| dom.select(s)).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The elements the `body` selectors match, outermost only, in page order.
    pub fn body_matches(&self, dom: &Dom) -> Vec<NodeIx> {
        let mut all: Vec<NodeIx> = self.body.iter().flat_map(|(_, s)| dom.select(s)).collect();
        all.sort_unstable();
        all.dedup();
        let mut out: Vec<NodeIx> = Vec::new();
        for ix in all {
            if out.last().is_none_or(|&o| dom.node(o).end <= ix) {
                out.push(ix);
            }
        }
        out
    }
}

/// The lowercase host of a URL.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(hosts: &[&str], body: &[&str], strip: &[&str]) -> SiteRule {
        let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
        SiteRule {
            hosts: v(hosts),
            body: v(body),
            strip: v(strip),
        }
    }

    #[test]
    fn hosts_match_themselves_and_their_subdomains() {
        let rules = SiteRules::compile(&[rule(&["example.org"], &["main"], &[])]).unwrap();
        assert!(rules.for_url(Some("https://example.org/a")).is_some());
        assert!(
            rules
                .for_url(Some("https://news.Example.org:8080/a"))
                .is_some()
        );
        assert!(rules.for_url(Some("https://badexample.org/a")).is_none());
        assert!(
            rules
                .for_url(Some("https://example.org.evil.net/"))
                .is_none()
        );
        assert!(rules.for_url(None).is_none());
    }

    #[test]
    fn invalid_selectors_are_named() {
        let err = SiteRules::compile(&[rule(&["example.org"], &["div[["], &[])]).unwrap_err();
        assert!(
            err.contains("div[[") && err.contains("example.org"),
            "{err}"
        );
        assert!(SiteRules::compile(&[rule(&[], &["main"], &[])]).is_err());
    }

    #[test]
    fn body_matches_keep_the_outermost() {
        let dom = crate::parse::parse(
            "<div class=x><div class=x><p>a</p></div></div><div class=x><p>b</p></div>",
            crate::parse::Prepare::new(100, 512),
        );
        let rules = SiteRules::compile(&[rule(&["e.org"], &[".x"], &["p"])]).unwrap();
        let r = rules.for_url(Some("http://e.org/")).unwrap();
        assert_eq!(r.body_matches(&dom).len(), 2);
        assert_eq!(r.strip_matches(&dom).len(), 2);
    }
}
