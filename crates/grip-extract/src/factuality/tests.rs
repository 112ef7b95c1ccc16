use grip_syntax::Model;

use super::*;

fn parse(sentence: &str) -> (Vec<TokenSyntax>, Vec<&str>) {
    let words: Vec<&str> = sentence.split(' ').collect();
    let model = Model::embedded().expect("embedded syntax model");
    (model.parse(&words), words)
}

#[test]
fn model_round_trips_through_tsv() {
    let examples = vec![
        (vec![("a".to_owned(), 1.0)], 3.0),
        (vec![("b".to_owned(), 1.0)], -3.0),
        (vec![("a".to_owned(), 1.0), ("c".to_owned(), 0.5)], 2.0),
    ];
    let config =
        TrainConfig { min_count: 1, epochs: 200, learning_rate: 0.5, ..TrainConfig::for_scale(Scale::Happened) };
    let model = train(&examples, &config);
    let back = FactualityModel::from_tsv(&model.to_tsv("header\nsecond line")).expect("parses");
    assert_eq!(back.len(), model.len());
    let a = [("a".to_owned(), 1.0)];
    let b = [("b".to_owned(), 1.0)];
    assert!((back.score(&a) - model.score(&a)).abs() < 1e-3);
    // The fit separates the two classes.
    assert!(model.score(&a) > 1.5, "{}", model.score(&a));
    assert!(model.score(&b) < -1.5, "{}", model.score(&b));
}

#[test]
fn bad_model_lines_are_errors_with_their_line() {
    let error = FactualityModel::from_tsv("# c\n(bias)\t1\nfeature 2\n").expect_err("no tab");
    assert_eq!(error.line, 3);
    let error = FactualityModel::from_tsv("x\tNaN\n").expect_err("not finite");
    assert_eq!(error.line, 1);
}

#[test]
fn features_name_the_context_that_decides() {
    let (parse, words) = parse("The government refused to lift the curfew .");
    let lift = words.iter().position(|w| *w == "lift").expect("lift");
    let names: Vec<String> = features(&parse, &words, lift).into_iter().map(|(name, _)| name).collect();
    assert!(names.iter().any(|n| n == "up0=xcomp|refuse"), "{names:?}");
    assert!(names.iter().any(|n| n == "up0-class=xcomp|negative"), "{names:?}");
    assert!(names.iter().any(|n| n == "mark=to"), "{names:?}");
    assert!(features(&parse, &words, 99).is_empty());
}

#[test]
fn embedded_models_read_time_modality_and_polarity() {
    let scores = |sentence: &str, predicate: &str| {
        let (parse, words) = parse(sentence);
        let idx = words.iter().position(|w| *w == predicate).expect("predicate");
        let both = factuality_both(&parse, &words, idx);
        assert_eq!(both.0, factuality(Scale::Certainty, &parse, &words, idx));
        assert_eq!(both.1, factuality(Scale::Happened, &parse, &words, idx));
        both
    };
    let (arrested_c, arrested_h) = scores("Police arrested three protesters in Almaty on Wednesday .", "arrested");
    let (will_c, will_h) = scores("Russia will send troops next week .", "send");
    let (may_c, _) = scores("Russia may send troops .", "send");
    let (not_c, _) = scores("Russia did not send troops to Kazakhstan .", "send");
    let (_, wants_h) = scores("The opposition wants to hold a rally next week .", "hold");
    let (_, refused_h) = scores("The government refused to release the prisoners .", "release");
    // Certainty: a firm forecast is as certain as a past fact; "may" is not; "not" flips the sign.
    assert!(arrested_c > 2.0 && will_c > 2.0, "{arrested_c} {will_c}");
    assert!(may_c < will_c - 1.0, "{may_c} {will_c}");
    assert!(not_c < -1.0, "{not_c}");
    // Happened: only the past fact did; the forecast, the wish and the refusal did not.
    assert!(arrested_h > 2.0, "{arrested_h}");
    assert!(will_h < 0.0 && wants_h < 0.0 && refused_h < 0.0, "{will_h} {wants_h} {refused_h}");
    // Out of range input is read as asserted, never a panic.
    assert_eq!(factuality(Scale::Happened, &[], &[], 3), 3.0);
    assert_eq!(factuality_both(&[], &[], 0), (3.0, 3.0));
}
