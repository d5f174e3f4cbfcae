"""DOCX files: paragraphs and tables in document order, merged cells counted once.

The body XML is walked directly (python-docx opens the package): paragraphs
and tables come out in the order they stand, including those inside content
controls.  Heading styles ("Heading 1", "标题 1", "Title", or an outline
level) give ``heading`` blocks; other non-empty paragraphs are ``paragraph``
blocks; a paragraph holding only a picture is an ``image`` block.  Table grids
are rebuilt from ``w:gridSpan`` (horizontal merge) and ``w:vMerge`` (vertical
merge): a merged cell's text stands once, at its top-left position, and the
other positions it covers are ``None``.  (python-docx's ``row.cells`` repeats a
merged cell in every position, which would double its numbers.)  Deleted
text of tracked changes is left out.

Examples
--------
>>> import io, docx
>>> from ogi_nlp.read.docx import read_docx
>>> d = docx.Document()
>>> _ = d.add_heading("一、总体情况", level=1)
>>> _ = d.add_paragraph("全年受理申请5件。")
>>> t = d.add_table(rows=2, cols=2)
>>> t.cell(0, 0).merge(t.cell(0, 1)).text = "第二十条第（一）项"
>>> t.cell(1, 0).text, t.cell(1, 1).text = "规章", "0"
>>> buf = io.BytesIO(); d.save(buf)
>>> doc = read_docx(buf.getvalue())
>>> [b.kind for b in doc.blocks], doc.tables()[0].rows
(['heading', 'paragraph', 'table'], (('第二十条第（一）项', None), ('规章', '0')))
"""
from __future__ import annotations

import io
import re
from typing import Any, Iterator

from ..document import Block, Document
from ..errors import ReadError
from ._clean import clean_cell
from .script import simplify_document

__all__ = ["read_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_Q = "{%s}" % _W
_HEADING_STYLE = re.compile(r"^(?:heading|标题|title|subtitle|副标题)\s*\d*$", re.IGNORECASE)
_SPACES = " \t\u3000\xa0\u200b\ufeff"


def _attr(el: Any, name: str) -> str | None:
    return el.get(_Q + name) if el is not None else None


def _para_text(p: Any) -> str:
    parts: list[str] = []
    for el in p.iter(_Q + "t", _Q + "tab", _Q + "br", _Q + "cr", _Q + "noBreakHyphen"):
        tag = el.tag[len(_Q) :]
        if tag == "t":
            parts.append(el.text or "")
        elif tag == "tab":
            # a w:tab inside w:tabs (paragraph properties) is a tab stop, not text
            if el.getparent() is not None and el.getparent().tag == _Q + "tabs":
                continue
            parts.append("\t")
        elif tag == "noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _has_picture(p: Any) -> bool:
    return any(True for _ in p.iter(_Q + "drawing", _Q + "pict", "{urn:schemas-microsoft-com:vml}imagedata"))


def _picture_name(p: Any) -> str:
    for el in p.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
        name = el.get("descr") or el.get("name")
        if name:
            return name
    return "image"


class _Styles:
    def __init__(self, document: Any) -> None:
        self._names: dict[str, str] = {}
        self._outline: set[str] = set()
        try:
            for style in document.styles:
                sid = style.style_id
                self._names[sid] = style.name or ""
                ppr = style.element.find(_Q + "pPr")
                if ppr is not None and ppr.find(_Q + "outlineLvl") is not None:
                    lvl = _attr(ppr.find(_Q + "outlineLvl"), "val")
                    if lvl is not None and lvl.isdigit() and int(lvl) < 9:
                        self._outline.add(sid)
        except Exception:  # odd style parts: fall back to no heading styles
            pass

    def is_heading(self, p: Any) -> bool:
        ppr = p.find(_Q + "pPr")
        if ppr is None:
            return False
        lvl = ppr.find(_Q + "outlineLvl")
        if lvl is not None:
            val = _attr(lvl, "val")
            return val is not None and val.isdigit() and int(val) < 9
        style = ppr.find(_Q + "pStyle")
        sid = _attr(style, "val")
        if sid is None:
            return False
        return sid in self._outline or bool(_HEADING_STYLE.match(self._names.get(sid, sid)))


def _body_items(container: Any) -> Iterator[Any]:
    for child in container.iterchildren():
        if child.tag in (_Q + "p", _Q + "tbl"):
            yield child
        elif child.tag == _Q + "sdt":
            content = child.find(_Q + "sdtContent")
            if content is not None:
                yield from _body_items(content)


def _cell_text(tc: Any) -> str:
    lines: list[str] = []
    for el in tc.iterchildren():
        if el.tag == _Q + "p":
            lines.append(_para_text(el))
        elif el.tag == _Q + "tbl":  # a nested table: its text, row by row
            for p in el.iter(_Q + "p"):
                lines.append(_para_text(p))
        elif el.tag == _Q + "sdt":
            for p in el.iter(_Q + "p"):
                lines.append(_para_text(p))
    return "\n".join(lines)


def table_grid(tbl: Any) -> tuple[tuple[str | None, ...], ...]:
    """The grid of a ``w:tbl`` element with merged cells placed once.

    Returns rows of equal length; ``None`` where a position is covered by a
    merged cell or absent from the row (``w:gridBefore``/``w:gridAfter``).
    """
    rows: list[list[str | None]] = []
    for tr in tbl.iterchildren(_Q + "tr"):
        row: list[str | None] = []
        trpr = tr.find(_Q + "trPr")
        before = trpr.find(_Q + "gridBefore") if trpr is not None else None
        if before is not None and (_attr(before, "val") or "").isdigit():
            row.extend([None] * int(_attr(before, "val")))
        for tc in tr.iterchildren(_Q + "tc", _Q + "sdt"):
            cells = [tc] if tc.tag == _Q + "tc" else list(tc.iter(_Q + "tc"))
            for cell in cells:
                tcpr = cell.find(_Q + "tcPr")
                span_el = tcpr.find(_Q + "gridSpan") if tcpr is not None else None
                span_val = _attr(span_el, "val")
                span = int(span_val) if span_val and span_val.isdigit() else 1
                vmerge = tcpr.find(_Q + "vMerge") if tcpr is not None else None
                # <w:vMerge/> without a value continues the cell above
                continued = vmerge is not None and _attr(vmerge, "val") in (None, "continue")
                text = None if continued else clean_cell(_cell_text(cell))
                row.append(text)
                row.extend([None] * (span - 1))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return tuple(tuple(r) + (None,) * (width - len(r)) for r in rows)


def read_docx(data: bytes, *, name: str = "<bytes>", meta: dict[str, Any] | None = None) -> Document:
    """Read the bytes of a DOCX file into a :class:`~ogi_nlp.document.Document`.

    Parameters
    ----------
    data : bytes
        The whole ``.docx`` file.
    name : str, optional
        Document name, also used in error messages.
    meta : dict, optional
        Extra metadata to record.

    Raises
    ------
    ReadError
        When the bytes are not a readable DOCX package (corrupt, or an old
        binary ``.doc`` renamed).
    """
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError(name, "reading DOCX needs python-docx (pip install python-docx)") from exc
    if data[:2] != b"PK":
        hint = " (an old binary .doc? save it as .docx)" if data[:4] == b"\xd0\xcf\x11\xe0" else ""
        raise ReadError(name, f"is not a DOCX (zip) package{hint}")
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = _Styles(document)
        blocks: list[Block] = []
        for item in _body_items(body):
            if item.tag == _Q + "tbl":
                grid = table_grid(item)
                if any(c for row in grid for c in row):
                    text = "\n".join("\t".join("" if c is None else c for c in row) for row in grid)
                    blocks.append(Block("table", text, rows=grid, layout="grid"))
                continue
            text = _para_text(item).strip(_SPACES)
            if text:
                kind = "heading" if styles.is_heading(item) else "paragraph"
                blocks.append(Block(kind, text))
            elif _has_picture(item):
                blocks.append(Block("image", _picture_name(item)))
    except ReadError:
        raise
    except Exception as exc:  # python-docx / lxml / zipfile errors on damaged files
        raise ReadError(name, f"cannot be read as DOCX: {type(exc).__name__}: {exc}") from exc
    info: dict[str, Any] = {"source": name, "format": "docx"}
    info.update(meta or {})
    doc = Document.from_blocks(name, blocks, meta=info)
    return simplify_document(doc)
