"""Many reports at once: in parallel, cached, streamed to disk, never stopped by one file.

:func:`read_corpus` lists every path of a folder (see :func:`ogi_nlp.engine.list_inputs`:
unsupported formats, hidden files, FIFOs and broken links get a row saying why
they were not read), runs every readable file through :class:`~ogi_nlp.report.Report`
in worker processes that are restarted when a file kills them (memory limit,
per-file time limit, crash), and writes each file's frames as they finish into
a Parquet dataset (``dataset/<frame>/part-NNNNNNN.parquet``), so a build's
memory does not grow with the corpus.  :class:`Corpus` reads frames back from
that dataset when asked.  Each file's result can be cached under its content
hash (and a fingerprint of the toolkit's code); each cache entry is checked
against hashes of its content and shape before use.  Exact duplicates (same
bytes) and near duplicates (the same narrative text, e.g. one report as PDF and
as HTML) are flagged in ``duplicate_of``.

Examples
--------
>>> from ogi_nlp import read_corpus
>>> from ogi_nlp.datasets import corpus_path
>>> corpus = read_corpus(corpus_path(), themes=False)
>>> corpus.reports()[["file", "status"]].head(2).values.tolist()
[['000_0bd4f94ff1c1a797.txt', 'ok'], ['001_dfbf40df936f33b0.txt', 'ok']]
"""
from __future__ import annotations

import csv
import gc
import hashlib
import importlib.resources
import itertools
import json
import multiprocessing as mp
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
import unicodedata
import warnings
import weakref
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from ._version import __version__
from .bodies import name_bodies
from .datadict import data_dictionary
from .datadict import write_stata_parquet
from .engine import SUPPORTED_SUFFIXES, InputEntry, Retry, WorkerPool, item_started, list_inputs, run_on_dask
from .errors import OGIWarning, ReportError
from .folder_manifest import apply_manifest
from .instruments import prepare_instruments
from .join import panel
from .quantities import COMPARE_DTYPES, _no_comparison
from .read import read_document
from .report import SENTENCE_COLUMNS, SENTENCE_DTYPES, TABLE_DTYPES, Report, _no_tables, sentences_frame
from .tables import carry_over_checks, variable_codebook, wide
from .tables.checks import CHECK_DTYPES, _no_checks_named
from .tables.export import _empty_frame, _order, plain_numbers, write_stata
from .tables.parse import typed_frame
from .themes import label_sentences, load_codebook, theme_profile

__all__ = ["Corpus", "Outcome", "read_corpus", "build_corpus", "add_theme_columns", "SUPPORTED_SUFFIXES",
           "DEFAULT_MEMORY_LIMIT", "DEFAULT_TIMEOUT"]

_FRAMES = ("sections", "sentences", "tables", "checks", "quantities")
_META_COLUMNS = [
    "agency", "year", "doc_type", "level", "title", "generation", "request_rows",
    "script", "format", "encoding", "pages", "sha256",
    # where each field came from, the body and its region (ogi_nlp.metadata)
    "agency_source", "year_source", "level_source", "generation_source", "title_source",
    "body_kind", "body_id", "province", "city", "county", "region_code", "region_source",
    "published", "published_source",  # the page's publication date (ogi_nlp.metadata), for timeliness
]
DEFAULT_MEMORY_LIMIT = 2 * 2**30  #: bytes one worker may use beyond its start (2 GiB)
DEFAULT_TIMEOUT = 600.0  #: seconds one file may take before its worker is stopped
_CACHE_FORMAT = 3  # 3: MinHash signatures of datasketch's affine32 scheme (computed by _minhash)


@dataclass
class Outcome:
    """What became of one input (plain data, cheap to send between processes).

    Its frames are not held here: they are in the corpus dataset
    (``dataset/<frame>/part-<holder>.parquet``, one part file per worker group of
    files, its rows marked by ``report``), ``rows`` counts them.
    """

    file: str
    status: str  # "ok", "error", "unsupported" or "skipped"
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    part: int = -1
    seconds: float = 0.0
    cached: bool = False
    text_key: str = ""  # hash of the normalised narrative text (near duplicates)
    minhash: list[int] = field(default_factory=list)
    chunk: int = -1  # the part file that holds its rows (a worker group's), -1: its own ``part``

    @property
    def holder(self) -> int:
        """Number of the dataset part file that holds this file's rows."""
        return self.part if self.chunk < 0 else self.chunk


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Hash of the toolkit's code and bundled resources: a change invalidates caches."""
    digest = hashlib.sha256(f"{__version__}/{_CACHE_FORMAT}".encode())
    root = importlib.resources.files("ogi_nlp")
    paths = sorted(Path(str(root)).rglob("*"))
    for path in paths:
        if path.is_file() and path.suffix in {".py", ".txt", ".csv", ".json", ".skops"}:
            digest.update(path.relative_to(str(root)).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_dir_for(cache: Path, sha: str, options: dict[str, Any]) -> Path:
    key = hashlib.sha256(json.dumps([_code_fingerprint(), options], sort_keys=True).encode())
    return cache / sha[:2] / f"{sha}-{key.hexdigest()[:12]}"


def _file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _record_sha(record: dict[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "record_sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


_RECORD_TYPES = {"path": str, "status": str, "reason": str, "warnings": list, "meta": dict,
                 "frames": dict, "text_key": str, "minhash": list, "record_sha256": str}


def _load_cached(folder: Path, file: str, path: str, part: int, dataset: Path) -> Outcome | None:
    """A verified cache entry copied into the dataset, or ``None`` (recompute).

    Checked before use: the record's shape and types, a hash of the record
    itself (a status flipped from error to ok fails it), and for each frame
    file its SHA-256, row count and column names (an edited value fails it).
    """
    meta_path = folder / "outcome.json"
    if not meta_path.is_file():
        return None
    try:
        import pyarrow.parquet as pq

        record = json.loads(meta_path.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or any(not isinstance(record.get(k), t) for k, t in _RECORD_TYPES.items()):
            return None
        if record["record_sha256"] != _record_sha(record) or record["status"] not in ("ok", "error"):
            return None
        if record["status"] == "ok" and set(record["frames"]) != set(_FRAMES):
            return None
        for name, info in record["frames"].items():
            if name not in _FRAMES or not isinstance(info, dict):
                return None
            frame_path = folder / f"{name}.parquet"
            if _file_sha(frame_path) != info.get("sha256"):
                return None
            shape = pq.read_metadata(frame_path)
            if shape.num_rows != info.get("rows") or list(shape.schema.names) != info.get("columns"):
                return None
        for name in record["frames"]:
            _place(folder / f"{name}.parquet", _part_path(dataset, name, part))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a damaged cache entry is recomputed, not trusted
    stored_path, meta, reason = record["path"], record["meta"], record["reason"]
    if stored_path != path:  # the same file read from another folder: point at this one
        reason = reason.replace(stored_path, path)
        meta["source"] = path
    return Outcome(file=file, status=record["status"], reason=reason, warnings=record["warnings"],
                   meta=meta, rows={k: v["rows"] for k, v in record["frames"].items()}, part=part,
                   cached=True, text_key=record["text_key"], minhash=record["minhash"])


def _store_cached(folder: Path, outcome: Outcome, path: str, tables: dict[str, Any]) -> None:
    import pyarrow.parquet as pq

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".entry-", dir=folder.parent))
    try:
        frames = {}
        for name in outcome.rows:
            target = tmp / f"{name}.parquet"
            pq.write_table(tables[name], target)  # the file's own rows (the dataset holds its group's)
            frames[name] = {"sha256": _file_sha(target), "rows": pq.read_metadata(target).num_rows,
                            "columns": list(pq.read_metadata(target).schema.names)}
        record = {"path": path, "status": outcome.status, "reason": outcome.reason,
                  "warnings": outcome.warnings, "meta": outcome.meta, "frames": frames,
                  "text_key": outcome.text_key, "minhash": outcome.minhash}
        record["record_sha256"] = _record_sha(json.loads(json.dumps(record, default=str)))
        (tmp / "outcome.json").write_text(json.dumps(record, ensure_ascii=False, default=str), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)  # an entry appears whole or not at all
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _place(source: Path, target: Path) -> None:
    """Hard-link ``source`` at ``target`` (copy across devices)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _part_path(dataset: Path, name: str, part: int) -> Path:
    return dataset / name / f"part-{part:07d}.parquet"


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


_DROP = re.compile(r"\W+")  # everything but letters and digits (the complement of \w)
_MINHASH_SIZE = 32
_MINHASH_SEED = 20261202  # fixed: signatures are stored in the cache and compared across runs
_MINHASH_SCHEME = "affine32"  # named, so signatures read back from the cache are compared alike
_MINHASH_BANDS = 3, 10  # LSH bands x rows: what datasketch's MinHashLSH(threshold=0.8, num_perm=32) chooses


@lru_cache(maxsize=1)
def _minhash_permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations ``a * h + b`` (mod 2**32) of datasketch's ``affine32`` scheme for our seed."""
    gen = np.random.RandomState(_MINHASH_SEED)
    a = gen.randint(0, 1 << 31, _MINHASH_SIZE, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, _MINHASH_SIZE, dtype=np.uint32)
    return a, b


def _minhash(values: Iterable[bytes]) -> list[int]:
    """The signature ``datasketch.MinHash(num_perm=32, seed=_MINHASH_SEED, scheme="affine32")``
    gives after ``update_batch(values)``, computed here with NumPy (the same values: tested against
    datasketch), so that a build does not import datasketch and SciPy's integrators (about 0.6 s).

    Each value's hash is the first 4 bytes of its SHA-1 (little-endian), pre-mixed with the
    MurmurHash3 finalizer, then permuted; the signature is the minimum per permutation.

    >>> len(_minhash([b"a", b"b"])), _minhash([b"a"]) == _minhash([b"a", b"a"])
    (32, True)
    """
    hv = np.array([int.from_bytes(hashlib.sha1(v).digest()[:4], "little") for v in values],
                  dtype=np.uint32).reshape(-1, 1)
    if not len(hv):
        return [0xFFFFFFFF] * _MINHASH_SIZE
    hv = hv ^ (hv >> np.uint32(16))  # MurmurHash3 fmix32, wrapping as datasketch's does
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    hv = hv ^ (hv >> np.uint32(16))
    a, b = _minhash_permutations()
    return [int(v) for v in (hv * a + b).min(axis=0)]


def _text_fingerprint(texts: list[str], headings: list[bool]) -> tuple[str, list[int]]:
    """Hash of the normalised narrative text and a MinHash of its sentences.

    Normalised: NFKC, letters and digits only, so the same report printed as
    PDF, HTML or txt (other spacing, punctuation widths, line breaks) gives the
    same key; the MinHash (over sentence hashes) finds copies that differ in a
    few sentences (page furniture, a footer).  ``texts``, ``headings``: the
    ``text`` and ``is_heading`` columns of the sentences, as lists.
    """
    normal = [_DROP.sub("", unicodedata.normalize("NFKC", t)) for t, h in zip(texts, headings) if not h]
    normal = [t for t in normal if len(t) >= 4]
    if not normal:
        return "", []
    key = hashlib.sha256("\n".join(normal).encode()).hexdigest()
    return key, _minhash([t.encode() for t in sorted(set(normal))])


def _arrow_frames(frames: dict[str, pd.DataFrame]) -> dict[str, Any]:
    import pyarrow as pa

    def arrow(name: str, frame: Any) -> Any:
        if isinstance(frame, pa.Table):
            return frame
        if isinstance(frame, _Sections):
            return frame.table()
        if isinstance(frame, _Columns):
            table = _columns_table([frame], name)
            return table if table is not None else pa.Table.from_pandas(frame.frame(), preserve_index=False)
        return pa.Table.from_pandas(frame, preserve_index=False)

    return {name: arrow(name, frame) for name, frame in frames.items()}


def _unified_schema(schemas: list[Any], order: Any = None) -> tuple[list[str], dict[str, Any], Any, Any]:
    """One schema for many parts: every column (first-seen order), types promoted, pandas metadata kept."""
    import pyarrow as pa

    kinds = [dict(zip(s.names, s.types)) for s in schemas]  # each schema's types by name (looked up once)
    names = list(dict.fromkeys(n for k in kinds for n in k))
    if order is not None:
        names = order(names)
    fields = {}
    for name in names:
        types = list(dict.fromkeys(k[name] for k in kinds if name in k))
        if len(types) == 1:  # what unify_schemas gives for one type, without it
            fields[name] = pa.field(name, types[0])
            continue
        try:
            fields[name] = pa.unify_schemas([pa.schema([pa.field(name, t)]) for t in types],
                                            promote_options="permissive").field(name)
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            # numbers in some parts, text in others (e.g. a column all missing in one report that
            # pandas typed as float): text holds both, and one report never stops a build
            fields[name] = pa.field(name, pa.large_string())
            warnings.warn(f"column {name!r} holds {' and '.join(map(str, types))} in different reports: "
                          "written as text", OGIWarning, stacklevel=2)
    metadata = _pandas_metadata(schemas, names, fields)
    plain = pa.schema([fields[n] for n in names])
    return names, fields, plain, metadata


def _conform(table: Any, names: list[str], fields: dict[str, Any], plain: Any) -> Any:
    """``table`` with every column of the unified schema (absent ones null), in its order and types."""
    import pyarrow as pa

    for name in names:
        if name not in table.column_names:
            table = table.append_column(name, pa.nulls(len(table), fields[name].type))
    return table.select(names).cast(plain)


def _joined_table(frames: list[pd.DataFrame], joined: pd.DataFrame | None = None) -> Any:
    """The part table of several files' frames of one kind, converted to Arrow in one go.

    The same table as converting each file's frame and unifying them (what
    :func:`_write_group` does otherwise): the same columns in the same order,
    types and pandas metadata.  Arrow infers a column's type from its pandas dtype,
    except for object columns, where it reads the values; for those (and for
    columns whose dtype differs between files) each file's column is converted
    alone to find its type, the joined column is converted to the unified type,
    and the pandas metadata is that of the first file where the column is not
    all null, as in the unification.  ``None`` (convert file by file) when the files' frames
    have other columns or column orders, attrs or categoricals.  Per-file
    conversion costs a fixed amount per column whatever its length, and a worker
    group has up to 32 files.  ``joined``: the frames already concatenated (with
    ``ignore_index``), when the caller has them.
    """
    import pyarrow as pa

    if len(frames) < 2 or not any(len(f) for f in frames):
        return None
    columns = list(frames[0].columns)
    if len(set(columns)) != len(columns) or any(f.attrs or list(f.columns) != columns for f in frames):
        return None
    dtypes = [f.dtypes.tolist() for f in frames]
    if any(isinstance(d, pd.CategoricalDtype) for kinds in dtypes for d in kinds):
        return None
    full = [i for i, f in enumerate(frames) if len(f)]
    ref = dtypes[full[0]]
    irregular = [j for j in range(len(columns)) if any(dtypes[i][j] == object or dtypes[i][j] != ref[j] for i in full)]
    for i, frame in enumerate(frames):  # a frame without rows: its object columns are null-typed, others as the rest
        if not len(frame) and any(d != object and (j in irregular or d != ref[j]) for j, d in enumerate(dtypes[i])):
            return None
    if joined is None:
        joined = pd.concat([frames[i] for i in full], ignore_index=True) if len(full) > 1 else frames[full[0]]
    regular = [c for j, c in enumerate(columns) if j not in irregular]
    known = pa.Table.from_pandas(joined, columns=regular, preserve_index=False) if regular else None
    arrays = {c: known.column(c) for c in regular}
    owners: dict[int, list[str]] = {}  # file -> the irregular columns whose pandas metadata it gives
    spans = {}  # file -> its rows in the joined frame
    at = 0
    for i in full:
        spans[i] = (at, len(frames[i]))
        at += len(frames[i])
    for j in irregular:
        name = columns[j]
        if all(dtypes[i][j] == object for i in full):
            # Values of one kind (text, integers or booleans: a float column may hide booleans, which
            # a file alone would type otherwise) in every file: a file's type is that of the joined
            # column or null where the file has no value (NumPy ints of fewer bits unify to int64),
            # so the unified type is the joined column's.  One conversion, not one per file.
            try:
                whole = pa.array(joined[name], from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
                return None
            kind = whole.type
            if (pa.types.is_string(kind) or pa.types.is_boolean(kind) or pa.types.is_null(kind)
                    or kind == pa.int64()):
                arrays[name] = whole
                owner = next((i for i in full if whole.slice(*spans[i]).null_count < spans[i][1]), None)
                if owner is not None:
                    owners.setdefault(owner, []).append(name)
                continue
        types = [pa.array(f[name], from_pandas=True).type if len(f) else pa.null() for f in frames]
        try:
            unified = pa.unify_schemas([pa.schema([pa.field(name, t)]) for t in dict.fromkeys(types)],
                                       promote_options="permissive").field(name).type
            arrays[name] = pa.array(joined[name], type=unified, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
            return None
        owner = next((i for i, t in enumerate(types) if not pa.types.is_null(t)), None)
        if owner is not None:
            owners.setdefault(owner, []).append(name)
    table = pa.Table.from_arrays([arrays[c] for c in columns], names=columns)
    names, fields, plain, _ = _unified_schema([table.schema])
    first = [pa.Table.from_pandas(frames[i], columns=cols, preserve_index=False).schema
             for i, cols in sorted(owners.items())]
    metadata = _pandas_metadata(first + ([known.schema] if known is not None else []), names, fields)
    return table.cast(plain).replace_schema_metadata(metadata)


def _write_group(items: list[tuple[dict[str, pd.DataFrame], dict[str, Any] | None]], dataset: Path,
                 holder: int, sentences: pd.DataFrame | None = None) -> None:
    """One part file per frame for a worker group's files (rows in file order).

    ``items``: each file's frames and, if already made, their Arrow tables.  The
    same schema unification as the corpus outputs (:class:`_FrameWriter`), so a
    group's part reads as its files' parts would, joined; the frames of a group
    are converted to Arrow together when that gives the same table
    (:func:`_joined_table`), else file by file.  ``sentences``: the files'
    sentences already concatenated (labelled with themes in one batch).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    for name in _FRAMES:
        given = [frames[name] for frames, _ in items]
        shared = False  # the part is a table without rows kept for the process (_EMPTY, _EMPTY_GROUPS)
        if any(isinstance(frame, _Sections) for frame in given):
            # every file's sections as lists: made into Arrow at once; else each file's table
            given = ([_Sections.joined(given)] if all(isinstance(frame, _Sections) for frame in given)
                     else [frame.table() if isinstance(frame, _Sections) else frame for frame in given])
        made = [isinstance(frame, pa.Table) for frame in given]  # made in Arrow by _analyse
        if name == "sentences" and any(isinstance(frame, _Columns) for frame in given):
            table = None
            if len(given) > 1 and all(isinstance(frame, _Columns) for frame in given):
                # several files' sentences as lists (each with some): made into Arrow from them
                table = _columns_table(given, name)
            if table is None:  # as their frames (a file without sentences gives a frame)
                given = [frame.frame() if isinstance(frame, _Columns) else frame for frame in given]
                table = _joined_table(given)
        elif all(made):  # one schema (_sections_schema)
            table = pa.concat_tables(given) if len(given) > 1 else given[0]
        elif any(made):
            table = None
        elif any(isinstance(frame, _Columns) for frame in given):
            table = _columns_table(given, name)
            if table is None:  # as frames, file by file
                given = [frame.frame() if isinstance(frame, _Columns) else frame for frame in given]
        else:
            table = _joined_table(given, sentences if name == "sentences" else None)
        if table is None:
            # a frame without rows converts as any other of its shape (once per process)
            pieces = [tables[name] if tables is not None else frame if is_table else _converted(frame, name)
                      for (frames, tables), frame, is_table in zip(items, given, made)]
            # every file's frame without rows and of one shape: the group's part is remembered too
            remembered = (len(pieces) > 1 and all(t is pieces[0] for t in pieces)
                          and any(t is pieces[0] for t in _EMPTY.values()))
            key = (id(pieces[0]), len(pieces))
            if len(pieces) == 1:
                table = pieces[0]
                shared = any(table is t for t in _EMPTY.values())
            elif remembered and key in _EMPTY_GROUPS:
                table = _EMPTY_GROUPS[key]
                shared = True
            else:
                names, fields, plain, metadata = _unified_schema([t.schema for t in pieces])
                conformed: dict[int, Any] = {}  # a table met again (one shape's conversion) is conformed once
                for t in pieces:
                    if id(t) not in conformed:
                        conformed[id(t)] = _conform(t, names, fields, plain)
                table = pa.concat_tables([conformed[id(t)] for t in pieces])
                table = table.replace_schema_metadata(metadata)
                if remembered:
                    if len(_EMPTY_GROUPS) >= 256:
                        _EMPTY_GROUPS.clear()
                        _PART_BYTES.clear()
                    _EMPTY_GROUPS[key] = table
                    shared = True
        target = _part_path(dataset, name, holder)
        target.parent.mkdir(parents=True, exist_ok=True)
        if shared:  # its Parquet file is the same every time: made once, its bytes written
            made_once = _PART_BYTES.get(id(table))
            if made_once is None or made_once[0] is not table:
                sink = pa.BufferOutputStream()
                pq.write_table(table, sink)
                made_once = _PART_BYTES[id(table)] = (table, sink.getvalue().to_pybytes())
            target.write_bytes(made_once[1])
        else:
            pq.write_table(table, target)


# Arrow tables of frames without rows, by shape, kept for the process: most reports of some
# corpora have no table values, checks or quantities, and each conversion costs as much as one
# with rows.  _EMPTY_GROUPS: a group's part when all its files' frames are such a table.
_EMPTY: dict[tuple, Any] = {}
_EMPTY_GROUPS: dict[tuple[int, int], Any] = {}
# id of such a table -> (the table, its Parquet file's bytes)
_PART_BYTES: dict[int, tuple[Any, bytes]] = {}


def _shared_empty() -> tuple[pd.DataFrame, ...]:
    """The frames without rows that :func:`_analyse` gives as themselves (made once per process)."""
    return _no_tables(), _no_checks_named(), _no_comparison(True)


# id of a shared frame without rows (_shared_empty) -> (the frame, its key in _EMPTY)
_SHARED_KEYS: dict[int, tuple[pd.DataFrame, tuple]] = {}


def _converted(frame: pd.DataFrame, name: str, empty: dict[tuple, Any] | None = None) -> Any:
    """``_arrow_frames({name: frame})[name]``, made once per shape for frames without rows
    (most reports' tables, checks and quantities in some corpora: each conversion costs as
    much as one with rows).  ``empty``: the conversions already made, by shape (default:
    those of this process)."""
    if len(frame) or frame.attrs:
        return _arrow_frames({name: frame})[name]
    known = _SHARED_KEYS.get(id(frame))
    if known is not None and known[0] is frame:  # a shared frame: its shape read once
        hit = (_EMPTY if empty is None else empty).get(known[1])
        if hit is not None:
            return hit
    key = (tuple(frame.columns), tuple(frame.dtypes), frame.columns.dtype, frame.columns.name,
           type(frame.index), frame.index.dtype, frame.index.name)
    memo = _EMPTY if empty is None else empty
    try:
        hit = memo.get(key)
    except TypeError:  # an unhashable column name or dtype
        return _arrow_frames({name: frame})[name]
    if hit is None:
        if memo is _EMPTY and len(_EMPTY) >= 256:
            _EMPTY.clear()
            _EMPTY_GROUPS.clear()  # keyed by the ids of the tables just dropped
            _PART_BYTES.clear()
        hit = memo[key] = _arrow_frames({name: frame})[name]
    if any(frame is shared for shared in _shared_empty()):
        _SHARED_KEYS[id(frame)] = (frame, key)
    return hit


# Files per worker task, at most: their sentences get themes in one batch and their frames
# go to one part file each.  A task's set-up (the batch, the part files, the schemas) costs
# about as much as reading a few files, so tasks are large; the time limit is per file.
_GROUP = 32


def _groups(tasks: list[Any], workers: int) -> list[list[Any]]:
    """Split ``tasks`` into groups of near-equal size: at most ``_GROUP`` files, and at
    least four groups per worker (a multiple of the workers), so that no worker waits long
    for another at the end.

    >>> [len(g) for g in _groups(list(range(300)), 2)]
    [30, 30, 30, 30, 30, 30, 30, 30, 30, 30]
    >>> [len(g) for g in _groups(list(range(10)), 2)]
    [1, 1, 1, 2, 1, 1, 1, 2]
    """
    if not tasks:
        return []
    count = min(len(tasks), workers * max(4, -(-len(tasks) // (_GROUP * workers))))
    return [tasks[i * len(tasks) // count:(i + 1) * len(tasks) // count] for i in range(count)]


def _group_failed(group: list[dict[str, Any]], reason: str) -> Any:
    """A group whose worker died is retried file by file; a single file gets its error row."""
    if len(group) > 1:
        return Retry([[task] for task in group])
    return [_error(group[0], reason)]


def _error(task: dict[str, Any], reason: str) -> Outcome:
    """The outcome standing for a task whose worker died, hung or ran out of memory."""
    shown = task["file"]
    return Outcome(file=shown, status="error", reason=f"{shown}: {reason}", part=task["part"],
                   warnings=list(task.get("warnings", [])))


def _fault(kind: str) -> None:
    """Test hook (reachable only from code, never from data): misbehave like a bad file."""
    if kind == "hang":
        time.sleep(3600)
    elif kind == "memory":
        hoard = []
        while True:
            hoard.append(bytearray(64 * 2**20))
    elif kind == "crash":
        os.kill(os.getpid(), 9)
    elif kind == "raise":
        raise RuntimeError("injected failure")


def _process(task: dict[str, Any]) -> Outcome:
    """Run one file through every stage and write its frames (see :func:`_process_group`)."""
    return _process_group([task])[0]


def _internal_error(file: str, exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1]
    return (f"{file}: internal error {type(exc).__name__}: {exc} "
            f"(at {Path(last.filename).name}:{last.lineno}); please report it")


def _process_group(tasks: list[dict[str, Any]]) -> list[Outcome]:
    """Run a few files through every stage, themes predicted for all their sentences at once.

    Never raises (except MemoryError, which the worker turns into error rows).
    Each file's frames go to the dataset; each result is cached when asked.
    """
    done: dict[int, Outcome] = {}
    pending: list[tuple[dict[str, Any], dict[str, pd.DataFrame], dict[str, Any], Path | None, float]] = []
    for task in tasks:
        item_started()  # the per-file time limit runs from here
        started = time.perf_counter()
        path, file, options = task["path"], task["file"], task["options"]
        dataset, part, cache = Path(task["dataset"]), task["part"], task["cache"]
        try:
            import stat as _stat

            if not _stat.S_ISREG(os.stat(path).st_mode):  # replaced by a FIFO since it was listed
                raise OSError("not a regular file any more")
            sha = _file_sha(Path(path))
        except OSError as exc:
            done[part] = Outcome(file=file, status="error", part=part,
                                 reason=f"{file}: cannot read file: {getattr(exc, 'strerror', None) or exc}")
            continue
        cache_folder = None
        if cache:
            # Keyed by content and by the file's name too: rows carry the name of their report.
            cache_folder = _cache_dir_for(Path(cache), sha, {**options, "file": file})
            hit = _load_cached(cache_folder, file, path, part, dataset)
            if hit is not None:
                done[part] = hit
                continue
        try:
            if task.get("fault"):
                _fault(task["fault"])
            # the sentences as lists (no frame per report), unless the researcher's dictionaries read them
            frames, meta = _analyse(path, file, lists=not task.get("instruments"))
            if task.get("instruments"):  # the researcher's dictionaries: dict_<category> per sentence
                frames["sentences"] = task["instruments"].code_sentences(frames["sentences"])
        except ReportError as exc:
            done[part] = Outcome(file=file, status="error", reason=str(exc), part=part)
        except MemoryError:
            raise
        except Exception as exc:  # a bug on one file must not stop the batch; keep its trace
            done[part] = Outcome(file=file, status="error", part=part, reason=_internal_error(file, exc))
        else:
            pending.append((task, frames, meta, cache_folder, time.perf_counter() - started))
        if part in done and cache_folder is not None and "internal error" not in done[part].reason:
            _try_store(cache_folder, done[part], path, {})
    if pending and pending[0][0]["options"].get("themes"):
        instruments = pending[0][0].get("instruments")
        labelled = _label_batch(pending, done, classifier=instruments.classifier() if instruments else None)
    else:
        labelled = None
    written: list[tuple[Outcome, dict[str, pd.DataFrame], dict[str, Any] | None, float]] = []
    for task, frames, meta, cache_folder, seconds in pending:
        part, file = task["part"], task["file"]
        if part in done:
            continue
        started = time.perf_counter()
        # from the report's sentence lists (themes and dictionaries add columns, never change the text)
        text_key, minhash = meta.pop("_fingerprint")
        tables = frames["tables"]
        meta["_n_values"] = _values_given(tables) if len(tables) else 0
        if len(frames["checks"]):
            checks = frames["checks"]
            holds = pd.Series(pd.array(checks.data["holds"], dtype="boolean")) if isinstance(checks, _Columns) \
                else checks["holds"]
            meta["_n_checks_evaluated"] = int(holds.notna().sum())
            meta["_n_checks_failed"] = int(holds.eq(False).sum())
        else:  # no check: none evaluated, none failed
            meta["_n_checks_evaluated"] = meta["_n_checks_failed"] = 0
        if cache_folder is not None:  # the file's own tables (its sentences as their frame converts)
            sentences = frames["sentences"]
            tables = _arrow_frames({**frames, "sentences": sentences.frame()} if isinstance(sentences, _Columns)
                                   else frames)
        else:  # converted with the group's
            tables = None
        outcome = Outcome(file=file, status="ok", warnings=list(meta.pop("warnings", [])), meta=meta,
                          rows={name: len(frame) for name, frame in frames.items()}, part=part,
                          text_key=text_key, minhash=minhash)
        if cache_folder is not None:
            _try_store(cache_folder, outcome, task["path"], tables)
        done[part] = outcome
        written.append((outcome, frames, tables, seconds + time.perf_counter() - started))
    if written:  # one part file per frame for the group's files, not one per file
        started = time.perf_counter()
        holder = written[0][0].part
        joined = labelled if len(written) == len(pending) else None  # the group's sentences as labelled, joined
        _write_group([(frames, tables) for _, frames, tables, _ in written], Path(tasks[0]["dataset"]), holder,
                     joined)
        share = (time.perf_counter() - started) / len(written)
        for outcome, _, _, seconds in written:
            outcome.chunk = holder if len(written) > 1 else -1
            outcome.seconds = round(seconds + share, 4)
    results = []
    for task in tasks:
        outcome = done[task["part"]]
        extra = list(task.get("warnings", []))
        outcome.warnings = extra + [w for w in outcome.warnings if w not in extra]
        results.append(outcome)
    return results


def _values_given(tables: Any) -> int:
    """The values of a report's tables (its frame, or its :class:`_Columns`) that are not missing.

    >>> _values_given(_Columns({"value": [1, 2.5, None, pd.NA, float("nan")]}, {"value": "Float64"}))
    2
    """
    if not isinstance(tables, _Columns):
        return int((~tables["value"].isna()).sum())
    values = tables.data["value"]
    if all(type(v) in (int, float) or v is None or v is pd.NA for v in values):
        # as the Float64 array counts them: None, NA and NaN are missing
        return sum(1 for v in values if v is not None and v is not pd.NA and v == v)
    return int((~pd.array(values, dtype="Float64").isna()).sum())


def _warm_up(task: dict[str, Any]) -> None:
    """Load the dictionaries, templates and theme model once, in the process workers fork from.

    Runs one bundled report through the stages a task will run (nothing is
    written); without it every worker loads them again (about 1-3 s each).
    """
    from .datasets import corpus_path

    collecting = gc.isenabled()
    gc.disable()  # loading makes long-lived objects, next to no garbage: no collection meanwhile
    try:
        sample = min(corpus_path().glob("*.txt"))
        frames, _ = _analyse(str(sample), sample.name)
        if task["options"].get("themes"):
            instruments = task.get("instruments")
            add_theme_columns(frames["sentences"], instruments.classifier() if instruments else None)
        if task.get("instruments"):
            task["instruments"].code_sentences(frames["sentences"])
    except Exception:  # noqa: BLE001 - only a head start: a worker meets any real problem itself
        pass
    finally:
        if collecting:
            gc.enable()


def _try_store(cache_folder: Path, outcome: Outcome, path: str, tables: dict[str, Any]) -> None:
    try:
        _store_cached(cache_folder, outcome, path, tables)
    except OSError:
        pass  # an unwritable cache slows the next run; it does not change this one


def _label_batch(pending: list, done: dict[int, Outcome], classifier: Any = None) -> pd.DataFrame | None:
    """Theme columns for the sentences of every pending file, predicted in one batch.

    ``classifier``: the researcher's (loaded once per process), else the bundled one.
    Returns the batch's labelled sentences, every file's in order (each file's
    frame is its slice), or ``None`` when they were labelled file by file.
    """
    started = time.perf_counter()
    sentences = [frames["sentences"] for _, frames, _, _, _ in pending]
    if any(isinstance(s, _Columns) for s in sentences):
        labelled_columns = _label_columns(sentences, classifier)
        if labelled_columns is not None:  # each file's sentences stay lists, with the theme columns added
            share = (time.perf_counter() - started) / len(pending)
            for index, piece in enumerate(labelled_columns):
                task, frames, meta, cache_folder, seconds = pending[index]
                frames["sentences"] = piece
                pending[index] = (task, frames, meta, cache_folder, seconds + share)
            return None
        # as frames: the batch labelled below (a file's error found there)
        sentences = [sentences_frame(s.data) if isinstance(s, _Columns) else s for s in sentences]
    try:
        labelled = add_theme_columns(pd.concat(sentences, ignore_index=True), classifier)
        pieces, at = [], 0
        for frame in sentences:
            pieces.append(labelled.iloc[at:at + len(frame)].reset_index(drop=True))
            at += len(frame)
    except MemoryError:
        raise
    except Exception:  # one file's sentences broke the batch: label file by file
        labelled = None
        pieces = []
        for (task, _, _, _, _), frame in zip(pending, sentences):
            try:
                pieces.append(add_theme_columns(frame, classifier))
            except MemoryError:
                raise
            except Exception as exc:
                done[task["part"]] = Outcome(file=task["file"], status="error", part=task["part"],
                                             reason=_internal_error(task["file"], exc))
                pieces.append(frame)
    share = (time.perf_counter() - started) / max(1, len(pending))
    for index, piece in enumerate(pieces):
        task, frames, meta, cache_folder, seconds = pending[index]
        frames["sentences"] = piece
        pending[index] = (task, frames, meta, cache_folder, seconds + share)
    return labelled


def _analyse(path: str, file: str, lists: bool = False) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """A report's frames and its metadata; ``meta["_fingerprint"]`` is the text fingerprint of its
    sentences (:func:`_text_fingerprint`, from the lists the frame is built from), which
    :func:`_process_group` takes out before the metadata is kept.  ``lists``: the sentences
    as their columns (:class:`_Columns` of ``Report._sentence_columns``), not a frame."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # warnings are kept as data in meta["warnings"]
        report = Report(read_document(path))
        report.document.name = file
        # the report is this function's alone: its kept frames need no copy
        if report._section_columns["key"]:  # straight to Arrow (with the group's): no pandas frame to convert
            sections = _Sections(report._section_columns, file)
        else:
            sections = report.sections
            sections["report"] = file
        checks, quantities = report._check_columns, report._quantity_columns
        table_columns = report._table_columns
        frames = {
            "sections": sections,
            "sentences": (_Columns(report._sentence_columns, SENTENCE_DTYPES)
                          if lists and report._sentence_columns["sentence_id"] else report._sentences),
            "tables": (_Columns(table_columns, TABLE_DTYPES) if table_columns is not None and table_columns["table"]
                       # no value: the frame Report._tables copies (the report's own, no copy needed)
                       else _no_tables() if table_columns is not None or not len(report._table_result.values)
                       else report._tables),
            # as lists, made into Arrow with the group's (no pandas frame); none: the frame of
            # none, as made once per process (the report's frames copy it)
            "checks": _Columns(checks, CHECK_DTYPES) if checks["check"] else _no_checks_named(),
            "quantities": (_Columns(quantities, COMPARE_DTYPES) if quantities["sentence_id"]
                           else _no_comparison(True)),
        }
        meta = _jsonable(report.meta)
        meta["_fingerprint"] = _text_fingerprint(report._sentence_columns["text"], report._sentence_columns["is_heading"])
    return frames, meta


@dataclass
class _Columns:
    """A report's frame as its columns (lists of values): :func:`_write_group` makes them into
    Arrow with the group's, with the types and pandas metadata of converting the frame
    ``typed_frame(data, dtypes)`` (:func:`_columns_table`), without making it."""

    data: dict[str, list[Any]]
    dtypes: dict[str, str]

    def __len__(self) -> int:
        return len(next(iter(self.data.values()), ()))

    def frame(self) -> pd.DataFrame:
        return typed_frame(self.data, self.dtypes)


# (column, dtype, the types of its values) -> its Arrow type, its pandas metadata, the rest of
# the metadata (as converting a frame of such a column gives them) and that key: the types pandas infers from a
# list, and Arrow from an object column, depend on the types of the values alone (integers
# within int64).  Kept for the process: a few dozen kinds.
_KINDS: dict[tuple, tuple[Any, dict[str, Any], dict[str, Any], tuple]] = {}
_INT64 = (-(1 << 63), 1 << 63)
# the kinds of values whose column types do not depend on their order: numbers, text or booleans,
# each with missing values
_MISSING = {"nan", type(None), type(pd.NA)}
_ONE_WAY = tuple(frozenset(group) | _MISSING for group in ({int, float}, {str}, {bool}))
# the unified schema of a group's files by their columns' kinds (the keys of _KINDS)
_UNIFIED: dict[tuple, tuple[list[str], dict[str, Any], Any, Any]] = {}


def _kind_key(name: str, values: list[Any], dtype: str | None) -> tuple | None:
    """The key of the kind of the column ``values`` (:data:`_KINDS`), ``None`` when integers
    beyond int64 make its type depend on their values."""
    inferred = dtype in (None, "object")  # else the dtype decides the types, whatever the values
    kinds: frozenset = frozenset()
    if inferred:
        kinds = frozenset(map(type, values))
        if any(issubclass(k, float) for k in kinds):
            # a float NaN is a kind of its own: pandas and Arrow type a column holding it apart from other floats
            kinds = frozenset("nan" if isinstance(v, float) and v != v else type(v) for v in values)
        if not any(kinds <= group for group in _ONE_WAY):
            return None  # e.g. booleans among numbers: Arrow's type then depends on their order
        if kinds == {int}:
            if values and (min(values) < _INT64[0] or max(values) >= _INT64[1]):
                return None
        elif int in kinds and any(type(v) is int and not _INT64[0] <= v < _INT64[1] for v in values):
            return None
    return name, dtype, kinds


def _learn_kinds(columns: dict[str, list[Any]], dtypes: dict[str, str], keys: dict[str, tuple]) -> None:
    """Put the kinds of ``columns`` (of one length) in :data:`_KINDS` under ``keys``, from one
    conversion of their frame: a column's Arrow type and pandas metadata are those of
    converting it alone (each column typed by itself; the metadata apart from the columns'
    is that of any frame with no index kept)."""
    import pyarrow as pa

    sample = typed_frame(columns, dtypes)
    schema = pa.Table.from_pandas(sample, preserve_index=False).schema
    meta = json.loads(schema.metadata[b"pandas"])
    entries = {column["name"]: column for column in meta["columns"]}
    if len(_KINDS) + len(keys) > 256:
        _KINDS.clear()
        _UNIFIED.clear()
    for name, key in keys.items():
        _KINDS[key] = (schema.field(name).type, entries[name], {**meta, "columns": [entries[name]]}, key)


def _piece_kinds(piece: _Columns, names: list[str]) -> list[Any] | None:
    """The Arrow type and pandas metadata of each of a piece's columns in its converted frame,
    and the key of its kind (:data:`_KINDS`); ``None`` when integers beyond int64 make a
    column's type depend on its values.  The kinds not yet known are learnt together (one
    conversion of their columns, not one per column)."""
    keys = [_kind_key(n, piece.data[n], piece.dtypes.get(n)) for n in names]
    if any(k is None for k in keys):
        return None
    unknown = {n: k for n, k in zip(names, keys) if k not in _KINDS}
    if unknown:
        _learn_kinds({n: piece.data[n] for n in unknown},
                     {n: piece.dtypes[n] for n in unknown if piece.dtypes.get(n)}, unknown)
    return [_KINDS[k] for k in keys]


def _columns_table(pieces: list[Any], name: str) -> Any:
    """See :func:`_made_table`; ``None`` too where Arrow cannot make the values so."""
    import pyarrow as pa

    try:
        return _made_table(pieces, name)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        return None  # the frames converted file by file say what is wrong with them


# types that one column may hold in different files of a group and be joined as one
_JOINABLE = ("int64", "double"), ("string", "large_string")


def _made_table(pieces: list[Any], name: str) -> Any:
    """The part table of a group's frames of one kind given as :class:`_Columns` (a frame
    without rows may be given as itself), or ``None`` where they cannot be made so.

    The table of converting each file's frame and unifying them (as :func:`_write_group`
    does file by file): each file's schema and pandas metadata are those of its columns'
    kinds (:func:`_piece_kinds`), unified as there; each column's values, joined, are
    converted once to the unified type.
    """
    import pyarrow as pa

    given = [p for p in pieces if isinstance(p, _Columns)]
    names = list(given[0].data)
    files: list[Any] = []  # each file's schema, or the keys of its columns' kinds
    given_kinds: list[list[Any]] = []  # the kinds of each _Columns piece's columns
    for piece in pieces:
        if not isinstance(piece, _Columns):
            if len(piece):
                return None
            schema = _converted(piece, name).schema
            files.append((schema, (schema.metadata or {}).get(b"pandas")))
            continue
        if list(piece.data) != names:
            return None
        kinds = _piece_kinds(piece, names)
        if kinds is None:
            return None
        given_kinds.append(kinds)
        files.append(tuple(k[3] for k in kinds))
    # a schema met again changes no unification (first-seen names, types and metadata): the
    # files' distinct ones, in first-seen order, are unified (and key the unification)
    distinct = list(dict.fromkeys(files))
    key = (name, tuple(names), tuple(distinct))
    unified = _UNIFIED.get(key)
    if unified is None:
        # types that unify only as text (numbers in one file, text in another): converted as frames
        for j in range(len(names)):
            types = {str(kinds[j][0]) for kinds in given_kinds} - {"null"}
            if len(types) > 1 and not any(types <= set(joinable) for joinable in _JOINABLE):
                return None
        first: dict[Any, Any] = {}  # each distinct file's column kinds (None: a frame's schema)
        each = iter(given_kinds)
        for piece, file in zip(pieces, files):
            first.setdefault(file, next(each) if isinstance(piece, _Columns) else None)
        schemas = []
        for file in distinct:
            kinds = first[file]
            if kinds is None:
                schemas.append(file[0])
                continue
            meta = {**kinds[0][2], "columns": [k[1] for k in kinds]}  # a file's metadata, as its conversion gives
            schemas.append(pa.schema([pa.field(n, k[0]) for n, k in zip(names, kinds)],
                                     metadata={b"pandas": json.dumps(meta).encode()}))
        unified = _unified_schema(schemas)
        if len(_UNIFIED) >= 1024:
            _UNIFIED.clear()
        _UNIFIED[key] = unified
    order, fields, plain, metadata = unified
    if order != names:
        return None
    arrays = []
    for n in names:
        if len(given) == 1:
            values = given[0].data[n]
        elif all(isinstance(p.data[n], np.ndarray) for p in given):  # e.g. theme columns (_label_columns)
            values = np.concatenate([p.data[n] for p in given])
        else:
            values = list(itertools.chain.from_iterable(p.data[n] for p in given))
        arrays.append(pa.array(values, type=fields[n].type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=plain).replace_schema_metadata(metadata)


@lru_cache(maxsize=1)
def _sections_schema() -> Any:
    """The Arrow schema of a worker's sections frame (``Report.sections`` and its ``report``
    column) as a group's part holds it: that of the pandas frame, converted once per process."""
    import pyarrow as pa

    from .report import sections_frame

    sample = sections_frame({"key": ["k"], "title": ["t"], "start": [0], "end": [0]})
    sample["report"] = "r"
    _, _, plain, metadata = _unified_schema([pa.Table.from_pandas(sample, preserve_index=False).schema])
    return plain.with_metadata(metadata)


def _sections_table(columns: dict[str, list[Any]], file: str | list[str]) -> Any:
    """``Report.sections`` with its ``report`` column as an Arrow table, made from the frame's
    columns (``Report._section_columns``, at least one section) without a pandas frame.
    ``file``: the report's name, or each row's (several reports' sections joined)."""
    import pyarrow as pa

    schema = _sections_schema()
    values = {**columns, "report": [file] * len(columns["key"]) if isinstance(file, str) else file}
    return pa.Table.from_arrays([pa.array(values[f.name], f.type) for f in schema], schema=schema)


@dataclass
class _Sections:
    """A report's sections (``Report._section_columns``, at least one) and its file name: the
    table of :func:`_sections_table`, made when written, with the other files' of the group."""

    columns: dict[str, list[Any]]
    file: str

    def __len__(self) -> int:
        return len(self.columns["key"])

    def table(self) -> Any:
        return _sections_table(self.columns, self.file)

    @staticmethod
    def joined(pieces: list["_Sections"]) -> Any:
        """The tables of ``pieces`` concatenated, made as one (each column converted once)."""
        if len(pieces) == 1:
            return pieces[0].table()
        columns = {name: list(itertools.chain.from_iterable(p.columns[name] for p in pieces))
                   for name in pieces[0].columns}
        files = [p.file for p in pieces for _ in range(len(p))]
        return _sections_table(columns, files)


def add_theme_columns(sentences: pd.DataFrame, classifier: Any = None) -> pd.DataFrame:
    """Label sentences with themes, in columns that CSV and Parquet keep.

    Adds ``themes`` (";"-joined theme keys, "" for none, i.e. ``other``), one
    boolean column per theme of the codebook, and ``p_<theme>``: the calibrated
    probability behind each boolean (the boolean is the probability at or above
    the theme's threshold, chosen in cross-validation).

    Parameters
    ----------
    sentences : DataFrame
        Has ``text`` and, ideally, ``section``, ``is_heading`` and ``report``, in
        document order (the model reads the section and the sentences before each
        one: see :func:`ogi_nlp.themes.label_sentences`).
    classifier : ThemeClassifier, optional
        Default: the bundled classifier, loaded once per process.
    """
    keys = classifier.codebook_.keys if classifier is not None else _default_theme_keys()
    added = ["themes", *keys, *(f"p_{key}" for key in keys)]
    if (len(sentences) and "text" in sentences.columns and not sentences.columns.isin(added).any()
            and len(set(added)) == len(added) and sentences.columns.is_unique and sentences.index.is_unique
            and not sentences.attrs):
        # the frame label_sentences and the steps below give, its new columns made at once
        from .themes.labels import _scores, default_classifier

        model = classifier if classifier is not None else default_classifier()
        if list(model.classes_) == list(keys):
            joined, has, proba = _theme_values(*_scores(sentences, model), keys)
            index = sentences.index  # the new columns as three frames: text, booleans, probabilities
            themes = pd.DataFrame({"themes": joined}, index=index)
            flags = pd.DataFrame(has, columns=list(keys), index=index)
            probs = pd.DataFrame(proba, columns=[f"p_{key}" for key in keys], index=index)
            return pd.concat([sentences, themes, flags, probs], axis=1)
    labelled = label_sentences(sentences, classifier=classifier, probabilities=True)
    found = labelled["themes"].tolist()
    labelled["themes"] = [";".join(labels) for labels in found]
    probs = labelled[[f"p_{key}" for key in keys]]
    labelled = labelled.drop(columns=probs.columns)
    for key in keys:
        labelled[key] = [key in labels for labels in found]
    for key in keys:
        labelled[f"p_{key}"] = probs[f"p_{key}"].astype(float).to_numpy()
    return labelled


def _theme_values(proba: Any, found: list[tuple[str, ...]], keys: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The theme columns of :func:`add_theme_columns` from a classifier's probabilities and label
    tuples: ``themes`` (";"-joined), the booleans (sentence x theme) and the probabilities as floats.

    >>> _theme_values(np.array([[0.9, 0.1]]), [("a",)], ["a", "b"])[:2]
    (['a'], array([[ True, False]]))
    """
    sets: dict[tuple[str, ...], int] = {}  # each distinct set of themes joined and spread once
    which = np.fromiter((sets.setdefault(labels, len(sets)) for labels in found), dtype=np.int64, count=len(found))
    joined = [";".join(labels) for labels in sets]
    has = np.asarray([[key in labels for key in keys] for labels in sets], dtype=bool).reshape(len(sets), -1)
    return [joined[i] for i in which.tolist()], has[which], np.asarray(proba, dtype=float)


def _label_columns(pieces: list[Any], classifier: Any = None) -> list[_Columns] | None:
    """Each file's sentences (:class:`_Columns` of ``Report._sentence_columns``) with the theme
    columns of :func:`add_theme_columns` added, predicted for the files' sentences joined, read
    from the lists (no frame); ``None`` where the frames are to be labelled instead: a file
    without sentences, a classifier that reads a frame, or any error (the frames then say which file).

    The same values as labelling the frames joined: the scorer reads the lists the frame's
    columns hold, and the columns added are those of :func:`add_theme_columns`' joined frame,
    each file's its slice (dtypes: ``bool`` and ``float64``; ``themes`` inferred from its text).
    """
    if not pieces or not all(isinstance(p, _Columns) and len(p) and list(p.data) == SENTENCE_COLUMNS
                             for p in pieces):
        return None
    try:
        from .themes.labels import _scores_of, default_classifier

        keys = list(classifier.codebook_.keys if classifier is not None else _default_theme_keys())
        added = ["themes", *keys, *(f"p_{key}" for key in keys)]
        if len(set(added)) != len(added) or set(added) & set(SENTENCE_COLUMNS):
            return None
        model = classifier if classifier is not None else default_classifier()
        if list(model.classes_) != keys:
            return None
        read = ("text", "report", "section", "is_heading")
        joined = {name: pieces[0].data[name] if len(pieces) == 1
                  else list(itertools.chain.from_iterable(p.data[name] for p in pieces)) for name in read}
        scored = _scores_of(joined, model)
        if scored is None:
            return None
        themes, has, proba = _theme_values(*scored, keys)
        # column by column: each file's slice of a column is then one contiguous run
        has, proba = np.asfortranarray(has), np.asfortranarray(proba)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - labelled as frames, where a file's error is found and kept
        return None
    dtypes = {**SENTENCE_DTYPES, **{key: "bool" for key in keys}, **{f"p_{key}": "float64" for key in keys}}
    out, at = [], 0
    for piece in pieces:
        rows = slice(at, at + len(piece))
        at += len(piece)
        data = {**piece.data, "themes": themes[rows]}
        data.update((key, has[rows, j]) for j, key in enumerate(keys))
        data.update((f"p_{key}", proba[rows, j]) for j, key in enumerate(keys))
        out.append(_Columns(data, dtypes))
    return out


@lru_cache(maxsize=1)
def _default_theme_keys() -> tuple[str, ...]:
    return tuple(load_codebook().keys)


def _flatten_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists, tuples and sets become ";"-joined strings (CSV and Parquet cells).

    A frame without any is returned as it is (not copied: callers only read it).
    """
    flat = frame
    for column, dtype in zip(frame.columns, frame.dtypes):  # (no Series made for the other columns)
        if dtype == object and frame[column].map(lambda v: isinstance(v, (list, tuple, set))).any():
            if flat is frame:
                flat = frame.copy()
            flat[column] = flat[column].map(
                lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple, set)) else v)
    return flat


def _want_progress(progress: bool | None) -> bool:
    if progress is not None:
        return progress
    if "ipykernel" in sys.modules:  # notebooks keep their stored outputs clean
        return False
    return sys.stderr.isatty()


def _stats(outcome: Outcome, dataset: Path) -> None:
    """Counts the manifest shows (values read, checks evaluated/failed), from the written parts."""
    import pyarrow.parquet as pq
    import pyarrow.compute as pc

    if outcome.status != "ok" or "_n_checks_failed" in outcome.meta:  # counted by the worker
        return
    if outcome.rows.get("tables"):
        values = pq.read_table(_part_path(dataset, "tables", outcome.holder), columns=["value"])["value"]
        outcome.meta["_n_values"] = int(len(values) - values.null_count)
    else:
        outcome.meta["_n_values"] = 0
    if outcome.rows.get("checks"):
        holds = pq.read_table(_part_path(dataset, "checks", outcome.holder), columns=["holds"])["holds"]
        outcome.meta["_n_checks_evaluated"] = int(len(holds) - holds.null_count)
        outcome.meta["_n_checks_failed"] = int(pc.sum(pc.invert(holds.fill_null(True))).as_py() or 0)
    else:
        outcome.meta["_n_checks_evaluated"] = outcome.meta["_n_checks_failed"] = 0


def _flag_duplicates(outcomes: list[Outcome]) -> dict[str, tuple[str, str]]:
    """``file -> (duplicate_of, kind)`` for exact, same-text and near duplicates.

    The earliest file (by name) of each group is the original.  Kinds:
    ``same bytes``; ``same text`` (the same narrative sentences once spacing,
    punctuation and character widths are normalised: one report saved as PDF
    and as HTML); ``near`` (estimated Jaccard similarity of the sentence sets
    at least 0.8, from a 32-permutation MinHash with LSH candidates, as datasketch's).
    """
    found: dict[str, tuple[str, str]] = {}
    ok = sorted((o for o in outcomes if o.status == "ok"), key=lambda o: o.file)
    first_by: dict[tuple[str, str], str] = {}
    for o in ok:
        for kind, key in (("same bytes", o.meta.get("sha256") or ""), ("same text", o.text_key)):
            if not key:
                continue
            original = first_by.setdefault((kind, key), o.file)
            if original != o.file:
                found[o.file] = (original, kind)
                break
    # Near duplicates: MinHash LSH finds candidates among the earlier files (those sharing all the
    # values of one band of the signature: the bands of datasketch's MinHashLSH(threshold=0.8,
    # num_perm=32), as in ogi_nlp.change); the estimated Jaccard similarity (the share of equal
    # values) of the sentence sets decides.
    bands, rows = _MINHASH_BANDS
    buckets: list[dict[tuple[int, ...], list[str]]] = [{} for _ in range(bands)]
    signatures: dict[str, list[int]] = {}
    for o in ok:
        if o.file in found or len(o.minhash) != _MINHASH_SIZE:
            continue
        signature = [int(v) for v in o.minhash]
        keys = [tuple(signature[i * rows:(i + 1) * rows]) for i in range(bands)]
        candidates = {f for bucket, key in zip(buckets, keys) for f in bucket.get(key, ())}
        close = sorted(f for f in candidates
                       if sum(x == y for x, y in zip(signature, signatures[f])) / _MINHASH_SIZE >= 0.8)
        if close:
            found[o.file] = (close[0], "near")
        else:
            for bucket, key in zip(buckets, keys):
                bucket.setdefault(key, []).append(o.file)
            signatures[o.file] = signature
    return found


def _skipped_outcome(entry: InputEntry) -> Outcome:
    warnings = [entry.note] if entry.note else []
    return Outcome(file=entry.file, status=entry.status or "error", reason=entry.reason, warnings=warnings)


def read_corpus(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    n_jobs: int = 1,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    themes: bool = True,
    recursive: bool = False,
    client: Any = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
    isolate: bool = True,
    dataset_dir: str | os.PathLike[str] | None = None,
    classifier: Any = None,
    codebook: str | os.PathLike[str] | None = None,
    dictionaries: Any = None,
    _faults: dict[str, str] | None = None,
) -> "Corpus":
    """Read every report of a folder (or a list of files).

    Parameters
    ----------
    source : path or list of paths
        A folder or an explicit list of files.  Every path gets a row of the
        manifest (:meth:`Corpus.reports`): files ending in .txt, .html, .htm,
        .docx or .pdf are read; the others (.doc, .wps, .xls, .ofd, images,
        archives, FIFOs, devices, hidden files, broken links, sub-folders
        when not recursive) are listed with status ``unsupported``,
        ``skipped`` or ``error`` and the reason.
    n_jobs : int, default 1
        Worker processes; ``-1`` uses every core.
    cache_dir : path, optional
        Where each file's result is cached by content hash; ``None``: no cache.
    progress : bool, optional
        Show a progress bar; by default only on a terminal, never in a notebook.
    themes : bool, default True
        Add theme columns to the sentences (the default classifier unless
        ``classifier`` or ``codebook`` is given).
    recursive : bool, default False
        Look into sub-folders too (never into linked folders).
    client : distributed.Client, optional
        Run on this Dask cluster instead of local processes (needs the
        ``distributed`` extra and a folder every worker can reach).
    timeout : float, optional
        Seconds one file may take (default 600); past it its worker is killed
        and the file gets an error row.  ``None``: no limit.  Local runs only.
    memory_limit : int, optional
        Bytes one worker may use beyond what it holds at start (default
        2 GiB); past it the file gets an error row.  ``None``: no limit.
    isolate : bool, default True
        Run files in worker processes even when ``n_jobs=1`` (the limits
        above need them).  ``False`` with ``n_jobs=1`` runs in this process.
    dataset_dir : path, optional
        Where each file's frames are written as they finish
        (``<dataset_dir>/<frame>/part-NNNNNNN.parquet``); default: a temporary
        folder removed with the corpus.
    classifier : path or ThemeClassifier, optional
        The researcher's theme classifier (a ``.skops`` file saved by
        :meth:`ThemeClassifier.save <ogi_nlp.themes.ThemeClassifier.save>`);
        its codebook's themes become the theme columns.
    codebook : path, optional
        The researcher's codebook (JSON or YAML); without ``classifier`` its cue
        words and patterns label the sentences by rules.
    dictionaries : path or list of paths, optional
        YAML or CSV dictionaries: ``dict_<category>`` counts per sentence and
        per report in the panel.  See :mod:`ogi_nlp.instruments`; each file's
        SHA-256 enters every report's cache key and ``build.json``.

    Returns
    -------
    Corpus

    Raises
    ------
    NotADirectoryError
        ``source`` is a single path that is not a folder.
    ValueError
        ``n_jobs`` is not a positive number or -1.
    ReadError, CodebookError
        A classifier, codebook or dictionary file is missing or malformed
        (raised before any report is read).
    """
    if isinstance(source, (str, os.PathLike)):
        root: Path | None = Path(source)
        if not root.is_dir():
            raise NotADirectoryError(f"{root}: not a folder; pass a folder or a list of files")
    else:
        root = None
    if n_jobs == -1:
        n_jobs = os.cpu_count() or 1
    if not isinstance(n_jobs, int) or n_jobs < 1:
        raise ValueError(f"n_jobs={n_jobs!r}: expected a positive number of processes or -1")
    if timeout is not None and timeout <= 0:
        raise ValueError(f"timeout={timeout!r}: expected a positive number of seconds or None")
    scratch = tempfile.mkdtemp(prefix="ogi-nlp-instruments-")  # objects given in memory, for the workers
    try:
        instruments = prepare_instruments(classifier=classifier, codebook=codebook, dictionaries=dictionaries,
                                          workdir=scratch, themes=themes)
        corpus = _read(source, root, instruments, n_jobs=n_jobs, cache_dir=cache_dir, progress=progress,
                       themes=themes, recursive=recursive, client=client, timeout=timeout,
                       memory_limit=memory_limit, isolate=isolate, dataset_dir=dataset_dir, _faults=_faults)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return corpus


def _read(source: Any, root: Path | None, instruments: Any, *, n_jobs: int, cache_dir: Any, progress: Any,
          themes: bool, recursive: bool, client: Any, timeout: float | None, memory_limit: int | None,
          isolate: bool, dataset_dir: Any, _faults: dict[str, str] | None) -> "Corpus":
    entries = list_inputs(source, recursive=recursive)
    owned = dataset_dir is None
    dataset = Path(tempfile.mkdtemp(prefix="ogi-nlp-dataset-")) if owned else Path(dataset_dir)
    if not owned and dataset.exists():
        strays = [p.name for p in dataset.iterdir() if p.name not in _FRAMES]
        if strays:
            raise ValueError(f"dataset_dir={dataset}: holds other files ({strays[:3]}); "
                             "give a new folder or an earlier dataset")
        shutil.rmtree(dataset)  # a dataset holds one build: never parts of two
    dataset.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {"themes": bool(themes)}
    if instruments:  # their hashes enter each report's cache key
        options["instruments"] = instruments.key()
    cache = str(cache_dir) if cache_dir is not None else None
    outcomes: list[Outcome] = []
    tasks = []
    for part, entry in enumerate(entries):
        if entry.status is not None:
            outcomes.append(_skipped_outcome(entry))
            continue
        tasks.append({"path": entry.path, "file": entry.file, "options": options, "cache": cache,
                      "dataset": str(dataset), "part": part,
                      "warnings": [entry.note] if entry.note else [],
                      "fault": (_faults or {}).get(entry.file),
                      "instruments": instruments or None})

    from tqdm import tqdm  # the terminal bar: notebooks get none (see _want_progress)

    bar = tqdm(total=len(entries), unit="file", disable=not _want_progress(progress), desc="ogi-nlp")
    bar.update(len(outcomes))
    workers = n_jobs if client is None else max(1, len(client.scheduler_info().get("workers", {})))
    groups = _groups(tasks, workers)
    if client is not None:
        results: Iterable[list[Outcome]] = run_on_dask(client, _process_group, _group_failed, groups)
    elif not isolate and n_jobs == 1:
        results = (_process_group(group) for group in groups)
    else:
        pool = WorkerPool(_process_group, _group_failed, n_jobs=n_jobs, timeout=timeout,
                          memory_limit=memory_limit)
        if pool.ctx.get_start_method() == "fork":
            # the workers write part files with it and this process reads them: one import, not one each
            import pyarrow.parquet  # noqa: F401
        if n_jobs > 1 and len(groups) > 1 and pool.ctx.get_start_method() == "fork":
            # workers fork from this process and inherit what it has loaded: one load, not one per
            # worker (one worker gains nothing, and this process would hold about 80 MB more)
            _warm_up(groups[0][0])
        results = pool.map(groups)
    for group in results:
        for outcome in group:
            _stats(outcome, dataset)
            outcomes.append(outcome)
            bar.update()
    bar.close()
    corpus = Corpus(outcomes, root=root, manifest=_folder_manifest(root), dataset=dataset)
    if owned:
        weakref.finalize(corpus, shutil.rmtree, str(dataset), True)
    corpus.options = {**options, "recursive": recursive, "n_jobs": n_jobs, "timeout": timeout,
                      "memory_limit": memory_limit, "cache": cache is not None,
                      "engine": "dask" if client is not None else "local"}
    if instruments:
        corpus.options["instruments"] = instruments.record()  # path + sha256 of each file, in build.json
        corpus.instruments = instruments
    corpus.source = [str(source)] if root is not None else [os.fsencode(os.fspath(p)).decode("utf-8", "backslashreplace")
                                                            for p in source]
    return corpus


def _folder_manifest(root: Path | None) -> pd.DataFrame | None:
    """A folder's own ``manifest.csv`` (file, agency, ...), if it has one."""
    path = None if root is None else root / "manifest.csv"
    if path is None or not path.is_file():
        return None
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    return frame.set_index("file") if "file" in frame.columns else None


def build_corpus(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    formats: Sequence[str] = ("parquet", "csv", "dta"),
    database: bool = True,
    classifier: Any = None,
    codebook: str | os.PathLike[str] | None = None,
    dictionaries: Any = None,
    **options: Any,
) -> "Corpus":
    """Read a corpus straight into a build folder (the ``ogi-nlp build`` command).

    Workers write each file's frames into ``out/dataset`` as they finish, then
    the corpus outputs are computed from it chunk by chunk (see
    :meth:`Corpus.write`); memory stays flat as the corpus grows.  Everything
    happens in a staging folder next to ``out`` that replaces ``out`` whole at
    the end, with a ``build.json`` saying what was built.

    Parameters
    ----------
    source : path or list of paths
        As for :func:`read_corpus`.
    out : path
        The build folder (new, empty, or a previous build).
    formats, database
        As for :meth:`Corpus.write`.
    classifier, codebook, dictionaries
        The researcher's own (as for :func:`read_corpus`; ``ogi-nlp build
        --classifier --codebook --dictionary``): checked before any report is
        read; ``build.json`` records each file's path and SHA-256 under
        ``options.instruments``.
    **options
        Passed to :func:`read_corpus` (``n_jobs``, ``cache_dir``, ``themes``,
        ``client``, ``timeout``, ``memory_limit``, ...).

    Returns
    -------
    Corpus
        Its dataset is ``out/dataset``.
    """
    final = Path(out)
    _check_replaceable(final)
    stage = _stage_dir(final)
    (stage / "build.json").write_text(json.dumps({
        "completed": False, "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "ogi_nlp_version": __version__}), encoding="utf-8")
    try:
        corpus = read_corpus(source, dataset_dir=stage / "dataset", classifier=classifier, codebook=codebook,
                             dictionaries=dictionaries, **options)
    except BaseException:  # e.g. a bad classifier file: nothing was read, leave nothing behind
        shutil.rmtree(stage, ignore_errors=True)
        raise
    corpus.write(final, formats=formats, database=database, _staged=stage)
    corpus.dataset = final / "dataset"
    return corpus


_STATUS_ORDER = ("ok", "error", "unsupported", "skipped")
_CHUNK = 256  # reports per chunk when outputs are computed from the dataset
_BATCH_ROWS = 25_000  # rows per batch when parts are joined into an output file


def _row_batches(parts: list[Path], rows_of: Sequence[int]) -> Iterator[list[Path]]:
    """The parts in order, in batches of about ``_BATCH_ROWS`` rows (a part is one worker
    group's reports, or one report's), so that memory holds one batch whatever the corpus."""
    batch: list[Path] = []
    rows = 0
    for part, n in zip(parts, rows_of):
        batch.append(part)
        rows += n
        if rows >= _BATCH_ROWS:
            yield batch
            batch, rows = [], 0
    if batch:
        yield batch


def _read_metadata(schema: Any) -> tuple | None:
    """What converting a part read from the dataset to pandas depends on: the pandas metadata of
    the columns it holds and the rest of the pandas metadata (``None``: other metadata)."""
    meta = dict(schema.metadata or {})
    pandas_meta = meta.pop(b"pandas", None)
    if pandas_meta is None or meta:
        return None
    doc = json.loads(pandas_meta)
    names = set(schema.names)
    columns = [c for c in doc.get("columns", []) if c.get("field_name", c.get("name")) in names]
    return columns, {k: v for k, v in doc.items() if k != "columns"}


class Corpus:
    """The outcome of reading many reports, as DataFrames.

    Every method returns a new DataFrame sorted by report file, so results are
    the same whatever the number of processes.  The per-report frames live in
    a Parquet dataset on disk (``Corpus.dataset``) and are read when asked.
    """

    def __init__(self, outcomes: Iterable[Outcome], *, root: Path | None = None,
                 manifest: pd.DataFrame | None = None, dataset: Path | None = None) -> None:
        self.outcomes = sorted(outcomes, key=lambda o: o.file)
        self.root = root
        self.manifest = manifest
        self.dataset = dataset
        self.options: dict[str, Any] = {}
        self.source: list[str] = []
        self._concatenated: dict[str, pd.DataFrame] = {}
        self._duplicates: dict[str, tuple[str, str]] | None = None
        self._reports: pd.DataFrame | None = None  # a view's rows of its corpus's reports (see _view)
        self._reads: dict[str, list[str]] = {}  # frame -> the only columns a chunk's view reads of it
        self.instruments: Any = None  # the researcher's classifier/codebook/dictionaries (ogi_nlp.instruments)

    def __len__(self) -> int:
        return len(self.outcomes)

    def __repr__(self) -> str:
        counts = {s: sum(o.status == s for o in self.outcomes) for s in _STATUS_ORDER}
        return (f"<Corpus: {len(self)} files, {counts['ok']} read, {counts['error']} errors, "
                f"{counts['unsupported']} unsupported, {counts['skipped']} skipped>")

    def _view(self, files: Sequence[str], reports: pd.DataFrame | None = None) -> "Corpus":
        """The same corpus restricted to ``files`` (shares the dataset; no copy).

        ``reports``: this corpus's :meth:`reports`, whose rows the view's
        :meth:`reports` then are: the same bodies and duplicates as the whole
        corpus (and nothing computed again per view).
        """
        wanted = set(files)
        view = Corpus([o for o in self.outcomes if o.file in wanted], root=self.root,
                      manifest=self.manifest, dataset=self.dataset)
        view._duplicates = self.duplicates_map()
        view.instruments = self.instruments
        if reports is not None:
            view._reports = reports[reports["file"].isin(wanted)].reset_index(drop=True)
        return view

    def duplicates_map(self) -> dict[str, tuple[str, str]]:
        """``file -> (duplicate_of, kind)`` (see :func:`_flag_duplicates`)."""
        if self._duplicates is None:
            self._duplicates = _flag_duplicates(self.outcomes)
        return self._duplicates

    def reports(self) -> pd.DataFrame:
        """One row per input path: status, reason, warnings, metadata, duplicates.

        This is also the manifest of a build: every path given or found
        appears, read or not.  ``status`` is ``ok``, ``error`` (the reason
        names the file), ``unsupported`` (a format the toolkit does not read,
        or not a regular file) or ``skipped`` (hidden files, sub-folders, the
        folder's ``manifest.csv``).  ``agency`` is what the report says
        (``agency_source`` tells where); a folder's ``manifest.csv`` overrides
        any metadata column for the files it lists
        (:func:`ogi_nlp.folder_manifest.apply_manifest`; ``<field>_source`` is then
        ``"manifest"``).  ``body`` names the issuing body the same way in every
        year: the manifest's ``body`` where given, else the most complete agency
        name among the reports of one ``body_id`` (region code and name within
        the region, :func:`ogi_nlp.bodies.body_id`, which pairs 洪泽区人民政府 and
        淮安市洪泽区人民政府).  Year-to-year comparisons use ``body``.
        ``duplicate_of`` names the earlier file this one duplicates and
        ``duplicate_kind`` how (``same bytes``, ``same text`` or ``near``); both
        are empty for originals.
        """
        if getattr(self, "_reports", None) is not None:
            return self._reports.copy()
        duplicates = self.duplicates_map()
        rows = []
        for o in self.outcomes:
            row: dict[str, Any] = {"file": o.file, "status": o.status, "reason": o.reason,
                                   "n_warnings": len(o.warnings), "warnings": "; ".join(o.warnings)}
            row.update({k: o.meta.get(k) for k in _META_COLUMNS})
            listed = self.manifest is not None and o.file in self.manifest.index
            row = apply_manifest(row, self.manifest.loc[o.file] if listed else None)
            ok = o.status == "ok"
            row["n_sentences"] = o.rows.get("sentences") if ok else None
            row["n_values"] = o.meta.get("_n_values") if ok else None
            dup = duplicates.get(o.file)
            row["duplicate_of"] = dup[0] if dup else None
            row["duplicate_kind"] = dup[1] if dup else None
            row["seconds"] = o.seconds
            row["cached"] = o.cached
            rows.append(row)
        first = ["file", "status", "reason", "n_warnings", "warnings", *_META_COLUMNS, "body"]
        last = ["n_sentences", "n_values", "duplicate_of", "duplicate_kind", "seconds", "cached"]
        frame = pd.DataFrame(rows)
        for col in first + last:
            if col not in frame.columns:
                frame[col] = None
        middle = [c for c in frame.columns if c not in first and c not in last]
        frame = name_bodies(frame[first + middle + last])
        return frame.astype({"year": "Int64", "pages": "Int64", "n_sentences": "Int64",
                             "n_values": "Int64", "n_warnings": "int64", "seconds": "float64",
                             "cached": "bool"})

    def _holders(self, name: str) -> dict[int, list[Outcome]]:
        """Part file number -> the files of this corpus whose rows of ``name`` it holds (in order)."""
        held: dict[int, list[Outcome]] = {}
        if self.dataset is not None:
            for o in self.outcomes:
                if o.status == "ok" and name in o.rows:
                    held.setdefault(o.holder, []).append(o)
        return dict(sorted(held.items()))

    def _parts(self, name: str) -> list[Path]:
        return [_part_path(self.dataset, name, holder) for holder in self._holders(name)]

    def _concat(self, name: str) -> pd.DataFrame:
        return self._concat_shared(name).copy()  # callers may modify what they get

    def _concat_shared(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The frame ``name`` of this corpus as cached: for readers that do not modify it (no copy).

        ``columns``: read only those (where a part has them), and cache that: for a
        chunk's view whose frames need no others (its ``_reads``, the default; see
        :func:`_output_task`).
        """
        if columns is None:
            columns = self._reads.get(name)
        # Read once from the dataset: tables() alone feeds wide, carry_over, panel and the exports.
        def read(path: Path) -> pd.DataFrame:
            if columns is None:
                return pd.read_parquet(path, use_threads=False)
            import pyarrow.parquet as pq

            present = set(pq.read_schema(path).names)
            return pd.read_parquet(path, columns=[c for c in columns if c in present], use_threads=False)

        if name not in self._concatenated:
            held = self._holders(name)
            joined = self._concat_arrow(name, held, columns)
            if joined is not None:
                self._concatenated[name] = joined
                return joined
            frames = []
            for holder, outcomes in held.items():
                if not any(o.rows[name] for o in outcomes):
                    continue
                frame = read(_part_path(self.dataset, name, holder))
                if len(frame) != sum(o.rows[name] for o in outcomes):  # a group part: keep this view's files
                    frame = frame[frame["report"].isin([o.file for o in outcomes])]
                frames.append(frame)
            if frames:
                joined = pd.concat(frames, ignore_index=True)
            elif held:
                joined = read(_part_path(self.dataset, name, next(iter(held)))).iloc[0:0]
            else:
                joined = pd.DataFrame()
            self._concatenated[name] = joined
        return self._concatenated[name]

    def _concat_arrow(self, name: str, held: dict[int, list[Outcome]],
                      columns: Sequence[str] | None) -> pd.DataFrame | None:
        """:meth:`_concat_shared`'s frame joined in Arrow and converted to pandas once.

        The same frame as converting each part (``pd.read_parquet``) and
        concatenating them, where the parts have one schema (types and pandas
        metadata) and no ``attrs``; ``None`` otherwise.
        """
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        tables = []
        for holder, outcomes in held.items():
            expected = sum(o.rows[name] for o in outcomes)
            if not expected:
                continue
            part = pq.ParquetFile(_part_path(self.dataset, name, holder))
            names = part.schema_arrow.names
            wanted = names if columns is None else [c for c in columns if c in names]
            table = part.read(columns=wanted, use_threads=False, use_pandas_metadata=True)
            if table.num_rows != expected:  # a group part: keep this view's files
                if "report" not in table.column_names:
                    return None
                table = table.filter(pc.is_in(table["report"], pa.array([o.file for o in outcomes])))
            tables.append(table)
        if not tables:
            return None
        schema = tables[0].schema
        if b"PANDAS_ATTRS" in (schema.metadata or {}):
            return None
        if any(not t.schema.equals(schema, check_metadata=True) for t in tables):
            # parts whose metadata differ only for columns not read (e.g. a column that is all
            # missing in one group) convert the columns read alike: one conversion then too
            first = _read_metadata(schema)
            if first is None or any(not t.schema.equals(schema) or _read_metadata(t.schema) != first
                                    for t in tables):
                return None
            tables = [t.replace_schema_metadata(schema.metadata) for t in tables]
        return pa.concat_tables(tables).to_pandas()

    def sections(self) -> pd.DataFrame:
        """Sections of every report (``report``, ``key``, ``title``, ``start``, ``end``)."""
        return self._concat("sections")

    def sentences(self) -> pd.DataFrame:
        """Narrative sentences of every report, with theme columns when computed."""
        return self._concat("sentences")

    def tables(self) -> pd.DataFrame:
        """Table values of every report, one row per value (tidy)."""
        return self._concat("tables")

    def checks(self) -> pd.DataFrame:
        """Consistency checks of every report."""
        return self._concat("checks")

    def quantities(self) -> pd.DataFrame:
        """Quantities stated in sentences against the table values."""
        return self._concat("quantities")

    def carry_over(self) -> pd.DataFrame:
        """Across years: a body's carried-in requests against last year's carried-out."""
        reports = self.reports()
        return carry_over_checks(self.tables(), reports.assign(agency=reports["body"]))

    def theme_profile(self) -> pd.DataFrame:
        """Share of each report's sentences per theme (needs ``themes=True``)."""
        if "_theme_profile" not in self._concatenated:  # computed once (the panel reads it too)
            sentences = self._concat_shared("sentences")
            if "themes" not in sentences.columns:
                raise ValueError("this corpus was read with themes=False; read it with themes=True")
            self._concatenated["_theme_profile"] = theme_profile(sentences, report="report", labels="themes",
                                                                 codebook=self._theme_codebook())
        return self._concatenated["_theme_profile"].copy()

    def _theme_codebook(self) -> Any:
        """The codebook of the theme columns: the researcher's, or ``None`` for the bundled one."""
        return self.instruments.codebook() if self.instruments else None

    def panel(self, *, annual_reports_only: bool = True) -> pd.DataFrame:
        """One row per report: metadata, themes, key numbers, checks, rates.

        See :func:`ogi_nlp.join.panel`; formulas in :func:`ogi_nlp.join.panel_codebook`.
        """
        return panel(self, annual_reports_only=annual_reports_only)

    def wide(self) -> pd.DataFrame:
        """One row per report, one column per table variable."""
        if "_wide" not in self._concatenated:  # computed once (the panel reads it too)
            reports = self.reports()
            self._concatenated["_wide"] = wide(
                self._concat_shared("tables"), reports=reports.loc[reports["status"].eq("ok"), "file"].tolist())
        return self._concatenated["_wide"].copy()

    @staticmethod
    def codebook() -> pd.DataFrame:
        """The table variables: name, Chinese label, unit, generations."""
        return variable_codebook()

    def _has_themes(self) -> bool:
        import pyarrow.parquet as pq

        parts = self._parts("sentences")
        return bool(parts) and "themes" in pq.read_schema(parts[0]).names

    def outputs(self) -> dict[str, pd.DataFrame]:
        """Every corpus-level frame a build writes, by name (all in memory: small corpora).

        :meth:`write` computes the same frames chunk by chunk instead.
        """
        frames = {
            "manifest": self.reports(),
            "sections": self.sections(),
            "sentences": self.sentences(),
            "tables": self.tables(),
            "checks": self.checks(),
            "quantities": self.quantities(),
        }
        if len(frames["tables"]):
            frames["wide"] = self.wide().reset_index()
            frames["carry_over"] = self.carry_over()
            frames["codebook"] = self.codebook()
        if "themes" in frames["sentences"].columns:
            frames["theme_profile"] = self.theme_profile().reset_index()
        if "themes" in frames["sentences"].columns or (self.instruments and self.instruments.dictionary_files):
            frames["panel"] = self.panel().reset_index()
        return frames

    def _chunks(self, reports: pd.DataFrame | None = None) -> Iterator["Corpus"]:
        ok = [o.file for o in self.outcomes if o.status == "ok"]
        for start in range(0, len(ok), _CHUNK):
            yield self._view(ok[start:start + _CHUNK], reports)

    def write(self, out: str | os.PathLike[str], *,
              formats: Sequence[str] = ("parquet", "csv", "dta"), database: bool = True,
              _staged: Path | None = None) -> dict[str, list[Path]]:
        """Write the corpus outputs to ``out``, replacing what a previous build left there.

        Everything is written to a temporary folder next to ``out`` and moved
        in whole at the end: a build killed half-way leaves the previous
        outputs untouched, and a second build never mixes with the first.
        Frames are computed from the dataset ``_CHUNK`` reports at a time, so
        memory does not grow with the corpus (the Stata files too are written
        a chunk of rows at a time; the panel's, one row per report, whole).

        Parameters
        ----------
        out : path
            Output folder.  If it exists it must be empty or a previous build
            (it has a ``build.json``); its ``.cache`` folder is kept.
        formats : sequence of {"parquet", "csv", "dta"}
            Parquet and CSV (UTF-8 with BOM, so Excel opens Chinese correctly;
            text cells that begin with ``= + - @``, a tab or a CR are prefixed
            with ``'`` so that a spreadsheet never runs them as formulas, the
            originals stay in Parquet) for every frame; Stata ``.dta``
            (version 118, Chinese variable labels) for the tables, the wide
            frame, the checks and the variable codebook.
        database : bool, default True
            Also write ``corpus.duckdb`` (needs the ``duckdb`` package): every
            frame as a table, the panel as a view, for SQL from Python, R or
            the ``duckdb`` command line.

        Returns
        -------
        dict
            Files written, by frame name (paths inside ``out``).

        Raises
        ------
        ValueError
            An unknown format, or ``out`` is a non-empty folder that is not a build.
        """
        allowed = ("parquet", "csv", "dta")
        bad = sorted(set(formats) - set(allowed))
        if bad:
            raise ValueError(f"formats {bad} not supported; choose from {list(allowed)}")
        final = Path(out)
        _check_replaceable(final)
        stage = _staged if _staged is not None else _stage_dir(final)
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        _write_build_json(stage, self, formats, started=started, completed=False)
        if self.dataset is not None and self.dataset.resolve() != (stage / "dataset").resolve():
            _copy_tree(self.dataset, stage / "dataset", self)
        local = self.options.get("engine", "local") == "local"
        jobs = int(self.options.get("n_jobs", 1)) if local else 1
        written = _write_outputs(self, stage, formats, jobs=jobs, database=database)
        if "parquet" not in formats:
            _drop_parquet(written)
        _write_build_json(stage, self, formats, started=started, completed=True, written=written)
        _swap_in(stage, final)
        return {name: [final / p.relative_to(stage) for p in paths] for name, paths in written.items()}

    def summary(self) -> str:
        """A few lines for a terminal: files, statuses, sentences, values, checks."""
        reports = self.reports()
        counts = {s: int(reports["status"].eq(s).sum()) for s in _STATUS_ORDER}
        ok = reports["status"].eq("ok")
        head = (f"{len(reports)} files: {counts['ok']} read, {counts['error']} errors, "
                f"{int(reports['n_warnings'].gt(0).sum())} with warnings")
        if counts["unsupported"] or counts["skipped"]:
            head += f", {counts['unsupported']} unsupported, {counts['skipped']} skipped"
        lines = [head]
        for status in ("error", "unsupported", "skipped"):
            for _, row in reports.loc[reports["status"].eq(status)].iterrows():
                lines.append(f"  {status:<11} {row['file']}: {row['reason']}")
        for _, row in reports.loc[ok & reports["n_warnings"].gt(0)].iterrows():
            lines.append(f"  warning     {row['file']}: {row['warnings']}")
        for _, row in reports.loc[reports["duplicate_of"].notna()].iterrows():
            lines.append(f"  duplicate   {row['file']}: {row['duplicate_kind']} as {row['duplicate_of']}")
        n_sentences = int(reports["n_sentences"].fillna(0).sum())
        n_values = int(reports["n_values"].fillna(0).sum())
        n_rows = sum(o.rows.get("tables", 0) for o in self.outcomes if o.status == "ok")
        lines.append(f"{n_sentences} sentences, {n_values} table values ({n_rows - n_values} missing)")
        evaluated = sum(o.meta.get("_n_checks_evaluated", 0) for o in self.outcomes)
        failed = [o for o in self.outcomes if o.meta.get("_n_checks_failed")]
        if sum(o.rows.get("checks", 0) for o in self.outcomes):
            lines.append(f"{evaluated} checks evaluated, "
                         f"{sum(o.meta['_n_checks_failed'] for o in failed)} fail in {len(failed)} reports")
        return "\n".join(lines)


# --------------------------------------------------------------------------- writing

def _check_replaceable(final: Path) -> None:
    if final.exists() and not final.is_dir():
        raise ValueError(f"{final}: exists and is not a folder")
    if final.is_dir() and not (final / "build.json").is_file():
        if any(p.name != ".cache" for p in final.iterdir()):
            raise ValueError(f"{final}: a folder that holds other files and no build.json; "
                             "write the build to a new or empty folder (it is replaced whole)")


def _stage_dir(final: Path) -> Path:
    final.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))


def _swap_in(stage: Path, final: Path) -> None:
    """Replace ``final`` by ``stage`` whole; keep ``final/.cache``."""
    old = None
    if final.exists():
        if (final / ".cache").is_dir() and not (stage / ".cache").exists():
            os.replace(final / ".cache", stage / ".cache")
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
        os.replace(final, old / "build")
    os.replace(stage, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _copy_tree(source: Path, target: Path, corpus: Corpus) -> None:
    for name in _FRAMES:
        for holder in dict.fromkeys(o.holder for o in corpus.outcomes if o.status == "ok" and name in o.rows):
            _place(_part_path(source, name, holder), _part_path(target, name, holder))


def _write_build_json(stage: Path, corpus: Corpus, formats: Sequence[str], *, started: str,
                      completed: bool, written: dict[str, list[Path]] | None = None) -> None:
    counts = {s: sum(o.status == s for o in corpus.outcomes) for s in _STATUS_ORDER}
    record = {
        "completed": completed,
        "started": started,
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds") if completed else None,
        "ogi_nlp_version": __version__,
        "code_fingerprint": _code_fingerprint(),
        "python": sys.version.split()[0],
        "options": {**corpus.options, "formats": list(formats)},
        "source": corpus.source,
        "inputs": {"n": len(corpus.outcomes), **counts,
                   "duplicates": len(corpus.duplicates_map())},
        "covers": "every output holds exactly the inputs listed in manifest (status ok for "
                  "per-report rows); nothing from an earlier build",
        "outputs": sorted(p.relative_to(stage).as_posix() for ps in (written or {}).values() for p in ps),
    }
    tmp = stage / "build.json.tmp"
    tmp.write_text(json.dumps(record, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, stage / "build.json")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape_formulas(frame: pd.DataFrame, *, skip: set[str] | frozenset[str] = frozenset()) -> pd.DataFrame:
    """OWASP CSV-injection escaping: text cells starting with = + - @ tab CR get a leading '.

    Only text columns are touched: a number such as -417 in a numeric column stays a number.
    Columns in ``skip`` are left as they are (already escaped, see :func:`_escape_formulas_arrow`).

    Examples
    --------
    >>> _escape_formulas(pd.DataFrame({"t": ["=1+1", "ok", "@x"], "n": [-417, 2, 3]})).values.tolist()
    [["'=1+1", -417], ['ok', 2], ["'@x", 3]]
    """
    out = frame
    for column in frame.columns:
        if column in skip:
            continue
        series = frame[column]
        if not (series.dtype == object or pd.api.types.is_string_dtype(series.dtype)):
            continue
        if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
            continue
        if series.dtype == object:
            mask = series.map(lambda v: isinstance(v, str) and v.startswith(_FORMULA_START))
        else:  # a string dtype: every value is a string or missing
            mask = series.str.startswith(_FORMULA_START).fillna(False).astype(bool)
        if mask.any():
            if out is frame:
                out = frame.copy()
            out[column] = series.astype(object).where(~mask, "'" + series.astype(object).where(mask, ""))
    return out


_FORMULA_PATTERN = "^[=+\\-@\t\r]"  # _FORMULA_START as a regular expression


def _escape_formulas_arrow(table: Any) -> tuple[Any, set[str]]:
    """:func:`_escape_formulas` of the Arrow table's text columns, and their names.

    The same cells as escaping the pandas frame (a text column converts to
    strings as they are); columns of other types are left for the pandas step.

    Examples
    --------
    >>> import pyarrow as pa
    >>> table, done = _escape_formulas_arrow(pa.table({"t": ["=1+1", "ok", None], "n": [-417, 2, 3]}))
    >>> table.column("t").to_pylist(), sorted(done)
    (["'=1+1", 'ok', None], ['t'])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    done = set()
    for i, field in enumerate(table.schema):
        if not (pa.types.is_string(field.type) or pa.types.is_large_string(field.type)):
            continue
        if table.schema.names.count(field.name) > 1:
            continue
        done.add(field.name)
        column = table.column(i)
        mask = pc.fill_null(pc.match_substring_regex(column, _FORMULA_PATTERN), False)
        if pc.any(mask).as_py():
            quoted = pc.binary_join_element_wise(pa.scalar("'", field.type), column, pa.scalar("", field.type))
            table = table.set_column(i, field, pc.if_else(mask, quoted, column))
    return table, done


_HELD_BYTES = 16 * 2**20  # bytes of computed parts a _FrameWriter holds in memory before it spills them


def _frame_table(frame: pd.DataFrame) -> Any:
    """``frame`` as the Arrow table ``frame.to_parquet(index=False)`` writes (schema and pandas metadata)."""
    import pyarrow as pa

    if not all(isinstance(c, str) for c in frame.columns):
        raise ValueError("parquet must have string column names")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if frame.attrs:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                               b"PANDAS_ATTRS": json.dumps(frame.attrs).encode()})
    return table


class _FrameWriter:
    """One output frame written as Parquet and CSV with one schema, from many parts.

    Parts are Parquet files (the dataset's own, per worker group, added by path:
    no copy) or frames computed from it (chunks of reports), held as Arrow tables
    until they pass ``_HELD_BYTES``, then written to scratch Parquet files.
    :meth:`finish` reads them a batch of about ``_BATCH_ROWS`` rows at a time, so
    memory holds one batch (and at most ``_HELD_BYTES`` of computed parts).
    """

    def __init__(self, stage: Path, name: str, formats: Sequence[str]) -> None:
        self.stage, self.name, self.formats = stage, name, formats
        self.parts_dir = stage / f".{name}.parts"
        self.parts: list[Any] = []  # paths, or Arrow tables held in memory
        self.held = 0  # bytes of the tables held

    def add(self, frame: pd.DataFrame) -> None:
        table = _frame_table(_flatten_cells(frame))
        self.parts.append(table)
        self.held += table.nbytes
        if self.held > _HELD_BYTES:  # spill every held table to a scratch part (read once)
            import pyarrow.parquet as pq

            self.parts_dir.mkdir(exist_ok=True)
            for i, part in enumerate(self.parts):
                if not isinstance(part, Path):
                    path = self.parts_dir / f"{i:06d}.parquet"
                    pq.write_table(part, path, compression=None)
                    self.parts[i] = path
            self.held = 0

    def add_parts(self, paths: Iterable[Path]) -> None:
        self.parts.extend(paths)

    def finish(self, *, order: Any = None) -> list[Path]:
        import codecs

        import pyarrow as pa
        import pyarrow.parquet as pq

        from .tables._csv import csv_buffer, csv_header

        parts = self.parts
        written: list[Path] = []
        if not parts:
            shutil.rmtree(self.parts_dir, ignore_errors=True)
            return written
        # each part's schema and row count (a file's footer, read once)
        footers = [pq.read_metadata(p) if isinstance(p, Path) else p for p in parts]
        schemas = [f.schema.to_arrow_schema() if isinstance(p, Path) else f.schema for f, p in zip(footers, parts)]
        names, fields, plain, metadata = _unified_schema(schemas, order)
        schema = plain.with_metadata(metadata) if metadata else plain
        parquet_path = self.stage / f"{self.name}.parquet"
        csv_path = self.stage / f"{self.name}.csv"
        writer = pq.ParquetWriter(parquet_path, schema)  # always: Stata and DuckDB read it
        first = True
        for batch_parts in _row_batches(parts, [f.num_rows for f in footers]):
            tables = [pq.ParquetFile(part).read(use_threads=False) if isinstance(part, Path) else part
                      for part in batch_parts]  # one thread: less CPU
            # a part already in the unified schema (most) needs no cast
            tables = [t if t.schema.equals(plain) else _conform(t, names, fields, plain) for t in tables]
            batch = pa.concat_tables(tables).replace_schema_metadata(metadata)
            if len(batch) or first:
                writer.write_table(batch)
            if "csv" in self.formats and (len(batch) or first):
                escaped, done = _escape_formulas_arrow(batch)  # text columns, in Arrow
                body = csv_buffer(escaped)  # what pandas writes below, formatted in Arrow
                header = csv_header(escaped.column_names) if first else b""
                if body is not None and header is not None:
                    with open(csv_path, "wb" if first else "ab") as fh:
                        fh.write(codecs.BOM_UTF8 + header if first else b"")
                        fh.write(body)
                else:
                    frame = escaped.to_pandas()
                    _escape_formulas(plain_numbers(frame), skip=done).to_csv(
                        csv_path, mode="w" if first else "a", header=first, index=False,
                        encoding="utf-8-sig" if first else "utf-8")
                first = False
            del tables, batch
        writer.close()
        written.append(parquet_path)
        if "csv" in self.formats:
            written.append(csv_path)
        shutil.rmtree(self.parts_dir, ignore_errors=True)
        return written


def _pandas_metadata(schemas: list[Any], names: list[str], fields: dict[str, Any]) -> dict[bytes, bytes] | None:
    """pandas metadata for the unified schema: each column's pandas dtype as its first part had it."""
    columns: dict[str, dict[str, Any]] = {}
    import pyarrow as pa

    for s in schemas:
        meta = s.metadata or {}
        if b"pandas" not in meta:
            continue
        types = dict(zip(s.names, s.types))
        for column in json.loads(meta[b"pandas"])["columns"]:
            name = column.get("name")
            if name in fields and name in types and not pa.types.is_null(types[name]):
                columns.setdefault(name, column)  # a column all-null in one part says nothing of its type
    if not columns:
        return None
    import pyarrow as pa

    base = json.loads(schemas[0].metadata[b"pandas"]) if schemas[0].metadata and b"pandas" in schemas[0].metadata else {}
    cols = []
    for name in names:
        col = dict(columns.get(name) or {"name": name, "field_name": name, "pandas_type": "object",
                                         "numpy_type": "object", "metadata": None})
        if pa.types.is_large_string(fields[name].type) and col.get("pandas_type") not in ("unicode", "string"):
            col.update(pandas_type="unicode", numpy_type="object")  # a column that fell back to text
        if pa.types.is_floating(fields[name].type) and col.get("numpy_type") in ("Int64", "int64"):
            col["numpy_type"] = "Float64" if col["numpy_type"] == "Int64" else "float64"
            col["pandas_type"] = "float64"
        cols.append(col)
    base.update({"columns": cols, "index_columns": [], "column_indexes": []})
    return {b"pandas": json.dumps(base).encode()}


def _write_outputs(corpus: Corpus, stage: Path, formats: Sequence[str], *, jobs: int = 1,
                   database: bool = False) -> dict[str, list[Path]]:
    """Every output frame, computed from the dataset a chunk of reports at a time.

    With ``jobs`` > 1 the outputs are written by that many processes at once,
    each taking the next output whose inputs are written (see
    :func:`_run_outputs`); the files are the same.  With ``database``,
    ``corpus.duckdb`` too (see :func:`_write_duckdb`).  Arrow allocates from the
    C library's allocator meanwhile (its default, mimalloc, spends about 0.3 s of
    system time growing its heap the first time here; the same results).  What
    the process holds before (modules, the outcomes) is frozen meanwhile
    (:func:`gc.freeze`): none of it becomes garbage here, and the collector's
    full passes no longer walk it (about 0.08 of 0.1 CPU-s of collections at
    300 reports).
    """
    import pyarrow as pa

    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    freeze = gc.get_freeze_count() == 0  # (a caller's own frozen objects are left as they are)
    if freeze:
        gc.freeze()
    try:
        return _write_all_outputs(corpus, stage, formats, jobs=jobs, database=database)
    finally:
        if freeze:
            gc.unfreeze()
        pa.set_memory_pool(previous)


def _write_all_outputs(corpus: Corpus, stage: Path, formats: Sequence[str], *, jobs: int,
                       database: bool = False) -> dict[str, list[Path]]:
    """:func:`_write_outputs` (with whatever Arrow memory pool is set)."""
    tabular = [f for f in formats if f in ("parquet", "csv")]  # Parquet is always written first
    written: dict[str, list[Path]] = {}
    manifest = corpus.reports()  # written by a task: another process may be free meanwhile
    themes = corpus._has_themes()
    any_tables = any(o.rows.get("tables") for o in corpus.outcomes if o.status == "ok")
    coded = bool(corpus.instruments and corpus.instruments.dictionary_files)  # dict_* counts enter the panel
    context = {"corpus": corpus, "stage": stage, "tabular": tabular, "manifest": manifest,
               "themes": themes, "coded": coded, "any_tables": any_tables, "formats": list(formats)}
    # One task reads each chunk once for every chunked frame, whatever the processes: split in
    # two (the tables' frames, the themes' frames) it read the chunks twice and computed the
    # wide frame twice (the panel needs it); the per-report frames fill the other process.
    lane = ("chunked", _CHUNKED)  # one task computes every chunked frame
    frames = [("frame", name) for name in ("sentences", "tables", "quantities", "checks", "sections")]
    first = [lane] + frames + [("manifest",)]
    # what each output needs written before it (the Stata files and the database read Parquet
    # files; the data dictionary reads the schemas of every output but its own and the Stata files)
    needs: dict[tuple, tuple] = {}
    stata: list[tuple] = []
    if any_tables and "dta" in formats:
        if jobs > 1:  # smaller pieces, each started as soon as its frame is written
            stata += [("stata", ("wide",)), ("stata", ("long",)), ("stata", ("codebook", "checks"))]
            needs.update({stata[0]: (lane,), stata[1]: (("frame", "tables"),),
                          stata[2]: (lane, ("frame", "checks"))})  # (the codebook's Parquet: the lane's)
        else:
            stata += [("stata", ("long",)), ("stata", ("wide", "codebook", "checks"))]
            needs.update({stata[0]: (("frame", "tables"),), stata[1]: (lane, ("frame", "checks"))})
    if "dta" in formats and (themes or coded):  # the panel's file (none when the panel is empty)
        stata.insert(1, ("stata_panel",))  # the long file is the largest: spread the others
        needs[("stata_panel",)] = (lane,)
    needs[("dictionary",)] = tuple(first)
    last = [("dictionary",)]
    if database:
        last.append(("duckdb",))
        needs[("duckdb",)] = (("dictionary",),)
    # on more processes the data dictionary and the database (a chain) go before the Stata
    # files whenever they can start: the Stata files fill the other processes meanwhile
    order = first + last + stata if jobs > 1 else first + stata + last
    done = _run_outputs(order, context, jobs, needs=needs)
    written.update(done[("manifest",)])
    for name in _FRAMES:
        written.update(done[("frame", name)])
    chunked = dict(done[lane])
    for name in ("wide", "theme_profile", "panel", "carry_over", "codebook"):
        if name in chunked:
            written[name] = chunked[name]
    made: dict[str, list[Path]] = {}
    for task in stata:
        made.update(done[task])
    for name in ("long", "wide", "codebook", "checks"):
        if name in made:
            written[f"stata_{name}"] = made[name]
    if "stata_panel" in made:
        written["stata_panel"] = made["stata_panel"]
    written.update(done[("dictionary",)])
    if database:
        written.update(done[("duckdb",)])
    return written


_OUTPUT_CONTEXT: dict[str, Any] = {}  # what forked output processes inherit
_CHUNKED = ("wide", "carry_over", "codebook", "theme_profile", "panel")  # frames computed from chunks of reports


def _inputs_of(task: tuple, context: dict[str, Any], done: dict[tuple, dict[str, list[Path]]]) -> tuple:
    """``task`` with what it reads from earlier outputs (the data dictionary and the database)."""
    if task[0] not in ("dictionary", "duckdb"):
        return task
    written = dict(done[("manifest",)])  # the manifest, then the outputs in the order they are listed
    frames = {k: v for t in sorted((t for t in done if t[0] == "frame"), key=lambda t: _FRAMES.index(t[1]))
              for k, v in done[t].items()}
    written.update(frames)
    chunked = {k: v for t in done if t[0] == "chunked" for k, v in done[t].items()}
    for name in ("wide", "theme_profile", "panel", "carry_over", "codebook"):
        if name in chunked:
            written[name] = chunked[name]
    if task[0] == "duckdb":
        written.update(done[("dictionary",)])
    return (task[0], written)


def _run_outputs(tasks: list[tuple], context: dict[str, Any], jobs: int, *,
                 needs: dict[tuple, tuple] | None = None) -> dict[tuple, dict[str, list[Path]]]:
    """Results of :func:`_output_task` for ``tasks``, by task; on ``jobs`` processes when > 1.

    Each process (this one and ``jobs - 1`` forked ones) takes the first task of
    the list whose ``needs`` are done, as soon as it is free, until none is
    left: a process never waits for another's batch to end.  Warnings a forked
    process raises are raised again here.
    """
    import threading

    needs = needs or {}
    done: dict[tuple, dict[str, list[Path]]] = {}
    if jobs <= 1 or len(tasks) <= 1 or not sys.platform.startswith("linux"):
        pending = list(tasks)
        while pending:
            task = next((t for t in pending if all(n in done for n in needs.get(t, ()))), None)
            if task is None:
                raise RuntimeError(f"outputs {pending} need outputs that are not listed")
            pending.remove(task)
            done[task] = _output_task(_inputs_of(task, context, done), context)
        return done
    pending = list(tasks)
    state = threading.Condition()
    failed: list[BaseException] = []
    caught: list[tuple[type, str]] = []

    running = [0]

    def take() -> tuple | None:
        with state:
            while pending and not failed:
                ready = [t for t in pending if all(n in done for n in needs.get(t, ()))]
                if ready:
                    pending.remove(ready[0])
                    running[0] += 1
                    return _inputs_of(ready[0], context, done), ready[0]
                if not running[0]:  # nothing running could make one ready
                    failed.append(RuntimeError(f"outputs {pending} need outputs that are not listed"))
                    state.notify_all()
                    break
                state.wait()
            return None

    def finish(task: tuple, result: dict[str, list[Path]] | None, error: BaseException | None = None) -> None:
        with state:
            running[0] -= 1
            if error is not None:
                failed.append(error)
            else:
                done[task] = result
            state.notify_all()

    def feed(pool: ProcessPoolExecutor) -> None:  # one thread per forked process: sends it the next task
        while (taken := take()) is not None:
            try:
                result, warned = pool.submit(_forked_output_task, taken[0]).result()
            except BaseException as exc:  # noqa: BLE001 - raised again in this process's thread
                finish(taken[1], None, exc)
                return
            caught.extend(warned)
            finish(taken[1], result)

    _OUTPUT_CONTEXT.clear()
    _OUTPUT_CONTEXT.update(context)
    helpers = min(jobs - 1, len(tasks) - 1)
    try:
        # each forked process freezes what it inherits (as the workers do, see engine._worker_main)
        with ProcessPoolExecutor(max_workers=helpers, mp_context=mp.get_context("fork"),
                                 initializer=gc.freeze) as pool:
            # the processes fork now, before any thread of this process works
            pool.submit(_ready).result()
            threads = [threading.Thread(target=feed, args=(pool,), daemon=True) for _ in range(helpers)]
            for thread in threads:
                thread.start()
            try:
                while (taken := take()) is not None:
                    result = _output_task(taken[0], context)
                    finish(taken[1], result)
            except BaseException as exc:
                finish(None, None, exc)  # the other threads stop after their current task
                raise
            finally:
                for thread in threads:
                    thread.join()
    finally:
        _OUTPUT_CONTEXT.clear()
    if failed:
        raise failed[0]
    for category, message in caught:
        warnings.warn(message, category, stacklevel=3)
    return done


def _ready() -> None:
    """A no-op: submitting it forks the output processes (all at once, before any thread starts)."""


def _forked_output_task(task: tuple) -> tuple[dict[str, list[Path]], list[tuple[type, str]]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = _output_task(task, _OUTPUT_CONTEXT)
    return result, [(w.category, str(w.message)) for w in caught]


def _output_task(task: tuple, context: dict[str, Any]) -> dict[str, list[Path]]:
    """One independent part of the outputs (see :func:`_write_outputs`); files written, by name."""
    corpus, stage, tabular = context["corpus"], context["stage"], context["tabular"]
    kind = task[0]
    if kind == "dictionary":  # task[1]: the outputs written so far
        return {"data_dictionary": _write_data_dictionary(stage, task[1], tabular,
                                                          codebook=corpus._theme_codebook())}
    if kind == "duckdb":
        path = _write_duckdb(stage, task[1])
        return {"database": [path]} if path is not None else {}
    if kind == "manifest":
        writer = _FrameWriter(stage, "manifest", tabular)
        writer.add(context["manifest"])
        return {"manifest": writer.finish()}
    if kind == "frame":  # a per-report frame: the dataset's parts, streamed as they are
        writer = _FrameWriter(stage, task[1], tabular)
        writer.add_parts(corpus._parts(task[1]))
        paths = writer.finish()
        return {task[1]: paths} if paths else {}
    if kind == "stata":
        return write_stata(stage, prefix="stata", names=task[1])
    if kind == "stata_panel":
        parquet = [stage / "panel.parquet"] if (stage / "panel.parquet").is_file() else []
        return {"stata_panel": [_write_panel_stata(stage, parquet, codebook=corpus._theme_codebook())]} if parquet else {}
    # the frames computed from chunks of reports, then carry-over and codebook
    manifest, themes, coded, any_tables = context["manifest"], context["themes"], context["coded"], context["any_tables"]
    wanted = task[1]
    names = [n for n in (["wide"] if any_tables else []) + (["theme_profile"] if themes else [])
             + (["panel"] if themes or coded else []) if n in wanted]
    writers = {name: _FrameWriter(stage, name, tabular) for name in names}
    carry: list[pd.DataFrame] = []
    carried = ["requests.carried_in.total", "requests.carried_out.total"]
    keep_carry = any_tables and "carry_over" in wanted
    if names or keep_carry:
        # the columns the chunked frames read (wide and carry-over: report, variable, value and
        # unit of the tables; theme profile and panel: report, themes, headings and dictionary
        # counts of the sentences, the flags of the checks): a chunk's view reads only these
        # (with dictionaries the panel counts them on the text: everything is read then)
        reads = {"tables": ["report", "variable", "value", "unit"], "checks": ["report", "holds"]}
        if not coded:
            reads["sentences"] = ["report", "themes", "is_heading"]
        for view in corpus._chunks(manifest):  # each view's reports: the manifest's rows
            view._reads = reads
            if "wide" in writers:
                writers["wide"].add(view.wide().reset_index())
            if keep_carry:
                tables = view._concat_shared("tables")
                if len(tables):
                    carry.append(tables[tables["variable"].isin(carried)])
            if "theme_profile" in writers:
                writers["theme_profile"].add(view.theme_profile().reset_index())
            if "panel" in writers:
                writers["panel"].add(view.panel().reset_index())
            view._concatenated.clear()
    written: dict[str, list[Path]] = {}
    for name, writer in writers.items():
        order = (lambda cols: ["report"] + _order([c for c in cols if c != "report"])) if name == "wide" else None
        paths = writer.finish(order=order)
        if paths:
            written[name] = paths
    if keep_carry:
        reports = manifest.assign(agency=manifest["body"])
        values = pd.concat(carry, ignore_index=True) if carry else pd.DataFrame(columns=["report", "variable", "value"])
        extra = _FrameWriter(stage, "carry_over", tabular)
        extra.add(carry_over_checks(values, reports))
        written["carry_over"] = extra.finish()
        extra = _FrameWriter(stage, "codebook", tabular)
        extra.add(corpus.codebook())
        written["codebook"] = extra.finish()
    return written


def _schema_frames(written: dict[str, list[Path]]) -> dict[str, pd.DataFrame]:
    """Each written output as an empty frame with its columns and dtypes (read from Parquet schemas)."""
    import pyarrow.parquet as pq

    frames = {}
    for name, paths in written.items():
        parquet = [p for p in paths if p.suffix == ".parquet"]
        if parquet:
            frames[name] = _empty_frame(pq.read_schema(parquet[0]))
    return frames


def _write_data_dictionary(stage: Path, written: dict[str, list[Path]], tabular: Sequence[str],
                           codebook: Any = None) -> list[Path]:
    """``data_dictionary``: every column of every output, its meaning, unit and stage (:mod:`ogi_nlp.datadict`)."""
    dictionary = data_dictionary(_schema_frames(written), on_missing="warn", codebook=codebook)
    writer = _FrameWriter(stage, "data_dictionary", tabular or ("csv",))
    writer.add(dictionary)
    return writer.finish()


def _write_panel_stata(stage: Path, paths: list[Path], codebook: Any = None) -> Path:
    """``stata_panel.dta``: the panel (one row per report) with labels from the data dictionary."""
    import pyarrow.parquet as pq

    source = next(p for p in paths if p.suffix == ".parquet")
    path = stage / "stata_panel.dta"
    write_stata_parquet(source, path, output="panel", codebook=codebook,
                        index="report" if "report" in pq.read_schema(source).names else None)
    return path


def _drop_parquet(written: dict[str, list[Path]]) -> None:
    """Remove the Parquet files a build wrote only for Stata and DuckDB."""
    for name, paths in written.items():
        for p in [p for p in paths if p.suffix == ".parquet"]:
            p.unlink()
            paths.remove(p)


def _write_duckdb(stage: Path, written: dict[str, list[Path]]) -> Path | None:
    """``corpus.duckdb``: every corpus frame as a table (a copy: the file can be moved and shared alone).

    DuckDB works on one thread: it runs as one output task beside the others, each on one core.
    Each table is committed as it is made: one transaction over all of them held their rows in
    memory until the commit (peak memory then grew with the corpus: 458 -> 602 MB at 5,000
    reports).  The file is written in the staging folder, so a failed build never leaves half of it.
    DuckDB may hold 256 MB (it would take up to 80 % of the machine's memory and keep what it read
    cached; at 5,000 reports the build's peak was 449 MB with DuckDB, 277 MB without, 400 MB with the
    limit and the same CPU time); beyond it, it writes finished blocks out and drops them.
    """
    duckdb = _duckdb_engine()
    if duckdb is None:
        warnings.warn("duckdb is not installed: no corpus.duckdb written (pip install duckdb)", stacklevel=3)
        return None
    path = stage / "corpus.duckdb"
    con = duckdb.connect(str(path), config={"threads": 1, "memory_limit": "256MB"})
    try:
        for name, paths in written.items():
            parquet = [p for p in paths if p.suffix == ".parquet" and p.parent == stage]
            if not parquet:
                continue
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet(?)', [str(parquet[0])])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def _duckdb_engine() -> Any:
    """DuckDB's engine module (its ``connect``), or ``None`` when duckdb is not installed.

    DuckDB 1.4+ keeps its engine in the extension module ``_duckdb``, which the
    ``duckdb`` package re-exports after importing its Python layer (the
    relational API, about 0.04 CPU-s to import); a build only connects and
    runs SQL, so it takes the engine alone where it is there.
    """
    try:
        import _duckdb

        if callable(getattr(_duckdb, "connect", None)):
            return _duckdb
    except ImportError:
        pass
    try:
        import duckdb
    except ImportError:
        return None
    return duckdb
