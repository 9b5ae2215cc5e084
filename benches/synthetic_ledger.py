#!/usr/bin/env python3
"""Writes a synthetic ledger of valid record files straight to disk, for measuring exports.

Usage: synthetic_ledger.py --claims N --sources M --attributions K [--retractions R] --out DIR

Records are valid (normalised text and URLs, ids = SHA-256 of the canonical bytes) and pretty-printed as the
tool writes them; attributions link claim i to sources chosen deterministically, so two runs give the same
ledger. A stand-in for a Rust generator: it only needs python3.
"""
import argparse, hashlib, json, os

def canonical(obj):
    # For objects of strings only, this is RFC 8785 (see docs/auditing.md).
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

def write(root, kind_dir, obj):
    rid = hashlib.sha256(canonical(obj)).hexdigest()
    folder = os.path.join(root, kind_dir, rid[:2])
    with open(os.path.join(folder, rid[2:] + ".json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return rid

def main():
    p = argparse.ArgumentParser()
    for name in ("claims", "sources", "attributions"):
        p.add_argument("--" + name, type=int, required=True)
    p.add_argument("--retractions", type=int, default=0)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    for d in ("claims", "sources", "attributions", "retractions"):
        for i in range(256):
            os.makedirs(os.path.join(a.out, d, "%02x" % i), exist_ok=True)
    with open(os.path.join(a.out, ".gitignore"), "w") as f:
        f.write("/.cache/\n")
    claims = [write(a.out, "claims", {"type": "claim", "text": "Synthetic city %d recorded %d events in %d, the %s figure." % (i, i * 7 % 9973, 1990 + i % 35, "highest" if i % 2 else "lowest")}) for i in range(a.claims)]
    sources = [write(a.out, "sources", {"type": "source", "url": "https://outlet%d.example/news/%d" % (i % 500, i), "outlet": "Outlet %d" % (i % 500), "title": "Report number %d" % i, "published": "20%02d-%02d-%02d" % (10 + i % 15, 1 + i % 12, 1 + i % 28)}) for i in range(a.sources)]
    attributions = []
    for i in range(a.attributions):
        c, s = claims[i % len(claims)], sources[(i * 7919) % len(sources)]
        attributions.append(write(a.out, "attributions", {"type": "attribution", "claim": c, "source": s, "quote": "The report says figure %d." % i, "recorded_by": "bench@example.org", "recorded_at": "2026-01-%02dT10:00:00Z" % (1 + i % 28)}))
    for i in range(a.retractions):
        target = sources[(i * 104729) % len(sources)] if i % 2 else attributions[(i * 15485863) % len(attributions)]
        write(a.out, "retractions", {"type": "retraction", "target": target, "kind": "retraction", "reason": "Outlet withdrew story %d." % i, "effective": "2026-02-01", "recorded_by": "bench@example.org", "recorded_at": "2026-02-01T09:00:00Z"})

if __name__ == "__main__":
    main()
