"""Hostile and broken inputs to the readers: each finishes fast, within bounded memory,
with a document and a warning or with a ReadError naming the file and the reason.

Every case here failed before the limits of :mod:`ogi_nlp.read.limits` existed: the
worker ran out of memory, blocked forever, or returned garbage with status ok.
"""
from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogi_nlp.errors import DecodeError, ReadError
from ogi_nlp.read import limits, read_document
from ogi_nlp.read.decode import decode_bytes, plausibility
from ogi_nlp.read.docx import read_docx
from ogi_nlp.read.html import read_html
from ogi_nlp.read.txt import read_txt

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
SEED_001 = CORPORA / "001_dfbf40df936f33b0.txt"
# Real report text: the opening lines of a bundled seed.
REAL = "\n".join(SEED_001.read_text(encoding="utf-8").splitlines()[:12])
SENTENCE = "全年共受理政府信息公开申请20件，均按期答复。"


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def _bounded(code: str, *, seconds: float = 30, memory_mb: int = 1500) -> subprocess.CompletedProcess:
    """Run ``code`` in a child limited in memory; the limit is what a worker would have."""
    prelude = (f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({memory_mb << 20}, {memory_mb << 20}))\n"
               "import warnings; warnings.simplefilter('ignore')\n")
    return subprocess.run([sys.executable, "-c", prelude + code], capture_output=True, text=True,
                          timeout=seconds, cwd=Path(__file__).resolve().parents[1])


# -- files that are not files ------------------------------------------------------------

def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "年报.txt"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(ReadError, match="FIFO"):
        read_document(fifo)
    assert time.monotonic() - start < 2


def test_link_to_dev_zero_is_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(ReadError, match="device"):
        read_document(link)


def test_symlink_loop_and_dangling_link(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(ReadError, match="cannot be opened") as info:
        read_document(a)
    assert "a.txt" in str(info.value)
    gone = tmp_path / "gone.txt"
    gone.symlink_to(tmp_path / "missing.txt")
    with pytest.raises(ReadError, match="dangling"):
        read_document(gone)


def test_file_above_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_text(REAL * 50, encoding="utf-8")
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ReadError, match="MAX_FILE_BYTES"):
        read_document(path)


def test_text_past_the_character_limit_is_read_up_to_it(monkeypatch):
    monkeypatch.setattr("ogi_nlp.read.decode.MAX_TEXT_CHARS", 40)
    doc = _quiet(read_txt, (SENTENCE * 10).encode("utf-8"), name="long.txt")
    assert sum(len(b.text) for b in doc.blocks) <= 40
    assert any("MAX_TEXT_CHARS" in w for w in doc.meta["warnings"])


# -- decoding ----------------------------------------------------------------------------

def test_declared_charset_is_checked_against_the_bytes():
    page = f'<html><head><meta charset="utf-16"></head><body><p>{SENTENCE}</p></body></html>'
    doc = _quiet(read_html, page.encode("utf-8"), name="p.html")
    assert doc.meta["encoding"] == "utf-8"
    assert [b.text for b in doc.blocks] == [SENTENCE]
    assert any("declares charset utf-16" in w for w in doc.meta["warnings"])


@pytest.mark.parametrize("text", ["一为", "一要", "一时", "一一"])
def test_short_gbk_text_that_is_also_valid_utf8(text):
    data = text.encode("gbk")
    data.decode("utf-8")  # the trap: these bytes are valid UTF-8 too
    assert decode_bytes(data) == (text, "gb18030")


def test_doubtful_decoding_warns():
    # Report text read with the wrong codec: valid, but made of rare characters.
    garbage = REAL.encode("utf-8").decode("utf-16-le", errors="ignore").encode("utf-8")
    notes: list[str] = []
    decode_bytes(garbage, notes=notes)
    assert any("encoding may be wrong" in n for n in notes)
    assert plausibility(REAL) > 0.95


def test_nul_bytes_get_a_true_reason():
    with pytest.raises(DecodeError, match="NUL bytes"):
        decode_bytes(f"{SENTENCE}\x00\x00\x00".encode("utf-8"))
    notes: list[str] = []
    text, enc = decode_bytes((REAL * 3 + "\x00").encode("utf-8"), notes=notes)
    assert enc == "utf-8" and "\x00" not in text and "NUL" in notes[0]


# -- HTML ----------------------------------------------------------------------------------

def test_html_nested_past_the_parser_depth_keeps_all_text():
    page = "<html><body>" + "<div>" * 300 + f"<p>{SENTENCE}</p>" + "</div>" * 300 + "<p>后面的段落。</p></body></html>"
    doc = _quiet(read_html, page.encode("utf-8"), name="deep.html")
    assert [b.text for b in doc.blocks] == [SENTENCE, "后面的段落。"]
    assert any("MAX_HTML_DEPTH" in w for w in doc.meta["warnings"])


def test_html_spans_of_10_to_the_8_stay_bounded():
    cells = "".join('<td rowspan="100000000" colspan="100000000">1</td>' for _ in range(30))
    code = ("from ogi_nlp.read.html import read_html\n"
            f"doc = read_html({('<table><tr>' + cells + '</tr><tr><td>2</td></tr></table>').encode()!r}, name='s.html')\n"
            "print(len(doc.tables()[0].rows), len(doc.tables()[0].rows[0]), doc.meta['warnings'][0][:40])")
    start = time.monotonic()
    run = _bounded(code)
    assert run.returncode == 0, run.stderr[-500:]
    rows, width, warning = run.stdout.split(maxsplit=2)
    assert (int(rows), int(width)) == (2, limits.MAX_TABLE_COLUMNS)
    assert "span" in warning
    assert time.monotonic() - start < 20


# -- DOCX ----------------------------------------------------------------------------------

def _docx_with(xml_edit) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(SENTENCE)
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "规章", "3"
    buf = io.BytesIO()
    d.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = xml_edit(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def test_docx_grid_span_of_two_billion_is_cut():
    data = _docx_with(lambda x: x.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="2000000000"/>', 1))
    code = ("from ogi_nlp.read.docx import read_docx\n"
            f"doc = read_docx({data!r}, name='g.docx')\n"
            "print(doc.blocks[0].text, max(len(r) for r in doc.tables()[0].rows))")
    run = _bounded(code)
    assert run.returncode == 0, run.stderr[-500:]
    text, width = run.stdout.split()
    assert text == SENTENCE and int(width) <= limits.MAX_TABLE_COLUMNS


def test_docx_zip_bomb_is_refused_before_unpacking(monkeypatch):
    # 5 MB of empty paragraphs packs to a few KB; with the limit at 1 MB it must be refused
    # from the zip directory alone.
    data = _docx_with(lambda x: x.replace("<w:sectPr", "<w:p/>" * 900_000 + "<w:sectPr", 1))
    assert len(data) < 100_000
    monkeypatch.setattr(limits, "MAX_DOCX_PART_BYTES", 1 << 20)
    with pytest.raises(ReadError, match="unpacks to"):
        read_docx(data, name="bomb.docx")


# -- fuzzed bytes: every reader returns a document or raises ReadError -----------------------

FUZZ = settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow])


def _mutate(base: bytes, edits: list[tuple[int, int]]) -> bytes:
    data = bytearray(base)
    for pos, value in edits:
        if data:
            data[pos % len(data)] = value
    return bytes(data)


EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=30)
HTML_BASE = f"<html><head><meta charset='gbk'></head><body><h2>一、总体情况</h2><p>{SENTENCE}</p><table><tr><td rowspan='2'>规章</td><td>3</td></tr></table></body></html>".encode("gbk")
DOCX_BASE = _docx_with(lambda x: x)


@FUZZ
@given(st.binary(max_size=2000))
def test_fuzz_txt_bytes(data):
    try:
        _quiet(read_txt, data, name="f.txt")
    except ReadError:
        pass


@FUZZ
@given(EDITS)
def test_fuzz_html_bytes(edits):
    try:
        _quiet(read_html, _mutate(HTML_BASE, edits), name="f.html")
    except ReadError:
        pass


@FUZZ
@given(EDITS)
def test_fuzz_docx_bytes(edits):
    try:
        _quiet(read_docx, _mutate(DOCX_BASE, edits), name="f.docx")
    except ReadError:
        pass


def test_a_real_report_is_untouched_by_the_limits():
    doc = _quiet(read_document, SEED_001)
    assert not [w for w in doc.meta["warnings"] if "limit" in w]
