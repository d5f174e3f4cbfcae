"""Benchmark: the cost of theme prediction per sentence, beside plain jieba on the same text.

A corpus build labels every sentence with the default theme model
(:func:`ogi_nlp.corpus.add_theme_columns` -> :func:`ogi_nlp.themes.label_sentences`).
This script times that call on a sentence table of real report text: the labelled
training pieces (``load_labelled("train")``: bundled documents and the dev-page train
split; the frozen test split is not read), repeated ``--copies`` times with each copy's
text made distinct (a suffix per copy, so no cache or de-duplication helps the model
more than it would on a real corpus of different reports). Caches of the segmenter
are cleared before each timed run, and the model is loaded before timing (a build
loads it once per process).

It prints, per sentence, the CPU time (``time.process_time``, best of ``--repeat``
runs: wall time on a shared machine mostly measures the neighbours) of the whole
``add_theme_columns`` call, of its parts (the context frame, featurisation, the
logistic regressions), and of plain ``jieba.lcut`` of the same sentences (HMM on, its
default) for scale.

Run::

    python benchmarks/bench_themes.py              # about 10k sentences
    python benchmarks/bench_themes.py --copies 2
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import _checkout  # noqa: E402  (beside this script: this checkout's ogi_nlp and corpora/)

_checkout.use_this_checkouts_corpora()

import pandas as pd  # noqa: E402

from ogi_nlp.corpus import add_theme_columns  # noqa: E402
from ogi_nlp.themes import ThemeClassifier, load_labelled  # noqa: E402
from ogi_nlp.themes import features as _features  # noqa: E402
from ogi_nlp.themes import predict as _predict  # noqa: E402  (the prediction code and its caches)
from ogi_nlp.themes.features import context_frame  # noqa: E402


def sentence_table(copies: int) -> pd.DataFrame:
    data = load_labelled("train")
    parts = []
    for k in range(copies):
        part = pd.DataFrame({"report": data["doc"] + f"#{k}",
                             "text": data["sentence"] + ("" if k == 0 else f"（{k}）"),
                             "section": "", "is_heading": data["is_heading"]})
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


_KEEP = ("_segmenter", "bundled_scorer", "_cue_scan", "_compile")  # loaded once per process in a build too


def _clear_caches() -> None:
    for module in (_features, _predict):
        for name in dir(module):
            fn = getattr(module, name)
            if callable(getattr(fn, "cache_clear", None)) and name not in _KEEP:
                fn.cache_clear()


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        _clear_caches()
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    warnings.simplefilter("ignore")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    table = sentence_table(args.copies)
    n = len(table)
    clf = ThemeClassifier.load_default()
    add_theme_columns(table.head(50))  # warm: model loaded, dictionaries read

    total = best_of(lambda: add_theme_columns(table), args.repeat)
    frame = context_frame(table, text="text", doc="report", sections=[""] * n)
    t_frame = best_of(lambda: context_frame(table, text="text", doc="report", sections=[""] * n), args.repeat)
    t_feat = best_of(lambda: clf.features_.transform(frame), args.repeat)
    X = clf.features_.transform(frame)  # noqa: N806
    from ogi_nlp.themes.model import _margins
    t_lr = best_of(lambda: _margins(X, clf.estimators_, clf.constant_), args.repeat)

    import jieba
    import logging
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    texts = table["text"].tolist()
    t_jieba = best_of(lambda: [tok.lcut(t) for t in texts], args.repeat)

    us = 1e6 / n
    print(f"sentences                    {n}")
    print(f"add_theme_columns (whole)    {total * us:7.1f} µs/sentence  ({n / total:,.0f} sentences/s)")
    print(f"  context_frame              {t_frame * us:7.1f} µs/sentence")
    print(f"  features_.transform        {t_feat * us:7.1f} µs/sentence")
    print(f"  logistic regressions       {t_lr * us:7.1f} µs/sentence")
    print(f"plain jieba.lcut (HMM on)    {t_jieba * us:7.1f} µs/sentence")
    print(f"ratio theme / jieba          {total / t_jieba:7.2f} x")


if __name__ == "__main__":
    main()
