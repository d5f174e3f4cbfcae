"""Benchmark: the text pipeline against plain jieba, in the same run.

Builds a corpus of at least 2,000 documents by replicating the bundled text
reports (each copy gets its own first line so no two files are identical),
then times, in one process:

- ``jieba``: a private ``jieba.Tokenizer()`` cutting the decoded text of each
  document (the floor any segmentation pipeline pays);
- ``pipeline``: ogi_nlp reading the file (decode, blocks, tables recognised),
  finding sections, splitting sentences and segmenting every sentence with
  the domain dictionary.

It prints both times and their ratio (target: pipeline ≤ 1.5 × jieba), and, on
the bundled PDFs, PDF pages read per second.  Run: ``make bench`` or
``python benchmarks/bench_pipeline.py --docs 2000``.
"""
from __future__ import annotations

import argparse
import logging
import tempfile
import time
import warnings
from pathlib import Path

from ogi_nlp.datasets import corpus_path
from ogi_nlp.read import read_document
from ogi_nlp.sections import block_sections
from ogi_nlp.sentences import sentence_spans
from ogi_nlp.tokens import Segmenter


def make_corpus(folder: Path, n_docs: int) -> list[Path]:
    sources = sorted(corpus_path().glob("*.txt"))
    paths = []
    for i in range(n_docs):
        src = sources[i % len(sources)]
        dst = folder / f"{i:05d}_{src.name}"
        dst.write_bytes(f"副本{i}\n".encode("utf-8") + src.read_bytes())
        paths.append(dst)
    return paths


def run_jieba(paths: list[Path]) -> tuple[float, int]:
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    texts = [p.read_bytes().decode("utf-8") for p in paths]
    started = time.perf_counter()
    n = 0
    for text in texts:
        n += len(tokenizer.lcut(text))
    return time.perf_counter() - started, n


def run_pipeline(paths: list[Path], segmenter: Segmenter) -> tuple[float, int, int]:
    started = time.perf_counter()
    n_tokens = n_sentences = 0
    for path in paths:
        doc = read_document(path)
        block_sections(doc)
        for block in doc.blocks:
            if block.kind in ("heading", "paragraph"):
                for span in sentence_spans(block.text):
                    n_sentences += 1
                    n_tokens += len(segmenter.tokenize(span.text))
    return time.perf_counter() - started, n_sentences, n_tokens


def pdf_pages_per_second(repeat: int = 3) -> tuple[float, int]:
    pdfs = sorted(corpus_path().glob("*.pdf"))
    pages = 0
    started = time.perf_counter()
    for _ in range(repeat):
        for pdf in pdfs:
            pages += read_document(pdf).meta["pages"]
    return pages / (time.perf_counter() - started), pages


def main() -> None:
    warnings.simplefilter("ignore")  # per-file reader warnings would flood the timing output
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    segmenter = Segmenter()
    segmenter.tokenize("预热")  # load dictionaries before timing: both sides start warm
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_corpus(Path(tmp), args.docs)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        jieba_s, jieba_tokens = run_jieba(paths)
        pipe_s, n_sentences, pipe_tokens = run_pipeline(paths, segmenter)
    print(f"documents          {len(paths)} ({megabytes:.1f} MB of text)")
    print(f"plain jieba        {jieba_s:7.2f} s  {megabytes / jieba_s:5.2f} MB/s  {jieba_tokens} tokens")
    print(f"ogi_nlp pipeline   {pipe_s:7.2f} s  {megabytes / pipe_s:5.2f} MB/s  "
          f"{n_sentences} sentences, {pipe_tokens} tokens")
    print(f"ratio              {pipe_s / jieba_s:7.2f} x  (target <= 1.5)")
    rate, pages = pdf_pages_per_second()
    print(f"PDF reading        {rate:7.2f} pages/s over {pages} pages")


if __name__ == "__main__":
    main()
