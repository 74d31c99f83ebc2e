//! Batch runs of the real binary: WARC archives (plain and per-record gzip) with every
//! kind of record, folders mirrored, resumed runs, ordering, compressed output, and
//! hostile names.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output};

fn gleaner(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args(args)
        .output()
        .unwrap()
}

fn page(topic: &str) -> String {
    format!(
        "<html><head><title>{topic}</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>\
         <article><p>The {topic} story begins here, with enough words, commas, and detail to be an article.</p>\
         <p>It goes on about {topic} for a second paragraph, which the reader will also want to keep.</p></article>\
         <footer>Copyright</footer></body></html>"
    )
}

fn record(kind: &str, id: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-30T10:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(headers: &str, body: &[u8]) -> Vec<u8> {
    let mut m = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
    m.extend_from_slice(body);
    m
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn chunked(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for part in body.chunks(50) {
        out.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        out.extend_from_slice(part);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// The records of the test archive: 5 HTML responses (one truncated), and 5 records that
/// are not pages.
fn records() -> Vec<Vec<u8>> {
    let http_type = "application/http; msgtype=response";
    let cafe = page("café");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&cafe);
    vec![
        record(
            "warcinfo",
            "info",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        record(
            "request",
            "req1",
            "http://example.org/plain",
            "application/http; msgtype=request",
            b"GET /plain HTTP/1.1\r\nHost: example.org\r\n\r\n",
        ),
        record(
            "response",
            "plain",
            "http://example.org/plain",
            http_type,
            &http(
                "Content-Type: text/html; charset=utf-8\r\n",
                page("plain").as_bytes(),
            ),
        ),
        record(
            "response",
            "chunked",
            "http://example.org/chunked",
            http_type,
            &http(
                "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                &chunked(page("chunked").as_bytes()),
            ),
        ),
        record(
            "response",
            "gzipped",
            "http://example.org/gzipped",
            http_type,
            &http(
                "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
                &gzip(page("gzipped").as_bytes()),
            ),
        ),
        record(
            "response",
            "latin1",
            "http://example.org/latin1",
            http_type,
            &http("Content-Type: text/html; charset=ISO-8859-1\r\n", &latin1),
        ),
        record(
            "response",
            "image",
            "http://example.org/logo.png",
            http_type,
            &http("Content-Type: image/png\r\n", b"\x89PNG\r\n\x1a\n"),
        ),
        record(
            "metadata",
            "meta",
            "http://example.org/plain",
            "application/warc-fields",
            b"via: x\r\n",
        ),
        record(
            "revisit",
            "revisit",
            "http://example.org/plain",
            http_type,
            b"HTTP/1.1 304 Not Modified\r\n\r\n",
        ),
        {
            let full = record(
                "response",
                "cut",
                "http://example.org/cut",
                http_type,
                &http("Content-Type: text/html\r\n", page("cut").as_bytes()),
            );
            full[..full.len() - 120].to_vec()
        },
    ]
}

fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    let mut text = String::new();
    let file = std::fs::File::open(path).unwrap();
    if path.extension().is_some_and(|e| e == "gz") {
        flate2::read::MultiGzDecoder::new(file)
            .read_to_string(&mut text)
            .unwrap();
    } else if path.extension().is_some_and(|e| e == "zst") {
        zstd::stream::read::Decoder::new(file)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
    } else {
        std::io::BufReader::new(file)
            .read_to_string(&mut text)
            .unwrap();
    }
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn check_archive(archive: &Path, dir: &Path) {
    let out = dir.join("out.jsonl");
    let errors = dir.join("errors.jsonl");
    let result = gleaner(&[
        "--format",
        "jsonl",
        "-o",
        out.to_str().unwrap(),
        "--errors",
        errors.to_str().unwrap(),
        "--ordered",
        archive.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "one record failed: {stderr}");
    let pages = read_jsonl(&out);
    let urls: Vec<&str> = pages.iter().map(|p| p["url"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "http://example.org/plain",
            "http://example.org/chunked",
            "http://example.org/gzipped",
            "http://example.org/latin1"
        ]
    );
    for p in &pages {
        let text = p["text"].as_str().unwrap();
        assert!(
            text.contains("story begins here")
                && !text.contains("Home")
                && !text.contains("Copyright"),
            "{text}"
        );
        assert_eq!(p["outcome"], "ok");
        assert!(p["id"].as_str().unwrap().starts_with("urn:uuid:"));
        assert!(p["source"]["offset"].is_u64());
        assert_eq!(p["source"]["warc_date"], "2024-05-30T10:00:00Z");
    }
    assert!(
        pages[3]["text"]
            .as_str()
            .unwrap()
            .contains("The café story"),
        "charset from the header"
    );
    let failed = read_jsonl(&errors);
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["record_id"], "urn:uuid:cut");
    assert!(failed[0]["message"].as_str().unwrap().contains("truncated"));
    // Every record is accounted for: 4 pages, 1 failure, and the 5 that are not pages.
    for line in [
        "5 pages",
        "4 extracted",
        "1 failed",
        "skipped: 1 WARC warcinfo record",
        "skipped: 1 WARC request record",
        "skipped: 1 WARC metadata record",
        "skipped: 1 WARC revisit record",
        "skipped: 1 response not HTML (image/png)",
    ] {
        assert!(stderr.contains(line), "summary lacks {line:?}: {stderr}");
    }
}

#[test]
fn a_plain_warc_is_read_record_by_record() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("crawl.warc");
    std::fs::write(&archive, records().concat()).unwrap();
    check_archive(&archive, dir.path());
}

#[test]
fn a_per_record_gzip_warc_is_read_with_member_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("crawl.warc.gz");
    let members: Vec<Vec<u8>> = records().iter().map(|r| gzip(r)).collect();
    std::fs::write(&archive, members.concat()).unwrap();
    check_archive(&archive, dir.path());
    // Offsets point at gzip members: reading from there gives the record.
    let out = read_jsonl(&dir.path().join("out.jsonl"));
    let bytes = std::fs::read(&archive).unwrap();
    for p in out {
        let offset = p["source"]["offset"].as_u64().unwrap() as usize;
        let mut member = Vec::new();
        flate2::read::GzDecoder::new(&bytes[offset..])
            .read_to_end(&mut member)
            .unwrap();
        let id = p["id"].as_str().unwrap().as_bytes();
        assert!(member.windows(id.len()).any(|w| w == id), "offset {offset}");
    }
}

#[test]
fn warc_records_go_to_safe_distinct_files() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("hostile.warc");
    let http_type = "application/http; msgtype=response";
    let body = http("Content-Type: text/html\r\n", page("x").as_bytes());
    let uris = [
        "http://evil/../../../../tmp/escape",
        "/etc/passwd",
        "http://x/a?b",
        "http://x/a&b",
        &format!("http://x/{}", "n".repeat(4000)),
        "http://x/\u{1}\u{0}ctl",
    ];
    let archive_bytes: Vec<u8> = uris
        .iter()
        .enumerate()
        .flat_map(|(i, u)| record("response", &i.to_string(), u, http_type, &body))
        .collect();
    std::fs::write(&archive, archive_bytes).unwrap();
    let out = dir.path().join("out");
    let result = gleaner(&[
        "-q",
        "--output-dir",
        out.to_str().unwrap(),
        archive.to_str().unwrap(),
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let files: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .collect();
    assert_eq!(files.len(), uris.len(), "one distinct file per record");
    for f in &files {
        assert!(
            f.path().starts_with(out.join("hostile")),
            "{}",
            f.path().display()
        );
        assert!(f.file_name().len() < 255);
    }
}

#[test]
fn folders_are_mirrored_and_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(pages.join("2024/may")).unwrap();
    std::fs::write(pages.join("a.html"), page("alpha")).unwrap();
    std::fs::write(pages.join("2024/may/b.htm"), page("beta")).unwrap();
    std::fs::write(pages.join("2024/c.html.gz"), gzip(page("gamma").as_bytes())).unwrap();
    std::fs::write(pages.join("notes.txt"), "not a page").unwrap();
    let out = dir.path().join("out");
    let run = || {
        gleaner(&[
            "--output-dir",
            out.to_str().unwrap(),
            "--skip-existing",
            pages.to_str().unwrap(),
        ])
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    for (file, topic) in [
        ("a.txt", "alpha"),
        ("2024/may/b.htm.txt", "beta"),
        ("2024/c.html.gz.txt", "gamma"),
    ] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(
            text.contains(&format!("The {topic} story")),
            "{file}: {text}"
        );
    }
    let second = run();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(second.status.success());
    assert!(
        stderr.contains("0 pages") && stderr.contains("skipped: 3 output already exists"),
        "{stderr}"
    );
}

#[test]
fn pages_of_one_name_never_share_an_output() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::write(pages.join("a.html"), page("alpha")).unwrap();
    std::fs::write(pages.join("a.htm"), page("beta")).unwrap();
    std::fs::write(pages.join("a.HTML"), page("gamma")).unwrap();
    std::fs::write(pages.join("a.html.gz"), gzip(page("delta").as_bytes())).unwrap();
    std::fs::write(pages.join("a.htm.html"), page("epsilon")).unwrap();
    let out = dir.path().join("out");
    let run = gleaner(&[
        "--output-dir",
        out.to_str().unwrap(),
        pages.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut topics = Vec::new();
    for entry in std::fs::read_dir(&out).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let topic = ["alpha", "beta", "gamma", "delta", "epsilon"]
            .into_iter()
            .find(|t| text.contains(&format!("The {t} story")));
        topics.push(topic.unwrap_or("?"));
    }
    topics.sort();
    assert_eq!(topics, ["alpha", "beta", "delta", "epsilon", "gamma"]);
}

#[test]
fn ordered_jsonl_follows_the_inputs_and_compresses() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = Vec::new();
    for i in 0..40 {
        let p = dir.path().join(format!("p{i:02}.html"));
        std::fs::write(&p, page(&format!("topic{i}"))).unwrap();
        inputs.push(p.display().to_string());
    }
    let list = dir.path().join("list.txt");
    std::fs::write(&list, format!("# pages\n{}\n", inputs.join("\n"))).unwrap();
    for out_name in ["out.jsonl.gz", "out.jsonl.zst"] {
        let out = dir.path().join(out_name);
        let result = gleaner(&[
            "-q",
            "--jobs",
            "2",
            "--ordered",
            "--format",
            "jsonl",
            "-o",
            out.to_str().unwrap(),
            "--input-list",
            list.to_str().unwrap(),
        ]);
        assert!(result.status.success());
        let records = read_jsonl(&out);
        let titles: Vec<String> = records
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_string())
            .collect();
        let expected: Vec<String> = (0..40).map(|i| format!("topic{i}")).collect();
        assert_eq!(titles, expected);
        assert!(
            records
                .iter()
                .all(|r| r["id"].as_str().unwrap().len() == 16)
        );
    }
}

#[test]
fn missing_inputs_and_patterns_are_reported_and_the_rest_run() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.html");
    std::fs::write(&good, page("good")).unwrap();
    let out = dir.path().join("out");
    let pattern = dir.path().join("nothing-*.html");
    let result = gleaner(&[
        "--output-dir",
        out.to_str().unwrap(),
        good.to_str().unwrap(),
        "/no/such/file.html",
        pattern.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("/no/such/file.html") && stderr.contains("no file matches"),
        "{stderr}"
    );
    assert!(out.join("good.txt").exists());
}
