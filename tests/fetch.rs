//! Fetching URLs with the real binary, against a server these tests start on
//! 127.0.0.1 and that misbehaves on purpose: slow answers, resets, errors then
//! success, 429 with Retry-After, redirect loops, huge bodies, images, robots.txt,
//! gzip, and a charset given only in the header. Nothing here reaches the internet.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the server saw.
#[derive(Debug, Clone)]
struct Hit {
    path: String,
    start: Instant,
    end: Instant,
}

#[derive(Default)]
struct Log {
    hits: Vec<Hit>,
    counts: HashMap<String, usize>,
    active: usize,
    max_active: usize,
}

/// Answers one request: the bytes to send, or `None` when it wrote (or refused) on
/// its own.
type Handler = dyn Fn(&str, usize, &mut TcpStream) -> Option<Vec<u8>> + Send + Sync;

struct Server {
    addr: SocketAddr,
    log: Arc<Mutex<Log>>,
}

impl Server {
    /// Starts a server on 127.0.0.1 (port 0). The handler gets the path, how many
    /// times that path was asked for before, and the connection to answer on.
    fn start(
        handler: impl Fn(&str, usize, &mut TcpStream) -> Option<Vec<u8>> + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Log::default()));
        let handler: Arc<Handler> = Arc::new(handler);
        let server_log = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let log = Arc::clone(&server_log);
                let handler = Arc::clone(&handler);
                std::thread::spawn(move || serve(stream, &log, &*handler));
            }
        });
        Server { addr, log }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn hits(&self, path: &str) -> Vec<Hit> {
        let log = self.log.lock().unwrap();
        log.hits
            .iter()
            .filter(|h| h.path == path)
            .cloned()
            .collect()
    }

    /// Requests for a path seen so far, answered or not.
    fn requests(&self, path: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .counts
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    fn all_hits(&self) -> Vec<Hit> {
        self.log.lock().unwrap().hits.clone()
    }

    fn max_active(&self) -> usize {
        self.log.lock().unwrap().max_active
    }
}

/// Answers one request, then closes the connection (every response says so). The
/// request ends, in the log, before its answer is sent: a client that has its answer
/// has always seen the request end.
fn serve(stream: TcpStream, log: &Mutex<Log>, handler: &Handler) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 {
            return;
        }
        if header == "\r\n" || header == "\n" {
            break;
        }
    }
    let start = Instant::now();
    let seen = {
        let mut log = log.lock().unwrap();
        log.active += 1;
        log.max_active = log.max_active.max(log.active);
        let n = log.counts.entry(path.clone()).or_default();
        *n += 1;
        *n - 1
    };
    let answer = handler(&path, seen, &mut stream);
    {
        let mut log = log.lock().unwrap();
        log.active -= 1;
        log.hits.push(Hit {
            path,
            start,
            end: Instant::now(),
        });
    }
    if let Some(bytes) = answer {
        let _ = stream.write_all(&bytes);
        let _ = stream.flush();
    }
}

fn respond(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Option<Vec<u8>> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    Some(bytes)
}

fn html(body: &str) -> Option<Vec<u8>> {
    respond(
        "200 OK",
        &[("Content-Type", "text/html; charset=utf-8")],
        body.as_bytes(),
    )
}

fn page(topic: &str) -> String {
    format!(
        "<html><head><title>{topic}</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>\
         <article><h1>{topic}</h1><p>The {topic} story begins here, with enough words, commas, and detail to be an article.</p>\
         <p>It goes on about {topic} for a second paragraph, which the reader will also want to keep.</p></article>\
         <footer>Copyright</footer></body></html>"
    )
}

/// A config with short timeouts and waits, laid over the defaults.
fn config(dir: &Path, extra: &str) -> String {
    let path = dir.join("config.toml");
    let mut fetch = "connect_timeout_ms = 2000\ntimeout_ms = 3000\nretries = 2\nbackoff_ms = 50\nmax_backoff_ms = 200\nper_host_delay_ms = 0\nper_host_concurrency = 4\n".to_string();
    fetch.push_str(extra);
    // Later keys of the same name win in our merge, but TOML forbids duplicates:
    // drop the defaults that `extra` sets.
    let mut seen = std::collections::HashSet::new();
    let mut lines: Vec<&str> = fetch.lines().rev().collect();
    lines.retain(|l| seen.insert(l.split('=').next().unwrap_or("").trim().to_string()));
    lines.reverse();
    std::fs::write(&path, format!("[fetch]\n{}\n", lines.join("\n"))).unwrap();
    path.to_str().unwrap().to_string()
}

fn gleaner(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args(args)
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .unwrap()
}

/// Runs a batch of URLs to JSONL with an error file; returns (pages, errors).
fn run_batch(
    dir: &Path,
    cfg: &str,
    urls: &[String],
    more: &[&str],
) -> (Vec<serde_json::Value>, Vec<serde_json::Value>, Output) {
    let out = dir.join("out.jsonl");
    let errors = dir.join("errors.jsonl");
    let mut args = vec![
        "-q",
        "-c",
        cfg,
        "-f",
        "jsonl",
        "-o",
        out.to_str().unwrap(),
        "--errors",
        errors.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    for u in urls {
        args.push(u);
    }
    let output = gleaner(&args);
    let read = |p: &Path| -> Vec<serde_json::Value> {
        std::fs::read_to_string(p)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    (read(&out), read(&errors), output)
}

fn reason_of(errors: &[serde_json::Value], url: &str) -> String {
    errors
        .iter()
        .find(|e| e["input"] == url)
        .map(|e| e["reason"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no error record for {url}: {errors:?}"))
}

#[test]
fn one_url_prints_its_article() {
    let server = Server::start(|path, _, _s| match path {
        "/robots.txt" => respond("404 Not Found", &[], b""),
        _ => html(&page("Harbour")),
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "");
    let out = gleaner(&["-c", &cfg, &server.url("/story")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("The Harbour story begins here"), "{text}");
    assert!(!text.contains("Copyright"));
    assert_eq!(server.hits("/robots.txt").len(), 1);
}

#[test]
fn misbehaving_server_gives_one_record_per_url_with_its_reason() {
    let server = Server::start(|path, seen, s| match path {
        "/robots.txt" => respond(
            "200 OK",
            &[("Content-Type", "text/plain")],
            b"User-agent: *\nDisallow: /private\n",
        ),
        "/slow" => {
            std::thread::sleep(Duration::from_millis(2500));
            html(&page("Slow"))
        }
        "/reset" => {
            // No answer: the connection closes with a reset (linger 0).
            let _ = socket2::SockRef::from(&*s).set_linger(Some(Duration::ZERO));
            None
        }
        "/flaky" if seen == 0 => respond("500 Internal Server Error", &[], b"oops"),
        "/flaky" => html(&page("Recovered")),
        "/loop" => respond("302 Found", &[("Location", "/loop")], b""),
        "/image" => respond(
            "200 OK",
            &[("Content-Type", "image/png")],
            &[0x89, b'P', b'N', b'G'],
        ),
        "/missing" => respond(
            "404 Not Found",
            &[("Content-Type", "text/html")],
            b"<p>no</p>",
        ),
        "/private/page" => html(&page("Secret")),
        _ => html(&page("Public")),
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "timeout_ms = 800\nretries = 1\n");
    let urls: Vec<String> = [
        "/slow",
        "/reset",
        "/flaky",
        "/loop",
        "/image",
        "/missing",
        "/private/page",
        "/public",
    ]
    .iter()
    .map(|p| server.url(p))
    .collect();
    let started = Instant::now();
    let (pages, errors, out) = run_batch(dir.path(), &cfg, &urls, &[]);
    let took = started.elapsed();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        pages.len() + errors.len(),
        urls.len(),
        "{pages:?} {errors:?}"
    );
    assert_eq!(reason_of(&errors, &urls[0]), "timeout");
    assert_eq!(reason_of(&errors, &urls[1]), "connection");
    assert_eq!(reason_of(&errors, &urls[3]), "redirects");
    assert_eq!(reason_of(&errors, &urls[4]), "not HTML");
    assert_eq!(reason_of(&errors, &urls[5]), "status");
    assert_eq!(reason_of(&errors, &urls[6]), "robots");
    let texts: Vec<&str> = pages.iter().map(|p| p["text"].as_str().unwrap()).collect();
    assert!(
        texts.iter().any(|t| t.contains("The Recovered story")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("The Public story")),
        "{texts:?}"
    );
    // Retried: the timeout and the reset twice each (retries = 1), the 500 once; the
    // 404 and the redirect loop are not retried; robots.txt was read once.
    assert_eq!(server.hits("/flaky").len(), 2);
    assert_eq!(server.hits("/missing").len(), 1);
    assert_eq!(server.hits("/robots.txt").len(), 1);
    assert!(server.hits("/private/page").is_empty());
    assert_eq!(server.requests("/reset"), 2);
    assert_eq!(server.requests("/slow"), 2);
    // Two attempts at the slow page, each cut at 0.8 s, not waited out for 2.5 s.
    assert!(took < Duration::from_secs(5), "{took:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "-q prints nothing: {stderr}");
}

#[test]
fn retry_after_is_honoured() {
    let server = Server::start(|path, seen, _s| match path {
        "/robots.txt" => respond("404 Not Found", &[], b""),
        _ if seen == 0 => respond("429 Too Many Requests", &[("Retry-After", "1")], b""),
        _ => html(&page("Patience")),
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "");
    let (pages, errors, _) = run_batch(dir.path(), &cfg, &[server.url("/busy")], &[]);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(pages[0]["text"].as_str().unwrap().contains("Patience"));
    let hits = server.hits("/busy");
    assert_eq!(hits.len(), 2);
    let gap = hits[1].start - hits[0].end;
    assert!(gap >= Duration::from_millis(950), "waited only {gap:?}");
}

#[test]
fn a_retry_after_past_the_limit_ends_the_retries() {
    let server = Server::start(|path, _, _s| match path {
        "/robots.txt" => respond("404 Not Found", &[], b""),
        _ => respond("503 Service Unavailable", &[("Retry-After", "3600")], b""),
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "");
    let (_, errors, _) = run_batch(dir.path(), &cfg, &[server.url("/down")], &[]);
    assert_eq!(reason_of(&errors, &server.url("/down")), "status");
    assert!(errors[0]["message"].as_str().unwrap().contains("3600"));
    assert_eq!(server.hits("/down").len(), 1);
}

#[test]
fn a_huge_body_is_cut_off_while_streaming() {
    const SIZE: usize = 60 << 20;
    let server = Server::start(|path, _, s| match path {
        "/robots.txt" => respond("404 Not Found", &[], b""),
        "/declared" => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {SIZE}\r\n\r\n"
            );
            let _ = s.write_all(head.as_bytes());
            let chunk = vec![b'a'; 1 << 16];
            for _ in 0..SIZE / chunk.len() {
                if s.write_all(&chunk).is_err() {
                    break;
                }
            }
            None
        }
        _ => {
            // Chunked, no length: the client only finds out by reading.
            let _ = s.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n",
            );
            let chunk = vec![b'a'; 1 << 16];
            for _ in 0..SIZE / chunk.len() {
                let mut piece = format!("{:x}\r\n", chunk.len()).into_bytes();
                piece.extend_from_slice(&chunk);
                piece.extend_from_slice(b"\r\n");
                if s.write_all(&piece).is_err() {
                    return None;
                }
            }
            let _ = s.write_all(b"0\r\n\r\n");
            None
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "");
    let urls = [server.url("/declared"), server.url("/streamed")];
    let (pages, errors, _) = run_batch(dir.path(), &cfg, &urls, &[]);
    assert!(pages.is_empty());
    for u in &urls {
        assert_eq!(reason_of(&errors, u), "too large");
    }
    assert!(
        errors
            .iter()
            .any(|e| e["message"].as_str().unwrap().contains("max_body_bytes"))
    );
}

#[test]
fn gzip_bodies_and_header_charsets_reach_the_decoder() {
    let server = Server::start(|path, _, _s| match path {
        "/robots.txt" => respond("404 Not Found", &[], b""),
        "/gzip" => {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(page("Compressed").as_bytes()).unwrap();
            let body = gz.finish().unwrap();
            respond(
                "200 OK",
                &[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                &body,
            )
        }
        _ => {
            // ISO-8859-1 bytes, the charset only in the header (no <meta>).
            let text = page("Café crème").replace("story begins", "story (à la française) begins");
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
            respond(
                "200 OK",
                &[("Content-Type", "text/html; charset=ISO-8859-1")],
                &bytes,
            )
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "");
    let urls = [server.url("/gzip"), server.url("/latin1")];
    let (pages, errors, _) = run_batch(dir.path(), &cfg, &urls, &[]);
    assert!(errors.is_empty(), "{errors:?}");
    let all: String = pages.iter().map(|p| p["text"].as_str().unwrap()).collect();
    assert!(all.contains("The Compressed story"), "{all}");
    assert!(
        all.contains("The Café crème story (à la française) begins"),
        "{all}"
    );
}

#[test]
fn ignore_robots_fetches_disallowed_pages_without_reading_robots() {
    let server = Server::start(|path, _, _s| match path {
        "/robots.txt" => respond("200 OK", &[], b"User-agent: *\nDisallow: /\n"),
        _ => html(&page("Anyway")),
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "");
    let (_, errors, _) = run_batch(dir.path(), &cfg, &[server.url("/a")], &[]);
    assert_eq!(reason_of(&errors, &server.url("/a")), "robots");
    let (pages, errors, _) = run_batch(dir.path(), &cfg, &[server.url("/a")], &["--ignore-robots"]);
    assert!(errors.is_empty());
    assert_eq!(pages.len(), 1);
    assert_eq!(server.hits("/robots.txt").len(), 1);
}

#[test]
fn a_robots_txt_that_fails_with_5xx_disallows_the_host() {
    let server = Server::start(|path, _, _s| match path {
        "/robots.txt" => respond("503 Service Unavailable", &[], b""),
        _ => html(&page("Never")),
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "");
    let (_, errors, _) = run_batch(dir.path(), &cfg, &[server.url("/a")], &[]);
    assert_eq!(reason_of(&errors, &server.url("/a")), "robots");
    assert!(server.hits("/a").is_empty());
}

#[test]
fn per_host_delay_spaces_the_requests() {
    let server = Server::start(|path, _, _s| match path {
        "/robots.txt" => respond("404 Not Found", &[], b""),
        _ => html(&page("Spaced")),
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        "per_host_delay_ms = 300\nper_host_concurrency = 4\n",
    );
    let urls: Vec<String> = (0..5).map(|i| server.url(&format!("/p{i}"))).collect();
    let (pages, errors, _) = run_batch(dir.path(), &cfg, &urls, &["--concurrency", "8"]);
    assert_eq!(pages.len(), 5, "{errors:?}");
    // robots.txt first, then the five pages spaced by the delay.
    let hits = server.all_hits();
    let robots = server.hits("/robots.txt");
    assert_eq!(robots.len(), 1);
    let mut starts: Vec<Instant> = hits
        .iter()
        .filter(|h| h.path != "/robots.txt")
        .map(|h| h.start)
        .collect();
    starts.sort();
    assert_eq!(starts.len(), 5);
    assert!(robots[0].start <= starts[0]);
    for w in starts.windows(2) {
        // The client reserves start times 300 ms apart; the server sees them after
        // connection set-up, which can only shift a start later, so allow a little.
        assert!(
            w[1] - w[0] >= Duration::from_millis(270),
            "{:?}",
            w[1] - w[0]
        );
    }
}

#[test]
fn per_host_and_overall_concurrency_hold() {
    let slow = |path: &str, _: usize, _: &mut TcpStream| match path {
        "/robots.txt" => respond("404 Not Found", &[], b""),
        _ => {
            std::thread::sleep(Duration::from_millis(250));
            html(&page("Busy"))
        }
    };
    // Per host: 2 at most, though 8 are allowed overall.
    let server = Server::start(slow);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "per_host_concurrency = 2\n");
    let urls: Vec<String> = (0..8).map(|i| server.url(&format!("/p{i}"))).collect();
    let (pages, _, _) = run_batch(dir.path(), &cfg, &urls, &["--concurrency", "8"]);
    assert_eq!(pages.len(), 8);
    assert_eq!(server.max_active(), 2, "two at a time, and not fewer");

    // Overall: two hosts, 4 each allowed, but --concurrency 3.
    let a = Server::start(slow);
    let b = Server::start(slow);
    let cfg = config(dir.path(), "per_host_concurrency = 4\n");
    let mut urls: Vec<String> = (0..6).map(|i| a.url(&format!("/p{i}"))).collect();
    urls.extend((0..6).map(|i| b.url(&format!("/p{i}"))));
    let (pages, _, _) = run_batch(dir.path(), &cfg, &urls, &["--concurrency", "3"]);
    assert_eq!(pages.len(), 12);
    let mut events: Vec<(Instant, i32)> = Vec::new();
    for h in a.all_hits().iter().chain(b.all_hits().iter()) {
        if h.path != "/robots.txt" {
            events.push((h.start, 1));
            events.push((h.end, -1));
        }
    }
    events.sort();
    let (mut now, mut most) = (0, 0);
    for (_, d) in events {
        now += d;
        most = most.max(now);
    }
    assert!(most <= 3, "{most} in flight over both hosts");
    assert!(most >= 2, "requests ran concurrently ({most})");
}

#[test]
fn saved_warc_replays_offline_to_the_same_records() {
    let server = Server::start(|path, _, _s| match path {
        "/robots.txt" => respond("404 Not Found", &[], b""),
        "/moved" => respond("301 Moved Permanently", &[("Location", "/final")], b""),
        "/final" => html(&page("Relocated")),
        _ => html(&page("Archived")),
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "");
    let warc = dir.path().join("run.warc.gz");
    let urls = [server.url("/a"), server.url("/moved")];
    let (online, errors, _) = run_batch(
        dir.path(),
        &cfg,
        &urls,
        &["--save-warc", warc.to_str().unwrap()],
    );
    assert!(errors.is_empty(), "{errors:?}");
    let relocated = online
        .iter()
        .find(|p| p["text"].as_str().unwrap().contains("Relocated"))
        .unwrap();
    assert_eq!(
        relocated["url"],
        server.url("/final"),
        "the URL after redirects"
    );

    let replay = dir.path().join("replay.jsonl");
    let out = gleaner(&[
        "-q",
        "-f",
        "jsonl",
        "-o",
        replay.to_str().unwrap(),
        warc.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let offline: Vec<serde_json::Value> = std::fs::read_to_string(&replay)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let key = |v: &[serde_json::Value]| {
        let mut k: Vec<(String, String)> = v
            .iter()
            .map(|p| (p["url"].to_string(), p["text"].to_string()))
            .collect();
        k.sort();
        k
    };
    assert_eq!(key(&online), key(&offline));
}

#[test]
fn skip_existing_leaves_done_urls_unfetched() {
    let server = Server::start(|path, _, _s| match path {
        "/robots.txt" => respond("404 Not Found", &[], b""),
        _ => html(&page("Once")),
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "");
    let outdir = dir.path().join("out");
    let list = dir.path().join("urls.txt");
    std::fs::write(
        &list,
        format!("# two pages\n{}\n{}\n", server.url("/x"), server.url("/y")),
    )
    .unwrap();
    let args = [
        "-q",
        "-c",
        &cfg,
        "-d",
        outdir.to_str().unwrap(),
        "--skip-existing",
        "--input-list",
        list.to_str().unwrap(),
    ];
    assert!(gleaner(&args).status.success());
    let files: Vec<_> = std::fs::read_dir(&outdir).unwrap().collect();
    assert_eq!(files.len(), 2);
    let before = server.hits("/x").len() + server.hits("/y").len();
    assert_eq!(before, 2);
    assert!(gleaner(&args).status.success());
    assert_eq!(
        server.hits("/x").len() + server.hits("/y").len(),
        2,
        "nothing refetched"
    );
}

#[test]
fn other_schemes_and_broken_urls_are_refused() {
    let out = gleaner(&[
        "-f",
        "jsonl",
        "ftp://example.org/a",
        "file:///etc/passwd",
        "http://",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ftp: scheme is not fetched"), "{stderr}");
    assert!(stderr.contains("file: scheme is not fetched"), "{stderr}");
    assert!(stderr.contains("http://"), "{stderr}");
}
