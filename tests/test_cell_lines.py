"""Table text among the narrative (ogi_nlp.tables.cell_lines), on the hand-labelled pieces.

The coders of ``corpora/annotations`` gave every piece the splitter cut a unit
(sentence, heading, title, table, furniture) by reading it, without any rule; the
rule was then written looking at the misses of the dev-table copies, so the figures
below are development figures.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi_nlp.tables.cell_lines import table_lines, template_words

ANNOTATIONS = Path(__file__).resolve().parents[1] / "corpora" / "annotations"
NARRATIVE = ("sentence", "heading", "title")


def _flags(name: str) -> pd.DataFrame:
    data = pd.read_csv(ANNOTATIONS / name, dtype={"sentence": str})
    flags = {}
    for _, pieces in data.groupby("doc", sort=False):
        pieces = pieces.sort_values("sentence_id")
        flags.update(zip(pieces.index, table_lines(pieces["sentence"].fillna("").tolist())))
    return data.assign(flagged=pd.Series(flags))


@pytest.mark.parametrize("name, share", [("dev_tables_sentences.csv", 0.95), ("dev_pages_sentences.csv", 0.85)])
def test_table_pieces_found_and_no_narrative_piece_lost(name, share):
    """dev-table copies: 911 of the 948 table pieces found; dev pages: 28 of 31; not one of
    the 3,404 narrative pieces (sentence, heading, title) of both is taken for table text."""
    data = _flags(name)
    table = data["unit"] == "table"
    assert data.loc[data["unit"].isin(NARRATIVE), "flagged"].sum() == 0
    assert data.loc[table, "flagged"].mean() >= share


def test_no_bundled_sentence_is_table_text():
    data = _flags("sentences.csv")
    assert not data["flagged"].any()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(template_words())), min_size=2, max_size=6),
       st.sampled_from(["，", "、", "；"]))
def test_a_sentence_naming_table_rows_is_prose(words, mark):
    """A sentence that names rows of the templates (``本年新收政府信息公开申请数量，…``) is not a cell."""
    sentence = "全年" + mark.join(words) + "均已按时办结。"
    assert table_lines(["二、主动公开政府信息情况", sentence, "规章 |", "0 |"]) == [False, False, True, True]


def test_report_sentences_leave_out_table_text():
    """A copy that prints its table one cell per line with a trailing ``|`` (layout of seven
    dev-table copies): the cells are values of the table, not sentences."""
    from ogi_nlp.read import document_from_text
    from ogi_nlp.report import Report

    text = "\n".join(["二、主动公开政府信息情况", "第二十条第(一)项 | |||", "信息内容 |", "本年制发件数 |", "本年废止件数 |",
                      "现行有效件数 |", "规章 |", "0 |", "0 |", "1 |", "行政规范性文件 |", "3 |", "0 |", "12 |",
                      "三、收到和处理政府信息公开申请情况", "本年度共收到政府信息公开申请5件，均已按时答复。"])
    report = Report(document_from_text(text, "r"))
    assert report.sentences()["text"].tolist() == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                                  "本年度共收到政府信息公开申请5件，均已按时答复。"]
    assert report.sentences()["sentence_id"].tolist() == [0, 1, 2]
    values = report.tables().set_index("variable")["value"]
    assert values["active.normative_documents.in_force"] == 12


def test_template_label_bounds_change_no_answer() -> None:
    """_is_template_label skips difflib where an upper bound of the similarity is below the
    threshold: the same answer as comparing with every template word, on the templates' words
    and on pieces of them cut, extended and mixed."""
    import random

    from ogi_nlp.tables import cell_lines
    from ogi_nlp.tables.labels import normalise_label, similarity, split_numbering

    words = sorted(cell_lines.template_words())

    def plain(label: str) -> bool:
        word = normalise_label(split_numbering(label)[1] or label)
        return bool(word) and any(similarity(word, w) >= cell_lines._MATCH for w in words)

    rng = random.Random(0)
    chars = "".join(words) + "0123456789（）、，"
    labels = []
    for _ in range(3000):
        w = rng.choice(words)
        i = rng.randint(0, len(w))
        labels += [w, w[:i] + "".join(rng.choice(chars) for _ in range(rng.randint(0, 3))) + w[i + rng.randint(0, 2):],
                   "".join(rng.choice(chars) for _ in range(rng.randint(1, 20)))]
    found = [cell_lines._is_template_label.__wrapped__(label) for label in labels]
    assert found == [plain(label) for label in labels] and any(found) and not all(found)


_TEMPLATE_CHARS = "".join(sorted(set("".join(template_words())))) + "0123456789（）、，的和"


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.text(alphabet=_TEMPLATE_CHARS, max_size=24),
                 st.tuples(st.sampled_from(sorted(template_words())), st.text(alphabet=_TEMPLATE_CHARS, max_size=4),
                           st.text(alphabet=_TEMPLATE_CHARS, max_size=4)).map("".join)))
def test_template_words_found_by_characters_are_those_the_bound_keeps(label: str) -> None:
    """_may_match (the template words a label may match, found from its characters) keeps every
    word similarity_bound keeps, so _is_template_label answers as when it bounds each word."""
    from ogi_nlp.tables import cell_lines
    from ogi_nlp.tables.labels import normalise_label, similarity, similarity_bound, split_numbering

    word = normalise_label(split_numbering(label)[1] or label)
    words = [w for w, _ in cell_lines._template_counts()]
    kept = {j for j, w in enumerate(words) if similarity_bound(word, w) >= cell_lines._MATCH}
    assert kept <= set(cell_lines._may_match(word))
    every = bool(word) and any(word == w or similarity(word, w) >= cell_lines._MATCH for w in words)
    assert cell_lines._is_template_label.__wrapped__(label) == every
