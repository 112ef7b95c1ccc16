//! TABARI's shallow parser: text filtering, words and their literals, root assignment (actors,
//! agents, verbs ...), nouns, compounds, subordinate clauses, clauses, pronouns, discards and the
//! complexity filter.
//!
//! Structures spanning several words (roots, compounds, clauses, subordinate clauses) are marked
//! with head and tail tags on their first and last word, as TABARI does; later stages and the
//! coder read those tags. Every loop is bounded by the end of the sentence, so no input makes
//! the parser run past it or loop forever.

use super::dict::{Lexicon, LitId, RootData, RootId, WordType};
use super::options::ParserOptions;

/// What a tag marks: a word type (for roots and segments) or a pronoun's referent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TagKind {
    Type(WordType),
    Ref(usize),
}

/// A head or tail tag with its segment index (roots use 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tag {
    pub kind: TagKind,
    pub index: u32,
}

/// One word of the filtered sentence (or the end marker, or a forwarded cell after it).
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// Byte range in the text given to the parser.
    pub start: usize,
    pub end: usize,
    /// The filtered, upper-cased text.
    pub text: String,
    /// Literals that match the word (as prefixes), shortest first, with "exact" flags.
    pub lits: Vec<(LitId, bool)>,
    pub symbol: bool,
    pub wtype: WordType,
    pub root: Option<RootId>,
    pub head: Vec<Tag>,
    pub tail: Vec<Tag>,
    pub mid_cap: bool,
    pub compound: bool,
}

impl Word {
    fn new(start: usize, end: usize, text: String) -> Word {
        Word {
            start,
            end,
            text,
            lits: Vec::new(),
            symbol: false,
            wtype: WordType::Null,
            root: None,
            head: Vec::new(),
            tail: Vec::new(),
            mid_cap: false,
            compound: false,
        }
    }

    fn halt(at: usize) -> Word {
        let mut word = Word::new(at, at, String::new());
        word.wtype = WordType::Halt;
        word
    }
}

/// A parsed sentence.
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    /// Words `0..halt`, the end marker at `halt`, forwarded cells after it.
    pub words: Vec<Word>,
    pub halt: usize,
    pub has_clauses: bool,
    pub discard: bool,
    pub complex: Option<String>,
    /// The forwarded actor and compound cells, when forwarding is active for this record.
    pub forward_actor: Option<usize>,
    pub forward_compound: Option<usize>,
    pub can_forward: bool,
}

/// Why parsing stopped before coding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParseError {
    NoText,
    TooShort,
}

impl Sentence {
    /// The index of the last word (TABARI's `iLex`).
    pub fn last(&self) -> usize {
        self.halt.saturating_sub(1)
    }

    pub fn has_head(&self, loc: usize, kind: WordType) -> bool {
        self.words.get(loc).is_some_and(|w| w.head.iter().any(|t| t.kind == TagKind::Type(kind)))
    }

    pub fn head_index(&self, loc: usize, kind: WordType) -> Option<u32> {
        self.words.get(loc)?.head.iter().find(|t| t.kind == TagKind::Type(kind)).map(|t| t.index)
    }

    pub fn has_tail(&self, loc: usize, kind: WordType) -> bool {
        self.words.get(loc).is_some_and(|w| w.tail.iter().any(|t| t.kind == TagKind::Type(kind)))
    }

    pub fn has_tail_index(&self, loc: usize, kind: WordType, index: u32) -> bool {
        self.words.get(loc).is_some_and(|w| w.tail.iter().any(|t| t.kind == TagKind::Type(kind) && t.index == index))
    }

    /// Whether an indexed head tag of `kind` at `loc` has its tail within the sentence.
    pub fn check_tail_tag(&self, loc: usize, kind: WordType) -> bool {
        let Some(index) = self.head_index(loc, kind) else { return false };
        let mut at = loc + 1;
        while at < self.halt && !self.has_tail_index(at, kind, index) {
            at += 1;
        }
        at < self.halt
    }

    /// The referent of a dereferenced pronoun.
    pub fn reference(&self, loc: usize) -> Option<usize> {
        self.words.get(loc)?.head.iter().find_map(|t| match t.kind {
            TagKind::Ref(target) => Some(target),
            TagKind::Type(_) => None,
        })
    }

    /// If `index` starts a segment of `kind`, the index just past its end (TABARI's
    /// `skipSegment`); bounded by the end of the sentence.
    pub fn skip_segment(&self, index: usize, kind: WordType) -> Option<usize> {
        let seg = self.head_index(index, kind)?;
        let mut at = index;
        while at < self.halt && !self.has_tail_index(at, kind, seg) {
            at += 1;
        }
        Some((at + 1).min(self.halt))
    }

    fn add_head(&mut self, loc: usize, kind: WordType, index: u32) {
        if let Some(word) = self.words.get_mut(loc) {
            word.head.push(Tag { kind: TagKind::Type(kind), index });
        }
    }

    fn add_tail(&mut self, loc: usize, kind: WordType, index: u32) {
        if let Some(word) = self.words.get_mut(loc) {
            word.tail.push(Tag { kind: TagKind::Type(kind), index });
        }
    }

    fn change_head(&mut self, loc: usize, old: WordType, new: WordType) {
        if let Some(tag) =
            self.words.get_mut(loc).and_then(|w| w.head.iter_mut().find(|t| t.kind == TagKind::Type(old)))
        {
            tag.kind = TagKind::Type(new);
        }
    }

    fn change_tail(&mut self, loc: usize, old: WordType, new: WordType) {
        if let Some(tag) =
            self.words.get_mut(loc).and_then(|w| w.tail.iter_mut().find(|t| t.kind == TagKind::Type(old)))
        {
            tag.kind = TagKind::Type(new);
        }
    }

    fn wtype(&self, loc: usize) -> WordType {
        self.words.get(loc).map_or(WordType::Halt, |w| w.wtype)
    }

    fn has_lit(&self, loc: usize, lit: LitId) -> bool {
        self.words.get(loc).is_some_and(|w| w.lits.iter().any(|&(l, _)| l == lit))
    }
}

/// TABARI's `filterText` plus blank compression: the words of `text` with their byte ranges.
///
/// Returns the words and whether the record is all capitals.
pub(crate) fn filter_words(text: &str) -> (Vec<(usize, usize, String)>, bool) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut all_caps = true;
    // Filtered characters with the byte offset of the source character they come from.
    let mut out: Vec<(char, usize, usize)> = Vec::with_capacity(chars.len() + 16);
    let is_digit_at = |idx: Option<usize>| idx.and_then(|i| chars.get(i)).is_some_and(|&(_, c)| c.is_ascii_digit());
    let mut idx = 0;
    while idx < chars.len() {
        let (offset, raw) = chars[idx];
        let end = offset + raw.len_utf8();
        let ch = fold_char(raw);
        if all_caps && ch.is_lowercase() {
            all_caps = false;
        }
        if ch == '/' && chars.get(idx + 1).is_some_and(|&(_, c)| c == '*') {
            // As in TABARI the scan for the closing "*/" starts at the opening '*'.
            idx += 1;
            while idx < chars.len() && !(chars[idx].1 == '*' && chars.get(idx + 1).is_some_and(|&(_, c)| c == '/')) {
                idx += 1;
            }
            idx += 2;
            continue;
        }
        if ch.is_ascii_punctuation() {
            let prev = idx.checked_sub(1);
            match ch {
                ';' | ':' | '(' | ')' => out.extend([(' ', offset, end), (',', offset, end), (' ', offset, end)]),
                ',' => {
                    if !(is_digit_at(prev) && is_digit_at(Some(idx + 1))) {
                        out.extend([(' ', offset, end), (',', offset, end), (' ', offset, end)]);
                    }
                }
                '.' => {
                    let keep = (is_digit_at(prev) && is_digit_at(Some(idx + 1)))
                        || prev.is_some_and(|p| fold_char(chars[p].1).is_ascii_uppercase());
                    out.push((if keep { '.' } else { ' ' }, offset, end));
                }
                '\'' | '$' => out.push((ch, offset, end)),
                '"' => out.extend([(' ', offset, end), ('"', offset, end), (' ', offset, end)]),
                _ => out.push((' ', offset, end)),
            }
        } else if ch.is_whitespace() {
            out.push((' ', offset, end));
        } else {
            out.push((ch, offset, end));
        }
        idx += 1;
    }
    // Compress blanks and break words longer than 63 characters, as TABARI does.
    let mut compact: Vec<(char, usize, usize)> = Vec::with_capacity(out.len());
    let mut run = 0;
    for (pos, &(ch, start, end)) in out.iter().enumerate() {
        if ch == ' ' {
            run = 0;
            if out.get(pos + 1).is_some_and(|&(next, _, _)| next == ' ') {
                continue;
            }
            compact.push((ch, start, end));
        } else {
            run += 1;
            if run >= 64 {
                if let Some(last) = compact.last_mut() {
                    last.0 = ' ';
                }
                run = 1;
            }
            compact.push((ch, start, end));
        }
    }
    let mut words = Vec::new();
    let mut current: Option<(usize, usize, String)> = None;
    for (ch, start, end) in compact {
        if ch == ' ' {
            if let Some(word) = current.take() {
                words.push(word);
            }
        } else {
            match current.as_mut() {
                Some(word) => {
                    word.1 = word.1.max(end);
                    word.2.push(ch);
                }
                None => current = Some((start, end, ch.to_string())),
            }
        }
    }
    if let Some(word) = current {
        words.push(word);
    }
    (words, all_caps)
}

/// Typographic characters that TABARI's ASCII filter expects in plain form.
fn fold_char(ch: char) -> char {
    match ch {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' => ' ',
        _ => ch,
    }
}

/// The literals matching `word` as prefixes (TABARI's `Literals.check`): a literal of one
/// character only matches a word whose second character is not a letter or digit.
fn word_literals(lexicon: &Lexicon, word: &str) -> Vec<(LitId, bool)> {
    let mut out = Vec::new();
    let second_is_alnum = word.chars().nth(1).is_some_and(|c| c.is_ascii_alphanumeric());
    for (idx, ch) in word.char_indices() {
        let end = idx + ch.len_utf8();
        if end == ch.len_utf8() && word.chars().count() > 1 && second_is_alnum {
            continue;
        }
        if let Some(lit) = lexicon.literal(&word[..end]) {
            out.push((lit, end == word.len()));
        }
    }
    out
}

/// Everything the previous record leaves for forwarding: its words after parsing.
#[derive(Debug, Clone, Default)]
pub(crate) struct ForwardSource {
    pub words: Vec<Word>,
}

/// Parses one record's text.
pub(crate) fn parse(
    lexicon: &Lexicon,
    options: &ParserOptions,
    text: &str,
    day: crate::date::DayNumber,
    forward: Option<&ForwardSource>,
) -> Result<Sentence, ParseError> {
    if text.trim().is_empty() {
        return Err(ParseError::NoText);
    }
    let (raw_words, all_caps) = filter_words(text);
    let mut words: Vec<Word> = Vec::with_capacity(raw_words.len() + 1);
    let mut first_cap = true;
    for (start, end, raw) in raw_words {
        if words.len() >= MAX_WORDS {
            break;
        }
        let mut word = Word::new(start, end, raw);
        if !all_caps && word.text.chars().next().is_some_and(char::is_uppercase) {
            if first_cap {
                first_cap = false;
            } else {
                word.mid_cap = true;
            }
        }
        let first = word.text.chars().next().unwrap_or(' ');
        if first.is_ascii_digit() && word_literals(lexicon, &word.text).is_empty() {
            word.mid_cap = false;
            word.symbol = true;
            word.wtype = WordType::Number;
        } else if first == ',' {
            word.mid_cap = false;
            word.symbol = true;
            word.wtype = WordType::Comma;
        } else {
            if !all_caps {
                word.text = word.text.to_ascii_uppercase();
            }
            word.lits = word_literals(lexicon, &word.text);
        }
        words.push(word);
    }
    if words.len() < options.min_words {
        return Err(ParseError::TooShort);
    }
    let halt = words.len();
    let end = words.last().map_or(0, |w| w.end);
    words.push(Word::halt(end));
    let mut sentence = Sentence {
        words,
        halt,
        has_clauses: false,
        discard: false,
        complex: None,
        forward_actor: None,
        forward_compound: None,
        can_forward: false,
    };
    if let Some(previous) = forward {
        set_forward(&mut sentence, previous);
    }
    make_synt(lexicon, &mut sentence);
    mark_nouns(lexicon, &mut sentence, day);
    if options.convert_agents {
        convert_agents(lexicon, &mut sentence);
    }
    mark_compound(lexicon, &mut sentence);
    mark_subordinate(options, &mut sentence);
    null_subordinate(&mut sentence);
    mark_clauses(&mut sentence);
    dereference_pronouns(lexicon, &mut sentence);
    sentence.discard = check_discards(lexicon, &sentence, day);
    if !sentence.discard {
        sentence.complex = evaluate_complexity(lexicon, options, &sentence);
    }
    Ok(sentence)
}

/// TABARI keeps at most 126 words of a sentence (the rest is cut).
const MAX_WORDS: usize = 126;

fn set_forward(sentence: &mut Sentence, previous: &ForwardSource) {
    sentence.can_forward = true;
    let prev = &previous.words;
    let mut idx = 0;
    let mut actor: Option<usize> = None;
    let mut compound: Option<usize> = None;
    while actor.is_none() && compound.is_none() && idx < prev.len() && prev[idx].wtype != WordType::Halt {
        let has_head = |w: &Word, kind: WordType| w.head.iter().any(|t| t.kind == TagKind::Type(kind));
        let has_tail = |w: &Word, kind: WordType| w.tail.iter().any(|t| t.kind == TagKind::Type(kind));
        if has_head(&prev[idx], WordType::Compound) {
            compound = Some(sentence.words.len());
            let first = sentence.words.len();
            while idx < prev.len() && prev[idx].wtype != WordType::Halt {
                let mut cell = Word::new(prev[idx].start, prev[idx].end, prev[idx].text.clone());
                cell.root = prev[idx].root;
                cell.wtype = prev[idx].wtype;
                cell.compound = true;
                if has_head(&prev[idx], WordType::Actor) {
                    cell.head.push(Tag { kind: TagKind::Type(WordType::Actor), index: 1 });
                }
                if has_tail(&prev[idx], WordType::Actor) {
                    cell.tail.push(Tag { kind: TagKind::Type(WordType::Actor), index: 1 });
                }
                sentence.words.push(cell);
                if has_tail(&prev[idx], WordType::Compound) {
                    break;
                }
                idx += 1;
            }
            sentence.words[first].head.push(Tag { kind: TagKind::Type(WordType::Compound), index: 1 });
            if let Some(last) = sentence.words.last_mut() {
                last.tail.push(Tag { kind: TagKind::Type(WordType::Compound), index: 1 });
            }
        }
        if idx < prev.len()
            && actor.is_none()
            && has_head(&prev[idx], WordType::Actor)
            && !has_head(&prev[idx], WordType::Pronoun)
        {
            actor = Some(sentence.words.len());
            let mut cell = Word::new(prev[idx].start, prev[idx].end, prev[idx].text.clone());
            cell.root = prev[idx].root;
            cell.wtype = prev[idx].wtype;
            cell.head.push(Tag { kind: TagKind::Type(WordType::Actor), index: 1 });
            cell.tail.push(Tag { kind: TagKind::Type(WordType::Actor), index: 1 });
            sentence.words.push(cell);
        }
        idx += 1;
    }
    sentence.forward_actor = actor;
    sentence.forward_compound = compound.or(actor);
}

/// Tries to match a root phrase starting at word `begin` (TABARI's `matchLex`); returns the
/// number of matched characters and the matched word indices.
fn match_root(lexicon: &Lexicon, sentence: &Sentence, root: RootId, begin: usize) -> Option<(usize, Vec<usize>)> {
    use super::dict::{Elem, CONN_A, CONN_B, CONN_EQUAL};
    let root_def = &lexicon.roots[root];
    let phrase = &root_def.phrase;
    let wtype = root_def.wtype;
    let mut loc = begin;
    let mut skip = false;
    let mut nmatch = 0;
    let mut matched = Vec::new();
    let mut elem_idx = 0;
    while elem_idx < phrase.len() && loc < sentence.halt {
        let word = &sentence.words[loc];
        if word.wtype == WordType::Comma && word.symbol {
            return None;
        }
        let Elem::Lit(lit) = phrase[elem_idx].elem else { return None };
        let found = word.lits.iter().find(|&&(l, _)| l == lit);
        let Some(&(_, exact)) = found else {
            if skip {
                loc += 1;
                continue;
            }
            return None;
        };
        let lit_len = lexicon.literals[lit as usize].len();
        nmatch += lit_len;
        matched.push(loc);
        let conn = phrase[elem_idx].conn;
        if !exact && conn & CONN_A == 0 {
            if conn == CONN_EQUAL || elem_idx + 1 < phrase.len() {
                return None;
            }
            let rest = &word.text[lit_len.min(word.text.len())..];
            let literal = &lexicon.literals[lit as usize];
            let extra = match wtype {
                WordType::Actor | WordType::Agent | WordType::Noun => match rest {
                    "S" => Some(1),
                    "'S" | "ES" => Some(2),
                    _ => None,
                },
                WordType::Verb => match rest {
                    "S" => Some(1),
                    "ED" | "ES" | "EN" => Some(2),
                    "ING" => Some(3),
                    "D" if literal.ends_with('E') => Some(1),
                    _ => None,
                },
                _ => None,
            };
            return extra.map(|extra| (nmatch + extra, matched));
        }
        skip = conn & CONN_B != 0;
        loc += 1;
        elem_idx += 1;
    }
    if elem_idx < phrase.len() {
        return None;
    }
    Some((nmatch, matched))
}

/// Assigns roots to words: the longest match (in characters) starting at each untyped word.
fn make_synt(lexicon: &Lexicon, sentence: &mut Sentence) {
    let mut loc = 0;
    while loc < sentence.halt {
        let word = &sentence.words[loc];
        if word.wtype != WordType::Null || word.lits.is_empty() {
            loc += 1;
            continue;
        }
        let mut best: Option<(usize, RootId, Vec<usize>)> = None;
        for &(lit, _) in &word.lits {
            let Some(roots) = lexicon.starts.get(&lit) else { continue };
            for &root in roots {
                if let Some((nmatch, matched)) = match_root(lexicon, sentence, root, loc) {
                    if best.as_ref().is_none_or(|(max, _, _)| nmatch > *max) {
                        best = Some((nmatch, root, matched));
                    }
                }
            }
        }
        if let Some((_, root, matched)) = best {
            let wtype = lexicon.roots[root].wtype;
            sentence.words[loc].root = Some(root);
            sentence.add_head(loc, wtype, 1);
            for &at in &matched {
                sentence.words[at].wtype = wtype;
            }
            if let Some(&last) = matched.last() {
                sentence.add_tail(last, wtype, 1);
            }
        }
        loc += 1;
    }
}

/// The actor codes of a root on `day` (empty for non-actor roots or when no block applies).
pub(crate) fn root_actor_codes(
    lexicon: &Lexicon,
    root: RootId,
    day: crate::date::DayNumber,
) -> &[super::codes::ActorAgent] {
    match &lexicon.roots[root].data {
        RootData::Actor(codes) => lexicon.actor_codes[*codes].resolve(day),
        _ => &[],
    }
}

fn mark_nouns(lexicon: &Lexicon, sentence: &mut Sentence, day: crate::date::DayNumber) {
    let mut loc = 0;
    while loc < sentence.halt {
        if sentence.wtype(loc) == WordType::Verb && loc > 0 {
            if sentence.wtype(loc - 1) == WordType::Determ || sentence.words[loc].mid_cap {
                sentence.words[loc].wtype = WordType::Noun;
                if sentence.has_head(loc, WordType::Verb) {
                    sentence.change_head(loc, WordType::Verb, WordType::Noun);
                    let mut at = loc;
                    while !sentence.has_tail(at, WordType::Verb) {
                        at += 1;
                        if at >= sentence.halt {
                            at -= 1;
                            break;
                        }
                        if sentence.wtype(at) == WordType::Verb && !sentence.has_head(at, WordType::Verb) {
                            sentence.words[at].wtype = WordType::Noun;
                        }
                    }
                    sentence.change_tail(at, WordType::Verb, WordType::Noun);
                }
            }
        } else if sentence.has_head(loc, WordType::Actor) && is_null_actor(lexicon, sentence.words[loc].root, day) {
            sentence.change_head(loc, WordType::Actor, WordType::Noun);
            sentence.words[loc].wtype = WordType::Noun;
            while !sentence.has_tail(loc, WordType::Actor) {
                loc += 1;
                if loc >= sentence.halt {
                    loc -= 1;
                    break;
                }
                if sentence.wtype(loc) == WordType::Actor && !sentence.has_head(loc, WordType::Actor) {
                    sentence.words[loc].wtype = WordType::Noun;
                }
            }
            sentence.change_tail(loc, WordType::Actor, WordType::Noun);
        }
        loc += 1;
    }
}

fn is_null_actor(lexicon: &Lexicon, root: Option<RootId>, day: crate::date::DayNumber) -> bool {
    root.is_some_and(|root| {
        root_actor_codes(lexicon, root, day).first().is_some_and(|c| c.actor == super::codes::NULL_CODE)
    })
}

fn convert_agents(lexicon: &Lexicon, sentence: &mut Sentence) {
    let mut loc = 0;
    while loc < sentence.halt {
        if sentence.wtype(loc) == WordType::Agent {
            let follows_actor = loc > 0
                && (sentence.wtype(loc - 1) == WordType::Actor
                    || sentence.has_tail(loc - 1, WordType::Actor)
                    || sentence.words[loc - 1].root == Some(lexicon.root_former));
            let head = loc;
            while !sentence.has_tail(loc, WordType::Agent) {
                loc += 1;
                if loc >= sentence.halt {
                    return;
                }
            }
            if !follows_actor {
                let mut convert = !(loc + 1 < sentence.halt && sentence.has_head(loc + 1, WordType::Actor));
                if convert
                    && loc + 2 < sentence.halt
                    && sentence.wtype(loc + 1) == WordType::Prep
                    && sentence.wtype(loc + 2) == WordType::Actor
                {
                    convert = false;
                }
                if convert {
                    sentence.words[head].wtype = WordType::Actor;
                    sentence.change_head(head, WordType::Agent, WordType::Actor);
                    sentence.change_tail(loc, WordType::Agent, WordType::Actor);
                }
            }
        }
        loc += 1;
    }
}

fn mark_compound(lexicon: &Lexicon, sentence: &mut Sentence) {
    let mut index = 1;
    let mut loc = 0;
    while loc < sentence.halt {
        let is_and = sentence.wtype(loc) == WordType::Conj
            && (sentence.has_lit(loc, lexicon.lit_and) || sentence.has_lit(loc, lexicon.lit_nor));
        if !is_and {
            loc += 1;
            continue;
        }
        let mut end = None;
        let mut at = loc + 1;
        while matches!(sentence.wtype(at), WordType::Actor | WordType::Determ | WordType::Adjctv) {
            if sentence.wtype(at) == WordType::Actor && sentence.has_head(at, WordType::Actor) {
                while at < sentence.halt && !sentence.has_tail(at, WordType::Actor) {
                    at += 1;
                }
                end = Some(at.min(sentence.halt - 1));
            }
            at += 1;
        }
        let Some(end) = end else {
            loc += 1;
            continue;
        };
        let mut start = None;
        let mut need_connect = false;
        let mut back = Some(loc);
        while let Some(at) = back {
            let wtype = sentence.wtype(at);
            if !matches!(
                wtype,
                WordType::Actor | WordType::Conj | WordType::Comma | WordType::Determ | WordType::Adjctv
            ) {
                break;
            }
            if matches!(wtype, WordType::Conj | WordType::Comma) {
                need_connect = false;
            }
            let mut cur = at;
            if wtype == WordType::Actor {
                if need_connect {
                    break;
                }
                while cur > 0 && !sentence.has_head(cur, WordType::Actor) {
                    cur -= 1;
                }
                start = Some(cur);
                need_connect = true;
            }
            back = cur.checked_sub(1);
        }
        if let Some(start) = start {
            sentence.add_head(start, WordType::Compound, index);
            sentence.add_tail(end, WordType::Compound, index);
            for at in start..=end {
                if let Some(inner) = sentence.head_index(at, WordType::Compound).filter(|&i| i < index) {
                    let mut tail = at;
                    while tail < sentence.halt && !sentence.has_tail_index(tail, WordType::Compound, inner) {
                        tail += 1;
                    }
                    if tail < sentence.halt {
                        sentence.change_head(at, WordType::Compound, WordType::NullTag);
                        sentence.change_tail(tail, WordType::Compound, WordType::NullTag);
                    }
                }
            }
            index += 1;
            for at in start..=end {
                sentence.words[at].compound = true;
            }
        }
        loc += 1;
    }
}

fn mark_subordinate(options: &ParserOptions, sentence: &mut Sentence) {
    let mut index = 1;
    let mut loc = 0;
    while loc < sentence.halt {
        if let Some(next) = sentence.skip_segment(loc, WordType::Compound) {
            loc = next.max(loc + 1);
            continue;
        }
        if sentence.wtype(loc) == WordType::Comma {
            let start = loc;
            if (options.min_begin_subord..=options.max_begin_subord).contains(&start) && start > 0 {
                sentence.add_head(0, WordType::Subord, index);
                sentence.add_tail(start - 1, WordType::Subord, index);
                index += 1;
            }
            loc += 1;
            while loc < sentence.halt && sentence.wtype(loc) != WordType::Comma {
                match sentence.skip_segment(loc, WordType::Compound) {
                    Some(next) => loc = next.max(loc + 1),
                    None => loc += 1,
                }
            }
            let inside = loc - start - 1;
            if loc >= sentence.halt {
                if (options.min_end_subord..=options.max_end_subord).contains(&inside) && inside > 0 {
                    sentence.add_head(start, WordType::Subord, index);
                    sentence.add_tail(sentence.halt - 1, WordType::Subord, index);
                }
                return;
            }
            if (options.min_subord..=options.max_subord).contains(&inside) {
                sentence.add_head(start, WordType::Subord, index);
                sentence.add_tail(loc, WordType::Subord, index);
                index += 1;
            }
        }
        if loc < sentence.halt {
            loc += 1;
        }
    }
}

fn null_subordinate(sentence: &mut Sentence) {
    if sentence.has_head(0, WordType::Subord) {
        sentence.words[0].wtype = WordType::Null;
    }
    let mut loc = 0;
    while loc < sentence.halt {
        if sentence.has_head(loc, WordType::Subord) {
            loop {
                loc += 1;
                if loc >= sentence.halt {
                    return;
                }
                sentence.words[loc].wtype = WordType::Null;
                let heads: Vec<Tag> = sentence.words[loc].head.clone();
                for tag in heads {
                    let TagKind::Type(kind) = tag.kind else { continue };
                    if kind == WordType::NullTag {
                        continue;
                    }
                    let mut at = loc;
                    while at < sentence.halt && !sentence.has_tail(at, kind) {
                        at += 1;
                    }
                    if at >= sentence.halt {
                        continue;
                    }
                    sentence.words[loc].wtype = WordType::NullTag;
                    sentence.change_head(loc, kind, WordType::NullTag);
                    sentence.change_tail(at, kind, WordType::NullTag);
                }
                let tails: Vec<Tag> = sentence.words[loc].tail.clone();
                for tag in tails {
                    let TagKind::Type(kind) = tag.kind else { continue };
                    if kind == WordType::NullTag || kind == WordType::Subord {
                        continue;
                    }
                    let mut at = loc;
                    while at > 0 && !sentence.has_head(at, kind) {
                        at -= 1;
                    }
                    if !sentence.has_head(at, kind) {
                        continue;
                    }
                    sentence.change_tail(loc, kind, WordType::NullTag);
                    sentence.change_head(at, kind, WordType::NullTag);
                    sentence.words[at].wtype = WordType::NullTag;
                }
                if sentence.has_tail(loc, WordType::Subord) {
                    break;
                }
            }
        }
        loc += 1;
    }
}

fn mark_clauses(sentence: &mut Sentence) {
    let mut index = 1;
    sentence.add_head(0, WordType::Clause, index);
    let mut loc = 0;
    while loc < sentence.halt {
        if let Some(next) = sentence.skip_segment(loc, WordType::Compound) {
            loc = next.max(loc + 1);
            continue;
        }
        if let Some(next) = sentence.skip_segment(loc, WordType::Subord) {
            loc = next.max(loc + 1);
            continue;
        }
        if sentence.wtype(loc) == WordType::Conj && loc > 0 && sentence.wtype(loc + 1) != WordType::Halt {
            let mut not_phrase = true;
            if sentence.wtype(loc - 1) == WordType::Noun {
                let mut at = loc + 1;
                while sentence.wtype(at) == WordType::Adjctv {
                    at += 1;
                }
                if sentence.wtype(at) == WordType::Noun {
                    not_phrase = false;
                    loc = at;
                }
            }
            if loc > 0 && sentence.wtype(loc - 1) == WordType::Adjctv && sentence.wtype(loc + 1) == WordType::Adjctv {
                not_phrase = false;
                loc += 1;
            }
            if not_phrase {
                sentence.has_clauses = true;
                sentence.add_tail(loc - 1, WordType::Clause, index);
                index += 1;
                sentence.add_head(loc + 1, WordType::Clause, index);
                loc += 1;
            }
        }
        loc += 1;
    }
    let last = sentence.halt.saturating_sub(1);
    sentence.add_tail(last, WordType::Clause, index);
}

fn dereference_pronouns(lexicon: &Lexicon, sentence: &mut Sentence) {
    for loc in 0..sentence.halt {
        if sentence.wtype(loc) != WordType::Pronoun {
            continue;
        }
        let Some(&(first_lit, _)) = sentence.words[loc].lits.first() else { continue };
        let mut target: Option<usize> = None;
        if lexicon.is_singular_pronoun(first_lit) {
            let mut at = 0;
            while at < loc {
                while at < loc && sentence.wtype(at) != WordType::Actor {
                    at += 1;
                }
                if at >= loc {
                    break;
                }
                if let Some(next) = sentence.skip_segment(at, WordType::Compound) {
                    at = next.max(at + 1);
                } else if !sentence.has_head(at, WordType::Actor) {
                    at += 1;
                } else {
                    target = Some(at);
                    break;
                }
            }
            if target.is_none() && sentence.can_forward {
                target = sentence.forward_actor;
            }
        } else if first_lit == lexicon.lit_the {
            let mut at = 0;
            while at < loc {
                while at < loc && sentence.wtype(at) != WordType::Actor {
                    at += 1;
                }
                if at >= loc {
                    break;
                }
                if sentence.has_head(at, WordType::Compound) {
                    target = Some(at);
                    break;
                }
                if target.is_none() {
                    target = Some(at);
                }
                at += 1;
            }
            if target.is_none() && sentence.can_forward {
                target = sentence.forward_compound;
            }
        }
        if let Some(target) = target {
            let word = &mut sentence.words[loc];
            word.wtype = WordType::Actor;
            word.head.push(Tag { kind: TagKind::Type(WordType::Actor), index: 1 });
            word.tail.push(Tag { kind: TagKind::Type(WordType::Actor), index: 1 });
            word.head.push(Tag { kind: TagKind::Ref(target), index: 0 });
            word.tail.push(Tag { kind: TagKind::Ref(target), index: 0 });
        }
    }
}

/// Whether any root in the sentence has a discard code (`###`) on the record date.
fn check_discards(lexicon: &Lexicon, sentence: &Sentence, day: crate::date::DayNumber) -> bool {
    sentence.words[..sentence.halt].iter().filter_map(|w| w.root).any(|root| match &lexicon.roots[root].data {
        RootData::Actor(_) => {
            root_actor_codes(lexicon, root, day).first().is_some_and(|c| c.actor == super::codes::DISCARD_CODE)
        }
        RootData::Verb(verb) => match &lexicon.verbs[*verb].code {
            super::dict::PatternCode::Event(code) => {
                code.pair.is_none()
                    && !code.primary.subordinate
                    && !code.primary.dominant
                    && code.primary.code == super::codes::DISCARD_CODE
            }
            // TABARI's discard test also fires on a time phrase coded [###].
            super::dict::PatternCode::Time(code) => *code == super::codes::TimeCode::Discard,
            super::dict::PatternCode::None => false,
        },
        _ => false,
    })
}

fn is_null_verb(lexicon: &Lexicon, root: Option<RootId>) -> bool {
    match root.map(|root| &lexicon.roots[root].data) {
        Some(RootData::Verb(verb)) => match &lexicon.verbs[*verb].code {
            super::dict::PatternCode::Event(code) => code.is_null(),
            _ => false,
        },
        _ => false,
    }
}

/// TABARI's complexity filter; returns the reason when the sentence is too complex.
fn evaluate_complexity(lexicon: &Lexicon, options: &ParserOptions, sentence: &Sentence) -> Option<String> {
    let limits = &options.complexity;
    let skip_subord = |loc: usize| sentence.skip_segment(loc, WordType::Subord);
    let count = |pred: &dyn Fn(usize) -> bool| {
        let mut n = 0;
        let mut loc = 0;
        while loc < sentence.halt {
            if let Some(next) = skip_subord(loc) {
                loc = next.max(loc + 1);
                continue;
            }
            if pred(loc) {
                n += 1;
            }
            loc += 1;
        }
        n
    };
    let n_verbs = count(&|loc| sentence.has_head(loc, WordType::Verb));
    let n_actors = count(&|loc| sentence.has_head(loc, WordType::Actor));
    let n_pronouns = count(&|loc| sentence.wtype(loc) == WordType::Pronoun);
    let mut n_conj = 0;
    let mut loc = 0;
    while loc < sentence.halt {
        if sentence.has_head(loc, WordType::Compound) {
            while loc < sentence.halt && !sentence.has_tail(loc, WordType::Compound) {
                loc += 1;
            }
            loc += 1;
        }
        if sentence.wtype(loc) == WordType::Conj {
            n_conj += 1;
        }
        loc += 1;
    }
    let mut first_verb = 0;
    while first_verb < sentence.halt {
        if let Some(next) = skip_subord(first_verb) {
            first_verb = next.max(first_verb + 1);
            continue;
        }
        if sentence.wtype(first_verb) == WordType::Verb
            && sentence.has_head(first_verb, WordType::Verb)
            && !is_null_verb(lexicon, sentence.words[first_verb].root)
        {
            break;
        }
        first_verb += 1;
    }
    let actor_between = |from: usize, to: usize| {
        let mut loc = from;
        while loc < to {
            if let Some(next) = skip_subord(loc) {
                loc = next.max(loc + 1);
                continue;
            }
            if sentence.wtype(loc) == WordType::Actor {
                return true;
            }
            loc += 1;
        }
        false
    };
    let mut reasons = Vec::new();
    let mut check = |limit: usize, value: usize, what: &str| {
        if limit > 0 && value >= limit {
            reasons.push(format!("{what}({value}) >= {limit}"));
        }
    };
    check(limits.verbs, n_verbs, "verbs");
    check(limits.actors, n_actors, "actors");
    check(limits.pronouns, n_pronouns, "pronouns");
    check(limits.conjunctions, n_conj, "conjunctions");
    if limits.no_actor_prior && !actor_between(0, first_verb) {
        reasons.push("no actor before verb".into());
    }
    if limits.no_actor_after && !actor_between(first_verb + 1, sentence.halt) {
        reasons.push("no actor after verb".into());
    }
    if limits.no_verb && n_verbs == 0 {
        reasons.push("no verb".into());
    }
    if reasons.is_empty() {
        None
    } else {
        Some(reasons.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::filter_words;

    #[test]
    fn filter_follows_tabari_punctuation_rules() {
        let (words, caps) = filter_words("Gondor's U.S. plan: $2,300.12 /*comment*/ (yes) Barad-dur.");
        let texts: Vec<&str> = words.iter().map(|(_, _, w)| w.as_str()).collect();
        assert_eq!(texts, ["Gondor's", "U.S.", "plan", ",", "$2300.12", ",", "yes", ",", "Barad", "dur"]);
        assert!(!caps);
        let text = "Gondor's U.S. plan";
        let (start, end, _) = &words[1];
        assert_eq!(&text[*start..*end], "U.S.");
        let (_, caps) = filter_words("ARNOR IS HERE /* lower case comment */");
        assert!(caps);
    }
}
