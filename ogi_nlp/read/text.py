"""Plain text to blocks: paragraphs, flattened and pipe tables, image placeholders.

Text extracted from published reports keeps tables in one of two shapes:

* **flattened**: one cell per line, cells usually indented by a tab, a blank
  line between printed rows, short labels and numbers without sentence-final
  punctuation.  A run of such lines becomes one ``table`` block with
  ``layout="flattened"``.  ``rows`` is a single column, one ``(cell,)`` per
  cell line in reading order; a cell line that is printed blank (a lone tab)
  is kept as ``""`` so that positions stay countable.  The block's text holds
  the printed rows, one per line, cells separated by tabs (see
  :func:`flattened_rows`).  A line without a tab squeezed between two cell
  lines ("商业" / "企业") is the wrapped rest of the cell above and is joined
  to it.  Without tabs, a run of short lines that is mostly numbers is read
  the same way, with the header cells printed above its first row (short labels
  without numbers); a 2019/2021 section title standing between two such tables
  stays a paragraph, the next section's heading.
* **pipe**: ``| 规章 | 0 | 0 | 1 |`` rows (markdown or web copies), or rows
  of tab-separated cells (``规章<TAB>0<TAB>0<TAB>1``, a table pasted from a web
  page or a spreadsheet; one tab per cell, so an empty field is a blank
  cell): a ``table`` block with real rows, ``layout="pipe"``; separator rows
  (``|---|``) are dropped and short rows padded with ``None``.

A line that is only an image file name ("1.jpg", "图2.png") is an ``image``
block.  Everything else is a ``paragraph``: one block per line, stripped of
indentation (ASCII, full-width or ideographic spaces) and of Word
``[bookmark: …]`` artefacts.  Lines that are only page numbers ("- 1 -",
"第1页") are dropped and listed in ``meta["dropped_lines"]``.  Every block
records its 1-based source ``line``.

Examples
--------
>>> from ogi_nlp.read.text import document_from_text
>>> doc = document_from_text("一、总体情况\\n　　全年受理申请5件。\\n\\t规章\\n\\t0\\n\\n\\t行政规范性文件\\n\\t3\\n")
>>> [(b.kind, b.line) for b in doc.blocks]
[('paragraph', 1), ('paragraph', 2), ('table', 3)]
>>> doc.blocks[1].text
'全年受理申请5件。'
>>> doc.tables()[0].cells
['规章', '0', '行政规范性文件', '3']
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..document import Block, Document
from .decode import normalize_newlines
from .furniture import strip_furniture
from .reflow import reflow_blocks
from .script import simplify_document
from ..zh.chars import WHITESPACE
from ..zh.enumerators import SECTION_HEAD, TOP_HEAD
from ..zh.pages import PAGE_NUMBER, is_page_number

__all__ = [
    "document_from_text", "blocks_from_text", "flattened_rows", "is_page_number", "tables_from_cell_runs",
    "structured_blocks",
]

_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
_SPACE = WHITESPACE
_TAB_LINE = re.compile(r"^[ \u3000\xa0]*\t")
_PIPE_LINE = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEP = re.compile(r"^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*(:?-{2,}:?\s*)?\|?\s*$")
_IMAGE = re.compile(
    r"^(?:!\[[^\]]*\]\([^)]*\)|[\w\-\u4e00-\u9fff （）()]{0,40}\.(?:jpe?g|png|gif|bmp|webp|tiff?|svg))$",
    re.IGNORECASE,
)
_PAGE_NUMBER = PAGE_NUMBER
# Sentence ends, also the half-width "." of web copies after a CJK character.
_FINAL_PUNCT = re.compile(r"[。！？!?]|[；;]\s*$|(?<=[\u4e00-\u9fff])\.(?!\d)")
_NUMERIC = re.compile(r"^[-+]?[\d０-９]+(?:[,，][\d０-９]{3})*(?:[.．][\d０-９]+)?\s*[%％]?$")
# Numbered section headings; never the wrapped tail of a cell.
_SECTION_HEAD = SECTION_HEAD
_TOP_HEAD = TOP_HEAD

_MAX_CELL = 120  # longest label seen in a table is ~60 characters
_MAX_UNTABBED = 80  # a tab-less cell line; longer lines are prose even without a full stop
# Unit cells of legacy tables ("条", "件"): they count as values when telling a tab-less
# table (label, unit, number per row) from prose.
_UNIT = re.compile(r"^(?:条|件|次|个|项|篇|期|场|家|份|人|人次|元|万元|千元|亿元|小时|天|日|%|％)$")
_MAX_WRAP = 30  # the wrapped tail of a cell is short
_MIN_CELLS = 3


def _clean(line: str) -> str:
    if "[bookmark:" in line:
        line = _BOOKMARK.sub("", line)
    return line.strip(_SPACE)


def _tsv_fields(text: str) -> list[str]:
    return [f.strip(_SPACE) for f in text.split("\t")]


def _is_tsv_row(text: str) -> bool:
    """A row of tab-separated cells ("规章\t0\t0\t1"), as copied from a web or Excel table."""
    if "\t" not in text:
        return False
    fields = _tsv_fields(text)
    filled = [f for f in fields if f]
    return len(filled) >= 2 and all(len(f) <= _MAX_CELL and not _FINAL_PUNCT.search(f) for f in filled)


# Every alternative of _FINAL_PUNCT needs one of these: a text without them is searched no further.
_FINAL_CHARS = re.compile(r"[。！？!?；;.]")


def _is_cell_like(text: str) -> bool:
    return len(text) <= _MAX_CELL and not (_FINAL_CHARS.search(text) and _FINAL_PUNCT.search(text))


def _is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text))


# A text PAGE_NUMBER matches opens with one of these, or with a space (regex "\s", str.isspace).
_PAGE_FIRST = frozenset("*-—–－―~～第Pp")


class _Line:
    __slots__ = ("no", "raw", "text", "kind")

    def __init__(self, no: int, raw: str) -> None:
        self.no = no
        self.raw = raw
        # _clean(raw), with the bookmark-free line kept for the tab tests
        bare = _BOOKMARK.sub("", raw) if "[bookmark:" in raw else raw
        self.text = text = bare.strip(_SPACE)
        # Each pattern is tried only where the characters it needs are present (same kinds, fewer
        # scans): a page number opens with one of _PAGE_FIRST (after spaces), a tsv row holds a tab.
        if not text:
            self.kind = "tabblank" if "\t" in bare and _TAB_LINE.match(bare) else "blank"
        elif ((first := text[0]) in _PAGE_FIRST or first.isspace()) and _PAGE_NUMBER.match(text):
            self.kind = "page"
        elif ("." in text or first == "!") and _IMAGE.match(text):  # a file name or ![...](...)
            self.kind = "image"
        elif "|" in raw and _PIPE_LINE.match(raw):
            self.kind = "pipe"
        elif "\t" in text and _is_tsv_row(text):
            self.kind = "tsv"
        elif "\t" in bare and _TAB_LINE.match(bare) and _is_cell_like(text):
            self.kind = "tab"
        else:
            self.kind = "text"


# Stands for a block that is not a one-cell paragraph (heading, table, image): ends a run.
_OTHER = _Line(-1, "-")
_OTHER.kind, _OTHER.text = "other", ""


def _is_wrap(lines: list[_Line], i: int) -> bool:
    """A tab-less line between two cell lines that continues the cell above."""
    line = lines[i]
    if line.kind != "text" or i == 0 or i + 1 >= len(lines):
        return False
    prev, nxt = lines[i - 1], lines[i + 1]
    return (
        prev.kind == "tab"
        and nxt.kind in ("tab", "tabblank")
        and len(line.text) <= _MAX_WRAP
        and _is_cell_like(line.text)
        and not _SECTION_HEAD.match(line.text)
        and not _is_numeric(prev.text)
        and not _is_numeric(line.text)
    )


def _groups(lines: list[_Line], *, untabbed: bool = False) -> list[list[str]]:
    """Printed rows (cells between blank lines) of a flattened-table run."""
    groups: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        if line.kind == "blank":
            if groups[-1]:
                groups.append([])
        elif line.kind == "tabblank":
            groups[-1].append("")
        elif line.kind == "tab" or untabbed or not groups[-1]:
            groups[-1].append(line.text.replace("\t", " "))
        else:  # wrapped tail of the cell above
            groups[-1][-1] += line.text.replace("\t", " ")
    if not groups[-1]:
        groups.pop()
    while groups and not any(groups[0]):
        groups.pop(0)
    while groups and not any(groups[-1]):
        groups.pop()
    return groups


def _table_block(lines: list[_Line], *, untabbed: bool = False) -> Block | None:
    groups = _groups(lines, untabbed=untabbed)
    cells = [c for g in groups for c in g if c]
    if len(cells) < _MIN_CELLS:
        return None
    text = "\n".join("\t".join(g) for g in groups)
    rows = tuple((c,) for g in groups for c in g)
    return Block("table", text, rows=rows, layout="flattened", line=lines[0].no)


def _pipe_block(lines: list[_Line]) -> Block | None:
    rows: list[list[str]] = []
    for line in lines:
        if _PIPE_SEP.match(line.raw):
            continue
        inner = line.raw.strip().strip("|")
        rows.append([_clean(c) for c in inner.split("|")])
    if not any(c for r in rows for c in r):  # separators or empty frames only
        return None
    width = max(len(r) for r in rows)
    grid = tuple(tuple(r) + (None,) * (width - len(r)) for r in rows)
    text = "\n".join("\t".join(r) for r in rows)
    return Block("table", text, rows=grid, layout="pipe", line=lines[0].no)


def _tsv_block(lines: list[_Line]) -> Block | None:
    rows = [_tsv_fields(_BOOKMARK.sub("", ln.raw).strip("\r\n")) for ln in lines]
    # leading indentation before the first tab is not a cell
    rows = [r[1:] if r and not r[0] and not _TAB_LINE.match(ln.raw) else r for r, ln in zip(rows, lines)]
    if len(rows) == 1 and not (sum(1 for f in rows[0] if f) >= 3 and any(_is_numeric(f) for f in rows[0])):
        return None
    width = max(len(r) for r in rows)
    grid = tuple(tuple(r) + (None,) * (width - len(r)) for r in rows)
    text = "\n".join("\t".join(r) for r in rows)
    return Block("table", text, rows=grid, layout="pipe", line=lines[0].no)


def _next_filled(lines: list[_Line], j: int) -> _Line | None:
    k = _next_filled_at(lines, j)
    return None if k is None else lines[k]


def _next_filled_at(lines: list[_Line], j: int) -> int | None:
    for k in range(j, len(lines)):
        if lines[k].kind != "blank":
            return k
    return None


def _is_value_cell(text: str) -> bool:
    return _is_numeric(text) or bool(_UNIT.match(text))


def _value_follows(lines: list[_Line], j: int, skips: int = 1) -> bool:
    # Inside a table a group label's value may come after a sub-label and a note, both
    # bracketed ("二、回应解读情况" / "（一）回应公众关注热点…数" / "（不同方式回应…计1次）" /
    # "次" / "15"): ``skips=2``.
    k = _next_filled_at(lines, j)
    for _ in range(skips):
        if k is None or _is_value_cell(lines[k].text) or not lines[k].text.startswith(("（", "(")):
            break
        k = _next_filled_at(lines, k + 1)
    return k is not None and _is_value_cell(lines[k].text)


@lru_cache(maxsize=1)
def _template_titles() -> re.Pattern[str]:
    from ..tables.registry import registry  # the one list of the templates' section titles

    pats = [s["pattern"] for s in registry()["sections"]["template"]]
    return re.compile(r"^\s*(?:(?:[一二三四五六七八九十]+|\d{1,2})\s*[、.．,，]\s*)?(?:" + "|".join(pats) + r")\s*$")


def _is_template_title(text: str) -> bool:
    """A top-level title of the 2019/2021 templates ("3、收到和处理政府信息公开申请情况"):
    a section of the report, never a table's row label."""
    return len(text) <= 40 and bool(_template_titles().match(text))


_MAX_HEADER_CELL = 40  # the longest header cell of the templates ("（本列数据的勾稽关系为…）") is 35
_MAX_HEADER_LINES = 40  # the 2021 review table has 24 header cells


def _is_header_cell(line: _Line) -> bool:
    """A line that can be a header cell printed above a table's first row."""
    text = line.text
    return (
        line.kind == "text"
        and len(text) <= _MAX_HEADER_CELL
        and _is_cell_like(text)
        and not text.endswith((":", "："))
        and not (_SECTION_HEAD.match(text) and not _ARTICLE.match(text))
        and not _is_template_title(text)
        and not _is_value_cell(text)
    )


# The proactive table's header cites the regulation's articles (第二十条第（一）项): a
# header cell, although SECTION_HEAD takes 第…条 for a numbered heading.
_ARTICLE = re.compile(r"^第[一二三四五六七八九十]+条")


def _header_lines(lines: list[_Line], first: int, floor: int) -> int:
    """Index of the first header line above a tab-less table starting at ``first``.

    A table's header cells (信息内容 / 本年制发件数 …, 行政复议 / 行政诉讼 / 结果维持 …) are
    short labels without numbers, so a table found from its first row of values leaves
    them above it, where they would read as narrative; they belong to the table, as in a
    text whose cells are marked by tabs.  The header goes up over such lines (and blank
    lines), never above ``floor`` nor past a heading, a sentence or a number.
    """
    k, start, n = first - 1, first, 0
    while k >= floor and n < _MAX_HEADER_LINES:
        if lines[k].kind == "blank":
            k -= 1
            continue
        if not _is_header_cell(lines[k]):
            # a numbered group label ("一、主动公开情况") between the header cells and the
            # first row is the table's first row label, not a heading
            above = _previous_filled_at(lines, k - 1, floor)
            if not (k == first - 1 or start == first) or above is None or not _is_group_label(lines[k]) \
                    or not _is_header_cell(lines[above]):
                break
        start, n = k, n + 1
        k -= 1
    return start


def _previous_filled_at(lines: list[_Line], j: int, floor: int) -> int | None:
    for k in range(j, floor - 1, -1):
        if lines[k].kind != "blank":
            return k
    return None


def _is_group_label(line: _Line) -> bool:
    return (line.kind == "text" and bool(_SECTION_HEAD.match(line.text)) and _is_cell_like(line.text)
            and len(line.text) <= _MAX_HEADER_CELL and not _is_template_title(line.text))


def _untabbed_pieces(lines: list[_Line], start: int, end: int) -> list[tuple[Block | None, int]]:
    """A tab-less table run cut at the template titles inside it.

    Where a section ends with a table and the next begins with one, the title between
    them ("3、收到和处理政府信息公开申请情况") stands among short cell lines; it is the
    next section's heading, not a row label (no value follows it).  Returns, in order,
    ``(table block, first line)`` for each table piece and ``(None, line)`` for each
    line that stays a paragraph (the titles, and the lines of a piece too small to be a
    table).
    """
    cuts = [t for t in range(start, end)
            if lines[t].kind == "text" and _SECTION_HEAD.match(lines[t].text)
            and _is_template_title(lines[t].text) and not _value_follows(lines, t + 1)]
    out: list[tuple[Block | None, int]] = []
    a = start
    for b in cuts + [end]:
        if b > a:
            table = _table_block(lines[a:b], untabbed=True)
            if table is not None:
                out.append((table, a))
            else:
                out.extend((None, k) for k in range(a, b) if lines[k].kind != "blank")
        if b < end:
            out.append((None, b))
        a = b + 1
    return out


def _untabbed_table(lines: list[_Line], i: int) -> tuple[int, int]:
    """A tab-less run of short, mostly numeric lines starting at ``i``.

    Returns ``(end, hopeless)``: ``end`` (exclusive) of the table, ``i`` if
    none; no table can start before ``hopeless`` (the run has too few numbers).
    """
    j = i
    n_lines = n_num = n_unit = 0
    last = i
    while j < len(lines):
        line = lines[j]
        if line.kind == "blank":
            j += 1
            continue
        if line.kind != "text" or len(line.text) > _MAX_UNTABBED or not _is_cell_like(line.text):
            break
        # A numbered heading is a row label only when a number or a unit follows it
        # (after at most one note line such as "（不同渠道和方式公开相同信息计1条）").
        if _SECTION_HEAD.match(line.text) and (n_lines == 0 or _TOP_HEAD.match(line.text)):
            if not _value_follows(lines, j + 1, skips=1 if n_lines == 0 else 2):
                break
        n_lines += 1
        n_num += _is_numeric(line.text)
        n_unit += bool(_UNIT.match(line.text))
        j += 1
        last = j
    if n_lines >= 6 and n_num >= 4 and n_num + n_unit >= 0.4 * n_lines:
        return last, i
    return i, (last if n_num < 4 else i)


def blocks_from_text(text: str) -> tuple[list[Block], list[tuple[int, str]]]:
    """Split plain text into blocks (spans not yet set) and dropped lines.

    Returns
    -------
    blocks : list of Block
        In reading order, each with its 1-based source ``line``.
    dropped : list of (int, str)
        Page-number lines left out, with their line numbers.

    Examples
    --------
    >>> blocks, dropped = blocks_from_text("2.jpg\\n- 3 -\\n| 规章 | 0 |\\n|---|---|\\n| 行政许可 | 2 |")
    >>> [b.kind for b in blocks], dropped
    (['image', 'table'], [(2, '- 3 -')])
    >>> blocks[1].rows
    (('规章', '0'), ('行政许可', '2'))
    """
    lines = [_Line(no, raw) for no, raw in enumerate(normalize_newlines(text).split("\n"), start=1)]
    # Mark wrapped cell tails first: they belong to the table around them.
    wraps = {i for i, line in enumerate(lines) if line.kind == "text" and _is_wrap(lines, i)}
    blocks: list[Block] = []
    dropped: list[tuple[int, str]] = []
    hopeless = 0  # no tab-less table can start before this line index
    floor = 0  # nor take header lines from above this one (the end of the last table)
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        kind = line.kind
        if kind == "blank" or kind == "tabblank" and not _starts_table(lines, i, wraps):
            i += 1
        elif kind == "page":
            dropped.append((line.no, line.text))
            i += 1
        elif kind == "image":
            blocks.append(Block("image", line.text, line=line.no))
            i += 1
        elif kind == "pipe":
            j = i
            while j < n and lines[j].kind == "pipe":
                j += 1
            table = _pipe_block(lines[i:j])
            if table is not None:
                blocks.append(table)
            i = floor = j
        elif kind == "tsv":
            j = i
            while j < n and lines[j].kind == "tsv":
                j += 1
            table = _tsv_block(lines[i:j])
            if table is not None:
                blocks.append(table)
            else:
                blocks.extend(Block("paragraph", ln.text, line=ln.no) for ln in lines[i:j])
            i = floor = j
        elif kind in ("tab", "tabblank"):
            j = i
            while j < n and (lines[j].kind in ("tab", "tabblank", "blank") or j in wraps):
                j += 1
            run = lines[i:j]
            table = _table_block(run)
            if table is not None:
                blocks.append(table)
            else:  # too few cells for a table: ordinary lines
                blocks.extend(
                    Block("paragraph", ln.text, line=ln.no) for ln in run if ln.kind not in ("blank", "tabblank")
                )
            i = floor = j
        else:
            end = i
            if i >= hopeless:
                end, hopeless = _untabbed_table(lines, i)
            if end > i:
                # header cells above the first row of values belong to the table
                start = _header_lines(lines, i, floor)
                pieces = _untabbed_pieces(lines, start, end)
                if any(table is not None for table, _ in pieces):
                    while blocks and blocks[-1].kind == "paragraph" and blocks[-1].line is not None \
                            and blocks[-1].line - 1 >= start:
                        blocks.pop()
                    for table, k in pieces:
                        blocks.append(Block("paragraph", lines[k].text, line=lines[k].no) if table is None else table)
                    i = floor = end
                    continue
            blocks.append(Block("paragraph", line.text, line=line.no))
            i += 1
    return blocks, dropped


def tables_from_cell_runs(blocks: list[Block]) -> list[Block]:
    """Turn runs of one-cell paragraphs into flattened table blocks.

    Web pages and Word files sometimes carry a table whose grid was lost, one cell
    per paragraph (``<p>规章</p><p>0</p>…``). Such a run is found by the same test as
    a tab-less table in plain text (short lines, at least four numbers, numbers and
    units at least 40% of the lines) and becomes one ``layout="flattened"`` block;
    every other block is kept as it is.

    Examples
    --------
    >>> cells = ["信息内容", "本年制发件数", "规章", "0", "行政规范性文件", "3", "其他", "1", "合计", "4"]
    >>> out = tables_from_cell_runs([Block("heading", "二、主动公开")] + [Block("paragraph", c) for c in cells])
    >>> [b.kind for b in out], out[1].rows[:2]
    (['heading', 'table'], (('信息内容',), ('本年制发件数',)))
    """
    lines = [_Line(k, b.text) if b.kind == "paragraph" and "\n" not in b.text else None
             for k, b in enumerate(blocks)]
    if sum(1 for ln in lines if ln is not None and _is_numeric(ln.text)) < 4:
        return list(blocks)  # the common case: no table to find
    run = [ln if ln is not None else _OTHER for ln in lines]
    out: list[Block] = []
    i, hopeless, floor = 0, 0, 0  # blocks from floor on went to out one for one
    while i < len(blocks):
        end = i
        if lines[i] is not None and lines[i].kind == "text" and i >= hopeless:
            end, hopeless = _untabbed_table(run, i)
        start = _header_lines(run, i, floor) if end > i else i
        pieces = _untabbed_pieces(run, start, end) if end > i else []
        if not any(table is not None for table, _ in pieces):
            out.append(blocks[i])
            i += 1
            continue
        del out[len(out) - (i - start):]  # the header cells above go into the table
        for table, k in pieces:
            out.append(blocks[k] if table is None else replace(table, line=blocks[k].line, page=blocks[k].page))
        i = floor = end
    return out


def structured_blocks(blocks: list[Block]) -> tuple[list[Block], list[tuple[int, str]]]:
    """The blocks of a structured reader (HTML, DOCX) read by the rules of plain text.

    A page or a Word file often holds a report pasted from a text file or a PDF, one
    line per paragraph, with what such text carries: Word ``[bookmark: …]`` artefacts,
    page-number lines ("—4—", "第2页"), tables one cell per paragraph or one row per
    paragraph (``| 规章 | 0 |``), image file names.  Each run of one-line paragraphs is
    read by :func:`blocks_from_text`, the text reader's own rules, so that the same
    report gives the same blocks, sections and sentences in every format.  Headings,
    tables and images of the source are kept as they are and end a run; a paragraph
    that stays a paragraph is the source's own block, with its page and line.

    Returns
    -------
    blocks : list of Block
        The blocks, spans not yet set.
    dropped : list of (int, str)
        Page-number paragraphs left out, with their 1-based number among ``blocks``.

    Examples
    --------
    >>> paras = ["[bookmark: OLE_LINK1]本报告由某局编制。", "—4—", "| 规章 | 0 |", "| 行政许可 | 2 |"]
    >>> kept, dropped = structured_blocks([Block("paragraph", t) for t in paras])
    >>> [(b.kind, b.text) for b in kept], dropped
    ([('paragraph', '本报告由某局编制。'), ('table', '规章\\t0\\n行政许可\\t2')], [(2, '—4—')])
    """
    out: list[Block] = []
    dropped: list[tuple[int, str]] = []
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "paragraph" or "\n" in blocks[i].text:
            out.append(blocks[i])
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind == "paragraph" and "\n" not in blocks[j].text:
            j += 1
        read, gone = blocks_from_text("\n".join(b.text for b in blocks[i:j]))
        dropped.extend((i + no, text) for no, text in gone)
        for block in read:
            source = blocks[i + block.line - 1]
            if block.kind == "paragraph" and block.text == source.text:
                out.append(source)
            else:
                out.append(replace(block, line=source.line, page=source.page))
        i = j
    return out, dropped


def _starts_table(lines: list[_Line], i: int, wraps: set[int]) -> bool:
    j = i
    while j < len(lines) and (lines[j].kind in ("tabblank", "blank")):
        j += 1
    return j < len(lines) and lines[j].kind == "tab"


def flattened_rows(block: Block) -> list[list[str]]:
    """The printed rows of a flattened (or pipe) table block: its cells grouped by row.

    In a flattened table the blank lines between cell lines usually mark the
    printed rows; this recovers them from the block's text.  A row may have
    fewer cells than its neighbours when the extract lost a cell.

    Examples
    --------
    >>> from ogi_nlp.read.text import document_from_text
    >>> doc = document_from_text("\\t规章\\n\\t0\\n\\t1\\n\\n\\t行政规范性文件\\n\\t3\\n\\t0\\n")
    >>> flattened_rows(doc.tables()[0])
    [['规章', '0', '1'], ['行政规范性文件', '3', '0']]
    """
    if block.kind != "table":
        raise ValueError(f"flattened_rows expects a table block, got kind={block.kind!r}")
    return [row.split("\t") for row in block.text.split("\n")]


def document_from_text(text: str, name: str = "<text>", *, meta: dict[str, Any] | None = None) -> Document:
    """Read plain text into a :class:`~ogi_nlp.document.Document`.

    Parameters
    ----------
    text : str
        The report's text (any newline convention).
    name : str, optional
        Name of the document (the file name for files).
    meta : dict, optional
        Extra metadata; ``source`` defaults to ``name`` and ``format`` to
        ``"text"``.

    Returns
    -------
    Document
        ``text`` is simplified script; ``original`` the input as given (after
        newline normalisation and block cleaning); ``meta["script"]`` and
        ``meta["dropped_lines"]`` set.

    Examples
    --------
    >>> doc = document_from_text("三、收到和處理政府資訊公開申請情況\\n本年新收申請12件。")
    >>> doc.blocks[1].text, doc.meta["script"]
    ('本年新收申请12件。', 'traditional')
    """
    if not isinstance(text, str):
        raise TypeError(f"document_from_text expects str, got {type(text).__name__}")
    blocks, dropped = blocks_from_text(text)
    info: dict[str, Any] = {"source": name, "format": "text"}
    info.update(meta or {})
    info["dropped_lines"] = [list(d) for d in dropped]
    blocks, reflowed = reflow_blocks(blocks)
    info.update(reflowed)
    # a text that stops inside a line, on a digit, may have been cut inside a number (an
    # excerpt, a truncated copy): the table reader does not trust a number at that very end
    info["ends_mid_line"] = text[-1:].isdigit()
    doc = Document.from_blocks(name, blocks, meta=info)
    return strip_furniture(simplify_document(doc))
