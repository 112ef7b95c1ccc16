//! grip's text layer: from raw bytes to tokens and sentences, every one of them carrying byte
//! offsets into the *original* text.
//!
//! Real news text is noisy: spaces go missing after punctuation ("Yes,Russia’s",
//! "Kazakhstsn:N.Nazarbayev"), quotes are curly, initials and abbreviations carry periods
//! that do not end sentences. The tokenizer works on the original text and never rewrites it;
//! what matching needs (folded quotes and dashes, NFC) lives in each token's `norm` form.
//!
//! Token conventions follow Universal Dependencies English (possessive `’s` and `n't` are split
//! off, punctuation is separate) so that the parser sees what it was trained on.

#![warn(missing_docs)]

mod date;
mod decode;
mod fold;
mod sentence;
mod token;

#[cfg(test)]
mod tests;

pub use date::find_date;
pub use decode::{decode, Decoded};
pub use fold::{fold, is_folded_quote};
pub use sentence::Sentence;
pub use token::{Token, TokenKind};

use grip_model::TextRange;

/// The longest sentence, in tokens, before the splitter cuts it.
///
/// Run-on "sentences" (lists, tables, garbage without punctuation) would otherwise make
/// later stages slow; a cut is reported by [`Segmented::n_forced_splits`].
pub const MAX_SENTENCE_TOKENS: usize = 300;

/// A text split into tokens and sentences.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    /// All tokens, in text order.
    pub tokens: Vec<Token>,
    /// All sentences, in text order; each covers a contiguous run of tokens.
    pub sentences: Vec<Sentence>,
    /// How many sentences were cut at [`MAX_SENTENCE_TOKENS`].
    pub n_forced_splits: usize,
}

impl Segmented {
    /// The tokens of one sentence.
    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        &self.tokens[sentence.tokens.start as usize..sentence.tokens.end as usize]
    }
}

/// Tokenizes `text` and splits it into sentences.
///
/// Never panics and runs in linear time on any input.
pub fn segment(text: &str) -> Segmented {
    let tokens = token::tokenize(text);
    let (sentences, n_forced_splits) = sentence::split(text, &tokens);
    Segmented { tokens, sentences, n_forced_splits }
}

/// The original text under a range. Ranges produced by this crate are always on char boundaries.
pub fn slice(text: &str, range: TextRange) -> &str {
    text.get(usize::from(range.start())..usize::from(range.end())).unwrap_or("")
}
