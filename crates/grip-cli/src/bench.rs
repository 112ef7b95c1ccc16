//! `grip bench`: times the whole analysis and each of its stages on the shared news corpus,
//! in the TSV columns of the anchors' harness (../shared/bench/anchors), and optionally runs
//! the anchors (spaCy, VADER) in the same session and prints the ratios.
//!
//! Each run analyzes the corpus twice: once on one thread with stage timers (the `grip` and
//! `grip-<stage>` lines: per-core figures), then on every worker thread (`grip-parallel`).
//! Figures are medians over the runs. Seconds exclude start-up (the `grip-startup` line).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Args;
use grip_analysis::{analyze, analyze_timed, AnalysisConfig, Engine, StageTimes};
use grip_model::{Date, Document};
use rayon::prelude::*;

#[derive(Debug, Args)]
pub(crate) struct BenchArgs {
    /// The corpus: documents as blocks separated by a blank line
    /// (default: <shared>/bench/news-corpus.txt).
    #[arg(long, value_name = "FILE")]
    corpus: Option<PathBuf>,
    /// The shared reference data directory (default: $GRIP_SHARED, else ../shared).
    #[arg(long, value_name = "DIR")]
    shared: Option<PathBuf>,
    /// Timed runs; every figure is the median over them.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=50))]
    runs: u32,
    /// Also run <shared>/bench/anchors/run_anchors.sh (spaCy sm, VADER) once per run,
    /// alternating with grip, and print grip/spaCy-sm and grip-tone/VADER ratios.
    #[arg(long)]
    vs_anchors: bool,
    /// With --vs-anchors: words of the corpus spaCy sees (its harness subsamples; 0 = all).
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    spacy_max_words: u64,
}

/// One TSV line of the harness format.
#[derive(Debug, Clone)]
struct Line {
    name: String,
    version: String,
    docs: u64,
    sentences: u64,
    words: u64,
    seconds: f64,
    peak_rss_mb: f64,
    extra: String,
}

impl Line {
    fn sent_per_s(&self) -> f64 {
        per_second(self.sentences, self.seconds)
    }

    fn words_per_s(&self) -> f64 {
        per_second(self.words, self.seconds)
    }

    fn tsv(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}\t{:.3}\t{:.0}\t{:.0}\t{:.1}\t{}",
            self.name,
            self.version,
            self.docs,
            self.sentences,
            self.words,
            self.seconds,
            self.sent_per_s(),
            self.words_per_s(),
            self.peak_rss_mb,
            self.extra
        )
    }
}

fn per_second(count: u64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        count as f64 / seconds
    } else {
        0.0
    }
}

const HEADER: &str = "name\tversion\tdocs\tsentences\twords\tseconds\tsent_per_s\twords_per_s\tpeak_rss_mb\textra";

/// The corpus in memory (the shared one is 2.4 MB; `grip analyze --jsonl` is the streaming path).
struct Corpus {
    documents: Vec<Document>,
    words: u64,
}

fn read_corpus(path: &Path) -> anyhow::Result<Corpus> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading the corpus {}", path.display()))?;
    let mut documents = Vec::new();
    let mut words = 0u64;
    let mut block = String::new();
    let flush = |block: &mut String, documents: &mut Vec<Document>| {
        if !block.trim().is_empty() {
            let mut document = Document::new(format!("bench/{}", documents.len() + 1), block.trim_end().to_owned());
            // A fixed date: the bench measures speed, and dated roles resolve the same way each run.
            document.date = Date::from_ymd_opt(2022, 1, 10);
            documents.push(document);
        }
        block.clear();
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut block, &mut documents);
            continue;
        }
        words += line.split_whitespace().count() as u64;
        block.push_str(line);
        block.push('\n');
    }
    flush(&mut block, &mut documents);
    if documents.is_empty() {
        anyhow::bail!("the corpus {} holds no document", path.display());
    }
    Ok(Corpus { documents, words })
}

/// The figures of one run.
struct RunFigures {
    sentences: u64,
    serial: Duration,
    stages: StageTimes,
    parallel: Option<Duration>,
}

fn run_once(engine: &Engine, corpus: &Corpus, config: &AnalysisConfig) -> RunFigures {
    let mut stages = StageTimes::default();
    let mut sentences = 0u64;
    let started = Instant::now();
    for document in &corpus.documents {
        let analysis = analyze_timed(engine, document, config, &mut stages);
        sentences += analysis.segmented.sentences.len() as u64;
    }
    let serial = started.elapsed();
    let parallel = (rayon::current_num_threads() > 1).then(|| {
        let started = Instant::now();
        let n: usize = corpus
            .documents
            .par_iter()
            .map(|document| analyze(engine, document, config).segmented.sentences.len())
            .sum();
        debug_assert_eq!(n as u64, sentences);
        started.elapsed()
    });
    RunFigures { sentences, serial, stages, parallel }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Peak resident memory of this process so far, in MB (Linux; 0 elsewhere).
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                let kb = line.strip_prefix("VmHWM:")?.trim().strip_suffix("kB")?.trim();
                kb.parse::<f64>().ok()
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

pub(crate) fn run(engine: &Engine, startup: Duration, args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let shared = args
        .shared
        .clone()
        .or_else(|| std::env::var_os("GRIP_SHARED").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("../shared"));
    let corpus_path = args.corpus.clone().unwrap_or_else(|| shared.join("bench/news-corpus.txt"));
    let corpus = read_corpus(&corpus_path)?;
    let anchors_script = shared.join("bench/anchors/run_anchors.sh");
    if args.vs_anchors && !anchors_script.is_file() {
        anyhow::bail!("--vs-anchors: {} not found (use --shared DIR)", anchors_script.display());
    }
    let config = AnalysisConfig { fallback_date: Date::from_ymd_opt(2022, 1, 10).unwrap_or_default() };
    let version = format!("{}+kb{}", grip_analysis::ENGINE_VERSION, engine.kb.version());
    let threads = rayon::current_num_threads();
    eprintln!(
        "grip bench: {} documents, {} words from {}; {} run(s), {} worker thread(s){}",
        corpus.documents.len(),
        corpus.words,
        corpus_path.display(),
        args.runs,
        threads,
        if args.vs_anchors { ", alternating with the anchors" } else { "" }
    );
    // One untimed pass warms caches and the allocator, as the anchors' harness loads its model first.
    for document in corpus.documents.iter().take(200) {
        analyze(engine, document, &config);
    }
    let mut runs = Vec::new();
    let mut anchor_lines: Vec<Line> = Vec::new();
    for run in 1..=args.runs {
        let figures = run_once(engine, &corpus, &config);
        eprintln!(
            "  run {run}: {:.2} s on one thread{}",
            figures.serial.as_secs_f64(),
            figures.parallel.map(|d| format!(", {:.2} s on {threads}", d.as_secs_f64())).unwrap_or_default()
        );
        runs.push(figures);
        if args.vs_anchors {
            for only in ["spacy-sm", "vader"] {
                anchor_lines.extend(run_anchor(&anchors_script, only, args.spacy_max_words)?);
            }
        }
    }
    let peak = peak_rss_mb();
    let sentences = runs[0].sentences;
    let line = |name: &str, seconds: f64, extra: String| Line {
        name: name.to_owned(),
        version: version.clone(),
        docs: corpus.documents.len() as u64,
        sentences,
        words: corpus.words,
        seconds,
        peak_rss_mb: peak,
        extra,
    };
    let serial = median(runs.iter().map(|r| r.serial.as_secs_f64()).collect());
    let mut lines = vec![
        Line {
            docs: 0,
            sentences: 0,
            words: 0,
            ..line("grip-startup", startup.as_secs_f64(), "load=kb+syntax+tone models".to_owned())
        },
        line("grip", serial, format!("threads=1 runs={}", args.runs)),
    ];
    for (idx, (stage, _)) in StageTimes::default().stages().iter().enumerate() {
        let seconds = median(runs.iter().map(|r| r.stages.stages()[idx].1.as_secs_f64()).collect());
        let share = if serial > 0.0 { 100.0 * seconds / serial } else { 0.0 };
        lines.push(line(&format!("grip-{stage}"), seconds, format!("threads=1 share={share:.1}%")));
    }
    if runs.iter().all(|r| r.parallel.is_some()) {
        let parallel = median(runs.iter().filter_map(|r| r.parallel.map(|d| d.as_secs_f64())).collect());
        let speedup = if parallel > 0.0 { serial / parallel } else { 0.0 };
        lines.push(line("grip-parallel", parallel, format!("threads={threads} speedup={speedup:.2}")));
    }
    let mut out = std::io::stdout().lock();
    use std::io::Write as _;
    writeln!(out, "{HEADER}")?;
    for line in &lines {
        writeln!(out, "{}", line.tsv())?;
    }
    if args.vs_anchors {
        let anchor_median = |name: &str| -> Option<Line> {
            let matching: Vec<&Line> = anchor_lines.iter().filter(|l| l.name == name).collect();
            let first = (*matching.first()?).clone();
            Some(Line { seconds: median(matching.iter().map(|l| l.seconds).collect()), ..first })
        };
        let grip_line = &lines[1];
        let tone_line = lines.iter().find(|l| l.name == "grip-tone").unwrap_or(grip_line);
        for (anchor, ours, per) in [("spacy-sm", grip_line, "words/s"), ("vader", tone_line, "sentences/s")] {
            match anchor_median(anchor) {
                Some(theirs) => {
                    writeln!(out, "{}\t(anchor, median of {} runs)", theirs.tsv(), args.runs)?;
                    let ratio = if per == "words/s" {
                        ours.words_per_s() / theirs.words_per_s().max(f64::MIN_POSITIVE)
                    } else {
                        ours.sent_per_s() / theirs.sent_per_s().max(f64::MIN_POSITIVE)
                    };
                    writeln!(
                        out,
                        "# {} / {anchor}: {ratio:.1}x in {per} (grip on one thread, same session)",
                        ours.name
                    )?;
                }
                None => writeln!(out, "# {anchor}: no result from the anchors' harness")?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs one anchor of the harness once and parses its TSV lines.
fn run_anchor(script: &Path, only: &str, spacy_max_words: u64) -> anyhow::Result<Vec<Line>> {
    let output = Command::new("bash")
        .arg(script)
        .args(["--runs", "1", "--only", only, "--spacy-max-words", &spacy_max_words.to_string()])
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("running {}", script.display()))?;
    if !output.status.success() {
        anyhow::bail!("{} --only {only} failed ({})", script.display(), output.status);
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok(stdout.lines().filter_map(parse_anchor_line).filter(|line| line.name == only).collect())
}

/// A result line of the anchors' harness (`anchor version docs sentences words seconds ...`).
fn parse_anchor_line(text: &str) -> Option<Line> {
    let fields: Vec<&str> = text.split('\t').collect();
    if fields.len() < 9 || fields[0] == "anchor" {
        return None;
    }
    Some(Line {
        name: fields[0].to_owned(),
        version: fields[1].to_owned(),
        docs: fields[2].parse().ok()?,
        sentences: fields[3].parse().ok()?,
        words: fields[4].parse().ok()?,
        seconds: fields[5].parse().ok()?,
        peak_rss_mb: fields[8].parse().ok()?,
        extra: fields.get(9).copied().unwrap_or_default().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_blocks_are_documents_and_words_are_whitespace_tokens() {
        let dir = std::env::temp_dir().join(format!("grip-bench-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("corpus.txt");
        std::fs::write(&path, "One two three.\n\n\nFour five. Six.\nSeven\n").expect("write corpus");
        let corpus = read_corpus(&path).expect("corpus reads");
        assert_eq!(corpus.documents.len(), 2);
        assert_eq!(corpus.words, 7);
        assert_eq!(corpus.documents[1].text, "Four five. Six.\nSeven");
        std::fs::write(&path, "\n\n").expect("write corpus");
        assert!(read_corpus(&path).is_err(), "an empty corpus is an error, not a zero-second bench");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn anchor_lines_parse_and_headers_do_not() {
        let line = parse_anchor_line("vader\t3.3.2\t7035\t17431\t394638\t1.2\t14525\t328865\t45.0\tload_s=0.1")
            .expect("a result line");
        assert_eq!(line.name, "vader");
        assert_eq!(line.sentences, 17431);
        assert!((line.sent_per_s() - 17431.0 / 1.2).abs() < 1e-6);
        assert!(parse_anchor_line(HEADER.replacen("name", "anchor", 1).as_str()).is_none());
        assert!(parse_anchor_line("[anchors] installing").is_none());
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(vec![]), 0.0);
    }
}
