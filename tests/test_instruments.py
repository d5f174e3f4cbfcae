"""A build with the researcher's own classifier, codebook and dictionaries (ogi_nlp.instruments).

Every test reads real report text: seeds of the bundled corpus (two Beijing IP office
reports, 2018 legacy and 2022 t2021, and the Jining 2021 report).
"""
from __future__ import annotations

import hashlib
import json
import pickle
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from ogi_nlp import corpus_path, read_corpus
from ogi_nlp.cli import main
from ogi_nlp.corpus import build_corpus
from ogi_nlp.errors import CodebookError, ReadError
from ogi_nlp.instruments import dictionary_report_counts, prepare_instruments
from ogi_nlp.text import code_reports, code_sentences

SEEDS = ["000_0bd4f94ff1c1a797.txt", "001_dfbf40df936f33b0.txt", "004_8d175a9aad868b26.txt"]
KEEP = ("request_handling", "review_litigation")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def src(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seeds")
    for name in SEEDS:
        shutil.copy(corpus_path() / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def dictionaries(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("dicts")
    yaml_file = folder / "channels.yaml"
    yaml_file.write_text("渠道:\n  - 门户网站\n  - 政务新媒体\n  - 政务微博\n解读:\n  - 政策解读\n  - 新闻发布会\n",
                         encoding="utf-8")
    csv_file = folder / "ways.csv"  # 网站 also occurs inside 门户网站 of the other dictionary
    csv_file.write_text("category,term\n网站,网站\n复议诉讼,行政复议\n复议诉讼,行政诉讼\n", encoding="utf-8-sig")
    return [yaml_file, csv_file]


@pytest.fixture(scope="module")
def two_theme_model(tmp_path_factory) -> tuple[Path, Path]:
    """A hybrid classifier trained on the bundled training sentences with two of the nine themes."""
    from ogi_nlp.themes import Codebook, ThemeClassifier, load_codebook, load_labelled

    folder = tmp_path_factory.mktemp("model")
    full = load_codebook().to_dict()
    small = {**full, "name": "two themes", "themes": [t for t in full["themes"] if t["key"] in KEEP]}
    codebook = folder / "two.json"
    codebook.write_text(json.dumps(small, ensure_ascii=False), encoding="utf-8")
    data = load_labelled("train").assign(section="")
    labels = [tuple(k for k in row if k in KEEP) for row in data["labels"]]
    clf = ThemeClassifier(codebook=Codebook.from_dict(small)).fit(data, labels, groups=data["body"].tolist())
    return clf.save(folder / "two.skops"), codebook


def test_build_with_dictionaries_counts_as_code_reports(src, dictionaries, tmp_path) -> None:
    out = tmp_path / "out"
    build_corpus(src, out, themes=False, dictionaries=[str(p) for p in dictionaries], n_jobs=1,
                 formats=("parquet", "csv"), database=False)
    sentences = pd.read_parquet(out / "sentences.parquet")
    panel = pd.read_parquet(out / "panel.parquet").set_index("report")
    plain = sentences.drop(columns=[c for c in sentences.columns if c.startswith("dict_")])
    assert set(panel.index) == set(SEEDS)
    for path in dictionaries:  # each dictionary is matched on its own, as code_reports does
        expected = code_reports(plain, path)
        pd.testing.assert_frame_equal(panel[expected.columns].sort_index(), expected, check_names=False)
        per_sentence = code_sentences(plain, path)  # non-heading sentences only
        narrative = sentences[~sentences["is_heading"]]
        for column in per_sentence.columns[2:]:
            assert narrative[column].astype("int64").tolist() == per_sentence[column].tolist()
            assert sentences.loc[sentences["is_heading"], column].isna().all()  # headings: not searched
    # Real text: the Beijing 2018 report names its portal and new media; 网站 counts inside 门户网站 too.
    row = panel.loc["000_0bd4f94ff1c1a797.txt"]
    assert row["dict_渠道"] > 0 and row["dict_网站"] >= sentences.loc[
        sentences["report"].eq("000_0bd4f94ff1c1a797.txt") & ~sentences["is_heading"], "text"].str.count("门户网站").sum()
    record = json.loads((out / "build.json").read_text(encoding="utf-8"))["options"]["instruments"]
    assert [d["sha256"] for d in record["dictionaries"]] == [_sha(p) for p in dictionaries]
    assert record["classifier"] == "bundled"
    dd = pd.read_csv(out / "data_dictionary.csv")
    assert dd["meaning"].notna().all(), dd[dd["meaning"].isna()]
    assert {("sentences", "dict_渠道"), ("panel", "dict_复议诉讼"), ("panel", "dict_网站_per_10k")} <= set(
        zip(dd["output"], dd["column"]))


def test_panel_counts_from_sentence_columns_equal_code_reports(src, dictionaries) -> None:
    corpus = read_corpus(src, themes=False, dictionaries=dictionaries[0], isolate=False, progress=False)
    sentences = corpus.sentences()
    expected = code_reports(sentences[["report", "sentence_id", "text", "is_heading"]], dictionaries[0])
    pd.testing.assert_frame_equal(dictionary_report_counts(sentences), expected)


def test_a_classifier_on_two_themes(src, two_theme_model, tmp_path) -> None:
    model, codebook = two_theme_model
    out = tmp_path / "out"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = build_corpus(src, out, classifier=str(model), codebook=str(codebook), n_jobs=1, database=False)
    assert not [w for w in caught if "no description" in str(w.message)]  # data dictionary and Stata labels
    assert (out / "stata_panel.dta").is_file()
    default = read_corpus(src, n_jobs=1, progress=False)
    mine, theirs = corpus.sentences(), default.sentences()
    # Only the two themes exist: their flags and probabilities, no column of the other seven.
    assert [c for c in mine.columns if c.startswith("p_")] == [f"p_{k}" for k in KEEP]
    assert "platform_building" not in mine.columns and "platform_building" in theirs.columns
    labels = set(";".join(mine["themes"]).split(";")) - {""}
    assert labels <= set(KEEP)
    narrative = ~theirs["is_heading"]
    # Sentences the default codes only with the other seven themes become "other".
    only_others = narrative & theirs["themes"].ne("") & ~theirs[list(KEEP)].any(axis=1)
    assert only_others.sum() > 20
    assert mine.loc[only_others, "themes"].eq("").mean() >= 0.9
    # On the two themes both models were trained for, they mostly agree (on these seeds: all sentences).
    for key in KEEP:
        assert (mine.loc[narrative, key] == theirs.loc[narrative, key]).mean() >= 0.95
    panel = pd.read_parquet(out / "panel.parquet").set_index("report")
    assert {"share_request_handling", "share_review_litigation", "share_other"} <= set(panel.columns)
    assert not any(c.startswith("share_platform") for c in panel.columns)
    assert (panel["share_other"] >= default.panel()["share_other"].reindex(panel.index) - 1e-9).all()
    record = json.loads((out / "build.json").read_text(encoding="utf-8"))["options"]["instruments"]
    assert record["classifier"] == {"path": str(model.resolve()), "sha256": _sha(model)}
    assert record["codebook"]["sha256"] == _sha(codebook)
    dd = pd.read_csv(out / "data_dictionary.csv")  # the two themes are described from the researcher's codebook
    assert dd["meaning"].notna().all(), dd[dd["meaning"].isna()]
    label = json.loads(codebook.read_text(encoding="utf-8"))["themes"][1]["label"]
    assert label in dd.set_index(["output", "column"]).loc[("panel", "share_review_litigation"), "meaning"]


def test_a_classifier_object_is_saved_for_the_workers(src, two_theme_model) -> None:
    from ogi_nlp.themes import ThemeClassifier

    model, _ = two_theme_model
    files = [src / SEEDS[2]]
    by_path = read_corpus(files, classifier=model, progress=False)
    by_object = read_corpus(files, classifier=ThemeClassifier.load(model), progress=False)
    pd.testing.assert_frame_equal(by_path.sentences(), by_object.sentences())
    record = by_object.options["instruments"]["classifier"]
    assert "saved for the workers" in record["note"] and not Path(record["path"]).exists()  # removed after


def test_a_codebook_alone_labels_by_its_cues(src, tmp_path) -> None:
    codebook = tmp_path / "review.yaml"
    codebook.write_text("name: review only\nthemes:\n  - key: review\n    label: 复议诉讼\n"
                        "    cues: [行政复议, 行政诉讼]\n", encoding="utf-8")
    corpus = read_corpus(src, codebook=codebook, isolate=False, progress=False)
    sentences = corpus.sentences()
    cued = sentences["text"].str.contains("行政复议|行政诉讼")
    assert cued.sum() > 5
    assert sentences["review"].tolist() == cued.tolist()
    assert corpus.theme_profile().columns.tolist() == ["review", "other", "n_sentences"]
    assert corpus.options["instruments"]["classifier"] == "rules"


def test_a_changed_dictionary_recomputes_an_unchanged_one_reuses(src, tmp_path) -> None:
    cache = tmp_path / "cache"
    dictionary = tmp_path / "d.yaml"
    dictionary.write_text("渠道: [门户网站]\n", encoding="utf-8")

    def run(path: Path):
        corpus = read_corpus(src, themes=False, dictionaries=[path], cache_dir=cache, progress=False)
        return corpus.reports().set_index("file")["cached"], corpus.panel()

    cached, first = run(dictionary)
    assert not cached.any()
    cached, again = run(dictionary)
    assert cached.all()
    pd.testing.assert_frame_equal(first, again)
    moved = tmp_path / "elsewhere.yaml"  # the same bytes at another path: the key is the content
    shutil.copy(dictionary, moved)
    assert run(moved)[0].all()
    dictionary.write_text("渠道: [门户网站, 政务新媒体]\n", encoding="utf-8")
    cached, changed = run(dictionary)
    assert not cached.any()
    assert (changed["dict_渠道"] >= first["dict_渠道"]).all() and (changed["dict_渠道"] > first["dict_渠道"]).any()
    sentences = read_corpus(src, themes=False, isolate=False, progress=False).sentences()
    pd.testing.assert_series_equal(changed["dict_渠道"], code_reports(sentences, dictionary)["dict_渠道"],
                                   check_dtype=False)
    assert run(dictionary)[0].all()


def test_a_malformed_classifier_fails_before_any_report(src, tmp_path, monkeypatch, capsys) -> None:
    import ogi_nlp.corpus as corpus_module

    bad = tmp_path / "model.skops"
    bad.write_bytes(b"PK\x03\x04 not really a zip")

    def never(*args, **kwargs):
        raise AssertionError("reports were listed before the classifier was checked")

    monkeypatch.setattr(corpus_module, "list_inputs", never)
    out = tmp_path / "out"
    with pytest.raises(ReadError, match=r"model\.skops: not a skops file"):
        build_corpus(src, out, classifier=bad)
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["model.skops"]  # no staging left
    assert main(["build", str(src), "--out", str(out), "--classifier", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "model.skops" in err[0]


def test_other_bad_files_are_named(src, tmp_path, two_theme_model) -> None:
    import skops.io as sio

    other = tmp_path / "dict.skops"
    sio.dump({"format": "something else"}, other)
    with pytest.raises(ReadError, match="not a saved ThemeClassifier"):
        prepare_instruments(classifier=other)
    with pytest.raises(ReadError, match="no such classifier file"):
        prepare_instruments(classifier=tmp_path / "missing.skops")
    broken = tmp_path / "broken.yaml"
    broken.write_text("渠道: {门户网站: [1, [2]]}\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="broken.yaml"):
        prepare_instruments(dictionaries=[broken])
    one, two = tmp_path / "a.csv", tmp_path / "b.csv"
    one.write_text("category,term\n渠道,网站\n", encoding="utf-8")
    two.write_text("category,term\n渠道,微博\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="'渠道' is also in"):
        prepare_instruments(dictionaries=[one, two])
    model, _ = two_theme_model
    with pytest.raises(CodebookError, match="not those the classifier"):
        prepare_instruments(classifier=model, codebook=_default_codebook_file(tmp_path))
    with pytest.raises(ValueError, match="themes=False"):
        read_corpus(src, themes=False, classifier=model)


def _default_codebook_file(tmp_path: Path) -> Path:
    from ogi_nlp.themes import load_codebook

    path = tmp_path / "default.json"
    path.write_text(json.dumps(load_codebook().to_dict(), ensure_ascii=False), encoding="utf-8")
    return path


def test_workers_get_paths_not_models(two_theme_model, dictionaries) -> None:
    model, codebook = two_theme_model
    spec = prepare_instruments(classifier=model, codebook=codebook, dictionaries=dictionaries)
    assert len(pickle.dumps(spec)) < 2_000  # what each task carries: paths and hashes
    assert spec.key() == {"classifier": _sha(model), "codebook": _sha(codebook),
                          "dictionaries": [_sha(p) for p in dictionaries]}


def test_cli_build_with_own_instruments(src, dictionaries, tmp_path, capsys) -> None:
    codebook = tmp_path / "review.yaml"
    codebook.write_text("themes:\n  - {key: review, label: 复议诉讼, cues: [行政复议, 行政诉讼]}\n", encoding="utf-8")
    out = tmp_path / "out"
    argv = ["build", str(src), "--out", str(out), "--jobs", "1", "--formats", "parquet", "--no-database",
            "--codebook", str(codebook)]
    for path in dictionaries:
        argv += ["--dictionary", str(path)]
    assert main(argv) == 0
    panel = pd.read_parquet(out / "panel.parquet")
    assert {"share_review", "dict_渠道", "dict_网站", "dict_复议诉讼"} <= set(panel.columns)
    record = json.loads((out / "build.json").read_text(encoding="utf-8"))["options"]["instruments"]
    assert record["codebook"]["path"] == str(codebook.resolve()) and len(record["dictionaries"]) == 2


def test_dask_workers_load_the_classifier_once_each(src, two_theme_model, dictionaries, tmp_path) -> None:
    distributed = pytest.importorskip("distributed")
    model, codebook = two_theme_model
    local = read_corpus(src, classifier=model, dictionaries=dictionaries, n_jobs=1, progress=False)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    try:
        with distributed.Client(cluster) as client:
            remote = read_corpus(src, classifier=model, dictionaries=dictionaries, client=client, progress=False)

            def loaded():
                from ogi_nlp.instruments import _LOADED

                return sorted(kind for kind, _, _ in _LOADED)

            per_worker = client.run(loaded)
    finally:
        cluster.close()
    pd.testing.assert_frame_equal(local.sentences(), remote.sentences())
    for kinds in per_worker.values():  # a worker that ran a task loaded each file once
        assert kinds in ([], ["classifier", "dictionary", "dictionary"])
    assert any(per_worker.values())
