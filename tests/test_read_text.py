"""Tests for ogi_nlp.read.text / txt / script: plain text -> blocks, on the seeds."""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import opencc
from hypothesis import assume, given, settings
from hypothesis import strategies as st
import pytest

from ogi_nlp.errors import ReadWarning
from ogi_nlp.read import document_from_text, flattened_rows, read_document
from ogi_nlp.read.script import detect_script, to_simplified

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
SEEDS = {p.name[:3]: p for p in CORPORA.glob("0*.txt")}


@pytest.fixture(scope="module")
def docs():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadWarning)
        return {k: read_document(p) for k, p in SEEDS.items()}


def test_tables_as_images_warns():
    with pytest.warns(ReadWarning, match="image placeholder"):
        doc = read_document(SEEDS["002"])
    assert any("image placeholder" in w for w in doc.meta["warnings"])


def _kinds_of(doc, text):
    """Kinds of the blocks whose text (or cells) contain ``text``."""
    kinds = set()
    for b in doc.blocks:
        if b.kind == "table" and any(text in c for c in b.cells):
            kinds.add("table")
        elif b.kind != "table" and text in b.text:
            kinds.add(b.kind)
    return kinds


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_spans_point_at_block_text(docs, seed):
    doc = docs[seed]
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text
        assert doc.original[b.start : b.end] == b.text  # simplified source
        assert b.line is not None
        assert b.text == b.text.strip(" \u3000")
    assert doc.meta["script"] == "simplified"
    assert doc.meta["sha256"] and doc.meta["format"] == "txt"


@pytest.mark.parametrize(
    "seed, text, kind",
    [
        ("001", "行政规范性文件", "table"),
        ("001", "本年制发件数", "table"),
        ("001", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "table"),
        ("001", "0.其他处理总计", "table"),
        ("001", "未经复议直接起诉", "table"),
        ("001", "2、 主动公开政府信息情况", "paragraph"),
        ("001", "3、 收到和处理政府信息公开申请情况", "paragraph"),
        ("001", "四、政府信息公开行政复议、行政诉讼情况", "paragraph"),
        ("001", "2022年我局门户网站共发布信息978篇，访问量2324175人次", "paragraph"),
        ("001", "六、其他需要报告的事项", "paragraph"),
        ("004", "行政规范性文件", "table"),
        ("004", "商业企业", "table"),  # "商业" / "企业" wrapped over two lines
        ("004", "三、收到和处理政府信息公开申请情况", "paragraph"),
        ("004", "2021年度，中心共主动公开政府信息131条", "paragraph"),
        ("000", "统 计 指 标", "table"),
        ("000", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "table"),
        ("000", "其中：主动公开财政预算决算、“三公”经费和行政经费信息数", "table"),
        ("000", "2018年，我局通过门户网站政府信息公开专栏主动公开政府信息467条", "paragraph"),
        ("000", "七、主要问题和改进措施", "paragraph"),
        ("002", "1.jpg", "image"),
        ("002", "4.jpg", "image"),
        ("002", "三、收到和处理政府信息公开申请情况", "paragraph"),
        ("003", "(一)围绕建设法治政府全面推进政务公开", "paragraph"),
    ],
)
def test_block_kinds(docs, seed, text, kind):
    assert _kinds_of(docs[seed], text) == {kind}


def test_bookmark_artefacts_dropped(docs):
    doc = docs["000"]
    assert "[bookmark" not in doc.text
    assert doc.blocks[2].text.startswith("本报告是根据《中华人民共和国政府信息公开条例》")
    assert doc.blocks[2].line == 4


def test_page_numbers_dropped(docs):
    doc = docs["003"]
    assert [line for line, _ in doc.meta["dropped_lines"]] == [55, 84]
    assert not any(b.text.startswith("—") for b in doc.blocks)


def test_flattened_table_keeps_blank_cells_and_order(docs):
    request = [t for t in docs["001"].tables() if "申请人情况" in t.text][0]
    assert request.layout == "flattened"
    assert all(len(r) == 1 for r in request.rows)
    rows = flattened_rows(request)
    assert rows[1] == ["", "自然人", "法人或其他组织", "总计"]
    assert ["一、本年新收政府信息公开申请数量", "12", "5", "0", "0", "0", "0", "17"] in rows
    # the printed blank cells are kept, in place, in the single-column grid
    flat = [r[0] for r in request.rows]
    assert flat == [c for row in rows for c in row]
    assert flat[2:6] == ["", "自然人", "法人或其他组织", "总计"]


def test_lost_cell_is_visible_as_a_short_row(docs):
    first = docs["001"].tables()[0]
    rows = flattened_rows(first)
    assert rows[2] == ["规章", "0", "0", "1"]
    # the extract lost the 现行有效件数 of 行政规范性文件: its printed row is short
    assert rows[3][:3] == ["行政规范性文件", "3", "0"]


def test_legacy_table_triplets(docs):
    table = docs["000"].tables()[0]
    rows = flattened_rows(table)
    assert ["（一）收到申请数", "件", "10"] in rows
    assert ["2.兼职人员数", "人", "2"] in rows
    assert rows[0] == ["政府信息公开情况统计表（2018年度）"]


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n| 行政规范性文件 | 3 |", ["table"]),
        ("图2.png", ["image"]),
        ("![](table3.jpg)", ["image"]),
        ("一、总体情况\n\t2022年，我局共受理申请17件，均依法答复。", ["paragraph", "paragraph"]),
        ("二、主动公开政府信息情况\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n0\n0\n1\n行政规范性文件\n3\n0\n5",
         ["paragraph", "table"]),
        ("- 2 -\n第3页 共5页\n全年受理申请5件。", ["paragraph"]),
        # a web copy with half-width punctuation: tab-indented prose is not a table
        ("\t全年共受理申请17件,均依法答复.\n\t其中自然人12件.\n\t法人5件.", ["paragraph"] * 3),
    ],
)
def test_generic_shapes(text, kinds):
    assert [b.kind for b in document_from_text(text).blocks] == kinds


def test_pipe_table_rows():
    doc = document_from_text("| 信息内容 | 本年制发件数 | 现行有效件数 |\n| --- | :---: | ---: |\n| 规章 | 0 |\n")
    table = doc.tables()[0]
    assert table.layout == "pipe"
    assert table.rows == (("信息内容", "本年制发件数", "现行有效件数"), ("规章", "0", None))


def test_tab_separated_rows_are_a_table_with_blank_cells_kept():
    text = ("二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
            "规章\t0\t\t1\n行政规范性文件\t3\t0\t5\n六、其他需要报告的事项\t\n\t自然人\t总计\n")
    doc = document_from_text(text)
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph", "paragraph"]
    table = doc.tables()[0]
    assert table.layout == "pipe"
    assert table.rows[1] == ("规章", "0", "", "1")  # the blank cell stays in its column
    assert doc.blocks[2].text == "六、其他需要报告的事项"


def test_untabbed_table_keeps_heading_out():
    text = "二、主动公开政府信息情况\n信息内容\n本年制发件数\n本年废止件数\n规章\n0\n0\n行政规范性文件\n3\n0\n"
    doc = document_from_text(text)
    assert doc.blocks[0].text == "二、主动公开政府信息情况"
    assert doc.tables()[0].cells[:2] == ["信息内容", "本年制发件数"]


@pytest.mark.parametrize("seed", ["000", "001", "004"])
def test_seed_tables_survive_losing_their_indentation(seed):
    """A copy of a report without leading tabs (pasted from a web page) reads the same values."""
    from ogi_nlp.read import decode_bytes
    from ogi_nlp.tables import parse_tables

    text = decode_bytes(SEEDS[seed].read_bytes())[0]
    stripped = "\n".join(line.strip() for line in text.splitlines())
    assert "\t" not in stripped
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before = parse_tables(read_document(SEEDS[seed])).values
        after = parse_tables(document_from_text(stripped)).values

    def cells(frame):
        ok = frame[frame["value"].notna()]
        return sorted(zip(ok["row_label"].str.replace(r"\s", "", regex=True), ok["value"].astype(float)))

    assert len(cells(before)) > 30
    assert cells(after) == cells(before)


_HALF_WIDTH = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?"})


@pytest.mark.parametrize("seed", ["000", "001", "004"])
@pytest.mark.parametrize("variant", ["big5", "utf-16", "half-width"])
def test_seed_tables_survive_other_scripts_encodings_and_punctuation(tmp_path, seed, variant):
    from ogi_nlp.read import decode_bytes
    from ogi_nlp.tables import parse_tables

    text = decode_bytes(SEEDS[seed].read_bytes())[0]
    if variant == "half-width":
        data = text.translate(_HALF_WIDTH).encode("gb18030")
    else:  # Taiwan forms, as a Big5 file would have them; Big5 has no no-break space
        data = opencc.OpenCC("s2tw").convert(text).replace("\xa0", " ").encode(variant)
    path = tmp_path / f"{seed}.txt"
    path.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = read_document(path)
        got = parse_tables(doc).values
        want = parse_tables(read_document(SEEDS[seed])).values
    assert doc.meta["script"] == ("simplified" if variant == "half-width" else "traditional")
    assert got["value"].notna().sum() > 30
    assert got["value"].tolist() == want["value"].tolist()
    assert got["variable"].tolist() == want["variable"].tolist()


def test_untabbed_legacy_rows_with_units_and_notes_are_a_table():
    # seed 000's layout without tabs: label, note, unit, number on their own lines
    text = ("一、主动公开情况\n\n（一）主动公开政府信息数\n（不同渠道和方式公开相同信息计1条）\n条\n566\n\n"
            "其中：主动公开规范性文件数\n条\n4\n\n制发规范性文件总数\n件\n4\n\n"
            "（二）重点领域公开政府信息数\n条\n2\n")
    doc = document_from_text(text)
    assert [b.kind for b in doc.blocks] == ["paragraph", "table"]
    assert flattened_rows(doc.tables()[0])[:2] == [
        ["（一）主动公开政府信息数", "（不同渠道和方式公开相同信息计1条）", "条", "566"],
        ["其中：主动公开规范性文件数", "条", "4"],
    ]


def test_short_prose_lines_with_units_are_not_a_table():
    text = "一、总体情况\n本年度工作平稳。\n条\n件\n次\n二、其他\n1\n2\n"
    assert not document_from_text(text).tables()


def test_traditional_seed_paragraph():
    s2t = opencc.OpenCC("s2t")
    simplified = SEEDS["001"].read_text(encoding="utf-8").splitlines()[9]
    traditional = s2t.convert(simplified)
    assert traditional != simplified
    doc = document_from_text("三、收到和處理政府資訊公開申請情況\n" + traditional)
    assert doc.meta["script"] == "traditional"
    assert doc.blocks[1].text == simplified.strip()
    assert doc.original[doc.blocks[1].start : doc.blocks[1].end] == traditional.strip()
    assert len(doc.text) == len(doc.original)


def test_traditional_table_cells_are_simplified():
    doc = document_from_text("\t申請人情況\n\t自然人\n\n\t本年新收政府資訊公開申請數量\n\t12")
    assert doc.meta["script"] == "traditional"
    assert doc.tables()[0].cells == ["申请人情况", "自然人", "本年新收政府资讯公开申请数量", "12"]


@pytest.mark.parametrize(
    "text, script",
    [
        ("政府信息公开工作年度报告", "simplified"),
        ("政府資訊公開工作年度報告", "traditional"),
        ("本年度共收到申請12件，其中自然人申请10件。" * 5, "traditional"),
        ("乾隆年间的著作", "simplified"),  # one or two convertible characters are not enough
        ("", "simplified"),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script


def test_to_simplified_keeps_length():
    text = "這些資訊於網站公開，並於年度報告中說明。"
    assert len(to_simplified(text)) == len(text)


# --- properties of the plain-text parser -------------------------------------------------

_SEED_LINES = sorted({ln for p in SEEDS.values() for ln in p.read_text(encoding="utf-8").splitlines()})
_line = st.one_of(
    st.sampled_from(_SEED_LINES),
    st.sampled_from(["", "\t", "\t0", "\t12", "　　", "1.jpg", "- 3 -", "| 规章 | 0 |", "|---|---|", "商业", "企业"]),
    st.text(alphabet=st.sampled_from("一二三、（）\t 0123456789。，规章公开申请|.jpg-"), max_size=30),
)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_line, max_size=40))
def test_parser_properties(lines):
    text = "\n".join(lines)
    doc = document_from_text(text)
    dropped = {line for line, _ in doc.meta["dropped_lines"]}
    covered = set()
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text  # spans are exact
        assert b.line is not None and 1 <= b.line <= max(len(lines), 1)
        if b.kind == "table" and b.layout == "flattened":
            assert [r[0] for r in b.rows] == [c for row in flattened_rows(b) for c in row]
        covered.add(b.line)
    # every line with content is in a block or was dropped as a page number:
    # nothing silently lost (content words reappear in the document text)
    for no, line in enumerate(lines, start=1):
        content = re.sub(r"\[bookmark:[^\]]*\]", "", line).strip(" \t\u3000|-:")
        if content and no not in dropped:
            words = [w for w in content.replace("|", " ").split() if w.strip("-:")]
            for w in words:
                assert w.strip("-:") in doc.text
    assert doc.blocks == [] or doc.blocks[0].line in covered


@pytest.mark.parametrize("name", ["report.doc", "report.xlsx", "report", "report.rtf"])
def test_unsupported_format(tmp_path, name):
    from ogi_nlp.errors import UnsupportedFormatError

    path = tmp_path / name
    path.write_bytes(b"data")
    with pytest.raises(UnsupportedFormatError, match="unsupported file type"):
        read_document(path)
    with pytest.raises(ValueError):  # also a ValueError for callers that catch that
        read_document(path)


def test_directory_is_read_error(tmp_path):
    from ogi_nlp.errors import ReadError

    d = tmp_path / "folder.txt"
    d.mkdir()
    with pytest.raises(ReadError, match="directory"):
        read_document(d)


# --- hard-wrapped text (ogi_nlp.read.reflow) --------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "read"


def test_flipbook_page_wrapped_mid_sentence_reads_as_whole_sentences():
    """A real flip-book copy (dev page 0056, lines cut at the page width) gives whole sentences."""
    from ogi_nlp import read_report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = read_report(FIXTURES / "wrapped_flipbook.txt")
    sentences = report.sentences()["text"].tolist()
    assert ("在确认所提交内容为可公开内容之后,再由专职人员对信息进行公开,形成了及时对拟定公开材料进行事前"
            "保密审查、事后监督检查的工作机制,确保涉密信息不公开,公开信息不涉密。") in sentences
    assert "(四)平台建设情况" in sentences  # a heading stays its own line
    # every sentence ends a sentence, but the excerpt's last, which the excerpt cuts off
    assert [s for s in sentences[:-1] if s[-1] not in "。；;"] == ["(二)依申请公开工作情况", "(三)政府信息管理情况",
                                                                   "(四)平台建设情况"]
    assert report.document.meta["rejoined_lines"] == [7, 8, 9, 11, 12, 13, 14, 15, 18, 19, 20, 21]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_unwrapped_copies_are_left_as_they_are(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert read_document(SEEDS[name]).meta["rejoined_lines"] == []


def _wrap(text: str, chars: int) -> str:
    """Cut every line at ``chars`` CJK characters, as a page does."""
    from ogi_nlp.read.reflow import hard_wrap

    return "\n".join(piece for line in text.split("\n") for piece in hard_wrap(line, chars))


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_wrapped_at_a_page_width_reads_back_its_sentences(name):
    """Development check (the rule was written with these seeds in view): a bundled report
    wrapped at 33 characters a line, narrative only, gives back nearly all its sentences;
    without the rejoining about 30-40 % of them survive (``benchmarks/eval_reflow.py``)."""
    from collections import Counter

    from ogi_nlp.read.text import blocks_from_text
    from ogi_nlp.report import Report

    text = SEEDS[name].read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
    blocks, _ = blocks_from_text(text)
    paragraphs = {b.line for b in blocks if b.kind == "paragraph"}
    wrapped = "\n".join(_wrap(ln.strip(), 33) if no in paragraphs else ln
                        for no, ln in enumerate(text.split("\n"), start=1))

    def read(t):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = Report(document_from_text(t, name))
        values = report.tables()
        return (Counter(re.sub(r"\s+", "", s) for s in report.sentences()["text"]),
                dict(zip(values["variable"], values["value"].astype(str))))

    (gold, gold_values), (got, got_values) = read(text), read(wrapped)
    assert got_values == gold_values
    assert sum((gold & got).values()) >= 0.95 * sum(gold.values())


_CJK_TEXT = st.text(alphabet=st.sampled_from(list("政府信息公开工作年度报告全年受理申请主动网站平台建设")), min_size=1, max_size=30)


def test_few_wrapped_lines_among_near_full_closed_lines_rejoin():
    """Found by the property below (session 8): three lines wrapped inside a sentence and four
    that end a sentence one character short of the width (paragraphs of about one line). A line
    that a page filled may end a sentence: such lines no longer count against the width."""
    paragraphs = ["主，主主主，主主主主主，主主主主主主主。", "主，主主主，主主主主主，主主主主主主主。",
                  "主，主，主主主，主主主主主，主主主主主，主主主主主主主，主主主主主主主主主主主主。",
                  "主主，主主主主主主，主主主主主主主主主主，主主主主主主主主主主主主主主主主主主主。",
                  "主，主，主，主，主，主主主主主主主主主主主。"]
    heads = [f"{'一二三四五六'[k]}、工作情况" for k in range(len(paragraphs))]
    text = "\n".join(f"{h}\n{p}" for h, p in zip(heads, paragraphs))
    doc = document_from_text(_wrap(text, 21))
    assert [b.text for b in doc.blocks] == [x for pair in zip(heads, paragraphs) for x in pair]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CJK_TEXT, min_size=3, max_size=8).map("，".join).map(lambda s: s + "。"),
                min_size=3, max_size=6),
       st.integers(min_value=18, max_value=40))
def test_wrapped_paragraphs_rejoin_to_the_paragraphs(paragraphs, chars):
    """Paragraphs under numbered headings, wrapped at any page width, read back as written."""
    from ogi_nlp.zh.chars import display_width

    assume(sum(display_width(p) > 2 * chars for p in paragraphs) >= 3)  # fewer wrapped lines is chance
    heads = [f"{'一二三四五六'[k]}、工作情况" for k in range(len(paragraphs))]
    text = "\n".join(f"{h}\n{p}" for h, p in zip(heads, paragraphs))
    doc = document_from_text(_wrap(text, chars))
    assert [b.text for b in doc.blocks] == [x for pair in zip(heads, paragraphs) for x in pair]



_NUMBERS = "一二三四五六七八"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=12, max_value=40),
       st.lists(st.tuples(st.integers(-4, 4),
                          st.lists(st.tuples(st.integers(-4, 4), st.sampled_from(["。", "。", "。”", "。）"])),
                                   min_size=1, max_size=3)),
                min_size=3, max_size=8),
       st.lists(st.integers(0, 20), max_size=2),
       st.randoms(use_true_random=False))
def test_web_copy_with_lines_of_a_common_length_is_left_as_it_is(chars, sections, colons, rnd):
    """A web copy, one paragraph a line (old-template copies such as dev pages 0036 and 0158:
    part titles and one-sentence paragraphs), whose titles and paragraphs are all about one
    length, whose paragraphs may end on a quote or bracket closed after the stop (``…。”``), and
    which may have a line or two that ends on a colon, is not wrapped: no line is joined to
    another, whatever the common length."""
    alphabet = "政府信息公开工作年度报告全年受理申请主动网站平台建设"

    def words(n: int) -> str:
        return "".join(rnd.choice(alphabet) for _ in range(max(n, 1)))

    lines = []
    for k, (title, paragraphs) in enumerate(sections):
        lines.append(f"{_NUMBERS[k]}、{words(chars - 2 + title)}")  # a part title, open
        for d, end in paragraphs:
            n = chars + d
            lines.append(f"{words(n // 2)}，{words(n - n // 2 - len(end) - 1)}{end}")
    for at in colons:  # a line that opens a list: "现将有关情况报告如下："
        lines.insert(min(at, len(lines)), f"{words(chars - 1)}：")
    doc = document_from_text("\n".join(lines))
    assert [b.text for b in doc.blocks] == lines
    assert doc.meta["rejoined_lines"] == []


def test_titles_and_table_rows_do_not_make_a_width():
    """Lines no page wraps are not read as wrapped at their width: the part titles of the
    blank 2021 template (reports/blank-template-2021.docx, whose three longest titles were
    once taken for a width of 34) and table rows that a web copy left as lines, cells parted
    by ``|`` (dev table copy d036, taken for a width of 65) or by spaces."""
    from ogi_nlp.read.reflow import wrap_width

    titles = ["政府信息公开工作年度报告格式模板", "一、总体情况", "（文字描述）", "二、主动公开政府信息情况",
              "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
              "五、存在的主要问题及改进情况", "（文字描述）", "六、其他需要报告的事项",
              "（文字描述，收取信息处理费情况在此处报告。）"]
    assert wrap_width(titles) is None
    rows = ["商業 企業 | 科研 機構 | 社會公益組織 | 法律服務機構 | 其他 | |||||",
            "一、本年新收政府信息公開申請數量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||",
            "二、上年結轉政府信息公開申請數量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||",
            "三、本年度辦理結果 | (一)予以公開 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | |",
            "(三)不予公開 | 1.屬于國家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | |"]
    assert wrap_width(rows) is None
    # the 2021 template printed with spaces between cells, as in the case CI found after session 9
    # (tests/test_tables_layouts.py): its header rows and longest rows were taken for a width of 86
    spaced = ["三、收到和处理政府信息公开申请情况",
              "申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他",
              "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 100 10000 10000",
              "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0",
              "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0",
              "四、政府信息公开行政复议、行政诉讼情况",
              "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉",
              "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", "五、存在的主要问题及改进情况"]
    assert wrap_width(spaced) is None


# A table row that a copy left as a line, its cells parted by spaces (a web copy of the
# 2021 template: "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 100 10000 10000").
_LABEL = st.text(alphabet=st.sampled_from(list("政府信息公开申请数量本年新收上年结转予以部分不予国家秘密其他情形")), min_size=2,
                 max_size=30)
_CELLS = st.lists(st.one_of(st.integers(0, 99999).map(str), st.sampled_from(["1.5", "100%", "12,345", "—", "/"])),
                  min_size=2, max_size=9).map(" ".join)
_PLAIN_ROW = st.tuples(_LABEL, st.sampled_from(["", "（区分处理的，只计这一情形，不计其他情形）", "（个）"]),
                       _CELLS).map(lambda r: f"{r[0]}{r[1]} {r[2]}")
_ROW = st.tuples(st.sampled_from(["", "一、", "（二）", "3.", "(三)"]), _PLAIN_ROW).map("".join)
_HEADER = st.lists(_LABEL, min_size=3, max_size=9).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_ROW, _HEADER, st.tuples(st.sampled_from(_NUMBERS), _LABEL).map("、".join)),
                min_size=1, max_size=40))
def test_table_rows_parted_by_spaces_make_no_width(lines):
    """Table rows whose cells a copy parted by spaces (value rows, header rows of words),
    among part titles, are never read as lines wrapped at a width, so no row is joined to the
    line after it (found in CI after session 9: rows taken for lines wrapped at 86
    characters, the review table's values joined to its header, 15 values lost)."""
    from ogi_nlp.read.reflow import wrap_width

    assert wrap_width(lines) is None
    assert document_from_text("\n".join(lines)).meta["rejoined_lines"] == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CJK_TEXT, min_size=3, max_size=8).map("，".join).map(lambda s: s + "。"),
                min_size=3, max_size=6),
       st.integers(min_value=18, max_value=40),
       st.lists(st.tuples(st.integers(0, 60), _PLAIN_ROW), min_size=1, max_size=4))
def test_value_rows_in_a_wrapped_copy_are_not_joined(paragraphs, chars, rows):
    """In a copy wrapped at a page width, a table row whose values are parted by spaces
    (``规章 0 0 0``) is neither joined to the full line before it nor continued by the line
    after it, whatever its length: its values stay in their row (found by eval_reflow on dev
    table copy d008 wrapped at 27 characters, whose header row was joined to ``规章 0 0 0``)."""
    from ogi_nlp.zh.chars import display_width

    assume(sum(display_width(p) > 2 * chars for p in paragraphs) >= 3)
    heads = [f"{'一二三四五六'[k]}、工作情况" for k in range(len(paragraphs))]
    lines = _wrap("\n".join(f"{h}\n{p}" for h, p in zip(heads, paragraphs)), chars).split("\n")
    for at, row in rows:
        lines.insert(min(at, len(lines)), row)
    joined = set(document_from_text("\n".join(lines)).meta["rejoined_lines"])
    at_rows = {k for k, line in enumerate(lines, start=1) if line in {r for _, r in rows}}
    assert not joined & (at_rows | {k + 1 for k in at_rows})


# words without 报告: a line with a year that ends on 报告 is a report's title, never joined
_PROSE_TEXT = st.text(alphabet=st.sampled_from(list("政府信息公开工作全年受理申请主动网站平台建设")), min_size=1, max_size=30)
_SPACED_NUMBER = st.tuples(st.integers(0, 99999), st.sampled_from(["年", "月", "件", "条", "次", "%", "个工作日"])).map(
    lambda n: f" {n[0]} {n[1]}")  # as pdftotext sets a number among CJK text: "2023 年 12 月", "共 12 件"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.lists(st.one_of(_PROSE_TEXT, _SPACED_NUMBER), min_size=1, max_size=4).map("".join),
                         min_size=3, max_size=8).map("，".join).map(lambda s: s.strip() + "。"),
                min_size=3, max_size=6),
       st.integers(min_value=18, max_value=40))
def test_wrapped_paragraphs_with_spaced_numbers_rejoin(paragraphs, chars):
    """Paragraphs whose numbers are set apart by spaces (``截至 2023 年 12 月底``), wrapped at
    any page width, read back as written (spaces aside, as a wrap may take one): such lines
    are prose, not table rows, and still make the width."""
    from ogi_nlp.zh.chars import display_width

    assume(sum(display_width(p) > 2 * chars for p in paragraphs) >= 3)  # fewer wrapped lines is chance
    heads = [f"{'一二三四五六'[k]}、工作情况" for k in range(len(paragraphs))]
    text = "\n".join(f"{h}\n{p}" for h, p in zip(heads, paragraphs))
    doc = document_from_text(_wrap(text, chars))
    assert [re.sub(r"\s", "", b.text) for b in doc.blocks] == [re.sub(r"\s", "", x)
                                                              for pair in zip(heads, paragraphs) for x in pair]


def test_heading_run_into_its_paragraph_becomes_a_heading():
    """A real copy (dev page 0119) prints ``一、总体情况 2020年，在县委…`` on one line: the
    title is a heading of its own and the overview section starts there."""
    from ogi_nlp import read_report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = read_report(FIXTURES / "run_together.txt")
    assert report.sections["key"].tolist() == ["preamble", "overview"]
    sentences = report.sentences()
    heading = sentences[sentences["text"] == "一、总体情况"]
    assert heading["is_heading"].tolist() == [True] and heading["section"].tolist() == ["overview"]
    assert sentences["text"].iloc[heading.index[0] + 1].startswith("2020年,在县委、县政府的正确领导下")
    assert report.document.meta["split_lines"] == [3]


_TITLES = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
           "存在的主要问题及改进情况", "其他需要报告的事项"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_CJK_TEXT, min_size=1, max_size=4).map("，".join).map(lambda s: s + "。"),
                min_size=2, max_size=6))
def test_report_run_into_one_line_splits_at_its_part_titles(paragraphs):
    """A report whose parts a copy ran into one line, ``一、总体情况 …。 二、主动公开…``, reads
    with each part title as a heading of its own and every paragraph as it was."""
    heads = [f"{'一二三四五六'[k]}、{_TITLES[k]}" for k in range(len(paragraphs))]
    line = " ".join(f"{h} {p}" for h, p in zip(heads, paragraphs))
    doc = document_from_text("现将本年度报告如下: " + line)
    assert [b.text for b in doc.blocks] == ["现将本年度报告如下:"] + [x for pair in zip(heads, paragraphs) for x in pair]


def test_table_rows_and_listed_clauses_are_not_split():
    from ogi_nlp.read.reflow import split_run_together
    from ogi_nlp.document import Block

    row = Block("paragraph", "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||")
    done = Block("paragraph", "（一）强化组织领导。我镇始终把政府信息公开工作作为一项重要工作来抓。")
    assert split_run_together([row, done]) == ([row, done], [])


@given(st.one_of(
    st.text(alphabet=" \t\u3000\xa0\x1c\u2028*-—–－―~～第Pp页共ageof,，/0123456789１x", max_size=16),
    st.from_regex(r"[\s*]*(?:[-—–－―~～]+[\s*]*\d{1,4}[\s*]*[-—–－―~～]+|第\s*\d{1,4}\s*页|[Pp]age\s*\d{1,4})[\s*]*",
                  fullmatch=True),
))
@settings(max_examples=1000, deadline=None)
def test_the_page_number_prefilter_never_refuses_a_page_number(text):
    # _Line tries PAGE_NUMBER only on a text that opens with one of _PAGE_FIRST or a space
    from ogi_nlp.read.text import _PAGE_FIRST, _PAGE_NUMBER

    if text and _PAGE_NUMBER.match(text):
        assert text[0] in _PAGE_FIRST or text[0].isspace()
