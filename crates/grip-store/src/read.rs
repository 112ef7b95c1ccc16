//! Reading: interactions for influence, predictions for forecast tracking, documents for
//! re-analysis, counts, and read-only user queries.

use grip_model::Date;
use rusqlite::types::ValueRef;

use crate::{Result, SqlContext as _, Store, StoreError, VersionId};

/// Where an interaction row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// An event grip coded from a stored document (`events`).
    Grip,
    /// An imported GDELT row (`gdelt_events`).
    Gdelt,
}

impl Origin {
    /// The name used in the `interactions` view.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Grip => "grip",
            Origin::Gdelt => "gdelt",
        }
    }
}

/// Which interactions to read.
#[derive(Debug, Clone, Default)]
pub struct InteractionFilter {
    /// First day (inclusive).
    pub since: Option<Date>,
    /// Last day (inclusive).
    pub until: Option<Date>,
    /// Only this origin.
    pub origin: Option<Origin>,
}

/// One row of the `interactions` view: a grip event or a GDELT row under common names.
#[derive(Debug, Clone, Copy)]
pub struct InteractionRow<'a> {
    /// Where it comes from.
    pub origin: Origin,
    /// `events.id` or GLOBALEVENTID.
    pub event_id: i64,
    /// The document of a grip event.
    pub document_id: Option<i64>,
    /// The day.
    pub day: Date,
    /// Source actor code (`RUSGOV`), possibly empty.
    pub source_actor: &'a str,
    /// Source country (or IGO, region) code as stored: GDELT's Actor1CountryCode, the first
    /// three letters of a grip code.
    pub source_country: &'a str,
    /// GDELT's Actor1Type1..3 codes, space-separated (empty for grip rows, whose sectors are in
    /// the code).
    pub source_types: &'a str,
    /// GDELT's Actor1KnownGroupCode (empty for grip rows).
    pub source_group: &'a str,
    /// Target actor code.
    pub target_actor: &'a str,
    /// Target country code.
    pub target_country: &'a str,
    /// GDELT's Actor2Type1..3 codes.
    pub target_types: &'a str,
    /// GDELT's Actor2KnownGroupCode.
    pub target_group: &'a str,
    /// The CAMEO code, as text (`010` stays `010`).
    pub code: &'a str,
    /// GDELT quad class (1–4), 0 when unknown.
    pub quad_class: u8,
    /// Goldstein score (0 when unknown).
    pub goldstein: f64,
    /// `asserted`, `negated`, `future`, `hypothetical`, `reported` (GDELT rows: `asserted`).
    pub modality: &'a str,
    /// ISO alpha-3 of the place of the action, possibly empty.
    pub action_country: &'a str,
    /// The document URL or GDELT's SOURCEURL, possibly empty.
    pub url: &'a str,
}

/// A claim of kind `prediction` with the event it forecasts.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictionRow {
    /// `claims.id`.
    pub claim_id: i64,
    /// The document that makes the prediction.
    pub document_id: i64,
    /// The document's external id (file name, JSONL id).
    pub document_external_id: String,
    /// The document's URL, if any.
    pub url: Option<String>,
    /// The document date: a forecast is matched against events after it.
    pub day: Date,
    /// The claim's words.
    pub text: String,
    /// `certain`, `probable`, `possible`, `doubtful`.
    pub certainty: String,
    /// Who holds it (`author`, an actor code, or the words naming them).
    pub holder: String,
    /// `events.id` of the forecast event.
    pub event_id: i64,
    /// The forecast event's source actor.
    pub source_actor: String,
    /// The forecast event's target actor.
    pub target_actor: String,
    /// The forecast CAMEO code.
    pub code: String,
    /// The forecast event's modality (`future`, `hypothetical`, `negated` ...).
    pub modality: String,
}

/// A stored document, for re-analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    /// `documents.id`.
    pub id: i64,
    /// The caller's id.
    pub external_id: String,
    /// The date given with the document (not one found by an earlier analysis).
    pub given_date: Option<Date>,
    /// Title.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// The original text.
    pub text: String,
}

/// Row counts of the main tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocumentSummary {
    /// Documents.
    pub n_documents: i64,
    /// Documents analyzed by the given version.
    pub n_analyzed: i64,
    /// grip events.
    pub n_events: i64,
    /// Claims.
    pub n_claims: i64,
    /// GDELT rows.
    pub n_gdelt_events: i64,
}

/// A value in a user query's result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// SQL NULL.
    Null,
    /// An integer.
    Integer(i64),
    /// A float.
    Real(f64),
    /// Text.
    Text(&'a str),
    /// Bytes.
    Blob(&'a [u8]),
}

impl<'a> Value<'a> {
    pub(crate) fn from_ref(value: ValueRef<'a>) -> Value<'a> {
        match value {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(value) => Value::Integer(value),
            ValueRef::Real(value) => Value::Real(value),
            ValueRef::Text(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => Value::Text(text),
                Err(_) => Value::Blob(bytes),
            },
            ValueRef::Blob(bytes) => Value::Blob(bytes),
        }
    }
}

impl Store {
    /// Calls `f` for every interaction (grip event or GDELT row) that passes the filter, in
    /// day order. Returns the number of rows.
    ///
    /// # Errors
    /// When the query fails.
    pub fn interactions(&self, filter: &InteractionFilter, mut f: impl FnMut(&InteractionRow<'_>)) -> Result<u64> {
        let mut sql = String::from(
            "SELECT origin, event_id, document_id, day, coalesce(source_actor, ''), coalesce(source_country, ''),
             coalesce(source_types, ''), coalesce(target_actor, ''), coalesce(target_country, ''),
             coalesce(target_types, ''), code, quad_class, coalesce(goldstein, 0.0), modality,
             coalesce(action_country, ''), coalesce(url, ''), coalesce(source_group, ''),
             coalesce(target_group, '')
             FROM interactions WHERE 1 = 1",
        );
        let mut parameters: Vec<String> = Vec::new();
        if let Some(since) = filter.since {
            parameters.push(crate::write::iso_date(since));
            sql.push_str(&format!(" AND day >= ?{}", parameters.len()));
        }
        if let Some(until) = filter.until {
            parameters.push(crate::write::iso_date(until));
            sql.push_str(&format!(" AND day <= ?{}", parameters.len()));
        }
        if let Some(origin) = filter.origin {
            parameters.push(origin.as_str().to_owned());
            sql.push_str(&format!(" AND origin = ?{}", parameters.len()));
        }
        let mut statement = self.conn.prepare(&sql).context("reading interactions")?;
        let mut rows =
            statement.query(rusqlite::params_from_iter(parameters.iter())).context("reading interactions")?;
        let mut n_rows = 0;
        while let Some(row) = rows.next().context("reading interactions")? {
            let text = |idx: usize| -> Result<&str> {
                row.get_ref(idx).context("reading interactions")?.as_str().map_err(|error| StoreError::Sql {
                    action: "reading interactions",
                    source: rusqlite::Error::FromSqlConversionFailure(
                        idx,
                        rusqlite::types::Type::Text,
                        Box::new(error),
                    ),
                })
            };
            let day_text = text(3)?;
            let Some(day) = parse_iso_date(day_text) else {
                continue;
            };
            let origin = if text(0)? == "gdelt" { Origin::Gdelt } else { Origin::Grip };
            let interaction = InteractionRow {
                origin,
                event_id: row.get(1).context("reading interactions")?,
                document_id: row.get(2).context("reading interactions")?,
                day,
                source_actor: text(4)?,
                source_country: text(5)?,
                source_types: text(6)?,
                target_actor: text(7)?,
                target_country: text(8)?,
                target_types: text(9)?,
                code: text(10)?,
                quad_class: row.get::<_, Option<u8>>(11).context("reading interactions")?.unwrap_or(0),
                goldstein: row.get(12).context("reading interactions")?,
                modality: text(13)?,
                action_country: text(14)?,
                url: text(15)?,
                source_group: text(16)?,
                target_group: text(17)?,
            };
            f(&interaction);
            n_rows += 1;
        }
        Ok(n_rows)
    }

    /// All stored predictions that name an event, in document-date order.
    ///
    /// # Errors
    /// When the query fails.
    pub fn predictions(&self) -> Result<Vec<PredictionRow>> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT c.id, d.id, d.external_id, d.url, e.date,
                    CAST(substr(CAST(d.text AS BLOB), c.start + 1, c.\"end\" - c.start) AS TEXT),
                    c.certainty, coalesce(c.holder_actor, c.holder_text, c.holder_kind),
                    e.id, coalesce(e.source_actor, ''), coalesce(e.target_actor, ''), e.code, e.modality
                 FROM claims c JOIN documents d ON d.id = c.document_id JOIN events e ON e.id = c.event_id
                 WHERE c.kind = 'prediction'
                 ORDER BY e.date, c.id",
            )
            .context("reading predictions")?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, Option<String>>(5)?,
                    row.get::<_, String>(6)?,
                    row.get::<_, String>(7)?,
                    row.get::<_, i64>(8)?,
                    row.get::<_, String>(9)?,
                    row.get::<_, String>(10)?,
                    row.get::<_, String>(11)?,
                    row.get::<_, String>(12)?,
                ))
            })
            .context("reading predictions")?;
        let mut predictions = Vec::new();
        for row in rows {
            let (
                claim_id,
                document_id,
                external_id,
                url,
                day,
                text,
                certainty,
                holder,
                event_id,
                source,
                target,
                code,
                modality,
            ) = row.context("reading predictions")?;
            let Some(day) = parse_iso_date(&day) else {
                continue;
            };
            predictions.push(PredictionRow {
                claim_id,
                document_id,
                document_external_id: external_id,
                url,
                day,
                text: text.unwrap_or_default(),
                certainty,
                holder,
                event_id,
                source_actor: source,
                target_actor: target,
                code,
                modality,
            });
        }
        Ok(predictions)
    }

    /// Up to `limit` documents with `id > after`, in id order, that need (re-)analysis: those
    /// not analyzed by `current`, or all of them when `all` is set.
    ///
    /// # Errors
    /// When the query fails.
    pub fn documents_to_analyze(
        &self,
        current: VersionId,
        all: bool,
        after: i64,
        limit: usize,
    ) -> Result<Vec<StoredDocument>> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT id, external_id, CASE WHEN date_source = 'given' THEN date END, title, url, text
                 FROM documents
                 WHERE id > ?1 AND (?2 OR analysis_version IS NULL OR analysis_version != ?3)
                 ORDER BY id LIMIT ?4",
            )
            .context("reading documents to analyze")?;
        let rows = statement
            .query_map((after, all, current.0, i64::try_from(limit).unwrap_or(i64::MAX)), |row| {
                Ok(StoredDocument {
                    id: row.get(0)?,
                    external_id: row.get(1)?,
                    given_date: row.get::<_, Option<String>>(2)?.as_deref().and_then(parse_iso_date),
                    title: row.get(3)?,
                    url: row.get(4)?,
                    text: row.get(5)?,
                })
            })
            .context("reading documents to analyze")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("reading documents to analyze")
    }

    /// Row counts of the main tables; `n_analyzed` counts documents analyzed by `current`.
    ///
    /// # Errors
    /// When a query fails.
    pub fn summary(&self, current: Option<VersionId>) -> Result<DocumentSummary> {
        let count =
            |sql: &str| -> Result<i64> { self.conn.query_row(sql, [], |row| row.get(0)).context("counting rows") };
        let n_analyzed = match current {
            Some(version) => self
                .conn
                .query_row("SELECT count(*) FROM documents WHERE analysis_version = ?1", [version.0], |row| row.get(0))
                .context("counting rows")?,
            None => 0,
        };
        Ok(DocumentSummary {
            n_documents: count("SELECT count(*) FROM documents")?,
            n_analyzed,
            n_events: count("SELECT count(*) FROM events")?,
            n_claims: count("SELECT count(*) FROM claims")?,
            n_gdelt_events: count("SELECT count(*) FROM gdelt_events")?,
        })
    }

    /// Runs one read-only SQL statement and calls `f` with the column names and each row.
    ///
    /// # Errors
    /// [`StoreError::Query`] when the statement does not compile, would write, or fails while
    /// running; `f`'s errors are passed through.
    pub fn query(&self, sql: &str, mut f: impl FnMut(&[String], &[Value<'_>]) -> Result<()>) -> Result<u64> {
        let query_error = |error: rusqlite::Error| StoreError::Query { message: error.to_string() };
        let mut statement = self.conn.prepare(sql).map_err(query_error)?;
        if !statement.readonly() {
            return Err(StoreError::Query {
                message: "only read-only statements are allowed (SELECT, WITH ...)".into(),
            });
        }
        let columns: Vec<String> = statement.column_names().into_iter().map(str::to_owned).collect();
        let mut rows = statement.query([]).map_err(query_error)?;
        let mut n_rows = 0;
        while let Some(row) = rows.next().map_err(query_error)? {
            let values = (0..columns.len())
                .map(|idx| row.get_ref(idx).map(Value::from_ref))
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(query_error)?;
            f(&columns, &values)?;
            n_rows += 1;
        }
        Ok(n_rows)
    }
}

/// Parses `YYYY-MM-DD` (the prefix of a longer timestamp is accepted).
pub(crate) fn parse_iso_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range]
            .iter()
            .try_fold(0u32, |acc, &byte| byte.is_ascii_digit().then(|| acc * 10 + u32::from(byte - b'0')))
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    Date::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}
