//! Reads for the HTTP API (`grip serve`): pages of documents, one document with all its
//! annotations, and pages of interactions with the details a reader needs to audit them.
//!
//! The records here are owned and plain: the server turns them into its wire DTOs. Offsets are
//! byte offsets into `documents.text`, as everywhere in the store.

use rusqlite::OptionalExtension as _;

use crate::read::parse_iso_date;
use crate::{InteractionRow, Origin, Result, SqlContext as _, Store, StoreError};

/// One document in a list.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentListRow {
    /// `documents.id`.
    pub id: i64,
    /// The caller's id (file name, JSONL id).
    pub external_id: String,
    /// Where it came from (a path, a URL, `api`).
    pub source: String,
    /// Title, if any.
    pub title: Option<String>,
    /// URL, if any.
    pub url: Option<String>,
    /// The document date (`YYYY-MM-DD`), if known.
    pub date: Option<String>,
    /// Where the date came from (`given`, `text`, `fallback`).
    pub date_source: Option<String>,
    /// Length of the text in bytes.
    pub n_bytes: i64,
    /// Whether an analysis is stored.
    pub analyzed: bool,
    /// Linked mentions.
    pub n_mentions: i64,
    /// Coded events.
    pub n_events: i64,
    /// Claims.
    pub n_claims: i64,
}

/// A stored document with everything derived from it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentDetail {
    /// The list fields.
    pub summary: DocumentListRow,
    /// The original text.
    pub text: String,
    /// The engine version of the stored analysis, if any.
    pub engine_version: Option<String>,
    /// The KB version of the stored analysis, if any.
    pub kb_version: Option<String>,
    /// Sentences in text order.
    pub sentences: Vec<SentenceRow>,
    /// Mentions in text order.
    pub mentions: Vec<MentionRow>,
    /// Events in text order.
    pub events: Vec<EventRow>,
    /// Claims in text order.
    pub claims: Vec<ClaimRow>,
    /// Document tone, if analyzed and not empty.
    pub tone: Option<ToneRow>,
    /// Tone toward each actor.
    pub actor_tone: Vec<ActorToneRow>,
    /// Problems met reading or analyzing it.
    pub diagnostics: Vec<DiagnosticRow>,
}

/// A stored sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceRow {
    /// Start byte offset.
    pub start: u32,
    /// End byte offset.
    pub end: u32,
    /// Whether extraction skipped it (a repeated title, a signature).
    pub skipped: bool,
}

/// A stored mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionRow {
    /// Start byte offset.
    pub start: u32,
    /// End byte offset.
    pub end: u32,
    /// The sentence index.
    pub sentence: u32,
    /// KB entity id (`country/KAZ`).
    pub entity: String,
    /// Actor code at the document date.
    pub actor: String,
    /// Entity name.
    pub name: String,
    /// Entity kind.
    pub kind: String,
    /// The linking rule.
    pub rule: String,
    /// The KB form that matched.
    pub form: String,
}

/// One side of a stored event (source, target, speaker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSide {
    /// Actor code.
    pub actor: String,
    /// KB entity id, if linked.
    pub entity: Option<String>,
    /// The mention's range, if any.
    pub span: Option<(u32, u32)>,
}

/// A stored event location.
#[derive(Debug, Clone, PartialEq)]
pub struct LocationRow {
    /// Place name.
    pub name: String,
    /// KB entity id, if any.
    pub entity: Option<String>,
    /// ISO alpha-3 country.
    pub country: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// The place name's range, if any.
    pub span: Option<(u32, u32)>,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// `events.id`.
    pub id: i64,
    /// Day (`YYYY-MM-DD`).
    pub date: String,
    /// Who acts.
    pub source: Option<EventSide>,
    /// Who is acted upon.
    pub target: Option<EventSide>,
    /// Who reports it.
    pub speaker: Option<EventSide>,
    /// CAMEO code.
    pub code: String,
    /// CAMEO root code.
    pub root: String,
    /// Quad class (1–4).
    pub quad_class: u8,
    /// Goldstein score.
    pub goldstein: f64,
    /// PLOVER type, if any.
    pub plover: Option<String>,
    /// Modality.
    pub modality: String,
    /// Where, when stated.
    pub location: Option<LocationRow>,
    /// Sentence range.
    pub sentence: (u32, u32),
    /// Evidence (trigger) range.
    pub evidence: (u32, u32),
    /// The rule that fired.
    pub rule: String,
}

/// A stored claim.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRow {
    /// `claims.id`.
    pub id: i64,
    /// Start byte offset.
    pub start: u32,
    /// End byte offset.
    pub end: u32,
    /// `prediction`, `assertion`, `evaluation`, `recommendation`.
    pub kind: String,
    /// `author`, `actor` or `other`.
    pub holder_kind: String,
    /// The holder's actor code, for actors.
    pub holder_actor: Option<String>,
    /// The holder's KB entity, for actors.
    pub holder_entity: Option<String>,
    /// The words naming the holder, for others.
    pub holder_text: Option<String>,
    /// `certain`, `probable`, `possible`, `doubtful`.
    pub certainty: String,
    /// Factuality on the certainty scale (−3..+3); `None` for claims stored before schema v2.
    pub factuality_certainty: Option<f64>,
    /// Factuality on the happened scale (−3..+3); `None` for claims stored before schema v2.
    pub factuality_happened: Option<f64>,
    /// `past`, `present`, `future`.
    pub time: String,
    /// `events.id` of the event it states or forecasts.
    pub event_id: Option<i64>,
    /// Cue word ranges as stored (JSON `[[start,end],...]`).
    pub cues: Vec<(u32, u32)>,
    /// The rule.
    pub rule: String,
    /// Actor codes the claim is about.
    pub actors: Vec<String>,
}

/// Stored document tone.
#[derive(Debug, Clone, PartialEq)]
pub struct ToneRow {
    /// Calibrated score.
    pub score: f64,
    /// GDELT's tone tuple.
    pub gdelt: [f64; 7],
    /// The words behind it: start, end, value.
    pub contributions: Vec<(u32, u32, f64)>,
}

/// Stored tone toward an actor.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorToneRow {
    /// Actor code.
    pub actor: String,
    /// KB entity.
    pub entity: String,
    /// Score.
    pub score: f64,
    /// Evidence ranges.
    pub evidence: Vec<(u32, u32)>,
}

/// A stored diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticRow {
    /// `ingest` or `analysis`.
    pub stage: String,
    /// `info`, `warning`, `error`.
    pub severity: String,
    /// Stable code.
    pub code: String,
    /// Explanation.
    pub message: String,
    /// Where, if anywhere.
    pub span: Option<(u32, u32)>,
}

/// Which interactions a page of events shows. Party codes are matched loosely in SQL (a code
/// prefix, the country or the IGO group); the caller checks the exact party of each row.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// First day (inclusive), `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Last day (inclusive), `YYYY-MM-DD`.
    pub until: Option<String>,
    /// Only this origin.
    pub origin: Option<Origin>,
    /// CAMEO root code (`04`).
    pub root: Option<String>,
    /// Source party code: rows whose source actor starts with it, whose source country is it,
    /// or whose GDELT known group makes it (`IGO` + group).
    pub source: Option<String>,
    /// Target party code, matched like `source`.
    pub target: Option<String>,
    /// Only events coded from this document.
    pub document_id: Option<i64>,
}

/// Details of a grip event for a list: its rule and words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GripEventDetail {
    /// `events.id`.
    pub id: i64,
    /// The rule that fired.
    pub rule: String,
    /// The trigger words.
    pub evidence: String,
    /// The sentence.
    pub sentence: String,
    /// The document's title, if any.
    pub document_title: Option<String>,
}

/// Details of a GDELT row for a list: the actor and place names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GdeltEventDetail {
    /// GLOBALEVENTID.
    pub id: i64,
    /// Actor1Name.
    pub source_name: Option<String>,
    /// Actor2Name.
    pub target_name: Option<String>,
    /// ActionGeo_FullName.
    pub place: Option<String>,
}

const DOCUMENT_LIST_COLUMNS: &str = "d.id, d.external_id, d.source, d.title, d.url, d.date, d.date_source,
    length(CAST(d.text AS BLOB)), d.analysis_version IS NOT NULL,
    (SELECT count(*) FROM mentions m WHERE m.document_id = d.id),
    (SELECT count(*) FROM events e WHERE e.document_id = d.id),
    (SELECT count(*) FROM claims c WHERE c.document_id = d.id)";

fn document_list_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentListRow> {
    Ok(DocumentListRow {
        id: row.get(0)?,
        external_id: row.get(1)?,
        source: row.get(2)?,
        title: row.get(3)?,
        url: row.get(4)?,
        date: row.get(5)?,
        date_source: row.get(6)?,
        n_bytes: row.get(7)?,
        analyzed: row.get(8)?,
        n_mentions: row.get(9)?,
        n_events: row.get(10)?,
        n_claims: row.get(11)?,
    })
}

impl Store {
    /// Up to `limit` documents, newest first (by date, then id), skipping `offset`.
    ///
    /// # Errors
    /// When the query fails.
    pub fn list_documents(&self, offset: u64, limit: u64) -> Result<Vec<DocumentListRow>> {
        let sql = format!(
            "SELECT {DOCUMENT_LIST_COLUMNS} FROM documents d
             ORDER BY d.date DESC, d.id DESC LIMIT ?1 OFFSET ?2"
        );
        let mut statement = self.conn.prepare_cached(&sql).context("listing documents")?;
        let rows = statement
            .query_map((clamp_i64(limit), clamp_i64(offset)), document_list_row)
            .context("listing documents")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("listing documents")
    }

    /// One document with all its stored annotations, or `None` when there is no such id.
    ///
    /// # Errors
    /// When a query fails.
    pub fn document_detail(&self, id: i64) -> Result<Option<DocumentDetail>> {
        let action = "reading a document";
        let sql = format!(
            "SELECT {DOCUMENT_LIST_COLUMNS}, d.text, v.engine_version, v.kb_version
             FROM documents d LEFT JOIN versions v ON v.id = d.analysis_version WHERE d.id = ?1"
        );
        let head = self
            .conn
            .prepare_cached(&sql)
            .context(action)?
            .query_row([id], |row| Ok((document_list_row(row)?, row.get(12)?, row.get(13)?, row.get(14)?)))
            .optional()
            .context(action)?;
        let Some((summary, text, engine_version, kb_version)) = head else {
            return Ok(None);
        };
        Ok(Some(DocumentDetail {
            summary,
            text,
            engine_version,
            kb_version,
            sentences: self.sentence_rows(id)?,
            mentions: self.mention_rows(id)?,
            events: self.event_rows(id)?,
            claims: self.claim_rows(id)?,
            tone: self.tone_row(id)?,
            actor_tone: self.actor_tone_rows(id)?,
            diagnostics: self.diagnostic_rows(id)?,
        }))
    }

    /// Calls `f` for each interaction that passes `query`, newest first (day, then origin,
    /// then id, descending), until `f` returns `false`.
    ///
    /// # Errors
    /// When the query fails.
    pub fn interaction_page(&self, query: &EventQuery, mut f: impl FnMut(&InteractionRow<'_>) -> bool) -> Result<()> {
        let action = "reading events";
        let mut sql = String::from(
            "SELECT origin, event_id, document_id, day, coalesce(source_actor, ''), coalesce(source_country, ''),
             coalesce(source_types, ''), coalesce(target_actor, ''), coalesce(target_country, ''),
             coalesce(target_types, ''), code, quad_class, coalesce(goldstein, 0.0), modality,
             coalesce(action_country, ''), coalesce(url, ''), coalesce(source_group, ''),
             coalesce(target_group, '')
             FROM interactions WHERE 1 = 1",
        );
        let mut parameters: Vec<rusqlite::types::Value> = Vec::new();
        // Appends `clause` with its `{}` replaced by the number of a new parameter.
        let mut push = |sql: &mut String, clause: &str, value: rusqlite::types::Value| {
            parameters.push(value);
            sql.push_str(&clause.replace("{}", &format!("?{}", parameters.len())));
        };
        if let Some(since) = &query.since {
            push(&mut sql, " AND day >= {}", since.clone().into());
        }
        if let Some(until) = &query.until {
            // Days are stored as `YYYY-MM-DD`; a longer stored value still sorts after the day.
            push(&mut sql, " AND day <= {}", format!("{until}\u{10FFFF}").into());
        }
        if let Some(origin) = query.origin {
            push(&mut sql, " AND origin = {}", origin.as_str().to_owned().into());
        }
        if let Some(root) = &query.root {
            push(&mut sql, " AND substr(code, 1, 2) = {}", root.clone().into());
        }
        if let Some(document_id) = query.document_id {
            push(&mut sql, " AND document_id = {}", document_id.into());
        }
        for (side, code) in [("source", &query.source), ("target", &query.target)] {
            if let Some(code) = code {
                let pattern = format!("{}%", code.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
                push(&mut sql, &format!(" AND ({side}_actor LIKE {{}} ESCAPE '\\'"), pattern.into());
                push(&mut sql, &format!(" OR {side}_country = {{}}"), code.clone().into());
                push(&mut sql, &format!(" OR 'IGO' || {side}_group = {{}})"), code.clone().into());
            }
        }
        sql.push_str(" ORDER BY day DESC, origin DESC, event_id DESC");
        let mut statement = self.conn.prepare(&sql).context(action)?;
        let mut rows = statement.query(rusqlite::params_from_iter(parameters.iter())).context(action)?;
        while let Some(row) = rows.next().context(action)? {
            let text = |idx: usize| -> Result<&str> {
                row.get_ref(idx).context(action)?.as_str().map_err(|error| StoreError::Sql {
                    action,
                    source: rusqlite::Error::FromSqlConversionFailure(
                        idx,
                        rusqlite::types::Type::Text,
                        Box::new(error),
                    ),
                })
            };
            let Some(day) = parse_iso_date(text(3)?) else {
                continue;
            };
            let interaction = InteractionRow {
                origin: if text(0)? == "gdelt" { Origin::Gdelt } else { Origin::Grip },
                event_id: row.get(1).context(action)?,
                document_id: row.get(2).context(action)?,
                day,
                source_actor: text(4)?,
                source_country: text(5)?,
                source_types: text(6)?,
                target_actor: text(7)?,
                target_country: text(8)?,
                target_types: text(9)?,
                code: text(10)?,
                quad_class: row.get::<_, Option<u8>>(11).context(action)?.unwrap_or(0),
                goldstein: row.get(12).context(action)?,
                modality: text(13)?,
                action_country: text(14)?,
                url: text(15)?,
                source_group: text(16)?,
                target_group: text(17)?,
            };
            if !f(&interaction) {
                break;
            }
        }
        Ok(())
    }

    /// Rules, words and document titles of grip events, by id (unknown ids are left out).
    ///
    /// # Errors
    /// When the query fails.
    pub fn grip_event_details(&self, ids: &[i64]) -> Result<Vec<GripEventDetail>> {
        let action = "reading event details";
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT e.id, e.rule,
                    CAST(substr(CAST(d.text AS BLOB), e.evidence_start + 1, e.evidence_end - e.evidence_start) AS TEXT),
                    CAST(substr(CAST(d.text AS BLOB), e.sentence_start + 1, e.sentence_end - e.sentence_start) AS TEXT),
                    d.title
                 FROM events e JOIN documents d ON d.id = e.document_id WHERE e.id = ?1",
            )
            .context(action)?;
        let mut details = Vec::new();
        for &id in ids {
            let detail = statement
                .query_row([id], |row| {
                    Ok(GripEventDetail {
                        id: row.get(0)?,
                        rule: row.get(1)?,
                        evidence: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
                        sentence: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
                        document_title: row.get(4)?,
                    })
                })
                .optional()
                .context(action)?;
            details.extend(detail);
        }
        Ok(details)
    }

    /// Actor and place names of GDELT rows, by GLOBALEVENTID (unknown ids are left out).
    ///
    /// # Errors
    /// When the query fails.
    pub fn gdelt_event_details(&self, ids: &[i64]) -> Result<Vec<GdeltEventDetail>> {
        let action = "reading GDELT details";
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT global_event_id, actor1_name, actor2_name, action_geo_fullname
                 FROM gdelt_events WHERE global_event_id = ?1",
            )
            .context(action)?;
        let mut details = Vec::new();
        for &id in ids {
            let detail = statement
                .query_row([id], |row| {
                    Ok(GdeltEventDetail {
                        id: row.get(0)?,
                        source_name: row.get(1)?,
                        target_name: row.get(2)?,
                        place: row.get(3)?,
                    })
                })
                .optional()
                .context(action)?;
            details.extend(detail);
        }
        Ok(details)
    }

    fn sentence_rows(&self, id: i64) -> Result<Vec<SentenceRow>> {
        let action = "reading sentences";
        let mut statement = self
            .conn
            .prepare_cached("SELECT start, \"end\", skipped FROM sentences WHERE document_id = ?1 ORDER BY idx")
            .context(action)?;
        let rows = statement
            .query_map([id], |row| Ok(SentenceRow { start: row.get(0)?, end: row.get(1)?, skipped: row.get(2)? }))
            .context(action)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context(action)
    }

    fn mention_rows(&self, id: i64) -> Result<Vec<MentionRow>> {
        let action = "reading mentions";
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT start, \"end\", sentence, entity, actor, name, kind, rule, form
                 FROM mentions WHERE document_id = ?1 ORDER BY idx",
            )
            .context(action)?;
        let rows = statement
            .query_map([id], |row| {
                Ok(MentionRow {
                    start: row.get(0)?,
                    end: row.get(1)?,
                    sentence: row.get(2)?,
                    entity: row.get(3)?,
                    actor: row.get(4)?,
                    name: row.get(5)?,
                    kind: row.get(6)?,
                    rule: row.get(7)?,
                    form: row.get(8)?,
                })
            })
            .context(action)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context(action)
    }

    fn event_rows(&self, id: i64) -> Result<Vec<EventRow>> {
        let action = "reading events";
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT id, date,
                    source_actor, source_entity, source_start, source_end,
                    target_actor, target_entity, target_start, target_end,
                    speaker_actor, speaker_entity, speaker_start, speaker_end,
                    code, root, quad_class, goldstein, plover, modality,
                    location_name, location_entity, location_country, location_lat, location_lon,
                    location_start, location_end,
                    sentence_start, sentence_end, evidence_start, evidence_end, rule
                 FROM events WHERE document_id = ?1 ORDER BY idx",
            )
            .context(action)?;
        let rows = statement
            .query_map([id], |row| {
                let side = |at: usize| -> rusqlite::Result<Option<EventSide>> {
                    let actor: Option<String> = row.get(at)?;
                    Ok(match actor {
                        Some(actor) => Some(EventSide {
                            actor,
                            entity: row.get(at + 1)?,
                            span: span(row.get(at + 2)?, row.get(at + 3)?),
                        }),
                        None => None,
                    })
                };
                let location_name: Option<String> = row.get(20)?;
                let location = match location_name {
                    Some(name) => Some(LocationRow {
                        name,
                        entity: row.get(21)?,
                        country: row.get(22)?,
                        lat: row.get(23)?,
                        lon: row.get(24)?,
                        span: span(row.get(25)?, row.get(26)?),
                    }),
                    None => None,
                };
                Ok(EventRow {
                    id: row.get(0)?,
                    date: row.get(1)?,
                    source: side(2)?,
                    target: side(6)?,
                    speaker: side(10)?,
                    code: row.get(14)?,
                    root: row.get(15)?,
                    quad_class: row.get(16)?,
                    goldstein: row.get(17)?,
                    plover: row.get(18)?,
                    modality: row.get(19)?,
                    location,
                    sentence: (row.get(27)?, row.get(28)?),
                    evidence: (row.get(29)?, row.get(30)?),
                    rule: row.get(31)?,
                })
            })
            .context(action)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context(action)
    }

    fn claim_rows(&self, id: i64) -> Result<Vec<ClaimRow>> {
        let action = "reading claims";
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.start, c.\"end\", c.kind, c.holder_kind, c.holder_actor, c.holder_entity,
                    c.holder_text, c.certainty, c.time, c.event_id, c.cues, c.rule,
                    (SELECT group_concat(actor, ' ') FROM
                        (SELECT actor FROM claim_actors a WHERE a.claim_id = c.id ORDER BY a.idx)),
                    c.factuality_certainty, c.factuality_happened
                 FROM claims c WHERE c.document_id = ?1 ORDER BY c.idx",
            )
            .context(action)?;
        let rows = statement
            .query_map([id], |row| {
                let cues: String = row.get(11)?;
                let actors: Option<String> = row.get(13)?;
                Ok(ClaimRow {
                    id: row.get(0)?,
                    start: row.get(1)?,
                    end: row.get(2)?,
                    kind: row.get(3)?,
                    holder_kind: row.get(4)?,
                    holder_actor: row.get(5)?,
                    holder_entity: row.get(6)?,
                    holder_text: row.get(7)?,
                    certainty: row.get(8)?,
                    factuality_certainty: row.get(14)?,
                    factuality_happened: row.get(15)?,
                    time: row.get(9)?,
                    event_id: row.get(10)?,
                    cues: ranges(&cues),
                    rule: row.get(12)?,
                    actors: actors.map(|actors| actors.split(' ').map(str::to_owned).collect()).unwrap_or_default(),
                })
            })
            .context(action)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context(action)
    }

    fn tone_row(&self, id: i64) -> Result<Option<ToneRow>> {
        let action = "reading tone";
        let head = self
            .conn
            .prepare_cached(
                "SELECT score, gdelt_tone, positive, negative, polarity, activity_density, self_group_density,
                    word_count FROM tone WHERE document_id = ?1",
            )
            .context(action)?
            .query_row([id], |row| {
                Ok((
                    row.get::<_, f64>(0)?,
                    [row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?, row.get(7)?],
                ))
            })
            .optional()
            .context(action)?;
        let Some((score, gdelt)) = head else {
            return Ok(None);
        };
        let mut statement = self
            .conn
            .prepare_cached("SELECT start, \"end\", value FROM tone_contributions WHERE document_id = ?1 ORDER BY idx")
            .context(action)?;
        let contributions = statement
            .query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .context(action)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context(action)?;
        Ok(Some(ToneRow { score, gdelt, contributions }))
    }

    fn actor_tone_rows(&self, id: i64) -> Result<Vec<ActorToneRow>> {
        let action = "reading actor tone";
        let mut statement = self
            .conn
            .prepare_cached("SELECT actor, entity, score, evidence FROM actor_tone WHERE document_id = ?1 ORDER BY idx")
            .context(action)?;
        let rows = statement
            .query_map([id], |row| {
                let evidence: String = row.get(3)?;
                Ok(ActorToneRow {
                    actor: row.get(0)?,
                    entity: row.get(1)?,
                    score: row.get(2)?,
                    evidence: ranges(&evidence),
                })
            })
            .context(action)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context(action)
    }

    fn diagnostic_rows(&self, id: i64) -> Result<Vec<DiagnosticRow>> {
        let action = "reading diagnostics";
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT stage, severity, code, message, start, \"end\" FROM diagnostics WHERE document_id = ?1
                 ORDER BY stage DESC, idx",
            )
            .context(action)?;
        let rows = statement
            .query_map([id], |row| {
                Ok(DiagnosticRow {
                    stage: row.get(0)?,
                    severity: row.get(1)?,
                    code: row.get(2)?,
                    message: row.get(3)?,
                    span: span(row.get(4)?, row.get(5)?),
                })
            })
            .context(action)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context(action)
    }
}

fn span(start: Option<u32>, end: Option<u32>) -> Option<(u32, u32)> {
    Some((start?, end?))
}

/// Parses the stored `[[start,end],...]` JSON; anything else gives no ranges.
fn ranges(json: &str) -> Vec<(u32, u32)> {
    serde_json::from_str::<Vec<(u32, u32)>>(json).unwrap_or_default()
}

fn clamp_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// A claim of kind `prediction`, with the event it forecasts when it names one.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictionClaim {
    /// `claims.id`.
    pub claim_id: i64,
    /// The document that makes it.
    pub document_id: i64,
    /// The document's external id.
    pub document_external_id: String,
    /// The document's title, if any.
    pub document_title: Option<String>,
    /// The document's URL, if any.
    pub url: Option<String>,
    /// The document date (`YYYY-MM-DD`), if known.
    pub date: Option<String>,
    /// The claim's words.
    pub text: String,
    /// `certain`, `probable`, `possible`, `doubtful`.
    pub certainty: String,
    /// `past`, `present`, `future`.
    pub time: String,
    /// Who holds it: `author`, an actor code, or the words naming them.
    pub holder: String,
    /// The rule that found it.
    pub rule: String,
    /// The forecast event: id, source actor, target actor, CAMEO code, modality.
    pub event: Option<(i64, String, String, String, String)>,
}

impl Store {
    /// Every claim of kind `prediction`, in document-date order, with its forecast event if
    /// it names one (see [`Store::predictions`] for only those).
    ///
    /// # Errors
    /// When the query fails.
    pub fn prediction_claims(&self) -> Result<Vec<PredictionClaim>> {
        let action = "reading predictions";
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT c.id, d.id, d.external_id, d.title, d.url, d.date,
                    CAST(substr(CAST(d.text AS BLOB), c.start + 1, c.\"end\" - c.start) AS TEXT),
                    c.certainty, c.time, coalesce(c.holder_actor, c.holder_text, c.holder_kind), c.rule,
                    e.id, coalesce(e.source_actor, ''), coalesce(e.target_actor, ''), e.code, e.modality
                 FROM claims c JOIN documents d ON d.id = c.document_id LEFT JOIN events e ON e.id = c.event_id
                 WHERE c.kind = 'prediction'
                 ORDER BY d.date, d.id, c.idx",
            )
            .context(action)?;
        let rows = statement
            .query_map([], |row| {
                let event_id: Option<i64> = row.get(11)?;
                let event = match event_id {
                    Some(id) => Some((id, row.get(12)?, row.get(13)?, row.get(14)?, row.get(15)?)),
                    None => None,
                };
                Ok(PredictionClaim {
                    claim_id: row.get(0)?,
                    document_id: row.get(1)?,
                    document_external_id: row.get(2)?,
                    document_title: row.get(3)?,
                    url: row.get(4)?,
                    date: row.get(5)?,
                    text: row.get::<_, Option<String>>(6)?.unwrap_or_default(),
                    certainty: row.get(7)?,
                    time: row.get(8)?,
                    holder: row.get(9)?,
                    rule: row.get(10)?,
                    event,
                })
            })
            .context(action)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context(action)
    }
}
