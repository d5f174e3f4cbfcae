"""Cell values and label matching: table-driven cases and hypothesis round trips."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from ogi_nlp.tables.cells import parse_cell, parse_number
from ogi_nlp.tables.labels import best_match, normalise_label, similarity, split_numbering
from ogi_nlp.tables.t2021 import REQUEST_ROWS

_FW = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@pytest.mark.parametrize(
    "raw, status, value",
    [
        ("17", "ok", 17),
        (" 0", "ok", 0),  # seed 004 prints a space before some zeros
        ("7730.28", "ok", 7730.28),
        ("96171.6", "ok", 96171.6),
        ("3985758", "ok", 3985758),
        ("1,056", "ok", 1056),
        ("１２", "ok", 12),
        ("十二", "ok", 12),
        ("一千零五", "ok", 1005),
        ("-3", "ok", -3),
        ("5件", "ok", 5),
        ("5（件）", "ok", 5),
        ("12.5万元", "ok", 12.5),  # the 万元 unit is the column's: the number stays as printed
        ("1.2万", "ok", 12000),
        ("3.5万件", "ok", 35000),
        ("-", "missing", None),
        ("—", "missing", None),
        ("——", "missing", None),
        ("/", "missing", None),
        ("／", "missing", None),
        ("无", "missing", None),
        ("", "missing", None),
        ("\u3000", "missing", None),
        (None, "missing", None),
        ("行政规范性文件", "text", None),
        ("1.属于国家秘密", "text", None),
        ("（不同渠道和方式公开相同信息计1条）", "text", None),
        ("0.其他处理总计", "text", None),
    ],
)
def test_parse_cell(raw: str | None, status: str, value: float | None) -> None:
    cv = parse_cell(raw)
    assert cv.status == status
    assert cv.value == value
    if value is not None:
        assert type(cv.value) is type(value)


_integers = st.integers(min_value=0, max_value=10**12)


@given(_integers)
def test_integer_forms_parse_back(n: int) -> None:
    forms = [str(n), f"{n:,}", str(n).translate(_FW), f"{n:,}".translate(_FW), f" {n} "]
    for form in forms:
        cv = parse_cell(form)
        assert (cv.status, cv.value) == ("ok", n), form


@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_numerals_parse_back(n: int) -> None:
    import cn2an

    assert parse_number(cn2an.an2cn(n)) == n


@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False))
def test_decimals_parse_back(d) -> None:
    text = f"{d:.2f}"
    assert parse_cell(text).value == pytest.approx(float(text))


@given(st.sampled_from(["-", "—", "/", "无", "", " ", "\u3000", "——", "－", "／"]))
def test_missing_markers_are_missing_never_zero(marker: str) -> None:
    cv = parse_cell(marker)
    assert cv.status == "missing" and cv.value is None


@pytest.mark.parametrize(
    "printed, key",
    [
        ("2.其他法律行政止公开", "result.withheld.law_prohibited"),  # PDF lost 法规禁
        ("4.无正当理由大量反复 申请", "result.not_processed.excessive"),
        ("5.要求行政机关确认或重 新出具\n已获取信息", "result.not_processed.confirmation"),
        ("（二）部分公开（区分处理的，只计这一情 形，不\n计其他情形）", "result.partial"),
        ("3.危及“三安全一稳定”", "result.withheld.security_stability"),
        ("3.危及\"三安全一稳定\"", "result.withheld.security_stability"),
        ("四、结转下年度继续办理", "carried_out"),
        ("0.其他处理总计", "result.other"),
    ],
)
def test_request_labels_match_tolerantly(printed: str, key: str) -> None:
    _, rest = split_numbering(printed)
    got, _ = best_match(rest, {r.key: r.aliases for r in REQUEST_ROWS})
    assert got == key


def test_unrelated_label_does_not_match() -> None:
    assert best_match("北京市知识产权局", {r.key: r.aliases for r in REQUEST_ROWS})[0] is None
    assert similarity("", "规章") == 0.0
    assert normalise_label(None) == ""
