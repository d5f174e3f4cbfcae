"""Never a wrong number: rows that do not fit, units in cells, anchors, non-numeric cells, size.

Each case prints a table row as a real copy would (pipe text, space-separated
text, HTML, DOCX) and states the variables that must come out.
"""
from __future__ import annotations

import io
import time
import warnings

import pandas as pd
import pytest

from ogi_nlp.errors import TableWarning
from ogi_nlp.read import document_from_text
from ogi_nlp.tables import parse_tables

HEAD_2021 = "二、主动公开政府信息情况\n第二十条第（一）项\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
NA = None
AFTER = "五、存在的主要问题及改进情况\n一是解读形式还需丰富。\n"  # the table ends: the text goes on


def _values(res) -> dict:
    return {v: (None if pd.isna(x) else x) for v, x in zip(res.values["variable"], res.values["value"])}


def _parse_text(text: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return parse_tables(document_from_text(text, "t"))


def _html(rows: list[list[str]]) -> bytes:
    head = "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<html><body><p>二、主动公开政府信息情况</p><table>{head}{body}</table></body></html>".encode()


def _docx(rows: list[list[str]]) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("二、主动公开政府信息情况")
    t = d.add_table(rows=1 + len(rows), cols=4)
    for j, c in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        t.cell(0, j).text = c
    for i, r in enumerate(rows, start=1):
        for j, c in enumerate(r):
            t.cell(i, j).text = c
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _parse_bytes(fmt: str, data: bytes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if fmt == "html":
            from ogi_nlp.read.html import read_html

            doc = read_html(data, name="t.html")
        else:
            from ogi_nlp.read.docx import read_docx

            doc = read_docx(data, name="t.docx")
        return parse_tables(doc)


# a non-numeric cell stays in its own column; the others keep theirs
NON_NUMERIC = [
    ("不适用", (NA, 0, 1)),
    ("约30", (NA, 0, 1)),
    ("3*", (NA, 0, 1)),
    ("0（注）", (NA, 0, 1)),
    ("〇", (NA, 0, 1)),
    ("待统计", (NA, 0, 1)),
    ("7²", (NA, 0, 1)),  # not 72
    ("5①", (NA, 0, 1)),  # not 51
    ("12 3", (NA, 0, 1)),  # not 123
    ("3¹⁰", (NA, 0, 1)),  # not 310
]


@pytest.mark.parametrize("cell,want", NON_NUMERIC)
@pytest.mark.parametrize("fmt", ["pipe", "html", "docx"])
def test_non_numeric_cell_keeps_its_column(fmt: str, cell: str, want: tuple) -> None:
    row = ["规章", cell, "0", "1"]
    if fmt == "pipe":
        res = _parse_text(HEAD_2021 + "| " + " | ".join(row) + " |\n")
    else:
        res = _parse_bytes(fmt, (_html if fmt == "html" else _docx)([row]))
    v = _values(res)
    got = tuple(v.get(f"active.regulations.{c}") for c in ("issued", "repealed", "in_force"))
    assert got == want
    assert res.generation == "t2021"


@pytest.mark.parametrize("cell", ["7²", "5①", "约30", "3*"])
def test_non_numeric_cell_in_space_separated_row(cell: str) -> None:
    res = _parse_text(HEAD_2021.replace("| ", "").replace(" |", "") + f"规章 {cell} 0 1\n")
    v = _values(res)
    assert (v["active.regulations.issued"], v["active.regulations.repealed"], v["active.regulations.in_force"]) == (NA, 0, 1)


def test_blank_middle_cell_lost_is_missing_with_a_warning() -> None:
    # | 规章 | 22 | 235 |: the blank cell was not printed, so 235's column cannot be told
    with pytest.warns(TableWarning, match="规章.*2 values for 3 columns"):
        res = parse_tables(document_from_text(HEAD_2021 + "| 规章 | 22 | 235 |\n" + AFTER, "t"))
    v = _values(res)
    assert [v[f"active.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [NA, NA, NA]


def test_row_cut_by_the_end_of_an_excerpt_keeps_its_first_cells() -> None:
    # the text stops inside the table (an excerpt): the cells printed are the row's first ones
    v = _values(_parse_text(HEAD_2021 + "| 规章 | 22 | 235 |\n"))
    assert [v[f"active.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [22, 235, NA]
    # ... but a number at the very end of a text cut inside a line may itself be cut
    v = _values(_parse_text(HEAD_2021 + "| 规章 | 22 | 235 | 1"))
    assert [v[f"active.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [22, 235, 1]
    v = _values(_parse_text(HEAD_2021 + "| 规章 | 22 | 23"))
    assert [v[f"active.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [22, NA, NA]


def test_blank_middle_cell_printed_is_placed_by_position() -> None:
    res = _parse_text(HEAD_2021 + "| 规章 | 22 | | 235 |\n")
    v = _values(res)
    assert [v[f"active.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [22, NA, 235]


@pytest.mark.parametrize("cell,want", [("251000元", 25.1), ("26.55", 26.55), ("26.55万元", 26.55), ("1.2万", 1.2)])
def test_unit_in_cell_wins_over_column(cell: str, want: float) -> None:
    text = "第二十条第（八）项\n| 信息内容 | 本年收费金额（单位：万元） |\n| 行政事业性收费 | " + cell + " |\n"
    res = _parse_text(HEAD_2021 + "| 规章 | 0 | 0 | 1 |\n" + text)
    assert _values(res)["active.fees.amount"] == pytest.approx(want)


def test_unit_in_cell_that_cannot_be_converted_is_missing() -> None:
    text = "第二十条第（八）项\n| 信息内容 | 本年收费金额（单位：万元） |\n| 行政事业性收费 | 12件 |\n"
    with pytest.warns(TableWarning, match="printed in 件"):
        res = parse_tables(document_from_text(HEAD_2021 + "| 规章 | 0 | 0 | 1 |\n" + text, "t"))
    assert _values(res)["active.fees.amount"] is None


BUDGET = (
    "2024年度部门决算\n收入支出决算总表\n| 项目 | 本年收入 | 上年结转 |\n| 一般公共预算财政拨款收入 | 1200 | 3 |\n"
    "| 其他收入 | 15 | 0 |\n| 其他 | 5 | 1 |\n| 总计 | 1220 | 4 |\n| 本年收入合计 | 1220 | 12 | 0 | 1 | 0 | 0 | 1233 |\n"
)


def test_non_ogi_document_yields_nothing_and_says_so() -> None:
    with pytest.warns(TableWarning, match="does not look like an OGI annual report"):
        res = parse_tables(document_from_text(BUDGET, "budget"))
    assert res.generation is None
    assert not (res.values["status"] == "ok").any()


def test_other_income_is_not_other_and_total_alone_is_nothing() -> None:
    text = "| 其他收入 | 1 | 2 | 3 | 4 | 5 | 6 | 21 |\n| 总计 | 1 | 2 | 3 | 4 | 5 | 6 | 21 |\n"
    res = _parse_text(text)
    assert res.values.empty and res.generation is None


def test_annual_report_without_table_values_names_the_expected_tables() -> None:
    text = "某区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n全年主动公开信息12条。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
    with pytest.warns(TableWarning, match="expected the tables 主动公开政府信息情况"):
        parse_tables(document_from_text(text, "t"))


def test_request_row_with_blank_cells_placed_by_the_total() -> None:
    # a copy prints the five empty organisation cells as bare '|' lines: 25 ... 25
    text = ("三、收到和处理政府信息公开申请情况\n申请人情况\n自然人 | 法人或其他组织 | 总计 |\n"
            "一、本年新收政府信息公开申请数量 | 25 |\n|\n|\n|\n|\n| 25 |\n")
    v = _values(_parse_text(text))
    assert v["requests.new.natural_person"] == 25 and v["requests.new.total"] == 25
    assert all(v[f"requests.new.{c}"] is None for c in ("commercial", "research", "nonprofit", "legal_service", "other_org"))


def test_request_row_with_ambiguous_gap_is_missing() -> None:
    text = ("三、收到和处理政府信息公开申请情况\n申请人情况\n自然人 | 法人或其他组织 | 总计 |\n"
            "一、本年新收政府信息公开申请数量 | 5 | 2 | 7 |\n" + AFTER)
    with pytest.warns(TableWarning, match="3 values for 7 columns"):
        res = parse_tables(document_from_text(text, "t"))
    assert all(x is None for k, x in _values(res).items() if k.startswith("requests.new."))


def test_cells_run_together_split_only_when_certain() -> None:
    v = _values(_parse_text("信息内容本年制发件数本年废止件数现行有效件数\n规章000\n行政规范性文件102\n行政许可550\n"))
    assert [v[f"active.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert [v[f"active.normative_documents.{c}"] for c in ("issued", "repealed", "in_force")] == [1, 0, 2]
    assert v["active.licensing.decisions"] == 550


def test_large_text_is_read_in_linear_time() -> None:
    # ~1.2 MB with a table row printed 20,000 times: the duplicate-note scan was quadratic
    unit = "本年度我局认真贯彻落实条例要求，全年主动公开信息12条。\n| 规章 | 0 | 0 | 1 |\n| 行政许可 | 5 |\n"
    doc = document_from_text(HEAD_2021 + unit * 20_000, "big")
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = parse_tables(doc)
    assert time.perf_counter() - t0 < 60
    assert _values(res)["active.regulations.in_force"] == 1
    assert len(res.warnings) < 10


def test_quantities_of_a_long_line_in_linear_time() -> None:
    from ogi_nlp.quantities import compare_text_tables, extract_quantities

    text = ("甲" * 94 + "受理申请5件") * 50_000  # a 5 MB line without one clause break
    t0 = time.perf_counter()
    qs = extract_quantities(text)
    assert len(qs) == 50_000 and qs[-1].what.endswith("受理申请")
    sent = pd.DataFrame({"text": [text[:200_000]]})
    vals = pd.DataFrame({"variable": ["requests.new.total"], "value": [5], "unit": ["件"], "raw": ["5"], "status": ["ok"]})
    out = compare_text_tables(sent, vals)
    assert out["agree"].all() and out["sentence"].str.len().max() <= 1100
    assert time.perf_counter() - t0 < 60


def test_request_gap_unknown_when_the_layout_shows_no_blank_cells() -> None:
    # one cell per line with blank lines between: blank cells are invisible, so 5 … 5 cannot be placed
    text = ("三、收到和处理政府信息公开申请情况\n\n申请人情况\n\n自然人\n\n法人或其他组织\n\n总计\n\n"
            "一、本年新收政府信息公开申请数量\n\n5\n\n5\n\n二、上年结转政府信息公开申请数量\n\n0\n\n0\n\n0\n\n0\n\n0\n\n0\n\n0\n\n"
            "五、存在的主要问题及改进情况\n")
    v = _values(_parse_text(text))
    assert all(v[f"requests.new.{c}"] is None for c in ("natural_person", "commercial", "total"))
    assert v["requests.carried_in.total"] == 0


def test_leading_blank_in_a_row_line_is_not_a_position() -> None:
    # | label | (empty label column) | six values |: is the blank a label column or 自然人? unknown
    text = ("三、收到和处理政府信息公开申请情况\n| 申请人情况 | | 自然人 | 法人或其他组织 | 总计 |\n"
            "| 一、本年新收政府信息公开申请数量 | | 3 | 0 | 0 | 0 | 0 | 3 |\n" + AFTER)
    v = _values(_parse_text(text))
    assert all(v[f"requests.new.{c.key}"] is None for c in __import__("ogi_nlp.tables.t2021", fromlist=["x"]).REQUEST_COLUMNS)


@pytest.mark.parametrize("head", ["四、政府信息公开行政复议、行政诉讼情况\n",
                                  "四、政府信息公开行政复议、行政诉讼情况\n本机关2023年行政复议和行政诉讼情况如下表。\n"])
def test_review_fifteen_numbers_on_one_line_with_header_lost(head: str) -> None:
    nums = [2, 1, 0, 0, 3, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    text = head + " ".join(map(str, nums)) + "\n" + AFTER
    v = _values(_parse_text(text))
    from ogi_nlp.tables.t2021 import REVIEW_COLUMNS

    assert [v[var] for var, _ in REVIEW_COLUMNS] == nums


def test_review_with_fourteen_numbers_is_missing() -> None:
    text = "四、政府信息公开行政复议、行政诉讼情况\n" + " ".join(["1"] * 14) + "\n" + AFTER
    with pytest.warns(TableWarning, match="review table: 14 values for 15 columns"):
        res = parse_tables(document_from_text(text, "t"))
    assert not (res.values["status"] == "ok").any()
