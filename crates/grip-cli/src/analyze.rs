//! `grip analyze` and `grip demo`.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use grip_analysis::{analyze, AnalysisConfig};
use grip_kb::Kb;
use grip_model::Date;

use crate::input::{self, Input};

/// The bundled demo article (written by the grip team; see examples/demo/README.md).
pub(crate) const DEMO_ARTICLE: &str = include_str!("../../../examples/demo/article.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A readable report.
    Report,
    /// One JSON object per document (the v1 contract), one per line.
    Json,
    /// The golden-file format used by the tests.
    Golden,
}

#[derive(Debug, Args)]
pub(crate) struct AnalyzeArgs {
    /// Text files to analyze; `-` reads stdin.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// Read JSON Lines (`{"id","date","title","text","url"}` per line) from FILE (`-` for stdin).
    #[arg(long, value_name = "FILE", conflicts_with = "files")]
    jsonl: Option<String>,
    /// Write the JSON contract instead of the report (same as `--format json`).
    #[arg(long)]
    json: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Report)]
    format: Format,
    /// Date of documents that have none (YYYY-MM-DD); default: found in the text, else today.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    date: Option<Date>,
}

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Write the JSON contract instead of the report.
    #[arg(long)]
    json: bool,
}

fn parse_date_arg(text: &str) -> Result<Date, String> {
    input::parse_date(text).filter(|_| text.len() == 10).ok_or_else(|| format!("{text:?} is not a YYYY-MM-DD date"))
}

pub(crate) fn run(kb: &Kb, args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let format = if args.json { Format::Json } else { args.format };
    let config = AnalysisConfig { fallback_date: input::today() };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut n_failed = 0usize;
    if let Some(path) = &args.jsonl {
        let format = if format == Format::Report { Format::Json } else { format };
        input::for_each_line(path, |line_number, line| {
            match input::parse_jsonl_line(line, line_number) {
                Ok(mut input) => {
                    if input.document.date.is_none() {
                        input.document.date = args.date;
                    }
                    write_one(kb, &config, input, format, &mut out)?;
                }
                Err(error) => {
                    n_failed += 1;
                    eprintln!("grip: {path}:{line_number}: skipped: {error}");
                }
            }
            Ok(())
        })?;
    } else {
        if args.files.is_empty() {
            anyhow::bail!("no input: give FILE arguments, `-` for stdin, or --jsonl FILE");
        }
        for path in &args.files {
            match input::read_file(path) {
                Ok(mut input) => {
                    input.document.date = args.date;
                    write_one(kb, &config, input, format, &mut out)?;
                }
                Err(error) => {
                    n_failed += 1;
                    eprintln!("grip: {error:#}");
                }
            }
        }
    }
    out.flush().context("writing output")?;
    Ok(if n_failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

pub(crate) fn demo(kb: &Kb, args: &DemoArgs) -> anyhow::Result<ExitCode> {
    let config = AnalysisConfig { fallback_date: input::today() };
    let input =
        Input { document: grip_model::Document::new("demo/article.txt", DEMO_ARTICLE), diagnostics: Vec::new() };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    write_one(kb, &config, input, if args.json { Format::Json } else { Format::Report }, &mut out)?;
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}

fn write_one(
    kb: &Kb,
    config: &AnalysisConfig,
    input: Input,
    format: Format,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut analysis = analyze(kb, &input.document, config);
    analysis.diagnostics.splice(0..0, input.diagnostics);
    let text = &input.document.text;
    match format {
        Format::Report => {
            out.write_all(grip_wire::report::terminal(&analysis, text).as_bytes())?;
            out.write_all(b"\n")?;
        }
        Format::Golden => out.write_all(grip_wire::report::golden(&analysis, text).as_bytes())?,
        Format::Json => {
            serde_json::to_writer(&mut *out, &grip_wire::json::document(&analysis, text))?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}
