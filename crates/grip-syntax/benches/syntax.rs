//! Throughput benchmark: tagging, lemmatizing and parsing the EWT dev set with the embedded
//! model, on one thread, reported in words (tokens) per second.
//!
//! ```text
//! cargo bench -p grip-syntax
//! ```
//!
//! The dev file is read from `GRIP_UD_DEV`, or from `../shared/data/ud-english-ewt/` next to
//! the repository; without it the benchmark falls back to the small test fixture.

use std::sync::OnceLock;

use divan::counter::ItemsCount;
use divan::Bencher;
use grip_syntax::{conllu, Model, ParseScratch};

fn main() {
    divan::main();
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::embedded().expect("the embedded model loads"))
}

fn sentences() -> &'static [Vec<String>] {
    static SENTENCES: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    SENTENCES.get_or_init(|| {
        let path = std::env::var("GRIP_UD_DEV").unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu").to_owned()
        });
        let text = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            eprintln!("{path} not found; benchmarking the test fixture instead");
            include_str!("../tests/fixtures/tiny.conllu").to_owned()
        });
        let sentences = conllu::parse(&text).expect("the benchmark data is valid CoNLL-U");
        sentences.iter().map(|sentence| sentence.words.iter().map(|word| word.form.clone()).collect()).collect()
    })
}

/// Tagging, lemmatizing and parsing every sentence of the dev set.
#[divan::bench(sample_count = 10)]
fn parse_dev_set(bencher: Bencher) {
    let model = model();
    let sentences = sentences();
    let n_words: usize = sentences.iter().map(Vec::len).sum();
    let words: Vec<Vec<&str>> =
        sentences.iter().map(|sentence| sentence.iter().map(String::as_str).collect()).collect();
    let mut scratch = ParseScratch::default();
    let mut tokens = Vec::new();
    bencher.counter(ItemsCount::new(n_words)).bench_local(|| {
        for sentence in &words {
            model.parse_into(sentence, &mut scratch, &mut tokens);
        }
        tokens.len()
    });
}

/// Loading the embedded model: decompression and building the weight tables.
#[divan::bench(sample_count = 5)]
fn load_model() -> Model {
    Model::embedded().expect("the embedded model loads")
}
