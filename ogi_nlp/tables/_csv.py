"""CSV text of an Arrow table as pandas writes it, computed in Arrow (no Python row loop).

A build writes every output frame as CSV the way
``plain_numbers(table.to_pandas()).to_csv(index=False)`` does: text as it
is, quoted where Python's ``csv`` module quotes it (which characters call
for quotes is asked of pandas itself once per process, so it follows the
Python version); whole numbers as integers, other numbers as Python prints
them; flags as ``True``/``False``; missing values empty.  :func:`csv_body`
gives those bytes from the Arrow columns, or ``None`` where a column is of a
type it does not format (then the caller asks pandas).

Examples
--------
>>> import pyarrow as pa
>>> csv_body(pa.table({"t": ["a,b", None], "n": [1.0, 2.5], "f": [True, False]}))
b'"a,b",1,True\\n,2.5,False\\n'
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["csv_body", "csv_buffer", "csv_header"]


@lru_cache(maxsize=1)
def _quoted_characters() -> str | None:
    """The ASCII characters that make pandas' ``to_csv`` quote a text field (``None``: no simple rule).

    Python 3.11's ``csv`` quotes a field holding the delimiter, the quote
    character or a line-terminator character; later versions may add others.
    """
    import os

    import pandas as pd

    if os.linesep != "\n":  # pandas ends lines with os.linesep
        return None
    probes = [f"a{chr(i)}b" for i in range(1, 128)]
    written = pd.DataFrame({"p": probes, "q": "x"}).to_csv(index=False)
    for extra in ("", "\r"):
        special = ',"\n' + extra
        expected = "p,q\n" + "".join(
            (_quote(p) if any(c in special for c in p) else p) + ",x\n" for p in probes)
        if written == expected:
            return special
    return None


_CLASS_ESCAPES = {"\n": "\\n", "\r": "\\r", "\\": "\\\\", "]": "\\]", "^": "\\^", "-": "\\-", "[": "\\["}


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def csv_header(names: list[str]) -> bytes | None:
    """The header line pandas writes for these column names (UTF-8), or ``None``.

    Examples
    --------
    >>> csv_header(["report", "a,b"])
    b'report,"a,b"\\n'
    """
    special = _quoted_characters()
    if special is None or len(names) < 2 or not all(isinstance(n, str) for n in names):
        return None
    return (",".join(_quote(n) if any(c in special for c in n) else n for n in names) + "\n").encode("utf-8")


def _float_text(values: Any) -> Any:
    """``plain_numbers`` as text: whole numbers as ints, others as Python's ``repr``, NaN empty."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(values)
    nan = np.isnan(values)
    whole = np.isfinite(values) & (values == np.trunc(values))
    small = whole & (np.abs(values) < 2.0**53)
    digits = pa.array(np.where(small, values, 0).astype(np.int64)).cast(pa.large_string())
    # Arrow prints the same shortest digits as Python's repr, in fixed notation where Python
    # does too (1e-4 <= |v| < 1e16) unless it chose an exponent: those are kept, the rest asked of Python
    shortest = pa.array(values).cast(pa.large_string())
    size = np.abs(values)
    fixed = ~whole & (size >= 1e-4) & (size < 1e16)
    fixed &= ~np.asarray(pc.match_substring(shortest, "e").to_numpy(zero_copy_only=False), dtype=bool)
    small |= fixed
    digits = pc.if_else(pa.array(fixed), shortest, digits)
    rest = np.flatnonzero(~small & ~nan)
    other: Any = pa.nulls(n, pa.large_string())
    if len(rest):  # Python's text of those values only, then placed (no list of every row)
        texts = [str(int(v)) if w else repr(v) for v, w in zip(values[rest].tolist(), whole[rest].tolist())]
        where = np.zeros(n, dtype=np.int64)
        where[rest] = np.arange(len(rest))
        placed = np.zeros(n, dtype=bool)
        placed[rest] = True
        other = pc.take(pa.array(texts, pa.large_string()), pa.array(where, mask=~placed))
    return pc.fill_null(pc.if_else(pa.array(small), digits, other), "")


def _column_text(column: Any, special: str, extension: bool) -> Any:
    """One column's fields as pandas writes them (large_string, never null), or ``None``.

    ``extension``: pandas reads the column as a nullable extension type
    (``Int64``...): integers stay exact with missing values, where a NumPy
    integer column with missing values becomes float64 (and prints as one).
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    t = column.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        text = pc.fill_null(column.cast(pa.large_string()), "")
        pattern = "[" + "".join(_CLASS_ESCAPES.get(c, c) for c in special) + "]"
        mask = pc.match_substring_regex(text, pattern)
        if pc.any(mask).as_py():
            mark, empty = pa.scalar('"', pa.large_string()), pa.scalar("", pa.large_string())
            quoted = pc.binary_join_element_wise(mark, pc.replace_substring(text, '"', '""'), mark, empty)
            text = pc.if_else(mask, quoted, text)
        return text
    if pa.types.is_integer(t):
        if pa.types.is_uint64(t):
            return None
        if column.null_count and not extension:
            values = column.cast(pa.float64(), safe=False).to_numpy(zero_copy_only=False)
            return _float_text(np.asarray(values, dtype="float64"))
        return pc.fill_null(column.cast(pa.large_string()), "")
    if pa.types.is_floating(t):
        values = column.cast(pa.float64(), safe=False).to_numpy(zero_copy_only=False)
        return _float_text(np.asarray(values, dtype="float64"))
    if pa.types.is_boolean(t):
        return pc.fill_null(pc.if_else(column, "True", "False").cast(pa.large_string()), "")
    if pa.types.is_null(t):
        return pa.array([""] * len(column), pa.large_string())
    return None


def csv_body(table: Any) -> bytes | None:
    """The CSV rows (no header) pandas writes for ``plain_numbers(table.to_pandas())``, or ``None``.

    ``None`` when a column is not text, an integer, a float, a flag or all
    missing, when the table has fewer than two columns (a row of one empty
    field is written ``""``) or its pandas metadata renames columns.
    """
    body = csv_buffer(table)
    return None if body is None else body.to_pybytes()


def csv_buffer(table: Any) -> Any | None:
    """:func:`csv_body` as the Arrow buffer that holds it (no copy: a file writes it as it is).

    Examples
    --------
    >>> import pyarrow as pa
    >>> bytes(csv_buffer(pa.table({"t": ["x", "y"], "n": [1, None]})))
    b'x,1\\ny,\\n'
    """
    import json

    import pyarrow as pa
    import pyarrow.compute as pc

    special = _quoted_characters()
    if special is None or table.num_columns < 2:
        return None
    meta = (table.schema.metadata or {}).get(b"pandas")
    if meta is not None:
        info = json.loads(meta)
        if info.get("index_columns") or [c.get("name") for c in info.get("columns", [])] != table.column_names:
            return None
    if not table.num_rows:
        return pa.py_buffer(b"")
    import pandas as pd

    from .export import _empty_frame

    dtypes = _empty_frame(table.schema).dtypes.tolist()  # the dtypes pandas reads (before missing values)
    if len(dtypes) != table.num_columns:
        return None
    columns = []
    for column, dtype in zip(table.columns, dtypes):
        extension = isinstance(dtype, pd.api.extensions.ExtensionDtype)
        text = _column_text(column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column, special,
                            extension)
        if text is None:
            return None
        columns.append(text)
    # the line ends joined to the last field (no field is null), then the fields: one pass over the rows
    columns[-1] = pc.binary_join_element_wise(columns[-1], pa.scalar("\n", pa.large_string()),
                                              pa.scalar("", pa.large_string()))
    rows = pc.binary_join_element_wise(*columns, pa.scalar(",", pa.large_string()))
    if isinstance(rows, pa.ChunkedArray):
        rows = rows.combine_chunks()
    import numpy as np

    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64, count=len(rows) + 1, offset=rows.offset * 8)
    return rows.buffers()[2].slice(int(offsets[0]), int(offsets[-1] - offsets[0]))
