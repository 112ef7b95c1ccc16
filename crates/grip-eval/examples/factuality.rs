//! Trains and checks the factuality scorers (`grip_extract::factuality`).
//!
//! ```sh
//! # choose settings: five-fold cross-validation on the training corpus, rule-based score beside it
//! cargo run --release -p grip-eval --example factuality -- train --scale certainty --cv
//! cargo run --release -p grip-eval --example factuality -- train --scale happened --cv
//! # train on the whole corpus and write the model grip embeds
//! cargo run --release -p grip-eval --example factuality -- train --scale certainty --out crates/grip-extract/model/certainty.tsv
//! cargo run --release -p grip-eval --example factuality -- train --scale happened --out crates/grip-extract/model/happened.tsv
//! ```
//! Options: `--epochs N`, `--lr X`, `--l2 X`, `--min-count N`, `--dump` (with `--cv`: one line
//! per predicate: gold, rule-based, learned, sentence). Training data, from
//! `../shared/data/factuality_meantime_udsih2` (or `$GRIP_SHARED/data/...`): MEANTIME train and
//! dev for `certainty`, UDS-IH2 dev for `happened`. The test splits are never read here;
//! `grip eval claims` scores them.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use grip_eval::claims::{pearson, read_factuality};
use grip_extract::factuality::{features, train, Feature, Scale, TrainConfig};
use grip_syntax::Model;

struct Example {
    /// The cross-validation fold, by a hash of the sentence.
    fold: u64,
    features: Vec<Feature>,
    gold: f32,
    /// The sentence with the predicate in brackets, for `--dump`.
    shown: String,
}

fn shared() -> PathBuf {
    std::env::var_os("GRIP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
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

/// The fold of a sentence: FNV-1a of its text, modulo 5.
fn fold_of(text: &str) -> u64 {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    hash % 5
}

/// The training corpus of a scale.
fn corpus_of(scale: Scale) -> &'static str {
    match scale {
        Scale::Certainty => "MEANTIME",
        Scale::Happened => "UDS-IH2",
    }
}

/// The predicates of the training splits of `scale`'s corpus, with their features.
fn load(model: &Model, scale: Scale) -> Result<Vec<Example>> {
    let dir = shared().join("data/factuality_meantime_udsih2");
    let files: &[&str] = match scale {
        Scale::Certainty => &["MEANTIME/train.jsonl", "MEANTIME/dev.jsonl"],
        Scale::Happened => &["UDS_IH2/dev.jsonl"],
    };
    let mut examples = Vec::new();
    for file in files {
        for sentence in read_factuality(&dir.join(file))? {
            let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
            let parse = model.parse(&words);
            let fold = fold_of(&words.join(" "));
            for &(head, gold) in &sentence.predicates {
                let shown = words
                    .iter()
                    .enumerate()
                    .map(|(idx, word)| if idx == head { format!("[{word}]") } else { (*word).to_owned() })
                    .collect::<Vec<_>>()
                    .join(" ");
                examples.push(Example { fold, features: features(&parse, &words, head), gold, shown });
            }
        }
    }
    Ok(examples)
}

fn r(xs: &[f32], ys: &[f32]) -> f64 {
    let widen = |values: &[f32]| values.iter().map(|&v| f64::from(v)).collect::<Vec<f64>>();
    pearson(&widen(xs), &widen(ys))
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: factuality train --scale certainty|happened [--cv [--dump]] [--out FILE] \
                 [--epochs N] [--lr X] [--l2 X] [--min-count N]";
    if args.first().map(String::as_str) != Some("train") {
        bail!(usage);
    }
    let scale = match args.iter().position(|a| a == "--scale").and_then(|idx| args.get(idx + 1)).map(String::as_str) {
        Some("certainty") => Scale::Certainty,
        Some("happened") => Scale::Happened,
        _ => bail!(usage),
    };
    let corpus = corpus_of(scale);
    let defaults = TrainConfig::for_scale(scale);
    let config = TrainConfig {
        epochs: flag(&args, "--epochs", defaults.epochs)?,
        learning_rate: flag(&args, "--lr", defaults.learning_rate)?,
        l2: flag(&args, "--l2", defaults.l2)?,
        min_count: flag(&args, "--min-count", defaults.min_count)?,
        seed: defaults.seed,
    };
    let model = Model::embedded().context("loading the syntax model")?;
    let examples = load(&model, scale)?;
    let fit = |training: &[(Vec<Feature>, f32)]| train(training, &config);
    if args.iter().any(|a| a == "--cv") {
        // Five folds by sentence: every prediction comes from a model that never saw its sentence.
        let mut learned = vec![0.0f32; examples.len()];
        for fold in 0..5 {
            let training: Vec<(Vec<Feature>, f32)> = examples
                .iter()
                .filter(|example| example.fold != fold)
                .map(|example| (example.features.clone(), example.gold))
                .collect();
            let trained = fit(&training);
            for (idx, example) in examples.iter().enumerate().filter(|(_, example)| example.fold == fold) {
                learned[idx] = trained.score(&example.features);
            }
        }
        let gold: Vec<f32> = examples.iter().map(|e| e.gold).collect();
        let rule: Vec<f32> = examples
            .iter()
            .map(|e| e.features.iter().find(|(name, _)| name == "rule-value").map_or(1.0, |(_, value)| value * 3.0))
            .collect();
        if args.iter().any(|a| a == "--dump") {
            for ((example, learned), rule) in examples.iter().zip(&learned).zip(&rule) {
                println!("{corpus}\t{:.2}\t{rule:.2}\t{learned:.2}\t{}", example.gold, example.shown);
            }
        }
        println!(
            "{corpus:<9} 5-fold cross-validation: {} predicates  learned r = {:.3}  rule-based r = {:.3}  ({config:?})",
            examples.len(),
            r(&learned, &gold),
            r(&rule, &gold)
        );
    }
    if let Some(out) = args.iter().position(|a| a == "--out").and_then(|idx| args.get(idx + 1)) {
        let training: Vec<(Vec<Feature>, f32)> =
            examples.iter().map(|example| (example.features.clone(), example.gold)).collect();
        let trained = fit(&training);
        let header = format!(
            "grip factuality model, scale `{}`: linear regression on grip_extract::factuality::features.\n\
             Trained by `cargo run --release -p grip-eval --example factuality -- train --scale {} --out {out}`\n\
             on {} ({} predicates); see model/README.md for sources and licenses.\n\
             Settings: epochs {}, learning rate {}, l2 {}, min count {}, seed {}.",
            scale.name(),
            scale.name(),
            match scale {
                Scale::Certainty => "MEANTIME train+dev",
                Scale::Happened => "UDS-IH2 dev",
            },
            training.len(),
            config.epochs,
            config.learning_rate,
            config.l2,
            config.min_count,
            config.seed
        );
        std::fs::write(out, trained.to_tsv(&header)).with_context(|| format!("writing {out}"))?;
        eprintln!("wrote {out}: {} features", trained.len());
    }
    Ok(())
}
