"""Evaluate the theme classifiers: cross-validation grouped by body, and (once) the frozen test split.

Data: every labelled sentence outside the frozen test split
(:func:`ogi_nlp.themes.load_labelled` ``("train")``: the bundled sentences and, when
``corpora/annotations/dev_pages_sentences.csv`` is there, its train rows; units
sentence / heading / title only). Folds are :class:`~sklearn.model_selection.GroupKFold`
by **body** (issuing agency; the two Hongze reports are one body), so no body has
sentences on both sides. Each fold's model chooses its calibration and per-theme
thresholds in its own inner grouped cross-validation (nested).

Prints, for the cue-word rules, the default hybrid without sections and the hybrid
with sections, per-theme precision / recall / F1 pooled over the out-of-fold
predictions with its 95 % interval from resampling bodies (a cluster bootstrap:
sentences of one body are not independent), the F1 mean ± sd and min–max over folds,
and the macro over the nine themes; then training and prediction speed. The held-out
scores of ``--final-test`` carry the same interval.

Run::

    python benchmarks/eval_themes.py                 # grouped-by-body CV (make evaluate)
    python benchmarks/eval_themes.py --retrain       # refit the bundled models on all training data
    python benchmarks/eval_themes.py --final-test    # the frozen test split, ONCE, final model only

``--final-test`` reads the test split; use it only with the final model, after every
choice is made, and report what it says.
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import _checkout  # noqa: E402  (beside this script: this checkout's ogi_nlp and corpora/)

_checkout.use_this_checkouts_corpora()

import numpy as np
import pandas as pd

from ogi_nlp.themes import (  # noqa: E402
    ThemeClassifier,
    evaluate,
    evaluate_final_test,
    load_codebook,
    load_labelled,
    train_default,
)
from ogi_nlp.themes.evaluate import DEFAULT_METHOD  # noqa: E402

CORE = ("policy_interpretation", "platform_building", "problems_improvements")
TARGETS = {**{k: 0.85 for k in CORE}, "macro": 0.80}


def _table(scores: pd.DataFrame, method: str) -> pd.DataFrame:
    part = scores[scores["method"] == method].set_index("theme")
    out = pd.DataFrame({
        "P": part["precision"], "R": part["recall"], "F1": part["f1"],
        "F1 95% CI (bodies)": [f"{a:.2f}–{b:.2f}" for a, b in zip(part["f1_low"], part["f1_high"])],
        "F1 folds mean±sd": [f"{m:.2f}±{s:.2f}" for m, s in zip(part["f1_mean"], part["f1_sd"])],
        "F1 min–max": [f"{a:.2f}–{b:.2f}" for a, b in zip(part["f1_min"], part["f1_max"])],
        "support": part["support"], "predicted": part["predicted"],
    })
    out["target"] = pd.Series(TARGETS)
    out["met"] = [("yes" if f >= t else "NO") if t == t else "" for f, t in zip(out["F1"], out["target"])]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", type=int, default=5, help="GroupKFold folds by body (default 5)")
    parser.add_argument("--out", help="also write the long score table to this CSV file")
    parser.add_argument("--retrain", action="store_true",
                        help="refit the two bundled models on all training data (never the test split) and save them")
    parser.add_argument("--final-test", action="store_true",
                        help="score the bundled (final) models on the frozen test split; once, at the very end")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    args = parser.parse_args(argv)

    data = load_labelled("train")
    by_source = data.groupby("dataset").agg(sentences=("sentence", "size"), docs=("doc", "nunique"),
                                           bodies=("body", "nunique"))
    print(f"training data: {len(data)} sentences, {data['doc'].nunique()} documents, "
          f"{data['body'].nunique()} bodies\n{by_source.to_string()}\n")

    if args.retrain:
        for sections in (False, True):
            clf = train_default(sections=sections, data=data)
            print(f"retrained bundled model (sections={sections}): {clf.n_train_} sentences, "
                  f"{clf.fit_seconds_:.1f} s; thresholds {np.round(clf.thresholds_, 2).tolist()}")
        print()

    if not args.no_cv:
        labels, groups = data["labels"].tolist(), data["body"].tolist()
        started = time.perf_counter()
        plain = evaluate([ThemeClassifier(method="rules"), ThemeClassifier(method=DEFAULT_METHOD)],
                         data.assign(section=""), labels, groups, n_splits=args.splits)
        with_sections = evaluate(ThemeClassifier(method=DEFAULT_METHOD), data, labels, groups, n_splits=args.splits)
        scores = pd.concat([plain, with_sections], ignore_index=True)
        print(f"GroupKFold by body, n_splits={args.splits}, nested (inner grouped CV for calibration and "
              f"thresholds): {time.perf_counter() - started:.0f} s\n")
        order = list(load_codebook().keys) + ["macro"]
        wide = scores.pivot(index="theme", columns="method", values="f1").loc[order, scores["method"].unique()]
        with pd.option_context("display.width", 200, "display.max_columns", None,
                               "display.float_format", "{:.3f}".format):
            print("F1 on unseen bodies (pooled out-of-fold)\n", wide, "\n", sep="")
            for name in (DEFAULT_METHOD, f"{DEFAULT_METHOD}+sections"):
                print(f"{name}\n", _table(scores, name).loc[order], "\n", sep="")
        if args.out:
            scores.to_csv(args.out, index=False)

    default = ThemeClassifier.load_default(sections=True)
    sample = data.head(2000)
    started = time.perf_counter()
    for _ in range(3):
        default.predict_proba(sample)
    rate = 3 * len(sample) / (time.perf_counter() - started)
    started = time.perf_counter()
    ThemeClassifier(method=DEFAULT_METHOD).fit(data, data["labels"].tolist(), groups=data["body"].tolist())
    print(f"train default ({DEFAULT_METHOD}, with its inner CV) on {len(data)} sentences: "
          f"{time.perf_counter() - started:.1f} s; predict (features + calibrated probabilities): "
          f"{rate:,.0f} sentences/s")

    if args.final_test:
        for split, title in (("test", "FROZEN TEST SPLIT of the dev pages"),
                             ("heldout", "HELD-OUT dev-table bodies (drawn before their labelling)")):
            print(f"\n=== {title} (final bundled models; nothing is chosen on it) ===")
            for sections in (True, False):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", UserWarning)
                    res = evaluate_final_test(sections=sections, split=split)
                name = f"{DEFAULT_METHOD}{'+sections' if sections else ''}"
                print(f"\n{name}: {res.attrs['n_sentences']} sentences, {res.attrs['n_docs']} excerpts, "
                      f"{res.attrs['n_groups']} bodies")
                res = res.set_index("theme")
                res["target"] = pd.Series(TARGETS)
                res["met"] = [("yes" if f >= t else "NO") if t == t else "" for f, t in zip(res["f1"], res["target"])]
                with pd.option_context("display.width", 200, "display.float_format", "{:.3f}".format):
                    print(res.drop(columns="label").to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
