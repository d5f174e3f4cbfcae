"""The table reader on every gold set: never a wrong number.

The development set lives in ``<repo>/../shared`` (CI has it beside the
repository); the tests skip cleanly where it is absent.  Figures on
``dev/tables`` are development figures (the reader is tuned while looking at
those files), not held-out accuracy.
"""
from __future__ import annotations

import pytest

from ogi_nlp.tables.evaluate import evaluate_bundled, evaluate_dev, evaluate_other, shared_dir, summary

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
