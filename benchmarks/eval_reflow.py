"""Evaluate the paragraph rebuilding of the reader: a report read as it is, and as other copies print it.

Text copied out of a PDF or a page viewer breaks every paragraph at the page's width;
a document-sharing site runs a whole report into one line. This evaluation takes every
real text file of the project that carries narrative (the bundled reports and seeds,
the 162 dev-page excerpts, the 42 dev-table copies) and prints it in two such shapes:

- **wrapped**: each line that the reader takes for a paragraph cut at a fixed width
  (27, 33 and 40 CJK characters: a flip-book page; an A4 page of ``pdftotext``,
  narrow and wide margins), tables, page furniture and shorter lines left as they are;
- **run together**: each run of paragraph lines joined into one line with a space
  between them (tables and furniture left as they are).

It reads both versions and compares:

- **sentences**: the multiset of sentence texts (spaces removed: a wrap may take a
  space) of the wrapped copy against the original's (precision, recall, F1 of exact matches; the share of files whose
  sentences are all the same);
- **tables**: every table value (variable and value) of the wrapped copy against the
  original's (share of files whose values are all the same);
- **theme shares**: each report's share of sentences per theme (headings left out,
  the bundled model), the wrapped copy's against the original's: the mean absolute
  difference over reports and the nine themes, in percentage points.

- **sections**: the share of the original's sections (other than the preamble) that
  the copy finds, by key, and of its headings found as headings.

Each runs twice, with :func:`ogi_nlp.read.reflow.reflow_blocks` switched off (the
reader before it existed) and on.

Both shapes are models of such copies (a greedy cut at the width, no rule against a
punctuation mark at the start of a line; one space for every paragraph break); the
real copies among the dev pages are the check that the models match the wild: the
three flip-book excerpts (``0055``-``0057``, left out here as they are wrapped
already) and the six pages tagged ``run_together_one_line`` in its index. The rules'
constants were set on those pages and on these copies of the same files (the rules
that titles and table rows make no width, sessions 9 and 10, and that a row of values
parted by spaces is not joined, session 10, were checked and chosen on them too), so
the figures are **development figures**, not held-apart ones.

Run ``python benchmarks/eval_reflow.py`` (``--errors`` lists the sentences that differ).
"""
from __future__ import annotations

import argparse
import re
import warnings
from collections import Counter
from pathlib import Path
from unittest import mock

import pandas as pd

from _checkout import ROOT  # beside this script: measure this checkout's ogi_nlp, not an installed copy

from ogi_nlp.read.decode import decode_bytes  # noqa: E402
from ogi_nlp.read.furniture import furniture_kind  # noqa: E402
from ogi_nlp.read.reflow import hard_wrap  # noqa: E402
from ogi_nlp.zh.chars import display_width  # noqa: E402
from ogi_nlp.read.text import blocks_from_text  # noqa: E402
from ogi_nlp.report import Report  # noqa: E402
from ogi_nlp.themes import label_sentences, load_codebook, theme_shares  # noqa: E402
from ogi_nlp.read.text import document_from_text  # noqa: E402

SHARED = ROOT.parent / "shared"
WIDTHS = (27, 33, 40)
THEMES = load_codebook().keys


def files() -> list[Path]:
    """Every real plain-text report copy of the project."""
    out = sorted((ROOT / "corpora").glob("**/*.txt"))
    for folder in ("seeds", "dev/pages/docs", "dev/tables/docs"):
        out += sorted((SHARED / folder).glob("*.txt"))
    return [p for p in out if "annotations" not in p.parts]


def _paragraph_lines(text: str) -> set[int]:
    blocks, _ = blocks_from_text(text)
    return {b.line for b in blocks if b.kind == "paragraph"}


def run_together(text: str) -> str:
    """Join each run of paragraph lines (blank lines between them allowed) into one line."""
    paragraph_lines = _paragraph_lines(text)
    out: list[str] = []
    run: list[str] = []
    for no, line in enumerate(text.split("\n"), start=1):
        if no in paragraph_lines and not furniture_kind(line.strip()):
            run.append(line.strip())
        elif not line.strip() and run:
            continue
        else:
            if run:
                out.append(" ".join(run))
                run = []
            out.append(line)
    if run:
        out.append(" ".join(run))
    return "\n".join(out)


def wrap(text: str, chars: int) -> str:
    """Cut every paragraph line longer than ``chars`` CJK characters at that width."""
    lines = text.split("\n")
    paragraph_lines = _paragraph_lines(text)
    out: list[str] = []
    for no, line in enumerate(lines, start=1):
        if no not in paragraph_lines or display_width(line.strip()) <= 2 * chars or furniture_kind(line.strip()):
            out.append(line)
            continue
        out.extend(hard_wrap(line.strip(), chars))
    return "\n".join(out)


def read(text: str, name: str) -> dict:
    report = Report(document_from_text(text, name))
    frame = report.sentences()
    values = report.tables()
    labelled = label_sentences(frame.assign(report=name))
    labelled["themes"] = [";".join(labels) for labels in labelled["themes"]]
    shares = theme_shares(labelled).reindex(columns=list(THEMES), fill_value=0.0)
    return {"sentences": Counter(re.sub(r"\s+", "", s) for s in frame["text"]),
            "headings": Counter(re.sub(r"\s+", "", s) for s in frame.loc[frame["is_heading"], "text"]),
            "sections": [k for k in report.sections["key"] if k != "preamble"],
            "values": dict(zip(values["table"] + ":" + values["variable"], values["value"].astype(str))),
            "shares": shares.iloc[0] if len(shares) else pd.Series(0.0, index=list(THEMES))}


def _off(blocks):
    return list(blocks), {"rejoined_lines": [], "split_lines": []}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the sentences that differ")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    shapes = {**{f"wrapped at {chars}": (lambda t, c=chars: wrap(t, c)) for chars in WIDTHS},
              "run together": run_together}
    rows = []
    for path in files():
        text, _ = decode_bytes(path.read_bytes(), path=str(path))
        text = text.replace("\r\n", "\n")
        meta = document_from_text(text, path.name).meta
        if meta["rejoined_lines"] or meta["split_lines"]:
            continue  # already in one of the shapes: printing it so again models nothing
        gold = read(text, path.name)
        if not gold["sentences"]:
            continue
        for shape, printer in shapes.items():
            copy = printer(text)
            if copy == text:
                continue
            for on in (False, True):
                if on:
                    got = read(copy, path.name)
                else:
                    with mock.patch("ogi_nlp.read.text.reflow_blocks", _off):
                        got = read(copy, path.name)
                rows.append({"file": path.name, "shape": shape, "reflow": on,
                             "hit": sum((gold["sentences"] & got["sentences"]).values()),
                             "gold": sum(gold["sentences"].values()), "got": sum(got["sentences"].values()),
                             "headings": sum(gold["headings"].values()),
                             "headings_found": sum((gold["headings"] & got["headings"]).values()),
                             "sections": len(gold["sections"]),
                             "sections_found": len(set(gold["sections"]) & set(got["sections"])),
                             "same_sentences": gold["sentences"] == got["sentences"],
                             "same_values": gold["values"] == got["values"],
                             "share_diff": 100 * float((gold["shares"] - got["shares"]).abs().mean())})
                if args.errors and on and gold["sentences"] != got["sentences"]:
                    print(f"== {path.name} {shape}")
                    for s in sorted((gold["sentences"] - got["sentences"]).elements()):
                        print("  -", s)
                    for s in sorted((got["sentences"] - gold["sentences"]).elements()):
                        print("  +", s)
    frame = pd.DataFrame(rows)
    summary = frame.groupby(["shape", "reflow"], sort=False).agg(
        files=("file", "size"), gold=("gold", "sum"), got=("got", "sum"), hit=("hit", "sum"),
        headings=("headings", "sum"), headings_found=("headings_found", "sum"),
        sections=("sections", "sum"), sections_found=("sections_found", "sum"),
        same_sentences=("same_sentences", "mean"), same_values=("same_values", "mean"),
        share_diff_pp=("share_diff", "mean"))
    summary["precision"] = summary["hit"] / summary["got"]
    summary["recall"] = summary["hit"] / summary["gold"]
    summary["f1"] = 2 * summary["hit"] / (summary["got"] + summary["gold"])
    summary["headings_%"] = 100 * summary["headings_found"] / summary["headings"]
    summary["sections_%"] = 100 * summary["sections_found"] / summary["sections"]
    with pd.option_context("display.width", 160, "display.precision", 3):
        print(summary[["files", "gold", "precision", "recall", "f1", "same_sentences", "headings_%", "sections_%",
                       "same_values", "share_diff_pp"]].to_string())


if __name__ == "__main__":
    main()
