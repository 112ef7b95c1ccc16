//! Development driver: scores a syntax model on gold CoNLL-U files and times it.
//!
//! ```text
//! cargo run --release -p grip-syntax --example eval -- [--model FILE] TEST.conllu...
//! ```
//!
//! Without `--model`, the embedded model is scored. `--news` parses with `Model::parse_news`
//! (the repairs grip's pipeline applies) instead of `Model::parse`. `--speed N` times N single-threaded
//! passes instead of scoring; `--prune T P` drops tagger and parser weights below T and P
//! first, and `--write FILE` saves the (pruned) model.

mod common;

use std::time::Instant;

use anyhow::Context;
use grip_syntax::Model;

fn main() -> anyhow::Result<()> {
    let mut model_path = None;
    let mut gold_paths = Vec::new();
    let mut speed_runs = 0;
    let mut prune: Option<(f32, f32)> = None;
    let mut write_path = None;
    let mut news = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--model" => model_path = Some(args.next().context("--model needs a value")?),
            "--speed" => speed_runs = args.next().context("--speed needs a value")?.parse()?,
            "--prune" => {
                let tagger = args.next().context("--prune needs two values")?.parse()?;
                let parser = args.next().context("--prune needs two values")?.parse()?;
                prune = Some((tagger, parser));
            }
            "--write" => write_path = Some(args.next().context("--write needs a value")?),
            "--news" => news = true,
            _ => gold_paths.push(arg),
        }
    }
    let bytes = match &model_path {
        Some(path) => std::fs::read(path).with_context(|| format!("reading {path}"))?,
        None => Vec::new(),
    };
    let started = Instant::now();
    let mut model = match &model_path {
        Some(_) => Model::from_bytes(&bytes)?,
        None => Model::embedded()?,
    };
    println!("model load: {:.1?} ({})", started.elapsed(), model.description());
    if let Some((tagger, parser)) = prune {
        model.prune(tagger, parser);
    }
    println!("stats: {:?}", model.stats());
    if let Some(path) = &write_path {
        let bytes = model.to_bytes();
        std::fs::write(path, &bytes).with_context(|| format!("writing {path}"))?;
        println!("wrote {path}: {} bytes", bytes.len());
    }
    for path in &gold_paths {
        let gold = common::read_conllu(path)?;
        if speed_runs > 0 {
            let sentences: Vec<Vec<&str>> = gold.iter().map(|sentence| sentence.forms()).collect();
            let n_words: usize = sentences.iter().map(Vec::len).sum();
            let mut scratch = grip_syntax::ParseScratch::default();
            let mut tokens = Vec::new();
            let mut best = f64::INFINITY;
            for _ in 0..speed_runs {
                let started = Instant::now();
                for words in &sentences {
                    model.parse_into(words, &mut scratch, &mut tokens);
                }
                best = best.min(started.elapsed().as_secs_f64());
            }
            println!("{path}: {:.0} words/s on one thread (best of {speed_runs})", n_words as f64 / best);
            continue;
        }
        let started = Instant::now();
        let scores = grip_syntax::evaluate_with(&model, &gold, news);
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{path}: {} sentences, {} words (punctuation included; UD convention)\n  \
             UPOS {:.4}  XPOS {:.4}  lemma {:.4}  UAS {:.4}  LAS {:.4}  LAS(universal labels) {:.4}\n  \
             without punctuation: UAS {:.4}  LAS {:.4}   [{:.0} words/s over all threads]",
            scores.n_sentences,
            scores.n_tokens,
            scores.upos,
            scores.xpos,
            scores.lemma,
            scores.uas,
            scores.las,
            scores.las_universal,
            scores.uas_no_punct,
            scores.las_no_punct,
            scores.n_tokens as f64 / seconds,
        );
    }
    Ok(())
}
