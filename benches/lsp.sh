#!/usr/bin/env bash
# Issue-12 figures: how long after a change an editor gets diagnostics from `claimledger lsp`, for a 2,000-word
# draft against a synthetic ledger of N claims, against `claimledger check` of the same draft in the same run.
# The ledger and draft are the ones benches/check.sh generates (same seed); the index is built once first.
#
#   bash benches/lsp.sh [WORKDIR] [SIZES...]     (default: benches/out 1000000; ~6 GB of disk at 1M)
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

for n in $sizes; do
  dir=$work/ledger-$n
  if [ ! -d "$dir/claims" ]; then
    "$gen" --claims "$n" --sources $((n / 2)) --attributions "$n" --seed 7 --out "$dir" \
      --claims-txt "$work/claims-$n.txt" --draft "$work/draft-$n.md" --words 2000 >/dev/null
  fi
  "$bin" --ledger "$dir" list sources --outlet none >/dev/null   # builds or refreshes the index
  echo "n=$n"
  cargo bench -q --bench lsp_latency -- --ledger "$dir" --draft "$work/draft-$n.md"
done
