"""Every text suffix a user has, and legacy 统计表 of other bodies and years."""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from ogi_nlp.read import read_document
from ogi_nlp.read.text import document_from_text
from ogi_nlp.tables import parse_tables

MD = """# 某区人民政府2023年政府信息公开工作年度报告

## 二、主动公开政府信息情况

| 第二十条第（一）项 | | | |
|---|---|---|---|
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 1 |
| 行政规范性文件 | 3 | 0 | 12 |

五、存在的主要问题及改进情况
"""


def _read(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return parse_tables(read_document(path))


@pytest.mark.parametrize("name", ["report.md", "report.markdown", "report.text", "REPORT.TXT", "Report.MD"])
def test_text_suffixes_read_their_tables(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    p.write_text(MD, encoding="utf-8")
    res = _read(p)
    v = res.values.set_index("variable")["value"]
    assert res.generation == "t2021"
    assert (v["active.regulations.in_force"], v["active.normative_documents.in_force"]) == (1, 12)


@pytest.mark.parametrize("name", ["report.htm", "REPORT.HTML"])
def test_html_suffixes(tmp_path: Path, name: str) -> None:
    html = ("<html><body><p>二、主动公开政府信息情况</p><table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td>"
            "<td>现行有效件数</td></tr><tr><td>规章</td><td>0</td><td>0</td><td>1</td></tr></table></body></html>")
    p = tmp_path / name
    p.write_text(html, encoding="utf-8")
    assert _read(p).values.set_index("variable").loc["active.regulations.in_force", "value"] == 1


LEGACY = """某县卫生局2012年政府信息公开工作年度报告
附件：政府信息公开情况统计表
| 指标名称 | 计量单位 | 统计数 |
| 一、主动公开情况 | | |
| （一）主动公开政府信息数 | 条 | 1,234 |
| 二、依申请公开情况 | | |
| （一）收到申请数 | 件 | 56 |
| 1.当面申请数 | 件 | 10 |
| 2.传真申请数 | 件 | 0 |
| 3.网上申请数 | 件 | 40 |
| 4.信函申请数 | 件 | 6 |
| （二）申请答复数 | 件 | 56 |
| 1.属于已主动公开范围数 | 件 | 20 |
| 2.同意公开答复数 | 件 | 30 |
| 3.同意部分公开答复数 | 件 | 2 |
| 4.不同意公开答复数 | 件 | 4 |
| 三、因政府信息公开申请行政复议数 | 件 | 1 |
| 四、政府信息公开专职人员数 | 人 | 3 |
| 五、举办各类培训班数 | 次 | 2 |
| 接受培训人员数 | 人次 | 150 |
| 依申请公开信息收取的费用 | 万元 | 0 |
| 六、设置政府信息公开查阅点数 | 个 | 7 |
"""


def test_legacy_table_of_another_body_reads_canonical_rows_and_keeps_the_rest() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = parse_tables(document_from_text(LEGACY, "legacy"))
    assert res.generation == "legacy"
    v = res.values.set_index("variable")
    want = {
        "legacy.proactive.total": (1234, "条"), "legacy.requests.total": (56, "件"),
        "legacy.requests.in_person": (10, "件"), "legacy.requests.online": (40, "件"),
        "legacy.replies.total": (56, "件"), "legacy.replies.refused": (4, "件"),
        "legacy.review.total": (1, "件"), "legacy.staff.full_time": (3, "人"),
        "legacy.training.sessions": (2, "次"), "legacy.training.trainees": (150, "人次"),
        "legacy.fees.amount": (0, "万元"),
    }
    assert {k: (v.loc[k, "value"], v.loc[k, "unit"]) for k in want} == want
    kept = v[v.index.str.startswith("legacy.row.")]
    assert "六、设置政府信息公开查阅点数" in set(kept["row_label"])
    assert kept.loc[kept["row_label"] == "六、设置政府信息公开查阅点数", "value"].item() == 7
    assert pd.isna(kept.loc[kept["row_label"] == "一、主动公开情况", "value"].item())


def test_traditional_script_with_taiwan_vocabulary() -> None:
    text = ("三、收到和處理政府資訊公開申請情況\n申請人情況\n| 自然人 | 法人或其他組織 | 總計 |\n"
            "| 一、本年新收政府資訊公開申請數量 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |\n"
            "| 二、上年結轉政府資訊公開申請數量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n五、存在的主要問題\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        v = parse_tables(document_from_text(text, "tw")).values.set_index("variable")["value"]
    assert (v["requests.new.natural_person"], v["requests.new.commercial"], v["requests.new.total"]) == (3, 1, 4)
    assert v["requests.carried_in.total"] == 0


def test_legacy_row_with_two_values_is_missing() -> None:
    text = LEGACY.replace("| （一）收到申请数 | 件 | 56 |", "| （一）收到申请数 | 件 | 56 | 48 |")
    with pytest.warns(Warning, match="收到申请数.*2 values"):
        res = parse_tables(document_from_text(text, "legacy"))
    v = res.values.set_index("variable")
    assert pd.isna(v.loc["legacy.requests.total", "value"])
    assert v.loc["legacy.requests.in_person", "value"] == 10
