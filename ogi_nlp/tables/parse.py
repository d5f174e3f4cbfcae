"""Document -> tidy table values: one row per printed (or expected) cell.

Template reports (2019, 2021) are read from every line of the document,
whatever the layout (:mod:`ogi_nlp.tables.stream`): each logical row is
matched by its label to the template rows of the registry
(:mod:`ogi_nlp.tables.registry`), and the template says how many values the
row carries and in which order; the review table's fifteen values follow its
header.  Values are placed only where that is certain
(:func:`~ogi_nlp.tables.stream.fit_row`); otherwise the row is missing and a
warning names it.  A table counts only when its anchors are printed (the
request matrix needs its applicant header, its section title or several of
its numbered rows).  Legacy 统计表 are read from the table blocks
(:mod:`ogi_nlp.tables.legacy`).

The generation is told from labels, never from the year.

Examples
--------
>>> from ogi_nlp.document import Block, Document
>>> cells = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "0", "0", "1"]
>>> doc = Document.from_blocks("d", [Block("table", "", rows=tuple((c,) for c in cells), layout="flattened")])
>>> res = parse_tables(doc)
>>> res.generation
't2021'
>>> res.values.loc[res.values.variable == "active.regulations.in_force", "value"].item()
1
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import Any, Iterable

import numpy as np
import pandas as pd

from ..document import Block, Document
from ..errors import TableWarning
from . import t2019, t2021
from .cells import CellValue, parse_cell
from .labels import best_match, normalise_label, similarity, similarity_bound, split_numbering
from .legacy import canonical_name, legacy_records
from .rows import TableRow, table_rows
from .registry import generation_words, registry
from .stream import fit_row, stream_rows

__all__ = ["ParsedTables", "parse_tables", "detect_generation", "COLUMNS"]

#: Columns of the tidy frame, in order.
COLUMNS: tuple[str, ...] = (
    "table", "variable", "row_label", "column_label", "parent", "value", "unit",
    "raw", "status", "generation", "block", "page", "cell_row", "cell_col",
)

_T2021_COLS = {c.key: c.aliases for c in t2021.ACTIVE_COLUMNS}
_T2019_COLS = {c.key: c.aliases for c in t2019.ACTIVE_COLUMNS}
_T2021_ACTIVE = {r.key: r for r in t2021.ACTIVE_ROWS}
_T2019_ACTIVE = {r.key: r for r in t2019.ACTIVE_ROWS}
_ACTIVE_ALIASES = {r.key: r.aliases for r in t2019.ACTIVE_ROWS}
_REQ = {r.key: r for r in t2021.REQUEST_ROWS}
_REQ_ALIASES = {r.key: r.aliases for r in t2021.REQUEST_ROWS}
_UNIT_OF = {c.key: c.unit for c in (*t2019.ACTIVE_COLUMNS, *t2021.ACTIVE_COLUMNS)}
_TABLE_NAMES = {"active": "主动公开 (proactive)", "requests": "依申请 (request)", "review": "复议诉讼 (review)"}
_REVIEW_MARKERS = tuple(registry()["review"]["markers"])
_REQUEST_MARKERS = ("申请人情况", "自然人", "本年新收政府信息公开申请数量")
_LEGACY_MARKERS = ("统计指标", "指标名称", "统计数")


class ParsedTables:
    """What :func:`parse_tables` found in one report.

    Attributes
    ----------
    values : pandas.DataFrame
        Tidy values, columns :data:`COLUMNS`.  ``value`` holds ``int`` or
        ``float`` or ``pd.NA``; ``status`` is ``ok``, ``missing`` (printed
        blank / - / 无), ``absent`` (no cell in the source) or ``image``.
        ``block``, ``page``, ``cell_row``, ``cell_col`` locate the cell in
        ``Document.blocks[block].rows[cell_row][cell_col]`` (for an absent
        cell: its row label; ``page`` is the block's first page).
        ``row_label`` is the label as printed; ``column_label`` is the
        template's header path whose last level is the header printed above
        the value in grid tables (flattened text cannot tell which header
        belongs to which column: there it is the template's).
    generation : str or None
        ``"t2021"``, ``"t2019"``, ``"legacy"`` or None (no table read).
    request_rows : str or None
        Row set of the request table: ``"t2021"`` (三 sub-rows under
        （六）其他处理) or ``"t2019"`` (one 其他处理 row); may differ from
        ``generation``.
    warnings : list of str
        Problems found (tables shown only as images, rows not found...).
    columns : dict of str to list, or None
        The columns of ``values`` as lists (``value``: ``int``, ``float`` or
        ``pd.NA``; the cell's place: ``int`` or ``None``), from which
        ``values`` is built on first use; ``None`` when given ``values``.
    """

    __slots__ = ("_values", "generation", "request_rows", "warnings", "columns")

    def __init__(self, values: pd.DataFrame | None = None, generation: str | None = None,
                 request_rows: str | None = None, warnings: list[str] | None = None, *,
                 columns: dict[str, list[Any]] | None = None) -> None:
        if values is None and columns is None:
            raise TypeError("ParsedTables needs its values or their columns")
        self._values = values
        self.generation = generation
        self.request_rows = request_rows
        self.warnings = [] if warnings is None else warnings
        self.columns = columns

    @property
    def values(self) -> pd.DataFrame:
        """The tidy values (built from ``columns`` on first use)."""
        if self._values is None:
            self._values = values_frame(self.columns)  # type: ignore[arg-type]
        return self._values

    @values.setter
    def values(self, frame: pd.DataFrame) -> None:
        self._values, self.columns = frame, None

    def __repr__(self) -> str:
        return (f"ParsedTables(values=<{len(self)} rows>, generation={self.generation!r}, "
                f"request_rows={self.request_rows!r}, warnings={self.warnings!r})")

    def __len__(self) -> int:
        return len(self.columns["table"]) if self.columns is not None else len(self.values)


@lru_cache(maxsize=65536)  # labels repeat across rows and reports: each is matched once
def _best(printed: str, which: str, threshold: float) -> tuple[str | None, float]:
    """``best_match(printed, candidates, threshold=threshold)`` when it finds a key (else ``(None, 0.0)``).

    ``which`` names the candidates (:data:`_CANDIDATES`).  Only the labels whose bound can reach
    the threshold are compared: the others cannot be the best one found.
    """
    best: str | None = None
    score = 0.0
    for key, t, contained in _plan(which, threshold, len(printed)):
        if contained and t not in printed:
            continue  # reachable only by the containment bonus
        if similarity_bound(printed, t) < threshold:
            continue  # below the threshold: never the key found
        sc = similarity(printed, t)
        if sc > score:
            best, score = key, sc
    if best is None or score < threshold:
        return None, 0.0
    return best, score


@lru_cache(maxsize=None)
def _plan(which: str, threshold: float, length: int) -> tuple[tuple[str, str, bool], ...]:
    """The (key, label, needs containment) of the candidates a printed label of ``length`` may reach
    ``threshold`` with (the length part of :func:`~ogi_nlp.tables.labels.similarity_bound`), in the
    candidates' order."""
    out = []
    for key, texts in _CANDIDATES[which].items():
        for t in texts:
            lc = len(t)
            if not t or not length or length > 2 * lc + 12:
                continue  # similarity 0.0
            if 2.0 * min(length, lc) / (length + lc) >= threshold:
                out.append((key, t, False))
            elif lc >= 3 and 0.8 + 0.15 * lc / length >= threshold:
                out.append((key, t, True))
    return tuple(out)


def _labels_norm(row: TableRow) -> list[str]:
    return [normalise_label(t) for t, _ in row.labels]


@lru_cache(maxsize=65536)  # labels repeat across rows and reports: each is searched once
def _label_marks(text: str) -> tuple[bool, bool, bool]:
    """Whether a printed label (normalised) holds a request-table marker, a review-table marker,
    a review word (marker or outcome)."""
    lab = normalise_label(text)
    return (bool(_REQUEST_MARKER.search(lab)), bool(_REVIEW_MARKER.search(lab)),
            bool(_REVIEW_WORD.search(lab)))


@lru_cache(maxsize=65536)  # labels repeat across rows and reports: each is looked at once
def _label_facts(text: str) -> tuple[bool, bool, bool, str | None]:
    """:func:`_label_marks` of a printed label and the request-table block it opens
    (:func:`_request_parent_text`), in one look-up."""
    return (*_label_marks(text), _request_parent_text(text))


def _header_columns(row: TableRow, columns: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """Column keys (with printed labels) found among a row's labels, in order."""
    found: list[tuple[str, str]] = []
    for text, _ in row.labels:
        key, score = best_match(normalise_label(text), columns, threshold=0.85)
        if key is not None and key not in [k for k, _ in found]:
            found.append((key, text.strip()))
    return found


def _row_key(row: TableRow, candidates: str, *, threshold: float = 0.75) -> tuple[str | None, float, str, str]:
    """Best key for the most specific label of a row: (key, score, number, label); ``candidates`` names them."""
    for text, _ in reversed(row.labels):
        key, score, num = _row_key_text(text, candidates, threshold)
        if key is not None:
            return key, score, num, text
    return None, 0.0, "", ""


@lru_cache(maxsize=16384)  # labels repeat across rows and reports: each is matched once
def _row_key_text(text: str, candidates: str, threshold: float) -> tuple[str | None, float, str]:
    num, rest = split_numbering(text)
    key, score = _best(rest, candidates, threshold)
    return key, score, num


def _request_key(row: TableRow, parent: str | None) -> tuple[str | None, str]:
    """Match a request-table row, using the numbering and current block."""
    for text, _ in reversed(row.labels):
        key = _request_key_text(text, parent)
        if key is not None:
            return key, text
    return None, ""


@lru_cache(maxsize=16384)
def _request_key_text(text: str, parent: str | None) -> str | None:
    num, rest = split_numbering(text)
    if rest:
        best, best_score = None, 0.0
        for key, rd in _REQ.items():
            # the best alias's similarity, comparing only the aliases that can reach 0.7 (the
            # others are below it: they change neither the best one nor whether it reaches 0.7)
            sc = max((similarity(rest, a) for a in rd.aliases if similarity_bound(rest, a) >= 0.7), default=0.0)
            if sc < 0.7:
                continue
            if num and rd.number and num == rd.number:
                sc += 0.1
            if parent and rd.parent == parent:
                sc += 0.05
            if sc > best_score:
                best, best_score = key, sc
        if best is not None and best_score >= 0.8:
            return best
    return None


def _request_parent(row: TableRow) -> tuple[str | None, str | None]:
    """The request-table block a row opens (（三）不予公开 -> result.withheld)."""
    for text, _ in reversed(row.labels):
        key = _request_parent_text(text)
        if key is not None:
            return key, text.strip()
    return None, None


@lru_cache(maxsize=16384)  # labels repeat across rows and reports: each is matched once
def _request_parent_text(text: str) -> str | None:
    num, rest = split_numbering(text)
    if num and not num.startswith("(") and not num.endswith("、"):
        return None  # 1. 2. 0. number sub-rows, not blocks
    for key, alias, contained in _plan("request_parents", 0.8, len(rest)):
        if contained and alias not in rest:
            continue
        if similarity_bound(rest, alias) >= 0.8 and similarity(rest, alias) >= 0.8:
            return key
    return None


def detect_generation(doc: Document) -> str | None:
    """Tell a report's table generation from its labels (never from its year).

    Parameters
    ----------
    doc : Document

    Returns
    -------
    {"t2021", "t2019", "legacy"} or None

    Examples
    --------
    >>> from ogi_nlp.document import Block, Document
    >>> b = Block("table", "", rows=(("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),), layout="grid")
    >>> detect_generation(Document.from_blocks("d", [b]))
    't2019'
    """
    return _parse(doc).generation


def _active_generation(rows: Iterable[TableRow]) -> str | None:
    for row in rows:
        labs = _labels_norm(row)
        if any(_best(l, "t2021_headers", 0.85)[0] for l in labs):
            return "t2021"
        if any(_best(l, "t2019_headers", 0.85)[0] for l in labs):
            return "t2019"
    return None


# The proactive table's column headers that tell its generation (the decisions column both print).
_T2021_HEADER_COLS = {k: v for k, v in _T2021_COLS.items() if k != "decisions"}
_T2019_HEADER_COLS = {k: v for k, v in _T2019_COLS.items() if k != "decisions"}
# The label sets that _best and _plan compare against, by name.
_CANDIDATES: dict[str, dict[str, tuple[str, ...]]] = {
    "active": _ACTIVE_ALIASES,
    "t2021_headers": _T2021_HEADER_COLS,
    "t2019_headers": _T2019_HEADER_COLS,
    "request_parents": {key: tuple(aliases) for key, aliases in t2021.REQUEST_PARENTS.items()},
}


def _is_legacy(rows: list[TableRow]) -> bool:
    for row in rows:
        lab = normalise_label(row.label, keep_notes=True)
        if any(m in lab for m in _LEGACY_MARKERS) and not any(m in lab for m in ("本年制发件数", "本年新制作数量")):
            return True
    units = sum(1 for r in rows if r.unit)
    if units >= 3 and units >= len(rows) // 3:
        return True
    # no header, no unit column: rows that only the legacy 统计表 prints
    named = sum(1 for r in rows if r.values and r.labels and canonical_name(r.label, parent=None))
    return named >= 3


_MONEY = {"元": 1, "万元": 10_000, "亿元": 100_000_000}


def _record(
    table: str, variable: str, row_label: str, column_label: str, cell: tuple[CellValue, Any] | None,
    *, unit: str | None, parent: str | None = None, where: Any = None, missing: bool = False, notes: Any = None,
) -> dict[str, Any]:
    if cell is None:
        return {
            "table": table, "variable": variable, "row_label": row_label, "column_label": column_label,
            "parent": parent, "value": None, "unit": unit, "raw": None, "status": "missing" if missing else "absent",
            "where": where,
        }
    cv, w = cell
    if cv.scale == 10_000 and unit == "万元":
        cv = replace(cv, value=cv.printed, scale=1)  # "1.2万" in a 万元 column is 1.2 万元
    value = cv.value if cv.status == "ok" else None
    if value is not None and cv.unit and cv.unit != unit:
        # a unit printed in the cell wins over the column's: convert it explicitly, or give up
        if cv.unit in _MONEY and unit in _MONEY and cv.scale == 1:
            v = Decimal(str(value)) * _MONEY[cv.unit] / _MONEY[unit]
            value = int(v) if v == v.to_integral_value() else float(v)
            if notes is not None:
                notes(f"row {row_label!r}: {cv.raw.strip()!r} converted to {value} {unit}")
        elif unit in _MONEY or cv.unit in _MONEY or cv.unit in ("%", "人", "人次"):
            if notes is not None:
                notes(f"row {row_label!r}: cell {cv.raw.strip()!r} is printed in {cv.unit}, the column in {unit}: missing")
            value = None
    return {
        "table": table, "variable": variable, "row_label": row_label, "column_label": column_label,
        "parent": parent, "value": value, "unit": unit,
        "raw": cv.raw, "status": "ok" if value is not None else "missing", "where": w,
    }


# Words that only one generation's proactive table prints (headers, some rows), after
# normalisation; truncated and misprinted headers seen in real copies included (registry data).
_GEN_WORDS: dict[str, tuple[str, ...]] = generation_words()
_REQ_ANCHORS = registry()["requests"]["anchors"]
_APPLICANT_HEADER = tuple(_REQ_ANCHORS["header_any"])
_REVIEW_OUTCOMES = tuple(registry()["review"]["anchors"]["any"])


def _any_of(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern found in a text exactly when one of ``words`` is in it."""
    words = tuple(words)
    return re.compile("|".join(re.escape(w) for w in words) if words else "(?!)")  # none: never found


_REQUEST_MARKER = _any_of(_REQUEST_MARKERS)
_REVIEW_MARKER = _any_of(_REVIEW_MARKERS)
_REVIEW_WORD = _any_of((*_REVIEW_MARKERS, *_REVIEW_OUTCOMES))


@dataclass(slots=True)
class _Anchors:
    """What the printed labels say about the tables present."""

    active_gen: str | None = None
    request_header: bool = False
    review_header: bool = False
    text: str = ""
    counts: dict = field(default_factory=dict)


def _anchors(rows: list[TableRow]) -> _Anchors:
    labels = [normalise_label(t) for r in rows for t, _ in r.labels]
    joined = "|".join(labels)
    counts = {g: sum(1 for w in ws if w in joined) for g, ws in _GEN_WORDS.items()}
    # 本年新 is a truncated t2019 header only as a cell of its own
    counts["t2019"] -= ("本年新" in joined) and not any(l == "本年新" for l in labels)
    gen = _active_generation(rows)
    if counts["t2021"] > counts["t2019"]:
        gen = "t2021"
    elif counts["t2019"] > counts["t2021"]:
        gen = "t2019"
    cells = set(labels)
    req = (_REQ_ANCHORS["header_first"] in joined and any(h in joined for h in _APPLICANT_HEADER)
           or _REQ_ANCHORS["section"] in joined)
    rev = all(a in joined for a in registry()["review"]["anchors"]["all"]) and any(o in joined for o in _REVIEW_OUTCOMES)
    return _Anchors(gen, req, rev, joined, counts)


def _parse_template(
    rows: list[TableRow], anchors: _Anchors, *, cut: bool = False
) -> tuple[list[dict], str | None, list[str]]:
    """Records of the proactive, request and review tables of the template generations.

    Rows are found by the template's labels; the template says how many values a
    row carries and in which order (:func:`~ogi_nlp.tables.stream.fit_row`).  A row
    whose values cannot be placed with certainty is missing, with a note naming it.
    """
    active_gen = anchors.active_gen
    recs: list[dict] = []
    notes: list[str] = []
    noted: set[str] = set()

    def note(msg: str) -> None:
        if msg not in noted:
            noted.add(msg)
            notes.append(msg)

    active_defs = _T2019_ACTIVE if active_gen == "t2019" else _T2021_ACTIVE
    col_labels = {c.key: c.label for c in (t2019.ACTIVE_COLUMNS if active_gen == "t2019" else t2021.ACTIVE_COLUMNS)}
    req_parent: str | None = None
    req_parent_label: str | None = None
    review_done = review_pending = False
    seen: dict[str, int] = {}
    req_notes: list[str] = []  # kept only if the request table is confirmed by its anchors

    def add(rec: dict, row: TableRow) -> None:
        var = rec["variable"]
        if var not in seen:
            seen[var] = len(recs)
            recs.append(rec)
            return
        first = recs[seen[var]]
        if first["status"] != "ok" and first["raw"] is None and rec["status"] == "ok":
            recs[seen[var]] = rec  # a header or blank row took the name first; the printed row wins
            return
        if rec["status"] == "ok" and first["status"] == "ok" and rec["value"] != first["value"]:
            # the same cell printed twice with different numbers: neither can be trusted
            first.update(value=None, status="missing")
            note(f"row {rec['row_label']!r} printed twice with different values: {var} is missing")
        else:
            _note_duplicate(req_notes.append if rec["table"] == "requests" else note, rec["row_label"], row)

    other_sub = False
    other_single = False
    req_rows_found: set[str] = set()
    last = rows[-1] if rows else None
    for row in rows:
        marks = [_label_facts(t) for t, _ in row.labels]  # per label: markers, and the request block it opens
        if any(m[0] for m in marks):
            req_parent = None
        for (text, _), m in zip(reversed(row.labels), reversed(marks)):  # as _request_parent(row)
            if m[3] is not None:
                req_parent, req_parent_label = m[3], text.strip()
                break
        if not review_done and any(m[1] for m in marks):
            review_pending = True
        if not row.values:
            continue
        printed = sum(1 for cv, _ in row.values if cv.status == "ok" or normalise_label(cv.raw))
        blank_only = not printed
        akey, ascore, _, alabel = _row_key(row, "active", threshold=0.8)
        rkey, rlabel = _request_key(row, req_parent)
        if blank_only and not (akey or rkey or review_pending and len(row.values) >= len(t2021.REVIEW_COLUMNS)):
            continue  # labels with blank fields only (a header row, a filler line)
        in_review = any(m[2] for m in marks)
        if review_pending and (akey is None and rkey is None or in_review) and (
            in_review or printed >= len(t2021.REVIEW_COLUMNS) or blank_only
        ):
            # the review header (or the heading of its section) was printed: its values come next
            review_done, review_pending = True, False
            fit = fit_row(row, len(t2021.REVIEW_COLUMNS))
            if fit.problem and not blank_only:
                note(f"review table: {fit.problem}; its values are missing")
            for (var, clabel), cell in zip(t2021.REVIEW_COLUMNS, fit.cells):
                recs.append(_record("review", var, "", clabel, cell, unit="件", missing=fit.problem is not None))
            continue
        if akey is not None and (rkey is None or ascore >= 0.95):
            if active_gen is None:
                note(f"row {alabel.strip()!r}: the proactive table's template (2019 or 2021) cannot be told; its values are missing")
                continue
            rd = active_defs.get(akey)
            if rd is None:
                continue  # a row the other generation's template prints
            cols = list(rd.columns)
            fit = fit_row(row, len(cols), at_end=row is last, cut_last=cut and row is last)
            if fit.problem and not blank_only:
                note(f"row {alabel.strip()!r}: {fit.problem}; its values are missing")
            for ckey, cell in zip(cols, fit.cells):
                var = f"active.{akey}.{ckey}"
                add(_record("active", var, alabel.strip(), col_labels.get(ckey, ckey), cell,
                            unit=_UNIT_OF.get(ckey), where=row.where, missing=fit.problem is not None,
                            notes=note), row)
            continue
        if rkey is not None:
            if rkey.startswith("result.other."):
                other_sub = True
            if rkey == "result.other" and "总计" not in normalise_label(rlabel):
                other_single = True
            fit = fit_row(row, len(t2021.REQUEST_COLUMNS), total_last=True, at_end=row is last,
                          cut_last=cut and row is last)
            if fit.problem and not blank_only:
                req_notes.append(f"row {rlabel.strip()!r}: {fit.problem}; its values are missing")
            rd = _REQ[rkey]
            req_rows_found.add(rkey)
            parent_label = None
            if rd.parent and rd.parent != "result":
                parent_label = req_parent_label if req_parent == rd.parent else None
            for col, cell in zip(t2021.REQUEST_COLUMNS, fit.cells):
                var = f"requests.{rkey}.{col.key}"
                add(_record("requests", var, rlabel.strip(), col.label, cell, unit="件", parent=parent_label,
                            where=row.where, missing=fit.problem is not None, notes=req_notes.append), row)
            continue
    # a request table is one only when its anchors say so: the applicant header, or
    # several of its numbered rows (one alias such as 其他 or 总计 is nothing)
    strong = req_rows_found - set(_REQ_ANCHORS["weak_rows"])
    if req_rows_found and not (anchors.request_header or len(strong) >= _REQ_ANCHORS["min_numbered_rows"]):
        recs = [r for r in recs if r["table"] != "requests"]
        other_sub = other_single = False
        note("rows named like request-table rows were found without the table's header or numbered rows: not read")
    else:
        for msg in req_notes:
            note(msg)
    req_gen = "t2021" if other_sub else ("t2019" if other_single else None)
    return recs, req_gen, notes


def _note_duplicate(note, label: str, row: TableRow) -> None:
    # one note per label, however often it is printed again (a note per copy made huge texts quadratic)
    note(f"row {label.strip()!r} printed again: the first one is kept")


def _fill_absent(recs: list[dict], generation: str | None, req_gen: str | None) -> list[dict]:
    """Add an ``absent`` record for each template cell of a found table that was not read."""
    have = {r["variable"] for r in recs}
    tables = {r["table"] for r in recs}
    add: list[dict] = []
    if "requests" in tables:
        for rd in t2021.REQUEST_ROWS:
            if req_gen == "t2019" and rd.key in t2021.OTHER_SUBROWS:
                continue
            if req_gen == "t2021" and rd.key == "result.other":
                continue  # a subtotal only some reports print
            for col in t2021.REQUEST_COLUMNS:
                var = f"requests.{rd.key}.{col.key}"
                if var not in have:
                    add.append(_record("requests", var, rd.label, col.label, None, unit="件"))
    if "review" in tables:
        for var, clabel in t2021.REVIEW_COLUMNS:
            if var not in have:
                add.append(_record("review", var, "", clabel, None, unit="件"))
    if "active" in tables and generation in ("t2021", "t2019"):
        mod = t2021 if generation == "t2021" else t2019
        labels = {c.key: c.label for c in mod.ACTIVE_COLUMNS}
        units = {c.key: c.unit for c in mod.ACTIVE_COLUMNS}
        for rd in mod.ACTIVE_ROWS:
            if rd.key == "other_documents":
                continue  # printed only by some t2019 reports
            for ck in rd.columns:
                var = f"active.{rd.key}.{ck}"
                if var not in have:
                    add.append(_record("active", var, rd.label, labels[ck], None, unit=units[ck]))
    return recs + add


@lru_cache(maxsize=8192)
def _is_value(text: str | None) -> bool:
    if text is None:
        return False
    cv = parse_cell(text)
    return cv.status == "ok" or (cv.status == "missing" and bool(normalise_label(text)))


def _header_rows(block: Block, r: int, c0: int) -> list[tuple[str | None, ...]]:
    """The header rows above grid row ``r`` whose value columns start at ``c0``."""
    found: list[tuple[str | None, ...]] = []
    for i in range(r - 1, -1, -1):
        row = block.rows[i]
        has_value = any(_is_value(t) for t in row[c0:])
        has_text = any(t and t.strip() and not _is_value(t) for t in row[c0:])
        if has_value:
            if found:
                break
            continue
        if has_text:
            found.append(row)
        elif found:
            break
    return found[::-1]


def _printed_leaf(headers: list[tuple[str | None, ...]], c: int) -> str | None:
    """The lowest header cell printed in column ``c`` itself (no merged-cell guessing)."""
    for row in reversed(headers):
        text = row[c] if c < len(row) else None
        clean = "".join((text or "").split())
        if clean:
            return clean
    return None


def _printed_columns(recs: list[dict], doc: Document) -> None:
    """Use the header cell printed above a value as the last level of its column label.

    Upper levels (法人或其他组织, 行政诉讼/未经复议直接起诉) stay the template's:
    readers represent merged header cells too differently to follow them safely.
    """
    if not any(b.kind == "table" and b.layout != "flattened" for b in doc.blocks):
        return  # no grid: no header printed above a value's column
    cache: dict[tuple[int, int, int], list] = {}
    for rec in recs:
        where = rec.get("where")
        if where is None or rec["status"] == "absent" or rec["raw"] is None:
            continue
        bi, _, r, c = where
        block = doc.blocks[bi]
        if block.kind != "table" or r < 0 or r >= len(block.rows) or block.layout == "flattened":
            continue  # one cell per line: headers cannot be assigned to columns
        row = block.rows[r]
        if c >= len(row) or row[c] != rec["raw"]:
            continue  # the record points at its row label, not at a value cell
        labels_end = [k for k, t in enumerate(row[:c]) if t is not None and t.strip() and not _is_value(t)]
        c0 = labels_end[-1] + 1 if labels_end else 0
        key = (bi, r, c0)
        if key not in cache:
            cache[key] = _header_rows(block, r, c0)
        leaf = _printed_leaf(cache[key], c)
        if leaf:
            head, _, _ = rec["column_label"].rpartition("/")
            rec["column_label"] = f"{head}/{leaf}" if head else leaf


def _image_blocks(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.kind == "image"]


_NAN = float("nan")
_INT_COLUMNS = ("block", "page", "cell_row", "cell_col")
_RECORD_COLUMNS = ("table", "variable", "row_label", "column_label", "parent", "value", "unit", "raw", "status")


def int64_array(values: list[Any]) -> Any:
    """``pd.array(values, dtype="Int64")``; built from data and mask where every value is an int or None."""
    if all(type(v) is int or v is None for v in values):
        data = np.array([1 if v is None else v for v in values], dtype=np.int64)  # 1 under the mask, as pd.array puts
        return pd.arrays.IntegerArray(data, np.array([v is None for v in values], dtype=bool))
    return pd.array(values, dtype="Int64")


def typed_frame(columns: dict[str, list[Any]], dtypes: dict[str, str]) -> pd.DataFrame:
    """A frame of ``columns`` (lists of values): those named in ``dtypes`` of that dtype, the
    others as pandas infers them from the values (a corpus build makes the same columns in
    Arrow from the lists and the pandas conversion of this frame's types, see ``ogi_nlp.corpus``).

    >>> typed_frame({"n": [1, 2], "ok": [True, None]}, {"ok": "boolean"}).dtypes.tolist()
    [dtype('int64'), BooleanDtype]
    """
    return pd.DataFrame({name: values if name not in dtypes else int64_array(values) if dtypes[name] == "Int64"
                         else pd.array(values, dtype=dtypes[name]) for name, values in columns.items()})


@lru_cache(maxsize=1)
def _no_values() -> pd.DataFrame:
    """The frame of no record (made once, copied: most copies of some corpora have no table)."""
    return pd.DataFrame({c: pd.array([], dtype="Int64") if c in _INT_COLUMNS else pd.Series([], dtype=object)
                         for c in COLUMNS})


def values_frame(columns: dict[str, list[Any]]) -> pd.DataFrame:
    """The tidy values frame (:attr:`ParsedTables.values`) of its columns as lists."""
    if not columns["table"]:
        return _no_values().copy()
    # value set explicitly: inference would turn every int into a float once one 万元 decimal is present
    return typed_frame(columns, VALUE_DTYPES)


# the values frame's columns given a dtype; the others are as pandas infers them from the values
VALUE_DTYPES = {"value": "object", **{c: "Int64" for c in _INT_COLUMNS}}


def _record_columns(recs: list[dict], gens: dict[str, str | None]) -> dict[str, list[Any]]:
    # built column by column (a frame of row dicts costs more); a key a record lacks is NaN, as there
    try:
        columns: dict[str, Any] = dict(zip(_RECORD_COLUMNS, map(list, zip(*map(itemgetter(*_RECORD_COLUMNS), recs)))))
    except KeyError:  # a record without some key
        columns = {c: [r.get(c, _NAN) for r in recs] for c in _RECORD_COLUMNS}
    if not recs:
        columns = {c: [] for c in _RECORD_COLUMNS}
    columns["value"] = [pd.NA if v is None else v for v in columns["value"]]
    columns["generation"] = [gens.get(t) for t in columns["table"]]
    blocks, pages, cell_rows, cell_cols = [], [], [], []
    for r in recs:
        where = r.get("where")
        block, page, cr, cc = where if where is not None else (None, None, None, None)
        if cr is not None and cr < 0:
            cr = cc = None  # a line of a paragraph block: no grid cell to point at
        blocks.append(block)
        pages.append(page)
        cell_rows.append(cr)
        cell_cols.append(cc)
    columns.update(block=blocks, page=pages, cell_row=cell_rows, cell_col=cell_cols)
    return {c: columns[c] for c in COLUMNS}


def parse_tables(doc: Document) -> ParsedTables:
    """Read a report's numeric tables into tidy named variables.

    Parameters
    ----------
    doc : Document
        A document from :func:`ogi_nlp.read.read_document` (tables as
        ``grid``, ``flattened`` or ``pipe`` blocks).

    Returns
    -------
    ParsedTables
        ``values`` (tidy frame), ``generation``, ``request_rows`` and
        ``warnings``.  Warnings are also issued as :class:`TableWarning` and
        recorded with ``doc.warn``.

    Raises
    ------
    TypeError
        If ``doc`` is not a :class:`~ogi_nlp.document.Document`.

    Notes
    -----
    A value is never filled in: a cell printed as -, —, /, 无 or blank has
    status ``missing``; a template cell of a table that was found but that
    has no cell in the source has status ``absent``.  Both have value NA.
    A row whose printed values cannot be placed in its columns with
    certainty, a cell printed twice with different numbers and a cell whose
    printed unit cannot be converted to the column's are ``missing`` too, with
    a warning naming the row.  A cell printed in 元 in a 万元 column is
    converted (251000元 -> 25.1) and the conversion noted.  A document without
    OGI table anchors yields no value and a warning saying so.
    """
    if not isinstance(doc, Document):
        raise TypeError(
            f"parse_tables expects an ogi_nlp Document (from ogi_nlp.read.read_document), got {type(doc).__name__}"
        )
    result = _parse(doc)
    for msg in result.warnings:
        warnings.warn(f"{doc.name}: {msg}", TableWarning, stacklevel=2)
        doc.warn(msg)
    return result


_ANNUAL = ("政府信息公开", "年度报告")
_EXPECTED = "主动公开政府信息情况, 收到和处理政府信息公开申请情况, 政府信息公开行政复议、行政诉讼情况"


def _parse(doc: Document) -> ParsedTables:
    idx = [i for i, b in enumerate(doc.blocks) if b.kind == "table"]
    blocks = [doc.blocks[i] for i in idx]
    rows = table_rows(blocks, idx)
    notes: list[str] = []
    gens: dict[str, str | None] = {}
    if rows and _is_legacy(rows):
        recs = list(legacy_records(rows, notes))
        req_gen = None
        generation = "legacy" if recs else None
        gens = {"legacy": generation}
    else:
        srows = stream_rows(doc)
        anchors = _anchors(srows)
        active_gen = anchors.active_gen
        recs, req_gen, notes = _parse_template(srows, anchors, cut=bool(doc.meta.get("ends_mid_line")))
        if not recs and max(anchors.counts.values(), default=0) < 2:
            active_gen = req_gen = None  # no table and no header that tells a template
        generation = active_gen or req_gen
        recs = _fill_absent(recs, active_gen or req_gen, req_gen)
        gens = {"active": active_gen, "requests": req_gen or active_gen, "review": generation}
    images = _image_blocks(doc)
    names = ", ".join(b.text.strip() for b in images)
    if images and not any(r["status"] == "ok" for r in recs):
        notes.append(f"tables shown only as images ({names}): their values are missing from the text")
    elif generation in ("t2019", "t2021"):
        found = {r["table"] for r in recs}
        for table, label in _TABLE_NAMES.items():
            if table not in found:
                hint = f"; the report shows images ({names})" if images else ""
                notes.append(f"no {label} table found{hint}: its values are missing")
    if not any(r["status"] == "ok" for r in recs) and not images:
        head = doc.text[:3000]
        if recs:
            notes.append("OGI tables were found but none of their values could be read")
        elif all(w in head for w in _ANNUAL) or "政府信息公开工作年报" in head:
            notes.append(f"an OGI annual report with no table value read: expected the tables {_EXPECTED}")
        else:
            notes.append("no OGI table found: the document does not look like an OGI annual report, no OGI variable is given")
    _printed_columns(recs, doc)
    return ParsedTables(None, generation, req_gen, notes, columns=_record_columns(recs, gens))
