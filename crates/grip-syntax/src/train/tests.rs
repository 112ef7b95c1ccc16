//! Tests for training: a tiny model learns its training sentences, training is deterministic,
//! and noise keeps gold analyses aligned with words.

use crate::conllu;
use crate::rng::Rng;

use super::*;

const TINY: &str = include_str!("../../tests/fixtures/tiny.conllu");

pub(crate) fn tiny_config() -> TrainConfig {
    TrainConfig {
        seed: 1,
        tagger_epochs: 8,
        parser_epochs: 10,
        jackknife_folds: 2,
        explore_from_epoch: 2,
        explore_probability: 0.9,
        tagger_prune_threshold: 0.0,
        parser_prune_threshold: 0.0,
        noise: NoiseConfig {
            upper_case: 0.5,
            lower_case: 0.5,
            title_case: 0.5,
            misspell_proper_nouns: 0.5,
            glue_punctuation: 0.5,
            news_time: 0.5,
        },
        cluster_min_count: 1,
    }
}

pub(crate) fn tiny_model() -> Model {
    let sentences = conllu::parse(TINY).expect("the fixture is valid CoNLL-U");
    train(&sentences, &sentences, &[], &tiny_config(), &mut |_| {})
}

#[test]
fn tiny_training_run_learns_its_sentences() {
    let sentences = conllu::parse(TINY).expect("the fixture is valid CoNLL-U");
    let mut events = Vec::new();
    // Taggers trained on three sentences tag the other three badly, so jackknifing would
    // teach the parser not to trust tags; this test wants it to memorize.
    let config = TrainConfig { jackknife_folds: 0, ..tiny_config() };
    let model = train(&sentences, &sentences, &[], &config, &mut |event| events.push(event));
    let scores = crate::evaluate(&model, &sentences);
    assert_eq!(scores.n_tokens, 47);
    assert!(scores.upos > 0.95, "{scores:?}");
    assert!(scores.uas > 0.9, "{scores:?}");
    assert!(scores.lemma > 0.95, "{scores:?}");
    let n_epochs = events.iter().filter(|event| matches!(event, TrainProgress::Epoch { .. })).count();
    assert_eq!(n_epochs, 8 + 10);
    assert!(events.contains(&TrainProgress::Finished { stage: TrainStage::Parser }));
}

#[test]
fn training_is_deterministic_and_models_round_trip() {
    let first = tiny_model();
    let second = tiny_model();
    let bytes = first.to_bytes();
    assert_eq!(bytes, second.to_bytes());
    let reread = Model::from_bytes(&bytes).expect("written models read back");
    assert_eq!(reread.to_bytes(), bytes);
    let words = ["Police", "detained", "the", "minister", "."];
    assert_eq!(reread.parse(&words), first.parse(&words));
}

#[test]
fn noise_keeps_analyses_aligned() {
    let sentences = conllu::parse(TINY).expect("the fixture is valid CoNLL-U");
    let originals: Vec<Example> = sentences.iter().map(Example::from_sentence).collect();
    let (examples, origin) = augment(&originals, &tiny_config().noise, &mut Rng::new(3));
    assert!(examples.len() > originals.len());
    for (example, origin) in examples.iter().zip(&origin) {
        assert_eq!(example.forms.len(), example.tags.len());
        let heads = example.gold.as_ref().expect("fixture sentences are trees");
        assert_eq!(heads.len(), example.forms.len() + 1);
        assert!(is_tree(heads), "{:?} from {origin}", example.forms);
    }
    let glued = examples.iter().any(|example| example.forms.iter().any(|form| form.ends_with(',')));
    let shouted = examples.iter().any(|example| example.forms.iter().all(|form| form.to_uppercase() == *form));
    assert!(shouted);
    // The fixture has no commas, so nothing was glued.
    assert!(!glued);
}

#[test]
fn noise_functions() {
    assert_eq!(title_case("sanctions"), "Sanctions");
    assert_eq!(title_case("of"), "of");
    let mut rng = Rng::new(5);
    for _ in 0..50 {
        let misspelled = misspell("Nazarbayev", &mut rng);
        assert!(misspelled.starts_with('N'));
        assert!(misspelled.len().abs_diff("Nazarbayev".len()) <= 1);
    }
    let sentence = conllu::parse(
        "1\tMoscow\tMoscow\tPROPN\tNNP\t_\t0\troot\t_\t_\n2\t,\t,\tPUNCT\t,\t_\t1\tpunct\t_\t_\n3\tKyiv\tKyiv\tPROPN\tNNP\t_\t1\tconj\t_\t_\n",
    )
    .expect("valid");
    let example = Example::from_sentence(&sentence[0]);
    let glued = glue_punctuation(&example, &mut rng).expect("the comma can be glued");
    assert_eq!(glued.forms, ["Moscow,", "Kyiv"]);
    assert_eq!(glued.gold, Some(vec![0, 0, 1]));
}

#[test]
fn news_time_goes_between_subject_and_verb() {
    let sentence = conllu::parse(
        "1\tGermany\tGermany\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tlifted\tlift\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tsanctions\tsanction\tNOUN\tNNS\t_\t2\tobj\t_\t_\n",
    )
    .expect("valid");
    let example = Example::from_sentence(&sentence[0]);
    let mut seen = std::collections::BTreeSet::new();
    let mut rng = Rng::new(3);
    for _ in 0..40 {
        let timed = insert_news_time(&example, &mut rng).expect("the subject precedes the verb");
        let verb = timed.forms.iter().position(|form| form == "lifted").expect("the verb stays") + 1;
        let gold = timed.gold.as_ref().expect("a tree");
        assert_eq!(timed.forms.first().map(String::as_str), Some("Germany"));
        assert_eq!(gold[1] as usize, verb, "the subject still attaches to the verb");
        assert_eq!(gold[verb], 0);
        assert_eq!(timed.tags.len(), timed.forms.len());
        seen.insert(timed.forms[1..verb - 1].join(" "));
    }
    assert!(seen.contains("today") && seen.iter().any(|words| words.starts_with("on ")), "{seen:?}");
    // No finite verb after its subject: nothing to insert.
    let fragment = conllu::parse("1\tSanctions\tsanction\tNOUN\tNNS\t_\t0\troot\t_\t_\n").expect("valid");
    assert!(insert_news_time(&Example::from_sentence(&fragment[0]), &mut rng).is_none());
}

#[test]
fn deprel_labels() {
    assert_eq!(deprel_of("obl:tmod"), Deprel::OblTmod);
    assert_eq!(deprel_of("nmod:unknown"), Deprel::Nmod);
    assert_eq!(deprel_of("nonsense"), Deprel::Dep);
}
