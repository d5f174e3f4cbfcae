"""Evaluate report metadata on the development web copies in ``shared/dev``.

Two development sets (the rules were tuned on them, so the figures are
**development figures**, not held-apart accuracy):

- ``dev/pages/index.json``: 162 excerpts (opening parts of web pages) with gold
  ``agency``, ``year``, ``level``, ``province``, ``generation``, ``script``;
- ``dev/tables/index.json``: 42 excerpts with tables, gold ``agency``, ``year``,
  ``level``, ``generation``.

Every file is read with :func:`ogi_nlp.read.read_document` and
:class:`ogi_nlp.Report`; the metadata is ``Report.meta`` (the table generation
comes from the tables package through that public API; when no table tells it,
the text path of :mod:`ogi_nlp.metadata` is used).

A field is scored only on the pages that **show** it (gold not null and):

``year``
    the gold year's four digits, or the year in Chinese numerals (二〇二二, 二零二二),
    appear in the analysis text;
``agency``
    the gold agency (a trailing note in brackets such as ``（据网址…推断）`` removed)
    appears in the text, spaces ignored;
``level``
    the agency is shown, or the text refers to its body by a unit that fixes the
    level (我镇/本镇/我乡/我街道/本街道/我县/我区/我市/我省/我校/本校/我院);
``province``
    the province's name (``广东``) appears in the text, or the agency is shown;
``generation``
    the page prints a table, vocabulary that tells the templates apart (本年制发件数,
    本年新制作数量, 统计指标, 收费及减免), or its year (the template in force follows
    from the year; the gold is the template the report follows);
``script``
    always.

A prediction is correct when: year and generation equal; level equal after
mapping the gold names (national→central, province→provincial, city→municipal);
province equal after removing 省/市/自治区 and the ethnic names;
agency equal, spaces and brackets ignored and a final 人民政府/政府/办事处 dropped
(a title naming only a place, 兰州市, names its government), or one name is the
other with place names before it (淮安市洪泽区人民政府 = 洪泽区人民政府).

Run ``python benchmarks/eval_metadata.py`` (``--errors`` lists the misses).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from pathlib import Path

import pandas as pd

from _checkout import ROOT  # beside this script: measure this checkout's ogi_nlp, not an installed copy

from ogi_nlp.read import read_document  # noqa: E402
from ogi_nlp.report import Report  # noqa: E402
DEV = ROOT.parent / "shared" / "dev"  # ../shared beside the checkout, as CI has it; --dev for elsewhere

_LEVEL = {"national": "central", "province": "provincial", "city": "municipal", "county": "county",
          "township": "township", "public_institution": "public_institution"}
_NOTE = re.compile(r"[（(][^）)]*(?:据|推断|网址|疑|可能)[^）)]*[）)]")
_WS = re.compile(r"[\s\u3000\xa0]+")
_SELF_LEVEL = re.compile(r"(?:我|本)(?:镇|乡|街道|县|区|市|省|校|院)")
# Vocabulary that tells a template generation apart (the proactive-table labels of
# t2021 and t2019, the legacy statistics-table labels and fee section).
_GEN_VOCAB = re.compile(r"本年制发件数|现行有效件数|本年新制作数量|对外公开总数量|统计指标|指标名称|收费及减免")
_CN_DIGIT = "〇一二三四五六七八九"
_PROV_STRIP = re.compile(r"(?:壮族|回族|维吾尔|维吾尔族)?(?:自治区|特别行政区|省|市)$")


def _norm(s: str) -> str:
    return _WS.sub("", s)


def _cn_year(y: int) -> list[str]:
    digits = "".join(_CN_DIGIT[int(c)] for c in str(y))
    return [digits, digits.replace("〇", "零"), digits.replace("〇", "○"), digits.replace("〇", "O")]


def _province_short(p: str | None) -> str | None:
    if not p:
        return None
    return _PROV_STRIP.sub("", _norm(p)) or None


def _gold_agency(a: str | None) -> str | None:
    if not a:
        return None
    a = _norm(_NOTE.sub("", a))
    return a or None


def _same_agency(pred: str | None, gold: str) -> bool:
    if not pred:
        return False
    # A bare place or township names its government; 人民政府/政府/办事处 are dropped.
    p = re.sub(r"(?:人民政府|政府|办事处)$", "", re.sub(r"[（()）]", "", _norm(pred)))
    g = re.sub(r"(?:人民政府|政府|办事处)$", "", re.sub(r"[（()）]", "", gold))
    if p == g:
        return True
    short, long_ = sorted((p, g), key=len)
    return len(short) >= 2 and long_.endswith(short) and bool(re.search(r"(?:省|市|州|区|县|盟|旗)$", long_[: -len(short)]))


def _shows(field: str, gold: dict, text: str, has_table: bool) -> bool:
    flat = _norm(text)
    year = gold.get("year")
    year_shown = bool(year) and (str(year) in flat or any(c in flat for c in _cn_year(int(year))))
    agency = _gold_agency(gold.get("agency"))
    agency_shown = bool(agency) and agency in flat
    if field == "year":
        return year_shown
    if field == "agency":
        return agency_shown
    if field == "level":
        return bool(gold.get("level")) and (agency_shown or bool(_SELF_LEVEL.search(flat)))
    if field == "province":
        p = _province_short(gold.get("province"))
        return bool(p) and (p in flat or agency_shown)
    if field == "generation":
        return bool(gold.get("generation")) and (has_table or bool(_GEN_VOCAB.search(flat)) or year_shown)
    if field == "script":
        return bool(gold.get("script"))
    raise ValueError(field)


def _correct(field: str, pred: dict, gold: dict) -> bool:
    if field == "year":
        return pred.get("year") == gold["year"]
    if field == "agency":
        return _same_agency(pred.get("agency"), _gold_agency(gold["agency"]) or "")
    if field == "level":
        return pred.get("level") == _LEVEL.get(gold["level"], gold["level"])
    if field == "province":
        return _province_short(pred.get("province")) == _province_short(gold["province"])
    if field == "generation":
        return pred.get("generation") == gold["generation"]
    if field == "script":
        return pred.get("script") == gold["script"]
    raise ValueError(field)


FIELDS = {"pages": ["year", "agency", "level", "province", "generation", "script"],
          "tables": ["year", "agency", "level", "generation"]}


def evaluate(dev: Path = DEV) -> pd.DataFrame:
    """One row per (set, file, field): ``shown``, ``correct``, ``pred``, ``gold``, ``source``."""
    rows = []
    for name, fields in FIELDS.items():
        index = json.loads((dev / name / "index.json").read_text(encoding="utf-8"))
        for gold in index:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                report = Report(read_document(dev / name / gold["file"]))
                meta = report.meta
            doc = report.document
            has_table = bool(doc.tables())
            for field in fields:
                shown = _shows(field, gold, doc.text, has_table)
                rows.append({
                    "set": name, "file": gold["file"], "field": field, "shown": shown,
                    "correct": shown and _correct(field, meta, gold),
                    "pred": meta.get(field), "gold": gold.get(field),
                    "source": meta.get(f"{field}_source"),
                })
    return pd.DataFrame(rows)


def summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per set and field: files, shown, correct and the share correct among shown."""
    g = frame.groupby(["set", "field"], sort=False)
    out = pd.DataFrame({"files": g.size(), "shown": g["shown"].sum(), "correct": g["correct"].sum()})
    out["share_correct"] = (out["correct"] / out["shown"]).round(3)
    return out.reset_index()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--errors", action="store_true", help="list the misses among shown fields")
    args = ap.parse_args(argv)
    if not (args.dev / "pages" / "index.json").is_file():
        print(f"eval_metadata: no development sets at {args.dev} (shared/dev beside the repository); nothing measured")
        return 0
    frame = evaluate(args.dev)
    split = ROOT / "corpora" / "annotations" / "dev_pages_split.csv"
    if split.is_file():  # the theme work's frozen test split of the pages (by body)
        parts = pd.read_csv(split, dtype=str).set_index("file")["split"]
        frame["split"] = [parts.get(f, "") if s == "pages" else "" for s, f in zip(frame["set"], frame["file"])]
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_colwidth", 60):
        print("Metadata on the development sets (development figures: the rules were tuned on these files)")
        print(summary(frame).to_string(index=False))
        both = frame[frame["field"].isin(["year", "level", "generation"])].groupby("field")[["shown", "correct"]].sum()
        both["share_correct"] = (both["correct"] / both["shown"]).round(3)
        print("\nBoth sets together:")
        print(both.to_string())
        if "split" in frame:
            by = frame[frame["set"].eq("pages")].groupby(["split", "field"], sort=False)[["shown", "correct"]].sum()
            by["share_correct"] = (by["correct"] / by["shown"]).round(3)
            print("\nPages by the split frozen for the theme work (corpora/annotations/dev_pages_split.csv);"
                  "\nthe metadata rules were written looking at misses on all pages, so both are development figures:")
            print(by.unstack(0)["share_correct"].to_string())
        if args.errors:
            bad = frame[frame["shown"] & ~frame["correct"]]
            print("\nMisses:")
            print(bad[["set", "file", "field", "pred", "gold", "source"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
