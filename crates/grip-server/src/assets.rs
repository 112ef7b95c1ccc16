//! The dashboard (built by `npm run build` in `dashboard/`, committed in `dashboard/dist/`)
//! and the OpenAPI document, both embedded in the binary: the server reads no files to serve
//! them, so no path can reach outside them.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ErrorCode};

#[derive(rust_embed::Embed)]
#[folder = "dashboard/dist"]
struct Dashboard;

/// The OpenAPI 3.1 document of the API.
pub const OPENAPI: &str = include_str!("openapi.json");

/// The content security policy of the dashboard: everything from this origin, nothing else.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
                   connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// `GET /openapi.json`.
pub(crate) async fn openapi() -> Response {
    let mut response = (StatusCode::OK, OPENAPI).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// Any other GET: a file of the dashboard (`/` is `index.html`), or `not_found`.
pub(crate) async fn asset(uri: Uri, headers: HeaderMap) -> Result<Response, ApiError> {
    let path = uri.path();
    let name = if path == "/" { "index.html" } else { path.trim_start_matches('/') };
    // Embedded names are plain relative paths; anything else cannot name one.
    let plain = !name.is_empty()
        && name.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && !name.contains(['\\', '%', '\0']);
    let file = plain.then(|| Dashboard::get(name)).flatten();
    let Some(file) = file else {
        return Err(ApiError::new(ErrorCode::NotFound, "no such page; the dashboard is at / and the API under /v1"));
    };
    let etag = format!(
        "\"{}\"",
        file.metadata.sha256_hash().iter().take(16).map(|byte| format!("{byte:02x}")).collect::<String>()
    );
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (StatusCode::OK, file.data.into_owned()).into_response()
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(file.metadata.mimetype()) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    Ok(response)
}
