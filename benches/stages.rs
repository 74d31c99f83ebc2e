//! Per-stage costs of one page, with criterion: decode, parse (the floor), metadata,
//! pruning, the whole analysis (prune, score, extract, metadata), and the whole
//! extraction with its text. Pages: `samples/*.html`, plus the first 20 pages of
//! `../shared/eval/data/wcxb-dev` when it is there (real pages of 300 KB on average).
//!
//! ```sh
//! cargo bench --bench stages
//! ```

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gleaner::config::Lexicon;
use gleaner::{Config, Extractor, Options, decode, meta, parse, prune};

mod common;

fn pages() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = Vec::new();
    let mut samples: Vec<_> = std::fs::read_dir(root.join("samples"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    samples.sort();
    for p in samples
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        if let Ok(b) = std::fs::read(p) {
            pages.push(b);
        }
    }
    pages.extend(common::wcxb_pages(20));
    pages
}

fn stages(c: &mut Criterion) {
    let pages = pages();
    let bytes: u64 = pages.iter().map(|p| p.len() as u64).sum();
    let config = Config::default();
    let limits = config.limits.clone();
    let lexicon = Lexicon::new(&config.prune);
    let extractor = Extractor::new(config.clone());
    let texts: Vec<String> = pages
        .iter()
        .map(|p| decode::decode(p, None, limits.charset_sniff_bytes).into_owned())
        .collect();
    let parse = |t: &str| {
        parse::parse(
            t,
            parse::Prepare::new(limits.max_nesting_depth, limits.max_attributes),
        )
    };
    let doms: Vec<_> = texts.iter().map(|t| parse(t)).collect();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(20);
    g.bench_function("decode", |b| {
        b.iter(|| {
            for p in &pages {
                black_box(decode::decode(p, None, limits.charset_sniff_bytes));
            }
        })
    });
    g.bench_function("parse (the floor)", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(parse(t));
            }
        })
    });
    g.bench_function("metadata", |b| {
        b.iter(|| {
            for d in &doms {
                black_box(meta::metadata(d, None, "2026-01-01"));
            }
        })
    });
    g.bench_function("prune", |b| {
        b.iter(|| {
            for d in &doms {
                black_box(prune::prune(
                    d,
                    &config,
                    &lexicon,
                    prune::Strictness::Normal,
                    false,
                ));
            }
        })
    });
    g.bench_function("analyse (parse, prune, score, extract, metadata)", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(extractor.analyse(t));
            }
        })
    });
    g.bench_function("extract, whole (bytes to text)", |b| {
        b.iter(|| {
            for p in &pages {
                black_box(extractor.extract(p, &Options::default()).text());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
