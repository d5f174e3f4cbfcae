"""Readability of the bundled reports."""
from __future__ import annotations

import re

import pytest

from _real_frames import BEIJING_2018, frame
from ogi_nlp.text import readability, readability_codebook
from ogi_nlp.text.readability import pos_tag


@pytest.fixture(scope="module")
def sentences():
    return frame("sentences")


@pytest.fixture(scope="module")
def scores(sentences):
    return readability(sentences)


def test_counts_equal_an_independent_count(sentences, scores):
    narrative = sentences[~sentences["is_heading"]]
    for report, group in narrative.groupby("report"):
        text = "".join(group["text"])
        assert scores.at[report, "narrative_chars"] == len(re.findall(r"[0-9A-Za-z\u4e00-\u9fff０-９]", text))
        assert scores.at[report, "narrative_sentences"] == len(group)
    row = scores.loc[BEIJING_2018]
    assert row["chars_per_clause"] == pytest.approx(row["narrative_chars"] / row["narrative_clauses"])
    assert row["chars_per_sentence"] == pytest.approx(row["narrative_chars"] / row["narrative_sentences"])
    # Official prose: clauses of 10-25 characters, a few percent adverbs and conjunctions.
    annual = scores.drop(index="blank-template-2021.docx", errors="ignore")
    assert annual["chars_per_clause"].between(10, 25).all()
    assert annual["adverb_share"].between(0.01, 0.1).all()
    assert annual["conjunction_share"].between(0.01, 0.1).all()
    summed = (annual["adverb_share"] + annual["conjunction_share"]).astype(float)
    assert annual["adv_conj_share"].astype(float).to_numpy() == pytest.approx(summed.to_numpy())


def test_clauses_and_tags_of_a_real_sentence(sentences):
    text = next(t for t in sentences["text"] if "进一步" in t and "，" in t)
    one = readability(sentences[sentences["text"] == text].head(1))
    assert one["narrative_clauses"].item() == len([c for c in re.split(r"[，,；;：:。！？!?…\n]+", text)
                                           if re.search(r"[^\W_]", c)])
    assert ("进一步", "d") in pos_tag(text)  # adverb, from the jieba package's own files


def test_sections_add_up_to_reports(sentences, scores):
    by_section = readability(sentences, by=["report", "section"], pos=False)
    assert "adverb_share" not in by_section.columns
    summed = by_section.groupby(level="report")[["narrative_chars", "narrative_clauses", "narrative_sentences"]].sum()
    assert (summed == scores[["narrative_chars", "narrative_clauses", "narrative_sentences"]].astype("int64")).all().all()


def test_codebook_names_every_column_once(scores):
    book = readability_codebook()
    assert book["name"].is_unique and set(book["name"]) == set(scores.columns)
    assert book["source"].str.contains("徐巍").all()


def test_rjieba_engine_agrees_closely(sentences, scores):
    pytest.importorskip("rjieba")
    fast = readability(sentences, engine="rjieba")
    assert (fast["narrative_chars"] == scores["narrative_chars"]).all()  # tagging does not change the length measures
    annual = fast.drop(index="blank-template-2021.docx", errors="ignore")
    gap = (annual["adv_conj_share"].astype(float) - scores.loc[annual.index, "adv_conj_share"].astype(float)).abs()
    assert gap.max() < 0.01
    with pytest.raises(ValueError, match="engine"):
        readability(sentences, engine="thulac")
