#!/usr/bin/env bash
# The Python side of CI: builds the grip-events wheel (maturin, crates/grip-python), installs it
# in a virtual environment with the pinned tools of python/requirements-ci.txt, and runs the
# pytest suites: python/tests (the bindings on real text) and examples/spark (the Spark job in
# local mode, compared with `grip analyze --jsonl`).
#
# Environment:
#   GRIP_VENV    the virtual environment (default: $CARGO_TARGET_DIR or target/, then python-venv);
#                reused when it exists, so a second run installs nothing
#   GRIP_BIN     the grip CLI to compare with (default: built here, target/debug/grip)
# Tests that read ../shared fail instead of skipping when it exists (GRIP_REQUIRE_SHARED=1).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
venv=${GRIP_VENV:-$target/python-venv}
started=$(date +%s)

if [ -d ../shared ]; then
  export GRIP_REQUIRE_SHARED=1
fi

# Spark needs a Java runtime (17 or later); the machine image has one, a bare Debian may not.
if ! command -v java >/dev/null 2>&1; then
  echo "== installing a Java runtime from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq openjdk-17-jre-headless >/dev/null \
    || apt-get install -y -qq default-jre-headless >/dev/null
fi
java -version 2>&1 | head -1

echo "== python venv: $venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r python/requirements-ci.txt

echo "== grip CLI (to compare with)"
if [ -z "${GRIP_BIN:-}" ]; then
  cargo build --locked -p grip-cli
  export GRIP_BIN="$target/debug/grip"
fi
export GRIP_REQUIRE_CLI=1

echo "== wheel (maturin, dev profile: shares the test build)"
wheels="$target/wheels-ci"
rm -rf "$wheels"
(cd python && "$venv/bin/maturin" build --profile dev --locked --out "$wheels")
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheels"/grip_events-*.whl

# From the repository root, so that `import grip` is the installed wheel, not python/grip.
echo "== pytest python/tests"
"$venv/bin/python" -m pytest -q python/tests
echo "== pytest examples/spark"
"$venv/bin/python" -m pytest -q examples/spark

echo "== .ci/python.sh took $(($(date +%s) - started)) s"
