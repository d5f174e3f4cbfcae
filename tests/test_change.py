"""Copying between years on the bundled reports (洪泽区 2023 and 2024; 北京市知识产权局 2018 and 2022)."""
from __future__ import annotations

import pandas as pd
import pytest

from _real_frames import BEIJING_2018, BEIJING_2022, HONGZE_2023, HONGZE_2024, frame
from ogi_nlp.change import body_key, change_between_years, change_codebook, near_duplicates, year_pairs


@pytest.fixture(scope="module")
def frames():
    return frame("sentences"), frame("reports"), frame("tables")


def _with_copy(frames, source=HONGZE_2023, name="copied-2024.pdf", year=2024, body="某县人民政府"):
    """Add a report that repeats ``source`` word for word and number for number (a copied report)."""
    sentences, reports, tables = frames
    rs = reports[reports["file"] == source].assign(file=name, year=year, body=body)
    original = reports[reports["file"] == source].assign(body=body)
    reports = pd.concat([reports[reports["file"] != source], original, rs], ignore_index=True)
    sentences = pd.concat([sentences, sentences[sentences["report"] == source].assign(report=name)],
                          ignore_index=True)
    tables = pd.concat([tables, tables[tables["report"] == source].assign(report=name)], ignore_index=True)
    return sentences, reports, tables


def test_pairs_follow_the_body_across_years(frames):
    _, reports, _ = frames
    pairs = year_pairs(reports).set_index("report")
    assert pairs.at[HONGZE_2024, "previous_report"] == HONGZE_2023
    assert pairs.at[BEIJING_2022, "previous_report"] == BEIJING_2018
    assert pairs.at[BEIJING_2022, "years_apart"] == 4
    # The two 洪泽 titles name the body differently; the manifest's body joins them.
    assert reports.set_index("file").loc[[HONGZE_2023, HONGZE_2024], "body"].nunique() == 1
    # No pair for a work plan, a template or a body with one report.
    assert set(pairs.index) == {HONGZE_2024, BEIJING_2022}


def test_hongze_2024_repeats_part_of_2023(frames):
    change = change_between_years(*frames).set_index("report").loc[HONGZE_2024]
    assert 0.2 < change["text_jaccard"] < 0.6
    assert change["text_containment"] > change["text_jaccard"]
    # Verbatim: e.g. 主要通过政府门户网站主动公开政府文件、项目审批、通知公告等各类政府信息。
    assert 0 < change["sentences_repeated_share"] < 0.5
    # With numbers masked, more repeat: 报告中所列数据统计期限自2024年1月1日起至2024年12月31日止。
    assert change["sentences_repeated_share_masked"] > change["sentences_repeated_share"]
    assert change["table_values_compared"] > 100
    assert 0 < change["table_values_equal"] < change["table_values_compared"]
    assert not change["tables_unchanged"]


def test_beijing_tables_of_two_generations_are_not_compared(frames):
    change = change_between_years(*frames).set_index("report").loc[BEIJING_2022]
    assert change["table_values_compared"] == 0
    assert pd.isna(change["tables_unchanged"])  # legacy and t2021 tables share no variable
    assert change["text_jaccard"] < 0.1


def test_a_copied_report_is_flagged(frames):
    change = change_between_years(*_with_copy(frames)).set_index("report").loc["copied-2024.pdf"]
    assert change["previous_report"] == HONGZE_2023
    assert change["text_jaccard"] == 1.0 and change["sentences_repeated_share"] == 1.0
    assert change["tables_unchanged"] and change["tables_unchanged_nonzero"]
    assert change["table_values_equal"] == change["table_values_compared"] > 100


def test_one_changed_number_breaks_unchanged(frames):
    sentences, reports, tables = _with_copy(frames)
    rows = tables.index[(tables["report"] == "copied-2024.pdf") & tables["value"].notna()]
    tables.loc[rows[0], "value"] = tables.loc[rows[0], "value"] + 1
    change = change_between_years(sentences, reports, tables).set_index("report").loc["copied-2024.pdf"]
    assert not change["tables_unchanged"]
    assert change["table_values_equal"] == change["table_values_compared"] - 1


def test_near_duplicates_find_the_copy_and_the_related_years(frames):
    sentences, reports, _ = _with_copy(frames)
    dupes = near_duplicates(sentences, threshold=0.9, reports=reports)
    assert dupes[["report_a", "report_b"]].values.tolist() == [["copied-2024.pdf", HONGZE_2023]]
    assert dupes["jaccard"].item() == 1.0 and dupes["same_body"].item()
    loose = near_duplicates(sentences, threshold=0.3)
    pairs = {tuple(p) for p in loose[["report_a", "report_b"]].values.tolist()}
    assert (HONGZE_2023, HONGZE_2024) in pairs
    assert (BEIJING_2018, BEIJING_2022) not in pairs
    assert (loose["jaccard"] >= 0.3).all()


def test_body_key_prefers_body_id():
    reports = pd.DataFrame({"body_id": ["B1", None], "body": ["甲", "乙"], "agency": ["甲局", "乙局"]})
    assert body_key(reports).tolist() == ["B1", "乙"]
    with pytest.raises(ValueError, match="body"):
        body_key(pd.DataFrame({"file": ["x"]}))


def test_codebook_covers_the_measures(frames):
    book = change_codebook()
    out = change_between_years(*frames)
    assert set(book["name"]) <= set(out.columns) and book["name"].is_unique
