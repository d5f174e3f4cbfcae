"""Tests for ogi_nlp.sentences: boundary rules of spec/themes.md on real report text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi_nlp.sentences import (
    PROTECT_WINDOW,
    Sentence,
    is_heading,
    sentence_spans,
    split_sentences,
)

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
SEEDS = sorted(CORPORA.glob("0*.txt"))


# --- boundary rules, table-driven, on sentences cut from the seeds -----------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # seed 001: the 《…（征求意见稿）》 title holds no boundary
        (
            "做好政策文件公开意见征求，开展《北京市关于加强知识产权纠纷多元调解工作的实施意见（征求意见稿）》等政策文件向社会公开征求意见工作，并及时进行反馈。做好双公示。",
            [
                "做好政策文件公开意见征求，开展《北京市关于加强知识产权纠纷多元调解工作的实施意见（征求意见稿）》等政策文件向社会公开征求意见工作，并及时进行反馈。",
                "做好双公示。",
            ],
        ),
        # seed 001: 。 and ； both end; closing quote is not a boundary
        (
            "页面浏览量10250458次；“北京知识产权”微信公众号推送274期共789条，总阅读量18494人次。",
            ["页面浏览量10250458次；", "“北京知识产权”微信公众号推送274期共789条，总阅读量18494人次。"],
        ),
        # seed 002: web copy with half-width punctuation
        (
            "(一)强化公文集中规范公开。按照“以公开为常态、不公开为例外”的原则,严格落实公文公开属性源头审查和公开前发布审查工作机制。",
            [
                "(一)强化公文集中规范公开。",
                "按照“以公开为常态、不公开为例外”的原则,严格落实公文公开属性源头审查和公开前发布审查工作机制。",
            ],
        ),
        # half-width ; ? ! end sentences
        ("全年受理申请5件;均按期答复!是否收费?否", ["全年受理申请5件;", "均按期答复!", "是否收费?", "否"]),
        # closing quote / bracket right after the terminator stays
        ("他说：“做好解读。”随后发布。", ["他说：“做好解读。”", "随后发布。"]),
        # ...but inside a short bracket pair the terminator ends nothing
        ("（详见附件。）下一句。", ["（详见附件。）下一句。"]),
        # a closing bracket after the terminator of an over-long pair stays
        ("（" + "注" * 120 + "。）下一句。", ["（" + "注" * 120 + "。）", "下一句。"]),
        # seed 003: line break inside a short bracket pair is dropped, not a boundary
        (
            "- 2. 制定出台涉及公共利益的政策文件中要明确提出公开相关信息的要求。(政策牵\n头起草部门负责)",
            ["- 2. 制定出台涉及公共利益的政策文件中要明确提出公开相关信息的要求。", "(政策牵头起草部门负责)"],
        ),
        # a line break ends a sentence outside brackets (heading line)
        ("　　（一）切实加强组织领导\n　　局办公室作为全局政务公开工作主管部门。", ["（一）切实加强组织领导", "局办公室作为全局政务公开工作主管部门。"]),
        # mixed-width bracket pair from seed 000 style "(以下简称《条例》）"
        ("根据《条例》(以下简称《条例》；下同）要求。编制本报告。", ["根据《条例》(以下简称《条例》；下同）要求。", "编制本报告。"]),
        # an unclosed bracket protects nothing
        ("（未闭合的括号。后一句。", ["（未闭合的括号。", "后一句。"]),
        # ASCII period in numbers and list markers ends nothing
        ("1. 网站浏览量达到68.2万次。2. 粉丝1.5万人。", ["1. 网站浏览量达到68.2万次。", "2. 粉丝1.5万人。"]),
        # URL query string and HTML entity are not boundaries
        ("详见www.bjipo.gov.cn/index.html?id=3&page=2查阅。", ["详见www.bjipo.gov.cn/index.html?id=3&page=2查阅。"]),
        # empties dropped, whitespace trimmed
        ("\n\n　　。\n  \t\n一、概述\n", ["。", "一、概述"]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_bracket_too_long_protects_nothing() -> None:
    inner = "甲" * PROTECT_WINDOW
    text = f"《{inner}。{inner}》后。"
    # the 。 inside the over-long pair ends a sentence
    assert split_sentences(text) == [f"《{inner}。", f"{inner}》后。"]
    short = "《" + "甲" * 10 + "。" + "乙" * 10 + "》后。"
    assert split_sentences(short) == [short]


def test_spans_point_into_source() -> None:
    text = "前言。开展《实施意见（征求\n意见稿）》等工作。\n　　一、概述"
    spans = sentence_spans(text)
    assert [s.text for s in spans] == ["前言。", "开展《实施意见（征求意见稿）》等工作。", "一、概述"]
    for s in spans:
        assert text[s.start:s.end].replace("\n", "") == s.text
    assert spans[2].heading and not spans[0].heading
    assert isinstance(spans[0], Sentence)


def test_keep_headings_option() -> None:
    text = "（二）扎实推进主动公开\n做好双公示。"
    assert split_sentences(text, keep_headings=False) == ["做好双公示。"]
    with pytest.raises(ValueError, match="keep_headings"):
        split_sentences(text, keep_headings="no")  # type: ignore[arg-type]


def test_non_str_rejected() -> None:
    with pytest.raises(TypeError):
        sentence_spans(b"\xe4\xb8\x80")  # type: ignore[arg-type]


# --- headings ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("一、总体情况", True),
        ("（二）围绕法治政府建设加强政策解读。", True),
        ("2、 主动公开政府信息情况", True),
        ("(三)认真处理依申请公开", True),
        ("二、落实《北京市2018年政务公开工作要点》情况", True),
        ("（四）推进网上办事服务公开，加强政民互动。", True),
        ("第一部分 总体情况", True),
        ("三. 收到和处理政府信息公开申请情况", True),
        ("（十一） 贯彻落实政府信息公开条例", True),
        ("一是做好政府信息主动公开。", False),
        ("1、全年共受理政府信息公开申请5件。", False),
        ("1.5万元用于网站运维。", False),
        ("1.jpg", False),
        ("9. 增强舆情风险防控意识,密切监测收集苗头性舆情,特", False),
        ("(二)开展重大知识产权问题研究，承担全市知识产权战略实施和知识产权强市建设相关工作；", False),
        ("（一）2021年，市知识产权事业发展中心没有向政府信息公开申请人收取任何费用;", False),
        (
            "(一)贯彻执行知识产权方面法律法规和方针政策，参与拟订有关政策规定、规范性文件、实施细则及相关标准规范。",
            False,
        ),
        ("2022年我局门户网站共发布信息978篇。", False),
        # a request-table row of a PDF printed as text
        ("四、结转下年度继续办理 103 0 0 0 0 0 103", False),
        ("一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119", False),
        ("总体情况", False),
        ("", False),
    ],
)
def test_is_heading(sentence: str, expected: bool) -> None:
    assert is_heading(sentence) is expected


# --- properties ---------------------------------------------------------------

_ALPHABET = st.sampled_from(list("政府信息公开申请件条12.。！？；!?;，、《》（）()“”\n 　a"))
_WS = re.compile(r"\s")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=300))
def test_no_text_lost_and_spans_ordered(text: str) -> None:
    spans = sentence_spans(text)
    assert _WS.sub("", "".join(s.text for s in spans)) == _WS.sub("", text)
    prev_end = 0
    for s in spans:
        assert s.text and s.text == s.text.strip()
        assert 0 <= prev_end <= s.start < s.end <= len(text)
        assert _WS.sub("", text[s.start:s.end]) == _WS.sub("", s.text)
        prev_end = s.end


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("政府信息。！？；;!?\n ")), max_size=40),
    st.text(alphabet=st.sampled_from(list("政府信息公开")), min_size=1, max_size=20),
    st.text(alphabet=st.sampled_from(list("政府信息。！？；;!?\n")), max_size=40),
)
def test_no_boundary_inside_short_title(inner: str, before: str, after: str) -> None:
    title = f"《{inner}》"
    text = f"{before}{title}{after}"
    lo, hi = len(before), len(before) + len(title)
    spans = sentence_spans(text)
    for s in spans:
        # no sentence starts or ends strictly inside the title
        assert not lo < s.start < hi
        assert not lo < s.end < hi
    holder = [s for s in spans if s.start <= lo < s.end]
    assert len(holder) == 1 and title.replace("\n", "").replace(" ", "") in holder[0].text.replace(" ", "")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_does_not_crash(text: str) -> None:
    spans = sentence_spans(text)
    assert all(s.text for s in spans)
    assert all(not s.text.startswith(("\n", " ")) for s in spans)


def test_linear_time_on_long_text() -> None:
    import time

    text = "（" * 5000 + "政府信息公开。\n" * 20000
    t0 = time.perf_counter()
    spans = sentence_spans(text)
    assert time.perf_counter() - t0 < 5
    assert len(spans) >= 20000


# --- real seeds -----------------------------------------------------------------

@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_files_split_losslessly(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    spans = sentence_spans(text)
    assert len(spans) > 40
    assert _WS.sub("", "".join(s.text for s in spans)) == _WS.sub("", text)


def test_seed_002_half_width_sentences() -> None:
    text = (CORPORA / "002_2b0f011715eb5630.txt").read_text(encoding="utf-8")
    sents = split_sentences(text)
    assert "四是完善新闻发布的工作机制。" in sents
    assert "(三)加大信息公开力度。" in sents
    assert is_heading("(三)加大信息公开力度。")


def test_seed_001_title_sentence() -> None:
    text = (CORPORA / "001_dfbf40df936f33b0.txt").read_text(encoding="utf-8")
    sents = split_sentences(text)
    hit = [s for s in sents if "征求意见稿" in s]
    assert len(hit) == 1 and hit[0].startswith("做好政策文件公开意见征求") and hit[0].endswith("并及时进行反馈。")
