"""Quantities in text: real report sentences, number forms, comparison with tables."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi_nlp.quantities import compare_text_tables, extract_quantities


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # seed 001
        ("2022年我局门户网站共发布信息978篇，访问量2324175人次，页面浏览量10250458次；",
         [("978篇", 978, "篇"), ("2324175人次", 2324175, "人次"), ("10250458次", 10250458, "次")]),
        # seed 002: 万 multiplies, 约 keeps the number
        ("通过局网站、政务微信及微博公开各类政府信息约1754条,局网站浏览量达到68.2万次,",
         [("1754条", 1754, "条"), ("68.2万次", 682000, "次")]),
        ("2022年,我局共受理政府信息公开申请8件,办结8件。", [("8件", 8, "件"), ("8件", 8, "件")]),
        # seed 000: dates, phone numbers and 第 ordinals are not quantities
        ("联系电话：84080089/84080086。2018年3月，我局门户网站进行了改版", []),
        ("每月随机检查5家专利代理机构，2018年累计检查55家", [("5家", 5, "家"), ("55家", 55, "家")]),
        # PDF text keeps a space before the unit; full-width digits; thousands separators; Chinese numerals
        ("我区在政府网站平台主动公开政府信息 1136 条。", [("1136 条", 1136, "条")]),
        ("全年受理申请１２件，收取费用1,200元", [("１２件", 12, "件"), ("1,200元", 1200, "元")]),
        ("共召开专题会议十二次，第三次会议", [("十二次", 12, "次")]),
        ("发放资金1.2万元", [("1.2万元", 12000, "元")]),
    ],
)
def test_extract_quantities(sentence: str, expected: list[tuple[str, float, str]]) -> None:
    got = extract_quantities(sentence)
    assert [(q.text, q.normalised, q.base_unit) for q in got] == expected
    for q in got:
        assert sentence[q.start:q.end] == q.text


def test_quantity_what_and_approximate() -> None:
    (q,) = extract_quantities("2018年，我局共受理依申请公开事项10件")
    assert q.what == "我局共受理依申请公开事项"
    (q,) = extract_quantities("累计超过3000余条")
    assert (q.text, q.normalised, q.unit, q.approximate) == ("3000余条", 3000, "条", True)


@given(st.integers(min_value=0, max_value=10**9))
def test_any_integer_with_separators_round_trips(n: int) -> None:
    for text in (f"{n:,}件", f"{n}件", f"{n}件".translate(str.maketrans("0123456789", "０１２３４５６７８９"))):
        (q,) = extract_quantities("共" + text)
        assert q.normalised == n


def test_extract_rejects_non_text() -> None:
    with pytest.raises(TypeError):
        extract_quantities(12)  # type: ignore[arg-type]


_VALUES = pd.DataFrame({
    "report": "r",
    "variable": ["legacy.requests.total", "legacy.review.total", "legacy.fees.amount", "legacy.proactive.total"],
    "value": [10, pd.NA, 0.5, 566],
    "unit": ["件", "件", "万元", "条"],
    "raw": ["10", "", "0.5", "566"],
    "status": ["ok", "missing", "ok", "ok"],
    "row_label": ["（一）收到申请数", "四、行政复议数量", "七、依申请公开信息收取的费用", "（一）主动公开政府信息数"],
})


@pytest.mark.parametrize(
    "sentence, variable, text_value, agree",
    [
        ("2018年，我局共受理依申请公开事项10件，其中，通过信函申请2件，通过网络申请8件。", "legacy.requests.total", 10, True),
        ("2018年我局因政府信息公开发生1件行政复议案件，并被依法纠错。", "legacy.review.total", 1, None),
        ("全年依申请公开收取费用5000元。", "legacy.fees.amount", 0.5, True),
        ("全年主动公开政府信息560条。", "legacy.proactive.total", 560, False),
    ],
)
def test_compare_text_tables(sentence: str, variable: str, text_value: float, agree: bool | None) -> None:
    s = pd.DataFrame({"report": ["r"], "sentence_id": [3], "text": [sentence], "start": [100]})
    out = compare_text_tables(s, _VALUES)
    assert list(out["variable"]) == [variable]  # sub-counts (其中…信函2件) are not compared to the total
    row = out.iloc[0]
    assert row["text_value"] == pytest.approx(text_value)
    assert (pd.isna(row["agree"]) if agree is None else row["agree"] == agree)
    assert sentence[row["start"] - 100:row["end"] - 100] == row["quantity"]


def test_compare_only_within_the_same_report() -> None:
    s = pd.DataFrame({"report": ["other"], "text": ["全年受理申请10件。"]})
    assert compare_text_tables(s, _VALUES).empty


def test_compare_on_the_huaian_pdf() -> None:
    """Narrative figures of a real report agree with its own tables."""
    import re
    from pathlib import Path

    from ogi_nlp.read import read_document
    from ogi_nlp.tables import parse_tables

    doc = read_document(Path(__file__).resolve().parents[1] / "corpora" / "huaian-municipal-government-2024.pdf")
    sentences = [
        {"text": m.group(), "start": b.start + m.start()}
        for b in doc.narrative() for m in re.finditer(r"[^。；]+[。；]?", b.text)
    ]
    out = compare_text_tables(pd.DataFrame(sentences), parse_tables(doc).values)
    got = {(r.variable, r.text_value, bool(r.agree)) for r in out.itertuples()}
    assert {("requests.new.total", 3119, True), ("requests.carried_in.total", 34, True),
            ("requests.result.total.total", 3050, True), ("requests.carried_out.total", 103, True),
            ("review.review.total", 351, True)} <= got
    for r in out.itertuples():
        assert doc.text[r.start:r.end] == r.quantity


def _same_cell(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    return type(a) is type(b) and (a is b or a == b)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([0, 7, 2**70, 2.5, float("nan"), None, pd.NA, "条", "", True]), max_size=5),
       st.sampled_from([None, "Float64", "Int64"]))
def test_cells_read_from_columns_as_from_their_frame(values: list, dtype: str | None) -> None:
    """A tables frame's cell read from its columns (without the frame) is what the frame gives,
    whatever the kinds of the column's values; where that cannot be told, the frame is made."""
    from ogi_nlp.quantities import _column, _presented
    from ogi_nlp.tables.parse import typed_frame

    try:
        frame = typed_frame({"c": values}, {"c": dtype} if dtype else {})
    except (TypeError, ValueError, OverflowError):
        return
    rows = list(range(len(values)))
    got = _presented(values, dtype, rows)
    if got is not None:
        want = _column(frame["c"])
        assert all(_same_cell(a, b) for a, b in zip(got, want)), (got, want)


def test_report_quantities_read_from_table_columns_as_from_the_tables_frame() -> None:
    """On the bundled reports, the comparison read from the tables' columns equals that read
    from the tables frame."""
    from ogi_nlp import corpus_path, read_report
    from ogi_nlp.quantities import compare_columns
    from ogi_nlp.report import TABLE_DTYPES

    checked = 0
    for path in sorted(corpus_path().glob("*.txt")):
        report = read_report(path)
        columns = report._sentence_columns
        records = [{"is_heading": h, "text": t, "start": s, "sentence_id": i} for h, t, s, i in
                   zip(columns["is_heading"], columns["text"], columns["start"], columns["sentence_id"])]
        framed = compare_columns(columns["report"], records, report._tables, keep_report=True)
        listed = compare_columns(columns["report"], records, (report._table_columns, TABLE_DTYPES), keep_report=True)
        assert framed.keys() == listed.keys()
        for name in framed:
            assert all(_same_cell(a, b) for a, b in zip(framed[name], listed[name])), name
        checked += bool(framed["sentence_id"])
    assert checked >= 2  # reports with a matched quantity among the bundled ones: not a vacuous comparison


def _rule_texts() -> st.SearchStrategy[tuple[str, str]]:
    """(rule id, a text one of its patterns finds: before or after the number)."""
    from ogi_nlp.quantities import TEXT_TABLE_RULES

    return st.one_of([st.tuples(st.just(rid), st.from_regex(pattern))
                      for rid, before, after, *_ in TEXT_TABLE_RULES for pattern in (before, after) if pattern])


@settings(max_examples=600, deadline=None)
@given(_rule_texts())
def test_every_rule_match_holds_one_of_its_words(case: tuple[str, str]) -> None:
    """The sentence filter is sound: a text a rule's pattern (before or after the number) finds
    holds one of that rule's words, so a sentence without any rule's word gives no comparison."""
    from ogi_nlp.quantities import RULE_WORDS, may_restate

    rid, text = case
    assert any(w in text for w in RULE_WORDS[rid]), (rid, text)
    assert may_restate(text + "10件")  # with a quantity it is scanned


class _NeverDisjoint(frozenset):
    def isdisjoint(self, other: object) -> bool:  # type: ignore[override]
        return False


def test_report_quantities_same_without_the_sentence_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the bundled reports, the comparison of the sentences that may restate a table value
    equals that of every sentence (the filter leaves out only sentences no rule matches)."""
    from ogi_nlp import corpus_path, read_report
    from ogi_nlp import quantities
    from ogi_nlp.report import TABLE_DTYPES

    checked = 0
    for path in sorted(corpus_path().glob("*.txt")):
        report = read_report(path)
        filtered = report._quantity_columns
        columns = report._sentence_columns
        records = [{"is_heading": h, "text": t, "start": s, "sentence_id": i} for h, t, s, i in
                   zip(columns["is_heading"], columns["text"], columns["start"], columns["sentence_id"])]
        with monkeypatch.context() as m:
            m.setattr(quantities, "may_restate", lambda text: True)
            # and no report skipped for want of a variable a rule compares
            m.setattr(quantities, "_RULE_VARIABLES", _NeverDisjoint(quantities._RULE_VARIABLES))
            every = quantities.compare_columns(columns["report"], records, (report._table_columns, TABLE_DTYPES),
                                               keep_report=True)
        assert filtered.keys() == every.keys()
        for name in every:
            assert len(filtered[name]) == len(every[name]) and all(
                _same_cell(a, b) for a, b in zip(filtered[name], every[name])), name
        checked += bool(every["sentence_id"])
    assert checked >= 2
