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
import re
import warnings
from importlib import resources
from pathlib import Path

import pandas as pd

from ..errors import CodebookError
from ..sentences import is_heading
from .codebook import Codebook, _as_codebook, parse_labels
from .predict import context_frame

__all__ = ["load_annotations", "load_labelled", "body_of", "ANNOTATION_COLUMNS", "THEME_UNITS", "DEV_PAGES_FILE",
           "DEV_LABEL_FILES", "SPLITS"]

ANNOTATION_COLUMNS = ["doc", "sentence_id", "section", "sentence", "labels"]
#: Units of the dev-page labels that are theme data (furniture and tables are not narrative).
THEME_UNITS = ("sentence", "heading", "title")
#: The labelled dev-page pieces, beside the bundled file.
DEV_PAGES_FILE = "dev_pages_sentences.csv"
#: The labelled real report copies beside the bundled sentences, by dataset name:
#: the dev-page excerpts (162 bodies) and the narrative of the dev-table copies (42 more).
DEV_LABEL_FILES = {"dev_pages": DEV_PAGES_FILE, "dev_tables": "dev_tables_sentences.csv"}
#: ``test``: the frozen test split of the dev pages; ``heldout``: the dev-table bodies
#: drawn before their labelling; both are for final scoring only.
SPLITS = ("train", "test", "heldout")
_YEAR_RE = re.compile(r"[-_ ]?(?:19|20)\d\d(?=\.[A-Za-z]+$)")
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


def body_of(doc: str) -> str:
    """The body (issuing agency) of a bundled document: its file name without the year.

    Reports of one body in different years share much of their text, so they must
    fall on the same side of a cross-validation split.

    Examples
    --------
    >>> body_of("hongze-district-government-2023.pdf") == body_of("hongze-district-government-2024.pdf")
    True
    >>> body_of("000_0bd4f94ff1c1a797.txt")
    '000_0bd4f94ff1c1a797.txt'
    """
    return _YEAR_RE.sub("", doc)


def _read_dev_labels(name: str) -> pd.DataFrame | None:
    # Package data through importlib.resources (an editable install maps it to corpora/).
    file = DEV_LABEL_FILES[name]
    ref = resources.files("ogi_nlp.corpora").joinpath("annotations", file)
    if not ref.is_file():
        return None
    text, where = ref.read_text(encoding="utf-8-sig"), f"ogi_nlp.corpora/annotations/{file}"
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    missing = [c for c in ("doc", "sentence_id", "sentence", "labels", "unit", "split", "body") if c not in frame.columns]
    if missing:
        raise CodebookError(f"{where}: missing column(s) {missing}; found {list(frame.columns)}")
    frame.attrs["where"] = where
    return frame


def load_labelled(split: str = "train", *, dev_pages: bool = True,
                  codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """All hand-labelled theme data of the project, ready for the theme model.

    The bundled sentences (``sentences.csv``, 9 documents) and, when the files are
    there, the labelled pieces of real report copies (:data:`DEV_LABEL_FILES`: the
    dev-page excerpts and the narrative of the dev-table copies; units ``sentence``,
    ``heading`` and ``title`` only: page furniture and table rows are not narrative).
    Each sentence's neighbours are taken from its document in order (furniture
    included, as in a report's own sentence table) before the non-narrative rows are
    dropped.

    Parameters
    ----------
    split : {"train", "test", "heldout", "all"}
        ``"train"``: everything outside the held-out data (the bundled documents and
        the train rows of the dev copies); ``"test"``: the frozen test split of the
        dev pages; ``"heldout"``: the dev-table bodies held out before labelling;
        both are for final scoring only, nothing else; ``"all"``: every row.
    dev_pages : bool
        Include the labels of the real report copies (both files, when present).
    codebook : optional
        The codebook the labels must use (default: the bundled one).

    Returns
    -------
    DataFrame
        Columns ``doc``, ``body`` (the grouping unit of cross-validation),
        ``sentence_id``, ``section``, ``is_heading``, ``sentence``, ``labels`` (tuples),
        ``split``, ``dataset`` (``bundled`` / ``dev_pages`` / ``dev_tables``) and the context columns
        ``pos``, ``prev1``, ``prev2``, ``head`` of :func:`~ogi_nlp.themes.features.context_frame`.

    Examples
    --------
    >>> data = load_labelled(dev_pages=False)
    >>> len(data), data["body"].nunique()
    (500, 8)
    """
    if split not in SPLITS + ("all",):
        raise ValueError(f"split={split!r} is not allowed; allowed: {list(SPLITS + ('all',))}")
    cb = _as_codebook(codebook)
    parts = []
    bundled = load_annotations(codebook=cb)
    bundled = bundled.assign(body=[body_of(d) for d in bundled["doc"]],
                             is_heading=[is_heading(s) for s in bundled["sentence"]],
                             split="train", dataset="bundled", _theme=True)
    parts.append(bundled)
    for name in DEV_LABEL_FILES if dev_pages else ():
        dev = _read_dev_labels(name)
        if dev is None:
            continue
        where = dev.attrs["where"]
        dev["sentence_id"] = pd.to_numeric(dev["sentence_id"], errors="raise").astype("int64")
        dev = dev.sort_values(["doc", "sentence_id"], kind="stable").reset_index(drop=True)
        dev["_theme"] = dev["unit"].isin(THEME_UNITS)
        labels = []
        for i, (cell, theme) in enumerate(zip(dev["labels"], dev["_theme"])):
            labels.append(parse_labels(cell, cb, where=f"{where}: doc {dev['doc'][i]} #{dev['sentence_id'][i]}")
                          if theme else ())
        dev["labels"] = labels
        if "is_heading" in dev.columns:
            dev["is_heading"] = dev["is_heading"].astype(str).str.lower().isin(["true", "1"]) | dev["unit"].eq("heading")
        else:
            dev["is_heading"] = dev["unit"].eq("heading")
        dev["dataset"] = name
        if "section" not in dev.columns:
            dev["section"] = ""
        bad = sorted(set(dev["split"]) - set(SPLITS))
        if bad:
            raise CodebookError(f"{where}: split must be one of {list(SPLITS)}, found {bad}")
        parts.append(dev)
    cols = ["doc", "body", "sentence_id", "section", "is_heading", "sentence", "labels", "split", "dataset", "_theme"]
    data = pd.concat([p[cols] for p in parts], ignore_index=True)
    ctx = context_frame(data.rename(columns={"sentence": "text"}), doc="doc")
    data = data.assign(pos=ctx["pos"].to_numpy(), prev1=ctx["prev1"].to_numpy(), prev2=ctx["prev2"].to_numpy(),
                       head=ctx["head"].to_numpy())
    data = data[data["_theme"] & data["sentence"].str.strip().astype(bool)].drop(columns="_theme")
    if split != "all":
        data = data[data["split"] == split]
    if split in ("test", "heldout"):
        what = "the frozen test split" if split == "test" else "the held-out dev-table bodies"
        warnings.warn(f"load_labelled({split!r}) returns {what}: score the final model on it once; "
                      "never train, tune or choose on it", stacklevel=2)
    return data.reset_index(drop=True)
