"""Numeric tables of the reports: grids -> tidy named variables -> checks.

The flow::

    Document --parse_tables--> ParsedTables.values (tidy: one row per cell)
             --run_checks----> one row per consistency check
             --wide----------> one row per report, one column per variable
             --export_tables-> csv / parquet / Stata .dta with a codebook

Variable names follow the project's table specification
(``requests.new.total``, ``active.regulations.issued``,
``review.litigation_direct.total``, ``legacy.requests.total``).

Examples
--------
>>> from ogi_nlp.document import Block, Document
>>> from ogi_nlp.tables import parse_tables
>>> b = Block("table", "", rows=(("信息内容", "本年处理决定数量"), ("行政许可", "550")), layout="grid")
>>> v = parse_tables(Document.from_blocks("d", [b])).values
>>> v.loc[v.status == "ok", ["variable", "value"]].values.tolist()
[['active.licensing.decisions', 550]]
"""
from __future__ import annotations

from .cells import CellValue, parse_cell, parse_number
from .checks import carry_over_checks, run_checks
from .export import export_tables, stata_name, variable_codebook, wide
from .parse import ParsedTables, detect_generation, parse_tables

__all__ = [
    "parse_tables",
    "ParsedTables",
    "detect_generation",
    "run_checks",
    "carry_over_checks",
    "parse_cell",
    "parse_number",
    "CellValue",
    "wide",
    "variable_codebook",
    "export_tables",
    "stata_name",
]
