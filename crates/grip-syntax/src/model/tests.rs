//! Tests for the model: any input gets a well-formed tree, and corrupt bytes are errors.

use proptest::prelude::*;

use crate::train::tests::tiny_model;

use super::*;

fn tiny() -> &'static Model {
    static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
    MODEL.get_or_init(tiny_model)
}

/// Checks the tree invariants: one root, heads in range, no cycles.
#[track_caller]
pub(crate) fn assert_tree(words: &[&str], tokens: &[TokenSyntax]) {
    assert_eq!(tokens.len(), words.len());
    if words.is_empty() {
        return;
    }
    let n_roots = tokens.iter().filter(|token| token.head.is_none()).count();
    assert_eq!(n_roots, 1, "{words:?}");
    for (word_idx, token) in tokens.iter().enumerate() {
        assert_eq!(token.head.is_none(), token.deprel == Deprel::Root, "{words:?}");
        // Walking up from any word reaches the root within n steps.
        let mut node = word_idx;
        let mut n_steps = 0;
        while let Some(head) = tokens[node].head {
            assert!((head as usize) < tokens.len(), "{words:?}");
            node = head as usize;
            n_steps += 1;
            assert!(n_steps <= tokens.len(), "cycle in {words:?}");
        }
    }
}

#[test]
fn parses_edge_cases() {
    let model = tiny();
    for words in [
        vec![],
        vec!["."],
        vec![".", ",", "!", "?", "...", "--"],
        vec!["", " ", "\t", "\u{0}"],
        vec!["Қазақстан", "🙂", "\u{202E}abc", "e\u{301}"],
    ] {
        let tokens = model.parse(&words);
        assert_tree(&words, &tokens);
    }
    let long: Vec<String> = (0..1000).map(|idx| format!("w{}", idx % 17)).collect();
    let long: Vec<&str> = long.iter().map(String::as_str).collect();
    assert_tree(&long, &model.parse(&long));
}

#[test]
fn parse_into_reuses_buffers() {
    let model = tiny();
    let mut scratch = ParseScratch::default();
    let mut out = Vec::new();
    let words = ["Russia", "warned", "NATO", "."];
    model.parse_into(&words, &mut scratch, &mut out);
    assert_eq!(out, model.parse(&words));
    model.parse_into(&[], &mut scratch, &mut out);
    assert!(out.is_empty());
}

#[test]
fn corrupt_bytes_are_errors() {
    assert!(matches!(Model::from_bytes(b"not gzip"), Err(SyntaxError::ModelCompression(_))));
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(b"something else entirely").expect("writing to a Vec");
    let not_a_model = encoder.finish().expect("writing to a Vec");
    assert!(matches!(Model::from_bytes(&not_a_model), Err(SyntaxError::ModelMagic)));
    let bytes = tiny().to_bytes();
    let mut payload = Vec::new();
    flate2::read::GzDecoder::new(bytes.as_slice()).read_to_end(&mut payload).expect("valid gzip");
    for cut in [12, payload.len() / 3, payload.len() / 2, payload.len() - 1] {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&payload[..cut]).expect("writing to a Vec");
        let truncated = encoder.finish().expect("writing to a Vec");
        assert!(Model::from_bytes(&truncated).is_err(), "cut at {cut}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_sentence_gets_a_tree(words in prop::collection::vec("\\PC{0,12}|[A-Za-z.,'-]{1,8}", 0..40)) {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let tokens = tiny().parse(&words);
        assert_tree(&words, &tokens);
    }
}
