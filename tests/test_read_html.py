"""Tests for ogi_nlp.read.html on pages built from seed report text."""
from __future__ import annotations

from pathlib import Path

import pytest

from ogi_nlp.errors import ReadWarning
from ogi_nlp.read import read_document
from ogi_nlp.read.html import decode_html, read_html

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
SEED_001 = CORPORA / "001_dfbf40df936f33b0.txt"


def _seed_lines() -> list[str]:
    lines = [ln.strip("\u3000 \t") for ln in SEED_001.read_text(encoding="utf-8").splitlines()]
    return [ln for ln in lines if ln]


REQUEST_TABLE = """
<table border="1">
 <tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，<br>等于第三项加第四项之和）</td>
     <td colspan="7">申请人情况</td></tr>
 <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
 <tr><td>商业<br>企业</td><td>科研<br>机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
 <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>12</td><td>5</td><td>0</td><td>0</td><td>0</td><td>0</td><td>17</td></tr>
 <tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>3</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>5</td></tr>
 <tr><td colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td><td>1</td><td>0</td><td>0</td><td>0</td><td>&nbsp;</td><td>0</td><td>1</td></tr>
</table>
"""


def _page(charset: str = "gb2312") -> str:
    lines = _seed_lines()
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{lines[0]}</title><script>var x = "不是正文";</script><style>p {{ color: red }}</style></head>
<body><nav><a href="/">首页</a> | <a href="/zwgk">政务公开</a></nav>
<h1>{lines[0]}{lines[1]}</h1>
<p>&nbsp;&nbsp;{lines[2]}</p>
<h3>{lines[3]}</h3>
<div>{lines[4]}<br/>{lines[5]}</div>
<p>朱镕基同志曾强调政务公开。</p>
<p><img src="/upload/2023/01/1.jpg" alt="表1"></p>
<p>三、收到和处理政府信息公开申请情况</p>
{REQUEST_TABLE}
<ul><li>一是需进一步丰富并完善政策文件的解读形式；</li><li>二是需进一步优化专栏。</li></ul>
</body></html>"""


@pytest.fixture(scope="module")
def gb_doc(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_bytes(_page("gb2312").encode("gbk"))  # 镕 is in GBK, not in GB2312
    return read_document(path)


def test_gb2312_page_with_gbk_only_character(gb_doc):
    assert gb_doc.meta["encoding"] == "gb18030"
    assert "朱镕基同志曾强调政务公开。" in [b.text for b in gb_doc.blocks]
    assert gb_doc.meta["warnings"] == []
    assert gb_doc.meta["title"] == "北京市知识产权局2022年政府信息公开"


def test_blocks_in_order(gb_doc):
    lines = _seed_lines()
    kinds_texts = [(b.kind, b.text) for b in gb_doc.blocks]
    assert kinds_texts[:6] == [
        ("heading", lines[0] + lines[1]),
        ("paragraph", lines[2]),
        ("heading", lines[3]),
        ("paragraph", lines[4]),
        ("paragraph", lines[5]),
        ("paragraph", "朱镕基同志曾强调政务公开。"),
    ]
    assert kinds_texts[6] == ("image", "1.jpg")
    assert [k for k, _ in kinds_texts[7:]] == ["paragraph", "table", "paragraph", "paragraph"]
    assert "不是正文" not in gb_doc.text and "首页" not in gb_doc.text and "color" not in gb_doc.text
    for b in gb_doc.blocks:
        assert gb_doc.text[b.start : b.end] == b.text


def test_rowspan_colspan_expanded_once(gb_doc):
    rows = gb_doc.tables()[0].rows
    assert len(rows) == 6 and {len(r) for r in rows} == {10}
    assert rows[0] == ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None, None,
                       "申请人情况", None, None, None, None, None, None)
    assert rows[1] == (None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计")
    assert rows[2] == (None, None, None, None, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", None)
    assert rows[3] == ("一、本年新收政府信息公开申请数量", None, None, "12", "5", "0", "0", "0", "0", "17")
    assert rows[4][:4] == ("三、本年度办理结果", "（一）予以公开", None, "3")
    # &nbsp; cell is a printed blank, not zero and not absent
    assert rows[5] == (None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None,
                       "1", "0", "0", "0", "", "0", "1")


def test_declared_charset_mismatch_is_detected_and_warned(tmp_path):
    path = tmp_path / "wrong.htm"
    path.write_bytes(_page("utf-8").encode("gb18030"))
    with pytest.warns(ReadWarning, match="declares charset utf-8"):
        doc = read_document(path)
    assert doc.meta["encoding"] == "gb18030"
    assert "朱镕基同志曾强调政务公开。" in doc.text
    assert any("declares charset" in w for w in doc.meta["warnings"])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_undeclared_page_is_detected(encoding):
    page = _page("").replace('<meta http-equiv="Content-Type" content="text/html; charset=">', "")
    doc = read_html(page.encode(encoding))
    assert "朱镕基同志曾强调政务公开。" in doc.text
    assert doc.tables()[0].rows[3][3] == "12"


def test_layout_table_is_read_as_narrative():
    lines = _seed_lines()
    page = f"""<html><body><table><tr><td>导航</td><td>
    <p>{lines[4]}</p><p>{lines[6]}</p>
    <table><tr><td>规章</td><td>0</td><td>0</td><td>1</td></tr></table>
    </td></tr></table></body></html>"""
    doc = read_html(page.encode("utf-8"))
    kinds = [b.kind for b in doc.blocks]
    assert kinds.count("table") == 1
    assert doc.tables()[0].rows == (("规章", "0", "0", "1"),)
    assert lines[4] in [b.text for b in doc.blocks if b.kind == "paragraph"]


def test_traditional_html():
    page = "<html><body><p>本機關全年收到政府資訊公開申請12件。</p><table><tr><td>總計</td><td>12</td></tr></table></body></html>"
    doc = read_html(page.encode("big5"))
    assert doc.meta["script"] == "traditional"
    assert doc.blocks[0].text == "本机关全年收到政府资讯公开申请12件。"
    assert doc.tables()[0].rows == (("总计", "12"),)


def test_decode_html_xml_declaration():
    page = '<?xml version="1.0" encoding="gbk"?><html><body><p>年报</p></body></html>'.encode("gbk")
    text, enc, notes = decode_html(page)
    assert enc == "gb18030" and notes == []
    assert read_html(page).blocks[0].text == "年报"


def test_comment_only_page_is_empty_with_warning(tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"<!-- nothing here -->")
    with pytest.warns(ReadWarning, match="no text"):
        doc = read_document(path)
    assert doc.blocks == []


@pytest.mark.parametrize("seed", ["000_0bd4f94ff1c1a797.txt", "001_dfbf40df936f33b0.txt"])
def test_table_pasted_one_cell_per_paragraph_is_a_table(seed):
    """A page whose table lost its grid (each cell a <p>) gives the values of the txt copy."""
    import html
    import warnings

    from ogi_nlp.read import decode_bytes
    from ogi_nlp.tables import parse_tables

    path = CORPORA / seed
    lines = [ln.strip() for ln in decode_bytes(path.read_bytes())[0].splitlines() if ln.strip()]
    page = "<html><body>" + "".join(f"<p>{html.escape(ln)}</p>" for ln in lines) + "</body></html>"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = read_html(page.encode("utf-8"), name="page.html")
        got = parse_tables(doc).values
        want = parse_tables(read_document(path)).values
    assert {b.layout for b in doc.tables()} == {"flattened"}

    def cells(frame):
        ok = frame[frame["value"].notna()]
        return sorted(zip(ok["row_label"].str.replace(r"\s", "", regex=True), ok["value"].astype(float)))

    assert len(cells(want)) > 30
    assert cells(got) == cells(want)
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text


def test_short_numbered_paragraphs_stay_narrative():
    page = ("<html><body><h2>一、总体情况</h2><p>全年发布信息。</p><p>2021</p><p>2022</p>"
            "<p>第一季度</p><p>3</p><p>第二季度</p></body></html>")
    doc = read_html(page.encode("utf-8"))
    assert not doc.tables()
