"""The corpus build: every input listed, bad files kept as rows, parallel = serial, cache."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi_nlp import corpus_path, read_corpus, read_report
from ogi_nlp.corpus import Corpus

SEEDS = ["001_dfbf40df936f33b0.txt", "002_2b0f011715eb5630.txt", "004_8d175a9aad868b26.txt"]


@pytest.fixture()
def mixed_folder(tmp_path: Path) -> Path:
    """Three real seeds, a corrupt PDF, an undecodable txt, an empty DOCX and a stray file."""
    for name in SEEDS:
        shutil.copy(corpus_path() / name, tmp_path / name)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage")
    (tmp_path / "binary.txt").write_bytes(bytes(range(128, 256)) * 40)
    (tmp_path / "empty.docx").write_bytes(b"")
    (tmp_path / "notes.wps").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 60)  # a WPS Writer file
    return tmp_path


def test_batch_lists_every_input_and_never_aborts(mixed_folder: Path) -> None:
    corpus = read_corpus(mixed_folder, themes=False)
    reports = corpus.reports().set_index("file")
    # Every path of the folder has a row, the stray .wps file too (issue 11: nothing silently skipped;
    # .md became a report format with issue 9, so the unsupported case is now a .wps file).
    assert sorted(reports.index) == sorted(SEEDS + ["broken.pdf", "binary.txt", "empty.docx", "notes.wps"])
    assert reports.at["notes.wps", "status"] == "unsupported" and ".wps" in reports.at["notes.wps", "reason"]
    assert reports.loc[SEEDS, "status"].eq("ok").all()
    for bad in ["broken.pdf", "binary.txt", "empty.docx"]:
        assert reports.at[bad, "status"] == "error"
        assert bad in reports.at[bad, "reason"], "the reason names the file"
        assert "internal error" not in reports.at[bad, "reason"]
    assert reports.loc[["broken.pdf", "binary.txt"], "n_sentences"].isna().all()


def test_image_only_tables_are_a_warning_in_the_manifest(mixed_folder: Path) -> None:
    reports = read_corpus(mixed_folder, themes=False).reports().set_index("file")
    assert "image" in reports.at["002_2b0f011715eb5630.txt", "warnings"]
    # seed 001's one warning: its 行政规范性文件 row prints 2 of 3 cells (missing, not guessed)
    assert reports.at["001_dfbf40df936f33b0.txt", "n_warnings"] == 1
    assert "行政规范性文件" in reports.at["001_dfbf40df936f33b0.txt", "warnings"]


def test_parallel_equals_serial(mixed_folder: Path) -> None:
    serial = read_corpus(mixed_folder, themes=False, n_jobs=1)
    parallel = read_corpus(mixed_folder, themes=False, n_jobs=2)
    drop = ["seconds", "cached"]
    pd.testing.assert_frame_equal(serial.reports().drop(columns=drop), parallel.reports().drop(columns=drop))
    pd.testing.assert_frame_equal(serial.sentences(), parallel.sentences())
    pd.testing.assert_frame_equal(serial.tables(), parallel.tables())


def test_cache_returns_the_same_frames(mixed_folder: Path, tmp_path_factory) -> None:
    cache = tmp_path_factory.mktemp("cache")
    first = read_corpus(mixed_folder, themes=False, cache_dir=cache)
    second = read_corpus(mixed_folder, themes=False, cache_dir=cache)
    assert not first.reports()["cached"].any()
    ok = second.reports()["status"].eq("ok")
    assert second.reports().loc[ok, "cached"].all()
    pd.testing.assert_frame_equal(first.tables(), second.tables())
    pd.testing.assert_frame_equal(first.sentences(), second.sentences())
    assert first.reports()["reason"].tolist() == second.reports()["reason"].tolist()


def test_cache_is_keyed_by_content(mixed_folder: Path, tmp_path_factory) -> None:
    cache = tmp_path_factory.mktemp("cache")
    read_corpus(mixed_folder, themes=False, cache_dir=cache)
    target = mixed_folder / SEEDS[0]
    target.write_bytes(target.read_bytes().replace("978篇".encode(), "979篇".encode()))
    again = read_corpus(mixed_folder, themes=False, cache_dir=cache).reports().set_index("file")
    assert not again.at[SEEDS[0], "cached"]
    assert again.at[SEEDS[1], "cached"]


def test_bad_options_raise(mixed_folder: Path) -> None:
    with pytest.raises(ValueError, match="n_jobs"):
        read_corpus(mixed_folder, n_jobs=0)
    with pytest.raises(NotADirectoryError):
        read_corpus(mixed_folder / SEEDS[0])


def test_bundled_corpus_build_outputs(tmp_path: Path) -> None:
    corpus = read_corpus(corpus_path())
    assert isinstance(corpus, Corpus)
    assert corpus.reports()["status"].eq("ok").sum() == 9, "nine reports; README, manifest.csv etc. listed, not read"
    written = corpus.write(tmp_path, formats=("parquet", "csv", "dta"))
    for name in ["manifest", "sections", "sentences", "tables", "checks", "wide", "panel", "codebook"]:
        assert (tmp_path / f"{name}.parquet").is_file() and (tmp_path / f"{name}.csv").is_file()
    sentences = pd.read_parquet(tmp_path / "sentences.parquet")
    assert {"report", "text", "section", "is_heading", "start", "end", "themes"} <= set(sentences.columns)
    back = pd.read_parquet(tmp_path / "tables.parquet")
    one = back[(back["report"] == "001_dfbf40df936f33b0.txt") & (back["variable"] == "requests.new.total")]
    assert one["value"].tolist() == [17]
    assert written["manifest"][0].name == "manifest.parquet"
    csv_row = pd.read_csv(tmp_path / "tables.csv", dtype=str, encoding="utf-8-sig")
    printed = csv_row[(csv_row["report"] == "001_dfbf40df936f33b0.txt")
                      & (csv_row["variable"] == "requests.new.total")]["value"]
    assert printed.tolist() == ["17"], "counts print as integers in CSV"
    with pd.io.stata.StataReader(tmp_path / "stata_wide.dta") as reader:
        labels = reader.variable_labels()
    assert any("本年新收政府信息公开申请数量" in label for label in labels.values())
    wide = pd.read_parquet(tmp_path / "wide.parquet")
    assert "002_2b0f011715eb5630.txt" in set(wide["report"]), "a report without values keeps its row"
    # The build's data dictionary describes every column of every tabular output it wrote (issue 14).
    dictionary = pd.read_parquet(tmp_path / "data_dictionary.parquet")
    for parquet in tmp_path.glob("*.parquet"):
        if parquet.stem == "data_dictionary":
            continue
        columns = pd.read_parquet(parquet).columns
        described = dictionary[(dictionary["output"] == parquet.stem) & dictionary["meaning"].notna()]
        assert set(columns) <= set(described["column"]), f"{parquet.stem}: {set(columns) - set(described['column'])}"
    with pd.io.stata.StataReader(tmp_path / "stata_panel.dta") as reader:
        panel_labels = reader.variable_labels()
    assert panel_labels["disclosure_rate"].startswith("share of handled requests")


def test_carry_over_uses_the_body_named_in_the_manifest() -> None:
    corpus = read_corpus(corpus_path(), themes=False)
    carry = corpus.carry_over()
    pair = carry[carry["report"] == "hongze-district-government-2024.pdf"]
    assert len(pair) == 1, "the two Hongze reports are one body although their titles differ"
    assert "hongze-district-government-2023.pdf" in pair["rhs_terms"].iloc[0]


def test_same_file_name_in_two_folders_stays_two_reports(tmp_path: Path) -> None:
    paths = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        paths.append(tmp_path / folder / SEEDS[0])
        shutil.copy(corpus_path() / SEEDS[0], paths[-1])
    reports = read_corpus(paths, themes=False).reports()
    assert reports["file"].nunique() == 2 and reports["status"].eq("ok").all()


def test_frames_handed_out_are_copies(mixed_folder: Path) -> None:
    corpus = read_corpus(mixed_folder, themes=False)
    first = corpus.tables()
    first["value"] = pd.NA
    assert corpus.tables()["value"].notna().any()


def test_cached_rows_keep_their_own_report_name(tmp_path: Path) -> None:
    """Two files with the same bytes under different names: each row names its own file."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("x.txt", "y.txt"):
        shutil.copy(corpus_path() / SEEDS[0], folder / name)
    for _ in range(2):  # the second run reads both from the cache
        corpus = read_corpus(folder, themes=False, cache_dir=tmp_path / "cache")
        for frame in (corpus.sentences(), corpus.tables()):
            assert frame.groupby("report").size().to_dict().keys() == {"x.txt", "y.txt"}
    assert corpus.reports()["cached"].all()


def test_cached_error_names_the_file_where_it_is_now(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bad.pdf").write_bytes(b"not a pdf")
    read_corpus(tmp_path / "a", cache_dir=tmp_path / "cache")
    again = read_corpus(tmp_path / "b", cache_dir=tmp_path / "cache").reports().iloc[0]
    fresh = read_corpus(tmp_path / "b").reports().iloc[0]
    assert again["cached"] and again["status"] == "error"
    assert again["reason"] == fresh["reason"] and "bad.pdf" in again["reason"]


def test_real_world_folder_has_one_row_per_file_and_flags_duplicates(tmp_path: Path) -> None:
    """Issue 11: the bundled reports, a .doc, a .wps, a PDF saved twice and an HTML copy of a seed."""
    import html

    for p in corpus_path().iterdir():
        if p.suffix in (".txt", ".pdf", ".docx") and p.name != "README.md":
            shutil.copy(p, tmp_path / p.name)
    shutil.copy(corpus_path() / "hongze-district-government-2023.pdf", tmp_path / "hongze-2023-saved-again.pdf")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56  # the header of Word 97 and WPS files
    (tmp_path / "report.doc").write_bytes(ole)
    (tmp_path / "report.wps").write_bytes(ole)
    seed = corpus_path() / "001_dfbf40df936f33b0.txt"
    lines = [ln.strip("\u3000 \t") for ln in seed.read_text(encoding="utf-8").splitlines()]
    body = "".join(f"<p>{html.escape(ln)}</p>\n" for ln in lines if ln)
    (tmp_path / "001-web-copy.html").write_text(
        f'<html><head><meta charset="utf-8"></head><body><div>首页 > 政务公开 > 政府信息公开年报</div>{body}</body></html>',
        encoding="utf-8")
    reports = read_corpus(tmp_path, themes=False).reports().set_index("file")
    assert sorted(reports.index) == sorted(p.name for p in tmp_path.iterdir()), "one row per file, none silently skipped"
    assert reports.loc[["report.doc", "report.wps"], "status"].eq("unsupported").all()
    assert ".doc" in reports.at["report.doc", "reason"] and ".wps" in reports.at["report.wps", "reason"]
    pdf_pair = reports.loc[["hongze-2023-saved-again.pdf", "hongze-district-government-2023.pdf"], "duplicate_of"]
    assert pdf_pair.notna().sum() == 1, "one of the two identical PDFs is flagged as the other's duplicate"
    assert set(reports.loc[pdf_pair.dropna().index, "duplicate_kind"]) == {"same bytes"}
    txt_html = reports.loc[["001-web-copy.html", "001_dfbf40df936f33b0.txt"], "duplicate_of"]
    assert txt_html.notna().sum() == 1, "the HTML copy and the txt are one report in two formats"
    assert reports["duplicate_of"].notna().sum() == 2


@pytest.mark.filterwarnings("ignore::ogi_nlp.errors.OGIWarning")
def test_two_processes_write_the_same_files_as_one(tmp_path: Path) -> None:
    """Outputs written in parallel lanes (n_jobs=2) equal one process's, file by file."""
    from ogi_nlp.corpus import build_corpus

    src = tmp_path / "in"
    src.mkdir()
    for path in sorted(corpus_path().iterdir()):
        if path.is_file() and path.suffix in (".txt", ".pdf", ".docx"):
            shutil.copy(path, src / path.name)
    one = tmp_path / "one"
    two = tmp_path / "two"
    build_corpus(src, one, n_jobs=1, database=False)
    build_corpus(src, two, n_jobs=2, database=False)
    files = sorted(p.name for p in one.iterdir() if p.suffix in (".parquet", ".csv", ".dta"))
    assert files == sorted(p.name for p in two.iterdir() if p.suffix in (".parquet", ".csv", ".dta"))
    assert {"wide.parquet", "panel.parquet", "theme_profile.parquet", "carry_over.csv", "stata_long.dta"} <= set(files)
    for name in files:
        if name.startswith("manifest"):  # seconds and cache flags differ by run
            continue
        if name.endswith(".parquet"):
            pd.testing.assert_frame_equal(pd.read_parquet(one / name), pd.read_parquet(two / name))
        elif name.endswith(".csv"):
            assert (one / name).read_bytes() == (two / name).read_bytes(), name
        else:
            pd.testing.assert_frame_equal(pd.read_stata(one / name), pd.read_stata(two / name))


def test_outputs_start_when_what_they_need_is_written(tmp_path: Path, monkeypatch) -> None:
    """Two processes take outputs as they are free: each runs once, after what it needs; a failure
    in either process is raised here."""
    import json
    import os
    import time

    from ogi_nlp import corpus as corpus_module

    log = tmp_path / "log.jsonl"

    def fake(task, context):
        started = time.time()
        time.sleep(0.3 if task[0] == "slow" else 0.05)
        if task[0] == "bad":
            raise OSError("disk full")
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(json.dumps([task[0], os.getpid(), started, time.time()]) + "\n")
        return {task[0]: [tmp_path / task[0]]}

    monkeypatch.setattr(corpus_module, "_output_task", fake)
    tasks = [("slow",), ("a",), ("b",), ("after_slow",), ("after_a",), ("after_both",)]
    needs = {("after_slow",): (("slow",),), ("after_a",): (("a",),), ("after_both",): (("slow",), ("b",))}
    done = corpus_module._run_outputs(tasks, {}, 2, needs=needs)
    assert set(done) == set(tasks) and done[("a",)] == {"a": [tmp_path / "a"]}
    runs = {row[0]: row for row in map(json.loads, log.read_text(encoding="utf-8").splitlines())}
    assert len(runs) == len(tasks) and len({row[1] for row in runs.values()}) == 2  # both processes worked
    for task, wanted in needs.items():
        assert all(runs[task[0]][2] >= runs[need[0]][3] for need in wanted)
    assert runs["after_a"][2] < runs["slow"][3]  # not held back by the slow one
    with pytest.raises(OSError, match="disk full"):
        corpus_module._run_outputs([("slow",), ("bad",), ("a",)], {}, 2)
    with pytest.raises(RuntimeError, match="not listed"):
        corpus_module._run_outputs([("a",), ("b",)], {}, 2, needs={("b",): (("c",),)})


SHARED_DEV = Path(__file__).resolve().parents[2] / "shared" / "dev"


@pytest.mark.skipif(not SHARED_DEV.is_dir(), reason="../shared/dev is not beside the repository")
@pytest.mark.filterwarnings("ignore::ogi_nlp.errors.OGIWarning")
def test_every_real_copy_builds_into_one_corpus(tmp_path: Path) -> None:
    """All 204 real copies of ../shared/dev and the bundled reports in one build: a file whose
    only text-table comparison has an absent cell (no raw text) once made a numeric column
    of a part that the other parts hold as text, and the whole build stopped in its outputs."""
    from ogi_nlp.corpus import build_corpus

    folder = tmp_path / "in"
    folder.mkdir()
    for path in [*SHARED_DEV.glob("pages/docs/*.txt"), *SHARED_DEV.glob("tables/docs/*.txt"),
                 *corpus_path().glob("*.txt"), *corpus_path().glob("*.pdf")]:
        shutil.copy(path, folder / f"{path.parent.parent.name}_{path.name}")
    corpus = build_corpus(folder, tmp_path / "out", progress=False)
    reports = corpus.reports()
    assert len(reports) == len(list(folder.iterdir())) and not reports["status"].eq("error").any()
    quantities = pd.read_parquet(tmp_path / "out" / "quantities.parquet")
    assert quantities["table_raw"].map(lambda v: isinstance(v, str) or pd.isna(v)).all()  # text, else missing
    assert quantities["table_raw"].notna().any() and quantities["table_raw"].isna().any()


def test_parts_with_numbers_and_text_in_one_column_are_joined_as_text(tmp_path: Path) -> None:
    """A column that one report's frame holds as numbers (all missing: pandas types it float)
    and another's as text is written as text, with a warning; the build goes on."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ogi_nlp.corpus import _conform, _unified_schema
    from ogi_nlp.errors import OGIWarning

    parts = [pa.Table.from_pandas(pd.DataFrame({"report": ["a"], "table_raw": [float("nan")], "n": [1]}),
                                  preserve_index=False),
             pa.Table.from_pandas(pd.DataFrame({"report": ["b"], "table_raw": ["3,119"], "n": [2]}),
                                  preserve_index=False)]
    with pytest.warns(OGIWarning, match="table_raw"):
        names, fields, plain, metadata = _unified_schema([t.schema for t in parts])
    joined = pa.concat_tables([_conform(t, names, fields, plain) for t in parts]).replace_schema_metadata(metadata)
    pq.write_table(joined, tmp_path / "x.parquet")
    back = pd.read_parquet(tmp_path / "x.parquet")
    assert back["table_raw"].isna().tolist() == [True, False] and back["table_raw"].iloc[1] == "3,119"
    assert back["n"].tolist() == [1, 2]


def test_a_worker_groups_frames_converted_together_equal_file_by_file() -> None:
    """Converting a group's frames to Arrow in one go gives the table of converting each file's
    frame and unifying them: same values, types and pandas metadata (so the same Parquet bytes),
    on real reports whose frames differ (no tables, image-only tables, object vs typed columns).
    The sections, which a worker makes in Arrow from the frame's columns, give the table of
    converting ``Report.sections`` (with its ``report`` column) the same way; so do the tables,
    checks and quantities, which it gives as their columns."""
    import pyarrow as pa

    from ogi_nlp.corpus import (_FRAMES, _analyse, _arrow_frames, _Columns, _columns_table, _conform,
                                _joined_table, _Sections, _unified_schema, add_theme_columns)

    files = sorted(corpus_path().glob("*.txt"))
    frames = []
    made = []  # the sections tables a worker makes
    for path in files + files[:3]:
        frame, _ = _analyse(str(path), path.name)
        frame["sentences"] = add_theme_columns(frame["sentences"])
        made.append(dict(frame))
        frame["sections"] = read_report(path).sections.assign(report=path.name)
        for name in ("tables", "checks", "quantities"):
            if isinstance(frame[name], _Columns):
                frame[name] = frame[name].frame()
        frames.append(frame)
    assert sum(isinstance(t["sections"], _Sections) for t in made) >= len(files) - 1
    assert sum(isinstance(t["quantities"], _Columns) for t in made) >= len(files) // 2
    for group, tables in ((frames, made), (frames[1:4], made[1:4]), (frames[2:4], made[2:4]),
                          ([frames[2], frames[0]], [made[2], made[0]])):
        for name in _FRAMES:
            pieces = [_arrow_frames({name: f[name]})[name] for f in group]
            names, fields, plain, metadata = _unified_schema([t.schema for t in pieces])
            expected = pa.concat_tables([_conform(t, names, fields, plain) for t in pieces])
            expected = expected.replace_schema_metadata(metadata)
            if name == "sections" and all(isinstance(t["sections"], _Sections) for t in tables):
                # a group's sections made into one table, and each file's alone, joined
                assert _Sections.joined([t["sections"] for t in tables]).equals(expected, check_metadata=True)
                assert pa.concat_tables([t["sections"].table() for t in tables]).equals(expected, check_metadata=True)
            if name in ("tables", "checks", "quantities") and any(isinstance(t[name], _Columns) for t in tables):
                assert _columns_table([t[name] for t in tables], name).equals(expected, check_metadata=True), name
            joined = _joined_table([f[name] for f in group])
            if not any(len(f[name]) for f in group):  # no rows at all: file by file, as before
                assert joined is None
                continue
            assert joined is not None, name  # these reports never need the file-by-file conversion
            assert joined.equals(expected, check_metadata=True), name


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0, 7, -3, 2.5, float("nan"), None, pd.NA, True, False, "条", "",
                                          2**70]), min_size=0, max_size=4), min_size=1, max_size=4),
       st.booleans())
def test_columns_made_into_arrow_equal_their_frames_converted(files: list[list[object]], boolean: bool) -> None:
    """A group's columns made into Arrow (types, values and pandas metadata from the kinds of
    their values) equal converting each file's frame and unifying them, whatever mix of
    integers, floats, missing values, booleans and text each file's column holds; where the
    values cannot be so made (mixed text and numbers, integers beyond int64) the frames are
    converted instead, as a worker does."""
    import warnings

    import pyarrow as pa

    from ogi_nlp.corpus import _Columns, _columns_table, _conform, _unified_schema

    dtypes = {"flag": "boolean"}
    pieces = []
    for values in files:
        flags = [v if isinstance(v, bool) or v is None else None for v in values] if boolean else [True] * len(values)
        pieces.append(_Columns({"report": ["r"] * len(values), "x": list(values), "flag": flags}, dtypes))
    if not any(len(p) for p in pieces):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            converted = [pa.Table.from_pandas(p.frame(), preserve_index=False) for p in pieces]
            names, fields, plain, metadata = _unified_schema([t.schema for t in converted])
            expected = pa.concat_tables([_conform(t, names, fields, plain) for t in converted])
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            expected = None
        try:
            made = _columns_table(pieces, "x")
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            made = None
    if made is not None:
        assert expected is not None
        assert made.equals(expected.replace_schema_metadata(metadata), check_metadata=True)


def test_columns_made_into_arrow_when_the_kinds_memo_empties_midway(monkeypatch) -> None:
    """The per-process memo of column kinds is emptied when full, possibly while a group is being
    made: the group's table still equals its frames converted, and the next group of other kinds
    is not given the first group's schema."""
    import pyarrow as pa

    import ogi_nlp.corpus as corpus

    def expected(pieces):
        converted = [pa.Table.from_pandas(p.frame(), preserve_index=False) for p in pieces]
        names, fields, plain, metadata = corpus._unified_schema([t.schema for t in converted])
        return pa.concat_tables([corpus._conform(t, names, fields, plain) for t in converted]
                                ).replace_schema_metadata(metadata)

    monkeypatch.setattr(corpus, "_KINDS", {})
    monkeypatch.setattr(corpus, "_UNIFIED", {})
    names = [f"c{i}" for i in range(300)]  # more kinds than the memo keeps (256): it empties midway
    first = [corpus._Columns({n: [1, 2] for n in names}, {}), corpus._Columns({n: [3] for n in names}, {})]
    assert corpus._columns_table(first, "x").equals(expected(first), check_metadata=True)
    second = [corpus._Columns({n: ["条", None] for n in names}, {}), corpus._Columns({n: ["件"] for n in names}, {})]
    made = corpus._columns_table(second, "x")
    assert made is not None and made.equals(expected(second), check_metadata=True)


def test_output_files_are_joined_from_parts_a_bounded_number_of_rows_at_a_time(tmp_path: Path, monkeypatch) -> None:
    """A part holds a worker group's reports (up to eight): batches are counted in rows, not
    parts, so memory holds one batch whatever the size of the corpus; the file is the same."""
    import ogi_nlp.corpus as corpus

    parts = []
    for i, rows in enumerate([3, 4, 2, 6, 1, 5]):
        path = tmp_path / f"part-{i}.parquet"
        pd.DataFrame({"report": [f"r{i}"] * rows, "n": range(rows)}).to_parquet(path, index=False)
        parts.append(path)
    monkeypatch.setattr(corpus, "_BATCH_ROWS", 6)
    assert [len(b) for b in corpus._row_batches(parts, [3, 4, 2, 6, 1, 5])] == [2, 2, 2]  # 3+4, 2+6, 1+5
    writer = corpus._FrameWriter(tmp_path, "frame", ["parquet", "csv"])
    writer.add_parts(parts)
    writer.finish()
    whole = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "frame.parquet"), whole)
    assert len(pd.read_csv(tmp_path / "frame.csv")) == len(whole) == 21


def test_minhash_signatures_and_near_duplicates_are_datasketchs() -> None:
    """The build computes datasketch's affine32 MinHash and MinHashLSH candidates itself (no
    datasketch import, about 0.6 s of start-up): the same signatures (cached signatures stay
    valid) and the same near-duplicate flags, on real sentences."""
    import random

    from datasketch import MinHash, MinHashLSH
    from datasketch.lsh import _optimal_param

    from ogi_nlp.corpus import (_MINHASH_BANDS, _MINHASH_SCHEME, _MINHASH_SEED, _MINHASH_SIZE, Outcome,
                                _flag_duplicates, _minhash)

    assert _optimal_param(0.8, _MINHASH_SIZE, 0.5, 0.5) == _MINHASH_BANDS
    lines = [ln.strip() for p in sorted(corpus_path().glob("*.txt"))
             for ln in p.read_text(encoding="utf-8").splitlines() if len(ln.strip()) >= 4]
    rng = random.Random(0)
    sets = [rng.sample(lines, rng.randint(1, 40)) for _ in range(60)]
    sets += [s[:-1] + [rng.choice(lines)] for s in sets[:30]]  # near copies
    for values in sets:
        reference = MinHash(num_perm=_MINHASH_SIZE, seed=_MINHASH_SEED, scheme=_MINHASH_SCHEME)
        reference.update_batch([t.encode() for t in values])
        assert _minhash([t.encode() for t in values]) == [int(v) for v in reference.hashvalues]
    outcomes = [Outcome(file=f"{i:03d}.txt", status="ok", minhash=_minhash([t.encode() for t in values]))
                for i, values in enumerate(sets)]
    lsh, expected, kept = MinHashLSH(threshold=0.8, num_perm=_MINHASH_SIZE), {}, {}
    for o in outcomes:
        signature = MinHash(num_perm=_MINHASH_SIZE, seed=_MINHASH_SEED, scheme=_MINHASH_SCHEME, hashvalues=o.minhash)
        close = sorted(f for f in lsh.query(signature) if signature.jaccard(kept[f]) >= 0.8)
        if close:
            expected[o.file] = (close[0], "near")
        else:
            lsh.insert(o.file, signature)
            kept[o.file] = signature
    assert expected and _flag_duplicates(outcomes) == expected


def test_theme_columns_made_at_once_equal_label_sentences_steps() -> None:
    """add_theme_columns builds its columns in one go: the frame of label_sentences then the
    themes joined, one boolean and one probability column per theme (dtypes, order, values)."""
    from ogi_nlp.corpus import _analyse, _default_theme_keys, add_theme_columns
    from ogi_nlp.themes import label_sentences

    def stepwise(sentences: pd.DataFrame) -> pd.DataFrame:
        labelled = label_sentences(sentences, probabilities=True)
        found = labelled["themes"].tolist()
        keys = _default_theme_keys()
        labelled["themes"] = [";".join(labels) for labels in found]
        probs = labelled[[f"p_{key}" for key in keys]]
        labelled = labelled.drop(columns=probs.columns)
        for key in keys:
            labelled[key] = [key in labels for labels in found]
        for key in keys:
            labelled[f"p_{key}"] = probs[f"p_{key}"].astype(float).to_numpy()
        return labelled

    files = sorted(corpus_path().glob("*.txt"))[:4]
    sentences = pd.concat([_analyse(str(p), p.name)[0]["sentences"] for p in files], ignore_index=True)
    for frame in (sentences, sentences.iloc[5:], sentences.drop(columns=["report", "section"]), sentences.iloc[:0]):
        pd.testing.assert_frame_equal(add_theme_columns(frame), stepwise(frame), check_exact=True)


def test_a_groups_sentences_as_lists_equal_their_frames_labelled_and_joined() -> None:
    """A worker keeps each report's sentences as lists (no frame per report), labels them for
    the group joined and makes the group's part from them: the same theme values, the same
    columns (each file's frame and dtypes) and the same part table (types, values, pandas
    metadata) as labelling the concatenated frames and converting them, on real reports
    (bundled txt and PDF); the part without themes too."""
    import pyarrow as pa

    from ogi_nlp.corpus import _analyse, _Columns, _columns_table, _joined_table, _label_columns, add_theme_columns

    files = sorted(corpus_path().glob("*.txt"))[:6] + sorted(corpus_path().glob("*.pdf"))[:1]
    lists = [_analyse(str(p), p.name, lists=True)[0]["sentences"] for p in files]
    frames = [_analyse(str(p), p.name)[0]["sentences"] for p in files]
    assert all(isinstance(c, _Columns) and len(c) for c in lists)
    for group in (slice(0, 7), slice(2, 5), slice(4, 6)):
        plain = _columns_table(lists[group], "sentences")
        assert plain.equals(_joined_table(frames[group]), check_metadata=True)
        labelled = add_theme_columns(pd.concat(frames[group], ignore_index=True))
        made = _label_columns(lists[group])
        assert made is not None
        at = 0
        for columns, frame in zip(made, frames[group]):
            piece = labelled.iloc[at:at + len(frame)].reset_index(drop=True)
            at += len(frame)
            pd.testing.assert_frame_equal(columns.frame(), piece, check_exact=True)
        table = _columns_table(made, "sentences")
        assert isinstance(table, pa.Table)
        pieces = [labelled.iloc[a:a + len(f)].reset_index(drop=True)
                  for a, f in zip([0, *pd.Series([len(f) for f in frames[group]]).cumsum()[:-1]], frames[group])]
        assert table.equals(_joined_table(pieces, labelled), check_metadata=True)
    # a file without sentences, or another classifier: no lists path (the frames are labelled)
    assert _label_columns([lists[0], frames[0].iloc[:0]]) is None


def test_frames_without_rows_are_converted_once_per_shape(tmp_path: Path) -> None:
    """A group's frames without rows (reports with no table) are converted to Arrow once per
    shape: the same tables as one conversion per file, and the same unified part."""
    import pyarrow as pa

    from ogi_nlp.corpus import _FRAMES, _analyse, _arrow_frames, _conform, _converted, _unified_schema

    texts = ["一、总体情况\n本机关全年主动公开信息20条。", "二、其他需要报告的事项\n无。",
             "某县人民政府2023年政府信息公开工作年度报告\n全年受理申请3件。"]
    frames = []
    for i, text in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
        frames.append(_analyse(str(tmp_path / f"{i}.txt"), f"{i}.txt")[0])
    assert not any(len(f["checks"]) for f in frames)
    for name in _FRAMES:
        memo: dict = {}
        each = [_arrow_frames({name: f[name]})[name] for f in frames]
        once = [_converted(f[name], name, memo) for f in frames]
        assert all(a.equals(b, check_metadata=True) for a, b in zip(each, once)), name
        names, fields, plain, metadata = _unified_schema([t.schema for t in each])
        expected = pa.concat_tables([_conform(t, names, fields, plain) for t in each])
        assert expected.replace_schema_metadata(metadata).schema.equals(
            pa.concat_tables([_conform(t, names, fields, plain) for t in once]).replace_schema_metadata(metadata).schema,
            check_metadata=True)


def test_panel_names_bodies_as_the_manifest_whatever_the_chunks(tmp_path: Path, monkeypatch) -> None:
    """The outputs are computed a chunk of reports at a time; a body whose reports fall in two
    chunks keeps the one name the manifest gives it (the two Hongze titles differ)."""
    import ogi_nlp.corpus as corpus_module
    from ogi_nlp.corpus import build_corpus

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("hongze-district-government-2023.pdf", "hongze-district-government-2024.pdf"):
        shutil.copy(corpus_path() / name, folder / name)
    monkeypatch.setattr(corpus_module, "_CHUNK", 1)  # one report per chunk
    build_corpus(folder, tmp_path / "out", formats=("parquet",), database=False, themes=True)
    manifest = pd.read_parquet(tmp_path / "out" / "manifest.parquet").set_index("file")
    panel = pd.read_parquet(tmp_path / "out" / "panel.parquet").set_index("report")
    assert manifest["agency"].nunique() == 2 and manifest["body"].nunique() == 1
    assert panel["body"].to_dict() == manifest.loc[panel.index, "body"].to_dict()


def test_computed_parts_held_in_memory_or_spilled_write_the_same_files(tmp_path: Path, monkeypatch) -> None:
    """Chunks computed during the outputs (wide, panel, ...) are held as Arrow tables up to a
    byte budget, then spilled to scratch Parquet files: the output files are the same."""
    import ogi_nlp.corpus as corpus

    corpus_ = read_corpus(corpus_path(), themes=False)
    chunks = [corpus_.wide().reset_index().iloc[i:i + 3] for i in range(0, 9, 3)]
    chunks[1] = chunks[1].assign(extra=pd.array([1, None, 2], dtype="Int64"))  # a column one chunk has
    written = {}
    held = corpus._HELD_BYTES
    for budget in (held, 0):
        monkeypatch.setattr(corpus, "_HELD_BYTES", budget)
        out = tmp_path / str(budget)
        out.mkdir()
        writer = corpus._FrameWriter(out, "wide", ["parquet", "csv"])
        for chunk in chunks:
            writer.add(chunk)
        assert any(isinstance(p, Path) for p in writer.parts) == (budget == 0)
        written[budget] = [p.read_bytes() for p in writer.finish()]
        assert not (out / ".wide.parts").exists()
    assert written[held] == written[0]


def test_parts_whose_metadata_differ_in_columns_not_read_join_in_arrow_alike(tmp_path: Path) -> None:
    """A chunk's view reads a few columns of each part; parts whose pandas metadata differ only
    for other columns (all missing in one group) are joined in Arrow, as reading each part does."""
    from ogi_nlp.corpus import Outcome

    dataset = tmp_path / "dataset"
    (dataset / "checks").mkdir(parents=True)
    frames = [pd.DataFrame({"report": ["a", "a"], "holds": [True, False], "note": ["x", None]}),
              pd.DataFrame({"report": ["b"], "holds": [True], "note": [None]})]
    frames[1]["note"] = frames[1]["note"].astype("float64")  # all missing: pandas types it as float
    outcomes = []
    for part, frame in enumerate(frames):
        frame.to_parquet(dataset / "checks" / f"part-{part:07d}.parquet", index=False)
        outcomes.append(Outcome(file=frame["report"][0], status="ok", part=part, rows={"checks": len(frame)}))
    corpus = Corpus(outcomes, dataset=dataset)
    joined = corpus._concat_arrow("checks", corpus._holders("checks"), ["report", "holds"])
    assert joined is not None  # one conversion, not one per part
    read = pd.concat([pd.read_parquet(dataset / "checks" / f"part-{p:07d}.parquet", columns=["report", "holds"])
                      for p in range(2)], ignore_index=True)
    pd.testing.assert_frame_equal(joined, read)
    assert corpus._concat_arrow("checks", corpus._holders("checks"), None) is None  # "note" differs: pandas joins


def test_a_worker_gives_the_frames_of_no_rows_made_once(tmp_path: Path) -> None:
    """A report without table values, checks or quantities gives the frames made once per
    process (no copy per report): equal to the report's own frames, and converted to the
    same Arrow tables as a copy of them."""
    import pyarrow as pa

    from ogi_nlp.corpus import _analyse, _arrow_frames, _converted

    texts = ["一、总体情况\n本机关全年主动公开信息20条。", "二、其他需要报告的事项\n无。"]
    paths = []
    for i, text in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
        paths.append(tmp_path / f"{i}.txt")
    paths += [p for p in sorted(corpus_path().glob("*.txt"))[:8]]
    seen = 0
    for path in paths:
        frames, _ = _analyse(str(path), path.name)
        report = read_report(path)
        report.document.name = path.name
        for name, own in (("tables", report.tables()), ("checks", report.checks()), ("quantities", report.quantities())):
            if isinstance(frames[name], pd.DataFrame):
                seen += not len(own)
                pd.testing.assert_frame_equal(frames[name], own)
                copy = frames[name].copy()
                for _ in range(2):  # the second time from what the first remembered
                    assert _converted(frames[name], name).equals(_arrow_frames({name: copy})[name],
                                                                 check_metadata=True)
                    assert isinstance(_converted(frames[name], name), pa.Table)
    assert seen >= 4


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([0, 7, -3, 2.5, 1e300, float("nan"), float("inf"), None, pd.NA, 2**40]), max_size=12))
def test_values_counted_from_lists_as_their_float_array(values: list) -> None:
    """A worker counts a report's values from the lists (no Float64 array per report): the
    count of the array's values that are not missing."""
    from ogi_nlp.corpus import TABLE_DTYPES, _Columns, _values_given

    expected = int((~pd.array(values, dtype="Float64").isna()).sum())
    assert _values_given(_Columns({"value": values}, TABLE_DTYPES)) == expected
    assert _values_given(pd.DataFrame({"value": pd.array(values, dtype="Float64")})) == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0, 7, 2.5, float("nan"), None, pd.NA, "条"]), min_size=0, max_size=3),
                min_size=1, max_size=3), st.lists(st.integers(0, 5), min_size=2, max_size=9))
def test_a_group_of_files_of_repeated_kinds_made_as_file_by_file(kinds: list[list[object]], picks: list[int]) -> None:
    """_made_table unifies each distinct schema of a group once (the files' repeats change
    nothing): the group's table equals converting each file's frame and unifying them all,
    whatever the order in which files of the same kinds, and files without rows, come."""
    import warnings

    import pyarrow as pa

    from ogi_nlp.corpus import _Columns, _columns_table, _conform, _unified_schema

    shapes = [_Columns({"report": ["r"] * len(v), "x": list(v)}, {}) for v in kinds]
    empty = pd.DataFrame({"report": pd.Series([], dtype=object), "x": pd.Series([], dtype=object)})
    pieces = [shapes[p % len(shapes)] if p < 4 else empty for p in picks]
    if not any(isinstance(p, _Columns) and len(p) for p in pieces) or not isinstance(pieces[0], _Columns):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            converted = [pa.Table.from_pandas(p.frame() if isinstance(p, _Columns) else p, preserve_index=False)
                         for p in pieces]
            names, fields, plain, metadata = _unified_schema([t.schema for t in converted])
            expected = pa.concat_tables([_conform(t, names, fields, plain) for t in converted])
            expected = expected.replace_schema_metadata(metadata)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            expected = None
        for _ in range(2):  # the second time from the unification remembered
            made = _columns_table(pieces, "x")
            if made is not None:
                assert expected is not None and made.equals(expected, check_metadata=True)


def test_a_group_part_without_rows_is_written_as_its_table_would_be(tmp_path: Path) -> None:
    """A worker group whose files have no table values (their part a table kept for the process)
    writes the bytes of that part's Parquet file made once: the same file as writing the table,
    the first time and after."""
    import pyarrow.parquet as pq

    import ogi_nlp.corpus as corpus_module
    from ogi_nlp.corpus import _FRAMES, _analyse, _part_path, _write_group

    texts = ["一、总体情况\n本机关全年主动公开信息20条。", "二、其他需要报告的事项\n无。", "三、存在的主要问题\n无。"]
    items = []
    for i, text in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
        items.append((_analyse(str(tmp_path / f"{i}.txt"), f"{i}.txt", lists=True)[0], None))
    for holder, group in ((0, items), (5, items), (7, items[:1]), (9, items[:1])):
        dataset = tmp_path / f"ds{holder}"
        _write_group(group, dataset, holder)
        for name in ("tables", "checks", "quantities"):
            written = _part_path(dataset, name, holder)
            again = tmp_path / f"{name}{holder}.parquet"
            pq.write_table(pq.read_table(written), again)
            assert written.read_bytes() == again.read_bytes(), name
    assert corpus_module._PART_BYTES and set(_FRAMES) >= {"tables", "checks", "quantities"}


def test_column_kinds_learnt_together_as_one_by_one() -> None:
    """The kinds of a piece's columns not yet known are learnt from one conversion of their
    frame: the Arrow type and pandas metadata of converting each column alone, on real
    reports' sentences (themes added), tables, checks and quantities."""
    import json

    import pyarrow as pa

    import ogi_nlp.corpus as corpus_module
    from ogi_nlp.corpus import _analyse, _Columns, _kind_key, _label_columns, _piece_kinds, typed_frame

    pieces = []
    for path in sorted(corpus_path().glob("*.txt"))[:6]:
        frames, _ = _analyse(str(path), path.name, lists=True)
        pieces += [f for f in frames.values() if isinstance(f, _Columns)]
    pieces += _label_columns([p for p in pieces if "sentence_id" in p.data][:2]) or []
    assert len(pieces) >= 10
    for piece in pieces:
        corpus_module._KINDS.clear()
        corpus_module._UNIFIED.clear()
        names = list(piece.data)
        together = _piece_kinds(piece, names)
        for name, kind in zip(names, together):
            dtype = piece.dtypes.get(name)
            alone = pa.Table.from_pandas(typed_frame({name: piece.data[name]}, {name: dtype} if dtype else {}),
                                         preserve_index=False).schema
            meta = json.loads(alone.metadata[b"pandas"])
            assert kind == (alone.field(name).type, meta["columns"][0], meta, _kind_key(name, piece.data[name], dtype))
