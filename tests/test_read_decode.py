"""Tests for ogi_nlp.read.decode and the encoding path of read_document."""
from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ogi_nlp.errors import DecodeError, ReadError
from ogi_nlp.read import read_document
from ogi_nlp.read.decode import decode_bytes, decode_with

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
SEEDS = sorted(CORPORA.glob("0*.txt"))


@pytest.fixture(scope="module")
def seed_text() -> str:
    return (CORPORA / "001_dfbf40df936f33b0.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "encode, expected",
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: t.encode("gb18030"), "gb18030"),
        (lambda t: t.encode("gbk"), "gb18030"),
        (lambda t: t.replace("\n", "\r\n").encode("gb18030"), "gb18030"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (lambda t: t.encode("utf-16-be"), "utf-16-be"),
        (lambda t: t.encode("utf-32"), "utf-32"),
    ],
)
def test_seed_copies_decode_to_same_text(tmp_path, seed_text, encode, expected):
    path = tmp_path / "copy.txt"
    path.write_bytes(encode(seed_text))
    doc = read_document(path)
    assert doc.meta["encoding"] == expected
    want = read_document(CORPORA / "001_dfbf40df936f33b0.txt")
    assert doc.text == want.text
    assert [b.kind for b in doc.blocks] == [b.kind for b in want.blocks]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_every_seed_round_trips_through_gb18030(seed):
    text = seed.read_text(encoding="utf-8")
    assert decode_bytes(text.encode("gb18030")) == (text.replace("\r\n", "\n"), "gb18030")


def test_big5_traditional_text_is_detected():
    text = "本機關收到和處理政府資訊公開申請情況，全年共受理申請十二件，均已依法答覆。" * 3
    decoded, enc = decode_bytes(text.encode("big5"))
    assert (decoded, enc) == (text, "big5")


def test_big5_hkscs_text_is_not_read_as_gb18030():
    # 㗎 and 嘅 (Cantonese) are HKSCS characters: not in plain Big5
    text = "本署全年共收到資料索取申請一百二十宗，其中九成已全部提供資料㗎嘅。" * 3
    decoded, enc = decode_bytes(text.encode("big5hkscs"))
    assert (decoded, enc) == (text, "big5hkscs")


@pytest.mark.parametrize(
    "data",
    [
        os.urandom(0) + bytes(range(256)) * 8,  # every byte value, control characters included
        b"\x00\x01\x02\x03\xff\xfe\xfd" * 50,
        "北京市知识产权局".encode("utf-8")[:-1],  # cut mid-character
        "2022年我局门户网站共发布信息978篇".encode("utf-8")[:-2],
        "一、总体情况".encode("utf-8") + b"\xff" + "二、主动公开政府信息情况".encode("utf-8"),
    ],
)
def test_undecodable_bytes_raise(data):
    with pytest.raises(DecodeError):
        decode_bytes(data)


def test_random_bytes_never_decode_to_mojibake():
    import random

    rng = random.Random(0)
    for _ in range(50):
        data = bytes(rng.randrange(256) for _ in range(400))
        with pytest.raises(DecodeError):
            decode_bytes(data)


def test_decode_error_names_the_file(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(DecodeError, match="bad.txt"):
        read_document(path)


def test_explicit_encoding(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes("行政复议 0 件；行政诉讼 1 件。喆".encode("gbk"))
    doc = read_document(path, encoding="gb2312")  # GBK-only character under a gb2312 label
    assert doc.text.endswith("喆")
    assert doc.meta["encoding"] == "gb2312"
    with pytest.raises(ValueError, match="unknown encoding"):
        read_document(path, encoding="no-such-codec")
    with pytest.raises(DecodeError):
        decode_with("年报".encode("utf-8"), "big5")


@pytest.mark.parametrize("name", ["missing.txt", "missing.pdf"])
def test_missing_file(tmp_path, name):
    with pytest.raises(ReadError, match="missing"):
        read_document(tmp_path / name)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ReadError, match="empty.txt: is empty"):
        read_document(path)


# What reports are made of: CJK, ASCII, CJK and full-width punctuation, newlines.
_report_chars = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from("，。、；：？！“”‘’（）《》【】—…·　０１２３４５６７８９％\n\t"),
)
_text = st.text(alphabet=_report_chars, min_size=60, max_size=300)


@settings(max_examples=200, deadline=None)
@given(text=_text, encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_decode_round_trip(text, encoding):
    # Below ~20 CJK characters the encoding is ambiguous (GB18030 bytes can
    # also be valid UTF-8 or Big5); reports are never that short.
    assume(len(re.findall(r"[\u4e00-\u9fa5]", text)) >= 20)
    data = text.encode(encoding)
    decoded, used = decode_bytes(data)
    if encoding == "gb18030" and used == "utf-8":
        # ASCII-only (or otherwise valid UTF-8) bytes: the same text either way
        assert data.decode("utf-8") == decoded
    else:
        assert decoded == text.lstrip("\ufeff")


@pytest.mark.parametrize("text", ["一" * 20, "一二三四五六七", "北京市知识产权局"])
def test_gb18030_bytes_that_are_also_valid_utf8(text):
    # "一" is D2 BB in GB18030, which is also UTF-8 for a Cyrillic letter
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=20, max_size=300))
def test_cjk_gb18030_round_trip(text):
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


def _plausibility_by_regex(text: str) -> float:
    # plausibility() as it was computed with the regex engine (before the table of code points)
    import re

    from ogi_nlp.read.decode import _level1

    points = sorted(map(ord, _level1()))
    parts, i = [], 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        parts.append(re.escape(chr(points[i])) if i == j else f"{re.escape(chr(points[i]))}-{re.escape(chr(points[j]))}")
        i = j + 1
    good = re.compile("[" + "".join(parts) + r"\u3000-\u303f\uff00-\uffef\u2010-\u2027\u2030-\u206f\u00b7]+")
    scored_text = re.sub(r"[\x00-\x7f\s]+", "", text)
    scored = len(scored_text)
    return (scored - len(good.sub("", scored_text))) / scored if scored else 1.0


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF)) | st.text(
    alphabet="全年受理政府信息公開申請件。，、（）“”·\u3000\xa0\u2028\u1680\u202f\x85 \tab1\ue000\U00020000\ud800"))
def test_plausibility_counts_as_the_regex_did(text):
    from ogi_nlp.read.decode import plausibility

    assert plausibility(text) == _plausibility_by_regex(text)


def test_the_code_point_table_knows_every_space():
    from ogi_nlp.read.decode import _code_classes

    table = _code_classes()
    assert not any(chr(c).isspace() for c in range(0x10000, 0x110000))  # the table covers every space
    assert all(table[c] == 0 for c in range(0x10000) if chr(c).isspace() or c < 0x80)
    assert table[ord("全")] == 2 and table[ord("，")] == 2 and table[ord("\ue000")] == 1


def test_level1_characters_are_those_of_one_decode_per_code():
    # _level1 decodes each lead byte's codes end to end (faster); the characters must be those of
    # decoding every two-byte code alone, as it did before
    from ogi_nlp.read.decode import _CJK, _level1

    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            chars.update(bytes((lead, trail)).decode("gb2312", errors="ignore"))
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            chars.update(bytes((lead, trail)).decode("big5", errors="ignore"))
    assert _level1() == frozenset(c for c in chars if _CJK.match(c))
    assert "政" in _level1() and "開" in _level1()
