"""Harmonised series across the legacy, 2019 and 2021 tables of the bundled reports."""
from __future__ import annotations

import pandas as pd
import pytest

from _real_frames import BEIJING_2018, BEIJING_2022, frame
from ogi_nlp.harmonise import SERIES, harmonised_series, series_mapping
from ogi_nlp.tables import variable_codebook

HUAIAN_2024 = "huaian-municipal-government-2024.pdf"


@pytest.fixture(scope="module")
def tables():
    return frame("tables")


@pytest.fixture(scope="module")
def series(tables):
    return harmonised_series(tables)


def _value(tables, report, variable):
    return tables.loc[(tables["report"] == report) & (tables["variable"] == variable), "value"].item()


def test_legacy_terms(series, tables):
    row = series.loc[BEIJING_2018]
    assert row["series_generation"] == "legacy"
    assert row["harmonised_requests_received"] == _value(tables, BEIJING_2018, "legacy.requests.total") == 10
    # 1.属于已主动公开范围数 1 + 2.同意公开答复数 8
    assert row["harmonised_disclosed_full"] == 9
    # 四、行政复议数量 is blank in this report (its parts show one case): missing, not summed from parts.
    assert pd.isna(row["harmonised_review_cases"])


def test_current_terms(series, tables):
    row = series.loc[HUAIAN_2024]
    assert row["harmonised_requests_received"] == _value(tables, HUAIAN_2024, "requests.new.total")
    assert row["harmonised_litigation_cases"] == (_value(tables, HUAIAN_2024, "review.litigation_direct.total")
                                       + _value(tables, HUAIAN_2024, "review.litigation_after_review.total"))
    withheld = tables[(tables["report"] == HUAIAN_2024)
                      & tables["variable"].str.fullmatch(r"requests\.result\.withheld\.\w+\.total")]
    assert len(withheld) == 8 and row["harmonised_refused"] == withheld["value"].sum()
    assert series.loc[BEIJING_2022, "harmonised_requests_received"] == 17


def test_a_template_without_values_has_no_series(series):
    assert series.loc["blank-template-2021.docx", [s.name for s in SERIES]].isna().all()


def test_the_mapping_names_real_variables():
    known = set(variable_codebook()["variable"])
    for s in SERIES:
        assert set(s.current) <= known and set(s.legacy) <= known, s.name
    mapping = series_mapping()
    assert set(mapping["generation"]) == {"t2019", "t2021", "legacy"}
    assert len(mapping) == 3 * len(SERIES)
