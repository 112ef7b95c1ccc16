//! Actor-linking throughput: segmentation plus linking over a few MB of news text.
//!
//! Uses ../shared/bench/news-corpus.txt (2.4 MB) when present, else the demo article repeated to
//! about 2 MB. Run: `cargo bench -p grip-extract --bench link`. divan prints time per pass; MB/s is
//! printed once at the start from a timed pass.

use std::path::Path;
use std::time::Instant;

use grip_extract::{link, LinkInput};
use grip_kb::Kb;
use grip_model::Date;

fn corpus() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared/bench/news-corpus.txt");
    std::fs::read_to_string(shared).unwrap_or_else(|_| {
        let demo = std::fs::read_to_string(root.join("examples/demo/article.txt")).expect("demo article");
        demo.repeat(2_000_000 / demo.len() + 1)
    })
}

fn link_all(kb: &Kb, documents: &[&str], date: Date) -> usize {
    let mut n_mentions = 0;
    for text in documents {
        let segmented = grip_text::segment(text);
        let input = LinkInput { kb, text, segmented: &segmented, date, proper_nouns: None };
        n_mentions += link(&input, &mut Vec::new()).len();
    }
    n_mentions
}

fn main() {
    let kb = Kb::embedded().expect("embedded KB compiles");
    let text = corpus();
    let documents: Vec<&str> = text.split("\n\n").collect();
    let date = Date::from_ymd_opt(2022, 1, 10).expect("valid date");
    // Warm the fuzzy index, then time one pass for the MB/s figure.
    link_all(&kb, &documents[..documents.len().min(50)], date);
    let start = Instant::now();
    let n_mentions = link_all(&kb, &documents, date);
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "link: {:.2} MB in {:.3} s = {:.2} MB/s ({} documents, {} mentions)",
        text.len() as f64 / 1e6,
        seconds,
        text.len() as f64 / 1e6 / seconds,
        documents.len(),
        n_mentions
    );
    divan::main();
}

#[divan::bench(sample_count = 5)]
fn link_corpus(bencher: divan::Bencher) {
    let kb = Kb::embedded().expect("embedded KB compiles");
    let text = corpus();
    let documents: Vec<&str> = text.split("\n\n").collect();
    let date = Date::from_ymd_opt(2022, 1, 10).expect("valid date");
    bencher.bench_local(|| link_all(&kb, &documents, date));
}
