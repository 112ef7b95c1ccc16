//! Tests of the text layer: tokens and sentences on the noisy forms real news contains, and
//! property tests of the offset invariants.

use expect_test::{expect, Expect};
use proptest::prelude::*;

use crate::{find_date, segment, TokenKind};

/// Renders tokens as `text` joined by spaces and sentences separated by ` || `.
#[track_caller]
fn check(input: &str, expect: Expect) {
    let segmented = segment(input);
    let rendered: Vec<String> = segmented
        .sentences
        .iter()
        .map(|sentence| {
            segmented.sentence_tokens(sentence).iter().map(|token| token.text(input)).collect::<Vec<_>>().join(" ")
        })
        .collect();
    expect.assert_eq(&rendered.join(" || "));
}

#[test]
fn missing_spaces_after_punctuation() {
    check(
        "Yes,Russia’s president is tightening his grip.Although,there was stability.",
        expect!["Yes , Russia ’s president is tightening his grip . || Although , there was stability ."],
    );
    check(
        "There were two leaders in Kazakhstsn:N.Nazarbayev and K.J.Tokayev.As you know,now Russia acts.",
        expect!["There were two leaders in Kazakhstsn : N. Nazarbayev and K.J. Tokayev . || As you know , now Russia acts ."],
    );
    check("the protests.Interestingly,the CSTO acted.", expect!["the protests . || Interestingly , the CSTO acted ."]);
}

#[test]
fn possessives_clitics_and_glued_apostrophes() {
    check(
        "Russia will increase its influance over Kazakhstan’vast oil. Let’s imagine. They don't. I'm sure O'Brien can't.",
        expect!["Russia will increase its influance over Kazakhstan ’ vast oil . || Let ’s imagine . || They do n't . || I 'm sure O'Brien ca n't ."],
    );
}

#[test]
fn abbreviations_and_initials() {
    check(
        "Gen. Smith met U.S. officials in Jan. 2022 in Washington. The U.S. The talks ended.",
        expect!["Gen. Smith met U.S. officials in Jan. 2022 in Washington . || The U.S. || The talks ended ."],
    );
    check("Mr.Putin and Dr. Who, e.g. here.", expect!["Mr. Putin and Dr. Who , e.g. here ."]);
}

#[test]
fn numbers_and_urls() {
    check(
        "He says there are 20 thousand terrorists, 1,000.5 tons, 3,5 or 10:30 on 2022-01-07.",
        expect!["He says there are 20 thousand terrorists , 1,000.5 tons , 3 , 5 or 10:30 on 2022-01-07 ."],
    );
    check(
        "See https://example.com/a?b=1. Write to press@kremlin.ru, or visit tass.ru.",
        expect!["See https://example.com/a?b=1 . || Write to press@kremlin.ru , or visit tass.ru ."],
    );
}

#[test]
fn quotes_and_hyphens() {
    check(
        "Tokayev wants “to restore”order. The CSTO approved “peacekeeping”mission.",
        expect!["Tokayev wants “ to restore ” order . || The CSTO approved “ peacekeeping ” mission ."],
    );
    check(
        "It may undermine China-Russia balance. \"No.\" Then he left.",
        expect![[r#"It may undermine China - Russia balance . || " No . " || Then he left ."#]],
    );
    // Prefixes stay with their word, as UD English writes them; other hyphens split.
    check(
        "Re-open the UN-backed talks, the ex-president and anti-war, pro-Russian e-mail writers said.",
        expect!["Re-open the UN - backed talks , the ex-president and anti-war , pro-Russian e-mail writers said ."],
    );
}

#[test]
fn line_breaks() {
    check(
        "Kamal Aliyev: Putin tightens his grip\n\nYes,Russia acts.\nKamal Aliyev Kafkassam\n",
        expect!["Kamal Aliyev : Putin tightens his grip || Yes , Russia acts . || Kamal Aliyev Kafkassam"],
    );
    check(
        "This is a long line of hard-wrapped prose that goes on and on and\ncontinues here on the next line.",
        expect![
            "This is a long line of hard - wrapped prose that goes on and on and continues here on the next line ."
        ],
    );
}

#[test]
fn token_kinds() {
    let text = "U.S. troops, 20 km: http://x.org $5";
    let segmented = segment(text);
    let kinds: Vec<TokenKind> = segmented.tokens.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        [
            TokenKind::Abbreviation,
            TokenKind::Word,
            TokenKind::Punct,
            TokenKind::Number,
            TokenKind::Word,
            TokenKind::Punct,
            TokenKind::Url,
            TokenKind::Symbol,
            TokenKind::Number
        ]
    );
}

#[test]
fn folded_norm_forms() {
    let text = "Russia’s “peacekeeping” – Nur‑Sultan…";
    let segmented = segment(text);
    let norms: Vec<&str> = segmented.tokens.iter().map(|t| t.norm(text)).collect();
    assert_eq!(norms, ["Russia", "'s", "\"", "peacekeeping", "\"", "-", "Nur", "-", "Sultan", "..."]);
}

#[test]
fn dates_in_datelines() {
    let check_date = |text: &str, expected: Option<&str>| {
        let segmented = segment(text);
        let found = find_date(text, &segmented).map(|(date, _)| date.to_string());
        assert_eq!(found.as_deref(), expected, "{text}");
    };
    check_date("ALMATY, January 7, 2022 (Reuters) - Troops arrived.", Some("2022-01-07"));
    check_date("Published 7 Jan. 2022. Troops arrived.", Some("2022-01-07"));
    check_date("Posted on 2022-01-10 by staff", Some("2022-01-10"));
    check_date("On 31 February 2022 nothing happened.", None);
    check_date("Troops arrived in May.", None);
}

#[test]
fn long_runs_are_cut() {
    let text = "word ".repeat(1000);
    let segmented = segment(&text);
    assert_eq!(segmented.sentences.len(), 4);
    assert_eq!(segmented.n_forced_splits, 3);
}

#[test]
fn decode_reports_bad_bytes() {
    let decoded = crate::decode(b"Russia \xff\xfe troops are deployed to Almaty today\x00\x01");
    assert!(decoded.text.contains('\u{FFFD}'));
    let codes: Vec<&str> = decoded.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["invalid-utf8", "control-characters"]);
    let utf16 = crate::decode(b"\xff\xfeR\x00u\x00");
    assert_eq!(utf16.text, "Ru");
}

fn check_invariants(text: &str) {
    let segmented = segment(text);
    let mut previous_end = 0usize;
    for token in &segmented.tokens {
        let (start, end) = (usize::from(token.range.start()), usize::from(token.range.end()));
        assert!(start < end, "empty token in {text:?}");
        assert!(end <= text.len());
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        assert!(start >= previous_end, "tokens overlap or go backwards in {text:?}");
        assert!(!text[start..end].chars().any(char::is_whitespace), "whitespace inside a token");
        previous_end = end;
    }
    let mut next_token = 0u32;
    for sentence in &segmented.sentences {
        assert_eq!(sentence.tokens.start, next_token, "sentences must cover all tokens in order");
        assert!(sentence.tokens.start < sentence.tokens.end);
        next_token = sentence.tokens.end;
        let first = &segmented.tokens[sentence.tokens.start as usize];
        let last = &segmented.tokens[sentence.tokens.end as usize - 1];
        assert_eq!(sentence.range.start(), first.range.start());
        assert_eq!(sentence.range.end(), last.range.end());
    }
    assert_eq!(next_token as usize, segmented.tokens.len());
    // Every non-whitespace char is inside some token.
    let covered: usize = segmented.tokens.iter().map(|t| usize::from(t.range.len())).sum();
    let non_space: usize = text.chars().filter(|c| !c.is_whitespace()).map(char::len_utf8).sum();
    assert_eq!(covered, non_space, "tokens must cover all non-whitespace text of {text:?}");
    // Folding is idempotent.
    for token in &segmented.tokens {
        let norm = token.norm(text);
        assert_eq!(crate::fold(norm), norm);
    }
}

#[test]
fn invariants_on_awkward_inputs() {
    for text in [
        "",
        " ",
        "\n\n\n",
        "....",
        "'",
        "n't",
        "A.",
        "a.b.c.d.e.f",
        "O'",
        "'s's's",
        "e\u{301}te\u{301}",
        "\u{202E}RTL \u{05D0}\u{05D1}. \u{0627}\u{0644}",
        "\0\0\0",
        "1,2,3,4,5,6,7",
        "--- --- ---",
        "@@@###$$$",
        "https://",
        "a@b",
        "Kazakhstan’",
        "x\u{2019}",
        "中国。俄罗斯！",
    ] {
        check_invariants(text);
    }
    check_invariants(&"x".repeat(10_000));
    check_invariants(&"é.".repeat(3_000));
}

proptest! {
    #[test]
    fn invariants_hold_on_arbitrary_text(text in "\\PC{0,200}") {
        check_invariants(&text);
    }

    #[test]
    fn invariants_hold_on_newsy_text(text in "([A-Za-z’'.,:;!?\"“” \n-]|Russia|U\\.S\\.|N\\.|n't|’s|20,000|\u{301}){0,80}") {
        check_invariants(&text);
    }
}
