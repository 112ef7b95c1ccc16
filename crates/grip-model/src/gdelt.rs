//! GDELT 2.0 event rows: how a grip event fills GDELT's 61 tab-separated columns. Shared by
//! `grip export --format gdelt` (stored events) and `grip analyze --format gdelt` (one
//! document), so that both write the same row for the same event; the Python package mirrors
//! it (`python/grip/gdelt.py`).

use chrono::Datelike as _;

use crate::Date;

/// The number of columns of a GDELT 2.0 event row.
pub const COLUMNS: usize = 61;

/// What a grip event contributes to a GDELT row.
#[derive(Debug, Clone, PartialEq)]
pub struct GripEventRow<'a> {
    /// GLOBALEVENTID.
    pub id: i64,
    /// The document date (GDELT's SQLDATE and DATEADDED).
    pub date: Date,
    /// The source actor code (`RUSMIL`, `IGOCSTO`, `REGION:CAS`); empty when missing.
    pub source: &'a str,
    /// The target actor code; empty when missing.
    pub target: &'a str,
    /// The CAMEO code.
    pub code: &'a str,
    /// The CAMEO root code.
    pub root: &'a str,
    /// The quad class, 1..4.
    pub quad: u8,
    /// The Goldstein value.
    pub goldstein: f64,
    /// The document's GDELT-style tone, when it has one.
    pub tone: Option<f64>,
    /// Where the event happened (ActionGeo).
    pub place: Option<GdeltPlace<'a>>,
    /// SOURCEURL.
    pub url: &'a str,
}

/// One side of a GDELT event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GdeltActor<'a> {
    /// Actor1Code (`RUSGOV`, `IGOUNO`).
    pub code: &'a str,
    /// Actor1Name (`RUSSIA`).
    pub name: &'a str,
    /// Actor1CountryCode (CAMEO, ISO-based: `RUS`).
    pub country_code: &'a str,
    /// Actor1KnownGroupCode (`UNO`, `NAT`).
    pub known_group: &'a str,
    /// Actor1Type1Code .. Actor1Type3Code (`GOV`, `MIL`).
    pub type_codes: [&'a str; 3],
}

/// One GDELT event row (1.0 or 2.0): the columns grip reads and stores. Text borrows from the
/// row (empty when the column is).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GdeltEvent<'a> {
    /// GLOBALEVENTID.
    pub global_event_id: i64,
    /// SQLDATE.
    pub day: Date,
    /// Actor1.
    pub actor1: GdeltActor<'a>,
    /// Actor2.
    pub actor2: GdeltActor<'a>,
    /// IsRootEvent.
    pub is_root_event: Option<i64>,
    /// EventCode, as text (`010`).
    pub event_code: &'a str,
    /// QuadClass (1–4).
    pub quad_class: u8,
    /// GoldsteinScale.
    pub goldstein: Option<f64>,
    /// NumMentions.
    pub num_mentions: Option<i64>,
    /// NumSources.
    pub num_sources: Option<i64>,
    /// NumArticles.
    pub num_articles: Option<i64>,
    /// AvgTone.
    pub avg_tone: Option<f64>,
    /// ActionGeo_Type.
    pub action_geo_type: Option<i64>,
    /// ActionGeo_FullName.
    pub action_geo_fullname: &'a str,
    /// ActionGeo_CountryCode: FIPS 10-4, not ISO (`RS` is Russia, `CH` China).
    pub action_geo_country: &'a str,
    /// ActionGeo_Lat.
    pub action_geo_lat: Option<f64>,
    /// ActionGeo_Long.
    pub action_geo_long: Option<f64>,
    /// ActionGeo_CountryCode mapped to ISO alpha-3, or empty when unknown.
    pub action_country_iso: &'a str,
    /// DATEADDED (YYYYMMDD in 1.0, YYYYMMDDHHMMSS in 2.0).
    pub date_added: Option<i64>,
    /// SOURCEURL (absent in the 1.0 backfile).
    pub source_url: &'a str,
    /// The GDELT version of the source format (1 or 2).
    pub format: u8,
}

/// The ActionGeo fields of a row.
#[derive(Debug, Clone, PartialEq)]
pub struct GdeltPlace<'a> {
    /// The place name.
    pub name: &'a str,
    /// The FIPS 10-4 country code GDELT uses (empty when unknown).
    pub fips_country: &'a str,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// The GeoNames feature code (`PCLI` for a country).
    pub feature: &'a str,
}

/// The 61 fields of a grip event's GDELT row. NumMentions, NumSources and NumArticles are 1;
/// ActionGeo_Type as in GDELT (see [`geo_type`]); a region, which GDELT cannot express, leaves the
/// ActionGeo fields empty.
pub fn grip_event_fields(row: &GripEventRow<'_>) -> Vec<String> {
    let mut fields = vec![String::new(); COLUMNS];
    fields[0] = row.id.to_string();
    fill_dates(&mut fields, row.date);
    fill_actor(&mut fields[5..15], row.source);
    fill_actor(&mut fields[15..25], row.target);
    fields[25] = "1".to_owned();
    fields[26] = row.code.to_owned();
    fields[27] = row.code.get(..3).unwrap_or(row.code).to_owned();
    fields[28] = row.root.to_owned();
    fields[29] = row.quad.to_string();
    fields[30] = format_real(row.goldstein);
    fields[31] = "1".to_owned();
    fields[32] = "1".to_owned();
    fields[33] = "1".to_owned();
    fields[34] = row.tone.map(format_real).unwrap_or_default();
    if let Some((place, geo_type)) = row.place.as_ref().and_then(|place| Some((place, geo_type(place)?))) {
        fields[51] = geo_type.to_owned();
        fields[52] = place.name.to_owned();
        fields[53] = place.fips_country.to_owned();
        fields[56] = place.lat.map(format_real).unwrap_or_default();
        fields[57] = place.lon.map(format_real).unwrap_or_default();
    }
    fields[59] = format!("{}000000", fields[1]);
    fields[60] = row.url.to_owned();
    fields
}

/// GDELT's Geo_Type of a place: 1 country, 2 US state, 3 US city, 4 world city, 5 world state
/// (first-level division); second-level divisions count as cities, as GDELT's gazetteer has no
/// county type. `None` for a region (`RGN`) or an unknown feature.
pub fn geo_type(place: &GdeltPlace<'_>) -> Option<&'static str> {
    let us = place.fips_country == "US";
    match place.feature {
        feature if feature.starts_with("PCL") => Some("1"),
        "ADM1" => Some(if us { "2" } else { "5" }),
        feature if feature.starts_with("PPL") || feature == "ADM2" => Some(if us { "3" } else { "4" }),
        _ => None,
    }
}

/// SQLDATE (`YYYYMMDD`), MonthYear, Year and FractionDate from a date.
pub fn fill_dates(fields: &mut [String], date: Date) {
    fields[1] = format!("{:04}{:02}{:02}", date.year(), date.month(), date.day());
    fields[2] = fields[1][..6].to_owned();
    fields[3] = fields[1][..4].to_owned();
    fields[4] = format!("{:.4}", f64::from(date.year()) + f64::from(date.ordinal()) / 365.0);
}

/// Splits a grip actor code into GDELT's Actor*Code, Name, CountryCode, KnownGroupCode, four
/// empty ethnic/religion fields and Type1..3 codes (`fields` is the actor's 10 columns).
pub fn fill_actor(fields: &mut [String], code: &str) {
    if code.is_empty() {
        return;
    }
    fields[0] = code.to_owned();
    fields[1] = code.to_owned();
    if let Some(region) = code.strip_prefix("REGION:") {
        fields[2] = region.to_owned();
        return;
    }
    let (country, sectors) = code.split_at(code.len().min(3));
    if country == "IGO" {
        fields[3] = sectors.get(..sectors.len().min(3)).unwrap_or("").to_owned();
    } else {
        fields[2] = country.to_owned();
    }
    let types = if country == "IGO" { sectors.get(3.min(sectors.len())..).unwrap_or("") } else { sectors };
    for (slot, chunk) in types.as_bytes().chunks(3).take(3).enumerate() {
        fields[7 + slot] = String::from_utf8_lossy(chunk).into_owned();
    }
}

/// Reals as GDELT writes them: at least one decimal.
pub fn format_real(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.1}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_split_into_gdelt_fields() {
        let mut fields = vec![String::new(); 10];
        fill_actor(&mut fields, "IGOCSTOMIL");
        assert_eq!((fields[0].as_str(), fields[2].as_str(), fields[3].as_str()), ("IGOCSTOMIL", "", "CST"));
        let mut fields = vec![String::new(); 10];
        fill_actor(&mut fields, "KAZGOVMIL");
        assert_eq!((fields[2].as_str(), fields[7].as_str(), fields[8].as_str()), ("KAZ", "GOV", "MIL"));
        let mut fields = vec![String::new(); 10];
        fill_actor(&mut fields, "REGION:CAS");
        assert_eq!(fields[2], "CAS");
    }

    #[test]
    fn a_row_has_61_fields_and_gdelt_dates() {
        let row = GripEventRow {
            id: 7,
            date: Date::from_ymd_opt(2022, 1, 6).expect("valid date"),
            source: "RUSMIL",
            target: "KAZ",
            code: "0234",
            root: "02",
            quad: 1,
            goldstein: 3.4,
            tone: Some(-2.0),
            place: Some(GdeltPlace {
                name: "Almaty",
                fips_country: "KZ",
                lat: Some(43.25),
                lon: Some(76.0),
                feature: "PPLA",
            }),
            url: "https://example.org/a",
        };
        let fields = grip_event_fields(&row);
        assert_eq!(fields.len(), COLUMNS);
        assert_eq!(&fields[1..5], ["20220106", "202201", "2022", "2022.0164"]);
        assert_eq!((fields[27].as_str(), fields[28].as_str(), fields[30].as_str()), ("023", "02", "3.4"));
        assert_eq!((fields[34].as_str(), fields[51].as_str(), fields[57].as_str()), ("-2.0", "4", "76.0"));
        assert_eq!(fields[59], "20220106000000");
    }

    #[test]
    fn geo_types_follow_gdelt() {
        let place = |fips_country: &'static str, feature: &'static str| GdeltPlace {
            name: "x",
            fips_country,
            lat: Some(1.0),
            lon: Some(2.0),
            feature,
        };
        let types: Vec<Option<&str>> = [
            place("KZ", "PCLI"),
            place("US", "ADM1"),
            place("US", "PPL"),
            place("KZ", "PPLA"),
            place("KZ", "ADM1"),
            place("GB", "ADM2"),
            place("", "RGN"),
        ]
        .iter()
        .map(geo_type)
        .collect();
        assert_eq!(types, [Some("1"), Some("2"), Some("3"), Some("4"), Some("5"), Some("4"), None]);
    }
}
