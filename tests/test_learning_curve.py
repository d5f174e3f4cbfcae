"""The learning curve of the theme model (benchmarks/learning_curve_themes.py) measures what the CV measures."""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from learning_curve_themes import curve, extrapolate  # noqa: E402

from ogi_nlp.themes import ThemeClassifier, evaluate, load_labelled  # noqa: E402


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    data = load_labelled("train")
    data = data[data["sentence"].str.strip().astype(bool)]
    bodies = sorted(data.loc[data["dataset"] == "dev_pages", "body"].unique())[:36]
    return data[data["body"].isin(bodies)].reset_index(drop=True)


def test_all_bodies_is_the_grouped_cv(sample):
    # the curve's last point is the figure `make evaluate` prints for the same folds
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        points = curve(sample, [1.0], 1, 3).set_index("theme")
        cv = evaluate(ThemeClassifier(), sample.assign(section=""), sample["labels"].tolist(),
                      sample["body"].tolist(), n_splits=3).set_index("theme")
    np.testing.assert_allclose(points["f1"], cv.loc[points.index, "f1"])
    np.testing.assert_allclose(points["f1_low"], cv.loc[points.index, "f1_low"])
    assert points["bodies"].iloc[0] == pytest.approx(36 * 2 / 3)


def test_fractions_train_on_fewer_bodies_and_score_every_sentence(sample):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        points = curve(sample, [0.5], 2, 3)
    assert sorted(points["repeat"].unique()) == [0, 1]
    assert points["bodies"].iloc[0] == pytest.approx(12)  # half of each fold's 24 training bodies
    assert points["sentences"].max() < len(sample) * 2 / 3
    # the two draws differ (different bodies), so the curve averages real variation
    f1 = points[points["theme"] == "macro"].set_index("repeat")["f1"]
    assert f1.notna().all() and f1[0] != f1[1]


def test_extrapolation_reads_the_log_line():
    # F1 = 0.7 + 0.05 log2(bodies): 0.85 at 2**3 = 8 bodies
    scores = pd.DataFrame({"theme": "t", "fraction": [0.25, 0.5, 1.0], "bodies": [1.0, 2.0, 4.0],
                           "f1": [0.70, 0.75, 0.80]})
    row = extrapolate(scores).loc["t"]
    assert row["gain_per_doubling"] == pytest.approx(0.05)
    assert row["bodies_for_target"] == pytest.approx(8.0)
    flat = scores.assign(f1=[0.9, 0.9, 0.9])
    assert np.isnan(extrapolate(flat).loc["t", "bodies_for_target"])  # already there: nothing to reach
