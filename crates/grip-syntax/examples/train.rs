//! Development driver: trains a syntax model from CoNLL-U treebanks without the grip CLI.
//!
//! ```text
//! cargo run --release -p grip-syntax --example train -- \
//!     --train ../shared/data/ud-english-ewt/en_ewt-ud-train.conllu.gz \
//!     --train ../shared/data/ud-english-gum/en_gum-ud-train.permissive.conllu.gz \
//!     --dev ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu \
//!     --out crates/grip-syntax/model/syntax-en.bin.gz
//! ```
//!
//! `--unlabeled FILE` adds raw text for word clusters. Options override
//! [`grip_syntax::TrainConfig::standard`]: `--tagger-epochs N`, `--parser-epochs N`,
//! `--folds K`, `--seed S`, `--no-noise`, `--cluster-min-count N`.

mod common;

use std::time::Instant;

use anyhow::{bail, Context};
use grip_syntax::{TrainConfig, TrainProgress};
use indicatif::{ProgressBar, ProgressStyle};

fn main() -> anyhow::Result<()> {
    let mut train_paths = Vec::new();
    let mut dev_paths = Vec::new();
    let mut unlabeled_paths = Vec::new();
    let mut out_path = None;
    let mut config = TrainConfig::standard();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--train" => train_paths.push(value()?),
            "--dev" => dev_paths.push(value()?),
            "--unlabeled" => unlabeled_paths.push(value()?),
            "--cluster-min-count" => config.cluster_min_count = value()?.parse()?,
            "--out" => out_path = Some(value()?),
            "--tagger-epochs" => config.tagger_epochs = value()?.parse()?,
            "--parser-epochs" => config.parser_epochs = value()?.parse()?,
            "--folds" => config.jackknife_folds = value()?.parse()?,
            "--seed" => config.seed = value()?.parse()?,
            "--explore-from" => config.explore_from_epoch = value()?.parse()?,
            "--tagger-prune" => config.tagger_prune_threshold = value()?.parse()?,
            "--parser-prune" => config.parser_prune_threshold = value()?.parse()?,
            "--no-noise" => {
                config.noise.upper_case = 0.0;
                config.noise.lower_case = 0.0;
                config.noise.title_case = 0.0;
                config.noise.misspell_proper_nouns = 0.0;
                config.noise.glue_punctuation = 0.0;
                config.noise.news_time = 0.0;
            }
            other => bail!("unknown argument {other:?}"),
        }
    }
    let Some(out_path) = out_path else { bail!("--out is required") };
    if train_paths.is_empty() {
        bail!("at least one --train file is required");
    }
    let started = Instant::now();
    let mut train = Vec::new();
    for path in &train_paths {
        train.extend(common::read_conllu(path)?);
    }
    let mut dev = Vec::new();
    for path in &dev_paths {
        dev.extend(common::read_conllu(path)?);
    }
    let mut unlabeled = Vec::new();
    for path in &unlabeled_paths {
        unlabeled.push(std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?);
    }
    eprintln!("config: {config:?}");
    let mut bar: Option<ProgressBar> = None;
    let style = ProgressStyle::with_template("{msg:10} [{elapsed_precise}] {wide_bar} {pos}/{len} (eta {eta})")
        .expect("the template is valid");
    let mut model = grip_syntax::train(&train, &dev, &unlabeled, &config, &mut |event| match event {
        TrainProgress::Started { stage, total } => {
            let new_bar = ProgressBar::new(total).with_style(style.clone()).with_message(format!("{stage:?}"));
            bar = Some(new_bar);
        }
        TrainProgress::Advanced { done, .. } => {
            if let Some(bar) = &bar {
                bar.set_position(done);
            }
        }
        TrainProgress::Epoch { stage, epoch, train_score, dev_scores } => {
            let dev: Vec<String> = dev_scores.iter().map(|score| format!("{score:.4}")).collect();
            let line = format!(
                "{stage:?} epoch {epoch}: train {train_score:.4} dev {} ({:.0?})",
                dev.join(" "),
                started.elapsed()
            );
            match &bar {
                Some(bar) if !bar.is_hidden() => bar.println(line),
                _ => eprintln!("{line}"),
            }
        }
        TrainProgress::Finished { .. } => {
            if let Some(bar) = bar.take() {
                bar.finish_and_clear();
            }
        }
        TrainProgress::Note { message } => eprintln!("{message}"),
    });
    let description = format!("{} Data: {}.", model.description(), train_paths.join(", "));
    model.set_description(description);
    let bytes = model.to_bytes();
    std::fs::write(&out_path, &bytes).with_context(|| format!("writing {out_path}"))?;
    eprintln!("stats: {:?}", model.stats());
    eprintln!("wrote {out_path}: {} bytes in {:.1?}", bytes.len(), started.elapsed());
    Ok(())
}
