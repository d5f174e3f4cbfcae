"""Copying and change between years: is this year's report last year's, again?

Assessors of annual reports (the 中国社会科学院法学研究所 transparency index
teams, and 北京大学 researchers) have reported reports copied from the year
before, with the same sentences and, at worst, the same numbers.  This
module measures that, per body, from the plain frames of a corpus:

:func:`year_pairs`
    each report and the same body's previous report (the latest earlier year);
:func:`change_between_years`
    for each pair: text similarity (Jaccard of character 5-gram sets, and the
    share of this year's 5-grams already in last year's), the share of
    sentences repeated verbatim (and repeated once digits are masked: wording
    kept, numbers updated), and whether the tables are unchanged (every value
    that both years report is equal);
:func:`near_duplicates`
    near-identical reports anywhere in the corpus (any bodies, any years), found
    with MinHash and locality-sensitive hashing (``datasketch``) so that a
    national corpus is not compared pair by pair, each candidate then verified
    with its exact Jaccard similarity.

The body key
------------
Reports are matched across years on the first of these columns of the reports
frame that exists: ``body_id`` (a stable identifier of the issuing body),
``body`` (``Corpus.reports()``: the body as the folder's ``manifest.csv`` names
it, else the title's agency), ``agency`` (the agency as the title names it).
Rows whose key is missing are not paired.  Only rows with ``status == "ok"`` and,
where the column exists, ``doc_type == "annual_report"`` take part.

Examples
--------
>>> import pandas as pd
>>> reports = pd.DataFrame({"file": ["a18", "a19"], "body": ["某局", "某局"], "year": [2018, 2019]})
>>> s = pd.DataFrame({"report": ["a18", "a19", "a19"], "sentence_id": [0, 0, 1],
...                   "text": ["全年受理申请3件。", "全年受理申请5件。", "新增一项工作。"]})
>>> change_between_years(s, reports)[["report", "previous_report", "sentences_repeated_share",
...                                   "sentences_repeated_share_masked"]].values.tolist()
[['a19', 'a18', 0.0, 0.5]]
"""
from __future__ import annotations

import re
import unicodedata
import warnings
from typing import Iterable

import numpy as np
import pandas as pd

from .errors import OGIWarning

__all__ = ["body_key", "year_pairs", "change_between_years", "near_duplicates", "shingles",
           "change_codebook", "BODY_KEYS"]

#: Columns tried, in order, as the key of a body across years.
BODY_KEYS: tuple[str, ...] = ("body_id", "body", "agency")

_NOT_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")

_CODEBOOK = (
    ("body", "the body key (first of body_id, body, agency in the reports frame)", "", ""),
    ("previous_report", "the same body's report of the latest earlier year", "", ""),
    ("years_apart", "year - previous_year", "years", ""),
    ("text_jaccard", "|S_t ∩ S_t-1| / |S_t ∪ S_t-1|, S = set of character 5-grams of the "
     "non-heading sentences (NFKC, letters/digits/hanzi only)", "share", "Broder (1997) resemblance"),
    ("text_containment", "|S_t ∩ S_t-1| / |S_t|: share of this year's 5-grams found last year",
     "share", "Broder (1997) containment"),
    ("sentences_repeated_share", "non-heading sentences of year t whose normalised text "
     "(NFKC, letters/digits/hanzi only) is a sentence of year t-1 / non-heading sentences of year t",
     "share", ""),
    ("sentences_repeated_share_masked", "as sentences_repeated_share with every number replaced "
     "by 0 first: the wording repeated, the numbers perhaps updated", "share", ""),
    ("table_values_compared", "table values reported (non-missing) in both years, matched on "
     "variable (legacy rows without a canonical name: on row and column label)", "values", ""),
    ("table_values_equal", "of those, values equal in both years", "values", ""),
    ("tables_unchanged", "table_values_compared > 0 and table_values_equal == table_values_compared; "
     "NA when nothing can be compared", "flag", "CASS/PKU finding: numbers unchanged across years"),
    ("tables_unchanged_nonzero", "tables_unchanged and at least one equal value is not 0 (an "
     "all-zero table repeated is not evidence of copying)", "flag", ""),
)


def change_codebook() -> pd.DataFrame:
    """Name, formula, unit and source of every column of :func:`change_between_years`.

    Examples
    --------
    >>> "tables_unchanged" in set(change_codebook()["name"])
    True
    """
    return pd.DataFrame([{"name": n, "formula": f, "unit": u, "source": s} for n, f, u, s in _CODEBOOK])


def body_key(reports: pd.DataFrame) -> pd.Series:
    """The body of each report: ``body_id``, else ``body``, else ``agency`` (row by row).

    Examples
    --------
    >>> import pandas as pd
    >>> body_key(pd.DataFrame({"body": ["甲", None], "agency": ["甲局", "乙局"]})).tolist()
    ['甲', '乙局']
    """
    present = [c for c in BODY_KEYS if c in reports.columns]
    if not present:
        raise ValueError(f"reports frame has none of the body columns {BODY_KEYS}")
    key = pd.Series(pd.NA, index=reports.index, dtype="object")
    for c in present:
        values = reports[c].astype("object").where(reports[c].notna(), None)
        values = values.where(values.astype(str).str.strip().ne(""), None)
        key = key.where(key.notna(), values)
    return key.rename("body")


def _eligible(reports: pd.DataFrame) -> pd.DataFrame:
    for c in ("file", "year"):
        if c not in reports.columns:
            raise ValueError(f"reports frame lacks column {c!r}; pass Corpus.reports()")
    frame = reports.copy()
    if "status" in frame.columns:
        frame = frame[frame["status"].eq("ok")]
    if "doc_type" in frame.columns:
        frame = frame[frame["doc_type"].eq("annual_report")]
    frame["body"] = body_key(frame)
    frame = frame[frame["body"].notna() & frame["year"].notna()]
    return frame


def year_pairs(reports: pd.DataFrame) -> pd.DataFrame:
    """Each report with the same body's previous report (latest earlier year).

    Parameters
    ----------
    reports : DataFrame
        ``Corpus.reports()``: ``file``, ``year`` and a body column (see the
        module notes).

    Returns
    -------
    DataFrame
        ``report``, ``body``, ``year``, ``previous_report``, ``previous_year``,
        ``years_apart`` for every report that has an earlier one.  Two reports
        of one body in one year are both kept (sorted by file) and a warning
        names them; each is compared with the earlier year's first file.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"file": ["x", "y", "z"], "agency": ["局", "局", "局"], "year": [2010, 2008, 2011]})
    >>> year_pairs(r)[["report", "previous_report", "years_apart"]].values.tolist()
    [['x', 'y', 2], ['z', 'x', 1]]
    """
    frame = _eligible(reports).sort_values(["body", "year", "file"], kind="stable")
    dup = frame.duplicated(["body", "year"], keep=False)
    if dup.any():
        names = frame.loc[dup, "file"].tolist()
        warnings.warn(f"{len(names)} reports share a body and year (e.g. {names[:2]}); "
                      "each is compared with the earlier year's first file", OGIWarning, stacklevel=2)
    rows = []
    for body, group in frame.groupby("body", sort=True):
        years = sorted(group["year"].astype(int).unique())
        first = {y: group.loc[group["year"].astype(int).eq(y), "file"].iloc[0] for y in years}
        for prev, year in zip(years, years[1:]):
            for file in group.loc[group["year"].astype(int).eq(year), "file"]:
                rows.append((file, body, year, first[prev], prev, year - prev))
    out = pd.DataFrame(rows, columns=["report", "body", "year", "previous_report", "previous_year", "years_apart"])
    return out.astype({"year": "Int64", "previous_year": "Int64", "years_apart": "Int64"})


def _normalise(text: str) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


def shingles(text: str, k: int = 5) -> set[str]:
    """The set of character ``k``-grams of ``text`` after normalisation.

    NFKC (full-width digits become ASCII), then only letters, digits and hanzi
    are kept.  A text shorter than ``k`` gives itself as its only shingle.

    Examples
    --------
    >>> sorted(shingles("政务 公开。", k=3))
    ['务公开', '政务公']
    """
    t = _normalise(text)
    if not t:
        return set()
    if len(t) < k:
        return {t}
    return {t[i:i + k] for i in range(len(t) - k + 1)}


def _texts(sentences: pd.DataFrame, headings: bool) -> pd.Series:
    for c in ("report", "text"):
        if c not in sentences.columns:
            raise ValueError(f"sentences frame lacks column {c!r}; pass Corpus.sentences()")
    frame = sentences
    if not headings and "is_heading" in frame.columns:
        frame = frame[~frame["is_heading"].fillna(False).astype(bool)]
    if "sentence_id" in frame.columns:
        frame = frame.sort_values(["report", "sentence_id"], kind="stable")
    return frame.groupby("report", sort=True)["text"].agg(lambda t: list(t.fillna("").astype(str)))


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def _table_keys(tables: pd.DataFrame) -> pd.DataFrame:
    t = tables[tables["value"].notna()].copy()
    generic = t["variable"].astype(str).str.startswith("legacy.row.")
    t["key"] = t["variable"].astype(str).where(
        ~generic, "legacy|" + t["row_label"].astype(str) + "|" + t["column_label"].astype(str))
    return t.drop_duplicates(["report", "key"])[["report", "key", "value"]]


def change_between_years(sentences: pd.DataFrame, reports: pd.DataFrame, tables: pd.DataFrame | None = None,
                         *, k: int = 5, headings: bool = False) -> pd.DataFrame:
    """How much of each report repeats the same body's previous report.

    Parameters
    ----------
    sentences : DataFrame
        ``Corpus.sentences()``.
    reports : DataFrame
        ``Corpus.reports()`` (see the module notes for the body key).
    tables : DataFrame, optional
        ``Corpus.tables()``; without it the table columns are NA.
    k : int, default 5
        Shingle length in characters.
    headings : bool, default False
        Count heading lines too (they repeat the template in every report, so
        they are left out).

    Returns
    -------
    DataFrame
        The columns of :func:`year_pairs` and of :func:`change_codebook`,
        one row per report with an earlier report of its body.  A ratio whose
        denominator is 0 is NA (a report with no sentences has no share).

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"file": ["p", "q"], "body": ["局", "局"], "year": [2020, 2021]})
    >>> s = pd.DataFrame({"report": ["p", "q"], "sentence_id": [0, 0], "text": ["本机关未收到申请。"] * 2})
    >>> t = pd.DataFrame({"report": ["p", "q"], "variable": ["requests.new.total"] * 2,
    ...                   "row_label": ["一"] * 2, "column_label": ["总计"] * 2, "value": [0.0, 0.0]})
    >>> change_between_years(s, r, t)[["text_jaccard", "tables_unchanged", "tables_unchanged_nonzero"]].values.tolist()
    [[1.0, True, False]]
    """
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k={k!r} must be a positive int")
    pairs = year_pairs(reports)
    texts = _texts(sentences, headings)
    empty: list[str] = []
    rows = []
    keyed = _table_keys(tables) if tables is not None and len(tables) else None
    values = {r: g.set_index("key")["value"] for r, g in keyed.groupby("report")} if keyed is not None else {}
    for pair in pairs.itertuples(index=False):
        now, before = texts.get(pair.report, empty), texts.get(pair.previous_report, empty)
        s_now = set().union(*(shingles(t, k) for t in now)) if now else set()
        s_before = set().union(*(shingles(t, k) for t in before)) if before else set()
        inter = len(s_now & s_before)
        norm_before = {_normalise(t) for t in before} - {""}
        masked_before = {_DIGITS.sub("0", t) for t in norm_before}
        norm_now = [x for x in (_normalise(t) for t in now) if x]
        row = {
            "text_jaccard": _ratio(inter, len(s_now | s_before)),
            "text_containment": _ratio(inter, len(s_now)),
            "sentences_repeated_share": _ratio(sum(x in norm_before for x in norm_now), len(norm_now)),
            "sentences_repeated_share_masked": _ratio(
                sum(_DIGITS.sub("0", x) in masked_before for x in norm_now), len(norm_now)),
        }
        if tables is None:
            row.update(table_values_compared=None, table_values_equal=None, tables_unchanged=None,
                       tables_unchanged_nonzero=None)
        else:
            a = values.get(pair.report, pd.Series(dtype="Float64"))
            b = values.get(pair.previous_report, pd.Series(dtype="Float64"))
            common = a.index.intersection(b.index)
            equal = (a[common].astype(float).to_numpy() == b[common].astype(float).to_numpy())
            n, n_eq = len(common), int(equal.sum())
            unchanged = None if n == 0 else bool(n_eq == n)
            nonzero = bool((a[common].astype(float).to_numpy()[equal] != 0).any()) if n else False
            row.update(table_values_compared=n, table_values_equal=n_eq, tables_unchanged=unchanged,
                       tables_unchanged_nonzero=None if unchanged is None else bool(unchanged and nonzero))
        rows.append(row)
    measures = pd.DataFrame(rows, index=pairs.index, columns=[n for n, *_ in _CODEBOOK[3:]])
    out = pd.concat([pairs, measures], axis=1)
    for c in ("text_jaccard", "text_containment", "sentences_repeated_share", "sentences_repeated_share_masked"):
        out[c] = out[c].astype("Float64")
    for c in ("table_values_compared", "table_values_equal"):
        out[c] = out[c].astype("Int64")
    for c in ("tables_unchanged", "tables_unchanged_nonzero"):
        out[c] = out[c].astype("boolean")
    return out.reset_index(drop=True)


def near_duplicates(sentences: pd.DataFrame, *, threshold: float = 0.8, k: int = 5, num_perm: int = 128,
                    seed: int = 1, headings: bool = False, weights: tuple[float, float] = (0.2, 0.8),
                    reports: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pairs of near-identical reports anywhere in the corpus, found with MinHash LSH.

    Each report's set of character ``k``-grams is summarised by a MinHash of
    ``num_perm`` permutations; ``datasketch.MinHashLSH`` returns the pairs
    likely to have Jaccard similarity at or above ``threshold`` without
    comparing all pairs.  Each candidate is then verified with its exact
    Jaccard similarity and kept only if that is at or above ``threshold`` (so
    the result has no false positives; LSH may miss a pair near the threshold).

    Parameters
    ----------
    sentences : DataFrame
        ``Corpus.sentences()``.
    threshold : float, default 0.8
        Jaccard similarity (0-1) from which two reports count as near-duplicates.
    k : int, default 5
        Shingle length in characters.
    num_perm : int, default 128
        MinHash permutations (more: more accurate, slower).
    seed : int, default 1
        MinHash seed: same seed, same result.
    headings : bool, default False
        Include heading lines.
    weights : (float, float), default (0.2, 0.8)
        ``datasketch`` weights of false positives and false negatives when it
        chooses its bands: missed pairs weigh more, since false candidates are
        dropped by the exact check anyway.  On 2,100 synthetic reports
        (``benchmarks/bench_tools.py``) with 200 planted copies and near
        copies, (0.2, 0.8) found all of them and (0.5, 0.5) 98.5%.
    reports : DataFrame, optional
        ``Corpus.reports()``: adds each side's body and year and ``same_body``.

    Returns
    -------
    DataFrame
        ``report_a``, ``report_b`` (``report_a < report_b``), ``jaccard``
        (exact), ``minhash_jaccard`` (the estimate), sorted by ``jaccard``
        descending; with ``reports``, also ``body_a``, ``year_a``, ``body_b``,
        ``year_b``, ``same_body``.

    Examples
    --------
    >>> import pandas as pd
    >>> text = "本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。"
    >>> s = pd.DataFrame({"report": ["a", "b", "c"], "sentence_id": [0, 0, 0],
    ...                   "text": [text, text + "全年无申请。", "洪泽区人民政府召开新闻发布会。"]})
    >>> near_duplicates(s, threshold=0.7)[["report_a", "report_b"]].values.tolist()
    [['a', 'b']]
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold={threshold!r} must be in (0, 1]")
    from datasketch import MinHash, MinHashLSH

    texts = _texts(sentences, headings)
    sets = {r: set().union(*(shingles(t, k) for t in ts)) if ts else set() for r, ts in texts.items()}
    sets = {r: s for r, s in sets.items() if s}
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=weights)
    hashes = {}
    for report, s in sets.items():
        m = MinHash(num_perm=num_perm, seed=seed)
        m.update_batch([x.encode("utf-8") for x in sorted(s)])
        hashes[report] = m
        lsh.insert(report, m)
    rows = []
    for report, m in hashes.items():
        for other in lsh.query(m):
            if other <= report:
                continue
            a, b = sets[report], sets[other]
            exact = len(a & b) / len(a | b)
            if exact >= threshold:
                rows.append((report, other, exact, float(m.jaccard(hashes[other]))))
    out = pd.DataFrame(rows, columns=["report_a", "report_b", "jaccard", "minhash_jaccard"])
    out = out.sort_values(["jaccard", "report_a", "report_b"], ascending=[False, True, True]).reset_index(drop=True)
    if reports is not None:
        meta = reports.assign(body=body_key(reports)).set_index("file")[["body", "year"]]
        for side in ("a", "b"):
            out = out.join(meta.add_suffix(f"_{side}"), on=f"report_{side}")
        out["same_body"] = (out["body_a"] == out["body_b"]).astype("boolean")
    return out
