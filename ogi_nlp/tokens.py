"""Words: a private jieba tokenizer with the OGI domain dictionary.

:class:`Segmenter` cuts Chinese text into words with its own
``jieba.Tokenizer()`` (never jieba's global one), into which the bundled domain
dictionary (``resources/userdict.txt``: 依申请公开, 政务新媒体, 三公经费, …) is
loaded, so that the terms researchers count stay whole.  The tokenizer is built
once per process and per option set (module-level cache); jieba's logger is set
to WARNING before it loads, so nothing is written to stderr.

Engines
-------
``"jieba"`` (default)
    jieba 0.42, the reference.
``"rjieba"``
    The Rust port (optional dependency ``rjieba``, ``pip install ogi_nlp[fast]``),
    15-30 times faster on report text (measured: cut 44 MB/s against jieba's
    1.4-1.8 MB/s).  It takes the same domain dictionary (loaded word by word
    through ``add_word``).  With ``hmm=False`` its tokens equal jieba's on
    every line of the bundled seeds (tested); with ``hmm=True`` 99.7% of token
    spans agree (it keeps URLs, dates and letter-digit runs whole), so use
    ``hmm=False`` where exact agreement with the jieba engine matters.

Stop words
----------
``stopwords=False`` (default) keeps every word: function words such as 将, 不,
未 carry meaning for theme coding (plans, negation).  ``stopwords=True`` drops the
words of ``resources/stopwords.txt`` (function words and an agency's
self-references such as 我局; negations, 将, 下一步, 进一步 are deliberately *not*
in the list).  Tokens made only of whitespace, punctuation or symbols are always
dropped by :meth:`Segmenter.tokenize`; :meth:`Segmenter.cut` keeps everything.

Examples
--------
>>> tokenize("全年依申请公开政府信息17件，均予以公开。")
['全年', '依申请公开', '政府信息', '17', '件', '均', '予以公开']
"""
from __future__ import annotations

import logging
import os
import re
import threading
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

__all__ = ["Segmenter", "tokenize", "load_userdict", "load_stopwords", "ENGINES"]

ENGINES: tuple[str, ...] = ("jieba", "rjieba")

# jieba's user-dictionary line: word, optional frequency, optional POS tag.
_USERDICT_LINE = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")

_LOCK = threading.Lock()
_TOKENIZERS: dict[tuple[str, str | None], Any] = {}


def _read_resource(name: str) -> str:
    return resources.files("ogi_nlp").joinpath("resources", name).read_text(encoding="utf-8")


def _parse_userdict(text: str, source: str) -> list[tuple[str, int | None, str | None]]:
    entries: list[tuple[str, int | None, str | None]] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        m = _USERDICT_LINE.match(line)
        if m is None:  # pragma: no cover - the pattern matches any non-empty line
            raise ValueError(f"{source}, line {lineno}: cannot parse {line!r}")
        word, freq, tag = m.groups()
        entries.append((word, int(freq) if freq else None, tag.strip() if tag else None))
    return entries


@lru_cache(maxsize=None)
def _userdict_entries(path: str | None) -> tuple[tuple[str, int | None, str | None], ...]:
    if path is None:
        return tuple(_parse_userdict(_read_resource("userdict.txt"), "ogi_nlp/resources/userdict.txt"))
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except UnicodeDecodeError as exc:
        raise ValueError(f"user dictionary {path} must be UTF-8: {exc}") from None
    return tuple(_parse_userdict(text, path))


def load_userdict(path: str | os.PathLike[str] | None = None) -> list[tuple[str, int | None, str | None]]:
    """The entries of a jieba user dictionary as ``(word, freq, tag)``.

    Parameters
    ----------
    path : path-like or None
        A UTF-8 file in jieba's format (``word [freq] [tag]`` per line);
        ``None`` for the bundled OGI domain dictionary.

    Examples
    --------
    >>> ("依申请公开", 100, "v") in load_userdict()
    True
    """
    return list(_userdict_entries(None if path is None else os.fspath(path)))


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """The bundled stop words (``resources/stopwords.txt``).

    Examples
    --------
    >>> "的" in load_stopwords(), "不" in load_stopwords()
    (True, False)
    """
    return frozenset(w.strip() for w in _read_resource("stopwords.txt").splitlines() if w.strip())


def _build(engine: str, userdict: str | None) -> Any:
    """A fresh tokenizer for ``engine`` with ``userdict`` ("" = none) loaded."""
    entries = () if userdict == "" else _userdict_entries(userdict)
    if engine == "jieba":
        import jieba

        # jieba sets its logger to DEBUG on import; quiet it before loading.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        tok.initialize()
        for word, freq, tag in entries:
            tok.add_word(word, freq, tag)
        return tok
    tok = rjieba_class()()
    for word, freq, tag in entries:
        tok.add_word(word, freq, tag)
    return tok


def rjieba_class() -> type:
    """rjieba's ``Jieba`` class, loaded without the package's default tokenizer.

    ``import rjieba`` builds a module-level tokenizer with its dictionary (about
    0.1 s in every process) that ogi_nlp never uses: each tokenizer here is its
    own ``Jieba()``.  The compiled module is loaded alone (registered as
    ``rjieba.rjieba``, so a later ``import rjieba`` uses it); should that fail,
    the package is imported as usual.

    Raises
    ------
    ImportError
        rjieba is not installed.

    Examples
    --------
    >>> try:  # rjieba's own dictionary; the domain words come with ogi_nlp's tokenizer
    ...     tokens = rjieba_class()().cut("依申请公开", False)
    ... except ImportError:  # the fast extra is not installed
    ...     tokens = ["依", "申请", "公开"]
    >>> tokens
    ['依', '申请', '公开']
    """
    import sys

    module = sys.modules.get("rjieba.rjieba")
    if module is not None:
        return module.Jieba
    import importlib.machinery
    import importlib.util

    try:
        spec = importlib.util.find_spec("rjieba")  # finds the package without running it
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        raise ImportError("engine='rjieba' needs the optional package rjieba: pip install 'ogi_nlp[fast]'")
    try:
        folder = list(spec.submodule_search_locations or [])[0]
        path = next(os.path.join(folder, f"rjieba{suffix}") for suffix in importlib.machinery.EXTENSION_SUFFIXES
                    if os.path.isfile(os.path.join(folder, f"rjieba{suffix}")))
        loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", path)
        found = importlib.util.spec_from_file_location("rjieba.rjieba", path, loader=loader)
        module = importlib.util.module_from_spec(found)
        loader.exec_module(module)
        sys.modules["rjieba.rjieba"] = module
        return module.Jieba
    except Exception:  # noqa: BLE001 - a layout this does not know: the usual import
        import rjieba

        return rjieba.Jieba


def _tokenizer(engine: str, userdict: str | None) -> Any:
    key = (engine, userdict)
    tok = _TOKENIZERS.get(key)
    if tok is None:
        with _LOCK:
            tok = _TOKENIZERS.get(key)
            if tok is None:
                tok = _TOKENIZERS[key] = _build(engine, userdict)
    return tok


# Tokens made only of whitespace, punctuation or symbols (no letter, digit, hanzi).
_NOISE = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)
def _is_noise(token: str) -> bool:
    # Cached: a report repeats the same few thousand tokens.
    return _NOISE.fullmatch(token) is not None


class Segmenter:
    """Cut Chinese text into words with jieba and the OGI domain dictionary.

    Parameters
    ----------
    engine : {"jieba", "rjieba"}, default "jieba"
        ``"rjieba"`` is much faster; see the module notes on agreement.
    hmm : bool, default True
        Let the HMM join characters into words the dictionaries lack.
    userdict : path-like, None or False, default None
        ``None``: the bundled domain dictionary; a path: that UTF-8 jieba user
        dictionary instead; ``False``: no user dictionary (plain jieba).
    stopwords : bool, default False
        Drop the bundled stop words in :meth:`tokenize`.

    Notes
    -----
    The tokenizer itself lives in a module-level cache shared by all
    segmenters with the same engine and dictionary, so a ``Segmenter`` is cheap
    to create, pickles small and can serve as a scikit-learn ``tokenizer=``
    (it is callable).

    Examples
    --------
    >>> seg = Segmenter(stopwords=True)
    >>> seg.tokenize("我局政务新媒体的粉丝数持续增长。")
    ['政务新媒体', '粉丝数', '持续增长']
    >>> Segmenter(engine="spacy")
    Traceback (most recent call last):
    ...
    ValueError: engine='spacy' is not one of ('jieba', 'rjieba')
    """

    def __init__(
        self,
        *,
        engine: str = "jieba",
        hmm: bool = True,
        userdict: str | os.PathLike[str] | None | bool = None,
        stopwords: bool = False,
    ) -> None:
        if engine not in ENGINES:
            raise ValueError(f"engine={engine!r} is not one of {ENGINES}")
        if not isinstance(hmm, bool):
            raise ValueError(f"hmm={hmm!r} must be True or False")
        if not isinstance(stopwords, bool):
            raise ValueError(f"stopwords={stopwords!r} must be True or False")
        if userdict is True or not (userdict is None or userdict is False or isinstance(userdict, (str, os.PathLike))):
            raise ValueError(f"userdict={userdict!r} must be None (bundled), a path, or False (none)")
        if isinstance(userdict, (str, os.PathLike)) and not os.path.isfile(userdict):
            raise ValueError(f"userdict={os.fspath(userdict)!r}: no such file")
        self.engine = engine
        self.hmm = hmm
        self.userdict = userdict
        self.stopwords = stopwords

    def __repr__(self) -> str:
        return (
            f"Segmenter(engine={self.engine!r}, hmm={self.hmm!r}, "
            f"userdict={self.userdict!r}, stopwords={self.stopwords!r})"
        )

    def _key(self) -> str | None:
        if self.userdict is False:
            return ""
        return None if self.userdict is None else os.path.abspath(os.fspath(self.userdict))

    @property
    def tokenizer(self) -> Any:
        """The shared underlying ``jieba.Tokenizer`` / ``rjieba.Jieba``."""
        return _tokenizer(self.engine, self._key())

    def cut(self, text: str) -> list[str]:
        """All tokens, whitespace and punctuation included; they join back to ``text``.

        Examples
        --------
        >>> Segmenter().cut("一图读懂。")
        ['一图读懂', '。']
        """
        if not isinstance(text, str):
            raise TypeError(f"cut expects str, got {type(text).__name__}")
        if not text:
            return []
        tok = self.tokenizer
        if self.engine == "jieba":
            return list(tok.cut(text, HMM=self.hmm))
        return tok.cut(text, hmm=self.hmm)

    def tokenize(self, text: str) -> list[str]:
        """Words of ``text``: no whitespace/punctuation tokens, stop words if asked.

        Examples
        --------
        >>> Segmenter().tokenize("政府信息公开行政复议、行政诉讼情况")
        ['政府信息公开', '行政复议', '行政诉讼', '情况']
        """
        stop = load_stopwords() if self.stopwords else frozenset()
        return [t for t in self.cut(text) if not _is_noise(t) and t not in stop]

    __call__ = tokenize

    def tokenize_many(self, texts: Iterable[str]) -> list[list[str]]:
        """:meth:`tokenize` over many texts."""
        return [self.tokenize(t) for t in texts]


_DEFAULT: Segmenter | None = None


def tokenize(text: str) -> list[str]:
    """Words of ``text`` with the default :class:`Segmenter` (jieba, domain dictionary).

    Examples
    --------
    >>> tokenize("通过门户网站主动公开政府信息")
    ['通过', '门户网站', '主动公开', '政府信息']
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Segmenter()
    return _DEFAULT.tokenize(text)
