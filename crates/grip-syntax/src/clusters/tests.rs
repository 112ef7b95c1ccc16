//! Tests for cluster induction: words in the same contexts share clusters, paths are
//! deterministic, and the rough tokenizer splits punctuation and clitics.

use expect_test::expect;

use super::*;

fn settings() -> ClusterSettings {
    ClusterSettings { min_count: 2, n_contexts: 20, max_depth: 8, min_size: 2 }
}

fn corpus() -> Vec<Vec<String>> {
    let mut text = String::new();
    for country in ["russia", "china", "france", "iran"] {
        for verb in ["warned", "criticized", "praised"] {
            text.push_str(&format!("the president of {country} {verb} the plan .\n"));
            text.push_str(&format!("{country} {verb} the deal on monday .\n"));
        }
    }
    rough_tokens(&text)
}

/// The number of leading path bits two words share.
fn shared_bits(clusters: &Clusters, a: &str, b: &str) -> u32 {
    let path = |word: &str| clusters.paths[&crate::hash::hash_str(word)];
    let (a, b) = (path(a), path(b));
    let depth = a.depth.min(b.depth);
    let (a_bits, b_bits) = (a.bits >> (a.depth - depth), b.bits >> (b.depth - depth));
    (0..u32::from(depth))
        .take_while(|bit| (a_bits >> (u32::from(depth) - 1 - bit)) & 1 == (b_bits >> (u32::from(depth) - 1 - bit)) & 1)
        .count() as u32
}

#[test]
fn words_in_the_same_contexts_cluster_together() {
    let clusters = induce(&corpus(), &settings());
    assert!(shared_bits(&clusters, "russia", "iran") > shared_bits(&clusters, "russia", "warned"));
    assert!(shared_bits(&clusters, "warned", "praised") > shared_bits(&clusters, "praised", "china"));
    assert_eq!(clusters.features(crate::hash::hash_str("unseen")), [NONE; PREFIXES.len()]);
}

#[test]
fn induction_is_deterministic_and_round_trips() {
    let first = induce(&corpus(), &settings());
    let second = induce(&corpus(), &settings());
    let (mut a, mut b) = (Writer::default(), Writer::default());
    first.write(&mut a);
    second.write(&mut b);
    assert_eq!(a.bytes, b.bytes);
    let reread = Clusters::read(&mut Reader::new(&a.bytes)).expect("written clusters read back");
    let key = crate::hash::hash_str("china");
    assert_eq!(reread.features(key), first.features(key));
    assert_eq!(reread.len(), first.len());
}

#[test]
fn rough_tokens_split_punctuation_and_clitics() {
    let sentences = rough_tokens("“Russia’s army didn't (yet) move,” he said.\n\nNext line");
    expect![[r#"[["\"", "Russia", "'s", "army", "did", "n't", "(", "yet", ")", "move", ",", "\"", "he", "said", "."], ["Next", "line"]]"#]]
        .assert_eq(&format!("{sentences:?}"));
}
