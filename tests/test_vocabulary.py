"""Tests for ogi_nlp.vocabulary on sentences cut from the bundled reports."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi_nlp.vocabulary import count_words, distinctive_words

# Real sentences (seeds 000 and 001), grouped by their section.
SENTENCES = pd.DataFrame(
    {
        "section": ["requests", "requests", "requests", "proactive", "proactive", "proactive"],
        "text": [
            "2018年，我局共受理依申请公开事项10件，其中，通过信函申请2件，通过网络申请8件。",
            "2022年共收到依申请公开17件，均依法办理。",
            "依申请公开事项均按期答复。",
            "2018年，我局主动公开政府信息566条。",
            "我局政务新媒体的粉丝数持续增长。",
            "主动公开规范性文件4件，政务新媒体发布信息120条。",
        ],
    }
)


def test_counts_are_per_group_and_sorted():
    counts = count_words(SENTENCES)
    assert counts.columns.tolist() == ["proactive", "requests"]
    assert counts.index.is_monotonic_increasing
    assert counts.loc["依申请公开"].tolist() == [0, 3]
    assert counts.loc["政务新媒体"].tolist() == [2, 0]  # domain term kept whole
    assert "566" not in counts.index and "2018" not in counts.index  # numbers dropped by default
    assert "566" in count_words(SENTENCES, numbers=True).index
    assert "件" in counts.index and "件" not in count_words(SENTENCES, min_length=2).index


@pytest.mark.parametrize("group, word", [("requests", "依申请公开"), ("proactive", "主动公开")])
def test_top_word_of_each_section(group, word):
    top = distinctive_words(count_words(SENTENCES), n=1)
    assert top.set_index("group").loc[group, "word"] == word


def test_distinctive_words_columns_and_ranks():
    out = distinctive_words(count_words(SENTENCES), n=3, min_count=1)
    assert out.columns.tolist() == ["group", "rank", "word", "count", "other", "z"]
    for _, g in out.groupby("group"):
        assert g["rank"].tolist() == list(range(1, len(g) + 1))
        assert g["z"].is_monotonic_decreasing


def test_symmetric_counts_give_opposite_z():
    c = pd.DataFrame({"甲": [5, 1], "乙": [1, 5]}, index=["网站", "申请"])
    out = distinctive_words(c, n=2, min_count=1).set_index(["group", "word"])["z"]
    assert out[("甲", "网站")] == pytest.approx(-out[("甲", "申请")])
    assert out[("甲", "网站")] == pytest.approx(out[("乙", "申请")])


@pytest.mark.parametrize(
    "kwargs, message",
    [({"n": 0}, "n=0"), ({"prior_scale": 0}, "prior_scale=0"), ({"n": "3"}, "n='3'")],
)
def test_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        distinctive_words(count_words(SENTENCES), **kwargs)


def test_one_group_is_refused():
    with pytest.raises(ValueError, match="at least 2"):
        distinctive_words(pd.DataFrame({"甲": [1]}, index=["网站"]))


def test_missing_column():
    with pytest.raises(ValueError, match="'theme' not found"):
        count_words(SENTENCES, by="theme")
    with pytest.raises(ValueError, match="min_length=0"):
        count_words(SENTENCES, min_length=0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.integers(0, 20), min_size=3, max_size=3), min_size=1, max_size=8))
def test_z_is_finite_and_ranked(rows):
    c = pd.DataFrame(rows, columns=["a", "b", "c"], index=[f"w{i}" for i in range(len(rows))])
    out = distinctive_words(c, n=5, min_count=1)
    assert np.isfinite(out["z"]).all()
    assert (out["count"] >= 1).all()
    assert set(out["group"]) <= {"a", "b", "c"}
