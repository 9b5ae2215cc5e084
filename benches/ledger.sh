#!/usr/bin/env bash
# Issue-2 figures: `claim add` into ledgers of 10,000 and 100,000 claims (medians, index already built), and
# `verify` over a ledger of 100,000+ records against `sha256sum` over the same files, run in the same session.
#
#   bash benches/ledger.sh [WORKDIR]      (default: benches/out; needs about 1.5 GB of disk)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-benches/out}
mkdir -p "$work"
cargo build --release -q
cargo build --release -q --example gen_ledger
bin=$PWD/target/release/claimledger
gen=$PWD/target/release/examples/gen_ledger

ms() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for n in 10000 100000; do
  dir=$work/ledger-$n
  if [ ! -d "$dir/claims" ]; then
    "$gen" --claims "$n" --sources $((n / 2)) --attributions "$n" --seed 7 --out "$dir" >/dev/null
  fi
  rm -rf "$dir/.cache"
  start=$(ms); "$bin" --ledger "$dir" list claims --unsourced >/dev/null; end=$(ms)
  echo "ledger of $n claims: index build $(( (end - start) / 1000000 )) ms"
  times=()
  for i in $(seq 1 21); do
    start=$(ms)
    "$bin" --ledger "$dir" claim add "Benchmark claim number $i about the ledger of $n claims, added at $start." >/dev/null
    end=$(ms)
    times+=($(( (end - start) / 1000 )))
  done
  echo "ledger of $n claims: claim add median $(printf '%s\n' "${times[@]}" | median) us over 21 runs"
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
