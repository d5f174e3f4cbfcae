"""Numbers as printed: ``1,234``, ``１２``, ``7730.28``, ``十二``, ``一千二百``, and back.

Chinese numerals are read and written by cn2an (a dependency), never by hand.
cn2an is imported on first use: it takes a fifth of a second to import and
most documents print Arabic digits only.  A numeral of one character (the
一、 of a section heading), and the common ones of several (十一 to 九十九, round
hundreds, thousands and ten thousands), are looked up in tables of cn2an's own
answers, so that a build whose numerals are all such never imports it.

Examples
--------
>>> parse_number("1,056"), parse_number("一千二百"), parse_number("０.５０")
(1056, 1200, 0.5)
>>> chinese_to_number("二十三"), chinese_to_number("两"), number_to_chinese(12)
(23, 2, '十二')
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ARABIC_NUMBER", "CN_NUMBER_CHARS", "parse_number", "arabic_to_number", "chinese_to_number",
    "number_to_chinese", "SPELLED_YEAR", "years_to_arabic",
]

#: An Arabic number: sign, thousands commas, decimals (``-3``, ``1,234``, ``7730.28``).
ARABIC_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
#: Every character a Chinese number may be written with (点 is the decimal point).
CN_NUMBER_CHARS = "零〇一二两三四五六七八九十百千万亿点"
_WS = re.compile(r"\s+")


def parse_number(text: str) -> int | float | None:
    """Read a whole string as one number, or return None.

    The text is NFKC-normalised (full-width digits become ASCII) and its
    whitespace removed first.

    Parameters
    ----------
    text : str
        E.g. ``"1,234"``, ``"１２"``, ``"7730.28"``, ``"十二"``, ``"-3"``.

    Returns
    -------
    int, float or None
        ``int`` for whole numbers printed without a decimal point.

    Examples
    --------
    >>> parse_number("1,056"), parse_number("一千二百"), parse_number("0.50")
    (1056, 1200, 0.5)
    >>> parse_number("规章") is None
    True
    """
    s = _WS.sub("", unicodedata.normalize("NFKC", text))
    if ARABIC_NUMBER.fullmatch(s):
        return arabic_to_number(s)
    if s and all(c in CN_NUMBER_CHARS for c in s):
        return _chinese(s)
    return None


def arabic_to_number(s: str) -> int | float:
    """An :data:`ARABIC_NUMBER` as ``int`` (no decimal point) or ``float``.

    >>> arabic_to_number("1,056"), arabic_to_number("2.50")
    (1056, 2.5)
    """
    s = s.replace(",", "")
    if "." in s:
        return float(s)
    return int(s)


def chinese_to_number(s: str) -> int | float | None:
    """A Chinese numeral (``十二``, ``两``, ``零``, ``一千二百``, ``一点五``), or None.

    Arabic digits are read too (``"12"``), so that a printed number of either
    kind gives its value.  A lone ``〇`` is no number (in a table cell it is a
    misprint or a circle, never a printed zero).

    >>> chinese_to_number("十"), chinese_to_number("零"), chinese_to_number("〇"), chinese_to_number("十十")
    (10, 0, None, None)
    """
    if s.isdigit():
        return int(s)
    return _chinese(s)


# cn2an's answers for the numerals of one character (a test checks them against
# cn2an): the digits and 十; 〇 alone, and 百 千 万 亿 点 alone, are no number.
_ONE_CHARACTER: dict[str, int | None] = {
    "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "十": 10, "〇": None, "百": None, "千": None, "万": None, "亿": None, "点": None,
}


# cn2an's answers for the numerals of several characters that reports print most (section
# numbers 十一、 to 九十九、, counts such as 二十 or 三百): eleven to ninety-nine, then the round
# hundreds, thousands and ten thousands, each written as cn2an.an2cn writes it; a test checks
# every entry against cn2an.cn2an.  A build whose numerals are all here never imports cn2an
# (a tenth to a fifth of a second in every worker process); any other numeral goes to cn2an.
_SEVERAL_CHARACTERS: dict[str, int] = {
    **dict(zip(
        "十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 二十一 二十二 二十三 二十四 二十五 二十六 二十七 "
        "二十八 二十九 三十 三十一 三十二 三十三 三十四 三十五 三十六 三十七 三十八 三十九 四十 四十一 四十二 "
        "四十三 四十四 四十五 四十六 四十七 四十八 四十九 五十 五十一 五十二 五十三 五十四 五十五 五十六 五十七 "
        "五十八 五十九 六十 六十一 六十二 六十三 六十四 六十五 六十六 六十七 六十八 六十九 七十 七十一 七十二 "
        "七十三 七十四 七十五 七十六 七十七 七十八 七十九 八十 八十一 八十二 八十三 八十四 八十五 八十六 八十七 "
        "八十八 八十九 九十 九十一 九十二 九十三 九十四 九十五 九十六 九十七 九十八 九十九".split(),
        range(11, 100))),
    **dict(zip("一百 二百 三百 四百 五百 六百 七百 八百 九百".split(), range(100, 1000, 100))),
    **dict(zip("一千 二千 三千 四千 五千 六千 七千 八千 九千".split(), range(1000, 10000, 1000))),
    **dict(zip("一万 二万 三万 四万 五万 六万 七万 八万 九万".split(), range(10000, 100000, 10000))),
}


@lru_cache(maxsize=4096)
def _chinese(s: str) -> int | float | None:
    if len(s) == 1 and s in _ONE_CHARACTER:
        return _ONE_CHARACTER[s]
    known = _SEVERAL_CHARACTERS.get(s.replace("两", "二"))
    if known is not None:
        return known
    import cn2an  # on first use: slow to import (0.2 s), and most numbers are Arabic

    try:
        v = cn2an.cn2an(s.replace("两", "二"), "strict")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if isinstance(v, float) and v.is_integer() and "点" not in s:
        return int(v)
    return v


@lru_cache(maxsize=256)
def number_to_chinese(n: int) -> str:
    """A positive whole number in Chinese numerals (``12`` -> ``十二``).

    >>> number_to_chinese(3), number_to_chinese(20), number_to_chinese(105)
    ('三', '二十', '一百零五')
    """
    import cn2an  # on first use: slow to import (0.2 s)

    return cn2an.an2cn(n)


# Years spelled digit by digit (二〇二二年), with the look-alikes of 〇 that
# converters and typists leave: ○ (circle), О (Cyrillic O), Ｏ (full-width O).
_YEAR_DIGITS = {"〇": "0", "零": "0", "○": "0", "О": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4",
                "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
#: A year spelled digit by digit before 年: ``二〇二二`` (1900-2999).
SPELLED_YEAR = re.compile(r"[一二][〇零○ＯО九][〇零○ＯО一二三四五六七八九]{2}(?=\s*年)")


def years_to_arabic(text: str) -> str:
    """Years spelled digit by digit (``二〇二二年``) written in digits, same length.

    >>> years_to_arabic("二〇二二年度报告，共十二件")
    '2022年度报告，共十二件'
    """
    return SPELLED_YEAR.sub(lambda m: "".join(_YEAR_DIGITS.get(c, c) for c in m.group()), text)
