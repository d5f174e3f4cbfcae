"""The frames of the bundled corpus, read once per test process (shared by the tool tests)."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ogi_nlp import read_corpus
from ogi_nlp.datasets import corpus_path

HONGZE_2023 = "hongze-district-government-2023.pdf"
HONGZE_2024 = "hongze-district-government-2024.pdf"
BEIJING_2018 = "000_0bd4f94ff1c1a797.txt"
BEIJING_2022 = "001_dfbf40df936f33b0.txt"
JINING_2021 = "004_8d175a9aad868b26.txt"


@lru_cache(maxsize=1)
def _frames() -> dict[str, pd.DataFrame]:
    corpus = read_corpus(corpus_path(), themes=True, n_jobs=1, progress=False)
    return {"sentences": corpus.sentences(), "reports": corpus.reports(), "tables": corpus.tables(),
            "checks": corpus.checks(), "sections": corpus.sections(), "panel": corpus.panel()}


def frame(name: str) -> pd.DataFrame:
    """A fresh copy of one corpus frame (tests may modify it)."""
    return _frames()[name].copy()
