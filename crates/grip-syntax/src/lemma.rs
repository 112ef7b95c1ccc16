//! The lemmatizer: an exception lexicon plus suffix rules, both learned from the training data.
//!
//! For each (XPOS, word ending) the training data votes on an edit script ("strip 3 characters,
//! append `y`": `countries` -> `country`); a word takes the script of its longest known ending.
//! Words whose most frequent lemma the rules get wrong (`went` -> `go`, `n't` -> `not`) are kept
//! in the exception lexicon. Proper nouns keep their case; other words are lowercased first, as
//! in UD English.

use std::collections::BTreeMap;

use crate::codec::{Reader, Writer};
use crate::hash::{feature, hash_str};
use crate::lexical::{lowercase, normalize};
use crate::perceptron::KeyMap;
use crate::tagger::TagPair;
use crate::tags::Upos;
use crate::SyntaxError;

/// Endings up to this many characters are considered.
const MAX_SUFFIX: usize = 6;

/// An edit script: strip `strip` characters from the end, then append `append`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Script {
    strip: u8,
    append: String,
}

/// A trained lemmatizer.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lemmatizer {
    exceptions: KeyMap<String>,
    rules: KeyMap<Script>,
}

/// One training word: form, gold tag and gold lemma.
pub(crate) struct LemmaExample<'a> {
    pub(crate) form: &'a str,
    pub(crate) tag: TagPair,
    pub(crate) lemma: &'a str,
}

impl Lemmatizer {
    pub(crate) fn n_exceptions(&self) -> usize {
        self.exceptions.len()
    }

    pub(crate) fn n_rules(&self) -> usize {
        self.rules.len()
    }

    /// The lemma of `form` tagged `tag`.
    pub(crate) fn lemma(&self, form: &str, tag: TagPair) -> String {
        let base = base_form(form, tag.upos);
        if let Some(lemma) = self.exceptions.get(&exception_key(tag, &base)) {
            return lemma.clone();
        }
        // Irregular past forms the training data did not show ("froze", "overthrew").
        if matches!(tag.upos, Upos::Verb | Upos::Aux) && matches!(tag.xpos_str(), "VBD" | "VBN") {
            if let Some(lemma) = crate::irregular::base_of(&base, tag.xpos_str() == "VBD") {
                return lemma.to_owned();
            }
        }
        match self.rule(&base, tag) {
            Some(script) => apply(&base, script),
            None => base,
        }
    }

    /// The script of the longest known ending of `base`. A script that rewrites more than its
    /// ending (learned from whole words: `went` -> `go`, `Asian` -> `Asian`) applies only when
    /// the ending is the whole word; otherwise a shorter ending's script is used, so that
    /// unknown words are not replaced ("Almaty" never becomes "Paris", "belarusian" does not
    /// gain capitals).
    fn rule(&self, base: &str, tag: TagPair) -> Option<&Script> {
        let char_starts: Vec<usize> = base.char_indices().map(|(idx, _)| idx).collect();
        let n_chars = char_starts.len();
        for n_suffix in (0..=MAX_SUFFIX.min(n_chars)).rev() {
            let start = suffix_start(base, &char_starts, n_suffix);
            if let Some(script) = self.rules.get(&rule_key(tag, &base[start..])) {
                if n_suffix == n_chars || script.rewrites_only(&base[start..]) {
                    return Some(script);
                }
            }
        }
        None
    }

    pub(crate) fn write(&self, writer: &mut Writer) {
        let mut exceptions: Vec<(&u64, &String)> = self.exceptions.iter().collect();
        exceptions.sort_unstable_by_key(|entry| *entry.0);
        writer.len(exceptions.len());
        for (key, lemma) in exceptions {
            writer.raw(&key.to_le_bytes());
            writer.str(lemma);
        }
        let mut rules: Vec<(&u64, &Script)> = self.rules.iter().collect();
        rules.sort_unstable_by_key(|entry| *entry.0);
        writer.len(rules.len());
        for (key, script) in rules {
            writer.raw(&key.to_le_bytes());
            writer.u8(script.strip);
            writer.str(&script.append);
        }
    }

    pub(crate) fn read(reader: &mut Reader<'_>) -> Result<Lemmatizer, SyntaxError> {
        let n_exceptions = reader.len()?;
        let mut exceptions = KeyMap::default();
        exceptions.reserve(n_exceptions);
        for _ in 0..n_exceptions {
            let key = read_u64(reader)?;
            exceptions.insert(key, reader.str()?.to_owned());
        }
        let n_rules = reader.len()?;
        let mut rules = KeyMap::default();
        rules.reserve(n_rules);
        for _ in 0..n_rules {
            let key = read_u64(reader)?;
            let strip = reader.u8()?;
            let append = reader.str()?.to_owned();
            rules.insert(key, Script { strip, append });
        }
        Ok(Lemmatizer { exceptions, rules })
    }
}

fn read_u64(reader: &mut Reader<'_>) -> Result<u64, SyntaxError> {
    let bytes = reader.raw(8)?;
    let mut array = [0u8; 8];
    array.copy_from_slice(bytes);
    Ok(u64::from_le_bytes(array))
}

/// Learns the rules and the exceptions from gold-tagged, gold-lemmatized words.
pub(crate) fn train(examples: &[LemmaExample<'_>]) -> Lemmatizer {
    // (tag, base) -> lemma -> count, in deterministic order.
    let mut lexicon: BTreeMap<(TagPair, String), BTreeMap<String, u32>> = BTreeMap::new();
    for example in examples {
        if example.lemma.is_empty() || example.lemma == "_" && example.form != "_" {
            continue;
        }
        let base = base_form(example.form, example.tag.upos);
        *lexicon.entry((example.tag, base)).or_default().entry(normalize(example.lemma).into_owned()).or_default() += 1;
    }
    let best_lemma = |lemmas: &BTreeMap<String, u32>| -> String {
        let mut best: Option<(&String, u32)> = None;
        for (lemma, count) in lemmas {
            if best.is_none_or(|(_, best_count)| *count > best_count) {
                best = Some((lemma, *count));
            }
        }
        best.map(|(lemma, _)| lemma.clone()).unwrap_or_default()
    };
    // Votes for scripts per (tag, ending): each word type votes once, with its best lemma, so
    // that a few frequent irregular words do not decide the rules for every ending.
    let mut votes: BTreeMap<(TagPair, String), BTreeMap<Script, u32>> = BTreeMap::new();
    for ((tag, base), lemmas) in &lexicon {
        let script = script(base, &best_lemma(lemmas));
        let char_starts: Vec<usize> = base.char_indices().map(|(idx, _)| idx).collect();
        let n_chars = char_starts.len();
        for n_suffix in 0..=MAX_SUFFIX.min(n_chars) {
            let start = suffix_start(base, &char_starts, n_suffix);
            *votes.entry((*tag, base[start..].to_owned())).or_default().entry(script.clone()).or_default() += 1;
        }
    }
    let mut lemmatizer = Lemmatizer::default();
    for ((tag, suffix), scripts) in &votes {
        let n_votes: u32 = scripts.values().sum();
        if n_votes < 2 {
            continue;
        }
        let mut best: Option<(&Script, u32)> = None;
        for (script, count) in scripts {
            if best.is_none_or(|(_, best_count)| *count > best_count) {
                best = Some((script, *count));
            }
        }
        if let Some((script, _)) = best {
            lemmatizer.rules.insert(rule_key(*tag, suffix), script.clone());
        }
    }
    for ((tag, base), lemmas) in &lexicon {
        let lemma = best_lemma(lemmas);
        let predicted = match lemmatizer.rule(base, *tag) {
            Some(script) => apply(base, script),
            None => base.clone(),
        };
        if predicted != lemma {
            lemmatizer.exceptions.insert(exception_key(*tag, base), lemma);
        }
    }
    lemmatizer
}

/// The byte offset where the last `n_suffix` characters of `base` start; `char_starts` holds
/// the byte offset of every character and `n_suffix` is at most their number.
fn suffix_start(base: &str, char_starts: &[usize], n_suffix: usize) -> usize {
    if n_suffix == 0 {
        base.len()
    } else {
        char_starts[char_starts.len() - n_suffix]
    }
}

/// The form a lemma is derived from: normalized, and lowercased unless a proper noun.
fn base_form(form: &str, upos: Upos) -> String {
    let normalized = normalize(form);
    if upos == Upos::Propn {
        normalized.into_owned()
    } else {
        lowercase(&normalized).into_owned()
    }
}

impl Script {
    /// Whether the script changes nothing but `ending` and adds no capitals to it.
    fn rewrites_only(&self, ending: &str) -> bool {
        usize::from(self.strip) <= ending.chars().count()
            && (ending.chars().any(char::is_uppercase) || !self.append.chars().any(char::is_uppercase))
    }
}

fn script(base: &str, lemma: &str) -> Script {
    let common = base.chars().zip(lemma.chars()).take_while(|(a, b)| a == b).count();
    let n_base_chars = base.chars().count();
    let strip = (n_base_chars - common).min(usize::from(u8::MAX)) as u8;
    let append_start = lemma.char_indices().nth(common).map_or(lemma.len(), |(idx, _)| idx);
    Script { strip, append: lemma[append_start..].to_owned() }
}

fn apply(base: &str, script: &Script) -> String {
    let n_chars = base.chars().count();
    let strip = usize::from(script.strip);
    if strip > n_chars {
        return base.to_owned();
    }
    let keep_end = base.char_indices().nth(n_chars - strip).map_or(base.len(), |(idx, _)| idx);
    let mut lemma = String::with_capacity(keep_end + script.append.len());
    lemma.push_str(&base[..keep_end]);
    lemma.push_str(&script.append);
    if lemma.is_empty() {
        base.to_owned()
    } else {
        lemma
    }
}

fn tag_value(tag: TagPair) -> u64 {
    (tag.upos.index() as u64) << 8 | u64::from(tag.xpos)
}

fn rule_key(tag: TagPair, suffix: &str) -> u64 {
    feature(0x4C52, &[tag_value(tag), hash_str(suffix), suffix.len() as u64])
}

fn exception_key(tag: TagPair, base: &str) -> u64 {
    feature(0x4C45, &[tag_value(tag), hash_str(base)])
}

#[cfg(test)]
mod tests;
