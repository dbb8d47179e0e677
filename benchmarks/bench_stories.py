"""Benchmark story grouping on copies of real wire stories, by hand:

    python benchmarks/bench_stories.py [--stories 300] [--earnings 300] [--seed 1]

Builds the items of story_copies.py (originals, copies by nine kinds of edit, and
look-alike different stories), writes them as one JSON Lines file, imports it with
``Library.import_paths`` into a new library (the real import path, in a shuffled
order: a summary may arrive before its full text), then compares the stored
``story_id`` of every item with its true story.

It prints, for the ``tune`` half and the ``held-out`` half (stories never looked at
while the thresholds were chosen): pairwise precision and recall of "same story"
(over all pairs of items), the number of items lost (fed but not stored), recall
per kind of edit (pairs of a copy with its original), and how many look-alike items
joined any other item. Targets: precision >= 0.99, recall >= 0.98, 0 lost.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import story_copies  # a sibling module, not an installed package

from newsreader.core.library import Library

PRECISION_TARGET, RECALL_TARGET = 0.99, 0.98


def pairs(sizes: Counter[object]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def pairwise(truth: list[str], found: list[int]) -> tuple[float, float, int, int]:
    """(precision, recall, true pairs, found pairs) of "same story" over all item pairs."""
    both = pairs(Counter(zip(truth, found, strict=True)))
    true_pairs, found_pairs = pairs(Counter(truth)), pairs(Counter(found))
    precision = both / found_pairs if found_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    return precision, recall, true_pairs, found_pairs


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def run(items: list[story_copies.Item], seed: int, workdir: Path) -> tuple[list[int | None], float]:
    """Import the items in a shuffled order; the story id of each (None: not stored)."""
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    source = workdir / "copies.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for number in order:
            handle.write(json.dumps(items[number].to_json(number)) + "\n")
    started = time.perf_counter()
    with Library(workdir / "library.sqlite") as library:
        report = library.import_paths([source])
        seconds = time.perf_counter() - started
        if report.failed:
            raise SystemExit(f"import failed: {report.failed[:3]}")
        by_url = {row.url: row.story_id for chunk in library.iter_ids()
                  for row in library.rows(chunk).values()}
    return [by_url.get(f"https://copies.example/{n}") for n in range(len(items))], seconds


def explain(items: list[story_copies.Item], stories: list[int | None], chosen: list[int],
            limit: int) -> None:
    """Print up to ``limit`` wrongly joined and wrongly parted pairs of ``chosen`` items."""
    wrong = [
        (a, b)
        for i, a in enumerate(chosen)
        for b in chosen[i + 1 :]
        if stories[a] is not None and stories[a] == stories[b] and items[a].story != items[b].story
    ]
    for a, b in wrong[:limit]:
        print(f"    joined: [{items[a].kind}] {items[a].title[:50]!r} + [{items[b].kind}] "
              f"{items[b].title[:50]!r}")
    missed = [(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1:]
              if items[a].story == items[b].story and stories[a] != stories[b]]
    for a, b in missed[:limit]:
        print(f"    parted: [{items[a].kind}] + [{items[b].kind}] {items[a].title[:60]!r} "
              f"({len(items[a].body.split())} / {len(items[b].body.split())} words)")


def report(split: str, items: list[story_copies.Item], stories: list[int | None],
           limit: int = 0) -> None:
    chosen = [n for n, item in enumerate(items) if item.split == split]
    lost = [n for n in chosen if stories[n] is None]
    kept = [n for n in chosen if stories[n] is not None]
    precision, recall, true_pairs, found_pairs = pairwise(
        [items[n].story for n in kept], [stories[n] for n in kept])  # type: ignore[misc]
    print(
        f"\n{split}: {len(chosen):,} items, {len({items[n].story for n in chosen}):,} true "
        "stories, "
        f"{true_pairs:,} true pairs, {found_pairs:,} found"
    )
    print(
        f"  precision {precision:.4f}  target >= {PRECISION_TARGET}: "
        f"{verdict(precision >= PRECISION_TARGET)}"
    )
    print(
        f"  recall    {recall:.4f}  target >= {RECALL_TARGET}: {verdict(recall >= RECALL_TARGET)}"
    )
    print(f"  lost      {len(lost)}  target 0: {verdict(not lost)}")
    original = {items[n].story: stories[n] for n in chosen if items[n].kind == "original"}
    per_kind: dict[str, list[bool]] = defaultdict(list)
    for n in kept:
        if items[n].story in original and items[n].kind != "original":
            per_kind[items[n].kind].append(stories[n] == original[items[n].story])
    print("  recall with the original, per edit: " + ", ".join(
        f"{kind} {sum(hits)}/{len(hits)}" for kind, hits in sorted(per_kind.items())))
    sizes = Counter(stories[n] for n in kept)
    joined = Counter(items[n].kind for n in kept
                     if items[n].story not in original and sizes[stories[n]] > 1)
    alike = Counter(items[n].kind for n in kept if items[n].story not in original)
    print("  look-alikes grouped with another item: " + ", ".join(
        f"{kind} {joined[kind]}/{count}" for kind, count in sorted(alike.items())))
    if limit:
        explain(items, stories, chosen, limit)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=300, help="originals per half")
    parser.add_argument("--earnings", type=int, default=300, help="earnings reports per half")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=story_copies.DATA)
    parser.add_argument("--explain", type=int, default=0, metavar="N",
                        help="print N wrongly joined and N wrongly parted pairs per half")
    args = parser.parse_args(argv)
    rows = story_copies.load(args.data)
    items = [*story_copies.make_copies(rows, args.stories, args.seed),
             *story_copies.look_alikes(rows, args.earnings, args.seed)]
    print(f"data     {args.data.name}: {len(items):,} items "
          f"({Counter(i.kind for i in items).most_common()})")
    with tempfile.TemporaryDirectory(prefix="bench-stories-") as folder:
        stories, seconds = run(items, args.seed, Path(folder))
    print(
        f"import   {seconds:.1f} s through Library.import_paths ({len(items) / seconds:,.0f} "
        "items/s)"
    )
    for split in story_copies.SPLITS:
        report(split, items, stories, args.explain)


if __name__ == "__main__":
    main()
