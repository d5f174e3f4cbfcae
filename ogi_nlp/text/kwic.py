"""Keyword in context: every occurrence of a pattern with the text around it.

:func:`kwic` searches the ``text`` of a sentences frame (``Corpus.sentences()``)
and returns one row per match with the characters before and after it, and the
report, sentence, section and theme the match sits in, so a researcher reads
how a term is used before counting it.  Chinese has no spaces, so the window is
counted in characters (quanteda's ``kwic`` counts tokens; on Chinese text a
character window is what readers of concordances expect).

Examples
--------
>>> import pandas as pd
>>> s = pd.DataFrame({"report": ["r1", "r1"], "sentence_id": [0, 1], "section": ["overview", "requests"],
...                   "text": ["全年主动公开政府信息566条。", "收到依申请公开申请10件。"]})
>>> kwic(s, "公开", window=4)[["report", "section", "pre", "keyword", "post"]].values.tolist()
[['r1', 'overview', '全年主动', '公开', '政府信息'], ['r1', 'requests', '到依申请', '公开', '申请10']]
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

import pandas as pd

from ..zh.script import to_simplified

__all__ = ["kwic"]

_BY = ("sentence", "report")
_DEFAULT_COLUMNS = ("section", "themes", "is_heading")


def _compile(pattern: str | re.Pattern[str] | Sequence[str], regex: bool) -> re.Pattern[str]:
    if isinstance(pattern, re.Pattern):
        return pattern
    if isinstance(pattern, str):
        if not pattern:
            raise ValueError("pattern is empty: give a word, a list of words or a regular expression")
        if regex:
            return re.compile(pattern)
        pattern = [pattern]
    terms = [p for p in pattern if isinstance(p, str) and p]
    if not regex:  # traditional-script reports are read in simplified script: find both forms
        terms += [to_simplified(t) for t in terms]
    if not terms:
        raise ValueError(f"pattern={pattern!r}: expected a non-empty str, list of str or re.Pattern")
    # Longest first, so 依申请公开 wins over 公开 at the same position.
    alternatives = sorted(set(terms), key=len, reverse=True)
    return re.compile("|".join(a if regex else re.escape(a) for a in alternatives))


def kwic(
    sentences: pd.DataFrame,
    pattern: str | re.Pattern[str] | Sequence[str],
    *,
    window: int = 15,
    by: str = "sentence",
    regex: bool = False,
    columns: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every match of ``pattern`` in the sentences, with its left and right context.

    Parameters
    ----------
    sentences : DataFrame
        Needs ``report``, ``sentence_id`` and ``text`` (as ``Corpus.sentences()``
        returns them, in reading order within each report).
    pattern : str, list of str or compiled regex
        A word (matched literally unless ``regex=True``), several words (the
        longest wins where two start at the same place), or a compiled pattern.
        A literal word in traditional script is also found in its simplified
        form, the script the corpus reads traditional reports in.
    window : int, default 15
        Characters of context on each side.
    by : {"sentence", "report"}, default "sentence"
        ``"sentence"``: context stops at the sentence's edges.  ``"report"``:
        context runs on into the neighbouring sentences of the same report
        (joined without a separator), and a match may span two sentences; the
        row names the sentence where the match starts.
    regex : bool, default False
        Read a ``str`` pattern (or each word of a list) as a regular expression.
    columns : iterable of str, optional
        Columns of ``sentences`` to carry into the result.  Default: those of
        ``section``, ``themes`` and ``is_heading`` that exist.

    Returns
    -------
    DataFrame
        One row per match, sorted by report, sentence and position:
        ``report``, ``sentence_id``, the carried columns, ``match_start`` and
        ``match_end`` (character offsets of the match in the sentence's
        ``text``), ``pre``, ``keyword``, ``post``.

    Raises
    ------
    ValueError
        For an empty pattern, a negative window, an unknown ``by`` or a frame
        without the needed columns.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"report": ["a", "a"], "sentence_id": [0, 1],
    ...                   "text": ["本年度未发生行政复议。", "行政诉讼0件。"]})
    >>> kwic(s, ["行政复议", "行政诉讼"], window=3, by="report")[["pre", "keyword", "post"]].values.tolist()
    [['未发生', '行政复议', '。行政'], ['复议。', '行政诉讼', '0件。']]
    """
    if by not in _BY:
        raise ValueError(f"by={by!r} is not one of {_BY}")
    if not isinstance(window, int) or window < 0:
        raise ValueError(f"window={window!r} must be a non-negative int")
    missing = {"report", "sentence_id", "text"} - set(sentences.columns)
    if missing:
        raise ValueError(f"sentences frame lacks columns {sorted(missing)}; pass Corpus.sentences()")
    keep = [c for c in (_DEFAULT_COLUMNS if columns is None else columns) if c in sentences.columns]
    if columns is not None:
        absent = sorted(set(columns) - set(sentences.columns))
        if absent:
            raise ValueError(f"columns {absent} are not in the sentences frame")
    rx = _compile(pattern, regex)
    out_columns = ["report", "sentence_id", *keep, "match_start", "match_end", "pre", "keyword", "post"]
    rows: list[tuple] = []
    frame = sentences.sort_values(["report", "sentence_id"], kind="stable").reset_index(drop=True)
    texts = frame["text"].fillna("").astype(str)
    for report, idx in frame.groupby("report", sort=True).indices.items():
        if by == "sentence":
            for i in idx:
                text = texts.iat[i]
                for m in rx.finditer(text):
                    if m.end() == m.start():
                        continue
                    rows.append((report, frame.at[i, "sentence_id"], *(frame.at[i, c] for c in keep),
                                 m.start(), m.end(), text[max(0, m.start() - window):m.start()],
                                 m.group(0), text[m.end():m.end() + window]))
            continue
        parts = [texts.iat[i] for i in idx]
        offsets, pos = [], 0
        for p in parts:
            offsets.append(pos)
            pos += len(p)
        whole = "".join(parts)
        j = 0
        for m in rx.finditer(whole):
            if m.end() == m.start():
                continue
            while j + 1 < len(offsets) and offsets[j + 1] <= m.start():
                j += 1
            i = idx[j]
            rows.append((report, frame.at[i, "sentence_id"], *(frame.at[i, c] for c in keep),
                         m.start() - offsets[j], m.end() - offsets[j],
                         whole[max(0, m.start() - window):m.start()], m.group(0),
                         whole[m.end():m.end() + window]))
    result = pd.DataFrame(rows, columns=out_columns)
    for c in ("match_start", "match_end"):
        result[c] = result[c].astype("int64")
    return result.sort_values(["report", "sentence_id", "match_start"], kind="stable").reset_index(drop=True)
