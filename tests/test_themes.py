"""Tests for ogi_nlp.themes: codebook, annotations, rules, ThemeClassifier, evaluation."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi_nlp.errors import CodebookError, NotFittedError, ReadError
from ogi_nlp.themes import (
    Codebook,
    ThemeClassifier,
    cross_val_predict_themes,
    cue_hits,
    evaluate,
    load_annotations,
    load_codebook,
    parse_labels,
    theme_profile,
)
from ogi_nlp.themes.rules import CueFeatures

SPEC_KEYS = (
    "policy_interpretation", "platform_building", "problems_improvements", "proactive_disclosure",
    "request_handling", "review_litigation", "organization_oversight", "public_participation",
    "service_delivery",
)

# The made-up examples of spec/themes.md with their label sets (never in the training data).
SPEC_EXAMPLES = [
    ("我局门户网站完成改版并上线运行，栏目设置更加清晰。", {"platform_building"}),
    ("全年通过门户网站主动公开政府信息500条。", {"proactive_disclosure"}),
    ("对新出台的规范性文件同步发布解读材料，采用图解、问答等形式解读。", {"policy_interpretation"}),
    ("政策解读形式较为单一，网站栏目更新不够及时。",
     {"problems_improvements", "policy_interpretation", "platform_building"}),
    ("下一步，我局将加强政务新媒体建设。", {"problems_improvements", "platform_building"}),
    ("全年共受理政府信息公开申请20件，均按期答复。", {"request_handling"}),
    ("因政府信息公开被申请行政复议1件，结果为维持。", {"review_litigation"}),
    ("成立了政务公开工作领导小组，由分管副局长任组长。", {"organization_oversight"}),
    ("开展政府开放日活动2次，邀请企业代表参观。", {"public_participation"}),
    ("4项政务服务事项全部实现网上办理。", {"service_delivery"}),
    ("本报告所列数据的统计期限自1月1日起至12月31日止。", set()),
]

# Unambiguous sentences copied from the bundled reports, one theme each.
REAL_CLEAR = [
    ("2018年我局因政府信息公开发生1件行政复议案件，并被依法纠错。", "review_litigation"),
    ("2022年,我局共受理政府信息公开申请8件,办结8件。", "request_handling"),
    ("在2021年度政府网站测评中获得优秀。", "platform_building"),
    ("所有市区两级行使的公共服务事项均已编制完成办事指南并对外公布。", "service_delivery"),
    ("全年共组织从事政府信息公开工作人员参加专题培训2人次。", "organization_oversight"),
    ("做好政策解读，对政策的背景依据、目标任务、主要内容、涉及范围、执行标准等进行一图读懂、短视频、简明问答等多形式解读。",
     "policy_interpretation"),
    ("二是政务公开形式有待丰富;".rstrip(";"), "problems_improvements"),
    ("一是政策制定前期,通过召开座谈会、走访调研等形式,广泛听取专家、学者、企业、机构的意见建议;", "public_participation"),
    ("继续推进预算决算和“三公”经费公开，按照全市统一要求，不断细化预决算和“三公”经费公开内容，加大财政性资金公开力度，提高社会公共资金公开透明度。",
     "proactive_disclosure"),
]


@pytest.fixture(scope="module")
def annotations() -> pd.DataFrame:
    return load_annotations()


@pytest.fixture(scope="module")
def tiny_codebook() -> Codebook:
    return Codebook.from_dict({
        "name": "toy", "version": "0",
        "themes": [
            {"key": "website", "label": "网站", "cues": ["网站", "栏目"]},
            {"key": "requests", "label": "申请", "cues": ["申请"]},
        ],
    })


# -- codebook ----------------------------------------------------------------------

def test_default_codebook_has_the_nine_spec_themes():
    cb = load_codebook()
    assert cb.keys == SPEC_KEYS
    assert cb.none_label == "other"
    assert cb.version == "1.1"
    assert all(t.label and t.definition and t.cues for t in cb)
    assert load_codebook() is cb  # cached per process


def _write(tmp_path, data, name="cb.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "data, problem",
    [
        ("{not json", "not valid JSON"),
        ([1, 2], "expected a JSON object"),
        ({"themes": []}, "'themes' must be a non-empty list"),
        ({"themes": [{"key": "Bad Key", "label": "甲", "cues": ["甲"]}]}, "'key' must match"),
        ({"themes": [{"key": "a", "label": "甲", "cues": ["甲"]}, {"key": "a", "label": "乙", "cues": ["乙"]}]},
         "duplicate key"),
        ({"themes": [{"key": "a", "label": "", "cues": ["甲"]}]}, "'label' must be a non-empty string"),
        ({"themes": [{"key": "a", "label": "甲"}]}, "at least one cue word or pattern"),
        ({"themes": [{"key": "a", "label": "甲", "cues": "网站"}]}, "'cues' must be a list"),
        ({"themes": [{"key": "a", "label": "甲", "patterns": ["回应(关切"]}]}, "not a valid regular expression"),
        ({"themes": [{"key": "a", "label": "甲", "cues": ["甲"], "out_patterns": ["在(网站"]}]},
         "not a valid regular expression"),
        ({"themes": [{"key": "a", "label": "甲", "cues": ["甲"], "out_patterns": "在网站发布"}]},
         "'out_patterns' must be a list"),
        ({"themes": [{"key": "other", "label": "其他", "cues": ["甲"]}]}, "the none label"),
    ],
)
def test_bad_codebook_raises_naming_file_and_problem(tmp_path, data, problem):
    path = _write(tmp_path, data)
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert str(path) in str(err.value)
    assert problem in str(err.value)


def test_missing_codebook_file(tmp_path):
    with pytest.raises(CodebookError, match="cannot read the codebook"):
        load_codebook(tmp_path / "nope.json")


def test_codebook_round_trips_through_dict():
    cb = load_codebook()
    again = Codebook.from_dict(json.loads(json.dumps(cb.to_dict())))
    assert again.keys == cb.keys
    assert [t.cues for t in again] == [t.cues for t in cb]
    assert [t.out_patterns for t in again] == [t.out_patterns for t in cb]
    assert again["platform_building"].out_patterns  # the default codebook has some


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("platform_building;policy_interpretation", ("policy_interpretation", "platform_building")),
        ("platform_building ; request_handling", ("platform_building", "request_handling")),
        ("review_litigation，platform_building", ("platform_building", "review_litigation")),
        (["service_delivery"], ("service_delivery",)),
        ("other", ()),
        ("", ()),
        (None, ()),
        (float("nan"), ()),
    ],
)
def test_parse_labels(cell, expected):
    assert parse_labels(cell, load_codebook()) == expected


def test_parse_labels_rejects_unknown_theme():
    with pytest.raises(CodebookError, match=r"unknown theme 'websites'.*allowed: policy_interpretation"):
        parse_labels("websites", load_codebook(), where="row 3")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(SPEC_KEYS + ("other",)), max_size=6), st.sampled_from([";", "; ", ",", "；", " ", "|"]))
def test_parse_labels_any_separator_gives_codebook_order(keys, sep):
    out = parse_labels(sep.join(keys), load_codebook())
    assert set(out) == set(keys) - {"other"}
    assert list(out) == sorted(out, key=SPEC_KEYS.index)


# -- annotations -------------------------------------------------------------------

def test_bundled_annotations_cover_every_report(annotations):
    from ogi_nlp.datasets import load_manifest

    assert set(annotations["doc"]) == set(load_manifest().index)
    assert len(annotations) >= 480
    assert annotations["sentence"].str.strip().ne("").all()
    # every label cell parsed into codebook keys; first-pass labels kept beside them
    assert annotations["labels"].map(lambda t: set(t) <= set(SPEC_KEYS)).all()
    assert "labels_pass1" in annotations.columns
    # ids are positions of the toolkit's sentences within each report
    for _, part in annotations.groupby("doc"):
        assert part["sentence_id"].is_monotonic_increasing and part["sentence_id"].is_unique


@pytest.mark.filterwarnings("ignore::ogi_nlp.errors.OGIWarning")
@pytest.mark.parametrize("name", ["000_0bd4f94ff1c1a797.txt", "001_dfbf40df936f33b0.txt", "002_2b0f011715eb5630.txt",
                                  "003_9f85f0f5b3ff3861.txt", "004_8d175a9aad868b26.txt",
                                  "hongze-district-government-2023.pdf", "hongze-district-government-2024.pdf",
                                  "huaian-municipal-government-2024.pdf", "blank-template-2021.docx"])
def test_annotations_rejoin_the_toolkit_sentences(annotations, name):
    """Every narrative sentence the toolkit finds in a bundled report has a hand label, in order."""
    from ogi_nlp.datasets import corpus_path
    from ogi_nlp.report import read_report

    if name.endswith(".docx"):
        pytest.importorskip("ogi_nlp.read.docx", reason="DOCX reader not in this tree")
    found = read_report(corpus_path() / name).sentences()
    mine = annotations[annotations["doc"] == name]
    assert found["text"].tolist() == mine["sentence"].tolist()
    assert found["sentence_id"].tolist() == mine["sentence_id"].tolist()


@pytest.mark.parametrize(
    "csv_text, problem",
    [
        ("doc,sentence\na,我局网站改版。\n", "missing column(s) ['labels']"),
        ("doc,sentence,labels\na,我局网站改版。,websites\n", "line 2: unknown theme 'websites'"),
        ("doc,sentence,labels\na,,platform_building\n", "line 2: empty sentence"),
    ],
)
def test_bad_annotation_file(tmp_path, csv_text, problem):
    path = tmp_path / "ann.csv"
    path.write_text(csv_text, encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        load_annotations(path)
    assert str(path) in str(err.value) and problem in str(err.value)


# -- rules ---------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", SPEC_EXAMPLES)
def test_rules_find_the_spec_themes(sentence, expected):
    clf = ThemeClassifier(method="rules").fit()
    assert expected <= set(clf.predict([sentence])[0])


def test_rules_assign_nothing_without_cues():
    clf = ThemeClassifier(method="rules").fit()
    assert clf.predict(["本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。"]) == [()]
    assert clf.predict_proba(["特此通知。"]).to_numpy().sum() == 0


# A channel named only as the place of publication is out of platform_building (spec:
# "the volume of information published through a channel" is proactive_disclosure);
# building the channel is in. Sentences from the bundled reports.
@pytest.mark.parametrize(
    "sentence, platform",
    [
        ("在文件公布时，相关解读材料与文件同步在我局门户网站发布；", False),
        ("中心一是加强了组织领导，调整了政务公开领导小组，将政务公开工作列入领导工作分工，明确由副主任分管，"
         "并在政府网站上对外公开。", False),
        ("北京市知识产权局政府网站（www.bjipo.gov.cn）上可下载本报告的电子版。", False),
        ("本报告电子版可在“中国·济宁”政府门户网站（具体网址）查阅或下载。", False),
        ("根据《条例》要求，我局成立了政府信息公开领导小组和工作小组，并在我局门户网站上开辟了政府信息公开专栏，"
         "集中展示我局主动公开的政府信息；", True),
        ("“北京知识产权”微博发布信息1245条，粉丝数74164人。", True),
        ("中心政府信息公开将一如既往延续之前好的做法和经验，进一步加强调查研究，拓展政府信息公开渠道，"
         "保证政府信息发布的及时、准确、全面、系统和常态化；", True),
    ],
)
def test_rules_tell_building_a_channel_from_publishing_through_it(sentence, platform):
    clf = ThemeClassifier(method="rules").fit()
    assert ("platform_building" in clf.predict([sentence])[0]) is platform


def test_out_patterns_drop_cues_only_inside_their_matches():
    cb = Codebook.from_dict({"themes": [{"key": "a", "label": "甲", "cues": ["网站"],
                                         "out_patterns": ["在网站发布"]}]})
    assert cb["a"].matches("在网站发布通知。") == []
    assert cb["a"].matches("在网站发布通知，网站完成改版。") == ["网站"]
    f = CueFeatures.from_codebook(cb).fit([])
    assert list(f.get_feature_names_out()) == ["cue:a", "out:a"]
    assert f.transform(["在网站发布通知。", "网站改版。"]).toarray().round(2).tolist() == [[0.0, 0.69], [0.69, 0.0]]


def test_cue_hits_report_the_matched_words():
    hits = cue_hits(["政务微博发布信息1245条，粉丝数74164人。"], load_codebook())[0]
    assert "粉丝" in hits["platform_building"]
    assert "公开信息" not in hits.get("proactive_disclosure", [])


# -- classifier API ---------------------------------------------------------------

@pytest.mark.parametrize("method", ["model", "hybrid"])
def test_fit_predict_proba_shapes(annotations, method):
    sents = annotations["sentence"].tolist()
    clf = ThemeClassifier(method=method).fit(sents, annotations["labels"].tolist())
    assert clf.n_train_ == len(sents)
    proba = clf.predict_proba(sents[:5])
    assert list(proba.columns) == list(SPEC_KEYS)
    assert proba.index.tolist() == [0, 1, 2, 3, 4]  # a list gets a RangeIndex: texts are not unique
    # a sentence table keeps its own index, repeated texts included
    table = pd.DataFrame({"text": [sents[3], sents[3], sents[4]], "report": ["a", "b", "b"]}, index=[7, 8, 9])
    assert clf.predict_proba(table).index.tolist() == [7, 8, 9]
    assert ((proba >= 0) & (proba <= 1)).all().all()
    preds = clf.predict(sents[:5])
    assert [tuple(proba.columns[row >= clf.thresholds_]) for row in proba.to_numpy()] == preds
    assert clf.predict([]) == []


@pytest.mark.parametrize("method", ["model", "hybrid", "rules"])
def test_fit_is_deterministic(annotations, method):
    sents, labels = annotations["sentence"].tolist(), annotations["labels"].tolist()
    a = ThemeClassifier(method=method).fit(sents, labels)
    b = ThemeClassifier(method=method).fit(sents, labels)
    probe = [s for s, _ in SPEC_EXAMPLES]
    pd.testing.assert_frame_equal(a.predict_proba(probe), b.predict_proba(probe))
    assert a.predict(probe) == b.predict(probe)


@pytest.mark.parametrize("call", ["predict", "predict_proba", "explain", "top_terms", "save"])
def test_unfitted_raises(call, tmp_path):
    clf = ThemeClassifier()
    args = {"predict": (["网站改版。"],), "predict_proba": (["网站改版。"],), "explain": ("网站改版。",),
            "top_terms": ("platform_building",), "save": (tmp_path / "m.skops",)}[call]
    with pytest.raises(NotFittedError, match="not fitted"):
        getattr(clf, call)(*args)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"method": "svm"}, "method='svm' is not allowed; allowed: 'model', 'rules', 'hybrid'"),
        ({"threshold": 1.5}, "threshold=1.5 is not allowed"),
        ({"char_ngrams": (3, 1)}, "char_ngrams=(3, 1) is not allowed"),
        ({"codebook": 42}, "codebook=42 is not allowed"),
    ],
)
def test_bad_options_raise_value_error(params, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        ThemeClassifier(**params).fit(["网站改版。"], ["platform_building"])


def test_bad_inputs():
    clf = ThemeClassifier(method="rules").fit()
    with pytest.raises(TypeError, match="one string"):
        clf.predict("网站改版。")
    with pytest.raises(ValueError, match="2 sentences but 1 label"):
        ThemeClassifier().fit(["网站改版。", "受理申请。"], ["platform_building"])
    with pytest.raises(CodebookError, match=r"labels\[0\]: unknown theme"):
        ThemeClassifier().fit(["网站改版。"], ["website"])
    with pytest.raises(ValueError, match="needs sentences and labels"):
        ThemeClassifier(method="model").fit()
    with pytest.raises(ValueError, match="theme='x' is not allowed"):
        clf.top_terms("x")


def test_custom_codebook_and_labels_give_a_working_classifier(tiny_codebook):
    sents = ["我局网站完成改版。", "网站栏目设置更加清晰。", "新增网站专栏三个。", "优化网站栏目布局。",
             "全年收到申请20件。", "申请均按期答复。", "当面提交申请2件。", "网络申请8件。",
             "召开工作会议。", "特此通知。"]
    labels = ["website"] * 4 + ["requests"] * 4 + ["other", ""]
    for method in ("model", "hybrid", "rules"):
        clf = ThemeClassifier(method=method, codebook=tiny_codebook).fit(sents, labels)
        assert clf.classes_ == ["website", "requests"]
        assert clf.predict(["区政府网站栏目改版。", "受理信息公开申请5件。"]) == [("website",), ("requests",)]
    with pytest.raises(CodebookError, match="unknown theme 'platform_building'"):
        ThemeClassifier(codebook=tiny_codebook).fit(["网站改版。"], ["platform_building"])


def test_custom_codebook_from_file(tmp_path, tiny_codebook):
    path = _write(tmp_path, tiny_codebook.to_dict())
    clf = ThemeClassifier(method="rules", codebook=path).fit()
    assert clf.predict(["网站改版。"]) == [("website",)]


# -- explanation -------------------------------------------------------------------

def test_explain_names_terms_of_the_sentence():
    clf = ThemeClassifier.load_default()
    sentence = "2018年我局因政府信息公开发生1件行政复议案件，并被依法纠错。"
    exp = clf.explain(sentence)
    assert list(exp.columns) == ["theme", "probability", "assigned", "feature", "weight"]
    top = exp[exp["assigned"]]
    assert set(top["theme"]) == {"review_litigation"}
    for feature in top["feature"]:
        kind, _, term = feature.partition(":")
        assert kind == "cue" or term.replace("0", "") in re.sub(r"\d+", "", sentence)
    assert top["weight"].max() > 0


def test_top_terms_are_sorted_and_sensible():
    clf = ThemeClassifier.load_default()
    terms = clf.top_terms("review_litigation", n=15)
    assert len(terms) == 15
    assert terms["weight"].is_monotonic_decreasing
    # the theme's own cue count is its strongest feature; its words come next
    assert terms["feature"].iloc[0] == "cue:review_litigation"
    assert any("复议" in f or "诉讼" in f for f in clf.top_terms("review_litigation", n=40)["feature"])


# -- persistence ---------------------------------------------------------------------

@pytest.mark.parametrize("method", ["hybrid", "model", "rules"])
def test_save_load_round_trip(tmp_path, annotations, method):
    clf = ThemeClassifier(method=method, threshold=0.4).fit(annotations["sentence"].tolist(),
                                                           annotations["labels"].tolist())
    path = clf.save(tmp_path / "m.skops")
    again = ThemeClassifier.load(path)
    assert again.get_params()["threshold"] == 0.4 and again.method == method
    probe = [s for s, _ in SPEC_EXAMPLES]
    pd.testing.assert_frame_equal(clf.predict_proba(probe), again.predict_proba(probe))
    assert again.codebook_.keys == clf.codebook_.keys


@pytest.mark.parametrize("name", ["theme_model.skops", "theme_model_sections.skops"])
def test_bundled_array_sidecar_is_the_skops_model(name):
    """The fast form load_default reads gives the .skops model's scores on every labelled sentence."""
    from importlib import resources
    from pathlib import Path

    from ogi_nlp.themes.annotations import load_labelled
    from ogi_nlp.themes.model import load_arrays

    skops_file = Path(str(resources.files("ogi_nlp.resources").joinpath(name)))
    fast = load_arrays(skops_file.with_suffix(".npz"), skops_file=skops_file)
    assert fast is not None, "sidecar missing or stale: run python benchmarks/eval_themes.py --retrain"
    slow = ThemeClassifier.load(skops_file)
    data = load_labelled("train")
    np.testing.assert_array_equal(fast.decision_scores(data), slow.decision_scores(data))
    np.testing.assert_array_equal(fast.thresholds_, slow.thresholds_)
    assert list(fast.features_.get_feature_names_out()) == list(slow.features_.get_feature_names_out())
    texts = data["sentence"].tolist()[:300]  # scikit-learn's own transform (not the fast path) agrees too
    assert (fast.features_.chars_.transform(texts) != slow.features_.chars_.transform(texts)).nnz == 0
    assert fast.top_terms("platform_building", n=20).equals(slow.top_terms("platform_building", n=20))
    # the scorer a corpus build uses (the same arrays, no scikit-learn objects) gives the same scores
    from ogi_nlp.themes.predict import ThemeScorer

    bare = ThemeScorer.from_sidecar(skops_file.with_suffix(".npz"), skops_file=skops_file)
    assert bare is not None
    np.testing.assert_array_equal(bare.decision_scores(data), slow.decision_scores(data))
    assert bare.predict(data) == slow.predict(data)


def test_labelling_a_corpus_needs_no_scikit_learn():
    """A build's imports and its theme labels (bundled model, from the sidecar) leave scikit-learn unloaded."""
    import subprocess
    import sys

    code = ("import sys, pandas as pd; import ogi_nlp, ogi_nlp.cli, ogi_nlp.corpus as c; "
            "f = c.add_theme_columns(pd.DataFrame({'report': 'r', 'text': ['我局门户网站完成改版。'], 'section': ''})); "
            "assert f['platform_building'].tolist() == [True], f; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'skops')))")
    root = Path(__file__).resolve().parents[1]  # this checkout's ogi_nlp
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "[]"


def test_array_sidecar_of_another_skops_file_is_not_used(tmp_path, annotations):
    from ogi_nlp.themes.model import load_arrays, save_arrays

    clf = ThemeClassifier(method="hybrid").fit(annotations["sentence"].tolist(), annotations["labels"].tolist())
    path = clf.save(tmp_path / "m.skops")
    sidecar = save_arrays(clf, tmp_path / "m.npz", skops_file=path)
    assert load_arrays(sidecar, skops_file=path) is not None
    clf.set_params(threshold=0.3).save(path)  # retrained or re-saved: the recorded hash no longer matches
    assert load_arrays(sidecar, skops_file=path) is None
    assert load_arrays(tmp_path / "absent.npz", skops_file=path) is None


def test_load_refuses_foreign_files(tmp_path):
    import skops.io as sio

    junk = tmp_path / "junk.skops"
    junk.write_bytes(b"not a zip")
    with pytest.raises(ReadError, match="not a skops file"):
        ThemeClassifier.load(junk)
    with pytest.raises(ReadError, match="no such file"):
        ThemeClassifier.load(tmp_path / "absent.skops")
    other = tmp_path / "other.skops"
    sio.dump({"format": "something else"}, other)
    with pytest.raises(ReadError, match="not a saved ThemeClassifier"):
        ThemeClassifier.load(other)
    from collections import Counter
    foreign = tmp_path / "foreign.skops"
    sio.dump({"format": "ogi_nlp.ThemeClassifier", "x": Counter("ab")}, foreign)
    with pytest.raises(ReadError, match="refusing to load types"):
        ThemeClassifier.load(foreign)


# -- the default model -------------------------------------------------------------

def test_default_model_is_the_bundled_hybrid():
    clf = ThemeClassifier.load_default()
    from ogi_nlp.themes import load_labelled

    assert clf.method == "hybrid"
    assert clf.n_train_ == len(load_labelled("train"))


@pytest.mark.parametrize("sentence, theme", REAL_CLEAR)
def test_default_model_on_clear_real_sentences(sentence, theme):
    assert ThemeClassifier.load_default().predict([sentence]) == [(theme,)]


def test_default_model_recovers_spec_examples():
    clf = ThemeClassifier.load_default()
    preds = clf.predict([s for s, _ in SPEC_EXAMPLES])
    missed = [sentence for (sentence, expected), got in zip(SPEC_EXAMPLES, preds) if not expected <= set(got)]
    # Known miss of the model trained on 130 bodies (issue 10): the bare problem sentence
    # 政策解读形式较为单一，网站栏目更新不够及时。 gets policy + platform but not problems
    # (p = 0.21): in real reports such sentences stand under a problems heading.
    assert len(missed) <= 1, missed
    exact = sum(set(got) == expected for (_, expected), got in zip(SPEC_EXAMPLES, preds))
    assert exact >= 8


def test_unseen_report_clear_sentences(annotations):
    """Trained without the Huai'an report, the hybrid still codes its clear sentences."""
    train = annotations[annotations["doc"] != "huaian-municipal-government-2024.pdf"]
    clf = ThemeClassifier(method="hybrid").fit(train["sentence"].tolist(), train["labels"].tolist())
    cases = {
        "政府信息公开行政诉讼 46 件，其中结果维持 25件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。": "review_litigation",
        "2024 年，全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复），均在法定期限内予以答复。": "request_handling",
        "截至目前，全市在运维政务新媒体共计 95个，在省办 2024 年四个季度政务新媒体检查抽查中，合格率均为 100%。": "platform_building",
    }
    assert clf.predict(list(cases)) == [(t,) for t in cases.values()]


@pytest.mark.parametrize("sections", [False, True])
def test_retrained_default_matches_the_bundled_file(sections):
    """The bundled weights are what train_default() makes from the labelled training data."""
    from ogi_nlp.themes import load_labelled

    data = load_labelled("train")
    if not sections:
        data = data.assign(section="")
    fresh = ThemeClassifier(method="hybrid").fit(data, data["labels"].tolist(), groups=data["body"].tolist())
    bundled = ThemeClassifier.load_default(sections=sections)
    assert bundled.uses_sections_ is sections
    assert bundled.n_train_ == len(data)
    probe = data.iloc[:80]
    np.testing.assert_allclose(fresh.predict_proba(probe).to_numpy(), bundled.predict_proba(probe).to_numpy(),
                               atol=1e-9)
    np.testing.assert_array_equal(fresh.thresholds_, bundled.thresholds_)


def test_sections_model_reads_the_section(tmp_path, annotations):
    """A plan with no plan words of its own is a plan in the problems section."""
    clf = ThemeClassifier.load_default(sections=True)
    sentence = "二是加强对典型案例的研究、梳理和汇总。"
    in_problems = clf.predict_proba([sentence], sections=["problems"])["problems_improvements"].item()
    in_overview = clf.predict_proba([sentence], sections=["overview"])["problems_improvements"].item()
    assert in_problems >= 0.5 > in_overview
    exp = clf.explain(sentence, section="problems")
    assert "section:problems" in exp.loc[exp["theme"] == "problems_improvements", "feature"].tolist()
    # unknown or missing sections are "no hint", never an error
    assert len(clf.predict([sentence, sentence], sections=["no_such_section", None])) == 2
    with pytest.raises(ValueError, match="2 sentences but 1 sections"):
        clf.predict([sentence, sentence], sections=["problems"])
    again = ThemeClassifier.load(clf.save(tmp_path / "s.skops"))
    assert again.uses_sections_
    with pytest.raises(ValueError, match="sections='yes' is not allowed"):
        ThemeClassifier.load_default(sections="yes")


# -- evaluation --------------------------------------------------------------------

class _Spy(ThemeClassifier):
    seen: list[list[str]] = []

    def fit(self, sentences=None, labels=None, *, groups=None, sections=None):
        _Spy.seen.append(list(sentences["sentence"]) if isinstance(sentences, pd.DataFrame) else list(sentences))
        return super().fit(sentences, labels, groups=groups, sections=sections)


def test_cross_validation_never_shares_a_report(annotations):
    _Spy.seen = []
    sents, labels, docs = (annotations[c].tolist() for c in ("sentence", "labels", "doc"))
    preds = cross_val_predict_themes(_Spy(method="model"), sents, labels, docs, n_splits=3)
    assert len(preds) == len(sents) and len(_Spy.seen) == 3
    doc_of = dict(zip(sents, docs))
    for train in _Spy.seen:
        train_docs = {doc_of[s] for s in train}
        test_docs = set(docs) - train_docs
        assert test_docs  # each fold holds whole reports out
        assert not any(doc_of[s] in test_docs for s in train)


def test_evaluate_reports_every_theme_and_macro(annotations):
    sents, labels, docs = (annotations[c].tolist() for c in ("sentence", "labels", "doc"))
    result = evaluate([ThemeClassifier(method="rules"), ThemeClassifier(method="hybrid")], sents, labels, docs,
                      n_splits=3)
    assert list(result["method"].unique()) == ["rules", "hybrid"]
    for _, part in result.groupby("method"):
        assert part["theme"].tolist() == list(SPEC_KEYS) + ["macro"]
        themes = part[part["theme"] != "macro"]
        assert part.loc[part["theme"] == "macro", "f1"].item() == pytest.approx(themes["f1"].mean())
        support = annotations["labels"].map(set)
        for key, n in zip(themes["theme"], themes["support"]):
            assert n == sum(key in s for s in support)
    assert result.attrs["n_reports"] == annotations["doc"].nunique()


def test_evaluate_bad_n_splits(annotations):
    with pytest.raises(ValueError, match="n_splits=20 is not allowed"):
        evaluate(ThemeClassifier(method="rules"), ["a。", "b。"], ["", ""], ["x", "y"], n_splits=20)


def test_theme_profile_shares():
    frame = pd.DataFrame({
        "doc": ["b", "a", "a", "a", "a"],
        "labels": ["request_handling", "platform_building;proactive_disclosure", "platform_building", "", "other"],
    })
    prof = theme_profile(frame)
    assert prof.index.tolist() == ["a", "b"]
    assert prof.loc["a", "platform_building"] == 0.5
    assert prof.loc["a", "proactive_disclosure"] == 0.25
    assert prof.loc["a", "other"] == 0.5
    assert prof.loc["b", "request_handling"] == 1.0
    assert prof["n_sentences"].tolist() == [4, 1]
    with pytest.raises(ValueError, match="column 'report' not found"):
        theme_profile(frame, report="report")


def test_cv_thresholds_are_chosen_inside_the_training_data(tmp_path, annotations):
    sents, labels, docs = (annotations[c].tolist() for c in ("sentence", "labels", "doc"))
    clf = ThemeClassifier(method="model", threshold="cv").fit(sents, labels, groups=docs)
    assert clf.thresholds_.shape == (9,)
    assert ((clf.thresholds_ >= 0.2) & (clf.thresholds_ <= 0.8)).all()
    proba = clf.predict_proba(sents[:40]).to_numpy()
    assert clf.predict(sents[:40]) == [tuple(np.array(SPEC_KEYS)[row >= clf.thresholds_]) for row in proba]
    again = ThemeClassifier.load(clf.save(tmp_path / "cv.skops"))
    np.testing.assert_array_equal(again.thresholds_, clf.thresholds_)
    with pytest.raises(ValueError, match="at least 2 reports"):
        ThemeClassifier(threshold="cv").fit(sents[:20], labels[:20], groups=["a"] * 20)


def test_train_classifier_from_own_files(tmp_path, tiny_codebook):
    from ogi_nlp.themes import train_classifier

    cb_path = _write(tmp_path, tiny_codebook.to_dict())
    rows = [("r1", "我局网站完成改版。", "website"), ("r1", "全年收到申请20件。", "requests"),
            ("r1", "特此通知。", ""), ("r2", "网站栏目设置更加清晰。", "website"),
            ("r2", "申请均按期答复。", "requests"), ("r2", "召开工作会议。", "other"),
            ("r3", "新增网站专栏三个。", "website"), ("r3", "网络申请8件。", "requests")]
    ann = tmp_path / "ann.csv"
    pd.DataFrame(rows, columns=["doc", "sentence", "labels"]).to_csv(ann, index=False)
    clf = train_classifier(ann, codebook=cb_path, method="model", evaluate_splits=3)
    assert clf.classes_ == ["website", "requests"] and clf.n_train_ == 8
    assert clf.scores_["theme"].tolist() == ["website", "requests", "macro"]
    assert clf.predict(["区政府网站栏目改版。"]) == [("website",)]
    frame = pd.DataFrame(rows, columns=["doc", "sentence", "labels"])
    frame.loc[0, "labels"] = "platform_building"
    with pytest.raises(CodebookError, match="annotations row 0: unknown theme 'platform_building'"):
        train_classifier(frame, codebook=tiny_codebook)
    with pytest.raises(CodebookError, match="needs a 'section' column"):
        train_classifier(ann, codebook=cb_path, use_sections=True)


@pytest.mark.filterwarnings("ignore::ogi_nlp.errors.OGIWarning")
def test_label_sentences_and_profile_of_a_real_report(annotations):
    from ogi_nlp.datasets import corpus_path
    from ogi_nlp.report import read_report
    from ogi_nlp.themes import label_sentences

    frame = read_report(corpus_path() / "huaian-municipal-government-2024.pdf").sentences()
    labelled = label_sentences(frame)
    assert labelled["themes"].map(lambda t: set(t) <= set(SPEC_KEYS)).all()
    assert labelled.drop(columns="themes").equals(frame)
    # agreement with the hand labels of this (in-sample) report
    truth = annotations.loc[annotations["doc"] == frame["report"].iloc[0], "labels"].tolist()
    agree = sum(set(a) == set(b) for a, b in zip(labelled["themes"], truth)) / len(truth)
    assert agree >= 0.9
    profile = theme_profile(labelled, report="report", labels="themes", include_headings=True)
    assert profile.loc[frame["report"].iloc[0], "n_sentences"] == len(frame)
    # by default headings are not sentences about their topic: they are left out of shares
    default = theme_profile(labelled, report="report", labels="themes")
    assert default.loc[frame["report"].iloc[0], "n_sentences"] == (~frame["is_heading"]).sum() < len(frame)
    assert profile.loc[frame["report"].iloc[0], "problems_improvements"] > 0
    plain = label_sentences(frame, section=None)
    assert len(plain) == len(frame)
    with pytest.raises(ValueError, match="column 'sentence' not found"):
        label_sentences(frame, text="sentence")


def test_default_falls_back_to_training_when_the_bundled_file_cannot_be_used(monkeypatch) -> None:
    from ogi_nlp.errors import OGIWarning, ReadError
    from ogi_nlp.themes import model as model_module
    from ogi_nlp.themes import predict as predict_module

    sentences = ["全年共受理政府信息公开申请20件，均按期答复。", "下一步，我局将加强政务新媒体建设。"]
    expected = ThemeClassifier.load_default().predict(sentences)

    def refuse(cls, path):
        raise ReadError(path, "saved by another scikit-learn")

    monkeypatch.setattr(model_module, "_DEFAULT_MODELS", {})
    monkeypatch.setattr(ThemeClassifier, "load", classmethod(refuse))
    # another scikit-learn also makes the array sidecar stale (it records the version)
    monkeypatch.setattr(predict_module, "sklearn_version", lambda: "0.0-another")
    with pytest.warns(OGIWarning, match="trained the same model"):
        retrained = ThemeClassifier.load_default()
    assert retrained.predict(sentences) == expected


# -- issue 10: estimator conventions, safety, context, calibration, shares -----------

def test_classifier_follows_scikit_learn_conventions():
    from sklearn.base import clone, is_classifier
    from sklearn.exceptions import NotFittedError as SkNotFitted
    from sklearn.utils.validation import check_is_fitted

    clf = ThemeClassifier(C=3.0, threshold=0.4, context=False)
    assert is_classifier(clf)
    twin = clone(clf)
    assert twin.get_params() == clf.get_params() and twin is not clf
    with pytest.raises(ValueError, match="Invalid parameter 'colour'"):
        clf.set_params(colour="red")
    with pytest.raises(TypeError):
        ThemeClassifier(colour="red")
    with pytest.raises(SkNotFitted):
        check_is_fitted(clf)
    with pytest.raises(SkNotFitted):
        clf.decision_function(["受理申请2件。"])
    with pytest.raises(NotFittedError):  # ogi_nlp's own error too
        clf.predict(["受理申请2件。"])
    fitted = ThemeClassifier.load_default()
    check_is_fitted(fitted)
    margins = fitted.decision_function(["全年共受理政府信息公开申请20件，均按期答复。", "特此通知。"])
    assert margins.shape == (2, 9)
    j = SPEC_KEYS.index("request_handling")
    assert margins[0, j] > 0 > margins[1, j]


def test_load_refuses_a_file_holding_a_function_transformer(tmp_path):
    """A crafted model file with a FunctionTransformer (arbitrary callables) is refused before loading."""
    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    good = ThemeClassifier.load_default().save(tmp_path / "good.skops")
    payload = sio.load(good, trusted=sio.get_untrusted_types(file=good))
    payload["features"] = FunctionTransformer(np.exp)
    bad = tmp_path / "bad.skops"
    sio.dump(payload, bad)
    with pytest.raises(ReadError, match="FunctionTransformer"):
        ThemeClassifier.load(bad)
    payload["features"] = {"x": np.random.RandomState(0)}
    sio.dump(payload, bad)
    with pytest.raises(ReadError, match="refusing to load types"):
        ThemeClassifier.load(bad)


@pytest.mark.parametrize("pattern", ["(a|aa)+$", "(x+x+)+y", "(?:网站.*)+发布", "(a|b{1,3}){0,100}c"])
def test_codebook_refuses_patterns_that_backtrack_catastrophically(tmp_path, pattern):
    data = {"name": "t", "themes": [{"key": "a", "label": "甲", "cues": ["甲"], "patterns": [pattern]}]}
    with pytest.raises(CodebookError, match="exponential time"):
        Codebook.from_dict(data)
    data["themes"][0]["patterns"] = []
    data["themes"][0]["out_patterns"] = [pattern]
    path = _write(tmp_path, data)
    with pytest.raises(CodebookError, match=r"exponential time.*bound the repeat"):
        load_codebook(path)


def test_default_codebook_patterns_are_all_safe():
    from ogi_nlp.themes.codebook import backtracking_risk

    cb = load_codebook()
    for t in cb:
        for p in t.patterns + t.out_patterns:
            assert backtracking_risk(p) == "", p
    import time
    started = time.perf_counter()
    cb["platform_building"].matches("在" + "网站" * 2000 + "。")
    assert time.perf_counter() - started < 2.0


def test_plans_continued_after_next_steps_are_found_from_context():
    """A plan sentence without a plan word is a plan after 下一步 (no section given)."""
    clf = ThemeClassifier.load_default()
    plan = "二是加强对典型案例的研究、梳理和汇总。"
    table = pd.DataFrame({"report": "r", "text": [
        "五、存在的主要问题及改进情况", "下一步，我局将重点做好以下工作：一是进一步加强政策解读工作。", plan]})
    in_context = clf.predict_proba(table)["problems_improvements"].iloc[2]
    alone = clf.predict_proba([plan])["problems_improvements"].iloc[0]
    assert in_context > alone
    assert "problems_improvements" in clf.predict(table)[2]
    assert "problems_improvements" not in clf.predict([plan])[0]
    # the previous sentence alone already raises it
    assert clf.predict_proba(table.iloc[1:])["problems_improvements"].iloc[1] > alone
    # neighbours never cross reports
    split = table.assign(report=["q", "q", "r"])
    start = clf.predict_proba(split)["problems_improvements"].iloc[2]
    assert start < in_context


def test_featurisation_segments_each_distinct_text_once(monkeypatch):
    from ogi_nlp.themes import features, predict

    calls = []
    real = predict._segmenter()

    class Counting:  # prediction cuts the batch's texts in one call, a newline between two; fitting tokenizes
        def cut(self, text):
            calls.extend(t for t in text.split("\n") if t)  # the empty text is no text
            return real.cut(text)

        def tokenize(self, text):
            calls.append(text)
            return real.tokenize(text)

    features._words_cached.cache_clear()
    monkeypatch.setattr(predict, "_segmenter", lambda: Counting())  # prediction's segmenter (ogi_nlp.themes.predict)
    clf = ThemeClassifier.load_default(sections=True)
    texts = ["我局门户网站完成改版并上线运行。", "全年共受理政府信息公开申请20件。", "我局门户网站完成改版并上线运行。"]
    table = pd.DataFrame({"report": "r", "text": texts, "section": "overview"})
    clf.predict_proba(table)
    assert len(calls) == 2  # two distinct texts, each also serving as its neighbour's context
    clf.predict(table)
    assert len(calls) == 4  # again once each: nothing is kept from one batch to the next
    features._words_cached.cache_clear()


def test_probabilities_are_calibrated_out_of_fold(annotations):
    """Mean calibrated probability is close to the observed rate of each common theme, on unseen bodies."""
    from ogi_nlp.themes import cross_val_proba, load_labelled

    data = load_labelled("train", dev_pages=False)
    oof = cross_val_proba(ThemeClassifier(), data, data["labels"].tolist(), data["body"].tolist(), n_splits=4)
    assert oof.index.equals(data.index)
    for key in ("platform_building", "proactive_disclosure", "request_handling", "organization_oversight"):
        observed = data["labels"].map(lambda t: key in t).mean()
        assert abs(oof[f"p_{key}"].mean() - observed) < 0.06, key
    p = oof[[f"p_{k}" for k in SPEC_KEYS]].to_numpy()
    assert ((p >= 0) & (p <= 1)).all()


def test_bundled_folds_hold_bodies_out_not_reports():
    from ogi_nlp.themes import body_of, load_labelled

    data = load_labelled("train", dev_pages=False)
    assert body_of("hongze-district-government-2023.pdf") == body_of("hongze-district-government-2024.pdf")
    assert data["body"].nunique() == data["doc"].nunique() - 1
    _Spy.seen = []
    cross_val_predict_themes(_Spy(method="model", threshold=0.5, calibrate=False), data, data["labels"].tolist(),
                             data["body"].tolist(), n_splits=4)
    body_of_sentence = dict(zip(data["sentence"], data["body"]))
    for train in _Spy.seen:
        seen_bodies = {body_of_sentence[s] for s in train}
        assert "hongze-district-government.pdf" not in seen_bodies or all(
            d in set(data.loc[data["body"].isin(seen_bodies), "doc"])
            for d in ("hongze-district-government-2023.pdf", "hongze-district-government-2024.pdf"))


def test_test_split_is_never_training_data():
    from ogi_nlp.themes import load_labelled

    split = pd.read_csv("corpora/annotations/dev_pages_split.csv", dtype=str)
    test_bodies = set(split.loc[split["split"] == "test", "body"])
    assert len(test_bodies) >= 30 and not test_bodies & set(split.loc[split["split"] == "train", "body"])
    train = load_labelled("train")
    assert not set(train["body"]) & test_bodies
    assert (train["split"] == "train").all()
    with pytest.warns(UserWarning, match="frozen test split"):
        test = load_labelled("test")
    assert set(test["body"]) <= test_bodies
    # the dev-table bodies held out before their labelling: on no other side either
    tables = pd.read_csv("corpora/annotations/dev_tables_split.csv", dtype=str)
    heldout_bodies = set(tables.loc[tables["split"] == "heldout", "body"])
    assert len(heldout_bodies) == 12 and not heldout_bodies & set(train["body"])
    assert not set(tables["body"]) & set(split["body"])
    with pytest.warns(UserWarning, match="held-out dev-table bodies"):
        heldout = load_labelled("heldout")
    assert set(heldout["body"]) <= heldout_bodies and (heldout["dataset"] == "dev_tables").all()


def test_theme_shares_leave_headings_out():
    from ogi_nlp.themes import theme_shares

    frame = pd.DataFrame({"report": ["a"] * 4, "is_heading": [True, False, False, False],
                          "themes": [("review_litigation",), ("review_litigation",), (), ("request_handling",)]})
    shares = theme_shares(frame)
    assert shares.loc["a", "review_litigation"] == pytest.approx(1 / 3)
    assert shares.loc["a", "n_sentences"] == 3
    assert theme_shares(frame, include_headings=True).loc["a", "review_litigation"] == 0.5


@pytest.mark.filterwarnings("ignore::ogi_nlp.errors.OGIWarning")
def test_corpus_sentences_get_probabilities_beside_labels():
    from ogi_nlp.corpus import add_theme_columns
    from ogi_nlp.datasets import corpus_path
    from ogi_nlp.report import read_report

    frame = read_report(corpus_path() / "huaian-municipal-government-2024.pdf").sentences()
    out = add_theme_columns(frame)
    clf = ThemeClassifier.load_default()
    for j, key in enumerate(SPEC_KEYS):
        assert out[key].dtype == bool and out[f"p_{key}"].between(0, 1).all()
        assert (out[key] == (out[f"p_{key}"] >= clf.thresholds_[j])).all()
    assert out.index.equals(frame.index)


# -- prediction cost: the fast featurisation gives scikit-learn's values -----------------

def _slow_transform(feats, frame):
    """The featuriser's matrix built with scikit-learn's own transforms and the old per-text cue loop."""
    import scipy.sparse as sp

    from ogi_nlp.themes.codebook import cues_outside, out_spans
    from ogi_nlp.themes.features import channel_signals, normalise

    def cues(texts):
        f = feats.cues_
        rows = []
        for s in texts:
            row = []
            for key in f.keys_:
                outs = [re.compile(p) for p in (f.out_patterns or {}).get(key, [])]
                spans = out_spans(s, outs)
                row.append(np.log1p(len(cues_outside(s, f.cues[key], [re.compile(p) for p in (f.patterns or {}).get(key, [])],
                                                     spans))))
            row += [np.log1p(len(out_spans(s, [re.compile(p) for p in f.out_patterns[k]]))) for k in f.out_keys_]
            rows.append(row)
        return sp.csr_matrix(np.asarray(rows).reshape(len(texts), -1))

    own = frame["sentence"].tolist()
    blocks = [feats.words_.transform(own), feats.chars_.transform(own), cues(own)]
    if feats.channel:
        blocks.append(channel_signals([normalise(t) for t in own]))
    return sp.hstack(blocks, format="csr")


@pytest.fixture(scope="module")
def fitted_features(annotations):
    from ogi_nlp.themes.features import SentenceFeatures, context_frame

    frame = context_frame(annotations.rename(columns={"sentence": "text"}), doc="doc")
    feats = SentenceFeatures(cues=CueFeatures.from_codebook(load_codebook()), sections=False, channel=True).fit(frame)
    return feats


def _own_block(feats, X):  # noqa: N803
    width = len(feats.words_.vocabulary_) + len(feats.chars_.vocabulary_) + len(feats.cues_.get_feature_names_out())
    return X[:, :width + (10 if feats.channel else 0)]


def test_fast_featurisation_equals_scikit_learn_on_report_text(fitted_features):
    """Words, character n-grams and cues of unseen report text: the same numbers as scikit-learn's transforms."""
    from ogi_nlp.themes import load_labelled
    from ogi_nlp.themes.features import context_frame

    dev = load_labelled("train")
    dev = dev[dev["dataset"] == "dev_pages"].head(400)  # text the featuriser was not fitted on
    frame = context_frame(dev.rename(columns={"sentence": "text"}), doc="doc")
    fast = _own_block(fitted_features, fitted_features.transform(frame))
    slow = _slow_transform(fitted_features, frame)
    assert fast.shape == slow.shape
    assert abs(fast - slow).max() < 1e-12


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="网站改版发布信息条公开 ，。0123456789a\u3000《》、\U00020000", max_size=30),
                min_size=1, max_size=6))
def test_fast_featurisation_equals_scikit_learn_on_any_text(fitted_features, texts):
    from ogi_nlp.themes.features import context_frame

    frame = context_frame(texts)
    fast = _own_block(fitted_features, fitted_features.transform(frame))
    slow = _slow_transform(fitted_features, frame)
    assert abs(fast - slow).max() < 1e-12 if fast.nnz or slow.nnz else True


def test_channel_signals_tell_building_from_publishing():
    """The spec's own examples: a revamped website is building, 500 items through it is volume."""
    from ogi_nlp.themes.features import CHANNEL_SIGNALS, channel_signals, normalise

    g = channel_signals([normalise(SPEC_EXAMPLES[0][0]), normalise(SPEC_EXAMPLES[1][0]),
                         normalise("2022年我局门户网站共发布信息978篇，访问量2324175人次。")]).toarray()
    col = {name: j for j, name in enumerate(CHANNEL_SIGNALS)}
    assert g[0, col["sig:channel&build"]] == 1 and g[0, col["sig:volume"]] == 0
    assert g[1, col["sig:channel&volume"]] == 1 and g[1, col["sig:volume_no_reach"]] == 1
    assert g[1, col["sig:via"]] == 1 and g[1, col["sig:channel&build"]] == 0
    assert g[2, col["sig:channel&reach"]] == 1 and g[2, col["sig:volume_no_reach"]] == 0


def test_channel_signals_reach_only_the_channel_themes(annotations):
    """Themes outside channel_themes get zero weight on the signal columns."""
    clf = ThemeClassifier(threshold=0.5, calibrate=False).fit(annotations["sentence"].tolist(),
                                                              annotations["labels"].tolist())
    names = list(clf.features_.get_feature_names_out())
    cols = [names.index(n) for n in names if n.startswith("sig:")]
    assert len(cols) == 10
    for key, est in zip(clf.classes_, clf.estimators_):
        w = est.coef_[0][cols]
        if key in ("platform_building", "proactive_disclosure"):
            assert np.abs(w).sum() > 0
        else:
            assert np.all(w == 0)


def test_stacked_margins_equal_each_model(annotations):
    """All themes' margins in one product equal each logistic regression's decision function."""
    from ogi_nlp.themes.features import context_frame

    clf = ThemeClassifier.load_default()
    frame = context_frame(annotations.head(60).rename(columns={"sentence": "text"}), doc="doc")
    X = clf.features_.transform(frame)  # noqa: N806
    expected = np.column_stack([est.decision_function(X) for est in clf.estimators_])
    np.testing.assert_allclose(clf.decision_function(frame), expected, atol=1e-10)


def test_f1_interval_resamples_bodies_not_sentences():
    """The interval of a pooled F1 comes from resampling whole bodies: one body gives no
    spread at all, however many sentences it has; many bodies give an interval around
    the point figure; the same data give the same interval."""
    from ogi_nlp.themes import f1_interval
    from ogi_nlp.themes.evaluate import _prf

    rng = np.random.default_rng(3)
    truth = rng.random((400, 2)) < 0.3
    pred = truth ^ (rng.random((400, 2)) < 0.15)  # some errors
    low, high = f1_interval(truth, pred, ["one"] * 400)
    _, _, point = _prf(truth, pred)
    assert np.allclose(low[:2], point) and np.allclose(high[:2], point)
    bodies = [f"b{i % 40}" for i in range(400)]
    low, high = f1_interval(truth, pred, bodies)
    assert np.all(low[:2] < point) and np.all(point < high[:2]) and np.all(high - low < 0.3)
    again = f1_interval(truth, pred, bodies)
    assert np.array_equal(low, again[0]) and np.array_equal(high, again[1])


def test_labels_do_not_depend_on_the_width_of_punctuation_or_digits():
    """Web copies print ，。；：（） half-width and digits full-width (97 of the 162 dev
    pages use half-width punctuation): the bundled model gives the same label set to a
    sentence whichever width it is printed in (measured 99.7 % and 100 % on all 2,742
    training sentences; checked here on 800 of them)."""
    from ogi_nlp.themes import ThemeClassifier, load_labelled

    data = load_labelled("train").sample(800, random_state=0).sort_index().assign(section="")
    clf = ThemeClassifier.load_default()
    base = clf.predict(data)
    half = str.maketrans({"，": ",", "。": ".", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?"})
    digits = str.maketrans({str(d): chr(ord("０") + d) for d in range(10)})
    for table in (half, digits):
        printed = data.assign(sentence=data["sentence"].str.translate(table))
        assert (printed["sentence"] != data["sentence"]).sum() > 300
        same = sum(a == b for a, b in zip(base, clf.predict(printed))) / len(data)
        assert same >= 0.98, same


# -- the batch paths of prediction equal the one-text-at-a-time definitions ------------------
@pytest.fixture(scope="module")
def real_sentences() -> list[str]:
    from ogi_nlp.themes import load_labelled

    return load_labelled("train")["sentence"].tolist()


def _cue_reference(cues: CueFeatures, texts: list[str]) -> np.ndarray:
    """Cue counts one text at a time through codebook.cues_outside (the definition)."""
    from ogi_nlp.themes.codebook import cues_outside, out_spans

    keys, out_keys = cues.keys_, cues.out_keys_
    rows = np.zeros((len(texts), len(keys) + len(out_keys)))
    for i, s in enumerate(texts):
        for j, key in enumerate(keys):
            outs = [re.compile(p) for p in (cues.out_patterns or {}).get(key, [])]
            spans = out_spans(s, outs) if key in out_keys else []
            found = cues_outside(s, [c for c in cues.cues[key] if c],
                                 [re.compile(p) for p in (cues.patterns or {}).get(key, [])], spans)
            rows[i, j] = len(found)
            if key in out_keys:
                rows[i, len(keys) + out_keys.index(key)] = len(spans)
    return np.log1p(rows)


def _splices(texts: list[str], seed: int, n: int) -> list[str]:
    """Pieces of real sentences glued together (cue words and patterns across the seams)."""
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        a, b = rng.choice(texts), rng.choice(texts)
        out.append(a[:rng.randrange(len(a) + 1)] + b[rng.randrange(len(b) + 1):])
    return out


def test_cue_matrix_of_a_batch_equals_each_sentence_alone(real_sentences):
    """One automaton pass over the batch, patterns run where their literals occur: the counts of
    cues_outside on each sentence, for the bundled codebook, on real sentences and splices."""
    cues = CueFeatures.from_codebook(load_codebook()).fit([])
    texts = real_sentences[:600] + _splices(real_sentences, 0, 400) + ["", "在门户网站发布，网站改版。", "𠀀网站𠀀改版"]
    got = cues.transform(texts).toarray()
    assert np.array_equal(got, _cue_reference(cues, texts))
    assert got[:, cues.keys_.index("platform_building")].any()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="网站改版在发布受理申请件年将明0\n。，x", max_size=14), max_size=8))
def test_cue_matrix_with_anchors_lookarounds_and_empty_matches(texts):
    """Patterns this path cannot prefilter (anchors, lookarounds, empty matches) still give the
    counts of each sentence alone; so do out-patterns that match across two sentences' seam."""
    cues = CueFeatures({"a": ["网站", "网站", "改版"], "b": ["申请"], "c": ["x"]},
                       {"a": ["a?", "(受理|收到).{0,10}申请", "[网页]站"], "b": ["^受理", "件$"], "c": ["(?=.*改版)网", r"\s*网"]},
                       {"a": ["在.{0,5}发布", "[^x]{0,4}网站"], "c": ["b*", r"\W+"]}).fit([])
    assert np.array_equal(cues.transform(texts).toarray(), _cue_reference(cues, texts))


def test_feature_rows_of_a_batch_equal_each_sentence_alone(real_sentences):
    """Words cut in one call per batch, character n-grams from a hash table, channel signals in
    one pass: each sentence's rows are those it gets alone (the same floats)."""
    from ogi_nlp.themes import predict

    f = predict.bundled_scorer().features_
    texts = real_sentences[:300] + _splices(real_sentences, 1, 200) + ["", "", "12.5万 条", "ABC abc"]
    normed = predict._normalise_all(texts)
    assert normed == [predict.normalise(t) for t in texts]
    for make in (predict._word_tfidf, predict._char_tfidf, lambda _, x: predict.channel_signals(x)):
        vec = f.words_ if make is predict._word_tfidf else f.chars_
        batch = make(vec, normed).toarray()
        alone = np.vstack([make(vec, [t]).toarray() for t in normed])
        assert np.array_equal(batch, alone)
    assert predict._word_tfidf(f.words_, normed).nnz > 0


def test_context_arrays_give_the_frames_features(real_sentences):
    """The scorer's context arrays and the context frame give the same feature matrix."""
    from ogi_nlp.themes import predict

    f = predict.bundled_scorer(sections=True).features_
    n = 120
    table = pd.DataFrame({"report": ["a"] * 50 + ["b"] * (n - 50), "text": real_sentences[:n],
                          "section": ["overview"] * 30 + ["requests"] * (n - 30),
                          "is_heading": [i % 17 == 0 for i in range(n)]})
    frame = predict.feature_matrix(f, predict.context_frame(table), predict.is_fast)
    arrays = predict.feature_matrix(f, predict._context(table), predict.is_fast)
    assert (frame != arrays).nnz == 0 and np.array_equal(frame.indices, arrays.indices)
    assert np.array_equal(frame.data, arrays.data)


def test_model_frame_sections_are_cleaned_alike_for_every_input_kind():
    """Sections given beside the sentences: missing ones (None, NaN, pd.NA) are blank whether the
    sentences come as texts or as their context arrays, and a count that does not match is refused."""
    from ogi_nlp.themes.predict import _context, model_frame

    texts = ["一、总体情况", "本年度主动公开政府信息120条。", "二、依申请公开情况"]
    sections = [pd.NA, "proactive", float("nan")]
    as_texts = model_frame(texts, sections)
    as_arrays = model_frame(_context(texts), sections)
    assert as_texts["section"].tolist() == ["", "proactive", ""]
    assert list(as_arrays.sections) == ["", "proactive", ""]
    with pytest.raises(ValueError, match="3 sentences but 2 sections"):
        model_frame(_context(texts), sections[:2])
