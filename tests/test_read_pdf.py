"""Tests for ogi_nlp.read.pdf on the three real PDF reports in corpora/."""
from __future__ import annotations

import re
import time
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogi_nlp.document import Document
from ogi_nlp.errors import ReadError, ReadWarning
from ogi_nlp.read import read_document
from ogi_nlp.read.pdf import _continues, _furniture, _is_text_box, _Line, normalize_spaces, read_pdf
from ogi_nlp.sentences import split_sentences

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
HUAIAN = CORPORA / "huaian-municipal-government-2024.pdf"
HONGZE23 = CORPORA / "hongze-district-government-2023.pdf"
HONGZE24 = CORPORA / "hongze-district-government-2024.pdf"
PDFS = [HUAIAN, HONGZE23, HONGZE24]


@pytest.fixture(scope="module")
def docs():
    return {p.name: read_document(p) for p in PDFS}


def _request_table(doc):
    return [t for t in doc.tables() if any("本年新收政府信息公开申请数量" in c for c in t.cells)][0]


@pytest.mark.parametrize("path, pages", [(HUAIAN, 6), (HONGZE23, 5), (HONGZE24, 5)])
def test_meta(docs, path, pages):
    doc = docs[path.name]
    assert doc.meta["pages"] == pages
    assert doc.meta["format"] == "pdf"
    assert doc.meta["script"] == "simplified"
    assert len(doc.meta["sha256"]) == 64
    assert all(b.page is not None and 1 <= b.page <= pages for b in doc.blocks)
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text


@pytest.mark.parametrize(
    "path, sentence",
    [
        # wraps over two lines on page 1
        (HUAIAN, "报告所列统计期限自2024年1月1日至2024年12月31日。"),
        # wraps over five lines
        (HUAIAN, "2024年，全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，"
                 "另有103件顺延到下年度答复），均在法定期限内予以答复。"),
        # runs over the page break between pages 1 and 2, past the page number "- 1 -"
        (HUAIAN, "组织召开了“春节前后服务企业用工和促进返乡人员就业创业专项活动”“建设‘四最’一流营商环境高质量推进产业发展”"),
        (HONGZE23, "2023年全区受理政府信息公开申请21件，均在法定期限答复。"),
    ],
)
def test_wrapped_lines_rejoined(docs, path, sentence):
    doc = docs[path.name]
    assert any(sentence in b.text for b in doc.narrative())


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_no_page_numbers_or_table_text_in_narrative(docs, path):
    doc = docs[path.name]
    for b in doc.narrative():
        assert "- 1 -" not in b.text and "- 2 -" not in b.text
        assert "本年新收政府信息公开申请数量" not in b.text  # table text stays in the table
        assert "2.其他法律行政法规禁止公开" not in b.text


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_headings_stay_their_own_paragraph(docs, path):
    texts = [b.text for b in docs[path.name].narrative()]
    for heading in ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "六、其他需要报告的事项"]:
        assert heading in texts


@pytest.mark.parametrize(
    "path, first_page, row",
    [
        (HUAIAN, 4, ("四、结转下年度继续办理", None, None, "103", "0", "0", "0", "0", "0", "103")),
        (HUAIAN, 4, (None, None, "3.补正后申请内容仍不明确", "1", "0", "0", "0", "0", "0", "1")),
        (HONGZE23, 3, (None, None, "2.没有现成信息需要另行制作", "3", "0", "0", "0", "0", "0", "3")),
        (HONGZE23, 3, ("四、结转下年度继续办理", None, None, "0", "0", "0", "0", "0", "0", "0")),
        (HONGZE24, 3, ("四、结转下年度继续办理", None, None, "0", "0", "0", "0", "0", "0", "0")),
    ],
)
def test_request_table_stitched_across_pages(docs, path, first_page, row):
    table = _request_table(docs[path.name])
    assert table.page == first_page
    assert table.layout == "grid"
    assert row in table.rows
    assert table.rows[3][0] == "一、本年新收政府信息公开申请数量"
    assert len({len(r) for r in table.rows}) == 1


def test_request_table_values_by_geometry(docs):
    rows = {r[1] or r[0]: r for r in _request_table(docs[HUAIAN.name]).rows if r[0] or r[1]}
    assert rows["一、本年新收政府信息公开申请数量"][3:] == ("3001", "53", "0", "0", "61", "4", "3119")
    assert rows["（七）总计"][3:] == ("2932", "53", "0", "0", "61", "4", "3050")
    # wrapped header cells rejoined without the line break
    assert "商业企业" in _request_table(docs[HUAIAN.name]).rows[2]


def test_hongze_label_lost_characters_kept_as_printed(docs):
    # the PDF itself prints "其他法律行政止公开": the reader must not repair it
    assert "2.其他法律行政止公开" in _request_table(docs[HONGZE23.name]).cells


def test_background_fills_are_not_tables(docs):
    for doc in docs.values():
        for t in doc.tables():
            assert len(t.rows[0]) > 1


def test_review_table(docs):
    review = [t for t in docs[HUAIAN.name].tables() if "行政复议" in t.cells][0]
    assert review.rows[-1] == ("72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20")
    assert review.rows[2][5:10] == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("2024 年，全市共受理申请 3119 件", "2024年，全市共受理申请3119件"),
        ("号 ， 邮 编 ： 223100 ， 电 话 ： 0517-87222589", "号，邮编：223100，电话：0517-87222589"),
        ("电子邮箱：hazwgkc@163.com）。", "电子邮箱：hazwgkc@163.com）。"),
        ("Open Government Information 年报", "Open Government Information年报"),
        ("结 果 维持", "结果维持"),
    ],
)
def test_normalize_spaces(raw, clean):
    assert normalize_spaces(raw) == clean


def _ln(text, x0=74.0, x1=519.0, top=100.0, page=1):
    return _Line(page, x0, x1, top, top + 16, text)


@pytest.mark.parametrize(
    "cur, nxt, joined",
    [
        (_ln("本报告由淮安市人民政府办公室根据《中华人民共和国政府", x0=106), _ln("信息公开条例》规定编", x1=300), True),
        (_ln("完成了各项任务。", x1=202), _ln("（一）主动公开情况。", x0=106), False),
        (_ln("一、总体情况", x0=106, x1=202), _ln("2024年，我市坚持", x0=106), False),
        (_ln("严格落实各项规定，圆满"), _ln("二、主动公开政府信息情况"), False),
        (_ln("未审结37件；政府信息公开行政诉讼46件，其中结果维持25"), _ln("件，结果纠正5件。", x1=440), True),
        (_ln("短行", x1=150), _ln("下一行"), False),
        # kinsoku: "件，" moved down together, leaving two characters' room
        (_ln("全年共受理申请3119", x1=490), _ln("件，均依法答复。", x1=200), True),
        (_ln("详见网址：", x1=330), _ln("http://zscqj.beijing.gov.cn/，请登录查询。"), True),
    ],
)
def test_line_rejoin_rule(cur, nxt, joined):
    assert _continues(cur, nxt, 74.0, 519.0, 16.0) is joined


def test_running_header_and_page_numbers_dropped():
    pages, heights = [], []
    for n in range(1, 5):
        pages.append([
            _ln("淮安市人民政府公报 2024年第3期", top=20, page=n),
            _ln("正文第一行", top=300, page=n),
            _ln(f"- {n} -", top=800, page=n),
            _ln(str(n), top=815, page=n),
        ])
        heights.append(842.0)
    pages[0].append(_ln("2024", top=400, page=1))  # a number in the body is not a page number
    dropped = _furniture(pages, heights)
    kept = [ln.text for lines in pages for ln in lines if id(ln) not in dropped]
    assert kept == ["正文第一行", "2024"] + ["正文第一行"] * 3


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n" + b"\x00garbage" * 100, b"not a pdf at all", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"],
)
def test_corrupt_pdf_raises_read_error(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(ReadError, match="broken.pdf"):
        read_document(path)


def test_truncated_real_pdf_raises_or_reads(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(HUAIAN.read_bytes()[:50_000])
    try:
        doc = read_document(path)
    except ReadError as exc:
        assert "cut.pdf" in str(exc)
    else:  # pdfminer may recover some pages; then no invented text
        assert doc.meta["pages"] <= 6


def test_speed():
    start = time.perf_counter()
    n_pages = sum(read_document(p).meta["pages"] for p in PDFS)
    rate = n_pages / (time.perf_counter() - start)
    assert rate > 2, f"{rate:.1f} pages/s"


def test_scanned_pdf_gives_image_block_and_warning(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from ogi_nlp.errors import ReadWarning

    fig = plt.figure(figsize=(8.27, 11.69))  # an A4 page that is only a picture
    ax = fig.add_axes([0.05, 0.05, 0.9, 0.9])
    ax.imshow(np.random.RandomState(0).rand(50, 40))
    ax.axis("off")
    path = tmp_path / "scan.pdf"
    fig.savefig(path)
    plt.close(fig)
    with pytest.warns(ReadWarning, match="OCR"):
        doc = read_document(path)
    assert [(b.kind, b.page) for b in doc.blocks] == [("image", 1)]
    assert doc.meta["pages"] == 1


@pytest.mark.parametrize(
    "rows, is_box",
    [
        ([["本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》规定编制。报告所列统计期限自2024年1月1日至2024年12月31日。"]], True),
        ([["第二十条第（一）项"], ["规章"]], False),
        ([["信息内容", "本年处理决定数量"], ["行政许可", "447228"]], False),
    ],
)
def test_boxed_prose_is_not_a_table(rows, is_box):
    assert _is_text_box(rows) is is_box


# --- a report laid out by LibreOffice (tests/fixtures/read/make_seed_pdf.py) ---------------

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "read"


@pytest.fixture(scope="module")
def office():
    return read_document(FIXTURES / "seed001.pdf"), read_document(FIXTURES / "seed001.docx")


def test_office_pdf_table_equals_its_docx_source(office):
    pdf, docx = office
    assert pdf.meta["pages"] >= 4
    (table,) = pdf.tables()
    assert table.rows == docx.tables()[0].rows  # rows cut by page breaks are whole again
    assert ("二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0") in table.rows
    assert table.page == 2


def test_office_pdf_narrative_equals_its_docx_source(office):
    pdf, docx = office
    assert [b.text for b in pdf.narrative()] == [b.text for b in docx.narrative()]
    # the running header and the "第 N 页" footers are gone
    assert "北京市知识产权局政府信息公开工作年度报告" not in pdf.text
    assert "页" not in "".join(b.text[-2:] for b in pdf.narrative())


def test_office_pdf_url_wrap_rejoined(office):
    pdf, _ = office
    assert "网址为：http://zscqj.beijing.gov.cn/，如需了解更多政府信息，请登录查询。" in pdf.text


def test_merged_label_cut_by_page_break(docs):
    table = _request_table(docs[HUAIAN.name])
    assert (None, "（四）无法提供", "1.本机关不掌握相关政府信息", "746", "12", "0", "0", "10", "1", "769") in table.rows
    assert (None, None, "2.没有现成信息需要另行制作", "11", "0", "0", "0", "0", "0", "11") in table.rows
    assert "法提供" not in table.cells


# --- the PDFium fast path against the pdfplumber reference ---------------------------------

ALL_PDFS = [*PDFS, FIXTURES / "seed001.pdf"]


def _blocks(doc):
    return [(b.kind, b.text, b.page, b.rows) for b in doc.blocks]


@pytest.mark.parametrize("path", ALL_PDFS, ids=lambda p: p.stem)
def test_fast_engine_equals_pdfplumber_reference(path):
    data = path.read_bytes()
    fast = read_pdf(data, name=path.name)
    ref = read_pdf(data, name=path.name, engine="pdfplumber")
    assert [b.text for b in fast.narrative()] == [b.text for b in ref.narrative()]
    assert [t.rows for t in fast.tables()] == [t.rows for t in ref.tables()]
    sentences = [s for b in fast.narrative() for s in split_sentences(b.text)]
    assert len(sentences) > 10
    assert sentences == [s for b in ref.narrative() for s in split_sentences(b.text)]
    assert fast.text == ref.text
    assert _blocks(fast) == _blocks(ref)
    assert fast.meta["pdf_notes"] == ref.meta["pdf_notes"]
    assert fast.tables(), "every bundled PDF has a table"


def test_fast_engine_is_the_default_and_never_falls_back_on_upright_pages(monkeypatch):
    # the speed (benchmarks/bench_pdf.py) rests on this: every slow-path read opens the file
    # with pdfplumber, which the default engine does only for rotated pages
    import ogi_nlp.read.pdf as pdf_module

    class SlowPath(Exception):
        pass

    def plumber_open(data, name):
        opened.append(name)
        raise SlowPath

    opened = []
    monkeypatch.setattr(pdf_module, "_plumber_open", plumber_open)
    pages = sum(read_pdf(p.read_bytes(), name=p.name).meta["pages"] for p in ALL_PDFS)
    assert pages == 22 and opened == []
    with pytest.raises(ReadError, match="SlowPath"):  # the reference engine does go through it
        read_pdf(ALL_PDFS[0].read_bytes(), name=ALL_PDFS[0].name, engine="pdfplumber")
    assert opened == [ALL_PDFS[0].name]


def test_unknown_engine():
    with pytest.raises(ValueError, match="pdfium"):
        read_pdf(HONGZE24.read_bytes(), engine="mupdf")


def _minimal_pdf(objects, trailer_extra=b""):
    """A PDF file from object bodies (object 1 the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _one_page(content, extra_objects=()):
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra_objects,
    ]


def test_rotated_text_is_read_by_the_reference_path():
    # a line set upright and one turned a quarter: the page goes to pdfplumber
    content = b"BT /F1 12 Tf 72 720 Td (Annual report) Tj ET BT /F1 12 Tf 0 1 -1 0 300 400 Tm (Side note) Tj ET"
    data = _minimal_pdf(_one_page(content))
    fast, ref = read_pdf(data), read_pdf(data, engine="pdfplumber")
    assert "Annual report" in fast.text
    assert _blocks(fast) == _blocks(ref)


def test_rotated_page_is_read_by_the_reference_path():
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(HONGZE24.read_bytes())
    pdf[1].set_rotation(90)
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    data = buf.getvalue()
    fast, ref = read_pdf(data, name="rotated.pdf"), read_pdf(data, name="rotated.pdf", engine="pdfplumber")
    assert _blocks(fast) == _blocks(ref)
    assert fast.tables() and fast.meta["pages"] == 5


# --- damaged and hostile PDFs --------------------------------------------------------------


def _seed_with_broken_xref():
    data = (FIXTURES / "seed001.pdf").read_bytes()
    at = data.rfind(b"\nxref\n") + 1
    # every object offset in the table points somewhere else
    table = re.sub(
        rb"(\d{10}) (\d{5}) n",
        lambda m: b"%010d %s n" % ((int(m.group(1)) * 7 + 13) % len(data), m.group(2)),
        data[at:],
    )
    assert table != data[at:]
    return data[:at] + table


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_broken_xref_is_recovered_with_a_warning_or_refused(engine):
    good = read_pdf((FIXTURES / "seed001.pdf").read_bytes())
    data = _seed_with_broken_xref()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            doc = read_pdf(data, name="broken-xref.pdf", engine=engine)
        except ReadError as exc:  # never "ok, scanned, needs OCR" with the text gone
            assert engine == "pdfplumber", "PDFium rebuilds this table"
            assert "broken-xref.pdf" in str(exc) and "damaged" in str(exc)
            return
    assert doc.text == good.text
    assert any("cross-reference" in w for w in doc.meta["warnings"])
    assert any(issubclass(w.category, ReadWarning) and "cross-reference table is damaged" in str(w.message) for w in caught)


def test_broken_xref_recovered_by_default(tmp_path):
    path = tmp_path / "broken-xref.pdf"
    path.write_bytes(_seed_with_broken_xref())
    with pytest.warns(ReadWarning, match="cross-reference"):
        doc = read_document(path)
    assert "网址为：http://zscqj.beijing.gov.cn/" in doc.text
    assert not any("OCR" in w for w in doc.meta["warnings"])
    (table,) = doc.tables()
    assert ("二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0") in table.rows


def test_wrong_startxref_is_recovered():
    data = HONGZE24.read_bytes()
    at = data.rfind(b"startxref")
    damaged = data[:at] + b"startxref\n1000\n%%EOF\n"
    with pytest.warns(ReadWarning, match="cross-reference"):
        doc = read_pdf(damaged, name="startxref.pdf")
    assert doc.text == read_pdf(data).text


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_encrypted_pdf_asks_for_a_password(engine):
    # the Standard security handler with a user password: the empty password does not open it
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> >>"
    file_id = b"<0123456789abcdef0123456789abcdef>"
    data = _minimal_pdf(
        _one_page(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET", [encrypt]),
        b"/Encrypt 6 0 R /ID [" + file_id + b" " + file_id + b"] ",
    )
    with pytest.raises(ReadError, match=r"locked\.pdf: is encrypted and needs a password"):
        read_pdf(data, name="locked.pdf", engine=engine)


def test_truncated_pdf_is_said_to_be_truncated(tmp_path):
    path = tmp_path / "half.pdf"
    path.write_bytes(HONGZE24.read_bytes()[: HONGZE24.stat().st_size // 2])
    with pytest.raises(ReadError, match=r"half\.pdf: is damaged: it looks truncated"):
        read_document(path)


def test_pages_past_the_limit_are_not_read(monkeypatch):
    import ogi_nlp.read.pdf as pdf_module

    monkeypatch.setattr(pdf_module, "MAX_PDF_PAGES", 2)
    with pytest.warns(ReadWarning, match="has 5 pages; only the first 2"):
        doc = read_pdf(HONGZE24.read_bytes(), name="long.pdf")
    assert doc.meta["pages"] == 5
    assert {b.page for b in doc.blocks} == {1, 2}


def test_page_limit_on_a_real_long_file():
    import io

    import pypdfium2 as pdfium

    from ogi_nlp.read.pdf import MAX_PDF_PAGES

    pdf = pdfium.PdfDocument.new()
    for _ in range(MAX_PDF_PAGES + 1):
        pdf.new_page(200, 200)
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    start = time.perf_counter()
    with pytest.warns(ReadWarning, match=f"only the first {MAX_PDF_PAGES}"):
        doc = read_pdf(buf.getvalue(), name="blank.pdf")
    assert doc.meta["pages"] == MAX_PDF_PAGES + 1
    assert time.perf_counter() - start < 30


# a report with an xref stream and object streams, and one with a classic xref table
_BASES = [HONGZE24.read_bytes(), (FIXTURES / "seed001.pdf").read_bytes()]


@st.composite
def _mutated_pdf(draw):
    data = bytearray(draw(st.sampled_from(_BASES)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "insert", "digits"]))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 5000))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:  # offsets, lengths and counts are digits: rewrite a run of them
            data[at : at + 6] = str(draw(st.integers(0, 10**6))).encode()
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_mutated_pdf())
def test_mutated_pdf_reads_or_raises_read_error(data):
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = read_pdf(data, name="fuzz.pdf")
    except ReadError as exc:
        assert "fuzz.pdf" in str(exc)
    else:
        assert isinstance(doc, Document)
        assert all(b.page is None or 1 <= b.page <= doc.meta["pages"] for b in doc.blocks)
    assert time.perf_counter() - start < 5


@st.composite
def _rulings(draw):
    """Random horizontal and vertical rulings on a coarse grid, some broken or missing."""
    xs = sorted(draw(st.sets(st.integers(0, 12), min_size=2, max_size=8)))
    ys = sorted(draw(st.sets(st.integers(0, 12), min_size=2, max_size=8)))
    edges = []
    for y in ys:
        a, b = sorted(draw(st.lists(st.sampled_from(xs), min_size=2, max_size=2, unique=True)))
        edges.append({"x0": a * 20.0, "x1": b * 20.0, "top": y * 15.0, "bottom": y * 15.0, "width": (b - a) * 20.0,
                      "height": 0.0, "orientation": "h", "object_type": "line"})
    for x in xs:
        a, b = sorted(draw(st.lists(st.sampled_from(ys), min_size=2, max_size=2, unique=True)))
        edges.append({"x0": x * 20.0, "x1": x * 20.0, "top": a * 15.0, "bottom": b * 15.0, "width": 0.0,
                      "height": (b - a) * 15.0, "orientation": "v", "object_type": "line"})
    return edges


@settings(max_examples=200, deadline=None)
@given(_rulings())
def test_cell_search_equals_pdfplumber(edges):
    from pdfplumber.table import edges_to_intersections, intersections_to_cells

    from ogi_nlp.read.pdf import _cells

    intersections = edges_to_intersections(edges, 3, 3)
    assert _cells(intersections) == intersections_to_cells(intersections)


@pytest.mark.parametrize("path", ALL_PDFS, ids=lambda p: p.stem)
def test_cell_search_equals_pdfplumber_on_bundled_pages(path):
    import pypdfium2 as pdfium
    from pdfplumber.table import TableFinder, intersections_to_cells

    from ogi_nlp.read.pdf import _cells, _EdgeSource, _pdfium_page

    pdf = pdfium.PdfDocument(path.read_bytes())
    for index in range(len(pdf)):
        pg = _pdfium_page(pdf, index)
        finder = TableFinder(_EdgeSource(pg.edges, pg.width, pg.height))
        assert _cells(finder.intersections) == intersections_to_cells(finder.intersections) == finder.cells


def test_characters_past_the_page_limit_are_not_read(monkeypatch):
    import ogi_nlp.read.pdf as pdf_module

    full = read_pdf(HONGZE24.read_bytes())
    monkeypatch.setattr(pdf_module, "MAX_PDF_PAGE_CHARS", 100)
    with pytest.warns(ReadWarning) as record:
        doc = read_pdf(HONGZE24.read_bytes(), name="dense.pdf")
    assert re.search(r"page 1 has \d+ characters; only the first 100", str(record[0].message))
    assert len(record) == 5  # one for each page
    assert 0 < len(doc.text) < len(full.text)


def _grid_page(n_lines, dash=None):
    """A page ruled with ``n_lines`` horizontal and vertical lines (optionally dashed as separate segments)."""
    ops = []
    for k in range(n_lines):
        pos = 20 + k * 780 / n_lines
        if dash is None:
            ops.append(b"20 %.2f m 570 %.2f l S %.2f 20 m %.2f 800 l S" % (pos, pos, pos * 0.7, pos * 0.7))
        else:
            for start in range(20, 560, 2 * dash):
                ops.append(b"%d %.2f m %d %.2f l S %.2f %d m %.2f %d l S" % (
                    start, pos, start + dash, pos, pos * 0.7, start, pos * 0.7, start + dash))
    return _minimal_pdf(_one_page(b"0.1 w " + b"\n".join(ops) + b" BT /F1 12 Tf 72 810 Td (Grid) Tj ET"))


def test_too_many_rulings_skip_the_table_search_quickly():
    data = _grid_page(100, dash=4)  # 100 dashed lines each way: ~13,000 separate rulings
    start = time.perf_counter()
    with pytest.warns(ReadWarning, match="MAX_PDF_PAGE_RULINGS"):
        doc = read_pdf(data, name="dashes.pdf")
    assert time.perf_counter() - start < 10
    assert "Grid" in doc.text and not doc.tables()


def test_too_many_crossings_skip_the_table_search_quickly():
    data = _grid_page(110)  # 110 x 110 full lines: 12,100 crossings
    start = time.perf_counter()
    with pytest.warns(ReadWarning, match="MAX_PDF_PAGE_CROSSINGS"):
        doc = read_pdf(data, name="grid.pdf")
    assert time.perf_counter() - start < 10
    assert "Grid" in doc.text


def test_a_damaged_page_is_skipped_with_a_warning():
    data = (FIXTURES / "seed001.pdf").read_bytes()
    damaged = data.replace(b"/Kids[ 1 0 R 4 0 R", b"/Kids[ 1 0 R 99 0 R", 1)  # page 2 points nowhere
    assert damaged != data
    with pytest.warns(ReadWarning, match="page 2 is damaged and was skipped"):
        doc = read_pdf(damaged, name="page-gone.pdf")
    assert doc.meta["pages"] == 6
    assert 2 not in {b.page for b in doc.blocks}
    good = read_pdf(data)
    kept, whole = [b.text for b in doc.blocks if b.page == 1], [b.text for b in good.blocks if b.page == 1]
    assert kept[:-1] == whole[:-1]
    assert whole[-1].startswith(kept[-1])  # the paragraph that ran on to page 2 stops at its end


def test_threads_share_pdfium_safely():
    # PDFium is not thread-safe: read_pdf serialises it, so threads (a Dask worker's) give the same documents
    from concurrent.futures import ThreadPoolExecutor

    datas = [p.read_bytes() for p in ALL_PDFS] * 3
    alone = [_blocks(read_pdf(d)) for d in datas[:4]] * 3
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = [_blocks(doc) for doc in pool.map(read_pdf, datas)]
    assert together == alone


def test_media_box_inherited_from_the_page_tree():
    # the page's /MediaBox sits on its /Pages parent: heights and tops must come from it
    content = b"BT /F1 12 Tf 72 800 Td (Top line of the page) Tj ET BT /F1 12 Tf 72 30 Td (- 1 -) Tj ET"
    objects = _one_page(content)
    objects[1] = b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>"
    objects[2] = objects[2].replace(b"/MediaBox [0 0 595 842] ", b"")
    data = _minimal_pdf(objects)
    fast, ref = read_pdf(data), read_pdf(data, engine="pdfplumber")
    assert _blocks(fast) == _blocks(ref)
    assert "Top line of the page" in fast.text and "- 1 -" not in fast.text
    _assert_same_characters(data, descent_shift=True)


def _assert_same_characters(data, descent_shift=False):
    """PDFium's characters carry pdfminer's boxes (left, top, bottom, size; the right edge can reach
    further where a glyph's ink is wider than its advance).

    With ``descent_shift``: a font whose descriptor says ``/Ascent 0 /Descent 0`` (LibreOffice's
    Type 1 fonts) sits on its baseline for pdfminer, and on the font's own descent for PDFium; a
    standard font without a descriptor (Helvetica) takes its descent from each library's own
    metrics: the boxes move by the difference, the same for every character of the font.
    """
    import io

    import pdfplumber
    import pypdfium2 as pdfium

    from ogi_nlp.read.pdf import _pdfium_page

    pdf = pdfium.PdfDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        for index, page in enumerate(plumber.pages):
            pg = _pdfium_page(pdf, index)
            assert (pg.width, pg.height) == (page.width, page.height)
            assert [c.text for c in pg.chars] == [c["text"] for c in page.chars]
            shifts = set()
            for c, ref in zip(pg.chars, page.chars):
                assert abs(c.x0 - ref["x0"]) < 0.01 and abs(c.size - ref["size"]) < 0.01
                assert -0.01 < c.x1 - ref["x1"] < 0.5
                shift = c.top - ref["top"]
                assert abs(c.bottom - ref["bottom"] - shift) < 0.01
                if descent_shift:
                    assert abs(shift) < 0.1 * c.size
                    shifts.add((c.font, round(shift, 2)))
                else:
                    assert abs(shift) < 0.01
            assert len(shifts) == len({font for font, _ in shifts})  # one shift per font


@pytest.mark.parametrize("path", ALL_PDFS, ids=lambda p: p.stem)
def test_pdfium_characters_have_pdfminer_boxes(path):
    _assert_same_characters(path.read_bytes(), descent_shift=path.parent == FIXTURES)


def test_cell_search_stops_at_its_budget(monkeypatch):
    import ogi_nlp.read.pdf as pdf_module

    monkeypatch.setattr(pdf_module, "_CELL_SEARCH_STEPS", 50)
    with pytest.warns(ReadWarning, match="search for table cells .* was stopped"):
        doc = read_pdf(HONGZE24.read_bytes(), name="slow.pdf")
    assert not doc.tables()  # no table rather than a partial one
