"""The researcher's own codebook, classifier and dictionaries, carried through a corpus build.

:func:`ogi_nlp.read_corpus` and :func:`ogi_nlp.build_corpus` (``ogi-nlp build
--classifier --codebook --dictionary``) take a researcher's instruments instead of
the bundled ones:

``classifier``
    A :class:`~ogi_nlp.themes.ThemeClassifier` saved with
    :meth:`~ogi_nlp.themes.ThemeClassifier.save` (a ``.skops`` file, loaded with its
    type allow-list), or a fitted classifier object (saved to a temporary file for the
    workers).  Its codebook's themes become the theme columns.
``codebook``
    A codebook file (JSON as :func:`~ogi_nlp.themes.load_codebook` reads it, or the
    same shape in YAML).  Without a classifier, its cue words and patterns label the
    sentences by rules (``ThemeClassifier(method="rules", codebook=...)``); with one,
    it must name the same themes as the classifier's own codebook.
``dictionaries``
    Dictionary files (YAML or CSV, :func:`ogi_nlp.text.load_dictionary`).  Each
    sentence gets ``dict_<category>`` (matches in the sentence; NA on heading lines,
    which are not searched) and the panel gets the per-report counts of
    :func:`ogi_nlp.text.code_reports` (``dict_n_chars``, ``dict_<category>``,
    ``dict_<category>_per_10k``).  Each dictionary is matched on its own (a term of
    one dictionary never hides a term of another); two dictionaries may not share a
    category name.

Every file is checked where it enters, before any report is read: a bad file raises
:class:`~ogi_nlp.errors.ReadError` (classifier) or
:class:`~ogi_nlp.errors.CodebookError` (codebook, dictionary) naming the file and the
reason.  What travels to the worker processes is :class:`Instruments`: paths and
SHA-256 hashes, no model; each worker loads each file once (and checks its hash).
The hashes enter each report's cache key (a changed file re-computes, an unchanged
one reuses) and ``build.json`` (:meth:`Instruments.record`).

Examples
--------
>>> import os, tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     path = os.path.join(d, "channels.yaml")
...     _ = open(path, "w", encoding="utf-8").write("渠道: [门户网站, 政务新媒体]\\n")
...     spec = prepare_instruments(dictionaries=[path])
...     [c for c in spec.categories()]
['渠道']
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from .errors import CodebookError, ReadError
from .themes import load_codebook
from .themes.codebook import Codebook

__all__ = ["Instruments", "prepare_instruments", "load_codebook_file", "dictionary_report_counts"]

_PREFIX = "dict_"


def _sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class _File:
    """One instrument file: where it is and the SHA-256 of its bytes."""

    path: str
    sha256: str
    note: str = ""  # e.g. "a ThemeClassifier object, saved for the workers"


@dataclass(frozen=True)
class Instruments:
    """Which classifier, codebook and dictionaries a build uses (plain data, cheap to send).

    Made by :func:`prepare_instruments`, which checks every file.  Workers call
    :meth:`classifier` and :meth:`dictionaries`: each file is loaded once per process.
    """

    classifier_file: _File | None = None
    codebook_file: _File | None = None
    dictionary_files: tuple[_File, ...] = ()
    category_names: tuple[str, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.classifier_file or self.codebook_file or self.dictionary_files)

    @property
    def labels_themes(self) -> bool:
        """Whether themes come from the researcher's classifier or codebook."""
        return bool(self.classifier_file or self.codebook_file)

    def key(self) -> dict[str, Any]:
        """What enters each report's cache key: the files' hashes (not their paths)."""
        out: dict[str, Any] = {}
        if self.classifier_file:
            out["classifier"] = self.classifier_file.sha256
        if self.codebook_file:
            out["codebook"] = self.codebook_file.sha256
        if self.dictionary_files:
            out["dictionaries"] = [f.sha256 for f in self.dictionary_files]
        return out

    def record(self) -> dict[str, Any]:
        """What ``build.json`` says was used: path and SHA-256 of each file (``None``: the default)."""
        def one(f: _File | None) -> dict[str, str] | None:
            if f is None:
                return None
            item = {"path": f.path, "sha256": f.sha256}
            if f.note:
                item["note"] = f.note
            return item

        return {"classifier": one(self.classifier_file) or ("bundled" if not self.codebook_file else "rules"),
                "codebook": one(self.codebook_file) or ("bundled" if not self.classifier_file else "the classifier's"),
                "dictionaries": [one(f) for f in self.dictionary_files]}

    def classifier(self) -> Any:
        """The ThemeClassifier to label with (``None``: the bundled one), loaded once per process."""
        if self.classifier_file is not None:
            return _load_classifier(self.classifier_file.path, self.classifier_file.sha256)
        if self.codebook_file is not None:
            return _rules_classifier(self.codebook_file.path, self.codebook_file.sha256)
        return None

    def codebook(self) -> Any:
        """The codebook of the theme columns (``None``: the bundled one)."""
        clf = self.classifier() if self.labels_themes else None
        return None if clf is None else clf.codebook_

    def dictionaries(self) -> list[Any]:
        """The researcher's dictionaries, loaded once per process."""
        return [_load_dictionary(f.path, f.sha256) for f in self.dictionary_files]

    def categories(self) -> tuple[str, ...]:
        """Every dictionary category, in file order (the ``dict_<category>`` columns)."""
        return self.category_names

    def code_sentences(self, sentences: pd.DataFrame) -> pd.DataFrame:
        """``sentences`` with ``dict_<category>`` counts (Int64; NA on heading lines, not searched).

        The counts are those of :func:`ogi_nlp.text.code_sentences`, one dictionary at a time.
        """
        if not self.dictionary_files:
            return sentences
        out = sentences.copy()
        narrative = ~out["is_heading"].fillna(False).astype(bool) if "is_heading" in out else \
            pd.Series(True, index=out.index)
        texts = out["text"].fillna("").astype(str)
        for d in self.dictionaries():
            counts = {c: [pd.NA] * len(out) for c in d.categories}
            for i, (text, searched) in enumerate(zip(texts, narrative)):
                if searched:
                    for c, n in d.count(text).items():
                        counts[c][i] = n
            for c in d.categories:
                out[_PREFIX + c] = pd.array(counts[c], dtype="Int64")
        return out


def _check_unchanged(path: str, sha256: str) -> None:
    try:
        now = _sha256(path)
    except OSError as exc:
        raise ReadError(path, f"cannot read it any more ({exc.strerror or exc})") from None
    if now != sha256:
        raise ReadError(path, "the file changed while the corpus was being read; run the build again")


_LOADED: dict[tuple[str, str, str], Any] = {}  # (kind, path, sha256) -> object, per process


def _load_classifier(path: str, sha256: str) -> Any:
    key = ("classifier", path, sha256)
    if key not in _LOADED:
        _check_unchanged(path, sha256)
        from .themes import ThemeClassifier

        _LOADED[key] = ThemeClassifier.load(path)
    return _LOADED[key]


def _rules_classifier(path: str, sha256: str) -> Any:
    key = ("rules", path, sha256)
    if key not in _LOADED:
        _check_unchanged(path, sha256)
        from .themes import ThemeClassifier

        _LOADED[key] = ThemeClassifier(method="rules", codebook=load_codebook_file(path)).fit()
    return _LOADED[key]


def _load_dictionary(path: str, sha256: str) -> Any:
    key = ("dictionary", path, sha256)
    if key not in _LOADED:
        from .text import load_dictionary  # the text tools: only for a build with dictionaries

        _check_unchanged(path, sha256)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # said once, in the parent (prepare_instruments)
            _LOADED[key] = load_dictionary(path)
    return _LOADED[key]


def load_codebook_file(path: str | os.PathLike[str]) -> Any:
    """A codebook from a JSON file (:func:`ogi_nlp.themes.load_codebook`) or a YAML file of the same shape.

    Raises
    ------
    CodebookError
        The file is missing, not JSON/YAML, or a theme is malformed (names the file).

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "cb.yaml")
    ...     _ = open(p, "w", encoding="utf-8").write("themes:\\n- {key: review, label: 复议, cues: [行政复议]}\\n")
    ...     load_codebook_file(p).keys
    ('review',)
    """
    path = Path(path)
    if path.suffix.lower() not in (".yml", ".yaml"):
        if path.suffix.lower() != ".json":
            raise CodebookError(f"{path}: codebook files are .json, .yml or .yaml, not {path.suffix!r}")
        return load_codebook(path)
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise CodebookError(f"{path}: cannot read the codebook ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise CodebookError(f"{path}: the codebook must be UTF-8") from None
    except yaml.YAMLError as exc:
        raise CodebookError(f"{path}: not valid YAML: {exc}") from None
    return Codebook.from_dict(data, where=str(path))


def _file(path: str | os.PathLike[str], kind: str, error: type) -> _File:
    where = os.fspath(path)
    if not os.path.isfile(where):
        raise (ReadError(where, f"no such {kind} file") if error is ReadError
               else CodebookError(f"{where}: no such {kind} file"))
    return _File(path=os.path.abspath(where), sha256=_sha256(where))


def prepare_instruments(*, classifier: Any = None, codebook: Any = None, dictionaries: Any = None,
                        workdir: str | os.PathLike[str] | None = None, themes: bool = True) -> Instruments:
    """Check the researcher's files once, before any report is read, and describe them for the workers.

    Parameters
    ----------
    classifier : path or ThemeClassifier, optional
        A ``.skops`` file saved by :meth:`ThemeClassifier.save`, or a fitted
        classifier (saved into ``workdir`` for the workers; its file's hash is new at
        every save, so the cache is reused only when a path is given).
    codebook : path, optional
        A JSON or YAML codebook (see the module notes).
    dictionaries : path or list of paths (or Dictionary / mapping), optional
        YAML or CSV dictionaries; an in-memory one is saved into ``workdir`` as YAML.
    workdir : path, optional
        Where objects given in memory are saved (default: a new temporary folder).
    themes : bool, default True
        Whether the build labels themes; a classifier or codebook without themes is an error.

    Returns
    -------
    Instruments

    Raises
    ------
    ReadError
        The classifier file is missing, not a saved ThemeClassifier, or holds types
        a ThemeClassifier is not made of.
    CodebookError
        A codebook or dictionary file is missing or malformed; the codebook names
        other themes than the classifier; two dictionaries share a category.
    ValueError
        A classifier or codebook with ``themes=False``.
    """
    if not themes and (classifier is not None or codebook is not None):
        raise ValueError("a classifier or codebook was given with themes=False (--no-themes): "
                         "drop one of them")

    def scratch() -> Path:
        nonlocal workdir
        if workdir is None:
            workdir = tempfile.mkdtemp(prefix="ogi-nlp-instruments-")
        Path(workdir).mkdir(parents=True, exist_ok=True)
        return Path(workdir)

    clf_file = None
    clf = None
    given_object = classifier is not None and not isinstance(classifier, (str, os.PathLike))
    if given_object:  # a build without a classifier object needs no scikit-learn
        from .themes import ThemeClassifier
    if given_object and isinstance(classifier, ThemeClassifier):
        clf_path = scratch() / "classifier.skops"
        classifier.save(clf_path)  # refuses an unfitted classifier
        clf_file = _File(str(clf_path), _sha256(clf_path), note="a ThemeClassifier object, saved for the workers")
        clf = _load_classifier(clf_file.path, clf_file.sha256)
    elif classifier is not None:
        if not isinstance(classifier, (str, os.PathLike)):
            raise ValueError(f"classifier={classifier!r}: give a .skops file or a fitted ThemeClassifier")
        clf_file = _file(classifier, "classifier", ReadError)
        clf = _load_classifier(clf_file.path, clf_file.sha256)
    cb_file = None
    if codebook is not None:
        if not isinstance(codebook, (str, os.PathLike)):
            raise ValueError(f"codebook={codebook!r}: give a JSON or YAML codebook file")
        cb_file = _file(codebook, "codebook", CodebookError)
        cb = load_codebook_file(cb_file.path)
        if clf is not None and tuple(cb.keys) != tuple(clf.codebook_.keys):
            raise CodebookError(f"{cb_file.path}: the codebook's themes {list(cb.keys)} are not those the "
                                f"classifier {clf_file.path} was trained on {list(clf.codebook_.keys)}; "
                                "give the codebook it was trained with, or only the classifier")
        if clf is None:
            _rules_classifier(cb_file.path, cb_file.sha256)
    if dictionaries is None:
        dictionaries = []
    else:
        from .text import Dictionary, load_dictionary  # the text tools: only for a build with dictionaries

        if isinstance(dictionaries, (str, os.PathLike, Mapping, Dictionary)):
            dictionaries = [dictionaries]
    dict_files: list[_File] = []
    categories: dict[str, str] = {}
    for n, item in enumerate(dictionaries):
        if isinstance(item, (Mapping, Dictionary)):
            import yaml

            d = load_dictionary(item)
            path = scratch() / f"dictionary-{n}.yaml"
            path.write_text(yaml.safe_dump({c: list(t) for c, t in d.categories.items()}, allow_unicode=True),
                            encoding="utf-8")
            f = _File(str(path), _sha256(path), note=f"dictionary {d.name!r} given in memory, saved for the workers")
        elif isinstance(item, (str, os.PathLike)):
            f = _file(item, "dictionary", CodebookError)
        else:
            raise ValueError(f"dictionaries[{n}]={item!r}: give YAML or CSV dictionary files")
        d = load_dictionary(f.path)  # warns here, once (e.g. '*' dropped)
        _LOADED[("dictionary", f.path, f.sha256)] = d
        for c in d.categories:
            if c == "n_chars" or c.endswith("_per_10k"):
                raise CodebookError(f"{f.path}: category {c!r} would clash with the column dict_n_chars or "
                                    "a dict_<category>_per_10k column; rename it")
            if c in categories:
                raise CodebookError(f"{f.path}: category {c!r} is also in {categories[c]}; "
                                    "rename it in one of the dictionaries")
            categories[c] = f.path
        dict_files.append(f)
    return Instruments(classifier_file=clf_file, codebook_file=cb_file, dictionary_files=tuple(dict_files),
                       category_names=tuple(categories))


def dictionary_report_counts(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per-report counts from the ``dict_<category>`` columns a build put on the sentences.

    The same numbers as :func:`ogi_nlp.text.code_reports` on those sentences:
    ``dict_n_chars`` (characters of non-heading sentences), then ``dict_<category>``
    and ``dict_<category>_per_10k`` per category; indexed by ``report``.  Empty
    (no columns) when the sentences carry no dictionary counts.

    Examples
    --------
    >>> s = pd.DataFrame({"report": ["a", "a"], "text": ["一、概述", "召开发布会2次。"],
    ...                   "is_heading": [True, False], "dict_解读": pd.array([pd.NA, 1], dtype="Int64")})
    >>> dictionary_report_counts(s)[["dict_n_chars", "dict_解读"]].values.tolist()
    [[8, 1]]
    """
    cols = [c for c in sentences.columns if isinstance(c, str) and c.startswith(_PREFIX)]
    if not cols or "report" not in sentences.columns:
        return pd.DataFrame(index=pd.Index([], name="report"))
    narrative = sentences
    if "is_heading" in sentences.columns:
        narrative = sentences[~sentences["is_heading"].fillna(False).astype(bool)]
    frame = narrative[["report", *cols]].copy()
    frame["dict_n_chars"] = narrative["text"].fillna("").astype(str).str.len().to_numpy()
    for c in cols:
        frame[c] = frame[c].astype("Int64")
    out = frame.groupby("report", sort=True)[["dict_n_chars", *cols]].sum(min_count=0)
    out = out.astype("int64")
    chars = out["dict_n_chars"].astype("Float64").mask(out["dict_n_chars"] == 0)
    for c in cols:
        out[f"{c}_per_10k"] = (out[c] / chars * 10_000).astype("Float64")
    ordered = ["dict_n_chars"] + [x for c in cols for x in (c, f"{c}_per_10k")]
    return out[ordered].rename_axis("report")
