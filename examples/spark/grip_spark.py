#!/usr/bin/env python3
"""Code a corpus with grip on Apache Spark.

Reads documents (Parquet, or JSON Lines with the fields of ``grip analyze --jsonl``), analyzes
them with grip inside the executors (``mapInPandas``; the ``grip-events`` wheel must be
installed where the executors' Python runs), and writes the events as Parquet in the GDELT 2.0
event schema (61 columns) plus grip's own columns (document id, event index, modality,
PLOVER codes, KB entities, evidence offsets, the rule that fired, versions).

    spark-submit grip_spark.py --input corpus.parquet --output events/ [--partitions 2000]

See README.md beside this file for running it on a cluster, partition sizing and the
influence step (Spark SQL, or ``grip.influence`` on the collected events).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Iterator, List, Optional

if TYPE_CHECKING:
    import pandas
    from pyspark.sql import DataFrame, SparkSession

#: The document fields grip reads; every other column of the input is ignored.
DOCUMENT_FIELDS = ("id", "text", "date", "title", "url")


def read_documents(
    spark: "SparkSession",
    path: str,
    *,
    input_format: Optional[str] = None,
    id_column: str = "id",
    text_column: str = "text",
    date_column: str = "date",
    title_column: str = "title",
    url_column: str = "url",
) -> "DataFrame":
    """The documents at ``path`` as a DataFrame of strings ``id, text, date, title, url``.

    ``input_format`` is ``parquet`` or ``jsonl`` (default: from the path's suffix; folders are
    taken as Parquet). Columns that the input lacks become nulls, except the text, which is
    required; documents without an id get a unique one (``monotonically_increasing_id``).
    Dates may be strings (``YYYY-MM-DD`` or ISO timestamps), dates or timestamps.
    """
    from pyspark.sql import functions as F

    if input_format is None:
        lowered = path.rstrip("/").lower()
        input_format = (
            "jsonl" if lowered.endswith((".jsonl", ".ndjson", ".json", ".jsonl.gz", ".json.gz")) else "parquet"
        )
    if input_format == "parquet":
        frame = spark.read.parquet(path)
    elif input_format == "jsonl":
        # Every field as text (an id may be a number), one document per line.
        frame = spark.read.option("primitivesAsString", "true").option("mode", "PERMISSIVE").json(path)
    else:
        raise ValueError(f"input format must be parquet or jsonl, not {input_format!r}")
    names = {"id": id_column, "text": text_column, "date": date_column, "title": title_column, "url": url_column}
    if text_column not in frame.columns:
        raise ValueError(f"{path}: no text column {text_column!r} (columns: {', '.join(frame.columns)})")
    columns = []
    for field in DOCUMENT_FIELDS:
        source = names[field]
        if source in frame.columns:
            column = F.col(source).cast("string")
        elif field == "id":
            column = F.monotonically_increasing_id().cast("string")
        else:
            column = F.lit(None).cast("string")
        columns.append(column.alias(field))
    return frame.select(*columns).where(F.col("text").isNotNull())


def code_events(
    documents: "DataFrame",
    *,
    threads: int = 1,
    factual_only: bool = True,
    default_date: Optional[str] = None,
) -> "DataFrame":
    """grip's events of ``documents`` (columns ``id, text, date, title, url``) in the GDELT 2.0
    schema plus grip's columns (``grip.gdelt.SCHEMA``).

    Each task analyzes its partition in Arrow batches with ``threads`` threads (keep 1 and let
    Spark's executor cores give the parallelism, or raise it with ``spark.task.cpus``).
    ``factual_only`` keeps asserted and reported events, as GDELT and ``grip export --format
    gdelt`` do; ``False`` keeps every modality. ``default_date`` is used for documents without
    a date (otherwise grip looks for a dateline, then uses the day the executor runs).
    """
    import grip.gdelt

    def code_batches(batches: Iterator["pandas.DataFrame"]) -> Iterator["pandas.DataFrame"]:
        # Runs in the executors' Python workers: the engine is built once per worker process
        # (grip.default_engine caches it) and shared by the batches of every task it runs.
        import grip

        engine = grip.default_engine()
        iso_to_fips = engine.iso_to_fips()
        for batch in batches:
            has_urls = "url" in batch.columns and batch["url"].notna().any()
            urls = dict(zip(batch["id"], batch["url"])) if has_urls else None
            results = grip.analyze_many(batch, threads=threads, date=default_date, engine=engine)
            yield grip.gdelt_events(results, urls=urls, iso_to_fips=iso_to_fips, factual_only=factual_only)

    return documents.mapInPandas(code_batches, schema=grip.gdelt.spark_ddl())


def party_sql(side: str) -> str:
    """Spark SQL for the party of one side (``Actor1`` or ``Actor2``), as grip_influence::party
    reads it: the region (``REGION:CAS``), ``IGO`` + the known group (``IGOCSTO``), or the
    country (``RUS`` for ``RUSMIL``)."""
    return (
        f"CASE WHEN {side}Code LIKE 'REGION:%' THEN {side}Code "
        f"WHEN {side}Code LIKE 'IGO%' AND {side}KnownGroupCode IS NOT NULL "
        f"THEN concat('IGO', {side}KnownGroupCode) "
        f"ELSE nullif({side}CountryCode, '') END"
    )


def grip_index_sql(view: str, target: Optional[str] = None) -> str:
    """Spark SQL for the grip index over the whole window, on a view of the job's output (or of
    GDELT rows): for each target T and patron P, P's share of T's dyadic interactions weighted
    by |Goldstein| (grip_influence's formula; factual events between two parties only)."""
    where_target = f"WHERE target = '{target}'" if target else ""
    return f"""
    WITH events AS (
        SELECT {party_sql("Actor1")} AS source, {party_sql("Actor2")} AS target,
               abs(GoldsteinScale) AS weight
        FROM {view}
        WHERE coalesce(modality, 'asserted') IN ('asserted', 'reported')
    ),
    dyadic AS (
        SELECT target, source AS patron, weight FROM events
        WHERE source IS NOT NULL AND target IS NOT NULL AND source <> target
        UNION ALL
        SELECT source AS target, target AS patron, weight FROM events
        WHERE source IS NOT NULL AND target IS NOT NULL AND source <> target
    ),
    shares AS (
        SELECT target, patron, count(*) AS events, sum(weight) AS weight
        FROM dyadic {where_target}
        GROUP BY target, patron
    )
    SELECT target, patron, events, weight,
           CASE WHEN sum(weight) OVER (PARTITION BY target) > 0
                THEN weight / sum(weight) OVER (PARTITION BY target) ELSE 0.0 END AS grip
    FROM shares
    ORDER BY target, grip DESC, events DESC, patron
    """


def pairs_sql(view: str, by: str = "week") -> str:
    """Spark SQL for grip's pair tables on a view of the job's output (or of GDELT rows): per
    directed pair and period (``day``, ``week``: ISO weeks from Monday, ``month``), events and
    Goldstein sums by quad class and the cooperation-conflict balance, factual events only."""
    if by not in ("day", "week", "month"):
        raise ValueError(f"by must be day, week or month, not {by!r}")
    day = "to_date(CAST(SQLDATE AS STRING), 'yyyyMMdd')"
    period = day if by == "day" else f"CAST(date_trunc('{by}', {day}) AS DATE)"
    quads = ", ".join(
        f"count_if(QuadClass = {quad}) AS {name}, coalesce(sum(CASE WHEN QuadClass = {quad} "
        f"THEN GoldsteinScale END), 0.0) AS goldstein_{name}"
        for quad, name in [(1, "vcoop"), (2, "mcoop"), (3, "vconf"), (4, "mconf")]
    )
    return f"""
    WITH events AS (
        SELECT {party_sql("Actor1")} AS source, {party_sql("Actor2")} AS target, {period} AS period,
               QuadClass, GoldsteinScale
        FROM {view}
        WHERE coalesce(modality, 'asserted') IN ('asserted', 'reported')
    )
    SELECT source, target, period, count(*) AS events, {quads},
           sum(GoldsteinScale) AS goldstein,
           (count_if(QuadClass IN (1, 2)) - count_if(QuadClass IN (3, 4))) / count(*) AS balance
    FROM events
    WHERE source IS NOT NULL AND target IS NOT NULL AND source <> target
    GROUP BY source, target, period
    ORDER BY source, target, period
    """


def parse_args(argv: List[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", required=True, help="Parquet file/folder or JSON Lines file/folder/glob")
    parser.add_argument("--output", required=True, help="output folder (Parquet)")
    parser.add_argument("--format", choices=["parquet", "jsonl"], help="input format (default: from the suffix)")
    parser.add_argument("--id-column", default="id")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--date-column", default="date")
    parser.add_argument("--title-column", default="title")
    parser.add_argument("--url-column", default="url")
    parser.add_argument("--date", help="date (YYYY-MM-DD) of documents that have none")
    parser.add_argument("--partitions", type=int, help="repartition the documents into N partitions first")
    parser.add_argument("--threads", type=int, default=1, help="analysis threads per task (default 1)")
    parser.add_argument("--all-events", action="store_true", help="keep negated, future and hypothetical events too")
    parser.add_argument("--partition-by", nargs="*", default=[], help="output partition columns (e.g. Year)")
    parser.add_argument("--mode", default="errorifexists", choices=["errorifexists", "overwrite", "append"])
    parser.add_argument("--master", help="Spark master when not run by spark-submit (e.g. local[2])")
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    """Runs the job: read, code, write."""
    from pyspark.sql import SparkSession

    args = parse_args(sys.argv[1:] if argv is None else argv)
    builder = SparkSession.builder.appName("grip-code-events")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        documents = read_documents(
            spark,
            args.input,
            input_format=args.format,
            id_column=args.id_column,
            text_column=args.text_column,
            date_column=args.date_column,
            title_column=args.title_column,
            url_column=args.url_column,
        )
        if args.partitions:
            documents = documents.repartition(args.partitions)
        events = code_events(documents, threads=args.threads, factual_only=not args.all_events, default_date=args.date)
        writer = events.write.mode(args.mode)
        if args.partition_by:
            writer = writer.partitionBy(*args.partition_by)
        writer.parquet(args.output)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
