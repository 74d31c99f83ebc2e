//! The `gleaner` command: a thin layer over the library's batch runner.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

use gleaner::batch::{BatchOptions, Format};
use gleaner::config::Favor;
use gleaner::{Config, Extractor, Options};

/// Turn web pages into exactly their article, as clean text, Markdown or JSON.
///
/// Each INPUT is an HTML file (maybe .gz), a folder (walked for .html, .htm, .xhtml,
/// their .gz, and WARC files), a glob pattern, a WARC archive (.warc, .warc.gz), an
/// http:// or https:// URL (fetched politely: see [fetch] in --print-config), or `-`
/// for standard input. One page without --output-dir is written to standard output;
/// with --output-dir DIR, each page becomes a file in DIR mirroring the inputs
/// (NAME.html → DIR/NAME.txt, NAME.htm → DIR/NAME.htm.txt; WARC records →
/// DIR/ARCHIVE/URL-HASH.txt; no two pages share an output). JSON and JSONL
/// go to standard output or to --output FILE (.gz and .zst compressed).
///
/// Exit status: 0 every page done, 1 some pages failed, 2 bad usage or configuration,
/// 3 no page could be done, 130 interrupted (Ctrl-C: pages in flight are finished and
/// written whole; a second Ctrl-C stops at once).
#[derive(Parser, Debug)]
#[command(name = "gleaner", version, about, long_about)]
struct Cli {
    /// Pages, folders, globs, WARC files, URLs, or `-` for standard input.
    #[arg(value_name = "INPUT", required_unless_present = "input_list")]
    inputs: Vec<String>,

    /// Also read inputs (paths or URLs) from FILE, one a line (`#` starts a comment).
    #[arg(long, value_name = "FILE")]
    input_list: Option<PathBuf>,

    /// What the inputs are: `html`, `text` (already extracted, cleaned paragraph by
    /// paragraph), or `auto` (text without markup is plain text).
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    input_format: InputArg,

    /// Output format [default: from config, "text"].
    #[arg(short, long, value_enum)]
    format: Option<FormatArg>,

    /// Write one file per page into DIR (created if missing).
    #[arg(short = 'd', long, value_name = "DIR")]
    output_dir: Option<PathBuf>,

    /// JSON and JSONL: write every page into FILE (.gz and .zst are compressed).
    #[arg(short, long, value_name = "FILE", conflicts_with = "output_dir")]
    output: Option<PathBuf>,

    /// Write one JSON line per failed page into FILE: input, url, record id, offset,
    /// reason.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,

    /// Worker threads [default: every core].
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,

    /// Write outputs in input order (memory stays bounded).
    #[arg(long)]
    ordered: bool,

    /// With --output-dir: leave pages whose output file exists alone (resume a run).
    #[arg(long, requires = "output_dir")]
    skip_existing: bool,

    /// No progress bar, no summary, no per-page error lines.
    #[arg(short, long)]
    quiet: bool,

    /// URLs: requests in flight at once over all hosts [default: fetch.concurrency
    /// from config, 16]. Each host also gets at most fetch.per_host_concurrency at once,
    /// fetch.per_host_delay_ms apart.
    #[arg(long, value_name = "N")]
    concurrency: Option<usize>,

    /// URLs: do not read or honour robots.txt.
    #[arg(long)]
    ignore_robots: bool,

    /// URLs: archive every fetched page (request and response records) into FILE
    /// (.warc, or .warc.gz compressed), to run again offline with FILE as the input.
    #[arg(long, value_name = "FILE")]
    save_warc: Option<PathBuf>,

    /// The page's URL, for pages that do not carry one (files, standard input): site
    /// rules match its host, and dates in it count.
    #[arg(long, value_name = "URL")]
    url: Option<String>,

    /// Read settings from FILE, laid over the built-in config.toml.
    #[arg(short, long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Lean to one side: `precision` leaves out more of what might be boilerplate,
    /// `recall` keeps more of what might be content (see [favor.*] in --print-config).
    #[arg(long, value_enum, default_value_t = FavorArg::Balanced)]
    favor: FavorArg,

    /// Markdown: keep hyperlinks as [text](url).
    #[arg(long)]
    links: bool,

    /// Markdown: keep images as ![alt](src).
    #[arg(long)]
    images: bool,

    /// Markdown: leave out the `# Title` line.
    #[arg(long)]
    no_title: bool,

    /// Text: put the headline first (left out by default, as corpus tools expect).
    #[arg(long)]
    title: bool,

    /// Markdown: start with YAML front matter (title, authors, date, site, language,
    /// URL, tags).
    #[arg(long)]
    front_matter: bool,

    /// Instead of the article, print how it was found: what was removed and by which
    /// rule, the best candidates with their scores and features, and what was kept.
    #[arg(long)]
    explain: bool,

    /// For benchmarks: only decode and parse each page and walk its text; write
    /// nothing. The floor that extraction's cost is measured against (bench/compare).
    #[arg(long, conflicts_with = "explain")]
    parse_only: bool,

    /// Batches: do not learn site templates (blocks repeated over the pages of one
    /// host, dropped from each; see [templates] in --print-config).
    #[arg(long)]
    no_templates: bool,

    /// Print the built-in config.toml (every setting, documented) and exit.
    #[arg(long, exclusive = true)]
    print_config: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum InputArg {
    /// Told by the content.
    Auto,
    /// HTML pages.
    Html,
    /// Text already extracted.
    Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FavorArg {
    /// The defaults.
    Balanced,
    /// Leave out more of what might be boilerplate.
    Precision,
    /// Keep more of what might be content.
    Recall,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// Plain text: paragraphs separated by a blank line.
    Text,
    /// Markdown: headings, lists, quotes, code, tables.
    Markdown,
    /// A JSON object per page: id, url, title, text, source, metadata, outcome.
    Json,
    /// The same objects, one per line.
    Jsonl,
}

fn main() -> ExitCode {
    // `--print-config` alone needs no INPUT; clap would otherwise demand one.
    if std::env::args().nth(1).as_deref() == Some("--print-config") {
        print!("{}", gleaner::config::DEFAULT_TOML);
        return ExitCode::SUCCESS;
    }
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("gleaner: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode, String> {
    let config = match &cli.config {
        Some(path) => Config::from_file(path),
        None => Ok(Config::default()),
    };
    let favor = match cli.favor {
        FavorArg::Balanced => Favor::Balanced,
        FavorArg::Precision => Favor::Precision,
        FavorArg::Recall => Favor::Recall,
    };
    let config = config
        .and_then(|c| c.favoring(favor))
        .map_err(|e| e.to_string())?;
    let format = match cli.format {
        Some(f) => f,
        None => FormatArg::from_str(&config.output.format, true).map_err(|_| {
            format!(
                "bad configuration: output.format must be text, markdown, json or jsonl, not {:?}",
                config.output.format
            )
        })?,
    };
    let format = match (cli.explain, format) {
        _ if cli.parse_only => Format::ParseOnly,
        (true, _) => Format::Explain,
        (_, FormatArg::Text) => Format::Text,
        (_, FormatArg::Markdown) => Format::Markdown,
        (_, FormatArg::Json) => Format::Json,
        (_, FormatArg::Jsonl) => Format::Jsonl,
    };
    let streams = matches!(format, Format::Json | Format::Jsonl | Format::ParseOnly);
    if cli.output.is_some() && !streams {
        return Err("--output FILE takes --format json or jsonl; use --output-dir DIR for text and Markdown".into());
    }
    let single_page = cli.input_list.is_none()
        && cli.inputs.len() == 1
        && !cli.inputs[0].to_ascii_lowercase().contains(".warc")
        && !std::path::Path::new(&cli.inputs[0]).is_dir();
    if cli.output_dir.is_none() && !streams && !single_page {
        return Err("several pages need --output-dir DIR (or --format jsonl); one page writes to standard output".into());
    }
    if cli.concurrency == Some(0) {
        return Err("--concurrency must be at least 1".into());
    }
    let fetch = gleaner::fetch::FetchOptions {
        concurrency: cli.concurrency.unwrap_or(config.fetch.concurrency).max(1),
        robots: config.fetch.robots && !cli.ignore_robots,
        accept_plain_text: cli.input_format == InputArg::Text,
    };
    let jobs = cli
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let templates = config.templates.enabled
        && !cli.no_templates
        && !single_page
        && format != Format::ParseOnly;
    let opts = BatchOptions {
        format,
        output_dir: cli.output_dir.clone(),
        output_file: cli.output.clone(),
        errors_file: cli.errors.clone(),
        jobs,
        ordered: cli.ordered || single_page,
        skip_existing: cli.skip_existing,
        progress: !cli.quiet,
        verbose: !cli.quiet,
        markdown_title: !cli.no_title,
        text_title: cli.title,
        front_matter: cli.front_matter,
        options: Options {
            markdown: format == Format::Markdown,
            links: cli.links || config.output.links,
            images: cli.images || config.output.images,
            charset: None,
            url: cli.url.clone(),
            input_format: match cli.input_format {
                InputArg::Auto => gleaner::InputFormat::Auto,
                InputArg::Html => gleaner::InputFormat::Html,
                InputArg::Text => gleaner::InputFormat::Text,
            },
            fingerprints: templates,
            // Plain text, and Markdown without front matter, carry no language.
            skip_language: format == Format::Text
                || (format == Format::Markdown && !cli.front_matter),
        },
        templates,
        fetch,
        save_warc: cli.save_warc.clone(),
    };
    // Ctrl-C stops the batch cleanly (pages in flight are finished and written whole);
    // a second Ctrl-C ends the process at once.
    let _ = ctrlc::set_handler(|| {
        if gleaner::batch::INTERRUPTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    let extractor = Extractor::new(config);
    let summary = gleaner::batch::run(&extractor, &cli.inputs, cli.input_list.as_deref(), &opts)?;
    let failures = summary.failures();
    let notable = failures > 0 || !summary.skipped.is_empty() || summary.interrupted.is_some();
    if !cli.quiet && (summary.pages > 1 || notable) {
        eprintln!("gleaner: {summary}");
    }
    Ok(if summary.interrupted.is_some() {
        ExitCode::from(130)
    } else if failures == 0 {
        ExitCode::SUCCESS
    } else if failures == summary.pages {
        ExitCode::from(3)
    } else {
        ExitCode::from(1)
    })
}
