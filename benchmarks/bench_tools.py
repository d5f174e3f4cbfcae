"""Benchmark: the text tools and near-duplicate detection on a synthetic national-size corpus.

Builds ``--docs`` synthetic reports, each of 30 sentences drawn at random (fixed
seed) from the narrative sentences of the bundled reports, and plants
``--copies`` exact copies and as many near copies (one sentence in ten
replaced).  Then times, in one process:

- ``near_duplicates`` (MinHash LSH, threshold 0.8) and the share of planted
  pairs it finds (recall) — the pairs are built to lie above the threshold;
- the same candidate search done by brute force over all pairs of 5-gram sets
  (on the first ``--brute`` documents only, default 500, to show the growth);
- dictionary coding of every sentence (Aho-Corasick, a 40-term dictionary);
- readability without POS tags, and with jieba and rjieba POS tags on the first 200 documents.

Run: ``python benchmarks/bench_tools.py --docs 5000``.  Figures depend on the
machine; the synthetic documents share sentences far more than real reports do,
so the LSH has more candidates to verify than it would on a real corpus.
"""
from __future__ import annotations

import argparse
import itertools
import random
import time

import pandas as pd

from ogi_nlp import read_corpus
from ogi_nlp.change import near_duplicates, shingles
from ogi_nlp.datasets import corpus_path
from ogi_nlp.text import code_reports, readability

TERMS = {
    "渠道": ["门户网站", "政务新媒体", "政务微博", "微信公众号", "新闻发布会", "政府公报", "公开栏", "政务服务中心"],
    "依申请": ["依申请公开", "政府信息公开申请", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理"],
    "复议诉讼": ["行政复议", "行政诉讼", "被纠错", "维持"],
    "问题": ["不足", "问题", "差距", "有待", "薄弱", "不够"],
    "改进": ["下一步", "进一步", "加强", "完善", "提升", "推进", "强化"],
    "监督": ["考核", "社会评议", "责任追究", "培训", "监督检查"],
}


def synthetic(n_docs: int, n_copies: int, seed: int = 0) -> tuple[pd.DataFrame, set[tuple[str, str]]]:
    pool = read_corpus(corpus_path(), themes=False, progress=False).sentences()
    pool = pool[~pool["is_heading"] & pool["text"].str.len().ge(15)]["text"].tolist()
    rng = random.Random(seed)
    docs = {f"doc{i:06d}": rng.sample(pool, 30) for i in range(n_docs)}
    planted = set()
    for j in range(n_copies):
        src = f"doc{rng.randrange(n_docs):06d}"
        docs[f"copy{j:05d}"] = list(docs[src])
        planted.add(tuple(sorted((src, f"copy{j:05d}"))))
        near = list(docs[src])
        near[rng.randrange(30)] = rng.choice(pool)
        docs[f"near{j:05d}"] = near
        planted.add(tuple(sorted((src, f"near{j:05d}"))))
    rows = [(d, i, t, False) for d, ts in docs.items() for i, t in enumerate(ts)]
    return pd.DataFrame(rows, columns=["report", "sentence_id", "text", "is_heading"]), planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000, help="synthetic reports (default 5000)")
    parser.add_argument("--copies", type=int, default=50, help="planted exact copies, and as many near copies")
    parser.add_argument("--brute", type=int, default=500, help="documents for the all-pairs comparison")
    args = parser.parse_args()
    sentences, planted = synthetic(args.docs, args.copies)
    n = sentences["report"].nunique()
    print(f"{n} documents, {len(sentences)} sentences, {sentences['text'].str.len().sum() / 1e6:.1f} M characters")

    t = time.perf_counter()
    pairs = near_duplicates(sentences, threshold=0.8)
    lsh = time.perf_counter() - t
    found = {tuple(sorted(p)) for p in pairs[["report_a", "report_b"]].values.tolist()}
    recall = len(planted & found) / len(planted)
    print(f"near_duplicates (MinHash LSH, 0.8): {lsh:.1f} s; {len(pairs)} pairs; planted found {recall:.3f}")

    sub = sentences[sentences["report"].isin(sorted(sentences["report"].unique())[:args.brute])]
    t = time.perf_counter()
    sets = {r: set().union(*(shingles(x) for x in g)) for r, g in sub.groupby("report")["text"]}
    hits = sum(len(a & b) / len(a | b) >= 0.8 for (_, a), (_, b) in itertools.combinations(sets.items(), 2))
    brute = time.perf_counter() - t
    print(f"all pairs on {len(sets)} documents: {brute:.1f} s ({hits} pairs >= 0.8); grows with n^2")

    t = time.perf_counter()
    code_reports(sentences, TERMS)
    print(f"dictionary coding ({sum(map(len, TERMS.values()))} terms): {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    readability(sentences, pos=False)
    print(f"readability without POS: {time.perf_counter() - t:.1f} s")
    few = sentences[sentences["report"].isin(sorted(sentences["report"].unique())[:200])]
    chars = few["text"].str.len().sum()
    for engine in ("jieba", "rjieba"):
        readability(few.head(5), pos=True, engine=engine)  # load the tagger first
        t = time.perf_counter()
        readability(few, pos=True, engine=engine)
        took = time.perf_counter() - t
        print(f"readability with {engine} POS on 200 documents: {took:.1f} s ({chars / took / 1e6:.3f} M characters/s)")


if __name__ == "__main__":
    main()
