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
from sklearn.metrics import cohen_kappa_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from merge_dev_labels import KEY, THEMES, UNITS, _clean, _read  # noqa: E402  (one cleaning rule)

HERE = Path(__file__).resolve().parent.parent
WORK = HERE / "work" / "tables"


def agreement(both: pd.DataFrame) -> pd.DataFrame:
    """Unit and per-theme agreement of two codings (columns ``unit_1/2``, ``labels_1/2``)."""
    rows = [{"measure": "unit", "n": len(both), "agreement": (both["unit_1"] == both["unit_2"]).mean(),
             "kappa": cohen_kappa_score(both["unit_1"], both["unit_2"])}]
    narrative = both[both["unit_1"].isin(["sentence", "heading", "title"])
                     & both["unit_2"].isin(["sentence", "heading", "title"])]
    for t in THEMES + ["other"]:
        if t == "other":
            a, b = narrative["labels_1"] == "", narrative["labels_2"] == ""
        else:
            a = narrative["labels_1"].str.split(";").map(lambda s: t in s)
            b = narrative["labels_2"].str.split(";").map(lambda s: t in s)
        kappa = cohen_kappa_score(a, b) if (a.any() or b.any()) and not (a.all() and b.all()) else float("nan")
        rows.append({"measure": t, "n": len(narrative), "positives_coder1": int(a.sum()),
                     "positives_coder2": int(b.sum()), "agreement": (a == b).mean(), "kappa": kappa})
    rows.append({"measure": "exact label set", "n": len(narrative),
                 "agreement": (narrative["labels_1"] == narrative["labels_2"]).mean()})
    return pd.DataFrame(rows)


def main(folder: Path) -> None:
    split = pd.read_csv(HERE / "dev_tables_split.csv", dtype={"id": str}, keep_default_na=False)
    split["doc"] = "dev/tables/" + split["id"] + ".txt"
    index = {r["id"]: r for r in json.loads((folder / "index.json").read_text(encoding="utf-8"))}
    parts = []
    for b in (1, 2, 3):
        rows = _read(WORK / f"batch{b}.csv")
        labels = _read(WORK / f"batch{b}_labels.csv")
        if len(rows) != len(labels) or (rows[KEY].values != labels[KEY].values).any():
            raise ValueError(f"batch{b}_labels.csv does not match batch{b}.csv row for row")
        merged = rows.join(labels[["unit", "labels_pass1", "labels", "note"]])
        merged["coder_batch"] = b
        parts.append(merged)
    out = pd.concat(parts, ignore_index=True)
    bad = set(out["unit"]) - UNITS
    if bad:
        raise ValueError(f"unknown units {bad}")
    out["labels"] = out["labels"].map(_clean)
    out["labels_pass1"] = out["labels_pass1"].map(_clean)
    out.loc[out["unit"].isin(["furniture", "table"]), ["labels", "labels_pass1"]] = ""
    out = out.merge(split[["doc", "body", "split", "agency", "year", "level", "province", "script"]],
                    on="doc", how="left")
    out["source"] = out["doc"].map(lambda d: index[d.split("/")[-1][:-4]]["source"])
    cols = ["doc", "sentence_id", "section", "is_heading", "start", "end", "unit", "sentence",
            "labels", "labels_pass1", "note", "split", "body", "agency", "year", "level",
            "province", "script", "source", "coder_batch"]
    out = out.sort_values(KEY)[cols]
    out.to_csv(HERE / "dev_tables_sentences.csv", index=False)

    second = _read(WORK / "second_coder_labels.csv")
    both = second.merge(out, on=KEY, suffixes=("_2", "_1"))
    if len(both) != len(second):
        raise ValueError("second coder rows do not all match first-coder rows")
    both["labels_2"] = both["labels_2"].map(_clean)
    agree = agreement(both)
    agree.to_csv(HERE / "agreement_dev_tables.csv", index=False, float_format="%.3f")
    print(out["unit"].value_counts().to_string())
    narrative = out[out["unit"].isin(["sentence", "heading", "title"])]
    print(narrative.groupby("split").size().to_string())
    print(agree.to_string(index=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
