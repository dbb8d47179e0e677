"""Benchmark the Library on a large synthetic collection, by hand:

    python benchmarks/bench_library.py [--articles 100000] [--seed 1] [--workdir /tmp/nrbench]

It prints, in one run, what a user of a big library feels:

* import rate of ``Library.import_paths`` next to a bare floor (sqlite-utils
  ``insert_all`` + ``enable_fts`` on the same rows), so the figure says how much
  our per-article work costs rather than how fast this machine is;
* full-text search latency through ``Library.search`` for rare words, common
  words and two-word phrases, with their match counts;
* list page time for a keyset walk of the whole list by date, and for pages
  deep in the list;
* the machine and the library file size.

Targets: import >= 0.5 x floor; search p95 <= 50 ms for queries matching
<= 5,000 articles; any list page <= 5 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # a sibling module, not an installed package

from newsreader.core.library import Library
from newsreader.core.models import PageKey

#: Articles per JSONL file: the importer refuses files over 50 MiB (~12,000 articles).
PER_FILE = 5_000
FTS_COLUMNS = ["title", "body_text", "source", "author"]
TOKENIZE = "porter unicode61 remove_diacritics 2"
FLOOR_BATCH = 500
QUERIES_PER_CLASS = 20
SEARCH_RUNS = 5
PAGE_SIZE = 200
DEEP_RUNS = 10

IMPORT_TARGET = 0.5
SEARCH_P95_TARGET_MS = 50.0
PAGE_TARGET_MS = 5.0


# -- small helpers -----------------------------------------------------------------
def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: with few samples, a real observed value beats an interpolation."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Run ``action`` and return (milliseconds, its result)."""
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000.0, result


def remove_database(path: Path) -> None:
    """Delete a database with its WAL and shared-memory files so each run starts fresh."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def mib(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MiB"


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


# -- data ----------------------------------------------------------------------------
def synth_fingerprint() -> str:
    """A hash of the generator's source: cached data is reused only if it is unchanged."""
    return hashlib.sha256(Path(synth.__file__).read_bytes()).hexdigest()[:16]


def prepare_data(workdir: Path, articles: int, seed: int) -> tuple[list[Path], float | None]:
    """The JSONL shards for (articles, seed), generated unless a matching set is cached.

    Returns the files and the generation time in seconds (None when reused), so that
    repeated runs at 100,000 articles do not spend their time writing 400 MB again.
    """
    folder = workdir / f"data-{articles}-{seed}"
    manifest = folder / "manifest.json"
    wanted = {
        "articles": articles,
        "seed": seed,
        "per_file": PER_FILE,
        "synth": synth_fingerprint(),
    }
    if manifest.exists():
        stored = json.loads(manifest.read_text())
        files = [folder / name for name in stored.get("files", [])]
        if stored.get("key") == wanted and all(f.exists() for f in files):
            return files, None
    started = time.perf_counter()
    files = synth.write_jsonl_shards(folder, articles, seed, PER_FILE)
    elapsed = time.perf_counter() - started
    manifest.write_text(json.dumps({"key": wanted, "files": [f.name for f in files]}))
    return files, elapsed


# -- import ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportResult:
    seconds: float
    rows: int
    size: int

    @property
    def rate(self) -> float:
        return self.rows / self.seconds


def import_ours(files: list[Path], path: Path) -> ImportResult:
    """Library.import_paths into a new library: reading, parsing, dedupe, indexes, FTS triggers."""
    remove_database(path)
    started = time.perf_counter()
    library = Library(path)
    report = library.import_paths(files)
    library.close()
    seconds = time.perf_counter() - started
    if report.failed:
        raise SystemExit(f"import failed: {report.failed[:3]}")
    return ImportResult(seconds, report.added, path.stat().st_size)


def floor_rows(files: list[Path]) -> Iterator[dict[str, Any]]:
    """The same JSONL rows parsed with json.loads, as the floor inserts them (tags dropped)."""
    for file in files:
        with file.open(encoding="utf-8") as handle:
            for line in handle:
                item = json.loads(line)
                item.pop("tags", None)
                yield item


def import_floor(files: list[Path], path: Path) -> ImportResult:
    """The bare floor: sqlite-utils insert_all, then enable_fts over the same four columns.

    It gets the same connection settings as the Library (WAL, synchronous=NORMAL,
    32 MB page cache), so the ratio measures our code, not a journal mode.
    """
    remove_database(path)
    started = time.perf_counter()
    db = sqlite_utils.Database(path)
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -32000")
    table = db["articles"]
    table.insert_all(floor_rows(files), batch_size=FLOOR_BATCH)
    table.enable_fts(FTS_COLUMNS, tokenize=TOKENIZE)
    rows = table.count
    db.close()
    seconds = time.perf_counter() - started
    return ImportResult(seconds, rows, path.stat().st_size)


def journal_mode(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])


# -- search ------------------------------------------------------------------------------
@dataclass
class QueryClass:
    name: str
    queries: list[str]
    limit_matches: int


def query_classes(seed: int) -> list[QueryClass]:
    """~20 queries per class drawn from the planted terms; phrases are quoted for FTS."""
    rng = random.Random(seed)
    return [
        QueryClass("rare", rng.sample(synth.RARE_WORDS, QUERIES_PER_CLASS), 500),
        QueryClass("common", rng.sample(synth.COMMON_WORDS, QUERIES_PER_CLASS), 5_000),
        QueryClass(
            "phrase", [f'"{p}"' for p in rng.sample(synth.PHRASES, QUERIES_PER_CLASS)], 5_000
        ),
    ]


def bench_search(library: Library, classes: list[QueryClass]) -> None:
    """Per class: median and p95 over all timed runs, and the range of match counts.

    Each query runs once untimed first (parsing the SQL, warming the page cache the
    way a user's second keystroke would) and then SEARCH_RUNS times, timed.
    """
    print(f"\nsearch  Library.search(q, limit=50); {QUERIES_PER_CLASS} queries/class, "
          f"1 warm-up + {SEARCH_RUNS} timed runs each")
    print(f"  {'class':<7} {'matches (min-max)':>18} {'median ms':>10} {'p95 ms':>8} "
          f"{'max ms':>8} {'slowest query':>24}  target p95<={SEARCH_P95_TARGET_MS:.0f} ms")
    for group in classes:
        samples: list[float] = []
        counts: list[int] = []
        worst = (0.0, "")
        for query in group.queries:
            counts.append(library.count(query))
            library.search(query, limit=50)
            for _ in range(SEARCH_RUNS):
                ms, _ = timed(lambda query=query: library.search(query, limit=50))
                samples.append(ms)
                worst = max(worst, (ms, query))
        p95 = percentile(samples, 0.95)
        capped = max(counts) <= group.limit_matches
        note = verdict(p95 <= SEARCH_P95_TARGET_MS)
        if not capped:
            note += f" (a query matches > {group.limit_matches:,})"
        print(
            f"  {group.name:<7} {min(counts):>8,}-{max(counts):<9,} "
            f"{statistics.median(samples):>10.1f} "
            f"{p95:>8.1f} {max(samples):>8.1f} {worst[1]:>24}  {note}"
        )


# -- list pages ----------------------------------------------------------------------------
def walk_pages(library: Library) -> tuple[list[float], list[PageKey | None], int]:
    """Page through the whole list by date (newest first) with keyset keys, as the UI scrolls.

    Returns each page's time, the key that starts each page (None for the first)
    and the number of rows seen.
    """
    times: list[float] = []
    starts: list[PageKey | None] = []
    key: PageKey | None = None
    seen = 0
    while True:
        starts.append(key)
        ms, (rows, next_key) = timed(lambda key=key: library.page(after=key, limit=PAGE_SIZE))
        times.append(ms)
        seen += len(rows)
        if len(rows) < PAGE_SIZE or next_key is None:
            return times, starts, seen
        key = next_key


def deep_page(library: Library, key: PageKey | None) -> list[float]:
    """Time one page starting at a remembered key, DEEP_RUNS times."""
    return [timed(lambda: library.page(after=key, limit=PAGE_SIZE))[0] for _ in range(DEEP_RUNS)]


def bench_pages(library: Library) -> None:
    """Walk the list twice: the first walk reads rows never touched since the library
    was opened (what a user scrolling a freshly opened library feels), the second
    shows the same pages from SQLite's and the OS's caches."""
    print(
        f"\nlist    Library.page(sort='date', after=key, limit={PAGE_SIZE}), keyset walk of the "
        "whole list"
    )
    for label in ("1st walk", "2nd walk"):
        times, starts, seen = walk_pages(library)
        worst = max(times)
        print(
            f"  {label} ({seen:,} rows, {len(times)} pages): median {statistics.median(times):.2f} "
            "ms, "
            f"p95 {percentile(times, 0.95):.2f} ms, max {worst:.2f} ms (page "
            f"{times.index(worst) + 1}), "
            f"pages > {PAGE_TARGET_MS:.0f} ms: {sum(t > PAGE_TARGET_MS for t in times)}   "
            f"target <= {PAGE_TARGET_MS:.0f} ms: {verdict(worst <= PAGE_TARGET_MS)}"
        )
    for fraction in (0.25, 0.50, 0.99):
        index = min(len(starts) - 1, int(fraction * seen) // PAGE_SIZE)
        runs = deep_page(library, starts[index])
        print(f"  deep page at {fraction:>4.0%} (row {index * PAGE_SIZE:,}): median "
              f"{statistics.median(runs):.2f} ms, max {max(runs):.2f} ms over {DEEP_RUNS} runs   "
              f"{verdict(max(runs) <= PAGE_TARGET_MS)}")


# -- report -------------------------------------------------------------------------------
def print_machine() -> None:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine  nproc {cpus}, {platform.machine()}, {platform.system()} {platform.release()}")
    print(f"         python {platform.python_version()}, sqlite {sqlite3.sqlite_version}, "
          f"sqlite-utils {version('sqlite-utils')}")


def print_import(ours: ImportResult, floor: ImportResult, mode_ours: str, mode_floor: str) -> None:
    ratio = ours.rate / floor.rate
    print(
        f"\nimport  {ours.rows:,} articles (JSON parse counted in both; journal_mode {mode_ours} / "
        f"{mode_floor}, synchronous=NORMAL in both)"
    )
    print(
        f"  ours   Library.import_paths              {ours.seconds:8.1f} s  {ours.rate:8,.0f} "
        "articles/s"
    )
    print(
        f"  floor  sqlite-utils insert_all+enable_fts {floor.seconds:8.1f} s  {floor.rate:8,.0f} "
        "articles/s"
    )
    print(
        f"  ratio ours/floor {ratio:.2f}   target >= {IMPORT_TARGET}: "
        f"{verdict(ratio >= IMPORT_TARGET)}"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/nrbench"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print_machine()
    files, generated = prepare_data(args.workdir, args.articles, args.seed)
    data_size = sum(f.stat().st_size for f in files)
    how = f"generated in {generated:.1f} s" if generated is not None else "reused from cache"
    print(f"data     {args.articles:,} articles, seed {args.seed}, {len(files)} JSONL files of "
          f"<= {PER_FILE:,}, {mib(data_size)} ({how})", flush=True)

    ours_path, floor_path = args.workdir / "library.sqlite", args.workdir / "floor.sqlite"
    ours = import_ours(files, ours_path)
    floor = import_floor(files, floor_path)
    print_import(ours, floor, journal_mode(ours_path), journal_mode(floor_path))

    with Library(ours_path) as library:
        bench_search(library, query_classes(args.seed))
        bench_pages(library)
    print(f"\nfiles   library {mib(ours_path.stat().st_size)} "
          f"(floor {mib(floor.size)}; JSONL {mib(data_size)})")


if __name__ == "__main__":
    main()
