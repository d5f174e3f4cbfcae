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

from .t2021 import ColumnDef, RowDef

__all__ = ["ACTIVE_ROWS", "ACTIVE_COLUMNS"]

_DOCS = ("new_made", "new_published", "total_published")
_ITEMS = ("items_prev_year", "items_change", "decisions")

ACTIVE_COLUMNS: tuple[ColumnDef, ...] = (
    ColumnDef("new_made", "本年新制作数量", ("本年新制作数量",)),
    ColumnDef("new_published", "本年新公开数量", ("本年新公开数量",)),
    ColumnDef("total_published", "对外公开总数量", ("对外公开总数量",)),
    ColumnDef("items_prev_year", "上一年项目数量", ("上一年项目数量",), "项"),
    ColumnDef("items_change", "本年增/减", ("本年增/减", "本年增减"), "项"),
    ColumnDef("decisions", "处理决定数量", ("处理决定数量",)),
    ColumnDef("items", "采购项目数量", ("采购项目数量",), "项"),
    ColumnDef("amount", "采购总金额", ("采购总金额",), "万元"),
)

ACTIVE_ROWS: tuple[RowDef, ...] = (
    RowDef("regulations", "规章", ("规章",), columns=_DOCS),
    RowDef("normative_documents", "规范性文件", ("规范性文件", "行政规范性文件"), columns=_DOCS),
    RowDef("other_documents", "其他主动公开文件", ("其他主动公开文件",), columns=_DOCS),
    RowDef("licensing", "行政许可", ("行政许可",), columns=_ITEMS),
    RowDef("other_services", "其他对外管理服务事项", ("其他对外管理服务事项",), columns=_ITEMS),
    RowDef("penalty", "行政处罚", ("行政处罚",), columns=_ITEMS),
    RowDef("coercion", "行政强制", ("行政强制",), columns=_ITEMS),
    RowDef("fees", "行政事业性收费", ("行政事业性收费",), columns=("items_prev_year", "items_change")),
    RowDef("procurement", "政府集中采购", ("政府集中采购",), columns=("items", "amount")),
)
