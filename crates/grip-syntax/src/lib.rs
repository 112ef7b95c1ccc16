//! grip's syntax layer: an English part-of-speech tagger (UPOS and Penn Treebank XPOS), a
//! lemmatizer and a labelled dependency parser producing Universal Dependencies trees.
//!
//! Coding events from prose needs syntax (who is the subject, what is the object, which clause
//! is negated or reported), and no Rust crate ships an English parser usable offline. This crate
//! is grip's own: averaged-perceptron models trained from UD English treebanks by [`train`],
//! stored in a compact file and embedded in the binary ([`Model::embedded`]), fast enough to
//! parse every sentence grip reads.
//!
//! - [`Model::embedded`] loads the committed model (once; pass `&Model` around, it is `Sync`).
//! - [`Model::parse`] takes the words of one sentence and returns a [`TokenSyntax`] per word:
//!   UPOS, XPOS, lemma, head and relation. It accepts any input and always returns a tree.
//! - [`conllu`] reads and writes CoNLL-U, for training, evaluation and `grip parse --conllu`.
//! - [`train`] builds a model from treebanks; [`evaluate`] scores one against a gold treebank.
//!
//! The pipeline inside is: features of each word (normalized form, shape,
//! affixes, word cluster), a greedy averaged-perceptron tagger for joint (UPOS, XPOS) tags, a
//! greedy arc-hybrid parser with a dynamic oracle, and a suffix-rule lemmatizer.
//! `examples/train.rs`, `examples/eval.rs` and `benches/syntax.rs` drive training, scoring and
//! timing; `model/README.md` says how the committed model was made and under what license.
//!
//! The crate does no IO: models come in as bytes, treebanks and raw text as strings.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod conllu;
pub mod repair;

mod clusters;
mod codec;
mod error;
mod eval;
mod hash;
mod irregular;
mod lemma;
mod lexical;
mod model;
mod parser;
mod perceptron;
mod rng;
mod tagger;
mod tags;
mod train;
mod transition;

pub use error::SyntaxError;
pub use eval::{evaluate, evaluate_with, EvalScores};
pub use model::{Model, ModelStats, ParseScratch, TokenSyntax};
pub use tags::{Deprel, Upos, XPOS_TAGS};
pub use train::{train, NoiseConfig, TrainConfig, TrainProgress, TrainStage};
