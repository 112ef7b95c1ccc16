//! Exports: any table, view or read-only query as JSON Lines or CSV, and events (grip's and
//! imported GDELT rows) as GDELT 2.0 event rows (61 tab-separated columns).

use std::collections::BTreeMap;
use std::io::Write;

use grip_model::gdelt;

use crate::read::{InteractionFilter, Origin, Value};
use crate::{Result, SqlContext as _, Store, StoreError};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object per row, keys = column names.
    Jsonl,
    /// CSV with a header row (RFC 4180 quoting).
    Csv,
    /// GDELT 2.0 event rows (61 tab-separated columns, no header); events only.
    Gdelt,
    /// Apache Parquet (Snappy-compressed; column types from the declared SQL types).
    Parquet,
}

/// What to export as JSON Lines or CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportSource {
    /// A table or view by name (`documents`, `interactions` ...).
    Table(String),
    /// A read-only SQL query.
    Sql(String),
}

/// Options of the GDELT export.
#[derive(Debug, Clone, Default)]
pub struct GdeltExportOptions {
    /// Which rows.
    pub filter: InteractionFilter,
    /// ISO alpha-3 -> FIPS 10-4, to fill ActionGeo_CountryCode of grip events (GDELT geography
    /// uses FIPS codes, not ISO).
    pub iso_to_fips: BTreeMap<String, String>,
}

impl Store {
    /// Writes a table, view or query as JSON Lines or CSV. Returns the number of rows.
    ///
    /// # Errors
    /// [`StoreError::Query`] for an unknown table or a bad query, [`StoreError::Write`] when
    /// writing fails, [`StoreError::Unsupported`] for the GDELT format, which has its own
    /// [`Store::export_gdelt`].
    pub fn export(&self, source: &ExportSource, format: ExportFormat, out: &mut (dyn Write + Send)) -> Result<u64> {
        let sql = match source {
            ExportSource::Sql(sql) => sql.clone(),
            ExportSource::Table(name) => {
                let exists: i64 = self
                    .conn
                    .query_row(
                        "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?1",
                        [name],
                        |row| row.get(0),
                    )
                    .context("looking up a table")?;
                if exists == 0 {
                    return Err(StoreError::Query { message: format!("no table or view named {name:?}") });
                }
                format!("SELECT * FROM \"{}\"", name.replace('"', "\"\""))
            }
        };
        match format {
            ExportFormat::Jsonl => self.query(&sql, |columns, values| write_json_line(out, columns, values)),
            ExportFormat::Csv => {
                let mut writer = csv::Writer::from_writer(out);
                let mut wrote_header = false;
                let mut record: Vec<String> = Vec::new();
                let n_rows = self.query(&sql, |columns, values| {
                    if !wrote_header {
                        writer.write_record(columns).map_err(csv_error)?;
                        wrote_header = true;
                    }
                    record.clear();
                    record.extend(values.iter().map(|value| value_text(*value)));
                    writer.write_record(&record).map_err(csv_error)
                })?;
                writer.flush().map_err(|source| StoreError::Write { source })?;
                Ok(n_rows)
            }
            ExportFormat::Gdelt => Err(StoreError::Unsupported(
                "the gdelt format exports events, not arbitrary tables; use the events export".into(),
            )),
            ExportFormat::Parquet => crate::parquet::write_parquet(self, &sql, out),
        }
    }

    /// Writes events as GDELT 2.0 event rows: imported GDELT rows as stored, and grip's factual
    /// events (asserted or reported) mapped onto GDELT's columns. Returns the number of rows.
    ///
    /// # Errors
    /// When a query or a write fails.
    pub fn export_gdelt(&self, options: &GdeltExportOptions, out: &mut dyn Write) -> Result<u64> {
        let filter = &options.filter;
        let mut n_rows = 0;
        let mut where_clause = String::from("WHERE 1 = 1");
        let mut parameters = Vec::new();
        if let Some(since) = filter.since {
            parameters.push(crate::write::iso_date(since));
            where_clause.push_str(&format!(" AND day >= ?{}", parameters.len()));
        }
        if let Some(until) = filter.until {
            parameters.push(crate::write::iso_date(until));
            where_clause.push_str(&format!(" AND day <= ?{}", parameters.len()));
        }
        if filter.origin != Some(Origin::Grip) {
            let sql = format!(
                "SELECT global_event_id, day,
                    actor1_code, actor1_name, actor1_country_code, actor1_known_group,
                    actor1_type1_code, actor1_type2_code, actor1_type3_code,
                    actor2_code, actor2_name, actor2_country_code, actor2_known_group,
                    actor2_type1_code, actor2_type2_code, actor2_type3_code,
                    is_root_event, event_code, quad_class, goldstein, num_mentions, num_sources, num_articles,
                    avg_tone, action_geo_type, action_geo_fullname, action_geo_country, action_geo_lat,
                    action_geo_long, date_added, source_url
                 FROM gdelt_events {where_clause} ORDER BY global_event_id"
            );
            // Where each selected column goes among GDELT's 61.
            const TARGETS: [usize; 31] = [
                0, 1, 5, 6, 7, 8, 12, 13, 14, 15, 16, 17, 18, 22, 23, 24, 25, 26, 29, 30, 31, 32, 33, 34, 51, 52, 53,
                56, 57, 59, 60,
            ];
            let mut statement = self.conn.prepare(&sql).context("exporting GDELT rows")?;
            let mut rows =
                statement.query(rusqlite::params_from_iter(parameters.iter())).context("exporting GDELT rows")?;
            let mut fields: Vec<String> = vec![String::new(); gdelt::COLUMNS];
            while let Some(row) = rows.next().context("exporting GDELT rows")? {
                fields.iter_mut().for_each(String::clear);
                for (column_idx, target) in TARGETS.iter().enumerate() {
                    let value = Value::from_ref(row.get_ref(column_idx).context("exporting GDELT rows")?);
                    push_gdelt_value(&mut fields[*target], value);
                }
                // SQLDATE is stored as YYYY-MM-DD; GDELT writes YYYYMMDD and derives the rest.
                let day = std::mem::take(&mut fields[1]);
                fill_dates(&mut fields, &day);
                let code = fields[26].clone();
                fields[27] = code.get(..3).unwrap_or(&code).to_owned();
                fields[28] = code.get(..2).unwrap_or(&code).to_owned();
                write_gdelt_line(out, &fields)?;
                n_rows += 1;
            }
        }
        if filter.origin != Some(Origin::Gdelt) {
            n_rows +=
                self.export_grip_events_as_gdelt(&where_clause.replace("day", "e.date"), &parameters, options, out)?;
        }
        Ok(n_rows)
    }

    fn export_grip_events_as_gdelt(
        &self,
        where_clause: &str,
        parameters: &[String],
        options: &GdeltExportOptions,
        out: &mut dyn Write,
    ) -> Result<u64> {
        let sql = format!(
            "SELECT e.id, e.date, coalesce(e.source_actor, ''), coalesce(e.target_actor, ''), e.code, e.root,
                    e.quad_class, e.goldstein, coalesce(e.location_name, ''), coalesce(e.location_country, ''),
                    e.location_lat, e.location_lon, coalesce(e.location_feature, ''), coalesce(d.url, ''),
                    d.id, t.gdelt_tone
             FROM events e JOIN documents d ON d.id = e.document_id LEFT JOIN tone t ON t.document_id = d.id
             {where_clause} AND e.modality IN ('asserted', 'reported')
             ORDER BY e.id"
        );
        let mut statement = self.conn.prepare(&sql).context("exporting events")?;
        let mut rows = statement.query(rusqlite::params_from_iter(parameters.iter())).context("exporting events")?;
        let mut n_rows = 0;
        while let Some(row) = rows.next().context("exporting events")? {
            let get_text = |idx: usize| -> Result<String> { row.get(idx).context("exporting events") };
            let id: i64 = row.get(0).context("exporting events")?;
            let day = get_text(1)?;
            let (source, target, code, root) = (get_text(2)?, get_text(3)?, get_text(4)?, get_text(5)?);
            let quad: i64 = row.get(6).context("exporting events")?;
            let goldstein: f64 = row.get(7).context("exporting events")?;
            let (place, place_country) = (get_text(8)?, get_text(9)?);
            let lat: Option<f64> = row.get(10).context("exporting events")?;
            let lon: Option<f64> = row.get(11).context("exporting events")?;
            let feature = get_text(12)?;
            let url = get_text(13)?;
            let document_id: i64 = row.get(14).context("exporting events")?;
            let tone: Option<f64> = row.get(15).context("exporting events")?;
            let date = crate::read::parse_iso_date(&day)
                .ok_or_else(|| StoreError::Query { message: format!("stored event {id} has the date {day:?}") })?;
            let fips = options.iso_to_fips.get(&place_country).map_or("", String::as_str);
            let url = if url.is_empty() { format!("grip:document/{document_id}") } else { url };
            let fields = gdelt::grip_event_fields(&gdelt::GripEventRow {
                id,
                date,
                source: &source,
                target: &target,
                code: &code,
                root: &root,
                quad: u8::try_from(quad).unwrap_or(0),
                goldstein,
                tone,
                place: (!place.is_empty()).then_some(gdelt::GdeltPlace {
                    name: &place,
                    fips_country: fips,
                    lat,
                    lon,
                    feature: &feature,
                }),
                url: &url,
            });
            write_gdelt_line(out, &fields)?;
            n_rows += 1;
        }
        Ok(n_rows)
    }
}

/// Fills SQLDATE, MonthYear, Year and FractionDate from a `YYYY-MM-DD` day.
fn fill_dates(fields: &mut [String], day: &str) {
    use chrono::Datelike as _;
    let sqldate = day.replace('-', "");
    fields[2] = sqldate.get(..6).unwrap_or("").to_owned();
    fields[3] = sqldate.get(..4).unwrap_or("").to_owned();
    fields[1] = sqldate;
    if let Some(date) = crate::read::parse_iso_date(day) {
        fields[4] = format!("{:.4}", f64::from(date.year()) + f64::from(date.ordinal()) / 365.0);
    }
}

fn write_gdelt_line(out: &mut dyn Write, fields: &[String]) -> Result<()> {
    let mut line = fields.join("\t");
    line.push('\n');
    out.write_all(line.as_bytes()).map_err(|source| StoreError::Write { source })
}

fn push_gdelt_value(line: &mut String, value: Value<'_>) {
    match value {
        Value::Null => {}
        Value::Integer(value) => line.push_str(&value.to_string()),
        Value::Real(value) => line.push_str(&gdelt::format_real(value)),
        Value::Text(text) => line.push_str(text),
        Value::Blob(bytes) => line.push_str(&String::from_utf8_lossy(bytes)),
    }
}

fn value_text(value: Value<'_>) -> String {
    match value {
        Value::Null => String::new(),
        Value::Integer(value) => value.to_string(),
        Value::Real(value) => value.to_string(),
        Value::Text(text) => text.to_owned(),
        Value::Blob(bytes) => bytes.iter().map(|byte| format!("{byte:02x}")).collect(),
    }
}

fn write_json_line(out: &mut dyn Write, columns: &[String], values: &[Value<'_>]) -> Result<()> {
    // Written by hand to keep the column order (a JSON map would sort the keys).
    let mut line = String::from("{");
    for (idx, (column, value)) in columns.iter().zip(values).enumerate() {
        if idx > 0 {
            line.push(',');
        }
        line.push_str(&json_string(column));
        line.push(':');
        match *value {
            Value::Null => line.push_str("null"),
            Value::Integer(value) => line.push_str(&value.to_string()),
            Value::Real(value) if value.is_finite() => line.push_str(&serde_json::Value::from(value).to_string()),
            Value::Real(_) => line.push_str("null"),
            Value::Text(text) => line.push_str(&json_string(text)),
            Value::Blob(bytes) => line.push_str(&json_string(&value_text(Value::Blob(bytes)))),
        }
    }
    line.push_str("}\n");
    out.write_all(line.as_bytes()).map_err(|source| StoreError::Write { source })
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

fn csv_error(error: csv::Error) -> StoreError {
    match error.into_kind() {
        csv::ErrorKind::Io(source) => StoreError::Write { source },
        other => StoreError::Write { source: std::io::Error::other(format!("{other:?}")) },
    }
}
