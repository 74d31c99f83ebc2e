//! Fetching pages: many URLs at once, politely, patiently and within bounds.
//!
//! Every URL ends as a [`Page`] or a [`Failure`] with its [`FailKind`]. Politeness is
//! per host (scheme, host and port): at most `per_host_concurrency` requests in flight
//! and `per_host_delay_ms` between the starts of two requests, longer if robots.txt
//! asks for a `Crawl-delay`; robots.txt is fetched once per host and honoured. Over
//! all hosts, at most `concurrency` requests are in flight, and at most a fixed
//! multiple of that many URLs are waiting, so a list of millions streams through in
//! bounded memory. Connection errors, timeouts, 5xx and 429 are retried with
//! exponential backoff and jitter (a `Retry-After` is honoured); other 4xx are not.
//! Bodies are read as a stream and cut off at `max_body_bytes`.
//!
//! The fetcher runs on its own small tokio runtime; results are handed to a callback
//! on the calling thread, which may block (the batch pipeline's back-pressure): the
//! fetches then wait, they do not pile up.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::Url;
use tokio::sync::{OnceCell, Semaphore};

use crate::config::FetchConfig;
use crate::robots::Robots;

/// URLs that may wait for a slot, per request allowed in flight.
const WAITING_PER_SLOT: usize = 64;

/// A fetched page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL as given.
    pub requested: String,
    /// The URL after redirects: the page's own URL.
    pub url: String,
    /// The HTTP status (2xx).
    pub status: u16,
    /// The response headers, names as sent.
    pub headers: Vec<(String, String)>,
    /// The request: first the request line (`GET`, `/path HTTP/1.1`), then headers.
    pub request_headers: Vec<(String, String)>,
    /// The body, content-decoded.
    pub body: Vec<u8>,
    /// When the response arrived, in seconds since 1970.
    pub fetched_at: i64,
}

impl Page {
    /// The `charset` parameter of the `Content-Type` header.
    pub fn charset(&self) -> Option<String> {
        crate::http::charset_param(header(&self.headers, "content-type")?)
    }
}

/// Why a URL gave no page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailKind {
    /// Not an http(s) URL, or not a URL at all.
    BadUrl,
    /// The host name did not resolve.
    Dns,
    /// No connection could be opened.
    Connect,
    /// The connection broke during the exchange.
    Connection,
    /// The connection or the whole request took too long.
    Timeout,
    /// Too many redirects (or a redirect loop).
    Redirects,
    /// The server answered with an error status.
    Status,
    /// The body is larger than `max_body_bytes`.
    TooLarge,
    /// robots.txt disallows the URL.
    Robots,
    /// The content type is not HTML.
    NotHtml,
}

impl FailKind {
    /// The reason as error records and summaries name it.
    pub fn as_str(self) -> &'static str {
        match self {
            FailKind::BadUrl => "bad url",
            FailKind::Dns => "dns",
            FailKind::Connect => "connect",
            FailKind::Connection => "connection",
            FailKind::Timeout => "timeout",
            FailKind::Redirects => "redirects",
            FailKind::Status => "status",
            FailKind::TooLarge => "too large",
            FailKind::Robots => "robots",
            FailKind::NotHtml => "not HTML",
        }
    }

    fn retryable(self) -> bool {
        matches!(
            self,
            FailKind::Connect | FailKind::Connection | FailKind::Timeout
        )
    }
}

/// A URL that gave no page.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The URL as given.
    pub requested: String,
    /// The class of failure.
    pub kind: FailKind,
    /// What happened, for people.
    pub message: String,
}

/// Run-time choices that are not in the config file.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Requests in flight over all hosts.
    pub concurrency: usize,
    /// Honour robots.txt.
    pub robots: bool,
    /// Take `text/plain` responses too (for text-mode input).
    pub accept_plain_text: bool,
}

/// Checks that a URL can be fetched: it parses, and its scheme is http or https.
pub fn check_url(url: &str) -> Result<Url, String> {
    let parsed = Url::parse(url).map_err(|e| format!("not a valid URL: {e}"))?;
    match parsed.scheme() {
        "http" | "https" => {}
        other => {
            return Err(format!(
                "the {other}: scheme is not fetched (only http and https)"
            ));
        }
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("the URL has no host".into());
    }
    Ok(parsed)
}

/// Fetches every URL, calling `done` on this thread once per URL with its page or
/// failure, in the order they finish; once `stop` is set, no new request starts.
/// Fails only if the client cannot be set up.
pub fn fetch_all<I>(
    urls: I,
    config: &FetchConfig,
    options: &FetchOptions,
    stop: &'static std::sync::atomic::AtomicBool,
    mut done: impl FnMut(Result<Page, Failure>),
) -> Result<(), String>
where
    I: IntoIterator<Item = String> + Send + 'static,
    I::IntoIter: Send,
{
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the fetcher: {e}"))?;
    let fetcher = Arc::new(Fetcher::new(config, options)?);
    let slots = options.concurrency.max(1);
    let (tx, mut rx) = tokio::sync::mpsc::channel(slots);
    runtime.spawn(async move {
        let waiting = Arc::new(Semaphore::new(slots * WAITING_PER_SLOT));
        for url in urls {
            let Ok(ticket) = Arc::clone(&waiting).acquire_owned().await else {
                break;
            };
            // Stopped: no new request starts; those in flight finish.
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let fetcher = Arc::clone(&fetcher);
            let tx = tx.clone();
            tokio::spawn(async move {
                let result = fetcher.fetch(url).await;
                drop(ticket);
                let _ = tx.send(result).await;
            });
        }
    });
    while let Some(result) = rx.blocking_recv() {
        done(result);
    }
    runtime.shutdown_background();
    Ok(())
}

/// One host's politeness state.
struct Host {
    /// Requests in flight to the host.
    slots: Semaphore,
    /// When the next request to the host may start.
    next_start: Mutex<Instant>,
    /// Least time between request starts, in milliseconds.
    delay_ms: AtomicU64,
    /// Its robots.txt, read once.
    robots: OnceCell<Robots>,
}

struct Fetcher {
    client: reqwest::Client,
    config: FetchConfig,
    options: FetchOptions,
    /// Requests in flight over all hosts.
    in_flight: Semaphore,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
    /// The robots.txt product token: the user agent up to its first `/` or space.
    agent_token: String,
}

/// What one attempt gave.
enum Attempt {
    Page(Page),
    /// A failure, with how long to wait before retrying if it may be retried.
    Failed(Failure, Option<Duration>),
}

impl Fetcher {
    fn new(config: &FetchConfig, options: &FetchOptions) -> Result<Fetcher, String> {
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .connect_timeout(Duration::from_millis(config.connect_timeout_ms))
            .timeout(Duration::from_millis(config.timeout_ms))
            .redirect(reqwest::redirect::Policy::limited(config.max_redirects))
            .build()
            .map_err(|e| format!("cannot set up the HTTP client: {e}"))?;
        let agent_token = config
            .user_agent
            .split(['/', ' '])
            .next()
            .unwrap_or("gleaner")
            .to_string();
        Ok(Fetcher {
            client,
            config: config.clone(),
            options: options.clone(),
            in_flight: Semaphore::new(options.concurrency.max(1)),
            hosts: Mutex::new(HashMap::new()),
            agent_token,
        })
    }

    fn host(&self, url: &Url) -> Arc<Host> {
        let key = url.origin().ascii_serialization();
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        if hosts.len() >= self.config.hosts_remembered.max(1) && !hosts.contains_key(&key) {
            // Forget hosts no fetch is using and whose delay has passed, so a list of
            // millions of hosts keeps memory bounded (a host seen again later has its
            // robots.txt read again).
            let now = Instant::now();
            hosts.retain(|_, h| {
                Arc::strong_count(h) > 1
                    || *h.next_start.lock().unwrap_or_else(|e| e.into_inner()) > now
            });
        }
        Arc::clone(hosts.entry(key).or_insert_with(|| {
            Arc::new(Host {
                slots: Semaphore::new(self.config.per_host_concurrency.max(1)),
                next_start: Mutex::new(Instant::now()),
                delay_ms: AtomicU64::new(self.config.per_host_delay_ms),
                robots: OnceCell::new(),
            })
        }))
    }

    async fn fetch(&self, requested: String) -> Result<Page, Failure> {
        let fail = |kind, message: String| Failure {
            requested: requested.clone(),
            kind,
            message,
        };
        let url = check_url(&requested).map_err(|m| fail(FailKind::BadUrl, m))?;
        let host = self.host(&url);
        if self.options.robots {
            let robots = host
                .robots
                .get_or_init(|| self.read_robots(&url, &host))
                .await;
            let target = path_and_query(&url);
            if !robots.allowed(&target) {
                return Err(fail(
                    FailKind::Robots,
                    format!("robots.txt disallows {target} for {}", self.agent_token),
                ));
            }
        }
        let mut attempt = 0;
        loop {
            match self.attempt(&requested, &url, &host, attempt).await {
                Attempt::Page(page) => return Ok(page),
                Attempt::Failed(failure, None) => return Err(failure),
                Attempt::Failed(mut failure, Some(wait)) => {
                    if attempt >= self.config.retries {
                        if attempt > 0 {
                            failure.message =
                                format!("{} (after {} attempts)", failure.message, attempt + 1);
                        }
                        return Err(failure);
                    }
                    attempt += 1;
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// The backoff before retry number `attempt + 1`: doubling from `backoff_ms`, with
    /// up to half of it taken off at random so that clients do not retry in step.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self
            .config
            .backoff_ms
            .saturating_mul(1u64 << attempt.min(20))
            .min(self.config.max_backoff_ms);
        let jitter = (base / 2) as f64 * fastrand::f64();
        Duration::from_millis(base - jitter as u64)
    }

    /// Waits for the host's turn (a slot, then a free moment after the delay) and a
    /// slot over all hosts.
    /// `spaced`: whether the next request must wait `delay_ms` after this one (not
    /// after robots.txt, which every polite client reads first: a single URL then costs
    /// no wait).
    async fn turn<'a>(
        &'a self,
        host: &'a Host,
        spaced: bool,
    ) -> (
        Option<tokio::sync::SemaphorePermit<'a>>,
        Option<tokio::sync::SemaphorePermit<'a>>,
    ) {
        // Neither semaphore is ever closed, so acquiring cannot fail; if it somehow
        // did, going ahead without the permit is safer than giving up the page.
        let host_slot = host.slots.acquire().await.ok();
        let slot = self.in_flight.acquire().await.ok();
        let start = {
            let mut next = host.next_start.lock().unwrap_or_else(|e| e.into_inner());
            let start = (*next).max(Instant::now());
            if spaced {
                *next = start + Duration::from_millis(host.delay_ms.load(Ordering::Relaxed));
            }
            start
        };
        tokio::time::sleep_until(start.into()).await;
        (host_slot, slot)
    }

    /// One request; `retry` counts the attempts before it (for the backoff).
    async fn attempt(&self, requested: &str, url: &Url, host: &Host, retry: u32) -> Attempt {
        let turn = self.turn(host, true).await;
        let fail = |kind: FailKind, message: String| Failure {
            requested: requested.to_string(),
            kind,
            message,
        };
        let accept = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";
        let response = match self
            .client
            .get(url.clone())
            .header(reqwest::header::ACCEPT, accept)
            .send()
            .await
        {
            Ok(r) => r,
            Err(e) => return self.network_failure(requested, &e, retry),
        };
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let final_url = response.url().to_string();
        if !(200..300).contains(&status) {
            drop(turn);
            let message = format!("{final_url} answered {status}");
            if status == 429 || status >= 500 {
                let wait = match header(&headers, "retry-after").and_then(retry_after) {
                    Some(wait) if wait > Duration::from_millis(self.config.max_retry_after_ms) => {
                        let message = format!("{message}, and asked to wait {} s", wait.as_secs());
                        return Attempt::Failed(fail(FailKind::Status, message), None);
                    }
                    Some(wait) => wait,
                    None => self.backoff(retry),
                };
                return Attempt::Failed(fail(FailKind::Status, message), Some(wait));
            }
            return Attempt::Failed(fail(FailKind::Status, message), None);
        }
        let mime = header(&headers, "content-type")
            .and_then(crate::http::mime_of)
            .unwrap_or_default();
        let html = mime.is_empty()
            || crate::http::is_html_mime(&mime)
            || (self.options.accept_plain_text && mime == "text/plain");
        if !html {
            return Attempt::Failed(
                fail(
                    FailKind::NotHtml,
                    format!("{final_url} is {mime}, not an HTML page"),
                ),
                None,
            );
        }
        let limit = self.config.max_body_bytes;
        let too_large = |what: &str| {
            fail(
                FailKind::TooLarge,
                format!(
                    "{final_url}: the body {what} the limit of {limit} bytes (fetch.max_body_bytes)"
                ),
            )
        };
        if response.content_length().is_some_and(|n| n > limit) {
            return Attempt::Failed(too_large("is declared larger than"), None);
        }
        let mut response = response;
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() as u64 + chunk.len() as u64 > limit {
                        return Attempt::Failed(too_large("grew past"), None);
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return self.network_failure(requested, &e, retry),
            }
        }
        drop(turn);
        let request_headers = vec![
            (
                "GET".to_string(),
                format!("{} HTTP/1.1", path_and_query(url)),
            ),
            (
                "Host".to_string(),
                url.host_str().unwrap_or_default().to_string(),
            ),
            ("User-Agent".to_string(), self.config.user_agent.clone()),
            ("Accept".to_string(), accept.to_string()),
            (
                "Accept-Encoding".to_string(),
                "gzip, br, deflate".to_string(),
            ),
        ];
        Attempt::Page(Page {
            requested: requested.to_string(),
            url: final_url,
            status,
            headers,
            request_headers,
            body,
            fetched_at: crate::warc_write::now_secs(),
        })
    }

    /// A request that failed on the network: its class, and the backoff when the class
    /// may be retried. (The caller's slots are freed as it returns.)
    fn network_failure(&self, requested: &str, e: &reqwest::Error, retry: u32) -> Attempt {
        let kind = classify(e);
        let failure = Failure {
            requested: requested.to_string(),
            kind,
            message: describe_error(e),
        };
        Attempt::Failed(failure, kind.retryable().then(|| self.backoff(retry)))
    }

    /// Reads a host's robots.txt (RFC 9309): 2xx is parsed, 4xx allows everything,
    /// 5xx and 429 disallow everything, and a robots.txt that cannot be reached at all
    /// allows (the page's own request then reports what is wrong). Sets the host's
    /// delay from `Crawl-delay`.
    async fn read_robots(&self, url: &Url, host: &Host) -> Robots {
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        let turn = self.turn(host, false).await;
        let robots = match self.client.get(robots_url).send().await {
            Err(_) => Robots::allow_all(),
            Ok(r) if r.status().as_u16() == 429 || r.status().is_server_error() => {
                Robots::disallow_all()
            }
            Ok(r) if !r.status().is_success() => Robots::allow_all(),
            Ok(mut r) => {
                let mut text = Vec::new();
                let limit = self.config.robots_max_bytes as usize;
                while let Ok(Some(chunk)) = r.chunk().await {
                    let room = limit.saturating_sub(text.len());
                    text.extend_from_slice(&chunk[..chunk.len().min(room)]);
                    if text.len() >= limit {
                        break;
                    }
                }
                Robots::parse(&String::from_utf8_lossy(&text), &self.agent_token)
            }
        };
        drop(turn);
        if let Some(secs) = robots.crawl_delay() {
            let ms = ((secs * 1000.0) as u64).min(self.config.max_crawl_delay_ms);
            host.delay_ms.fetch_max(ms, Ordering::Relaxed);
        }
        robots
    }
}

/// A URL's path with its query: what robots.txt rules and request lines name.
fn path_and_query(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

fn classify(e: &reqwest::Error) -> FailKind {
    if e.is_redirect() {
        return FailKind::Redirects;
    }
    if e.is_timeout() {
        return FailKind::Timeout;
    }
    let chain = describe_error(e).to_ascii_lowercase();
    if chain.contains("dns error") || chain.contains("failed to lookup address") {
        return FailKind::Dns;
    }
    if e.is_connect() {
        return FailKind::Connect;
    }
    FailKind::Connection
}

/// The error and its causes, joined: reqwest's own message alone is often just
/// "error sending request".
fn describe_error(e: &reqwest::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = s.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_are_fetched() {
        assert!(check_url("https://example.org/a").is_ok());
        assert!(check_url("HTTP://example.org").is_ok());
        assert!(
            check_url("ftp://example.org/a")
                .unwrap_err()
                .contains("ftp")
        );
        assert!(check_url("file:///etc/passwd").is_err());
        assert!(check_url("http://").is_err());
        assert!(check_url("not a url").is_err());
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn backoff_doubles_within_bounds() {
        let mut config = crate::Config::default().fetch;
        config.backoff_ms = 100;
        config.max_backoff_ms = 1000;
        let options = FetchOptions {
            concurrency: 1,
            robots: false,
            accept_plain_text: false,
        };
        let f = Fetcher::new(&config, &options).unwrap();
        for (attempt, top) in [(0, 100), (1, 200), (2, 400), (5, 1000), (40, 1000)] {
            let d = f.backoff(attempt).as_millis() as u64;
            assert!(d <= top && d >= top / 2, "attempt {attempt}: {d}");
        }
    }
}
