//! Recognising a user's dictionary directory and coding documents with it.

use grip_peer::{DayNumber, PeerDictionaries};

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect()
}

const TEXT: &str =
    "Officials said nothing on Monday. Arnor restored diplomatic ties with Gondor on Tuesday after a long break.";

#[test]
fn recognises_tabari_files_and_codes_documents() {
    let dir = files(&[
        ("toy.actors", "ARNOR_ [ARN]\nGONDOR_ [GON]\n"),
        ("toy.verbs", "RESTORE [064]\n"),
        ("notes.txt", "not a dictionary"),
    ]);
    let dictionaries = PeerDictionaries::from_files(&dir).expect("tabari set");
    assert_eq!(dictionaries.kind(), "tabari");
    let events = dictionaries.code_document(DayNumber::parse_any("20000101").expect("date"), TEXT);
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event.triple(), ("ARN", "GON", "064"));
    assert_eq!(&TEXT[usize::from(event.verb.start())..usize::from(event.verb.end())], "restored");
    assert!(usize::from(event.sentence.start()) > 0, "ranges are document offsets");
    let grip = event.to_grip_event().expect("064 is CAMEO");
    assert_eq!(grip.rule, event.rule);
}

#[test]
fn recognises_petrarch_files() {
    let dir = files(&[
        ("Toy.actors.txt", "ARNOR [ARN]\nGONDOR [GON]\n"),
        ("Toy.agents.txt", "MINISTER [~GOV]\nBROKEN [LINE\n"),
        ("Toy.verbs.txt", "--- RESTORE [064] ---\nRESTORE\n"),
    ]);
    let dictionaries = PeerDictionaries::from_files(&dir).expect("petrarch set");
    assert_eq!(dictionaries.kind(), "petrarch");
    assert_eq!(dictionaries.skipped().len(), 1, "malformed lines are skipped and reported");
    assert_eq!(dictionaries.skipped()[0].to_string(), "Toy.agents.txt:2: missing right bracket ]");
    let events = dictionaries.code_document(DayNumber::parse_any("20000101").expect("date"), TEXT);
    let triples: Vec<_> = events.iter().map(|e| e.triple()).collect();
    assert_eq!(triples, vec![("ARN", "GON", "064")]);

    let config = files(&[
        ("PETR_config.ini", "[Dictionaries]\nverbfile_name = A.verbs.txt\nactorfile_list = Toy.actors.txt\n[Options]\nrequire_dyad = false\n"),
        ("A.verbs.txt", "--- RESTORE [064] ---\nRESTORE\n"),
        ("B.verbs.txt", "--- X [1] ---\nX\n"),
        ("Toy.actors.txt", "ARNOR [ARN]\nMORDOR [---]\n"),
    ]);
    let dictionaries = PeerDictionaries::from_files(&config).expect("config picks the verbs file");
    let events =
        dictionaries.code_document(DayNumber::parse_any("20000101").expect("date"), "Arnor restored ties with Mordor.");
    assert_eq!(events.iter().map(|e| e.triple()).collect::<Vec<_>>(), vec![("ARN", "---", "064")], "require_dyad off");

    let ambiguous = files(&[("A.verbs.txt", ""), ("B.verbs.txt", "")]);
    assert!(PeerDictionaries::from_files(&ambiguous).is_err());
    assert!(PeerDictionaries::from_files(&files(&[("readme.md", "hello")])).is_err());
}
