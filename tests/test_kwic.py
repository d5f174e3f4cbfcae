"""kwic on the sentences of the bundled reports."""
from __future__ import annotations

import re

import pytest

from _real_frames import BEIJING_2018, frame
from ogi_nlp.text import kwic


@pytest.fixture(scope="module")
def sentences():
    return frame("sentences")


def test_every_match_is_found_once_and_points_into_its_sentence(sentences):
    hits = kwic(sentences, "行政复议", window=10)
    assert len(hits) == int(sentences["text"].str.count("行政复议").sum()) > 5
    texts = sentences.set_index(["report", "sentence_id"])["text"]
    for row in hits.itertuples():
        text = texts[(row.report, row.sentence_id)]
        assert text[row.match_start:row.match_end] == "行政复议" == row.keyword
        assert row.pre + row.keyword + row.post in text
        assert len(row.pre) <= 10 and len(row.post) <= 10


def test_context_carries_report_section_and_themes(sentences):
    hits = kwic(sentences, "行政复议", window=10)
    assert {"section", "themes", "is_heading"} <= set(hits.columns)
    # Beijing 2018, section 六: "…政府信息公开发生1件行政复议案件，并被依法纠错。"
    row = hits[(hits["report"] == BEIJING_2018) & hits["pre"].str.endswith("发生1件")]
    assert len(row) == 1
    assert row["section"].item() == "review"
    assert row["post"].item().startswith("案件")


def test_report_context_runs_across_sentences(sentences):
    by_sentence = kwic(sentences, "政府信息", window=12)
    by_report = kwic(sentences, "政府信息", window=12, by="report")
    assert len(by_report) == len(by_sentence)  # the term never spans two sentences
    whole = {r: "".join(g.sort_values("sentence_id")["text"]) for r, g in sentences.groupby("report")}
    for row in by_report.itertuples():
        assert row.pre + row.keyword + row.post in whole[row.report]
    # At a sentence start, the report context shows the previous sentence's end.
    starts = by_report[by_report["match_start"] == 0]
    assert len(starts) and (starts["pre"].str.len() > 0).any()


def test_longest_term_wins_and_regex(sentences):
    hits = kwic(sentences, ["公开", "依申请公开"], window=3)
    assert "依申请公开" in set(hits["keyword"])
    texts = sentences.set_index(["report", "sentence_id"])["text"]
    for row in hits[hits["keyword"] == "公开"].itertuples():
        assert texts[(row.report, row.sentence_id)][max(0, row.match_start - 3):row.match_end] != "依申请公开"
    numbers = kwic(sentences, r"\d+件", regex=True, window=0)
    assert len(numbers) and numbers["keyword"].str.fullmatch(r"\d+件").all()
    assert len(kwic(sentences, re.compile("行政诉讼"))) == int(sentences["text"].str.count("行政诉讼").sum())


@pytest.mark.parametrize("kwargs, message", [
    ({"pattern": ""}, "empty"),
    ({"pattern": "公开", "by": "page"}, "by='page'"),
    ({"pattern": "公开", "window": -1}, "window"),
    ({"pattern": "公开", "columns": ["nope"]}, "nope"),
])
def test_bad_options_say_what_is_wrong(sentences, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        kwic(sentences, **kwargs)


def test_a_traditional_word_finds_the_simplified_text(sentences):
    assert len(kwic(sentences, "行政複議")) == len(kwic(sentences, "行政复议")) > 0
