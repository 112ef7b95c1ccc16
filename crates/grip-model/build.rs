//! Generates the CAMEO code table from the canonical `codes/cameo.tsv` at the repository root,
//! so that codes are types (`CameoCode`) and the strings live in one reviewed file.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let table = manifest_dir.join("../../codes/cameo.tsv");
    println!("cargo::rerun-if-changed={}", table.display());
    let text = std::fs::read_to_string(&table).expect("codes/cameo.tsv is readable");
    let mut out = String::from("/// The CAMEO table generated from codes/cameo.tsv, sorted by code.\n");
    out.push_str("pub(crate) static CAMEO_TABLE: &[CameoEntry] = &[\n");
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("code\t") || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<String> = line.split('\t').map(str::to_owned).collect();
        assert!(fields.len() == 7, "codes/cameo.tsv:{}: expected 7 tab-separated fields", idx + 1);
        assert!(
            fields[0].chars().all(|c| c.is_ascii_digit()) && (2..=4).contains(&fields[0].len()),
            "codes/cameo.tsv:{}: bad code",
            idx + 1
        );
        fields[2].parse::<f32>().unwrap_or_else(|_| panic!("codes/cameo.tsv:{}: bad Goldstein value", idx + 1));
        rows.push(fields);
    }
    rows.sort_by(|a, b| a[0].cmp(&b[0]));
    for fields in &rows {
        writeln!(
            out,
            "    CameoEntry {{ code: {:?}, name: {:?}, goldstein: {}_f32, quad: {}, plover: {:?}, mode: {:?}, context: {:?} }},",
            fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]
        )
        .expect("writing to a String cannot fail");
    }
    out.push_str("];\n");
    let out_path = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("cameo_table.rs");
    std::fs::write(out_path, out).expect("OUT_DIR is writable");
}
