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

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from .codebook import Codebook, _check_texts
from .predict import cue_keys, cue_matrix

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
        self.keys_, self.out_keys_ = cue_keys(self.cues, self.out_patterns)
        return self

    def transform(self, X: list[str]) -> sp.csr_matrix:  # noqa: N803
        """Cue counts, log-scaled, as a sparse matrix (sentence x theme).

        Computed by :func:`ogi_nlp.themes.predict.cue_matrix`: one pass per sentence
        finds every cue of every theme; the counts are those of
        :func:`~ogi_nlp.themes.codebook.cues_outside`.
        """
        return cue_matrix(self, X)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """One name per theme, ``cue:<theme key>``, then ``out:<theme key>`` per theme with out-patterns."""
        return np.asarray([f"cue:{k}" for k in self.keys_] + [f"out:{k}" for k in getattr(self, "out_keys_", [])],
                          dtype=object)
