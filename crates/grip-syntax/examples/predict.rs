//! Development driver: writes the model's analysis of a CoNLL-U file's words as CoNLL-U.
//!
//! ```text
//! cargo run --release -p grip-syntax --example predict -- [--model FILE] GOLD.conllu > OUT.conllu
//! ```

mod common;

use std::io::Write;

use anyhow::Context;
use grip_syntax::{conllu, Model};

fn main() -> anyhow::Result<()> {
    let mut model_path = None;
    let mut gold_paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--model" => model_path = Some(args.next().context("--model needs a value")?),
            _ => gold_paths.push(arg),
        }
    }
    let model = match &model_path {
        Some(path) => Model::from_bytes(&std::fs::read(path).with_context(|| format!("reading {path}"))?)?,
        None => Model::embedded()?,
    };
    let mut out = String::new();
    for path in &gold_paths {
        for sentence in common::read_conllu(path)? {
            let words = sentence.forms();
            let tokens = model.parse(&words);
            let mut predicted = conllu::Sentence::from_tokens(&words, &tokens);
            predicted.comments = sentence.comments.clone();
            conllu::write_sentence(&mut out, &predicted);
        }
    }
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}
