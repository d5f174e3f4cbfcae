"""The bundled corpus is intact and described."""
from ogi_nlp.datasets import corpus_path, load_manifest, verify_corpus


def test_every_bundled_file_matches_its_checksum() -> None:
    check = verify_corpus()
    assert len(check) == 9 and check["ok"].all(), check[~check["ok"]]


def test_manifest_lists_every_report_in_the_folder() -> None:
    files = {p.name for p in corpus_path().iterdir() if p.suffix in {".txt", ".pdf", ".docx"}}
    assert files == set(load_manifest().index)


def test_missing_metadata_is_missing() -> None:
    manifest = load_manifest()
    assert manifest.loc["blank-template-2021.docx", "agency"] != manifest.loc["blank-template-2021.docx", "agency"]
