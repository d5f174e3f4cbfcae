"""Tests for ogi_nlp.labelsets: one-hot label sets and the multi-label confusion matrix."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ogi_nlp.errors import CodebookError
from ogi_nlp.labelsets import multilabel_confusion, one_hot_labels
from ogi_nlp.themes import load_annotations, load_codebook


def test_one_hot_on_the_hand_labels():
    ann = load_annotations()
    onehot = one_hot_labels(ann["labels"])
    assert list(onehot.columns) == list(load_codebook().keys)
    assert onehot.index.equals(ann.index) and onehot.dtypes.eq("int64").all()
    # the same counts as the annotations card's table, from tuples or from ";"-joined strings
    assert onehot.sum().to_dict() == {k: int(ann["labels"].map(lambda t, k=k: k in t).sum()) for k in onehot.columns}
    joined = one_hot_labels([";".join(t) or "other" for t in ann["labels"]])
    assert (joined.values == onehot.values).all()
    assert int(onehot.sum(axis=1).eq(0).sum()) == int(ann["labels"].map(len).eq(0).sum())


@pytest.mark.parametrize("cell, expected", [
    ("request_handling；platform_building", [1, 1]),
    ("other", [0, 0]),
    (None, [0, 0]),
    (float("nan"), [0, 0]),
    (("request_handling",), [0, 1]),
    ("request_handling request_handling", [0, 1]),
])
def test_one_hot_cells(cell, expected):
    keys = ["platform_building", "request_handling"]
    assert one_hot_labels([cell], keys=keys).iloc[0].tolist() == expected


def test_one_hot_refuses_unknown_keys():
    with pytest.raises(CodebookError, match=r"labels\[1\]: unknown theme 'website'"):
        one_hot_labels(["", "website"])


def test_confusion_of_a_coding_with_itself_is_the_identity_on_single_labels():
    ann = load_annotations()
    single = ann[ann["labels"].map(len).eq(1)]["labels"]
    m = multilabel_confusion(single, single)
    used = m.index[m.notna().all(axis=1)]
    assert np.allclose(np.diag(m.loc[used, used]), 1.0)
    assert (m.loc[used].fillna(0).sum(axis=1) == 1).all()


def test_confusion_counts_and_shares():
    true = ["platform_building;proactive_disclosure", "platform_building", "", "review_litigation"]
    pred = ["platform_building", "proactive_disclosure", "platform_building", ""]
    keys = ["platform_building", "proactive_disclosure", "review_litigation", "service_delivery"]
    counts = multilabel_confusion(true, pred, keys=keys, normalize=False, include_other=True)
    assert counts.loc["platform_building", "platform_building"] == 1
    assert counts.loc["platform_building", "proactive_disclosure"] == 1
    assert counts.loc["review_litigation", "other"] == 1
    assert counts.loc["other", "platform_building"] == 1
    shares = multilabel_confusion(true, pred, keys=keys)
    assert shares.loc["platform_building", "platform_building"] == 0.5
    assert shares.loc["service_delivery"].isna().all()  # no sentence of the theme: no share, not 0
    with pytest.raises(ValueError, match="same sentences"):
        multilabel_confusion(true, pred[:2])
