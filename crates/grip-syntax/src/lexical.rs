//! Word-level features computed once per word: the normalized and lowercased forms, the word
//! shape, prefixes and suffixes, all as hashes ready to be conjoined into feature keys.
//!
//! News text comes with curly quotes, typographic dashes and odd capitalization, while the
//! treebanks are mostly plain ASCII; normalizing here (the same way at training and at run time)
//! keeps such variants from becoming unknown words.

use std::borrow::Cow;

use crate::clusters::{Clusters, PREFIXES};
use crate::codec::{Reader, Writer};
use crate::hash::{combine, hash_str};
use crate::perceptron::KeyMap;
use crate::SyntaxError;

/// The value standing for "no word here" (before the sentence, an empty stack slot).
pub(crate) const NONE: u64 = 0x6E6F_6E65_0000_0001;
/// The value standing for the artificial root of the dependency tree.
pub(crate) const ROOT: u64 = 0x726F_6F74_0000_0002;

/// How many prefixes (1, 2, 3 characters) and suffixes (1 to 4 characters) a word carries.
pub(crate) const N_PREFIXES: usize = 3;
pub(crate) const N_SUFFIXES: usize = 4;

/// The hashed surface properties of one word.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lexeme {
    /// The normalized form, case kept.
    pub(crate) form: u64,
    /// The normalized form, lowercased: the main word identity.
    pub(crate) lower: u64,
    /// The word shape (`Xxx`, `dd`, `X.X.`).
    pub(crate) shape: u64,
    pub(crate) prefixes: [u64; N_PREFIXES],
    pub(crate) suffixes: [u64; N_SUFFIXES],
    /// Coarse flags: capitalized, all caps, has a digit, has a hyphen, first word.
    pub(crate) flags: u64,
    /// The word's cluster, from coarse to fine (see [`PREFIXES`]).
    pub(crate) clusters: [u64; PREFIXES.len()],
}

impl Lexeme {
    pub(crate) const NONE: Lexeme = Lexeme {
        form: NONE,
        lower: NONE,
        shape: NONE,
        prefixes: [NONE; N_PREFIXES],
        suffixes: [NONE; N_SUFFIXES],
        flags: NONE,
        clusters: [NONE; PREFIXES.len()],
    };
}

/// Replaces typographic quotes, apostrophes, dashes and ellipses by the ASCII characters the
/// treebanks use; borrows when nothing changes.
pub(crate) fn normalize(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for ch in word.chars() {
        match ch {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '\u{00B4}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
            '\u{2010}' | '\u{2011}' => out.push('-'),
            '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => out.push_str("--"),
            '\u{2026}' => out.push_str("..."),
            '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' => out.push(' '),
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => {}
            _ => out.push(ch),
        }
    }
    Cow::Owned(out)
}

/// Lowercases, borrowing when the word has no uppercase letter.
pub(crate) fn lowercase(word: &str) -> Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// The word shape: letters become `X`/`x`, digits `d`, other characters stay, and runs of the
/// same class are cut to two (`Washington` -> `Xxx`, `2004` -> `dd`, `U.S.` -> `X.X.`).
pub(crate) fn shape(word: &str) -> String {
    let mut out = String::with_capacity(8);
    let mut last = '\0';
    let mut run = 0;
    for (char_idx, ch) in word.chars().enumerate() {
        if char_idx >= 24 {
            out.push('~');
            break;
        }
        let class = if ch.is_uppercase() {
            'X'
        } else if ch.is_lowercase() {
            'x'
        } else if ch.is_ascii_digit() {
            'd'
        } else if ch.is_alphabetic() {
            'a'
        } else if ch.is_numeric() {
            'd'
        } else {
            ch
        };
        if class == last {
            run += 1;
        } else {
            run = 1;
            last = class;
        }
        if run <= 2 {
            out.push(class);
        }
    }
    out
}

pub(crate) const FLAG_CAPITALIZED: u64 = 1;
pub(crate) const FLAG_ALL_CAPS: u64 = 2;
pub(crate) const FLAG_DIGIT: u64 = 4;
pub(crate) const FLAG_HYPHEN: u64 = 8;
pub(crate) const FLAG_FIRST: u64 = 16;

/// Computes the lexemes of a sentence.
/// Whether the word ends in `-ed` after at least two other characters ("wounded", not "red").
pub(crate) fn is_regular_past(lexeme: &Lexeme) -> bool {
    lexeme.suffixes[3] != NONE && lexeme.suffixes[1] == suffix_key("ed")
}

/// The value of a lowercase word ending as [`Lexeme::suffixes`] holds it.
fn suffix_key(ending: &str) -> u64 {
    combine(hash_str(ending), 0x73 + ending.chars().count() as u64)
}

pub(crate) fn lexemes<S: AsRef<str>>(words: &[S], clusters: &Clusters) -> Vec<Lexeme> {
    words.iter().enumerate().map(|(word_idx, word)| lexeme(word.as_ref(), word_idx == 0, clusters)).collect()
}

pub(crate) fn lexeme(word: &str, is_first: bool, clusters: &Clusters) -> Lexeme {
    let form = normalize(word);
    let lower = lowercase(&form);
    let shape = shape(&form);
    let mut prefixes = [NONE; N_PREFIXES];
    let mut suffixes = [NONE; N_SUFFIXES];
    let char_ends: Vec<usize> = lower.char_indices().map(|(idx, ch)| idx + ch.len_utf8()).collect();
    let n_chars = char_ends.len();
    for (affix_idx, prefix) in prefixes.iter_mut().enumerate() {
        let n = affix_idx + 1;
        if n <= n_chars {
            *prefix = combine(hash_str(&lower[..char_ends[n - 1]]), 0x70 + n as u64);
        }
    }
    for (affix_idx, suffix) in suffixes.iter_mut().enumerate() {
        let n = affix_idx + 1;
        if n <= n_chars {
            let start = if n == n_chars { 0 } else { char_ends[n_chars - n - 1] };
            *suffix = suffix_key(&lower[start..]);
        }
    }
    let mut flags = 0;
    let mut chars = form.chars();
    if chars.next().is_some_and(char::is_uppercase) {
        flags |= FLAG_CAPITALIZED;
    }
    let n_letters = form.chars().filter(|ch| ch.is_alphabetic()).count();
    if n_letters >= 2 && !form.chars().any(char::is_lowercase) {
        flags |= FLAG_ALL_CAPS;
    }
    if form.chars().any(|ch| ch.is_ascii_digit()) {
        flags |= FLAG_DIGIT;
    }
    if form.contains('-') && form.len() > 1 {
        flags |= FLAG_HYPHEN;
    }
    if is_first {
        flags |= FLAG_FIRST;
    }
    let lower_key = hash_str(&lower);
    Lexeme {
        form: hash_str(&form),
        lower: lower_key,
        clusters: clusters.features(lower_key),
        shape: combine(hash_str(&shape), 0x5348),
        prefixes,
        suffixes,
        flags,
    }
}

/// True when most words of the sentence are written in capitals (a headline or a shout), in
/// which case capitalization says little about proper nouns.
pub(crate) fn is_caps_sentence(lexemes: &[Lexeme]) -> bool {
    let n_caps = lexemes.iter().filter(|lexeme| lexeme.flags & FLAG_ALL_CAPS != 0).count();
    n_caps >= 3 && n_caps * 2 >= lexemes.len()
}

/// Restores case in all-caps sentences (headlines, shouting), where capitals say nothing:
/// every word is lowercased except known acronyms (`NATO`, `US`, `EU`), so that the tagger
/// sees the words it knows. Training and parsing apply it alike.
#[derive(Clone, Debug, Default)]
pub(crate) struct Casing {
    /// Hashes of the all-caps forms seen in ordinary (not all-caps) training sentences.
    acronyms: KeyMap<()>,
}

impl Casing {
    /// Learns the acronyms from training sentences: all-caps forms seen at least twice
    /// outside all-caps sentences.
    pub(crate) fn learn<'a>(sentences: impl Iterator<Item = &'a [String]>) -> Casing {
        let mut counts: KeyMap<u32> = KeyMap::default();
        for sentence in sentences {
            let words: Vec<&str> = sentence.iter().map(String::as_str).collect();
            if is_caps_words(&words) {
                continue;
            }
            for word in words.iter().filter(|word| is_all_caps(word)) {
                *counts.entry(hash_str(&normalize(word))).or_default() += 1;
            }
        }
        let acronyms = counts.into_iter().filter(|(_, count)| *count >= 2).map(|(key, _)| (key, ())).collect();
        Casing { acronyms }
    }

    pub(crate) fn len(&self) -> usize {
        self.acronyms.len()
    }

    /// The words to analyse in place of `words`: `None` for an ordinary sentence, the
    /// recased words for an all-caps one.
    pub(crate) fn apply<S: AsRef<str>>(&self, words: &[S]) -> Option<Vec<String>> {
        let plain: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
        if !is_caps_words(&plain) {
            return None;
        }
        Some(
            plain
                .iter()
                .map(|word| {
                    if self.acronyms.contains_key(&hash_str(&normalize(word))) {
                        (*word).to_owned()
                    } else {
                        word.to_lowercase()
                    }
                })
                .collect(),
        )
    }

    pub(crate) fn write(&self, writer: &mut Writer) {
        let mut keys: Vec<u64> = self.acronyms.keys().copied().collect();
        keys.sort_unstable();
        writer.len(keys.len());
        for key in keys {
            writer.raw(&key.to_le_bytes());
        }
    }

    pub(crate) fn read(reader: &mut Reader<'_>) -> Result<Casing, SyntaxError> {
        let n_keys = reader.len()?;
        let mut acronyms = KeyMap::default();
        acronyms.reserve(n_keys);
        for _ in 0..n_keys {
            let mut key = [0u8; 8];
            key.copy_from_slice(reader.raw(8)?);
            acronyms.insert(u64::from_le_bytes(key), ());
        }
        Ok(Casing { acronyms })
    }
}

/// True for a word of at least two letters with no lowercase letter.
fn is_all_caps(word: &str) -> bool {
    word.chars().filter(|ch| ch.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// True when most words of the sentence are written in capitals (at least three of them).
fn is_caps_words(words: &[&str]) -> bool {
    let n_caps = words.iter().filter(|word| is_all_caps(word)).count();
    n_caps >= 3 && n_caps * 2 >= words.len()
}

#[cfg(test)]
mod tests;
