//! A minimal binary codec for model files: little-endian integers, LEB128 varints, strings.
//!
//! The model format is private to this crate, versioned by a header, and small enough that a
//! serialization framework would add more than it saves.

use crate::SyntaxError;

#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    pub(crate) fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn f32(&mut self, value: f32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    pub(crate) fn len(&mut self, value: usize) {
        self.varint(value as u64);
    }

    pub(crate) fn str(&mut self, value: &str) {
        self.len(value.len());
        self.bytes.extend_from_slice(value.as_bytes());
    }

    pub(crate) fn raw(&mut self, value: &[u8]) {
        self.bytes.extend_from_slice(value);
    }
}

pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, position: 0 }
    }

    pub(crate) fn is_at_end(&self) -> bool {
        self.position == self.bytes.len()
    }

    pub(crate) fn raw(&mut self, n_bytes: usize) -> Result<&'a [u8], SyntaxError> {
        let end = self
            .position
            .checked_add(n_bytes)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| corrupt("unexpected end of model data"))?;
        let slice = &self.bytes[self.position..end];
        self.position = end;
        Ok(slice)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, SyntaxError> {
        Ok(self.raw(1)?[0])
    }

    pub(crate) fn u32(&mut self) -> Result<u32, SyntaxError> {
        let bytes = self.raw(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    pub(crate) fn f32(&mut self) -> Result<f32, SyntaxError> {
        Ok(f32::from_bits(self.u32()?))
    }

    pub(crate) fn varint(&mut self) -> Result<u64, SyntaxError> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            value |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(corrupt("varint longer than 64 bits"))
    }

    /// A length, checked against what is left so that corrupt input cannot ask for huge buffers.
    pub(crate) fn len(&mut self) -> Result<usize, SyntaxError> {
        let value = self.varint()?;
        let left = (self.bytes.len() - self.position) as u64;
        // Every counted item takes at least one byte in this format, except bit-packed flags,
        // which are never counted by `len`.
        if value > left {
            return Err(corrupt("length beyond the end of model data"));
        }
        Ok(value as usize)
    }

    pub(crate) fn str(&mut self) -> Result<&'a str, SyntaxError> {
        let n_bytes = self.len()?;
        let bytes = self.raw(n_bytes)?;
        std::str::from_utf8(bytes).map_err(|_| corrupt("string is not UTF-8"))
    }
}

pub(crate) fn corrupt(reason: &str) -> SyntaxError {
    SyntaxError::ModelCorrupt { reason: reason.to_owned() }
}
