"""Cut the dev-page excerpts into candidate sentences and freeze the test split.

Run once, before any labelling or modelling (2026-12-02)::

    python corpora/annotations/scripts/cut_dev_pages.py ../shared/dev/pages

Writes ``corpora/annotations/dev_pages_split.csv`` (one row per excerpt: its body and
whether it is in the frozen test split) and ``work/candidates.csv`` (every piece the
toolkit's sentence splitter returned, the unit the coders label). The test split is
drawn at random by body (normalised agency name) with a fixed seed, so no body is on
both sides; it is never used to train, tune or choose.
"""
from __future__ import annotations

import json
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import ogi_nlp

SEED = 20261202
N_TEST_BODIES = 36
HERE = Path(__file__).resolve().parent.parent


def body_key(agency: str | None, page_id: str) -> str:
    """Group key: the agency name without spaces and brackets (one excerpt's own id if unknown)."""
    if not agency:
        return f"unknown-{page_id}"
    return re.sub(r"\s|[（(][^）)]*[）)]", "", agency)


def cut_candidates(folder: Path, index: list[dict], prefix: str) -> pd.DataFrame:
    """Every piece the toolkit's sentence splitter returns for each file of ``index`` (the unit the coders label)."""
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for rec in index:
            sents = ogi_nlp.read_report(folder / rec["file"]).sentences()
            for s in sents.itertuples():
                rows.append({"doc": f"{prefix}/{rec['id']}.txt", "sentence_id": s.sentence_id,
                             "section": s.section, "is_heading": bool(s.is_heading),
                             "start": s.start, "end": s.end, "sentence": s.text})
    return pd.DataFrame(rows)


def write_batches(out: pd.DataFrame, work: Path, *, seed: int, n_second: int) -> list[int]:
    """Three first-coder batches by excerpt (balanced by pieces) and a random sample for the second coder.

    The second coder never sees the first labels. Returns the pieces per batch.
    """
    docs = sorted(out["doc"].unique())
    sizes = out.groupby("doc").size()
    load = [0, 0, 0]
    batch_of = {}
    for d in sorted(docs, key=lambda d: (-sizes[d], d)):
        b = load.index(min(load))
        batch_of[d] = b + 1
        load[b] += sizes[d]
    for b in (1, 2, 3):
        part = out[out["doc"].map(batch_of) == b].sort_values(["doc", "sentence_id"])
        part.to_csv(work / f"batch{b}.csv", index=False)
    sample = out.sample(n=n_second, random_state=seed).sort_values(["doc", "sentence_id"])
    sample.to_csv(work / "second_coder_sample.csv", index=False)
    return load


def main(pages: Path) -> None:
    index = json.loads((pages / "index.json").read_text(encoding="utf-8"))
    meta = pd.DataFrame(index)
    meta["year"] = meta["year"].astype("Int64")
    meta["body"] = [body_key(a, i) for a, i in zip(meta["agency"], meta["id"])]
    bodies = np.array(sorted(meta["body"].unique()))
    rng = np.random.default_rng(SEED)
    test_bodies = set(rng.choice(bodies, size=N_TEST_BODIES, replace=False))
    meta["split"] = np.where(meta["body"].isin(test_bodies), "test", "train")
    split = meta[["id", "file", "agency", "body", "year", "level", "province", "script", "split"]]
    split.to_csv(HERE / "dev_pages_split.csv", index=False)

    out = cut_candidates(pages, index, "dev/pages")
    work = HERE / "work"
    work.mkdir(exist_ok=True)
    out.to_csv(work / "candidates.csv", index=False)
    write_batches(out, work, seed=SEED, n_second=340)
    print(len(split), "excerpts,", (split["split"] == "test").sum(), "in test;", len(out), "candidates")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
