"""Quality indicators of the bundled reports."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from _real_frames import BEIJING_2018, BEIJING_2022, HONGZE_2023, HONGZE_2024, frame
from ogi_nlp.quality import INDICATORS, deadline, quality_codebook, report_quality, required_elements

SHANGHAI_2022 = "002_2b0f011715eb5630.txt"
HUAIAN_2024 = "huaian-municipal-government-2024.pdf"


@pytest.fixture(scope="module")
def quality():
    return report_quality(frame("reports"), frame("sections"), frame("sentences"), frame("tables"), frame("checks"))


def test_rows_are_the_annual_reports_and_columns_the_codebook(quality):
    panel = frame("panel")
    assert quality.index.tolist() == panel.index.tolist()
    assert quality.columns.tolist() == quality_codebook()["name"].tolist() == [i.name for i in INDICATORS]
    assert panel.join(quality).shape[0] == len(panel)


def test_rule_deadline_kind_and_deadline(quality):
    assert quality.at[BEIJING_2018, "rule"] == "2007"
    assert quality.at[BEIJING_2018, "deadline"] == dt.date(2019, 3, 31)  # 2007 第三十一条
    assert quality.at[BEIJING_2022, "deadline_kind"] == "department"
    assert quality.at[BEIJING_2022, "deadline"] == dt.date(2023, 1, 31)  # 2019 第四十九条, departments
    assert quality.at[HONGZE_2024, "deadline_kind"] == "government"
    assert quality.at[HONGZE_2024, "deadline"] == dt.date(2025, 3, 31)  # 2019 第四十九条, governments
    assert quality["on_time"].isna().all()  # no publication date is known for these files


def test_elements_follow_the_sections_of_each_report(quality):
    # 北京 2018 (2007 rule): no 其他需要报告的事项 heading; fees are its 五、人员和收支情况.
    assert quality.at[BEIJING_2018, "elements_required"] == 6
    assert quality.at[BEIJING_2018, "elements_missing"] == "other_matters"
    # Departments under the 2019 rule: five contents, all present in 北京 2022.
    assert quality.at[BEIJING_2022, "elements_complete"] == 1.0
    # A government must also report 工作考核、社会评议和责任追究: 洪泽 2024 mentions them.
    assert quality.at[HONGZE_2024, "elements_required"] == 6
    assert quality.at[HONGZE_2024, "elements_missing"] == ""
    sentences = frame("sentences")
    text = "".join(sentences.loc[sentences["report"] == HONGZE_2023, "text"])
    has_assessment = any(w in text for w in ("考核", "社会评议", "责任追究"))
    assert (quality.at[HONGZE_2023, "elements_missing"] == "assessment") == (not has_assessment)


def test_tables_and_consistency(quality):
    # 上海 2022 printed its tables as images: none is read.
    assert quality.at[SHANGHAI_2022, "tables_expected"] == 3
    assert quality.at[SHANGHAI_2022, "tables_found"] == 0
    assert pd.isna(quality.at[SHANGHAI_2022, "data_consistent"])  # nothing to check, not "consistent"
    assert quality.at[HUAIAN_2024, "tables_complete"] == 1.0
    checks = frame("checks")
    failing = set(checks.loc[checks["holds"].eq(False), "report"])
    for report in quality.index:
        if report in set(checks.loc[checks["holds"].notna(), "report"]):
            assert quality.at[report, "data_consistent"] == (report not in failing)


def test_problems_section_is_read(quality):
    sentences = frame("sentences")
    problems = sentences[(sentences["section"] == "problems") & ~sentences["is_heading"]]
    counts = problems.groupby("report").size()
    for report in quality.index:
        assert quality.at[report, "problems_sentences"] == counts.get(report, 0)
    assert (quality["problems_stated"] <= quality["problems_sentences"]).all()
    assert quality["problems_stated"].sum() > 0


def test_publication_date_gives_timeliness():
    reports = frame("reports").assign(published=lambda r: r["file"].map(
        {HONGZE_2024: "2025-01-20", BEIJING_2022: "2023-02-15"}))
    q = report_quality(reports, frame("sections"), frame("sentences"))
    assert q.at[HONGZE_2024, "days_late"] == -70 and q.at[HONGZE_2024, "on_time"]
    assert q.at[BEIJING_2022, "days_late"] == 15 and not q.at[BEIJING_2022, "on_time"]
    assert q["tables_found"].isna().all()  # no tables frame given


def test_rules_as_functions():
    assert required_elements("2019", "department") == ("proactive", "requests", "review", "problems",
                                                       "other_matters")
    assert deadline(2020, "2019", "township") is None
    with pytest.raises(ValueError, match="rule"):
        required_elements("2008")
