"""The 2021 national template (国办公开办函〔2021〕30号): rows and columns.

Rows, columns and aliases are read from the template registry
(:mod:`ogi_nlp.tables.registry`).  The request matrix (收到和处理政府信息公开申请情况)
and the review/litigation table are shared with the 2019 template, except that the 2021 template splits
（六）其他处理 into three sub-rows.  Names follow /work/shared/spec/tables.md.

Examples
--------
>>> from ogi_nlp.tables.t2021 import REQUEST_ROWS, REQUEST_COLUMNS
>>> REQUEST_ROWS[0].key, REQUEST_COLUMNS[-1].key
('new', 'total')
>>> len(REVIEW_COLUMNS)
15
"""
from __future__ import annotations

from dataclasses import dataclass

from . import registry as _reg

__all__ = [
    "RowDef",
    "ColumnDef",
    "REQUEST_ROWS",
    "REQUEST_COLUMNS",
    "REVIEW_COLUMNS",
    "ACTIVE_ROWS",
    "ACTIVE_COLUMNS",
    "OTHER_SUBROWS",
]


@dataclass(frozen=True, slots=True)
class RowDef:
    """A template row.

    Attributes
    ----------
    key : str
        Row part of the variable name (``result.withheld.state_secret``).
    label : str
        The label as the template prints it.
    aliases : tuple of str
        Accepted texts after normalisation and without numbering.
    number : str
        The numbering the template prints (``"(三)"`` normalised, ``"1."``).
    parent : str or None
        Key of the block the row belongs to (``result.withheld``).
    columns : tuple of str
        For the proactive table: the column keys of the row.
    """

    key: str
    label: str
    aliases: tuple[str, ...]
    number: str = ""
    parent: str | None = None
    columns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ColumnDef:
    """A template column: key, printed label, accepted texts, unit."""

    key: str
    label: str
    aliases: tuple[str, ...]
    unit: str = "件"


def _column(d: dict) -> ColumnDef:
    return ColumnDef(d["key"], d["label"], tuple(d["aliases"]), d.get("unit", "件"))


def _row(d: dict) -> RowDef:
    return RowDef(d["key"], d["label"], tuple(d["aliases"]), d.get("number", ""), d.get("parent"),
                  tuple(d.get("columns", ())))


# Built from the template registry (ogi_nlp/resources/templates.json): edit the data there.
REQUEST_COLUMNS: tuple[ColumnDef, ...] = tuple(_column(c) for c in _reg.request_columns())
REQUEST_ROWS: tuple[RowDef, ...] = tuple(_row(r) for r in _reg.request_rows())

#: Keys of the three sub-rows that only the 2021 template prints.
OTHER_SUBROWS: tuple[str, ...] = tuple(_reg.registry()["requests"]["t2021_only_rows"])

#: Printed block headers of the request table (rows without values of their own).
REQUEST_PARENTS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _reg.registry()["requests"]["parents"].items()}

#: The fifteen review/litigation values, in printed order: (variable, column label).
REVIEW_COLUMNS: tuple[tuple[str, str], ...] = tuple(_reg.review_columns())

ACTIVE_COLUMNS: tuple[ColumnDef, ...] = tuple(_column(c) for c in _reg.active_columns("t2021"))
ACTIVE_ROWS: tuple[RowDef, ...] = tuple(_row(r) for r in _reg.active_rows("t2021"))
