//! The read endpoints over the corpus: health, actors, events, the actor graph, influence
//! (pair tables, grip index, spikes) and forecasts, plus the response cache they share.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use grip_influence::{InfluenceConfig, Period, SpikeConfig, Weight};
use grip_model::{CameoCode, Date};
use grip_store::{EventQuery, InteractionFilter, Origin, Store};
use serde_json::json;

use crate::error::{ApiError, ErrorCode};
use crate::measure;
use crate::params::Params;
use crate::state::AppState;

/// A directed pair of actor codes.
type ActorPair = (String, String);
/// Per quad class: event counts and summed Goldstein values.
type EdgeTotals = ([u64; 4], [f64; 4]);

/// Answers from the cache, or computes the JSON with a read-only connection and caches it.
pub(crate) async fn cached(
    state: &Arc<AppState>,
    key: String,
    f: impl FnOnce(&Store, &AppState) -> Result<serde_json::Value, ApiError> + Send + 'static,
) -> Result<Response, ApiError> {
    if let Some(body) = state.cache.get(&key) {
        return Ok(json_response(body, "hit"));
    }
    let begun = state.cache.begin();
    let inner = Arc::clone(state);
    let body = state
        .read(move |store| {
            let value = f(store, &inner)?;
            serde_json::to_vec(&value).map_err(|_| ApiError::of(ErrorCode::Internal))
        })
        .await?;
    let body = Bytes::from(body);
    state.cache.put(key, begun, body.clone());
    Ok(json_response(body, "miss"))
}

fn json_response(body: Bytes, cache: &'static str) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert("x-grip-cache", HeaderValue::from_static(cache));
    response
}

fn store_error(error: grip_store::StoreError) -> ApiError {
    ApiError::store(&error)
}

/// `GET /v1/health`.
pub(crate) async fn health(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    cached(&state, "health".to_owned(), |store, state| {
        let summary = store.summary(None).map_err(store_error)?;
        Ok(json!({
            "status": "ok",
            "engine_version": grip_analysis::ENGINE_VERSION,
            "kb_version": state.engine.kb.version(),
            "schema_version": store.schema_version().map_err(store_error)?,
            "read_only": !state.writable(),
            "documents": summary.n_documents,
            "events": summary.n_events,
            "claims": summary.n_claims,
            "gdelt_events": summary.n_gdelt_events,
        }))
    })
    .await
}

/// `GET /v1/actors`.
pub(crate) async fn actors(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    // The KB never changes while the server runs, so a search needs no connection, and its
    // answer can be cached like the others (the key holds the whole query).
    let key = format!("actors?{}", query.as_deref().unwrap_or(""));
    if let Some(body) = state.cache.get(&key) {
        return Ok(json_response(body, "hit"));
    }
    let begun = state.cache.begin();
    let inner = Arc::clone(&state);
    let body = tokio::task::spawn_blocking(move || {
        let result = crate::actors::search(&inner.engine.kb, &inner.catalog, query.as_deref(), crate::today())?;
        serde_json::to_vec(&result).map_err(|_| ApiError::of(ErrorCode::Internal))
    })
    .await
    .map_err(|_| ApiError::of(ErrorCode::Internal))??;
    let body = Bytes::from(body);
    state.cache.put(key, begun, body.clone());
    Ok(json_response(body, "miss"))
}

fn origin_param(params: &Params) -> Result<Option<Origin>, ApiError> {
    Ok(match params.choice("origin", &["all", "grip", "gdelt"], "all")? {
        "grip" => Some(Origin::Grip),
        "gdelt" => Some(Origin::Gdelt),
        _ => None,
    })
}

fn window(params: &Params) -> Result<(Option<Date>, Option<Date>), ApiError> {
    let since = params.date("since")?;
    let until = params.date("until")?;
    if let (Some(since), Some(until)) = (since, until) {
        if since > until {
            return Err(ApiError::parameter(format!("`since` ({since}) is after `until` ({until})")));
        }
    }
    Ok((since, until))
}

/// `GET /v1/events`.
pub(crate) async fn events(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(
        query.as_deref(),
        &["source", "target", "since", "until", "root", "origin", "document", "factual", "limit", "offset"],
    )?;
    let page = params.page(50, 1000)?;
    let (since, until) = window(&params)?;
    let root = match params.text("root") {
        None => None,
        Some(text) => {
            let number: u8 =
                text.parse().ok().filter(|number| (1..=20).contains(number) && text.len() <= 2).ok_or_else(|| {
                    ApiError::parameter(format!("`root` must be a CAMEO root code from 01 to 20, not {text:?}"))
                })?;
            Some(format!("{number:02}"))
        }
    };
    let query_spec = EventQuery {
        since: since.map(|date| date.to_string()),
        until: until.map(|date| date.to_string()),
        origin: origin_param(&params)?,
        root,
        source: params.code("source")?,
        target: params.code("target")?,
        document_id: params.text("document").map(|_| params.integer("document", 1, i64::MAX, 1)).transpose()?,
    };
    let factual = params.text("factual").map(|_| params.boolean("factual", false)).transpose()?;
    let key = format!("events?{}", query.as_deref().unwrap_or(""));
    cached(&state, key, move |store, state| {
        let mut rows = Vec::new();
        let mut n_skipped = 0u64;
        let wanted = page.limit + 1;
        store
            .interaction_page(&query_spec, |row| {
                let parts = measure::parts(row);
                if query_spec.source.is_some() || query_spec.target.is_some() || factual.is_some() {
                    let Some(parts) = &parts else {
                        return true;
                    };
                    if query_spec.source.as_deref().is_some_and(|code| parts.source != code)
                        || query_spec.target.as_deref().is_some_and(|code| parts.target != code)
                        || factual.is_some_and(|factual| parts.factual != factual)
                    {
                        return true;
                    }
                }
                if n_skipped < page.offset {
                    n_skipped += 1;
                    return true;
                }
                rows.push(OwnedEvent::new(row, parts.as_ref()));
                (rows.len() as u64) < wanted
            })
            .map_err(store_error)?;
        let next_offset = page.next_offset(rows.len());
        rows.truncate(usize::try_from(page.limit).unwrap_or(usize::MAX));
        let ids =
            |origin: Origin| -> Vec<i64> { rows.iter().filter(|row| row.origin == origin).map(|row| row.id).collect() };
        let grip: HashMap<i64, grip_store::GripEventDetail> = store
            .grip_event_details(&ids(Origin::Grip))
            .map_err(store_error)?
            .into_iter()
            .map(|detail| (detail.id, detail))
            .collect();
        let gdelt: HashMap<i64, grip_store::GdeltEventDetail> = store
            .gdelt_event_details(&ids(Origin::Gdelt))
            .map_err(store_error)?
            .into_iter()
            .map(|detail| (detail.id, detail))
            .collect();
        let kb = &state.engine.kb;
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|row| {
                let side = |actor: &str, party: &Option<String>, gdelt_name: Option<&Option<String>>| {
                    json!({
                        "actor": actor,
                        "party": party,
                        "name": party.as_deref().map(|party| state.catalog.party_name(kb, party)),
                        "gdelt_name": gdelt_name.cloned().flatten(),
                    })
                };
                let gdelt_detail = gdelt.get(&row.id).filter(|_| row.origin == Origin::Gdelt);
                let grip_detail = grip.get(&row.id).filter(|_| row.origin == Origin::Grip);
                json!({
                    "origin": row.origin.as_str(),
                    "id": row.id,
                    "document_id": row.document_id,
                    "date": row.day.to_string(),
                    "source": side(&row.source_actor, &row.source, gdelt_detail.map(|detail| &detail.source_name)),
                    "target": side(&row.target_actor, &row.target, gdelt_detail.map(|detail| &detail.target_name)),
                    "code": row.code,
                    "code_name": CameoCode::parse(&row.code).map(|code| code.name()),
                    "root": row.code.get(..2),
                    "quad": row.quad,
                    "goldstein": row.goldstein,
                    "modality": row.modality,
                    "factual": row.factual,
                    "action_country": Some(&row.action_country).filter(|text| !text.is_empty()),
                    "url": Some(&row.url).filter(|text| !text.is_empty()),
                    "place": gdelt_detail.and_then(|detail| detail.place.clone()),
                    "rule": grip_detail.map(|detail| &detail.rule),
                    "evidence": grip_detail.map(|detail| &detail.evidence),
                    "sentence": grip_detail.map(|detail| &detail.sentence),
                    "document_title": grip_detail.and_then(|detail| detail.document_title.clone()),
                })
            })
            .collect();
        Ok(json!({"items": items, "offset": page.offset, "limit": page.limit, "next_offset": next_offset}))
    })
    .await
}

/// An interaction row copied out of the statement, with its parties.
struct OwnedEvent {
    origin: Origin,
    id: i64,
    document_id: Option<i64>,
    day: Date,
    source_actor: String,
    target_actor: String,
    source: Option<String>,
    target: Option<String>,
    code: String,
    quad: u8,
    goldstein: f64,
    modality: String,
    factual: bool,
    action_country: String,
    url: String,
}

impl OwnedEvent {
    fn new(row: &grip_store::InteractionRow<'_>, parts: Option<&measure::Parts<'_>>) -> OwnedEvent {
        OwnedEvent {
            origin: row.origin,
            id: row.event_id,
            document_id: row.document_id,
            day: row.day,
            source_actor: row.source_actor.to_owned(),
            target_actor: row.target_actor.to_owned(),
            source: parts.map(|parts| parts.source.to_string()),
            target: parts.map(|parts| parts.target.to_string()),
            code: row.code.to_owned(),
            quad: parts.map_or(row.quad_class, |parts| parts.quad.number()),
            goldstein: row.goldstein,
            modality: row.modality.to_owned(),
            factual: parts.is_some_and(|parts| parts.factual),
            action_country: row.action_country.to_owned(),
            url: row.url.to_owned(),
        }
    }
}

fn spike_config(params: &Params) -> Result<SpikeConfig, ApiError> {
    Ok(SpikeConfig {
        baseline_periods: usize::try_from(params.integer("baseline", 1, 104, 8)?).unwrap_or(8),
        k: params.number("k", 0.0, 10.0, 2.0)?,
        min_baseline: 4,
        min_sd: 0.05,
    })
}

fn dimensions(values: [Option<f64>; 3]) -> serde_json::Value {
    json!({"security": values[0], "economic": values[1], "political": values[2]})
}

/// `GET /v1/graph`: parties as nodes, directed pairs as edges, over a window.
pub(crate) async fn graph(State(state): State<Arc<AppState>>, RawQuery(query): RawQuery) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), &["since", "until", "origin", "min_events", "limit", "party"])?;
    let (since, until) = window(&params)?;
    let origin = origin_param(&params)?;
    let min_events = params.integer("min_events", 1, 1_000_000, 1)?.unsigned_abs();
    let limit = usize::try_from(params.integer("limit", 1, 2000, 150)?).unwrap_or(150);
    let party = params.code("party")?;
    let key = format!("graph?{}", query.as_deref().unwrap_or(""));
    cached(&state, key, move |store, state| {
        let config = InfluenceConfig {
            period: Period::Month,
            weight: Weight::Goldstein,
            target: None,
            spike: SpikeConfig { baseline_periods: 8, k: 2.0, min_baseline: 4, min_sd: 0.05 },
        };
        let report =
            measure::aggregate(store, &InteractionFilter { since, until, origin }, config).map_err(store_error)?;
        // Sum the monthly pair tables over the window.
        let mut edges: BTreeMap<(String, String), ([u64; 4], [f64; 4])> = BTreeMap::new();
        for row in &report.pairs {
            let edge = edges.entry((row.source.clone(), row.target.clone())).or_default();
            for idx in 0..4 {
                edge.0[idx] += row.counts[idx];
                edge.1[idx] += row.goldstein[idx];
            }
        }
        let mut edges: Vec<(ActorPair, EdgeTotals)> = edges
            .into_iter()
            .filter(|((source, target), (counts, _))| {
                counts.iter().sum::<u64>() >= min_events
                    && party.as_deref().is_none_or(|party| source == party || target == party)
            })
            .collect();
        let n_edges = edges.len();
        edges.sort_by(|a, b| b.1 .0.iter().sum::<u64>().cmp(&a.1 .0.iter().sum::<u64>()).then_with(|| a.0.cmp(&b.0)));
        edges.truncate(limit);
        let mut nodes: BTreeMap<String, (u64, f64)> = BTreeMap::new();
        for ((source, target), (counts, goldstein)) in &edges {
            for party in [source, target] {
                let node = nodes.entry(party.clone()).or_default();
                node.0 += counts.iter().sum::<u64>();
                node.1 += goldstein.iter().sum::<f64>();
            }
        }
        let kb = &state.engine.kb;
        let nodes: Vec<serde_json::Value> = nodes
            .into_iter()
            .map(|(party, (n_events, goldstein))| {
                let entity = state.catalog.party_entity(kb, &party);
                json!({
                    "id": party,
                    "name": state.catalog.party_name(kb, &party),
                    "kind": entity.map(|entity| entity.kind.as_str()),
                    "n_events": n_events,
                    "goldstein": goldstein,
                })
            })
            .collect();
        let edges: Vec<serde_json::Value> = edges
            .into_iter()
            .map(|((source, target), (counts, goldstein))| {
                json!({
                    "source": source,
                    "target": target,
                    "n_events": counts.iter().sum::<u64>(),
                    "counts_by_quad": counts,
                    "goldstein": goldstein.iter().sum::<f64>(),
                    "goldstein_by_quad": goldstein,
                    "balance": balance(&counts),
                })
            })
            .collect();
        Ok(json!({
            "since": since.map(|date| date.to_string()),
            "until": until.map(|date| date.to_string()),
            "n_rows": report.n_rows,
            "n_used": report.n_used,
            "n_edges": n_edges,
            "nodes": nodes,
            "edges": edges,
        }))
    })
    .await
}

/// (cooperation − conflict) / (cooperation + conflict) over quad-class counts, as in the pair
/// tables.
fn balance(counts: &[u64; 4]) -> f64 {
    let cooperation = (counts[0] + counts[1]) as f64;
    let conflict = (counts[2] + counts[3]) as f64;
    if cooperation + conflict == 0.0 {
        0.0
    } else {
        (cooperation - conflict) / (cooperation + conflict)
    }
}

/// `GET /v1/influence`.
pub(crate) async fn influence(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(
        query.as_deref(),
        &["target", "patron", "since", "until", "interval", "origin", "weight", "k", "baseline", "top"],
    )?;
    let target = params.code("target")?;
    let patron = params.code("patron")?;
    let (since, until) = window(&params)?;
    let origin = origin_param(&params)?;
    let interval = params.choice("interval", &["day", "week", "month"], "week")?;
    let period = match interval {
        "day" => Period::Day,
        "month" => Period::Month,
        _ => Period::Week,
    };
    let weight = match params.choice("weight", &["goldstein", "count"], "goldstein")? {
        "count" => Weight::Count,
        _ => Weight::Goldstein,
    };
    let spike = spike_config(&params)?;
    let top = usize::try_from(params.integer("top", 1, 500, 15)?).unwrap_or(15);
    let key = format!("influence?{}", query.as_deref().unwrap_or(""));
    cached(&state, key, move |store, state| {
        let config = InfluenceConfig { period, weight, target: target.clone(), spike };
        let report =
            measure::aggregate(store, &InteractionFilter { since, until, origin }, config).map_err(store_error)?;
        let kb = &state.engine.kb;
        let mut per_target: HashMap<&str, usize> = HashMap::new();
        let patrons: Vec<&grip_influence::PatronRow> = report
            .patrons
            .iter()
            .filter(|row| match &patron {
                Some(patron) => row.patron == *patron,
                None => {
                    let seen = per_target.entry(row.target.as_str()).or_default();
                    *seen += 1;
                    *seen <= top
                }
            })
            .collect();
        let shown: BTreeSet<(&str, &str)> =
            patrons.iter().map(|row| (row.target.as_str(), row.patron.as_str())).collect();
        let detailed = target.is_some() || patron.is_some();
        let series: Vec<serde_json::Value> = report
            .series
            .iter()
            .filter(|row| detailed && shown.contains(&(row.target.as_str(), row.patron.as_str())))
            .map(|row| {
                json!({
                    "target": row.target,
                    "patron": row.patron,
                    "period": row.period.to_string(),
                    "n_events": row.n_events,
                    "grip": row.grip,
                    "grip_by_dimension": dimensions(row.grip_by_dimension),
                    "signed": row.signed,
                    "spike": row.spike.is_some_and(|check| check.spike),
                    "threshold": row.spike.map(|check| check.threshold),
                    "spike_by_dimension": {
                        "security": row.spike_by_dimension[0].is_some_and(|check| check.spike),
                        "economic": row.spike_by_dimension[1].is_some_and(|check| check.spike),
                        "political": row.spike_by_dimension[2].is_some_and(|check| check.spike),
                    },
                })
            })
            .collect();
        let pairs: Vec<serde_json::Value> = report
            .pairs
            .iter()
            .filter(|row| {
                detailed
                    && target.as_deref().is_none_or(|target| row.source == target || row.target == target)
                    && patron.as_deref().is_none_or(|patron| row.source == patron || row.target == patron)
            })
            .map(|row| {
                json!({
                    "source": row.source,
                    "target": row.target,
                    "period": row.period.to_string(),
                    "n_events": row.n_events(),
                    "counts_by_quad": row.counts,
                    "goldstein_by_quad": row.goldstein,
                    "goldstein": row.goldstein_total(),
                    "balance": row.balance,
                })
            })
            .collect();
        let targets: Vec<serde_json::Value> = report
            .targets
            .iter()
            .filter(|row| patron.is_none() || shown.iter().any(|(target, _)| *target == row.target))
            .map(|row| {
                json!({
                    "target": row.target,
                    "name": state.catalog.party_name(kb, &row.target),
                    "n_events": row.n_events,
                    "weight": row.weight,
                    "concentration": row.concentration,
                })
            })
            .collect();
        let patrons: Vec<serde_json::Value> = patrons
            .iter()
            .map(|row| {
                json!({
                    "target": row.target,
                    "target_name": state.catalog.party_name(kb, &row.target),
                    "patron": row.patron,
                    "patron_name": state.catalog.party_name(kb, &row.patron),
                    "n_events": row.n_events,
                    "weight": row.weight,
                    "grip": row.grip,
                    "grip_by_dimension": dimensions(row.grip_by_dimension),
                    "signed": row.signed,
                    "counts_by_quad": row.counts,
                    "goldstein": row.goldstein,
                    "balance": row.balance,
                    "n_spikes": row.n_spikes,
                    "last_spike": row.last_spike.map(|date| date.to_string()),
                })
            })
            .collect();
        Ok(json!({
            "since": since.map(|date| date.to_string()),
            "until": until.map(|date| date.to_string()),
            "interval": interval,
            "weight": match weight { Weight::Count => "count", Weight::Goldstein => "goldstein" },
            "n_rows": report.n_rows,
            "n_used": report.n_used,
            "targets": targets,
            "patrons": patrons,
            "series": series,
            "pairs": pairs,
        }))
    })
    .await
}

/// `GET /v1/forecasts`.
pub(crate) async fn forecasts(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), &["horizon", "status", "limit", "offset"])?;
    let horizon = u32::try_from(params.integer("horizon", 1, 3650, 365)?).unwrap_or(365);
    let status = params
        .text("status")
        .map(|_| params.choice("status", &["confirmed", "not_yet", "contradicted", "untracked"], ""))
        .transpose()?;
    let page = params.page(100, 1000)?;
    let key = format!("forecasts?{}", query.as_deref().unwrap_or(""));
    cached(&state, key, move |store, state| {
        let report = measure::forecasts(store, horizon, crate::today()).map_err(store_error)?;
        let kb = &state.engine.kb;
        let status_of = |forecast: &measure::Forecast| {
            forecast.verdict.as_ref().map_or_else(|| "untracked".to_owned(), |verdict| verdict.status.as_str().replace(' ', "_"))
        };
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for forecast in &report.forecasts {
            *counts.entry(status_of(forecast)).or_default() += 1;
        }
        let selected: Vec<&measure::Forecast> =
            report.forecasts.iter().filter(|forecast| status.is_none_or(|status| status_of(forecast) == status)).collect();
        let total = selected.len() as u64;
        let items: Vec<serde_json::Value> = selected
            .into_iter()
            .skip(usize::try_from(page.offset).unwrap_or(usize::MAX))
            .take(usize::try_from(page.limit).unwrap_or(usize::MAX))
            .map(|forecast| {
                let claim = &forecast.claim;
                let event = claim.event.as_ref();
                json!({
                    "claim": claim.claim_id,
                    "document_id": claim.document_id,
                    "document_external_id": claim.document_external_id,
                    "document_title": claim.document_title,
                    "url": claim.url,
                    "date": claim.date,
                    "text": claim.text,
                    "certainty": claim.certainty,
                    "time": claim.time,
                    "holder": claim.holder,
                    "rule": claim.rule,
                    "forecast": event.map(|(event_id, source_actor, target_actor, code, modality)| json!({
                        "event_id": event_id,
                        "source_actor": source_actor,
                        "target_actor": target_actor,
                        "source": forecast.prediction.as_ref().map(|prediction| &prediction.source),
                        "source_name": forecast.prediction.as_ref().map(|prediction| state.catalog.party_name(kb, &prediction.source)),
                        "target": forecast.prediction.as_ref().map(|prediction| &prediction.target),
                        "target_name": forecast.prediction.as_ref().map(|prediction| state.catalog.party_name(kb, &prediction.target)),
                        "code": code,
                        "code_name": CameoCode::parse(code).map(|code| code.name()),
                        "negated": modality == "negated",
                        "modality": modality,
                    })),
                    "status": status_of(forecast),
                    "expired": forecast.verdict.as_ref().map(|verdict| verdict.expired),
                    "matching_events": forecast.verdict.as_ref().map_or(0, |verdict| verdict.n_matching),
                    "evidence": forecast.verdict.as_ref().and_then(|verdict| verdict.evidence.as_ref()).map(|(reference, day, code, url)| json!({
                        "event": reference, "date": day.to_string(), "code": code,
                        "code_name": CameoCode::parse(code).map(|code| code.name()),
                        "url": Some(url).filter(|url| !url.is_empty()),
                    })),
                })
            })
            .collect();
        let next_offset = (page.offset + page.limit < total).then_some(page.offset + page.limit);
        Ok(json!({
            "as_of": report.as_of.to_string(),
            "horizon_days": horizon,
            "n_predictions": report.forecasts.len(),
            "n_tracked": report.n_tracked,
            "counts": counts,
            "total": total,
            "items": items,
            "offset": page.offset,
            "limit": page.limit,
            "next_offset": next_offset,
        }))
    })
    .await
}
