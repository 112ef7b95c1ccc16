//! Embeds the KB sources under `kb/` into the library: generates a table of
//! `(name, include_str!(path))` and a version string from `kb/VERSION` plus a content hash.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let kb_dir = manifest_dir.join("../../kb").canonicalize().expect("the kb/ directory exists at the repository root");
    println!("cargo::rerun-if-changed={}", kb_dir.display());

    let mut files = Vec::new();
    collect_toml(&kb_dir, &mut files);
    files.sort();

    let version = std::fs::read_to_string(kb_dir.join("VERSION")).expect("kb/VERSION exists");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut table = String::from("static EMBEDDED: &[KbSource<'static>] = &[\n");
    for path in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path.strip_prefix(&kb_dir).expect("collected under kb/").to_string_lossy().replace('\\', "/");
        let contents = std::fs::read(path).expect("kb source is readable");
        for byte in name.as_bytes().iter().chain(&contents) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        writeln!(
            table,
            "    KbSource {{ name: \"kb/{name}\", text: include_str!({:?}) }},",
            path.display().to_string()
        )
        .expect("writing to a String cannot fail");
    }
    table.push_str("];\n");
    writeln!(table, "static EMBEDDED_VERSION: &str = \"{}+{:08x}\";", version.trim(), hash as u32)
        .expect("writing to a String cannot fail");

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_kb.rs");
    std::fs::write(out, table).expect("OUT_DIR is writable");
}

fn collect_toml(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("kb/ is readable");
    for entry in entries {
        let path = entry.expect("kb/ entry is readable").path();
        if path.is_dir() {
            println!("cargo::rerun-if-changed={}", path.display());
            collect_toml(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "toml") {
            files.push(path);
        }
    }
}
