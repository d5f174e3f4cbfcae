"""ogi_nlp: China's Open Government Information annual reports as data.

A report flows through one module per stage::

    read/          file -> Document: ordered blocks with spans    read_document()
    metadata.py    agency, year, document type, level             extract_meta()
    sections.py    canonical sections of each template            find_sections()
    sentences.py   narrative -> sentences with spans              split_sentences()
    tokens.py      sentences -> words (jieba + domain dictionary) tokenize(), Segmenter
    themes/        sentences -> theme labels                      ThemeClassifier
    tables/        grids -> named variables and checks            parse_tables(), run_checks()
    quantities.py  numbers stated in sentences vs the tables      extract_quantities()
    report.py      all of the above for one report                read_report(), parse_report()
    corpus.py      many reports: parallel, cached, a manifest     read_corpus()
    join.py        one row per report: text features x numbers    Corpus.panel()
    workplan.py    a 工作要点 work plan's tasks, matched to reports  parse_workplan(), align()
    vocabulary.py  word counts and distinctive words per group     distinctive_words()
    agreement.py   agreement between two codings of themes        cohen_kappa_per_theme()
    plotting.py    charts with Chinese labels                     use_cjk_font()

Examples
--------
>>> import ogi_nlp
>>> ogi_nlp.split_sentences("全年受理申请20件；均按期答复。")
['全年受理申请20件；', '均按期答复。']
"""
from __future__ import annotations

from ._version import __version__

from .agreement import cohen_kappa_per_theme
from .corpus import Corpus, add_theme_columns, build_corpus, read_corpus
from .datasets import corpus_path, load_manifest
from .document import Block, Document
from .errors import (
    CodebookError,
    DecodeError,
    NotFittedError,
    OGIWarning,
    ReadError,
    ReportError,
    UnsupportedFormatError,
)
from .plotting import use_cjk_font
from .quantities import extract_quantities
from .read import read_document
from .report import Report, parse_report, read_report
from .metadata import extract_meta
from .sections import find_sections
from .sentences import sentence_spans, split_sentences
from .tables import parse_tables, run_checks, variable_codebook
from .join import panel_codebook
from .themes import (
    ThemeClassifier,
    evaluate,
    label_sentences,
    load_annotations,
    load_codebook,
    train_classifier,
)
from .tokens import Segmenter, tokenize
from .vocabulary import count_words, distinctive_words
from .workplan import align, coverage, parse_workplan

__all__ = [
    "__version__",
    # one report
    "read_report", "parse_report", "Report", "read_document", "Document", "Block",
    # many reports
    "read_corpus", "build_corpus", "Corpus", "corpus_path", "load_manifest", "panel_codebook",
    # stages
    "extract_meta", "find_sections", "split_sentences", "sentence_spans", "tokenize", "Segmenter",
    "ThemeClassifier", "load_codebook", "load_annotations", "train_classifier", "evaluate",
    "label_sentences", "add_theme_columns", "cohen_kappa_per_theme",
    "count_words", "distinctive_words",
    "parse_tables", "run_checks", "variable_codebook", "extract_quantities",
    "parse_workplan", "align", "coverage", "use_cjk_font",
    # errors
    "ReportError", "ReadError", "DecodeError", "UnsupportedFormatError",
    "CodebookError", "NotFittedError", "OGIWarning",
]
