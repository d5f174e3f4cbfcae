"""Chinese-text primitives: the bottom layer every stage of ogi_nlp imports.

Each kind of knowledge about printed Chinese text lives in one module here,
so that a rule is changed in one place:

==============  ============================================================
module          what it holds
==============  ============================================================
chars.py        whitespace set, full-width -> half-width digits, CJK test
enumerators.py  the grammar of enumerators and headings (一、 （一） 1. 第一部分 一是)
numerals.py     numbers as printed: 1,234 / １２ / 十二 / 一千二百 (via cn2an), and back
units.py        count and money units, 万/亿 multipliers
pages.py        page-number lines (``— 4 —``, ``第4页 共12页``, ``4/12``)
script.py       traditional -> simplified script, keeping every offset
==============  ============================================================

This package imports nothing else from ogi_nlp (a test checks it).

Examples
--------
>>> from ogi_nlp.zh import parse_number, ENUMERATOR
>>> parse_number("一千二百"), bool(ENUMERATOR.match("（二）主动公开"))
(1200, True)
"""
from __future__ import annotations

from .chars import CJK, WHITESPACE, WHITESPACE_RE, fullwidth_digits_to_ascii, is_cjk
from .enumerators import (
    CLAUSE_ENUMERATOR,
    ENUMERATOR,
    PAREN_ENUMERATOR,
    PART_ENUMERATOR,
    TOP_ENUMERATOR,
)
from .numerals import chinese_to_number, number_to_chinese, parse_number
from .pages import is_page_number
from .script import detect_script, to_simplified
from .units import MULTIPLIERS, UNITS

__all__ = [
    "CJK", "WHITESPACE", "WHITESPACE_RE", "fullwidth_digits_to_ascii", "is_cjk",
    "ENUMERATOR", "TOP_ENUMERATOR", "PAREN_ENUMERATOR", "PART_ENUMERATOR", "CLAUSE_ENUMERATOR",
    "parse_number", "chinese_to_number", "number_to_chinese",
    "UNITS", "MULTIPLIERS", "is_page_number", "to_simplified", "detect_script",
]
