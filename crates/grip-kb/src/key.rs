//! Match keys: the normalized form in which KB surface forms and document text are compared.
//!
//! A key is the sequence of a text's tokens (as produced by `grip-text`), folded and lowercased,
//! each wrapped in single spaces: `"Kassym-Jomart"` -> `" kassym  -  jomart "`. Wrapping every
//! token makes a match in the document's key string start and end on token boundaries, and
//! doubling the spaces between tokens lets adjacent matches each keep their own boundaries.

/// Appends one token (its folded form) to a key: lowercased, and with diacritics removed from
/// Latin letters ("Erdoğan" and "Erdogan", "Jüri" and "Juri" share a key). Other scripts keep
/// their marks (Cyrillic "й" is not "и").
pub fn push_token(key: &mut String, norm: &str) {
    key.push(' ');
    for ch in norm.chars() {
        if ch.is_ascii() {
            key.push(ch.to_ascii_lowercase());
        } else if is_latin_extended(ch) {
            push_latin_base(key, ch);
        } else {
            key.extend(ch.to_lowercase());
        }
    }
    key.push(' ');
}

fn is_latin_extended(ch: char) -> bool {
    matches!(ch, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// Pushes the lowercase ASCII base of a Latin letter with diacritics.
fn push_latin_base(key: &mut String, ch: char) {
    let special = match ch {
        'ß' => Some("ss"),
        'æ' | 'Æ' => Some("ae"),
        'œ' | 'Œ' => Some("oe"),
        'ø' | 'Ø' => Some("o"),
        'đ' | 'Đ' | 'ð' | 'Ð' => Some("d"),
        'ł' | 'Ł' => Some("l"),
        'ı' => Some("i"),
        'þ' | 'Þ' => Some("th"),
        _ => None,
    };
    if let Some(text) = special {
        key.push_str(text);
        return;
    }
    let mut pushed = false;
    unicode_normalization::char::decompose_canonical(ch, |part| {
        if part.is_ascii_alphabetic() {
            key.push(part.to_ascii_lowercase());
            pushed = true;
        }
    });
    if !pushed {
        key.extend(ch.to_lowercase());
    }
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
