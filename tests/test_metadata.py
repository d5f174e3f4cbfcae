"""Tests for ogi_nlp.metadata: agency, year, type and level from title lines."""
from __future__ import annotations

from pathlib import Path

import pytest

from ogi_nlp import parse_report, read_report
from ogi_nlp.document import Block, Document
from ogi_nlp.metadata import DOC_TYPES, LEVELS, META_KEYS, agency_level, extract_meta

CORPORA = Path(__file__).resolve().parents[1] / "corpora"

# seed 002 carries its tables as images; the reader says so, which is not under test here
pytestmark = [pytest.mark.filterwarnings("ignore::ogi_nlp.errors.ReadWarning"),
              pytest.mark.filterwarnings("ignore::ogi_nlp.errors.TableWarning")]


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


# --- generation from the template anchors (issue 11); texts cut from shared/dev/pages -----

def _read_text(tmp_path: Path, text: str) -> Document:
    from ogi_nlp.read import read_document

    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def test_generation_anchors_come_from_the_registry() -> None:
    from ogi_nlp.tables.registry import generation_anchors

    anchors = generation_anchors()
    for gen in ("t2021", "t2019"):
        meta = extract_meta(_doc("一、总体情况", "2020年，我局坚持公开为常态。", "信息内容|" + anchors[gen][0]))
        assert (meta["generation"], meta["generation_source"]) == (gen, "labels")
    # ambiguous table-cell words (本年新) are not anchors for running text
    assert "本年新" not in anchors["t2019"]


def test_traditional_copy_with_new_outline_and_early_year(tmp_path: Path) -> None:
    # a mirror in traditional script with pinyin glosses (dev page 0010): it states 2010 but
    # lists the 2019/2021 outline; the year prior (legacy) contradicts the text: no generation
    doc = _read_text(tmp_path, (
        "本報(bào)告根據(jù)《中華人民共和國政府信息公開條例》編制。本報(bào)告由總體情況,主動(dòng)公開政府信息情況,"
        "收到和處理政府信息公開申請(qǐng)情況,政府信息公開行政復(fù)議、行政訴訟情況,存在的主要問題及改進(jìn)情況和"
        "其他需要報(bào)告的事項(xiàng)等六部分組成。報(bào)告中所列數(shù)據(jù)的統(tǒng)計(jì)期限自2010年1月1日至2010年12月31日止。\n"
        "一、總體情況\n2010年,我局緊緊圍繞構(gòu)建陽光政府和服務(wù)型政府的目標(biāo)。\n"))
    meta = extract_meta(doc)
    assert meta["year"] == 2010 and meta["generation"] is None
    assert any("2019/2021 outline" in w for w in meta["metadata_warnings"])


def test_legacy_outline_with_one_new_heading_follows_the_year(tmp_path: Path) -> None:
    # dev page 0097: the legacy outline announced, one heading worded like the new one
    doc = _read_text(tmp_path, (
        "本年度報告是根據《中華人民共和國政府信息公開條例》要求編制。本報告包括:概述,主動公開政府信息情況,"
        "依申請公開政府信息和不予公開政府信息情況,政府信息公開的收費及減免情況,因政府信息公開申請行政復議、"
        "提起行政訴訟的情況,政府信息公開工作存在的主要問題及改進情況。\n一、總體情況\n"
        "2012年,我局進一步加大工作力度。\n三、收到和處理政府信息公開申請情況\n2012年度,本單位未收到申請。\n"))
    meta = extract_meta(doc)
    assert (meta["year"], meta["generation"], meta["generation_source"]) == (2012, "legacy", "year")


@pytest.mark.parametrize(
    ("lines", "year", "generation"),
    [
        # dev page 0094: the year's count stated mid-sentence
        (["二、主动公开政府信息的情况", "各政府机关按照《条例》规定,主动公开政府信息。",
          "各政府机关对政府信息进行了梳理和编目,2011年新增主动公开政府信息53019条,全文电子化率为64.1%。"],
         2011, "legacy"),
        # dev page 0091: the year's work plan the report implements
        (["一、总体情况", "吴淞街道根据《中华人民共和国政府信息公开条例》和《上海市政府信息公开规定》要求,"
          "围绕区委、区政府中心工作,贯彻落实《2020年宝山区政务公开工作要点》和《2020年宝山区政务公开考核评估"
          "实施方案》,特编制本年度报告。"], 2020, "t2019"),
    ],
)
def test_year_from_the_text_sets_the_prior(lines: list[str], year: int, generation: str) -> None:
    meta = extract_meta(_doc(*lines))
    assert (meta["year"], meta["year_source"], meta["generation"]) == (year, "text", generation)


def test_titleless_excerpt_reporting_the_year_is_an_annual_report() -> None:
    # dev page 0115: a third-party copy starting mid-report
    meta = extract_meta(_doc(
        "管委会根据《中华人民共和国政府信息公开条例》和市、区政府信息公开实施办法,依据主动公开、依申请公开、"
        "保密审查等政府信息公开的各项工作制度,通过门户网站、公告栏等多种形式向社会公开政府信息。",
        "2016年,我区主动公开发布政府信息3277条,其中政策性文件79个。"))
    assert (meta["doc_type"], meta["doc_type_source"], meta["year"], meta["generation"]) == (
        "annual_report", "text", 2016, "legacy")
    # a title-less text without a year is not taken for a report
    assert extract_meta(_doc("依据主动公开、依申请公开等政府信息公开的各项工作制度,政府信息公开。"))["doc_type"] == "other"


# --- publication date (issue 14's timeliness) ------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=__import__("datetime").date(2000, 1, 1), max_value=__import__("datetime").date(2099, 12, 31)),
       st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}年{m:02d}月{d:02d}日", "{y}.{m}.{d}"]),
       st.sampled_from(["发布时间:", "发布日期：", "时间: ", "发布时间 : "]),
       st.sampled_from(["", " 09:35", " 16:28:04 来源:某某街道"]))
def test_published_reads_any_byline_date(day, fmt: str, key: str, tail: str) -> None:
    from ogi_nlp.read.furniture import strip_furniture

    line = key + fmt.format(y=day.year, m=day.month, d=day.day) + tail
    doc = strip_furniture(_doc("某某街道2022年政府信息公开工作年度报告", line, "一、总体情况"))
    meta = extract_meta(doc)
    assert meta["published"] == day.isoformat()
    # 发布日期 opens a catalogue line (索引号/发布日期 blocks), the other keys a byline
    assert meta["published_source"] == ("catalogue" if key.startswith("发布日期") else "byline")


def test_published_is_never_an_impossible_date() -> None:
    from ogi_nlp.read.furniture import strip_furniture

    doc = strip_furniture(_doc("某某街道2022年政府信息公开工作年度报告", "发布时间:2023-02-30 10:00", "一、总体情况"))
    assert extract_meta(doc)["published"] is None


def test_national_body_has_no_province_from_its_address() -> None:
    # dev page 0016 (国家税务总局 2010), its first lines (the second cut short): the contact address is in
    # 北京市, where the ministry sits, not the region it governs
    text = ("国家税务总局2010年政府信息公开年度报告\n"
            "根据《中华人民共和国政府信息公开条例》(国务院令第492号)(以下简称《条例》),特向社会公布2010年度"
            "国家税务总局政府信息公开报告。\n"
            "本报告中所列数据的统计期限自2010年1月1日起至2010年12月31日止。本报告电子版可在“国家税务总局”网站下载。\n"
            "如对本报告有任何疑问,请与国家税务总局政府信息公开办公室联系(地址:北京市海淀区羊坊店西路5号,邮编:电话:传真:\n")
    m = parse_report(text, name="0016").meta
    assert (m["agency"], m["level"]) == ("国家税务总局", "central")
    assert m["province"] is None and m["region_source"] is None
    # a provincial body with the same kind of text still takes its province from the text
    local = parse_report(text.replace("国家税务总局", "某区税务局"), name="local").meta
    assert local["level"] != "central" and local["province"] == "北京市" and local["region_source"] == "text"


def test_city_body_takes_the_one_city_its_text_names() -> None:
    # bundled 004: the title says 市知识产权事业发展中心; the text names 济宁 once, in the
    # portal's name (“中国·济宁”政府门户网站); the agency stays as printed
    from ogi_nlp.datasets import corpus_path

    m = read_report(corpus_path() / "004_8d175a9aad868b26.txt").meta
    assert m["agency"] == "市知识产权事业发展中心"
    assert m["body_name"] == "济宁市知识产权事业发展中心"
    assert (m["province"], m["city"], m["region_code"]) == ("山东省", "济宁市", "370800")


def test_city_body_is_not_completed_when_the_text_names_two_cities() -> None:
    text = ("市商务局2021年政府信息公开工作年度报告\n"
            "2021年，我局在济宁、淄博两地开展政务公开培训。\n")
    assert parse_report(text, name="x").meta["body_name"] == "市商务局"


def _text_province_place_by_place(text: str):
    """_text_province as it read the text before: place by place, from the next character
    that starts a name (the reference its pair lookup must agree with)."""
    import re
    from collections import Counter

    from ogi_nlp.gazetteer import _index, place_by_code
    from ogi_nlp.metadata import _name_lengths

    names, _, _ = _index()
    lengths = _name_lengths()
    starts = re.compile("[" + "".join(sorted({re.escape(k[0]) for k in lengths})) + "]")
    counts: Counter = Counter()
    pos = 0
    while pos < len(text):
        found = starts.search(text, pos)
        if found is None:
            break
        pos = found.start()
        hit = next((text[pos:pos + n] for n in lengths.get(text[pos:pos + 2], ())
                    if pos + n <= len(text) and text[pos:pos + n] in names), None)
        if hit is None:
            pos += 1
            continue
        provs = {p.code[:2] for p in names[hit]}
        if len(provs) == 1:
            counts[provs.pop()] += 1
        pos += len(hit)
    if not counts:
        return None
    (code, n), *others = counts.most_common()
    if n < 2 or (others and others[0][1] * 2 > n):
        return None
    return place_by_code(code + "0000")


_PLACE_WORDS = ["江苏省", "南京市", "苏州市", "浙江省", "杭州市", "朝阳区", "鼓楼区", "海淀区", "北京市", "广东省",
                "深圳市", "南山区", "城关镇", "人民政府", "政府信息公开", "，", "。", "\n", "市", "省", "区", "县"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PLACE_WORDS), st.text(alphabet="江苏南京州浙杭朝阳鼓楼区市省县海淀\U0001F600a1",
                                                                    max_size=3)), max_size=40).map("".join))
def test_text_province_found_by_pairs_as_place_by_place(text: str) -> None:
    """_text_province looks the text's pairs of characters up at once (only where a name may
    start): the province of reading it place by place, names of one another's prefix included."""
    from ogi_nlp.metadata import _text_province

    assert _text_province(text) == _text_province_place_by_place(text)


def test_text_province_found_by_pairs_on_real_report_heads() -> None:
    from ogi_nlp.datasets import corpus_path
    from ogi_nlp.metadata import _text_province
    from ogi_nlp.read import read_document

    heads = [read_document(p).text[:2500] for p in sorted(corpus_path().glob("*.txt"))]
    found = [_text_province(h) for h in heads]
    assert found == [_text_province_place_by_place(h) for h in heads] and any(f is not None for f in found)
