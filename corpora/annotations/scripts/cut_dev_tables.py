"""Cut the narrative of the dev-table copies into candidate pieces, before any labelling.

Run once, before labelling (2026-12-02, session 5)::

    python corpora/annotations/scripts/cut_dev_tables.py ../shared/dev/tables

The 42 copies of ``../shared/dev/tables`` were collected for their tables; their
openings also carry narrative (the 总体情况 of short township and department reports).
None of their 42 bodies is among the dev-page bodies. This writes
``dev_tables_split.csv`` (one row per copy: its body and split) and, under
``work/tables/``, the candidate pieces in three coder batches and a random sample for
an independent second coder.

Split: a fresh held-out set of ``N_HELDOUT_BODIES`` bodies drawn at random by body with
a fixed seed *before* labelling (``split == "heldout"``; never used to train, tune or
choose; read once, at the end), the rest ``train``. The frozen test split of the dev
pages (``dev_pages_split.csv``) is unchanged.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

import ogi_nlp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cut_dev_pages import body_key, cut_candidates, write_batches  # noqa: E402  (one cut for both sets)

SEED = 20261203
N_HELDOUT_BODIES = 12
N_SECOND = 200
HERE = Path(__file__).resolve().parent.parent


def main(folder: Path) -> None:
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    meta = pd.DataFrame(index)
    meta["year"] = meta["year"].astype("Int64")
    meta["body"] = [body_key(a, i) for a, i in zip(meta["agency"], meta["id"])]
    taken = set(pd.read_csv(HERE / "dev_pages_split.csv")["body"])
    overlap = set(meta["body"]) & taken
    if overlap:
        raise SystemExit(f"bodies also in the dev pages: {sorted(overlap)}")
    bodies = np.array(sorted(meta["body"].unique()))
    rng = np.random.default_rng(SEED)
    heldout = set(rng.choice(bodies, size=N_HELDOUT_BODIES, replace=False))
    meta["split"] = np.where(meta["body"].isin(heldout), "heldout", "train")
    meta["province"] = pd.NA
    split = meta[["id", "file", "agency", "body", "year", "level", "province", "script", "split"]]
    split.to_csv(HERE / "dev_tables_split.csv", index=False)

    out = cut_candidates(folder, index, "dev/tables")
    work = HERE / "work" / "tables"
    work.mkdir(parents=True, exist_ok=True)
    out.to_csv(work / "candidates.csv", index=False)
    load = write_batches(out, work, seed=SEED, n_second=N_SECOND)
    print(len(split), "copies,", (split["split"] == "heldout").sum(), "held out;", len(out),
          "candidates;", "batches", load)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
