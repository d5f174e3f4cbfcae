"""Tests for ogi_nlp.sections: canonical section keys on every corpus file and on what real files do."""
from __future__ import annotations

from pathlib import Path

import pytest

from ogi_nlp.document import Block, Document
from ogi_nlp.sections import (
    SECTION_KEYS,
    Section,
    block_sections,
    find_sections,
    heading_key,
    section_key_at,
)
from ogi_nlp.sentences import sentence_spans

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
pytestmark = pytest.mark.filterwarnings("ignore::ogi_nlp.errors.ReadWarning")

T2021 = ["overview", "proactive", "requests", "review", "problems", "other_matters"]


def _read(name: str) -> Document:
    from ogi_nlp.read import read_document

    try:
        return read_document(CORPORA / name)
    except (ImportError, ModuleNotFoundError) as exc:  # reader for this format not there yet
        pytest.skip(f"no reader for {name}: {exc}")


def _doc(*lines: str, table_at: tuple[int, ...] = ()) -> Document:
    blocks = [
        Block("table", line, rows=((line,),), layout="flattened") if i in table_at else Block("paragraph", line)
        for i, line in enumerate(lines)
    ]
    return Document.from_blocks("t", blocks)


# --- every corpus file ------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("000_0bd4f94ff1c1a797.txt",
         ["preamble", "overview", "workplan", "proactive", "requests", "staff_fees", "review", "problems"]),
        ("001_dfbf40df936f33b0.txt", ["preamble", *T2021]),
        ("002_2b0f011715eb5630.txt", ["preamble", *T2021]),
        ("003_9f85f0f5b3ff3861.txt", ["preamble", "part_1", "part_2", "part_3", "part_4"]),
        ("004_8d175a9aad868b26.txt", ["preamble", *T2021]),
        ("huaian-municipal-government-2024.pdf", ["preamble", *T2021]),
        ("hongze-district-government-2023.pdf", ["preamble", *T2021]),
        ("hongze-district-government-2024.pdf", ["preamble", *T2021]),
        ("blank-template-2021.docx", ["preamble", *T2021]),
    ],
)
def test_corpus_section_keys(name: str, keys: list[str]) -> None:
    doc = _read(name)
    sections = find_sections(doc)
    assert [s.key for s in sections] == keys
    # contiguous cover of all blocks, spans inside the text
    assert sections[0].first_block == 0 and sections[-1].last_block == len(doc.blocks) - 1
    for a, b in zip(sections, sections[1:]):
        assert b.first_block == a.last_block + 1 and a.end <= b.start
    for s in sections[1:]:
        assert doc.text[s.start:].startswith(doc.blocks[s.first_block].text[:2])


def test_seed_001_titles_as_printed() -> None:
    titles = [s.title for s in find_sections(_read("001_dfbf40df936f33b0.txt"))]
    assert titles[2] == "2、 主动公开政府信息情况"  # "2、" printed where "二、" was meant
    assert titles[3] == "3、 收到和处理政府信息公开申请情况"
    assert titles[4] == "四、政府信息公开行政复议、行政诉讼情况"


def test_seed_000_subheadings_stay_inside() -> None:
    doc = _read("000_0bd4f94ff1c1a797.txt")
    keys = block_sections(doc)
    i = next(k for k, b in enumerate(doc.blocks) if b.text.startswith("（二）围绕法治政府建设加强政策解读"))
    assert keys[i] == "workplan"
    j = next(k for k, b in enumerate(doc.blocks) if b.text.startswith("（一）工作人员情况"))
    assert keys[j] == "staff_fees"


def test_pdf_tables_sit_in_their_sections() -> None:
    doc = _read("huaian-municipal-government-2024.pdf")
    keys = block_sections(doc)
    table_keys = [k for b, k in zip(doc.blocks, keys) if b.kind == "table"]
    assert table_keys[0] == "proactive" and "requests" in table_keys and table_keys[-1] == "review"


def test_sentence_sections_on_seed() -> None:
    doc = _read("002_2b0f011715eb5630.txt")
    sections = find_sections(doc)
    by_key = {}
    for s in sentence_spans(doc.text):
        by_key.setdefault(section_key_at(sections, s.start), []).append(s.text)
    assert any(t.startswith("下一步,我局将") for t in by_key["problems"])
    assert "全年我局未收取信息公开处理费。" in by_key["other_matters"]
    assert by_key["preamble"][0].startswith("2022上海市知识产权局")


# --- what real files do -------------------------------------------------------------

@pytest.mark.parametrize(
    ("lines", "keys"),
    [
        # headings indented with full-width spaces, half-width brackets for sub-headings
        (["某局2022年政府信息公开年度报告", "　　一、总体情况", "(一)加强领导。", "　二、 主动公开政府信息情况"],
         ["preamble", "overview", "proactive"]),
        # "2、" printed for "二、"
        (["某局2022年政府信息公开年度报告", "一、总体情况", "2、 主动公开政府信息情况", "3、收到和处理政府信息公开申请情况"],
         ["preamble", "overview", "proactive", "requests"]),
        # heading run into its first sentence
        (["某局2022年政府信息公开年度报告", "一、总体情况。2022年，我局扎实推进政务公开。", "二、主动公开政府信息情况。全年公开信息500条。"],
         ["preamble", "overview", "proactive"]),
        # PDF: heading run into a wrapped line without a stop
        (["某局2022年政府信息公开年度报告", "一、总体情况 2024年，我市坚持以习近平新时代中国特色社会主义思想为指导，认真学习宣传贯彻党的二十大精神",
          "五、存在的主要问题及改进情况"],
         ["preamble", "overview", "problems"]),
        # heading split over two lines
        (["某局2022年政府信息公开年度报告", "一、总体情况", "正文。", "四、政府信息公开行政", "复议、行政诉讼情况", "正文。"],
         ["preamble", "overview", "review"]),
        # table rows left as text: a restart of numbering and a number taken by a later heading
        (["某局2022年政府信息公开年度报告", "三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
          "四、结转下年度继续办理", "四、政府信息公开行政复议、行政诉讼情况"],
         ["preamble", "requests", "review"]),
        # legacy wording
        (["某局2015年政府信息公开工作年度报告", "一、概述", "二、主动公开政府信息的情况", "三、依申请公开政府信息和不予公开政府信息的情况",
          "四、政府信息公开的收费及减免情况", "五、因政府信息公开申请行政复议、提起行政诉讼的情况", "六、政府信息公开工作存在的主要问题和改进措施",
          "七、其他需要报告的事项"],
         ["preamble", "overview", "proactive", "requests", "staff_fees", "review", "problems", "other_matters"]),
        # a heading that fits nothing but continues the numbering
        (["某局2022年政府信息公开年度报告", "一、总体情况", "二、政务公开创新做法", "三、收到和处理政府信息公开申请情况"],
         ["preamble", "overview", "unknown", "requests"]),
        # template titles standing alone without numbers (number lost)
        (["某局2022年政府信息公开年度报告", "总体情况", "正文。", "主动公开政府信息情况", "正文。"],
         ["preamble", "overview", "proactive"]),
        # "第一部分" style
        (["某局2019年政府信息公开工作年度报告", "第一部分 总体情况", "正文。", "第二部分 主动公开政府信息情况"],
         ["preamble", "overview", "proactive"]),
        # Arabic list items in the body open nothing
        (["某局2022年政府信息公开年度报告", "一、总体情况", "1.加强组织领导", "2.完善工作机制", "五、存在的主要问题及改进情况"],
         ["preamble", "overview", "problems"]),
        # no heading at all
        (["全年受理申请5件。", "均按期答复。"], ["preamble"]),
    ],
)
def test_robust_headings(lines: list[str], keys: list[str]) -> None:
    assert [s.key for s in find_sections(_doc(*lines))] == keys


def test_split_heading_title_joined() -> None:
    doc = _doc("某局2022年政府信息公开年度报告", "一、总体情况", "正文。", "四、政府信息公开行政复议、", "行政诉讼情况", "正文。")
    review = find_sections(doc)[-1]
    assert review.key == "review" and review.title == "四、政府信息公开行政复议、行政诉讼情况"
    assert review.first_block == 3 and review.last_block == 5


def test_table_cells_are_not_headings() -> None:
    doc = _doc("某局2022年政府信息公开年度报告", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", table_at=(2,))
    assert [s.key for s in find_sections(doc)] == ["preamble", "requests"]


def test_work_plan_parts_even_with_a_matching_word() -> None:
    doc = _doc("2019年政务公开工作要点", "一、着力推进主动公开", "二、着力加强政策解读", "三、着力推进平台建设")
    assert [s.key for s in find_sections(doc)] == ["preamble", "part_1", "part_2", "part_3"]


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("一、总体情况", "overview"),
        ("一、概述", "overview"),
        ("二、落实《北京市2018年政务公开工作要点》情况", "workplan"),
        ("三、政府信息主动公开情况", "proactive"),
        ("三、收到和处理政府信息公开申请情况", "requests"),
        ("四、政府信息依申请公开情况", "requests"),
        ("五、人员和收支情况", "staff_fees"),
        ("六、政府信息公开的收费以及免除费用的情况", "staff_fees"),
        ("四、政府信息公开行政复议、行政诉讼情况", "review"),
        ("五、因政府信息公开申请行政复议、提起行政诉讼的情况", "review"),
        ("七、主要问题和改进措施", "problems"),
        ("七、政府信息公开工作存在的不足以及改进措施", "problems"),
        ("六、其他需要报告的事项", "other_matters"),
        ("一、着力加强公开解读回应工作", None),
    ],
)
def test_heading_key(title: str, key: str | None) -> None:
    assert heading_key(title) == key
    assert key is None or key in SECTION_KEYS


def test_block_sections_and_offsets() -> None:
    doc = _doc("某局2022年政府信息公开年度报告", "一、总体情况", "正文一。", "五、存在的主要问题及改进情况", "下一步将加强。")
    sections = find_sections(doc)
    assert block_sections(doc, sections) == ["preamble", "overview", "overview", "problems", "problems"]
    pos = doc.text.index("下一步")
    assert section_key_at(sections, pos) == "problems"
    assert section_key_at(sections, doc.text.index("正文一")) == "overview"
    assert section_key_at(sections, len(doc.text) + 5) is None
    assert isinstance(sections[0], Section)


def test_bad_input() -> None:
    with pytest.raises(TypeError):
        find_sections("一、总体情况")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="doc_type='report'"):
        find_sections(_doc("一、总体情况"), doc_type="report")
    assert find_sections(Document.from_blocks("empty", [])) == []


def test_lost_headings_inferred_from_template_tables() -> None:
    doc = _doc(
        "某局2022年政府信息公开年度报告", "一、总体情况", "正文。",
        "第二十条第（一）项\t信息内容\t本年制发件数",
        "申请人情况\t自然人\t一、本年新收政府信息公开申请数量",
        "行政复议\t行政诉讼\t结果维持\t结果纠正",
        "五、存在的主要问题及改进情况", "正文。",
        table_at=(3, 4, 5),
    )
    sections = find_sections(doc)
    assert [s.key for s in sections] == ["preamble", "overview", "proactive", "requests", "review", "problems"]
    assert [s.inferred for s in sections] == [False, False, True, True, True, False]
    assert sections[2].title == "" and sections[2].first_block == 3


def test_tables_do_not_override_printed_headings() -> None:
    # the legacy statistics table (appended after the last part) matches no template cue
    keys = [s.key for s in find_sections(_read("000_0bd4f94ff1c1a797.txt"))]
    assert keys.count("proactive") == 1 and keys[-1] == "problems"
    # a request table under its printed heading adds nothing
    doc = _doc("某局2022年政府信息公开年度报告", "三、收到和处理政府信息公开申请情况", "申请人情况\t本年新收",
               "四、政府信息公开行政复议、行政诉讼情况", "第二十条第（一）项", table_at=(2, 4))
    assert [s.key for s in find_sections(doc)] == ["preamble", "requests", "review"]


# --- properties ---------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LINES = st.sampled_from([
    "一、总体情况", "二、主动公开政府信息情况", "3、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、",
    "行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "七、政务公开创新做法",
    "（一）加强组织领导", "1.完善工作机制", "全年受理申请5件。", "下一步，我局将加强政策解读。",
    "一、本年新收政府信息公开申请数量", "总体情况", "某局2022年政府信息公开年度报告", "",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_LINES, st.booleans()), max_size=25))
def test_sections_cover_every_block_in_order(lines: list[tuple[str, bool]]) -> None:
    blocks = [Block("table", t, rows=((t,),), layout="flattened") if is_table else Block("paragraph", t)
              for t, is_table in lines]
    doc = Document.from_blocks("h", blocks)
    sections = find_sections(doc)
    if not blocks:
        assert sections == []
        return
    assert sections[0].first_block == 0 and sections[-1].last_block == len(blocks) - 1
    for a, b in zip(sections, sections[1:]):
        assert b.first_block == a.last_block + 1
    for s in sections:
        assert s.key in SECTION_KEYS or s.key.startswith("part_")
        assert 0 <= s.start <= s.end <= len(doc.text)
        # a section opens at a narrative heading, a template table, or the start
        first = doc.blocks[s.first_block]
        assert s.key == "preamble" or s.inferred == (first.kind == "table")
    assert len(block_sections(doc, sections)) == len(blocks)


def test_linear_in_blocks() -> None:
    import time

    lines = ["某局2022年政府信息公开年度报告"] + ["一、总体情况", "正文。", "（一）加强领导", "1.完善机制", "七、其他"] * 4000
    doc = Document.from_blocks("big", [Block("paragraph", t) for t in lines])
    t0 = time.perf_counter()
    sections = find_sections(doc)
    assert time.perf_counter() - t0 < 5
    assert sections[-1].last_block == len(lines) - 1


@given(st.text(alphabet="一二三十第12２ 、.．，,。:\n\u200b\u2004\u3000\xa0\t\ufeff\x0b\x1c（）(部分章总体情况ab\r\x85！；年",
               max_size=20))
@settings(max_examples=2000, deadline=None)
def test_the_section_number_prefilter_never_refuses_a_numbered_first_sentence(text):
    # _candidate skips the sentence split where no section number can open the first sentence
    from ogi_nlp.sections import _TOP, _WS, _first_sentence, _may_open_section_number

    if _TOP.match(_WS.sub("", _first_sentence(text))):
        assert _may_open_section_number(text)
    # it reads past the first character: a year opening a paragraph is no section number
    assert not _may_open_section_number("2019年，我局主动公开政府信息120条。")
    assert _may_open_section_number("\u3000 1 2 、总体情况") and _may_open_section_number("第 三 部 分 其他")
