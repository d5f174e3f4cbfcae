"""Table text among the narrative: lines that are cells of a table the reader left as text.

Many copies print their tables as text the block reader cannot take for a table:
one cell per line with a trailing ``|`` (``规章 |`` / ``0 |``), a bare ``|`` line
before each row, the template's labels one per line with their numbers below
(``行政许可`` / ``0``), or labels with no numbers at all.  The table reader still
finds their values (it reads every line as fields, :mod:`ogi_nlp.tables.stream`),
but the sentence splitter sees lines of text, and each would count as a sentence:
in the 42 dev-table copies 948 of the 1,470 pieces cut were table text, which
would dilute every theme share of such a report.

:func:`table_lines` tells them apart by what the table templates know: a line is
table text when its fields are numbers or blanks, or labels of the templates'
rows and columns (the registry's labels, aliases and headers), or the templates'
notes (``（本列数据的勾稽关系为：…）``) and titles (``第二十条第（一）项``).  One such
line alone is weak evidence, so lines are taken in runs: a run of table-like lines
is table text when it holds a row of cells (a ``|`` line, or a label with its
numbers), or at least two numbers and two template labels, or five template
labels (a template printed without numbers).  A line with sentence punctuation
ends a run; a section title of the templates (``四、政府信息公开行政复议、行政诉讼情况``)
is never table text.

Examples
--------
>>> table_lines(["二、主动公开政府信息情况", "第二十条第(一)项 | |||", "信息内容 |", "规章 |", "0 |",
...              "全年主动公开信息120条，其中规章3件。"])
[False, True, True, True, True, False]
>>> table_lines(["（一）强化组织领导", "规章"])
[False, False]
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from ..zh.enumerators import ENUMERATOR
from .labels import normalise_label, similarity, similarity_bound, split_numbering
from .registry import registry
from .stream import _fields, strip_glosses

__all__ = ["table_lines", "template_words"]

_PUNCT = re.compile(r"[，。；,;！？!?]")
_PIPE = re.compile(r"[|｜]")
# a template note standing alone: （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
_NOTE = re.compile(r"^[（(][^（()）]{2,80}[）)]?[\s|｜]*$")
# a table's title in the 2019/2021 templates: 第二十条第（一）项
_ARTICLE = re.compile(r"^第[一二三四五六七八九十]+条(?:第[（(][一二三四五六七八九十]+[）)]项)?")
_MATCH = 0.75  # the table reader's threshold for a row label
_MAX_LABEL = 16  # a label of a row with no template match; longer is prose or a title
_MAX_SHORT = 12  # a header cell of no template (申请人情况, 信息内容)
_TEMPLATE_LABELS = 5  # template labels in a run with no number: a template printed empty
# registry entries that hold printed labels or headers
_LABEL_KEYS = frozenset({"label", "aliases", "header_any", "header_first", "markers", "any", "all"})


@lru_cache(maxsize=1)
def template_words() -> frozenset[str]:
    """The templates' printed labels, aliases and headers (normalised, numbering removed).

    Examples
    --------
    >>> {"规章", "本年制发件数", "自然人", "结果维持"} <= template_words()
    True
    """
    words: set[str] = set()

    def walk(node: object, key: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in _LABEL_KEYS and not re.search(r"[\^$|()\[\]]", node):
            for part in node.split("/"):  # a column's header path: 法人或其他组织/商业企业
                word = normalise_label(split_numbering(part)[1] or part)
                if len(word) >= 2 and re.search(r"[\u4e00-\u9fff]", word):
                    words.add(word)

    reg = registry()
    walk({k: reg[k] for k in ("active", "requests", "review", "legacy") if k in reg}, "")
    return frozenset(words)


@lru_cache(maxsize=1)
def _section_titles() -> re.Pattern[str]:
    patterns = [s["pattern"] for s in registry().get("sections", {}).get("template", [])]
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else re.compile(r"(?!)")


@lru_cache(maxsize=1)
def _template_counts() -> tuple[tuple[str, Counter[str]], ...]:
    """Each template word with the count of each of its characters."""
    return tuple((w, Counter(w)) for w in template_words())


@lru_cache(maxsize=1)
def _template_postings() -> dict[str, tuple[tuple[int, int], ...]]:
    """Each character of the template words -> (position in :func:`_template_counts`, its count
    in that word), for every word holding it."""
    postings: dict[str, list[tuple[int, int]]] = {}
    for j, (_, counts) in enumerate(_template_counts()):
        for c, k in counts.items():
            postings.setdefault(c, []).append((j, k))
    return {c: tuple(p) for c, p in postings.items()}


def _may_match(word: str) -> list[int]:
    """The positions (in :func:`_template_counts`) of the template words that ``word`` may
    match: a superset of those :func:`~ogi_nlp.tables.labels.similarity_bound` leaves at or
    above the threshold, found from the characters the word holds (the characters shared,
    counted as there; a word contained or equal always kept), not word by word."""
    templates = _template_counts()
    postings = _template_postings()
    shared = [0] * len(templates)
    for c, k in Counter(word).items():
        for j, kw in postings.get(c, ()):
            shared[j] += k if k < kw else kw
    n = len(word)
    return [j for j, (w, _) in enumerate(templates)
            if (shared[j] and 2.0 * shared[j] / (n + len(w)) >= _MATCH) or w in word]


@lru_cache(maxsize=65536)  # template labels repeat across reports
def _is_template_label(label: str) -> bool:
    word = normalise_label(split_numbering(label)[1] or label)
    if not word:
        return False
    # Only words an upper bound of the similarity keeps reach difflib: _may_match finds, for all
    # template words at once, those whose shared characters may reach the threshold;
    # similarity_bound adds the containment bonus and the length guard of the table reader.
    templates = _template_counts()
    for w, _ in (templates[j] for j in _may_match(word)):
        if word == w or (similarity_bound(word, w) >= _MATCH and similarity(word, w) >= _MATCH):
            return True
    return False


@lru_cache(maxsize=65536)
def _kind(text: str) -> tuple[str | None, bool, bool]:
    """(kind, holds a number, holds a template label) of one line; kind is
    ``"row"`` (cells: a row by itself), ``"cell"`` (a cell, a note, a header) or None (prose)."""
    t = strip_glosses(text).strip()
    if not t or len(t) > 150 or _section_titles().search(t):
        return None, False, False
    has_pipe = bool(_PIPE.search(t))
    if _NOTE.match(t):
        return "cell", False, False
    if _ARTICLE.match(t):
        return "cell", False, True
    if not has_pipe and _PUNCT.search(t.rstrip("。；;")):
        return None, False, False
    fields = _fields(t)
    labels = [x for k, x, _ in fields if k == "label"]
    values = [x for k, x, _ in fields if k in ("value", "blank")]
    if not labels:
        return ("row" if has_pipe or len(values) > 1 else "cell"), bool(values), False
    matched = 0
    for label in labels:
        if _NOTE.match(label):
            continue
        if _PUNCT.search(label):
            return None, False, False
        if _is_template_label(label):
            matched += 1
        elif len(label) > _MAX_LABEL:
            return None, False, False
    if matched and (values or has_pipe):
        return "row", bool(values), True
    if matched:
        return "cell", False, True
    if has_pipe or values:
        return "cell", bool(values), False
    if all(len(label) <= _MAX_SHORT for label in labels) and not ENUMERATOR.match(t):
        return "cell", False, False
    return None, False, False


def table_lines(texts: Sequence[str]) -> list[bool]:
    """Which of a report's narrative pieces, in reading order, are table text.

    Parameters
    ----------
    texts : sequence of str
        The pieces (sentences as the splitter cut them) in reading order.

    Returns
    -------
    list of bool
        One flag per piece.
    """
    kinds = [_kind(t) for t in texts]
    out = [False] * len(kinds)
    i = 0
    while i < len(kinds):
        if kinds[i][0] is None:
            i += 1
            continue
        j = i
        while j < len(kinds) and kinds[j][0] is not None:
            j += 1
        run = kinds[i:j]
        numbers = sum(1 for _, number, _ in run if number)
        labels = sum(1 for _, _, label in run if label)
        if any(kind == "row" for kind, _, _ in run) or (numbers >= 2 and labels >= 2) or labels >= _TEMPLATE_LABELS:
            out[i:j] = [True] * (j - i)
        i = j
    return out
