"""The machinery under :func:`ogi_nlp.read_corpus`: inputs, worker processes, Dask.

Three parts, each usable on its own:

- :func:`list_inputs` finds every path of a folder and says, before any file is
  opened, which will be read and why the others will not (unsupported formats,
  hidden files, FIFOs and devices, links that loop or lead nowhere, file names
  that are not valid UTF-8);
- :class:`WorkerPool` runs tasks in worker processes that it restarts: a worker
  that dies, passes its memory limit or its per-file time limit becomes that
  task's error result and the batch goes on; workers die with their parent;
- :func:`run_on_dask` runs the same tasks on a ``distributed`` cluster.

Examples
--------
>>> from ogi_nlp.engine import list_inputs
>>> from ogi_nlp.datasets import corpus_path
>>> entries = list_inputs(corpus_path())
>>> [(e.file, e.status) for e in entries if e.file.endswith((".docx", ".md", ".py"))]
[('README.md', 'skipped'), ('__init__.py', 'unsupported'), ('blank-template-2021.docx', None)]
"""
from __future__ import annotations

import ctypes
import errno
import multiprocessing as mp
import os
import re
import signal
import stat
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .read import FORMATS

__all__ = ["InputEntry", "list_inputs", "WorkerPool", "Retry", "run_on_dask", "item_started",
           "SUPPORTED_SUFFIXES", "UNSUPPORTED_SUFFIXES", "display_name"]

_FOLDER_DOCS = re.compile(r"(?i)^(readme|licen[cs]e|changelog)(\.(md|markdown|txt|text))?$")
# The readers' own table of formats is the one list of what can be read.
SUPPORTED_SUFFIXES = tuple(FORMATS)

_WORD = "save it as .docx or PDF to read it"
UNSUPPORTED_SUFFIXES: dict[str, str] = {
    ".doc": f"Word 97-2003 document (.doc): {_WORD}",
    ".wps": f"WPS Writer document (.wps): {_WORD}",
    ".rtf": f"RTF document: {_WORD}",
    ".odt": f"OpenDocument text: {_WORD}",
    ".xls": "Excel 97-2003 spreadsheet (.xls): not a report format",
    ".xlsx": "Excel spreadsheet (.xlsx): not a report format",
    ".et": "WPS spreadsheet (.et): not a report format",
    ".csv": "CSV table: not a report format",
    ".ppt": "PowerPoint file: not a report format",
    ".pptx": "PowerPoint file: not a report format",
    ".ofd": "OFD document (China's fixed-layout format): convert it to PDF to read it",
    ".jpg": "image: needs OCR, which the toolkit does not do",
    ".jpeg": "image: needs OCR, which the toolkit does not do",
    ".png": "image: needs OCR, which the toolkit does not do",
    ".gif": "image: needs OCR, which the toolkit does not do",
    ".bmp": "image: needs OCR, which the toolkit does not do",
    ".tif": "image: needs OCR, which the toolkit does not do",
    ".tiff": "image: needs OCR, which the toolkit does not do",
    ".webp": "image: needs OCR, which the toolkit does not do",
    ".zip": "archive: unpack it and read the folder",
    ".rar": "archive: unpack it and read the folder",
    ".7z": "archive: unpack it and read the folder",
    ".tar": "archive: unpack it and read the folder",
    ".gz": "archive: unpack it and read the folder",
    ".tgz": "archive: unpack it and read the folder",
    ".bz2": "archive: unpack it and read the folder",
    ".xz": "archive: unpack it and read the folder",
}
_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


@dataclass
class InputEntry:
    """One path found or given, and what will become of it.

    ``status`` is ``None`` for a file to read, else ``"unsupported"``,
    ``"skipped"`` or ``"error"`` with ``reason`` saying why it is not read.
    ``file`` is the name shown in every output (valid UTF-8 even when the
    file name is not); ``path`` is what the operating system opens.
    """

    path: str
    file: str
    status: str | None = None
    reason: str = ""
    note: str = ""  # e.g. how a non-UTF-8 name was shown


def display_name(name: str) -> tuple[str, str]:
    """A printable UTF-8 name for ``name`` and a note when it had to be changed.

    File names that are not valid UTF-8 (GBK bytes from Windows archives) reach
    Python as surrogate escapes; they are shown with ``\\xNN`` escapes.

    Examples
    --------
    >>> import os
    >>> display_name(os.fsdecode("报告".encode("gbk") + b".txt"))[0]
    '\\\\xb1\\\\xa8\\\\xb8\\\\xe6.txt'
    """
    try:
        name.encode("utf-8")
        return name, ""
    except UnicodeEncodeError:
        raw = os.fsencode(name)
        shown = raw.decode("utf-8", "backslashreplace")
        note = "file name is not valid UTF-8 (shown with \\x escapes)"
        try:
            note += f"; as GB18030 it reads {raw.decode('gb18030')}"
        except UnicodeDecodeError:
            pass
        return shown, note


def _classify(path: str, file: str, *, recursive: bool, explicit: bool) -> InputEntry | None:
    """What becomes of one path (``None``: a folder to walk into)."""
    shown, note = display_name(file)
    entry = InputEntry(path=path, file=shown, note=note)
    base = os.path.basename(path.rstrip("/")) or path
    try:
        st = os.lstat(path)
    except OSError as exc:
        entry.status, entry.reason = "error", f"{shown}: cannot be listed: {exc.strerror or exc}"
        return entry
    link = stat.S_ISLNK(st.st_mode)
    if link:
        try:
            st = os.stat(path)
        except OSError as exc:
            entry.status = "error"
            if exc.errno == errno.ELOOP:
                entry.reason = f"{shown}: symbolic link loop (it never reaches a file)"
            elif exc.errno == errno.ENOENT:
                target = display_name(os.readlink(path))[0]
                entry.reason = f"{shown}: dangling symbolic link (its target {target} does not exist)"
            else:
                entry.reason = f"{shown}: symbolic link cannot be followed: {exc.strerror or exc}"
            return entry
    if base.startswith(".") and not explicit:
        entry.status, entry.reason = "skipped", "hidden (the name starts with a dot): not read"
        return entry
    if stat.S_ISDIR(st.st_mode):
        if recursive and not link and not explicit:
            return None
        entry.status = "skipped"
        entry.reason = ("link to a folder: not followed (links can loop)" if link
                        else "folder: read sub-folders with recursive=True (--recursive)")
        return entry
    for test, kind in _KINDS:
        if test(st.st_mode):
            entry.status = "unsupported"
            entry.reason = f"{shown}: {'link to ' if link else ''}{kind}, not a regular file: never opened"
            return entry
    if _FOLDER_DOCS.match(base) and not explicit:
        # A folder's README/LICENCE describes the folder; read as a report it would
        # add its prose to the corpus (.md and .txt are report formats).
        entry.status, entry.reason = "skipped", f"{shown}: the folder's own documentation, not a report"
        return entry
    suffix = os.path.splitext(base)[1].lower()
    if suffix in SUPPORTED_SUFFIXES:
        return entry
    if base == "manifest.csv" and not explicit:
        entry.status, entry.reason = "skipped", "the folder's metadata file (manifest.csv), not a report"
        return entry
    entry.status = "unsupported"
    entry.reason = f"{shown}: " + UNSUPPORTED_SUFFIXES.get(
        suffix, f"suffix {suffix or '(none)'} is not a report format "
                f"(read: {', '.join(SUPPORTED_SUFFIXES)})")
    return entry


def list_inputs(source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *,
                recursive: bool = False) -> list[InputEntry]:
    """Every path of a folder (or every path of a list), each with its fate.

    Nothing is opened: FIFOs and devices are recognised from their metadata.

    Parameters
    ----------
    source : path or list of paths
        A folder, or the files to read.
    recursive : bool, default False
        Walk into sub-folders (never into linked folders).

    Returns
    -------
    list of InputEntry
        Sorted by ``file``; for a folder, ``file`` is the path relative to it.
    """
    entries: list[InputEntry] = []
    if isinstance(source, (str, os.PathLike)):
        root = os.fspath(source)
        stack = [""]
        while stack:
            rel = stack.pop()
            try:
                names = os.listdir(os.path.join(root, rel) if rel else root)
            except OSError as exc:
                entries.append(InputEntry(path=os.path.join(root, rel), file=display_name(rel)[0],
                                          status="error", reason=f"folder cannot be listed: {exc}"))
                continue
            for name in names:
                relname = f"{rel}/{name}" if rel else name
                entry = _classify(os.path.join(root, relname), relname, recursive=recursive, explicit=False)
                if entry is None:
                    stack.append(relname)
                else:
                    entries.append(entry)
    else:
        paths = [os.fspath(p) for p in source]
        names = [os.path.basename(p) for p in paths]
        if len(set(names)) < len(names):  # same file name in two folders: keep them apart
            names = [Path(p).as_posix() for p in paths]
        for path, name in zip(paths, names):
            if not os.path.lexists(path):
                shown = display_name(name)[0]
                entries.append(InputEntry(path=path, file=shown, status="error",
                                          reason=f"{shown}: no such file"))
                continue
            entry = _classify(path, name, recursive=False, explicit=True)
            entries.append(entry)  # explicit paths are never walked into
    entries.sort(key=lambda e: e.file)
    seen: dict[str, int] = {}
    for entry in entries:  # two escaped names could print alike: keep file unique
        count = seen.get(entry.file, 0)
        seen[entry.file] = count + 1
        if count:
            entry.file = f"{entry.file}#{count + 1}"
    return entries


# --------------------------------------------------------------------------- workers

PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:
    """Make this process end when ``parent_pid`` ends (Linux prctl, and a watch thread)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="ogi-nlp-parent-watch").start()


def _rss_bytes(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


# In a worker: when the item it is on began (time.monotonic(), which every process of a
# machine reads alike), so that the parent can hold each file of a group to the time limit.
_ITEM_STARTED: Any = None


def item_started() -> None:
    """Say that a task's next item (one file of a group) begins now.

    In a :class:`WorkerPool` worker, the time limit then runs from here: each
    item of a task gets ``timeout`` seconds, however many came before it.
    Anywhere else it does nothing.

    Examples
    --------
    >>> item_started()  # outside a worker: nothing happens
    """
    if _ITEM_STARTED is not None:
        _ITEM_STARTED.value = time.monotonic()


def _worker_main(conn: Any, parent_pid: int, memory_limit: int | None,
                 func: Callable[[Any], Any], on_memory_error: Callable[[Any, str], Any],
                 item: Any = None) -> None:
    global _ITEM_STARTED
    _die_with_parent(parent_pid)
    _ITEM_STARTED = item
    import gc

    # what the worker inherits (modules, models, dictionaries) lives as long as it does: the
    # collector skips it from now on (a build spends about half as long collecting, and the
    # pages shared with the parent are not written to by the collector)
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory_limit:
        try:
            import resource

            with open("/proc/self/statm", "rb") as fh:
                base = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
            # Address space runs ahead of resident memory (thread stacks, malloc arenas,
            # mapped libraries): the cap is a backstop at twice the limit that catches
            # one huge allocation at once; the parent's RSS watch enforces the limit itself.
            cap = base + 2 * memory_limit
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        except (OSError, ValueError, ImportError):
            pass  # not Linux: the parent's RSS watch still applies
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        item_started()
        try:
            result = func(task)
        except MemoryError:
            result = None
        except Exception as exc:  # noqa: BLE001 - func should catch its own; never lose the task
            conn.send((on_memory_error(task, f"failed: {type(exc).__name__}: {exc}"), True))
            return
        if result is None:  # a process that hit MemoryError is not trusted with the next file
            conn.send((on_memory_error(task, "ran out of memory (the worker passed its memory limit)"), True))
            return
        conn.send((result, False))


@dataclass
class Retry:
    """What ``on_failure`` returns to run a failed task's parts again, one by one.

    A group of files whose worker died is retried file by file, so that only
    the file that kills a worker gets an error row.
    """

    tasks: list[Any]


@dataclass
class _Slot:
    process: Any
    conn: Any
    item: Any  # shared double: when the worker began its current item (see item_started)
    task: Any = None
    started: float = 0.0

    def deadline(self, timeout: float) -> float:
        """When the item the worker is on passes the time limit."""
        return max(self.started, self.item.value) + timeout


class WorkerPool:
    """Worker processes that outlive the files that kill them.

    Parameters
    ----------
    func : callable
        ``func(task) -> result``, a module-level function (it is sent to the
        workers); it should catch its own exceptions.
    on_failure : callable
        ``on_failure(task, reason) -> result``: the result standing for a task
        whose worker died, hung or ran out of memory.
    n_jobs : int
        Worker processes.
    timeout : float, optional
        Seconds one task may take before its worker is killed; a task made of
        items (a group of files) whose ``func`` calls :func:`item_started`
        before each gets this long for each item.
    memory_limit : int, optional
        Bytes of memory one worker may use beyond what it holds at start:
        enforced by the parent watching the worker's resident memory (kill),
        with an address-space limit at twice as much as a backstop against
        one huge allocation (``MemoryError`` inside the worker).
    """

    def __init__(self, func: Callable[[Any], Any], on_failure: Callable[[Any, str], Any], *,
                 n_jobs: int = 1, timeout: float | None = None,
                 memory_limit: int | None = None, start_method: str | None = None) -> None:
        self.func, self.on_failure = func, on_failure
        self.n_jobs, self.timeout, self.memory_limit = n_jobs, timeout, memory_limit
        if start_method is None:
            start_method = "fork" if sys.platform.startswith("linux") else "spawn"
        self.ctx = mp.get_context(start_method)
        self.restarts = 0

    def _start(self) -> _Slot:
        parent_end, child_end = self.ctx.Pipe()
        item = self.ctx.RawValue("d", 0.0)
        process = self.ctx.Process(
            target=_worker_main, daemon=True, name="ogi-nlp-worker",
            args=(child_end, os.getpid(), self.memory_limit, self.func, self.on_failure, item))
        process.start()
        child_end.close()
        return _Slot(process, parent_end, item)

    @staticmethod
    def _stop(slot: _Slot, *, kill: bool) -> int | None:
        if kill and slot.process.is_alive():
            slot.process.kill()
        slot.process.join(timeout=5)
        slot.conn.close()
        return slot.process.exitcode

    def map(self, tasks: Iterable[Any]) -> Iterator[Any]:
        """Results as tasks finish (not in order); every task gives exactly one."""
        queue = deque(tasks)
        slots = [self._start() for _ in range(min(self.n_jobs, len(queue)) or 0)]
        baseline: dict[int, int] = {}  # each worker's resident memory when it got its first task
        try:
            while slots:
                for slot in slots:
                    if slot.task is None and queue:
                        slot.task, slot.started = queue.popleft(), time.monotonic()
                        baseline.setdefault(slot.process.pid, _rss_bytes(slot.process.pid) or 0)
                        slot.conn.send(slot.task)
                busy = [s for s in slots if s.task is not None]
                if not busy:
                    break
                now = time.monotonic()
                waits = [0.5] + ([max(0.0, s.deadline(self.timeout) - now) for s in busy]
                                 if self.timeout else [])
                ready = wait([s.conn for s in busy] + [s.process.sentinel for s in busy],
                             timeout=min(waits))
                for index, slot in enumerate(list(slots)):
                    if slot.task is None:
                        continue
                    failure = None
                    if slot.conn in ready or slot.process.sentinel in ready:
                        try:
                            result, exiting = slot.conn.recv()
                        except (EOFError, OSError):
                            code = self._stop(slot, kill=True)
                            failure = _death_reason(code)
                        else:
                            slot.task = None
                            if exiting:  # it stops after a MemoryError: start a fresh one
                                self._stop(slot, kill=False)
                                slots[slots.index(slot)] = self._start()
                                self.restarts += 1
                            if isinstance(result, Retry):
                                queue.extendleft(reversed(result.tasks))
                            else:
                                yield result
                            continue
                    elif self.timeout and time.monotonic() > slot.deadline(self.timeout):
                        self._stop(slot, kill=True)
                        failure = f"did not finish within the per-file time limit ({self.timeout:g} s)"
                    elif self.memory_limit and (_rss_bytes(slot.process.pid) or 0) > (
                            baseline.get(slot.process.pid, 0) + self.memory_limit):
                        self._stop(slot, kill=True)
                        failure = (f"ran out of memory (the worker passed its limit of "
                                   f"{self.memory_limit / 2**20:.0f} MB)")
                    if failure is not None:
                        task, slot.task = slot.task, None
                        result = self.on_failure(task, failure)
                        if isinstance(result, Retry):
                            queue.extendleft(reversed(result.tasks))
                        else:
                            yield result
                        position = slots.index(slot)
                        if queue:
                            slots[position] = self._start()
                            self.restarts += 1
                        else:
                            slots.pop(position)
                # idle workers with nothing left to do
                if not queue:
                    for slot in [s for s in slots if s.task is None]:
                        try:
                            slot.conn.send(None)
                        except OSError:
                            pass
                        self._stop(slot, kill=False)
                        slots.remove(slot)
        finally:
            for slot in slots:
                self._stop(slot, kill=True)


def _death_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        if -code == signal.SIGKILL:
            return f"the worker was killed ({name}; often the system running out of memory)"
        return f"the worker died ({name})"
    return f"the worker exited unexpectedly (exit code {code})"


# --------------------------------------------------------------------------- Dask

def run_on_dask(client: Any, func: Callable[[Any], Any], on_failure: Callable[[Any, str], Any],
                tasks: Sequence[Any], *, timeout: float | None = None) -> Iterator[Any]:
    """Run ``func`` over ``tasks`` on a ``distributed.Client``; results as they finish.

    A task that raises (or whose worker dies past Dask's own retries) becomes
    ``on_failure(task, reason)``; the batch goes on.  ``timeout`` is applied by
    the task itself (see :func:`ogi_nlp.corpus.read_corpus`), since Dask cannot
    stop a running task.
    """
    import uuid

    from distributed import as_completed

    run = uuid.uuid4().hex[:8]
    tasks = list(tasks)
    futures = client.map(func, tasks, pure=False, key=[f"ogi-nlp-{run}-{i}" for i in range(len(tasks))])
    by_key = {f.key: t for f, t in zip(futures, tasks)}
    pending = as_completed(futures)
    extra = 0
    for future in pending:
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - a lost task is that file's error row
            result = on_failure(by_key[future.key], f"the Dask task failed: {type(exc).__name__}: {exc}")
        future.release()
        if isinstance(result, Retry):
            for task in result.tasks:
                extra += 1
                again = client.submit(func, task, pure=False, key=f"ogi-nlp-{run}-retry-{extra}")
                by_key[again.key] = task
                pending.add(again)
            continue
        yield result
