"""Theme scores without scikit-learn: the one implementation of featurisation and prediction.

A fitted theme model is a vocabulary of words and of character n-grams with their
idf weights, the codebook's cues, and one linear model per theme. Scoring a batch of
sentences needs only NumPy and SciPy's sparse matrices: :func:`feature_matrix` builds
the feature rows (TF-IDF rows made here, with the same values as scikit-learn's
transforms), :func:`margins` multiplies them by every theme's weights at once,
:func:`calibrated` and :func:`labels_at` turn margins into probabilities and theme keys.
:class:`~ogi_nlp.themes.ThemeClassifier` (and its :class:`~ogi_nlp.themes.SentenceFeatures`
and :class:`~ogi_nlp.themes.CueFeatures`) predict through these functions, and so does
:class:`ThemeScorer`, which holds the arrays of the bundled model's sidecar
(``theme_model*.npz``, see :func:`ogi_nlp.themes.model.save_arrays`): a corpus build
labels sentences with it without importing scikit-learn (about a second of start-up).

Examples
--------
>>> scorer = bundled_scorer()
>>> frame = context_frame(["全年共受理政府信息公开申请20件，均按期答复。"])
>>> scorer.labels_from_proba(scorer.decision_scores(frame))
[('request_handling',)]
"""
from __future__ import annotations

import bisect
import itertools
import json
import operator
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..sentences import is_heading as _is_heading
from ..tokens import Segmenter, rjieba_class
from .codebook import Codebook, _check_texts

__all__ = ["context_frame", "channel_signals", "CHANNEL_SIGNALS", "FRAME_COLUMNS", "normalise", "feature_matrix",
           "cue_matrix", "margins", "calibrated", "labels_at", "ThemeScorer", "bundled_scorer",
           "DEFAULT_MODEL_FILE", "SECTIONS_MODEL_FILE"]

DEFAULT_MODEL_FILE = "theme_model.skops"
SECTIONS_MODEL_FILE = "theme_model_sections.skops"

#: Columns of the model's input frame (:func:`context_frame`).
FRAME_COLUMNS = ["sentence", "section", "is_heading", "pos", "prev1", "prev2", "head", "start"]
_DIGITS_RE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_SPACE_RE = re.compile(r"\s+")
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
    try:
        rjieba_class()  # installed? (loaded without rjieba's own default tokenizer)
        return Segmenter(engine="rjieba", hmm=False)
    except ImportError:  # same tokens with HMM off, only slower
        return Segmenter(engine="jieba", hmm=False)


def _normalise_all(texts: list[str]) -> list[str]:
    """:func:`normalise` of each text, in two regex passes over the texts laid end to end.

    Joined by a character neither pass touches ("\x00": no space, no digit, no
    dot), then split on it; texts holding that character are normalised one by one.
    """
    joined = "\x00".join(texts)
    if joined.count("\x00") != max(len(texts) - 1, 0):
        return [normalise(t) for t in texts]
    return normalise(joined).split("\x00") if texts else []


def _word_ids(vectorizer: Any, normed: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Row and vocabulary column of every token of the vocabulary in each normalised text.

    The texts are segmented in one call, laid end to end with a newline between
    them: the segmenter cuts at a newline and keeps it as a token of its own (the
    texts, normalised, hold no whitespace), so the tokens between two newlines are
    those of the text alone (checked: else each text is cut alone). At prediction
    time the words need no filtering: a token the filters of
    :func:`~ogi_nlp.themes.features.words` drop never entered the fitted
    vocabulary, so looking raw tokens up in it gives the same counts.
    """
    vocab = _with_newline(vectorizer)
    n = len(normed)
    tokens = _segmenter().cut("\n".join(normed)) if n else []
    ids = np.fromiter(map(vocab.get, tokens, itertools.repeat(-1)), dtype=np.int64, count=len(tokens))
    sep = ids == -2
    if int(sep.sum()) != max(n - 1, 0) or "\n" in vectorizer.vocabulary_:
        cuts = [_segmenter().cut(t) if t else [] for t in normed]
        tokens = [t for cut in cuts for t in cut]
        rows = np.repeat(np.arange(n), np.fromiter(map(len, cuts), dtype=np.int64, count=n))
        ids = np.fromiter(map(vectorizer.vocabulary_.get, tokens, itertools.repeat(-1)), dtype=np.int64,
                          count=len(tokens))
    else:
        rows = np.cumsum(sep)
    keep = ids >= 0
    return rows[keep], ids[keep]


_NEWLINE_VOCAB: dict[int, tuple[object, dict[str, int]]] = {}


def _with_newline(vectorizer: Any) -> dict[str, int]:
    """The vectoriser's vocabulary with the newline as -2 (the texts' separator; cached)."""
    vocab = vectorizer.vocabulary_
    hit = _NEWLINE_VOCAB.get(id(vectorizer))
    if hit is not None and hit[0] is vocab:
        return hit[1]
    out = {**vocab, "\n": -2} if "\n" not in vocab else dict(vocab)
    if len(_NEWLINE_VOCAB) > 8:
        _NEWLINE_VOCAB.clear()
    _NEWLINE_VOCAB[id(vectorizer)] = (vocab, out)
    return out


def _word_tfidf(vectorizer: Any, normed: list[str]) -> sp.csr_matrix:
    """``vectorizer.transform`` for the word vectoriser (:func:`~ogi_nlp.themes.features.words`), same values."""
    rows, ids = _word_ids(vectorizer, normed)
    X = sp.csr_matrix((np.ones(len(rows)), (rows, ids)), shape=(len(normed), len(vectorizer.vocabulary_)))  # noqa: N806
    return _weigh(vectorizer, X)


_CODE_BITS = 21  # every code point is below 2**21, so three fit in an int64
_CHAR_CODES: dict[int, tuple[object, dict[int, Any]]] = {}
_EMPTY = np.int64(-1)


class _CodeTable:
    """An open-addressing hash table from n-gram codes to vocabulary columns, probed in NumPy."""

    def __init__(self, codes: np.ndarray, cols: np.ndarray) -> None:
        size = 1 << max(10, int(len(codes) * 4).bit_length())  # load factor at most 1/4
        self.shift = np.uint64(64 - size.bit_length() + 1)
        self.mask = size - 1
        self.keys = np.full(size, _EMPTY, dtype=np.int64)
        self.cols = np.full(size, -1, dtype=np.int64)
        slot = self._hash(codes)
        todo = np.arange(len(codes))
        self.probes = 0
        while len(todo):  # place each code in the first free slot from its hash on
            self.probes += 1
            s = slot[todo]
            free = self.keys[s] == _EMPTY
            # of several codes wanting one free slot, the first takes it
            first = np.zeros(len(todo), dtype=bool)
            _, at = np.unique(s[free], return_index=True)
            first[np.flatnonzero(free)[at]] = True
            self.keys[s[first]] = codes[todo[first]]
            self.cols[s[first]] = cols[todo[first]]
            todo = todo[~first]
            slot[todo] = (slot[todo] + 1) & self.mask

    def _hash(self, codes: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):  # codes are non-negative: their bits as unsigned
            return ((codes.view(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> self.shift).view(np.int64)

    def lookup(self, codes: np.ndarray) -> np.ndarray:
        """The column of each code, -1 where it is not in the table."""
        codes = np.ascontiguousarray(codes, dtype=np.int64)
        slot = self._hash(codes)
        key = self.keys[slot]
        hit = key == codes
        out = np.where(hit, self.cols[slot], -1)
        todo = np.flatnonzero(~hit & (key != _EMPTY))  # their slot holds another code: probe on
        for _ in range(self.probes - 1):
            if not len(todo):
                break
            s = (slot[todo] + 1) & self.mask
            slot[todo] = s
            key = self.keys[s]
            hit = key == codes[todo]
            out[todo[hit]] = self.cols[s[hit]]
            todo = todo[~hit & (key != _EMPTY)]
        return out


def _char_codes(vectorizer: Any) -> dict[int, _CodeTable]:
    """Per n-gram length, the vocabulary's n-grams as integer codes (code points, 21 bits each)
    in a hash table (cached)."""
    vocab = vectorizer.vocabulary_
    hit = _CHAR_CODES.get(id(vectorizer))
    if hit is not None and hit[0] is vocab:
        return hit[1]
    by_len: dict[int, tuple[list[str], list[int]]] = {}
    for gram, col in vocab.items():
        grams, cols = by_len.setdefault(len(gram), ([], []))
        grams.append(gram)
        cols.append(col)
    table = {}
    for n, (grams, cols) in by_len.items():  # the n-grams of one length end to end, n code points a row
        if not n:
            continue
        points = np.frombuffer("".join(grams).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        points = points.astype(np.int64).reshape(-1, n)
        codes = points[:, 0].copy()
        for k in range(1, n):
            codes = (codes << _CODE_BITS) | points[:, k]
        table[n] = _CodeTable(codes, np.asarray(cols, dtype=np.int64))
    if len(_CHAR_CODES) > 8:
        _CHAR_CODES.clear()
    _CHAR_CODES[id(vectorizer)] = (vocab, table)
    return table


def _char_tfidf(vectorizer: Any, normed: list[str]) -> sp.csr_matrix:
    """``vectorizer.transform`` for character n-grams of up to 3 characters, in NumPy.

    The texts are laid end to end as code points; the n-grams of each length are
    integer codes of neighbouring code points (none across two texts), looked up in
    a hash table of the codes of the vocabulary's n-grams of that length. Same
    values as scikit-learn's transform.
    """
    lo, hi = vectorizer.ngram_range
    table = _char_codes(vectorizer)
    lengths = np.fromiter(map(len, normed), dtype=np.int64, count=len(normed))
    points = np.frombuffer("".join(normed).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    row = np.repeat(np.arange(len(normed)), lengths)
    rows, found = [], []
    for n in range(lo, hi + 1):
        if len(points) < n or n not in table:
            continue
        m = len(points) - n + 1
        code = points[:m].copy()
        for k in range(1, n):
            code = (code << _CODE_BITS) | points[k:k + m]
        col = table[n].lookup(code)
        ok = (col >= 0) & (row[:m] == row[n - 1:n - 1 + m])  # n characters of one text, in the vocabulary
        rows.append(row[:m][ok])
        found.append(col[ok])
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    X = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(normed), len(vectorizer.vocabulary_)))  # noqa: N806
    return _weigh(vectorizer, X)


def _clean(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _char_grams(text: str, lo: int, hi: int) -> list[str]:
    """Character n-grams of ``text``, the multiset scikit-learn's ``analyzer="char"`` makes
    (grams of one length are built by C-level ``map`` over shifted copies of the text).

    Examples
    --------
    >>> sorted(_char_grams("网站改版", 1, 2))
    ['改', '改版', '版', '站', '站改', '网', '网站']
    """
    grams: list[str] = []
    shifted = text
    joined: object = text
    for n in range(1, min(hi, len(text)) + 1):
        if n > 1:
            shifted = shifted[1:]
            joined = map(operator.add, joined, shifted)
            joined = list(joined)
        if n >= lo:
            grams.extend(joined)
    return grams


def _tfidf_rows(vectorizer: Any, analysed: list) -> sp.csr_matrix:
    """``vectorizer.transform`` of texts already analysed into terms (same values).

    Looks each term up with ``dict.get`` (scikit-learn's loop raises and catches a
    KeyError for every unseen term, most of the cost on new text), then applies the
    fitted weighting: sublinear tf, idf and the row norm.
    """
    vocab = vectorizer.vocabulary_
    get = vocab.get
    lengths = np.fromiter(map(len, analysed), dtype=np.int64, count=len(analysed))
    ids = np.fromiter(itertools.chain.from_iterable(map(get, terms, itertools.repeat(-1)) for terms in analysed),
                      dtype=np.int64, count=int(lengths.sum()))
    rows = np.repeat(np.arange(len(analysed)), lengths)
    keep = ids >= 0
    X = sp.csr_matrix((np.ones(int(keep.sum())), (rows[keep], ids[keep])),  # noqa: N806
                      shape=(len(analysed), len(vocab)))
    return _weigh(vectorizer, X)


def _weigh(vectorizer: Any, X: sp.csr_matrix) -> sp.csr_matrix:  # noqa: N803
    """The fitted weighting of a TfidfVectorizer on a count matrix: sublinear tf, idf, row norm."""
    X.sum_duplicates()
    if vectorizer.sublinear_tf:
        np.log(X.data, X.data)
        X.data += 1.0
    if vectorizer.use_idf:
        X.data *= vectorizer.idf_[X.indices]
    if vectorizer.norm == "l2":
        scale = np.sqrt(np.bincount(np.repeat(np.arange(X.shape[0]), np.diff(X.indptr)), weights=X.data ** 2,
                                    minlength=X.shape[0]))
        scale[scale == 0] = 1.0
        X.data /= np.repeat(scale, np.diff(X.indptr))
    elif vectorizer.norm is not None:
        from sklearn.preprocessing import normalize
        X = normalize(X, norm=vectorizer.norm, copy=False)  # noqa: N806
    return X


# The five signal expressions below must never match a "。": channel_signals scans a batch's
# texts joined by it (a match holding one would span two sentences).
#: Channel nouns of the platform theme (spec: websites, new media, gazette, reading
#: points, notice boards, hotlines, columns, platforms, channels).
_CHANNEL_RE = re.compile(
    r"网站|网页|门户|官网|政府网|信息网|新媒体|微博|微信|公众号|订阅号|头条号|抖音|视频号|快手|小程序|客户端|APP|App|app|"
    r"公报|查阅点|查阅场所|查阅室|查阅中心|公开栏|公示栏|宣传栏|公告栏|电子屏|显示屏|大屏|热线|专栏|栏目|"
    r"板块|版块|平台|专区|渠道|载体|矩阵")
#: A count of items published: a publishing verb, then a number and a unit.
_VOLUME_RE = re.compile(r"(?:发布|公开|推送|刊登|刊发|刊载|更新|转载|上传|编发|推出|发送|发稿|报送|公示|公布)"
                        r"[^，。；;：:]{0,16}?0[十百千万亿]*(?:余|多)?[十百千万亿]*(?:条|篇|件|期|份|次|个|则|组)")
#: Reach of a channel: followers, visits, reads, subscribers.
_REACH_RE = re.compile(r"粉丝|关注(?:人数|量|用户|数)|阅读量|阅读总量|阅读数|访问量|浏览量|点击量|访问人次|浏览人次|"
                       r"订阅(?:数|量|用户)|用户数|播放量|获赞|点赞")
#: Building, revamping, running or checking a channel.
_BUILD_RE = re.compile(r"开设|开通|开辟|设立|设置|新设|增设|新建|建设|建成|搭建|打造|构建|改版|升级|改造|优化|整合|集约|"
                       r"迁移|上线|关停|维护|运维|运营|运行|管理|监测|检查|巡查|巡检|抽查|普查|测评|考评|评估|排名|获评|"
                       r"拓宽|拓展|丰富|畅通|扩展|创新")
#: The channel named as the means of publication.
_VIA_RE = re.compile(r"(?:通过|依托|利用|借助|运用|在)[^，。；;]{0,25}?"
                     r"(?:网站|网页|门户|新媒体|微博|微信|公众号|头条号|客户端|APP|平台|专栏|栏目|公报|公开栏|公示栏|媒体)"
                     r"[^，。；;]{0,15}?(?:发布|公开|公示|公布|刊登|刊发|推送|转载|上传)")
#: Names of the channel-signal columns.
CHANNEL_SIGNALS = ("sig:channel", "sig:volume", "sig:reach", "sig:build", "sig:via", "sig:channel&build",
                   "sig:channel&volume", "sig:channel&reach", "sig:channel_only", "sig:volume_no_reach")


def channel_signals(texts: Sequence[str]) -> sp.csr_matrix:
    """Signals that tell building or measuring a channel from publishing through it.

    One row per text (normalised: digits are ``0``), columns :data:`CHANNEL_SIGNALS`:
    a channel noun (log count), a published volume (发布…N条), reach (粉丝, 访问量…),
    a verb of building/running/checking, the channel as the means of publication
    (通过…网站…发布), and their combinations. They are features for the model to
    weigh, never rules.

    Examples
    --------
    >>> channel_signals([normalise("微信公众号发布文章375篇。")]).toarray()[0, [0, 1, 2, 6, 9]].round(2).tolist()
    [1.1, 1.0, 0.0, 1.0, 1.0]
    >>> channel_signals([normalise("门户网站完成改版。")]).toarray()[0, [3, 5, 8]].tolist()
    [1.0, 1.0, 0.0]
    """
    n = len(texts)
    rows = np.zeros((n, len(CHANNEL_SIGNALS)))
    if not n:
        return sp.csr_matrix(rows)
    # One pass of each expression over the texts laid end to end, "。" between two: no match of
    # these expressions holds a "。" (their gaps exclude it, their words lack it), so none spans
    # two texts and the matches in a text are those of the text alone.
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    joined = "。".join(texts)

    ends = (starts + lengths).tolist()

    def found(expression: re.Pattern[str]) -> np.ndarray:  # whether each text has a match
        out = np.zeros(n, dtype=bool)
        search = expression.search
        m = search(joined)
        while m is not None:  # after a match, on to the next text
            i = bisect.bisect_right(ends, m.start())  # the text holding the match
            out[i] = True
            m = search(joined, ends[i] + 1) if i + 1 < n else None
        return out

    at = np.fromiter((m.start() for m in _CHANNEL_RE.finditer(joined)), dtype=np.int64)
    ch = np.bincount(np.searchsorted(starts, at, side="right") - 1, minlength=n)
    vol, reach, build, via = (found(e) for e in (_VOLUME_RE, _REACH_RE, _BUILD_RE, _VIA_RE))
    has = ch > 0
    logs = {c: np.log1p(c) for c in set(ch.tolist())}  # as the scalar calls of one text at a time
    rows[:, 0] = [logs[c] for c in ch.tolist()]
    for j, column in enumerate((vol, reach, build, via, has & build, has & vol, has & reach, has & ~(build | reach),
                                vol & ~reach), start=1):
        rows[:, j] = column
    return sp.csr_matrix(rows)


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
    ctx = _context(sentences, sections=sections, text=text, doc=doc)
    texts = np.asarray(ctx.texts + [""], dtype=object)  # index -1: no such sentence
    return pd.DataFrame({"sentence": ctx.texts, "section": ctx.sections, "is_heading": ctx.heads, "pos": ctx.pos,
                         "prev1": texts[ctx.prev1].tolist(), "prev2": texts[ctx.prev2].tolist(),
                         "head": texts[ctx.head].tolist(), "start": ctx.start.tolist()}, index=ctx.index)


class _Context:
    """The model's input as arrays (what :func:`context_frame` shows as a frame): texts, sections,
    headings, positions and report starts, and the neighbours as row numbers (-1: none)."""

    __slots__ = ("texts", "sections", "heads", "pos", "start", "prev1", "prev2", "head", "index")

    def __init__(self, **values: Any) -> None:
        for key, value in values.items():
            setattr(self, key, value)

    def __len__(self) -> int:
        return len(self.texts)

    def without_context(self) -> _Context:
        """The same sentences without neighbours (a model fitted without them)."""
        none = np.full(len(self.texts), -1, dtype=np.int64)
        return _Context(**{k: getattr(self, k) for k in self.__slots__ if k not in ("prev1", "prev2", "head")},
                        prev1=none, prev2=none, head=none)


def _context(sentences: pd.DataFrame | Sequence[str], *, sections: Sequence[object] | None = None,
             text: str | None = None, doc: str | None = None) -> _Context:
    """:func:`context_frame` as a :class:`_Context` (same arguments, same checks)."""
    if isinstance(sentences, pd.DataFrame):
        col = text or next((c for c in _TEXT_COLUMNS if c in sentences.columns), None)
        if col is None or col not in sentences.columns:
            raise ValueError(f"no text column ({' or '.join(_TEXT_COLUMNS)}) in {list(sentences.columns)}")
        # tolist: the values iteration gives, without a Python step per element of an Arrow column
        texts = [t if type(t) is str else _clean(t) for t in sentences[col].tolist()]
        index = sentences.index
        dcol = doc or next((c for c in _DOC_COLUMNS if c in sentences.columns), None)
        docs = [d if type(d) is str else _clean(d) for d in sentences[dcol].tolist()] if dcol else [""] * len(texts)
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
    return _context_of(texts, docs, sections, heads, index, independent=independent)


def _context_of(texts: list[str], docs: Sequence[str], sections: Sequence[object] | None, heads: Sequence[bool],
                index: Any = None, *, independent: bool = False) -> _Context:
    """The :class:`_Context` of sentences given as lists, in document order: their texts, reports
    (neighbours never cross them), sections (``None``: none) and heading flags; ``index``:
    the rows' labels (default a RangeIndex). ``independent``: no neighbours, no positions.

    >>> ctx = _context_of(["一、概述", "网站改版。"], ["a", "a"], None, [True, False])
    >>> ctx.prev1.tolist(), ctx.head.tolist()
    ([-1, 0], [-1, 0])
    """
    if index is None:
        index = pd.RangeIndex(len(texts))
    secs = [""] * len(texts) if sections is None else [s if type(s) is str else _clean(s) for s in sections]
    if len(secs) != len(texts):
        raise ValueError(f"got {len(texts)} sentences but {len(secs)} sections")
    n = len(texts)
    idx = np.arange(n)
    if independent:
        none = np.full(n, -1, dtype=np.int64)
        prev1, prev2, head = none, none, none
        pos = np.zeros(n)
        start = np.zeros(n, dtype=bool)
    else:  # vectorised over the batch: neighbours, last heading and position never cross reports
        d = np.asarray(docs, dtype=object)
        same1 = np.zeros(n, dtype=bool)
        same1[1:] = d[1:] == d[:-1]
        same2 = np.zeros(n, dtype=bool)
        same2[2:] = same1[2:] & same1[1:-1]
        prev1 = np.where(same1, idx - 1, -1)
        prev2 = np.where(same2, idx - 2, -1)
        start = ~same1
        seg_start = np.maximum.accumulate(np.where(start, idx, 0)) if n else idx
        before = np.full(n, -1)
        if n > 1:  # index of the last heading strictly before each sentence
            before[1:] = np.maximum.accumulate(np.where(np.asarray(heads, dtype=bool), idx, -1))[:-1]
        valid = before >= seg_start
        head = np.where(valid, before, -1)
        sec = np.asarray(secs, dtype=object)
        new_run = start.copy()
        new_run[1:] |= sec[1:] != sec[:-1]
        run_start = np.maximum.accumulate(np.where(new_run, idx, 0)) if n else idx
        run_id = np.cumsum(new_run) - 1
        lengths = np.bincount(run_id, minlength=int(run_id.max()) + 1 if n else 0)[run_id] if n else idx
        pos = np.where(lengths > 1, (idx - run_start) / np.maximum(lengths - 1, 1), 0.0)
    return _Context(texts=texts, sections=secs, heads=np.asarray(heads, dtype=bool), pos=pos,
                    start=np.asarray(start, dtype=bool), prev1=prev1, prev2=prev2, head=head, index=index)



def model_frame(X: pd.DataFrame | Sequence[str], sections: Sequence[object] | None = None, *,  # noqa: N803
                context: bool = True) -> pd.DataFrame:
    """The model's input for ``X``: a :func:`context_frame` (kept as it is when ``X`` is one).

    ``context=False`` blanks the neighbours (a model fitted without them). A
    :class:`_Context` stays one.
    """
    if isinstance(X, _Context):
        if sections is not None:
            if len(sections) != len(X.texts):
                raise ValueError(f"got {len(X.texts)} sentences but {len(sections)} sections")
            X = _Context(**{k: getattr(X, k) for k in X.__slots__ if k != "sections"},
                         sections=[_clean(s) for s in sections])
        return X if context else X.without_context()
    if isinstance(X, pd.DataFrame) and set(("sentence", "prev1", "prev2", "pos", "head")) <= set(X.columns):
        cols = ["sentence", "section", "is_heading", "pos", "prev1", "prev2", "head"]
        frame = X[cols + (["start"] if "start" in X.columns else [])].copy()
        if sections is not None:
            frame["section"] = [_clean(s) for s in sections]
    else:
        frame = context_frame(X, sections=sections)
    if not context:
        frame["prev1"] = ""
        frame["prev2"] = ""
        frame["head"] = ""
    return frame


# -- cue counts (the codebook's cue words and patterns) ------------------------------
@lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which occurs in every match of ``pattern``, or ``None`` if none is known.

    Read from the parsed pattern: a run of literal characters, a group, an
    alternation whose every branch has such strings (their union), a repeat of at
    least once, a class of plain characters. Case-insensitive patterns, and
    anything this does not know, give ``None`` (the pattern is then always run).
    Of several candidates, the one whose shortest string is longest is kept.

    Examples
    --------
    >>> sorted(_required_literals(re.compile("(受理|收到).{0,10}申请")))
    ['申请']
    >>> _required_literals(re.compile("a?")) is None
    True
    """
    try:
        from re import _constants as c, _parser  # type: ignore[attr-defined]

        if pattern.flags & re.IGNORECASE:
            return None
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        if parsed.state.flags & re.IGNORECASE:
            return None
    except Exception:  # noqa: BLE001 - another Python's parser: no prefilter
        return None

    def best(items: Any) -> frozenset[str] | None:
        found: list[frozenset[str]] = []
        run = ""
        for op, av in items:
            if op is c.LITERAL:
                run += chr(av)
                continue
            if run:
                found.append(frozenset([run]))
                run = ""
            got = None
            if op is c.SUBPATTERN:
                if not (av[1] & re.IGNORECASE):
                    got = best(av[3])
            elif op is c.ATOMIC_GROUP:
                got = best(av)
            elif op is c.BRANCH:
                alts = [best(a) for a in av[1]]
                if alts and all(a is not None for a in alts):
                    got = frozenset().union(*alts)
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
                if av[0] >= 1:
                    got = best(av[2])
            elif op is c.IN:
                if av and all(o is c.LITERAL for o, _ in av):
                    got = frozenset(chr(v) for _, v in av)
            if got:
                found.append(got)
        if run:
            found.append(frozenset([run]))
        found = [f for f in found if f and all(f)]
        if not found:
            return None
        return max(found, key=lambda f: (min(map(len, f)), -len(f)))

    try:
        return best(parsed)
    except Exception:  # noqa: BLE001
        return None


class _CueScan:
    """The cue words and patterns of fitted cue features, ready for :func:`cue_matrix`.

    ``automaton`` finds, in one pass over a batch's texts laid end to end, every
    cue word and every literal a pattern needs (:func:`_required_literals`): a
    pattern is run only on the texts where one of its literals occurs (where it
    cannot match otherwise), a pattern without known literals on every text.
    """

    def __init__(self, cues: tuple[tuple[str, tuple[str, ...]], ...], pats: tuple[tuple[str, ...], ...],
                 outs: tuple[tuple[str, ...], ...]) -> None:
        import ahocorasick

        k = len(cues)
        words: dict[str, int] = {}
        is_cue: list[int] = []  # per word: its cue id or -1
        owners: list[tuple[int, list[tuple[int, int]]]] = []  # per cue id: length, (theme, times listed)
        triggers: list[list[int]] = []  # per word: the patterns (numbered below) it lets run

        def word(w: str) -> int:
            if w not in words:
                words[w] = len(words)
                is_cue.append(-1)
                triggers.append([])
            return words[w]

        times: dict[int, dict[int, int]] = {}
        for j, (_, ws) in enumerate(cues):
            for w in ws:
                if not w:
                    continue
                wid = word(w)
                if is_cue[wid] < 0:
                    is_cue[wid] = len(owners)
                    owners.append((len(w), []))
                times.setdefault(is_cue[wid], {})
                times[is_cue[wid]][j] = times[is_cue[wid]].get(j, 0) + 1
        self.cue_of = [(n, sorted(times[cid].items())) for cid, (n, _) in enumerate(owners)]
        # patterns, numbered: theme patterns (theme j) then out-patterns (theme j)
        compiled = [[_compile(p) for p in ps] for ps in pats]
        numbered = [(j, q) for j, ps in enumerate(compiled) for q in ps] + \
                   [(j, _compile(p)) for j, ps in enumerate(outs) for p in ps]
        always: list[int] = []
        for n, (_, q) in enumerate(numbered):
            lits = _required_literals(q)
            if lits is None:
                always.append(n)
            else:
                for lit in lits:
                    triggers[word(lit)].append(n)
        self.n_pats = sum(map(len, compiled))
        self.numbered = numbered
        self.always_set = frozenset(always)
        self.cue_id = np.asarray(is_cue, dtype=np.int64)  # per word: its cue id or -1
        self.trig_ptr = np.zeros(len(triggers) + 1, dtype=np.int64)  # word -> the patterns it lets run (CSR)
        np.cumsum([len(t) for t in triggers], out=self.trig_ptr[1:])
        self.trig_pat = np.asarray([m for t in triggers for m in t], dtype=np.int64)
        self.cue_theme = np.zeros((len(self.cue_of), k))  # cue id x theme: times listed
        for cid, (_, own) in enumerate(self.cue_of):
            for j, t in own:
                self.cue_theme[cid, j] = t
        # a character no word contains separates the texts: no match spans two
        self.sep = next(ch for ch in ("\x00", "\x01", "\uffff", "\U0010ffff") if not any(ch in w for w in words))
        self.automaton = ahocorasick.Automaton()
        for w, wid in words.items():
            self.automaton.add_word(w, wid)
        if words:
            self.automaton.make_automaton()
        self.empty = not words


@lru_cache(maxsize=16)
def _cue_scan(cues: tuple[tuple[str, tuple[str, ...]], ...], pats: tuple[tuple[str, ...], ...],
              outs: tuple[tuple[str, ...], ...]) -> _CueScan:
    return _CueScan(cues, pats, outs)


def cue_matrix(cues: Any, X: list[str]) -> sp.csr_matrix:  # noqa: N803
    """Cue counts, log-scaled, as a sparse matrix (sentence x theme), for fitted cue features.

    ``cues`` has the attributes of a fitted :class:`~ogi_nlp.themes.CueFeatures`
    (``cues``, ``patterns``, ``out_patterns``, ``keys_``, ``out_keys_``). One pass
    over the texts laid end to end finds every cue word of every theme and the
    literals the patterns need (an Aho-Corasick automaton, built once per set of
    cues and process); patterns run only on texts that hold one of their
    literals. The counts are those of :func:`~ogi_nlp.themes.codebook.cues_outside`:
    each cue word once per theme, unless every occurrence lies inside an
    out-of-theme context.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> f = SimpleNamespace(cues={"platform_building": ["网站"]}, patterns=None, out_patterns=None,
    ...                     keys_=["platform_building"], out_keys_=[])
    >>> cue_matrix(f, ["网站改版。", "受理申请2件。"]).toarray().round(2).tolist()
    [[0.69], [0.0]]
    """
    texts = _check_texts(X, "X")
    pats, outs = cues.patterns or {}, getattr(cues, "out_patterns", None) or {}  # older saved files lack it
    keys, out_keys = cues.keys_, getattr(cues, "out_keys_", [])
    scan = _cue_scan(tuple((k, tuple(cues.cues[k])) for k in keys), tuple(tuple(pats.get(k, [])) for k in keys),
                     tuple(tuple(outs.get(k, [])) if k in out_keys else () for k in keys))
    n, k = len(texts), len(keys)
    out_col = {j: k + out_keys.index(key) for j, key in enumerate(keys) if key in out_keys}
    counts = np.zeros((n, k + len(out_keys)))
    if not n:
        return sp.csr_matrix(counts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    hits = [] if scan.empty else list(scan.automaton.iter(scan.sep.join(texts)))
    hits = np.fromiter(itertools.chain.from_iterable(hits), dtype=np.int64, count=2 * len(hits)).reshape(-1, 2)
    ends, wids = hits[:, 0].copy(), hits[:, 1]
    rows = np.searchsorted(starts, ends, side="right") - 1
    ends -= starts[rows]  # within the text
    # the texts each pattern may match: those holding one of its literals (or every text)
    trig = scan.trig_ptr[wids + 1] - scan.trig_ptr[wids] if len(wids) else wids
    pairs = np.unique(np.repeat(rows, trig) * len(scan.numbered)
                      + scan.trig_pat[_ranges(scan.trig_ptr[wids], trig)]) if trig.sum() else np.zeros(0, np.int64)
    spans: dict[int, dict[int, list[tuple[int, int]]]] = {}
    numbered, n_pats = scan.numbered, scan.n_pats
    pat_of, text_of = pairs % len(numbered), pairs // len(numbered)
    order = np.argsort(pat_of, kind="stable")
    pat_of, text_of = pat_of[order], text_of[order]
    bounds = np.searchsorted(pat_of, np.arange(len(numbered) + 1))
    every = list(range(n))
    for m in list(range(n_pats, len(numbered))) + list(range(n_pats)):  # out-patterns first: they make the spans
        j, pat = numbered[m]
        which = every if m in scan.always_set else text_of[bounds[m]:bounds[m + 1]].tolist()
        if m >= n_pats:
            for i in which:
                found = [mm.span() for mm in pat.finditer(texts[i])]
                if found:
                    spans.setdefault(i, {}).setdefault(j, []).extend(found)
            if m + 1 == len(numbered) or numbered[m + 1][0] != j:  # the theme's last out-pattern
                for i, where_i in spans.items():
                    if j in where_i:
                        counts[i, out_col[j]] = len(where_i[j])
            continue
        search = pat.search
        for i in which:
            where = spans[i].get(j) if i in spans else None
            if not where:
                if search(texts[i]) is not None:
                    counts[i, j] += 1
            elif any(not any(mm.start() < b and mm.end() > a for a, b in where) for mm in pat.finditer(texts[i])):
                counts[i, j] += 1
    # cue words: each (text, cue) once per theme, unless every occurrence is out of the theme
    cid = scan.cue_id[wids] if len(wids) else wids
    is_cue = cid >= 0
    rows, ends, cid = rows[is_cue], ends[is_cue], cid[is_cue]
    if spans:
        in_spans = np.fromiter((r in spans for r in rows.tolist()), dtype=bool, count=len(rows))
    else:
        in_spans = np.zeros(len(rows), dtype=bool)
    plain = np.unique(rows[~in_spans] * len(scan.cue_of) + cid[~in_spans])
    if len(plain):
        counts[:, :k] += _pair_counts(plain // len(scan.cue_of), plain % len(scan.cue_of), scan.cue_theme, n)
    seen = set()
    cue_of = scan.cue_of
    for i, end, c in zip(rows[in_spans].tolist(), ends[in_spans].tolist(), cid[in_spans].tolist()):
        length, owners = cue_of[c]
        where_i = spans[i]
        for j, times in owners:
            if (i, j, c) in seen:
                continue
            where = where_i.get(j)
            if where and any(end + 1 - length < b and end + 1 > a for a, b in where):
                continue  # this occurrence is inside an out-of-theme context
            seen.add((i, j, c))
            counts[i, j] += times
    return sp.csr_matrix(np.log1p(counts))


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The concatenated ranges ``starts[i] : starts[i] + lengths[i]``."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return offsets + np.arange(total)


def _pair_counts(rows: np.ndarray, cids: np.ndarray, cue_theme: np.ndarray, n: int) -> np.ndarray:
    """Per text and theme, the times its distinct cue words are listed for the theme (sums of integers)."""
    listed = cue_theme[cids]
    return np.column_stack([np.bincount(rows, weights=listed[:, j], minlength=n) for j in range(cue_theme.shape[1])]
                           ) if cue_theme.shape[1] else np.zeros((n, 0))


# -- the feature rows -------------------------------------------------------------------
def feature_matrix(f: Any, X: pd.DataFrame | _Context, fast: Callable[[Any], bool]) -> sp.csr_matrix:  # noqa: N803
    """Features of each row of a :func:`model_frame` for fitted sentence features ``f``.

    ``f`` has the attributes of a fitted :class:`~ogi_nlp.themes.SentenceFeatures`
    (``words_``, ``chars_``, ``cues_``, ``sections_``, ``context``,
    ``context_weight``, ``channel``); ``fast(vectorizer)`` says whether the TF-IDF
    rows of a vectoriser can be made here (else its own ``transform`` makes them).
    Every distinct text is normalised, segmented and vectorised once: the
    sentence's own rows and its neighbours' (previous sentences, last heading) are
    rows of one matrix of the distinct texts of the batch, gathered by index into
    the feature rows (built as arrays, in the column order of the blocks); no
    per-sentence Python work beyond segmenting each distinct text.
    """
    uniq: dict[str, int] = {}
    if isinstance(X, _Context):  # neighbours as row numbers: the distinct texts are the sentences'
        own = X.texts
        for t in own:
            if t not in uniq:
                uniq[t] = len(uniq)
        at_own = np.fromiter(map(uniq.__getitem__, own), dtype=np.int64, count=len(own))
        at = [at_own]
        if f.context:
            refs = [X.prev1, X.prev2, X.head]
            if "" not in uniq and any(bool((r < 0).any()) for r in refs):
                uniq[""] = len(uniq)  # no such sentence: the empty text's rows
            blank = uniq.get("", -1)
            at += [np.where(r >= 0, at_own[r], blank) for r in refs]
        sections, heads, pos, start = X.sections, X.heads, X.pos, X.start
    else:
        own = X["sentence"].tolist()
        columns = [own] + [X[c].tolist() for c in (["prev1", "prev2", "head"] if f.context else [])]
        for column in columns:
            for t in column:
                if t not in uniq:
                    uniq[t] = len(uniq)
        at = [np.fromiter(map(uniq.__getitem__, column), dtype=np.int64, count=len(own)) for column in columns]
        sections, heads = X["section"].tolist(), np.asarray(X["is_heading"], dtype=float)
        pos = np.asarray(X["pos"], dtype=float)
        # first sentence of its report (a title, mostly); an independent sentence is not one
        start = (X["start"].astype(bool).to_numpy() if "start" in X.columns
                 else X["prev1"].astype(str).str.len().to_numpy() == 0)
    utexts = list(uniq)
    normed = _normalise_all(utexts)
    if fast(f.words_):
        w = _word_tfidf(f.words_, normed)
    else:
        w = f.words_.transform(utexts)
    lo, hi = f.chars_.ngram_range
    if fast(f.chars_) and hi <= 3:
        c = _char_tfidf(f.chars_, normed)
    elif fast(f.chars_):
        c = _tfidf_rows(f.chars_, [_char_grams(t, lo, hi) for t in normed])
    else:
        c = f.chars_.transform(utexts)
    q = f.cues_.transform(utexts) if f.cues_ is not None else sp.csr_matrix((len(utexts), 0))
    w, c, q = sp.csr_matrix(w), sp.csr_matrix(c), sp.csr_matrix(q)
    blocks = [(w, at[0], 1.0), (c, at[0], 1.0), (q, at[0], 1.0)]
    if getattr(f, "channel", False):
        blocks.append((channel_signals(normed), at[0], 1.0))
    n, k = len(own), len(f.sections_)
    lookup = {sec: j for j, sec in enumerate(f.sections_)}
    sec_col = np.fromiter((lookup.get(v, -1) for v in sections), dtype=np.int64, count=n)
    dense = np.zeros((n, k + 3))
    has = sec_col >= 0
    dense[np.flatnonzero(has), sec_col[has]] = 1.0
    dense[:, k] = np.asarray(heads, dtype=float)
    dense[:, k + 1] = np.asarray(pos, dtype=float)
    dense[:, k + 2] = np.asarray(start, dtype=bool).astype(float)
    blocks.append((sp.csr_matrix(dense), None, 1.0))
    if f.context:
        a = f.context_weight
        p1, p2, hd = at[1], at[2], at[3]
        blocks += [(w, p1, a), (q, p1, a), (q, p2, a), (w, hd, a), (q, hd, a)]
    return _gather_rows(blocks, n)


def _gather_rows(blocks: list[tuple[sp.csr_matrix, np.ndarray | None, float]], n: int) -> sp.csr_matrix:
    """``hstack([scale * block[rows] for block, rows, scale in blocks])`` (rows ``None``: all) as CSR,
    built from the blocks' arrays in one pass per block: each row is its blocks' rows one after
    the other, their entries in the blocks' order."""
    width = sum(m.shape[1] for m, _, _ in blocks)
    lengths = [np.diff(m.indptr)[rows] if rows is not None else np.diff(m.indptr) for m, rows, _ in blocks]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sum(lengths) if lengths else np.zeros(n, dtype=np.int64), out=indptr[1:])
    itype = np.int32 if max(width, int(indptr[-1])) < np.iinfo(np.int32).max else np.int64
    data = np.empty(int(indptr[-1]))
    indices = np.empty(int(indptr[-1]), dtype=itype)
    at, offset = indptr[:-1].copy(), 0
    for (m, rows, scale), size in zip(blocks, lengths):
        src = _ranges((m.indptr[:-1][rows] if rows is not None else m.indptr[:-1]).astype(np.int64), size)
        dst = _ranges(at, size)
        data[dst] = m.data[src] if scale == 1.0 else m.data[src] * scale
        indices[dst] = m.indices[src] + offset
        at += size
        offset += m.shape[1]
    return sp.csr_matrix((data, indices.astype(itype, copy=False), indptr.astype(itype)), shape=(n, width))


#: The featuriser's own functions, by the qualified names a saved model records.
NORMALISE = "ogi_nlp.themes.features.normalise"
WORDS = "ogi_nlp.themes.features.words"


def _qualname(value: Any) -> Any:
    if callable(value) and not isinstance(value, type):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__name__', '')}"
    return value


def is_fast(vectorizer: Any) -> bool:
    """Whether a fitted TF-IDF vectoriser is one :class:`~ogi_nlp.themes.SentenceFeatures` fits
    (its functions :func:`~ogi_nlp.themes.features.normalise` and
    :func:`~ogi_nlp.themes.features.words`), so that its rows can be made here."""
    if vectorizer.analyzer == "char":
        return _qualname(vectorizer.preprocessor) == NORMALISE and not vectorizer.lowercase
    return (vectorizer.analyzer == "word" and _qualname(vectorizer.tokenizer) == WORDS and not vectorizer.lowercase
            and tuple(vectorizer.ngram_range) == (1, 1) and vectorizer.stop_words is None
            and vectorizer.preprocessor is None)


# -- margins, probabilities, labels ---------------------------------------------------
def stack(models: Sequence[tuple[np.ndarray, float] | None]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coefficients (features x themes), intercepts and the themes without a model.

    ``models``: per theme, its coefficient row and intercept, or ``None`` (a theme
    constant in the training data).
    """
    width = next((len(m[0]) for m in models if m is not None), 0)
    W = np.zeros((width, len(models)))  # noqa: N806
    b = np.zeros(len(models))
    for j, model in enumerate(models):
        if model is not None:
            W[:, j] = model[0]
            b[j] = model[1]
    return W, b, np.asarray([m is None for m in models], dtype=bool)


def margins(X: Any, stacked: tuple[np.ndarray, np.ndarray, np.ndarray], constant: np.ndarray) -> np.ndarray:  # noqa: N803
    """Decision margins of every theme in one sparse-dense product (``stacked`` from :func:`stack`)."""
    W, b, fixed = stacked  # noqa: N806
    out = np.asarray(X @ W) + b
    out[:, fixed] = np.where(constant[fixed] > 0, 20.0, -20.0)
    return out


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, clipped (no overflow warnings)."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


def calibrated(margin: np.ndarray, calibration: np.ndarray) -> np.ndarray:
    """Probabilities from margins: each theme's Platt slope and intercept (``calibration``, theme x 2)."""
    return sigmoid(margin * calibration[:, 0] + calibration[:, 1])


def labels_at(scores: Any, keys: Sequence[str], cut: np.ndarray) -> list[tuple[str, ...]]:
    """Theme keys of each row of ``scores`` at or above each theme's threshold ``cut``.

    Examples
    --------
    >>> labels_at(np.array([[0.7, 0.2], [0.1, 0.1]]), ["a", "b"], np.array([0.5, 0.5]))
    [('a',), ()]
    """
    scores = np.asarray(scores, dtype=float)
    if scores.ndim != 2 or not len(scores):
        return [tuple(keys[j] for j in np.flatnonzero(row >= cut)) for row in scores]
    # one tuple per distinct set of assigned themes, not per sentence
    hit = scores >= cut
    if hit.shape[1] > 62:
        sets, inverse = np.unique(hit, axis=0, return_inverse=True)
        tuples = [tuple(keys[j] for j in np.flatnonzero(row)) for row in sets]
        return [tuples[i] for i in inverse.ravel().tolist()]
    codes = hit.astype(np.int64) @ (np.int64(1) << np.arange(hit.shape[1], dtype=np.int64))  # the set as bits
    sets, inverse = np.unique(codes, return_inverse=True)
    tuples = [tuple(keys[j] for j in range(hit.shape[1]) if code >> j & 1) for code in sets.tolist()]
    return [tuples[i] for i in inverse.ravel().tolist()]


# -- the bundled models' sidecar ----------------------------------------------------------
# Loading a .skops file costs about 2 s per process (importing skops, auditing its
# types, rebuilding the objects); a corpus build pays it in every worker. The bundled
# models therefore also ship as plain arrays (.npz, no pickle) plus JSON, written by
# ``train_default`` beside the .skops file and used only while the .skops file's
# SHA-256 is the one recorded in them; the .skops file stays the model of record.
ARRAYS_FORMAT = "ogi_nlp.ThemeClassifier.arrays"
FORMAT_VERSION = 2  #: of a saved ThemeClassifier and of its sidecar


def sklearn_version() -> str:
    """The installed scikit-learn's version, read without importing it (about a second)."""
    from importlib import metadata

    return metadata.version("scikit-learn")


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_arrays(path: str | Path, *, skops_file: str | Path) -> tuple[dict[str, Any], dict[str, np.ndarray]] | None:
    """The metadata and arrays of a sidecar written by :func:`ogi_nlp.themes.model.save_arrays`,
    or ``None`` if it is stale.

    Stale: missing, another format version, written under another scikit-learn
    (the ``.skops`` file then decides, as it would alone), or recorded for a
    ``.skops`` file whose bytes have changed since (a retrained model without its
    sidecar).
    """
    path = Path(path)
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(str(arrays["meta"]))
    if (meta.get("format") != ARRAYS_FORMAT or meta.get("format_version") != FORMAT_VERSION
            or meta.get("skops_sha256") != _sha256(Path(skops_file)) or meta.get("sklearn") != sklearn_version()):
        return None
    return meta, arrays


def decode_params(params: dict[str, Any], function: Callable[[str], Any]) -> dict[str, Any]:
    """A vectoriser's parameters as recorded in a sidecar, decoded (``function``: qualified name -> value)."""
    out = {}
    for key, value in params.items():
        if isinstance(value, dict) and "function" in value:
            value = function(value["function"])
        elif isinstance(value, dict) and "dtype" in value:
            value = np.dtype(value["dtype"]).type
        elif isinstance(value, dict) and "tuple" in value:
            value = tuple(value["tuple"])
        out[key] = value
    return out


class _Vocabulary:
    """A fitted TF-IDF vectoriser as the arrays its rows are made from (functions by name)."""

    def __init__(self, params: dict[str, Any], terms: np.ndarray, idf: np.ndarray) -> None:
        for key, value in decode_params(params, str).items():
            setattr(self, key, value)
        terms = terms.tolist()
        self.vocabulary_ = dict(zip(terms, range(len(terms))))
        self.idf_ = idf


def cue_keys(cues: dict[str, list[str]], out_patterns: dict[str, list[str]] | None) -> tuple[list[str], list[str]]:
    """Columns of cue features: the themes with cues, then those with out-patterns."""
    keys = list(cues)
    return keys, [k for k in keys if (out_patterns or {}).get(k)]


class _Cues:
    """Fitted cue features as plain data (see :class:`~ogi_nlp.themes.CueFeatures`)."""

    def __init__(self, cues: dict[str, list[str]], patterns: dict[str, list[str]] | None,
                 out_patterns: dict[str, list[str]] | None) -> None:
        self.cues, self.patterns, self.out_patterns = cues, patterns, out_patterns
        self.keys_, self.out_keys_ = cue_keys(cues, out_patterns)

    def transform(self, X: list[str]) -> sp.csr_matrix:  # noqa: N803
        return cue_matrix(self, X)


class _Features:
    """Fitted sentence features as plain data (see :class:`~ogi_nlp.themes.SentenceFeatures`)."""

    def __init__(self, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        self.words_ = _Vocabulary(meta["words"], arrays["words_terms"], arrays["words_idf"])
        self.chars_ = _Vocabulary(meta["chars"], arrays["chars_terms"], arrays["chars_idf"])
        self.cues_ = None if meta["cues"] is None else _Cues(**meta["cues"])
        self.sections_ = list(meta["sections_"])
        self.context, self.context_weight = bool(meta["context"]), float(meta["context_weight"])
        self.channel = bool(meta["channel"])


class ThemeScorer:
    """A fitted hybrid or model :class:`~ogi_nlp.themes.ThemeClassifier` as arrays, without scikit-learn.

    Scores and labels exactly as the classifier it was saved from (the same
    functions of this module compute both); it only predicts. Made by
    :meth:`from_sidecar` from a sidecar of :func:`ogi_nlp.themes.model.save_arrays`,
    or :func:`bundled_scorer` for the bundled model.

    Attributes
    ----------
    codebook_ : Codebook
    classes_ : list of str
        Theme keys, the columns of the scores.
    thresholds_, calibration_, constant_ : ndarray
        As those of the classifier.
    """

    def __init__(self, meta: dict[str, Any], arrays: dict[str, np.ndarray], *, where: str) -> None:
        params = meta["params"]
        self.method = params["method"]
        self.context = bool(params.get("context", True))
        self.codebook_ = Codebook.from_dict(meta["codebook"], where=f"{where} (codebook)")
        self.classes_ = list(self.codebook_.keys)
        self.features_ = _Features(meta["features"], arrays)
        rows = iter(range(len(arrays["intercept"])))
        fitted = [None if p is None else next(rows) for p in meta["estimators"]]
        self.stacked_ = stack([None if i is None else (arrays["coef"][i], arrays["intercept"][i]) for i in fitted])
        self.constant_ = arrays["constant"]
        self.calibration_ = arrays["calibration"]
        self.thresholds_ = arrays["thresholds"]

    @classmethod
    def from_sidecar(cls, path: str | Path, *, skops_file: str | Path) -> ThemeScorer | None:
        """The scorer of a sidecar, or ``None`` when it is stale (see :func:`read_arrays`) or made of
        parts this module cannot compute (then load the ``.skops`` file with ThemeClassifier)."""
        found = read_arrays(path, skops_file=skops_file)
        if found is None:
            return None
        scorer = cls(*found, where=str(path))
        f = scorer.features_
        if scorer.method == "rules" or not (is_fast(f.words_) and is_fast(f.chars_)):
            return None
        return scorer

    def decision_function(self, X: pd.DataFrame | Sequence[str], *,  # noqa: N803
                          sections: Sequence[object] | None = None) -> np.ndarray:
        """Uncalibrated scores (sentence x theme), as :meth:`ThemeClassifier.decision_function`."""
        frame = model_frame(X, sections, context=self.context)
        if not len(frame):
            return np.zeros((0, len(self.classes_)))
        return margins(feature_matrix(self.features_, frame, is_fast), self.stacked_, self.constant_)

    def decision_scores(self, X: pd.DataFrame | Sequence[str], *,  # noqa: N803
                        sections: Sequence[object] | None = None) -> np.ndarray:
        """Calibrated probabilities (sentence x theme), as :meth:`ThemeClassifier.decision_scores`."""
        return calibrated(self.decision_function(X, sections=sections), self.calibration_)

    def labels_from_proba(self, proba: pd.DataFrame | np.ndarray) -> list[tuple[str, ...]]:
        """Theme keys from probabilities, each theme's own threshold."""
        return labels_at(proba, self.classes_, self.thresholds_)

    def predict(self, X: pd.DataFrame | Sequence[str], *,  # noqa: N803
                sections: Sequence[object] | None = None) -> list[tuple[str, ...]]:
        """Theme keys of each sentence, in codebook order; ``()`` means ``other``."""
        return self.labels_from_proba(self.decision_scores(X, sections=sections))


@lru_cache(maxsize=2)
def bundled_scorer(*, sections: bool = False) -> ThemeScorer | None:
    """The bundled model (that of :meth:`ThemeClassifier.load_default
    <ogi_nlp.themes.ThemeClassifier.load_default>`) from its sidecar, or ``None`` when the
    sidecar is stale (then the ``.skops`` file decides). Loaded once per process and shared.
    """
    name = SECTIONS_MODEL_FILE if sections else DEFAULT_MODEL_FILE
    with resources.as_file(resources.files("ogi_nlp.resources").joinpath(name)) as path:
        return ThemeScorer.from_sidecar(path.with_suffix(".npz"), skops_file=path)
