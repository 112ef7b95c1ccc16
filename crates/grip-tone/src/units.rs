//! Units: the words the tone rules see, built from one sentence's grip-text tokens.
//!
//! grip's tokenizer splits "don't" into "do" + "n't" and "Russia's" into "Russia" + "'s", and
//! cuts ":)" into two punctuation tokens. The rules count words the way VADER does (one word
//! per whitespace-separated word), so clitics are folded into the word before them ("do n't"
//! becomes one negator), emoticons are glued back together, and punctuation is kept only as
//! marks on the next unit (clause boundaries, quotes).

use std::ops::Range;

use grip_model::TextRange;
use grip_text::{Token, TokenKind};

use crate::lexicon::{Lexicon, WordInfo, F_LEX, F_NEGATOR};

/// One unit: a word, a number or an emoticon.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// Range in the original text (covers folded-in clitics).
    pub range: TextRange,
    /// Index of the unit's first token in the whole document.
    pub token: u32,
    /// What the lexicon knows about the word.
    pub info: WordInfo,
    /// The lowercased word, as a range into [`SentenceUnits::lower`].
    pub lower: Range<u32>,
    /// ALL CAPS with at least two letters.
    pub upper: bool,
    /// Inside quotation marks, and how long the quotation is.
    pub quote: QuoteScope,
    /// Punctuation between the previous unit and this one (`P_*` flags).
    pub punct_before: u8,
    /// An exclamation mark follows the unit.
    pub exclaimed: bool,
}

/// Whether a unit is inside a quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QuoteScope {
    /// Not quoted.
    None,
    /// In a quotation of at most [`SCARE_QUOTE_MAX_WORDS`] words: scare quotes ("peacekeeping").
    Short,
    /// In a longer quotation: reported speech.
    Long,
}

/// A comma.
pub(crate) const P_COMMA: u8 = 1;
/// A semicolon, colon, dash or bracket: a clause boundary.
pub(crate) const P_STRONG: u8 = 2;
/// A quotation mark.
pub(crate) const P_QUOTE: u8 = 4;

/// The longest quotation, in words, treated as scare quotes.
pub(crate) const SCARE_QUOTE_MAX_WORDS: usize = 3;

/// The units of one sentence, with the counts the punctuation rules need.
#[derive(Debug, Default)]
pub(crate) struct SentenceUnits {
    pub units: Vec<Unit>,
    /// All lowercased words, concatenated.
    pub lower: String,
    /// Exclamation marks in the sentence.
    pub n_exclamation: u32,
    /// Question marks in the sentence.
    pub n_question: u32,
    /// Some but not all words are ALL CAPS.
    pub cap_differential: bool,
    /// Per token of the sentence, the index of the unit it belongs to (`u32::MAX` for none).
    pub token_unit: Vec<u32>,
    quote_marks: Vec<usize>,
    /// Scratch space for stem lookups.
    stem: String,
}

impl SentenceUnits {
    /// The lowercased text of a unit.
    pub(crate) fn lower(&self, unit: &Unit) -> &str {
        &self.lower[unit.lower.start as usize..unit.lower.end as usize]
    }

    /// The unit index of the document token `token`, if the token belongs to a unit.
    pub(crate) fn unit_of_token(&self, first_token: u32, token: u32) -> Option<usize> {
        let idx = token.checked_sub(first_token)? as usize;
        self.token_unit.get(idx).copied().filter(|&u| u != u32::MAX).map(|u| u as usize)
    }

    /// Rebuilds the units for the tokens `tokens` (document indices starting at `first_token`).
    pub(crate) fn build(
        &mut self,
        text: &str,
        tokens: &[Token],
        first_token: u32,
        lexicon: &Lexicon,
        morphology: bool,
    ) {
        self.units.clear();
        self.lower.clear();
        self.n_exclamation = 0;
        self.n_question = 0;
        self.token_unit.clear();
        self.token_unit.resize(tokens.len(), u32::MAX);
        self.quote_marks.clear();
        let mut punct_before = 0u8;
        let mut k = 0;
        while k < tokens.len() {
            let token = &tokens[k];
            let norm = token.norm(text);
            // Emoticons: a short whitespace-free chunk of punctuation (and at most one-letter words).
            if token.space_before || k == 0 {
                if let Some(end) = emoticon_chunk(text, tokens, k, lexicon) {
                    let range = TextRange::new(token.range.start(), tokens[end - 1].range.end());
                    let chunk = &text[range];
                    self.push_unit(range, first_token + k as u32, chunk, lexicon, punct_before, false);
                    for idx in k..end {
                        self.token_unit[idx] = (self.units.len() - 1) as u32;
                    }
                    punct_before = 0;
                    k = end;
                    continue;
                }
            }
            match token.kind {
                TokenKind::Word | TokenKind::Number | TokenKind::Abbreviation => {
                    let glued_before =
                        |symbol: &str| k > 0 && !token.space_before && tokens[k - 1].norm(text) == symbol;
                    let glued_after = |symbol: &str| {
                        tokens.get(k + 1).is_some_and(|next| !next.space_before && next.norm(text) == symbol)
                    };
                    if glued_before("@") || (glued_before("&") && glued_after(";")) {
                        // A user handle or an HTML entity ("&gt;") is not a word of the text.
                        k += 1;
                        continue;
                    }
                    if glued_before("#") && norm.len() <= 2 {
                        // "#FF": too short to be read as a word (as in VADER).
                        k += 1;
                        continue;
                    }
                    // Hyphenated compounds ("mock-ups", "anti-government") are one word, as in VADER.
                    let mut end = k + 1;
                    while end + 1 < tokens.len()
                        && !tokens[end].space_before
                        && !tokens[end + 1].space_before
                        && tokens[end].norm(text) == "-"
                        && tokens[end + 1].kind == TokenKind::Word
                    {
                        end += 2;
                    }
                    let range = TextRange::new(token.range.start(), tokens[end - 1].range.end());
                    let word = if end == k + 1 { norm } else { &text[range] };
                    // A capitalized word with a possessive inside a sentence is a name ("Opal Divine's").
                    let name = k > 0
                        && token.is_capitalized(text)
                        && tokens.get(end).is_some_and(|next| {
                            next.kind == TokenKind::Clitic && matches!(next.norm(text), "'s" | "'S")
                        });
                    self.push_unit(
                        range,
                        first_token + k as u32,
                        word,
                        lexicon,
                        punct_before,
                        morphology && end == k + 1,
                    );
                    if name {
                        if let Some(last) = self.units.last_mut() {
                            last.info = WordInfo::default();
                        }
                    }
                    for idx in k..end {
                        self.token_unit[idx] = (self.units.len() - 1) as u32;
                    }
                    punct_before = 0;
                    k = end;
                    continue;
                }
                TokenKind::Clitic => {
                    let negation = norm.eq_ignore_ascii_case("n't") || norm.eq_ignore_ascii_case("nt");
                    match self.units.last_mut() {
                        Some(last) if !token.space_before => {
                            last.range = TextRange::new(last.range.start(), token.range.end());
                            if negation {
                                // "do n't" is one negator, as "don't" is in VADER.
                                last.info = WordInfo { flags: F_NEGATOR, ..WordInfo::default() };
                                if last.lower.end as usize == self.lower.len() {
                                    self.lower.push_str("n't");
                                    last.lower.end = self.lower.len() as u32;
                                }
                            }
                            self.token_unit[k] = (self.units.len() - 1) as u32;
                        }
                        _ if negation => {
                            self.push_unit(token.range, first_token + k as u32, "n't", lexicon, punct_before, false);
                            self.token_unit[k] = (self.units.len() - 1) as u32;
                            punct_before = 0;
                        }
                        _ => {}
                    }
                }
                TokenKind::Punct => {
                    if norm.contains('!') {
                        if let Some(last) = self.units.last_mut() {
                            last.exclaimed = true;
                        }
                    }
                    for ch in norm.chars() {
                        match ch {
                            '!' => self.n_exclamation += 1,
                            '?' => self.n_question += 1,
                            _ => {}
                        }
                    }
                    if norm == "\"" || norm == "``" || norm == "''" {
                        self.quote_marks.push(self.units.len());
                        punct_before |= P_QUOTE;
                    } else if norm == "'"
                        && tokens.get(k + 1).is_some_and(|next| !next.space_before && next.norm(text) == "'")
                    {
                        // NYT-style '' quotes come out as two apostrophe tokens.
                        self.quote_marks.push(self.units.len());
                        punct_before |= P_QUOTE;
                        k += 1;
                    } else if norm == "," {
                        punct_before |= P_COMMA;
                    } else if matches!(norm, ";" | ":" | "-" | "--" | "(" | ")" | "[" | "]" | "...") {
                        punct_before |= P_STRONG;
                    }
                }
                TokenKind::Symbol | TokenKind::Url | TokenKind::Email => {}
            }
            k += 1;
        }
        self.mark_quotes();
        let n_upper = self.units.iter().filter(|unit| unit.upper).count();
        self.cap_differential = n_upper > 0 && n_upper < self.units.len();
    }

    fn push_unit(
        &mut self,
        range: TextRange,
        token: u32,
        word: &str,
        lexicon: &Lexicon,
        punct_before: u8,
        morphology: bool,
    ) {
        let start = self.lower.len() as u32;
        let (n_letters, all_upper) = if word.is_ascii() {
            self.lower.push_str(word);
            self.lower[start as usize..].make_ascii_lowercase();
            let letters = word.bytes().filter(u8::is_ascii_alphabetic);
            (letters.clone().count(), letters.clone().all(|b| b.is_ascii_uppercase()))
        } else {
            let (mut n_letters, mut all_upper) = (0, true);
            for ch in word.chars() {
                if ch.is_alphabetic() {
                    n_letters += 1;
                    all_upper &= ch.is_uppercase();
                }
                self.lower.extend(ch.to_lowercase());
            }
            (n_letters, all_upper)
        };
        let end = self.lower.len() as u32;
        let lower = &self.lower[start as usize..end as usize];
        let mut info = lexicon.get(lower);
        if morphology && info.flags == 0 {
            if let Some(valence) = morphological_valence(lower, lexicon, &mut self.stem) {
                info = WordInfo { valence, flags: F_LEX, ..WordInfo::default() };
            }
        }
        self.units.push(Unit {
            range,
            token,
            info,
            lower: start..end,
            upper: n_letters >= 2 && all_upper,
            quote: QuoteScope::None,
            punct_before,
            exclaimed: false,
        });
    }

    /// Pairs quotation marks in order and marks the units between each pair.
    fn mark_quotes(&mut self) {
        let marks = std::mem::take(&mut self.quote_marks);
        for pair in marks.chunks(2) {
            let start = pair[0];
            let end = pair.get(1).copied().unwrap_or(self.units.len());
            let n_words = end.saturating_sub(start);
            let scope = if pair.len() == 2 && n_words <= SCARE_QUOTE_MAX_WORDS && n_words < self.units.len() {
                QuoteScope::Short
            } else {
                QuoteScope::Long
            };
            for unit in &mut self.units[start.min(end)..end] {
                unit.quote = scope;
            }
        }
        self.quote_marks = marks;
    }
}

/// If the whitespace-free chunk starting at token `k` is an emoticon in the lexicon, returns
/// the index one past its last token.
fn emoticon_chunk(text: &str, tokens: &[Token], k: usize, lexicon: &Lexicon) -> Option<usize> {
    let mut end = k + 1;
    while end < tokens.len() && !tokens[end].space_before {
        end += 1;
    }
    let chunk_tokens = &tokens[k..end];
    let has_punct = chunk_tokens.iter().any(|t| matches!(t.kind, TokenKind::Punct | TokenKind::Symbol));
    let has_long_word = chunk_tokens.iter().any(|t| t.kind == TokenKind::Word && u32::from(t.range.len()) > 1);
    if !has_punct || has_long_word || end - k < 2 {
        return None;
    }
    let chunk = &text[TextRange::new(tokens[k].range.start(), tokens[end - 1].range.end())];
    if chunk.len() > 8 {
        return None;
    }
    let lower = chunk.to_lowercase();
    lexicon.get(&lower).has(F_LEX).then_some(end)
}

/// The valence of an inflected form whose stem is in the lexicon ("dictators", "crushed").
/// `buffer` is scratch space, so that the common case allocates nothing.
fn morphological_valence(lower: &str, lexicon: &Lexicon, buffer: &mut String) -> Option<f32> {
    if lower.len() < 5 || !(lower.ends_with('s') || lower.ends_with("ed") || lower.ends_with("ing")) {
        return None;
    }
    if !lower.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let mut lookup = |stem: &str, ending: &str| {
        buffer.clear();
        buffer.push_str(stem);
        buffer.push_str(ending);
        let info = lexicon.get(buffer);
        info.has(F_LEX).then_some(info.valence)
    };
    if let Some(stem) = lower.strip_suffix("ies") {
        return lookup(stem, "y");
    }
    if let Some(stem) = lower.strip_suffix("es") {
        return lookup(stem, "").or_else(|| lookup(stem, "e"));
    }
    if let Some(stem) = lower.strip_suffix('s') {
        return lookup(stem, "");
    }
    if let Some(stem) = lower.strip_suffix("ed") {
        return lookup(stem, "").or_else(|| lookup(stem, "e"));
    }
    let stem = lower.strip_suffix("ing")?;
    lookup(stem, "").or_else(|| lookup(stem, "e"))
}
