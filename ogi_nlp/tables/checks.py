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

from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from . import t2021
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


def _check(report: str, cid: str, desc: str, vals: Mapping[str, Any],
           lhs: Sequence[str], rhs: Sequence[str]) -> dict[str, Any]:
    missing = [t for t in (*lhs, *rhs) if _num(vals.get(t)) is pd.NA]
    if missing:
        l = r = holds = pd.NA
    else:
        l = sum(vals[t] for t in lhs)
        r = sum(vals[t] for t in rhs)
        holds = bool(abs(l - r) < 1e-6)
    return {
        "report": report, "check": cid, "description": desc, "lhs": l, "rhs": r,
        "lhs_terms": " + ".join(lhs), "rhs_terms": " + ".join(rhs), "holds": holds,
        "missing_terms": " ".join(missing) or None,
    }


def _report_checks(report: str, vals: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
    present = set(vals)
    if "requests.new.total" in present:
        other_printed = any(_num(vals.get(f"requests.result.other.{c}")) is not pd.NA for c in _COLS)
        has_sub = any(f"requests.{s}.total" in present for s in _OTHER_SUB)
        for c in _COLS:
            yield _check(
                report, f"requests.identity.{c}", f"new + carried in == results + carried out ({c})", vals,
                [f"requests.new.{c}", f"requests.carried_in.{c}"],
                [f"requests.result.total.{c}", f"requests.carried_out.{c}"],
            )
            other = ["result.other"] if other_printed or not has_sub else _OTHER_SUB
            yield _check(
                report, f"requests.result_sum.{c}", f"result rows sum to result.total ({c})", vals,
                [f"requests.result.total.{c}"], [f"requests.{r}.{c}" for r in (*_RESULT_ROWS, *other)],
            )
            if other_printed and has_sub:
                yield _check(
                    report, f"requests.other_subtotal.{c}", f"其他处理 subtotal equals its sub-rows ({c})", vals,
                    [f"requests.result.other.{c}"], [f"requests.{s}.{c}" for s in _OTHER_SUB],
                )
        for rd in t2021.REQUEST_ROWS:
            if f"requests.{rd.key}.total" not in present:
                continue
            yield _check(
                report, f"requests.applicants.{rd.key}", f"applicant columns sum to total ({rd.key})", vals,
                [f"requests.{rd.key}.total"], [f"requests.{rd.key}.{c}" for c in _COLS[:-1]],
            )
    for var, _ in t2021.REVIEW_COLUMNS[::5]:
        block = var.split(".")[1]
        if f"review.{block}.total" in present:
            yield _check(
                report, f"review.{block}", f"outcomes sum to total ({block})", vals,
                [f"review.{block}.total"], [f"review.{block}.{o}" for o in _OUTCOMES],
            )
    for cid, desc, total, parts in _LEGACY:
        printed = [p for p in parts if p in present]
        if total in present and printed:
            yield _check(report, cid, desc, vals, [total], printed)


def _as_values(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    report = frame["report"].tolist() if "report" in frame else [""] * len(frame)
    for rep, var, val in zip(report, frame["variable"].tolist(), frame["value"].tolist()):
        out.setdefault(rep, {})[var] = _num(val)
    return out


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
    rows: list[dict[str, Any]] = []
    for report, vals in _as_values(values).items():
        rows.extend(_report_checks(report, vals))
    df = pd.DataFrame(rows, columns=list(CHECK_COLUMNS))
    df["holds"] = df["holds"].astype("boolean")
    if "report" not in values.columns:
        df = df.drop(columns="report")  # one report: the caller knows which
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
