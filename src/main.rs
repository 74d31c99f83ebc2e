//! The `gleaner` command: a thin layer over the library.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

use gleaner::{Config, Error, Extractor, Options};

/// Turn web pages into exactly their article, as clean text, Markdown or JSON.
///
/// Each INPUT is an HTML file, or `-` for standard input. One input without
/// --output-dir is written to standard output. With --output-dir, INPUT `NAME.html`
/// becomes `DIR/NAME.txt` (`.md`, `.json`); an input that fails is reported on standard
/// error and the others still run.
///
/// Exit status: 0 all inputs done, 1 some inputs failed, 2 bad usage or configuration.
#[derive(Parser, Debug)]
#[command(name = "gleaner", version, about, long_about)]
struct Cli {
    /// HTML files, or `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Output format [default: from config, "text"].
    #[arg(short, long, value_enum)]
    format: Option<Format>,

    /// Write one file per input into DIR (created if missing) instead of standard output.
    #[arg(short = 'd', long, value_name = "DIR")]
    output_dir: Option<PathBuf>,

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

    /// Instead of the article, print how it was found: what was removed and by which
    /// rule, the best candidates with their scores and features, and what was kept.
    #[arg(long)]
    explain: bool,

    /// Print the built-in config.toml (every setting, documented) and exit.
    #[arg(long, exclusive = true)]
    print_config: bool,
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
enum Format {
    /// Plain text: paragraphs separated by a blank line.
    Text,
    /// Markdown: headings, lists, quotes, code, tables.
    Markdown,
    /// A JSON object with the title and the text.
    Json,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Json => "json",
        }
    }
}

fn main() -> ExitCode {
    // `--print-config` alone needs no INPUT; clap would otherwise demand one.
    if std::env::args().nth(1).as_deref() == Some("--print-config") {
        print!("{}", gleaner::config::DEFAULT_TOML);
        return ExitCode::SUCCESS;
    }
    let cli = Cli::parse();
    let config = match &cli.config {
        Some(path) => Config::from_file(path),
        None => Ok(Config::default()),
    };
    let favor = match cli.favor {
        FavorArg::Balanced => gleaner::config::Favor::Balanced,
        FavorArg::Precision => gleaner::config::Favor::Precision,
        FavorArg::Recall => gleaner::config::Favor::Recall,
    };
    let config = match config.and_then(|c| c.favoring(favor)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("gleaner: {e}");
            return ExitCode::from(2);
        }
    };
    let format = match cli.format {
        Some(f) => f,
        None => match Format::from_str(&config.output.format, true) {
            Ok(f) => f,
            Err(_) => {
                eprintln!(
                    "gleaner: bad configuration: output.format must be text, markdown or json, not {:?}",
                    config.output.format
                );
                return ExitCode::from(2);
            }
        },
    };
    let options = Options {
        markdown: format == Format::Markdown,
        links: cli.links || config.output.links,
        images: cli.images || config.output.images,
        charset: None,
    };
    if let Some(dir) = &cli.output_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!(
            "gleaner: cannot create output folder {}: {e}",
            dir.display()
        );
        return ExitCode::from(2);
    }
    if cli.output_dir.is_none() && cli.inputs.len() > 1 {
        eprintln!(
            "gleaner: {} inputs need --output-dir DIR (one input writes to standard output)",
            cli.inputs.len()
        );
        return ExitCode::from(2);
    }
    let extractor = Extractor::new(config);
    let mut failed = 0usize;
    for input in &cli.inputs {
        let result = run_one(&extractor, input, format, &options, &cli);
        if let Err(e) = result {
            eprintln!("gleaner: {e}");
            failed += 1;
        }
    }
    if failed > 0 {
        eprintln!("gleaner: {failed} of {} inputs failed", cli.inputs.len());
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn run_one(
    extractor: &Extractor,
    input: &Path,
    format: Format,
    options: &Options,
    cli: &Cli,
) -> Result<(), Error> {
    let bytes = gleaner::load::load(input, extractor.config().limits.max_input_bytes)?;
    if cli.explain {
        let report = extractor.explain(&bytes, options);
        return write_output(cli, input, "explain.txt", report);
    }
    let doc = extractor.extract(&bytes, options);
    let mut out = match format {
        Format::Text => doc.text(),
        Format::Markdown => doc.markdown(!cli.no_title),
        Format::Json => {
            let value = serde_json::json!({
                "source": input.display().to_string(),
                "title": doc.title,
                "text": doc.text(),
            });
            value.to_string()
        }
    };
    if format == Format::Json {
        out.push('\n');
    }
    write_output(cli, input, format.extension(), out)
}

/// Writes one input's output to standard output, or to its file in the output folder.
fn write_output(cli: &Cli, input: &Path, extension: &str, out: String) -> Result<(), Error> {
    match &cli.output_dir {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(out.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|source| Error::Write {
                    path: PathBuf::from("-"),
                    source,
                })
        }
        Some(dir) => {
            let path = dir.join(output_name(input, extension));
            write_atomically(&path, out.as_bytes())
        }
    }
}

/// `NAME.html` (`.htm`, `.xhtml`, or no extension) to `NAME.EXT`; other names keep
/// their extension and gain EXT. Standard input is `stdin.EXT`.
fn output_name(input: &Path, extension: &str) -> PathBuf {
    let name = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".into());
    let name = if name == "-" {
        "stdin".to_string()
    } else {
        name
    };
    let stem = match Path::new(&name).extension().and_then(|e| e.to_str()) {
        Some(ext) if ["html", "htm", "xhtml"].contains(&ext.to_ascii_lowercase().as_str()) => {
            name[..name.len() - ext.len() - 1].to_string()
        }
        _ => name,
    };
    PathBuf::from(format!("{stem}.{extension}"))
}

/// Writes to a temporary file beside `path`, then renames it over `path`, so a reader
/// never sees half an output.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let tmp = path.with_file_name(format!(
        ".{}.tmp{}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names() {
        assert_eq!(
            output_name(Path::new("a/b.html"), "txt"),
            PathBuf::from("b.txt")
        );
        assert_eq!(output_name(Path::new("b.HTM"), "md"), PathBuf::from("b.md"));
        assert_eq!(output_name(Path::new("b"), "json"), PathBuf::from("b.json"));
        assert_eq!(
            output_name(Path::new("b.php"), "txt"),
            PathBuf::from("b.php.txt")
        );
        assert_eq!(
            output_name(Path::new("-"), "txt"),
            PathBuf::from("stdin.txt")
        );
    }
}
