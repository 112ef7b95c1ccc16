//! Documents from Python values, and the clock: the edge where the bindings read "today" for
//! undated documents, as the CLI does.

use grip_analysis::{analyze, AnalysisConfig, Engine};
use grip_model::{Date, Diagnostic, Document, Severity};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// A document plus the diagnostics met while reading it (bad bytes, a bad date).
pub(crate) struct Input {
    pub(crate) document: Document,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// The fields of one document as Python hands them over; `date` is text (`YYYY-MM-DD` or an
/// ISO timestamp) or `None`.
pub(crate) struct Fields {
    pub(crate) id: String,
    pub(crate) date: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) url: Option<String>,
    /// The date of a document whose `date` is missing or not a date (`--date` with
    /// `--jsonl`); already checked by the caller.
    pub(crate) default_date: Option<String>,
}

/// Builds a document from a Python `str` (taken as is) or `bytes` (decoded as the CLI decodes
/// files: UTF-8 or UTF-16 with a BOM, invalid bytes replaced and reported).
pub(crate) fn input(text: &Bound<'_, PyAny>, fields: Fields) -> PyResult<Input> {
    let (text, mut diagnostics) = if let Ok(text) = text.cast::<PyString>() {
        (text.extract::<String>()?, Vec::new())
    } else if let Ok(bytes) = text.cast::<PyBytes>() {
        let decoded = grip_text::decode(bytes.as_bytes());
        (decoded.text, decoded.diagnostics)
    } else {
        return Err(PyTypeError::new_err(format!(
            "a document's text must be str or bytes, not {}",
            text.get_type().name()?
        )));
    };
    let date = match fields.date.as_deref().map(str::trim).filter(|date| !date.is_empty()) {
        None => None,
        Some(date_text) => match parse_date(date_text) {
            Some(date) => Some(date),
            None => {
                // The same diagnostic as `grip analyze --jsonl` for the same record.
                diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    "bad-date",
                    format!("field \"date\" {date_text:?} is not a date (YYYY-MM-DD or an ISO timestamp); ignored"),
                ));
                None
            }
        },
    };
    let date = date.or_else(|| fields.default_date.as_deref().and_then(parse_date));
    let mut document = Document::new(fields.id, text);
    document.date = date;
    document.title = fields.title;
    document.url = fields.url;
    Ok(Input { document, diagnostics })
}

/// Accepts `YYYY-MM-DD` and ISO timestamps starting with it (as the CLI does).
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let day = text.get(..10).unwrap_or(text);
    Date::parse_from_str(day, "%Y-%m-%d").ok()
}

/// Today's date from the system clock (UTC): the fallback date for undated documents.
pub(crate) fn today() -> Date {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let epoch = Date::from_ymd_opt(1970, 1, 1).expect("the epoch is a valid date");
    epoch + chrono::Days::new(seconds / 86_400)
}

/// Analyzes one document and writes the JSON contract (v1), as `grip analyze --json` does.
pub(crate) fn analyze_to_json(engine: &Engine, input: Input, config: &AnalysisConfig, tokens: bool) -> String {
    let mut analysis = analyze(engine, &input.document, config);
    analysis.diagnostics.splice(0..0, input.diagnostics);
    let options = grip_wire::json::Options { tokens };
    let json = grip_wire::json::document_with(&analysis, &input.document.text, options);
    serde_json::to_string(&json).expect("the JSON contract has string keys and serializes")
}
