//! grip's output formats, written out at the edge (ARCHITECTURE.md invariant 7): the versioned
//! JSON contract (`json`) and the readable report and golden format (`report`).
//!
//! Model types do not derive `Serialize`; the DTOs here are the contract, converted explicitly,
//! so the model can be refactored without breaking users or old files.

#![warn(missing_docs)]

pub mod events;
pub mod json;
pub mod report;

#[cfg(test)]
mod tests;
