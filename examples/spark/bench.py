#!/usr/bin/env python3
"""Throughput of grip through its doors, on one corpus in one run: the CLI (`grip analyze
--jsonl`, one thread), Python (`grip.analyze_many`, 1 and 2 threads, results parsed into
dicts) and the Spark job in local mode with 1 and 2 executor cores.

    python examples/spark/bench.py --grip target/release/grip [--documents 3000] [--repeat 3]

The corpus is NewsMTSC's sentences grouped back into their articles (../shared/data/newsmtsc,
read at run time), as in the Spark test. Each figure is the best of --repeat runs, so that a
noisy shared machine disturbs it least: wall clock, and CPU seconds of all threads (for the CLI
and Python; per core, CPU time is the steadier measure when other work shares the machine). The
engine is built before timing for Python, inside the timing for the CLI (its real cost per
run), and before timing for Spark (one warm-up job starts the Python workers, as a long job
does once).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time
from typing import Callable, List, Tuple

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from test_grip_spark import newsmtsc_documents  # noqa: E402 (after the path is set)


def best_of(repeat: int, run: Callable[[], None]) -> Tuple[float, float]:
    """The shortest wall time of ``repeat`` runs, and the shortest CPU time (this process and
    its finished children, all threads)."""
    walls, cpus = [], []
    for _ in range(repeat):
        cpu_started = _cpu_seconds()
        started = time.perf_counter()
        run()
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu_seconds() - cpu_started)
    return min(walls), min(cpus)


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    """Runs the measurements and prints a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grip", required=True, help="the grip CLI (a release build)")
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shared", default=str(HERE.parents[1].parent / "shared"))
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args()

    import grip

    documents = newsmtsc_documents(pathlib.Path(args.shared) / "data" / "newsmtsc", args.documents)
    n = len(documents)
    n_bytes = sum(len(document["text"].encode("utf-8")) for document in documents)
    folder = pathlib.Path(tempfile.mkdtemp(prefix="grip-bench-"))
    jsonl = folder / "docs.jsonl"
    jsonl.write_text("".join(json.dumps(document) + "\n" for document in documents), encoding="utf-8")
    rows: List[tuple] = []

    def cli() -> None:
        subprocess.run(
            [args.grip, "--threads", "1", "analyze", "--jsonl", str(jsonl)], check=True, stdout=subprocess.DEVNULL
        )

    rows.append(("CLI grip analyze --jsonl (1 thread)", 1, best_of(args.repeat, cli)))
    grip.default_engine()
    for threads in (1, 2):

        def python(threads: int = threads) -> None:
            for _ in grip.analyze_many(documents, threads=threads):
                pass

        rows.append((f"Python analyze_many(threads={threads})", threads, best_of(args.repeat, python)))

    if not args.no_spark:
        import grip_spark
        import pandas as pd
        from pyspark.sql import SparkSession

        parquet = folder / "docs.parquet"
        pd.DataFrame(documents).to_parquet(parquet, index=False)
        os.environ["PYSPARK_PYTHON"] = sys.executable
        for cores in (1, 2):
            spark = (
                SparkSession.builder.master(f"local[{cores}]")
                .appName("grip-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .getOrCreate()
            )
            spark.sparkContext.setLogLevel("ERROR")
            # Warm-up: starts the Python workers and builds their engines, as a long job would once.
            grip_spark.code_events(grip_spark.read_documents(spark, str(parquet)).limit(20)).count()

            def spark_run(spark=spark, cores: int = cores) -> None:
                documents_df = grip_spark.read_documents(spark, str(parquet)).repartition(4 * cores)
                grip_spark.code_events(documents_df).write.mode("overwrite").parquet(str(folder / "events"))

            wall, _ = best_of(args.repeat, spark_run)  # the JVM's and workers' CPU is not ours to count
            rows.append((f"Spark local[{cores}] (job: read, code, write Parquet)", cores, (wall, float("nan"))))
            spark.stop()

    print(f"{n} documents, {n_bytes / n:.0f} bytes each on average; best of {args.repeat}; "
          f"load average before: {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'what':<52} {'cores':>5} {'wall s':>7} {'docs/s':>7} {'/core':>6} {'CPU s':>6} {'docs/CPU-s':>10}")
    for what, cores, (wall, cpu) in rows:
        print(
            f"{what:<52} {cores:>5} {wall:>7.2f} {n / wall:>7.0f} {n / wall / cores:>6.0f} {cpu:>6.2f} {n / cpu:>10.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
