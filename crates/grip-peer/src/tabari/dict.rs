//! Reading TABARI dictionaries (`.actors`, `.agents`, `.verbs`) into a lexicon of literals and
//! roots, the form TABARI's shallow parser matches against.
//!
//! ## Phrase syntax
//! Words are upper-cased; a hyphen inside a phrase becomes `_`. Between words, a blank means
//! "other words may come between" and `_` means "next word must follow"; a blank after a word
//! also lets the word match as a stem (`ARGENTIN` matches `ARGENTINA`), `_` at the end asks for
//! the whole word (plus regular endings: `S`, `'S`, `ES` on nouns; `S`, `ED`, `ES`, `EN`, `ING`
//! on verbs), `=` at the end forbids endings, `~_` allows a stem but no gap. Verb patterns add
//! `*` (the verb), `$` (source), `+` (target), `@` (attribution), `%` (compound), `^` (skip an
//! actor), `&NAME` (a synonym set) and `{ a | b c }` (alternatives).
//!
//! Connector bits are kept exactly as TABARI stores them, because roots and patterns read the
//! same two bits with different meanings (see [`CONN_A`] and [`CONN_B`]).

use std::collections::{HashMap, HashSet};

use super::codes::{ActorCodes, EventCode, TimeCode};
use crate::PeerError;

/// Connector bit `0x0400`: in roots, the word may match as a stem; in patterns, other words may
/// follow before the next element.
pub(crate) const CONN_A: u16 = 0x0400;
/// Connector bit `0x4000`: in roots, other words may follow before the next element; in
/// patterns, the element may match as a stem.
pub(crate) const CONN_B: u16 = 0x4000;
/// Connector `=`: no regular endings.
pub(crate) const CONN_EQUAL: u16 = 0x0010;
const CONN_SPACE: u16 = CONN_A | CONN_B;
const CONN_FULL_SKIP: u16 = CONN_A;
const CONN_PART_NEXT: u16 = CONN_B;
const CONN_FULL_NEXT: u16 = 0;

/// Index of a literal (a word or word stem) in the lexicon.
pub(crate) type LitId = u32;
/// Index of a root (a dictionary phrase: actor, agent, verb, noun ...).
pub(crate) type RootId = usize;

/// The pattern symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sym {
    Verb,
    Source,
    Target,
    Attrib,
    Compound,
    Skip,
    Open,
    Or,
    Close,
    /// `,` or `#`: never match.
    Inert,
}

/// One element of a stored phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Elem {
    Lit(LitId),
    Sym(Sym),
    /// A synonym set, by index into [`Lexicon::synsets`].
    Syn(usize),
}

/// An element with its connector bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PhraseElem {
    pub elem: Elem,
    pub conn: u16,
}

/// What a root is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum WordType {
    Null,
    Actor,
    Agent,
    Verb,
    Time,
    Attrib,
    Determ,
    Noun,
    Adjctv,
    Auxil,
    Byword,
    Comma,
    Pronoun,
    Conj,
    Prep,
    Number,
    Clause,
    Compound,
    Subord,
    NullTag,
    Halt,
}

/// A verb pattern (or time, attribution or synset member pattern).
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub phrase: Vec<PhraseElem>,
    pub code: PatternCode,
    /// Fixed characters plus the longest alternative of each `{...}`.
    pub length: i32,
    /// Sum of the longest alternatives.
    pub maxalt: i32,
    /// `file:line` of the pattern.
    pub rule: String,
}

/// What a pattern or root carries.
#[derive(Debug, Clone)]
pub(crate) enum PatternCode {
    Event(EventCode),
    Time(TimeCode),
    None,
}

/// The codes and patterns a root points to.
#[derive(Debug, Clone)]
pub(crate) enum RootData {
    /// Built-in words (articles, pronouns ...), nouns, adjectives, synset designators.
    Plain,
    /// An actor: index into [`Lexicon::actor_codes`].
    Actor(usize),
    /// An agent code (`~GOV`, `NGM~`).
    Agent(String),
    /// A verb, verb form, time or attribution phrase: index into [`Lexicon::verbs`].
    Verb(usize),
}

/// A root: a dictionary phrase the parser can assign to words.
#[derive(Debug, Clone)]
pub(crate) struct Root {
    pub phrase: Vec<PhraseElem>,
    pub wtype: WordType,
    pub data: RootData,
}

/// A verb (or time or attribution phrase) with its primary code and patterns, longest first.
#[derive(Debug, Clone)]
pub(crate) struct VerbEntry {
    pub code: PatternCode,
    pub patterns: Vec<Pattern>,
    /// `file:line` of the main phrase.
    pub rule: String,
}

/// A synonym set: its member phrases, longest first.
#[derive(Debug, Clone)]
pub(crate) struct Synset {
    pub name: String,
    pub members: Vec<Pattern>,
}

/// The lexicon shared by TABARI's parser and coder.
#[derive(Debug, Clone)]
pub(crate) struct Lexicon {
    pub literals: Vec<String>,
    literal_ids: HashMap<String, LitId>,
    pub roots: Vec<Root>,
    /// Roots by their first literal, in dictionary order.
    pub starts: HashMap<LitId, Vec<RootId>>,
    pub actor_codes: Vec<ActorCodes>,
    pub verbs: Vec<VerbEntry>,
    pub synsets: Vec<Synset>,
    synset_ids: HashMap<String, usize>,
    rendered: HashSet<String>,
    pub lit_and: LitId,
    pub lit_nor: LitId,
    pub lit_the: LitId,
    pub lit_he: LitId,
    pub lit_him: LitId,
    pub lit_she: LitId,
    pub lit_her: LitId,
    pub lit_it: LitId,
    pub root_former: RootId,
    pub has_time_list: bool,
    pub has_attrib_list: bool,
}

impl Lexicon {
    pub(crate) fn new() -> Lexicon {
        let mut lexicon = Lexicon {
            literals: Vec::new(),
            literal_ids: HashMap::new(),
            roots: Vec::new(),
            starts: HashMap::new(),
            actor_codes: Vec::new(),
            verbs: Vec::new(),
            synsets: Vec::new(),
            synset_ids: HashMap::new(),
            rendered: HashSet::new(),
            lit_and: 0,
            lit_nor: 0,
            lit_the: 0,
            lit_he: 0,
            lit_him: 0,
            lit_she: 0,
            lit_her: 0,
            lit_it: 0,
            root_former: 0,
            has_time_list: false,
            has_attrib_list: false,
        };
        let builtins: [(&str, WordType); 22] = [
            ("A_", WordType::Determ),
            ("AN_", WordType::Determ),
            ("THE_", WordType::Determ),
            ("AND_", WordType::Conj),
            ("NOR_", WordType::Conj),
            ("BUT_", WordType::Conj),
            ("OR_", WordType::Conj),
            ("IN_", WordType::Prep),
            ("OF_", WordType::Prep),
            ("HE_", WordType::Pronoun),
            ("HIM_", WordType::Pronoun),
            ("SHE_", WordType::Pronoun),
            ("HER_", WordType::Pronoun),
            ("IT_", WordType::Pronoun),
            ("THEM_", WordType::Pronoun),
            ("THEIR_", WordType::Pronoun),
            ("THEY_", WordType::Pronoun),
            ("WERE_", WordType::Auxil),
            ("WAS_", WordType::Auxil),
            ("BEEN_", WordType::Auxil),
            ("BY_", WordType::Byword),
            ("FORMER_", WordType::Adjctv),
        ];
        for (phrase, wtype) in builtins {
            let elems = lexicon.store_phrase(phrase, false).expect("built-in phrases are valid");
            lexicon.add_root(elems, wtype, RootData::Plain);
        }
        lexicon.root_former = lexicon.roots.len() - 1;
        let lit = |lexicon: &mut Lexicon, s: &str| lexicon.intern(s);
        lexicon.lit_and = lit(&mut lexicon, "AND");
        lexicon.lit_nor = lit(&mut lexicon, "NOR");
        lexicon.lit_the = lit(&mut lexicon, "THE");
        lexicon.lit_he = lit(&mut lexicon, "HE");
        lexicon.lit_him = lit(&mut lexicon, "HIM");
        lexicon.lit_she = lit(&mut lexicon, "SHE");
        lexicon.lit_her = lit(&mut lexicon, "HER");
        lexicon.lit_it = lit(&mut lexicon, "IT");
        lexicon
    }

    fn intern(&mut self, s: &str) -> LitId {
        if let Some(&id) = self.literal_ids.get(s) {
            return id;
        }
        let id = LitId::try_from(self.literals.len()).expect("fewer than 2^32 literals");
        self.literals.push(s.to_string());
        self.literal_ids.insert(s.to_string(), id);
        id
    }

    /// The literal with this exact text, if any.
    pub(crate) fn literal(&self, s: &str) -> Option<LitId> {
        self.literal_ids.get(s).copied()
    }

    /// Whether the literal is one of the singular pronouns HE, HIM, SHE, HER, IT.
    pub(crate) fn is_singular_pronoun(&self, lit: LitId) -> bool {
        [self.lit_he, self.lit_him, self.lit_she, self.lit_her, self.lit_it].contains(&lit)
    }

    fn add_root(&mut self, phrase: Vec<PhraseElem>, wtype: WordType, data: RootData) -> RootId {
        let id = self.roots.len();
        if let Some(PhraseElem { elem: Elem::Lit(first), .. }) = phrase.first() {
            self.starts.entry(*first).or_default().push(id);
        }
        self.rendered.insert(self.render(&phrase));
        self.roots.push(Root { phrase, wtype, data });
        id
    }

    /// TABARI's phrase rendering (`Phrases.get`), used for duplicate detection.
    fn render(&self, phrase: &[PhraseElem]) -> String {
        let mut out = String::new();
        for elem in phrase {
            match elem.elem {
                Elem::Lit(id) => out.push_str(&self.literals[id as usize]),
                Elem::Sym(_) => out.push('?'),
                Elem::Syn(id) => out.push_str(&self.synsets[id].name),
            }
            out.push_str(match elem.conn {
                CONN_SPACE => " ",
                CONN_FULL_NEXT => "_",
                CONN_FULL_SKIP => "_ ",
                CONN_PART_NEXT => "~_",
                CONN_EQUAL => "=",
                _ => " ",
            });
        }
        out
    }

    /// Whether `phrase` (as written in a dictionary) duplicates an existing root.
    fn is_duplicate(&self, phrase: &str) -> bool {
        let mut key = phrase.to_string();
        if !key.ends_with('_') {
            key.push(' ');
        }
        self.rendered.contains(&key)
    }

    /// Stores a phrase as TABARI's `Phrases.store` does: words split at blanks, `_`, `~_`, `=`.
    fn store_phrase(&mut self, s: &str, synset_root: bool) -> Result<Vec<PhraseElem>, String> {
        let mut out = Vec::new();
        let bytes = s.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            while pos < bytes.len() && bytes[pos] == b' ' {
                pos += 1;
            }
            if pos >= bytes.len() {
                break;
            }
            let end = bytes[pos..].iter().position(|b| b" _~=".contains(b)).map(|rel| pos + rel);
            let word = &s[pos..end.unwrap_or(bytes.len())];
            match end {
                Some(end) => {
                    let delimiter = bytes[end];
                    let mut next = end + 1;
                    if word.starts_with('&') {
                        let syn = self.synset(word)?;
                        let conn = if delimiter == b' ' { CONN_FULL_SKIP | 0x0002 } else { CONN_PART_NEXT | 0x0002 };
                        out.push(PhraseElem { elem: Elem::Syn(syn), conn });
                        if delimiter == b'~' && bytes.get(next) == Some(&b'_') {
                            next += 1;
                        }
                    } else {
                        let conn = match delimiter {
                            b' ' => CONN_SPACE,
                            b'=' => CONN_EQUAL,
                            b'~' => {
                                if bytes.get(next) == Some(&b'_') {
                                    next += 1;
                                }
                                CONN_PART_NEXT
                            }
                            _ => {
                                if bytes.get(next) == Some(&b' ') {
                                    next += 1;
                                    CONN_FULL_SKIP
                                } else {
                                    CONN_FULL_NEXT
                                }
                            }
                        };
                        let elem = self.element(word);
                        out.push(PhraseElem { elem, conn });
                    }
                    pos = next;
                }
                None => {
                    if word.starts_with('&') && !synset_root {
                        let syn = self.synset(word)?;
                        out.push(PhraseElem { elem: Elem::Syn(syn), conn: CONN_FULL_SKIP | 0x0002 });
                    } else {
                        let elem = self.element(word);
                        out.push(PhraseElem { elem, conn: CONN_SPACE });
                    }
                    pos = bytes.len();
                }
            }
        }
        Ok(out)
    }

    fn synset(&self, name: &str) -> Result<usize, String> {
        self.synset_ids.get(name).copied().ok_or_else(|| format!("undeclared synset designator {name}"))
    }

    fn element(&mut self, word: &str) -> Elem {
        match word {
            "*" => Elem::Sym(Sym::Verb),
            "$" => Elem::Sym(Sym::Source),
            "+" => Elem::Sym(Sym::Target),
            "@" => Elem::Sym(Sym::Attrib),
            "%" => Elem::Sym(Sym::Compound),
            "^" => Elem::Sym(Sym::Skip),
            "{" => Elem::Sym(Sym::Open),
            "|" => Elem::Sym(Sym::Or),
            "}" => Elem::Sym(Sym::Close),
            "," | "#" => Elem::Sym(Sym::Inert),
            _ => Elem::Lit(self.intern(word)),
        }
    }
}

/// One dictionary line after TABARI's `parseLine`.
struct Line {
    phrase: String,
    /// Everything from the first `[` (or `---` when there is none).
    code: String,
    has_code: bool,
}

/// TABARI's `addBlanks`: puts blanks around `{`, `|`, `}` (keeping `_{` and `}_` joined).
fn add_blanks(s: &str, c: char) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (idx, &ch) in chars.iter().enumerate() {
        if ch != c {
            out.push(ch);
            continue;
        }
        let before = if idx == 0 { None } else { Some(chars[idx - 1]) };
        let after = chars.get(idx + 1).copied();
        // `_{` and `}_` keep the braces attached to their connector.
        let keep_before = before.is_none() || before == Some(' ') || (c == '{' && before == Some('_'));
        let keep_after = after.is_none() || after == Some(' ') || (c == '}' && after == Some('_'));
        if !keep_before {
            out.push(' ');
        }
        out.push(ch);
        if !keep_after {
            out.push(' ');
        }
    }
    out
}

fn parse_line(line: &str, code_optional: bool, need_codes: bool) -> Result<Option<Line>, String> {
    let raw = line.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let mut sa = match raw.find(';') {
        Some(idx) => raw[..idx].to_string(),
        None => raw.to_string(),
    };
    if sa.starts_with('<') || sa.starts_with('&') {
        return Ok(Some(Line { phrase: sa.trim().to_string(), code: String::new(), has_code: false }));
    }
    if sa.starts_with('+') || sa.starts_with('{') {
        sa.push_str(" [---]");
    }
    let (phrase, code, has_code) = match sa.find('[') {
        Some(idx) => {
            let code = sa[idx..].to_string();
            let inner_end = code.find(']').unwrap_or(code.len());
            if code[1..inner_end].trim().is_empty() {
                return Err("no code specified between [...]".into());
            }
            (sa[..idx].to_string(), code, true)
        }
        None => {
            if !code_optional {
                return Err("missing left-bracket [".into());
            }
            (sa.clone(), "---".to_string(), false)
        }
    };
    let mut upper: String = phrase
        .chars()
        .enumerate()
        .map(|(idx, ch)| if idx > 0 && ch == '-' { '_' } else { ch.to_ascii_uppercase() })
        .collect();
    for c in ['{', '|', '}'] {
        upper = add_blanks(&upper, c);
    }
    let phrase = upper.trim_end().to_string();
    if !need_codes && phrase.chars().count() < 2 {
        return Err("no phrase has been specified".into());
    }
    Ok(Some(Line { phrase, code, has_code }))
}

/// TABARI's `lengthPattern`: (fixed length, total longest alternatives).
fn pattern_length(phrase: &str) -> (i32, i32) {
    let chars: Vec<char> = phrase.chars().collect();
    let count = |ch: char| -> i32 {
        let mut n = 0;
        if ch == '_' || ch == '\'' {
            n += 1;
        }
        if !ch.is_whitespace() && !ch.is_ascii_punctuation() {
            n += 1;
        }
        n
    };
    let (mut len, mut alt) = (0, 0);
    let mut idx = 1; // the leading '-' or '+' is skipped
    while idx < chars.len() {
        let ch = chars[idx];
        if ch == '{' {
            let mut max = 0;
            while idx < chars.len() && chars[idx] != '}' {
                idx += 1;
                let mut alternative = 0;
                while idx < chars.len() && chars[idx] != '|' && chars[idx] != '}' {
                    alternative += count(chars[idx]);
                    idx += 1;
                }
                max = max.max(alternative);
            }
            alt += max;
        } else {
            len += count(ch);
        }
        idx += 1;
    }
    (len, alt)
}

/// Inserts a pattern as TABARI's `storePattern` does: before the first pattern whose total
/// length is shorter than the new pattern's fixed length.
fn insert_pattern(list: &mut Vec<Pattern>, pattern: Pattern, fixed_len: i32) {
    let pos = list.iter().position(|existing| existing.length < fixed_len).unwrap_or(list.len());
    list.insert(pos, pattern);
}

/// Lines of a dictionary file as TABARI reads them: skips empty lines and lines starting with
/// `/` or `#`, stops at a line starting with `~`.
fn dictionary_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(idx, line)| (idx + 1, line.trim_end_matches('\r')))
        .take_while(|(_, line)| !line.starts_with('~'))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('/') && !line.starts_with('#'))
}

/// Reader state for one file, to build errors that name the file and line.
struct FileReader<'a> {
    name: &'a str,
}

impl FileReader<'_> {
    fn err(&self, line: usize, reason: impl Into<String>) -> PeerError {
        PeerError::parse(self.name, line, reason)
    }
}

impl Lexicon {
    /// Reads a `.actors` file (with `<NOUN>` and `<ADJECTIVE>` lists).
    pub(crate) fn read_actors(&mut self, name: &str, text: &str) -> Result<(), PeerError> {
        let file = FileReader { name };
        let mut lines = dictionary_lines(text);
        // The actor whose codes are still to come (codes on following lines), with the text of
        // its code blocks so far and the line it started on.
        let mut pending: Option<(usize, String, usize)> = None;
        let mut parent: Option<usize> = None;
        // After a duplicate entry, its synonyms and code lines are skipped as TABARI does.
        let mut skipping = false;
        while let Some((line_no, line)) = lines.next() {
            let parsed = parse_line(line, true, pending.is_some()).map_err(|reason| file.err(line_no, reason))?;
            let Some(parsed) = parsed else { continue };
            if parsed.phrase.contains("<NOUN") || parsed.phrase.contains("<ADJ") {
                let (end_tag, wtype) = if parsed.phrase.contains("<NOUN") {
                    ("</NOUN>", WordType::Noun)
                } else {
                    ("</ADJ", WordType::Adjctv)
                };
                let mut closed = false;
                for (word_line_no, word_line) in lines.by_ref() {
                    let word = parse_line(word_line, true, false).map_err(|reason| file.err(word_line_no, reason))?;
                    let Some(word) = word else { continue };
                    if word.phrase.contains(end_tag) {
                        closed = true;
                        break;
                    }
                    if !self.is_duplicate(&word.phrase) {
                        let elems = self.store_phrase(&word.phrase, false).map_err(|r| file.err(word_line_no, r))?;
                        self.add_root(elems, wtype, RootData::Plain);
                    }
                }
                if !closed {
                    return Err(file.err(line_no, format!("no {end_tag} tag before the end of the file")));
                }
                continue;
            }
            if skipping && (parsed.phrase.is_empty() || parsed.phrase.starts_with('+')) {
                continue;
            }
            if let Some(synonym) = parsed.phrase.strip_prefix('+') {
                let Some(codes) = parent else {
                    return Err(file.err(line_no, "synonym '+' before any actor"));
                };
                if !self.is_duplicate(synonym) {
                    let elems = self.store_phrase(synonym, false).map_err(|r| file.err(line_no, r))?;
                    self.add_root(elems, WordType::Actor, RootData::Actor(codes));
                }
                continue;
            }
            if parsed.phrase.is_empty() {
                // A date-restricted code block for the pending actor.
                match pending.as_mut() {
                    Some((_, blocks, _)) => {
                        blocks.push_str(&parsed.code);
                        blocks.push(' ');
                    }
                    None => return Err(file.err(line_no, "code block without an actor")),
                }
                continue;
            }
            if let Some((codes, blocks, start)) = pending.take() {
                self.actor_codes[codes] = ActorCodes::parse(&blocks, false).map_err(|r| file.err(start, r))?;
            }
            skipping = self.is_duplicate(&parsed.phrase);
            if skipping {
                continue;
            }
            let elems = self.store_phrase(&parsed.phrase, false).map_err(|r| file.err(line_no, r))?;
            let codes = self.actor_codes.len();
            self.actor_codes.push(ActorCodes::default());
            self.add_root(elems, WordType::Actor, RootData::Actor(codes));
            parent = Some(codes);
            if parsed.has_code {
                self.actor_codes[codes] = ActorCodes::parse(&parsed.code, false).map_err(|r| file.err(line_no, r))?;
            } else {
                pending = Some((codes, String::new(), line_no));
            }
        }
        if let Some((codes, blocks, start)) = pending {
            if blocks.trim().is_empty() {
                return Err(file.err(start, "actor has no code"));
            }
            self.actor_codes[codes] = ActorCodes::parse(&blocks, false).map_err(|r| file.err(start, r))?;
        }
        Ok(())
    }

    /// Reads a `.agents` file: `PHRASE [~CODE]` or `PHRASE [CODE~]`.
    pub(crate) fn read_agents(&mut self, name: &str, text: &str) -> Result<(), PeerError> {
        let file = FileReader { name };
        for (line_no, line) in dictionary_lines(text) {
            let Some(parsed) = parse_line(line, false, false).map_err(|r| file.err(line_no, r))? else { continue };
            let close = parsed.code.find(']').ok_or_else(|| file.err(line_no, "missing right-bracket ]"))?;
            let code = parsed.code[1..close].trim().to_string();
            if !code.contains('~') {
                return Err(file.err(line_no, "an agent code needs a '~' (~GOV or NGO~)"));
            }
            if self.is_duplicate(&parsed.phrase) {
                continue;
            }
            let elems = self.store_phrase(&parsed.phrase, false).map_err(|r| file.err(line_no, r))?;
            self.add_root(elems, WordType::Agent, RootData::Agent(code));
        }
        Ok(())
    }

    /// Reads a `.verbs` file, with `<SYNSETS>`, `<TIME>` and `<ATTRIB>` sections.
    pub(crate) fn read_verbs(&mut self, name: &str, text: &str) -> Result<(), PeerError> {
        let file = FileReader { name };
        let mut lines = dictionary_lines(text);
        let mut current: Option<usize> = None; // verb entry receiving patterns and forms
        let mut skip = false; // the current verb was a duplicate: skip its forms and patterns
        while let Some((line_no, line)) = lines.next() {
            let parsed = parse_line(line, false, false).map_err(|r| file.err(line_no, r))?;
            let Some(parsed) = parsed else { continue };
            let phrase = parsed.phrase.as_str();
            if phrase.contains("<SYN") {
                self.read_synsets(&file, &mut lines, line_no)?;
                continue;
            }
            if phrase.contains("<TIME>") || phrase.contains("<ATTRIB") {
                let (end_tag, wtype) = if phrase.contains("<TIME>") {
                    ("</TIME>", WordType::Time)
                } else {
                    ("</ATTRIB", WordType::Attrib)
                };
                if wtype == WordType::Time {
                    self.has_time_list = true;
                } else {
                    self.has_attrib_list = true;
                }
                self.read_special_section(&file, &mut lines, line_no, end_tag, wtype)?;
                continue;
            }
            let rule = format!("{name}:{line_no}");
            if phrase.starts_with('-') {
                if !phrase.contains('*') {
                    return Err(file.err(line_no, "no verb marker '*' in the pattern"));
                }
                if skip {
                    continue;
                }
                let Some(verb) = current else {
                    return Err(file.err(line_no, "pattern before any verb"));
                };
                let code = EventCode::parse(&parsed.code).map_err(|r| file.err(line_no, r))?;
                let pattern =
                    self.make_pattern(phrase, PatternCode::Event(code), rule).map_err(|r| file.err(line_no, r))?;
                let fixed = pattern_length(phrase).0;
                insert_pattern(&mut self.verbs[verb].patterns, pattern, fixed);
                continue;
            }
            if phrase.as_bytes().get(1) == Some(&b'{') || phrase.starts_with('{') {
                if skip {
                    continue;
                }
                let Some(verb) = current else {
                    return Err(file.err(line_no, "verb forms before any verb"));
                };
                let inner = phrase.trim_start().trim_start_matches('{');
                let forms: Vec<&str> = inner.split([' ', '}']).filter(|form| !form.is_empty()).collect();
                if forms.is_empty() {
                    return Err(file.err(line_no, "no verb forms inside {...}"));
                }
                for form in forms {
                    if self.is_duplicate(form) {
                        continue;
                    }
                    let elems = self.store_phrase(form, false).map_err(|r| file.err(line_no, r))?;
                    self.add_root(elems, WordType::Verb, RootData::Verb(verb));
                }
                continue;
            }
            if self.is_duplicate(phrase) {
                skip = true;
                continue;
            }
            let code = EventCode::parse(&parsed.code).map_err(|r| file.err(line_no, r))?;
            let elems = self.store_phrase(phrase, false).map_err(|r| file.err(line_no, r))?;
            let verb = self.verbs.len();
            self.verbs.push(VerbEntry { code: PatternCode::Event(code), patterns: Vec::new(), rule });
            self.add_root(elems, WordType::Verb, RootData::Verb(verb));
            current = Some(verb);
            skip = false;
        }
        Ok(())
    }

    fn make_pattern(&mut self, phrase: &str, code: PatternCode, rule: String) -> Result<Pattern, String> {
        let (fixed, alt) = pattern_length(phrase);
        let elems = self.store_phrase(&phrase[1..], false)?;
        Ok(Pattern { phrase: elems, code, length: fixed + alt, maxalt: alt, rule })
    }

    fn read_synsets<'a>(
        &mut self,
        file: &FileReader<'_>,
        lines: &mut impl Iterator<Item = (usize, &'a str)>,
        start: usize,
    ) -> Result<(), PeerError> {
        let mut current: Option<usize> = None;
        let mut skip = false;
        for (line_no, line) in lines.by_ref() {
            let Some(parsed) = parse_line(line, true, false).map_err(|r| file.err(line_no, r))? else { continue };
            let phrase = parsed.phrase.as_str();
            if phrase.contains("</SYN") {
                return Ok(());
            }
            if let Some(member) = phrase.strip_prefix('+') {
                let Some(syn) = current else {
                    return Err(file.err(line_no, "synset member before any &designator"));
                };
                if skip {
                    continue;
                }
                if member.contains(&self.synsets[syn].name) {
                    return Err(file.err(line_no, "synset designator used in one of its own members"));
                }
                let rule = format!("{}:{line_no}", file.name);
                let pattern = self.make_pattern(phrase, PatternCode::None, rule).map_err(|r| file.err(line_no, r))?;
                let fixed = pattern_length(phrase).0;
                insert_pattern(&mut self.synsets[syn].members, pattern, fixed);
                continue;
            }
            if !phrase.starts_with('&') {
                return Err(file.err(line_no, "expected a &designator or a +member in <SYNSETS>"));
            }
            let name = phrase.split_whitespace().next().unwrap_or(phrase).to_string();
            if self.synset_ids.contains_key(&name) {
                skip = true;
                continue;
            }
            skip = false;
            let id = self.synsets.len();
            self.synsets.push(Synset { name: name.clone(), members: Vec::new() });
            self.synset_ids.insert(name, id);
            current = Some(id);
        }
        Err(file.err(start, "no </SYNSETS> tag before the end of the file"))
    }

    fn read_special_section<'a>(
        &mut self,
        file: &FileReader<'_>,
        lines: &mut impl Iterator<Item = (usize, &'a str)>,
        start: usize,
        end_tag: &str,
        wtype: WordType,
    ) -> Result<(), PeerError> {
        let mut current: Option<usize> = None;
        let code_optional = wtype == WordType::Attrib;
        for (line_no, line) in lines.by_ref() {
            let Some(parsed) = parse_line(line, code_optional, false).map_err(|r| file.err(line_no, r))? else {
                continue;
            };
            if parsed.phrase.contains(end_tag) {
                return Ok(());
            }
            let code = if wtype == WordType::Time {
                PatternCode::Time(TimeCode::parse(&parsed.code))
            } else if parsed.has_code {
                PatternCode::Event(EventCode::parse(&parsed.code).map_err(|r| file.err(line_no, r))?)
            } else {
                PatternCode::None
            };
            let rule = format!("{}:{line_no}", file.name);
            if parsed.phrase.starts_with('-') {
                let Some(entry) = current else {
                    return Err(file.err(line_no, "pattern before any phrase"));
                };
                if !parsed.phrase.contains('*') {
                    return Err(file.err(line_no, "no verb marker '*' in the pattern"));
                }
                let pattern = self.make_pattern(&parsed.phrase, code, rule).map_err(|r| file.err(line_no, r))?;
                let fixed = pattern_length(&parsed.phrase).0;
                insert_pattern(&mut self.verbs[entry].patterns, pattern, fixed);
                continue;
            }
            let elems = self.store_phrase(&parsed.phrase, false).map_err(|r| file.err(line_no, r))?;
            let entry = self.verbs.len();
            self.verbs.push(VerbEntry { code, patterns: Vec::new(), rule });
            self.add_root(elems, wtype, RootData::Verb(entry));
            current = Some(entry);
        }
        Err(file.err(start, format!("no {end_tag} tag before the end of the file")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase_of(lexicon: &Lexicon, elems: &[PhraseElem]) -> String {
        lexicon.render(elems)
    }

    #[test]
    fn phrases_keep_tabari_connectors() {
        let mut lexicon = Lexicon::new();
        let elems = lexicon.store_phrase("AL_GORE", false).expect("valid");
        assert_eq!(phrase_of(&lexicon, &elems), "AL_GORE ");
        let elems = lexicon.store_phrase("IN_ *", false).expect("valid");
        assert_eq!(elems[0].conn, CONN_FULL_SKIP);
        let elems = lexicon.store_phrase("RECENT~_*", false).expect("valid");
        assert_eq!(elems[0].conn, CONN_PART_NEXT);
        assert_eq!(elems[1].elem, Elem::Sym(Sym::Verb));
        let elems = lexicon.store_phrase("MOUSE=", false).expect("valid");
        assert_eq!(elems[0].conn, CONN_EQUAL);
        assert!(lexicon.store_phrase("* &NOPE X", false).is_err());
    }

    #[test]
    fn blanks_are_added_around_alternatives() {
        assert_eq!(add_blanks("DEMAND_{ GENEVA_ |", '{'), "DEMAND_{ GENEVA_ |");
        assert_eq!(add_blanks("A {B|C} D", '|'), "A {B | C} D");
        assert_eq!(pattern_length("- * FOR { ECONOMIC_SANCTIONS | TOTAL_BOYCOTT | EMBARGO }"), (3, 18));
    }
}
