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

A report's profile from its text: ``theme_profile(label_sentences(report.sentences()),
report="report", labels="themes")``.
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
from ..errors import CodebookError
from .codebook import Codebook, _as_codebook, _check_texts, parse_labels
from .model import DEFAULT_MODEL_FILE, SECTIONS_MODEL_FILE, ThemeClassifier

__all__ = [
    "evaluate",
    "cross_val_predict_themes",
    "evaluate_default",
    "train_default",
    "train_classifier",
    "label_sentences",
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
                             groups: Sequence[object], *, n_splits: int = 5,
                             sections: Sequence[object] | None = None) -> list[tuple[str, ...]]:
    """Out-of-fold predictions, each sentence predicted by a model that never saw its report.

    Parameters
    ----------
    classifier : ThemeClassifier
        Unfitted template; cloned and fitted on each training fold.
    sentences, labels, groups : sequences of equal length
        ``groups`` names the report of each sentence.
    n_splits : int
        Number of folds (at most the number of distinct groups).
    sections : sequence, optional
        Section of each sentence, passed to ``fit`` and ``predict``.

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
    secs = None if sections is None else list(sections)
    if secs is not None and len(secs) != len(texts):
        raise ValueError(f"got {len(texts)} sentences but {len(secs)} sections")
    out: list[tuple[str, ...]] = [()] * len(texts)
    for train, test in GroupKFold(n_splits=n_splits).split(texts, groups=groups):
        est = clone(classifier).fit([texts[i] for i in train], [labels[i] for i in train],
                                    groups=[groups[i] for i in train],
                                    sections=None if secs is None else [secs[i] for i in train])
        preds = est.predict([texts[i] for i in test], sections=None if secs is None else [secs[i] for i in test])
        for i, pred in zip(test, preds):
            out[i] = pred
    return out


def evaluate(classifier: ThemeClassifier | Sequence[ThemeClassifier] | None, sentences: Sequence[str],
             labels: Sequence[object], groups: Sequence[object], *, n_splits: int = 5,
             sections: Sequence[object] | None = None) -> pd.DataFrame:
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
    sections : sequence, optional
        Section of each sentence: models then learn from sections too (rules ignore
        them); their method name gets ``+sections``.

    Returns
    -------
    DataFrame
        One row per method and theme (``method`` names the method and any
        non-default parameter, e.g. ``hybrid(threshold='cv')``) with ``precision``, ``recall``, ``f1``,
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
        name = _describe(clf)
        truth = _as_label_matrix(labels, cb)
        if sections is not None and clf.method != "rules":
            name += "+sections"
        pred = _as_label_matrix(cross_val_predict_themes(clf, sentences, labels, groups, n_splits=n_splits,
                                                         sections=sections), cb)
        p, r, f, s = precision_recall_fscore_support(truth, pred, average=None, zero_division=0)
        for j, theme in enumerate(cb.themes):
            rows.append([name, theme.key, theme.label, p[j], r[j], f[j], int(s[j]), int(pred[:, j].sum())])
        rows.append([name, "macro", "", p.mean(), r.mean(), f.mean(), int(s.sum()), int(pred.sum())])
    frame = pd.DataFrame(rows, columns=_SCORE_COLUMNS)
    frame.attrs.update(n_splits=n_splits, n_sentences=len(labels), n_reports=len(set(groups)),
                       seconds=round(time.perf_counter() - started, 2))
    return frame


def _describe(clf: ThemeClassifier) -> str:
    """The method, with any parameter that differs from the default, e.g. ``hybrid(threshold='cv')``."""
    defaults = ThemeClassifier().get_params()
    changed = [f"{k}={v!r}" for k, v in clf.get_params().items()
               if k not in ("method", "codebook") and v != defaults[k]]
    return f"{clf.method}({', '.join(changed)})" if changed else clf.method


def _training_data(annotations: pd.DataFrame | None) -> pd.DataFrame:
    ann = load_annotations() if annotations is None else annotations
    return ann[ann["sentence"].str.strip().astype(bool)]


def evaluate_default(*, n_splits: int = 5) -> pd.DataFrame:
    """Evaluate the methods on the bundled hand annotations, grouped by report.

    Rows for ``rules``, ``model``, ``hybrid`` (the default for bare sentences) and
    ``hybrid+sections`` (the default that also reads sections, ``load_default(sections=True)``).
    This is what ``ogi-nlp evaluate`` prints.

    Returns
    -------
    DataFrame
        As :func:`evaluate`.
    """
    ann = _training_data(None)
    args = (ann["sentence"].tolist(), ann["labels"].tolist(), ann["doc"].tolist())
    plain = evaluate(None, *args, n_splits=n_splits)
    with_sections = evaluate(ThemeClassifier(method=DEFAULT_METHOD), *args, n_splits=n_splits,
                             sections=ann["section"].tolist())
    out = pd.concat([plain, with_sections], ignore_index=True)
    out.attrs.update(plain.attrs, seconds=plain.attrs["seconds"] + with_sections.attrs["seconds"])
    return out


def train_default(path: str | Path | None = None, *, method: str = DEFAULT_METHOD,
                  sections: bool = False) -> ThemeClassifier:
    """Fit a default classifier on every bundled annotation and save it.

    Parameters
    ----------
    path : str or Path, optional
        Where to write; ``None`` writes the package's own
        ``ogi_nlp/resources/theme_model.skops`` (``theme_model_sections.skops`` with
        ``sections=True``); that needs a writable source tree (editable install). Run
        both after the annotations or the codebook change.
    method : str
        ``"hybrid"`` (the default method), ``"model"`` or ``"rules"``.
    sections : bool
        Also learn from the annotated sections.

    Returns
    -------
    ThemeClassifier
        The fitted classifier; its ``fit_seconds_`` records the training time.
    """
    ann = _training_data(None)
    started = time.perf_counter()
    clf = ThemeClassifier(method=method).fit(ann["sentence"].tolist(), ann["labels"].tolist(),
                                             sections=ann["section"].tolist() if sections else None)
    clf.fit_seconds_ = round(time.perf_counter() - started, 3)
    if path is None:
        name = SECTIONS_MODEL_FILE if sections else DEFAULT_MODEL_FILE
        path = Path(str(resources.files("ogi_nlp.resources").joinpath(name)))
    clf.save(path)
    return clf


def train_classifier(annotations: pd.DataFrame | str | Path, *, codebook: Codebook | str | Path | None = None,
                     method: str = DEFAULT_METHOD, use_sections: bool = False,
                     evaluate_splits: int | None = None) -> ThemeClassifier:
    """A classifier for your own codebook from your own labelled sentences.

    Parameters
    ----------
    annotations : DataFrame, str or Path
        A CSV file (or its DataFrame) with columns ``doc``, ``sentence``, ``labels``
        (and ``section`` when ``use_sections``); see :func:`load_annotations`.
    codebook : Codebook, str, Path or None
        Your codebook (JSON file, see :mod:`ogi_nlp.themes.codebook`); ``None`` uses the
        bundled one. Every label must be one of its keys.
    method : {"hybrid", "model", "rules"}
    use_sections : bool
        Learn from the ``section`` column too.
    evaluate_splits : int, optional
        Also run grouped cross-validation with this many folds; the scores are kept
        in the returned classifier's ``scores_`` (as :func:`evaluate`).

    Returns
    -------
    ThemeClassifier
        Fitted on all the sentences; save it with :meth:`ThemeClassifier.save`.

    Raises
    ------
    CodebookError
        A missing column or a label outside the codebook, naming file and line.
    """
    cb = _as_codebook(codebook)
    if isinstance(annotations, pd.DataFrame):
        ann = annotations.copy()
        for col in ("doc", "sentence", "labels"):
            if col not in ann.columns:
                raise CodebookError(f"annotations: missing column {col!r}; found {list(ann.columns)}")
        ann["labels"] = [parse_labels(v, cb, where=f"annotations row {i}") for i, v in enumerate(ann["labels"])]
    else:
        ann = load_annotations(annotations, codebook=cb)
    if use_sections and ("section" not in ann.columns or ann["section"].fillna("").astype(str).str.strip().eq("").all()):
        raise CodebookError("annotations: use_sections=True needs a 'section' column with values")
    sents, labels, docs = ann["sentence"].tolist(), ann["labels"].tolist(), ann["doc"].tolist()
    secs = ann["section"].tolist() if use_sections else None
    clf = ThemeClassifier(method=method, codebook=cb)
    scores = None
    if evaluate_splits is not None:
        scores = evaluate(clf, sents, labels, docs, n_splits=evaluate_splits, sections=secs)
    clf.fit(sents, labels, groups=docs, sections=secs)
    if scores is not None:
        clf.scores_ = scores
    return clf


def label_sentences(sentences: pd.DataFrame, *, classifier: ThemeClassifier | None = None, text: str = "text",
                    section: str | None = "section") -> pd.DataFrame:
    """Add a ``themes`` column (tuple of theme keys, ``()`` = other) to a sentence table.

    Parameters
    ----------
    sentences : DataFrame
        One row per sentence, e.g. ``Report.sentences()`` (columns ``text``,
        ``section``, ...).
    classifier : ThemeClassifier, optional
        A fitted classifier; default: the bundled hybrid, the one that reads sections
        when the ``section`` column exists.
    text, section : str
        Column names; ``section=None`` ignores sections.

    Returns
    -------
    DataFrame
        A copy of ``sentences`` with ``themes`` added.

    Examples
    --------
    >>> frame = pd.DataFrame({"text": ["全年共受理政府信息公开申请20件，均按期答复。", "特此通知。"],
    ...                       "section": ["requests", "other_matters"]})
    >>> label_sentences(frame)["themes"].tolist()
    [('request_handling',), ()]
    """
    if text not in sentences.columns:
        raise ValueError(f"column {text!r} not found; columns: {list(sentences.columns)}")
    has_sections = section is not None and section in sentences.columns
    if classifier is None:
        classifier = ThemeClassifier.load_default(sections=has_sections)
    secs = sentences[section].tolist() if has_sections else None
    out = sentences.copy()
    out["themes"] = classifier.predict(sentences[text].tolist(), sections=secs) if len(out) else []
    return out


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
