//! Decoding input bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, and lossy
//! UTF-8 with a diagnostic for anything else. Never fails.

use grip_model::{Diagnostic, Severity};

/// Decoded text plus what went wrong on the way.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text. Offsets reported by grip point into this string.
    pub text: String,
    /// Problems met while decoding (invalid UTF-8, NUL bytes, binary content).
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes bytes to text. Invalid UTF-8 is replaced with U+FFFD and reported.
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut diagnostics = Vec::new();
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        decode_utf8(rest, &mut diagnostics)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        decode_utf16(rest, u16::from_le_bytes, &mut diagnostics)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        decode_utf16(rest, u16::from_be_bytes, &mut diagnostics)
    } else {
        decode_utf8(bytes, &mut diagnostics)
    };
    let n_control = text.chars().filter(|ch| ch.is_control() && !matches!(ch, '\n' | '\r' | '\t' | '\u{c}')).count();
    if n_control > 0 {
        let share = n_control as f64 / text.chars().count().max(1) as f64;
        let (severity, code) =
            if share > 0.1 { (Severity::Error, "binary-content") } else { (Severity::Warning, "control-characters") };
        diagnostics.push(Diagnostic::new(
            severity,
            code,
            format!("input contains {n_control} control characters ({:.0}% of the text)", share * 100.0),
        ));
    }
    Decoded { text, diagnostics }
}

fn decode_utf8(bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(error) => {
            let n_invalid = String::from_utf8_lossy(bytes).matches('\u{FFFD}').count();
            diagnostics.push(Diagnostic::new(
                Severity::Warning,
                "invalid-utf8",
                format!(
                    "input is not valid UTF-8 (first bad byte at offset {}); {n_invalid} invalid sequences replaced with U+FFFD",
                    error.valid_up_to()
                ),
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

fn decode_utf16(bytes: &[u8], to_unit: fn([u8; 2]) -> u16, diagnostics: &mut Vec<Diagnostic>) -> String {
    let units = bytes.chunks_exact(2).map(|pair| to_unit([pair[0], pair[1]]));
    let mut n_invalid = 0usize;
    let text: String = char::decode_utf16(units)
        .map(|unit| {
            unit.unwrap_or_else(|_| {
                n_invalid += 1;
                '\u{FFFD}'
            })
        })
        .collect();
    if n_invalid > 0 || bytes.len() % 2 == 1 {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            "invalid-utf16",
            format!("input is UTF-16 with {n_invalid} invalid units replaced with U+FFFD"),
        ));
    }
    text
}
