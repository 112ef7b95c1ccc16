//! Feature hashing: strings and feature templates become 64-bit keys.
//!
//! The tagger and the parser describe a decision by a few dozen sparse features ("the word on
//! top of the stack is `said` and the next word is a noun"). Each feature is a template number
//! combined with the values it conjoins, hashed to a `u64`, so that no vocabulary has to be built
//! or stored; only the keys that carry weight after training end up in the model. The hash is
//! written out here (not `std`'s, which may change between releases) because keys are stored in
//! model files.

/// Hashes a string (FNV-1a over the UTF-8 bytes, then a final mix).
pub(crate) fn hash_str(text: &str) -> u64 {
    hash_bytes(text.as_bytes())
}

pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    }
    finish(hash)
}

/// The murmur3 64-bit finalizer: spreads every input bit over the whole key.
#[inline]
pub(crate) fn finish(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    hash ^ (hash >> 33)
}

/// Folds one more value into a running feature hash.
#[inline]
pub(crate) fn combine(hash: u64, value: u64) -> u64 {
    (hash ^ value).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(31)
}

/// The key of template `template` over `values`.
#[inline]
pub(crate) fn feature(template: u32, values: &[u64]) -> u64 {
    let mut hash = u64::from(template).wrapping_mul(0xD6E8_FEB8_6659_FD93) ^ 0xA076_1D64_78BD_642F;
    for value in values {
        hash = combine(hash, *value);
    }
    finish(hash)
}
