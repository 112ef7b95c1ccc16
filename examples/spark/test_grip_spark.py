"""The Spark job in local mode against `grip analyze --jsonl` on the same documents.

The corpus: the NewsMTSC sentences in ../shared/data/newsmtsc grouped back into their articles
(a few thousand short news documents), written to a temporary folder at test time.
"""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import subprocess
import sys
import zlib
from collections import defaultdict
from typing import List

import grip
import grip.gdelt
import grip_spark
import pandas as pd
import pytest

N_DOCUMENTS = 3000


def newsmtsc_documents(directory: pathlib.Path, limit: int) -> List[dict]:
    """The first ``limit`` articles (by id) rebuilt from their NewsMTSC sentences, with a
    stable made-up date (some as ISO timestamps) and URL."""
    sentences: dict = defaultdict(dict)
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                parts = record["primary_gid"].split("_")
                # allsides_<a>_<b>_<sentence>_..., polusa_v1_<article>_-1_<sentence>_...
                sentence_idx = int(parts[4] if parts[0] == "polusa" else parts[3])
                sentences["_".join(parts[:3])].setdefault(sentence_idx, record["sentence_normalized"])
    documents = []
    for n, key in enumerate(sorted(sentences)[:limit]):
        text = " ".join(sentence for _, sentence in sorted(sentences[key].items()))
        day = datetime.date.fromordinal(datetime.date(2016, 1, 1).toordinal() + zlib.crc32(key.encode()) % 1500)
        date = day.isoformat() + ("T12:00:00Z" if n % 50 == 7 else "")
        documents.append({"id": key, "date": date, "title": None, "url": f"https://news.example/{key}", "text": text})
    return documents


@pytest.fixture(scope="module")
def corpus(newsmtsc_dir: pathlib.Path, tmp_path_factory) -> dict:
    """The documents as JSON Lines and as Parquet, and the CLI's results for them."""
    documents = newsmtsc_documents(newsmtsc_dir, N_DOCUMENTS)
    assert len(documents) == N_DOCUMENTS
    folder = tmp_path_factory.mktemp("corpus")
    jsonl = folder / "docs.jsonl"
    with jsonl.open("w", encoding="utf-8") as out:
        for document in documents:
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
    parquet = folder / "docs.parquet"
    pd.DataFrame(documents).to_parquet(parquet, index=False)
    return {"documents": documents, "jsonl": jsonl, "parquet": parquet, "folder": folder}


@pytest.fixture(scope="module")
def cli_results(corpus: dict, grip_cli: pathlib.Path) -> List[dict]:
    output = subprocess.run(
        [str(grip_cli), "analyze", "--jsonl", str(corpus["jsonl"])], check=True, capture_output=True, text=True
    ).stdout
    return [json.loads(line) for line in output.splitlines()]


def _core(event: dict) -> tuple:
    """What an event is, from the contract."""
    return (
        event["source"], event["target"], event["cameo"], event["root"], event["quad"], event["goldstein"],
        event["modality"], event["plover"], tuple(event["sentence"]), tuple(event["evidence"]), event["rule"],
        event.get("source_entity"), event.get("target_entity"),
    )  # fmt: skip


def _core_of_row(row: dict) -> tuple:
    """The same from a row of the job's output."""

    def value(name: str):
        cell = row[name]
        return None if pd.isna(cell) else cell

    return (
        value("Actor1Code"), value("Actor2Code"), row["EventCode"], row["EventRootCode"], int(row["QuadClass"]),
        float(row["GoldsteinScale"]), row["modality"], value("plover"),
        (int(row["sentence_start"]), int(row["sentence_end"])), (int(row["evidence_start"]), int(row["evidence_end"])),
        row["rule"], value("source_entity"), value("target_entity"),
    )  # fmt: skip


def _normalize(table: pd.DataFrame) -> pd.DataFrame:
    table = table[grip.GDELT_COLUMNS + grip.EXTRA_COLUMNS].sort_values(["document_id", "event_idx"])
    table = table.reset_index(drop=True)
    return table.astype({name: "object" for name in table.columns}).where(table.notna(), None)


def test_spark_job_codes_what_the_cli_codes(spark, corpus: dict, cli_results: List[dict]) -> None:
    """Every event of every document, from Parquet input on two executor cores, equals the
    event `grip analyze --jsonl` gives for that document."""
    assert [result["id"] for result in cli_results] == [document["id"] for document in corpus["documents"]]
    output = corpus["folder"] / "events"
    documents = grip_spark.read_documents(spark, str(corpus["parquet"])).repartition(6)
    grip_spark.code_events(documents, factual_only=False).write.parquet(str(output))
    table = pd.read_parquet(output)

    expected = {
        (result["id"], idx): (result["date"], _core(event))
        for result in cli_results
        for idx, event in enumerate(result["events"])
    }
    assert len(expected) >= 500, f"only {len(expected)} events: the comparison would prove little"
    got = {
        (row["document_id"], int(row["event_idx"])): (
            datetime.datetime.strptime(str(row["SQLDATE"]), "%Y%m%d").date().isoformat(),
            _core_of_row(row),
        )
        for row in table.to_dict("records")
    }
    assert len(got) == len(table), "an event was written twice"
    assert got.keys() == expected.keys()
    mismatched = [key for key in expected if got[key] != expected[key]]
    assert not mismatched, f"{len(mismatched)} events differ, e.g. {expected[mismatched[0]]} vs {got[mismatched[0]]}"

    # Every column, GDELT's and grip's, equals the CLI's results mapped to rows.
    urls = {document["id"]: document["url"] for document in corpus["documents"]}
    mapped = grip.gdelt_events(cli_results, urls=urls, factual_only=False)
    pd.testing.assert_frame_equal(_normalize(table), _normalize(mapped))


def test_command_line_on_jsonl_keeps_factual_events(spark, corpus: dict, cli_results: List[dict]) -> None:
    """`grip_spark.py` as a program, on JSON Lines input, with GDELT's default (factual events
    only) and the output partitioned by year."""
    output = corpus["folder"] / "factual"
    command = [
        sys.executable, str(pathlib.Path(grip_spark.__file__)), "--master", "local[2]", "--input",
        str(corpus["jsonl"]), "--output", str(output), "--partitions", "3", "--partition-by", "Year",
    ]  # fmt: skip
    environment = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    subprocess.run(command, check=True, env=environment, capture_output=True)
    table = pd.read_parquet(output)
    expected = sorted(
        (result["id"], idx)
        for result in cli_results
        for idx, event in enumerate(result["events"])
        if event["modality"] in ("asserted", "reported")
    )
    assert sorted(zip(table["document_id"], table["event_idx"])) == expected
    assert set(table["modality"]) <= {"asserted", "reported"}
    assert sorted(path.name for path in output.glob("Year=*"))[0].startswith("Year=201")
    assert spark.sparkContext.master.startswith("local")


def test_influence_in_spark_sql_equals_grip_influence(spark, corpus: dict, cli_results: List[dict]) -> None:
    """The README's Spark SQL for the grip index and the pair tables gives grip.influence's
    numbers."""
    table = grip.gdelt_events(cli_results, factual_only=False)
    spark.createDataFrame(table, schema=grip.gdelt.spark_ddl()).createOrReplaceTempView("grip_events")
    report = grip.influence(table, by="week")
    assert len(report.patrons) > 10

    by_sql = spark.sql(grip_spark.grip_index_sql("grip_events")).toPandas()
    merged = report.patrons.merge(by_sql, on=["target", "patron"], suffixes=("", "_sql"), how="outer", indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"]
    assert (merged["events"] == merged["events_sql"]).all()
    assert merged["grip"].to_numpy() == pytest.approx(merged["grip_sql"].to_numpy())

    pairs = spark.sql(grip_spark.pairs_sql("grip_events", by="week")).toPandas()
    pairs["period"] = pairs["period"].astype(str)
    merged = report.pairs.merge(
        pairs, on=["source", "target", "period"], suffixes=("", "_sql"), how="outer", indicator=True
    )
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"]
    for column in ["events", "vcoop", "mcoop", "vconf", "mconf"]:
        assert (merged[column] == merged[f"{column}_sql"]).all(), column
    for column in ["goldstein", "goldstein_vcoop", "goldstein_mconf", "balance"]:
        assert merged[column].to_numpy() == pytest.approx(merged[f"{column}_sql"].to_numpy()), column
