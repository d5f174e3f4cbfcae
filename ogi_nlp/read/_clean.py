"""Text clean-up shared by the structured readers (PDF, DOCX, HTML).

Examples
--------
>>> from ogi_nlp.read._clean import clean_cell
>>> clean_cell("商业\\n企业"), clean_cell("\\u3000\\u3000"), clean_cell(None)
('商业企业', '', None)
"""
from __future__ import annotations

import re

from ..zh.chars import WHITESPACE

__all__ = ["normalize_spaces", "join_wrapped", "clean_cell"]

_CJK_CLASS = r"\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…·"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK_CLASS}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{_CJK_CLASS}])")
_SPACES = WHITESPACE + "\n\r"


def normalize_spaces(text: str) -> str:
    """Remove spaces next to CJK characters and punctuation; keep them between Latin words.

    Examples
    --------
    >>> normalize_spaces("2024 年，全市共受理申请 3119 件，Open Government 报告")
    '2024年，全市共受理申请3119件，Open Government报告'
    """
    return _SPACE_NEAR_CJK.sub("", text).strip(_SPACES)


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of one wrapped line: a space only between Latin letters.

    Examples
    --------
    >>> join_wrapped("本年新收政府信息", "公开申请数量"), join_wrapped("Open", "Government")
    ('本年新收政府信息公开申请数量', 'Open Government')
    """
    if not left:
        return right
    if not right:
        return left
    if left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return f"{left} {right}"
    return left + right


def clean_cell(cell: str | None) -> str | None:
    """A table cell's text on one line: wrapped lines rejoined, CJK spacing removed.

    ``None`` (a position covered by a merged cell) stays ``None``; a blank
    cell becomes ``""``.
    """
    if cell is None:
        return None
    out = ""
    for part in re.split(r"[\n\r\x0b]+", cell):
        out = join_wrapped(out, normalize_spaces(part))
    return out
