"""Vocabulary of a set of sentences: word counts per group and distinctive words.

:func:`count_words` turns sentences into a word x group count table (groups are
e.g. sections or reports); :func:`distinctive_words` ranks each group's words by
the weighted log-odds ratio with an informative Dirichlet prior (Monroe,
Colaresi & Quinn 2008, "Fightin' Words", *Political Analysis* 16:372-403),
each group against all the others.  Unlike raw frequency, the z-score discounts
words that are common everywhere (政府信息公开) and, unlike plain log-odds, does
not crown words seen once or twice.

Examples
--------
>>> import pandas as pd
>>> s = pd.DataFrame({"section": ["依申请", "依申请", "主动公开"],
...                   "text": ["受理依申请公开申请5件。", "依申请公开申请均按期答复。", "主动公开政府信息120条。"]})
>>> counts = count_words(s, by="section")
>>> int(counts.loc["依申请公开", "依申请"])
2
>>> distinctive_words(counts, n=1, min_count=1)[["group", "word"]].values.tolist()
[['主动公开', '主动公开'], ['依申请', '依申请公开']]
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import numpy as np
import pandas as pd

from .tokens import Segmenter

__all__ = ["count_words", "distinctive_words"]

_NUMBER = re.compile(r"[0-9０-９.,，．%％]+")


def count_words(
    sentences: pd.DataFrame,
    *,
    by: str = "section",
    text: str = "text",
    tokenizer: Callable[[str], list[str]] | None = None,
    numbers: bool = False,
    min_length: int = 1,
) -> pd.DataFrame:
    """Count words per group.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence.
    by : str, default "section"
        Column giving each sentence's group (section, report, theme, ...).
    text : str, default "text"
        Column holding the sentence text.
    tokenizer : callable, optional
        ``str -> list of str``; default the package's
        :class:`~ogi_nlp.tokens.Segmenter` with the domain dictionary and its
        stop words removed.
    numbers : bool, default False
        Keep tokens made only of digits, separators and % (``120``, ``2018``,
        ``3.5%``); they say how much, not what, so they are dropped by default.
    min_length : int, default 1
        Drop words shorter than this many characters (2 drops single
        characters such as measure words 件, 条).

    Returns
    -------
    pandas.DataFrame
        Index: words (sorted); columns: groups (sorted); cells: int64 counts.

    Examples
    --------
    >>> s = pd.DataFrame({"section": ["甲", "乙"], "text": ["政务新媒体粉丝增长。", "政务新媒体改版。"]})
    >>> count_words(s).loc["政务新媒体"].tolist()
    [1, 1]
    """
    if not isinstance(min_length, int) or min_length < 1:
        raise ValueError(f"min_length={min_length!r} must be a positive integer")
    for col in (by, text):
        if col not in sentences.columns:
            raise ValueError(f"column {col!r} not found; columns: {list(sentences.columns)}")
    if tokenizer is None:
        tokenizer = Segmenter(stopwords=True).tokenize
    counters: dict[str, Counter[str]] = {}
    for group, sentence in zip(sentences[by].astype(str), sentences[text]):
        words = tokenizer(str(sentence))
        if not numbers:
            words = [w for w in words if not _NUMBER.fullmatch(w)]
        if min_length > 1:
            words = [w for w in words if len(w) >= min_length]
        counters.setdefault(group, Counter()).update(words)
    groups = sorted(counters)
    words = sorted(set().union(*counters.values())) if counters else []
    data = np.zeros((len(words), len(groups)), dtype=np.int64)
    index = {w: i for i, w in enumerate(words)}
    for j, group in enumerate(groups):
        for word, n in counters[group].items():
            data[index[word], j] = n
    return pd.DataFrame(data, index=pd.Index(words, name="word"), columns=pd.Index(groups, name=by))


def distinctive_words(
    counts: pd.DataFrame,
    *,
    n: int = 10,
    prior_scale: float = 1.0,
    min_count: int = 2,
) -> pd.DataFrame:
    """Each group's most distinctive words: weighted log-odds against the other groups.

    Parameters
    ----------
    counts : pandas.DataFrame
        Word x group counts, as :func:`count_words` returns.
    n : int, default 10
        Words kept per group (at least 1).
    prior_scale : float, default 1.0
        The Dirichlet prior of word *w* is ``prior_scale`` times its count in
        all groups together (> 0); larger values shrink rare words more.
    min_count : int, default 2
        Only words seen at least this often in the group are ranked.

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``rank`` (1 = most distinctive), ``word``,
        ``count`` (in the group), ``other`` (in all other groups), ``z`` (the
        log-odds ratio divided by its standard deviation).  Sorted by group
        and rank; ties broken by word, so the output is deterministic.

    Notes
    -----
    With ``y`` a group's counts, ``y'`` the other groups' counts, prior
    ``a_w`` and totals ``n, n', a0``:
    ``delta_w = log((y_w+a_w)/(n+a0-y_w-a_w)) - log((y'_w+a_w)/(n'+a0-y'_w-a_w))``,
    ``var = 1/(y_w+a_w) + 1/(y'_w+a_w)``, ``z = delta_w / sqrt(var)``.
    A z above about 2 is the usual reading of "distinctive"; with a handful
    of reports it describes these texts, not a population.

    Examples
    --------
    >>> c = pd.DataFrame({"甲": [5, 1], "乙": [1, 5]}, index=["网站", "申请"])
    >>> distinctive_words(c, n=1)[["group", "word"]].values.tolist()
    [['乙', '申请'], ['甲', '网站']]
    """
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n={n!r} must be a positive integer")
    if not prior_scale > 0:
        raise ValueError(f"prior_scale={prior_scale!r} must be a positive number")
    if counts.shape[1] < 2:
        raise ValueError(f"counts has {counts.shape[1]} group(s); distinctive words need at least 2")
    y = counts.to_numpy(dtype=float)
    if (y < 0).any():
        raise ValueError("counts must not be negative")
    total_w = y.sum(axis=1)
    alpha = prior_scale * total_w
    alpha0 = alpha.sum()
    frames = []
    for j, group in enumerate(counts.columns):
        yi = y[:, j]
        yj = total_w - yi
        ni, nj = yi.sum(), yj.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = (np.log((yi + alpha) / (ni + alpha0 - yi - alpha))
                     - np.log((yj + alpha) / (nj + alpha0 - yj - alpha)))
            z = delta / np.sqrt(1.0 / (yi + alpha) + 1.0 / (yj + alpha))
        frame = pd.DataFrame({"group": group, "word": counts.index.astype(str), "count": yi.astype(np.int64),
                              "other": yj.astype(np.int64), "z": z})
        frame = frame[(frame["count"] >= min_count) & np.isfinite(frame["z"])]
        frame = frame.sort_values(["z", "word"], ascending=[False, True], kind="stable").head(n)
        frame.insert(1, "rank", np.arange(1, len(frame) + 1))
        frames.append(frame)
    columns = ["group", "rank", "word", "count", "other", "z"]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["group", "rank"], kind="stable").reset_index(drop=True)[columns]
