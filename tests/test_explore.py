"""Tests for ogi_nlp.explore: the one-file corpus explorer, also in a real headless browser."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ogi_nlp.cli import main
from ogi_nlp.explore import explorer_data, explorer_html, write_explorer


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    """The bundled corpus built with themes, as `ogi-nlp build` writes it (Parquet)."""
    from ogi_nlp import read_corpus
    from ogi_nlp.datasets import corpus_path

    out = tmp_path_factory.mktemp("build")
    read_corpus(corpus_path(), n_jobs=1, themes=True, progress=False).write(out, formats=("parquet",))
    return out


def _embedded(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="ogi-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(block)


def test_explorer_embeds_the_build(build):
    page = write_explorer(build).read_text(encoding="utf-8")
    assert "http://" not in page.split('<script type="application/json"')[0]  # no CDN, no network
    assert "<script src" not in page and "<link" not in page
    data = _embedded(page)
    reports = {r["file"]: r for r in data["reports"]}
    assert len(reports) == 9
    hongze = reports["hongze-district-government-2023.pdf"]
    assert hongze["fails"] == 2 and hongze["name"] == "淮安市洪泽区人民政府 2023" and hongze["year"] == 2023
    # the template's year comes from corpora/manifest.csv (2021): a folder manifest sets any field (issue 11)
    assert reports["blank-template-2021.docx"]["fails"] == 0 and reports["blank-template-2021.docx"]["year"] == 2021
    assert {t["key"] for t in data["themes"]} >= {"policy_interpretation", "request_handling"}
    sentences = data["sentences"]["hongze-district-government-2023.pdf"]
    assert any("受理政府信息公开申请21件" in s[3] and "request_handling" in s[4] for s in sentences)
    assert "review.review.total" in data["failing_terms"]["hongze-district-government-2023.pdf"]
    assert any(v[0] == "requests.new.total" and v[3] == 21 for v in data["values"]["hongze-district-government-2023.pdf"])


def test_explorer_options_and_cli(build, tmp_path, capsys):
    data = explorer_data(build, max_sentences=5, tables=False)
    assert all(len(s) <= 5 for s in data["sentences"].values()) and data["truncated"]
    assert data["values"] == {}
    out = tmp_path / "x" / "page.html"
    assert main(["explore", str(build), "--out", str(out), "--max-sentences", "3"]) == 0
    assert out.exists() and "open it in any browser" in capsys.readouterr().out
    assert main(["explore", str(tmp_path)]) == 2  # not a build folder: one clear line
    assert "no manifest" in capsys.readouterr().err


def test_report_text_cannot_break_out_of_the_page():
    data = {"source": "t", "themes": [], "truncated": {}, "checks": {}, "failing_terms": {}, "values": {},
            "reports": [{"file": "a</script><script>alert(1)</script>", "name": "<b>x</b>", "body": None, "year": None,
                         "doc_type": None, "level": None, "status": "ok", "reason": None, "warnings": None,
                         "holds": 0, "fails": 0, "not_evaluated": 0}],
            "sentences": {"a": [[0, None, False, "</script><img src=x onerror=alert(1)>", ""]]}}
    page = explorer_html(data)
    assert page.count("</script>") == 2  # the data block's and the code's own
    assert _embedded(page)["reports"][0]["name"] == "<b>x</b>"


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _run_browser(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    browser = _chromium()
    env = dict(os.environ)
    # The page asks for CJK fonts by name; point fontconfig at the bundled Noto CJK so screenshots show text.
    try:
        from ogi_nlp.plotting import cjk_font_path

        conf = tmp_path / "fonts.conf"
        conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                        f"<dir>{Path(cjk_font_path()).parent}</dir></fontconfig>", encoding="utf-8")
        env["FONTCONFIG_FILE"] = str(conf)
    except Exception:  # fonts only change how the screenshot looks, not what is tested
        pass
    return subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-extensions", "--enable-logging=stderr", "--v=0",
                           f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=180, env=env)


def _console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


@pytest.mark.skipif(_chromium() is None, reason="needs Chromium (apt-get install chromium); .ci/run installs it")
def test_explorer_renders_in_headless_chromium(build, tmp_path):
    page = write_explorer(build)
    url = page.resolve().as_uri()
    dom = _run_browser(["--dump-dom", url], tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert _console(dom.stderr) == []  # no console message, no uncaught error
    body = re.search(r"<body[^>]*>", dom.stdout).group(0)  # the page records its state on <body>
    assert 'data-ready="1"' in body and "data-error" not in body and 'data-rows="9"' in body
    assert dom.stdout.count('<tr class="report') == 9
    # the report with failing checks is open: its failing check and its sentences are on the page
    assert "淮安市洪泽区人民政府 2023" in dom.stdout
    assert "total 0 but the parts sum to 11" in dom.stdout
    assert re.search(r'<span class="s[^"]*" style="background:#[0-9a-f]{6}" title="#\d+ · request_handling">'
                     r"2023年全区受理政府信息公开申请21件", dom.stdout)
    # the failing-checks filter, from the URL: one report left
    filtered = _run_browser(["--dump-dom", url + "#fail=1"], tmp_path)
    assert 'data-rows="1"' in re.search(r"<body[^>]*>", filtered.stdout).group(0)
    assert _console(filtered.stderr) == []
    # theme and year from the URL: the 2024 reports that have a review/litigation sentence
    themed = _run_browser(["--dump-dom", url + "#theme=review_litigation&year=2024"], tmp_path)
    rows = re.findall(r'<tr class="report[^"]*" data-file="([^"]+)"', themed.stdout)
    assert rows and all("2024" in r for r in rows) and _console(themed.stderr) == []
    # a screenshot shows content, not a blank page
    png = tmp_path / "explore.png"
    shot = _run_browser(["--hide-scrollbars", "--window-size=1280,900", f"--screenshot={png}", url], tmp_path)
    assert shot.returncode == 0 and png.exists(), shot.stderr[-2000:]
    from PIL import Image

    image = Image.open(png).convert("RGB")
    assert image.size == (1280, 900)
    colours = image.getcolors(maxcolors=1_000_000)
    assert len(colours) > 200  # text, tints and rules, not a blank page
    white = max(colours)[0] / (1280 * 900)
    assert white < 0.9
