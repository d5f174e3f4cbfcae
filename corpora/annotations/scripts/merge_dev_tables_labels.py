"""Merge the coders' work files of the dev-table copies into ``dev_tables_sentences.csv``.

Run after labelling (session 5, 2026-12-02)::

    python corpora/annotations/scripts/merge_dev_tables_labels.py ../shared/dev/tables

Reads ``work/tables/batch{1,2,3}.csv`` with ``work/tables/batch{1,2,3}_labels.csv``
(first coders, both passes) and ``work/tables/second_coder_labels.csv`` (independent
second coding of a random sample), writes ``dev_tables_sentences.csv`` (the columns of
``dev_pages_sentences.csv``) and ``agreement_dev_tables.csv`` (Cohen's kappa per theme
and for the unit, on the sample).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from merge_dev_labels import agreement, merge_batches, second_coding  # noqa: E402  (one merge, one agreement)

HERE = Path(__file__).resolve().parent.parent
WORK = HERE / "work" / "tables"


def main(folder: Path) -> None:
    split = pd.read_csv(HERE / "dev_tables_split.csv", dtype={"id": str}, keep_default_na=False)
    split["doc"] = "dev/tables/" + split["id"] + ".txt"
    index = {r["id"]: r for r in json.loads((folder / "index.json").read_text(encoding="utf-8"))}
    out = merge_batches(WORK, split, index)
    out.to_csv(HERE / "dev_tables_sentences.csv", index=False)
    agree = agreement(second_coding(out, WORK / "second_coder_labels.csv"))
    agree.to_csv(HERE / "agreement_dev_tables.csv", index=False, float_format="%.3f")
    print(out["unit"].value_counts().to_string())
    narrative = out[out["unit"].isin(["sentence", "heading", "title"])]
    print(narrative.groupby("split").size().to_string())
    print(agree.to_string(index=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
