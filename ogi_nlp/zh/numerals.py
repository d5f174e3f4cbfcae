"""Numbers as printed: ``1,234``, ``１２``, ``7730.28``, ``十二``, ``一千二百``, and back.

Chinese numerals are read and written by cn2an (a dependency), never by hand.
cn2an is imported on first use: it takes a fifth of a second to import and
most documents print Arabic digits only.  A numeral of one character (the
一、 of a section heading) is looked up in a table of cn2an's own answers,
so that a build whose numerals are all single characters never imports it.

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


@lru_cache(maxsize=4096)
def _chinese(s: str) -> int | float | None:
    if len(s) == 1 and s in _ONE_CHARACTER:
        return _ONE_CHARACTER[s]
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
