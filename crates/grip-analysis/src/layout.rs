//! Document layout: sentences that are not content (a repeated title, a trailing signature)
//! and a check that the text is English at all.

use grip_model::{Diagnostic, Severity};
use grip_text::{Segmented, TokenKind};

/// Indices of sentences to skip, sorted: exact repeats of an earlier sentence (a title printed
/// twice) and a trailing signature line.
pub(crate) fn boilerplate_sentences(text: &str, segmented: &Segmented, diagnostics: &mut Vec<Diagnostic>) -> Vec<u32> {
    let mut skipped = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (idx, sentence) in segmented.sentences.iter().enumerate() {
        let tokens = segmented.sentence_tokens(sentence);
        let normalized: Vec<String> = tokens.iter().map(|token| token.norm(text).to_lowercase()).collect();
        let normalized = normalized.join(" ");
        if tokens.len() >= 4 && seen.contains(&normalized) {
            skipped.push(u32::try_from(idx).unwrap_or(u32::MAX));
            diagnostics.push(
                Diagnostic::new(
                    Severity::Info,
                    "repeated-sentence",
                    "sentence repeats an earlier one (a title printed twice?); not analyzed again",
                )
                .at(sentence.range),
            );
        } else {
            seen.push(normalized);
        }
    }
    if let Some((idx, sentence)) = segmented.sentences.iter().enumerate().next_back() {
        let tokens = segmented.sentence_tokens(sentence);
        let own_line = tokens.first().is_some_and(|token| token.newlines_before > 0) && segmented.sentences.len() > 2;
        let name_like = !tokens.is_empty()
            && tokens.len() <= 6
            && tokens.iter().all(|token| token.kind == TokenKind::Word && token.is_capitalized(text));
        if own_line && name_like {
            skipped.push(u32::try_from(idx).unwrap_or(u32::MAX));
            diagnostics.push(
                Diagnostic::new(Severity::Info, "signature", "last line looks like a signature; not analyzed")
                    .at(sentence.range),
            );
        }
    }
    skipped.sort_unstable();
    skipped.dedup();
    skipped
}

/// A warning when the text does not look like English (detected on its first 4 KB with
/// `whatlang`; short texts are not judged).
pub(crate) fn language_diagnostic(text: &str, segmented: &Segmented) -> Option<Diagnostic> {
    let n_words = segmented.tokens.iter().filter(|token| token.kind == TokenKind::Word).count();
    if n_words < 12 {
        return None;
    }
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    (info.lang() != whatlang::Lang::Eng && info.confidence() > 0.5).then(|| {
        Diagnostic::new(
            Severity::Warning,
            "non-english",
            format!(
                "the text looks like {} ({}), not English; grip's dictionaries are English, results may be sparse",
                info.lang().eng_name(),
                info.lang().code()
            ),
        )
    })
}
