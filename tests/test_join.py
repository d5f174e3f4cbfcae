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


def test_panel_out_of_fold_replaces_shares_of_trained_reports_only() -> None:
    """Reports with labelled training sentences get out-of-fold shares; the others keep their own labels."""
    from ogi_nlp.join import panel_out_of_fold
    from ogi_nlp.themes import ThemeClassifier, cross_val_labels, load_labelled, theme_shares

    files = ["001_dfbf40df936f33b0.txt", "hongze-district-government-2023.pdf", "hongze-district-government-2024.pdf"]
    corpus = read_corpus([corpus_path() / f for f in files])
    labelled = load_labelled("train")
    data = labelled[labelled["dataset"].eq("dev_pages") | labelled["doc"].eq(files[0])]
    rules = ThemeClassifier(method="rules")
    got = panel_out_of_fold(corpus, data=data, classifier=rules, n_splits=3)
    own = corpus.panel()
    shares = [c for c in own.columns if c.startswith("share_")]
    assert [c for c in got.columns if c != "shares_from"] == list(own.columns), "the panel's columns, in place"
    assert got["shares_from"].tolist() == ["out_of_fold", "classifier", "classifier"]
    oof = cross_val_labels(data, classifier=rules, n_splits=3)
    expected = theme_shares(oof[oof["doc"].eq(files[0])], report="doc", labels="themes")
    assert got.loc[files[0], shares].tolist() == pytest.approx(expected.add_prefix("share_").loc[files[0], shares].tolist())
    pd.testing.assert_frame_equal(got.loc[files[1:], shares], own.loc[files[1:], shares], check_dtype=False)
    no_themes = panel_out_of_fold(read_corpus([corpus_path() / f for f in files], themes=False),
                                  data=data, classifier=rules, n_splits=3)
    assert no_themes.loc[files[1:], shares].isna().all().all(), "no labels, no shares: missing, never 0"
    assert no_themes["shares_from"].isna().tolist() == [False, True, True]


def test_derive_on_arrays_equals_the_column_sums_it_stands_for() -> None:
    """derive adds the variables as arrays: the same values as _sum's column sums (NA when a part
    is missing, no rate where the denominator is 0), on the bundled reports' wide frame."""
    import numpy as np

    from ogi_nlp.join import _sum

    wide = read_corpus(corpus_path(), themes=False).wide()
    wide.iloc[0] = pd.NA  # a report without values
    wide.iloc[1, list(wide.columns).index("requests.result.total.total")] = 0  # no cases
    expected = pd.DataFrame(index=wide.index)
    for spec in DERIVED:
        num = _sum(wide, spec.numerator)
        if not spec.denominator:
            expected[spec.name] = num
            continue
        den = _sum(wide, spec.denominator)
        if spec.minus:
            den = den - _sum(wide, spec.minus)
        expected[spec.name] = (num / den.mask(den == 0)).astype("Float64")
    pd.testing.assert_frame_equal(derive(wide), expected)
    assert derive(wide).notna().to_numpy().any() and np.all(derive(wide).iloc[0].isna())
