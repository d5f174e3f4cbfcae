"""Bytes to text: find the encoding of a report file and decode it strictly.

Chinese reports come as UTF-8 (with or without BOM), UTF-16, GB18030/GBK/GB2312
and, from Hong Kong, Macao and Taiwan sources, Big5.  :func:`decode_bytes`
tries, in order: a byte-order mark, strict UTF-8, UTF-16 without BOM (NUL
byte pattern), then the Chinese legacy encodings (GB18030, Big5), choosing between
readings that both decode by how many of their characters are frequent ones
(statistical detectors such as charset-normalizer are unreliable on short
files).  Every
decode is strict, and decoded text full of control characters is refused, so
bytes that are not text raise :class:`~ogi_nlp.errors.DecodeError` instead of
producing mojibake.

Examples
--------
>>> from ogi_nlp.read.decode import decode_bytes
>>> decode_bytes("全年受理申请5件。".encode("gb18030"))
('全年受理申请5件。', 'gb18030')
>>> decode_bytes("\\ufeff一、总体情况\\r\\n".encode("utf-8"))
('一、总体情况\\n', 'utf-8-sig')
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache
from itertools import islice
from typing import Any

from ..errors import DecodeError
from .limits import MAX_TEXT_CHARS

__all__ = ["decode_bytes", "decode_with", "normalize_newlines", "plausibility", "cap_text"]

# GB18030 is a superset of GBK and GB2312: decoding with it never loses a
# character that a "gb2312" label would have dropped.
# Each family's codecs in order of preference: the first that decodes strictly
# stands for the family (cp950 and Big5-HKSCS extend Big5 for Taiwan and Hong Kong).
_LEGACY = (("gb18030",), ("big5", "cp950", "big5hkscs"))
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TWO_BYTE = re.compile(r"[\u0080-\u07ff]")
# Share of control characters above which a decode is taken to be garbage.
_MAX_CONTROL_SHARE = 0.002


def _level1() -> frozenset[str]:
    """The frequent (level-1) characters of GB2312 and of Big5, about 9,000 in all."""
    chars: set[str] = set()
    # one decode per lead byte, of all its two-byte codes end to end: the characters of one decode per
    # code (tested), in less than half the time
    for lead in range(0xB0, 0xD8):
        chars.update(bytes(b for trail in range(0xA1, 0xFF) for b in (lead, trail)).decode("gb2312", errors="ignore"))
    big5_trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    for lead in range(0xA4, 0xC7):
        chars.update(bytes(b for trail in big5_trails for b in (lead, trail)).decode("big5", errors="ignore"))
    return frozenset(c for c in chars if _CJK.match(c))


# A reading whose CJK characters are less often frequent ones than this is doubtful:
# real report text scores above 0.95, wrong-codec readings around 0.3.
DOUBTFUL_BELOW = 0.8


# plausibility() counts with a table of the class of every code point of the Basic Multilingual
# Plane: 0 not scored (ASCII, and the spaces of regex "\s"), 1 scored, 2 scored and good (a level-1
# character or CJK punctuation).  Every good character and every space is in the plane; a code
# point beyond it is scored and not good, as U+FFFF (which it is read as) is.  Made on first use;
# two regex substitutions per text did the counting before (four times as long).
_PUNCT_RANGES = ((0x3000, 0x303F), (0xFF00, 0xFFEF), (0x2010, 0x2027), (0x2030, 0x206F), (0x00B7, 0x00B7))


@lru_cache(maxsize=1)
def _code_classes() -> Any:
    """The class of each code point up to U+FFFF (a NumPy array), made once."""
    import numpy as np

    table = np.ones(0x10000, dtype=np.uint8)
    level1 = _level1()
    table[np.fromiter(map(ord, level1), dtype=np.int64, count=len(level1))] = 2
    for lo, hi in _PUNCT_RANGES:
        table[lo:hi + 1] = 2
    table[:0x80] = 0
    # the spaces (str.isspace, which is regex "\s" on str): one scan of every code point as a string
    plane = np.arange(0x80, 0x10000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
    table[[0x80 + m.start() for m in re.finditer(r"\s", plane)]] = 0
    return table


def plausibility(text: str) -> float:
    """How much ``text`` looks like real Chinese: share of frequent characters.

    The share, among the non-ASCII characters that are not spaces, of level-1 CJK
    characters (the frequent ones of GB2312 and Big5) and CJK punctuation.  Text read
    with the wrong codec is made of rare characters, private-use code points and
    symbols, and scores far lower.  Text without non-ASCII characters scores 1.

    Examples
    --------
    >>> plausibility("全年受理政府信息公开申请5件。")
    1.0
    >>> wrong = "全年受理政府信息公开申请5件。".encode("utf-8").decode("gb18030", "replace")
    >>> plausibility(wrong) < 0.8
    True
    """
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    counts = np.bincount(_code_classes()[np.minimum(codes, 0xFFFF)], minlength=3)
    scored = int(counts[1]) + int(counts[2])  # the non-ASCII characters that are not spaces
    good = int(counts[2])
    return good / scored if scored else 1.0


def normalize_newlines(text: str) -> str:
    r"""Turn CRLF, CR and Unicode line separators into ``\n``.

    Examples
    --------
    >>> normalize_newlines("一、总体情况\r\n二、主动公开\r")
    '一、总体情况\n二、主动公开\n'
    """
    if "\r" not in text and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return text  # nothing to turn (the usual case, and a text read twice): four fast scans, no regex
    return _NEWLINES.sub("\n", text)


def _plausible(text: str) -> bool:
    if "\x00" in text:
        return False
    n_control = len(_CONTROL.findall(text))
    return n_control <= _MAX_CONTROL_SHARE * max(len(text), 1)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding, errors="strict")
    except (UnicodeDecodeError, LookupError):
        return None


def _gb_lookalike(text: str, data: bytes) -> str | None:
    """GB18030 bytes that also happen to be valid UTF-8 ("一" is D2 BB, "һ" in UTF-8).

    Chinese UTF-8 has three-byte CJK characters; text whose non-ASCII part is
    only two-byte letters (Cyrillic, Hebrew...) while the GB18030 reading is
    all CJK is taken as GB18030.
    """
    if _CJK.search(text) or len(_TWO_BYTE.findall(text)) < 4:
        return None
    gb = _strict(data, "gb18030")
    if gb is None or not _plausible(gb):
        return None
    non_ascii = [c for c in gb if ord(c) > 0x7F]
    n_cjk = sum(1 for c in non_ascii if _CJK.match(c) or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return gb if non_ascii and n_cjk >= 0.9 * len(non_ascii) else None


def _gb_more_plausible(text: str, data: bytes) -> str | None:
    """GBK bytes that are also valid UTF-8: keep the reading that is real Chinese.

    Short GBK texts can be valid UTF-8 by chance (each pair of GBK bytes forming a
    UTF-8 sequence); the UTF-8 reading is then rare characters and symbols.
    """
    if text.isascii():
        return None
    gb = _strict(data, "gb18030")
    if gb is None or not _plausible(gb):
        return None
    return gb if plausibility(gb) >= plausibility(text) + 0.3 else None


def _has_cjk(text: str, n: int) -> bool:
    """Whether ``text`` holds at least ``n`` CJK characters (``len(_CJK.findall(text)) >= n``, stopping at n)."""
    return n <= 0 or next(islice(_CJK.finditer(text), n - 1, None), None) is not None


def _checked(text: str, encoding: str, notes: list[str] | None) -> str:
    if notes is not None and _has_cjk(text, 20):
        score = plausibility(text)
        if score < DOUBTFUL_BELOW:
            notes.append(f"decoded as {encoding}, but only {score:.0%} of its Chinese characters are common "
                         "ones: the encoding may be wrong; pass encoding= if you know it")
    return normalize_newlines(text)


def _looks_like_broken_utf8(data: bytes) -> bool:
    """Mostly valid UTF-8 with a few bad bytes (e.g. a file cut mid-character).

    Such bytes would often decode "successfully" as GB18030 mojibake, so they
    must be refused rather than handed to the legacy codecs.
    """
    text = data.decode("utf-8", errors="replace")
    n_bad = text.count("\ufffd")
    n_cjk = len(_CJK.findall(text))
    return n_cjk >= 4 and n_cjk >= 10 * n_bad


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even_nul = data[0::2].count(0)
    odd_nul = data[1::2].count(0)
    half = len(data) // 2
    # ASCII-heavy UTF-16 has NULs in one byte lane; CJK-heavy UTF-16 has none,
    # so also accept a clean decode that is mostly CJK.
    for enc, lane_nul in (("utf-16-le", odd_nul), ("utf-16-be", even_nul)):
        text = _strict(data, enc)
        if text is None or not _plausible(text):
            continue
        if lane_nul > 0.2 * half or len(_CJK.findall(text)) > 0.5 * len(text):
            if data.count(0) > 0:
                return text
    return None


def _common_share(text: str, encoding: str, lead_lo: int, lead_hi: int) -> float:
    """Share of CJK characters that are among the level-1 (frequent) characters of ``encoding``."""
    cjk = _CJK.findall(text)
    if not cjk:
        return 0.0
    common = 0
    for ch in cjk:
        try:
            b = ch.encode(encoding)
        except UnicodeEncodeError:
            continue
        common += len(b) == 2 and lead_lo <= b[0] <= lead_hi
    return common / len(cjk)


def _choose(decoded: dict[str, str]) -> str:
    """Pick between strict decodes: the reading made of frequent characters wins.

    Big5 bytes also decode as (rare) GB18030 characters and vice versa; the
    right reading is the one whose characters are mostly level-1 characters
    (GB2312 rows B0-D7, Big5 rows A4-C6).  Ties go to GB18030.
    """
    if len(decoded) == 1:
        return next(iter(decoded))
    big5_name = next(enc for enc in decoded if enc != "gb18030")
    gb = _common_share(decoded["gb18030"], "gb2312", 0xB0, 0xD7)
    big5 = _common_share(decoded[big5_name], "big5", 0xA4, 0xC6)
    return big5_name if big5 > gb else "gb18030"


def decode_bytes(data: bytes, *, path: object = "<bytes>", notes: list[str] | None = None) -> tuple[str, str]:
    """Decode the bytes of a text file, with newlines normalised to ``\\n``.

    Parameters
    ----------
    data : bytes
        The whole file (detection is unreliable on fragments).
    path : str, optional
        Named in the error message.
    notes : list of str, optional
        Receives a note when the decoding is doubtful (its Chinese is mostly rare
        characters) or NUL bytes were removed; the readers turn notes into warnings.

    Returns
    -------
    text : str
        The decoded text, without a byte-order mark.
    encoding : str
        The codec used: ``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``,
        ``"utf-16-le"``, ``"utf-16-be"``, ``"utf-32"``, ``"gb18030"``
        (also for GBK and GB2312 files), ``"big5"``, ``"cp950"`` or
        ``"big5hkscs"``.

    Raises
    ------
    DecodeError
        When no supported encoding decodes the bytes strictly into text.

    Examples
    --------
    >>> decode_bytes("政府信息公开".encode("utf-16"))
    ('政府信息公开', 'utf-16')
    >>> decode_bytes("政府信息公开工作年度报告".encode("utf-8")[:-1])  # cut mid-character
    Traceback (most recent call last):
    ...
    ogi_nlp.errors.DecodeError: <bytes>: ...
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode_bytes expects bytes, got {type(data).__name__}")
    data = bytes(data)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _strict(data, enc)
            if text is None:
                raise DecodeError(path, f"starts with a {enc} byte-order mark but is not valid {enc}")
            return normalize_newlines(text.lstrip("\ufeff")), enc
    text = _strict(data, "utf-8")
    if text is not None and _plausible(text):
        gb = _gb_lookalike(text, data) or _gb_more_plausible(text, data)
        if gb is not None:
            return _checked(gb, "gb18030", notes), "gb18030"
        return _checked(text, "utf-8", notes), "utf-8"
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        enc = "utf-16-le" if _strict(data, "utf-16-le") == utf16 else "utf-16-be"
        return _checked(utf16, enc, notes), enc
    if text is not None and "\x00" in text:
        stripped = text.replace("\x00", "")
        n_nul = len(text) - len(stripped)
        if n_nul <= 0.01 * len(text) and _plausible(stripped):
            if notes is not None:
                notes.append(f"{n_nul} NUL byte(s) removed from otherwise valid UTF-8 text")
            return _checked(stripped, "utf-8", notes), "utf-8"
        raise DecodeError(path, f"is valid UTF-8 but {n_nul} of its {len(text)} characters are NUL bytes: "
                                "binary data, not a text file")
    if text is None and _looks_like_broken_utf8(data):
        raise DecodeError(
            path,
            "mostly UTF-8 but with invalid byte sequences (truncated or corrupted file); "
            "re-export it or pass encoding= explicitly",
        )
    decoded = {}
    for family in _LEGACY:
        for enc in family:
            candidate = _strict(data, enc)
            if candidate is not None and _plausible(candidate):
                decoded[enc] = candidate
                break
    if not decoded:
        raise DecodeError(
            path,
            "does not decode as UTF-8, UTF-16, GB18030/GBK or Big5; "
            "pass encoding= if you know the file's encoding",
        )
    enc = _choose(decoded)
    return _checked(decoded[enc], enc, notes), enc


def decode_with(data: bytes, encoding: str, *, path: object = "<bytes>") -> str:
    """Decode with a caller-given encoding, strictly.

    Examples
    --------
    >>> decode_with("年报".encode("gbk"), "gb2312")
    '年报'
    """
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None
    # Labels of the GB family decode as GB18030, their common superset.
    if codec in ("gb2312", "gbk"):
        codec = "gb18030"
    text = _strict(data, codec)
    if text is None:
        raise DecodeError(path, f"is not valid {encoding}")
    return normalize_newlines(text.lstrip("\ufeff"))


def cap_text(text: str, notes: list[str]) -> str:
    """Cut text longer than :data:`~ogi_nlp.read.limits.MAX_TEXT_CHARS`, with a note.

    Examples
    --------
    >>> notes = []
    >>> cap_text("年报", notes), notes
    ('年报', [])
    """
    if len(text) <= MAX_TEXT_CHARS:
        return text
    notes.append(f"text of {len(text):,} characters read up to the limit of {MAX_TEXT_CHARS:,} "
                 "(ogi_nlp.read.limits.MAX_TEXT_CHARS); the rest is left out")
    return text[:MAX_TEXT_CHARS]
