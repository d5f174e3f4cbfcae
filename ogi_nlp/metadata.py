"""Report metadata from what a report and its web page carry.

:func:`extract_meta` reads a :class:`~ogi_nlp.document.Document` and returns
plain data.  Every field found says where it came from in ``<field>_source``:

``title``
    The title as printed, lines joined: from the title lines at the top of the
    text, else the ``标题`` entry of the page's catalogue block or a document
    viewer's page header (both page furniture, see :mod:`ogi_nlp.read.furniture`).
    Sources ``"title"``, ``"catalogue"``, ``"viewer"``.
``agency``
    The issuing body as printed: in the title; else the ``发文机关``/``发布机构``
    entry of the catalogue block (``"catalogue"``); else the text: "本报告由…编制",
    "现公布…2022年度…报告", or the subject of the first paragraph ("2022年，
    大冶市教育局坚持…") (``"text"``, ``"first_paragraph"``); else the byline's
    ``来源：`` (``"byline"``).  ``None`` if none is found.
``year``
    The year the report covers: from the title (an academic year 2019-2020学年
    gives 2020; 二〇二二 is read as 2022); else the statistics period
    (``统计期限自2022年1月1日``, also ``20221月1日`` with a lost separator;
    ``"statistics_period"``); else a sentence announcing the report ("现将我局
    2014年政府信息公开工作情况报告如下"; ``"text"``); else the first paragraph
    opening with a year (``2022年，我局…``; ``"first_paragraph"``); else a clause
    stating the year's count (``2011年新增主动公开政府信息53019条``) or the year's
    work plan the report implements (``贯彻落实《2020年…政务公开工作要点》``;
    ``"text"``); else, for an annual report only, the publication date of the byline or catalogue block
    minus one when it falls in January-June (reports are due by the end of
    January/March; ``"byline"``).
``doc_type``
    ``"annual_report"``, ``"work_plan"`` (工作要点, or a notice issuing one),
    ``"template"`` (a blank form), or ``"other"``; a text without title that calls
    itself 本报告/年度报告, states its statistics period or prints the template's
    numbered section headings (一、总体情况, 一、概述…) is an annual report, and so
    is a title-less excerpt that states a year and names 政府信息公开/主动公开/
    依申请公开 at least five times in its opening (a web copy starting mid-report)
    (``doc_type_source`` ``"title"`` or ``"text"``).
``level``
    Administrative level (see :func:`agency_level`): ``central``, ``provincial``,
    ``municipal``, ``county``, ``township``, ``public_institution`` or
    ``unknown``.  Source ``"agency"`` (read from the body's name, with the
    gazetteer), or ``"self_reference"`` when no body is named and the text
    calls itself 我镇/我街道/我县/我区/我市/我省/我校 (the most frequent wins).
``body_kind``
    ``"government"`` (a people's government, a township or sub-district
    office), ``"department"`` (a bureau, commission, office… of a government,
    central ministries included), ``"public_institution"`` (university, hospital,
    company, 中心) or ``"unknown"``.
``body_name``
    The agency's name with an abbreviated place completed from the text
    (``市商务局`` -> ``哈尔滨市商务局`` when the text prints the latter; for a
    ``市…`` body, the one city the text names when it names no other, as in
    ``“中国·济宁”政府门户网站``), used for the region and the body id.  ``agency``
    stays as printed.
``province``, ``city``, ``county``, ``region_code``
    From the bundled gazetteer (:mod:`ogi_nlp.gazetteer`): the places the body's
    name starts with, the six-digit administrative-division code of the most
    specific one (``region_source`` ``"agency"``); when the name gives none, the
    province the text names most often (at least twice, twice as often as any
    other; ``region_source`` ``"text"``, ``region_code`` the province's), except
    for a national body (level ``central``), whose text names the capital it sits
    in, not a region it governs.
``body_id``
    A stable id for the body across years (:func:`ogi_nlp.bodies.body_id`).
``generation``
    For an annual report, the report template, from the text's vocabulary (this is the text-only
    path; :class:`ogi_nlp.Report` prefers the generation the tables package reads
    from the tables).  The anchor words are read from the template registry
    (``generation_anchors`` in ``resources/templates.json``): the t2021/t2019
    proactive-table headers (本年制发件数 / 本年新制作数量; the generation with more
    distinct anchors, ``"labels"``); the legacy fee section and statistics-table
    words or the legacy numbered headings (一、概述) when the 2019/2021 outline
    (收到和处理政府信息公开申请情况…) is not printed (``"sections"``); else the
    template in force for the report year, a prior used only without anchors
    (≤2018 legacy, 2019-2020 t2019, ≥2021 t2021; ``"year"``: an inference, not
    read from the page).  A text that prints only the 2019/2021 outline with a
    year before 2019 gets no generation and a warning.  The text is simplified
    script (the reader converts traditional copies) with pinyin glosses removed.
``published``
    The date the page says it was published, ISO ``YYYY-MM-DD``: a byline's
    ``发布时间``/``发布日期``/``时间`` (``published_source`` ``"byline"``) or the
    catalogue block's ``发布日期``/``公开日期`` (``"catalogue"``); never the
    ``成文日期`` (the date written) nor a date in the text.  A third-party
    mirror's byline gives the mirror's date.  ``None`` when the page shows none.

Examples
--------
>>> from ogi_nlp.document import Block, Document
>>> doc = Document.from_blocks("x", [Block("paragraph", t) for t in
...     ["北京市知识产权局2022年政府信息公开", "年度报告", "一、总体情况"]])
>>> m = extract_meta(doc)
>>> m["agency"], m["year"], m["doc_type"], m["level"], m["region_code"]
('北京市知识产权局', 2022, 'annual_report', 'provincial', '110000')
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

import numpy as np

from .bodies import body_id as _body_id
from .bodies import body_name_within_region
from .document import Document
from .gazetteer import REGION_KEYS, _index, find_region, place_by_code, places
from .tables.registry import generation_anchors
from .zh.chars import SPACE, WHITESPACE_RE
from .zh.enumerators import CN_DIGITS, HEADING_START
from .zh.numerals import years_to_arabic

__all__ = ["extract_meta", "agency_level", "body_kind", "LEVELS", "DOC_TYPES", "BODY_KINDS", "META_KEYS"]

LEVELS: tuple[str, ...] = ("central", "provincial", "municipal", "county", "township", "public_institution",
                           "unknown")
DOC_TYPES: tuple[str, ...] = ("annual_report", "work_plan", "template", "other")
BODY_KINDS: tuple[str, ...] = ("government", "department", "public_institution", "unknown")

_MAX_TITLE_LINES = 8
_MAX_TITLE_LINE = 60
_SPACES = WHITESPACE_RE
# A web copy's byline after the title: "…年报 时间:2023-01-31", "来源：…".
_BYLINE = re.compile(r"\s*(?:发布时间|时间|日期|来源|发布日期|浏览次数|字号)\s*[:：].*$")
_DOC_WORD = re.compile(r"年度报告|年报|工作报告|报告|工作要点|要点|通知")
# Lines above a title that are not part of it: the red header "…文件",
# a document number "国知办发办字[2018]19号", a date line.
_NOT_TITLE = re.compile(
    r"文件$|[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d+\s*号|^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$"
)
_HEADING_START = HEADING_START
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
_AGENCY_END = re.compile(r"(?:大学|学院|学校|医院|局|委员会|委|办公室|办公厅|办|厅|部|院|署|政府|中心|会|所|站|馆|队|处|室|公司|集团|组|区|县|市|省|镇|乡|街道)$")

_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
# Place units, longest names first; 州 right before 市/县 is part of a city name (广州市).
_UNIT = re.compile(
    r"[\u4e00-\u9fff]{1,9}?(?P<unit>特别行政区|自治区|自治州|自治县|自治旗|新区|地区|街道|省|市|州(?![市县])|盟|县|旗|区|镇|乡)"
)
_CENTRAL_PREFIX = re.compile(r"^(?:国家|国务院|中华人民共和国|中央|中国|全国)")
_CENTRAL_ORGAN = re.compile(r"(?:部|总局|总署|署|银行|委员会)(?:办公厅|办公室)?$")


def _first_narrative(doc: Document) -> list[str]:
    """The first 15 heading or paragraph texts among the first 40 blocks (the year and agency
    rules read no more), pinyin glosses removed and spelled years in digits."""
    out: list[str] = []
    for b in doc.blocks[:40]:
        if b.kind in ("heading", "paragraph"):
            out.append(_PINYIN.sub("", _arabic_years(b.text.strip())))
            if len(out) == 15:
                break
    return out


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
            line = raw.strip(SPACE)
            if line:
                lines.append(line)
    candidates: list[str] = []
    for line in lines[:_MAX_TITLE_LINES]:
        if _HEADING_START.match(line) or _BODY_START.match(line) or len(_norm(line)) > _MAX_TITLE_LINE \
                or line.rstrip().endswith("。"):
            break
        candidates.append(_BYLINE.sub("", line))
    # The title ends at the first line naming the document type; short lines
    # right above it (agency on its own line) belong to it.
    for i, line in enumerate(candidates):
        if _DOC_WORD.search(line) and not _NOT_TITLE.search(line):
            # Walk up over wrapped parts of the title ("2022年政府信息公开") and stop
            # after the line naming the body; a line that is neither ends the title.
            j = i
            if not _names_agency(line):
                while j > 0 and i - j < 3:
                    above = candidates[j - 1]
                    if _NOT_TITLE.search(above) or _DOC_WORD.search(above):
                        break
                    if _AGENCY_END.search(_norm(above)):
                        j -= 1
                        break
                    if _TITLE_YEAR.search(above) or _SUBJECT.search(above):
                        j -= 1
                        continue
                    break
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
    return [c for c in candidates if not _NOT_TITLE.search(c)][:1]


def _names_agency(line: str) -> bool:
    """Whether a title line starts with a body's name (``淮安市人民政府2024年…``)."""
    flat = _norm(line)
    subject = _SUBJECT.search(flat)
    if subject is None:
        return False
    m = _TITLE_YEAR.search(flat, 0, subject.start())
    prefix = flat[: m.start()] if m else flat[: subject.start()]
    return len(prefix) >= 2 and bool(_AGENCY_END.search(prefix))


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



# --- level and kind of body ---------------------------------------------------------

_PUBLIC = re.compile(
    r"(?:大学|学院|学校|中学|小学|幼儿园|医院|卫生院|公司|集团|中心|研究院|研究所|科学院|出版社|电视台|广播电视台|"
    r"图书馆|博物馆|纪念馆|档案馆|馆|供电局|电网|水务|银行|学会|协会|基金会|(?<=[省市州县区旗])气象局)(?:办公室|党委办公室)?$"
)
# Bodies that are organs of government although their name ends like an institution.
_GOV_CENTRE = re.compile(r"(?:政务服务|行政服务|便民服务|公共资源交易|政务公开|信息)中心$")
_TOWNSHIP = re.compile(r"^[^\s和与及、]{1,8}?(?:镇|(?<!城)乡|街道|苏木|街办|民族乡)(?:人民政府|政府|办事处|党政办公室|党政办|办公室|管理委员会)?$")
_TOWNSHIP_ANY = re.compile(r"(?:镇|(?<!城)乡|街道|苏木|街办)(?:人民政府|政府|办事处|党政办公室|党政办)?$")
_GOVERNMENT = re.compile(r"(?:人民政府|政府|办事处|管理委员会|管委会|行政公署)$|(?:镇|乡|街道|苏木|省|市|县|区|州|旗|盟)$")


def _gazetteer_rank(name: str) -> tuple[str | None, str]:
    """Rank of the most specific place the name starts with, and what follows it."""
    code, rest = body_name_within_region(name)
    if code is None:
        return None, rest
    region = find_region(name)
    rank = region["region_rank"]
    if rank == "province" or (rank == "city" and code[:2] in ("11", "12", "31", "50")):
        return "provincial", rest
    return {"city": "municipal", "county": "county"}[rank], rest


def agency_level(agency: str | None) -> str:
    """Administrative level of a body from its name.

    The rule, in order:

    1. no name -> ``"unknown"``;
    2. 国家/国务院/中华人民共和国/中央/中国/全国 at the start, or no place name and a
       ministry-style ending (部, 总局, 署, 委员会) -> ``"central"``;
    3. a university, college, school, hospital, company, group or 中心 (a
       government service centre such as 政务服务中心 excepted) ->
       ``"public_institution"``;
    4. a township unit (镇, 乡, 街道, 苏木) right after the place names, or a name that
       is one -> ``"township"``;
    5. the most specific place of the bundled gazetteer the name starts with:
       a province (and the four municipalities) -> ``"provincial"``, a prefecture
       -> ``"municipal"``, a county, district or county-level city (昆山市) ->
       ``"county"``;
    6. else the place units of the name (省/自治区 -> provincial, 市/州/盟/地区 ->
       municipal, 区/县/旗 -> county) or an abbreviation at the start
       (``市知识产权局`` -> municipal, ``区政府`` -> county).

    Examples
    --------
    >>> [agency_level(a) for a in ["国家知识产权局办公室", "上海市知识产权局", "淮安市人民政府",
    ...     "淮安市洪泽区人民政府", "昆山市人民政府", "城关镇人民政府", "中山大学", None]]
    ['central', 'provincial', 'municipal', 'county', 'county', 'township', 'public_institution', 'unknown']
    """
    if not agency:
        return "unknown"
    name = _norm(re.sub(r"[（(][^）)]*[）)]", "", agency)) or _norm(agency)
    if not name:
        return "unknown"
    if _CENTRAL_PREFIX.match(name) and not re.match(r"^中国[（(]", agency):
        return "central"
    if _PUBLIC.search(name) and not _GOV_CENTRE.search(name):
        return "public_institution"
    rank, rest = _gazetteer_rank(name)
    if rank is not None and rest and (_TOWNSHIP.match(rest) or (rank == "county" and _TOWNSHIP_ANY.search(rest)
                                                                  and "城乡" not in rest)):
        return "township"
    if rank is None and _TOWNSHIP.match(name):
        return "township"
    if rank is not None:
        return rank
    return _unit_level(name)


def _unit_level(name: str) -> str:
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
        if head in "镇乡":
            return "township"
        if _CENTRAL_ORGAN.search(name):
            return "central"
        return "unknown"
    last = units[-1]
    if last.endswith(("镇", "乡", "街道")):
        return "township"
    if last.endswith(("省", "自治区", "特别行政区")):
        return "provincial"
    if last in _MUNICIPALITIES:
        return "provincial"
    if last.endswith(("区", "县", "旗")):
        return "county"
    if last.endswith("市") and len(units) > 1 and units[-2].endswith(("市", "州", "地区", "盟")):
        return "county"
    return "municipal"


def body_kind(agency: str | None) -> str:
    """The kind of body: ``government``, ``department``, ``public_institution`` or ``unknown``.

    Examples
    --------
    >>> [body_kind(a) for a in ["淮安市人民政府", "淮安市人民政府办公室", "中山大学", "城关镇", "水利部", None]]
    ['government', 'department', 'public_institution', 'government', 'department', 'unknown']
    """
    if not agency:
        return "unknown"
    name = _norm(agency)
    if _PUBLIC.search(name) and not _GOV_CENTRE.search(name):
        return "public_institution"
    if _GOVERNMENT.search(name):
        return "government"
    if _AGENCY_END.search(name):
        return "department"
    return "unknown"


# --- years ----------------------------------------------------------------------------

_ACADEMIC = re.compile(rf"(?P<y1>{_YEAR})\s*[-—–~～至]\s*(?P<y2>{_YEAR})\s*学年")
_PERIOD = re.compile(
    rf"(?:统计(?:期限|时限|时间|区间|周期|范围|期)|数据统计|所列数据|涵盖|时间范围|时间跨度)[^。；;]{{0,16}}?"
    rf"(?P<year>{_YEAR})\s*年?\s*(?:0?1|一)\s*月\s*(?:0?1|一)\s*日"
)
_PERIOD_BARE = re.compile(rf"(?P<year>{_YEAR})\s*年?\s*(?:0?1|一)\s*月\s*(?:0?1|一)\s*日\s*(?:起)?\s*(?:至|到|—|-|～)\s*"
                          rf"(?:(?P=year)\s*年)?\s*12\s*月\s*31\s*日")
_ANNOUNCE = re.compile(
    rf"(?:现(?:将|予|就)?(?:公布|发布|报告|公告|公开)?|特向社会公布|特此公布|向社会公布)《?(?P<agency>[^。，,；;：:《》“”]{{0,30}}?)"
    rf"(?:政府信息公开工作|政务公开工作|信息公开工作)?(?P<year>{_YEAR})\s*年度?(?:的)?(?:[我本][局镇乡县区市委办]|[\u4e00-\u9fff]{{0,3}})?"
    rf"(?:(?:政府|政务)?(?:信息)?公开(?:工作)?)?(?:年度)?(?:报告|年报|情况)"
)
_FIRST_PARA_YEAR = re.compile(rf"^\s*(?:[（(]?[{CN_DIGITS}\d]+[、.．)）]\s*)?(?P<year>{_YEAR})\s*年(?:度)?(?!\s*\d|\s*[月初底末])"
                              rf"(?:以来|上半年|全年|期间|内|里)?(?=[，,、]|我|本|全|在|共)")
# A clause opening with the year inside an early paragraph: "…情况。2021年，乳山经济开发区…".
_CLAUSE_YEAR = re.compile(rf"(?:^|[。；;：:！，,])\s*(?P<year>{_YEAR})\s*年度?(?:以来)?\s*(?:[，,]|我|本|全)")
# A clause stating the year's count of disclosed information: "…编目,2011年新增主动公开政府信息53019条".
_STAT_YEAR = re.compile(rf"(?:^|[。；;：:！，,])\s*(?P<year>{_YEAR})\s*年度?\s*(?:全年)?\s*(?:共|累计|新增)\s*"
                        rf"(?:主动)?(?:公开|发布)")
# The year's work plan the report says it implements: "贯彻落实《2020年宝山区政务公开工作要点》".
_PLAN_REF_YEAR = re.compile(rf"(?:贯彻落实|落实|按照|根据|对照|围绕)\s*《[^《》]{{0,20}}?(?P<year>{_YEAR})\s*年度?"
                            rf"[^《》]{{0,20}}?(?:政务公开|政府信息公开)工作要点》")
# Pinyin glosses a converter left in traditional copies: "報(bào)告", "現(xiàn)將".
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")
_DATE = re.compile(rf"(?P<year>{_YEAR})\s*(?:[-/.年])\s*(?P<month>\d{{1,2}})\s*(?:[-/.月])")
_TEXT_YEAR_OK = 1990, 2100


_arabic_years = years_to_arabic


def _title_year(flat: str) -> int | None:
    m = _ACADEMIC.search(flat)
    if m:
        return int(m.group("y2"))
    m = _TITLE_YEAR.search(flat)
    return int(m.group("year")) if m else None


# --- agency from text -----------------------------------------------------------------

_VERBS = (r"(?:认真|坚持|严格|深入|全面|紧紧|紧扣|紧密|聚焦|立足|以习|以|在|按照|根据|依据|围绕|进一步|继续|持续|积极|不断|高度|"
          r"始终|牢固|扎实|切实|着力|大力|结合|通过|主动|共|全年|扎实|把|将|对|深化|贯彻|落实|强化|加强|推进|不断|重视|"
          r"紧跟|秉持|按|依托|始终|结合|本着|遵循|突出|精心|坚决|对标|对照|针对|自觉)")
_FIRST_PARA_AGENCY = re.compile(
    rf"^\s*(?:(?:{_YEAR}\s*[-—–~～至]\s*)?{_YEAR}\s*(?:学)?年度?(?:以来)?\s*[，,、]?\s*)?(?P<agency>[\u4e00-\u9fff（）()]{{2,30}}?){_VERBS}"
)
_MADE_BY = re.compile(r"由(?P<agency>[^，,。；;（(《]{2,40}?)(?:按照|根据|依据|依照|编制|负责编制|制作|综合|汇总|编写|撰写)")
_SELF = re.compile(r"(?P<ref>(?:我|本|全)(?:镇|乡|街道|街|县|区|市|省|州|校|院|旗|盟))")
_SELF_LEVEL = {"镇": "township", "乡": "township", "街道": "township", "街": "township", "县": "county",
               "区": "county", "旗": "county", "市": "municipal", "州": "municipal", "盟": "municipal",
               "省": "provincial", "校": "public_institution", "院": "public_institution"}
_NOT_AGENCY = re.compile(r"^(?:我|本|全|各|该|上级|市委|区委|县委|省委|党委|在|以)|[我各]|政府信息|信息公开|工作|^[省市区县]委")
_CATALOGUE_AGENCY = re.compile(
    r"(?:发文机关|发布机构|发文单位|发布单位|所属机构|责任部门)\s*[:：]?\s*(?P<agency>[^\s:：|•]{2,40})"
)
_CATALOGUE_TITLE = re.compile(r"^[•·\-\s]*(?:标\s*题|信息名称|名\s*称)\s*[:：|]?\s*(?P<title>.+)$")
_VIEWER_TITLE = re.compile(r"^\s*Page\s+\d+\s*-\s*(?P<title>.+)$")
_BYLINE_SOURCE = re.compile(r"(?:信息来源|来源)\s*[:：]\s*(?P<agency>[^\s:：|]{2,30})")


def _clean_agency(agency: str | None) -> str | None:
    if not agency:
        return None
    a = _norm(agency).strip("：:，,、|")
    a = re.sub(r"(?:发布时间|发布日期|发文日期|成文日期|信息来源|来源|浏览|阅读|点击|时间|日期)$", "", a)
    if len(a) < 2 or not _AGENCY_END.search(a) or _PLACEHOLDER.search(a):
        return None
    return a


def _complete_place(agency: str, text: str) -> str:
    """``市商务局`` -> ``哈尔滨市商务局`` when the text prints the fuller name, or, for a
    ``市…`` body, when the text names one city and no other (``“中国·济宁”政府门户网站``)."""
    if agency[:1] not in "省市区县州" or len(agency) < 3:
        return agency
    names = _place_names()
    rest = agency[1:]
    best: str | None = None
    for m in re.finditer(re.escape(rest), text):
        window = text[max(0, m.start() - 14):m.start()]
        for k in range(min(len(window), 14), 1, -1):
            pre = window[-k:]
            if pre in names and pre.endswith(agency[0]):
                if best is None or len(pre) > len(best):
                    best = pre
                break
    if best is None and agency[0] == "市":
        best = _only_city(text)
    return best + rest if best else agency


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    return frozenset(p.name for p in places())


def _only_city(text: str) -> str | None:
    """The one prefecture-level city the text names (``济宁市`` or ``济宁``), if it names
    exactly one and its short name is no province's nor another place's."""
    found: set[str] = set()
    chars = set(text)  # a name can be in the text only if each of its characters is: a cheap test first
    for name, stem in _city_stems().items():
        if chars.issuperset(name) and name in text or chars.issuperset(stem) and stem in text:
            found.add(name)
            if len(found) > 1:
                return None
    return found.pop() if found else None


@lru_cache(maxsize=1)
def _city_stems() -> dict[str, str]:
    """City name -> its short name (济宁市 -> 济宁), for the cities whose short name is
    theirs alone (not a province's, a county's or another city's)."""
    counts = Counter()
    for p in places():
        for stem in {p.name, re.sub(r"(?:市|地区|盟|自治州)$", "", p.name), _PROVINCE_STEM.sub("", p.name)}:
            counts[stem] += 1
    out: dict[str, str] = {}
    for p in places():
        if p.rank != "city" or not p.name.endswith("市") or p.code[:2] in ("11", "12", "31", "50"):
            continue
        stem = p.name[:-1]
        if len(stem) >= 2 and counts[stem] == 1:
            out[p.name] = stem
    return out


_PROVINCE_STEM = re.compile(r"(?:壮族|回族|维吾尔)?(?:自治区|特别行政区|省)$")


def _self_level(text: str) -> str | None:
    counts = Counter(_SELF_LEVEL[m.group("ref")[1:]] for m in _SELF.finditer(text) if m.group("ref")[1:] in _SELF_LEVEL)
    if not counts:
        return None
    (level, n), *others = counts.most_common()
    if others and others[0][1] == n:
        return None
    return level


@lru_cache(maxsize=1)
def _name_lengths() -> dict[str, tuple[int, ...]]:
    """First two characters -> the lengths (3 or more, longest first) of the gazetteer's names that start with them."""
    out: dict[str, set[int]] = {}
    for name in _index()[0]:
        if len(name) >= 3:
            out.setdefault(name[:2], set()).add(len(name))
    return {c: tuple(sorted(v, reverse=True)) for c, v in out.items()}


@lru_cache(maxsize=1)
def _pair_codes() -> np.ndarray:
    """The first two characters of the names of :func:`_name_lengths`, each pair as one
    integer (:func:`_pairs`), sorted."""
    return np.unique(_pairs("".join(_name_lengths()))[::2])


def _pairs(text: str) -> np.ndarray:
    """Each two neighbouring characters of ``text`` as one integer (code points below 2**21)."""
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    return (points[:-1] << 21) | points[1:]


def _text_province(text: str) -> Any:
    """The province the text names most (places of one name in several provinces
    ignored); ``None`` unless it is named at least twice and twice as often as any other."""
    names, _, _ = _index()
    lengths = _name_lengths()
    counts: Counter[str] = Counter()
    # a name starts only where the text's two characters start one: those places, found for the
    # whole text at once, are read in order (each name read skips the places inside it)
    codes = _pair_codes()
    pairs = _pairs(text)
    at = np.minimum(np.searchsorted(codes, pairs), max(len(codes) - 1, 0))
    pos = 0
    for start in (np.flatnonzero(codes[at] == pairs).tolist() if len(codes) else ()):
        if start < pos:
            continue
        pos = start
        hit = None
        # the longest name of three characters or more at pos: only the lengths of the names
        # that start with these two characters are tried, longest first
        for n in lengths.get(text[pos:pos + 2], ()):
            if pos + n <= len(text) and text[pos:pos + n] in names:
                hit = text[pos:pos + n]
                break
        if hit is None:
            continue
        provs = {p.code[:2] for p in names[hit]}
        if len(provs) == 1:
            counts[provs.pop()] += 1
        pos += len(hit)
    if not counts:
        return None
    (code, n), *others = counts.most_common()
    if n < 2 or (others and others[0][1] * 2 > n):
        return None
    return place_by_code(code + "0000")


# What an annual report without a title still shows: it calls itself a report,
# or prints the template's numbered section headings.
_ANNUAL_TEXT = re.compile(
    r"(?i:information\s+(?:disclosure|openness)\s+annual\s+report)|本(?:年度)?报告|本年报|编制本报告|年度报告|统计期限|"
    r"(?:^|\n)\s*[一二三四五六七]\s*[、.．]\s*(?:总体情况|概述|主动公开政府信息|收到和处理政府信息公开申请|"
    r"政府信息公开行政复议|存在的主要问题|其他需要报告)"
)


# A title-less excerpt that names the disclosure work this often (and states a year)
# reports on it: 政府信息公开 / 主动公开 / 依申请公开 in the opening 3000 characters.
_OGI_WORD = re.compile(r"政府信息公开|主动公开|依申请公开")
_EXCERPT_WORDS = 5


def _ogi_words(head: str) -> int:
    return len(_OGI_WORD.findall(head[:3000]))


# --- generation from the text -------------------------------------------------------

# The words that identify a generation in running text live in the template registry
# (``generation_anchors`` of ogi_nlp/resources/templates.json); only the legacy
# outline's numbered headings, a matter of layout, are a pattern here.
_GEN_LEGACY_HEADING = re.compile(
    rf"(?:^|\n)\s*[{CN_DIGITS}]\s*[、.．]\s*(?:政府信息公开(?:工作)?(?:的)?)?(?:基本)?(?:概述|概况)[。.]?\s*(?:\n|$)|"
    rf"(?:^|\n)\s*[{CN_DIGITS}]\s*[、.．]\s*(?:不予公开|依申请公开)政府信息(?:的)?情况\s*(?:\n|$)"
)


@lru_cache(maxsize=1)
def _gen_anchors() -> dict[str, re.Pattern[str]]:

    return {k: re.compile("|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True)))
            for k, ws in generation_anchors().items()}


def _generation(text: str, year: int | None) -> tuple[str | None, str | None, str | None]:
    """(generation, source, note) from the text's anchors, the year only as a prior.

    The t2021/t2019 proactive-table headers decide (the one with more distinct
    anchors; ``"labels"``); else legacy words or headings without the 2019/2021
    outline (``"sections"``); else the template in force for the year
    (``"year"``; also when legacy and 2019/2021 words are both printed), unless
    the text prints only the 2019/2021 outline and the year predates it: then
    nothing is inferred and the note says why.
    """
    text = _PINYIN.sub("", text)
    pats = _gen_anchors()
    n21 = len(set(pats["t2021"].findall(text)))
    n19 = len(set(pats["t2019"].findall(text)))
    if n21 or n19:
        return ("t2021" if n21 >= n19 else "t2019"), "labels", None
    outline = pats["outline"].search(text)
    legacy = pats["legacy"].search(text) or _GEN_LEGACY_HEADING.search(text)
    if outline is None and legacy:
        return "legacy", "sections", None
    if year is None:
        return None, None, None
    if year <= 2018:
        if outline is not None and not legacy:
            return None, None, (f"the text follows the 2019/2021 outline ({outline.group()}) but the report year "
                                f"{year} predates it: table generation not inferred")
        return "legacy", "year", None
    return ("t2019" if year <= 2020 else "t2021"), "year", None


# --- publication date ---------------------------------------------------------------

_PUB_DATE = (r"(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?!\d)")
# A publication key and its date: "发布时间:2023-01-30 16:15", "发布日期：2022年01月20日".
_PUB_KEYED = re.compile(
    rf"(?:发布时间|发布日期|发表时间|发表日期|公开日期|公开时间|发布于|Release\s*time)[\s:：|｜]*{_PUB_DATE}", re.IGNORECASE)
# In a byline a bare 时间/日期 is the publication time; a byline may also open with
# the date ("2023-01-19 15:54:58 来源: …") or print it with its clock time after the
# source ("来源:昆明市人民政府  2021-03-15 16:28:04").
_PUB_BYLINE = re.compile(rf"(?:^\s*|(?:^|[\s|｜])(?:时间|日期)[\s:：|｜]*){_PUB_DATE}")
_PUB_TIMED = re.compile(rf"{_PUB_DATE}(?=\s*\d{{1,2}}:\d{{2}})")


def _published(items: list[dict]) -> tuple[str | None, str | None]:
    """The page's publication date (ISO) and its source, from bylines and catalogue blocks.

    Only dates a page prints as its publication date count: ``发布时间``/
    ``发布日期``/``公开日期`` (and a byline's bare ``时间``/``日期`` or leading
    date); the catalogue's ``成文日期`` (the date written) and ``生成日期`` do
    not.  The first such date in reading order wins; ``(None, None)`` when there
    is none or it is no calendar date.
    """
    from datetime import date

    for item in items:
        kind, text = item.get("kind"), item.get("text", "")
        if kind not in ("byline", "catalogue"):
            continue
        m = _PUB_KEYED.search(text) or (
            (_PUB_BYLINE.search(text) or _PUB_TIMED.search(text)) if kind == "byline" else None)
        if m is None:
            continue
        try:
            day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
        return day.isoformat(), str(kind)
    return None, None


META_KEYS: tuple[str, ...] = (
    "title", "title_source", "agency", "agency_source", "body_name", "year", "year_source", "doc_type",
    "doc_type_source", "level", "level_source", "body_kind", *REGION_KEYS, "region_source", "body_id",
    "generation", "generation_source", "published", "published_source", "metadata_warnings",
)


def extract_meta(doc: Document) -> dict[str, Any]:
    """Title, agency, year, type, level, region, body id and template of a report.

    Parameters
    ----------
    doc : Document
        A document as read by :func:`ogi_nlp.read.read_document` (its
        ``meta["furniture"]`` is read for catalogue blocks and bylines).

    Returns
    -------
    dict
        The keys of :data:`META_KEYS` (see the module docstring); a value not
        found is ``None`` (``level`` and ``body_kind`` are then ``"unknown"``).

    Examples
    --------
    >>> from ogi_nlp.document import Block, Document
    >>> doc = Document.from_blocks("x", [Block("paragraph", "2022上海市知识产权局政府信息公开年报 时间:2023-01-31")])
    >>> m = extract_meta(doc)
    >>> m["title"], m["agency"], m["year"], m["year_source"]
    ('2022上海市知识产权局政府信息公开年报', '上海市知识产权局', 2022, 'title')
    >>> doc = Document.from_blocks("y", [Block("paragraph", t) for t in
    ...     ["一、总体情况", "2021年，昆山市城关镇坚持以公开为常态。"]])
    >>> m = extract_meta(doc)
    >>> m["year"], m["year_source"], m["agency"], m["level"], m["county"]
    (2021, 'first_paragraph', '昆山市城关镇', 'township', '昆山市')

    ``metadata_warnings`` lists what an annual report does not say (no year, no
    body) and a year inferred from the publication date; :class:`ogi_nlp.Report`
    adds them to its warnings.
    """
    if not isinstance(doc, Document):
        raise TypeError(f"extract_meta expects a Document, got {type(doc).__name__}")
    out: dict[str, Any] = dict.fromkeys(META_KEYS)
    furniture = [f.get("text", "") for f in doc.meta.get("furniture", []) if isinstance(f, dict)]
    published, published_source = _published([f for f in doc.meta.get("furniture", []) if isinstance(f, dict)])
    lines = [re.sub(r"[\s|｜]+$", "", _PINYIN.sub("", _arabic_years(x))) for x in _title_lines(doc)]
    lines = [x for x in lines if x]
    title = "".join(lines) if lines else None
    title_source = "title" if title else None
    if title is None or not _SUBJECT.search(title):
        for line in furniture:
            m = _CATALOGUE_TITLE.match(line) or _VIEWER_TITLE.match(line)
            if m and _SUBJECT.search(m.group("title")):
                title = _BYLINE.sub("", _arabic_years(m.group("title").strip()))
                title_source = "catalogue" if _CATALOGUE_TITLE.match(line) else "viewer"
                break
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
            year = _title_year(flat) if (_SUBJECT.search(flat) or _DOC_WORD.search(flat)) else None
            m = _ACADEMIC.search(flat) or _TITLE_YEAR.search(flat)
            flat_wo_year = flat[: m.start()] + flat[m.end():] if m else flat
            subject = _SUBJECT.search(flat_wo_year)
            if m and m.start() >= 2 and _AGENCY_END.search(re.sub(r"[（(〔\[]$", "", flat[: m.start()])):
                agency = re.sub(r"[（(〔\[]$", "", flat[: m.start()])  # the body before the year
            elif subject and subject.start() > 0:
                agency = flat_wo_year[: subject.start()]
            elif m and (after := _SUBJECT.search(flat, m.end())) and after.start() - m.end() >= 2:
                agency = flat[m.end():after.start()]  # "…：2020年天水市…中心政府信息公开…"
    if agency is not None:
        agency = re.sub(r"(?:关于|名称[:：]?|年度|年)$", "", re.sub(r"^(?:名称|标题)[:：]", "", agency))
    if agency is not None and (_PLACEHOLDER.search(agency) or not _AGENCY_END.search(agency)):
        agency = None
    agency_source = "title" if agency else None
    year_source = "title" if year is not None else None

    head_raw = doc.text[:4000]
    head = _PINYIN.sub("", _arabic_years(_norm(head_raw)))
    narrative: list[str] | None = None  # the first narrative blocks, made only when a rule below reads them

    # agency: catalogue block, then the text, then the byline's source
    if agency is None:
        for line in furniture:
            m = _CATALOGUE_AGENCY.search(line)
            if m and (a := _clean_agency(m.group("agency"))):
                agency, agency_source = a, "catalogue"
                break
    if agency is None:
        m = _TEXT_AGENCY.search(head) or _MADE_BY.search(head[:1500])
        if m and (a := _clean_agency(m.group("agency"))) and not re.match(r"^(?:我|本|各|全)", a):
            agency, agency_source = a, "text"
    if agency is None:
        for m in _ANNOUNCE.finditer(head[:2000]):
            if (a := _clean_agency(m.group("agency"))) and not _NOT_AGENCY.search(a):
                agency, agency_source = a, "text"
                break
    if agency is None:
        if narrative is None:
            narrative = _first_narrative(doc)
        for text in narrative[:12]:
            m = _FIRST_PARA_AGENCY.match(_norm(text))
            if m and (a := _clean_agency(m.group("agency"))) and not _NOT_AGENCY.search(a) \
                    and not _HEADING_START.match(text):
                agency, agency_source = a, "first_paragraph"
                break
    if agency is None:
        for line in furniture:
            m = _BYLINE_SOURCE.search(line)
            if m and (a := _clean_agency(m.group("agency"))):
                agency, agency_source = a, "byline"
                break

    # year: statistics period, an announcing sentence, the first paragraph, the byline
    if year is None:
        m = _ACADEMIC.search(head[:1500])
        if m:
            year, year_source = int(m.group("y2")), "text"
    if year is None:
        m = _PERIOD_YEAR.search(head) or _PERIOD.search(head) or _PERIOD_BARE.search(head)
        if m:
            year, year_source = int(m.group("year")), "statistics_period"
    if year is None:
        m = _ANNOUNCE.search(head)
        if m:
            year, year_source = int(m.group("year")), "text"
    if year is None:
        if narrative is None:
            narrative = _first_narrative(doc)
        for text in narrative[:15]:
            flat_text = _norm(text)
            m = _ACADEMIC.match(flat_text) or _FIRST_PARA_YEAR.match(flat_text)
            if m:
                year = int(m.group("y2") if "y2" in m.groupdict() else m.group("year"))
                year_source = "first_paragraph"
                break
    if year is None:
        if narrative is None:
            narrative = _first_narrative(doc)
        for text in narrative[:15]:
            m = _CLAUSE_YEAR.search(_norm(text))
            if m:
                year, year_source = int(m.group("year")), "first_paragraph"
                break

    if year is None:
        if narrative is None:
            narrative = _first_narrative(doc)
        for text in narrative[:15]:
            m = _STAT_YEAR.search(_norm(text))
            if m:
                year, year_source = int(m.group("year")), "text"
                break
    if year is None:
        m = _PLAN_REF_YEAR.search(head[:3000])
        if m:
            year, year_source = int(m.group("year")), "text"

    doc_type = _doc_type(flat, head_raw, year)
    doc_type_source = "title" if flat else None
    if doc_type == "other" and not (flat and _SUBJECT.search(flat)) \
            and _ANNUAL_TEXT.search(_PINYIN.sub("", head_raw[:3000])):
        doc_type, doc_type_source = "annual_report", "text"
    if doc_type == "other" and title is None and year is not None and _ogi_words(head) >= _EXCERPT_WORDS:
        # an excerpt without title that reports a year's disclosure work (a web copy
        # starting mid-report): an annual report
        doc_type, doc_type_source = "annual_report", "text"
    if year is None and doc_type == "annual_report":
        for line in furniture:
            m = _DATE.search(line)
            if m and 1 <= int(m.group("month")) <= 6:
                year, year_source = int(m.group("year")) - 1, "byline"
                break
    if year is not None and not (_TEXT_YEAR_OK[0] <= year < _TEXT_YEAR_OK[1]):
        year = year_source = None

    if doc_type == "template":
        agency = agency_source = year = year_source = None

    body_name = _complete_place(agency, head) if agency else None
    level = agency_level(body_name)
    level_source = "agency" if level != "unknown" else None
    if level == "unknown" and doc_type != "template":
        self_level = _self_level(head[:3000])
        if self_level is not None:
            level, level_source = self_level, "self_reference"
    region = find_region(body_name, context=head) if body_name else dict.fromkeys(REGION_KEYS)
    region_source = "agency" if region.get("region_code") else None
    # a national body (a ministry, 国家税务总局) has no province unless its name gives one:
    # the capital its text names is where it sits, not the region it governs
    if region_source is None and doc_type != "template" and level != "central":
        province = _text_province(head[:2500])
        if province is not None:
            region = {**dict.fromkeys(REGION_KEYS), "province": province.name, "region_code": province.code,
                      "region_rank": "province"}
            region_source = "text"
    # the report templates are those of annual reports: a work plan or notice has none
    # (the template in force for the year is inferred for annual reports only)
    generation, generation_source, gen_note = (None, None, None)
    if doc_type in ("annual_report", "other"):
        generation, generation_source, gen_note = _generation(doc.text, year if doc_type == "annual_report" else None)
    out.update({
        "title": title, "title_source": title_source if title else None,
        "agency": agency, "agency_source": agency_source, "body_name": body_name,
        "year": year, "year_source": year_source,
        "doc_type": doc_type, "doc_type_source": doc_type_source,
        "level": level, "level_source": level_source, "body_kind": body_kind(body_name),
        **region, "region_source": region_source,
        "body_id": _body_id(body_name),
        "generation": generation, "generation_source": generation_source,
        "published": published, "published_source": published_source,
    })
    notes: list[str] = []
    if doc_type == "annual_report":
        if year is None:
            notes.append("report year not found (title, catalogue, statistics period, first paragraph, byline)")
        elif year_source == "byline":
            notes.append(f"report year {year} inferred from the publication date (the year before it)")
        if agency is None:
            notes.append("issuing body not named (title, catalogue block, text, byline)")
        if gen_note:
            notes.append(gen_note)
    out["metadata_warnings"] = notes
    return out
