//! The one table of API errors: every error response is `{"code","message","type"}` with a
//! stable `code` from [`ErrorCode`], as in meilisearch. Internal details go to the log, never
//! to the response.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Whether an error is the caller's doing or the server's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorType {
    /// The request was wrong; repeating it unchanged fails again.
    User,
    /// The server failed; the request may succeed later.
    Internal,
}

impl ErrorType {
    /// The name in the response body.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::User => "user",
            ErrorType::Internal => "internal",
        }
    }
}

/// Every error the API returns. The `code` strings are stable: clients may match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A request the server could not read (a malformed request line or header).
    BadRequest,
    /// The body is not valid JSON (or a JSON Lines line is not).
    InvalidJson,
    /// The body is valid JSON but not a document: a missing or empty `text`, a wrong type.
    InvalidDocument,
    /// A query parameter is unknown, malformed or out of range.
    InvalidParameter,
    /// The `Content-Type` is not one the endpoint reads.
    InvalidContentType,
    /// A write endpoint was called without `Authorization: Bearer <token>`.
    MissingToken,
    /// The bearer token is wrong.
    InvalidToken,
    /// The server runs without a token, so it accepts no writes.
    ReadOnly,
    /// No such route.
    NotFound,
    /// No such document.
    DocumentNotFound,
    /// The route exists, but not with this method.
    MethodNotAllowed,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The client did not send its body in time.
    RequestTimeout,
    /// The server did not finish the request in time.
    Timeout,
    /// The database is busy or cannot be opened.
    StoreUnavailable,
    /// A bug or an unexpected failure; details are in the server log.
    Internal,
}

impl ErrorCode {
    /// Every code, in the order of the table in the OpenAPI document.
    pub const ALL: [ErrorCode; 16] = [
        ErrorCode::BadRequest,
        ErrorCode::InvalidJson,
        ErrorCode::InvalidDocument,
        ErrorCode::InvalidParameter,
        ErrorCode::InvalidContentType,
        ErrorCode::MissingToken,
        ErrorCode::InvalidToken,
        ErrorCode::ReadOnly,
        ErrorCode::NotFound,
        ErrorCode::DocumentNotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::PayloadTooLarge,
        ErrorCode::RequestTimeout,
        ErrorCode::Timeout,
        ErrorCode::StoreUnavailable,
        ErrorCode::Internal,
    ];

    /// The stable code string.
    pub fn as_str(self) -> &'static str {
        self.row().0
    }

    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        self.row().1
    }

    /// Whose fault it is.
    pub fn error_type(self) -> ErrorType {
        self.row().2
    }

    fn row(self) -> (&'static str, StatusCode, ErrorType) {
        use ErrorType::{Internal, User};
        match self {
            ErrorCode::BadRequest => ("bad_request", StatusCode::BAD_REQUEST, User),
            ErrorCode::InvalidJson => ("invalid_json", StatusCode::BAD_REQUEST, User),
            ErrorCode::InvalidDocument => ("invalid_document", StatusCode::BAD_REQUEST, User),
            ErrorCode::InvalidParameter => ("invalid_parameter", StatusCode::BAD_REQUEST, User),
            ErrorCode::InvalidContentType => ("invalid_content_type", StatusCode::UNSUPPORTED_MEDIA_TYPE, User),
            ErrorCode::MissingToken => ("missing_token", StatusCode::UNAUTHORIZED, User),
            ErrorCode::InvalidToken => ("invalid_token", StatusCode::FORBIDDEN, User),
            ErrorCode::ReadOnly => ("read_only", StatusCode::FORBIDDEN, User),
            ErrorCode::NotFound => ("not_found", StatusCode::NOT_FOUND, User),
            ErrorCode::DocumentNotFound => ("document_not_found", StatusCode::NOT_FOUND, User),
            ErrorCode::MethodNotAllowed => ("method_not_allowed", StatusCode::METHOD_NOT_ALLOWED, User),
            ErrorCode::PayloadTooLarge => ("payload_too_large", StatusCode::PAYLOAD_TOO_LARGE, User),
            ErrorCode::RequestTimeout => ("request_timeout", StatusCode::REQUEST_TIMEOUT, User),
            ErrorCode::Timeout => ("timeout", StatusCode::SERVICE_UNAVAILABLE, Internal),
            ErrorCode::StoreUnavailable => ("store_unavailable", StatusCode::SERVICE_UNAVAILABLE, Internal),
            ErrorCode::Internal => ("internal", StatusCode::INTERNAL_SERVER_ERROR, Internal),
        }
    }

    /// The code for an error status produced outside the handlers (by hyper, axum or a
    /// middleware), so that those responses get a body from the table too.
    pub fn for_status(status: StatusCode) -> ErrorCode {
        match status {
            StatusCode::NOT_FOUND => ErrorCode::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
            StatusCode::REQUEST_TIMEOUT => ErrorCode::RequestTimeout,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::InvalidContentType,
            StatusCode::UNAUTHORIZED => ErrorCode::MissingToken,
            StatusCode::FORBIDDEN => ErrorCode::InvalidToken,
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT => ErrorCode::Timeout,
            status if status.is_client_error() => ErrorCode::BadRequest,
            _ => ErrorCode::Internal,
        }
    }

    /// The message used when nothing more specific is known.
    pub fn default_message(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "the request could not be read",
            ErrorCode::InvalidJson => "the body is not valid JSON",
            ErrorCode::InvalidDocument => "the body is not a document",
            ErrorCode::InvalidParameter => "a query parameter is invalid",
            ErrorCode::InvalidContentType => "unsupported content type",
            ErrorCode::MissingToken => "this endpoint needs `Authorization: Bearer <token>`",
            ErrorCode::InvalidToken => "the bearer token is not valid",
            ErrorCode::ReadOnly => "this server is read-only: start it with --token (or GRIP_TOKEN) to accept writes",
            ErrorCode::NotFound => "no such route; see /openapi.json",
            ErrorCode::DocumentNotFound => "no such document",
            ErrorCode::MethodNotAllowed => "method not allowed on this route; see /openapi.json",
            ErrorCode::PayloadTooLarge => "the body is larger than this server accepts",
            ErrorCode::RequestTimeout => "the body did not arrive in time",
            ErrorCode::Timeout => "the request took too long",
            ErrorCode::StoreUnavailable => "the database is unavailable; try again",
            ErrorCode::Internal => "internal error; see the server log",
        }
    }
}

/// An error response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// Which error.
    pub code: ErrorCode,
    /// What went wrong, for a person.
    pub message: String,
}

impl ApiError {
    /// An error with a specific message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into() }
    }

    /// An error with the table's default message.
    pub fn of(code: ErrorCode) -> ApiError {
        ApiError { code, message: code.default_message().to_owned() }
    }

    /// An invalid query parameter.
    pub fn parameter(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::InvalidParameter, message)
    }

    /// A store failure: logged with its cause chain; the response says only what kind.
    pub fn store(error: &grip_store::StoreError) -> ApiError {
        let chain = error_chain(error);
        let busy = chain.contains("database is locked") || chain.contains("cannot open");
        tracing::error!(error = %chain, "Store failure.");
        if busy {
            ApiError::of(ErrorCode::StoreUnavailable)
        } else {
            ApiError::of(ErrorCode::Internal)
        }
    }

    /// The JSON body.
    pub fn body(&self) -> String {
        serde_json::json!({
            "code": self.code.as_str(),
            "message": self.message,
            "type": self.code.error_type().as_str(),
        })
        .to_string()
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.code.status(), self.body()).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if self.code == ErrorCode::MissingToken {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response.extensions_mut().insert(ErrorMarker);
        response
    }
}

/// Marks responses whose body already comes from the table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ErrorMarker;

/// An error and its sources, joined with ": ".
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
