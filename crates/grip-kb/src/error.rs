//! The KB's error type: source files that do not parse or break a rule.

/// Why KB sources could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A source file is not valid TOML or does not fit the schema.
    #[error("{source_name}:{line}: {reason}")]
    Parse {
        /// The file name.
        source_name: String,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// What is wrong, from the TOML parser.
        reason: String,
    },
    /// An entry parses but breaks a rule (bad date, unknown reference, duplicate id).
    #[error("{source_name}: entry {entry:?}: {reason}")]
    Invalid {
        /// The file name.
        source_name: String,
        /// The entry's id.
        entry: String,
        /// What is wrong.
        reason: String,
    },
    /// The compiled match keys could not be turned into a matcher.
    #[error("building the KB matcher failed")]
    Matcher(#[source] aho_corasick::BuildError),
}
