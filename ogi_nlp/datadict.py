"""A data dictionary for every output: one codebook frame from one registry.

:func:`data_dictionary` takes the frames a build writes (``{"manifest": ...,
"panel": ..., ...}``) and returns one frame describing every column of every
output — ``output``, ``column``, ``dtype`` (as built), ``meaning``, ``unit``,
``stage`` (the part of ogi_nlp that makes it) — from a single declarative
registry, ``ogi_nlp/resources/columns.csv``.  A column the registry does not
describe is reported (warning, or :class:`~ogi_nlp.errors.CodebookError` with
``on_missing="raise"``), so a new column cannot slip into a build undocumented;
:func:`undescribed_columns` lists them.

The registry
------------
One row per ``output,column,meaning,unit,stage``.  ``output`` and ``column``
may be glob patterns (``dict_*``; ``*`` for every output; the first matching row
wins, so specific rows come first).  Families defined elsewhere, once, are named
by a placeholder instead of being copied:

``{variable}``     table variables (``resources/variables.csv``, :func:`ogi_nlp.tables.variable_codebook`)
``{theme}``        themes of the codebook (:func:`ogi_nlp.themes.load_codebook`); ``{label}`` is the theme's label
``{derived}``      derived panel columns (:data:`ogi_nlp.join.DERIVED`)
``{quality}``      quality indicators (:func:`ogi_nlp.quality.quality_codebook`)
``{readability}``  readability measures (:func:`ogi_nlp.text.readability_codebook`)
``{change}``       copying measures (:func:`ogi_nlp.change.change_codebook`)
``{series}``       harmonised series (:data:`ogi_nlp.harmonise.SERIES`)

A placeholder may be embedded (``share_{theme}``); ``{meaning}`` and ``{unit}`` in
the meaning and unit fields take the family's own text.  A row whose column is
``@OUTPUT`` makes the output inherit OUTPUT's descriptions (the document
variables of a document-feature matrix inherit the manifest's).  An index with a
name (the panel's ``report``) counts as a column.

Examples
--------
>>> import pandas as pd
>>> frames = {"panel": pd.DataFrame({"disclosure_rate": [0.5]}, index=pd.Index(["r"], name="report"))}
>>> dd = data_dictionary(frames)
>>> dd[["output", "column", "stage"]].values.tolist()
[['panel', 'report', 'corpus'], ['panel', 'disclosure_rate', 'join']]
"""
from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import warnings
from functools import lru_cache
from importlib import resources
from io import StringIO
from pathlib import Path
from datetime import date
from typing import Any, Callable, Mapping

import pandas as pd

from .errors import CodebookError, OGIWarning
from .join import DERIVED
from .tables import variable_codebook
from .tables.export import stata_name
from .themes import load_codebook

__all__ = ["data_dictionary", "undescribed_columns", "load_registry", "write_stata", "FAMILIES"]

_COLUMNS = ["output", "column", "dtype", "meaning", "unit", "stage"]
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_GLOB = re.compile(r"[*?\[]")  # what makes a column pattern more than a name (fnmatch)


def _variables() -> list[dict[str, str]]:
    cb = variable_codebook()
    return [{"name": r.variable, "meaning": f"{r.description} (row {r.row_label}; column {r.column_label})",
             "unit": r.unit if isinstance(r.unit, str) else "", "label": r.description}
            for r in cb.itertuples() if "<" not in r.variable]


def _themes(cb: Any = None) -> list[dict[str, str]]:
    cb = cb if cb is not None else load_codebook()
    return [{"name": k, "meaning": cb[k].label, "unit": "", "label": f"{cb[k].label} ({k})"} for k in cb.keys]


def _derived() -> list[dict[str, str]]:
    return [{"name": d.name, "meaning": f"{d.description}; formula: {d.formula}",
             "unit": "share" if d.denominator else "count", "label": d.name} for d in DERIVED]


def _from_codebook(frame: pd.DataFrame) -> list[dict[str, str]]:
    rows = []
    for r in frame.to_dict("records"):
        source = f"; source: {r['source']}" if r.get("source") else ""
        rows.append({"name": r["name"], "meaning": f"{r['formula']}{source}", "unit": r.get("unit", "") or "",
                     "label": r["name"]})
    return rows


# the modules below are imported when their family is first asked for (a build never asks)
def _quality() -> list[dict[str, str]]:
    from .quality import quality_codebook

    return _from_codebook(quality_codebook())


def _readability() -> list[dict[str, str]]:
    from .text.readability import readability_codebook

    return _from_codebook(readability_codebook())


def _change() -> list[dict[str, str]]:
    from .change import change_codebook

    return _from_codebook(change_codebook())


def _series() -> list[dict[str, str]]:
    from .harmonise import SERIES

    return [{"name": s.name, "meaning": f"{s.meaning}; t2019/t2021: {' + '.join(s.current)}; legacy: "
             f"{' + '.join(s.legacy)}" + (f" ({s.note})" if s.note else ""), "unit": "requests or cases",
             "label": s.name} for s in SERIES]


#: Families of columns defined in one place elsewhere, by placeholder name.
FAMILIES: dict[str, Callable[[], list[dict[str, str]]]] = {
    "variable": _variables, "theme": _themes, "derived": _derived, "quality": _quality,
    "readability": _readability, "change": _change, "series": _series,
}


@lru_cache(maxsize=4)
def _read_registry(path: str | None) -> pd.DataFrame:
    if path is None:
        text = resources.files("ogi_nlp").joinpath("resources", "columns.csv").read_text(encoding="utf-8")
        where = "ogi_nlp/resources/columns.csv"
    else:
        with open(path, encoding="utf-8-sig") as fh:
            text = fh.read()
        where = path
    frame = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
    need = ["output", "column", "meaning", "unit", "stage"]
    if list(frame.columns) != need:
        raise CodebookError(f"{where}: columns must be {need}, found {list(frame.columns)}")
    for lineno, row in enumerate(frame.itertuples(index=False), 2):
        if not row.output or not row.column:
            raise CodebookError(f"{where}, line {lineno}: empty output or column")
        for name in _PLACEHOLDER.findall(row.column):
            if name not in FAMILIES:
                raise CodebookError(f"{where}, line {lineno}: unknown placeholder {{{name}}}; "
                                    f"known: {sorted(FAMILIES)}")
        if not row.column.startswith("@") and not row.meaning:
            raise CodebookError(f"{where}, line {lineno}: {row.output}.{row.column} has no meaning")
    return frame


def load_registry(path: str | None = None) -> pd.DataFrame:
    """The registry of column descriptions (``resources/columns.csv`` by default).

    Examples
    --------
    >>> load_registry().columns.tolist()
    ['output', 'column', 'meaning', 'unit', 'stage']
    """
    return _read_registry(path).copy()


@lru_cache(maxsize=None)
def _family(name: str) -> tuple[dict[str, str], ...]:
    return tuple(FAMILIES[name]())


def _match(registry: pd.DataFrame | list, output: str, column: str, seen: frozenset[str] = frozenset(),
           families: Mapping[str, tuple[dict[str, str], ...]] | None = None,
           index: dict | None = None) -> dict | None:
    """The registry's description of ``output``'s ``column`` (the first row that matches), or ``None``.

    ``index``: a dict kept across calls on one registry, where the rows whose
    output pattern matches each output and each column pattern's placeholders
    are remembered (the same answers, found once).
    """
    rows = registry if isinstance(registry, list) else list(registry.itertuples(index=False))
    index = {} if index is None else index
    key = ("rows", output)
    if key not in index:
        index[key] = [row for row in rows if fnmatch.fnmatchcase(output, row.output)]
    for row in index[key]:
        if row.column.startswith("@"):
            parent = row.column[1:]
            if parent not in seen:
                hit = _match(rows, parent, column, seen | {output}, families, index)
                if hit is not None:
                    return hit
            continue
        names = index.get(row.column)
        if names is None:
            names = index[row.column] = _PLACEHOLDER.findall(row.column)
        if not names:
            if _GLOB.search(row.column) is None:  # a plain name: fnmatchcase is equality
                matched = column == row.column
            else:
                matched = fnmatch.fnmatchcase(column, row.column)
            if matched:
                return {"meaning": row.meaning, "unit": row.unit, "stage": row.stage}
            continue
        family = names[0]
        prefix, _, suffix = row.column.partition("{" + family + "}")
        if not (column.startswith(prefix) and column.endswith(suffix)):
            continue
        key = column[len(prefix):len(column) - len(suffix) if suffix else None]
        members = index.get(("family", family))
        if members is None:  # each member by name (the first of a name, as a scan finds it)
            members = index[("family", family)] = {}
            for item in (families or {}).get(family) or _family(family):
                members.setdefault(item["name"], item)
        item = members.get(key)
        if item is not None:
            fill = {"meaning": item["meaning"], "unit": item["unit"], "label": item["label"]}
            return {"meaning": row.meaning.format(**fill), "unit": row.unit.format(**fill),
                    "stage": row.stage}
    return None


def _columns(frame: pd.DataFrame) -> list[tuple[str, str]]:
    cols = []
    names = [n for n in frame.index.names if n is not None]
    if names:
        index = frame.index.to_frame(index=False)
        cols += [(str(n), str(index[n].dtype)) for n in names]
    cols += [(str(c), str(t)) for c, t in frame.dtypes.items()]
    return cols


def data_dictionary(frames: Mapping[str, pd.DataFrame], *, on_missing: str = "warn",
                    registry: str | None = None, codebook: Any = None) -> pd.DataFrame:
    """One row per column of every output frame, with its meaning, unit and stage.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        The outputs of a build by name (e.g. ``Corpus.outputs()`` plus any
        frames the build adds: ``quality``, ``readability``, ``change``, ...).
    on_missing : {"warn", "raise", "ignore"}, default "warn"
        What to do about columns the registry does not describe; they appear
        in the result with ``meaning`` NA either way (unless raised).
    registry : path, optional
        Another registry CSV (same columns) instead of the bundled one.
    codebook : Codebook, optional
        The theme codebook of the build (a researcher's, see
        :mod:`ogi_nlp.instruments`); default: the bundled one.

    Returns
    -------
    DataFrame
        ``output``, ``column``, ``dtype``, ``meaning``, ``unit``, ``stage``; in
        the order of ``frames`` and of each frame's columns.

    Raises
    ------
    CodebookError
        With ``on_missing="raise"``, naming every undescribed column.

    Examples
    --------
    >>> import pandas as pd
    >>> dd = data_dictionary({"wide": pd.DataFrame({"report": ["r"], "requests.new.total": [3]})})
    >>> dd.set_index("column").loc["requests.new.total", "unit"]
    '件'
    """
    allowed = ("warn", "raise", "ignore")
    if on_missing not in allowed:
        raise ValueError(f"on_missing={on_missing!r} is not one of {allowed}")
    reg = list(_read_registry(registry).itertuples(index=False))  # read once, not once per column
    families = {"theme": tuple(_themes(codebook))} if codebook is not None else None
    rows = []
    index: dict = {}  # what _match finds once for the registry
    for output, frame in frames.items():
        for column, dtype in _columns(frame):
            hit = _match(reg, output, column, families=families, index=index) or {"meaning": pd.NA, "unit": pd.NA, "stage": pd.NA}
            rows.append({"output": output, "column": column, "dtype": dtype, **hit})
    out = pd.DataFrame(rows, columns=_COLUMNS)
    missing = out[out["meaning"].isna()]
    if len(missing) and on_missing != "ignore":
        listed = ", ".join(f"{o}.{c}" for o, c in missing[["output", "column"]].values[:20])
        more = "" if len(missing) <= 20 else f" and {len(missing) - 20} more"
        message = (f"{len(missing)} output column(s) have no description in the registry "
                   f"(ogi_nlp/resources/columns.csv): {listed}{more}")
        if on_missing == "raise":
            raise CodebookError(message)
        warnings.warn(message, OGIWarning, stacklevel=2)
    return out


def undescribed_columns(frames: Mapping[str, pd.DataFrame], *, registry: str | None = None,
                        codebook: Any = None) -> pd.DataFrame:
    """The ``output`` and ``column`` of every column the registry does not describe.

    Examples
    --------
    >>> import pandas as pd
    >>> undescribed_columns({"panel": pd.DataFrame({"mystery": [1]})}).values.tolist()
    [['panel', 'mystery']]
    """
    dd = data_dictionary(frames, on_missing="ignore", registry=registry, codebook=codebook)
    return dd.loc[dd["meaning"].isna(), ["output", "column"]].reset_index(drop=True)


def _stata_names(columns: list[str]) -> list[str]:
    names: list[str] = []
    for column in columns:
        name = stata_name(column)
        if name in names or name.strip("_v") == "" or column.encode("ascii", "ignore").decode() != column:
            digest = hashlib.sha1(column.encode("utf-8")).hexdigest()[:6]
            name = f"{name[:25].rstrip('_')}_{digest}"
        names.append(name)
    return names


def _stata_labelled(frame: pd.DataFrame, columns: list[str], *, output: str, registry: str | None,
                    codebook: Any) -> tuple[list[str], dict[str, str]]:
    """The Stata name of each of ``columns`` (``frame``'s, its named index first) and the variable labels."""
    dd = data_dictionary({output: frame}, on_missing="warn", registry=registry, codebook=codebook)
    names = _stata_names(columns)
    labels = {}
    for column, name, meaning in zip(columns, names, dd["meaning"]):
        text = "" if pd.isna(meaning) else str(meaning)
        if name != column.replace(".", "_").lower():  # renamed: keep the original name in the label
            text = f"{column}: {text}"
        labels[name] = text[:80]
    return names, labels


def write_stata_parquet(source: str | os.PathLike[str], path: str | os.PathLike[str], *, output: str,
                        index: str | None = None, codebook: Any = None) -> None:
    """:func:`write_stata` of the frame in a Parquet file, read a chunk of rows at a time.

    The same file as ``write_stata(pd.read_parquet(source).set_index(index), ...)``,
    written by the Arrow passes of the tables' Stata export (no pandas frame
    of the data; see :func:`ogi_nlp.tables.export.write_stata`), or through
    pandas where they cannot take it (dates, no rows, very long text).

    Parameters
    ----------
    source : path
        A Parquet file written from a frame (with its pandas metadata).
    path : path
        The ``.dta`` file to write.
    output : str
        The output's name in the registry.
    index : str, optional
        The column :func:`write_stata` is given as the frame's index (it must
        be the file's first column to be written through Arrow).
    codebook : Codebook, optional
        The theme codebook of the build (default: the bundled one).

    Examples
    --------
    >>> import pandas as pd, tempfile, os
    >>> panel = pd.DataFrame({"report": ["r.pdf"], "disclosure_rate": [0.75]})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     panel.to_parquet(os.path.join(d, "panel.parquet"), index=False)
    ...     write_stata_parquet(os.path.join(d, "panel.parquet"), os.path.join(d, "panel.dta"),
    ...                         output="panel", index="report")
    ...     pd.read_stata(os.path.join(d, "panel.dta")).columns.tolist()
    ['report', 'disclosure_rate']
    """
    import pyarrow.parquet as pq

    from .tables.export import _empty_frame, _to_stata_from_parquet

    empty = _empty_frame(pq.read_schema(source))  # the columns and dtypes, no data
    columns = [str(c) for c in empty.columns]
    warned = False
    if index is None or (columns and columns[0] == index):
        frame = empty.set_index(index) if index is not None else empty
        labelled = _stata_labelled(frame, columns, output=output, registry=None, codebook=codebook)
        warned = True  # of undescribed columns
        if _to_stata_from_parquet(Path(source), Path(path), wide_frame=False, labelled=labelled):
            return
    frame = pd.read_parquet(source)
    with warnings.catch_warnings():
        if warned:
            warnings.simplefilter("ignore", OGIWarning)
        write_stata(frame.set_index(index) if index is not None else frame, path, output=output,
                    codebook=codebook)


def write_stata(frame: pd.DataFrame, path: str | os.PathLike[str], *, output: str,
                registry: str | None = None, codebook: Any = None) -> pd.DataFrame:
    """Write ``frame`` as a Stata 14+ file (``.dta`` version 118) labelled from the registry.

    Each variable gets a Stata name (the table variables' names from
    :func:`ogi_nlp.tables.export.stata_name`; a name with characters Stata
    cannot take, such as a Chinese dictionary category, gets a short hash)
    and, as its variable label, its meaning in the data dictionary (cut to
    Stata's 80 characters).  Booleans become 0/1, dates Stata dates, missing
    values Stata missing.  A named index is written as a column.

    Parameters
    ----------
    frame : DataFrame
        One output (e.g. the panel, the wide table).
    path : path
        The ``.dta`` file to write.
    output : str
        The output's name in the registry (``"panel"``, ``"wide"``, ...).
    registry : path, optional
        Another registry CSV.
    codebook : Codebook, optional
        The theme codebook of the build (default: the bundled one).

    Returns
    -------
    DataFrame
        ``column``, ``stata_name``, ``label``: how each column was written.

    Examples
    --------
    >>> import pandas as pd, tempfile, os
    >>> panel = pd.DataFrame({"disclosure_rate": [0.75]}, index=pd.Index(["r.pdf"], name="report"))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     names = write_stata(panel, os.path.join(d, "panel.dta"), output="panel")
    >>> names["stata_name"].tolist()
    ['report', 'disclosure_rate']
    """
    flat = frame.reset_index() if any(n is not None for n in frame.index.names) else frame.copy()
    flat.columns = [str(c) for c in flat.columns]
    names, labels = _stata_labelled(frame, list(flat.columns), output=output, registry=registry, codebook=codebook)
    columns: dict[str, Any] = {}  # made into a frame at once (not column by column)
    dates: dict[str, str] = {}
    for column, name in zip(flat.columns, names):
        values = flat[column]
        if values.isna().all():
            values = pd.Series(float("nan"), index=flat.index)  # Stata has no all-missing text column
        elif str(values.dtype) in ("bool", "boolean"):
            values = values.astype("Float64").astype("float64")
        elif values.dtype == object and values.map(lambda v: isinstance(v, date)).any():
            values = pd.to_datetime(values)
            dates[name] = "td"
        elif str(values.dtype).startswith(("Int", "Float", "UInt")):
            values = values.astype("float64")
        elif values.dtype == object or str(values.dtype) in ("str", "string"):
            values = values.map(lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
        columns[name] = values
    out = pd.DataFrame(columns, index=flat.index)
    out.to_stata(path, write_index=False, version=118, variable_labels=labels, convert_dates=dates or None)
    return pd.DataFrame({"column": list(flat.columns), "stata_name": names, "label": list(labels.values())})
