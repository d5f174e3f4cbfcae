"""Hand-labelled sentences: reading and checking an annotation file.

The bundled file is ``corpora/annotations/sentences.csv`` (package
``ogi_nlp.corpora``); its card is ``corpora/annotations/README.md``. A researcher's
own file needs the same columns: ``doc`` (report the sentence comes from; the
grouping unit of cross-validation), ``sentence`` (exact text) and ``labels`` (theme
keys joined by ``;``, empty or ``other`` for none). ``sentence_id`` and ``section``
are optional.

Examples
--------
>>> ann = load_annotations()
>>> list(ann.columns[:4])
['doc', 'sentence_id', 'section', 'sentence']
>>> ann.set_index("sentence").loc["全年共组织从事政府信息公开工作人员参加专题培训2人次。", "labels"]
('organization_oversight',)
"""
from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

import pandas as pd

from ..errors import CodebookError
from .codebook import Codebook, _as_codebook, parse_labels

__all__ = ["load_annotations", "ANNOTATION_COLUMNS"]

ANNOTATION_COLUMNS = ["doc", "sentence_id", "section", "sentence", "labels"]
_REQUIRED = ("doc", "sentence", "labels")


def load_annotations(path: str | Path | None = None, *, codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Read labelled sentences and check every label against the codebook.

    Parameters
    ----------
    path : str or Path, optional
        A UTF-8 CSV file; ``None`` reads the bundled hand annotations.
    codebook : Codebook, str, Path or None
        Codebook whose theme keys the labels must use (default: the bundled one).

    Returns
    -------
    DataFrame
        Columns ``doc``, ``sentence_id``, ``section``, ``sentence``, ``labels``
        (a tuple of theme keys in codebook order; ``()`` is ``other``) and any extra
        columns of the file, in file order.

    Raises
    ------
    CodebookError
        A required column is missing, a sentence is empty or a label is unknown; the
        message names the file and the line.
    """
    cb = _as_codebook(codebook)
    if path is None:
        ref = resources.files("ogi_nlp.corpora").joinpath("annotations", "sentences.csv")
        text, where = ref.read_text(encoding="utf-8"), "ogi_nlp.corpora/annotations/sentences.csv"
    else:
        where = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CodebookError(f"{where}: cannot read the annotations ({exc.strerror or exc})") from None
        except UnicodeDecodeError:
            raise CodebookError(f"{where}: annotations must be a UTF-8 CSV file") from None
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
    missing = [c for c in _REQUIRED if c not in frame.columns]
    if missing:
        raise CodebookError(f"{where}: missing column(s) {missing}; found {list(frame.columns)}")
    labels = []
    for i, (sentence, cell) in enumerate(zip(frame["sentence"], frame["labels"])):
        line = i + 2  # header is line 1 (sentences hold no line breaks)
        if not sentence.strip():
            raise CodebookError(f"{where}: line {line}: empty sentence")
        labels.append(parse_labels(cell, cb, where=f"{where}: line {line}"))
    frame["labels"] = labels
    if "sentence_id" not in frame.columns:
        frame["sentence_id"] = frame.groupby("doc").cumcount()
    frame["sentence_id"] = pd.to_numeric(frame["sentence_id"], errors="raise").astype("int64")
    if "section" not in frame.columns:
        frame["section"] = ""
    extra = [c for c in frame.columns if c not in ANNOTATION_COLUMNS]
    return frame[ANNOTATION_COLUMNS + extra].reset_index(drop=True)
