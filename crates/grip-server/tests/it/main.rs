//! Integration tests of the HTTP API: every endpoint through the router (`oneshot`) over a
//! temporary SQLite file, the security behaviour (tokens, limits, timeouts, paths, CORS), a
//! real socket for slow clients, and a property test that no request makes the server fail.

mod fuzz;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use grip_analysis::Engine;
use grip_model::Date;
use grip_server::{AppState, ServerConfig};
use grip_store::{GdeltActor, GdeltEvent, GdeltRecord, Store};
use http_body_util::BodyExt as _;
use serde_json::Value;
use tower::ServiceExt as _;

/// The engine, built once per test binary (the KB and the syntax model take a moment).
pub(crate) fn engine() -> Arc<Engine> {
    static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
    Arc::clone(ENGINE.get_or_init(|| {
        let kb = grip_kb::Kb::embedded().expect("the embedded KB compiles");
        Arc::new(Engine::with_kb(kb).expect("the embedded syntax model loads"))
    }))
}

/// A fresh database path in a directory of its own.
pub(crate) fn temp_db() -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "grip-server-it-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("can create a temporary directory");
    dir.join("grip.db")
}

pub(crate) const TOKEN: &str = "test-token";

fn day(text: &str) -> Date {
    Date::parse_from_str(text, "%Y-%m-%d").expect("test dates are valid")
}

/// A GDELT row between two country codes.
fn gdelt(
    id: i64,
    date: &str,
    source: &'static str,
    target: &'static str,
    code: &'static str,
    quad: u8,
    goldstein: f64,
) -> (i64, Date, &'static str, &'static str, &'static str, u8, f64) {
    (id, day(date), source, target, code, quad, goldstein)
}

/// Stores GDELT rows: Russia and China with Kazakhstan, weekly over the winter of 2024–25.
fn seed_gdelt(path: &std::path::Path) {
    let mut store = Store::open(path).expect("creates the database");
    let run = store.begin_run("ingest --gdelt", "test", "2025-01-01T00:00:00Z").expect("run");
    let mut rows = Vec::new();
    let mut id = 1000;
    for week in 0..12 {
        let date = (day("2024-10-07") + chrono::Days::new(7 * week)).to_string();
        let date: &'static str = Box::leak(date.into_boxed_str());
        rows.push(gdelt(id, date, "RUS", "KAZ", "042", 1, 1.9));
        rows.push(gdelt(id + 1, date, "KAZ", "RUS", "036", 1, 4.0));
        rows.push(gdelt(id + 2, date, "CHN", "KAZ", "061", 2, 6.4));
        id += 3;
    }
    // A burst of Russian military activity in the last week: a spike of the grip index.
    for n in 0..6 {
        rows.push(gdelt(id + n, "2024-12-23", "RUS", "KAZ", "074", 2, 8.5));
    }
    rows.push(gdelt(id + 10, "2024-12-20", "RUS", "UKR", "190", 4, -10.0));
    let records: Vec<GdeltRecord<'_>> = rows
        .iter()
        .map(|&(id, day, source, target, code, quad, goldstein)| {
            let actor = |code: &'static str| GdeltActor {
                code,
                name: match code {
                    "RUS" => "RUSSIA",
                    "KAZ" => "KAZAKHSTAN",
                    "CHN" => "CHINA",
                    _ => "UKRAINE",
                },
                country_code: code,
                known_group: "",
                type_codes: ["", "", ""],
            };
            let event = GdeltEvent {
                global_event_id: id,
                day,
                actor1: actor(source),
                actor2: actor(target),
                is_root_event: Some(1),
                event_code: code,
                quad_class: quad,
                goldstein: Some(goldstein),
                num_mentions: Some(2),
                num_sources: Some(1),
                num_articles: Some(2),
                avg_tone: Some(-1.0),
                action_geo_type: Some(1),
                action_geo_fullname: "Astana, Kazakhstan",
                action_geo_country: "KZ",
                action_geo_lat: Some(51.18),
                action_geo_long: Some(71.45),
                action_country_iso: "KAZ",
                date_added: Some(20250101000000),
                source_url: "https://example.org/gdelt",
                format: 2,
            };
            GdeltRecord { event, run }
        })
        .collect();
    let mut batch = store.batch().expect("batch");
    batch.insert_gdelt(&records).expect("inserts");
    batch.commit().expect("commits");
}

/// The router over a fresh database with GDELT rows, writable with [`TOKEN`].
pub(crate) fn app() -> Router {
    app_with(|_| {})
}

pub(crate) fn app_with(configure: impl FnOnce(&mut ServerConfig)) -> Router {
    let path = temp_db();
    seed_gdelt(&path);
    let mut config = ServerConfig::new(&path);
    config.token = Some(TOKEN.to_owned());
    configure(&mut config);
    let state = AppState::open(engine(), config).expect("opens the state");
    grip_server::router(Arc::new(state))
}

/// A response, read whole.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) headers: axum::http::HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The error code of an error response (and a check that it has the table's shape).
    #[track_caller]
    pub(crate) fn code(&self) -> String {
        let json = self.json();
        assert!(json["message"].is_string(), "{json}");
        assert!(matches!(json["type"].as_str(), Some("user" | "internal")), "{json}");
        json["code"].as_str().expect("an error has a code").to_owned()
    }
}

pub(crate) async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.expect("the router never fails");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.expect("the body can be read").to_bytes().to_vec();
    Answer { status, headers, body }
}

pub(crate) async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).expect("a valid request")).await
}

async fn post(app: &Router, uri: &str, content_type: &str, token: Option<&str>, body: impl Into<Body>) -> Answer {
    let mut request = Request::post(uri).header(header::CONTENT_TYPE, content_type);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    send(app, request.body(body.into()).expect("a valid request")).await
}

const ARTICLE: &str = "Kazakhstan asked Russia for help on Monday. Tokayev called the protesters terrorists. \
Russia will send troops to Kazakhstan, I am sure. China criticized the CSTO.";

async fn ingest(app: &Router, id: &str, date: &str, text: &str) -> Value {
    let body = serde_json::json!({"id": id, "date": date, "text": text}).to_string();
    let answer = post(app, "/v1/documents", "application/json", Some(TOKEN), body).await;
    assert!(answer.status.is_success(), "{}", String::from_utf8_lossy(&answer.body));
    answer.json()
}

// ---------------------------------------------------------------------------------------------
// endpoints

#[tokio::test]
async fn health_reports_versions_and_counts() {
    let app = app();
    let answer = get(&app, "/v1/health").await;
    assert_eq!(answer.status, StatusCode::OK);
    let json = answer.json();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["read_only"], false);
    assert_eq!(json["gdelt_events"], 43);
    assert_eq!(json["documents"], 0);
    assert!(json["kb_version"].as_str().is_some_and(|version| !version.is_empty()));
}

#[tokio::test]
async fn analyze_takes_text_json_and_jsonl_and_stores_nothing() {
    let app = app();
    let answer = post(&app, "/v1/analyze?date=2022-01-06", "text/plain", None, ARTICLE).await;
    assert_eq!(answer.status, StatusCode::OK);
    let json = answer.json();
    assert_eq!(json["contract"], 1);
    assert_eq!(json["date"], "2022-01-06");
    assert_eq!(json["date_source"], "given");
    let mentions: Vec<&str> =
        json["mentions"].as_array().expect("mentions").iter().map(|m| m["actor"].as_str().unwrap_or("")).collect();
    assert!(mentions.contains(&"KAZGOV") && mentions.contains(&"RUS"), "{mentions:?}");
    assert!(json["events"].as_array().is_some_and(|events| !events.is_empty()), "{json}");
    assert!(json.get("tokens").is_none());

    let answer =
        post(&app, "/v1/analyze?tokens=true", "application/json", None, r#"{"id":"a","text":"Putin met Xi."}"#).await;
    let json = answer.json();
    assert_eq!(json["id"], "a");
    assert!(json["tokens"].as_array().is_some_and(|sentences| !sentences.is_empty()));

    let array = r#"[{"id":1,"text":"Russia threatened Ukraine."},{"id":"b","date":"2024-05-01","text":"China praised Kazakhstan."}]"#;
    let json = post(&app, "/v1/analyze", "application/json", None, array).await.json();
    assert_eq!(json.as_array().map(Vec::len), Some(2));
    assert_eq!(json[0]["id"], "1");
    assert_eq!(json[1]["date"], "2024-05-01");

    let lines = "{\"id\":\"x\",\"text\":\"Russia threatened Ukraine.\"}\n\n{\"id\":\"y\",\"text\":\"Tokayev thanked Putin.\"}\n";
    let answer = post(&app, "/v1/analyze", "application/x-ndjson", None, lines).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers[header::CONTENT_TYPE], "application/x-ndjson");
    let text = String::from_utf8(answer.body).expect("UTF-8");
    let ids: Vec<String> =
        text.lines().map(|line| serde_json::from_str::<Value>(line).expect("JSON line")["id"].to_string()).collect();
    assert_eq!(ids, ["\"x\"", "\"y\""]);

    // Invalid UTF-8 is analyzed with a diagnostic, not refused.
    let json = post(&app, "/v1/analyze", "text/plain", None, &b"Russia \xff\xfe helped Kazakhstan."[..]).await.json();
    assert!(json["diagnostics"].as_array().expect("diagnostics").iter().any(|d| d["code"] == "invalid-utf8"), "{json}");

    assert_eq!(get(&app, "/v1/health").await.json()["documents"], 0, "analyze stores nothing");
}

#[tokio::test]
async fn analyze_refuses_bad_bodies_with_stable_codes() {
    let app = app_with(|config| config.max_body_bytes = 1000);
    let cases: &[(&str, &[u8], StatusCode, &str)] = &[
        ("application/json", b"{\"text\": ", StatusCode::BAD_REQUEST, "invalid_json"),
        ("application/json", b"", StatusCode::BAD_REQUEST, "invalid_json"),
        ("application/json", b"{\"title\": \"no text\"}", StatusCode::BAD_REQUEST, "invalid_document"),
        ("application/json", b"{\"text\": 42}", StatusCode::BAD_REQUEST, "invalid_document"),
        ("application/json", b"[1, 2]", StatusCode::BAD_REQUEST, "invalid_document"),
        ("application/json", b"{\"id\": [1], \"text\": \"x\"}", StatusCode::BAD_REQUEST, "invalid_document"),
        ("application/x-ndjson", b"{\"text\":\"ok\"}\nnot json\n", StatusCode::BAD_REQUEST, "invalid_json"),
        ("application/xml", b"<a/>", StatusCode::UNSUPPORTED_MEDIA_TYPE, "invalid_content_type"),
        ("application/x-www-form-urlencoded", b"text=x", StatusCode::UNSUPPORTED_MEDIA_TYPE, "invalid_content_type"),
    ];
    for (content_type, body, status, code) in cases {
        let answer = post(&app, "/v1/analyze", content_type, None, body.to_vec()).await;
        assert_eq!(
            (answer.status, answer.code().as_str()),
            (*status, *code),
            "{content_type} {:?}",
            String::from_utf8_lossy(body)
        );
    }
    let answer = post(&app, "/v1/analyze", "application/x-ndjson", None, "{\"text\":\"ok\"}\nnot json\n").await;
    assert!(answer.json()["message"].as_str().is_some_and(|message| message.starts_with("line 2:")), "names the line");
    // Oversized, with and without a Content-Length.
    let big = "Russia helped Kazakhstan. ".repeat(100);
    let answer = post(&app, "/v1/analyze", "text/plain", None, big.clone()).await;
    assert_eq!((answer.status, answer.code().as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"));
    let streamed = Body::new(Chunks((0..10).map(|_| bytes::Bytes::from(big[..500].to_owned())).collect()));
    let answer = post(&app, "/v1/analyze", "text/plain", None, streamed).await;
    assert_eq!((answer.status, answer.code().as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"));
    // Parameters are checked.
    let answer = post(&app, "/v1/analyze?date=yesterday", "text/plain", None, "x").await;
    assert_eq!((answer.status, answer.code().as_str()), (StatusCode::BAD_REQUEST, "invalid_parameter"));
}

/// A body sent in chunks, without a length.
struct Chunks(std::collections::VecDeque<bytes::Bytes>);

impl axum::body::HttpBody for Chunks {
    type Data = bytes::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<bytes::Bytes>, std::io::Error>>> {
        std::task::Poll::Ready(self.0.pop_front().map(|chunk| Ok(hyper::body::Frame::data(chunk))))
    }
}

#[tokio::test]
async fn writes_need_the_token_and_a_server_without_one_is_read_only() {
    let app = app();
    let body = r#"{"text":"Russia helped Kazakhstan."}"#;
    let answer = post(&app, "/v1/documents", "application/json", None, body).await;
    assert_eq!((answer.status, answer.code().as_str()), (StatusCode::UNAUTHORIZED, "missing_token"));
    assert_eq!(answer.headers[header::WWW_AUTHENTICATE], "Bearer");
    let answer = post(&app, "/v1/documents", "application/json", Some("wrong"), body).await;
    assert_eq!((answer.status, answer.code().as_str()), (StatusCode::FORBIDDEN, "invalid_token"));
    let answer = post(&app, "/v1/documents", "application/json", Some(&format!("{TOKEN}x")), body).await;
    assert_eq!(answer.code(), "invalid_token");
    let request = Request::post("/v1/documents")
        .header(header::AUTHORIZATION, format!("Basic {TOKEN}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("a valid request");
    assert_eq!(send(&app, request).await.code(), "missing_token");
    assert_eq!(get(&app, "/v1/health").await.json()["documents"], 0, "nothing was stored");

    let read_only = app_with(|config| config.token = None);
    let answer = post(&read_only, "/v1/documents", "application/json", Some(TOKEN), body).await;
    assert_eq!((answer.status, answer.code().as_str()), (StatusCode::FORBIDDEN, "read_only"));
    assert_eq!(get(&read_only, "/v1/health").await.json()["read_only"], true);
    // Reads and analysis work without a token.
    assert_eq!(
        post(&read_only, "/v1/analyze", "text/plain", None, "Russia helped Kazakhstan.").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn documents_are_stored_once_listed_and_shown_with_annotations() {
    let app = app();
    let json = ingest(&app, "kz-2022", "2022-01-06", ARTICLE).await;
    assert_eq!(json["n_new"], 1);
    let stored = &json["documents"][0];
    assert_eq!(stored["status"], "new");
    let id = stored["id"].as_i64().expect("an id");
    assert!(stored["n_events"].as_u64().is_some_and(|n| n > 0), "{json}");

    // The same text again (another id) is a duplicate: 200, not 201.
    let body = serde_json::json!({"id": "again", "text": ARTICLE}).to_string();
    let answer = post(&app, "/v1/documents", "application/json", Some(TOKEN), body).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["documents"][0]["status"], "duplicate");
    assert_eq!(answer.json()["documents"][0]["id"], id);

    // Plain text with its metadata in the query; JSON Lines with several.
    let answer = post(
        &app,
        "/v1/documents?id=note&date=2024-12-02&title=A%20note",
        "text/plain",
        Some(TOKEN),
        "Tokayev met Xi Jinping in Astana.",
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let lines = "{\"id\":\"l1\",\"text\":\"Russia threatened Ukraine.\"}\n{\"id\":\"l2\",\"text\":\"China praised Kazakhstan.\"}\n";
    let answer = post(&app, "/v1/documents", "application/x-ndjson", Some(TOKEN), lines).await;
    assert_eq!(answer.json()["n_new"], 2);
    let answer = post(&app, "/v1/documents", "application/json", Some(TOKEN), r#"{"text":"   "}"#).await;
    assert_eq!((answer.status, answer.code().as_str()), (StatusCode::BAD_REQUEST, "invalid_document"));

    let list = get(&app, "/v1/documents?limit=2").await.json();
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(list["next_offset"], 2);
    let rest = get(&app, "/v1/documents?limit=2&offset=2").await.json();
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(rest["next_offset"], Value::Null);
    let note = list["items"]
        .as_array()
        .into_iter()
        .chain(rest["items"].as_array())
        .flatten()
        .find(|item| item["external_id"] == "note")
        .expect("the note is listed");
    assert_eq!(note["title"], "A note");

    let detail = get(&app, &format!("/v1/documents/{id}")).await;
    assert_eq!(detail.status, StatusCode::OK);
    let detail = detail.json();
    assert_eq!(detail["text"], ARTICLE);
    assert_eq!(detail["date"], "2022-01-06");
    let text = ARTICLE.as_bytes();
    for mention in detail["mentions"].as_array().expect("mentions") {
        let (start, end) =
            (mention["start"].as_u64().unwrap_or(0) as usize, mention["end"].as_u64().unwrap_or(0) as usize);
        assert_eq!(
            mention["text"].as_str().map(str::as_bytes),
            text.get(start..end),
            "offsets are bytes into the text"
        );
    }
    let events = detail["events"].as_array().expect("events");
    assert!(
        events.iter().any(|event| event["source"]["actor"] == "RUS"
            && event["target"]["actor"].as_str().is_some_and(|actor| actor.starts_with("KAZ"))),
        "{events:?}"
    );
    assert!(events.iter().all(|event| event["rule"].as_str().is_some_and(|rule| !rule.is_empty())));
    let claims = detail["claims"].as_array().expect("claims");
    assert!(claims.iter().any(|claim| claim["type"] == "prediction" && claim["certainty"] == "certain"), "{claims:?}");
    assert!(detail["sentences"].as_array().is_some_and(|sentences| sentences.len() == 4));

    let answer = get(&app, "/v1/documents/999999").await;
    assert_eq!((answer.status, answer.code().as_str()), (StatusCode::NOT_FOUND, "document_not_found"));
    for bad in ["abc", "-1", "0", "1.5", "99999999999999999999999"] {
        let answer = get(&app, &format!("/v1/documents/{bad}")).await;
        assert_eq!((answer.status, answer.code().as_str()), (StatusCode::BAD_REQUEST, "invalid_parameter"), "{bad}");
    }
}

#[tokio::test]
async fn actors_are_found_by_name_code_misspelling_and_script() {
    let app = app();
    let first = |json: &Value| json["items"][0]["id"].as_str().unwrap_or("").to_owned();
    let json = get(&app, "/v1/actors?q=Kazakhstsn").await.json();
    assert_eq!(first(&json), "country/KAZ");
    assert_eq!(json["items"][0]["match"]["how"], "fuzzy");
    assert_eq!(json["items"][0]["numeric"], "398");
    for (query, expected) in [
        ("Rusdia", "country/RUS"),
        ("Kyrgysztan", "country/KGZ"),
        ("%D0%A2%D0%BE%D0%BA%D0%B0%D0%B5%D0%B2", "person/kassym-jomart-tokayev"),
        ("CSTO", "org/CSTO"),
        ("KAZ", "country/KAZ"),
        ("country/UZB", "country/UZB"),
        ("Kazakh", "country/KAZ"),
    ] {
        let json = get(&app, &format!("/v1/actors?q={query}")).await.json();
        assert_eq!(first(&json), expected, "{query}: {json}");
    }
    let json = get(&app, "/v1/actors?q=tokayev&date=2022-01-06").await.json();
    assert_eq!(json["items"][0]["actor"], "KAZGOV");
    assert!(json["items"][0]["role"]["title"].is_string());
    let json = get(&app, "/v1/actors?kind=country&region=post-soviet&limit=100").await.json();
    assert_eq!(json["total"], 15, "{json}");
    let json = get(&app, "/v1/actors?kind=country&limit=5").await.json();
    assert_eq!(json["items"].as_array().map(Vec::len), Some(5));
    assert_eq!(json["next_offset"], 5);
    assert_eq!(get(&app, "/v1/actors?q=zzzzqqqq").await.json()["total"], 0);
    for bad in ["kind=planet", "limit=0", "limit=501", "q=a&q=b", "x=1"] {
        let answer = get(&app, &format!("/v1/actors?{bad}")).await;
        assert_eq!((answer.status, answer.code().as_str()), (StatusCode::BAD_REQUEST, "invalid_parameter"), "{bad}");
    }
}

#[tokio::test]
async fn events_filter_by_party_root_and_window_and_page() {
    let app = app();
    ingest(&app, "kz-2022", "2022-01-06", ARTICLE).await;
    let json = get(&app, "/v1/events?source=RUS&target=KAZ&limit=100").await.json();
    let items = json["items"].as_array().expect("items");
    assert!(items.iter().all(|item| item["source"]["party"] == "RUS" && item["target"]["party"] == "KAZ"));
    // 12 weekly visits and 6 deployments from GDELT, and grip's own events from the article.
    let gdelt = items.iter().filter(|item| item["origin"] == "gdelt").count();
    assert_eq!(gdelt, 18);
    let grip: Vec<&Value> = items.iter().filter(|item| item["origin"] == "grip").collect();
    assert!(!grip.is_empty());
    assert!(grip
        .iter()
        .all(|item| item["rule"].is_string() && item["evidence"].is_string() && item["document_id"].is_number()));
    assert_eq!(items[0]["date"], "2024-12-23", "newest first");
    assert_eq!(items[0]["source"]["gdelt_name"], "RUSSIA");
    assert_eq!(items[0]["source"]["name"], "Russia");

    let json = get(&app, "/v1/events?source=RUS&target=KAZ&root=07&origin=gdelt").await.json();
    assert_eq!(json["items"].as_array().map(Vec::len), Some(6));
    assert!(json["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|item| item["code"] == "074" && item["code_name"].is_string()));
    let json = get(&app, "/v1/events?since=2024-12-20&until=2024-12-20").await.json();
    assert_eq!(json["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["items"][0]["target"]["party"], "UKR");
    let json = get(&app, "/v1/events?target=KAZ&origin=gdelt&limit=10").await.json();
    assert_eq!(json["next_offset"], 10);
    let page2 = get(&app, "/v1/events?target=KAZ&origin=gdelt&limit=10&offset=10").await.json();
    let first_ids: Vec<&Value> = json["items"].as_array().expect("items").iter().map(|item| &item["id"]).collect();
    assert!(page2["items"].as_array().expect("items").iter().all(|item| !first_ids.contains(&&item["id"])));
    let json = get(&app, "/v1/events?origin=grip&factual=false").await.json();
    assert!(json["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|item| item["factual"] == false && item["origin"] == "grip"));
    for bad in [
        "root=21",
        "root=abc",
        "root=007",
        "since=2025-01-01&until=2024-01-01",
        "source=R%20US",
        "origin=all2",
        "limit=1001",
        "offset=-1",
        "document=x",
    ] {
        let answer = get(&app, &format!("/v1/events?{bad}")).await;
        assert_eq!((answer.status, answer.code().as_str()), (StatusCode::BAD_REQUEST, "invalid_parameter"), "{bad}");
    }
}

#[tokio::test]
async fn the_graph_has_parties_and_weighted_edges() {
    let app = app();
    let json = get(&app, "/v1/graph?origin=gdelt").await.json();
    let edges = json["edges"].as_array().expect("edges");
    let edge = |source: &str, target: &str| {
        edges.iter().find(|edge| edge["source"] == source && edge["target"] == target).cloned()
    };
    let rus_kaz = edge("RUS", "KAZ").expect("RUS -> KAZ");
    assert_eq!(rus_kaz["n_events"], 18);
    assert_eq!(rus_kaz["counts_by_quad"], serde_json::json!([12, 6, 0, 0]));
    assert_eq!(rus_kaz["balance"], 1.0);
    assert_eq!(edge("RUS", "UKR").expect("RUS -> UKR")["balance"], -1.0);
    let names: Vec<&str> =
        json["nodes"].as_array().expect("nodes").iter().filter_map(|node| node["name"].as_str()).collect();
    assert_eq!(names, ["China", "Kazakhstan", "Russia", "Ukraine"]);
    let json = get(&app, "/v1/graph?party=UKR").await.json();
    assert_eq!(json["edges"].as_array().map(Vec::len), Some(1));
    let json = get(&app, "/v1/graph?min_events=13&limit=1").await.json();
    assert_eq!(json["edges"][0]["source"], "RUS");
    assert_eq!(json["n_edges"], 1);
}

#[tokio::test]
async fn influence_ranks_patrons_and_flags_spikes() {
    let app = app();
    let json = get(&app, "/v1/influence?target=KAZ&origin=gdelt").await.json();
    let patrons = json["patrons"].as_array().expect("patrons");
    assert_eq!(patrons[0]["patron"], "RUS", "{json}");
    assert_eq!(patrons[0]["patron_name"], "Russia");
    let total: f64 = patrons.iter().filter_map(|row| row["grip"].as_f64()).sum();
    assert!((total - 1.0).abs() < 1e-9, "shares sum to 1: {total}");
    let spikes: Vec<&Value> =
        json["series"].as_array().expect("series").iter().filter(|row| row["spike"] == true).collect();
    assert!(spikes.iter().any(|row| row["patron"] == "RUS" && row["period"] == "2024-12-23"), "{spikes:?}");
    assert!(json["pairs"].as_array().is_some_and(|pairs| !pairs.is_empty()));

    // A patron across every target, for the map.
    let json = get(&app, "/v1/influence?patron=RUS&origin=gdelt&interval=month").await.json();
    let targets: Vec<&str> =
        json["patrons"].as_array().expect("patrons").iter().filter_map(|row| row["target"].as_str()).collect();
    assert_eq!(targets, ["KAZ", "UKR"]);
    assert_eq!(json["interval"], "month");
    // Without a target or patron: targets with their top patrons, no series.
    let json = get(&app, "/v1/influence?top=1").await.json();
    assert!(json["series"].as_array().is_some_and(Vec::is_empty));
    for bad in ["interval=year", "weight=x", "k=-1", "baseline=0", "top=0", "target=%3Cscript%3E"] {
        let answer = get(&app, &format!("/v1/influence?{bad}")).await;
        assert_eq!((answer.status, answer.code().as_str()), (StatusCode::BAD_REQUEST, "invalid_parameter"), "{bad}");
    }
}

#[tokio::test]
async fn forecasts_are_checked_against_later_events() {
    let app = app();
    ingest(
        &app,
        "forecast",
        "2024-12-01",
        "Russia will send troops to Kazakhstan. China will sign an agreement with Uzbekistan.",
    )
    .await;
    let json = get(&app, "/v1/forecasts").await.json();
    let items = json["items"].as_array().expect("items");
    let troops = items.iter().find(|item| item["forecast"]["code"] == "074").expect("the troops forecast");
    assert_eq!(troops["status"], "confirmed", "{troops}");
    assert_eq!(troops["holder"], "author");
    assert_eq!(troops["certainty"], "certain");
    assert_eq!(troops["evidence"]["date"], "2024-12-23");
    assert_eq!(troops["forecast"]["source_name"], "Russia");
    let treaty = items.iter().find(|item| item["forecast"]["target"] == "UZB").expect("the agreement forecast");
    assert_eq!(treaty["status"], "not_yet");
    let json = get(&app, "/v1/forecasts?status=confirmed").await.json();
    assert_eq!(json["total"], 1);
    let answer = get(&app, "/v1/forecasts?horizon=0").await;
    assert_eq!(answer.code(), "invalid_parameter");
}

#[tokio::test]
async fn reads_are_cached_until_the_database_changes() {
    let app = app();
    assert_eq!(get(&app, "/v1/health").await.headers["x-grip-cache"], "miss");
    let again = get(&app, "/v1/health").await;
    assert_eq!(again.headers["x-grip-cache"], "hit");
    assert_eq!(again.json()["documents"], 0);
    ingest(&app, "new", "2024-12-01", "Russia helped Kazakhstan.").await;
    let after = get(&app, "/v1/health").await;
    assert_eq!(after.headers["x-grip-cache"], "miss");
    assert_eq!(after.json()["documents"], 1);
    let uncached = app_with(|config| config.cache_entries = 0);
    get(&uncached, "/v1/health").await;
    assert_eq!(get(&uncached, "/v1/health").await.headers["x-grip-cache"], "miss");
}

// ---------------------------------------------------------------------------------------------
// the HTTP edge

#[tokio::test]
async fn unknown_routes_methods_and_paths_get_table_errors() {
    let app = app();
    for uri in ["/v1/nope", "/v1", "/v1/documents/1/x", "/nope.html", "/assets/missing.js"] {
        let answer = get(&app, uri).await;
        assert_eq!((answer.status, answer.code().as_str()), (StatusCode::NOT_FOUND, "not_found"), "{uri}");
    }
    let request = Request::delete("/v1/health").body(Body::empty()).expect("a valid request");
    let answer = send(&app, request).await;
    assert_eq!((answer.status, answer.code().as_str()), (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"));
    assert_eq!(answer.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let answer = send(&app, Request::put("/").body(Body::empty()).expect("a valid request")).await;
    assert_eq!(answer.code(), "method_not_allowed");
    let answer = get(&app, "/v1/analyze").await;
    assert_eq!(answer.code(), "method_not_allowed");
}

#[tokio::test]
async fn no_path_reaches_outside_the_embedded_files() {
    let app = app();
    for uri in [
        "/../Cargo.toml",
        "/..%2fCargo.toml",
        "/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/../../src/lib.rs",
        "/assets/..%2f..%2fsrc%2flib.rs",
        "/..\\..\\Cargo.toml",
        "/etc/passwd",
        "//etc/passwd",
        "/index.html%00.js",
        "/./index.html",
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(answer.code(), "not_found", "{uri}");
    }
    let index = get(&app, "/").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.headers[header::CONTENT_TYPE].to_str().is_ok_and(|value| value.starts_with("text/html")));
    assert!(index.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .is_ok_and(|value| value.contains("default-src 'self'")));
    let etag = index.headers[header::ETAG].clone();
    let request = Request::get("/").header(header::IF_NONE_MATCH, etag).body(Body::empty()).expect("a valid request");
    assert_eq!(send(&app, request).await.status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_error_code() {
    let app = app();
    let answer = get(&app, "/openapi.json").await;
    assert_eq!(answer.status, StatusCode::OK);
    let spec = answer.json();
    assert!(spec["openapi"].as_str().is_some_and(|version| version.starts_with("3.")));
    let paths = spec["paths"].as_object().expect("paths");
    let mut documented: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .filter(|(method, _)| ["get", "post", "put", "delete", "patch"].contains(&method.as_str()))
                .map(move |(method, _)| (method.clone(), path.clone()))
        })
        .filter(|(_, path)| path.starts_with("/v1/"))
        .collect();
    documented.sort();
    let mut routes: Vec<(String, String)> =
        grip_server::ROUTES.iter().map(|(method, path)| ((*method).to_owned(), (*path).to_owned())).collect();
    routes.sort();
    assert_eq!(documented, routes);
    let codes: Vec<&str> = spec["components"]["schemas"]["Error"]["properties"]["code"]["enum"]
        .as_array()
        .expect("the code enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let table: Vec<&str> = grip_server::ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
    assert_eq!(codes, table);
    // Every operation documents its parameters by the names the handlers accept.
    for (path, item) in paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            assert!(operation["summary"].is_string(), "{method} {path} has a summary");
            assert!(operation["responses"].is_object(), "{method} {path} has responses");
        }
    }
}

#[tokio::test]
async fn cors_is_off_unless_origins_are_configured() {
    let app = app();
    let request = Request::get("/v1/health")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .expect("a valid request");
    let answer = send(&app, request).await;
    assert!(answer.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    let app = app_with(|config| config.cors_origins = vec!["https://analyst.example".to_owned()]);
    let request = Request::get("/v1/health")
        .header(header::ORIGIN, "https://analyst.example")
        .body(Body::empty())
        .expect("a valid request");
    assert_eq!(send(&app, request).await.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://analyst.example");
    let request = Request::get("/v1/health")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .expect("a valid request");
    assert!(send(&app, request).await.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

/// A body that sends a few bytes, then nothing, forever: a slow client.
struct Stalled(bool);

impl axum::body::HttpBody for Stalled {
    type Data = bytes::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<bytes::Bytes>, std::io::Error>>> {
        if self.0 {
            return std::task::Poll::Pending;
        }
        self.0 = true;
        std::task::Poll::Ready(Some(Ok(hyper::body::Frame::data(bytes::Bytes::from_static(b"Russia ")))))
    }
}

#[tokio::test]
async fn slow_bodies_and_slow_requests_time_out() {
    let app = app_with(|config| config.body_timeout = Duration::from_millis(200));
    let started = std::time::Instant::now();
    let request = Request::post("/v1/analyze")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::new(Stalled(false)))
        .expect("a valid request");
    let answer = send(&app, request).await;
    assert_eq!((answer.status, answer.code().as_str()), (StatusCode::REQUEST_TIMEOUT, "request_timeout"));
    assert!(started.elapsed() < Duration::from_secs(5));

    let app = app_with(|config| config.request_timeout = Duration::from_millis(200));
    let request = Request::post("/v1/analyze")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::new(Stalled(false)))
        .expect("a valid request");
    let answer = send(&app, request).await;
    assert_eq!((answer.status, answer.code().as_str()), (StatusCode::SERVICE_UNAVAILABLE, "timeout"));
}

#[tokio::test]
async fn a_client_that_stalls_in_its_headers_is_disconnected() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let app = app();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let address = listener.local_addr().expect("an address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(grip_server::serve(listener, app, Duration::from_millis(300), async {
        let _ = stopped.await;
    }));
    // A normal request works over the socket.
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("connects");
    stream.write_all(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.expect("writes");
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await.expect("reads");
    assert!(reply.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&reply));
    // Half a request line, then silence: the server hangs up.
    let started = std::time::Instant::now();
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("connects");
    stream.write_all(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n").await.expect("writes");
    let mut reply = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut reply)).await;
    assert!(read.is_ok(), "the server closed the connection");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert!(!reply.starts_with(b"HTTP/1.1 200"));
    // Garbage gets a 400 with a table body, or the connection is closed.
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("connects");
    stream.write_all(b"\x00\x01 NOT HTTP\r\n\r\n").await.expect("writes");
    let mut reply = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut reply)).await;
    assert!(reply.is_empty() || reply.starts_with(b"HTTP/1.1 400"), "{}", String::from_utf8_lossy(&reply));
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(15), server).await.expect("stops").expect("joins").expect("serves");
}
