"""Features of a sentence in its report: words, characters, cues, section, position, neighbours.

The theme model reads more than the sentence: a plan continued after ``下一步，…一是…``
(``二是加强培训。``) has no plan word of its own, and a heading names the topic of the
sentences under it. :func:`context_frame` turns sentences in document order into the
model's input, one row per sentence with its section, whether it is a heading, its
relative position in the section and the text of the two sentences before it (within the
same report). :class:`SentenceFeatures` turns that frame into a sparse matrix.

Each distinct text of a batch (a sentence, or a sentence as its neighbour's context) is
segmented and vectorised **once** per call; the neighbour blocks are rows of the same
matrix. Words come from :class:`ogi_nlp.tokens.Segmenter` with the HMM off, through the
fast ``rjieba`` engine when it is installed (its tokens are then identical to jieba's,
measured on all 3,109 labelled pieces), else jieba.

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
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from ..sentences import is_heading as _is_heading
from .rules import CueFeatures

__all__ = ["context_frame", "SentenceFeatures", "FRAME_COLUMNS", "words"]

#: Columns of the model's input frame (:func:`context_frame`).
FRAME_COLUMNS = ["sentence", "section", "is_heading", "pos", "prev1", "prev2", "head", "start"]
_DIGITS_RE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_SPACE_RE = re.compile(r"\s+")
_PUNCT_RE = re.compile(r"^[\W_]+$")
_TEXT_COLUMNS = ("sentence", "text")
_DOC_COLUMNS = ("report", "doc", "file")


def normalise(text: str) -> str:
    """Digits collapse to one symbol (counts differ between reports, not themes); no spaces.

    Examples
    --------
    >>> normalise("受理申请 20 件")
    '受理申请0件'
    """
    return _DIGITS_RE.sub("0", _SPACE_RE.sub("", text))


@lru_cache(maxsize=1)
def _segmenter():
    from ..tokens import Segmenter

    try:
        import rjieba  # noqa: F401
        return Segmenter(engine="rjieba", hmm=False)
    except ImportError:  # same tokens with HMM off, only slower
        return Segmenter(engine="jieba", hmm=False)


@lru_cache(maxsize=1 << 16)
def _words_cached(text: str) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(w for w in _segmenter().tokenize(normalise(text)) if w.strip() and not _PUNCT_RE.match(w))


def words(text: str) -> list[str]:
    """Words of a sentence without punctuation (module level, so that skops can save it).

    Examples
    --------
    >>> words("全年共受理政府信息公开申请20件。")
    ['全年', '共', '受理', '政府信息公开申请', '0', '件']
    """
    return list(_words_cached(text))


def _clean(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def context_frame(sentences: pd.DataFrame | Sequence[str], *, sections: Sequence[object] | None = None,
                  text: str | None = None, doc: str | None = None) -> pd.DataFrame:
    """The model's input: one row per sentence with its section, position and neighbours.

    Parameters
    ----------
    sentences : DataFrame or list of str
        Sentences **in document order**. A DataFrame needs a text column (``sentence``
        or ``text``) and may have ``section``, ``is_heading`` and a report column
        (``report``, ``doc`` or ``file``): neighbours never cross reports. A list of
        strings is taken as independent sentences (no neighbours, no section unless
        ``sections`` is given), as a bare sentence is.
    sections : list, optional
        Section of each sentence (overrides a ``section`` column).
    text, doc : str, optional
        Names of the text and report columns, when not one of the usual names.

    Returns
    -------
    DataFrame
        Columns :data:`FRAME_COLUMNS`, indexed like the input (a RangeIndex for a list).
        ``pos`` is the relative position in the run of sentences of the same section
        (0 first, 1 last); ``prev1``/``prev2`` the texts one and two sentences before
        and ``head`` the last heading before the sentence ("" at the start of a report,
        or for independent sentences): the heading tells the topic even where the
        section finder found no section.
    """
    if isinstance(sentences, pd.DataFrame):
        col = text or next((c for c in _TEXT_COLUMNS if c in sentences.columns), None)
        if col is None or col not in sentences.columns:
            raise ValueError(f"no text column ({' or '.join(_TEXT_COLUMNS)}) in {list(sentences.columns)}")
        texts = [_clean(t) for t in sentences[col]]
        index = sentences.index
        dcol = doc or next((c for c in _DOC_COLUMNS if c in sentences.columns), None)
        docs = [_clean(d) for d in sentences[dcol]] if dcol else [""] * len(texts)
        if sections is None and "section" in sentences.columns:
            sections = sentences["section"].tolist()
        heads = (sentences["is_heading"].fillna(False).astype(bool).tolist() if "is_heading" in sentences.columns
                 else [_is_heading(t) for t in texts])
        independent = False
    else:
        if isinstance(sentences, str):
            raise TypeError("give a list of sentences, not one string")
        texts = list(sentences)
        bad = [i for i, t in enumerate(texts) if not isinstance(t, str)]
        if bad:
            raise TypeError(f"sentences must be strings; item {bad[0]} is {type(texts[bad[0]]).__name__}")
        index = pd.RangeIndex(len(texts))
        docs = [str(i) for i in range(len(texts))]
        heads = [_is_heading(t) for t in texts]
        independent = True
    secs = [""] * len(texts) if sections is None else [_clean(s) for s in sections]
    if len(secs) != len(texts):
        raise ValueError(f"got {len(texts)} sentences but {len(secs)} sections")
    n = len(texts)
    prev1, prev2, head = [""] * n, [""] * n, [""] * n
    if not independent:
        last_head = ""
        for i in range(n):
            if i and docs[i] != docs[i - 1]:
                last_head = ""
            head[i] = last_head
            if heads[i]:
                last_head = texts[i]
            if i and docs[i] == docs[i - 1]:
                prev1[i] = texts[i - 1]
                if i > 1 and docs[i] == docs[i - 2]:
                    prev2[i] = texts[i - 2]
    pos = np.zeros(n)
    start = 0
    for i in range(1, n + 1):  # runs of the same (report, section)
        if i == n or docs[i] != docs[start] or secs[i] != secs[start] or independent:
            length = i - start
            if length > 1:
                pos[start:i] = np.arange(length) / (length - 1)
            start = i
    start = [False] * n if independent else [i == 0 or docs[i] != docs[i - 1] for i in range(n)]
    return pd.DataFrame({"sentence": texts, "section": secs, "is_heading": heads, "pos": pos,
                         "prev1": prev1, "prev2": prev2, "head": head, "start": start}, index=index)


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

    Examples
    --------
    >>> f = SentenceFeatures().fit(context_frame(["网站改版。", "受理申请2件。"]))
    >>> f.transform(context_frame(["网站改版。"])).shape[0]
    1
    """

    def __init__(self, char_ngrams: tuple[int, int] = (1, 3), cues: CueFeatures | None = None,
                 sections: bool = True, context: bool = True, context_weight: float = 0.5) -> None:
        self.char_ngrams = char_ngrams
        self.cues = cues
        self.sections = sections
        self.context = context
        self.context_weight = context_weight

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
        return self

    def transform(self, X: pd.DataFrame) -> sp.csr_matrix:  # noqa: N803
        """Features of each row; every distinct text is segmented and vectorised once."""
        own = X["sentence"].tolist()
        cols = ["prev1", "prev2", "head"] if self.context else []
        uniq: dict[str, int] = {}
        for t in own + [t for c in cols for t in X[c]]:
            if t not in uniq:
                uniq[t] = len(uniq)
        utexts = list(uniq)
        w = self.words_.transform(utexts)
        c = self.chars_.transform(utexts)
        q = self.cues_.transform(utexts) if self.cues_ is not None else sp.csr_matrix((len(utexts), 0))
        at = np.fromiter((uniq[t] for t in own), dtype=np.int64, count=len(own))
        blocks = [w[at], c[at], q[at]]
        sec = sp.lil_matrix((len(own), len(self.sections_) + 3))
        lookup = {s: j for j, s in enumerate(self.sections_)}
        for i, s in enumerate(X["section"]):
            j = lookup.get(s)
            if j is not None:
                sec[i, j] = 1.0
        k = len(self.sections_)
        sec[:, k] = np.asarray(X["is_heading"], dtype=float).reshape(-1, 1)
        sec[:, k + 1] = np.asarray(X["pos"], dtype=float).reshape(-1, 1)
        # first sentence of its report (a title, mostly); an independent sentence is not one
        start = (X["start"].astype(bool).to_numpy() if "start" in X.columns
                 else X["prev1"].astype(str).str.len().to_numpy() == 0)
        sec[:, k + 2] = start.astype(float).reshape(-1, 1)
        blocks.append(sec.tocsr())
        if self.context:
            a = self.context_weight
            p1 = np.fromiter((uniq[t] for t in X["prev1"]), dtype=np.int64, count=len(own))
            p2 = np.fromiter((uniq[t] for t in X["prev2"]), dtype=np.int64, count=len(own))
            hd = np.fromiter((uniq[t] for t in X["head"]), dtype=np.int64, count=len(own))
            blocks += [a * w[p1], a * q[p1], a * q[p2], a * w[hd], a * q[hd]]
        return sp.hstack(blocks, format="csr")

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """``w:`` words, ``c:`` character n-grams, ``cue:`` cues, ``section:``, then ``prev1 ``/``prev2 `` blocks."""
        wn = ["w:" + t for t in self.words_.get_feature_names_out()]
        cn = ["c:" + t for t in self.chars_.get_feature_names_out()]
        qn = list(self.cues_.get_feature_names_out()) if self.cues_ is not None else []
        sn = [f"section:{s}" for s in self.sections_] + ["is_heading", "position", "report_start"]
        names = wn + cn + qn + sn
        if self.context:
            names += (["prev1 " + n for n in wn + qn] + ["prev2 " + n for n in qn]
                      + ["head " + n for n in wn + qn])
        return np.asarray(names, dtype=object)


def _clone_cues(cues: CueFeatures) -> CueFeatures:
    return CueFeatures(cues.cues, cues.patterns, cues.out_patterns)
