"""Report metadata from the title lines: agency, year, document type, level.

:func:`extract_meta` reads the title at the top of a document (one line, or a
title wrapped over several lines: ``淮安市人民政府`` / ``2024 年政府信息公开工作年度报告``)
and returns plain data:

``title``
    The title as printed, lines joined (``None`` if none is found).
``agency``
    The issuing body as printed in the title (``北京市知识产权局``,
    ``市知识产权事业发展中心``); if the title names none, the body that "compiled"
    the report according to its first lines (``本报告由…编制``); else ``None``.
``agency_source``
    ``"title"``, ``"text"`` or ``None``: where ``agency`` was found.
``year``
    The year the report covers (or the plan's year), from the title; failing
    that from the statistics period (``统计期限自2021年1月1日``).  Publication
    dates (``时间:2023-01-31``, ``2018年5月17日``) are never used.  ``None`` if absent.
``doc_type``
    ``"annual_report"``, ``"work_plan"`` (工作要点, or a notice issuing one),
    ``"template"`` (a blank form: 模板/模版/格式 in the title or placeholders
    such as XX, ××, （文字描述） and no year), or ``"other"``.
``level``
    Administrative level from the agency name (see :func:`agency_level`).

Examples
--------
>>> from ogi_nlp.document import Block, Document
>>> doc = Document.from_blocks("x", [Block("paragraph", t) for t in
...     ["北京市知识产权局2022年政府信息公开", "年度报告", "一、总体情况"]])
>>> m = extract_meta(doc)
>>> m["agency"], m["year"], m["doc_type"], m["level"]
('北京市知识产权局', 2022, 'annual_report', 'provincial')
"""
from __future__ import annotations

import re
from typing import Any

from .document import Document

__all__ = ["extract_meta", "agency_level", "LEVELS", "DOC_TYPES"]

LEVELS: tuple[str, ...] = ("central", "provincial", "municipal", "county", "unknown")
DOC_TYPES: tuple[str, ...] = ("annual_report", "work_plan", "template", "other")

_MAX_TITLE_LINES = 8
_MAX_TITLE_LINE = 60
_SPACES = re.compile(r"[\s\u3000\xa0]+")
# A web copy's byline after the title: "…年报 时间:2023-01-31", "来源：…".
_BYLINE = re.compile(r"\s*(?:发布时间|时间|日期|来源|发布日期|浏览次数|字号)\s*[:：].*$")
_DOC_WORD = re.compile(r"年度报告|年报|工作报告|报告|工作要点|要点|通知")
# Lines above a title that are not part of it: the red header "…文件",
# a document number "国知办发办字[2018]19号", a date line.
_NOT_TITLE = re.compile(
    r"文件$|[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d+\s*号|^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$"
)
_HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)])")
_BODY_START = re.compile(r"^\s*(?:本报告|本年度报告|根据|依据|按照|为|现将|各)")
_YEAR = r"(?:19|20)\d{2}"
# The year in a title, with what goes with it: "2018年", "2021年度", "（2022年度）".
_TITLE_YEAR = re.compile(rf"[（(〔\[]?(?P<year>{_YEAR})\s*年?度?[）)〕\]]?")
# The agency is what precedes the subject of the title.
_SUBJECT = re.compile(r"政府信息公开|政务公开|信息公开|年度报告|年报|工作报告|工作要点")
_ISSUING = re.compile(r"^(?P<agency>.+?)关于(?:印发|转发|做好)")
_PLAN_YEAR = re.compile(rf"(?P<year>{_YEAR})年?度?(?:政务公开|政府信息公开)?工作要点")
_TEXT_AGENCY = re.compile(r"本(?:年度)?报告(?:是)?由(?P<agency>[^，,。；;（(《]{2,40}?)(?:按照|根据|依据|依照|编制|负责编制)")
_PERIOD_YEAR = re.compile(rf"统计期限(?:为|是)?自?\s*(?P<year>{_YEAR})\s*年")
_PLACEHOLDER = re.compile(r"[XＸ×xｘ]{2,}|[○〇□]{2,}|（(?:文字描述|单位名称|机关名称)[^）]*）|\((?:文字描述|单位名称)[^)]*\)")
_TEMPLATE_WORD = re.compile(r"模板|模版|格式|样本|范本")
_ANNUAL = re.compile(r"年度报告|年报|工作报告")
_PLAN = re.compile(r"工作要点|工作安排|工作方案|实施方案")
_AGENCY_END = re.compile(r"(?:局|委员会|委|办公室|办公厅|办|厅|部|院|署|政府|中心|会|所|站|馆|队|处|室|公司|集团|组|区|县|市|省|镇|乡|街道)$")

_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
# Place units, longest names first; 州 right before 市/县 is part of a city name (广州市).
_UNIT = re.compile(
    r"[\u4e00-\u9fff]{1,9}?(?P<unit>特别行政区|自治区|自治州|自治县|自治旗|新区|地区|街道|省|市|州(?![市县])|盟|县|旗|区|镇|乡)"
)
_CENTRAL_PREFIX = re.compile(r"^(?:国家|国务院|中华人民共和国|中央|中国|全国)")
_CENTRAL_ORGAN = re.compile(r"(?:部|总局|总署|署|银行|委员会)(?:办公厅|办公室)?$")


def _norm(text: str) -> str:
    return _SPACES.sub("", text)


def _title_lines(doc: Document) -> list[str]:
    """The lines that make up the title, as printed (bylines removed)."""
    lines: list[str] = []
    for block in doc.blocks:
        if len(lines) >= _MAX_TITLE_LINES:
            break
        if block.kind not in ("heading", "paragraph"):
            break
        for raw in block.text.splitlines():
            line = raw.strip(" \t\u3000\xa0")
            if line:
                lines.append(line)
    candidates: list[str] = []
    for line in lines[:_MAX_TITLE_LINES]:
        if _HEADING_START.match(line) or _BODY_START.match(line) or len(_norm(line)) > _MAX_TITLE_LINE:
            break
        candidates.append(_BYLINE.sub("", line))
    # The title ends at the first line naming the document type; short lines
    # right above it (agency on its own line) belong to it.
    for i, line in enumerate(candidates):
        if _DOC_WORD.search(line) and not _NOT_TITLE.search(line):
            j = i
            while j > 0 and not _NOT_TITLE.search(candidates[j - 1]) and not _DOC_WORD.search(candidates[j - 1]):
                j -= 1
            end = i + 1
            # "…政府信息公开工作" / "年度报告": the type word may be on the next line.
            if (
                end < len(candidates)
                and not _ANNUAL.search(line)
                and _ANNUAL.search(candidates[end])
                and len(_norm(candidates[end])) <= 10
            ):
                end += 1
            return candidates[j:end]
    return candidates[:1]


def agency_level(agency: str | None) -> str:
    """Administrative level of an agency from its name.

    The rule, in order:

    1. no name -> ``"unknown"``;
    2. 国家/国务院/中华人民共和国/中央/中国/全国 at the start, or no place name and a
       ministry-style ending (部, 总局, 署, 委员会) -> ``"central"``;
    3. otherwise the *last* place unit at the start of the name decides:
       省/自治区/特别行政区 and the four municipalities 北京市 上海市 天津市 重庆市 ->
       ``"provincial"``; 市/州/自治州/地区/盟 -> ``"municipal"`` (a 市 inside
       another 市 or 州 is a county-level city -> ``"county"``); 区/县/旗/新区/自治县 ->
       ``"county"`` (a district of a city, 自治区 excepted); 镇/乡/街道 -> ``"unknown"``
       (township level is not coded);
    4. a bare abbreviation at the start (``市知识产权事业发展中心``, ``区政府``) is read
       the same way (省 -> provincial, 市 -> municipal, 区/县 -> county).

    County-level cities named alone (昆山市) read as municipal: the name does not
    tell them apart without a gazetteer.

    Examples
    --------
    >>> [agency_level(a) for a in ["国家知识产权局办公室", "上海市知识产权局", "淮安市人民政府",
    ...                            "淮安市洪泽区人民政府", "市知识产权事业发展中心", None]]
    ['central', 'provincial', 'municipal', 'county', 'municipal', 'unknown']
    """
    if not agency:
        return "unknown"
    name = _norm(agency)
    if _CENTRAL_PREFIX.match(name):
        return "central"
    units: list[str] = []
    pos = 0
    while True:
        m = _UNIT.match(name, pos)
        if m is None:
            break
        units.append(m.group())
        pos = m.end()
    if not units:
        head = name[:1]
        if head in "省":
            return "provincial"
        if head in "市州":
            return "municipal"
        if head in "区县旗":
            return "county"
        if _CENTRAL_ORGAN.search(name):
            return "central"
        return "unknown"
    last = units[-1]
    if last.endswith(("镇", "乡", "街道")):
        return "unknown"
    if last.endswith(("省", "自治区", "特别行政区")):
        return "provincial"
    if last in _MUNICIPALITIES:
        return "provincial"
    if last.endswith(("区", "县", "旗")):
        return "county"
    if last.endswith("市") and len(units) > 1 and units[-2].endswith(("市", "州", "地区", "盟")):
        return "county"
    return "municipal"


def _doc_type(title: str, text_head: str, year: int | None) -> str:
    if _TEMPLATE_WORD.search(title) and _ANNUAL.search(title) or (year is None and _PLACEHOLDER.search(title)):
        return "template"
    if _PLAN.search(title):
        return "work_plan"
    if _ANNUAL.search(title):
        return "annual_report"
    if _PLACEHOLDER.search(text_head) and year is None:
        return "template"
    return "other"


def extract_meta(doc: Document) -> dict[str, Any]:
    """Agency, year, document type, level and title of a report.

    Parameters
    ----------
    doc : Document
        A document as read by :func:`ogi_nlp.read.read_document`.

    Returns
    -------
    dict
        Keys ``title``, ``agency``, ``agency_source``, ``year``, ``doc_type``,
        ``level`` (see the module docstring); a value not found is ``None``
        (``level`` is then ``"unknown"``).

    Examples
    --------
    >>> from ogi_nlp.document import Block, Document
    >>> doc = Document.from_blocks("x", [Block("paragraph", "2022上海市知识产权局政府信息公开年报 时间:2023-01-31")])
    >>> m = extract_meta(doc)
    >>> m["title"], m["agency"], m["year"]
    ('2022上海市知识产权局政府信息公开年报', '上海市知识产权局', 2022)
    """
    if not isinstance(doc, Document):
        raise TypeError(f"extract_meta expects a Document, got {type(doc).__name__}")
    lines = _title_lines(doc)
    title = "".join(lines) if lines else None
    flat = _norm(title or "")
    agency: str | None = None
    year: int | None = None

    if flat:
        m = _ISSUING.match(flat)
        if m and _PLAN.search(flat):
            agency = m.group("agency")
            py = _PLAN_YEAR.search(flat)
            year = int(py.group("year")) if py else None
        else:
            m = _TITLE_YEAR.search(flat)
            if m:
                year = int(m.group("year"))
                flat_wo_year = flat[: m.start()] + flat[m.end():]
            else:
                flat_wo_year = flat
            subject = _SUBJECT.search(flat_wo_year)
            if subject and subject.start() > 0:
                agency = flat_wo_year[: subject.start()]
    if agency is not None and (_PLACEHOLDER.search(agency) or not _AGENCY_END.search(agency)):
        agency = None
    source = "title" if agency else None

    head = doc.text[:3000]
    if agency is None:
        m = _TEXT_AGENCY.search(_norm(head))
        if m and not _PLACEHOLDER.search(m.group("agency")):
            agency, source = m.group("agency"), "text"
    if year is None:
        m = _PERIOD_YEAR.search(_norm(head))
        if m:
            year = int(m.group("year"))

    doc_type = _doc_type(flat, head, year)
    if doc_type == "template":
        agency = source = None
        year = None
    return {
        "title": title,
        "agency": agency,
        "agency_source": source,
        "year": year,
        "doc_type": doc_type,
        "level": agency_level(agency),
    }
