"""Look rather than read: a report as HTML, and the small summaries notebooks repeat.

- :func:`report_html` renders a :class:`~ogi_nlp.report.Report` (what
  ``Report._repr_html_`` shows in a notebook): its sections, its sentences tinted
  by theme with the theme probabilities on hover, and its table values beside
  their printed row and column labels, with the values of failing checks marked;
- :func:`report_display_name` and :func:`display_names`: a short readable name
  per report ("淮安市洪泽区人民政府 2024"), for tables and charts;
- :func:`check_summary`: per report, how many consistency checks hold, fail, or
  cannot be evaluated.

Examples
--------
>>> report_display_name({"body": "淮安市洪泽区人民政府", "year": 2024, "file": "x.pdf"})
'淮安市洪泽区人民政府 2024'
"""
from __future__ import annotations

import html
import re
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from .themes import load_codebook

if TYPE_CHECKING:
    from .report import Report

__all__ = [
    "report_html",
    "report_display_name",
    "display_names",
    "check_summary",
    "theme_colors",
    "failing_variables",
]

# Pale, distinguishable tints (ColorBrewer Set3), one per theme in codebook order.
_PALETTE = ["#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69",
            "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f"]
_FAIL = "#d62728"
_PROBA_NAMES = ("p_{}", "prob_{}", "proba_{}", "{}_p", "{}_prob", "{}_proba")


def _missing(value: object) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def report_display_name(meta: Mapping[str, Any], *, with_year: bool = True) -> str:
    """A short name for one report: issuing body (else agency, else file) and year.

    Parameters
    ----------
    meta : mapping
        A report's metadata or a row of ``Corpus.reports()``: ``body``,
        ``agency``, ``year``, ``file`` (or ``name``), any of them missing.

    Examples
    --------
    >>> report_display_name({"agency": "洪泽区人民政府", "year": 2023})
    '洪泽区人民政府 2023'
    >>> report_display_name({"body": None, "agency": None, "year": None, "file": "blank-template-2021.docx"})
    'blank-template-2021.docx'
    """
    who = next((str(meta[k]) for k in ("body", "agency") if k in meta and not _missing(meta[k]) and str(meta[k])),
               None)
    if who is None:
        who = next((str(meta[k]) for k in ("file", "name", "report") if k in meta and not _missing(meta[k])), "?")
    year = meta.get("year")
    if with_year and not _missing(year) and f"{year}" not in who:
        return f"{who} {int(year)}"
    return who


def display_names(reports: pd.DataFrame) -> pd.Series:
    """A readable, unique name per report of ``Corpus.reports()``, indexed by file.

    Body and year (see :func:`report_display_name`); when two files would get
    the same name, each gets its file name in brackets.

    Examples
    --------
    >>> reports = pd.DataFrame({"file": ["a.pdf", "b.pdf", "c.docx"], "body": ["甲市", "甲市", None],
    ...                         "agency": ["甲市", "甲市", None], "year": [2023, 2023, None]})
    >>> display_names(reports).tolist()
    ['甲市 2023 (a.pdf)', '甲市 2023 (b.pdf)', 'c.docx']
    """
    frame = reports.reset_index() if "file" not in reports.columns and reports.index.name == "file" else reports
    if "file" not in frame.columns:
        raise ValueError(f"reports needs a file column (Corpus.reports()); found {list(frame.columns)}")
    names = pd.Series([report_display_name(row) for row in frame.to_dict("records")], index=frame["file"].tolist(),
                      name="name", dtype="string")
    names.index.name = "file"
    dup = names.duplicated(keep=False)
    names[dup] = [f"{n} ({f})" for n, f in zip(names[dup], names.index[dup])]
    return names


def check_summary(checks: pd.DataFrame, *, by: str = "report") -> pd.DataFrame:
    """Per report: consistency checks that hold, fail, and cannot be evaluated.

    Parameters
    ----------
    checks : DataFrame
        ``Corpus.checks()`` or ``Report.checks()`` (a nullable ``holds`` column).
    by : str, default "report"

    Returns
    -------
    pandas.DataFrame
        Indexed by ``by``: ``holds``, ``fails``, ``not_evaluated`` (a missing
        term: not a failure) and ``checks``, as integers.

    Examples
    --------
    >>> checks = pd.DataFrame({"report": ["a", "a", "a", "b"],
    ...                        "holds": pd.array([True, False, None, True], dtype="boolean")})
    >>> check_summary(checks).loc["a"].tolist()
    [1, 1, 1, 3]
    """
    if "holds" not in checks.columns or by not in checks.columns:
        raise ValueError(f"checks needs columns {by!r} and 'holds' (Corpus.checks()); found {list(checks.columns)}")
    holds = checks["holds"].astype("boolean")
    grouped = pd.DataFrame({by: checks[by], "holds": holds.eq(True).fillna(False).astype(int),
                            "fails": holds.eq(False).fillna(False).astype(int),
                            "not_evaluated": holds.isna().astype(int)}).groupby(by, sort=True)
    out = grouped.sum()
    out["checks"] = out[["holds", "fails", "not_evaluated"]].sum(axis=1)
    return out.astype(int)


def failing_variables(checks: pd.DataFrame) -> set[str]:
    """Table variables that are a term of a failing check (``holds`` False).

    Examples
    --------
    >>> checks = pd.DataFrame({"lhs_terms": ["review.review.total"], "rhs_terms": ["review.review.upheld + review.review.other"],
    ...                        "holds": pd.array([False], dtype="boolean")})
    >>> sorted(failing_variables(checks))
    ['review.review.other', 'review.review.total', 'review.review.upheld']
    """
    if not len(checks) or "holds" not in checks.columns:
        return set()
    failing = checks[checks["holds"].astype("boolean").eq(False)]
    found: set[str] = set()
    for column in ("lhs_terms", "rhs_terms"):
        if column in failing.columns:
            for cell in failing[column].dropna():
                found.update(re.findall(r"[A-Za-z_][\w.]*", str(cell)))
    return found


def theme_colors(keys: Sequence[str]) -> dict[str, str]:
    """A pale tint per theme key, in the order given (the codebook's).

    Examples
    --------
    >>> theme_colors(["policy_interpretation", "platform_building"])
    {'policy_interpretation': '#8dd3c7', 'platform_building': '#ffffb3'}
    """
    return {k: _PALETTE[i % len(_PALETTE)] for i, k in enumerate(keys)}


def _proba_columns(frame: pd.DataFrame, keys: Sequence[str]) -> dict[str, str]:
    found = {}
    for key in keys:
        for pattern in _PROBA_NAMES:
            if pattern.format(key) in frame.columns:
                found[key] = pattern.format(key)
                break
    return found


def _labels_of(cell: object) -> tuple[str, ...]:
    if _missing(cell):
        return ()
    if isinstance(cell, str):
        return tuple(k for k in re.split(r"[;,\s]+", cell) if k and k != "other")
    return tuple(str(k) for k in cell)  # type: ignore[union-attr]


def _classify(sentences: pd.DataFrame) -> pd.DataFrame:
    """Theme labels and probabilities from the bundled classifier (the display's own)."""
    from .themes import ThemeClassifier

    clf = ThemeClassifier.load_default(sections=True)
    texts = sentences["text"].tolist()
    sections = sentences["section"].tolist() if "section" in sentences.columns else None
    proba = clf.predict_proba(texts, sections=sections)
    out = sentences.copy()
    out["themes"] = [";".join(k) for k in clf.predict(texts, sections=sections)]
    for key in proba.columns:
        out[f"p_{key}"] = proba[key].to_numpy()
    return out


def _style() -> str:
    return ("font-family:system-ui,'Noto Sans CJK SC','Noto Sans SC',sans-serif;font-size:13px;line-height:1.6;"
            "max-width:1100px")


def _legend(keys: Sequence[str], labels: Mapping[str, str], colors: Mapping[str, str]) -> str:
    items = "".join(
        f'<span style="background:{colors[k]};padding:1px 6px;margin:2px;border-radius:3px;display:inline-block">'
        f'{html.escape(labels.get(k, k))} <code>{html.escape(k)}</code></span>' for k in keys)
    return f'<div style="margin:4px 0">{items}<span style="padding:1px 6px">no theme: untinted</span></div>'


def report_html(report: Report, *, themes: bool | pd.DataFrame = True, max_values: int = 400) -> str:
    """Render a report as HTML: sections, sentences tinted by theme, tables with failing checks.

    Parameters
    ----------
    report : Report
    themes : bool or DataFrame, default True
        ``True`` labels the sentences with the bundled classifier (its
        probabilities show on hover); ``False`` shows them untinted; a DataFrame
        of sentences with a ``themes`` column (and, if present, probability
        columns ``p_<theme>``) is shown as given.
    max_values : int, default 400
        Table values listed at most (the rest is counted, not shown).

    Returns
    -------
    str
        Self-contained HTML (inline styles only, no scripts), safe to embed:
        every text from the report is escaped.

    Examples
    --------
    >>> from ogi_nlp import parse_report
    >>> r = parse_report("一、总体情况\\n全年受理政府信息公开申请20件，均按期答复。", name="demo")
    >>> "均按期答复" in report_html(r, themes=False)
    True
    """
    cb = load_codebook()
    sentences = report.sentences()
    if isinstance(themes, pd.DataFrame):
        sentences = themes
    elif themes and len(sentences):
        try:
            sentences = _classify(sentences)
        except Exception as exc:  # a display must show the text even when the model cannot load
            warnings.warn(f"report_html: sentences shown without themes ({type(exc).__name__}: {exc})", stacklevel=2)
    keys = list(cb.keys)
    extra = sorted({k for cell in sentences.get("themes", pd.Series(dtype=object)) for k in _labels_of(cell)} - set(keys))
    keys += extra
    colors = theme_colors(keys)
    labels = {t.key: t.label for t in cb.themes}
    proba = _proba_columns(sentences, keys)
    esc = html.escape
    meta = report.meta
    parts = [f'<div class="ogi-report" style="{_style()}">',
             f'<h3 style="margin:4px 0">{esc(report_display_name({**meta, "file": report.name}))}</h3>',
             '<div style="color:#555">' + " · ".join(esc(str(x)) for x in (
                 report.name, meta.get("doc_type"), meta.get("format"), f"table generation {meta.get('generation')}",
                 f"{len(sentences)} sentences") if not _missing(x)) + "</div>"]
    if meta.get("warnings"):
        parts.append('<details><summary>' + f'{len(meta["warnings"])} warning(s)</summary><ul>'
                     + "".join(f"<li>{esc(str(w))}</li>" for w in meta["warnings"]) + "</ul></details>")
    # sections
    sections = report.sections
    titles = {r.key: r.title for r in sections.itertuples()}
    parts.append(f'<details><summary><b>Sections</b> ({len(sections)})</summary><ol>'
                 + "".join(f'<li><code>{esc(r.key)}</code> {esc(str(r.title))}</li>' for r in sections.itertuples())
                 + "</ol></details>")
    # sentences
    tinted = "themes" in sentences.columns
    head = "tinted by theme" + (", probabilities on hover" if proba else "") if tinted else "no themes computed"
    parts.append(f'<details open><summary><b>Text</b> ({len(sentences)} sentences, {head})</summary>')
    if tinted:
        parts.append(_legend([k for k in keys if k in colors], labels, colors))
    current = object()
    for row in sentences.to_dict("records"):
        section = row.get("section")
        if section != current:
            if current is not object:
                parts.append("</p>")
            title = titles.get(section, section)
            parts.append(f'<div style="margin-top:8px;color:#444;font-size:12px"><code>{esc(str(section))}</code> '
                         f'{esc(str(title)) if title != section else ""}</div><p style="margin:2px 0">')
            current = section
        found = _labels_of(row.get("themes")) if tinted else ()
        tip = [f"#{row.get('sentence_id')}"] + ([", ".join(found) or "other"] if tinted else [])
        if proba:
            ranked = sorted(((float(row[c]), k) for k, c in proba.items() if not _missing(row[c])), reverse=True)
            tip.append("; ".join(f"{k} {p:.2f}" for p, k in ranked[:4]))
        style = "padding:1px 2px;border-radius:2px;"
        if len(found) == 1:
            style += f"background:{colors[found[0]]};"
        elif found:
            stops = ",".join(f"{colors[k]} {i * 100 // len(found)}% {(i + 1) * 100 // len(found)}%"
                             for i, k in enumerate(found))
            style += f"background:linear-gradient(180deg,{stops});"
        if row.get("is_heading"):
            style += "font-weight:bold;"
        parts.append(f'<span title="{esc(" | ".join(tip))}" style="{style}">{esc(str(row.get("text")))}</span> ')
    if current is not object:
        parts.append("</p>")
    parts.append("</details>")
    # tables and checks
    values = report.tables()
    checks = report.checks()
    summary = check_summary(checks).sum() if len(checks) else pd.Series({"holds": 0, "fails": 0, "not_evaluated": 0})
    bad = failing_variables(checks)
    fail_note = f', <span style="color:{_FAIL}">{int(summary["fails"])} fail</span>' if summary["fails"] else ""
    parts.append(f'<details {"open" if summary["fails"] else ""}><summary><b>Tables</b> ({int(values["value"].notna().sum()) if len(values) else 0} values; '
                 f'checks: {int(summary["holds"])} hold{fail_note}, {int(summary["not_evaluated"])} cannot be evaluated)'
                 "</summary>")
    if len(checks) and summary["fails"]:
        failing = checks[checks["holds"].astype("boolean").eq(False)]
        parts.append('<table style="border-collapse:collapse;margin:4px 0">'
                     + "".join(f'<tr style="color:{_FAIL}"><td style="padding:0 10px 0 0">✗ <code>{esc(str(r.check))}</code></td>'
                               f'<td style="padding:0 10px 0 0">{esc(str(r.lhs_terms))} = {esc(_fmt(r.lhs))}</td>'
                               f'<td>but the parts sum to {esc(_fmt(r.rhs))}</td></tr>' for r in failing.itertuples())
                     + "</table>")
    if len(values):
        cell = "padding:1px 6px;border-bottom:1px solid #eee;text-align:left"
        rows = []
        for r in values.head(max_values).itertuples():
            failed = r.variable in bad
            mark = f'<span style="color:{_FAIL}" title="term of a failing check">✗</span> ' if failed else ""
            value = _fmt(r.value)
            status = "" if getattr(r, "status", "ok") == "ok" else esc(str(r.status))
            rows.append(f'<tr style="{"background:#fde0dd;" if failed else ""}">'
                        f'<td style="{cell}">{esc(str(r.row_label))}</td><td style="{cell}">{esc(str(r.column_label))}</td>'
                        f'<td style="{cell};text-align:right">{mark}<b>{esc(value)}</b></td>'
                        f'<td style="{cell};color:#777"><code>{esc(str(r.variable))}</code> {status}</td></tr>')
        more = len(values) - max_values
        parts.append(f'<table style="border-collapse:collapse">'
                     f'<tr><th style="{cell}">row as printed</th><th style="{cell}">column as printed</th>'
                     f'<th style="{cell}">value</th><th style="{cell}">variable</th></tr>' + "".join(rows) + "</table>"
                     + (f"<div>… {more} more values: report.tables()</div>" if more > 0 else ""))
    else:
        parts.append("<div>No statistical table read.</div>")
    parts.append("</details></div>")
    return "".join(parts)


def _fmt(value: object) -> str:
    if _missing(value):
        return "NA"
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    return f"{int(number)}" if number.is_integer() else f"{number:g}"
