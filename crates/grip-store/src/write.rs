//! Writing: documents with their analyses, re-analysis, GDELT rows and failures, all inside a
//! [`Batch`] (one transaction).

use std::fmt::Write as _;

use grip_model::{Claim, Date, Diagnostic, Event, EventActor, Holder, TextRange};
use rusqlite::Transaction;

use crate::record::{AnalysisRecord, GdeltRecord, NewDocument};
use crate::{Result, RunId, SqlContext as _};

/// What happened to a document handed to [`Batch::insert_document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// Stored under this id.
    New(i64),
    /// A document with the same content hash was already stored under this id; nothing was
    /// written.
    Duplicate(i64),
}

/// One transaction. Dropping it without [`Batch::commit`] rolls everything back.
#[derive(Debug)]
pub struct Batch<'a> {
    tx: Transaction<'a>,
}

const INSERT_DOCUMENT: &str = "INSERT OR IGNORE INTO documents
    (content_hash, external_id, source, url, date, date_source, title, text, run_id, analysis_version)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

const INSERT_DIAGNOSTIC: &str = "INSERT INTO diagnostics
    (document_id, stage, idx, severity, code, message, start, \"end\", version_id)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/// Parameters bound per row (the run and the format, the same for runs of rows, are written
/// into the statement), and rows per multi-row insert: binding is most of the cost of a row,
/// so every parameter saved counts at 500,000 rows/s.
const GDELT_PARAMETERS: usize = 32;
const GDELT_ROWS_PER_INSERT: usize = 16;

fn insert_gdelt_sql(n_rows: usize, run: RunId, format: u8) -> String {
    let mut sql = String::from("INSERT OR IGNORE INTO gdelt_events VALUES ");
    for row_idx in 0..n_rows {
        if row_idx > 0 {
            sql.push(',');
        }
        sql.push('(');
        for _ in 0..GDELT_PARAMETERS {
            sql.push_str("?,");
        }
        sql.push_str(&format!("{format},{})", run.0));
    }
    sql
}

impl<'a> Batch<'a> {
    pub(crate) fn new(tx: Transaction<'a>) -> Batch<'a> {
        Batch { tx }
    }

    /// Commits everything written through this batch.
    ///
    /// # Errors
    /// When the commit fails (disk full, IO error).
    pub fn commit(self) -> Result<()> {
        self.tx.commit().context("committing")
    }

    /// Stores a document, and its analysis when given, unless a document with the same content
    /// hash is already stored.
    ///
    /// # Errors
    /// When a statement fails.
    pub fn insert_document(
        &mut self,
        new: &NewDocument<'_>,
        analysis: Option<&AnalysisRecord<'_>>,
    ) -> Result<Inserted> {
        let document = new.document;
        let (date, date_source) = match analysis {
            Some(analysis) => (Some(analysis.date), Some(analysis.date_source)),
            None => (document.date, document.date.map(|_| "given")),
        };
        let n_changed = {
            let mut statement = self.tx.prepare_cached(INSERT_DOCUMENT).context("inserting a document")?;
            statement
                .execute((
                    new.content_hash,
                    document.id.as_str(),
                    new.source,
                    document.url.as_deref(),
                    date.map(iso_date),
                    date_source,
                    document.title.as_deref(),
                    document.text.as_str(),
                    new.run.0,
                    analysis.map(|analysis| analysis.version.0),
                ))
                .context("inserting a document")?
        };
        if n_changed == 0 {
            let id = self
                .tx
                .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1")
                .and_then(|mut statement| statement.query_row([new.content_hash], |row| row.get(0)))
                .context("looking up a duplicate document")?;
            return Ok(Inserted::Duplicate(id));
        }
        let document_id = self.tx.last_insert_rowid();
        self.write_diagnostics(document_id, "ingest", new.diagnostics, None)?;
        if let Some(analysis) = analysis {
            self.write_analysis(document_id, analysis)?;
        }
        Ok(Inserted::New(document_id))
    }

    /// Replaces the analysis of a stored document (after a KB or engine upgrade). Diagnostics
    /// from reading the document are kept.
    ///
    /// # Errors
    /// When a statement fails.
    pub fn replace_analysis(&mut self, document_id: i64, analysis: &AnalysisRecord<'_>) -> Result<()> {
        const DELETES: &[&str] = &[
            "DELETE FROM claim_actors WHERE claim_id IN (SELECT id FROM claims WHERE document_id = ?1)",
            "DELETE FROM claims WHERE document_id = ?1",
            "DELETE FROM events WHERE document_id = ?1",
            "DELETE FROM sentences WHERE document_id = ?1",
            "DELETE FROM mentions WHERE document_id = ?1",
            "DELETE FROM tone WHERE document_id = ?1",
            "DELETE FROM tone_contributions WHERE document_id = ?1",
            "DELETE FROM actor_tone WHERE document_id = ?1",
            "DELETE FROM diagnostics WHERE document_id = ?1 AND stage = 'analysis'",
        ];
        for sql in DELETES {
            self.tx
                .prepare_cached(sql)
                .and_then(|mut statement| statement.execute([document_id]))
                .context("deleting an old analysis")?;
        }
        self.tx
            .prepare_cached("UPDATE documents SET analysis_version = ?2, date = ?3, date_source = ?4 WHERE id = ?1")
            .and_then(|mut statement| {
                statement.execute((document_id, analysis.version.0, iso_date(analysis.date), analysis.date_source))
            })
            .context("updating a document")?;
        self.write_analysis(document_id, analysis)
    }

    /// Stores GDELT rows; rows whose GLOBALEVENTID is already stored are skipped. Returns the
    /// number of new rows.
    ///
    /// # Errors
    /// When a statement fails.
    pub fn insert_gdelt(&mut self, records: &[GdeltRecord<'_>]) -> Result<u64> {
        let mut n_new = 0;
        let mut day = [0u8; 10];
        for group in records.chunk_by(|a, b| (a.run, a.event.format) == (b.run, b.event.format)) {
            let (run, format) = (group[0].run, group[0].event.format);
            let mut chunks = group.chunks_exact(GDELT_ROWS_PER_INSERT);
            if chunks.len() > 0 {
                let mut statement = self
                    .tx
                    .prepare_cached(&insert_gdelt_sql(GDELT_ROWS_PER_INSERT, run, format))
                    .context("inserting GDELT rows")?;
                for chunk in &mut chunks {
                    for (row_idx, record) in chunk.iter().enumerate() {
                        bind_gdelt(&mut statement, row_idx * GDELT_PARAMETERS, record, &mut day)
                            .context("inserting GDELT rows")?;
                    }
                    n_new += statement.raw_execute().context("inserting GDELT rows")? as u64;
                }
            }
            let rest = chunks.remainder();
            if !rest.is_empty() {
                let mut statement =
                    self.tx.prepare_cached(&insert_gdelt_sql(1, run, format)).context("inserting GDELT rows")?;
                for record in rest {
                    bind_gdelt(&mut statement, 0, record, &mut day).context("inserting GDELT rows")?;
                    n_new += statement.raw_execute().context("inserting GDELT rows")? as u64;
                }
            }
        }
        Ok(n_new)
    }

    /// Records an input that could not be read.
    ///
    /// # Errors
    /// When the insert fails.
    pub fn record_failure(&mut self, run: RunId, source: &str, line: Option<u64>, message: &str) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO failures (run_id, source, line, message) VALUES (?1, ?2, ?3, ?4)")
            .and_then(|mut statement| {
                statement.execute((run.0, source, line.map(|line| i64::try_from(line).unwrap_or(i64::MAX)), message))
            })
            .context("recording a failure")?;
        Ok(())
    }

    fn write_diagnostics(
        &mut self,
        document_id: i64,
        stage: &str,
        diagnostics: &[Diagnostic],
        version: Option<i64>,
    ) -> Result<()> {
        if diagnostics.is_empty() {
            return Ok(());
        }
        let mut statement = self.tx.prepare_cached(INSERT_DIAGNOSTIC).context("inserting diagnostics")?;
        for (idx, diagnostic) in diagnostics.iter().enumerate() {
            let (start, end) = split_opt(diagnostic.range);
            statement
                .execute((
                    document_id,
                    stage,
                    idx as i64,
                    diagnostic.severity.as_str(),
                    diagnostic.code,
                    diagnostic.message.as_str(),
                    start,
                    end,
                    version,
                ))
                .context("inserting diagnostics")?;
        }
        Ok(())
    }

    fn write_analysis(&mut self, document_id: i64, analysis: &AnalysisRecord<'_>) -> Result<()> {
        let version = analysis.version.0;
        let tx = &self.tx;
        {
            let mut statement = tx
                .prepare_cached(
                    "INSERT INTO sentences (document_id, idx, start, \"end\", skipped, version_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .context("inserting sentences")?;
            for (idx, sentence) in analysis.sentences.iter().enumerate() {
                let (start, end) = split(sentence.range);
                statement
                    .execute((document_id, idx as i64, start, end, sentence.skipped, version))
                    .context("inserting sentences")?;
            }
        }
        {
            let mut statement = tx
                .prepare_cached(
                    "INSERT INTO mentions (document_id, idx, sentence, start, \"end\", entity, actor, name, kind,
                     rule, form, version_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )
                .context("inserting mentions")?;
            for (idx, mention) in analysis.mentions.iter().enumerate() {
                let (start, end) = split(mention.range);
                statement
                    .execute(rusqlite::params![
                        document_id,
                        idx as i64,
                        mention.sentence,
                        start,
                        end,
                        mention.entity.as_str(),
                        mention.actor.as_str(),
                        mention.name,
                        mention.kind.as_str(),
                        mention.rule,
                        mention.form,
                        version,
                    ])
                    .context("inserting mentions")?;
            }
        }
        let date = iso_date(analysis.date);
        let mut event_ids = Vec::with_capacity(analysis.events.len());
        for (idx, event) in analysis.events.iter().enumerate() {
            event_ids.push(insert_event(tx, document_id, idx, &date, event, version)?);
        }
        for (idx, claim) in analysis.claims.iter().enumerate() {
            let event_id = claim.event.and_then(|event_idx| event_ids.get(event_idx).copied());
            insert_claim(tx, document_id, idx, claim, event_id, version)?;
        }
        if let Some(tone) = analysis.tone {
            let [gdelt_tone, positive, negative, polarity, activity, self_group, word_count] = tone.gdelt;
            tx.prepare_cached(
                "INSERT INTO tone (document_id, score, gdelt_tone, positive, negative, polarity, activity_density,
                 self_group_density, word_count, version_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .and_then(|mut statement| {
                statement.execute(rusqlite::params![
                    document_id,
                    real(tone.score),
                    real(gdelt_tone),
                    real(positive),
                    real(negative),
                    real(polarity),
                    real(activity),
                    real(self_group),
                    real(word_count),
                    version,
                ])
            })
            .context("inserting tone")?;
            let mut statement = tx
                .prepare_cached(
                    "INSERT INTO tone_contributions (document_id, idx, start, \"end\", value, version_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .context("inserting tone contributions")?;
            for (idx, contribution) in tone.contributions.iter().enumerate() {
                let (start, end) = split(contribution.range);
                statement
                    .execute((document_id, idx as i64, start, end, real(contribution.value), version))
                    .context("inserting tone contributions")?;
            }
        }
        {
            let mut statement = tx
                .prepare_cached(
                    "INSERT INTO actor_tone (document_id, idx, actor, entity, score, evidence, version_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .context("inserting actor tone")?;
            for (idx, actor_tone) in analysis.actor_tone.iter().enumerate() {
                statement
                    .execute((
                        document_id,
                        idx as i64,
                        actor_tone.actor.as_str(),
                        actor_tone.entity.as_str(),
                        real(actor_tone.score),
                        ranges_json(&actor_tone.evidence),
                        version,
                    ))
                    .context("inserting actor tone")?;
            }
        }
        self.write_diagnostics(document_id, "analysis", analysis.diagnostics, Some(version))
    }
}

fn insert_event(
    tx: &Transaction<'_>,
    document_id: i64,
    idx: usize,
    date: &str,
    event: &Event,
    version: i64,
) -> Result<i64> {
    let mut statement = tx
        .prepare_cached(
            "INSERT INTO events (document_id, idx, date,
             source_actor, source_entity, source_start, source_end,
             target_actor, target_entity, target_start, target_end,
             code, root, quad_class, goldstein, plover, modality,
             speaker_actor, speaker_entity, speaker_start, speaker_end,
             location_name, location_entity, location_country, location_lat, location_lon, location_feature,
             location_start, location_end,
             sentence_start, sentence_end, evidence_start, evidence_end, rule, version_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
             ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35)",
        )
        .context("inserting an event")?;
    let (source_actor, source_entity, source_start, source_end) = event_actor(event.source.as_ref());
    let (target_actor, target_entity, target_start, target_end) = event_actor(event.target.as_ref());
    let (speaker_actor, speaker_entity, speaker_start, speaker_end) = event_actor(event.speaker.as_ref());
    let location = event.location.as_ref();
    let (location_start, location_end) = split_opt(location.map(|location| location.range));
    let (sentence_start, sentence_end) = split(event.sentence);
    let (evidence_start, evidence_end) = split(event.evidence);
    statement
        .execute(rusqlite::params![
            document_id,
            idx as i64,
            date,
            source_actor,
            source_entity,
            source_start,
            source_end,
            target_actor,
            target_entity,
            target_start,
            target_end,
            event.code.as_str(),
            event.code.root().as_str(),
            event.code.quad().number(),
            real(event.code.goldstein()),
            event.code.plover(),
            event.modality.as_str(),
            speaker_actor,
            speaker_entity,
            speaker_start,
            speaker_end,
            location.map(|location| location.name.as_str()),
            location.and_then(|location| location.entity.as_ref()).map(|entity| entity.as_str()),
            location.map(|location| location.country.as_str()),
            location.map(|location| location.lat),
            location.map(|location| location.lon),
            location.map(|location| location.feature.as_str()),
            location_start,
            location_end,
            sentence_start,
            sentence_end,
            evidence_start,
            evidence_end,
            event.rule,
            version,
        ])
        .context("inserting an event")?;
    Ok(tx.last_insert_rowid())
}

fn insert_claim(
    tx: &Transaction<'_>,
    document_id: i64,
    idx: usize,
    claim: &Claim,
    event_id: Option<i64>,
    version: i64,
) -> Result<()> {
    let (holder_kind, holder_actor, holder_entity, holder_text) = match &claim.holder {
        Holder::Author => ("author", None, None, None),
        Holder::Actor { actor, entity } => {
            ("actor", Some(actor.as_str()), entity.as_ref().map(|entity| entity.as_str()), None)
        }
        Holder::Other(text) => ("other", None, None, Some(text.as_str())),
    };
    let (start, end) = split(claim.range);
    tx.prepare_cached(
        "INSERT INTO claims (document_id, idx, start, \"end\", kind, holder_kind, holder_actor, holder_entity,
         holder_text, certainty, time, event_id, cues, rule, version_id, factuality_certainty, factuality_happened)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )
    .and_then(|mut statement| {
        statement.execute(rusqlite::params![
            document_id,
            idx as i64,
            start,
            end,
            claim.kind.as_str(),
            holder_kind,
            holder_actor,
            holder_entity,
            holder_text,
            claim.certainty.as_str(),
            claim.time.as_str(),
            event_id,
            ranges_json(&claim.cues),
            claim.rule,
            version,
            f64::from(claim.factuality.certainty),
            f64::from(claim.factuality.happened),
        ])
    })
    .context("inserting a claim")?;
    let claim_id = tx.last_insert_rowid();
    let mut statement = tx
        .prepare_cached("INSERT INTO claim_actors (claim_id, idx, actor) VALUES (?1, ?2, ?3)")
        .context("inserting claim actors")?;
    for (actor_idx, actor) in claim.actors.iter().enumerate() {
        statement.execute((claim_id, actor_idx as i64, actor.as_str())).context("inserting claim actors")?;
    }
    Ok(())
}

/// Binds one row's values to parameters `offset + 1 ..= offset + 32`.
fn bind_gdelt(
    statement: &mut rusqlite::CachedStatement<'_>,
    offset: usize,
    record: &GdeltRecord<'_>,
    day: &mut [u8; 10],
) -> rusqlite::Result<()> {
    fn text(text: &str) -> Option<&str> {
        Some(text).filter(|text| !text.is_empty())
    }
    let event = &record.event;
    let mut parameter = offset;
    let mut next = || {
        parameter += 1;
        parameter
    };
    statement.raw_bind_parameter(next(), event.global_event_id)?;
    statement.raw_bind_parameter(next(), iso_date_into(event.day, day))?;
    for actor in [&event.actor1, &event.actor2] {
        for value in [actor.code, actor.name, actor.country_code, actor.known_group] {
            statement.raw_bind_parameter(next(), text(value))?;
        }
        for value in actor.type_codes {
            statement.raw_bind_parameter(next(), text(value))?;
        }
    }
    statement.raw_bind_parameter(next(), event.is_root_event)?;
    statement.raw_bind_parameter(next(), event.event_code)?;
    statement.raw_bind_parameter(next(), event.quad_class)?;
    statement.raw_bind_parameter(next(), event.goldstein)?;
    statement.raw_bind_parameter(next(), event.num_mentions)?;
    statement.raw_bind_parameter(next(), event.num_sources)?;
    statement.raw_bind_parameter(next(), event.num_articles)?;
    statement.raw_bind_parameter(next(), event.avg_tone)?;
    statement.raw_bind_parameter(next(), event.action_geo_type)?;
    statement.raw_bind_parameter(next(), text(event.action_geo_fullname))?;
    statement.raw_bind_parameter(next(), text(event.action_geo_country))?;
    statement.raw_bind_parameter(next(), event.action_geo_lat)?;
    statement.raw_bind_parameter(next(), event.action_geo_long)?;
    statement.raw_bind_parameter(next(), text(event.action_country_iso))?;
    statement.raw_bind_parameter(next(), event.date_added)?;
    statement.raw_bind_parameter(next(), text(event.source_url))?;
    debug_assert_eq!(parameter, offset + GDELT_PARAMETERS);
    Ok(())
}

type ActorColumns<'a> = (Option<&'a str>, Option<&'a str>, Option<u32>, Option<u32>);

fn event_actor(actor: Option<&EventActor>) -> ActorColumns<'_> {
    match actor {
        None => (None, None, None, None),
        Some(actor) => {
            let (start, end) = split_opt(actor.range);
            (Some(actor.actor.as_str()), actor.entity.as_ref().map(|entity| entity.as_str()), start, end)
        }
    }
}

/// An `f32` as the `f64` of its shortest decimal form: 3.4f32 is stored as 3.4, not as
/// 3.4000000953674316.
fn real(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}

fn split(range: TextRange) -> (u32, u32) {
    (range.start().into(), range.end().into())
}

fn split_opt(range: Option<TextRange>) -> (Option<u32>, Option<u32>) {
    match range {
        Some(range) => (Some(range.start().into()), Some(range.end().into())),
        None => (None, None),
    }
}

/// Ranges as a JSON array of `[start, end]` pairs (readable with SQLite's `json_each`).
fn ranges_json(ranges: &[TextRange]) -> String {
    let mut json = String::from("[");
    for (idx, range) in ranges.iter().enumerate() {
        if idx > 0 {
            json.push(',');
        }
        let (start, end) = split(*range);
        let _ = write!(json, "[{start},{end}]");
    }
    json.push(']');
    json
}

/// `YYYY-MM-DD`.
pub(crate) fn iso_date(date: Date) -> String {
    let mut buffer = [0u8; 10];
    iso_date_into(date, &mut buffer).to_owned()
}

/// Formats `YYYY-MM-DD` into a buffer without allocating (the GDELT path writes millions).
pub(crate) fn iso_date_into(date: Date, buffer: &mut [u8; 10]) -> &str {
    use chrono::Datelike as _;
    let year = date.year().clamp(0, 9999) as u32;
    let digits = |value: u32, out: &mut [u8]| {
        let mut value = value;
        for slot in out.iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    digits(year, &mut buffer[0..4]);
    buffer[4] = b'-';
    digits(date.month(), &mut buffer[5..7]);
    buffer[7] = b'-';
    digits(date.day(), &mut buffer[8..10]);
    std::str::from_utf8(buffer).expect("digits and dashes are ASCII")
}
