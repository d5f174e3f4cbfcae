"""Evaluate the table reader: bundled files, ../shared/dev/tables and ../shared/dev/other.

Every gold cell is scored exact / wrong / unread (a gold blank is exact when
the toolkit gives NA); values emitted for variables the gold does not list are
counted as spurious.  Results are printed per set, per layout and per
generation, then the documents with wrong or spurious values and the non-OGI
result.  See ``benchmarks/table_gold.py``.

- ``bundled``: the corpus files with hand-read values in tests/expected: a
  **regression** figure (the rules were written on these files).
- ``dev/tables`` and ``dev/other``: real report copies in many layouts.  The
  reader is developed against them, so these are **development figures**, not
  held-out accuracy.

Run ``python benchmarks/eval_tables.py`` (``--shared DIR`` to point at another
copy of the shared directory, ``--cells FILE.csv`` to save every scored cell).
Exit status 1 if any value is wrong.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

import _checkout  # noqa: E402,F401  (beside this script: this checkout's ogi_nlp)

from table_gold import evaluate_all, shared_dir, summary  # noqa: E402  (beside this script)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=None, help="the shared directory (default: <repo>/../shared)")
    ap.add_argument("--cells", type=Path, default=None, help="write every scored cell to this CSV")
    ap.add_argument("--verbose", action="store_true", help="list every wrong and unread cell")
    args = ap.parse_args(argv)
    shared = args.shared or shared_dir()
    if shared is None:
        print("no ../shared directory beside the repository: only the bundled files are scored")
    cells, docs = evaluate_all(shared)
    if args.cells:
        cells.to_csv(args.cells, index=False)
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_colwidth", 80):
        print("== per set ==")
        print(summary(cells, ["set"]).to_string(index=False))
        print("\n== per layout ==")
        print(summary(cells, ["set", "layout"]).to_string(index=False))
        print("\n== per generation (gold) ==")
        print(summary(cells.fillna({"generation": "none"}), ["set", "generation"]).to_string(index=False))
        nz = cells[cells["gold"].notna() & (cells["gold"] != 0)]
        if len(nz):
            print("\n== non-zero gold cells ==")
            print(summary(nz, ["set"]).to_string(index=False))
        print("\n== spurious values (emitted for variables the gold does not list) ==")
        sp = docs.groupby("set")["spurious"].sum()
        print(sp.to_string())
        gen = docs[docs["set"] != "bundled"]
        if len(gen):
            wrong_gen = gen[gen["generation"].fillna("none") != gen["found_generation"].fillna("none")]
            print(f"\n== generation detected: {len(gen) - len(wrong_gen)}/{len(gen)} documents agree with the gold ==")
            if len(wrong_gen):
                print(wrong_gen[["doc", "generation", "found_generation"]].to_string(index=False))
        other = docs[docs["layout"] == "non-OGI budget PDF"]
        for r in other.itertuples(index=False):
            n = len(r.spurious_vars)
            print(f"\n== non-OGI document {r.doc}: {n} OGI values, generation {r.found_generation}; warnings: {r.warnings}")
        bad = cells[cells["result"] == "wrong"]
        print(f"\n== wrong values: {len(bad)} ==")
        if len(bad):
            print(bad[["set", "doc", "variable", "gold", "got"]].to_string(index=False))
        if args.verbose:
            un = cells[cells["result"] == "unread"]
            print(f"\n== unread cells: {len(un)} ==")
            print(un[["set", "doc", "variable", "gold"]].to_string(index=False))
            print("\n== spurious variables ==")
            for r in docs.itertuples(index=False):
                if r.spurious_vars:
                    print(r.doc, r.spurious_vars)
    n_bad = len(bad) + sum(len(r) for r in other["spurious_vars"])
    return 1 if n_bad else 0


if __name__ == "__main__":
    sys.exit(main())
