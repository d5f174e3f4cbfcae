"""Dictionary coding of the bundled reports."""
from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

from _real_frames import frame
from ogi_nlp.errors import CodebookError, OGIWarning
from ogi_nlp.text import Dictionary, code_reports, code_sentences, dictionary_matches, load_dictionary

YAML = """\
# a researcher's dictionary: categories of terms
渠道:
  - 门户网站
  - 政务新媒体
  - 新闻发布会
复议诉讼:
  - 行政复议
  - 行政诉讼
"""


@pytest.fixture(scope="module")
def narrative():
    s = frame("sentences")
    return s[~s["is_heading"]]


@pytest.fixture()
def yaml_dictionary(tmp_path):
    path = tmp_path / "dict.yml"
    path.write_text(YAML, encoding="utf-8")
    return path


def _naive(texts: pd.Series, terms: list[str]) -> int:
    # The terms never overlap one another, so plain counting gives the truth.
    return int(sum(texts.str.count(re.escape(t)).sum() for t in terms))


def test_counts_per_report_equal_plain_counting(narrative, yaml_dictionary):
    coded = code_reports(narrative, yaml_dictionary)
    for report, group in narrative.groupby("report"):
        assert coded.at[report, "dict_渠道"] == _naive(group["text"], ["门户网站", "政务新媒体", "新闻发布会"])
        assert coded.at[report, "dict_复议诉讼"] == _naive(group["text"], ["行政复议", "行政诉讼"])
        assert coded.at[report, "dict_n_chars"] == group["text"].str.len().sum()
    assert coded["dict_渠道"].sum() > 10 and coded["dict_复议诉讼"].sum() > 3
    rate = coded["dict_渠道"] / coded["dict_n_chars"] * 10_000
    assert (coded["dict_渠道_per_10k"].astype(float) - rate).abs().max() < 1e-9


def test_sentences_sum_to_reports_and_matches_point_into_text(narrative, yaml_dictionary):
    per_sentence = code_sentences(narrative, yaml_dictionary)
    assert len(per_sentence) == len(narrative)
    summed = per_sentence.groupby("report")[["dict_渠道", "dict_复议诉讼"]].sum()
    coded = code_reports(narrative, yaml_dictionary)
    assert (summed == coded[["dict_渠道", "dict_复议诉讼"]]).all().all()
    matches = dictionary_matches(narrative, yaml_dictionary)
    texts = narrative.set_index(["report", "sentence_id"])["text"]
    for row in matches.itertuples():
        assert texts[(row.report, row.sentence_id)][row.start:row.end] == row.term
    assert len(matches) == int(coded[["dict_渠道", "dict_复议诉讼"]].sum().sum())


def test_longest_match_counts_once(narrative):
    d = Dictionary({"公开": ["公开"], "依申请": ["依申请公开"]})
    coded = code_reports(narrative, d)
    total = narrative["text"].str.count("公开").sum()
    nested = narrative["text"].str.count("依申请公开").sum()
    assert coded["dict_依申请"].sum() == nested > 0
    assert coded["dict_公开"].sum() == total - nested


def test_csv_reads_like_yaml_and_joins_the_panel(narrative, yaml_dictionary, tmp_path):
    csv = tmp_path / "dict.csv"
    rows = load_dictionary(yaml_dictionary).to_frame()
    rows.to_csv(csv, index=False, encoding="utf-8-sig")
    assert load_dictionary(csv).categories == load_dictionary(yaml_dictionary).categories
    panel = frame("panel")
    joined = panel.join(code_reports(narrative, csv))
    assert joined["dict_复议诉讼"].notna().all()  # every panel report has sentences


def test_bad_dictionaries_are_refused(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("- 只是一个列表\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="mapping"):
        load_dictionary(bad)
    csv = tmp_path / "bad.csv"
    csv.write_text("name,word\n渠道,网站\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="category"):
        load_dictionary(csv)
    with pytest.raises(CodebookError, match="no terms"):
        Dictionary({"空": []})
    with pytest.raises(CodebookError, match="wildcard"):
        Dictionary({"x": ["公*开"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert Dictionary({"x": ["公开*"]}).categories == {"x": ("公开",)}
    assert any(issubclass(w.category, OGIWarning) for w in caught)


def _leftmost_longest(text: str, terms: set[str]) -> list[tuple[int, int, str]]:
    """The reference: at each position the longest term starting there, then jump past it."""
    out, i = [], 0
    while i < len(text):
        hits = [t for t in terms if text.startswith(t, i)]
        if hits:
            best = max(hits, key=len)
            out.append((i, i + len(best), best))
            i += len(best)
        else:
            i += 1
    return out


from hypothesis import given, settings, strategies as st  # noqa: E402

_ALPHABET = "公开申请依政府信息"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, max_size=40),
       terms=st.sets(st.text(alphabet=_ALPHABET, min_size=1, max_size=4), min_size=1, max_size=6))
def test_matching_is_leftmost_longest(text, terms):
    d = Dictionary({"c": sorted(terms)})
    assert [(s, e, t) for s, e, t, _ in d.find(text)] == _leftmost_longest(text, terms)


def test_traditional_terms_find_the_simplified_text(narrative):
    # 依申請公開 (traditional) finds 依申请公开 in the sentences, as the reader simplifies script.
    traditional = code_reports(narrative, {"依申请": ["依申請公開"]})["dict_依申请"].sum()
    simplified = code_reports(narrative, {"依申请": ["依申请公开"]})["dict_依申请"].sum()
    assert traditional == simplified > 0
