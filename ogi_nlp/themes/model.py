"""ThemeClassifier: sentences -> theme keys (multi-label), by rules or a trained model.

Three methods, one interface (scikit-learn conventions):

``"rules"``
    The transparent baseline: a theme is assigned when one of its cue words or
    patterns from the codebook occurs in the sentence. ``fit`` learns nothing; it
    only records the codebook.
``"model"``
    One logistic regression per theme (class weights balanced) over the features of
    :class:`~ogi_nlp.themes.features.SentenceFeatures`: TF-IDF of words (fast jieba
    segmenter, HMM off) and of character 1-3-grams, the section, the heading flag and
    the position in the section, and (``context=True``) the words of the previous
    sentence. Deterministic: liblinear with a fixed ``random_state``.
``"hybrid"``
    The same with the codebook's cue counts (of the sentence and of the two before
    it) as extra features: cue words count as evidence without overruling what the
    labelled data shows. The default.

Model and hybrid run one inner cross-validation on the training data, grouped by body
(or report) when ``fit`` gets ``groups``: its out-of-fold scores calibrate each theme's
probability (Platt scaling, ``calibrate=True``) and choose each theme's threshold as
the one that maximises F1 (``threshold="cv"``). Then the final model is fitted on all
of the training data.

Sentences in document order, as a DataFrame (``Report.sentences()``, a corpus's
sentence table) give the model their section and their neighbours; a plain list of
strings is a list of independent sentences.

Fitted classifiers are saved and loaded with skops (no pickle): :meth:`save`,
:meth:`ThemeClassifier.load` (which accepts only the types this model is made of);
:meth:`ThemeClassifier.load_default` returns the bundled model.

Examples
--------
>>> clf = ThemeClassifier(method="rules").fit()
>>> clf.predict(["全年共受理政府信息公开申请20件，均按期答复。"])
[('request_handling',)]
"""
from __future__ import annotations

import json
import warnings
import zipfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import InconsistentVersionWarning
from sklearn.exceptions import NotFittedError as _SklearnNotFittedError
from sklearn.linear_model import LogisticRegression

from ..errors import CodebookError, NotFittedError, OGIWarning, ReadError, ReportError
from .annotations import load_labelled
from .codebook import Codebook, _as_codebook, parse_labels
from .features import CHANNEL_SIGNALS, SentenceFeatures, context_frame
from .predict import (ARRAYS_FORMAT, DEFAULT_MODEL_FILE, FORMAT_VERSION, SECTIONS_MODEL_FILE, _sha256, calibrated,
                      decode_params, labels_at, model_frame, read_arrays, sklearn_version, stack)
from .predict import margins as _stacked_margins
from .rules import CueFeatures, cue_counts, cue_hits

__all__ = ["ThemeClassifier", "ThemeNotFittedError", "METHODS", "CHANNEL_THEMES", "DEFAULT_MODEL_FILE",
           "SECTIONS_MODEL_FILE", "TRUSTED_TYPES"]

METHODS = ("model", "rules", "hybrid")
_FORMAT = "ogi_nlp.ThemeClassifier"
_FORMAT_VERSION = FORMAT_VERSION
#: The only types :meth:`ThemeClassifier.load` accepts from a file (beyond skops's
#: built-in safe ones): exactly what a saved ThemeClassifier is made of.
TRUSTED_TYPES = frozenset({
    "ogi_nlp.themes.features.SentenceFeatures",
    "ogi_nlp.themes.features.normalise",
    "ogi_nlp.themes.features.words",
    "ogi_nlp.themes.rules.CueFeatures",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "builtins.tuple",
})
_PLAIN_TYPES = frozenset({"builtins.dict", "builtins.list", "builtins.str", "builtins.int", "builtins.float",
                          "builtins.bool", "builtins.NoneType"})
#: Themes whose models read the channel signals by default (the spec's boundary
#: between building a channel and publishing through it).
CHANNEL_THEMES = ("platform_building", "proactive_disclosure")
_THRESHOLD_GRID = tuple(sorted(np.round(np.arange(0.1, 0.91, 0.05), 2), key=lambda t: (abs(t - 0.5), t)))


class ThemeNotFittedError(NotFittedError, _SklearnNotFittedError):
    """A ThemeClassifier used before ``fit``: both ogi_nlp's and scikit-learn's NotFittedError."""


class ThemeClassifier(ClassifierMixin, BaseEstimator):
    """Assign codebook themes to sentences (multi-label; no theme = ``other``).

    Parameters
    ----------
    method : {"hybrid", "model", "rules"}
        See the module docstring.
    codebook : Codebook, str, Path or None
        The codebook; ``None`` uses the bundled default (nine themes).
    C : float
        Inverse regularisation strength of each logistic regression.
    threshold : float or "cv"
        Probability at or above which a theme is assigned (model and hybrid); for
        rules, a score of 0.5 means one cue matched. ``"cv"`` chooses one threshold
        per theme (0.1 to 0.9) that maximises F1 on the inner out-of-fold
        probabilities.
    calibrate : bool
        Platt-scale each theme's score on the inner out-of-fold scores, so that
        :meth:`predict_proba` is a calibrated probability.
    context : bool
        Read the two sentences before each sentence (DataFrame input only).
    char_ngrams : tuple of int
        Range of character n-gram lengths.
    inner_splits : int
        Folds of the inner cross-validation (grouped when ``fit`` gets ``groups``).
    random_state : int
        Seed passed to the solver, for reproducible fits.
    channel_themes : tuple of str
        Themes whose models read the channel signals of
        :func:`~ogi_nlp.themes.features.channel_signals` (model and hybrid): whether
        a channel is named, built/run/checked, measured by its reach, or only the
        means through which a volume was published, the codebook's boundary between
        platform building and proactive disclosure. The other themes' models do not
        see them. ``()`` for none; keys not in the codebook are ignored.

    Attributes
    ----------
    codebook_ : Codebook
    classes_ : list of str
        Theme keys, the columns of :meth:`predict_proba`.
    features_ : SentenceFeatures
        The fitted featuriser (model and hybrid).
    estimators_ : list
        One fitted LogisticRegression per theme, or ``None`` for a theme that is
        constant in the training data (then ``constant_`` holds its value).
    calibration_ : ndarray, shape (n_themes, 2)
        Platt slope and intercept per theme (``[1, 0]`` without calibration).
    thresholds_ : ndarray
        The threshold of each theme.
    uses_sections_ : bool
        Whether the training data had sections.
    n_train_ : int
        Number of training sentences (0 for rules).

    Examples
    --------
    >>> ThemeClassifier(method="rules").fit().predict(["我局门户网站完成改版并上线运行。"])
    [('platform_building',)]
    >>> from sklearn.base import clone, is_classifier
    >>> is_classifier(ThemeClassifier()), clone(ThemeClassifier(C=3.0)).C
    (True, 3.0)
    """

    def __init__(self, method: str = "hybrid", *, codebook: Codebook | str | Path | None = None,
                 C: float = 10.0, threshold: float | str = "cv", calibrate: bool = True, context: bool = True,
                 char_ngrams: tuple[int, int] = (1, 3), inner_splits: int = 4, random_state: int = 0,
                 channel_themes: tuple[str, ...] = CHANNEL_THEMES) -> None:
        self.method = method
        self.codebook = codebook
        self.C = C
        self.threshold = threshold
        self.calibrate = calibrate
        self.context = context
        self.char_ngrams = char_ngrams
        self.inner_splits = inner_splits
        self.random_state = random_state
        self.channel_themes = channel_themes

    # -- fitting -----------------------------------------------------------------
    def fit(self, X: pd.DataFrame | Sequence[str] | None = None, y: Sequence[object] | None = None, *,  # noqa: N803
            groups: Sequence[object] | None = None, sections: Sequence[object] | None = None) -> ThemeClassifier:
        """Learn from labelled sentences (rules: only validate the codebook).

        Parameters
        ----------
        X : DataFrame or list of str
            Training sentences. A DataFrame in document order (columns ``sentence`` or
            ``text``; optionally ``section``, ``is_heading``, a report column ``doc`` /
            ``report``, or the ready columns of :func:`~ogi_nlp.themes.features.context_frame`)
            lets the model learn from sections and neighbours.
        y : list
            One label cell per sentence: a ``";"``-joined string of theme keys, a
            list of keys, or empty / ``"other"`` for no theme.
        groups : list, optional
            The body (or report) of each sentence: the inner cross-validation holds
            whole groups out (without groups, contiguous blocks of sentences).
        sections : list, optional
            The section of each sentence, when ``X`` is a list.

        Returns
        -------
        self

        Raises
        ------
        ValueError
            Bad parameters; inputs of different lengths; ``groups`` with one group.
        CodebookError
            A label that is not a theme of the codebook.
        """
        self._check_params()
        cb = _as_codebook(self.codebook)
        if self.method == "rules":
            if X is not None and y is not None:
                self._targets(X, y, cb)  # validate labels against the codebook
            self.codebook_ = cb
            self.classes_ = list(cb.keys)
            self.n_train_ = 0
            return self
        if X is None or y is None:
            raise ValueError(f"method={self.method!r} needs sentences and labels to fit")
        frame = self._frame(X, sections)
        _, Y = self._targets(frame["sentence"].tolist(), y, cb)
        self.uses_sections_ = bool((frame["section"] != "").any())
        n_themes = len(cb)
        thresholds = np.full(n_themes, 0.5 if self.threshold == "cv" else float(self.threshold))
        calibration = np.tile([1.0, 0.0], (n_themes, 1))
        if self.threshold == "cv" or self.calibrate:
            margins = self._inner_margins(frame, Y, groups, cb)
            if self.calibrate:
                calibration = _platt(margins, Y)
            if self.threshold == "cv":
                thresholds = _best_thresholds(calibrated(margins, calibration), Y)
        self.features_, self.estimators_, self.constant_ = self._fit_core(frame, Y, cb)
        self._stacked = None  # stacked weights of the previous fit, if any
        self.calibration_ = calibration
        self.thresholds_ = thresholds
        self.codebook_ = cb
        self.classes_ = list(cb.keys)
        self.n_train_ = len(frame)
        return self

    def _frame(self, X: pd.DataFrame | Sequence[str], sections: Sequence[object] | None = None) -> pd.DataFrame:  # noqa: N803
        return model_frame(X, sections, context=getattr(self, "context", True))

    def _inner_margins(self, frame: pd.DataFrame, Y: np.ndarray, groups: Sequence[object] | None,  # noqa: N803
                       cb: Codebook) -> np.ndarray:
        """Out-of-fold decision margins of the training data (inner cross-validation)."""
        from sklearn.model_selection import GroupKFold, KFold

        if groups is not None:
            groups = list(groups)
            if len(groups) != len(frame):
                raise ValueError(f"got {len(frame)} sentences but {len(groups)} groups")
            n = min(self.inner_splits, len(set(groups)))
            if n < 2:
                raise ValueError("threshold='cv' and calibrate=True need sentences from at least 2 reports (groups)")
            splits = list(GroupKFold(n_splits=n).split(frame, groups=groups))
        else:
            splits = list(KFold(n_splits=min(self.inner_splits, len(frame))).split(frame))
        margins = np.zeros(Y.shape)
        for train, test in splits:
            feats, ests, const = self._fit_core(frame.iloc[train], Y[train], cb)
            margins[test] = _margins(feats.transform(frame.iloc[test]), ests, const)
        return margins

    def _fit_core(self, frame: pd.DataFrame, Y: np.ndarray, cb: Codebook):  # noqa: N803
        cues = CueFeatures.from_codebook(cb) if self.method == "hybrid" else None
        feats = SentenceFeatures(char_ngrams=tuple(self.char_ngrams), cues=cues,
                                 sections=bool((frame["section"] != "").any()), context=bool(self.context),
                                 channel=any(k in cb.keys for k in self._channel_themes()))
        X = feats.fit_transform(frame)  # noqa: N806
        X_other = X  # noqa: N806
        if feats.channel:  # the other themes' models see the signal columns as zeros: their weights stay 0
            at = feats.channel_offset_
            mask = np.ones(X.shape[1])
            mask[at:at + len(CHANNEL_SIGNALS)] = 0.0
            X_other = X.multiply(mask.reshape(1, -1)).tocsr()  # noqa: N806
        ests: list[LogisticRegression | None] = []
        const = np.zeros(Y.shape[1])
        for j in range(Y.shape[1]):
            if Y[:, j].min() == Y[:, j].max():  # a theme absent (or everywhere) in this data
                ests.append(None)
                const[j] = float(Y[0, j]) if len(Y) else 0.0
                continue
            Xj = X if cb.keys[j] in self._channel_themes() else X_other  # noqa: N806
            ests.append(LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear", dual=True,
                                           random_state=self.random_state, max_iter=1000).fit(Xj, Y[:, j]))
        return feats, ests, const

    def _channel_themes(self) -> tuple[str, ...]:
        return tuple(getattr(self, "channel_themes", ()) or ())

    def _check_params(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method={self.method!r} is not allowed; allowed: {', '.join(map(repr, METHODS))}")
        if self.threshold != "cv" and (
            isinstance(self.threshold, bool) or not isinstance(self.threshold, (int, float))
            or not 0.0 < float(self.threshold) < 1.0
        ):
            raise ValueError(f"threshold={self.threshold!r} is not allowed; give a number between 0 and 1, or 'cv'")
        try:
            lo, hi = self.char_ngrams
            ok = 1 <= lo <= hi
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ValueError(f"char_ngrams={self.char_ngrams!r} is not allowed; give (min, max) with 1 <= min <= max")
        if isinstance(self.inner_splits, bool) or not isinstance(self.inner_splits, int) or self.inner_splits < 2:
            raise ValueError(f"inner_splits={self.inner_splits!r} is not allowed; give an integer >= 2")
        themes = getattr(self, "channel_themes", ())
        if isinstance(themes, str) or not all(isinstance(k, str) for k in (themes or ())):
            raise ValueError(f"channel_themes={themes!r} is not allowed; give a tuple of theme keys")
        for name in ("calibrate", "context"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name}={getattr(self, name)!r} is not allowed; give True or False")
        if isinstance(self.C, bool) or not isinstance(self.C, (int, float)) or not self.C > 0:
            raise ValueError(f"C={self.C!r} is not allowed; give a positive number")

    @staticmethod
    def _targets(sentences: pd.DataFrame | Sequence[str], labels: Sequence[object],
                 cb: Codebook) -> tuple[list[str], np.ndarray]:
        texts = context_frame(sentences)["sentence"].tolist() if not isinstance(sentences, list) else sentences
        cells = list(labels)
        if len(cells) != len(texts):
            raise ValueError(f"got {len(texts)} sentences but {len(cells)} label cells")
        y = np.zeros((len(texts), len(cb)), dtype=int)
        for i, cell in enumerate(cells):
            for key in parse_labels(cell, cb, where=f"labels[{i}]"):
                y[i, cb.keys.index(key)] = 1
        return texts, y

    # -- prediction ----------------------------------------------------------------
    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "classes_")

    def _check_fitted(self) -> None:
        if not hasattr(self, "classes_"):
            raise ThemeNotFittedError(
                f"this {type(self).__name__}(method={self.method!r}) is not fitted; call fit() first "
                "or use ThemeClassifier.load_default()"
            )

    def decision_function(self, X: pd.DataFrame | Sequence[str], *,  # noqa: N803
                          sections: Sequence[object] | None = None) -> np.ndarray:
        """Uncalibrated scores (sentence x theme): log-odds of each theme's model.

        For ``method="rules"``, the number of cues matched.

        Examples
        --------
        >>> ThemeClassifier(method="rules").fit().decision_function(["受理申请2件。"]).shape
        (1, 9)
        """
        self._check_fitted()
        frame = self._frame(X, sections)
        if self.method == "rules":
            return cue_counts(frame["sentence"].tolist(), self.codebook_)
        if not len(frame):
            return np.zeros((0, len(self.classes_)))
        key = (id(self.estimators_), id(self.constant_))
        cached = getattr(self, "_stacked", None)
        if cached is None or cached[0] != key:  # the weights of all themes as one matrix, once per fit/load
            cached = self._stacked = (key, _stack(self.estimators_, self.constant_))
        return _stacked_margins(self.features_.transform(frame), cached[1], self.constant_)

    def decision_scores(self, sentences: pd.DataFrame | Sequence[str], *,
                        sections: Sequence[object] | None = None) -> np.ndarray:
        """:meth:`predict_proba` as a bare array (sentence x theme)."""
        margins = self.decision_function(sentences, sections=sections)
        if self.method == "rules":
            return margins / (margins + 1.0)  # 0 cues -> 0, one -> 0.5, two -> 0.67 ...
        return calibrated(margins, self.calibration_)

    def predict_proba(self, X: pd.DataFrame | Sequence[str], *,  # noqa: N803
                      sections: Sequence[object] | None = None) -> pd.DataFrame:
        """Calibrated probability of each theme for each sentence.

        For ``method="rules"`` the score is ``n / (n + 1)`` for ``n`` cues matched,
        not a probability.

        Parameters
        ----------
        X : DataFrame or list of str
            Sentences (see :meth:`fit`); a DataFrame in document order gives the
            model sections and neighbours.
        sections : list, optional
            Section of each sentence, when ``X`` is a list.

        Returns
        -------
        DataFrame
            Indexed like ``X`` (a RangeIndex for a list: sentence texts are not
            unique), one column per theme key.

        Examples
        --------
        >>> clf = ThemeClassifier(method="rules").fit()
        >>> clf.predict_proba(["因政府信息公开被申请行政复议1件。"])["review_litigation"].round(2).tolist()
        [0.67]
        """
        frame = self._frame(X, sections)
        scores = self.decision_scores(frame)
        return pd.DataFrame(scores, index=frame.index, columns=list(self.classes_))

    def predict(self, X: pd.DataFrame | Sequence[str], *,  # noqa: N803
                sections: Sequence[object] | None = None) -> list[tuple[str, ...]]:
        """Theme keys of each sentence, in codebook order; ``()`` means ``other``.

        Arguments as in :meth:`predict_proba`.

        Examples
        --------
        >>> ThemeClassifier(method="rules").fit().predict(["本报告所列数据的统计期限自1月1日起至12月31日止。"])
        [()]
        """
        return self.labels_from_proba(self.decision_scores(X, sections=sections))

    def labels_from_proba(self, proba: pd.DataFrame | np.ndarray) -> list[tuple[str, ...]]:
        """Theme keys from :meth:`predict_proba` output (each theme's own threshold).

        Examples
        --------
        >>> clf = ThemeClassifier(method="rules").fit()
        >>> clf.labels_from_proba(clf.predict_proba(["网站改版。"]))
        [('platform_building',)]
        """
        self._check_fitted()
        return labels_at(proba, self.classes_, self._thresholds())

    def score(self, X: pd.DataFrame | Sequence[str], y: Sequence[object], sample_weight: object = None) -> float:  # noqa: N803
        """Macro F1 over the codebook's themes (what :func:`evaluate` reports as ``macro``)."""
        from sklearn.metrics import f1_score

        self._check_fitted()
        _, truth = self._targets(X if isinstance(X, list) else self._frame(X)["sentence"].tolist(), y, self.codebook_)
        _, pred = self._targets(["x"] * len(truth), self.predict(X), self.codebook_)
        return float(f1_score(truth, pred, average="macro", zero_division=0, sample_weight=sample_weight))

    def _thresholds(self) -> np.ndarray:
        if self.method == "rules" or not hasattr(self, "thresholds_"):
            return np.full(len(self.classes_), 0.5 if self.threshold == "cv" else float(self.threshold))
        return self.thresholds_

    # -- inspection ----------------------------------------------------------------
    def explain(self, sentence: str, *, section: str | None = None, previous: Sequence[str] = (),
                n: int = 10) -> pd.DataFrame:
        """The terms that drove each theme's score for one sentence.

        Parameters
        ----------
        sentence : str
        section : str, optional
            Its section.
        previous : list of str
            The sentences before it, nearest last (context).
        n : int
            Keep the ``n`` strongest terms per theme.

        Returns
        -------
        DataFrame
            Columns ``theme``, ``probability``, ``assigned``, ``feature`` (``w:`` word,
            ``c:`` character n-gram, ``cue:`` cue count, ``section:``, ``prev1 …``
            context; for rules the cue word itself), ``weight`` (its contribution to the
            theme's log-odds; 1 per cue for rules). Assigned themes first.

        Examples
        --------
        >>> clf = ThemeClassifier(method="rules").fit()
        >>> clf.explain("成立了政务公开工作领导小组。")[["theme", "feature"]].values.tolist()
        [['organization_oversight', '领导小组']]
        """
        self._check_fitted()
        if not isinstance(sentence, str):
            raise TypeError(f"sentence must be a string, found {type(sentence).__name__}")
        prev = [str(p) for p in previous][-2:]
        rows_in = pd.DataFrame({"text": prev + [sentence], "section": [section] * (len(prev) + 1), "doc": "x"})
        frame = self._frame(rows_in).iloc[[-1]]
        proba = self.decision_scores(frame)[0]
        cut = self._thresholds()
        rows = []
        if self.method == "rules":
            for key, found in cue_hits([sentence], self.codebook_)[0].items():
                j = self.classes_.index(key)
                rows += [(key, proba[j], bool(proba[j] >= cut[j]), cue, 1.0) for cue in found[:n]]
        else:
            x = self.features_.transform(frame).tocsr()
            names = self.features_.get_feature_names_out()
            for j, est in enumerate(self.estimators_):
                if est is None:
                    continue
                contrib = x.data * est.coef_[0][x.indices] * self.calibration_[j, 0]
                order = np.argsort(-np.abs(contrib), kind="stable")[:n]
                rows += [(self.classes_[j], proba[j], bool(proba[j] >= cut[j]),
                          names[x.indices[k]], float(contrib[k])) for k in order if contrib[k] != 0]
        frame_out = pd.DataFrame(rows, columns=["theme", "probability", "assigned", "feature", "weight"])
        if frame_out.empty:
            return frame_out
        frame_out["_abs"] = frame_out["weight"].abs()
        frame_out = frame_out.sort_values(["assigned", "probability", "_abs"], ascending=[False, False, False],
                                          kind="stable")
        return frame_out.drop(columns="_abs").reset_index(drop=True)

    def top_terms(self, theme: str, n: int = 20) -> pd.DataFrame:
        """The terms with the largest positive weights for ``theme``.

        For ``method="rules"`` these are the codebook's cue words and patterns, weight 1.

        Returns
        -------
        DataFrame
            Columns ``feature`` and ``weight``, strongest first.

        Examples
        --------
        >>> ThemeClassifier(method="rules").fit().top_terms("review_litigation", 2)["feature"].tolist()
        ['行政复议', '复议']
        """
        self._check_fitted()
        if theme not in self.classes_:
            raise ValueError(f"theme={theme!r} is not allowed; allowed: {', '.join(self.classes_)}")
        if self.method == "rules":
            t = self.codebook_[theme]
            feats = list(t.cues) + list(t.patterns)
            return pd.DataFrame({"feature": feats[:n], "weight": [1.0] * min(n, len(feats))})
        est = self.estimators_[self.classes_.index(theme)]
        if est is None:
            return pd.DataFrame({"feature": pd.Series(dtype=object), "weight": pd.Series(dtype=float)})
        coef = est.coef_[0]
        order = np.argsort(-coef, kind="stable")[:n]
        names = self.features_.get_feature_names_out()
        return pd.DataFrame({"feature": [names[k] for k in order], "weight": coef[order].astype(float)})

    # -- persistence ---------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Save the fitted classifier to a skops file (no pickle).

        Returns
        -------
        Path
            The file written.
        """
        import skops.io as sio

        self._check_fitted()
        params = {k: v for k, v in self.get_params().items() if k != "codebook"}
        params["char_ngrams"] = list(params["char_ngrams"])
        params["channel_themes"] = list(params.get("channel_themes") or ())
        payload: dict[str, Any] = {
            "format": _FORMAT,
            "format_version": _FORMAT_VERSION,
            "params": json.dumps(params),
            "codebook": json.dumps(self.codebook_.to_dict(), ensure_ascii=False),
            "n_train": int(self.n_train_),
        }
        if self.method != "rules":
            payload["features"] = self.features_
            payload["estimators"] = [e for e in self.estimators_ if e is not None]
            payload["has_estimator"] = [e is not None for e in self.estimators_]
            payload["constant"] = [float(c) for c in self.constant_]
            payload["calibration"] = [[float(a), float(b)] for a, b in self.calibration_]
            payload["thresholds"] = [float(t) for t in self.thresholds_]
            payload["uses_sections"] = bool(self.uses_sections_)
        path = Path(path)
        sio.dump(payload, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        return path

    @classmethod
    def load(cls, path: str | Path) -> ThemeClassifier:
        """Load a classifier saved by :meth:`save`.

        Only the types listed in :data:`TRUSTED_TYPES` (and plain dicts, lists,
        strings and numbers) are accepted from the file: the featuriser, its tokenizer
        and preprocessor, TF-IDF vectorisers, logistic regressions and NumPy values.
        Every type named in the file is checked, also those skops would trust on its
        own (e.g. ``FunctionTransformer``); a file holding anything else is refused
        before it is loaded.

        Raises
        ------
        ReadError
            The file is missing, not a saved ThemeClassifier, or holds other types.
        """
        import skops.io as sio

        path = Path(path)
        if not path.is_file():
            raise ReadError(path, "no such file")
        try:
            untrusted = sio.get_untrusted_types(file=path)
        except Exception as exc:  # skops raises a variety of errors on foreign files
            raise ReadError(path, f"not a skops file ({type(exc).__name__}: {exc})") from None
        foreign = sorted((set(untrusted) | _types_in(path)) - TRUSTED_TYPES - _PLAIN_TYPES)
        if foreign:
            raise ReadError(path, f"refusing to load types a ThemeClassifier is not made of: {foreign}")
        try:
            payload = sio.load(path, trusted=untrusted)
        except Exception as exc:
            raise ReadError(path, f"cannot load ({type(exc).__name__}: {exc})") from None
        return cls._from_payload(payload, str(path))

    @classmethod
    def _from_payload(cls, payload: dict, where: str) -> ThemeClassifier:
        if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
            raise ReadError(where, "not a saved ThemeClassifier")
        if payload.get("format_version") != _FORMAT_VERSION:
            raise ReadError(where, f"format version {payload.get('format_version')!r}, expected {_FORMAT_VERSION}; "
                                   "retrain and re-save it with this version")
        needed = ["params", "codebook", "n_train"]
        try:
            params = json.loads(payload.get("params", "{}"))
        except (TypeError, ValueError):
            raise ReadError(where, "saved ThemeClassifier has unreadable parameters") from None
        if params.get("method") != "rules":
            needed += ["features", "estimators", "has_estimator", "constant", "calibration", "thresholds",
                       "uses_sections"]
        missing = [k for k in needed if k not in payload]
        if missing:
            raise ReadError(where, f"saved ThemeClassifier lacks {missing}; re-save it with this version")
        params["char_ngrams"] = tuple(params["char_ngrams"])
        params["channel_themes"] = tuple(params.get("channel_themes") or ())  # files before it had none
        try:
            cb = Codebook.from_dict(json.loads(payload["codebook"]), where=f"{where} (codebook)")
        except CodebookError as exc:
            raise ReadError(where, str(exc)) from None
        clf = cls(codebook=cb, **params)
        clf.codebook_ = cb
        clf.classes_ = list(cb.keys)
        clf.n_train_ = int(payload["n_train"])
        if clf.method != "rules":
            if not isinstance(payload["features"], SentenceFeatures):
                raise ReadError(where, "saved ThemeClassifier holds no SentenceFeatures")
            fitted = iter(payload["estimators"])
            clf.features_ = payload["features"]
            clf.estimators_ = [next(fitted) if has else None for has in payload["has_estimator"]]
            clf.constant_ = np.asarray(payload["constant"], dtype=float)
            clf.calibration_ = np.asarray(payload["calibration"], dtype=float)
            clf.thresholds_ = np.asarray(payload["thresholds"], dtype=float)
            clf.uses_sections_ = bool(payload["uses_sections"])
        return clf

    @classmethod
    def load_default(cls, *, sections: bool = False) -> ThemeClassifier:
        """The default classifier (hybrid), trained on all labelled sentences outside the test split.

        Parameters
        ----------
        sections : bool
            ``False``: the model for sentences without sections (``theme_model.skops``).
            ``True``: the model that also reads each sentence's section
            (``theme_model_sections.skops``); give it a sentence table such as
            ``Report.sentences()`` (or ``sections=``). It finds problems and plans far
            better (see ``corpora/annotations/README.md``).

        Loaded once per process and shared: do not refit the returned object
        (``sklearn.base.clone`` it first). Made by :func:`ogi_nlp.themes.train_default`.

        Examples
        --------
        >>> ThemeClassifier.load_default().predict(["全年共受理政府信息公开申请20件，均按期答复。"])
        [('request_handling',)]
        """
        if not isinstance(sections, bool):
            raise ValueError(f"sections={sections!r} is not allowed; give True or False")
        name = SECTIONS_MODEL_FILE if sections else DEFAULT_MODEL_FILE
        if name not in _DEFAULT_MODELS:
            ref = resources.files("ogi_nlp.resources").joinpath(name)
            try:
                with warnings.catch_warnings():
                    # a file saved by another scikit-learn may predict differently: retrain instead
                    warnings.simplefilter("error", InconsistentVersionWarning)
                    with resources.as_file(ref) as p:
                        fast = load_arrays(p.with_suffix(".npz"), skops_file=p)
                        _DEFAULT_MODELS[name] = fast if fast is not None else cls.load(p)
            except (ReportError, InconsistentVersionWarning, TypeError, AttributeError) as exc:
                _DEFAULT_MODELS[name] = cls._train_bundled(sections=sections)
                warnings.warn(f"bundled model {name} could not be used ({type(exc).__name__}: {exc}); "
                              "trained the same model from the bundled annotations instead",
                              OGIWarning, stacklevel=2)
        return _DEFAULT_MODELS[name]

    @classmethod
    def _train_bundled(cls, *, sections: bool) -> ThemeClassifier:
        """Fit the default model on the labelled training data (as :func:`train_default`)."""
        data = load_labelled("train")
        if not sections:
            data = data.assign(section="")
        return cls(method="hybrid").fit(data, data["labels"].tolist(), groups=data["body"].tolist())


def _types_in(path: Path) -> set[str]:
    """Every type named in a skops file's schema, including those skops trusts by default.

    skops trusts many scikit-learn types on its own (``FunctionTransformer`` among
    them, which holds arbitrary callables); a ThemeClassifier is made of few types,
    so every one in the file is checked against :data:`TRUSTED_TYPES`.
    """
    try:
        with zipfile.ZipFile(path) as z:
            schema = json.loads(z.read("schema.json"))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(path, f"not a skops file ({type(exc).__name__}: {exc})") from None
    found: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("__module__"), str) and isinstance(node.get("__class__"), str):
                found.add(f"{node['__module__']}.{node['__class__']}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _margins(X, estimators: list, constant: np.ndarray, stacked: tuple | None = None) -> np.ndarray:  # noqa: N803
    """Decision margins of every theme in one sparse-dense product (``stacked`` from :func:`_stack`)."""
    return _stacked_margins(X, stacked if stacked is not None else _stack(estimators, constant), constant)


def _stack(estimators: list, constant: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coefficients (features x themes), intercepts and the themes without a model."""
    return stack([None if e is None else (e.coef_[0], e.intercept_[0]) for e in estimators])


def _platt(margins: np.ndarray, Y: np.ndarray) -> np.ndarray:  # noqa: N803
    """Slope and intercept per theme mapping out-of-fold margins to probabilities."""
    out = np.tile([1.0, 0.0], (Y.shape[1], 1))
    for j in range(Y.shape[1]):
        if Y[:, j].min() == Y[:, j].max():
            continue
        lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000).fit(margins[:, [j]], Y[:, j])
        if lr.coef_[0, 0] > 0:  # a scale that reverses the model's order is no calibration
            out[j] = [lr.coef_[0, 0], lr.intercept_[0]]
    return out


def _best_thresholds(proba: np.ndarray, Y: np.ndarray) -> np.ndarray:  # noqa: N803
    """Per theme, the threshold on the grid with the highest F1 (ties: nearest 0.5)."""
    out = np.full(Y.shape[1], 0.5)
    for j in range(Y.shape[1]):
        pos = Y[:, j] == 1
        if not pos.any():
            continue
        best = -1.0
        for t in _THRESHOLD_GRID:
            pred = proba[:, j] >= t
            tp = float((pred & pos).sum())
            f1 = 2 * tp / (pred.sum() + pos.sum()) if tp else 0.0
            if f1 > best + 1e-12:
                best, out[j] = f1, t
    return out


_DEFAULT_MODELS: dict[str, ThemeClassifier] = {}


# -- the bundled models' fast sidecar -----------------------------------------------
# Plain arrays (.npz, no pickle) plus JSON beside the .skops file, used only while
# the .skops file's SHA-256 is the one recorded in them (see ogi_nlp.themes.predict,
# which reads them without scikit-learn); the .skops file stays the model of record.
_FUNCTIONS = {"ogi_nlp.themes.features.words": "words", "ogi_nlp.themes.features.normalise": "normalise"}


def _vectorizer_state(vec: Any, name: str, arrays: dict[str, np.ndarray]) -> dict[str, Any] | None:
    params = {}
    for key, value in vec.get_params().items():
        if callable(value) and not isinstance(value, type):
            qual = f"{getattr(value, '__module__', '')}.{getattr(value, '__name__', '')}"
            if qual not in _FUNCTIONS:
                return None  # a researcher's own function: no sidecar, the .skops file is used
            value = {"function": qual}
        elif isinstance(value, type):
            value = {"dtype": np.dtype(value).name}
        elif isinstance(value, tuple):
            value = {"tuple": list(value)}
        params[key] = value
    terms = vec.get_feature_names_out()
    arrays[f"{name}_terms"] = np.asarray(terms, dtype=str)
    arrays[f"{name}_idf"] = np.asarray(vec.idf_, dtype=float)
    return params


def _vectorizer_from_state(params: dict[str, Any], name: str, arrays: Any) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from . import features

    vec = TfidfVectorizer(**decode_params(params, lambda qual: getattr(features, _FUNCTIONS[qual])))
    terms = arrays[f"{name}_terms"].tolist()
    vec.vocabulary_ = dict(zip(terms, range(len(terms))))
    vec.fixed_vocabulary_ = False
    vec.idf_ = arrays[f"{name}_idf"]
    return vec


def save_arrays(clf: ThemeClassifier, path: str | Path, *, skops_file: str | Path) -> Path | None:
    """Write the fast sidecar of a fitted hybrid/model classifier saved at ``skops_file``.

    Returns the path written, or ``None`` when the classifier holds parts the
    sidecar cannot express (the ``.skops`` file is then the only form).
    """
    clf._check_fitted()
    if clf.method == "rules":
        return None
    f = clf.features_
    arrays: dict[str, np.ndarray] = {}
    words = _vectorizer_state(f.words_, "words", arrays)
    chars = _vectorizer_state(f.chars_, "chars", arrays)
    if words is None or chars is None:
        return None
    fitted = [e for e in clf.estimators_ if e is not None]
    arrays["coef"] = np.vstack([e.coef_ for e in fitted]) if fitted else np.zeros((0, 0))
    arrays["intercept"] = np.asarray([e.intercept_[0] for e in fitted], dtype=float)
    arrays["n_iter"] = np.asarray([int(np.ravel(e.n_iter_)[0]) for e in fitted], dtype=np.int64)
    arrays["constant"] = np.asarray(clf.constant_, dtype=float)
    arrays["calibration"] = np.asarray(clf.calibration_, dtype=float)
    arrays["thresholds"] = np.asarray(clf.thresholds_, dtype=float)
    params = {k: v for k, v in clf.get_params().items() if k != "codebook"}
    params["char_ngrams"] = list(params["char_ngrams"])
    params["channel_themes"] = list(params.get("channel_themes") or ())
    cues = None if f.cues is None else {"cues": f.cues.cues, "patterns": f.cues.patterns,
                                         "out_patterns": f.cues.out_patterns}
    meta = {
        "format": ARRAYS_FORMAT, "format_version": FORMAT_VERSION, "skops_sha256": _sha256(Path(skops_file)),
        "params": params, "codebook": clf.codebook_.to_dict(), "n_train": int(clf.n_train_),
        "features": {"char_ngrams": list(f.char_ngrams), "cues": cues, "sections": bool(f.sections),
                     "context": bool(f.context), "context_weight": float(f.context_weight),
                     "channel": bool(getattr(f, "channel", False)), "sections_": list(f.sections_),
                     "channel_offset_": int(f.channel_offset_), "words": words, "chars": chars},
        "estimators": [None if e is None else e.get_params() for e in clf.estimators_],
        "uses_sections": bool(clf.uses_sections_),
        "sklearn": sklearn_version(),
    }
    arrays["meta"] = np.asarray(json.dumps(meta, ensure_ascii=False))
    path = Path(path)
    with path.open("wb") as fh:
        np.savez_compressed(fh, **arrays)
    return path


def load_arrays(path: str | Path, *, skops_file: str | Path) -> ThemeClassifier | None:
    """The classifier of a sidecar written by :func:`save_arrays`, or ``None`` if it is stale.

    Stale: missing, another format version, written under another scikit-learn
    (the ``.skops`` file then decides, as it would alone), or recorded for a
    ``.skops`` file whose bytes have changed since (a retrained model without its
    sidecar).
    """
    found = read_arrays(path, skops_file=skops_file)
    if found is None:
        return None
    meta, arrays = found
    params = dict(meta["params"])
    params["char_ngrams"] = tuple(params["char_ngrams"])
    params["channel_themes"] = tuple(params.get("channel_themes") or ())
    cb = Codebook.from_dict(meta["codebook"], where=f"{path} (codebook)")
    clf = ThemeClassifier(codebook=cb, **params)
    clf.codebook_, clf.classes_, clf.n_train_ = cb, list(cb.keys), int(meta["n_train"])
    fm = meta["features"]
    cues = None if fm["cues"] is None else CueFeatures(**fm["cues"])
    feats = SentenceFeatures(char_ngrams=tuple(fm["char_ngrams"]), cues=cues, sections=fm["sections"],
                             context=fm["context"], context_weight=fm["context_weight"], channel=fm["channel"])
    feats.words_ = _vectorizer_from_state(fm["words"], "words", arrays)
    feats.chars_ = _vectorizer_from_state(fm["chars"], "chars", arrays)
    feats.cues_ = None if cues is None else CueFeatures(**fm["cues"]).fit([])
    feats.sections_ = list(fm["sections_"])
    feats.channel_offset_ = int(fm["channel_offset_"])
    clf.features_ = feats
    rows = iter(range(len(arrays["intercept"])))
    estimators: list[Any] = []
    for est_params in meta["estimators"]:
        if est_params is None:
            estimators.append(None)
            continue
        i = next(rows)
        est = LogisticRegression(**est_params)
        est.classes_ = np.array([0, 1])
        est.coef_ = arrays["coef"][i:i + 1].copy()
        est.intercept_ = arrays["intercept"][i:i + 1].copy()
        est.n_iter_ = arrays["n_iter"][i:i + 1].astype(np.int32)
        est.n_features_in_ = est.coef_.shape[1]
        estimators.append(est)
    clf.estimators_ = estimators
    clf.constant_ = arrays["constant"]
    clf.calibration_ = arrays["calibration"]
    clf.thresholds_ = arrays["thresholds"]
    clf.uses_sections_ = bool(meta["uses_sections"])
    return clf
