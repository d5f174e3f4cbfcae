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
text of tracked changes is left out.  Word's automatic list numbers, which
are not part of the text, are rendered in front of their paragraph ("一、",
"（二）", "3.") so that section headings numbered by Word read as printed.
A table typed as paragraphs, one cell each, becomes a ``flattened`` table block:
runs of paragraphs are read by the text reader's rules
(:func:`~ogi_nlp.read.text.structured_blocks`: page numbers, ``[bookmark: …]``
artefacts, pipe rows), so a report pasted line by line reads as its text file does.

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
import zipfile
import re
from typing import Any, Iterator

from ..document import Block, Document
from ..errors import ReadError
from . import limits
from ._clean import clean_cell
from .reflow import reflow_blocks
from .furniture import strip_furniture
from .script import simplify_document
from .text import structured_blocks
from ..zh.chars import ASCII_TO_FULLWIDTH_DIGITS, WHITESPACE
from ..zh.numerals import number_to_chinese

__all__ = ["read_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_Q = "{%s}" % _W
_HEADING_STYLE = re.compile(r"^(?:heading|标题|title|subtitle|副标题)\s*\d*$", re.IGNORECASE)
_SPACES = WHITESPACE


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


_CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uffef]")


def _chinese(n: int) -> str:
    return number_to_chinese(n) if n > 0 else str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalZero", "decimalFullWidth", "decimalHalfWidth"):
        text = str(n) if fmt != "decimalZero" else f"{n:02d}"
        return text.translate(ASCII_TO_FULLWIDTH_DIGITS) if fmt == "decimalFullWidth" else text
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting",
               "japaneseCounting", "chineseLegalSimplified"):
        return _chinese(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    return None  # bullets and formats without a printed number


class _Numbering:
    """Renders Word's automatic list numbers ("一、", "（二）", "3.") that are not in the text."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self._starts: dict[tuple[str, int], int] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._style_num: dict[str, tuple[str, int]] = {}
        self._suffixes: dict[tuple[str, int], Any] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part
            root = None
        if root is not None:
            abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
            suffixes: dict[tuple[str, int], Any] = {}
            for an in root.iterchildren(_Q + "abstractNum"):
                levels = {}
                for lvl in an.iterchildren(_Q + "lvl"):
                    ilvl = int(_attr(lvl, "ilvl") or 0)
                    start = _attr(lvl.find(_Q + "start"), "val")
                    fmt = _attr(lvl.find(_Q + "numFmt"), "val") or "decimal"
                    text = _attr(lvl.find(_Q + "lvlText"), "val") or ""
                    levels[ilvl] = (int(start) if start and start.isdigit() else 1, fmt, text)
                    suffixes[(_attr(an, "abstractNumId") or "", ilvl)] = lvl.find(_Q + "suff")
                abstract[_attr(an, "abstractNumId") or ""] = levels
            for num in root.iterchildren(_Q + "num"):
                num_id = _attr(num, "numId") or ""
                abstract_id = _attr(num.find(_Q + "abstractNumId"), "val") or ""
                self._levels[num_id] = abstract.get(abstract_id, {})
                for ilvl in self._levels[num_id]:
                    self._suffixes[(num_id, ilvl)] = suffixes.get((abstract_id, ilvl))
                for override in num.iterchildren(_Q + "lvlOverride"):
                    start = _attr(override.find(_Q + "startOverride"), "val")
                    if start and start.isdigit():
                        self._starts[(num_id, int(_attr(override, "ilvl") or 0))] = int(start)
        try:
            for style in document.styles:
                ppr = style.element.find(_Q + "pPr")
                numpr = ppr.find(_Q + "numPr") if ppr is not None else None
                if numpr is not None:
                    num_id = _attr(numpr.find(_Q + "numId"), "val")
                    ilvl = _attr(numpr.find(_Q + "ilvl"), "val")
                    if num_id:
                        self._style_num[style.style_id] = (num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0)
        except Exception:
            pass

    def prefix(self, p: Any) -> str:
        ppr = p.find(_Q + "pPr")
        if ppr is None:
            return ""
        numpr = ppr.find(_Q + "numPr")
        num_id: str | None = None
        ilvl = 0
        style_id = _attr(ppr.find(_Q + "pStyle"), "val")
        if style_id in self._style_num:
            num_id, ilvl = self._style_num[style_id]
        if numpr is not None:
            num_id = _attr(numpr.find(_Q + "numId"), "val") or num_id
            lvl = _attr(numpr.find(_Q + "ilvl"), "val")
            ilvl = int(lvl) if lvl and lvl.isdigit() else ilvl
        if not num_id or num_id == "0" or num_id not in self._levels:
            return ""
        levels = self._levels[num_id]
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id, {})
        start = self._starts.get((num_id, ilvl), levels[ilvl][0])
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        _, fmt, text = levels[ilvl]
        if _format_number(1, fmt) is None:
            return ""

        def level_number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            if k not in levels:
                return ""
            value = counters.get(k, self._starts.get((num_id, k), levels[k][0]))
            return _format_number(value, levels[k][1]) or ""

        label = re.sub(r"%(\d)", level_number, text)
        # Word puts a tab (or space) after the number unless told not to;
        # after Chinese punctuation ("一、") nothing is printed in its place.
        suffix = _attr(self._suffixes.get((num_id, ilvl)), "val") or "tab"
        if suffix == "nothing" or not label or _CJK_PUNCT.match(label[-1]):
            return label
        return label + " "


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


def _capped(value: str) -> int:
    # A declared span is cut to the limit before anything is allocated for it.
    return min(int(value[:9]), limits.MAX_SPAN)


def _check_package(data: bytes, name: str) -> None:
    """Refuse a package whose declared uncompressed sizes pass the limits (zip bombs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError) as exc:  # damaged, or a zip feature
        raise ReadError(name, f"is not a readable DOCX (zip) package: {exc}") from exc  # (version 6.4) it lacks
    total = sum(i.file_size for i in infos)
    main = max((i.file_size for i in infos if i.filename == "word/document.xml"), default=0)
    if main > limits.MAX_DOCX_PART_BYTES or total > limits.MAX_DOCX_TOTAL_BYTES:
        raise ReadError(name, f"unpacks to {total / 2**20:,.0f} MiB (document.xml {main / 2**20:,.0f} MiB), past "
                              f"the limits of {limits.MAX_DOCX_TOTAL_BYTES / 2**20:.0f} and "
                              f"{limits.MAX_DOCX_PART_BYTES / 2**20:.0f} MiB (ogi_nlp.read.limits); not read")


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
            row.extend([None] * _capped(_attr(before, "val")))
        for tc in tr.iterchildren(_Q + "tc", _Q + "sdt"):
            cells = [tc] if tc.tag == _Q + "tc" else list(tc.iter(_Q + "tc"))
            for cell in cells:
                tcpr = cell.find(_Q + "tcPr")
                span_el = tcpr.find(_Q + "gridSpan") if tcpr is not None else None
                span_val = _attr(span_el, "val")
                span = _capped(span_val) if span_val and span_val.isdigit() else 1
                vmerge = tcpr.find(_Q + "vMerge") if tcpr is not None else None
                # <w:vMerge/> without a value continues the cell above
                continued = vmerge is not None and _attr(vmerge, "val") in (None, "continue")
                text = None if continued else clean_cell(_cell_text(cell))
                row.append(text)
                row.extend([None] * (span - 1))
                if len(row) >= limits.MAX_TABLE_COLUMNS:
                    break
        rows.append(row[: limits.MAX_TABLE_COLUMNS])
        if len(rows) * limits.MAX_TABLE_COLUMNS > limits.MAX_TABLE_CELLS:
            break
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
    _check_package(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = _Styles(document)
        numbering = _Numbering(document)
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
                text = numbering.prefix(item) + text
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
    blocks, dropped = structured_blocks(blocks)
    info["dropped_lines"] = [list(d) for d in dropped]
    blocks, reflowed = reflow_blocks(blocks)
    info.update(reflowed)
    doc = Document.from_blocks(name, blocks, meta=info)
    return strip_furniture(simplify_document(doc))
