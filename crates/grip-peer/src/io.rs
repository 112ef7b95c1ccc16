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
