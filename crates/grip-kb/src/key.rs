//! Match keys: the normalized form in which KB surface forms and document text are compared.
//!
//! A key is the sequence of a text's tokens (as produced by `grip-text`), folded and lowercased,
//! each wrapped in single spaces: `"Kassym-Jomart"` -> `" kassym  -  jomart "`. Wrapping every
//! token makes a match in the document's key string start and end on token boundaries, and
//! doubling the spaces between tokens lets adjacent matches each keep their own boundaries.

/// Appends one token (its folded form) to a key.
pub fn push_token(key: &mut String, norm: &str) {
    key.push(' ');
    for ch in norm.chars() {
        if ch.is_ascii() {
            key.push(ch.to_ascii_lowercase());
        } else {
            key.extend(ch.to_lowercase());
        }
    }
    key.push(' ');
}

/// The key of a text, tokenized by `grip-text`.
pub fn of(text: &str) -> String {
    let segmented = grip_text::segment(text);
    let mut key = String::with_capacity(text.len() + 8);
    for token in &segmented.tokens {
        push_token(&mut key, token.norm(text));
    }
    key
}

/// The compact form of a key: words joined by single spaces (`"kassym - jomart"`).
pub fn compact(key: &str) -> String {
    key.split(' ').filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ")
}
