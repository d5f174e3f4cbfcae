"""The free-form 统计表 of 2008-2018 reports (generation ``legacy``).

Every printed row is kept: its label, unit, value and the path of its parent
rows.  Rows that mean the same across reports get a canonical name
(``legacy.requests.total``); every other row is named ``legacy.row.<n>``,
``n`` being its 1-based position among the report's legacy rows (stable within
a report, not across reports: use ``row_label`` to compare those).

Nesting is read from the numbering: ``一、`` (level 1), ``（一）`` (2),
``1.`` (3), ``其中：`` and unnumbered rows (4).

Examples
--------
>>> from ogi_nlp.tables.legacy import canonical_name
>>> canonical_name("（一）收到申请数", parent=None), canonical_name("3.网络申请数", parent=None)
('legacy.requests.total', 'legacy.requests.online')
>>> canonical_name("（二）被依法纠错数", parent="legacy.review.total")
'legacy.review.corrected'
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator, Sequence

from .labels import normalise_label, split_numbering
from .registry import legacy_names
from .rows import TableRow, fit_values

__all__ = ["canonical_name", "LEGACY_NAMES", "legacy_records", "is_legacy_header"]

#: (pattern on the label without numbering, canonical name), first match wins; read from
#: the template registry (ogi_nlp/resources/templates.json, section "legacy").
LEGACY_NAMES: tuple[tuple[str, str], ...] = legacy_names()
_COMPILED = tuple((re.compile(p), n) for p, n in LEGACY_NAMES)
_OUTCOMES = (
    (re.compile(r"维持"), "upheld"),
    (re.compile(r"纠错|纠正"), "corrected"),
    (re.compile(r"^其他情形"), "other"),
)
_HEADER = re.compile(r"统计指标|指标名称|统计数")
_TITLE = re.compile(r"统计表")


@lru_cache(maxsize=16384)  # row labels repeat across reports: a label is named once per parent
def canonical_name(label: str, *, parent: str | None) -> str | None:
    """Canonical variable of a legacy row, or None.

    Parameters
    ----------
    label : str
        The row label as printed.
    parent : str or None
        Canonical name of the parent row, used for the outcomes of
        行政复议 / 行政诉讼 (``legacy.review.upheld``).
    """
    _, text = split_numbering(label)
    if parent in ("legacy.review.total", "legacy.litigation.total"):
        for rx, out in _OUTCOMES:
            if rx.search(text):
                return parent.rsplit(".", 1)[0] + "." + out
    for rx, name in _COMPILED:
        if rx.search(text):
            return name
    return None


def is_legacy_header(row: TableRow) -> bool:
    """True if a row holds the 统计指标 / 单位 / 统计数 header or the table title."""
    lab = normalise_label(row.label, keep_notes=True)
    return bool(_HEADER.search(lab) or (_TITLE.search(lab) and not row.values))


def _level(label: str, previous: int) -> int:
    num, _ = split_numbering(label)
    if not num:
        return 4
    if num.endswith(("、",)) and not num[0].isdigit():
        return 1
    if num.startswith("("):
        return 2
    return 3


def legacy_records(rows: Sequence[TableRow], notes: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Tidy records of a legacy table's rows (see module docstring).

    A row printing more than one value for the one 统计数 column is missing (which
    value is meant cannot be told), with a note in ``notes``.
    """
    stack: list[tuple[int, str, str | None]] = []  # level, label, canonical
    n = 0
    used: set[str] = set()
    level = 0
    for row in rows:
        if not row.labels or is_legacy_header(row):
            continue
        label = row.label
        level = _level(label, level)
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent_name = stack[-1][2] if stack else None
        n += 1
        name = canonical_name(label, parent=parent_name)
        if name is None or name in used:
            name = f"legacy.row.{n}"
        used.add(name)
        printed = [v for v in row.values if v[0].status == "ok" or normalise_label(v[0].raw)]
        fitted = fit_values(row.values, 1)[0]
        where = fitted[1] if fitted is not None else row.where
        if len(printed) > 1:
            status, value, raw = "missing", None, " ".join(v[0].raw.strip() for v in printed)
            if notes is not None:
                notes.append(f"row {label.strip()!r} prints {len(printed)} values for one 统计数 column: missing")
        elif fitted is None:
            status, value, raw = "missing", None, ""
        else:
            cv = fitted[0]
            status, value, raw = cv.status, cv.value, cv.raw
        yield {
            "table": "legacy",
            "variable": name,
            "row_label": label.strip(),
            "column_label": "统计数",
            "parent": " > ".join(s[1].strip() for s in stack) or None,
            "value": value,
            "unit": row.unit,
            "raw": raw,
            "status": status,
            "where": where,
        }
        stack.append((level, label, name if not name.startswith("legacy.row.") else None))
