"""Build ``eval.jsonl`` from ``eval_source.py`` and refuse to write a set that is wrong.

    python benchmarks/entities/build_eval.py           # validate and (re)write eval.jsonl
    python benchmarks/entities/build_eval.py --check   # validate; fail if eval.jsonl is stale

Offsets are computed here, never typed by hand: each listed entity is located
with ``str.find`` from the end of the previous one, on whole-word boundaries.
Validation is strict because a silent annotation slip would move every score:
every span must equal its string, carry an allowed label, not overlap another,
and every whole-word occurrence of an annotated string must be covered by a
gold span (so a second mention cannot be forgotten).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from eval_source import PARAGRAPHS, Paragraph  # noqa: E402  (a sibling module)

OUT = HERE / "eval.jsonl"
GOLD_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "MONEY", "PERCENT", "LAW", "PRODUCT"}
)
MIN_WORDS, MAX_WORDS = 50, 110
MIN_PARAGRAPHS = 48

Triple = tuple[int, int, str]


class AnnotationError(ValueError):
    """A paragraph whose annotations cannot be turned into trustworthy offsets."""


def is_word_boundary(text: str, start: int, end: int) -> bool:
    """True if ``text[start:end]`` is not glued to letters or digits on either side."""
    before_ok = start == 0 or not text[start - 1].isalnum()
    after_ok = end == len(text) or not text[end].isalnum()
    return before_ok and after_ok


def find_word(text: str, needle: str, start: int = 0) -> int:
    """First whole-word occurrence of ``needle`` at or after ``start``, or -1."""
    at = text.find(needle, start)
    while at != -1 and not is_word_boundary(text, at, at + len(needle)):
        at = text.find(needle, at + 1)
    return at


def all_words(text: str, needle: str) -> Iterable[int]:
    """Every whole-word occurrence of ``needle`` (overlapping ones included)."""
    at = find_word(text, needle)
    while at != -1:
        yield at
        at = find_word(text, needle, at + 1)


def locate(paragraph: Paragraph) -> list[Triple]:
    """Offsets for the paragraph's entities, found in reading order."""
    text = paragraph.text
    cursor = 0
    spans: list[Triple] = []
    for surface, label in paragraph.ents:
        at = find_word(text, surface, cursor)
        if at == -1:
            raise AnnotationError(
                f"{paragraph.id}: {surface!r} not found after offset {cursor} "
                "(missing, misspelt or listed out of order)"
            )
        spans.append((at, at + len(surface), label))
        cursor = at + len(surface)
    return spans


def must_cover(ents: Iterable[tuple[str, str]]) -> set[str]:
    """Strings whose every whole-word occurrence must sit inside a gold span.

    Annotated strings themselves, plus each word of a person's name: wire copy
    names "Elena Marsh" once and then says "Marsh", and a forgotten surname
    mention is the easiest slip to make.
    """
    strings = {surface for surface, _ in ents}
    for surface, label in ents:
        if label == "PERSON":
            strings.update(word for word in surface.split() if len(word) > 2)
    return strings


def validate(paragraph: Paragraph, spans: Sequence[Triple]) -> list[str]:
    """Every problem with one paragraph's gold spans, as readable messages."""
    text, pid = paragraph.text, paragraph.id
    problems: list[str] = []
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        problems.append(f"{pid}: {words} words, want {MIN_WORDS}-{MAX_WORDS}")
    for (start, end, label), (surface, _) in zip(spans, paragraph.ents, strict=True):
        if text[start:end] != surface:
            problems.append(f"{pid}: [{start}:{end}] is {text[start:end]!r}, not {surface!r}")
        if surface != surface.strip() or not surface:
            problems.append(f"{pid}: {surface!r} has surrounding whitespace")
        if label not in GOLD_LABELS:
            problems.append(f"{pid}: {surface!r} has label {label!r} outside the gold set")
    ordered = sorted(spans)
    for (_, end_a, _), (start_b, _, _) in itertools.pairwise(ordered):
        if start_b < end_a:
            problems.append(f"{pid}: overlapping spans at {start_b}")
    for surface in must_cover(paragraph.ents):
        for at in all_words(text, surface):
            if not any(s <= at and at + len(surface) <= e for s, e, _ in spans):
                problems.append(f"{pid}: {surface!r} at {at} is not covered by a gold span")
    return problems


def build(paragraphs: Sequence[Paragraph]) -> tuple[list[dict[str, object]], list[str]]:
    """The JSONL records and the list of problems found while making them."""
    records: list[dict[str, object]] = []
    problems: list[str] = []
    ids = Counter(p.id for p in paragraphs)
    problems += [f"duplicate id {pid}" for pid, n in ids.items() if n > 1]
    texts = Counter(p.text for p in paragraphs)
    problems += [f"duplicate text {t[:40]!r}" for t, n in texts.items() if n > 1]
    if len(paragraphs) < MIN_PARAGRAPHS:
        problems.append(f"only {len(paragraphs)} paragraphs, want {MIN_PARAGRAPHS}")
    for paragraph in paragraphs:
        try:
            spans = locate(paragraph)
        except AnnotationError as error:
            problems.append(str(error))
            continue
        problems += validate(paragraph, spans)
        records.append(
            {"id": paragraph.id, "text": paragraph.text, "ents": [list(s) for s in spans]}
        )
    return records, problems


def render(records: Sequence[dict[str, object]]) -> str:
    """The exact JSONL text, so --check can compare byte for byte."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def summary(records: Sequence[dict[str, object]]) -> str:
    """Paragraph, word and per-label span counts, for the reviewer and the report."""
    labels = Counter(e[2] for r in records for e in r["ents"])  # type: ignore[attr-defined]
    words = sum(len(str(r["text"]).split()) for r in records)
    parts = ", ".join(f"{label} {n}" for label, n in labels.most_common())
    return (
        f"{len(records)} paragraphs, {words} words, {sum(labels.values())} gold spans: {parts}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if eval.jsonl is stale")
    args = parser.parse_args(argv)
    records, problems = build(PARAGRAPHS)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s); eval.jsonl not written", file=sys.stderr)
        return 1
    content = render(records)
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != content:
            print("eval.jsonl is stale: run build_eval.py", file=sys.stderr)
            return 1
    else:
        OUT.write_text(content, encoding="utf-8")
    print(summary(records))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
