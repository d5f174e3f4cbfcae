"""The grammar of enumerators and headings: 一、 （一） 1. 第一部分 一是.

Reports number their parts with a small set of enumerators.  The pieces of
that grammar are written here once, as pattern strings, and every regular
expression of ogi_nlp that reads an enumerator is one of the named compiled
patterns below, built from them:

=====================  ===============================  =========================================
pattern                matches (at the start)           used by
=====================  ===============================  =========================================
``TOP_ENUMERATOR``     ``一、`` ``二.``                  top-level headings
``PAREN_ENUMERATOR``   ``（一）`` ``(2)``                sub-headings (sections: never a section)
``ARABIC_ENUMERATOR``  ``1、`` ``2.`` (not ``1.5``)      list items
``PART_ENUMERATOR``    ``第一部分`` ``第2章``            parts of a document
``CLAUSE_ENUMERATOR``  ``一是``                          clauses inside a sentence (never a heading)
``ENUMERATOR``         any of the four above
``SECTION_NUMBER``     ``第一部分`` / ``一、`` / ``2、``  sections: the number in named groups
                       (``part``, ``cn``, ``ar``)
``HEADING_MARKER``     the lenient form a sentence may  sentences: is a sentence a heading?
                       open with (``一：``, ``（２）、``,
                       ``第三篇``, full-width digits)
``HEADING_START``      ``一、`` or ``（一）``            metadata: a title line stops here
``SECTION_HEAD``       ``一、`` ``（一）`` ``第一章``     readers: a numbered heading line, never a
                       ``2、``                          wrapped table cell
``LABEL_NUMBER``       ``(一)`` ``一、`` ``1.``          tables: a row label's numbering
``LABEL_NUMBERING``    the same, with comma forms,      tables: split a label from its number
                       as group ``num``
=====================  ===============================  =========================================

Examples
--------
>>> [bool(TOP_ENUMERATOR.match(s)) for s in ["一、总体情况", "（一）主动公开", "一是加强"]]
[True, False, False]
>>> SECTION_NUMBER.match("2、主动公开情况")["ar"], SECTION_NUMBER.match("第三部分 其他")["part"]
('2', '三')
>>> bool(ARABIC_ENUMERATOR.match("1.5万元")), bool(CLAUSE_ENUMERATOR.match("二是做好解读"))
(False, True)
"""
from __future__ import annotations

import re

__all__ = [
    "CN_DIGITS", "CN_NUMERALS", "FINANCIAL_DIGITS",
    "TOP", "PAREN", "ARABIC", "PART", "CLAUSE",
    "TOP_ENUMERATOR", "PAREN_ENUMERATOR", "ARABIC_ENUMERATOR", "PART_ENUMERATOR", "CLAUSE_ENUMERATOR",
    "ENUMERATOR", "SECTION_NUMBER", "HEADING_MARKER", "HEADING_START", "SECTION_HEAD", "TOP_HEAD",
    "LABEL_NUMBER", "LABEL_NUMBERING",
]

# --- the characters -------------------------------------------------------

#: Chinese numerals that number headings and list items (一 … 十; 十二 is two of them).
CN_DIGITS = "一二三四五六七八九十"
#: Every character of a small Chinese numeral (adds 百 零 〇 两).
CN_NUMERALS = CN_DIGITS + "百零〇两"
#: The financial (大写) forms some work plans number their parts with.
FINANCIAL_DIGITS = "壹贰叁肆伍陆柒捌玖拾"

# --- the pieces (pattern strings, no anchor) ------------------------------

#: ``一、`` ``二.`` ``三．``: a top-level enumerator.
TOP = rf"[{CN_DIGITS}]{{1,3}}\s*[、.．]"
#: ``（一）`` ``(2)``: a bracketed enumerator, either width of bracket.
PAREN = rf"[（(]\s*[{CN_DIGITS}\d]{{1,3}}\s*[）)]"
#: ``1、`` ``2.`` ``3．``, never the integer part of a decimal (``1.5``).
ARABIC = r"\d{1,2}\s*(?:[、．]|\.(?!\d))"
#: ``第一部分`` ``第2章`` ``第三节`` ``第四篇``.
PART = rf"第(?:[{CN_DIGITS}]{{1,3}}|\d{{1,2}})(?:部分|章|节|篇)"
#: ``一是`` ``二是``: a clause enumerator inside running text.
CLAUSE = rf"[{CN_DIGITS}]{{1,3}}是"

# --- the named patterns ---------------------------------------------------

TOP_ENUMERATOR = re.compile(rf"^\s*{TOP}")
PAREN_ENUMERATOR = re.compile(rf"^\s*{PAREN}")
ARABIC_ENUMERATOR = re.compile(rf"^\s*{ARABIC}")
PART_ENUMERATOR = re.compile(rf"^\s*{PART}")
CLAUSE_ENUMERATOR = re.compile(rf"^\s*{CLAUSE}")
#: Any enumerator of a heading or list item (not ``一是``).
ENUMERATOR = re.compile(rf"^\s*(?:{PART}|{PAREN}|{TOP}|{ARABIC})")

#: A top-level section number: ``第一部分``, ``一、`` (also ``一，``), ``2、`` (also
#: ``2，``); the number in group ``part``, ``cn`` or ``ar``; trailing spaces included.
SECTION_NUMBER = re.compile(
    rf"""^(?:
        第(?P<part>[{CN_DIGITS}]{{1,3}}|\d{{1,2}})(?:部分|章)\s*[、:：.．]?
      | (?P<cn>[{CN_DIGITS}]{{1,3}})\s*[、.．,，]
      | (?P<ar>\d{{1,2}})\s*(?:[、，,．]|\.(?!\d))
    )\s*""",
    re.VERBOSE,
)

#: The enumerator a heading sentence may open with, read leniently (colons and
#: commas after it, full-width digits, 百/零/两 in the number, 第…篇).
HEADING_MARKER = re.compile(
    rf"""^(?:
        [{CN_NUMERALS}]{{1,3}}\s*[、,，.．:：]                       # 一、  二.
      | [（(]\s*[{CN_NUMERALS}\d０-９]{{1,3}}\s*[）)]\s*[、.．]?     # （一） (2)
      | [\d０-９]{{1,2}}\s*(?:[、，,．]|\.(?![\d０-９]))            # 2、  3.  (not 1.5)
      | 第[{CN_NUMERALS}\d]{{1,3}}(?:部分|章|节|篇)\s*[、:：.．]?     # 第一部分
    )\s*""",
    re.VERBOSE,
)

#: ``一、`` or ``（一）`` opening a line: where a document's title ends.
HEADING_START = re.compile(rf"^\s*(?:{TOP}|[（(]\s*[{CN_DIGITS}]{{1,3}}\s*[）)])")

#: A numbered heading line as the readers see it: never the wrapped tail of a cell.
SECTION_HEAD = re.compile(
    rf"^(?:[{CN_DIGITS}]+[、.．]|[（(][{CN_DIGITS}]+[)）]|第[{CN_DIGITS}]+[部章节条]|\d{{1,2}}[、．])"
)
#: ``一、`` exactly (a top-level heading of the template).
TOP_HEAD = re.compile(rf"^[{CN_DIGITS}]+、")

#: The numbering of a table row label: ``(一)`` ``（1）`` ``一、`` ``1.`` (not ``1.5``).
LABEL_NUMBER = re.compile(rf"^(?:[(（][{CN_DIGITS}\d]+[)）]|[{CN_DIGITS}]+[、.．]|\d+[、.．](?!\d))")

#: The same on a normalised (NFKC) label, in group ``num``: ``(一)``, ``一、``, ``1.``,
#: ``1、``, a bare ``0`` run into the label; never the ``1`` of ``1.5``.
LABEL_NUMBERING = re.compile(
    r"^(?P<num>"
    rf"\([{CN_DIGITS}\d]+\)"  # (一) (1)
    rf"|[{CN_DIGITS}]+[、.,]"  # 一、
    r"|\d+(?:[、.,](?!\d)|(?=[^\d.,]))"  # 1. 1、 0.  (not 1.5)
    r")"
)
