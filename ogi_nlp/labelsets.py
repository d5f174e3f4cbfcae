"""Sets of theme labels as tables: one-hot encoding and a multi-label confusion matrix.

A sentence carries zero, one or several themes, so the usual single-label
confusion matrix does not apply.  :func:`one_hot_labels` turns label cells
(tuples of keys, or keys joined by ``;``) into a 0/1 frame with one column per
theme; :func:`multilabel_confusion` sets two such codings against each other:
of the sentences one coding gives theme *i*, the share to which the other gives
theme *j* (the diagonal is recall; off the diagonal, where the themes go).

Examples
--------
>>> one_hot_labels(["request_handling", "", "request_handling;platform_building"],
...                keys=["platform_building", "request_handling"]).values.tolist()
[[0, 1], [0, 0], [1, 1]]
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .errors import CodebookError
from .themes import load_codebook

__all__ = ["label_matrix", "one_hot_labels", "multilabel_confusion"]

_SPLIT = re.compile(r"[;；,，|\s]+")


def _keys_of(cell: object, where: str, allowed: set[str], none_label: str) -> list[str]:
    if cell is None or (isinstance(cell, float) and cell != cell) or cell is pd.NA:
        return []
    items = [s for s in _SPLIT.split(cell.strip()) if s] if isinstance(cell, str) else [str(s).strip() for s in cell if str(s).strip()]  # type: ignore[union-attr]
    out = []
    for item in items:
        if item == none_label:
            continue
        if item not in allowed:
            raise CodebookError(f"{where}: unknown theme {item!r}; allowed: {', '.join(sorted(allowed))} or {none_label!r}")
        out.append(item)
    return out


def _default_keys(keys: Sequence[str] | None) -> list[str]:
    if keys is not None:
        return list(keys)
    return list(load_codebook().keys)


def label_matrix(labels: Sequence[object], *, keys: Sequence[str] | None = None,
                 none_label: str = "other", name: str = "labels") -> np.ndarray:
    """Label cells as a boolean indicator matrix: one row per cell, one column per key.

    The one place where label cells become indicators (:func:`one_hot_labels`
    and :func:`ogi_nlp.agreement.cohen_kappa_per_theme` use it).

    Parameters
    ----------
    labels : sequence
        Label cells, as for :func:`one_hot_labels`.
    keys : sequence of str, optional
        The themes, in column order (default: the bundled codebook's keys).
    none_label : str, default "other"
    name : str, default "labels"
        How an error names the input (``labels[3]: unknown theme …``).

    Raises
    ------
    ogi_nlp.errors.CodebookError
        A cell names a theme not in ``keys``.

    Examples
    --------
    >>> label_matrix(["b", "a;b", "other"], keys=["a", "b"]).astype(int).tolist()
    [[0, 1], [1, 1], [0, 0]]
    """
    columns = _default_keys(keys)
    allowed = set(columns)
    position = {k: j for j, k in enumerate(columns)}
    y = np.zeros((len(labels), len(columns)), dtype=bool)
    for i, cell in enumerate(labels):
        for key in _keys_of(cell, f"{name}[{i}]", allowed, none_label):
            y[i, position[key]] = True
    return y


def one_hot_labels(labels: Sequence[object], *, keys: Sequence[str] | None = None,
                   none_label: str = "other", index: Sequence[object] | pd.Index | None = None) -> pd.DataFrame:
    """One row per sentence, one 0/1 column per theme.

    Parameters
    ----------
    labels : sequence
        Label cells: tuples or lists of keys, or keys joined by ``;`` (``""``,
        ``None`` or ``"other"`` for no theme).  A pandas Series keeps its index.
    keys : sequence of str, optional
        The themes, in column order (default: the bundled codebook's keys).
    none_label : str, default "other"
    index : sequence, optional
        Row index (default: the Series' index, else 0..n-1).

    Returns
    -------
    pandas.DataFrame
        Integer columns, one per key.

    Raises
    ------
    ogi_nlp.errors.CodebookError
        A cell names a theme not in ``keys`` (the message gives the row).

    Examples
    --------
    >>> one_hot_labels([("review_litigation",), ()]).sum().loc["review_litigation"]
    np.int64(1)
    """
    columns = _default_keys(keys)
    if index is None:
        index = labels.index if isinstance(labels, pd.Series) else pd.RangeIndex(len(labels))
    y = label_matrix(labels, keys=columns, none_label=none_label)
    return pd.DataFrame(y.astype("int64"), columns=columns, index=index)


def multilabel_confusion(true: Sequence[object], predicted: Sequence[object], *,
                         keys: Sequence[str] | None = None, normalize: bool = True,
                         include_other: bool = False) -> pd.DataFrame:
    """Where each theme's sentences go: rows the reference theme, columns the predicted one.

    Cell (*i*, *j*) counts the sentences that the reference gives theme *i* and
    the prediction gives theme *j*; with ``normalize`` it is divided by the
    sentences of theme *i*, so the diagonal is each theme's recall.  A sentence
    with two themes counts in two rows, so rows do not sum to 1.

    Parameters
    ----------
    true, predicted : sequences of label cells, of equal length
    keys : sequence of str, optional
        Default: the bundled codebook's keys.
    normalize : bool, default True
        Shares of each row's sentences; ``False`` for counts.
    include_other : bool, default False
        Add a column ``other`` (sentences of theme *i* predicted with no theme)
        and a row ``other`` (sentences without a theme, by predicted theme).

    Returns
    -------
    pandas.DataFrame
        Index ``true``, columns ``predicted``; a row with no sentence is NaN
        when normalised (no share to give), never 0.

    Examples
    --------
    >>> m = multilabel_confusion(["platform_building", "platform_building;proactive_disclosure", ""],
    ...                          ["platform_building", "proactive_disclosure", "proactive_disclosure"],
    ...                          keys=["platform_building", "proactive_disclosure"], include_other=True)
    >>> m.loc["platform_building"].tolist(), m.loc["other"].tolist()
    ([0.5, 0.5, 0.0], [0.0, 1.0, 0.0])
    """
    true, predicted = list(true), list(predicted)
    if len(true) != len(predicted):
        raise ValueError(f"true has {len(true)} cells, predicted {len(predicted)}; expected the same sentences")
    columns = _default_keys(keys)
    a = one_hot_labels(true, keys=columns)
    b = one_hot_labels(predicted, keys=columns)
    if include_other:
        a["other"] = (a.sum(axis=1) == 0).astype("int64")
        b["other"] = (b.sum(axis=1) == 0).astype("int64")
    counts = a.T @ b
    counts.index.name, counts.columns.name = "true", "predicted"
    if not normalize:
        return counts
    support = a.sum()
    return counts.astype(float).div(support.where(support > 0), axis=0)
