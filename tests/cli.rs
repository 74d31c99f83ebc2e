//! The real `gleaner` binary on real files: the shipped samples, the batch contract the
//! evaluation relies on, configuration errors, and hostile inputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn gleaner() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gleaner"))
}

fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    assert!(
        pages.len() >= 6,
        "expected at least six samples in {}",
        dir.display()
    );
    pages
}

fn run(args: &[&str]) -> Output {
    gleaner().args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn every_sample_matches_its_expected_text_and_markdown() {
    for page in samples() {
        for (format, ext) in [("text", "txt"), ("markdown", "md")] {
            let expected_path = page.with_extension(ext);
            let expected = std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
            let out = run(&["--format", format, page.to_str().unwrap()]);
            assert!(
                out.status.success(),
                "{}: {}",
                page.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(
                stdout(&out),
                expected,
                "{} as {format} differs from {}",
                page.display(),
                expected_path.display()
            );
        }
    }
}

#[test]
fn seed_shaped_page_is_the_article_alone() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/wordpress-news.html");
    let text = stdout(&run(&[page.to_str().unwrap()]));
    assert!(text.starts_with("The harbour authority on Thursday approved"));
    assert!(text.trim_end().ends_with("for decades to come."));
    for leak in [
        "Please enter",
        "Must Read",
        "swing bridge",
        "Epaper",
        "cookies",
        "LEAVE A REPLY",
        "Share on",
        "TAGS",
        "Mara Quinlan",
        "All rights reserved",
        "Home",
    ] {
        assert!(!text.contains(leak), "leaked {leak:?}:\n{text}");
    }
    assert_eq!(text.matches("\n\n").count(), 5, "six paragraphs:\n{text}");
}

#[test]
fn legacy_charset_page_decodes() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/german-news.html");
    let bytes = std::fs::read(&page).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the sample must stay ISO-8859-1"
    );
    let text = stdout(&run(&[page.to_str().unwrap()]));
    assert!(text.contains("trägt zu einem großen Teil"));
    assert!(!text.contains("Lesen Sie auch") && !text.contains("Cookies"));
}

#[test]
fn output_dir_writes_one_file_per_input_and_reports_failures() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let pages = samples();
    let missing = dir.path().join("missing.html");
    let mut args: Vec<String> = vec![
        "--format".into(),
        "text".into(),
        "--output-dir".into(),
        out_dir.display().to_string(),
    ];
    args.extend(pages.iter().map(|p| p.display().to_string()));
    args.push(missing.display().to_string());
    let out = gleaner().args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "one input failed");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("missing.html"),
        "stderr names the input: {err}"
    );
    for page in &pages {
        let name = page.file_stem().unwrap().to_str().unwrap();
        let written = std::fs::read_to_string(out_dir.join(format!("{name}.txt"))).unwrap();
        assert_eq!(
            written,
            std::fs::read_to_string(page.with_extension("txt")).unwrap()
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn json_format_carries_title_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/sections.html");
    let out = run(&[
        "--format",
        "json",
        "-d",
        dir.path().to_str().unwrap(),
        page.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("sections.json")).unwrap())
            .unwrap();
    assert_eq!(
        json["title"],
        "How a small town rebuilt its water system in eighteen months"
    );
    assert!(
        json["text"]
            .as_str()
            .unwrap()
            .starts_with("When the main pipe")
    );
    // The language is detected for the outputs that carry it (plain text skips it).
    assert_eq!(json["metadata"]["language_detected"], "en");
}

#[test]
fn stdin_is_read_with_dash() {
    let mut child = gleaner()
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"<html><body><nav><a href='/'>Home</a></nav><div><p>A paragraph long enough to be the article, with a comma, and then some more words.</p></div></body></html>")
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        "A paragraph long enough to be the article, with a comma, and then some more words.\n"
    );
}

#[test]
fn several_inputs_without_output_dir_is_a_usage_error() {
    let pages = samples();
    let out = run(&[pages[0].to_str().unwrap(), pages[1].to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--output-dir"));
}

#[test]
fn config_overrides_apply_and_unknown_keys_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(&good, "[output]\nformat = \"markdown\"\n").unwrap();
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/sections.html");
    let out = run(&["--config", good.to_str().unwrap(), page.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(stdout(&out).starts_with("# How a small town"));

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[score]\nmin_block_charz = 3\n").unwrap();
    let out = run(&["--config", bad.to_str().unwrap(), page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("score.min_block_charz") && err.contains("bad.toml"),
        "{err}"
    );
}

#[test]
fn print_config_shows_the_documented_defaults() {
    let out = run(&["--print-config"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), include_str!("../config.toml"));
}

/// Writes `bytes` to a file and runs gleaner on it (with no time budget: test builds
/// are slow): it must exit normally, with output or a message, never by a signal or
/// panic.
fn survives(name: &str, bytes: &[u8]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let cfg = dir.path().join("untimed.toml");
    std::fs::write(&cfg, "[limits]\nmax_page_millis = 0\n").unwrap();
    let out = gleaner()
        .arg("--config")
        .arg(&cfg)
        .arg(&path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{name}: {:?} {err}",
        out.status
    );
    assert!(!err.contains("panicked"), "{name}: {err}");
    out
}

#[test]
fn hostile_inputs_give_output_or_a_clear_error() {
    let binary: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    // Binary bytes under a page's name are an error naming the file and the cause,
    // not an empty page.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("binary.html");
    std::fs::write(&path, &binary).unwrap();
    let out = gleaner().arg(&path).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("binary.html") && err.contains("binary content"),
        "{err}"
    );
    let empty = survives("empty.html", b"");
    assert!(empty.status.success() && empty.stdout.is_empty());
    let nested = format!(
        "<html><body>{}deep{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let out = survives("nested.html", nested.as_bytes());
    assert_eq!(stdout(&out).trim(), "deep");
    let inline_nested = format!("<body>{}x", "<b><i><span>".repeat(40_000));
    survives("inline.html", inline_nested.as_bytes());
    // (Numbered: paragraphs copied word for word would be a ticker's copies.)
    let paras: String = (0..20 * 1024 * 1024 / 80)
        .map(|i| {
            format!("<p>Sentence {i} of a long page, with a comma, written many times over.</p>\n")
        })
        .collect();
    let big = format!("<html><body><article>{paras}</article></body></html>");
    let out = survives("big.html", big.as_bytes());
    assert!(out.stdout.len() > 10_000_000);
    survives(
        "truncated.html",
        b"<html><body><div class=\"x\"><p>cut off <a href=\"",
    );
    survives("nul.html", b"<p>\0\0\0 text \0</p>");
    // 100,000 attributes on one element (values holding `>`): html5ever's duplicate
    // check alone would take seconds; the element keeps its first 512.
    let attrs: String = (0..100_000)
        .map(|i| format!(" data-a{i}=\"1>2\""))
        .collect();
    let page = format!(
        "<html><body><article{attrs}><p>The only paragraph, kept whole.</p></article></body></html>"
    );
    let started = std::time::Instant::now();
    let out = survives("attributes.html", page.as_bytes());
    assert_eq!(stdout(&out).trim(), "The only paragraph, kept whole.");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn a_page_over_the_node_budget_is_an_error_naming_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("small.toml");
    std::fs::write(&cfg, "[limits]\nmax_nodes = 100\n").unwrap();
    let page = dir.path().join("many.html");
    std::fs::write(&page, "<p>x</p>".repeat(200)).unwrap();
    let out = run(&["--config", cfg.to_str().unwrap(), page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("many.html") && err.contains("limits.max_nodes"),
        "{err}"
    );
}

#[test]
fn input_over_the_size_limit_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("small.toml");
    std::fs::write(&cfg, "[limits]\nmax_input_bytes = 100\n").unwrap();
    let page = dir.path().join("large.html");
    std::fs::write(&page, vec![b'a'; 101]).unwrap();
    let out = run(&["--config", cfg.to_str().unwrap(), page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "no page could be done");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("large.html") && err.contains("max_input_bytes"),
        "{err}"
    );
}

#[test]
fn explain_reports_removals_candidates_and_choice() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/wordpress-news.html");
    let out = run(&["--explain", page.to_str().unwrap()]);
    assert!(out.status.success());
    let report = stdout(&out);
    assert!(report.contains("div#comments.comments"), "{report}");
    assert!(report.contains("td-main-sidebar"), "{report}");
    assert!(
        report.contains("chosen: ") && report.contains("div.td-post-content"),
        "{report}"
    );
    assert!(
        report
            .lines()
            .any(|l| l.contains("td-post-content") && l.contains(" kept ")),
        "{report}"
    );
}

#[test]
fn favor_changes_what_is_kept() {
    // A story in one section, and a section with less prose nested beside it: the
    // page holds 5/3 of the story's prose, enough for recall's climb (and the default's),
    // not for precision's.
    let para = |t: &str| {
        format!(
            "<p>The {t} team works with clients across the region, and it plans, builds and runs systems that last.</p>"
        )
    };
    let page = format!(
        "<html><body><div id='page'><div id='story'>{}{}{}</div><div class='row'><div class='col'><div id='more'>{}{}</div></div></div></div></body></html>",
        para("first"),
        para("second"),
        para("third"),
        para("fourth"),
        para("fifth")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.html");
    std::fs::write(&path, page).unwrap();
    let p = stdout(&run(&["--favor", "precision", path.to_str().unwrap()]));
    let r = stdout(&run(&["--favor", "recall", path.to_str().unwrap()]));
    assert!(
        p.contains("The first team") && !p.contains("The fifth team"),
        "{p}"
    );
    assert!(
        r.contains("The first team") && r.contains("The fifth team"),
        "{r}"
    );
    let bad = run(&["--favor", "both", path.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn title_and_front_matter_on_request() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/wordpress-news.html");
    let text = stdout(&run(&["--title", page.to_str().unwrap()]));
    assert!(text.starts_with("Harbour authority approves new ferry terminal after two-year review\n\nThe harbour authority"), "{text}");
    let md = stdout(&run(&[
        "--format",
        "markdown",
        "--front-matter",
        page.to_str().unwrap(),
    ]));
    assert!(
        md.starts_with(
            "---\ntitle: \"Harbour authority approves new ferry terminal after two-year review\"\n"
        ),
        "{md}"
    );
    assert!(md.contains("\n---\n\n# Harbour authority"), "{md}");
}

#[test]
fn text_dumps_are_cleaned_to_headline_and_story() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/text");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.ends_with(".txt") || name.ends_with(".expected.txt") {
            continue;
        }
        let expected =
            std::fs::read_to_string(dir.join(name.replace(".txt", ".expected.txt"))).unwrap();
        // Auto-detection and the explicit flag agree.
        for args in [vec!["--input-format", "text"], vec![]] {
            let mut all = args.clone();
            all.push(path.to_str().unwrap());
            let out = run(&all);
            assert!(out.status.success());
            assert_eq!(stdout(&out), expected, "{name} {args:?}");
        }
        for leak in [
            "Please enter",
            "Must Read",
            "Epaper",
            "Also read",
            "Lesen Sie auch",
            "cookies",
            "Related stories",
            "Share this",
        ] {
            assert!(!expected.contains(leak), "{name} keeps {leak:?}");
        }
        n += 1;
    }
    assert!(n >= 5, "at least five text samples");
}

#[test]
fn the_shared_seed_dump_is_cleaned() {
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/news-page-with-boilerplate.txt");
    if !seed.exists() {
        eprintln!("skipped: {} is not beside the checkout", seed.display());
        return;
    }
    let text = stdout(&run(&["--input-format", "text", seed.to_str().unwrap()]));
    assert!(text.starts_with("China boosts emerging industries"));
    assert!(text.trim_end().ends_with("grow or remain stable."));
    for leak in ["Please enter", "Must Read", "brigadiers", "Epaper"] {
        assert!(!text.contains(leak), "{leak}");
    }
}

#[test]
fn site_rules_name_the_body_and_strip_boxes_for_their_hosts() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    let para = "<p>The generic scorer would rather take this long section of text, which goes on, and on, with commas.</p>";
    std::fs::write(
        &page,
        format!(
            "<html><body><div class='entry'><p>The site's own article body, short but chosen.</p><div class='promo'>Buy the print edition now</div></div><section>{}</section></body></html>",
            para.repeat(6)
        ),
    )
    .unwrap();
    let config = dir.path().join("sites.toml");
    std::fs::write(
        &config,
        "[[site]]\nhosts = [\"example.org\"]\nbody = [\"div.entry\"]\nstrip = [\".promo\"]\n\n[[site]]\nhosts = [\"other.net\"]\nbody = [\"article.missing\"]\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["-c", config.to_str().unwrap()];
        all.extend_from_slice(args);
        all.push(page.to_str().unwrap());
        let out = Command::new(env!("CARGO_BIN_EXE_gleaner"))
            .args(&all)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // The rule's host (a subdomain of it): its body, less the stripped box.
    let ruled = run(&["--url", "https://news.example.org/story"]);
    assert_eq!(
        ruled.trim(),
        "The site's own article body, short but chosen."
    );
    // No URL, or another host: the generic scorer.
    let generic = run(&[]);
    assert!(
        generic.contains("The generic scorer would rather"),
        "{generic}"
    );
    // A rule whose body matches nothing falls back, and --explain says so.
    let fallback = run(&["--url", "https://other.net/a"]);
    assert!(
        fallback.contains("The generic scorer would rather"),
        "{fallback}"
    );
    let explained = run(&["--explain", "--url", "https://other.net/a"]);
    assert!(
        explained.contains("no body selector matched"),
        "{explained}"
    );
    // An invalid selector is a configuration error that names it.
    std::fs::write(
        &config,
        "[[site]]\nhosts = [\"example.org\"]\nbody = [\"div[[\"]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args(["-c", config.to_str().unwrap(), page.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("div[["));
}
