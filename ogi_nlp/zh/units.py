"""Units of count and money printed after numbers, and the 万/亿 multipliers.

One list serves the table cells, the quantities of the narrative and the
sentence splitter's test for a reported figure.

Examples
--------
>>> "人次" in UNITS, MULTIPLIERS["万"], UNIT_ALTERNATION.split("|")[:2]
(True, 10000, ['万元', '人次'])
"""
from __future__ import annotations

import re

__all__ = ["UNITS", "PERCENT", "MULTIPLIERS", "UNIT_ALTERNATION"]

#: Units that follow a counted number in reports and their tables (longest
#: alternatives first in :data:`UNIT_ALTERNATION`).
UNITS: tuple[str, ...] = (
    "万元", "人次", "元", "件", "条", "篇", "次", "个", "人", "期", "场", "项", "家", "份", "户", "次数",
    "批", "部", "封",
)
#: Percent signs of both widths.
PERCENT: tuple[str, ...] = ("%", "％")
#: Multipliers printed between a number and its unit (``1.2万元``).
MULTIPLIERS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}


def _alternation(units: tuple[str, ...]) -> str:
    return "|".join(sorted((re.escape(u) for u in units), key=len, reverse=True))


#: :data:`UNITS` as a regular-expression alternation, longest first.
UNIT_ALTERNATION = _alternation(UNITS)
