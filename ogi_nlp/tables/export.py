"""Codebook, wide panel and file exports (CSV, Parquet, Stata) of table values.

The variable codebook ships as ``ogi_nlp/resources/variables.csv``: one row
per named variable with its table, Chinese row and column labels as the
template prints them, unit, generations, a description and the Stata name.
Stata names are at most 32 characters of ``[a-z0-9_]``: the dotted name with
``_`` for ``.``, shortened by a fixed abbreviation table and, if still too
long, cut with a short hash (deterministic; see :func:`stata_name`).

Examples
--------
>>> from ogi_nlp.tables.export import stata_name
>>> stata_name("requests.result.not_processed.confirmation.legal_service")
'req_res_np_confirmation_law'
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import pandas as pd

from . import t2019, t2021
from .legacy import LEGACY_NAMES

__all__ = ["variable_codebook", "wide", "export_tables", "stata_name", "FORMATS"]

FORMATS: tuple[str, ...] = ("csv", "parquet", "dta")
_CODEBOOK_COLUMNS = (
    "variable", "table", "row_label", "column_label", "unit", "generations", "description", "stata_name",
)
_ABBREV = (
    ("requests", "req"), ("result", "res"), ("withheld", "wh"), ("unavailable", "unav"),
    ("not_processed", "np"), ("natural_person", "nat"), ("commercial", "com"), ("research", "sci"),
    ("nonprofit", "npo"), ("legal_service", "law"), ("other_org", "oth"), ("litigation_after_review", "lit_rv"),
    ("litigation_direct", "lit_dir"), ("normative_documents", "norm_docs"), ("security_stability", "security"),
    ("internal_affairs", "internal"), ("enforcement_file", "enforce"), ("no_correction", "no_corr"),
)
_BAD = re.compile(r"[^a-z0-9_]")


@lru_cache(maxsize=4096)  # a build names each of hundreds of variables in several files
def stata_name(variable: str) -> str:
    """Deterministic Stata name (<= 32 chars, ``[a-z0-9_]``) of a variable.

    Parameters
    ----------
    variable : str
        A dotted variable name.

    Examples
    --------
    >>> stata_name("review.litigation_direct.total")
    'review_litigation_direct_total'
    >>> len(stata_name("legacy." + "x" * 60)) <= 32
    True
    """
    name = _BAD.sub("_", variable.lower().replace(".", "_"))
    if len(name) > 32:
        for long, short in _ABBREV:
            name = re.sub(rf"(?<![a-z]){long}(?![a-z])", short, name)
    if len(name) > 32:
        digest = hashlib.sha1(variable.encode("utf-8")).hexdigest()[:6]
        name = name[:25].rstrip("_") + "_" + digest
    if not name[0].isalpha():
        name = "v" + name[:31]
    return name


def _codebook_rows() -> list[dict[str, Any]]:
    """The codebook as built from the template definitions (source of variables.csv)."""
    rows: dict[str, dict[str, Any]] = {}

    def add(var: str, table: str, rl: str, cl: str, unit: str, gen: str, desc: str) -> None:
        if var in rows:
            gens = set(rows[var]["generations"].split()) | {gen}
            rows[var]["generations"] = " ".join(sorted(gens))
            return
        rows[var] = {"variable": var, "table": table, "row_label": rl, "column_label": cl, "unit": unit,
                     "generations": gen, "description": desc, "stata_name": stata_name(var)}

    for gen, mod in (("t2021", t2021), ("t2019", t2019)):
        cols = {c.key: c for c in mod.ACTIVE_COLUMNS}
        for rd in mod.ACTIVE_ROWS:
            for ck in rd.columns:
                c = cols[ck]
                add(f"active.{rd.key}.{ck}", "active", rd.label, c.label, c.unit, gen,
                    f"主动公开: {rd.label} / {c.label}")
    for rd in t2021.REQUEST_ROWS:
        gens = ("t2021",) if rd.key in t2021.OTHER_SUBROWS else ("t2019", "t2021")
        for c in t2021.REQUEST_COLUMNS:
            for g in gens:
                desc = f"依申请: {rd.label} / {c.label}"
                if rd.key == "result.other":
                    desc += " (t2019: the single row; t2021: a printed subtotal where present)"
                add(f"requests.{rd.key}.{c.key}", "requests", rd.label, c.label, "件", g, desc)
    for var, cl in t2021.REVIEW_COLUMNS:
        for g in ("t2019", "t2021"):
            add(var, "review", "", cl, "件", g, f"复议诉讼: {cl}")
    for pattern, var in LEGACY_NAMES:
        add(var, "legacy", pattern, "统计数", "万元" if var == "legacy.fees.amount" else "", "legacy",
            f"统计表 row whose label matches {pattern}")
    for block in ("review", "litigation"):
        for o, zh in (("upheld", "维持"), ("corrected", "纠错"), ("other", "其他情形")):
            add(f"legacy.{block}.{o}", "legacy", zh, "统计数", "件", "legacy",
                f"统计表: {zh} under legacy.{block}.total")
    add("legacy.row.<n>", "legacy", "", "统计数", "", "legacy",
        "any other 统计表 row: n is its 1-based position in the report's table; compare reports by row_label")
    return list(rows.values())


@lru_cache(maxsize=1)
def _codebook() -> pd.DataFrame:
    ref = resources.files("ogi_nlp").joinpath("resources", "variables.csv")
    with ref.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def variable_codebook() -> pd.DataFrame:
    """The variable codebook (``ogi_nlp/resources/variables.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns ``variable``, ``table``, ``row_label``, ``column_label``,
        ``unit``, ``generations``, ``description``, ``stata_name``.

    Examples
    --------
    >>> cb = variable_codebook()
    >>> cb.set_index("variable").loc["requests.new.total", "row_label"]
    '一、本年新收政府信息公开申请数量'
    """
    return _codebook().copy()


def _typed(col: pd.Series, *, money: bool) -> pd.Series:
    """Int64 for counts whose every value is whole; Float64 for 万元 and decimals.

    A value Int64 cannot hold (infinite, or 2**63 and beyond) keeps its column Float64.

    >>> _typed(pd.Series([3.0, None, 2.0**63]), money=False).tolist()
    [3.0, <NA>, 9.223372036854776e+18]
    """
    import numpy as np

    num = pd.to_numeric(col, errors="coerce")
    num = num.astype("Float64") if not isinstance(num.dtype, pd.Float64Dtype) else num
    if not money:
        vals = num.dropna().to_numpy(dtype="float64")
        if bool((vals == vals.round()).all()) and np.abs(vals).max(initial=0.0) < 2.0**63:
            return num.astype("Int64")
    return num


def _typed_columns(table: pd.DataFrame, money: Sequence[bool]) -> dict[str, Any] | None:
    """:func:`_typed` of every column of a pivot of ``Float64`` values at once (``None``: another case).

    One 2-D pass finds the columns whose every value is whole; each column then
    becomes an ``Int64`` or ``Float64`` array of the same values and missing cells.
    """
    import numpy as np

    if not len(table.columns) or not all(isinstance(d, pd.Float64Dtype) for d in table.dtypes) \
            or not table.columns.is_unique:
        return None
    arrays = [table[c].array for c in table.columns]
    data = np.column_stack([a.to_numpy("float64", na_value=0.0) for a in arrays]) if len(table) \
        else np.empty((0, len(arrays)))
    mask = np.column_stack([a.isna() for a in arrays]) if len(table) else np.empty((0, len(arrays)), bool)
    return _typed_arrays(data, mask, list(table.columns), money)


def _typed_arrays(data: Any, mask: Any, names: list[str], money: Sequence[bool]) -> dict[str, Any] | None:
    """:func:`_typed_columns` of a 2-D float array of values and its mask of missing cells."""
    import numpy as np

    if np.isnan(data[~mask]).any():
        return None  # NaN that is not missing: the column-by-column rule decides
    data = np.where(mask, 0.0, data)
    whole = np.all(data == np.round(data), axis=0)
    if np.abs(data[:, whole]).max(initial=0.0) >= 2.0**63:
        return None
    out: dict[str, Any] = {}
    for j, (c, m) in enumerate(zip(names, money)):
        if whole[j] and not m:
            out[c] = pd.arrays.IntegerArray(data[:, j].astype(np.int64), mask[:, j].copy())
        else:
            out[c] = pd.arrays.FloatingArray(data[:, j].copy(), mask[:, j].copy())
    return out


def _order(variables: Iterable[str]) -> list[str]:
    known = {v: i for i, v in enumerate(_codebook()["variable"])}

    def key(v: str) -> tuple[int, int, str]:
        m = re.fullmatch(r"legacy\.row\.(\d+)", v)
        if m:
            return (len(known), int(m.group(1)), v)
        return (known.get(v, len(known) + 1), 0, v)

    return sorted(variables, key=key)


def _pivot(v: pd.DataFrame) -> tuple[pd.Index, list[str], Any, Any, Any] | None:
    """``v.drop_duplicates(["report", "variable"]).pivot(...)`` in NumPy for ``Float64`` values: the
    reports (the index), the variables in template order, the values (2-D), the missing cells and
    the rows of ``v`` kept (each cell's first); ``None`` for another case (pandas pivots then)."""
    import numpy as np

    if not isinstance(v["value"].dtype, pd.Float64Dtype) or v["report"].isna().any() or v["variable"].isna().any():
        return None
    rows, reports = pd.factorize(v["report"], sort=True)
    cols, variables = pd.factorize(v["variable"], sort=True)
    names = _order(list(variables))
    position = np.empty(len(variables), dtype=np.int64)
    where = {c: i for i, c in enumerate(variables)}
    position[[where[c] for c in names]] = np.arange(len(names))
    key = rows.astype(np.int64) * len(variables) + position[cols]
    _, first = np.unique(key, return_index=True)  # each cell's first value, as drop_duplicates keeps
    values = v["value"].array
    data = np.zeros((len(reports), len(names)))
    mask = np.ones((len(reports), len(names)), dtype=bool)
    data.reshape(-1)[key[first]] = values.to_numpy("float64", na_value=0.0)[first]
    mask.reshape(-1)[key[first]] = values.isna()[first]
    kept = np.zeros(len(v), dtype=bool)
    kept[first] = True
    return pd.Index(reports, name="report"), names, data, mask, kept


def wide(values: pd.DataFrame, *, reports: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per report, one column per variable (template order).

    Counts are ``Int64``; money (unit 万元 or 元) and any variable with a
    decimal value are ``Float64``; missing and absent cells are NA.

    Parameters
    ----------
    values : pandas.DataFrame
        Tidy values; a ``report`` column identifies reports (without it the
        frame is one report).
    reports : sequence of str, optional
        Reports to include as rows even when none of their values were read
        (tables only as images): their row is all NA.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"report": ["a", "a"], "variable": ["requests.new.total", "active.fees.amount"],
    ...                   "value": [17, 0.5]})
    >>> wide(v).dtypes.astype(str).tolist()
    ['Float64', 'Int64']
    """
    v = values if "report" in values.columns else values.assign(report="")
    if v.empty:
        return pd.DataFrame(index=pd.Index(list(reports or []), name="report"))
    pivot = _pivot(v)
    if pivot is None:
        v = v.drop_duplicates(["report", "variable"], keep="first")
        table = v.pivot(index="report", columns="variable", values="value")
        table = table[_order(table.columns)]
        index, names = table.index, list(table.columns)
    else:
        index, names, data, mask, kept = pivot
        if "unit" in v.columns and not kept.all():
            v = v[kept]  # the rows drop_duplicates keeps (their units count below)
    units = dict(zip(_codebook()["variable"], _codebook()["unit"]))
    if "unit" in v.columns:
        if pd.api.types.is_string_dtype(v["unit"].dtype) and v["unit"].dtype != object:
            # the same as the loop below: each variable's last unit that is a non-empty text
            given = v.loc[v["unit"].notna().to_numpy() & v["unit"].ne("").fillna(False).to_numpy(bool),
                          ["variable", "unit"]].drop_duplicates("variable", keep="last")
            units.update(zip(given["variable"], given["unit"]))
        else:
            units.update({k: u for k, u in zip(v["variable"], v["unit"]) if isinstance(u, str) and u})
    money = [units.get(c) in ("万元", "元") for c in names]
    if pivot is not None and reports is not None:
        # the reports without a value as all-missing rows of the arrays (what the reindex below adds,
        # without taking every column again); a missing cell's zero changes no column's type
        import numpy as np

        index = pd.Index(list(dict.fromkeys([*index, *reports])), name="report")
        extra = len(index) - len(data)
        data = np.vstack([data, np.zeros((extra, len(names)))]) if extra else data
        mask = np.vstack([mask, np.ones((extra, len(names)), dtype=bool)]) if extra else mask
        reports = None
    typed = _typed_arrays(data, mask, names, money) if pivot is not None else _typed_columns(table, money)
    if typed is None:
        if pivot is not None:  # the pivot pandas makes, for the column-by-column rule
            table = pd.DataFrame({c: pd.arrays.FloatingArray(data[:, j].copy(), mask[:, j].copy())
                                  for j, c in enumerate(names)},
                                 index=index)
        typed = {c: _typed(table[c], money=m) for c, m in zip(names, money)}
    out = pd.DataFrame(typed, index=index)
    out.columns.name = None
    if reports is not None:
        out = out.reindex(pd.Index(list(dict.fromkeys([*out.index, *reports])), name="report"))
    return out


def _stata_labels(columns: Sequence[str]) -> dict[str, str]:
    cb = _codebook()
    known = {v: f"{r} {c}".strip() for v, r, c in zip(cb["variable"], cb["row_label"], cb["column_label"])}
    return {stata_name(c): known.get(c, c)[:80] for c in columns}


def export_tables(
    values: pd.DataFrame,
    out_dir: str | Path,
    *,
    checks: pd.DataFrame | None = None,
    formats: Sequence[str] = FORMATS,
    prefix: str = "tables",
) -> dict[str, list[Path]]:
    """Write the tidy values, the wide panel, the checks and the codebook.

    Parameters
    ----------
    values : pandas.DataFrame
        Tidy values (as from :func:`~ogi_nlp.tables.parse_tables` or a corpus).
    out_dir : str or Path
        Directory (created if needed).
    checks : pandas.DataFrame, optional
        Output of :func:`~ogi_nlp.tables.run_checks`.
    formats : sequence of {"csv", "parquet", "dta"}
        Stata files (version 118, Unicode) use :func:`stata_name` column
        names with the Chinese labels as variable labels.
    prefix : str, default "tables"
        File name prefix.

    Returns
    -------
    dict
        Frame name -> files written.

    Raises
    ------
    ValueError
        For an unknown format.
    """
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown format(s) {bad}; allowed: {FORMATS}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    long = values.copy()
    long["value"] = pd.to_numeric(long["value"].astype(object).where(long["value"].notna(), None),
                                  errors="coerce").astype("Float64")
    frames: dict[str, pd.DataFrame] = {
        "long": long,
        "wide": wide(values).reset_index() if "report" in values.columns else wide(values).reset_index(drop=True),
        "codebook": variable_codebook(),
    }
    if checks is not None:
        frames["checks"] = checks
    written: dict[str, list[Path]] = {}
    for name, frame in frames.items():
        for fmt in formats:
            path = out / f"{prefix}_{name}.{fmt}"
            if fmt == "csv":
                csv_frame = plain_numbers(frame, ["value"]) if name == "long" else frame.copy()
                csv_frame.to_csv(path, index=False, encoding="utf-8")
            elif fmt == "parquet":
                frame.to_parquet(path, index=False)
            else:
                _to_stata(frame, path, wide_frame=(name == "wide"))
            written.setdefault(name, []).append(path)
    return written


def plain_numbers(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Whole numbers print as integers in CSV (17, not 17.0); missing stays empty.

    The one rule for numbers in every CSV the package writes: ``columns``
    (default: the float columns) become object columns of int, float or None.

    Examples
    --------
    >>> plain_numbers(pd.DataFrame({"v": [17.0, 2.5, None]}))["v"].tolist()
    [17, 2.5, None]
    """
    out = frame.copy()
    names = [c for c in out.columns if pd.api.types.is_float_dtype(out[c])] if columns is None else list(columns)
    for column in names:
        series = out[column]
        if not pd.api.types.is_float_dtype(series):
            series = pd.to_numeric(series.astype(object).where(series.notna(), None), errors="coerce")
        out[column] = pd.Series(_plain(series.to_numpy(dtype="float64", na_value=float("nan"))),
                                index=out.index, dtype=object)
    return out


def _plain(values: Any) -> Any:
    """Floats as objects: ``None`` for NaN, ``int`` for whole numbers, ``float`` otherwise (vectorised)."""
    import numpy as np

    out = values.astype(object)
    out[np.isnan(values)] = None
    whole = np.isfinite(values) & (values == np.trunc(values))
    small = whole & (np.abs(values) < 2.0**53)
    out[small] = values[small].astype(np.int64).astype(object)
    for i in np.flatnonzero(whole & ~small):  # beyond int64's exact floats: Python's int
        out[i] = int(values[i])
    return out


def _stata_columns(names: Sequence[str], *, wide_frame: bool) -> tuple[dict[str, str], dict[str, str]]:
    """The Stata name of each column of a frame (a wide frame keeps ``report``) and the
    variable labels (a wide frame's variables only)."""
    if wide_frame:
        variables = [c for c in names if c != "report"]
        return {c: stata_name(c) for c in variables}, _stata_labels(variables)
    return {c: stata_name(c) for c in names}, {}


def _stata_ready(frame: pd.DataFrame, *, wide_frame: bool) -> tuple[pd.DataFrame, dict[str, str]]:
    """``frame`` with Stata names, missing as Stata's own, text as str; and the variable labels."""
    names, labels = _stata_columns(list(frame.columns), wide_frame=wide_frame)
    f = frame.rename(columns=names)  # a copy
    for c in f.columns:
        dtype = str(f[c].dtype)
        if dtype in ("Int64", "Float64", "boolean"):
            f[c] = f[c].astype("float64")  # Stata's own missing value
        elif _is_text(f[c].dtype):
            f[c] = f[c].astype(object).where(f[c].notna(), "").astype(str)
    return f, labels


def _to_stata(frame: pd.DataFrame, path: Path, *, wide_frame: bool, time_stamp: Any = None) -> None:
    f, labels = _stata_ready(frame, wide_frame=wide_frame)
    f.to_stata(path, write_index=False, version=118, variable_labels=labels or None, time_stamp=time_stamp)


def _long_values(frame: pd.DataFrame) -> pd.DataFrame:
    """The long frame's ``value`` as Float64 (numbers; anything else missing)."""
    return frame.assign(value=pd.to_numeric(frame["value"].astype(object).where(frame["value"].notna(), None),
                                            errors="coerce").astype("Float64"))


def _empty_frame(schema: Any) -> pd.DataFrame:
    """The pandas frame of an empty table of the Arrow ``schema``: its columns and dtypes.

    Made once per schema (metadata included) in a process: a build asks it of
    the same schema for its CSV, its Stata file and the data dictionary (a
    wide frame's hundreds of columns cost milliseconds each time).  Shared: not
    to be modified.
    """
    return _empty_frame_of(schema.serialize().to_pybytes())


@lru_cache(maxsize=64)
def _empty_frame_of(schema: bytes) -> pd.DataFrame:
    import pyarrow as pa

    return pa.ipc.read_schema(pa.py_buffer(schema)).empty_table().to_pandas()


def _is_text(dtype: Any) -> bool:
    return dtype == object or pd.api.types.is_string_dtype(dtype)


_STATA_BYTES = 8 * 2**20  # bytes of fixed-width records per chunk when a Stata file is written
_STATA_CHUNK = 10_000  # rows read at once when a Stata file is written from Parquet


def _to_stata_from_parquet(source: Path, path: Path, *, wide_frame: bool, prepare: Any = None,
                           time_stamp: Any = None, rows: int = _STATA_CHUNK,
                           labelled: tuple[list[str], dict[str, str]] | None = None) -> bool:
    """The same file as :func:`_to_stata` of the whole Parquet file, reading ``rows`` rows at a time.

    Stata's format fixes each column's type (string width, integer size) in the
    header, before the data, so a first pass over the file finds what the whole
    frame would give (longest text, integer range); a two-row frame with those
    extremes sets up pandas' own writer, and the records then follow chunk by
    chunk (as many as about ``_STATA_BYTES`` of fixed-width records hold), typed as
    the header says.  Both passes work on Arrow batches (:func:`_arrow_plan`,
    :func:`_arrow_records`) where every column is text, a number or a flag with
    a known pandas conversion; otherwise each chunk goes through pandas and
    :func:`_stata_ready`.  Files with very long text (Stata strL) are
    written whole.

    With ``labelled`` (each column's Stata name, in order, and the variable
    labels), the file is :func:`ogi_nlp.datadict.write_stata`'s of the frame
    instead: flags and columns without any value are numbers there.  Only the
    Arrow passes write it: ``False`` (nothing written) where they cannot.
    """
    import numpy as np
    import pyarrow.parquet as pq
    from pandas.io.stata import StataWriterUTF8, _cast_to_stata_types

    def chunks(size: int = rows) -> Iterable[pd.DataFrame]:
        for batch in pq.ParquetFile(source).iter_batches(batch_size=size, use_threads=False):
            frame = batch.to_pandas()
            yield _stata_ready(prepare(frame) if prepare else frame, wide_frame=wide_frame)[0]

    plan = None
    if prepare is None or prepare in _ARROW_PREPARED:
        plan = _arrow_plan(source, wide_frame=wide_frame, numeric=_ARROW_PREPARED.get(prepare, ()), rows=rows,
                           names=labelled[0] if labelled else None)
    if plan is not None:
        kinds, dtypes, longest, low, high, total = plan
    elif labelled:
        return False
    else:
        kinds, dtypes, longest, low, high, total = _pandas_plan(chunks())
    # one row is typed as the whole frame too (the template repeats its extremes); no row at all is not
    if not total or len(dtypes) < len(kinds) or any(size > 2045 for size, _ in longest.values()):
        if labelled:
            return False
        frame = pd.read_parquet(source)
        _to_stata(prepare(frame) if prepare else frame, path, wide_frame=wide_frame, time_stamp=time_stamp)
        return True

    def column(c: str) -> pd.Series:
        if _is_text(dtypes[c]):
            return pd.Series([longest.get(c, (0, ""))[1], ""], dtype=dtypes[c])
        integer = c in low and pd.api.types.is_integer_dtype(dtypes[c])
        return pd.Series([low[c], high[c]] if integer else [0, 0], dtype=dtypes[c])

    def text_width(c: str) -> int:  # pandas types text as strN, N its longest UTF-8 bytes (at least 1)
        return max(longest.get(c, (0, ""))[0], 1)

    def kind(c: str) -> tuple:  # what pandas' typing of the column depends on (text: its width, set below)
        if _is_text(dtypes[c]):
            return ("text",)
        if c in low and pd.api.types.is_integer_dtype(dtypes[c]):
            return (str(dtypes[c]), low[c], high[c])
        return (str(dtypes[c]),)

    # pandas' writer types each column of the template alone (by its dtype and its two values),
    # at a cost per column: on the Arrow path one column of each kind stands in for the others
    # (a wide frame's hundreds of float columns: one), and the header is then laid out for all
    columns = list(kinds)
    stand_in, stand_for = columns, columns
    if plan is not None:
        first: dict[tuple, str] = {}
        stand_for = [first.setdefault(kind(c), c) for c in columns]
        stand_in = list(first.values())
    template = pd.DataFrame({c: column(c) for c in stand_in})
    if labelled:
        labels = labelled[1]
    else:
        _, labels = _stata_columns(pq.read_schema(source).names, wide_frame=wide_frame)  # those _stata_ready gives
    # records are fixed-width (a text column as wide as its longest text): as many per chunk
    # as about _STATA_BYTES of them hold, so a long free-text column does not make a chunk huge
    width = sum(longest.get(c, (8, ""))[0] or 1 for c in kinds)
    write_rows = max(1, min(rows, _STATA_BYTES // width))

    class _Chunked(StataWriterUTF8):
        def _prepare_data(self) -> Any:
            return None  # the records come chunk by chunk in _write_data

        def _write_data(self, records: Any) -> None:
            self._update_map("data")
            self._write_bytes(b"<data>")
            typed = self._typed
            if plan is not None:
                for block in _arrow_records(source, kinds, self, write_rows):
                    self._write_bytes(block)
            else:
                for f in chunks(write_rows):
                    data = _cast_to_stata_types(self._check_column_names(f))
                    data = data.astype({c: t for c, t in typed.items() if t != object})
                    self.data = self._replace_nans(data)
                    self._encode_strings()
                    self._write_bytes(StataWriterUTF8._prepare_data(self).tobytes())
            self._write_bytes(b"</data>")

    writer = _Chunked(path, template, write_index=False, version=118, variable_labels=labels or None,
                      time_stamp=time_stamp)
    typed = {c: t for c, t in zip(writer.data.columns, writer.data.dtypes)}
    if len(stand_in) < len(columns):
        text = [(i, text_width(c)) for i, c in enumerate(stand_in) if _is_text(dtypes[c])]
        if (list(writer.data.columns) != stand_in or writer._converted_names or _renamed(writer, columns)
                or any((writer.typlist[i], writer.fmtlist[i]) != (n, f"%{n}s") for i, n in text)):
            # pandas renames, or types text otherwise: all of them
            writer = _Chunked(path, pd.DataFrame({c: column(c) for c in columns}), write_index=False, version=118,
                              variable_labels=labels or None, time_stamp=time_stamp)
            typed = {c: t for c, t in zip(writer.data.columns, writer.data.dtypes)}
        else:
            where = {c: i for i, c in enumerate(stand_in)}
            index = [where[c] for c in stand_for]
            writer.typlist = [text_width(c) if _is_text(dtypes[c]) else writer.typlist[i]
                              for c, i in zip(columns, index)]
            writer.fmtlist = [f"%{text_width(c)}s" if _is_text(dtypes[c]) else writer.fmtlist[i]
                              for c, i in zip(columns, index)]
            writer._has_value_labels = np.repeat(False, len(columns))
            writer.varlist = list(columns)
            writer.nvar = len(columns)
            writer.data = pd.DataFrame(columns=columns)  # the header's variable labels follow its columns
            typed = {c: typed[s] for c, s in zip(columns, stand_for)}
    writer._typed = typed  # by Stata name (the pandas pass's chunks are renamed as the header)
    writer._types = list(typed.values())  # in the columns' order (the Arrow pass reads the source's names)
    writer.nobs = total
    writer.write_file()
    return True


def _renamed(writer: Any, columns: list[str]) -> bool:
    """Whether pandas' ``writer`` would rename any of ``columns`` (not a valid Stata name)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        writer._check_column_names(pd.DataFrame(columns=columns))
    renamed = bool(writer._converted_names)
    writer._converted_names = {}
    return renamed


def _pandas_plan(chunks: Iterable[pd.DataFrame]) -> tuple[dict, dict, dict, dict, dict, int]:
    """The first pass of :func:`_to_stata_from_parquet` over Stata-ready pandas chunks.

    Returns each column's dtypes over the chunks, the whole file's dtype per
    column (absent where the chunks disagree beyond integer/float), the longest
    text (UTF-8 bytes, text), the integer ranges and the row count.
    """
    longest: dict[str, tuple[int, str]] = {}  # bytes in UTF-8, the text
    low: dict[str, Any] = {}
    high: dict[str, Any] = {}
    kinds: dict[str, set] = {}  # the columns in order, with the dtypes their chunks had
    total = 0
    for f in chunks:
        total += len(f)
        for c in f.columns:
            values = f[c]
            kinds.setdefault(c, set()).add(values.dtype)
            if _is_text(values.dtype) and len(values):
                size, value = max((len(v.encode("utf-8")), v) for v in values)
                if size > longest.get(c, (0, ""))[0]:
                    longest[c] = (size, value)
            elif pd.api.types.is_integer_dtype(values.dtype) and len(values):
                low[c] = min(low.get(c, values.min()), values.min())
                high[c] = max(high.get(c, values.max()), values.max())
    # a chunk without missing values reads an integer column as int64, the whole file (with
    # some) as float64: the whole file's type is float64 then; any other mix: write it whole
    dtypes = {}
    for c, seen in kinds.items():
        if len(seen) == 1:
            dtypes[c] = next(iter(seen))
        elif all(pd.api.types.is_integer_dtype(t) or t == "float64" for t in seen):
            dtypes[c] = pd.api.types.pandas_dtype("float64")
    return kinds, dtypes, longest, low, high, total


_ARROW_PREPARED = {_long_values: ("value",)}  # prepare functions the Arrow path knows: the columns made numbers
# Stata's largest double, the bound pandas' writer checks (2**1023, one step above, is Stata's missing)
_FLOAT64_MAX = float.fromhex("0x1.fffffffffffffp+1022")


def _arrow_plan(source: Path, *, wide_frame: bool, numeric: Sequence[str] = (), rows: int = _STATA_CHUNK,
                names: Sequence[str] | None = None) -> tuple[dict, dict, dict, dict, dict, int] | None:
    """:func:`_pandas_plan` of the file, computed on Arrow batches (no pandas frame per chunk).

    Each column's kind (text, float, int, flag) is what pandas' conversion of a
    chunk followed by :func:`_stata_ready` gives: text columns become ``str``;
    ``Int64``, ``Float64``, ``boolean`` and the ``numeric`` columns become
    float64; an integer column is int64 where a chunk has no missing value and
    float64 where it has.  The kinds are stored by Stata name, with the
    dtype each column has in the whole frame.  ``None`` where a column is of
    another kind (then the pandas pass decides), or a value pandas' writer
    refuses (infinity).  With ``names`` (the columns' Stata names), the typing
    of :func:`ogi_nlp.datadict.write_stata`: flags and columns without any
    value become float64 too.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(source)
    schema = parquet.schema_arrow
    base = _empty_frame(schema).dtypes  # the dtypes pandas gives every chunk (before missing values)
    if len(set(schema.names)) != len(schema.names) or list(base.index) != schema.names:
        return None
    labelled = names is not None
    if names is None:
        renames, _ = _stata_columns(schema.names, wide_frame=wide_frame)
        names = [renames.get(c, c) for c in schema.names]
    if len(set(names)) != len(names) or len(names) != len(schema.names):
        return None
    text = pd.Series([""], dtype=object).astype(str).dtype  # what _stata_ready makes of text
    kind: list[str] = []
    for field, dtype in zip(schema, base):
        t = field.type
        if field.name in numeric:
            ok, k = pa.types.is_integer(t) or pa.types.is_floating(t), "float"
        elif str(dtype) in ("Int64", "Float64", "boolean"):
            ok, k = pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t), "float"
        elif pa.types.is_string(t) or pa.types.is_large_string(t):
            ok, k = _is_text(dtype), "text"
        elif t == pa.float64():
            ok, k = dtype == "float64", "float"
        elif pa.types.is_integer(t):
            ok = pd.api.types.is_integer_dtype(dtype) and dtype.kind == "i" and np.dtype(dtype) == t.to_pandas_dtype()
            k = "int"
        elif pa.types.is_boolean(t):
            ok, k = dtype == bool, "float" if labelled else "bool"
        else:
            ok, k = False, ""
        if not ok:
            return None
        kind.append(k)
    longest: dict[str, tuple[int, str]] = {}
    low: dict[str, Any] = {}
    high: dict[str, Any] = {}
    nulls = [False] * len(names)
    valued = [False] * len(names)  # a value seen
    total = 0
    for batch in parquet.iter_batches(batch_size=rows, use_threads=False):
        total += batch.num_rows
        if not batch.num_rows:
            continue
        for i, column in enumerate(batch.columns):
            k = kind[i]
            valued[i] = valued[i] or column.null_count < len(column)
            if k == "text":
                sizes = pc.binary_length(column)
                size = pc.max(sizes).as_py() or 0
                if size > longest.get(names[i], (0, ""))[0]:
                    longest[names[i]] = (size, pc.max(pc.filter(column, pc.equal(sizes, size))).as_py())
            elif column.null_count:
                if k == "bool":  # pandas reads it as objects: text True/False
                    return None
                nulls[i] = True
            elif k == "int":
                bounds = pc.min_max(column)
                lo, hi = bounds["min"].as_py(), bounds["max"].as_py()
                low[names[i]] = min(low.get(names[i], lo), lo)
                high[names[i]] = max(high.get(names[i], hi), hi)
            if k == "float" and pa.types.is_floating(column.type):
                bounds = pc.min_max(column)
                lo, hi = bounds["min"].as_py(), bounds["max"].as_py()
                # beyond Stata's range (+inf is beyond it too; min and max pass over NaN)
                if (hi is not None and hi > _FLOAT64_MAX) or (lo is not None and lo == float("-inf")):
                    return None  # pandas' writer refuses it: let it say so
    float64 = np.dtype("float64")
    dtypes: dict[str, Any] = {}
    kinds: dict[str, set] = {}
    for i, c in enumerate(names):
        k = kind[i]
        if labelled and not valued[i]:  # write_stata: a column without a value is numbers (Stata's missing)
            k = "float"
            longest.pop(c, None)
        if k == "text":
            dtypes[c] = text
        elif k == "float" or (k == "int" and nulls[i]):
            dtypes[c] = float64
            low.pop(c, None), high.pop(c, None)
        elif k == "int":
            dtypes[c] = np.dtype(base.iloc[i])
        else:
            dtypes[c] = np.dtype(bool)
        kinds[c] = {dtypes[c]}
    return kinds, dtypes, longest, low, high, total


def _fixed_width(column: Any, width: int, into: Any, stride: int, offset: int) -> None:
    """Text as Stata stores it, written into ``into``: UTF-8 bytes padded with NUL to ``width`` (missing: empty).

    ``into`` is the records' bytes (zeros where the text goes), one record every
    ``stride`` bytes, this column ``offset`` bytes into each.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pc.fill_null(column, "").cast(pa.large_binary())
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    n = len(values)
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64, count=n + 1, offset=values.offset * 8)
    data = values.buffers()[2]
    if n and data is not None and offsets[-1] > offsets[0]:
        data = np.frombuffer(data, dtype=np.uint8)
        step = max(1, 2**20 // width)  # rows at a time: the index arrays stay small
        for start in range(0, n, step):
            o = offsets[start:start + step + 1]
            lengths = np.diff(o)
            size = int(o[-1] - o[0])
            if not size:
                continue
            # each byte's place: its record's start, the column's offset, its place in the text
            where = np.repeat(np.arange(start, start + len(lengths), dtype=np.int64) * stride + offset - (o[:-1] - o[0]),
                              lengths) + np.arange(size, dtype=np.int64)
            into[where] = data[o[0]:o[-1]]


def _arrow_records(source: Path, kinds: dict[str, set], writer: Any, rows: int) -> Iterator[Any]:
    """The Stata records of the file, ``rows`` rows at a time, from Arrow batches as ``writer``'s header types them.

    The same bytes as pandas' writer: text as :func:`_fixed_width`, numbers in
    the header's type with missing (and NaN) as Stata's ``.``.  Each block is
    a NumPy array of bytes (written as it is: no copy).
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = []
    for i, (_, typ) in enumerate(zip(kinds, writer.typlist)):
        dtype = writer._types[i]
        types.append((f"f{i}", f"S{typ}") if dtype == object else (f"f{i}", np.dtype(dtype)))
    layout = np.dtype(types)
    missing = writer.MISSING_VALUES["d"]
    for batch in pq.ParquetFile(source).iter_batches(batch_size=rows, use_threads=False):
        records = np.zeros(batch.num_rows, dtype=layout)  # zeros: text is padded with NUL
        raw = records.view(np.uint8)
        for (field, dtype), column in zip(types, batch.columns):
            if isinstance(dtype, str):
                _fixed_width(column, int(dtype[1:]), raw, layout.itemsize, layout.fields[field][1])
            elif dtype.kind == "f":
                values = column.cast(pa.float64(), safe=False).to_numpy(zero_copy_only=False).astype(dtype, copy=True)
                values[np.isnan(values)] = missing
                records[field] = values
            else:
                records[field] = column.to_numpy(zero_copy_only=False).astype(dtype)
        yield raw


def write_stata(folder: str | Path, *, prefix: str = "stata",
                names: Sequence[str] | None = None) -> dict[str, list[Path]]:
    """Stata files of a corpus build, from the Parquet outputs in ``folder``.

    Writes ``<prefix>_long.dta`` (from ``tables.parquet``), ``<prefix>_wide.dta``,
    ``<prefix>_checks.dta`` and ``<prefix>_codebook.dta`` (from
    ``codebook.parquet`` where the build wrote it, else :func:`variable_codebook`),
    as :func:`export_tables` does, each from its Parquet file a chunk of rows at
    a time (the same bytes as writing the whole frame), so memory does not grow
    with the corpus.

    Parameters
    ----------
    folder : str or Path
        A build folder holding ``tables.parquet`` (and ``wide.parquet`` and
        ``checks.parquet`` where the build has them).
    prefix : str, default "stata"
        File name prefix.
    names : sequence of {"long", "wide", "codebook", "checks"}, optional
        Only these files (default: all four).

    Returns
    -------
    dict
        Frame name -> files written.
    """
    folder = Path(folder)
    written: dict[str, list[Path]] = {}
    sources = {"long": "tables", "wide": "wide", "codebook": None, "checks": "checks"}
    for name, source in sources.items():
        if names is not None and name not in names:
            continue
        target = folder / f"{prefix}_{name}.dta"
        if source is None and (folder / "codebook.parquet").is_file():  # the build's copy: no pandas frame
            _to_stata_from_parquet(folder / "codebook.parquet", target, wide_frame=False)
        elif source is None:
            _to_stata(variable_codebook(), target, wide_frame=False)
        else:
            path = folder / f"{source}.parquet"
            if not path.is_file():
                continue
            # chunk by chunk: memory does not grow with the corpus (same bytes as the whole frame)
            _to_stata_from_parquet(path, target, wide_frame=(name == "wide"),
                                   prepare=_long_values if name == "long" else None)
        written[name] = [target]
    return written
