//! Integration tests of grip-syntax through its public API, with the embedded model: every
//! input gets a well-formed tree, CoNLL-U output round-trips, and the model parses plain news
//! sentences sensibly.

use std::sync::OnceLock;

use grip_syntax::{conllu, Deprel, Model, TokenSyntax, Upos};
use proptest::prelude::*;

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::embedded().expect("the embedded model loads"))
}

/// Checks the tree invariants: one root, heads in range, no cycles.
#[track_caller]
fn assert_tree(words: &[&str], tokens: &[TokenSyntax]) {
    assert_eq!(tokens.len(), words.len());
    if words.is_empty() {
        return;
    }
    assert_eq!(tokens.iter().filter(|token| token.head.is_none()).count(), 1, "{words:?}");
    for (word_idx, token) in tokens.iter().enumerate() {
        assert_eq!(token.head.is_none(), token.deprel == Deprel::Root, "{words:?}");
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

fn split(sentence: &str) -> Vec<&str> {
    sentence.split(' ').collect()
}

#[test]
fn parses_a_news_sentence() {
    let words = split("Russia 's foreign minister met his Chinese counterpart in Beijing on Tuesday .");
    let tokens = model().parse(&words);
    assert_tree(&words, &tokens);
    let met = 4;
    assert_eq!(tokens[met].upos, Upos::Verb);
    assert_eq!(tokens[met].lemma, "meet");
    assert_eq!(tokens[met].head, None);
    // "minister" is the subject and "counterpart" the object of "met".
    assert_eq!((tokens[3].head, tokens[3].deprel), (Some(4), Deprel::Nsubj));
    assert_eq!((tokens[7].head, tokens[7].deprel), (Some(4), Deprel::Obj));
    assert_eq!(tokens[0].upos, Upos::Propn);
    assert_eq!(tokens[1].xpos, "POS");
}

#[test]
fn parses_shouted_headlines() {
    let words = split("PUTIN WARNS NATO OVER UKRAINE");
    let tokens = model().parse(&words);
    assert_tree(&words, &tokens);
    assert_eq!(tokens[1].upos, Upos::Verb, "{tokens:?}");
    assert_eq!(tokens[1].head, None, "{tokens:?}");
    assert_eq!(tokens[2].upos, Upos::Propn, "{tokens:?}");
    let words = split("CHINA AND KAZAKHSTAN SIGN PIPELINE DEAL");
    let tokens = model().parse(&words);
    assert_eq!(tokens[3].upos, Upos::Verb, "{tokens:?}");
    assert_eq!((tokens[0].head, tokens[0].deprel), (Some(3), Deprel::Nsubj), "{tokens:?}");
}

#[test]
fn tolerates_misspelled_names_and_glued_punctuation() {
    let words = split("Nazarbaev met Tokaev and Mirziyoyev,Putin in Astana .");
    let tokens = model().parse(&words);
    assert_tree(&words, &tokens);
    for name in [0, 2, 4] {
        assert_eq!(tokens[name].upos, Upos::Propn, "{tokens:?}");
    }
    assert_eq!(tokens[1].head, None, "{tokens:?}");
}

#[test]
fn edge_cases_get_trees() {
    let long: Vec<String> = (0..1000).map(|idx| format!("word{}", idx % 13)).collect();
    let long: Vec<&str> = long.iter().map(String::as_str).collect();
    for words in [
        vec![],
        vec!["."],
        vec!["!", "?", "...", "--", "\"", ",", ";"],
        vec!["", " ", "\u{0}", "\u{202E}", "e\u{301}", "🙂", "Қазақстан"],
        long,
    ] {
        assert_tree(&words, &model().parse(&words));
    }
}

#[test]
fn conllu_output_reads_back() {
    let words = split("He said that sanctions would not work .");
    let tokens = model().parse(&words);
    let mut sentence = conllu::Sentence::from_tokens(&words, &tokens);
    sentence.comments.push("text = He said that sanctions would not work.".to_owned());
    let text = conllu::write(std::slice::from_ref(&sentence));
    let reread = conllu::parse(&text).expect("written CoNLL-U reads back");
    assert_eq!(reread, vec![sentence]);
    let root = reread[0].words.iter().find(|word| word.head == Some(0)).expect("a root");
    assert_eq!(root.deprel, "root");
}

#[test]
fn model_bytes_round_trip() {
    let model = model();
    let reread = Model::from_bytes(&model.to_bytes()).expect("written models read back");
    let words = split("Talks were held after the troops withdrew .");
    assert_eq!(reread.parse(&words), model.parse(&words));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_sentence_gets_a_tree(words in prop::collection::vec("\\PC{0,10}|[A-Za-z.,'-]{1,8}", 0..60)) {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        assert_tree(&words, &model().parse(&words));
    }
}

#[test]
fn irregular_past_forms_and_auxiliaries() {
    // Past forms the treebanks never show are verbs with their base as lemma.
    let words = split("The EU froze Russian assets .");
    let froze = &model().parse(&words)[2];
    assert_eq!((froze.upos, froze.xpos, froze.lemma.as_str()), (Upos::Verb, "VBD", "freeze"));
    let words = split("The army overthrew the president and upheld the ban .");
    let parse = model().parse(&words);
    assert_eq!((parse[2].upos, parse[2].lemma.as_str()), (Upos::Verb, "overthrow"));
    assert_eq!(parse[6].lemma, "uphold");
    // Only auxiliaries (or a misspelling of one) are AUX.
    let words = split("Georgian police beat protesters in Tbilisi .");
    assert_eq!(model().parse(&words)[2].upos, Upos::Verb);
    let words = split("It msy also undermine the balance .");
    assert_eq!(model().parse(&words)[1].upos, Upos::Aux);
}
