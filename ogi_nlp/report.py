"""One report through every stage: the object a researcher works with.

:func:`read_report` reads a file, :func:`parse_report` takes text; both return a
:class:`Report` whose parts are computed on first use and kept:

- ``meta``: what the reader learned (format, encoding, pages, script, sha256)
  and what the text says (agency, year, document type, level), the table
  generation, and every warning;
- ``sections``: the canonical sections with their spans;
- ``sentences()``: narrative sentences with section, heading flag and span;
- ``tables()`` / ``checks()``: the statistics as named variables and the
  consistency checks;
- ``quantities()``: numbers stated in sentences, set against the tables.

Examples
--------
>>> from ogi_nlp import parse_report
>>> r = parse_report("一、总体情况\\n全年受理政府信息公开申请20件，均按期答复。", name="demo")
>>> r.sentences()[["section", "text"]].values.tolist()
[['overview', '一、总体情况'], ['overview', '全年受理政府信息公开申请20件，均按期答复。']]
"""
from __future__ import annotations

import os
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .document import Document
from .metadata import extract_meta
from .quantities import compare_columns, comparison_frame, may_restate
from .read import document_from_text, read_document
from .sections import block_sections, find_sections
from .sentences import is_fragment, sentence_spans
from .tables import parse_tables
from .tables.cell_lines import table_lines
from .tables.checks import report_check_columns, report_checks_frame
from .tables.parse import VALUE_DTYPES, _no_values, int64_array, typed_frame

# the tables frame's columns given a dtype; the others are as pandas infers them from the values.
# One numeric dtype for values (counts and 万元 amounts share it): Float64 is exact for counts and
# keeps NA distinct from 0.
TABLE_DTYPES = {**VALUE_DTYPES, "value": "Float64"}

__all__ = ["Report", "read_report", "parse_report", "SENTENCE_COLUMNS"]

SENTENCE_COLUMNS = [
    "report", "sentence_id", "section", "is_heading", "text", "start", "end", "block", "page", "line",
]


class Report:
    """A report read into its document, metadata, sections, sentences and tables.

    Parameters
    ----------
    document : Document
        The source as read by :mod:`ogi_nlp.read`.

    Notes
    -----
    Every part is derived from ``document`` on first access and cached, so a
    report costs only what is asked of it.
    """

    def __init__(self, document: Document) -> None:
        self.document = document

    def __repr__(self) -> str:
        meta = self.meta
        return (
            f"<Report {self.name!r}: {meta.get('agency') or '?'} {meta.get('year') or '?'}, "
            f"{meta.get('doc_type')}, {len(self.document.blocks)} blocks>"
        )

    def _repr_html_(self) -> str:
        """Sections, sentences tinted by theme and tables with failing checks (Jupyter)."""
        from .display import report_html  # only in a notebook

        return report_html(self)

    @property
    def name(self) -> str:
        """Short name of the source (its file name)."""
        return self.document.name

    @cached_property
    def meta(self) -> dict[str, Any]:
        """Metadata: reader facts, text facts, table generation and warnings."""
        doc = self.document
        meta: dict[str, Any] = {k: v for k, v in doc.meta.items() if k != "warnings"}
        meta.update(self._text_meta)
        if self._table_result.generation is not None or not meta.get("generation"):
            # the tables' labels decide; the text path of extract_meta only where no table tells
            meta["generation"] = self._table_result.generation
            meta["generation_source"] = "tables" if self._table_result.generation else None
        meta["request_rows"] = self._table_result.request_rows
        found = (list(doc.meta.get("warnings", [])) + list(meta.pop("metadata_warnings", []))
                 + list(self._table_result.warnings))
        meta["warnings"] = list(dict.fromkeys(found))
        return meta

    @cached_property
    def sections(self) -> pd.DataFrame:
        """Canonical sections: ``key``, ``title`` as printed, ``start``, ``end``."""
        return sections_frame(self._section_columns)

    @cached_property
    def _section_columns(self) -> dict[str, list[Any]]:
        # the sections frame's columns as lists (the frame, and a corpus build's Arrow part, read them)
        found = self._section_list
        return {"key": [s.key for s in found], "title": [s.title for s in found],
                "start": [s.start for s in found], "end": [s.end for s in found]}

    @cached_property
    def _text_meta(self) -> dict[str, Any]:
        # Computed once: meta and the section finder (which needs doc_type) share it.
        return extract_meta(self.document)

    @cached_property
    def _section_list(self) -> list:
        # Found once: the sections frame and every sentence's section key share it.
        return find_sections(self.document, doc_type=self._text_meta["doc_type"])

    def sentences(self) -> pd.DataFrame:
        """Narrative sentences (table cells never are), in reading order.

        Table text that the reader left as lines of text (one cell per line, ``规章 |``,
        the template's labels with their numbers) is left out
        (:func:`ogi_nlp.tables.cell_lines.table_lines`); its values are in :meth:`tables`.

        Returns
        -------
        DataFrame
            Columns ``report``, ``sentence_id`` (0-based within the report),
            ``section``, ``is_heading``, ``text``, ``start``/``end`` (span in
            ``document.text``), ``block`` (index into ``document.blocks``) and
            ``page`` (``NA`` for unpaginated sources).
        """
        return self._sentences.copy()

    @cached_property
    def _sentences(self) -> pd.DataFrame:
        return sentences_frame(self._sentence_columns)

    @cached_property
    def _sentence_columns(self) -> dict[str, list[Any]]:
        # the sentences frame's columns as lists (the frame and the quantities read them)
        doc = self.document
        keys = block_sections(doc, self._section_list)
        columns: dict[str, list[Any]] = {name: [] for name in SENTENCE_COLUMNS}
        report, sentence_id, section, is_heading, text, start, end, block_ix, page, line = columns.values()
        for index, block in enumerate(doc.blocks):
            if block.kind not in ("heading", "paragraph"):
                continue
            heading = block.kind == "heading"
            for span in sentence_spans(block.text):
                if is_fragment(span.text):
                    continue  # no word in it: a stray mark or footnote number, not narrative
                sentence_id.append(len(sentence_id))
                section.append(keys[index])
                is_heading.append(heading or span.heading)
                text.append(span.text)
                start.append(block.start + span.start)
                end.append(block.start + span.end)
                block_ix.append(index)
                page.append(block.page)
                line.append(block.line)
        # table text the reader left as lines (规章 | / 0 |) is no sentence: left out, the rest renumbered
        cells = table_lines(text)
        if any(cells):
            for name, values in columns.items():
                columns[name] = [v for v, cell in zip(values, cells) if not cell]
            columns["sentence_id"] = list(range(len(columns["sentence_id"])))
        columns["report"].extend([doc.name] * len(columns["sentence_id"]))
        return columns

    @cached_property
    def _table_result(self):
        return parse_tables(self.document)

    def tables(self) -> pd.DataFrame:
        """Every table value as a named variable, one row per value.

        See :func:`ogi_nlp.tables.parse_tables` for the columns; ``value`` is
        ``Float64`` here (the wide frame types counts as integers).  A cell
        printed blank, as a dash or 无, or absent from the source is ``NA`` with
        its ``status`` saying why; it is never 0.
        """
        return self._tables.copy()

    @cached_property
    def _tables(self) -> pd.DataFrame:
        columns = self._table_columns
        if columns is not None:
            if not columns["table"]:
                return _no_tables().copy()  # the frame the steps below give a report without values
            return typed_frame(columns, TABLE_DTYPES)
        parsed = self._table_result.values
        if not len(parsed) and isinstance(self.name, str):
            return _no_tables().copy()
        # One numeric dtype for the column (counts and 万元 amounts share it);
        # Float64 is exact for counts and keeps NA distinct from 0.
        values = parsed.assign(value=pd.array(pd.to_numeric(parsed["value"]), dtype="Float64"))
        values.insert(0, "report", self.name)
        return values

    @cached_property
    def _table_columns(self) -> dict[str, list[Any]] | None:
        # the tables frame's columns as lists (the frame, and a corpus build's Arrow part, read
        # them): the parsed values' with the report's name first; None when they are not at hand
        parsed = self._table_result.columns
        if parsed is None or not isinstance(self.name, str):
            return None
        return {"report": [self.name] * len(parsed["table"]), **parsed}

    def checks(self) -> pd.DataFrame:
        """The consistency checks (勾稽关系) of this report's tables."""
        return self._checks.copy()

    @cached_property
    def _checks(self) -> pd.DataFrame:
        # run_checks(values) with the report's name inserted first, built in one go
        # from the check columns: the values frame is not made for it (most reports without a check)
        return report_checks_frame(None, columns=self._check_columns)

    @cached_property
    def _check_columns(self) -> dict[str, list[Any]]:
        # the checks frame's columns as lists (the frame, and a corpus build's Arrow part, read them)
        parsed = self._table_result
        return report_check_columns(parsed.columns if parsed.columns is not None else parsed.values, self.name)

    def quantities(self) -> pd.DataFrame:
        """Numbers stated in sentences, matched to table variables where one fits."""
        return comparison_frame(self._quantity_columns, keep_report=True)

    @cached_property
    def _quantity_columns(self) -> dict[str, list[Any]]:
        # compare_text_tables(self.sentences(), self.tables()) as lists, reading the sentences'
        # kept columns (not the frame's) and the kept tables frame (not a copy)
        columns = self._sentence_columns
        # only the sentences that can restate a table value (the others give no comparison)
        records = [{"is_heading": h, "text": t, "start": s, "sentence_id": i} for h, t, s, i in
                   zip(columns["is_heading"], columns["text"], columns["start"], columns["sentence_id"])
                   if h is not True and may_restate(t)]
        # the tables frame's columns when at hand (its frame is then not made)
        tables = self._tables if self._table_columns is None else (self._table_columns, TABLE_DTYPES)
        return compare_columns(columns["report"][:1] * len(records), records, tables, keep_report=True)


# the sentences frame's columns given a dtype; the others (report, section, text) as pandas infers them
SENTENCE_DTYPES = {"sentence_id": "int64", "start": "int64", "end": "int64", "block": "int64",
                   "page": "Int64", "line": "Int64", "is_heading": "bool"}


def sentences_frame(columns: dict[str, list[Any]]) -> pd.DataFrame:
    """The sentences frame of :meth:`Report.sentences` from its columns as lists
    (``Report._sentence_columns``; a corpus build makes its Arrow part from the lists).

    >>> sentences_frame({name: [] for name in SENTENCE_COLUMNS}).shape
    (0, 10)
    """
    # built column by column with their dtypes (a frame of row dicts then astype costs more)
    typed = SENTENCE_DTYPES
    if not columns["sentence_id"]:  # no sentence: object columns, as a Series of no values gives
        return pd.DataFrame({name: pd.array(values, dtype=typed[name]) if name in typed
                             else pd.Series(values, dtype=object) for name, values in columns.items()})
    return pd.DataFrame({name: np.array(values, dtype=typed[name]) if typed.get(name) in ("int64", "bool")
                         else int64_array(values) if name in typed else values
                         for name, values in columns.items()})


def sections_frame(columns: dict[str, list[Any]]) -> pd.DataFrame:
    """The sections frame of :attr:`Report.sections` from its columns as lists.

    >>> sections_frame({"key": ["overview"], "title": ["一、总体情况"], "start": [0], "end": [9]}).dtypes.tolist()
    [<StringDtype(na_value=nan)>, <StringDtype(na_value=nan)>, dtype('int64'), dtype('int64')]
    """
    if not columns["key"]:
        return pd.DataFrame([], columns=list(columns))
    # built from columns (the dtypes a frame of row records infers: str, str, int64, int64)
    return pd.DataFrame(columns)


@lru_cache(maxsize=1)
def _no_tables() -> pd.DataFrame:
    """``Report._tables`` of a report without table values (its name is no row's: any name gives it)."""
    parsed = _no_values()  # what parse_tables gives for no record
    values = parsed.assign(value=pd.array(pd.to_numeric(parsed["value"]), dtype="Float64"))
    values.insert(0, "report", "")
    return values


def read_report(path: str | os.PathLike[str], *, encoding: str | None = None) -> Report:
    """Read a report file (txt, HTML, DOCX or PDF).

    Parameters
    ----------
    path : str or path-like
        The file.
    encoding : str, optional
        Force a text encoding instead of detecting it (txt and HTML only).

    Raises
    ------
    ReadError
        The file is missing, unreadable, of an unknown type, or not text.

    Examples
    --------
    >>> from ogi_nlp import read_report
    >>> from ogi_nlp.datasets import corpus_path
    >>> r = read_report(corpus_path() / "001_dfbf40df936f33b0.txt")
    >>> r.meta["agency"], r.meta["year"], r.meta["generation"]
    ('北京市知识产权局', 2022, 't2021')
    """
    return Report(read_document(path, encoding=encoding))  # the reader warns where it reads


def parse_report(text: str, *, name: str = "<text>") -> Report:
    """Parse report text that is already in memory.

    Examples
    --------
    >>> from ogi_nlp import parse_report
    >>> parse_report("北京市知识产权局2022年政府信息公开年度报告", name="t").meta["year"]
    2022
    """
    return Report(document_from_text(text, name))
