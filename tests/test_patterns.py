"""ogi_nlp._patterns: compiled regular expressions kept between processes.

The kept patterns must be the ones ``re`` compiles (flags, text, code and groups),
and a missing, corrupt or unwritable cache must only mean compiling as usual.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ogi_nlp import _patterns
from ogi_nlp._patterns import _engine, _load, _path, _store, kept_patterns

pytestmark = pytest.mark.skipif(_engine() is None, reason="this Python's re is laid out otherwise")

# patterns of the kinds the package compiles: CJK classes, named groups, flags, verbose, bytes
PATTERNS: list[tuple[str | bytes, int]] = [
    (r"[\u4e00-\u9fff]{2,6}(?:人民政府|办公室|局)$", 0),
    (r"(?P<year>(?:19|20)\d{2})\s*年(?:度)?", 0),
    (r"^\s*(?:第(?:[一二三四五六七八九十]{1,3}|\d{1,2})(?:部分|章)|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)])", re.M),
    (r"""^(?:
          [一二三四五六七八九十]{1,3}\s*[、.．]   # 一、
        | [（(][一二三四五六七八九十]{1,3}[）)]   # （一）
        )""", re.X),
    (r"annual\s+report", re.I),
    (rb"\xef\xbb\xbf|\xff\xfe", 0),
    (r"[ᄀ-ᅟ⺀-〾ぁ-㏿㐀-䶿一-鿿ꀀ-\ua4cf가-힣豈-\ufaff︐-︙︰-\ufe6f\uff00-｠￠-￦𠀀-\U0003fffd]+", 0),
]
TEXTS = ["淮安市洪泽区人民政府办公室", "2024年度报告", "第一部分 总体情况\n（二）主动公开", "一、概述",
         "Annual  Report", "𠀀字", "全年受理申请20件"]


def _fresh(pattern: str | bytes, flags: int) -> re.Pattern:
    re.purge()
    return re.compile(pattern, flags)


def _compile_all() -> list[re.Pattern]:
    re.purge()  # re's own cache would answer before the kept patterns are asked
    return [re.compile(p, f) for p, f in PATTERNS]


def _assert_same(made: list[re.Pattern]) -> None:
    for (pattern, flags), got in zip(PATTERNS, made):
        want = _fresh(pattern, flags)
        assert got == want and got.groups == want.groups and got.groupindex == want.groupindex
        for text in TEXTS:
            subject = text.encode("utf-8") if isinstance(pattern, bytes) else text
            assert [m.span() for m in got.finditer(subject)] == [m.span() for m in want.finditer(subject)]


def _parse_calls(monkeypatch) -> list[object]:
    compiler, parser, _ = _engine()
    calls: list[object] = []
    original = parser.parse
    monkeypatch.setattr(parser, "parse", lambda *a, **k: calls.append(a[0]) or original(*a, **k))
    return calls


def test_a_second_process_gets_the_patterns_re_compiles_without_compiling(tmp_path, monkeypatch):
    with kept_patterns(folder=tmp_path):
        first = _compile_all()
    _assert_same(first)
    assert len(_load(_path(tmp_path, _engine()[2]))) == len(PATTERNS)
    calls = _parse_calls(monkeypatch)
    with kept_patterns(folder=tmp_path):
        second = _compile_all()
    assert calls == []  # every pattern came from the file
    _assert_same(second)


def test_an_edited_pattern_is_compiled_afresh_and_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(_patterns, "_WORTH_WRITING", 0.0)  # however cheap it was to compile
    with kept_patterns(folder=tmp_path):
        _compile_all()
    calls = _parse_calls(monkeypatch)
    with kept_patterns(folder=tmp_path):
        _compile_all()
        edited = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年度?", 0)
    assert set(calls) == {r"(?P<year>(?:19|20)\d{2})\s*年度?"}  # (compiled by re, and for the file)
    assert edited == _fresh(r"(?P<year>(?:19|20)\d{2})\s*年度?", 0)
    kept = _load(_path(tmp_path, _engine()[2]))
    assert (False, r"(?P<year>(?:19|20)\d{2})\s*年度?", 0) in kept and len(kept) == len(PATTERNS) + 1


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty", "not a dict"])
def test_a_corrupt_file_is_rebuilt_not_an_error(tmp_path, damage):
    path = _path(tmp_path, _engine()[2])
    with kept_patterns(folder=tmp_path):
        _compile_all()
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":  # a changed literal would still be valid code: the checksum catches it
        i = len(data) - 100
        path.write_bytes(data[:i] + bytes([data[i] ^ 1]) + data[i + 1:])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        _store(path, [1, 2, 3])  # a valid file of the wrong shape
    assert _load(path) == {}
    with kept_patterns(folder=tmp_path):
        made = _compile_all()
    _assert_same(made)
    assert len(_load(path)) == len(PATTERNS)  # written anew


def test_an_entry_sre_refuses_is_compiled_as_usual(tmp_path, monkeypatch):
    monkeypatch.setattr(_patterns, "_WORTH_WRITING", 0.0)
    path = _path(tmp_path, _engine()[2])
    pattern = PATTERNS[0][0]
    _store(path, {(False, pattern, 0): (32, [0, 1, 2, 3], 0, {}, (None,))})  # not valid code
    with kept_patterns(folder=tmp_path):
        re.purge()
        made = re.compile(pattern)
    assert made == _fresh(pattern, 0)
    assert _load(path)[(False, pattern, 0)][1] != [0, 1, 2, 3]  # replaced by the real entry


def test_no_folder_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("OGI_NLP_CACHE_DIR", "")
    assert _patterns.cache_folder() is None
    with kept_patterns():
        made = _compile_all()
    _assert_same(made)
    monkeypatch.setenv("OGI_NLP_CACHE_DIR", str(tmp_path / "chosen"))
    assert _patterns.cache_folder() == tmp_path / "chosen"


def test_an_unwritable_folder_is_not_an_error(tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    with kept_patterns(folder=blocked / "cache"):
        made = _compile_all()
    _assert_same(made)


def test_the_file_is_named_after_the_interpreter(tmp_path):
    sre = _engine()[2]
    name = _path(tmp_path, sre).name
    assert sys.implementation.cache_tag in name and f"{sys.hexversion:x}" in name and str(sre.MAGIC) in name


def _write_many(path: str, seed: int) -> None:
    entries = {(False, f"p{seed}", 0): (32, list(range(seed, seed + 50)), 0, {}, (None,))}
    for _ in range(40):
        _store(Path(path), entries)


def test_a_few_new_patterns_do_not_rewrite_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(_patterns, "_WORTH_WRITING", 0.5)  # one new pattern in eight
    path = _path(tmp_path, _engine()[2])
    with kept_patterns(folder=tmp_path):
        _compile_all()
    before = path.stat().st_mtime_ns, path.read_bytes()
    with kept_patterns(folder=tmp_path):
        _compile_all()
        assert re.compile("[是否]") == _fresh("[是否]", 0)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_the_file_does_not_grow_with_patterns_no_import_asks_for(tmp_path, monkeypatch):
    # as a pattern made from a set, whose text is new in every process
    monkeypatch.setattr(_patterns, "_WORTH_WRITING", 0.0)
    path = _path(tmp_path, _engine()[2])
    for seed in range(10):
        with kept_patterns(folder=tmp_path):
            _compile_all()
            re.compile(f"variant{seed}")
        assert len(_load(path)) <= 2 * (len(PATTERNS) + 1)
    with kept_patterns(folder=tmp_path):  # an import that asks for far fewer: only its own are kept
        re.purge()
        re.compile(PATTERNS[0][0], PATTERNS[0][1])
    assert list(_load(path)) == [(False, PATTERNS[0][0], PATTERNS[0][1])]


def test_concurrent_writers_leave_a_whole_file(tmp_path):
    path = _path(tmp_path, _engine()[2])
    ctx = mp.get_context("spawn")
    workers = [ctx.Process(target=_write_many, args=(str(path), seed)) for seed in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    kept = _load(path)
    assert len(kept) == 1 and next(iter(kept))[1] in {f"p{seed}" for seed in range(4)}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_importing_the_package_twice_compiles_its_patterns_once(tmp_path):
    probe = (
        "import re, sys\n"
        "from re import _parser\n"
        "calls = []\n"
        "original = _parser.parse\n"
        "_parser.parse = lambda *a, **k: calls.append(a[0]) or original(*a, **k)\n"
        "import ogi_nlp.corpus\n"
        "print(len(calls))\n"
    )
    env = {**os.environ, "OGI_NLP_CACHE_DIR": str(tmp_path)}
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    runs = [int(subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                               check=True).stdout) for _ in range(2)]
    # (a pattern made from a set, whose text varies with the hash seed, is compiled each time)
    assert runs[0] > 100 and runs[1] <= 8
