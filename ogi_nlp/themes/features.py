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
values as scikit-learn's transforms, at a fraction of their cost. :func:`channel_signals`
adds the signals of the platform/proactive boundary. Words come from :class:`ogi_nlp.tokens.Segmenter` with the HMM off, through the
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

import itertools
import operator
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

__all__ = ["context_frame", "SentenceFeatures", "FRAME_COLUMNS", "words", "channel_signals", "CHANNEL_SIGNALS"]

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
    return _words_normed(normalise(text)) if text else ()


@lru_cache(maxsize=1 << 16)
def _cut_cached(normed: str) -> tuple[str, ...]:
    """All tokens of a normalised text (punctuation included), cached like :func:`words`.

    At prediction time the words need no filtering: a token the filters of
    :func:`words` drop never entered the fitted vocabulary, so looking raw tokens up
    in it gives the same counts.
    """
    return tuple(_segmenter().cut(normed)) if normed else ()


_CODE_BITS = 21  # every code point is below 2**21, so three fit in an int64
_CHAR_CODES: dict[int, tuple[object, np.ndarray, np.ndarray]] = {}


def _char_codes(vectorizer: TfidfVectorizer) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Per n-gram length, the vocabulary's n-grams as sorted integer codes and their columns (cached)."""
    vocab = vectorizer.vocabulary_
    hit = _CHAR_CODES.get(id(vectorizer))
    if hit is not None and hit[0] is vocab:
        return hit[1]
    by_len: dict[int, tuple[list[int], list[int]]] = {}
    for gram, col in vocab.items():
        code = 0
        for ch in gram:
            code = (code << _CODE_BITS) | ord(ch)
        codes, cols = by_len.setdefault(len(gram), ([], []))
        codes.append(code)
        cols.append(col)
    out = {}
    for n, (codes, cols) in by_len.items():
        c, k = np.asarray(codes, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        order = np.argsort(c, kind="stable")
        out[n] = (c[order], k[order])
    if len(_CHAR_CODES) > 8:
        _CHAR_CODES.clear()
    _CHAR_CODES[id(vectorizer)] = (vocab, out)
    return out


def _char_tfidf(vectorizer: TfidfVectorizer, normed: list[str]) -> sp.csr_matrix:
    """``vectorizer.transform`` for character n-grams of up to 3 characters, in NumPy.

    The texts are laid end to end as code points; the n-grams of each length are
    integer codes of neighbouring code points (none across two texts), looked up in
    the sorted codes of the vocabulary's n-grams of that length. Same values as
    scikit-learn's transform.
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
        codes, cols = table[n]
        m = len(points) - n + 1
        code = points[:m].copy()
        for k in range(1, n):
            code = (code << _CODE_BITS) | points[k:k + m]
        at = np.searchsorted(codes, code)
        at[at >= len(codes)] = 0
        ok = (row[:m] == row[n - 1:n - 1 + m]) & (codes[at] == code)  # n characters of one text, in the vocabulary
        rows.append(row[:m][ok])
        found.append(cols[at[ok]])
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    X = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(normed), len(vectorizer.vocabulary_)))  # noqa: N806
    return _weigh(vectorizer, X)


def _words_normed(normed: str) -> tuple[str, ...]:
    """Words of a text already passed through :func:`normalise`."""
    if not normed:
        return ()
    return tuple(w for w in _segmenter().tokenize(normed) if w.strip() and not _PUNCT_RE.match(w))


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


def _tfidf_rows(vectorizer: TfidfVectorizer, analysed: list) -> sp.csr_matrix:
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


def _weigh(vectorizer: TfidfVectorizer, X: sp.csr_matrix) -> sp.csr_matrix:  # noqa: N803
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
    rows = np.zeros((len(texts), len(CHANNEL_SIGNALS)))
    for i, t in enumerate(texts):
        if not t:
            continue
        ch = len(_CHANNEL_RE.findall(t))
        vol = _VOLUME_RE.search(t) is not None
        reach = _REACH_RE.search(t) is not None
        build = _BUILD_RE.search(t) is not None
        via = _VIA_RE.search(t) is not None
        has = ch > 0
        rows[i] = (np.log1p(ch), vol, reach, build, via, has and build, has and vol, has and reach,
                   has and not (build or reach), vol and not reach)
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
    if isinstance(sentences, pd.DataFrame):
        col = text or next((c for c in _TEXT_COLUMNS if c in sentences.columns), None)
        if col is None or col not in sentences.columns:
            raise ValueError(f"no text column ({' or '.join(_TEXT_COLUMNS)}) in {list(sentences.columns)}")
        texts = [t if type(t) is str else _clean(t) for t in sentences[col]]
        index = sentences.index
        dcol = doc or next((c for c in _DOC_COLUMNS if c in sentences.columns), None)
        docs = [d if type(d) is str else _clean(d) for d in sentences[dcol]] if dcol else [""] * len(texts)
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
    secs = [""] * len(texts) if sections is None else [s if type(s) is str else _clean(s) for s in sections]
    if len(secs) != len(texts):
        raise ValueError(f"got {len(texts)} sentences but {len(secs)} sections")
    n = len(texts)
    idx = np.arange(n)
    if independent:
        empty = [""] * n
        prev1, prev2, head = empty, empty, empty
        pos = np.zeros(n)
        start = np.zeros(n, dtype=bool)
    else:  # vectorised over the batch: neighbours, last heading and position never cross reports
        d = np.asarray(docs, dtype=object)
        t = np.asarray(texts, dtype=object)
        same1 = np.zeros(n, dtype=bool)
        same1[1:] = d[1:] == d[:-1]
        same2 = np.zeros(n, dtype=bool)
        same2[2:] = same1[2:] & same1[1:-1]
        prev1 = np.where(same1, np.roll(t, 1), "").tolist() if n else []
        prev2 = np.where(same2, np.roll(t, 2), "").tolist() if n else []
        start = ~same1
        seg_start = np.maximum.accumulate(np.where(start, idx, 0)) if n else idx
        before = np.full(n, -1)
        if n > 1:  # index of the last heading strictly before each sentence
            before[1:] = np.maximum.accumulate(np.where(np.asarray(heads, dtype=bool), idx, -1))[:-1]
        valid = before >= seg_start
        head = np.where(valid, t[np.maximum(before, 0)] if n else t, "").tolist() if n else []
        sec = np.asarray(secs, dtype=object)
        new_run = start.copy()
        new_run[1:] |= sec[1:] != sec[:-1]
        run_start = np.maximum.accumulate(np.where(new_run, idx, 0)) if n else idx
        run_id = np.cumsum(new_run) - 1
        lengths = np.bincount(run_id, minlength=int(run_id.max()) + 1 if n else 0)[run_id] if n else idx
        pos = np.where(lengths > 1, (idx - run_start) / np.maximum(lengths - 1, 1), 0.0)
    start = start.tolist()
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
        """Features of each row; every distinct text is normalised, segmented and vectorised once.

        The sentence's own rows and its neighbours' (previous sentences, last
        heading) are rows of one matrix of the distinct texts of the batch, gathered
        by index; no per-sentence Python work beyond segmenting each distinct text.
        """
        own = X["sentence"].tolist()
        cols = ["prev1", "prev2", "head"] if self.context else []
        columns = [own] + [X[c].tolist() for c in cols]
        uniq: dict[str, int] = {}
        for column in columns:
            for t in column:
                if t not in uniq:
                    uniq[t] = len(uniq)
        utexts = list(uniq)
        normed = [normalise(t) for t in utexts]
        if self._fast(self.words_):
            w = _tfidf_rows(self.words_, [_cut_cached(t) for t in normed])
        else:
            w = self.words_.transform(utexts)
        lo, hi = self.chars_.ngram_range
        if self._fast(self.chars_) and hi <= 3:
            c = _char_tfidf(self.chars_, normed)
        elif self._fast(self.chars_):
            c = _tfidf_rows(self.chars_, [_char_grams(t, lo, hi) for t in normed])
        else:
            c = self.chars_.transform(utexts)
        q = self.cues_.transform(utexts) if self.cues_ is not None else sp.csr_matrix((len(utexts), 0))
        at = [np.fromiter(map(uniq.__getitem__, column), dtype=np.int64, count=len(own)) for column in columns]
        blocks = [w[at[0]], c[at[0]], q[at[0]]]
        if getattr(self, "channel", False):
            blocks.append(channel_signals(normed)[at[0]])
        n, k = len(own), len(self.sections_)
        lookup = {sec: j for j, sec in enumerate(self.sections_)}
        sec_col = np.fromiter((lookup.get(v, -1) for v in X["section"]), dtype=np.int64, count=n)
        # first sentence of its report (a title, mostly); an independent sentence is not one
        start = (X["start"].astype(bool).to_numpy() if "start" in X.columns
                 else X["prev1"].astype(str).str.len().to_numpy() == 0)
        dense = np.column_stack([np.asarray(X["is_heading"], dtype=float), np.asarray(X["pos"], dtype=float),
                                 start.astype(float)])
        has = sec_col >= 0
        sec = sp.csr_matrix((np.ones(int(has.sum())), (np.flatnonzero(has), sec_col[has])), shape=(n, k))
        blocks.append(sp.hstack([sec, sp.csr_matrix(dense)], format="csr"))
        if self.context:
            a = self.context_weight
            p1, p2, hd = at[1], at[2], at[3]
            blocks += [a * w[p1], a * q[p1], a * q[p2], a * w[hd], a * q[hd]]
        return sp.hstack(blocks, format="csr")

    @staticmethod
    def _fast(vectorizer: TfidfVectorizer) -> bool:
        """Whether the vectoriser is one this class fits (so terms can be made here)."""
        if vectorizer.analyzer == "char":
            return vectorizer.preprocessor is normalise and not vectorizer.lowercase
        return (vectorizer.analyzer == "word" and vectorizer.tokenizer is words and not vectorizer.lowercase
                and tuple(vectorizer.ngram_range) == (1, 1) and vectorizer.stop_words is None
                and vectorizer.preprocessor is None)

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
