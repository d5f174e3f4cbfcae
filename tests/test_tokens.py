"""Tests for ogi_nlp.tokens: domain words stay whole, quiet loading, one tokenizer per process."""
from __future__ import annotations

import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ogi_nlp import tokens
from ogi_nlp.tokens import Segmenter, load_stopwords, load_userdict, tokenize

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
SEEDS = sorted(CORPORA.glob("0*.txt"))


# --- domain terms on real sentences -------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "terms"),
    [
        # seed 001
        ("2022年我局在依申请公开工作中严格落实《政府信息公开条例》，健全工作机制。", ["依申请公开", "政府信息公开条例", "工作机制"]),
        ("通过局官网、政务新媒体等渠道做好主动公开。", ["政务新媒体", "主动公开"]),
        ("进行一图读懂、短视频、简明问答等多形式解读。", ["一图读懂", "简明问答"]),
        ("做好双公示，在局网站行政执法信息公示栏目，公开行政执法职责。", ["双公示"]),
        ("“北京知识产权”微信公众号推送274期共789条，总阅读量18494人次。", ["微信公众号", "阅读量"]),
        # seed 002 (half-width punctuation)
        ("提升“一网通办”电子政务服务体系能级。", ["一网通办"]),
        ("严格落实公文公开属性源头审查和公开前发布审查工作机制。", ["公开属性", "发布审查"]),
        ("(八)完善“一窗通办”综合性服务窗口建设。", ["一窗通办"]),
        # seed 000
        ("在局机关及直属事业单位实行政府信息公开保密审查制度。", ["保密审查"]),
        ("开设依申请公开网页，进一步畅通信息公开受理渠道。", ["依申请公开"]),
        # seed 004 and template wording
        ("本年度未收到因政府信息公开申请引起的行政复议和行政诉讼。", ["行政复议", "行政诉讼"]),
        ("对三公经费、财政预决算等重点领域信息予以公开，部分公开2件，不予公开1件。", ["三公经费", "财政预决算", "重点领域", "予以公开", "部分公开", "不予公开"]),
        ("通过12345热线和政务公开专栏回应社会关切。", ["12345热线", "政务公开专栏", "回应社会关切"]),
        ("按照勾稽关系核对统计表数据。", ["勾稽关系"]),
        ("严格落实谁起草谁解读。", ["谁起草谁解读"]),
        ("做好政策解读，对政策的背景依据、目标任务、主要内容进行解读。", ["政策解读"]),
    ],
)
def test_domain_terms_stay_whole(sentence: str, terms: list[str]) -> None:
    words = tokenize(sentence)
    for term in terms:
        assert term in words, (term, words)


def test_plain_jieba_splits_what_the_dictionary_keeps() -> None:
    # the domain dictionary matters: without it jieba splits these terms
    plain = Segmenter(userdict=False).tokenize("依申请公开和政务新媒体")
    assert "依申请公开" not in plain and "政务新媒体" not in plain
    assert Segmenter().tokenize("依申请公开和政务新媒体") == ["依申请公开", "和", "政务新媒体"]


# --- token filtering ------------------------------------------------------------

def test_cut_is_lossless_and_tokenize_drops_noise() -> None:
    text = "　　（一）扎实推进主动公开！ 访问量2324175人次；\n"
    seg = Segmenter()
    assert "".join(seg.cut(text)) == text
    words = seg.tokenize(text)
    assert words and all(w.strip() and w not in "（）！；。，" for w in words)
    assert "2324175" in words


def test_stopwords_option() -> None:
    text = "我局将进一步加强政务新媒体的建设，不断提高政策解读的质量。"
    kept = Segmenter().tokenize(text)
    dropped = Segmenter(stopwords=True).tokenize(text)
    assert "的" in kept and "的" not in dropped and "我局" not in dropped
    # plan markers and negation are not stop words
    for w in ("将", "进一步", "不断", "政务新媒体", "政策解读"):
        assert w in dropped
    assert {"不", "未", "没有", "将", "下一步", "进一步", "工作"}.isdisjoint(load_stopwords())


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"engine": "pkuseg"}, "engine='pkuseg' is not one of"),
        ({"hmm": "yes"}, "hmm="),
        ({"stopwords": 1}, "stopwords="),
        ({"userdict": True}, "userdict="),
        ({"userdict": "/nonexistent/dict.txt"}, "no such file"),
    ],
)
def test_bad_options(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Segmenter(**kwargs)


def test_custom_userdict(tmp_path: Path) -> None:
    path = tmp_path / "my.txt"
    path.write_text("知识产权事业发展中心 100 nt\n", encoding="utf-8")
    words = Segmenter(userdict=path).tokenize("市知识产权事业发展中心编制本报告")
    assert "知识产权事业发展中心" in words
    assert load_userdict(path) == [("知识产权事业发展中心", 100, "nt")]


def test_non_str_rejected() -> None:
    with pytest.raises(TypeError):
        Segmenter().cut(None)  # type: ignore[arg-type]
    assert Segmenter().tokenize("") == []


# --- the bundled dictionary and stop list -----------------------------------------

def test_bundled_userdict_shape() -> None:
    entries = load_userdict()
    words = [w for w, _, _ in entries]
    assert len(words) >= 200
    assert len(set(words)) == len(words), "duplicate entries"
    assert all(f is not None and f > 0 and tag for _, f, tag in entries)
    for term in ("依申请公开", "政务新媒体", "三公经费", "一网通办", "勾稽关系", "政府信息公开条例",
                 "行政复议", "予以公开", "不予公开", "部分公开", "一图读懂", "政策解读",
                 "主动公开目录", "双公示", "政务公开专栏", "门户网站", "12345热线"):
        assert term in words


def test_bundled_stopwords_shape() -> None:
    stop = load_stopwords()
    assert 100 <= len(stop) < 1000
    assert {"的", "了", "和", "我局"} <= stop


# --- loading: quiet, once per process ------------------------------------------------

def test_loading_writes_nothing_to_stderr(capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "_TOKENIZERS", {})
    Segmenter().tokenize("依申请公开")
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_fresh_process_is_quiet() -> None:
    code = "from ogi_nlp.tokens import tokenize; print(tokenize('依申请公开政府信息'))"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    assert "依申请公开" in res.stdout


def test_tokenizer_loaded_once() -> None:
    a, b = Segmenter(), Segmenter(stopwords=True)
    assert a.tokenizer is b.tokenizer
    assert Segmenter(userdict=False).tokenizer is not a.tokenizer
    t0 = time.perf_counter()
    Segmenter().tokenize("政务公开")
    assert time.perf_counter() - t0 < 0.1  # no reload


def test_segmenter_pickles_without_its_tokenizer() -> None:
    seg = Segmenter(stopwords=True)
    blob = pickle.dumps(seg)
    assert len(blob) < 500
    assert pickle.loads(blob).tokenize("政务新媒体的粉丝数") == ["政务新媒体", "粉丝数"]


# --- rjieba engine -------------------------------------------------------------------

@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_rjieba_equals_jieba_with_hmm_off(path: Path) -> None:
    pytest.importorskip("rjieba")
    text = path.read_text(encoding="utf-8")
    a = Segmenter(hmm=False)
    b = Segmenter(engine="rjieba", hmm=False)
    for line in text.splitlines():
        assert a.cut(line) == b.cut(line)


def test_rjieba_loads_domain_dictionary() -> None:
    pytest.importorskip("rjieba")
    assert Segmenter(engine="rjieba").tokenize("依申请公开和政务新媒体") == ["依申请公开", "和", "政务新媒体"]


def test_rjieba_class_is_the_package_class_without_its_default_tokenizer() -> None:
    # a fresh process: rjieba's own default tokenizer is never built, and a later
    # `import rjieba` gets the same class
    pytest.importorskip("rjieba")
    code = ("import sys; from ogi_nlp.tokens import rjieba_class; c = rjieba_class(); "
            "t = c().cut('依申请公开政府信息', False); print('rjieba' in sys.modules); "
            "import rjieba; print(rjieba.Jieba is c, t == rjieba.cut('依申请公开政府信息', False))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout.split()
    assert out == ["False", "True", "True"]
