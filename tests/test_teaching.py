"""Tests for ogi_nlp.teaching: every exercise check is fed wrong work and right work."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ogi_nlp.errors import CodebookError
from ogi_nlp.teaching import (
    CheckResult,
    bigram_jaccard,
    check_exercise_1,
    check_exercise_2,
    check_exercise_3,
    check_exercise_4,
    check_exercise_5,
    check_exercise_6,
    codebook_sheet,
    export_label_sheet,
    hand_labels,
    ip_affairs_reference,
    read_label_sheet,
    student_sample,
    student_seed,
)
from ogi_nlp.teaching.checks import _dictionary_reference, _kwic_reference
from ogi_nlp.themes import Codebook, ThemeClassifier, load_annotations, load_codebook


# -- exercise 1 ---------------------------------------------------------------------------
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
        ({"report": "a.pdf", "checks": ["review.review", "requests.total"]}, False, "do not fail"),
        ({"report": "a.pdf", "checks": ["review.review"]}, False, "Now read the table"),
        ({"report": "a.pdf", "checks": ["review.review"], "sums": {"review.review": [3, 3]}}, False, "not what its cells"),
        ({"report": "a.pdf", "checks": ["review.review"], "sums": {"requests.total": [3, 4]}}, False, "should be"),
        ({"report": "a.pdf", "checks": ["review.review"], "sums": {"review.review": [3, 4]}}, True,
         "review.review.total = 3 but the parts sum to 4"),
        ({"report": "a.pdf", "checks": "review.review", "sums": {"review.review": (3.0, 4)}}, True, "Correct"),
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
            "checks": ["review.review", "review.litigation_after_review"],
            "sums": {"review.review": [0, 11], "review.litigation_after_review": [0, 5]}}
    assert check_exercise_1(good).passed
    # the sums read from the cells: 10 upheld + 1 corrected; 5 upheld after review
    from ogi_nlp.teaching._result import bundled_corpus

    t = bundled_corpus().tables().set_index(["report", "variable"])["value"]
    parts = [f"review.review.{k}" for k in ("upheld", "corrected", "other", "pending")]
    assert sum(t.loc[(good["report"], v)] for v in parts) == 11 and t.loc[(good["report"], "review.review.total")] == 0
    assert not check_exercise_1({**good, "sums": {"review.review": [11, 0], "review.litigation_after_review": [0, 5]}}).passed
    # wrong: a report whose checks hold, and the right report with a missing check
    assert not check_exercise_1({"report": "004_8d175a9aad868b26.txt", "checks": ["review.review"]}).passed
    assert not check_exercise_1({"report": good["report"], "checks": ["review.review"]}).passed


# -- exercise 2 ---------------------------------------------------------------------------
def _codebook_with(theme: dict) -> Codebook:
    data = load_codebook().to_dict()
    data["themes"].append(theme)
    return Codebook.from_dict(data)


IP_THEME = {"key": "ip_affairs", "label": "知识产权业务",
            "definition": "Patents, trademarks, IP protection and the services around them.",
            "cues": ["专利", "商标", "知识产权保护", "维权"]}


def _with_ip(keys_for) -> list[str]:
    ann = load_annotations()
    return [";".join(list(labels) + (["ip_affairs"] if keys_for(i, doc, text) else []))
            for i, (doc, text, labels) in enumerate(zip(ann["doc"], ann["sentence"], ann["labels"]))]


def _read_labels() -> list[str]:
    """Right work: the sentences judged, one by one, to be about IP work."""
    ref = ip_affairs_reference()
    yes = {(d, s) for d, s, v in zip(ref["doc"], ref["sentence"], ref["ip_affairs"]) if v == 1}
    return _with_ip(lambda i, doc, text: (doc, text) in yes)


def test_ip_reference_is_a_reading_not_a_keyword_search():
    ref = ip_affairs_reference()
    assert set(ref["ip_affairs"]) == {0, 1} and ref["reason"].str.len().gt(0).all()
    # the responsibility notes of the work plan name 专利局/商标局 and are not IP work
    notes = ref[ref["sentence"].str.contains("负责") & ref["sentence"].str.startswith("(")]
    assert len(notes) >= 8 and notes["ip_affairs"].eq(0).all()
    ann = load_annotations().set_index(["doc", "sentence"])
    assert all((d, s) in ann.index for d, s in zip(ref["doc"], ref["sentence"]))


def test_exercise_2_steps():
    assert "Not yet: build my_codebook" in repr(check_exercise_2(None, None, None))
    assert "no theme beyond" in repr(check_exercise_2(load_codebook(), None, None))
    thin = _codebook_with({**IP_THEME, "cues": ["专利"]})
    assert "at least 3 cue words" in repr(check_exercise_2(thin, None, None))
    other_key = _codebook_with({**IP_THEME, "key": "ip_work"})
    assert "'ip_affairs'" in repr(check_exercise_2(other_key, None, None))
    cb = _codebook_with(IP_THEME)
    ann = load_annotations()
    assert "relabel" in repr(check_exercise_2(cb, None, None))
    assert "only 0 sentence" in repr(check_exercise_2(cb, [";".join(x) for x in ann["labels"]], None))
    assert "lost or gained" in repr(check_exercise_2(cb, [""] * len(ann), None))
    labels = _read_labels()
    assert "train my_classifier" in repr(check_exercise_2(cb, labels, None))
    rules = ThemeClassifier(method="rules", codebook=cb).fit()
    assert "retrain" in repr(check_exercise_2(cb, labels, rules))
    assert "does not know ip_affairs" in repr(check_exercise_2(cb, labels, ThemeClassifier.load_default()))
    clf = ThemeClassifier(method="hybrid", codebook=cb).fit(ann["sentence"], labels)
    result = check_exercise_2(cb, labels, clf)
    assert result.passed, result.message
    assert "kappa 1.00" in result.message


def test_exercise_2_refuses_a_junk_theme():
    # The junk theme: cue words 的/和/了 on every 7th sentence.
    junk = _codebook_with({**IP_THEME, "cues": ["的", "和", "了"]})
    labels = _with_ip(lambda i, doc, text: i % 7 == 0)
    result = check_exercise_2(junk, labels, None)
    assert not result.passed and "stop word" in result.message
    # Frequent but not stop words: refused for being everywhere.
    common = _codebook_with({**IP_THEME, "cues": ["工作", "政府", "信息"]})
    assert "of all sentences" in repr(check_exercise_2(common, labels, None))
    # Good cues, labels on every 7th sentence: the labels are refused.
    cb = _codebook_with(IP_THEME)
    result = check_exercise_2(cb, labels, None)
    assert not result.passed and "kappa" in result.message
    # Even fitted, the junk labels never pass.
    ann = load_annotations()
    clf = ThemeClassifier(method="hybrid", codebook=cb).fit(ann["sentence"], labels)
    assert not check_exercise_2(cb, labels, clf).passed


def test_exercise_2_refuses_labelling_by_keyword():
    cb = _codebook_with(IP_THEME)
    by_keyword = _with_ip(lambda i, doc, text: any(w in text for w in ("专利", "商标", "知识产权")))
    result = check_exercise_2(cb, by_keyword, None)
    assert not result.passed and "label by keyword" in result.message


def test_exercise_2_unknown_key_is_not_yet():
    cb = _codebook_with(IP_THEME)
    labels = _read_labels()
    labels[0] = "ip_affair"
    assert "unknown theme 'ip_affair'" in repr(check_exercise_2(cb, labels, None))


# -- exercise 3 and the course tools --------------------------------------------------------
def test_student_seed_and_sample_are_per_student_and_stable():
    assert student_seed("2024310001") == student_seed(" 2024310001") == student_seed("2024310001".upper())
    assert student_seed("s01") != student_seed("s02")
    a = student_sample("s01")
    pd.testing.assert_frame_equal(a, student_sample("S01 "))
    assert len(a) == 20 and "labels" not in a.columns and list(a["item"]) == list(range(1, 21))
    assert set(a["sentence"]) != set(student_sample("s02")["sentence"])
    assert a["sentence"].str.len().ge(15).all()
    with pytest.raises(ValueError, match="empty"):
        student_seed("  ")
    with pytest.raises(ValueError, match="n=0"):
        student_sample("s01", n=0)
    # a class of 30 gets 30 different samples
    assert len({tuple(student_sample(f"s{i:02d}")["sentence"]) for i in range(30)}) == 30


def _hand_cells(student: str) -> list[str]:
    return [";".join(h) or "other" for h in hand_labels(student_sample(student))]


def test_exercise_3_fails_wrong_work():
    assert "Not yet: set my_labels" in repr(check_exercise_3(None, student_id="s01"))
    assert "expected 20" in repr(check_exercise_3([""] * 19, student_id="s01"))
    assert "20 of 20 sentences still hold '?'" in repr(check_exercise_3(["?"] * 20, student_id="s01"))
    assert "unknown theme 'website'" in repr(check_exercise_3(["website"] + [""] * 19, student_id="s01"))
    # the case: all-empty labels said "Correct ... kappa 0.00"
    empty = check_exercise_3([""] * 20, student_id="s01")
    assert not empty.passed and "no sentence carries a theme" in empty.message
    # one theme on every sentence, or themes drawn at random: below the bar
    assert not check_exercise_3(["proactive_disclosure"] * 20, student_id="s01").passed
    keys = load_codebook().keys
    rng = np.random.default_rng(0)
    for student in ("s01", "s02", "s03"):
        guesses = [keys[int(rng.integers(len(keys)))] for _ in range(20)]
        assert not check_exercise_3(guesses, student_id=student).passed
    # another student's right answer is wrong work for this student
    assert not check_exercise_3(_hand_cells("s02"), student_id="s01").passed


def test_exercise_3_passes_right_work():
    perfect = check_exercise_3(_hand_cells("s01"), student_id="s01")
    assert perfect.passed and "kappa with the hand labels 1.00" in perfect.message
    # a careful coder disagreeing on a few sentences still passes
    cells = _hand_cells("s01")
    cells[0], cells[5] = "other", "organization_oversight"
    assert check_exercise_3(cells, student_id="s01").passed


def test_label_sheet_round_trip(tmp_path):
    sample = student_sample("s01")
    path = export_label_sheet(sample, tmp_path / "s01.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens Chinese correctly
    with pytest.raises(CodebookError, match="still holds '\\?'"):
        read_label_sheet(path)
    assert read_label_sheet(path, allow_unlabelled=True)["labels"].isna().all()
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    hand = hand_labels(sample)
    cb = load_codebook()
    # a student types Chinese labels separated by 、 for the first sentence, keys for the rest
    sheet["labels"] = ["、".join(cb[k].label for k in h) or "other" if i == 0 else ";".join(h)
                       for i, h in enumerate(hand)]
    # saved back by Excel on a Chinese Windows: GBK, rows in another order
    sheet.iloc[::-1].to_csv(path, index=False, encoding="gb18030")
    back = read_label_sheet(path, sample=sample)
    assert back["labels"].tolist() == [";".join(h) for h in hand]
    assert check_exercise_3(back, student_id="s01").passed
    # UTF-16 tab-separated ("Unicode text")
    sheet.to_csv(path, index=False, sep="\t", encoding="utf-16")
    assert read_label_sheet(path, sample=sample)["labels"].tolist() == [";".join(h) for h in hand]
    # a typo in a key names the row and the value
    sheet.loc[3, "labels"] = "platfrom_building"
    sheet.to_csv(path, index=False, encoding="utf-8-sig")
    with pytest.raises(CodebookError, match="row 5.*platfrom_building"):
        read_label_sheet(path, sample=sample)
    # another student's sheet, or an edited sentence, is refused
    sheet.loc[3, "labels"] = ""
    sheet.to_csv(path, index=False, encoding="utf-8-sig")
    with pytest.raises(CodebookError, match="not this sample"):
        read_label_sheet(path, sample=student_sample("s02"))
    sheet.loc[2, "sentence"] = "改过的句子。"
    sheet.to_csv(path, index=False, encoding="utf-8-sig")
    with pytest.raises(CodebookError, match="was changed"):
        read_label_sheet(path, sample=sample)
    with pytest.raises(ValueError, match=".csv"):
        export_label_sheet(sample, tmp_path / "s01.xlsx")
    with pytest.raises(CodebookError, match="CSV"):
        read_label_sheet(tmp_path / "s01.xlsx")


def test_codebook_sheet_is_bilingual_with_in_and_out_lists():
    sheet = codebook_sheet()
    assert list(sheet.index) == list(load_codebook().keys) + ["other"]
    for column in ("label", "name_en", "definition_zh", "definition_en", "include_zh", "include_en", "example"):
        assert sheet[column].notna().all(), column
    assert sheet["definition_zh"].str.contains(r"[\u4e00-\u9fff]").all()
    assert "一网通办" in sheet.loc["platform_building", "exclude_zh"]
    assert "proactive_disclosure" in sheet.loc["policy_interpretation", "exclude_en"]
    mine = codebook_sheet(_codebook_with(IP_THEME))
    assert mine.loc["ip_affairs", "definition_en"].startswith("Patents") and pd.isna(mine.loc["ip_affairs", "definition_zh"])


# -- exercise 4 ---------------------------------------------------------------------------
def _student_jaccard(a: str, b: str) -> float:
    import re

    x, y = re.sub(r"[\W_]", "", a), re.sub(r"[\W_]", "", b)
    if x == y:
        return 1.0
    gx, gy = {x[i:i + 2] for i in range(len(x) - 1)}, {y[i:i + 2] for i in range(len(y) - 1)}
    return len(gx & gy) / len(gx | gy) if gx and gy else 0.0


def test_bigram_jaccard_on_report_sentences():
    a = "2024年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元。"
    b = "2023年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元。"
    assert 0.85 < bigram_jaccard(a, b) < 1
    assert bigram_jaccard(a, a.replace("，", ",")) == 1.0
    assert bigram_jaccard("。", a) == 0.0


def test_exercise_4():
    assert "write similarity" in repr(check_exercise_4(None))
    # wrong similarity functions: no normalisation, character sets, Dice instead of Jaccard
    raw = lambda a, b: len({a[i:i + 2] for i in range(len(a) - 1)} & {b[i:i + 2] for i in range(len(b) - 1)}) / max(
        1, len({a[i:i + 2] for i in range(len(a) - 1)} | {b[i:i + 2] for i in range(len(b) - 1)}))
    chars = lambda a, b: len(set(a) & set(b)) / len(set(a) | set(b))
    assert "expected" in repr(check_exercise_4([1], raw))
    assert "expected" in repr(check_exercise_4([1], chars))
    assert "Now set copied" in repr(check_exercise_4(None, _student_jaccard))
    from ogi_nlp.teaching._result import bundled_corpus
    from ogi_nlp.teaching.checks import _EARLIER, _LATER, near_copies

    s = bundled_corpus().sentences()
    table = near_copies(s[s["report"].eq(_EARLIER)], s[s["report"].eq(_LATER)])
    right = table.loc[table["copied"], "sentence_id"].tolist()
    assert len(right) >= 5  # boilerplate and this year's work in last year's words
    exact = table.loc[table["similarity"].eq(1.0), "sentence_id"].tolist()
    assert len(exact) < len(right)
    result = check_exercise_4(exact, _student_jaccard)  # exact copies only: wrong
    assert not result.passed and "near copies not listed" in result.message
    everything = table["sentence_id"].tolist()
    assert not check_exercise_4(everything, _student_jaccard).passed
    result = check_exercise_4(right, _student_jaccard)
    assert result.passed, result.message


# -- exercise 5 ---------------------------------------------------------------------------
def _kwic(text, keyword, window):
    import re

    return [(text[max(0, m.start() - window):m.start()], keyword, text[m.end():m.end() + window])
            for m in re.finditer(re.escape(keyword), text)]


def _code(sentences, dictionary):
    out = {}
    for category, terms in dictionary.items():
        hit = sentences["text"].map(lambda t: any(term in t for term in terms))
        out[category] = hit.groupby(sentences["report"]).sum()
    return pd.DataFrame(out)


def test_kwic_reference_on_a_report_sentence():
    text = "我局积极开展政策解读，全年发布政策解读稿件12篇。"
    assert _kwic_reference(text, "政策解读", 4) == [("积极开展", "政策解读", "，全年发"), ("全年发布", "政策解读", "稿件12")]


def test_exercise_5():
    assert "write kwic" in repr(check_exercise_5(None))
    # wrong KWIC: window counted in words of the wrong side, or only the first hit
    first_only = lambda t, k, w: _kwic(t, k, w)[:1]
    assert "expected" in repr(check_exercise_5(first_only))
    negative_start = lambda t, k, w: [(t[m.start() - w:m.start()], k, t[m.end():m.end() + w])
                                      for m in __import__("re").finditer(k, t)]
    assert "expected" in repr(check_exercise_5(negative_start))
    assert "Now write code_sentences" in repr(check_exercise_5(_kwic))
    # wrong coder: counts occurrences of terms instead of sentences
    def occurrences(sentences, dictionary):
        return pd.DataFrame({c: sentences["text"].map(lambda t: sum(t.count(w) for w in ts)).groupby(
            sentences["report"]).sum() for c, ts in dictionary.items()})
    assert "Count sentences" in repr(check_exercise_5(_kwic, occurrences))
    # wrong coder: drops reports without a hit (NaN after a join)
    def dropping(sentences, dictionary):
        frame = _code(sentences, dictionary)
        return frame.where(frame > 0)
    assert "NaN" in repr(check_exercise_5(_kwic, dropping))
    result = check_exercise_5(_kwic, _code)
    assert result.passed, result.message


def test_dictionary_reference_counts_sentences():
    s = pd.DataFrame({"report": ["a", "a", "b"], "text": ["网站栏目", "无", "申请"]})
    got = _dictionary_reference(s, {"web": ["网站", "栏目"], "req": ["申请"]})
    assert got.to_dict() == {"web": {"a": 1, "b": 0}, "req": {"a": 0, "b": 1}}


# -- exercise 6 ---------------------------------------------------------------------------
def test_exercise_6_on_bundled_corpus():
    # Hongze 2024: the district office's sentence says it received 17 requests;
    # the table prints 95 new requests.
    right = {"report": "hongze-district-government-2024.pdf", "variable": "requests.new.total",
             "text_value": 17, "table_value": 95}
    assert check_exercise_6(None).passed is False
    result = check_exercise_6(right)
    assert result.passed, result.message
    assert not check_exercise_6({**right, "report": "hongze-district-government-2023.pdf"}).passed
    assert "variable" in repr(check_exercise_6({**right, "variable": "requests.result.total.total"}))
    assert "numbers" in repr(check_exercise_6({**right, "text_value": 95, "table_value": 17}))
