//! A user's dictionary directory, whichever peer it was written for: the format is recognised
//! from the file names, and documents are coded sentence by sentence (for
//! `grip analyze --dictionaries DIR`).
//!
//! Recognition, in order:
//! 1. a TABARI `.project` file: the files it names;
//! 2. TABARI `.verbs` files: every `.actors`, `.verbs`, `.agents` file and the first `.options`;
//! 3. `PETR_config.ini`: the PETRARCH files its `[Dictionaries]` section names, and its options;
//! 4. otherwise PETRARCH by name: files whose names contain `actors`, `agents`, `discards`, and
//!    one verbs file (a name containing `verb`, or `CAMEO.2.0`).
//!
//! PETRARCH dictionaries are read leniently (malformed lines are skipped and listed in
//! [`PeerDictionaries::skipped`], as PETRARCH does); TABARI dictionaries strictly.

use grip_model::text_range;

use crate::date::DayNumber;
use crate::event::PeerEvent;
use crate::petrarch::{PetrarchCoder, PetrarchConfig, PetrarchDictionaries, PetrarchOptions};
use crate::tabari::{TabariCoder, TabariDictionaries, TabariOptions, TabariProject};
use crate::PeerError;

/// Dictionaries for one of the peer coders, with their options.
#[derive(Debug)]
pub enum PeerDictionaries {
    /// TABARI dictionaries: raw text is coded by the TABARI shallow coder.
    Tabari {
        /// The dictionaries.
        dictionaries: TabariDictionaries,
        /// The options (from the `.options` file, or TABARI's defaults).
        options: TabariOptions,
    },
    /// PETRARCH dictionaries: raw text is coded with a shallow stand-in parse
    /// ([`PetrarchCoder::code_text`]).
    Petrarch {
        /// The dictionaries.
        dictionaries: PetrarchDictionaries,
        /// The options (from `PETR_config.ini`, or PETRARCH's defaults).
        options: PetrarchOptions,
    },
}

fn has_ext(name: &str, ext: &str) -> bool {
    name.to_ascii_lowercase().ends_with(ext)
}

impl PeerDictionaries {
    /// Recognises and reads a dictionary directory given as `(file name, text)` pairs (see
    /// [`crate::io::load_dir`]).
    ///
    /// # Errors
    /// [`PeerError::Missing`] when no dictionary set is recognised or a named file is absent;
    /// parse errors of strictly read files.
    pub fn from_files(files: &[(String, String)]) -> Result<PeerDictionaries, PeerError> {
        let pairs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        let named = |pred: &dyn Fn(&str) -> bool| -> Vec<String> {
            files.iter().map(|(n, _)| n.clone()).filter(|n| pred(n)).collect()
        };
        if let Some((name, text)) = files.iter().find(|(n, _)| has_ext(n, ".project")) {
            let project = TabariProject::parse(name, text)?;
            let (dictionaries, options) = TabariDictionaries::from_project(&project, &pairs)?;
            return Ok(PeerDictionaries::Tabari { dictionaries, options });
        }
        if files.iter().any(|(n, _)| has_ext(n, ".verbs")) {
            let project = TabariProject {
                actors: named(&|n| has_ext(n, ".actors")),
                agents: named(&|n| has_ext(n, ".agents")),
                verbs: named(&|n| has_ext(n, ".verbs")),
                options: named(&|n| has_ext(n, ".options")).into_iter().next(),
                texts: Vec::new(),
            };
            let (dictionaries, options) = TabariDictionaries::from_project(&project, &pairs)?;
            return Ok(PeerDictionaries::Tabari { dictionaries, options });
        }
        let config = match files.iter().find(|(n, _)| n.eq_ignore_ascii_case("PETR_config.ini")) {
            Some((name, text)) => PetrarchConfig::parse(name, text)?,
            None => {
                let lower = |n: &str| n.to_ascii_lowercase();
                let verbs = named(&|n| {
                    let l = lower(n);
                    (l.contains("verb") || l.starts_with("cameo.2.0")) && !l.ends_with(".xml")
                });
                let verbs = match verbs.as_slice() {
                    [one] => one.clone(),
                    [] => {
                        return Err(PeerError::Missing {
                            what: "a TABARI .project/.verbs or PETRARCH verbs dictionary".into(),
                        })
                    }
                    _ => {
                        return Err(PeerError::Missing {
                            what: format!("PETR_config.ini to choose among the verbs files {}", verbs.join(", ")),
                        })
                    }
                };
                PetrarchConfig {
                    verbs: Some(verbs),
                    actors: named(&|n| lower(n).contains("actors")),
                    agents: named(&|n| lower(n).contains("agents")).into_iter().next(),
                    discards: named(&|n| lower(n).contains("discards")).into_iter().next(),
                    issues: None,
                    options: PetrarchOptions::default(),
                }
            }
        };
        let dictionaries = PetrarchDictionaries::from_config_into(PetrarchDictionaries::lenient(), &config, &pairs)?;
        Ok(PeerDictionaries::Petrarch { dictionaries, options: config.options })
    }

    /// `"tabari"` or `"petrarch"`.
    pub fn kind(&self) -> &'static str {
        match self {
            PeerDictionaries::Tabari { .. } => "tabari",
            PeerDictionaries::Petrarch { .. } => "petrarch",
        }
    }

    /// Malformed lines that were skipped while reading (PETRARCH files only).
    pub fn skipped(&self) -> &[PeerError] {
        match self {
            PeerDictionaries::Tabari { .. } => &[],
            PeerDictionaries::Petrarch { dictionaries, .. } => dictionaries.skipped(),
        }
    }

    /// Codes a document dated `date` sentence by sentence (sentences from
    /// [`grip_text::segment`]); ranges are offsets into `text`. Sentences the coder rejects
    /// (discards, complexity) contribute nothing.
    pub fn code_document(&self, date: DayNumber, text: &str) -> Vec<PeerEvent> {
        let segmented = grip_text::segment(text);
        let mut tabari = match self {
            PeerDictionaries::Tabari { dictionaries, options } => Some(TabariCoder::new(dictionaries, options.clone())),
            PeerDictionaries::Petrarch { .. } => None,
        };
        let petrarch = match self {
            PeerDictionaries::Petrarch { dictionaries, options } => {
                Some(PetrarchCoder::new(dictionaries, options.clone()))
            }
            PeerDictionaries::Tabari { .. } => None,
        };
        let mut events = Vec::new();
        for sentence in &segmented.sentences {
            let start = usize::from(sentence.range.start());
            let sentence_text = grip_text::slice(text, sentence.range);
            let coded = match (&mut tabari, &petrarch) {
                (Some(coder), _) => coder.code_text(date, sentence_text),
                (None, Some(coder)) => coder.code_text(date, sentence_text),
                (None, None) => continue,
            };
            let shift =
                |r: grip_model::TextRange| text_range(start + usize::from(r.start()), start + usize::from(r.end()));
            for mut event in coded.events {
                event.sentence = shift(event.sentence);
                event.verb = shift(event.verb);
                event.source_range = event.source_range.map(shift);
                event.target_range = event.target_range.map(shift);
                events.push(event);
            }
        }
        events
    }
}
