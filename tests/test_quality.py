"""Quality indicators of the bundled reports."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

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


# --- timeliness on real web copies that print their publication date ------------------
# (openings cut from shared/dev/pages, tests/fixtures/pages)

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


@pytest.fixture(scope="module")
def pages():
    import warnings

    from ogi_nlp import read_report

    rows, sections, sentences = [], [], []
    for path in sorted(PAGES.glob("*.txt")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = read_report(path)
        meta = report.meta
        rows.append({"file": report.name, "status": "ok",
                     **{k: meta.get(k) for k in ("agency", "year", "generation", "doc_type", "level", "body_kind",
                                                 "published", "published_source")}})
        sections.append(report.sections.assign(report=report.name))
        sentences.append(report.sentences())
    return pd.DataFrame(rows), pd.concat(sections), pd.concat(sentences)


def test_published_is_read_from_the_byline(pages):
    reports = pages[0].set_index("file")
    assert reports["published"].to_dict() == {
        "0098.txt": "2016-03-31", "0103.txt": "2019-03-05", "0104.txt": "2024-01-23", "0127.txt": "2023-01-31",
        "0156.txt": "2016-02-20"}
    assert reports["published_source"].eq("byline").all()


def test_timeliness_from_the_page_dates(pages):
    q = report_quality(*pages)
    # a township under the 2008 text (第三十一条, 各级行政机关): 31 March, published that day
    assert (q.at["0098.txt", "deadline"], q.at["0098.txt", "days_late"], q.at["0098.txt", "on_time"]) == (
        dt.date(2016, 3, 31), 0, True)
    # a city government's 2018 report published before 2019-05-15: the 2008 text, 31 March 2019
    assert q.at["0103.txt", "deadline_rule"] == "2007" and q.at["0103.txt", "days_late"] == -26
    # a county-level department under 第四十九条: 31 January of the next year
    assert (q.at["0104.txt", "deadline_kind"], q.at["0104.txt", "deadline"], q.at["0104.txt", "days_late"]) == (
        "department", dt.date(2024, 1, 31), -8)
    # a township is not named in 第四十九条: no deadline, so no timeliness (not guessed)
    assert q.at["0127.txt", "deadline_rule"] == "2019" and q.at["0127.txt", "deadline"] is None
    assert pd.isna(q.at["0127.txt", "on_time"])
    # a 2013 report published in 2016 is late by the 2008 text
    assert q.at["0156.txt", "days_late"] == (dt.date(2016, 2, 20) - dt.date(2014, 3, 31)).days
    assert not q.at["0156.txt", "on_time"]


def test_the_regulation_in_force_at_publication_decides():
    from ogi_nlp.quality import deadline_rule

    # a 2018 report published after the 2019 revision came into force (2019-05-15) has its deadlines
    assert deadline_rule(2018, dt.date(2019, 5, 14)) == "2007"
    assert deadline_rule(2018, dt.date(2019, 5, 15)) == "2019"
    assert deadline_rule(2018, None) == "2007" and deadline_rule(2019, None) == "2019"
    assert deadline(2018, "2019", "department") == dt.date(2019, 1, 31)


def test_no_publication_date_no_timeliness(pages):
    reports = pages[0].assign(published=None)
    q = report_quality(reports, pages[1], pages[2])
    assert q["published"].isna().all() and q["days_late"].isna().all() and q["on_time"].isna().all()
    assert q.at["0104.txt", "deadline"] == dt.date(2024, 1, 31)  # the legal date is still stated


def test_written_date_is_not_a_publication_date():
    from ogi_nlp.document import Block, Document
    from ogi_nlp.metadata import extract_meta
    from ogi_nlp.read.furniture import strip_furniture

    def published(*lines: str):
        doc = strip_furniture(Document.from_blocks("p", [Block("paragraph", t) for t in lines]))
        m = extract_meta(doc)
        return m["published"], m["published_source"]

    # dev pages 0148, 0146: 成文日期 / 发文日期 are when it was written or issued
    assert published("• 发文机关:海南省工业和信息化厅 成文日期:2023-01-19 17:48", "一、总体情况") == (None, None)
    assert published("发布机构: 市政府研究室 发文日期: 2023年01月12日", "一、总体情况") == (None, None)
    # dev page 0159: the catalogue's 公开日期 in a table-like line
    assert published("文号: | 公开日期: | 2015-07-27 16:32 | |", "一、概述") == ("2015-07-27", "catalogue")
    # dev page 0062: a byline's date with its clock time after the source
    assert published("来源:昆明市人民政府         2021-03-15 16:28:04", "一、总体情况") == ("2021-03-15", "byline")
