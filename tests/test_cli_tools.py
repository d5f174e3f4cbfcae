"""`ogi-nlp kwic`, `ogi-nlp similar` and `--version` on the bundled reports."""
from __future__ import annotations

import pandas as pd
import pytest

from _real_frames import HONGZE_2023, HONGZE_2024, frame
from ogi_nlp import __version__
from ogi_nlp.cli import main


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """A build folder as `ogi-nlp build` writes it (the three files the tools read)."""
    folder = tmp_path_factory.mktemp("build")
    frame("sentences").to_parquet(folder / "sentences.parquet", index=False)
    frame("reports").to_parquet(folder / "manifest.parquet", index=False)
    frame("tables").to_parquet(folder / "tables.parquet", index=False)
    return folder


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"ogi-nlp {__version__}"


def test_kwic_on_a_build(build, capsys):
    assert main(["kwic", str(build), "行政复议", "--window", "8", "--limit", "0"]) == 0
    out = capsys.readouterr().out
    assert "信息公开发生1件" in out and "案件，并被依法纠" in out  # 北京市知识产权局 2018, section 六
    assert "六、" not in out  # headings are left out unless asked


def test_kwic_to_csv(build, tmp_path, capsys):
    target = tmp_path / "hits.csv"
    assert main(["kwic", str(build), r"\d+件", "--regex", "--out", str(target)]) == 0
    hits = pd.read_csv(target, encoding="utf-8-sig")
    assert len(hits) > 10 and hits["keyword"].str.fullmatch(r"\d+件").all()
    assert {"report", "sentence_id", "match_start", "pre", "post"} <= set(hits.columns)


def test_kwic_reads_a_folder_of_reports(tmp_path, capsys):
    from ogi_nlp.datasets import corpus_path

    folder = tmp_path / "reports"
    folder.mkdir()
    for name in (HONGZE_2023, HONGZE_2024):
        (folder / name).write_bytes((corpus_path() / name).read_bytes())
    assert main(["kwic", str(folder), "门户网站", "--jobs", "1"]) == 0
    assert "门户网站" in capsys.readouterr().out


def test_similar_and_pairs(build, capsys):
    assert main(["similar", str(build)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith(HONGZE_2024))
    assert HONGZE_2023 in line and "0.35" in line
    assert main(["similar", str(build), "--pairs", "--threshold", "0.3"]) == 0
    out = capsys.readouterr().out
    assert HONGZE_2023 in out and HONGZE_2024 in out


def test_a_missing_folder_is_one_clear_line(capsys):
    assert main(["kwic", "/nonexistent/build", "公开"]) == 2
    assert "no such build or folder" in capsys.readouterr().err


class _Captured(Exception):
    pass


@pytest.fixture()
def parser(monkeypatch):
    """The parser main() builds, caught before it parses."""
    import argparse

    seen = {}

    def capture(self, args=None, namespace=None):
        seen["parser"] = self
        raise _Captured

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", capture)
    with pytest.raises(_Captured):
        main([])
    return seen["parser"]


@pytest.mark.parametrize("command", ["build", "kwic", "similar", "evaluate", "report", "explore"])
def test_every_option_of_these_commands_has_help(parser, command):
    import argparse

    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert sub.choices[command].description or any(c.dest == command and c.help for c in sub._choices_actions)
    for action in sub.choices[command]._actions:
        assert action.help, f"{command} {action.option_strings or action.dest} has no help text"
    for action in parser._actions:
        assert action.help, f"ogi-nlp {action.option_strings or action.dest} has no help text"
