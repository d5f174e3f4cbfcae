"""The same report in txt, HTML and DOCX gives the same sections and sentences (issue 11, item 2).

Each source is real report text: the bundled ``corpora/*.txt`` and web copies from
``shared/dev/pages/docs`` and ``shared/dev/tables/docs`` (beside the repository; those
cases skip where it is absent).  From the text as the txt reader reads it, the same
report is written as a site or an office program would store it:

* ``html-lines``: every non-empty line a ``<p>``, under a breadcrumb ``<div>`` (how a
  site shows a pasted report; the cells of a table lost their grid, one per ``<p>``);
* ``html-table``: narrative blocks as ``<p>``, every table as a ``<table>`` whose rows
  are the printed rows the txt reader found;
* ``docx-lines`` and ``docx-table``: the same two shapes as a Word file.

``read_report`` of each must give the txt's sections (key and title) and sentences
(section, heading flag and text).  Texts are compared after
:func:`~ogi_nlp.read._clean.normalize_spaces` (spaces next to Chinese characters
removed): HTML collapses white space by its own rules, so ``2、 主动公开`` in a text file
is ``2、主动公开`` on a page; that is the one difference allowed.  A PDF is not written
here (no PDF writer is a dependency); the bundled PDFs have no text copy of the same
report, so their part is the ``huaian`` section-3 extract in ``shared/dev/other``.
"""
from __future__ import annotations

import html
import io
import re
import warnings
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogi_nlp import parse_report, read_report
from ogi_nlp.read import flattened_rows
from ogi_nlp.read._clean import normalize_spaces

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
SHARED = ROOT.parent / "shared" / "dev"
BREADCRUMB = "首页 > 政务公开 > 政府信息公开年报"

BUNDLED = sorted(CORPORA.glob("*.txt"))
# Real web copies whose text the txt reader reads as a report with narrative; chosen
# for their shapes (tables one cell per line, furniture, traditional script, a
# legacy report), not for how the readers do on them.
DEV_PAGES = ["0001", "0003", "0009", "0016", "0027", "0033", "0049", "0065", "0093", "0148"]
DEV_TABLES = ["d002", "d004", "d010", "d020", "d030"]


def _dev(kind: str, ident: str) -> Path:
    return SHARED / kind / "docs" / f"{ident}.txt"


def _sources() -> list:
    cases = [pytest.param(p, id=p.stem[:3]) for p in BUNDLED]
    absent = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/dev is not beside the repository")
    cases += [pytest.param(_dev("pages", i), id=f"page-{i}", marks=absent) for i in DEV_PAGES]
    cases += [pytest.param(_dev("tables", i), id=f"tables-{i}", marks=absent) for i in DEV_TABLES]
    return cases


def _key(report) -> tuple[list, list]:
    """Sections (key, title) and sentences (section, heading, text) of a report, spacing normalised."""
    sections = [(k, normalize_spaces(t)) for k, t in report.sections[["key", "title"]].itertuples(index=False)]
    sentences = [(s, bool(h), normalize_spaces(t))
                 for s, h, t in report.sentences()[["section", "is_heading", "text"]].itertuples(index=False)]
    return sections, sentences


# ---------------------------------------------------------------- writers


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def _table_rows(block) -> list[list[str]]:
    if block.layout == "flattened":
        return flattened_rows(block)
    return [["" if c is None else c for c in row] for row in block.rows]


def _parts(report) -> list[tuple[str, object]]:
    """The txt reading as ('text', line) and ('table', rows) parts, in order."""
    out: list[tuple[str, object]] = []
    for block in report.document.blocks:
        if block.kind == "table":
            out.append(("table", _table_rows(block)))
        else:
            out.append(("text", block.text))
    return out


def html_lines(text: str) -> bytes:
    body = "".join(f"<p>{html.escape(ln)}</p>\n" for ln in _lines(text))
    return (f'<html><head><meta charset="utf-8"></head><body><div>{BREADCRUMB}</div>\n'
            f"{body}</body></html>").encode("utf-8")


def html_table(parts: list[tuple[str, object]]) -> bytes:
    body: list[str] = []
    for kind, value in parts:
        if kind == "text":
            body.append(f"<p>{html.escape(value)}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in value)
            body.append(f'<table border="1">{rows}</table>')
    return (f'<html><head><meta charset="utf-8"></head><body><div>{BREADCRUMB}</div>\n'
            + "\n".join(body) + "</body></html>").encode("utf-8")


def _save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def docx_lines(text: str) -> bytes:
    d = docx.Document()
    for ln in _lines(text):
        d.add_paragraph(ln)
    return _save(d)


def docx_table(parts: list[tuple[str, object]]) -> bytes:
    d = docx.Document()
    for kind, value in parts:
        if kind == "text":
            d.add_paragraph(value)
            continue
        width = max(len(r) for r in value)
        t = d.add_table(rows=len(value), cols=width)
        for r, row in enumerate(value):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    return _save(d)


WRITERS = {
    "html-lines": (".html", lambda text, parts: html_lines(text)),
    "html-table": (".html", lambda text, parts: html_table(parts)),
    "docx-lines": (".docx", lambda text, parts: docx_lines(text)),
    "docx-table": (".docx", lambda text, parts: docx_table(parts)),
}


def _read_quiet(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = read_report(path)
        _key(report)
    return report


@pytest.mark.parametrize("fmt", list(WRITERS))
@pytest.mark.parametrize("source", _sources())
def test_same_sections_and_sentences(source: Path, fmt: str, tmp_path: Path) -> None:
    text = source.read_text(encoding="utf-8")
    txt = _read_quiet(source)
    suffix, write = WRITERS[fmt]
    copy = tmp_path / f"{source.stem}{suffix}"
    copy.write_bytes(write(text, _parts(txt)))
    other = _read_quiet(copy)
    want_sections, want_sentences = _key(txt)
    got_sections, got_sentences = _key(other)
    assert got_sections == want_sections
    assert got_sentences == want_sentences
