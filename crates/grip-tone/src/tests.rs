//! Unit tests: the valence rules, GDELT arithmetic, actor tone, the classifier file and trainer.

use std::sync::OnceLock;

use expect_test::{expect, Expect};
use grip_model::{text_range, EntityId, EntityKind, Mention};

use crate::{actor_tone, document_tone, SentenceSyntax, ToneModel};

fn model() -> &'static ToneModel {
    static MODEL: OnceLock<ToneModel> = OnceLock::new();
    MODEL.get_or_init(ToneModel::embedded)
}

fn score(text: &str) -> f32 {
    document_tone(text, &grip_text::segment(text), model()).score
}

/// Renders the score and every contributing word with its value.
fn render(text: &str) -> String {
    let tone = document_tone(text, &grip_text::segment(text), model());
    let words: Vec<String> =
        tone.contributions.iter().map(|c| format!("{}={:+.2}", grip_text::slice(text, c.range), c.value)).collect();
    format!("{:+.2} [{}]", tone.score, words.join(" "))
}

#[track_caller]
fn check(text: &str, expect: Expect) {
    expect.assert_eq(&render(text));
}

#[test]
fn negation_flips_and_dampens() {
    check("The mission is good.", expect!["+0.26 [good=+1.90]"]);
    check("The mission is not good.", expect!["-0.18 [good=-1.41]"]);
    check("The mission isn't good.", expect!["-0.18 [good=-1.41]"]);
    check("The plan was never bad.", expect!["+0.21 [bad=+1.85]"]);
    check("There is no hope.", expect!["-0.17 [hope=-1.41]"]);
    assert!(score("Tokayev does not trust his people.") < 0.0);
    // One negation per word: repeated "don't care" stays negative.
    assert!(score("DON'T CARE DON'T CARE DON'T CARE #whatever") < 0.0);
}

#[test]
fn intensifiers_and_dampeners() {
    check("The mission is very good.", expect!["+0.30 [good=+2.19]"]);
    check("The mission is slightly good.", expect!["+0.23 [good=+1.61]"]);
    assert!(score("It was an extremely dangerous decision.") < score("It was a dangerous decision."));
}

#[test]
fn but_shifts_weight_to_the_second_clause() {
    check("The plan was good, but the execution was terrible.", expect!["-0.21 [good=+0.95 terrible=-3.15]"]);
    check("Although the plan was good, the execution was terrible.", expect!["-0.21 [good=+0.95 terrible=-3.15]"]);
}

#[test]
fn caps_and_punctuation_emphasize() {
    assert!(score("The deal is GREAT for both sides.") > score("The deal is great for both sides."));
    assert!(score("The deal is great for both sides!!!") > score("The deal is great for both sides."));
    assert!(score("The deal is terrible!!!") < score("The deal is terrible."));
    // A text entirely in caps has no caps emphasis (VADER's caps differential).
    check("THE DEAL IS GREAT", expect!["+0.34 [GREAT=+3.10]"]);
}

#[test]
fn scare_quotes_turn_praise_into_irony() {
    check("The CSTO sent a peacekeeping mission.", expect!["+0.10 [peacekeeping=+0.80]"]);
    check("The CSTO sent a \u{201c}peacekeeping\u{201d}mission.", expect!["-0.08 [peacekeeping=-0.64]"]);
    check("The CSTO sent a \"peacekeeping\" mission.", expect!["-0.08 [peacekeeping=-0.64]"]);
    assert!(score("The CSTO sent a \u{201c}peacekeeping\u{201d}mission.") < 0.0);
    check("Tokayev wants \u{201c}to restore\u{201d}order.", expect!["-0.07 [restore=-0.96]"]);
    // A long quotation is reported speech, not irony.
    check("He said: \"we will restore order and peace in the country\".", expect!["+0.35 [restore=+1.20 peace=+2.50]"]);
}

#[test]
fn epistemic_words_are_not_tone() {
    for text in [
        "I am highly sure that this is the case.",
        "I think that Russia will act.",
        "It seems to them that this will happen.",
        "Certainly, this will happen.",
        "I doubt that it will happen.",
        "It is probably, possibly, perhaps likely to happen.",
        "I believe it is certain, without a doubt.",
    ] {
        let tone = document_tone(text, &grip_text::segment(text), model());
        assert_eq!(tone.score, 0.0, "{text}");
        assert!(tone.contributions.is_empty(), "{text}");
    }
    assert!(crate::EPISTEMIC_WORDS.contains(&"sure"));
}

#[test]
fn domain_words_of_power_politics() {
    check(
        "Russia's president or strongman is tightening his grip on former Soviet republics.",
        expect!["-0.25 [strongman=-2.20 tightening=-0.40 grip=-0.60]"],
    );
    check("It seems to them that this dictator will create USSR.", expect!["-0.29 [dictator=-3.75 create=+1.10]"]);
    assert!(score("The regime ordered a brutal crackdown on protesters.") < -0.2);
}

#[test]
fn emoticons_and_handles() {
    check("@anonymous Yaaaay! :D", expect!["+0.28 [:D=+2.30]"]);
    check("The weekend just flew by :-(", expect!["-0.18 [:-(=-1.50]"]);
    check("Thanks for the #FF @anonymous &gt;&gt;", expect!["+0.20 [Thanks=+1.90]"]);
}

#[test]
fn gdelt_tuple_arithmetic() {
    let text = "We condemn the brutal crackdown. Our friends welcome the ceasefire and we march.";
    let tone = document_tone(text, &grip_text::segment(text), model());
    let [tone_value, positive, negative, polarity, activity, pronouns, words] = tone.gdelt;
    assert_eq!(words, 13.0);
    let n_positive = tone.contributions.iter().filter(|c| c.value > 0.0).count() as f32;
    let n_negative = tone.contributions.iter().filter(|c| c.value < 0.0).count() as f32;
    assert!((positive - 100.0 * n_positive / words).abs() < 1e-4);
    assert!((negative - 100.0 * n_negative / words).abs() < 1e-4);
    assert!((tone_value - (positive - negative)).abs() < 1e-4);
    assert!((polarity - (positive + negative)).abs() < 1e-4);
    // "march" is an activity word; "We", "Our", "we" are self/group references.
    assert!((activity - 100.0 / words).abs() < 1e-4);
    assert!((pronouns - 300.0 / words).abs() < 1e-4);
    expect!["[0.0, 23.076923, 23.076923, 46.153847, 7.6923075, 23.076923, 13.0]"]
        .assert_eq(&format!("{:?}", tone.gdelt));
    assert_eq!(document_tone("", &grip_text::segment(""), model()).gdelt, [0.0; 7]);
}

#[test]
fn long_documents_do_not_saturate() {
    let sentence = "The brutal regime crushed the protests. ";
    let long = sentence.repeat(40);
    let short_score = score(sentence);
    let long_score = score(&long);
    assert!(long_score < short_score && long_score > -0.9, "{short_score} {long_score}");
}

#[test]
fn never_panics_on_odd_text() {
    for text in ["", " ", "!!!", "\u{0}\u{202e}abc", "'''''", "\"", "n't", ":) :( :D D:", &"a ".repeat(2000)] {
        let segmented = grip_text::segment(text);
        let tone = document_tone(text, &segmented, model());
        assert!((-1.0..=1.0).contains(&tone.score));
        let mention =
            mention_at(text, text.trim().split(' ').next().unwrap_or(""), "person/x", "XXX", EntityKind::Person);
        let _ = actor_tone(text, &segmented, &mention.into_iter().collect::<Vec<_>>(), None, model());
    }
}

fn mention_at(text: &str, needle: &str, entity: &str, actor: &str, kind: EntityKind) -> Option<Mention> {
    if needle.is_empty() {
        return None;
    }
    let start = text.find(needle)?;
    Some(Mention {
        range: text_range(start, start + needle.len()),
        entity: EntityId::from_full(entity),
        actor: grip_model::ActorCode::new(actor),
        name: needle.to_string(),
        kind,
        rule: "test",
        form: needle.to_string(),
        sentence: 0,
    })
}

/// Renders actor tone as `ACTOR score [evidence words]`.
fn render_actors(text: &str, mentions: &[Mention], syntax: Option<&[SentenceSyntax<'_>]>) -> String {
    let segmented = grip_text::segment(text);
    actor_tone(text, &segmented, mentions, syntax, model())
        .iter()
        .map(|tone| {
            let evidence: Vec<&str> = tone.evidence.iter().map(|&range| grip_text::slice(text, range)).collect();
            format!("{} {:+.2} [{}]", tone.actor, tone.score, evidence.join(" | "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn actor_tone_from_epithets_and_negation() {
    let text = "The people fear this dictator Putin.";
    let putin = mention_at(text, "Putin", "person/vladimir-putin", "RUSGOV", EntityKind::Person);
    let rendered = render_actors(text, &putin.into_iter().collect::<Vec<_>>(), None);
    assert!(rendered.starts_with("RUSGOV -"), "{rendered}");
    assert!(rendered.contains("dictator"), "{rendered}");

    let text = "Tokayev does not trust his people.";
    let tokayev = mention_at(text, "Tokayev", "person/kassym-jomart-tokayev", "KAZGOV", EntityKind::Person);
    let rendered = render_actors(text, &tokayev.into_iter().collect::<Vec<_>>(), None);
    assert!(rendered.starts_with("KAZGOV -"), "{rendered}");
    assert!(rendered.contains("does not trust"), "{rendered}");
}

#[test]
fn actor_tone_reaches_pronouns_and_epithets() {
    let text = "People are afraid of Putin's actions. It seems to them that this dictator will create USSR.";
    let putin = mention_at(text, "Putin", "person/vladimir-putin", "RUSGOV", EntityKind::Person);
    let rendered = render_actors(text, &putin.into_iter().collect::<Vec<_>>(), None);
    assert!(rendered.starts_with("RUSGOV -"), "{rendered}");
    assert!(rendered.contains("dictator"), "{rendered}");
}

#[test]
fn actor_tone_is_clause_scoped() {
    // Praise for Kazakhstan and blame for Russia sit in different clauses.
    let text = "Kazakhstan achieved a peaceful and admirable transition, but Russia brutally crushed the protests.";
    let mentions: Vec<Mention> = [
        mention_at(text, "Kazakhstan", "country/KAZ", "KAZ", EntityKind::Country),
        mention_at(text, "Russia", "country/RUS", "RUS", EntityKind::Country),
    ]
    .into_iter()
    .flatten()
    .collect();
    let rendered = render_actors(text, &mentions, None);
    let lines: Vec<&str> = rendered.lines().collect();
    assert!(lines[0].starts_with("KAZ +"), "{rendered}");
    assert!(lines[1].starts_with("RUS -"), "{rendered}");
    assert!(!lines[0].contains("crushed") && !lines[1].contains("peaceful"), "{rendered}");
}

#[test]
fn actor_tone_uses_a_parse_when_given() {
    // "Russia praised the brave protesters whom Tokayev crushed": with a parse, the relative
    // clause's "crushed" belongs to Tokayev's clause, not Russia's.
    let text = "Russia praised the brave protesters whom Tokayev crushed.";
    let mentions: Vec<Mention> = [
        mention_at(text, "Russia", "country/RUS", "RUS", EntityKind::Country),
        mention_at(text, "Tokayev", "person/kassym-jomart-tokayev", "KAZGOV", EntityKind::Person),
    ]
    .into_iter()
    .flatten()
    .collect();
    // Tokens: Russia praised the brave protesters whom Tokayev crushed .
    let syntax = SentenceSyntax {
        heads: vec![Some(1), None, Some(4), Some(4), Some(1), Some(7), Some(7), Some(4), Some(1)],
        deprels: vec!["nsubj", "root", "det", "amod", "obj", "obj", "nsubj", "acl:relcl", "punct"],
    };
    let parsed = render_actors(text, &mentions, Some(&[syntax]));
    let lines: Vec<&str> = parsed.lines().collect();
    assert!(!lines[0].contains("crushed"), "{parsed}");
    assert!(lines[1].starts_with("KAZGOV -") && lines[1].contains("crushed"), "{parsed}");
    // A parse of the wrong length is ignored rather than trusted.
    let bad = SentenceSyntax { heads: vec![None], deprels: vec!["root"] };
    assert_eq!(render_actors(text, &mentions, Some(&[bad])), render_actors(text, &mentions, None));
}

#[test]
fn actor_tone_is_deterministic_and_grouped_by_entity() {
    let text = "Russia is strong. Russia is a brutal aggressor. Kazakhstan is calm.";
    let mut mentions: Vec<Mention> = Vec::new();
    for (start, _) in text.match_indices("Russia") {
        mentions.push(Mention {
            range: text_range(start, start + 6),
            ..mention_at(text, "Russia", "country/RUS", "RUS", EntityKind::Country).expect("found")
        });
    }
    mentions.extend(mention_at(text, "Kazakhstan", "country/KAZ", "KAZ", EntityKind::Country));
    mentions.reverse();
    let first = render_actors(text, &mentions, None);
    assert_eq!(first, render_actors(text, &mentions, None));
    let lines: Vec<&str> = first.lines().collect();
    assert_eq!(lines.len(), 2, "{first}");
    assert!(lines[0].starts_with("RUS "), "{first}");
    assert!(lines[1].starts_with("KAZ "), "{first}");
}

#[test]
fn classifier_file_round_trips() {
    let classifier = model().classifier().expect("the embedded model has a classifier");
    assert!(classifier.n_features() > 1000);
    let text = classifier.to_text();
    let again = crate::Classifier::from_text(&text).expect("parses");
    assert_eq!(again.to_text(), text);
    let gz = again.to_gzip();
    assert_eq!(crate::Classifier::from_gzip(&gz).expect("decompresses").to_text(), text);
    assert!(crate::Classifier::from_text("name\t1\t2\n").is_err());
    assert!(crate::Classifier::from_gzip(b"not gzip").is_err());
}

#[test]
fn tiny_training_run_is_deterministic_and_learns() {
    let jsonl = [
        (r#"Putin praised the brave and wonderful volunteers."#, "Putin", 6.0),
        (r#"Critics said Putin is a brutal and corrupt dictator."#, "Putin", 2.0),
        (r#"Tokayev met the delegation on Tuesday."#, "Tokayev", 4.0),
        (r#"Tokayev was blamed for the deadly and terrible crackdown."#, "Tokayev", 2.0),
        (r#"Voters love Merkel and admire her calm leadership."#, "Merkel", 6.0),
        (r#"Merkel traveled to Paris on Monday."#, "Merkel", 4.0),
    ]
    .iter()
    .enumerate()
    .map(|(idx, (sentence, target, polarity))| {
        let from = sentence.find(target).expect("target in sentence");
        format!(
            r#"{{"primary_gid":"test_{idx}_0","sentence_normalized":"{sentence}","targets":[{{"from":{from},"to":{},"mention":"{target}","polarity":{polarity}}}]}}"#,
            from + target.len()
        )
    })
    .collect::<Vec<_>>()
    .join("\n");
    let config = crate::train::TrainConfig {
        epochs: 20,
        learning_rate: 0.1,
        l2: 0.0,
        min_count: 1,
        seed: 7,
        balance_classes: true,
        further_mentions: false,
    };
    let base = model().clone().with_classifier(None);
    let (first, report) = crate::train::train_actor_classifier(&jsonl, &base, &config, false).expect("trains");
    let (second, _) = crate::train::train_actor_classifier(&jsonl, &base, &config, false).expect("trains");
    assert_eq!(first.to_gzip(), second.to_gzip());
    assert_eq!(report.n_train, 6);
    let trained = base.with_classifier(Some(first));
    let scores = crate::eval::newsmtsc(&jsonl, &trained).expect("evaluates");
    assert_eq!(scores.accuracy, 1.0);
}

#[test]
fn evaluation_file_parsing() {
    let ground_truth =
        "1_1\t2.5\tA wonderful, lovely day.\r\n1_2\t-3.0\tA horrible, awful day.\r\n1_3\t0.1\tA day.\r\n";
    let report = crate::eval::vader_ground_truth(ground_truth, model()).expect("parses");
    assert_eq!(report.n, 3);
    assert!(report.pearson > 0.9);
    assert!(crate::eval::vader_ground_truth("1_1\tnot a number\ttext", model()).is_err());
    // Character offsets (not bytes) in NewsMTSC: the curly apostrophe is 3 bytes.
    let line = r#"{"primary_gid":"a_b_c_d","sentence_normalized":"It’s Putin.","targets":[{"from":5,"to":10,"mention":"Putin","polarity":4.0}]}"#;
    let targets = crate::eval::parse_newsmtsc(line).expect("parses");
    assert_eq!(&targets[0].sentence[targets[0].range.clone()], "Putin");
    assert_eq!(targets[0].article, "a_b_c");
    assert!(crate::eval::parse_newsmtsc("{").is_err());
    assert_eq!(crate::eval::pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]), 1.0);
}

#[test]
fn embedded_model_loads() {
    assert!(model().n_sentiment_words() > 7000);
    assert!(crate::ToneModel::from_sources("word\tnot-a-number\n", "", "").is_err());
    assert!(crate::ToneModel::from_sources("", "", "").is_ok());
}
