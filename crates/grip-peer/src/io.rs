//! The one module of this crate that touches the file system: reading a dictionary directory
//! for the CLI (`grip analyze --dictionaries DIR`, `grip eval`). Everything else takes text.

use std::path::Path;

use crate::PeerError;

/// Reads every regular file directly inside `dir` as `(file name, text)` pairs, sorted by name.
///
/// Bytes that are not UTF-8 (old dictionaries are often Latin-1) are replaced, so a
/// dictionary never fails to load because of an accent in a comment.
///
/// # Errors
/// [`PeerError::Io`] naming the directory or file that could not be read.
pub fn load_dir(dir: &Path) -> Result<Vec<(String, String)>, PeerError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PeerError::Io { path, source }
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io_err(dir))? {
        let entry = entry.map_err(io_err(dir))?;
        let path = entry.path();
        if !entry.file_type().map_err(io_err(&path))?.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(io_err(&path))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        files.push((name, String::from_utf8_lossy(&bytes).into_owned()));
    }
    files.sort();
    Ok(files)
}

/// Appends the text an XML entity or character reference stands for (`&amp;` -> `&`, `&#233;` ->
/// `é`); quick-xml reports references as events of their own. Unknown entities add nothing.
pub fn push_xml_reference(text: &mut String, reference: &quick_xml::events::BytesRef<'_>) {
    match reference.resolve_char_ref() {
        Ok(Some(ch)) => text.push(ch),
        _ => text.push_str(match &*reference.xml10_content() {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            _ => "",
        }),
    }
}
