"""Agreement between two sets of theme labels: Cohen's kappa per theme.

Multi-label theme coding is judged one theme at a time: for each theme, both
raters say yes or no for every sentence, and Cohen's kappa corrects their raw
agreement for the agreement expected by chance from each rater's own rate.
The two raters can be two people, a person and the bundled hand labels, or a
person and a classifier.

Examples
--------
>>> a = ["request_handling", "platform_building", "", "platform_building;proactive_disclosure"]
>>> b = ["request_handling", "platform_building", "", "platform_building"]
>>> k = cohen_kappa_per_theme(a, b).set_index("theme")
>>> float(k.loc["platform_building", "kappa"]), float(k.loc["proactive_disclosure", "kappa"])
(1.0, 0.0)
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .labelsets import label_matrix
from .themes.codebook import Codebook, load_codebook

__all__ = ["cohen_kappa_per_theme"]

_COLUMNS = ["theme", "label", "n", "yes_a", "yes_b", "yes_both", "observed", "expected", "kappa"]


def _matrix(labels: Sequence[object], cb: Codebook, name: str) -> np.ndarray:
    return label_matrix(labels, keys=cb.keys, none_label=cb.none_label, name=name)


def cohen_kappa_per_theme(
    labels_a: Sequence[object],
    labels_b: Sequence[object],
    *,
    codebook: Codebook | str | Path | None = None,
) -> pd.DataFrame:
    """Cohen's kappa between two raters, one theme at a time, and their mean.

    Parameters
    ----------
    labels_a, labels_b : sequences of equal length
        One label cell per sentence: theme keys joined by ``";"`` (or a tuple
        of keys); ``""`` or ``"other"`` for no theme.
    codebook : Codebook or path, optional
        The themes to score (default: the bundled codebook).

    Returns
    -------
    pandas.DataFrame
        One row per theme (codebook order): ``n`` sentences, ``yes_a``,
        ``yes_b``, ``yes_both``, ``observed`` agreement (share of sentences on
        which the raters agree about the theme), ``expected`` agreement by
        chance, and ``kappa`` = (observed - expected) / (1 - expected).
        ``kappa`` is NaN when expected agreement is 1 (both raters never, or
        always, use the theme: nothing to measure).  A last row ``macro`` holds
        the mean of the defined kappas.  ``attrs["n_themes_scored"]`` counts them.

    Raises
    ------
    ValueError
        If the two sequences differ in length or are empty.
    ogi_nlp.errors.CodebookError
        If a cell names a theme not in the codebook (the message says which cell).

    Examples
    --------
    >>> k = cohen_kappa_per_theme(["review_litigation", ""], ["review_litigation", "review_litigation"])
    >>> k.set_index("theme").loc["review_litigation", ["observed", "kappa"]].tolist()
    [0.5, 0.0]
    """
    labels_a, labels_b = list(labels_a), list(labels_b)
    if len(labels_a) != len(labels_b):
        raise ValueError(f"labels_a has {len(labels_a)} cells, labels_b {len(labels_b)}; expected the same sentences")
    if not labels_a:
        raise ValueError("no labels given; expected one cell per sentence")
    if codebook is None:
        cb = load_codebook()
    elif isinstance(codebook, Codebook):
        cb = codebook
    else:
        cb = load_codebook(codebook)
    a, b = _matrix(labels_a, cb, "labels_a"), _matrix(labels_b, cb, "labels_b")
    n = len(labels_a)
    rows = []
    for j, theme in enumerate(cb.themes):
        pa, pb = a[:, j].mean(), b[:, j].mean()
        observed = float((a[:, j] == b[:, j]).mean())
        expected = float(pa * pb + (1 - pa) * (1 - pb))
        kappa = np.nan if np.isclose(expected, 1.0) else (observed - expected) / (1 - expected)
        rows.append([theme.key, theme.label, n, int(a[:, j].sum()), int(b[:, j].sum()),
                     int((a[:, j] & b[:, j]).sum()), observed, expected, float(kappa)])
    frame = pd.DataFrame(rows, columns=_COLUMNS)
    scored = frame["kappa"].dropna()
    macro = float(scored.mean()) if len(scored) else np.nan
    frame.loc[len(frame)] = ["macro", "", n, int(a.sum()), int(b.sum()), int((a & b).sum()),
                             float(frame["observed"].mean()), float(frame["expected"].mean()), macro]
    frame.attrs["n_themes_scored"] = int(len(scored))
    return frame
