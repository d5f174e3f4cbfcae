"""Tolerant matching of printed row and column labels to template labels.

Labels are compared after normalisation (NFKC, no whitespace, no quotes, no
parenthesised notes) and with their numbering (``一、``, ``（三）``, ``2.``)
split off.  Labels printed from PDFs lose characters where they wrap
(``其他法律行政止公开``), so a label matches the template label it is most
similar to, above a threshold.

Examples
--------
>>> from ogi_nlp.tables.labels import normalise_label, split_numbering, similarity
>>> normalise_label("（二）部分公开（区分处理的，只计这一情形）")
'(二)部分公开'
>>> split_numbering("（三）不\\n予公开")
('(三)', '不予公开')
>>> round(similarity("其他法律行政止公开", "其他法律行政法规禁止公开"), 2)
0.86
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

from ..zh.enumerators import CN_DIGITS, LABEL_NUMBERING
from .registry import registry

__all__ = ["normalise_label", "split_numbering", "similarity", "similarity_bound", "best_match"]

_WS = re.compile(r"\s+")
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")
# a parenthesised note after some text: （区分处理的，只计这一情形…）
_NOTE = re.compile(rf"(?<=[^\s(])\((?![{CN_DIGITS}\d]+\))[^()]*\)?$")
_NUMBERING = LABEL_NUMBERING
_TRAILING = re.compile(r"[:：;；,，.。]+$")
_LEADING_NOISE = re.compile(r"^(?:其中[:：]?)")


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[tuple[str, str], ...]:
    """Taiwan-style words and their template words (registry section ``vocabulary``): 资讯 -> 信息."""
    return tuple(registry().get("vocabulary", {}).get("map", {}).items())


@lru_cache(maxsize=65536)
def normalise_label(text: str | None, *, keep_notes: bool = False) -> str:
    """Normalise a printed label for comparison.

    Parameters
    ----------
    text : str or None
        The label as printed.
    keep_notes : bool, default False
        Keep a trailing parenthesised note such as ``（单位：万元）``.

    Returns
    -------
    str

    Examples
    --------
    >>> normalise_label(" 3.危及“三安全一稳定” ")
    '3.危及三安全一稳定'
    >>> normalise_label("一、本年新收政府资讯公开申请数量")  # Taiwan-style 资讯
    '一、本年新收政府信息公开申请数量'
    """
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text)
    s = _WS.sub("", s)
    s = _QUOTES.sub("", s)
    s = s.replace("【", "[").replace("】", "]")
    for word, template_word in _vocabulary():
        if word in s:
            s = s.replace(word, template_word)
    if not keep_notes:
        s = _NOTE.sub("", s)
    return _TRAILING.sub("", s)


@lru_cache(maxsize=65536)  # labels repeat across rows and reports: split each text once
def split_numbering(text: str | None) -> tuple[str, str]:
    """Split a label into its numbering and the rest (both normalised).

    Examples
    --------
    >>> split_numbering("一、本年新收政府信息公开申请数量")
    ('一、', '本年新收政府信息公开申请数量')
    >>> split_numbering("0.其他处理总计")
    ('0.', '其他处理总计')
    >>> split_numbering("规章")
    ('', '规章')
    """
    s = normalise_label(text)
    m = _NUMBERING.match(s)
    if not m:
        return "", _LEADING_NOISE.sub("", s)
    return m["num"], _LEADING_NOISE.sub("", s[m.end():])


@lru_cache(maxsize=65536)  # template labels repeat across rows and reports
def similarity(printed: str, canonical: str) -> float:
    """How well a printed label (without numbering) fits a template label.

    1.0 for equality; at least 0.8 (more for a longer share) when the
    template label is contained in the printed one; else difflib's ratio.

    Examples
    --------
    >>> similarity("重复申请", "重复申请")
    1.0
    >>> round(similarity("部分公开区分处理的", "部分公开"), 3)
    0.867
    """
    if not printed or not canonical:
        return 0.0
    if printed == canonical:
        return 1.0
    if len(printed) > 2 * len(canonical) + 12:
        return 0.0  # ratio < 2/3 and no containment bonus: skip the quadratic matcher on long texts
    ratio = SequenceMatcher(None, printed, canonical, autojunk=False).ratio()
    if canonical in printed and len(canonical) >= 3 and len(printed) <= 2 * len(canonical) + 12:
        # a short template label inside a long printed one ("其他" in "其他法律…") is weak evidence;
        # a two-character one (其他, 总计, 规章) only counts printed alone: 其他收入 is not 其他;
        # inside a long text (a sentence of the narrative) it is no label at all
        return max(ratio, 0.8 + 0.15 * len(canonical) / len(printed))
    return ratio


@lru_cache(maxsize=65536)
def _characters(text: str) -> Counter[str]:
    return Counter(text)


def similarity_bound(printed: str, canonical: str) -> float:
    """An upper bound of :func:`similarity`, without difflib's matcher.

    difflib's ratio is ``2 * matches / (len(a) + len(b))``, and a matching block pairs equal
    characters, each at most once: the matches are at most the characters the two share
    (counted with repetition, as difflib's ``quick_ratio``). The containment bonus is
    :func:`similarity`'s. A label whose bound is below a threshold cannot reach it, and
    need not be compared.

    >>> similarity_bound("不予公开", "部分公开") >= similarity("不予公开", "部分公开")
    True
    >>> similarity_bound("工作要点", "部分公开")
    0.0
    """
    if not printed or not canonical:
        return 0.0
    if printed == canonical:
        return 1.0
    lp, lc = len(printed), len(canonical)
    if lp > 2 * lc + 12:
        return 0.0
    have = _characters(printed)
    shared = sum(min(k, have[c]) for c, k in _characters(canonical).items() if c in have)
    bound = 2.0 * shared / (lp + lc)
    if lc >= 3 and canonical in printed:
        bound = max(bound, 0.8 + 0.15 * lc / lp)
    return bound


def best_match(
    printed: str,
    candidates: dict[str, tuple[str, ...]],
    *,
    threshold: float = 0.75,
) -> tuple[str | None, float]:
    """Return the candidate key whose labels fit ``printed`` best.

    Parameters
    ----------
    printed : str
        A label without numbering (see :func:`split_numbering`).
    candidates : dict
        key -> accepted label texts (normalised, without numbering).
    threshold : float, default 0.75
        Minimum similarity; below it no key is returned.

    Examples
    --------
    >>> best_match("行政规范性文件", {"regulations": ("规章",), "normative_documents": ("行政规范性文件", "规范性文件")})
    ('normative_documents', 1.0)
    """
    best: str | None = None
    score = 0.0
    for key, texts in candidates.items():
        for t in texts:
            sc = similarity(printed, t)
            if sc > score:
                best, score = key, sc
    if score < threshold:
        return None, score
    return best, score
