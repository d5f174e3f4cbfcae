"""Apply the platform_building label audit (``platform_audit.csv``) to the two label files.

The audit (2026-12-02, session 3) re-read every training piece that names a channel
(website, new media, gazette, column, reading point, hotline, screen, notice board,
"channels/forms of disclosure") against the codebook's In/Out text for
``platform_building`` and recorded each change, with its rule and reason, in
``platform_audit.csv``. The decisions were made by reading, without any model
prediction in view; this script only writes them. It refuses to touch a piece of the
frozen test split and checks that each row still holds ``labels_before`` (so it is
idempotent: rows already at ``labels_after`` are left alone).

Run from the repository root::

    python corpora/annotations/scripts/apply_platform_audit.py
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parents[1]


def main() -> None:
    audit = pd.read_csv(HERE / "platform_audit.csv", dtype=str, keep_default_na=False)
    files = {"bundled": HERE / "sentences.csv", "dev_pages": HERE / "dev_pages_sentences.csv"}
    for dataset, path in files.items():
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        changed = 0
        for _, row in audit[audit["dataset"] == dataset].iterrows():
            hit = (frame["doc"] == row["doc"]) & (frame["sentence_id"] == row["sentence_id"])
            if hit.sum() != 1:
                raise SystemExit(f"{dataset} {row['doc']} #{row['sentence_id']}: {hit.sum()} rows")
            i = frame.index[hit][0]
            if frame.at[i, "sentence"] != row["sentence"]:
                raise SystemExit(f"{row['doc']} #{row['sentence_id']}: sentence differs from the audit")
            if "split" in frame.columns and frame.at[i, "split"] != "train":
                raise SystemExit(f"{row['doc']} #{row['sentence_id']} is in the frozen test split: never relabelled")
            if frame.at[i, "labels"] == row["labels_after"]:
                continue
            if frame.at[i, "labels"] != row["labels_before"]:
                raise SystemExit(f"{row['doc']} #{row['sentence_id']}: labels {frame.at[i, 'labels']!r}, "
                                 f"audit expected {row['labels_before']!r}")
            frame.at[i, "labels"] = row["labels_after"]
            changed += 1
        frame.to_csv(path, index=False, lineterminator="\n")
        print(f"{path.name}: {changed} label sets changed")


if __name__ == "__main__":
    main()
