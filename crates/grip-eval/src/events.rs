//! Event coding with grip's own dictionary on the realistic suites:
//!
//! - **ICEWS CAMEO examples** (`icews-cameo/cameo-codes.csv`): the example sentence of each CAMEO
//!   code (from the CAMEO 1.1b3 manual); the figure is root-code accuracy of the sentence's main
//!   event.
//! - **PLOVER GSR** (`plover/PLOVER_GSR_CAMEO.txt`): 322 human-coded records, one event each; the
//!   figure is F1 on (PLOVER event type, source country, target country) triples of the record's
//!   event against those of grip's main event (the one nearest the root of the parse). The GSR's 2016 labels are mapped
//!   to the current ones as the PLOVER manual's CAMEO table says: DEMAND -> REQUEST, DISAPPROVE and
//!   INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT.
//!
//! Both suites are split in two by position (odd / even): the odd half is the development half
//! whose failures may be read while improving the dictionary and the coder; the even half is
//! held out and only its figure is read.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use anyhow::Context as _;
use grip_analysis::{analyze, Analysis, AnalysisConfig, Engine};
use grip_model::{Date, Document, Event};
use serde::Deserialize;

/// Figures on one half of a suite.
#[derive(Debug, Clone, Copy, Default)]
pub struct Half {
    /// Items.
    pub n: usize,
    /// Items right (ICEWS: root code right).
    pub n_correct: usize,
    /// Gold triples (PLOVER).
    pub n_gold: usize,
    /// Predicted triples (PLOVER).
    pub n_predicted: usize,
    /// Predicted triples that are gold (PLOVER).
    pub n_right: usize,
}

impl Half {
    /// Share of items right.
    pub fn accuracy(&self) -> f64 {
        ratio(self.n_correct, self.n)
    }

    /// Precision on triples.
    pub fn precision(&self) -> f64 {
        ratio(self.n_right, self.n_predicted)
    }

    /// Recall on triples.
    pub fn recall(&self) -> f64 {
        ratio(self.n_right, self.n_gold)
    }

    /// F1 on triples.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// One scored item, for listing failures.
#[derive(Debug, Clone)]
pub struct Item {
    /// Identifier (CAMEO code or GSR record id).
    pub id: String,
    /// The sentence.
    pub text: String,
    /// What was expected.
    pub expected: String,
    /// What grip coded.
    pub got: String,
    /// Whether grip was right.
    pub correct: bool,
    /// Development (odd) or held-out (even) half.
    pub development: bool,
}

/// A suite's report: development and held-out halves.
#[derive(Debug, Clone)]
pub struct SuiteReport {
    /// The odd half.
    pub development: Half,
    /// The even half.
    pub held_out: Half,
    /// Every item.
    pub items: Vec<Item>,
}

fn date(year: i32, month: u32, day: u32) -> Date {
    Date::from_ymd_opt(year, month, day).expect("valid date")
}

fn run_sentence(engine: &Engine, id: &str, text: &str, on: Date) -> Analysis {
    let mut document = Document::new(id, text);
    document.date = Some(on);
    analyze(engine, &document, &AnalysisConfig { fallback_date: on })
}

/// The event that carries a sentence: the one whose trigger is closest to the root of the parse
/// (ties: the first).
fn main_event(analysis: &Analysis) -> Option<&Event> {
    let parse = analysis.syntax.first()?;
    let sentence = analysis.segmented.sentences.first()?;
    let tokens = analysis.segmented.sentence_tokens(sentence);
    let depth = |event: &Event| -> usize {
        let Some(idx) = tokens.iter().position(|token| token.range.start() == event.evidence.start()) else {
            return usize::MAX;
        };
        let mut depth = 0;
        let mut node = idx;
        while let Some(head) = parse.get(node).and_then(|token| token.head) {
            depth += 1;
            node = head as usize;
            if depth > parse.len() {
                break;
            }
        }
        depth
    };
    analysis.events.iter().min_by_key(|event| depth(event))
}

/// Reads the ICEWS table (cp1252 with UTF-8 mojibake, repaired as its README says).
fn icews_rows(path: &Path) -> anyhow::Result<Vec<(String, String, usize)>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let repair = |field: &str| -> String {
        let (encoded, _, unmappable) = encoding_rs::MACINTOSH.encode(field);
        if unmappable {
            return field.to_owned();
        }
        match std::str::from_utf8(&encoded) {
            Ok(fixed) => fixed.to_owned(),
            Err(_) => field.to_owned(),
        }
    };
    let mut rows = Vec::new();
    for (line_idx, record) in parse_csv(&text).into_iter().enumerate().skip(1) {
        let [_, _, _, code, _, _, _, _, _, example, _, order] = record.as_slice() else {
            anyhow::bail!("{}:{}: expected 12 fields", path.display(), line_idx + 1);
        };
        // Some examples end with the coder's annotation ("... said. Note: Two reciprocal events
        // are coded"), which is not part of the news text.
        let example = repair(example.trim());
        let example = example.split_once(" Note: ").map_or(example.as_str(), |(text, _)| text).trim().to_owned();
        if example.is_empty() || example == "NA" {
            continue;
        }
        rows.push((code.clone(), example, order.parse().unwrap_or(line_idx)));
    }
    Ok(rows)
}

/// A small CSV reader for the ICEWS file (quoted fields with doubled quotes, commas, newlines).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match (ch, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            ('\r', false) => {}
            (other, _) => field.push(other),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// The ICEWS CAMEO examples: root-code accuracy of the main event.
///
/// # Errors
/// Fails when the file cannot be read or parsed.
pub fn icews(engine: &Engine, data: &Path) -> anyhow::Result<SuiteReport> {
    let rows = icews_rows(&data.join("icews-cameo/cameo-codes.csv"))?;
    let mut report = SuiteReport { development: Half::default(), held_out: Half::default(), items: Vec::new() };
    for (code, example, order) in rows {
        let analysis = run_sentence(engine, &code, &example, date(2000, 1, 1));
        let expected_root = code.get(..2).unwrap_or("").to_owned();
        let got = main_event(&analysis).map(|event| event.code);
        let correct = got.is_some_and(|code| code.root().as_str() == expected_root);
        let development = order % 2 == 1;
        let half = if development { &mut report.development } else { &mut report.held_out };
        half.n += 1;
        half.n_correct += usize::from(correct);
        report.items.push(Item {
            id: code.clone(),
            text: example.clone(),
            expected: code,
            got: got.map_or("nothing".to_owned(), |code| format!("{code} ({})", code.name())),
            correct,
            development,
        });
    }
    Ok(report)
}

#[derive(Deserialize)]
struct GsrRecord {
    id: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    event: String,
    /// A list of `{actorText, code, sector}`, or an empty string when there is none.
    #[serde(default)]
    source: serde_json::Value,
    #[serde(default)]
    target: serde_json::Value,
}

/// The actor codes of a GSR `source`/`target` field. Three country codes in the GSR are not
/// ISO 3166 (`JAP`, `ITL`, `VTN` for Japan, Italy and Vietnam, 6 actors in all); they are read
/// as the ISO codes that grip, CAMEO and the rest of the GSR use.
fn gsr_codes(value: &serde_json::Value) -> Vec<String> {
    let iso = |code: String| match code.as_str() {
        "JAP" => "JPN".to_owned(),
        "ITL" => "ITA".to_owned(),
        "VTN" => "VNM".to_owned(),
        _ => code,
    };
    value
        .as_array()
        .map(|actors| actors.iter().filter_map(|actor| actor.get("code")?.as_str()).map(country).map(iso).collect())
        .unwrap_or_default()
}

/// PLOVER 2016 GSR labels in current PLOVER.
fn current_plover(label: &str) -> &str {
    match label {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
}

/// The country part of an actor code as PLOVER's GSR writes it (`KAZ`, `IGO`).
fn country(code: &str) -> String {
    if let Some(region) = code.strip_prefix("REGION:") {
        return region.get(..3).unwrap_or(region).to_owned();
    }
    code.get(..3).unwrap_or(code).to_owned()
}

/// The ISO alpha-3 code of each KB country whose CAMEO code differs from it (`ROM` Romania,
/// `MTN` Montenegro, `TMP` East Timor, `KSV` Kosovo), and of each CAMEO territory code that lies
/// within one ISO country (`GZS` Gaza Strip and `WSB` West Bank: `PSE`): the GSR writes ISO codes.
fn legacy_country_codes(kb: &grip_kb::Kb) -> HashMap<String, String> {
    let countries =
        kb.entities().iter().filter(|entity| entity.kind == grip_model::EntityKind::Country).filter_map(|entity| {
            let iso3 = entity.country.as_ref()?;
            (entity.code.len() == 3 && entity.code != *iso3).then(|| (entity.code.clone(), iso3.clone()))
        });
    let territories =
        kb.entities().iter().filter(|entity| entity.kind == grip_model::EntityKind::Region).filter_map(|entity| {
            let [member] = entity.members.as_slice() else { return None };
            let code = entity.code.strip_prefix("REGION:")?;
            (code.len() == 3).then(|| (code.to_owned(), member.country.clone()))
        });
    countries.chain(territories).collect()
}

/// The PLOVER GSR: F1 on (event type, source country, target country).
///
/// # Errors
/// Fails when the file cannot be read or parsed.
pub fn plover(engine: &Engine, data: &Path) -> anyhow::Result<SuiteReport> {
    let path = data.join("plover/PLOVER_GSR_CAMEO.txt");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let records: Vec<GsrRecord> = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let mut report = SuiteReport { development: Half::default(), held_out: Half::default(), items: Vec::new() };
    let iso3_of = legacy_country_codes(&engine.kb);
    for (idx, record) in records.into_iter().filter(|r| r.event != "DOCUMENT").enumerate() {
        let event = current_plover(&record.event).to_owned();
        let or_none = |codes: Vec<String>| if codes.is_empty() { vec!["-".to_owned()] } else { codes };
        let sources = or_none(gsr_codes(&record.source));
        let targets = or_none(gsr_codes(&record.target));
        let gold: BTreeSet<String> = sources
            .iter()
            .flat_map(|s| targets.iter().map(|t| format!("{event} {s} {t}")).collect::<Vec<_>>())
            .collect();
        let analysis = run_sentence(engine, &record.id, &record.text, date(2000, 1, 1));
        // The GSR codes one event per record: compare the main event (with every source and
        // target its trigger produced), not every event grip finds in the sentence.
        let main = main_event(&analysis).map(|event| event.evidence);
        let predicted: BTreeSet<String> = analysis
            .events
            .iter()
            .filter(|e| Some(e.evidence) == main)
            .filter_map(|e| {
                let plover = e.code.plover()?;
                let side = |actor: &Option<grip_model::EventActor>| {
                    actor.as_ref().map_or("-".to_owned(), |a| {
                        let part = country(a.actor.as_str());
                        iso3_of.get(&part).cloned().unwrap_or(part)
                    })
                };
                Some(format!("{plover} {} {}", side(&e.source), side(&e.target)))
            })
            .collect();
        let n_right = gold.intersection(&predicted).count();
        let development = idx % 2 == 0;
        let half = if development { &mut report.development } else { &mut report.held_out };
        half.n += 1;
        half.n_gold += gold.len();
        half.n_predicted += predicted.len();
        half.n_right += n_right;
        let correct = gold == predicted;
        half.n_correct += usize::from(correct);
        report.items.push(Item {
            id: record.id,
            text: record.text,
            expected: gold.into_iter().collect::<Vec<_>>().join("; "),
            got: predicted.into_iter().collect::<Vec<_>>().join("; "),
            correct,
            development,
        });
    }
    Ok(report)
}
