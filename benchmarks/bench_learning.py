"""Collections that learn, measured on Reuters-21578 through the product's own paths.

    python benchmarks/bench_learning.py quality  [--folds 5]   # micro-F1 on arrival, arrival cost
    python benchmarks/bench_learning.py fewshot  [--seeds 1]   # precision@10 with 10 stories
    python benchmarks/bench_learning.py train    [--runs 3]    # all 90 collections, 7,770 stories
    python benchmarks/bench_learning.py suggest  --library BIG [--runs 5]   # one collection, 100k

Everything goes through ``newsreader.cli.main`` on real library files, as a user's
commands would: stories are imported as JSON Lines with "tags" (entities found by the
default engine, as `newsreader import` does), ``tag learn`` trains, the held-out
stories arrive by ``newsreader import`` and are tagged as suggested, ``tag suggest``
ranks. Data: ../shared/data/reuters-modapte-train.jsonl.gz (the training split only:
the test split is kept back; nothing here is tuned on what it measures, folds are
fixed by seed 0).

- **quality**: k-fold cross-validation. For each fold a library gets the other folds
  with their topics as collections, every collection learns, then the fold arrives
  untagged; micro-F1 compares the collections each arrival was suggested for with its
  topics, over all 90 topics. 47 stories have no title and no text and cannot be
  imported, and an arrival whose text is already in the library is not a new article:
  both count as missed in "strict", and are left out in "importable". The same fold
  is also imported into a copy of the library made before learning: the ratio of the
  two import times is the cost of tagging on arrival.
- **fewshot**: the whole file in one library without topics; for each topic with at
  least 30 stories, 10 random stories go into its collection, it learns, and the
  precision of ``tag suggest --limit 10`` is averaged over those topics.
- **train**: the whole file imported with its topics, then ``tag learn`` of all 90.
- **suggest**: a collection of 30 articles of a big library (build one with
  ``benchmarks/make_big_library.py --articles 100000``) learns (timed too), then
  ``tag suggest`` lists its best candidates (kept by the learning run), and
  ``tag suggest --query Q`` ranks the search's matches now.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from newsreader.cli import main as cli

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters-modapte-train.jsonl.gz"
TARGETS = {"f1": 0.88, "p10": 0.85, "train_s": 10.0, "suggest_s": 1.0, "arrival_x": 1.5}


def stories() -> list[dict]:
    with gzip.open(DATA, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def write_jsonl(path: Path, items: Sequence[dict], *, with_tags: bool) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for s in items:
            line = {"guid": f"reuters-{s['id']}", "title": s["title"], "body": s["body"],
                    "date": s["date"]}
            if with_tags:
                line["tags"] = s["topics"]
            handle.write(json.dumps(line) + "\n")
    return path


#: CPU seconds of the last ``run`` (this machine is shared: wall time includes waiting)
last_cpu = 0.0


def run(library: Path, *argv: str) -> tuple[int, str, float]:
    """One command in this process; (exit code, stdout, wall seconds)."""
    global last_cpu
    out = io.StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli(["--library", str(library), *argv])
    last_cpu = time.process_time() - cpu
    return code, out.getvalue(), time.perf_counter() - start


def guids(library: Path) -> dict[str, int]:
    conn = sqlite3.connect(library)
    try:
        return {
            g: i for i, g in conn.execute("SELECT id, guid FROM articles WHERE guid IS NOT NULL")
        }
    finally:
        conn.close()


def suggested(library: Path) -> dict[int, set[str]]:
    conn = sqlite3.connect(library)
    try:
        found: dict[int, set[str]] = {}
        for article, name in conn.execute(
                "SELECT s.article_id, t.name FROM tag_suggestions s JOIN tags t ON t.id = s.tag_id "
                "WHERE s.state = 'suggested'"):
            found.setdefault(article, set()).add(name)
        return found
    finally:
        conn.close()


def quality(args: argparse.Namespace) -> None:
    data = stories()
    order = list(range(len(data)))
    random.Random(0).shuffle(order)
    folds = [order[k::args.folds] for k in range(args.folds)]
    counts = {"strict": [0, 0, 0], "importable": [0, 0, 0]}  # tp, fp, fn
    ratios = []
    for k, held in enumerate(folds[:args.only or args.folds]):
        with tempfile.TemporaryDirectory() as tmp:
            base, plain = Path(tmp) / "lib.sqlite", Path(tmp) / "plain.sqlite"
            train = [data[i] for f, fold in enumerate(folds) if f != k for i in fold]
            test = [data[i] for i in held]
            run(base, "import", str(write_jsonl(Path(tmp) / "train.jsonl", train, with_tags=True)))
            _copy(base, plain)
            names = sorted({t for s in train for t in s["topics"]})
            code, _, learn_s = run(base, "tag", "learn", *names)
            assert code == 0
            arrivals = write_jsonl(Path(tmp) / "test.jsonl", test, with_tags=False)
            _, _, plain_s = run(plain, "import", str(arrivals))
            _, _, tagged_s = run(base, "import", str(arrivals))
            ratios.append(tagged_s / plain_s)
            by_guid, tags = guids(base), suggested(base)
            for s in test:
                article = by_guid.get(f"reuters-{s['id']}")
                truth, got = set(s["topics"]), tags.get(article, set()) if article else set()
                for key in ("strict", "importable"):
                    if key == "importable" and article is None:
                        continue
                    counts[key][0] += len(truth & got)
                    counts[key][1] += len(got - truth)
                    counts[key][2] += len(truth - got)
            print(f"fold {k + 1}: learned {len(names)} collections in {learn_s:.1f} s; arrival "
                  f"import {tagged_s:.1f} s vs {plain_s:.1f} s without learning "
                  f"({tagged_s / plain_s:.2f}x); so far: {_f1(*counts['strict']):.4f} strict",
                  flush=True)
    for key, (tp, fp, fn) in counts.items():
        p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
        print(f"micro-F1 on arrival ({key}): {_f1(tp, fp, fn):.4f} "
              f"(P {p:.3f}, R {r:.3f})   target >= {TARGETS['f1']}")
    print(f"tagging on arrival: {', '.join(f'{x:.2f}x' for x in ratios)} the import time "
          f"without it   target <= {TARGETS['arrival_x']}x")


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / max(1, 2 * tp + fp + fn)


def _copy(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def fewshot(args: argparse.Namespace) -> None:
    data = stories()
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "lib.sqlite"
        run(library, "import", str(write_jsonl(Path(tmp) / "all.jsonl", data, with_tags=False)))
        by_guid = guids(library)
        by_topic: dict[str, list[int]] = {}
        for s in data:
            article = by_guid.get(f"reuters-{s['id']}")
            for topic in s["topics"]:
                if article is not None:
                    by_topic.setdefault(topic, []).append(article)
        topics = sorted(t for t, ids in by_topic.items() if len(ids) >= 30)
        precisions = []
        for seed in range(args.seeds):
            rng = random.Random(seed)
            for topic in topics:
                members = set(by_topic[topic])
                chosen = rng.sample(sorted(members), 10)
                name = f"few {topic}"
                run(library, "tag", "add", name, *map(str, chosen))
                run(library, "tag", "learn", name)
                _, out, _ = run(library, "tag", "suggest", name, "--limit", "10", "--json")
                top = [s["id"] for s in json.loads(out)]
                precisions.append(sum(i in members for i in top) / 10)
                run(library, "tag", "delete", name)
            print(f"seed {seed}: running mean {statistics.mean(precisions):.3f}", flush=True)
    print(f"few-shot precision@10 over {len(topics)} topics x {args.seeds} seed(s): "
          f"{statistics.mean(precisions):.3f}   target >= {TARGETS['p10']}")


def train_speed(args: argparse.Namespace) -> None:
    data = stories()
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "lib.sqlite"
        run(library, "import", str(write_jsonl(Path(tmp) / "all.jsonl", data, with_tags=True)))
        names = sorted({t for s in data for t in s["topics"]})
        times = []
        for _ in range(args.runs):
            code, out, seconds = run(library, "tag", "learn", *names)
            assert code == 0, out
            times.append(f"{seconds:.1f} (CPU {last_cpu:.1f})")
        print(f"training all {len(names)} collections on {len(guids(library)):,} stories: "
              f"{', '.join(times)} s   target <= {TARGETS['train_s']} s")


def suggest_speed(args: argparse.Namespace) -> None:
    """A new collection taught from 30 articles of the big library, learned, then asked."""
    library = Path(args.library)
    conn = sqlite3.connect(library)
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    chosen = [str(i) for (i,) in conn.execute(
        "SELECT article_id FROM article_tags WHERE tag_id = (SELECT min(tag_id) FROM "
        "article_tags) ORDER BY article_id LIMIT ?", (args.stories,))]
    conn.close()
    name = f"bench {args.stories} stories"
    if not args.skip_learn:
        run(library, "tag", "delete", name)
        assert run(library, "tag", "add", name, *chosen)[0] == 0
        code, out, seconds = run(library, "tag", "learn", name)
        assert code == 0, out
        print(f"learning {name!r} and ranking {total:,} articles: {seconds:.1f} s "
              f"(CPU {last_cpu:.1f})")
    for label, extra in (("tag suggest", ()), (f"tag suggest --query {args.query!r}",
                                                ("--query", args.query))):
        times, found = [], 0
        for _ in range(args.runs):
            code, out, seconds = run(library, "tag", "suggest", name, *extra, "--limit", "20",
                                     "--json")
            assert code == 0, out
            found = len(json.loads(out))
            times.append(seconds)
        print(f"{label} over {total:,} articles ({found} shown): "
              f"{', '.join(f'{t:.3f}' for t in times)} s   target <= {TARGETS['suggest_s']} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    p = modes.add_parser("quality")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--only", type=int, help="run only the first N folds")
    modes.add_parser("fewshot").add_argument("--seeds", type=int, default=1)
    modes.add_parser("train").add_argument("--runs", type=int, default=3)
    p = modes.add_parser("suggest")
    p.add_argument("--library", required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--skip-learn", action="store_true")
    p.add_argument("--stories", type=int, default=30, help="the collection's size")
    p.add_argument("--query", default="after:2024-01-01",
                   help="the search of the second measurement")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"needs {DATA}")
    {"quality": quality, "fewshot": fewshot, "train": train_speed,
     "suggest": suggest_speed}[args.mode](args)


if __name__ == "__main__":
    main()
