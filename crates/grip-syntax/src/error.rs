//! The crate's one error type.
//!
//! Parsing text never fails (every sentence gets an analysis); errors come only from reading
//! CoNLL-U files and model bytes, which are operational failures the caller reports.

/// What went wrong while reading CoNLL-U text or a model.
#[derive(Debug, thiserror::Error)]
pub enum SyntaxError {
    /// A CoNLL-U line could not be read.
    #[error("conllu line {line}: {reason}")]
    Conllu {
        /// The 1-based line number.
        line: usize,
        /// What is wrong with the line.
        reason: String,
    },
    /// The model bytes could not be decompressed.
    #[error("model bytes are not valid gzip data")]
    ModelCompression(#[source] std::io::Error),
    /// The model bytes do not start with the grip syntax model header.
    #[error("model bytes are not a grip syntax model")]
    ModelMagic,
    /// The model was written by an incompatible version of this crate.
    #[error("model format version {found} is not supported (expected {expected})")]
    ModelVersion {
        /// The version in the bytes.
        found: u32,
        /// The version this crate reads.
        expected: u32,
    },
    /// The model bytes are truncated or inconsistent.
    #[error("model bytes are corrupt: {reason}")]
    ModelCorrupt {
        /// What is inconsistent.
        reason: String,
    },
}
