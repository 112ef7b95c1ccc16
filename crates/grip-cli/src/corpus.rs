//! The corpus commands: `grip ingest`, `reanalyze`, `influence`, `forecasts`, `query`,
//! `export`, `plot` and `watch`. They wire grip-ingest (reading), grip-analysis (analysis),
//! grip-store (the SQLite file) and grip-influence (the measures) together.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use grip_analysis::{analyze, Analysis, AnalysisConfig, Engine};
use grip_influence::plot::ImageFormat;
use grip_influence::{Aggregator, Dimension, InfluenceConfig, Interaction, Period, SpikeConfig, Weight};
use grip_ingest::gdelt::{FipsMap, GdeltChunk, RawChunk};
use grip_ingest::{InputFormat, PipelineConfig, Progress, ReadDocument, ReadFailure, ReadOptions};
use grip_kb::Kb;
use grip_model::{CameoCode, Date, EntityKind};
use grip_store::{
    AnalysisRecord, Batch, GdeltRecord, Inserted, InteractionFilter, NewDocument, Origin, RunCounts, RunId,
    SentenceRecord, Store, VersionId,
};

use crate::input;

/// The corpus commands (flattened into grip's command list).
#[derive(Debug, Subcommand)]
pub(crate) enum CorpusCommand {
    /// Store documents (text, JSONL, HTML, RSS/Atom, directories, `-` for stdin) or GDELT
    /// event files (`--gdelt`) in the database, analyzed.
    Ingest(IngestArgs),
    /// Re-analyze stored documents after a KB or engine upgrade.
    Reanalyze(ReanalyzeArgs),
    /// Who is tightening their grip on whom: pair tables, the grip index, spikes.
    Influence(InfluenceArgs),
    /// Predictions from claims, checked against later stored events.
    Forecasts(ForecastsArgs),
    /// Run a read-only SQL query on the database.
    Query(QueryArgs),
    /// Export a table, a query or the events (jsonl, csv, gdelt).
    Export(ExportArgs),
    /// Draw charts: a pair's cooperation/conflict timeline, or a target's grip index over time.
    Plot(PlotArgs),
    /// Poll RSS/Atom feeds and ingest new items.
    Watch(WatchArgs),
}

#[derive(Debug, Args)]
pub(crate) struct DbArg {
    /// The database file (created when missing).
    #[arg(long, value_name = "PATH", default_value = "grip.db")]
    db: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// By extension, then by content.
    Auto,
    /// One document per file.
    Text,
    /// One JSON record per line.
    Jsonl,
    /// HTML pages (main text extracted).
    Html,
    /// RSS/Atom feeds.
    Feed,
}

#[derive(Debug, Args)]
pub(crate) struct IngestArgs {
    /// Files and directories (walked recursively by extension); `-` reads stdin.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// GDELT event files (1.0 or 2.0 export, plain or zipped); takes every file that follows.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    gdelt: Vec<PathBuf>,
    #[command(flatten)]
    db: DbArg,
    /// How to read the inputs.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    format: FormatArg,
    /// Store documents without analyzing them (run `grip reanalyze` later).
    #[arg(long)]
    no_analyze: bool,
    /// Date of documents that have none (YYYY-MM-DD); default: found in the text, else today.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    date: Option<Date>,
}

#[derive(Debug, Args)]
pub(crate) struct ReanalyzeArgs {
    #[command(flatten)]
    db: DbArg,
    /// Re-analyze every document, not only those analyzed by another engine or KB version.
    #[arg(long)]
    all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PeriodArg {
    Day,
    Week,
    Month,
}

impl PeriodArg {
    fn period(self) -> Period {
        match self {
            PeriodArg::Day => Period::Day,
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum WeightArg {
    /// |Goldstein| of each event.
    Goldstein,
    /// Each event counts 1.
    Count,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OriginArg {
    /// grip's own events.
    Grip,
    /// Imported GDELT rows.
    Gdelt,
    /// Both.
    All,
}

impl OriginArg {
    fn origin(self) -> Option<Origin> {
        match self {
            OriginArg::Grip => Some(Origin::Grip),
            OriginArg::Gdelt => Some(Origin::Gdelt),
            OriginArg::All => None,
        }
    }
}

#[derive(Debug, Args)]
struct WindowArgs {
    /// First day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    since: Option<Date>,
    /// Last day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    until: Option<Date>,
    /// Which events.
    #[arg(long, value_enum, default_value_t = OriginArg::All)]
    origin: OriginArg,
}

impl WindowArgs {
    fn filter(&self) -> InteractionFilter {
        InteractionFilter { since: self.since, until: self.until, origin: self.origin.origin() }
    }
}

#[derive(Debug, Args)]
struct MeasureArgs {
    /// Period of the time series and pair tables.
    #[arg(long, value_enum, default_value_t = PeriodArg::Week)]
    by: PeriodArg,
    /// How events are weighted in the grip index.
    #[arg(long, value_enum, default_value_t = WeightArg::Goldstein)]
    weight: WeightArg,
    /// Spike threshold: baseline mean + K standard deviations.
    #[arg(long, value_name = "K", default_value_t = 2.0)]
    k: f64,
    /// Trailing baseline length, in periods.
    #[arg(long, value_name = "N", default_value_t = 8)]
    baseline: usize,
}

impl MeasureArgs {
    fn config(&self, target: Option<String>) -> InfluenceConfig {
        InfluenceConfig {
            period: self.by.period(),
            weight: match self.weight {
                WeightArg::Goldstein => Weight::Goldstein,
                WeightArg::Count => Weight::Count,
            },
            target,
            spike: SpikeConfig { baseline_periods: self.baseline, k: self.k, min_baseline: 4, min_sd: 0.05 },
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct InfluenceArgs {
    #[command(flatten)]
    db: DbArg,
    /// The target whose patrons are ranked (a country code such as KAZ, an IGO code such as
    /// IGOCSTO); without it, every party is ranked as a target.
    #[arg(long, value_name = "CODE")]
    target: Option<String>,
    #[command(flatten)]
    window: WindowArgs,
    #[command(flatten)]
    measure: MeasureArgs,
    /// Also print the grip index per period (with spikes).
    #[arg(long)]
    series: bool,
    /// Also print the pair tables (counts and Goldstein sums by quad class per period).
    #[arg(long)]
    pairs: bool,
    /// How many patrons to show per target.
    #[arg(long, value_name = "N", default_value_t = 15)]
    top: usize,
    /// Write JSON Lines instead of tables.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ForecastsArgs {
    #[command(flatten)]
    db: DbArg,
    /// Days after a prediction within which events count.
    #[arg(long, value_name = "DAYS", default_value_t = 365)]
    horizon: u32,
    /// Write JSON Lines instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum QueryFormat {
    /// Tab-separated, with a header.
    Tsv,
    /// CSV, with a header.
    Csv,
    /// One JSON object per row.
    Jsonl,
}

#[derive(Debug, Args)]
pub(crate) struct QueryArgs {
    /// One read-only SQL statement (SELECT, WITH ...); tables are described in README.md.
    sql: String,
    #[command(flatten)]
    db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Tsv)]
    format: QueryFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormatArg {
    Jsonl,
    Csv,
    Gdelt,
    Parquet,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum)]
    format: ExportFormatArg,
    /// The table or view to export (jsonl, csv); default: interactions.
    #[arg(long, value_name = "NAME", conflicts_with = "sql")]
    table: Option<String>,
    /// A read-only query to export instead of a table (jsonl, csv).
    #[arg(long, value_name = "SQL")]
    sql: Option<String>,
    #[command(flatten)]
    window: WindowArgs,
    /// Output file; default: stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ChartKind {
    /// Cooperation and conflict between a pair over time (`--pair A:B`).
    Timeline,
    /// The grip index of a target's strongest patrons over time (`--target T`).
    Grip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DimensionArg {
    Overall,
    Security,
    Economic,
    Political,
}

#[derive(Debug, Args)]
pub(crate) struct PlotArgs {
    /// Which chart.
    #[arg(value_enum)]
    chart: ChartKind,
    /// The pair of a timeline, as `A:B` (party codes such as RUS:KAZ).
    #[arg(long, value_name = "A:B")]
    pair: Option<String>,
    /// The target of a grip chart.
    #[arg(long, value_name = "CODE")]
    target: Option<String>,
    /// The dimension of a grip chart.
    #[arg(long, value_enum, default_value_t = DimensionArg::Overall)]
    dimension: DimensionArg,
    /// How many patrons a grip chart shows.
    #[arg(long, value_name = "N", default_value_t = 6)]
    top: usize,
    #[command(flatten)]
    window: WindowArgs,
    #[command(flatten)]
    measure: MeasureArgs,
    /// Output file: .svg or .png.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,
    /// A TrueType font for the text (default: the first of a few common system fonts).
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Debug, Args)]
pub(crate) struct WatchArgs {
    /// Feed URLs to poll.
    #[arg(long = "feed", value_name = "URL", required = true)]
    feeds: Vec<String>,
    /// Seconds between polls.
    #[arg(long, value_name = "SECONDS", default_value_t = 900)]
    interval: u64,
    /// Poll once and exit.
    #[arg(long)]
    once: bool,
    /// Store documents without analyzing them.
    #[arg(long)]
    no_analyze: bool,
    #[command(flatten)]
    db: DbArg,
}

fn parse_date_arg(text: &str) -> Result<Date, String> {
    input::parse_date(text).filter(|_| text.len() == 10).ok_or_else(|| format!("{text:?} is not a YYYY-MM-DD date"))
}

pub(crate) fn run(engine: &Engine, command: CorpusCommand) -> anyhow::Result<ExitCode> {
    let kb = &engine.kb;
    match command {
        CorpusCommand::Ingest(args) => ingest(engine, &args),
        CorpusCommand::Reanalyze(args) => reanalyze(engine, &args),
        CorpusCommand::Influence(args) => influence(&args),
        CorpusCommand::Forecasts(args) => forecasts(&args),
        CorpusCommand::Query(args) => query(&args),
        CorpusCommand::Export(args) => export(kb, &args),
        CorpusCommand::Plot(args) => plot(&args),
        CorpusCommand::Watch(args) => watch(engine, &args),
    }
}

// ---------------------------------------------------------------------------------------------
// ingest

/// A document between reading and writing.
enum Work {
    Document { read: ReadDocument, hash: String, known: bool },
    Failure(ReadFailure),
}

/// A document ready to be written.
enum Done {
    Document { read: ReadDocument, hash: String, known: bool, analysis: Option<Box<Analysis>> },
    Failure(ReadFailure),
}

/// What an ingest did.
#[derive(Debug, Default, Clone, Copy)]
struct Totals {
    counts: RunCounts,
    n_events: u64,
    n_claims: u64,
}

/// Documents larger than this are skipped (offsets are 32-bit, and one document must not
/// take the memory of many).
const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// Failure messages printed per run; the rest are counted (and all are in `failures`).
const MAX_PRINTED_FAILURES: u64 = 50;

const PIPELINE: PipelineConfig = PipelineConfig {
    batch_items: 512,
    batch_bytes: 8 * 1024 * 1024,
    idle_flush: Some(std::time::Duration::from_millis(250)),
};

struct IngestContext<'a> {
    engine: &'a Engine,
    config: AnalysisConfig,
    version: Option<VersionId>,
    run: RunId,
    default_date: Option<Date>,
}

fn ingest(engine: &Engine, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let kb = &engine.kb;
    if args.paths.is_empty() && args.gdelt.is_empty() {
        anyhow::bail!("nothing to ingest: give files, directories, `-` for stdin, or --gdelt FILE");
    }
    let mut store = open_store(&args.db.db)?;
    let mut failed = false;
    if !args.gdelt.is_empty() {
        failed |= ingest_gdelt(kb, &mut store, &args.gdelt)?;
    }
    if !args.paths.is_empty() {
        let format = match args.format {
            FormatArg::Auto => InputFormat::Auto,
            FormatArg::Text => InputFormat::Text,
            FormatArg::Jsonl => InputFormat::Jsonl,
            FormatArg::Html => InputFormat::Html,
            FormatArg::Feed => InputFormat::Feed,
        };
        let (inputs, discovery_failures) = grip_ingest::discover(&args.paths, format);
        let run = store.begin_run("ingest", grip_analysis::ENGINE_VERSION, &now_utc()).context("starting the run")?;
        let version = if args.no_analyze {
            None
        } else {
            Some(store.version_id(grip_analysis::ENGINE_VERSION, kb.version()).context("recording the version")?)
        };
        let context = IngestContext {
            engine,
            config: AnalysisConfig { fallback_date: input::today() },
            version,
            run,
            default_date: args.date,
        };
        let total_bytes: Option<u64> = inputs.iter().map(|input| input.size).sum();
        let progress = Progress::new(total_bytes, "documents");
        let bytes_read = AtomicU64::new(0);
        let options = ReadOptions { format, max_document_bytes: MAX_DOCUMENT_BYTES };
        let started = Instant::now();
        let produce = |emit: &mut dyn FnMut(Item, usize) -> bool| {
            for failure in discovery_failures {
                if !emit(Item::Failure(failure), 0) {
                    return;
                }
            }
            grip_ingest::read_documents(&inputs, &options, &bytes_read, &mut |item| match item {
                Ok(read) => {
                    let n_bytes = read.document.text.len();
                    emit(Item::Document(read), n_bytes)
                }
                Err(failure) => emit(Item::Failure(failure), 0),
            });
        };
        let totals = ingest_documents(&context, &mut store, &progress, &bytes_read, produce)?;
        progress.finish();
        store.finish_run(run, &totals.counts, &now_utc()).context("recording the end of the run")?;
        print_summary(&store, &totals, started.elapsed(), version)?;
        failed |= totals.counts.n_failed > 0;
    }
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// An item handed to the pipeline by a reader.
enum Item {
    Document(ReadDocument),
    Failure(ReadFailure),
}

/// Reads, hashes, analyzes (on every core) and writes documents (on one thread, one
/// transaction per batch).
fn ingest_documents(
    context: &IngestContext<'_>,
    store: &mut Store,
    progress: &Progress,
    bytes_read: &AtomicU64,
    produce: impl FnOnce(&mut dyn FnMut(Item, usize) -> bool) + Send,
) -> anyhow::Result<Totals> {
    let db_path = store.path().to_owned();
    let mut totals = Totals::default();
    let mut n_printed = 0u64;
    // A second, read-only connection lets the reader skip documents that are already stored
    // (a rerun after a crash re-analyzes nothing that was committed).
    let reader_store = Store::open_read_only(&db_path).context("opening the database for reading")?;
    let default_date = context.default_date;
    let produce = move |emit: &mut dyn FnMut(Work, usize) -> bool| {
        produce(&mut |item, n_bytes| match item {
            Item::Failure(failure) => emit(Work::Failure(failure), 0),
            Item::Document(mut read) => {
                if read.document.date.is_none() {
                    read.document.date = default_date;
                }
                let hash = grip_ingest::content_hash(&read.document.text);
                let known = reader_store.document_by_hash(&hash).ok().flatten().is_some();
                emit(Work::Document { read, hash, known }, n_bytes)
            }
        });
    };
    let map = |work: Work| match work {
        Work::Failure(failure) => Done::Failure(failure),
        Work::Document { read, hash, known } => {
            let analysis = (context.version.is_some() && !known)
                .then(|| Box::new(analyze(context.engine, &read.document, &context.config)));
            Done::Document { read, hash, known, analysis }
        }
    };
    let sink = |batch: Vec<Done>| -> anyhow::Result<()> {
        let mut transaction = store.batch().context("starting a transaction")?;
        let mut batch_totals = Totals::default();
        for done in batch {
            write_done(context, &mut transaction, done, &mut batch_totals, progress, &mut n_printed)?;
        }
        transaction.commit().context("committing a batch")?;
        // Only committed work is reported: a crash loses nothing that was shown as done.
        totals.counts.n_new += batch_totals.counts.n_new;
        totals.counts.n_duplicate += batch_totals.counts.n_duplicate;
        totals.counts.n_failed += batch_totals.counts.n_failed;
        totals.n_events += batch_totals.n_events;
        totals.n_claims += batch_totals.n_claims;
        let n_done = (totals.counts.n_new + totals.counts.n_duplicate) as u64;
        progress.update(bytes_read.load(Ordering::Relaxed), n_done);
        Ok(())
    };
    grip_ingest::run_pipeline(PIPELINE, produce, map, sink)?;
    if n_printed > MAX_PRINTED_FAILURES {
        progress.println(&format!(
            "grip: {} more failures not shown (see the failures table)",
            n_printed - MAX_PRINTED_FAILURES
        ));
    }
    Ok(totals)
}

fn write_done(
    context: &IngestContext<'_>,
    transaction: &mut Batch<'_>,
    done: Done,
    totals: &mut Totals,
    progress: &Progress,
    n_printed: &mut u64,
) -> anyhow::Result<()> {
    match done {
        Done::Failure(failure) => {
            totals.counts.n_failed += 1;
            *n_printed += 1;
            if *n_printed <= MAX_PRINTED_FAILURES {
                progress.println(&format!("grip: skipped: {failure}"));
            }
            transaction
                .record_failure(context.run, &failure.source_name, failure.line, &failure.to_string())
                .context("recording a failure")?;
        }
        Done::Document { known: true, .. } => totals.counts.n_duplicate += 1,
        Done::Document { read, hash, known: false, analysis } => {
            let sentences: Vec<SentenceRecord>;
            let record = match (&analysis, context.version) {
                (Some(analysis), Some(version)) => {
                    sentences = sentence_records(analysis);
                    Some(analysis_record(analysis, version, &sentences))
                }
                _ => None,
            };
            let new = NewDocument {
                document: &read.document,
                content_hash: &hash,
                source: &read.source_name,
                run: context.run,
                diagnostics: &read.diagnostics,
            };
            match transaction.insert_document(&new, record.as_ref()).context("storing a document")? {
                Inserted::New(_) => {
                    totals.counts.n_new += 1;
                    if let Some(analysis) = &analysis {
                        totals.n_events += analysis.events.len() as u64;
                        totals.n_claims += analysis.claims.len() as u64;
                    }
                }
                Inserted::Duplicate(_) => totals.counts.n_duplicate += 1,
            }
        }
    }
    Ok(())
}

fn sentence_records(analysis: &Analysis) -> Vec<SentenceRecord> {
    analysis
        .sentence_ranges()
        .enumerate()
        .map(|(idx, range)| SentenceRecord {
            range,
            skipped: u32::try_from(idx).is_ok_and(|idx| analysis.skipped_sentences.binary_search(&idx).is_ok()),
        })
        .collect()
}

fn analysis_record<'a>(
    analysis: &'a Analysis,
    version: VersionId,
    sentences: &'a [SentenceRecord],
) -> AnalysisRecord<'a> {
    AnalysisRecord {
        version,
        date: analysis.date,
        date_source: analysis.date_source.as_str(),
        sentences,
        mentions: &analysis.mentions,
        events: &analysis.events,
        claims: &analysis.claims,
        tone: analysis.tone.as_ref(),
        actor_tone: &analysis.actor_tone,
        diagnostics: &analysis.diagnostics,
    }
}

fn print_summary(store: &Store, totals: &Totals, elapsed: Duration, version: Option<VersionId>) -> anyhow::Result<()> {
    let seconds = elapsed.as_secs_f64().max(1e-6);
    let n_documents = totals.counts.n_new + totals.counts.n_duplicate;
    eprintln!(
        "grip: documents: {} new, {} duplicate, {} failed; events: {}, claims: {} ({:.1} s, {:.0} documents/s{})",
        totals.counts.n_new,
        totals.counts.n_duplicate,
        totals.counts.n_failed,
        totals.n_events,
        totals.n_claims,
        seconds,
        n_documents as f64 / seconds,
        if version.is_none() { ", not analyzed" } else { "" },
    );
    let summary = store.summary(version).context("counting the database")?;
    eprintln!(
        "grip: {} now holds {} documents, {} events, {} claims, {} GDELT rows",
        store.path().display(),
        summary.n_documents,
        summary.n_events,
        summary.n_claims,
        summary.n_gdelt_events
    );
    Ok(())
}

/// FIPS 10-4 -> CAMEO country code, from the KB's countries.
fn fips_map(kb: &Kb) -> FipsMap {
    FipsMap::new(
        kb.entities()
            .iter()
            .filter(|entity| entity.kind == EntityKind::Country && !entity.fips.is_empty())
            .map(|entity| (entity.fips.as_str(), entity.code.as_str())),
    )
}

fn ingest_gdelt(kb: &Kb, store: &mut Store, paths: &[PathBuf]) -> anyhow::Result<bool> {
    let fips = fips_map(kb);
    let run =
        store.begin_run("ingest --gdelt", grip_analysis::ENGINE_VERSION, &now_utc()).context("starting the run")?;
    let total_bytes = paths.iter().map(|path| std::fs::metadata(path).ok().map(|metadata| metadata.len())).sum();
    let progress = Progress::new(total_bytes, "rows");
    let bytes_read = AtomicU64::new(0);
    let started = Instant::now();
    let mut counts = RunCounts::default();
    let mut n_printed = 0u64;
    let config = PipelineConfig { batch_items: 4, batch_bytes: 16 * 1024 * 1024, idle_flush: None };
    {
        let produce = |emit: &mut dyn FnMut(Result<RawChunk, ReadFailure>, usize) -> bool| {
            for path in paths {
                let mut stopped = false;
                let mut failures = Vec::new();
                let result = grip_ingest::gdelt::read_chunks(
                    path,
                    2 * 1024 * 1024,
                    &bytes_read,
                    &mut |chunk| {
                        let n_bytes = chunk.bytes.len();
                        let keep_going = emit(Ok(chunk), n_bytes);
                        stopped |= !keep_going;
                        keep_going
                    },
                    &mut |failure| failures.push(failure),
                );
                for failure in failures {
                    if !emit(Err(failure), 0) {
                        return;
                    }
                }
                if let Err(error) = result {
                    let failure = ReadFailure { source_name: path.display().to_string(), line: None, error };
                    if !emit(Err(failure), 0) {
                        return;
                    }
                }
                if stopped {
                    return;
                }
            }
        };
        let map = |item: Result<RawChunk, ReadFailure>| item.map(|raw| grip_ingest::gdelt::parse_chunk(raw, &fips));
        let sink = |batch: Vec<Result<GdeltChunk, ReadFailure>>| -> anyhow::Result<()> {
            let mut transaction = store.batch().context("starting a transaction")?;
            let mut batch_counts = RunCounts::default();
            let mut records = Vec::new();
            for item in &batch {
                let chunk = match item {
                    Ok(chunk) => chunk,
                    Err(failure) => {
                        report_failure(&mut transaction, run, failure, &progress, &mut n_printed)?;
                        batch_counts.n_failed += 1;
                        continue;
                    }
                };
                for failure in &chunk.failures {
                    report_failure(&mut transaction, run, failure, &progress, &mut n_printed)?;
                    batch_counts.n_failed += 1;
                }
                records.clear();
                records.extend(chunk.events().map(|event| GdeltRecord { event, run }));
                let n_new = transaction.insert_gdelt(&records).context("storing GDELT rows")?;
                batch_counts.n_new += n_new as i64;
                batch_counts.n_duplicate += records.len() as i64 - n_new as i64;
            }
            transaction.commit().context("committing GDELT rows")?;
            counts.n_new += batch_counts.n_new;
            counts.n_duplicate += batch_counts.n_duplicate;
            counts.n_failed += batch_counts.n_failed;
            progress.update(bytes_read.load(Ordering::Relaxed), (counts.n_new + counts.n_duplicate) as u64);
            Ok(())
        };
        grip_ingest::run_pipeline(config, produce, map, sink)?;
    }
    progress.finish();
    if n_printed > MAX_PRINTED_FAILURES {
        eprintln!("grip: {} more failures not shown (see the failures table)", n_printed - MAX_PRINTED_FAILURES);
    }
    store.finish_run(run, &counts, &now_utc()).context("recording the end of the run")?;
    let seconds = started.elapsed().as_secs_f64().max(1e-6);
    let n_rows = counts.n_new + counts.n_duplicate;
    eprintln!(
        "grip: GDELT rows: {} new, {} duplicate, {} failed ({:.2} s, {:.0} rows/s)",
        counts.n_new,
        counts.n_duplicate,
        counts.n_failed,
        seconds,
        n_rows as f64 / seconds
    );
    Ok(counts.n_failed > 0)
}

fn report_failure(
    transaction: &mut Batch<'_>,
    run: RunId,
    failure: &ReadFailure,
    progress: &Progress,
    n_printed: &mut u64,
) -> anyhow::Result<()> {
    *n_printed += 1;
    if *n_printed <= MAX_PRINTED_FAILURES {
        progress.println(&format!("grip: skipped: {failure}"));
    }
    // Every failure is recorded, so that nothing is lost silently; a file of garbage costs
    // one small row per line.
    transaction
        .record_failure(run, &failure.source_name, failure.line, &failure.to_string())
        .context("recording a failure")
}

// ---------------------------------------------------------------------------------------------
// reanalyze

fn reanalyze(engine: &Engine, args: &ReanalyzeArgs) -> anyhow::Result<ExitCode> {
    let kb = &engine.kb;
    let mut store = open_store(&args.db.db)?;
    let version = store.version_id(grip_analysis::ENGINE_VERSION, kb.version()).context("recording the version")?;
    let run = store.begin_run("reanalyze", grip_analysis::ENGINE_VERSION, &now_utc()).context("starting the run")?;
    let reader = Store::open_read_only(&args.db.db).context("opening the database for reading")?;
    let config = AnalysisConfig { fallback_date: input::today() };
    let progress = Progress::new(None, "documents");
    let started = Instant::now();
    let all = args.all;
    let mut n_done = 0u64;
    let mut n_events = 0u64;
    let mut read_error = None;
    {
        let read_error = &mut read_error;
        let produce = move |emit: &mut dyn FnMut(grip_store::StoredDocument, usize) -> bool| {
            let mut after = 0;
            loop {
                let documents = match reader.documents_to_analyze(version, all, after, 256) {
                    Ok(documents) => documents,
                    Err(error) => {
                        *read_error = Some(error);
                        return;
                    }
                };
                let Some(last) = documents.last() else {
                    return;
                };
                after = last.id;
                for stored in documents {
                    let n_bytes = stored.text.len();
                    if !emit(stored, n_bytes) {
                        return;
                    }
                }
            }
        };
        let map = |stored: grip_store::StoredDocument| {
            let mut document = grip_model::Document::new(stored.external_id, stored.text);
            document.date = stored.given_date;
            document.title = stored.title;
            document.url = stored.url;
            (stored.id, analyze(engine, &document, &config))
        };
        let sink = |batch: Vec<(i64, Analysis)>| -> anyhow::Result<()> {
            let mut transaction = store.batch().context("starting a transaction")?;
            for (document_id, analysis) in &batch {
                let sentences = sentence_records(analysis);
                let record = analysis_record(analysis, version, &sentences);
                transaction.replace_analysis(*document_id, &record).context("replacing an analysis")?;
                n_events += analysis.events.len() as u64;
            }
            transaction.commit().context("committing a batch")?;
            n_done += batch.len() as u64;
            progress.update(0, n_done);
            Ok(())
        };
        grip_ingest::run_pipeline(PIPELINE, produce, map, sink)?;
    }
    progress.finish();
    if let Some(error) = read_error {
        return Err(error).context("reading documents to re-analyze");
    }
    let counts = RunCounts { n_new: n_done as i64, n_duplicate: 0, n_failed: 0 };
    store.finish_run(run, &counts, &now_utc()).context("recording the end of the run")?;
    let seconds = started.elapsed().as_secs_f64().max(1e-6);
    eprintln!(
        "grip: re-analyzed {n_done} documents with engine {} and KB {} ({n_events} events; {:.1} s, {:.0} documents/s)",
        grip_analysis::ENGINE_VERSION,
        kb.version(),
        seconds,
        n_done as f64 / seconds
    );
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// influence

/// Feeds the stored interactions into an aggregator.
fn aggregate(
    store: &Store,
    filter: &InteractionFilter,
    config: InfluenceConfig,
) -> anyhow::Result<grip_influence::Report> {
    let mut aggregator = Aggregator::new(config);
    store
        .interactions(filter, |row| {
            let Some(interaction_parts) = interaction_parts(row) else {
                return;
            };
            let (source, target, quad, factual, military) = interaction_parts;
            aggregator.add(&Interaction {
                day: row.day,
                source: &source,
                target: &target,
                code: row.code,
                quad,
                goldstein: row.goldstein,
                military,
                factual,
            });
        })
        .context("reading the events")?;
    Ok(aggregator.finish())
}

type Parts<'a> = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>, grip_model::QuadClass, bool, bool);

/// Party keys, quad class, factuality and military flag of a stored row; `None` when a side
/// names no party or the quad class is unknown.
fn interaction_parts<'a>(row: &grip_store::InteractionRow<'a>) -> Option<Parts<'a>> {
    let source = grip_influence::party(row.source_actor, row.source_country, row.source_group)?;
    let target = grip_influence::party(row.target_actor, row.target_country, row.target_group)?;
    let quad =
        grip_influence::quad_class(row.quad_class).or_else(|| CameoCode::parse(row.code).map(|code| code.quad()))?;
    let factual = matches!(row.modality, "asserted" | "reported");
    let military = grip_influence::is_military(row.source_actor, row.source_types)
        || grip_influence::is_military(row.target_actor, row.target_types);
    Some((source, target, quad, factual, military))
}

fn influence(args: &InfluenceArgs) -> anyhow::Result<ExitCode> {
    let store = open_read_only(&args.db.db)?;
    let target = args.target.as_ref().map(|target| target.to_ascii_uppercase());
    let report = aggregate(&store, &args.window.filter(), args.measure.config(target.clone()))?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        write_influence_json(&mut out, &report, args)?;
    } else {
        write_influence_table(&mut out, &report, args, target.as_deref())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn fmt_share(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |value| format!("{value:.3}"))
}

fn write_influence_table(
    out: &mut impl Write,
    report: &grip_influence::Report,
    args: &InfluenceArgs,
    target: Option<&str>,
) -> anyhow::Result<()> {
    let window = format!(
        "{} .. {}",
        args.window.since.map_or_else(|| "start".to_owned(), |date| date.to_string()),
        args.window.until.map_or_else(|| "end".to_owned(), |date| date.to_string())
    );
    let weight = match args.measure.weight {
        WeightArg::Goldstein => "|Goldstein|",
        WeightArg::Count => "count",
    };
    writeln!(
        out,
        "# grip index: share of the target's dyadic interactions (factual events) that involve the patron, weighted by {weight}"
    )?;
    writeln!(
        out,
        "# window {window}; {} rows read, {} used; spikes: grip above the mean + {} sd of the previous {} {}s",
        report.n_rows,
        report.n_used,
        args.measure.k,
        args.measure.baseline,
        args.measure.by.period().as_str()
    )?;
    if report.targets.is_empty() {
        writeln!(out, "# no dyadic events{}", target.map(|target| format!(" involving {target}")).unwrap_or_default())?;
        return Ok(());
    }
    for target_row in &report.targets {
        writeln!(out)?;
        writeln!(
            out,
            "target {}: {} dyadic events, weight {:.1}, concentration (HHI of patron shares) {:.3}",
            target_row.target, target_row.n_events, target_row.weight, target_row.concentration
        )?;
        writeln!(
            out,
            "{:>4}  {:<10} {:>7} {:>9} {:>6} {:>8} {:>8} {:>9} {:>7} {:>6} {:>6} {:>6} {:>6} {:>9} {:>7}  spikes (last)",
            "rank",
            "patron",
            "events",
            "weight",
            "grip",
            "security",
            "economic",
            "political",
            "signed",
            "vcoop",
            "mcoop",
            "vconf",
            "mconf",
            "goldstein",
            "balance"
        )?;
        let patrons = report.patrons.iter().filter(|row| row.target == target_row.target).take(args.top);
        for (rank, row) in patrons.enumerate() {
            let spikes = match row.last_spike {
                Some(last) => format!("{} ({last})", row.n_spikes),
                None => "0".to_owned(),
            };
            writeln!(
                out,
                "{:>4}  {:<10} {:>7} {:>9.1} {:>6.3} {:>8} {:>8} {:>9} {:>+7.3} {:>6} {:>6} {:>6} {:>6} {:>9.1} {:>+7.3}  {}",
                rank + 1,
                row.patron,
                row.n_events,
                row.weight,
                row.grip,
                fmt_share(row.grip_by_dimension[0]),
                fmt_share(row.grip_by_dimension[1]),
                fmt_share(row.grip_by_dimension[2]),
                row.signed,
                row.counts[0],
                row.counts[1],
                row.counts[2],
                row.counts[3],
                row.goldstein,
                row.balance,
                spikes
            )?;
        }
        if args.series {
            let top: BTreeSet<&str> = report
                .patrons
                .iter()
                .filter(|row| row.target == target_row.target)
                .take(args.top)
                .map(|row| row.patron.as_str())
                .collect();
            writeln!(out)?;
            writeln!(
                out,
                "grip index per {} (spike: * when above the baseline threshold)",
                args.measure.by.period().as_str()
            )?;
            writeln!(
                out,
                "{:<10} {:<10} {:>6} {:>6} {:>8} {:>8} {:>9} {:>7} {:>9}  spike",
                "patron", "period", "events", "grip", "security", "economic", "political", "signed", "threshold"
            )?;
            for row in
                report.series.iter().filter(|row| row.target == target_row.target && top.contains(row.patron.as_str()))
            {
                let spike_marks: String =
                    [row.spike, row.spike_by_dimension[0], row.spike_by_dimension[1], row.spike_by_dimension[2]]
                        .iter()
                        .zip(["grip", "security", "economic", "political"])
                        .filter(|(check, _)| check.is_some_and(|check| check.spike))
                        .map(|(_, name)| format!("*{name}"))
                        .collect::<Vec<_>>()
                        .join(" ");
                writeln!(
                    out,
                    "{:<10} {:<10} {:>6} {:>6} {:>8} {:>8} {:>9} {:>7} {:>9}  {}",
                    row.patron,
                    row.period,
                    row.n_events,
                    fmt_share(row.grip),
                    fmt_share(row.grip_by_dimension[0]),
                    fmt_share(row.grip_by_dimension[1]),
                    fmt_share(row.grip_by_dimension[2]),
                    row.signed.map_or_else(|| "-".to_owned(), |value| format!("{value:+.3}")),
                    row.spike.map_or_else(|| "-".to_owned(), |check| format!("{:.3}", check.threshold)),
                    spike_marks
                )?;
            }
        }
    }
    if args.pairs {
        writeln!(out)?;
        writeln!(out, "pair tables per {} (factual events)", args.measure.by.period().as_str())?;
        writeln!(
            out,
            "{:<10} {:<10} {:<10} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8} {:>8} {:>8} {:>8} {:>9} {:>7}",
            "source",
            "target",
            "period",
            "events",
            "vcoop",
            "mcoop",
            "vconf",
            "mconf",
            "g_vcoop",
            "g_mcoop",
            "g_vconf",
            "g_mconf",
            "goldstein",
            "balance"
        )?;
        for row in &report.pairs {
            writeln!(
                out,
                "{:<10} {:<10} {:<10} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>9.1} {:>+7.3}",
                row.source,
                row.target,
                row.period,
                row.n_events(),
                row.counts[0],
                row.counts[1],
                row.counts[2],
                row.counts[3],
                row.goldstein[0],
                row.goldstein[1],
                row.goldstein[2],
                row.goldstein[3],
                row.goldstein_total(),
                row.balance
            )?;
        }
    }
    Ok(())
}

fn write_influence_json(
    out: &mut impl Write,
    report: &grip_influence::Report,
    args: &InfluenceArgs,
) -> anyhow::Result<()> {
    let dims = |values: [Option<f64>; 3]| serde_json::json!({"security": values[0], "economic": values[1], "political": values[2]});
    for target in &report.targets {
        let line = serde_json::json!({
            "type": "target", "target": target.target, "events": target.n_events, "weight": target.weight,
            "concentration": target.concentration,
        });
        writeln!(out, "{line}")?;
    }
    for row in report.patrons.iter() {
        let line = serde_json::json!({
            "type": "patron", "target": row.target, "patron": row.patron, "events": row.n_events,
            "weight": row.weight, "grip": row.grip, "grip_by_dimension": dims(row.grip_by_dimension),
            "signed": row.signed, "counts_by_quad": row.counts, "goldstein": row.goldstein,
            "balance": row.balance, "spikes": row.n_spikes, "last_spike": row.last_spike.map(|date| date.to_string()),
        });
        writeln!(out, "{line}")?;
    }
    if args.series {
        for row in &report.series {
            let line = serde_json::json!({
                "type": "series", "target": row.target, "patron": row.patron, "period": row.period.to_string(),
                "events": row.n_events, "grip": row.grip, "grip_by_dimension": dims(row.grip_by_dimension),
                "signed": row.signed, "spike": row.spike.is_some_and(|check| check.spike),
                "threshold": row.spike.map(|check| check.threshold),
            });
            writeln!(out, "{line}")?;
        }
    }
    if args.pairs {
        for row in &report.pairs {
            let line = serde_json::json!({
                "type": "pair", "source": row.source, "target": row.target, "period": row.period.to_string(),
                "counts_by_quad": row.counts, "goldstein_by_quad": row.goldstein, "balance": row.balance,
            });
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// forecasts

struct OwnedObserved {
    reference: String,
    day: Date,
    source: String,
    target: String,
    code: String,
    quad: grip_model::QuadClass,
    factual: bool,
    negated: bool,
    url: String,
}

fn forecasts(args: &ForecastsArgs) -> anyhow::Result<ExitCode> {
    let store = open_read_only(&args.db.db)?;
    let rows = store.predictions().context("reading predictions")?;
    let mut predictions = Vec::new();
    let mut by_id = BTreeMap::new();
    for row in &rows {
        let party_of =
            |code: &str| grip_influence::party(code, code.get(..3).unwrap_or(""), "").map(|key| key.into_owned());
        let (Some(source), Some(target), Some(code)) =
            (party_of(&row.source_actor), party_of(&row.target_actor), CameoCode::parse(&row.code))
        else {
            continue;
        };
        by_id.insert(row.claim_id, row);
        predictions.push(grip_influence::Prediction {
            id: row.claim_id,
            day: row.day,
            source,
            target,
            code: row.code.clone(),
            quad: code.quad(),
            negated: row.modality == "negated",
        });
    }
    let pairs: BTreeSet<(String, String)> = predictions
        .iter()
        .map(|prediction| {
            let mut pair = [prediction.source.clone(), prediction.target.clone()];
            pair.sort();
            let [low, high] = pair;
            (low, high)
        })
        .collect();
    let since = predictions.iter().map(|prediction| prediction.day).min();
    let mut observed = Vec::new();
    let mut last_day = since;
    store
        .interactions(&InteractionFilter { since, until: None, origin: None }, |row| {
            last_day = Some(last_day.map_or(row.day, |day| day.max(row.day)));
            let Some((source, target, quad, factual, _)) = interaction_parts(row) else {
                return;
            };
            let mut pair = [source.to_string(), target.to_string()];
            pair.sort();
            let [low, high] = pair;
            if !pairs.contains(&(low, high)) {
                return;
            }
            observed.push(OwnedObserved {
                reference: format!("{}:{}", row.origin.as_str(), row.event_id),
                day: row.day,
                source: source.into_owned(),
                target: target.into_owned(),
                code: row.code.to_owned(),
                quad,
                factual,
                negated: row.modality == "negated",
                url: row.url.to_owned(),
            });
        })
        .context("reading the events")?;
    let as_of = last_day.unwrap_or_else(input::today);
    let config = grip_influence::ForecastConfig { horizon_days: args.horizon, as_of };
    let matches = grip_influence::match_forecasts(
        &predictions,
        observed.iter().map(|event| grip_influence::Observed {
            reference: &event.reference,
            day: event.day,
            source: &event.source,
            target: &event.target,
            code: &event.code,
            quad: event.quad,
            factual: event.factual,
            negated: event.negated,
            url: &event.url,
        }),
        &config,
    );
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if !args.json {
        writeln!(
            out,
            "# {} predictions with a forecast event ({} claims of kind prediction); horizon {} days; as of {as_of}",
            predictions.len(),
            rows.len(),
            args.horizon
        )?;
        writeln!(
            out,
            "{:>6}  {:<10} {:<28} {:<10} {:<13} {:<8}  {:<40}  claim",
            "claim", "date", "forecast", "certainty", "status", "expired", "evidence"
        )?;
    }
    for (prediction, verdict) in predictions.iter().zip(&matches) {
        let row = by_id.get(&prediction.id).copied();
        let forecast = format!(
            "{} -[{}{}]-> {}",
            prediction.source,
            if prediction.negated { "not " } else { "" },
            prediction.code,
            prediction.target
        );
        let evidence = verdict
            .evidence
            .as_ref()
            .map(|(reference, day, code, url)| format!("{reference} {day} {code} {url}"))
            .unwrap_or_default();
        let link = row.map(|row| {
            row.url.clone().unwrap_or_else(|| format!("document {} ({})", row.document_id, row.document_external_id))
        });
        if args.json {
            let line = serde_json::json!({
                "claim": prediction.id, "date": prediction.day.to_string(), "source": prediction.source,
                "target": prediction.target, "code": prediction.code, "negated": prediction.negated,
                "certainty": row.map(|row| row.certainty.clone()), "holder": row.map(|row| row.holder.clone()),
                "text": row.map(|row| row.text.clone()), "document": link,
                "status": verdict.status.as_str(), "expired": verdict.expired, "matching_events": verdict.n_matching,
                "evidence": verdict.evidence.as_ref().map(|(reference, day, code, url)| serde_json::json!({
                    "event": reference, "date": day.to_string(), "code": code, "url": url,
                })),
            });
            writeln!(out, "{line}")?;
        } else {
            let text: String =
                row.map(|row| row.text.replace('\n', " ")).unwrap_or_default().chars().take(80).collect();
            writeln!(
                out,
                "{:>6}  {:<10} {:<28} {:<10} {:<13} {:<8}  {:<40}  {text} [{}]",
                prediction.id,
                prediction.day,
                forecast,
                row.map(|row| row.certainty.as_str()).unwrap_or(""),
                verdict.status.as_str(),
                if verdict.expired { "yes" } else { "no" },
                evidence,
                link.unwrap_or_default()
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// query and export

fn query(args: &QueryArgs) -> anyhow::Result<ExitCode> {
    let store = open_read_only(&args.db.db)?;
    // Not locked: the store's exports take a `Send` writer (the Parquet writer needs one), and
    // the stdout lock is not `Send`.
    let mut out = BufWriter::new(io::stdout());
    match args.format {
        QueryFormat::Jsonl => {
            store.export(
                &grip_store::ExportSource::Sql(args.sql.clone()),
                grip_store::ExportFormat::Jsonl,
                &mut out,
            )?;
        }
        QueryFormat::Csv => {
            store.export(&grip_store::ExportSource::Sql(args.sql.clone()), grip_store::ExportFormat::Csv, &mut out)?;
        }
        QueryFormat::Tsv => {
            let mut wrote_header = false;
            store.query(&args.sql, |columns, values| {
                let io_error = |source| grip_store::StoreError::Write { source };
                if !wrote_header {
                    writeln!(out, "{}", columns.join("\t")).map_err(io_error)?;
                    wrote_header = true;
                }
                let cells: Vec<String> = values.iter().map(|value| tsv_cell(*value)).collect();
                writeln!(out, "{}", cells.join("\t")).map_err(io_error)
            })?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn tsv_cell(value: grip_store::Value<'_>) -> String {
    match value {
        grip_store::Value::Null => String::new(),
        grip_store::Value::Integer(value) => value.to_string(),
        grip_store::Value::Real(value) => value.to_string(),
        grip_store::Value::Text(text) => text.replace(['\t', '\n', '\r'], " "),
        grip_store::Value::Blob(bytes) => format!("<{} bytes>", bytes.len()),
    }
}

fn export(kb: &Kb, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let store = open_read_only(&args.db.db)?;
    let mut out: Box<dyn Write + Send> = match &args.output {
        Some(path) => Box::new(BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout())),
    };
    let n_rows = match args.format {
        ExportFormatArg::Gdelt => {
            let iso_to_fips = kb.iso_to_fips();
            let options = grip_store::GdeltExportOptions { filter: args.window.filter(), iso_to_fips };
            store.export_gdelt(&options, &mut out)?
        }
        format => {
            let source = match (&args.sql, &args.table) {
                (Some(sql), _) => grip_store::ExportSource::Sql(sql.clone()),
                (None, Some(table)) => grip_store::ExportSource::Table(table.clone()),
                (None, None) => grip_store::ExportSource::Table("interactions".to_owned()),
            };
            let format = match format {
                ExportFormatArg::Jsonl => grip_store::ExportFormat::Jsonl,
                ExportFormatArg::Csv => grip_store::ExportFormat::Csv,
                _ => grip_store::ExportFormat::Parquet,
            };
            store.export(&source, format, &mut out)?
        }
    };
    out.flush()?;
    if args.output.is_some() {
        eprintln!("grip: exported {n_rows} rows");
    }
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// plot

/// Fonts tried when `--font` is not given.
const FONT_CANDIDATES: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "C:\\Windows\\Fonts\\arial.ttf",
];

fn load_font(path: Option<&Path>) -> anyhow::Result<()> {
    let bytes = match path {
        Some(path) => std::fs::read(path).with_context(|| format!("reading font {}", path.display()))?,
        None => FONT_CANDIDATES.iter().find_map(|candidate| std::fs::read(candidate).ok()).with_context(|| {
            "charts need a TrueType font and none of the usual system fonts was found; pass --font FILE.ttf \
             (on Debian: apt-get install fonts-dejavu-core)"
                .to_owned()
        })?,
    };
    // plotters keeps fonts for the life of the process; leaking one font once is that.
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    grip_influence::plot::register_font(bytes).context("loading the font")?;
    Ok(())
}

fn plot(args: &PlotArgs) -> anyhow::Result<ExitCode> {
    let format = match args.output.extension().and_then(|extension| extension.to_str()).map(str::to_ascii_lowercase) {
        Some(extension) if extension == "svg" => ImageFormat::Svg,
        Some(extension) if extension == "png" => ImageFormat::Png,
        _ => anyhow::bail!("the output file must end in .svg or .png: {}", args.output.display()),
    };
    let store = open_read_only(&args.db.db)?;
    let bytes = match args.chart {
        ChartKind::Timeline => {
            let pair = args.pair.as_deref().context("a timeline needs --pair A:B (for example RUS:KAZ)")?;
            let (a, b) = pair.split_once(':').context("--pair must look like A:B (for example RUS:KAZ)")?;
            let (a, b) = (a.to_ascii_uppercase(), b.to_ascii_uppercase());
            let report = aggregate(&store, &args.window.filter(), args.measure.config(Some(a.clone())))?;
            let rows: Vec<grip_influence::PairRow> = report
                .pairs
                .into_iter()
                .filter(|row| (row.source == a && row.target == b) || (row.source == b && row.target == a))
                .collect();
            load_font(args.font.as_deref())?;
            let title = format!("{a} - {b}: cooperation and conflict per {}", args.measure.by.period().as_str());
            grip_influence::plot::pair_timeline(&rows, args.measure.by.period(), &title, format)?
        }
        ChartKind::Grip => {
            let target = args.target.as_deref().context("a grip chart needs --target CODE (for example KAZ)")?;
            let target = target.to_ascii_uppercase();
            let report = aggregate(&store, &args.window.filter(), args.measure.config(Some(target.clone())))?;
            let series: Vec<grip_influence::SeriesRow> =
                report.series.into_iter().filter(|row| row.target == target).collect();
            let dimension = match args.dimension {
                DimensionArg::Overall => None,
                DimensionArg::Security => Some(Dimension::Security),
                DimensionArg::Economic => Some(Dimension::Economic),
                DimensionArg::Political => Some(Dimension::Political),
            };
            load_font(args.font.as_deref())?;
            let title = format!(
                "Grip on {target}{} per {} (circles: spikes)",
                dimension.map(|dimension| format!(" ({})", dimension.as_str())).unwrap_or_default(),
                args.measure.by.period().as_str()
            );
            grip_influence::plot::grip_over_time(
                &series,
                args.measure.by.period(),
                dimension,
                args.top,
                &title,
                format,
            )?
        }
    };
    std::fs::write(&args.output, bytes).with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!("grip: wrote {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// watch

fn watch(engine: &Engine, args: &WatchArgs) -> anyhow::Result<ExitCode> {
    let kb = &engine.kb;
    let mut store = open_store(&args.db.db)?;
    let mut failed = false;
    loop {
        let run = store.begin_run("watch", grip_analysis::ENGINE_VERSION, &now_utc()).context("starting the run")?;
        let version = if args.no_analyze {
            None
        } else {
            Some(store.version_id(grip_analysis::ENGINE_VERSION, kb.version()).context("recording the version")?)
        };
        let context = IngestContext {
            engine,
            config: AnalysisConfig { fallback_date: input::today() },
            version,
            run,
            default_date: None,
        };
        let mut run_totals = Totals::default();
        for url in &args.feeds {
            let (etag, last_modified) = store.feed_validators(url).context("reading the feed state")?;
            let fetched =
                grip_ingest::fetch_feed(url, etag.as_deref(), last_modified.as_deref(), Duration::from_secs(60));
            let (body, etag, last_modified) = match fetched {
                Ok(grip_ingest::FeedFetch::NotModified) => {
                    eprintln!("grip: {url}: not modified");
                    store.record_feed_poll(url, etag.as_deref(), last_modified.as_deref(), &now_utc(), 0)?;
                    continue;
                }
                Ok(grip_ingest::FeedFetch::Fetched { body, etag, last_modified }) => (body, etag, last_modified),
                Err(error) => {
                    eprintln!("grip: {error}");
                    failed = true;
                    continue;
                }
            };
            let parsed = grip_ingest::parse_feed(&body, url);
            let progress = Progress::new(None, "documents");
            let bytes_read = AtomicU64::new(0);
            let produce = |emit: &mut dyn FnMut(Item, usize) -> bool| {
                for document in parsed.documents {
                    let n_bytes = document.document.text.len();
                    if !emit(Item::Document(document), n_bytes) {
                        return;
                    }
                }
                for failure in parsed.failures {
                    if !emit(Item::Failure(failure), 0) {
                        return;
                    }
                }
            };
            let totals = ingest_documents(&context, &mut store, &progress, &bytes_read, produce)?;
            progress.finish();
            eprintln!(
                "grip: {url}: {} new, {} already stored, {} failed",
                totals.counts.n_new, totals.counts.n_duplicate, totals.counts.n_failed
            );
            store.record_feed_poll(
                url,
                etag.as_deref(),
                last_modified.as_deref(),
                &now_utc(),
                totals.counts.n_new as u64,
            )?;
            run_totals.counts.n_new += totals.counts.n_new;
            run_totals.counts.n_duplicate += totals.counts.n_duplicate;
            run_totals.counts.n_failed += totals.counts.n_failed;
            failed |= totals.counts.n_failed > 0;
        }
        store.finish_run(run, &run_totals.counts, &now_utc()).context("recording the end of the run")?;
        if args.once {
            break;
        }
        std::thread::sleep(Duration::from_secs(args.interval.max(1)));
    }
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

// ---------------------------------------------------------------------------------------------
// helpers

fn open_store(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("opening database {}", path.display()))
}

fn open_read_only(path: &Path) -> anyhow::Result<Store> {
    if !path.exists() {
        anyhow::bail!("database {} does not exist; create it with `grip ingest`", path.display());
    }
    Store::open_read_only(path).with_context(|| format!("opening database {}", path.display()))
}

/// The current UTC time as RFC 3339 (`2026-11-29T20:00:00Z`), from the system clock.
fn now_utc() -> String {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let day = input::today();
    let in_day = seconds % 86_400;
    format!("{day}T{:02}:{:02}:{:02}Z", in_day / 3600, in_day % 3600 / 60, in_day % 60)
}
