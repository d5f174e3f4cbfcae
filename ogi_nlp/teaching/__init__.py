"""A course on the toolkit: exercise checks, per-student samples, label sheets.

The exercises are the notebooks in ``notebooks/exercises/`` (solutions in
``notebooks/solutions/``, which a teacher may withhold; instructor notes in
``notebooks/exercises/INSTRUCTOR.md``).  Each exercise ends with a
``check_exercise_N`` call that says "Correct: ..." or "Not yet: ..." and fails
wrong work, not only unfinished work.

- :mod:`.checks`: ``check_exercise_1`` .. ``check_exercise_6`` and the reference
  pieces they use (``ip_affairs_reference``, ``bigram_jaccard``, ``near_copies``);
- :mod:`.course`: ``codebook_sheet`` (bilingual, with in/out lists),
  ``student_seed`` and ``student_sample`` (a sample per student id),
  ``export_label_sheet`` / ``read_label_sheet`` (labelling in Excel or WPS).

Examples
--------
>>> from ogi_nlp.teaching import check_exercise_1
>>> check_exercise_1(None).passed
False
"""
from __future__ import annotations

from ._result import PLACEHOLDER, CheckResult
from .checks import (
    KAPPA_TO_PASS,
    bigram_jaccard,
    check_exercise_1,
    check_exercise_2,
    check_exercise_3,
    check_exercise_4,
    check_exercise_5,
    check_exercise_6,
    ip_affairs_reference,
    near_copies,
)
from .course import (
    SHEET_COLUMNS,
    codebook_sheet,
    export_label_sheet,
    hand_labels,
    read_label_sheet,
    student_sample,
    student_seed,
)

__all__ = [
    "CheckResult", "PLACEHOLDER", "KAPPA_TO_PASS",
    "check_exercise_1", "check_exercise_2", "check_exercise_3",
    "check_exercise_4", "check_exercise_5", "check_exercise_6",
    "ip_affairs_reference", "bigram_jaccard", "near_copies",
    "codebook_sheet", "student_seed", "student_sample", "hand_labels",
    "export_label_sheet", "read_label_sheet", "SHEET_COLUMNS",
]
