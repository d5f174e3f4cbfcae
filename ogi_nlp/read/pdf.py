"""PDF files: narrative lines rejoined, tables from cell geometry.

Two engines read the same way (:func:`read_pdf`, ``engine=``):

* ``"pdfium"`` (the default): PDFium (pypdfium2) parses the file, its fonts
  and its content streams in C; the characters' boxes and the page's path
  objects are turned into exactly what pdfplumber would see (pdfminer's
  character boxes, the same rulings), and pdfplumber's own geometry rules are
  applied to them.  About 8 times as fast on the bundled reports (a median
  of about 120 pages per CPU second on this project's 2-core machine against
  about 15; ``benchmarks/bench_pdf.py``), with the same lines, sentences and
  table grids: a test compares the two engines block by block.
  A page whose geometry the fast path does not rebuild (a rotated page,
  rotated or mirrored text) is read by pdfplumber.
* ``"pdfplumber"``: the reference, pdfplumber and pdfminer in pure Python.

What PDFs of annual reports need (see the real reports in ``corpora/``):

* **Tables from geometry.**  In the text stream a row's numbers can come out
  before or after its wrapped label, so tables are read from ruling lines
  (``page.find_tables``).  Unstroked white rectangles (a background fill
  behind every text line, common in exported reports) are ignored: they are
  not rulings.  Cells keep pdfplumber's ``None`` for positions covered by a
  merged cell and ``""`` for a printed blank.  A table that runs on at the top
  of the next page (same column count, nothing else between) is stitched into
  one block; a row that the page break cut in two (its label's last line runs
  to the cell edge, the rest of the label heads the next page with no number)
  is rejoined, and so is a row-spanning label cut the same way ("（四）无" /
  "法提供").
* **Narrative** is the text outside table areas.  Lines are rejoined into
  paragraphs from the layout: a line that reaches the right margin continues
  on the next line unless that one is indented (a new paragraph in Chinese
  typesetting) or starts a numbered heading ("一、", "（二）").
* **Spaces** that pdfplumber inserts next to CJK characters ("2024 年") are
  removed; spaces between Latin words are kept.
* **Page furniture** is dropped: page numbers ("- 1 -", "第1页", "1/5", a bare
  number in the top or bottom band) and running headers/footers (the same
  line in the top or bottom band of most pages).

Large pictures (a table published as an image, a scanned page) give ``image``
blocks.  Each block records its 1-based ``page``; ``meta["pages"]`` is the
page count; ``meta["pdf_notes"]`` lists the tables stitched across pages.

**Damaged and hostile files.**  A broken cross-reference table is rebuilt by
PDFium from the objects in the file, with a warning to check the text (never
an empty "scanned" document); a page that cannot be loaded is skipped with a
warning; an encrypted file raises :class:`~ogi_nlp.errors.ReadError` saying
it needs a password; a truncated one says so.  Limits bound the work a file
can cause, each reached with a warning: ``MAX_PDF_PAGES`` pages read,
``MAX_PDF_PAGE_CHARS`` characters and ``MAX_PDF_PAGE_SEGMENTS`` path segments
per page, and no table search on a page with more than
``MAX_PDF_PAGE_RULINGS`` rulings or ``MAX_PDF_PAGE_CROSSINGS`` crossings.
Every failure is a ``ReadError`` naming the file.

Examples
--------
>>> from ogi_nlp.read.pdf import normalize_spaces
>>> normalize_spaces("2024 年，全市共受理申请 3119 件，Open Government 报告")
'2024年，全市共受理申请3119件，Open Government报告'
"""
from __future__ import annotations

import bisect
import ctypes
import functools
import io
import re
import statistics
import threading
import warnings
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from ..document import Block, Document
from ..errors import ReadError, ReadWarning
from .limits import (
    MAX_PDF_PAGE_CHARS, MAX_PDF_PAGE_CROSSINGS, MAX_PDF_PAGE_RULINGS, MAX_PDF_PAGE_SEGMENTS, MAX_PDF_PAGES,
)
from ._clean import clean_cell as _clean_cell
from ._clean import join_wrapped as _join
from ._clean import normalize_spaces
from .furniture import strip_furniture
from .script import simplify_document
from ..zh.enumerators import LABEL_NUMBER, SECTION_HEAD
from ..zh.pages import BARE_PAGE_NUMBER, is_page_number

__all__ = [
    "read_pdf", "normalize_spaces", "ENGINES", "MAX_PDF_PAGES", "MAX_PDF_PAGE_CHARS", "MAX_PDF_PAGE_SEGMENTS",
    "MAX_PDF_PAGE_RULINGS", "MAX_PDF_PAGE_CROSSINGS",
]

_HEADING = SECTION_HEAD
_SENTENCE_END = re.compile(r"[。！？]")
_NUMBER = re.compile(r"^[-+]?\d[\d,.]*%?$")
_LABEL_NUMBER = LABEL_NUMBER
_NO_LINE_START = set("，。、；：！？）》」』】”’…")
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9:/._\-@%?=&#~+]{2,}")
_BARE_PAGE = BARE_PAGE_NUMBER
_DIGITS = re.compile(r"\d+")
_BAND = 0.08  # top and bottom share of the page where headers and footers sit


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    if isinstance(color, (int, float)):
        return color >= 0.95
    try:
        values = tuple(float(c) for c in color)
    except (TypeError, ValueError):
        return False
    if len(values) in (1, 3):
        return min(values) >= 0.95
    if len(values) == 4:  # CMYK
        return max(values) <= 0.05
    return False


def _not_background(obj: dict) -> bool:
    """Drop unstroked white rectangles: fills behind text, not table rulings."""
    if obj.get("object_type") == "rect" and not obj.get("stroke") and _is_white(obj.get("non_stroking_color")):
        return False
    return True


@dataclass
class _Line:
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    text: str


@dataclass
class _Image:
    page: int
    top: float
    name: str


@dataclass
class _Table:
    page: int
    top: float
    bottom: float
    rows: list[list[str | None]]
    first_on_page: bool = False
    last_on_page: bool = False
    pages: list[int] = field(default_factory=list)
    open_cells: set[int] = field(default_factory=set)  # last-row cells whose text runs on


def _is_text_box(rows: list[list[str | None]]) -> bool:
    """A frame around prose (a boxed note), not a table: one column of sentences."""
    if max(len(r) for r in rows) > 1:
        return False
    text = "".join(c or "" for r in rows for c in r)
    return len(text) > 60 and len(_SENTENCE_END.findall(text)) >= 1


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _closing_lines(page: Any) -> list[dict]:
    """Horizontal rulings where a table is left open at a page break.

    A table that runs over a page break often has no bottom ruling on the
    first page (or no top ruling on the next): its last row would be lost.
    Where three or more vertical rulings end at the same height and no
    horizontal ruling spans them there, add one.
    """
    edges = page.edges
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    extra: list[dict] = []
    for key in ("top", "bottom"):
        groups: list[list[dict]] = []
        for e in sorted(vertical, key=lambda e: e[key]):
            if groups and e[key] - groups[-1][-1][key] <= 2:
                groups[-1].append(e)
            else:
                groups.append([e])
        for group in groups:
            if len(group) < 3:
                continue
            y = min(e[key] for e in group) if key == "top" else max(e[key] for e in group)
            x0 = min(e["x0"] for e in group)
            x1 = max(e["x1"] for e in group)
            if any(abs(h["top"] - y) <= 2 and h["x0"] <= x0 + 2 and h["x1"] >= x1 - 2 for h in horizontal):
                continue
            extra.append(
                {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
                 "object_type": "line", "orientation": "h"}
            )
    return extra


def _page_images(page: Any, number: int) -> list[_Image]:
    """Pictures large enough to hold a table or a page scan (not logos or seals)."""
    out = []
    width, height = float(page.width), float(page.height)
    for im in page.images:
        w, h = im["x1"] - im["x0"], im["bottom"] - im["top"]
        if w >= 0.3 * width and h >= 0.1 * height:
            out.append(_Image(number, im["top"], f"page {number} image {len(out) + 1}"))
    return out


def _open_cells(page: Any, found: Any, size: float) -> set[int]:
    """Columns of the table's last row whose text fills its cell to the right edge.

    When a row breaks across pages, its label is cut mid-word: the last line
    of the label on this page runs to the cell's edge.
    """
    out: set[int] = set()
    last = found.rows[-1]
    for col, bbox in enumerate(last.cells):
        if bbox is None:
            continue
        x0, top, x1, bottom = bbox
        chars = [c for c in page.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
        if not chars:
            continue
        last_top = max(c["top"] for c in chars)
        end = max(c["x1"] for c in chars if abs(c["top"] - last_top) < size / 2)
        if x1 - end < 1.6 * size:
            out.add(col)
    return out


def _page_items(page: Any, number: int) -> tuple[list[_Line], list[_Table], float]:
    page = page.dedupe_chars() if hasattr(page, "dedupe_chars") else page
    all_sizes = [c.get("size", 0) for c in page.chars[:2000] if c.get("size")]
    char_size = statistics.median(all_sizes) if all_sizes else 12.0
    ruled = page.filter(_not_background)
    tables: list[_Table] = []
    boxes: list[tuple[float, float, float, float]] = []
    extra = _closing_lines(ruled)
    for found in ruled.find_tables({"explicit_horizontal_lines": extra} if extra else {}):
        rows = [[_clean_cell(c) for c in row] for row in found.extract()]
        if not rows or not any(c for row in rows for c in row) or _is_text_box(rows):
            continue
        x0, top, x1, bottom = found.bbox
        boxes.append((x0 - 1, top - 1, x1 + 1, bottom + 1))
        open_cells = _open_cells(page, found, char_size) if found.rows else set()
        tables.append(_Table(number, top, bottom, rows, pages=[number], open_cells=open_cells))
    text_page = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes)) if boxes else page
    lines = []
    for ln in text_page.extract_text_lines(strip=True, return_chars=False):
        text = normalize_spaces(ln["text"])
        if text:
            lines.append(_Line(number, ln["x0"], ln["x1"], ln["top"], ln["bottom"], text))
    char_sizes = [c.get("size", 0) for c in text_page.chars[:2000] if c.get("size")]
    size = statistics.median(char_sizes) if char_sizes else 12.0
    return lines, tables, size


def _furniture(lines_by_page: list[list[_Line]], heights: list[float]) -> set[int]:
    """ids of page-number and running header/footer lines."""
    drop: set[int] = set()
    n_pages = len(lines_by_page)
    repeated: Counter[str] = Counter()
    for lines, height in zip(lines_by_page, heights):
        seen = set()
        for ln in lines:
            in_band = ln.top < _BAND * height or ln.bottom > (1 - _BAND) * height
            if is_page_number(ln.text) or (in_band and _BARE_PAGE.match(ln.text)):
                drop.add(id(ln))
            elif in_band:
                key = _DIGITS.sub("#", ln.text)
                if key not in seen:
                    seen.add(key)
                    repeated[key] += 1
    if n_pages >= 3:
        common = {k for k, n in repeated.items() if n >= max(2, 0.5 * n_pages)}
        for lines, height in zip(lines_by_page, heights):
            for ln in lines:
                in_band = ln.top < _BAND * height or ln.bottom > (1 - _BAND) * height
                if in_band and _DIGITS.sub("#", ln.text) in common:
                    drop.add(id(ln))
    return drop


def _margins(lines: list[_Line]) -> tuple[float, float]:
    if not lines:
        return 0.0, 0.0
    left = Counter(round(ln.x0) for ln in lines).most_common(1)[0][0]
    at_left = sorted(ln.x1 for ln in lines if abs(ln.x0 - left) < 3) or sorted(ln.x1 for ln in lines)
    right = at_left[int(0.75 * (len(at_left) - 1))]
    return float(left), float(right)


def _continues(cur: _Line, nxt: _Line, left: float, right: float, size: float) -> bool:
    if _HEADING.match(nxt.text) or is_page_number(nxt.text):
        return False
    if nxt.x0 > left + 0.6 * size:  # indented: a new paragraph (or centred title)
        return False
    # The line wraps if the next line's first word would not have fitted in
    # the space left at its end (one CJK character, or a whole Latin word/URL).
    token = _LATIN_TOKEN.match(nxt.text)
    if token:
        token_width = 0.55 * size * len(token.group())
    else:
        # line-breaking rules keep a character with the closing punctuation after it
        token_width = 2 * size if nxt.text[1:2] and nxt.text[1] in _NO_LINE_START else size
    return right - cur.x1 < token_width + 0.6 * size


def _plumber_page(page: Any, number: int) -> tuple[list[_Line], list[Any], float, float]:
    """A pdfplumber page's lines, tables and pictures, height and median character size."""
    lines, tables, size = _page_items(page, number)
    return lines, [*tables, *_page_images(page, number)], float(page.height), size


def _read(pages: Iterable[tuple[list[_Line], list[Any], float, float]]) -> tuple[list[Block], list[str]]:
    """Blocks in reading order from each page's lines, tables and pictures."""
    notes: list[str] = []
    pages_lines: list[list[_Line]] = []
    pages_tables: list[list[Any]] = []  # tables and images
    heights: list[float] = []
    sizes: list[float] = []
    for lines, tables, height, size in pages:
        pages_lines.append(lines)
        pages_tables.append(tables)
        heights.append(height)
        sizes.append(size)
    drop = _furniture(pages_lines, heights)
    narrative = [ln for lines in pages_lines for ln in lines if id(ln) not in drop]
    left, right = _margins(narrative)
    size = statistics.median(sizes) if sizes else 12.0

    # One stream in reading order: each page's lines and tables sorted by top.
    stream: list[_Line | _Table | _Image] = []
    for lines, tables in zip(pages_lines, pages_tables):
        items: list[_Line | _Table | _Image] = [ln for ln in lines if id(ln) not in drop]
        items += tables
        items.sort(key=lambda it: it.top)
        if items and isinstance(items[0], _Table):
            items[0].first_on_page = True
        if items and isinstance(items[-1], _Table):
            items[-1].last_on_page = True
        stream.extend(items)

    blocks: list[Block] = []
    para: list[_Line] = []
    prev_table: _Table | None = None

    def flush() -> None:
        if para:
            text = para[0].text
            for ln in para[1:]:
                text = _join(text, ln.text)
            blocks.append(Block("paragraph", text, page=para[0].page))
            para.clear()

    for item in stream:
        if isinstance(item, _Image):
            flush()
            blocks.append(Block("image", item.name, page=item.page))
            prev_table = None
            continue
        if isinstance(item, _Table):
            flush()
            if prev_table is not None and blocks and blocks[-1].kind == "table" and _runs_on(prev_table, item):
                _stitch(prev_table, item, notes)
                blocks[-1] = _table_block(prev_table)
            else:
                prev_table = item
                blocks.append(_table_block(item))
            continue
        if para and not _continues(para[-1], item, left, right, size):
            flush()
        para.append(item)
        prev_table = None
    flush()
    return blocks, notes


def _runs_on(prev: _Table, item: _Table) -> bool:
    """``item`` continues ``prev``: last and first things of consecutive pages, same width."""
    return (
        prev.last_on_page
        and item.first_on_page
        and item.page == prev.pages[-1] + 1
        and max(len(r) for r in item.rows) == max(len(r) for r in prev.rows)
    )


def _stitch(prev: _Table, item: _Table, notes: list[str]) -> None:
    """Append ``item``'s rows to ``prev``, mending a row or merged cell cut by the page break."""
    rows = [list(r) for r in item.rows]
    if _continues_row(prev, rows[0]):
        prev.rows[-1] = [_join(a or "", b or "") if b else a for a, b in zip(prev.rows[-1], rows[0])]
        rows = rows[1:]
        notes.append(f"row cut by the page break before page {item.page} rejoined")
    else:
        for j in _continued_group_cells(prev, rows):
            prev.rows[-1][j] = _join(prev.rows[-1][j] or "", rows[0][j] or "")
            rows[0][j] = None
            notes.append(f"merged cell cut by the page break before page {item.page} rejoined")
        if len(rows) > 1 and len(rows[0]) == len(rows[1]) == len(prev.rows[-1]):
            # an empty stub of a merged cell that runs on from the previous page
            for j, cell in enumerate(rows[0]):
                if cell == "" and rows[1][j] is None and prev.rows[-1][j] is None:
                    rows[0][j] = None
    prev.rows.extend(rows)
    prev.pages.append(item.page)
    prev.last_on_page = item.last_on_page
    prev.open_cells = item.open_cells
    notes.append(f"table on page {prev.pages[0]} continues on page {item.page}; stitched")


def _continues_row(prev: _Table, first: list[str | None]) -> bool:
    """The continuation's first row is the rest of a row cut by the page break.

    It holds text only under last-row cells that ran to their edge, and no
    number of its own (the values stood on the first page).
    """
    last = prev.rows[-1]
    filled = [j for j, c in enumerate(first) if c]
    if not filled or not prev.open_cells or len(first) != len(last):
        return False
    return all(j in prev.open_cells and last[j] and not _NUMBER.match(first[j] or "") for j in filled)


def _continued_group_cells(prev: _Table, rows: list[list[str | None]]) -> list[int]:
    """Columns where a merged (row-spanning) label cell was cut by the page break.

    The label's head ends the previous page at the cell edge ("（四）无"); its
    tail ("法提供") heads the next page in a cell that spans several rows
    (``None`` below it) and is not a numbered label of its own.
    """
    if len(rows) < 2 or not prev.open_cells:
        return []
    last, first, second = prev.rows[-1], rows[0], rows[1]
    if not (len(last) == len(first) == len(second)):
        return []
    return [
        j for j in sorted(prev.open_cells)
        if first[j] and last[j] and second[j] is None
        and not _NUMBER.match(first[j] or "") and not _LABEL_NUMBER.match(first[j] or "")
    ]


def _table_block(table: _Table) -> Block:
    width = max(len(r) for r in table.rows)
    grid = tuple(tuple(r) + (None,) * (width - len(r)) for r in table.rows)
    text = "\n".join("\t".join("" if c is None else c for c in row) for row in grid)
    return Block("table", text, rows=grid, page=table.page, layout="grid")


# --- the PDFium fast path ------------------------------------------------------------------
#
# PDFium (pypdfium2) parses the file, its fonts and content streams in C; the
# geometry below rebuilds from its characters and path objects exactly what
# pdfplumber's would give (the same character boxes, edges, text lines, word
# breaks and table grids), so that both engines read a report the same way.
# pdfplumber's pure geometry functions (edge merging, intersections, cells) are
# reused as they are; text lines and cell text are rebuilt here without
# pdfplumber's per-object dictionaries, which cost more than the parse itself.

_CELL_SEARCH_STEPS = 5_000_000  # pairs of crossings the cell search may test on one page

_TOL = 3.0  # pdfplumber's default x/y tolerance for words and lines
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


class _Char:
    """One printed character in pdfplumber's coordinates (origin top left)."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "font", "i")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float, size: float, font: int, i: int) -> None:
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.size, self.font, self.i = size, font, i


@dataclass
class _FastPage:
    number: int
    width: float
    height: float
    chars: list[_Char]
    edges: list[dict]  # pdfplumber-style edges of lines, rects and curves (background fills dropped)
    images: list[tuple[float, float, float, float]]  # x0, top, x1, bottom
    notes: list[str] = field(default_factory=list)  # limits reached


class _Fallback(Exception):
    """A page the fast path does not reproduce exactly (rotated text or page): read it with pdfplumber."""


def _cluster_ids(values: Any, tol: float) -> dict[float, int]:
    """pdfplumber's ``cluster_list``: sorted distinct values, chained while within ``tol``."""
    ids: dict[float, int] = {}
    cid = -1
    last = None
    for v in sorted(set(values)):
        if last is None or v > last + tol:
            cid += 1
        ids[v] = cid
        last = v
    return ids


def _cluster(objs: list, key: Callable[[Any], float], tol: float, preserve_order: bool = False) -> list[list]:
    """pdfplumber's ``cluster_objects``."""
    if len(objs) < 2:
        return [list(objs)] if objs else []
    ids = _cluster_ids(map(key, objs), tol)
    tagged = [(ids[key(o)], o) for o in objs]
    if not preserve_order:
        tagged.sort(key=lambda t: t[0])
    out: list[list] = []
    prev = None
    for cid, o in tagged:
        if out and cid == prev:
            out[-1].append(o)
        else:
            out.append([o])
            prev = cid
    return out


class _Word:
    __slots__ = ("text", "top", "chars")

    def __init__(self, chars: list[_Char]) -> None:
        self.chars = chars
        self.text = "".join(_LIGATURES.get(c.text, c.text) for c in chars)
        self.top = min(c.top for c in chars)


def _words(chars: list[_Char]) -> list[_Word]:
    """pdfplumber's word extraction (upright text, x/y tolerance 3, blanks split words)."""
    words: list[_Word] = []
    if not chars:
        return words
    for line in _cluster(chars, lambda c: c.top, _TOL):
        line.sort(key=lambda c: c.x0)
        current: list[_Char] = []
        for c in line:
            if c.text.isspace():
                if current:
                    words.append(_Word(current))
                current = []
            elif current and (c.x0 < current[-1].x0 or c.x0 > current[-1].x1 + _TOL or abs(c.top - current[-1].top) > _TOL):
                words.append(_Word(current))
                current = [c]
            else:
                current.append(c)
        if current:
            words.append(_Word(current))
    return words


def _text_lines(chars: list[_Char], number: int) -> list[_Line]:
    """pdfplumber's ``extract_text_lines(strip=True)``, spaces next to CJK removed."""
    out = []
    for group in _cluster(_words(chars), lambda w: w.top, _TOL, preserve_order=True):
        text = normalize_spaces(" ".join(w.text for w in group))
        if text:
            cs = [c for w in group for c in w.chars]
            out.append(_Line(number, min(c.x0 for c in cs), max(c.x1 for c in cs),
                             min(c.top for c in cs), max(c.bottom for c in cs), text))
    return out


def _cell_text(chars: list[_Char]) -> str:
    """pdfplumber's ``extract_text`` (no layout) of a cell's characters."""
    lines = _cluster(_words(chars), lambda w: w.top, _TOL)
    return "\n".join(" ".join(w.text for w in line) for line in lines)


def _may_have_duplicates(chars: list[_Char]) -> bool:
    """Whether two characters with the same text, font and size lie within 1pt of each other."""
    seen: dict[tuple, Any] = {}
    repeated = []
    for c in chars:
        key = (c.text, c.font, c.size)
        first = seen.get(key)
        if first is None:
            seen[key] = c
        else:
            if first is not True:
                seen[key] = True
                repeated.append(key)
    if not repeated:
        return False
    wanted = set(repeated)
    runs: dict[tuple, list[_Char]] = {}
    for c in chars:
        key = (c.text, c.font, c.size)
        if key in wanted:
            runs.setdefault(key, []).append(c)
    for run in runs.values():
        run.sort(key=lambda c: c.top)
        if any(b.top - a.top <= 1 for a, b in zip(run, run[1:])):
            for ycl in _cluster(run, lambda c: c.top, 1):
                xs = sorted(c.x0 for c in ycl)
                if any(b - a <= 1 for a, b in zip(xs, xs[1:])):
                    return True
    return False


def _dedupe(chars: list[_Char]) -> list[_Char]:
    """pdfplumber's ``dedupe_chars``: drop a character printed again within 1pt (same text, font, size)."""
    if not _may_have_duplicates(chars):
        return chars
    groups: dict[tuple, list[_Char]] = {}
    for c in chars:
        groups.setdefault((c.text, c.font, c.size), []).append(c)
    keep: list[_Char] = []
    for group in groups.values():
        if len(group) == 1:
            keep.extend(group)
            continue
        for ycl in _cluster(group, lambda c: c.top, 1):
            for xcl in _cluster(ycl, lambda c: c.x0, 1):
                keep.append(min(xcl, key=lambda c: (c.top, c.x0)))
    if len(keep) == len(chars):
        return chars
    keep.sort(key=lambda c: c.i)
    return keep


def _extract_table(found: Any, chars: list[_Char]) -> list[list[str | None]]:
    """pdfplumber's ``Table.extract``: characters by centre into cells, text per cell.

    A character belongs to the cell holding its centre (left and top edges
    inclusive, right and bottom exclusive); the cells of a row do not overlap,
    so each character is placed once, keeping the page's order.
    """
    centred = sorted((((c.top + c.bottom) / 2, (c.x0 + c.x1) / 2, c.i, c) for c in chars), key=lambda t: t[0])
    vs = [t[0] for t in centred]
    out = []
    for row in found.rows:
        x0, top, x1, bottom = row.bbox
        band = [t for t in centred[bisect.bisect_left(vs, top): bisect.bisect_left(vs, bottom)] if x0 <= t[1] < x1]
        band.sort(key=lambda t: t[2])
        boxes = [cell for cell in row.cells if cell is not None]
        inside: dict[tuple, list[_Char]] = {cell: [] for cell in boxes}
        for v, h, _, c in band:
            for cell in boxes:
                if cell[0] <= h < cell[2] and cell[1] <= v < cell[3]:
                    inside[cell].append(c)
                    break
        out.append([None if cell is None else (_cell_text(inside[cell]) if inside[cell] else "") for cell in row.cells])
    return out


def _fast_open_cells(chars: list[_Char], found: Any, size: float) -> set[int]:
    """:func:`_open_cells` on PDFium characters."""
    out: set[int] = set()
    row = found.rows[-1]
    band_top, band_bottom = row.bbox[1], row.bbox[3]
    band = [c for c in chars if band_top <= (c.top + c.bottom) / 2 <= band_bottom]
    for col, bbox in enumerate(row.cells):
        if bbox is None:
            continue
        x0, top, x1, bottom = bbox
        inside = [c for c in band if x0 <= (c.x0 + c.x1) / 2 <= x1 and top <= (c.top + c.bottom) / 2 <= bottom]
        if not inside:
            continue
        last_top = max(c.top for c in inside)
        end = max(c.x1 for c in inside if abs(c.top - last_top) < size / 2)
        if x1 - end < 1.6 * size:
            out.add(col)
    return out


class _TooLong(Exception):
    """The cell search passed its step budget."""


def _cells(intersections: dict, budget: int = _CELL_SEARCH_STEPS) -> list[tuple[float, float, float, float]]:
    """pdfplumber's ``intersections_to_cells``, with each point's column, row and edges looked up once.

    Same points in the same order, same smallest cell for each: the result is
    identical (a test checks it against pdfplumber's on random rulings).
    Raises ``_TooLong`` past ``budget`` tests of pairs of crossings.
    """
    points = sorted(intersections)
    v_sets = {p: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in intersections[p]["v"]} for p in points}
    h_sets = {p: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in intersections[p]["h"]} for p in points}
    columns: dict[float, list] = {}
    rows: dict[float, list] = {}
    for p in points:
        columns.setdefault(p[0], []).append(p)
        rows.setdefault(p[1], []).append(p)
    position = {p: (columns[p[0]].index(p), rows[p[1]].index(p)) for p in points}

    def connects(p1: tuple, p2: tuple) -> bool:
        if p1[0] == p2[0] and not v_sets[p1].isdisjoint(v_sets[p2]):
            return True
        return p1[1] == p2[1] and not h_sets[p1].isdisjoint(h_sets[p2])

    cells = []
    for pt in points[:-1]:
        col, row = position[pt]
        below = columns[pt[0]][col + 1:]
        right = rows[pt[1]][row + 1:]
        found = None
        for below_pt in below:
            budget -= 1 + len(right)
            if budget < 0:
                raise _TooLong
            if not connects(pt, below_pt):
                continue
            for right_pt in right:
                if not connects(pt, right_pt):
                    continue
                bottom_right = (right_pt[0], below_pt[1])
                if bottom_right in intersections and connects(bottom_right, right_pt) and connects(bottom_right, below_pt):
                    found = (pt[0], pt[1], bottom_right[0], bottom_right[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _table_finder(source: Any, settings: dict, notes: list[str], number: int) -> Any:
    """pdfplumber's ``TableFinder`` on PDFium edges, with :func:`_cells` for its cell search.

    A page with more rulings or crossings than the limits gets no table (the
    search is quadratic in them), and a note.
    """
    from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections

    finder = TableFinder.__new__(TableFinder)
    finder.page = source
    finder.settings = TableSettings.resolve(settings)
    finder.edges = finder.get_edges()
    finder.intersections, finder.cells, finder.tables = {}, [], []
    if len(finder.edges) > MAX_PDF_PAGE_RULINGS:
        notes.append(f"page {number} has {len(finder.edges)} rulings (MAX_PDF_PAGE_RULINGS is "
                     f"{MAX_PDF_PAGE_RULINGS}); no table was searched for on it")
        return finder
    finder.intersections = edges_to_intersections(
        finder.edges, finder.settings.intersection_x_tolerance, finder.settings.intersection_y_tolerance
    )
    if len(finder.intersections) > MAX_PDF_PAGE_CROSSINGS:
        notes.append(f"page {number} has {len(finder.intersections)} ruling crossings (MAX_PDF_PAGE_CROSSINGS is "
                     f"{MAX_PDF_PAGE_CROSSINGS}); no table was searched for on it")
        finder.intersections = {}
        return finder
    try:
        finder.cells = _cells(finder.intersections, _CELL_SEARCH_STEPS)
    except _TooLong:
        notes.append(f"page {number}: the search for table cells among {len(finder.intersections)} ruling "
                     "crossings took too long and was stopped; no table was read on it")
        finder.intersections = {}
        return finder
    finder.tables = [Table(source, group) for group in cells_to_tables(finder.cells)]
    return finder


class _EdgeSource:
    """What pdfplumber's table finder and :func:`_closing_lines` read from a page."""

    def __init__(self, edges: list[dict], width: float, height: float) -> None:
        self.edges = edges
        self.bbox = (0, 0, width, height)


def _fast_page_items(pg: _FastPage) -> tuple[list[_Line], list[_Table], float]:
    """:func:`_page_items` on a page read by PDFium: the same lines and tables."""
    chars = _dedupe(pg.chars)
    sizes = [c.size for c in chars[:2000] if c.size]
    char_size = statistics.median(sizes) if sizes else 12.0
    source = _EdgeSource(pg.edges, pg.width, pg.height)
    extra = _closing_lines(source)
    finder = _table_finder(source, {"explicit_horizontal_lines": extra} if extra else {}, pg.notes, pg.number)
    tables: list[_Table] = []
    boxes: list[tuple[float, float, float, float]] = []
    for found in finder.tables:
        rows = [[_clean_cell(c) for c in row] for row in _extract_table(found, chars)]
        if not rows or not any(c for row in rows for c in row) or _is_text_box(rows):
            continue
        x0, top, x1, bottom = found.bbox
        boxes.append((x0 - 1, top - 1, x1 + 1, bottom + 1))
        open_cells = _fast_open_cells(chars, found, char_size) if found.rows else set()
        tables.append(_Table(pg.number, top, bottom, rows, pages=[pg.number], open_cells=open_cells))
    text_chars = chars
    for x0, top, x1, bottom in boxes:  # characters outside every table (pdfplumber's _inside)
        text_chars = [c for c in text_chars
                      if not (x0 <= (c.x0 + c.x1) / 2 <= x1 and top <= (c.top + c.bottom) / 2 <= bottom)]
    lines = _text_lines(text_chars, pg.number)
    sizes = [c.size for c in text_chars[:2000] if c.size]
    size = statistics.median(sizes) if sizes else 12.0
    return lines, tables, size


def _fast_images(pg: _FastPage) -> list[_Image]:
    """:func:`_page_images` on a page read by PDFium."""
    out = []
    for x0, top, x1, bottom in pg.images:
        if x1 - x0 >= 0.3 * pg.width and bottom - top >= 0.1 * pg.height:
            out.append(_Image(pg.number, top, f"page {pg.number} image {len(out) + 1}"))
    return out


@functools.cache
def _fast_calls() -> tuple[Callable, ...]:
    """PDFium's per-character calls with plain address arguments (a third of ctypes' cost per call)."""
    import pypdfium2.raw as raw

    def proto(func: Any, restype: Any, *argtypes: Any) -> Callable:
        return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(func, ctypes.c_void_p).value)

    vp, i = ctypes.c_void_p, ctypes.c_int
    return (
        proto(raw.FPDFText_GetLooseCharBox, ctypes.c_int, vp, i, vp),
        proto(raw.FPDFText_GetCharOrigin, ctypes.c_int, vp, i, vp, vp),
        proto(raw.FPDFText_GetTextObject, vp, vp, i),
        proto(raw.FPDFText_IsGenerated, ctypes.c_int, vp, i),
        proto(raw.FPDFText_GetMatrix, ctypes.c_int, vp, i, vp),
        proto(raw.FPDFText_GetFontSize, ctypes.c_double, vp, i),
        proto(raw.FPDFTextObj_GetFont, vp, vp),
    )


def _pdfium_chars(page: Any, height: float, notes: list[str] | None = None, number: int = 0) -> list[_Char]:
    """Every printed character of a page with pdfminer's box (what pdfplumber sees).

    The left edge is the glyph origin; the right edge the origin plus the
    advance (PDFium's loose box; where a glyph's ink is wider than its
    advance, the ink's edge); the bottom is the baseline plus the font's
    descent and the top the bottom plus the font size.  Characters of a
    vertical-writing font sit in a square of the font size above their origin.

    Two known differences from pdfminer: the right edge where the ink is wider
    than the advance (a fraction of a point); and the descent of a font whose
    descriptor says ``/Ascent 0 /Descent 0`` (LibreOffice's Type 1 fonts) or
    that has none (the standard 14 fonts): pdfminer puts such text on its
    baseline or uses its own metrics, PDFium measures the font, so the text's
    boxes sit lower by up to a tenth of its size, the same for the whole font.
    The bundled PDFs read the same either way (tested).
    """
    import pypdfium2.raw as raw

    tp = raw.FPDFText_LoadPage(page)
    if not tp:
        return []
    try:
        n = raw.FPDFText_CountChars(tp)
        if n <= 0:
            return []
        if n > MAX_PDF_PAGE_CHARS:
            if notes is not None:
                notes.append(f"page {number} has {n} characters; only the first {MAX_PDF_PAGE_CHARS} "
                             "(MAX_PDF_PAGE_CHARS) were read")
            n = MAX_PDF_PAGE_CHARS
        buf = ctypes.create_string_buffer(2 * (n + 1))
        got = raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        text = buf.raw[: 2 * max(got - 1, 0)].decode("utf-16-le", errors="replace")
        if len(text) != n:
            text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(n))
        get_box, get_origin, get_obj, is_generated, get_matrix, get_size, get_font = _fast_calls()
        tpa = ctypes.cast(tp, ctypes.c_void_p).value
        box = raw.FS_RECTF()
        origin = (ctypes.c_double * 2)()
        matrix = raw.FS_MATRIX()
        box_a, ox_a, m_a = ctypes.addressof(box), ctypes.addressof(origin), ctypes.addressof(matrix)
        oy_a = ox_a + ctypes.sizeof(ctypes.c_double)
        value = ctypes.c_float()
        # (font, size, matrix) -> size, descent, vertical, font, width: text objects often hold one character
        styles: dict[tuple, tuple[float, float, bool, int, float]] = {}
        out: list[_Char] = []
        append = out.append
        last_obj = info = None
        vertical = False
        size = width = top_k = bottom_k = 0.0
        font_id = 0
        for i, t in enumerate(text):
            if (t.isspace() or t in "\x00\x02\ufffe") and is_generated(tpa, i):
                continue
            obj = get_obj(tpa, i)
            if not obj:
                continue
            get_box(tpa, i, box_a)
            get_origin(tpa, i, ox_a, oy_a)
            if obj != last_obj:
                last_obj = obj
                get_matrix(tpa, i, m_a)
                font = get_font(obj)
                raw_size = get_size(tpa, i)
                a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
                style = (font, raw_size, a, b, c, d)
                info = styles.get(style)
                if info is None:
                    if b != 0 or c != 0 or a <= 0 or d <= 0:
                        raise _Fallback("rotated or mirrored text")
                    size = raw_size * d
                    # PDFium boxes a vertical-writing glyph in the unscaled font size
                    vertical = abs(a - 1) > 1e-3 and abs((box.right - box.left) - raw_size) <= 1e-3 * raw_size
                    descent = 0.0
                    if not vertical and font and raw.FPDFFont_GetDescent(
                        ctypes.cast(font, raw.FPDF_FONT), ctypes.c_float(size), ctypes.byref(value)
                    ):
                        descent = value.value
                    info = (size, descent, vertical, font or 0, raw_size * a)
                    styles[style] = info
                size, descent, vertical, font_id, width = info
                # top and bottom are these minus the origin's height
                bottom_k = height - descent
                top_k = bottom_k - size
            oy = origin[1]
            if vertical:
                x0 = origin[0]
                append(_Char(t, x0, x0 + width, height - oy - size, height - oy, width, font_id, len(out)))
            else:
                append(_Char(t, origin[0], box.right, top_k - oy, bottom_k - oy, size, font_id, len(out)))
        return out
    finally:
        raw.FPDFText_ClosePage(tp)


def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix ``m`` followed by ``n`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


@functools.cache
def _object_calls() -> dict[str, Callable]:
    """PDFium's page-object calls with plain address arguments and results."""
    import pypdfium2.raw as raw

    vp, i, c_int = ctypes.c_void_p, ctypes.c_int, ctypes.c_int
    sigs = {
        "FPDFPage_CountObjects": (c_int, vp), "FPDFPage_GetObject": (vp, vp, i),
        "FPDFFormObj_CountObjects": (c_int, vp), "FPDFFormObj_GetObject": (vp, vp, ctypes.c_ulong),
        "FPDFPageObj_GetType": (c_int, vp), "FPDFPageObj_GetMatrix": (c_int, vp, vp),
        "FPDFPageObj_GetBounds": (c_int, vp, vp, vp, vp, vp), "FPDFPageObj_GetFillColor": (c_int, vp, vp, vp, vp, vp),
        "FPDFPath_GetDrawMode": (c_int, vp, vp, vp), "FPDFPath_CountSegments": (c_int, vp),
        "FPDFPath_GetPathSegment": (vp, vp, i), "FPDFPathSegment_GetType": (c_int, vp),
        "FPDFPathSegment_GetPoint": (c_int, vp, vp, vp), "FPDFPathSegment_GetClose": (c_int, vp),
    }
    return {
        name: ctypes.CFUNCTYPE(*sig)(ctypes.cast(getattr(raw, name), ctypes.c_void_p).value)
        for name, sig in sigs.items()
    }


class _Scratch:
    """ctypes buffers reused for every object of a page, with their addresses."""

    def __init__(self) -> None:
        self.floats = (ctypes.c_float * 6)()
        self.uints = (ctypes.c_uint * 4)()
        self.ints = (ctypes.c_int * 2)()
        f, u, n = ctypes.addressof(self.floats), ctypes.addressof(self.uints), ctypes.addressof(self.ints)
        fs, us, ns = ctypes.sizeof(ctypes.c_float), ctypes.sizeof(ctypes.c_uint), ctypes.sizeof(ctypes.c_int)
        self.f = [f + k * fs for k in range(6)]
        self.u = [u + k * us for k in range(4)]
        self.n = [n + k * ns for k in range(2)]
        self.segments = MAX_PDF_PAGE_SEGMENTS  # left to read on this page


def _path_shapes(obj: int, m: tuple[float, ...], height: float, out: dict[str, list], call: dict, s: _Scratch) -> None:
    """pdfminer's ``paint_path`` on a PDFium path: lines, rectangles and curves as pdfplumber has them."""
    call["FPDFPath_GetDrawMode"](obj, s.n[0], s.n[1])
    if s.ints[0] == 0 and not s.ints[1]:
        return
    stroked = bool(s.ints[1])
    # unstroked white fills are backgrounds behind text, not rulings (see _not_background)
    white = bool(call["FPDFPageObj_GetFillColor"](obj, *s.u)) and min(s.uints[0], s.uints[1], s.uints[2]) >= 242
    a, b, c, d, e, f = m
    get_seg, seg_type, seg_point, seg_close = (call["FPDFPath_GetPathSegment"], call["FPDFPathSegment_GetType"],
                                               call["FPDFPathSegment_GetPoint"], call["FPDFPathSegment_GetClose"])
    fx, fy = s.f[0], s.f[1]
    floats = s.floats
    subpaths: list[tuple[str, list[tuple[float, float]]]] = []
    shape, pts, bezier = "", [], 0
    n_segments = call["FPDFPath_CountSegments"](obj)
    if n_segments > s.segments:
        s.segments = -1
        return
    s.segments -= n_segments
    for i in range(n_segments):
        seg = get_seg(obj, i)
        kind = seg_type(seg)
        seg_point(seg, fx, fy)
        x, y = floats[0], floats[1]
        pt = (a * x + c * y + e, b * x + d * y + f)
        if kind == 2:  # FPDF_SEGMENT_MOVETO
            if shape:
                subpaths.append((shape, pts))
            shape, pts, bezier = "m", [pt], 0
        elif kind == 0:  # FPDF_SEGMENT_LINETO
            shape += "l"
            pts.append(pt)
        elif kind == 1:  # FPDF_SEGMENT_BEZIERTO
            bezier += 1
            if bezier % 3 == 0:  # the curve's end point; the two before are control points
                shape += "c"
                pts.append(pt)
        else:
            continue
        if shape and seg_close(seg):
            shape += "h"
            pts.append(pts[0])
    if shape:
        subpaths.append((shape, pts))
    for shape, pts in subpaths:
        if len(shape) < 2 or shape[0] != "m":
            continue
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            del pts[-2]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        obj_dict = {"x0": x0, "x1": x1, "top": height - y1, "bottom": height - y0,
                    "doctop": height - y1, "y0": y0, "y1": y1, "width": x1 - x0, "height": y1 - y0,
                    "stroke": stroked}
        if shape in ("mlh", "ml"):
            obj_dict["object_type"] = "line"
            out["line"].append(obj_dict)
            continue
        if shape in ("mlllh", "mllll"):
            (px0, py0), (px1, py1), (px2, py2), (px3, py3), _ = pts
            if pts[0] == pts[4] and ((px0 == px1 and py1 == py2 and px2 == px3 and py3 == py0)
                                     or (py0 == py1 and px1 == px2 and py2 == py3 and px3 == px0)):
                if stroked or not white:
                    obj_dict["object_type"] = "rect"
                    out["rect"].append(obj_dict)
                continue
        obj_dict["object_type"] = "curve"
        obj_dict["pts"] = [(px, height - py) for px, py in pts]
        out["curve"].append(obj_dict)


def _page_objects(container: int, form: bool, m: tuple[float, ...], height: float, out: dict[str, list],
                  call: dict, s: _Scratch, depth: int = 0) -> None:
    """Paths and images of a page or form XObject, in page coordinates."""
    count = call["FPDFFormObj_CountObjects" if form else "FPDFPage_CountObjects"]
    get = call["FPDFFormObj_GetObject" if form else "FPDFPage_GetObject"]
    get_type, get_matrix = call["FPDFPageObj_GetType"], call["FPDFPageObj_GetMatrix"]
    fl = s.floats
    for k in range(count(container)):
        if s.segments < 0:
            return
        obj = get(container, k)
        kind = get_type(obj)
        if kind == 2:  # FPDF_PAGEOBJ_PATH
            get_matrix(obj, s.f[0])
            _path_shapes(obj, _mul(tuple(fl), m), height, out, call, s)
        elif kind == 3:  # FPDF_PAGEOBJ_IMAGE
            if call["FPDFPageObj_GetBounds"](obj, *s.f[:4]):
                left, bottom, right, top = fl[0], fl[1], fl[2], fl[3]
                a, b, c, d, e, f = m
                xs = [a * px + c * py + e for px in (left, right) for py in (bottom, top)]
                ys = [b * px + d * py + f for px in (left, right) for py in (bottom, top)]
                out["image"].append((min(xs), height - max(ys), max(xs), height - min(ys)))
        elif kind == 5 and depth < 16:  # FPDF_PAGEOBJ_FORM
            get_matrix(obj, s.f[0])
            _page_objects(obj, True, _mul(tuple(fl), m), height, out, call, s, depth + 1)


def _edges(objs: dict[str, list]) -> list[dict]:
    """pdfplumber's ``page.edges`` (line edges, then rectangle edges, then curve edges), with only the
    keys its table finder reads."""
    edges = []
    for o in objs["line"]:
        edges.append({"x0": o["x0"], "x1": o["x1"], "top": o["top"], "bottom": o["bottom"], "width": o["width"],
                      "height": o["height"], "object_type": "line",
                      "orientation": "h" if o["top"] == o["bottom"] else "v"})
    for o in objs["rect"]:  # utils.rect_to_edges
        x0, x1, top, bottom, width, height = o["x0"], o["x1"], o["top"], o["bottom"], o["width"], o["height"]
        edges.append({"x0": x0, "x1": x1, "top": top, "bottom": top, "width": width, "height": 0,
                      "object_type": "rect_edge", "orientation": "h"})
        edges.append({"x0": x0, "x1": x1, "top": top + height, "bottom": bottom, "width": width, "height": 0,
                      "object_type": "rect_edge", "orientation": "h"})
        edges.append({"x0": x0, "x1": x0, "top": top, "bottom": bottom, "width": 0, "height": height,
                      "object_type": "rect_edge", "orientation": "v"})
        edges.append({"x0": x1, "x1": x1, "top": top, "bottom": bottom, "width": 0, "height": height,
                      "object_type": "rect_edge", "orientation": "v"})
    for o in objs["curve"]:  # utils.curve_to_edges
        pts = o["pts"]
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            edges.append({"x0": min(ax, bx), "x1": max(ax, bx), "top": min(ay, by), "bottom": max(ay, by),
                          "width": abs(ax - bx), "height": abs(ay - by), "object_type": "curve_edge",
                          "orientation": "v" if ax == bx else ("h" if ay == by else None)})
    return edges


def _pdfium_page(pdf: Any, index: int) -> _FastPage:
    """Characters, rulings and pictures of one page, read by PDFium."""
    import pypdfium2.raw as raw

    page = pdf[index]
    try:
        if page.get_rotation() % 360:
            raise _Fallback("rotated page")
        box = page.get_mediabox(fallback_ok=False)
        if box is None:
            # a /MediaBox inherited from the page tree, which PDFium's getter does not look up:
            # its effective page box inherits (the media box, cut by a crop box if there is one)
            rect = raw.FS_RECTF()
            if not raw.FPDF_GetPageBoundingBox(page.raw, rect):
                raise _Fallback("no page box")
            box = (rect.left, rect.bottom, rect.right, rect.top)
        x0, y0, x1, y1 = box
        if x0 or y0:
            raise _Fallback("media box not at the origin")
        width, height = x1 - x0, y1 - y0
        notes: list[str] = []
        chars = _pdfium_chars(page.raw, height, notes, index + 1)
        objs: dict[str, list] = {"line": [], "rect": [], "curve": [], "image": []}
        scratch = _Scratch()
        _page_objects(ctypes.cast(page.raw, ctypes.c_void_p).value, False, (1, 0, 0, 1, 0, 0), height, objs,
                      _object_calls(), scratch)
        if scratch.segments < 0:
            notes.append(f"page {index + 1} has more than {MAX_PDF_PAGE_SEGMENTS} path segments "
                         "(MAX_PDF_PAGE_SEGMENTS); the rest of its drawing was not read for table rulings")
        return _FastPage(index + 1, width, height, chars, _edges(objs), objs["image"], notes)
    finally:
        page.close()


# --- reading a file ------------------------------------------------------------------------

ENGINES = ("pdfium", "pdfplumber")
_PDFIUM_LOCK = threading.RLock()

_PDFIUM_ERRORS = {
    1: "cannot be read (PDFium: file error)",
    2: "cannot be read (PDFium: file error)",
    3: "is damaged or not a PDF: PDFium finds no readable document structure in it",
    4: "is encrypted and needs a password to open; decrypt it first "
       "(for example: qpdf --password=PASSWORD --decrypt in.pdf out.pdf) and read the decrypted copy",
    5: "is protected by a security handler PDFium does not support",
    6: "is damaged: a page cannot be found or read",
}


def _pdfium_open(data: bytes, name: str) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        reason = _PDFIUM_ERRORS.get(code, f"cannot be read as PDF: {exc}")
        if code == 3 and b"%%EOF" not in data[-2048:]:
            reason = "is damaged: it looks truncated (no %%EOF at its end) and PDFium cannot rebuild it"
        raise ReadError(name, reason) from exc


def _xref_damaged(pdf: Any) -> bool:
    import pypdfium2.raw as raw

    return not raw.FPDF_DocumentHasValidCrossReferenceTable(pdf.raw)


def _pages_pdfium(
    pdf: Any, data: bytes, name: str, n_pages: int, notes: list[str], skipped: list[int]
) -> Iterator[tuple[list[_Line], list[Any], float, float]]:
    """Each page's lines, tables, height and character size, read by PDFium (rotated pages by pdfplumber)."""
    import pypdfium2 as pdfium

    plumber = None
    try:
        for index in range(n_pages):
            try:
                pg = _pdfium_page(pdf, index)
            except pdfium.PdfiumError as exc:
                notes.append(f"page {index + 1} is damaged and was skipped (PDFium: {exc})")
                skipped.append(index + 1)
                continue
            except _Fallback as why:
                # a rotated page: the slow path reads it (and pdfminer its geometry)
                try:
                    if plumber is None:
                        plumber = _plumber_open(data, name)
                    page = _plumber_page(plumber.pages[index], index + 1)
                except ReadError:
                    raise
                except Exception as exc:  # pdfminer cannot read what PDFium repaired
                    notes.append(f"page {index + 1} ({why}) is read by pdfminer, which cannot read this damaged "
                                 f"file ({type(exc).__name__}: {exc}); the page was skipped")
                    skipped.append(index + 1)
                    continue
                yield page
                continue
            lines, tables, size = _fast_page_items(pg)
            notes.extend(pg.notes)
            yield lines, [*tables, *_fast_images(pg)], pg.height, size
    finally:
        if plumber is not None:
            plumber.close()


def _plumber_open(data: bytes, name: str) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
                raise ReadError(name, _PDFIUM_ERRORS[4]) from exc
            cause = cause.__cause__ or (cause.args[0] if cause.args and isinstance(cause.args[0], BaseException) else None)
        raise


def _read_file(data: bytes, name: str, engine: str, notes: list[str]) -> tuple[list[Block], list[str], int, bool]:
    """Blocks, stitching notes, page count and whether the xref was damaged (call under ``_PDFIUM_LOCK``)."""
    pdf = _pdfium_open(data, name)
    try:
        n_pages = len(pdf)
        damaged = _xref_damaged(pdf)
        if n_pages == 0:
            raise ReadError(name, "is damaged: no page can be found in it" if damaged else "has no pages")
        if damaged:
            notes.append("the cross-reference table is damaged; the text was recovered from the objects "
                         "PDFium found in the file: check it against the printed report")
        n_read = min(n_pages, MAX_PDF_PAGES)
        if n_pages > MAX_PDF_PAGES:
            notes.append(f"has {n_pages} pages; only the first {MAX_PDF_PAGES} (MAX_PDF_PAGES) were read")
        if engine == "pdfium":
            skipped: list[int] = []
            blocks, stitched = _read(_pages_pdfium(pdf, data, name, n_read, notes, skipped))
            if len(skipped) == n_read:
                raise ReadError(name, "is damaged: none of its pages can be loaded")
        else:
            with _plumber_open(data, name) as plumber:
                blocks, stitched = _read(_plumber_page(p, i) for i, p in enumerate(plumber.pages[:n_read], start=1))
                if damaged and not any(p.chars for p in plumber.pages[:n_read]) and any(
                    b.text for b in _read(_pages_pdfium(pdf, data, name, n_read, [], []))[0]
                ):
                    raise ReadError(name, "is damaged (broken cross-reference table): pdfminer finds no text "
                                    "where PDFium recovers some; read it with engine='pdfium'")
    except ReadError:
        raise
    except Exception as exc:  # pdfminer and PDFium fail in many ways on damaged files
        raise ReadError(name, f"cannot be read as PDF: {type(exc).__name__}: {exc or 'no reason given'}") from exc
    finally:
        pdf.close()
    return blocks, stitched, n_pages, damaged


def read_pdf(
    data: bytes, *, name: str = "<bytes>", meta: dict[str, Any] | None = None, engine: str = "pdfium"
) -> Document:
    """Read the bytes of a PDF into a :class:`~ogi_nlp.document.Document`.

    Parameters
    ----------
    data : bytes
        The whole PDF file.
    name : str, optional
        Document name, also used in error messages.
    meta : dict, optional
        Extra metadata to record.
    engine : {"pdfium", "pdfplumber"}, optional
        ``"pdfium"`` (the default) parses with PDFium, about 8 times as fast;
        ``"pdfplumber"`` is the reference it reproduces (same lines, sentences
        and table grids on the bundled reports).  A page PDFium's geometry is
        not rebuilt for (a rotated page or rotated text) is read by pdfplumber.

    Returns
    -------
    Document
        ``meta["pages"]`` is the file's page count; ``meta["pdf_notes"]`` lists
        the tables stitched across pages.

    Raises
    ------
    ReadError
        When the bytes are not a readable PDF (not a PDF, damaged beyond
        repair, encrypted with a password).

    Warns
    -----
    ReadWarning
        When the cross-reference table was damaged and rebuilt (check the
        text), or when the file has more than ``MAX_PDF_PAGES`` pages (only
        that many are read).

    Examples
    --------
    >>> from pathlib import Path
    >>> import ogi_nlp.read.pdf as pdf
    >>> path = Path(pdf.__file__).parents[2] / "corpora" / "hongze-district-government-2024.pdf"
    >>> doc = pdf.read_pdf(path.read_bytes(), name=path.name)
    >>> doc.meta["pages"], len(doc.tables()) > 0
    (5, True)
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError(name, "is not a PDF file (no %PDF header)")
    try:
        import pypdfium2  # noqa: F401
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError(name, "reading PDF needs pypdfium2 (pip install pypdfium2)") from exc
    notes: list[str] = []
    with _PDFIUM_LOCK:  # PDFium is not thread-safe: one document at a time in a process
        blocks, stitched, n_pages, damaged = _read_file(data, name, engine, notes)
    if damaged and not any(b.text.strip() for b in blocks if b.kind != "image") and not any(b.kind == "image" for b in blocks):
        raise ReadError(name, "is damaged (broken cross-reference table) and no text could be recovered from it")
    info: dict[str, Any] = {"source": name, "format": "pdf", "pages": n_pages}
    info.update(meta or {})
    info["pdf_notes"] = stitched
    doc = strip_furniture(simplify_document(Document.from_blocks(name, blocks, meta=info)))
    for note in notes:
        doc.warn(note)
        warnings.warn(f"{name}: {note}", ReadWarning, stacklevel=2)
    return doc
