"""The 2019 national template (国办公开办函〔2019〕60号): the proactive table.

Its request and review tables are those of :mod:`ogi_nlp.tables.t2021`
with a single （六）其他处理 row.

Examples
--------
>>> from ogi_nlp.tables.t2019 import ACTIVE_ROWS
>>> [r.key for r in ACTIVE_ROWS][:3]
['regulations', 'normative_documents', 'other_documents']
"""
from __future__ import annotations

from . import registry as _reg
from .t2021 import ColumnDef, RowDef, _column, _row

__all__ = ["ACTIVE_ROWS", "ACTIVE_COLUMNS"]

# Built from the template registry (ogi_nlp/resources/templates.json): edit the data there.
ACTIVE_COLUMNS: tuple[ColumnDef, ...] = tuple(_column(c) for c in _reg.active_columns("t2019"))
ACTIVE_ROWS: tuple[RowDef, ...] = tuple(_row(r) for r in _reg.active_rows("t2019"))
