#!/usr/bin/env bash
# `claimledger import` of 100,000 claims, against peers measured in the same run:
#   - cp -r of the same record files (the floor: creating that many files on this disk),
#   - `claim add` per claim, 200 runs extrapolated to 100,000.
# Inputs come from a synthetic ledger (gen_ledger, seeded): its JSON Lines export, and a CSV made from it
# with one row per attribution (text, url, outlet, published, quote, quote_kind) plus the unsourced claims.
#
#   bash benches/import.sh [WORKDIR] [CLAIMS]      (default: benches/out, 100000; needs about 3 GB of disk)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-benches/out}
n=${2:-100000}
mkdir -p "$work"
work=$(cd "$work" && pwd)
# CLAIMLEDGER_BIN and GEN_LEDGER name prebuilt binaries; otherwise the release build is made here.
if [ -z "${CLAIMLEDGER_BIN:-}" ]; then cargo build --release -q --bin claimledger --example gen_ledger; fi
bin=${CLAIMLEDGER_BIN:-$PWD/target/release/claimledger}
gen=${GEN_LEDGER:-$PWD/target/release/examples/gen_ledger}
export CLAIMLEDGER_NOW=2026-03-01T00:00:00Z CLAIMLEDGER_BY=bench@example.org
unset CI

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -v "$@" 2> "$work/time" >"$work/out" || { cat "$work/time" "$work/out" >&2; exit 1; }
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
  printf '%-46s wall %9s   peak RSS %6d MB\n' "$label" "$wall" $((rss / 1024))
}

src=$work/import-source-$n
if [ ! -d "$src/claims" ]; then
  "$gen" --claims "$n" --sources $((n / 2)) --attributions "$n" --seed 11 --out "$src" >/dev/null
fi
"$bin" --ledger "$src" export --format jsonl -o "$work/ledger-$n.jsonl" 2>/dev/null
python3 - "$work/ledger-$n.jsonl" "$work/claims-$n.csv" "$work/texts-$n.csv" <<'PY'
import csv, json, sys
claims, sources, rows, attributed = {}, {}, [], set()
with open(sys.argv[1], encoding="utf-8") as f:
    next(f)
    for line in f:
        e = json.loads(line)
        r = e["record"]
        if e["kind"] == "claim":
            claims[e["id"]] = r["text"]
        elif e["kind"] == "source":
            sources[e["id"]] = r
        elif e["kind"] == "attribution":
            s = sources[r["source"]]
            rows.append([claims[r["claim"]], s["url"], s["outlet"], s.get("published", ""), r["quote"],
                         r.get("quote_kind", "verbatim")])
            attributed.add(r["claim"])
rows += [[t, "", "", "", "", ""] for i, t in claims.items() if i not in attributed]
with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    w.writerow(["text", "url", "outlet", "published", "quote", "quote_kind"])
    w.writerows(rows)
with open(sys.argv[3], "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    w.writerow(["text"])
    w.writerows([t] for t in claims.values())
PY
records=$(find "$src"/claims "$src"/sources "$src"/attributions -name '*.json' | wc -l)
echo "source ledger: $n claims, $records record files; CSV $(wc -l < "$work/claims-$n.csv") lines"

fresh() { rm -rf "$work/dst"; "$bin" init "$work/dst" >/dev/null; }
sync
fresh; measure "cp -r of the $records record files (floor)" cp -r "$src/claims" "$src/sources" "$src/attributions" "$work/dst/"
sync
fresh; measure "import CSV, $n claims only" "$bin" --ledger "$work/dst" import "$work/texts-$n.csv"
sync
fresh; measure "import CSV, $n sourced claims ($records records)" "$bin" --ledger "$work/dst" import "$work/claims-$n.csv"
tail -3 "$work/out"
measure "import the same CSV again (adds nothing)" "$bin" --ledger "$work/dst" import "$work/claims-$n.csv"
sync
fresh; measure "import JSON Lines export ($records records)" "$bin" --ledger "$work/dst" import "$work/ledger-$n.jsonl"
"$bin" --ledger "$work/dst" verify --against "$work/ledger-$n.jsonl" | tail -1

# claim add, one process per claim, into the ledger that now holds every claim; extrapolated.
head -201 "$work/texts-$n.csv" | tail -200 | sed 's/^"//; s/"$//; s/""/"/g' > "$work/200.txt"
start=$(date +%s%N)
while IFS= read -r text; do "$bin" --ledger "$work/dst" claim add "x $text" >/dev/null 2>&1; done < "$work/200.txt"
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
echo "claim add x 200: ${ms} ms; extrapolated to $n claims: $(( ms * n / 200 / 1000 )) s"
rm -rf "$work/dst"
