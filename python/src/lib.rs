//! The Python binding of gleaner: `gleaner._gleaner`, wrapped by the typed package in
//! `gleaner/`. It stays thin: every decision (decoding, extraction, the record
//! schema, the verdict on each WARC record) is the Rust library's, so the binding and
//! the command line give the same records. The GIL is released while a page is
//! extracted, so Python threads run on every core.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{Arc, Mutex, OnceLock};

use gleaner::config::Favor;
use gleaner::record::Source;
use gleaner::warc::{Entry, Reader, RecordInfo};
use gleaner::{Config, Document, Extractor, InputFormat, Options};
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyDict, PyList};
use serde_json::Value;

pyo3::create_exception!(
    gleaner,
    ExtractionError,
    PyException,
    "A page that could not be extracted: over a budget, binary, or a bug; the message names the cause."
);
pyo3::create_exception!(
    gleaner,
    ConfigError,
    PyValueError,
    "A configuration that cannot be read: the message names the source and the key."
);

/// A compiled configuration: `config.toml`'s fields, checked as the command line
/// checks them.
#[pyclass(frozen, name = "Config", module = "gleaner")]
struct PyConfig {
    config: Config,
    extractor: Arc<Extractor>,
}

impl PyConfig {
    fn build(config: Config) -> PyConfig {
        PyConfig {
            extractor: Arc::new(Extractor::new(config.clone())),
            config,
        }
    }
}

#[pymethods]
impl PyConfig {
    /// The default configuration (the `config.toml` shipped with gleaner).
    #[new]
    fn new() -> PyConfig {
        PyConfig::build(Config::default())
    }

    /// Reads overrides of the defaults from a TOML file (a path) or TOML text, with
    /// `favor` ("balanced", "precision" or "recall") laid over them.
    #[staticmethod]
    #[pyo3(signature = (path_or_str, *, favor = "balanced"))]
    fn from_toml(path_or_str: &Bound<'_, PyAny>, favor: &str) -> PyResult<PyConfig> {
        let favor = match favor {
            "balanced" => Favor::Balanced,
            "precision" => Favor::Precision,
            "recall" => Favor::Recall,
            other => {
                return Err(PyValueError::new_err(format!(
                    "favor must be \"balanced\", \"precision\" or \"recall\", not {other:?}"
                )));
            }
        };
        let text: Option<String> = path_or_str.extract::<String>().ok();
        let config = match text {
            // TOML text: what a path never holds.
            Some(text) if text.contains(['\n', '=', '[']) || text.trim().is_empty() => {
                Config::with_overrides(&text, "TOML text")
            }
            _ => {
                let path: std::path::PathBuf = path_or_str.extract().map_err(|_| {
                    PyTypeError::new_err("from_toml takes a path or a string of TOML")
                })?;
                Config::from_file(&path)
            }
        };
        let config = config
            .and_then(|c| c.favoring(favor))
            .map_err(|e| ConfigError::new_err(e.to_string()))?;
        Ok(PyConfig::build(config))
    }

    /// This configuration with the fields of `toml` (TOML text) laid over it.
    fn with_overrides(&self, toml: &str) -> PyResult<PyConfig> {
        self.config
            .overlaid(toml, "TOML text")
            .map(PyConfig::build)
            .map_err(|e| ConfigError::new_err(e.to_string()))
    }

    /// The whole configuration as TOML (`Config.from_toml` reads it back).
    fn to_toml(&self) -> PyResult<String> {
        toml_text(&self.config)
    }

    /// Pickled as its TOML: a configuration travels to Spark executors and
    /// datatrove workers.
    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<(Py<PyAny>, (String,))> {
        let from_toml = slf.get_type().getattr("from_toml")?.unbind();
        Ok((from_toml, (toml_text(&slf.get().config)?,)))
    }

    fn __repr__(&self) -> String {
        "gleaner.Config(...)".into()
    }
}

fn toml_text(config: &Config) -> PyResult<String> {
    config
        .to_toml()
        .map_err(|e| ConfigError::new_err(e.to_string()))
}

/// The extractor of `config`, or the default one (compiled once).
fn extractor_of(config: Option<&Bound<'_, PyConfig>>) -> Arc<Extractor> {
    static DEFAULT: OnceLock<Arc<Extractor>> = OnceLock::new();
    match config {
        Some(c) => c.get().extractor.clone(),
        None => DEFAULT
            .get_or_init(|| Arc::new(Extractor::new(Config::default())))
            .clone(),
    }
}

/// What the article text of a record is.
#[derive(Clone, Copy)]
enum TextFormat {
    Text,
    Markdown,
}

fn options_of(
    extractor: &Extractor,
    format: &str,
    input_format: &str,
    url: Option<String>,
    detect_language: bool,
) -> PyResult<(Options, TextFormat)> {
    let text_format = match format {
        "text" => TextFormat::Text,
        "markdown" => TextFormat::Markdown,
        other => {
            return Err(PyValueError::new_err(format!(
                "format must be \"text\" or \"markdown\", not {other:?}"
            )));
        }
    };
    let input_format = match input_format {
        "auto" => InputFormat::Auto,
        "html" => InputFormat::Html,
        "text" => InputFormat::Text,
        other => {
            return Err(PyValueError::new_err(format!(
                "input_format must be \"auto\", \"html\" or \"text\", not {other:?}"
            )));
        }
    };
    let output = &extractor.config().output;
    Ok((
        Options {
            markdown: matches!(text_format, TextFormat::Markdown),
            links: output.links,
            images: output.images,
            charset: None,
            url,
            input_format,
            fingerprints: false,
            skip_language: !detect_language,
        },
        text_format,
    ))
}

/// Extracts one page, catching a bug's panic as an error of that page.
fn extract_page(
    extractor: &Extractor,
    bytes: &[u8],
    options: &Options,
) -> Result<Document, (&'static str, String)> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extractor.extract_within_budget(bytes, options)
    }))
    .map_err(|_| {
        (
            "internal error",
            "gleaner hit a bug on this page; please report it".to_string(),
        )
    })?
    .map_err(|rejected| (rejected.kind(), rejected.to_string()))
}

fn page_record(source: &Source, doc: &Document, format: TextFormat) -> Value {
    let text = match format {
        TextFormat::Text => doc.text(),
        TextFormat::Markdown => doc.markdown(false),
    };
    gleaner::record::page_with_text(source, doc, text)
}

/// The record of one page as a dict (the command line's JSON record): `html` is bytes
/// (decoded as a browser would) or str.
#[pyfunction]
#[pyo3(signature = (html, url = None, *, format = "text", config = None, input_format = "auto", detect_language = true))]
fn extract(
    py: Python<'_>,
    html: &Bound<'_, PyAny>,
    url: Option<String>,
    format: &str,
    config: Option<&Bound<'_, PyConfig>>,
    input_format: &str,
    detect_language: bool,
) -> PyResult<Py<PyAny>> {
    let extractor = extractor_of(config);
    let (mut options, text_format) =
        options_of(&extractor, format, input_format, url, detect_language)?;
    enum Input {
        Bytes(PyBackedBytes),
        Str(PyBackedStr),
    }
    let input = if let Ok(b) = html.extract::<PyBackedBytes>() {
        Input::Bytes(b)
    } else if let Ok(s) = html.extract::<PyBackedStr>() {
        // Already decoded: a <meta charset> inside must not decode it again.
        options.charset = Some("utf-8".into());
        Input::Str(s)
    } else {
        return Err(PyTypeError::new_err(format!(
            "html must be bytes or str, not {}",
            html.get_type().name()?
        )));
    };
    let result = py.detach(|| {
        let bytes: &[u8] = match &input {
            Input::Bytes(b) => b,
            Input::Str(s) => s.as_bytes(),
        };
        let doc = extract_page(&extractor, bytes, &options)?;
        let source = Source {
            input: options.url.as_deref().unwrap_or("-"),
            url: options.url.as_deref(),
            ..Default::default()
        };
        Ok(page_record(&source, &doc, text_format))
    });
    match result {
        Ok(record) => to_python(py, &record),
        Err((kind, message)) => Err(ExtractionError::new_err(format!("{kind}: {message}"))),
    }
}

/// A Python file object read as a byte stream (`read(n)` returning bytes).
struct PyFile(Py<PyAny>);

impl Read for PyFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        Python::attach(|py| {
            let data = self
                .0
                .bind(py)
                .call_method1("read", (buf.len(),))
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            let data: PyBackedBytes = data.extract().map_err(|_| {
                std::io::Error::other(
                    "the file object's read() did not return bytes (open it in \"rb\" mode)",
                )
            })?;
            let n = data.len().min(buf.len());
            buf[..n].copy_from_slice(&data[..n]);
            Ok(n)
        })
    }
}

/// Counts of a WARC walk, named as the command line's summary names them.
#[derive(Default)]
struct Counts {
    pages: u64,
    extracted: u64,
    empty: u64,
    failed: BTreeMap<String, u64>,
    skipped: BTreeMap<String, u64>,
}

struct Walk {
    reader: Option<Reader<Box<dyn Read + Send>>>,
    extractor: Arc<Extractor>,
    options: Options,
    format: TextFormat,
    input: String,
    counts: Counts,
}

/// One yielded item: a page's record or an error record.
struct Yielded {
    record_id: Option<String>,
    url: Option<String>,
    ok: bool,
    record: Value,
}

impl Walk {
    fn next(&mut self) -> Option<Yielded> {
        let limit = self.extractor.config().limits.max_input_bytes;
        loop {
            let item = match self.reader.as_mut()?.next() {
                None => {
                    self.reader = None;
                    return None;
                }
                Some(Ok(item)) => item,
                Some(Err(e)) => {
                    // The stream cannot be read on: one error, as the command line
                    // reports an unreadable input, and the end.
                    self.reader = None;
                    let message = format!("cannot read {}: {e}", self.input);
                    return Some(self.failure(
                        RecordInfo::default(),
                        false,
                        "unreadable input",
                        &message,
                    ));
                }
            };
            match gleaner::warc::entry(item, limit) {
                Entry::Skipped(why) => *self.counts.skipped.entry(why).or_default() += 1,
                Entry::Failed {
                    info,
                    reason,
                    message,
                } => return Some(self.failure(info, true, reason, &message)),
                Entry::Page {
                    info,
                    body,
                    charset,
                } => {
                    let mut options = self.options.clone();
                    options.charset = charset;
                    options.url = info.url.clone();
                    return Some(match extract_page(&self.extractor, &body, &options) {
                        Err((kind, message)) => self.failure(info, true, kind, &message),
                        Ok(doc) => {
                            self.counts.pages += 1;
                            if doc.blocks.is_empty() {
                                self.counts.empty += 1;
                            } else {
                                self.counts.extracted += 1;
                            }
                            let record = page_record(&self.source(&info, true), &doc, self.format);
                            Yielded {
                                record_id: info.record_id,
                                url: info.url,
                                ok: true,
                                record,
                            }
                        }
                    });
                }
            }
        }
    }

    fn source<'a>(&'a self, info: &'a RecordInfo, at_record: bool) -> Source<'a> {
        Source {
            input: &self.input,
            url: info.url.as_deref(),
            record_id: info.record_id.as_deref(),
            offset: at_record.then_some(info.offset),
            warc_date: info.date.as_deref(),
        }
    }

    fn failure(&mut self, info: RecordInfo, at_record: bool, kind: &str, message: &str) -> Yielded {
        self.counts.pages += 1;
        *self.counts.failed.entry(kind.to_string()).or_default() += 1;
        let record = gleaner::record::error(&self.source(&info, at_record), kind, message);
        Yielded {
            record_id: info.record_id,
            url: info.url,
            ok: false,
            record,
        }
    }
}

/// Streams the records of a WARC archive (plain or gzip): for each page, a tuple
/// `(record_id, url, ok, record)`, where `record` is the page's record when `ok` and
/// its error record otherwise. Records that are not pages are counted, not yielded.
#[pyclass(name = "WarcIterator", module = "gleaner")]
struct WarcIterator {
    walk: Mutex<Walk>,
}

#[pymethods]
impl WarcIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let next = py.detach(|| {
            let mut walk = self.walk.lock().unwrap_or_else(|e| e.into_inner());
            walk.next()
        });
        match next {
            None => Ok(None),
            Some(y) => Ok(Some(
                (y.record_id, y.url, y.ok, to_python(py, &y.record)?).into_py_any(py)?,
            )),
        }
    }

    /// What was seen so far: pages, extracted, empty, failed and skipped by reason.
    fn counts(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let walk = self.walk.lock().unwrap_or_else(|e| e.into_inner());
        let c = &walk.counts;
        let value = serde_json::json!({
            "pages": c.pages,
            "extracted": c.extracted,
            "empty": c.empty,
            "failed": c.failed,
            "skipped": c.skipped,
        });
        to_python(py, &value)
    }
}

/// Opens a WARC walk over a path or a binary file object; `name` is the input's name
/// in the records (`source.file`), by default the path or the file object's `name`.
#[pyfunction]
#[pyo3(signature = (path_or_fileobj, *, format = "text", config = None, name = None, detect_language = true))]
fn iter_warc(
    path_or_fileobj: &Bound<'_, PyAny>,
    format: &str,
    config: Option<&Bound<'_, PyConfig>>,
    name: Option<String>,
    detect_language: bool,
) -> PyResult<WarcIterator> {
    let extractor = extractor_of(config);
    let (options, text_format) = options_of(&extractor, format, "auto", None, detect_language)?;
    let (reader, default_name): (Box<dyn Read + Send>, String) =
        if path_or_fileobj.hasattr("read")? {
            let name = path_or_fileobj
                .getattr("name")
                .and_then(|n| n.str().map(|s| s.to_string()))
                .unwrap_or_else(|_| "<file object>".into());
            (Box::new(PyFile(path_or_fileobj.clone().unbind())), name)
        } else {
            let path: std::path::PathBuf = path_or_fileobj.extract().map_err(|_| {
                PyTypeError::new_err("iter_warc takes a path or a binary file object")
            })?;
            let file = std::fs::File::open(&path)?;
            (Box::new(file), path.display().to_string())
        };
    let limit = extractor.config().limits.max_input_bytes;
    Ok(WarcIterator {
        walk: Mutex::new(Walk {
            reader: Some(Reader::new(reader, limit)),
            extractor,
            options,
            format: text_format,
            input: name.unwrap_or(default_name),
            counts: Counts::default(),
        }),
    })
}

/// A JSON value as the Python value `json.loads` would give.
fn to_python(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_py_any(py)?,
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_py_any(py)?,
            (None, Some(u)) => u.into_py_any(py)?,
            _ => n.as_f64().unwrap_or(f64::NAN).into_py_any(py)?,
        },
        Value::String(s) => s.into_py_any(py)?,
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_python(py, v)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

/// gleaner: web pages to exactly their article, with metadata.
#[pymodule]
#[pyo3(name = "_gleaner")]
fn gleaner_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(iter_warc, m)?)?;
    m.add_class::<PyConfig>()?;
    m.add_class::<WarcIterator>()?;
    m.add("ExtractionError", m.py().get_type::<ExtractionError>())?;
    m.add("ConfigError", m.py().get_type::<ConfigError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
