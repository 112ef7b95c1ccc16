//! grip's extraction layer: finding mentions of actors in text and linking them to the KB.
//!
//! Knows nothing about IO, the database or wire formats: it reads a `&Kb`, the original text
//! and its segmentation, and returns model values with evidence ranges and rule ids.

#![warn(missing_docs)]

pub mod claims;
pub mod events;
pub mod factuality;
pub mod link;
pub mod places;
mod tree;

pub use claims::{extract_claims, ClaimInput};
pub use events::{code_events, EventInput};
pub use factuality::{factuality, factuality_both, FactualityModel, Scale};
pub use link::{link, LinkInput};
pub use places::{PlaceContext, PlaceResolver};
