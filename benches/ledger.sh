#!/usr/bin/env bash
# `claim add` into ledgers of 10,000 and 100,000 claims (index already built), against peers run in the same
# session; `check` of a 2,000-word draft with an empty and with a full pending set of claims not yet committed
# to the search index; and `verify` over a ledger of 100,000+ records against `sha256sum` over the same files.
#
#   bash benches/ledger.sh [WORKDIR]      (default: benches/out; needs about 1.5 GB of disk)
#
# BEFORE_BIN=path names an older claimledger binary to measure beside this one in the same run. Each `claim add`
# is one process; its wall time and CPU time (user + system) come from GNU time, medians of 21 runs. Peers,
# also one process per record: `sqlite3` inserting one row into a WAL database (synchronous=NORMAL, as the
# index), and `cp` of one record file into a fan-out folder followed by `sync -d` of it (as `claim add` makes
# its record file durable).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-benches/out}
mkdir -p "$work"
work=$(cd "$work" && pwd)
if [ -z "${CLAIMLEDGER_BIN:-}" ]; then cargo build --release -q --bin claimledger --example gen_ledger; fi
bin=${CLAIMLEDGER_BIN:-$PWD/target/release/claimledger}
gen=${GEN_LEDGER:-$PWD/target/release/examples/gen_ledger}
bins=("after=$bin")
if [ -n "${BEFORE_BIN:-}" ]; then bins=("before=$BEFORE_BIN" "${bins[@]}"); fi

ms() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# Runs a command under GNU time; prints "wall_ms cpu_ms".
# Runs a command, its output discarded; prints "wall_ms cpu_ms" (CPU = user + system of the command and its
# children, from wait4, to the microsecond). Exit status 1 (check's "findings") is not a failure.
timed() {
  python3 -c '
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open("/dev/null", os.O_WRONLY)
    err = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(null, 1); os.dup2(err, 2)
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
if code not in (0, 1):
    sys.stderr.write(open(sys.argv[1]).read()); sys.exit(1)
print(f"{wall * 1000:.1f} {(usage.ru_utime + usage.ru_stime) * 1000:.1f}")
' "$work/err" "$@" || exit 1
}
# Prints "median wall ms, median CPU ms" of lines "wall cpu".
medians() {
  local f=$1
  echo "$(cut -d' ' -f1 "$f" | median) ms wall, $(cut -d' ' -f2 "$f" | median) ms CPU"
}
pending() { sqlite3 "$1/.cache/index.sqlite3" "SELECT COUNT(*) FROM pending" 2>/dev/null || echo "n/a"; }

for n in 10000 100000; do
  dir=$work/ledger-$n
  if [ ! -d "$dir/claims" ]; then
    "$gen" --claims "$n" --sources $((n / 2)) --attributions "$n" --seed 7 --out "$dir" \
      --draft "$work/draft-$n.md" --words 2000 >/dev/null
  fi
  for entry in "${bins[@]}"; do
    label=${entry%%=*}; b=${entry#*=}
    rm -rf "$dir/.cache"
    start=$(ms); "$b" --ledger "$dir" list claims --unsourced >/dev/null; end=$(ms)
    echo "n=$n $label: index build $(( (end - start) / 1000000 )) ms"
    : > "$work/add-$label"
    for i in $(seq 1 21); do
      timed "$b" --ledger "$dir" claim add "Benchmark claim number $i by $label about the ledger of $n claims." \
        >> "$work/add-$label"
    done
    echo "n=$n $label: claim add median $(medians "$work/add-$label") over 21 runs (pending set after: $(pending "$dir"))"
  done
  # Peers, one process per record, in the same session.
  db=$work/peer.sqlite3
  rm -f "$db" "$db-wal" "$db-shm"
  sqlite3 "$db" "PRAGMA journal_mode=WAL; CREATE TABLE claims(id TEXT PRIMARY KEY, text TEXT NOT NULL);" >/dev/null
  : > "$work/add-sqlite3"
  for i in $(seq 1 21); do
    timed sqlite3 "$db" "PRAGMA synchronous=NORMAL; INSERT INTO claims VALUES ('$i', 'Benchmark claim number $i.');" \
      >> "$work/add-sqlite3"
  done
  echo "n=$n peer: sqlite3 insert of one row median $(medians "$work/add-sqlite3")"
  one=$(find "$dir/claims" -name '*.json' -print -quit)
  mkdir -p "$work/cp-peer/ab"
  : > "$work/add-cp"
  for i in $(seq 1 21); do
    timed sh -c "cp '$one' '$work/cp-peer/ab/$i.json' && sync -d '$work/cp-peer/ab/$i.json'" >> "$work/add-cp"
  done
  echo "n=$n peer: cp + sync of one record file median $(medians "$work/add-cp")"
  rm -rf "$work/cp-peer" "$db" "$db-wal" "$db-shm"
  for entry in "${bins[@]}"; do
    label=${entry%%=*}
    w=$(cut -d' ' -f1 "$work/add-$label" | median); s=$(cut -d' ' -f1 "$work/add-sqlite3" | median)
    echo "n=$n $label: claim add / sqlite3 insert wall ratio $(awk "BEGIN {printf \"%.1f\", $w / ($s > 0 ? $s : 1)}")"
  done

  # check with an empty and with a full pending set. Claims written behind the index's back arrive in four
  # batches of 1,000 (each sync adds them to the pending set). Then the search index is deleted: the next
  # command rebuilds it from the tables with every claim in it and the set empty, so the same ledger is
  # checked once more with nothing pending, and the findings must be the same.
  extra=$work/extra-$n
  "$gen" --claims 4000 --sources 10 --attributions 0 --seed 8 --out "$extra" >/dev/null
  (cd "$extra" && find claims -name '*.json' | sort) > "$work/extra-files"
  split -l 1000 -d "$work/extra-files" "$work/batch-"
  check() { # label
    : > "$work/check"
    for i in 1 2 3 4 5; do timed "$bin" --ledger "$dir" check --format json "$work/draft-$n.md" >> "$work/check" || true; done
    echo "n=$n check, $1 (pending set $(pending "$dir")): median $(medians "$work/check") over 5 runs"
  }
  check_once() { "$bin" --ledger "$dir" check --format json "$work/draft-$n.md" > "$1" || true; }
  check "empty pending set, before the 4,000 claims"
  for batch in "$work"/batch-0[0-3]; do
    (cd "$extra" && tar cf - -T "$batch") | (cd "$dir" && tar xf -)
    "$bin" --ledger "$dir" list sources --outlet none >/dev/null
  done
  check "full pending set"
  check_once "$work/findings-pending"
  rm -rf "$dir"/.cache/search-v*
  start=$(ms); "$bin" --ledger "$dir" list sources --outlet none >/dev/null; end=$(ms)
  echo "n=$n search index rebuilt from the tables in $(( (end - start) / 1000000 )) ms"
  check "everything committed, the same claims"
  check_once "$work/findings-flushed"
  if cmp -s "$work/findings-pending" "$work/findings-flushed"; then
    echo "n=$n check: the same output with the 4,000 claims pending and committed"
  else
    echo "n=$n check: OUTPUT DIFFERS between the claims pending and committed"
    diff "$work/findings-pending" "$work/findings-flushed" | head -20
  fi
  rm -rf "$extra" "$work"/batch-* "$work/extra-files" "$work"/findings-*
done

dir=$work/ledger-100000
records=$(find "$dir"/claims "$dir"/sources "$dir"/attributions "$dir"/retractions -name '*.json' 2>/dev/null | wc -l)
sync
# Warm the page cache for both, so both read from memory.
find "$dir" -name '*.json' -print0 | xargs -0 cat >/dev/null
for round in 1 2 3; do
  start=$(ms); "$bin" --ledger "$dir" verify >/dev/null; end=$(ms); v=$(( (end - start) / 1000000 ))
  start=$(ms); find "$dir"/claims "$dir"/sources "$dir"/attributions "$dir"/retractions -name '*.json' -print0 \
    | xargs -0 sha256sum >/dev/null; end=$(ms); s=$(( (end - start) / 1000000 ))
  echo "verify of $records records: ${v} ms; sha256sum over the same files: ${s} ms; ratio $(awk "BEGIN {printf \"%.2f\", $v / $s}")"
done
