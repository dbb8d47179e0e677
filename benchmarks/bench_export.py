"""Benchmark exports of a 1,000-article collection, by hand:

    python benchmarks/bench_export.py [--articles 1000] [--seed 1] [--workdir /tmp/nrexport]

Builds a library of synthetic news stories (benchmarks/synth.py) in one
collection with notes, a manual order and entities (a few capitalised words of
each story tagged PERSON/ORG/GPE), then times each export format and, for the
folder, the import back into an empty library. Target: folder export of 1,000
articles <= 2 s.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth

from newsreader.core.export import export
from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.library import Library

COLLECTION = "Energy: policy & markets"
FOLDER_TARGET_S = 2.0
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}(?: [A-Z][a-z]+)?\b")


def build(path: Path, n: int, seed: int) -> Library:
    library = Library(path)
    drafts = [ArticleDraft(title=a["title"], body_text=a["body_text"], source=a["source"],
                           author=a["author"], url=a["url"], published_at=a["published_at"],
                           is_read=a["is_read"], is_starred=a["is_starred"])
              for a in synth.iter_articles(n, seed)]
    ids = library.import_drafts(drafts).added_ids
    rng = random.Random(seed)
    library.add_tag(COLLECTION, ids)
    library.add_tag("reading list", ids[::3])
    order = ids[:]
    rng.shuffle(order)
    library.set_collection_order(COLLECTION, order)
    library.describe_tag(COLLECTION, description="Stories about *energy* policy.\n\nCurated.")
    for article_id in ids[::4]:
        library.set_collection_note(COLLECTION, article_id, f"Why: see #{article_id}: key quote")
    labels = ("PERSON", "ORG", "GPE")
    for article_id, draft in zip(ids, drafts, strict=True):
        spans = [(m.start(), m.end(), m.group(), labels[k % 3])
                 for k, m in enumerate(_CAPITALISED.finditer(draft.body_text)) if k < 12]
        library.set_mentions(article_id, spans)
    return library


def timed(label: str, run) -> float:
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    print(f"{label:<28} {seconds * 1000:8.0f} ms   {result}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="nrexport-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "library.db"
    if db.exists():
        db.unlink()
    start = time.perf_counter()
    library = build(db, args.articles, args.seed)
    print(f"built {args.articles:,} articles in {time.perf_counter() - start:.1f} s ({workdir})")
    out = workdir / "out"
    shutil.rmtree(out, ignore_errors=True)
    folder = timed("folder export", lambda: export(library, out / "folder", format="folder",
                                                    collection=COLLECTION))
    timed("folder export (replace)", lambda: export(library, out / "folder", format="folder",
                                                     collection=COLLECTION))
    for fmt, name in (("digest", "digest.md"), ("json", "export.json"), ("csv", "export.csv")):
        timed(f"{fmt} export", lambda fmt=fmt, name=name: export(library, out / name, format=fmt,
                                              collection=COLLECTION))
    back = workdir / "back.db"
    if back.exists():
        back.unlink()
    with Library(back) as empty:
        timed("import folder back", lambda: empty.import_paths([out / "folder"]).to_json()["added"])
    print(f"target: folder export <= {FOLDER_TARGET_S:.1f} s: "
          f"{'met' if folder <= FOLDER_TARGET_S else 'MISSED'}")
    library.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
