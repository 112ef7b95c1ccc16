//! Reading documents: files and stdin as plain text, JSON Lines one document per line.

use std::io::{self, BufRead, Read};
use std::path::Path;

use anyhow::Context as _;
use grip_model::{Date, Diagnostic, Document, Severity};
use serde::Deserialize;

/// A document plus the diagnostics met while reading it.
pub(crate) struct Input {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a file (or stdin for `-`) as one document; bytes are decoded with diagnostics.
pub(crate) fn read_file(path: &str) -> anyhow::Result<Input> {
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes).context("reading stdin")?;
        bytes
    } else {
        std::fs::read(Path::new(path)).with_context(|| format!("reading {path}"))?
    };
    let decoded = grip_text::decode(&bytes);
    let id = if path == "-" { "stdin".to_owned() } else { path.to_owned() };
    Ok(Input { document: Document::new(id, decoded.text), diagnostics: decoded.diagnostics })
}

/// One JSON Lines record.
#[derive(Debug, Deserialize)]
struct JsonlRecord {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    text: String,
}

/// Parses one JSONL line into a document; `line_number` is 1-based, for messages and ids.
pub(crate) fn parse_jsonl_line(line: &str, line_number: usize) -> anyhow::Result<Input> {
    let record: JsonlRecord = serde_json::from_str(line).map_err(|error| anyhow::anyhow!("{error}"))?;
    let id = match record.id {
        Some(serde_json::Value::String(id)) => id,
        Some(serde_json::Value::Number(id)) => id.to_string(),
        Some(other) => anyhow::bail!("field \"id\" must be a string or number, not {other}"),
        None => format!("line-{line_number}"),
    };
    let mut diagnostics = Vec::new();
    let date = match record.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(text) => match parse_date(text) {
            Some(date) => Some(date),
            None => {
                diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    "bad-date",
                    format!("field \"date\" {text:?} is not a date (YYYY-MM-DD or an ISO timestamp); ignored"),
                ));
                None
            }
        },
    };
    let mut document = Document::new(id, record.text);
    document.date = date;
    document.title = record.title;
    document.url = record.url;
    Ok(Input { document, diagnostics })
}

/// Accepts `YYYY-MM-DD` and ISO timestamps starting with it.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let day = text.get(..10).unwrap_or(text);
    Date::parse_from_str(day, "%Y-%m-%d").ok()
}

/// Calls `f` for each line of a JSONL source, with the 1-based line number. Blank lines are
/// skipped; lines that are not UTF-8 are decoded lossily.
pub(crate) fn for_each_line(path: &str, mut f: impl FnMut(usize, &str) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let reader: Box<dyn BufRead> = if path == "-" {
        Box::new(io::BufReader::new(io::stdin()))
    } else {
        Box::new(io::BufReader::new(std::fs::File::open(path).with_context(|| format!("opening {path}"))?))
    };
    let mut reader = reader;
    let mut buffer = Vec::new();
    let mut line_number = 0;
    loop {
        buffer.clear();
        let n = reader.read_until(b'\n', &mut buffer).with_context(|| format!("reading {path}"))?;
        if n == 0 {
            return Ok(());
        }
        line_number += 1;
        let line = String::from_utf8_lossy(&buffer);
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        f(line_number, line)?;
    }
}

/// Today's date from the system clock (UTC): the fallback date for undated documents.
pub(crate) fn today() -> Date {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let epoch = Date::from_ymd_opt(1970, 1, 1).expect("the epoch is a valid date");
    epoch + chrono::Days::new(seconds / 86_400)
}
