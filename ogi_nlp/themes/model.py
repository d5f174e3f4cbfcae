"""ThemeClassifier: sentences -> theme keys (multi-label), by rules or a trained model.

Three methods, one interface (scikit-learn conventions):

``"rules"``
    The transparent baseline: a theme is assigned when one of its cue words or
    patterns from the codebook occurs in the sentence. ``fit`` learns nothing; it
    only records the codebook.
``"model"``
    A linear model per theme (one-vs-rest logistic regression, class weights
    balanced) over TF-IDF of jieba words (:func:`ogi_nlp.tokens.tokenize`) and of
    character 1-3-grams. Deterministic: liblinear with a fixed ``random_state``.
``"hybrid"``
    The same model with the codebook's cue counts as extra features, so the cue
    words count as evidence without overruling what the labelled data shows. The
    default (best macro-F1 on unseen reports, ``corpora/annotations/README.md``).

Model and hybrid optionally learn from each sentence's section (``fit(...,
sections=)``, a one-hot hint: a plan in the problems section is found even when it
has no plan word), and optionally choose per-theme thresholds by inner grouped
cross-validation (``threshold="cv"``).

Fitted classifiers are saved and loaded with skops (no pickle): :meth:`save`,
:meth:`ThemeClassifier.load`; :meth:`ThemeClassifier.load_default` returns the model
trained on the bundled hand annotations (``sections=True``: the section-aware one).

Examples
--------
>>> clf = ThemeClassifier(method="rules").fit()
>>> clf.predict(["全年共受理政府信息公开申请20件，均按期答复。"])
[('request_handling',)]
"""
from __future__ import annotations

import json
import zipfile
import re
import warnings
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from sklearn.exceptions import InconsistentVersionWarning

from ..errors import CodebookError, NotFittedError, OGIWarning, ReadError, ReportError
from .codebook import Codebook, _as_codebook, _check_texts, parse_labels
from .rules import CueFeatures, cue_counts, cue_hits

__all__ = ["ThemeClassifier", "METHODS", "DEFAULT_MODEL_FILE", "SECTIONS_MODEL_FILE"]

METHODS = ("model", "rules", "hybrid")
DEFAULT_MODEL_FILE = "theme_model.skops"
SECTIONS_MODEL_FILE = "theme_model_sections.skops"
_FORMAT = "ogi_nlp.ThemeClassifier"
_FORMAT_VERSION = 1
_DIGITS_RE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_SPACE_RE = re.compile(r"\s+")
_PUNCT_RE = re.compile(r"^[\W_]+$")
# Types a saved classifier may contain; anything else in a file is refused.
_TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.")
_TRUSTED_OWN = frozenset({"ogi_nlp.themes.model._normalise", "ogi_nlp.themes.model._words",
                          "ogi_nlp.themes.rules.CueFeatures"})
_INNER_SPLITS = 4
_THRESHOLD_GRID = (0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8)


def _normalise(text: str) -> str:
    """Digits collapse to one symbol (counts differ between reports, not themes)."""
    return _DIGITS_RE.sub("0", _SPACE_RE.sub("", text))


def _words(text: str) -> list[str]:
    """jieba words of a sentence without punctuation (module level so skops can save it)."""
    from ..tokens import tokenize

    return [w for w in tokenize(_normalise(text)) if w.strip() and not _PUNCT_RE.match(w)]


class ThemeClassifier(BaseEstimator):
    """Assign codebook themes to sentences (multi-label; no theme = ``other``).

    Parameters
    ----------
    method : {"model", "rules", "hybrid"}
        See the module docstring.
    codebook : Codebook, str, Path or None
        The codebook; ``None`` uses the bundled default (nine themes).
    C : float
        Inverse regularisation strength of each logistic regression.
    threshold : float or "cv"
        Probability at or above which a theme is assigned (model and hybrid); for
        rules, a score of 0.5 means one cue matched. ``"cv"`` chooses one threshold
        per theme (from 0.2 to 0.8) that maximises F1 in an inner cross-validation
        over the training data, grouped by report when ``fit`` gets ``groups``.
    char_ngrams : tuple of int
        Range of character n-gram lengths.
    random_state : int
        Seed passed to the solver, for reproducible fits.

    Attributes
    ----------
    codebook_ : Codebook
        The resolved codebook.
    classes_ : list of str
        Theme keys, the columns of :meth:`predict_proba`.
    pipeline_ : sklearn.pipeline.Pipeline
        The fitted features + classifier (model and hybrid only).
    n_train_ : int
        Number of training sentences (0 for rules).
    thresholds_ : ndarray
        The threshold of each theme (model and hybrid only).
    uses_sections_ : bool
        Whether ``fit`` was given sections (model and hybrid only).

    Examples
    --------
    >>> ThemeClassifier(method="rules").fit().predict(["我局门户网站完成改版并上线运行。"])
    [('platform_building',)]
    """

    def __init__(self, method: str = "model", *, codebook: Codebook | str | Path | None = None,
                 C: float = 10.0, threshold: float | str = 0.5, char_ngrams: tuple[int, int] = (1, 3),
                 random_state: int = 0) -> None:
        self.method = method
        self.codebook = codebook
        self.C = C
        self.threshold = threshold
        self.char_ngrams = char_ngrams
        self.random_state = random_state

    # -- fitting -----------------------------------------------------------------
    def fit(self, sentences: Sequence[str] | None = None, labels: Sequence[object] | None = None, *,
            groups: Sequence[object] | None = None, sections: Sequence[object] | None = None) -> ThemeClassifier:
        """Learn from labelled sentences (rules: only validate the codebook).

        Parameters
        ----------
        sentences : list of str
            Training sentences (optional for ``method="rules"``).
        labels : list
            One label cell per sentence: a ``";"``-joined string of theme keys, a
            list of keys, or empty / ``"other"`` for no theme.
        groups : list, optional
            The report of each sentence. Used only with ``threshold="cv"``, whose inner
            cross-validation then holds whole reports out (without groups it holds out
            contiguous blocks of sentences).
        sections : list, optional
            The canonical section of each sentence (``Report.sentences()["section"]``).
            When given, the model also learns from the section (a one-hot feature: a
            hint, never the rule), and :meth:`predict` should then be given the
            sections too (without them every section counts as unknown).

        Returns
        -------
        self

        Raises
        ------
        ValueError
            Bad ``method`` or ``threshold``; ``sentences`` and ``labels`` of different
            lengths.
        CodebookError
            A label that is not a theme of the codebook.
        """
        self._check_params()
        cb = _as_codebook(self.codebook)
        if self.method == "rules":
            if sentences is not None and labels is not None:
                self._targets(sentences, labels, cb)  # validate labels against the codebook
            self.codebook_ = cb
            self.classes_ = list(cb.keys)
            self.n_train_ = 0
            return self
        if sentences is None or labels is None:
            raise ValueError(f"method={self.method!r} needs sentences and labels to fit")
        texts, y = self._targets(sentences, labels, cb)
        self.uses_sections_ = sections is not None
        X = self._frame(texts, sections)
        if self.threshold == "cv":
            self.thresholds_ = self._cv_thresholds(X, y, groups, cb)
        else:
            self.thresholds_ = np.full(len(cb), float(self.threshold))
        pipeline = self._fit_pipeline(X, y, cb)
        self.codebook_ = cb
        self.classes_ = list(cb.keys)
        self.pipeline_ = pipeline
        self.n_train_ = len(texts)
        return self

    def _frame(self, texts: list[str], sections: Sequence[object] | None) -> pd.DataFrame:
        """The pipeline's input: sentences and (possibly unknown, "") sections."""
        if sections is None:
            secs = [""] * len(texts)
        else:
            secs = ["" if s is None or (isinstance(s, float) and s != s) or s is pd.NA else str(s)
                    for s in sections]
            if len(secs) != len(texts):
                raise ValueError(f"got {len(texts)} sentences but {len(secs)} sections")
        return pd.DataFrame({"sentence": texts, "section": secs})

    def _fit_pipeline(self, X: pd.DataFrame, y: np.ndarray, cb: Codebook) -> Pipeline:  # noqa: N803
        pipeline = self._build_pipeline(cb)
        with warnings.catch_warnings():
            # a theme absent from a small training set is predicted constant; that is fine
            warnings.filterwarnings("ignore", message="Label .* is present in all training examples")
            warnings.filterwarnings("ignore", message="Label not .* is present in all training examples")
            pipeline.fit(X, y)
        for _, part, _ in pipeline.named_steps["features"].transformers_:
            if hasattr(part, "stop_words_"):  # terms cut by min_df: only bloats saved files
                del part.stop_words_
        return pipeline

    def _cv_thresholds(self, X: pd.DataFrame, y: np.ndarray, groups: Sequence[object] | None,  # noqa: N803
                       cb: Codebook) -> np.ndarray:
        """Per-theme thresholds that maximise F1 on inner out-of-fold probabilities."""
        from sklearn.model_selection import GroupKFold, KFold

        if groups is not None:
            groups = list(groups)
            if len(groups) != len(X):
                raise ValueError(f"got {len(X)} sentences but {len(groups)} groups")
            n = min(_INNER_SPLITS, len(set(groups)))
            if n < 2:
                raise ValueError("threshold='cv' needs sentences from at least 2 reports (groups)")
            splits = GroupKFold(n_splits=n).split(X, groups=groups)
        else:
            splits = KFold(n_splits=min(_INNER_SPLITS, len(X))).split(X)
        oof = np.zeros(y.shape)
        for train, test in splits:
            pipe = self._fit_pipeline(X.iloc[train], y[train], cb)
            oof[test] = pipe.predict_proba(X.iloc[test])
        out = np.full(len(cb), 0.5)
        for j in range(len(cb)):
            if y[:, j].sum() == 0:
                continue
            best = -1.0
            for t in _THRESHOLD_GRID:  # ties keep the threshold nearest 0.5 (grid order)
                pred = oof[:, j] >= t
                tp = float((pred & (y[:, j] == 1)).sum())
                f1 = 2 * tp / (pred.sum() + y[:, j].sum()) if tp else 0.0
                if f1 > best + 1e-12:
                    best, out[j] = f1, t
        return out

    def _check_params(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method={self.method!r} is not allowed; allowed: {', '.join(map(repr, METHODS))}")
        if self.threshold != "cv" and (
            isinstance(self.threshold, bool) or not isinstance(self.threshold, (int, float))
            or not 0.0 < float(self.threshold) < 1.0
        ):
            raise ValueError(f"threshold={self.threshold!r} is not allowed; give a number between 0 and 1, or 'cv'")
        lo, hi = self.char_ngrams
        if not 1 <= lo <= hi:
            raise ValueError(f"char_ngrams={self.char_ngrams!r} is not allowed; give (min, max) with 1 <= min <= max")

    @staticmethod
    def _targets(sentences: Sequence[str], labels: Sequence[object], cb: Codebook) -> tuple[list[str], np.ndarray]:
        texts = _check_texts(sentences)
        cells = list(labels)
        if len(cells) != len(texts):
            raise ValueError(f"got {len(texts)} sentences but {len(cells)} label cells")
        y = np.zeros((len(texts), len(cb)), dtype=int)
        for i, cell in enumerate(cells):
            for key in parse_labels(cell, cb, where=f"labels[{i}]"):
                y[i, cb.keys.index(key)] = 1
        return texts, y

    def _build_pipeline(self, cb: Codebook) -> Pipeline:
        parts: list[tuple[str, Any, Any]] = [
            ("words", TfidfVectorizer(tokenizer=_words, token_pattern=None, lowercase=False,
                                      ngram_range=(1, 1), sublinear_tf=True), "sentence"),
            ("chars", TfidfVectorizer(analyzer="char", preprocessor=_normalise, lowercase=False,
                                      ngram_range=tuple(self.char_ngrams), sublinear_tf=True, min_df=2), "sentence"),
        ]
        if self.method == "hybrid":
            parts.append(("cues", CueFeatures.from_codebook(cb), "sentence"))
        if self.uses_sections_:
            parts.append(("section", OneHotEncoder(handle_unknown="ignore"), ["section"]))
        clf = LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear",
                                 random_state=self.random_state, max_iter=1000)
        features = ColumnTransformer(parts, remainder="drop", sparse_threshold=1.0)
        return Pipeline([("features", features), ("clf", OneVsRestClassifier(clf))])

    # -- prediction ----------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "classes_"):
            raise NotFittedError(
                f"this {type(self).__name__}(method={self.method!r}) is not fitted; call fit() first "
                "or use ThemeClassifier.load_default()"
            )

    def decision_scores(self, sentences: Sequence[str], *, sections: Sequence[object] | None = None) -> np.ndarray:
        """Scores in [0, 1] as an array (sentence x theme); :meth:`predict_proba` labels them."""
        self._check_fitted()
        texts = _check_texts(sentences)
        if not texts:
            return np.zeros((0, len(self.classes_)))
        if self.method == "rules":
            counts = cue_counts(texts, self.codebook_)
            return counts / (counts + 1.0)  # 0 cues -> 0, one -> 0.5, two -> 0.67 ...
        return self.pipeline_.predict_proba(self._frame(texts, sections))

    def predict_proba(self, sentences: Sequence[str], *, sections: Sequence[object] | None = None) -> pd.DataFrame:
        """Probability of each theme for each sentence.

        For ``method="rules"`` the score is ``n / (n + 1)`` for ``n`` cues matched,
        not a probability.

        Parameters
        ----------
        sentences : list of str
        sections : list, optional
            Section of each sentence, for a classifier fitted with sections (ignored
            otherwise).

        Returns
        -------
        DataFrame
            One row per sentence (index: the sentence), one column per theme key.

        Examples
        --------
        >>> clf = ThemeClassifier(method="rules").fit()
        >>> clf.predict_proba(["因政府信息公开被申请行政复议1件。"])["review_litigation"].round(2).tolist()
        [0.67]
        """
        scores = self.decision_scores(sentences, sections=sections)
        return pd.DataFrame(scores, index=pd.Index(list(sentences), name="sentence"), columns=list(self.classes_))

    def predict(self, sentences: Sequence[str], *, sections: Sequence[object] | None = None) -> list[tuple[str, ...]]:
        """Theme keys of each sentence, in codebook order; ``()`` means ``other``.

        ``sections`` as in :meth:`predict_proba`.

        Examples
        --------
        >>> ThemeClassifier(method="rules").fit().predict(["本报告所列数据的统计期限自1月1日起至12月31日止。"])
        [()]
        """
        scores = self.decision_scores(sentences, sections=sections)
        keys = self.classes_
        return [tuple(keys[j] for j in np.flatnonzero(row >= self._thresholds())) for row in scores]

    def _thresholds(self) -> np.ndarray:
        if self.method == "rules" or not hasattr(self, "thresholds_"):
            return np.full(len(self.classes_), 0.5 if self.threshold == "cv" else float(self.threshold))
        return self.thresholds_

    # -- inspection ----------------------------------------------------------------
    def explain(self, sentence: str, *, section: str | None = None, n: int = 10) -> pd.DataFrame:
        """The terms that drove each theme's score for one sentence.

        Parameters
        ----------
        sentence : str
        section : str, optional
            Its section, for a classifier fitted with sections.
        n : int
            Keep the ``n`` strongest terms per theme.

        Returns
        -------
        DataFrame
            Columns ``theme``, ``probability``, ``assigned``, ``feature`` (``w:`` jieba
            word, ``c:`` character n-gram, ``cue:`` cue count; for rules the cue word
            itself), ``weight`` (its contribution to the theme's log-odds; 1 per cue
            for rules). Rows of assigned themes first, strongest terms first.

        Examples
        --------
        >>> clf = ThemeClassifier(method="rules").fit()
        >>> clf.explain("成立了政务公开工作领导小组。")[["theme", "feature"]].values.tolist()
        [['organization_oversight', '领导小组']]
        """
        self._check_fitted()
        if not isinstance(sentence, str):
            raise TypeError(f"sentence must be a string, found {type(sentence).__name__}")
        proba = self.decision_scores([sentence], sections=[section])[0]
        cut = self._thresholds()
        rows = []
        if self.method == "rules":
            for key, found in cue_hits([sentence], self.codebook_)[0].items():
                j = self.classes_.index(key)
                rows += [(key, proba[j], bool(proba[j] >= cut[j]), cue, 1.0) for cue in found[:n]]
        else:
            x = self.pipeline_.named_steps["features"].transform(self._frame([sentence], [section])).tocsr()
            names = self._feature_names()
            for j, est in enumerate(self.pipeline_.named_steps["clf"].estimators_):
                coef = getattr(est, "coef_", None)
                if coef is None:  # a theme never seen in training
                    continue
                contrib = x.data * coef[0][x.indices]
                order = np.argsort(-np.abs(contrib), kind="stable")[:n]
                rows += [(self.classes_[j], proba[j], bool(proba[j] >= cut[j]),
                          names[x.indices[k]], float(contrib[k])) for k in order if contrib[k] != 0]
        frame = pd.DataFrame(rows, columns=["theme", "probability", "assigned", "feature", "weight"])
        if frame.empty:
            return frame
        frame["_abs"] = frame["weight"].abs()
        frame = frame.sort_values(["assigned", "probability", "_abs"], ascending=[False, False, False], kind="stable")
        return frame.drop(columns="_abs").reset_index(drop=True)

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
        est = self.pipeline_.named_steps["clf"].estimators_[self.classes_.index(theme)]
        coef = getattr(est, "coef_", None)
        if coef is None:
            return pd.DataFrame({"feature": pd.Series(dtype=object), "weight": pd.Series(dtype=float)})
        coef = coef[0]
        order = np.argsort(-coef, kind="stable")[:n]
        names = self._feature_names()
        return pd.DataFrame({"feature": [names[k] for k in order], "weight": coef[order].astype(float)})

    def _feature_names(self) -> list[str]:
        out = []
        for name, part, _ in self.pipeline_.named_steps["features"].transformers_:
            if name == "remainder":
                continue
            if name == "section":
                out += [f"section:{c}" for c in part.categories_[0]]
                continue
            prefix = {"words": "w:", "chars": "c:"}.get(name, "")
            out += [prefix + str(f) for f in part.get_feature_names_out()]
        return out

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
        payload = {
            "format": _FORMAT,
            "format_version": _FORMAT_VERSION,
            "params": json.dumps({k: v for k, v in self.get_params().items() if k != "codebook"}),
            "codebook": json.dumps(self.codebook_.to_dict(), ensure_ascii=False),
            "n_train": int(self.n_train_),
        }
        if self.method != "rules":
            payload["pipeline"] = self.pipeline_
            payload["thresholds"] = [float(t) for t in self.thresholds_]
            payload["uses_sections"] = bool(self.uses_sections_)
        path = Path(path)
        sio.dump(payload, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        return path

    @classmethod
    def load(cls, path: str | Path) -> ThemeClassifier:
        """Load a classifier saved by :meth:`save`.

        Only scikit-learn, NumPy and SciPy types and this module's own tokenizer,
        preprocessor and cue transformer are accepted from the file.

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
        foreign = [t for t in untrusted if not (t.startswith(_TRUSTED_PREFIXES) or t in _TRUSTED_OWN)]
        if foreign:
            raise ReadError(path, f"refusing to load types outside scikit-learn/NumPy/SciPy/ogi_nlp: {foreign}")
        return cls._from_payload(sio.load(path, trusted=untrusted), str(path))

    @classmethod
    def _from_payload(cls, payload: dict, where: str) -> ThemeClassifier:
        if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
            raise ReadError(where, "not a saved ThemeClassifier")
        if payload.get("format_version") != _FORMAT_VERSION:
            raise ReadError(where, f"format version {payload.get('format_version')!r}, expected {_FORMAT_VERSION}")
        needed = ["params", "codebook", "n_train"]
        if json.loads(payload.get("params", "{}")).get("method") != "rules":
            needed += ["pipeline", "thresholds", "uses_sections"]
        missing = [k for k in needed if k not in payload]
        if missing:
            raise ReadError(where, f"saved ThemeClassifier lacks {missing}; re-save it with this version")
        params = json.loads(payload["params"])
        params["char_ngrams"] = tuple(params["char_ngrams"])
        try:
            cb = Codebook.from_dict(json.loads(payload["codebook"]), where=f"{where} (codebook)")
        except CodebookError as exc:
            raise ReadError(where, str(exc)) from None
        clf = cls(codebook=cb, **params)
        clf.codebook_ = cb
        clf.classes_ = list(cb.keys)
        clf.n_train_ = int(payload["n_train"])
        if clf.method != "rules":
            clf.pipeline_ = payload["pipeline"]
            clf.thresholds_ = np.asarray(payload["thresholds"], dtype=float)
            clf.uses_sections_ = bool(payload["uses_sections"])
        return clf

    @classmethod
    def load_default(cls, *, sections: bool = False) -> ThemeClassifier:
        """The default classifier (hybrid), trained on the bundled hand annotations.

        Parameters
        ----------
        sections : bool
            ``False``: the model for bare sentences (``theme_model.skops``).
            ``True``: the model that also reads each sentence's section
            (``theme_model_sections.skops``); give it ``sections=`` in :meth:`predict`,
            e.g. ``Report.sentences()["section"]``. It finds problems and plans far
            better (see ``corpora/annotations/README.md``).

        Loaded once per process and shared: do not refit the returned object
        (``sklearn.base.clone`` it first). Made by :func:`ogi_nlp.themes.train_default`.

        Examples
        --------
        >>> ThemeClassifier.load_default().predict(["全年共受理政府信息公开申请20件，均按期答复。"])
        [('request_handling',)]
        >>> clf = ThemeClassifier.load_default(sections=True)
        >>> clf.predict(["三是继续加强业务指导培训。"], sections=["problems"])
        [('problems_improvements', 'organization_oversight')]
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
                        _DEFAULT_MODELS[name] = cls.load(p)
            except (ReportError, InconsistentVersionWarning, TypeError, AttributeError) as exc:
                _DEFAULT_MODELS[name] = cls._train_bundled(sections=sections)
                warnings.warn(f"bundled model {name} could not be used ({type(exc).__name__}: {exc}); "
                              "trained the same model from the bundled annotations instead",
                              OGIWarning, stacklevel=2)
        return _DEFAULT_MODELS[name]

    @classmethod
    def _train_bundled(cls, *, sections: bool) -> ThemeClassifier:
        """Fit the default method on the bundled annotations (deterministic, < 1 s)."""
        from .annotations import load_annotations

        ann = load_annotations()
        return cls(method="hybrid").fit(ann["sentence"].tolist(), ann["labels"].tolist(),
                                        sections=ann["section"].tolist() if sections else None)


_DEFAULT_MODELS: dict[str, ThemeClassifier] = {}
