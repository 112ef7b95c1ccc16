//! The bearer token that write endpoints require. A server started without a token accepts
//! no writes at all (`read_only`), so that a dashboard left open on a network cannot be used
//! to fill the store.

use axum::http::{header, HeaderMap};

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// Checks `Authorization: Bearer <token>` against the server's token.
pub(crate) fn check(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = state.config.token.as_deref() else {
        return Err(ApiError::of(ErrorCode::ReadOnly));
    };
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::of(ErrorCode::MissingToken));
    };
    let value = value.as_bytes();
    let given = match value.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case(b"bearer ") => value[7..].trim_ascii(),
        _ => return Err(ApiError::new(ErrorCode::MissingToken, "the Authorization header must be `Bearer <token>`")),
    };
    if constant_time_eq(given, expected.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::of(ErrorCode::InvalidToken))
    }
}

/// Compares without an early exit, so that response time does not tell how much of a guess
/// was right (the length is not secret).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
