"""similarity_bound is an upper bound of similarity: the label matchers skip difflib for the
template labels it rules out, and find the same keys."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ogi_nlp.tables.labels import similarity, similarity_bound

# few characters, so that the two texts share many (and one often holds the other)
_TEXT = st.text(alphabet="不予部分公开申请其他处理总计行政复议", max_size=24)


@settings(max_examples=2000, deadline=None)
@given(_TEXT, _TEXT)
def test_the_bound_is_never_below_the_similarity(printed: str, canonical: str) -> None:
    assert similarity(printed, canonical) <= similarity_bound(printed, canonical)


@settings(max_examples=500, deadline=None)
@given(_TEXT, st.sampled_from(["部分公开", "不予公开", "其他处理", "行政复议", "申请人", "总计"]))
def test_the_bound_is_never_below_the_similarity_to_a_template_label(printed: str, canonical: str) -> None:
    assert similarity(printed, canonical) <= similarity_bound(printed, canonical)
