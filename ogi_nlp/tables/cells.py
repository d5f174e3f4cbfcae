"""Cell values: one printed table cell -> a number, a missing marker, or text.

Numbers are read strictly: the whole cell must be a number (optionally
followed by a unit such as 件 or 万元).  Full-width digits, thousands
separators and Chinese numerals are accepted.  A cell printed as ``-``,
``—``, ``/``, ``无`` or left blank is *missing*, never zero.

Examples
--------
>>> from ogi_nlp.tables.cells import parse_cell
>>> parse_cell("１,２３４").value, parse_cell("十二").value, parse_cell("—").status
(1234, 12, 'missing')
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..zh.chars import DIGIT, SPACE
from ..zh.numerals import ARABIC_NUMBER, CN_NUMBER_CHARS, arabic_to_number, chinese_to_number, parse_number
from ..zh.units import MULTIPLIERS, UNIT_ALTERNATION, UNITS

__all__ = ["CellValue", "parse_cell", "parse_number", "is_unit", "MISSING_MARKERS", "UNITS"]

#: Cell texts that mean "no value printed" (after NFKC and stripping).
MISSING_MARKERS: frozenset[str] = frozenset(
    {"", "-", "--", "—", "——", "–", "―", "/", "\\", "无", "N/A", "n/a", "×"}
)

_WS = re.compile(r"\s+")
_UNIT_ALT = UNIT_ALTERNATION
_NUMBER_CELL = re.compile(
    rf"(?P<num>{ARABIC_NUMBER.pattern})(?:(?P<unit>{_UNIT_ALT})|(?P<mult>万|亿)(?P<munit>{_UNIT_ALT})?|\((?P<punit>{_UNIT_ALT})\))?"
)
_MULT = MULTIPLIERS
_CN_CELL = re.compile(rf"(?P<num>[{CN_NUMBER_CHARS}]+)(?:(?P<unit>{_UNIT_ALT})|\((?P<punit>{_UNIT_ALT})\))?")


# characters that NFKC turns into digits but that are no decimal digits of the source
# (superscripts ², circled ①, parenthesised ⑴, fullwidth digits are decimal and stay)
_NOT_A_DIGIT = re.compile(r"[²³¹⁰⁴-⁹₀-₉①-⒛⓪-⓿❶-➓]")
# digits on both sides of a space inside one cell: two numbers, or a misprint; never one number
_SPLIT_DIGITS = re.compile(rf"[{DIGIT}][{SPACE}]+[{DIGIT}]")


@dataclass(frozen=True, slots=True)
class CellValue:
    """What one printed cell holds.

    Attributes
    ----------
    raw : str
        The cell text as printed.
    status : {"ok", "missing", "text"}
        ``ok``: a number; ``missing``: a missing marker or blank; ``text``:
        anything else (a label).
    value : int, float or None
        The number (``int`` when printed without decimals).
    unit : str or None
        A unit printed inside the cell (``"件"`` in ``"5件"``).
    scale : int
        A 万 (10000) or 亿 multiplier printed in the cell; ``value`` includes it.
    """

    raw: str
    status: str
    value: int | float | None = None
    unit: str | None = None
    scale: int = 1

    @property
    def printed(self) -> int | float | None:
        """The number as printed, before a 万/亿 multiplier (1.2 in ``"1.2万"``)."""
        if self.value is None or self.scale == 1:
            return self.value
        v = Decimal(str(self.value)) / self.scale
        return int(v) if v == v.to_integral_value() else float(v)

    @property
    def is_value(self) -> bool:
        """True for numbers and missing markers (cells in a value position)."""
        return self.status in ("ok", "missing")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _WS.sub("", text)


@lru_cache(maxsize=65536)  # cells repeat (0, -, 1): classify each text once
def parse_cell(text: str | None) -> CellValue:
    """Classify a printed cell as number, missing marker or text.

    Parameters
    ----------
    text : str or None
        The cell as printed (``None``: no cell of its own; treated as blank).

    Returns
    -------
    CellValue

    Examples
    --------
    >>> parse_cell(" 17 ")
    CellValue(raw=' 17 ', status='ok', value=17, unit=None, scale=1)
    >>> parse_cell("5件").unit, parse_cell("/").status, parse_cell("行政许可").status
    ('件', 'missing', 'text')
    """
    raw = "" if text is None else text
    if _NOT_A_DIGIT.search(raw) or _SPLIT_DIGITS.search(raw):
        return CellValue(raw, "text")  # 7², 5①, 12 3: no number of the source's own
    s = _normalise(raw)
    if s in MISSING_MARKERS:
        return CellValue(raw, "missing")
    m = _NUMBER_CELL.fullmatch(s)
    if m:
        value = arabic_to_number(m["num"])
        if m["mult"]:  # 1.2万 in a count column: 12000, computed exactly
            scaled = Decimal(m["num"].replace(",", "")) * _MULT[m["mult"]]
            value = int(scaled) if scaled == scaled.to_integral_value() else float(scaled)
        scale = _MULT[m["mult"]] if m["mult"] else 1
        return CellValue(raw, "ok", value, m["unit"] or m["munit"] or m["punit"], scale)
    m = _CN_CELL.fullmatch(s)
    if m:
        v = chinese_to_number(m["num"])
        if v is not None:
            return CellValue(raw, "ok", v, m["unit"] or m["punit"])
    return CellValue(raw, "text")


@lru_cache(maxsize=4096)
def is_unit(text: str | None) -> bool:
    """True if a cell holds only a unit (a legacy table's 单位 column).

    >>> is_unit(" 件 "), is_unit("人次"), is_unit("规章")
    (True, True, False)
    """
    return text is not None and _normalise(text) in UNITS
