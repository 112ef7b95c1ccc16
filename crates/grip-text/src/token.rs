//! The tokenizer: words, numbers, punctuation, URLs and abbreviations, with byte ranges into the
//! original text, robust to missing spaces after punctuation.
//!
//! The text is first cut at whitespace into chunks (long chunks are cut further, which bounds
//! memory on garbage input); each chunk is then scanned left to right. The rules that decide
//! whether a `.`, `,`, `:` or apostrophe inside a chunk joins or separates are in [`scan_word`].

use grip_model::{text_range, TextRange};

use crate::fold::fold;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters and digits, possibly with an internal apostrophe: `Russia`, `20th`, `O'Brien`.
    Word,
    /// A number: `20`, `1,000.5`, `10:30`, `2022-01-07`.
    Number,
    /// A clitic split off a word, UD-style: `’s`, `n't`, `'ll`.
    Clitic,
    /// An abbreviation or initials with their periods: `U.S.`, `K.J.`, `N.`, `Gen.`, `Jan.`.
    Abbreviation,
    /// Punctuation: `.`, `,`, `“`, `...`, `?!`.
    Punct,
    /// Symbols: `$`, `%`, `#`, `@`, emoji.
    Symbol,
    /// A URL or domain name.
    Url,
    /// An e-mail address.
    Email,
}

/// One token: a range of the original text, its kind, and its folded form for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The range in the original text.
    pub range: TextRange,
    /// What the token is.
    pub kind: TokenKind,
    /// How many line breaks separate this token from the previous one (0 on the same line).
    pub newlines_before: u8,
    /// Whether whitespace separates this token from the previous one.
    pub space_before: bool,
    norm: Option<Box<str>>,
}

impl Token {
    /// The token's original text.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        crate::slice(source, self.range)
    }

    /// The folded form (see [`crate::fold`]): curly quotes and dashes made plain, NFC.
    pub fn norm<'a>(&'a self, source: &'a str) -> &'a str {
        match &self.norm {
            Some(norm) => norm,
            None => self.text(source),
        }
    }

    /// True if the token starts with an uppercase letter.
    pub fn is_capitalized(&self, source: &str) -> bool {
        self.text(source).chars().next().is_some_and(char::is_uppercase)
    }
}

/// Chunks longer than this many bytes are cut (at a char boundary) before scanning.
const MAX_CHUNK_BYTES: usize = 256;

/// Tokenizes the whole text.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(MAX_CHUNK_BYTES);
    let mut newlines = 0u8;
    let mut space = false;
    let mut chunk_start: Option<usize> = None;
    for (offset, ch) in text.char_indices() {
        if ch.is_whitespace() {
            if let Some(start) = chunk_start.take() {
                scan_chunk(text, start, offset, &mut chars, &mut tokens, newlines, space);
                newlines = 0;
            }
            space = true;
            if ch == '\n' {
                newlines = newlines.saturating_add(1);
            }
            continue;
        }
        match chunk_start {
            None => chunk_start = Some(offset),
            Some(start) if offset - start >= MAX_CHUNK_BYTES => {
                scan_chunk(text, start, offset, &mut chars, &mut tokens, newlines, space);
                newlines = 0;
                space = false;
                chunk_start = Some(offset);
            }
            Some(_) => {}
        }
    }
    if let Some(start) = chunk_start {
        scan_chunk(text, start, text.len(), &mut chars, &mut tokens, newlines, space);
    }
    tokens
}

/// Scans one whitespace-free chunk `text[start..end]`.
fn scan_chunk(
    text: &str,
    start: usize,
    end: usize,
    chars: &mut Vec<(usize, char)>,
    tokens: &mut Vec<Token>,
    newlines_before: u8,
    space_before: bool,
) {
    chars.clear();
    chars.extend(text[start..end].char_indices().map(|(offset, ch)| (start + offset, ch)));
    let mut scanner = Scanner { text, chars, end, tokens, newlines_before, space_before };
    scanner.run();
}

struct Scanner<'a> {
    text: &'a str,
    chars: &'a [(usize, char)],
    /// Byte offset where the chunk ends.
    end: usize,
    tokens: &'a mut Vec<Token>,
    newlines_before: u8,
    space_before: bool,
}

impl Scanner<'_> {
    fn run(&mut self) {
        let mut i = 0;
        if let Some(j) = self.url_or_email() {
            i = j;
        }
        while i < self.chars.len() {
            let ch = self.chars[i].1;
            if is_word_char(ch) {
                i = self.word(i);
            } else {
                i = self.punct(i);
            }
        }
    }

    fn offset(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.end, |&(offset, _)| offset)
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, ch)| ch)
    }

    fn push(&mut self, from: usize, to: usize, kind: TokenKind) {
        let start = self.offset(from);
        let end = self.offset(to);
        if start >= end {
            return;
        }
        let original = &self.text[start..end];
        let folded = fold(original);
        let norm = match folded {
            std::borrow::Cow::Borrowed(_) => None,
            std::borrow::Cow::Owned(owned) => Some(owned.into_boxed_str()),
        };
        self.tokens.push(Token {
            range: text_range(start, end),
            kind,
            newlines_before: self.newlines_before,
            space_before: self.space_before,
            norm,
        });
        self.newlines_before = 0;
        self.space_before = false;
    }

    /// A URL or e-mail address taking (most of) the chunk, after any opening punctuation.
    fn url_or_email(&mut self) -> Option<usize> {
        let mut first = 0;
        while first < self.chars.len()
            && matches!(self.chars[first].1, '(' | '[' | '<' | '"' | '\'' | '\u{201C}' | '\u{2018}')
        {
            first += 1;
        }
        let rest = &self.text[self.offset(first)..self.end];
        let lower_prefix: String = rest.chars().take(8).flat_map(char::to_lowercase).collect();
        let is_url = lower_prefix.starts_with("http://")
            || lower_prefix.starts_with("https://")
            || lower_prefix.starts_with("www.");
        let is_email = !is_url && is_email_like(rest);
        if !is_url && !is_email {
            return None;
        }
        for i in 0..first {
            self.push(i, i + 1, TokenKind::Punct);
        }
        let mut last = self.chars.len();
        while last > first + 1
            && matches!(
                self.chars[last - 1].1,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '>' | '"' | '\'' | '\u{201D}' | '\u{2019}'
            )
        {
            last -= 1;
        }
        self.push(first, last, if is_url { TokenKind::Url } else { TokenKind::Email });
        Some(last)
    }

    /// Punctuation and symbols starting at `i`.
    fn punct(&mut self, i: usize) -> usize {
        let ch = self.chars[i].1;
        let mut j = i + 1;
        match ch {
            '.' => {
                while self.char_at(j) == Some('.') {
                    j += 1;
                }
            }
            '!' | '?' => {
                while matches!(self.char_at(j), Some('!' | '?')) {
                    j += 1;
                }
            }
            '-' => {
                while self.char_at(j) == Some('-') {
                    j += 1;
                }
            }
            _ => {}
        }
        let kind = if ch.is_ascii_punctuation()
            && !matches!(ch, '$' | '%' | '#' | '@' | '+' | '=' | '<' | '>' | '^' | '|' | '~')
            || is_unicode_punct(ch)
        {
            TokenKind::Punct
        } else {
            TokenKind::Symbol
        };
        self.push(i, j, kind);
        j
    }

    /// A word, number or abbreviation starting at `i` (a word char); emits one or more tokens.
    fn word(&mut self, i: usize) -> usize {
        if let Some(j) = self.dotted_abbreviation(i) {
            self.push(i, j, TokenKind::Abbreviation);
            return j;
        }
        let (j, ending) = self.scan_word(i);
        let kind = if self.chars[i].1.is_ascii_digit()
            && self.chars[i..j].iter().all(|&(_, ch)| ch.is_ascii_digit() || matches!(ch, '.' | ',' | ':' | '-' | '/'))
        {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        match ending {
            WordEnding::Plain => {
                self.push(i, j, kind);
                j
            }
            WordEnding::Abbreviation => {
                self.push(i, j + 1, TokenKind::Abbreviation);
                j + 1
            }
            WordEnding::Clitic(clitic_end) => {
                self.push(i, j, kind);
                self.push(j, clitic_end, TokenKind::Clitic);
                clitic_end
            }
            WordEnding::Negation(clitic_end) => {
                // "don't" -> "do" + "n't"; `j` points at the apostrophe, the "n" is before it.
                if j - 1 > i {
                    self.push(i, j - 1, kind);
                }
                self.push(j - 1, clitic_end, TokenKind::Clitic);
                clitic_end
            }
        }
    }

    /// `U.S.`, `K.J.`, `N.`, `e.g.`: single letters each followed by a period.
    fn dotted_abbreviation(&self, i: usize) -> Option<usize> {
        let mut j = i;
        let mut n_letters = 0;
        while let (Some(letter), Some('.')) = (self.char_at(j), self.char_at(j + 1)) {
            if !letter.is_alphabetic() {
                break;
            }
            // The letter must stand alone: not preceded by another letter within this word.
            if j == i && i > 0 && self.char_at(i - 1).is_some_and(is_word_char) {
                return None;
            }
            n_letters += 1;
            j += 2;
            // "K.J.Tokayev": stop before a letter that starts a longer word.
            if self.char_at(j + 1) != Some('.') {
                break;
            }
        }
        if n_letters == 0 {
            return None;
        }
        // A single lowercase letter and a period ("a.") is more likely a list marker or a typo
        // at a sentence end than an abbreviation; so is an uppercase "I." ... but initials are
        // far more frequent in news, so only lone lowercase letters are refused.
        let first = self.chars[i].1;
        if n_letters == 1 && first.is_lowercase() {
            return None;
        }
        // After the abbreviation a word char must not continue the same word ("A.B" without
        // the final period is not an abbreviation): the loop guarantees a period ends it.
        Some(j)
    }

    /// Scans the longest word starting at `i` and decides how it ends.
    fn scan_word(&self, i: usize) -> (usize, WordEnding) {
        let mut j = i;
        loop {
            while self.char_at(j).is_some_and(is_word_char) {
                j += 1;
            }
            let Some(connector) = self.char_at(j) else {
                return (j, WordEnding::Plain);
            };
            let before = self.chars[j - 1].1;
            let after = self.char_at(j + 1);
            match connector {
                // Hyphens split words, as in current UD English ("China - Russia"), except
                // between digits ("2022-01-07") and after a prefix ("re-open", "anti-war").
                '-' if before.is_ascii_digit() && after.is_some_and(|c| c.is_ascii_digit()) => {
                    j += 1;
                }
                '-' if after.is_some_and(char::is_alphabetic) && self.is_hyphen_prefix(i, j) => {
                    j += 1;
                }
                '_' if after.is_some_and(is_word_char) => {
                    j += 1;
                }
                '&' if before.is_uppercase() && after.is_some_and(char::is_uppercase) => {
                    j += 1;
                }
                '.' | ',' | ':' | '/' if before.is_ascii_digit() && after.is_some_and(|c| c.is_ascii_digit()) => {
                    if connector == ',' && !self.is_thousands_group(j + 1) {
                        return (j, WordEnding::Plain);
                    }
                    j += 1;
                }
                '.' => {
                    let word: String = self.chars[i..j].iter().map(|&(_, ch)| ch).collect();
                    if is_abbreviation(&word) {
                        return (j, WordEnding::Abbreviation);
                    }
                    if after.is_some_and(char::is_lowercase) && self.is_domain_tail(j + 1) {
                        j += 1;
                        continue;
                    }
                    return (j, WordEnding::Plain);
                }
                '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' => {
                    return self.apostrophe(i, j);
                }
                _ => return (j, WordEnding::Plain),
            }
        }
    }

    /// Decides what an apostrophe at `j` inside the word starting at `i` does.
    fn apostrophe(&self, i: usize, j: usize) -> (usize, WordEnding) {
        let mut k = j + 1;
        while self.char_at(k).is_some_and(char::is_alphabetic) {
            k += 1;
        }
        let rest: String = self.chars[j + 1..k].iter().flat_map(|&(_, ch)| ch.to_lowercase()).collect();
        let word_continues = self.char_at(k).is_some_and(is_word_char);
        if !word_continues {
            if matches!(rest.as_str(), "s" | "m" | "d" | "ll" | "re" | "ve") {
                return (j, WordEnding::Clitic(k));
            }
            if rest == "t" && j > i + 1 && self.chars[j - 1].1.eq_ignore_ascii_case(&'n') {
                return (j, WordEnding::Negation(k));
            }
        }
        // "O'Brien", "d'Ivoire": a one-letter prefix glued by an apostrophe stays one word.
        if j == i + 1 && !rest.is_empty() && self.chars[i].1.is_alphabetic() {
            let (end, ending) = self.scan_word(j + 1);
            return (end, ending);
        }
        (j, WordEnding::Plain)
    }

    /// True if the letters from `i` to the hyphen at `j` are a prefix that UD English keeps
    /// in one word with what follows ("re-open", "co-operation", "non-aligned", "ex-president",
    /// "pro-Russian"): those that EWT's training text never splits.
    fn is_hyphen_prefix(&self, i: usize, j: usize) -> bool {
        if j - i > 5 {
            return false;
        }
        let word: String = self.chars[i..j].iter().map(|&(_, ch)| ch).collect();
        // "Re-open" at a sentence start, but not an acronym ("UN-backed", "EX-").
        if word.chars().skip(1).any(char::is_uppercase) {
            return false;
        }
        matches!(
            word.to_ascii_lowercase().as_str(),
            "re" | "co" | "non" | "pre" | "anti" | "post" | "pro" | "mid" | "multi" | "ex" | "semi" | "neo" | "un"
        ) || word == "e"
    }

    /// True if the digits starting at `k` are exactly three (a thousands group).
    fn is_thousands_group(&self, k: usize) -> bool {
        (k..k + 3).all(|idx| self.char_at(idx).is_some_and(|c| c.is_ascii_digit()))
            && !self.char_at(k + 3).is_some_and(|c| c.is_ascii_digit())
    }

    /// True if the lowercase letters starting at `k` end the chunk as a known top-level domain.
    fn is_domain_tail(&self, k: usize) -> bool {
        let mut end = k;
        while self.char_at(end).is_some_and(|c| c.is_ascii_lowercase()) {
            end += 1;
        }
        let tail: String = self.chars[k..end].iter().map(|&(_, ch)| ch).collect();
        let at_end = self.char_at(end).is_none_or(|c| !is_word_char(c));
        at_end && TOP_LEVEL_DOMAINS.contains(&tail.as_str())
    }
}

enum WordEnding {
    Plain,
    /// The word is an abbreviation and the period at the returned index belongs to it.
    Abbreviation,
    /// A clitic (`’s`, `'ll`) runs from the returned index to this end.
    Clitic(usize),
    /// `n't`: the "n" before the apostrophe and the rest up to this end form the clitic.
    Negation(usize),
}

fn is_word_char(ch: char) -> bool {
    ch.is_alphanumeric() || is_mark(ch)
}

/// Combining marks (general category M), approximated by the main combining blocks.
fn is_mark(ch: char) -> bool {
    matches!(ch, '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05BD}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

fn is_unicode_punct(ch: char) -> bool {
    matches!(ch, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3000}'..='\u{303F}' | '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF1F}')
}

fn is_email_like(rest: &str) -> bool {
    let Some((local, domain)) = rest.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
        && domain.contains('.')
        && domain.chars().next().is_some_and(char::is_alphanumeric)
}

/// Word abbreviations that keep their period (case-insensitive match on the letters).
///
/// Titles, months, and common Latin and corporate forms. A period after these is not a sentence
/// end unless the sentence splitter decides so from the next word.
fn is_abbreviation(word: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cmdr", "adm", "brig", "gov",
        "sen", "rep", "pres", "amb", "rev", "fr", "st", "jr", "sr", "messrs", "hon", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "etc", "vs", "inc", "ltd", "corp", "co", "vol", "approx",
        "dept", "univ", "assn", "bros", "mt", "ft", "ave", "blvd", "fig", "pp", "op", "cf", "al",
    ];
    word.len() <= 7 && ABBREVIATIONS.iter().any(|abbr| abbr.eq_ignore_ascii_case(word))
}

const TOP_LEVEL_DOMAINS: &[&str] = &[
    "com", "org", "net", "gov", "edu", "mil", "int", "info", "io", "co", "uk", "ru", "kz", "kg", "uz", "tj", "tm",
    "by", "ua", "md", "am", "az", "ge", "cn", "de", "fr", "eu", "tr", "ir", "us", "news",
];
