#!/usr/bin/env bash
# Measures `claimledger export` in each format on a ledger, against the floor of reading its record files.
#
#   benches/export.sh LEDGER_DIR [CLAIMLEDGER_BINARY]
#
# Make a large ledger first, e.g.
#   cargo run --release --example gen_ledger -- --claims 1000000 --sources 1000000 --attributions 2000000 \
#       --retractions 10000 --out /tmp/big-ledger
# The binary defaults to target/release/claimledger (cargo build --release). Needs GNU time (/usr/bin/time).
# The index is built (and timed) first, then the page cache is warmed, so every figure is a warm run.
set -euo pipefail
ledger=${1:?usage: benches/export.sh LEDGER_DIR [BINARY]}
bin=${2:-$(dirname "$0")/../target/release/claimledger}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export CLAIMLEDGER_NOW=2026-03-01T00:00:00Z
unset CI

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -v "$@" 2> "$out/time" >/dev/null
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time")
  printf '%-22s wall %10s   peak RSS %7d MB\n' "$label" "$wall" $((rss / 1024))
}

cat_records() {
  find "$ledger/claims" "$ledger/sources" "$ledger/attributions" "$ledger/retractions" -name '*.json' -print0 |
    xargs -0 cat
}
export -f cat_records
export ledger

echo "ledger $ledger: $(find "$ledger" -name '*.json' -not -path '*/.cache/*' | wc -l) record files"
measure "index build (sync)" "$bin" --ledger "$ledger" list sources --outlet "no such outlet"
cat_records > /dev/null # warm the page cache
measure "cat (floor)" bash -c cat_records
for format in jsonl csv claimreview html; do
  measure "export $format" "$bin" --ledger "$ledger" export --format "$format" -o "$out/export.$format"
  printf '%-22s size %s\n' "" "$(du -h "$out/export.$format" | cut -f1)"
  [ "$format" = jsonl ] || rm -f "$out/export.$format"
done
measure "verify --against" "$bin" --ledger "$ledger" verify --against "$out/export.jsonl"
