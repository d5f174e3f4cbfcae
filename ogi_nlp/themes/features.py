"""Features of a sentence in its report: words, characters, cues, section, position, neighbours.

The theme model reads more than the sentence: a plan continued after ``下一步，…一是…``
(``二是加强培训。``) has no plan word of its own, and a heading names the topic of the
sentences under it. :func:`context_frame` turns sentences in document order into the
model's input, one row per sentence with its section, whether it is a heading, its
relative position in the section and the text of the two sentences before it (within the
same report). :class:`SentenceFeatures` turns that frame into a sparse matrix.

Each distinct text of a batch (a sentence, or a sentence as its neighbour's context) is
normalised, segmented and vectorised **once** per call; the neighbour blocks are rows of
the same matrix. Prediction builds the TF-IDF rows itself (character n-grams as integer
codes in NumPy, words by dictionary lookup of the segmenter's raw cut) with the same
values as scikit-learn's transforms, at a fraction of their cost; that code, and
:func:`context_frame` and :func:`channel_signals` (the signals of the platform/proactive
boundary), live in :mod:`ogi_nlp.themes.predict` (no scikit-learn), which a corpus build
uses alone. Words come from :class:`ogi_nlp.tokens.Segmenter` with the HMM off, through
the fast ``rjieba`` engine when it is installed (its tokens are then identical to
jieba's, measured on all 3,109 labelled pieces), else jieba.

Examples
--------
>>> frame = context_frame(pd.DataFrame({"text": ["下一步，我局将做好以下工作。", "二是加强培训。"],
...                                     "section": ["problems", "problems"]}))
>>> frame[["sentence", "prev1", "pos"]].values.tolist()
[['下一步，我局将做好以下工作。', '', 0.0], ['二是加强培训。', '下一步，我局将做好以下工作。', 1.0]]
>>> context_frame(pd.DataFrame({"text": ["五、存在的主要问题及改进情况", "一是培训不够。", "二是栏目更新慢。"]}))["head"].tolist()
['', '五、存在的主要问题及改进情况', '五、存在的主要问题及改进情况']
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from . import predict
from .predict import CHANNEL_SIGNALS, FRAME_COLUMNS, channel_signals, context_frame, feature_matrix, is_fast
from .rules import CueFeatures

__all__ = ["context_frame", "SentenceFeatures", "FRAME_COLUMNS", "words", "channel_signals", "CHANNEL_SIGNALS"]

_PUNCT_RE = re.compile(r"^[\W_]+$")


def normalise(text: str) -> str:
    """Digits collapse to one symbol (counts differ between reports, not themes); no spaces.

    The character vectoriser's preprocessor (a saved model names it here); the
    work is :func:`ogi_nlp.themes.predict.normalise`'s.

    Examples
    --------
    >>> normalise("受理申请 20 件")
    '受理申请0件'
    """
    return predict.normalise(text)


@lru_cache(maxsize=1 << 16)
def _words_cached(text: str) -> tuple[str, ...]:
    return _words_normed(normalise(text)) if text else ()


def _words_normed(normed: str) -> tuple[str, ...]:
    """Words of a text already passed through :func:`normalise`."""
    if not normed:
        return ()
    return tuple(w for w in predict._segmenter().tokenize(normed) if w.strip() and not _PUNCT_RE.match(w))


def words(text: str) -> list[str]:
    """Words of a sentence without punctuation (module level, so that skops can save it).

    Examples
    --------
    >>> words("全年共受理政府信息公开申请20件。")
    ['全年', '共', '受理', '政府信息公开申请', '0', '件']
    """
    return list(_words_cached(text))



class SentenceFeatures(TransformerMixin, BaseEstimator):
    """Scikit-learn transformer: a :func:`context_frame` -> sparse feature matrix.

    Blocks: TF-IDF of words and of character n-grams of the sentence; cue counts of the
    codebook (``cues`` given: the hybrid); the section (one-hot), heading flag and
    position; and, with ``context``, the words and cue counts of the previous sentence,
    the cue counts of the one before it and the words and cue counts of the last
    heading above the sentence, scaled by ``context_weight``.

    Parameters
    ----------
    char_ngrams : tuple of int
        Range of character n-gram lengths.
    cues : CueFeatures, optional
        Cue counts as features (unfitted transformer; ``None`` for none).
    sections : bool
        Use the section column.
    context : bool
        Use the neighbouring sentences.
    context_weight : float
        Scale of the neighbour blocks.
    channel : bool
        Add :func:`channel_signals` of the sentence (channel named, volume, reach,
        building verbs, channel as the means of publication).

    Examples
    --------
    >>> f = SentenceFeatures().fit(context_frame(["网站改版。", "受理申请2件。"]))
    >>> f.transform(context_frame(["网站改版。"])).shape[0]
    1
    """

    def __init__(self, char_ngrams: tuple[int, int] = (1, 3), cues: CueFeatures | None = None,
                 sections: bool = True, context: bool = True, context_weight: float = 0.5,
                 channel: bool = False) -> None:
        self.char_ngrams = char_ngrams
        self.cues = cues
        self.sections = sections
        self.context = context
        self.context_weight = context_weight
        self.channel = channel

    def fit(self, X: pd.DataFrame, y: object = None) -> SentenceFeatures:  # noqa: N803
        """Learn the vocabularies and the sections from the training sentences."""
        texts = X["sentence"].tolist()
        self.words_ = TfidfVectorizer(tokenizer=words, token_pattern=None, lowercase=False,
                                      sublinear_tf=True, min_df=1).fit(texts)
        self.chars_ = TfidfVectorizer(analyzer="char", preprocessor=normalise, lowercase=False,
                                      ngram_range=tuple(self.char_ngrams), sublinear_tf=True, min_df=2).fit(texts)
        for vec in (self.words_, self.chars_):
            if hasattr(vec, "stop_words_"):  # terms cut by min_df: only bloats saved files
                del vec.stop_words_
        self.cues_ = None if self.cues is None else _clone_cues(self.cues).fit(texts)
        self.sections_ = sorted({s for s in X["section"] if s}) if self.sections else []
        self.channel_offset_ = (len(self.words_.vocabulary_) + len(self.chars_.vocabulary_)
                                + (len(self.cues_.get_feature_names_out()) if self.cues_ is not None else 0))
        return self

    def transform(self, X: pd.DataFrame) -> sp.csr_matrix:  # noqa: N803
        """Features of each row; every distinct text is normalised, segmented and vectorised once
        (:func:`ogi_nlp.themes.predict.feature_matrix`)."""
        return feature_matrix(self, X, self._fast)

    @staticmethod
    def _fast(vectorizer: TfidfVectorizer) -> bool:
        """Whether the vectoriser is one this class fits (so terms can be made here)."""
        return is_fast(vectorizer)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """``w:`` words, ``c:`` character n-grams, ``cue:`` cues, ``section:``, then ``prev1 ``/``prev2 `` blocks."""
        wn = ["w:" + t for t in self.words_.get_feature_names_out()]
        cn = ["c:" + t for t in self.chars_.get_feature_names_out()]
        qn = list(self.cues_.get_feature_names_out()) if self.cues_ is not None else []
        gn = list(CHANNEL_SIGNALS) if getattr(self, "channel", False) else []
        sn = [f"section:{s}" for s in self.sections_] + ["is_heading", "position", "report_start"]
        names = wn + cn + qn + gn + sn
        if self.context:
            names += (["prev1 " + n for n in wn + qn] + ["prev2 " + n for n in qn]
                      + ["head " + n for n in wn + qn])
        return np.asarray(names, dtype=object)


def _clone_cues(cues: CueFeatures) -> CueFeatures:
    return CueFeatures(cues.cues, cues.patterns, cues.out_patterns)
