#!/usr/bin/env bash
# Fetches the four files `words.tsv` is derived from (see derive.rs and MODEL.md) from their PyPI wheels into DIR
# (default: a new temporary folder) and prints DIR. Then:
#   cargo run --release --example train_detector -- --derive-words DIR      # writes src/detect/words.tsv
#   CLAIMLEDGER_LEXICON_SOURCES=DIR cargo test --lib detect::               # the re-derivation test runs
set -euo pipefail
dir=${1:-$(mktemp -d)}
mkdir -p "$dir"
python3 -m pip download -q --no-deps -d "$dir" textblob==0.20.1 vadersentiment==3.3.2 >&2
python3 - "$dir" <<'PY'
import pathlib, sys, zipfile
d = pathlib.Path(sys.argv[1])
want = {"textblob/en/en-sentiment.xml", "textblob/en/en-lexicon.txt",
        "vaderSentiment/vader_lexicon.txt", "vaderSentiment/vaderSentiment.py"}
for whl in sorted(d.glob("*.whl")):
    with zipfile.ZipFile(whl) as z:
        for name in z.namelist():
            if name in want:
                (d / pathlib.PurePosixPath(name).name).write_bytes(z.read(name))
                want.discard(name)
if want:
    sys.exit("missing from the wheels: " + ", ".join(sorted(want)))
PY
echo "$dir"
