"""Compiled regular expressions kept between processes, so that ``import ogi_nlp`` is cheaper.

Importing the package compiles some 400 regular expressions at module level (about 260 of
its own, the rest its dependencies'), 0.13-0.19 CPU-s in every process: ``re`` compiles in Python, and a character class over the
CJK range (``[\\u4e00-\\u9fff]``) costs a few milliseconds each.  What the compiler makes
is plain data (a list of integers, the pattern's code), which ``re`` hands to the C
function ``_sre.compile``.  While the package imports, :func:`kept_patterns` keeps that
data in a file of the user's cache folder and, in later processes, hands it to
``_sre.compile`` directly: the pattern is the one ``re.compile`` makes (``==`` compares
flags, text and code; the groups are checked too), for a look-up.

Safe by construction:

- an entry is keyed by the pattern's text and flags, and the file by the interpreter
  (its version and the regex engine's ``MAGIC`` and code size), so that an edited
  pattern or another Python is compiled afresh; nothing depends on the package version;
- an entry is stored only after the pattern it makes was compared equal to the one
  ``re`` compiled;
- the file carries a checksum: a missing, unreadable, truncated or corrupted file means
  compiling as usual (and writing it anew), never an error;
- it is written whole under a temporary name and renamed, so that concurrent processes
  read either the old file or the new one; a process rewrites it only when it lacked a tenth
  of its patterns or more (not for a pattern made from a set, whose text varies with the hash
  seed), and the file holds at most twice the entries of one import.

The folder is ``$OGI_NLP_CACHE_DIR`` if set (set it empty to keep no file), else the
platform's user cache folder (``~/.cache/ogi_nlp`` on Linux).  Nothing is downloaded.

Examples
--------
>>> import re
>>> with kept_patterns(folder=None):  # no folder: re compiles as usual
...     pattern = re.compile("[\\u4e00-\\u9fff]+局")
>>> pattern.findall("市财政局、市税务局")
['市财政局', '市税务局']
"""
from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator

__all__ = ["cache_folder", "kept_patterns"]

# A process rewrites the file only if it lacked at least this share of the patterns it compiled: a
# pattern made from a set (its text varies with the hash seed) is never found, and must not make every
# process rewrite the file.
_WORTH_WRITING = 0.1
# The file keeps the entries of earlier imports as well, up to this many times those of one import.
_GROWTH = 2
_DIGEST = 16  # bytes of BLAKE2b at the head of the file


def cache_folder() -> Path | None:
    """The folder of ogi_nlp's caches: ``$OGI_NLP_CACHE_DIR``, else the user cache folder.

    ``None`` when ``OGI_NLP_CACHE_DIR`` is set to the empty string (keep no cache).

    Examples
    --------
    >>> folder = cache_folder()  # ~/.cache/ogi_nlp on Linux, unless OGI_NLP_CACHE_DIR says otherwise
    >>> folder is None or isinstance(folder, Path)
    True
    """
    chosen = os.environ.get("OGI_NLP_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Local")
    elif sys.platform == "darwin":
        base = os.path.join(os.path.expanduser("~"), "Library", "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ogi_nlp"


def _engine() -> tuple[Any, Any, Any] | None:
    """``re``'s compiler and parser modules and ``_sre``, or None if this Python lays them out otherwise."""
    try:
        import _sre

        compiler = getattr(re, "_compiler", None)
        if compiler is None:  # Python 3.10
            import sre_compile as compiler  # noqa: PLC0415
        parser = getattr(compiler, "_parser", None) or getattr(compiler, "sre_parse")
        compiler.compile, compiler._code, parser.parse, _sre.compile  # noqa: B018 - all needed
    except (ImportError, AttributeError):
        return None
    return compiler, parser, _sre


def _path(folder: Path, sre: Any) -> Path:
    tag = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{sre.MAGIC}-{sre.CODESIZE}"
    return folder / f"regex-{tag}.marshal"


def _load(path: Path) -> dict[tuple, tuple]:
    """The entries of the file; none if it is missing, unreadable or fails its checksum."""
    try:
        data = path.read_bytes()
        body = data[_DIGEST:]
        if hashlib.blake2b(body, digest_size=_DIGEST).digest() != data[:_DIGEST]:
            return {}
        entries = marshal.loads(body)
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _store(path: Path, entries: dict[tuple, tuple]) -> None:
    """Write the file whole under a temporary name, then rename it (concurrent readers see one or the other)."""
    try:
        body = marshal.dumps(entries)
    except ValueError:  # pragma: no cover - entries hold plain data only
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(hashlib.blake2b(body, digest_size=_DIGEST).digest() + body)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        pass  # an unwritable cache folder: the next process compiles again, nothing else changes


def _entry(parser: Any, compiler: Any, pattern: str | bytes, flags: int) -> tuple:
    """What ``re``'s compiler hands to ``_sre.compile`` for ``pattern`` (its own steps)."""
    parsed = parser.parse(pattern, flags)
    code = compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # plain ints: the compiler's opcodes are an int subclass, which marshal does not take
    return (int(flags | parsed.state.flags), list(map(int, code)), int(parsed.state.groups - 1), groupindex,
            tuple(indexgroup))


def _same(made: Any, compiled: Any) -> bool:
    return made == compiled and made.groups == compiled.groups and made.groupindex == compiled.groupindex


@contextlib.contextmanager
def kept_patterns(*, folder: Path | None | str = "default") -> Iterator[None]:
    """Within the block, patterns ``re`` compiles come from the cache file when it has them.

    Parameters
    ----------
    folder : path, None or "default"
        Where the file is; ``"default"``: :func:`cache_folder`; ``None``: no file
        (``re`` compiles as usual).

    Examples
    --------
    >>> import re
    >>> with kept_patterns(folder=None):
    ...     re.compile(r"(?P<year>\\d{4})年").match("2024年").group("year")
    '2024'
    """
    engine = _engine()
    if folder == "default":
        folder = cache_folder()
    if engine is None or folder is None:
        yield
        return
    compiler, parser, sre = engine
    path = _path(Path(folder), sre)
    known = _load(path)
    used: dict[tuple, tuple] = {}
    missed = 0  # patterns the file lacked (kept now)
    original = compiler.compile

    def compile(pattern: Any, flags: int = 0) -> Any:  # noqa: A001 - stands in for re's own
        nonlocal missed
        if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG:
            return original(pattern, flags)
        key = (isinstance(pattern, bytes), pattern, flags)
        entry = known.get(key)
        if entry is not None:
            try:
                made = sre.compile(pattern, *entry)
            except Exception:  # noqa: BLE001 - an entry _sre refuses: compile as usual
                pass
            else:
                used[key] = entry
                return made
        compiled = original(pattern, flags)
        try:
            entry = _entry(parser, compiler, pattern, flags)
            if _same(sre.compile(pattern, *entry), compiled):
                used[key] = entry
                missed += 1
        except Exception:  # noqa: BLE001 - a pattern this does not know how to keep: not kept
            pass
        return compiled

    compiler.compile = compile
    try:
        yield
    finally:
        compiler.compile = original
        stale = len(known) > _GROWTH * len(used)  # mostly entries no import asks for any more
        if used and (stale or (missed and (not known or missed >= _WORTH_WRITING * len(used)))):
            merged = {**known, **used}
            _store(path, used if stale or len(merged) > _GROWTH * len(used) else merged)
