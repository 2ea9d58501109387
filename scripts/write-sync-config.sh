#!/usr/bin/env bash
# Writes the sync configuration that the demo and the benchmarks share: the local
# test server at BASE, no authentication, discovery of ALS patients, full runs.
#   scripts/write-sync-config.sh FILE BASE [EXTRA_SERVER_JSON]   e.g. ', "page_size": 1000'
set -euo pipefail
file=$1 base=$2 extra=${3:-}
cat > "$file" <<JSON
{
  "comment": "The local test server, no authentication (written by scripts/write-sync-config.sh).",
  "server": { "base_url": "$base"$extra },
  "patients": "discover",
  "concurrency": 4,
  "ledger": "ledger.db",
  "incremental": false,
  "max_transaction_entries": 8
}
JSON
