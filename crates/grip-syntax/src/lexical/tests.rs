//! Tests for word-level features: normalization, shapes and flags.

use expect_test::expect;

use super::*;

fn lexeme(word: &str, is_first: bool) -> Lexeme {
    super::lexeme(word, is_first, &Clusters::default())
}

fn lexemes(words: &[&str]) -> Vec<Lexeme> {
    super::lexemes(words, &Clusters::default())
}

#[test]
fn normalizes_typography() {
    let words = ["“Don’t", "—", "…", "plain", "e\u{00AD}mail"];
    let normalized: Vec<String> = words.iter().map(|word| normalize(word).into_owned()).collect();
    expect![[r#"["\"Don't", "--", "...", "plain", "email"]"#]].assert_eq(&format!("{normalized:?}"));
    assert!(matches!(normalize("plain"), std::borrow::Cow::Borrowed(_)));
}

#[test]
fn shapes() {
    let words = ["Washington", "2004", "U.S.", "iPhone", "$5.00", "Қазақстан", "e-mail", ""];
    let shapes: Vec<String> = words.iter().map(|word| shape(word)).collect();
    expect![[r#"["Xxx", "dd", "X.X.", "xXxx", "$d.dd", "Xxx", "x-xx", ""]"#]].assert_eq(&format!("{shapes:?}"));
}

#[test]
fn case_variants_share_the_lowercase_key() {
    let upper = lexeme("PUTIN", false);
    let title = lexeme("Putin", true);
    assert_eq!(upper.lower, title.lower);
    assert_ne!(upper.form, title.form);
    assert_eq!(upper.flags & FLAG_ALL_CAPS, FLAG_ALL_CAPS);
    assert_eq!(title.flags & (FLAG_CAPITALIZED | FLAG_FIRST), FLAG_CAPITALIZED | FLAG_FIRST);
    // Curly and straight apostrophes are the same word.
    assert_eq!(lexeme("’s", false).form, lexeme("'s", false).form);
}

#[test]
fn caps_sentences() {
    let headline = lexemes(&["RUSSIA", "WARNS", "NATO", "OVER", "UKRAINE"]);
    assert!(is_caps_sentence(&headline));
    let normal = lexemes(&["Russia", "warns", "NATO", "over", "Ukraine"]);
    assert!(!is_caps_sentence(&normal));
}

#[test]
fn all_caps_sentences_are_recased_except_acronyms() {
    let sentence = |text: &str| -> Vec<String> { text.split(' ').map(str::to_owned).collect() };
    let training = [
        sentence("The US and NATO met ."),
        sentence("NATO said the US would act ."),
        sentence("SHOUTED WORDS ARE NOT ACRONYMS"),
        sentence("SHOUTED WORDS ARE NOT ACRONYMS"),
    ];
    let casing = Casing::learn(training.iter().map(Vec::as_slice));
    assert_eq!(casing.len(), 2);
    let headline = ["PUTIN", "WARNS", "NATO", "OVER", "US", "SANCTIONS"];
    let recased = casing.apply(&headline).expect("an all-caps sentence is recased");
    assert_eq!(recased, ["putin", "warns", "NATO", "over", "US", "sanctions"]);
    assert_eq!(casing.apply(&["Putin", "warns", "NATO", "."]), None);
    assert_eq!(casing.apply(&["NATO", "US"]), None, "two words are too few to tell");
    let mut writer = Writer::default();
    casing.write(&mut writer);
    let reread = Casing::read(&mut Reader::new(&writer.bytes)).expect("written casing reads back");
    assert_eq!(reread.apply(&headline), Some(recased));
}
