"""Learning curve of the theme model: F1 on unseen bodies against the number of training bodies.

Answers issue 10's question for a theme that misses its target: *what data would
fix it?*  The folds are those of ``eval_themes.py`` (GroupKFold by body on
``load_labelled("train")``, never the frozen test split or the held-out bodies).  In
each fold the default model (hybrid, no sections, with its own inner grouped CV) is
fitted on a random fraction of the fold's training **bodies** (all their sentences)
and scores the whole test fold, so every fraction is scored on the same sentences;
fractions below one are drawn ``--repeats`` times with fixed seeds.  F1 is pooled
over the out-of-fold predictions as in ``eval_themes.py``, with the cluster
bootstrap interval by body.

The last lines fit ``F1 = a + b * log2(bodies)`` per theme over all points (the gain
per doubling of the bodies) and say how many training bodies that line reaches the
target at — an extrapolation, to be read as an order of magnitude.

Run::

    python benchmarks/learning_curve_themes.py            # about 10-20 minutes on two cores
    python benchmarks/learning_curve_themes.py --out corpora/annotations/theme_learning_curve.csv
"""
from __future__ import annotations

import argparse
import time
import warnings

import _checkout  # noqa: F401  (this checkout's ogi_nlp and corpora/)

_checkout.use_this_checkouts_corpora()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.base import clone  # noqa: E402

from ogi_nlp.themes import ThemeClassifier, f1_interval, load_codebook, load_labelled  # noqa: E402
from ogi_nlp.themes.evaluate import DEFAULT_METHOD, _as_input, _fold_indices, _prf  # noqa: E402
from ogi_nlp.themes.labels import _as_label_matrix  # noqa: E402

CORE = ("policy_interpretation", "platform_building", "problems_improvements")
TARGET = 0.85


def curve(data: pd.DataFrame, fractions: list[float], repeats: int, n_splits: int) -> pd.DataFrame:
    """One row per (fraction, repeat, theme): pooled out-of-fold P, R, F1 and interval."""
    cb = load_codebook()
    frame = _as_input(data.assign(section=""), None)
    labels, groups = data["labels"].tolist(), data["body"].tolist()
    truth = _as_label_matrix(labels, cb).astype(bool)
    folds = _fold_indices(groups, n_splits)
    rows = []
    for fraction in fractions:
        for repeat in range(repeats if fraction < 1 else 1):
            pred = np.zeros_like(truth)
            bodies_used, sentences_used = [], []
            for k, (train, test) in enumerate(folds):
                train_bodies = sorted({groups[i] for i in train})
                rng = np.random.default_rng(1000 * repeat + k)
                n = max(2, round(fraction * len(train_bodies)))
                chosen = set(rng.choice(train_bodies, size=n, replace=False)) if fraction < 1 else set(train_bodies)
                rows_in = np.array([i for i in train if groups[i] in chosen])
                bodies_used.append(len(chosen))
                sentences_used.append(len(rows_in))
                est = clone(ThemeClassifier(method=DEFAULT_METHOD)).fit(
                    frame.iloc[rows_in], [labels[i] for i in rows_in], groups=[groups[i] for i in rows_in])
                pred[test] = _as_label_matrix(est.labels_from_proba(est.decision_scores(frame.iloc[test])), cb)
            p, r, f = (np.nan_to_num(v) for v in _prf(truth, pred))  # as evaluate(): undefined counts 0
            low, high = f1_interval(truth, pred, groups)
            for j, key in enumerate([*cb.keys, "macro"]):
                if key == "macro":
                    pj, rj, fj = p.mean(), r.mean(), f.mean()
                else:
                    pj, rj, fj = p[j], r[j], f[j]
                rows.append({"fraction": fraction, "repeat": repeat, "bodies": float(np.mean(bodies_used)),
                             "sentences": float(np.mean(sentences_used)), "theme": key, "precision": pj,
                             "recall": rj, "f1": fj, "f1_low": low[j], "f1_high": high[j]})
            done = pd.DataFrame(rows).query("fraction == @fraction and repeat == @repeat").set_index("theme")
            print(f"fraction {fraction:.2f} repeat {repeat}: {np.mean(bodies_used):.0f} bodies, "
                  f"{np.mean(sentences_used):.0f} sentences per fold; "
                  + ", ".join(f"{k.split('_')[0]} {done.loc[k, 'f1']:.3f}" for k in [*CORE, "macro"]), flush=True)
    return pd.DataFrame(rows)


def extrapolate(scores: pd.DataFrame, target: float = TARGET) -> pd.DataFrame:
    """Per theme: F1 gained per doubling of the training bodies, and the bodies the line reaches ``target`` at."""
    out = []
    for theme, part in scores.groupby("theme", sort=False):
        x, y = np.log2(part["bodies"].to_numpy()), part["f1"].to_numpy()
        slope, intercept = np.polyfit(x, y, 1)
        full = part[part["fraction"] == 1]["f1"].mean()
        bodies = part["bodies"].max()
        reach = 2 ** ((target - intercept) / slope) if slope > 0 else np.inf
        out.append({"theme": theme, "f1_all_bodies": full, "gain_per_doubling": slope,
                    "training_bodies": bodies, "bodies_for_target": reach if full < target else np.nan})
    return pd.DataFrame(out).set_index("theme")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 0.75, 1.0])
    parser.add_argument("--repeats", type=int, default=3, help="random draws of bodies per fraction below one")
    parser.add_argument("--splits", type=int, default=5)
    parser.add_argument("--out", help="write the long table of scores to this CSV file")
    args = parser.parse_args(argv)
    data = load_labelled("train")
    data = data[data["sentence"].str.strip().astype(bool)].reset_index(drop=True)
    print(f"training data: {len(data)} sentences, {data['body'].nunique()} bodies; "
          f"GroupKFold by body, {args.splits} folds; model {DEFAULT_METHOD} without sections\n", flush=True)
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        scores = curve(data, sorted(args.fractions), args.repeats, args.splits)
    print(f"\n{time.perf_counter() - started:.0f} s\n")
    summary = scores.groupby(["fraction", "theme"], sort=False).agg(
        bodies=("bodies", "mean"), f1=("f1", "mean"), f1_sd=("f1", "std")).reset_index()
    table = summary.pivot(index="theme", columns="fraction", values="f1")
    order = [*load_codebook().keys, "macro"]
    with pd.option_context("display.width", 200, "display.float_format", "{:.3f}".format):
        print("F1 (pooled out-of-fold; mean over draws) by fraction of the training bodies")
        print(f"bodies per fold: {summary.groupby('fraction')['bodies'].mean().round(0).to_dict()}")
        print(table.loc[order].to_string(), "\n")
        print(f"Fit F1 = a + b log2(bodies) over every point; bodies at which the line reaches {TARGET}:")
        print(extrapolate(scores).loc[order].to_string())
    if args.out:
        scores.round(4).to_csv(args.out, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
