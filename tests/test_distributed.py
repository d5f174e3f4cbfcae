"""The same build on a Dask cluster (``distributed`` extra): same outputs as a local run."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from ogi_nlp import corpus_path, read_corpus
from ogi_nlp.corpus import build_corpus

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_dask_build_equals_local_build(client, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for path in sorted(corpus_path().iterdir()):
        if path.is_file():
            shutil.copy(path, src / path.name)
    (src / "old.doc").write_bytes(b"not read")
    (src / "bad.pdf").write_bytes(b"not a pdf")
    local = build_corpus(src, tmp_path / "local", n_jobs=1)
    dask = build_corpus(src, tmp_path / "dask", client=client)
    drop = ["seconds", "cached"]
    pd.testing.assert_frame_equal(local.reports().drop(columns=drop), dask.reports().drop(columns=drop))
    for name in ("manifest", "sentences", "tables", "checks", "wide", "panel", "carry_over"):
        a = pd.read_parquet(tmp_path / "local" / f"{name}.parquet")
        b = pd.read_parquet(tmp_path / "dask" / f"{name}.parquet")
        if name == "manifest":
            a, b = a.drop(columns=drop), b.drop(columns=drop)
        pd.testing.assert_frame_equal(a, b)
    assert (tmp_path / "dask" / "corpus.duckdb").is_file()


def test_read_corpus_with_a_client(client) -> None:
    corpus = read_corpus(corpus_path(), themes=False, client=client)
    assert corpus.reports()["status"].eq("ok").sum() == 9
    assert corpus.tables()["report"].nunique() >= 6
