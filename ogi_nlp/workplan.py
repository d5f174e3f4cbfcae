"""Work plans (政务公开工作要点) as task tables, and their alignment with reports.

A work plan lists numbered tasks under two levels of headings::

    一、着力加强公开解读回应工作              part   (key "一")
    (一)围绕建设法治政府全面推进政务公开      group  (key "一")
    1. 把公开透明作为……知情权。(政策牵头起草部门负责)   task 1

:func:`parse_workplan` turns such text into one row per task: its number as
printed, part and group, the task text with wrapped lines rejoined, and the
units named in the trailing bracket as responsible.  Full- and half-width
punctuation (``（一）``/``(一)``, ``1．``/``1.``/``1、``) and traditional
characters (負責, 牽頭) are read alike.

:func:`align_workplan` finds, for each task, the report sentences most similar to it
(TF-IDF cosine over words); :func:`workplan_coverage` turns that into a task x report
table.  Word overlap is not meaning: matches are candidates to read, and a
coverage threshold is a judgement to check on a sample (see :func:`align_workplan`).

Examples
--------
>>> plan = "一、加强平台建设\\n(一)管好政府网站\\n1. 完善政府网站安全保障机制。(办公室、自动化部按职责分工负责)\\n"
>>> row = parse_workplan(plan).iloc[0]
>>> int(row["number"]), row["part"], row["group"], row["text"], row["responsible"]
(1, '加强平台建设', '管好政府网站', '完善政府网站安全保障机制。', ['办公室', '自动化部'])
"""
from __future__ import annotations

import re
import warnings
from typing import Callable, Iterable

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from .errors import ReadWarning
from .tokens import Segmenter
from .zh.chars import WHITESPACE
from .zh.enumerators import CN_NUMERALS, FINANCIAL_DIGITS
from .zh.pages import BARE_PAGE_NUMBER, is_page_number
from .zh.script import to_simplified

__all__ = [
    "parse_workplan",
    "parse_responsible",
    "align_workplan",
    "workplan_coverage",
    "WORKPLAN_COLUMNS",
    "ALIGNMENT_COLUMNS",
]

#: Columns of the frame returned by :func:`parse_workplan`, in order.
WORKPLAN_COLUMNS = (
    "number", "part_key", "part", "group_key", "group", "text", "responsible",
    "lead", "responsible_text", "line", "start", "end",
)

#: Columns of the frame returned by :func:`align_workplan`, in order.
ALIGNMENT_COLUMNS = (
    "number", "report", "rank", "similarity", "sentence_id", "sentence",
)

_CN_NUM = CN_NUMERALS + FINANCIAL_DIGITS + "貳參陸兩"  # and the traditional forms of 贰叁陆两
_WS = WHITESPACE
# Bullets a PDF/Word export leaves before list items ("- 1. …").
_BULLET = re.compile(rf"^[{_WS}]*(?:[-•·●▪■◆*][{_WS}]+)*")
_PART = re.compile(rf"^([{_CN_NUM}]{{1,3}})[{_WS}]*[、，,．.][{_WS}]*(\S.*?)[{_WS}]*$")
_GROUP = re.compile(
    rf"^[（(][{_WS}]*([{_CN_NUM}]{{1,3}})[{_WS}]*[)）][{_WS}]*[、，,．.]?[{_WS}]*(\S.*?)[{_WS}]*$"
)
# "1." "1．" "1、" — not "1.5" (a decimal) and not "2018年".
_TASK = re.compile(rf"^(\d{{1,3}})[{_WS}]*[.．、](?!\d)[{_WS}]*")
_SPACE_RUN = re.compile(rf"[{_WS}\r\n]+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")

# The responsibility words below are written in simplified script only: a note is
# converted with zh.script.to_simplified (same length) before it is matched, and
# the units are cut from the note as printed (負責 reads as 负责; 辦公室 stays 辦公室).
# Inside the trailing bracket: what makes it a statement of responsibility.
_RESP_WORD = re.compile(r"负责|牵头|落实|承担|配合|参与|主办|协办|单位")
# A run of these words ends the unit list of a clause ("牵头负责", "按职责分工负责").
_VERB_RUN = re.compile(
    r"(?:按照?职责|根据职责|分工|分别|共同|牵头|配合|协同"
    r"|参与|负责|落实|承担|办理|主办|协办|组织|实施)+"
)
# A run that holds one of these is a duty; a run without them only where it
# ends the clause: "政策牵头起草部门负责" names the unit 政策牵头起草部门.
_DUTY = re.compile(r"负责|落实|承担|配合|参与|主办|协办")
_LEAD_VERB = re.compile(r"牵头|主办")
_LEAD_LABELS = frozenset({"牵头", "主责", "主办"})
# "牵头单位:办公室" / "责任部门：人事司".
_LABEL = re.compile(r"^(牵头|责任|主责|主办|配合|参与|协办)?(单位|部门|处室)[:：]")
# "局本部受理大厅相关事务由审业部牵头负责": the context before 由 is not a unit.
_CONTEXT = re.compile(r"^.*?(?:事务|事项|工作|业务|部分|内容|方面)由")
_CLAUSE_SPLIT = re.compile(r"[,，;；。]")
_LIST_SPLIT = re.compile(r"[、,，/]|会同")
# 和/与/及 separate units only after a unit-like ending ("办公室和报社"), not
# inside a name ("住房和城乡建设部", "国家发展和改革委员会").
_CONJ_SPLIT = re.compile(r"(?<=[部司局室委社厅处科办院会所站队组署馆校府台者心门位])(?:以及|和|与|及)")
# Time notes in the bracket ("2018年底前完成", "长期坚持") are not units; a bare
# 日 or 年 is not enough (人民日报社, 日照市).
_NOT_UNIT = re.compile(r"\d|年底|年内|年中|月底|月前|上半年|下半年|以前|之前|完成|持续|长期|全年")
_UNIT_STRIP = _WS + ":：\"'“”‘’"


def _is_cjk(ch: str) -> bool:
    return not (ch.isascii() or ch in _WS)


def _squeeze(text: str) -> str:
    """Join wrapped lines: drop whitespace unless it separates two ASCII words.

    A line break between two digits is a number wrapped by the layout
    ("[2\\n017]"), so it is dropped too; a space between digits is kept.
    """
    out: list[str] = []
    pos = 0
    for match in _SPACE_RUN.finditer(text):
        out.append(text[pos:match.start()])
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if before and after and _ASCII_WORD.match(before) and _ASCII_WORD.match(after):
            wrapped_number = before.isdigit() and after.isdigit() and "\n" in match.group()
            if not wrapped_number:
                out.append(" ")
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def _trailing_bracket(text: str) -> int | None:
    """Index of the bracket that opens a responsibility note ending ``text``."""
    end = len(text)
    while end and text[end - 1] in "。.;；" + _WS:
        end -= 1
    if not end or text[end - 1] not in ")）":
        return None
    depth = 0
    for i in range(end - 1, -1, -1):
        ch = text[i]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            depth -= 1
            if depth == 0:
                return i if _RESP_WORD.search(to_simplified(text[i:end])) else None
    return None


def _split(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` between the matches of ``pattern`` (``re.split`` with offsets)."""
    part = text[start:end]
    spans, pos = [], 0
    for m in pattern.finditer(part):
        spans.append((start + pos, start + m.start()))
        pos = m.end()
    spans.append((start + pos, end))
    return spans


def _split_units(simple: str, printed: str, start: int, end: int) -> list[str]:
    """Units in ``simple[start:end]``, cut from ``printed`` (the same text before conversion)."""
    units = []
    for a, b in _split(_LIST_SPLIT, simple, start, end):
        for c, d in _split(_CONJ_SPLIT, simple, a, b):
            piece = simple[c:d]
            c += len(piece) - len(piece.lstrip(_UNIT_STRIP))
            d -= len(piece) - len(piece.rstrip(_UNIT_STRIP))
            if c < d and not _NOT_UNIT.search(simple, c, d):
                units.append(printed[c:d])
    return units


def parse_responsible(note: str) -> tuple[list[str], list[str]]:
    """Units named in a responsibility note, and those that lead.

    Parameters
    ----------
    note : str
        The bracket content as printed, without the brackets, e.g.
        ``"办公室牵头负责,人事司和人教部负责新录入人员培训工作"``.

    Returns
    -------
    (list of str, list of str)
        All units in order of mention (each once), and the subset marked as
        leading (牵头, 主办, or a "牵头单位:" label).  Units are kept as
        printed: "各有关部门单位" and "政策牵头起草部门" are units too.

    Notes
    -----
    The note is cut into clauses at ``, ; 。``; in each clause the units are
    the words before the first verb of responsibility (负责, 牵头, 按职责分工,
    落实, 配合, …), after a context such as "…相关事务由".  Lists split at
    、 and at 和/与/及 only where the word before ends like a unit (部, 司,
    室, 委, 社, 中心, 部门, 单位, 平台, …).  Clauses that only state a time
    ("2018年底前完成") give no unit.

    Examples
    --------
    >>> parse_responsible("办公室牵头负责,人事司和人教部负责新录入人员培训工作")
    (['办公室', '人事司', '人教部'], ['办公室'])
    >>> parse_responsible("局公开平台及信息产生部门分别落实")
    (['局公开平台', '信息产生部门'], [])
    >>> parse_responsible("住房和城乡建设局负责")
    (['住房和城乡建设局'], [])
    """
    note = _squeeze(note)
    simple = to_simplified(note)  # same length: a span of one is a span of the other
    units: list[str] = []
    lead: list[str] = []
    for start, end in _split(_CLAUSE_SPLIT, simple, 0, len(simple)):
        if start == end:
            continue
        clause = simple[start:end]
        label = _LABEL.match(clause)
        if label:
            found = _split_units(simple, note, start + label.end(), end)
            is_lead = (label.group(1) or "") in _LEAD_LABELS
        else:
            context = _CONTEXT.match(clause)
            if context:
                start += context.end()
                clause = simple[start:end]
            verb = next(
                (
                    run for run in _VERB_RUN.finditer(clause)
                    if _DUTY.search(run.group()) or run.end() == len(clause)
                ),
                None,
            )
            found = _split_units(simple, note, start, start + verb.start() if verb else end)
            is_lead = bool(verb and _LEAD_VERB.search(verb.group()))
        for unit in found:
            if unit not in units:
                units.append(unit)
            if is_lead and unit not in lead:
                lead.append(unit)
    return units, lead


_Heading = tuple[str, str]  # (key as printed, title)


class _Task:
    __slots__ = ("number", "part", "group", "line", "start", "end", "pieces", "closed", "after_heading")

    def __init__(
        self, number: int, part: _Heading | None, group: _Heading | None,
        line: int, start: int, after_heading: bool,
    ) -> None:
        self.after_heading = after_heading
        self.number = number
        self.part = part
        self.group = group
        self.line = line
        self.start = start
        self.end = start
        self.pieces: list[str] = []
        self.closed = False

    def add(self, piece: str, end: int) -> None:
        self.pieces.append(piece)
        self.end = end
        # Only a line ending in a bracket can close the task; testing just
        # those keeps a long unbracketed task linear.
        if piece.rstrip("。.;；" + _WS).endswith((")", "）")):
            self.closed = _trailing_bracket(_squeeze("".join(self.pieces))) is not None


def _lines(text: str) -> Iterable[tuple[int, int, str]]:
    """(line number, offset, line without its end) for each line of ``text``."""
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        yield number, offset, line.rstrip("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
        offset += len(line)


def _row(task: _Task) -> dict:
    joined = _squeeze("".join(task.pieces))
    cut = _trailing_bracket(joined)
    if cut is None:
        body, note, responsible, lead = joined, None, None, None
    else:
        body = joined[:cut].rstrip(_WS)
        note = joined[cut + 1 :].rstrip("。.;；" + _WS)[:-1]
        responsible, lead = parse_responsible(note)
    part_key, part = task.part if task.part else (None, None)
    group_key, group = task.group if task.group else (None, None)
    return {
        "number": task.number, "part_key": part_key, "part": part,
        "group_key": group_key, "group": group, "text": body,
        "responsible": responsible, "lead": lead, "responsible_text": note,
        "line": task.line, "start": task.start, "end": task.end,
    }


def parse_workplan(text: str) -> pd.DataFrame:
    """Parse a work plan's numbered tasks into a table.

    Parameters
    ----------
    text : str
        The plan's text (e.g. ``Document.text``), one paragraph or wrapped
        line per line.

    Returns
    -------
    pandas.DataFrame
        One row per task, columns :data:`WORKPLAN_COLUMNS`:

        ``number`` (int, as printed); ``part_key``/``part`` (``"一"``, the
        part title) and ``group_key``/``group`` (``"一"``, the sub-heading
        title), None before the first such heading; ``text``, the task
        without its number and responsibility bracket, wrapped lines
        rejoined (whitespace dropped unless between two ASCII words), page
        footers ("— 4 —") and list bullets ("- ") removed; ``responsible``
        and ``lead``, lists of units (see :func:`parse_responsible`), None
        where the task has no responsibility bracket; ``responsible_text``,
        the bracket content rejoined; ``line`` (1-based line of the number);
        ``start``/``end``, the task's span in ``text`` from its number to
        the end of its last line.  ``frame.attrs["warnings"]`` lists the
        warnings issued.

    Warns
    -----
    ReadWarning
        Where numbering is not consecutive (a number other than the
        previous + 1, or 1 right after a new heading), or no task is found.

    Notes
    -----
    A line is a part heading if it starts ``一、``, a group heading if it
    starts ``(一)``/``（一）``, a task if it starts ``1.``/``1．``/``1、``;
    other lines continue the open task.  A task ends at the next heading or
    task, or, once its text ends with a responsibility bracket (one that
    names a duty: 负责, 牵头, 落实, …), at that bracket: closing paragraphs
    after the last task are therefore not absorbed, unless the last task
    has no bracket.  Headings wrapped over two lines keep only their first
    line.  Third-level items ("(1)", "①") stay inside their task's text.
    Numbering that restarts at 1 under each heading is accepted (numbers
    then repeat; renumber before :func:`align_workplan`).

    Examples
    --------
    >>> plan = "一、公开解读\\n(一)政策解读\\n1. 做好解读。(办公室负责)\\n2. 回应关切。(报社牵头负责,办公室配合)\\n"
    >>> tasks = parse_workplan(plan)
    >>> tasks[["number", "group", "text"]].values.tolist()
    [[1, '政策解读', '做好解读。'], [2, '政策解读', '回应关切。']]
    >>> tasks["responsible"].tolist(), tasks["lead"].tolist()
    ([['办公室'], ['报社', '办公室']], [[], ['报社']])
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_workplan expects str, got {type(text).__name__}")
    tasks: list[_Task] = []
    part = group = None
    current: _Task | None = None
    heading_since_task = True
    for line_no, offset, line in _lines(text):
        bullet = _BULLET.match(line)
        body_start = bullet.end() if bullet else 0
        body = line[body_start:].rstrip(_WS)
        if not body or is_page_number(line) or BARE_PAGE_NUMBER.match(body):  # page footers
            continue
        if m := _TASK.match(body):
            current = _Task(
                int(m.group(1)), part, group, line_no, offset + body_start, heading_since_task
            )
            current.add(body[m.end():], offset + body_start + len(body))
            tasks.append(current)
            heading_since_task = False
        elif m := _GROUP.match(body):
            group = (m.group(1), _squeeze(m.group(2)))
            current, heading_since_task = None, True
        elif m := _PART.match(body):
            part = (m.group(1), _squeeze(m.group(2)))
            group = None
            current, heading_since_task = None, True
        elif current is not None and not current.closed:
            current.add("\n" + body, offset + body_start + len(body))

    issued: list[str] = []
    if not tasks:
        issued.append("no numbered task (\"1.\", \"1、\") found: is this a work plan?")
    previous: _Task | None = None
    for task in tasks:
        if previous is not None and task.number != previous.number + 1:
            if not (task.number == 1 and task.after_heading):
                issued.append(
                    f"task numbering not consecutive: {task.number} follows "
                    f"{previous.number} (line {task.line}); check for a missed or "
                    "merged task"
                )
        previous = task
    for message in issued:
        warnings.warn(message, ReadWarning, stacklevel=2)
    frame = pd.DataFrame([_row(task) for task in tasks], columns=list(WORKPLAN_COLUMNS))
    frame = frame.astype({"number": "int64", "line": "int64", "start": "int64", "end": "int64"})
    frame.attrs["warnings"] = issued
    return frame


# --- alignment ------------------------------------------------------------


def _identity(tokens: list[str]) -> list[str]:
    # A module-level analyzer: the texts arrive already tokenized.
    return tokens


_DEFAULT_SEGMENTER = None


def _default_tokenizer() -> Callable[[str], list[str]]:
    global _DEFAULT_SEGMENTER
    if _DEFAULT_SEGMENTER is None:
        _DEFAULT_SEGMENTER = Segmenter(stopwords=True)
    return _DEFAULT_SEGMENTER


def _require(frame: object, columns: Iterable[str], name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} lacks column(s) {missing}; it has {list(frame.columns)}"
        )


def align_workplan(
    tasks: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    top_k: int = 3,
    min_similarity: float = 0.1,
    min_words: int = 4,
    tokenizer: Callable[[str], list[str]] | None = None,
    report_col: str = "report",
    text_col: str = "text",
) -> pd.DataFrame:
    """The report sentences most similar to each task (TF-IDF cosine over words).

    Parameters
    ----------
    tasks : pandas.DataFrame
        Columns ``number`` (unique) and ``text``, e.g. from
        :func:`parse_workplan`.
    sentences : pandas.DataFrame
        One row per report sentence with columns ``report_col`` and
        ``text_col``; optional ``start``/``end`` (the sentence's span in its
        report) are carried through.  The index labels are returned as
        ``sentence_id``.
    top_k : int, default 3
        How many sentences to keep per task and report (at least 1).
    min_similarity : float, default 0.1
        Drop pairs less similar than this (0 <= value <= 1); pairs of
        similarity 0 (no shared word) are always dropped.
    tokenizer : callable, optional
        ``str -> list of str``; default the package's
        :class:`ogi_nlp.tokens.Segmenter` with its stop words removed.
    report_col, text_col : str
        Column names in ``sentences``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ALIGNMENT_COLUMNS` plus ``start``/``end`` (nullable
        ints, NA when ``sentences`` has no spans): for each task and report,
        up to ``top_k`` rows, ``rank`` 1 the most similar.  Sorted by
        number, report, rank; ties keep the sentences' order.  ``attrs``
        records ``tasks``, ``reports`` and ``min_similarity`` for
        :func:`workplan_coverage`.

    Notes
    -----
    Words are weighted by TF-IDF (sublinear term frequency, IDF fitted on
    the tasks and all sentences together, so words common to every report
    such as 政府信息公开 weigh little) and compared by cosine similarity,
    one report at a time (memory linear in the report's length).

    What this measures is shared vocabulary, not meaning: a sentence that
    repeats a task's words ("加强政府网站建设") scores high even if it says
    the work was not done, and a report that describes the same work in
    other words (门户网站 vs 政府网站) scores low.  Short sentences and
    headings can score high on one rare word.  Similarities are comparable
    within one alignment (one IDF), not across alignments fitted on
    different corpora.  Treat matches as candidates to read, and choose the
    :func:`workplan_coverage` threshold by reading a sample of pairs around it.

    Examples
    --------
    >>> import pandas as pd
    >>> tasks = pd.DataFrame({"number": [1], "text": ["加强政府网站建设管理。"]})
    >>> sents = pd.DataFrame({"report": ["甲", "甲"], "text": ["本年度加强政府网站建设。", "受理申请5件。"]})
    >>> align_workplan(tasks, sents)[["number", "report", "rank", "sentence"]].values.tolist()
    [[1, '甲', 1, '本年度加强政府网站建设。']]
    """
    _require(tasks, ["number", "text"], "tasks")
    _require(sentences, [report_col, text_col], "sentences")
    if isinstance(top_k, bool) or not isinstance(top_k, (int, np.integer)) or top_k < 1:
        raise ValueError(f"top_k={top_k!r} must be an integer >= 1")
    if isinstance(min_words, bool) or not isinstance(min_words, (int, np.integer)) or min_words < 0:
        raise ValueError(f"min_words={min_words!r} must be an integer >= 0")
    if not 0.0 <= float(min_similarity) <= 1.0:
        raise ValueError(f"min_similarity={min_similarity!r} must be between 0 and 1")
    if tasks["number"].duplicated().any():
        repeated = sorted(set(tasks.loc[tasks["number"].duplicated(), "number"].tolist()))
        raise ValueError(
            f"tasks has repeated numbers {repeated} (numbering restarts per part?); "
            "renumber first, e.g. tasks.assign(number=range(1, len(tasks) + 1))"
        )
    if sentences[report_col].isna().any():
        raise ValueError(f"sentences[{report_col!r}] has missing values; every sentence needs a report")
    tokenize = tokenizer if tokenizer is not None else _default_tokenizer()

    task_tokens = [tokenize(str(t)) for t in tasks["text"].tolist()]
    sent_texts = ["" if pd.isna(t) else str(t) for t in sentences[text_col].tolist()]
    sent_tokens = [tokenize(t) for t in sent_texts]
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2")
    vectorizer.fit(task_tokens + sent_tokens)
    task_matrix = vectorizer.transform(task_tokens)
    sent_matrix = vectorizer.transform(sent_tokens)

    numbers = tasks["number"].to_numpy()
    reports = sentences[report_col].to_numpy()
    ids = sentences.index.to_numpy()
    has_span = "start" in sentences.columns and "end" in sentences.columns
    starts = sentences["start"].to_numpy() if has_span else None
    ends = sentences["end"].to_numpy() if has_span else None
    long_enough = np.array([len(set(t)) >= min_words for t in sent_tokens], dtype=bool)
    report_order = sorted(pd.unique(reports).tolist(), key=str)
    positions = {r: np.flatnonzero((reports == r) & long_enough) for r in report_order}

    rows: list[tuple] = []
    for report in report_order:
        where = positions[report]
        if not where.size:
            continue
        sims = (task_matrix @ sent_matrix[where].T).toarray()
        for t in range(len(numbers)):
            scores = sims[t]
            keep = np.flatnonzero((scores > 0) & (scores >= min_similarity))
            if not keep.size:
                continue
            # Highest first; ties in source order (stable sort on -score).
            best = keep[np.argsort(-scores[keep], kind="stable")][:top_k]
            for rank, j in enumerate(best, start=1):
                i = where[j]
                rows.append((
                    numbers[t], report, rank, float(scores[j]), ids[i], sent_texts[i],
                    starts[i] if has_span else None, ends[i] if has_span else None,
                ))
    columns = [*ALIGNMENT_COLUMNS, "start", "end"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.astype({"rank": "int64", "similarity": "float64", "start": "Int64", "end": "Int64"})
    frame = frame.sort_values(["number", "report", "rank"], kind="stable", ignore_index=True)
    frame.attrs.update(
        tasks=numbers.tolist(), reports=report_order, min_similarity=float(min_similarity)
    )
    return frame


def workplan_coverage(alignment: pd.DataFrame, *, threshold: float | None = None) -> pd.DataFrame:
    """Task x report table of the best similarity, or of covered / not covered.

    Parameters
    ----------
    alignment : pandas.DataFrame
        The output of :func:`align_workplan`.
    threshold : float, optional
        None: cells hold the best similarity of any sentence of the report
        to the task, NaN where no sentence reached ``min_similarity`` in
        :func:`align_workplan` (unknown below it, not 0).  A float: cells are True
        where the best similarity is at least ``threshold``; it must not be
        below the alignment's ``min_similarity``, since pairs under that
        were not kept.

    Returns
    -------
    pandas.DataFrame
        Index ``number`` (every task aligned), columns the reports (sorted).

    Notes
    -----
    A threshold turns a similarity into a claim ("the report covers the
    task"); TF-IDF cosine is only word overlap, so check the pairs near the
    threshold by reading them before citing coverage rates.

    Examples
    --------
    >>> import pandas as pd
    >>> tasks = pd.DataFrame({"number": [1, 2], "text": ["加强政府网站建设管理。", "做好政务舆情回应。"]})
    >>> sents = pd.DataFrame({"report": ["甲", "乙"], "text": ["本年度加强政府网站建设。", "受理申请5件。"]})
    >>> table = workplan_coverage(align_workplan(tasks, sents), threshold=0.3)
    >>> table.columns.tolist(), table.values.tolist()
    (['乙', '甲'], [[False, True], [False, False]])
    """
    _require(alignment, ["number", "report", "similarity"], "alignment")
    floor = float(alignment.attrs.get("min_similarity", 0.0))
    if threshold is not None and not floor <= float(threshold) <= 1.0:
        raise ValueError(
            f"threshold={threshold!r} must be between the alignment's "
            f"min_similarity ({floor}) and 1; re-run align_workplan() with a lower "
            "min_similarity to use a lower threshold"
        )
    numbers = alignment.attrs.get("tasks") or sorted(alignment["number"].unique().tolist())
    reports = alignment.attrs.get("reports") or sorted(alignment["report"].unique().tolist(), key=str)
    best = alignment.groupby(["number", "report"], sort=True)["similarity"].max()
    table = best.unstack("report").reindex(index=numbers, columns=reports)
    table.index.name, table.columns.name = "number", "report"
    if threshold is None:
        return table.astype("float64")
    return table.ge(float(threshold)).fillna(False).astype(bool)


#: Older names of :func:`align_workplan` and :func:`workplan_coverage`, kept so
#: that notebooks and scripts written before the rename run unchanged.
align = align_workplan
coverage = workplan_coverage
