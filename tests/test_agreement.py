"""Tests for ogi_nlp.agreement (Cohen's kappa per theme)."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi_nlp.agreement import cohen_kappa_per_theme
from ogi_nlp.errors import CodebookError
from ogi_nlp.themes import load_annotations, load_codebook

KEYS = list(load_codebook().keys)


def test_identical_labels_agree_fully():
    ann = load_annotations()
    k = cohen_kappa_per_theme(ann["labels"], ann["labels"]).set_index("theme")
    assert (k.loc[KEYS, "kappa"] == 1.0).all()
    assert k.loc["macro", "kappa"] == 1.0
    assert k.attrs["n_themes_scored"] == 9


def test_textbook_value():
    # 10 sentences: a says yes on 0-4, b on 0-2 and 5-6 -> po = 0.6, pe = 0.5, kappa = 0.2
    a = ["platform_building"] * 5 + [""] * 5
    b = ["platform_building"] * 3 + ["", ""] + ["platform_building"] * 2 + [""] * 3
    row = cohen_kappa_per_theme(a, b).set_index("theme").loc["platform_building"]
    assert (row["observed"], row["expected"]) == (pytest.approx(0.6), pytest.approx(0.5))
    assert row["kappa"] == pytest.approx(0.2)
    assert (row["yes_a"], row["yes_b"], row["yes_both"]) == (5, 5, 3)


def test_unused_theme_is_nan_not_perfect():
    k = cohen_kappa_per_theme(["request_handling", ""], ["request_handling", ""]).set_index("theme")
    assert math.isnan(k.loc["review_litigation", "kappa"])
    assert k.loc["macro", "kappa"] == 1.0  # mean over the one theme used
    assert k.attrs["n_themes_scored"] == 1


@pytest.mark.parametrize(
    "a, b, error, message",
    [
        (["request_handling"], [], ValueError, "same sentences"),
        ([], [], ValueError, "no labels"),
        (["fees"], [""], CodebookError, r"labels_a\[0\]: unknown theme 'fees'"),
    ],
)
def test_bad_input(a, b, error, message):
    with pytest.raises(error, match=message):
        cohen_kappa_per_theme(a, b)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sets(st.sampled_from(KEYS[:3])), st.sets(st.sampled_from(KEYS[:3]))), min_size=1, max_size=30))
def test_kappa_bounded_and_symmetric(pairs):
    a = [";".join(sorted(x)) for x, _ in pairs]
    b = [";".join(sorted(y)) for _, y in pairs]
    ab, ba = cohen_kappa_per_theme(a, b), cohen_kappa_per_theme(b, a)
    for x, y in zip(ab["kappa"], ba["kappa"]):
        assert (math.isnan(x) and math.isnan(y)) or x == pytest.approx(y)
        assert math.isnan(x) or -1.0 - 1e-9 <= x <= 1.0 + 1e-9
