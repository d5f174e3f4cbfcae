"""Region, body id, metadata from real page openings, and the folder manifest (issue 11).

Texts are cut from the development web copies in ``shared/dev`` (ids in comments)
and from the bundled corpus.
"""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi_nlp.bodies import body_id
from ogi_nlp.folder_manifest import MANIFEST_FIELDS, apply_manifest
from ogi_nlp.gazetteer import REGION_KEYS, find_region, place_by_code, places
from ogi_nlp.metadata import LEVELS, extract_meta
from ogi_nlp.report import parse_report

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
HONGZE = ("hongze-district-government-2023.pdf", "hongze-district-government-2024.pdf")

pytestmark = pytest.mark.filterwarnings("ignore::ogi_nlp.errors.ReadWarning")


# --- gazetteer ------------------------------------------------------------------------

def test_gazetteer_is_the_documented_file() -> None:
    assert len(places()) == 3429
    assert {p.rank for p in places()} == {"province", "city", "county"}
    assert place_by_code("320583").name == "昆山市" and place_by_code("320583").rank == "county"


@pytest.mark.parametrize(
    ("name", "context", "code"),
    [
        ("淮安市洪泽区人民政府", "", "320813"),
        ("洪泽区人民政府", "", "320813"),
        ("淮安市洪泽县人民政府", "", "320813"),  # renamed 县 -> 区 in 2016: matched by its stem
        ("威海市文登人民政府办公室", "", "371003"),  # 0055: the page dropped the 区
        ("昆山市城关镇", "", "320583"),
        ("黄埔区 广州开发区", "", "440112"),  # 0030
        ("城关区人民政府", "甘肃省兰州市", "620102"),  # two 城关区: the text decides
        ("城关区人民政府", "西藏自治区拉萨市", "540102"),
        ("广西壮族自治区人民政府", "", "450000"),
        ("北京市东城区", "", "110101"),
        ("国家税务总局", "", None),
        ("市商务局", "", None),
    ],
)
def test_find_region(name: str, context: str, code: str | None) -> None:
    assert find_region(name, context=context)["region_code"] == code


def test_ambiguous_place_without_context_is_not_guessed() -> None:
    region = find_region("城关区人民政府")  # Lanzhou and Lhasa both have one
    assert region["region_code"] is None and region["county"] is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("江苏省淮安市洪泽区城关镇北京朝阳人民政府局县乡")), max_size=20))
def test_find_region_total(name: str) -> None:
    region = find_region(name)
    assert set(region) == set(REGION_KEYS)
    if region["region_code"] is not None:
        assert place_by_code(region["region_code"]) is not None


# --- body id ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("洪泽区人民政府", "淮安市洪泽区人民政府"),
        ("广州市番禺区政府", "番禺区人民政府"),
        ("兰州市", "兰州市人民政府"),
        ("江苏省淮安市洪泽区 人民政府", "洪泽区人民政府"),
    ],
)
def test_body_id_pairs_names_of_one_body(a: str, b: str) -> None:
    assert body_id(a) == body_id(b)


def test_body_id_keeps_bodies_apart() -> None:
    ids = {body_id(n) for n in ["淮安市人民政府", "洪泽区人民政府", "淮安市洪泽区教育局", "北京市知识产权局",
                                "上海市知识产权局", "国家知识产权局"]}
    assert len(ids) == 6


def test_hongze_reports_pair_without_a_manifest() -> None:
    from ogi_nlp.read import read_document

    metas = [extract_meta(read_document(CORPORA / f)) for f in HONGZE]
    assert [m["agency"] for m in metas] == ["洪泽区人民政府", "淮安市洪泽区人民政府"]
    assert metas[0]["body_id"] == metas[1]["body_id"] == "320813:人民政府"
    assert metas[0]["region_code"] == "320813" and metas[0]["city"] == "淮安市"


# --- metadata from real page openings ---------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d012: lost separator in the statistics period, furniture above the title
        ("关怀版 无障碍 无障碍\n您当前所在位置: 首页 > 各乡镇信息公开 > 对坊乡 > 年度报告\n对坊乡2023年政府信息公开工作年度报告\n"
         "访问量:\n根据《中华人民共和国政府信息公开条例》(以下简称《条例》),编制2023年度本乡政府信息公开年度报告。"
         "本报告中所列数据的统计期限自20231月1日起至202312月31日止。\n一、总体情况",
         {"agency": "对坊乡", "year": 2023, "level": "township", "agency_source": "title"}),
        # 0024 (traditional copy): year and body in the first paragraph, a county-level city
        ("一、總體情況\n2022年度,張家港市教育局堅持以習近平新時代中國特色社會主義思想為指導,全面貫徹黨的二十大精神。",
         {"agency": "张家港市教育局", "year": 2022, "year_source": "first_paragraph",
          "agency_source": "first_paragraph", "level": "county", "province": "江苏省"}),
        # 0087: catalogue block and byline above the title
        ("• 索 引 号:XM02100-0101-2019-00001\n  • 备注/文号:厦湖府〔2019〕1号\n  • 发布机构:湖里区人民政府办公室\n"
         "  • 公文生成日期:2019-01-04\n湖里区人民政府2018年政府信息公开工作年度报告\n时间:2019-01-04 10:25\n",
         {"agency": "湖里区人民政府", "year": 2018, "level": "county", "city": "厦门市", "body_kind": "government"}),
        # 0139: no title; the announcing sentence names the body and year
        ("根据《中华人民共和国政府信息公开条例》要求,现公布中山市自然资源局政府信息公开工作2022年度报告。\n一、总体情况\n"
         "2022年,我局坚持以习近平新时代中国特色社会主义思想为指导。",
         {"agency": "中山市自然资源局", "year": 2022, "level": "municipal", "body_kind": "department"}),
        # 0014: an academic year, a university
        ("一、信息公开工作概述\n2019-2020学年,长江大学以习近平新时代中国特色社会主义思想为指导,全面推进信息公开。",
         {"agency": "长江大学", "year": 2020, "level": "public_institution", "body_kind": "public_institution"}),
        # 0100: no body named; the text calls itself 我镇
        ("一、总体情况\n(一)主动公开\n我镇认真贯彻《中华人民共和国政府信息公开条例》精神。\n(二) 依申请公开\n"
         "2022年度我镇未收到任何形式的依申请公开政府信息。",
         {"agency": None, "year": 2022, "level": "township", "level_source": "self_reference"}),
    ],
)
def test_meta_from_page_openings(text: str, expected: dict) -> None:
    meta = parse_report(text, name="page").meta
    assert {k: meta[k] for k in expected} == expected
    assert meta["level"] in LEVELS


def test_publication_date_is_a_last_resort() -> None:
    # a byline date is used only when nothing in the report gives the year
    meta = parse_report("某某乡政府信息公开工作年度报告\n发布时间:2021-01-27 09:35\n一、总体情况\n本乡认真做好公开工作。").meta
    assert (meta["year"], meta["year_source"]) == (2020, "byline")
    meta = parse_report("某某乡2019年政府信息公开工作年度报告\n发布时间:2021-01-27 09:35\n").meta
    assert (meta["year"], meta["year_source"]) == (2019, "title")


def test_generation_text_path_and_tables_first() -> None:
    meta = parse_report("某某县2018年政府信息公开工作年度报告\n一、概述\n全年主动公开信息20条。").meta
    assert (meta["generation"], meta["generation_source"]) == ("legacy", "sections")
    meta = parse_report("某某县2022年政府信息公开工作年度报告\n一、总体情况\n全年主动公开信息20条。").meta
    assert (meta["generation"], meta["generation_source"]) == ("t2021", "year")


# --- folder manifest ---------------------------------------------------------------------

def test_manifest_overrides_any_field() -> None:
    row = {"agency": "市商务局", "year": None, "level": "municipal", "doc_type": "other", "sha256": "abc"}
    listed = pd.Series({"year": "2022", "agency": "哈尔滨市商务局", "doc_type": "annual_report", "sha256": "zzz",
                        "source": "downloaded 2026-12-01", "body": ""})
    out = apply_manifest(row, listed)
    assert (out["year"], out["agency"], out["doc_type"]) == (2022, "哈尔滨市商务局", "annual_report")
    assert out["year_source"] == out["agency_source"] == "manifest"
    assert out["sha256"] == "abc", "what the reader measured is never overridden"
    assert out["province"] == "黑龙江省" and out["region_code"] == "230100"
    assert out["body_id"] == "230100:商务局" and out["body"] is None  # named from the corpus
    assert "source" not in out
    assert {"body", "agency", "year", "level", "region"} <= set(MANIFEST_FIELDS)


def test_manifest_year_must_be_a_year() -> None:
    with pytest.raises(ValueError, match="year"):
        apply_manifest({"year": None}, {"year": "去年"})


def test_corpus_pairs_bodies_and_applies_the_manifest(tmp_path: Path) -> None:
    from ogi_nlp.corpus import read_corpus

    for f in HONGZE:
        shutil.copy(CORPORA / f, tmp_path / f)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = read_corpus(tmp_path, themes=False)
    reports = corpus.reports().set_index("file")
    assert reports["body"].nunique() == 1, "one body without a hand-made manifest"
    assert set(reports["body"]) == {"淮安市洪泽区人民政府"} and set(reports["body_id"]) == {"320813:人民政府"}
    carry = corpus.carry_over()
    assert len(carry[carry["report"] == HONGZE[1]]) == 1

    (tmp_path / "manifest.csv").write_text(
        f"file,year,level,region,body\n{HONGZE[0]},2023,municipal,江苏省淮安市洪泽区,洪泽\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reports = read_corpus(tmp_path, themes=False).reports().set_index("file")
    row = reports.loc[HONGZE[0]]
    assert (row["level"], row["level_source"], row["body"], row["region_code"]) == ("municipal", "manifest", "洪泽",
                                                                                    "320813")
    assert reports.loc[HONGZE[1], "level_source"] == "agency"


def test_missing_metadata_is_a_warning() -> None:
    # a title buried under a breadcrumb is found; a report naming neither body nor year warns
    meta = parse_report("首页>政务公开>政府信息公开年报\n淮安市人民政府2024年政府信息公开工作年度报告\n一、总体情况").meta
    assert (meta["agency"], meta["year"]) == ("淮安市人民政府", 2024)
    assert not any("not found" in w or "not named" in w for w in meta["warnings"])
    meta = parse_report("一、总体情况\n本机关认真做好政府信息公开工作。\n二、主动公开政府信息情况").meta
    assert meta["doc_type"] == "annual_report" and meta["year"] is None and meta["agency"] is None
    assert any("report year not found" in w for w in meta["warnings"])
    assert any("issuing body not named" in w for w in meta["warnings"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("首页>发布时间:2023-01-31来源字号一、总体情况我局镇年度报告本统计期限自"
                                                      "1月日淮安市洪泽区人民政府中山大学二〇二二学年,。 ")), max_size=30),
                max_size=10))
def test_meta_total_on_any_page(lines: list[str]) -> None:
    meta = extract_meta(parse_report("\n".join(lines)).document)
    assert meta["level"] in LEVELS
    assert meta["year"] is None or 1990 <= meta["year"] < 2100
    for field in ("title", "agency", "year", "level", "generation", "region"):
        source = meta.get(f"{field}_source")
        assert source is None or isinstance(source, str)
    if meta["region_code"] is not None:
        assert place_by_code(meta["region_code"]) is not None
