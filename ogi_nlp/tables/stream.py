"""A whole document -> one stream of table cells -> logical rows, whatever the layout.

Real copies of a report print the same table in many shapes: a grid, one
cell per line (with or without blank lines between cells), pipe rows with or
without the leading and trailing ``|``, bare ``|`` filler lines, a label
followed by space-separated numbers, cells run together (``规章000``).  The
block readers recognise some of these shapes; this module reads every block
of the document (paragraphs included) as lines of *fields*, so that a table
the block reader missed is still seen:

- a grid / pipe table row is one line whose fields are its cells;
- a flattened table cell is a line of one field;
- a paragraph line is split at ``|``, ``｜`` and tabs; a field ending in
  space-separated numbers (``行政许可 716 -417 298``) is split into its label
  and those numbers (``12 3`` is two numbers, never 123);
- a label with digits fused to it (``规章000``) keeps the digits as a *fused*
  value that the template may split only when that is certain;
- bracketed pinyin glosses of mirror sites (``项(xiàng)``) are removed.

The fields are cut into :class:`~ogi_nlp.tables.rows.TableRow` objects as in
a flattened table: a label after values, or a numbered label, starts a new
row.  Each value remembers whether it was a blank field and which line it
came from, so the template fitting (:func:`fit_row`) can tell a blank printed
cell in a single row line from blank lines of the layout.

Examples
--------
>>> from ogi_nlp.document import Block, Document
>>> doc = Document.from_blocks("d", [Block("paragraph", "行政许可 | 716 | -417 | 298 |"),
...                                  Block("paragraph", "规章 0 0 1")])
>>> [(r.label, [v.value for v, _ in r.values]) for r in stream_rows(doc)]
[('行政许可', [716, -417, 298]), ('规章', [0, 0, 1])]
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import NamedTuple, Sequence

from ..document import Document
from ..zh.enumerators import LABEL_NUMBER
from .cells import CellValue, is_unit, parse_cell
from .labels import normalise_label
from .rows import TableRow, _numbered

__all__ = ["stream_rows", "fields_of_line", "fit_row", "FitResult", "strip_glosses"]

# a pinyin gloss printed after a character on mirror sites: 项(xiàng), 数(shù)
_GLOSS = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]{1,8}[)）]")
_PIPES = re.compile(r"[|｜\t]")
_NUMBERED = LABEL_NUMBER
# a label with digits run into it: 规章000 (the label ends in a CJK character)
_FUSED = re.compile(r"^(?P<label>.*[\u4e00-\u9fff])(?P<digits>\d+)$")
_SENTENCE = re.compile(r"[，。、；：,;:！？!?]")
_STRAY = re.compile(r"^[?？]+\s*")


def strip_glosses(text: str) -> str:
    """Remove bracketed pinyin glosses (``项(xiàng)`` -> ``项``).

    >>> strip_glosses("第二十条第(一)项(xiàng)"), strip_glosses("第(一)项")
    ('第二十条第(一)项', '第(一)项')
    """
    if "(" not in text and "（" not in text:
        return text
    return _GLOSS.sub("", text)


class Field(NamedTuple):
    """One printed field: ``kind`` is ``label``, ``value``, ``blank`` or ``fused``.

    A named tuple (immutable; made for every field of every line, a tuple is made faster
    than a frozen dataclass).
    """

    kind: str
    text: str
    cell: CellValue | None = None
    line: int = 0  # running number of the source line (rows on one line share it)
    multi: bool = False  # the line held several fields (a grid / pipe / spaced row)


@lru_cache(maxsize=65536)
def _value_cell(text: str) -> CellValue | None:
    """The cell of a value field, or None when the text is a label."""
    t = _STRAY.sub("", text) if text[:1] in "?？" else text
    cv = parse_cell(t)
    if cv.status == "ok" or (cv.status == "missing" and t.strip()):
        return cv
    if cv.status == "text" and _is_text_value(t):
        return CellValue(text, "missing")  # 约30, 3*, 0（注）, 不适用: a value cell holding no number
    return None


_TEXT_VALUES = frozenset({"不适用", "待统计", "暂无", "未统计", "无数据", "暂缺", "不涉及", "未发生", "〇"})
_QUALIFIERS = re.compile(r"[()（）\[\]注约余近共计多*＊※#△▲]")


def _is_text_value(text: str) -> bool:
    """A cell in a value column that holds no number of its own (约30, 3*, 0（注）, 7², 不适用)."""
    s = "".join(text.split())
    if s in _TEXT_VALUES:
        return True
    if _NUMBERED.fullmatch(s):
        return False  # a numbering printed in a cell of its own: 1. （2）
    core = _QUALIFIERS.sub("", s)
    return (len(s) <= 8 and any(c.isdigit() for c in core)
            and not any("\u4e00" <= c <= "\u9fff" for c in core))


def _short_text_cell(text: str) -> bool:
    s = normalise_label(text)
    return len(s) <= 6 and not _NUMBERED.match(s)


def _split_field(text: str) -> list[tuple[str, str, CellValue | None]]:
    """A field -> [(kind, text, cell)]: its label parts and trailing values."""
    text = text.strip(" \u3000\xa0")
    if not text:
        return [("blank", "", CellValue("", "missing"))]
    if text[:1] in "?？":  # a stray '?' where a non-breaking space was lost: '? 0'
        text = _STRAY.sub("", text) or text
    cv = _value_cell(text)
    if cv is not None and len(text.split()) == 1:
        return [("value", text, cv)]
    parts = text.split()
    k = len(parts)
    while k > 0:
        c = _value_cell(parts[k - 1])
        if c is None or c.status != "ok" and not parts[k - 1].strip("-—/／"):
            break
        k -= 1
    if k == len(parts):  # no trailing values: one label, unless digits are fused to it
        m = _FUSED.match(text)
        if m and len(m["label"]) <= 20 and not _SENTENCE.search(m["label"]) and not _NUMBERED.match(m["digits"]) and len(m["digits"]) <= 12:
            return [("label", m["label"], None), ("fused", m["digits"], None)]
        return _label_parts(text)
    out = _label_parts(" ".join(parts[:k])) if k else []
    out += [("value", p, _value_cell(p)) for p in parts[k:]]
    return out


def _label_parts(text: str) -> list[tuple[str, str, CellValue | None]]:
    """Split a label at spaces before a numbered part (``三、本年度办理结果 （一）予以公开``)."""
    if not text:
        return []
    groups: list[list[str]] = []
    for p in text.split():
        if groups and not _NUMBERED.match(p):
            groups[-1].append(p)
        else:
            groups.append([p])
    return [("label", " ".join(g), None) for g in groups]


def fields_of_line(text: str) -> list[tuple[str, str, CellValue | None]]:
    """The fields of one printed line (kind, text, cell).

    Leading and trailing ``|`` frame a row; a line holding only ``|`` is one
    blank cell.

    >>> [(k, t) for k, t, _ in fields_of_line("| 规章 | 22 | | 235 |")]
    [('label', '规章'), ('value', '22'), ('blank', ''), ('value', '235')]
    >>> [(k, t) for k, t, _ in fields_of_line("||")]
    [('blank', '')]
    """
    return list(_fields(text))


# Lines this short repeat across reports (the template's rows, printed as text): their fields
# are remembered (every part of a field is immutable).
_SHORT_LINE = 64


@lru_cache(maxsize=16384)
def _short_line_fields(text: str) -> tuple[tuple[str, str, CellValue | None], ...]:
    return tuple(_line_fields(text))


def _fields(text: str) -> Sequence[tuple[str, str, CellValue | None]]:
    """:func:`fields_of_line` (not to be changed: a short line's fields are shared)."""
    return _short_line_fields(text) if len(text) <= _SHORT_LINE else _line_fields(text)


def _line_fields(text: str) -> list[tuple[str, str, CellValue | None]]:
    text = strip_glosses(text)
    if not _PIPES.search(text):
        return _split_field(text)
    raw = _PIPES.split(text)
    while raw and not raw[0].strip(" \u3000\xa0"):
        raw.pop(0)
    while raw and not raw[-1].strip(" \u3000\xa0"):
        raw.pop()
    if not raw:
        return [("blank", "", CellValue("", "missing"))]
    out: list[tuple[str, str, CellValue | None]] = []
    for f in raw:
        out.extend(_split_field(f))
    return out


def _grid_line(cells: Sequence[str | None]) -> tuple[list[tuple[str, str, CellValue | None]], list[int]]:
    """The fields of a grid / pipe row (kind, text, cell) and the column of each."""
    fields: list[tuple[str, str, CellValue | None]] = []
    cols: list[int] = []
    seen_value = False
    for c, t in enumerate(cells):
        if t is None:
            continue
        t = strip_glosses(t)
        if not t.strip():
            fields.append(("blank", "", CellValue(t, "missing")))
        else:
            cv = _value_cell(t)
            if cv is not None:
                fields.append(("value", t, cv))
                seen_value = True
            elif seen_value and _short_text_cell(t):
                # short text after a value in a grid row (不适用, 待统计): a value cell holding no number
                fields.append(("value", t, CellValue(t, "missing")))
            else:
                fields.append(("label", t, None))
        cols.append(c)
    return fields, cols


@dataclass(slots=True)
class StreamRow(TableRow):
    """A :class:`TableRow` whose values keep their :class:`Field` (line, blank, fused)."""

    fields: list = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.fields is None:
            self.fields = []


def stream_rows(doc: Document) -> list[StreamRow]:
    """Logical rows of every line of a document (see the module docstring).

    Parameters
    ----------
    doc : Document

    Returns
    -------
    list of StreamRow
        ``values`` holds every value of the row (blank fields included);
        ``fields`` the matching :class:`Field` objects.
    """
    # One pass over the document's lines: every line's fields go straight into the rows (a
    # label keeps its text and place only; a value or blank field its Field as well).
    out: list[StreamRow] = []
    row = StreamRow()
    labels, values, kept = row.labels, row.values, row.fields
    has_value = False  # the row holds a field that is not blank
    line = 0  # running number of the source line (rows on one line share it)
    for bi, block in enumerate(doc.blocks):
        kind = block.kind
        if kind == "image":
            continue
        page = block.page
        # each printed line: its fields, and their place (one for all, or their grid columns)
        flattened = kind == "table" and block.layout == "flattened"
        if kind != "table":
            lines: list = [(_fields(text), (bi, page, -1 - r, 0), None)
                           for r, text in enumerate(block.text.split("\n")) if text.strip()]
        elif flattened:  # one cell per row, each a line
            lines = [(_fields(t), (bi, page, r, c), None)
                     for r, cells in enumerate(block.rows) for c, t in enumerate(cells) if t is not None]
        else:  # a grid / pipe row is one line whose fields are its cells
            lines = [(fs, r, columns) for r, cells in enumerate(block.rows) for fs, columns in (_grid_line(cells),)]
        for fs, at, columns in lines:
            line += 1
            multi = not flattened and len(fs) > 1
            for j, (k, text, cell) in enumerate(fs):
                place = at if columns is None else (bi, page, at, columns[j])
                if k == "label":
                    if labels and not values and is_unit(text):
                        row.unit, row.unit_seen = normalise_label(text), True
                        continue
                    # a row line (grid, pipe) of blank cells is a complete row too
                    if (has_value or (kept and kept[-1].multi and kept[-1].line != line)
                            or (labels and (_numbered(text) or row.unit_seen))):
                        out.append(row)
                        row = StreamRow()
                        labels, values, kept = row.labels, row.values, row.fields
                        has_value = False
                    labels.append((text, place))
                elif k == "blank":
                    if values or labels:
                        values.append((cell, place))
                        kept.append(Field(k, text, cell, line, multi))
                else:  # value or fused digits
                    values.append((cell if cell is not None else CellValue(text, "missing"), place))
                    kept.append(Field(k, text, cell, line, multi))
                    has_value = True
    if labels or values:
        out.append(row)
    return out


@dataclass(slots=True)
class FitResult:
    """Values of a row fitted to ``n`` template columns, or why they could not be."""

    cells: list  # (CellValue, Where) or None per column
    problem: str | None = None


def _nonblank(row: StreamRow) -> list[int]:
    return [i for i, f in enumerate(row.fields) if f.kind != "blank"]


def fit_row(
    row: StreamRow, n: int, *, total_last: bool = False, at_end: bool = False, cut_last: bool = False
) -> FitResult:
    """Place a row's printed values into the template's ``n`` columns.

    The values are placed only where that is certain:

    1. as many non-blank values as columns: in order (blank fields around
       them are layout);
    2. a single printed line holding exactly ``n`` cells (blank cells
       included): by position;
    3. digits fused to the label (``规章000``): one digit per column when
       there are exactly ``n`` digits, or the whole number for one column;
    4. (request rows, ``total_last``) fewer values than columns: the one
       placement where the applicant columns add up to a non-zero total
       (blank = 0) and the first value stands in the first column when
       nothing precedes it;
    5. (``at_end``) the text ends inside the row, right after its values:
       they are its first cells, the others absent; with ``cut_last`` (the
       text stops inside a line) the very last number is not trusted: it may
       be cut.

    Otherwise every cell is missing and ``problem`` says why.

    >>> from ogi_nlp.document import Block, Document
    >>> rows = stream_rows(Document.from_blocks("d", [Block("paragraph", "| 规章 | 22 | 235 |")]))
    >>> fit_row(rows[0], 3).problem
    '2 values for 3 columns: their columns cannot be told'
    """
    fields = row.fields
    vals = row.values
    idx = _nonblank(row)
    if (cut_last and idx and idx[-1] == len(fields) - 1 and fields[-1].kind == "value" and len(idx) != n
            and fields[-1].text.strip() != "0"):
        # the text was cut right after this number: it may be the start of a longer one
        # (a 0 cannot be; a row whose count fits its columns is taken as complete)
        fields, vals = fields[:-1], vals[:-1]
        idx = idx[:-1]
    fused = [i for i in idx if fields[i].kind == "fused"]
    if fused:
        if len(idx) != 1:
            return FitResult([None] * n, "digits run into the label and other values: columns cannot be told")
        cv0, w = vals[idx[0]]
        digits = fields[idx[0]].text
        if n == 1:
            return FitResult([(parse_cell(digits), w)])
        if len(digits) == n:
            return FitResult([(parse_cell(d), w) for d in digits])
        return FitResult([None] * n, f"digits {digits} run together for {n} columns: cannot be split")
    if len(idx) == n:
        return FitResult([vals[i] for i in idx])
    lines = {fields[i].line for i in range(len(fields))}
    if len(idx) < n and len(lines) >= 1:
        # one printed row line: position decides (trailing blanks beyond n are frame)
        first_line = fields[0].line if fields else None
        same = [i for i in range(len(fields)) if fields[i].line == first_line]
        # a blank before the first value may be an empty label column of a merged grid: not positional
        if fields and fields[0].multi and fields[0].kind != "blank" and set(idx) <= set(same):
            cells = [vals[i] for i in same]
            while len(cells) > n and cells[-1][0].status == "missing" and not cells[-1][0].raw.strip():
                cells.pop()
            if len(cells) == n:
                return FitResult(cells)
        if total_last and idx:
            placed = _place_by_total(row, idx, n)
            if placed is not None:
                return FitResult(placed)
        if at_end and idx and idx == list(range(idx[0], idx[0] + len(idx))) and idx[-1] == len(fields) - 1:
            # the text ends inside the row (an excerpt, a cut page): the values printed are its first cells
            return FitResult([vals[i] for i in idx] + [None] * (n - len(idx)))
    if not idx:
        return FitResult([None] * n, "no value printed")
    return FitResult([None] * n, f"{len(idx)} values for {n} columns: their columns cannot be told")


def _place_by_total(row: StreamRow, idx: Sequence[int], n: int) -> list | None:
    nums = [row.values[i][0] for i in idx]
    if any(cv.status != "ok" for cv in nums):
        return None
    if len(idx) == len(row.fields):
        return None  # the layout shows no blank cell at all: where the gaps are is unknown
    leading_value = idx[0] == 0  # nothing (not even a blank field) before the first value
    fits = []
    for pos in combinations(range(n), len(idx)):
        if pos[-1] != n - 1:
            continue  # the total must be printed to check the placement
        if leading_value and len(idx) > 1 and pos[0] != 0:
            continue
        cells: list = [None] * n
        for p, i in zip(pos, idx):
            cells[p] = row.values[i]
        applicants = sum(c[0].value for c in cells[:-1] if c is not None)
        if applicants == cells[-1][0].value != 0:  # zeros fit anywhere: they confirm nothing
            fits.append(pos)
    if len(fits) != 1:
        return None
    blank_where = row.values[idx[0]][1]
    out: list = [(CellValue("", "missing"), blank_where)] * n
    for p, i in zip(fits[0], idx):
        out[p] = row.values[i]
    return out
