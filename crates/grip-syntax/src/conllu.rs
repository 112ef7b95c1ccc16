//! CoNLL-U reading and writing (<https://universaldependencies.org/format.html>).
//!
//! Training and evaluation read Universal Dependencies treebanks, and `grip parse --conllu`
//! writes the same format, so the two directions live together. The reader keeps the basic tree
//! over syntactic words: multiword-token range lines (`3-4`) and empty nodes (`8.1`) are
//! skipped, as they are not part of that tree. Errors name the 1-based line they were found on.

use std::borrow::Cow;

use crate::{SyntaxError, TokenSyntax};

/// One sentence: its comment lines and its syntactic words in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comment lines without the leading `#` and the space after it (`sent_id = ...`, `text = ...`).
    pub comments: Vec<String>,
    /// The words of the basic tree; the word with CoNLL-U ID `k` is `words[k - 1]`.
    pub words: Vec<Word>,
}

/// One syntactic word (a CoNLL-U line with an integer ID). Columns hold `_` when unannotated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    /// Column 2, FORM.
    pub form: String,
    /// Column 3, LEMMA.
    pub lemma: String,
    /// Column 4, UPOS.
    pub upos: String,
    /// Column 5, XPOS.
    pub xpos: String,
    /// Column 6, FEATS.
    pub feats: String,
    /// Column 7, HEAD, as written: `Some(0)` for the root, `Some(k)` for the word with ID `k`,
    /// and `None` for `_`.
    pub head: Option<u32>,
    /// Column 8, DEPREL.
    pub deprel: String,
    /// Column 9, DEPS (enhanced dependencies), kept verbatim.
    pub deps: String,
    /// Column 10, MISC (`SpaceAfter=No` and so on), kept verbatim.
    pub misc: String,
}

/// Parses CoNLL-U text into sentences.
///
/// # Errors
///
/// [`SyntaxError::Conllu`] naming the line when a word line does not have ten tab-separated
/// columns, IDs are not `1, 2, 3, ...` within a sentence, or a HEAD is not `_` or an ID of the
/// same sentence (0 for the root).
pub fn parse(text: &str) -> Result<Vec<Sentence>, SyntaxError> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    // Line numbers of the current sentence's words, for errors found when it ends.
    let mut word_lines: Vec<usize> = Vec::new();
    for (line_idx, raw_line) in text.lines().enumerate() {
        let line_number = line_idx + 1;
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        if line.trim().is_empty() {
            finish_sentence(&mut current, &mut word_lines, &mut sentences)?;
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.strip_prefix(' ').unwrap_or(comment);
            current.comments.push(comment.to_owned());
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() != 10 {
            return Err(conllu_error(
                line_number,
                format!("expected 10 tab-separated columns, found {}", columns.len()),
            ));
        }
        let id = columns[0];
        if id.contains('-') || id.contains('.') {
            // A multiword-token range or an empty node: not part of the basic tree.
            continue;
        }
        let expected_id = current.words.len() + 1;
        match id.parse::<usize>() {
            Ok(found) if found == expected_id => {}
            Ok(found) => {
                return Err(conllu_error(line_number, format!("expected word ID {expected_id}, found {found}")))
            }
            Err(_) => return Err(conllu_error(line_number, format!("invalid word ID {id:?}"))),
        }
        let head = match columns[6] {
            "_" => None,
            head => match head.parse::<u32>() {
                Ok(head) => Some(head),
                Err(_) => return Err(conllu_error(line_number, format!("invalid HEAD {head:?}"))),
            },
        };
        current.words.push(Word {
            form: columns[1].to_owned(),
            lemma: columns[2].to_owned(),
            upos: columns[3].to_owned(),
            xpos: columns[4].to_owned(),
            feats: columns[5].to_owned(),
            head,
            deprel: columns[7].to_owned(),
            deps: columns[8].to_owned(),
            misc: columns[9].to_owned(),
        });
        word_lines.push(line_number);
    }
    finish_sentence(&mut current, &mut word_lines, &mut sentences)?;
    Ok(sentences)
}

/// Writes sentences as CoNLL-U text, each followed by a blank line.
pub fn write(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for sentence in sentences {
        write_sentence(&mut out, sentence);
    }
    out
}

/// Appends one sentence in CoNLL-U format, followed by a blank line.
pub fn write_sentence(out: &mut String, sentence: &Sentence) {
    for comment in &sentence.comments {
        out.push_str("# ");
        out.push_str(&comment.replace(['\n', '\r'], " "));
        out.push('\n');
    }
    for (word_idx, word) in sentence.words.iter().enumerate() {
        let id = (word_idx + 1).to_string();
        let head = word.head.map_or_else(|| "_".to_owned(), |head| head.to_string());
        let columns = [
            Cow::Borrowed(id.as_str()),
            field(&word.form),
            field(&word.lemma),
            field(&word.upos),
            field(&word.xpos),
            field(&word.feats),
            Cow::Borrowed(head.as_str()),
            field(&word.deprel),
            field(&word.deps),
            field(&word.misc),
        ];
        for (column_idx, column) in columns.iter().enumerate() {
            if column_idx > 0 {
                out.push('\t');
            }
            out.push_str(column);
        }
        out.push('\n');
    }
    out.push('\n');
}

impl Sentence {
    /// The word forms, as the parser takes them.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|word| word.form.as_str()).collect()
    }

    /// The value of the `text = ...` comment, if there is one.
    pub fn text(&self) -> Option<&str> {
        self.comments.iter().find_map(|comment| comment.strip_prefix("text = "))
    }

    /// The value of the `sent_id = ...` comment, if there is one.
    pub fn sent_id(&self) -> Option<&str> {
        self.comments.iter().find_map(|comment| comment.strip_prefix("sent_id = "))
    }

    /// Builds a sentence from words and their analysis, as `grip parse --conllu` writes it.
    ///
    /// Words beyond the shorter of the two slices are dropped; FEATS, DEPS and MISC are `_`.
    pub fn from_tokens(words: &[&str], tokens: &[TokenSyntax]) -> Sentence {
        let words = words
            .iter()
            .zip(tokens)
            .map(|(form, token)| Word {
                form: (*form).to_owned(),
                lemma: token.lemma.clone(),
                upos: token.upos.as_str().to_owned(),
                xpos: token.xpos.to_owned(),
                feats: "_".to_owned(),
                head: Some(token.head.map_or(0, |head| head + 1)),
                deprel: token.deprel.as_str().to_owned(),
                deps: "_".to_owned(),
                misc: "_".to_owned(),
            })
            .collect();
        Sentence { comments: Vec::new(), words }
    }

    /// True when every word has a HEAD, so that the sentence can train or score a parser.
    pub fn has_tree(&self) -> bool {
        self.words.iter().all(|word| word.head.is_some())
    }
}

fn finish_sentence(
    current: &mut Sentence,
    word_lines: &mut Vec<usize>,
    sentences: &mut Vec<Sentence>,
) -> Result<(), SyntaxError> {
    let n_words = current.words.len();
    for (word, line_number) in current.words.iter().zip(word_lines.iter()) {
        if let Some(head) = word.head {
            if head as usize > n_words {
                return Err(conllu_error(
                    *line_number,
                    format!("HEAD {head} is beyond the last word of the sentence ({n_words})"),
                ));
            }
        }
    }
    word_lines.clear();
    let sentence = std::mem::take(current);
    if !sentence.words.is_empty() {
        sentences.push(sentence);
    }
    Ok(())
}

/// A column value as written: `_` when empty, with tabs and line breaks (which would break
/// the format) replaced by spaces.
fn field(value: &str) -> Cow<'_, str> {
    if value.is_empty() {
        Cow::Borrowed("_")
    } else if value.contains(['\t', '\n', '\r']) {
        Cow::Owned(value.replace(['\t', '\n', '\r'], " "))
    } else {
        Cow::Borrowed(value)
    }
}

fn conllu_error(line: usize, reason: String) -> SyntaxError {
    SyntaxError::Conllu { line, reason }
}

#[cfg(test)]
mod tests;
