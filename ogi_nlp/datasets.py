"""The bundled corpus and its manifest.

The reports ship inside the package as ``ogi_nlp.corpora`` (the ``corpora/``
folder of the repository), so they are found the same way from a notebook, a
test or an installed wheel, whatever the current directory.

Examples
--------
>>> from ogi_nlp.datasets import corpus_path, load_manifest
>>> (corpus_path() / "001_dfbf40df936f33b0.txt").is_file()
True
>>> load_manifest().loc["001_dfbf40df936f33b0.txt", "agency"]
'北京市知识产权局'
"""
from __future__ import annotations

import hashlib
import importlib.resources
from pathlib import Path

import pandas as pd

__all__ = ["corpus_path", "load_manifest", "verify_corpus"]


def corpus_path() -> Path:
    """Folder of the bundled corpus (a real directory on disk)."""
    return Path(str(importlib.resources.files("ogi_nlp.corpora")))


def load_manifest() -> pd.DataFrame:
    """The corpus manifest, one row per bundled document, indexed by file name.

    Columns: sha256, agency, level, region, year, doc_type, generation, source.
    Blank cells are missing (``NA``), not empty strings.
    """
    ref = importlib.resources.files("ogi_nlp.corpora") / "manifest.csv"
    with ref.open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype={"year": "Int64"}, keep_default_na=False, na_values=[""])
    return frame.set_index("file")


def verify_corpus() -> pd.DataFrame:
    """Check every bundled file against the sha256 in the manifest.

    Returns
    -------
    DataFrame
        One row per manifest entry with ``expected``, ``actual`` and ``ok``.
    """
    manifest = load_manifest()
    root = corpus_path()
    rows = []
    for name, expected in manifest["sha256"].items():
        path = root / name
        actual = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        rows.append({"file": name, "expected": expected, "actual": actual, "ok": actual == expected})
    return pd.DataFrame(rows)
