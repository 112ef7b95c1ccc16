//! grip's input side: reading documents from plain text files, directories, JSON Lines, HTML
//! pages, RSS/Atom feeds (files or fetched over HTTP) and stdin, and GDELT event files. All of
//! grip's input IO lives here, together with the parallel pipeline and the progress display
//! that `grip ingest` drives.
//!
//! Reading never stops at a bad input: a document that cannot be read becomes a
//! [`ReadFailure`] naming the file and line, and the others go on. Memory stays bounded: JSON
//! Lines and GDELT files are streamed, and single documents are capped at
//! [`ReadOptions::max_document_bytes`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
mod feed;
pub mod gdelt;
mod hash;
mod html;
mod pipeline;
mod progress;
mod read;

#[cfg(test)]
mod tests;

pub use error::{IngestError, ReadFailure};
pub use feed::{fetch_feed, parse_feed, FeedFetch, FeedParse};
pub use hash::content_hash;
pub use html::{extract_html, HtmlText};
pub use pipeline::{run_pipeline, PipelineConfig};
pub use progress::Progress;
pub use read::{discover, read_documents, Input, InputFormat, Item, ReadDocument, ReadOptions};
