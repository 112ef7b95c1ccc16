//! Integration tests for grip-peer: dictionaries, coders and the peers' suites.

mod dictionaries;
mod petrarch;
mod suites;
mod tabari;

use std::time::{Duration, Instant};

use grip_peer::{DayNumber, PeerError};

/// A date in any format the peers' files use.
fn day(s: &str) -> DayNumber {
    DayNumber::parse_any(s).expect("date")
}

/// The (source, target, code) triples of a coding, sorted.
fn triples(coded: &grip_peer::Coded) -> Vec<(String, String, String)> {
    let mut t: Vec<_> = coded.events.iter().map(|e| (e.source.clone(), e.target.clone(), e.code.clone())).collect();
    t.sort();
    t
}

/// One expected triple.
fn t(s: &str, g: &str, c: &str) -> (String, String, String) {
    (s.to_string(), g.to_string(), c.to_string())
}

/// The file, line and reason of a parse error; panics on anything else.
fn parse_error(result: Result<(), PeerError>) -> (String, usize, String) {
    match result {
        Err(PeerError::Parse { file, line, reason }) => (file, line, reason),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

/// Runs `f`, failing if it takes more than 5 s (a hang or a blow-up, not a benchmark).
fn quickly<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < Duration::from_secs(5), "{what} took {:?}", start.elapsed());
    out
}
