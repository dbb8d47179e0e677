"""Collections on a big library, by hand:

    python benchmarks/bench_collections.py [--library /tmp/nrbench/library.sqlite]

Uses a library built by bench_library.py (100,000 articles) on a copy, and prints:
tagging 10,000 articles in one go (target <= 300 ms), opening a collection of
10,000 until its first rows are there (<= 100 ms), and the sidebar counts after a
change (<= 50 ms).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from newsreader.core.library import Library


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", default="/tmp/nrbench/library.sqlite")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    source = Path(args.library)
    if not source.exists():
        print(f"no library at {source}: run benchmarks/bench_library.py first", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="nrcoll-")) / "library.sqlite"
    with Library(source) as original:  # fold the WAL in so the copy is whole
        original._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(source, work)
    library = Library(work)
    total = library.count()
    ids = [i for chunk in library.iter_ids() for i in chunk]
    print(f"library  {total:,} articles ({work})")

    tag_ms, undo_ms, open_ms, counts_ms = [], [], [], []
    for run in range(args.runs):
        chosen = ids[run * 10_000:(run + 1) * 10_000]
        ms, change = timed(lambda run=run, chosen=chosen: library.add_tag(f"bench {run}", chosen))
        tag_ms.append(ms)
        ms, _ = timed(lambda: library.sidebar_snapshot())
        counts_ms.append(ms)
        ms, _ = timed(lambda run=run: first_rows(library, f'tag:"bench {run}"'))
        open_ms.append(ms)
        ms, _ = timed(lambda change=change: library.undo_tag_change(change))
        undo_ms.append(ms)
        library.add_tag(f"bench {run}", chosen)  # keep it for the next counts
    report("tag 10,000 articles (one action)", tag_ms, 300)
    report("undo that", undo_ms, 300)
    report("open a collection of 10,000 to first rows", open_ms, 100)
    report("sidebar counts after a change", counts_ms, 50)
    library.close()
    shutil.rmtree(work.parent)
    return 0


def first_rows(library: Library, query: str) -> int:
    """What the window does: the first chunk of ids in the collection's order, then a page."""
    chunk = next(iter(library.iter_ids(query, sort="position", descending=False, chunk=400)))
    return len(library.rows(chunk[:100]))


def report(what: str, values: list[float], target: float) -> None:
    worst = max(values)
    flag = "ok  " if worst <= target else "MISS"
    print(f"  [{flag}] {what:<45} median {statistics.median(values):7.1f} ms  "
          f"max {worst:7.1f} ms  (target <= {target:.0f} ms, {len(values)} runs)")


if __name__ == "__main__":
    sys.exit(main())
