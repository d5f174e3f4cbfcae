"""Limits that make every input finish in bounded time and memory.

Government sites serve damaged and hostile files alongside good ones, and a batch
must never stall or exhaust the machine on one of them.  Each limit below is checked
where the input enters, *before* any allocation whose size the input chooses.  Past a
limit a file is either refused with a :class:`~ogi_nlp.errors.ReadError` naming the
limit, or read up to the limit with a :class:`~ogi_nlp.errors.ReadWarning` (the
document's warnings say what was left out).  Real reports sit far below every limit:
the largest bundled PDF is 0.3 MB and 9 pages, the largest table 40 rows by 9 columns.

Change a limit here and nowhere else; the readers import these names.

================================  ===========  ============================================
limit                             value        past it
================================  ===========  ============================================
``MAX_FILE_BYTES``                256 MiB      refused (the file is not read into memory)
``MAX_TEXT_CHARS``                20 million   text read up to the limit, with a warning
``MAX_HTML_DEPTH``                200          deeper containers flattened, with a warning
``MAX_SPAN``                      1,000        a row/col span is cut to the limit
``MAX_TABLE_COLUMNS``             256          cells past it dropped, with a warning
``MAX_TABLE_CELLS``               1 million    later rows of the table dropped, with a warning
``MAX_DOCX_PART_BYTES``           64 MiB       refused (uncompressed size of document.xml)
``MAX_DOCX_TOTAL_BYTES``          512 MiB      refused (uncompressed size of the package)
``MAX_PDF_PAGES``                 2,000        pages read up to the limit, with a warning
================================  ===========  ============================================

Examples
--------
>>> from ogi_nlp.read import limits
>>> limits.MAX_SPAN
1000
"""
from __future__ import annotations

__all__ = [
    "MAX_FILE_BYTES", "MAX_TEXT_CHARS", "MAX_HTML_DEPTH", "MAX_SPAN", "MAX_TABLE_COLUMNS",
    "MAX_TABLE_CELLS", "MAX_DOCX_PART_BYTES", "MAX_DOCX_TOTAL_BYTES", "MAX_PDF_PAGES",
]

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_TEXT_CHARS = 20_000_000
MAX_HTML_DEPTH = 200
MAX_SPAN = 1000
MAX_TABLE_COLUMNS = 256
MAX_TABLE_CELLS = 1_000_000
MAX_DOCX_PART_BYTES = 64 * 1024 * 1024
MAX_DOCX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_PDF_PAGES = 2000
