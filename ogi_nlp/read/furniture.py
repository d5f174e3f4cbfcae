"""Page furniture: the lines of a web page or viewer that are not the report.

Copies of reports saved from government sites carry the site around the report:
breadcrumbs (``首页 > 政务公开 > 政府信息公开年报``), tool lines (``字号：大 中 小``,
``打印 关闭 分享``), the metadata block of the open-government catalogue
(``索引号：…``, ``发文机关：…``, ``成文日期：…``), bylines (``发布时间：2023-01-31
来源：…``), visit counters, site names, menus, copyright and ICP lines, and the
page headers of document viewers (``Page 9 - …``, ``P. 9``).

:func:`furniture_kind` tells whether one line is furniture (and which kind);
:func:`strip_furniture` removes such lines from the narrative blocks of a
:class:`~ogi_nlp.document.Document` and keeps them, with their spans, in
``doc.meta["furniture"]`` so that metadata extraction can still read the title
or the date they carry.  Every reader calls it last.  Table blocks are never
touched; a line is furniture only as a whole (a sentence that mentions a
website is not).

Examples
--------
>>> [furniture_kind(s) for s in ["首页 > 政务公开 > 政府信息公开年报", "字号：大 中 小",
...     "索引号：000014349/2023-00001", "发布时间：2023-01-31 来源：市政府办",
...     "一、总体情况", "2022年，我局主动公开政府信息120条。"]]
['breadcrumb', 'tools', 'catalogue', 'byline', None, None]
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..document import Block, Document
from ..zh.chars import SPACE, WHITESPACE_RE

__all__ = ["furniture_kind", "strip_furniture", "FURNITURE_KINDS"]

FURNITURE_KINDS: tuple[str, ...] = (
    "breadcrumb", "tools", "catalogue", "byline", "counter", "site", "copyright", "viewer", "date", "attachment",
)

_SP = r"[\s\u3000\xa0]*"
_COLON = rf"{_SP}[:：]"


def _spaced(word: str) -> str:
    """A label whose characters may be spread with spaces (索 引 号)."""
    return _SP.join(re.escape(c) for c in word)


_CATALOGUE_KEYS = (
    "索引号", "发文机关", "发布机构", "发文单位", "成文日期", "发文日期", "公开日期", "发布日期", "生成日期",
    "公文生成日期", "主题分类", "体裁分类", "组配分类", "服务对象分类", "信息分类", "公开方式", "公开范围",
    "公开时限", "公开形式", "文号", "备注/文号", "发文字号", "有效性", "时效性", "标题", "信息名称",
    "内容概述", "关键词", "主题词", "所属机构", "信息来源", "责任部门", "统一编号", "统一登记号", "登记号",
    "名称", "排序", "文件编号", "发布单位", "分类",
)
_BYLINE_KEYS = (
    "发布时间", "发表时间", "更新时间", "时间", "日期", "来源", "作者", "编辑", "责任编辑", "审核", "供稿",
    "文章来源", "稿源", "浏览次数", "浏览量", "阅读次数", "阅读量", "点击数", "点击量", "点击率", "访问量",
    "访问次数", "浏览数", "字号", "字体", "Source", "Release time",
)
_CATALOGUE = re.compile(
    rf"^[•·\-\s]*(?:{'|'.join(_spaced(k) for k in sorted(_CATALOGUE_KEYS, key=len, reverse=True))})"
    rf"(?:{_COLON}|{_SP}\||[\s\u3000]{{1,}}(?=\S))"
)
_BYLINE = re.compile(
    rf"^[•·\-\s]*(?:\d{{4}}[-/.年]\d{{1,2}}[-/.月]\d{{1,2}}日?(?:{_SP}\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?{_SP})?"
    rf"(?:{'|'.join(_spaced(k) for k in sorted(_BYLINE_KEYS, key=len, reverse=True))}){_COLON}"
)
_BREADCRUMB_START = re.compile(
    rf"^(?:您?当前(?:所在)?的?位置|您的位置|您所在的位置|您现在的位置|所在位置|当前页|位置|Position|Location){_SP}[:：]?"
)
_BREADCRUMB_SEP = re.compile(r"[>＞›»→]|&gt;")
_TOOLS = re.compile(
    r"(?:字号|字体|字体大小)[:：\s]*[【\[（(]?\s*(?:大|小|默认)|【\s*(?:大|中|小)\s*】|"
    r"打印(?:本页|此页)?\s*(?:关闭|】|$)|关闭(?:窗口|本页)|^\s*【?\s*(?:打印|关闭|分享|收藏|返回顶部|返回)\s*】?\s*$|"
    r"分享到|分享至|share to|扫一扫|用微信扫描|二维码|加入收藏|设为首页|无障碍|长者模式|老年模式|适老版|"
    r"关怀版|背景色|^\s*分享\s*[:：]?\s*$|扫码|手机浏览|^\s*标签\s*[:：]|相关词条|热门词条|联络我们|联系我们\s*$|反馈意见|"
    r"简体\s*繁体|繁体\s*简体|网站支持IPv6|选择特殊符号|选择搜索类型|请输入(?:搜索|关键)|热搜词|热门搜词|"
    r"智能问答|网站地图|登录\s*\|?\s*注册|欢迎(?:光临|访问|您)|天气现象|搜索位置|匹配度|特色百科|手机百科|"
    r"下载(?:Word|PDF|附件)|^\s*(?:登录|注册|搜索|反馈|取消|页面|配色|辅助线|重置)\s*$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"版权所有|Copyright|©|ICP\s*备|ICP证|公网安备|网站标识码|主办单位[:：]|承办单位[:：]|技术支持[:：]|"
    r"由会员分享|可在线阅读|_百度百科|百度文库|原创力文档|道客巴巴|豆丁网|特色百科|手机百科|本词条",
    re.IGNORECASE,
)
# The same tests split so that the regex engine can skip to the characters a match starts
# with (a case-insensitive pattern makes it try every position): the CJK alternatives
# case-sensitive (they have no case), the ASCII words case-insensitive, the whole-line ones
# anchored.  ``_is_tools(s)`` is ``bool(_TOOLS.search(s))``, ``_is_copyright(s)`` is
# ``bool(_COPYRIGHT.search(s))`` (tests/test_furniture.py checks both).
_TOOLS_FREE = re.compile(
    r"(?:字号|字体|字体大小)[:：\s]*[【\[（(]?\s*(?:大|小|默认)|【\s*(?:大|中|小)\s*】|"
    r"打印(?:本页|此页)?\s*(?:关闭|】|$)|关闭(?:窗口|本页)|"
    r"分享到|分享至|扫一扫|用微信扫描|二维码|加入收藏|设为首页|无障碍|长者模式|老年模式|适老版|"
    r"关怀版|背景色|扫码|手机浏览|相关词条|热门词条|联络我们|联系我们\s*$|反馈意见|"
    r"简体\s*繁体|繁体\s*简体|网站支持(?i:IPv6)|选择特殊符号|选择搜索类型|请输入(?:搜索|关键)|热搜词|热门搜词|"
    r"智能问答|网站地图|登录\s*\|?\s*注册|欢迎(?:光临|访问|您)|天气现象|搜索位置|匹配度|特色百科|手机百科|"
    r"下载(?:(?i:Word|PDF)|附件)"
)
_TOOLS_ASCII = re.compile(r"share to", re.IGNORECASE)
_TOOLS_LINE = re.compile(
    r"^\s*【?\s*(?:打印|关闭|分享|收藏|返回顶部|返回)\s*】?\s*$|^\s*分享\s*[:：]?\s*$|^\s*标签\s*[:：]|"
    r"^\s*(?:登录|注册|搜索|反馈|取消|页面|配色|辅助线|重置)\s*$"
)
_COPYRIGHT_CJK = re.compile(
    r"版权所有|©|公网安备|网站标识码|主办单位[:：]|承办单位[:：]|技术支持[:：]|"
    r"由会员分享|可在线阅读|_百度百科|百度文库|原创力文档|道客巴巴|豆丁网|特色百科|手机百科|本词条"
)
_COPYRIGHT_ASCII = re.compile(r"Copyright|ICP\s*备|ICP证", re.IGNORECASE)


def _is_tools(s: str) -> bool:
    return bool(_TOOLS_FREE.search(s) or _TOOLS_ASCII.search(s) or _TOOLS_LINE.match(s))


# Site features that reports also write about (开设无障碍浏览、智能问答功能): on a line of
# prose, one with a comma, 、 or a full stop, they are the report's words, not the page's.
_SITE_FEATURE = re.compile(
    r"无障碍|长者模式|老年模式|适老版|关怀版|智能问答|二维码|扫码|扫一扫|手机浏览|网站地图|网站支持(?i:IPv6)|"
    r"加入收藏|设为首页|反馈意见|联络我们|欢迎(?:光临|访问|您)"
)
_PROSE = re.compile(r"[。，,；;、]")


def _is_toolbar(s: str) -> bool:
    """A tools line: the page's tools, or site features named outside a sentence."""
    if not _is_tools(s):
        return False
    if not _PROSE.search(s):
        return True
    return bool(_TOOLS_FREE.search(_SITE_FEATURE.sub("", s)) or _TOOLS_ASCII.search(s) or _TOOLS_LINE.match(s))


def _is_copyright(s: str) -> bool:
    return bool(_COPYRIGHT_CJK.search(s) or _COPYRIGHT_ASCII.search(s))


_TOOLS_START = re.compile(r"^(?:字号|字体|字体大小)\s*[:：]?\s*[【\[（(]?\s*(?:大|中|小|默认|打印|[\]】）)]|$)")
_COUNTER = re.compile(r"^[\s\[【]*(?:浏览|阅读|访问|点击)(?:次数|量|数)?[:：]?\s*\d*\s*[\]】]?\s*(?:次)?\s*$")
_VIEWER = re.compile(r"^\s*(?:Page\s+\d+\s*-|P\.\s*\d+\s*$|第\s*\d+\s*页\s*(?:/|共)\s*\d*\s*页?\s*$|-?\s*\d{1,3}\s*-\s*$)")
_DATE_ONLY = re.compile(
    r"^\s*(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}\.\d{1,2}\.\d{4})"
    r"(?:\s*(?:星期|周)[一二三四五六日天])?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)
# A place/date stamp of a mirror: "浙江/杭州-2026-01-19 00:00:00".
_STAMP = re.compile(r"^\S{0,12}[-/ ]\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
# A row of links to other government sites: "中国政府网 江苏省人民政府 苏州市人民政府".
_SITE_LINKS = re.compile(r"^(?:\S{2,12}(?:人民政府|政府网|门户网站)[\s\u3000|]+){1,}\S{2,12}(?:人民政府|政府网|门户网站)$")
# Menu words of government sites: a line made only of them is a menu.
_MENU_WORDS = frozenset(
    "首页 首 页 政务公开 政府信息公开 信息公开 政府信息 公开制度 政策文件 政策解读 互动交流 政务服务 新闻中心 新闻动态 "
    "办事服务 公众参与 数据开放 专题专栏 机构职能 领导信息 工作动态 通知公告 网上办事 走进 概况 "
    "经济发展 社会发展 减贫救灾 政务新媒体 加入收藏 登录 注册 简体 繁体 无障碍浏览 长者模式 English "
    "政府信息公开年报 信息公开年报 年报 信息公开目录 政府信息公开指南 政府信息公开制度 法定主动公开内容 "
    "依申请公开 智能问答 适老版 无障碍 中国政府网 基本介绍 报告发布 报告全文".split()
)
# A line that is one word is a menu only for words no report uses as a heading.
_SINGLE_MENU = frozenset("首页 首 页 政务公开 政府信息 公开制度 政策文件 政策解读 互动交流 政务服务 新闻中心 新闻动态 办事服务 "
                         "公众参与 数据开放 专题专栏 机构职能 领导信息 工作动态 通知公告 网上办事 政务新媒体 加入收藏 English "
                         "中国政府网 智能问答 适老版 基本介绍 报告发布 报告全文".split())
_MENU_SPLIT = re.compile(r"[\s\u3000\xa0|｜/·•\-]+")


_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")
_ATTACHMENT = re.compile(r"^(?:附件\s*\d*\s*[:：]?\s*)?\S.{0,80}\.(?:pdf|docx?|wps|xlsx?|ofd|zip|rar|jpe?g|png)\s*$",
                         re.IGNORECASE)
# (bare "|" or "-" lines are not here: copies print empty table cells that way)
_ONLY_MARKS = re.compile(r"^[?？]+$|^\[\d{1,3}\]$")
_BYLINE_ANYWHERE = re.compile(r"(?:发布时间|时间|日期|来源|作者|浏览次数|点击数|访问量)\s*[:：]")
_MENU_BULLET = re.compile(r"^[-•·]\s*[\u4e00-\u9fff]{2,6}$")
_DATED_BYLINE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,4}\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:作者|来源|编辑)\s*[:：]")
_YEAR_MONTH = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*$")
# A publication note of a page or encyclopaedia entry: "2021年3月,报告发布。", "2023年1月20日 发布".
_PUBLISHED_NOTE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*[,，、]?\s*(?:本?报告|年报|全文)?"
                             r"\s*(?:发布|公布|上线)\s*[。.]?$")
# A search query shown as a Q&A page's heading: a question without a question mark
# ("…年度报告公开的概述应写哪些内容"); report headings and sentences never ask.
_QUERY = re.compile(r"^[^。，,；;：:！!？?]{4,40}(?:应写哪些内容|写哪些内容|有哪些|是什么|怎么写|如何写|怎么办|哪里查)$")


# The reflow asks furniture_kind about lines that strip_furniture asks about again (a quarter to
# a half of them in real copies), and furniture lines repeat across a site's reports: the answers
# for lines this short are remembered (a longer line is prose, and quickly told).
_SHORT_LINE = 256


def furniture_kind(line: str) -> str | None:
    """The kind of page furniture a line is, or ``None`` for report text.

    Kinds: ``breadcrumb`` (``首页 > …``, ``当前位置：…``), ``tools`` (font size,
    print, share, accessibility, search boxes, login), ``catalogue``
    (``索引号：``, ``发文机关：``, ``成文日期：``… blocks), ``byline``
    (``发布时间：``, ``来源：``, ``作者：``…, or a publication note such as
    ``2021年3月,报告发布。``), ``counter`` (``浏览次数：``),
    ``copyright`` (copyright, ICP and host-site lines), ``viewer`` (page headers of
    document viewers), ``date`` (a line that is only a date or time), ``site``
    (a line made only of site-menu words, menu bullets or separators, or a
    search query shown as a question-and-answer page's heading),
    ``attachment`` (a file name offered for download).

    Examples
    --------
    >>> furniture_kind("您当前所在的位置: 首页 > 政府信息公开 > 政府信息公开年报")
    'breadcrumb'
    >>> furniture_kind("• 发文机关:海南省工业和信息化厅 成文日期:2023-01-19 17:48")
    'catalogue'
    >>> furniture_kind("2019年12月3日星期二"), furniture_kind("首   页 走进汉台 新闻中心 政府信息公开")
    ('date', 'site')
    >>> furniture_kind("二、主动公开政府信息情况") is None
    True
    """
    if isinstance(line, str) and len(line) <= _SHORT_LINE:
        return _short_line_kind(line)
    return _furniture_kind(line)


@lru_cache(maxsize=16384)
def _short_line_kind(line: str) -> str | None:
    return _furniture_kind(line)


def _furniture_kind(line: str) -> str | None:
    s = line.strip(SPACE + "\r\n")
    if not s:
        return None
    if len(s) > 200:
        return None
    s = _PINYIN.sub("", s)
    if _ONLY_MARKS.match(s) or _MENU_BULLET.match(s):
        return "site"
    if _ATTACHMENT.match(s):
        return "attachment"
    if _DATED_BYLINE.match(s):
        return "byline"
    if _YEAR_MONTH.match(s):
        return "date"
    if _PUBLISHED_NOTE.match(s):
        return "byline"
    if _QUERY.match(s):
        return "site"
    if _BREADCRUMB_START.match(s) or (len(_BREADCRUMB_SEP.findall(s)) >= 2 and len(s) <= 120
                                      and not re.search(r"[<。；！？]", s)) or (
        s.startswith(("首页", "首 页")) and _BREADCRUMB_SEP.search(s)
    ):
        return "breadcrumb"
    if _CATALOGUE.match(s) or (s[:1] in "•·" and len(s) <= 40 and not re.search(r"[。，；]", s)):
        return "catalogue"
    if _COUNTER.match(s):
        return "counter"
    if _TOOLS_START.match(s):
        return "tools"
    if _BYLINE.match(s):
        return "byline"
    if len(s) <= 80 and len(_BYLINE_ANYWHERE.findall(s)) >= 2:
        return "byline"
    if _VIEWER.match(s):
        return "viewer"
    if _DATE_ONLY.match(s) or _STAMP.match(s):
        return "date"
    if len(s) <= 200 and _is_copyright(s):
        return "copyright"
    if len(s) <= 80 and _is_toolbar(s):
        return "tools"
    if _SITE_LINKS.match(s):
        return "site"
    words = [w for w in _MENU_SPLIT.split(s) if w]
    if len(words) == 1 and words[0] in _SINGLE_MENU:
        return "site"
    if len(words) > 1 and all(w in _MENU_WORDS or (w.startswith("走进") and len(w) <= 5) for w in words):
        return "site"
    return None


def strip_furniture(doc: Document) -> Document:
    """Remove furniture lines from the narrative blocks; keep them in ``meta["furniture"]``.

    A heading or paragraph block whose lines are all furniture is dropped; a
    block with some furniture lines is split around them (the remaining
    pieces keep their spans in ``doc.text``).  Each dropped line is recorded as
    ``{"text", "kind", "start", "end"}`` in ``doc.meta["furniture"]`` (in
    reading order).  ``doc.text`` is unchanged.  Returns the same document.

    Examples
    --------
    >>> from ogi_nlp.document import Block, Document
    >>> d = Document.from_blocks("x", [Block("paragraph", t) for t in
    ...     ["首页 > 政务公开 > 年报", "淮安市人民政府2024年政府信息公开工作年度报告",
    ...      "发布时间：2025-01-20", "一、总体情况"]])
    >>> [b.text for b in strip_furniture(d).blocks]
    ['淮安市人民政府2024年政府信息公开工作年度报告', '一、总体情况']
    >>> [f["kind"] for f in d.meta["furniture"]]
    ['breadcrumb', 'byline']
    """
    found: list[dict] = list(doc.meta.get("furniture", []))
    narrative = [i for i, b in enumerate(doc.blocks)
                 if b.kind in ("heading", "paragraph") and doc.text[b.start:b.end] == b.text]
    # every narrative line, in reading order, for the rules that look at neighbours
    lines: list[tuple[int, int, str]] = []  # (block index, start, line)
    for i in narrative:
        pos = doc.blocks[i].start
        for ln in doc.blocks[i].text.split("\n"):
            lines.append((i, pos, ln))
            pos += len(ln) + 1
    kinds = _kinds_in_context([ln for _, _, ln in lines])
    by_block: dict[int, list[tuple[int, str, str | None]]] = {}
    for (i, pos, ln), kind in zip(lines, kinds):
        by_block.setdefault(i, []).append((pos, ln, kind))
    blocks: list[Block] = []
    for index, block in enumerate(doc.blocks):
        parts = by_block.get(index)
        if parts is None or not any(kind for _, _, kind in parts):
            blocks.append(block)
            continue
        keep_start: int | None = None
        keep_end = block.start
        for pos, ln, kind in parts:
            end = pos + len(ln)
            if kind is None:
                if keep_start is None:
                    keep_start = pos
                keep_end = end
            else:
                if keep_start is not None:
                    blocks.append(replace(block, text=doc.text[keep_start:keep_end], start=keep_start, end=keep_end))
                    keep_start = None
                lead = len(ln) - len(ln.lstrip(SPACE + "\r"))
                found.append({"text": ln.strip(SPACE + "\r"), "kind": kind, "start": pos + lead,
                              "end": pos + len(ln.rstrip(SPACE + "\r"))})
        if keep_start is not None:
            blocks.append(replace(block, text=doc.text[keep_start:keep_end], start=keep_start, end=keep_end))
    blocks = [b for b in blocks if b.kind not in ("heading", "paragraph") or b.text.strip()]
    doc.blocks = blocks
    doc.meta["furniture"] = found
    return doc


# A line that is only a body's name: a site name above the page or a signature
# below the report, unless the title goes on in the next line.
_BODY_ALONE = re.compile(r"^[\u4e00-\u9fff（）()]{2,22}?(?:人民政府|政府|办公室|办公厅|委员会|局|厅|办事处|街道|镇|乡)$")
_TITLE_GOES_ON = re.compile(r"^\s*[（(]?(?:(?:19|20)\d{2}|[一二][〇零○][〇零○一二三四五六七八九]{2})\s*(?:[-—–~至]\s*\d{4}\s*)?"
                            r"(?:年|学年)[^。；]{0,30}(?:报告|年报|信息公开|政务公开|工作要点)|^\s*(?:政府信息公开|政务公开|信息公开)")
_DOC_NUMBER = re.compile(r"^\S{1,12}[〔\[［]\s*(?:19|20)\d{2}\s*[〕\]］]\s*\d+\s*号(?:\s*签发人\s*[:：]\s*\S{2,4})?$")
_VALIDITY = re.compile(r"^(?:有效|失效|废止|已废止|现行有效)$")
_REPORT_MENU = frozenset({"政府信息公开", "政府信息公开年报", "信息公开年报", "政务公开"})


def _kinds_in_context(lines: list[str]) -> list[str | None]:
    """:func:`furniture_kind` of each line, with the rules that read the neighbours.

    - a document number (厦湖府〔2019〕1号) is catalogue furniture, except right
      under an official document's red header (a line ending in 文件), where it
      belongs to the document;
    - a line that is only a body's name is a site name or signature, except when
      the next line continues a title (``2024年政府信息公开工作年度报告``);
    - a lone menu word of the report's column (政府信息公开年报) is furniture,
      except after a line ending in 年/年度 (a wrapped title).
    """
    kinds = [furniture_kind(ln) for ln in lines]
    text = [ln.strip(SPACE + "\r") for ln in lines]

    def prev(i: int) -> str:
        for j in range(i - 1, -1, -1):
            if text[j]:
                return text[j]
        return ""

    def nxt(i: int) -> str:
        for j in range(i + 1, len(text)):
            if text[j] and kinds[j] is None:
                return text[j]
        return ""

    for i, s in enumerate(text):
        if kinds[i] is not None or not s:
            continue
        # a pinyin gloss is bracketed: no bracket, no gloss to remove
        flat = WHITESPACE_RE.sub("", _PINYIN.sub("", s) if "(" in s or "（" in s else s)
        if _DOC_NUMBER.match(s) and not prev(i).endswith("文件"):
            kinds[i] = "catalogue"
        elif _VALIDITY.match(flat):
            kinds[i] = "catalogue"
        elif _BODY_ALONE.match(flat) and not _TITLE_GOES_ON.match(nxt(i)):
            kinds[i] = "site"
        elif flat in _REPORT_MENU and not _YEAR_END.search(prev(i)):
            kinds[i] = "site"
    # a bare "|" or "-" line next to furniture is furniture (elsewhere it may be an empty table cell)
    for i, s in enumerate(text):
        if kinds[i] is None and _BARE_MARK.match(s):
            j = i - 1
            while j >= 0 and not text[j]:
                j -= 1
            k = i + 1
            while k < len(text) and not text[k]:
                k += 1
            if (j >= 0 and kinds[j] is not None) or (k < len(text) and kinds[k] is not None):
                kinds[i] = "site"
    # the value of a byline or catalogue key printed on the next line ("来源:" / "…管理委员会")
    for i, s in enumerate(text):
        if kinds[i] is None and s and len(s) <= 30 and not _CLAUSE_MARK.search(s):
            j = i - 1
            while j >= 0 and not text[j]:
                j -= 1
            if j >= 0 and kinds[j] in ("byline", "catalogue") and _KEY_END.search(text[j]) \
                    and not _TITLE_GOES_ON.match(nxt(i)):
                kinds[i] = kinds[j]
    # a run of three or more short lines among menus: a site's navigation
    def short(i: int) -> bool:
        first = text[i][0]  # flat's first character, or a space before it: anything else is no menu word
        if not ("\u4e00" <= first <= "\u9fff" or first.isspace()):
            return False
        flat = WHITESPACE_RE.sub("", text[i])
        return bool(_SHORT_MENU_LINE.match(flat)) and flat not in _HEADING_WORDS
    i = 0
    while i < len(text):
        if not text[i]:
            i += 1
            continue
        j, run = i, []
        while j < len(text) and (not text[j] or kinds[j] in ("site", "tools") or (kinds[j] is None and short(j))):
            if text[j]:
                run.append(j)
            j += 1
        if len(run) >= 3 and any(kinds[k] is not None for k in run):
            for k in run:
                if kinds[k] is None:
                    kinds[k] = "site"
        i = max(j, i + 1)
    return kinds


_BARE_MARK = re.compile(r"^[|｜\-—_=*·•]+$")
_YEAR_END = re.compile(r"年度?$")
_CLAUSE_MARK = re.compile(r"[。；;，,]")
_KEY_END = re.compile(r"[:：]$")
_SHORT_MENU_LINE = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
_HEADING_WORDS = frozenset("前言 引言 概述 总体情况 附件 附表 说明 结语 年度报告 工作报告".split())
