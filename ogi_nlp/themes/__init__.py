"""Themes of report sentences: codebook, cue-word rules, ThemeClassifier, evaluation.

The unit is one narrative sentence; a sentence carries zero, one or several of the
codebook's themes (none = ``other``). Label what the sentence reports or plans, not
the section it stands in.

Use your own codebook and labelled sentences::

    clf = train_classifier("my_sentences.csv",              # doc, sentence, labels
                           codebook="my_codebook.json",      # same JSON shape as the default
                           evaluate_splits=5)                # grouped CV -> clf.scores_
    clf.save("my_model.skops")                              # ThemeClassifier.load() later

or step by step::

    cb = load_codebook("my_codebook.json")
    ann = load_annotations("my_sentences.csv", codebook=cb)
    clf = ThemeClassifier(codebook=cb).fit(ann["sentence"], ann["labels"])
    scores = evaluate(clf, ann["sentence"], ann["labels"], ann["doc"])

Give sentences as a table in document order (``Report.sentences()``, a corpus's
sentence table): the model then also reads each sentence's headings and neighbours
(``二是加强培训。`` after ``下一步，…`` is a plan). Probabilities are calibrated
(``predict_proba`` → a DataFrame indexed like the input); shares leave headings out
(:func:`theme_shares`); on sentences the model was trained on use the out-of-fold
labels of :func:`cross_val_labels`. Evaluate with folds grouped by body:
``evaluate_default()`` / ``python benchmarks/eval_themes.py``.

Examples
--------
>>> from ogi_nlp.themes import ThemeClassifier
>>> clf = ThemeClassifier.load_default()
>>> clf.predict(["因政府信息公开被申请行政复议1件，结果为维持。"])
[('review_litigation',)]
"""
from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import Any

from .annotations import body_of, load_annotations, load_labelled
from .codebook import Codebook, Theme, load_codebook, parse_labels
from .labels import label_sentences, theme_profile
from .predict import context_frame

#: Names loaded on first use, and the module of each: these need scikit-learn
#: (about a second to import), which a corpus build does without (PEP 562).
_LAZY = {
    **dict.fromkeys(["cross_val_labels", "cross_val_predict_themes", "cross_val_proba", "evaluate",
                     "evaluate_default", "evaluate_final_test", "f1_interval", "score_predictions", "theme_shares",
                     "train_classifier", "train_default"], "evaluate"),
    "evaluate_classifier": "evaluate",
    "SentenceFeatures": "features",
    "ThemeClassifier": "model",
    "ThemeNotFittedError": "model",
    "CueFeatures": "rules",
    "cue_hits": "rules",
}


def __getattr__(name: str) -> Any:
    """Load ``name`` from its module on first use (see ``_LAZY``)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), "evaluate" if name == "evaluate_classifier" else name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(types.ModuleType):
    """This package, whose name ``evaluate`` stays the function when its module of that name is
    imported (the import system sets a submodule as an attribute of its package)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "evaluate" and isinstance(value, types.ModuleType):
            value = value.evaluate
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "Codebook",
    "Theme",
    "load_codebook",
    "parse_labels",
    "load_annotations",
    "load_labelled",
    "body_of",
    "ThemeClassifier",
    "ThemeNotFittedError",
    "SentenceFeatures",
    "context_frame",
    "CueFeatures",
    "cue_hits",
    "evaluate",
    "evaluate_classifier",
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
]
