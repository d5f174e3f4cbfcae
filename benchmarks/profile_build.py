"""Where a build's CPU goes: start-up, the workers, each output task, DuckDB.

Builds a corpus of replicated bundled txt reports (as ``bench_build.py`` does) with
one worker process, in this process, and prints the CPU seconds (user + sys, this
process and its children) of each phase:

- ``import``: the interpreter's start and ``import ogi_nlp.corpus``;
- ``workers``: reading and analysing every report and writing its part files
  (the worker runs in a child process, as in a real build);
- one line per output task (the corpus-level frames, the Parquet and CSV files,
  Stata, the data dictionary, the DuckDB file), then ``outputs``, their total.

Use it to find what to make cheaper; use ``bench_build.py`` for the figures to
quote (each build its own process, against plain jieba in the same run). Run:
``python benchmarks/profile_build.py --reports 300``.
"""
from __future__ import annotations

import resource


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    import argparse
    import os
    import shutil
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=300, help="replicated reports to build (default 300)")
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # a fresh process, so that start-up is measured as a build pays it
        for name, seconds in profile(*args.child):
            print(f"{name:44s} {seconds:6.2f}")
        return

    import _checkout  # this checkout first on sys.path
    from bench_build import make_corpus

    _checkout.compile_bytecode()  # measured as an installed package runs

    work = Path(tempfile.mkdtemp(prefix="ogi-profile-"))
    try:
        make_corpus(work / "corpus", args.reports)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_checkout.ROOT), os.environ.get("PYTHONPATH")]))}
        subprocess.run([sys.executable, __file__, "--child", str(work / "corpus"), str(work / "out")], check=True, env=env)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def profile(folder: str, out: str) -> list[tuple[str, float]]:
    """Build ``folder`` into ``out`` with one worker; the CPU seconds of each phase."""
    import ogi_nlp.corpus as corpus

    marks = [("import (interpreter start included)", _cpu())]
    task, outputs = corpus._output_task, corpus._write_outputs

    def timed_task(spec, context):
        before = _cpu()
        result = task(spec, context)
        label = " ".join(part if isinstance(part, str) else "+".join(map(str, part)) for part in spec[:2]
                         if isinstance(part, (str, tuple)))
        marks.append((f"  {label}", _cpu() - before))
        return result

    def timed_outputs(*args, **kwargs):
        marks.append(("workers (read, analyse, part files)", _cpu() - marks[0][1]))
        before = _cpu()
        result = outputs(*args, **kwargs)
        marks.append(("outputs (all tasks)", _cpu() - before))
        return result

    corpus._output_task, corpus._write_outputs = timed_task, timed_outputs
    try:
        corpus.build_corpus(folder, out, progress=False, n_jobs=1, isolate=True)
    finally:
        corpus._output_task, corpus._write_outputs = task, outputs
    marks.append(("total", _cpu()))
    return marks


if __name__ == "__main__":
    main()
