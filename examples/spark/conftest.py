"""Fixtures of the Spark job's test: a local Spark session, the grip CLI, the NewsMTSC corpus.

Skips when pyspark or Java is missing, when ../shared is absent (fails instead under
GRIP_REQUIRE_SHARED=1) and when the grip CLI is not built (fails instead under
GRIP_REQUIRE_CLI=1, which .ci/python.sh sets after building it).
"""

from __future__ import annotations

import os
import pathlib
import shutil
import sys
from typing import Iterator, Optional

import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
SHARED = REPO_ROOT.parent / "shared"
sys.path.insert(0, str(HERE))


def _flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def _missing(message: str, flag: str) -> None:
    if _flag(flag):
        pytest.fail(f"{message} and {flag}=1")
    pytest.skip(message)


@pytest.fixture(scope="session")
def newsmtsc_dir() -> pathlib.Path:
    """../shared/data/newsmtsc (MIT-licensed sentences; read at test time, never committed)."""
    path = SHARED / "data" / "newsmtsc"
    if not path.is_dir():
        _missing(f"{path} is absent", "GRIP_REQUIRE_SHARED")
    return path


def _find_cli() -> Optional[pathlib.Path]:
    if os.environ.get("GRIP_BIN"):
        return pathlib.Path(os.environ["GRIP_BIN"])
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO_ROOT / "target"))
    for profile in ("release", "debug"):
        if (target / profile / "grip").exists():
            return target / profile / "grip"
    return None


@pytest.fixture(scope="session")
def grip_cli() -> pathlib.Path:
    """The grip CLI the Spark output is compared with."""
    cli = _find_cli()
    if cli is None:
        _missing("the grip CLI is not built (cargo build --release -p grip-cli, or set GRIP_BIN)", "GRIP_REQUIRE_CLI")
    return cli  # type: ignore[return-value]


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """A local Spark session with two executor cores, its Python workers on this interpreter."""
    pyspark = pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime (apt-get install openjdk-17-jre-headless)")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("grip-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    assert pyspark.__version__
    yield session
    session.stop()
