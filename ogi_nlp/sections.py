"""Canonical sections of a report: which part of the template each block is in.

An annual report follows a national template whose top-level parts carry the
same meaning from one report to the next, whatever their exact wording.
:func:`find_sections` finds the top-level headings (``一、`` level; sub-headings
such as ``（一）`` stay inside their section) and names each section by a
canonical key chosen from the heading's words:

=================  =====================================================================
key                headings it covers (2019/2021 templates; legacy 2008-2018 reports)
=================  =====================================================================
``preamble``       everything before the first heading (title, compilation note)
``overview``       总体情况; 概述, 概况, 基本情况
``workplan``       落实…政务公开工作要点情况 (legacy)
``proactive``      主动公开政府信息情况; 政府信息主动公开情况
``requests``       收到和处理政府信息公开申请情况; 依申请公开…情况
``staff_fees``     人员和收支情况, 收费以及免除费用的情况 (legacy)
``review``         政府信息公开行政复议、行政诉讼情况; 因…申请行政复议、提起行政诉讼的情况
``problems``       存在的主要问题及改进情况; 主要问题和改进措施, 不足以及改进措施
``other_matters``  其他需要报告的事项
``unknown``        a top-level heading that fits none of these
``part_N``         part N of a document that is not an annual report (a work plan's
                   ``一、着力加强公开解读回应工作`` is ``part_1``)
=================  =====================================================================

What real files do, and how it is handled:

* ``2、`` printed where ``二、`` was meant: Arabic numbers open a section when
  their heading fits a canonical key (they never open ``unknown``: in the body
  they mostly number list items);
* headings indented, with spaces or half-width brackets: whitespace is ignored;
* a heading run into its first sentence (``一、总体情况。2022年…``) or, in
  PDFs, into a wrapped line without a stop (``一、总体情况 2024年…``): the first
  sentence, or a known template title at the start of the block, is the heading;
* a heading split over two lines (``四、政府信息公开行政复议、`` / ``行政诉讼情况``):
  the next short line is joined when the first ends with a connector or fits no key;
* numbering that restarts (``一、主动公开情况`` rows of a statistics table left
  as text) or repeats a later heading's number (``四、结转下年度继续办理`` before
  ``四、政府信息公开行政复议…``) does not open a section;
* a template title standing alone without its number (PDFs that lost it)
  opens its section;
* only narrative blocks (``heading``, ``paragraph``) can be headings; table
  cells never are.

Headings lost altogether (PDF text without them) are inferred only from the
2019/2021 template tables, whose wording is fixed: a table citing 第二十条 opens
``proactive``, one with 本年新收/申请人情况 opens ``requests``, one with
复议/诉讼 and 结果维持 opens ``review`` -- where that section is missing and the
template order allows it (``inferred=True``, empty title).  Otherwise text under
a lost heading stays in the preceding section rather than being given a
guessed key.

Examples
--------
>>> from ogi_nlp.document import Block, Document
>>> doc = Document.from_blocks("x", [Block("paragraph", t) for t in
...     ["某局2022年政府信息公开年度报告", "一、总体情况", "（一）加强组织领导", "2、 主动公开政府信息情况"]])
>>> [(s.key, s.title, s.first_block, s.last_block) for s in find_sections(doc)]
[('preamble', '', 0, 0), ('overview', '一、总体情况', 1, 2), ('proactive', '2、 主动公开政府信息情况', 3, 3)]
>>> block_sections(doc)
['preamble', 'overview', 'overview', 'proactive']
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Sequence

from .document import Document
from .metadata import extract_meta
from .sentences import _STRIP, _first_span, is_heading
from .tables.registry import registry
from .zh.chars import SPACE, WHITESPACE_RE
from .zh.enumerators import CN_DIGITS, PAREN_ENUMERATOR, SECTION_NUMBER
from .zh.numerals import chinese_to_number

__all__ = [
    "Section",
    "SECTION_KEYS",
    "find_sections",
    "block_sections",
    "section_key_at",
    "heading_key",
]

#: Canonical keys in template order (``part_N`` keys are added for non-reports).
SECTION_KEYS: tuple[str, ...] = (
    "preamble",
    "overview",
    "workplan",
    "proactive",
    "requests",
    "staff_fees",
    "review",
    "problems",
    "other_matters",
    "unknown",
)


@dataclass(frozen=True, slots=True)
class Section:
    """One top-level section of a document.

    Parameters
    ----------
    key : str
        Canonical key (see the module docstring).
    title : str
        The heading as printed (trimmed; two lines joined if it was split);
        ``""`` for the preamble.
    start, end : int
        Character span in ``Document.text`` from the heading to the end of
        the section's last block.
    first_block, last_block : int
        Indices into ``Document.blocks`` (inclusive).
    number : int or None
        The heading's printed number (``2`` for ``2、`` and for ``二、``).
    inferred : bool
        True where no heading was printed (or it was lost) and the section
        was placed from its template table (``title`` is then ``""``).
    """

    key: str
    title: str
    start: int
    end: int
    first_block: int
    last_block: int
    number: int | None = None
    inferred: bool = False


_WS = WHITESPACE_RE
_TOP = SECTION_NUMBER
_SUB = PAREN_ENUMERATOR
def _template_titles() -> re.Pattern[str]:
    pats = [s["pattern"] for s in registry()["sections"]["template"]]
    return re.compile("^(?:" + "|".join(pats) + ")")


# The template titles (2019/2021), for headings run into a wrapped line: from the
# template registry (ogi_nlp/resources/templates.json, section "sections").
_KNOWN_TITLES = _template_titles()
_STANDALONE_END = re.compile(r"(?:情况|事项|措施|概述|概况|不足)[。:：]?$")
_CONNECTOR_END = re.compile(r"[、，,和及与暨《（(]$")
_MAX_TITLE = 45
_MAX_CONTINUATION = 25

# Keyword rules, checked in this order (first match wins).
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("review", re.compile(r"复议|诉讼")),
    ("staff_fees", re.compile(r"收费|费用|收支|经费")),
    ("problems", re.compile(r"问题|不足|改进")),
    ("other_matters", re.compile(r"其他需要|其它需要|其他需报告|其他事项|其它事项|需要报告的|需要说明")),
    ("workplan", re.compile(r"要点")),
    ("requests", re.compile(r"依申请|申请.{0,6}(?:情况|处理)|(?:收到|受理|处理).{0,4}申请")),
    ("proactive", re.compile(r"主动公开|主动发布")),
    ("overview", re.compile(r"总体情况|概述|概况|基本情况|总体")),
)


def heading_key(title: str) -> str | None:
    """Canonical key of a top-level heading's words, or None if none fits.

    The enumerator, if any, is ignored.

    Examples
    --------
    >>> [heading_key(t) for t in ["一、总体情况", "六、行政复议和行政诉讼情况",
    ...  "行政机关依申请公开政府信息和不予公开政府信息的情况", "二、着力提升政务服务工作实效"]]
    ['overview', 'review', 'requests', None]
    """
    text = _WS.sub("", title)
    m = _TOP.match(text)
    if m:
        text = text[m.end():]
    for key, rule in _RULES:
        if rule.search(text):
            return key
    return None


@dataclass(slots=True)
class _Candidate:
    block: int
    last_block: int
    title: str
    number: int | None
    kind: str  # "cn", "ar", "part", "none"
    key: str | None


# What SECTION_NUMBER needs at the start of a text's first sentence once its spaces are removed,
# read on the text itself: the sentence starts after the characters sentence_spans strips, and
# the spaces removed (regex "\s", line breaks included) may stand between any two of its
# characters.  It matches wherever SECTION_NUMBER matches the first sentence without spaces (and
# a little more: "." before a digit, a number cut by a sentence end): only a text it matches
# can open with a section number (tests/test_sections.py holds the two to that).
_W = r"\s*"
_MAY_OPEN = re.compile(
    rf"^[{re.escape(_STRIP)}\s]*(?:"
    rf"第{_W}(?:[{CN_DIGITS}](?:{_W}[{CN_DIGITS}]){{0,2}}|\d(?:{_W}\d)?){_W}(?:部{_W}分|章)"
    rf"|[{CN_DIGITS}](?:{_W}[{CN_DIGITS}]){{0,2}}{_W}[、.．,，]"
    rf"|\d(?:{_W}\d)?{_W}[、，,．.])"
)


def _may_open_section_number(text: str) -> bool:
    """False only where SECTION_NUMBER cannot match the first sentence of ``text`` without spaces."""
    return _MAY_OPEN.match(text) is not None


def _first_sentence(text: str) -> str:
    first = _first_span(text[:160])
    return first.text if first is not None else ""


def _candidate(doc: Document, pos: int, narrative: Sequence[int]) -> _Candidate | None:
    i = narrative[pos]
    block = doc.blocks[i]
    text = block.text.strip(SPACE + "\n")
    if not text or _SUB.match(text):
        return None
    if not _may_open_section_number(text):
        # No section number: a template title standing alone (number lost, or styled as a
        # heading), the whole text being its first sentence.  The tests that read the whole
        # text come first; the first sentence is split only for a text that passes them.
        whole = _WS.sub("", text)
        heading = block.kind == "heading"
        if (
            len(whole) <= _MAX_TITLE
            and (heading or (_STANDALONE_END.search(whole) and _KNOWN_TITLES.match(whole)))
            and whole == _WS.sub("", _first_sentence(text)).rstrip("。")
        ):
            return _Candidate(i, i, text, None, "none", heading_key(whole))
        return None
    first = _first_sentence(text)
    flat = _WS.sub("", first)
    m = _TOP.match(flat)
    if m is None:
        # A template title standing alone (number lost, or styled as a heading).
        if len(flat.rstrip("。")) > _MAX_TITLE:
            return None  # the whole text would have to equal this first sentence, and be a short title
        whole = _WS.sub("", text)
        if (
            len(whole) <= _MAX_TITLE
            and (_STANDALONE_END.search(whole) or block.kind == "heading")
            and whole == flat.rstrip("。")
            and (block.kind == "heading" or _KNOWN_TITLES.match(whole))
        ):
            return _Candidate(i, i, text, None, "none", heading_key(whole))
        return None
    kind = "part" if m.group("part") else ("cn" if m.group("cn") else "ar")
    number = chinese_to_number(m.group("part") or m.group("cn") or m.group("ar"))
    title = first
    last = i
    if not is_heading(first):
        # "一、总体情况 2024年，…": a template title run into a wrapped line.
        known = _KNOWN_TITLES.match(flat[m.end():])
        if known is None:
            return None
        title = flat[: m.end() + known.end()]
    key = heading_key(title)
    # A heading split over two lines.
    if (key is None or _CONNECTOR_END.search(_WS.sub("", title))) and pos + 1 < len(narrative):
        j = narrative[pos + 1]
        nxt = doc.blocks[j].text.strip(SPACE + "\n")
        if (
            j == i + 1
            and len(_WS.sub("", nxt)) <= _MAX_CONTINUATION
            and not _TOP.match(nxt)
            and not _SUB.match(nxt)
            and _STANDALONE_END.search(_WS.sub("", nxt))
        ):
            joined_key = heading_key(title + nxt)
            if joined_key is not None or _CONNECTOR_END.search(_WS.sub("", title)):
                title, key, last = title + nxt, joined_key, j
    return _Candidate(i, last, title.strip(), number, kind, key)


# Template tables whose wording is fixed by the 2019/2021 formats.
_TABLE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("proactive", re.compile(r"第二十条")),
    ("requests", re.compile(r"本年新收|申请人情况")),
    ("review", re.compile(r"(?=.*复议)(?=.*诉讼)(?=.*结果维持)", re.S)),
)
_ORDER = {k: i for i, k in enumerate(("preamble", "overview", "proactive", "requests", "review", "problems", "other_matters"))}


def _infer_from_tables(doc: Document, chosen: list[tuple[_Candidate, str]]) -> list[tuple[_Candidate, str]]:
    """Add sections whose heading is missing, placed at their template table."""
    present = {key for _, key in chosen}
    starts = [c.block for c, _ in chosen]
    out = list(chosen)
    for i, block in enumerate(doc.blocks):
        if block.kind != "table":
            continue
        text = _WS.sub("", block.text[:400])
        key = next((k for k, cue in _TABLE_CUES if cue.search(text)), None)
        if key is None or key in present:
            continue
        k = bisect.bisect_right(starts, i) - 1
        here = out[k][1] if k >= 0 else "preamble"
        following = [key2 for c2, key2 in out if c2.block > i]
        if here not in _ORDER or _ORDER[here] >= _ORDER[key]:
            continue
        if following and following[0] in _ORDER and _ORDER[following[0]] <= _ORDER[key]:
            continue
        out.insert(k + 1, (_Candidate(i, i, "", None, "table", key), key))
        starts.insert(k + 1, i)
        present.add(key)
    return out


def _select(cands: list[_Candidate], *, parts: bool) -> list[tuple[_Candidate, str]]:
    """The candidates that open sections, with their keys."""
    chosen: list[tuple[_Candidate, str]] = []
    last_num = 0
    if parts:
        for c in cands:
            if c.kind in ("cn", "part") and c.number is not None and (not chosen or c.number == last_num + 1):
                chosen.append((c, f"part_{c.number}"))
                last_num = c.number
        return chosen
    # Last candidate index at which each number heads a canonical section.
    matched_at: dict[int, int] = {c.number: k for k, c in enumerate(cands) if c.key is not None and c.number is not None}
    for k, c in enumerate(cands):
        if c.key is not None:
            if c.number is not None and last_num and c.number < last_num:
                continue  # numbering restarts: rows of an appended table, not the report's parts
            chosen.append((c, c.key))
            if c.number is not None:
                last_num = c.number
        elif c.kind in ("cn", "part") and c.number == last_num + 1:
            if matched_at.get(c.number, -1) > k:
                continue  # a later heading fits a canonical key under this number
            chosen.append((c, "unknown"))
            last_num = c.number
    return chosen


def find_sections(doc: Document, *, doc_type: str | None = None) -> list[Section]:
    """The top-level sections of a document, in order.

    Parameters
    ----------
    doc : Document
        A document from :func:`ogi_nlp.read.read_document`.
    doc_type : str, optional
        ``"annual_report"``, ``"work_plan"``, ``"template"`` or ``"other"``;
        by default taken from :func:`ogi_nlp.metadata.extract_meta`.  A work plan
        in which fewer than two headings fit a canonical key, and any other
        non-report in which none does, gets ``part_N`` sections.

    Returns
    -------
    list of Section
        Covering every block from the first to the last, without gaps; empty
        for a document without blocks.

    Examples
    --------
    >>> from ogi_nlp.document import Block, Document
    >>> doc = Document.from_blocks("plan", [Block("paragraph", t) for t in
    ...     ["2018年政务公开工作要点", "一、着力加强公开解读回应工作", "二、着力提升政务服务工作实效"]])
    >>> [s.key for s in find_sections(doc)]
    ['preamble', 'part_1', 'part_2']
    """
    if not isinstance(doc, Document):
        raise TypeError(f"find_sections expects a Document, got {type(doc).__name__}")
    allowed = ("annual_report", "work_plan", "template", "other")
    if doc_type is not None and doc_type not in allowed:
        raise ValueError(f"doc_type={doc_type!r} is not one of {allowed}")
    if not doc.blocks:
        return []
    narrative = [i for i, b in enumerate(doc.blocks) if b.kind in ("heading", "paragraph")]
    cands = [c for pos in range(len(narrative)) if (c := _candidate(doc, pos, narrative)) is not None]
    if doc_type is None:
        doc_type = extract_meta(doc)["doc_type"]
    n_known = len({c.key for c in cands if c.key is not None})
    parts = (doc_type == "work_plan" and n_known < 2) or (doc_type == "other" and n_known == 0)
    chosen = _select(cands, parts=parts)
    if not parts:
        chosen = _infer_from_tables(doc, chosen)

    sections: list[Section] = []
    n = len(doc.blocks)
    if not chosen or chosen[0][0].block > 0:
        end_block = (chosen[0][0].block if chosen else n) - 1
        sections.append(Section("preamble", "", doc.blocks[0].start, doc.blocks[end_block].end, 0, end_block))
    for k, (c, key) in enumerate(chosen):
        last = (chosen[k + 1][0].block if k + 1 < len(chosen) else n) - 1
        sections.append(
            Section(key, c.title, doc.blocks[c.block].start, doc.blocks[last].end, c.block, last, c.number,
                    inferred=c.kind == "table")
        )
    return sections


def block_sections(doc: Document, sections: Sequence[Section] | None = None) -> list[str]:
    """The section key of every block of ``doc`` (same length as ``doc.blocks``).

    Examples
    --------
    >>> from ogi_nlp.document import Block, Document
    >>> doc = Document.from_blocks("x", [Block("paragraph", "五、存在的主要问题及改进情况"), Block("paragraph", "下一步，我局将加强解读。")])
    >>> block_sections(doc)
    ['problems', 'problems']
    """
    if sections is None:
        sections = find_sections(doc)
    keys = ["unknown"] * len(doc.blocks)
    for s in sections:
        for i in range(s.first_block, s.last_block + 1):
            keys[i] = s.key
    return keys


def section_key_at(sections: Sequence[Section], offset: int) -> str | None:
    """The key of the section holding character ``offset`` of ``Document.text``.

    Use it to give each sentence of :func:`ogi_nlp.sentences.sentence_spans`
    (run on ``Document.text``) its section.  ``None`` outside every section.

    Examples
    --------
    >>> secs = [Section("preamble", "", 0, 10, 0, 0), Section("overview", "一、总体情况", 11, 40, 1, 3, 1)]
    >>> section_key_at(secs, 12), section_key_at(secs, 10), section_key_at(secs, 99)
    ('overview', 'preamble', None)
    """
    starts = [s.start for s in sections]
    k = bisect.bisect_right(starts, offset) - 1
    if k < 0:
        return None
    # Between two sections only a block separator lies: it goes with the earlier one.
    if k + 1 < len(sections) or offset < sections[k].end:
        return sections[k].key
    return None
