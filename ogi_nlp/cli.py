"""The ``ogi-nlp`` command.

``ogi-nlp build FOLDER --out DIR`` reads every report of FOLDER (in parallel,
cached) and writes the corpus outputs; ``ogi-nlp evaluate`` cross-validates the
theme classifier by report; ``ogi-nlp report FILE`` shows what one file reads as;
``ogi-nlp kwic BUILD_OR_FOLDER PATTERN`` shows a word in context;
``ogi-nlp similar BUILD_OR_FOLDER`` shows how much each report repeats its body's
previous one, and near-identical reports.
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
            memory_limit=int(args.memory_limit * 2**20) if args.memory_limit else None, client=client,
            classifier=args.classifier, codebook=args.codebook, dictionaries=args.dictionary or None)
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


def _explore(args: argparse.Namespace) -> int:
    from .explore import write_explorer

    path = write_explorer(args.build, args.out, max_sentences=args.max_sentences, tables=not args.no_tables)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB): open it in any browser")
    return 0


_FRAME_NAMES = ("sentences", "manifest", "tables")


def _load(source: str, *, themes: bool, jobs: int) -> dict:
    """Frames of a build folder (its sentences/manifest/tables files) or of a folder of reports."""
    import pandas as pd

    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"{source}: no such build or folder")
    frames = {}
    for name in _FRAME_NAMES:
        for suffix, reader in ((".parquet", pd.read_parquet),
                               (".csv", lambda p: pd.read_csv(p, encoding="utf-8-sig"))):
            if (path / f"{name}{suffix}").is_file():
                frames[name] = reader(path / f"{name}{suffix}")
                break
    if "sentences" in frames:
        return frames
    from .corpus import read_corpus

    corpus = read_corpus(path, n_jobs=jobs, themes=themes, progress=False)
    return {"sentences": corpus.sentences(), "manifest": corpus.reports(), "tables": corpus.tables()}


def _show(frame, limit: int, out: str | None) -> None:
    import pandas as pd

    if out:
        frame.to_csv(out, index=False, encoding="utf-8-sig")
        print(f"wrote {len(frame)} rows to {out}")
        return
    shown = frame.head(limit) if limit > 0 else frame
    with pd.option_context("display.width", 200, "display.max_rows", None, "display.max_columns", None,
                           "display.max_colwidth", 60, "display.unicode.east_asian_width", True):
        print(shown.to_string(index=False) if len(shown) else "(none)")
    if len(shown) < len(frame):
        print(f"... {len(frame) - len(shown)} more rows (--limit 0 shows all, --out FILE.csv writes all)")


def _kwic(args: argparse.Namespace) -> int:
    from .text import kwic

    sentences = _load(args.source, themes=args.themes, jobs=args.jobs)["sentences"]
    hits = kwic(sentences, args.pattern, window=args.window, by=args.by, regex=args.regex)
    if not args.headings and "is_heading" in hits.columns:
        hits = hits[~hits["is_heading"].fillna(False).astype(bool)]
    columns = [c for c in ("report", "section", "pre", "keyword", "post") if c in hits.columns]
    _show(hits if args.out else hits[columns], args.limit, args.out)
    return 0


def _similar(args: argparse.Namespace) -> int:
    from .change import change_between_years, near_duplicates

    frames = _load(args.source, themes=False, jobs=args.jobs)
    sentences, reports = frames["sentences"], frames["manifest"]
    if args.pairs:
        pairs = near_duplicates(sentences, threshold=args.threshold, k=args.k, reports=reports)
        print(f"reports with Jaccard similarity >= {args.threshold} (MinHash LSH, verified):")
        _show(pairs, args.limit, args.out)
        return 0
    change = change_between_years(sentences, reports, frames.get("tables"), k=args.k)
    columns = ["report", "previous_report", "years_apart", "text_jaccard", "sentences_repeated_share",
               "sentences_repeated_share_masked", "tables_unchanged"]
    print("each report against its body's previous report:")
    _show(change if args.out else change[columns].round(3), args.limit, args.out)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ogi-nlp`` console script."""
    from ._version import __version__

    parser = argparse.ArgumentParser(prog="ogi-nlp", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                help="build, evaluate, report, kwic or similar (COMMAND -h for its options)")
    build = sub.add_parser("build", help="read a folder of reports and write the corpus outputs")
    build.add_argument("folder", help="a folder of reports (txt, md, html, docx, pdf); every path in it gets a manifest row")
    build.add_argument("--out", default="build", help="output folder (default: build)")
    build.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                       help="worker processes; -1 for all cores")
    build.add_argument("--formats", default="parquet,csv,dta",
                       help="comma-separated: parquet, csv, dta (default: all three)")
    build.add_argument("--cache-dir", default=None, help="default: OUT/.cache")
    build.add_argument("--no-cache", action="store_true",
                       help="read every file again instead of using results cached by content hash")
    build.add_argument("--no-themes", action="store_true", help="skip theme classification")
    build.add_argument("--recursive", action="store_true", help="also read sub-folders")
    build.add_argument("--timeout", type=float, default=600,
                       help="seconds one file may take before its worker is stopped (0: no limit)")
    build.add_argument("--memory-limit", type=float, default=2048,
                       help="MB one worker may use beyond its start before the file is given up (0: no limit)")
    build.add_argument("--scheduler", default=None,
                       help="address of a Dask scheduler (tcp://host:8786) to run the build on a cluster")
    build.add_argument("--no-database", action="store_true", help="do not write corpus.duckdb")
    build.add_argument("--classifier", default=None, metavar="FILE.skops",
                       help="your theme classifier, saved with ThemeClassifier.save (default: the bundled one); "
                            "its codebook's themes become the theme columns")
    build.add_argument("--codebook", default=None, metavar="FILE.json|yaml",
                       help="your theme codebook; without --classifier its cue words and patterns label "
                            "sentences by rules; with it, it must name the classifier's themes")
    build.add_argument("--dictionary", action="append", default=None, metavar="FILE.yaml|csv",
                       help="a dictionary of categories and terms (repeat for several): dict_<category> counts "
                            "per sentence and per report in the panel")
    build.set_defaults(func=_build)
    evaluate = sub.add_parser("evaluate", help="grouped cross-validation of the theme classifier")
    evaluate.add_argument("--splits", type=int, default=5,
                          help="number of cross-validation folds, grouped by body (default: 5)")
    evaluate.set_defaults(func=_evaluate)
    report = sub.add_parser("report", help="show metadata and sections of one report")
    report.add_argument("file", help="a report file (txt, html, docx or pdf)")
    report.set_defaults(func=_report)
    explore = sub.add_parser("explore", help="write one HTML file to browse a built corpus (no Python needed)")
    explore.add_argument("build", help="a folder written by `ogi-nlp build`")
    explore.add_argument("--out", default=None, help="HTML file (default: BUILD/explore.html)")
    explore.add_argument("--max-sentences", type=int, default=None, help="embed at most N sentences per report")
    explore.add_argument("--no-tables", action="store_true", help="embed the checks but not every table value")
    explore.set_defaults(func=_explore)

    jobs = min(4, os.cpu_count() or 1)
    kwic = sub.add_parser("kwic", help="show every occurrence of a word with its context",
                          description="Keyword in context over a build folder (its sentences file) or a "
                                      "folder of reports (read on the fly).")
    kwic.add_argument("source", metavar="BUILD_OR_FOLDER",
                      help="output folder of 'ogi-nlp build', or a folder of reports")
    kwic.add_argument("pattern", metavar="PATTERN", help="the word to find (a regular expression with --regex)")
    kwic.add_argument("--window", type=int, default=15, help="characters of context on each side (default: 15)")
    kwic.add_argument("--by", choices=("sentence", "report"), default="sentence",
                      help="context stops at the sentence (default) or runs on into the report")
    kwic.add_argument("--regex", action="store_true", help="read PATTERN as a regular expression")
    kwic.add_argument("--headings", action="store_true", help="also show matches in heading lines")
    kwic.add_argument("--themes", action="store_true",
                      help="when reading a folder of reports, also classify themes (slower)")
    kwic.add_argument("--limit", type=int, default=50, help="rows to print (default: 50; 0 for all)")
    kwic.add_argument("--out", default=None, help="write all matches, all columns, to this CSV file instead")
    kwic.add_argument("--jobs", type=int, default=jobs, help="worker processes when reading a folder of reports")
    kwic.set_defaults(func=_kwic)
    similar = sub.add_parser("similar", help="how much each report repeats its body's previous report",
                             description="Copying between years per body (text similarity, sentences "
                                         "repeated, tables unchanged) or, with --pairs, near-identical "
                                         "reports anywhere in the corpus (MinHash LSH).")
    similar.add_argument("source", metavar="BUILD_OR_FOLDER",
                         help="output folder of 'ogi-nlp build', or a folder of reports")
    similar.add_argument("--pairs", action="store_true",
                         help="list near-identical report pairs across the corpus instead")
    similar.add_argument("--threshold", type=float, default=0.8,
                         help="with --pairs: Jaccard similarity from which a pair is shown (default: 0.8)")
    similar.add_argument("--k", type=int, default=5, help="shingle length in characters (default: 5)")
    similar.add_argument("--limit", type=int, default=50, help="rows to print (default: 50; 0 for all)")
    similar.add_argument("--out", default=None, help="write all rows, all columns, to this CSV file instead")
    similar.add_argument("--jobs", type=int, default=jobs, help="worker processes when reading a folder of reports")
    similar.set_defaults(func=_similar)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (OSError, ValueError) as exc:  # our errors subclass these: one clear line, no trace
        print(f"ogi-nlp: {exc}", file=sys.stderr)
        return 2
    finally:
        if argv is None:  # the command line: the process ends now
            import gc

            gc.freeze()  # so its exit skips a last collection over every object (about 0.1 s)


if __name__ == "__main__":
    sys.exit(main())
