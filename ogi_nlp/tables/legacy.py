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
from typing import Any, Iterator, Sequence

from .labels import normalise_label, split_numbering
from .rows import TableRow, fit_values

__all__ = ["canonical_name", "LEGACY_NAMES", "legacy_records", "is_legacy_header"]

#: (pattern on the label without numbering, canonical name), first match wins.
LEGACY_NAMES: tuple[tuple[str, str], ...] = (
    (r"^主动公开政府信息(数|总数|条数)?$", "legacy.proactive.total"),
    (r"^(收到|受理)(政府信息公开)?申请(数|总数|件数)?$|^申请总数$", "legacy.requests.total"),
    (r"^当面申请", "legacy.requests.in_person"),
    (r"^传真申请", "legacy.requests.fax"),
    (r"^(网络|网上|互联网)申请", "legacy.requests.online"),
    (r"^信函申请", "legacy.requests.letter"),
    (r"^电子邮件申请", "legacy.requests.email"),
    (r"^其他(形式|方式|渠道)申请", "legacy.requests.other"),
    (r"^申请办结(数|总数)?$", "legacy.requests.completed"),
    (r"^按时办结", "legacy.requests.on_time"),
    (r"^延期办结", "legacy.requests.extended"),
    (r"^申请答复(数|总数)?$", "legacy.replies.total"),
    (r"^属于已主动公开范围", "legacy.replies.already_public"),
    (r"^同意公开答复", "legacy.replies.granted"),
    (r"^同意部分公开", "legacy.replies.partly_granted"),
    (r"^不同意公开", "legacy.replies.refused"),
    (r"^不属于本行政机关", "legacy.replies.not_this_agency"),
    (r"^申请信息不存在", "legacy.replies.not_exist"),
    (r"^告知作出更改补充", "legacy.replies.amend"),
    (r"^告知通过其他途径办理", "legacy.replies.other_channel"),
    (r"^(因政府信息公开(申请)?(提起|申请)?)?行政复议(数量|数|案件数)$", "legacy.review.total"),
    (r"^(因政府信息公开(申请)?(提起)?)?行政诉讼(数量|数|案件数)$", "legacy.litigation.total"),
    (r"^(因政府信息公开(申请)?(提起)?)?举报投诉(数量|数|案件数)$", "legacy.complaints.total"),
    (r"^依申请公开(政府)?信息收取的?费用", "legacy.fees.amount"),
    (r"^专职人员", "legacy.staff.full_time"),
    (r"^兼职人员", "legacy.staff.part_time"),
    (r"^举办(各类)?培训班", "legacy.training.sessions"),
    (r"^接受培训人员", "legacy.training.trainees"),
)
_COMPILED = tuple((re.compile(p), n) for p, n in LEGACY_NAMES)
_OUTCOMES = (
    (re.compile(r"维持"), "upheld"),
    (re.compile(r"纠错|纠正"), "corrected"),
    (re.compile(r"^其他情形"), "other"),
)
_HEADER = re.compile(r"统计指标|指标名称|统计数")
_TITLE = re.compile(r"统计表")


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


def legacy_records(rows: Sequence[TableRow]) -> Iterator[dict[str, Any]]:
    """Tidy records of a legacy table's rows (see module docstring)."""
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
        fitted = fit_values(row.values, 1)[0]
        where = fitted[1] if fitted is not None else row.where
        if fitted is None:
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
