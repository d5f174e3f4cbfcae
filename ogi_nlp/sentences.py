"""Split report text into sentences that keep their character spans.

The rules are those of the theme codebook (``spec/themes.md``, "Sentence
boundaries"):

* a sentence ends at ``。！？；`` and their half-width forms ``! ? ;``, and at a
  line break;
* closing quotes or brackets right after the terminator stay with the sentence
  (``他说：“好。”`` is one sentence);
* inside a pair of ``《》``, ``（）`` or ``()`` that closes within the next
  :data:`PROTECT_WINDOW` characters nothing ends a sentence, line breaks
  included; such a line break (with the whitespace around it) is dropped from
  the sentence text.  Full-width and half-width round brackets pair with each
  other, since real reports mix them (``(以下简称《条例》）``).  An unclosed
  bracket protects nothing;
* an ASCII period never ends a sentence (``1.5``, ``1.``), and a half-width
  ``? ! ;`` between ASCII letters or digits does not either (``index.html?id=3``);
* pieces are trimmed and empty pieces dropped.

Headings such as ``（二）围绕法治政府建设加强政策解读。`` are sentences too; they carry
``heading=True`` (see :func:`is_heading`).

Everything runs in time linear in the length of the text.

Examples
--------
>>> split_sentences("一、总体情况\\n全年受理申请5件。均按期答复！")
['一、总体情况', '全年受理申请5件。', '均按期答复！']
>>> s = sentence_spans("前言。开展《实施意见（征求\\n意见稿）》等工作。")[1]
>>> s.text, s.start, s.end
('开展《实施意见（征求意见稿）》等工作。', 3, 23)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .zh.chars import CJK, LINE_BREAKS, SPACE, WHITESPACE
from .zh.enumerators import HEADING_MARKER
from .zh.units import UNIT_ALTERNATION

__all__ = [
    "Sentence",
    "sentence_spans",
    "split_sentences",
    "is_heading",
    "is_fragment",
    "PROTECT_WINDOW",
    "MAX_HEADING_CHARS",
]

#: A bracket pair protects its content only if it closes within this many
#: characters of its opening; longer "pairs" are usually a stray bracket.
PROTECT_WINDOW = 100

#: Longest heading text (marker and trailing punctuation excluded).
MAX_HEADING_CHARS = 40

_TERMINATORS = frozenset("。！？；!?;")
_ASCII_TERMINATORS = frozenset("!?;")
# Characters that, right after a terminator, still belong to the sentence.
_TRAILERS = frozenset("”’\"'」』》）)】〕］]〉>" + "。！？；!?;…")
# str.splitlines() boundaries.
_LINE_BREAKS = frozenset(LINE_BREAKS)
# Opening -> family; closing -> family.  Round brackets of both widths pair.
_OPEN = {"《": 0, "（": 1, "(": 1}
_CLOSE = {"》": 0, "）": 1, ")": 1}
_STRIP = WHITESPACE + LINE_BREAKS
_INNER_BREAK = re.compile(rf"[{SPACE}]*[{LINE_BREAKS}]+[{SPACE}]*")
_ANY_BREAK = re.compile(rf"[{LINE_BREAKS}]")  # _INNER_BREAK matches only where one of these is


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence and where it stands in the text it was split from.

    Parameters
    ----------
    text : str
        The sentence, trimmed; line breaks inside protected brackets dropped.
    start, end : int
        Its span in the source text: ``source[start:end]`` equals ``text``
        except for such dropped line breaks.
    heading : bool
        Whether the sentence is a heading (see :func:`is_heading`).
    """

    text: str
    start: int
    end: int
    heading: bool = False


_BRACKET = re.compile("[" + re.escape("".join(_OPEN) + "".join(_CLOSE)) + "]")
_BOUNDARY = re.compile("[" + re.escape("".join(_TERMINATORS) + "".join(_LINE_BREAKS)) + "]")


def _protected_intervals(text: str) -> list[tuple[int, int]]:
    """Merged [start, end) ranges strictly inside bracket pairs that close in time.

    Only bracket characters are visited (found by a regex), so the cost is
    linear in the text with a small constant.
    """
    stacks: tuple[list[int], list[int]] = ([], [])
    pairs: list[tuple[int, int]] = []
    for m in _BRACKET.finditer(text):
        i, ch = m.start(), m.group()
        fam = _OPEN.get(ch)
        if fam is not None:
            stacks[fam].append(i)
            continue
        fam = _CLOSE[ch]
        if stacks[fam]:
            j = stacks[fam].pop()
            if i - j <= PROTECT_WINDOW and j + 1 < i:
                pairs.append((j + 1, i))
    pairs.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in pairs:
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "=&/%#_-")


def _make(text: str, start: int, end: int) -> Sentence | None:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    if start == end:
        return None
    piece = text[start:end]
    if _ANY_BREAK.search(piece) is not None:  # most pieces have no break: one character scan, no sub
        piece = _INNER_BREAK.sub("", piece)
    return Sentence(piece, start, end, is_heading(piece))


def sentence_spans(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with their character spans.

    Parameters
    ----------
    text : str
        Any text: a paragraph, or a whole document's text.

    Returns
    -------
    list of Sentence
        Non-empty, in order, non-overlapping; offsets index into ``text``.

    Examples
    --------
    >>> [(s.text, s.start, s.end, s.heading) for s in sentence_spans("（一）加强组织领导\\n成立领导小组。")]
    [('（一）加强组织领导', 0, 9, True), ('成立领导小组。', 10, 17, False)]
    """
    if not isinstance(text, str):
        raise TypeError(f"sentence_spans expects str, got {type(text).__name__}")
    return list(_iter_spans(text))


def _first_span(text: str) -> Sentence | None:
    """``sentence_spans(text)[0]`` (None for no sentence), without splitting the rest."""
    return next(_iter_spans(text), None)


def _iter_spans(text: str) -> Iterator[Sentence]:
    n = len(text)
    protected = _protected_intervals(text)
    k = 0  # index of the first protected interval that may still contain a boundary
    start = 0
    resume = 0  # boundaries before this were swallowed as trailers
    for m in _BOUNDARY.finditer(text):
        i = m.start()
        if i < resume:
            continue
        while k < len(protected) and protected[k][1] <= i:
            k += 1
        if k < len(protected) and protected[k][0] <= i:
            continue
        ch = m.group()
        if ch in _LINE_BREAKS:
            s = _make(text, start, i)
            if s is not None:
                yield s
            start = i + 1
            continue
        if (
            ch in _ASCII_TERMINATORS
            and 0 < i < n - 1
            and _is_ascii_alnum(text[i - 1])
            and _is_ascii_alnum(text[i + 1])
        ):
            continue
        j = i + 1
        while j < n and text[j] in _TRAILERS:
            j += 1
        s = _make(text, start, j)
        if s is not None:
            yield s
        start = resume = j
    s = _make(text, start, n)
    if s is not None:
        yield s


def split_sentences(text: str, *, keep_headings: bool = True) -> list[str]:
    """Split ``text`` into sentence strings.

    Parameters
    ----------
    text : str
        The text to split.
    keep_headings : bool, default True
        If False, headings (see :func:`is_heading`) are left out.

    Returns
    -------
    list of str

    Examples
    --------
    >>> split_sentences("(三)认真处理依申请公开\\n全年受理申请17件;均依法办理。", keep_headings=False)
    ['全年受理申请17件;', '均依法办理。']
    """
    if not isinstance(keep_headings, bool):
        raise ValueError(f"keep_headings must be True or False, got {keep_headings!r}")
    return [s.text for s in sentence_spans(text) if keep_headings or not s.heading]


# --- headings -------------------------------------------------------------

_HEADING_MARKER = HEADING_MARKER  # the heading grammar: ogi_nlp.zh.enumerators
_TRAILING_PUNCT = "。.:：!！?？ \u3000"
_INNER_STOP = re.compile(r"[。！？；!?;]")
_CJK = CJK
# A date opening the text marks a statement ("（一）2021年，本中心未收取费用").
_LEADING_DATE = re.compile(r"^[\d０-９]{4}\s*年")
# Two numbers apart: a table row printed as text ("四、结转下年度继续办理 103 0 0 103").
_NUMBER_RUN = re.compile(r"[\d０-９]\s+[\d０-９]")
# A count with its unit: reported figures, not a title ("1、全年受理申请5件").
_QUANTITY = re.compile(rf"[\d０-９]+(?:\.\d+)?\s*(?:{UNIT_ALTERNATION}|万|%|％)")


def is_heading(sentence: str) -> bool:
    """Whether a sentence is an enumerated heading.

    A heading starts with an enumerator (``一、``, ``（二）``, ``(三)``, ``2、``,
    ``3.``, ``第一部分``) followed by a short title: at most
    :data:`MAX_HEADING_CHARS` characters, no sentence terminator inside, and no
    count with a unit (``1、全年受理申请5件。`` reports a figure, it is not a
    title).  Clauses such as ``一是…`` are not headings.

    Examples
    --------
    >>> is_heading("（二）围绕法治政府建设加强政策解读。")
    True
    >>> is_heading("一是做好政府信息主动公开。")
    False
    >>> is_heading("1.5万元用于网站运维。")
    False
    """
    s = sentence.strip(_STRIP)
    m = _HEADING_MARKER.match(s)
    if m is None:
        return False
    body = s[m.end():].rstrip(_TRAILING_PUNCT)
    if not body or len(body) > MAX_HEADING_CHARS:
        return False
    if body[0] == "是" or _INNER_STOP.search(body) or not _CJK.search(body):
        return False
    # Titles carry at most one comma; more means a clause (often a wrapped line).
    if body.count("，") + body.count(",") > 1 or _LEADING_DATE.match(body) or _NUMBER_RUN.search(body):
        return False
    return _QUANTITY.search(body) is None


# Any CJK ideograph (extension A and compatibility forms included), letter or digit.
_WORDY = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_]")
# A footnote marker of an encyclopaedia copy: "[1]", "【2】".
_FOOTNOTE = re.compile(r"^[\[［【]\s*\d{1,3}\s*[\]］】]$")


def is_fragment(piece: str) -> bool:
    """Whether a split piece is no sentence: no CJK character, letter or digit, or a footnote marker.

    :func:`sentence_spans` loses no text, so a stray ``?`` at a line start or a
    footnote marker ``[1]`` after a sentence comes out as a piece of its own;
    such pieces are never narrative sentences, and
    :meth:`ogi_nlp.Report.sentences` leaves them out.  Pieces with digits stay
    (a date line ``20231030`` may belong to a title block).

    Examples
    --------
    >>> [is_fragment(p) for p in ["[1]", "?", "。", "【2】", "2.", "否", "Annual report.", "20231030"]]
    [True, True, True, True, False, False, False, False]
    """
    p = piece.strip()
    return _WORDY.search(p) is None or _FOOTNOTE.match(p) is not None
