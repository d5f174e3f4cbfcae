"""Check functions for the teaching exercises in ``notebooks/exercises/``.

Each ``check_exercise_N`` takes the student's answer and returns a
:class:`CheckResult`: ``passed`` and a message that says what is right, what is
not yet right and where to look.  They never raise on an unfinished answer
(``None``, ``...`` or placeholders), so a notebook can store the honest "not
yet" message.  The expected answers are computed from the package and the
bundled data when the check runs, never typed in here.

Examples
--------
>>> check_exercise_3(None)
Not yet: set my_labels to a list of 20 label cells, one per sentence of agreement_sample() (theme keys joined by ';', '' for none).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import CodebookError

if TYPE_CHECKING:
    from .corpus import Corpus
    from .themes import Codebook, ThemeClassifier

__all__ = [
    "CheckResult",
    "check_exercise_1",
    "check_exercise_2",
    "check_exercise_3",
    "agreement_sample",
    "PLACEHOLDER",
]

#: What an exercise cell holds before the student answers.
PLACEHOLDER = "?"

_cache: dict[str, Any] = {}
_SENTENCE_END = re.compile(r"[。；！？;!?]\s*$")


@dataclass(frozen=True)
class CheckResult:
    """Outcome of an exercise check; shows as its message in a notebook."""

    passed: bool
    message: str

    def __repr__(self) -> str:
        return self.message

    def __bool__(self) -> bool:
        return self.passed


def _not_yet(message: str) -> CheckResult:
    return CheckResult(False, f"Not yet: {message}")


def _correct(message: str) -> CheckResult:
    return CheckResult(True, f"Correct: {message}")


def _unanswered(answer: object) -> bool:
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and answer.strip() in ("", PLACEHOLDER))


def _bundled_corpus() -> Corpus:
    if "corpus" not in _cache:
        from .corpus import read_corpus
        from .datasets import corpus_path

        _cache["corpus"] = read_corpus(corpus_path(), themes=False, progress=False)
    return _cache["corpus"]


# -- exercise 1: the report whose numbers do not add up ------------------------------
def check_exercise_1(answer: object, *, corpus: Corpus | None = None) -> CheckResult:
    """Check the answer to "which report's numbers do not add up, and where?".

    Parameters
    ----------
    answer : mapping or str or None
        ``{"report": <file name>, "checks": [<check names>]}``; a bare file
        name is accepted for the first step.
    corpus : Corpus, optional
        The corpus the student read; default the bundled corpus (read once).

    Returns
    -------
    CheckResult
        Correct when the report is the one (or one of those) with failing
        consistency checks and ``checks`` names exactly its failing checks.

    Examples
    --------
    >>> check_exercise_1(None).passed
    False
    """
    if _unanswered(answer):
        return _not_yet('set answer = {"report": "<file name>", "checks": ["<check>", ...]}; '
                        "hint: corpus.checks() has a column holds.")
    if isinstance(answer, str):
        answer = {"report": answer}
    if not isinstance(answer, Mapping) or "report" not in answer:
        return _not_yet(f'answer should be a dict with keys "report" and "checks", found {type(answer).__name__}.')
    checks = (corpus if corpus is not None else _bundled_corpus()).checks()
    failing = checks[checks["holds"].eq(False)]
    by_report = {r: sorted(g["check"]) for r, g in failing.groupby("report", sort=True)}
    report = str(answer["report"]).strip()
    if report not in set(checks["report"]):
        known = ", ".join(sorted(set(checks["report"])))
        return _not_yet(f"{report!r} is not a report with tables in this corpus; the reports are: {known}.")
    if report not in by_report:
        held = checks[checks["report"].eq(report)]
        n_ok, n_na = int(held["holds"].eq(True).sum()), int(held["holds"].isna().sum())
        return _not_yet(f"every check of {report} that can be evaluated holds ({n_ok} hold, {n_na} cannot be "
                        "evaluated because a term is missing). Missing is not failing: look for holds == False.")
    expected = by_report[report]
    given = answer.get("checks")
    if _unanswered(given) or (not isinstance(given, str) and isinstance(given, Sequence) and len(given) == 0):
        return _not_yet(f"right report. Now list its {len(expected)} failing check(s) under \"checks\".")
    given_set = {given} if isinstance(given, str) else {str(g) for g in given}
    missing, extra = sorted(set(expected) - given_set), sorted(given_set - set(expected))
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{len(missing)} failing check(s) not named")
        if extra:
            parts.append(f"these do not fail in {report}: {', '.join(extra)}")
        return _not_yet(f"right report, but {'; '.join(parts)}.")
    rows = failing[failing["report"].eq(report)].sort_values("check")
    sides = "; ".join(f"{r.check}: {r.lhs_terms} = {r.lhs} but the parts sum to {r.rhs}" for r in rows.itertuples())
    others = [r for r in by_report if r != report]
    tail = f" (also failing elsewhere: {', '.join(others)})" if others else ""
    return _correct(f"{report}: {sides}.{tail}")


# -- exercise 2: a new theme ----------------------------------------------------------
def check_exercise_2(codebook: Codebook | None, labels: Sequence[object] | None,
                     classifier: ThemeClassifier | None, *, min_sentences: int = 5) -> CheckResult:
    """Check a codebook extended with a theme, the relabelled sentences and the retrained model.

    Parameters
    ----------
    codebook : Codebook
        The bundled codebook plus at least one new theme (key, Chinese label,
        definition, cue words).
    labels : sequence
        Label cells of the bundled annotated sentences (same order as
        :func:`ogi_nlp.themes.load_annotations`), now with the new theme(s).
    classifier : ThemeClassifier
        Fitted on those labels with ``codebook`` (method ``"model"`` or
        ``"hybrid"``: retrained, not rules only).
    min_sentences : int, default 5
        Fewest sentences that must carry each new theme.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_exercise_2(None, None, None).passed
    False
    """
    from .themes import Codebook, ThemeClassifier, load_annotations, load_codebook, parse_labels

    if codebook is None or codebook is Ellipsis:
        return _not_yet("build my_codebook: the default codebook plus your theme (hint: load_codebook().to_dict(), "
                        "append a theme, Codebook.from_dict).")
    if not isinstance(codebook, Codebook):
        return _not_yet(f"my_codebook should be a Codebook, found {type(codebook).__name__}.")
    default = load_codebook()
    lost = [k for k in default.keys if k not in codebook.keys]
    if lost:
        return _not_yet(f"keep the nine default themes; missing: {', '.join(lost)}.")
    new = [t for t in codebook.themes if t.key not in default.keys]
    if not new:
        return _not_yet("my_codebook has no theme beyond the default nine.")
    for t in new:
        if not t.label or not t.definition or len(t.cues) < 3:
            return _not_yet(f"theme {t.key!r} needs a label, a definition and at least 3 cue words.")
    if labels is None or labels is Ellipsis:
        return _not_yet("relabel the annotated sentences: set my_labels (one cell per sentence) with your theme added.")
    ann = load_annotations()
    labels = list(labels)
    if len(labels) != len(ann):
        return _not_yet(f"my_labels has {len(labels)} cells; the annotations have {len(ann)} sentences.")
    try:
        parsed = [parse_labels(cell, codebook, where=f"my_labels[{i}]") for i, cell in enumerate(labels)]
    except CodebookError as err:
        return _not_yet(str(err))
    old = [parse_labels(cell, default) for cell in ann["labels"]]
    changed = sum(tuple(k for k in p if k in default.keys) != o for p, o in zip(parsed, old))
    if changed:
        return _not_yet(f"{changed} sentence(s) lost or gained a default theme; only add the new theme.")
    for t in new:
        n = sum(t.key in p for p in parsed)
        if n < min_sentences:
            return _not_yet(f"only {n} sentence(s) carry {t.key!r}; label at least {min_sentences} by reading them.")
    if classifier is None or classifier is Ellipsis:
        return _not_yet("train my_classifier on the new labels.")
    if not isinstance(classifier, ThemeClassifier) or not hasattr(classifier, "classes_"):
        return _not_yet("my_classifier should be a fitted ThemeClassifier (call .fit).")
    if classifier.method == "rules" or getattr(classifier, "n_train_", 0) == 0:
        return _not_yet("retrain: use method='model' or 'hybrid' and fit on the sentences and my_labels.")
    absent = [t.key for t in new if t.key not in classifier.classes_]
    if absent:
        return _not_yet(f"my_classifier does not know {', '.join(absent)}; fit it with codebook=my_codebook.")
    positives = {t.key: [s for s, p in zip(ann["sentence"], parsed) if t.key in p] for t in new}
    found = []
    for key, sentences in positives.items():
        hits = sum(key in p for p in classifier.predict(sentences))
        if hits == 0:
            return _not_yet(f"my_classifier assigns {key!r} to none of its training sentences; was it fitted on my_labels?")
        found.append(f"{key}: {len(sentences)} sentences labelled, {hits} recovered in training")
    return _correct("; ".join(found) + ". Now read its grouped cross-validation scores, not these.")


# -- exercise 3: agreement --------------------------------------------------------------
def agreement_sample(n: int = 20, *, random_state: int = 0) -> pd.DataFrame:
    """Sentences to label for the agreement exercise, without their labels.

    Draws ``n`` sentences of the bundled annotations at random (the same draw
    for the same ``random_state``), leaving out headings and fragments: a
    sentence to label ends with 。；！？ (or their half-width forms) and has
    at least 15 characters.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc``, ``sentence_id``, ``section``, ``sentence``; the hand
        labels are kept out so that they cannot steer the student.

    Examples
    --------
    >>> agreement_sample(3)["sentence"].str.len().gt(0).all()
    np.True_
    """
    from .sentences import is_heading
    from .themes import load_annotations

    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n={n!r} must be a positive integer")
    ann = load_annotations()
    pool = ann[ann["sentence"].str.len().ge(15) & ann["sentence"].str.contains(_SENTENCE_END)
               & ~ann["sentence"].map(is_heading)]
    if n > len(pool):
        raise ValueError(f"n={n} is more than the {len(pool)} sentences available")
    picked = pool.sample(n=n, random_state=random_state).sort_values(["doc", "sentence_id"], kind="stable")
    return picked[["doc", "sentence_id", "section", "sentence"]].reset_index(drop=True)


def _hand_labels(sample: pd.DataFrame) -> list[tuple[str, ...]]:
    from .themes import load_annotations

    ann = load_annotations().set_index(["doc", "sentence_id"])
    return [ann.loc[(d, i), "labels"] for d, i in zip(sample["doc"], sample["sentence_id"])]


def check_exercise_3(my_labels: Sequence[object] | None, *, n: int = 20, random_state: int = 0) -> CheckResult:
    """Check the student's labels of :func:`agreement_sample` and report their agreement.

    Parameters
    ----------
    my_labels : sequence of label cells
        One per sentence of ``agreement_sample(n, random_state=...)``, in its
        order: theme keys joined by ``";"``, ``""`` or ``"other"`` for none.

    Returns
    -------
    CheckResult
        Passed when every sentence is labelled with valid keys; the message gives
        the mean Cohen's kappa against the bundled hand labels and the themes
        with the lowest agreement.  Any honest labelling passes: agreement is
        measured, not graded.
    """
    from .agreement import cohen_kappa_per_theme

    if my_labels is None or my_labels is Ellipsis or isinstance(my_labels, str):
        return _not_yet(f"set my_labels to a list of {n} label cells, one per sentence of agreement_sample() "
                        "(theme keys joined by ';', '' for none).")
    cells = list(my_labels)
    if len(cells) != n:
        return _not_yet(f"my_labels has {len(cells)} cells; expected {n}, one per sentence.")
    todo = [i for i, c in enumerate(cells) if isinstance(c, str) and c.strip() == PLACEHOLDER]
    if todo:
        return _not_yet(f"{len(todo)} of {n} sentences still hold {PLACEHOLDER!r} (first: row {todo[0]}).")
    sample = agreement_sample(n, random_state=random_state)
    try:
        kappa = cohen_kappa_per_theme(cells, _hand_labels(sample))
    except CodebookError as err:
        return _not_yet(str(err))
    per_theme = kappa[kappa["theme"].ne("macro")].dropna(subset=["kappa"])
    lowest = per_theme.sort_values(["kappa", "theme"], kind="stable").head(2)
    low = ", ".join(f"{r.theme} {r.kappa:.2f}" for r in lowest.itertuples())
    macro = kappa.loc[kappa["theme"].eq("macro"), "kappa"].iloc[0]
    return _correct(f"all {n} sentences labelled. Mean Cohen's kappa with the hand labels: {macro:.2f} over "
                    f"{len(per_theme)} themes that either rater used; lowest: {low}.")
