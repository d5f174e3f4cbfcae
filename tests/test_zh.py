"""Tests for ogi_nlp.zh, the Chinese-text primitives every stage imports."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi_nlp.zh.chars import WHITESPACE, WHITESPACE_RE, fullwidth_digits_to_ascii
from ogi_nlp.zh.enumerators import (
    ARABIC_ENUMERATOR,
    CLAUSE_ENUMERATOR,
    ENUMERATOR,
    HEADING_MARKER,
    LABEL_NUMBER,
    PAREN_ENUMERATOR,
    PART_ENUMERATOR,
    SECTION_NUMBER,
    TOP_ENUMERATOR,
)
from ogi_nlp.zh.numerals import chinese_to_number, number_to_chinese, parse_number, years_to_arabic
from ogi_nlp.zh.pages import BARE_PAGE_NUMBER, is_page_number
from ogi_nlp.zh.script import detect_script, to_simplified
from ogi_nlp.zh.units import UNIT_ALTERNATION, UNITS

# real headings and list items of the bundled reports and work plan
ENUMERATED = [
    ("一、总体情况", "top"),
    ("二、主动公开政府信息情况", "top"),
    ("（一）主动公开情况", "paren"),
    ("(三)围绕建设法治政府全面推进政务公开", "paren"),
    ("1. 把公开透明作为政府工作的基本制度", "arabic"),
    ("2、依申请公开情况", "arabic"),
    ("第一部分 总体情况", "part"),
    ("一是加强政策解读。", "clause"),
    ("2021年，本机关主动公开政府信息", None),
    ("1.5万元用于网站运维。", None),
]
PATTERNS = {
    "top": TOP_ENUMERATOR, "paren": PAREN_ENUMERATOR, "arabic": ARABIC_ENUMERATOR,
    "part": PART_ENUMERATOR, "clause": CLAUSE_ENUMERATOR,
}


@pytest.mark.parametrize("text,kind", ENUMERATED)
def test_each_enumerator_is_told_apart(text, kind):
    matched = {k for k, p in PATTERNS.items() if p.match(text)}
    assert matched == ({kind} if kind else set())
    assert bool(ENUMERATOR.match(text)) == (kind not in (None, "clause"))


@pytest.mark.parametrize(
    "text,group,number",
    [("四、政府信息公开行政复议、行政诉讼情况", "cn", "四"), ("2、主动公开情况", "ar", "2"),
     ("第三部分 存在的主要问题", "part", "三"), ("十二、其他需要报告的事项", "cn", "十二")],
)
def test_section_number_groups(text, group, number):
    assert SECTION_NUMBER.match(text)[group] == number


def test_heading_marker_reads_full_width_and_colons():
    assert HEADING_MARKER.match("（２）、政策解读")
    assert HEADING_MARKER.match("一：基本情况")
    assert not HEADING_MARKER.match("2018年，全区受理申请")


def test_label_number_is_not_a_decimal():
    assert LABEL_NUMBER.match("1.行政许可") and LABEL_NUMBER.match("(一)规章")
    assert not LABEL_NUMBER.match("1.5")


@given(st.integers(min_value=1, max_value=99_999_999))
@settings(max_examples=200, deadline=None)
def test_chinese_numerals_round_trip(n):
    assert chinese_to_number(number_to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**9))
@settings(max_examples=200, deadline=None)
def test_parse_number_reads_every_printed_form(n):
    for form in (str(n), f"{n:,}", fullwidth := str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
                 f" {n} "):
        assert parse_number(form) == n, form
    assert fullwidth_digits_to_ascii(fullwidth) == str(n)


@given(st.text(alphabet="０１２３４５６７８９，．％年件0123456789", max_size=30))
def test_fullwidth_digits_keep_the_length(text):
    assert len(fullwidth_digits_to_ascii(text)) == len(text)


def test_numbers_that_are_not():
    assert parse_number("规章") is None and chinese_to_number("十十") is None and chinese_to_number("〇") is None
    assert chinese_to_number("两") == 2


def test_spelled_years():
    assert years_to_arabic("二〇二二年度") == "2022年度"
    assert years_to_arabic("二○一九年") == "2019年"  # a circle for the zero


def test_units_one_list_longest_first():
    assert len(set(UNITS)) == len(UNITS)
    alternatives = UNIT_ALTERNATION.split("|")
    assert [len(a) for a in alternatives] == sorted((len(a) for a in alternatives), reverse=True)


@pytest.mark.parametrize("line", ["— 4 —", "- 12 -", "第3页 共12页", "第 2 页", "Page 2 of 9", "~5~"])
def test_page_number_lines(line):
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["2021年", "受理申请4件", "一、总体情况", "4"])
def test_not_page_number_lines(line):
    assert not is_page_number(line)


def test_bare_page_numbers():
    assert BARE_PAGE_NUMBER.match("4") and BARE_PAGE_NUMBER.match("4/12")
    assert not BARE_PAGE_NUMBER.match("2018年")


def test_whitespace_of_every_width():
    assert WHITESPACE_RE.sub("", "一、\u3000总体\xa0情况 ") == "一、总体情况"
    assert "\u3000\ufeff\u200b".strip(WHITESPACE) == ""


def test_script_keeps_the_length():
    text = "本機關收到政府資訊公開申請5件，辦結率100%。"
    assert len(to_simplified(text)) == len(text)
    assert detect_script(text) == "traditional" and detect_script(to_simplified(text)) == "simplified"


def test_one_character_numerals_are_cn2an_s_answers():
    # the table that spares a build cn2an's import gives what cn2an gives
    import cn2an

    from ogi_nlp.zh.numerals import _ONE_CHARACTER

    for s, value in _ONE_CHARACTER.items():
        try:
            expected = cn2an.cn2an(s.replace("两", "二"), "strict")
        except (ValueError, KeyError, IndexError, TypeError):
            expected = None
        if isinstance(expected, float) and expected.is_integer():
            expected = int(expected)
        assert value == expected and type(value) is type(expected), s
        assert chinese_to_number(s) == expected
    # every character a Chinese number is written with is in the table
    assert set(_ONE_CHARACTER) == set("零〇一二两三四五六七八九十百千万亿点")


def test_several_character_numerals_are_cn2an_s_answers():
    # the table of common numerals that spares a build cn2an's import gives what cn2an gives,
    # and holds each number as cn2an writes it
    import cn2an

    from ogi_nlp.zh.numerals import _SEVERAL_CHARACTERS, _chinese

    assert len(_SEVERAL_CHARACTERS) == 89 + 27
    for s, value in _SEVERAL_CHARACTERS.items():
        expected = cn2an.cn2an(s, "strict")
        assert value == expected and type(value) is type(expected) is int, s
        assert cn2an.an2cn(value) == s
        assert _chinese.__wrapped__(s) == expected
        assert _chinese.__wrapped__(s.replace("二", "两")) == cn2an.cn2an(s, "strict")


@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿点", min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_chinese_numerals_read_as_cn2an_reads_them(s):
    # with the tables of answers or without: a numeral's value is cn2an's
    import cn2an

    from ogi_nlp.zh.numerals import _chinese

    try:
        expected = cn2an.cn2an(s.replace("两", "二"), "strict")
    except (ValueError, KeyError, IndexError, TypeError):
        expected = None
    if isinstance(expected, float) and expected.is_integer() and "点" not in s:
        expected = int(expected)
    if len(s) == 1 and s in "〇百千万亿点":
        expected = None  # no number alone (see _ONE_CHARACTER)
    got = _chinese.__wrapped__(s)
    assert got == expected and type(got) is type(expected)
