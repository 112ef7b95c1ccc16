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
