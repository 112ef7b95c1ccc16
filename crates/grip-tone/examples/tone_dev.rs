//! Development driver for grip-tone: derive the lexicon, train the actor classifier, evaluate.
//!
//! ```sh
//! cargo run --release -p grip-tone --example tone_dev -- derive-lexicon VADER_LEXICON [PATTERN_XML] > crates/grip-tone/model/lexicon.tsv
//! cargo run --release -p grip-tone --example tone_dev -- train [--holdout] [--epochs N] [--l2 X] [--lr X] [--min-count N] [--out FILE]
//! cargo run --release -p grip-tone --example tone_dev -- calibrate
//! cargo run --release -p grip-tone --example tone_dev -- eval [--no-classifier]
//! cargo run --release -p grip-tone --example tone_dev -- scores SET   # id-free "rating<TAB>score" lines
//! ```
//! The reference data is read from `../shared` (or `$GRIP_SHARED`).

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use grip_tone::train::TrainConfig;

fn shared() -> PathBuf {
    std::env::var_os("GRIP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn read(path: PathBuf) -> Result<String> {
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn flag<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> Result<T> {
    match args.iter().position(|a| a == name) {
        Some(idx) => match args.get(idx + 1).and_then(|v| v.parse().ok()) {
            Some(value) => Ok(value),
            None => bail!("{name} needs a value"),
        },
        None => Ok(default),
    }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str).unwrap_or("eval");
    let gt = shared().join("data/vader/ground_truth");
    match command {
        "derive-lexicon" => {
            let vader = read(PathBuf::from(args.get(1).context("VADER lexicon path")?))?;
            let pattern = args.get(2).map(|p| read(PathBuf::from(p))).transpose()?;
            print!("{}", grip_tone::train::derive_lexicon(&vader, pattern.as_deref()));
        }
        "derive-opinions" => {
            let pattern = read(PathBuf::from(args.get(1).context("Pattern en-sentiment.xml path")?))?;
            print!("{}", grip_tone::train::derive_opinion_words(&pattern));
        }
        "train" => {
            let config = TrainConfig {
                epochs: flag(&args, "--epochs", 3)?,
                learning_rate: flag(&args, "--lr", 0.02)?,
                l2: flag(&args, "--l2", 1e-4)?,
                min_count: flag(&args, "--min-count", 3)?,
                seed: 0x5EED,
                balance_classes: !args.iter().any(|a| a == "--no-balance"),
                further_mentions: args.iter().any(|a| a == "--further-mentions"),
            };
            let holdout = args.iter().any(|a| a == "--holdout");
            let train = read(shared().join("data/newsmtsc/train.jsonl"))?;
            let model = grip_tone::ToneModel::embedded().with_classifier(None);
            let start = std::time::Instant::now();
            let (classifier, report) = grip_tone::train::train_actor_classifier(&train, &model, &config, holdout)?;
            eprintln!(
                "trained on {} targets ({} held out) in {:.1}s: {} features",
                report.n_train,
                report.n_heldout,
                start.elapsed().as_secs_f64(),
                classifier.n_features()
            );
            if let Some(heldout) = &report.heldout {
                eprintln!(
                    "held-out train split: macro-F1 {:.4} (neg {:.3} neu {:.3} pos {:.3}) accuracy {:.4}",
                    heldout.macro_f1, heldout.f1[0], heldout.f1[1], heldout.f1[2], heldout.accuracy
                );
            }
            if let Some(out) = args.iter().position(|a| a == "--out").and_then(|idx| args.get(idx + 1)) {
                std::fs::write(out, classifier.to_gzip()).with_context(|| format!("writing {out}"))?;
                eprintln!("wrote {out}");
            }
            if args.iter().any(|a| a == "--eval") {
                let model = model.with_classifier(Some(classifier));
                let rw = read(shared().join("data/newsmtsc/devtest_rw.jsonl"))?;
                let report = grip_tone::eval::newsmtsc(&rw, &model)?;
                eprintln!("devtest_rw: macro-F1 {:.4} accuracy {:.4}", report.macro_f1, report.accuracy);
            }
        }
        "calibrate" => {
            let model = grip_tone::ToneModel::embedded();
            let files = [
                read(gt.join("movieReviewSnippets_GroundTruth.txt"))?,
                read(gt.join("amazonReviewSnippets_GroundTruth.txt"))?,
            ];
            let refs: Vec<&str> = files.iter().map(String::as_str).collect();
            println!("scale {}", grip_tone::train::fit_calibration_scale(&refs, &model)?);
        }
        "explain" => {
            let model = grip_tone::ToneModel::embedded();
            for text in &args[1..] {
                let segmented = grip_text::segment(text);
                let tone = grip_tone::document_tone(text, &segmented, &model);
                let words: Vec<String> =
                    tone.contributions.iter().map(|c| format!("{}={:.2}", &text[c.range], c.value)).collect();
                println!("{:.3} {:?} | {}", tone.score, tone.gdelt, words.join(" "));
            }
        }
        "scores" => {
            let set = args.get(1).context("set file name")?;
            let model = grip_tone::ToneModel::embedded();
            for (rating, score) in grip_tone::eval::vader_scores(&read(gt.join(set))?, &model)? {
                println!("{rating}\t{score}");
            }
        }
        "eval" => {
            let mut model = grip_tone::ToneModel::embedded();
            if let Some(idx) = args.iter().position(|a| a == "--lexicon") {
                let lexicon = read(PathBuf::from(args.get(idx + 1).context("--lexicon FILE")?))?;
                let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("model");
                let (domain, opinion) = (read(dir.join("domain.tsv"))?, read(dir.join("opinion.tsv"))?);
                let classifier = model.classifier().cloned();
                model = grip_tone::ToneModel::from_sources(&lexicon, &domain, &opinion)?.with_classifier(classifier);
            }
            if args.iter().any(|a| a == "--no-domain") {
                let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("model");
                let (lexicon, opinion) = (read(dir.join("lexicon.tsv"))?, read(dir.join("opinion.tsv"))?);
                let classifier = model.classifier().cloned();
                model = grip_tone::ToneModel::from_sources(&lexicon, "", &opinion)?.with_classifier(classifier);
            }
            model.rules.scare_quote_flip = flag(&args, "--scare-flip", model.rules.scare_quote_flip)?;
            model.calibration.short_sentences = flag(&args, "--short", model.calibration.short_sentences)?;
            if args.iter().any(|a| a == "--no-classifier") {
                model = model.with_classifier(None);
            }
            if args.iter().any(|a| a == "--no-morphology") {
                model.rules.morphology = false;
            }
            if args.iter().any(|a| a == "--no-concessive") {
                model.rules.concessive = false;
            }
            model.calibration.length_power = flag(&args, "--length-power", model.calibration.length_power)?;
            model.calibration.alpha = flag(&args, "--alpha", model.calibration.alpha)?;
            model.calibration.opinion_weight = flag(&args, "--opinion-weight", model.calibration.opinion_weight)?;
            for ((name, file), published) in grip_tone::eval::VADER_SETS.iter().zip(grip_tone::eval::VADER_PUBLISHED_R)
            {
                let report = grip_tone::eval::vader_ground_truth(&read(gt.join(file))?, &model)?;
                println!(
                    "vader {name:<15} n={:<6} r={:.4} (VADER paper {published:.3}) slope={:.3}",
                    report.n, report.pearson, report.slope
                );
            }
            if !args.iter().any(|a| a == "--no-newsmtsc") {
                let rw = read(shared().join("data/newsmtsc/devtest_rw.jsonl"))?;
                let report = grip_tone::eval::newsmtsc(&rw, &model)?;
                println!(
                    "newsmtsc devtest_rw n={} macro-F1={:.4} (neg {:.3} neu {:.3} pos {:.3}) accuracy={:.4} confusion={:?}",
                    report.n, report.macro_f1, report.f1[0], report.f1[1], report.f1[2], report.accuracy, report.confusion
                );
            }
        }
        other => bail!("unknown command {other}"),
    }
    Ok(())
}
