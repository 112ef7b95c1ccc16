//! Finding inputs (files, directories walked recursively, stdin) and reading them as documents:
//! plain text, JSON Lines, HTML pages and feeds.

use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use grip_model::{Date, Diagnostic, Document, Severity};
use serde::Deserialize;

use crate::feed::parse_feed;
use crate::html::extract_html;
use crate::{IngestError, ReadFailure};

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// By extension, then by content.
    Auto,
    /// One document per file.
    Text,
    /// One `{"id","date","title","url","text"}` record per line.
    Jsonl,
    /// An HTML page: main text extracted.
    Html,
    /// An RSS/Atom feed: one document per item.
    Feed,
}

/// One input: a file or stdin, and how to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file; `None` for stdin.
    pub path: Option<PathBuf>,
    /// How to read it.
    pub format: InputFormat,
    /// Its size in bytes, when known (for the progress bar).
    pub size: Option<u64>,
}

impl Input {
    /// The name used in messages and as the document source: the path, or `stdin`.
    pub fn name(&self) -> String {
        match &self.path {
            Some(path) => path.display().to_string(),
            None => "stdin".to_owned(),
        }
    }
}

/// How documents are read. There is no `Default`: the caller chooses.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// The format of every input, or [`InputFormat::Auto`].
    pub format: InputFormat,
    /// Documents (files, JSONL lines) larger than this are skipped with a failure.
    pub max_document_bytes: usize,
}

/// A document read from an input, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadDocument {
    /// The document.
    pub document: Document,
    /// The file, URL or `stdin`.
    pub source_name: String,
    /// The 1-based line, for JSON Lines.
    pub line: Option<u64>,
    /// Problems met while reading it (invalid UTF-8, a bad date, HTML fallback).
    pub diagnostics: Vec<Diagnostic>,
}

/// A document, or why one could not be read.
pub type Item = Result<ReadDocument, ReadFailure>;

/// Extensions read when walking a directory (and recognized in auto mode).
const EXTENSIONS: &[(&str, InputFormat)] = &[
    ("txt", InputFormat::Text),
    ("text", InputFormat::Text),
    ("md", InputFormat::Text),
    ("jsonl", InputFormat::Jsonl),
    ("ndjson", InputFormat::Jsonl),
    ("html", InputFormat::Html),
    ("htm", InputFormat::Html),
    ("xhtml", InputFormat::Html),
    ("rss", InputFormat::Feed),
    ("atom", InputFormat::Feed),
    ("xml", InputFormat::Feed),
];

/// Turns command-line paths into inputs: files as they are, directories walked recursively
/// (sorted, hidden entries and unknown extensions skipped, symlinked directories not
/// followed), `-` as stdin. Paths that cannot be read become failures.
pub fn discover(paths: &[PathBuf], format: InputFormat) -> (Vec<Input>, Vec<ReadFailure>) {
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input { path: None, format, size: None });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => walk(path, format, &mut inputs, &mut failures),
            Ok(metadata) => {
                let format =
                    if format == InputFormat::Auto { format_of(path).unwrap_or(InputFormat::Auto) } else { format };
                inputs.push(Input { path: Some(path.clone()), format, size: Some(metadata.len()) });
            }
            Err(source) => failures.push(ReadFailure {
                source_name: path.display().to_string(),
                line: None,
                error: IngestError::Io { path: path.clone(), source },
            }),
        }
    }
    (inputs, failures)
}

fn walk(dir: &Path, format: InputFormat, inputs: &mut Vec<Input>, failures: &mut Vec<ReadFailure>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            failures.push(ReadFailure {
                source_name: dir.display().to_string(),
                line: None,
                error: IngestError::Io { path: dir.to_owned(), source },
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        if path.file_name().and_then(|name| name.to_str()).is_some_and(|name| name.starts_with('.')) {
            continue;
        }
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if metadata.is_dir() {
            walk(&path, format, inputs, failures);
        } else if let Some(known) = format_of(&path) {
            let size = std::fs::metadata(&path).map(|metadata| metadata.len()).ok();
            let format = if format == InputFormat::Auto { known } else { format };
            inputs.push(Input { path: Some(path), format, size });
        }
    }
}

fn format_of(path: &Path) -> Option<InputFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    EXTENSIONS.iter().find(|(known, _)| *known == extension).map(|(_, format)| *format)
}

/// Reads every input and calls `emit` with each document or failure, in input order.
/// `emit` returns `false` to stop early. `bytes_read` counts the input bytes consumed (for a
/// progress bar).
pub fn read_documents(
    inputs: &[Input],
    options: &ReadOptions,
    bytes_read: &AtomicU64,
    emit: &mut dyn FnMut(Item) -> bool,
) {
    for input in inputs {
        let name = input.name();
        let opened: io::Result<Box<dyn Read>> = match &input.path {
            Some(path) => std::fs::File::open(path).map(|file| Box::new(file) as Box<dyn Read>),
            None => Ok(Box::new(io::stdin().lock())),
        };
        let reader = match opened {
            Ok(reader) => BufReader::with_capacity(256 * 1024, reader),
            Err(source) => {
                let path = input.path.clone().unwrap_or_else(|| PathBuf::from("stdin"));
                if !emit(Err(ReadFailure { source_name: name, line: None, error: IngestError::Io { path, source } })) {
                    return;
                }
                continue;
            }
        };
        if !read_one(input, reader, &name, options, bytes_read, emit) {
            return;
        }
    }
}

fn read_one(
    input: &Input,
    mut reader: BufReader<Box<dyn Read>>,
    name: &str,
    options: &ReadOptions,
    bytes_read: &AtomicU64,
    emit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let io_failure = |source: io::Error| ReadFailure {
        source_name: name.to_owned(),
        line: None,
        error: IngestError::Io { path: input.path.clone().unwrap_or_else(|| PathBuf::from("stdin")), source },
    };
    let mut format = input.format;
    if format == InputFormat::Auto {
        format = match reader.fill_buf() {
            Ok(head) => sniff(head),
            Err(source) => return emit(Err(io_failure(source))),
        };
    }
    if format == InputFormat::Jsonl {
        return read_jsonl(reader, name, options, bytes_read, emit);
    }
    let limit = options.max_document_bytes;
    let mut bytes = Vec::new();
    if let Err(source) = (&mut reader).take(limit as u64 + 1).read_to_end(&mut bytes) {
        return emit(Err(io_failure(source)));
    }
    bytes_read.fetch_add(bytes.len() as u64, Ordering::Relaxed);
    if bytes.len() > limit {
        // Drain the rest so that the byte count stays right, without keeping it.
        let rest = io::copy(&mut reader, &mut io::sink()).unwrap_or(0);
        bytes_read.fetch_add(rest, Ordering::Relaxed);
        return emit(Err(ReadFailure {
            source_name: name.to_owned(),
            line: None,
            error: IngestError::TooLarge { limit },
        }));
    }
    match format {
        InputFormat::Feed => {
            let parsed = parse_feed(&bytes, name);
            for document in parsed.documents {
                if !emit(Ok(document)) {
                    return false;
                }
            }
            parsed.failures.into_iter().all(|failure| emit(Err(failure)))
        }
        InputFormat::Html => {
            let decoded = grip_text::decode(&bytes);
            match extract_html(&decoded.text) {
                Ok(html) => {
                    let mut document = Document::new(name, html.text);
                    document.title = html.title;
                    document.date = html.date;
                    let mut diagnostics = decoded.diagnostics;
                    diagnostics.extend(html.diagnostics);
                    emit(Ok(ReadDocument { document, source_name: name.to_owned(), line: None, diagnostics }))
                }
                Err(error) => emit(Err(ReadFailure { source_name: name.to_owned(), line: None, error })),
            }
        }
        InputFormat::Text | InputFormat::Auto | InputFormat::Jsonl => {
            let decoded = grip_text::decode(&bytes);
            let document = Document::new(name, decoded.text);
            emit(Ok(ReadDocument {
                document,
                source_name: name.to_owned(),
                line: None,
                diagnostics: decoded.diagnostics,
            }))
        }
    }
}

/// Guesses the format of content that came without a telling extension.
fn sniff(head: &[u8]) -> InputFormat {
    let head = &head[..head.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return InputFormat::Jsonl;
    }
    if trimmed.starts_with('<') {
        let lower = trimmed.to_ascii_lowercase();
        if lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf:rdf") {
            return InputFormat::Feed;
        }
        return InputFormat::Html;
    }
    InputFormat::Text
}

fn read_jsonl(
    mut reader: BufReader<Box<dyn Read>>,
    name: &str,
    options: &ReadOptions,
    bytes_read: &AtomicU64,
    emit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let mut buffer = Vec::new();
    let mut line_number = 0u64;
    loop {
        buffer.clear();
        let (n_bytes, complete) = match read_line_capped(&mut reader, &mut buffer, options.max_document_bytes) {
            Ok(result) => result,
            Err(source) => {
                return emit(Err(ReadFailure {
                    source_name: name.to_owned(),
                    line: Some(line_number + 1),
                    error: IngestError::Io { path: PathBuf::from(name), source },
                }))
            }
        };
        if n_bytes == 0 {
            return true;
        }
        bytes_read.fetch_add(n_bytes as u64, Ordering::Relaxed);
        line_number += 1;
        let item = if complete {
            let line = String::from_utf8_lossy(&buffer);
            let line = line.trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() {
                continue;
            }
            parse_jsonl_line(line, name, line_number)
        } else {
            Err(ReadFailure {
                source_name: name.to_owned(),
                line: Some(line_number),
                error: IngestError::TooLarge { limit: options.max_document_bytes },
            })
        };
        if !emit(item) {
            return false;
        }
    }
}

/// Reads one line, keeping at most `cap` bytes of it (the rest is consumed and dropped, so a
/// gigantic line costs no memory). Returns the bytes consumed and whether the line fit.
fn read_line_capped(reader: &mut impl BufRead, buffer: &mut Vec<u8>, cap: usize) -> io::Result<(usize, bool)> {
    let mut n_consumed = 0;
    let mut fits = true;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok((n_consumed, fits));
        }
        let (chunk, done) = match memchr::memchr(b'\n', available) {
            Some(idx) => (&available[..=idx], true),
            None => (available, false),
        };
        if fits && buffer.len() + chunk.len() <= cap + 1 {
            buffer.extend_from_slice(chunk);
        } else {
            fits = false;
            buffer.clear();
        }
        let n_chunk = chunk.len();
        reader.consume(n_chunk);
        n_consumed += n_chunk;
        if done {
            return Ok((n_consumed, fits));
        }
    }
}

/// One JSON Lines record.
#[derive(Debug, Deserialize)]
struct JsonlRecord {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    date: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    text: String,
}

fn parse_jsonl_line(line: &str, name: &str, line_number: u64) -> Item {
    let failure = |error| ReadFailure { source_name: name.to_owned(), line: Some(line_number), error };
    let record: JsonlRecord =
        serde_json::from_str(line).map_err(|error| failure(IngestError::Json { reason: error.to_string() }))?;
    let id = match record.id {
        Some(serde_json::Value::String(id)) => id,
        Some(serde_json::Value::Number(id)) => id.to_string(),
        Some(serde_json::Value::Null) | None => format!("{name}:{line_number}"),
        Some(other) => {
            return Err(failure(IngestError::Field {
                field: "id",
                reason: format!("must be a string or number, not {other}"),
            }))
        }
    };
    let mut diagnostics = Vec::new();
    let date = match record.date {
        Some(serde_json::Value::String(text)) if !text.trim().is_empty() => match parse_date(text.trim()) {
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
        Some(serde_json::Value::String(_)) | Some(serde_json::Value::Null) | None => None,
        Some(other) => {
            diagnostics.push(Diagnostic::new(
                Severity::Warning,
                "bad-date",
                format!("field \"date\" must be a string, not {other}; ignored"),
            ));
            None
        }
    };
    let mut document = Document::new(id, record.text);
    document.date = date;
    document.title = record.title;
    document.url = record.url;
    Ok(ReadDocument { document, source_name: name.to_owned(), line: Some(line_number), diagnostics })
}

/// Accepts `YYYY-MM-DD` and ISO timestamps starting with it.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let day = text.get(..10).unwrap_or(text);
    Date::parse_from_str(day, "%Y-%m-%d").ok()
}
