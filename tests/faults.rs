//! Faults and bounds with the real binary: a batch killed with SIGKILL and resumed, a
//! batch stopped with Ctrl-C, and hostile inputs whose memory (the child's peak RSS,
//! as the OS accounts it) stays bounded.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn gleaner() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gleaner"))
}

/// Waits for a child and returns its exit code (or signal as 128+N) and peak RSS in KB.
fn wait_with_peak(child: Child) -> (i32, u64) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; the pointers are valid.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    std::mem::forget(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    (code, usage.ru_maxrss as u64)
}

fn run_with_peak(cmd: &mut Command) -> (i32, u64, String) {
    let dir = tempfile::tempdir().unwrap();
    let err_path = dir.path().join("stderr");
    let child = cmd
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let (code, peak) = wait_with_peak(child);
    (
        code,
        peak,
        std::fs::read_to_string(err_path).unwrap_or_default(),
    )
}

/// A folder of `n` pages, each a different story.
fn pages(dir: &Path, n: usize) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    for i in 0..n {
        let para = format!(
            "<p>Story {i} goes on here, with commas, detail and enough words to be a paragraph of an article.</p>"
        );
        let page = format!(
            "<html><head><title>Story {i}</title></head><body><nav><a href='/'>Home</a></nav><article><h1>Story {i}</h1>{}</article><footer>Footer</footer></body></html>",
            para.repeat(60)
        );
        std::fs::write(input.join(format!("page{i:04}.html")), page).unwrap();
    }
    input
}

/// Every output file under `dir` (final names only), with its bytes.
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).unwrap();
            (n, bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_killed_batch_resumes_to_exactly_the_outputs_of_a_whole_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = pages(tmp.path(), 300);
    let reference = tmp.path().join("reference");
    let status = gleaner()
        .args(["-q", "-j", "2", "-d"])
        .arg(&reference)
        .arg(&input)
        .status()
        .unwrap();
    assert!(status.success());
    let expected = outputs(&reference);
    assert_eq!(expected.len(), 300);

    // Kill at a few points along the run, resuming each time.
    let out = tmp.path().join("out");
    for delay_ms in [50u64, 150, 400] {
        let mut child = gleaner()
            .args(["-q", "-j", "2", "--skip-existing", "-d"])
            .arg(&out)
            .arg(&input)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // Whatever is there is whole: each file equals the reference's.
        for (name, bytes) in outputs(&out) {
            let want = &expected.iter().find(|(n, _)| *n == name).unwrap().1;
            assert_eq!(&bytes, want, "{name} is not complete after a kill");
        }
    }
    let status = gleaner()
        .args(["-q", "-j", "2", "--skip-existing", "-d"])
        .arg(&out)
        .arg(&input)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        outputs(&out),
        expected,
        "resumed outputs differ from a whole run"
    );
}

#[test]
fn ctrl_c_finishes_pages_in_flight_and_says_what_was_left() {
    let tmp = tempfile::tempdir().unwrap();
    let input = pages(tmp.path(), 600);
    let out = tmp.path().join("out");
    let errors = tmp.path().join("stderr");
    let child = gleaner()
        .args(["-j", "1", "-d"])
        .arg(&out)
        .arg(&input)
        .stderr(std::fs::File::create(&errors).unwrap())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // SAFETY: sending a signal to our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let (code, _) = wait_with_peak(child);
    let stderr = std::fs::read_to_string(&errors).unwrap();
    if code == 0 {
        // The run finished before the signal came: nothing to check.
        assert!(stderr.contains("600 pages"), "{stderr}");
        return;
    }
    assert_eq!(code, 130, "{stderr}");
    let written = outputs(&out);
    let left: u64 = stderr
        .split("interrupted: ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no interrupted line: {stderr}"));
    // Every page either written whole or counted as left (none lost, none twice).
    assert_eq!(written.len() as u64 + left, 600, "{stderr}");
    for (name, bytes) in &written {
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            text.trim_end().ends_with("paragraph of an article."),
            "{name} cut short"
        );
    }
}

#[test]
fn hostile_inputs_stay_within_their_budgets_and_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();

    // 1,000,000 nested elements.
    let nested = dir.join("nested.html");
    std::fs::write(
        &nested,
        format!(
            "{}<p>deep text</p>{}",
            "<div>".repeat(1_000_000),
            "</div>".repeat(1_000_000)
        ),
    )
    .unwrap();
    let (code, peak_kb, err) = run_with_peak(gleaner().arg(&nested));
    assert_eq!(code, 0, "{err}");
    assert!(peak_kb < 400_000, "nesting: peak {peak_kb} KB");

    // A 200 MB page: refused by size before it is read.
    let huge = dir.join("huge.html");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(200 << 20).unwrap();
    let (code, peak_kb, err) = run_with_peak(gleaner().arg(&huge));
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("max_input_bytes") || err.contains("limit"),
        "{err}"
    );
    assert!(peak_kb < 100_000, "200 MB page: peak {peak_kb} KB");

    // A gzip bomb: 100 MB of zeros in about 100 KB.
    let bomb = dir.join("bomb.html.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&bomb).unwrap(),
        flate2::Compression::best(),
    );
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..100 {
        gz.write_all(&zeros).unwrap();
    }
    gz.finish().unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 200_000);
    let (code, peak_kb, err) = run_with_peak(gleaner().arg(&bomb));
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("inflates past the limit"), "{err}");
    assert!(peak_kb < 250_000, "gzip bomb: peak {peak_kb} KB");

    // A WARC record whose gzip member inflates 1,000x past the limit.
    let warc = dir.join("bomb.warc.gz");
    let head = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:b>\r\nWARC-Target-URI: http://example.org/\r\nContent-Type: application/http;msgtype=response\r\nContent-Length: {}\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
        100 << 20
    );
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&warc).unwrap(),
        flate2::Compression::best(),
    );
    gz.write_all(head.as_bytes()).unwrap();
    for _ in 0..100 {
        gz.write_all(&zeros).unwrap();
    }
    gz.finish().unwrap();
    let (code, peak_kb, err) = run_with_peak(gleaner().args(["-f", "jsonl"]).arg(&warc));
    assert_ne!(code, 0, "{err}");
    assert!(peak_kb < 250_000, "WARC bomb: peak {peak_kb} KB");

    // A 50 MB line with no newline, as text.
    let line = dir.join("line.txt");
    std::fs::write(&line, "word ".repeat(10_000_000)).unwrap();
    let (code, peak_kb, err) = run_with_peak(gleaner().args(["--input-format", "text"]).arg(&line));
    assert!(code == 0 || code == 3, "{err}");
    assert!(peak_kb < 800_000, "50 MB line: peak {peak_kb} KB");

    // 100,000 attributes on one element.
    let attrs: String = (0..100_000).map(|i| format!(" a{i}=x")).collect();
    let many = dir.join("attrs.html");
    std::fs::write(
        &many,
        format!("<div{attrs}><p>Kept, as a sentence.</p></div>"),
    )
    .unwrap();
    let (code, peak_kb, err) = run_with_peak(gleaner().arg(&many));
    assert_eq!(code, 0, "{err}");
    assert!(peak_kb < 200_000, "attributes: peak {peak_kb} KB");
}
