//! HTML pages to text: the main text is extracted with `trafilatura` (a port of the
//! trafilatura extractor: boilerplate such as navigation, ads and footers is dropped). When it
//! finds no main text, the whole visible text is kept with a warning, so nothing is lost.

use std::panic::{catch_unwind, AssertUnwindSafe};

use grip_model::{Date, Diagnostic, Severity};

use crate::IngestError;

/// Text extracted from an HTML page.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlText {
    /// The page title (`<title>` or og:title), if any.
    pub title: Option<String>,
    /// The main text, paragraphs separated by newlines.
    pub text: String,
    /// The publication date found in the page metadata, if any.
    pub date: Option<Date>,
    /// How the text was obtained, when not the normal way.
    pub diagnostics: Vec<Diagnostic>,
}

/// Extracts the main text of an HTML page (any bytes decoded to text: broken markup is fine).
///
/// # Errors
/// [`IngestError::NoText`] when the page has no visible text at all.
pub fn extract_html(html: &str) -> Result<HtmlText, IngestError> {
    let options = trafilatura::Options::default();
    // The extractor is third-party code run on untrusted markup: a panic in it must cost one
    // page, not the whole ingest.
    let extracted = catch_unwind(AssertUnwindSafe(|| trafilatura::extract(html, &options)));
    let mut diagnostics = Vec::new();
    let (title, date) = match &extracted {
        Ok(Ok(result)) => {
            let text = result.content_text.trim();
            let title = Some(result.metadata.title.trim().to_owned()).filter(|title| !title.is_empty());
            if !text.is_empty() {
                return Ok(HtmlText { title, text: text.to_owned(), date: result.metadata.date, diagnostics });
            }
            (title, result.metadata.date)
        }
        Ok(Err(_)) | Err(_) => (None, None),
    };
    let reason = match &extracted {
        Ok(Err(error)) => error.to_string(),
        Err(_) => "the extractor failed on this page".to_owned(),
        Ok(Ok(_)) => "the main text was empty".to_owned(),
    };
    let text = catch_unwind(AssertUnwindSafe(|| html_fragment_text(html))).unwrap_or_default();
    if text.is_empty() {
        return Err(IngestError::NoText);
    }
    diagnostics.push(Diagnostic::new(
        Severity::Warning,
        "html-fallback",
        format!("no main text found ({reason}); kept the whole page text, which may include boilerplate"),
    ));
    Ok(HtmlText { title, text, date, diagnostics })
}

/// The visible text of an HTML page or fragment (feed items carry fragments).
pub(crate) fn html_fragment_text(html: &str) -> String {
    let trimmed = html.trim_start();
    let is_document = trimmed.get(..5).is_some_and(|start| start.eq_ignore_ascii_case("<!doc"))
        || trimmed.get(..5).is_some_and(|start| start.eq_ignore_ascii_case("<html"));
    let text = if is_document {
        trafilatura::html2txt(html)
    } else {
        trafilatura::html2txt(&format!("<html><body>{html}</body></html>"))
    };
    text.trim().to_owned()
}
