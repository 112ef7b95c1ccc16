//! End-to-end tests of the corpus commands through the built `grip` binary: idempotent and
//! crash-safe ingest (a real child process killed with SIGKILL), bad input of every kind,
//! GDELT import and influence, read-only queries, exports, feeds polled from a local HTTP
//! server, and charts.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use grip_store::Store;

fn grip() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_grip"));
    command.env_remove("GRIP_LOG").stdin(Stdio::null());
    command
}

fn run(args: &[&str]) -> Output {
    grip().args(args).output().expect("grip runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("grip-cli-corpus-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("can create a temporary directory");
    dir
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// One value of a one-row, one-column query.
fn scalar(db: &Path, sql: &str) -> String {
    let output = run(&["query", "--db", path_str(db), sql]);
    assert!(output.status.success(), "{sql}: {}", stderr(&output));
    stdout(&output).lines().nth(1).unwrap_or_default().to_owned()
}

fn write_jsonl(path: &Path, n_documents: usize, bad_line: Option<usize>) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("creates"));
    for idx in 0..n_documents {
        if Some(idx) == bad_line {
            writeln!(file, "{{\"id\": \"broken\", \"text\": ").expect("writes");
        }
        writeln!(
            file,
            "{{\"id\":\"doc-{idx}\",\"date\":\"2022-01-{:02}\",\"text\":\"Document {idx}: Kazakhstan asked Russia for help, and the CSTO sent troops to Almaty.\"}}",
            idx % 28 + 1
        )
        .expect("writes");
    }
}

#[test]
fn ingest_is_idempotent_and_reports_bad_lines_by_file_and_line() {
    let dir = tempdir("idempotent");
    let db = dir.join("grip.db");
    let docs = dir.join("docs.jsonl");
    write_jsonl(&docs, 40, Some(10));
    let first = run(&["ingest", path_str(&docs), "--db", path_str(&db), "--no-analyze"]);
    assert_eq!(first.status.code(), Some(2), "a bad line makes the exit code 2: {}", stderr(&first));
    assert!(
        stderr(&first).contains(&format!("grip: skipped: {}:11: not a JSON Lines document record", docs.display())),
        "{}",
        stderr(&first)
    );
    assert!(stderr(&first).contains("documents: 40 new, 0 duplicate, 1 failed"), "{}", stderr(&first));
    let second = run(&["ingest", path_str(&docs), "--db", path_str(&db), "--no-analyze"]);
    assert!(stderr(&second).contains("documents: 0 new, 40 duplicate, 1 failed"), "{}", stderr(&second));
    assert_eq!(scalar(&db, "SELECT count(*) FROM documents"), "40");
    assert_eq!(scalar(&db, "SELECT count(*) FROM failures WHERE line = 11"), "2");
    assert_eq!(scalar(&db, "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL"), "2");
}

#[test]
fn ingest_analyzes_and_reanalyze_catches_up() {
    let dir = tempdir("analyze");
    let db = dir.join("grip.db");
    let docs = dir.join("docs.jsonl");
    write_jsonl(&docs, 20, None);
    let output = run(&["ingest", path_str(&docs), "--db", path_str(&db)]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(scalar(&db, "SELECT count(*) FROM documents WHERE analysis_version IS NULL"), "0");
    assert_ne!(scalar(&db, "SELECT count(*) FROM mentions"), "0");
    // Documents stored without analysis are analyzed by `reanalyze`; a second pass has nothing
    // left to do.
    let more = dir.join("more.txt");
    std::fs::write(&more, "Tokayev thanked Putin for the CSTO deployment.").expect("writes");
    let output = run(&["ingest", path_str(&more), "--db", path_str(&db), "--no-analyze"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(scalar(&db, "SELECT count(*) FROM documents WHERE analysis_version IS NULL"), "1");
    let output = run(&["reanalyze", "--db", path_str(&db)]);
    assert!(stderr(&output).contains("re-analyzed 1 documents"), "{}", stderr(&output));
    let output = run(&["reanalyze", "--db", path_str(&db)]);
    assert!(stderr(&output).contains("re-analyzed 0 documents"), "{}", stderr(&output));
    let output = run(&["reanalyze", "--db", path_str(&db), "--all"]);
    assert!(stderr(&output).contains("re-analyzed 21 documents"), "{}", stderr(&output));
}

#[test]
fn a_killed_ingest_resumes_without_losing_or_doubling_documents() {
    let dir = tempdir("crash");
    let db = dir.join("grip.db");
    let docs = dir.join("docs.jsonl");
    let n_documents = 300_000;
    write_jsonl(&docs, n_documents, None);
    let mut child = grip()
        .args(["ingest", path_str(&docs), "--db", path_str(&db), "--no-analyze"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("grip starts");
    // Wait for the first committed batch, then kill the process without warning.
    let started = Instant::now();
    let n_before_kill = loop {
        let count =
            Store::open_read_only(&db).ok().and_then(|store| store.summary(None).ok()).map_or(0, |s| s.n_documents);
        if count > 0 {
            break count;
        }
        assert!(child.try_wait().expect("can poll").is_none(), "the ingest ended before it could be killed");
        assert!(started.elapsed() < Duration::from_secs(120), "no batch was committed in two minutes");
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().expect("SIGKILL is delivered");
    let status = child.wait().expect("the child is reaped");
    assert!(!status.success());
    let n_after_kill: usize = scalar(&db, "SELECT count(*) FROM documents").parse().expect("a count");
    assert!(
        n_after_kill >= n_before_kill as usize && n_after_kill < n_documents,
        "killed after {n_after_kill} documents"
    );
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM runs WHERE finished_at IS NULL"),
        "1",
        "the killed run never finished"
    );
    // Every stored document is complete: the last committed batch is whole.
    assert_eq!(scalar(&db, "SELECT count(*) FROM documents WHERE text NOT LIKE 'Document %Almaty.'"), "0");
    let output = run(&["ingest", path_str(&docs), "--db", path_str(&db), "--no-analyze"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains(&format!("documents: {} new, {n_after_kill} duplicate, 0 failed", n_documents - n_after_kill)),
        "{}",
        stderr(&output)
    );
    assert_eq!(scalar(&db, "SELECT count(*) FROM documents"), n_documents.to_string());
    assert_eq!(scalar(&db, "SELECT count(DISTINCT external_id) FROM documents"), n_documents.to_string());
}

/// A GDELT 2.0 row.
fn gdelt_row(
    id: u64,
    date: &str,
    source: (&str, &str),
    target: (&str, &str),
    code: &str,
    quad: u8,
    goldstein: &str,
) -> String {
    let mut fields = vec![String::new(); 61];
    fields[0] = id.to_string();
    fields[1] = date.to_owned();
    fields[5] = source.0.to_owned();
    fields[7] = source.1.to_owned();
    fields[15] = target.0.to_owned();
    fields[17] = target.1.to_owned();
    fields[25] = "1".to_owned();
    fields[26] = code.to_owned();
    fields[27] = code.get(..3).unwrap_or(code).to_owned();
    fields[28] = code[..2].to_owned();
    fields[29] = quad.to_string();
    fields[30] = goldstein.to_owned();
    fields[31] = "1".to_owned();
    fields[51] = "1".to_owned();
    fields[52] = "Kazakhstan".to_owned();
    fields[53] = "KZ".to_owned();
    fields[59] = format!("{date}000000");
    fields[60] = format!("https://example.org/{id}");
    fields.join("\t")
}

fn kaz_gdelt_file(path: &Path) {
    let mut lines = Vec::new();
    let mut id = 1000;
    let mut next = || {
        id += 1;
        id
    };
    for day in ["20241007", "20241014", "20241021", "20241028"] {
        lines.push(gdelt_row(next(), day, ("RUSGOV", "RUS"), ("KAZGOV", "KAZ"), "074", 2, "8.5"));
        lines.push(gdelt_row(next(), day, ("KAZGOV", "KAZ"), ("CHNGOV", "CHN"), "061", 2, "6.4"));
        lines.push(gdelt_row(next(), day, ("KAZ", "KAZ"), ("USA", "USA"), "010", 1, "0.0"));
    }
    lines.push(gdelt_row(next(), "20240901", ("RUSGOV", "RUS"), ("KAZGOV", "KAZ"), "190", 4, "-10.0"));
    // Malformed rows: a short row, a bad date, a bad quad class.
    lines.push("1\t20241007\t202410".to_owned());
    lines.push(gdelt_row(next(), "2024107", ("RUS", "RUS"), ("KAZ", "KAZ"), "042", 1, "1.9"));
    lines.push(gdelt_row(next(), "20241007", ("RUS", "RUS"), ("KAZ", "KAZ"), "042", 9, "1.9"));
    std::fs::write(path, lines.join("\n") + "\n").expect("writes");
}

#[test]
fn gdelt_import_keeps_good_rows_reports_bad_ones_and_feeds_influence() {
    let dir = tempdir("gdelt");
    let db = dir.join("grip.db");
    let events = dir.join("20241028.export.CSV");
    kaz_gdelt_file(&events);
    let output = run(&["ingest", "--db", path_str(&db), "--gdelt", path_str(&events)]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let messages = stderr(&output);
    for expected in [
        format!(
            "{}:14: expected 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated columns, found 3",
            events.display()
        ),
        format!("{}:15: column SQLDATE: \"2024107\" is not a YYYYMMDD date", events.display()),
        format!("{}:16: column QuadClass: \"9\" is not 1, 2, 3 or 4", events.display()),
        "GDELT rows: 13 new, 0 duplicate, 3 failed".to_owned(),
    ] {
        assert!(messages.contains(&expected), "{expected:?} not in {messages}");
    }
    assert_eq!(
        scalar(&db, "SELECT typeof(event_code) || ' ' || event_code FROM gdelt_events WHERE event_code LIKE '01%'"),
        "text 010"
    );
    assert_eq!(scalar(&db, "SELECT DISTINCT action_country_iso FROM gdelt_events"), "KAZ");
    let again = run(&["ingest", "--db", path_str(&db), "--gdelt", path_str(&events)]);
    assert!(stderr(&again).contains("GDELT rows: 0 new, 13 duplicate, 3 failed"), "{}", stderr(&again));

    let output = run(&["influence", "--db", path_str(&db), "--target", "KAZ", "--since", "2024-10-01"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = stdout(&output);
    // 4 weeks: RUS 4 x 8.5 = 34, CHN 4 x 6.4 = 25.6, USA 0 (statements weigh nothing).
    let rus = table.lines().find(|line| line.contains(" RUS ")).expect("RUS is ranked");
    let chn = table.lines().find(|line| line.contains(" CHN ")).expect("CHN is ranked");
    assert!(rus.trim_start().starts_with("1  RUS") && rus.contains("0.570") && rus.contains("1.000"), "{table}");
    assert!(chn.trim_start().starts_with("2  CHN") && chn.contains("0.430"), "{table}");
    assert!(table.contains("target KAZ: 12 dyadic events"), "{table}");
    let json = run(&["influence", "--db", path_str(&db), "--target", "KAZ", "--json", "--series", "--pairs"]);
    assert!(json.status.success(), "{}", stderr(&json));
    assert!(stdout(&json).lines().all(|line| line.starts_with("{\"")), "{}", stdout(&json));
}

#[test]
fn queries_are_read_only_and_exports_round_trip() {
    let dir = tempdir("export");
    let db = dir.join("grip.db");
    let events = dir.join("events.tsv");
    kaz_gdelt_file(&events);
    run(&["ingest", "--db", path_str(&db), "--gdelt", path_str(&events)]);
    let output = run(&["query", "--db", path_str(&db), "DELETE FROM gdelt_events"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("only read-only statements are allowed"), "{}", stderr(&output));
    let output = run(&["query", "--db", path_str(&dir.join("missing.db")), "SELECT 1"]);
    assert!(stderr(&output).contains("does not exist; create it with `grip ingest`"), "{}", stderr(&output));

    let exported = dir.join("export.tsv");
    let output = run(&["export", "--db", path_str(&db), "--format", "gdelt", "-o", path_str(&exported)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&exported).expect("reads");
    assert_eq!(text.lines().count(), 13);
    assert!(text.lines().all(|line| line.split('\t').count() == 61));
    let copy = dir.join("copy.db");
    let output = run(&["ingest", "--db", path_str(&copy), "--gdelt", path_str(&exported)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let columns = "global_event_id, day, actor1_code, actor2_code, event_code, quad_class, goldstein, source_url";
    let sql = format!("SELECT {columns} FROM gdelt_events ORDER BY 1");
    assert_eq!(
        stdout(&run(&["query", "--db", path_str(&copy), &sql])),
        stdout(&run(&["query", "--db", path_str(&db), &sql]))
    );

    let output = run(&["export", "--db", path_str(&db), "--format", "csv", "--table", "gdelt_events"]);
    assert!(stdout(&output).starts_with("global_event_id,day,actor1_code"), "{}", stdout(&output));
    let output = run(&[
        "export",
        "--db",
        path_str(&db),
        "--format",
        "jsonl",
        "--sql",
        "SELECT event_code FROM gdelt_events LIMIT 1",
    ]);
    assert_eq!(stdout(&output).trim(), "{\"event_code\":\"074\"}");
    let parquet = dir.join("events.parquet");
    let output = run(&[
        "export",
        "--db",
        path_str(&db),
        "--format",
        "parquet",
        "--table",
        "gdelt_events",
        "-o",
        path_str(&parquet),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("exported 13 rows"), "{}", stderr(&output));
    let bytes = std::fs::read(&parquet).expect("written");
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
}

const BROKEN_HTML: &str = "<html><body><div><p>Russia and Kazakhstan signed <b>an agreement</i> on oil transit.<p>Ratification follows</div></table>";

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>One</title><guid>1</guid><description>Kazakhstan asked the CSTO for help.</description></item>
<item><title>Two</title><guid>2</guid><description>Russian troops arrived in Almaty.</description></item>
<item><title>Three</title><guid>3</guid><description>The mission ended.</description></item>
</channel></rss>"#;

#[test]
fn broken_html_and_truncated_feeds_keep_what_they_can() {
    let dir = tempdir("bad-input");
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("creates");
    std::fs::write(input.join("broken.html"), BROKEN_HTML).expect("writes");
    std::fs::write(input.join("empty.html"), "<html><head><title>x</title></head><body> </body></html>")
        .expect("writes");
    let cut = FEED.find("<item><title>Three").expect("present") + 20;
    std::fs::write(input.join("truncated.xml"), &FEED[..cut]).expect("writes");
    std::fs::write(input.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2]).expect("writes");
    let db = dir.join("grip.db");
    let output = run(&["ingest", path_str(&input), "--db", path_str(&db), "--no-analyze"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let messages = stderr(&output);
    assert!(
        messages.contains(&format!("{}: no text found in the HTML page", input.join("empty.html").display())),
        "{messages}"
    );
    assert!(
        messages.contains(&format!(
            "{}: not a readable RSS/Atom feed: truncated or malformed",
            input.join("truncated.xml").display()
        )),
        "{messages}"
    );
    assert!(messages.contains("kept the 2 complete items before the damage"), "{messages}");
    assert!(messages.contains("documents: 4 new, 0 duplicate, 2 failed"), "{messages}");
    let texts = stdout(&run(&["query", "--db", path_str(&db), "SELECT text FROM documents ORDER BY id"]));
    assert!(texts.contains("Russia and Kazakhstan signed"), "{texts}");
    assert!(texts.contains("Russian troops arrived in Almaty."), "{texts}");
    assert_eq!(
        scalar(&db, "SELECT group_concat(code) FROM diagnostics WHERE stage = 'ingest'"),
        "invalid-utf8,binary-content"
    );
}

/// Serves an RSS feed on loopback with an ETag; answers 304 to a matching If-None-Match.
fn serve_feed(n_requests: usize) -> (String, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds loopback");
    let url = format!("http://{}/feed.xml", listener.local_addr().expect("has an address"));
    let handle = std::thread::spawn(move || {
        for _ in 0..n_requests {
            let (mut stream, _) = listener.accept().expect("accepts");
            let mut request = Vec::new();
            let mut buffer = [0u8; 1024];
            while !request.windows(4).any(|window| window == b"\r\n\r\n") {
                let n = stream.read(&mut buffer).expect("reads");
                if n == 0 {
                    break;
                }
                request.extend_from_slice(&buffer[..n]);
            }
            let response = if String::from_utf8_lossy(&request).to_ascii_lowercase().contains("if-none-match: \"v1\"") {
                "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned()
            } else {
                format!(
                    "HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{FEED}",
                    FEED.len()
                )
            };
            stream.write_all(response.as_bytes()).expect("writes");
        }
    });
    (url, handle)
}

#[test]
fn watch_polls_a_feed_and_skips_it_when_unchanged() {
    let dir = tempdir("watch");
    let db = dir.join("grip.db");
    let (url, server) = serve_feed(2);
    let output = run(&["watch", "--feed", &url, "--once", "--db", path_str(&db), "--no-analyze"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains(&format!("{url}: 3 new, 0 already stored, 0 failed")), "{}", stderr(&output));
    let output = run(&["watch", "--feed", &url, "--once", "--db", path_str(&db), "--no-analyze"]);
    assert!(stderr(&output).contains(&format!("{url}: not modified")), "{}", stderr(&output));
    server.join().expect("the server ends");
    assert_eq!(scalar(&db, "SELECT count(*) FROM documents"), "3");
    assert_eq!(scalar(&db, "SELECT n_items || ' ' || etag FROM feeds"), "3 \"v1\"");
}

#[test]
fn plots_are_written_as_svg_and_png() {
    let dir = tempdir("plot");
    let db = dir.join("grip.db");
    let events = dir.join("events.tsv");
    kaz_gdelt_file(&events);
    run(&["ingest", "--db", path_str(&db), "--gdelt", path_str(&events)]);
    let svg = dir.join("grip.svg");
    let output = run(&["plot", "grip", "--target", "KAZ", "--db", path_str(&db), "-o", path_str(&svg)]);
    if stderr(&output).contains("none of the usual system fonts was found") {
        eprintln!("note: no system font; the chart test only checks the message");
        return;
    }
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&svg).expect("written").starts_with("<svg"));
    let png = dir.join("timeline.png");
    let output = run(&["plot", "timeline", "--pair", "RUS:KAZ", "--db", path_str(&db), "-o", path_str(&png)]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(&std::fs::read(&png).expect("written")[..4], b"\x89PNG");
    let output = run(&["plot", "timeline", "--db", path_str(&db), "-o", path_str(&png)]);
    assert!(stderr(&output).contains("a timeline needs --pair A:B"), "{}", stderr(&output));
}
