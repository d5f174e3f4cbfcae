"""PDF files (pdfplumber): narrative lines rejoined, tables from cell geometry.

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

Examples
--------
>>> from ogi_nlp.read.pdf import normalize_spaces
>>> normalize_spaces("2024 年，全市共受理申请 3119 件，Open Government 报告")
'2024年，全市共受理申请3119件，Open Government报告'
"""
from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..document import Block, Document
from ..errors import ReadError
from ._clean import clean_cell as _clean_cell
from ._clean import join_wrapped as _join
from ._clean import normalize_spaces
from .furniture import strip_furniture
from .script import simplify_document
from .text import is_page_number

__all__ = ["read_pdf", "normalize_spaces"]

_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[部章节条]|\d{1,2}[、．])"
)
_SENTENCE_END = re.compile(r"[。！？]")
_NUMBER = re.compile(r"^[-+]?\d[\d,.]*%?$")
_LABEL_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])")
_NO_LINE_START = set("，。、；：！？）》」』】”’…")
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9:/._\-@%?=&#~+]{2,}")
_BARE_PAGE = re.compile(r"^\s*(?:\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|[Pp]\.?\s*\d{1,4})\s*$")
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


def _read(pdf: Any) -> tuple[list[Block], int, list[str]]:
    notes: list[str] = []
    pages_lines: list[list[_Line]] = []
    pages_tables: list[list[Any]] = []  # tables and images
    heights: list[float] = []
    sizes: list[float] = []
    for number, page in enumerate(pdf.pages, start=1):
        lines, tables, size = _page_items(page, number)
        pages_lines.append(lines)
        pages_tables.append([*tables, *_page_images(page, number)])
        heights.append(float(page.height))
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
    return blocks, len(pdf.pages), notes


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


def read_pdf(data: bytes, *, name: str = "<bytes>", meta: dict[str, Any] | None = None) -> Document:
    """Read the bytes of a PDF into a :class:`~ogi_nlp.document.Document`.

    Parameters
    ----------
    data : bytes
        The whole PDF file.
    name : str, optional
        Document name, also used in error messages.
    meta : dict, optional
        Extra metadata to record.

    Raises
    ------
    ReadError
        When the bytes are not a readable PDF (corrupt, encrypted).
    """
    try:
        import pdfplumber
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError(name, "reading PDF needs pdfplumber (pip install pdfplumber)") from exc
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError(name, "is not a PDF file (no %PDF header)")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            blocks, n_pages, notes = _read(pdf)
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many types on damaged files
        raise ReadError(name, f"cannot be read as PDF: {type(exc).__name__}: {exc}") from exc
    info: dict[str, Any] = {"source": name, "format": "pdf", "pages": n_pages}
    info.update(meta or {})
    info["pdf_notes"] = notes
    doc = Document.from_blocks(name, blocks, meta=info)
    return strip_furniture(simplify_document(doc))
