//! Sentence splitting over tokens.
//!
//! A sentence ends after terminal punctuation (plus any closing quotes or brackets glued to it)
//! when the next token looks like a sentence start, at blank lines, at line breaks that do not
//! look like hard wrapping, and after [`crate::MAX_SENTENCE_TOKENS`] tokens.

use std::ops::Range;

use grip_model::TextRange;

use crate::{Token, TokenKind, MAX_SENTENCE_TOKENS};

/// A sentence: its range in the original text and the indices of its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// From the start of the first token to the end of the last.
    pub range: TextRange,
    /// Indices into [`crate::Segmented::tokens`].
    pub tokens: Range<u32>,
}

/// Splits tokens into sentences; returns them and the number of forced splits.
pub(crate) fn split(text: &str, tokens: &[Token]) -> (Vec<Sentence>, usize) {
    let mut sentences = Vec::with_capacity(tokens.len() / 20 + 1);
    let mut n_forced = 0;
    let mut start = 0usize;
    let mut k = 0usize;
    while k < tokens.len() {
        let mut end = k + 1;
        let mut boundary = false;
        if is_terminal(text, &tokens[k]) {
            // Closing quotes and brackets glued to the terminal punctuation stay with it.
            while end < tokens.len() && !tokens[end].space_before && is_closer(text, &tokens[end]) {
                end += 1;
            }
            boundary = end == tokens.len() || starts_sentence_after_terminal(text, &tokens[k], &tokens[end]);
        } else if tokens[k].kind == TokenKind::Abbreviation && end < tokens.len() {
            boundary = abbreviation_ends_sentence(text, &tokens[k], &tokens[end]);
        }
        if !boundary && end < tokens.len() {
            boundary = match tokens[end].newlines_before {
                0 => false,
                1 => line_break_ends_sentence(text, &tokens[end - 1], &tokens[end]),
                _ => true,
            };
        }
        if !boundary && end - start >= MAX_SENTENCE_TOKENS {
            boundary = true;
            n_forced += 1;
        }
        if boundary || end == tokens.len() {
            sentences.push(make_sentence(tokens, start, end));
            start = end;
        }
        k = end;
    }
    (sentences, n_forced)
}

fn make_sentence(tokens: &[Token], start: usize, end: usize) -> Sentence {
    let range = TextRange::new(tokens[start].range.start(), tokens[end - 1].range.end());
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Sentence { range, tokens: to_u32(start)..to_u32(end) }
}

fn first_char(text: &str, token: &Token) -> Option<char> {
    token.text(text).chars().next()
}

fn is_terminal(text: &str, token: &Token) -> bool {
    let norm = token.norm(text);
    token.kind == TokenKind::Punct
        && (matches!(norm, "." | "..." | "\u{3002}" | "\u{FF01}" | "\u{FF1F}")
            || norm.chars().all(|c| matches!(c, '!' | '?')))
}

fn is_closer(text: &str, token: &Token) -> bool {
    // Curly opening quotes are never closers; straight ones are taken as closers when glued.
    token.kind == TokenKind::Punct
        && matches!(token.text(text), "\"" | "'" | "\u{201D}" | "\u{2019}" | "\u{00BB}" | ")" | "]" | "}")
}

fn looks_like_start(text: &str, token: &Token) -> bool {
    match first_char(text, token) {
        Some(ch) if ch.is_alphabetic() => ch.is_uppercase() || !ch.is_lowercase(),
        Some(ch) => {
            ch.is_ascii_digit()
                || crate::is_folded_quote(ch)
                || matches!(ch, '(' | '[' | '-' | '\u{2014}' | '\u{2013}' | '*' | '\u{2022}')
        }
        None => false,
    }
}

fn starts_sentence_after_terminal(text: &str, terminal: &Token, next: &Token) -> bool {
    if next.newlines_before > 0 {
        return true;
    }
    if terminal.norm(text) == "..." && !next.space_before {
        return false;
    }
    looks_like_start(text, next)
}

/// After `U.S.`, `etc.` or `Inc.` a sentence may end; after `Gen.` or `N.` it does not.
fn abbreviation_ends_sentence(text: &str, abbreviation: &Token, next: &Token) -> bool {
    if !next.space_before && next.newlines_before == 0 {
        return false;
    }
    let norm = abbreviation.norm(text);
    let letters: String = norm.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    let can_end = matches!(letters.as_str(), "etc" | "inc" | "ltd" | "co" | "corp" | "al" | "jr" | "sr" | "bros")
        || letters.len() >= 2 && norm.matches('.').count() >= 2
        || letters == "i";
    if !can_end {
        return false;
    }
    if !first_char(text, next).is_some_and(char::is_uppercase) {
        return false;
    }
    if letters == "i" {
        return true;
    }
    let next_word = next.norm(text).to_lowercase();
    SENTENCE_STARTERS.contains(&next_word.as_str())
}

/// Words that, capitalized after `U.S.` or `etc.`, signal a new sentence rather than a name.
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "however",
    "in",
    "on",
    "at",
    "for",
    "if",
    "when",
    "while",
    "as",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "some",
    "many",
    "most",
    "after",
    "before",
    "since",
    "meanwhile",
    "still",
    "also",
    "then",
    "now",
    "what",
    "why",
    "how",
    "who",
];

/// A single line break: a sentence end unless the text looks hard-wrapped mid-sentence.
fn line_break_ends_sentence(text: &str, previous: &Token, next: &Token) -> bool {
    if first_char(text, next).is_some_and(char::is_lowercase) {
        return false;
    }
    let continues = match previous.kind {
        TokenKind::Word => first_char(text, previous).is_some_and(char::is_lowercase),
        TokenKind::Clitic => true,
        TokenKind::Punct => matches!(previous.norm(text), "," | "-" | "(" | "/"),
        _ => false,
    };
    if !continues {
        return true;
    }
    let line_end = usize::from(previous.range.end());
    let line_start = text[..line_end].rfind('\n').map_or(0, |idx| idx + 1);
    let line_chars = text[line_start..line_end].chars().count();
    line_chars < 60
}
