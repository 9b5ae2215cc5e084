#!/usr/bin/env bash
# Issue-3 figures: `check` of a 2,000-word draft against synthetic ledgers of 10,000, 100,000 and 1,000,000
# claims, against `grep -F -i -f claims.txt draft.md` over the same claim texts, in the same session.
# Reports wall time and peak memory (GNU time), the index build once, then the median of 5 checks.
#
#   bash benches/check.sh [WORKDIR] [SIZES...]     (default: benches/out 10000 100000 1000000; ~6 GB of disk at 1M)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-benches/out}
shift || true
sizes=${*:-10000 100000 1000000}
mkdir -p "$work"
cargo build --release -q
cargo build --release -q --example gen_ledger
bin=$PWD/target/release/claimledger
gen=$PWD/target/release/examples/gen_ledger
measure() { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for n in $sizes; do
  dir=$work/ledger-$n
  if [ ! -d "$dir/claims" ]; then
    "$gen" --claims "$n" --sources $((n / 2)) --attributions "$n" --seed 7 --out "$dir" \
      --claims-txt "$work/claims-$n.txt" --draft "$work/draft-$n.md" --words 2000 >/dev/null
  fi
  rm -rf "$dir/.cache"
  read -r t m < <(measure "$bin" --ledger "$dir" list sources --outlet none)
  echo "n=$n index build: ${t} s, ${m} KB"
  times=(); mems=()
  for i in 1 2 3 4 5; do
    read -r t m < <(measure "$bin" --ledger "$dir" check --format json "$work/draft-$n.md")
    times+=("$t"); mems+=("$m")
  done
  echo "n=$n check: median $(printf '%s\n' "${times[@]}" | median) s, peak $(printf '%s\n' "${mems[@]}" | sort -n | tail -1) KB"
  findings=$("$bin" --ledger "$dir" check --format json "$work/draft-$n.md" | grep -c '"type":"finding"' || true)
  echo "n=$n check: $findings findings on $(wc -w < "$work/draft-$n.md") words"
  # grep may need tens of GB at a million patterns: cap it at 16 GB and 10 minutes.
  if out=$( (ulimit -v 16000000; timeout 600 /usr/bin/time -f '%e %M' grep -F -i -f "$work/claims-$n.txt" "$work/draft-$n.md" 2>&1 >/dev/null) ); then
    read -r t m <<<"$(tail -1 <<<"$out")"; echo "n=$n grep -F -i -f: ${t} s, ${m} KB"
  else
    echo "n=$n grep -F -i -f: failed ($(tail -1 <<<"$out" | tr -d '\n'))"
  fi
done
