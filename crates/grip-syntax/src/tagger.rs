//! The part-of-speech tagger: a greedy left-to-right averaged perceptron that predicts a joint
//! (UPOS, XPOS) tag for each word.
//!
//! Predicting the pair as one class keeps the two tags consistent (no `PROPN` with `VBD`) and
//! costs nothing: the treebanks use about 120 distinct pairs. Features are the classic ones of
//! Ratnaparkhi (1996) and Collins (2002) (word, affixes, shape, a window of two words on either
//! side, the two previous tags), plus the word's ambiguity class from a tag dictionary built
//! from the training data, for the word itself and for its neighbours. The dictionary also
//! fixes the tag of frequent words that are (nearly) never ambiguous, which saves time.

use crate::codec::{corrupt, Reader, Writer};
use crate::hash::{combine, feature, hash_str};
use crate::lexical::{is_caps_sentence, is_regular_past, Lexeme, FLAG_ALL_CAPS, FLAG_CAPITALIZED, FLAG_FIRST, NONE};
use crate::perceptron::{KeyMap, Trainer, Weights};
use crate::rng::Rng;
use crate::tags::{Upos, XPOS_TAGS};
use crate::SyntaxError;

/// A joint tag: a UPOS and an index into [`XPOS_TAGS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct TagPair {
    pub(crate) upos: Upos,
    pub(crate) xpos: u8,
}

impl TagPair {
    pub(crate) fn xpos_str(self) -> &'static str {
        XPOS_TAGS.get(usize::from(self.xpos)).copied().unwrap_or("XX")
    }
}

/// The dictionary entry of a word: its ambiguity class and, if it is never ambiguous, its tag.
#[derive(Clone, Copy, Debug)]
struct DictEntry {
    ambiguity: u64,
    sure_tag: Option<u8>,
}

/// A trained tagger.
#[derive(Clone, Debug)]
pub(crate) struct Tagger {
    tags: Vec<TagPair>,
    dictionary: KeyMap<DictEntry>,
    weights: Weights,
}

/// Settings for training a tagger.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TaggerSettings {
    pub(crate) epochs: usize,
    pub(crate) prune_threshold: f32,
    /// A word is "sure" when seen at least this often with one tag in ...
    pub(crate) sure_min_count: u32,
    /// ... at least this share of its occurrences.
    pub(crate) sure_min_share: f64,
    /// Words seen fewer times than this get no ambiguity class.
    pub(crate) dictionary_min_count: u32,
}

#[cfg(test)]
impl TaggerSettings {
    pub(crate) fn for_test() -> TaggerSettings {
        TaggerSettings {
            epochs: 1,
            prune_threshold: 0.0,
            sure_min_count: 20,
            sure_min_share: 0.995,
            dictionary_min_count: 1,
        }
    }
}

/// A training sentence for the tagger: lexemes, lowercased-form keys and gold tags.
pub(crate) struct TaggerExample {
    pub(crate) lexemes: Vec<Lexeme>,
    pub(crate) tags: Vec<TagPair>,
}

const MAX_FEATURES: usize = 64;

impl Tagger {
    pub(crate) fn n_features(&self) -> usize {
        self.weights.n_features()
    }

    pub(crate) fn n_entries(&self) -> usize {
        self.weights.n_entries()
    }

    pub(crate) fn prune(&mut self, threshold: f32) {
        self.weights = self.weights.pruned(threshold);
    }

    pub(crate) fn tags(&self) -> &[TagPair] {
        &self.tags
    }

    /// Tags a sentence; `out` receives one class (an index into `tags()`) per lexeme.
    pub(crate) fn tag(&self, lexemes: &[Lexeme], out: &mut Vec<u8>) {
        out.clear();
        let ambiguities = self.ambiguities(lexemes);
        let caps_sentence = is_caps_sentence(lexemes);
        let mut features = Vec::with_capacity(MAX_FEATURES);
        let mut scores = vec![0i32; self.tags.len()];
        let mut history: Vec<u8> = Vec::with_capacity(lexemes.len());
        for word_idx in 0..lexemes.len() {
            let class = match self.sure_tag(&lexemes[word_idx], caps_sentence) {
                Some(class) => class,
                None => {
                    extract(lexemes, &ambiguities, &history, word_idx, caps_sentence, &mut features);
                    self.weights.score(&features, &mut scores);
                    argmax(&scores)
                }
            };
            history.push(class);
            out.push(class);
        }
    }

    /// The main-verb class with the XPOS of the auxiliary class `class` (AUX/VBD -> VERB/VBD);
    /// `None` when there is none (modals).
    pub(crate) fn main_verb_of(&self, class: u8) -> Option<u8> {
        let xpos = self.tags.get(usize::from(class))?.xpos;
        self.tags.iter().position(|tag| tag.upos == Upos::Verb && tag.xpos == xpos).map(|idx| idx as u8)
    }

    /// Whether class `class` is an auxiliary.
    pub(crate) fn is_aux_class(&self, class: u8) -> bool {
        self.tags.get(usize::from(class)).is_some_and(|tag| tag.upos == Upos::Aux)
    }

    fn ambiguities(&self, lexemes: &[Lexeme]) -> Vec<u64> {
        lexemes
            .iter()
            .map(|lexeme| {
                let entry = self.dictionary.get(&lexeme.form).or_else(|| self.dictionary.get(&lowercase_key(lexeme)));
                entry.map_or(NONE, |entry| entry.ambiguity)
            })
            .collect()
    }

    fn sure_tag(&self, lexeme: &Lexeme, caps_sentence: bool) -> Option<u8> {
        if caps_sentence {
            return None;
        }
        self.dictionary.get(&lexeme.form).and_then(|entry| entry.sure_tag)
    }

    pub(crate) fn write(&self, writer: &mut Writer) {
        writer.len(self.tags.len());
        for tag in &self.tags {
            writer.u8(tag.upos.index() as u8);
            writer.u8(tag.xpos);
        }
        let mut entries: Vec<(u64, DictEntry)> = self.dictionary.iter().map(|(key, entry)| (*key, *entry)).collect();
        entries.sort_unstable_by_key(|entry| entry.0);
        writer.len(entries.len());
        let mut previous = 0u64;
        for (key, _) in &entries {
            writer.varint(key - previous);
            previous = *key;
        }
        for (_, entry) in &entries {
            writer.raw(&entry.ambiguity.to_le_bytes());
            writer.u8(entry.sure_tag.map_or(0, |tag| tag + 1));
        }
        self.weights.write(writer);
    }

    pub(crate) fn read(reader: &mut Reader<'_>) -> Result<Tagger, SyntaxError> {
        let n_tags = reader.len()?;
        if n_tags == 0 || n_tags > 255 {
            return Err(corrupt("tagger has an invalid number of tags"));
        }
        let mut tags = Vec::with_capacity(n_tags);
        for _ in 0..n_tags {
            let upos =
                Upos::from_index(usize::from(reader.u8()?)).ok_or_else(|| corrupt("tagger names an unknown UPOS"))?;
            let xpos = reader.u8()?;
            if usize::from(xpos) >= XPOS_TAGS.len() {
                return Err(corrupt("tagger names an unknown XPOS"));
            }
            tags.push(TagPair { upos, xpos });
        }
        let n_entries = reader.len()?;
        let mut keys = Vec::with_capacity(n_entries);
        let mut key = 0u64;
        for _ in 0..n_entries {
            key = key.wrapping_add(reader.varint()?);
            keys.push(key);
        }
        let mut dictionary = KeyMap::default();
        dictionary.reserve(n_entries);
        for key in keys {
            let mut ambiguity = [0u8; 8];
            ambiguity.copy_from_slice(reader.raw(8)?);
            let ambiguity = u64::from_le_bytes(ambiguity);
            let sure_tag = match reader.u8()? {
                0 => None,
                tag if usize::from(tag) <= n_tags => Some(tag - 1),
                _ => return Err(corrupt("sure tag out of range")),
            };
            dictionary.insert(key, DictEntry { ambiguity, sure_tag });
        }
        let weights = Weights::read(reader)?;
        if weights.n_classes() != n_tags {
            return Err(corrupt("tagger weights do not match its tags"));
        }
        let mut tagger = Tagger { tags, dictionary, weights };
        tagger.add_irregular_forms();
        Ok(tagger)
    }

    /// Gives the irregular past forms that the training data never showed (often enough) the
    /// ambiguity class of a past tense, a past participle or both (`froze` {VBD}, `overthrown`
    /// {VBN}, `upheld` {VBD, VBN}), so that the tagger reads them as the verbs they are rather
    /// than guessing from their shape. Words the dictionary has keep their own class.
    pub(crate) fn add_irregular_forms(&mut self) {
        let class = |xpos: &str| {
            self.tags.iter().position(|tag| tag.upos == Upos::Verb && tag.xpos_str() == xpos).map(|idx| idx as u64)
        };
        let (Some(vbd), Some(vbn)) = (class("VBD"), class("VBN")) else { return };
        for (form, past, participle) in crate::irregular::forms() {
            let form_key = hash_str(form);
            let lower_key = combine(form_key, 0x10C4);
            if self.dictionary.contains_key(&form_key) || self.dictionary.contains_key(&lower_key) {
                continue;
            }
            // Class indices in increasing order, as `ambiguity_class` hashes them.
            let mut members: Vec<u64> =
                [(past, vbd), (participle, vbn)].into_iter().filter(|(is, _)| *is).map(|(_, class)| class).collect();
            members.sort_unstable();
            // A form that is only a past tense is a verb wherever it stands ("The EU froze
            // Russian assets"), unless it is also a common noun ("a slew of").
            let sure_tag = (past && !participle && !NOT_ONLY_VERBS.contains(&form)).then_some(vbd as u8);
            let entry = DictEntry { ambiguity: feature(0xA3B1, &members), sure_tag };
            // Under the word's form too: sure tags are looked up by form.
            self.dictionary.insert(form_key, entry);
            self.dictionary.insert(lower_key, entry);
        }
    }
}

/// Trains a tagger. `on_epoch` is called after each epoch with the epoch number and the
/// training accuracy of that epoch.
/// `tags` is the sorted tag set; it must hold every gold tag of `examples`, and it is shared by
/// all taggers trained for one model so that class numbers mean the same to the parser.
pub(crate) fn train(
    examples: &[TaggerExample],
    tags: &[TagPair],
    settings: &TaggerSettings,
    rng: &mut Rng,
    on_epoch: &mut dyn FnMut(usize, f64, &Tagger),
) -> Tagger {
    assert!(tags.len() < 256, "at most 255 tag pairs");
    let class_of = |tag: TagPair| tags.binary_search(&tag).expect("every gold tag is in the tag set") as u8;
    let counts = count_tags(examples.iter(), &class_of);
    let widen = Widen::new(examples, tags);
    let dictionary = build_dictionary(&counts, settings, &widen);
    let training_ambiguities = held_out_ambiguities(examples, &class_of, &counts, settings, &widen);
    drop(counts);
    let gold: Vec<Vec<u8>> =
        examples.iter().map(|example| example.tags.iter().map(|tag| class_of(*tag)).collect()).collect();

    let mut tagger =
        Tagger { tags: tags.to_vec(), dictionary, weights: Trainer::new(tags.len()).freeze(f32::INFINITY) };
    let mut trainer = Trainer::new(tags.len());
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut features = Vec::with_capacity(MAX_FEATURES);
    let mut scores = vec![0f32; tags.len()];
    let mut history: Vec<u8> = Vec::new();
    for epoch in 0..settings.epochs {
        rng.shuffle(&mut order);
        let mut n_correct = 0usize;
        let mut n_total = 0usize;
        for &example_idx in &order {
            let example = &examples[example_idx];
            let gold = &gold[example_idx];
            let ambiguities = &training_ambiguities[example_idx];
            let caps_sentence = is_caps_sentence(&example.lexemes);
            history.clear();
            for (word_idx, (lexeme, truth)) in example.lexemes.iter().zip(gold).enumerate() {
                let truth = *truth;
                let guess = match tagger.sure_tag(lexeme, caps_sentence) {
                    Some(class) => class,
                    None => {
                        extract(&example.lexemes, ambiguities, &history, word_idx, caps_sentence, &mut features);
                        trainer.score(&features, &mut scores);
                        let guess = argmax_f32(&scores);
                        trainer.update(&features, usize::from(truth), usize::from(guess));
                        trainer.tick();
                        guess
                    }
                };
                n_correct += usize::from(guess == truth);
                n_total += 1;
                history.push(guess);
            }
        }
        tagger.weights = trainer.freeze(settings.prune_threshold);
        on_epoch(epoch, n_correct as f64 / n_total.max(1) as f64, &tagger);
    }
    tagger
}

/// Tag counts per dictionary key: each word is counted under its form and its lowercase key.
type TagCounts = KeyMap<Vec<(u8, u32)>>;

fn count_tags<'a>(examples: impl Iterator<Item = &'a TaggerExample>, class_of: &dyn Fn(TagPair) -> u8) -> TagCounts {
    let mut counts: TagCounts = KeyMap::default();
    for example in examples {
        for (lexeme, tag) in example.lexemes.iter().zip(&example.tags) {
            let class = class_of(*tag);
            for key in [lexeme.form, lowercase_key(lexeme)] {
                let row = counts.entry(key).or_default();
                match row.iter_mut().find(|(known, _)| *known == class) {
                    Some((_, count)) => *count += 1,
                    None => row.push((class, 1)),
                }
            }
        }
    }
    counts
}

/// Regular past forms ("wounded", "shelled") are past tense and past participle alike, but a
/// treebank often shows a word in only one of the two uses (or as an adjective): the ambiguity
/// class of an `-ed` word seen as one of them also holds the other, so that the tagger weighs
/// the context ("rebels wounded two soldiers") instead of the word's few training uses.
struct Widen {
    /// The classes of (VERB, VBD) and (VERB, VBN), when the tag set has both.
    past: Option<(u8, u8)>,
    /// Dictionary keys of the words that end in `-ed`.
    keys: KeyMap<()>,
}

impl Widen {
    fn new(examples: &[TaggerExample], tags: &[TagPair]) -> Widen {
        let class = |xpos: &str| {
            tags.iter().position(|tag| tag.upos == Upos::Verb && tag.xpos_str() == xpos).map(|idx| idx as u8)
        };
        let past = class("VBD").zip(class("VBN"));
        let mut keys = KeyMap::default();
        for lexeme in examples.iter().flat_map(|example| &example.lexemes) {
            if is_regular_past(lexeme) {
                keys.insert(lexeme.form, ());
                keys.insert(lowercase_key(lexeme), ());
            }
        }
        Widen { past, keys }
    }

    fn members(&self, key: u64, members: &mut Vec<u64>) {
        let Some((vbd, vbn)) = self.past else { return };
        if !self.keys.contains_key(&key) {
            return;
        }
        let (vbd, vbn) = (u64::from(vbd), u64::from(vbn));
        if members.contains(&vbd) || members.contains(&vbn) {
            members.extend([vbd, vbn]);
            members.sort_unstable();
            members.dedup();
        }
    }
}

/// The ambiguity class of a word with these tag counts: a hash of the tags that make up at
/// least 1% of its occurrences. `None` for a word seen too rarely to say.
fn ambiguity_class(key: u64, row: &[(u8, u32)], min_count: u32, widen: &Widen) -> Option<u64> {
    let total: u32 = row.iter().map(|(_, count)| count).sum();
    if total < min_count.max(1) {
        return None;
    }
    let mut members: Vec<u64> = row
        .iter()
        .filter(|(_, count)| *count > 0 && f64::from(*count) >= 0.01 * f64::from(total))
        .map(|(class, _)| u64::from(*class))
        .collect();
    members.sort_unstable();
    widen.members(key, &mut members);
    Some(feature(0xA3B1, &members))
}

fn build_dictionary(counts: &TagCounts, settings: &TaggerSettings, widen: &Widen) -> KeyMap<DictEntry> {
    let mut dictionary = KeyMap::default();
    for (key, row) in counts {
        let Some(ambiguity) = ambiguity_class(*key, row, settings.dictionary_min_count, widen) else {
            continue;
        };
        let total: u32 = row.iter().map(|(_, count)| count).sum();
        let (best_class, best_count) =
            row.iter().copied().max_by_key(|(class, count)| (*count, std::cmp::Reverse(*class))).unwrap_or((0, 0));
        let sure_tag = (total >= settings.sure_min_count
            && f64::from(best_count) >= settings.sure_min_share * f64::from(total))
        .then_some(best_class);
        dictionary.insert(*key, DictEntry { ambiguity, sure_tag });
    }
    dictionary
}

/// The ambiguity classes of each training sentence's words as a dictionary built without the
/// sentence's fold would give them, so that training sees unknown words and incomplete classes
/// as often as tagging new text does.
fn held_out_ambiguities(
    examples: &[TaggerExample],
    class_of: &dyn Fn(TagPair) -> u8,
    total: &TagCounts,
    settings: &TaggerSettings,
    widen: &Widen,
) -> Vec<Vec<u64>> {
    const N_FOLDS: usize = 10;
    let fold_counts: Vec<TagCounts> = (0..N_FOLDS)
        .map(|fold| {
            count_tags(
                examples.iter().enumerate().filter(|(idx, _)| idx % N_FOLDS == fold).map(|(_, example)| example),
                class_of,
            )
        })
        .collect();
    let held_out = |key: u64, fold: usize| -> Option<u64> {
        let row = total.get(&key)?;
        let removed = fold_counts[fold].get(&key);
        let remaining: Vec<(u8, u32)> = row
            .iter()
            .map(|(class, count)| {
                let minus = removed
                    .and_then(|removed| removed.iter().find(|(known, _)| known == class))
                    .map_or(0, |(_, count)| *count);
                (*class, count - minus)
            })
            .collect();
        ambiguity_class(key, &remaining, settings.dictionary_min_count, widen)
    };
    examples
        .iter()
        .enumerate()
        .map(|(idx, example)| {
            let fold = idx % N_FOLDS;
            example
                .lexemes
                .iter()
                .map(|lexeme| {
                    held_out(lexeme.form, fold).or_else(|| held_out(lowercase_key(lexeme), fold)).unwrap_or(NONE)
                })
                .collect()
        })
        .collect()
}

/// The dictionary key under which all case variants of a word are counted together.
fn lowercase_key(lexeme: &Lexeme) -> u64 {
    combine(lexeme.lower, 0x10C4)
}

/// The sorted set of tags found in the training data.
pub(crate) fn tag_set(examples: &[TaggerExample]) -> Vec<TagPair> {
    let mut tags: Vec<TagPair> = examples.iter().flat_map(|example| example.tags.iter().copied()).collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

/// Template numbers for the tagger's features.
mod template {
    pub(super) const BIAS: u32 = 1;
    pub(super) const LOWER: u32 = 2;
    pub(super) const FORM: u32 = 3;
    pub(super) const PREFIX: u32 = 4;
    pub(super) const SUFFIX: u32 = 8;
    pub(super) const SHAPE: u32 = 13;
    pub(super) const FLAGS: u32 = 14;
    pub(super) const AMBIGUITY: u32 = 15;
    pub(super) const PREV_LOWER: u32 = 16;
    pub(super) const PREV2_LOWER: u32 = 17;
    pub(super) const NEXT_LOWER: u32 = 18;
    pub(super) const NEXT2_LOWER: u32 = 19;
    pub(super) const PREV_SUFFIX: u32 = 20;
    pub(super) const NEXT_SUFFIX: u32 = 21;
    pub(super) const PREV_SHAPE: u32 = 22;
    pub(super) const NEXT_SHAPE: u32 = 23;
    pub(super) const PREV_AMBIGUITY: u32 = 24;
    pub(super) const NEXT_AMBIGUITY: u32 = 25;
    pub(super) const NEXT2_AMBIGUITY: u32 = 26;
    pub(super) const PREV_TAG: u32 = 27;
    pub(super) const PREV2_TAGS: u32 = 28;
    pub(super) const PREV_TAG_LOWER: u32 = 29;
    pub(super) const PREV_LOWER_LOWER: u32 = 30;
    pub(super) const LOWER_NEXT_LOWER: u32 = 31;
    pub(super) const PREV_TAG_AMBIGUITY: u32 = 32;
    pub(super) const AMBIGUITY_NEXT_AMBIGUITY: u32 = 33;
    pub(super) const CAPS_SHAPE: u32 = 34;
    pub(super) const PREV_TAG_SUFFIX: u32 = 35;
    pub(super) const AMBIGUITY_SUFFIX: u32 = 36;
    pub(super) const PREV_TAG_NEXT_AMBIGUITY: u32 = 37;
    pub(super) const CLUSTER: u32 = 38;
    pub(super) const PREV_CLUSTER: u32 = 42;
    pub(super) const NEXT_CLUSTER: u32 = 43;
    pub(super) const PREV_TAG_CLUSTER: u32 = 44;
    pub(super) const CLUSTER_NEXT_CLUSTER: u32 = 45;
    pub(super) const CAPS_CONTEXT: u32 = 46;
    pub(super) const TRIGRAM: u32 = 47;
    pub(super) const SUFFIX_NEXT_SUFFIX: u32 = 48;
    pub(super) const PREV_TAG_NEXT_LOWER: u32 = 49;
    pub(super) const NEXT2_SHAPE: u32 = 50;
}

/// Extracts the features of word `word_idx` given the tags already chosen for the words
/// before it (`history`).
pub(crate) fn extract(
    lexemes: &[Lexeme],
    ambiguities: &[u64],
    history: &[u8],
    word_idx: usize,
    caps_sentence: bool,
    out: &mut Vec<u64>,
) {
    use template::*;
    out.clear();
    let at = |offset: isize| -> (&Lexeme, u64) {
        let idx = word_idx as isize + offset;
        if idx < 0 || idx >= lexemes.len() as isize {
            (&Lexeme::NONE, NONE)
        } else {
            (&lexemes[idx as usize], ambiguities[idx as usize])
        }
    };
    let tag_at = |offset: usize| -> u64 {
        if word_idx >= offset {
            u64::from(history[word_idx - offset]) + 0x100
        } else {
            NONE
        }
    };
    let (w0, a0) = at(0);
    let (wp, ap) = at(-1);
    let (wp2, _) = at(-2);
    let (wn, an) = at(1);
    let (wn2, an2) = at(2);
    let t1 = tag_at(1);
    let t2 = tag_at(2);
    let caps = u64::from(caps_sentence);
    out.push(feature(BIAS, &[]));
    out.push(feature(LOWER, &[w0.lower]));
    if !caps_sentence {
        out.push(feature(FORM, &[w0.form]));
    }
    for (affix_idx, prefix) in w0.prefixes.iter().enumerate() {
        out.push(feature(PREFIX + affix_idx as u32, &[*prefix]));
    }
    for (affix_idx, suffix) in w0.suffixes.iter().enumerate() {
        out.push(feature(SUFFIX + affix_idx as u32, &[*suffix]));
    }
    out.push(feature(SHAPE, &[w0.shape, caps]));
    out.push(feature(FLAGS, &[w0.flags, caps]));
    out.push(feature(AMBIGUITY, &[a0]));
    out.push(feature(PREV_LOWER, &[wp.lower]));
    out.push(feature(PREV2_LOWER, &[wp2.lower]));
    out.push(feature(NEXT_LOWER, &[wn.lower]));
    out.push(feature(NEXT2_LOWER, &[wn2.lower]));
    out.push(feature(PREV_SUFFIX, &[wp.suffixes[2]]));
    out.push(feature(NEXT_SUFFIX, &[wn.suffixes[2]]));
    out.push(feature(PREV_SHAPE, &[wp.shape, caps]));
    out.push(feature(NEXT_SHAPE, &[wn.shape, caps]));
    out.push(feature(PREV_AMBIGUITY, &[ap]));
    out.push(feature(NEXT_AMBIGUITY, &[an]));
    out.push(feature(NEXT2_AMBIGUITY, &[an2]));
    out.push(feature(PREV_TAG, &[t1]));
    out.push(feature(PREV2_TAGS, &[t1, t2]));
    out.push(feature(PREV_TAG_LOWER, &[t1, w0.lower]));
    out.push(feature(PREV_LOWER_LOWER, &[wp.lower, w0.lower]));
    out.push(feature(LOWER_NEXT_LOWER, &[w0.lower, wn.lower]));
    out.push(feature(PREV_TAG_AMBIGUITY, &[t1, a0]));
    out.push(feature(AMBIGUITY_NEXT_AMBIGUITY, &[a0, an]));
    out.push(feature(CAPS_SHAPE, &[w0.shape, w0.flags & FLAG_FIRST, caps, wp.shape]));
    out.push(feature(PREV_TAG_SUFFIX, &[t1, w0.suffixes[2]]));
    out.push(feature(AMBIGUITY_SUFFIX, &[a0, w0.suffixes[1]]));
    out.push(feature(PREV_TAG_NEXT_AMBIGUITY, &[t1, a0, an]));
    for (prefix_idx, cluster) in w0.clusters.iter().enumerate() {
        out.push(feature(CLUSTER + prefix_idx as u32, &[*cluster]));
    }
    out.push(feature(PREV_CLUSTER, &[wp.clusters[2]]));
    out.push(feature(NEXT_CLUSTER, &[wn.clusters[2]]));
    out.push(feature(PREV_TAG_CLUSTER, &[t1, w0.clusters[1]]));
    out.push(feature(CLUSTER_NEXT_CLUSTER, &[w0.clusters[1], wn.clusters[1]]));
    let capitalized = |lexeme: &Lexeme| lexeme.flags & (FLAG_CAPITALIZED | FLAG_ALL_CAPS);
    out.push(feature(CAPS_CONTEXT, &[capitalized(wp), capitalized(w0), capitalized(wn), w0.flags & FLAG_FIRST, caps]));
    out.push(feature(TRIGRAM, &[wp.lower, w0.lower, wn.lower]));
    out.push(feature(SUFFIX_NEXT_SUFFIX, &[w0.suffixes[2], wn.suffixes[2]]));
    out.push(feature(PREV_TAG_NEXT_LOWER, &[t1, wn.lower]));
    out.push(feature(NEXT2_SHAPE, &[wn2.shape, caps]));
    debug_assert!(out.len() <= MAX_FEATURES);
}

/// Irregular past tenses that are also nouns or names: they get no sure tag.
const NOT_ONLY_VERBS: &[&str] = &["slew", "stole", "bore", "sang", "rang", "sank", "shone"];

/// English auxiliaries are a closed class (UD English: forms of be, have, do, get in the
/// passive, and the modals, with their contractions).
const AUXILIARIES: &[&str] = &[
    "be", "am", "is", "are", "was", "were", "been", "being", "'s", "'re", "'m", "’s", "’re", "’m", "`s", "s", "m",
    "re", "have", "has", "had", "having", "'ve", "’ve", "ve", "'d", "’d", "d", "do", "does", "did", "doing", "will",
    "'ll", "’ll", "ll", "wo", "would", "shall", "sha", "should", "can", "ca", "could", "may", "might", "must", "ought",
    "get", "gets", "got", "getting", "gotten", "ai", "need", "dare", "wilt", "art", "r",
];

/// Whether `word` can be an auxiliary: one of [`AUXILIARIES`] or, for one of three letters or
/// more, a misspelling of one by a letter ("msy", "woud", "shoud"), as noisy text has them.
/// "Police beat protesters" has no auxiliary "beat".
pub(crate) fn can_be_auxiliary(word: &str) -> bool {
    let lower = crate::lexical::lowercase(word);
    AUXILIARIES.contains(&lower.as_ref())
        || (lower.len() >= 3 && AUXILIARIES.iter().any(|aux| aux.len() >= 3 && one_edit_apart(aux, &lower)))
}

/// Whether `a` and `b` differ by one substitution, insertion or deletion.
fn one_edit_apart(a: &str, b: &str) -> bool {
    if a.chars().count().abs_diff(b.chars().count()) > 1 {
        return false;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    match long.len() - short.len() {
        0 => short.iter().zip(long.iter()).filter(|(x, y)| x != y).count() == 1,
        1 => {
            let prefix = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
            short[prefix..] == long[prefix + 1..]
        }
        _ => false,
    }
}

fn argmax(scores: &[i32]) -> u8 {
    let mut best = 0;
    for (class, score) in scores.iter().enumerate() {
        if *score > scores[best] {
            best = class;
        }
    }
    best as u8
}

fn argmax_f32(scores: &[f32]) -> u8 {
    let mut best = 0;
    for (class, score) in scores.iter().enumerate() {
        if *score > scores[best] {
            best = class;
        }
    }
    best as u8
}

#[cfg(test)]
mod tests;
