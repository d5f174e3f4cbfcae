"""Readers: bytes of a report file -> :class:`~ogi_nlp.document.Document`.

:func:`read_document` dispatches on the file extension, in any case
(``.txt``/``.text``, ``.md``/``.markdown``, ``.html``/``.htm``, ``.docx``,
``.pdf``; ``.TXT`` too), records what it learned in
``Document.meta`` (``source``, ``format``, ``encoding`` or ``pages``,
``script``, ``sha256``, ``warnings``) and converts traditional script to
simplified (``Document.original`` keeps the decoded text).  Every failure is a
:class:`~ogi_nlp.errors.ReadError` naming the file; no third-party exception
leaks out.

Examples
--------
>>> from ogi_nlp.read import document_from_text
>>> doc = document_from_text("二、主动公开政府信息情况\\n\\t规章\\n\\t0\\n\\t0\\n\\t1")
>>> [b.kind for b in doc.blocks]
['paragraph', 'table']
"""
from __future__ import annotations

import codecs
import hashlib
import os
import stat
import warnings
from pathlib import Path
from typing import Any, Callable

from ..document import Document
from ..errors import ReadError, ReadWarning, ReportError, UnsupportedFormatError
from . import limits
from .decode import decode_bytes
from .text import document_from_text, flattened_rows

__all__ = ["read_document", "document_from_text", "decode_bytes", "flattened_rows", "FORMATS"]

FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",  # markdown (e.g. a PDF converted to markdown): pipe tables are grids
    ".markdown": "txt",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}


def _reader(fmt: str) -> Callable[..., Document]:
    # Imported lazily: pdfplumber and python-docx are slow to import.
    if fmt == "txt":
        from .txt import read_txt

        return read_txt
    if fmt == "html":
        from .html import read_html

        return read_html
    if fmt == "docx":
        from .docx import read_docx

        return read_docx
    from .pdf import read_pdf

    return read_pdf


def read_document(path: str | Path, *, encoding: str | None = None) -> Document:
    """Read a report file into a document.

    Parameters
    ----------
    path : str or Path
        A ``.txt``/``.text``, ``.md``/``.markdown``, ``.html``/``.htm``, ``.docx``
        or ``.pdf`` file (the suffix in any case).
    encoding : str, optional
        For text and HTML files: decode with this encoding instead of
        detecting it.  Ignored for DOCX and PDF.

    Returns
    -------
    Document
        ``name`` is the file name; ``meta`` holds ``source``, ``format``,
        ``sha256``, ``script``, ``warnings`` and ``encoding`` (txt, html) or
        ``pages`` (pdf).

    Raises
    ------
    UnsupportedFormatError
        For an extension the readers do not know.
    DecodeError
        For text that decodes in no supported encoding.
    ReadError
        For a missing, empty, unreadable or corrupt file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "年报.txt"
    >>> _ = p.write_text("一、总体情况\\n全年受理申请5件。", encoding="utf-8")
    >>> doc = read_document(p)
    >>> doc.meta["format"], doc.meta["encoding"], doc.blocks[1].text
    ('txt', 'utf-8', '全年受理申请5件。')
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ValueError(f"unknown encoding {encoding!r}; give a Python codec name such as 'utf-8' or 'gb18030'") from None
    p = Path(path)
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise UnsupportedFormatError(path, f"unsupported file type {p.suffix or '(none)'!r}; expected one of {known}")
    data = _read_bytes(p, path)
    if not data.strip():
        raise ReadError(path, "is empty")
    meta: dict[str, Any] = {"source": str(path), "sha256": hashlib.sha256(data).hexdigest()}
    reader = _reader(fmt)
    try:
        if fmt in ("txt", "html"):
            doc = reader(data, name=p.name, encoding=encoding, meta=meta)
        else:
            doc = reader(data, name=p.name, meta=meta)
    except ReportError:
        raise
    except Exception as exc:  # a third-party parser failed on corrupt input
        raise ReadError(path, f"cannot be read as {fmt}: {type(exc).__name__}: {exc}") from exc
    _check(doc)
    return doc


def _read_bytes(p: Path, path: object) -> bytes:
    """The file's bytes, refusing what is not a regular file or is too large.

    ``stat`` comes first so that a FIFO or a device (``/dev/zero`` behind a link) is
    never opened, and the read is capped so that a file growing under us cannot
    exhaust memory.
    """
    try:
        st = p.stat()
    except FileNotFoundError:
        reason = "is a dangling link (its target does not exist)" if p.is_symlink() else "file not found"
        raise ReadError(path, reason) from None
    except OSError as exc:  # ELOOP for a symlink loop, EACCES, ENAMETOOLONG...
        raise ReadError(path, f"cannot be opened: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError(path, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else
                "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise ReadError(path, f"is {kind}, not a regular file; it is not read")
    if st.st_size > limits.MAX_FILE_BYTES:
        raise ReadError(path, f"is {st.st_size / 2**20:.0f} MiB, above the limit of "
                              f"{limits.MAX_FILE_BYTES / 2**20:.0f} MiB (ogi_nlp.read.limits.MAX_FILE_BYTES)")
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(limits.MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ReadError(path, f"cannot be read: {exc.strerror or exc}") from exc
    if len(data) > limits.MAX_FILE_BYTES:
        raise ReadError(path, f"grew past the limit of {limits.MAX_FILE_BYTES / 2**20:.0f} MiB while being read")
    return data


def _check(doc: Document) -> None:
    kinds = {b.kind for b in doc.blocks}
    if not any(b.text.strip() for b in doc.blocks if b.kind != "image"):
        _warn(doc, "no text found (a scanned document needs OCR first)")
    elif "image" in kinds and "table" not in kinds:
        n = sum(b.kind == "image" for b in doc.blocks)
        _warn(doc, f"{n} image placeholder(s) and no table: the tables may have been published as images")


def _warn(doc: Document, message: str) -> None:
    doc.warn(message)
    warnings.warn(f"{doc.name}: {message}", ReadWarning, stacklevel=4)
