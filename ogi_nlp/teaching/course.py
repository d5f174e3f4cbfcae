"""What a class needs around the exercises: the codebook sheet, per-student samples, label sheets.

- :func:`codebook_sheet`: the theme codebook for students, in Chinese and English,
  with what each theme includes and excludes and an example sentence;
- :func:`student_seed` and :func:`student_sample`: every student gets their own
  sentences to label, drawn with a seed derived from their id (the same id always
  gives the same sample; two ids almost never the same);
- :func:`export_label_sheet` and :func:`read_label_sheet`: a labelling round trip
  through a CSV file that opens in Excel or WPS, for students who label outside
  Python; reading it back checks every theme key and that the sentences are the
  ones that were sent out.

Examples
--------
>>> student_seed("2024310001") == student_seed(" 2024310001 ")
True
>>> len(student_sample("2024310001", n=5))
5
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from importlib import resources
from pathlib import Path

import pandas as pd

from ..errors import CodebookError
from ..themes import load_annotations
from ..themes.codebook import _as_codebook, load_codebook, parse_labels
from ._result import PLACEHOLDER

__all__ = [
    "codebook_sheet",
    "student_seed",
    "student_sample",
    "hand_labels",
    "export_label_sheet",
    "read_label_sheet",
    "SHEET_COLUMNS",
]

#: Columns of a label sheet, in order.
SHEET_COLUMNS = ["item", "doc", "sentence_id", "sentence", "labels"]

# Chinese definitions and in/out lists of the default themes (spec/themes.md v1.1,
# translated for students; the English ones are the codebook's own).
_ZH: dict[str, dict[str, str]] = {
    "policy_interpretation": {
        "name_en": "Policy interpretation and responses to public concerns",
        "definition_zh": "解读政策、回应社会关切。",
        "include_zh": "政策解读、解读材料/稿件、一图读懂、图解、简明问答、音视频解读、谁起草谁解读、第一解读人；"
                      "为解读政策召开的新闻发布会、吹风会、在线访谈；回应关切、舆情回应、舆情监测/研判/处置、热点回应、解疑释惑。",
        "exclude_zh": "发布政策文件本身（归“主动公开”）；答复某一位群众的留言（归“政民互动与公众参与”）。",
        "example": "对新出台的规范性文件同步发布解读材料，采用图解、问答等形式解读。",
    },
    "platform_building": {
        "name_en": "Disclosure platforms",
        "definition_zh": "建设、改版、运行和评估发布政府信息的渠道。",
        "include_zh": "政府网站（门户网站、官网、网站改版、栏目/专栏设置、集约化、IPv6、网站安全、测评、错链断链）；"
                      "政务新媒体（政务微博、微信公众号、头条号、客户端/APP、粉丝、阅读量、访问量）；政府公报；"
                      "查阅点/查阅场所；公开热线；数据开放平台、资源目录、数据湖。",
        "exclude_zh": "通过某渠道发布了多少信息（归“主动公开”；同时给出数量和粉丝/访问量的句子两者都是）；"
                      "办事类平台（一网通办、网上办事大厅归“政务服务”），除非句子讲的是建设公开网站本身。",
        "example": "我局门户网站完成改版并上线运行，栏目设置更加清晰。",
    },
    "problems_improvements": {
        "name_en": "Problems and improvements",
        "definition_zh": "自己指出的问题与不足，以及计划或已采取的改进措施。",
        "include_zh": "存在的问题、不足、差距、有待提高/加强/完善、不够、流于形式、薄弱；"
                      "下一步、今后、将进一步……、改进措施、整改、针对……问题。",
        "exclude_zh": "回顾全年工作时用“进一步”描述的常规成绩（如“进一步完善了……”）：按所做的事归类。",
        "example": "下一步，我局将加强政务新媒体建设。",
    },
    "proactive_disclosure": {
        "name_en": "Proactive disclosure",
        "definition_zh": "主动公开了什么、公开了多少，以及决定公开什么的规则。",
        "include_zh": "主动公开政府信息N条、全文电子化率；重点领域（财政预决算、三公经费、绩效、双公示、行政执法信息、权责清单）；"
                      "主动公开目录/清单；发布政策文件；规章、规范性文件的制发/废止/清理；建议提案办理结果公开；公开属性源头认定。",
        "exclude_zh": "",
        "example": "全年通过门户网站主动公开政府信息500条。",
    },
    "request_handling": {
        "name_en": "Information requests",
        "definition_zh": "公众提出的政府信息公开申请。",
        "include_zh": "受理/收到申请N件、办结；申请渠道（当面、信函、网络、传真）；办理程序和期限；答复类型；"
                      "信息处理费、收费、减免；依申请公开转主动公开。",
        "exclude_zh": "",
        "example": "全年共受理政府信息公开申请20件，均按期答复。",
    },
    "review_litigation": {
        "name_en": "Reviews, lawsuits and complaints",
        "definition_zh": "围绕政府信息公开的法律救济。",
        "include_zh": "因政府信息公开引起的行政复议、行政诉讼、举报投诉、申诉，及其结果（维持、纠错、被依法纠错、尚未审结）。",
        "exclude_zh": "",
        "example": "因政府信息公开被申请行政复议1件，结果为维持。",
    },
    "organization_oversight": {
        "name_en": "Organisation and oversight",
        "definition_zh": "公开工作如何组织、配备人员、审核和问责。",
        "include_zh": "领导小组、工作小组、专人负责、主管部门；专职、兼职人员；培训（人次）；公开工作的内部制度和流程"
                      "（工作机制、保密审查、发布审查、台账）；考核、考评、监督、问责、通报；公开工作经费。",
        "exclude_zh": "专门针对依申请公开的程序（归“依申请公开”）或舆情的程序（归“政策解读与回应关切”）。",
        "example": "成立了政务公开工作领导小组，由分管副局长任组长。",
    },
    "public_participation": {
        "name_en": "Public participation",
        "definition_zh": "与公众的双向互动。",
        "include_zh": "公开征求意见、意见征集；与公众的座谈会；政府开放日/开放月/开放活动；局长信箱、网民留言、来信、咨询及答复；政民互动。",
        "exclude_zh": "",
        "example": "开展政府开放日活动2次，邀请企业代表参观。",
    },
    "service_delivery": {
        "name_en": "Government services",
        "definition_zh": "政务服务以及政务服务信息的公开。",
        "include_zh": "政务服务事项、办事指南、办事服务、放管服、一网通办、一窗通办、最多跑一次、政务服务中心/大厅、窗口、网上办理、办理时限、证明材料。",
        "exclude_zh": "",
        "example": "4项政务服务事项全部实现网上办理。",
    },
}


def codebook_sheet(codebook: object = None) -> pd.DataFrame:
    """The theme codebook as a students' sheet, in Chinese and English.

    Parameters
    ----------
    codebook : Codebook or path, optional
        Default: the bundled codebook. Themes the package has no Chinese text
        for (a student's own) keep their own fields, with ``NA`` where nothing
        was written.

    Returns
    -------
    pandas.DataFrame
        Indexed by theme ``key``: ``label`` (Chinese), ``name_en``,
        ``definition_zh``, ``definition_en``, ``include_zh``, ``include_en``,
        ``exclude_zh``, ``exclude_en`` (what belongs to another theme) and an
        ``example`` sentence; a last row ``other`` says what carries no theme.

    Examples
    --------
    >>> sheet = codebook_sheet()
    >>> sheet.loc["request_handling", ["label", "definition_zh"]].tolist()
    ['依申请公开', '公众提出的政府信息公开申请。']
    """
    cb = _as_codebook(codebook)  # type: ignore[arg-type]
    rows = []
    for t in cb.themes:
        zh = _ZH.get(t.key, {})
        rows.append({
            "key": t.key, "label": t.label, "name_en": zh.get("name_en", pd.NA),
            "definition_zh": zh.get("definition_zh", pd.NA), "definition_en": t.definition or pd.NA,
            "include_zh": zh.get("include_zh", pd.NA), "include_en": t.include or pd.NA,
            "exclude_zh": zh.get("exclude_zh") or pd.NA, "exclude_en": t.exclude or pd.NA,
            "example": zh.get("example", pd.NA),
        })
    rows.append({
        "key": cb.none_label, "label": "其他（无主题）", "name_en": "None of the themes",
        "definition_zh": "不属于以上任何主题。",
        "definition_en": "None of the above.",
        "include_zh": "报告自身的框架（编制依据、报告结构、统计期限、联系方式、电子版下载）、没有具体内容的一般性政治表述、机关职责介绍。",
        "include_en": "The report's own framing (编制依据, 报告结构, 统计期限, 联系方式, 电子版下载), general statements "
                      "of political guidance with no specific content, an agency's description of its duties.",
        "exclude_zh": pd.NA, "exclude_en": pd.NA,
        "example": "本报告所列数据的统计期限自1月1日起至12月31日止。",
    })
    return pd.DataFrame(rows).set_index("key").astype("string")


def student_seed(student_id: object) -> int:
    """A seed from a student's id: the first 32 bits of SHA-256 of the id.

    The id is stripped and case-folded first, so ``" S01"`` and ``"s01"`` are
    the same student.  Python's ``hash()`` is not used: it changes from one
    process to the next.

    Raises
    ------
    ValueError
        If the id is empty.

    Examples
    --------
    >>> student_seed("s01")
    4212603540
    """
    text = str(student_id).strip().casefold() if student_id is not None else ""
    if not text:
        raise ValueError("student_id is empty; use your student number or e-mail name")
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big")


def _label_pool() -> pd.DataFrame:
    """Hand-labelled narrative sentences to draw samples from, with their labels.

    The two-pass dev-page annotations (162 excerpts of reports from many bodies
    and years) when they are bundled, else the nine-document ``sentences.csv``.
    """

    ref = resources.files("ogi_nlp.corpora").joinpath("annotations", "dev_pages_sentences.csv")
    try:
        text = ref.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        text = None
    if text is not None:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        if {"doc", "sentence_id", "sentence", "labels"} <= set(frame.columns):
            if "unit" in frame.columns:
                frame = frame[frame["unit"].eq("sentence")]
            cb = load_codebook()
            frame = frame.assign(labels=[parse_labels(c, cb, where="dev_pages_sentences.csv") for c in frame["labels"]])
            frame["sentence_id"] = frame["sentence_id"].astype(int)
            return frame.reset_index(drop=True)
    return load_annotations()


_END = re.compile(r"[。；！？;!?][”’」』）)]*\s*$")


def student_sample(student_id: object, n: int = 20) -> pd.DataFrame:
    """The sentences one student labels, drawn with :func:`student_seed`.

    Drawn from the bundled hand-labelled sentences, leaving out headings and
    fragments (a sentence ends with 。；！？ or their half-width forms and has
    at least 15 characters).  The hand labels are not returned, so that they
    cannot steer the student; :func:`hand_labels` gives them for the check.

    Parameters
    ----------
    student_id : str
        Student number, e-mail name or any fixed string.
    n : int, default 20

    Returns
    -------
    pandas.DataFrame
        ``item`` (1..n), ``doc``, ``sentence_id``, ``sentence``.

    Examples
    --------
    >>> a, b = student_sample("s01", n=10), student_sample("s02", n=10)
    >>> a.equals(student_sample("S01", n=10)), a["sentence"].tolist() == b["sentence"].tolist()
    (True, False)
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n={n!r} must be a positive integer")
    seed = student_seed(student_id)
    pool = _label_pool()
    ok = pool["sentence"].str.len().ge(15) & pool["sentence"].str.contains(_END)
    if "is_heading" in pool.columns:
        ok &= ~pool["is_heading"].astype(str).str.lower().isin(["true", "1"])
    pool = pool[ok]
    if n > len(pool):
        raise ValueError(f"n={n} is more than the {len(pool)} sentences available")
    picked = pool.sample(n=n, random_state=seed)
    out = picked[["doc", "sentence_id", "sentence"]].reset_index(drop=True)
    out.insert(0, "item", range(1, n + 1))
    return out


def hand_labels(sample: pd.DataFrame) -> list[tuple[str, ...]]:
    """The bundled hand labels of a sample's sentences, in its order.

    Raises
    ------
    KeyError
        A row of ``sample`` (``doc``, ``sentence_id``) is not a hand-labelled sentence.
    """
    pool = _label_pool()
    if "sentence_id" not in pool.columns:
        pool = pool.assign(sentence_id=pool.groupby("doc").cumcount())
    by_key = pool.set_index(["doc", "sentence_id"])["labels"]
    return [by_key.loc[(d, int(i))] for d, i in zip(sample["doc"], sample["sentence_id"])]


def export_label_sheet(sample: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a sample as a CSV label sheet that Excel and WPS open with Chinese intact.

    UTF-8 with a byte-order mark, one row per sentence, columns
    :data:`SHEET_COLUMNS`; ``labels`` is ``?`` for the student to replace with
    theme keys (or Chinese labels) joined by ``;``, or ``other``.

    Parameters
    ----------
    sample : DataFrame
        From :func:`student_sample` (``doc``, ``sentence_id``, ``sentence``).
    path : path
        A ``.csv`` file.  Excel workbooks are not written: the package does not
        depend on an Excel library, and Excel saves a CSV back as well.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = export_label_sheet(student_sample("s01", n=3), pathlib.Path(tempfile.mkdtemp()) / "s01.csv")
    >>> p.read_text(encoding="utf-8-sig").splitlines()[0]
    'item,doc,sentence_id,sentence,labels'
    """
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ValueError(f"{path}: write the label sheet as .csv (found {path.suffix or 'no suffix'!r}); "
                         "Excel and WPS open and save CSV files")
    missing = [c for c in ("doc", "sentence_id", "sentence") if c not in sample.columns]
    if missing:
        raise ValueError(f"sample lacks column(s) {missing}; expected a frame from student_sample()")
    sheet = sample.copy()
    if "item" not in sheet.columns:
        sheet.insert(0, "item", range(1, len(sheet) + 1))
    sheet["labels"] = PLACEHOLDER
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet[SHEET_COLUMNS].to_csv(path, index=False, encoding="utf-8-sig")
    return path


def _read_sheet_text(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text": UTF-16, tab-separated
        return data.decode("utf-16"), "\t"
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves "CSV" in GBK
        try:
            return data.decode(encoding), ","
        except UnicodeDecodeError:
            continue
    raise CodebookError(f"{path}: not a UTF-8, GBK or UTF-16 text file; save the sheet as CSV")


def read_label_sheet(path: str | os.PathLike[str], *, sample: pd.DataFrame | None = None,
                     codebook: object = None, allow_unlabelled: bool = False) -> pd.DataFrame:
    """Read a label sheet back and check it.

    Accepts the file as written by :func:`export_label_sheet` and as Excel or
    WPS save it again (UTF-8, GBK, or UTF-16 tab-separated "Unicode text").  A
    label cell holds theme keys or the codebook's Chinese labels, separated by
    ``;`` ``；`` ``,`` ``、`` or spaces; empty or ``other`` for no theme.

    Parameters
    ----------
    path : path
        The CSV file.
    sample : DataFrame, optional
        The sample that was sent out: the sheet must hold the same sentences
        (``doc``, ``sentence_id`` and text), in any order.
    codebook : Codebook or path, optional
        Whose keys the labels must use (default: the bundled codebook).
    allow_unlabelled : bool, default False
        Accept rows still holding ``?`` (returned as ``NA``).

    Returns
    -------
    pandas.DataFrame
        The sheet in ``item`` order with ``labels`` normalised to keys joined by
        ``;`` in codebook order (``""`` for none).

    Raises
    ------
    CodebookError
        A column is missing, a label is not a theme (the message names the row,
        the value and the allowed keys), a row still holds ``?``, or the
        sentences are not those of ``sample``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = export_label_sheet(student_sample("s01", n=2), pathlib.Path(tempfile.mkdtemp()) / "s.csv")
    >>> text = p.read_text(encoding="utf-8-sig").replace(",?", ",平台建设；request_handling", 1).replace(",?", ",")
    >>> _ = p.write_text(text, encoding="utf-8-sig")
    >>> read_label_sheet(p)["labels"].tolist()
    ['platform_building;request_handling', '']
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xls"):
        raise CodebookError(f"{path}: save the sheet as CSV (文件 > 另存为 > CSV UTF-8) and read that file")
    try:
        text, sep = _read_sheet_text(path)
    except OSError as exc:
        raise CodebookError(f"{path}: cannot read the label sheet ({exc.strerror or exc})") from None
    frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in SHEET_COLUMNS if c not in frame.columns]
    if missing:
        raise CodebookError(f"{path}: missing column(s) {missing}; found {list(frame.columns)}. "
                            "Keep the header row as exported.")
    cb = _as_codebook(codebook)  # type: ignore[arg-type]
    by_label = {t.label: t.key for t in cb.themes}
    out = []
    for i, cell in enumerate(frame["labels"]):
        row = i + 2  # header is row 1, as a spreadsheet numbers them
        cell = cell.strip()
        if cell == PLACEHOLDER:
            if allow_unlabelled:
                out.append(pd.NA)
                continue
            raise CodebookError(f"{path}: row {row} (item {frame['item'].iloc[i]}) still holds {PLACEHOLDER!r}; "
                                f"label it, or write {cb.none_label!r} when no theme applies")
        parts = [p for p in re.split(r"[;；,，、|\s]+", cell) if p]
        keys = [by_label.get(p, p) for p in parts]
        out.append(";".join(parse_labels(keys, cb, where=f"{path}: row {row}, labels {cell!r}")))
    frame["labels"] = pd.array(out, dtype="string")
    frame["item"] = pd.to_numeric(frame["item"], errors="coerce")
    frame["sentence_id"] = pd.to_numeric(frame["sentence_id"], errors="coerce").astype("Int64")
    frame = frame.sort_values("item", kind="stable").reset_index(drop=True)
    if sample is not None:
        sent = {(d, int(i)): s for d, i, s in zip(sample["doc"], sample["sentence_id"], sample["sentence"])}
        got = {(d, int(i)) if pd.notna(i) else (d, -1): s
               for d, i, s in zip(frame["doc"], frame["sentence_id"], frame["sentence"])}
        lost, extra = sorted(set(sent) - set(got)), sorted(set(got) - set(sent))
        if lost or extra:
            raise CodebookError(f"{path}: the sheet is not this sample: {len(lost)} sentence(s) missing, "
                                f"{len(extra)} not in the sample (first: {(lost or extra)[0]})")
        edited = [k for k in sent if sent[k].strip() != str(got[k]).strip()]
        if edited:
            raise CodebookError(f"{path}: the text of {len(edited)} sentence(s) was changed (first: {edited[0]}); "
                                "label the sentences, do not edit them")
    return frame[SHEET_COLUMNS]
