"""The panel: derived rates never invent values."""
from __future__ import annotations

import pandas as pd
import pytest

from ogi_nlp import corpus_path, read_corpus
from ogi_nlp.join import DERIVED, derive, panel_codebook


def test_missing_term_gives_missing_rate_not_zero() -> None:
    wide = pd.DataFrame({"requests.result.disclosed.total": [5, 5, 0],
                         "requests.result.partial.total": [pd.NA, 1, 0],
                         "requests.result.total.total": [10, 10, 0]},
                        index=["missing", "ok", "no_cases"]).astype("Int64")
    rates = derive(wide)["disclosure_rate"]
    assert pd.isna(rates["missing"])
    assert rates["ok"] == pytest.approx(0.6)
    assert pd.isna(rates["no_cases"]), "no requests: no rate (not 0, not inf)"


def test_absent_variables_give_missing_columns() -> None:
    rates = derive(pd.DataFrame(index=["r"]))
    assert list(rates.columns) == [d.name for d in DERIVED]
    assert rates.isna().all().all()


def test_codebook_documents_every_derived_column() -> None:
    book = panel_codebook()
    assert book["name"].tolist() == [d.name for d in DERIVED]
    assert book.loc[book["name"] == "disclosure_rate", "formula"].iloc[0] == (
        "(requests.result.disclosed.total + requests.result.partial.total) / (requests.result.total.total)")


def test_panel_on_bundled_corpus() -> None:
    panel = read_corpus(corpus_path()).panel()
    assert "003_9f85f0f5b3ff3861.txt" not in panel.index, "the work plan is not an annual report"
    assert "blank-template-2021.docx" not in panel.index
    seed001 = panel.loc["001_dfbf40df936f33b0.txt"]
    assert seed001["requests.new.total"] == 17
    assert seed001["disclosure_rate"] == pytest.approx((5 + 1) / 17)
    share_cols = [c for c in panel.columns if c.startswith("share_")]
    assert len(share_cols) == 10 and panel[share_cols].ge(0).all().all()
    assert pd.isna(panel.loc["002_2b0f011715eb5630.txt", "disclosure_rate"]), "tables were images"
