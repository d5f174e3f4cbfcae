"""Readability of Chinese official prose: sentence and clause length, adverbs and conjunctions.

Measures after 徐巍、姚振晔、陈冬华 (2021)《中文年报可读性：衡量与检验》,
《会计研究》2021 年第 3 期, who gauge the readability of Chinese annual reports
along the characters, the sentences and the logic of the text; among their
measures are the length of sentences and the share of adverbs and conjunctions
(the connective words that carry a text's logic).  What this module computes is
exactly what :func:`readability_codebook` states, formula by formula:

* length: characters per sentence and characters per clause (分句, text between
  ，；：。！？ and their half-width forms; 顿号 、 separates list items, not
  clauses);
* logic: the share of words that jieba's part-of-speech tagger marks as adverbs
  (``d``) or conjunctions (``c``), and the two shares apart.

Not implemented, and not to be cited as implemented: the paper's character
dimension (share of less common characters against 《现代汉语常用字表》, which
is not bundled), any weighting or composite index of the measures, and any check
of our values against the paper's published figures.

The tagger is a private ``jieba.posseg.POSTokenizer`` over its own
``jieba.Tokenizer`` with the OGI domain dictionary, loaded once per process from
the files of the jieba package (no download); ``engine="rjieba"`` uses the
faster Rust port instead.  Heading lines are left out by
default.  "Characters" are letters, digits and hanzi (punctuation and spaces are
not counted).

Examples
--------
>>> import pandas as pd
>>> s = pd.DataFrame({"report": ["r"], "sentence_id": [0],
...                   "text": ["我局认真落实条例，并及时公开政府信息。"]})
>>> r = readability(s)
>>> r[["narrative_chars", "narrative_clauses", "chars_per_clause"]].values.tolist()
[[17, 2, 8.5]]
"""
from __future__ import annotations

import logging
import re
import threading
from typing import Any, Sequence

import pandas as pd

from ..tokens import load_userdict

__all__ = ["readability", "readability_codebook", "pos_tag", "CLAUSE_BREAKS"]

#: Punctuation that ends a clause (分句).
CLAUSE_BREAKS = "，,；;：:。！？!?…"
_CLAUSE_SPLIT = re.compile(f"[{re.escape(CLAUSE_BREAKS)}\n]+")
_CHAR = re.compile(r"[^\W_]", re.UNICODE)
_ADVERB = ("d",)
_CONJUNCTION = ("c",)

_LOCK = threading.Lock()
_POS: dict[str, Any] = {}

_CODEBOOK = (
    ("narrative_sentences", "count of non-heading sentences (rows of the sentences frame)", "sentences"),
    ("narrative_chars", "count of letters, digits and hanzi in those sentences", "characters"),
    ("narrative_clauses", "count of non-empty clauses: text between " + CLAUSE_BREAKS + " or line breaks "
     "holding at least one character", "clauses"),
    ("chars_per_sentence", "narrative_chars / narrative_sentences", "characters"),
    ("chars_per_clause", "narrative_chars / narrative_clauses", "characters"),
    ("narrative_words", "words tagged by jieba.posseg (or rjieba with engine='rjieba'; OGI dictionary), "
     "punctuation and spaces excluded", "words"),
    ("adverb_share", "words tagged d* (adverb) / narrative_words", "share"),
    ("conjunction_share", "words tagged c* (conjunction) / narrative_words", "share"),
    ("adv_conj_share", "(words tagged d* or c*) / narrative_words", "share"),
)
_SOURCE = ("after 徐巍、姚振晔、陈冬华 (2021) 中文年报可读性：衡量与检验, 会计研究 2021(3) "
           "(sentence-length and adverb/conjunction dimensions; our operationalisation)")


def readability_codebook() -> pd.DataFrame:
    """Name, formula, unit and source of every readability column.

    Examples
    --------
    >>> readability_codebook().set_index("name").loc["chars_per_clause", "formula"]
    'narrative_chars / narrative_clauses'
    """
    return pd.DataFrame([{"name": n, "formula": f, "unit": u, "source": _SOURCE} for n, f, u in _CODEBOOK])


_ENGINES = ("jieba", "rjieba")


def _pos_tokenizer(engine: str = "jieba") -> Any:
    tok = _POS.get(engine)
    if tok is None:
        with _LOCK:
            tok = _POS.get(engine)
            if tok is None:
                if engine == "jieba":
                    import jieba  # on first use: loading jieba's dictionary takes seconds
                    import jieba.posseg

                    logging.getLogger("jieba").setLevel(logging.WARNING)
                    base = jieba.Tokenizer()
                    base.initialize()
                    for word, freq, tag in load_userdict():
                        base.add_word(word, freq, tag)
                    tok = jieba.posseg.POSTokenizer(base)
                else:
                    try:
                        import rjieba
                    except ImportError:
                        raise ImportError("engine='rjieba' needs the optional package rjieba: "
                                          "pip install 'ogi_nlp[fast]'") from None
                    tok = rjieba.Jieba()
                    for word, freq, tag in load_userdict():
                        tok.add_word(word, freq, tag)
                _POS[engine] = tok
    return tok


def pos_tag(text: str, *, engine: str = "jieba") -> list[tuple[str, str]]:
    """(word, tag) pairs from a private part-of-speech tagger with the OGI dictionary.

    Punctuation and spaces are dropped.  Tags are jieba's (ICTCLAS-like):
    ``d`` adverb, ``c`` conjunction, ``v`` verb, ``n`` noun, ...

    Parameters
    ----------
    text : str
    engine : {"jieba", "rjieba"}, default "jieba"
        ``"jieba"``: ``jieba.posseg.POSTokenizer`` over a private
        ``jieba.Tokenizer``.  ``"rjieba"``: the Rust port's ``tag`` (optional
        ``fast`` extra), 7 to 17 times faster in our runs; on the bundled
        reports' sentences it finds 249 adverbs and 292 conjunctions where
        jieba finds 253 and 295.

    Examples
    --------
    >>> pos_tag("但仍然需要加强。")
    [('但', 'c'), ('仍然', 'd'), ('需要', 'v'), ('加强', 'v')]
    """
    if engine not in _ENGINES:
        raise ValueError(f"engine={engine!r} is not one of {_ENGINES}")
    if not text:
        return []
    tok = _pos_tokenizer(engine)
    pairs = ((p.word, p.flag) for p in tok.cut(text)) if engine == "jieba" else tok.tag(text, True)
    return [(w, t) for w, t in pairs if _CHAR.search(w) is not None]


def _row(texts: Sequence[str], pos: bool, engine: str) -> dict[str, Any]:
    narrative_chars = sum(len(_CHAR.findall(t)) for t in texts)
    narrative_clauses = sum(1 for t in texts for c in _CLAUSE_SPLIT.split(t) if _CHAR.search(c))
    row: dict[str, Any] = {"narrative_sentences": len(texts), "narrative_chars": narrative_chars,
                           "narrative_clauses": narrative_clauses}
    if pos:
        narrative_words = n_adv = n_conj = 0
        for t in texts:
            for _, tag in pos_tag(t, engine=engine):
                narrative_words += 1
                n_adv += tag.startswith(_ADVERB)
                n_conj += tag.startswith(_CONJUNCTION)
        row.update(narrative_words=narrative_words, _adv=n_adv, _conj=n_conj)
    return row


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    den = den.astype("Float64")
    return (num.astype("Float64") / den.mask(den == 0)).astype("Float64")


def readability(sentences: pd.DataFrame, *, by: str | Sequence[str] = "report", pos: bool = True,
                headings: bool = False, engine: str = "jieba") -> pd.DataFrame:
    """Readability measures per report (or per any grouping of sentences).

    Parameters
    ----------
    sentences : DataFrame
        ``Corpus.sentences()``: needs ``text`` and the ``by`` columns.
    by : str or list of str, default "report"
        E.g. ``["report", "section"]`` for one row per section of each report.
    pos : bool, default True
        Also tag parts of speech for ``narrative_words`` and the adverb and
        conjunction shares.  This is the slow part: measured on this
        project's 2-core machine, shared with other jobs, jieba's tagger read
        0.01-0.03 million characters a second and rjieba's 0.14-0.47
        (``benchmarks/bench_tools.py``); without tags the rest ran at about
        1 million characters a second.
    engine : {"jieba", "rjieba"}, default "jieba"
        The tagger (see :func:`pos_tag`).
    headings : bool, default False
        Include heading lines (``is_heading``).

    Returns
    -------
    DataFrame
        Indexed by ``by``; the columns of :func:`readability_codebook`
        (``Int64`` counts, ``Float64`` ratios; a ratio with a zero
        denominator is NA).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"report": ["a", "a"], "sentence_id": [0, 1],
    ...                   "text": ["但是仍存在不足。", "因此将进一步加强。"]})
    >>> readability(s)[["narrative_words", "adverb_share", "conjunction_share"]].round(3).values.tolist()
    [[8, 0.25, 0.25]]
    """
    if engine not in _ENGINES:
        raise ValueError(f"engine={engine!r} is not one of {_ENGINES}")
    keys = [by] if isinstance(by, str) else list(by)
    missing = {"text", *keys} - set(sentences.columns)
    if missing:
        raise ValueError(f"sentences frame lacks columns {sorted(missing)}; pass Corpus.sentences()")
    frame = sentences
    if not headings and "is_heading" in frame.columns:
        frame = frame[~frame["is_heading"].fillna(False).astype(bool)]
    if "sentence_id" in frame.columns:
        frame = frame.sort_values([*keys, "sentence_id"], kind="stable")
    rows = []
    for key, group in frame.groupby(keys, sort=True):
        row = dict(zip(keys, key if isinstance(key, tuple) else (key,)))
        row.update(_row(group["text"].fillna("").astype(str).tolist(), pos, engine))
        rows.append(row)
    counts = ["narrative_sentences", "narrative_chars", "narrative_clauses"]
    counts += ["narrative_words", "_adv", "_conj"] if pos else []
    out = pd.DataFrame(rows, columns=[*keys, *counts]).set_index(keys)
    out = out.astype({c: "Int64" for c in counts})
    out["chars_per_sentence"] = _ratio(out["narrative_chars"], out["narrative_sentences"])
    out["chars_per_clause"] = _ratio(out["narrative_chars"], out["narrative_clauses"])
    if pos:
        out["adverb_share"] = _ratio(out["_adv"], out["narrative_words"])
        out["conjunction_share"] = _ratio(out["_conj"], out["narrative_words"])
        out["adv_conj_share"] = _ratio(out["_adv"] + out["_conj"], out["narrative_words"])
        out = out.drop(columns=["_adv", "_conj"])
    order = [n for n, _, _ in _CODEBOOK if n in out.columns]
    return out[order]
