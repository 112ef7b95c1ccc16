//! Query-string parsing: every parameter is checked by name and type, and a bad one is an
//! `invalid_parameter` error that says which and why. Unknown and repeated parameters are
//! errors too, so that a typo (`sorce=RUS`) is not silently ignored.

use grip_model::Date;

use crate::error::ApiError;

/// The parameters of one request, checked against the names the endpoint accepts.
#[derive(Debug)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

/// The longest value accepted for any parameter.
const MAX_VALUE_CHARS: usize = 256;

impl Params {
    /// Parses `query` (without the `?`), accepting only `allowed` names.
    pub(crate) fn parse(query: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (name, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            if !allowed.contains(&name.as_ref()) {
                let expected = allowed.join(", ");
                return Err(ApiError::parameter(if expected.is_empty() {
                    format!("unknown parameter `{}`: this endpoint takes none", clip(&name))
                } else {
                    format!("unknown parameter `{}`; expected one of: {expected}", clip(&name))
                }));
            }
            if pairs.iter().any(|(seen, _)| *seen == name) {
                return Err(ApiError::parameter(format!("parameter `{name}` is given more than once")));
            }
            if value.chars().count() > MAX_VALUE_CHARS {
                return Err(ApiError::parameter(format!(
                    "parameter `{name}` is longer than {MAX_VALUE_CHARS} characters"
                )));
            }
            pairs.push((name.into_owned(), value.into_owned()));
        }
        Ok(Params { pairs })
    }

    /// The raw value, if given and not empty.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.trim()).filter(|value| !value.is_empty())
    }

    /// A `YYYY-MM-DD` date.
    pub(crate) fn date(&self, name: &str) -> Result<Option<Date>, ApiError> {
        self.text(name)
            .map(|text| {
                parse_date(text).ok_or_else(|| {
                    ApiError::parameter(format!("`{name}` must be a date as YYYY-MM-DD, not {:?}", clip(text)))
                })
            })
            .transpose()
    }

    /// An integer within `min..=max`, or `default`.
    pub(crate) fn integer(&self, name: &str, min: i64, max: i64, default: i64) -> Result<i64, ApiError> {
        let Some(text) = self.text(name) else {
            return Ok(default);
        };
        match text.parse::<i64>() {
            Ok(value) if (min..=max).contains(&value) => Ok(value),
            _ => Err(ApiError::parameter(format!(
                "`{name}` must be an integer from {min} to {max}, not {:?}",
                clip(text)
            ))),
        }
    }

    /// A number within `min..=max`, or `default`.
    pub(crate) fn number(&self, name: &str, min: f64, max: f64, default: f64) -> Result<f64, ApiError> {
        let Some(text) = self.text(name) else {
            return Ok(default);
        };
        match text.parse::<f64>() {
            Ok(value) if value.is_finite() && (min..=max).contains(&value) => Ok(value),
            _ => {
                Err(ApiError::parameter(format!("`{name}` must be a number from {min} to {max}, not {:?}", clip(text))))
            }
        }
    }

    /// `true`/`false` (also `1`/`0`), or `default`.
    pub(crate) fn boolean(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.text(name) {
            None => Ok(default),
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            Some(text) => Err(ApiError::parameter(format!("`{name}` must be true or false, not {:?}", clip(text)))),
        }
    }

    /// One of `choices`, or `default`.
    pub(crate) fn choice<'c>(&self, name: &str, choices: &[&'c str], default: &'c str) -> Result<&'c str, ApiError> {
        let Some(text) = self.text(name) else {
            return Ok(default);
        };
        choices.iter().find(|choice| choice.eq_ignore_ascii_case(text)).copied().ok_or_else(|| {
            ApiError::parameter(format!("`{name}` must be one of {}, not {:?}", choices.join(", "), clip(text)))
        })
    }

    /// A party or actor code (`RUS`, `IGOCSTO`, `REGION:CAS`), uppercased.
    pub(crate) fn code(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.text(name)
            .map(|text| {
                let valid = (1..=40).contains(&text.len())
                    && text.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b':');
                if valid {
                    Ok(text.to_ascii_uppercase())
                } else {
                    Err(ApiError::parameter(format!(
                        "`{name}` must be an actor code such as RUS, IGOCSTO or REGION:CAS, not {:?}",
                        clip(text)
                    )))
                }
            })
            .transpose()
    }

    /// Page bounds: `limit` (1..=`max_limit`, default `default_limit`) and `offset`.
    pub(crate) fn page(&self, default_limit: i64, max_limit: i64) -> Result<Page, ApiError> {
        Ok(Page {
            limit: self.integer("limit", 1, max_limit, default_limit)?.unsigned_abs(),
            offset: self.integer("offset", 0, 10_000_000, 0)?.unsigned_abs(),
        })
    }
}

/// A page of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Page {
    /// At most this many items.
    pub(crate) limit: u64,
    /// After skipping this many.
    pub(crate) offset: u64,
}

impl Page {
    /// The `next_offset` of a response that found `n_found` items when asking for one more
    /// than the limit.
    pub(crate) fn next_offset(&self, n_found: usize) -> Option<u64> {
        (n_found as u64 > self.limit).then_some(self.offset + self.limit)
    }
}

/// Parses exactly `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes
            .iter()
            .enumerate()
            .all(|(idx, byte)| if idx == 4 || idx == 7 { *byte == b'-' } else { byte.is_ascii_digit() });
    if !shape {
        return None;
    }
    Date::parse_from_str(text, "%Y-%m-%d").ok()
}

/// At most 40 characters of a value, for messages.
fn clip(text: &str) -> String {
    let mut clipped: String = text.chars().take(40).collect();
    if clipped.len() < text.len() {
        clipped.push('…');
    }
    clipped
}
