"""Evaluate the rejoining of hard-wrapped text: the same report read as it is and wrapped.

Text copied out of a PDF or a page viewer breaks every paragraph at the page's width.
This evaluation takes every real text file of the project that carries narrative
(the bundled reports and seeds, the 162 dev-page excerpts, the 42 dev-table copies),
wraps each line that the reader takes for a paragraph at a fixed width, as such a
copy would (tables, page furniture, lines shorter than the width and every other
line left as they are), reads both versions and compares:

- **sentences**: the multiset of sentence texts (spaces removed: a wrap may take a
  space) of the wrapped copy against the original's (precision, recall, F1 of exact matches; the share of files whose
  sentences are all the same);
- **tables**: every table value (variable and value) of the wrapped copy against the
  original's (share of files whose values are all the same);
- **theme shares**: each report's share of sentences per theme (headings left out,
  the bundled model), the wrapped copy's against the original's: the mean absolute
  difference over reports and the nine themes, in percentage points.

It runs twice, with :func:`ogi_nlp.read.reflow.rejoin_wrapped` switched off (the
reader before it existed) and on, at widths of 27, 33 and 40 CJK characters (a
flip-book page; an A4 page of ``pdftotext``, narrow and wide margins).

The wrapping is a model of such copies (a greedy cut at the width, no rule against
a punctuation mark at the start of a line); the three real flip-book excerpts among
the dev pages (``0055``-``0057``, left out here as they are wrapped already) are the
check that the model matches the wild.
The rule's constants were set on those three excerpts and on the wrapped copies of
these same files, so the figures are **development figures**, not held-apart ones.

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


def wrap(text: str, chars: int) -> str:
    """Cut every paragraph line longer than ``chars`` CJK characters at that width."""
    lines = text.split("\n")
    blocks, _ = blocks_from_text(text)
    paragraph_lines = {b.line for b in blocks if b.kind == "paragraph"}
    out: list[str] = []
    for no, line in enumerate(lines, start=1):
        if no not in paragraph_lines or display_width(line.strip()) <= 2 * chars or furniture_kind(line.strip()):
            out.append(line)
            continue
        out.extend(hard_wrap(line.strip(), chars))
    return "\n".join(out)


def read(text: str, name: str) -> tuple[Counter, dict, pd.Series]:
    report = Report(document_from_text(text, name))
    frame = report.sentences()
    sentences = Counter(re.sub(r"\s+", "", s) for s in frame["text"])
    values = report.tables()
    table = dict(zip(values["table"] + ":" + values["variable"], values["value"].astype(str)))
    labelled = label_sentences(frame.assign(report=name))
    labelled["themes"] = [";".join(labels) for labels in labelled["themes"]]
    shares = theme_shares(labelled).reindex(columns=list(THEMES), fill_value=0.0)
    return sentences, table, shares.iloc[0] if len(shares) else pd.Series(0.0, index=list(THEMES))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the sentences that differ")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    rows = []
    for path in files():
        text, _ = decode_bytes(path.read_bytes(), path=str(path))
        text = text.replace("\r\n", "\n")
        if document_from_text(text, path.name).meta["rejoined_lines"]:
            continue  # already wrapped (the flip-book excerpts): wrapping it again models nothing
        gold_sentences, gold_values, gold_shares = read(text, path.name)
        if not gold_sentences:
            continue
        for chars in WIDTHS:
            wrapped = wrap(text, chars)
            if wrapped == text:
                continue
            for rejoin in (False, True):
                if rejoin:
                    got_sentences, got_values, got_shares = read(wrapped, path.name)
                else:
                    with mock.patch("ogi_nlp.read.text.rejoin_wrapped", lambda blocks: (list(blocks), [])):
                        got_sentences, got_values, got_shares = read(wrapped, path.name)
                hit = sum((gold_sentences & got_sentences).values())
                rows.append({"file": path.name, "width": chars, "rejoin": rejoin, "hit": hit,
                             "gold": sum(gold_sentences.values()), "got": sum(got_sentences.values()),
                             "same_sentences": gold_sentences == got_sentences,
                             "same_values": gold_values == got_values,
                             "share_diff": 100 * float((gold_shares - got_shares).abs().mean())})
                if args.errors and rejoin and gold_sentences != got_sentences:
                    print(f"== {path.name} at {chars}")
                    for s in sorted((gold_sentences - got_sentences).elements()):
                        print("  -", s)
                    for s in sorted((got_sentences - gold_sentences).elements()):
                        print("  +", s)
    frame = pd.DataFrame(rows)
    summary = frame.groupby(["width", "rejoin"]).agg(
        files=("file", "size"), gold=("gold", "sum"), got=("got", "sum"), hit=("hit", "sum"),
        same_sentences=("same_sentences", "mean"), same_values=("same_values", "mean"),
        share_diff_pp=("share_diff", "mean"))
    summary["precision"] = summary["hit"] / summary["got"]
    summary["recall"] = summary["hit"] / summary["gold"]
    summary["f1"] = 2 * summary["hit"] / (summary["got"] + summary["gold"])
    with pd.option_context("display.width", 140, "display.precision", 3):
        print(summary[["files", "gold", "precision", "recall", "f1", "same_sentences", "same_values",
                       "share_diff_pp"]].to_string())


if __name__ == "__main__":
    main()
