//! The crate's one error enum, and the per-input failure that carries it with a place.

use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong while reading input.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// A file or directory could not be opened or read.
    #[error("cannot read {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A zip archive is damaged.
    #[error("cannot read zip archive {path}")]
    Zip {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: zip::result::ZipError,
    },
    /// A JSON Lines record is not valid JSON or lacks `text`.
    #[error("not a JSON Lines document record: {reason}")]
    Json {
        /// serde_json's message.
        reason: String,
    },
    /// A field has a value of the wrong kind.
    #[error("field {field:?}: {reason}")]
    Field {
        /// The field name.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A document is larger than the limit.
    #[error("document larger than {limit} bytes; skipped")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// An HTML page has no extractable text.
    #[error("no text found in the HTML page")]
    NoText,
    /// A feed could not be parsed at all.
    #[error("not a readable RSS/Atom feed: {reason}")]
    Feed {
        /// The parser's message.
        reason: String,
    },
    /// An HTTP request failed.
    #[error("fetching {url}: {reason}")]
    Http {
        /// The URL.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// A GDELT row has a column count no GDELT format has.
    #[error("expected 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated columns, found {found}")]
    GdeltColumns {
        /// The count found.
        found: usize,
    },
    /// A GDELT field does not parse.
    #[error("column {column}: {value:?} is not {expected}")]
    GdeltField {
        /// GDELT's column name.
        column: &'static str,
        /// The value (cut to 40 characters).
        value: String,
        /// What was expected.
        expected: &'static str,
    },
}

/// An input that could not be read, with where it was: `file:line: message`.
#[derive(Debug)]
pub struct ReadFailure {
    /// The file, URL or `stdin`.
    pub source_name: String,
    /// The 1-based line, for line-based inputs.
    pub line: Option<u64>,
    /// What went wrong.
    pub error: IngestError,
}

impl fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source_name)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.error)?;
        let mut source = std::error::Error::source(&self.error);
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}
