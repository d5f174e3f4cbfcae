"""Series that mean the same across the three generations of the statistical tables.

The legacy 统计表 (reports on 2008-2018), the 2019 format and the 2021 format
count requests and their outcomes under different rows.  :data:`SERIES` maps
each harmonised series to the variables that make it up in each generation —
this table is **the** place the mapping is documented — and
:func:`harmonised_series` computes the series from the tidy tables frame
(``Corpus.tables()``), one row per report.

Each series is named ``harmonised_<what>`` (so it never collides with the
panel's own columns); t2019/t2021 terms, then legacy terms:

* ``harmonised_requests_received``: ``requests.new.total`` (本年新收);
  ``legacy.requests.total`` (收到申请数)
* ``harmonised_requests_answered``: ``requests.result.total.total`` (办理结果总计);
  ``legacy.replies.total`` (申请答复数)
* ``harmonised_disclosed_full``: ``requests.result.disclosed.total`` (予以公开);
  ``legacy.replies.already_public + legacy.replies.granted``
* ``harmonised_disclosed_partial``: ``requests.result.partial.total`` (部分公开);
  ``legacy.replies.partly_granted``
* ``harmonised_refused``: the sum of the eight ``requests.result.withheld.*.total``
  (不予公开); ``legacy.replies.refused`` (不同意公开)
* ``harmonised_review_cases``: ``review.review.total`` (行政复议); ``legacy.review.total``
* ``harmonised_litigation_cases``: ``review.litigation_direct.total +
  review.litigation_after_review.total``; ``legacy.litigation.total``

Comparability notes (also in :func:`series_mapping`): the 2019 条例 counts a
request whose information is already public as 予以公开, so the legacy
已主动公开 reply is added to ``harmonised_disclosed_full`` (as :data:`ogi_nlp.join.DERIVED`
does for the legacy disclosure rate); legacy "requests received" may count
requests carried in from the year before, which the 2019/2021 formats count
apart (上年结转); legacy tables differ from body to body, so a series is missing
wherever its rows were not printed.

A series is NA when any of its terms is missing (a missing cell is never read as
0), and a report gets the terms of its own generation only.

Examples
--------
>>> import pandas as pd
>>> tables = pd.DataFrame({"report": ["a", "a"], "generation": ["legacy", "legacy"],
...                        "variable": ["legacy.replies.already_public", "legacy.replies.granted"],
...                        "value": [3.0, 5.0]})
>>> int(harmonised_series(tables).loc["a", "harmonised_disclosed_full"])
8
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["Series", "SERIES", "harmonised_series", "series_mapping"]

_WITHHELD = tuple(f"requests.result.withheld.{k}.total" for k in (
    "state_secret", "law_prohibited", "security_stability", "third_party", "internal_affairs",
    "process_info", "enforcement_file", "admin_inquiry"))


@dataclass(frozen=True)
class Series:
    """One harmonised series: its terms in the 2019/2021 formats and in legacy tables."""

    name: str
    meaning: str
    current: tuple[str, ...]
    legacy: tuple[str, ...]
    note: str = ""


#: Every harmonised series, in column order.
SERIES: tuple[Series, ...] = (
    Series("harmonised_requests_received", "requests received in the year", ("requests.new.total",),
           ("legacy.requests.total",),
           "legacy tables may include requests carried in; t2019/t2021 count those apart (carried_in)"),
    Series("harmonised_requests_answered", "requests answered (all outcomes)",
           ("requests.result.total.total",),
           ("legacy.replies.total",)),
    Series("harmonised_disclosed_full", "answered with full disclosure", ("requests.result.disclosed.total",),
           ("legacy.replies.already_public", "legacy.replies.granted"),
           "legacy 已主动公开 counted as disclosure, as t2019/t2021 予以公开 does"),
    Series("harmonised_disclosed_partial", "answered with partial disclosure",
           ("requests.result.partial.total",),
           ("legacy.replies.partly_granted",)),
    Series("harmonised_refused", "refused (不予公开), all reasons", _WITHHELD, ("legacy.replies.refused",),
           "t2019/t2021: sum of the eight reasons; legacy: 不同意公开 as printed"),
    Series("harmonised_review_cases", "administrative reconsiderations about disclosure",
           ("review.review.total",),
           ("legacy.review.total",)),
    Series("harmonised_litigation_cases", "lawsuits about disclosure",
           ("review.litigation_direct.total", "review.litigation_after_review.total"),
           ("legacy.litigation.total",), "t2019/t2021: direct and after reconsideration"),
)


def series_mapping() -> pd.DataFrame:
    """The mapping, one row per series and generation: ``series``, ``generation``, ``formula``, ``note``.

    Examples
    --------
    >>> m = series_mapping().set_index(["series", "generation"])
    >>> m.loc[("harmonised_review_cases", "legacy"), "formula"]
    'legacy.review.total'
    """
    rows = []
    for s in SERIES:
        for gens, terms in ((("t2019", "t2021"), s.current), (("legacy",), s.legacy)):
            for g in gens:
                rows.append({"series": s.name, "generation": g, "meaning": s.meaning,
                             "formula": " + ".join(terms), "note": s.note})
    return pd.DataFrame(rows)


def harmonised_series(tables: pd.DataFrame) -> pd.DataFrame:
    """The :data:`SERIES` for every report of a tidy tables frame.

    Parameters
    ----------
    tables : DataFrame
        ``Corpus.tables()``: ``report``, ``variable``, ``value`` and
        ``generation``.

    Returns
    -------
    DataFrame
        Indexed by ``report`` (sorted): ``series_generation`` (the generation
        whose terms were used) and one ``Float64`` column per series; NA when
        a term is missing or the generation is unknown.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"report": ["r", "r"], "generation": ["t2021", "t2021"],
    ...                   "variable": ["review.litigation_direct.total", "review.litigation_after_review.total"],
    ...                   "value": [1.0, None]})
    >>> harmonised_series(t).loc["r", "harmonised_litigation_cases"] is pd.NA
    True
    """
    missing = {"report", "variable", "value", "generation"} - set(tables.columns)
    if missing:
        raise ValueError(f"tables frame lacks columns {sorted(missing)}; pass Corpus.tables()")
    gen = tables.groupby("report")["generation"].agg(
        lambda g: g.dropna().mode().iloc[0] if g.notna().any() else None)
    values = (tables.dropna(subset=["variable"]).drop_duplicates(["report", "variable"])
              .pivot(index="report", columns="variable", values="value"))
    out = pd.DataFrame(index=gen.index.rename("report")).sort_index()
    out["series_generation"] = gen.reindex(out.index)
    for s in SERIES:
        col = pd.Series(pd.NA, index=out.index, dtype="Float64")
        for generation, terms in (("current", s.current), ("legacy", s.legacy)):
            rows = out.index[out["series_generation"].isin(("t2019", "t2021") if generation == "current"
                                                           else ("legacy",))]
            if not len(rows):
                continue
            if all(t in values.columns for t in terms):
                parts = values.loc[rows, list(terms)].astype("Float64")
                col.loc[rows] = parts.sum(axis=1, skipna=False)
        out[s.name] = col
    return out
