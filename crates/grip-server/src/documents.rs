//! Documents in and out: `POST /v1/analyze` (nothing stored), `POST /v1/documents` (analyze
//! and store), `GET /v1/documents` (a page of the list) and `GET /v1/documents/{id}` (the text
//! with every annotation, for the document view).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use grip_analysis::{analyze, Analysis, AnalysisConfig};
use grip_model::{Date, Diagnostic, Document, Severity};
use grip_store::{AnalysisRecord, Inserted, NewDocument, RunCounts, SentenceRecord, Store};
use serde::Serialize;

use crate::error::{ApiError, ErrorCode};
use crate::params::Params;
use crate::state::AppState;

/// A document read from a request, with the problems met reading it.
struct Incoming {
    document: Document,
    diagnostics: Vec<Diagnostic>,
}

/// The shape of the request body, which decides the shape of the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `text/plain`: one document, one object back.
    Text,
    /// `application/json` with an object: one object back.
    Object,
    /// `application/json` with an array: an array back.
    Array,
    /// JSON Lines: JSON Lines back.
    Lines,
}

/// One JSON document record (`{"id","date","title","url","text"}`); other fields are ignored.
#[derive(Debug, serde::Deserialize)]
struct Record {
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

/// `POST /v1/analyze`.
pub(crate) async fn analyze_handler(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), &["id", "date", "title", "url", "tokens"])?;
    let tokens = params.boolean("tokens", false)?;
    let bytes = read_body(&state, &headers, body).await?;
    let (shape, documents) = parse_documents(&headers, &bytes, &params, "request")?;
    let today = crate::today();
    let lines = state
        .analyze(move |engine| {
            let config = AnalysisConfig { fallback_date: today };
            let options = grip_wire::json::Options { tokens };
            let mut lines = Vec::with_capacity(documents.len());
            for incoming in documents {
                let mut analysis = analyze(engine, &incoming.document, &config);
                // Problems met reading the body come first, as in `grip analyze`.
                let mut diagnostics = incoming.diagnostics;
                diagnostics.append(&mut analysis.diagnostics);
                analysis.diagnostics = diagnostics;
                let json = grip_wire::json::document_with(&analysis, &incoming.document.text, options);
                lines.push(serde_json::to_vec(&json).map_err(|_| ApiError::of(ErrorCode::Internal))?);
            }
            Ok(lines)
        })
        .await?;
    Ok(match shape {
        Shape::Text | Shape::Object => json_bytes(StatusCode::OK, lines.into_iter().next().unwrap_or_default()),
        Shape::Array => json_bytes(StatusCode::OK, join(&lines, b"[", b",", b"]")),
        Shape::Lines => {
            let mut body = join(&lines, b"", b"\n", b"");
            if !body.is_empty() {
                body.push(b'\n');
            }
            let mut response = (StatusCode::OK, body).into_response();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-ndjson"));
            response
        }
    })
}

/// What happened to one posted document.
#[derive(Debug, Serialize)]
struct IngestedJson {
    /// The document's place in the request.
    index: usize,
    /// `documents.id`.
    id: i64,
    external_id: String,
    /// `new` or `duplicate`.
    status: &'static str,
    n_mentions: usize,
    n_events: usize,
    n_claims: usize,
}

#[derive(Debug, Serialize)]
struct IngestJson {
    documents: Vec<IngestedJson>,
    n_new: usize,
    n_duplicate: usize,
}

/// `POST /v1/documents`.
pub(crate) async fn ingest_handler(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    crate::auth::check(&state, &headers)?;
    let params = Params::parse(query.as_deref(), &["id", "date", "title", "url"])?;
    let bytes = read_body(&state, &headers, body).await?;
    let (_, documents) = parse_documents(&headers, &bytes, &params, "")?;
    if let Some(idx) = documents.iter().position(|incoming| incoming.document.text.trim().is_empty()) {
        return Err(ApiError::new(ErrorCode::InvalidDocument, format!("document {idx} has no text")));
    }
    // Documents already stored are recognized by their hash before analysis, as in `grip ingest`.
    let hashes: Vec<String> =
        documents.iter().map(|incoming| grip_ingest::content_hash(&incoming.document.text)).collect();
    let lookup = hashes.clone();
    let known: Vec<Option<i64>> = state
        .read(move |store| {
            lookup.iter().map(|hash| store.document_by_hash(hash).map_err(|error| ApiError::store(&error))).collect()
        })
        .await?;
    let today = crate::today();
    let documents = state
        .analyze(move |engine| {
            let config = AnalysisConfig { fallback_date: today };
            Ok(documents
                .into_iter()
                .zip(known)
                .zip(hashes)
                .map(|((mut incoming, known), hash)| {
                    if incoming.document.id.is_empty() {
                        incoming.document.id = format!("api-{}", &hash[..12]);
                    }
                    let analysis = known.is_none().then(|| Box::new(analyze(engine, &incoming.document, &config)));
                    (incoming, hash, known, analysis)
                })
                .collect::<Vec<_>>())
        })
        .await?;
    let engine = Arc::clone(&state.engine);
    let report = state.write(move |store| store_documents(&engine, store, &documents)).await?;
    let status = if report.n_new > 0 { StatusCode::CREATED } else { StatusCode::OK };
    let body = serde_json::to_vec(&report).map_err(|_| ApiError::of(ErrorCode::Internal))?;
    Ok(json_bytes(status, body))
}

type Analyzed = (Incoming, String, Option<i64>, Option<Box<Analysis>>);

fn store_documents(
    engine: &grip_analysis::Engine,
    store: &mut Store,
    documents: &[Analyzed],
) -> Result<IngestJson, ApiError> {
    let failed = |error: grip_store::StoreError| ApiError::store(&error);
    let now = crate::now_utc();
    let run = store.begin_run("serve", grip_analysis::ENGINE_VERSION, &now).map_err(failed)?;
    let version = store.version_id(grip_analysis::ENGINE_VERSION, engine.kb.version()).map_err(failed)?;
    let mut batch = store.batch().map_err(failed)?;
    let mut items = Vec::with_capacity(documents.len());
    let mut counts = RunCounts::default();
    for (index, (incoming, hash, known, analysis)) in documents.iter().enumerate() {
        let counts_of = |analysis: &Analysis| (analysis.mentions.len(), analysis.events.len(), analysis.claims.len());
        let (id, status, (n_mentions, n_events, n_claims)) = match (known, analysis) {
            (Some(id), _) => (*id, "duplicate", (0, 0, 0)),
            (None, Some(analysis)) => {
                let sentences = sentence_records(analysis);
                let record = analysis_record(analysis, version, &sentences);
                let new = NewDocument {
                    document: &incoming.document,
                    content_hash: hash,
                    source: "api",
                    run,
                    diagnostics: &incoming.diagnostics,
                };
                match batch.insert_document(&new, Some(&record)).map_err(failed)? {
                    Inserted::New(id) => (id, "new", counts_of(analysis)),
                    // The same text twice in one request.
                    Inserted::Duplicate(id) => (id, "duplicate", (0, 0, 0)),
                }
            }
            (None, None) => return Err(ApiError::of(ErrorCode::Internal)),
        };
        if status == "new" {
            counts.n_new += 1;
        } else {
            counts.n_duplicate += 1;
        }
        items.push(IngestedJson {
            index,
            id,
            external_id: incoming.document.id.clone(),
            status,
            n_mentions,
            n_events,
            n_claims,
        });
    }
    batch.commit().map_err(failed)?;
    store.finish_run(run, &counts, &crate::now_utc()).map_err(failed)?;
    tracing::info!(n_new = counts.n_new, n_duplicate = counts.n_duplicate, "Stored documents.");
    Ok(IngestJson {
        documents: items,
        n_new: usize::try_from(counts.n_new).unwrap_or(0),
        n_duplicate: usize::try_from(counts.n_duplicate).unwrap_or(0),
    })
}

fn sentence_records(analysis: &Analysis) -> Vec<SentenceRecord> {
    analysis
        .sentence_ranges()
        .enumerate()
        .map(|(idx, range)| SentenceRecord {
            range,
            skipped: u32::try_from(idx).is_ok_and(|idx| analysis.skipped_sentences.binary_search(&idx).is_ok()),
        })
        .collect()
}

fn analysis_record<'a>(
    analysis: &'a Analysis,
    version: grip_store::VersionId,
    sentences: &'a [SentenceRecord],
) -> AnalysisRecord<'a> {
    AnalysisRecord {
        version,
        date: analysis.date,
        date_source: analysis.date_source.as_str(),
        sentences,
        mentions: &analysis.mentions,
        events: &analysis.events,
        claims: &analysis.claims,
        tone: analysis.tone.as_ref(),
        actor_tone: &analysis.actor_tone,
        diagnostics: &analysis.diagnostics,
    }
}

/// Reads the body within the size limit and the body timeout.
async fn read_body(state: &AppState, headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    let limit = state.config.max_body_bytes;
    let too_large = || {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("the body is larger than this server accepts ({limit} bytes)"),
        )
    };
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    let read = axum::body::to_bytes(body, limit);
    match tokio::time::timeout(state.config.body_timeout, read).await {
        Err(_) => Err(ApiError::new(
            ErrorCode::RequestTimeout,
            format!("the body did not arrive within {} s", state.config.body_timeout.as_secs_f64()),
        )),
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(error)) => {
            let length_limit = std::error::Error::source(&error)
                .is_some_and(|source| source.is::<http_body_util::LengthLimitError>())
                || crate::error::error_chain(&error).contains("length limit");
            if length_limit {
                Err(too_large())
            } else {
                Err(ApiError::new(ErrorCode::BadRequest, "the body could not be read"))
            }
        }
    }
}

/// Reads documents from a body by content type: text, a JSON object or array, or JSON Lines.
fn parse_documents(
    headers: &HeaderMap,
    bytes: &[u8],
    params: &Params,
    default_id: &str,
) -> Result<(Shape, Vec<Incoming>), ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|value| value.to_str().unwrap_or("?"))
        .unwrap_or("text/plain")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let default_date = params.date("date")?;
    match content_type.as_str() {
        "text/plain" | "" => {
            let decoded = grip_text::decode(bytes);
            let mut document = Document::new(params.text("id").unwrap_or(default_id), decoded.text);
            document.date = default_date;
            document.title = params.text("title").map(str::to_owned);
            document.url = params.text("url").map(str::to_owned);
            Ok((Shape::Text, vec![Incoming { document, diagnostics: decoded.diagnostics }]))
        }
        "application/json" => {
            let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|error| {
                ApiError::new(ErrorCode::InvalidJson, format!("the body is not valid JSON: {error}"))
            })?;
            for name in ["id", "title", "url"] {
                if params.text(name).is_some() {
                    return Err(ApiError::parameter(format!(
                        "`{name}` applies to text/plain bodies; put it in the JSON"
                    )));
                }
            }
            match value {
                serde_json::Value::Array(values) => {
                    let documents = values
                        .into_iter()
                        .enumerate()
                        .map(|(idx, value)| record(value, &format!("item {idx}"), default_date, idx + 1))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok((Shape::Array, documents))
                }
                value => Ok((Shape::Object, vec![record(value, "the body", default_date, 1)?])),
            }
        }
        "application/x-ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines"
        | "application/json-seq" => {
            let text = String::from_utf8_lossy(bytes);
            let mut documents = Vec::new();
            for (idx, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let where_ = format!("line {}", idx + 1);
                let value: serde_json::Value = serde_json::from_str(line)
                    .map_err(|error| ApiError::new(ErrorCode::InvalidJson, format!("{where_}: {error}")))?;
                documents.push(record(value, &where_, default_date, idx + 1)?);
            }
            Ok((Shape::Lines, documents))
        }
        other => Err(ApiError::new(
            ErrorCode::InvalidContentType,
            format!(
                "content type {:?} is not read here; send text/plain, application/json or application/x-ndjson",
                other.chars().take(60).collect::<String>()
            ),
        )),
    }
}

fn record(
    value: serde_json::Value,
    where_: &str,
    default_date: Option<Date>,
    line: usize,
) -> Result<Incoming, ApiError> {
    let invalid = |message: String| ApiError::new(ErrorCode::InvalidDocument, format!("{where_}: {message}"));
    if !value.is_object() {
        return Err(invalid("expected an object with a \"text\" field".to_owned()));
    }
    let record: Record = serde_json::from_value(value).map_err(|error| invalid(error.to_string()))?;
    let id = match record.id {
        Some(serde_json::Value::String(id)) => id,
        Some(serde_json::Value::Number(id)) => id.to_string(),
        None | Some(serde_json::Value::Null) => format!("line-{line}"),
        Some(_) => return Err(invalid("field \"id\" must be a string or a number".to_owned())),
    };
    let mut diagnostics = Vec::new();
    let date = match record.date.as_deref().map(str::trim).filter(|text| !text.is_empty()) {
        None => default_date,
        Some(text) => match text.get(..10).and_then(crate::params::parse_date) {
            Some(date) => Some(date),
            None => {
                diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    "bad-date",
                    format!("field \"date\" {text:?} is not a date (YYYY-MM-DD or an ISO timestamp); ignored"),
                ));
                default_date
            }
        },
    };
    let mut document = Document::new(id, record.text);
    document.date = date;
    document.title = record.title;
    document.url = record.url;
    Ok(Incoming { document, diagnostics })
}

fn join(parts: &[Vec<u8>], open: &[u8], separator: &[u8], close: &[u8]) -> Vec<u8> {
    let mut out = open.to_vec();
    for (idx, part) in parts.iter().enumerate() {
        if idx > 0 {
            out.extend_from_slice(separator);
        }
        out.extend_from_slice(part);
    }
    out.extend_from_slice(close);
    out
}

/// A JSON response from serialized bytes.
pub(crate) fn json_bytes(status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

// ---------------------------------------------------------------------------------------------
// reading

#[derive(Debug, Serialize)]
struct DocumentSummaryJson {
    id: i64,
    external_id: String,
    source: String,
    title: Option<String>,
    url: Option<String>,
    date: Option<String>,
    date_source: Option<String>,
    n_bytes: i64,
    analyzed: bool,
    n_mentions: i64,
    n_events: i64,
    n_claims: i64,
}

impl From<grip_store::DocumentListRow> for DocumentSummaryJson {
    fn from(row: grip_store::DocumentListRow) -> DocumentSummaryJson {
        DocumentSummaryJson {
            id: row.id,
            external_id: row.external_id,
            source: row.source,
            title: row.title,
            url: row.url,
            date: row.date,
            date_source: row.date_source,
            n_bytes: row.n_bytes,
            analyzed: row.analyzed,
            n_mentions: row.n_mentions,
            n_events: row.n_events,
            n_claims: row.n_claims,
        }
    }
}

/// `GET /v1/documents`.
pub(crate) async fn list_handler(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), &["limit", "offset"])?;
    let page = params.page(50, 500)?;
    let key = format!("documents?{}", query.as_deref().unwrap_or(""));
    crate::routes::cached(&state, key, move |store, _| {
        let mut rows = store.list_documents(page.offset, page.limit + 1).map_err(|error| ApiError::store(&error))?;
        let next_offset = page.next_offset(rows.len());
        rows.truncate(usize::try_from(page.limit).unwrap_or(usize::MAX));
        let items: Vec<DocumentSummaryJson> = rows.into_iter().map(DocumentSummaryJson::from).collect();
        Ok(serde_json::json!({"items": items, "offset": page.offset, "limit": page.limit, "next_offset": next_offset}))
    })
    .await
}

/// `GET /v1/documents/{id}`.
pub(crate) async fn detail_handler(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let id: i64 = id
        .parse()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::parameter("the document id must be a positive integer"))?;
    let key = format!("documents/{id}");
    crate::routes::cached(&state, key, move |store, state| {
        let detail = store.document_detail(id).map_err(|error| ApiError::store(&error))?;
        let detail = detail.ok_or_else(|| ApiError::new(ErrorCode::DocumentNotFound, format!("no document {id}")))?;
        Ok(detail_json(state, detail))
    })
    .await
}

fn detail_json(state: &AppState, detail: grip_store::DocumentDetail) -> serde_json::Value {
    let text = detail.text.as_str();
    let slice = |start: u32, end: u32| text.get(start as usize..end as usize).unwrap_or("").to_owned();
    let side = |side: &Option<grip_store::EventSide>| {
        side.as_ref().map(|side| {
            serde_json::json!({
                "actor": side.actor,
                "entity": side.entity,
                "name": side.entity.as_deref().and_then(|entity| state.engine.kb.lookup(entity))
                    .map(|idx| state.engine.kb.entity(idx).name.clone()),
                "span": side.span.map(|(start, end)| [start, end]),
                "text": side.span.map(|(start, end)| slice(start, end)),
            })
        })
    };
    let events: Vec<serde_json::Value> = detail
        .events
        .iter()
        .map(|event| {
            serde_json::json!({
                "id": event.id,
                "date": event.date,
                "source": side(&event.source),
                "target": side(&event.target),
                "speaker": side(&event.speaker),
                "cameo": event.code,
                "cameo_name": grip_model::CameoCode::parse(&event.code).map(|code| code.name()),
                "root": event.root,
                "quad": event.quad_class,
                "goldstein": event.goldstein,
                "plover": event.plover,
                "modality": event.modality,
                "location": event.location.as_ref().map(|location| serde_json::json!({
                    "name": location.name, "entity": location.entity, "country": location.country,
                    "lat": location.lat, "lon": location.lon, "span": location.span.map(|(start, end)| [start, end]),
                })),
                "sentence": [event.sentence.0, event.sentence.1],
                "evidence": [event.evidence.0, event.evidence.1],
                "evidence_text": slice(event.evidence.0, event.evidence.1),
                "rule": event.rule,
            })
        })
        .collect();
    let claims: Vec<serde_json::Value> = detail
        .claims
        .iter()
        .map(|claim| {
            let holder = match claim.holder_kind.as_str() {
                "author" => "author".to_owned(),
                "actor" => claim.holder_actor.clone().unwrap_or_default(),
                _ => claim.holder_text.clone().unwrap_or_default(),
            };
            serde_json::json!({
                "id": claim.id,
                "start": claim.start,
                "end": claim.end,
                "text": slice(claim.start, claim.end),
                "type": claim.kind,
                "holder": holder,
                "holder_kind": claim.holder_kind,
                "holder_entity": claim.holder_entity,
                "certainty": claim.certainty,
                "factuality": claim.factuality_certainty.zip(claim.factuality_happened).map(|(certainty, happened)| {
                    serde_json::json!({"certainty": certainty, "happened": happened})
                }),
                "time": claim.time,
                "event_id": claim.event_id,
                "event": claim.event_id.and_then(|id| detail.events.iter().position(|event| event.id == id)),
                "cues": claim.cues.iter().map(|(start, end)| serde_json::json!({"span": [start, end], "text": slice(*start, *end)})).collect::<Vec<_>>(),
                "rule": claim.rule,
                "actors": claim.actors,
            })
        })
        .collect();
    serde_json::json!({
        "id": detail.summary.id,
        "external_id": detail.summary.external_id,
        "source": detail.summary.source,
        "title": detail.summary.title,
        "url": detail.summary.url,
        "date": detail.summary.date,
        "date_source": detail.summary.date_source,
        "analyzed": detail.summary.analyzed,
        "engine_version": detail.engine_version,
        "kb_version": detail.kb_version,
        "text": detail.text,
        "sentences": detail.sentences.iter().map(|sentence| serde_json::json!({
            "start": sentence.start, "end": sentence.end, "skipped": sentence.skipped,
        })).collect::<Vec<_>>(),
        "mentions": detail.mentions.iter().map(|mention| serde_json::json!({
            "start": mention.start, "end": mention.end, "text": slice(mention.start, mention.end),
            "entity": mention.entity, "actor": mention.actor, "name": mention.name, "kind": mention.kind,
            "rule": mention.rule, "form": mention.form, "sentence": mention.sentence,
        })).collect::<Vec<_>>(),
        "events": events,
        "claims": claims,
        "tone": detail.tone.as_ref().map(|tone| serde_json::json!({
            "score": tone.score,
            "gdelt": tone.gdelt,
            "evidence": tone.contributions.iter().map(|(start, end, value)| serde_json::json!({
                "span": [start, end], "text": slice(*start, *end), "value": value,
            })).collect::<Vec<_>>(),
        })),
        "actor_tone": detail.actor_tone.iter().map(|tone| serde_json::json!({
            "actor": tone.actor, "entity": tone.entity, "score": tone.score,
            "evidence": tone.evidence.iter().map(|(start, end)| [start, end]).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "diagnostics": detail.diagnostics.iter().map(|diagnostic| serde_json::json!({
            "stage": diagnostic.stage, "severity": diagnostic.severity, "code": diagnostic.code,
            "message": diagnostic.message, "span": diagnostic.span.map(|(start, end)| [start, end]),
        })).collect::<Vec<_>>(),
    })
}

/// How long a request body may take to arrive, by default.
pub(crate) const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);
