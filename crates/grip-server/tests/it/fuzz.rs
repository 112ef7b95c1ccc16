//! A property test of request handling: random methods, paths, query strings, headers and
//! bodies never make the server answer 5xx (or panic: a panic would be a 500), and every
//! error has the table's JSON shape.

use axum::body::Body;
use axum::http::{header, Request};
use proptest::prelude::*;

use crate::{app, send, TOKEN};

const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"];

const PATHS: &[&str] = &[
    "/v1/analyze",
    "/v1/documents",
    "/v1/documents/1",
    "/v1/documents/{}",
    "/v1/actors",
    "/v1/events",
    "/v1/graph",
    "/v1/influence",
    "/v1/forecasts",
    "/v1/health",
    "/openapi.json",
    "/",
    "/index.html",
    "/assets/{}",
    "/v1/{}",
    "/{}/{}",
];

const NAMES: &[&str] = &[
    "q",
    "kind",
    "region",
    "date",
    "limit",
    "offset",
    "source",
    "target",
    "since",
    "until",
    "root",
    "origin",
    "document",
    "factual",
    "interval",
    "weight",
    "k",
    "baseline",
    "top",
    "patron",
    "party",
    "min_events",
    "horizon",
    "status",
    "id",
    "title",
    "url",
    "tokens",
    "x",
];

const CONTENT_TYPES: &[&str] = &[
    "text/plain",
    "text/plain; charset=utf-8",
    "application/json",
    "application/x-ndjson",
    "application/jsonl",
    "application/octet-stream",
    "multipart/form-data; boundary=x",
    "",
];

/// Text that tends to hit edge cases: separators, dots, encodings, numbers, Unicode.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("..".to_owned()),
        Just("%2e%2e".to_owned()),
        Just("%00".to_owned()),
        Just("%ZZ".to_owned()),
        Just("-1".to_owned()),
        Just("99999999999999999999".to_owned()),
        Just("2024-02-30".to_owned()),
        Just("2024-12-01".to_owned()),
        Just("RUS".to_owned()),
        Just("REGION:CAS".to_owned()),
        Just("week".to_owned()),
        Just("NaN".to_owned()),
        Just("1e308".to_owned()),
        Just("Қазақстан".to_owned()),
        "[a-zA-Z0-9:%._~-]{0,12}",
        "\\PC{0,8}",
    ]
}

fn path() -> impl Strategy<Value = String> {
    (proptest::sample::select(PATHS), piece(), piece()).prop_map(|(template, a, b)| {
        let encode = |text: &str| -> String {
            text.bytes()
                .map(|byte| {
                    if byte.is_ascii_alphanumeric() || b":%._~-".contains(&byte) {
                        char::from(byte).to_string()
                    } else {
                        format!("%{byte:02X}")
                    }
                })
                .collect()
        };
        template.replacen("{}", &encode(&a), 1).replacen("{}", &encode(&b), 1)
    })
}

fn query() -> impl Strategy<Value = String> {
    proptest::collection::vec((proptest::sample::select(NAMES), piece()), 0..4).prop_map(|pairs| {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs {
            serializer.append_pair(name, &value);
        }
        serializer.finish()
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        "\\PC{0,200}".prop_map(String::into_bytes),
        ("\\PC{0,80}", piece())
            .prop_map(|(text, id)| serde_json::json!({"id": id, "text": text}).to_string().into_bytes()),
        ("\\PC{0,80}", piece())
            .prop_map(|(text, date)| format!("{{\"text\":{text:?},\"date\":{date:?}}}\n[1,2]\n").into_bytes()),
        Just(b"[{\"text\":\"Russia helped Kazakhstan.\"},{\"text\":null}]".to_vec()),
        Just(b"{\"text\":\"Russia helped Kazakhstan.\",\"id\":{\"a\":1}}".to_vec()),
        Just(b"\xef\xbb\xbfRussia sent troops to Kazakhstan.".to_vec()),
        Just(b"\xff\xfeR\x00u\x00".to_vec()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_request_makes_the_server_fail(
        method in proptest::sample::select(METHODS),
        path in path(),
        query in query(),
        content_type in proptest::sample::select(CONTENT_TYPES),
        authorization in prop_oneof![Just(None), Just(Some(format!("Bearer {TOKEN}"))), "\\PC{0,20}".prop_map(Some)],
        body in body(),
    ) {
        let uri = if query.is_empty() { path.clone() } else { format!("{path}?{query}") };
        let mut request = Request::builder().method(method).uri(&uri);
        if !content_type.is_empty() {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        if let Some(authorization) = &authorization {
            if let Ok(value) = axum::http::HeaderValue::from_str(authorization) {
                request = request.header(header::AUTHORIZATION, value);
            }
        }
        // Requests the HTTP layer itself would refuse to build (a bad URI) cannot reach us.
        let Ok(request) = request.body(Body::from(body)) else {
            return Ok(());
        };
        let answer = runtime().block_on(send(app_once(), request));
        prop_assert!(answer.status.as_u16() < 500, "{method} {uri} -> {} {}", answer.status, String::from_utf8_lossy(&answer.body));
        if answer.status.is_client_error() && method != "HEAD" {
            let json: serde_json::Value = serde_json::from_slice(&answer.body)
                .map_err(|error| TestCaseError::fail(format!("{method} {uri}: error body is not JSON: {error}")))?;
            prop_assert!(json["code"].is_string() && json["message"].is_string(), "{method} {uri}: {json}");
        }
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime"))
}

fn app_once() -> &'static axum::Router {
    static APP: std::sync::OnceLock<axum::Router> = std::sync::OnceLock::new();
    APP.get_or_init(app)
}
