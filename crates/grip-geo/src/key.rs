//! The lookup key of a place name, shared by the build script and the library: ASCII
//! transliteration, lowercase, apostrophes dropped, any other non-alphanumeric run is one space,
//! and the usual English abbreviations spelled out (`St.` = `Saint`, `Mt` = `Mount`, `Ft` = `Fort`).

/// Writes the key of `name` into `out` (cleared first).
pub fn place_key(name: &str, out: &mut String) {
    out.clear();
    let ascii = any_ascii::any_ascii(name);
    let mut word = String::new();
    for ch in ascii.chars().chain(std::iter::once(' ')) {
        if ch.is_ascii_alphanumeric() {
            word.push(ch.to_ascii_lowercase());
        } else if ch == '\'' || ch == '`' {
            // "Cote d'Ivoire", "N'Djamena": written with and without the apostrophe.
        } else if !word.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(match word.as_str() {
                "st" => "saint",
                "ste" => "sainte",
                "mt" => "mount",
                "ft" => "fort",
                other => other,
            });
            word.clear();
        }
    }
}

/// Trailing words of division names that writers add or leave out: GeoNames files "Anhui
/// Sheng", "Tibet Autonomous Region" and "Almaty Oblysy", news writes "Helmand Province",
/// "Kherson Oblast" and "Rakhine State" where GeoNames has "Helmand", "Kherson" and "Rakhine".
pub const DIVISION_WORDS: &[&str] = &[
    "sheng",
    "shi",
    "zizhiqu",
    "zhuangzu",
    "huizu",
    "uygur",
    "autonomous",
    "region",
    "oblysy",
    "oblasi",
    "oblast",
    "qalasy",
    "province",
    "governorate",
    "prefecture",
    "state",
    "department",
    "municipality",
];

/// Compass words that begin division names ("West Darfur", "Northern Cape"); a name that is
/// nothing but one is never a division's short form.
pub const DIRECTIONS: &[&str] =
    &["north", "south", "east", "west", "central", "northern", "southern", "eastern", "western", "upper", "lower"];

/// The key of `key` without its trailing division words ("helmand province" -> "helmand"), or
/// `None` when it has none, or too little would be left (at least 4 letters, not a compass word).
pub fn without_division_words(key: &str) -> Option<&str> {
    let mut short = key;
    while let Some((head, last)) = short.rsplit_once(' ') {
        if !DIVISION_WORDS.contains(&last) {
            break;
        }
        short = head;
    }
    (short.len() < key.len() && short.len() >= 4 && !DIRECTIONS.contains(&short)).then_some(short)
}
