//! `grip analyze` and `grip demo`.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::Datelike as _;
use clap::{Args, ValueEnum};
use grip_analysis::{analyze, AnalysisConfig, Engine};
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
    /// GDELT 2.0 event rows (61 tab-separated columns, no header): the events that happened.
    Gdelt,
    /// PLOVER JSON records, one event per line (every modality).
    Plover,
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
    /// Include each sentence's tokens with tags, lemmas and dependencies in the JSON.
    #[arg(long)]
    tokens: bool,
    /// Code events with PETRARCH or TABARI dictionaries from DIR instead of grip's own
    /// (a TABARI .project, .verbs/.actors/.agents files, or PETRARCH dictionary files).
    #[arg(long, value_name = "DIR")]
    dictionaries: Option<std::path::PathBuf>,
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

pub(crate) fn run(engine: &Engine, args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let format = if args.json { Format::Json } else { args.format };
    // JSON Lines in, JSON Lines out: the readable report is for files.
    let format = if args.jsonl.is_some() && format == Format::Report { Format::Json } else { format };
    let config = AnalysisConfig { fallback_date: input::today() };
    let peer = match &args.dictionaries {
        Some(dir) => {
            let files = grip_peer::io::load_dir(dir)?;
            let dictionaries = grip_peer::PeerDictionaries::from_files(&files)
                .with_context(|| format!("reading dictionaries in {}", dir.display()))?;
            for skipped in dictionaries.skipped() {
                eprintln!("grip: warning: dictionary line skipped: {skipped}");
            }
            Some(dictionaries)
        }
        None => None,
    };
    let iso_to_fips = if format == Format::Gdelt { engine.kb.iso_to_fips() } else { Default::default() };
    let output = Output { engine, config: &config, format, peer: peer.as_ref(), tokens: args.tokens, iso_to_fips };
    // Not locked: with `--jsonl` a writer thread owns it.
    let mut out = BufWriter::new(io::stdout());
    let mut n_failed = 0usize;
    if let Some(path) = &args.jsonl {
        n_failed += analyze_jsonl(&output, path, args.date, &mut out)?;
    } else {
        if args.files.is_empty() {
            anyhow::bail!("no input: give FILE arguments, `-` for stdin, or --jsonl FILE");
        }
        for path in &args.files {
            match input::read_file(path) {
                Ok(mut input) => {
                    input.document.date = args.date;
                    out.write_all(&output.render(input)?)?;
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

pub(crate) fn demo(engine: &Engine, args: &DemoArgs) -> anyhow::Result<ExitCode> {
    let config = AnalysisConfig { fallback_date: input::today() };
    let input =
        Input { document: grip_model::Document::new("demo/article.txt", DEMO_ARTICLE), diagnostics: Vec::new() };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let format = if args.json { Format::Json } else { Format::Report };
    let output = Output { engine, config: &config, format, peer: None, tokens: false, iso_to_fips: Default::default() };
    out.write_all(&output.render(input)?)?;
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}

/// How each analyzed document is written.
struct Output<'a> {
    engine: &'a Engine,
    config: &'a AnalysisConfig,
    format: Format,
    /// Peer dictionaries that replace grip's own event coding (`--dictionaries`).
    peer: Option<&'a grip_peer::PeerDictionaries>,
    /// Include tokens in the JSON (`--tokens`).
    tokens: bool,
    /// ISO alpha-3 -> FIPS country codes, for `--format gdelt`.
    iso_to_fips: std::collections::BTreeMap<String, String>,
}

/// Documents analyzed together: enough to keep every core busy, few enough that memory stays
/// small whatever the input size (at most about eight batches exist at a time); a pause of a
/// quarter second in the input closes a batch early, so a live feed on stdin is answered as it comes.
const JSONL_PIPELINE: grip_ingest::PipelineConfig = grip_ingest::PipelineConfig {
    batch_items: 256,
    batch_bytes: 4 << 20,
    idle_flush: Some(std::time::Duration::from_millis(250)),
};

/// `--jsonl`: reads lines on one thread, analyzes them on every core (`--threads`) and writes
/// the results in input order. Returns the number of lines skipped.
fn analyze_jsonl(
    output: &Output<'_>,
    path: &str,
    date: Option<Date>,
    out: &mut (impl Write + Send),
) -> anyhow::Result<usize> {
    let mut n_skipped = 0usize;
    let mut read_error = None;
    let produce = |push: &mut dyn FnMut(Input, usize) -> bool| {
        let result = input::for_each_line(path, |line_number, line| {
            match input::parse_jsonl_line(line, line_number) {
                Ok(mut input) => {
                    if input.document.date.is_none() {
                        input.document.date = date;
                    }
                    if !push(input, line.len()) {
                        // The writer stopped (a closed pipe, a full disk): stop reading.
                        return Err(anyhow::Error::new(WriterStopped));
                    }
                }
                Err(error) => {
                    n_skipped += 1;
                    eprintln!("grip: {path}:{line_number}: skipped: {error}");
                }
            }
            Ok(())
        });
        if let Err(error) = result {
            read_error = Some(error);
        }
    };
    grip_ingest::run_pipeline(
        JSONL_PIPELINE,
        produce,
        |input| output.render(input),
        |batch| {
            for rendered in batch {
                out.write_all(&rendered?)?;
            }
            // Each batch is written out whole: a reader of a live feed sees it now.
            out.flush()?;
            anyhow::Ok(())
        },
    )?;
    match read_error {
        Some(error) if !error.is::<WriterStopped>() => Err(error),
        _ => Ok(n_skipped),
    }
}

/// Reading stopped because the writer failed; the writer's own error is the one reported.
#[derive(Debug)]
struct WriterStopped;

impl std::fmt::Display for WriterStopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the output stopped")
    }
}

impl std::error::Error for WriterStopped {}

impl Output<'_> {
    /// Analyzes one document and renders it in the chosen format.
    fn render(&self, input: Input) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::new();
        let mut analysis = analyze(self.engine, &input.document, self.config);
        analysis.diagnostics.splice(0..0, input.diagnostics);
        if let Some(peer) = self.peer {
            let date = analysis.date;
            let day = grip_peer::DayNumber::from_ymd(i64::from(date.year()), date.month(), date.day())
                .expect("a valid calendar date converts");
            analysis.events = peer
                .code_document(day, &input.document.text)
                .iter()
                .filter_map(grip_peer::PeerEvent::to_grip_event)
                .collect();
        }
        let text = &input.document.text;
        match self.format {
            Format::Report => {
                out.write_all(grip_wire::report::terminal(&analysis, text).as_bytes())?;
                out.write_all(b"\n")?;
            }
            Format::Golden => out.write_all(grip_wire::report::golden(&analysis, text).as_bytes())?,
            Format::Gdelt => {
                let url = input.document.url.as_deref();
                out.write_all(grip_wire::events::gdelt_lines(&analysis, url, &self.iso_to_fips).as_bytes())?;
            }
            Format::Plover => {
                let coder = concat!("grip ", env!("CARGO_PKG_VERSION"));
                for record in grip_wire::events::plover_records(&analysis, text, coder) {
                    serde_json::to_writer(&mut out, &record)?;
                    out.write_all(b"\n")?;
                }
            }
            Format::Json => {
                let options = grip_wire::json::Options { tokens: self.tokens };
                serde_json::to_writer(&mut out, &grip_wire::json::document_with(&analysis, text, options))?;
                out.write_all(b"\n")?;
            }
        }
        Ok(out)
    }
}
