"""Tests for ogi_nlp.metadata: agency, year, type and level from title lines."""
from __future__ import annotations

from pathlib import Path

import pytest

from ogi_nlp.document import Block, Document
from ogi_nlp.metadata import DOC_TYPES, LEVELS, META_KEYS, agency_level, extract_meta

CORPORA = Path(__file__).resolve().parents[1] / "corpora"

# seed 002 carries its tables as images; the reader says so, which is not under test here
pytestmark = pytest.mark.filterwarnings("ignore::ogi_nlp.errors.ReadWarning")


def _doc(*lines: str) -> Document:
    return Document.from_blocks("t", [Block("paragraph", line) for line in lines])


def _read(name: str) -> Document:
    from ogi_nlp.read import read_document

    path = CORPORA / name
    try:
        return read_document(path)
    except (ImportError, ModuleNotFoundError) as exc:  # reader for this format not there yet
        pytest.skip(f"no reader for {path.suffix}: {exc}")


# --- every corpus file ------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "agency", "year", "doc_type", "level"),
    [
        ("000_0bd4f94ff1c1a797.txt", "北京市知识产权局", 2018, "annual_report", "provincial"),
        ("001_dfbf40df936f33b0.txt", "北京市知识产权局", 2022, "annual_report", "provincial"),
        ("002_2b0f011715eb5630.txt", "上海市知识产权局", 2022, "annual_report", "provincial"),
        ("003_9f85f0f5b3ff3861.txt", "国家知识产权局办公室", 2018, "work_plan", "central"),
        # a 事业发展中心 is a public institution (was coded municipal before issue 11)
        ("004_8d175a9aad868b26.txt", "市知识产权事业发展中心", 2021, "annual_report", "public_institution"),
        ("huaian-municipal-government-2024.pdf", "淮安市人民政府", 2024, "annual_report", "municipal"),
        ("hongze-district-government-2023.pdf", "洪泽区人民政府", 2023, "annual_report", "county"),
        ("hongze-district-government-2024.pdf", "淮安市洪泽区人民政府", 2024, "annual_report", "county"),
        ("blank-template-2021.docx", None, None, "template", "unknown"),
    ],
)
def test_corpus_files(name: str, agency: str | None, year: int | None, doc_type: str, level: str) -> None:
    meta = extract_meta(_read(name))
    assert (meta["agency"], meta["year"], meta["doc_type"], meta["level"]) == (agency, year, doc_type, level)
    assert meta["title"]


def test_seed_titles_as_printed() -> None:
    assert extract_meta(_read("000_0bd4f94ff1c1a797.txt"))["title"] == "北京市知识产权局2018年政府信息公开工作年度报告"
    # web byline dropped, not the publication date as year
    meta = extract_meta(_read("002_2b0f011715eb5630.txt"))
    assert meta["title"] == "2022上海市知识产权局政府信息公开年报"
    # red header and document number are not the title; the issue date is not the year
    meta = extract_meta(_read("003_9f85f0f5b3ff3861.txt"))
    assert meta["title"] == "国家知识产权局办公室关于印发 2018 年 政务公开工作要点的通知"


# --- title variants ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("lines", "agency", "year", "doc_type"),
    [
        (["北京市知识产权局2022年政府信息公开年度报告"], "北京市知识产权局", 2022, "annual_report"),
        (["市知识产权事业发展中心2021年政府信息公开工作年度报告"], "市知识产权事业发展中心", 2021, "annual_report"),
        (["2022上海市知识产权局政府信息公开年报"], "上海市知识产权局", 2022, "annual_report"),
        (["2021年度广州市越秀区人民政府政府信息公开工作年度报告"], "广州市越秀区人民政府", 2021, "annual_report"),
        # agency on its own line above the year line, as PDFs print it
        (["淮安市人民政府", "2024 年政府信息公开工作年度报告", "本报告由淮安市人民政府办公室编制。"], "淮安市人民政府", 2024, "annual_report"),
        # headline with spaces, web copy with byline
        (["  广东省人民政府 2020 年政府信息公开工作年度报告  来源：广东省人民政府"], "广东省人民政府", 2020, "annual_report"),
        # traditional-script source read into simplified text by the reader
        (["香港特别行政区政府2021年政府信息公开年度报告"], "香港特别行政区政府", 2021, "annual_report"),
        # notice issuing a work plan: the plan's year, not the date line
        (["国务院办公厅关于印发2019年政务公开工作要点的通知", "2019年4月11日"], "国务院办公厅", 2019, "work_plan"),
        (["2018年政务公开工作要点"], None, 2018, "work_plan"),
        (["国家知识产权局2019年政务公开工作要点"], "国家知识产权局", 2019, "work_plan"),
        # year after the subject, in brackets
        (["北京市知识产权局政府信息公开工作年度报告（2022年度）"], "北京市知识产权局", 2022, "annual_report"),
        # title wrapped over three lines
        (["北京市知识产权局", "2022年政府信息公开", "工作年度报告"], "北京市知识产权局", 2022, "annual_report"),
        # template: placeholders, no year
        (["XX市XX局XXXX年政府信息公开工作年度报告"], None, None, "template"),
        (["政府信息公开工作年度报告格式模板", "一、总体情况", "（文字描述）"], None, None, "template"),
        # no title: year from the statistics period, agency from "由…编制"
        # (issue 11: a text that calls itself 本报告 and states its statistics period is an annual report)
        (["本报告由市民政局根据《条例》编制。本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。"], "市民政局", 2020,
         "annual_report"),
        (["关于进一步加强政务公开的意见"], None, None, "other"),
    ],
)
def test_title_variants(lines: list[str], agency: str | None, year: int | None, doc_type: str) -> None:
    meta = extract_meta(_doc(*lines))
    assert (meta["agency"], meta["year"], meta["doc_type"]) == (agency, year, doc_type)
    assert meta["level"] in LEVELS and meta["doc_type"] in DOC_TYPES


def test_agency_from_text_is_marked() -> None:
    meta = extract_meta(_doc("本报告由区司法局按照《条例》要求编制。"))
    assert meta["agency"] == "区司法局" and meta["agency_source"] == "text" and meta["level"] == "county"
    assert extract_meta(_doc("北京市知识产权局2022年政府信息公开年度报告"))["agency_source"] == "title"


@pytest.mark.parametrize(
    ("agency", "level"),
    [
        ("国家知识产权局", "central"),
        ("国务院办公厅", "central"),
        ("生态环境部", "central"),
        ("海关总署", "central"),
        ("北京市知识产权局", "provincial"),
        ("重庆市人民政府办公厅", "provincial"),
        ("广东省人民政府", "provincial"),
        ("广西壮族自治区人民政府", "provincial"),
        ("广州市人民政府", "municipal"),
        ("济宁市市场监督管理局", "municipal"),
        ("恩施土家族苗族自治州人民政府", "municipal"),
        ("市知识产权事业发展中心", "public_institution"),
        ("洪泽区人民政府", "county"),
        ("淮安市洪泽区人民政府", "county"),
        ("北京市海淀区人民政府", "county"),
        ("上海市浦东新区人民政府", "county"),
        ("苏州市昆山市人民政府", "county"),
        ("沛县人民政府", "county"),
        ("区司法局", "county"),
        ("某某街道办事处", "township"),
        # issue 11: county-level cities, townships and public institutions
        ("昆山市人民政府", "county"),
        ("昆山市城关镇人民政府", "township"),
        ("城关镇人民政府", "township"),
        ("宁国市青龙乡人民政府", "township"),
        ("淄博市临淄区齐陵街道办事处", "township"),
        ("绥阳县住房和城乡建设局", "county"),
        ("中山大学", "public_institution"),
        ("安徽财贸职业学院", "public_institution"),
        ("国网淮安市洪泽区供电公司", "public_institution"),
        ("江宁区政务服务中心", "county"),
        ("自然资源部", "central"),
        ("", "unknown"),
        (None, "unknown"),
    ],
)
def test_agency_level(agency: str | None, level: str) -> None:
    assert agency_level(agency) == level


def test_not_a_document() -> None:
    with pytest.raises(TypeError):
        extract_meta("北京市知识产权局2022年政府信息公开年度报告")  # type: ignore[arg-type]


def test_empty_document() -> None:
    meta = extract_meta(Document.from_blocks("empty", []))
    assert set(meta) == set(META_KEYS)
    assert {k: v for k, v in meta.items() if v is not None} == {"doc_type": "other", "level": "unknown",
                                                                  "body_kind": "unknown", "metadata_warnings": []}


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("国家务院省自治区市州县区旗镇街道北京上海淮安洪泽人民政府局中心办公室XX2021年度报告")), max_size=30))
def test_level_and_meta_total(name: str) -> None:
    assert agency_level(name) in LEVELS
    meta = extract_meta(_doc(name, "一、总体情况"))
    assert meta["level"] in LEVELS and meta["doc_type"] in DOC_TYPES
    assert meta["year"] is None or 1900 <= meta["year"] <= 2099
    # the agency, when found in the title, is printed there
    if meta["agency_source"] == "title":
        assert meta["agency"] in name.replace(" ", "")
