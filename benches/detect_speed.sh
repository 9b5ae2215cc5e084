#!/usr/bin/env bash
# The detector's single-core speed against the previous release's, in the same run: both `detect_speed`
# benches score ClaimBuster's 22,501 crowdsourced sentences (best of 5 passes) on this machine, one after the
# other. The previous release is built from a git export of REF (default: main) in a target folder of its own
# (target/previous-release, kept between runs so that only the crate is recompiled). Sharing this tree's target
# folder measured the wrong build: the export and this tree build artifacts of the same name, and cargo took
# whichever was built last as fresh for both (its record of a build names files relative to the crate).
#
#   bash benches/detect_speed.sh [REF] [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:-main}
data=${2:-}
old=$(mktemp -d)
trap 'rm -rf "$old"' EXIT
git archive "$ref" | tar -x -C "$old"
# git archive dates every file at the commit; cargo compares those dates with its last build of the crate
# (whatever ref that was), so date them now to make it build this ref.
find "$old" -type f -exec touch {} +
# Reading the data through ../shared needs the export to sit beside it: point it at this tree's data instead.
export CLAIMLEDGER_CLAIMBUSTER=${data:-$PWD/../shared/data/claimbuster}
echo "== previous: $ref ($(git rev-parse --short "$ref"))"
CARGO_TARGET_DIR=$PWD/target/previous-release cargo bench -q --manifest-path "$old/Cargo.toml" --bench detect_speed 2>/dev/null | tee "$old/previous.txt"
echo "== this tree ($(git rev-parse --short HEAD)$(git diff --quiet || echo ', with uncommitted changes'))"
cargo bench -q --bench detect_speed 2>/dev/null | tee "$old/current.txt"
rate() { sed -n 's/^scoring: .*: \([0-9]*\) sentences\/s.*/\1/p' "$1"; }
p=$(rate "$old/previous.txt"); c=$(rate "$old/current.txt")
awk -v p="$p" -v c="$c" 'BEGIN { printf "ratio: this tree scores at %.2f x the previous release (%d vs %d sentences/s)\n", c / p, c, p }'
