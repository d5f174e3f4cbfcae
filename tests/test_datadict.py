"""The data dictionary covers every column of every output of a build of the bundled corpus."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _real_frames import frame
from ogi_nlp import read_corpus
from ogi_nlp.change import near_duplicates
from ogi_nlp.datadict import data_dictionary, load_registry, undescribed_columns
from ogi_nlp.datasets import corpus_path
from ogi_nlp.errors import CodebookError
from ogi_nlp.flags import flags_wide
from ogi_nlp.harmonise import series_mapping
from ogi_nlp.measures import OUTPUTS, measure_outputs
from ogi_nlp.quality import quality_codebook
from ogi_nlp.text import document_features, kwic


@pytest.fixture(scope="module")
def outputs():
    corpus = read_corpus(corpus_path(), themes=True, progress=False)
    frames = dict(corpus.outputs())
    sentences, reports = frames["sentences"], frames["manifest"]
    frames.update(measure_outputs(frames, dictionary={"渠道": ["门户网站", "政务新媒体"]}))
    dfm = document_features(sentences, docvars=reports)
    frames.update({
        "near_duplicates": near_duplicates(sentences, threshold=0.3, reports=reports),
        "kwic": kwic(sentences, "公开"),
        "dfm_features": dfm.features,
        "dfm_docvars": dfm.docvars,
        "quality_codebook": quality_codebook(),
        "series_mapping": series_mapping(),
        "flags_wide": flags_wide(frames["checks"]),
    })
    return frames


def test_every_column_of_every_output_is_described(outputs):
    missing = undescribed_columns(outputs)
    assert missing.empty, missing.to_string()
    dd = data_dictionary(outputs, on_missing="raise")
    assert set(dd["output"]) == set(outputs)
    assert len(dd) == sum(len(f.columns) + sum(n is not None for n in f.index.names) for f in outputs.values())
    assert dd["stage"].notna().all() and dd["meaning"].str.len().gt(0).all()
    # The dictionary describes itself too.
    assert undescribed_columns({"data_dictionary": dd}).empty


def test_families_come_from_their_own_codebooks(outputs):
    dd = data_dictionary(outputs).set_index(["output", "column"])
    assert "一、本年新收政府信息公开申请数量" in dd.loc[("wide", "requests.new.total"), "meaning"]
    assert dd.loc[("wide", "active.fees.amount"), "unit"] == "万元"
    assert "(予以公开 + 部分公开) / 办理结果总计" in dd.loc[("panel", "disclosure_rate"), "meaning"]
    assert dd.loc[("panel", "disclosure_rate"), "unit"] == "share"
    assert "第四十九条" in dd.loc[("quality", "deadline"), "meaning"]
    assert "政策解读" in dd.loc[("panel", "share_policy_interpretation"), "meaning"]
    assert dd.loc[("dfm_docvars", "year"), "stage"] == "read"  # inherited from the manifest
    assert dd.loc[("dictionary", "dict_渠道_per_10k"), "unit"] == "per 10000 characters"
    assert dd.loc[("panel", "report"), "dtype"] in ("str", "object")


def test_a_new_column_is_reported():
    panel = frame("panel").assign(undocumented_measure=1)
    with pytest.warns(UserWarning, match="panel.undocumented_measure"):
        data_dictionary({"panel": panel})
    with pytest.raises(CodebookError, match="undocumented_measure"):
        data_dictionary({"panel": panel}, on_missing="raise")


def test_a_registry_of_the_researcher(tmp_path):
    bad = tmp_path / "columns.csv"
    bad.write_text("output,column,meaning,unit,stage\npanel,{nothing},x,,join\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="unknown placeholder"):
        data_dictionary({"panel": pd.DataFrame({"a": [1]})}, registry=str(bad))
    assert load_registry()["output"].str.len().gt(0).all()


def test_stata_file_with_labels(outputs, tmp_path):
    from ogi_nlp.datadict import write_stata

    panel = outputs["panel_measures"].set_index("report")
    # Public institutions (seed 004) follow no deadline of the 条例: theirs is missing.
    has_rule = panel["deadline_kind"].isin(["government", "department"])
    assert panel.loc[has_rule, "deadline"].notna().all() and has_rule.sum() >= 6
    assert panel.loc[panel["deadline_kind"].eq("public_institution"), "deadline"].isna().all()
    names = write_stata(panel, tmp_path / "panel.dta", output="panel")
    back = pd.read_stata(tmp_path / "panel.dta")
    with pd.io.stata.StataReader(tmp_path / "panel.dta") as reader:
        labels = reader.variable_labels()
    assert len(back) == len(panel) and back.columns.tolist() == names["stata_name"].tolist()
    assert names["stata_name"].is_unique and names["stata_name"].str.len().le(32).all()
    assert labels["disclosure_rate"].startswith("share of handled requests")
    assert "一、本年新收政府信息公开申请数量" in labels["requests_new_total"]
    hashed = names.set_index("column").loc["dict_渠道", "stata_name"]
    assert labels[hashed].startswith("dict_渠道: matches")
    assert back["disclosure_rate"].tolist() == pytest.approx(
        panel["disclosure_rate"].astype(float).tolist(), nan_ok=True)
    assert back["data_consistent"].tolist() == pytest.approx(
        panel["data_consistent"].astype("Float64").astype(float).tolist(), nan_ok=True)
    assert str(back["deadline"].iloc[0].date()) == str(panel["deadline"].iloc[0])


def test_measures_add_every_output_without_repeating_a_column(outputs):
    assert set(OUTPUTS) <= set(outputs)
    joined = outputs["panel_measures"]
    assert joined["report"].tolist() == outputs["panel"]["report"].tolist()
    assert joined.columns.is_unique
    assert set(outputs["panel"].columns) < set(joined.columns)
    for name in ("quality", "readability", "harmonised", "dictionary"):
        assert set(outputs[name].columns) <= set(joined.columns), name
    row = joined.set_index("report").loc["hongze-district-government-2024.pdf"]
    assert row["previous_report"] == "hongze-district-government-2023.pdf" and row["tables_unchanged"] == False  # noqa: E712


def _stata_bytes(path) -> bytes:
    """A Stata file's bytes without its time stamp (the minute it was written)."""
    import re

    return re.sub(rb"<timestamp>.{0,20}?</timestamp>", b"", path.read_bytes(), count=1, flags=re.S)


def _stata_both(frame: pd.DataFrame, tmp_path, index: str | None = "report") -> tuple[bytes, bytes]:
    """write_stata of the frame read back from Parquet, and write_stata_parquet of the file."""
    from ogi_nlp.datadict import write_stata, write_stata_parquet

    frame.to_parquet(tmp_path / "f.parquet", index=False)
    back = pd.read_parquet(tmp_path / "f.parquet")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # undescribed columns, pandas' renaming: both writers
        write_stata(back.set_index(index) if index else back, tmp_path / "whole.dta", output="panel")
        write_stata_parquet(tmp_path / "f.parquet", tmp_path / "chunked.dta", output="panel", index=index)
    return _stata_bytes(tmp_path / "whole.dta"), _stata_bytes(tmp_path / "chunked.dta")


def test_stata_from_parquet_is_write_stata_on_a_real_panel(outputs, tmp_path):
    """The panel with measures (dates, flags, Chinese dictionary columns, all-missing columns): the
    labelled file written from Parquet is write_stata's, byte for byte (time stamp aside)."""
    panel = outputs["panel_measures"]
    for rows in (slice(None), slice(0, 1), slice(0, 0)):
        whole, chunked = _stata_both(panel.iloc[rows], tmp_path)
        assert whole == chunked
    plain = panel.drop(columns="deadline")  # no date: the Arrow passes write it
    whole, chunked = _stata_both(plain, tmp_path)
    assert whole == chunked


_TEXT = st.one_of(st.none(), st.text(alphabet="政府信息公开ab =-'\"\n", max_size=10))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), n=st.integers(1, 12))
def test_stata_from_parquet_is_write_stata_any_columns(tmp_path, data, n: int) -> None:
    """Text (missing, all missing), nullable and numpy numbers, flags with and without missing."""
    def column(values, dtype=None):
        return pd.array(data.draw(st.lists(values, min_size=n, max_size=n)), dtype=dtype)

    frame = pd.DataFrame({
        "report": column(st.text(alphabet="ab.txt", min_size=1, max_size=6), "str"),
        "body": column(_TEXT, "str"),
        "province": column(st.none(), "str"),
        "year": column(st.none() | st.integers(1990, 2030), "Int64"),
        "n_sentences": column(st.integers(-300, 300_000), "int64"),
        "share_other": column(st.none() | st.floats(-1e9, 1e9), "Float64"),
        "disclosure_rate": column(st.floats(-1e300, 1e300) | st.just(float("nan")), "float64"),
        "data_consistent": column(st.none() | st.booleans(), "boolean"),
        "dict_渠道": column(st.booleans(), "bool"),
    })
    whole, chunked = _stata_both(frame, tmp_path)
    assert whole == chunked
