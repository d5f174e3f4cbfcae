"""Benchmark: whole corpus builds against plain jieba, at several corpus sizes.

For each size N (default 300 and 1,200 replicated bundled txt reports; each copy
gets its own first line so no two files are identical) it runs, each as its own
process, start-up included:

- ``jieba``: plain jieba (a private ``jieba.Tokenizer()``, HMM on, its default)
  segmenting the text of every file, in one process;
- ``build -j1`` / ``build -j2``: ``python -m ogi_nlp.cli build`` with themes,
  tables, checks and every export (Parquet, CSV, Stata, DuckDB), no cache,
  one and two worker processes;
- ``dask``: the same build on a ``distributed.LocalCluster`` with two worker
  processes (``--dask``; needs the ``distributed`` extra).

It prints wall and CPU seconds (user + sys of the process tree: the fairer
cost on a shared machine), reports/s, peak memory of the whole process tree
(sum of the resident memory of the process and all its children, sampled every
50 ms; forked processes share pages, which this sum counts once per process) and
the peak of the same sum of PSS (each shared page divided among the processes
sharing it, sampled every 250 ms) and the ratios build/jieba and j1/j2.  Run: ``make bench`` or
``python benchmarks/bench_build.py --sizes 300 1200 5000 --dask``; ``--folder DIR`` measures a
folder of distinct UTF-8 txt reports instead (replicated reports repeat every line, which
flatters whatever a process remembers across reports, such as label lookups).
The machine this runs on may be shared: quote medians of several runs.  The
package's bytecode is written first, as an installation writes it (see
``_checkout.compile_bytecode``).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(folder: Path, n_docs: int) -> None:
    from ogi_nlp.datasets import corpus_path

    sources = sorted(corpus_path().glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_docs):
        src = sources[i % len(sources)]
        (folder / f"{i:05d}_{src.name}").write_bytes(f"副本{i}\n".encode("utf-8") + src.read_bytes())


def plain_jieba(folder: str) -> None:
    """The floor: jieba over the same text, in one process (start-up included)."""
    import logging

    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    n = 0
    for path in sorted(Path(folder).iterdir()):
        n += len(tokenizer.lcut(path.read_bytes().decode("utf-8")))
    print(n)


def dask_build(folder: str, out: str) -> None:
    from distributed import Client, LocalCluster

    from ogi_nlp.corpus import build_corpus

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        build_corpus(folder, out, client=client, progress=False)


def measure(command: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + sys of the whole tree), peak RSS and PSS (MB) of the tree, exit code."""
    import psutil

    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(process.pid)
    peak = peak_pss = 0
    usage = None
    tick = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            break
        try:
            tree = [root, *root.children(recursive=True)]
            total = shared = 0
            pss = tick % 5 == 0  # PSS costs a page-table walk: every 250 ms
            for p in tree:
                try:
                    total += p.memory_info().rss
                    if pss:
                        shared += p.memory_full_info().pss
                except psutil.Error:
                    pass
            peak = max(peak, total)
            peak_pss = max(peak_pss, shared)
            tick += 1
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if process.returncode:
        sys.stderr.write(process.stderr.read().decode(errors="replace")[-2000:])
    # ru_*time of a reaped child include its own reaped children (the workers)
    return seconds, usage.ru_utime + usage.ru_stime, peak / 2**20, peak_pss / 2**20, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1200])
    parser.add_argument("--dask", action="store_true", help="also a Dask LocalCluster build")
    parser.add_argument("--no-j2", action="store_true", help="skip the two-process build")
    parser.add_argument("--folder", type=Path, help="measure this folder of UTF-8 txt reports instead of "
                        "replicated bundled ones (e.g. distinct real reports: nothing repeats)")
    parser.add_argument("--_jieba", help=argparse.SUPPRESS)
    parser.add_argument("--_dask", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._jieba:
        return plain_jieba(args._jieba)
    if args._dask:
        return dask_build(*args._dask)
    import _checkout

    _checkout.compile_bytecode()  # measured as an installed package runs
    py = sys.executable
    print(f"{'reports':>8} {'run':<10} {'wall s':>8} {'cpu s':>8} {'reports/s':>10} {'peak MB':>8} "
          f"{'PSS MB':>7} {'wall/jieba':>11} {'cpu/jieba':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in [len(list(args.folder.iterdir()))] if args.folder else args.sizes:
            folder = args.folder or Path(tmp) / f"c{n}"
            if not args.folder:
                make_corpus(folder, n)
            out = Path(tmp) / f"out{n}"
            runs = {"jieba": [py, __file__, "--_jieba", str(folder)],
                    "build -j1": [py, "-m", "ogi_nlp.cli", "build", str(folder), "--out", str(out),
                                  "--no-cache", "--jobs", "1"]}
            if not args.no_j2:
                runs["build -j2"] = [py, "-m", "ogi_nlp.cli", "build", str(folder), "--out", str(out),
                                     "--no-cache", "--jobs", "2"]
            if args.dask:
                runs["dask"] = [py, __file__, "--_dask", str(folder), str(out)]
            results, cpus = {}, {}
            for name, command in runs.items():
                seconds, cpu, peak, pss, code = measure(command)
                results[name], cpus[name] = seconds, cpu
                flag = "" if code == 0 else f"  (exit {code})"
                print(f"{n:>8} {name:<10} {seconds:8.1f} {cpu:8.1f} {n / seconds:10.1f} {peak:8.0f} {pss:7.0f} "
                      f"{seconds / results['jieba']:10.2f}x {cpu / cpus['jieba']:9.2f}x{flag}", flush=True)
            if "build -j2" in results:
                print(f"{n:>8} speed-up j1/j2: {results['build -j1'] / results['build -j2']:.2f}x", flush=True)
            if not args.folder:
                shutil.rmtree(folder)
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
