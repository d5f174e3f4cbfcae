"""Dictionary coding: a researcher's categories of terms, counted per sentence and report.

A dictionary maps categories to terms, as in quanteda's ``dictionary()`` or
LIWC: ``{"渠道": ["门户网站", "政务新媒体", "政务微博"], "问题": ["存在不足", "有待加强"]}``.
:func:`load_dictionary` reads one from YAML (a mapping of category to a list of
terms; nested mappings become ``parent.child`` categories, the shape of
quanteda's YAML dictionaries) or from CSV (columns ``category`` and ``term``).

Matching is on the characters of each sentence, not on jieba's words, so a
term is found whatever the segmenter makes of it.  All terms are matched at
once with an Aho-Corasick automaton (``pyahocorasick``), in one pass over each
sentence, and the **leftmost-longest non-overlapping** matches are kept (at each
place the longest term starting there, then on past it; tested against a plain
reference implementation with hypothesis): with
``公开`` and ``依申请公开`` both in the dictionary, ``依申请公开`` counts once, for
its own categories only.  A term listed under several categories counts for
each of them.  The corpus reads traditional-script reports in simplified
script, so a term written in traditional script is also matched in its
simplified form (政府資訊 also finds 政府资讯).  Quanteda's glob ``*`` at the start or end of a term is dropped
with a warning: substring matching already finds 公开 inside 公开栏.

Examples
--------
>>> import pandas as pd
>>> d = Dictionary({"channels": ["门户网站", "政务新媒体"], "problems": ["不足"]})
>>> s = pd.DataFrame({"report": ["r", "r"], "sentence_id": [0, 1],
...                   "text": ["通过门户网站和政务新媒体发布。", "仍存在一些不足。"]})
>>> code_reports(s, d)[["dict_channels", "dict_problems"]].values.tolist()
[[2, 1]]
"""
from __future__ import annotations

import csv
import io
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from ..errors import CodebookError, OGIWarning
from ..zh.script import to_simplified

__all__ = ["Dictionary", "load_dictionary", "dictionary_matches", "code_sentences", "code_reports"]

PREFIX = "dict_"


def _flatten(mapping: Mapping[str, Any], source: str, parent: str = "") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in mapping.items():
        name = f"{parent}.{key}" if parent else str(key)
        if isinstance(value, Mapping):
            out.update(_flatten(value, source, name))
        elif isinstance(value, str):
            out[name] = [value]
        elif isinstance(value, (list, tuple)) and all(isinstance(v, (str, int)) for v in value):
            out[name] = [str(v) for v in value]
        else:
            raise CodebookError(f"{source}: category {name!r} must hold a list of terms, "
                                f"found {type(value).__name__}")
    return out


def _clean_terms(categories: Mapping[str, list[str]], source: str) -> dict[str, tuple[str, ...]]:
    cleaned: dict[str, tuple[str, ...]] = {}
    globbed: list[str] = []
    for category, terms in categories.items():
        keep: list[str] = []
        for raw in terms:
            term = str(raw).strip()
            if term.startswith("*") or term.endswith("*"):
                globbed.append(term)
                term = term.strip("*").strip()
            if "*" in term or "?" in term:
                raise CodebookError(f"{source}: term {raw!r} in {category!r} has a wildcard inside; "
                                    "terms are matched as plain substrings")
            # Sentences from traditional-script sources are read in simplified script:
            # a traditional term also matches in its simplified form.
            for form in dict.fromkeys((term, to_simplified(term))):
                if form and form not in keep:
                    keep.append(form)
        if not keep:
            raise CodebookError(f"{source}: category {category!r} has no terms")
        cleaned[category] = tuple(keep)
    if not cleaned:
        raise CodebookError(f"{source}: the dictionary has no categories")
    if globbed:
        warnings.warn(f"{source}: '*' dropped from {len(globbed)} term(s) such as {globbed[0]!r}: "
                      "terms match anywhere in a sentence", OGIWarning, stacklevel=3)
    return cleaned


@dataclass
class Dictionary:
    """Categories of terms, compiled once into an Aho-Corasick automaton.

    Parameters
    ----------
    categories : mapping of str to list of str
        Category name → terms.  Nested mappings are flattened to
        ``parent.child``.
    name : str, optional
        Where it came from (file name), for messages and codebooks.

    Examples
    --------
    >>> d = Dictionary({"复议诉讼": ["行政复议", "行政诉讼"]})
    >>> d.count("未发生行政复议和行政诉讼案件。")
    {'复议诉讼': 2}
    """

    categories: dict[str, tuple[str, ...]]
    name: str = "dictionary"
    _automaton: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.categories, Mapping):
            raise CodebookError(f"{self.name}: expected a mapping of category to terms, "
                                f"got {type(self.categories).__name__}")
        self.categories = _clean_terms(_flatten(self.categories, self.name), self.name)

    @property
    def terms(self) -> dict[str, tuple[str, ...]]:
        """Term → the categories it belongs to."""
        out: dict[str, list[str]] = {}
        for category, terms in self.categories.items():
            for term in terms:
                out.setdefault(term, []).append(category)
        return {t: tuple(c) for t, c in out.items()}

    def to_frame(self) -> pd.DataFrame:
        """The dictionary as a long frame (``category``, ``term``), for a codebook."""
        return pd.DataFrame([(c, t) for c, ts in self.categories.items() for t in ts],
                            columns=["category", "term"])

    def automaton(self) -> Any:
        """The compiled ``ahocorasick.Automaton`` (built once)."""
        if self._automaton is None:
            import ahocorasick

            auto = ahocorasick.Automaton()
            for term, cats in self.terms.items():
                auto.add_word(term, (term, cats))
            auto.make_automaton()
            self._automaton = auto
        return self._automaton

    def find(self, text: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
        """Longest non-overlapping matches in ``text``: (start, end, term, categories).

        Examples
        --------
        >>> Dictionary({"a": ["公开"], "b": ["依申请公开"]}).find("依申请公开和主动公开")
        [(0, 5, '依申请公开', ('b',)), (8, 10, '公开', ('a',))]
        """
        if not text:
            return []
        # Every occurrence, overlapping ones included, then leftmost-longest selection.
        # (pyahocorasick's own iter_long misses a short match inside a failed longer
        # path, e.g. 申 in 依申 with 依申依 in the dictionary, so it is not used.)
        hits = sorted(((end - len(term) + 1, -len(term), term, cats)
                       for end, (term, cats) in self.automaton().iter(text)))
        out, last = [], 0
        for start, neg_len, term, cats in hits:
            if start >= last:
                out.append((start, start - neg_len, term, cats))
                last = start - neg_len
        return out

    def count(self, text: str) -> dict[str, int]:
        """Matches per category in one text (every category, zeros included)."""
        counts = dict.fromkeys(self.categories, 0)
        for _, _, _, cats in self.find(text):
            for c in cats:
                counts[c] += 1
        return counts


def load_dictionary(source: str | os.PathLike[str] | Mapping[str, Any] | Dictionary) -> Dictionary:
    """Read a dictionary from YAML, CSV or a mapping.

    Parameters
    ----------
    source : path, mapping or Dictionary
        ``.yml``/``.yaml``: a mapping of category → list of terms (nested
        mappings allowed).  ``.csv``/``.tsv``: UTF-8 (BOM allowed) with columns
        ``category`` and ``term``, one term a row.  A mapping is used as is.

    Raises
    ------
    CodebookError
        When the file has the wrong shape (names the file and what was found).

    Examples
    --------
    >>> load_dictionary({"监督": {"考核": ["考核"], "问责": ["责任追究", "问责"]}}).categories
    {'监督.考核': ('考核',), '监督.问责': ('责任追究', '问责')}
    """
    if isinstance(source, Dictionary):
        return source
    if isinstance(source, Mapping):
        return Dictionary(dict(source))
    path = Path(source)
    if not path.is_file():
        raise CodebookError(f"{path}: no such dictionary file")
    text = path.read_text(encoding="utf-8-sig")
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise CodebookError(f"{path}: not valid YAML: {exc}") from None
        if not isinstance(data, Mapping):
            raise CodebookError(f"{path}: expected a mapping of category to terms at the top, "
                                f"found {type(data).__name__}")
        return Dictionary(dict(data), name=path.name)
    if suffix in (".csv", ".tsv"):
        reader = csv.DictReader(io.StringIO(text), delimiter="\t" if suffix == ".tsv" else ",")
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "category" not in fields or "term" not in fields:
            raise CodebookError(f"{path}: needs columns 'category' and 'term', found {reader.fieldnames}")
        categories: dict[str, list[str]] = {}
        for lineno, row in enumerate(reader, 2):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            if not row["category"] or not row["term"]:
                raise CodebookError(f"{path}, line {lineno}: empty category or term")
            categories.setdefault(row["category"], []).append(row["term"])
        return Dictionary(categories, name=path.name)
    raise CodebookError(f"{path}: dictionary files are .yml, .yaml, .csv or .tsv, not {suffix!r}")


def _check(sentences: pd.DataFrame) -> pd.DataFrame:
    missing = {"report", "text"} - set(sentences.columns)
    if missing:
        raise ValueError(f"sentences frame lacks columns {sorted(missing)}; pass Corpus.sentences()")
    return sentences


def _drop_headings(sentences: pd.DataFrame, headings: bool) -> pd.DataFrame:
    if not headings and "is_heading" in sentences.columns:
        return sentences[~sentences["is_heading"].fillna(False).astype(bool)]
    return sentences


def dictionary_matches(sentences: pd.DataFrame, dictionary: Dictionary | Mapping[str, Any] | str | os.PathLike[str],
                       *, headings: bool = False) -> pd.DataFrame:
    """Every match, one row per (match, category): where it is and what it matched.

    Returns
    -------
    DataFrame
        ``report``, ``sentence_id`` (if present), ``category``, ``term``,
        ``start``, ``end`` (offsets in the sentence's ``text``).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"report": ["r"], "sentence_id": [3], "text": ["召开新闻发布会2场。"]})
    >>> dictionary_matches(s, {"解读": ["新闻发布会"]}).values.tolist()
    [['r', 3, '解读', '新闻发布会', 2, 7]]
    """
    d = load_dictionary(dictionary)
    frame = _drop_headings(_check(sentences), headings)
    has_id = "sentence_id" in frame.columns
    rows = []
    ids = frame["sentence_id"].tolist() if has_id else [None] * len(frame)
    for report, sid, text in zip(frame["report"].tolist(), ids, frame["text"].fillna("").astype(str)):
        for start, end, term, cats in d.find(text):
            for c in cats:
                rows.append((report, sid, c, term, start, end))
    out = pd.DataFrame(rows, columns=["report", "sentence_id", "category", "term", "start", "end"])
    if not has_id:
        out = out.drop(columns="sentence_id")
    return out.astype({"start": "int64", "end": "int64"})


def code_sentences(sentences: pd.DataFrame, dictionary: Dictionary | Mapping[str, Any] | str | os.PathLike[str],
                   *, headings: bool = False) -> pd.DataFrame:
    """Matches per category for every sentence.

    Returns
    -------
    DataFrame
        ``report``, ``sentence_id`` (if present) and one ``int64`` column
        ``dict_<category>`` per category (0 = searched, nothing found).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"report": ["r", "r"], "sentence_id": [0, 1],
    ...                   "text": ["开展培训3次。", "组织业务培训和考核。"]})
    >>> code_sentences(s, {"培训": ["培训"], "考核": ["考核"]}).values.tolist()
    [['r', 0, 1, 0], ['r', 1, 1, 1]]
    """
    d = load_dictionary(dictionary)
    frame = _drop_headings(_check(sentences), headings)
    keys = [c for c in ("report", "sentence_id") if c in frame.columns]
    counts = [d.count(t) for t in frame["text"].fillna("").astype(str)]
    coded = pd.DataFrame(counts, columns=list(d.categories), index=frame.index, dtype="int64")
    coded.columns = [PREFIX + c for c in coded.columns]
    return pd.concat([frame[keys], coded], axis=1).reset_index(drop=True)


def code_reports(sentences: pd.DataFrame, dictionary: Dictionary | Mapping[str, Any] | str | os.PathLike[str],
                 *, headings: bool = False) -> pd.DataFrame:
    """Matches per category for every report, as counts and per 10,000 characters.

    The result is indexed by ``report`` like :meth:`Corpus.panel`, so
    ``panel.join(code_reports(sentences, d))`` adds the categories to the panel.

    Parameters
    ----------
    sentences : DataFrame
        ``Corpus.sentences()``.
    dictionary : Dictionary, mapping or path
        See :func:`load_dictionary`.
    headings : bool, default False
        Also search heading lines (template wording, the same in every report).

    Returns
    -------
    DataFrame
        Index ``report``; ``dict_n_chars`` (characters searched), then for each
        category ``dict_<category>`` (matches, int64) and
        ``dict_<category>_per_10k`` (matches per 10,000 characters searched;
        NA when no characters were searched).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"report": ["a", "b"], "sentence_id": [0, 0],
    ...                   "text": ["召开新闻发布会。", "无。"]})
    >>> code_reports(s, {"解读": ["新闻发布会"]})["dict_解读"].to_dict()
    {'a': 1, 'b': 0}
    """
    d = load_dictionary(dictionary)
    frame = _drop_headings(_check(sentences), headings)
    coded = code_sentences(frame, d, headings=True)
    coded["dict_n_chars"] = frame["text"].fillna("").astype(str).str.len().to_numpy()
    cols = [PREFIX + c for c in d.categories]
    out = coded.groupby("report", sort=True)[["dict_n_chars", *cols]].sum().astype("int64")
    chars = out["dict_n_chars"].astype("Float64").mask(out["dict_n_chars"] == 0)
    for c in cols:
        out[f"{c}_per_10k"] = (out[c] / chars * 10_000).astype("Float64")
    ordered = ["dict_n_chars"] + [x for c in cols for x in (c, f"{c}_per_10k")]
    return out[ordered].rename_axis("report")
