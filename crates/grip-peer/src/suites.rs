//! The peers' validation suites as library functions: TABARI's `Validate.text`
//! ([`tabari_validate`]) and PETRARCH's `PETR.UnitTest.records.xml`
//! ([`petrarch_unit_tests`]), scored the same way.
//!
//! ## Scoring
//! A record is *exactly right* when the set of coded `(source, target, code)` triples equals
//! the gold set; for a no-event record (`{---}`, `noevents`) when nothing is coded; for a
//! discard (`{###}`, `sentencediscard`, `storydiscard`) or complex (`{+++}`) record when the
//! coder reports that problem; for a PETRARCH error record when the coder rejects the record
//! with the same error kind.
//!
//! Precision, recall and F1 are micro-averaged over the triples of all scored records (sets per
//! record).
//!
//! ## TABARI known failures
//! A TABARI expectation block written `-{...}` means "not expected to work": TABARI's own
//! validator stops checking at the first such block. Records whose *first* block is `-{` are
//! therefore not scored (`n_skipped`). In records where normal blocks precede a `-{` block, the
//! normal blocks are required and further coded events are allowed (they count neither as exact
//! failures nor as false positives). Records from `FINAL-01` on (debugging records that, in the
//! suite's words, "require other .options settings, or crash the program") are not scored, nor
//! are `{ OPTION: ... }` records, which only change options (they are applied).
//!
//! ## PETRARCH records
//! All 284 `<Sentence>` records are coded in file order, with the `<Config>` elements between
//! them changing options as they come. Records marked `sentence="false"` are the ones whose
//! comments say the feature is "currently not implemented" in PETRARCH (or caused trouble there);
//! like TABARI's `-{` records they are not scored (`n_skipped`). A record without
//! `<EventCoding>` expects no events. Error records (`error="dateline"`, `bad_input_parse`,
//! `sentencediscard`, `storydiscard`) are exact when the coder rejects the record for that
//! reason. The records are coded from their `<Parse>` (the `<Text>` is used for discards and
//! evidence ranges).

use std::collections::BTreeSet;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::date::DayNumber;
use crate::event::{Coded, Problem};
use crate::petrarch::{PetrarchCoder, PetrarchDictionaries, PetrarchOptions};
use crate::tabari::{TabariCoder, TabariDictionaries, TabariOptions};
use crate::PeerError;

/// A `(source, target, code)` triple.
pub type Triple = (String, String, String);

/// What a record is expected to produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gold {
    /// These events; `complete` is false when the suite marks the list as known-incomplete.
    Events {
        /// The expected triples.
        events: BTreeSet<Triple>,
        /// Whether extra coded events make the record wrong.
        complete: bool,
    },
    /// No event.
    NoEvents,
    /// A discard.
    Discard,
    /// A complexity rejection.
    Complex,
    /// A PETRARCH error kind (`dateline`, `bad_input_parse`, `sentencediscard`, `storydiscard`).
    Error(String),
}

/// One record that was not exactly right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFailure {
    /// The record id (`DEMO-05`).
    pub id: String,
    /// What the suite expects.
    pub expected: Gold,
    /// What was coded.
    pub coded: BTreeSet<Triple>,
    /// The problem the coder reported, if any.
    pub problem: Option<String>,
}

/// The result of running a suite.
#[derive(Debug, Clone, PartialEq)]
pub struct SuiteReport {
    /// The suite's name.
    pub suite: String,
    /// Records scored.
    pub n_records: usize,
    /// Records exactly right.
    pub n_exact: usize,
    /// Records not scored (known-failure expectations, option records, records after the
    /// suite's terminator).
    pub n_skipped: usize,
    /// Gold triples in scored records.
    pub n_gold: usize,
    /// Coded triples counted (extras in known-incomplete records are not counted).
    pub n_coded: usize,
    /// Coded triples that are gold.
    pub n_correct: usize,
    /// `n_correct / n_coded`.
    pub precision: f64,
    /// `n_correct / n_gold`.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Details of the records that were not exactly right.
    pub failures: Vec<RecordFailure>,
}

impl SuiteReport {
    fn new(suite: &str) -> SuiteReport {
        SuiteReport {
            suite: suite.to_string(),
            n_records: 0,
            n_exact: 0,
            n_skipped: 0,
            n_gold: 0,
            n_coded: 0,
            n_correct: 0,
            precision: 0.0,
            recall: 0.0,
            f1: 0.0,
            failures: Vec::new(),
        }
    }

    /// Share of scored records that are exactly right.
    pub fn exact_rate(&self) -> f64 {
        if self.n_records == 0 {
            0.0
        } else {
            self.n_exact as f64 / self.n_records as f64
        }
    }

    fn score(&mut self, id: &str, gold: Gold, coded: &Coded, problem_matches: impl Fn(&Gold, &Problem) -> bool) {
        self.n_records += 1;
        let triples: BTreeSet<Triple> =
            coded.events.iter().map(|e| (e.source.clone(), e.target.clone(), e.code.clone())).collect();
        let exact = match (&gold, &coded.problem) {
            (Gold::Events { events, complete }, None) => {
                let correct = triples.intersection(events).count();
                self.n_gold += events.len();
                self.n_correct += correct;
                self.n_coded += if *complete { triples.len() } else { correct };
                if *complete {
                    &triples == events
                } else {
                    events.is_subset(&triples)
                }
            }
            (Gold::Events { events, .. }, Some(_)) => {
                self.n_gold += events.len();
                false
            }
            (Gold::NoEvents, None) => {
                self.n_coded += triples.len();
                triples.is_empty()
            }
            (_, None) => {
                self.n_coded += triples.len();
                false
            }
            (gold, Some(problem)) => problem_matches(gold, problem),
        };
        if exact {
            self.n_exact += 1;
        } else {
            self.failures.push(RecordFailure {
                id: id.to_string(),
                expected: gold,
                coded: triples,
                problem: coded.problem.as_ref().map(|p| match p {
                    Problem::Complex(reason) | Problem::InputError(reason) => format!("{}: {reason}", p.as_str()),
                    other => other.as_str().to_string(),
                }),
            });
        }
    }

    fn finish(mut self) -> SuiteReport {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.n_correct, self.n_coded);
        self.recall = ratio(self.n_correct, self.n_gold);
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
        self
    }
}

/// One record of a TABARI text file: the header line and the text lines up to a blank line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabariRecord {
    /// The first line: date and record id.
    pub header: String,
    /// The record text, lines joined with blanks and truncated as TABARI does.
    pub text: String,
    /// The 1-based line number of the header.
    pub line: usize,
}

impl TabariRecord {
    /// The record id: the header after the date.
    pub fn id(&self) -> &str {
        self.header.trim_start_matches(|c: char| c.is_ascii_digit()).trim()
    }
}

/// TABARI's longest record text; longer records are cut and marked.
const MAX_SENTENCE: usize = 2048;

/// Splits a TABARI text file into records: a record starts at a line beginning with a digit
/// and ends at an empty line.
pub fn tabari_records(text: &str) -> Vec<TabariRecord> {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let mut records = Vec::new();
    let mut idx = 0;
    while idx < lines.len() {
        if !lines[idx].starts_with(|c: char| c.is_ascii_digit()) {
            idx += 1;
            continue;
        }
        let header = lines[idx].to_string();
        let line = idx + 1;
        idx += 1;
        let mut joined = String::new();
        while idx < lines.len() && !lines[idx].is_empty() {
            joined.push_str(lines[idx]);
            if !joined.ends_with(' ') {
                joined.push(' ');
            }
            idx += 1;
        }
        if joined.len() >= MAX_SENTENCE {
            let mut cut = MAX_SENTENCE - 23;
            while !joined.is_char_boundary(cut) {
                cut -= 1;
            }
            joined.truncate(cut);
            joined.push_str(" [STORY TRUNCATED...] ");
        }
        records.push(TabariRecord { header, text: joined, line });
    }
    records
}

/// The expectation of a `Validate.text` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TabariExpectation {
    /// `{ OPTION: ... }` commands to apply after coding the record.
    Options(Vec<String>),
    /// A scored expectation.
    Gold(Gold),
    /// The first block is a known failure `-{...}`: not scored.
    KnownFailure,
    /// No `/* ... { ... } */` verification block.
    None,
}

/// Reads the verification blocks of a record as TABARI's validator does: the blocks `{...}`
/// after the first `/*`.
pub fn tabari_expectation(text: &str) -> TabariExpectation {
    let Some(comment) = text.find("/*") else { return TabariExpectation::None };
    let rest = &text[comment + 2..];
    let Some(first) = rest.find('{') else { return TabariExpectation::None };
    let rest = &rest[first..];
    if rest.contains("OPTION:") {
        let mut commands = Vec::new();
        let mut search = rest;
        while let Some(at) = search.find("OPTION:") {
            let after = &search[at + "OPTION:".len()..];
            let end = after.find('}').unwrap_or(after.len());
            commands.push(after[..end].trim().to_string());
            search = &after[end.min(after.len())..];
        }
        return TabariExpectation::Options(commands);
    }
    let bytes = text.as_bytes();
    let base = comment + 2 + first;
    let mut blocks: Vec<(bool, String)> = Vec::new();
    let mut pos = base;
    while let Some(open) = text[pos..].find('{').map(|rel| pos + rel) {
        let dashed = open > 0 && bytes[open - 1] == b'-';
        let close = text[open..].find('}').map_or(text.len(), |rel| open + rel);
        // Empty braces are prose ("found in {}"), not expectations.
        if !text[open + 1..close].trim().is_empty() {
            blocks.push((dashed, text[open + 1..close].to_string()));
        }
        pos = (close + 1).min(text.len());
        if pos >= text.len() {
            break;
        }
    }
    let Some((first_dashed, first_content)) = blocks.first() else { return TabariExpectation::None };
    if *first_dashed {
        return TabariExpectation::KnownFailure;
    }
    let head = first_content.trim();
    if head.starts_with("---") {
        return TabariExpectation::Gold(Gold::NoEvents);
    }
    if head.starts_with("###") {
        return TabariExpectation::Gold(Gold::Discard);
    }
    if head.starts_with("+++") {
        return TabariExpectation::Gold(Gold::Complex);
    }
    let mut events = BTreeSet::new();
    let mut complete = true;
    for (dashed, content) in &blocks {
        if *dashed {
            complete = false;
            break;
        }
        let fields: Vec<&str> = content.split('/').map(str::trim).collect();
        if fields.len() >= 3 {
            let code = fields[2].split_whitespace().next().unwrap_or("");
            events.insert((fields[0].to_string(), fields[1].to_string(), code.to_string()));
        }
    }
    TabariExpectation::Gold(Gold::Events { events, complete })
}

/// Runs TABARI's `Validate.text` with its dictionaries and options and scores it.
///
/// Records are coded in order (options records change the options for what follows, and
/// forwarding needs the previous record); scoring stops at `FINAL-01`.
pub fn tabari_validate(text: &str, dictionaries: &TabariDictionaries, options: TabariOptions) -> SuiteReport {
    let mut report = SuiteReport::new("TABARI Validate.text");
    let mut coder = TabariCoder::new(dictionaries, options);
    for record in tabari_records(text) {
        if record.id().starts_with("FINAL-01") {
            break;
        }
        let expectation = tabari_expectation(&record.text);
        let Some(coded) = coder.code_record(&record.header, &record.text) else {
            report.n_skipped += 1;
            continue;
        };
        match expectation {
            TabariExpectation::Options(commands) => {
                report.n_skipped += 1;
                for command in commands {
                    // An unknown command is ignored, as TABARI ignores it with a warning.
                    let _ = coder.apply_option(&command);
                }
            }
            TabariExpectation::KnownFailure | TabariExpectation::None => report.n_skipped += 1,
            TabariExpectation::Gold(gold) => report.score(record.id(), gold, &coded, |gold, problem| {
                matches!(
                    (gold, problem),
                    (Gold::NoEvents, Problem::NoEvents | Problem::InputError(_))
                        | (Gold::Discard, Problem::Discard)
                        | (Gold::Complex, Problem::Complex(_))
                )
            }),
        }
    }
    report.finish()
}

/// The `<Environment>` block of a PETRARCH validation file: the dictionaries it must be run
/// with and its `<Config>` settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PetrarchEnvironment {
    /// `<Verbfile>`.
    pub verbs: Option<String>,
    /// `<Actorfile>` (one or more).
    pub actors: Vec<String>,
    /// `<Agentfile>`.
    pub agents: Option<String>,
    /// `<Discardfile>`.
    pub discards: Option<String>,
    /// `<Config option=... value=...>` settings, in order.
    pub config: Vec<(String, String)>,
}

impl PetrarchEnvironment {
    /// Reads the dictionaries the environment names from `(name, text)` pairs.
    ///
    /// # Errors
    /// [`PeerError::Missing`] when a file is not among `files`; parse errors otherwise.
    pub fn dictionaries(&self, files: &[(&str, &str)]) -> Result<PetrarchDictionaries, PeerError> {
        let config = crate::petrarch::PetrarchConfig {
            verbs: self.verbs.clone(),
            actors: self.actors.clone(),
            agents: self.agents.clone(),
            discards: self.discards.clone(),
            issues: None,
            options: PetrarchOptions::default(),
        };
        PetrarchDictionaries::from_config(&config, files)
    }
}

/// One `<Sentence>` of a PETRARCH validation file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PetrarchRecord {
    /// `id`.
    pub id: String,
    /// `date` (`YYYYMMDD`).
    pub date: String,
    /// `category`.
    pub category: String,
    /// `sentence="false"` marks records of features PETRARCH does not implement ("currently
    /// not implemented" in the record comments); they are not scored.
    pub expected_to_work: bool,
    /// `<Text>`, whitespace-collapsed.
    pub text: String,
    /// `<Parse>`.
    pub parse: String,
    /// The `<EventCoding>` expectations (no element: no events).
    pub gold: Gold,
    /// 1-based line of the `<Sentence>` tag.
    pub line: usize,
}

/// An element of the `<Sentences>` list, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PetrarchItem {
    /// `<Config option=... value=...>`: changes an option for the records that follow.
    Config(String, String),
    /// A test record.
    Sentence(PetrarchRecord),
}

fn attributes(e: &BytesStart<'_>, name: &str, xml: &str, at: u64) -> Result<Vec<(String, String)>, PeerError> {
    let mut out = Vec::new();
    for attr in e.attributes().with_checks(false) {
        let attr = attr.map_err(|err| xml_error(name, xml, at, err.to_string()))?;
        let key = attr.key.as_ref().to_string();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| xml_error(name, xml, at, err.to_string()))?
            .to_string();
        out.push((key, value));
    }
    Ok(out)
}

fn xml_error(name: &str, xml: &str, at: u64, reason: String) -> PeerError {
    let at = (at as usize).min(xml.len());
    let line = xml.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    PeerError::parse(name, line, format!("XML: {reason}"))
}

/// Reads a PETRARCH validation file (`PETR.UnitTest.records.xml` format).
///
/// # Errors
/// [`PeerError::Parse`] (file `name`, line) for malformed XML or a `<Sentence>` without `id`
/// or `date`.
pub fn petrarch_records(name: &str, xml: &str) -> Result<(PetrarchEnvironment, Vec<PetrarchItem>), PeerError> {
    let mut reader = Reader::from_str(xml);
    let mut env = PetrarchEnvironment::default();
    let mut items = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut record: Option<PetrarchRecord> = None;
    let mut events: BTreeSet<Triple> = BTreeSet::new();
    let mut special: Option<Gold> = None;
    loop {
        let at = reader.buffer_position();
        let event =
            reader.read_event().map_err(|err| xml_error(name, xml, reader.error_position(), err.to_string()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let tag = e.name().as_ref().to_string();
                let attrs = attributes(e, name, xml, at)?;
                let get = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                match tag.as_str() {
                    "Config" => {
                        let pair = (get("option").unwrap_or_default(), get("value").unwrap_or_default());
                        if stack.iter().any(|t| t == "Environment") {
                            env.config.push(pair);
                        } else {
                            items.push(PetrarchItem::Config(pair.0, pair.1));
                        }
                    }
                    "Sentence" => {
                        let line =
                            xml.as_bytes()[..(at as usize).min(xml.len())].iter().filter(|&&b| b == b'\n').count() + 1;
                        let id = get("id").ok_or_else(|| PeerError::parse(name, line, "<Sentence> without id"))?;
                        let date =
                            get("date").ok_or_else(|| PeerError::parse(name, line, "<Sentence> without date"))?;
                        record = Some(PetrarchRecord {
                            id,
                            date,
                            category: get("category").unwrap_or_default(),
                            expected_to_work: get("sentence").is_none_or(|v| !v.eq_ignore_ascii_case("false")),
                            text: String::new(),
                            parse: String::new(),
                            gold: Gold::NoEvents,
                            line,
                        });
                        events.clear();
                        special = None;
                    }
                    "EventCoding" => {
                        if let Some(error) = get("error") {
                            special = Some(Gold::Error(error));
                        } else if get("noevents").is_some() {
                            special = Some(Gold::NoEvents);
                        } else {
                            events.insert((
                                get("sourcecode").unwrap_or_default(),
                                get("targetcode").unwrap_or_default(),
                                get("eventcode").unwrap_or_default(),
                            ));
                        }
                    }
                    _ => {}
                }
                text.clear();
                if !empty {
                    stack.push(tag);
                }
            }
            Event::End(e) => {
                let tag = e.name().as_ref().to_string();
                let inside_env = stack.iter().any(|t| t == "Environment");
                match tag.as_str() {
                    "Verbfile" if inside_env => env.verbs = Some(text.trim().to_string()),
                    "Actorfile" if inside_env => env.actors.push(text.trim().to_string()),
                    "Agentfile" if inside_env => env.agents = Some(text.trim().to_string()),
                    "Discardfile" if inside_env => env.discards = Some(text.trim().to_string()),
                    "Text" => {
                        if let Some(r) = record.as_mut() {
                            r.text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        }
                    }
                    "Parse" => {
                        if let Some(r) = record.as_mut() {
                            r.parse = text.clone();
                        }
                    }
                    "Sentence" => {
                        if let Some(mut r) = record.take() {
                            r.gold = match special.take() {
                                Some(gold) => gold,
                                None if events.is_empty() => Gold::NoEvents,
                                None => Gold::Events { events: std::mem::take(&mut events), complete: true },
                            };
                            items.push(PetrarchItem::Sentence(r));
                        }
                    }
                    _ => {}
                }
                text.clear();
                if let Some(pos) = stack.iter().rposition(|t| *t == tag) {
                    stack.truncate(pos);
                }
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t),
            Event::GeneralRef(r) => crate::io::push_xml_reference(&mut text, &r),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((env, items))
}

/// Runs PETRARCH's unit tests (`PETR.UnitTest.records.xml`) with the dictionaries its
/// `<Environment>` names and scores them.
///
/// `options` are the starting options (PETRARCH's defaults: [`PetrarchOptions::default`]);
/// `<Config>` elements change them for the records that follow. Records marked
/// `sentence="false"` (features PETRARCH itself does not implement) are coded but not scored
/// (`n_skipped`). Error records score as exact when the coder rejects the record for the same
/// reason (`dateline`, `bad_input_parse`, `sentencediscard`, `storydiscard`).
///
/// # Errors
/// [`PeerError::Parse`] for malformed XML.
pub fn petrarch_unit_tests(
    records_xml: &str,
    dictionaries: &PetrarchDictionaries,
    options: PetrarchOptions,
) -> Result<SuiteReport, PeerError> {
    let (env, items) = petrarch_records("PETR.UnitTest.records.xml", records_xml)?;
    let mut report = SuiteReport::new("PETRARCH PETR.UnitTest.records.xml");
    let mut coder = PetrarchCoder::new(dictionaries, options);
    for (option, value) in &env.config {
        // Options that do not affect coding are accepted; unknown ones are ignored, as
        // PETRARCH ignores them with a warning.
        let _ = coder.set_option(option, value);
    }
    for item in items {
        match item {
            PetrarchItem::Config(option, value) => {
                let _ = coder.set_option(&option, &value);
            }
            PetrarchItem::Sentence(record) => {
                let Some(date) = DayNumber::parse_any(&record.date) else {
                    report.n_skipped += 1;
                    continue;
                };
                let coded = coder.code_parse(date, &record.text, &record.parse);
                if !record.expected_to_work {
                    report.n_skipped += 1;
                    continue;
                }
                report.score(&record.id, record.gold, &coded, |gold, problem| match (gold, problem) {
                    (Gold::Error(kind), Problem::ParseError(found)) => kind == found,
                    (Gold::Error(kind), Problem::SentenceDiscard) => kind == "sentencediscard",
                    (Gold::Error(kind), Problem::StoryDiscard) => kind == "storydiscard",
                    _ => false,
                });
            }
        }
    }
    Ok(report.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expectations_follow_tabari_blocks() {
        let gold = tabari_expectation("x /*\\n{ ARN / GON / 064 } 950101 \\n{ GON / ARN / 033 } */");
        let TabariExpectation::Gold(Gold::Events { events, complete }) = gold else { panic!("events expected") };
        assert!(complete);
        assert_eq!(events.len(), 2);
        assert_eq!(tabari_expectation("x /* No events {---} */"), TabariExpectation::Gold(Gold::NoEvents));
        assert_eq!(tabari_expectation("x /* \\n-{ARN / GON / 064 } */"), TabariExpectation::KnownFailure);
        let partial = tabari_expectation("x /* { A / B / 1 } \\n-{ --- / --- / 000 } */");
        assert!(matches!(partial, TabariExpectation::Gold(Gold::Events { complete: false, .. })));
        assert_eq!(
            tabari_expectation("x /* \\n{ OPTION: SET: CODE ALL } */"),
            TabariExpectation::Options(vec!["SET: CODE ALL".into()])
        );
        assert_eq!(tabari_expectation("no comment"), TabariExpectation::None);
    }

    #[test]
    fn records_are_split_at_blank_lines() {
        let records = tabari_records("# header\n950101  A-1\nline one\nline two \n\n950102  B-2\nthree\n");
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].text, "line one line two ");
        assert_eq!(records[0].id(), "A-1");
        assert_eq!(records[1].line, 6);
    }
}
