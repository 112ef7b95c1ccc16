//! Development driver: the gold CoNLL-U sentences on which `Model::parse_news` (the news
//! repairs) attaches a different number of words correctly than `Model::parse`, with both
//! counts, to see what a repair fixes and where it misfires.
//!
//! ```text
//! cargo run --release -p grip-syntax --example newsdiff -- TEST.conllu
//! ```

mod common;

use anyhow::Context;
use grip_syntax::{Model, ParseScratch, TokenSyntax};

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).context("usage: newsdiff TEST.conllu")?;
    let model = Model::embedded()?;
    let mut scratch = ParseScratch::default();
    let mut news = Vec::new();
    for sentence in common::read_conllu(&path)? {
        let words = sentence.forms();
        let gold: Vec<Option<u32>> = sentence.words.iter().map(|word| word.head).collect();
        // Gold heads count from 1 with 0 for the root; grip's from 0 with `None` for the root.
        let right = |parse: &[TokenSyntax]| {
            parse
                .iter()
                .zip(&gold)
                .filter(|(token, gold)| token.head.map(|head| head + 1) == gold.filter(|&g| g > 0))
                .count()
        };
        let plain = model.parse(&words);
        model.parse_news(&words, &mut scratch, &mut news);
        let (before, after) = (right(&plain), right(&news));
        if before != after {
            println!("{before} -> {after} of {}: {}", words.len(), words.join(" "));
        }
    }
    Ok(())
}
