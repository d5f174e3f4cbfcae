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
import warnings
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import GroupKFold

from .annotations import load_annotations, load_labelled
from ..errors import CodebookError
from .codebook import Codebook, _as_codebook, _check_texts, parse_labels
from .features import context_frame
from .labels import _as_label_matrix, label_sentences, theme_profile  # home: used by builds without scikit-learn
from .model import DEFAULT_MODEL_FILE, SECTIONS_MODEL_FILE, ThemeClassifier, save_arrays

__all__ = [
    "evaluate",
    "cross_val_predict_themes",
    "evaluate_default",
    "train_default",
    "train_classifier",
    "label_sentences",
    "theme_profile",
    "theme_shares",
    "cross_val_proba",
    "cross_val_labels",
    "score_predictions",
    "f1_interval",
    "evaluate_final_test",
    "DEFAULT_METHOD",
]

#: The method of the bundled default classifier.
DEFAULT_METHOD = "hybrid"
_SCORE_COLUMNS = ["method", "theme", "label", "precision", "recall", "f1", "f1_low", "f1_high", "f1_mean", "f1_sd",
                  "f1_min", "f1_max", "precision_sd", "recall_sd", "support", "predicted"]
_BOOT = 2000  # resamples of bodies for the intervals; seeded, so the figures repeat
_LEVEL = 0.95


def _fold_indices(groups: list, n_splits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    n_groups = len(set(groups))
    if isinstance(n_splits, bool) or not isinstance(n_splits, int) or not 2 <= n_splits <= n_groups:
        raise ValueError(f"n_splits={n_splits!r} is not allowed; give an integer from 2 to the number of groups "
                         f"({n_groups})")
    return list(GroupKFold(n_splits=n_splits).split(np.zeros(len(groups)), groups=groups))


def _as_input(sentences: pd.DataFrame | Sequence[str], sections: Sequence[object] | None) -> pd.DataFrame:
    """The model input frame of a sentence table or list (context computed once, on the whole)."""
    if isinstance(sentences, pd.DataFrame) and {"sentence", "prev1", "prev2", "pos", "head"} <= set(sentences.columns):
        frame = sentences.copy()
        if "is_heading" not in frame.columns:
            frame["is_heading"] = False
        if "section" not in frame.columns:
            frame["section"] = ""
        if sections is not None:
            frame["section"] = ["" if s is None or s != s else str(s) for s in sections]
        return frame.reset_index(drop=True)
    if not isinstance(sentences, pd.DataFrame):
        _check_texts(sentences)
    return context_frame(sentences, sections=sections).reset_index(drop=True)


def cross_val_proba(classifier: ThemeClassifier, sentences: pd.DataFrame | Sequence[str], labels: Sequence[object],
                    groups: Sequence[object], *, n_splits: int = 5,
                    sections: Sequence[object] | None = None) -> pd.DataFrame:
    """Out-of-fold probabilities and labels: each sentence scored by a model that never saw its group.

    Parameters
    ----------
    classifier : ThemeClassifier
        Unfitted template; cloned and fitted on each training fold (with the
        training fold's groups, for its inner cross-validation).
    sentences : DataFrame or list of str
        As for :meth:`ThemeClassifier.fit` (e.g. :func:`load_labelled` output).
    labels, groups : sequences of the same length
        ``groups`` names the body (or report) of each sentence.
    n_splits : int
        Folds of :class:`~sklearn.model_selection.GroupKFold`.
    sections : sequence, optional
        Section of each sentence, when ``sentences`` is a list.

    Returns
    -------
    DataFrame
        Indexed like ``sentences`` when it is a DataFrame: ``fold``, ``themes``
        (tuple of keys), then ``p_<theme>`` per theme.
    """
    frame = _as_input(sentences, sections)
    labels, groups = list(labels), list(groups)
    if not len(frame) == len(labels) == len(groups):
        raise ValueError(f"sentences, labels and groups differ in length: {len(frame)}, {len(labels)}, {len(groups)}")
    cb = _as_codebook(classifier.codebook)
    proba = np.zeros((len(frame), len(cb)))
    themes: list[tuple[str, ...]] = [()] * len(frame)
    fold = np.zeros(len(frame), dtype=int)
    for k, (train, test) in enumerate(_fold_indices(groups, n_splits)):
        est = clone(classifier).fit(frame.iloc[train], [labels[i] for i in train],
                                    groups=[groups[i] for i in train])
        p = est.decision_scores(frame.iloc[test])
        proba[test] = p
        for i, pred in zip(test, est.labels_from_proba(p)):
            themes[i] = pred
        fold[test] = k
    index = sentences.index if isinstance(sentences, pd.DataFrame) else pd.RangeIndex(len(frame))
    out = pd.DataFrame({"fold": fold, "themes": themes}, index=index)
    for j, key in enumerate(cb.keys):
        out[f"p_{key}"] = proba[:, j]
    return out


def cross_val_predict_themes(classifier: ThemeClassifier, sentences: pd.DataFrame | Sequence[str],
                             labels: Sequence[object], groups: Sequence[object], *, n_splits: int = 5,
                             sections: Sequence[object] | None = None) -> list[tuple[str, ...]]:
    """Out-of-fold theme labels (the ``themes`` column of :func:`cross_val_proba`).

    Returns
    -------
    list of tuple of str
    """
    return cross_val_proba(classifier, sentences, labels, groups, n_splits=n_splits,
                           sections=sections)["themes"].tolist()


def cross_val_labels(data: pd.DataFrame | None = None, *, classifier: ThemeClassifier | None = None,
                     n_splits: int = 5, group: str = "body") -> pd.DataFrame:
    """Labelled sentences with out-of-fold predictions, for shares on the training data.

    A model's predictions on the sentences it was trained on are flattering; these
    come from models that never saw the sentence's body (grouped cross-validation),
    so theme shares computed from them are what the model would give on new reports.

    Parameters
    ----------
    data : DataFrame, optional
        Labelled sentences (default: :func:`load_labelled` ``("train")``, never the test split).
    classifier : ThemeClassifier, optional
        Unfitted template (default: the default hybrid).
    n_splits : int
    group : str
        Column holding the grouping unit.

    Returns
    -------
    DataFrame
        ``data`` with ``fold``, ``themes`` (out-of-fold labels) and ``p_<theme>``.
    """
    data = load_labelled("train") if data is None else data
    clf = ThemeClassifier(method=DEFAULT_METHOD) if classifier is None else classifier
    oof = cross_val_proba(clf, data, data["labels"].tolist(), data[group].tolist(), n_splits=n_splits)
    return data.join(oof)


def _prf(truth: np.ndarray, pred: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-column precision, recall, F1; NaN where undefined (nothing predicted / nothing to find)."""
    tp = (truth & pred).sum(axis=0).astype(float)
    npred, nsup = pred.sum(axis=0).astype(float), truth.sum(axis=0).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(npred > 0, tp / npred, np.nan)
        r = np.where(nsup > 0, tp / nsup, np.nan)
        f = np.where(npred + nsup > 0, 2 * tp / (npred + nsup), np.nan)
    return p, r, f


def f1_interval(truth: np.ndarray, pred: np.ndarray, groups: Sequence[object], *, n_boot: int = _BOOT,
                level: float = _LEVEL, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of each column's F1 and of their mean, resampling whole groups.

    Sentences of one body are not independent (one report's style, one coder's
    reading), so the interval resamples **bodies** with replacement (a cluster
    bootstrap) and pools each resample's counts, as the point figure pools the
    out-of-fold predictions. A resample in which a theme is neither present nor
    predicted leaves that theme out (of its own interval and of that resample's
    macro).

    Parameters
    ----------
    truth, pred : ndarray of bool, shape (n_sentences, n_themes)
        Labels and predictions.
    groups : sequence
        The body of each sentence.
    n_boot, level, seed
        Resamples, coverage and the seed of the generator (fixed: the same data give
        the same interval).

    Returns
    -------
    low, high : ndarray, shape (n_themes + 1,)
        Bounds per theme, then of the macro F1 (the mean over themes).

    Examples
    --------
    >>> t = np.array([[1], [1], [0], [1], [0], [1]], dtype=bool)
    >>> p = np.array([[1], [0], [0], [1], [1], [1]], dtype=bool)
    >>> low, high = f1_interval(t, p, ["a", "a", "b", "b", "c", "c"])
    >>> bool(low[0] <= 0.75 <= high[0]), bool(low[1] == low[0])
    (True, True)
    """
    truth, pred = np.asarray(truth, dtype=bool), np.asarray(pred, dtype=bool)
    codes, uniques = pd.factorize(pd.Series(list(groups), dtype=object))
    n_groups = len(uniques)
    # counts per body: true positives, predicted, present
    tp = np.zeros((n_groups, truth.shape[1]))
    npred = np.zeros_like(tp)
    nsup = np.zeros_like(tp)
    np.add.at(tp, codes, (truth & pred).astype(float))
    np.add.at(npred, codes, pred.astype(float))
    np.add.at(nsup, codes, truth.astype(float))
    rng = np.random.default_rng(seed)
    weights = np.stack([np.bincount(rng.integers(0, n_groups, n_groups), minlength=n_groups)
                        for _ in range(n_boot)]).astype(float)  # (n_boot, n_groups): times each body is drawn
    denominator = weights @ npred + weights @ nsup
    with np.errstate(invalid="ignore", divide="ignore"):
        # a resample that draws none of a theme's bodies and predicts it nowhere says nothing of it
        f1 = np.where(denominator > 0, 2 * (weights @ tp) / denominator, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        scores = np.column_stack([f1, np.nanmean(f1, axis=1)])
        tail = (1 - level) / 2 * 100
        return np.nanpercentile(scores, tail, axis=0), np.nanpercentile(scores, 100 - tail, axis=0)


def evaluate(classifier: ThemeClassifier | Sequence[ThemeClassifier] | None, sentences: pd.DataFrame | Sequence[str],
             labels: Sequence[object], groups: Sequence[object], *, n_splits: int = 5,
             sections: Sequence[object] | None = None) -> pd.DataFrame:
    """Per-theme precision, recall and F1 on unseen groups (grouped cross-validation).

    Parameters
    ----------
    classifier : ThemeClassifier, list of them, or None
        ``None`` evaluates ``rules`` and the default ``hybrid``.
    sentences : DataFrame or list of str
        Sentences in document order (a DataFrame gives sections and neighbours).
    labels, groups : sequences of equal length
        Label cells (``";"``-joined keys or tuples) and the group of each sentence:
        its **body** (issuing agency), so that no body's reports are on both sides.
    n_splits : int
        Folds of :class:`~sklearn.model_selection.GroupKFold`.
    sections : sequence, optional
        Section of each sentence, when ``sentences`` is a list.

    Returns
    -------
    DataFrame
        One row per method and theme, then one per method with theme ``"macro"``
        (unweighted mean over the codebook's themes): ``precision``, ``recall``,
        ``f1`` pooled over all out-of-fold predictions; ``f1_low``, ``f1_high`` its 95 %
        interval from resampling bodies (:func:`f1_interval`); ``f1_mean``, ``f1_sd``,
        ``f1_min``, ``f1_max`` (and ``precision_sd``, ``recall_sd``) over the folds
        (a fold where a theme is neither present nor predicted is left out);
        ``support`` and ``predicted``. ``attrs`` records ``n_splits``,
        ``n_sentences``, ``n_groups`` and ``seconds``.

    Examples
    --------
    >>> s = ["我局门户网站完成改版。", "受理申请2件。", "网站栏目调整。", "收到申请5件。"]
    >>> y = ["platform_building", "request_handling", "platform_building", "request_handling"]
    >>> r = evaluate(ThemeClassifier(method="rules"), s, y, ["a", "a", "b", "b"], n_splits=2)
    >>> float(r.set_index("theme").loc["platform_building", "f1"])
    1.0
    """
    if classifier is None:
        classifiers = [ThemeClassifier(method="rules"), ThemeClassifier(method=DEFAULT_METHOD)]
    elif isinstance(classifier, ThemeClassifier):
        classifiers = [classifier]
    else:
        classifiers = list(classifier)
    labels, groups = list(labels), list(groups)
    frame = _as_input(sentences, sections)
    folds = _fold_indices(groups, n_splits)
    rows = []
    started = time.perf_counter()
    for clf in classifiers:
        cb = _as_codebook(clf.codebook)
        name = _describe(clf)
        if clf.method != "rules" and (frame["section"] != "").any():
            name += "+sections"
        truth = _as_label_matrix(labels, cb).astype(bool)
        oof = cross_val_proba(clf, frame, labels, groups, n_splits=n_splits)
        pred = _as_label_matrix(oof["themes"].tolist(), cb).astype(bool)
        p, r, f = _prf(truth, pred)
        p, r, f = np.nan_to_num(p), np.nan_to_num(r), np.nan_to_num(f)
        low, high = f1_interval(truth, pred, groups)
        per_fold = [_prf(truth[test], pred[test]) for _, test in folds]
        fp = np.array([x[0] for x in per_fold])
        fr = np.array([x[1] for x in per_fold])
        ff = np.array([x[2] for x in per_fold])
        macro_f = np.nanmean(np.nan_to_num(ff, nan=np.nan), axis=1)  # per-fold macro over themes present
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            for j, theme in enumerate(cb.themes):
                rows.append([name, theme.key, theme.label, p[j], r[j], f[j], low[j], high[j], np.nanmean(ff[:, j]),
                             np.nanstd(ff[:, j]), np.nanmin(ff[:, j]), np.nanmax(ff[:, j]), np.nanstd(fp[:, j]),
                             np.nanstd(fr[:, j]), int(truth[:, j].sum()), int(pred[:, j].sum())])
            rows.append([name, "macro", "", p.mean(), r.mean(), f.mean(), low[-1], high[-1], np.nanmean(macro_f),
                         np.nanstd(macro_f),
                         np.nanmin(macro_f), np.nanmax(macro_f), np.nan, np.nan, int(truth.sum()), int(pred.sum())])
    out = pd.DataFrame(rows, columns=_SCORE_COLUMNS)
    out.attrs.update(n_splits=n_splits, n_sentences=len(labels), n_groups=len(set(groups)),
                     n_reports=len(set(groups)), seconds=round(time.perf_counter() - started, 2))
    return out


def score_predictions(truth: Sequence[object], predicted: Sequence[object], *,
                      codebook: Codebook | str | Path | None = None,
                      groups: Sequence[object] | None = None) -> pd.DataFrame:
    """Per-theme precision, recall, F1 and the macro row of one set of predictions.

    Used for the held-out data, which are scored once (no folds, so no spread). With
    ``groups`` (the body of each sentence), ``f1_low`` and ``f1_high`` give the 95 %
    interval of each F1 from resampling bodies (:func:`f1_interval`).

    Examples
    --------
    >>> score_predictions([("request_handling",), ()], [("request_handling",), ()]).set_index("theme").loc[
    ...     "request_handling", "f1"]
    np.float64(1.0)
    """
    cb = _as_codebook(codebook)
    t = _as_label_matrix(list(truth), cb).astype(bool)
    pr = _as_label_matrix(list(predicted), cb).astype(bool)
    p, r, f = (np.nan_to_num(x) for x in _prf(t, pr))
    rows = [[th.key, th.label, p[j], r[j], f[j], int(t[:, j].sum()), int(pr[:, j].sum())] for j, th in enumerate(cb.themes)]
    rows.append(["macro", "", p.mean(), r.mean(), f.mean(), int(t.sum()), int(pr.sum())])
    out = pd.DataFrame(rows, columns=["theme", "label", "precision", "recall", "f1", "support", "predicted"])
    if groups is not None:
        low, high = f1_interval(t, pr, groups)
        out.insert(5, "f1_low", low)
        out.insert(6, "f1_high", high)
    return out


def _describe(clf: ThemeClassifier) -> str:
    """The method, with any parameter that differs from the default, e.g. ``hybrid(threshold='cv')``."""
    defaults = ThemeClassifier().get_params()
    changed = [f"{k}={v!r}" for k, v in clf.get_params().items()
               if k not in ("method", "codebook") and v != defaults[k]]
    return f"{clf.method}({', '.join(changed)})" if changed else clf.method


def _training_data(annotations: pd.DataFrame | None) -> pd.DataFrame:
    ann = load_labelled("train") if annotations is None else annotations
    return ann[ann["sentence"].str.strip().astype(bool)]


def evaluate_default(*, n_splits: int = 5, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Grouped-by-body cross-validation of the rules and the default model on all labelled training data.

    The data are :func:`~ogi_nlp.themes.annotations.load_labelled` ``("train")``: the
    bundled sentences and the dev-page train rows, **never** the frozen test split.
    Rows for ``rules``, ``hybrid`` (the default model without sections,
    ``load_default()``) and ``hybrid+sections`` (``load_default(sections=True)``).
    This is what ``ogi-nlp evaluate`` prints.

    Returns
    -------
    DataFrame
        As :func:`evaluate` (folds grouped by body).
    """
    data = _training_data(data)
    labels, groups = data["labels"].tolist(), data["body"].tolist()
    plain = evaluate([ThemeClassifier(method="rules"), ThemeClassifier(method=DEFAULT_METHOD)],
                     data.assign(section=""), labels, groups, n_splits=n_splits)
    with_sections = evaluate(ThemeClassifier(method=DEFAULT_METHOD), data, labels, groups, n_splits=n_splits)
    out = pd.concat([plain, with_sections], ignore_index=True)
    out.attrs.update(plain.attrs, seconds=plain.attrs["seconds"] + with_sections.attrs["seconds"])
    return out


def evaluate_final_test(*, sections: bool = True, classifier: ThemeClassifier | None = None,
                        split: str = "test") -> pd.DataFrame:
    """Score the final model ONCE on held-out data (never use it to choose anything).

    Parameters
    ----------
    sections : bool
        Score the model that reads sections (``True``) or the one that does not.
    classifier : ThemeClassifier, optional
        A fitted classifier; default the bundled one (:meth:`ThemeClassifier.load_default`).
    split : {"test", "heldout"}
        ``"test"``: the frozen test split of the dev pages; ``"heldout"``: the
        dev-table bodies held out before their labelling.

    Returns
    -------
    DataFrame
        As :func:`score_predictions`; ``attrs`` records ``n_sentences`` and ``n_groups``.
    """
    if split not in ("test", "heldout"):
        raise ValueError(f"split={split!r}: score held-out data only ('test' or 'heldout')")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        test = load_labelled(split)
    if test.empty:
        raise ValueError(f"the {split} split has no labelled sentences (its file in corpora/annotations/ is missing)")
    clf = ThemeClassifier.load_default(sections=sections) if classifier is None else classifier
    frame = test if sections else test.assign(section="")
    out = score_predictions(test["labels"].tolist(), clf.predict(frame), codebook=clf.codebook_,
                            groups=test["body"].tolist())
    out.attrs.update(n_sentences=len(test), n_groups=test["body"].nunique(), n_docs=test["doc"].nunique())
    return out


def train_default(path: str | Path | None = None, *, method: str = DEFAULT_METHOD,
                  sections: bool = False, data: pd.DataFrame | None = None) -> ThemeClassifier:
    """Fit a default classifier on all labelled training data and save it.

    The data are :func:`~ogi_nlp.themes.annotations.load_labelled` ``("train")``
    (bundled sentences and dev-page train rows, never the frozen test split); the
    inner cross-validation (calibration, thresholds) is grouped by body.

    Parameters
    ----------
    path : str or Path, optional
        Where to write; ``None`` writes the package's own
        ``ogi_nlp/resources/theme_model.skops`` (``theme_model_sections.skops`` with
        ``sections=True``); that needs a writable source tree (editable install). Run
        both after the annotations or the codebook change
        (``python benchmarks/eval_themes.py --retrain``).
    method : str
        ``"hybrid"`` (the default method), ``"model"`` or ``"rules"``.
    sections : bool
        Also learn from the sections.
    data : DataFrame, optional
        Other labelled data of the same shape.

    Returns
    -------
    ThemeClassifier
        The fitted classifier; its ``fit_seconds_`` records the training time.
    """
    data = _training_data(data)
    if not sections:
        data = data.assign(section="")
    started = time.perf_counter()
    clf = ThemeClassifier(method=method).fit(data, data["labels"].tolist(), groups=data["body"].tolist())
    clf.fit_seconds_ = round(time.perf_counter() - started, 3)
    if path is None:
        name = SECTIONS_MODEL_FILE if sections else DEFAULT_MODEL_FILE
        path = Path(str(resources.files("ogi_nlp.resources").joinpath(name)))
    clf.save(path)
    save_arrays(clf, Path(path).with_suffix(".npz"), skops_file=path)  # the fast form load_default reads
    return clf


def train_classifier(annotations: pd.DataFrame | str | Path, *, codebook: Codebook | str | Path | None = None,
                     method: str = DEFAULT_METHOD, use_sections: bool = False,
                     evaluate_splits: int | None = None) -> ThemeClassifier:
    """A classifier for your own codebook from your own labelled sentences.

    Parameters
    ----------
    annotations : DataFrame, str or Path
        A CSV file (or its DataFrame) with columns ``doc``, ``sentence``, ``labels``
        (and ``section`` when ``use_sections``; optionally ``body``, the grouping unit
        of the cross-validation, else ``doc``), sentences of each document in order;
        see :func:`load_annotations`.
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
    labels = ann["labels"].tolist()
    groups = ann["body"].tolist() if "body" in ann.columns else ann["doc"].tolist()
    frame = ann[["doc", "sentence"]].copy()
    frame["section"] = ann["section"].tolist() if use_sections else ""
    if "is_heading" in ann.columns:
        frame["is_heading"] = ann["is_heading"].tolist()
    clf = ThemeClassifier(method=method, codebook=cb)
    scores = None
    if evaluate_splits is not None:
        scores = evaluate(clf, frame, labels, groups, n_splits=evaluate_splits)
    clf.fit(frame, labels, groups=groups)
    if scores is not None:
        clf.scores_ = scores
    return clf


def theme_shares(sentences: pd.DataFrame, *, include_headings: bool = False, report: str | None = None,
                 labels: str | None = None, codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Share of each report's sentences per theme; headings are left out unless asked for.

    A thin front to :func:`theme_profile` that finds the usual column names: the
    report in ``report`` or ``doc``, the labels in ``themes`` or ``labels``.

    Parameters
    ----------
    sentences : DataFrame
        Labelled sentences (e.g. a corpus's sentence table, or :func:`cross_val_labels`
        output for sentences the model was trained on).
    include_headings : bool
        Count headings (``is_heading``) as sentences.
    report, labels : str, optional
        Column names, when not the usual ones.

    Examples
    --------
    >>> frame = pd.DataFrame({"report": ["a", "a", "a"], "is_heading": [True, False, False],
    ...                       "themes": ["review_litigation", "review_litigation", ""]})
    >>> float(theme_shares(frame).loc["a", "review_litigation"])
    0.5
    >>> float(theme_shares(frame, include_headings=True).loc["a", "review_litigation"])
    0.6666666666666666
    """
    report = report or next((c for c in ("report", "doc") if c in sentences.columns), "report")
    labels = labels or next((c for c in ("themes", "labels") if c in sentences.columns), "themes")
    return theme_profile(sentences, report=report, labels=labels, codebook=codebook,
                         include_headings=include_headings)
