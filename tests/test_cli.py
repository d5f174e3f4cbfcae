"""The ogi-nlp command."""
from __future__ import annotations

import shutil

from ogi_nlp import corpus_path
from ogi_nlp.cli import main


def test_build_writes_outputs_and_summary(tmp_path, capsys) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(corpus_path() / "004_8d175a9aad868b26.txt", src)
    (src / "bad.pdf").write_bytes(b"not a pdf")
    assert main(["build", str(src), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-themes"]) == 0
    out = capsys.readouterr().out
    assert "2 files: 1 read, 1 errors" in out and "bad.pdf" in out
    assert (tmp_path / "out" / "manifest.csv").is_file()


def test_bad_folder_is_one_clear_line(tmp_path, capsys) -> None:
    assert main(["build", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert "not a folder" in capsys.readouterr().err
