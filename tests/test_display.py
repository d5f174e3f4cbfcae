"""Tests for ogi_nlp.display: a report as HTML, display names and the check summary."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from ogi_nlp import parse_report, read_report
from ogi_nlp.datasets import corpus_path
from ogi_nlp.display import check_summary, display_names, failing_variables, report_display_name, report_html


@pytest.fixture(scope="module")
def hongze_2023():
    return read_report(corpus_path() / "hongze-district-government-2023.pdf")


def test_repr_html_shows_sections_themes_and_failing_checks(hongze_2023):
    page = hongze_2023._repr_html_()
    assert page == report_html(hongze_2023)
    assert "淮安市洪泽区人民政府 2023" in page or "洪泽区人民政府 2023" in page
    assert "五、存在的主要问题及改进情况" in page  # a section title as printed
    # sentences tinted by theme, with probabilities on hover
    spans = re.findall(r'<span title="([^"]*)" style="([^"]*)">', page)
    assert len(spans) >= len(hongze_2023.sentences())
    assert any("background:" in style for _, style in spans)
    assert any(re.search(r"request_handling 0\.\d\d", tip) for tip, _ in spans)
    # the printed 总计 of reconsiderations (0) is marked as a term of a failing check
    assert "2 fail" in page and "review.review.total = 0" in page and "but the parts sum to 11" in page
    marked = re.findall(r'<tr style="background:#fde0dd;">(.*?)</tr>', page)
    assert any("行政复议/总计" in row and "review.review.total" in row and ">0</b>" in row for row in marked)
    assert not any("requests.new.total" in row for row in marked)  # checks that hold are not marked


def test_report_html_escapes_report_text():
    r = parse_report("一、总体情况\n<script>alert(1)</script>全年受理申请20件。", name="x<y>.txt")
    page = report_html(r, themes=False)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "no themes computed" in page and "No statistical table read." in page


def test_report_html_takes_given_themes_and_probabilities():
    r = parse_report("一、总体情况\n全年受理政府信息公开申请20件，均按期答复。", name="demo")
    s = r.sentences().assign(themes=["", "request_handling"], p_request_handling=[0.1, 0.93])
    page = report_html(r, themes=s)
    assert "request_handling 0.93" in page and "probabilities on hover" in page


def test_display_names_and_summary_on_the_bundled_corpus():
    from ogi_nlp.teaching._result import bundled_corpus

    corpus = bundled_corpus()
    reports = corpus.reports()
    names = display_names(reports)
    assert names.is_unique and names.index.tolist() == reports["file"].tolist()
    assert names["hongze-district-government-2024.pdf"] == "淮安市洪泽区人民政府 2024"
    assert names["blank-template-2021.docx"] == "blank-template-2021.docx"  # no body, no year: the file
    assert display_names(reports.set_index("file")).equals(names)
    summary = check_summary(corpus.checks())
    assert summary.loc["hongze-district-government-2023.pdf", "fails"] == 2
    assert summary.loc["blank-template-2021.docx", ["holds", "fails"]].tolist() == [0, 0]  # blank: not failing
    assert summary.loc["blank-template-2021.docx", "not_evaluated"] > 0
    assert (summary["checks"] == summary[["holds", "fails", "not_evaluated"]].sum(axis=1)).all()
    assert "review.review.total" in failing_variables(corpus.checks())


@pytest.mark.parametrize("meta, expected", [
    ({"body": "淮安市人民政府", "agency": "淮安市人民政府", "year": 2024}, "淮安市人民政府 2024"),
    ({"body": None, "agency": "市知识产权事业发展中心", "year": pd.NA}, "市知识产权事业发展中心"),
    ({"body": float("nan"), "agency": None, "year": 2021.0, "file": "t.docx"}, "t.docx 2021"),
    ({"agency": "国家知识产权局办公室2018", "year": 2018}, "国家知识产权局办公室2018"),
])
def test_report_display_name(meta, expected):
    assert report_display_name(meta) == expected


def test_check_summary_refuses_other_frames():
    with pytest.raises(ValueError, match="holds"):
        check_summary(pd.DataFrame({"report": ["a"]}))
