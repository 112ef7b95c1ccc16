//! Fuzzy lookup of proper names for misspellings ("Kazakhstsn", "Rusdia", "Kyrgysztan").
//!
//! A symmetric-deletion index (as in SymSpell): every proper-name key is stored under itself and
//! under each string obtained by deleting one character. A query looks up itself and its own
//! one-character deletions; any hit is then checked with the optimal-string-alignment distance.
//! This finds every candidate within distance 1 (and many within 2) with a handful of binary
//! searches. Variants are stored as 64-bit hashes in one sorted vector, which keeps the index
//! small and quick to build.

use crate::key::compact;
use crate::{Form, FormIdx, FormKind};

/// A key within edit distance of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FuzzyMatch {
    /// The pattern id of the matching key (see [`crate::Kb::key_forms`]).
    pub pattern: usize,
    /// Optimal-string-alignment distance between query and key.
    pub distance: usize,
}

pub(crate) struct FuzzyIndex {
    /// (hash of a variant, pattern id), sorted.
    entries: Vec<(u64, u32)>,
}

/// The largest distance accepted for a query of `n_chars` characters.
pub(crate) fn max_distance(n_chars: usize) -> usize {
    match n_chars {
        0..=3 => 0,
        4..=8 => 1,
        _ => 2,
    }
}

impl FuzzyIndex {
    pub(crate) fn build(keys: &[String], key_forms: &[Vec<FormIdx>], forms: &[Form]) -> FuzzyIndex {
        let mut entries = Vec::new();
        let mut chars = Vec::new();
        for (pattern, key) in keys.iter().enumerate() {
            // Ambiguous forms stay in: the linker's context guards apply to fuzzy matches too.
            // Acronyms ("KAPO", "NATO") are never fuzzy targets: one letter off is another acronym.
            let is_proper = key_forms[pattern].iter().any(|&form| {
                let form = &forms[form as usize];
                matches!(form.kind, FormKind::Name | FormKind::Native | FormKind::Demonym | FormKind::Surname)
                    && form.text.chars().any(char::is_lowercase)
            });
            if !is_proper {
                continue;
            }
            let compact = compact(key);
            chars.clear();
            chars.extend(compact.chars());
            if max_distance(chars.len()) == 0 {
                continue;
            }
            let pattern = u32::try_from(pattern).expect("fewer than 2^32 keys");
            for_each_variant(&chars, |hash| entries.push((hash, pattern)));
        }
        entries.sort_unstable();
        entries.dedup();
        FuzzyIndex { entries }
    }

    pub(crate) fn lookup(&self, query: &str, keys: &[String]) -> Vec<FuzzyMatch> {
        let chars: Vec<char> = query.chars().collect();
        let limit = max_distance(chars.len());
        if limit == 0 {
            return Vec::new();
        }
        let mut candidates = Vec::new();
        for_each_variant(&chars, |hash| {
            let start = self.entries.partition_point(|&(probe, _)| probe < hash);
            candidates.extend(
                self.entries[start..].iter().take_while(|&&(probe, _)| probe == hash).map(|&(_, pattern)| pattern),
            );
        });
        candidates.sort_unstable();
        candidates.dedup();
        let mut matches: Vec<FuzzyMatch> = candidates
            .into_iter()
            .filter_map(|pattern| {
                let pattern = pattern as usize;
                let distance = strsim::osa_distance(query, &compact(&keys[pattern]));
                (distance <= limit).then_some(FuzzyMatch { pattern, distance })
            })
            .collect();
        matches.sort_by_key(|m| (m.distance, m.pattern));
        matches
    }
}

/// Calls `f` with the hash of `chars` and of every one-character deletion of it.
fn for_each_variant(chars: &[char], mut f: impl FnMut(u64)) {
    f(hash_chars(chars.iter().copied()));
    for skip in 0..chars.len() {
        f(hash_chars(chars.iter().enumerate().filter(|&(idx, _)| idx != skip).map(|(_, &ch)| ch)));
    }
}

fn hash_chars(chars: impl Iterator<Item = char>) -> u64 {
    let mut hash = Fnv::new();
    let mut buf = [0u8; 4];
    for ch in chars {
        hash.write(ch.encode_utf8(&mut buf).as_bytes());
    }
    hash.finish()
}

/// FNV-1a, 64 bits: a small, fixed (hence deterministic) hash.
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}
