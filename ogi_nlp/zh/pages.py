"""Page-number lines: what a printed page leaves between paragraphs.

Examples
--------
>>> [is_page_number(s) for s in ["— 4 —", "第3页 共12页", "Page 2 of 9", "4", "受理4件"]]
[True, True, True, False, False]
>>> [bool(BARE_PAGE_NUMBER.match(s)) for s in ["4", "4/12", "P. 3", "2018年"]]
[True, True, True, False]
"""
from __future__ import annotations

import re

__all__ = ["PAGE_NUMBER", "BARE_PAGE_NUMBER", "is_page_number"]

#: A line that is only a decorated page number: ``— 4 —``, ``-12-``, ``~3~``,
#: ``第4页``, ``第4页，共12页``, ``Page 4 of 12`` (asterisks of a Markdown export
#: allowed around it).
PAGE_NUMBER = re.compile(
    r"^[\s*]*(?:[-—–－―~～]+[\s*]*\d{1,4}[\s*]*[-—–－―~～]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)[\s*]*$"
)
#: A bare page number, undecorated: ``4``, ``4/12``, ``P. 4`` (a page number only
#: where it stands where page numbers stand: a page's top or bottom band, a line
#: of its own between list items).
BARE_PAGE_NUMBER = re.compile(r"^\s*(?:\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|[Pp]\.?\s*\d{1,4})\s*$")


def is_page_number(line: str) -> bool:
    """True for a line that is only a decorated page number (:data:`PAGE_NUMBER`).

    >>> is_page_number("- 12 -"), is_page_number("12")
    (True, False)
    """
    return bool(PAGE_NUMBER.match(line))
