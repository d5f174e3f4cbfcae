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
>>> clf = ThemeClassifier.load_default()
>>> clf.predict(["因政府信息公开被申请行政复议1件，结果为维持。"])
[('review_litigation',)]
"""
from __future__ import annotations

from .annotations import body_of, load_annotations, load_labelled
from .codebook import Codebook, Theme, load_codebook, parse_labels
from .evaluate import (
    cross_val_labels,
    cross_val_predict_themes,
    cross_val_proba,
    evaluate,
    evaluate as evaluate_classifier,
    evaluate_default,
    evaluate_final_test,
    f1_interval,
    score_predictions,
    theme_shares,
    label_sentences,
    theme_profile,
    train_classifier,
    train_default,
)
from .features import SentenceFeatures, context_frame
from .model import ThemeClassifier, ThemeNotFittedError
from .rules import CueFeatures, cue_hits

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
