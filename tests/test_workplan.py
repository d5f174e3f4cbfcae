"""Tests for ogi_nlp.workplan on the bundled work plan (seed 003)."""
from __future__ import annotations

import importlib.resources
import re
import warnings

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi_nlp.errors import ReadWarning
from ogi_nlp.workplan import WORKPLAN_COLUMNS, parse_responsible, parse_workplan

PLAN_FILE = "003_9f85f0f5b3ff3861.txt"


@pytest.fixture(scope="module")
def source() -> str:
    ref = importlib.resources.files("ogi_nlp.corpora") / PLAN_FILE
    return ref.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tasks(source):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return parse_workplan(source).set_index("number", drop=False)


def test_41_consecutive_tasks_without_warnings(tasks):
    assert list(tasks.columns) == list(WORKPLAN_COLUMNS)
    assert tasks["number"].tolist() == list(range(1, 42))
    assert tasks.attrs["warnings"] == []


@pytest.mark.parametrize(
    "number, starts, ends",
    [
        (1, "把公开透明作为政府工作的基本要求,坚持以公开为常态", "充分保障人民群众的知情权。"),
        # wrapped mid-word inside the line ("要明确 提出") and in the bracket
        (2, "制定出台涉及公共利益、公众权益的政策文件中要明确提出公开相关信息的要求",
         "使政策执行更加阳光透明。"),
        # wrapped over a blank line after '"三定"'
        (3, '结合政府机构改革和职能优化,做好职责调整和"三定"规定公开工作',
         "推动政府部门依法全面规范履职。"),
        (9, "增强舆情风险防控意识,密切监测收集苗头性舆情,特别是涉及知识产权重大政策",
         "妥善处置、有效回应。"),
        (17, "做好财政预决算公开。", "做好财政预决算公开。"),
        # broken across the page footer "— 6 —"
        (25, "认真落实《政府网站发展指引》(国办发[2017]47号),优化考评体系",
         "不断提高政府网站管理服务水平。严格政府网站开办整合流程,规范政府网站名称和域名管理。"),
        (27, "大力推进政府网站建设集约化", "新建的政府网站要全面支持互联网协议第六版。"),
        (34, "《中华人民共和国政府信息公开条例》修订出台后", "未公开的要及时向社会公开。"),
        (35, "进一步规范依申请公开工作", "对依申请公开工作中发现的依法行政方面的问题,及时向相关部门单位提出工作建议。"),
        (41, "制定业务培训计划,精心安排培训科目和内容,分级分层组织实施",
         "年内至少组织一次政务公开全面培训并形成机制。"),
    ],
)
def test_task_text_starts_and_ends(tasks, number, starts, ends):
    text = tasks.loc[number, "text"]
    assert text.startswith(starts)
    assert text.endswith(ends)


@pytest.mark.parametrize(
    "number, responsible, lead",
    [
        (1, ["政策牵头起草部门"], []),
        (3, ["人事司"], []),
        (9, ["办公室", "报社"], []),
        (10, ["办公室"], ["办公室"]),
        (12, ["各有关部门单位"], []),
        # the bracket wraps over the page footer "— 4 **—**"
        (14, ["专利局办公室", "条法司", "审业部", "初审流程部", "自动化部", "商标局", "复审委", "商评委"],
         ["专利局办公室"]),
        (18, ["审业部", "专利局办公室", "初审流程部", "文献部", "自动化部", "复审委", "检索咨询中心",
              "商标局", "商评委"], ["审业部"]),
        (28, ["专利局办公室", "自动化部"], []),
        (30, ["新平台开设者"], []),
        (31, ["商标局", "商评委", "检索咨询中心", "商标审查协作中心"], []),
        (36, ["局公开平台", "信息产生部门"], []),
        (41, ["办公室", "人事司", "人教部"], ["办公室"]),
    ],
)
def test_responsible_units(tasks, number, responsible, lead):
    assert tasks.loc[number, "responsible"] == responsible
    assert tasks.loc[number, "lead"] == lead


def test_page_footer_rejoined(tasks, source):
    row = tasks.loc[14]
    assert row["responsible_text"].endswith("初审流程部、自动化部、商标局、复审委、商评委按职责分工负责")
    assert "— 4" in source[row["start"]:row["end"]]
    for text in tasks["text"].tolist() + tasks["responsible_text"].tolist():
        assert "—" not in text and "*" not in text
        assert not text.startswith(("-", " "))
        assert not re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", text)


@pytest.mark.parametrize(
    "number, part_key, part, group_key, group",
    [
        (1, "一", "着力加强公开解读回应工作", "一", "围绕建设法治政府全面推进政务公开"),
        (12, "二", "着力提升政务服务工作实效", "四", "推进网上办事服务公开"),
        (25, "三", "着力推进政务公开平台建设", "七", "强化政府网站建设管理"),
        (34, "四", "着力推进政务公开制度化规范化", "十一", "贯彻落实政府信息公开条例"),
        (41, "四", "着力推进政务公开制度化规范化", "十四", "重视政务公开业务培训"),
    ],
)
def test_parts_and_groups(tasks, number, part_key, part, group_key, group):
    row = tasks.loc[number]
    assert (row["part_key"], row["part"], row["group_key"], row["group"]) == (
        part_key, part, group_key, group)


def test_spans_point_at_the_printed_task(tasks, source):
    lines = source.splitlines()
    for row in tasks.itertuples():
        printed = source[row.start:row.end]
        assert re.match(rf"{row.number}\.", printed)
        assert printed.endswith(")")
        assert lines[row.line - 1].lstrip(" -").startswith(f"{row.number}.")
        squeezed = re.sub(r"\s+", "", re.sub(r"\n— \d+ \**—\**\n", "", printed))
        assert re.sub(r"\s+", "", row.text) in squeezed
        assert f"({row.responsible_text})" in squeezed


def test_closing_paragraph_not_absorbed(tasks):
    assert "各部门单位要高度重视" not in " ".join(tasks["text"])


@pytest.mark.parametrize(
    "note, units, lead",
    [
        ("办公室负责", ["办公室"], []),
        ("政策牵 头起草部门负责", ["政策牵头起草部门"], []),
        ("办公室和报社按职责分别负责", ["办公室", "报社"], []),
        ("办公室牵头负责,人事司和人教部负责新录入人员培训工作", ["办公室", "人事司", "人教部"], ["办公室"]),
        ("局公开平台及信息产生部门分别落实", ["局公开平台", "信息产生部门"], []),
        # 和 inside a name is not a separator
        ("国家发展和改革委员会、住房和城乡建设部按职责分工负责", ["国家发展和改革委员会", "住房和城乡建设部"], []),
        ("人力资源和社会保障局牵头，财政局配合", ["人力资源和社会保障局", "财政局"], ["人力资源和社会保障局"]),
        ("牵头单位：办公室；责任单位：人事司、条法司", ["办公室", "人事司", "条法司"], ["办公室"]),
        ("办公室会同人事司负责", ["办公室", "人事司"], []),
        ("办公室负责,2018年12月底前完成", ["办公室"], []),
        ("办公室负责,长期坚持", ["办公室"], []),
        ("人民日报社、日照市政府按职责分工负责", ["人民日报社", "日照市政府"], []),
        # traditional script
        ("辦公室牽頭負責，人事司與人教部負責", ["辦公室", "人事司", "人教部"], ["辦公室"]),
    ],
)
def test_parse_responsible(note, units, lead):
    assert parse_responsible(note) == (units, lead)


def _variant(source: str, table: dict[str, str]) -> str:
    return source.translate(str.maketrans(table))


def test_full_width_punctuation_copy(source, tasks):
    full = _variant(source, {"(": "（", ")": "）", ",": "，", ";": "；", ":": "："})
    full = re.sub(r"^(\s*-?\s*\d+)\.", r"\1．", full, flags=re.M)
    other = parse_workplan(full)
    assert other["number"].tolist() == list(range(1, 42))
    assert other["responsible"].tolist() == tasks["responsible"].tolist()
    assert other["group"].tolist() == tasks["group"].tolist()


def test_traditional_script_copy(source, tasks):
    import opencc

    traditional = opencc.OpenCC("s2t").convert(source)
    other = parse_workplan(traditional)
    assert other["number"].tolist() == list(range(1, 42))
    assert other["responsible"].map(len).tolist() == tasks["responsible"].map(len).tolist()
    assert other["lead"].map(len).tolist() == tasks["lead"].map(len).tolist()


def test_numbering_gap_warns(source):
    gapped = re.sub(r"^- 5\. .*$", "", source, flags=re.M)
    with pytest.warns(ReadWarning, match=r"6 follows 4") as record:
        result = parse_workplan(gapped)
    assert len(result) == 40
    assert result.attrs["warnings"] == [str(w.message) for w in record]


def test_restart_after_heading_is_not_a_gap():
    plan = "一、甲\n1. 做好公开。(办公室负责)\n2. 做好解读。(办公室负责)\n二、乙\n1. 做好回应。(报社负责)\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = parse_workplan(plan)
    assert result["number"].tolist() == [1, 2, 1]
    assert result["part"].tolist() == ["甲", "甲", "乙"]


def test_no_task_warns_and_returns_empty_frame():
    with pytest.warns(ReadWarning, match="no numbered task"):
        result = parse_workplan("各部门单位要高度重视政务公开工作。")
    assert result.empty and list(result.columns) == list(WORKPLAN_COLUMNS)


def test_task_without_bracket_keeps_missing_responsible():
    result = parse_workplan("1. 做好政务公开工作。\n2. 做好解读。(办公室负责)\n")
    assert result.loc[0, "responsible"] is None and pd.isna(result.loc[0, "responsible_text"])
    assert result.loc[1, "responsible"] == ["办公室"]


@pytest.mark.parametrize(
    "printed, text",
    [
        ("1. 升级Windows\nXP系统。(办公室负责)", "升级Windows XP系统。"),
        ("1. 按照(国办发[2\n017]47号)要求做好工作。(办公室负责)", "按照(国办发[2017]47号)要求做好工作。"),
        ("1. 部署互联网协议第六版(IPv6),年内完成 2 项改造。(办公室负责)", "部署互联网协议第六版(IPv6),年内完成2项改造。"),
        ("1. 公开 2018 2019 两年的数据。(办公室负责)", "公开2018 2019两年的数据。"),
    ],
)
def test_wrapped_latin_and_digits(printed, text):
    assert parse_workplan(printed)["text"].tolist() == [text]


def test_rejects_non_text():
    with pytest.raises(TypeError, match="bytes"):
        parse_workplan(b"1. x")


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_rewrapped_tasks_parse_back(tasks, data):
    # Re-print real tasks with random line wraps, blank lines, page footers
    # and bullets: the parse must give back the same text and units.
    numbers = data.draw(st.lists(st.integers(1, 41), min_size=1, max_size=6, unique=True))
    numbers.sort()
    lines = ["2018年政务公开工作要点", "一、着力推进政务公开"]
    for new_number, number in enumerate(numbers, start=1):
        row = tasks.loc[number]
        body = f"{row['text']}({row['responsible_text']})"
        # Layouts wrap Chinese anywhere but Latin words only at spaces (a
        # break inside "IPv6" cannot be told from one between two words).
        allowed = [
            i for i in range(8, len(body) - 7)
            if not (body[i - 1].isascii() and body[i - 1].isalpha() and body[i].isascii() and body[i].isalnum())
        ]
        cuts = sorted(data.draw(st.sets(st.sampled_from(allowed), max_size=4)))
        cuts = [c for i, c in enumerate(cuts) if i == 0 or c - cuts[i - 1] >= 8]
        pieces = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)])]
        bullet = data.draw(st.sampled_from(["", "- ", " - "]))
        lines.append(f"{bullet}{new_number}. {pieces[0]}")
        for piece in pieces[1:]:
            gap = data.draw(st.sampled_from(["", "\n", "\n— 7 —\n", "\n- 12 -\n", "\n3\n"]))
            lines.append(f"{gap}{piece}")
    lines.append("各部门单位要高度重视政务公开工作。")
    parsed = parse_workplan("\n".join(lines))
    assert parsed["number"].tolist() == list(range(1, len(numbers) + 1))
    assert parsed["text"].tolist() == [tasks.loc[n, "text"] for n in numbers]
    assert parsed["responsible"].tolist() == [tasks.loc[n, "responsible"] for n in numbers]


# --- alignment on the bundled annual reports ---------------------------------

REPORTS = {
    "000": "000_0bd4f94ff1c1a797.txt",
    "001": "001_dfbf40df936f33b0.txt",
    "002": "002_2b0f011715eb5630.txt",
    "004": "004_8d175a9aad868b26.txt",
}


@pytest.fixture(scope="module")
def report_texts() -> dict[str, str]:
    root = importlib.resources.files("ogi_nlp.corpora")
    return {key: (root / name).read_text(encoding="utf-8") for key, name in REPORTS.items()}


@pytest.fixture(scope="module")
def sentences(report_texts) -> pd.DataFrame:
    from ogi_nlp.sentences import sentence_spans

    rows = [
        {"report": key, "text": s.text, "start": s.start, "end": s.end}
        for key, text in report_texts.items()
        for s in sentence_spans(text)
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def alignment(tasks, sentences):
    from ogi_nlp.workplan import align_workplan

    return align_workplan(tasks.reset_index(drop=True), sentences, top_k=3)


@pytest.mark.parametrize(
    "number, report, expected",
    [
        # 加强局门户网站内容建设 -> the report's website overhaul
        (26, "004", "全面升级改版政府门户网站"),
        (4, "000", "人大代表建议和政协委员提案办理结果公开"),
        (4, "002", "人大代表建议和政协委员提案"),
        (16, "000", "网民留言、咨询的受理、转办和反馈机制"),
        (30, "000", "谁开设、谁管理"),
        (35, "000", "开设依申请公开网页"),
        (36, "000", "保密审查制度"),
        (37, "004", "信息公开前要依法依规严格审查"),
        (39, "004", "编制主动公开基本目录"),
        (40, "000", "参加专题培训"),
    ],
)
def test_best_sentence_is_on_topic(alignment, number, report, expected):
    best = alignment[(alignment["number"] == number) & (alignment["report"] == report)]
    assert best["rank"].tolist()[0] == 1
    assert expected in best["sentence"].tolist()[0]


def test_website_sentence_beats_unrelated_sentences(tasks, report_texts):
    from ogi_nlp.workplan import align_workplan

    # One website sentence among unrelated real sentences of the same report.
    lines = [
        "根据政务公开办公室统一统筹安排，全面升级改版政府门户网站，优化调整栏目设置，精简首页展示内容，突出重点栏目，强化信息查询、浏览功能，丰富重点领域信息公开内容。",
        "加大培训力度，加强对工作人员培训，提高信息公开工作业务技能，准确把握新条例各项规定，既在公开数量上有所提升，更在公开质量上有所优化。",
        "根据政府信息公开办要求依申请程序，优化了依申请公开工作流程，规范依申请答复内容，严格按照信息公开申请办理时限，依法依规依程序做好政府信息公开申请答复工作。",
    ]
    for line in lines:
        assert line[:30] in report_texts["004"]
    sents = pd.DataFrame({"report": "004", "text": lines})
    result = align_workplan(tasks.loc[[26]].reset_index(drop=True), sents, top_k=3, min_similarity=0.0)
    assert result["sentence_id"].tolist()[0] == 0
    assert result["similarity"].is_monotonic_decreasing
    assert result["similarity"].iloc[0] > 2 * result["similarity"].iloc[1]


def test_alignment_shape_and_order(alignment, tasks, sentences):
    from ogi_nlp.workplan import ALIGNMENT_COLUMNS

    assert list(alignment.columns) == [*ALIGNMENT_COLUMNS, "start", "end"]
    keys = ["number", "report", "rank"]
    assert alignment[keys].equals(alignment.sort_values(keys)[keys].reset_index(drop=True))
    for _, group in alignment.groupby(["number", "report"]):
        assert group["rank"].tolist() == list(range(1, len(group) + 1))
        assert len(group) <= 3
        assert group["similarity"].is_monotonic_decreasing
    assert (alignment["similarity"] >= 0.1).all() and (alignment["similarity"] <= 1.0 + 1e-9).all()
    # every match traces back to its sentence and span
    for row in alignment.sample(25, random_state=0).itertuples():
        source = sentences.loc[row.sentence_id]
        assert (source["text"], source["start"], source["end"]) == (row.sentence, row.start, row.end)
        assert source["report"] == row.report


def test_alignment_is_deterministic_and_order_free(tasks, sentences, alignment):
    from ogi_nlp.workplan import align_workplan

    shuffled = sentences.sample(frac=1.0, random_state=1)
    again = align_workplan(tasks.reset_index(drop=True), shuffled, top_k=3)
    top = ["number", "report", "sentence_id"]
    first = alignment[alignment["rank"] == 1][top].reset_index(drop=True)
    second = again[again["rank"] == 1][top].reset_index(drop=True)
    assert (first == second).mean().min() > 0.95  # ties may reorder
    pd.testing.assert_frame_equal(alignment, align_workplan(tasks.reset_index(drop=True), sentences, top_k=3))


def test_verbatim_task_scores_one(tasks, sentences):
    from ogi_nlp.workplan import align_workplan

    echo = pd.DataFrame({"report": ["copy"], "text": [tasks.loc[28, "text"]]})
    result = align_workplan(tasks.reset_index(drop=True), pd.concat([sentences, echo], ignore_index=True))
    row = result[(result["report"] == "copy") & (result["number"] == 28)]
    assert row["similarity"].iloc[0] == pytest.approx(1.0)


def test_short_cells_are_not_candidates(tasks, sentences):
    from ogi_nlp.workplan import align_workplan

    one = tasks.loc[[22]].reset_index(drop=True)
    loose = align_workplan(one, sentences, min_words=0)
    strict = align_workplan(one, sentences)
    assert "企业" in loose["sentence"].tolist()  # a table cell of 001/004
    assert "企业" not in strict["sentence"].tolist()


def test_custom_tokenizer(tasks, sentences):
    from ogi_nlp.workplan import align_workplan

    result = align_workplan(tasks.loc[[39]].reset_index(drop=True), sentences, tokenizer=_bigrams)
    best = result[result["report"] == "004"]
    assert "编制主动公开基本目录" in best["sentence"].iloc[0]


def _bigrams(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(len(text) - 1)]


def test_coverage_table(alignment, tasks):
    from ogi_nlp.workplan import workplan_coverage

    table = workplan_coverage(alignment)
    assert table.shape == (41, 4)
    assert table.index.tolist() == list(range(1, 42)) and table.columns.tolist() == list(REPORTS)
    best = alignment[alignment["rank"] == 1].set_index(["number", "report"])["similarity"]
    for (number, report), value in best.items():
        assert table.loc[number, report] == value
    missing = table.isna()
    assert missing.to_numpy().sum() == 41 * 4 - len(best)
    covered = workplan_coverage(alignment, threshold=0.4)
    assert covered.dtypes.eq(bool).all()
    assert covered.loc[39, "004"] and covered.loc[37, "004"]
    assert not covered.loc[17].any()
    assert covered.to_numpy().sum() == (table >= 0.4).to_numpy().sum()


def test_coverage_refuses_threshold_below_floor(alignment):
    from ogi_nlp.workplan import workplan_coverage

    with pytest.raises(ValueError, match="min_similarity"):
        workplan_coverage(alignment, threshold=0.05)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"top_k": 0}, "top_k"),
        ({"min_similarity": 1.5}, "min_similarity"),
        ({"min_words": -1}, "min_words"),
        ({"report_col": "doc"}, "doc"),
    ],
)
def test_align_rejects_bad_options(tasks, sentences, kwargs, message):
    from ogi_nlp.workplan import align_workplan

    with pytest.raises(ValueError, match=message):
        align_workplan(tasks.reset_index(drop=True), sentences, **kwargs)


def test_align_rejects_repeated_numbers(sentences):
    from ogi_nlp.workplan import align_workplan

    repeated = pd.DataFrame({"number": [1, 1], "text": ["做好公开。", "做好解读。"]})
    with pytest.raises(ValueError, match="renumber"):
        align_workplan(repeated, sentences)


UNIT_POOL = [
    "办公室", "人事司", "条法司", "专利局办公室", "检索咨询中心", "报社", "信息产生部门",
    "住房和城乡建设局", "国家发展和改革委员会", "人力资源和社会保障局", "各区县政府", "市政务服务中心",
]


@settings(max_examples=80, deadline=None)
@given(
    units=st.lists(st.sampled_from(UNIT_POOL), min_size=1, max_size=5, unique=True),
    joiner=st.sampled_from(["、", "和", "与", "及"]),
    verb=st.sampled_from(["负责", "按职责分工负责", "按职责分别负责", "分别落实", "牵头负责"]),
)
def test_parse_responsible_round_trip(units, joiner, verb):
    # 和/与/及 only join the last two units, as in print; names holding 和 stay whole.
    if len(units) > 1:
        note = "、".join(units[:-1]) + joiner + units[-1] + verb
    else:
        note = units[0] + verb
    found, lead = parse_responsible(note)
    assert found == units
    assert lead == (units if verb == "牵头负责" else [])
