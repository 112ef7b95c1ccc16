//! Tests for the averaged perceptron: learning, averaging, pruning, and the frozen table's
//! scores and file format.

use super::*;

const A: u64 = 0xA000_0000_0000_0001;
const B: u64 = 0xB000_0000_0000_0002;
const NOISE: u64 = 0xC000_0000_0000_0003;

fn learn_separable_problem() -> Trainer {
    // Two classes, separated by features A (class 0) and B (class 1).
    let mut trainer = Trainer::new(2);
    let examples: [(&[u64], usize); 4] = [(&[A, NOISE], 0), (&[B, NOISE], 1), (&[A], 0), (&[B], 1)];
    let mut scores = vec![0.0; 2];
    for _ in 0..5 {
        for (features, truth) in examples {
            trainer.score(features, &mut scores);
            let guess = if scores[1] > scores[0] { 1 } else { 0 };
            trainer.update(features, truth, guess);
            trainer.tick();
        }
    }
    trainer
}

#[test]
fn learns_and_freezes() {
    let trainer = learn_separable_problem();
    let weights = trainer.freeze(0.0);
    let mut scores = vec![0; 2];
    weights.score(&[A, NOISE], &mut scores);
    assert!(scores[0] > scores[1], "{scores:?}");
    weights.score(&[B], &mut scores);
    assert!(scores[1] > scores[0], "{scores:?}");
    // Unknown features score nothing; only the top 32 bits of a key are stored.
    weights.score(&[0xD000_0000_0000_0000], &mut scores);
    assert_eq!(scores, vec![0, 0]);
    weights.score(&[A ^ 0xFFFF], &mut scores);
    assert!(scores[0] > scores[1], "{scores:?}");
}

#[test]
fn averaging_keeps_early_weights_small() {
    // One update at the very end of training gives an average near zero.
    let mut trainer = Trainer::new(2);
    for _ in 0..99 {
        trainer.tick();
    }
    trainer.update(&[A], 1, 0);
    trainer.tick();
    let weights = trainer.freeze(0.0);
    assert_eq!(weights.n_features(), 1);
    let pruned = trainer.freeze(0.05);
    assert_eq!(pruned.n_features(), 0);
}

#[test]
fn table_round_trips_through_bytes() {
    let mut trainer = Trainer::new(40);
    let mut keys = Vec::new();
    for feature_idx in 0..500u64 {
        let key = crate::hash::finish(feature_idx + 1);
        keys.push(key);
        // Some rows touch many classes (dense), most touch two (sparse).
        let n_updates = if feature_idx % 50 == 0 { 30 } else { 1 };
        for update_idx in 0..n_updates {
            trainer.update(&[key], (feature_idx as usize + update_idx) % 40, (update_idx * 7 + 3) % 40);
            trainer.tick();
        }
    }
    let weights = trainer.freeze(0.0);
    let mut writer = Writer::default();
    weights.write(&mut writer);
    let mut reader = Reader::new(&writer.bytes);
    let reread = Weights::read(&mut reader).expect("written weights read back");
    assert!(reader.is_at_end());
    let (mut scores, mut reread_scores) = (vec![0; 40], vec![0; 40]);
    for chunk in keys.chunks(7) {
        weights.score(chunk, &mut scores);
        reread.score(chunk, &mut reread_scores);
        assert_eq!(scores, reread_scores);
    }
    // Many keys at once (more than one lookup batch).
    weights.score(&keys, &mut scores);
    reread.score(&keys, &mut reread_scores);
    assert_eq!(scores, reread_scores);
    assert_eq!(weights.n_features(), reread.n_features());
}

#[test]
fn corrupt_tables_are_errors() {
    let trainer = learn_separable_problem();
    let mut writer = Writer::default();
    trainer.freeze(0.0).write(&mut writer);
    for cut in 0..writer.bytes.len() {
        let mut reader = Reader::new(&writer.bytes[..cut]);
        assert!(Weights::read(&mut reader).is_err(), "cut at {cut}");
    }
}
