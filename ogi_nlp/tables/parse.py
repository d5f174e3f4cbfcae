"""Document -> tidy table values: one row per printed (or expected) cell.

The tables of a report are read as one sequence of logical rows
(:mod:`ogi_nlp.tables.rows`); each row is matched by its label to the
template rows of the proactive table, the request matrix or the legacy
统计表, and the review table is recognised by its header.  Column headers
(本年制发件数 …) set the columns of the proactive rows that follow them.

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

import warnings
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Iterable

import pandas as pd

from ..document import Block, Document
from ..errors import TableWarning
from . import t2019, t2021
from .cells import CellValue, parse_cell
from .labels import best_match, normalise_label, similarity, split_numbering
from .legacy import canonical_name, legacy_records
from .rows import TableRow, fit_values, table_rows

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
_REVIEW_MARKERS = ("行政诉讼", "未经复议直接起诉", "复议后起诉")
_REQUEST_MARKERS = ("申请人情况", "自然人", "本年新收政府信息公开申请数量")
_LEGACY_MARKERS = ("统计指标", "指标名称", "统计数")


@dataclass(slots=True)
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
    """

    values: pd.DataFrame
    generation: str | None = None
    request_rows: str | None = None
    warnings: list[str] = field(default_factory=list)


def _labels_norm(row: TableRow) -> list[str]:
    return [normalise_label(t) for t, _ in row.labels]


def _header_columns(row: TableRow, columns: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """Column keys (with printed labels) found among a row's labels, in order."""
    found: list[tuple[str, str]] = []
    for text, _ in row.labels:
        key, score = best_match(normalise_label(text), columns, threshold=0.85)
        if key is not None and key not in [k for k, _ in found]:
            found.append((key, text.strip()))
    return found


def _row_key(
    row: TableRow, candidates: dict[str, tuple[str, ...]], *, threshold: float = 0.75
) -> tuple[str | None, float, str, str]:
    """Best key for the most specific label of a row: (key, score, number, label)."""
    for text, _ in reversed(row.labels):
        num, rest = split_numbering(text)
        key, score = best_match(rest, candidates, threshold=threshold)
        if key is not None:
            return key, score, num, text
    return None, 0.0, "", ""


def _request_key(row: TableRow, parent: str | None) -> tuple[str | None, str]:
    """Match a request-table row, using the numbering and current block."""
    for text, _ in reversed(row.labels):
        num, rest = split_numbering(text)
        if not rest:
            continue
        best, best_score = None, 0.0
        for key, rd in _REQ.items():
            sc = max(similarity(rest, a) for a in rd.aliases)
            if sc < 0.7:
                continue
            if num and rd.number and num == rd.number:
                sc += 0.1
            if parent and rd.parent == parent:
                sc += 0.05
            if sc > best_score:
                best, best_score = key, sc
        if best is not None and best_score >= 0.8:
            return best, text
    return None, ""


def _request_parent(row: TableRow) -> tuple[str | None, str | None]:
    """The request-table block a row opens (（三）不予公开 -> result.withheld)."""
    for text, _ in reversed(row.labels):
        num, rest = split_numbering(text)
        if num and not num.startswith("(") and not num.endswith("、"):
            continue  # 1. 2. 0. number sub-rows, not blocks
        for key, aliases in t2021.REQUEST_PARENTS.items():
            if any(similarity(rest, a) >= 0.8 for a in aliases):
                return key, text.strip()
    return None, None


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
        if any(best_match(l, {k: v for k, v in _T2021_COLS.items() if k != "decisions"}, threshold=0.85)[0] for l in labs):
            return "t2021"
        if any(best_match(l, {k: v for k, v in _T2019_COLS.items() if k != "decisions"}, threshold=0.85)[0] for l in labs):
            return "t2019"
    return None


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


def _record(
    table: str, variable: str, row_label: str, column_label: str, cell: tuple[CellValue, Any] | None,
    *, unit: str | None, parent: str | None = None, where: Any = None,
) -> dict[str, Any]:
    if cell is None:
        return {
            "table": table, "variable": variable, "row_label": row_label, "column_label": column_label,
            "parent": parent, "value": None, "unit": unit, "raw": None, "status": "absent", "where": where,
        }
    cv, w = cell
    if cv.scale == 10_000 and unit == "万元":
        cv = replace(cv, value=cv.printed, scale=1)  # "1.2万" in a 万元 column is 1.2 万元
    return {
        "table": table, "variable": variable, "row_label": row_label, "column_label": column_label,
        "parent": parent, "value": cv.value if cv.status == "ok" else None, "unit": unit,
        "raw": cv.raw, "status": "ok" if cv.status == "ok" else "missing", "where": w,
    }


def _parse_template(rows: list[TableRow], active_gen: str | None) -> tuple[list[dict], str | None, list[str]]:
    """Records of the proactive, request and review tables of the template generations."""
    recs: list[dict] = []
    notes: list[str] = []
    active_cols: list[tuple[str, str]] = []
    col_aliases = _T2019_COLS if active_gen == "t2019" else _T2021_COLS
    active_defs = _T2019_ACTIVE if active_gen == "t2019" else _T2021_ACTIVE
    req_parent: str | None = None
    req_parent_label: str | None = None
    review_pending = False
    review_vals: list[tuple[CellValue, Any]] = []
    review_done = False
    seen: set[str] = set()
    other_sub = False
    other_single = False
    for row in rows:
        labs = _labels_norm(row)
        header = _header_columns(row, col_aliases)
        if header:
            active_cols = header
        if any(any(m in l for m in _REVIEW_MARKERS) for l in labs) and not review_done:
            review_pending = True
        if any(any(m in l for m in _REQUEST_MARKERS) for l in labs):
            req_parent = None
        par, par_label = _request_parent(row)
        if par is not None:
            req_parent, req_parent_label = par, par_label
        if review_pending and row.values:
            # the review header was just printed: its values come next
            review_vals.extend(row.values)
            if len(review_vals) >= len(t2021.REVIEW_COLUMNS):
                review_pending, review_done = False, True
            continue
        akey, ascore, _, alabel = _row_key(row, _ACTIVE_ALIASES, threshold=0.8)
        rkey, rlabel = _request_key(row, req_parent)
        if akey is not None and (rkey is None or ascore >= 0.95):
            rd = active_defs.get(akey) or _T2019_ACTIVE.get(akey)
            cols = [c for c in active_cols if c[0] in rd.columns] or [(c, c) for c in rd.columns]
            if len(cols) < len(rd.columns) and not row.values:
                cols = [(c, c) for c in rd.columns]
            _note_extra(notes, alabel, row, len(cols))
            fitted = fit_values(row.values, len(cols))
            for (ckey, clabel), cell in zip(cols, fitted):
                var = f"active.{akey}.{ckey}"
                if var in seen:
                    _note_duplicate(notes, alabel, row)
                    continue
                seen.add(var)
                recs.append(_record("active", var, alabel.strip(), clabel, cell, unit=_UNIT_OF.get(ckey), where=row.where))
            continue
        if rkey is not None and row.values:
            if rkey.startswith("result.other."):
                other_sub = True
            if rkey == "result.other" and "总计" not in normalise_label(rlabel):
                other_single = True
            _note_extra(notes, rlabel, row, len(t2021.REQUEST_COLUMNS))
            fitted = fit_values(row.values, len(t2021.REQUEST_COLUMNS))
            rd = _REQ[rkey]
            parent_label = None
            if rd.parent and rd.parent != "result":
                parent_label = req_parent_label if req_parent == rd.parent else None
            for col, cell in zip(t2021.REQUEST_COLUMNS, fitted):
                var = f"requests.{rkey}.{col.key}"
                if var in seen:
                    _note_duplicate(notes, rlabel, row)
                    continue
                seen.add(var)
                recs.append(_record("requests", var, rlabel.strip(), col.label, cell, unit="件", parent=parent_label, where=row.where))
            continue
    if review_vals:
        fitted = fit_values(review_vals, len(t2021.REVIEW_COLUMNS))
        for (var, clabel), cell in zip(t2021.REVIEW_COLUMNS, fitted):
            recs.append(_record("review", var, "", clabel, cell, unit="件"))
    req_gen = "t2021" if other_sub else ("t2019" if other_single else None)
    return recs, req_gen, notes


def _note_extra(notes: list[str], label: str, row: TableRow, n: int) -> None:
    printed = [cv for cv, _ in row.values if normalise_label(cv.raw)]
    if len(printed) > n:
        notes.append(
            f"row {label.strip()!r} has {len(printed)} values for {n} columns: "
            f"the first {n} are kept, {', '.join(cv.raw.strip() for cv in printed[n:])} dropped"
        )


def _note_duplicate(notes: list[str], label: str, row: TableRow) -> None:
    where = row.where
    msg = f"row {label.strip()!r} printed again (block {where[0] if where else '?'}): the first one is kept"
    if msg not in notes:
        notes.append(msg)


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
    cache: dict[tuple[int, int, int], list] = {}
    for rec in recs:
        where = rec.get("where")
        if where is None or rec["status"] == "absent" or rec["raw"] is None:
            continue
        bi, _, r, c = where
        block = doc.blocks[bi]
        if block.layout == "flattened":
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


def _frame(recs: list[dict], doc: Document, gens: dict[str, str | None]) -> pd.DataFrame:
    out = []
    for r in recs:
        where = r.pop("where", None)
        block, page, cr, cc = where if where is not None else (None, None, None, None)
        r.update(
            generation=gens.get(r["table"]), block=block, page=page, cell_row=cr, cell_col=cc
        )
        if r["value"] is None:
            r["value"] = pd.NA
        out.append(r)
    df = pd.DataFrame(out, columns=list(COLUMNS))
    # set explicitly: inference would turn every int into a float once one 万元 decimal is present
    df["value"] = pd.Series([r["value"] for r in out], index=df.index, dtype=object)
    for c in ("block", "page", "cell_row", "cell_col"):
        df[c] = df[c].astype("Int64")
    return df


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


def _parse(doc: Document) -> ParsedTables:
    idx = [i for i, b in enumerate(doc.blocks) if b.kind == "table"]
    blocks = [doc.blocks[i] for i in idx]
    rows = table_rows(blocks, idx)
    notes: list[str] = []
    gens: dict[str, str | None] = {}
    if rows and _is_legacy(rows):
        recs = list(legacy_records(rows))
        req_gen = None
        generation = "legacy" if recs else None
        gens = {"legacy": generation}
    else:
        active_gen = _active_generation(rows)
        recs, req_gen, notes = _parse_template(rows, active_gen)
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
    _printed_columns(recs, doc)
    return ParsedTables(_frame(recs, doc, gens), generation, req_gen, notes)
