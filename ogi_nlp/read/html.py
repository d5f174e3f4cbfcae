"""HTML pages (web copies of reports): decoded first, then walked in order.

Decoding comes first and is done here, not by the parser: a page declared
``gb2312`` that holds a GBK-only character makes byte-level parsers return an
empty document silently.  The declared charset (BOM, ``<meta charset>``,
``http-equiv`` content type, XML declaration) is tried strictly, with the GB
family decoded as GB18030 (their superset); if the bytes do not fit the
declaration, the encoding is detected (:func:`~ogi_nlp.read.decode.decode_bytes`)
and the mismatch is recorded as a warning.

Blocks: ``h1``-``h6`` give ``heading`` blocks; ``p``, ``div``, ``li`` and
other block elements, and runs of text between ``<br>``, give ``paragraph``
blocks (whitespace collapsed, spaces next to CJK characters removed except in
page furniture, whose rules read them);
``<table>`` gives a ``table`` block whose grid has ``rowspan``/``colspan``
expanded once: the covering cell's text at its top-left position and
``None`` in the other positions it covers; ``&nbsp;`` cells are blank
(``""``).  A table used for page layout (a cell holding a nested table or
running prose) is read as narrative instead; a table whose grid was lost,
one cell per paragraph, becomes a ``flattened`` table block: runs of paragraphs
are read by the text reader's rules (:func:`~ogi_nlp.read.text.structured_blocks`),
so a report pasted into a page line by line reads as its text file does.  ``script``, ``style``,
``nav``, ``noscript`` and ``template`` are dropped; ``<img>`` outside links
gives an ``image`` block.

Examples
--------
>>> from ogi_nlp.read.html import read_html
>>> page = '''<html><head><meta charset="gb2312"><title>年报</title></head><body>
... <h2>三、收到和处理政府信息公开申请情况</h2><p>全年受理申请&nbsp;5&nbsp;件。</p>
... <table><tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>3</td></tr>
... <tr><td>（二）部分公开</td><td>1</td></tr></table></body></html>'''
>>> doc = read_html(page.encode("gbk"))
>>> [b.kind for b in doc.blocks], doc.blocks[1].text, doc.meta["encoding"]
(['heading', 'paragraph', 'table'], '全年受理申请5件。', 'gb18030')
>>> doc.tables()[0].rows
(('三、本年度办理结果', '（一）予以公开', '3'), (None, '（二）部分公开', '1'))
"""
from __future__ import annotations

import codecs
import re
import warnings
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

from ..document import Block, Document
from ..errors import DecodeError, ReadError, ReadWarning
from . import limits
from ._clean import clean_cell, normalize_spaces
from .decode import DOUBTFUL_BELOW, cap_text, decode_bytes, decode_with, normalize_newlines, plausibility
from .reflow import reflow_blocks
from .furniture import furniture_kind, strip_furniture
from .script import simplify_document
from .text import structured_blocks

__all__ = ["read_html", "decode_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""", re.IGNORECASE)
_XML_DECL_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_WS = re.compile(r"[ \t\n\r\f\v]+")
_SENTENCE_END = re.compile(r"[。！？]")
_IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|bmp|webp|tiff?)$", re.IGNORECASE)

_DROP = {"script", "style", "nav", "noscript", "template", "head", "iframe", "object", "svg", "select", "button"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "section", "article", "main",
    "header", "footer", "aside", "center", "address", "figure", "figcaption", "caption", "form", "fieldset",
    "hr", "body", "html", "tr", "td", "th", "tbody", "thead", "tfoot",
}
_LAYOUT_CELL_CHARS = 200  # a data-table cell is a label or a number, never this long


def _declared(data: bytes) -> str | None:
    head = data[:4096]
    for pattern in (_XML_DECL, _META_CHARSET):
        m = pattern.search(head)
        if m:
            name = m.group(1).decode("ascii", "replace")
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None


def decode_html(data: bytes, *, path: object = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode an HTML page: BOM, declared charset (strictly), else detection.

    Returns
    -------
    text, encoding, notes
        The decoded page, the codec used, and warnings (declaration mismatch).

    Examples
    --------
    >>> page = '<meta charset="gb2312"><p>喆</p>'.encode("gbk")  # a GBK-only character
    >>> decode_html(page)[:2]
    ('<meta charset="gb2312"><p>喆</p>', 'gb18030')
    """
    notes: list[str] = []
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            text, enc = decode_bytes(data, path=path, notes=notes)
            return text, enc, notes
    declared = _declared(data)
    if declared is not None:
        codec = "gb18030" if declared in ("gb2312", "gbk", "gb18030") else declared
        try:
            text = decode_with(data, codec, path=path)
        except (DecodeError, ValueError):
            notes.append(f"page declares charset {declared} but its bytes are not valid {declared}")
        else:
            # A declaration is a claim, not a fact: a page saved as UTF-8 that still
            # says utf-16 decodes "validly" into rare characters.
            if _looks_like_markup(text) and plausibility(text) >= DOUBTFUL_BELOW:
                return text, codec, notes
            try:
                detected, enc = decode_bytes(data, path=path)
            except DecodeError:
                detected, enc = None, ""
            if detected is None or plausibility(detected) <= plausibility(text) or not _looks_like_markup(detected):
                if plausibility(text) < DOUBTFUL_BELOW:
                    notes.append(f"decoded as the declared {declared}, but the text is mostly rare characters: "
                                 "the declaration may be wrong")
                return text, codec, notes
            notes.append(f"page declares charset {declared} but its bytes read as {enc}; decoded as {enc}")
            return detected, enc, notes
    text, enc = decode_bytes(data, path=path, notes=notes)
    if notes and notes[-1].startswith("page declares"):
        notes[-1] += f"; decoded as {enc}"
    return text, enc, notes


def _looks_like_markup(text: str) -> bool:
    head = text[:2048]
    return "<" in head and ">" in head


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*?(/?)>")
# Elements that never nest (void) or that HTML closes implicitly: not counted as depth.
_FLAT = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "param", "source",
         "p", "li", "td", "th", "tr", "dt", "dd", "option"}
_CONTAINER_BLOCK = re.compile(
    r"</?(?:div|section|article|center|blockquote|ul|ol|dl|main|header|footer|aside|table|tbody|thead|tfoot|"
    r"tr|td|th|form|fieldset)\b[^>]*>", re.IGNORECASE)
_CONTAINER_INLINE = re.compile(r"</?(?:span|font|b|i|u|strong|em|small|big|a|label|sup|sub|s|strike)\b[^>]*>",
                               re.IGNORECASE)


def _depth(text: str) -> int:
    """Deepest nesting of explicit container elements (one pass over the tags)."""
    depth = deepest = 0
    for m in _TAG.finditer(text):
        if m.group(2).lower() in _FLAT or m.group(3):
            continue
        depth = max(depth - 1, 0) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _flatten_if_deep(text: str, notes: list[str]) -> str:
    """Pages nested past :data:`~ogi_nlp.read.limits.MAX_HTML_DEPTH` lose their containers.

    The parser stops at 256 levels and drops the rest of the page silently; block
    containers become line breaks and inline ones vanish, so all text stays, in order.
    """
    deepest = _depth(text)
    if deepest <= limits.MAX_HTML_DEPTH:
        return text
    flat = _CONTAINER_INLINE.sub("", _CONTAINER_BLOCK.sub("<br>", text))
    notes.append(f"elements nested {deepest} deep, past the limit of {limits.MAX_HTML_DEPTH} "
                 "(ogi_nlp.read.limits.MAX_HTML_DEPTH): read with containers and tables flattened to lines")
    return flat


def _tag(el: Any) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _inline_text(el: Any) -> str:
    """Text of an element with ``<br>`` as a line break, dropped elements left out."""
    parts: list[str] = []

    def visit(node: Any) -> None:
        tag = _tag(node)
        if tag in _DROP or not tag:
            return
        if tag == "br":
            parts.append("\n")
        elif tag in _BLOCK or tag in _HEADINGS:
            parts.append("\n")
        if node.text and tag not in _DROP:
            parts.append(node.text)
        for child in node:
            visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(el)
    return "".join(parts)


def _rows(table: Any) -> list[Any]:
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if _tag(r) == "tr")
    return rows


def _cells(tr: Any) -> list[Any]:
    return [c for c in tr if _tag(c) in ("td", "th")]


def _is_layout(table: Any) -> bool:
    for tr in _rows(table):
        for cell in _cells(tr):
            if any(_tag(d) == "table" for d in cell.iterdescendants()):
                return True
            text = _WS.sub("", cell.text_content())
            if len(text) > _LAYOUT_CELL_CHARS or len(_SENTENCE_END.findall(text)) >= 2:
                return True
    return False


def _span(cell: Any, name: str) -> int:
    value = (cell.get(name) or "1").strip()
    if not value.isdigit() or len(value) > 9:
        return 1 if not value.isdigit() else limits.MAX_SPAN
    return max(1, min(int(value), limits.MAX_SPAN))


def table_grid(table: Any, notes: list[str] | None = None) -> tuple[tuple[str | None, ...], ...]:
    """The grid of a ``<table>`` with ``rowspan``/``colspan`` expanded once.

    Spans are cut to :data:`~ogi_nlp.read.limits.MAX_SPAN`, to the rows the table has
    and to :data:`~ogi_nlp.read.limits.MAX_TABLE_COLUMNS`; a table past
    :data:`~ogi_nlp.read.limits.MAX_TABLE_CELLS` keeps its first rows.  Each cut adds a
    note to ``notes``.
    """
    grid: dict[tuple[int, int], str | None] = {}
    taken: set[tuple[int, int]] = set()
    n_rows = 0
    width = 0
    trs = _rows(table)
    cut = False
    for r, tr in enumerate(trs):
        if len(taken) > limits.MAX_TABLE_CELLS:
            if notes is not None:
                notes.append(f"a table of {len(trs)} rows passes the limit of {limits.MAX_TABLE_CELLS:,} cells "
                             f"(ogi_nlp.read.limits.MAX_TABLE_CELLS); read up to row {r}")
            break
        n_rows = r + 1
        c = 0
        for cell in _cells(tr):
            while (r, c) in taken:
                c += 1
            if c >= limits.MAX_TABLE_COLUMNS:
                cut = True
                break
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            # A span never reaches past the table's own rows or the column limit, so
            # the grid is bounded by the size of the page, not by what a cell claims.
            if rowspan > len(trs) - r or colspan > limits.MAX_TABLE_COLUMNS - c:
                cut = True
                rowspan = min(rowspan, len(trs) - r)
                colspan = min(colspan, limits.MAX_TABLE_COLUMNS - c)
            text = clean_cell("\n".join(_WS.sub(" ", line) for line in _inline_text(cell).split("\n")))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
                    grid[(r + dr, c + dc)] = None
            grid[(r, c)] = text
            c += colspan
            width = max(width, c)
    if cut and notes is not None:
        notes.append("a table cell spans more rows or columns than the table has (or more than "
                     f"{limits.MAX_TABLE_COLUMNS} columns); its span was cut")
    # rowspans reaching past the last <tr> do not add rows
    return tuple(tuple(grid.get((r, c)) for c in range(width)) for r in range(n_rows))


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.notes: list[str] = []

    def flush(self) -> None:
        if self.buffer:
            text = _WS.sub(" ", "".join(self.buffer)).strip()
            self.buffer.clear()
            # Spaces next to CJK go, except in furniture, whose rules read the spacing
            # ("首   页 走进汉台 新闻中心", "标      题 某地区2022年度…"): as in a text file.
            if text and furniture_kind(text) is None:
                text = normalize_spaces(text)
            if text:
                self.blocks.append(Block("paragraph", text))

    def walk(self, el: Any) -> None:
        tag = _tag(el)
        if not tag or tag in _DROP:
            return
        if tag in _HEADINGS:
            self.flush()
            text = normalize_spaces(_WS.sub(" ", _inline_text(el)))
            if text:
                self.blocks.append(Block("heading", text))
            return
        if tag == "table":
            self.flush()
            if _is_layout(el):
                self._children(el)
            else:
                grid = table_grid(el, self.notes)
                if any(c for row in grid for c in row):
                    text = "\n".join("\t".join("" if c is None else c for c in row) for row in grid)
                    self.blocks.append(Block("table", text, rows=grid, layout="grid"))
            self.flush()
            return
        if tag == "br":
            self.flush()
            return
        if tag == "img":
            name = _image_name(el)
            if name and not any(_tag(a) == "a" for a in el.iterancestors()):
                self.flush()
                self.blocks.append(Block("image", name))
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if el.text:
            self.buffer.append(el.text)
        self._children(el)
        if block:
            self.flush()

    def _children(self, el: Any) -> None:
        for child in el:
            self.walk(child)
            if child.tail:
                self.buffer.append(child.tail)


def _image_name(img: Any) -> str:
    src = img.get("src") or ""
    base = PurePosixPath(unquote(urlparse(src).path)).name if src and not src.startswith("data:") else ""
    if base and _IMAGE_EXT.search(base):
        return base
    alt = (img.get("alt") or "").strip()
    return alt if alt and base else ""


def read_html(
    data: bytes,
    *,
    name: str = "<bytes>",
    encoding: str | None = None,
    meta: dict[str, Any] | None = None,
) -> Document:
    """Read the bytes of an HTML page into a :class:`~ogi_nlp.document.Document`.

    Parameters
    ----------
    data : bytes
        The whole page.
    name : str, optional
        Document name, also used in error messages.
    encoding : str, optional
        Decode with this encoding (strictly) instead of the declared or detected one.
    meta : dict, optional
        Extra metadata to record.

    Raises
    ------
    DecodeError
        When the bytes do not decode.
    ReadError
        When the page cannot be parsed.
    """
    import lxml.etree
    import lxml.html

    if encoding is None:
        text, used, notes = decode_html(data, path=name)
    else:
        text, used, notes = decode_with(data, encoding, path=name), encoding, []
    text = _XML_DECL_TEXT.sub("", normalize_newlines(text), count=1)
    text = cap_text(text, notes)
    text = _flatten_if_deep(text, notes)
    walker = _Walker()
    title = ""
    if text.strip():
        try:
            root = lxml.html.document_fromstring(text)
        except (lxml.etree.ParserError, ValueError) as exc:
            if "empty" not in str(exc).lower():
                raise ReadError(name, f"cannot be parsed as HTML: {exc}") from exc
            root = None
        if root is not None:
            title_el = root.find(".//title")
            if title_el is not None and title_el.text:
                title = normalize_spaces(_WS.sub(" ", title_el.text))
            walker.walk(root)
            walker.flush()
    info: dict[str, Any] = {"source": name, "format": "html", "encoding": used, "title": title}
    info.update(meta or {})
    blocks, dropped = structured_blocks(walker.blocks)
    info["dropped_lines"] = [list(d) for d in dropped]
    blocks, reflowed = reflow_blocks(blocks)
    info.update(reflowed)
    doc = Document.from_blocks(name, blocks, meta=info)
    for note in notes + walker.notes:
        doc.warn(note)
        warnings.warn(f"{name}: {note}", ReadWarning, stacklevel=2)
    return strip_furniture(simplify_document(doc))
