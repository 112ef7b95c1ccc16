"""grip.analyze and grip.analyze_many on real text: the demo article we wrote and the seed."""

from __future__ import annotations

import datetime
import json
import subprocess
import threading
import time

import grip
import pytest

CONTRACT_FIELDS = [
    "id", "date", "date_source", "kb_version", "engine_version", "contract", "sentences", "mentions",
    "events", "claims", "tone", "actor_tone", "diagnostics",
]  # fmt: skip


def test_demo_article_follows_the_contract(demo_text: str) -> None:
    result = grip.analyze(demo_text, id="demo")
    assert list(result) == CONTRACT_FIELDS
    assert result["contract"] == grip.CONTRACT_VERSION == 1
    assert result["engine_version"] == grip.ENGINE_VERSION
    assert result["id"] == "demo"
    # The dateline of the demo article gives its date.
    assert (result["date"], result["date_source"]) == ("2022-09-20", "text")
    entities = {mention["entity"] for mention in result["mentions"]}
    assert {"country/KGZ", "country/TJK", "country/RUS", "org/CSTO"} <= entities
    # Misspellings link to the right actors, and every span is the original text.
    forms = {mention["text"]: mention["entity"] for mention in result["mentions"]}
    assert forms.get("Kyrgystan") == "country/KGZ"
    encoded = demo_text.encode("utf-8")
    for mention in result["mentions"]:
        assert encoded[mention["start"] : mention["end"]].decode("utf-8") == mention["text"]
    # The border clashes are coded as fighting between the two countries.
    fights = {(event["source"], event["cameo"]) for event in result["events"] if event["root"] == "19"}
    assert ("KGZ", "190") in fights and ("TJK", "190") in fights
    assert any(claim["type"] == "prediction" for claim in result["claims"])
    assert -1.0 <= result["tone"]["score"] <= 1.0


def test_seed_article(seed_text: str) -> None:
    result = grip.analyze(seed_text, date="2022-01-10", id="seed")
    assert (result["date"], result["date_source"]) == ("2022-01-10", "given")
    entities = {mention["entity"] for mention in result["mentions"]}
    assert {
        "country/KAZ", "country/RUS", "country/CHN", "org/CSTO", "person/vladimir-putin",
        "person/kassym-jomart-tokayev", "person/nursultan-nazarbayev", "region/central-asia",
    } <= entities  # fmt: skip
    forms = {mention["text"]: mention for mention in result["mentions"]}
    assert forms["Kazakhstsn"]["entity"] == "country/KAZ"
    # Roles at the document date: Tokayev is president, Nazarbayev no longer.
    assert forms["K.J.Tokayev"]["actor"] == "KAZGOV"
    assert forms["N.Nazarbayev"]["actor"] == "KAZELI"
    codes = {(event["source"], event["cameo"], event["target"], event["modality"]) for event in result["events"]}
    # Tokayev appeals for military protection; the CSTO deploys to Kazakhstan.
    assert ("KAZGOV", "0234", "RUSGOV", "asserted") in codes
    assert ("IGOCSTO", "074", "KAZ", "asserted") in codes
    predictions = [claim for claim in result["claims"] if claim["type"] == "prediction"]
    multivector = [claim for claim in predictions if "multivector" in claim["text"]]
    assert multivector and multivector[0]["holder"] == "author" and multivector[0]["certainty"] == "probable"
    assert any(claim["certainty"] == "possible" for claim in predictions)


@pytest.mark.parametrize("which", ["demo", "seed"])
def test_same_json_as_the_cli(which: str, grip_cli, article_paths, request) -> None:
    """The binding and `grip analyze --json` give the same contract for the same file."""
    if which == "seed":
        request.getfixturevalue("seed_text")  # skips when ../shared is absent
    path = article_paths[which]
    output = subprocess.run(
        [str(grip_cli), "analyze", "--json", "--date", "2022-01-10", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    expected = json.loads(output)
    assert grip.analyze(path.read_bytes(), "2022-01-10", id=str(path)) == expected


def test_analyze_many_keeps_order_and_matches_analyze(demo_text: str) -> None:
    sentences = [line for line in demo_text.splitlines() if line.strip()]
    documents = [
        {"id": f"doc-{idx}", "date": "2022-09-20", "text": " ".join(sentences[idx : idx + 3])}
        for idx in range(len(sentences))
    ]
    expected = [grip.analyze(doc["text"], doc["date"], id=doc["id"]) for doc in documents]
    for threads, window in [(1, None), (2, None), (3, 1), (4, 2)]:
        results = list(grip.analyze_many(documents * 3, threads=threads, window=window))
        assert [result["id"] for result in results] == [doc["id"] for doc in documents * 3]
        assert results == expected * 3, (threads, window)


def test_analyze_many_reads_records_like_the_cli_reads_jsonl() -> None:
    documents = [
        {"text": "Russia sent troops to Kazakhstan."},  # no id: line-1
        {"id": 7, "date": "2022-01-06T10:00:00Z", "text": "Tokayev asked Putin for help."},
        {"id": "bad", "date": "yesterday", "text": "Tokayev asked Putin for help."},
        {"id": "d", "date": datetime.date(2015, 5, 1), "text": "Nazarbayev met Putin in Moscow."},
        "China invested in Kazakhstan.",  # a bare string: line-5
    ]
    results = list(grip.analyze_many(documents, threads=2, date="2022-01-10"))
    assert [result["id"] for result in results] == ["line-1", "7", "bad", "d", "line-5"]
    assert [result["date"] for result in results] == [
        "2022-01-10",
        "2022-01-06",
        "2022-01-10",
        "2015-05-01",
        "2022-01-10",
    ]
    bad_date = [diagnostic["code"] for diagnostic in results[2]["diagnostics"]]
    assert bad_date[0] == "bad-date"
    # Nazarbayev was president in 2015.
    assert {m["actor"] for m in results[3]["mentions"] if m["entity"] == "person/nursultan-nazarbayev"} == {"KAZGOV"}


def test_analyze_many_reads_a_dataframe() -> None:
    import pandas as pd

    table = pd.DataFrame(
        {"id": ["a", "b"], "date": [pd.Timestamp("2022-01-06"), pd.NaT], "text": ["Putin met Tokayev.", "Hi."]}
    )
    results = list(grip.analyze_many(table, date="2022-01-10"))
    assert [(result["id"], result["date"]) for result in results] == [("a", "2022-01-06"), ("b", "2022-01-10")]


def test_analyze_many_raw_yields_json_text() -> None:
    (raw,) = grip.analyze_many(
        [{"id": "x", "date": "2022-01-10", "text": "Russia sent troops to Kazakhstan."}], raw=True
    )
    assert isinstance(raw, str) and json.loads(raw)["id"] == "x"


def test_analyze_many_streams_lazily_and_stops_early() -> None:
    n_read = 0

    def documents():
        nonlocal n_read
        for idx in range(1_000_000):
            n_read += 1
            yield {"id": idx, "date": "2022-01-10", "text": "Russia sent troops to Kazakhstan."}

    results = grip.analyze_many(documents(), threads=2, window=8)
    first = [next(results)["id"] for _ in range(3)]
    assert first == ["0", "1", "2"]
    assert n_read <= 3 + 8  # bounded: never more than the window ahead
    results.close()  # stops the threads; a new stream works at once
    assert next(grip.analyze_many(["Putin met Tokayev."], threads=1))["id"] == "line-1"


def test_bytes_are_decoded_with_diagnostics() -> None:
    result = grip.analyze(b"Russia sent troops to Kaz\xffakhstan.", "2022-01-10")
    assert result["diagnostics"][0]["code"] == "invalid-utf8"
    result = grip.analyze("Russia sent troops to Kazakhstan.".encode("utf-16"), "2022-01-10")
    assert any(mention["entity"] == "country/KAZ" for mention in result["mentions"])


def test_undated_documents_get_today() -> None:
    result = grip.analyze("Russia sent troops to Kazakhstan.")
    today = datetime.datetime.now(datetime.timezone.utc).date()
    assert result["date_source"] == "fallback"
    assert result["date"] in {today.isoformat(), (today - datetime.timedelta(days=1)).isoformat()}


def test_bad_arguments_are_errors() -> None:
    with pytest.raises(ValueError):
        grip.analyze("text", date="2022-13-01")
    with pytest.raises(ValueError):
        grip.analyze("text", date="10/01/2022")
    with pytest.raises(TypeError):
        grip.analyze(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        list(grip.analyze_many(["text"], threads=0))
    with pytest.raises(TypeError):
        list(grip.analyze_many([{"id": "no text"}]))
    with pytest.raises(TypeError):
        list(grip.analyze_many([{"id": True, "text": "x"}]))


def test_kb_extra(tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[country]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.toml"):
        grip.load_engine([bad])


def test_the_gil_is_released_during_analysis(seed_text: str) -> None:
    """Another Python thread keeps running while grip analyzes a long document."""
    engine = grip.default_engine()
    text = "\n".join([seed_text] * 40)
    started = time.perf_counter()
    engine.analyze(text, "warm-up", "2022-01-10")
    duration = time.perf_counter() - started
    ticks: list = []
    worker = threading.Thread(target=engine.analyze, args=(text, "long", "2022-01-10"))
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    worker.join()
    gaps = [later - earlier for earlier, later in zip(ticks, ticks[1:])]
    assert len(ticks) > 10, f"the main thread hardly ran during a {duration:.2f} s analysis"
    # Holding the GIL would stall this thread for the whole analysis.
    assert max(gaps) < 0.5 * duration, (max(gaps), duration)
