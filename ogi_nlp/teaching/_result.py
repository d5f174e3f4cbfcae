"""The answer type of every exercise check, and the small helpers they share."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..corpus import Corpus, read_corpus
from ..datasets import corpus_path

__all__ = ["CheckResult", "PLACEHOLDER"]

#: What an exercise cell holds before the student answers.
PLACEHOLDER = "?"

_cache: dict[str, Any] = {}


@dataclass(frozen=True)
class CheckResult:
    """Outcome of an exercise check; shows as its message in a notebook.

    Examples
    --------
    >>> r = CheckResult(False, "Not yet: label the sentences.")
    >>> bool(r), r
    (False, Not yet: label the sentences.)
    """

    passed: bool
    message: str

    def __repr__(self) -> str:
        return self.message

    def __bool__(self) -> bool:
        return self.passed


def not_yet(message: str) -> CheckResult:
    return CheckResult(False, f"Not yet: {message}")


def correct(message: str) -> CheckResult:
    return CheckResult(True, f"Correct: {message}")


def unanswered(answer: object) -> bool:
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and answer.strip() in ("", PLACEHOLDER))


def bundled_corpus() -> Corpus:
    """The bundled corpus read once per process (tables and sentences, no themes)."""
    if "corpus" not in _cache:
        _cache["corpus"] = read_corpus(corpus_path(), n_jobs=1, themes=False, progress=False)
    return _cache["corpus"]
