"""The package's exceptions and warnings: one hierarchy.

Every error subclasses :class:`ReportError` and a built-in exception, so callers
can catch the package's errors as a group or by their built-in meaning::

    ReportError (Exception)
    ├── ReadError (ReportError, OSError)        a file cannot be opened or parsed
    │   ├── UnsupportedFormatError (ReadError, ValueError)  unknown file type
    │   └── DecodeError (ReadError, UnicodeError)            bytes are not text
    ├── CodebookError (ReportError, ValueError) a codebook or annotation file is malformed
    └── NotFittedError (ReportError, ValueError)  a model used before ``fit``

Warnings are ``OGIWarning`` subclasses, issued with ``warnings.warn`` and also
recorded in ``Report.meta["warnings"]`` so that a batch keeps them as data.

Examples
--------
>>> from ogi_nlp.errors import ReadError, ReportError
>>> issubclass(ReadError, ReportError) and issubclass(ReadError, OSError)
True
"""
from __future__ import annotations

__all__ = [
    "ReportError",
    "ReadError",
    "UnsupportedFormatError",
    "DecodeError",
    "CodebookError",
    "NotFittedError",
    "OGIWarning",
    "ReadWarning",
    "TableWarning",
]


class ReportError(Exception):
    """Base class of every error raised by ogi_nlp."""


class ReadError(ReportError, OSError):
    """A file could not be read into a document.

    Parameters
    ----------
    path : str
        The file, as the caller named it.
    reason : str
        What was found and, where it helps, what to do.
    """

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __str__(self) -> str:  # OSError's own __str__ would print the args tuple
        return f"{self.path}: {self.reason}"

    def __reduce__(self):  # keep the two-argument form across processes
        return (type(self), (self.path, self.reason))


class UnsupportedFormatError(ReadError, ValueError):
    """The file type is not one the readers know (txt, html, docx, pdf)."""


class DecodeError(ReadError, UnicodeError):
    """The bytes of a text file do not decode in any supported encoding."""


class CodebookError(ReportError, ValueError):
    """A codebook or an annotation file does not have the expected shape."""


class NotFittedError(ReportError, ValueError):
    """An estimator was used before it was fitted."""


class OGIWarning(UserWarning):
    """Base class of ogi_nlp's warnings."""


class ReadWarning(OGIWarning):
    """Something in a source was odd but readable (e.g. tables only as images)."""


class TableWarning(OGIWarning):
    """A table was found but could not be read completely."""
