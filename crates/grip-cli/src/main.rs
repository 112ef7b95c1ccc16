//! The `grip` binary: argument parsing, input reading, output writing, exit codes.
//!
//! Exit codes: 0 when everything went well, 2 when something failed (the message names the
//! file, line or field; the other inputs are still processed). A closed pipe exits 0.

mod analyze;
mod bench;
mod corpus;
mod eval;
mod input;
mod serve;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use grip_kb::{Kb, KbSource};

/// grip reads news and commentary about power politics and turns it into evidence-linked
/// structured data: actors, events, claims, tone, and who is tightening their grip on whom.
#[derive(Debug, Parser)]
#[command(name = "grip", version, about, long_about = None)]
struct Cli {
    /// Extra KB entries (TOML, same format as kb/); entries with an existing id replace it.
    #[arg(long = "kb-extra", value_name = "FILE", global = true)]
    kb_extra: Vec<PathBuf>,
    /// Worker threads for analysis (`analyze --jsonl`, `ingest`, `reanalyze`, `bench`);
    /// default: one per core.
    #[arg(long, value_name = "N", global = true, value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyze documents: files, `-` for stdin, or `--jsonl FILE`.
    Analyze(analyze::AnalyzeArgs),
    /// Analyze the bundled demo article and print the report.
    Demo(analyze::DemoArgs),
    /// Score grip on the peers' test suites in ../shared/data and print the figures.
    Eval(eval::EvalArgs),
    /// Serve the HTTP API and the web dashboard over a database.
    Serve(serve::ServeArgs),
    /// Time the whole analysis and each stage on ../shared/bench/news-corpus.txt (TSV).
    Bench(bench::BenchArgs),
    #[command(flatten)]
    Corpus(corpus::CorpusCommand),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("GRIP_LOG"))
        .with_writer(io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr(), "grip: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Some(threads) = cli.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(threads))
            .build_global()
            .context("starting the worker threads")?;
    }
    let started = std::time::Instant::now();
    let kb = load_kb(&cli.kb_extra)?;
    let engine = grip_analysis::Engine::with_kb(kb).context("loading the syntax model")?;
    let startup = started.elapsed();
    match cli.command {
        Command::Analyze(args) => analyze::run(&engine, &args),
        Command::Demo(args) => analyze::demo(&engine, &args),
        Command::Eval(args) => eval::run(&engine, &args),
        Command::Serve(args) => serve::run(engine, &args),
        Command::Bench(args) => bench::run(&engine, startup, &args),
        Command::Corpus(command) => corpus::run(&engine, command),
    }
}

/// Compiles the embedded KB plus the user's extra files.
fn load_kb(extra: &[PathBuf]) -> anyhow::Result<Kb> {
    let texts = extra
        .iter()
        .map(|path| std::fs::read_to_string(path).with_context(|| format!("reading KB file {}", path.display())))
        .collect::<anyhow::Result<Vec<String>>>()?;
    let names: Vec<String> = extra.iter().map(|path| path.display().to_string()).collect();
    let sources: Vec<KbSource<'_>> =
        names.iter().zip(&texts).map(|(name, text)| KbSource { name: name.as_str(), text: text.as_str() }).collect();
    Kb::from_sources(&sources).context("compiling the knowledge base")
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}
