//! End-to-end tests of the `grip` binary: the README commands, the JSON contract, and bad input
//! (binary garbage, invalid UTF-8, empty files, a gigantic line, malformed JSONL).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn grip(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_grip"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("grip starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    if let Some(bytes) = stdin {
        // grip may exit before reading stdin (argument errors): a broken pipe here is fine.
        let _ = input.write_all(bytes);
    }
    drop(input);
    child.wait_with_output().expect("grip finishes")
}

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("grip-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("temp file");
    path
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

#[test]
fn demo_prints_a_report() {
    let output = grip(&["demo"], None);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report = stdout(&output);
    assert!(report.contains("ACTORS"));
    assert!(report.contains("\"Tajikstan\""), "misspelled forms are listed");
    assert!(report.contains("person/sadyr-japarov"));
}

#[test]
fn json_contract_from_stdin() {
    let output = grip(
        &["analyze", "--json", "--date", "2022-01-10", "-"],
        Some("President Tokayev asked the CSTO for help.".as_bytes()),
    );
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_str(stdout(&output).trim()).expect("one JSON object");
    assert_eq!(json["date"], "2022-01-10");
    let actors: Vec<&str> =
        json["mentions"].as_array().expect("mentions").iter().map(|m| m["actor"].as_str().unwrap_or("")).collect();
    assert_eq!(actors, ["KAZGOV", "IGOCSTO"]);
}

#[test]
fn jsonl_streams_in_order_and_names_bad_lines() {
    let input = concat!(
        "{\"id\":\"a\",\"date\":\"2022-01-06\",\"text\":\"Russian troops arrived in Almaty.\"}\n",
        "this is not json\n",
        "\n",
        "{\"id\":\"c\",\"text\":\"\"}\n",
        "{\"id\":7,\"date\":\"not a date\",\"text\":\"Kazakhstan.\"}\n",
        "{\"id\":\"e\"}\n",
    );
    let path = temp_file("docs.jsonl", input.as_bytes());
    let output = grip(&["analyze", "--jsonl", path.to_str().expect("utf-8 path")], None);
    assert_eq!(output.status.code(), Some(2), "bad lines make the exit code 2");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("docs.jsonl:2: skipped"), "{stderr}");
    assert!(stderr.contains("docs.jsonl:6: skipped: missing field `text`"), "{stderr}");
    let ids: Vec<String> = stdout(&output)
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).expect("JSON line")["id"].as_str().unwrap_or("").to_owned()
        })
        .collect();
    assert_eq!(ids, ["a", "c", "7"]);
    assert!(stdout(&output).contains("empty-document"));
    assert!(stdout(&output).contains("bad-date"));
}

/// `analyze --jsonl -` on a live feed answers each document while the feed stays open, not
/// when a batch fills or the input ends. (A failure would hang on the read: the test gives up
/// after two minutes.)
#[test]
fn jsonl_on_a_live_pipe_answers_before_the_input_ends() {
    use std::io::BufRead as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_grip"))
        .args(["analyze", "--jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("grip starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    input
        .write_all(b"{\"id\":\"live\",\"date\":\"2022-01-06\",\"text\":\"Russian troops arrived in Almaty.\"}\n")
        .expect("grip reads stdin");
    input.flush().expect("flushes");
    let output = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(output).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(std::time::Duration::from_secs(120)).expect("an answer while stdin is still open");
    let value: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
    assert_eq!(value["id"], "live");
    drop(input);
    assert!(child.wait().expect("grip exits").success());
}

#[test]
fn jsonl_on_several_threads_keeps_input_order_across_batches() {
    // More documents than one pipeline batch (256), of very different lengths, so that
    // workers finish out of order.
    let mut input = String::new();
    for idx in 0..600 {
        let text =
            if idx % 7 == 0 { "Russia sent troops to Kazakhstan. ".repeat(40) } else { "Tokayev spoke.".to_owned() };
        input.push_str(&serde_json::json!({ "id": format!("d{idx}"), "date": "2022-01-06", "text": text }).to_string());
        input.push('\n');
    }
    let path = temp_file("many.jsonl", input.as_bytes());
    let path = path.to_str().expect("utf-8 path");
    let parallel = grip(&["--threads", "2", "analyze", "--jsonl", path], None);
    assert_eq!(parallel.status.code(), Some(0));
    let ids: Vec<String> = stdout(&parallel)
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).expect("JSON line")["id"].as_str().unwrap_or("").to_owned()
        })
        .collect();
    let want: Vec<String> = (0..600).map(|idx| format!("d{idx}")).collect();
    assert_eq!(ids, want);
    let serial = grip(&["--threads", "1", "analyze", "--jsonl", path], None);
    assert_eq!(stdout(&serial), stdout(&parallel), "one thread and two give the same bytes");
}

#[test]
fn gdelt_and_plover_formats() {
    let article = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/demo/article.txt");
    let gdelt = grip(&["analyze", "--format", "gdelt", "--date", "2022-01-10", article], None);
    assert_eq!(gdelt.status.code(), Some(0));
    let rows: Vec<Vec<String>> =
        stdout(&gdelt).lines().map(|line| line.split('\t').map(str::to_owned).collect()).collect();
    assert!(!rows.is_empty(), "the demo article has events that happened");
    for row in &rows {
        assert_eq!(row.len(), 61, "{row:?}");
        assert_eq!(row[1], "20220110");
        assert!(row[0].parse::<i64>().is_ok_and(|id| id >= 1 << 62), "GLOBALEVENTID {}", row[0]);
        assert_eq!(row[28], row[26][..2], "EventRootCode is the first two digits of EventCode");
        assert!(["1", "2", "3", "4"].contains(&row[29].as_str()), "QuadClass {}", row[29]);
    }
    let plover = grip(&["analyze", "--format", "plover", "--date", "2022-01-10", article], None);
    assert_eq!(plover.status.code(), Some(0));
    let records: Vec<serde_json::Value> =
        stdout(&plover).lines().map(|line| serde_json::from_str(line).expect("one JSON record per line")).collect();
    assert!(!records.is_empty());
    for record in &records {
        assert_eq!(record["date"], "2022-01-10");
        assert!(record["event"][0].is_string(), "{record}");
        assert!(record["actor"].is_array() && record["recipient"].is_array(), "{record}");
        assert!(record["rule"].as_str().is_some_and(|rule| rule.starts_with("verbs/")), "{record}");
    }
}

#[test]
fn bad_bytes_never_crash() {
    let garbage: Vec<u8> = (0..200_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let garbage_path = temp_file("garbage.bin", &garbage);
    let latin1_path = temp_file("latin1.txt", b"Caf\xe9 in Astana: the Kremlin sent troops.");
    let empty_path = temp_file("empty.txt", b"");
    let output = grip(
        &[
            "analyze",
            "--json",
            garbage_path.to_str().expect("path"),
            latin1_path.to_str().expect("path"),
            empty_path.to_str().expect("path"),
        ],
        None,
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<serde_json::Value> =
        stdout(&output).lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0]["diagnostics"].to_string().contains("invalid-utf8"));
    assert!(lines[1]["diagnostics"].to_string().contains("invalid-utf8"));
    assert!(lines[1]["mentions"].to_string().contains("RUSGOV"), "text around bad bytes is still analyzed");
    assert!(lines[2]["diagnostics"].to_string().contains("empty-document"));
}

#[test]
fn a_gigantic_line_is_analyzed() {
    let mut text = String::with_capacity(50_000_000);
    while text.len() < 50_000_000 {
        text.push_str("Russia and China held talks on Kazakhstan while troops waited ");
    }
    let path = temp_file("huge.txt", text.as_bytes());
    let output = grip(&["analyze", "--json", path.to_str().expect("path")], None);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout(&output).contains("sentence-too-long"));
}

#[test]
fn missing_files_and_bad_dates_give_clear_errors() {
    let output = grip(&["analyze", "/nonexistent/grip-test.txt"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("reading /nonexistent/grip-test.txt"));
    let output = grip(&["analyze", "--date", "2022-13-01", "-"], Some(b"x"));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a YYYY-MM-DD date"));
    let bad_kb = temp_file("bad-kb.toml", b"[[country]]\nid = \"X\"\n");
    let output = grip(&["--kb-extra", bad_kb.to_str().expect("path"), "demo"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad-kb.toml"));
}

#[test]
fn user_kb_entries_are_linked() {
    let extra = temp_file(
        "extra.toml",
        b"[[person]]\nid = \"aigerim-tulegenova\"\nname = \"Aigerim Tulegenova\"\nsurnames = [\"Tulegenova\"]\ncountry = \"KAZ\"\nsector = \"MED\"\n",
    );
    let output = grip(
        &["--kb-extra", extra.to_str().expect("path"), "analyze", "--json", "-"],
        Some(b"Tulegenova wrote about Astana."),
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout(&output).contains("KAZMED"));
}
