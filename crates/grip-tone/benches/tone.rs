//! Benchmarks: document tone in sentences per second on the shared news corpus
//! (`../shared/bench/news-corpus.txt`), with and without segmentation.
//!
//! Run with `cargo bench -p grip-tone`. Without the shared corpus it falls back to the bundled
//! seed-like sample below so that the benchmark still builds and runs.

use divan::counter::ItemsCount;
use divan::Bencher;

fn main() {
    divan::main();
}

const FALLBACK: &str = "Russia's president or strongman is tightening his grip on former Soviet republics. \
    This man does not trust his people. The CSTO approved a \"peacekeeping\" mission. \
    It was a great day for democracy, but the crackdown was brutal!";

fn corpus() -> Vec<String> {
    let path = grip_test_utils::repo_root().join("../shared/bench/news-corpus.txt");
    let text = std::fs::read_to_string(path).unwrap_or_else(|_| FALLBACK.to_string());
    text.split("\n\n").filter(|doc| !doc.trim().is_empty()).map(str::to_string).collect()
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn document_tone_presegmented(bencher: Bencher) {
    let model = grip_tone::ToneModel::embedded();
    let docs = corpus();
    let segmented: Vec<_> = docs.iter().map(|doc| grip_text::segment(doc)).collect();
    let n_sentences: usize = segmented.iter().map(|s| s.sentences.len()).sum();
    bencher.counter(ItemsCount::new(n_sentences)).bench(|| {
        let mut total = 0.0f32;
        for (doc, segmented) in docs.iter().zip(&segmented) {
            total += grip_tone::document_tone(doc, segmented, &model).score;
        }
        total
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn document_tone_with_segmentation(bencher: Bencher) {
    let model = grip_tone::ToneModel::embedded();
    let docs = corpus();
    let n_sentences: usize = docs.iter().map(|doc| grip_text::segment(doc).sentences.len()).sum();
    bencher.counter(ItemsCount::new(n_sentences)).bench(|| {
        let mut total = 0.0f32;
        for doc in &docs {
            let segmented = grip_text::segment(doc);
            total += grip_tone::document_tone(doc, &segmented, &model).score;
        }
        total
    });
}
