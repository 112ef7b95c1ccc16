//! grip's extraction layer: finding mentions of actors in text and linking them to the KB.
//!
//! Knows nothing about IO, the database or wire formats: it reads a `&Kb`, the original text
//! and its segmentation, and returns model values with evidence ranges and rule ids.

#![warn(missing_docs)]

pub mod link;

pub use link::{link, LinkInput};
