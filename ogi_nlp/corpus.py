"""Many reports at once: in parallel, cached, and never stopped by one bad file.

:func:`read_corpus` runs every file of a folder through :class:`~ogi_nlp.report.Report`
in worker processes and gathers plain DataFrames.  Each file's result is cached
under its content hash (and a fingerprint of the toolkit's code), so a second
run over the same files reads them back instead of recomputing.  A file that
cannot be read becomes a row with ``status="error"`` and the reason; the batch
goes on.

Examples
--------
>>> from ogi_nlp import read_corpus
>>> from ogi_nlp.datasets import corpus_path
>>> corpus = read_corpus(corpus_path(), themes=False)
>>> corpus.reports()[["file", "status"]].head(2).values.tolist()
[['000_0bd4f94ff1c1a797.txt', 'ok'], ['001_dfbf40df936f33b0.txt', 'ok']]
"""
from __future__ import annotations

import hashlib
import io
import importlib.resources
import json
import os
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from ._version import __version__
from .bodies import apply_manifest, name_bodies
from .errors import ReportError

__all__ = ["Corpus", "Outcome", "read_corpus", "add_theme_columns", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".txt", ".text", ".htm", ".html", ".docx", ".pdf")
_FRAMES = ("sections", "sentences", "tables", "checks", "quantities")
_META_COLUMNS = [
    "agency", "year", "doc_type", "level", "title", "generation", "request_rows",
    "script", "format", "encoding", "pages", "sha256",
    # where each field came from, the body and its region (ogi_nlp.metadata)
    "agency_source", "year_source", "level_source", "generation_source", "title_source",
    "body_kind", "body_id", "province", "city", "county", "region_code", "region_source",
]


@dataclass
class Outcome:
    """What became of one input file (plain data, cheap to send between processes)."""

    file: str
    status: str  # "ok" or "error"
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    seconds: float = 0.0
    cached: bool = False


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Hash of the toolkit's code and bundled resources: a change invalidates caches."""
    digest = hashlib.sha256(__version__.encode())
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


def _load_cached(folder: Path, file: str, path: str) -> Outcome | None:
    meta_path = folder / "outcome.json"
    if not meta_path.is_file():
        return None
    try:
        record = json.loads(meta_path.read_text(encoding="utf-8"))
        frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in record["frames"]}
    except (OSError, ValueError, KeyError):
        return None  # a damaged cache entry is recomputed, not trusted
    stored_path, meta, reason = record.get("path", path), record["meta"], record["reason"]
    if stored_path != path:  # the same file read from another folder: point at this one
        reason = reason.replace(stored_path, path)
        meta["source"] = path
    return Outcome(file=file, status=record["status"], reason=reason,
                   warnings=record["warnings"], meta=meta, frames=frames,
                   seconds=0.0, cached=True)


def _store_cached(folder: Path, outcome: Outcome, path: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in outcome.frames.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    record = {"path": path, "status": outcome.status, "reason": outcome.reason, "warnings": outcome.warnings,
              "meta": outcome.meta, "frames": sorted(outcome.frames)}
    tmp = folder / "outcome.json.tmp"
    tmp.write_text(json.dumps(record, ensure_ascii=False, default=str), encoding="utf-8")
    tmp.replace(folder / "outcome.json")  # written last: its presence marks a complete entry


def _as_stored(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as Parquet stores it, so a cached result equals a fresh one."""
    return pd.read_parquet(io.BytesIO(frame.to_parquet(index=False)))


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def _process(path: str, file: str, options: dict[str, Any], cache: str | None) -> Outcome:
    """Run one file through every stage; never raises."""
    started = time.perf_counter()
    cache_folder = None
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return Outcome(file=file, status="error", reason=f"cannot read file: {exc.strerror or exc}")
    if cache:
        # Keyed by content and by the file's name too: rows carry the name of their report.
        cache_folder = _cache_dir_for(Path(cache), hashlib.sha256(data).hexdigest(), {**options, "file": file})
        hit = _load_cached(cache_folder, file, path)
        if hit is not None:
            return hit
    try:
        outcome = _analyse(path, file, options)
    except ReportError as exc:
        outcome = Outcome(file=file, status="error", reason=str(exc))
    except Exception as exc:  # a bug on one file must not stop the batch; keep its trace
        last = traceback.extract_tb(exc.__traceback__)[-1]
        outcome = Outcome(file=file, status="error",
                          reason=f"internal error {type(exc).__name__}: {exc} "
                                 f"(at {Path(last.filename).name}:{last.lineno}); please report it")
    outcome.seconds = round(time.perf_counter() - started, 4)
    if cache_folder is not None and not outcome.reason.startswith("internal error"):
        try:
            _store_cached(cache_folder, outcome, path)
        except OSError:
            pass  # an unwritable cache slows the next run; it does not change this one
    return outcome


def _analyse(path: str, file: str, options: dict[str, Any]) -> Outcome:
    import warnings

    from .read import read_document
    from .report import Report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # warnings are kept as data in meta["warnings"]
        report = Report(read_document(path))
        report.document.name = file
        frames = {
            "sections": report.sections.assign(report=file),
            "sentences": report.sentences(),
            "tables": report.tables(),
            "checks": report.checks(),
            "quantities": report.quantities(),
        }
        if options.get("themes"):
            frames["sentences"] = add_theme_columns(frames["sentences"])
        meta = _jsonable(report.meta)
    frames = {name: _as_stored(frame) for name, frame in frames.items()}
    return Outcome(file=file, status="ok", warnings=list(meta.pop("warnings", [])),
                   meta=meta, frames=frames)


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
    from .themes import label_sentences

    labelled = label_sentences(sentences, classifier=classifier, probabilities=True)
    found = labelled["themes"].tolist()
    keys = classifier.codebook_.keys if classifier is not None else _default_theme_keys()
    labelled["themes"] = [";".join(labels) for labels in found]
    probs = labelled[[f"p_{key}" for key in keys]]
    labelled = labelled.drop(columns=probs.columns)
    for key in keys:
        labelled[key] = [key in labels for labels in found]
    for key in keys:
        labelled[f"p_{key}"] = probs[f"p_{key}"].astype(float).to_numpy()
    return labelled


@lru_cache(maxsize=1)
def _default_theme_keys() -> tuple[str, ...]:
    from .themes import load_codebook

    return tuple(load_codebook().keys)


def _flatten_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists, tuples and sets become ";"-joined strings (CSV and Parquet cells)."""
    flat = frame.copy()
    for column in flat.columns:
        if flat[column].dtype == object and flat[column].map(
                lambda v: isinstance(v, (list, tuple, set))).any():
            flat[column] = flat[column].map(
                lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple, set)) else v)
    return flat


def _plain_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole numbers in float columns print as integers in CSV (17, not 17.0)."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = pd.Series(
                [None if pd.isna(v) else (int(v) if float(v).is_integer() else float(v))
                 for v in out[column]], index=out.index, dtype=object)
    return out


def _list_inputs(folder: Path, recursive: bool) -> list[Path]:
    pattern = "**/*" if recursive else "*"
    return sorted(p for p in folder.glob(pattern)
                  if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                  and not p.name.startswith("."))


def _want_progress(progress: bool | None) -> bool:
    if progress is not None:
        return progress
    if "ipykernel" in sys.modules:  # notebooks keep their stored outputs clean
        return False
    return sys.stderr.isatty()


def read_corpus(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    n_jobs: int = 1,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    themes: bool = True,
    recursive: bool = False,
) -> "Corpus":
    """Read every report of a folder (or a list of files).

    Parameters
    ----------
    source : path or list of paths
        A folder (its files ending in .txt, .html, .htm, .docx or .pdf are the
        inputs) or an explicit list of files.
    n_jobs : int, default 1
        Worker processes; ``-1`` uses every core.
    cache_dir : path, optional
        Where each file's result is cached by content hash; ``None``: no cache.
    progress : bool, optional
        Show a progress bar; by default only on a terminal, never in a notebook.
    themes : bool, default True
        Add theme columns to the sentences with the default classifier.
    recursive : bool, default False
        Look into sub-folders too.

    Returns
    -------
    Corpus
    """
    if isinstance(source, (str, os.PathLike)):
        root = Path(source)
        if not root.is_dir():
            raise NotADirectoryError(f"{root}: not a folder; pass a folder or a list of files")
        paths = _list_inputs(root, recursive)
        names = [p.relative_to(root).as_posix() for p in paths]
    else:
        paths = [Path(p) for p in source]
        root = None
        names = [p.name for p in paths]
        if len(set(names)) < len(names):  # same file name in two folders: keep them apart
            names = [p.as_posix() for p in paths]
    if n_jobs == -1:
        n_jobs = os.cpu_count() or 1
    if n_jobs < 1:
        raise ValueError(f"n_jobs={n_jobs!r}: expected a positive number of processes or -1")
    options = {"themes": bool(themes)}
    cache = str(cache_dir) if cache_dir is not None else None
    jobs = [(str(p), name, options, cache) for p, name in zip(paths, names)]

    from tqdm import tqdm  # the terminal bar: notebooks get none (see _want_progress)

    bar = tqdm(total=len(jobs), unit="file", disable=not _want_progress(progress),
               desc="ogi-nlp")
    outcomes: list[Outcome] = []
    if n_jobs == 1 or len(jobs) < 2:
        for job in jobs:
            outcomes.append(_process(*job))
            bar.update()
    else:
        with ProcessPoolExecutor(max_workers=n_jobs) as pool:
            chunk = max(1, min(32, len(jobs) // (n_jobs * 8)))
            for outcome in pool.map(_process, *zip(*jobs), chunksize=chunk):
                outcomes.append(outcome)
                bar.update()
    bar.close()
    return Corpus(outcomes, root=root, manifest=_folder_manifest(root))


def _folder_manifest(root: Path | None) -> pd.DataFrame | None:
    """A folder's own ``manifest.csv`` (file, agency, ...), if it has one."""
    path = None if root is None else root / "manifest.csv"
    if path is None or not path.is_file():
        return None
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    return frame.set_index("file") if "file" in frame.columns else None


class Corpus:
    """The outcome of reading many reports, as DataFrames.

    Every method returns a new DataFrame sorted by report file, so results are
    the same whatever the number of processes.
    """

    def __init__(self, outcomes: Iterable[Outcome], *, root: Path | None = None,
                 manifest: pd.DataFrame | None = None) -> None:
        self.outcomes = sorted(outcomes, key=lambda o: o.file)
        self.root = root
        self.manifest = manifest
        self._concatenated: dict[str, pd.DataFrame] = {}

    def __len__(self) -> int:
        return len(self.outcomes)

    def __repr__(self) -> str:
        ok = sum(o.status == "ok" for o in self.outcomes)
        return f"<Corpus: {len(self)} files, {ok} read, {len(self) - ok} errors>"

    def reports(self) -> pd.DataFrame:
        """One row per input file: status, reason, warnings and metadata.

        This is also the manifest of a build: every input appears, read or not.
        ``agency`` is what the report says (``agency_source`` tells where);
        a folder's ``manifest.csv`` overrides any metadata column for the files
        it lists (:func:`ogi_nlp.bodies.apply_manifest`; ``<field>_source`` is then
        ``"manifest"``).  ``body`` names the issuing body the same way in every
        year: the manifest's ``body`` where given, else the most complete agency
        name among the reports of one ``body_id`` (region code and name within
        the region, :func:`ogi_nlp.bodies.body_id`, which pairs 洪泽区人民政府 and
        淮安市洪泽区人民政府).  Year-to-year comparisons use ``body``.
        """
        rows = []
        for o in self.outcomes:
            row: dict[str, Any] = {"file": o.file, "status": o.status, "reason": o.reason,
                                   "n_warnings": len(o.warnings), "warnings": "; ".join(o.warnings)}
            row.update({k: o.meta.get(k) for k in _META_COLUMNS})
            listed = self.manifest is not None and o.file in self.manifest.index
            row = apply_manifest(row, self.manifest.loc[o.file] if listed else None)
            sentences = o.frames.get("sentences")
            tables = o.frames.get("tables")
            row["n_sentences"] = None if sentences is None else len(sentences)
            row["n_values"] = None if tables is None else int(tables["value"].notna().sum())
            row["seconds"] = o.seconds
            row["cached"] = o.cached
            rows.append(row)
        frame = name_bodies(pd.DataFrame(rows))
        return frame.astype({"year": "Int64", "pages": "Int64", "n_sentences": "Int64",
                             "n_values": "Int64"})

    def _concat(self, name: str) -> pd.DataFrame:
        # Concatenated once: tables() alone feeds wide, carry_over, panel and the exports.
        if name not in self._concatenated:
            frames = [o.frames[name] for o in self.outcomes if name in o.frames and len(o.frames[name])]
            if frames:
                joined = pd.concat(frames, ignore_index=True)
            else:
                empty = [o.frames[name] for o in self.outcomes if name in o.frames]
                joined = empty[0].iloc[0:0] if empty else pd.DataFrame()
            self._concatenated[name] = joined
        return self._concatenated[name].copy()  # callers may modify what they get

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
        from .tables import carry_over_checks

        reports = self.reports()
        return carry_over_checks(self.tables(), reports.assign(agency=reports["body"]))

    def theme_profile(self) -> pd.DataFrame:
        """Share of each report's sentences per theme (needs ``themes=True``)."""
        from .themes import theme_profile

        sentences = self.sentences()
        if "themes" not in sentences.columns:
            raise ValueError("this corpus was read with themes=False; read it with themes=True")
        return theme_profile(sentences, report="report", labels="themes")

    def panel(self, *, annual_reports_only: bool = True) -> pd.DataFrame:
        """One row per report: metadata, themes, key numbers, checks, rates.

        See :func:`ogi_nlp.join.panel`; formulas in :func:`ogi_nlp.join.panel_codebook`.
        """
        from .join import panel

        return panel(self, annual_reports_only=annual_reports_only)

    def wide(self) -> pd.DataFrame:
        """One row per report, one column per table variable."""
        from .tables import wide

        reports = self.reports()
        return wide(self.tables(), reports=reports.loc[reports["status"].eq("ok"), "file"].tolist())

    @staticmethod
    def codebook() -> pd.DataFrame:
        """The table variables: name, Chinese label, unit, generations."""
        from .tables import variable_codebook

        return variable_codebook()

    def outputs(self) -> dict[str, pd.DataFrame]:
        """Every corpus-level frame a build writes, by name."""
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
            frames["panel"] = self.panel().reset_index()
        return frames

    def write(self, out: str | os.PathLike[str], *,
              formats: Sequence[str] = ("parquet", "csv", "dta")) -> dict[str, list[Path]]:
        """Write :meth:`outputs` to ``out``.

        Parameters
        ----------
        out : path
            Output folder (created).
        formats : sequence of {"parquet", "csv", "dta"}
            Parquet and CSV (UTF-8 with BOM, so Excel opens Chinese correctly)
            for every frame; Stata ``.dta`` (version 118, Chinese variable
            labels) for the tables, the wide frame, the checks and the variable
            codebook, through :func:`ogi_nlp.tables.export_tables`.

        Returns
        -------
        dict
            Files written, by frame name.
        """
        allowed = ("parquet", "csv", "dta")
        bad = sorted(set(formats) - set(allowed))
        if bad:
            raise ValueError(f"formats {bad} not supported; choose from {list(allowed)}")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        written: dict[str, list[Path]] = {}
        for name, frame in self.outputs().items():
            flat = _flatten_cells(frame)
            paths = []
            if "parquet" in formats:
                paths.append(folder / f"{name}.parquet")
                flat.to_parquet(paths[-1], index=False)
            if "csv" in formats:
                paths.append(folder / f"{name}.csv")
                _plain_numbers(flat).to_csv(paths[-1], index=False, encoding="utf-8-sig")
            written[name] = paths
        if "dta" in formats and len(self.tables()):
            from .tables import export_tables

            for name, paths in export_tables(self.tables(), folder, checks=self.checks(),
                                             formats=("dta",), prefix="stata").items():
                written[f"stata_{name}"] = paths
        return written

    def summary(self) -> str:
        """A few lines for a terminal: files, statuses, sentences, values, checks."""
        reports = self.reports()
        ok = reports["status"].eq("ok")
        lines = [f"{len(reports)} files: {int(ok.sum())} read, {int((~ok).sum())} errors, "
                 f"{int(reports['n_warnings'].gt(0).sum())} with warnings"]
        for _, row in reports.loc[~ok].iterrows():
            lines.append(f"  error    {row['file']}: {row['reason']}")
        for _, row in reports.loc[ok & reports["n_warnings"].gt(0)].iterrows():
            lines.append(f"  warning  {row['file']}: {row['warnings']}")
        sentences, tables, checks = self.sentences(), self.tables(), self.checks()
        lines.append(f"{len(sentences)} sentences, {int(tables['value'].notna().sum()) if len(tables) else 0} "
                     f"table values ({int(tables['value'].isna().sum()) if len(tables) else 0} missing)")
        if len(checks):
            evaluated = checks["holds"].notna()
            failed = checks["holds"].eq(False)
            lines.append(f"{int(evaluated.sum())} checks evaluated, {int(failed.sum())} fail "
                         f"in {checks.loc[failed, 'report'].nunique()} reports")
        return "\n".join(lines)
