"""Benchmark: PDF pages read per second, PDFium fast path against the pdfplumber reference.

Reads the bundled PDFs (the three report PDFs in ``corpora/`` and the
LibreOffice-laid-out fixture in ``tests/fixtures/read/``, 22 pages) with
``read_pdf`` several times over and prints, for each engine, the pages read
and the CPU seconds this process spent (``time.process_time``: one core's
work, so other load on a shared machine moves it less than wall time), the
wall seconds and the pages per CPU second, the median over ``--runs`` runs.
It first checks that both engines give the same blocks (text, page, table
grid) on every file.

The figure per core is what a corpus build with one worker per core gets; it
excludes the interpreter's start-up and imports (about a second, once per
worker).  To time whole processes instead, start-up included, time
``python benchmarks/bench_pdf.py --engine pdfium --runs 1 --loops 10`` from
outside (``/usr/bin/time -v``).

Run: ``python benchmarks/bench_pdf.py`` (both engines),
``python benchmarks/bench_pdf.py --engine pdfium --loops 20``, or on other
PDFs: ``python benchmarks/bench_pdf.py path/to/a.pdf path/to/b.pdf``.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

from ogi_nlp.read.pdf import ENGINES, read_pdf

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    ROOT / "corpora" / "huaian-municipal-government-2024.pdf",
    ROOT / "corpora" / "hongze-district-government-2023.pdf",
    ROOT / "corpora" / "hongze-district-government-2024.pdf",
    ROOT / "tests" / "fixtures" / "read" / "seed001.pdf",
]


def _blocks(data: bytes, name: str, engine: str) -> list[tuple]:
    doc = read_pdf(data, name=name, engine=engine)
    return [(b.kind, b.text, b.page, b.rows) for b in doc.blocks]


def time_engine(datas: list[tuple[str, bytes]], engine: str, loops: int) -> tuple[int, float, float]:
    """Pages read, CPU seconds and wall seconds for ``loops`` passes over the files."""
    pages = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(loops):
        for name, data in datas:
            pages += read_pdf(data, name=name, engine=engine).meta["pages"]
    return pages, time.process_time() - cpu, time.perf_counter() - wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="PDFs to read (default: the bundled ones)")
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="both")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per engine (median reported)")
    parser.add_argument("--loops", type=int, default=3, help="passes over the files in one run")
    parser.add_argument("--no-check", action="store_true", help="skip the check that both engines agree")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    datas = [(p.name, p.read_bytes()) for p in (args.paths or FILES)]
    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    if not args.no_check:
        for name, data in datas:
            fast, ref = _blocks(data, name, "pdfium"), _blocks(data, name, "pdfplumber")
            if fast != ref:
                differ = sum(a != b for a, b in zip(fast, ref)) + abs(len(fast) - len(ref))
                print(f"MISMATCH: the engines read {name} differently ({differ} of {len(ref)} blocks)",
                      file=sys.stderr)
                return 1
        print(f"check: both engines give the same blocks and table grids on {len(datas)} files")
    for engine in engines:
        time_engine(datas, engine, 1)  # warm-up: imports, PDFium start-up
        results = [time_engine(datas, engine, args.loops) for _ in range(args.runs)]
        pages = results[0][0]
        rates = sorted(pages / cpu for _, cpu, _ in results)
        walls = sorted(pages / wall for _, _, wall in results)
        print(
            f"{engine:>10}: {pages} pages a run, {args.runs} runs; pages per CPU second "
            f"median {statistics.median(rates):.1f} (min {rates[0]:.1f}, max {rates[-1]:.1f}); "
            f"pages per wall second median {statistics.median(walls):.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
