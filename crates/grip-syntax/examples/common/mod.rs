//! Helpers shared by the development drivers: reading (optionally gzipped) CoNLL-U files.

use std::io::Read;

use anyhow::Context;

/// Reads a CoNLL-U file, gunzipping it when its name ends in `.gz`.
pub fn read_conllu(path: &str) -> anyhow::Result<Vec<grip_syntax::conllu::Sentence>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {path}"))?;
    let text = if path.ends_with(".gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .with_context(|| format!("decompressing {path}"))?;
        text
    } else {
        String::from_utf8(bytes).with_context(|| format!("decoding {path} as UTF-8"))?
    };
    grip_syntax::conllu::parse(&text).with_context(|| format!("parsing {path}"))
}
