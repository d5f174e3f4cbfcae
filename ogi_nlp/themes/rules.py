"""Cue-word rules: the transparent baseline, and cue counts as model features.

A sentence gets a theme when it contains one of the theme's cue words or matches one
of its patterns (see :mod:`ogi_nlp.themes.codebook`). The rules know nothing about
context, negation or tense, which is why they are a baseline: their recall is high
and their precision low (measured in ``corpora/annotations/README.md``).

Examples
--------
>>> from ogi_nlp.themes.codebook import load_codebook
>>> cue_hits(["我局门户网站完成改版。"], load_codebook())[0]["platform_building"]
['门户网站', '网站', '改版']
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from .codebook import Codebook, _check_texts, out_spans

__all__ = ["cue_hits", "cue_counts", "CueFeatures"]


def cue_hits(sentences: list[str], codebook: Codebook) -> list[dict[str, list[str]]]:
    """For each sentence, the cue words and pattern matches found, per theme.

    Parameters
    ----------
    sentences : list of str
    codebook : Codebook

    Returns
    -------
    list of dict
        One dict per sentence: theme key -> matched cues (themes without a match are
        left out).

    Examples
    --------
    >>> from ogi_nlp.themes.codebook import load_codebook
    >>> cue_hits(["全年共受理政府信息公开申请20件。"], load_codebook())[0]
    {'request_handling': ['公开申请', '信息公开申请', '受理政府信息公开申请']}
    """
    out = []
    for s in _check_texts(sentences):
        hits = {}
        for t in codebook.themes:
            m = t.matches(s)
            if m:
                hits[t.key] = m
        out.append(hits)
    return out


def cue_counts(sentences: list[str], codebook: Codebook) -> np.ndarray:
    """Number of cue words and patterns matched, as an array (sentence x theme).

    Examples
    --------
    >>> from ogi_nlp.themes.codebook import load_codebook
    >>> cb = load_codebook()
    >>> int(cue_counts(["因政府信息公开被申请行政复议1件。"], cb)[0, cb.keys.index("review_litigation")])
    2
    """
    texts = _check_texts(sentences)
    counts = np.zeros((len(texts), len(codebook)), dtype=float)
    for j, t in enumerate(codebook.themes):
        for i, s in enumerate(texts):
            counts[i, j] = len(t.matches(s))
    return counts


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=16)
def _automaton(cues: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[object, list[tuple[int, list]]]:
    """An Aho-Corasick automaton over the cue words of all themes, and for each cue
    its length and the themes (column, times listed) it counts for."""
    import ahocorasick

    ids: dict[str, int] = {}
    owners: list[tuple[int, dict[int, int]]] = []
    for j, (_, words) in enumerate(cues):
        for w in words:
            if not w:
                continue
            cid = ids.setdefault(w, len(ids))
            if cid == len(owners):
                owners.append((len(w), {}))
            owners[cid][1][j] = owners[cid][1].get(j, 0) + 1
    automaton = ahocorasick.Automaton()
    for w, cid in ids.items():
        automaton.add_word(w, cid)
    if ids:
        automaton.make_automaton()
    return automaton, [(n, sorted(o.items())) for n, o in owners]


class CueFeatures(TransformerMixin, BaseEstimator):
    """Scikit-learn transformer: log(1 + cue matches) per theme, one column each.

    Plain-data parameters (not a :class:`Codebook`) so that a fitted pipeline can be
    saved with skops.

    Parameters
    ----------
    cues : dict of str to list of str
        Theme key -> cue words.
    patterns : dict of str to list of str, optional
        Theme key -> regular expressions.
    out_patterns : dict of str to list of str, optional
        Theme key -> regular expressions of contexts out of the theme. Cues found only
        inside their matches are not counted, and each such theme gets one more
        column, ``out:<theme key>``: log(1 + number of out-of-theme contexts).

    Examples
    --------
    >>> f = CueFeatures({"platform_building": ["网站"], "request_handling": ["申请"]}).fit([])
    >>> f.transform(["网站改版。", "受理申请2件。"]).toarray().round(2).tolist()
    [[0.69, 0.0], [0.0, 0.69]]
    """

    def __init__(self, cues: dict[str, list[str]], patterns: dict[str, list[str]] | None = None,
                 out_patterns: dict[str, list[str]] | None = None) -> None:
        self.cues = cues
        self.patterns = patterns
        self.out_patterns = out_patterns

    @classmethod
    def from_codebook(cls, codebook: Codebook) -> CueFeatures:
        """A transformer with the cue words, patterns and out-patterns of ``codebook``."""
        return cls({t.key: list(t.cues) for t in codebook},
                   {t.key: list(t.patterns) for t in codebook},
                   {t.key: list(t.out_patterns) for t in codebook if t.out_patterns})

    def fit(self, X: list[str], y: object = None) -> CueFeatures:  # noqa: N803
        """Record the theme keys (the columns); the rules learn nothing else."""
        if not isinstance(self.cues, dict) or not self.cues:
            raise ValueError(f"cues must be a non-empty dict of theme -> cue words, found {self.cues!r}")
        self.keys_ = list(self.cues)
        self.out_keys_ = [k for k in self.keys_ if (self.out_patterns or {}).get(k)]
        return self

    def transform(self, X: list[str]) -> sp.csr_matrix:  # noqa: N803
        """Cue counts, log-scaled, as a sparse matrix (sentence x theme).

        One pass per sentence finds every cue of every theme (an Aho-Corasick
        automaton over all cue words, built once per set of cues and process); the
        counts are those of :func:`~ogi_nlp.themes.codebook.cues_outside`.
        """
        texts = _check_texts(X, "X")
        pats, outs = self.patterns or {}, getattr(self, "out_patterns", None) or {}  # older saved files lack it
        keys, out_keys = self.keys_, getattr(self, "out_keys_", [])
        automaton, cue_of = _automaton(tuple((k, tuple(self.cues[k])) for k in keys))
        pat_c = [[_compile(p) for p in pats.get(k, [])] for k in keys]
        out_c = [(j, len(keys) + out_keys.index(k), [_compile(p) for p in outs.get(k, [])])
                 for j, k in enumerate(keys) if k in out_keys]
        counts = np.zeros((len(texts), len(keys) + len(out_keys)))
        for i, s in enumerate(texts):
            row = counts[i]
            spans: dict[int, list[tuple[int, int]]] = {}
            for j, col, compiled in out_c:
                found = out_spans(s, compiled)
                if found:
                    spans[j] = found
                    row[col] = len(found)
            seen = set()
            for end, cid in (automaton.iter(s) if cue_of else ()):
                length, owners = cue_of[cid]
                for j, times in owners:
                    if (j, cid) in seen:
                        continue
                    where = spans.get(j)
                    if where and any(end + 1 - length < b and end + 1 > a for a, b in where):
                        continue  # this occurrence is inside an out-of-theme context
                    seen.add((j, cid))
                    row[j] += times
            for j, compiled in enumerate(pat_c):
                where = spans.get(j)
                for pat in compiled:
                    if not where:
                        row[j] += pat.search(s) is not None
                    elif any(not any(m.start() < b and m.end() > a for a, b in where) for m in pat.finditer(s)):
                        row[j] += 1
        return sp.csr_matrix(np.log1p(counts))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """One name per theme, ``cue:<theme key>``, then ``out:<theme key>`` per theme with out-patterns."""
        return np.asarray([f"cue:{k}" for k in self.keys_] + [f"out:{k}" for k in getattr(self, "out_keys_", [])],
                          dtype=object)
