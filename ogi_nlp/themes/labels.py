"""Theme labels on a sentence table and each report's theme profile, without scikit-learn.

:func:`label_sentences` adds the bundled model's (or a given classifier's) themes
to a sentence table; :func:`theme_profile` turns labelled sentences into each
report's share of sentences per theme. Neither imports scikit-learn (the bundled
model is scored by :class:`ogi_nlp.themes.predict.ThemeScorer`), so a corpus
build labels its sentences without loading it.

Examples
--------
>>> frame = pd.DataFrame({"report": ["a", "a"], "text": ["我局门户网站完成改版。", "特此通知。"]})
>>> labelled = label_sentences(frame)
>>> labelled["themes"].tolist()
[('platform_building',), ()]
>>> theme_profile(labelled, report="report", labels="themes")[["platform_building", "other"]].values.tolist()
[[0.5, 0.5]]
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .codebook import Codebook, _as_codebook, label_matrix
from .predict import ThemeScorer, _clean, _context, _context_of, bundled_scorer, context_frame

if TYPE_CHECKING:
    from .model import ThemeClassifier

__all__ = ["label_sentences", "theme_profile", "default_classifier"]


def default_classifier(*, sections: bool = False) -> Any:
    """The bundled model: scored from its array sidecar without scikit-learn
    (:func:`~ogi_nlp.themes.predict.bundled_scorer`), or, when the sidecar is stale,
    :meth:`ThemeClassifier.load_default <ogi_nlp.themes.ThemeClassifier.load_default>` itself.
    Either gives the same scores and labels.
    """
    scorer = bundled_scorer(sections=sections)
    if scorer is not None:
        return scorer
    from .model import ThemeClassifier

    return ThemeClassifier.load_default(sections=sections)


def _as_label_matrix(labels: Sequence[object], cb: Codebook) -> np.ndarray:
    return label_matrix(labels, cb.keys, none_label=cb.none_label).astype(int)


def label_sentences(sentences: pd.DataFrame, *, classifier: ThemeClassifier | None = None, text: str = "text",
                    section: str | None = "section", probabilities: bool = False) -> pd.DataFrame:
    """Add a ``themes`` column (tuple of theme keys, ``()`` = other) to a sentence table.

    Parameters
    ----------
    sentences : DataFrame
        One row per sentence in document order, e.g. ``Report.sentences()`` (columns
        ``text``, ``section``, ``is_heading``, ``report``...): the model reads each
        sentence's section and the sentences before it within the same report.
    classifier : ThemeClassifier, optional
        A fitted classifier; default: the bundled hybrid model (:func:`default_classifier`,
        read from its array sidecar), the one that reads headings and neighbours but not
        the section finder's sections: on reports of other bodies it scored better, see
        ``corpora/annotations/README.md``.
    text, section : str
        Column names; ``section=None`` ignores sections (only a classifier trained
        with sections reads them).
    probabilities : bool
        Also add ``p_<theme>``: each theme's calibrated probability.

    Returns
    -------
    DataFrame
        A copy of ``sentences`` with ``themes`` (and the probabilities) added.

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
        classifier = default_classifier()
    out = sentences.copy()
    keys = list(classifier.classes_) if hasattr(classifier, "classes_") else []
    if not len(out):
        out["themes"] = []
        if probabilities:
            for key in keys:
                out[f"p_{key}"] = pd.Series(dtype=float)
        return out
    proba, out["themes"] = _scores(sentences, classifier, text=text, section=section if has_sections else None)
    if probabilities:
        for j, key in enumerate(classifier.classes_):
            out[f"p_{key}"] = proba[:, j]
    return out



def _scores(sentences: pd.DataFrame, classifier: Any, *, text: str = "text",
            section: str | None = "section") -> tuple[Any, list[tuple[str, ...]]]:
    """The classifier's probabilities (sentences x ``classes_``) and label tuples for a
    non-empty sentence frame, read in document order with its context (see
    :func:`label_sentences`, which adds them as columns)."""
    doc = next((c for c in ("report", "doc", "file") if c in sentences.columns), None)
    sections = sentences[section].tolist() if section is not None and section in sentences.columns \
        else [""] * len(sentences)
    # the scorer reads the context as arrays; another classifier gets the frame it was written for
    make = _context if isinstance(classifier, ThemeScorer) else context_frame
    proba = classifier.decision_scores(make(sentences, text=text, doc=doc, sections=sections))
    return proba, classifier.labels_from_proba(proba)


def _scores_of(columns: dict[str, list[Any]], classifier: Any) -> tuple[np.ndarray, list[tuple[str, ...]]] | None:
    """:func:`_scores` of the sentence frame whose columns ``columns`` are (lists: ``text``,
    ``report``, ``section``, ``is_heading``, as ``Report._sentence_columns`` holds them, at least
    one sentence), read from the lists without a frame; ``None`` for a classifier other than a
    :class:`~ogi_nlp.themes.predict.ThemeScorer` (it reads a frame).

    >>> from ogi_nlp.themes.predict import bundled_scorer
    >>> columns = {"text": ["网站改版。"], "report": ["a"], "section": ["platform"], "is_heading": [False]}
    >>> _scores_of(columns, bundled_scorer())[1]
    [('platform_building',)]
    """
    if not isinstance(classifier, ThemeScorer):
        return None
    # the values _context reads from a frame's columns
    texts = [t if type(t) is str else _clean(t) for t in columns["text"]]
    docs = [d if type(d) is str else _clean(d) for d in columns["report"]]
    heads = np.array(columns["is_heading"], dtype=bool)  # the frame's column (Report._sentences)
    proba = classifier.decision_scores(_context_of(texts, docs, columns["section"], heads))
    return proba, classifier.labels_from_proba(proba)


def theme_profile(sentences_with_labels: pd.DataFrame, *, report: str = "doc", labels: str = "labels",
                  codebook: Codebook | str | Path | None = None, include_headings: bool = False) -> pd.DataFrame:
    """Share of each report's sentences carrying each theme (headings left out by default).

    Parameters
    ----------
    sentences_with_labels : DataFrame
        One row per sentence with a report column and a labels column (tuples of
        theme keys or ``";"``-joined strings), and ideally ``is_heading``.
    report, labels : str
        Names of those columns.
    codebook : optional
        Codebook defining the theme columns (default: the bundled one).
    include_headings : bool
        Count headings as sentences. By default rows with ``is_heading`` true are
        left out: a heading such as ``四、…行政复议、行政诉讼情况`` names a part of
        the report, it is not a sentence about review.

    Returns
    -------
    DataFrame
        Indexed by report (sorted), one column per theme plus ``other`` (share of
        sentences with no theme) and ``n_sentences`` (sentences counted). Shares of
        themes sum to more than 1 when sentences carry several themes.
    """
    cb = _as_codebook(codebook)
    for col in (report, labels):
        if col not in sentences_with_labels.columns:
            raise ValueError(f"column {col!r} not found; columns: {list(sentences_with_labels.columns)}")
    if not isinstance(include_headings, bool):
        raise ValueError(f"include_headings={include_headings!r} is not allowed; give True or False")
    rows = sentences_with_labels
    if not include_headings and "is_heading" in rows.columns:
        rows = rows[~rows["is_heading"].fillna(False).astype(bool).to_numpy()]
    y = _as_label_matrix(rows[labels].tolist(), cb)
    frame = pd.DataFrame(y, columns=list(cb.keys), index=rows.index)
    frame[cb.none_label] = (y.sum(axis=1) == 0).astype(int)
    frame[report] = rows[report].to_numpy()
    grouped = frame.groupby(report, sort=True)
    out = grouped.mean()
    out["n_sentences"] = grouped.size()
    return out
