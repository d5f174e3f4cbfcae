"""Traditional to simplified script for a Document, keeping every character offset.

Reports from Hong Kong, Macao, Taiwan or re-published web copies may be in
traditional characters.  The analysis text (``Document.text``) is simplified so
that one dictionary and one codebook serve all reports; ``Document.original``
keeps the text as decoded.  The conversion (OpenCC ``t2s``, loaded once per
process, in :mod:`ogi_nlp.zh.script`) keeps the length, so that block spans are
valid in both texts.

Examples
--------
>>> from ogi_nlp.read.script import detect_script, to_simplified
>>> detect_script("政府資訊公開工作年度報告")
'traditional'
>>> to_simplified("政府資訊公開工作年度報告")
'政府资讯公开工作年度报告'
"""
from __future__ import annotations

from dataclasses import replace

from ..document import Block, Document
from ..zh.script import detect_script, is_traditional, to_simplified

__all__ = ["detect_script", "to_simplified", "simplify_document"]


def simplify_document(doc: Document) -> Document:
    """Set ``meta["script"]`` and, for traditional text, convert blocks in place.

    The document's text, block texts and table cells become simplified;
    ``doc.original`` keeps the decoded text.  Returns the same document.

    Examples
    --------
    >>> from ogi_nlp.document import Block, Document
    >>> d = Document.from_blocks("x", [Block("paragraph", "本機關收到申請5件。")])
    >>> simplify_document(d).text, d.original, d.meta["script"]
    ('本机关收到申请5件。', '本機關收到申請5件。', 'traditional')
    """
    simplified = to_simplified(doc.text)
    if not is_traditional(doc.text, simplified):
        doc.meta["script"] = "simplified"
        return doc
    doc.meta["script"] = "traditional"
    doc.original = doc.text
    doc.text = simplified
    blocks: list[Block] = []
    for b in doc.blocks:
        rows = tuple(tuple(None if c is None else to_simplified(c) for c in row) for row in b.rows)
        blocks.append(replace(b, text=simplified[b.start : b.end], rows=rows))
    doc.blocks = blocks
    return doc
