"""Evaluate the theme classifiers on the bundled hand annotations, grouped by report.

Prints, for the cue-word rules, the word+character model, the hybrid (model plus
cue counts; the default for bare sentences), the hybrid with thresholds chosen by
nested CV and the hybrid that also reads sections (``load_default(sections=True)``), per-theme precision / recall / F1 / support and the macro-F1 over the
nine themes, from GroupKFold cross-validation: no report has sentences in both the
training and the test fold. Also times training the default classifier, loading the
bundled one and predicting.

Run: ``python benchmarks/eval_themes.py [--splits 5] [--out scores.csv]``
(``make evaluate`` / ``ogi-nlp evaluate`` print the same table).
"""
from __future__ import annotations

import argparse
import time

import pandas as pd

from ogi_nlp.themes import ThemeClassifier, evaluate, load_annotations, load_codebook
from ogi_nlp.themes.evaluate import DEFAULT_METHOD

TARGETS = {"policy_interpretation": 0.85, "platform_building": 0.85, "problems_improvements": 0.85, "macro": 0.75}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", type=int, default=5, help="GroupKFold folds (default 5)")
    parser.add_argument("--out", help="also write the long score table to this CSV file")
    args = parser.parse_args(argv)

    ann = load_annotations()
    sents, labels, docs = ann["sentence"].tolist(), ann["labels"].tolist(), ann["doc"].tolist()
    methods = [ThemeClassifier(method=m) for m in ("rules", "model", "hybrid")]
    methods.append(ThemeClassifier(method="hybrid", threshold="cv"))
    scores = evaluate(methods, sents, labels, docs, n_splits=args.splits)
    with_sections = evaluate(ThemeClassifier(method=DEFAULT_METHOD), sents, labels, docs, n_splits=args.splits,
                             sections=ann["section"].tolist())
    seconds = scores.attrs["seconds"] + with_sections.attrs["seconds"]
    scores = pd.concat([scores, with_sections], ignore_index=True)
    print(f"{len(sents)} sentences, {ann['doc'].nunique()} reports, GroupKFold n_splits={args.splits}, "
          f"{seconds:.1f} s\n")
    wide = scores.pivot(index="theme", columns="method", values="f1")
    wide = wide.loc[list(load_codebook().keys) + ["macro"], scores["method"].unique()]
    wide["support"] = scores.drop_duplicates("theme").set_index("theme")["support"]
    wide["target"] = pd.Series(TARGETS)
    with pd.option_context("display.width", 160, "display.max_columns", None,
                           "display.float_format", "{:.3f}".format):
        print("F1 on unseen reports\n", wide, "\n", sep="")
        for name in (DEFAULT_METHOD, f"{DEFAULT_METHOD}+sections"):
            print(f"precision / recall of {name}\n",
                  scores[scores["method"] == name].set_index("theme")[["precision", "recall", "f1", "support",
                                                                       "predicted"]], "\n", sep="")

    started = time.perf_counter()
    ThemeClassifier(method=DEFAULT_METHOD).fit(sents, labels)
    fit_s = time.perf_counter() - started
    started = time.perf_counter()
    default = ThemeClassifier.load(_default_path())
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(5):
        default.predict(sents)
    rate = 5 * len(sents) / (time.perf_counter() - started)
    print(f"train default ({DEFAULT_METHOD}) on {len(sents)} sentences: {fit_s:.2f} s; "
          f"load bundled file: {load_s:.2f} s; predict: {rate:,.0f} sentences/s")
    if args.out:
        scores.to_csv(args.out, index=False)
    return 0


def _default_path():
    from importlib import resources
    from pathlib import Path

    from ogi_nlp.themes.model import DEFAULT_MODEL_FILE

    return Path(str(resources.files("ogi_nlp.resources").joinpath(DEFAULT_MODEL_FILE)))


if __name__ == "__main__":
    raise SystemExit(main())
