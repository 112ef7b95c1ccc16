//! Tests of reading inputs: JSON Lines, directories, HTML, feeds (files and a local HTTP
//! server), GDELT files, and the pipeline. Bad input must give a clear message and lose nothing
//! else.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;

use expect_test::expect;

use crate::gdelt::{parse_chunk, read_chunks, FipsMap, RawChunk};
use crate::{
    discover, extract_html, fetch_feed, parse_feed, read_documents, run_pipeline, FeedFetch, Input, InputFormat, Item,
    PipelineConfig, ReadOptions,
};

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("grip-ingest-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("can create a temporary directory");
    dir
}

fn options(max_document_bytes: usize) -> ReadOptions {
    ReadOptions { format: InputFormat::Auto, max_document_bytes }
}

/// Reads inputs and renders each item as one line.
fn read_all(inputs: &[Input], options: &ReadOptions) -> String {
    let mut lines = Vec::new();
    read_documents(inputs, options, &AtomicU64::new(0), &mut |item: Item| {
        lines.push(match item {
            Ok(read) => {
                let document = &read.document;
                let diagnostics: Vec<&str> = read.diagnostics.iter().map(|diagnostic| diagnostic.code).collect();
                format!(
                    "ok   {} line={:?} date={:?} title={:?} url={:?} text={:?} diagnostics={diagnostics:?}",
                    document.id,
                    read.line,
                    document.date.map(|date| date.to_string()),
                    document.title,
                    document.url,
                    document.text.chars().take(60).collect::<String>(),
                )
            }
            Err(failure) => {
                format!("fail {}", failure.to_string().replace(&std::env::temp_dir().display().to_string(), "$TMP"))
            }
        });
        true
    });
    lines.join("\n")
}

fn file_input(path: &Path, format: InputFormat) -> Input {
    Input { path: Some(path.to_owned()), format, size: None }
}

#[test]
fn jsonl_bad_lines_are_reported_and_the_rest_read() {
    let dir = tempdir("jsonl");
    let path = dir.join("docs.jsonl");
    let long = "x".repeat(5000);
    let lines = [
        r#"{"id":"a","date":"2022-01-06","title":"T","url":"https://example.org/a","text":"Tokayev asked the CSTO for help."}"#.to_owned(),
        r#"{"id":7,"date":"2022-01-07T10:00:00Z","text":"Troops arrived."}"#.to_owned(),
        String::new(),
        r#"{"id":"c","text":"#.to_owned(),
        r#"{"id":"d","title":"no text"}"#.to_owned(),
        r#"{"id":["e"],"text":"bad id"}"#.to_owned(),
        r#"{"date":"yesterday","text":"A bad date is ignored, the document kept."}"#.to_owned(),
        format!(r#"{{"id":"huge","text":"{long}"}}"#),
        r#"{"id":"last","text":"The last line has no newline."}"#.to_owned(),
    ];
    std::fs::write(&path, lines.join("\n")).expect("writes");
    let read = read_all(&[file_input(&path, InputFormat::Auto)], &options(1000));
    expect![[r#"
        ok   a line=Some(1) date=Some("2022-01-06") title=Some("T") url=Some("https://example.org/a") text="Tokayev asked the CSTO for help." diagnostics=[]
        ok   7 line=Some(2) date=Some("2022-01-07") title=None url=None text="Troops arrived." diagnostics=[]
        fail $TMP/grip-ingest-test-PID-jsonl/docs.jsonl:4: not a JSON Lines document record: EOF while parsing a value at line 1 column 17
        fail $TMP/grip-ingest-test-PID-jsonl/docs.jsonl:5: not a JSON Lines document record: missing field `text` at line 1 column 28
        fail $TMP/grip-ingest-test-PID-jsonl/docs.jsonl:6: field "id": must be a string or number, not ["e"]
        ok   $TMP/grip-ingest-test-PID-jsonl/docs.jsonl:7 line=Some(7) date=None title=None url=None text="A bad date is ignored, the document kept." diagnostics=["bad-date"]
        fail $TMP/grip-ingest-test-PID-jsonl/docs.jsonl:8: document larger than 1000 bytes; skipped
        ok   last line=Some(9) date=None title=None url=None text="The last line has no newline." diagnostics=[]"#]]
    .assert_eq(&read.replace(&std::process::id().to_string(), "PID").replace(&std::env::temp_dir().display().to_string(), "$TMP"));
}

#[test]
fn directories_are_walked_by_extension_in_order() {
    let dir = tempdir("walk");
    std::fs::create_dir_all(dir.join("b/nested")).expect("creates");
    std::fs::create_dir_all(dir.join(".hidden")).expect("creates");
    for (name, text) in [
        ("a.txt", "plain"),
        ("b/nested/c.md", "markdown"),
        ("b/d.jsonl", "{\"text\":\"x\"}"),
        ("b/e.html", "<html><body><p>x</p></body></html>"),
        ("b/f.xml", "<rss></rss>"),
        ("g.pdf", "%PDF"),
        (".hidden/h.txt", "hidden"),
    ] {
        std::fs::write(dir.join(name), text).expect("writes");
    }
    let (inputs, failures) = discover(&[dir.clone(), dir.join("missing.txt")], InputFormat::Auto);
    let listed: Vec<String> = inputs
        .iter()
        .map(|input| {
            let path = input.path.as_ref().expect("files").strip_prefix(&dir).expect("inside").display().to_string();
            format!("{path} {:?}", input.format)
        })
        .collect();
    assert_eq!(listed, ["a.txt Text", "b/d.jsonl Jsonl", "b/e.html Html", "b/f.xml Feed", "b/nested/c.md Text"]);
    assert_eq!(failures.len(), 1);
    assert!(failures[0].to_string().contains("missing.txt: cannot read"), "{}", failures[0]);
}

const ARTICLE: &str = r#"<!DOCTYPE html>
<html><head><title>CSTO troops leave Kazakhstan | Example News</title>
<meta property="article:published_time" content="2022-01-13T09:00:00Z"></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<article>
<h1>CSTO troops leave Kazakhstan</h1>
<p>The Collective Security Treaty Organization began withdrawing its peacekeepers from Kazakhstan on Thursday, a week after President Kassym-Jomart Tokayev asked the Russia-led bloc for help.</p>
<p>Tokayev said the mission had been accomplished and thanked Vladimir Putin for the rapid deployment of more than two thousand troops.</p>
<p>Analysts in Almaty said the episode had deepened Kazakhstan's dependence on Moscow, although officials in Astana insisted the country's multi-vector foreign policy was unchanged.</p>
</article>
<footer>Copyright 2022 Example News. All rights reserved. Privacy policy. Terms of use.</footer>
</body></html>"#;

#[test]
fn html_main_text_is_extracted_and_boilerplate_dropped() {
    let html = extract_html(ARTICLE).expect("has text");
    assert!(html.text.contains("began withdrawing its peacekeepers"), "{}", html.text);
    assert!(html.text.contains("multi-vector foreign policy"), "{}", html.text);
    for boilerplate in ["Sport", "cookies", "All rights reserved"] {
        assert!(!html.text.contains(boilerplate), "{boilerplate:?} kept in {:?}", html.text);
    }
    // The site name is dropped from the title.
    assert_eq!(html.title.as_deref(), Some("CSTO troops leave Kazakhstan"));
    assert!(html.diagnostics.is_empty());
}

#[test]
fn broken_html_keeps_its_text_or_says_why_not() {
    // Unclosed tags, a stray closing tag, a bare text node and invalid nesting.
    let broken = "<html><body><div><p>Russia and Kazakhstan signed <b>an agreement</i> on oil transit.<p>Second paragraph</div></table>";
    let html = extract_html(broken).expect("the text survives");
    let words = html.text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("Russia and Kazakhstan signed an agreement on oil transit."), "{:?}", html.text);
    assert!(html.text.contains("Second paragraph"), "{:?}", html.text);
    // A page that is all boilerplate by the extractor's standards still keeps its text.
    let html = extract_html("<html><body><nav>Baku said the plane was hit.</nav></body></html>").expect("kept");
    assert_eq!(html.text.split_whitespace().collect::<Vec<_>>().join(" "), "Baku said the plane was hit.");
    let error =
        extract_html("<html><head><script>var x = 1;</script></head><body>  </body></html>").expect_err("no text");
    assert_eq!(error.to_string(), "no text found in the HTML page");
    // Arbitrary bytes decoded lossily do not crash the extractor.
    let garbage: String = (0u32..2000).filter_map(|n| char::from_u32((n * 7919) % 0x2FFF)).collect();
    let _ = extract_html(&garbage);
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Central Asia news</title><link>https://example.org</link>
<item><title>Tokayev asks CSTO for help</title><link>https://example.org/1</link><guid>item-1</guid>
<pubDate>Wed, 05 Jan 2022 22:00:00 GMT</pubDate>
<description>&lt;p&gt;Kazakhstan's president asked the &lt;b&gt;CSTO&lt;/b&gt; for help.&lt;/p&gt;</description></item>
<item><title>Troops arrive in Almaty</title><link>https://example.org/2</link><guid>item-2</guid>
<pubDate>Thu, 06 Jan 2022 12:00:00 GMT</pubDate><description>Russian paratroopers landed near Almaty.</description></item>
<item><title>Empty item</title><link>https://example.org/3</link><guid>item-3</guid></item>
<item><title>Withdrawal begins</title><link>https://example.org/4</link><guid>item-4</guid>
<description>The CSTO began to withdraw on 13 January.</description></item>
</channel></rss>"#;

fn render_feed(parsed: &crate::FeedParse) -> String {
    let mut lines: Vec<String> = parsed
        .documents
        .iter()
        .map(|read| {
            format!(
                "ok   {} {:?} {:?} {:?}",
                read.document.id,
                read.document.date.map(|date| date.to_string()),
                read.document.title,
                read.document.text
            )
        })
        .collect();
    lines.extend(parsed.failures.iter().map(|failure| format!("fail {failure}")));
    lines.join("\n")
}

#[test]
fn feed_items_become_documents() {
    let parsed = parse_feed(RSS.as_bytes(), "news.xml");
    expect![[r#"
        ok   item-1 Some("2022-01-05") Some("Tokayev asks CSTO for help") "Kazakhstan's president asked the CSTO for help."
        ok   item-2 Some("2022-01-06") Some("Troops arrive in Almaty") "Russian paratroopers landed near Almaty."
        ok   item-4 None Some("Withdrawal begins") "The CSTO began to withdraw on 13 January."
        fail news.xml#item3: no text found in the HTML page"#]]
    .assert_eq(&render_feed(&parsed));
    let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:feed</id><updated>2022-01-10T00:00:00Z</updated>
<entry><title>Putin and Tokayev speak by phone</title><id>urn:1</id><updated>2022-01-10T08:00:00Z</updated><link href="https://example.org/a"/><content type="html">&lt;p&gt;The presidents spoke by phone.&lt;/p&gt;</content></entry></feed>"#;
    let parsed = parse_feed(atom.as_bytes(), "atom.xml");
    expect![[
        r#"ok   urn:1 Some("2022-01-10") Some("Putin and Tokayev speak by phone") "The presidents spoke by phone.""#
    ]]
    .assert_eq(&render_feed(&parsed));
}

#[test]
fn a_truncated_feed_keeps_its_complete_items() {
    let cut = RSS.find("<item><title>Troops").expect("present") + 60;
    let parsed = parse_feed(&RSS.as_bytes()[..cut], "cut.xml");
    let rendered = render_feed(&parsed);
    assert!(rendered.starts_with("ok   item-1 "), "{rendered}");
    assert_eq!(parsed.documents.len(), 1, "{rendered}");
    assert_eq!(parsed.failures.len(), 1, "{rendered}");
    let message = parsed.failures[0].to_string();
    assert!(message.starts_with("cut.xml: not a readable RSS/Atom feed: truncated or malformed"), "{message}");
    assert!(message.ends_with("kept the 1 complete items before the damage, the rest is lost"), "{message}");
    let parsed = parse_feed(b"this is not a feed at all", "junk.xml");
    assert!(parsed.documents.is_empty());
    assert!(
        parsed.failures[0].to_string().starts_with("junk.xml: not a readable RSS/Atom feed: "),
        "{}",
        parsed.failures[0]
    );
}

/// Serves `body` over HTTP on loopback: 304 when the request carries `If-None-Match: "v1"`.
fn serve(body: &'static str, n_requests: usize) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds loopback");
    let url = format!("http://{}/feed.xml", listener.local_addr().expect("has an address"));
    let handle = std::thread::spawn(move || {
        let mut requests = Vec::new();
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
            let request = String::from_utf8_lossy(&request).to_ascii_lowercase();
            let response = if request.contains("if-none-match: \"v1\"") {
                "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned()
            } else if request.starts_with("get /feed.xml") {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: \"v1\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
            } else {
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned()
            };
            stream.write_all(response.as_bytes()).expect("writes");
            requests.push(request.lines().next().unwrap_or_default().to_owned());
        }
        requests
    });
    (url, handle)
}

#[test]
fn feeds_are_fetched_with_conditional_requests() {
    let (url, server) = serve(RSS, 3);
    let timeout = std::time::Duration::from_secs(10);
    let FeedFetch::Fetched { body, etag, .. } = fetch_feed(&url, None, None, timeout).expect("fetches") else {
        panic!("the first poll fetches the feed");
    };
    assert_eq!(etag.as_deref(), Some("\"v1\""));
    assert_eq!(parse_feed(&body, &url).documents.len(), 3);
    assert_eq!(fetch_feed(&url, etag.as_deref(), None, timeout).expect("polls"), FeedFetch::NotModified);
    let missing = url.replace("feed.xml", "missing.xml");
    let error = fetch_feed(&missing, None, None, timeout).expect_err("404");
    assert_eq!(error.to_string(), format!("fetching {missing}: HTTP status 404"));
    assert_eq!(server.join().expect("the server ends").len(), 3);
    let error = fetch_feed("http://127.0.0.1:9/feed.xml", None, None, timeout).expect_err("nothing listens on port 9");
    assert!(error.to_string().starts_with("fetching http://127.0.0.1:9/feed.xml: "), "{error}");
}

fn fips() -> FipsMap {
    FipsMap::new([("KZ", "KAZ"), ("RS", "RUS"), ("CH", "CHN"), ("TI", "TJK")])
}

/// A GDELT 2.0 row with the given id, date, code and action-geo country.
fn v2_row(id: &str, date: &str, code: &str, quad: &str, action_country: &str) -> String {
    let mut fields = vec![""; 61];
    fields[0] = id;
    fields[1] = date;
    fields[5] = "RUSGOV";
    fields[6] = "RUSSIA";
    fields[7] = "RUS";
    fields[12] = "GOV";
    fields[15] = "KAZ";
    fields[16] = "KAZAKHSTAN";
    fields[17] = "KAZ";
    fields[25] = "1";
    fields[26] = code;
    fields[27] = code;
    fields[28] = &code[..2];
    fields[29] = quad;
    fields[30] = "0.0";
    fields[31] = "2";
    fields[32] = "1";
    fields[33] = "2";
    fields[34] = "-1.5";
    fields[51] = "1";
    fields[52] = "Kazakhstan";
    fields[53] = action_country;
    fields[56] = "48";
    fields[57] = "68";
    fields[59] = "20241218140000";
    fields[60] = "https://example.org/x";
    fields.join("\t")
}

fn parse_text(text: &str) -> crate::gdelt::GdeltChunk {
    parse_chunk(RawChunk { source_name: "events.tsv".into(), first_line: 1, bytes: text.as_bytes().to_vec() }, &fips())
}

#[test]
fn malformed_gdelt_rows_are_reported_by_line_and_skipped() {
    let good = v2_row("1", "20241218", "010", "1", "KZ");
    let lines = [
        good.clone(),
        "1\t2\t3".to_owned(),
        v2_row("2", "2024133", "010", "1", "KZ"),
        v2_row("3", "20241318", "010", "1", "KZ"),
        v2_row("x4", "20241218", "010", "1", "KZ"),
        v2_row("5", "20241218", "1a", "1", "KZ"),
        v2_row("6", "20241218", "010", "7", "KZ"),
        v2_row("7", "20241218", "0234", "1", "CH").replace("\t-1.5\t", "\tgood\t"),
        String::new(),
        v2_row("8", "20241218", "190", "4", "CH"),
    ];
    let chunk = parse_text(&(lines.join("\n") + "\n"));
    let failures: Vec<String> = chunk.failures.iter().map(ToString::to_string).collect();
    expect![[r#"
        events.tsv:2: expected 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated columns, found 3
        events.tsv:3: column SQLDATE: "2024133" is not a YYYYMMDD date
        events.tsv:4: column SQLDATE: "20241318" is not a YYYYMMDD date
        events.tsv:5: column GLOBALEVENTID: "x4" is not an integer
        events.tsv:6: column EventCode: "1a" is not a CAMEO code (2 to 4 digits)
        events.tsv:7: column QuadClass: "7" is not 1, 2, 3 or 4
        events.tsv:8: column AvgTone: "good" is not a number"#]]
    .assert_eq(&failures.join("\n"));
    let events: Vec<String> = chunk
        .events()
        .map(|event| {
            format!(
                "{} {} {}->{} {} q{} {:?} action={}/{} url={}",
                event.global_event_id,
                event.day,
                event.actor1.code,
                event.actor2.code,
                event.event_code,
                event.quad_class,
                event.avg_tone,
                event.action_geo_country,
                event.action_country_iso,
                event.source_url
            )
        })
        .collect();
    // "010" stays "010"; FIPS CH is China, not Switzerland.
    expect![[r#"
        1 2024-12-18 RUSGOV->KAZ 010 q1 Some(-1.5) action=KZ/KAZ url=https://example.org/x
        8 2024-12-18 RUSGOV->KAZ 190 q4 Some(-1.5) action=CH/CHN url=https://example.org/x"#]]
    .assert_eq(&events.join("\n"));
}

#[test]
fn gdelt_chunks_split_on_lines_and_count_them() {
    let dir = tempdir("chunks");
    let rows: Vec<String> = (1..=500).map(|id| v2_row(&id.to_string(), "20241218", "042", "1", "RS")).collect();
    let mut text = rows.join("\r\n");
    text.push_str("\r\n1\t2\n"); // a broken last line, Windows line ends before it
    let path = dir.join("events.CSV");
    std::fs::write(&path, &text).expect("writes");
    let mut n_rows = 0;
    let mut failures = Vec::new();
    let mut read_failures = Vec::new();
    let mut chunk_sizes = Vec::new();
    read_chunks(
        &path,
        4096,
        &AtomicU64::new(0),
        &mut |raw| {
            chunk_sizes.push(raw.bytes.len());
            let chunk = parse_chunk(raw, &fips());
            n_rows += chunk.len();
            failures.extend(chunk.failures.into_iter().map(|failure| failure.to_string()));
            true
        },
        &mut |failure| read_failures.push(failure.to_string()),
    )
    .expect("reads");
    failures.extend(read_failures);
    assert_eq!(n_rows, 500);
    assert!(chunk_sizes.len() > 10, "{chunk_sizes:?}");
    assert_eq!(
        failures,
        [format!(
            "{}:501: expected 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated columns, found 2",
            path.display()
        )]
    );

    // The same rows zipped.
    let zip_path = dir.join("events.CSV.zip");
    {
        let file = std::fs::File::create(&zip_path).expect("creates");
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("20241218140000.export.CSV", options).expect("starts");
        zip.write_all(rows.join("\n").as_bytes()).expect("writes");
        zip.finish().expect("finishes");
    }
    let mut ids = Vec::new();
    read_chunks(
        &zip_path,
        1 << 20,
        &AtomicU64::new(0),
        &mut |raw| {
            assert!(raw.source_name.ends_with("events.CSV.zip:20241218140000.export.CSV"), "{}", raw.source_name);
            ids.extend(parse_chunk(raw, &fips()).events().map(|event| event.global_event_id));
            true
        },
        &mut |failure| panic!("{failure}"),
    )
    .expect("reads the archive");
    assert_eq!(ids, (1..=500).collect::<Vec<i64>>());
}

#[test]
fn gdelt_samples_parse_in_all_formats() {
    let Some(shared) = grip_test_utils::shared_dir() else {
        return;
    };
    let samples = shared.join("data/gdelt-samples");
    let count = |name: &str| {
        let (mut formats, mut failures, mut read_failures) = (std::collections::BTreeMap::new(), 0, 0);
        read_chunks(
            &samples.join(name),
            1 << 20,
            &AtomicU64::new(0),
            &mut |raw| {
                let chunk = parse_chunk(raw, &fips());
                failures += chunk.failures.len();
                for event in chunk.events() {
                    *formats.entry(event.format).or_insert(0) += 1;
                }
                true
            },
            &mut |_| read_failures += 1,
        )
        .expect("reads");
        (formats, failures + read_failures)
    };
    let (formats, failures) = count("v2_events_2024-10_2025-02_postsoviet_centralasia.tsv");
    assert_eq!((formats.get(&2).copied(), failures), (Some(2940), 0));
    let (formats, failures) = count("v2_events_20241218140000_full.tsv");
    assert_eq!((formats.get(&2).copied(), failures), (Some(2911), 0));
    let (formats, failures) = count("v1_events_mixed_sample100.tsv");
    assert_eq!((formats.get(&1).copied(), failures), (Some(100), 0));
}

#[test]
fn the_pipeline_keeps_order_and_stops_at_the_first_sink_error() {
    let config = PipelineConfig { batch_items: 7, batch_bytes: 1 << 20, idle_flush: None };
    let mut seen = Vec::new();
    let result: Result<(), String> = run_pipeline(
        config,
        |emit: &mut dyn FnMut(u64, usize) -> bool| {
            for n in 0..1000u64 {
                if !emit(n, 8) {
                    return;
                }
            }
        },
        |n| n * 2,
        |batch: Vec<u64>| {
            seen.extend(batch);
            Ok(())
        },
    );
    assert_eq!(result, Ok(()));
    assert_eq!(seen, (0..1000).map(|n| n * 2).collect::<Vec<u64>>());
    let mut n_produced = 0;
    let result: Result<(), String> = run_pipeline(
        config,
        |emit: &mut dyn FnMut(u64, usize) -> bool| {
            for n in 0..1_000_000u64 {
                n_produced += 1;
                if !emit(n, 8) {
                    return;
                }
            }
        },
        |n| n,
        |batch: Vec<u64>| if batch[0] >= 21 { Err(format!("disk full at {}", batch[0])) } else { Ok(()) },
    );
    assert_eq!(result, Err("disk full at 21".to_owned()));
    assert!(n_produced < 1000, "the producer stops soon after the sink fails ({n_produced})");
}

/// A slow live input is answered as it comes: with `idle_flush`, the items produced before a
/// pause reach the sink during the pause, not after the input ends. (The pause is a full second
/// against a 20 ms flush, so a loaded machine cannot make this flaky.)
#[test]
fn a_pause_in_the_input_flushes_the_partial_batch() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let config = PipelineConfig {
        batch_items: 256,
        batch_bytes: 1 << 20,
        idle_flush: Some(std::time::Duration::from_millis(20)),
    };
    let input_ended = AtomicBool::new(false);
    let mut batches: Vec<(Vec<u64>, bool)> = Vec::new();
    let result: Result<(), String> = run_pipeline(
        config,
        |emit: &mut dyn FnMut(u64, usize) -> bool| {
            for n in 0..3u64 {
                emit(n, 8);
            }
            std::thread::sleep(std::time::Duration::from_secs(1));
            input_ended.store(true, Ordering::SeqCst);
            emit(3, 8);
        },
        |n| n,
        |batch: Vec<u64>| {
            batches.push((batch, input_ended.load(Ordering::SeqCst)));
            Ok(())
        },
    );
    assert_eq!(result, Ok(()));
    assert_eq!(batches, [(vec![0, 1, 2], false), (vec![3], true)]);
}

#[test]
fn content_hash_is_sha256_of_the_text() {
    assert_eq!(crate::content_hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_eq!(crate::content_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
