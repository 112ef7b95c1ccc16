//! RSS and Atom feeds: parsing (with `feed-rs`), recovery of the complete items of a truncated
//! feed, and fetching over HTTP with conditional requests (for `grip watch`).

use std::io::Read as _;
use std::time::Duration;

use grip_model::{Date, Document};

use crate::html::html_fragment_text;
use crate::read::ReadDocument;
use crate::{IngestError, ReadFailure};

/// The documents of one feed and, when the feed was damaged, what was lost.
#[derive(Debug)]
pub struct FeedParse {
    /// One document per item that has text.
    pub documents: Vec<ReadDocument>,
    /// Items without text, and the damaged tail of a truncated feed.
    pub failures: Vec<ReadFailure>,
}

/// Parses an RSS, Atom or JSON feed into documents, one per item.
///
/// A truncated or malformed feed keeps its complete items: the text is cut after the last
/// complete `</item>` or `</entry>` and closed, the items before are returned, and a failure
/// says that the rest is lost.
pub fn parse_feed(bytes: &[u8], source_name: &str) -> FeedParse {
    let mut failures = Vec::new();
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(feed) => feed,
        Err(error) => match repair_truncated(bytes).and_then(|repaired| feed_rs::parser::parse(&repaired[..]).ok()) {
            Some(feed) => {
                failures.push(ReadFailure {
                    source_name: source_name.to_owned(),
                    line: None,
                    error: IngestError::Feed {
                        reason: format!(
                            "truncated or malformed ({error}); kept the {} complete items before the damage, the rest is lost",
                            feed.entries.len()
                        ),
                    },
                });
                feed
            }
            None => {
                failures.push(ReadFailure {
                    source_name: source_name.to_owned(),
                    line: None,
                    error: IngestError::Feed { reason: error.to_string() },
                });
                return FeedParse { documents: Vec::new(), failures };
            }
        },
    };
    let mut documents = Vec::with_capacity(feed.entries.len());
    for (entry_idx, entry) in feed.entries.into_iter().enumerate() {
        let title = entry.title.map(|title| html_or_plain(&title.content)).filter(|title| !title.is_empty());
        let body = entry
            .content
            .and_then(|content| content.body)
            .map(|body| html_or_plain(&body))
            .filter(|body| !body.is_empty())
            .or_else(|| entry.summary.map(|summary| html_or_plain(&summary.content)).filter(|text| !text.is_empty()));
        let url = entry.links.first().map(|link| link.href.clone());
        let Some(text) = body else {
            failures.push(ReadFailure {
                source_name: format!("{source_name}#item{}", entry_idx + 1),
                line: None,
                error: IngestError::NoText,
            });
            continue;
        };
        let date: Option<Date> = entry.published.or(entry.updated).map(|time| time.date_naive());
        let id = if entry.id.is_empty() {
            url.clone().unwrap_or_else(|| format!("{source_name}#item{}", entry_idx + 1))
        } else {
            entry.id
        };
        let mut document = Document::new(id, text);
        document.title = title;
        document.url = url;
        document.date = date;
        documents.push(ReadDocument {
            document,
            source_name: source_name.to_owned(),
            line: None,
            diagnostics: Vec::new(),
        });
    }
    FeedParse { documents, failures }
}

/// Cuts a damaged feed after its last complete item and closes the open elements.
fn repair_truncated(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = String::from_utf8_lossy(bytes);
    let head = &text[..text.len().min(4096)];
    let (item_end, closing) = if head.contains("<feed") {
        ("</entry>", "</feed>")
    } else if head.contains("<rdf:RDF") {
        ("</item>", "</rdf:RDF>")
    } else if head.contains("<rss") {
        ("</item>", "</channel></rss>")
    } else {
        return None;
    };
    let cut = text.rfind(item_end)? + item_end.len();
    let mut repaired = text[..cut].to_owned();
    repaired.push_str(closing);
    Some(repaired.into_bytes())
}

fn html_or_plain(text: &str) -> String {
    if text.contains('<') && text.contains('>') {
        html_fragment_text(text)
    } else {
        text.trim().to_owned()
    }
}

/// The answer to a feed poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedFetch {
    /// The server says nothing changed since the validators were issued (HTTP 304).
    NotModified,
    /// The feed body and the validators to send next time.
    Fetched {
        /// The body.
        body: Vec<u8>,
        /// The `ETag` header.
        etag: Option<String>,
        /// The `Last-Modified` header.
        last_modified: Option<String>,
    },
}

/// The largest feed body read.
const MAX_FEED_BYTES: u64 = 64 * 1024 * 1024;

/// Fetches a feed, sending the validators of the previous poll (`If-None-Match`,
/// `If-Modified-Since`) so that an unchanged feed costs one small response.
///
/// # Errors
/// [`IngestError::Http`] for network errors, HTTP errors and bodies over 64 MiB.
pub fn fetch_feed(
    url: &str,
    etag: Option<&str>,
    last_modified: Option<&str>,
    timeout: Duration,
) -> Result<FeedFetch, IngestError> {
    let http_error = |reason: String| IngestError::Http { url: url.to_owned(), reason };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("grip/", env!("CARGO_PKG_VERSION"), " (feed reader)"))
        .build()
        .into();
    let mut request = agent.get(url);
    if let Some(etag) = etag {
        request = request.header("If-None-Match", etag);
    }
    if let Some(last_modified) = last_modified {
        request = request.header("If-Modified-Since", last_modified);
    }
    let mut response = request.call().map_err(|error| http_error(error.to_string()))?;
    let status = response.status().as_u16();
    if status == 304 {
        return Ok(FeedFetch::NotModified);
    }
    if !(200..300).contains(&status) {
        return Err(http_error(format!("HTTP status {status}")));
    }
    let header = |name: &str| response.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
    let (etag, last_modified) = (header("etag"), header("last-modified"));
    let mut body = Vec::new();
    response
        .body_mut()
        .as_reader()
        .take(MAX_FEED_BYTES + 1)
        .read_to_end(&mut body)
        .map_err(|error| http_error(error.to_string()))?;
    if body.len() as u64 > MAX_FEED_BYTES {
        return Err(http_error(format!("feed larger than {MAX_FEED_BYTES} bytes")));
    }
    Ok(FeedFetch::Fetched { body, etag, last_modified })
}
