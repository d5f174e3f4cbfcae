"""Merge the coders' work files into ``dev_pages_sentences.csv`` and measure agreement.

Run after labelling::

    python corpora/annotations/scripts/merge_dev_labels.py ../shared/dev/pages

Reads ``work/batch{1,2,3}.csv`` (the pieces) with ``work/batch{1,2,3}_labels.csv`` (the
first coders' units and labels, both passes) and ``work/second_coder_labels.csv`` (the
independent second coding of a random sample), writes ``dev_pages_sentences.csv`` and
``agreement.csv`` (Cohen's kappa per theme and for the unit, on the sample).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score

HERE = Path(__file__).resolve().parent.parent
THEMES = ["policy_interpretation", "platform_building", "problems_improvements",
          "proactive_disclosure", "request_handling", "review_litigation",
          "organization_oversight", "public_participation", "service_delivery"]
UNITS = {"sentence", "heading", "title", "furniture", "table"}
KEY = ["doc", "sentence_id"]


def _clean(labels: object) -> str:
    if not isinstance(labels, str) or not labels.strip():
        return ""
    keys = {k.strip() for k in labels.replace(",", ";").split(";") if k.strip()}
    unknown = keys - set(THEMES)
    if unknown:
        raise ValueError(f"unknown theme keys {sorted(unknown)}")
    return ";".join(t for t in THEMES if t in keys)


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"labels": str, "labels_pass1": str, "note": str},
                       keep_default_na=False)


COLUMNS = ["doc", "sentence_id", "section", "is_heading", "start", "end", "unit", "sentence",
           "labels", "labels_pass1", "note", "split", "body", "agency", "year", "level",
           "province", "script", "source", "coder_batch"]


def merge_batches(work: Path, split: pd.DataFrame, index: dict) -> pd.DataFrame:
    """The pieces of ``work/batch{1,2,3}.csv`` with their coders' units and labels, one frame.

    ``split``: one row per excerpt with ``doc``, ``body``, ``split`` and its metadata;
    ``index``: the folder's ``index.json`` by id (for each excerpt's source).
    """
    parts = []
    for b in (1, 2, 3):
        rows = _read(work / f"batch{b}.csv")
        labels = _read(work / f"batch{b}_labels.csv")
        if len(rows) != len(labels) or (rows[KEY].values != labels[KEY].values).any():
            raise ValueError(f"batch{b}_labels.csv does not match batch{b}.csv row for row")
        merged = rows.drop(columns=[c for c in ("labels",) if c in rows]).join(
            labels[["unit", "labels_pass1", "labels", "note"]])
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
    return out.sort_values(KEY)[COLUMNS]


def agreement(both: pd.DataFrame) -> pd.DataFrame:
    """Unit and per-theme agreement of two codings (columns ``unit_1/2``, ``labels_1/2``)."""
    rows = [{"measure": "unit", "n": len(both),
             "agreement": (both["unit_1"] == both["unit_2"]).mean(),
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


def second_coding(out: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The second coder's rows joined to the first coders' (suffixes ``_2`` and ``_1``)."""
    second = _read(path)
    both = second.merge(out, on=KEY, suffixes=("_2", "_1"))
    if len(both) != len(second):
        raise ValueError("second coder rows do not all match first-coder rows")
    both["labels_2"] = both["labels_2"].map(_clean)
    return both


def main(pages: Path) -> None:
    split = pd.read_csv(HERE / "dev_pages_split.csv", dtype={"id": str}, keep_default_na=False)
    split["doc"] = "dev/pages/" + split["id"] + ".txt"
    index = {r["id"]: r for r in json.loads((pages / "index.json").read_text(encoding="utf-8"))}
    out = merge_batches(HERE / "work", split, index)
    out.to_csv(HERE / "dev_pages_sentences.csv", index=False)

    agree = agreement(second_coding(out, HERE / "work" / "second_coder_labels.csv"))
    agree.to_csv(HERE / "agreement.csv", index=False, float_format="%.3f")
    print(out["unit"].value_counts().to_string())
    print(out.groupby("split")["doc"].nunique().to_string())
    print(agree.to_string(index=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
