//! Event rows in the peers' formats: GDELT 2.0 event rows (`grip analyze --format gdelt`) and
//! PLOVER JSON records (`--format plover`), one document at a time.
//!
//! Only events that happened (asserted or reported) become GDELT rows, as in
//! `grip export --format gdelt`: GDELT codes what happened. PLOVER records keep every
//! modality, with grip's modality in the record (PLOVER has no field for it).

use std::collections::BTreeMap;

use blake2::digest::{Update, VariableOutput};
use grip_analysis::Analysis;
use grip_model::gdelt::{self, GdeltPlace, GripEventRow};
use grip_model::{Event, EventActor, Modality};
use serde_json::{json, Value};

/// GLOBALEVENTID of a grip event: 2^62 plus a 62-bit BLAKE2b hash of (document id, index of the
/// event in the document's events). It never collides with a real GDELT id (those are far below
/// 2^62), does not depend on how a corpus is split, and equals `grip.gdelt.event_id` in Python.
pub fn event_id(document_id: &str, event_idx: usize) -> i64 {
    let mut hasher = blake2::Blake2bVar::new(8).expect("8 bytes is a valid BLAKE2b output size");
    hasher.update(document_id.as_bytes());
    hasher.update(&[0]);
    hasher.update(event_idx.to_string().as_bytes());
    let mut digest = [0u8; 8];
    hasher.finalize_variable(&mut digest).expect("the buffer has the output size");
    let hash = u64::from_be_bytes(digest) & ((1 << 62) - 1);
    i64::try_from((1u64 << 62) | hash).expect("below 2^63")
}

fn code(side: &Option<EventActor>) -> String {
    side.as_ref().map(|actor| actor.actor.to_string()).unwrap_or_default()
}

/// An `f32` as the `f64` its shortest decimal form denotes (`3.4`, not `3.4000000953674316`),
/// which is also what a reader of the JSON contract gets.
fn decimal(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}

fn factual(event: &Event) -> bool {
    matches!(event.modality, Modality::Asserted | Modality::Reported)
}

/// The GDELT rows of one analyzed document, as tab-separated lines (each ends with `\n`).
/// `url` is the document's URL (SOURCEURL; else `grip:document/<id>`); `iso_to_fips` maps
/// countries to GDELT's FIPS codes (`Kb::iso_to_fips`).
pub fn gdelt_lines(analysis: &Analysis, url: Option<&str>, iso_to_fips: &BTreeMap<String, String>) -> String {
    let url = url
        .filter(|url| !url.is_empty())
        .map_or_else(|| format!("grip:document/{}", analysis.document_id), str::to_owned);
    let tone = analysis.tone.as_ref().map(|tone| decimal(tone.gdelt[0]));
    let mut out = String::new();
    for (event_idx, event) in analysis.events.iter().enumerate().filter(|(_, event)| factual(event)) {
        let (source, target) = (code(&event.source), code(&event.target));
        let place = event.location.as_ref().map(|location| GdeltPlace {
            name: &location.name,
            fips_country: iso_to_fips.get(&location.country).map_or("", String::as_str),
            lat: Some(location.lat),
            lon: Some(location.lon),
            feature: &location.feature,
        });
        let fields = gdelt::grip_event_fields(&GripEventRow {
            id: event_id(&analysis.document_id, event_idx),
            date: analysis.date,
            source: &source,
            target: &target,
            code: event.code.as_str(),
            root: event.code.root().as_str(),
            quad: event.code.quad().number(),
            goldstein: decimal(event.code.goldstein()),
            tone,
            place,
            url: &url,
        });
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}

/// The PLOVER records of one analyzed document (one JSON object per event), following the
/// PLOVER manual's field names (`id`, `date`, `actor`, `recipient`, `event`, `mode`, `context`,
/// `event_loc`, `event_text`, `quad_code`, `event_scale`, `text`, `coder`), plus grip's
/// `modality`, `rule` and byte offsets. Events whose CAMEO code has no PLOVER type (CAMEO 01
/// and 02 are dropped in PLOVER) are left out.
pub fn plover_records(analysis: &Analysis, text: &str, coder: &str) -> Vec<Value> {
    let entity = |side: &Option<EventActor>| {
        side.as_ref().map(|actor| {
            let code = actor.actor.to_string();
            let mut object = json!({ "code": code });
            if let Some(entity) = &actor.entity {
                object["identifier_text"] = json!(entity.to_string());
            }
            if let Some(range) = actor.range {
                object["text"] = json!(&text[range]);
            }
            object
        })
    };
    analysis
        .events
        .iter()
        .enumerate()
        .filter_map(|(event_idx, event)| {
            let plover = event.code.plover()?;
            let mut record = json!({
                "id": format!("{}-{event_idx}", analysis.document_id),
                "date": analysis.date.format("%Y-%m-%d").to_string(),
                "actor": entity(&event.source).map_or_else(Vec::new, |actor| vec![actor]),
                "recipient": entity(&event.target).map_or_else(Vec::new, |actor| vec![actor]),
                "event": [plover],
                "mode": event.code.plover_mode().map_or_else(Vec::new, |mode| vec![mode]),
                "context": event.code.plover_context().map_or_else(Vec::new, |context| vec![context]),
                "event_text": [&text[event.evidence]],
                "quad_code": event.code.quad().number(),
                "event_scale": decimal(event.code.goldstein()),
                "text": &text[event.sentence],
                "coder": coder,
                "cameo": event.code.as_str(),
                "modality": event.modality.as_str(),
                "rule": event.rule,
                "evidence": [u32::from(event.evidence.start()), u32::from(event.evidence.end())],
            });
            if let Some(location) = &event.location {
                record["event_loc"] = json!({
                    "name": location.name,
                    "country": location.country,
                    "lat": location.lat,
                    "lon": location.lon,
                    "feature_code": location.feature,
                });
            }
            Some(record)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_match_the_python_package() {
        // python3 -c 'import hashlib; d=hashlib.blake2b(b"doc-1\x000", digest_size=8).digest();
        //   print((1<<62)|(int.from_bytes(d,"big")&((1<<62)-1)))'
        assert_eq!(event_id("doc-1", 0), 8_385_914_582_327_645_293);
        assert_ne!(event_id("doc-1", 0), event_id("doc-1", 1));
        assert!(event_id("x", 3) >= 1 << 62);
    }

    #[test]
    fn shortest_decimals() {
        assert_eq!(decimal(3.4), 3.4);
        assert_eq!(decimal(-10.0), -10.0);
    }
}
