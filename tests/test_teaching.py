"""Tests for ogi_nlp.teaching: the exercise checks on the bundled data."""
from __future__ import annotations

import pandas as pd
import pytest

from ogi_nlp.teaching import (
    CheckResult,
    agreement_sample,
    check_exercise_1,
    check_exercise_2,
    check_exercise_3,
)
from ogi_nlp.themes import Codebook, ThemeClassifier, load_annotations, load_codebook


class _FakeCorpus:
    """Only what check_exercise_1 reads: a checks() frame."""

    def checks(self) -> pd.DataFrame:
        return pd.DataFrame({
            "report": ["a.pdf", "a.pdf", "b.txt"],
            "check": ["requests.total", "review.review", "requests.total"],
            "lhs": [10, 3, 5], "rhs": [10, 4, 5],
            "lhs_terms": ["x", "review.review.total", "x"], "rhs_terms": ["y", "z", "y"],
            "holds": pd.array([True, False, True], dtype="boolean"),
        })


@pytest.mark.parametrize(
    "answer, passed, fragment",
    [
        (None, False, "Not yet: set answer"),
        ("?", False, "Not yet"),
        ("b.txt", False, "every check of b.txt"),
        ("c.txt", False, "not a report with tables"),
        ("a.pdf", False, "right report"),
        ({"report": "a.pdf", "checks": []}, False, "right report"),
        ({"report": "a.pdf", "checks": ["requests.total"]}, False, "do not fail in a.pdf: requests.total"),
        ({"report": "a.pdf", "checks": ["review.review"]}, True, "review.review.total = 3 but the parts sum to 4"),
        ({"report": "a.pdf", "checks": "review.review"}, True, "Correct"),
    ],
)
def test_exercise_1_logic(answer, passed, fragment):
    result = check_exercise_1(answer, corpus=_FakeCorpus())
    assert isinstance(result, CheckResult)
    assert result.passed is passed and bool(result) is passed
    assert fragment in repr(result)


def test_exercise_1_on_bundled_corpus():
    # The Hongze 2023 PDF prints 0 as the total of reconsiderations and of
    # lawsuits after reconsideration while its outcome cells are not 0.
    good = {"report": "hongze-district-government-2023.pdf",
            "checks": ["review.review", "review.litigation_after_review"]}
    assert check_exercise_1(good).passed
    assert not check_exercise_1({"report": "004_8d175a9aad868b26.txt", "checks": ["review.review"]}).passed


def _codebook_with(theme: dict) -> Codebook:
    data = load_codebook().to_dict()
    data["themes"].append(theme)
    return Codebook.from_dict(data)


IP_THEME = {"key": "ip_affairs", "label": "知识产权业务", "definition": "Patents, trademarks and IP protection.",
            "cues": ["专利", "商标", "知识产权保护"]}


def _ip_labels() -> list[str]:
    ann = load_annotations()
    out = []
    for text, labels in zip(ann["sentence"], ann["labels"]):
        keys = list(labels) + (["ip_affairs"] if ("专利" in text or "商标" in text) else [])
        out.append(";".join(keys))
    return out


def test_exercise_2_steps():
    assert "Not yet: build my_codebook" in repr(check_exercise_2(None, None, None))
    assert "no theme beyond" in repr(check_exercise_2(load_codebook(), None, None))
    thin = _codebook_with({**IP_THEME, "cues": ["专利"]})
    assert "at least 3 cue words" in repr(check_exercise_2(thin, None, None))
    cb = _codebook_with(IP_THEME)
    ann = load_annotations()
    assert "relabel" in repr(check_exercise_2(cb, None, None))
    assert "only 0 sentence" in repr(check_exercise_2(cb, [";".join(x) for x in ann["labels"]], None))
    dropped = [""] * len(ann)
    assert "lost or gained" in repr(check_exercise_2(cb, dropped, None))
    labels = _ip_labels()
    assert "train my_classifier" in repr(check_exercise_2(cb, labels, None))
    rules = ThemeClassifier(method="rules", codebook=cb).fit()
    assert "retrain" in repr(check_exercise_2(cb, labels, rules))
    old = ThemeClassifier.load_default()
    assert "does not know ip_affairs" in repr(check_exercise_2(cb, labels, old))
    clf = ThemeClassifier(method="hybrid", codebook=cb).fit(ann["sentence"], labels)
    result = check_exercise_2(cb, labels, clf)
    assert result.passed, result.message
    assert "ip_affairs:" in result.message


def test_exercise_2_unknown_key_is_not_yet():
    cb = _codebook_with(IP_THEME)
    labels = _ip_labels()
    labels[0] = "ip_affair"
    assert "unknown theme 'ip_affair'" in repr(check_exercise_2(cb, labels, None))


def test_agreement_sample_is_deterministic_and_unlabelled():
    a, b = agreement_sample(), agreement_sample()
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 20 and "labels" not in a.columns
    assert not agreement_sample(random_state=1).equals(a)
    assert a["sentence"].str.len().ge(15).all()
    with pytest.raises(ValueError, match="n=0"):
        agreement_sample(0)


def test_exercise_3():
    assert "Not yet: set my_labels" in repr(check_exercise_3(None))
    assert "expected 20" in repr(check_exercise_3([""] * 19))
    assert "20 of 20 sentences still hold '?'" in repr(check_exercise_3(["?"] * 20))
    assert "unknown theme 'website'" in repr(check_exercise_3(["website"] + [""] * 19))
    ann = load_annotations().set_index(["doc", "sentence_id"])
    sample = agreement_sample()
    hand = [";".join(ann.loc[(d, i), "labels"]) for d, i in zip(sample["doc"], sample["sentence_id"])]
    perfect = check_exercise_3(hand)
    assert perfect.passed and "kappa with the hand labels: 1.00" in perfect.message
    none = check_exercise_3([""] * 20)
    assert none.passed and "kappa" in none.message  # measured, not graded
