//! A document as grip receives it: an id, an optional date and title, and the original text.

use crate::Date;

/// One input document. `text` is the original text; every offset grip reports points into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Caller-chosen identifier (a file name, a JSONL `id`, a content hash).
    pub id: String,
    /// The date the document speaks from, when the caller knows it.
    pub date: Option<Date>,
    /// Title, when given separately from the text.
    pub title: Option<String>,
    /// Where the document came from, when known.
    pub url: Option<String>,
    /// The original text, exactly as received (after UTF-8 decoding).
    pub text: String,
}

impl Document {
    /// A document with only an id and a text.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document { id: id.into(), date: None, title: None, url: None, text: text.into() }
    }
}
