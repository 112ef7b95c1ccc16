//! TABARI's coder: for each clause, find the verbs, match their patterns (longest first), find
//! the source and target (from `$`, `+`, `%` in the pattern, else the first actor of the clause
//! and the first actor after the verb), handle passive voice, compound actors, paired codes,
//! subordinate and dominant codes, coded compounds and duplicates.
//!
//! The pattern matcher is a state machine over the pattern elements and the words, with two
//! modes set by the connectors: whether words may be skipped before the next element, and
//! whether the element may match a word as a stem. Alternatives `{a | b}` and synonym sets are
//! tried in order with the state saved and restored, as TABARI does.

use super::codes::{ActorAgent, EventCode, EventCodePart, TimeCode, COMPLEX_CODE, DISCARD_CODE, NULL_CODE};
use super::dict::{Elem, Lexicon, PatternCode, PhraseElem, RootData, Sym, WordType, CONN_A, CONN_B};
use super::options::{CodeMode, CoderOptions};
use super::parse::Sentence;
use crate::date::DayNumber;

/// Source, source agent, target, target agent and code: what makes two events the same.
type EventKey = (String, Option<String>, String, Option<String>, String);

/// The location used for default actors (not a word of the sentence).
const DEFAULT_WHERE: usize = usize::MAX;

/// An actor found for an event: its codes (several for a coded compound), agent and place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FoundActor {
    pub codes: Vec<ActorAgent>,
    pub agent: Option<String>,
    pub where_: usize,
}

impl FoundActor {
    fn is_empty(&self) -> bool {
        self.codes.is_empty() && self.agent.is_none()
    }

    fn same_as(&self, other: &FoundActor) -> bool {
        self.codes == other.codes && self.agent == other.agent
    }
}

/// An event before compound expansion (TABARI's `eventArray` entry).
#[derive(Debug, Clone)]
pub(crate) struct RawEvent {
    pub source: FoundActor,
    pub target: FoundActor,
    pub code: EventCodePart,
    pub verb: usize,
    pub rule: String,
    pub is_event: bool,
}

/// A coded event with its final code strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FinalEvent {
    pub source: String,
    pub target: String,
    pub code: String,
    pub verb: usize,
    pub source_where: usize,
    pub target_where: usize,
    pub rule: String,
}

/// Why coding stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CodeProblem {
    Discard,
    Complex(String),
    NoEvents,
}

/// Pattern-matching state (TABARI's `checkPattern` globals).
struct Matcher<'p> {
    high: bool,
    skip: bool,
    full: bool,
    phrase: &'p [PhraseElem],
    pos: isize,
    loc: isize,
    lenalt: usize,
    cond: bool,
    saved: (isize, usize, bool),
    index_source: Option<usize>,
    index_target: Option<usize>,
    index_compound: Option<usize>,
    /// Nesting of synonym sets being matched (bounded against self-referencing sets).
    depth: u8,
}

/// One record's coding run.
pub(crate) struct Run<'a> {
    lexicon: &'a Lexicon,
    options: &'a CoderOptions,
    sentence: &'a Sentence,
    day: DayNumber,
    source: FoundActor,
    target: FoundActor,
    regular_source: bool,
    regular_target: bool,
    passive: bool,
    clause_start: usize,
    clause_end: Option<usize>,
    pub events: Vec<RawEvent>,
}

impl<'a> Run<'a> {
    pub(crate) fn new(
        lexicon: &'a Lexicon,
        options: &'a CoderOptions,
        sentence: &'a Sentence,
        day: DayNumber,
    ) -> Run<'a> {
        Run {
            lexicon,
            options,
            sentence,
            day,
            source: FoundActor::default(),
            target: FoundActor::default(),
            regular_source: false,
            regular_target: false,
            passive: false,
            clause_start: 0,
            clause_end: None,
            events: Vec::new(),
        }
    }

    fn iend(&self) -> usize {
        self.clause_end.unwrap_or(self.sentence.last())
    }

    fn wtype(&self, loc: isize) -> WordType {
        usize::try_from(loc).ok().and_then(|loc| self.sentence.words.get(loc)).map_or(WordType::Halt, |w| w.wtype)
    }

    fn wtype_at(&self, loc: usize) -> WordType {
        self.sentence.words.get(loc).map_or(WordType::Halt, |w| w.wtype)
    }

    /// Runs TABARI's `codeEvents` after parsing; returns the events or the problem.
    pub(crate) fn code(mut self, time_shift: bool) -> Result<Vec<FinalEvent>, CodeProblem> {
        let mut discard = self.sentence.discard;
        let mut complex = self.sentence.complex.clone();
        if time_shift {
            match self.check_time() {
                Some(CodeProblem::Discard) => discard = true,
                Some(CodeProblem::Complex(reason)) => complex = Some(reason),
                _ => {}
            }
        }
        if discard {
            return Err(CodeProblem::Discard);
        }
        if let Some(reason) = complex {
            return Err(CodeProblem::Complex(reason));
        }
        self.check_verbs();
        if self.events.is_empty() {
            return Err(CodeProblem::NoEvents);
        }
        self.evaluate_events()?;
        if self.events.is_empty() {
            return Err(CodeProblem::NoEvents);
        }
        let events = self.expand_and_finish();
        if events.is_empty() {
            return Err(CodeProblem::NoEvents);
        }
        Ok(events)
    }

    // ----- clauses and verbs -----

    fn set_clause_bounds(&mut self) -> bool {
        let last = self.sentence.last();
        if !self.sentence.has_clauses {
            if self.clause_end.is_some() {
                return false;
            }
            self.clause_start = 0;
            self.clause_end = Some(last);
            return true;
        }
        let mut start = 0;
        if let Some(end) = self.clause_end {
            start = end + 1;
            while start <= last && !self.sentence.has_head(start, WordType::Clause) {
                start += 1;
            }
            if start > last {
                return false;
            }
        }
        let mut end = start;
        while end < last && !self.sentence.has_tail(end, WordType::Clause) {
            end += 1;
        }
        self.clause_start = start;
        self.clause_end = Some(end);
        true
    }

    fn check_verbs(&mut self) {
        self.source = FoundActor::default();
        self.passive = false;
        self.clause_end = None;
        let mut events_start = 0;
        while self.set_clause_bounds() {
            let (start, end) = (self.clause_start, self.iend());
            if end < start + 2 {
                continue;
            }
            if start > 0 && self.sentence.has_head(start, WordType::Actor) {
                self.source = self.actor_codes(start);
            }
            self.target = FoundActor::default();
            if self.options.code_mode == CodeMode::Clause {
                events_start = self.events.len();
            }
            let mut index = start;
            while index <= end {
                if let Some(next) = self.sentence.skip_segment(index, WordType::Subord) {
                    index = next.max(index + 1);
                    continue;
                }
                if self.sentence.has_head(index, WordType::Verb) {
                    self.do_verb(index);
                    if self.options.code_mode != CodeMode::All {
                        let got = self.events[events_start..].iter().any(|e| e.is_event && !e.code.subordinate);
                        if got {
                            if self.options.code_mode == CodeMode::Sentence {
                                return;
                            }
                            break;
                        }
                    }
                }
                index += 1;
            }
        }
    }

    fn do_verb(&mut self, index: usize) {
        self.target = FoundActor::default();
        if self.passive {
            self.source = FoundActor::default();
            self.passive = false;
        }
        let Some(root) = self.sentence.words[index].root else { return };
        let RootData::Verb(verb) = self.lexicon.roots[root].data else { return };
        let entry = &self.lexicon.verbs[verb];
        let old_events = self.events.len();
        let (mut got_pattern, mut got_alt, mut max_len) = (false, false, 0i64);
        for pattern in &entry.patterns {
            if got_alt && i64::from(pattern.length) <= max_len {
                got_pattern = true;
                break;
            }
            let Some(matcher) = self.check_pattern(&pattern.phrase, index, WordType::Verb) else { continue };
            let mut make = false;
            if matcher.lenalt > 0 {
                got_alt = true;
                let lenalt = i64::try_from(matcher.lenalt).unwrap_or(i64::MAX);
                if i64::from(pattern.length) + lenalt > max_len {
                    make = true;
                    max_len = i64::from(pattern.length - pattern.maxalt) + lenalt;
                }
            } else {
                got_alt = false;
                got_pattern = true;
                make = true;
            }
            if make {
                if let Some(at) = matcher.index_source {
                    self.source = self.actor_codes(at);
                    self.find_agent(at, true);
                }
                if let Some(at) = matcher.index_target {
                    self.target = self.actor_codes(at);
                    self.find_agent(at, false);
                }
                if let Some(at) = matcher.index_compound {
                    self.source = self.actor_codes(at);
                    self.target = self.actor_codes(at);
                }
                self.events.truncate(old_events);
                if let PatternCode::Event(code) = &pattern.code {
                    self.make_event(code, index, &pattern.rule);
                }
            }
            if got_pattern {
                break;
            }
        }
        if !got_pattern {
            if let PatternCode::Event(code) = &entry.code {
                self.make_event(code, index, &entry.rule);
            }
        }
    }

    // ----- actors -----

    fn deref(&self, mut loc: usize) -> usize {
        let mut guard = 0;
        while self.sentence.has_head(loc, WordType::Pronoun) && guard < 8 {
            match self.sentence.reference(loc) {
                Some(target) => loc = target,
                None => break,
            }
            guard += 1;
        }
        loc
    }

    /// TABARI's `getActorStructCodes`.
    fn actor_codes(&self, loc: usize) -> FoundActor {
        let loc = self.deref(loc);
        let Some(root) = self.sentence.words.get(loc).and_then(|w| w.root) else {
            return FoundActor::default();
        };
        let codes: Vec<ActorAgent> = match &self.lexicon.roots[root].data {
            RootData::Actor(idx) => self.lexicon.actor_codes[*idx].resolve(self.day).to_vec(),
            RootData::Agent(code) => vec![ActorAgent { actor: code.clone(), agent: None }],
            _ => Vec::new(),
        };
        let agent = codes.first().and_then(|c| c.agent.clone());
        FoundActor { codes, agent, where_: loc }
    }

    fn is_former(&self, loc: isize) -> bool {
        self.wtype(loc) == WordType::Adjctv
            && usize::try_from(loc).ok().and_then(|l| self.sentence.words.get(l)).and_then(|w| w.root)
                == Some(self.lexicon.root_former)
    }

    fn agent_code(&self, loc: usize) -> Option<String> {
        let root = self.sentence.words.get(loc)?.root?;
        match &self.lexicon.roots[root].data {
            RootData::Agent(code) => Some(code.clone()),
            _ => None,
        }
    }

    /// TABARI's `findAgent`: an agent right after the actor (or before it, across an optional
    /// preposition); `FORMER` makes it `~ELI`.
    fn find_agent_for(&self, loc: usize) -> Option<String> {
        let mut tail = self.actor_tail(loc);
        let mut former = false;
        if self.is_former(tail as isize + 1) {
            former = true;
            tail += 1;
        }
        let loc_i = loc as isize;
        if loc > 0 && !former && self.is_former(loc_i - 1) {
            former = true;
        }
        if self.wtype(tail as isize + 1) == WordType::Agent && self.sentence.has_head(tail + 1, WordType::Agent) {
            return if former { Some("~ELI".into()) } else { self.agent_code(tail + 1) };
        }
        let mut at = loc_i;
        if self.wtype(at - 1) == WordType::Prep {
            at -= 1;
        }
        if self.wtype(at - 1) == WordType::Agent
            && at >= 1
            && self.sentence.has_tail((at - 1) as usize, WordType::Agent)
        {
            let mut start = at - 1;
            while start >= 0 && !self.sentence.has_head(start as usize, WordType::Agent) {
                start -= 1;
            }
            if start >= 0 {
                if start > 0 && !former && self.is_former(start - 1) {
                    former = true;
                }
                return if former { Some("~ELI".into()) } else { self.agent_code(start as usize) };
            }
        }
        None
    }

    fn find_agent(&mut self, loc: usize, source: bool) {
        let agent = self.find_agent_for(loc);
        if source {
            self.source.agent = agent;
        } else {
            self.target.agent = agent;
        }
    }

    fn actor_tail(&self, loc: usize) -> usize {
        if self.sentence.has_head(loc, WordType::Pronoun) {
            return loc;
        }
        let mut at = loc;
        let end = self.iend();
        while at < end && !self.sentence.has_tail(at, WordType::Actor) {
            at += 1;
        }
        at
    }

    /// TABARI's `getActorHead`: the start of the actor root containing `loc`.
    fn actor_head(&self, loc: usize) -> Option<usize> {
        let loc = if self.sentence.has_head(loc, WordType::Pronoun) {
            self.sentence.reference(loc).unwrap_or(loc)
        } else {
            loc
        };
        let mut start = loc as isize;
        while start >= 0 && !self.sentence.has_head(start as usize, WordType::Actor) {
            start -= 1;
        }
        usize::try_from(start).ok()
    }

    fn find_actor(&self, mut loc: usize) -> Option<(usize, FoundActor)> {
        let end = self.iend();
        while loc <= end {
            if self.wtype_at(loc) == WordType::Actor && self.sentence.has_head(loc, WordType::Actor) {
                let mut actor = self.actor_codes(loc);
                actor.agent = self.find_agent_for(loc);
                return Some((loc, actor));
            }
            loc += 1;
        }
        None
    }

    fn back_actor(&self, loc: isize) -> Option<(usize, FoundActor)> {
        let mut loc = loc;
        while loc >= self.clause_start as isize {
            if self.wtype(loc) == WordType::Actor {
                let head = self.actor_head(loc as usize)?;
                let mut actor = self.actor_codes(head);
                actor.agent = self.find_agent_for(head);
                return Some((head, actor));
            }
            loc -= 1;
        }
        None
    }

    fn default_actor(code: Option<&String>) -> FoundActor {
        FoundActor {
            codes: code.map(|c| vec![ActorAgent { actor: c.clone(), agent: None }]).unwrap_or_default(),
            agent: None,
            where_: DEFAULT_WHERE,
        }
    }

    fn regular_source(&mut self, verb: usize) {
        let mut loc = self.clause_start;
        while let Some((found, actor)) = self.find_actor(loc) {
            if self.options.default_prior && found > verb {
                self.source = Self::default_actor(self.options.default_source.as_ref());
                self.regular_source = true;
                return;
            }
            if !actor.same_as(&self.target) {
                self.source = actor;
                self.regular_source = true;
                return;
            }
            loc = found + 1;
        }
        if self.options.default_source.is_some() {
            self.source = Self::default_actor(self.options.default_source.as_ref());
            self.regular_source = true;
        }
    }

    fn regular_target(&mut self, verb: usize) {
        let mut loc = verb + 1;
        while let Some((found, actor)) = self.find_actor(loc) {
            if !actor.same_as(&self.source) {
                self.target = actor;
                self.regular_target = true;
                return;
            }
            loc = found + 1;
        }
        if self.options.default_after {
            self.target = Self::default_actor(self.options.default_target.as_ref());
            self.regular_target = true;
            return;
        }
        let mut loc = verb as isize - 1;
        while let Some((found, actor)) = self.back_actor(loc) {
            if !actor.same_as(&self.source) {
                self.target = actor;
                return;
            }
            loc = found as isize - 1;
        }
        let source_compound =
            self.source.codes.len() > 1 || self.sentence.words.get(self.source.where_).is_some_and(|w| w.compound);
        if source_compound {
            self.target = self.source.clone();
        } else if self.options.default_source.is_some() {
            self.target = Self::default_actor(self.options.default_target.as_ref());
            self.regular_target = true;
        }
    }

    fn check_passive(&mut self, index: usize) -> bool {
        let by = (1..=3).any(|d| self.wtype_at(index + d) == WordType::Byword);
        if !by {
            return false;
        }
        let aux = (1..=2).any(|d| index >= d && self.wtype_at(index - d) == WordType::Auxil);
        if aux {
            self.passive = true;
        }
        aux
    }

    // ----- events -----

    fn make_event(&mut self, code: &EventCode, index: usize, rule: &str) {
        if code.is_null() && !code.primary.subordinate && !code.primary.dominant {
            return;
        }
        if self.source.is_empty() {
            self.regular_source(index);
        }
        if self.target.is_empty() {
            self.regular_target(index);
        }
        if self.source.is_empty() || self.target.is_empty() {
            return;
        }
        if self.regular_source && self.regular_target && self.check_passive(index) {
            std::mem::swap(&mut self.source, &mut self.target);
        }
        let compound_at = |run: &Run<'_>, loc: usize| run.sentence.words.get(loc).is_some_and(|w| w.compound);
        if !compound_at(self, self.source.where_) && !compound_at(self, self.target.where_) {
            let (source, target) = (self.source.clone(), self.target.clone());
            self.put_event(code, index, source, target, rule);
        } else if self.compound_events(code, index, rule).is_none() {
            return;
        }
        if !self.regular_source {
            self.source = FoundActor::default();
        }
        if !self.regular_target {
            self.target = FoundActor::default();
        }
    }

    /// Expands a syntactic compound source and/or target; `None` when the compound tags do not
    /// correspond (TABARI then keeps what it made and stops).
    fn compound_events(&mut self, code: &EventCode, index: usize, rule: &str) -> Option<()> {
        let halt = self.sentence.halt;
        let is_compound = |run: &Run<'_>, loc: usize| {
            run.sentence.words.get(loc).is_some_and(|w| w.compound)
                && run.sentence.check_tail_tag(loc, WordType::Compound)
        };
        let mut compound_source = is_compound(self, self.source.where_);
        let mut source_at = self.source.where_;
        loop {
            let mut source = if source_at == DEFAULT_WHERE {
                self.source.clone()
            } else {
                let mut found = self.actor_codes(source_at);
                found.agent = self.find_agent_for(source_at);
                found
            };
            if source_at == DEFAULT_WHERE {
                source.where_ = DEFAULT_WHERE;
            }
            let mut compound_target = is_compound(self, self.target.where_);
            let mut target_at = self.target.where_;
            loop {
                let target = if target_at == DEFAULT_WHERE {
                    self.target.clone()
                } else {
                    let mut found = self.actor_codes(target_at);
                    found.agent = self.find_agent_for(target_at);
                    found
                };
                self.put_event(code, index, source.clone(), target, rule);
                if !compound_target {
                    break;
                }
                target_at = self.next_compound_member(target_at, halt)?;
                if self.compound_member_is_last(target_at, halt)? {
                    compound_target = false;
                }
            }
            if !compound_source {
                break;
            }
            source_at = self.next_compound_member(source_at, halt)?;
            if self.compound_member_is_last(source_at, halt)? {
                compound_source = false;
            }
        }
        Some(())
    }

    fn next_compound_member(&self, from: usize, halt: usize) -> Option<usize> {
        let mut at = from + 1;
        while !(self.sentence.words.get(at).is_some_and(|w| w.root.is_some()) && self.wtype_at(at) == WordType::Actor) {
            at += 1;
            if at >= halt {
                return None;
            }
        }
        Some(at)
    }

    fn compound_member_is_last(&self, at: usize, halt: usize) -> Option<bool> {
        let mut end = at;
        while !self.sentence.has_tail(end, WordType::Actor) {
            end += 1;
            if end >= halt {
                return None;
            }
        }
        Some(self.sentence.has_tail(end, WordType::Compound))
    }

    fn put_event(&mut self, code: &EventCode, verb: usize, source: FoundActor, target: FoundActor, rule: &str) {
        if self.events.len() >= 64 {
            return;
        }
        self.events.push(RawEvent {
            source: source.clone(),
            target: target.clone(),
            code: code.primary.clone(),
            verb,
            rule: rule.to_string(),
            is_event: true,
        });
        if let Some(pair) = &code.pair {
            self.events.push(RawEvent {
                source: target,
                target: source,
                code: pair.clone(),
                verb,
                rule: rule.to_string(),
                is_event: true,
            });
        }
    }

    /// TABARI's `evaluateEvents`: null, discard, complex, dominant and subordinate codes.
    fn evaluate_events(&mut self) -> Result<(), CodeProblem> {
        let mut non_sub = false;
        let mut has_dom = false;
        for event in &mut self.events {
            if event.code.code == NULL_CODE {
                event.is_event = false;
                event.code.subordinate = true;
            }
            if event.code.code == DISCARD_CODE {
                return Err(CodeProblem::Discard);
            }
            let complex = |actor: &FoundActor| actor.codes.first().is_some_and(|c| c.actor == COMPLEX_CODE);
            if event.code.code == COMPLEX_CODE || complex(&event.source) || complex(&event.target) {
                return Err(CodeProblem::Complex("complex code found in verb pattern".into()));
            }
            if event.code.dominant {
                has_dom = true;
                non_sub = true;
                break;
            }
            if !non_sub && !event.code.subordinate {
                non_sub = true;
            }
        }
        if has_dom {
            for event in &mut self.events {
                if !event.code.dominant {
                    event.is_event = false;
                }
            }
        } else if non_sub {
            for event in &mut self.events {
                if event.code.subordinate {
                    event.is_event = false;
                }
            }
        }
        self.events.retain(|e| e.is_event);
        Ok(())
    }

    /// Expands coded compounds (`[ELR/GAL]`), then drops same-actor events and duplicates.
    fn expand_and_finish(&self) -> Vec<FinalEvent> {
        let mut expanded: Vec<(ActorAgentAt, ActorAgentAt, &RawEvent)> = Vec::new();
        for event in &self.events {
            for (idx, source) in event.source.codes.iter().enumerate() {
                let source_agent = if idx == 0 { event.source.agent.clone() } else { source.agent.clone() };
                for (jdx, target) in event.target.codes.iter().enumerate() {
                    let target_agent = if jdx == 0 { event.target.agent.clone() } else { target.agent.clone() };
                    expanded.push((
                        (source.actor.clone(), source_agent.clone(), event.source.where_),
                        (target.actor.clone(), target_agent, event.target.where_),
                        event,
                    ));
                }
            }
        }
        let mut out: Vec<FinalEvent> = Vec::new();
        let mut seen: Vec<EventKey> = Vec::new();
        for ((source, source_agent, source_where), (target, target_agent, target_where), event) in expanded {
            let blank = |code: &str| code.is_empty() || [NULL_CODE, DISCARD_CODE, COMPLEX_CODE, "***"].contains(&code);
            if blank(&source) || blank(&target) {
                continue;
            }
            if source == target && source_agent == target_agent {
                continue;
            }
            let key =
                (source.clone(), source_agent.clone(), target.clone(), target_agent.clone(), event.code.code.clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            out.push(FinalEvent {
                source: composite(&source, source_agent.as_deref()),
                target: composite(&target, target_agent.as_deref()),
                code: event.code.code.clone(),
                verb: event.verb,
                source_where,
                target_where,
                rule: event.rule.clone(),
            });
        }
        out
    }

    // ----- time phrases -----

    fn check_time(&mut self) -> Option<CodeProblem> {
        let mut index = 0;
        self.clause_start = 0;
        self.clause_end = None;
        while index < self.sentence.halt {
            if self.sentence.has_head(index, WordType::Time) {
                let Some(RootData::Verb(entry)) = self.sentence.words[index].root.map(|r| &self.lexicon.roots[r].data)
                else {
                    index += 1;
                    continue;
                };
                let entry = &self.lexicon.verbs[*entry];
                for pattern in &entry.patterns {
                    if self.check_pattern(&pattern.phrase, index, WordType::Time).is_some() {
                        if let PatternCode::Time(code) = pattern.code {
                            match time_effect(code) {
                                Some(problem) => return problem,
                                None => continue,
                            }
                        }
                    }
                }
                if let PatternCode::Time(code) = entry.code {
                    match time_effect(code) {
                        Some(problem) => return problem,
                        None => {
                            while index < self.sentence.halt && !self.sentence.has_tail(index, WordType::Time) {
                                index += 1;
                            }
                        }
                    }
                }
            }
            index += 1;
        }
        None
    }

    // ----- pattern matching -----

    /// TABARI's `checkPattern`: matches the part of the pattern after `*` forward from the end of
    /// the verb, then the part before `*` backward from its start.
    fn check_pattern<'p>(&self, phrase: &'p [PhraseElem], loc: usize, wtype: WordType) -> Option<Matcher<'p>> {
        let verb_pos = phrase.iter().position(|e| e.elem == Elem::Sym(Sym::Verb))?;
        let mut m = Matcher {
            high: true,
            skip: false,
            full: true,
            phrase,
            pos: verb_pos as isize,
            loc: loc as isize,
            lenalt: 0,
            cond: false,
            saved: (0, 0, false),
            index_source: None,
            index_target: None,
            index_compound: None,
            depth: 0,
        };
        let halt = self.sentence.halt as isize;
        while m.loc < halt && !self.sentence.has_tail(m.loc as usize, wtype) {
            m.loc += 1;
        }
        let mut state = self.next_check(&mut m);
        while state == 2 {
            let result = if m.phrase[m.pos as usize].conn & 0x0002 != 0 {
                self.comp_synset(&mut m)
            } else {
                if m.phrase[m.pos as usize].elem == Elem::Sym(Sym::Open) {
                    self.init_condit(&mut m);
                }
                self.comp_target(&mut m)
            };
            state = self.state_check(&mut m, result);
            if state == 0 && m.cond {
                state = self.cond_check(&mut m);
            }
        }
        if state == 0 {
            return None;
        }
        if verb_pos == 0 {
            return Some(m);
        }
        m.high = false;
        m.phrase = phrase;
        m.pos = verb_pos as isize;
        m.loc = loc as isize;
        let mut state = self.next_check(&mut m);
        while state == 2 {
            let result = if m.phrase[m.pos as usize].conn & 0x0002 != 0 {
                self.lower_synset(&mut m)
            } else {
                if m.phrase[m.pos as usize].elem == Elem::Sym(Sym::Close) {
                    self.init_condit(&mut m);
                }
                self.comp_target(&mut m)
            };
            state = self.state_check(&mut m, result);
            if state == 0 && m.cond {
                state = self.cond_check(&mut m);
            }
        }
        if state == 0 {
            return None;
        }
        Some(m)
    }

    /// A synonym set before the verb: tried at successive earlier words while the skip mode
    /// allows (TABARI's lower-phrase synset loop).
    fn lower_synset(&self, m: &mut Matcher<'_>) -> u8 {
        save_state(m);
        let mut result = 0;
        let mut again = true;
        while again {
            result = self.comp_synset(m);
            again = if result == 0 { continue_check(m, self.iend()) == 2 } else { false };
        }
        if result == 0 {
            m.cond = false;
            restore_state(m);
        }
        result
    }

    fn next_check(&self, m: &mut Matcher<'_>) -> u8 {
        let len = m.phrase.len() as isize;
        if m.high {
            if m.cond {
                let next = m.pos + 1;
                if next < len && matches!(m.phrase[next as usize].elem, Elem::Sym(Sym::Or | Sym::Close)) {
                    m.cond = false;
                    while m.pos < len && m.phrase[m.pos as usize].elem != Elem::Sym(Sym::Close) {
                        m.pos += 1;
                    }
                    if m.pos >= len {
                        return 1;
                    }
                }
            }
            m.skip = m.phrase[m.pos as usize].conn & CONN_A != 0;
            m.pos += 1;
            if m.pos >= len {
                return 1;
            }
            m.loc += 1;
            if m.loc > self.iend() as isize {
                return 0;
            }
        } else {
            m.pos -= 1;
            if m.pos < 0 {
                return 1;
            }
            if m.cond && matches!(m.phrase[m.pos as usize].elem, Elem::Sym(Sym::Or | Sym::Open)) {
                m.cond = false;
                while m.pos >= 0 && m.phrase[m.pos as usize].elem != Elem::Sym(Sym::Open) {
                    m.pos -= 1;
                }
                m.pos -= 1;
                if m.pos < 0 {
                    return 1;
                }
            }
            m.skip = m.phrase[m.pos as usize].conn & CONN_A != 0;
            m.loc -= 1;
            if m.loc < 0 {
                return 0;
            }
        }
        m.full = m.phrase[m.pos as usize].conn & CONN_B == 0;
        2
    }

    fn state_check(&self, m: &mut Matcher<'_>, result: u8) -> u8 {
        let passed = if m.full { result == 2 } else { result > 0 };
        if passed {
            self.next_check(m)
        } else if m.skip {
            continue_check(m, self.iend())
        } else {
            0
        }
    }

    fn init_condit(&self, m: &mut Matcher<'_>) {
        save_state(m);
        if m.high {
            m.pos += 1;
        } else {
            m.pos -= 1;
        }
    }

    fn cond_check(&self, m: &mut Matcher<'_>) -> u8 {
        let len = m.phrase.len() as isize;
        if m.high {
            while m.pos < len && !matches!(m.phrase[m.pos as usize].elem, Elem::Sym(Sym::Or | Sym::Close)) {
                m.pos += 1;
            }
            if m.pos >= len || m.phrase[m.pos as usize].elem == Elem::Sym(Sym::Close) {
                return 0;
            }
        } else {
            while m.pos >= 0 && !matches!(m.phrase[m.pos as usize].elem, Elem::Sym(Sym::Or | Sym::Open)) {
                m.pos -= 1;
            }
            if m.pos < 0 || m.phrase[m.pos as usize].elem == Elem::Sym(Sym::Open) {
                return 0;
            }
        }
        restore_state(m);
        m.pos += if m.high { 1 } else { -1 };
        if m.pos < 0 || m.pos >= len {
            return 0;
        }
        m.full = m.phrase[m.pos as usize].conn & CONN_B == 0;
        2
    }

    fn comp_synset(&self, m: &mut Matcher<'_>) -> u8 {
        let Elem::Syn(syn) = m.phrase[m.pos as usize].elem else { return 0 };
        for member in &self.lexicon.synsets[syn].members {
            let result = self.check_sub_pattern(m, &member.phrase);
            if result != 0 {
                return result;
            }
        }
        0
    }

    fn check_sub_pattern(&self, m: &mut Matcher<'_>, member: &[PhraseElem]) -> u8 {
        if member.is_empty() {
            return 0;
        }
        let saved_phrase = m.phrase;
        let saved_pos = m.pos;
        let saved_loc = m.loc;
        if m.depth > 8 {
            return 0;
        }
        let mut sub = Matcher {
            high: m.high,
            skip: m.skip,
            full: m.full,
            phrase: member,
            pos: 0,
            loc: m.loc,
            lenalt: m.lenalt,
            cond: m.cond,
            saved: m.saved,
            index_source: m.index_source,
            index_target: m.index_target,
            index_compound: m.index_compound,
            depth: m.depth + 1,
        };
        let mut state = 2;
        while state == 2 {
            let result = if sub.phrase[sub.pos as usize].conn & 0x0002 != 0 {
                if sub.high {
                    self.comp_synset(&mut sub)
                } else {
                    self.lower_synset(&mut sub)
                }
            } else {
                self.comp_target(&mut sub)
            };
            state = self.state_check(&mut sub, result);
        }
        // Everything but the phrase position and the text location carries back (TABARI
        // shares these globals between the pattern and its synset members).
        m.skip = sub.skip;
        m.full = sub.full;
        m.lenalt = sub.lenalt;
        m.cond = sub.cond;
        m.saved = sub.saved;
        m.index_source = sub.index_source;
        m.index_target = sub.index_target;
        m.index_compound = sub.index_compound;
        m.phrase = saved_phrase;
        m.pos = saved_pos;
        m.loc = saved_loc;
        if state != 0 {
            2
        } else {
            0
        }
    }

    /// TABARI's `compTarget`: 0 no match, 1 stem match, 2 exact match (also for actors).
    fn comp_target(&self, m: &mut Matcher<'_>) -> u8 {
        let Ok(loc) = usize::try_from(m.loc) else { return 0 };
        let Some(word) = self.sentence.words.get(loc) else { return 0 };
        match m.phrase[m.pos as usize].elem {
            Elem::Lit(lit) => match word.lits.iter().find(|&&(l, _)| l == lit) {
                Some(&(_, exact)) => {
                    if m.cond {
                        m.lenalt += self.lexicon.literals[lit as usize].len();
                    }
                    if exact {
                        2
                    } else {
                        1
                    }
                }
                None => 0,
            },
            Elem::Sym(Sym::Source) if word.wtype == WordType::Actor => match self.actor_head(loc) {
                Some(head) => {
                    m.index_source = Some(head);
                    2
                }
                None => 0,
            },
            Elem::Sym(Sym::Target) if word.wtype == WordType::Actor => match self.actor_head(loc) {
                Some(head) => {
                    m.index_target = Some(head);
                    2
                }
                None => 0,
            },
            Elem::Sym(Sym::Attrib) if word.wtype == WordType::Actor => u8::from(self.actor_head(loc).is_some()) * 2,
            Elem::Sym(Sym::Skip) if word.wtype == WordType::Actor => {
                let Some(head) = self.actor_head(loc) else { return 0 };
                if m.high {
                    m.loc = self.actor_tail(loc) as isize;
                } else {
                    m.loc = head as isize;
                }
                2
            }
            Elem::Sym(Sym::Compound)
                if self.sentence.has_head(loc, WordType::Compound)
                    && self.sentence.check_tail_tag(loc, WordType::Compound) =>
            {
                m.index_compound = Some(loc);
                2
            }
            _ => 0,
        }
    }
}

type ActorAgentAt = (String, Option<String>, usize);

fn save_state(m: &mut Matcher<'_>) {
    m.cond = true;
    m.saved = (m.loc, m.lenalt, m.skip);
}

fn restore_state(m: &mut Matcher<'_>) {
    m.loc = m.saved.0;
    m.lenalt = m.saved.1;
    m.skip = m.saved.2;
}

fn continue_check(m: &mut Matcher<'_>, iend: usize) -> u8 {
    if m.high {
        m.loc += 1;
        if m.loc > iend as isize {
            return 0;
        }
    } else {
        m.loc -= 1;
        if m.loc < 0 {
            return 0;
        }
    }
    2
}

fn time_effect(code: TimeCode) -> Option<Option<CodeProblem>> {
    match code {
        TimeCode::Discard => Some(Some(CodeProblem::Discard)),
        TimeCode::Complex => Some(Some(CodeProblem::Complex("complex code in time-shift phrase".into()))),
        TimeCode::Null => None,
        TimeCode::Shift(_) => Some(None),
    }
}

/// TABARI's `addCompositeCode`: `~X` agents follow the actor code, `X~` agents precede it; an
/// agent already in the code at a 3-character boundary is not repeated.
pub(crate) fn composite(actor: &str, agent: Option<&str>) -> String {
    let Some(agent) = agent else { return actor.to_string() };
    if let Some(suffix) = agent.strip_prefix('~') {
        match actor.find(suffix) {
            Some(at) if at % 3 == 0 => actor.to_string(),
            _ => format!("{actor}{suffix}"),
        }
    } else {
        let prefix = agent.strip_suffix('~').unwrap_or(agent);
        match actor.find(prefix) {
            Some(at) if at % 3 == 0 => actor.to_string(),
            _ => format!("{prefix}{actor}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::composite;

    #[test]
    fn composite_codes_skip_redundant_agents() {
        assert_eq!(composite("ARN", Some("~GOV")), "ARNGOV");
        assert_eq!(composite("USAGOV", Some("~GOV")), "USAGOV");
        assert_eq!(composite("ARN", Some("NGM~")), "NGMARN");
        assert_eq!(composite("GMWGOV", Some("~WGO")), "GMWGOVWGO");
        assert_eq!(composite("HGWGOVMED", Some("~GOVMED")), "HGWGOVMED");
        assert_eq!(composite("ITH", None), "ITH");
    }
}
