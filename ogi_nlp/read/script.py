"""Traditional to simplified script, keeping every character offset.

Reports from Hong Kong, Macao, Taiwan or re-published web copies may be in
traditional characters.  The analysis text (``Document.text``) is simplified so
that one dictionary and one codebook serve all reports; ``Document.original``
keeps the text as decoded.  The conversion (OpenCC ``t2s``, loaded once per
process) is checked to keep the length, falling back to character-by-character
conversion, so that block spans are valid in both texts.

Examples
--------
>>> from ogi_nlp.read.script import detect_script, to_simplified
>>> detect_script("政府資訊公開工作年度報告")
'traditional'
>>> to_simplified("政府資訊公開工作年度報告")
'政府资讯公开工作年度报告'
"""
from __future__ import annotations

import re
import threading
from dataclasses import replace

from ..document import Block, Document

__all__ = ["detect_script", "to_simplified", "simplify_document"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A document is traditional when conversion changes at least this share of its
# CJK characters (simplified reports: 0 of ~4000 in the seeds; traditional: ~35%),
# and at least _MIN_CHANGED characters, so that one stray character does not count.
_MIN_SHARE = 0.05
_MIN_CHANGED = 2

_lock = threading.Lock()
_converter = None


def _t2s():
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter


def to_simplified(text: str) -> str:
    """Convert to simplified script with the same length as the input.

    Examples
    --------
    >>> to_simplified("行政複議")
    '行政复议'
    """
    if not text:
        return text
    conv = _t2s()
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    # Phrase rules changed the length: convert one character at a time and
    # keep a character whose conversion is not a single character.
    chars = []
    for ch in text:
        c = conv.convert(ch) if _CJK.match(ch) else ch
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)


def _changed_share(text: str, simplified: str) -> tuple[int, int]:
    n_cjk = len(_CJK.findall(text))
    n_changed = sum(1 for a, b in zip(text, simplified) if a != b)
    return n_changed, n_cjk


def detect_script(text: str) -> str:
    """Tell ``"traditional"`` from ``"simplified"`` text.

    Examples
    --------
    >>> detect_script("政府信息公开工作年度报告")
    'simplified'
    """
    n_changed, n_cjk = _changed_share(text, to_simplified(text))
    if n_changed >= _MIN_CHANGED and n_changed >= _MIN_SHARE * n_cjk:
        return "traditional"
    return "simplified"


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
    n_changed, n_cjk = _changed_share(doc.text, simplified)
    if not (n_changed >= _MIN_CHANGED and n_changed >= _MIN_SHARE * n_cjk):
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
