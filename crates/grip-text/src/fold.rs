//! Folding for matching: NFC, curly quotes and dashes to ASCII, odd spaces to plain ones.
//!
//! Folding never touches the original text; it produces the `norm` form tokens are matched on.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Returns the folded form of `s`: NFC-normalized, with typographic quotes, apostrophes, dashes,
/// ellipses and non-breaking spaces replaced by their plain ASCII equivalents.
///
/// Borrows when nothing changes, which is the common case.
pub fn fold(s: &str) -> Cow<'_, str> {
    let needs_nfc = is_nfc_quick(s.chars()) != IsNormalized::Yes;
    if !needs_nfc && !s.chars().any(needs_folding) {
        return Cow::Borrowed(s);
    }
    let composed: Cow<'_, str> = if needs_nfc { Cow::Owned(s.nfc().collect()) } else { Cow::Borrowed(s) };
    let mut out = String::with_capacity(composed.len());
    for ch in composed.chars() {
        match ch {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' | '\u{00B4}' => {
                out.push('\'')
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' => out.push(' '),
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => {}
            _ => out.push(ch),
        }
    }
    Cow::Owned(out)
}

/// True for the quote characters (straight or curly) that fold to `'` or `"`.
pub fn is_folded_quote(ch: char) -> bool {
    matches!(
        ch,
        '\'' | '"'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '`'
    )
}

fn needs_folding(ch: char) -> bool {
    matches!(
        ch,
        '\u{2018}'
            | '\u{2019}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{2032}'
            | '\u{02BC}'
            | '`'
            | '\u{00B4}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{2033}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{2026}'
                | '\u{00A0}'
                | '\u{2007}'
                | '\u{202F}'
                | '\u{2009}'
                | '\u{200A}'
                | '\u{00AD}'
                | '\u{200B}'
                | '\u{200C}'
                | '\u{200D}'
                | '\u{FEFF}'
    )
}
