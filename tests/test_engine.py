"""Batches that survive hostile inputs, and outputs and caches that can be trusted (issues 11, 13)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from ogi_nlp import corpus_path, read_corpus
from ogi_nlp.corpus import _escape_formulas

SEED = "001_dfbf40df936f33b0.txt"  # requests.new.total = 17
OTHER = "004_8d175a9aad868b26.txt"


def _copy(folder: Path, name: str, as_name: str | None = None) -> Path:
    target = folder / (as_name or name)
    shutil.copy(corpus_path() / name, target)
    return target


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    _copy(folder, SEED)
    _copy(folder, OTHER)
    os.mkfifo(folder / "blocking.txt")
    os.symlink("loop_b.txt", folder / "loop_a.txt")
    os.symlink("loop_a.txt", folder / "loop_b.txt")
    os.symlink("missing.pdf", folder / "dangling.pdf")
    os.symlink("/dev/zero", folder / "zero.txt")
    (folder / ".hidden.txt").write_text("不读", encoding="utf-8")
    for name in ("old.doc", "old.wps", "sheet.xls", "sheet.xlsx", "doc.ofd", "scan.jpg", "bundle.zip"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0 not read")
    gbk_name = os.fsdecode("报告".encode("gbk") + b".txt")
    shutil.copy(corpus_path() / OTHER, os.path.join(os.fsdecode(folder), gbk_name))
    return folder


def test_every_path_has_a_row_and_nothing_blocks(hostile: Path) -> None:
    started = time.monotonic()
    reports = read_corpus(hostile, themes=False, timeout=60).reports().set_index("file")
    assert time.monotonic() - started < 60, "a FIFO is never opened"
    expected = {SEED, OTHER, "blocking.txt", "loop_a.txt", "loop_b.txt", "dangling.pdf", "zero.txt",
                ".hidden.txt", "old.doc", "old.wps", "sheet.xls", "sheet.xlsx", "doc.ofd", "scan.jpg",
                "bundle.zip", "\\xb1\\xa8\\xb8\\xe6.txt"}
    assert set(reports.index) == expected
    status = reports["status"].to_dict()
    assert status["blocking.txt"] == "unsupported" and "FIFO" in reports.at["blocking.txt", "reason"]
    assert status["zero.txt"] == "unsupported" and "character device" in reports.at["zero.txt", "reason"]
    assert "loop" in reports.at["loop_a.txt", "reason"] and status["loop_a.txt"] == "error"
    assert "dangling" in reports.at["dangling.pdf", "reason"] and "missing.pdf" in reports.at["dangling.pdf", "reason"]
    assert status[".hidden.txt"] == "skipped"
    assert ".docx" in reports.at["old.doc", "reason"] and ".docx" in reports.at["old.wps", "reason"]
    for name in ("sheet.xls", "sheet.xlsx", "doc.ofd", "scan.jpg", "bundle.zip"):
        assert status[name] == "unsupported" and reports.at[name, "reason"]
    gbk = reports.loc["\\xb1\\xa8\\xb8\\xe6.txt"]
    assert gbk["status"] == "ok" and "not valid UTF-8" in gbk["warnings"] and "报告.txt" in gbk["warnings"]
    assert gbk["duplicate_of"] == OTHER and gbk["duplicate_kind"] == "same bytes"
    assert reports.loc[[SEED, OTHER], "status"].eq("ok").all()


def test_outputs_of_a_hostile_folder_are_written(hostile: Path, tmp_path: Path) -> None:
    corpus = read_corpus(hostile, themes=False)
    corpus.write(tmp_path / "out", formats=("parquet", "csv"))
    manifest = pd.read_csv(tmp_path / "out" / "manifest.csv", encoding="utf-8-sig")
    assert len(manifest) == 16 and "\\xb1\\xa8\\xb8\\xe6.txt" in set(manifest["file"])


def test_workers_that_die_hang_or_run_out_of_memory_become_error_rows(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["a_ok.txt", "b_hang.txt", "c_memory.txt", "d_crash.txt", "e_raise.txt", "f_ok.txt"]
    for name in names:
        _copy(folder, SEED if name.endswith("ok.txt") else OTHER, name)
    faults = {"b_hang.txt": "hang", "c_memory.txt": "memory", "d_crash.txt": "crash", "e_raise.txt": "raise"}
    started = time.monotonic()
    corpus = read_corpus(folder, themes=False, n_jobs=2, timeout=8, memory_limit=300 * 2**20, _faults=faults)
    assert time.monotonic() - started < 60
    reports = corpus.reports().set_index("file")
    assert reports.loc[["a_ok.txt", "f_ok.txt"], "status"].eq("ok").all()
    assert "time limit" in reports.at["b_hang.txt", "reason"]
    assert "memory" in reports.at["c_memory.txt", "reason"]
    assert "killed" in reports.at["d_crash.txt", "reason"] or "died" in reports.at["d_crash.txt", "reason"]
    assert "internal error" in reports.at["e_raise.txt", "reason"]
    for name in names[1:5]:
        assert reports.at[name, "status"] == "error" and name in reports.at[name, "reason"]
    assert set(corpus.tables()["report"]) == {"a_ok.txt", "f_ok.txt"}


def test_a_single_worker_survives_too(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _copy(folder, SEED, "a.txt")
    _copy(folder, SEED, "b.txt")
    reports = read_corpus(folder, themes=False, n_jobs=1, memory_limit=200 * 2**20,
                          _faults={"a.txt": "memory"}).reports().set_index("file")
    assert reports.at["a.txt", "status"] == "error" and reports.at["b.txt", "status"] == "ok"


def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        _copy(folder, SEED, name)
    script = textwrap.dedent(f"""
        from ogi_nlp.corpus import read_corpus
        read_corpus({str(folder)!r}, themes=False, n_jobs=2, timeout=None,
                    _faults={{"a.txt": "hang", "b.txt": "hang"}})
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=str(Path(__file__).parent.parent))
    try:
        deadline = time.monotonic() + 60
        children: list = []
        while time.monotonic() < deadline and len(children) < 2:
            time.sleep(0.5)
            children = psutil.Process(parent.pid).children(recursive=True)
        assert len(children) >= 2, "the workers started"
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        gone, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, f"workers still running after their parent was killed: {alive}"
    finally:
        if parent.poll() is None:
            parent.kill()


def test_duplicates_are_flagged(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _copy(folder, SEED, "a.txt")
    _copy(folder, SEED, "b_copy.txt")  # same bytes
    text = (corpus_path() / SEED).read_text(encoding="utf-8")
    # The same report re-typed: other line breaks, spaces and punctuation widths.
    (folder / "c_retyped.txt").write_text(text.replace("，", ",").replace("。", "。\n\n"), encoding="utf-8")
    _copy(folder, OTHER, "d_other.txt")
    reports = read_corpus(folder, themes=False).reports().set_index("file")
    assert reports.at["b_copy.txt", "duplicate_of"] == "a.txt"
    assert reports.at["b_copy.txt", "duplicate_kind"] == "same bytes"
    assert reports.at["c_retyped.txt", "duplicate_of"] == "a.txt"
    assert reports.at["c_retyped.txt", "duplicate_kind"] in ("same text", "near")
    assert pd.isna(reports.at["a.txt", "duplicate_of"]) and pd.isna(reports.at["d_other.txt", "duplicate_of"])


# --------------------------------------------------------------------------- cache

def _cache_entry(cache: Path) -> Path:
    entries = [p.parent for p in cache.rglob("outcome.json")]
    assert len(entries) == 1
    return entries[0]


@pytest.fixture()
def one_seed(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    _copy(folder, SEED)
    return folder


def _value(corpus, variable: str = "requests.new.total"):
    tables = corpus.tables()
    return tables.loc[tables["variable"] == variable, "value"].tolist()


def test_an_edited_cached_value_is_recomputed(one_seed: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _value(read_corpus(one_seed, themes=False, cache_dir=cache)) == [17]
    entry = _cache_entry(cache)
    tables = pd.read_parquet(entry / "tables.parquet")
    tables.loc[tables["variable"] == "requests.new.total", "value"] = 99999
    (entry / "tables.parquet").unlink()  # a new file, as an editor would write it
    tables.to_parquet(entry / "tables.parquet", index=False)
    again = read_corpus(one_seed, themes=False, cache_dir=cache)
    assert _value(again) == [17]
    assert not again.reports()["cached"].any()


def test_a_cached_error_turned_into_ok_is_recomputed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.pdf").write_bytes(b"not a pdf")
    cache = tmp_path / "cache"
    read_corpus(folder, themes=False, cache_dir=cache)
    entry = _cache_entry(cache)
    record = json.loads((entry / "outcome.json").read_text(encoding="utf-8"))
    record["status"], record["reason"] = "ok", ""
    (entry / "outcome.json").write_text(json.dumps(record), encoding="utf-8")
    again = read_corpus(folder, themes=False, cache_dir=cache).reports().iloc[0]
    assert again["status"] == "error" and not again["cached"]


@pytest.mark.parametrize("content", ["[]", "null", "{}", "", "{\"status\": \"ok\"}"])
def test_a_malformed_cache_entry_is_recomputed(one_seed: Path, tmp_path: Path, content: str) -> None:
    cache = tmp_path / "cache"
    read_corpus(one_seed, themes=False, cache_dir=cache)
    (_cache_entry(cache) / "outcome.json").write_text(content, encoding="utf-8")
    again = read_corpus(one_seed, themes=False, cache_dir=cache)
    assert _value(again) == [17] and not again.reports()["cached"].any()
    third = read_corpus(one_seed, themes=False, cache_dir=cache)  # and the entry is whole again
    assert third.reports()["cached"].all() and _value(third) == [17]


# --------------------------------------------------------------------------- outputs

def test_a_second_build_replaces_the_first(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    _copy(first, SEED)
    _copy(first, OTHER)
    _copy(second, OTHER)
    out = tmp_path / "out"
    read_corpus(first, themes=True).write(out)
    (out / "stray.csv").write_text("left by hand", encoding="utf-8")
    read_corpus(second, themes=True).write(out)
    for name in ("wide", "panel", "tables", "manifest"):
        frame = pd.read_parquet(out / f"{name}.parquet")
        column = "file" if name == "manifest" else "report"
        assert set(frame[column]) == {OTHER}, name
    with pd.io.stata.StataReader(out / "stata_wide.dta") as reader:
        assert set(reader.read()["report"]) == {OTHER}
    assert not (out / "stray.csv").exists()
    build = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert build["completed"] is True and build["inputs"]["ok"] == 1 and build["ogi_nlp_version"]
    assert "themes" in build["options"] and build["source"] == [str(second)]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")], "no staging folder left"


def test_a_build_that_fails_leaves_the_previous_outputs(tmp_path: Path, monkeypatch) -> None:
    import ogi_nlp.corpus as corpus_module

    src = tmp_path / "in"
    src.mkdir()
    _copy(src, SEED)
    out = tmp_path / "out"
    corpus = read_corpus(src, themes=False)
    corpus.write(out)
    before = sorted(p.name for p in out.iterdir())

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(corpus_module, "_write_outputs", broken)
    with pytest.raises(OSError):
        corpus.write(out)
    assert sorted(p.name for p in out.iterdir()) == before
    assert json.loads((out / "build.json").read_text(encoding="utf-8"))["completed"] is True
    staged = [p for p in tmp_path.iterdir() if p.name.startswith(".out.building-")]
    assert staged and json.loads((staged[0] / "build.json").read_text(encoding="utf-8"))["completed"] is False


def test_a_folder_that_is_not_a_build_is_never_replaced(one_seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(ValueError, match="build.json"):
        read_corpus(one_seed, themes=False).write(out)
    assert (out / "thesis.docx").read_bytes() == b"precious"


def test_csv_cells_that_look_like_formulas_are_escaped(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "=cmd.txt").write_text("=HYPERLINK(\"http://x\",\"点击\")\n+本年共受理申请20件。\n@SUM(A1)\n-417件申请已办结。\n",
                                  encoding="utf-8")
    out = tmp_path / "out"
    read_corpus(src, themes=False).write(out, formats=("parquet", "csv"))
    text = (out / "sentences.csv").read_text(encoding="utf-8-sig")
    parquet = pd.read_parquet(out / "sentences.parquet")
    assert "'=HYPERLINK" in text and "'+本年" in text and "'@SUM" in text and "'-417" in text
    assert parquet["text"].str.startswith("=HYPERLINK").any(), "Parquet keeps the original"
    manifest = (out / "manifest.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd.txt" in manifest


def test_numbers_stay_numbers_when_csv_is_escaped() -> None:
    frame = pd.DataFrame({"text": ["-3件", "ok"], "value": pd.array([-417, 2], dtype="Float64")})
    out = _escape_formulas(frame)
    assert out["text"].tolist() == ["'-3件", "ok"] and out["value"].tolist() == [-417, 2]


def test_duckdb_database_answers_sql(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    src = tmp_path / "in"
    src.mkdir()
    _copy(src, SEED)
    _copy(src, OTHER)
    read_corpus(src, themes=True).write(tmp_path / "out")
    con = duckdb.connect(str(tmp_path / "out" / "corpus.duckdb"), read_only=True)
    value = con.execute("SELECT value FROM tables WHERE report = ? AND variable = 'requests.new.total'",
                        [SEED]).fetchone()[0]
    n_panel = con.execute("SELECT count(*) FROM panel").fetchone()[0]
    con.close()
    assert value == 17 and n_panel == 2


def test_dataset_is_partitioned_by_frame(tmp_path: Path) -> None:
    import pyarrow.dataset as ds

    src = tmp_path / "in"
    src.mkdir()
    _copy(src, SEED)
    _copy(src, OTHER)
    read_corpus(src, themes=False).write(tmp_path / "out")
    tables = ds.dataset(tmp_path / "out" / "dataset" / "tables", format="parquet").to_table().to_pandas()
    assert set(tables["report"]) == {SEED, OTHER}


def test_a_group_whose_worker_dies_is_retried_file_by_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = [f"{i:02d}.txt" for i in range(12)]
    for name in names:
        _copy(folder, OTHER, name)
    # n_jobs=1, 12 files: four groups of 3 files share a worker task (themes in one batch)
    corpus = read_corpus(folder, themes=True, n_jobs=1, _faults={"04.txt": "crash"})
    reports = corpus.reports().set_index("file")
    assert reports.at["04.txt", "status"] == "error" and "04.txt" in reports.at["04.txt", "reason"]
    assert reports.drop(index="04.txt")["status"].eq("ok").all()
    sentences = corpus.sentences()
    assert "themes" in sentences.columns and sentences["report"].nunique() == 11


def _items(task: list[float]) -> str:
    """A task of items, each sleeping its seconds (a negative one: forever), as a group of files."""
    from ogi_nlp.engine import item_started

    for seconds in task:
        item_started()
        time.sleep(3600 if seconds < 0 else seconds)
    return "done"


def test_each_file_of_a_group_gets_the_time_limit() -> None:
    from ogi_nlp.engine import WorkerPool

    pool = WorkerPool(_items, lambda task, reason: reason, n_jobs=2, timeout=1.5)
    started = time.monotonic()
    # four files of 0.6 s (2.4 s in all) are each within the limit; a hang is caught after
    # one limit, not after one limit per file of its group
    done, hung = sorted(pool.map([[0.6] * 4, [0.1, -1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]]), key=len)
    assert done == "done" and "time limit" in hung
    assert time.monotonic() - started < 6


def test_thirty_good_files_and_fifteen_hostile_ones(tmp_path: Path) -> None:
    """Issue 13's acceptance case: 45 paths, 45 manifest rows, bounded time and memory."""
    import resource

    folder = tmp_path / "in"
    folder.mkdir()
    seeds = [SEED, OTHER, "000_0bd4f94ff1c1a797.txt"]
    for i in range(30):
        text = (corpus_path() / seeds[i % 3]).read_bytes()
        (folder / f"good_{i:02d}.txt").write_bytes(f"副本{i}\n".encode() + text)
    os.mkfifo(folder / "fifo.txt")
    os.symlink("loop2.txt", folder / "loop1.txt")
    os.symlink("loop1.txt", folder / "loop2.txt")
    os.symlink("nowhere.pdf", folder / "dangling.pdf")
    os.symlink("/dev/zero", folder / "zero.html")
    for name in ("a.doc", "b.wps", "c.xls", "d.ofd", "e.png", "f.rar"):
        (folder / name).write_bytes(b"\x00" * 64)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage")
    _copy(folder, OTHER, "hang.txt")
    _copy(folder, OTHER, "bomb.txt")
    shutil.copy(corpus_path() / SEED, os.path.join(os.fsdecode(folder), os.fsdecode("年报".encode("gbk") + b".txt")))
    assert len(os.listdir(folder)) == 45
    script = textwrap.dedent(f"""
        import json
        from ogi_nlp.corpus import read_corpus
        corpus = read_corpus({str(folder)!r}, themes=False, n_jobs=2, timeout=10, memory_limit=400 * 2**20,
                             _faults={{"hang.txt": "hang", "bomb.txt": "memory"}})
        print(json.dumps(corpus.reports().set_index("file")["status"].to_dict()))
    """)
    started = time.monotonic()
    build = subprocess.Popen([sys.executable, "-c", script], cwd=str(Path(__file__).parent.parent),
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = build.stdout.read()
    _, status, usage = os.wait4(build.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert time.monotonic() - started < 180
    statuses = json.loads(output)
    assert len(statuses) == 45
    assert sum(s == "ok" for f, s in statuses.items() if f.startswith("good_")) == 30
    assert statuses["hang.txt"] == "error" and statuses["bomb.txt"] == "error"
    assert usage.ru_maxrss * 1024 < 2**30, "no process of the build passed 1 GB (largest one, ru_maxrss)"
