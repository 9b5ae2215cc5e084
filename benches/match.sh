#!/usr/bin/env bash
# Issue-9 figures: the first index build, `match` per sentence and `check` of a 2,000-word draft against a
# synthetic ledger of N claims (N/2 sources, N attributions), each against a peer run in the same session:
#   - index build: against `cat` over every record file (reading the files is the floor of any build);
#   - match and check: against one `grep -c -F -i` scan of the claim texts for a single word (what finding a
#     sentence's claims costs without an index, per word).
# Reports wall and CPU time and peak memory (GNU time), the size of the index, and match per sentence over
# every sentence of the draft (one process, so start-up is shared).
#
#   bash benches/match.sh [WORKDIR] [SIZES...]     (default: benches/out 1000000; ~6 GB of disk at 1M)
#   SKIP_BUILD=1 bash benches/match.sh ...         (keep the built index; match and check only)
#   BEFORE_BIN=old/claimledger bash benches/match.sh ...   (also match and check with a previous release's binary,
#                                                  in the same run; each binary first builds its index afresh,
#                                                  as on a fresh clone, since each removes the other's, and
#                                                  that build is timed too)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-benches/out}
shift || true
sizes=${*:-1000000}
mkdir -p "$work"
cargo build --release -q
cargo build --release -q --example gen_ledger
bin=$PWD/target/release/claimledger
gen=$PWD/target/release/examples/gen_ledger
measure() { /usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -1; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for n in $sizes; do
  dir=$work/ledger-$n
  if [ ! -d "$dir/claims" ]; then
    "$gen" --claims "$n" --sources $((n / 2)) --attributions "$n" --seed 7 --out "$dir" \
      --claims-txt "$work/claims-$n.txt" --draft "$work/draft-$n.md" --words 2000 >/dev/null
  fi
  draft=$work/draft-$n.md

  # Peer of the build: read every record file once (after a first pass, so both read from the page cache).
  # SKIP_BUILD=1 keeps an index that is already built and measures only match and check.
  if [ -z "${SKIP_BUILD:-}" ]; then
  find "$dir" -name '*.json' -type f -print0 | xargs -0 cat >/dev/null
  read -r t u s m < <(measure bash -c "find '$dir' -name '*.json' -type f -print0 | xargs -0 cat")
  echo "n=$n cat every record file: ${t} s wall, $(echo "$u + $s" | bc) s CPU, ${m} KB"
  rm -rf "$dir/.cache"
  read -r t u s m < <(measure "$bin" --ledger "$dir" list sources --outlet none)
  echo "n=$n index build: ${t} s wall, $(echo "$u + $s" | bc) s CPU, ${m} KB peak"
  echo "n=$n index size: $(du -sh "$dir/.cache" | cut -f1) ($(du -sh "$dir"/.cache/search-v* | cut -f1) search, $(du -sh "$dir/.cache/index.sqlite3" | cut -f1) tables)"
  fi

  # Peer of match and check: one scan of the claim texts for one word.
  word=$(grep -o -w '[a-z]\{6,\}' "$draft" | head -1 || true)   # head closes the pipe early
  times=()
  for i in 1 2 3 4 5; do read -r t u s m < <(measure grep -c -F -i -w "$word" "$work/claims-$n.txt"); times+=("$t"); done
  echo "n=$n grep -c -F -i -w one word over the claim texts: median $(printf '%s\n' "${times[@]}" | median) s"

  for b in ${BEFORE_BIN:+"$BEFORE_BIN"} "$bin"; do
  label=$([ "$b" = "$bin" ] && echo "this release" || echo "previous release")
  echo "n=$n $label:"
  if [ -n "${BEFORE_BIN:-}" ]; then
    # Each binary builds the index of its own version afresh, as on a fresh clone: timed, so that the two
    # builds are compared in the same run.
    rm -rf "$dir/.cache"
    read -r t u s m < <(measure "$b" --ledger "$dir" list sources --outlet none)
    echo "n=$n index build: ${t} s wall, $(echo "$u + $s" | bc) s CPU, ${m} KB peak"
  fi
  sentences=$("$bin" --ledger "$dir" match --format json "$draft" | wc -l)
  times=(); mems=(); cpus=()
  for i in 1 2 3 4 5; do
    read -r t u s m < <(measure "$b" --ledger "$dir" match --format json "$draft")
    times+=("$t"); mems+=("$m"); cpus+=("$(echo "$u + $s" | bc)")
  done
  t=$(printf '%s\n' "${times[@]}" | median)
  c=$(printf '%s\n' "${cpus[@]}" | median)
  echo "n=$n match: $sentences sentences in median $t s wall, $c s CPU ($(echo "scale=2; $t * 1000 / $sentences" | bc) ms wall, $(echo "scale=2; $c * 1000 / $sentences" | bc) ms CPU per sentence), peak $(printf '%s\n' "${mems[@]}" | sort -n | tail -1) KB"
  times=(); mems=(); cpus=()
  for i in 1 2 3 4 5; do
    read -r t u s m < <(measure "$b" --ledger "$dir" check --format json "$draft")
    times+=("$t"); mems+=("$m"); cpus+=("$(echo "$u + $s" | bc)")
  done
  echo "n=$n check ($(wc -w < "$draft") words): median $(printf '%s\n' "${times[@]}" | median) s wall, $(printf '%s\n' "${cpus[@]}" | median) s CPU, peak $(printf '%s\n' "${mems[@]}" | sort -n | tail -1) KB"
  findings=$("$b" --ledger "$dir" check --format json "$draft" | grep -c '"type":"finding"' || true)
  echo "n=$n check: $findings findings"
  done
done
