//! Word clusters induced from raw text, so that the tagger and the parser can generalize from
//! words they saw in the treebanks to words that occur in similar contexts.
//!
//! Brown clusters (Koo, Carreras and Collins 2008) are the classic choice; this is a cheaper
//! relative that gives the same kind of output. Each frequent word is described by the
//! distribution of the words just before and just after it (square-rooted, so that Euclidean
//! distance is the Hellinger distance), and the vocabulary is split in two along its principal
//! direction, again and again (principal direction divisive partitioning, Boley 1998). A word's
//! cluster is its path of left/right turns, so prefixes of the path give coarser clusters. The
//! procedure has no random initialization: the same text gives the same clusters.

use std::collections::BTreeMap;

use crate::codec::{corrupt, Reader, Writer};
use crate::hash::combine;
use crate::lexical::{lowercase, normalize, NONE};
use crate::perceptron::KeyMap;
use crate::SyntaxError;

/// Path lengths used as features, from coarse to the full path.
pub(crate) const PREFIXES: [u32; 3] = [4, 8, 16];

/// Settings for inducing clusters.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ClusterSettings {
    /// Words seen fewer times get no cluster.
    pub(crate) min_count: u32,
    /// The number of most frequent words used as contexts.
    pub(crate) n_contexts: usize,
    /// The maximum path length.
    pub(crate) max_depth: u32,
    /// Nodes with fewer words are not split.
    pub(crate) min_size: usize,
}

/// A word's cluster: `depth` bits of path, most significant first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Path {
    bits: u32,
    depth: u8,
}

/// Cluster paths of words, keyed by the hash of the lowercased word.
#[derive(Clone, Debug, Default)]
pub(crate) struct Clusters {
    paths: KeyMap<Path>,
}

impl Clusters {
    pub(crate) fn len(&self) -> usize {
        self.paths.len()
    }

    /// The cluster features of a word (by the hash of its lowercased form): one value per
    /// prefix length in [`PREFIXES`], all [`NONE`] for a word without a cluster.
    pub(crate) fn features(&self, lower: u64) -> [u64; PREFIXES.len()] {
        let Some(path) = self.paths.get(&lower) else {
            return [NONE; PREFIXES.len()];
        };
        let mut out = [NONE; PREFIXES.len()];
        for (slot, length) in out.iter_mut().zip(PREFIXES) {
            let length = length.min(u32::from(path.depth));
            let prefix = if length == 0 { 0 } else { path.bits >> (u32::from(path.depth) - length) };
            *slot = combine(u64::from(prefix) | u64::from(length) << 32, 0xC1u64 + u64::from(length));
        }
        out
    }

    pub(crate) fn write(&self, writer: &mut Writer) {
        let mut entries: Vec<(&u64, &Path)> = self.paths.iter().collect();
        entries.sort_unstable_by_key(|entry| *entry.0);
        writer.len(entries.len());
        let mut previous = 0u64;
        for (key, _) in &entries {
            writer.varint(**key - previous);
            previous = **key;
        }
        for (_, path) in &entries {
            writer.u8(path.depth);
            writer.varint(u64::from(path.bits));
        }
    }

    pub(crate) fn read(reader: &mut Reader<'_>) -> Result<Clusters, SyntaxError> {
        let n_words = reader.len()?;
        let mut keys = Vec::with_capacity(n_words);
        let mut key = 0u64;
        for _ in 0..n_words {
            key = key.wrapping_add(reader.varint()?);
            keys.push(key);
        }
        let mut paths = KeyMap::default();
        paths.reserve(n_words);
        for key in keys {
            let depth = reader.u8()?;
            let bits = u32::try_from(reader.varint()?).map_err(|_| corrupt("cluster path too long"))?;
            if depth > 32 || (depth < 32 && bits >> depth != 0) {
                return Err(corrupt("cluster path does not fit its depth"));
            }
            paths.insert(key, Path { bits, depth });
        }
        Ok(Clusters { paths })
    }
}

/// Induces clusters from sentences of words.
pub(crate) fn induce(sentences: &[Vec<String>], settings: &ClusterSettings) -> Clusters {
    // Count words by their lowercased, normalized form, in a deterministic order.
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    let normalized: Vec<Vec<String>> = sentences
        .iter()
        .map(|sentence| sentence.iter().map(|word| lowercase(&normalize(word)).into_owned()).collect())
        .collect();
    for sentence in &normalized {
        for word in sentence {
            *counts.entry(word.clone()).or_default() += 1;
        }
    }
    let mut by_frequency: Vec<(&String, u32)> = counts.iter().map(|(word, count)| (word, *count)).collect();
    by_frequency.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    // Context ids: the most frequent words, then one id for any other word and one for the
    // sentence boundary.
    let context_ids: BTreeMap<&str, usize> = by_frequency
        .iter()
        .take(settings.n_contexts)
        .enumerate()
        .map(|(idx, (word, _))| (word.as_str(), idx))
        .collect();
    let other = settings.n_contexts;
    let boundary = settings.n_contexts + 1;
    let width = settings.n_contexts + 2;
    let vocabulary: Vec<&str> =
        by_frequency.iter().filter(|(_, count)| *count >= settings.min_count).map(|(word, _)| word.as_str()).collect();
    if vocabulary.len() < 2 {
        return Clusters::default();
    }
    let word_ids: BTreeMap<&str, usize> = vocabulary.iter().enumerate().map(|(idx, word)| (*word, idx)).collect();
    // Left contexts fill the first `width` columns, right contexts the next.
    let mut vectors = vec![0f32; vocabulary.len() * 2 * width];
    let context_of = |word: Option<&String>| match word {
        Some(word) => context_ids.get(word.as_str()).copied().unwrap_or(other),
        None => boundary,
    };
    for sentence in &normalized {
        for (word_idx, word) in sentence.iter().enumerate() {
            let Some(&row) = word_ids.get(word.as_str()) else { continue };
            let left = context_of(word_idx.checked_sub(1).and_then(|idx| sentence.get(idx)));
            let right = context_of(sentence.get(word_idx + 1));
            vectors[row * 2 * width + left] += 1.0;
            vectors[row * 2 * width + width + right] += 1.0;
        }
    }
    // Hellinger representation: square roots of the context distributions.
    for vector in vectors.chunks_mut(2 * width) {
        for half in vector.chunks_mut(width) {
            let total: f32 = half.iter().sum();
            if total > 0.0 {
                for value in half.iter_mut() {
                    *value = (*value / total).sqrt();
                }
            }
        }
    }
    let mut paths = vec![Path { bits: 0, depth: 0 }; vocabulary.len()];
    let members: Vec<usize> = (0..vocabulary.len()).collect();
    split(&vectors, 2 * width, members, Path { bits: 0, depth: 0 }, settings, &mut paths);
    let mut clusters = Clusters::default();
    for (word, path) in vocabulary.iter().zip(paths) {
        clusters.paths.insert(crate::hash::hash_str(word), path);
    }
    clusters
}

/// Splits `members` along their principal direction and recurses.
fn split(
    vectors: &[f32],
    dims: usize,
    members: Vec<usize>,
    path: Path,
    settings: &ClusterSettings,
    paths: &mut [Path],
) {
    if members.len() < settings.min_size.max(2) || u32::from(path.depth) >= settings.max_depth.min(31) {
        for member in members {
            paths[member] = path;
        }
        return;
    }
    let row = |member: usize| &vectors[member * dims..(member + 1) * dims];
    let mut mean = vec![0f64; dims];
    for member in &members {
        for (sum, value) in mean.iter_mut().zip(row(*member)) {
            *sum += f64::from(*value);
        }
    }
    for value in &mut mean {
        *value /= members.len() as f64;
    }
    // Power iteration on the covariance, from a fixed start vector.
    let mut direction: Vec<f64> = (0..dims).map(|dim| 1.0 + (dim % 7) as f64 * 0.1).collect();
    let mut projections = vec![0f64; members.len()];
    for _ in 0..12 {
        for (projection, member) in projections.iter_mut().zip(&members) {
            *projection = row(*member)
                .iter()
                .zip(&mean)
                .zip(&direction)
                .map(|((value, mean), direction)| (f64::from(*value) - mean) * direction)
                .sum();
        }
        let mut next = vec![0f64; dims];
        for (projection, member) in projections.iter().zip(&members) {
            for ((next, value), mean) in next.iter_mut().zip(row(*member)).zip(&mean) {
                *next += projection * (f64::from(*value) - mean);
            }
        }
        let norm = next.iter().map(|value| value * value).sum::<f64>().sqrt();
        if norm == 0.0 {
            break;
        }
        direction = next.into_iter().map(|value| value / norm).collect();
    }
    for (projection, member) in projections.iter_mut().zip(&members) {
        *projection = row(*member)
            .iter()
            .zip(&mean)
            .zip(&direction)
            .map(|((value, mean), direction)| (f64::from(*value) - mean) * direction)
            .sum();
    }
    // Split at the median projection so that the tree stays balanced.
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by(|a, b| projections[*a].total_cmp(&projections[*b]).then(members[*a].cmp(&members[*b])));
    let half = members.len() / 2;
    let left: Vec<usize> = order[..half].iter().map(|idx| members[*idx]).collect();
    let right: Vec<usize> = order[half..].iter().map(|idx| members[*idx]).collect();
    let depth = path.depth + 1;
    split(vectors, dims, left, Path { bits: path.bits << 1, depth }, settings, paths);
    split(vectors, dims, right, Path { bits: path.bits << 1 | 1, depth }, settings, paths);
}

/// Splits raw text into rough word tokens for cluster induction: whitespace, then leading and
/// trailing punctuation and the clitics `'s`, `n't`, `'re`, `'ve`, `'ll`, `'d`, `'m`.
pub(crate) fn rough_tokens(text: &str) -> Vec<Vec<String>> {
    let mut sentences = Vec::new();
    for line in text.lines() {
        let mut sentence = Vec::new();
        for chunk in line.split_whitespace() {
            let normalized = normalize(chunk);
            let mut word: &str = &normalized;
            let mut trailing = Vec::new();
            while let Some(first) = word.chars().next().filter(|ch| !ch.is_alphanumeric()) {
                sentence.push(first.to_string());
                word = &word[first.len_utf8()..];
            }
            while let Some(last) = word.chars().last().filter(|ch| !ch.is_alphanumeric()) {
                trailing.push(last.to_string());
                word = &word[..word.len() - last.len_utf8()];
            }
            let lower = word.to_lowercase();
            let clitic = ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"]
                .iter()
                .find(|clitic| lower.len() > clitic.len() && lower.ends_with(*clitic));
            if let Some(clitic) = clitic {
                let split_at = word.len() - clitic.len();
                sentence.push(word[..split_at].to_owned());
                sentence.push(word[split_at..].to_owned());
            } else if !word.is_empty() {
                sentence.push(word.to_owned());
            }
            sentence.extend(trailing.into_iter().rev());
        }
        if !sentence.is_empty() {
            sentences.push(sentence);
        }
    }
    sentences
}

#[cfg(test)]
mod tests;
