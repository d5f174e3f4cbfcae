"""ogi_nlp: China's Open Government Information annual reports as data.

A report flows through one module per stage (ARCHITECTURE.md draws it)::

    zh/            Chinese-text primitives: widths, enumerators, numerals, units, script
    read/          file -> Document: ordered blocks with spans    read_document()
    metadata.py    agency, year, document type, level             ogi_nlp.metadata.extract_meta()
    sentences.py   narrative -> sentences with spans              split_sentences()
    sections.py    canonical sections of each template            ogi_nlp.sections.find_sections()
    tokens.py      sentences -> words (jieba + domain dictionary) tokenize()
    themes/        sentences -> theme labels                      ThemeClassifier
    tables/        grids -> named variables and checks            parse_tables(), run_checks()
    quantities.py  numbers stated in sentences vs the tables      ogi_nlp.quantities.extract_quantities()
    report.py      all of the above for one report                read_report(), parse_report()
    join.py        one row per report: text features x numbers    Corpus.panel()
    corpus.py      many reports: parallel, cached, a manifest     read_corpus(), build_corpus()
    workplan.py    a 工作要点 work plan's tasks, matched to reports  ogi_nlp.workplan.align_workplan()
    text/, change.py, quality.py, vocabulary.py, agreement.py   analyses on the corpus frames
    plotting.py    charts with Chinese labels                     ogi_nlp.plotting.use_cjk_font()

The names below are the entry points; everything else is imported from its
module (``from ogi_nlp.workplan import parse_workplan``).

Examples
--------
>>> import ogi_nlp
>>> ogi_nlp.split_sentences("全年受理申请20件；均按期答复。")
['全年受理申请20件；', '均按期答复。']
"""
from __future__ import annotations

import gc as _gc
import warnings
from importlib import import_module
from typing import Any

# Importing the toolkit (pandas, pyarrow, scipy, the stages' tables) makes long-lived objects and
# next to no garbage: the collector is paused meanwhile, and what the import made then goes straight
# to the oldest generation (freeze + unfreeze moves it there without walking it), so that the first
# young collections after the import do not walk all of it (about 0.1 CPU-s).  Nothing stays frozen:
# a user's process collects as before (a build freezes for its own phases: corpus, engine).
_collecting = _gc.isenabled()
_gc.disable()
try:
    from ._patterns import kept_patterns as _kept_patterns

    # the modules' regular expressions, compiled by an earlier process (see ogi_nlp._patterns)
    with _kept_patterns():
        from ._version import __version__
        from .corpus import Corpus, build_corpus, read_corpus
        from .datasets import corpus_path
        from .document import Document
        from .errors import OGIWarning, ReportError
        from .read import read_document
        from .report import Report, parse_report, read_report
        from .sentences import split_sentences
        from .tables import parse_tables, run_checks
        from .tokens import tokenize
finally:
    _gc.freeze()
    _gc.unfreeze()
    if _collecting:
        _gc.enable()
    del _collecting

__all__ = [
    "__version__",
    # one report
    "read_report", "parse_report", "Report", "read_document", "Document",
    # many reports
    "read_corpus", "build_corpus", "Corpus", "corpus_path",
    # stages
    "split_sentences", "tokenize", "ThemeClassifier", "parse_tables", "run_checks",
    # errors
    "ReportError", "OGIWarning",
]

#: Names the package exported before its API was cut to ``__all__`` (version
#: 0.x), and where each lives now.  They still resolve, with a DeprecationWarning
#: naming the new home, so scripts written against them keep running; new code
#: (and every notebook here) imports from the module.
_MOVED: dict[str, tuple[str, str]] = {
    "Block": ("ogi_nlp.document", "Block"),
    "load_manifest": ("ogi_nlp.datasets", "load_manifest"),
    "panel_codebook": ("ogi_nlp.join", "panel_codebook"),
    "extract_meta": ("ogi_nlp.metadata", "extract_meta"),
    "find_sections": ("ogi_nlp.sections", "find_sections"),
    "sentence_spans": ("ogi_nlp.sentences", "sentence_spans"),
    "Segmenter": ("ogi_nlp.tokens", "Segmenter"),
    "load_codebook": ("ogi_nlp.themes", "load_codebook"),
    "load_annotations": ("ogi_nlp.themes", "load_annotations"),
    "train_classifier": ("ogi_nlp.themes", "train_classifier"),
    "evaluate": ("ogi_nlp.themes", "evaluate_classifier"),
    "label_sentences": ("ogi_nlp.themes", "label_sentences"),
    "add_theme_columns": ("ogi_nlp.corpus", "add_theme_columns"),
    "cohen_kappa_per_theme": ("ogi_nlp.agreement", "cohen_kappa_per_theme"),
    "count_words": ("ogi_nlp.vocabulary", "count_words"),
    "distinctive_words": ("ogi_nlp.vocabulary", "distinctive_words"),
    "variable_codebook": ("ogi_nlp.tables", "variable_codebook"),
    "extract_quantities": ("ogi_nlp.quantities", "extract_quantities"),
    "parse_workplan": ("ogi_nlp.workplan", "parse_workplan"),
    "align": ("ogi_nlp.workplan", "align_workplan"),
    "coverage": ("ogi_nlp.workplan", "workplan_coverage"),
    "use_cjk_font": ("ogi_nlp.plotting", "use_cjk_font"),
    "ReadError": ("ogi_nlp.errors", "ReadError"),
    "DecodeError": ("ogi_nlp.errors", "DecodeError"),
    "UnsupportedFormatError": ("ogi_nlp.errors", "UnsupportedFormatError"),
    "CodebookError": ("ogi_nlp.errors", "CodebookError"),
    "NotFittedError": ("ogi_nlp.errors", "NotFittedError"),
}


def __getattr__(name: str) -> Any:
    """Resolve ``ThemeClassifier`` (it imports scikit-learn) and ``plotting`` on first use (a
    corpus build does without them), and a name of the 0.x API from the module that holds it (see ``_MOVED``).

    >>> import warnings
    >>> import ogi_nlp
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     same = ogi_nlp.align is ogi_nlp.workplan.align_workplan
    >>> same, str(caught[0].message)
    (True, 'ogi_nlp.align is deprecated: use ogi_nlp.workplan.align_workplan')
    """
    if name == "plotting":  # ogi_nlp.plotting.bar_chart in the notebooks; a build does without it
        return import_module(".plotting", __name__)
    if name == "ThemeClassifier":
        from .themes import ThemeClassifier

        globals()[name] = ThemeClassifier
        return ThemeClassifier
    try:
        module, attr = _MOVED[name]
    except KeyError:
        raise AttributeError(f"module 'ogi_nlp' has no attribute {name!r}") from None
    warnings.warn(f"ogi_nlp.{name} is deprecated: use {module}.{attr}", DeprecationWarning, stacklevel=2)
    return getattr(import_module(module), attr)
