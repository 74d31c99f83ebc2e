//! The JSON record of a page: the schema of `--format json` and `--format jsonl`, one
//! source of truth for the command line and the language bindings.
//!
//! A page record has the fields corpus tools expect (`id`, `url`, `text`), the
//! headline metadata (`title`, `author`, `date`), the outcome (`ok` or `empty`), where
//! the page came from (`source`) and every metadata field (`metadata`). An error record
//! names the input, the record, the reason and a message.

use serde_json::{Value, json};

use crate::Document;

/// Where a page came from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Source<'a> {
    /// The input as given: a file path, `-`, a WARC file or a URL.
    pub input: &'a str,
    /// The page's own URL (WARC-Target-URI, or the URL fetched).
    pub url: Option<&'a str>,
    /// WARC-Record-ID.
    pub record_id: Option<&'a str>,
    /// Byte offset of the record in its WARC file.
    pub offset: Option<u64>,
    /// WARC-Date, or when the page was fetched.
    pub warc_date: Option<&'a str>,
}

impl Source<'_> {
    /// The record's id: the WARC record id, or a stable hash of the input's name.
    pub fn id(&self) -> String {
        self.record_id
            .map(String::from)
            .unwrap_or_else(|| format!("{:016x}", fnv1a(self.input.as_bytes())))
    }
}

/// The record of a page whose article is `doc`, with its plain text.
pub fn page(source: &Source, doc: &Document) -> Value {
    page_with_text(source, doc, doc.text())
}

/// The record of a page with `text` as its article (plain text or Markdown).
pub fn page_with_text(source: &Source, doc: &Document, text: String) -> Value {
    let m = &doc.metadata;
    let value = |f: &Option<crate::meta::Sourced<String>>| f.as_ref().map(|s| s.value.clone());
    let authors: Vec<String> = m
        .authors
        .as_ref()
        .map(|a| a.value.clone())
        .unwrap_or_default();
    let author = (!authors.is_empty()).then(|| crate::meta::join_names(&authors));
    let word_count = text.split_whitespace().count();
    json!({
        "id": source.id(),
        "url": source.url,
        "title": doc.title,
        "author": author,
        "date": value(&m.date),
        "text": text,
        "outcome": if doc.blocks.is_empty() { "empty" } else { "ok" },
        "source": {
            "file": source.input,
            "record_id": source.record_id,
            "offset": source.offset,
            "warc_date": source.warc_date,
        },
        "metadata": {
            "title": doc.title,
            "authors": authors,
            "date": value(&m.date),
            "date_modified": value(&m.date_modified),
            "site_name": value(&m.site_name),
            "description": value(&m.description),
            "language": value(&m.language),
            "language_declared": value(&m.language_declared),
            "language_detected": m.language_detected,
            "page_type": value(&m.page_type),
            "url": source.url,
            "canonical_url": value(&m.canonical_url),
            "image": value(&m.image),
            "tags": m.tags,
            "word_count": word_count,
        },
    })
}

/// The record of a page that failed: `reason` is the short kind (`over budget`,
/// `bad WARC record`, ...), `message` says what happened.
pub fn error(source: &Source, reason: &str, message: &str) -> Value {
    json!({
        "input": source.input,
        "url": source.url,
        "record_id": source.record_id,
        "offset": source.offset,
        "reason": reason,
        "message": message,
    })
}

/// FNV-1a, 64 bits: a stable id for inputs that have none.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_record_ids_or_stable_hashes() {
        let with_id = Source {
            input: "a.warc",
            record_id: Some("urn:uuid:1"),
            ..Default::default()
        };
        assert_eq!(with_id.id(), "urn:uuid:1");
        let file = Source {
            input: "pages/a.html",
            ..Default::default()
        };
        assert_eq!(file.id(), file.id());
        assert_eq!(file.id().len(), 16);
        assert_ne!(
            file.id(),
            Source {
                input: "pages/b.html",
                ..Default::default()
            }
            .id()
        );
    }

    #[test]
    fn page_records_carry_text_metadata_and_source() {
        let extractor = crate::Extractor::new(crate::Config::default());
        let doc = extractor.extract(
            b"<html lang=en><head><title>Road</title></head><body><article><h1>Road to be mended</h1>\
              <p>The council met on Monday and agreed, after a long debate, to repair the coast road.</p>\
              </article></body></html>",
            &crate::Options::default(),
        );
        let source = Source {
            input: "x.warc",
            url: Some("https://example.org/a"),
            record_id: Some("urn:uuid:9"),
            offset: Some(42),
            warc_date: Some("2024-05-30T10:00:00Z"),
        };
        let v = page(&source, &doc);
        assert_eq!(v["id"], "urn:uuid:9");
        assert_eq!(v["outcome"], "ok");
        assert_eq!(v["source"]["offset"], 42);
        assert_eq!(v["metadata"]["language"], "en");
        assert!(v["text"].as_str().unwrap_or("").contains("coast road"));
        let e = error(&source, "over budget", "too many nodes");
        assert_eq!(e["reason"], "over budget");
        assert_eq!(e["record_id"], "urn:uuid:9");
    }
}
