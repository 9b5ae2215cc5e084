#!/usr/bin/env bash
# Human output stays linear in the draft: time and output size of `check` in the human format against the json
# format (its peer, same run, same findings) and `cat` of the draft, on the two hostile shapes of drafts:
#   - one repeated factual sentence per paragraph, at several sizes (every sentence is a finding);
#   - one sentence carrying N links to unregistered pages (every link is a finding on the same line).
# Each case runs under a time limit; a run that hits it is reported as such.
#
#   bash benches/human_output.sh [BINARY] [WORKDIR]   (default: target/release/claimledger, benches/out/human)
#   LIMIT=300 SIZES="1 4" LINKS="1000 2000 4000" bash benches/human_output.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
  cargo build --release -q
  bin=$PWD/target/release/claimledger
fi
work=${2:-benches/out/human}
limit=${LIMIT:-300}
sizes=${SIZES:-1 4 50}
links=${LINKS:-1000 2000 4000 20000}
mkdir -p "$work"
work=$(cd "$work" && pwd)
rm -rf "$work/ledger"
"$bin" --ledger "$work/ledger" init >/dev/null

# Prints "seconds bytes" of one command's standard output, or "timeout bytes-so-far".
run() {
  local out=$work/out.txt start end code
  start=$(date +%s.%N)
  set +e
  timeout "$limit" "$@" >"$out" 2>/dev/null
  code=$?
  set -e
  end=$(date +%s.%N)
  if [ "$code" = 124 ]; then
    echo "timeout(${limit}s) $(stat -c %s "$out")"
  else
    echo "$(echo "$end - $start" | bc | awk '{printf "%.2f", $1}') $(stat -c %s "$out")"
  fi
}

case_row() {
  local name=$1 draft=$2 size
  size=$(stat -c %s "$draft")
  read -r ct cb < <(run cat "$draft")
  read -r jt jb < <(run "$bin" --ledger "$work/ledger" check --format json "$draft")
  read -r ht hb < <(run "$bin" --ledger "$work/ledger" check --format human "${color[@]}" "$draft")
  printf '%-24s draft %10s B | cat %6s s | json %8s s %11s B | human %8s s %11s B\n' \
    "$name" "$size" "$ct" "$jt" "$jb" "$ht" "$hb"
}

# Older binaries lack --color (NO_COLOR is set and stdout is a file: no colour either way).
export NO_COLOR=1
color=()
if "$bin" check --help | grep -q -- '--color'; then color=(--color never); fi

sentence='Kazakhstan exported 9.3 million tonnes of wheat to 40 countries in 2023, the ministry said.'
for mb in $sizes; do
  draft=$work/paragraphs-$mb.md
  if [ ! -f "$draft" ]; then
    { yes "$sentence"$'\n' || true; } | head -c $((mb * 1000 * 1000)) >"$draft"
  fi
  case_row "paragraphs ${mb} MB" "$draft"
done

for n in $links; do
  draft=$work/links-$n.md
  if [ ! -f "$draft" ]; then
    {
      printf 'The ministry counted 42 new schools in 2024'
      for i in $(seq 1 "$n"); do printf ' [%d](https://example.org/report/%d)' "$i" "$i"; done
      printf '.\n'
    } >"$draft"
  fi
  case_row "one sentence, $n links" "$draft"
done
