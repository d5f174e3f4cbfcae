"""Traditional to simplified script, keeping every character offset.

Reports from Hong Kong, Macao, Taiwan or re-published web copies may be in
traditional characters.  The conversion (OpenCC ``t2s``, loaded once per
process) is checked to keep the length, falling back to character-by-character
conversion, so that spans found in the simplified text are spans of the
original.

Examples
--------
>>> detect_script("政府資訊公開工作年度報告")
'traditional'
>>> to_simplified("政府資訊公開工作年度報告")
'政府资讯公开工作年度报告'
"""
from __future__ import annotations

import re
import threading

__all__ = ["detect_script", "to_simplified", "is_traditional", "changed_share", "MIN_SHARE", "MIN_CHANGED"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: A text is traditional when conversion changes at least this share of its CJK
#: characters (simplified reports: 0 of ~4000 in the seeds; traditional: ~35%) …
MIN_SHARE = 0.05
#: … and at least this many characters, so that one stray character does not count.
MIN_CHANGED = 2

_lock = threading.Lock()
_converter = None


def _t2s():
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                import opencc  # on first use: loading its dictionaries takes time

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


def changed_share(text: str, simplified: str) -> tuple[int, int]:
    """(characters changed by the conversion, CJK characters of ``text``).

    >>> changed_share("行政複議", "行政复议")
    (2, 4)
    """
    n_cjk = len(_CJK.findall(text))
    n_changed = sum(1 for a, b in zip(text, simplified) if a != b)
    return n_changed, n_cjk


def is_traditional(text: str, simplified: str) -> bool:
    """Whether ``simplified`` (from :func:`to_simplified`) changed enough of ``text``.

    >>> is_traditional("行政複議", "行政复议")
    True
    """
    if text == simplified:  # nothing changed (most reports): no character to count
        return 0 >= MIN_CHANGED and 0 >= MIN_SHARE * len(_CJK.findall(text))
    n_changed, n_cjk = changed_share(text, simplified)
    return n_changed >= MIN_CHANGED and n_changed >= MIN_SHARE * n_cjk


def detect_script(text: str) -> str:
    """Tell ``"traditional"`` from ``"simplified"`` text.

    Examples
    --------
    >>> detect_script("政府信息公开工作年度报告")
    'simplified'
    """
    return "traditional" if is_traditional(text, to_simplified(text)) else "simplified"
