"""Report quality indicators, after the criteria assessors publish.

The 中国社会科学院法学研究所 法治指数创新工程项目组 rates annual reports in its
《中国政府透明度指数报告》 (法治蓝皮书, yearly since 2010) on, among other things,
whether a report is published on time, whether it contains what the 条例
requires, whether its data are given and hang together, and whether it analyses
its own problems rather than repeating boilerplate; the 北京大学
公众参与研究与支持中心's observation reports on administrative transparency also
examined annual reports.  :func:`report_quality`
computes indicators of each kind from the corpus frames; every indicator is
defined **once**, in :data:`INDICATORS`, with its formula and source, and
:func:`quality_codebook` lists them for a paper's appendix.  The operationalisation
is ours: the assessors publish criteria, not code, and their scores are not
reproduced here.

The legal rules used
--------------------
《中华人民共和国政府信息公开条例》(国务院令第492号, 2007年4月5日公布, 2008年5月1日起施行;
"2008" below), for reports on 2008-2018:

* 第三十一条: "各级行政机关应当在每年3月31日前公布本行政机关的政府信息公开工作年度报告。"
  (the report published by 31 March is that on the previous year);
* 第三十二条: the report covers (一) proactive disclosure, (二) disclosure on
  request and refusals, (三) fees charged and waived, (四) administrative
  reconsideration and litigation, (五) main problems and improvements,
  (六) other matters.

《中华人民共和国政府信息公开条例》(2019 revision, 国务院令第711号, 2019年4月3日公布,
2019年5月15日起施行), for reports on 2019 onward:

* 第四十九条: "县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交本行政机关
  上一年度政府信息公开工作年度报告并向社会公布。县级以上地方人民政府的政府信息公开工作主管部门应当在
  每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告。";
* 第五十条: the report covers (一) proactive disclosure, (二) requests received
  and handled, (三) reconsideration and litigation, (四) main problems and
  improvements — for governments at every level also the results of
  performance assessment, public appraisal and accountability (工作考核、社会评议和
  责任追究结果情况) — and (五) other matters; the national competent office
  publishes a uniform format (the t2019 and t2021 templates).

The contents a report must have follow the rule for its year (``year`` ≤ 2018:
2007 rule, ≥ 2019: 2019 rule; no year: the table generation decides).  The
deadline follows the regulation **in force when the report was published**
(published on or after 2019-05-15: the 2019 revision, before: the 2008 text;
without a publication date, the one in force on the deadline day, i.e. 2008
for reports on ≤ 2018); the deadline falls in the calendar year after the
report year.  The publication date is the page's own (:mod:`ogi_nlp.metadata`,
``published``: 发布时间/发布日期 of a byline or catalogue block); where the page
shows none, timeliness is missing, never guessed.  A body is a *government*
when its name ends in 人民政府 (洪泽区人民政府), otherwise a *department*
(北京市知识产权局); 乡镇 and 街道 bodies are not named in 第四十九条, so their
2019-rule deadline is NA (第三十一条 of 2008 binds 各级行政机关, townships
included); public institutions are no 行政机关 and get no deadline.

Examples
--------
>>> quality_codebook().set_index("name").loc["elements_complete", "unit"]
'share'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

__all__ = ["report_quality", "quality_codebook", "required_elements", "deadline", "deadline_rule", "Indicator",
           "INDICATORS", "PROBLEM_CUES", "REVISION_IN_FORCE"]

_L2007 = "《政府信息公开条例》(2008年5月1日起施行, 国务院令第492号)"
_L2019 = "《政府信息公开条例》(2019年修订, 2019年5月15日起施行, 国务院令第711号)"
#: The day the 2019 revision came into force: a report published on or after it has its deadlines.
REVISION_IN_FORCE = date(2019, 5, 15)
_CASS = ("中国社会科学院法学研究所法治指数创新工程项目组《中国政府透明度指数报告》(法治蓝皮书), "
         "annual-report criteria; operationalisation ours")

#: Words that state a shortcoming (problem, not plan) in the problems section.
PROBLEM_CUES: tuple[str, ...] = ("问题", "不足", "差距", "短板", "薄弱", "欠缺", "不够", "不到位",
                                 "有待", "不高", "不强", "不平衡", "滞后", "仍存在", "还存在")
_PROBLEM_RX = re.compile("|".join(map(re.escape, PROBLEM_CUES)))
_NUMBER_RX = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_CHAR_RX = re.compile(r"[^\W_]")
_ASSESSMENT_RX = re.compile(r"考核|社会评议|责任追究")
_FEES_RX = re.compile(r"收费|费用|减免")

# Required elements: name -> (section key, text cue or None).
_ELEMENTS_2007 = {"proactive": ("proactive", None), "requests": ("requests", None),
                  "fees": ("staff_fees", _FEES_RX), "review": ("review", None),
                  "problems": ("problems", None), "other_matters": ("other_matters", None)}
_ELEMENTS_2019 = {"proactive": ("proactive", None), "requests": ("requests", None),
                  "review": ("review", None), "problems": ("problems", None),
                  "other_matters": ("other_matters", None)}
_EXPECTED_TABLES = {"t2021": ("active", "requests", "review"), "t2019": ("active", "requests", "review"),
                    "legacy": ("legacy",)}


@dataclass(frozen=True)
class Indicator:
    """One quality indicator: what it is, how it is computed, on whose authority."""

    name: str
    formula: str
    unit: str
    source: str
    criterion: str


#: Every indicator of :func:`report_quality`, in column order.
INDICATORS: tuple[Indicator, ...] = (
    Indicator("rule", "'2007' if year <= 2018 else '2019' (no year: legacy tables -> 2007, t2019/t2021 -> 2019)",
              "text", f"{_L2007}; {_L2019}", "law in force"),
    Indicator("deadline_kind", "which deadline rule applies: 'township' if the report's level is township; else "
              "the report's body_kind (government, department, public_institution; metadata.body_kind); "
              "without metadata, from the name: 乡/镇人民政府, 街道(办事处) -> township, …人民政府 -> "
              "government, else department", "text", f"{_L2019} 第四十九条", "law in force"),
    Indicator("elements_required", "number of contents the rule requires: 2007 第三十二条 six; 2019 第五十条 five, "
              "six for governments (工作考核、社会评议和责任追究结果)", "count",
              f"{_L2007} 第三十二条; {_L2019} 第五十条", "内容完整"),
    Indicator("elements_present", "required contents found: its canonical section (sections frame key) is "
              "present; fees also when a sentence mentions 收费/费用/减免; assessment when a sentence "
              "mentions 考核/社会评议/责任追究", "count", f"{_L2007} 第三十二条; {_L2019} 第五十条", "内容完整"),
    Indicator("elements_complete", "elements_present / elements_required", "share",
              f"{_L2007} 第三十二条; {_L2019} 第五十条; {_CASS}", "内容完整"),
    Indicator("elements_missing", "names of the required contents not found, ';'-joined", "text",
              f"{_L2007} 第三十二条; {_L2019} 第五十条", "内容完整"),
    Indicator("tables_expected", "statistical tables of the report's format: t2019/t2021 active, requests, "
              "review (also for a 2019-rule report whose tables were not read); legacy one 统计表; NA for a "
              "2007-rule report without a legacy table (no national format then)", "count",
              f"{_L2019} 第五十条第二款 (uniform format)", "数据公开"),
    Indicator("tables_found", "expected tables with at least one value read (tables frame); a table printed "
              "as an image is not read, so not found", "count",
              "", "数据公开"),
    Indicator("tables_complete", "tables_found / tables_expected", "share", _CASS, "数据公开"),
    Indicator("numbers_per_1000_chars", "numbers written in the non-heading sentences / their letters, "
              "digits and hanzi (readability's narrative_chars, the length of a report) * 1000",
              "per 1000 characters", _CASS, "详细程度"),
    Indicator("problems_sentences", "non-heading sentences in the problems section", "sentences",
              f"{_L2019} 第五十条(四); {_L2007} 第三十二条(五)", "问题分析"),
    Indicator("problems_stated", "problems_sentences containing a shortcoming cue (PROBLEM_CUES: 问题, 不足, "
              "差距, 短板, 薄弱, ...)", "sentences", _CASS, "问题分析"),
    Indicator("problems_share_stated", "problems_stated / problems_sentences (the rest are plans)", "share",
              _CASS, "问题分析"),
    Indicator("data_consistent", "at least one consistency check (ogi_nlp.tables checks, 勾稽关系 of the "
              "national format) evaluated and none fails: the panel's checks_evaluated > 0 and checks_failed "
              "== 0; NA when none is evaluated", "flag", _CASS, "数据一致"),
    Indicator("deadline_rule", "the regulation whose deadline applies: '2019' if published >= 2019-05-15 (the "
              "revision in force), '2007' (the 2008 text) if published before; without a publication date the "
              "one in force on the deadline day: '2007' for year <= 2018, '2019' after", "text",
              f"{_L2007} 第三十一条; {_L2019} 第四十九条", "发布及时"),
    Indicator("deadline", "deadline_rule '2007': 31 March of year + 1 (第三十一条: 各级行政机关应当在每年3月31日前"
              "公布本行政机关的政府信息公开工作年度报告; governments, departments, townships); '2019': "
              "department 31 January, government 31 March of year + 1 (第四十九条: 县级以上人民政府部门…每年1月31日前"
              "…向社会公布; 县级以上地方人民政府的政府信息公开工作主管部门…每年3月31日前…公布本级政府上一年度"
              "年度报告); township under 2019 and public institutions: NA", "date",
              f"{_L2007} 第三十一条; {_L2019} 第四十九条", "发布及时"),
    Indicator("published", "publication date the page prints (manifest 'published': a byline's 发布时间/发布日期 or "
              "the catalogue's 发布日期/公开日期, never 成文日期); NA when the page shows none", "date",
              "ogi_nlp.metadata", "发布及时"),
    Indicator("days_late", "published - deadline in days (negative: early); NA without both", "days",
              f"{_L2019} 第四十九条; {_L2007} 第三十一条", "发布及时"),
    Indicator("on_time", "days_late <= 0; NA without both dates", "flag", _CASS, "发布及时"),
)


def quality_codebook() -> pd.DataFrame:
    """Name, formula, unit, source and assessment criterion of every indicator.

    Examples
    --------
    >>> book = quality_codebook()
    >>> book["name"].is_unique, "第四十九条" in book.set_index("name").at["deadline", "source"]
    (True, True)
    """
    return pd.DataFrame([vars(i) for i in INDICATORS])


def _deadline_kind(name: object, level: object = None, kind: object = None) -> str | None:
    # The body's kind is metadata's concept (metadata.body_kind); the name rule is
    # only the fallback for a reports frame without it.
    if level == "township":
        return "township"
    if kind in ("government", "department", "public_institution"):
        return str(kind)
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip()
    if re.search(r"(乡|镇)人民政府$|街道办事处$|街道$", name):
        return "township"
    return "government" if name.endswith("人民政府") else "department"


def _rule(year: object, generation: object) -> str | None:
    if year is not None and not pd.isna(year):
        return "2007" if int(year) <= 2018 else "2019"
    if generation == "legacy":
        return "2007"
    if generation in ("t2019", "t2021"):
        return "2019"
    return None


def required_elements(rule: str, body_kind: str | None = None) -> tuple[str, ...]:
    """The contents a report must have under ``rule`` ("2007" or "2019").

    Examples
    --------
    >>> required_elements("2019", "government")
    ('proactive', 'requests', 'review', 'problems', 'other_matters', 'assessment')
    >>> required_elements("2007")
    ('proactive', 'requests', 'fees', 'review', 'problems', 'other_matters')
    """
    if rule == "2007":
        return tuple(_ELEMENTS_2007)
    if rule == "2019":
        return tuple(_ELEMENTS_2019) + (("assessment",) if body_kind == "government" else ())
    raise ValueError(f"rule={rule!r} is not one of ('2007', '2019')")


def deadline_rule(year: object, published: date | None) -> str | None:
    """The regulation whose deadline applies to the report on ``year``: ``"2007"`` or ``"2019"``.

    Decided by the publication date (the 2019 revision in force from
    :data:`REVISION_IN_FORCE`); without one, by the regulation in force on the
    deadline day in ``year + 1`` (the 2008 text for reports on ≤ 2018).

    Examples
    --------
    >>> from datetime import date
    >>> deadline_rule(2018, date(2019, 3, 20)), deadline_rule(2018, date(2019, 6, 1)), deadline_rule(2018, None)
    ('2007', '2019', '2007')
    """
    if published is not None:
        return "2019" if published >= REVISION_IN_FORCE else "2007"
    if year is None or pd.isna(year):
        return None
    return "2007" if int(year) + 1 <= 2019 else "2019"


def deadline(year: int, rule: str, body_kind: str | None) -> date | None:
    """The last day to publish the report on ``year`` (in ``year + 1``) under ``rule``.

    ``"2007"``: 第三十一条 of the 2008 text, 31 March, for every 行政机关
    (governments, departments, townships); ``"2019"``: 第四十九条, 31 January
    for a department, 31 March for a government; NA otherwise (a township under
    the 2019 rule, a public institution, an unknown kind).

    Examples
    --------
    >>> deadline(2023, "2019", "department"), deadline(2023, "2019", "government")
    (datetime.date(2024, 1, 31), datetime.date(2024, 3, 31))
    >>> deadline(2015, "2007", "department"), deadline(2015, "2007", "public_institution")
    (datetime.date(2016, 3, 31), None)
    """
    if rule == "2007":
        return date(int(year) + 1, 3, 31) if body_kind in ("government", "department", "township") else None
    if body_kind == "department":
        return date(int(year) + 1, 1, 31)
    if body_kind == "government":
        return date(int(year) + 1, 3, 31)
    return None


def _share(num: pd.Series, den: pd.Series) -> pd.Series:
    den = den.astype("Float64")
    return (num.astype("Float64") / den.mask(den == 0)).astype("Float64")


def report_quality(reports: pd.DataFrame, sections: pd.DataFrame, sentences: pd.DataFrame,
                   tables: pd.DataFrame | None = None, checks: pd.DataFrame | None = None, *,
                   annual_reports_only: bool = True) -> pd.DataFrame:
    """Quality indicators of every report, one row each, defined in :func:`quality_codebook`.

    Parameters
    ----------
    reports : DataFrame
        ``Corpus.reports()``: ``file``, ``year``, ``generation`` and a body
        column (``body_id``, ``body`` or ``agency``; the name decides
        government or department, so ``body`` or ``agency`` is used for that).
        Its ``published`` column (the page's publication date, read by
        :func:`ogi_nlp.metadata.extract_meta`; ISO strings or dates) gives
        timeliness; where it is missing, so is timeliness.
    sections : DataFrame
        ``Corpus.sections()`` (``report``, ``key``).
    sentences : DataFrame
        ``Corpus.sentences()``.
    tables, checks : DataFrame, optional
        ``Corpus.tables()`` and ``Corpus.checks()``; without them the table and
        consistency indicators are NA.
    annual_reports_only : bool, default True
        Keep rows read (``status == "ok"``) as annual reports (``doc_type``).

    Returns
    -------
    DataFrame
        Indexed by ``report`` (so ``panel.join(...)`` works), one column per
        :data:`INDICATORS` entry.

    Examples
    --------
    >>> import pandas as pd
    >>> reports = pd.DataFrame({"file": ["r"], "agency": ["某市统计局"], "year": [2022], "generation": ["t2021"]})
    >>> sections = pd.DataFrame({"report": ["r"] * 3, "key": ["proactive", "requests", "problems"]})
    >>> sentences = pd.DataFrame({"report": ["r"], "section": ["problems"], "is_heading": [False],
    ...                           "text": ["信息发布不够及时。"]})
    >>> q = report_quality(reports, sections, sentences)
    >>> row = q.loc["r"]
    >>> float(row["elements_complete"]), row["elements_missing"], int(row["problems_stated"]), str(row["deadline"])
    (0.6, 'review;other_matters', 1, '2023-01-31')
    """
    for c in ("file", "year"):
        if c not in reports.columns:
            raise ValueError(f"reports frame lacks column {c!r}; pass Corpus.reports()")
    base = reports
    if annual_reports_only:
        if "status" in base.columns:
            base = base[base["status"].eq("ok")]
        if "doc_type" in base.columns:
            base = base[base["doc_type"].eq("annual_report")]
    base = base.set_index("file").rename_axis("report").sort_index()
    name_col = next((c for c in ("body", "agency") if c in base.columns), None)
    names = base[name_col] if name_col else pd.Series(None, index=base.index, dtype="object")
    generation = base["generation"] if "generation" in base.columns else pd.Series(None, index=base.index)
    out = pd.DataFrame(index=base.index)
    out["rule"] = [_rule(y, g) for y, g in zip(base["year"], generation)]
    levels = base["level"] if "level" in base.columns else pd.Series(None, index=base.index)
    kinds = base["body_kind"] if "body_kind" in base.columns else pd.Series(None, index=base.index)
    out["deadline_kind"] = [_deadline_kind(n, lv, k) for n, lv, k in zip(names, levels, kinds)]

    narrative = sentences[sentences["report"].isin(base.index)]
    if "is_heading" in narrative.columns:
        narrative = narrative[~narrative["is_heading"].fillna(False).astype(bool)]
    texts = narrative.groupby("report")["text"].agg(lambda t: "".join(t.fillna("").astype(str)))
    keys = sections[sections["report"].isin(base.index)].groupby("report")["key"].agg(set)

    required, present, missing = [], [], []
    for report, rule, kind in zip(out.index, out["rule"], out["deadline_kind"]):
        if not isinstance(rule, str):  # no year and no table generation: no rule applies
            required.append(None), present.append(None), missing.append(None)
            continue
        elements = required_elements(rule, kind)
        have_keys = keys.get(report, set())
        text = texts.get(report, "")
        found = []
        for e in elements:
            if e == "assessment":
                ok = bool(_ASSESSMENT_RX.search(text))
            else:
                key, cue = (_ELEMENTS_2007 if rule == "2007" else _ELEMENTS_2019)[e]
                ok = key in have_keys or (cue is not None and bool(cue.search(text)))
            found.append(ok)
        required.append(len(elements))
        present.append(sum(found))
        missing.append(";".join(e for e, ok in zip(elements, found) if not ok))
    out["elements_required"] = pd.array(required, dtype="Int64")
    out["elements_present"] = pd.array(present, dtype="Int64")
    out["elements_complete"] = _share(out["elements_present"], out["elements_required"])
    out["elements_missing"] = pd.array(missing, dtype="object")

    formats = [g if g in _EXPECTED_TABLES else ("t2021" if r == "2019" else None)
               for g, r in zip(generation, out["rule"])]
    out["tables_expected"] = pd.array([None if f is None else len(_EXPECTED_TABLES[f]) for f in formats],
                                      dtype="Int64")
    if tables is not None:
        read = tables[tables["value"].notna()].groupby("report")["table"].agg(set)
        out["tables_found"] = pd.array(
            [None if f is None else len(set(_EXPECTED_TABLES[f]) & read.get(r, set()))
             for r, f in zip(out.index, formats)], dtype="Int64")
    else:
        out["tables_found"] = pd.array([None] * len(out), dtype="Int64")
    out["tables_complete"] = _share(out["tables_found"], out["tables_expected"])

    chars = texts.reindex(out.index).fillna("").map(lambda t: len(_CHAR_RX.findall(t)))
    numbers = texts.reindex(out.index).fillna("").map(lambda t: len(_NUMBER_RX.findall(t)))
    out["numbers_per_1000_chars"] = (_share(numbers, chars) * 1000).astype("Float64")
    problems = narrative[narrative.get("section", pd.Series(index=narrative.index, dtype=object)).eq("problems")]
    n_prob = problems.groupby("report").size().reindex(out.index, fill_value=0)
    n_stated = problems["text"].fillna("").str.contains(_PROBLEM_RX).groupby(problems["report"]).sum() \
        .reindex(out.index, fill_value=0)
    out["problems_sentences"] = n_prob.astype("Int64")
    out["problems_stated"] = n_stated.astype("Int64")
    out["problems_share_stated"] = _share(out["problems_stated"], out["problems_sentences"])

    if checks is not None and len(checks):
        grouped = checks.groupby("report")["holds"]
        evaluated = grouped.apply(lambda h: int(h.notna().sum())).reindex(out.index, fill_value=0)
        failed = grouped.apply(lambda h: int(h.eq(False).sum())).reindex(out.index, fill_value=0)
        out["data_consistent"] = pd.array([None if e == 0 else f == 0 for e, f in zip(evaluated, failed)],
                                          dtype="boolean")
    else:
        out["data_consistent"] = pd.array([None] * len(out), dtype="boolean")

    if "published" in base.columns:
        published = pd.to_datetime(base["published"], errors="coerce")
        out["published"] = [None if pd.isna(p) else p.date() for p in published]
    else:
        out["published"] = None
    out["deadline_rule"] = [deadline_rule(y, p) for y, p in zip(base["year"], out["published"])]
    out["deadline"] = [None if r is None or pd.isna(y) else deadline(int(y), r, k)
                       for y, r, k in zip(base["year"], out["deadline_rule"], out["deadline_kind"])]
    late = [None if p is None or d is None else (p - d).days for p, d in zip(out["published"], out["deadline"])]
    out["days_late"] = pd.array(late, dtype="Int64")
    out["on_time"] = pd.array([None if x is None else x <= 0 for x in late], dtype="boolean")
    return out[[i.name for i in INDICATORS]]
