"""Shared fixtures: the repository's files, ../shared, and the grip CLI for comparisons.

Tests that read ../shared (the seed article, NewsMTSC sentences) skip when it is absent and
fail instead when GRIP_REQUIRE_SHARED=1, as the Rust tests do. Tests that compare with the CLI
use $GRIP_BIN, else target/release/grip, else target/debug/grip; they skip when none exists
and fail instead when GRIP_REQUIRE_CLI=1 (set by .ci/python.sh, which builds it).
"""

from __future__ import annotations

import os
import pathlib
from typing import Dict, Optional

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
DEMO_ARTICLE = REPO_ROOT / "examples" / "demo" / "article.txt"
SEED_ARTICLE = SHARED / "seed" / "000_289fc8231d9b7ffa.txt"


def _flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def need_shared(path: pathlib.Path) -> pathlib.Path:
    """``path`` under ../shared, or skip (fail under GRIP_REQUIRE_SHARED=1) when it is absent."""
    if not path.exists():
        message = f"{path} is absent (../shared beside the repository)"
        if _flag("GRIP_REQUIRE_SHARED"):
            pytest.fail(message + " and GRIP_REQUIRE_SHARED=1")
        pytest.skip(message)
    return path


def find_cli() -> Optional[pathlib.Path]:
    """The grip CLI binary to compare with, if one is built."""
    if os.environ.get("GRIP_BIN"):
        return pathlib.Path(os.environ["GRIP_BIN"])
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO_ROOT / "target"))
    for profile in ("release", "debug"):
        candidate = target / profile / "grip"
        if candidate.exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def grip_cli() -> pathlib.Path:
    """The grip CLI; skips (fails under GRIP_REQUIRE_CLI=1) when it is not built."""
    cli = find_cli()
    if cli is None:
        message = "the grip CLI is not built (cargo build --release -p grip-cli, or set GRIP_BIN)"
        if _flag("GRIP_REQUIRE_CLI"):
            pytest.fail(message)
        pytest.skip(message)
    return cli


@pytest.fixture(scope="session")
def article_paths() -> Dict[str, pathlib.Path]:
    """The demo article and the seed (which may be absent), by name."""
    return {"demo": DEMO_ARTICLE, "seed": SEED_ARTICLE}


@pytest.fixture(scope="session")
def demo_text() -> str:
    """The demo article we wrote (examples/demo/article.txt)."""
    return DEMO_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article from ../shared (skips when absent)."""
    return need_shared(SEED_ARTICLE).read_text(encoding="utf-8")
