//! The one error type of this crate: problems reading dictionary, option and suite files.
//!
//! Coding text never fails (a sentence the coders cannot handle yields no events); only the
//! inputs that configure them do. Every parse error names the file and the 1-based line.

use std::path::PathBuf;

/// An error reading peer dictionaries, options or validation files.
#[derive(Debug, thiserror::Error)]
pub enum PeerError {
    /// A line of a dictionary, option or project file could not be understood.
    #[error("{file}:{line}: {reason}")]
    Parse {
        /// The file name as given by the caller (for example `TABARI.Demo.verbs`).
        file: String,
        /// The 1-based line number.
        line: usize,
        /// What is wrong, lowercase, without a trailing period.
        reason: String,
    },
    /// A dictionary set lacks a file it needs (for example no verbs dictionary).
    #[error("missing {what}")]
    Missing {
        /// What is missing (`verbs dictionary`, `<Environment> block` ...).
        what: String,
    },
    /// A file could not be read (only the IO convenience module returns this).
    #[error("reading {path}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl PeerError {
    /// A parse error at `file:line`.
    pub fn parse(file: &str, line: usize, reason: impl Into<String>) -> PeerError {
        PeerError::Parse { file: file.to_string(), line, reason: reason.into() }
    }
}
