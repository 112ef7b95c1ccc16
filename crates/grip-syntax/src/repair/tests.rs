use super::*;
use crate::Model;

fn parse(sentence: &str) -> (Vec<&str>, Vec<TokenSyntax>) {
    let words: Vec<&str> = sentence.split(' ').collect();
    let parse = Model::embedded().expect("embedded model").parse(&words);
    (words, parse)
}

fn head_and_relation(words: &[&str], parse: &[TokenSyntax], word: &str) -> (Option<String>, Deprel) {
    let idx = words.iter().position(|w| *w == word).expect("word");
    (parse[idx].head.map(|head| words[head as usize].to_owned()), parse[idx].deprel)
}

#[test]
fn a_that_clause_after_a_dated_verb_is_its_complement() {
    for (sentence, verb, clause) in [
        ("Russia said on Tuesday that Sudan must return the helicopter .", "said", "return"),
        ("The ministry said on Monday that troops had left the city .", "said", "left"),
        ("Officials said Thursday that the border was closed .", "said", "closed"),
        ("Moscow warned last week that it would respond .", "warned", "respond"),
    ] {
        let (words, mut parse) = parse(sentence);
        time_complements(&mut parse);
        assert_eq!(head_and_relation(&words, &parse, clause), (Some(verb.to_owned()), Deprel::Ccomp), "{sentence}");
        assert_eq!(head_and_relation(&words, &parse, "that").1, Deprel::Mark, "{sentence}");
        // Still one tree: every head chain reaches the root.
        for (start, word) in words.iter().enumerate() {
            let mut node = start;
            for _ in 0..=parse.len() {
                match parse[node].head {
                    Some(head) => node = head as usize,
                    None => break,
                }
            }
            assert!(parse[node].head.is_none(), "{sentence}: a cycle through {word}");
        }
    }
}

#[test]
fn real_relative_clauses_stay() {
    let mut parse = vec![
        // "They met on the day that was cold": the clause's only subject is "that".
        token("they", Upos::Pron, Some(1), Deprel::Nsubj),
        token("meet", Upos::Verb, None, Deprel::Root),
        token("on", Upos::Adp, Some(4), Deprel::Case),
        token("the", Upos::Det, Some(4), Deprel::Det),
        token("Tuesday", Upos::Propn, Some(1), Deprel::Obl),
        token("that", Upos::Pron, Some(7), Deprel::Nsubj),
        token("be", Upos::Aux, Some(7), Deprel::Cop),
        token("cold", Upos::Adj, Some(4), Deprel::AclRelcl),
    ];
    assert_eq!(time_complements(&mut parse), 0);
    assert_eq!(parse[7].deprel, Deprel::AclRelcl);
    // A relative clause on a noun that is no time name stays too.
    let mut parse = vec![
        token("they", Upos::Pron, Some(1), Deprel::Nsubj),
        token("reject", Upos::Verb, None, Deprel::Root),
        token("plan", Upos::Noun, Some(1), Deprel::Obj),
        token("that", Upos::Pron, Some(5), Deprel::Obj),
        token("Russia", Upos::Propn, Some(5), Deprel::Nsubj),
        token("propose", Upos::Verb, Some(2), Deprel::AclRelcl),
    ];
    assert_eq!(time_complements(&mut parse), 0);
}

fn token(lemma: &str, upos: Upos, head: Option<u32>, deprel: Deprel) -> TokenSyntax {
    TokenSyntax { upos, xpos: "NN", lemma: lemma.to_owned(), head, deprel }
}

fn parse_news(sentence: &str) -> (Vec<&str>, Vec<TokenSyntax>) {
    let words: Vec<&str> = sentence.split(' ').collect();
    let mut out = Vec::new();
    Model::embedded().expect("embedded model").parse_news(&words, &mut crate::ParseScratch::default(), &mut out);
    (words, out)
}

#[test]
fn a_past_tense_tagged_as_adjective_becomes_the_verb_again() {
    for (sentence, verb, subject, object) in [
        (
            "Irish nationalist guerrillas wounded two British soldiers in a bomb attack on Thursday , police said .",
            "wounded",
            "guerrillas",
            "soldiers",
        ),
        ("Israeli helicopters and tanks shelled positions near Rafah .", "shelled", "helicopters", "positions"),
    ] {
        let (words, parse) = parse_news(sentence);
        let idx = |word: &str| words.iter().position(|w| *w == word).expect("word");
        assert_eq!(parse[idx(verb)].upos, Upos::Verb, "{sentence}");
        assert_eq!(parse[idx(subject)].head, Some(idx(verb) as u32), "{sentence}");
        assert_eq!(parse[idx(subject)].deprel, Deprel::Nsubj, "{sentence}");
        assert_eq!(parse[idx(object)].head, Some(idx(verb) as u32), "{sentence}");
        assert!(!has_double_subject(&parse), "{sentence}");
    }
}

#[test]
fn sound_parses_and_verbless_phrases_without_candidates_stay() {
    let model = Model::embedded().expect("embedded model");
    for sentence in
        ["Rising prices in Almaty .", "The rebels seized two towns on Monday .", "Protesters armed with sticks ."]
    {
        let words: Vec<&str> = sentence.split(' ').collect();
        let (_, news) = parse_news(sentence);
        assert_eq!(news, model.parse(&words), "{sentence}");
    }
}

#[test]
fn have_stays_the_auxiliary_across_adverbs() {
    let (words, parse) = parse_news("Bangladesh has once again outright rejected an Indian proposal .");
    let idx = |word: &str| words.iter().position(|w| *w == word).expect("word");
    assert_eq!(parse[idx("rejected")].head, None);
    assert_eq!(parse[idx("has")].deprel, Deprel::Aux);
    assert_eq!(parse[idx("Bangladesh")].head, Some(idx("rejected") as u32));
    assert_eq!(parse[idx("proposal")].head, Some(idx("rejected") as u32));
    // "have" with an object of its own is the verb.
    let (words, parse) = parse_news("Russia has a plan .");
    assert_eq!(parse[words.iter().position(|w| *w == "has").expect("has")].head, None);
}

#[test]
fn a_demands_bare_verb_read_as_a_noun_becomes_the_clauses_verb() {
    for (sentence, verb, subject) in [
        ("The PRC on Tuesday demanded that the US cancel plans to sell weapons to Taiwan .", "cancel", "US"),
        ("The ILO reiterated its demand today that Israel ease restrictions on workers .", "ease", "Israel"),
        ("The opposition demanded that President Tokayev resign .", "resign", "Tokayev"),
    ] {
        let (words, parse) = parse_news(sentence);
        let idx = words.iter().position(|w| *w == verb).expect("verb");
        assert_eq!(parse[idx].upos, Upos::Verb, "{sentence}");
        assert_eq!(head_and_relation(&words, &parse, subject), (Some(verb.to_owned()), Deprel::Nsubj), "{sentence}");
    }
}

#[test]
fn a_demand_whose_clause_has_a_verb_is_no_suspect() {
    for sentence in [
        "Ukraine demanded that Russia withdraw its troops .",
        "They demanded that the peace process continue .",
        "The court order that the firm appealed was upheld .",
    ] {
        let (words, parse) = parse(sentence);
        let candidates = mandative_subjunctives(&words, &parse);
        assert!(
            candidates
                .iter()
                .all(|&(_, idx)| !matches!(words[idx], "Russia" | "troops" | "peace" | "process" | "firm")),
            "{sentence}: {candidates:?}"
        );
    }
    // Only lowercase nouns right after the subject are candidates.
    let (words, parse) = parse("They demanded that the government reform .");
    for (_, idx) in mandative_subjunctives(&words, &parse) {
        assert_eq!(words[idx], "reform");
    }
}

#[test]
fn an_if_clause_on_a_noun_goes_to_the_verb() {
    let mut parse = vec![
        // "Moscow threatened to stop the talks if Washington deployed missiles", the "if"
        // clause hung on "talks" as a relative clause.
        token("Moscow", Upos::Propn, Some(1), Deprel::Nsubj),
        token("threaten", Upos::Verb, None, Deprel::Root),
        token("to", Upos::Part, Some(3), Deprel::Mark),
        token("stop", Upos::Verb, Some(1), Deprel::Xcomp),
        token("the", Upos::Det, Some(5), Deprel::Det),
        token("talk", Upos::Noun, Some(3), Deprel::Obj),
        token("if", Upos::Sconj, Some(8), Deprel::Mark),
        token("Washington", Upos::Propn, Some(8), Deprel::Nsubj),
        token("deploy", Upos::Verb, Some(5), Deprel::AclRelcl),
        token("missile", Upos::Noun, Some(8), Deprel::Obj),
    ];
    assert_eq!(conjunction_clauses(&mut parse), 1);
    assert_eq!((parse[8].head, parse[8].deprel), (Some(3), Deprel::Advcl));
    // "the day when they met" is a relative clause.
    let mut parse = vec![
        token("the", Upos::Det, Some(1), Deprel::Det),
        token("day", Upos::Noun, None, Deprel::Root),
        token("when", Upos::Adv, Some(4), Deprel::Advmod),
        token("they", Upos::Pron, Some(4), Deprel::Nsubj),
        token("meet", Upos::Verb, Some(1), Deprel::AclRelcl),
    ];
    assert_eq!(conjunction_clauses(&mut parse), 0);
}

#[test]
fn a_day_between_verb_and_object_is_no_object() {
    for (sentence, verb, object) in [
        ("Beirut again rejected Thursday a United Nations appeal for troops .", "rejected", "appeal"),
        ("The Israeli army lifted Friday a day-old blockade on Palestinian lorries .", "lifted", "blockade"),
    ] {
        let (words, parse) = parse_news(sentence);
        let time = words.iter().position(|w| matches!(*w, "Thursday" | "Friday")).expect("day");
        assert_eq!(head_and_relation(&words, &parse, object), (Some(verb.to_owned()), Deprel::Obj), "{sentence}");
        assert_eq!(parse[time].deprel, Deprel::OblTmod, "{sentence}");
    }
    // A day with a determiner or possessive of its own stays an object.
    let mut parse = vec![
        token("they", Upos::Pron, Some(1), Deprel::Nsubj),
        token("name", Upos::Verb, None, Deprel::Root),
        token("the", Upos::Det, Some(3), Deprel::Det),
        token("Tuesday", Upos::Propn, Some(1), Deprel::Obj),
        token("holiday", Upos::Noun, Some(3), Deprel::Appos),
    ];
    assert_eq!(time_objects(&mut parse), 0);
}

#[test]
fn a_modifier_read_as_a_second_subject_joins_the_name() {
    let mut parse = vec![
        // "The rebel Workers Party issued a declaration": "rebel" and "Party" both subjects.
        token("the", Upos::Det, Some(1), Deprel::Det),
        token("rebel", Upos::Noun, Some(4), Deprel::Nsubj),
        token("Workers", Upos::Propn, Some(3), Deprel::Compound),
        token("Party", Upos::Propn, Some(4), Deprel::Nsubj),
        token("issue", Upos::Verb, None, Deprel::Root),
        token("declaration", Upos::Noun, Some(4), Deprel::Obj),
    ];
    assert!(has_double_subject(&parse));
    assert_eq!(split_subjects(&mut parse), 1);
    assert_eq!((parse[1].head, parse[1].deprel), (Some(3), Deprel::Compound));
    assert_eq!(parse[0].head, Some(3));
    assert!(!has_double_subject(&parse));
    // A plural first subject is left alone.
    let mut parse = vec![
        token("guerrillas", Upos::Noun, Some(3), Deprel::Nsubj),
        token("wounded", Upos::Adj, Some(2), Deprel::Amod),
        token("soldiers", Upos::Noun, Some(3), Deprel::Nsubj),
        token("say", Upos::Verb, None, Deprel::Root),
    ];
    parse[0].xpos = "NNS";
    assert_eq!(split_subjects(&mut parse), 0);
    // The real sentence, where a name in apposition follows the modifier.
    let (words, parse) = parse_news("The rebel Kurdistan Workers ' Party issued a declaration .");
    assert!(!has_double_subject(&parse), "{:?}", parse.iter().map(|t| t.deprel).collect::<Vec<_>>());
    assert_eq!(head_and_relation(&words, &parse, "Party"), (Some("issued".to_owned()), Deprel::Nsubj));
}

#[test]
fn a_day_in_apposition_to_the_object_dates_the_verb() {
    let mut parse = vec![
        // "Students staged demonstrations Saturday to demand reforms".
        token("student", Upos::Noun, Some(1), Deprel::Nsubj),
        token("stage", Upos::Verb, None, Deprel::Root),
        token("demonstration", Upos::Noun, Some(1), Deprel::Obj),
        token("Saturday", Upos::Propn, Some(2), Deprel::Appos),
        token("to", Upos::Part, Some(5), Deprel::Mark),
        token("demand", Upos::Verb, Some(3), Deprel::Acl),
        token("reform", Upos::Noun, Some(5), Deprel::Obj),
    ];
    assert_eq!(time_appositions(&mut parse), 1);
    assert_eq!((parse[3].head, parse[3].deprel), (Some(1), Deprel::OblTmod));
    assert_eq!((parse[5].head, parse[5].deprel), (Some(1), Deprel::Advcl));
    // A day that is the subject's apposition stays.
    let mut parse = vec![
        token("day", Upos::Noun, Some(2), Deprel::Nsubj),
        token("Monday", Upos::Propn, Some(0), Deprel::Appos),
        token("come", Upos::Verb, None, Deprel::Root),
    ];
    assert_eq!(time_appositions(&mut parse), 0);
}

#[test]
fn an_expletive_with_nothing_extraposed_is_the_subject() {
    let mut parse = vec![
        // "it is willing to withdraw"
        token("it", Upos::Pron, Some(2), Deprel::Expl),
        token("be", Upos::Aux, Some(2), Deprel::Cop),
        token("willing", Upos::Adj, None, Deprel::Root),
        token("to", Upos::Part, Some(4), Deprel::Mark),
        token("withdraw", Upos::Verb, Some(2), Deprel::Xcomp),
    ];
    assert_eq!(expletive_subjects(&mut parse), 1);
    assert_eq!(parse[0].deprel, Deprel::Nsubj);
    // "it is clear that they left" keeps its expletive.
    let mut parse = vec![
        token("it", Upos::Pron, Some(2), Deprel::Expl),
        token("be", Upos::Aux, Some(2), Deprel::Cop),
        token("clear", Upos::Adj, None, Deprel::Root),
        token("that", Upos::Sconj, Some(5), Deprel::Mark),
        token("they", Upos::Pron, Some(5), Deprel::Nsubj),
        token("leave", Upos::Verb, Some(2), Deprel::Csubj),
    ];
    assert_eq!(expletive_subjects(&mut parse), 0);
}

#[test]
fn a_headline_clause_read_as_a_reduced_relative_gets_its_verb() {
    for (sentence, verb, subject) in [
        ("Armenian protesters attacked riot police in Yerevan .", "attacked", "protesters"),
        ("An explosion ripped through a market in Kabul .", "ripped", "explosion"),
        ("Demonstrators hurled stones at police in Tbilisi .", "hurled", "Demonstrators"),
    ] {
        let (words, parse) = parse_news(sentence);
        let idx = |word: &str| words.iter().position(|w| *w == word).expect("word");
        assert_eq!((parse[idx(verb)].xpos, parse[idx(verb)].head), ("VBD", None), "{sentence}");
        assert_eq!(parse[idx(subject)].deprel, Deprel::Nsubj, "{sentence}");
    }
    // A noun phrase with a participle and a finite verb elsewhere keeps its reading.
    let (words, parse) = parse_news("Troops wounded in the attack were flown to Almaty .");
    let wounded = words.iter().position(|w| *w == "wounded").expect("word");
    assert_ne!(parse[wounded].head, None);
    // The clause read as the subject of the report after it.
    let sentence = "The Israeli army forced out on Wednesday more than 1,000 Palestinian refugees from their homes in a West Bank refugee camp during a 48-hour search for militants , residents said .";
    let (words, parse) = parse_news(sentence);
    let idx = |word: &str| words.iter().position(|w| *w == word).expect("word");
    assert_eq!(parse[idx("forced")].xpos, "VBD");
    assert_eq!(head_and_relation(&words, &parse, "army"), (Some("forced".to_owned()), Deprel::Nsubj));
}

#[test]
fn a_past_tense_joined_to_the_next_verb_by_nothing_is_a_reduced_relative() {
    for sentence in [
        "Some 500,000 workers affiliated with the Serbian union stopped work on Monday .",
        "Some 500,000 workers affiliated with the Serbian Workers ' Union ( SSS ) stopped work on Monday .",
    ] {
        let (words, parse) = parse_news(sentence);
        assert_eq!(head_and_relation(&words, &parse, "affiliated"), (Some("workers".to_owned()), Deprel::Acl));
        assert_eq!(head_and_relation(&words, &parse, "workers"), (Some("stopped".to_owned()), Deprel::Nsubj));
        let union = if words.contains(&"Union") { "Union" } else { "union" };
        assert_eq!(head_and_relation(&words, &parse, union).0.as_deref(), Some("affiliated"));
        assert_eq!(head_and_relation(&words, &parse, ".").0.as_deref(), Some("stopped"));
        assert_eq!(parse[words.iter().position(|w| *w == "stopped").expect("word")].head, None);
    }
    // Two clauses joined by "and", or by a comma, stay two clauses.
    for sentence in [
        "Rebels attacked the town and burned the market .",
        "Police arrested the leaders , released them on Monday .",
        "The United States suspended part of a military aid program for Bosnia aimed at bringing peace .",
    ] {
        let (words, mut parse) = parse(sentence);
        let before = parse.clone();
        assert_eq!(unjoined_past_tenses(&words, &mut parse), 0, "{sentence}");
        assert_eq!(parse, before);
    }
}

#[test]
fn a_participle_before_the_object_modifies_it() {
    let tagged = |lemma: &str, upos: Upos, xpos: &'static str, head: Option<u32>, deprel: Deprel| TokenSyntax {
        upos,
        xpos,
        lemma: lemma.to_owned(),
        head,
        deprel,
    };
    // "Palestinians reject proposed Israeli changes to the deal", read with "proposed" as a
    // second verb that took the object and the phrase.
    let misparse = |verb: &str| {
        vec![
            tagged("Palestinians", Upos::Propn, "NNPS", Some(1), Deprel::Nsubj),
            tagged(verb, Upos::Verb, "VBP", None, Deprel::Root),
            tagged("propose", Upos::Verb, "VBN", Some(1), Deprel::Ccomp),
            tagged("Israeli", Upos::Adj, "JJ", Some(4), Deprel::Amod),
            tagged("change", Upos::Noun, "NNS", Some(2), Deprel::Obj),
            tagged("to", Upos::Adp, "IN", Some(7), Deprel::Case),
            tagged("the", Upos::Det, "DT", Some(7), Deprel::Det),
            tagged("deal", Upos::Noun, "NN", Some(2), Deprel::Obl),
        ]
    };
    let mut parse = misparse("reject");
    assert_eq!(prenominal_participles(&mut parse), 1);
    assert_eq!((parse[4].head, parse[4].deprel), (Some(1), Deprel::Obj));
    assert_eq!((parse[2].head, parse[2].deprel), (Some(4), Deprel::Amod));
    assert_eq!((parse[7].head, parse[7].deprel), (Some(4), Deprel::Nmod));
    // After a verb of saying the participle can start a clause of its own: left alone.
    let mut parse = misparse("say");
    assert_eq!(prenominal_participles(&mut parse), 0);
    assert_eq!((parse[2].head, parse[2].deprel), (Some(1), Deprel::Ccomp));
}

#[test]
fn a_recipient_swallowed_by_the_object_becomes_the_indirect_object() {
    let tagged = |lemma: &str, upos: Upos, head: Option<u32>, deprel: Deprel| TokenSyntax {
        upos,
        xpos: "NN",
        lemma: lemma.to_owned(),
        head,
        deprel,
    };
    // "The EC gave the Ivory Coast 5.1 million dollars", read as one noun phrase.
    let misparse = |verb: &str| {
        vec![
            tagged("the", Upos::Det, Some(1), Deprel::Det),
            tagged("EC", Upos::Propn, Some(2), Deprel::Nsubj),
            tagged(verb, Upos::Verb, None, Deprel::Root),
            tagged("the", Upos::Det, Some(7), Deprel::Det),
            tagged("Ivory", Upos::Propn, Some(5), Deprel::Compound),
            tagged("Coast", Upos::Propn, Some(7), Deprel::Compound),
            tagged("5.1", Upos::Num, Some(7), Deprel::Nummod),
            tagged("dollar", Upos::Noun, Some(2), Deprel::Obj),
        ]
    };
    let mut parse = misparse("give");
    assert_eq!(double_objects(&mut parse), 1);
    assert_eq!((parse[5].head, parse[5].deprel), (Some(2), Deprel::Iobj));
    assert_eq!(parse[3].head, Some(5));
    assert_eq!((parse[7].head, parse[7].deprel), (Some(2), Deprel::Obj));
    // Not after a verb that takes no recipient ("visited the Ivory Coast 5 times" is another
    // misparse).
    let mut parse = misparse("visit");
    assert_eq!(double_objects(&mut parse), 0);
}

#[test]
fn a_name_folded_into_the_next_phrase_gets_its_preposition_back() {
    // "expelled inspectors of the Atomic Agency from nuclear facilities", with "of" and "from"
    // both case markers of "facilities" and the agency a compound of it.
    let misparse = |first_case: Upos| {
        vec![
            token("expel", Upos::Verb, None, Deprel::Root),
            token("inspector", Upos::Noun, Some(0), Deprel::Obj),
            token("of", first_case, Some(8), Deprel::Case),
            token("the", Upos::Det, Some(8), Deprel::Det),
            token("Atomic", Upos::Propn, Some(8), Deprel::Compound),
            token("Agency", Upos::Propn, Some(4), Deprel::Flat),
            token("from", Upos::Adp, Some(8), Deprel::Case),
            token("nuclear", Upos::Adj, Some(8), Deprel::Amod),
            token("facility", Upos::Noun, Some(1), Deprel::Nmod),
        ]
    };
    let mut parse = misparse(Upos::Adp);
    assert_eq!(stacked_case_markers(&mut parse), 1);
    assert_eq!((parse[4].head, parse[4].deprel), (Some(1), Deprel::Nmod));
    assert_eq!(parse[2].head, Some(4));
    assert_eq!(parse[3].head, Some(4));
    assert_eq!((parse[6].head, parse[6].deprel), (Some(8), Deprel::Case));
    assert_eq!(stacked_case_markers(&mut parse), 0, "a repaired parse has nothing left to split");
    // One preposition of its own, or a first marker that is no preposition: left alone.
    let mut parse = misparse(Upos::Part);
    assert_eq!(stacked_case_markers(&mut parse), 0);
    assert_eq!(parse[4].head, Some(8));
}

#[test]
fn a_bare_base_form_after_stopping_is_the_object() {
    // "Workers stopped work on Monday", with "work" read as a verb completing "stopped".
    let mut parse = vec![
        token("worker", Upos::Noun, Some(1), Deprel::Nsubj),
        token("stop", Upos::Verb, None, Deprel::Root),
        token("work", Upos::Verb, Some(1), Deprel::Xcomp),
        token("on", Upos::Adp, Some(4), Deprel::Case),
        token("Monday", Upos::Propn, Some(2), Deprel::Obl),
    ];
    parse[2].xpos = "VB";
    assert_eq!(bare_infinitive_objects(&mut parse), 1);
    assert_eq!((parse[2].upos, parse[2].deprel), (Upos::Noun, Deprel::Obj));
    assert_eq!(parse[4].head, Some(1));
    // "stopped to work" and "helped build" keep their verbs.
    let mut parse = vec![
        token("worker", Upos::Noun, Some(1), Deprel::Nsubj),
        token("stop", Upos::Verb, None, Deprel::Root),
        token("to", Upos::Part, Some(3), Deprel::Mark),
        token("work", Upos::Verb, Some(1), Deprel::Xcomp),
    ];
    parse[3].xpos = "VB";
    assert_eq!(bare_infinitive_objects(&mut parse), 0);
    let mut parse = vec![
        token("they", Upos::Pron, Some(1), Deprel::Nsubj),
        token("help", Upos::Verb, None, Deprel::Root),
        token("build", Upos::Verb, Some(1), Deprel::Xcomp),
        token("road", Upos::Noun, Some(2), Deprel::Obj),
    ];
    parse[2].xpos = "VB";
    assert_eq!(bare_infinitive_objects(&mut parse), 0);
}

#[test]
fn an_adjective_in_ing_before_a_name_modifies_it() {
    for (sentence, word, noun) in [
        ("Russia sent troops to neighbouring Kazakhstan .", "neighbouring", "Kazakhstan"),
        ("Syria will withdraw its troops from neighboring Lebanon .", "neighboring", "Lebanon"),
    ] {
        let (words, parse) = parse_news(sentence);
        assert_eq!(head_and_relation(&words, &parse, word), (Some(noun.to_owned()), Deprel::Amod), "{sentence}");
    }
    // A gerund after a verb that takes one keeps its object.
    let (words, parse) = parse("The army began striking targets .");
    assert!(prenominal_gerunds(&words, &parse).is_empty());
}

#[test]
fn the_that_clause_of_a_demand_goes_to_the_demand() {
    for (sentence, clause, noun) in [
        (
            "The International Labor Office reiterated its demand today that Israel ease restrictions on Palestinian workers .",
            "ease",
            "demand",
        ),
        ("The government accepted demands from Shona rebels that it initiate political reforms .", "initiate", "demands"),
    ] {
        let (words, parse) = parse_news(sentence);
        assert_eq!(head_and_relation(&words, &parse, clause), (Some(noun.to_owned()), Deprel::Acl), "{sentence}");
    }
    // A relative clause with "that" as its subject stays where it is.
    let (words, parse) = parse_news("Russia rejected the demands that came from NATO .");
    assert_ne!(head_and_relation(&words, &parse, "came").1, Deprel::Acl);
}
