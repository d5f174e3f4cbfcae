"""Structure of the stored notebooks (their outputs are checked by nbval in `make test`)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ALL = sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
NUMBERED = [p for p in ALL if re.match(r"\d\d-", p.name)]
EXERCISES = sorted((NOTEBOOKS / "exercises").glob("exercise-*.ipynb"))
SOLUTIONS = sorted((NOTEBOOKS / "solutions").glob("exercise-*.ipynb"))


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(cell: dict) -> str:
    return "".join(cell["source"])


def _outputs(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return "".join(parts)


def test_the_notebooks_exist():
    assert [p.name for p in NUMBERED] == [
        "01-corpus-tour.ipynb", "02-words-and-sentences.ipynb", "03-themes.ipynb",
        "04-tables-and-checks.ipynb", "05-text-meets-numbers.ipynb", "06-work-plan-alignment.ipynb",
        "07-text-tools-and-copying.ipynb", "08-real-world-corpora.ipynb", "09-national-scale.ipynb"]
    assert len(EXERCISES) >= 3
    assert [p.name for p in SOLUTIONS] == [p.name for p in EXERCISES]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.relative_to(NOTEBOOKS).as_posix())
def test_question_first_findings_last(path):
    cells = _cells(path)
    assert cells[0]["cell_type"] == "markdown" and "**Question.**" in _text(cells[0])
    assert cells[-1]["cell_type"] == "markdown"
    if path in NUMBERED or path in SOLUTIONS:
        assert "## What we found" in _text(cells[-1]) and "FINDINGS" not in _text(cells[-1])


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.relative_to(NOTEBOOKS).as_posix())
def test_executed_cleanly(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert all(c.get("execution_count") for c in code), "every code cell executed"
    for c in code:
        for out in c.get("outputs", []):
            assert out["output_type"] != "error", _text(c)
            assert out.get("name") != "stderr", f"stderr in: {_text(c)[:60]}"
            assert "image/svg+xml" not in out.get("data", {})  # PNG only


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.relative_to(NOTEBOOKS).as_posix())
def test_data_found_through_the_package(path):
    source = "\n".join(_text(c) for c in _cells(path) if c["cell_type"] == "code")
    assert "__file__" not in source and "../" not in source and "corpora/" not in source
    if path not in EXERCISES + SOLUTIONS:  # in the course, writing a function can be the exercise
        assert "def " not in source, "analysis code belongs in the package"
    has_charts = any("image/png" in o.get("data", {}) for c in _cells(path) for o in c.get("outputs", []))
    if has_charts:
        first = next(c for c in _cells(path) if c["cell_type"] == "code")
        assert "use_cjk_font()" in _text(first)
        notes = " ".join(_text(c) for c in _cells(path) if c["cell_type"] == "markdown")
        assert "noto-cjk-sans-otc" in notes


@pytest.mark.parametrize("path", EXERCISES + SOLUTIONS, ids=lambda p: p.relative_to(NOTEBOOKS).as_posix())
def test_check_cells_store_the_honest_message(path):
    checks = [c for c in _cells(path) if c["cell_type"] == "code" and "check_exercise_" in _text(c)
              and "import" not in _text(c)]
    assert checks, "an exercise has a check cell"
    expected = "Correct:" if path in SOLUTIONS else "Not yet:"
    assert all(_outputs(c).startswith(expected) for c in checks), [_outputs(c) for c in checks]
