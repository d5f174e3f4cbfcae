"""The 2021 national template (国办公开办函〔2021〕30号): rows and columns.

The request matrix (收到和处理政府信息公开申请情况) and the review/litigation
table are shared with the 2019 template, except that the 2021 template splits
（六）其他处理 into three sub-rows.  Names follow /work/shared/spec/tables.md.

Examples
--------
>>> from ogi_nlp.tables.t2021 import REQUEST_ROWS, REQUEST_COLUMNS
>>> REQUEST_ROWS[0].key, REQUEST_COLUMNS[-1].key
('new', 'total')
>>> len(REVIEW_COLUMNS)
15
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "RowDef",
    "ColumnDef",
    "REQUEST_ROWS",
    "REQUEST_COLUMNS",
    "REVIEW_COLUMNS",
    "ACTIVE_ROWS",
    "ACTIVE_COLUMNS",
    "OTHER_SUBROWS",
]


@dataclass(frozen=True, slots=True)
class RowDef:
    """A template row.

    Attributes
    ----------
    key : str
        Row part of the variable name (``result.withheld.state_secret``).
    label : str
        The label as the template prints it.
    aliases : tuple of str
        Accepted texts after normalisation and without numbering.
    number : str
        The numbering the template prints (``"(三)"`` normalised, ``"1."``).
    parent : str or None
        Key of the block the row belongs to (``result.withheld``).
    columns : tuple of str
        For the proactive table: the column keys of the row.
    """

    key: str
    label: str
    aliases: tuple[str, ...]
    number: str = ""
    parent: str | None = None
    columns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ColumnDef:
    """A template column: key, printed label, accepted texts, unit."""

    key: str
    label: str
    aliases: tuple[str, ...]
    unit: str = "件"


REQUEST_COLUMNS: tuple[ColumnDef, ...] = (
    ColumnDef("natural_person", "自然人", ("自然人",)),
    ColumnDef("commercial", "法人或其他组织/商业企业", ("商业企业",)),
    ColumnDef("research", "法人或其他组织/科研机构", ("科研机构",)),
    ColumnDef("nonprofit", "法人或其他组织/社会公益组织", ("社会公益组织",)),
    ColumnDef("legal_service", "法人或其他组织/法律服务机构", ("法律服务机构",)),
    ColumnDef("other_org", "法人或其他组织/其他", ("其他",)),
    ColumnDef("total", "总计", ("总计",)),
)

_W = "result.withheld"
_U = "result.unavailable"
_N = "result.not_processed"
_O = "result.other"

REQUEST_ROWS: tuple[RowDef, ...] = (
    RowDef("new", "一、本年新收政府信息公开申请数量", ("本年新收政府信息公开申请数量", "本年新收申请数量"), "一、"),
    RowDef("carried_in", "二、上年结转政府信息公开申请数量", ("上年结转政府信息公开申请数量", "上年结转申请数量"), "二、"),
    RowDef("result.disclosed", "（一）予以公开", ("予以公开",), "(一)", "result"),
    RowDef("result.partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("部分公开",), "(二)", "result"),
    RowDef(f"{_W}.state_secret", "1.属于国家秘密", ("属于国家秘密",), "1.", _W),
    RowDef(f"{_W}.law_prohibited", "2.其他法律行政法规禁止公开", ("其他法律行政法规禁止公开",), "2.", _W),
    RowDef(f"{_W}.security_stability", "3.危及“三安全一稳定”", ("危及三安全一稳定",), "3.", _W),
    RowDef(f"{_W}.third_party", "4.保护第三方合法权益", ("保护第三方合法权益",), "4.", _W),
    RowDef(f"{_W}.internal_affairs", "5.属于三类内部事务信息", ("属于三类内部事务信息",), "5.", _W),
    RowDef(f"{_W}.process_info", "6.属于四类过程性信息", ("属于四类过程性信息",), "6.", _W),
    RowDef(f"{_W}.enforcement_file", "7.属于行政执法案卷", ("属于行政执法案卷",), "7.", _W),
    RowDef(f"{_W}.admin_inquiry", "8.属于行政查询事项", ("属于行政查询事项",), "8.", _W),
    RowDef(f"{_U}.not_held", "1.本机关不掌握相关政府信息", ("本机关不掌握相关政府信息",), "1.", _U),
    RowDef(f"{_U}.needs_creation", "2.没有现成信息需要另行制作", ("没有现成信息需要另行制作",), "2.", _U),
    RowDef(f"{_U}.unclear", "3.补正后申请内容仍不明确", ("补正后申请内容仍不明确",), "3.", _U),
    RowDef(f"{_N}.petition", "1.信访举报投诉类申请", ("信访举报投诉类申请",), "1.", _N),
    RowDef(f"{_N}.duplicate", "2.重复申请", ("重复申请",), "2.", _N),
    RowDef(f"{_N}.publication", "3.要求提供公开出版物", ("要求提供公开出版物",), "3.", _N),
    RowDef(f"{_N}.excessive", "4.无正当理由大量反复申请", ("无正当理由大量反复申请",), "4.", _N),
    RowDef(
        f"{_N}.confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        ("要求行政机关确认或重新出具已获取信息",),
        "5.",
        _N,
    ),
    RowDef(_O, "（六）其他处理", ("其他处理", "其他处理总计"), "(六)", "result"),
    RowDef(
        f"{_O}.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请", "申请人无正当理由逾期不补正"),
        "1.",
        _O,
    ),
    RowDef(
        f"{_O}.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请", "申请人逾期未按收费通知要求缴纳费用"),
        "2.",
        _O,
    ),
    RowDef(f"{_O}.other", "3.其他", ("其他",), "3.", _O),
    RowDef("result.total", "（七）总计", ("总计",), "(七)", "result"),
    RowDef("carried_out", "四、结转下年度继续办理", ("结转下年度继续办理",), "四、"),
)

#: Keys of the three sub-rows that only the 2021 template prints.
OTHER_SUBROWS: tuple[str, ...] = (f"{_O}.no_correction", f"{_O}.fee_unpaid", f"{_O}.other")

#: Printed block headers of the request table (rows without values of their own).
REQUEST_PARENTS: dict[str, tuple[str, ...]] = {
    "result": ("本年度办理结果",),
    _W: ("不予公开",),
    _U: ("无法提供",),
    _N: ("不予处理",),
    _O: ("其他处理",),
}

_BLOCKS = (
    ("review", "行政复议"),
    ("litigation_direct", "行政诉讼/未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼/复议后起诉"),
)
_OUTCOMES = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)

#: The fifteen review/litigation values, in printed order: (variable, column label).
REVIEW_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (f"review.{b}.{o}", f"{bl}/{ol}") for b, bl in _BLOCKS for o, ol in _OUTCOMES
)

ACTIVE_COLUMNS: tuple[ColumnDef, ...] = (
    ColumnDef("issued", "本年制发件数", ("本年制发件数",)),
    ColumnDef("repealed", "本年废止件数", ("本年废止件数",)),
    ColumnDef("in_force", "现行有效件数", ("现行有效件数",)),
    ColumnDef("decisions", "本年处理决定数量", ("本年处理决定数量",)),
    ColumnDef("amount", "本年收费金额（单位：万元）", ("本年收费金额",), "万元"),
)

ACTIVE_ROWS: tuple[RowDef, ...] = (
    RowDef("regulations", "规章", ("规章",), columns=("issued", "repealed", "in_force")),
    RowDef("normative_documents", "行政规范性文件", ("行政规范性文件", "规范性文件"), columns=("issued", "repealed", "in_force")),
    RowDef("licensing", "行政许可", ("行政许可",), columns=("decisions",)),
    RowDef("penalty", "行政处罚", ("行政处罚",), columns=("decisions",)),
    RowDef("coercion", "行政强制", ("行政强制",), columns=("decisions",)),
    RowDef("fees", "行政事业性收费", ("行政事业性收费",), columns=("amount",)),
)
