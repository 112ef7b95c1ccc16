//! GDELT event files: 1.0 (57 columns in the historical backfile, 58 in the daily files) and
//! 2.0 (61 columns), tab-separated, plain or zipped.
//!
//! Files are read in chunks of whole lines ([`read_chunks`]) that are parsed independently
//! ([`parse_chunk`]), so parsing runs on every core and memory stays bounded. A parsed chunk
//! keeps its text and the byte ranges of the fields, so the rows it hands out ([`GdeltEvent`])
//! borrow from it instead of allocating.
//!
//! Two traps are handled here. CAMEO codes are text: `010` (make statement) is not `10`
//! (demand), so codes are never parsed as numbers. And GDELT's geography uses FIPS 10-4
//! country codes (`RS` Russia, `CH` China, `KZ` Kazakhstan), unlike the actor fields, which use
//! ISO-based CAMEO codes (`RUS`, `CHN`, `KAZ`): [`FipsMap`] maps the one to the other.

use std::collections::HashMap;
use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

pub use grip_model::gdelt::{GdeltActor, GdeltEvent};
use grip_model::Date;

use crate::{IngestError, ReadFailure};

/// FIPS 10-4 country code -> ISO alpha-3, for GDELT's geography fields.
#[derive(Debug, Clone, Default)]
pub struct FipsMap {
    map: HashMap<[u8; 2], [u8; 3]>,
}

impl FipsMap {
    /// Builds the map from `(fips, iso3)` pairs (grip's KB has both for every country); pairs
    /// that are not two and three ASCII letters are ignored.
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> FipsMap {
        let mut map = HashMap::new();
        for (fips, iso) in pairs {
            if let (Ok(fips), Ok(iso)) = (<[u8; 2]>::try_from(fips.as_bytes()), <[u8; 3]>::try_from(iso.as_bytes())) {
                if fips.is_ascii() && iso.is_ascii() {
                    map.insert(fips, iso);
                }
            }
        }
        FipsMap { map }
    }

    /// The ISO alpha-3 code of a FIPS code.
    pub fn iso(&self, fips: &str) -> Option<&str> {
        let key = <[u8; 2]>::try_from(fips.as_bytes()).ok()?;
        self.map.get(&key).and_then(|iso| std::str::from_utf8(iso).ok())
    }

    /// The number of codes.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Whole lines of a GDELT file, not yet parsed.
#[derive(Debug)]
pub struct RawChunk {
    /// The file (or `archive.zip:member.CSV`).
    pub source_name: std::sync::Arc<str>,
    /// The 1-based line number of the first line.
    pub first_line: u64,
    /// The bytes: whole lines.
    pub bytes: Vec<u8>,
}

/// The largest line accepted; GDELT lines are under 2 KB, so anything longer is garbage.
const MAX_LINE_BYTES: usize = 1 << 20;

/// Reads a GDELT file (plain, or a zip archive of such files) in chunks of about
/// `chunk_bytes` of whole lines and calls `emit` with each; `emit` returns `false` to stop.
/// Lines longer than 1 MiB are dropped and reported in `failures` via `emit_failure`.
///
/// # Errors
/// When the file cannot be opened or read, or the archive is damaged.
pub fn read_chunks(
    path: &Path,
    chunk_bytes: usize,
    bytes_read: &AtomicU64,
    emit: &mut dyn FnMut(RawChunk) -> bool,
    emit_failure: &mut dyn FnMut(ReadFailure),
) -> Result<(), IngestError> {
    let io_error = |source| IngestError::Io { path: path.to_owned(), source };
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    let mut magic = [0u8; 4];
    let n_magic = read_full(&mut file, &mut magic).map_err(io_error)?;
    let name = path.display().to_string();
    if n_magic == 4 && magic == *b"PK\x03\x04" {
        let zip_error = |source| IngestError::Zip { path: path.to_owned(), source };
        let file = std::fs::File::open(path).map_err(io_error)?;
        let mut archive = zip::ZipArchive::new(file).map_err(zip_error)?;
        for member_idx in 0..archive.len() {
            let member = archive.by_index(member_idx).map_err(zip_error)?;
            if member.is_dir() {
                continue;
            }
            let member_name: std::sync::Arc<str> = format!("{name}:{}", member.name()).into();
            if !chunk_lines(member, &member_name, chunk_bytes, bytes_read, emit, emit_failure).map_err(io_error)? {
                return Ok(());
            }
        }
        return Ok(());
    }
    let reader = io::Cursor::new(magic[..n_magic].to_vec()).chain(file);
    chunk_lines(reader, &name.into(), chunk_bytes, bytes_read, emit, emit_failure).map_err(io_error)?;
    Ok(())
}

fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut n_read = 0;
    while n_read < buffer.len() {
        match reader.read(&mut buffer[n_read..]) {
            Ok(0) => break,
            Ok(n) => n_read += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(n_read)
}

/// Splits a stream into chunks of whole lines. Returns `false` when `emit` asked to stop.
fn chunk_lines(
    mut reader: impl Read,
    source_name: &std::sync::Arc<str>,
    chunk_bytes: usize,
    bytes_read: &AtomicU64,
    emit: &mut dyn FnMut(RawChunk) -> bool,
    emit_failure: &mut dyn FnMut(ReadFailure),
) -> io::Result<bool> {
    let chunk_bytes = chunk_bytes.max(4096);
    let mut buffer: Vec<u8> = Vec::with_capacity(chunk_bytes + 4096);
    let mut next_line = 1u64;
    let mut skipping_long_line = false;
    loop {
        let start = buffer.len();
        buffer.resize(start + chunk_bytes, 0);
        let n_read = read_full(&mut reader, &mut buffer[start..])?;
        buffer.truncate(start + n_read);
        bytes_read.fetch_add(n_read as u64, Ordering::Relaxed);
        let at_end = n_read == 0;
        if skipping_long_line {
            match memchr::memchr(b'\n', &buffer) {
                Some(idx) => {
                    buffer.drain(..=idx);
                    skipping_long_line = false;
                    next_line += 1;
                }
                None => {
                    buffer.clear();
                    if at_end {
                        return Ok(true);
                    }
                    continue;
                }
            }
        }
        let cut = if at_end { buffer.len() } else { memchr::memrchr(b'\n', &buffer).map_or(0, |idx| idx + 1) };
        if cut == 0 {
            if at_end {
                return Ok(true);
            }
            if buffer.len() > MAX_LINE_BYTES {
                emit_failure(ReadFailure {
                    source_name: source_name.to_string(),
                    line: Some(next_line),
                    error: IngestError::GdeltField {
                        column: "(line)",
                        value: String::from_utf8_lossy(&buffer[..40]).into_owned(),
                        expected: "a line shorter than 1 MiB",
                    },
                });
                buffer.clear();
                skipping_long_line = true;
            }
            continue;
        }
        let rest = buffer.split_off(cut);
        let bytes = std::mem::replace(&mut buffer, rest);
        let n_lines = memchr::memchr_iter(b'\n', &bytes).count() as u64;
        let chunk = RawChunk { source_name: source_name.clone(), first_line: next_line, bytes };
        next_line += n_lines;
        if !emit(chunk) {
            return Ok(false);
        }
        if at_end {
            return Ok(true);
        }
    }
}

/// A parsed chunk: its text, its rows and the lines that failed.
#[derive(Debug)]
pub struct GdeltChunk {
    text: String,
    rows: Vec<Row>,
    /// The lines that could not be parsed, with file and line.
    pub failures: Vec<ReadFailure>,
    /// The number of input bytes in the chunk.
    pub n_bytes: usize,
}

/// Text fields of a row, as byte ranges into the chunk text.
const N_TEXT: usize = 18;

#[derive(Debug, Clone)]
struct Row {
    global_event_id: i64,
    day: Date,
    text: [(u32, u32); N_TEXT],
    is_root_event: Option<i64>,
    quad_class: u8,
    goldstein: Option<f64>,
    num_mentions: Option<i64>,
    num_sources: Option<i64>,
    num_articles: Option<i64>,
    avg_tone: Option<f64>,
    action_geo_type: Option<i64>,
    action_geo_lat: Option<f64>,
    action_geo_long: Option<f64>,
    date_added: Option<i64>,
    iso: [u8; 3],
    format: u8,
}

impl GdeltChunk {
    /// The rows that parsed, in file order.
    pub fn events(&self) -> impl Iterator<Item = GdeltEvent<'_>> + '_ {
        self.rows.iter().map(|row| {
            let text = |idx: usize| {
                let (start, end) = row.text[idx];
                &self.text[start as usize..end as usize]
            };
            let actor = |base: usize| GdeltActor {
                code: text(base),
                name: text(base + 1),
                country_code: text(base + 2),
                known_group: text(base + 3),
                type_codes: [text(base + 4), text(base + 5), text(base + 6)],
            };
            let iso_len = row.iso.iter().position(|&byte| byte == 0).unwrap_or(3);
            GdeltEvent {
                global_event_id: row.global_event_id,
                day: row.day,
                actor1: actor(0),
                actor2: actor(7),
                is_root_event: row.is_root_event,
                event_code: text(14),
                quad_class: row.quad_class,
                goldstein: row.goldstein,
                num_mentions: row.num_mentions,
                num_sources: row.num_sources,
                num_articles: row.num_articles,
                avg_tone: row.avg_tone,
                action_geo_type: row.action_geo_type,
                action_geo_fullname: text(15),
                action_geo_country: text(16),
                action_geo_lat: row.action_geo_lat,
                action_geo_long: row.action_geo_long,
                action_country_iso: std::str::from_utf8(&row.iso[..iso_len]).unwrap_or(""),
                date_added: row.date_added,
                source_url: text(17),
                format: row.format,
            }
        })
    }

    /// The number of rows that parsed.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row parsed.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// GDELT 2.0's column names, for messages.
const COLUMN_NAMES: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Where the action-geography columns and the tail are in each format.
struct Layout {
    format: u8,
    action_type: usize,
    action_fullname: usize,
    action_country: usize,
    action_lat: usize,
    action_long: usize,
    date_added: usize,
    source_url: Option<usize>,
}

const LAYOUT_V1_BACKFILE: Layout = Layout {
    format: 1,
    action_type: 49,
    action_fullname: 50,
    action_country: 51,
    action_lat: 53,
    action_long: 54,
    date_added: 56,
    source_url: None,
};
const LAYOUT_V1_DAILY: Layout = Layout { source_url: Some(57), ..LAYOUT_V1_BACKFILE };
const LAYOUT_V2: Layout = Layout {
    format: 2,
    action_type: 51,
    action_fullname: 52,
    action_country: 53,
    action_lat: 56,
    action_long: 57,
    date_added: 59,
    source_url: Some(60),
};

/// Parses the lines of a chunk. Bad lines (wrong column count, a field that does not parse)
/// are reported with their line number and skipped; the others are kept.
pub fn parse_chunk(raw: RawChunk, fips: &FipsMap) -> GdeltChunk {
    let n_bytes = raw.bytes.len();
    let text = match String::from_utf8(raw.bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    };
    let mut rows = Vec::with_capacity(n_bytes / 400 + 1);
    let mut failures = Vec::new();
    let mut offset = 0usize;
    for (line_idx, line) in text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(line, line_start, fips) {
            Ok(row) => rows.push(row),
            Err(error) => failures.push(ReadFailure {
                source_name: raw.source_name.to_string(),
                line: Some(raw.first_line + line_idx as u64),
                error,
            }),
        }
    }
    GdeltChunk { text, rows, failures, n_bytes }
}

fn parse_line(line: &str, line_start: usize, fips: &FipsMap) -> Result<Row, IngestError> {
    let mut fields = [""; 61];
    let mut starts = [0usize; 61];
    let mut n_fields = 0;
    let mut position = 0;
    for field in line.split('\t') {
        if n_fields < fields.len() {
            fields[n_fields] = field;
            starts[n_fields] = position;
        }
        position += field.len() + 1;
        n_fields += 1;
    }
    let layout = match n_fields {
        57 => &LAYOUT_V1_BACKFILE,
        58 => &LAYOUT_V1_DAILY,
        61 => &LAYOUT_V2,
        found => return Err(IngestError::GdeltColumns { found }),
    };
    let range = |idx: usize| -> (u32, u32) {
        let start = line_start + starts[idx];
        (start as u32, (start + fields[idx].len()) as u32)
    };
    // The name of a column in this row's layout (the action-geo block and the tail move).
    let name = |idx: usize| -> &'static str {
        if layout.format == 2 || idx < 35 {
            return COLUMN_NAMES[idx];
        }
        let v2_idx = [
            (layout.action_type, 51),
            (layout.action_fullname, 52),
            (layout.action_country, 53),
            (layout.action_lat, 56),
            (layout.action_long, 57),
            (layout.date_added, 59),
        ]
        .iter()
        .find(|(v1, _)| *v1 == idx)
        .map_or(idx, |(_, v2)| *v2);
        COLUMN_NAMES[v2_idx]
    };
    let int = |idx: usize| parse_int(fields[idx], name(idx));
    let real = |idx: usize| parse_real(fields[idx], name(idx));
    let global_event_id = int(0)?.ok_or_else(|| bad(fields[0], "GLOBALEVENTID", "an integer"))?;
    let day = parse_sqldate(fields[1])?;
    let event_code = fields[26];
    if !(2..=4).contains(&event_code.len()) || !event_code.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(bad(event_code, "EventCode", "a CAMEO code (2 to 4 digits)"));
    }
    let quad_class = match fields[29] {
        "1" => 1,
        "2" => 2,
        "3" => 3,
        "4" => 4,
        other => return Err(bad(other, "QuadClass", "1, 2, 3 or 4")),
    };
    let mut text = [(0u32, 0u32); N_TEXT];
    for (slot, column) in [5, 6, 7, 8, 12, 13, 14, 15, 16, 17, 18, 22, 23, 24, 26].into_iter().enumerate() {
        text[slot] = range(column);
    }
    text[15] = range(layout.action_fullname);
    text[16] = range(layout.action_country);
    let source_url = layout.source_url.map(range);
    text[17] = source_url.unwrap_or((0, 0));
    let mut iso = [0u8; 3];
    if let Some(code) = fips.iso(fields[layout.action_country]) {
        iso.copy_from_slice(code.as_bytes());
    }
    Ok(Row {
        global_event_id,
        day,
        text,
        is_root_event: int(25)?,
        quad_class,
        goldstein: real(30)?,
        num_mentions: int(31)?,
        num_sources: int(32)?,
        num_articles: int(33)?,
        avg_tone: real(34)?,
        action_geo_type: int(layout.action_type)?,
        action_geo_lat: real(layout.action_lat)?,
        action_geo_long: real(layout.action_long)?,
        date_added: int(layout.date_added)?,
        iso,
        format: layout.format,
    })
}

fn bad(value: &str, column: &'static str, expected: &'static str) -> IngestError {
    let value: String = value.chars().take(40).collect();
    IngestError::GdeltField { column, value, expected }
}

fn parse_int(field: &str, column: &'static str) -> Result<Option<i64>, IngestError> {
    if field.is_empty() {
        return Ok(None);
    }
    field.parse::<i64>().map(Some).map_err(|_| bad(field, column, "an integer"))
}

fn parse_real(field: &str, column: &'static str) -> Result<Option<f64>, IngestError> {
    if field.is_empty() {
        return Ok(None);
    }
    match field.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(Some(value)),
        _ => Err(bad(field, column, "a number")),
    }
}

fn parse_sqldate(field: &str) -> Result<Date, IngestError> {
    let bytes = field.as_bytes();
    let error = || bad(field, "SQLDATE", "a YYYYMMDD date");
    if bytes.len() != 8 || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(error());
    }
    let number =
        |range: std::ops::Range<usize>| bytes[range].iter().fold(0u32, |acc, &byte| acc * 10 + u32::from(byte - b'0'));
    let year = i32::try_from(number(0..4)).map_err(|_| error())?;
    Date::from_ymd_opt(year, number(4..6), number(6..8)).ok_or_else(error)
}
