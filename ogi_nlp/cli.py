"""The ``ogi-nlp`` command.

``ogi-nlp build FOLDER --out DIR`` reads every report of FOLDER (in parallel,
cached) and writes the corpus outputs; ``ogi-nlp evaluate`` cross-validates the
theme classifier by report; ``ogi-nlp report FILE`` shows what one file reads as.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

__all__ = ["main"]


def _build(args: argparse.Namespace) -> int:
    from .corpus import build_corpus

    if not Path(args.folder).is_dir():
        raise NotADirectoryError(f"{args.folder}: not a folder; pass a folder of reports")
    cache = None if args.no_cache else (args.cache_dir or Path(args.out) / ".cache")
    client = None
    if args.scheduler:
        try:
            from distributed import Client
        except ImportError as exc:
            raise ValueError("--scheduler needs the distributed extra: pip install 'ogi_nlp[distributed]'") from exc
        client = Client(args.scheduler)
    try:
        corpus = build_corpus(
            args.folder, args.out, formats=args.formats.split(","), database=not args.no_database,
            n_jobs=args.jobs, cache_dir=cache, themes=not args.no_themes, recursive=args.recursive,
            timeout=args.timeout or None,
            memory_limit=int(args.memory_limit * 2**20) if args.memory_limit else None, client=client)
    finally:
        if client is not None:
            client.close()
    print(corpus.summary())
    listed = json.loads((Path(args.out) / "build.json").read_text(encoding="utf-8"))["outputs"]
    print(f"wrote {len(listed)} files to {Path(args.out)}/ (build.json lists them)")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from .themes import evaluate_default

    import pandas as pd

    table = evaluate_default(n_splits=args.splits)
    with pd.option_context("display.width", 120, "display.max_rows", 100):
        print(table.to_string())
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import read_report

    report = read_report(args.file)
    for key, value in report.meta.items():
        print(f"{key:>14}: {value}")
    print(report.sections.to_string(index=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ogi-nlp`` console script."""
    parser = argparse.ArgumentParser(prog="ogi-nlp", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="read a folder of reports and write the corpus outputs")
    build.add_argument("folder")
    build.add_argument("--out", default="build", help="output folder (default: build)")
    build.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                       help="worker processes; -1 for all cores")
    build.add_argument("--formats", default="parquet,csv,dta",
                       help="comma-separated: parquet, csv, dta (default: all three)")
    build.add_argument("--cache-dir", default=None, help="default: OUT/.cache")
    build.add_argument("--no-cache", action="store_true")
    build.add_argument("--no-themes", action="store_true", help="skip theme classification")
    build.add_argument("--recursive", action="store_true", help="also read sub-folders")
    build.add_argument("--timeout", type=float, default=600,
                       help="seconds one file may take before its worker is stopped (0: no limit)")
    build.add_argument("--memory-limit", type=float, default=2048,
                       help="MB one worker may use beyond its start before the file is given up (0: no limit)")
    build.add_argument("--scheduler", default=None,
                       help="address of a Dask scheduler (tcp://host:8786) to run the build on a cluster")
    build.add_argument("--no-database", action="store_true", help="do not write corpus.duckdb")
    build.set_defaults(func=_build)
    evaluate = sub.add_parser("evaluate", help="grouped cross-validation of the theme classifier")
    evaluate.add_argument("--splits", type=int, default=5)
    evaluate.set_defaults(func=_evaluate)
    report = sub.add_parser("report", help="show metadata and sections of one report")
    report.add_argument("file")
    report.set_defaults(func=_report)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (OSError, ValueError) as exc:  # our errors subclass these: one clear line, no trace
        print(f"ogi-nlp: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
