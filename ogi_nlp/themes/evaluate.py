"""Grouped evaluation of theme classifiers, the default model, and theme profiles.

Cross-validation is grouped by report (:class:`sklearn.model_selection.GroupKFold`):
no report has sentences in both the training and the test fold, so the scores say
how a classifier does on reports it has never seen.

Examples
--------
>>> frame = pd.DataFrame({"doc": ["a", "a", "b"],
...                       "labels": [("platform_building",), (), ("platform_building", "request_handling")]})
>>> theme_profile(frame)[["platform_building", "request_handling", "other"]].round(2).values.tolist()
[[0.5, 0.0, 0.5], [1.0, 1.0, 0.0]]
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

from .annotations import load_annotations
from .codebook import Codebook, _as_codebook, _check_texts, parse_labels
from .model import DEFAULT_MODEL_FILE, ThemeClassifier

__all__ = [
    "evaluate",
    "cross_val_predict_themes",
    "evaluate_default",
    "train_default",
    "theme_profile",
    "DEFAULT_METHOD",
]

#: The method of the bundled default classifier.
DEFAULT_METHOD = "hybrid"
_SCORE_COLUMNS = ["method", "theme", "label", "precision", "recall", "f1", "support", "predicted"]


def _as_label_matrix(labels: Sequence[object], cb: Codebook) -> np.ndarray:
    y = np.zeros((len(labels), len(cb)), dtype=int)
    for i, cell in enumerate(labels):
        for key in parse_labels(cell, cb, where=f"labels[{i}]"):
            y[i, cb.keys.index(key)] = 1
    return y


def cross_val_predict_themes(classifier: ThemeClassifier, sentences: Sequence[str], labels: Sequence[object],
                             groups: Sequence[object], *, n_splits: int = 5) -> list[tuple[str, ...]]:
    """Out-of-fold predictions, each sentence predicted by a model that never saw its report.

    Parameters
    ----------
    classifier : ThemeClassifier
        Unfitted template; cloned and fitted on each training fold.
    sentences, labels, groups : sequences of equal length
        ``groups`` names the report of each sentence.
    n_splits : int
        Number of folds (at most the number of distinct groups).

    Returns
    -------
    list of tuple of str
    """
    texts = _check_texts(sentences)
    labels, groups = list(labels), list(groups)
    if not len(texts) == len(labels) == len(groups):
        raise ValueError(f"sentences, labels and groups differ in length: {len(texts)}, {len(labels)}, {len(groups)}")
    n_groups = len(set(groups))
    if not isinstance(n_splits, int) or not 2 <= n_splits <= n_groups:
        raise ValueError(f"n_splits={n_splits!r} is not allowed; give an integer from 2 to the number of reports ({n_groups})")
    out: list[tuple[str, ...]] = [()] * len(texts)
    for train, test in GroupKFold(n_splits=n_splits).split(texts, groups=groups):
        est = clone(classifier).fit([texts[i] for i in train], [labels[i] for i in train],
                                    groups=[groups[i] for i in train])
        for i, pred in zip(test, est.predict([texts[i] for i in test])):
            out[i] = pred
    return out


def evaluate(classifier: ThemeClassifier | Sequence[ThemeClassifier] | None, sentences: Sequence[str],
             labels: Sequence[object], groups: Sequence[object], *, n_splits: int = 5) -> pd.DataFrame:
    """Per-theme precision, recall and F1 on unseen reports (grouped cross-validation).

    Parameters
    ----------
    classifier : ThemeClassifier, list of them, or None
        ``None`` evaluates the three methods ``rules``, ``model`` and ``hybrid`` with
        the default codebook and parameters.
    sentences, labels, groups : sequences of equal length
        Sentences, their label cells (``";"``-joined keys or tuples) and their reports.
    n_splits : int
        Folds of :class:`~sklearn.model_selection.GroupKFold`.

    Returns
    -------
    DataFrame
        One row per method and theme with ``precision``, ``recall``, ``f1``,
        ``support`` (sentences labelled with the theme) and ``predicted``, then one row
        per method with theme ``"macro"``: the unweighted mean over the codebook's
        themes. ``attrs`` records ``n_splits``, ``n_sentences``, ``n_reports`` and
        ``seconds``.

    Examples
    --------
    >>> s = ["我局门户网站完成改版。", "受理申请2件。", "网站栏目调整。", "收到申请5件。"]
    >>> y = ["platform_building", "request_handling", "platform_building", "request_handling"]
    >>> r = evaluate(ThemeClassifier(method="rules"), s, y, ["a", "a", "b", "b"], n_splits=2)
    >>> r.set_index("theme").loc["platform_building", "f1"]
    np.float64(1.0)
    """
    if classifier is None:
        classifiers = [ThemeClassifier(method=m) for m in ("rules", "model", "hybrid")]
    elif isinstance(classifier, ThemeClassifier):
        classifiers = [classifier]
    else:
        classifiers = list(classifier)
    labels = list(labels)
    rows = []
    started = time.perf_counter()
    for clf in classifiers:
        cb = _as_codebook(clf.codebook)
        truth = _as_label_matrix(labels, cb)
        pred = _as_label_matrix(cross_val_predict_themes(clf, sentences, labels, groups, n_splits=n_splits), cb)
        p, r, f, s = precision_recall_fscore_support(truth, pred, average=None, zero_division=0)
        for j, theme in enumerate(cb.themes):
            rows.append([clf.method, theme.key, theme.label, p[j], r[j], f[j], int(s[j]), int(pred[:, j].sum())])
        rows.append([clf.method, "macro", "", p.mean(), r.mean(), f.mean(), int(s.sum()), int(pred.sum())])
    frame = pd.DataFrame(rows, columns=_SCORE_COLUMNS)
    frame.attrs.update(n_splits=n_splits, n_sentences=len(labels), n_reports=len(set(groups)),
                       seconds=round(time.perf_counter() - started, 2))
    return frame


def _training_data(annotations: pd.DataFrame | None) -> pd.DataFrame:
    ann = load_annotations() if annotations is None else annotations
    return ann[ann["sentence"].str.strip().astype(bool)]


def evaluate_default(*, n_splits: int = 5) -> pd.DataFrame:
    """Evaluate rules, model and hybrid on the bundled hand annotations, grouped by report.

    This is what ``ogi-nlp evaluate`` prints.

    Returns
    -------
    DataFrame
        As :func:`evaluate`.
    """
    ann = _training_data(None)
    return evaluate(None, ann["sentence"].tolist(), ann["labels"].tolist(), ann["doc"].tolist(), n_splits=n_splits)


def train_default(path: str | Path | None = None, *, method: str = DEFAULT_METHOD) -> ThemeClassifier:
    """Fit the default classifier on every bundled annotation and save it.

    Parameters
    ----------
    path : str or Path, optional
        Where to write; ``None`` writes the package's own
        ``ogi_nlp/resources/theme_model.skops`` (needs a writable source tree, e.g. an
        editable install). Run after the annotations or the codebook change.
    method : str
        ``"model"`` (the default method) or ``"hybrid"``.

    Returns
    -------
    ThemeClassifier
        The fitted classifier; its ``fit_seconds_`` records the training time.
    """
    ann = _training_data(None)
    started = time.perf_counter()
    clf = ThemeClassifier(method=method).fit(ann["sentence"].tolist(), ann["labels"].tolist())
    clf.fit_seconds_ = round(time.perf_counter() - started, 3)
    if path is None:
        path = Path(str(resources.files("ogi_nlp.resources").joinpath(DEFAULT_MODEL_FILE)))
    clf.save(path)
    return clf


def theme_profile(sentences_with_labels: pd.DataFrame, *, report: str = "doc", labels: str = "labels",
                  codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Share of each report's sentences carrying each theme.

    Parameters
    ----------
    sentences_with_labels : DataFrame
        One row per sentence with a report column and a labels column (tuples of
        theme keys or ``";"``-joined strings).
    report, labels : str
        Names of those columns.
    codebook : optional
        Codebook defining the theme columns (default: the bundled one).

    Returns
    -------
    DataFrame
        Indexed by report (sorted), one column per theme plus ``other`` (share of
        sentences with no theme) and ``n_sentences``. Shares of themes sum to more
        than 1 when sentences carry several themes.
    """
    cb = _as_codebook(codebook)
    for col in (report, labels):
        if col not in sentences_with_labels.columns:
            raise ValueError(f"column {col!r} not found; columns: {list(sentences_with_labels.columns)}")
    y = _as_label_matrix(sentences_with_labels[labels].tolist(), cb)
    frame = pd.DataFrame(y, columns=list(cb.keys), index=sentences_with_labels.index)
    frame[cb.none_label] = (y.sum(axis=1) == 0).astype(int)
    frame[report] = sentences_with_labels[report].to_numpy()
    grouped = frame.groupby(report, sort=True)
    out = grouped.mean()
    out["n_sentences"] = grouped.size()
    return out
