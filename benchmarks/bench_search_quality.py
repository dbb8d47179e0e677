"""Is the search index's ranking as good as SQLite's bm25? Measured on real news.

    python benchmarks/bench_search_quality.py [--data ../shared/data/reuters-modapte-train.jsonl.gz]

The Reuters-21578 training split (7,770 stories, each with its topics) is imported as
JSON Lines through the product's own path into a new library, and the search index is
built (``Library.update_search_index``). Each topic whose name is a word ("coffee",
"gold", "ship", ...) with at least 10 stories is a query; a result is relevant when the
story carries that topic. For both engines - the index (what the app uses) and SQLite
alone (FTS5's bm25 with the same field weights, the app's fallback) - it prints mean
precision at 10 and at 50, nDCG@10, and how many of the top 50 the two share.
Both rank by BM25 with the title weighted most; they differ in stemming (Snowball
against Porter) and in that the index scores each field with its own length. A stated
measure for "ranking stays at least as good": the index's P@10 and nDCG@10 are not lower.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import statistics
import tempfile
from collections import Counter
from pathlib import Path

from newsreader.core.library import Library

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters-modapte-train.jsonl.gz"
MIN_STORIES = 10


def load(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_jsonl(path: Path, stories: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for s in stories:
            out.write(json.dumps({"title": s["title"] or f"Reuters {s['id']}",
                                  "body": s["body"], "guid": f"reuters-{s['id']}",
                                  "source": "Reuters"}) + "\n")
    return path


def ndcg(relevant: list[bool], k: int, total_relevant: int) -> float:
    gain = sum(1 / math.log2(i + 2) for i, hit in enumerate(relevant[:k]) if hit)
    best = sum(1 / math.log2(i + 2) for i in range(min(k, total_relevant)))
    return gain / best if best else 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    stories = load(args.data)
    counts = Counter(t for s in stories for t in s["topics"])
    topics = sorted(t for t, n in counts.items() if n >= MIN_STORIES and t.isalpha())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reuters.sqlite"
        with Library(path) as library:
            library.import_paths([write_jsonl(Path(tmp) / "reuters.jsonl", stories)])
            library.update_search_index()
            by_guid = {row.id: library.article(row.id).guid for chunk in library.iter_ids()
                       for row in library.rows(chunk).values()}
        topics_of = {f"reuters-{s['id']}": set(s["topics"]) for s in stories}
        index = Library(path)
        sqlite_only = Library(path, search_index=False)
        results: dict[str, dict[str, list[float]]] = {"index": {}, "sqlite": {}}
        overlaps = []
        for topic in topics:
            tops = {}
            for name, library in (("index", index), ("sqlite", sqlite_only)):
                ids = [row.id for row in library.search(topic, limit=50)]
                tops[name] = ids
                relevant = [topic in topics_of.get(by_guid[i] or "", set()) for i in ids]
                scores = results[name]
                scores.setdefault("p10", []).append(sum(relevant[:10]) / 10)
                scores.setdefault("p50", []).append(sum(relevant[:50]) / 50)
                scores.setdefault("ndcg10", []).append(ndcg(relevant, 10, counts[topic]))
            overlaps.append(len(set(tops["index"]) & set(tops["sqlite"])) / 50)
        index.close()
        sqlite_only.close()
    print(f"data     {args.data.name}: {len(stories):,} stories; {len(topics)} topic words "
          f"with >= {MIN_STORIES} stories as queries")
    print(f"  {'engine':<12} {'P@10':>6} {'P@50':>6} {'nDCG@10':>8}")
    for name, label in (("index", "index"), ("sqlite", "sqlite bm25")):
        s = results[name]
        print(f"  {label:<12} {statistics.mean(s['p10']):>6.3f} {statistics.mean(s['p50']):>6.3f} "
              f"{statistics.mean(s['ndcg10']):>8.3f}")
    better = statistics.mean(results["index"]["ndcg10"]) >= statistics.mean(
        results["sqlite"]["ndcg10"]) and statistics.mean(results["index"]["p10"]) >= \
        statistics.mean(results["sqlite"]["p10"])
    print(f"  top-50 shared by both: {statistics.mean(overlaps):.0%} on average")
    print(f"  index at least as good (P@10 and nDCG@10): {'ok' if better else 'MISSED'}")


if __name__ == "__main__":
    main()
