"""Codebook, wide panel and exports of table values."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def _stata_pair(frame: pd.DataFrame, tmp_path: Path, *, rows: int, wide_frame: bool = False,
                prepare=None) -> tuple[bytes, bytes]:
    """The whole-frame Stata file and the one written from Parquet ``rows`` rows at a time."""
    import datetime

    from ogi_nlp.tables import export

    stamp = datetime.datetime(2026, 1, 1, 12, 0)
    source, whole, chunked = tmp_path / "f.parquet", tmp_path / "whole.dta", tmp_path / "chunked.dta"
    frame.to_parquet(source, index=False, row_group_size=max(1, rows // 2))
    back = pd.read_parquet(source)
    export._to_stata(prepare(back) if prepare else back, whole, wide_frame=wide_frame, time_stamp=stamp)
    export._to_stata_from_parquet(source, chunked, wide_frame=wide_frame, prepare=prepare, time_stamp=stamp,
                                  rows=rows)
    return whole.read_bytes(), chunked.read_bytes()


def test_stata_arrow_pass_is_the_pandas_one_on_report_text(values: pd.DataFrame, tmp_path: Path) -> None:
    """The Arrow passes (first: widths and ranges; second: records) give pandas' file on real table rows."""
    from ogi_nlp.tables import export

    frame = values.assign(value=pd.to_numeric(values["value"], errors="coerce"))
    frame.to_parquet(tmp_path / "v.parquet", index=False)
    assert export._arrow_plan(tmp_path / "v.parquet", wide_frame=False, numeric=("value",)) is not None
    whole, chunked = _stata_pair(frame, tmp_path, rows=13, prepare=export._long_values)
    assert whole == chunked


@pytest.mark.parametrize("extreme", [2.0 ** 1023, float.fromhex("0x1.fffffffffffffp+1022"), float("inf"),
                                     float("-inf"), -(2.0 ** 1023)])
def test_stata_arrow_pass_at_statas_float_bounds(tmp_path: Path, extreme: float) -> None:
    """At and beyond Stata's largest double: the chunked writer does what pandas' does (2**1023,
    Stata's missing, must be refused, never written as a missing cell)."""
    from ogi_nlp.tables import export

    frame = pd.DataFrame({"report": ["a", "b", "c"], "share": [1.5, extreme, float("nan")]})
    source = tmp_path / "f.parquet"
    frame.to_parquet(source, index=False)
    try:
        export._to_stata(frame, tmp_path / "whole.dta", wide_frame=False)
    except ValueError:
        with pytest.raises(ValueError):
            export._to_stata_from_parquet(source, tmp_path / "chunked.dta", wide_frame=False, rows=2)
        return
    whole, chunked = _stata_pair(frame, tmp_path, rows=2)
    assert whole == chunked
    assert pd.read_stata(tmp_path / "chunked.dta")["share"].tolist()[1] == extreme


@pytest.mark.parametrize("names", [["report", "a", "b", "c", "d", "e", "f", "g"],
                                   ["report", "a", "if", "c", "d", "e", "f", "1g"]])  # pandas renames `if`, `1g`
def test_stata_columns_of_one_kind_share_their_typing(tmp_path: Path, names: list[str]) -> None:
    """One column stands in for the others of its kind when pandas types the header (floats, flags,
    integers of one range, text: each its own width, as pandas sets it): the file is the whole frame's."""
    import warnings

    frame = pd.DataFrame({
        names[0]: ["政府信息", "ab", None], names[1]: [1.5, None, 2.0], names[2]: [0.0, 3.0, None],
        names[3]: pd.array([1, None, 3], dtype="Int64"), names[4]: [1, 2, 3], names[5]: [1, 2, 3],
        names[6]: [4, 5, 300], names[7]: ["很长的一段文字", "x", ""]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas' renaming warning, in both writers
        whole, chunked = _stata_pair(frame, tmp_path, rows=2)
    assert whole == chunked


_TEXT = st.one_of(st.none(), st.text(alphabet="政府信息公开申请ab =-'\"\n", max_size=12))


@pytest.mark.filterwarnings("ignore::pandas.errors.PossiblePrecisionLoss")  # integers beyond 2**53, both writers
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), n=st.integers(1, 30), rows=st.integers(1, 9))
def test_stata_arrow_pass_any_columns(tmp_path: Path, data, n: int, rows: int) -> None:
    """Text with missing and Chinese, integers with and without missing (Int64, int64), floats with NaN,
    flags: the chunked file is the whole frame's, byte for byte."""
    ints = st.integers(-3_000_000_000, 3_000_000_000) | st.integers(-200, 200) | st.integers(-2**62, 2**62)
    frame = pd.DataFrame({
        "report": data.draw(st.lists(_TEXT, min_size=n, max_size=n)),
        "count": pd.array(data.draw(st.lists(st.none() | ints, min_size=n, max_size=n)), dtype="Int64"),
        "small": data.draw(st.lists(st.integers(-130, 130), min_size=n, max_size=n)),
        "big": data.draw(st.lists(ints, min_size=n, max_size=n)),
        "share": data.draw(st.lists(st.none() | st.just(float("nan")) | st.floats(-1e9, 1e9), min_size=n, max_size=n)),
        "holds": pd.array(data.draw(st.lists(st.none() | st.booleans(), min_size=n, max_size=n)), dtype="boolean"),
        "flag": data.draw(st.lists(st.booleans(), min_size=n, max_size=n)),
    })
    frame["share"] = frame["share"].astype("float64")
    whole, chunked = _stata_pair(frame, tmp_path, rows=rows)
    assert whole == chunked
    if frame["report"].notna().any():  # (a column of None only is Arrow's null type: the pandas pass)
        from ogi_nlp.tables import export

        assert export._arrow_plan(tmp_path / "f.parquet", wide_frame=False) is not None


@given(st.lists(st.none() | st.floats(allow_nan=True, allow_infinity=True) | st.integers(-2**70, 2**70).map(float)))
def test_plain_numbers_vectorised_is_the_rule(values) -> None:
    """Whole floats print as Python ints (exactly, beyond 2**53 too), others as floats, NaN as None."""
    from ogi_nlp.tables.export import plain_numbers

    expected = [None if v is None or v != v else (int(v) if float(v).is_integer() else v) for v in values]
    got = plain_numbers(pd.DataFrame({"v": pd.Series(values, dtype="float64")}))["v"].tolist()
    assert got == expected
    assert [type(v) for v in got] == [type(v) for v in expected]


def _pandas_csv(table) -> bytes:
    """What a build wrote before the Arrow formatter: plain_numbers of the frame, then pandas' to_csv."""
    import io

    from ogi_nlp.tables.export import plain_numbers

    out = io.StringIO()
    plain_numbers(table.to_pandas()).to_csv(out, index=False)
    return out.getvalue().encode("utf-8")


def test_csv_in_arrow_is_pandas_csv_on_report_frames() -> None:
    """The bundled corpus's sentences, tables and checks: the Arrow CSV text is pandas', byte for byte."""
    import pyarrow as pa

    from ogi_nlp.tables._csv import csv_body, csv_header

    from _real_frames import frame

    for name in ("sentences", "tables", "checks", "reports", "panel"):
        table = pa.Table.from_pandas(frame(name).reset_index() if name == "panel" else frame(name),
                                     preserve_index=False)
        body = csv_body(table)
        assert body is not None, name
        assert csv_header(table.column_names) + body == _pandas_csv(table), name


@settings(max_examples=80, deadline=None)
@given(data=st.data(), n=st.integers(0, 12))
def test_csv_in_arrow_is_pandas_csv(data, n: int) -> None:
    """Text with quotes, commas, line breaks, CR and Chinese; integers with missing; floats of every size
    (whole, tiny, huge, NaN, infinite); flags with missing; all-missing columns: pandas' bytes."""
    import pyarrow as pa

    from ogi_nlp.tables._csv import csv_body, csv_header

    def draw(strategy):
        return data.draw(st.lists(strategy, min_size=n, max_size=n))

    floats = (st.floats(allow_nan=True, allow_infinity=True) | st.floats(-1e-3, 1e-3)
              | st.integers(-2**60, 2**60).map(float))
    table = pa.table({
        "report": pa.array(draw(st.none() | st.text(alphabet='ab,"\n\r\t 公开\'=', max_size=6)), pa.large_string()),
        "n": pa.array(draw(st.none() | st.integers(-2**63, 2**63 - 1)), pa.int64()),
        "x": pa.array(draw(st.none() | floats), pa.float64()),
        "flag": pa.array(draw(st.none() | st.booleans()), pa.bool_()),
        "nothing": pa.nulls(n),
        "small": pa.array(draw(st.integers(-5, 5)), pa.int32()),
    })
    body = csv_body(table)
    assert body is not None
    assert csv_header(table.column_names) + body == _pandas_csv(table)


@settings(max_examples=80, deadline=None)
@given(data=st.data(), n=st.integers(0, 12), k=st.integers(1, 4))
def test_typed_columns_at_once_is_the_rule_column_by_column(data, n: int, k: int) -> None:
    """The wide frame's one 2-D pass types every column as :func:`_typed` does alone
    (Int64 when every value is whole and not money, else Float64; missing stays missing)."""
    from ogi_nlp.tables import export

    cell = st.none() | st.integers(-10**6, 10**6).map(float) | st.floats(-1e6, 1e6) | st.just(2.0**62)
    table = pd.DataFrame({f"v{j}": pd.array(data.draw(st.lists(cell, min_size=n, max_size=n)), dtype="Float64")
                          for j in range(k)})
    money = data.draw(st.lists(st.booleans(), min_size=k, max_size=k))
    at_once = export._typed_columns(table, money)
    if at_once is None:  # a case it leaves to the rule
        return
    for (c, m), got in zip(zip(table.columns, money), at_once.values()):
        pd.testing.assert_extension_array_equal(got, export._typed(table[c], money=m).array)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.none() | st.floats(allow_nan=False) | st.sampled_from([2.0**63, -2.0**63, 1e19, 2.0**62]),
                min_size=1, max_size=6))
def test_typed_keeps_every_value(values) -> None:
    """A count typed for the wide frame keeps its values, whole or not, however large:
    a whole value Int64 cannot hold (2**63, 1e19, infinite) keeps the column Float64
    (it was cast to Int64 and read -9223372036854775808, a number not in the source)."""
    from ogi_nlp.tables import export

    for money in (False, True):
        got = export._typed(pd.Series(pd.array(values, dtype="Float64")), money=money)
        assert [None if pd.isna(v) else float(v) for v in got] == values


_VARIABLES = ["requests.new.total", "active.fees.amount", "legacy.row.3", "legacy.row.12", "zzz.unknown",
              "requests.carried_in.total"]


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from(_VARIABLES),
                               st.none() | st.just(float("nan")) | st.sampled_from([0.5, 1.0, -3.0, 2.0**63, 1e20])
                               | st.integers(0, 10**6).map(float),
                               st.none() | st.sampled_from(["", "万元", "元", "件"])), min_size=1, max_size=40),
       units=st.booleans(), reports=st.lists(st.sampled_from("abcqz"), max_size=6))
def test_wide_numpy_pivot_is_pandas_pivot(rows, units: bool, reports: list[str]) -> None:
    """wide's pivot in NumPy (each cell's first value, variables in template order, units of the rows
    kept, reports without a value as missing rows) gives the frame pandas' drop_duplicates, pivot and
    reindex give."""
    from ogi_nlp.tables import export

    frame = pd.DataFrame(rows, columns=["report", "variable", "value", "unit"]).astype(
        {"report": "str", "variable": "str", "value": "Float64", "unit": "str"})
    if not units:
        frame = frame.drop(columns="unit")
    got = export.wide(frame, reports=reports)
    pivot = export._pivot
    try:
        export._pivot = lambda v: None
        expected = export.wide(frame, reports=reports)
    finally:
        export._pivot = pivot
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert got.index.dtype == expected.index.dtype
