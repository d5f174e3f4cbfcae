"""ogi_nlp: China's Open Government Information annual reports as data.

The flow, one module per stage::

    read/        file -> Document (blocks with spans)      read_document()
    sections.py  Document -> canonical sections
    sentences.py text -> sentences with spans             split_sentences()
    tokens.py    sentences -> words (jieba + domain dict)  tokenize(), Segmenter
    themes/      sentences -> theme labels                 ThemeClassifier
    tables/      table grids -> named variables, checks
    report.py    all of the above for one report           read_report(), parse_report()
    corpus.py    many reports, in parallel, cached         read_corpus()
"""
from __future__ import annotations

from .errors import ReadError, ReportError

__version__ = "0.1.0"

__all__ = ["__version__", "ReportError", "ReadError"]
