#!/usr/bin/env bash
# The main job on the built-in local default: starts the local FHIR server,
# loads generated ALS patients, runs `sync` twice (the second run must write
# nothing), prints the run summaries, and stops the server.
set -euo pipefail
BUILD_DIR=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$ROOT/$BUILD_DIR" && pwd)
DEMO="$BUILD/demo"
PATIENTS=${DEMO_PATIENTS:-200}
ADAPTER="$BUILD/als-adapter"
CTL="$ROOT/tests/fhir-server/ctl.sh"

rm -rf "$DEMO"
mkdir -p "$DEMO"
trap '"$CTL" stop "$DEMO/server" >/dev/null 2>&1 || true' EXIT

echo "== starting the local FHIR server"
"$CTL" start "$DEMO/server" >/dev/null
BASE=$(node -p "require('$DEMO/server/server.json').http")/fhir
echo "   $BASE"

echo "== generating $PATIENTS synthetic patients (ALS and non-ALS) and loading them"
"$ADAPTER" generate --patients "$PATIENTS" --seed 42 --as-of "$(date -u +%F)" --format bundle --out "$DEMO/data" >/dev/null
node "$ROOT/tests/fhir-server/load.js" "$DEMO/data" "$BASE"

"$ROOT/scripts/write-sync-config.sh" "$DEMO/sync.json" "$BASE"

for run in 1 2; do
  echo
  echo "== sync run $run"
  set +e
  "$ADAPTER" sync --config "$DEMO/sync.json" > "$DEMO/run$run.out" 2> "$DEMO/run$run.err"
  status=$?
  set -e
  grep -E "active flags by rule|care plan activities|requests:|failed:|error" "$DEMO/run$run.err" | sed 's/^[^ ]* [a-z]* /   /' || true
  echo "   $(tail -n 1 "$DEMO/run$run.out")   (exit status $status)"
done

echo
echo "== the run ledger"
"$ADAPTER" runs --config "$DEMO/sync.json" --limit 2
echo
echo "Files: $DEMO (configuration, ledger, logs). The server is stopped on exit."
