"""Codebook, wide panel and exports of table values."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from ogi_nlp.read import read_document
from ogi_nlp.tables import parse_tables, run_checks
from ogi_nlp.tables.export import _CODEBOOK_COLUMNS, _codebook_rows, export_tables, stata_name, variable_codebook, wide

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    frames = []
    for stem in ("000", "001", "004"):
        (path,) = CORPORA.glob(f"{stem}_*.txt")
        v = parse_tables(read_document(path)).values
        v.insert(0, "report", path.name)
        frames.append(v)
    return pd.concat(frames, ignore_index=True)


def test_codebook_file_matches_template_definitions() -> None:
    cb = variable_codebook()
    assert tuple(cb.columns) == _CODEBOOK_COLUMNS
    built = pd.DataFrame(_codebook_rows()).astype(str)
    pd.testing.assert_frame_equal(cb.reset_index(drop=True), built[list(_CODEBOOK_COLUMNS)])


def test_codebook_covers_every_variable_read(values: pd.DataFrame) -> None:
    known = set(variable_codebook()["variable"])
    read = {v for v in values["variable"] if not v.startswith("legacy.row.")}
    assert read - known == set()


def test_stata_names_unique_and_valid() -> None:
    names = variable_codebook()["stata_name"]
    assert names.is_unique
    assert all(re.fullmatch(r"[a-z][a-z0-9_]{0,31}", n) for n in names)


@pytest.mark.parametrize(
    "variable, expected",
    [
        ("requests.new.total", "requests_new_total"),
        ("requests.result.withheld.security_stability.natural_person", "req_res_wh_security_nat"),
        ("legacy.row.12", "legacy_row_12"),
    ],
)
def test_stata_name(variable: str, expected: str) -> None:
    assert stata_name(variable) == expected


def test_wide_keeps_integers_and_missing(values: pd.DataFrame) -> None:
    w = wide(values)
    assert list(w.index) == sorted(values["report"].unique())
    assert str(w["requests.new.total"].dtype) == "Int64"
    r001 = w.loc["001_dfbf40df936f33b0.txt"]
    assert r001["requests.new.total"] == 17
    assert pd.isna(r001["active.normative_documents.in_force"])  # absent, not 0
    assert pd.isna(w.loc["000_0bd4f94ff1c1a797.txt", "legacy.review.total"])  # printed blank
    assert pd.isna(w.loc["001_dfbf40df936f33b0.txt", "legacy.requests.total"])  # other generation


def test_export_roundtrip(values: pd.DataFrame, tmp_path: Path) -> None:
    files = export_tables(values, tmp_path, checks=run_checks(values))
    assert set(files) == {"long", "wide", "codebook", "checks"}
    with open(tmp_path / "tables_long.csv", encoding="utf-8") as fh:
        rows = {(r["report"], r["variable"]): r for r in csv.DictReader(fh)}
    assert rows[("001_dfbf40df936f33b0.txt", "requests.new.total")]["value"] == "17"
    assert rows[("001_dfbf40df936f33b0.txt", "active.normative_documents.in_force")]["value"] == ""
    dta = pd.read_stata(tmp_path / "tables_wide.dta")
    assert dta.set_index("report").loc["001_dfbf40df936f33b0.txt", "requests_new_total"] == 17
    labels = pd.io.stata.StataReader(tmp_path / "tables_wide.dta").variable_labels()
    assert labels["requests_new_total"] == "一、本年新收政府信息公开申请数量 总计"
    pq = pd.read_parquet(tmp_path / "tables_wide.parquet")
    assert str(pq["requests.new.total"].dtype) == "Int64"


def test_export_rejects_unknown_format(values: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="xlsx"):
        export_tables(values, tmp_path, formats=("xlsx",))


def test_wide_keeps_reports_without_values(values: pd.DataFrame) -> None:
    w = wide(values, reports=["002_2b0f011715eb5630.txt"])
    assert "002_2b0f011715eb5630.txt" in w.index
    assert w.loc["002_2b0f011715eb5630.txt"].isna().all()
    assert w.loc["001_dfbf40df936f33b0.txt", "requests.new.total"] == 17


def test_export_csv_integers_even_from_float_column(values: pd.DataFrame, tmp_path: Path) -> None:
    v = values.copy()
    v["value"] = pd.array(pd.to_numeric(v["value"]), dtype="Float64")  # as a corpus frame holds them
    export_tables(v, tmp_path, formats=("csv",))
    with open(tmp_path / "tables_long.csv", encoding="utf-8") as fh:
        rows = {(r["report"], r["variable"]): r["value"] for r in csv.DictReader(fh)}
    assert rows[("001_dfbf40df936f33b0.txt", "requests.new.total")] == "17"
    assert rows[("000_0bd4f94ff1c1a797.txt", "legacy.review.total")] == ""
    with open(tmp_path / "tables_wide.csv", encoding="utf-8") as fh:
        wide_rows = {r["report"]: r for r in csv.DictReader(fh)}
    assert wide_rows["001_dfbf40df936f33b0.txt"]["requests.new.total"] == "17"
    assert wide_rows["000_0bd4f94ff1c1a797.txt"]["requests.new.total"] == ""


def test_stata_written_in_chunks_is_the_whole_frame_byte_for_byte(tmp_path) -> None:
    """write_stata streams Parquet chunks; the file equals pandas' whole-frame writer's, byte for byte."""
    import datetime
    import warnings

    from ogi_nlp import corpus_path
    from ogi_nlp.corpus import build_corpus
    from ogi_nlp.tables import export

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build_corpus(corpus_path(), tmp_path / "b", n_jobs=1, database=False, themes=False, formats=("parquet",))
    stamp = datetime.datetime(2026, 1, 1, 12, 0)
    for source, wide_frame, prepare in [("tables", False, export._long_values), ("wide", True, None),
                                        ("checks", False, None)]:
        frame = pd.read_parquet(tmp_path / "b" / f"{source}.parquet")
        whole, chunked = tmp_path / f"{source}_whole.dta", tmp_path / f"{source}_chunked.dta"
        export._to_stata(prepare(frame) if prepare else frame, whole, wide_frame=wide_frame, time_stamp=stamp)
        # 7-row chunks: an integer column with missing values in some chunks only, text widths set by later chunks
        export._to_stata_from_parquet(tmp_path / "b" / f"{source}.parquet", chunked, wide_frame=wide_frame,
                                      prepare=prepare, time_stamp=stamp, rows=7)
        assert whole.read_bytes() == chunked.read_bytes(), source
        assert len(pd.read_stata(chunked)) == len(frame)
