"""Plain-text files: decode the bytes, then read the text into blocks.

Examples
--------
>>> import tempfile, pathlib
>>> from ogi_nlp.read.txt import read_txt
>>> p = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
>>> _ = p.write_bytes("一、总体情况\\r\\n全年受理申请5件。".encode("gb18030"))
>>> doc = read_txt(p.read_bytes(), name="r.txt")
>>> doc.meta["encoding"], [b.text for b in doc.blocks]
('gb18030', ['一、总体情况', '全年受理申请5件。'])
"""
from __future__ import annotations

import warnings
from typing import Any

from ..document import Document
from ..errors import ReadWarning
from .decode import cap_text, decode_bytes, decode_with
from .text import document_from_text

__all__ = ["read_txt"]


def read_txt(
    data: bytes,
    *,
    name: str = "<bytes>",
    encoding: str | None = None,
    meta: dict[str, Any] | None = None,
) -> Document:
    """Read the bytes of a text file into a :class:`~ogi_nlp.document.Document`.

    Parameters
    ----------
    data : bytes
        The whole file.
    name : str, optional
        Document name, also used in error messages.
    encoding : str, optional
        Decode with this encoding (strictly) instead of detecting it.
    meta : dict, optional
        Extra metadata to record.

    Raises
    ------
    DecodeError
        When the bytes are not text in a supported (or the given) encoding.
    """
    notes: list[str] = []
    if encoding is None:
        text, used = decode_bytes(data, path=name, notes=notes)
    else:
        text, used = decode_with(data, encoding, path=name), encoding
    text = cap_text(text, notes)
    info: dict[str, Any] = {"format": "txt", "encoding": used}
    info.update(meta or {})
    doc = document_from_text(text, name, meta=info)
    for note in notes:
        doc.warn(note)
        warnings.warn(f"{name}: {note}", ReadWarning, stacklevel=2)
    return doc
