//! TABARI compatibility: its dictionaries (`.actors`, `.agents`, `.verbs`, `.options`,
//! `.project`) and its shallow coder, which codes raw text without a syntactic parse.
//!
//! The coder follows TABARI 0.8's documented behaviour: text filtering, stem matching of
//! literals, longest-root assignment, noun marking by capitalization and determiners, compound
//! actors, comma-delimited subordinate clauses, clause splitting at conjunctions, pronoun
//! dereferencing (and forwarding across sentences of a story), complexity and discard filters,
//! verb patterns with `$ + % ^ & {|}`, passive voice, paired, subordinate and dominant codes.
//! Attribution (`<ATTRIB>`), issues and frequencies are read but not coded.

mod coder;
mod codes;
mod dict;
mod options;
mod parse;

pub use codes::{ActorAgent, ActorCodes, DateRestriction, EventCode, EventCodePart, TimeCode};
pub use options::{
    CodeMode, CoderOptions, ComplexityLimits, ForwardFormat, ParserOptions, TabariOptions, TabariProject,
};

use grip_model::text_range;

use crate::date::DayNumber;
use crate::event::{Coded, PeerEvent, Problem};
use crate::PeerError;

/// A set of TABARI dictionaries, read in the order TABARI reads them (actors, verbs, agents).
#[derive(Debug, Clone)]
pub struct TabariDictionaries {
    lexicon: dict::Lexicon,
}

impl Default for TabariDictionaries {
    fn default() -> TabariDictionaries {
        TabariDictionaries::new()
    }
}

impl TabariDictionaries {
    /// An empty set (with TABARI's built-in articles, conjunctions, pronouns and auxiliaries).
    pub fn new() -> TabariDictionaries {
        TabariDictionaries { lexicon: dict::Lexicon::new() }
    }

    /// Adds an `.actors` file (`name` is used in errors and rule ids).
    ///
    /// # Errors
    /// [`PeerError::Parse`] naming the file and line of a malformed entry.
    pub fn read_actors(&mut self, name: &str, text: &str) -> Result<(), PeerError> {
        self.lexicon.read_actors(name, text)
    }

    /// Adds an `.agents` file.
    ///
    /// # Errors
    /// [`PeerError::Parse`] naming the file and line of a malformed entry.
    pub fn read_agents(&mut self, name: &str, text: &str) -> Result<(), PeerError> {
        self.lexicon.read_agents(name, text)
    }

    /// Adds a `.verbs` file.
    ///
    /// # Errors
    /// [`PeerError::Parse`] naming the file and line of a malformed entry.
    pub fn read_verbs(&mut self, name: &str, text: &str) -> Result<(), PeerError> {
        self.lexicon.read_verbs(name, text)
    }

    /// Reads the dictionaries a project names from `(name, text)` pairs, in TABARI's order
    /// (actors, verbs, agents), and the options file when one is named.
    ///
    /// # Errors
    /// [`PeerError::Missing`] when a named file is not among `files`; parse errors otherwise.
    pub fn from_project(
        project: &TabariProject,
        files: &[(&str, &str)],
    ) -> Result<(TabariDictionaries, TabariOptions), PeerError> {
        let find = |name: &str| -> Result<&str, PeerError> {
            files
                .iter()
                .find(|(file, _)| *file == name || file.rsplit('/').next() == Some(name))
                .map(|(_, text)| *text)
                .ok_or_else(|| PeerError::Missing { what: format!("dictionary file {name}") })
        };
        let mut dictionaries = TabariDictionaries::new();
        for name in &project.actors {
            dictionaries.read_actors(name, find(name)?)?;
        }
        for name in &project.verbs {
            dictionaries.read_verbs(name, find(name)?)?;
        }
        for name in &project.agents {
            dictionaries.read_agents(name, find(name)?)?;
        }
        let options = match &project.options {
            Some(name) => TabariOptions::parse(name, find(name)?)?,
            None => TabariOptions::default(),
        };
        Ok((dictionaries, options))
    }

    /// Number of roots (phrases of any kind) read, built-in words included.
    pub fn n_roots(&self) -> usize {
        self.lexicon.roots.len()
    }

    /// Number of verb patterns read.
    pub fn n_patterns(&self) -> usize {
        self.lexicon.verbs.iter().map(|v| v.patterns.len()).sum()
    }
}

/// A TABARI coder: dictionaries, options (which `{ OPTION: ... }` records may change) and the
/// memory needed to forward actors from one sentence of a story to the next.
#[derive(Debug, Clone)]
pub struct TabariCoder<'d> {
    dictionaries: &'d TabariDictionaries,
    options: TabariOptions,
    previous: Option<parse::ForwardSource>,
    last_story: Option<String>,
    last_sequence: Option<i64>,
}

impl<'d> TabariCoder<'d> {
    /// A coder with these dictionaries and options.
    pub fn new(dictionaries: &'d TabariDictionaries, options: TabariOptions) -> TabariCoder<'d> {
        TabariCoder { dictionaries, options, previous: None, last_story: None, last_sequence: None }
    }

    /// The current options.
    pub fn options(&self) -> &TabariOptions {
        &self.options
    }

    /// Applies one options command (as a `{ OPTION: ... }` validation record does).
    ///
    /// # Errors
    /// A message when the command is not understood.
    pub fn apply_option(&mut self, command: &str) -> Result<(), String> {
        self.options.apply(command)
    }

    /// Codes one sentence dated `date`, without forwarding from earlier sentences.
    pub fn code_text(&mut self, date: DayNumber, text: &str) -> Coded {
        self.code(date, text, false)
    }

    /// Codes one record of a TABARI text file: `header` is its first line (`950101  DEMO-01`),
    /// `text` the record text. Returns `None` when the header has no valid date.
    ///
    /// With `FORWARD:` active, pronouns may refer to actors of the previous record of the same
    /// story when the sentence numbers are consecutive.
    pub fn code_record(&mut self, header: &str, text: &str) -> Option<Coded> {
        let date_len = if self.options.coder.four_digit_year { 8 } else { 6 };
        let date = DayNumber::parse_peer(header, self.options.coder.four_digit_year)?;
        let can_forward = self.forward_state(header, date_len);
        Some(self.code(date, text, can_forward))
    }

    fn forward_state(&mut self, header: &str, date_len: usize) -> bool {
        let Some(format) = self.options.coder.forward.clone() else { return false };
        let id_start = date_len + format.id_loc;
        if header.len() <= id_start {
            self.last_sequence = None;
            return false;
        }
        let record_id = header.get(id_start..).unwrap_or("");
        let story = record_id.get(format.story.0..format.story.0 + format.story.1).unwrap_or("").to_string();
        if self.last_story.as_deref() != Some(story.as_str()) {
            self.last_sequence = None;
        }
        self.last_story = Some(story);
        let sequence_start = date_len + format.sentence.0;
        let sequence: i64 = header
            .get(sequence_start..sequence_start + format.sentence.1)
            .map(|s| s.chars().take_while(char::is_ascii_digit).collect::<String>())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let can = self.options.coder.use_forward && self.last_sequence.is_some_and(|last| sequence == last + 1);
        self.last_sequence = Some(sequence);
        can
    }

    fn code(&mut self, date: DayNumber, text: &str, can_forward: bool) -> Coded {
        let lexicon = &self.dictionaries.lexicon;
        let forward = if can_forward { self.previous.as_ref() } else { None };
        let sentence = match parse::parse(lexicon, &self.options.parser, text, date, forward) {
            Ok(sentence) => sentence,
            Err(parse::ParseError::NoText) => return Coded::problem(Problem::InputError("no text in record".into())),
            Err(parse::ParseError::TooShort) => {
                return Coded::problem(Problem::InputError("too few words in sentence".into()))
            }
        };
        let time_shift = self.options.coder.time_shift.unwrap_or(lexicon.has_time_list);
        let run = coder::Run::new(lexicon, &self.options.coder, &sentence, date);
        let result = run.code(time_shift);
        let mut words = sentence.words.clone();
        words.truncate(sentence.halt + 1);
        self.previous = Some(parse::ForwardSource { words });
        match result {
            Ok(events) => {
                let events = events.into_iter().map(|event| peer_event(&sentence, text, event)).collect();
                Coded { events, problem: None }
            }
            Err(coder::CodeProblem::Discard) => Coded::problem(Problem::Discard),
            Err(coder::CodeProblem::Complex(reason)) => Coded::problem(Problem::Complex(reason)),
            Err(coder::CodeProblem::NoEvents) => Coded::problem(Problem::NoEvents),
        }
    }
}

fn peer_event(sentence: &parse::Sentence, text: &str, event: coder::FinalEvent) -> PeerEvent {
    let word_range = |start: usize| -> Option<grip_model::TextRange> {
        if start >= sentence.halt {
            return None;
        }
        let mut end = start;
        while end + 1 < sentence.halt
            && !sentence.words[end]
                .tail
                .iter()
                .any(|t| matches!(t.kind, parse::TagKind::Type(dict::WordType::Actor | dict::WordType::Verb)))
        {
            end += 1;
        }
        Some(text_range(sentence.words[start].start, sentence.words[end].end))
    };
    let verb = word_range(event.verb).unwrap_or_else(|| text_range(0, 0));
    let negated = (1..=3).filter_map(|back| event.verb.checked_sub(back)).any(|at| {
        let word = &sentence.words[at].text;
        word == "NOT" || word == "NEVER" || word == "NO" || word.ends_with("N'T")
    });
    PeerEvent {
        source: event.source,
        target: event.target,
        code: event.code,
        sentence: text_range(0, text.len()),
        verb,
        source_range: word_range(event.source_where),
        target_range: word_range(event.target_where),
        rule: format!("tabari:{}", event.rule),
        negated,
    }
}
