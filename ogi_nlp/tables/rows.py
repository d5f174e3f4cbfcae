"""Table blocks -> logical rows of (labels, unit, values) with provenance.

Any table layout is turned into the same sequence of :class:`TableRow`:

- ``grid`` / ``pipe``: one row per grid row; text cells are labels, the cells
  after the last label are values (``None`` positions are skipped, a blank
  cell is a blank value).
- ``flattened``: the single column of cells in reading order is cut into
  rows: a numbered label (``一、`` ``（三）`` ``2.``) or a label after values
  starts a new row; numbers and missing markers are values; blank cells are
  values only once a row has values (before, they are layout).

Examples
--------
>>> from ogi_nlp.document import Block
>>> b = Block("table", "", rows=(("规章",), ("0",), ("1",), ("行政许可",), ("5",)), layout="flattened")
>>> [(r.label, [v.value for v, _ in r.values]) for r in table_rows([b], [0])]
[('规章', [0, 1]), ('行政许可', [5])]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from ..document import Block
from .cells import CellValue, is_unit, parse_cell
from .labels import normalise_label, split_numbering

__all__ = ["TableRow", "table_rows", "fit_values"]

Where = tuple[int, int | None, int, int]  # block index, page, row, col


@dataclass(slots=True)
class TableRow:
    """One logical table row.

    Attributes
    ----------
    labels : list of (str, Where)
        Label cells as printed, with (block, page, row, col).
    values : list of (CellValue, Where)
        Value cells in order (blank cells included once values began).
    unit : str or None
        A unit cell (legacy tables' 单位 column).
    """

    labels: list[tuple[str, Where]] = field(default_factory=list)
    values: list[tuple[CellValue, Where]] = field(default_factory=list)
    unit: str | None = None
    unit_seen: bool = False

    @property
    def label(self) -> str:
        """The labels joined as printed (whitespace-trimmed)."""
        return "".join(t.strip() for t, _ in self.labels)

    @property
    def where(self) -> Where | None:
        """Provenance of the row: its last label, else its first value."""
        if self.labels:
            return self.labels[-1][1]
        if self.values:
            return self.values[0][1]
        return None


@lru_cache(maxsize=65536)  # labels repeat across rows and reports
def _numbered(text: str) -> bool:
    num, _ = split_numbering(text)
    return bool(num) or normalise_label(text).startswith("其中")


def _grid_rows(block: Block, bi: int) -> Iterable[TableRow]:
    for r, cells in enumerate(block.rows):
        present = [(c, text) for c, text in enumerate(cells) if text is not None]
        parsed = [(c, text, parse_cell(text)) for c, text in present]
        last_label = -1
        for i, (_, text, cv) in enumerate(parsed):
            if cv.status == "text" and not is_unit(text):
                last_label = i
        row = TableRow()
        for i, (c, text, cv) in enumerate(parsed):
            where = (bi, block.page, r, c)
            if i <= last_label:
                if cv.status == "text" and not is_unit(text):
                    row.labels.append((text, where))
                elif is_unit(text):
                    row.unit, row.unit_seen = normalise_label(text), True
                continue
            if is_unit(text):
                row.unit, row.unit_seen = normalise_label(text), True
            else:
                row.values.append((cv, where))
        if row.labels or row.values:
            yield row


@lru_cache(maxsize=65536)  # cells repeat across rows and reports: classify each text once
def _flat_cell(text: str) -> tuple[CellValue, bool, bool, bool]:
    """(cell, is a unit, is numbered, is blank once normalised) of a flattened cell's text."""
    cv = parse_cell(text)
    if cv.status == "text":
        return cv, is_unit(text), _numbered(text), False
    return cv, False, False, not normalise_label(text)


def table_rows(blocks: Sequence[Block], indices: Sequence[int]) -> list[TableRow]:
    """Logical rows of several table blocks in reading order.

    Consecutive flattened blocks are read as one stream, so a row cut by a
    page or a heading line keeps its values.

    Parameters
    ----------
    blocks : sequence of Block
        Table blocks.
    indices : sequence of int
        Their indices in ``Document.blocks`` (for provenance).

    Returns
    -------
    list of TableRow
    """
    out: list[TableRow] = []
    row: TableRow | None = None  # the row the stream of flattened cells is filling (None: no stream)
    for block, bi in zip(blocks, indices):
        if block.layout != "flattened":
            if row is not None and (row.labels or row.values):
                out.append(row)
            row = None
            out.extend(_grid_rows(block, bi))
            continue
        # the flattened cells, in reading order, cut into rows as they come
        if row is None:
            row = TableRow()
        page = block.page
        for r, cells in enumerate(block.rows):
            for c, text in enumerate(cells):
                if text is None:
                    continue
                cv, unit, numbered, blank = _flat_cell(text)
                if cv.status == "text":
                    if unit and row.labels and not row.values:
                        row.unit, row.unit_seen = normalise_label(text), True
                        continue
                    if row.values or (row.labels and (numbered or row.unit_seen)):
                        out.append(row)
                        row = TableRow()
                    row.labels.append((text, (bi, page, r, c)))
                elif blank:
                    if row.values:
                        row.values.append((cv, (bi, page, r, c)))
                    elif row.labels:
                        row.unit_seen = True  # a blank unit or value column: a row is being filled
                else:
                    row.values.append((cv, (bi, page, r, c)))
    if row is not None and (row.labels or row.values):
        out.append(row)
    return out


def fit_values(
    values: Sequence[tuple[CellValue, Where]], n: int
) -> list[tuple[CellValue, Where] | None]:
    """Fit a row's values to ``n`` columns; ``None`` marks an absent cell.

    Extra blank cells are dropped from the end, then from the start; a row
    with fewer values than columns is padded with ``None`` (absent) at the end.

    >>> from ogi_nlp.tables.cells import parse_cell
    >>> vals = [(parse_cell(t), (0, None, i, 0)) for i, t in enumerate(["", "3", "0"])]
    >>> [None if v is None else v[0].value for v in fit_values(vals, 3)]
    [None, 3, 0]
    >>> [None if v is None else v[0].raw for v in fit_values(vals, 2)]
    ['3', '0']
    >>> fit_values(vals[1:2], 2)[1] is None
    True
    """
    vals = list(values)

    def blank(item: tuple[CellValue, Where]) -> bool:
        return item[0].status == "missing" and not normalise_label(item[0].raw)

    while len(vals) > n and blank(vals[-1]):
        vals.pop()
    while len(vals) > n and blank(vals[0]):
        vals.pop(0)
    fitted: list[tuple[CellValue, Where] | None] = list(vals[:n])
    fitted.extend([None] * (n - len(fitted)))
    return fitted
