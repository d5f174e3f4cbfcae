"""One report through every stage, on real files."""
from __future__ import annotations

import pytest

from ogi_nlp import corpus_path, parse_report, read_report
from ogi_nlp.errors import ReadError


@pytest.fixture(scope="module")
def seed001():
    return read_report(corpus_path() / "001_dfbf40df936f33b0.txt")


def test_meta(seed001) -> None:
    meta = seed001.meta
    assert (meta["agency"], meta["year"], meta["doc_type"]) == ("北京市知识产权局", 2022, "annual_report")
    assert meta["generation"] == "t2021" and meta["format"] == "txt" and meta["encoding"] == "utf-8"
    # the one table row whose cells the extract lost (行政规范性文件 prints 2 of 3 values)
    assert meta["warnings"] == ["row '行政规范性文件': 2 values for 3 columns: their columns cannot be told; its values are missing"]


def test_sentences_carry_section_span_and_never_table_cells(seed001) -> None:
    sentences = seed001.sentences()
    text = seed001.document.text
    for row in sentences.itertuples():
        piece = text[row.start:row.end].replace("\n", "")
        assert row.text.replace("\n", "") in piece or piece.strip() == row.text
    assert "行政规范性文件" not in sentences["text"].tolist()
    assert "17" not in sentences["text"].tolist()
    row = sentences[sentences["text"].str.startswith("2022年我局门户网站共发布信息978篇")].iloc[0]
    assert row["section"] == "overview" and not row["is_heading"]
    heading = sentences[sentences["text"] == "五、存在的主要问题及改进情况"].iloc[0]
    assert heading["is_heading"] and heading["section"] == "problems"


def test_tables_and_checks(seed001) -> None:
    values = seed001.tables().set_index("variable")
    assert values.at["requests.new.natural_person", "value"] == 12
    assert values.at["requests.result.total.total", "value"] == 17
    checks = seed001.checks()
    evaluated = checks["holds"].dropna()
    assert len(evaluated) >= 40, "identity, rows, columns and review blocks are all evaluated"
    assert evaluated.all(), checks[checks["holds"].eq(False)]


def test_image_only_report_warns() -> None:
    with pytest.warns(UserWarning):
        report = read_report(corpus_path() / "002_2b0f011715eb5630.txt")
        assert any("image" in w for w in report.meta["warnings"])
    assert report.tables()["value"].notna().sum() == 0


def test_pdf_report_has_pages() -> None:
    report = read_report(corpus_path() / "huaian-municipal-government-2024.pdf")
    sentences = report.sentences()
    assert report.meta["pages"] == 6
    assert sentences["page"].notna().all() and sentences["page"].min() == 1


def test_parse_report_from_text() -> None:
    report = parse_report("某县人民政府2020年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息120条。", name="t")
    assert report.meta["year"] == 2020
    assert report.sentences()["section"].tolist()[-1] == "overview"


def test_missing_file_is_a_read_error(tmp_path) -> None:
    with pytest.raises(ReadError, match="nope.txt"):
        read_report(tmp_path / "nope.txt")


@pytest.mark.filterwarnings("ignore::ogi_nlp.errors.OGIWarning")
def test_a_report_without_table_values_gives_the_frame_of_no_record() -> None:
    """A report with no table value gets a copy of a frame made once: the frame the steps for
    a report with values give (dtypes, columns, index), whatever its name, and never shared."""
    import pandas as pd

    for name in ("x", "", "某县.txt"):
        report = parse_report("一、总体情况\n本机关全年主动公开信息20条。", name=name)
        parsed = report._table_result.values
        expected = parsed.assign(value=pd.array(pd.to_numeric(parsed["value"]), dtype="Float64"))
        expected.insert(0, "report", name)
        got = report.tables()
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert list(got.dtypes) == list(expected.dtypes) and type(got.index) is type(expected.index)
        got["extra"] = 1  # a researcher's change stays in their copy
        assert "extra" not in parse_report("无表格。", name=name).tables().columns


def test_checks_without_a_check_are_made_without_the_values_frame() -> None:
    """A report whose tables give no check (an image-only report): its checks frame is that of
    run_checks, made from the check columns without making the values frame."""
    import pandas as pd

    from ogi_nlp.tables.checks import run_checks

    with pytest.warns(UserWarning):
        report = read_report(corpus_path() / "002_2b0f011715eb5630.txt")
        checks = report.checks()
    assert checks.empty and report._table_result._values is None
    want = run_checks(report._table_result.values)
    want.insert(0, "report", report.name)
    pd.testing.assert_frame_equal(checks, want)
