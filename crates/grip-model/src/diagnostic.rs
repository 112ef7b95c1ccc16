//! Diagnostics: problems found in a text, reported as values instead of errors.
//!
//! Analysis never fails on text (ARCHITECTURE.md invariant 2); what would be an error for a
//! stricter tool becomes a [`Diagnostic`] attached to the result.

use crate::TextRange;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; the output is complete.
    Info,
    /// Part of the input could not be used as intended; the output may be incomplete.
    Warning,
    /// The input could not be analyzed in a meaningful way (for example, it is empty).
    Error,
}

impl Severity {
    /// The lowercase name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A problem with the input, with a stable machine-readable `code`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `invalid-utf8`, `empty-document`, `ambiguous-actor`.
    pub code: &'static str,
    /// Human-readable explanation, lowercase, no trailing period.
    pub message: String,
    /// Where in the original text, when the problem has a place.
    pub range: Option<TextRange>,
}

impl Diagnostic {
    /// A diagnostic without a place in the text.
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity, code, message: message.into(), range: None }
    }

    /// Attaches a place in the text.
    #[must_use]
    pub fn at(mut self, range: TextRange) -> Diagnostic {
        self.range = Some(range);
        self
    }
}
