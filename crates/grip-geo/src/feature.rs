//! The GeoNames feature codes of the named physical and geographic features the gazetteer lists
//! (`data/features.tsv`), shared by the build script and the library: a feature's record stores
//! `FIRST_FEATURE_KIND` plus the code's index in [`FEATURE_CODES`].

/// Feature codes in the order their kinds are numbered (GeoNames' codes, geonames.org).
pub const FEATURE_CODES: &[&str] = &[
    "OCN", "SEA", "GULF", "BAY", "STRT", "CNL", "LK", "RSV", "STM", "MTS", "MT", "DSRT", "ISL", "ISLS", "PEN", "VAL",
    "GRGE", "DLTA", "RGN", "PLN", "PLAT", "BSN", "SHOL", "PASS", "CAPE", "FRST",
];

/// The kind byte of the first feature code (0, 1 and 2 are places and divisions).
pub const FIRST_FEATURE_KIND: u8 = 3;
