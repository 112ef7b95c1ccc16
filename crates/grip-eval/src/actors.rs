//! NGEC actor resolution (`ngec/ngec_actor_resolution_gold.jsonl`): does grip give a short actor
//! text ("President Kassym-Jomart Tokayev", "Kyiv police", "the Saudi National Guard") the
//! expected country and sector codes?
//!
//! NGEC resolves actors with a Wikipedia index; cases whose expectation names a Wikipedia title
//! (or that test the index itself: `query_wiki`, `trf_agent_match`) need it and are reported
//! apart. The target (≥ 0.95) applies to the other cases.
//!
//! Scheme differences, mapped here and nowhere else: NGEC writes the UN as country `UNO` and the
//! EU as `EUR` where grip (like PETRARCH) writes `IGOUNO...` and `IGOEUREEC`; NGEC's PLOVER
//! sectors call journalists `JRN` and medical workers `MED`, where CAMEO (and grip) use `MED` and
//! `HLH`. Countries are compared as ISO alpha-3 codes (the KB entity's country).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context as _;
use grip_analysis::{analyze, AnalysisConfig, Engine};
use grip_kb::Kb;
use grip_model::{Date, Document, EntityKind, Mention};
use serde::Deserialize;

/// The date NGEC's "today" stands for. The test file was written around the start of 2022: the
/// explicit dates it passes cluster in 2021–2022 (2021-01-01, 2021-10-01, 2022-01-01,
/// 2022-01-10, 2022-04-01) and its expectations treat people in office then as current.
pub const NGEC_TODAY: (i32, u32, u32) = (2022, 1, 1);

/// One test expectation.
#[derive(Debug, Clone)]
pub struct Case {
    /// Test function name in NGEC's test file.
    pub test: String,
    /// Whether pytest runs it (function named `test_*`).
    pub active: bool,
    /// The NGEC method tested.
    pub method: String,
    /// The actor text.
    pub text: String,
    /// Optional context text (a country or adjective).
    pub context: String,
    /// The date argument as written.
    pub date: String,
    /// Expected fields.
    pub expect: BTreeMap<String, serde_json::Value>,
}

impl Case {
    /// Whether the expectation depends on NGEC's Wikipedia index.
    pub fn needs_wikipedia(&self) -> bool {
        matches!(self.method.as_str(), "query_wiki" | "trf_agent_match")
            || self
                .expect
                .keys()
                .any(|key| key.starts_with("wiki") || key.starts_with("title") || key.starts_with("actor_wiki"))
    }
}

#[derive(Deserialize)]
struct RawCase {
    test: String,
    active: bool,
    method: String,
    args: Vec<serde_json::Value>,
    expect: BTreeMap<String, serde_json::Value>,
}

/// Loads the NGEC expectations.
///
/// # Errors
/// Fails when the file cannot be read or a line is not the expected JSON (naming the line).
pub fn load(path: &Path) -> anyhow::Result<Vec<Case>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut cases = Vec::new();
    for (idx, line) in text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
        let raw: RawCase = serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), idx + 1))?;
        let arg = |n: usize| raw.args.get(n).and_then(serde_json::Value::as_str).unwrap_or("").to_owned();
        cases.push(Case {
            test: raw.test,
            active: raw.active,
            method: raw.method,
            text: arg(0),
            context: arg(1),
            date: arg(2),
            expect: raw.expect,
        });
    }
    Ok(cases)
}

/// What grip predicted for a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    /// ISO alpha-3 country, `IGO`, `UNO`, `EUR`, or empty.
    pub country: String,
    /// First sector code, or empty.
    pub code_1: String,
    /// Second sector code, or empty.
    pub code_2: String,
    /// The grip actor code behind it.
    pub actor: String,
}

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The case.
    pub case: Case,
    /// grip's answer (none: no actor found).
    pub prediction: Option<Prediction>,
    /// Whether every compared field matched.
    pub correct: bool,
}

/// Figures for a set of cases.
#[derive(Debug, Clone, Copy, Default)]
pub struct Score {
    /// Cases.
    pub n: usize,
    /// Cases right.
    pub n_correct: usize,
}

impl Score {
    /// Share right (0 when empty).
    pub fn accuracy(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.n_correct as f64 / self.n as f64
        }
    }

    fn add(&mut self, correct: bool) {
        self.n += 1;
        self.n_correct += usize::from(correct);
    }
}

/// The evaluation report.
#[derive(Debug, Clone)]
pub struct Report {
    /// Cases that need no Wikipedia, all of them (the target applies here).
    pub no_wiki: Score,
    /// Cases that need no Wikipedia and that pytest runs.
    pub no_wiki_active: Score,
    /// Cases that depend on NGEC's Wikipedia index (report only).
    pub wiki: Score,
    /// Per case.
    pub outcomes: Vec<Outcome>,
}

/// Runs every case.
pub fn run(engine: &Engine, cases: &[Case]) -> Report {
    let today = Date::from_ymd_opt(NGEC_TODAY.0, NGEC_TODAY.1, NGEC_TODAY.2).expect("valid date");
    let config = AnalysisConfig { fallback_date: today };
    let mut report = Report {
        no_wiki: Score::default(),
        no_wiki_active: Score::default(),
        wiki: Score::default(),
        outcomes: Vec::new(),
    };
    for case in cases {
        let prediction = predict(engine, &config, case, today);
        let correct = matches(case, prediction.as_ref());
        if case.needs_wikipedia() {
            report.wiki.add(correct);
        } else {
            report.no_wiki.add(correct);
            if case.active {
                report.no_wiki_active.add(correct);
            }
        }
        report.outcomes.push(Outcome { case: case.clone(), prediction, correct });
    }
    report
}

fn parse_case_date(text: &str, today: Date) -> Date {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("today") {
        return today;
    }
    let segmented = grip_text::segment(trimmed);
    grip_text::find_date(trimmed, &segmented).map_or(today, |(date, _)| date)
}

/// Analyzes the actor text (with the context as a following sentence) and reads off the head
/// mention (see below).
fn predict(engine: &Engine, config: &AnalysisConfig, case: &Case, today: Date) -> Option<Prediction> {
    let text =
        if case.context.trim().is_empty() { case.text.clone() } else { format!("{}\n\n{}", case.text, case.context) };
    let mut document = Document::new(case.test.clone(), text);
    document.date = Some(parse_case_date(&case.date, today));
    let analysis = analyze(engine, &document, config);
    let limit = u32::try_from(case.text.len()).unwrap_or(u32::MAX);
    // The head of an English noun phrase is its last noun before any post-modifier ("leaders
    // in France", "president of the Riigikogu", "Kano State government"): take the last mention
    // that starts before the first preposition or comma, else the first mention.
    let head_limit = post_modifier_start(&case.text).map_or(limit, |offset| u32::try_from(offset).unwrap_or(limit));
    let in_text = |mention: &&Mention| u32::from(mention.range.end()) <= limit;
    let head = analysis
        .mentions
        .iter()
        .filter(in_text)
        .filter(|mention| u32::from(mention.range.start()) < head_limit)
        .max_by_key(|mention| (mention.range.start(), head_rank(mention)))
        .or_else(|| analysis.mentions.iter().filter(in_text).min_by_key(|mention| mention.range.start()))?;
    Some(to_prediction(&engine.kb, head))
}

/// Byte offset of the first preposition or comma that starts a post-modifier.
fn post_modifier_start(text: &str) -> Option<usize> {
    let segmented = grip_text::segment(text);
    segmented.tokens.iter().skip(1).find_map(|token| {
        let word = token.norm(text).to_lowercase();
        matches!(word.as_str(), "of" | "in" | "at" | "to" | "from" | "for" | "," | "with" | "on")
            .then(|| usize::from(token.range.start()))
    })
}

/// Among mentions starting at the same place, people, agents and organizations name the actor more
/// specifically than countries.
fn head_rank(mention: &Mention) -> u8 {
    match mention.kind {
        EntityKind::Person => 4,
        EntityKind::Agent => 3,
        EntityKind::Org => 2,
        EntityKind::Country | EntityKind::Region => 1,
        EntityKind::City => 0,
    }
}

fn to_prediction(kb: &Kb, mention: &Mention) -> Prediction {
    let actor = mention.actor.as_str().to_owned();
    let (country, sectors) = if let Some(rest) = actor.strip_prefix("IGOUNO") {
        ("UNO".to_owned(), rest.to_owned())
    } else if let Some(rest) = actor.strip_prefix("IGOEUREEC") {
        ("EUR".to_owned(), rest.to_owned())
    } else if actor.starts_with("IGO") {
        ("IGO".to_owned(), String::new())
    } else if actor.starts_with("REGION:") {
        (String::new(), String::new())
    } else {
        // A leading CAMEO country code becomes the ISO alpha-3 of that country (ROM -> ROU).
        let first = actor.get(..3).unwrap_or("");
        let iso = kb
            .entities()
            .iter()
            .find(|entity| entity.kind == EntityKind::Country && entity.code == first)
            .and_then(|entity| entity.country.clone());
        match iso {
            Some(iso) => (iso, actor.get(3..).unwrap_or("").to_owned()),
            None => (String::new(), actor.clone()),
        }
    };
    let sector = |idx: usize| -> String {
        let code = sectors.get(idx * 3..idx * 3 + 3).unwrap_or("");
        match code {
            "HLH" => "MED".to_owned(),
            "MED" => "JRN".to_owned(),
            other => other.to_owned(),
        }
    };
    Prediction { country, code_1: sector(0), code_2: sector(1), actor }
}

/// Compares the fields an expectation names.
fn matches(case: &Case, prediction: Option<&Prediction>) -> bool {
    let mut all = true;
    for (key, value) in &case.expect {
        let expected = value.as_str().unwrap_or("");
        let ok = match key.as_str() {
            "<result> Is" | "<result>" | "not code" => prediction.is_none(),
            "country" | "country_code" => prediction.map_or(expected.is_empty(), |p| p.country == expected),
            "country NotEq" => prediction.is_none_or(|p| p.country != expected),
            "code_1" => prediction.map_or(expected.is_empty(), |p| p.code_1 == expected),
            "code_2" => prediction.map_or(expected.is_empty(), |p| p.code_2 == expected || p.code_1 == expected),
            // Pattern names, residual text and sources are NGEC internals.
            _ => true,
        };
        all &= ok;
    }
    all
}
