"""Hard-wrapped text: lines that a page broke inside a sentence joined again.

Text copied out of a PDF or a page viewer (``pdftotext``, the HTML of a flip-book)
breaks every paragraph into lines of the page's width::

    2022 年，区政府办公室共收到市人大代表建议 1 件、市政
    协委员提案 1 件，内容主要涉及乡村振兴、特色产业等方面。截
    至 12 月底，全部建议、提案均已办理完毕，办结率为 100%，人

The codebook ends a sentence at a line break (the author's paragraph); a wrap made
by the page is not one, and left alone it cuts ``截`` / ``至 12 月底…`` and ``人`` /
``大代表…`` into pieces no coder or model can read.  Such a document shows itself by
its widths: many lines that stop inside a sentence reach one width, the wrap width,
and almost no line is longer.  :func:`rejoin_wrapped` finds that width from the
document's own lines (no width is assumed) and joins a paragraph line that reaches
it without ending a sentence to the paragraph line after it, unless that line starts
a heading or a list item (``二、``, ``（三）``, ``2.``, ``三是``) or either line is page
furniture or a table row (``|``, tabs, values parted by spaces: ``总计 0 0 12``).
A document whose lines have no common width, such as a web copy with one paragraph
per line, is returned as it is.

Widths are display widths (:func:`ogi_nlp.zh.chars.display_width`): a full-width
character (CJK, full-width punctuation) counts two, any other one, as a page sets them.

Examples
--------
>>> from ogi_nlp.document import Block
>>> lines = ["2022 年，区政府办公室共收到市人大代表建议 1 件、市政",
...          "协委员提案 1 件，内容主要涉及乡村振兴、特色产业等方面。截",
...          "至 12 月底，全部建议、提案均已办理完毕，办结率为 100%，人",
...          "大代表、政协委员对办理工作表示满意。",
...          "（四）政务公开工作创新情况"]
>>> blocks, joined = rejoin_wrapped([Block("paragraph", t, line=k) for k, t in enumerate(lines, 1)])
>>> [b.text[-14:] for b in blocks], joined
(['政协委员对办理工作表示满意。', '（四）政务公开工作创新情况'], [2, 3, 4])
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from ..document import Block
from ..zh.chars import display_width
from ..zh.enumerators import CLAUSE_ENUMERATOR, ENUMERATOR, PART, TOP
from ._clean import join_wrapped
from .furniture import furniture_kind

__all__ = ["reflow_blocks", "rejoin_wrapped", "split_run_together", "wrap_width", "hard_wrap"]

# A report's title line ("××局2021年政府信息公开工作年度报告") is a line of its own.
_TITLE = re.compile(r"^(?!本|该|此|根据|按照|现将|经)[^，,。；]{0,40}?(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年[^，,。；]*(?:报告|年报)$")
# A line that stops on a comma stops inside a sentence, even before ``一是``.
_COMMA = re.compile(r"[，,、]\s*$")
# Bullets of list items, beside the enumerators (``二、``, ``（三）``, ``2.``, ``三是``).
_BULLET = re.compile(r"^[-－—•·●○■□◆◇★☆※▪►➢]\s*")
_LATIN = re.compile(r"[A-Za-z]")
_GAP = r"[ \t\u3000\xa0]"
# A numbered part title standing in a line between spaces (after a space or a sentence's
# end, before a space and more text): a heading that a copy ran into its paragraph.
_RUN_HEAD = re.compile(
    rf"(?:^|(?<=[\s。；;：:！？!?])){_GAP}*((?:{TOP}|{PART}){_GAP}*[\u4e00-\u9fff《][\u4e00-\u9fff（）()、《》“”0-9]{{1,29}})(?={_GAP}+\S)"
)
_STRIP = " \t\u3000\xa0"
_INNER_STOP = re.compile(r"[。！？；!?;]")
_CLAUSE = re.compile(r"[，,；;。！？!?]")
# Table rows that a copy left as lines, spaces between their cells (_value_row, _word_row).
_NUMBER_CELL = re.compile(r"[-+]?\d+(?:[,.]\d+)*%?")
_BLANK_CELL = frozenset("-—－/／")  # what a table prints in a cell it leaves empty
_WORD_GAP = re.compile(r"[\u4e00-\u9fff][ \u3000\xa0]+(?=[\u4e00-\u9fff])")  # a space between two characters
_PUNCT = re.compile(r"[，,、；;：:。！？!?]")
_HEADING_SLACK = 2  # a heading is joined only when it fills the line (one unit short: a greedy cut)
_MIN_WIDTH = 24  # twelve CJK characters: shorter lines are titles, dates, signatures, cells
_SLACK = 6  # a full line may stop up to three CJK characters short of the width (kinsoku, digits, indent)
_OVER = 4  # and run two units over it (proportional digits and Latin letters)
_MIN_WRAPPED = 3  # lines at the width that stop inside a sentence: fewer is chance
_MAX_LONGER = 0.2  # share of long lines allowed beyond the width (headers, furniture)


def _closed(text: str) -> bool:
    """Whether a line ends a sentence (the break after it is then the author's): its last
    character that is not blank, nor a quote or bracket closed after it (``…尽公开。”``),
    is 。！？； or !?; or a full stop after a Chinese character."""
    end = text.rstrip().rstrip(_CLOSERS)  # what \s takes; a quote or bracket closed after the stop
    if not end:
        return False
    last = end[-1]
    return last in _STOPS or last == "." and len(end) > 1 and "\u4e00" <= end[-2] <= "\u9fff"


_STOPS = frozenset("。！？；!?;")
_CLOSERS = "”’」』）)】》\"'"


def _is_open(text: str) -> bool:
    return not _closed(text) and not _TITLE.match(text)


def wrap_width(texts: Sequence[str]) -> int | None:
    """The width at which a text's lines were wrapped, or ``None`` when they were not.

    Among the lines that stop inside a sentence, the window of widths (``_SLACK`` below
    to ``_OVER`` above) that holds the most of them gives the width, the median of
    those it holds.  It counts only when at least three lines reach it that way, when
    at most a fifth of the long lines run beyond it, and when, at the very width, the
    lines that stop inside a sentence are no fewer than the lines that end one and run
    over the width.  A line that ends a sentence at the width or one character short of
    it is evidence neither way: a page fills a line whether or not a sentence ends there,
    and a copy of short paragraphs wrapped at the width has many such lines.  A web copy
    with one paragraph per line fails: its lengths spread, so that many of its lines run
    beyond the width or over it, or too few of them stop inside a sentence.

    Left out are page furniture (``Page 3 - …``) and table rows that stayed lines,
    their cells parted by ``|``, tabs or spaces (``（七）总计 0 0 12 0``,
    ``申请人情况 自然人 法人或其他组织``), which no page wraps at its width; prose that
    sets its numbers apart (``截至 2023 年 12 月底``) counts.  A title standing as a line
    (``二、主动公开政府信息情况``: a numbered line with no comma or stop after its
    number) counts neither for the width nor against it, as titles are the lines of a
    web copy that stop without ending a sentence.

    Examples
    --------
    >>> wrap_width(["一二三四五六七八九十一二三四五，", "六七八九十一二三四五六七八九十一", "二三四五。"] * 2)
    32
    >>> wrap_width(["全年主动公开政府信息120条。", "受理申请5件，均按时答复。"]) is None
    True
    >>> wrap_width(["（一）主动公开政府信息情况", "全年主动公开政府信息一百条。"] * 3) is None
    True
    """
    lines = [(display_width(t), t) for t in texts if 2 * len(t) >= _MIN_WIDTH]  # a width is at most twice the length
    lines = [(w, t, _is_open(t)) for w, t in lines if w >= _MIN_WIDTH and not _row(t)]
    # furniture is told first among the open lines, which are few in a copy that is not wrapped
    prose = {t: furniture_kind(t) is None for _, t, is_open in lines if is_open}
    wrapped = {t: not _heading(t) for t, is_prose in prose.items() if is_prose}  # open prose lines that count
    open_widths = sorted(w for w, t, is_open in lines if is_open and wrapped.get(t))
    if len(open_widths) < _MIN_WRAPPED:
        return None
    for _, t, _ in lines:
        if t not in prose:
            prose[t] = furniture_kind(t) is None
    long = [(w, t, is_open) for w, t, is_open in lines if prose[t]]
    best: list[int] = []
    for width in sorted(set(open_widths)):
        lo, hi = bisect_left(open_widths, width - _SLACK), bisect_right(open_widths, width + _OVER)
        if hi - lo > len(best) or hi - lo == len(best) and open_widths[hi - 1] > best[-1]:
            best = open_widths[lo:hi]
    width = best[len(best) // 2]
    longer = sum(1 for w, _, _ in long if w > width + _OVER)
    if len(best) < _MIN_WRAPPED or longer > _MAX_LONGER * len(long):
        return None
    # the lines at the very width: open ones for, closed ones over the width against
    for_ = against = 0
    for w, t, is_open in long:
        if width - _HEADING_SLACK <= w <= width + _OVER:
            if is_open:
                for_ += wrapped[t]
            elif w > width:
                against += 1
    return width if for_ >= against else None


def _heading(text: str) -> bool:
    """A title standing as a line: a numbered line with no comma or stop after its number."""
    m = ENUMERATOR.match(text)
    return bool(m) and not _CLAUSE.search(text, m.end())


def _value_row(text: str) -> bool:
    """Values parted by spaces: two cells side by side, each a number or left blank
    (``（七）总计 0 0 12 — 0``).  Prose parts a number from its words, never from another
    number (``2023 年 12 月``, ``共 12 件``).

    >>> _value_row("（七）总计 0 0 12 — 0"), _value_row("截至 2023 年 12 月底，共受理 12 件")
    (True, False)
    """
    cells = text.split()
    return any(_value(a) and _value(b) for a, b in zip(cells, cells[1:]))


def _value(cell: str) -> bool:
    return cell in _BLANK_CELL or bool(_NUMBER_CELL.fullmatch(cell))


def _word_row(text: str) -> bool:
    """Words parted by spaces, a header row (``申请人情况 自然人 法人或其他组织``): two gaps
    or more between characters and no punctuation.  Prose has such gaps only where a copy
    lost its line breaks, and then mostly a comma or stop among them."""
    return len(_WORD_GAP.findall(text)) >= 2 and not _PUNCT.search(text)


def _row(text: str) -> bool:
    """A table row that stayed a line: cells parted by ``|``, tabs, or spaces (values or words)."""
    return "|" in text or "\t" in text or _value_row(text) or _word_row(text)


def _starts_item(text: str) -> bool:
    return bool(ENUMERATOR.match(text) or CLAUSE_ENUMERATOR.match(text) or _BULLET.match(text))


def _joinable(text: str) -> bool:
    """A line of prose: not page furniture, not a table row that stayed a paragraph (a row of
    words may be prose that lost its line breaks: it is joined)."""
    return "|" not in text and "\t" not in text and not _value_row(text) and furniture_kind(text) is None


def _join(left: str, right: str) -> str:
    """A CJK line continues without a space; a line of Latin words keeps the space the wrap took."""
    latin = len(_LATIN.findall(left)) * 2 > len(left)
    return join_wrapped(left, right) if latin else left + right


def rejoin_wrapped(blocks: Sequence[Block]) -> tuple[list[Block], list[int]]:
    """Join the paragraph lines of a hard-wrapped document into their paragraphs.

    Parameters
    ----------
    blocks : sequence of Block
        A reader's blocks in reading order, spans not yet set (one paragraph block
        per source line for plain text).

    Returns
    -------
    blocks : list of Block
        The same blocks, with each wrapped line joined to the line it continues (the
        joined block keeps the first line's ``line`` and ``page``).
    joined : list of int
        For every line joined to the one before it, its ``line`` (or, where the source
        has no line numbers, its position among ``blocks``), so a sentence can be traced
        to every source line it spans.

    Examples
    --------
    >>> from ogi_nlp.document import Block
    >>> web = [Block("paragraph", "全年主动公开政府信息120条，其中规章3件。"), Block("paragraph", "二、依申请公开")]
    >>> rejoin_wrapped(web)[0] == web, rejoin_wrapped(web)[1]
    (True, [])
    """
    paragraphs = [b.text for b in blocks if b.kind == "paragraph" and "\n" not in b.text]
    width = wrap_width(paragraphs)
    if width is None:
        return list(blocks), []
    out: list[Block] = []
    joined: list[int] = []
    previous_full = False  # the last block of `out` ends in a line that reaches the width, open
    for k, block in enumerate(blocks):
        text = block.text
        is_line = block.kind == "paragraph" and "\n" not in text
        if not is_line:
            out.append(block)
            previous_full = False
            continue
        if previous_full and _joinable(text) and (not _starts_item(text) or _COMMA.search(out[-1].text)
                                                  and not ENUMERATOR.match(text)):
            out[-1] = replace(out[-1], text=_join(out[-1].text, text))
            joined.append(block.line if block.line is not None else k)
            slack = _SLACK
        else:
            out.append(block)
            slack = _HEADING_SLACK if ENUMERATOR.match(text) and not _INNER_STOP.search(text) else _SLACK
        previous_full = _is_open(text) and width - slack <= display_width(text) <= width + _OVER and _joinable(text)
    return out, joined


def hard_wrap(line: str, chars: int) -> list[str]:
    """Cut a line as a page of ``chars`` CJK characters' width would: the inverse of the above.

    A greedy cut at the width, with no rule against punctuation at the start of a line;
    for tests and the evaluation (``benchmarks/eval_reflow.py``).

    Examples
    --------
    >>> hard_wrap("全年受理申请5件，均按时答复。", 6)
    ['全年受理申请', '5件，均按时', '答复。']
    """
    out: list[str] = []
    piece, used = "", 0
    for ch in line:
        width = display_width(ch)
        if used + width > 2 * chars and piece:
            out.append(piece)
            piece, used = "", 0
        piece += ch
        used += width
    out.append(piece)
    return out


def split_run_together(blocks: Sequence[Block]) -> tuple[list[Block], list[int]]:
    """Split paragraphs at the part titles a copy ran into them.

    Copies of reports on document-sharing sites, and some web pages, put a whole
    report, or a heading and its first paragraph, on one line, with spaces where the
    paragraphs broke: ``…如下: 一、总体情况 2020年，我镇…``.  A top-level title
    (``一、`` … or ``第一部分`` and up to 30 characters of title) that stands between
    spaces, after a space or a sentence's end, becomes a line of its own, and so does
    the text around it, so that the heading is found as a heading and its section
    starts there.  A title followed by a full stop (``（一）强化组织领导。``) is a
    sentence already and is left alone, and so is a table row that stayed a line
    (``一、本年新收政府信息公开申请数量 | 0 | 0``) and page furniture.

    Returns
    -------
    blocks : list of Block
        The blocks, a split one replaced by its pieces (each keeps ``line`` and ``page``).
    split : list of int
        The ``line`` (or position among ``blocks``) of every block split.

    Examples
    --------
    >>> from ogi_nlp.document import Block
    >>> one = Block("paragraph", "现将年度报告如下: 一、总体情况 2020年，我镇主动公开信息46条。 二、存在的问题 培训不够。", line=3)
    >>> blocks, split = split_run_together([one])
    >>> [b.text for b in blocks], split
    (['现将年度报告如下:', '一、总体情况', '2020年，我镇主动公开信息46条。', '二、存在的问题', '培训不够。'], [3])
    """
    out: list[Block] = []
    split: list[int] = []
    for k, block in enumerate(blocks):
        text = block.text
        if (block.kind != "paragraph" or "\n" in text or not _RUN_HEAD.search(text)
                or "|" in text or "\t" in text or furniture_kind(text) is not None):
            out.append(block)
            continue
        pieces: list[str] = []
        start = 0
        for m in _RUN_HEAD.finditer(text):
            pieces += [text[start:m.start(1)], m.group(1)]
            start = m.end(1)
        pieces.append(text[start:])
        pieces = [p.strip(_STRIP) for p in pieces if p.strip(_STRIP)]
        out.extend(replace(block, text=p) for p in pieces)
        split.append(block.line if block.line is not None else k)
    return out, split


def reflow_blocks(blocks: Sequence[Block]) -> tuple[list[Block], dict[str, list[int]]]:
    """A reader's paragraph lines rebuilt: wrapped lines joined, run-together titles split.

    Returns the blocks and, for ``Document.meta``, ``rejoined_lines`` (see
    :func:`rejoin_wrapped`) and ``split_lines`` (see :func:`split_run_together`).

    Examples
    --------
    >>> from ogi_nlp.document import Block
    >>> reflow_blocks([Block("paragraph", "全年受理申请5件。")])
    ([Block(kind='paragraph', text='全年受理申请5件。', start=0, end=0, rows=(), page=None, layout='', line=None)], {'rejoined_lines': [], 'split_lines': []})
    """
    blocks, joined = rejoin_wrapped(blocks)
    blocks, split = split_run_together(blocks)
    return blocks, {"rejoined_lines": joined, "split_lines": split}
