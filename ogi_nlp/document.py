"""The document model: what every reader produces and every later stage reads.

A :class:`Document` is the text of one source file as an ordered list of
:class:`Block` objects (headings, paragraphs, table grids, image placeholders).
Every block keeps its character span in ``Document.text`` and, for PDFs, its
page, so any figure derived later can be traced back to where it was printed.

``Document.text`` is the *analysis* text: traditional characters converted to
simplified.  ``Document.original`` is the text as decoded, before that
conversion (the two are equal for simplified sources).  The conversion is
character for character, so spans are valid in both.

Examples
--------
>>> from ogi_nlp.document import Block, Document
>>> doc = Document.from_blocks("demo", [Block("paragraph", "全年受理申请5件。")])
>>> doc.text
'全年受理申请5件。'
>>> doc.blocks[0].start, doc.blocks[0].end
(0, 9)
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Literal, Sequence

__all__ = ["Block", "Document", "BLOCK_KINDS"]

BlockKind = Literal["heading", "paragraph", "table", "image"]
BLOCK_KINDS: tuple[str, ...] = ("heading", "paragraph", "table", "image")

Cell = str | None
Grid = tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of a document in reading order.

    Parameters
    ----------
    kind : {"heading", "paragraph", "table", "image"}
        ``heading`` only where the source marks it (a DOCX heading style, an
        HTML ``<h1>``); headings written as plain lines ("二、主动公开…") are
        paragraphs here and recognised by :mod:`ogi_nlp.sections`.
        ``image`` is a placeholder where the source shows a picture
        (e.g. a line ``"2.jpg"`` standing where a table was).
    text : str
        The block's text as it stands in ``Document.text`` (for a table, its
        cells joined by tabs and newlines).
    start, end : int
        Character span of the block in ``Document.text``.
    rows : tuple of tuple of (str or None)
        The table grid, row by row; ``None`` where a position holds no cell of
        its own (covered by a merged cell, or absent from the source).  Empty
        for non-table blocks.
    page : int or None
        1-based page number for paginated sources.
    layout : str
        For tables, how the grid was recovered: ``"grid"`` (real cells from
        HTML, DOCX or PDF geometry), ``"flattened"`` (text with one cell per
        line: ``rows`` is a single column in reading order), or ``"pipe"``
        (``| a | b |`` rows).
    line : int or None
        1-based line of the source file where the block starts, for
        line-oriented sources (plain text); ``None`` otherwise.
    """

    kind: BlockKind
    text: str
    start: int = 0
    end: int = 0
    rows: Grid = ()
    page: int | None = None
    layout: str = ""
    line: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"Block kind {self.kind!r} is not one of {BLOCK_KINDS}")

    @property
    def cells(self) -> list[str]:
        """The table's non-empty cells in reading order (row by row)."""
        return [c for row in self.rows for c in row if c is not None and c.strip()]


@dataclass(slots=True)
class Document:
    """A source file read into ordered blocks.

    Parameters
    ----------
    name : str
        Short name of the source (the file name for files).
    text : str
        Analysis text (simplified script) that block spans point into.
    blocks : list of Block
        The blocks in reading order.
    original : str
        Text as decoded, before traditional-to-simplified conversion.
    meta : dict
        What the reader learned: ``source`` (path), ``format``, ``encoding``,
        ``pages``, ``script`` ("simplified" or "traditional"), ``warnings``
        (list of str), and anything format-specific.
    """

    name: str
    text: str
    blocks: list[Block]
    original: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.original:
            self.original = self.text
        self.meta.setdefault("warnings", [])

    @classmethod
    def from_blocks(
        cls,
        name: str,
        blocks: Iterable[Block],
        *,
        meta: dict[str, Any] | None = None,
        sep: str = "\n",
    ) -> "Document":
        """Build a document whose text is the blocks' texts joined by ``sep``.

        The blocks' ``start``/``end`` are (re)computed from their position.
        Readers of structured formats (DOCX, HTML, PDF) use this.
        """
        parts: list[str] = []
        placed: list[Block] = []
        pos = 0
        for block in blocks:
            if parts:
                parts.append(sep)
                pos += len(sep)
            if type(block) is Block:  # what replace() builds, without its generic machinery
                placed.append(Block(block.kind, block.text, pos, pos + len(block.text), block.rows,
                                    block.page, block.layout, block.line))
            else:
                placed.append(replace(block, start=pos, end=pos + len(block.text)))
            parts.append(block.text)
            pos += len(block.text)
        return cls(name=name, text="".join(parts), blocks=placed, meta=dict(meta or {}))

    def tables(self) -> list[Block]:
        """The table blocks, in reading order."""
        return [b for b in self.blocks if b.kind == "table"]

    def narrative(self) -> list[Block]:
        """The heading and paragraph blocks, in reading order."""
        return [b for b in self.blocks if b.kind in ("heading", "paragraph")]

    def warn(self, message: str) -> None:
        """Record a warning in ``meta["warnings"]`` (once)."""
        if message not in self.meta["warnings"]:
            self.meta["warnings"].append(message)


def grid_from_rows(rows: Sequence[Sequence[Cell]]) -> Grid:
    """Freeze a list of rows into a grid (tuples), keeping ``None`` cells."""
    return tuple(tuple(r) for r in rows)
