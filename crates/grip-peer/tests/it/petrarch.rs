//! PETRARCH dictionaries (each syntax, malformed lines), coding with tiny inline dictionaries,
//! and pathological input.

use grip_peer::petrarch::{PetrarchCoder, PetrarchConfig, PetrarchDictionaries, PetrarchOptions};
use grip_peer::Problem;

use crate::{day, parse_error, quickly, t, triples};

const ACTORS: &str = "\
<!-- toy actors -->
ARNOR [ARN]   # a comment
GONDOR [GON]
+MINAS_TIRITH
THE_SHIRE [FRO/BIL]
GOLLUM
+SMEAGOL
\t[HOB <950601]
\t[HOBGOV 19950601-19990815]
\t[HOBREB >990816]
";

const AGENTS: &str = "\
!PERSON! = MAN, MEN
SOLDIER [~MIL]
POLICE {} [~COP]
MSF {} [NGO~]
CONGRESS!PERSON! [~LEG]
GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]
";

const VERBS: &str = "\
&TIES
+DIPLOMATIC_TIES
+RELATIONS

--- RESTORE [060] ---
RESTORE
- * &TIES [064]
- + WAS * BY $ [0831]

--- BREAK [171] ---
BREAK {BROKE BROKEN}
+BREAK_OFF {+BREAKS_OFF +BROKE_OFF +BROKEN_OFF} [161]
- * &TIES [172]

--- MEET [031:032] ---
MEET {MEETS MET MEETING}
";

const DISCARDS: &str = "+WORLD CUP\nBASEBALL\n";

fn dictionaries() -> PetrarchDictionaries {
    let mut d = PetrarchDictionaries::new();
    d.read_actors("toy.actors.txt", ACTORS).expect("actors");
    d.read_agents("toy.agents.txt", AGENTS).expect("agents");
    d.read_verbs("toy.verbs.txt", VERBS).expect("verbs");
    d.read_discards("toy.discards.txt", DISCARDS).expect("discards");
    d
}

#[test]
fn actors_synonyms_and_date_restrictions() {
    let d = dictionaries();
    assert_eq!(d.noun_phrase_code(&["Arnor"], day("20000101")).as_deref(), Some("ARN"));
    assert_eq!(d.noun_phrase_code(&["the", "Minas", "Tirith", "garrison"], day("20000101")).as_deref(), Some("GON"));
    assert_eq!(d.noun_phrase_code(&["Minas", "X", "Tirith"], day("20000101")), None, "`_` needs adjacent words");
    assert_eq!(d.noun_phrase_code(&["Smeagol"], day("950101")).as_deref(), Some("HOB"));
    assert_eq!(d.noun_phrase_code(&["Gollum"], day("19970101")).as_deref(), Some("HOBGOV"));
    assert_eq!(d.noun_phrase_code(&["Gollum"], day("20050101")).as_deref(), Some("HOBREB"));
}

#[test]
fn agents_plurals_prefixes_and_substitution_sets() {
    let d = dictionaries();
    let on = day("20000101");
    assert_eq!(d.noun_phrase_code(&["soldiers", "from", "Gondor"], on).as_deref(), Some("GONMIL"));
    assert_eq!(d.noun_phrase_code(&["MSF", "Arnor"], on).as_deref(), Some("NGOARN"));
    assert_eq!(d.noun_phrase_code(&["congressmen"], on).as_deref(), Some("---LEG"));
    assert_eq!(d.noun_phrase_code(&["Gondor", "golden", "geese"], on).as_deref(), Some("GONGGS"));
    assert_eq!(d.noun_phrase_code(&["Gondor", "polices"], on).as_deref(), Some("GON"), "{{}} blocks the plural");
    assert_eq!(
        d.noun_phrase_code(&["Gondor", "police", "police"], on).as_deref(),
        Some("GONCOP"),
        "no duplicate agent"
    );
}

#[test]
fn malformed_lines_name_file_and_line() {
    let (file, line, reason) =
        parse_error(PetrarchDictionaries::new().read_actors("bad.actors.txt", "ARNOR [ARN]\nGONDOR [GON\n"));
    assert_eq!((file.as_str(), line), ("bad.actors.txt", 2));
    assert!(reason.contains(']'), "{reason}");
    let (_, line, reason) =
        parse_error(PetrarchDictionaries::new().read_actors("a.txt", "GOLLUM\n\t[HOB 990101-950101]\n"));
    assert_eq!(line, 2);
    assert!(reason.contains("end date"), "{reason}");
    let (_, line, _) = parse_error(PetrarchDictionaries::new().read_actors("a.txt", "\n\n+SYNONYM_FIRST\n"));
    assert_eq!(line, 3);
    let (_, line, reason) = parse_error(PetrarchDictionaries::new().read_agents("g.txt", "# c\nSOLDIER [MIL]\n"));
    assert_eq!(line, 2);
    assert!(reason.contains('~'), "{reason}");
    let (_, line, reason) = parse_error(PetrarchDictionaries::new().read_agents("g.txt", "CONGRESS!X! [~LEG]\n"));
    assert_eq!(line, 1);
    assert!(reason.contains("!X!"), "{reason}");
    let (_, line, reason) = parse_error(PetrarchDictionaries::new().read_verbs("v.txt", "- * TIES [064]\n"));
    assert_eq!(line, 1);
    assert!(reason.contains("block"), "{reason}");
    let (_, line, reason) =
        parse_error(PetrarchDictionaries::new().read_verbs("v.txt", "--- R [1] ---\nR\n- TIES [064]\n"));
    assert_eq!(line, 3);
    assert!(reason.contains('*'), "{reason}");
    let (_, line, reason) =
        parse_error(PetrarchDictionaries::new().read_verbs("v.txt", "--- R [1] ---\nR\n\n- * &NOPE [064]\n"));
    assert_eq!(line, 4);
    assert!(reason.contains("&NOPE"), "{reason}");
    let err = PetrarchDictionaries::new().read_verbs("v.txt", "--- R [1] ---\nR\n- * X [064\n").expect_err("bad");
    assert_eq!(err.to_string(), "v.txt:3: missing right bracket ]");
    let (_, line, _) =
        parse_error(PetrarchConfig::parse("PETR_config.ini", "[Options]\nrequire_dyad = maybe\n").map(|_| ()));
    assert_eq!(line, 2);
}

#[test]
fn lenient_sets_skip_malformed_lines_and_keep_them() {
    let mut d = PetrarchDictionaries::lenient();
    d.read_actors("a.txt", "ARNOR [ARN]\nGONDOR [GON\nROHAN [ROH]\n").expect("lenient");
    assert_eq!(d.skipped().len(), 1);
    assert!(d.skipped()[0].to_string().starts_with("a.txt:2:"));
    assert_eq!(d.noun_phrase_code(&["Rohan"], day("20000101")).as_deref(), Some("ROH"));
}

#[test]
fn config_file_names_dictionaries_and_options() {
    let config = PetrarchConfig::parse(
        "PETR_config.ini",
        "[Dictionaries]\nverbfile_name = v.txt\nactorfile_list = a.txt, b.txt\n  c.txt\n[Options]\nnew_actor_length = 4\nrequire_dyad = False\ncomma_max = 0\n",
    )
    .expect("config");
    assert_eq!(config.verbs.as_deref(), Some("v.txt"));
    assert_eq!(config.actors, vec!["a.txt", "b.txt", "c.txt"]);
    assert_eq!(config.options.new_actor_length, 4);
    assert!(!config.options.require_dyad);
    assert_eq!(config.options.comma_max, 0);
}

const RESTORE_PARSE: &str = "(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP (JJ diplomatic) (NNS ties)) \
     (PP (IN with) (NP (NNP Gondor)))) (. .)))";

#[test]
fn codes_a_parse_end_to_end() {
    let d = dictionaries();
    let coder = PetrarchCoder::new(&d, PetrarchOptions::default());
    let coded = coder.code_parse(day("20000101"), "Arnor restored diplomatic ties with Gondor.", RESTORE_PARSE);
    assert_eq!(triples(&coded), vec![t("ARN", "GON", "064")]);
    let event = &coded.events[0];
    assert!(event.rule.starts_with("petrarch:toy.verbs.txt:"), "{}", event.rule);
    assert_eq!(
        &"Arnor restored diplomatic ties with Gondor."[usize::from(event.verb.start())..usize::from(event.verb.end())],
        "restored"
    );
    assert!(!event.negated);
    assert_eq!(event.to_grip_event().map(|e| e.code.as_str().to_string()).as_deref(), Some("064"));

    // A compound source and a symmetric code.
    let parse = "(ROOT (S (NP (NNP Arnor) (CC and) (NNP Gondor)) (VP (VBD met) (NP (NNP Smeagol))) (. .)))";
    let coded = coder.code_parse(day("20000101"), "Arnor and Gondor met Smeagol.", parse);
    assert_eq!(
        triples(&coded),
        vec![
            t("ARN", "HOBREB", "031"),
            t("GON", "HOBREB", "031"),
            t("HOBREB", "ARN", "032"),
            t("HOBREB", "GON", "032")
        ]
    );

    // Passive voice: `+ WAS * BY $`.
    let parse = "(ROOT (S (NP (NNP Gondor)) (VP (VBD was) (VP (VBN restored) (PP (IN by) (NP (NNP Arnor))))) (. .)))";
    let coded = coder.code_parse(day("20000101"), "Gondor was restored by Arnor.", parse);
    assert_eq!(triples(&coded), vec![t("GON", "ARN", "0831")], "pattern sets both, passive swaps");

    // Multi-word verb.
    let parse = "(ROOT (S (NP (NNP Arnor)) (VP (VBD broke) (PRT (RP off)) (NP (NNS talks)) \
                 (PP (IN with) (NP (NNP Gondor)))) (. .)))";
    let coded = coder.code_parse(day("20000101"), "Arnor broke off talks with Gondor.", parse);
    assert_eq!(triples(&coded), vec![t("ARN", "GON", "161")], "the multi-word verb's own code");
    let parse =
        "(ROOT (S (NP (NNP Arnor)) (VP (VBD broke) (NP (NNS relations)) (PP (IN with) (NP (NNP Gondor)))) (. .)))";
    let coded = coder.code_parse(day("20000101"), "Arnor broke relations with Gondor.", parse);
    assert_eq!(triples(&coded), vec![t("ARN", "GON", "172")], "the block's pattern");
}

#[test]
fn options_and_problems() {
    let d = dictionaries();
    let mut coder = PetrarchCoder::new(&d, PetrarchOptions::default());
    let parse = "(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP (DT the) (NN bridge))) (. .)))";
    assert!(coder.code_parse(day("20000101"), "Arnor restored the bridge.", parse).events.is_empty(), "require_dyad");
    coder.set_option("require_dyad", "false").expect("option");
    assert_eq!(
        triples(&coder.code_parse(day("20000101"), "Arnor restored the bridge.", parse)),
        vec![t("ARN", "---", "060")]
    );
    coder.set_option("new_actor_length", "3").expect("option");
    assert_eq!(
        triples(&coder.code_parse(day("20000101"), "Arnor restored the bridge.", parse)),
        vec![t("ARN", "\"THE BRIDGE\"", "060")]
    );
    assert!(coder.set_option("no_such_option", "1").is_err());

    let coded = coder.code_parse(day("20000101"), "Arnor restored the World Cup.", RESTORE_PARSE);
    assert_eq!(coded.problem, Some(Problem::StoryDiscard));
    let coded = coder.code_parse(day("20000101"), "Arnor restored baseball ties.", RESTORE_PARSE);
    assert_eq!(coded.problem, Some(Problem::SentenceDiscard));
    let coded =
        coder.code_parse(day("20000101"), "Arnor restored ties.", "(ROOT (S (NP (NNP Arnor)) (VP (VBD restored)))");
    assert_eq!(coded.problem, Some(Problem::ParseError("bad_input_parse".into())));
}

#[test]
fn raw_text_uses_a_shallow_parse() {
    let d = dictionaries();
    let coder = PetrarchCoder::new(&d, PetrarchOptions::default());
    let coded = coder.code_text(day("20000101"), "Arnor restored diplomatic ties with Gondor.");
    assert_eq!(triples(&coded), vec![t("ARN", "GON", "064")]);
    let coded = coder.code_text(day("20000101"), "Arnor did not restore relations with the Gondor police.");
    assert_eq!(triples(&coded), vec![t("ARN", "GONCOP", "064")]);
    assert!(coded.events[0].negated);
    assert_eq!(coded.events[0].to_grip_event().map(|e| e.modality), Some(grip_model::Modality::Negated));
}

#[test]
fn pathological_input_finishes_quickly() {
    let d = dictionaries();
    let coder = PetrarchCoder::new(&d, PetrarchOptions::default());
    let on = day("20000101");
    // 300 tokens, mixing actors, verbs, commas and conjunctions.
    let words: Vec<&str> =
        ["Arnor", "and", "Gondor", "restored", "ties", ",", "broke", "off", "relations", "with", "Smeagol"]
            .iter()
            .cycle()
            .take(300)
            .copied()
            .collect();
    let text = words.join(" ");
    quickly("300-token text", || coder.code_text(on, &text));
    let leaves: String =
        words.iter().map(|w| if *w == "," { "(, ,) ".to_string() } else { format!("(NNP {w}) ") }).collect();
    let flat =
        format!("(ROOT (S (NP (NNP Arnor)) (VP (VBD restored) (NP {leaves}) (CC and) (NP (NNP Gondor))) (. .)))");
    quickly("300-token flat parse", || coder.code_parse(on, &text, &flat));
    let deep = format!(
        "(ROOT (S {} (NNP Gondor) {} (. .)))",
        "(VP (VBD restored) (NP (NNP Arnor)) ".repeat(300),
        ") ".repeat(600)
    );
    quickly("300-deep parse", || coder.code_parse(on, &text, &deep));
    assert!(quickly("no verbs", || coder.code_text(on, "Arnor , Gondor and the Shire near Minas Tirith ."))
        .events
        .is_empty());
    assert!(quickly("punctuation", || coder.code_text(on, "!!! ... ,,, ;;; ??? --- ((( )))")).events.is_empty());
    assert!(quickly("punctuation parse", || coder.code_parse(on, "...", "(ROOT (. .))")).events.is_empty());
    assert!(quickly("empty", || coder.code_parse(on, "", "")).events.is_empty());
    quickly("garbage parse", || coder.code_parse(on, "x", "((((( ))))) (VP (VB"));
}
