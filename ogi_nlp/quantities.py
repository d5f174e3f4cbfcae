"""Numbers stated in the narrative, and how they compare with the tables.

:func:`extract_quantities` finds counted quantities in text ("受理申请10件",
"主动公开政府信息1136条", "1.2万元", "十二件"): the number as printed, its unit
as printed, a normalised value (万 and 亿 multiplied out, so 1.2万元 is
12000 元), what it counts (the clause before it) and its span.

:func:`compare_text_tables` sets sentences' quantities against the table
variables they restate, by rules kept as data (:data:`TEXT_TABLE_RULES`),
and says whether both sides agree.

Examples
--------
>>> from ogi_nlp.quantities import extract_quantities
>>> [(q.text, q.value, q.unit, q.normalised, q.base_unit) for q in extract_quantities("全年受理申请1,056件，收费1.2万元。")]
[('1,056件', 1056, '件', 1056, '件'), ('1.2万元', 1.2, '万元', 12000.0, '元')]
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from .tables.parse import typed_frame
from .zh.chars import fullwidth_digits_to_ascii
from .zh.numerals import CN_NUMBER_CHARS, parse_number
from .zh.units import MULTIPLIERS, PERCENT, UNITS

__all__ = ["Quantity", "extract_quantities", "quantities_frame", "compare_text_tables", "TEXT_TABLE_RULES", "RULE_WORDS",
           "may_restate", "COMPARE_COLUMNS"]

#: Count and money units (the one list in ogi_nlp.zh.units), longest first in the pattern.
_UNITS = UNITS + PERCENT
_MULT = MULTIPLIERS
_CN = CN_NUMBER_CHARS.replace("点", "")  # a decimal point written out is no count in running text
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?P<num>(?<![\d.])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?|[{_CN}]+)"
    rf"[ \u3000]?(?P<approx>余|多)?(?P<mult>万|亿)?(?P<approx2>余|多)?(?P<unit>{_UNIT_ALT})"
)
# What every quantity ends with: a digit (either width) or numeral, then its unit. A text
# without it holds no quantity, and is not scanned further (most sentences).
_HAS_QUANTITY = re.compile(rf"[\d０-９{_CN}][ \u3000]?(?:余|多)?(?:万|亿)?(?:余|多)?(?:{_UNIT_ALT}|%|％)")
_CLAUSE_BREAK = re.compile(r"[，,。；;：:！!？?\n、（）()]")
_ORDINAL = re.compile(r"第$")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number stated in text with its unit.

    Attributes
    ----------
    text : str
        The quantity as printed (``"1.2万元"``).
    value : int or float
        The number as printed (``1.2``).
    unit : str
        The unit as printed, with its multiplier (``"万元"``).
    normalised : int or float
        The value in ``base_unit`` (``12000.0``).
    base_unit : str
        The unit without multiplier (``"元"``).
    approximate : bool
        Printed with 余 / 多 (more than).
    what : str
        The clause before the number: what is counted.
    start, end : int
        Span of ``text`` in the input string.
    """

    text: str
    value: int | float
    unit: str
    normalised: int | float
    base_unit: str
    approximate: bool
    what: str
    start: int
    end: int


def extract_quantities(text: str) -> list[Quantity]:
    """Find counted quantities in a text.

    Parameters
    ----------
    text : str
        A sentence or a longer text.

    Returns
    -------
    list of Quantity
        In text order.  Numbers without a unit (years, phone numbers) and
        ordinals (第三次) are not quantities.

    Examples
    --------
    >>> [q.normalised for q in extract_quantities("共收到申请十二件，其中通过信函申请２件。")]
    [12, 2]
    >>> extract_quantities("2018年3月，第一次会议")
    []
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if not _HAS_QUANTITY.search(text):
        return []
    probe = fullwidth_digits_to_ascii(text)  # same length: spans stay valid
    out: list[Quantity] = []
    scanned, clause_start = 0, 0  # clause breaks are scanned once, left to right (linear time)
    for m in _QUANTITY.finditer(probe):
        num = m["num"]
        if _ORDINAL.search(probe[max(0, m.start() - 1):m.start()]):
            continue
        value = parse_number(num)
        if value is None:
            continue
        if num[0] in _CN and len(num) == 1 and m["unit"] in ("个", "人", "家", "部", "批", "份", "项"):
            continue  # 一个 / 一家: an article, not a count worth keeping
        mult = _MULT.get(m["mult"] or "", 1)
        normalised: int | float = value * mult
        if isinstance(normalised, float) and normalised.is_integer() and isinstance(value, int):
            normalised = int(normalised)
        unit = (m["mult"] or "") + m["unit"]
        for b in _CLAUSE_BREAK.finditer(probe, scanned, m.start()):
            clause_start = b.end()
        scanned = max(scanned, m.start())
        lo = max(clause_start, m.start() - 256)  # bounded slice: a long clause stays linear
        seg = text[lo:m.start()].strip()
        if lo > clause_start and len(seg) < 30:
            seg = text[clause_start:m.start()].strip()  # a clause of mostly blanks: the exact rule
        what = seg[-30:]
        out.append(Quantity(
            text=text[m.start():m.end()], value=value, unit=unit, normalised=normalised,
            base_unit=m["unit"].replace("％", "%"), approximate=bool(m["approx"] or m["approx2"]),
            what=what, start=m.start(), end=m.end(),
        ))
    return out


#: Rules kept as data: id, pattern on the clause before the number, pattern on the
#: words right after it, pattern that vetoes (a part, not the total), base units,
#: variables in order of preference (the first present in the report is compared).
TEXT_TABLE_RULES: tuple[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("requests_carried_in", r"上年(度)?结转", "", "", ("件",), ("requests.carried_in.total",)),
    ("requests_carried_out", r"结转(下|至下|到下)", r"^(结转|顺延|转)(到|至)?下一?年度?", "", ("件",),
     ("requests.carried_out.total",)),
    ("requests_received",
     r"(受理|收到|新收|接收|共收|收悉).{0,16}申请|依申请公开(事项|申请)?(共|总计)?$", r"^(政府信息公开|依申请公开)?申请",
     r"其中|通过|当面|信函|网络|网上|传真|邮件|延期|按时|办结|答复|转", ("件",),
     ("requests.new.total", "legacy.requests.total")),
    ("requests_answered", r"(?<!按时)(?<!延期)答复(了|的)?$", "", r"其中|按时|延期|告知|同意|不予", ("件",),
     ("requests.result.total.total", "legacy.replies.total")),
    ("requests_completed", r"(?<!按时)(?<!延期)办结$", "", r"其中|按时|延期", ("件",), ("legacy.requests.completed",)),
    ("proactive_total", r"主动公开.{0,12}(政府)?信息$", "", r"网站|微博|微信|公报|头条|其他方式|渠道|栏目", ("条",),
     ("legacy.proactive.total",)),
    ("review_total", r"行政复议(案件)?(共)?$", r"^(政府信息公开)?行政复议", r"纠错|纠正|维持", ("件", "起"),
     ("review.review.total", "legacy.review.total")),
    ("litigation_total", r"行政诉讼(案件)?(共)?$", r"^(政府信息公开)?行政诉讼", r"纠错|纠正|维持", ("件", "起"),
     ("legacy.litigation.total",)),
    ("fees_amount", r"(收取|收费|缴纳).{0,12}(费|费用)?$", "", r"减免|免除", ("元",), ("legacy.fees.amount",)),
    ("licensing_decisions", r"行政许可.{0,8}$", "", "", ("件", "个", "项"), ("active.licensing.decisions",)),
    ("penalty_decisions", r"行政处罚.{0,8}$", "", r"警告", ("件", "个", "项"), ("active.penalty.decisions",)),
    ("normative_documents_issued", r"(制发|出台|印发).{0,8}(行政)?规范性文件$", "", "", ("件", "个"),
     ("active.normative_documents.issued",)),
)
_RULES = tuple(
    (rid, re.compile(before), re.compile(after) if after else None, re.compile(veto) if veto else None, units, variables)
    for rid, before, after, veto, units, variables in TEXT_TABLE_RULES
)
#: For each rule, words one of which every match of its patterns holds (before: on the clause
#: before the number; after: on the words after it). Both are cut from the sentence, so a
#: sentence holding none of any rule's words restates no table value and is not scanned for
#: quantities (most sentences). A test holds every rule to its words.
RULE_WORDS: dict[str, tuple[str, ...]] = {
    "requests_carried_in": ("结转",),
    "requests_carried_out": ("转", "顺延"),
    "requests_received": ("申请",),
    "requests_answered": ("答复",),
    "requests_completed": ("办结",),
    "proactive_total": ("主动公开",),
    "review_total": ("行政复议",),
    "litigation_total": ("行政诉讼",),
    "fees_amount": ("收取", "收费", "缴纳"),
    "licensing_decisions": ("行政许可",),
    "penalty_decisions": ("行政处罚",),
    "normative_documents_issued": ("规范性文件",),
}
_RULE_WORD = re.compile("|".join(re.escape(w) for rid, *_ in TEXT_TABLE_RULES for w in RULE_WORDS[rid]))


def may_restate(text: str) -> bool:
    """Whether a sentence can restate a table value by a rule: it holds a quantity and a word of a
    rule (:data:`RULE_WORDS`); a sentence for which this is False gives no comparison.

    >>> may_restate("全年受理申请10件。"), may_restate("全年发布信息10条。"), may_restate("依申请公开工作")
    (True, False, False)
    """
    return _RULE_WORD.search(text) is not None and _HAS_QUANTITY.search(text) is not None

COMPARE_COLUMNS: tuple[str, ...] = (
    "report", "sentence_id", "sentence", "quantity", "what", "start", "end", "text_value", "unit",
    "rule", "variable", "table_value", "table_unit", "table_raw", "table_status", "row_label",
    "block", "page", "cell_row", "cell_col", "agree",
)


def _after(text: str, end: int) -> str:
    m = _CLAUSE_BREAK.search(text, end, end + 12)  # bounded: a long text without breaks stays linear
    return text[end:m.start() if m else end + 12]


_MAX_SENTENCE = 2000


def _context(text: str, q: Quantity) -> str:
    """The sentence, or for an overlong one (a text without sentence ends) 500 characters each side."""
    if len(text) <= _MAX_SENTENCE:
        return text
    return text[max(0, q.start - 500):q.end + 500]


def _to_table_unit(q: Quantity, table_unit: str | None) -> float | int:
    if q.base_unit == "元" and table_unit == "万元":
        return q.normalised / 10_000
    return q.normalised


def _column(series: pd.Series) -> list[Any]:
    """``series.tolist()`` with missing values as ``to_dict("records")`` gives them."""
    values = series.tolist()
    if series.dtype == object or not pd.api.types.is_string_dtype(series.dtype):
        values = [None if v is pd.NA else v for v in values]  # as to_dict: NA is None
    return values


def _records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """``frame.to_dict("records")`` (missing values as to_dict gives them), column by column: faster."""
    names = [c for c in (columns if columns is not None else frame.columns) if c in frame.columns]
    lists = [_column(frame[name]) for name in names]
    return [dict(zip(names, row)) for row in zip(*lists)] if names else [{} for _ in range(len(frame))]


# The variables the rules compare, and the cell columns read from them.
_RULE_VARIABLES = frozenset(v for *_, variables in TEXT_TABLE_RULES for v in variables)
_CELL_COLUMNS = ("variable", "value", "unit", "raw", "status", "row_label", "block", "page", "cell_row", "cell_col")


_NAN = float("nan")
_PRESENTED: dict[frozenset, str] = {}  # the kinds of an inferred column's values -> the dtype pandas gives it


def _presented(values: list[Any], dtype: str | None, rows: list[int]) -> list[Any] | None:
    """``_column(typed_frame({"c": values}, {"c": dtype})["c"])`` at ``rows``, without the frame,
    for the dtypes a tables frame has (``None`` for any other: the frame is made then)."""
    if dtype == "Float64":
        return [None if (v := values[i]) is None or v is pd.NA or v != v else float(v) for i in rows]
    if dtype == "Int64":
        return [None if (v := values[i]) is None or v is pd.NA or isinstance(v, float) and v != v else int(v)
                for i in rows]
    if dtype is not None:
        return None
    kinds = frozenset(map(type, values))  # one pass in C; NaN told apart only where a float may be one
    if any(issubclass(kind, float) for kind in kinds):
        kinds = frozenset("nan" if isinstance(v, float) and v != v else type(v) for v in values)
    if int in kinds and any(type(v) is int and not -(1 << 63) <= v < 1 << 63 for v in values):
        return None
    inferred = _PRESENTED.get(kinds)
    if inferred is None:  # as pandas infers it, once per kind of column
        if len(_PRESENTED) >= 256:
            _PRESENTED.clear()
        inferred = _PRESENTED[kinds] = str(typed_frame({"c": values}, {})["c"].dtype)
    if inferred == "str":  # missing text is NaN in a str column
        return [_NAN if (v := values[i]) is None or v is pd.NA or isinstance(v, float) and v != v else v for i in rows]
    if inferred == "object":
        return [None if (v := values[i]) is pd.NA else v for i in rows]
    if inferred == "int64" and kinds == {int}:
        return [values[i] for i in rows]
    return None


class _Cells:
    """The cells of a values frame that a rule may compare, read from the frame only when one is.

    ``values``: the frame, or its columns as lists and the dtypes it gives some of them
    (``typed_frame(*values)``; read without making the frame where it can be).
    """

    def __init__(self, values: pd.DataFrame | tuple[dict[str, list[Any]], dict[str, str]]) -> None:
        self.values = values
        self.by_report: dict[Any, dict[str, int]] = {}  # report -> variable -> row of its first record
        self.named: set[Any] = set()  # every report of the frame
        self._records: dict[int, dict[str, Any]] | None = None
        if isinstance(values, tuple):
            data = values[0]
            variables = data["variable"]
            reports = data["report"] if "report" in data else [None] * len(variables)
            if not variables:
                return
        else:
            if not len(values):
                return
            variables = values["variable"].tolist()
            reports = values["report"].tolist() if "report" in values.columns else [None] * len(values)
        self.named = set(reports)
        for i, (rep, var) in enumerate(zip(reports, variables)):
            if var in _RULE_VARIABLES:
                self.by_report.setdefault(rep, {}).setdefault(var, i)

    def table(self, rep: Any) -> dict[str, int]:
        """The report's variables, else those without a report name (as a lookup of all its records would)."""
        if rep in self.named:
            return self.by_report.get(rep, {})
        return self.by_report.get(None, {}) if None in self.named else {}

    def record(self, row: int) -> dict[str, Any]:
        """The row's cell columns, missing values as ``to_dict("records")`` gives them."""
        if self._records is None:
            rows = sorted(i for table in self.by_report.values() for i in table.values())
            lists = None
            if isinstance(self.values, tuple):
                data, dtypes = self.values
                names = [c for c in data if c in _CELL_COLUMNS]
                lists = [_presented(data[name], dtypes.get(name), rows) for name in names]
                if any(column is None for column in lists):
                    self.values, lists = typed_frame(data, dtypes), None
            if lists is None:
                names = [c for c in self.values.columns if c in _CELL_COLUMNS]
                lists = [[column[i] for i in rows] for column in (_column(self.values[name]) for name in names)]
            self._records = {i: dict(zip(names, record)) for i, record in zip(rows, zip(*lists))}
        return self._records[row]


@lru_cache(maxsize=2)
def _no_comparison(keep_report: bool) -> pd.DataFrame:
    """The frame a list of no records gives (object columns), ``agree`` boolean: made once, copied."""
    df = pd.DataFrame([], columns=list(COMPARE_COLUMNS))
    df["agree"] = df["agree"].astype("boolean")
    return df if keep_report else df.drop(columns="report")


def compare_text_tables(sentences: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """Set quantities stated in sentences against the table variables they restate.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Columns ``text`` and optionally ``report``, ``sentence_id``,
        ``start`` (the sentence's offset in the document), ``is_heading``.
    values : pandas.DataFrame
        Tidy table values (``variable``, ``value``, ``unit``, ``raw``,
        ``status``, provenance columns), optionally with ``report``.

    Returns
    -------
    pandas.DataFrame
        One row per quantity matched by a rule (:data:`COMPARE_COLUMNS`):
        both sides, the sentence (for a sentence over 2,000 characters, the
        500 characters each side of the quantity) and the cell, and ``agree`` (NA when the
        table value is missing or absent, or when the text says 余/多).
        ``start``/``end`` are the quantity's span in the document when the
        sentences carry ``start``, else in the sentence.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"text": ["2018年，我局共受理依申请公开事项10件。"]})
    >>> v = pd.DataFrame({"variable": ["legacy.requests.total"], "value": [10], "unit": ["件"],
    ...                   "raw": ["10"], "status": ["ok"]})
    >>> compare_text_tables(s, v)[["text_value", "variable", "table_value", "agree"]].values.tolist()
    [[10, 'legacy.requests.total', 10, True]]
    """
    srep = sentences["report"] if "report" in sentences.columns else [None] * len(sentences)
    records = _records(sentences, ["is_heading", "text", "start", "sentence_id"])  # the columns read below
    return compare_records(srep, records, values, keep_report="report" in sentences.columns)


# the comparison frame's columns given a dtype; the others are as pandas infers them from the values
COMPARE_DTYPES = {"agree": "boolean"}


def compare_records(srep: Any, records: list[dict[str, Any]], values: pd.DataFrame, *, keep_report: bool) -> pd.DataFrame:
    """:func:`compare_text_tables` of sentences given as their reports and records."""
    return comparison_frame(compare_columns(srep, records, values, keep_report=keep_report), keep_report=keep_report)


def comparison_frame(columns: dict[str, list[Any]], *, keep_report: bool) -> pd.DataFrame:
    """The frame of :func:`compare_columns`' columns."""
    if not columns["sentence_id"]:
        return _no_comparison(keep_report).copy()
    # built once from columns (the same dtypes as from row records, without a second pass)
    return typed_frame(columns, COMPARE_DTYPES)


def compare_columns(srep: Any, records: list[dict[str, Any]],
                    values: pd.DataFrame | tuple[dict[str, list[Any]], dict[str, str]], *,
                    keep_report: bool) -> dict[str, list[Any]]:
    """The columns of :func:`compare_records`' frame as lists (``values``: the values frame,
    or its columns as lists and the dtypes the frame gives some of them)."""
    cells: _Cells | None = None  # read when a rule first fits a quantity
    rows: list[tuple[Any, ...]] = []
    variables = (values[0]["variable"] if isinstance(values, tuple)
                 else values["variable"] if "variable" in values.columns else () if not len(values) else None)
    if variables is not None and _RULE_VARIABLES.isdisjoint(variables):
        records = []  # no variable a rule compares: no quantity finds a table value (most reports without tables)
    for i, (rep, srec) in enumerate(zip(srep, records)):
        if srec.get("is_heading") is True:
            continue
        text = srec.get("text") or ""
        if not may_restate(text):
            continue  # no rule can match it (see RULE_WORDS)
        start = srec.get("start")
        if type(start) is int:  # the usual case, as the test below would give it
            offset = start
        else:
            offset = int(srec["start"]) if start is not None and not pd.isna(start) else 0
        for q in extract_quantities(text):
            after = _after(text, q.end)
            for rid, rx, rx_after, veto, units, variables in _RULES:
                if q.base_unit not in units:
                    continue
                if not (rx.search(q.what) or (rx_after is not None and rx_after.search(after))):
                    continue
                if veto is not None and veto.search(q.what):
                    continue
                if cells is None:
                    cells = _Cells(values)
                table = cells.table(rep)
                var = next((v for v in variables if v in table), None)
                if var is None:
                    break
                cell = cells.record(table[var])
                raw = cell.get("raw")
                raw = None if raw is None or raw is pd.NA or (isinstance(raw, float) and raw != raw) else raw
                tv = cell.get("value")
                tv = None if tv is None or pd.isna(tv) else tv
                text_value = _to_table_unit(q, cell.get("unit"))
                agree = pd.NA if tv is None or q.approximate else bool(abs(text_value - tv) < 1e-6)
                rows.append((  # in the order of COMPARE_COLUMNS
                    rep, srec.get("sentence_id", i), _context(text, q),
                    q.text, q.what, offset + q.start, offset + q.end,
                    text_value, cell.get("unit") or q.base_unit, rid,
                    var, tv if tv is not None else pd.NA,
                    cell.get("unit"), raw,  # text or None, never a float NaN (an absent cell has no raw text)
                    cell.get("status"), cell.get("row_label"),
                    cell.get("block"), cell.get("page"),
                    cell.get("cell_row"), cell.get("cell_col"), agree,
                ))
                break
    return {name: list(column) for name, column in zip(COMPARE_COLUMNS, zip(*rows) if rows else [()] * len(COMPARE_COLUMNS))
            if name != "report" or keep_report}


def quantities_frame(text: str) -> pd.DataFrame:
    """:func:`extract_quantities` as a DataFrame (one row per quantity).

    >>> quantities_frame("发布信息978篇")[["value", "unit"]].values.tolist()
    [[978, '篇']]
    """
    return pd.DataFrame([asdict(q) for q in extract_quantities(text)],
                        columns=[f for f in Quantity.__dataclass_fields__])
