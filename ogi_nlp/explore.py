"""One HTML file to browse a built corpus, for a coauthor without Python.

``ogi-nlp explore BUILD`` (or :func:`write_explorer`) reads the outputs of
``ogi-nlp build`` (``manifest``, ``sentences``, ``checks``, ``tables``; Parquet or
CSV) and writes ``BUILD/explore.html``: one self-contained file, the data
embedded as JSON and the page in plain JavaScript, with no network access and no
library.  It opens in any browser, from a USB stick or an e-mail attachment.

The page lists the reports and filters them by issuing body, year, theme, text
and failing consistency checks; a report shows its sentences tinted by theme and
its table values beside their printed labels, with the values of failing checks
marked.  Filters can be given in the link, to share a view:
``explore.html#fail=1``, ``#theme=review_litigation&year=2024``,
``#body=淮安市人民政府``, ``#text=行政复议``, ``#report=<file>``.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> pd.DataFrame({"file": ["a.txt"], "status": ["ok"], "body": ["甲市人民政府"], "year": [2023]}).to_csv(
...     folder / "manifest.csv", index=False)
>>> pd.DataFrame({"report": ["a.txt"], "sentence_id": [0], "section": ["overview"], "is_heading": [False],
...               "text": ["全年受理申请20件。"], "themes": ["request_handling"]}).to_csv(folder / "sentences.csv", index=False)
>>> page = write_explorer(folder)
>>> page.name, "全年受理申请20件" in page.read_text(encoding="utf-8")
('explore.html', True)
"""
from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .display import check_summary, display_names, failing_variables, theme_colors
from .themes import load_codebook

__all__ = ["write_explorer", "explorer_data", "explorer_html"]


def _read(build: Path, name: str) -> pd.DataFrame | None:
    parquet, csv = build / f"{name}.parquet", build / f"{name}.csv"
    if parquet.exists():
        return pd.read_parquet(parquet)
    if csv.exists():
        return pd.read_csv(csv, encoding="utf-8-sig", low_memory=False)
    return None


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: NA -> None, numpy numbers -> Python numbers."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return str(value)
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def explorer_data(build: str | os.PathLike[str], *, max_sentences: int | None = None,
                  tables: bool = True) -> dict[str, Any]:
    """The data the explorer page embeds, read from a build folder.

    Parameters
    ----------
    build : path
        A folder written by ``ogi-nlp build`` (or ``Corpus.write``).
    max_sentences : int, optional
        Keep at most this many sentences per report (a national build can hold
        millions); the page says when sentences were left out.
    tables : bool, default True
        Embed the table values (not only the checks).

    Returns
    -------
    dict
        ``reports``, ``themes``, ``sentences``, ``checks`` and ``values``,
        keyed by report file; plain JSON types only.

    Raises
    ------
    FileNotFoundError
        The folder holds no ``manifest`` (not a build folder).
    """
    folder = Path(build)
    manifest = _read(folder, "manifest")
    if manifest is None:
        raise FileNotFoundError(f"{folder}: no manifest.parquet or manifest.csv; "
                                "expected a folder written by `ogi-nlp build FOLDER --out BUILD`")
    sentences = _read(folder, "sentences")
    checks = _read(folder, "checks")
    values = _read(folder, "tables") if tables else None
    if "status" in manifest.columns:  # files never read (unsupported, skipped) have nothing to browse
        manifest = manifest[manifest["status"].isin(["ok", "error"])]
    names = display_names(manifest)
    summary = check_summary(checks) if checks is not None and len(checks) else None

    cb = load_codebook()
    keys = list(cb.keys)
    labels = {t.key: t.label for t in cb.themes}
    has_themes = sentences is not None and "themes" in sentences.columns
    if has_themes:
        used = {k for cell in sentences["themes"].dropna().astype(str) for k in cell.split(";") if k}
        keys += sorted(used - set(keys))
    colors = theme_colors(keys)

    reports = []
    for row in manifest.to_dict("records"):
        file = str(row["file"])
        counts = summary.loc[file].to_dict() if summary is not None and file in summary.index else {}
        reports.append({
            "file": file, "name": str(names[file]),
            "body": _plain(row.get("body")) or _plain(row.get("agency")),
            "year": _plain(row.get("year")), "doc_type": _plain(row.get("doc_type")),
            "level": _plain(row.get("level")), "status": _plain(row.get("status")),
            "reason": _plain(row.get("reason")), "warnings": _plain(row.get("warnings")),
            "holds": int(counts.get("holds", 0)), "fails": int(counts.get("fails", 0)),
            "not_evaluated": int(counts.get("not_evaluated", 0)),
        })

    by_report: dict[str, list[list[Any]]] = {}
    truncated: dict[str, int] = {}
    if sentences is not None and len(sentences):
        sentences = sentences.sort_values(["report", "sentence_id"], kind="stable")
        for file, group in sentences.groupby("report", sort=False):
            if max_sentences is not None and len(group) > max_sentences:
                truncated[str(file)] = len(group) - max_sentences
                group = group.head(max_sentences)
            themes_col = group["themes"].fillna("").astype(str) if has_themes else [""] * len(group)
            heading = group["is_heading"].astype(str).str.lower().isin(["true", "1"]) \
                if "is_heading" in group.columns else [False] * len(group)
            by_report[str(file)] = [
                [_plain(i), _plain(sec), bool(h), str(t), th]
                for i, sec, h, t, th in zip(group["sentence_id"], group.get("section", [None] * len(group)),
                                            heading, group["text"], themes_col)]

    check_rows: dict[str, list[list[Any]]] = {}
    bad_terms: dict[str, list[str]] = {}
    if checks is not None and len(checks):
        checks = checks.assign(holds=checks["holds"].astype("boolean"))
        for file, group in checks.groupby("report", sort=True):
            check_rows[str(file)] = [
                [str(r["check"]), _plain(r.get("lhs")), _plain(r.get("rhs")), _plain(r["holds"]),
                 _plain(r.get("lhs_terms")), _plain(r.get("rhs_terms"))] for r in group.to_dict("records")]
            bad_terms[str(file)] = sorted(failing_variables(group))

    value_rows: dict[str, list[list[Any]]] = {}
    if values is not None and len(values):
        for file, group in values.groupby("report", sort=True):
            value_rows[str(file)] = [
                [str(r["variable"]), _plain(r.get("row_label")), _plain(r.get("column_label")),
                 _plain(r.get("value")), _plain(r.get("status")), _plain(r.get("page"))]
                for r in group.to_dict("records")]

    return {
        "source": folder.resolve().name,
        "themes": [{"key": k, "label": labels.get(k, k), "color": colors[k]} for k in keys] if has_themes else [],
        "reports": reports,
        "sentences": by_report,
        "truncated": truncated,
        "checks": check_rows,
        "failing_terms": bad_terms,
        "values": value_rows,
    }


def explorer_html(data: dict[str, Any]) -> str:
    """The explorer page with ``data`` embedded (see :func:`explorer_data`).

    The JSON sits in a ``<script type="application/json">`` block with ``<``
    escaped, so no text of a report can close the block or run as code.
    """
    template = resources.files("ogi_nlp").joinpath("explore_template.html").read_text(encoding="utf-8")
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    title = f"ogi_nlp explorer · {data.get('source', '')}".replace("<", "&lt;").replace("&", "&amp;")
    return template.replace("__TITLE__", title).replace("__DATA__", payload)


def write_explorer(build: str | os.PathLike[str], out: str | os.PathLike[str] | None = None, *,
                   max_sentences: int | None = None, tables: bool = True) -> Path:
    """Write the explorer page for a build folder.

    Parameters
    ----------
    build : path
        A folder written by ``ogi-nlp build``.
    out : path, optional
        The HTML file; default ``BUILD/explore.html``.
    max_sentences, tables
        As in :func:`explorer_data`.

    Returns
    -------
    Path
        The file written.
    """
    data = explorer_data(build, max_sentences=max_sentences, tables=tables)
    path = Path(out) if out is not None else Path(build) / "explore.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(explorer_html(data), encoding="utf-8")
    return path
