//! Site templates in batches of the real binary: six pages of an invented site
//! (`samples/site/`) share a masthead, a membership box and a newsdesk line inside
//! the story's container, a sidebar and a footer.

use std::path::Path;
use std::process::{Command, Output};

fn gleaner(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args(args)
        .output()
        .unwrap()
}

const SITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/site");
const MEMBERSHIP: &str = "The Gazette is owned by its readers.";
const NEWSDESK: &str = "Got a story about the harbour?";

/// Each page's own story: its first words of every paragraph.
const STORIES: [(&str, [&str; 4]); 6] = [
    (
        "ferry-timetable",
        [
            "The harbour board confirmed",
            "Island residents who commute",
            "The board's chair said",
            "A public meeting on the timetable",
        ],
    ),
    (
        "lifeboat-rescue",
        [
            "Three kayakers were brought",
            "The volunteer lifeboat crew",
            "The station's coxswain urged",
            "It was the station's fourteenth",
        ],
    ),
    (
        "fish-market",
        [
            "Traders returned to the quayside",
            "The work, paid for partly",
            "Several traders said trade",
            "The market will open six days",
        ],
    ),
    (
        "school-boatbuilding",
        [
            "A rowing gig built over",
            "The project began as",
            "The boat will be rowed",
            "Its name, chosen by a vote",
        ],
    ),
    (
        "sea-wall",
        [
            "Councillors voted unanimously",
            "Engineers told the meeting",
            "The repairs will close",
            "Businesses along the front",
        ],
    ),
    (
        "harbour-festival",
        [
            "Organisers estimate that",
            "The tall ship moored",
            "Stallholders reported strong",
            "The festival committee will meet",
        ],
    ),
];

fn assert_story(name: &str, text: &str, firsts: &[&str; 4]) {
    for first in firsts {
        assert!(text.contains(first), "{name}: lost {first:?}:\n{text}");
    }
}

#[test]
fn a_batch_of_one_site_loses_its_template_and_keeps_every_story() {
    let dir = tempfile::tempdir().unwrap();
    let out = gleaner(&["-d", dir.path().to_str().unwrap(), SITE]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("site templates: 12 blocks dropped from 6 pages"),
        "{stderr}"
    );
    for (name, firsts) in STORIES {
        let text = std::fs::read_to_string(dir.path().join(format!("{name}.txt"))).unwrap();
        assert_story(name, &text, &firsts);
        assert!(!text.contains(MEMBERSHIP), "{name}:\n{text}");
        assert!(!text.contains(NEWSDESK), "{name}:\n{text}");
    }
}

#[test]
fn one_page_alone_still_comes_out_whole() {
    for (name, firsts) in STORIES {
        let page = Path::new(SITE).join(format!("{name}.html"));
        let out = gleaner(&[page.to_str().unwrap()]);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert_story(name, &text, &firsts);
        // Alone, nothing tells the box from the story.
        assert!(text.contains(MEMBERSHIP), "{name}:\n{text}");
    }
}

#[test]
fn no_templates_leaves_the_pages_as_extracted_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = gleaner(&["--no-templates", "-d", dir.path().to_str().unwrap(), SITE]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("site templates"));
    for (name, _) in STORIES {
        let text = std::fs::read_to_string(dir.path().join(format!("{name}.txt"))).unwrap();
        let page = Path::new(SITE).join(format!("{name}.html"));
        let alone = gleaner(&[page.to_str().unwrap()]).stdout;
        assert_eq!(text.as_bytes(), &alone[..], "{name}");
    }
}

#[test]
fn explain_names_each_block_dropped_as_template() {
    let dir = tempfile::tempdir().unwrap();
    let out = gleaner(&["--explain", "-d", dir.path().to_str().unwrap(), SITE]);
    assert!(out.status.success());
    let report = std::fs::read_to_string(dir.path().join("sea-wall.explain.txt")).unwrap();
    assert!(
        report.contains("site template of harbourgazette.example (learned from 6 pages"),
        "{report}"
    );
    assert!(
        report.contains("2 block(s) dropped as template"),
        "{report}"
    );
    assert!(
        report.contains(&format!("dropped as template: \"{MEMBERSHIP}")),
        "{report}"
    );
    assert!(
        report.contains(&format!("dropped as template: \"{NEWSDESK}")),
        "{report}"
    );
}

#[test]
fn too_few_pages_of_a_host_teach_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pages: Vec<String> = STORIES[..4]
        .iter()
        .map(|(name, _)| format!("{SITE}/{name}.html"))
        .collect();
    let mut args = vec!["-d", dir.path().to_str().unwrap()];
    args.extend(pages.iter().map(String::as_str));
    let out = gleaner(&args);
    assert!(out.status.success());
    for (name, _) in &STORIES[..4] {
        let text = std::fs::read_to_string(dir.path().join(format!("{name}.txt"))).unwrap();
        assert!(text.contains(MEMBERSHIP), "{name}");
    }
}

#[test]
fn ordered_output_is_cleaned_by_the_pages_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(&config, "[templates]\nmin_pages = 3\nlearn_pages = 3\n").unwrap();
    let out = gleaner(&[
        "--ordered",
        "-j",
        "2",
        "-c",
        config.to_str().unwrap(),
        "-f",
        "jsonl",
        SITE,
    ]);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6);
    // Files are read in name order; the first three teach the template.
    for (k, line) in lines.iter().enumerate() {
        let text = line["text"].as_str().unwrap();
        assert_eq!(text.contains(MEMBERSHIP), k < 3, "page {k}: {text}");
    }
}
