//! Tests for the lemmatizer: learned suffix rules generalize, exceptions win, case follows UD.

use crate::tags::{xpos_index, Upos};

use super::*;

fn tag(upos: Upos, xpos: &str) -> TagPair {
    TagPair { upos, xpos: xpos_index(xpos) }
}

fn trained() -> Lemmatizer {
    let nns = tag(Upos::Noun, "NNS");
    let vbd = tag(Upos::Verb, "VBD");
    let words = [
        ("countries", nns, "country"),
        ("cities", nns, "city"),
        ("parties", nns, "party"),
        ("talks", nns, "talk"),
        ("leaders", nns, "leader"),
        ("troops", nns, "troop"),
        ("warned", vbd, "warn"),
        ("signed", vbd, "sign"),
        ("met", vbd, "meet"),
        ("went", vbd, "go"),
        ("Talks", nns, "talk"),
    ];
    let examples: Vec<LemmaExample<'_>> =
        words.iter().map(|(form, tag, lemma)| LemmaExample { form, tag: *tag, lemma }).collect();
    train(&examples)
}

#[test]
fn rules_generalize_to_unseen_words() {
    let lemmatizer = trained();
    assert_eq!(lemmatizer.lemma("militias", tag(Upos::Noun, "NNS")), "militia");
    assert_eq!(lemmatizer.lemma("embassies", tag(Upos::Noun, "NNS")), "embassy");
    assert_eq!(lemmatizer.lemma("threatened", tag(Upos::Verb, "VBD")), "threaten");
}

#[test]
fn exceptions_and_case() {
    let lemmatizer = trained();
    assert_eq!(lemmatizer.lemma("went", tag(Upos::Verb, "VBD")), "go");
    assert_eq!(lemmatizer.lemma("Met", tag(Upos::Verb, "VBD")), "meet");
    assert_eq!(lemmatizer.lemma("TALKS", tag(Upos::Noun, "NNS")), "talk");
    // Proper nouns keep their case; unknown tags leave the word as it is.
    assert_eq!(lemmatizer.lemma("Kazakhstan", tag(Upos::Propn, "NNP")), "Kazakhstan");
    assert_eq!(lemmatizer.lemma("Ok", tag(Upos::Intj, "UH")), "ok");
    assert_eq!(lemmatizer.lemma("", tag(Upos::X, "XX")), "");
}

#[test]
fn round_trips_through_bytes() {
    let lemmatizer = trained();
    let mut writer = Writer::default();
    lemmatizer.write(&mut writer);
    let reread = Lemmatizer::read(&mut Reader::new(&writer.bytes)).expect("written lemmatizer reads back");
    assert_eq!(reread.lemma("embassies", tag(Upos::Noun, "NNS")), "embassy");
    assert_eq!(reread.lemma("went", tag(Upos::Verb, "VBD")), "go");
}

#[test]
fn scripts_apply_to_any_text() {
    let script = script("running", "run");
    assert_eq!(script, Script { strip: 4, append: String::new() });
    assert_eq!(apply("jumping", &script), "jum");
    assert_eq!(apply("ab", &script), "ab");
    assert_eq!(apply("ÉÉÉÉé", &Script { strip: 1, append: "e".to_owned() }), "ÉÉÉÉe");
}

#[test]
fn whole_word_scripts_stay_with_their_words() {
    // In a treebank a proper noun may carry a lemma that rewrites the whole form; such a
    // script must not reach unknown words that merely share the last letter.
    let nnp = tag(Upos::Propn, "NNP");
    let jj = tag(Upos::Adj, "JJ");
    let prp = tag(Upos::Pron, "PRP");
    let words = [
        ("Dudley", nnp, "Paris"),
        ("Bradley", nnp, "Paris"),
        ("Asian", jj, "Asian"),
        ("Iranian", jj, "Iranian"),
        ("I", prp, "I"),
        ("i", prp, "I"),
    ];
    let examples: Vec<LemmaExample<'_>> =
        words.iter().map(|(form, tag, lemma)| LemmaExample { form, tag: *tag, lemma }).collect();
    let lemmatizer = train(&examples);
    assert_eq!(lemmatizer.lemma("Almaty", nnp), "Almaty");
    assert_eq!(lemmatizer.lemma("Dudley", nnp), "Paris");
    // Known words keep their capitals; an unknown lowercased word does not gain any.
    assert_eq!(lemmatizer.lemma("Asian", jj), "Asian");
    assert_eq!(lemmatizer.lemma("belarusian", jj), "belarusian");
    assert_eq!(lemmatizer.lemma("I", prp), "I");
}
