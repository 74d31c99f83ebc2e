//! gleaner's extraction against its own parse, page by page, interleaved in one process:
//! the ratio of the issue's target ("within 1.5x of a parse-only run"), measured so
//! that a shared machine's swings fall on both sides alike. Then two threads against one,
//! interleaved by runs of 20 pages.
//!
//! `bench/compare` times whole commands, seconds apart: on a busy shared machine a
//! neighbour's load that lands on one command and not the other moves its ratio by a
//! fifth from run to run. Here each page is parsed only and then extracted (the order
//! alternating page by page), milliseconds apart, so both see the same machine. Pages
//! are read and decompressed into memory first; nothing is written. The extraction is
//! the batch's for plain text (site-template fingerprints on, no language detection)
//! plus rendering the text; the floor is `Extractor::parse_only` (decode, parse, walk the
//! text), the same as `--parse-only`. For the threads, each run of 20 pages is extracted
//! by one thread, then by two sharing it (each taking the next page), the order
//! alternating run by run.
//!
//! ```sh
//! cargo bench --bench ratio                 # the first 300 pages of wcxb-dev, 5 rounds
//! cargo bench --bench ratio -- 100 9        # 100 pages, 9 rounds
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};

use gleaner::{Config, Extractor, Options};

mod common;

fn main() {
    // `cargo bench` passes `--bench`; the numbers are the pages and the rounds.
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (count, rounds) = (
        numbers.first().copied().unwrap_or(300),
        numbers.get(1).copied().unwrap_or(5).max(1),
    );
    let pages = common::wcxb_pages(count);
    if pages.is_empty() {
        eprintln!("bench ratio: no pages in ../shared/eval/data/wcxb-dev/html");
        return;
    }
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let extractor = Extractor::new(Config::default());
    let options = Options {
        fingerprints: true,
        skip_language: true,
        ..Options::default()
    };
    println!(
        "{} pages, {:.0} MB of HTML, {rounds} rounds, each page parsed only and extracted in turn\n",
        pages.len(),
        bytes as f64 / 1e6
    );
    let mut ratios = Vec::new();
    let (mut all_floor, mut all_full) = (Duration::ZERO, Duration::ZERO);
    for round in 0..rounds {
        let (mut floor, mut full) = (Duration::ZERO, Duration::ZERO);
        for (i, page) in pages.iter().enumerate() {
            let parse = |floor: &mut Duration| {
                let t = Instant::now();
                black_box(extractor.parse_only(black_box(page), &options));
                *floor += t.elapsed();
            };
            let extract = |full: &mut Duration| {
                let t = Instant::now();
                black_box(extractor.extract(black_box(page), &options).text());
                *full += t.elapsed();
            };
            if (i + round) % 2 == 0 {
                parse(&mut floor);
                extract(&mut full);
            } else {
                extract(&mut full);
                parse(&mut floor);
            }
        }
        let ratio = full.as_secs_f64() / floor.as_secs_f64();
        println!(
            "round {}: extraction {:6.3} s, parse only {:6.3} s: {ratio:.3}x",
            round + 1,
            full.as_secs_f64(),
            floor.as_secs_f64()
        );
        ratios.push(ratio);
        all_floor += floor;
        all_full += full;
    }
    let speedups = two_threads_against_one(&extractor, &options, &pages, rounds);
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    println!(
        "\nextraction / parse only: {median:.3}x (median of the rounds; {:.3}x to {:.3}x; target at most 1.5x)",
        ratios[0],
        ratios[ratios.len() - 1]
    );
    println!(
        "over all rounds: {:.1} pages/s extracted, {:.1} pages/s parsed only",
        (pages.len() * rounds) as f64 / all_full.as_secs_f64(),
        (pages.len() * rounds) as f64 / all_floor.as_secs_f64()
    );
    let mut speedups = speedups;
    speedups.sort_by(f64::total_cmp);
    println!(
        "two threads / one: {:.3}x the pages/s (median of the rounds; {:.3}x to {:.3}x; target at least 1.8x)",
        speedups[speedups.len() / 2],
        speedups[0],
        speedups[speedups.len() - 1]
    );
}

/// Each round's speed-up of two threads over one, extracting the pages run by run.
fn two_threads_against_one(
    extractor: &Extractor,
    options: &Options,
    pages: &[Vec<u8>],
    rounds: usize,
) -> Vec<f64> {
    const RUN: usize = 20;
    let extract = |page: &Vec<u8>| {
        black_box(extractor.extract(black_box(page), options).text());
    };
    let one = |run: &[Vec<u8>]| {
        let t = Instant::now();
        run.iter().for_each(extract);
        t.elapsed()
    };
    let two = |run: &[Vec<u8>]| {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let work = || {
            while let Some(page) = run.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
            {
                extract(page);
            }
        };
        let t = Instant::now();
        std::thread::scope(|s| {
            s.spawn(work);
            work();
        });
        t.elapsed()
    };
    (0..rounds)
        .map(|round| {
            let (mut single, mut double) = (Duration::ZERO, Duration::ZERO);
            for (i, run) in pages.chunks(RUN).enumerate() {
                if (i + round) % 2 == 0 {
                    single += one(run);
                    double += two(run);
                } else {
                    double += two(run);
                    single += one(run);
                }
            }
            let speedup = single.as_secs_f64() / double.as_secs_f64();
            println!(
                "round {}: one thread {:6.3} s, two threads {:6.3} s: {speedup:.3}x",
                round + 1,
                single.as_secs_f64(),
                double.as_secs_f64()
            );
            speedup
        })
        .collect()
}
