"""Variable flags from the consistency checks of the bundled reports."""
from __future__ import annotations

import pandas as pd

from _real_frames import HONGZE_2023, HONGZE_2024, frame
from ogi_nlp.flags import flags_wide, variable_flags


def test_hongze_2023_review_table_is_flagged():
    flags = variable_flags(frame("checks")).set_index(["report", "variable"])
    # 洪泽区 2023 prints 行政复议 总计 0 against outcomes summing to 11.
    row = flags.loc[(HONGZE_2023, "review.review.total")]
    assert row["check_failed"] and "review.review" in row["failed_checks"].split(";")
    assert flags.loc[(HONGZE_2023, "review.review.upheld"), "check_failed"]
    assert not flags.loc[(HONGZE_2023, "requests.new.total"), "check_failed"]
    assert not flags.loc[HONGZE_2024, "check_failed"].any()


def test_wide_flags_match_the_checks():
    checks = frame("checks")
    wide = flags_wide(checks)
    failing = set(checks.loc[checks["holds"].eq(False), "report"])
    assert set(wide.index[wide.any(axis=1).fillna(False).astype(bool)]) == failing
    assert pd.isna(wide.loc[HONGZE_2024].get("legacy.requests.total_check_failed", pd.NA))
