#!/usr/bin/env bash
# Browser tests of the dashboard (`grip serve`), as CI runs them:
#  1. installs Debian's chromium when it is missing (apt-get; as root or with sudo),
#  2. installs Node from Debian when it is missing, then the test's npm packages (npm ci:
#     playwright-core, which drives that chromium),
#  3. builds grip,
#  4. seeds a temporary store: the seed article from ../shared when present (else the demo
#     article), plus the GDELT extract from ../shared when present,
#  5. starts `grip serve` on loopback, runs crates/grip-server/e2e, and stops the server.
# Screenshots land in target/e2e-screenshots/ (CI artifacts; never committed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

echo "== chromium"
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
chromium --version

echo "== node"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  # A bare machine may lack Node: Debian's nodejs (18 or later) runs playwright-core and node --test.
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null
fi
node --version

echo "== npm ci (crates/grip-server/e2e)"
(cd crates/grip-server/e2e && npm ci --no-audit --no-fund --loglevel=error)

echo "== grip"
if [ -n "${GRIP_BIN:-}" ]; then
  grip="$GRIP_BIN"
else
  cargo build --locked -p grip-cli
  grip="${CARGO_TARGET_DIR:-$root/target}/debug/grip"
fi
"$grip" --version

echo "== seeding a store"
work=$(mktemp -d)
db="$work/grip.db"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
seed=../shared/seed/000_289fc8231d9b7ffa.txt
if [ -f "$seed" ]; then
  # The op-ed on the January 2022 unrest in Kazakhstan carries no dateline.
  "$grip" ingest --db "$db" --date 2022-01-10 "$seed"
else
  echo "(no $seed: using the demo article)"
  "$grip" ingest --db "$db" examples/demo/article.txt
fi
gdelt=../shared/data/gdelt-samples/v2_events_2024-10_2025-02_postsoviet_centralasia.tsv
export GRIP_E2E_GDELT=0
if [ -f "$gdelt" ]; then
  "$grip" ingest --db "$db" --gdelt "$gdelt"
  export GRIP_E2E_GDELT=1
else
  echo "(no $gdelt: the graph, timeline and map tests are skipped)"
fi

echo "== grip serve"
port=${GRIP_E2E_PORT:-18181}
# A fresh token for this run: the tests post a document with it (and check a refusal without).
GRIP_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export GRIP_TOKEN
"$grip" serve --db "$db" --bind "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  if node -e "fetch('http://127.0.0.1:$port/v1/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/serve.log"; echo "grip serve exited"; exit 1; fi
  sleep 0.2
done

echo "== browser tests"
mkdir -p target/e2e-screenshots
status=0
(cd crates/grip-server/e2e && GRIP_URL="http://127.0.0.1:$port" SCREENSHOTS="$root/target/e2e-screenshots" npm test) || status=$?
if [ "$status" != 0 ]; then echo "== server log"; tail -50 "$work/serve.log"; fi
echo "screenshots: $root/target/e2e-screenshots"
exit "$status"
