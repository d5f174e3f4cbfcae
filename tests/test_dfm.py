"""The document-feature matrix of the bundled reports and its exports."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.io import mmread

from _real_frames import HONGZE_2024, frame
from ogi_nlp.text import document_features
from ogi_nlp.tokens import Segmenter


@pytest.fixture(scope="module")
def dfm():
    return document_features(frame("sentences"), docvars=frame("reports"))


def test_rows_are_reports_and_domain_terms_stay_whole(dfm):
    sentences = frame("sentences")
    narrative = sentences[~sentences["is_heading"]]
    assert dfm.docvars["document"].tolist() == sorted(narrative["report"].unique())
    features = set(dfm.features["feature"])
    assert {"依申请公开", "政府信息公开", "行政复议"} <= features
    assert "的" not in features and "。" not in features  # stop words and punctuation dropped
    # Year and body come from the reports frame.
    assert dfm.docvars.set_index("document").loc[HONGZE_2024, "year"] == 2024


def test_counts_equal_the_segmenter_on_each_report(dfm):
    sentences = frame("sentences")
    text = "\n".join(sentences[(sentences["report"] == HONGZE_2024) & ~sentences["is_heading"]]
                     .sort_values("sentence_id")["text"])
    tokens = Segmenter(stopwords=True).tokenize(text)
    row = dfm.to_frame().query("document == @HONGZE_2024").set_index("feature")["count"]
    assert row.sum() == len(tokens)
    assert row["依申请公开"] == tokens.count("依申请公开") > 0
    assert dfm.count("依申请公开")[HONGZE_2024] == tokens.count("依申请公开")
    assert (dfm.features["count"] == np.asarray(dfm.matrix.sum(axis=0)).ravel()).all()


def test_exports_read_back(dfm, tmp_path):
    paths = dfm.write(tmp_path)
    assert sorted(p.name for p in paths) == ["dfm.mtx", "dfm_docvars.csv", "dfm_features.csv",
                                             "dfm_triplets.parquet"]
    assert (tmp_path / "dfm.mtx").read_text().startswith("%%MatrixMarket matrix coordinate integer general")
    back = mmread(tmp_path / "dfm.mtx").tocsr()
    assert (back != dfm.matrix).nnz == 0
    features = pd.read_csv(tmp_path / "dfm_features.csv", encoding="utf-8-sig")
    docvars = pd.read_csv(tmp_path / "dfm_docvars.csv", encoding="utf-8-sig")
    assert features["feature"].tolist() == dfm.features["feature"].tolist()
    assert docvars["document"].tolist() == dfm.docvars["document"].tolist()
    triplets = pd.read_parquet(tmp_path / "dfm_triplets.parquet")
    assert triplets["count"].sum() == dfm.matrix.sum() and (triplets["count"] > 0).all()
    dense = dfm.to_dense_frame()
    pivot = triplets.pivot(index="document", columns="feature", values="count").fillna(0).astype(int)
    assert (pivot.reindex(index=dense.index, columns=dense.columns, fill_value=0) == dense).all().all()


def test_min_df_and_errors():
    sentences = frame("sentences")
    common = document_features(sentences, min_df=5)
    assert (common.features["doc_freq"] >= 5).all() and "政府信息公开" in set(common.features["feature"])
    with pytest.raises(ValueError, match="min_df"):
        document_features(sentences, min_df=0)
    with pytest.raises(ValueError, match="lacks column"):
        document_features(sentences.drop(columns="text"))
