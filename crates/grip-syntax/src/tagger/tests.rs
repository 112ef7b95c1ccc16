//! Tests for the tagger's dictionary: regular past forms get both past tags in their class.

use crate::clusters::Clusters;
use crate::lexical::lexemes;
use crate::tags::xpos_index;

use super::*;

fn tag(upos: Upos, xpos: &str) -> TagPair {
    TagPair { upos, xpos: xpos_index(xpos) }
}

fn example(words: &[(&str, TagPair)]) -> TaggerExample {
    let forms: Vec<&str> = words.iter().map(|(word, _)| *word).collect();
    TaggerExample { lexemes: lexemes(&forms, &Clusters::default()), tags: words.iter().map(|(_, tag)| *tag).collect() }
}

#[test]
fn regular_past_forms_share_one_class_for_both_past_tags() {
    let (nns, vbd, vbn, jj) =
        (tag(Upos::Noun, "NNS"), tag(Upos::Verb, "VBD"), tag(Upos::Verb, "VBN"), tag(Upos::Adj, "JJ"));
    let examples = [
        // "wounded" only as a participle and an adjective; "shelled" only as a past tense.
        example(&[("soldiers", nns), ("wounded", vbn)]),
        example(&[("wounded", jj), ("soldiers", nns)]),
        example(&[("troops", nns), ("shelled", vbd)]),
        example(&[("troops", nns), ("signed", vbd)]),
        example(&[("troops", nns), ("signed", vbn)]),
        example(&[("soldiers", nns), ("taken", vbn)]),
        example(&[("soldiers", nns), ("went", vbd)]),
    ];
    let mut tags: Vec<TagPair> = vec![nns, vbd, vbn, jj];
    tags.sort_unstable();
    let class_of = |tag: TagPair| tags.binary_search(&tag).expect("known tag") as u8;
    let counts = count_tags(examples.iter(), &class_of);
    let widen = Widen::new(&examples, &tags);
    let dictionary = build_dictionary(&counts, &TaggerSettings::for_test(), &widen);
    let class = |word: &str| {
        let lexeme = lexemes(&[word], &Clusters::default())[0];
        dictionary.get(&lexeme.form).expect("a known word").ambiguity
    };
    // "shelled" (seen as VBD) now reads like "signed" (seen as both); "wounded" keeps JJ too.
    assert_eq!(class("shelled"), class("signed"));
    assert_ne!(class("wounded"), class("signed"));
    // Irregular forms keep the one use they have.
    assert_ne!(class("taken"), class("signed"));
    assert_ne!(class("went"), class("signed"));
    assert_ne!(class("went"), class("taken"));
}

#[test]
fn only_auxiliaries_and_their_misspellings_can_be_auxiliaries() {
    for word in ["is", "Would", "’ll", "ca", "msy", "woud", "shoud"] {
        assert!(can_be_auxiliary(word), "{word}");
    }
    for word in ["beat", "froze", "police", "wanted", "b"] {
        assert!(!can_be_auxiliary(word), "{word}");
    }
}
