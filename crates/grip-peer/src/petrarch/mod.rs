//! PETRARCH compatibility: its dictionary files and a PETRARCH-1 style coder over Penn Treebank
//! parses.
//!
//! Dictionaries: actors (`NAME [CODE]`, `+SYNONYM`, tab-indented `[CODE <yymmdd]`,
//! `[CODE >yymmdd]`, `[CODE yymmdd-yymmdd]`), agents (`PHRASE {PLURAL} [~CODE]`, `[CODE~]`,
//! `!MARKER! = A, B` substitution sets), verbs in the PETRARCH-1 syntax
//! (`PETR.Validate.verbs.txt`: `&SYNSET` + `+member`, `--- NAME [CODE] ---` blocks, verbs with
//! `{FORMS}` or regular forms, multi-word verbs `+CORDON_OFF`, patterns
//! `- upper * lower [CODE]` with `$ + ^ % &SYNSET` and `_` connectors) and the PETRARCH-2
//! `CAMEO.2.0.txt` syntax (whose `{noun phrase}` and `(prepositional phrase)` groups are read as
//! consecutive words), discards (`+` for whole stories) and `PETR_config.ini`.
//!
//! The coder follows PETRARCH 0.4 (2014): the parse is linearised as PETRARCH does it, comma clauses
//! within the configured lengths are removed, noun phrases get actor and agent codes, and each
//! verb phrase whose verb is in the dictionary is matched against its block's patterns in file
//! order (the first match wins; otherwise the verb's own code applies). The source is the first
//! coded noun phrase of the sentence before the verb (or the one a pattern's `$` marks), the
//! target the first coded noun phrase of the verb phrase after the verb (or `+`). Compounds
//! give one event per member; `a:b` codes give both directions; passive voice swaps source and
//! target; `require_dyad` drops events with a null actor.

mod coder;
mod dict;
mod shallow;
mod tree;

use grip_model::text_range;

use crate::date::DayNumber;
use crate::event::{Coded, PeerEvent, Problem};
use crate::PeerError;

/// The coder options PETRARCH reads from `PETR_config.ini` and `<Config>` records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PetrarchOptions {
    /// Longest uncoded noun phrase (in blanks) to output in quotes as a new actor; 0: never.
    pub new_actor_length: usize,
    /// Drop events whose source or target is the null code `---`.
    pub require_dyad: bool,
    /// Internal comma clauses with `comma_min..=comma_max` words are removed (`comma_max` 0:
    /// never).
    pub comma_min: usize,
    /// See `comma_min`.
    pub comma_max: usize,
    /// Initial clauses with `comma_bmin..=comma_bmax` words are removed.
    pub comma_bmin: usize,
    /// See `comma_bmin` (0: never, the default).
    pub comma_bmax: usize,
    /// Terminal clauses with `comma_emin..=comma_emax` words are removed.
    pub comma_emin: usize,
    /// See `comma_emin`.
    pub comma_emax: usize,
}

impl Default for PetrarchOptions {
    fn default() -> PetrarchOptions {
        PetrarchOptions {
            new_actor_length: 0,
            require_dyad: true,
            comma_min: 2,
            comma_max: 8,
            comma_bmin: 0,
            comma_bmax: 0,
            comma_emin: 2,
            comma_emax: 8,
        }
    }
}

impl PetrarchOptions {
    /// Sets one option by its `PETR_config.ini` / `<Config option=...>` name. Options that do
    /// not affect coding (`stop_on_error`, `write_actor_text` ...) are accepted and ignored.
    ///
    /// # Errors
    /// A message for an unknown option or a value of the wrong type.
    pub fn set(&mut self, option: &str, value: &str) -> Result<(), String> {
        let number =
            || value.trim().parse::<usize>().map_err(|_| format!("{option} needs a whole number, not '{value}'"));
        let boolean = || -> Result<bool, String> {
            match value.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "1" => Ok(true),
                "false" | "no" | "off" | "0" => Ok(false),
                _ => Err(format!("{option} needs true or false, not '{value}'")),
            }
        };
        match option.trim() {
            "new_actor_length" => self.new_actor_length = number()?,
            "require_dyad" => self.require_dyad = boolean()?,
            "comma_min" => self.comma_min = number()?,
            "comma_max" => self.comma_max = number()?,
            "comma_bmin" => self.comma_bmin = number()?,
            "comma_bmax" => self.comma_bmax = number()?,
            "comma_emin" => self.comma_emin = number()?,
            "comma_emax" => self.comma_emax = number()?,
            "stop_on_error" | "write_actor_root" | "write_actor_text" | "write_event_text" | "null_verbs"
            | "null_actors" | "code_by_sentence" | "pause_by_sentence" | "pause_by_story" | "textfile_list"
            | "textfile_name" | "eventfile_name" => {}
            other => return Err(format!("unknown option {other}")),
        }
        Ok(())
    }
}

/// What `PETR_config.ini` says: the dictionary files and the coder options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PetrarchConfig {
    /// `verbfile_name`.
    pub verbs: Option<String>,
    /// `actorfile_list`.
    pub actors: Vec<String>,
    /// `agentfile_name`.
    pub agents: Option<String>,
    /// `discardfile_name`.
    pub discards: Option<String>,
    /// `issuefile_name` (read by PETRARCH for issue coding, which grip does not do).
    pub issues: Option<String>,
    /// The `[Options]` section.
    pub options: PetrarchOptions,
}

impl PetrarchConfig {
    /// Parses an INI file in PETRARCH's format (sections `[Dictionaries]`, `[Options]`;
    /// `key = value`; `#`/`;` comments; continuation lines start with a blank).
    ///
    /// # Errors
    /// [`PeerError::Parse`] for a line that is not a section, key or comment, or a bad value.
    pub fn parse(name: &str, text: &str) -> Result<PetrarchConfig, PeerError> {
        let mut config = PetrarchConfig::default();
        let mut section = String::new();
        let mut last_key: Option<(String, usize)> = None;
        let mut values: Vec<(String, String, String, usize)> = Vec::new();
        for (idx, raw) in text.lines().enumerate() {
            let ln = idx + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            if raw.starts_with([' ', '\t']) {
                if let Some((_, at)) = &last_key {
                    values[*at].2.push(' ');
                    values[*at].2.push_str(trimmed);
                    continue;
                }
            }
            if let Some(head) = trimmed.strip_prefix('[') {
                section = head.trim_end_matches(']').trim().to_string();
                last_key = None;
                continue;
            }
            let (key, value) = trimmed
                .split_once('=')
                .or_else(|| trimmed.split_once(':'))
                .ok_or_else(|| PeerError::parse(name, ln, format!("expected key = value, found '{trimmed}'")))?;
            values.push((section.clone(), key.trim().to_string(), value.trim().to_string(), ln));
            last_key = Some((key.trim().to_string(), values.len() - 1));
        }
        let list = |value: &str| -> Vec<String> {
            value.split([',', ' ', '\t']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
        };
        for (section, key, value, ln) in values {
            match (section.as_str(), key.as_str()) {
                ("Dictionaries", "verbfile_name") => config.verbs = Some(value),
                ("Dictionaries", "actorfile_list") => config.actors = list(&value),
                ("Dictionaries", "agentfile_name") => config.agents = Some(value),
                ("Dictionaries", "discardfile_name") => config.discards = Some(value),
                ("Dictionaries", "issuefile_name") => config.issues = Some(value),
                ("Options", _) => config.options.set(&key, &value).map_err(|e| PeerError::parse(name, ln, e))?,
                _ => {}
            }
        }
        Ok(config)
    }
}

/// A set of PETRARCH dictionaries.
///
/// By default ([`PetrarchDictionaries::new`]) a malformed line is an error naming the file and
/// line; a [`PetrarchDictionaries::lenient`] set skips such lines, as PETRARCH does, and keeps
/// the errors in [`PetrarchDictionaries::skipped`].
#[derive(Debug, Default)]
pub struct PetrarchDictionaries {
    actors: dict::Actors,
    agents: dict::Agents,
    verbs: dict::Verbs,
    discards: Vec<dict::Discard>,
    lenient: bool,
    skipped: Vec<PeerError>,
}

impl PetrarchDictionaries {
    /// An empty, strict set.
    pub fn new() -> PetrarchDictionaries {
        PetrarchDictionaries::default()
    }

    /// An empty set that skips malformed lines (see [`PetrarchDictionaries::skipped`]).
    pub fn lenient() -> PetrarchDictionaries {
        PetrarchDictionaries { lenient: true, ..PetrarchDictionaries::default() }
    }

    /// The malformed lines a lenient set skipped, each naming file and line.
    pub fn skipped(&self) -> &[PeerError] {
        &self.skipped
    }

    fn errors(lenient: bool, skipped: &mut Vec<PeerError>) -> dict::LineErrors<'_> {
        dict::LineErrors { skipped: lenient.then_some(skipped) }
    }

    /// Adds an actor dictionary (`name` is used in errors).
    ///
    /// # Errors
    /// [`PeerError::Parse`] naming the file and line of a malformed entry.
    pub fn read_actors(&mut self, name: &str, text: &str) -> Result<(), PeerError> {
        self.actors.read(name, text, &mut Self::errors(self.lenient, &mut self.skipped))
    }

    /// Adds an agent dictionary.
    ///
    /// # Errors
    /// [`PeerError::Parse`] naming the file and line of a malformed entry.
    pub fn read_agents(&mut self, name: &str, text: &str) -> Result<(), PeerError> {
        self.agents.read(name, text, &mut Self::errors(self.lenient, &mut self.skipped))
    }

    /// Adds a verb dictionary (PETRARCH-1 or CAMEO.2.0 syntax); `name` appears in rule ids
    /// (`petrarch:PETR.Validate.verbs.txt:412`).
    ///
    /// # Errors
    /// [`PeerError::Parse`] naming the file and line of a malformed entry.
    pub fn read_verbs(&mut self, name: &str, text: &str) -> Result<(), PeerError> {
        self.verbs.read(name, text, &mut Self::errors(self.lenient, &mut self.skipped))
    }

    /// Adds a discard list.
    ///
    /// # Errors
    /// [`PeerError::Parse`] naming the file and line of a malformed entry.
    pub fn read_discards(&mut self, name: &str, text: &str) -> Result<(), PeerError> {
        let discards = dict::read_discards(name, text, &mut Self::errors(self.lenient, &mut self.skipped))?;
        self.discards.extend(discards);
        Ok(())
    }

    /// Reads the files a configuration names from `(name, text)` pairs (matched by file name).
    ///
    /// # Errors
    /// [`PeerError::Missing`] when a named file is absent or no verbs file is named; parse
    /// errors otherwise.
    pub fn from_config(config: &PetrarchConfig, files: &[(&str, &str)]) -> Result<PetrarchDictionaries, PeerError> {
        Self::from_config_into(PetrarchDictionaries::new(), config, files)
    }

    /// Like [`PetrarchDictionaries::from_config`], reading into `dictionaries` (for example a
    /// [`PetrarchDictionaries::lenient`] set).
    ///
    /// # Errors
    /// As [`PetrarchDictionaries::from_config`].
    pub fn from_config_into(
        mut dictionaries: PetrarchDictionaries,
        config: &PetrarchConfig,
        files: &[(&str, &str)],
    ) -> Result<PetrarchDictionaries, PeerError> {
        let find = |name: &str| -> Result<&str, PeerError> {
            files
                .iter()
                .find(|(file, _)| *file == name || file.rsplit('/').next() == Some(name))
                .map(|(_, text)| *text)
                .ok_or_else(|| PeerError::Missing { what: format!("dictionary file {name}") })
        };
        let verbs = config.verbs.as_deref().ok_or_else(|| PeerError::Missing { what: "verbs dictionary".into() })?;
        dictionaries.read_verbs(verbs, find(verbs)?)?;
        for name in &config.actors {
            dictionaries.read_actors(name, find(name)?)?;
        }
        if let Some(name) = &config.agents {
            dictionaries.read_agents(name, find(name)?)?;
        }
        if let Some(name) = &config.discards {
            dictionaries.read_discards(name, find(name)?)?;
        }
        Ok(dictionaries)
    }

    /// Number of actor phrases (roots and synonyms).
    pub fn n_actor_phrases(&self) -> usize {
        self.actors.patterns.values().map(Vec::len).sum()
    }

    /// Number of agent phrases (with generated plurals and substitutions).
    pub fn n_agent_phrases(&self) -> usize {
        self.agents.patterns.values().map(Vec::len).sum()
    }

    /// Number of verb forms (words that can start a verb lookup).
    pub fn n_verb_forms(&self) -> usize {
        self.verbs.forms.len()
    }

    /// Number of verb patterns.
    pub fn n_patterns(&self) -> usize {
        self.verbs.blocks.iter().map(|b| b.patterns.len()).sum()
    }

    /// The codes of the actor phrase starting with the given words, on `day` (for tests and
    /// dictionary debugging): the code PETRARCH would give a noun phrase made of `words`.
    pub fn noun_phrase_code(&self, words: &[&str], day: DayNumber) -> Option<String> {
        let options = PetrarchOptions::default();
        let coder = coder::Coder { dicts: self, options: &options, day };
        let words: Vec<String> = words.iter().map(|w| w.to_uppercase()).collect();
        coder.ne_code(&words)
    }

    /// The discard that applies to `text`: story discards (`+`) take priority.
    fn discard(&self, text: &str) -> Option<Problem> {
        let words: Vec<String> = text
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_uppercase())
            .filter(|w| !w.is_empty())
            .collect();
        let found = |story: bool| {
            self.discards
                .iter()
                .filter(|d| d.story == story)
                .any(|d| words.windows(d.words.len()).any(|w| w == d.words.as_slice()))
        };
        if found(true) {
            Some(Problem::StoryDiscard)
        } else if found(false) {
            Some(Problem::SentenceDiscard)
        } else {
            None
        }
    }
}

/// A PETRARCH coder: dictionaries and the current options.
#[derive(Debug, Clone)]
pub struct PetrarchCoder<'d> {
    dictionaries: &'d PetrarchDictionaries,
    options: PetrarchOptions,
}

impl<'d> PetrarchCoder<'d> {
    /// A coder with these dictionaries and options.
    pub fn new(dictionaries: &'d PetrarchDictionaries, options: PetrarchOptions) -> PetrarchCoder<'d> {
        PetrarchCoder { dictionaries, options }
    }

    /// The current options.
    pub fn options(&self) -> &PetrarchOptions {
        &self.options
    }

    /// Changes one option (as a `<Config option=... value=...>` record does).
    ///
    /// # Errors
    /// A message for an unknown option or a bad value.
    pub fn set_option(&mut self, option: &str, value: &str) -> Result<(), String> {
        self.options.set(option, value)
    }

    /// Codes one sentence of raw text, without a parse: a shallow stand-in parse is built from
    /// the dictionaries (actors and agents as noun phrases, `A, B and C` as compounds, verbs
    /// opening verb phrases up to the next verb, `was ... by` as passive). An approximation of
    /// PETRARCH for users without a parser; [`PetrarchCoder::code_parse`] is the real thing.
    pub fn code_text(&self, date: DayNumber, text: &str) -> Coded {
        let segmented = grip_text::segment(text);
        let words: Vec<String> = segmented.tokens.iter().map(|t| t.norm(text).to_uppercase()).collect();
        let d = self.dictionaries;
        let parse = shallow::pseudo_parse(&words, &d.actors, &d.agents, &d.verbs);
        self.code_parse(date, text, &parse)
    }

    /// Codes one sentence dated `date` from its text (used for discards and evidence ranges)
    /// and its Penn Treebank parse.
    pub fn code_parse(&self, date: DayNumber, text: &str, parse: &str) -> Coded {
        if let Some(problem) = self.dictionaries.discard(text) {
            return Coded::problem(problem);
        }
        let list = match tree::read_tree(&tree::format_parse(parse)) {
            Ok(list) => list,
            Err(e) => return Coded::problem(Problem::ParseError(e.name().to_string())),
        };
        let mut items = list.items;
        if coder::check_commas(&mut items, &self.options).is_err() {
            return Coded::problem(Problem::ParseError("check_commas".into()));
        }
        let c = coder::Coder { dicts: self.dictionaries, options: &self.options, day: date };
        if c.assign_codes(&mut items, list.start).is_err() {
            return Coded::problem(Problem::ParseError("assign_NEcodes".into()));
        }
        let events = c.check_verbs(&items, list.start);
        let upper = text.to_uppercase();
        let locate = |phrase: &str| -> Option<grip_model::TextRange> {
            let first = phrase.split_whitespace().next()?;
            let at = find_word(&upper, first)?;
            Some(text_range(at, at + first.len()))
        };
        let events = events
            .into_iter()
            .map(|e| {
                let verb = locate(&e.verb).unwrap_or_else(|| text_range(0, text.len()));
                let negated = negated_before(&upper, usize::from(verb.start()));
                PeerEvent {
                    source_range: e.source_text.as_deref().and_then(locate),
                    target_range: e.target_text.as_deref().and_then(locate),
                    source: e.source,
                    target: e.target,
                    code: e.code,
                    sentence: text_range(0, text.len()),
                    verb,
                    rule: e.rule,
                    negated,
                }
            })
            .collect();
        Coded { events, problem: None }
    }
}

/// Byte offset of `word` as a whole word in the upper-cased text.
fn find_word(upper: &str, word: &str) -> Option<usize> {
    let bytes = upper.as_bytes();
    let mut from = 0;
    while let Some(rel) = upper.get(from..)?.find(word) {
        let at = from + rel;
        let before_ok = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        let end = at + word.len();
        let after_ok = end >= bytes.len() || !bytes[end].is_ascii_alphanumeric();
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + 1;
        while !upper.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// TABARI's negation rule: `NOT`, `NEVER`, `NO` or a `N'T` contraction among the three words
/// before the verb.
fn negated_before(upper: &str, verb_start: usize) -> bool {
    let before = upper.get(..verb_start).unwrap_or("");
    before.split_whitespace().rev().take(3).any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        w == "NOT" || w == "NEVER" || w == "NO" || w.ends_with("N'T") || w.ends_with("NT'")
    })
}
