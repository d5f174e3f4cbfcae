"""Consistency checks (勾稽关系) of the table values.

A failed check is data: one row per check per report with both sides of the
equation.  A check with a missing or absent term cannot be evaluated and has
``holds`` NA, never False.

Check ids:

- ``requests.identity.<column>``: new + carried_in == result.total + carried_out
- ``requests.result_sum.<column>``: result.total == sum of the result rows
  (（六） counted by its printed subtotal or single row where the report
  prints one, else by its three sub-rows)
- ``requests.other_subtotal.<column>``: a printed 其他处理 subtotal == its sub-rows
- ``requests.applicants.<row>``: the six applicant columns sum to total
- ``review.<block>``: upheld + corrected + other + pending == total
- ``legacy.channels``, ``legacy.replies``, ``legacy.completed``,
  ``legacy.review``, ``legacy.litigation``: parts sum to the printed total
- ``carry_over.total`` (corpus level, :func:`carry_over_checks`)

Examples
--------
>>> import pandas as pd
>>> v = pd.DataFrame({"report": "r", "variable": ["review.review.upheld", "review.review.corrected",
...     "review.review.other", "review.review.pending", "review.review.total"], "value": [1, 1, 0, 0, 3]})
>>> run_checks(v)[["check", "lhs", "rhs", "holds"]].to_dict("records")
[{'check': 'review.review', 'lhs': 3, 'rhs': 2, 'holds': False}]
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping, Sequence

import pandas as pd

from . import t2021
from .parse import typed_frame
from .registry import legacy_checks

__all__ = ["run_checks", "carry_over_checks", "CHECK_COLUMNS"]

CHECK_COLUMNS: tuple[str, ...] = (
    "report", "check", "description", "lhs", "rhs", "lhs_terms", "rhs_terms", "holds", "missing_terms",
)

_COLS = [c.key for c in t2021.REQUEST_COLUMNS]
_RESULT_ROWS = [
    r.key for r in t2021.REQUEST_ROWS
    if r.key.startswith("result.") and r.key not in ("result.total", "result.other")
    and not r.key.startswith("result.other.")
]
_OTHER_SUB = list(t2021.OTHER_SUBROWS)
_OUTCOMES = ("upheld", "corrected", "other", "pending")
_LEGACY = legacy_checks()  # from the template registry (ogi_nlp/resources/templates.json)


def _num(v: Any) -> Any:
    return pd.NA if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


# A check as data: (id, description, lhs terms, rhs terms, "a + b" of each side).
_Spec = tuple[str, str, tuple[str, ...], tuple[str, ...], str, str]


def _spec(cid: str, desc: str, lhs: Sequence[str], rhs: Sequence[str]) -> _Spec:
    return cid, desc, tuple(lhs), tuple(rhs), " + ".join(lhs), " + ".join(rhs)


# The template checks, written out once (not per report).
_IDENTITY = {c: _spec(f"requests.identity.{c}", f"new + carried in == results + carried out ({c})",
                      [f"requests.new.{c}", f"requests.carried_in.{c}"],
                      [f"requests.result.total.{c}", f"requests.carried_out.{c}"]) for c in _COLS}
_RESULT_SUM = {(c, printed): _spec(f"requests.result_sum.{c}", f"result rows sum to result.total ({c})",
                                   [f"requests.result.total.{c}"],
                                   [f"requests.{r}.{c}" for r in (*_RESULT_ROWS, *other)])
               for c in _COLS for printed, other in ((True, ["result.other"]), (False, _OTHER_SUB))}
_OTHER_SUBTOTAL = {c: _spec(f"requests.other_subtotal.{c}", f"其他处理 subtotal equals its sub-rows ({c})",
                            [f"requests.result.other.{c}"], [f"requests.{s}.{c}" for s in _OTHER_SUB]) for c in _COLS}
_APPLICANTS = tuple((f"requests.{rd.key}.total",
                     _spec(f"requests.applicants.{rd.key}", f"applicant columns sum to total ({rd.key})",
                           [f"requests.{rd.key}.total"], [f"requests.{rd.key}.{c}" for c in _COLS[:-1]]))
                    for rd in t2021.REQUEST_ROWS)
_REVIEW = tuple((f"review.{block}.total",
                 _spec(f"review.{block}", f"outcomes sum to total ({block})",
                       [f"review.{block}.total"], [f"review.{block}.{o}" for o in _OUTCOMES]))
                for block in (var.split(".")[1] for var, _ in t2021.REVIEW_COLUMNS[::5]))
_OTHER_PRINTED = tuple(f"requests.result.other.{c}" for c in _COLS)
_OTHER_SUB_TOTALS = tuple(f"requests.{s}.total" for s in _OTHER_SUB)


def _check(spec: _Spec, vals: Mapping[str, Any]) -> tuple[Any, ...]:
    """One check's row (without ``report``); ``vals`` as from :func:`_as_values` (missing is NA)."""
    cid, desc, lhs, rhs, lhs_terms, rhs_terms = spec
    na = pd.NA
    missing = [t for t in lhs if vals.get(t, na) is na] + [t for t in rhs if vals.get(t, na) is na]
    if missing:
        l = r = holds = na
    else:
        l = sum(vals[t] for t in lhs)
        r = sum(vals[t] for t in rhs)
        holds = bool(abs(l - r) < 1e-6)
    return cid, desc, l, r, lhs_terms, rhs_terms, holds, " ".join(missing) or None


def _report_checks(vals: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    na = pd.NA
    rows = []
    if "requests.new.total" in vals:
        other_printed = any(vals.get(v, na) is not na for v in _OTHER_PRINTED)
        has_sub = any(v in vals for v in _OTHER_SUB_TOTALS)
        printed = other_printed or not has_sub
        for c in _COLS:
            rows.append(_check(_IDENTITY[c], vals))
            rows.append(_check(_RESULT_SUM[c, printed], vals))
            if other_printed and has_sub:
                rows.append(_check(_OTHER_SUBTOTAL[c], vals))
        for total, spec in _APPLICANTS:
            if total in vals:
                rows.append(_check(spec, vals))
    for total, spec in _REVIEW:
        if total in vals:
            rows.append(_check(spec, vals))
    for cid, desc, total, parts in _LEGACY:
        printed_parts = [p for p in parts if p in vals]
        if total in vals and printed_parts:
            rows.append(_check(_spec(cid, desc, [total], printed_parts), vals))
    return rows


def _as_values(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    report = frame["report"].tolist() if "report" in frame else [""] * len(frame)
    for rep, var, val in zip(report, frame["variable"].tolist(), frame["value"].tolist()):
        out.setdefault(rep, {})[var] = _num(val)
    return out


# the checks frame's columns given a dtype; the others are as pandas infers them from the values
CHECK_DTYPES = {"holds": "boolean"}


def _check_columns(rows: list[tuple[Any, ...]], reports: list[Any] | None) -> dict[str, list[Any]]:
    """The checks frame's columns as lists (``report`` first when ``reports`` is given)."""
    data: dict[str, list[Any]] = {"report": list(reports)} if reports is not None else {}
    for name, values in zip(CHECK_COLUMNS[1:], zip(*rows) if rows else [()] * (len(CHECK_COLUMNS) - 1)):
        data[name] = list(values)
    return data


def _checks_frame(rows: list[tuple[Any, ...]], reports: list[Any] | None) -> pd.DataFrame:
    """The checks frame, built once from columns (``report`` first when ``reports`` is given)."""
    if not rows:
        return _no_checks(reports is not None).copy()
    return typed_frame(_check_columns(rows, reports), CHECK_DTYPES)


def run_checks(values: pd.DataFrame) -> pd.DataFrame:
    """Evaluate every consistency check of every report in a tidy frame.

    Parameters
    ----------
    values : pandas.DataFrame
        Tidy values (``report``, ``variable``, ``value``) as from
        :func:`ogi_nlp.tables.parse_tables`; several reports may be stacked.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CHECK_COLUMNS`; ``holds`` is a nullable boolean
        (NA when a term is missing or absent).

    Raises
    ------
    ValueError
        If ``values`` lacks the ``variable`` or ``value`` column.
    """
    missing = {"variable", "value"} - set(values.columns)
    if missing:
        raise ValueError(
            f"run_checks needs a tidy frame with columns 'variable' and 'value' (as from parse_tables); "
            f"missing: {sorted(missing)}"
        )
    rows: list[tuple[Any, ...]] = []
    reports: list[Any] = []
    for report, vals in _as_values(values).items():
        found = _report_checks(vals)
        rows.extend(found)
        reports.extend([report] * len(found))
    # one report without a ``report`` column: the caller knows which
    return _checks_frame(rows, reports if "report" in values.columns else None)


def report_check_columns(values: pd.DataFrame | Mapping[str, list[Any]], report: str) -> dict[str, list[Any]]:
    """The columns of ``report_checks_frame(values, report)`` as lists (``values``: the frame
    or its columns as lists)."""
    if isinstance(values, Mapping):
        vals = {var: _num(val) for var, val in zip(values["variable"], values["value"])}
    else:
        vals = _as_values(values).get("", {}) if len(values) else {}
    rows = _report_checks(vals)
    return _check_columns(rows, [report] * len(rows))


def report_checks_frame(values: pd.DataFrame | None, report: str | None = None, *,
                        columns: dict[str, list[Any]] | None = None) -> pd.DataFrame:
    """``run_checks(values)`` of one report's values (no ``report`` column), with ``report`` first.

    ``columns``: :func:`report_check_columns` of them, when already made (``values`` is then
    not read, and may be None).
    """
    if columns is None:
        if values is None:
            raise TypeError("report_checks_frame needs the values or their check columns")
        columns = report_check_columns(values, report)  # type: ignore[arg-type]
    if not columns["check"]:  # as inserting the name into the empty frame would give: no row holds it
        return _no_checks_named().copy()
    return typed_frame(columns, CHECK_DTYPES)


@lru_cache(maxsize=1)
def _no_checks_named() -> pd.DataFrame:
    df = _no_checks(False).copy()
    df.insert(0, "report", "")
    return df


@lru_cache(maxsize=2)
def _no_checks(with_report: bool) -> pd.DataFrame:
    """No check: the frame a list of no records gives (object columns), ``holds`` boolean; made once, copied."""
    df = pd.DataFrame([], columns=list(CHECK_COLUMNS) if with_report else list(CHECK_COLUMNS[1:]))
    df["holds"] = df["holds"].astype("boolean")
    return df


def carry_over_checks(
    values: pd.DataFrame | Mapping[str, pd.DataFrame],
    meta: pd.DataFrame | Mapping[str, Mapping[str, Any]],
    *,
    key: str = "agency",
) -> pd.DataFrame:
    """Check that what one year carries out the next year carries in.

    Parameters
    ----------
    values : DataFrame or dict of report -> DataFrame
        Tidy values of many reports.
    meta : DataFrame or dict
        Columns ``report`` (or ``file``, as in a corpus manifest), ``agency``,
        ``year``; or a dict report -> {"agency": ..., "year": ...}.
    key : str, default "agency"
        Column that identifies one body across years.  Names are compared
        exactly: pass a normalised column when a body prints its name
        differently from year to year (洪泽区人民政府 / 淮安市洪泽区人民政府).

    Returns
    -------
    pandas.DataFrame
        One row per pair of consecutive reports of one agency:
        ``carried_in.total(year) == carried_out.total(year - 1)``; ``report``
        is the later report, ``lhs_terms``/``rhs_terms`` name both reports.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"report": ["a", "b"], "variable": ["requests.carried_out.total", "requests.carried_in.total"], "value": [3, 3]})
    >>> m = pd.DataFrame({"report": ["a", "b"], "agency": "洪泽区人民政府", "year": [2023, 2024]})
    >>> carry_over_checks(v, m)["holds"].tolist()
    [True]
    """
    if isinstance(values, Mapping):
        frames = [f.assign(report=k) for k, f in values.items()]
        values = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["report", "variable", "value"])
    if isinstance(meta, Mapping):
        meta = pd.DataFrame([{"report": k, **dict(v)} for k, v in meta.items()])
    if "report" not in meta.columns and "file" in meta.columns:
        meta = meta.rename(columns={"file": "report"})  # a corpus manifest
    if key not in meta.columns or "year" not in meta.columns:
        raise ValueError(f"meta needs columns {key!r} and 'year'; it has {list(meta.columns)}")
    vals = _as_values(values)
    m = meta.dropna(subset=[key, "year"]).sort_values([key, "year"])
    rows: list[dict[str, Any]] = []
    for _, grp in m.groupby(key, sort=True):
        recs = list(grp[["report", "year"]].itertuples(index=False))
        for prev, cur in zip(recs, recs[1:]):
            if int(cur.year) != int(prev.year) + 1:
                continue
            a = _num(vals.get(cur.report, {}).get("requests.carried_in.total"))
            b = _num(vals.get(prev.report, {}).get("requests.carried_out.total"))
            holds = pd.NA if a is pd.NA or b is pd.NA else bool(abs(a - b) < 1e-6)
            rows.append({
                "report": cur.report, "check": "carry_over.total",
                "description": f"carried in ({cur.year}) == carried out ({prev.year})",
                "lhs": a, "rhs": b,
                "lhs_terms": f"{cur.report}:requests.carried_in.total",
                "rhs_terms": f"{prev.report}:requests.carried_out.total",
                "holds": holds, "missing_terms": None if holds is not pd.NA else "requests.carried_*.total",
            })
    df = pd.DataFrame(rows, columns=list(CHECK_COLUMNS))
    df["holds"] = df["holds"].astype("boolean")
    return df
