//! The averaged perceptron (Collins 2002) shared by the tagger and the parser: a trainer with
//! lazily averaged sparse weights, and the frozen, quantized weight table used at run time.
//!
//! Training keeps, for every feature key, a short list of (class, weight) entries, because most
//! features only ever meet a handful of classes. Freezing averages the weights, drops those too
//! small to matter, quantizes the rest to 12-bit integers and lays them out in an
//! open-addressing table keyed by 32 bits of the feature hash (two features whose keys share
//! those bits merge; at a few million features that happens to a few hundred, harmlessly).
//! Rows of up to three entries live in their slot, so most features cost one memory read; longer
//! rows follow in a side array, and rows that touch many classes are stored densely so that they
//! add up with vector instructions.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::codec::{corrupt, Reader, Writer};
use crate::SyntaxError;

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 << 8) ^ u64::from(*byte) ^ (self.0 >> 56);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

#[derive(Clone, Copy, Debug)]
struct Entry {
    weight: f32,
    class: u16,
    stamp: u32,
    total: f64,
}

/// Averaged perceptron weights during training.
pub(crate) struct Trainer {
    n_classes: usize,
    rows: KeyMap<Vec<Entry>>,
    /// The number of training instances seen so far (the averaging clock).
    step: u32,
}

impl Trainer {
    pub(crate) fn new(n_classes: usize) -> Trainer {
        assert!(n_classes <= 256, "classes are stored as bytes");
        Trainer { n_classes, rows: KeyMap::default(), step: 0 }
    }

    /// Adds the current weights of `features` into `scores` (which has `n_classes` slots).
    pub(crate) fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.fill(0.0);
        for feature in features {
            if let Some(row) = self.rows.get(feature) {
                for entry in row {
                    scores[usize::from(entry.class)] += entry.weight;
                }
            }
        }
    }

    /// Advances the averaging clock by one instance; call once per classification.
    pub(crate) fn tick(&mut self) {
        self.step += 1;
    }

    /// The perceptron update: rewards `truth` and penalizes `guess` on every feature.
    pub(crate) fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let step = self.step;
        for feature in features {
            let row = self.rows.entry(*feature).or_default();
            bump(row, truth as u16, 1.0, step);
            bump(row, guess as u16, -1.0, step);
        }
    }

    /// Averages and quantizes the weights; entries whose average magnitude is below
    /// `threshold` are dropped.
    pub(crate) fn freeze(&self, threshold: f32) -> Weights {
        let step = f64::from(self.step.max(1));
        let mut averaged: Vec<(u32, u16, f32)> = Vec::new();
        for (key, row) in &self.rows {
            for entry in row {
                let total = entry.total + f64::from(self.step - entry.stamp) * f64::from(entry.weight);
                let average = (total / step) as f32;
                if average.abs() >= threshold && average != 0.0 {
                    averaged.push((key32(*key), entry.class, average));
                }
            }
        }
        averaged.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)));
        // Two 64-bit keys can share their stored 32 bits; their rows merge.
        let mut merged: Vec<(u32, u16, f32)> = Vec::with_capacity(averaged.len());
        for item in averaged {
            match merged.last_mut() {
                Some(last) if last.0 == item.0 && last.1 == item.1 => last.2 += item.2,
                _ => merged.push(item),
            }
        }
        Weights::from_sorted_entries(self.n_classes, &merged)
    }
}

fn bump(row: &mut Vec<Entry>, class: u16, delta: f32, step: u32) {
    let entry = match row.iter_mut().position(|entry| entry.class == class) {
        Some(position) => &mut row[position],
        None => {
            row.push(Entry { weight: 0.0, class, stamp: step, total: 0.0 });
            row.last_mut().expect("an entry was just pushed")
        }
    };
    entry.total += f64::from(step - entry.stamp) * f64::from(entry.weight);
    entry.stamp = step;
    entry.weight += delta;
}

/// The stored part of a feature key: its top 32 bits, never 0 (0 marks an empty slot).
#[inline]
pub(crate) fn key32(key: u64) -> u32 {
    ((key >> 32) as u32).max(1)
}

#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    /// The stored part of the feature key; 0 marks an empty slot.
    key: u32,
    /// Where the row is. With bit 31 set, bits 0..31 index a dense row. Otherwise bits 24..31
    /// hold the row's length; a row of up to [`N_INLINE`] entries is stored in the slot itself
    /// (the first entry in bits 0..24, the others in `inline`), a longer one in `sparse` from
    /// the offset in bits 0..24.
    row: u32,
    inline: [u32; N_INLINE - 1],
}

const DENSE: u32 = 1 << 31;
const LEN_SHIFT: u32 = 24;
const LOW_MASK: u32 = (1 << LEN_SHIFT) - 1;
const MAX_SPARSE_LEN: usize = 127;
/// Rows of up to this many entries live in their slot, which saves a memory read.
const N_INLINE: usize = 3;
/// Keys are looked up in batches of this many.
const BATCH: usize = 64;
/// Quantized weights lie in `-MAX_WEIGHT..=MAX_WEIGHT`, so that the sum of
/// `ROWS_PER_FLUSH` dense rows fits in an `i16`.
const MAX_WEIGHT: i16 = 2047;
const ROWS_PER_FLUSH: usize = 16;
/// Dense rows are added this many weights at a time.
const LANES: usize = 16;
/// The most classes a table may have.
const MAX_CLASSES: usize = 256;

/// Packs a sparse entry into 24 bits: the class, then the weight.
fn pack(class: u16, weight: i16) -> u32 {
    u32::from(class as u8) | u32::from(weight as u16) << 8
}

fn unpack(packed: u32) -> (usize, i32) {
    ((packed & 0xFF) as usize, i32::from((packed >> 8) as u16 as i16))
}

/// Frozen, quantized weights: what the tagger and the parser score with at run time.
#[derive(Clone, Debug)]
pub(crate) struct Weights {
    n_classes: usize,
    /// Quantized weights are `round(weight * scale)`.
    scale: f32,
    /// A key's home slot is `key * slots.len() / 2^32`: keys in increasing order fill the
    /// table from front to back, which makes loading a model fast, and the table can have any
    /// size (it is kept 3/4 full).
    slots: Vec<Slot>,
    /// Entries of sparse rows too long for their slot, packed by [`pack`].
    sparse: Vec<u32>,
    /// Dense rows of `stride` weights each (classes beyond `n_classes` are 0).
    dense: Vec<i16>,
    /// `n_classes` rounded up to a multiple of [`LANES`], so that dense rows add up in whole
    /// vector registers.
    stride: usize,
    n_features: usize,
}

/// Builds a [`Weights`] table row by row.
struct Builder {
    weights: Weights,
    dense_threshold: usize,
}

impl Builder {
    fn new(n_classes: usize, scale: f32, n_rows: usize) -> Builder {
        // Linear probing stays fast up to a load of about 3/4.
        let capacity = (n_rows * 4 / 3 + 1).max(16);
        Builder {
            weights: Weights {
                n_classes,
                scale,
                slots: vec![Slot::default(); capacity],
                sparse: Vec::new(),
                dense: Vec::new(),
                stride: n_classes.next_multiple_of(LANES),
                n_features: 0,
            },
            dense_threshold: (n_classes / 4).clamp(8, MAX_SPARSE_LEN),
        }
    }

    /// Adds a row; keys must be distinct and non-zero, classes below `n_classes`, and the row
    /// not empty.
    fn push(&mut self, key: u32, classes: &[u16], weights: &[i16]) {
        let table = &mut self.weights;
        let len = classes.len();
        let fits_sparse = len <= self.dense_threshold && table.sparse.len() + len <= LOW_MASK as usize;
        let mut slot = Slot { key, ..Slot::default() };
        if len <= N_INLINE {
            let mut entries = classes.iter().zip(weights).map(|(class, weight)| pack(*class, *weight));
            slot.row = (len as u32) << LEN_SHIFT | entries.next().unwrap_or(0);
            for (inline, entry) in slot.inline.iter_mut().zip(entries) {
                *inline = entry;
            }
        } else if fits_sparse {
            slot.row = (len as u32) << LEN_SHIFT | table.sparse.len() as u32;
            for (class, weight) in classes.iter().zip(weights) {
                table.sparse.push(pack(*class, *weight));
            }
        } else {
            let row_idx = table.dense.len() / table.stride;
            table.dense.resize(table.dense.len() + table.stride, 0i16);
            let base = row_idx * table.stride;
            for (class, weight) in classes.iter().zip(weights) {
                table.dense[base + usize::from(*class)] = *weight;
            }
            slot.row = row_idx as u32 | DENSE;
        }
        let mut slot_idx = table.home(key);
        while table.slots[slot_idx].key != 0 {
            slot_idx = table.next(slot_idx);
        }
        table.slots[slot_idx] = slot;
        table.n_features += 1;
    }

    /// Reserves room for rows of these lengths, so that pushing them does not reallocate.
    fn reserve(&mut self, lens: impl Iterator<Item = usize>) {
        let (mut n_sparse, mut n_dense) = (0, 0);
        for len in lens {
            if len > self.dense_threshold {
                n_dense += 1;
            } else if len > N_INLINE {
                n_sparse += len;
            }
        }
        self.weights.sparse.reserve_exact(n_sparse);
        self.weights.dense.reserve_exact(n_dense * self.weights.stride);
    }

    fn finish(self) -> Weights {
        self.weights
    }
}

impl Weights {
    /// Builds the table from (key, class, weight) triples sorted by key then class.
    fn from_sorted_entries(n_classes: usize, entries: &[(u32, u16, f32)]) -> Weights {
        let max_abs = entries.iter().fold(0.0f32, |max, entry| max.max(entry.2.abs()));
        let scale = if max_abs > 0.0 { f32::from(MAX_WEIGHT) / max_abs } else { 1.0 };
        let limit = f32::from(MAX_WEIGHT);
        let quantized: Vec<(u32, u16, i16)> = entries
            .iter()
            .map(|(key, class, weight)| (*key, *class, (weight * scale).round().clamp(-limit, limit) as i16))
            .filter(|entry| entry.2 != 0)
            .collect();
        let n_rows = quantized.chunk_by(|a, b| a.0 == b.0).count();
        let mut builder = Builder::new(n_classes, scale, n_rows);
        let (mut classes, mut weights) = (Vec::new(), Vec::new());
        for row in quantized.chunk_by(|a, b| a.0 == b.0) {
            classes.clear();
            weights.clear();
            classes.extend(row.iter().map(|entry| entry.1));
            weights.extend(row.iter().map(|entry| entry.2));
            builder.push(row[0].0, &classes, &weights);
        }
        builder.finish()
    }

    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// A copy without the weights whose magnitude is below `threshold` (in the units of the
    /// averaged perceptron), and without the rows left empty.
    pub(crate) fn pruned(&self, threshold: f32) -> Weights {
        let min_quantized = (threshold * self.scale).round() as i32;
        let rows: Vec<(u32, Vec<u16>, Vec<i16>)> = self
            .rows()
            .into_iter()
            .filter_map(|(key, classes, weights)| {
                let (classes, weights): (Vec<u16>, Vec<i16>) = classes
                    .into_iter()
                    .zip(weights)
                    .filter(|(_, weight)| i32::from(*weight).abs() >= min_quantized.max(1))
                    .unzip();
                (!classes.is_empty()).then_some((key, classes, weights))
            })
            .collect();
        let mut builder = Builder::new(self.n_classes, self.scale, rows.len());
        for (key, classes, weights) in &rows {
            builder.push(*key, classes, weights);
        }
        builder.finish()
    }

    pub(crate) fn n_features(&self) -> usize {
        self.n_features
    }

    pub(crate) fn n_entries(&self) -> usize {
        let n_inline: usize = self
            .slots
            .iter()
            .filter(|slot| slot.key != 0 && slot.row & DENSE == 0)
            .map(|slot| (slot.row >> LEN_SHIFT) as usize)
            .filter(|len| *len <= N_INLINE)
            .sum();
        n_inline + self.sparse.len() + self.dense.iter().filter(|weight| **weight != 0).count()
    }

    /// Writes the sum of the weights of `features` into `scores` (which must have `n_classes`
    /// slots).
    ///
    /// The table is larger than the caches, so the cost is memory latency. Keys are therefore
    /// looked up in batches: first every slot is read without branching on what it holds, so
    /// that the processor overlaps the reads, and only then are the slots checked and the rows
    /// added. Short rows live in their slot; longer sparse rows have their first entry read in
    /// a batch too. Dense rows are summed in `i16` lanes (up to [`ROWS_PER_FLUSH`] rows, which
    /// cannot overflow given [`MAX_WEIGHT`]), which vectorizes to twice the width of `i32` sums.
    #[inline]
    pub(crate) fn score(&self, features: &[u64], scores: &mut [i32]) {
        let stride = self.stride;
        // Fixed-size sums indexed by a `u8` class need no bounds checks.
        let mut sums = [0i32; MAX_CLASSES];
        let mut partial = [0i16; MAX_CLASSES];
        let mut keys = [0u32; BATCH];
        let mut slots = [Slot::default(); BATCH];
        let mut dense_rows = [0usize; BATCH];
        let mut long_rows = [0u32; BATCH];
        let mut first_entries = [0u32; BATCH];
        let mut n_partial = 0;
        for batch in features.chunks(BATCH) {
            for ((feature, key), slot) in batch.iter().zip(keys.iter_mut()).zip(slots.iter_mut()) {
                *key = key32(*feature);
                *slot = self.slots[self.home(*key)];
            }
            let (mut n_dense, mut n_long) = (0, 0);
            for (key, slot) in keys.iter().zip(&slots).take(batch.len()) {
                let slot = if slot.key == *key {
                    *slot
                } else if slot.key == 0 {
                    continue;
                } else {
                    match self.probe(*key) {
                        Some(slot) => slot,
                        None => continue,
                    }
                };
                let row = slot.row;
                if row & DENSE != 0 {
                    dense_rows[n_dense] = (row & !DENSE) as usize * stride;
                    n_dense += 1;
                    continue;
                }
                let len = (row >> LEN_SHIFT) as usize;
                if len <= N_INLINE {
                    add_entry(row & LOW_MASK, &mut sums);
                    for entry in &slot.inline[..len.saturating_sub(1)] {
                        add_entry(*entry, &mut sums);
                    }
                } else {
                    long_rows[n_long] = row;
                    n_long += 1;
                }
            }
            // Read the first entry of every long row before adding any: like the slots, these
            // are independent reads that the processor can overlap.
            for (row, first) in long_rows[..n_long].iter().zip(first_entries.iter_mut()) {
                *first = self.sparse[(row & LOW_MASK) as usize];
            }
            for (row, first) in long_rows[..n_long].iter().zip(&first_entries) {
                add_entry(*first, &mut sums);
                let offset = (row & LOW_MASK) as usize;
                let len = (row >> LEN_SHIFT) as usize;
                for entry in &self.sparse[offset + 1..offset + len] {
                    add_entry(*entry, &mut sums);
                }
            }
            for base in &dense_rows[..n_dense] {
                let weights = &self.dense[*base..*base + stride];
                for (lanes, weights) in partial[..stride].chunks_exact_mut(LANES).zip(weights.chunks_exact(LANES)) {
                    for (sum, weight) in lanes.iter_mut().zip(weights) {
                        *sum = sum.wrapping_add(*weight);
                    }
                }
                n_partial += 1;
                if n_partial == ROWS_PER_FLUSH {
                    flush(&mut partial[..stride], &mut sums[..stride]);
                    n_partial = 0;
                }
            }
        }
        if n_partial > 0 {
            flush(&mut partial[..stride], &mut sums[..stride]);
        }
        scores[..self.n_classes].copy_from_slice(&sums[..self.n_classes]);
    }

    #[inline]
    fn home(&self, key: u32) -> usize {
        ((u64::from(key) * self.slots.len() as u64) >> 32) as usize
    }

    #[inline]
    fn next(&self, slot_idx: usize) -> usize {
        if slot_idx + 1 == self.slots.len() {
            0
        } else {
            slot_idx + 1
        }
    }

    /// The slot of `key`, following linear probing from its home slot.
    fn probe(&self, key: u32) -> Option<Slot> {
        let mut slot_idx = self.home(key);
        loop {
            let slot = self.slots[slot_idx];
            if slot.key == key {
                return Some(slot);
            }
            if slot.key == 0 {
                return None;
            }
            slot_idx = self.next(slot_idx);
        }
    }

    /// The rows in key order as (key, classes, weights), for writing.
    fn rows(&self) -> Vec<(u32, Vec<u16>, Vec<i16>)> {
        let mut rows = Vec::with_capacity(self.n_features);
        for slot in &self.slots {
            if slot.key == 0 {
                continue;
            }
            let (mut classes, mut weights) = (Vec::new(), Vec::new());
            let mut push = |packed: u32| {
                let (class, weight) = unpack(packed);
                classes.push(class as u16);
                weights.push(weight as i16);
            };
            if slot.row & DENSE != 0 {
                let base = (slot.row & !DENSE) as usize * self.stride;
                for (class, weight) in self.dense[base..base + self.n_classes].iter().enumerate() {
                    if *weight != 0 {
                        push(pack(class as u16, *weight));
                    }
                }
            } else {
                let len = (slot.row >> LEN_SHIFT) as usize;
                if len <= N_INLINE {
                    push(slot.row & LOW_MASK);
                    for entry in &slot.inline[..len.saturating_sub(1)] {
                        push(*entry);
                    }
                } else {
                    let offset = (slot.row & LOW_MASK) as usize;
                    for entry in &self.sparse[offset..offset + len] {
                        push(*entry);
                    }
                }
            }
            rows.push((slot.key, classes, weights));
        }
        rows.sort_unstable_by_key(|row| row.0);
        rows
    }

    /// Writes the table column by column (keys as deltas), which compresses well.
    pub(crate) fn write(&self, writer: &mut Writer) {
        let rows = self.rows();
        writer.len(self.n_classes);
        writer.f32(self.scale);
        writer.len(rows.len());
        let mut previous = 0u32;
        for (key, _, _) in &rows {
            writer.varint(u64::from(key - previous));
            previous = *key;
        }
        for (_, classes, _) in &rows {
            writer.len(classes.len());
        }
        for (_, classes, _) in &rows {
            let mut previous_class = 0u16;
            for class in classes {
                writer.u8((class - previous_class) as u8);
                previous_class = *class;
            }
        }
        // Weights as low bytes, then high bytes: fixed width reads fast, and the high bytes
        // (mostly 0x00 and 0xFF) compress well on their own.
        for byte_idx in 0..2 {
            for (_, _, weights) in &rows {
                for weight in weights {
                    writer.u8(weight.to_le_bytes()[byte_idx]);
                }
            }
        }
    }

    pub(crate) fn read(reader: &mut Reader<'_>) -> Result<Weights, SyntaxError> {
        let n_classes = reader.len()?;
        if n_classes == 0 || n_classes > MAX_CLASSES {
            return Err(corrupt("weight table has an invalid number of classes"));
        }
        let scale = reader.f32()?;
        let n_rows = reader.len()?;
        let mut keys = Vec::with_capacity(n_rows);
        let mut key = 0u32;
        for _ in 0..n_rows {
            let delta = u32::try_from(reader.varint()?).map_err(|_| corrupt("feature key delta out of range"))?;
            if delta == 0 {
                return Err(corrupt("feature keys are not strictly increasing"));
            }
            key = key.checked_add(delta).ok_or_else(|| corrupt("feature keys overflow"))?;
            keys.push(key);
        }
        let mut lens = Vec::with_capacity(n_rows);
        let mut n_entries = 0usize;
        for _ in 0..n_rows {
            let len = reader.len()?;
            if len == 0 || len > n_classes {
                return Err(corrupt("weight row has an invalid length"));
            }
            n_entries += len;
            lens.push(len);
        }
        let class_deltas = reader.raw(n_entries)?;
        let mut classes = Vec::with_capacity(n_entries);
        let mut deltas = class_deltas.iter();
        for len in &lens {
            let mut class = 0usize;
            for entry_idx in 0..*len {
                let delta = usize::from(*deltas.next().expect("n_entries deltas were read"));
                if entry_idx > 0 && delta == 0 {
                    return Err(corrupt("weight row repeats a class"));
                }
                class += delta;
                if class >= n_classes {
                    return Err(corrupt("weight row names a class out of range"));
                }
                classes.push(class as u16);
            }
        }
        let low_bytes = reader.raw(n_entries)?;
        let high_bytes = reader.raw(n_entries)?;
        let weights: Vec<i16> =
            low_bytes.iter().zip(high_bytes).map(|(low, high)| i16::from_le_bytes([*low, *high])).collect();
        if weights.iter().any(|weight| weight.unsigned_abs() > MAX_WEIGHT.unsigned_abs()) {
            return Err(corrupt("weight out of range"));
        }
        let mut builder = Builder::new(n_classes, scale, n_rows);
        builder.reserve(lens.iter().copied());
        let mut offset = 0;
        for (key, len) in keys.iter().zip(&lens) {
            builder.push(*key, &classes[offset..offset + len], &weights[offset..offset + len]);
            offset += len;
        }
        Ok(builder.finish())
    }
}

/// Adds one packed sparse entry into the sums.
#[inline]
fn add_entry(packed: u32, sums: &mut [i32; MAX_CLASSES]) {
    let class = packed as u8;
    sums[usize::from(class)] += i32::from((packed >> 8) as u16 as i16);
}

/// Adds the `i16` partial sums into the `i32` sums and clears them; both have `stride` lanes.
#[inline]
fn flush(partial: &mut [i16], sums: &mut [i32]) {
    for (sums, partial) in sums.chunks_exact_mut(LANES).zip(partial.chunks_exact_mut(LANES)) {
        for (sum, lane) in sums.iter_mut().zip(partial.iter_mut()) {
            *sum += i32::from(*lane);
            *lane = 0;
        }
    }
}

#[cfg(test)]
mod tests;
