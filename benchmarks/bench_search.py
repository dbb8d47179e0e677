"""Search at a million articles: the first 50 results of every kind of query, timed.

    python benchmarks/make_big_library.py --articles 1000000 --out /tmp/nr1m/library.sqlite
    python benchmarks/bench_search.py --library /tmp/nr1m/library.sqlite [--runs 5]

Builds (or brings up to date) the search index beside the library through the product's
own path (``Library.update_search_index``) and prints how long that took and its size,
then, per class of query, p50/p95/max of ``Library.search(q, limit=50)``:

* with the search index (what the app does),
* with SQLite alone (``Library(path, search_index=False)``: the FTS5 path the app falls
  back to while the index is behind),
* and the bare FTS5 query the issue measured (``MATCH ? ORDER BY rank LIMIT 50``; for
  word classes only, as it has no operators),

all in the same run, next to the target (p95 <= 50 ms in every class). The queries come
from the library itself: words by how many articles they are in (rare 500-2,000, common
10,000-50,000, very common > 100,000), phrases of two title words, prefixes of common
words, common words with operators (is:, tag:, source:, after:, NOT, AND, OR), and
operators alone (newest first: there are no words to rank by).

Each query runs once untimed first (as a user's previous keystroke warms the cache),
then ``--runs`` times, timed. Run by hand; nothing here is a test.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_library import percentile, timed  # the same timing as the library benchmark

from newsreader.core.library import Library

TARGET_P95_MS = 50.0
PER_CLASS = 12


@dataclass
class QueryClass:
    name: str
    queries: list[str]
    #: the word searched by bare FTS5 for the same query (None: no bare equivalent)
    bare: list[str | None]


def vocabulary(path: Path) -> list[tuple[str, int]]:
    """(word, number of articles) of every indexed word, read from FTS5's vocabulary."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, articles_fts, row)")
    words = [(w, n) for w, n in conn.execute("SELECT term, doc FROM temp.vocab")
             if w.isalpha() and len(w) > 2]
    conn.close()
    return words


def title_phrases(path: Path, rng: random.Random, n: int) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    top = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    phrases: list[str] = []
    while len(phrases) < n:
        row = conn.execute("SELECT title FROM articles WHERE id = ?",
                           (rng.randint(1, top),)).fetchone()
        words = (row[0] if row else "").split()
        if len(words) >= 3:
            at = rng.randrange(len(words) - 1)
            phrases.append(f'"{words[at]} {words[at + 1]}"')
    conn.close()
    return phrases


def an_entity(path: Path) -> str | None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    row = conn.execute("SELECT text FROM entities WHERE label = 'PERSON' LIMIT 1").fetchone()
    conn.close()
    return row[0] if row else None


def sources_and_tags(path: Path) -> tuple[list[str], list[str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sources = [r[0] for r in conn.execute(
        "SELECT source FROM articles WHERE source IS NOT NULL GROUP BY source "
        "ORDER BY count(*) DESC LIMIT 20")]
    tags = [r[0] for r in conn.execute("SELECT name FROM tags ORDER BY name")]
    conn.close()
    return sources, tags


def query_classes(path: Path, seed: int) -> list[QueryClass]:
    rng = random.Random(seed)
    words = vocabulary(path)

    def band(low: int, high: int) -> list[str]:
        found = [w for w, n in words if low <= n < high]
        return rng.sample(found, min(PER_CLASS, len(found)))

    rare, common, very = band(500, 2_000), band(10_000, 50_000), band(100_000, 10**9)
    phrases = title_phrases(path, rng, PER_CLASS)
    prefixes = [w[:4] + "*" for w in band(10_000, 200_000)]
    sources, tags = sources_and_tags(path)
    pick = rng.choice
    combined = [
        f"{pick(common)} is:unread",
        f"{pick(very)} is:starred",
        f"{pick(common)} after:2023-01-01",
        f"{pick(very)} before:2021-01-01",
        f"{pick(common)} source:{pick(sources).split()[0]}" if sources else pick(common),
        f"{pick(very)} tag:{pick(tags)}" if tags else pick(very),
        f"{pick(common)} tag:{pick(tags)}" if tags else pick(common),
        f"{pick(very)} -{pick(common)}",
        f"{pick(common)} {pick(very)}",
        f"{pick(very)} {pick(very)} is:unread",
        f"{pick(common)} OR {pick(common)}",
        f"{pick(rare)} OR {pick(very)}",
    ]
    operators = [
        "is:unread", "is:starred", f"tag:{pick(tags)}" if tags else "is:read",
        f"source:{pick(sources).split()[-1]}" if sources else "is:read",
        "after:2024-06-01", "before:2020-06-01", f"-{pick(very)}", f"-{pick(common)}",
        f"tag:{tags[0]} OR tag:{tags[-1]}" if tags else "is:tagged",
        f"is:unread tag:{pick(tags)}" if tags else "is:untagged",
        f'entity:"{an_entity(path)}"' if an_entity(path) else "is:read", "is:untagged",
    ]
    return [
        QueryClass("rare", rare, list(rare)),
        QueryClass("common", common, list(common)),
        QueryClass("very common", very, list(very)),
        QueryClass("phrase", phrases, list(phrases)),
        QueryClass("prefix", prefixes, list(prefixes)),
        QueryClass("combined", combined, [None] * len(combined)),
        QueryClass("operators", operators, [None] * len(operators)),
    ]


def bare_fts(conn: sqlite3.Connection, word: str) -> None:
    match = word if word.startswith('"') else (
        f'"{word[:-1]}"*' if word.endswith("*") else f'"{word}"')
    conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
                 "ORDER BY rank LIMIT 50", (match,)).fetchall()


def measure(action: Callable[[], Any], runs: int) -> list[float]:
    action()
    return [timed(action)[0] for _ in range(runs)]


def row(label: str, samples: list[float]) -> str:
    if not samples:
        return f"{label:<14} {'-':>8} {'-':>8} {'-':>8}"
    p95 = percentile(samples, 0.95)
    return (f"{label:<14} {statistics.median(samples):>8.1f} {p95:>8.1f} "
            f"{max(samples):>8.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", type=Path, default=Path("/tmp/nr1m/library.sqlite"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", metavar="CLASS", action="append",
                        help="run only this class of queries (repeatable)")
    parser.add_argument("--each", action="store_true",
                        help="also print every query's median with the index")
    args = parser.parse_args(argv)
    if not args.library.exists():
        sys.exit(f"no library at {args.library}: build one with make_big_library.py")

    library = Library(args.library)
    articles = library.count()
    seconds, report = timed(lambda: library.update_search_index())
    status = library.search_index_status()
    assert status is not None
    print(f"library  {args.library} ({articles:,} articles, "
          f"{args.library.stat().st_size / 1e6:,.0f} MB)")
    print(f"index    {'built' if report.rebuilt else 'updated'} {report.indexed:,} articles "
          f"in {seconds / 1000:.1f} s; {status.size / 1e6:,.0f} MB at {status.folder}; "
          f"behind by {status.behind} changes")
    sqlite_only = Library(args.library, search_index=False)
    bare = sqlite3.connect(f"file:{args.library}?mode=ro", uri=True)

    classes = query_classes(args.library, args.seed)
    print(f"\nfirst 50 results, ms over {args.runs} runs of {PER_CLASS} queries per class "
          f"(target p95 <= {TARGET_P95_MS:.0f} ms with the index)")
    print(f"  {'class':<12} {'matches':>17}  {'engine':<14} {'p50':>8} {'p95':>8} {'max':>8}")
    worst_p95 = 0.0
    for group in classes:
        if args.only and group.name not in args.only:
            continue
        counts = [library.count(q) for q in group.queries]
        with_index: list[float] = []
        slowest = (0.0, "")
        for query in group.queries:
            samples = measure(lambda q=query: library.search(q, limit=50), args.runs)
            with_index.extend(samples)
            if args.each:
                print(f"      {statistics.median(samples):8.1f} ms  {query}")
            slowest = max(slowest, (max(samples), query))
        fts_path: list[float] = []
        for query in group.queries:
            fts_path.extend(measure(lambda q=query: sqlite_only.search(q, limit=50),
                                    max(1, args.runs // 2)))
        bare_samples: list[float] = []
        for word in group.bare:
            if word is not None:
                bare_samples.extend(measure(lambda w=word: bare_fts(bare, w),
                                            max(1, args.runs // 2)))
        p95 = percentile(with_index, 0.95)
        worst_p95 = max(worst_p95, p95)
        matches = f"{min(counts):,}-{max(counts):,}"
        print(f"  {group.name:<12} {matches:>17}  {row('index', with_index)}  "
              f"{'ok' if p95 <= TARGET_P95_MS else 'MISSED'}  slowest: {slowest[1]}")
        print(f"  {'':<12} {'':>17}  {row('sqlite only', fts_path)}")
        print(f"  {'':<12} {'':>17}  {row('bare fts5', bare_samples)}")
    print(f"\nworst p95 with the index: {worst_p95:.1f} ms "
          f"(target <= {TARGET_P95_MS:.0f}): {'ok' if worst_p95 <= TARGET_P95_MS else 'MISSED'}")
    library.close()
    sqlite_only.close()


if __name__ == "__main__":
    main()
