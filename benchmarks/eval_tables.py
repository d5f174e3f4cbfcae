"""Evaluate the table parser against the hand-read values in tests/expected/.

For every report with an expected file, reads it with ``read_document``,
parses its tables and counts:

- cells expected (every template cell or legacy row written by hand, printed
  blanks included),
- cells read exactly (same value; a missing cell must come out missing),
- wrong values (a number differing from the hand-read one, or a number where
  the cell is missing, or NA where a number is printed),
- cells not read at all, and values read that nobody expected,

then lists the consistency checks that fail (or cannot be evaluated) in each
report, and times the parse.  Run ``python benchmarks/eval_tables.py``.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

from ogi_nlp.read import read_document
from ogi_nlp.tables import parse_tables, run_checks

ROOT = Path(__file__).resolve().parents[1]


def _source(stem: str) -> Path | None:
    for ext in (".txt", ".pdf", ".docx", ".html"):
        p = ROOT / "corpora" / f"{stem}{ext}"
        if p.exists():
            return p
    return None


def _expected(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _same(want: str, got: object) -> bool:
    if want == "":
        return got is None or pd.isna(got)
    if got is None or pd.isna(got):
        return False
    return abs(float(want) - float(got)) < 1e-9


def evaluate(expected_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-report scores and the failing checks."""
    scores, failing = [], []
    for exp in sorted(expected_dir.glob("*.csv")):
        src = _source(exp.stem)
        if src is None:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = read_document(src)
            t0 = time.perf_counter()
            res = parse_tables(doc)
            seconds = time.perf_counter() - t0
        vals = res.values
        want = _expected(exp)
        exact = wrong = unread = 0
        if "row_label" in want[0]:  # legacy: rows in printed order, matched by label
            got_rows = list(vals.itertuples(index=False))
            for i, w in enumerate(want):
                if i >= len(got_rows) or got_rows[i].row_label != w["row_label"]:
                    unread += 1
                elif _same(w["value"], got_rows[i].value):
                    exact += 1
                else:
                    wrong += 1
            extra = max(0, len(got_rows) - len(want))
        else:
            got = dict(zip(vals["variable"], vals["value"]))
            for w in want:
                if w["variable"] not in got:
                    unread += 1
                elif _same(w["value"], got[w["variable"]]):
                    exact += 1
                else:
                    wrong += 1
            names = {w["variable"] for w in want}
            extra = int(((vals["status"] == "ok") & ~vals["variable"].isin(names)).sum())
        checks = run_checks(vals)
        bad = checks[checks["holds"].isna() | (checks["holds"] == False)]  # noqa: E712
        for r in bad.itertuples(index=False):
            failing.append({"report": src.name, "check": r.check, "lhs": r.lhs, "rhs": r.rhs,
                            "holds": r.holds, "missing_terms": r.missing_terms})
        scores.append({
            "report": src.name, "generation": res.generation, "request_rows": res.request_rows,
            "expected": len(want), "exact": exact, "wrong": wrong, "not_read": unread, "extra": extra,
            "checks": len(checks), "checks_failing": int((checks["holds"] == False).sum()),  # noqa: E712
            "checks_na": int(checks["holds"].isna().sum()), "parse_ms": round(seconds * 1000, 1),
        })
    return pd.DataFrame(scores), pd.DataFrame(failing)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--expected", type=Path, default=ROOT / "tests" / "expected")
    args = ap.parse_args(argv)
    scores, failing = evaluate(args.expected)
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        print(scores.to_string(index=False))
        tot = scores[["expected", "exact", "wrong", "not_read", "extra"]].sum()
        print(f"\nTOTAL cells expected {tot['expected']}, read exactly {tot['exact']} "
              f"({tot['exact'] / max(tot['expected'], 1):.1%}), wrong {tot['wrong']}, "
              f"not read {tot['not_read']}, unexpected values {tot['extra']}")
        print("\nChecks that fail or cannot be evaluated:")
        print(failing.to_string(index=False) if len(failing) else "(none)")
    return 0 if tot["wrong"] == 0 and tot["not_read"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
