//! The content hash that makes a document unique in the store.

use sha2::{Digest as _, Sha256};

/// SHA-256 of the document text (UTF-8), in lowercase hex: the same as
/// `printf %s "$text" | sha256sum`. Two documents with the same text are the same document,
/// whatever their ids, titles or URLs.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";
