"""A document-feature matrix: word counts per report, sparse, with its vocabulary.

:func:`document_features` cuts the sentences of each document (a report by
default) into words with :class:`ogi_nlp.tokens.Segmenter` (jieba with the OGI
domain dictionary, so 依申请公开 or 政务新媒体 stay one feature) and counts them
with scikit-learn's ``CountVectorizer``.  The result, a :class:`DocumentFeatures`,
holds the SciPy sparse matrix, the vocabulary and the document variables, and
writes them in forms other tools read:

* Matrix Market ``dfm.mtx`` + ``features.csv`` + ``docvars.csv`` — R:
  ``m <- Matrix::readMM("dfm.mtx"); rownames(m) <- read.csv("docvars.csv")$document;
  colnames(m) <- read.csv("features.csv")$feature; quanteda::as.dfm(m)``; Python:
  ``scipy.io.mmread``;
* ``dfm_triplets.parquet`` — one row per non-zero cell (``document``, ``feature``,
  ``count``), for pandas, arrow, DuckDB or R's ``arrow`` package.

Heading lines (``is_heading``) are left out by default: they repeat the
template's wording in every report.

Examples
--------
>>> import pandas as pd
>>> s = pd.DataFrame({"report": ["a", "a", "b"], "sentence_id": [0, 1, 0],
...                   "text": ["依申请公开政府信息17件。", "均予以公开。", "未收到依申请公开申请。"]})
>>> d = document_features(s)
>>> d.count("依申请公开").to_dict()
{'a': 1, 'b': 1}
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from ..tokens import Segmenter

__all__ = ["DocumentFeatures", "document_features", "FORMATS"]

#: Output formats of :meth:`DocumentFeatures.write`.
FORMATS: tuple[str, ...] = ("mtx", "parquet")


@dataclass
class DocumentFeatures:
    """A sparse document-feature matrix with its rows and columns described.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Counts, documents × features (int64).
    features : DataFrame
        One row per column of ``matrix``: ``feature`` (the word),
        ``doc_freq`` (documents using it), ``count`` (total occurrences).
    docvars : DataFrame
        One row per row of ``matrix``: ``document``, ``n_sentences``,
        ``n_tokens`` and any ``docvars`` passed to :func:`document_features`.
    """

    matrix: "object"
    features: pd.DataFrame
    docvars: pd.DataFrame

    @property
    def shape(self) -> tuple[int, int]:
        """(documents, features)."""
        return tuple(self.matrix.shape)  # type: ignore[attr-defined]

    def count(self, feature: str) -> pd.Series:
        """Occurrences of one feature per document (0 where absent from the vocabulary too).

        Examples
        --------
        >>> import pandas as pd
        >>> s = pd.DataFrame({"report": ["a"], "sentence_id": [0], "text": ["行政复议1件。"]})
        >>> int(document_features(s).count("行政复议")["a"])
        1
        """
        hits = np.flatnonzero(self.features["feature"].to_numpy() == feature)
        docs = self.docvars["document"]
        if not len(hits):
            return pd.Series(0, index=docs.to_numpy(), name=feature, dtype="int64")
        col = np.asarray(self.matrix[:, hits[0]].todense()).ravel()  # type: ignore[index]
        return pd.Series(col, index=docs.to_numpy(), name=feature, dtype="int64")

    def to_frame(self) -> pd.DataFrame:
        """The non-zero cells as a long frame: ``document``, ``feature``, ``count``.

        Examples
        --------
        >>> import pandas as pd
        >>> s = pd.DataFrame({"report": ["a"], "sentence_id": [0], "text": ["公开公开。"]})
        >>> document_features(s).to_frame().values.tolist()
        [['a', '公开', 2]]
        """
        coo = self.matrix.tocoo()  # type: ignore[attr-defined]
        order = np.lexsort((coo.col, coo.row))
        return pd.DataFrame({
            "document": self.docvars["document"].to_numpy()[coo.row[order]],
            "feature": self.features["feature"].to_numpy()[coo.col[order]],
            "count": coo.data[order].astype("int64"),
        })

    def to_dense_frame(self) -> pd.DataFrame:
        """The whole matrix as a DataFrame (documents × features); for small corpora only."""
        return pd.DataFrame(self.matrix.toarray(),  # type: ignore[attr-defined]
                            index=pd.Index(self.docvars["document"], name="document"),
                            columns=pd.Index(self.features["feature"], name="feature"))

    def write(self, folder: str | os.PathLike[str], *, formats: Sequence[str] = FORMATS,
              prefix: str = "dfm") -> list[Path]:
        """Write the matrix for R (quanteda, Matrix), scikit-learn, arrow or DuckDB.

        Parameters
        ----------
        folder : path
            Created if needed.
        formats : sequence of {"mtx", "parquet"}
            ``"mtx"``: ``{prefix}.mtx`` (Matrix Market, coordinate, integer),
            ``{prefix}_features.csv`` and ``{prefix}_docvars.csv`` (UTF-8 with
            BOM, row order = matrix order).  ``"parquet"``:
            ``{prefix}_triplets.parquet`` (document, feature, count).
        prefix : str, default "dfm"

        Returns
        -------
        list of Path
            The files written.
        """
        bad = sorted(set(formats) - set(FORMATS))
        if bad:
            raise ValueError(f"formats {bad} not supported; choose from {list(FORMATS)}")
        from scipy.io import mmwrite

        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        if "mtx" in formats:
            path = out / f"{prefix}.mtx"
            mmwrite(str(path), self.matrix, field="integer",
                    comment="ogi_nlp document-feature matrix: rows = docvars.csv, columns = features.csv")
            written.append(path)
            for name, frame in (("features", self.features), ("docvars", self.docvars)):
                p = out / f"{prefix}_{name}.csv"
                frame.to_csv(p, index=False, encoding="utf-8-sig")
                written.append(p)
        if "parquet" in formats:
            p = out / f"{prefix}_triplets.parquet"
            self.to_frame().to_parquet(p, index=False)
            written.append(p)
        return written


def document_features(
    sentences: pd.DataFrame,
    *,
    by: str = "report",
    segmenter: Segmenter | None = None,
    min_df: int = 1,
    headings: bool = False,
    docvars: pd.DataFrame | None = None,
) -> DocumentFeatures:
    """Count the words of each document into a sparse matrix.

    Parameters
    ----------
    sentences : DataFrame
        Needs ``text`` and the ``by`` column (``Corpus.sentences()``).
    by : str, default "report"
        The column that names a document: ``"report"``, or e.g. ``"section"``
        after combining it with the report yourself.
    segmenter : Segmenter, optional
        Default ``Segmenter(stopwords=True)``: jieba with the domain dictionary,
        punctuation and the bundled stop words dropped.
    min_df : int, default 1
        Keep words used by at least this many documents.
    headings : bool, default False
        Count heading lines too (``is_heading``; template wording).
    docvars : DataFrame, optional
        Document variables (e.g. ``Corpus.reports()`` or the panel), joined on
        the document name: its ``by`` column if present, else ``file``, else its
        index.

    Returns
    -------
    DocumentFeatures
        Documents sorted by name, features sorted by word.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"report": ["r"], "sentence_id": [0], "text": ["我局通过政务新媒体发布信息。"]})
    >>> document_features(s).features["feature"].tolist()
    ['信息', '发布', '政务新媒体']
    """
    from sklearn.feature_extraction.text import CountVectorizer

    for column in (by, "text"):
        if column not in sentences.columns:
            raise ValueError(f"sentences frame lacks column {column!r}; pass Corpus.sentences()")
    if not isinstance(min_df, int) or min_df < 1:
        raise ValueError(f"min_df={min_df!r} must be an int >= 1")
    frame = sentences
    if not headings and "is_heading" in frame.columns:
        frame = frame[~frame["is_heading"].fillna(False).astype(bool)]
    frame = frame[frame[by].notna()]
    order = ["sentence_id"] if "sentence_id" in frame.columns else []
    frame = frame.sort_values([by, *order], kind="stable")
    grouped = frame.groupby(by, sort=True)["text"]
    texts = grouped.apply(lambda t: "\n".join(t.fillna("").astype(str)))
    seg = segmenter if segmenter is not None else Segmenter(stopwords=True)
    vectorizer = CountVectorizer(tokenizer=seg, lowercase=False, token_pattern=None, min_df=min_df,
                                 dtype=np.int64)
    if len(texts) == 0:
        raise ValueError("no sentences to count")
    try:
        matrix = vectorizer.fit_transform(texts.tolist()).tocsr()
    except ValueError as exc:  # empty vocabulary (all stop words, or min_df too high)
        raise ValueError(f"no feature is left to count: {exc}") from None
    vocab = vectorizer.get_feature_names_out()
    features = pd.DataFrame({
        "feature": vocab,
        "doc_freq": np.asarray((matrix > 0).sum(axis=0)).ravel().astype("int64"),
        "count": np.asarray(matrix.sum(axis=0)).ravel().astype("int64"),
    })
    dv = pd.DataFrame({
        "document": texts.index.astype(str),
        "n_sentences": grouped.size().to_numpy().astype("int64"),
        "n_tokens": np.asarray(matrix.sum(axis=1)).ravel().astype("int64"),
    })
    if docvars is not None:
        extra = docvars
        if by in extra.columns:
            extra = extra.set_index(by)
        elif "file" in extra.columns:
            extra = extra.set_index("file")
        extra = extra.drop(columns=[c for c in dv.columns if c in extra.columns])
        dv = dv.join(extra, on="document")
    return DocumentFeatures(matrix=matrix, features=features, docvars=dv)
