"""Same frames before and after a change: dump every frame of Report for many files, compare two dumps.

A speed change to the per-report stages must not change a value, a dtype or a
warning.  Dump with the checkout before the change, dump with the one after,
compare::

    python benchmarks/report_frames.py dump /tmp/old --checkout /path/to/old/checkout
    python benchmarks/report_frames.py dump /tmp/new
    python benchmarks/report_frames.py compare /tmp/old /tmp/new

(``--checkout`` runs another checkout's ``ogi_nlp`` on the same files; the
files are always read from this checkout's ``corpora/``, so that the recorded
paths agree.)

``dump`` reads every txt/html/docx/pdf file of ``corpora/`` and of
``../shared/dev/tables/docs`` and ``../shared/dev/pages/docs`` (when present)
plus a few synthetic texts, and pickles per file: the document's text, blocks
and meta, ``sections``, ``sentences()``, ``tables()``, ``checks()``,
``quantities()``, ``meta``, the raw ``parse_tables`` result, the frames of
``corpus._analyse`` and every warning issued.  ``compare`` checks every frame
with ``pandas.testing.assert_frame_equal`` (exact values, same dtypes) and
every other object for equality; exit status 1 if any file differs.

``time FOLDER`` prints the CPU milliseconds per report of ``corpus._analyse``
(the per-report analysis of a build) over the files of a folder, each file read
once (the first, which loads the bundled resources, is not counted).
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import _checkout  # noqa: F401  (beside this script: this checkout's ogi_nlp)

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = {".txt", ".html", ".htm", ".docx", ".pdf"}
SYNTHETIC = [
    "x", "\t规章\n\t0\n\t0\n\t1", "1.jpg", "一、总体情况", "一、总体情况\n全年受理政府信息公开申请20件，均按期答复。",
    "- 1 -", "政府信息公开工作年度报告\n\n", "三、收到和處理政府資訊公開申請情況\n本年新收申請12件。",
    "| 规章 | 22 | | 235 |\n| 行政规范性文件 | 1 | 2 | 3 |", "本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5",
]


def _files(shared: Path) -> list[Path]:
    folders = [ROOT / "corpora", shared / "dev" / "tables" / "docs", shared / "dev" / "pages" / "docs"]
    return [p for d in folders if d.is_dir() for p in sorted(d.iterdir()) if p.suffix.lower() in SUFFIXES]


def _report_parts(report: Any) -> dict[str, Any]:
    tables = report._table_result
    return {
        "text": report.document.text,
        "blocks": [(b.kind, b.text, b.start, b.end, b.page, b.line, b.layout, b.rows) for b in report.document.blocks],
        "sections": report.sections, "sentences": report.sentences(), "tables": report.tables(),
        "checks": report.checks(), "quantities": report.quantities(), "meta": report.meta,
        "parsed": {"values": tables.values, "generation": tables.generation,
                   "request_rows": tables.request_rows, "warnings": tables.warnings},
    }


def dump(out: Path, shared: Path) -> int:
    from ogi_nlp import parse_report, read_report
    from ogi_nlp.corpus import _analyse

    out.mkdir(parents=True, exist_ok=True)
    items: list[tuple[str, Any]] = [(f"{p.parent.parent.name}_{p.parent.name}_{p.name}", p) for p in _files(shared)]
    items += [(f"synthetic_{k}", text) for k, text in enumerate(SYNTHETIC)]
    for key, item in items:
        found: dict[str, Any] = {}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                report = read_report(item) if isinstance(item, Path) else parse_report(item, name=key)
                found.update(_report_parts(report))
            except Exception as exc:  # the same error is the same outcome
                found["error"] = repr(exc)
        found["warnings"] = [(w.category.__name__, str(w.message)) for w in caught]
        if isinstance(item, Path):
            found["analyse"] = _analyse(str(item), item.name)
        with open(out / f"{key}.pkl", "wb") as fh:
            pickle.dump(found, fh)
    print(f"{len(items)} files dumped to {out} by {sys.modules['ogi_nlp'].__file__}")
    return 0


def _equal(a: Any, b: Any, where: str) -> None:
    import pandas as pd
    from pandas.testing import assert_frame_equal

    if isinstance(a, pd.DataFrame):
        assert isinstance(b, pd.DataFrame), where
        assert_frame_equal(a, b, check_exact=True, obj=where)
        assert list(map(str, a.dtypes)) == list(map(str, b.dtypes)), where
    elif isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), (where, a, b)
        for k in a:
            _equal(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, (list, tuple)):
        assert type(a) is type(b) and len(a) == len(b), (where, a, b)
        for i, (x, y) in enumerate(zip(a, b)):
            _equal(x, y, f"{where}[{i}]")
    elif a is pd.NA or b is pd.NA:
        assert a is b, (where, a, b)
    else:
        assert type(a) is type(b) and (a == b or (a != a and b != b)), (where, a, b)


def compare(old: Path, new: Path) -> int:
    names = sorted(p.name for p in old.glob("*.pkl"))
    bad = 0
    for name in names:
        with open(old / name, "rb") as fa, open(new / name, "rb") as fb:
            try:
                _equal(pickle.load(fa), pickle.load(fb), name)
            except AssertionError as exc:
                bad += 1
                print("DIFFERS", name, str(exc)[:500])
    missing = sorted({p.name for p in new.glob("*.pkl")} ^ set(names))
    print(f"{len(names)} files compared, {bad} differ, {len(missing)} in one dump only")
    return 1 if bad or missing else 0


def time_folder(folder: Path) -> int:
    from ogi_nlp.corpus import _analyse

    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)
    _analyse(str(files[0]), files[0].name)  # loads the bundled resources once per process
    started = time.process_time()
    for p in files[1:]:
        _analyse(str(p), p.name)
    print(f"{(time.process_time() - started) / max(len(files) - 1, 1) * 1000:.1f} ms/report (CPU) over {len(files) - 1} files")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="dump every frame of Report for the files")
    d.add_argument("out", type=Path)
    d.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    d.add_argument("--checkout", type=Path, default=None, help="run this checkout's ogi_nlp instead")
    c = sub.add_parser("compare", help="compare two dumps")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    t = sub.add_parser("time", help="CPU ms per report of the per-report analysis")
    t.add_argument("folder", type=Path)
    args = ap.parse_args(argv)
    if args.command == "dump":
        if args.checkout is not None:
            sys.path.insert(0, str(args.checkout.resolve()))
        return dump(args.out, args.shared)
    if args.command == "compare":
        return compare(args.old, args.new)
    return time_folder(args.folder)


if __name__ == "__main__":
    sys.exit(main())
