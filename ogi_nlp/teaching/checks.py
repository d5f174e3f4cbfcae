"""Check functions for the teaching exercises in ``notebooks/exercises/``.

Each ``check_exercise_N`` takes the student's answer and returns a
:class:`CheckResult`: ``passed`` and a message that says what is right, what is
not yet right and where to look.  They never raise on an unfinished answer
(``None``, ``...`` or placeholders), so a notebook can store the honest "not
yet" message.  The expected answers are computed from the package and the
bundled data when the check runs, never typed in here; the one exception is the
reference reading of exercise 2 (``data/ip_affairs.csv``: every annotated
sentence that mentions IP words, judged by reading whether it is about IP work),
which is an instructor's coding and says so.

Each check fails wrong work, not only unfinished work: ``tests/test_teaching.py``
feeds every check at least one wrong answer and one right one.

Examples
--------
>>> check_exercise_3(None, student_id="s01")
Not yet: set my_labels to a list of 20 label cells, one per sentence of student_sample(STUDENT_ID) (theme keys joined by ';', 'other' for none).
"""
from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..agreement import cohen_kappa_per_theme
from ..errors import CodebookError
from ..themes import Codebook, ThemeClassifier, load_annotations, load_codebook, parse_labels
from ..tokens import load_stopwords
from ._result import PLACEHOLDER, CheckResult, bundled_corpus, correct, not_yet, unanswered
from .course import hand_labels, student_sample

if TYPE_CHECKING:
    from ..corpus import Corpus
    from ..themes import Codebook, ThemeClassifier

__all__ = [
    "check_exercise_1",
    "check_exercise_2",
    "check_exercise_3",
    "check_exercise_4",
    "check_exercise_5",
    "check_exercise_6",
    "ip_affairs_reference",
    "near_copies",
    "bigram_jaccard",
    "KAPPA_TO_PASS",
]

_bundled_corpus = bundled_corpus
_not_yet, _correct, _unanswered = not_yet, correct, unanswered

#: Mean Cohen's kappa with the hand labels that exercise 3 asks for ("moderate" agreement).
KAPPA_TO_PASS = 0.4


# -- exercise 1: the report whose numbers do not add up ------------------------------
def check_exercise_1(answer: object, *, corpus: Corpus | None = None) -> CheckResult:
    """Check the answer to "which report's numbers do not add up, and where?".

    Parameters
    ----------
    answer : mapping or str or None
        ``{"report": <file name>, "checks": [<check names>], "sums": {<check>:
        [<printed total>, <sum of its parts>]}}``; a bare file name is accepted
        for the first step.
    corpus : Corpus, optional
        The corpus the student read; default the bundled corpus (read once).

    Returns
    -------
    CheckResult
        Correct when the report is the one (or one of those) with failing
        consistency checks, ``checks`` names exactly its failing checks, and
        ``sums`` gives each one's printed total and the sum of its parts as
        read from the table cells.

    Examples
    --------
    >>> check_exercise_1(None).passed
    False
    """
    if _unanswered(answer):
        return _not_yet('set answer = {"report": "<file name>", "checks": ["<check>", ...], '
                        '"sums": {"<check>": [<printed total>, <sum of the parts>]}}; '
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
    sums = answer.get("sums")
    if _unanswered(sums) or not isinstance(sums, Mapping):
        return _not_yet("right report and checks. Now read the table: give \"sums\" = {check: [printed total, "
                        "sum of its parts]} for each failing check, from the cells in corpus.tables() "
                        "(the check's lhs_terms and rhs_terms name them).")
    for r in rows.itertuples():
        pair = sums.get(r.check)
        try:
            total, parts = (float(x) for x in pair)  # type: ignore[union-attr]
        except (TypeError, ValueError):
            return _not_yet(f"sums[{r.check!r}] should be [printed total, sum of the parts], found {pair!r}.")
        if total != float(r.lhs) or parts != float(r.rhs):
            return _not_yet(f"right report and checks, but the sums of {r.check} are not what its cells print: "
                            "read the total's cell and add up the cells of its parts again.")
    sides = "; ".join(f"{r.check}: {r.lhs_terms} = {r.lhs} but the parts sum to {r.rhs}" for r in rows.itertuples())
    others = [r for r in by_report if r != report]
    tail = f" (also failing elsewhere: {', '.join(others)})" if others else ""
    return _correct(f"{report}: {sides}.{tail}")


# -- exercise 2: a new theme ----------------------------------------------------------
def ip_affairs_reference() -> pd.DataFrame:
    """The instructor's reading for exercise 2: which annotated sentences are about IP work.

    Every sentence of the bundled annotations that holds an IP word (专利, 商标,
    知识产权, 侵权, 维权, 质押, 地理标志, 版权, 著作权, 集成电路) was read and
    judged: ``ip_affairs`` is 1 when the sentence reports, plans or describes IP
    work itself (patents, trademarks, protection and enforcement, IP services,
    funding, publicity), 0 when IP only appears in a name (an office, an
    account, a newspaper, a school) or as the general field of disclosure work;
    ``reason`` says why.  Sentences without any of these words are taken as 0.
    One reader (the course author, an AI coding assistant), one pass, 2026-12:
    a reference to measure agreement with, not ground truth.

    Examples
    --------
    >>> ref = ip_affairs_reference()
    >>> int(ref["ip_affairs"].sum()), len(ref)
    (33, 86)
    """
    text = resources.files("ogi_nlp.teaching").joinpath("data", "ip_affairs.csv").read_text(encoding="utf-8")
    return pd.read_csv(io.StringIO(text), dtype={"doc": str, "sentence": str, "reason": str})


def _stopwords() -> frozenset[str]:
    return load_stopwords()


def _kappa(a: np.ndarray, b: np.ndarray) -> float:
    pa, pb = a.mean(), b.mean()
    observed = float((a == b).mean())
    expected = float(pa * pb + (1 - pa) * (1 - pb))
    return float("nan") if np.isclose(expected, 1.0) else (observed - expected) / (1 - expected)


def check_exercise_2(codebook: Codebook | None, labels: Sequence[object] | None,
                     classifier: ThemeClassifier | None, *, min_sentences: int = 5,
                     min_kappa: float = 0.6, max_cue_share: float = 0.15) -> CheckResult:
    """Check a codebook extended with ``ip_affairs``, the relabelled sentences and the retrained model.

    Parameters
    ----------
    codebook : Codebook
        The bundled codebook plus the theme ``ip_affairs`` (key, Chinese label,
        definition, at least three cue words).
    labels : sequence
        Label cells of the bundled annotated sentences (same order as
        :func:`ogi_nlp.themes.load_annotations`), now with ``ip_affairs``.
    classifier : ThemeClassifier
        Fitted on those labels with ``codebook`` (method ``"model"`` or
        ``"hybrid"``: retrained, not rules only).
    min_sentences : int, default 5
        Fewest sentences that must carry the new theme.
    min_kappa : float, default 0.6
        Cohen's kappa the ``ip_affairs`` labels must reach against the
        instructor's reading (:func:`ip_affairs_reference`).  Labelling every
        sentence that holds a cue word, or sentences at random, stays below it.
    max_cue_share : float, default 0.15
        A cue word found in more than this share of the sentences (的, 和, 工作)
        says nothing about the theme and is refused, as are stop words.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_exercise_2(None, None, None).passed
    False
    """
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
    if [t.key for t in new] != ["ip_affairs"]:
        return _not_yet(f"this exercise adds one theme with key 'ip_affairs'; found {', '.join(t.key for t in new)}.")
    theme = new[0]
    if not theme.label or not theme.definition or len(theme.cues) < 3:
        return _not_yet("theme 'ip_affairs' needs a label, a definition and at least 3 cue words.")
    ann = load_annotations()
    stop = _stopwords()
    for cue in theme.cues:
        share = float(ann["sentence"].str.contains(cue, regex=False).mean())
        if cue in stop or len(cue) < 2 or share > max_cue_share:
            why = "a stop word" if cue in stop else ("one character" if len(cue) < 2 else
                                                   f"found in {share:.0%} of all sentences")
            return _not_yet(f"cue word {cue!r} is {why}: a cue must point at the theme, not at any sentence. "
                            "Choose words of IP work (专利, 商标, ...).")
    if labels is None or labels is Ellipsis:
        return _not_yet("relabel the annotated sentences: set my_labels (one cell per sentence) with your theme added.")
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
    mine = np.array(["ip_affairs" in p for p in parsed])
    n = int(mine.sum())
    if n < min_sentences:
        return _not_yet(f"only {n} sentence(s) carry 'ip_affairs'; label at least {min_sentences} by reading them.")
    ref = ip_affairs_reference()
    yes = {(d, s) for d, s, v in zip(ref["doc"], ref["sentence"], ref["ip_affairs"]) if v == 1}
    reference = np.array([(d, s) in yes for d, s in zip(ann["doc"], ann["sentence"])])
    if reference.sum() < 0.9 * len(yes):  # the annotations were re-cut: the reference must be re-read
        warnings.warn(f"only {int(reference.sum())} of the {len(yes)} sentences of the ip_affairs reference are in "
                      "the annotations; re-read ogi_nlp/teaching/data/ip_affairs.csv against them", stacklevel=2)
    kappa = _kappa(mine, reference)
    both = int((mine & reference).sum())
    if not kappa >= min_kappa:
        return _not_yet(f"your {n} 'ip_affairs' sentences agree with the instructor's reading at Cohen's kappa "
                        f"{kappa:.2f} (needed: {min_kappa}): {both} of them are among the reference's "
                        f"{int(reference.sum())}, {n - both} are not. Did you label by keyword? Read each candidate: "
                        "is it about IP work, or does IP only appear in a name?")
    if classifier is None or classifier is Ellipsis:
        return _not_yet(f"labels agree with the reference reading (kappa {kappa:.2f}). Now train my_classifier on them.")
    if not isinstance(classifier, ThemeClassifier) or not hasattr(classifier, "classes_"):
        return _not_yet("my_classifier should be a fitted ThemeClassifier (call .fit).")
    if classifier.method == "rules" or getattr(classifier, "n_train_", 0) == 0:
        return _not_yet("retrain: use method='model' or 'hybrid' and fit on the sentences and my_labels.")
    if "ip_affairs" not in classifier.classes_:
        return _not_yet("my_classifier does not know ip_affairs; fit it with codebook=my_codebook.")
    positives = [s for s, m in zip(ann["sentence"], mine) if m]
    hits = sum("ip_affairs" in p for p in classifier.predict(positives))
    if hits == 0:
        return _not_yet("my_classifier assigns 'ip_affairs' to none of its training sentences; was it fitted on my_labels?")
    return _correct(f"ip_affairs: {n} sentences labelled, kappa {kappa:.2f} with the reference reading "
                    f"({both} shared); {hits} recovered in training. Now read its grouped cross-validation "
                    "scores, not these.")


# -- exercise 3: agreement --------------------------------------------------------------
def check_exercise_3(my_labels: Sequence[object] | pd.DataFrame | None, *, student_id: object,
                     n: int = 20, min_kappa: float = KAPPA_TO_PASS) -> CheckResult:
    """Check a student's labels of their :func:`student_sample` and measure agreement.

    Parameters
    ----------
    my_labels : sequence of label cells, or the frame of :func:`read_label_sheet`
        One per sentence of ``student_sample(student_id, n)``, in its order:
        theme keys joined by ``";"``, ``""`` or ``"other"`` for none.
    student_id : str
        The id the sample was drawn for.
    n : int, default 20
    min_kappa : float, default :data:`KAPPA_TO_PASS`
        Mean Cohen's kappa over the themes (either coder used) needed to pass.

    Returns
    -------
    CheckResult
        Passed when every sentence is labelled with valid keys and the mean
        kappa with the bundled hand labels reaches ``min_kappa``: labels left
        empty, or chosen without reading, stay below it.  The message names the
        themes with the lowest agreement.
    """
    what = (f"set my_labels to a list of {n} label cells, one per sentence of student_sample(STUDENT_ID) "
            "(theme keys joined by ';', 'other' for none).")
    if isinstance(my_labels, pd.DataFrame):
        sample = student_sample(student_id, n=n)
        if "labels" not in my_labels.columns:
            return _not_yet("the frame has no labels column; read it with read_label_sheet(path, sample=sample).")
        keyed = my_labels.set_index(["doc", my_labels["sentence_id"].astype(int)])["labels"]
        try:
            my_labels = [keyed.loc[(d, int(i))] for d, i in zip(sample["doc"], sample["sentence_id"])]
        except KeyError:
            return _not_yet(f"the sheet's sentences are not those of student_sample({student_id!r}).")
    if my_labels is None or my_labels is Ellipsis or isinstance(my_labels, str):
        return _not_yet(what)
    cells = ["?" if c is None or c is pd.NA else c for c in my_labels]
    if len(cells) != n:
        return _not_yet(f"my_labels has {len(cells)} cells; expected {n}, one per sentence.")
    todo = [i for i, c in enumerate(cells) if isinstance(c, str) and c.strip() == PLACEHOLDER]
    if todo:
        return _not_yet(f"{len(todo)} of {n} sentences still hold {PLACEHOLDER!r} (first: row {todo[0]}).")
    sample = student_sample(student_id, n=n)
    hand = hand_labels(sample)
    try:
        kappa = cohen_kappa_per_theme(cells, hand)
    except CodebookError as err:
        return _not_yet(str(err))
    mine_yes = int(kappa.loc[kappa["theme"].ne("macro"), "yes_a"].sum())
    if mine_yes == 0:
        return _not_yet(f"no sentence carries a theme, but the sentences were drawn from report text and most "
                        "report something. Read each against codebook_sheet() and give it the themes it reports or plans.")
    per_theme = kappa[kappa["theme"].ne("macro")].dropna(subset=["kappa"])
    lowest = per_theme.sort_values(["kappa", "theme"], kind="stable").head(2)
    low = ", ".join(f"{r.theme} {r.kappa:.2f}" for r in lowest.itertuples())
    macro = float(kappa.loc[kappa["theme"].eq("macro"), "kappa"].iloc[0])
    agree = sum(set(str(c).split(";")) - {"", "other"} == set(h) for c, h in zip(cells, hand))
    summary = (f"mean Cohen's kappa with the hand labels {macro:.2f} over {len(per_theme)} themes that either "
               f"coder used; identical label sets on {agree} of {n} sentences; lowest: {low}.")
    if not macro >= min_kappa:
        return _not_yet(f"{summary} Agreement below {min_kappa} is what labels chosen without reading the codebook "
                        "give: re-read the in/out lists of those themes (codebook_sheet()) and relabel.")
    return _correct(f"all {n} sentences labelled; {summary}")


# -- exercise 4: copied sentences between years ----------------------------------------
_NOT_ALNUM = re.compile(r"[\W_]+")


def bigram_jaccard(a: str, b: str) -> float:
    """Jaccard similarity of the character bigrams of two sentences.

    Both are first reduced to letters and digits (punctuation and spaces
    dropped); the similarity is |A ∩ B| / |A ∪ B| of their sets of two-character
    pieces, 1.0 for two texts that reduce to the same string, 0.0 when either
    has no bigram.

    Examples
    --------
    >>> bigram_jaccard("全年受理申请20件。", "全年受理申请 20 件")
    1.0
    >>> round(bigram_jaccard("全年受理申请20件。", "全年受理申请21件。"), 2)
    0.6
    """
    x, y = _NOT_ALNUM.sub("", a), _NOT_ALNUM.sub("", b)
    if x == y:
        return 1.0
    gx, gy = {x[i:i + 2] for i in range(len(x) - 1)}, {y[i:i + 2] for i in range(len(y) - 1)}
    if not gx or not gy:
        return 0.0
    return len(gx & gy) / len(gx | gy)


def near_copies(earlier: pd.DataFrame, later: pd.DataFrame, *, threshold: float = 0.75) -> pd.DataFrame:
    """For each non-heading sentence of ``later``, its closest sentence in ``earlier``.

    Parameters
    ----------
    earlier, later : DataFrame
        Sentences of two reports (``Report.sentences()``: ``sentence_id``,
        ``is_heading``, ``text``).
    threshold : float, default 0.75
        A sentence is a near copy when its best :func:`bigram_jaccard` reaches it.

    Returns
    -------
    pandas.DataFrame
        ``sentence_id``, ``text``, ``best_id``, ``best_text``, ``similarity``,
        ``copied``; one row per non-heading sentence of ``later``.

    Examples
    --------
    >>> a = pd.DataFrame({"sentence_id": [0], "is_heading": [False], "text": ["全年受理申请20件，均按期答复。"]})
    >>> b = pd.DataFrame({"sentence_id": [0], "is_heading": [False], "text": ["全年受理申请20件,均按期答复。"]})
    >>> near_copies(a, b)["copied"].tolist()
    [True]
    """
    pool = earlier[~earlier["is_heading"].astype(bool)]
    rows = []
    for r in later[~later["is_heading"].astype(bool)].itertuples():
        scores = [bigram_jaccard(r.text, t) for t in pool["text"]]
        k = int(np.argmax(scores)) if scores else -1
        best = scores[k] if scores else 0.0
        rows.append({"sentence_id": int(r.sentence_id), "text": r.text,
                     "best_id": int(pool["sentence_id"].iloc[k]) if scores else pd.NA,
                     "best_text": pool["text"].iloc[k] if scores else pd.NA,
                     "similarity": best, "copied": best >= threshold})
    return pd.DataFrame(rows, columns=["sentence_id", "text", "best_id", "best_text", "similarity", "copied"])


_EARLIER, _LATER = "hongze-district-government-2023.pdf", "hongze-district-government-2024.pdf"
_SIMILARITY_CASES = [
    ("全年受理申请20件。", "全年受理申请20件。"),
    ("全年受理申请20件。", "全年受理申请 20 件！"),
    ("全年受理申请20件。", "行政复议1件。"),
    ("主动公开政府信息1136条。", "主动公开政府信息2428条。"),
    ("严格执行“三审三校”制度。", "严格执行三审三校制度，从严把关。"),
    ("。", "全年受理申请。"),
]


def check_exercise_4(copied: Sequence[int] | None, similarity: Callable[[str, str], float] | None = None, *,
                     corpus: Corpus | None = None, earlier: str = _EARLIER, later: str = _LATER,
                     threshold: float = 0.75) -> CheckResult:
    """Check the near copies found in a body's later report.

    Parameters
    ----------
    copied : sequence of int
        ``sentence_id`` of every non-heading sentence of ``later`` whose most
        similar non-heading sentence of ``earlier`` reaches ``threshold``.
    similarity : callable
        The student's ``similarity(a, b)``: bigram Jaccard as the notebook
        defines it.  It is tried on hidden pairs before the answer is compared.
    corpus : Corpus, optional
        Default: the bundled corpus.

    Returns
    -------
    CheckResult
    """
    if similarity is None or similarity is Ellipsis:
        return _not_yet("write similarity(a, b): the Jaccard similarity of the two sentences' character bigrams "
                        "after dropping punctuation and spaces.")
    if not callable(similarity):
        return _not_yet(f"similarity should be a function, found {type(similarity).__name__}.")
    for a, b in _SIMILARITY_CASES:
        want = bigram_jaccard(a, b)
        try:
            got = float(similarity(a, b))
        except Exception as exc:  # a student's function: report, never crash the notebook
            return _not_yet(f"similarity({a!r}, {b!r}) raised {type(exc).__name__}: {exc}.")
        if not abs(got - want) < 1e-9:
            return _not_yet(f"similarity({a!r}, {b!r}) gives {got:.3f}; expected {want:.3f}. "
                            "Drop punctuation and spaces first, use sets of two-character pieces, and divide "
                            "the intersection by the union.")
    if _unanswered(copied) or isinstance(copied, str):
        return _not_yet("similarity works. Now set copied to the sentence_ids of the later report's near copies.")
    corpus = corpus if corpus is not None else _bundled_corpus()
    sentences = corpus.sentences()
    table = near_copies(sentences[sentences["report"].eq(earlier)], sentences[sentences["report"].eq(later)],
                        threshold=threshold)
    expected = set(table.loc[table["copied"], "sentence_id"])
    try:
        given = {int(i) for i in copied}
    except (TypeError, ValueError):
        return _not_yet("copied should be a list of sentence_id integers.")
    headings = given - set(table["sentence_id"])
    if headings:
        return _not_yet(f"{len(headings)} id(s) are not non-heading sentences of {later}: leave headings out.")
    missing, extra = expected - given, given - expected
    if missing or extra:
        return _not_yet(f"{len(given & expected)} right; {len(missing)} near copies not listed, {len(extra)} listed "
                        f"below {threshold}. Compare each later sentence with every earlier one and keep its best score.")
    share = len(expected) / len(table)
    return _correct(f"{len(expected)} of the {len(table)} non-heading sentences of {later} ({share:.0%}) are near "
                    f"copies of {earlier}. Read them: which are boilerplate, and which report this year's work "
                    "in last year's words?")


# -- exercise 5: KWIC and dictionary coding --------------------------------------------
def _kwic_reference(text: str, keyword: str, window: int) -> list[tuple[str, str, str]]:
    return [(text[max(0, m.start() - window):m.start()], keyword, text[m.end():m.end() + window])
            for m in re.finditer(re.escape(keyword), text)]


_KWIC_CASES = [
    ("我局积极开展政策解读，全年发布政策解读稿件12篇。", "政策解读", 4),
    ("政策解读形式较为单一。", "政策解读", 5),
    ("全年受理申请20件。", "复议", 3),
    ("网站网站网站", "网站", 2),
    ("对新出台的规范性文件同步发布解读材料。", "解读", 30),
]


def _dictionary_reference(sentences: pd.DataFrame, dictionary: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    out = {}
    for category, terms in dictionary.items():
        pattern = "|".join(re.escape(t) for t in terms)
        out[category] = sentences["text"].str.contains(pattern).groupby(sentences["report"]).sum().astype(int)
    return pd.DataFrame(out).sort_index()


def check_exercise_5(kwic: Callable[..., Any] | None, code_sentences: Callable[..., Any] | None = None) -> CheckResult:
    """Check a keyword-in-context function and a dictionary coder.

    Parameters
    ----------
    kwic : callable
        ``kwic(text, keyword, window)`` returning a list of ``(left, keyword,
        right)`` tuples, one per occurrence from left to right (occurrences do
        not overlap), ``left``/``right`` at most ``window`` characters.
    code_sentences : callable
        ``code_sentences(sentences, dictionary)``: for a frame with ``report``
        and ``text`` and a dict ``{category: [terms]}``, a DataFrame with one row
        per report (index sorted) and one column per category (dictionary
        order): the number of the report's sentences that hold at least one of
        the category's terms (0 where none does).

    Returns
    -------
    CheckResult
        Both functions are run on hidden cases and compared with a reference.
    """
    if kwic is None or kwic is Ellipsis:
        return _not_yet("write kwic(text, keyword, window) returning (left, keyword, right) tuples.")
    for text, word, window in _KWIC_CASES:
        want = _kwic_reference(text, word, window)
        try:
            got = [tuple(x) for x in kwic(text, word, window)]
        except Exception as exc:
            return _not_yet(f"kwic({text!r}, {word!r}, {window}) raised {type(exc).__name__}: {exc}.")
        if got != want:
            return _not_yet(f"kwic({text!r}, {word!r}, {window}) gives {got}; expected {want}.")
    if code_sentences is None or code_sentences is Ellipsis:
        return _not_yet("kwic works. Now write code_sentences(sentences, dictionary).")
    ann = load_annotations()
    frame = pd.DataFrame({"report": ann["doc"], "text": ann["sentence"]})
    dictionary = {"interpretation": ["解读", "回应关切"], "website": ["网站", "栏目", "专栏"],
                  "requests": ["依申请", "申请"], "nothing": ["量子计算"]}
    want = _dictionary_reference(frame, dictionary)
    try:
        got = code_sentences(frame.copy(), dictionary)
    except Exception as exc:
        return _not_yet(f"code_sentences raised {type(exc).__name__}: {exc}.")
    if not isinstance(got, pd.DataFrame):
        return _not_yet(f"code_sentences should return a DataFrame, found {type(got).__name__}.")
    if list(got.columns) != list(dictionary):
        return _not_yet(f"columns should be the categories in dictionary order {list(dictionary)}; found {list(got.columns)}.")
    got = got.sort_index()
    if list(got.index) != list(want.index):
        return _not_yet(f"one row per report expected ({len(want)} reports, every one, even with no hit); found {len(got)}.")
    if got.isna().any().any():
        return _not_yet("a count is missing (NaN): a report whose sentences hold no term has 0 such sentences.")
    wrong = (got.astype(float) != want.astype(float))
    if wrong.any().any():
        r, c = wrong.stack()[lambda s: s].index[0]
        return _not_yet(f"{wrong.to_numpy().sum()} count(s) differ; e.g. {r} / {c}: {got.loc[r, c]} instead of "
                        f"{want.loc[r, c]}. Count sentences holding at least one term, not occurrences of terms.")
    return _correct(f"kwic and code_sentences agree with the reference on every hidden case "
                    f"({len(_KWIC_CASES)} KWIC cases; {len(want)} reports x {len(dictionary)} categories).")


# -- exercise 6: text against table -----------------------------------------------------
def check_exercise_6(answer: object, *, corpus: Corpus | None = None) -> CheckResult:
    """Check "which report states a number in its text that its own table contradicts?".

    Parameters
    ----------
    answer : mapping
        ``{"report": <file>, "variable": <table variable>, "text_value": <number
        in the sentence>, "table_value": <number in the table>}``.
    corpus : Corpus, optional
        Default: the bundled corpus.

    Examples
    --------
    >>> check_exercise_6(None).passed
    False
    """
    if _unanswered(answer):
        return _not_yet('set answer = {"report": ..., "variable": ..., "text_value": ..., "table_value": ...}; '
                        "hint: corpus.quantities() has a column agree.")
    if not isinstance(answer, Mapping) or "report" not in answer:
        return _not_yet(f'answer should be a dict with keys "report", "variable", "text_value", "table_value".')
    q = (corpus if corpus is not None else _bundled_corpus()).quantities()
    wrong = q[q["agree"].eq(False)]
    report = str(answer["report"]).strip()
    if report not in set(wrong["report"]):
        checked = q[q["report"].eq(report)]
        if len(checked) and checked["agree"].notna().any():
            return _not_yet(f"every number stated in {report}'s text that has a table counterpart agrees with it "
                            f"({int(checked['agree'].eq(True).sum())} agree). Look for agree == False.")
        return _not_yet(f"{report!r} has no number in its text compared with a table value.")
    rows = wrong[wrong["report"].eq(report)]
    variable = str(answer.get("variable", "")).strip()
    if variable not in set(rows["variable"]):
        return _not_yet(f"right report; now name the table variable the sentence contradicts "
                        f"(the variable column), found {variable or 'none'}.")
    row = rows[rows["variable"].eq(variable)].iloc[0]
    try:
        text_value, table_value = float(answer.get("text_value")), float(answer.get("table_value"))
    except (TypeError, ValueError):
        return _not_yet("right report and variable; give text_value and table_value as numbers.")
    if text_value != float(row["text_value"]) or table_value != float(row["table_value"]):
        return _not_yet("right report and variable, but the two numbers are not those the sentence and the table "
                        "print: read text_value and table_value again.")
    return _correct(f"{report}: the sentence says {row['text_value']:g} ({row['sentence'][:40]}…) but the table's "
                    f"{variable} ({row['row_label']}) prints {row['table_value']:g}. Now decide: which scope does "
                    "each number cover?")
