//! Batch runs: inputs (files, folders, globs, lists, standard input, WARC archives) to
//! pages, pages extracted on every core, outputs written as they come, nothing lost.
//!
//! One reader thread turns the inputs into jobs (a file to load, or a WARC record's
//! bytes), workers extract them, and the calling thread writes each result. Channels
//! are bounded, so a huge archive streams through in constant memory; with `ordered`,
//! the reader also stays within a window of the writer, so the reordering buffer is
//! bounded too. Every page or response record ends as exactly one output or one error
//! record; records that are not pages (requests, metadata, revisits, non-HTML
//! responses) are counted as skipped.

use std::collections::BTreeMap;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use crate::{Document, Extractor, Options};

/// Set (by a Ctrl-C handler) to stop a batch: no new input is started, pages in
/// flight are finished and written whole, and the summary counts what was left.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// A reader that ends (reads nothing more) once the batch is interrupted, so a huge
/// archive stops being read at once.
struct StopReader<R>(R);

impl<R: Read> Read for StopReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if interrupted() {
            return Ok(0);
        }
        self.0.read(buf)
    }
}

/// What each page becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// One JSON object per page.
    Json,
    /// One JSON line per page.
    Jsonl,
    /// The `--explain` report.
    Explain,
    /// Nothing: pages are decoded, parsed and their text walked, for benchmarks
    /// (`--parse-only`).
    ParseOnly,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Explain => "explain.txt",
            Format::ParseOnly => "parsed.txt",
        }
    }
}

/// How a batch runs and where it writes.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Output format.
    pub format: Format,
    /// One file per page in this folder, mirroring the inputs.
    pub output_dir: Option<PathBuf>,
    /// All pages into this file (JSON and JSONL; `.gz` and `.zst` compress).
    pub output_file: Option<PathBuf>,
    /// Error records (JSONL) into this file.
    pub errors_file: Option<PathBuf>,
    /// Worker threads.
    pub jobs: usize,
    /// Write outputs in input order.
    pub ordered: bool,
    /// With `output_dir`: leave pages whose output exists alone.
    pub skip_existing: bool,
    /// Show a progress bar (on a terminal).
    pub progress: bool,
    /// Print the summary and per-page errors on standard error.
    pub verbose: bool,
    /// Markdown starts with `# Title`; text starts with the title line.
    pub markdown_title: bool,
    /// Text starts with the headline.
    pub text_title: bool,
    /// Markdown starts with YAML front matter.
    pub front_matter: bool,
    /// Extraction options.
    pub options: Options,
    /// How URLs among the inputs are fetched.
    pub fetch: crate::fetch::FetchOptions,
    /// Archive every fetched page (request and response) into this WARC file.
    pub save_warc: Option<PathBuf>,
    /// Learn each host's site template and drop it from the host's pages (see
    /// [`crate::template`]); wants `options.fingerprints`.
    pub templates: bool,
}

/// Counts of a finished batch.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Pages (files and HTML response records) seen.
    pub pages: u64,
    /// Pages with an article.
    pub extracted: u64,
    /// Pages with no article text.
    pub empty: u64,
    /// Pages that failed, by reason.
    pub failed: BTreeMap<String, u64>,
    /// Inputs or records skipped, by reason (not pages, or already done).
    pub skipped: BTreeMap<String, u64>,
    /// Bytes of page input.
    pub bytes: u64,
    /// Wall time.
    pub seconds: f64,
    /// The run was interrupted: this many inputs (files, archives, URLs) were not
    /// started.
    pub interrupted: Option<u64>,
    /// Pages that lost blocks to their site's template.
    pub template_pages: u64,
    /// Blocks dropped as site template, over all pages.
    pub template_blocks: u64,
}

impl Summary {
    /// Pages that failed.
    pub fn failures(&self) -> u64 {
        self.failed.values().sum()
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.seconds.max(1e-9);
        write!(
            f,
            "{} pages in {:.1} s ({:.1} pages/s, {:.1} MB/s): {} extracted, {} empty, {} failed",
            self.pages,
            self.seconds,
            self.pages as f64 / secs,
            self.bytes as f64 / 1e6 / secs,
            self.extracted,
            self.empty,
            self.failures()
        )?;
        if self.template_pages > 0 {
            write!(
                f,
                "\n  site templates: {} blocks dropped from {} pages",
                self.template_blocks, self.template_pages
            )?;
        }
        for (reason, n) in &self.failed {
            write!(f, "\n  failed: {n} {reason}")?;
        }
        for (reason, n) in &self.skipped {
            write!(f, "\n  skipped: {n} {reason}")?;
        }
        if let Some(left) = self.interrupted {
            write!(
                f,
                "\n  interrupted: {left} inputs not started; pages in flight were finished"
            )?;
        }
        Ok(())
    }
}

/// Where a page came from.
#[derive(Debug, Clone, Default)]
struct Origin {
    /// The input as given (a file path, `-`, or a WARC file).
    input: String,
    /// The page's own URL (WARC-Target-URI).
    url: Option<String>,
    /// WARC-Record-ID.
    record_id: Option<String>,
    /// Byte offset of the record in the WARC file.
    offset: Option<u64>,
    /// WARC-Date.
    date: Option<String>,
    /// Where the page's output goes, with `output_dir`.
    out_path: Option<PathBuf>,
}

impl Origin {
    fn source(&self) -> crate::record::Source<'_> {
        crate::record::Source {
            input: &self.input,
            url: self.url.as_deref(),
            record_id: self.record_id.as_deref(),
            offset: self.offset,
            warc_date: self.date.as_deref(),
        }
    }
}

enum Payload {
    /// A page file to load (maybe gzip-compressed).
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// A page's bytes, with a charset declared outside it.
    Bytes(Vec<u8>, Option<String>),
    /// Something that failed before extraction (unreadable input, bad record).
    Failed(&'static str, String),
}

struct Job {
    seq: u64,
    origin: Origin,
    payload: Payload,
}

enum Outcome {
    Page(Box<Document>),
    /// An `--explain` report with the document it explains.
    Explained(String, Box<Document>),
    Report(String),
    Failed(&'static str, String),
}

impl crate::template::Held for Done {
    fn document(&mut self) -> Option<&mut Document> {
        match &mut self.outcome {
            Outcome::Page(doc) | Outcome::Explained(_, doc) => Some(doc),
            _ => None,
        }
    }
}

impl Done {
    /// The host whose template the page shares: its own URL's, else the one given
    /// for all pages (`--url`), else its canonical URL's.
    fn host(&self, opts: &BatchOptions) -> Option<String> {
        let canonical = match &self.outcome {
            Outcome::Page(doc) | Outcome::Explained(_, doc) => doc.metadata.canonical_url.as_ref(),
            _ => None,
        };
        let url = self.origin.url.as_deref().or(opts.options.url.as_deref());
        url.and_then(crate::site::host_of)
            .or_else(|| canonical.and_then(|c| crate::site::host_of(&c.value)))
    }
}

struct Done {
    seq: u64,
    origin: Origin,
    bytes: u64,
    outcome: Outcome,
}

/// Messages from the reader besides jobs: skipped inputs and records, and how many
/// inputs an interrupt left.
enum Note {
    Skipped(String),
    Left(u64),
}

/// An input as found on the command line or in a list.
#[derive(Debug, Clone)]
enum Input {
    Stdin,
    /// A page file, with the path to mirror under the output folder.
    Page(PathBuf, PathBuf),
    Warc(PathBuf),
    /// An http(s) URL to fetch.
    Url(String),
    /// Something that is not an input, with why.
    Bad(String, String),
}

/// Runs a batch; returns its summary. Fails only when an output cannot be opened.
pub fn run(
    extractor: &Extractor,
    inputs: &[String],
    input_list: Option<&Path>,
    opts: &BatchOptions,
) -> Result<Summary, String> {
    let start = Instant::now();
    let mut found = expand_inputs(inputs);
    if let Some(list) = input_list {
        let text = std::fs::read_to_string(list)
            .map_err(|e| format!("cannot read input list {}: {e}", list.display()))?;
        let lines: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        found.extend(expand_inputs(&lines));
    }
    let mut sink = Sink::open(opts)?;
    let mut errors = match &opts.errors_file {
        Some(p) => {
            Some(BufWriter::new(std::fs::File::create(p).map_err(|e| {
                format!("cannot create {}: {e}", p.display())
            })?))
        }
        None => None,
    };
    let mut warc_out = match &opts.save_warc {
        Some(p) => Some(
            crate::warc_write::WarcWriter::create(p)
                .map_err(|e| format!("cannot create {}: {e}", p.display()))?,
        ),
        None => None,
    };
    let fetch_config = extractor.config().fetch.clone();
    let jobs = opts.jobs.max(1);
    let (job_tx, job_rx) = crossbeam_channel::bounded::<Job>(jobs * 4);
    let (done_tx, done_rx) = crossbeam_channel::bounded::<Done>(jobs * 4);
    let (note_tx, note_rx) = crossbeam_channel::unbounded::<Note>();
    let window = Arc::new((Mutex::new(0u64), Condvar::new()));
    let window_size = (jobs as u64) * 16;
    let page_count = found
        .iter()
        .filter(|i| {
            matches!(
                i,
                Input::Page(..) | Input::Stdin | Input::Bad(..) | Input::Url(_)
            )
        })
        .count() as u64;
    let has_warc = found.iter().any(|i| matches!(i, Input::Warc(_)));
    let progress = make_progress(opts, if has_warc { None } else { Some(page_count) });
    let limit = extractor.config().limits.max_input_bytes;

    let mut summary = Summary::default();
    std::thread::scope(|scope| {
        // The reader: inputs to jobs.
        let reader_window = Arc::clone(&window);
        let ordered = opts.ordered;
        let reader_opts = opts.clone();
        let warc_out = &mut warc_out;
        scope.spawn(move || {
            let mut seq = 0u64;
            let mut send = |origin: Origin, payload: Payload| {
                if ordered {
                    let (lock, cvar) = &*reader_window;
                    let mut written = lock.lock().unwrap_or_else(|e| e.into_inner());
                    while seq >= *written + window_size {
                        written = cvar.wait(written).unwrap_or_else(|e| e.into_inner());
                    }
                }
                let ok = job_tx
                    .send(Job {
                        seq,
                        origin,
                        payload,
                    })
                    .is_ok();
                seq += 1;
                ok
            };
            let mut urls = Vec::new();
            let total = found.len() as u64;
            for (k, input) in found.into_iter().enumerate() {
                if interrupted() {
                    let _ = note_tx.send(Note::Left(total - k as u64));
                    break;
                }
                match input {
                    Input::Url(url) => {
                        let origin = url_origin(&reader_opts, &url);
                        if !skip_if_done(&reader_opts, &origin, &note_tx) {
                            urls.push(url);
                        }
                    }
                    Input::Stdin => {
                        let origin = Origin {
                            input: "-".into(),
                            out_path: out_path(&reader_opts, Path::new("stdin")),
                            ..Default::default()
                        };
                        if !skip_if_done(&reader_opts, &origin, &note_tx) {
                            send(origin, Payload::Stdin);
                        }
                    }
                    Input::Page(path, mirror) => {
                        let origin = Origin {
                            input: path.display().to_string(),
                            out_path: out_path(&reader_opts, &mirror),
                            ..Default::default()
                        };
                        if !skip_if_done(&reader_opts, &origin, &note_tx) {
                            send(origin, Payload::File(path));
                        }
                    }
                    Input::Bad(input, why) => {
                        let origin = Origin {
                            input,
                            ..Default::default()
                        };
                        send(origin, Payload::Failed("bad input", why));
                    }
                    Input::Warc(path) => read_warc(&path, limit, &reader_opts, &note_tx, &mut send),
                }
            }
            if !urls.is_empty() && !interrupted() {
                let left = fetch_urls(urls, &fetch_config, &reader_opts, warc_out, &mut send);
                if left > 0 {
                    let _ = note_tx.send(Note::Left(left));
                }
            } else if !urls.is_empty() {
                let _ = note_tx.send(Note::Left(urls.len() as u64));
            }
        });

        // The workers: jobs to results.
        for _ in 0..jobs {
            let job_rx = job_rx.clone();
            let done_tx = done_tx.clone();
            let options = opts.options.clone();
            let format = opts.format;
            scope.spawn(move || {
                for job in job_rx {
                    let done = work_guarded(extractor, job, &options, limit, format);
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        drop(job_rx);

        // The writer: results to outputs, here.
        let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
        let mut next = 0u64;
        let take_notes = |summary: &mut Summary| {
            for note in note_rx.try_iter() {
                match note {
                    Note::Skipped(why) => *summary.skipped.entry(why).or_default() += 1,
                    Note::Left(n) => *summary.interrupted.get_or_insert(0) += n,
                }
            }
        };
        // Site templates hold pages back while they learn, except for ordered output.
        let mut templates = opts.templates.then(|| {
            crate::template::Templates::<Done>::new(
                extractor.config().templates.clone(),
                !opts.ordered,
            )
        });
        let mut write = |summary: &mut Summary, done: Done| match &mut templates {
            Some(t) => {
                let host = done.host(opts);
                for (done, verdict) in t.offer(host, done) {
                    let v = Some(&verdict);
                    record(summary, &mut sink, &mut errors, done, v, opts, &progress);
                }
            }
            None => record(summary, &mut sink, &mut errors, done, None, opts, &progress),
        };
        for done in done_rx {
            take_notes(&mut summary);
            if !opts.ordered {
                write(&mut summary, done);
                continue;
            }
            pending.insert(done.seq, done);
            while let Some(done) = pending.remove(&next) {
                write(&mut summary, done);
                next += 1;
                let (lock, cvar) = &*window;
                *lock.lock().unwrap_or_else(|e| e.into_inner()) = next;
                cvar.notify_all();
            }
        }
        take_notes(&mut summary);
        if let Some(t) = &mut templates {
            for (done, verdict) in t.finish() {
                let v = Some(&verdict);
                record(
                    &mut summary,
                    &mut sink,
                    &mut errors,
                    done,
                    v,
                    opts,
                    &progress,
                );
            }
        }
    });
    if interrupted() && summary.interrupted.is_none() {
        summary.interrupted = Some(0);
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    sink.finish()?;
    if let Some(w) = warc_out {
        let path = w.path().display().to_string();
        w.finish()
            .map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    if let Some(mut e) = errors {
        e.flush()
            .map_err(|e| format!("cannot write the error file: {e}"))?;
    }
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

/// With `skip_existing`, reports a page whose output exists as skipped.
fn skip_if_done(
    opts: &BatchOptions,
    origin: &Origin,
    notes: &crossbeam_channel::Sender<Note>,
) -> bool {
    let done = opts.skip_existing && origin.out_path.as_ref().is_some_and(|p| p.exists());
    if done {
        let _ = notes.send(Note::Skipped("output already exists".into()));
    }
    done
}

/// Where a URL's page comes from and goes, before it is fetched (so that
/// `skip_existing` can leave it unfetched).
fn url_origin(opts: &BatchOptions, url: &str) -> Origin {
    Origin {
        input: url.to_string(),
        url: Some(url.to_string()),
        out_path: out_path(opts, Path::new(&record_file_name(Some(url), None, 0))),
        ..Default::default()
    }
}

/// Fetches the URLs into jobs, archiving each page with `save_warc`; returns how many
/// were not fetched because the batch was interrupted.
fn fetch_urls(
    urls: Vec<String>,
    config: &crate::config::FetchConfig,
    opts: &BatchOptions,
    warc_out: &mut Option<crate::warc_write::WarcWriter>,
    send: &mut impl FnMut(Origin, Payload) -> bool,
) -> u64 {
    let total = urls.len() as u64;
    let mut finished = 0u64;
    let result =
        crate::fetch::fetch_all(urls.clone(), config, &opts.fetch, &INTERRUPTED, |result| {
            finished += 1;
            let (origin, payload) = match result {
                Ok(page) => {
                    if let Some(w) = warc_out.as_mut() {
                        let exchange = crate::warc_write::Exchange {
                            url: &page.url,
                            fetched_at: page.fetched_at,
                            request_headers: &page.request_headers,
                            status: page.status,
                            response_headers: &page.headers,
                            body: &page.body,
                        };
                        if let Err(e) = w.write(&exchange) {
                            eprintln!(
                                "gleaner: cannot write {}: {e}; no more pages are archived",
                                w.path().display()
                            );
                            *warc_out = None;
                        }
                    }
                    let origin = Origin {
                        url: Some(page.url.clone()),
                        date: Some(crate::warc_write::timestamp(page.fetched_at)),
                        ..url_origin(opts, &page.requested)
                    };
                    let charset = page.charset();
                    (origin, Payload::Bytes(page.body, charset))
                }
                Err(failure) => (
                    url_origin(opts, &failure.requested),
                    Payload::Failed(failure.kind.as_str(), failure.message),
                ),
            };
            send(origin, payload);
        });
    if let Err(why) = result {
        for url in urls {
            send(
                url_origin(opts, &url),
                Payload::Failed("fetch", why.clone()),
            );
        }
        return 0;
    }
    total - finished
}

/// Streams a WARC file's records into jobs.
fn read_warc(
    path: &Path,
    limit: u64,
    opts: &BatchOptions,
    notes: &crossbeam_channel::Sender<Note>,
    send: &mut impl FnMut(Origin, Payload) -> bool,
) {
    let input = path.display().to_string();
    let unreadable = |e: std::io::Error| {
        let origin = Origin {
            input: input.clone(),
            ..Default::default()
        };
        (
            origin,
            Payload::Failed(
                "unreadable input",
                format!("cannot read {}: {e}", path.display()),
            ),
        )
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => StopReader(f),
        Err(e) => {
            let (origin, payload) = unreadable(e);
            send(origin, payload);
            return;
        }
    };
    let stem = warc_stem(path);
    let result = crate::warc::for_each_record(file, limit, |item| {
        if interrupted() {
            // The archive is being cut short: what it yields now is not a record.
            return;
        }
        let origin_of = |info: crate::warc::RecordInfo| Origin {
            input: input.clone(),
            url: info.url,
            record_id: info.record_id,
            offset: Some(info.offset),
            date: info.date,
            out_path: None,
        };
        let (origin, payload) = match crate::warc::entry(item, limit) {
            crate::warc::Entry::Skipped(why) => {
                let _ = notes.send(Note::Skipped(why));
                return;
            }
            crate::warc::Entry::Failed {
                info,
                reason,
                message,
            } => (origin_of(info), Payload::Failed(reason, message)),
            crate::warc::Entry::Page {
                info,
                body,
                charset,
            } => {
                let name =
                    record_file_name(info.url.as_deref(), info.record_id.as_deref(), info.offset);
                let origin = Origin {
                    out_path: out_path(opts, &Path::new(&stem).join(name)),
                    ..origin_of(info)
                };
                if skip_if_done(opts, &origin, notes) {
                    return;
                }
                (origin, Payload::Bytes(body, charset))
            }
        };
        send(origin, payload);
    });
    if let Err(e) = result {
        let (origin, payload) = unreadable(e);
        send(origin, payload);
    }
}

/// Extracts one job; a panic (a bug) becomes the page's error record, so the batch
/// goes on and the page is not lost.
fn work_guarded(
    extractor: &Extractor,
    job: Job,
    options: &Options,
    limit: u64,
    format: Format,
) -> Done {
    let seq = job.seq;
    let origin = job.origin.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        work(extractor, job, options, limit, format)
    }))
    .unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Done {
            seq,
            origin,
            bytes: 0,
            outcome: Outcome::Failed(
                "internal error",
                format!("gleaner hit a bug on this page ({what}); please report it"),
            ),
        }
    })
}

/// Extracts one job.
fn work(extractor: &Extractor, job: Job, options: &Options, limit: u64, format: Format) -> Done {
    let Job {
        seq,
        origin,
        payload,
    } = job;
    let loaded = match payload {
        Payload::Failed(kind, why) => Err((kind, why)),
        Payload::Bytes(bytes, charset) => Ok((bytes, charset)),
        Payload::Stdin => crate::load::load(Path::new("-"), limit)
            .map(|b| (b, None))
            .map_err(|e| ("unreadable input", e.to_string())),
        Payload::File(path) => load_page(&path, limit).map(|b| (b, None)),
    };
    let (bytes, outcome) = match loaded {
        Err((kind, why)) => (0, Outcome::Failed(kind, why)),
        Ok((bytes, charset)) => {
            let mut options = options.clone();
            options.charset = charset;
            // A page's own URL (WARC, fetch) wins over one given for all (`--url`).
            options.url = origin.url.clone().or(options.url);
            let n = bytes.len() as u64;
            if format == Format::ParseOnly {
                extractor.parse_only(&bytes, &options);
                return Done {
                    seq,
                    origin,
                    bytes: n,
                    outcome: Outcome::Report(String::new()),
                };
            }
            if format == Format::Explain {
                let (report, doc) = extractor.explain_document(&bytes, &options);
                return Done {
                    seq,
                    origin,
                    bytes: n,
                    outcome: Outcome::Explained(report, Box::new(doc)),
                };
            }
            let outcome = match extractor.extract_within_budget(&bytes, &options) {
                Ok(doc) => Outcome::Page(Box::new(doc)),
                Err(rejected) => Outcome::Failed(rejected.kind(), rejected.to_string()),
            };
            (n, outcome)
        }
    };
    Done {
        seq,
        origin,
        bytes,
        outcome,
    }
}

/// Loads a page file, gunzipping a `.gz` one, within the size limit.
fn load_page(path: &Path, limit: u64) -> Result<Vec<u8>, (&'static str, String)> {
    let bytes = crate::load::load(path, limit).map_err(|e| {
        let kind = if matches!(e, crate::Error::TooLarge { .. }) {
            "too large"
        } else {
            "unreadable input"
        };
        (kind, e.to_string())
    })?;
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&bytes[..])
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            (
                "unreadable input",
                format!("cannot gunzip {}: {e}", path.display()),
            )
        })?;
    if out.len() as u64 > limit {
        return Err((
            "too large",
            format!(
                "{} inflates past the limit of {limit} bytes (limits.max_input_bytes)",
                path.display()
            ),
        ));
    }
    Ok(out)
}

/// Writes one result and counts it.
fn record(
    summary: &mut Summary,
    sink: &mut Sink,
    errors: &mut Option<BufWriter<std::fs::File>>,
    done: Done,
    verdict: Option<&crate::template::Verdict>,
    opts: &BatchOptions,
    progress: &Option<indicatif::ProgressBar>,
) {
    summary.pages += 1;
    summary.bytes += done.bytes;
    if let Some(p) = progress {
        p.inc(1);
        let secs = p.elapsed().as_secs_f64().max(1e-3);
        p.set_message(format!("{:.1} MB/s", summary.bytes as f64 / 1e6 / secs));
    }
    let dropped = verdict.map_or(0, |v| v.dropped()) as u64;
    if dropped > 0 {
        summary.template_pages += 1;
        summary.template_blocks += dropped;
    }
    let failure = match done.outcome {
        Outcome::Explained(mut report, _) => {
            summary.extracted += 1;
            if let Some(v) = verdict {
                report.push_str(&format!("\n{v}\n"));
            }
            sink.write_raw(&done.origin, &report)
                .err()
                .map(|e| ("cannot write output", e))
        }
        Outcome::Page(doc) => {
            let empty = doc.blocks.is_empty();
            match sink.write(&done.origin, &doc, opts) {
                Ok(()) => {
                    if empty {
                        summary.empty += 1;
                    } else {
                        summary.extracted += 1;
                    }
                    None
                }
                Err(e) => Some(("cannot write output", e)),
            }
        }
        Outcome::Report(report) => {
            summary.extracted += 1;
            sink.write_raw(&done.origin, &report)
                .err()
                .map(|e| ("cannot write output", e))
        }
        Outcome::Failed(kind, why) => Some((kind, why)),
    };
    if let Some((kind, why)) = failure {
        *summary.failed.entry(kind.to_string()).or_default() += 1;
        if opts.verbose {
            let line = format!("gleaner: {}: {why}", describe(&done.origin));
            match progress {
                Some(p) => p.println(line),
                None => eprintln!("{line}"),
            }
        }
        if let Some(e) = errors {
            let line = crate::record::error(&done.origin.source(), kind, &why);
            let _ = writeln!(e, "{line}");
        }
    }
}

fn describe(origin: &Origin) -> String {
    match (&origin.record_id, origin.offset) {
        (Some(id), Some(off)) => format!("{} (record {id} at byte {off})", origin.input),
        (None, Some(off)) => format!("{} (at byte {off})", origin.input),
        _ => origin.input.clone(),
    }
}

/// Where outputs go.
enum Sink {
    /// One file per page (under `output_dir`).
    Files {
        /// The folder the last output went to, made already (pages of one input
        /// folder share it, so it is not made again for each).
        made: Option<PathBuf>,
    },
    /// One stream: standard output or a file, maybe compressed.
    Stream(Box<dyn Write + Send>),
}

impl Sink {
    fn open(opts: &BatchOptions) -> Result<Sink, String> {
        if let Some(dir) = &opts.output_dir {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create output folder {}: {e}", dir.display()))?;
            return Ok(Sink::Files { made: None });
        }
        let out: Box<dyn Write + Send> = match &opts.output_file {
            None => Box::new(BufWriter::new(std::io::stdout())),
            Some(path) => {
                let file = std::fs::File::create(path)
                    .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
                let name = path.to_string_lossy().to_ascii_lowercase();
                if name.ends_with(".gz") {
                    Box::new(flate2::write::GzEncoder::new(
                        BufWriter::new(file),
                        flate2::Compression::default(),
                    ))
                } else if name.ends_with(".zst") {
                    let enc = zstd::stream::write::Encoder::new(BufWriter::new(file), 3)
                        .map_err(|e| format!("cannot start zstd: {e}"))?;
                    Box::new(enc.auto_finish())
                } else {
                    Box::new(BufWriter::new(file))
                }
            }
        };
        Ok(Sink::Stream(out))
    }

    fn write(
        &mut self,
        origin: &Origin,
        doc: &Document,
        opts: &BatchOptions,
    ) -> Result<(), String> {
        let body = match opts.format {
            Format::Text => match (&doc.title, opts.text_title) {
                (Some(t), true) => format!("{t}\n\n{}", doc.text()),
                _ => doc.text(),
            },
            Format::Markdown if opts.front_matter => format!(
                "{}{}",
                doc.front_matter(),
                doc.markdown(opts.markdown_title)
            ),
            Format::Markdown => doc.markdown(opts.markdown_title),
            Format::Json => format!("{:#}\n", crate::record::page(&origin.source(), doc)),
            Format::Jsonl => format!("{}\n", crate::record::page(&origin.source(), doc)),
            Format::Explain | Format::ParseOnly => String::new(),
        };
        self.write_raw(origin, &body)
    }

    fn write_raw(&mut self, origin: &Origin, body: &str) -> Result<(), String> {
        match self {
            Sink::Files { made } => {
                let path = origin.out_path.as_ref().ok_or("no output path")?;
                if let Some(parent) = path.parent()
                    && made.as_deref() != Some(parent)
                {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                    *made = Some(parent.to_path_buf());
                }
                write_atomically(path, body.as_bytes()).map_err(|e| {
                    // (The folder may have gone: the next page makes it again.)
                    *made = None;
                    format!("cannot write {}: {e}", path.display())
                })
            }
            Sink::Stream(out) => out
                .write_all(body.as_bytes())
                .map_err(|e| format!("cannot write output: {e}")),
        }
    }

    fn finish(self) -> Result<(), String> {
        if let Sink::Stream(mut out) = self {
            out.flush()
                .map_err(|e| format!("cannot write output: {e}"))?;
        }
        Ok(())
    }
}

/// Writes to a temporary file beside `path`, then renames it over `path`, so a reader
/// (or a rerun with `--skip-existing`) never sees half an output.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// The output path of a page under `output_dir`: `mirror` with its page extension
/// replaced by the format's.
fn out_path(opts: &BatchOptions, mirror: &Path) -> Option<PathBuf> {
    let dir = opts.output_dir.as_ref()?;
    let name = mirror.file_name()?.to_string_lossy().into_owned();
    let stem = output_stem(&name);
    Some(dir.join(mirror.with_file_name(format!("{stem}.{}", opts.format.extension()))))
}

/// The name a page file's output is named after: `a.html` → `a`; other page files
/// keep their whole name (`a.htm` → `a.htm`, `a.html.gz` → `a.html.gz`), and a file
/// without a page extension gets `.html` (`a` → `a.html`). The mapping is one to
/// one, so two inputs of one folder never write the same output: `a.html` and
/// `a.htm` stay `a` and `a.htm`, and `a.htm.html` is kept whole, clear of `a.htm`.
fn output_stem(name: &str) -> std::borrow::Cow<'_, str> {
    let has_page_extension = |n: &str| {
        let lower = n.to_ascii_lowercase();
        [".html", ".htm", ".xhtml", ".gz"]
            .iter()
            .any(|e| lower.len() > e.len() && lower.ends_with(e))
    };
    match name.strip_suffix(".html") {
        Some(stem) if !stem.is_empty() && !has_page_extension(stem) => stem.into(),
        _ if has_page_extension(name) => name.into(),
        _ => format!("{name}.html").into(),
    }
}

fn warc_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "warc".into());
    let lower = name.to_ascii_lowercase();
    let cut = [".warc.gz", ".warc"]
        .iter()
        .find(|e| lower.ends_with(*e))
        .map_or(name.len(), |e| name.len() - e.len());
    sanitize(&name[..cut], 100)
}

/// A file name for a WARC record, safe anywhere: the URL's host and path (or the
/// record id) cut down to safe characters, plus a hash of the whole, so two records
/// never share a name.
pub fn record_file_name(url: Option<&str>, record_id: Option<&str>, offset: u64) -> String {
    let key = url
        .or(record_id)
        .map_or_else(|| format!("record-{offset}"), String::from);
    let readable = key.split_once("://").map_or(key.as_str(), |(_, rest)| rest);
    let unique = format!("{}{}", key, record_id.unwrap_or(""));
    format!(
        "{}-{:016x}.html",
        sanitize(readable, 120),
        crate::record::fnv1a(unique.as_bytes())
    )
}

/// Keeps ASCII letters, digits, `.`, `-` and `_`; everything else becomes `_`; runs
/// of dots fold into one, with no leading dot; at most `max` bytes; never empty.
pub fn sanitize(name: &str, max: usize) -> String {
    let mut out = String::with_capacity(name.len().min(max));
    for c in name.chars() {
        if out.len() >= max {
            break;
        }
        let c = if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
            c
        } else {
            '_'
        };
        if (c == '_' && out.ends_with('_')) || (c == '.' && out.ends_with(['.', '_'])) {
            continue;
        }
        out.push(c);
    }
    let out = out.trim_start_matches('.').trim_matches('_').to_string();
    if out.is_empty() {
        "page".to_string()
    } else {
        out
    }
}

/// Turns command-line inputs into pages and archives: folders are walked (pages by
/// extension, and WARC files), glob patterns expanded; what is not found is kept as a
/// bad input, so it is reported, not lost.
fn expand_inputs(inputs: &[String]) -> Vec<Input> {
    let mut out = Vec::new();
    for raw in inputs {
        if raw == "-" {
            out.push(Input::Stdin);
            continue;
        }
        if raw.contains("://") {
            match crate::fetch::check_url(raw) {
                Ok(_) => out.push(Input::Url(raw.clone())),
                Err(why) => out.push(Input::Bad(raw.clone(), why)),
            }
            continue;
        }
        let path = PathBuf::from(raw);
        if path.is_dir() {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&path)
                .follow_links(false)
                .into_iter()
                .filter_map(|e| match e {
                    Ok(e) if e.file_type().is_file() => Some(e.into_path()),
                    Ok(_) => None,
                    Err(err) => {
                        out.push(Input::Bad(raw.clone(), format!("cannot walk: {err}")));
                        None
                    }
                })
                .filter(|p| is_page_name(p) || is_warc_name(p))
                .collect();
            files.sort();
            for f in files {
                let mirror = f
                    .strip_prefix(&path)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| PathBuf::from(f.file_name().unwrap_or_default()));
                out.push(classify(f, mirror));
            }
            continue;
        }
        if !path.exists() && raw.contains(['*', '?', '[']) {
            match glob::glob(raw) {
                Ok(paths) => {
                    let mut n = 0;
                    for p in paths.flatten() {
                        if p.is_file() {
                            let mirror = PathBuf::from(p.file_name().unwrap_or_default());
                            out.push(classify(p, mirror));
                            n += 1;
                        }
                    }
                    if n == 0 {
                        out.push(Input::Bad(
                            raw.clone(),
                            "no file matches this pattern".into(),
                        ));
                    }
                }
                Err(e) => out.push(Input::Bad(raw.clone(), format!("bad pattern: {e}"))),
            }
            continue;
        }
        let mirror = PathBuf::from(path.file_name().unwrap_or_default());
        out.push(classify(path, mirror));
    }
    out
}

fn classify(path: PathBuf, mirror: PathBuf) -> Input {
    if is_warc_name(&path) {
        Input::Warc(path)
    } else {
        Input::Page(path, mirror)
    }
}

fn is_page_name(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    [
        ".html",
        ".htm",
        ".xhtml",
        ".html.gz",
        ".htm.gz",
        ".xhtml.gz",
    ]
    .iter()
    .any(|e| name.ends_with(e))
}

fn is_warc_name(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

fn make_progress(opts: &BatchOptions, total: Option<u64>) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !opts.progress || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = match total {
        Some(n) => indicatif::ProgressBar::new(n),
        None => indicatif::ProgressBar::new_spinner(),
    };
    let template = if total.is_some() {
        "{bar:30} {pos}/{len} pages, {per_sec}, {msg}, ETA {eta}"
    } else {
        "{spinner} {pos} pages, {per_sec}, {msg}, {elapsed}"
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    Some(bar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_distinct() {
        let a = record_file_name(Some("https://example.org/../../etc/passwd"), None, 0);
        assert!(
            !a.contains('/') && !a.contains("..") && !a.starts_with('.'),
            "{a}"
        );
        let b = record_file_name(Some("https://example.org/a?b"), None, 0);
        let c = record_file_name(Some("https://example.org/a&b"), None, 0);
        assert_ne!(b, c, "two URLs that sanitise alike keep distinct names");
        let long = record_file_name(Some(&format!("http://x/{}", "a".repeat(4000))), None, 0);
        assert!(long.len() < 200);
        assert_eq!(sanitize("\0\u{1}..", 50), "page");
        assert_eq!(sanitize("/abs/path", 50), "abs_path");
    }

    #[test]
    fn output_names_are_one_to_one() {
        assert_eq!(output_stem("a.html"), "a");
        assert_eq!(output_stem("a.htm"), "a.htm");
        assert_eq!(output_stem("a.HTML"), "a.HTML");
        assert_eq!(output_stem("a.html.gz"), "a.html.gz");
        assert_eq!(output_stem("a.htm.html"), "a.htm.html");
        assert_eq!(output_stem("a.php"), "a.php.html");
        assert_eq!(output_stem(".html"), ".html.html");
        assert_eq!(output_stem(".html.html"), ".html");
        // No two names of a folder share an output.
        let names = [
            "a",
            "a.html",
            "a.htm",
            "a.HTML",
            "a.html.gz",
            "a.htm.html",
            "a.html.html",
            "a.gz",
            "a.gz.html",
            "a.php",
            "a.php.html",
            ".html",
            ".html.html",
            "b.xhtml",
            "b.xhtml.html",
        ];
        let outs: std::collections::HashSet<_> = names.iter().map(|n| output_stem(n)).collect();
        assert_eq!(outs.len(), names.len(), "{outs:?}");
    }
}
