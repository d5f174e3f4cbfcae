"""Score the table reader against hand-read gold values (benchmark code, not the package).

The gold values name development and bundled files, so they live here beside the
evaluation scripts, never in ``ogi_nlp``: the reader's rules must fit kinds of
layout, not files.  Used by ``benchmarks/eval_tables.py`` and ``tests/test_tables_eval.py``.

Three sets are scored, each cell as **exact**, **wrong** or **unread**:

- the development set ``<shared>/dev/tables`` (real report copies in many
  layouts; gold in ``tables_gold.json`` as ``{doc, generation, variable,
  value}``, ``null`` = printed blank or missing);
- ``<shared>/dev/other``: a budget PDF that is no OGI report (it must yield no
  value and no generation) and a text extraction of a request table whose
  labels are broken one character per line (gold read by hand below);
- the bundled corpus files with hand-read values in ``tests/expected``.

A gold number is *exact* when the toolkit gives the same number, *wrong* when
it gives another number, *unread* when it gives NA or no such variable.  A gold ``null`` is *exact* when the toolkit
gives NA, *wrong* when it gives a number.  A number the toolkit emits for a
variable the gold does not list is *spurious* (reported, not an error by
itself: gold leaves out cells cut by an excerpt's end).

The dev figures are **development figures**: the reader's rules were written
while looking at these files, so they are no held-out accuracy.

Examples
--------
>>> score_cell(3, 3), score_cell(None, pd.NA), score_cell(3, 4), score_cell(3, None)
('exact', 'exact', 'wrong', 'unread')
"""
from __future__ import annotations

import csv
import json
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ogi_nlp.read import read_document
from ogi_nlp.tables.parse import parse_tables

__all__ = [
    "score_cell",
    "shared_dir",
    "evaluate_dev",
    "evaluate_other",
    "evaluate_bundled",
    "evaluate_all",
    "summary",
    "HUAIAN_GOLD",
]

REPO = Path(__file__).resolve().parents[1]

#: Hand-read values of ``dev/other/huaian-2024-section3-extracted-text.txt``: the cells
#: whose row and column are certain in the extraction (labels one character per line,
#: the applicant header split over lines; values on the label's line).
_APPL = ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total")


def _req(row: str, values: tuple[int, ...]) -> dict[str, int]:
    return {f"requests.{row}.{c}": v for c, v in zip(_APPL, values)}


HUAIAN_GOLD: dict[str, int | float | None] = {
    "active.penalty.decisions": 3985758,
    "active.coercion.decisions": 88283,
    "active.fees.amount": 96171.6,
    **_req("new", (3001, 53, 0, 0, 61, 4, 3119)),
    **_req("carried_in", (34, 0, 0, 0, 0, 0, 34)),
    **_req("result.disclosed", (1288, 21, 0, 0, 50, 3, 1362)),
    **_req("result.partial", (447, 7, 0, 0, 0, 0, 454)),
    **_req("result.withheld.state_secret", (2, 0, 0, 0, 0, 0, 2)),
    **_req("result.withheld.law_prohibited", (30, 1, 0, 0, 0, 0, 31)),
    **_req("result.withheld.security_stability", (5, 0, 0, 0, 0, 0, 5)),
    **_req("result.withheld.third_party", (6, 0, 0, 0, 0, 0, 6)),
    **_req("result.withheld.internal_affairs", (7, 1, 0, 0, 0, 0, 8)),
    **_req("result.withheld.process_info", (12, 0, 0, 0, 0, 0, 12)),
    **_req("result.withheld.enforcement_file", (9, 0, 0, 0, 0, 0, 9)),
    **_req("result.withheld.admin_inquiry", (105, 0, 0, 0, 0, 0, 105)),
    **_req("result.unavailable.not_held", (746, 12, 0, 0, 10, 1, 769)),
}


def shared_dir(repo: Path | None = None) -> Path | None:
    """The project's shared data directory ``<repo>/../shared``, or None if absent.

    >>> shared_dir(Path("/nonexistent/repo")) is None
    True
    """
    repo = REPO if repo is None else Path(repo)
    p = repo.parent / "shared"
    return p if p.is_dir() else None


def _na(v: Any) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def score_cell(gold: Any, got: Any) -> str:
    """``exact``, ``wrong`` or ``unread`` for one cell (``None``/NA = blank)."""
    if _na(gold):
        return "exact" if _na(got) else "wrong"
    if _na(got):
        return "unread"
    return "exact" if abs(float(gold) - float(got)) < 1e-9 else "wrong"


@dataclass
class _Parsed:
    values: dict[str, Any]  # variable -> value or NA (every record the toolkit emitted)
    generation: str | None
    warnings: list[str]
    seconds: float


def _parse(path: Path) -> _Parsed:

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = read_document(path)
        t0 = time.perf_counter()
        res = parse_tables(doc)
        sec = time.perf_counter() - t0
    vals = {}
    for var, val, status in zip(res.values["variable"], res.values["value"], res.values["status"]):
        vals.setdefault(var, val if status == "ok" else pd.NA)
    return _Parsed(vals, res.generation, list(res.warnings), sec)


def _score_doc(gold: dict[str, Any], got: _Parsed, **info: Any) -> tuple[list[dict], dict]:
    cells = []
    for var, want in gold.items():
        have = got.values.get(var, None)
        res = score_cell(want, have) if var in got.values else "unread"
        cells.append({**info, "variable": var, "gold": want, "got": None if _na(have) else have, "result": res})
    spurious = [v for v, x in got.values.items() if v not in gold and not _na(x)]
    return cells, {**info, "spurious": len(spurious), "spurious_vars": spurious, "found_generation": got.generation,
                   "warnings": got.warnings, "parse_ms": round(got.seconds * 1000, 1)}


def evaluate_dev(shared: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cells and per-document facts of ``<shared>/dev/tables``."""
    base = Path(shared) / "dev" / "tables"
    index = json.loads((base / "index.json").read_text(encoding="utf-8"))
    gold_rows = json.loads((base / "tables_gold.json").read_text(encoding="utf-8"))
    by_doc: dict[str, dict[str, Any]] = {}
    for g in gold_rows:
        by_doc.setdefault(g["doc"], {})[g["variable"]] = g["value"]
    cells, docs = [], []
    for d in index:
        got = _parse(base / d["file"])
        c, info = _score_doc(by_doc.get(d["id"], {}), got, set="dev/tables", doc=d["id"], layout=d["layout"],
                             generation=d["generation"])
        cells += c
        docs.append(info)
    return pd.DataFrame(cells), pd.DataFrame(docs)


def evaluate_other(shared: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cells and facts of ``<shared>/dev/other`` (non-OGI PDF, one-character labels)."""
    base = Path(shared) / "dev" / "other"
    cells, docs = [], []
    for path in sorted(base.iterdir()):
        if path.suffix.lower() == ".pdf":
            gold: dict[str, Any] = {}
            layout, gen = "non-OGI budget PDF", None
        elif path.suffix.lower() == ".txt":
            gold, layout, gen = dict(HUAIAN_GOLD), "labels one character per line", "t2021"
        else:
            continue
        got = _parse(path)
        c, info = _score_doc(gold, got, set="dev/other", doc=path.name, layout=layout, generation=gen)
        cells += c
        docs.append(info)
    return pd.DataFrame(cells), pd.DataFrame(docs)


def _bundled_source(stem: str) -> Path | None:
    for ext in (".txt", ".pdf", ".docx", ".html"):
        p = REPO / "corpora" / f"{stem}{ext}"
        if p.exists():
            return p
    return None


def evaluate_bundled(expected_dir: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cells and facts of the bundled corpus files with hand-read values (regression set)."""

    expected_dir = REPO / "tests" / "expected" if expected_dir is None else Path(expected_dir)
    cells, docs = [], []
    for exp in sorted(expected_dir.glob("*.csv")):
        src = _bundled_source(exp.stem)
        if src is None:
            continue
        with open(exp, encoding="utf-8") as fh:
            want = list(csv.DictReader(fh))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            res = parse_tables(read_document(src))
            sec = time.perf_counter() - t0
        vals = res.values
        info = {"set": "bundled", "doc": src.name, "layout": f"bundled {src.suffix[1:]}",
                "generation": res.generation}
        if "row_label" in want[0]:  # legacy: rows in printed order, matched by label
            rows = list(vals.itertuples(index=False))
            for i, w in enumerate(want):
                gold = None if w["value"] == "" else float(w["value"])
                if i >= len(rows) or rows[i].row_label != w["row_label"]:
                    r, got = "unread", None
                else:
                    got = rows[i].value
                    r = score_cell(gold, got)
                    if r == "unread":
                        r = "wrong"  # a printed legacy value read as NA
                cells.append({**info, "variable": w.get("variable") or w["row_label"], "gold": gold,
                              "got": None if _na(got) else got, "result": r})
            spurious = max(0, len(rows) - len(want))
        else:
            got = {}
            for var, val, st in zip(vals["variable"], vals["value"], vals["status"]):
                got.setdefault(var, val if st == "ok" else pd.NA)
            for w in want:
                gold = None if w["value"] == "" else float(w["value"])
                if w["variable"] not in got:
                    r = "unread"
                else:
                    r = score_cell(gold, got[w["variable"]])
                    if r == "unread":
                        r = "wrong"  # the bundled files are read completely: NA for a printed value is an error
                cells.append({**info, "variable": w["variable"], "gold": gold,
                              "got": None if _na(got.get(w["variable"])) else got.get(w["variable"]), "result": r})
            names = {w["variable"] for w in want}
            spurious = int(((vals["status"] == "ok") & ~vals["variable"].isin(names)).sum())
        docs.append({**info, "spurious": spurious, "spurious_vars": [], "found_generation": res.generation,
                     "warnings": list(res.warnings), "parse_ms": round(sec * 1000, 1)})
    return pd.DataFrame(cells), pd.DataFrame(docs)


def evaluate_all(shared: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cells and document facts of every set that is present."""
    parts = [evaluate_bundled()]
    shared = shared_dir() if shared is None else Path(shared)
    if shared is not None and (shared / "dev" / "tables").is_dir():
        parts.append(evaluate_dev(shared))
    if shared is not None and (shared / "dev" / "other").is_dir():
        parts.append(evaluate_other(shared))
    cells = pd.concat([p[0] for p in parts], ignore_index=True)
    docs = pd.concat([p[1] for p in parts], ignore_index=True)
    return cells, docs


def summary(cells: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """exact / wrong / unread counts and exact share grouped by ``by``.

    >>> c = pd.DataFrame({"set": ["a", "a"], "result": ["exact", "wrong"]})
    >>> summary(c, ["set"]).to_dict("records")
    [{'set': 'a', 'cells': 2, 'exact': 1, 'wrong': 1, 'unread': 0, 'exact_%': 50.0}]
    """
    out = (
        cells.assign(n=1)
        .pivot_table(index=by, columns="result", values="n", aggfunc="sum", fill_value=0)
        .reindex(columns=["exact", "wrong", "unread"], fill_value=0)
        .reset_index()
    )
    out.columns.name = None
    out.insert(len(by), "cells", out[["exact", "wrong", "unread"]].sum(axis=1))
    out["exact_%"] = (100 * out["exact"] / out["cells"].where(out["cells"] > 0)).round(1)
    return out
