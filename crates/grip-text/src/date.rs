//! Finding the date a document speaks from in its own text ("January 7, 2022", "7 Jan. 2022",
//! "2022-01-07"), for documents that come without one.

use grip_model::{Date, TextRange};

use crate::{Segmented, TokenKind};

/// How far into the text a dateline is looked for, in tokens.
const DATELINE_TOKENS: usize = 120;

/// Returns the first full date (day, month, year) among the first tokens of the text.
///
/// Only the beginning of the text is searched: a date deep in the body is more often the date
/// of something reported than the date of the document.
pub fn find_date(text: &str, segmented: &Segmented) -> Option<(Date, TextRange)> {
    let tokens = &segmented.tokens[..segmented.tokens.len().min(DATELINE_TOKENS)];
    let words: Vec<&str> = tokens.iter().map(|t| t.norm(text)).collect();
    for idx in 0..tokens.len() {
        let found = iso_date(words[idx])
            .map(|date| (date, idx))
            .or_else(|| month_day_year(&words[idx..]).map(|(date, n)| (date, idx + n - 1)))
            .or_else(|| day_month_year(&words[idx..]).map(|(date, n)| (date, idx + n - 1)));
        if let Some((date, last)) = found {
            if tokens[idx].kind == TokenKind::Punct {
                continue;
            }
            return Some((date, TextRange::new(tokens[idx].range.start(), tokens[last].range.end())));
        }
    }
    None
}

fn iso_date(word: &str) -> Option<Date> {
    let mut parts = word.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    date(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// "January 7, 2022" / "Jan. 7 2022"; returns the date and the number of words used.
fn month_day_year(words: &[&str]) -> Option<(Date, usize)> {
    let month = month_number(words.first()?)?;
    let mut n = 1;
    if words.get(n) == Some(&".") {
        n += 1;
    }
    let day: u32 = strip_ordinal(words.get(n)?).parse().ok()?;
    n += 1;
    if words.get(n) == Some(&",") {
        n += 1;
    }
    let year: i32 = words.get(n)?.parse().ok()?;
    Some((date(year, month, day)?, n + 1))
}

/// "7 January 2022" / "7th of Jan. 2022".
fn day_month_year(words: &[&str]) -> Option<(Date, usize)> {
    let day: u32 = strip_ordinal(words.first()?).parse().ok()?;
    let mut n = 1;
    if words.get(n).is_some_and(|w| w.eq_ignore_ascii_case("of")) {
        n += 1;
    }
    let month = month_number(words.get(n)?)?;
    n += 1;
    if words.get(n) == Some(&".") {
        n += 1;
    }
    if words.get(n) == Some(&",") {
        n += 1;
    }
    let year: i32 = words.get(n)?.parse().ok()?;
    Some((date(year, month, day)?, n + 1))
}

fn strip_ordinal(word: &str) -> &str {
    ["st", "nd", "rd", "th"].iter().find_map(|suffix| word.strip_suffix(suffix)).unwrap_or(word)
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = word.trim_end_matches('.').to_lowercase();
    if lower.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|month| month.starts_with(lower.as_str())).and_then(|idx| u32::try_from(idx + 1).ok())
}

fn date(year: i32, month: u32, day: u32) -> Option<Date> {
    if !(1900..=2100).contains(&year) {
        return None;
    }
    Date::from_ymd_opt(year, month, day)
}
