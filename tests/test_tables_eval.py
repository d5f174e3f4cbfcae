"""The table reader on every gold set: never a wrong number.

The development set lives in ``<repo>/../shared`` (CI has it beside the
repository); the tests skip cleanly where it is absent.  Figures on
``dev/tables`` are development figures (the reader is tuned while looking at
those files), not held-out accuracy.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The scoring code and its gold values live with the benchmarks, not in the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from table_gold import evaluate_bundled, evaluate_dev, evaluate_other, score_cell, shared_dir, summary  # noqa: E402

SHARED = shared_dir()
needs_shared = pytest.mark.skipif(
    SHARED is None or not (SHARED / "dev" / "tables").is_dir(), reason="../shared/dev is not beside the repository"
)


def _wrong(cells):
    bad = cells[cells["result"] == "wrong"]
    return bad[["doc", "variable", "gold", "got"]].to_dict("records")


def test_bundled_files_stay_exact():
    cells, _ = evaluate_bundled()
    assert len(cells) >= 1057
    assert _wrong(cells) == []
    assert (cells["result"] == "exact").all()


@pytest.fixture(scope="module")
def dev():
    return evaluate_dev(SHARED)


@needs_shared
def test_dev_tables_no_wrong_value(dev):
    cells, _ = dev
    assert len(cells) == 807
    assert _wrong(cells) == []


@needs_shared
def test_dev_tables_floor(dev):
    # a floor, raised as the reader improves: a drop is a regression
    s = summary(dev[0], ["set"]).iloc[0]
    assert s["exact_%"] >= 99.5


@needs_shared
def test_other_documents():
    cells, docs = evaluate_other(SHARED)
    assert _wrong(cells) == []
    budget = docs[docs["layout"] == "non-OGI budget PDF"].iloc[0]
    assert budget["spurious_vars"] == []
    assert budget["found_generation"] is None or budget["found_generation"] != budget["found_generation"]


def test_scoring_rules():
    # (the module's doctests, kept as a test now that it lives with the benchmarks)
    assert [score_cell(3, 3), score_cell(None, None), score_cell(3, 4), score_cell(3, None), score_cell(None, 0)] == [
        "exact", "exact", "wrong", "unread", "wrong"]
    import pandas as pd

    c = pd.DataFrame({"set": ["a", "a"], "result": ["exact", "wrong"]})
    assert summary(c, ["set"]).to_dict("records") == [
        {"set": "a", "cells": 2, "exact": 1, "wrong": 1, "unread": 0, "exact_%": 50.0}]
