"""Text-as-data tools over the corpus frames: concordance, counts, dictionaries, readability.

Each tool takes the plain DataFrames a :class:`~ogi_nlp.corpus.Corpus` gives
(``corpus.sentences()``, ``corpus.reports()``) and returns DataFrames, so the
results join the panel on ``report``:

* :func:`kwic` — keyword in context, with report, section and theme;
* :func:`document_features` — a sparse document-feature matrix and its
  vocabulary, written for quanteda (Matrix Market + CSV) and Parquet;
* :func:`load_dictionary`, :func:`code_sentences`, :func:`code_reports` — a
  researcher's dictionary (YAML or CSV, categories of terms) matched with
  Aho-Corasick and counted per sentence and per report;
* :func:`readability` — sentence and clause length and the share of adverbs
  and conjunctions, after 徐巍、姚振晔、陈冬华 (2021).

Examples
--------
>>> import pandas as pd
>>> from ogi_nlp.text import kwic
>>> s = pd.DataFrame({"report": ["r"], "sentence_id": [0], "text": ["本年度未收到行政复议申请。"]})
>>> kwic(s, "行政复议", window=2)[["pre", "keyword", "post"]].values.tolist()
[['收到', '行政复议', '申请']]
"""
from __future__ import annotations

from .dfm import DocumentFeatures, document_features
from .dictionary import Dictionary, code_reports, code_sentences, dictionary_matches, load_dictionary
from .kwic import kwic
from .readability import readability, readability_codebook

__all__ = [
    "kwic",
    "DocumentFeatures",
    "document_features",
    "Dictionary",
    "load_dictionary",
    "code_sentences",
    "code_reports",
    "dictionary_matches",
    "readability",
    "readability_codebook",
]
