//! The trained model (tagger, parser, lemmatizer) and its compact file format.
//!
//! A model file is gzip over a payload that starts with a magic string, a format version and a
//! description, followed by five length-prefixed sections: acronyms for recasing all-caps
//! sentences, word clusters, tagger, parser and lemmatizer. The sections are decoded in parallel (the parser is the largest), which keeps
//! loading under 200 ms. The model committed in
//! `model/syntax-en.bin.gz` is embedded in the binary, so grip parses without reading files.

use std::io::{Read, Write};

use crate::clusters::Clusters;
use crate::codec::{corrupt, Reader, Writer};
use crate::lemma::Lemmatizer;
use crate::lexical::{lexeme, Casing, Lexeme};
use crate::parser::{Parser, Scratch};
use crate::tagger::Tagger;
use crate::tags::{Deprel, Upos};
use crate::SyntaxError;

/// The committed model, trained by `examples/train.rs` (see `model/README.md`).
static EMBEDDED: &[u8] = include_bytes!("../model/syntax-en.bin.gz");

const MAGIC: &[u8; 8] = b"GRIPSYN\0";
const FORMAT_VERSION: u32 = 3;
/// Decompressed models larger than this are rejected as corrupt.
const MAX_PAYLOAD: u64 = 1 << 30;

/// The analysis of one word: tags, lemma and its place in the dependency tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenSyntax {
    /// The universal part-of-speech tag.
    pub upos: Upos,
    /// The Penn Treebank tag (one of [`crate::XPOS_TAGS`]).
    pub xpos: &'static str,
    /// The lemma (lowercased except for proper nouns, as in UD English).
    pub lemma: String,
    /// The index of the head word within the sentence; `None` for the root of the tree.
    pub head: Option<u32>,
    /// The relation to the head (`Deprel::Root` for the root).
    pub deprel: Deprel,
}

/// A trained tagger, lemmatizer and parser for English.
#[derive(Clone, Debug)]
pub struct Model {
    pub(crate) description: String,
    pub(crate) casing: Casing,
    pub(crate) clusters: Clusters,
    pub(crate) tagger: Tagger,
    pub(crate) parser: Parser,
    pub(crate) lemmatizer: Lemmatizer,
}

/// Reads one section, which must be consumed entirely.
fn read_section<T>(
    bytes: &[u8],
    read: impl FnOnce(&mut Reader<'_>) -> Result<T, SyntaxError>,
) -> Result<T, SyntaxError> {
    let mut reader = Reader::new(bytes);
    let value = read(&mut reader)?;
    if reader.is_at_end() {
        Ok(value)
    } else {
        Err(corrupt("trailing bytes in a model section"))
    }
}

/// Reusable buffers for [`Model::parse_into`], to parse many sentences without allocating.
#[derive(Default)]
pub struct ParseScratch {
    lexemes: Vec<Lexeme>,
    tags: Vec<u8>,
    heads: Vec<u32>,
    labels: Vec<u8>,
    parser: Scratch,
}

/// Sizes of a model's parts, for reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelStats {
    /// Tagger feature keys with weights.
    pub tagger_features: usize,
    /// Tagger weights.
    pub tagger_weights: usize,
    /// Parser feature keys with weights.
    pub parser_features: usize,
    /// Parser weights.
    pub parser_weights: usize,
    /// Lemmatizer exceptions.
    pub lemma_exceptions: usize,
    /// Lemmatizer suffix rules.
    pub lemma_rules: usize,
    /// Words with a cluster.
    pub cluster_words: usize,
    /// Acronyms kept in capitals when an all-caps sentence is recased.
    pub acronyms: usize,
}

impl Model {
    /// Loads the model embedded in the binary.
    ///
    /// # Errors
    ///
    /// As [`Model::from_bytes`]; an error means the committed model file is broken.
    pub fn embedded() -> Result<Model, SyntaxError> {
        Model::from_bytes(EMBEDDED)
    }

    /// Reads a model written by [`Model::to_bytes`].
    ///
    /// # Errors
    ///
    /// [`SyntaxError::ModelCompression`] for bytes that are not gzip,
    /// [`SyntaxError::ModelMagic`] or [`SyntaxError::ModelVersion`] for gzip data that is not
    /// a model this version reads, and [`SyntaxError::ModelCorrupt`] for a damaged model.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, SyntaxError> {
        let mut payload = Vec::with_capacity(bytes.len() * 4);
        flate2::read::GzDecoder::new(bytes)
            .take(MAX_PAYLOAD)
            .read_to_end(&mut payload)
            .map_err(SyntaxError::ModelCompression)?;
        let mut reader = Reader::new(&payload);
        if reader.raw(MAGIC.len()).ok() != Some(MAGIC.as_slice()) {
            return Err(SyntaxError::ModelMagic);
        }
        let version = reader.u32()?;
        if version != FORMAT_VERSION {
            return Err(SyntaxError::ModelVersion { found: version, expected: FORMAT_VERSION });
        }
        let description = reader.str()?.to_owned();
        let mut sections = [&[][..]; 5];
        for section in &mut sections {
            let n_bytes = reader.len()?;
            *section = reader.raw(n_bytes)?;
        }
        if !reader.is_at_end() {
            return Err(corrupt("trailing bytes after the model"));
        }
        let [casing, clusters, tagger, parser, lemmatizer] = sections;
        // The parser is the largest part; it is built while the others are.
        let (parser, others) = rayon::join(
            || read_section(parser, Parser::read),
            || -> Result<_, SyntaxError> {
                Ok((
                    read_section(casing, Casing::read)?,
                    read_section(clusters, Clusters::read)?,
                    read_section(tagger, Tagger::read)?,
                    read_section(lemmatizer, Lemmatizer::read)?,
                ))
            },
        );
        let (casing, clusters, tagger, lemmatizer) = others?;
        Ok(Model { description, casing, clusters, tagger, parser: parser?, lemmatizer })
    }

    /// Writes the model, gzip-compressed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::default();
        writer.raw(MAGIC);
        writer.u32(FORMAT_VERSION);
        writer.str(&self.description);
        let write_section = |writer: &mut Writer, write: &dyn Fn(&mut Writer)| {
            let mut section = Writer::default();
            write(&mut section);
            writer.len(section.bytes.len());
            writer.raw(&section.bytes);
        };
        write_section(&mut writer, &|section| self.casing.write(section));
        write_section(&mut writer, &|section| self.clusters.write(section));
        write_section(&mut writer, &|section| self.tagger.write(section));
        write_section(&mut writer, &|section| self.parser.write(section));
        write_section(&mut writer, &|section| self.lemmatizer.write(section));
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&writer.bytes).expect("writing to a Vec cannot fail");
        encoder.finish().expect("writing to a Vec cannot fail")
    }

    /// What the model was trained on and how, as recorded by the trainer.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Replaces the description (for instance to name the training files).
    pub fn set_description(&mut self, description: String) {
        self.description = description;
    }

    /// Drops tagger and parser weights smaller than the thresholds (in averaged-perceptron
    /// units, as [`crate::TrainConfig::tagger_prune_threshold`]): a smaller, faster model at
    /// some cost in accuracy, without retraining.
    pub fn prune(&mut self, tagger_threshold: f32, parser_threshold: f32) {
        self.tagger.prune(tagger_threshold);
        self.parser.prune(parser_threshold);
    }

    /// Sizes of the model's parts.
    pub fn stats(&self) -> ModelStats {
        ModelStats {
            tagger_features: self.tagger.n_features(),
            tagger_weights: self.tagger.n_entries(),
            parser_features: self.parser.n_features(),
            parser_weights: self.parser.n_entries(),
            lemma_exceptions: self.lemmatizer.n_exceptions(),
            lemma_rules: self.lemmatizer.n_rules(),
            cluster_words: self.clusters.len(),
            acronyms: self.casing.len(),
        }
    }

    /// Tags, lemmatizes and parses one sentence of words.
    ///
    /// Words are tokens as a UD-style tokenizer produces them (possessive `'s` and `n't` split
    /// off, punctuation separate). Any input is accepted (no words, thousands of words, odd
    /// Unicode) and the result is always a tree: exactly one word has `head == None`, every
    /// head is an index into `words`, and following heads never loops. Time is linear in the
    /// number of words.
    pub fn parse(&self, words: &[&str]) -> Vec<TokenSyntax> {
        let mut scratch = ParseScratch::default();
        let mut out = Vec::with_capacity(words.len());
        self.parse_into(words, &mut scratch, &mut out);
        out
    }

    /// The lemma of `word` read with the tags of `token` (a word the parser saw in its place,
    /// such as a stand-in for a name, keeps the tags and gets its own lemma).
    pub fn lemma_as(&self, word: &str, token: &TokenSyntax) -> String {
        match self.tagger.tags().iter().find(|tag| tag.upos == token.upos && tag.xpos_str() == token.xpos) {
            Some(tag) => self.lemmatizer.lemma(word, *tag),
            None => word.to_owned(),
        }
    }

    /// As [`Model::parse`], reusing `scratch` between calls and writing into `out` (cleared
    /// first).
    pub fn parse_into(&self, words: &[&str], scratch: &mut ParseScratch, out: &mut Vec<TokenSyntax>) {
        out.clear();
        if words.is_empty() {
            return;
        }
        scratch.lexemes.clear();
        scratch
            .lexemes
            .extend(words.iter().enumerate().map(|(word_idx, word)| lexeme(word, word_idx == 0, &self.clusters)));
        self.tagger.tag(&scratch.lexemes, &mut scratch.tags);
        // An auxiliary tag on a word that cannot be one is the main verb's ("Georgian police
        // beat protesters": VBD).
        for (class, word) in scratch.tags.iter_mut().zip(words) {
            if self.tagger.is_aux_class(*class) && !crate::tagger::can_be_auxiliary(word) {
                if let Some(verb) = self.tagger.main_verb_of(*class) {
                    *class = verb;
                }
            }
        }
        self.parse_tagged(words, scratch, out);
    }

    /// As [`Model::parse_into`], then the repairs of [`crate::repair`] for news text: a
    /// sentence whose parse gives one verb two subjects, or has no verb at all, because a past
    /// tense was tagged as an adjective ("guerrillas wounded two soldiers", "helicopters and
    /// tanks shelled positions") is parsed again with that word as a past tense, and kept if
    /// the new tree is sound; likewise a demand's bare verb tagged as a noun ("demanded that
    /// the US cancel plans"); "has once again rejected" keeps "has" as the auxiliary; "said on
    /// Tuesday that ..." complements move to their verb, "if" clauses read as relative clauses
    /// to theirs, "rejected Thursday a UN appeal" gets its object back ("staged protests
    /// Saturday to demand" its time and purpose), "the rebel Workers' Party" is one subject, and
    /// "it is willing to" has "it" for subject.
    pub fn parse_news(&self, words: &[&str], scratch: &mut ParseScratch, out: &mut Vec<TokenSyntax>) {
        self.parse_into(words, scratch, out);
        if crate::repair::has_double_subject(out) || crate::repair::is_verbless(out) {
            let candidates: Vec<_> = crate::repair::adjectival_past_tenses(words, out)
                .into_iter()
                .map(|word| vec![(word, Upos::Verb, "VBD")])
                .collect();
            self.retag_first_sound(words, scratch, out, &candidates, crate::repair::is_sound_verb);
        }
        // "Armenian protesters attacked riot police": a headline-style clause read as a noun
        // with a reduced relative, in a sentence with no finite verb.
        let candidates: Vec<_> = crate::repair::reduced_relative_verbs(out)
            .into_iter()
            .map(|word| vec![(word, Upos::Verb, "VBD")])
            .collect();
        self.retag_first_sound(words, scratch, out, &candidates, crate::repair::is_sound_verb);
        // The verb as a base form, and "that" as the conjunction that introduces it.
        let candidates: Vec<_> = crate::repair::mandative_subjunctives(words, out)
            .into_iter()
            .map(|(that, verb)| vec![(verb, Upos::Verb, "VB"), (that, Upos::Sconj, "IN")])
            .collect();
        self.retag_first_sound(words, scratch, out, &candidates, crate::repair::is_sound_clause_verb);
        // "from neighbouring Lebanon" read as "from attacking Lebanon".
        let candidates: Vec<_> = crate::repair::prenominal_gerunds(words, out)
            .into_iter()
            .map(|word| vec![(word, Upos::Adj, "JJ")])
            .collect();
        self.retag_first_sound(words, scratch, out, &candidates, crate::repair::is_sound_adjective);
        crate::repair::mandative_clauses(out);
        crate::repair::unjoined_past_tenses(words, out);
        crate::repair::bare_infinitive_objects(out);
        crate::repair::split_subjects(out);
        crate::repair::prenominal_participles(out);
        crate::repair::double_objects(out);
        crate::repair::stacked_case_markers(out);
        crate::repair::perfect_auxiliaries(out);
        crate::repair::time_complements(out);
        crate::repair::conjunction_clauses(out);
        crate::repair::time_objects(out);
        crate::repair::time_appositions(out);
        crate::repair::expletive_subjects(out);
    }

    /// Parses again with each candidate's words in turn retagged (a word index, its UPOS and
    /// PTB tag), and keeps the first parse that `sound` accepts for the candidate's first word;
    /// without one, `out` and the tags stay.
    fn retag_first_sound(
        &self,
        words: &[&str],
        scratch: &mut ParseScratch,
        out: &mut Vec<TokenSyntax>,
        candidates: &[Vec<(usize, Upos, &str)>],
        sound: fn(&[TokenSyntax], usize) -> bool,
    ) {
        let tag_of = |upos: Upos, xpos: &str| {
            let idx = self.tagger.tags().iter().position(|tag| tag.upos == upos && tag.xpos_str() == xpos)?;
            u8::try_from(idx).ok()
        };
        for retags in candidates {
            let Some(&(first, _, _)) = retags.first() else { continue };
            let Some(tags) = retags.iter().map(|(_, upos, xpos)| tag_of(*upos, xpos)).collect::<Option<Vec<u8>>>()
            else {
                continue;
            };
            let original = scratch.tags.clone();
            for ((word, _, _), tag) in retags.iter().zip(tags) {
                scratch.tags[*word] = tag;
            }
            let mut retried = Vec::with_capacity(words.len());
            self.parse_tagged(words, scratch, &mut retried);
            if sound(&retried, first) {
                *out = retried;
                return;
            }
            scratch.tags = original;
        }
    }

    /// Parses with the tags in `scratch` and writes the tokens.
    fn parse_tagged(&self, words: &[&str], scratch: &mut ParseScratch, out: &mut Vec<TokenSyntax>) {
        out.clear();
        self.parser.parse(
            &scratch.lexemes,
            &scratch.tags,
            &mut scratch.parser,
            &mut scratch.heads,
            &mut scratch.labels,
        );
        let tag_set = self.tagger.tags();
        let labels = self.parser.labels();
        for (word_idx, word) in words.iter().enumerate() {
            let tag = tag_set[usize::from(scratch.tags[word_idx])];
            let head = scratch.heads[word_idx];
            out.push(TokenSyntax {
                upos: tag.upos,
                xpos: tag.xpos_str(),
                lemma: self.lemmatizer.lemma(word, tag),
                head: head.checked_sub(1),
                deprel: labels.get(usize::from(scratch.labels[word_idx])).copied().unwrap_or(Deprel::Dep),
            });
        }
    }
}

#[cfg(test)]
mod tests;
