"""Flags on the variables a failed consistency check involves.

``Corpus.checks()`` says, per report, which equation (勾稽关系) fails; a
researcher using ``requests.result.total.total`` wants to know whether *that*
variable sits in a failing equation.  :func:`variable_flags` turns the checks
into one row per (report, variable) checked, and :func:`flags_wide` into one
column per variable, ready to sit beside the wide table (``True``: at least one
check involving the variable fails; ``False``: every evaluated check involving
it holds; NA: no evaluated check involves it).  A failed check flags every term
on both sides: the data cannot tell which of them is wrong.

Examples
--------
>>> import pandas as pd
>>> checks = pd.DataFrame({"report": ["r"], "check": ["review.review"], "holds": [False],
...                        "lhs_terms": ["review.review.total"],
...                        "rhs_terms": ["review.review.upheld + review.review.pending"]})
>>> variable_flags(checks)[["variable", "check_failed"]].values.tolist()
[['review.review.pending', True], ['review.review.total', True], ['review.review.upheld', True]]
"""
from __future__ import annotations

import pandas as pd

__all__ = ["variable_flags", "flags_wide"]


def _terms(text: object) -> list[str]:
    if not isinstance(text, str):
        return []
    # Carry-over checks name "report:variable" across two reports: not a term of this report.
    return [t.strip() for t in text.split("+") if t.strip() and ":" not in t]


def variable_flags(checks: pd.DataFrame) -> pd.DataFrame:
    """One row per (report, variable) in an evaluated check.

    Parameters
    ----------
    checks : DataFrame
        ``Corpus.checks()``: ``report``, ``check``, ``holds``, ``lhs_terms``,
        ``rhs_terms`` (terms joined by ``+``).

    Returns
    -------
    DataFrame
        ``report``, ``variable``, ``checks`` (evaluated checks involving it),
        ``checks_failed``, ``failed_checks`` (their names, ``;``-joined),
        ``check_failed`` (boolean); sorted by report and variable.

    Examples
    --------
    >>> checks = pd.DataFrame({"report": ["r", "r"], "check": ["a", "b"], "holds": [True, False],
    ...                        "lhs_terms": ["x", "y"], "rhs_terms": ["z", "x + z"]})
    >>> variable_flags(checks)[["variable", "checks", "checks_failed", "failed_checks"]].values.tolist()
    [['x', 2, 1, 'b'], ['y', 1, 1, 'b'], ['z', 2, 1, 'b']]
    """
    missing = {"report", "check", "holds", "lhs_terms", "rhs_terms"} - set(checks.columns)
    if missing:
        raise ValueError(f"checks frame lacks columns {sorted(missing)}; pass Corpus.checks()")
    rows = []
    evaluated = checks[checks["holds"].notna()]
    for rec in evaluated[["report", "check", "holds", "lhs_terms", "rhs_terms"]].itertuples(index=False):
        for variable in dict.fromkeys(_terms(rec.lhs_terms) + _terms(rec.rhs_terms)):
            rows.append((rec.report, variable, rec.check, not bool(rec.holds)))
    long = pd.DataFrame(rows, columns=["report", "variable", "check", "failed"])
    columns = ["report", "variable", "checks", "checks_failed", "failed_checks", "check_failed"]
    if long.empty:
        return pd.DataFrame(columns=columns)
    grouped = long.groupby(["report", "variable"], sort=True)
    out = pd.DataFrame({
        "checks": grouped.size().astype("Int64"),
        "checks_failed": grouped["failed"].sum().astype("Int64"),
        "failed_checks": grouped.apply(lambda g: ";".join(g.loc[g["failed"], "check"])),
    }).reset_index()
    out["check_failed"] = out["checks_failed"].gt(0).astype("boolean")
    return out[columns]


def flags_wide(checks: pd.DataFrame, *, suffix: str = "_check_failed") -> pd.DataFrame:
    """One boolean column ``<variable><suffix>`` per checked variable, one row per report.

    Examples
    --------
    >>> import pandas as pd
    >>> checks = pd.DataFrame({"report": ["a", "b"], "check": ["c", "c"], "holds": [True, False],
    ...                        "lhs_terms": ["x.total", "x.total"], "rhs_terms": ["x.a + x.b"] * 2})
    >>> flags_wide(checks)["x.total_check_failed"].tolist()
    [False, True]
    """
    flags = variable_flags(checks)
    if flags.empty:
        return pd.DataFrame(index=pd.Index([], name="report"))
    wide = flags.pivot(index="report", columns="variable", values="check_failed").astype("boolean")
    wide.columns = [f"{c}{suffix}" for c in wide.columns]
    return wide.rename_axis("report")
