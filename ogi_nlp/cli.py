"""The ``ogi-nlp`` command.

``ogi-nlp build FOLDER --out DIR`` reads every report of FOLDER (in parallel,
cached) and writes the corpus outputs; ``ogi-nlp evaluate`` cross-validates the
theme classifier by report; ``ogi-nlp report FILE`` shows what one file reads as.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__all__ = ["main"]


def _build(args: argparse.Namespace) -> int:
    from .corpus import read_corpus

    cache = None if args.no_cache else (args.cache_dir or Path(args.out) / ".cache")
    corpus = read_corpus(args.folder, n_jobs=args.jobs, cache_dir=cache,
                         themes=not args.no_themes, recursive=args.recursive)
    written = corpus.write(args.out, formats=args.formats.split(","))
    print(corpus.summary())
    print(f"wrote {sum(len(v) for v in written.values())} files to {Path(args.out)}/ "
          f"({', '.join(sorted(written))})")
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


def _explore(args: argparse.Namespace) -> int:
    from .explore import write_explorer

    path = write_explorer(args.build, args.out, max_sentences=args.max_sentences, tables=not args.no_tables)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB): open it in any browser")
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
    build.set_defaults(func=_build)
    evaluate = sub.add_parser("evaluate", help="grouped cross-validation of the theme classifier")
    evaluate.add_argument("--splits", type=int, default=5)
    evaluate.set_defaults(func=_evaluate)
    report = sub.add_parser("report", help="show metadata and sections of one report")
    report.add_argument("file")
    report.set_defaults(func=_report)
    explore = sub.add_parser("explore", help="write one HTML file to browse a built corpus (no Python needed)")
    explore.add_argument("build", help="a folder written by `ogi-nlp build`")
    explore.add_argument("--out", default=None, help="HTML file (default: BUILD/explore.html)")
    explore.add_argument("--max-sentences", type=int, default=None, help="embed at most N sentences per report")
    explore.add_argument("--no-tables", action="store_true", help="embed the checks but not every table value")
    explore.set_defaults(func=_explore)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (OSError, ValueError) as exc:  # our errors subclass these: one clear line, no trace
        print(f"ogi-nlp: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
