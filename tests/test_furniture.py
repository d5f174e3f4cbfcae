"""Page furniture is never narrative (issue 11, item 2).

Lines below are cut verbatim from the development web copies in
``shared/dev/pages/docs`` (file id in the comment).  The last test checks every
dev page against the hand labels of ``corpora/annotations/dev_pages_sentences.csv``
when that file is there.
"""
from __future__ import annotations

import csv
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi_nlp.document import Block, Document
from ogi_nlp.read import document_from_text
from ogi_nlp.read.furniture import FURNITURE_KINDS, furniture_kind, strip_furniture
from ogi_nlp.read import furniture
from ogi_nlp.report import Report, parse_report

ROOT = Path(__file__).resolve().parents[1]
DEV_PAGES = ROOT.parent / "shared" / "dev" / "pages"
LABELS = ROOT / "corpora" / "annotations" / "dev_pages_sentences.csv"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("您当前所在的位置: 首页 > 政府信息公开 > 政府信息公开年报 > 政府信息公开年报", "breadcrumb"),  # 0065
        ("当前位置: 首页 >> 政府信息公开 >> 政府信息公开年报 >> 2020 >> 正文", "breadcrumb"),  # 0033
        ("> 政务公开 > 信息公开目录 > 信息公开年报 > 2020年度工作报告", "breadcrumb"),  # 0069
        ("Position: Home > Government Affairs Information > Openness of Government Affairs", "breadcrumb"),  # 0123
        ("当前位置: 首页 / 政务公开 / 信息公开年报 / 2021年 / 稿件页", "breadcrumb"),  # d004
        ("字号: 大 中 小", "tools"),  # 0049
        ("用微信扫描二维码分享至好友和朋友圈", "tools"),  # 0054
        ("简体 繁体 无障碍浏览 长者模式 政务新媒体 加入收藏 登录 注册", "tools"),  # 0033
        ("网站支持IPv6", "tools"),  # 0126
        ("选择搜索类型", "tools"),  # 0016
        ("• 索 引 号:XM02100-0101-2019-00001", "catalogue"),  # 0087
        ("• 发文机关:海南省工业和信息化厅 成文日期:2023-01-19 17:48", "catalogue"),  # 0148
        ("索引号 000014349/2023-00001 文      号", "catalogue"),  # 0093
        ("标      题 阿里地区2022年度政府信息公开工作年度报告", "catalogue"),  # 0093
        ("发布时间:2011-03-14 18:20:44", "byline"),  # 0009
        ("2023-01-19 15:54:58 来源: 中国(河北)自由贸易试验区雄", "byline"),  # 0048
        ("作者: 发布时间:2021-01-08 15:51 信息来源: 江南镇 浏览数:", "byline"),  # 0119
        ("Page 9 - 威海市文登人民政府办公室2022年政府信息公开工作年度报告", "viewer"),  # 0055
        ("P. 9", "viewer"),  # 0055
        ("2019年12月3日星期二", "date"),  # 0077
        ("17.03.2015  14:46", "date"),  # 0037
        ("浙江/杭州-2026-01-19 00:00:00", "date"),  # 0089
        ("长沙市人民政府2011年政府信息公开年度报告_百度百科", "copyright"),  # 0019
        ("首   页 走进汉台 新闻中心 政府信息公开 政务服务 互动交流 专题专栏", "site"),  # 0003
        ("中国政府网 江苏省人民政府 苏州市人民政府", "site"),  # 0104
        ("- 政策解读", "site"),  # 0094
        ("2021年3月,报告发布。", "byline"),  # 0096: an encyclopaedia's publication note
        ("政府信息公开事业单位年度报告公开的概述应写哪些内容", "site"),  # 0019: a Q&A site's search query
    ],
)
def test_dev_page_furniture_lines(line: str, kind: str) -> None:
    assert furniture_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "一、总体情况",
        "前言",  # 0088: a heading of the report
        "年度报告",  # second line of a wrapped title (0036)
        "唐村镇2010年政府信息公开工作年度报告",  # a title (0009)
        "(二)依申请公开",
        "2022年,我局坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻党的二十大精神。",
        "本报告电子版可在“中国南平”网站(<http://www.np.gov.cn/>)政府信息公开专栏下载。",  # 0007
        "单位地址:拉萨市城关区娘热路22号。",  # 0095: contact, part of the report
        "依申请公开",
        "2021年3月,我局在门户网站发布2020年度报告。",  # a sentence about publishing, with a subject
        "五、存在的主要问题及改进情况",
        "（三）政府信息公开目录、公开指南的编制、更新情况",  # 0001
    ],
)
def test_report_lines_are_not_furniture(line: str) -> None:
    assert furniture_kind(line) is None


def test_furniture_kept_for_metadata_and_out_of_sentences() -> None:
    # the opening of dev page 0148, as saved (furniture around a wrapped title)
    text = ("欢迎光临海南省工业和信息化厅\n首页 > 政府信息公开年报\n"
            "  • 索  引 号:78663548-8/2023-34615 主题分类:交通、工业、信息化\n"
            "  • 发文机关:海南省工业和信息化厅 成文日期:2023-01-19 17:48\n"
            "  • 标       题: 海南省工业和信息化厅2022年度政府信息公开工作报告\n"
            "海南省工业和信息化厅\n2022年政府信息公开工作年度报告\n"
            "根据《中华人民共和国政府信息公开条例》(以下简称《条例》)规定,编制本报告。\n一、总体情况\n")
    report = parse_report(text, name="0148")
    sentences = report.sentences()["text"].tolist()
    assert not any(furniture_kind(s) for s in sentences)
    assert not any("索" in s and "引" in s and "号" in s for s in sentences)
    kinds = [f["kind"] for f in report.document.meta["furniture"]]
    assert kinds.count("catalogue") == 3 and "breadcrumb" in kinds
    meta = report.meta
    assert (meta["agency"], meta["year"], meta["level"], meta["province"]) == ("海南省工业和信息化厅", 2022,
                                                                               "provincial", "海南省")
    # spans of what is kept still point into the text
    for b in report.document.blocks:
        assert report.document.text[b.start:b.end] == b.text


def test_html_page_furniture_gives_the_sentences_of_the_bare_text() -> None:
    from ogi_nlp.read.html import read_html

    body = ["淮安市人民政府2024年政府信息公开工作年度报告", "一、总体情况", "2024年，我市坚持以公开为常态。"]
    page = ("<html><body><div>您当前所在的位置：<a>首页</a> &gt; <a>政务公开</a> &gt; <a>政府信息公开年报</a></div>"
            f"<h1>{body[0]}</h1><div><span>发布时间：2025-01-20</span> <span>来源：市政府办公室</span>"
            "<span>浏览次数：123</span></div><div>字号：<a>大</a> <a>中</a> <a>小</a> <a>打印</a> <a>关闭</a></div>"
            + "".join(f"<p>{t}</p>" for t in body[1:])
            + "<div>版权所有：淮安市人民政府 苏ICP备05009075号</div></body></html>")
    html = Report(read_html(page.encode("utf-8"), name="p.html")).sentences()["text"].tolist()
    txt = parse_report("\n".join(body)).sentences()["text"].tolist()
    assert html == txt


def test_tables_untouched() -> None:
    doc = Document.from_blocks("t", [Block("table", "发布时间：\t2023", rows=(("发布时间：", "2023"),))])
    assert strip_furniture(doc).blocks[0].kind == "table"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("首页>政务公开发布时间:2023-01-31来源字号大中小一、总体情况我局。 ")),
                        max_size=25), max_size=8))
def test_strip_keeps_spans_and_loses_no_text(lines: list[str]) -> None:
    doc = document_from_text("\n".join(lines))
    kept = [b for b in doc.blocks if b.kind in ("heading", "paragraph")]
    for b in kept:
        assert doc.text[b.start:b.end] == b.text
    assert all(f["kind"] in FURNITURE_KINDS for f in doc.meta["furniture"])
    for f in doc.meta["furniture"]:
        assert doc.text[f["start"]:f["end"]] == f["text"]


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _furniture_leaks() -> tuple[list[tuple[str, str, str]], int]:
    """Furniture pieces of the dev pages that the toolkit still emits as sentences."""
    import pandas as pd

    from ogi_nlp import read_report

    labels = pd.read_csv(LABELS, dtype={"doc": str, "unit": str, "sentence": str})
    furniture = labels[labels["unit"].eq("furniture")]
    leaks: list[tuple[str, str, str]] = []
    for doc, pieces in furniture.groupby("doc"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = read_report(DEV_PAGES / "docs" / Path(doc).name)
        text = report.document.text
        sentences = report.sentences()
        for piece in pieces.itertuples(index=False):
            start, end = int(piece.start), int(piece.end)
            if _norm(text[start:end]) == _norm(piece.sentence):  # the piece's span is valid: no sentence may overlap it
                hit = sentences[(sentences["start"] < end) & (sentences["end"] > start)]
            else:  # the text moved since the pieces were cut: compare texts
                hit = sentences[sentences["text"].map(_norm).eq(_norm(piece.sentence))]
            leaks.extend((Path(doc).name, piece.sentence, t) for t in hit["text"])
    return leaks, len(furniture)


@pytest.mark.skipif(not LABELS.is_file() or not DEV_PAGES.is_dir(),
                    reason="needs corpora/annotations/dev_pages_sentences.csv and shared/dev/pages")
def test_no_labelled_furniture_among_the_sentences_of_the_dev_pages() -> None:
    """No piece hand-labelled ``unit == furniture`` is emitted as a sentence.

    For each of the 162 dev pages, the toolkit's sentences
    (``read_report(page).sentences()``) are compared with the 182 pieces the
    coders labelled furniture in ``corpora/annotations/dev_pages_sentences.csv``:
    where the piece's ``start``/``end`` still point at its text in
    ``document.text``, no sentence span may overlap it; otherwise no sentence may
    equal it (spaces ignored).  Issue 11's target: none remains (the stray ``?``
    and footnote ``[1]`` the splitter cut off are dropped by
    :func:`ogi_nlp.sentences.is_fragment`; a publication note and a Q&A site's
    search query are furniture lines).
    """
    leaks, n = _furniture_leaks()
    assert n == 182
    assert sorted({(doc, piece) for doc, piece, _ in leaks}) == []


# Narrative pieces (labelled sentence, heading or title) that no sentence covers: four,
# each a line a furniture rule takes (two signature dates, a signature, a title that is
# also the viewer's page header).  The list may only shrink.
KNOWN_LOSSES = {
    ("0054.txt", "2015年3月2日"),
    ("0055.txt", "威海市文登区人民政府办公室"),
    ("0055.txt", "2023 年 1 月 16 日"),
    ("0146.txt", "海口市人民政府研究室2022年政府信息公开工作年度报告"),
}


@pytest.mark.skipif(not LABELS.is_file() or not DEV_PAGES.is_dir(),
                    reason="needs corpora/annotations/dev_pages_sentences.csv and shared/dev/pages")
def test_furniture_rules_lose_no_more_narrative_of_the_dev_pages() -> None:
    import pandas as pd

    from ogi_nlp import read_report

    labels = pd.read_csv(LABELS, dtype={"doc": str, "unit": str, "sentence": str})
    narrative = labels[labels["unit"].isin(["sentence", "heading", "title"])]
    lost: set[tuple[str, str]] = set()
    for doc, pieces in narrative.groupby("doc"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = read_report(DEV_PAGES / "docs" / Path(doc).name)
        text, sentences = report.document.text, report.sentences()
        stream = "".join(sentences["text"].map(_norm))
        for piece in pieces.itertuples(index=False):
            start, end = int(piece.start), int(piece.end)
            if _norm(text[start:end]) == _norm(piece.sentence):
                covered = not sentences[(sentences["start"] < end) & (sentences["end"] > start)].empty
            else:  # the text moved (paragraphs rebuilt by the reader): the piece is in the sentences' text
                covered = _norm(piece.sentence) in stream
            if not covered:
                lost.add((Path(doc).name, piece.sentence))
    assert lost <= KNOWN_LOSSES, f"narrative lost: {sorted(lost - KNOWN_LOSSES)}"


# The tools and copyright tests run as split patterns (the regex engine skips to the
# characters a match can start with); they must say exactly what the single patterns say.
_PIECES = sorted(set(re.findall(r"[\u4e00-\u9fff【】：:|©_]+|[A-Za-z0-9]+", furniture._TOOLS.pattern + furniture._COPYRIGHT.pattern)))
_PIECES += ["ſhare to", "İCP", "ıcp", "copyrıght", "\u212a", " ", "\u3000", "\t", "\n", "x", "一", "。", "大", "小", "中"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6).map("".join))
def test_split_tool_and_copyright_patterns_match_the_single_ones(line: str) -> None:
    assert furniture._is_tools(line) == bool(furniture._TOOLS.search(line))
    assert furniture._is_copyright(line) == bool(furniture._COPYRIGHT.search(line))


def test_split_patterns_fold_case_as_the_single_ones() -> None:
    folds = {c: {chr(p) for p in range(0x10000) if re.fullmatch(re.escape(c), chr(p), re.IGNORECASE)}
             for c in "shareto" "Copyright" "ICP" "IPv6" "Word" "PDF"}
    for word in ("share to", "Copyright", "ICP备", "ICP 证", "网站支持IPv6", "下载Word", "下载PDF"):
        for i, ch in enumerate(word):
            for variant in folds.get(ch, {ch}):
                line = word[:i] + variant + word[i + 1:]
                assert furniture._is_tools(line) == bool(furniture._TOOLS.search(line)), line
                assert furniture._is_copyright(line) == bool(furniture._COPYRIGHT.search(line)), line


def test_site_features_in_a_sentence_are_not_page_tools():
    assert furniture_kind("时智能问答功能和适老化、无障碍等服务,让群众能更便捷、直观获取所需") is None
    assert furniture_kind("在门户网站开设无障碍浏览和智能问答功能。") is None
    assert furniture_kind("简体 繁体 无障碍浏览 长者模式 政务新媒体 加入收藏 登录 注册") == "tools"
    assert furniture_kind("更多精彩内容欢迎扫描下方二维码关注浑南区!") == "tools"
