//! robots.txt, as RFC 9309 reads it: groups of rules by user agent, the longest
//! matching rule decides (an `allow` wins a tie), `*` matches any run of characters
//! and a final `$` anchors the end. `Crawl-delay`, which the RFC leaves out but many
//! sites use, is read too.
//!
//! The text comes from outside, so parsing is total: any bytes give some rules, and
//! matching costs at most pattern length times path length.

/// The rules of one robots.txt for one user agent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Robots {
    /// `(allow, pattern)`, in file order.
    rules: Vec<(bool, String)>,
    /// `Crawl-delay`, in seconds, of the group that applies.
    crawl_delay: Option<f64>,
    /// Everything is disallowed (a robots.txt that could not be read for a server error).
    disallow_all: bool,
}

/// Longest pattern kept; longer rules are ignored (no real rule is that long, and the
/// matcher's cost grows with it).
const MAX_PATTERN: usize = 2048;

impl Robots {
    /// Rules that allow everything (no robots.txt, or one that answered 4xx).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Rules that disallow everything (robots.txt unreachable for a server error).
    pub fn disallow_all() -> Robots {
        Robots {
            disallow_all: true,
            ..Robots::default()
        }
    }

    /// Parses a robots.txt for `agent`, the product token of our user agent
    /// (`gleaner`): the groups naming it apply, or else the `*` groups.
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        let mut mine = Robots::default();
        let mut star = Robots::default();
        let (mut found_mine, mut found_star) = (false, false);
        // The agents of the group being read, and whether its rules have started (a
        // user-agent line after rules starts a new group).
        let (mut for_mine, mut for_star, mut in_rules) = (false, false, false);
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        (for_mine, for_star, in_rules) = (false, false, false);
                    }
                    let name = value.to_ascii_lowercase();
                    if name == "*" {
                        for_star = true;
                        found_star = true;
                    } else if !name.is_empty() && agent_matches(&agent, &name) {
                        for_mine = true;
                        found_mine = true;
                    }
                }
                "allow" | "disallow" | "crawl-delay" => {
                    in_rules = true;
                    let targets = [(for_mine, &mut mine), (for_star, &mut star)];
                    for (applies, robots) in targets {
                        if !applies {
                            continue;
                        }
                        if key == "crawl-delay" {
                            if let Ok(d) = value.parse::<f64>()
                                && d.is_finite()
                                && d >= 0.0
                            {
                                robots.crawl_delay = Some(d);
                            }
                        } else if !value.is_empty() && value.len() <= MAX_PATTERN {
                            robots.rules.push((key == "allow", normalize(value)));
                        }
                    }
                }
                _ => {}
            }
        }
        if found_mine {
            mine
        } else if found_star {
            star
        } else {
            Robots::default()
        }
    }

    /// Whether the path (with its query) of a URL may be fetched.
    pub fn allowed(&self, path_and_query: &str) -> bool {
        if self.disallow_all {
            return false;
        }
        let path = normalize(if path_and_query.is_empty() {
            "/"
        } else {
            path_and_query
        });
        if path == "/robots.txt" {
            return true;
        }
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if !matches(pattern.as_bytes(), path.as_bytes()) {
                continue;
            }
            let len = pattern.len();
            best = match best {
                Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                _ => Some((len, *allow)),
            };
        }
        best.is_none_or(|(_, allow)| allow)
    }

    /// The `Crawl-delay` of the group that applies, in seconds.
    pub fn crawl_delay(&self) -> Option<f64> {
        self.crawl_delay
    }
}

/// A user-agent line names us when its name is a prefix of our product token or the
/// token starts it (`gleaner`, `gleaner/0.1`); matching is case-insensitive.
fn agent_matches(agent: &str, name: &str) -> bool {
    let name = name.split('/').next().unwrap_or(name).trim();
    !name.is_empty() && (agent == name || agent.starts_with(name) && name.len() >= 3)
}

/// Percent-escapes are compared in upper case, and characters outside ASCII are
/// compared as their UTF-8 escapes, so `/caf%c3%a9` and `/café` match each other.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' && i + 2 < bytes.len() {
            let (h, l) = (bytes[i + 1], bytes[i + 2]);
            if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() {
                out.push('%');
                out.push(h.to_ascii_uppercase() as char);
                out.push(l.to_ascii_uppercase() as char);
                i += 3;
                continue;
            }
        }
        if b.is_ascii() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
        i += 1;
    }
    out
}

/// Whether `pattern` (with `*` and a final `$`) matches the start of `path`. The
/// classic two-pointer wildcard match: on a mismatch, the last `*` takes one more byte.
fn matches(pattern: &[u8], path: &[u8]) -> bool {
    let (pattern, anchored) = match pattern.split_last() {
        Some((b'$', rest)) => (rest, true),
        _ => (pattern, false),
    };
    let (mut p, mut s) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p == pattern.len() {
            if !anchored || s == path.len() {
                return true;
            }
        } else if pattern[p] == b'*' {
            star = Some((p, s));
            p += 1;
            continue;
        } else if s < path.len() && pattern[p] == path[s] {
            p += 1;
            s += 1;
            continue;
        }
        // Mismatch (or an anchored pattern ended early): let the last star eat a byte.
        match star {
            Some((sp, ss)) if ss < path.len() => {
                star = Some((sp, ss + 1));
                p = sp + 1;
                s = ss + 1;
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_wins_and_allow_wins_ties() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /private\nAllow: /private/open\nDisallow: /x\nAllow: /x\n",
            "gleaner",
        );
        assert!(!r.allowed("/private/a"));
        assert!(r.allowed("/private/open/b"));
        assert!(r.allowed("/x"));
        assert!(r.allowed("/public"));
        assert!(r.allowed("/robots.txt"));
    }

    #[test]
    fn our_group_beats_the_star_group() {
        let text = "User-agent: *\nDisallow: /\n\nUser-agent: Gleaner\nDisallow: /admin\n";
        let r = Robots::parse(text, "gleaner");
        assert!(r.allowed("/news"));
        assert!(!r.allowed("/admin/x"));
        let other = Robots::parse(text, "otherbot");
        assert!(!other.allowed("/news"));
    }

    #[test]
    fn groups_share_rules_and_end_at_the_next_agent_after_rules() {
        let text =
            "User-agent: a\nUser-agent: gleaner\nDisallow: /one\nUser-agent: b\nDisallow: /two\n";
        let r = Robots::parse(text, "gleaner");
        assert!(!r.allowed("/one"));
        assert!(r.allowed("/two"));
    }

    #[test]
    fn wildcards_and_end_anchor() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?session=\nDisallow: /a*b*c\n",
            "gleaner",
        );
        assert!(!r.allowed("/files/report.pdf"));
        assert!(r.allowed("/files/report.pdf.html"));
        assert!(!r.allowed("/page?session=1"));
        assert!(!r.allowed("/a-x-b-y-c-z"));
        assert!(r.allowed("/a-x-c-y-b"));
    }

    #[test]
    fn empty_disallow_allows_and_comments_are_ignored() {
        let r = Robots::parse(
            "# hi\nUser-agent: * # all\nDisallow:\nCrawl-delay: 2.5\n",
            "gleaner",
        );
        assert!(r.allowed("/anything"));
        assert_eq!(r.crawl_delay(), Some(2.5));
        assert!(!Robots::disallow_all().allowed("/"));
        assert!(Robots::allow_all().allowed("/"));
    }

    #[test]
    fn percent_escapes_compare_normalized() {
        let r = Robots::parse("User-agent: *\nDisallow: /caf%c3%a9\n", "gleaner");
        assert!(!r.allowed("/café/menu"));
        assert!(!r.allowed("/caf%C3%A9"));
    }

    #[test]
    fn garbage_never_panics_and_costs_little() {
        let star = "*a".repeat(1000);
        let text = format!("User-agent: *\nDisallow: {star}$\n\u{0}\u{ffff}:::\n");
        let r = Robots::parse(&text, "gleaner");
        let path = format!("/{}", "a".repeat(3000));
        let _ = r.allowed(&path);
        let _ = Robots::parse("%%%\n:\nuser-agent\nallow: %\n", "gleaner").allowed("%");
    }
}
