"""Characters and widths: whitespace, full-width digits, CJK.

Examples
--------
>>> from ogi_nlp.zh.chars import WHITESPACE_RE, fullwidth_digits_to_ascii, is_cjk
>>> WHITESPACE_RE.sub("", "一、\\u3000总体 情况"), fullwidth_digits_to_ascii("受理１２件，共１，０５６．５％")
('一、总体情况', '受理12件,共1,056.5%')
>>> is_cjk("政"), is_cjk("A")
(True, False)
"""
from __future__ import annotations

import re

__all__ = [
    "SPACE", "WHITESPACE", "WHITESPACE_RE", "LINE_BREAKS", "CJK", "CJK_CLASS", "DIGIT", "FULLWIDTH_DIGITS",
    "ASCII_TO_FULLWIDTH_DIGITS", "fullwidth_digits_to_ascii", "is_cjk", "display_width",
]

#: Horizontal spaces printed between words in reports: ASCII space and tab,
#: the ideographic space U+3000 and the no-break space.  Use it in character
#: classes (``rf"[{SPACE}]"``).
SPACE = " \t\u3000\xa0"

#: Every character that is blank in a report but not a line break: :data:`SPACE`,
#: the zero-width space and BOM, en, em and thin spaces.  ``str.strip(WHITESPACE)``.
WHITESPACE = SPACE + "\u200b\ufeff\u2002\u2003\u2009"

#: ``str.splitlines()`` boundaries.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"

#: A run of whitespace of any width (Python's ``\s`` already takes U+3000 and the
#: no-break space; they are named for the reader).
WHITESPACE_RE = re.compile(r"[\s\u3000\xa0]+")

#: The CJK unified ideographs (basic block), as a character class body.
CJK_CLASS = "\u4e00-\u9fff"
#: One CJK unified ideograph (basic block).
CJK = re.compile(rf"[{CJK_CLASS}]")

#: A decimal digit of either width, as a character class body (``rf"[{DIGIT}]"``).
DIGIT = "0-9０-９"

#: Full-width digits and number separators, one character each, to ASCII.
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９，．％", "0123456789,.%")


def fullwidth_digits_to_ascii(text: str) -> str:
    """Full-width digits, comma, full stop and percent sign to ASCII, same length.

    The length is kept so that spans found in the result are spans of ``text``.

    >>> fullwidth_digits_to_ascii("２０２２年")
    '2022年'
    """
    return text.translate(FULLWIDTH_DIGITS)


def is_cjk(ch: str) -> bool:
    """True for one CJK unified ideograph (basic block).

    >>> is_cjk("年"), is_cjk("１")
    (True, False)
    """
    return bool(CJK.fullmatch(ch))


#: ASCII digits to full-width ones (Word's ``decimalFullWidth`` list numbers).
ASCII_TO_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


# Characters a page sets two columns wide: Hangul Jamo, CJK radicals to CJK symbols and
# punctuation, kana to CJK compatibility, CJK ideographs (with extension A), Yi, Hangul
# syllables, compatibility ideographs, vertical and small forms, full-width forms, and the
# ideographs of planes 2 and 3 (Unicode's East Asian Width W and F, as terminals use it).
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


_WIDE_RUN = re.compile(_WIDE.pattern + "+")


def display_width(text: str) -> int:
    """The width of a line as a page sets it: two for a full-width character, else one.

    Examples
    --------
    >>> display_width("受理申请 12 件，")
    16
    """
    return len(text) + sum(map(len, _WIDE_RUN.findall(text)))  # counted by runs: fewer matches than characters
