//! TABARI dictionaries (each file type, malformed lines), coding with tiny inline dictionaries,
//! and pathological input.

use grip_peer::tabari::{TabariCoder, TabariDictionaries, TabariOptions, TabariProject};
use grip_peer::{PeerError, Problem};

use crate::{day, parse_error, quickly, t, triples};

const ACTORS: &str = "\
<NOUN>
SHEEP
</NOUN>
ARNOR_ [ARN] ; a comment
GONDOR_ [GON]
+MINAS_TIRITH_
GOLLUM_ [HOB <950601] [HOBGOV 950601-990815] [HOBREB]
LORIEN_ [ELR/GAL]
";

const AGENTS: &str = "SOLDIER [~MIL]\nPOLICE_ [~COP]\nMSF_ [NGO~]\n";

const VERBS: &str = "\
<SYNSETS>
&TIES
+DIPLOMATIC_TIES
+RELATIONS_
</SYNSETS>
RESTORE [060]
- * &TIES [064]
- + WAS * BY $ [0831]
ACCUSE [112]
- * { OF | FOR } CORRUPTION [1121]
- * BRIBERY [1122]
MEET [031:032]
MET [031:032]
";

fn dictionaries() -> TabariDictionaries {
    let mut d = TabariDictionaries::new();
    d.read_actors("toy.actors", ACTORS).expect("actors");
    d.read_verbs("toy.verbs", VERBS).expect("verbs");
    d.read_agents("toy.agents", AGENTS).expect("agents");
    d
}

#[test]
fn codes_raw_text_end_to_end() {
    let d = dictionaries();
    let mut coder = TabariCoder::new(&d, TabariOptions::default());
    let on = day("20000101");
    let text = "Arnor restored diplomatic ties with Gondor on Tuesday.";
    let coded = coder.code_text(on, text);
    assert_eq!(triples(&coded), vec![t("ARN", "GON", "064")]);
    let event = &coded.events[0];
    assert!(event.rule.starts_with("tabari:toy.verbs:"), "{}", event.rule);
    assert_eq!(&text[usize::from(event.verb.start())..usize::from(event.verb.end())], "restored");
    assert_eq!(event.to_grip_event().map(|e| e.code.as_str().to_string()).as_deref(), Some("064"));

    let coded = coder.code_text(on, "The city of Gondor was restored by Arnor on Monday.");
    assert_eq!(triples(&coded), vec![t("ARN", "GON", "0831")]);
    // (As in TABARI, a match with `{a|b}` alternatives ends only at a later, shorter pattern;
    // were it the verb's last pattern, the verb's own code would be added too.)
    let coded = coder.code_text(on, "Arnor accused the Minas Tirith police of corruption.");
    assert_eq!(triples(&coded), vec![t("ARN", "GONCOP", "1121")]);
    // Date restrictions, a coded compound (`ELR/GAL`) and a paired code.
    let coded = coder.code_text(day("950101"), "Gollum met Lorien in the forest near the river on Monday.");
    assert_eq!(
        triples(&coded),
        vec![t("ELR", "HOB", "032"), t("GAL", "HOB", "032"), t("HOB", "ELR", "031"), t("HOB", "GAL", "031")]
    );
    let coded = coder.code_text(day("20050101"), "Gollum met Arnor in the forest near the river on Monday.");
    assert_eq!(triples(&coded), vec![t("ARN", "HOBREB", "032"), t("HOBREB", "ARN", "031")]);
    let coded = coder.code_text(on, "Arnor did not restore relations with Gondor.");
    assert!(coded.events.iter().all(|e| e.negated), "{coded:?}");
}

#[test]
fn options_project_and_malformed_lines() {
    let options =
        TabariOptions::parse("toy.options", "// comment\nSET: CODE ALL\nCOMPLEX: VERBS[5] CONJ[4]\n").expect("options");
    let mut coder_options = options.clone();
    assert!(coder_options.apply("ZZZ: THING").is_err());
    let project = TabariProject::parse(
        "toy.project",
        "<actorsfile> toy.actors\n<verbsfile> toy.verbs\n<agentsfile> toy.agents\n<optionsfile> toy.options\n",
    )
    .expect("project");
    assert_eq!(project.actors, vec!["toy.actors"]);
    let files =
        [("toy.actors", ACTORS), ("toy.verbs", VERBS), ("toy.agents", AGENTS), ("toy.options", "SET: CODE ALL\n")];
    let (d, _) = TabariDictionaries::from_project(&project, &files).expect("from project");
    assert_eq!(d.n_patterns(), 4);
    assert!(d.n_roots() > 10);
    assert!(matches!(TabariDictionaries::from_project(&project, &files[..2]), Err(PeerError::Missing { .. })));

    let (file, line, reason) =
        parse_error(TabariDictionaries::new().read_actors("bad.actors", "ARNOR_ [ARN]\nGONDOR_ [GON\n"));
    assert_eq!((file.as_str(), line), ("bad.actors", 2));
    assert!(reason.contains(']'), "{reason}");
    let (_, line, _) = parse_error(TabariDictionaries::new().read_actors("bad.actors", "+SYNONYM\n"));
    assert_eq!(line, 1);
    let (_, line, _) = parse_error(TabariDictionaries::new().read_actors("bad.actors", "GOLLUM_ [HOB <95x601]\n"));
    assert_eq!(line, 1);
    let (_, line, reason) =
        parse_error(TabariDictionaries::new().read_agents("bad.agents", "SOLDIER [~MIL]\nPOLICE [COP]\n"));
    assert_eq!(line, 2);
    assert!(reason.contains('~'), "{reason}");
    let (_, line, _) =
        parse_error(TabariDictionaries::new().read_verbs("bad.verbs", "RESTORE [060]\n- * &NOPE [064]\n"));
    assert_eq!(line, 2);
    let (_, line, _) = parse_error(TabariDictionaries::new().read_verbs("bad.verbs", "RESTORE [060]\n- * TIES [064\n"));
    assert_eq!(line, 2);
    let err = TabariOptions::parse("bad.options", "SET: CODE ALL\nFROBNICATE\n").map(|_| ()).expect_err("bad option");
    assert!(err.to_string().starts_with("bad.options:2:"), "{err}");
}

#[test]
fn pathological_input_finishes_quickly() {
    let d = dictionaries();
    let mut coder = TabariCoder::new(&d, TabariOptions::default());
    let on = day("20000101");
    let words: Vec<&str> =
        ["Arnor", "and", "Gondor", "restored", "ties", ",", "met", "Gollum", "and", "Lorien", "soldiers"]
            .iter()
            .cycle()
            .take(300)
            .copied()
            .collect();
    quickly("300 tokens", || coder.code_text(on, &words.join(" ")));
    let no_verbs = quickly("no verbs", || coder.code_text(on, "Arnor , Gondor and Lorien near Minas Tirith ."));
    assert!(no_verbs.events.is_empty());
    let punct = quickly("punctuation", || coder.code_text(on, "!!! ... ,,, ;;; ??? --- ((( )))"));
    assert!(punct.events.is_empty());
    assert!(matches!(punct.problem, Some(Problem::InputError(_) | Problem::NoEvents)), "{punct:?}");
    assert!(quickly("empty", || coder.code_text(on, "")).events.is_empty());
}
