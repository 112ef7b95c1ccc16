//! Test support shared by grip's crates: finding the reference data in `../shared` and checking
//! golden files. Used only as a dev-dependency.

#![warn(missing_docs)]

use std::path::{Path, PathBuf};

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository root exists")
}

/// The `../shared` directory with the seed and the peer suites, if present.
///
/// `GRIP_SHARED` overrides the location. When the directory is absent the test should skip
/// (this prints a note); when `GRIP_REQUIRE_SHARED=1` (set by `.ci/run`) absence is a failure.
///
/// # Panics
/// Panics when the data is required but missing.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("GRIP_SHARED").map(PathBuf::from).unwrap_or_else(|| repo_root().join("../shared"));
    if dir.join("seed").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("GRIP_REQUIRE_SHARED").as_deref() != Ok("1"),
        "GRIP_REQUIRE_SHARED=1 but the shared data is missing at {}",
        dir.display()
    );
    eprintln!("note: {} not found; skipping a test that needs the shared reference data", dir.display());
    None
}

/// Compares `actual` with the golden file at `path` (relative to the repository root).
///
/// With `UPDATE_GOLDEN=1` the file is (re)written instead; review the diff before committing.
///
/// # Panics
/// Panics with a line diff when the output differs from the golden file.
#[track_caller]
pub fn check_golden(path: &str, actual: &str) {
    let path = repo_root().join(path);
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().expect("golden files live in a directory"))
            .expect("can create the directory");
        std::fs::write(&path, actual).expect("can write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden file {}; run with UPDATE_GOLDEN=1 to create it", path.display()));
    if expected != actual {
        let mut diff = String::new();
        let expected_lines: Vec<&str> = expected.lines().collect();
        let actual_lines: Vec<&str> = actual.lines().collect();
        let n = expected_lines.len().max(actual_lines.len());
        let mut shown = 0;
        for idx in 0..n {
            let (e, a) = (expected_lines.get(idx), actual_lines.get(idx));
            if e != a && shown < 40 {
                shown += 1;
                diff.push_str(&format!("line {}:\n  - {}\n  + {}\n", idx + 1, e.unwrap_or(&""), a.unwrap_or(&"")));
            }
        }
        panic!("output differs from {} (UPDATE_GOLDEN=1 to accept):\n{diff}", path.display());
    }
}
