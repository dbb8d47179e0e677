"""Copies of real wire stories, as news arrives in copies, for bench_stories.py.

From the Reuters-21578 training split (``../shared/data/``, read in place) this
builds, for a few hundred stories, the original and 2-5 copies, each made by one
of the edits a syndicated or republished story goes through:

changed headline, dateline or byline added, lead rewritten, a paragraph cut, only
the first part (a summary feed), an update with new paragraphs on top, a typo
fixed, different wrapping, a site's long footer on every item.

Beside them come stories that look alike but are different: templated earnings
reports of different companies (real Reuters ``earn`` items, untouched), items with
the same 8-word boilerplate body under different titles, and items with empty
bodies under one title. Each item carries its true story; every item has its own
URL, so none is the same article as another.

Stories are split in two by a hash of their Reuters id: ``tune`` (looked at while
choosing the thresholds) and ``held-out`` (not looked at), so a figure on the
held-out half is one on stories not seen while tuning.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import textwrap
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters-modapte-train.jsonl.gz"
MIN_WORDS = 40
SPLITS = ("tune", "held-out")

CITIES = ("NEW YORK", "LONDON", "TOKYO", "WASHINGTON", "FRANKFURT", "CHICAGO", "PARIS", "SYDNEY")
REPORTERS = ("Jane Smith", "Peter Moreau", "Kenji Sato", "Laura Chen", "Tomas Berg")
SITES = {
    "Daily Ledger": ("The Daily Ledger is an independent newspaper. All content is copyright "
                     "of its owners and may not be reproduced without permission. Subscribe to "
                     "the Daily Ledger newsletter for the morning briefing, market data and our "
                     "opinion columns, delivered every weekday. Follow us on social media and "
                     "send your tips to the newsroom at any time."),
    "Market Wire": ("Market Wire provides news for informational purposes only and is not "
                    "investment advice. Prices are delayed by at least fifteen minutes. Read "
                    "our terms of use and privacy policy. Copyright Market Wire Media Group, "
                    "all rights reserved. Contact the editors with corrections."),
    "Business Post": ("Want more stories like this one? Sign up for Business Post alerts and "
                      "get the headlines that move markets straight to your inbox. Business "
                      "Post journalists follow strict editorial standards. Comments on this "
                      "article are moderated and may take some time to appear."),
}
FILLER = ("officials", "analysts", "said", "the", "move", "was", "expected", "after", "talks",
          "on", "a", "new", "plan", "would", "include", "further", "measures", "later", "this",
          "year", "sources", "told", "reporters", "market", "reaction", "remained", "muted",
          "while", "traders", "awaited", "details", "from", "government", "spokesman",
          "declined", "to", "comment", "statement", "added", "that", "it", "could", "take",
          "weeks", "before", "any", "decision", "is", "made", "early", "trading", "shares")
BOILERPLATE = "Read the full story on our web site."
EDITS: dict[str, Callable[[random.Random, str, str], tuple[str, str]]] = {}


@dataclass(frozen=True, slots=True)
class Item:
    title: str
    body: str
    story: str  # the true story: the Reuters id, or a look-alike's own id
    kind: str  # the edit that made it ("original", "headline", ...) or the look-alike kind
    split: str
    source: str = "Reuters"

    def to_json(self, number: int) -> dict[str, object]:
        return {"title": self.title, "body_text": self.body, "source": self.source,
                "url": f"https://copies.example/{number}", "story": self.story,
                "kind": self.kind, "split": self.split}


def edit(name: str) -> Callable[[Callable[[random.Random, str, str], tuple[str, str]]],
                                Callable[[random.Random, str, str], tuple[str, str]]]:
    def register(function: Callable[[random.Random, str, str], tuple[str, str]]):
        EDITS[name] = function
        return function
    return register


def paragraphs(body: str) -> list[str]:
    """Reuters bodies: paragraphs start with an indented line."""
    parts = [" ".join(p.split()) for p in re.split(r"\n\s{2,}|\n\n", body)]
    return [p for p in parts if p]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", text) if s]


@edit("headline")
def _headline(rng: random.Random, title: str, body: str) -> tuple[str, str]:
    words = title.title().split()
    rng.shuffle(words)
    lead = rng.choice(("Update:", "Report:", "Markets:", "Exclusive:", "Analysis:"))
    return f"{lead} {' '.join(words[:max(2, len(words) - 1)])}", body


@edit("dateline")
def _dateline(rng: random.Random, title: str, body: str) -> tuple[str, str]:
    if rng.random() < 0.5:
        day = rng.randint(1, 28)
        return title, f"{rng.choice(CITIES)}, March {day} (Reuters) - {body.lstrip()}"
    return title, f"By {rng.choice(REPORTERS)}\n\n{body.lstrip()}"


@edit("lead")
def _lead(rng: random.Random, title: str, body: str) -> tuple[str, str]:
    parts = paragraphs(body)
    kept = [w for w in parts[0].split() if w[:1].isupper() or w[:1].isdigit()]
    new = " ".join(rng.choice(FILLER) for _ in range(max(8, len(parts[0].split()) // 2)))
    lead = f"{' '.join(kept[:4])} {new}.".strip().capitalize()
    return title, "\n\n".join([lead, *parts[1:]])


@edit("cut")
def _cut(rng: random.Random, title: str, body: str) -> tuple[str, str]:
    parts = paragraphs(body)
    if len(parts) >= 3:
        del parts[rng.randrange(1, len(parts))]
        return title, "\n\n".join(parts)
    text = sentences(" ".join(parts))
    return title, " ".join(text[:-1] if len(text) > 2 else text)


@edit("first-part")
def _first_part(rng: random.Random, title: str, body: str) -> tuple[str, str]:
    parts = paragraphs(body)
    if len(parts) >= 3:
        return title, "\n\n".join(parts[:rng.randint(1, len(parts) // 2)])
    text = sentences(" ".join(parts))
    return title, " ".join(text[:max(1, len(text) // 2)])


@edit("update")
def _update(rng: random.Random, title: str, body: str) -> tuple[str, str]:
    new = [" ".join(rng.choice(FILLER) for _ in range(rng.randint(18, 40))).capitalize() + "."
           for _ in range(rng.randint(1, 3))]
    return f"UPDATE 1-{title}", "\n\n".join([*new, *paragraphs(body)])


@edit("typo")
def _typo(rng: random.Random, title: str, body: str) -> tuple[str, str]:
    words = body.split(" ")
    spots = [n for n, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if spots:
        n = rng.choice(spots)
        w = words[n]
        words[n] = w[:2] + w[3] + w[2] + w[4:]
    return title, " ".join(words)


@edit("wrapping")
def _wrapping(rng: random.Random, title: str, body: str) -> tuple[str, str]:
    width = rng.choice((50, 72, 1000))
    return title, "\n\n".join(textwrap.fill(p, width) for p in paragraphs(body))


@edit("footer")
def _footer(rng: random.Random, title: str, body: str) -> tuple[str, str]:
    return title, body  # the site's footer is added with its source in make_copies


def load(path: Path = DATA) -> list[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def split_of(story_id: str) -> str:
    return SPLITS[hashlib.sha256(story_id.encode()).digest()[0] % 2]


def _distinct(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Reuters filed some stories twice: keep only bodies whose opening is unique."""
    openings = Counter(" ".join(str(r["body"]).split())[:80] for r in rows)
    return [r for r in rows if openings[" ".join(str(r["body"]).split())[:80]] == 1]


def make_copies(rows: list[dict[str, object]], stories: int, seed: int) -> Iterator[Item]:
    """Per split: ``stories`` originals, each with 2-5 copies, the edits in turn."""
    rng = random.Random(seed)
    usable = [r for r in _distinct(rows) if len(str(r["body"]).split()) >= MIN_WORDS
              and "earn" not in r["topics"]]  # type: ignore[operator]
    rng.shuffle(usable)
    names = list(EDITS)
    turn = 0
    for split in SPLITS:
        for row in [r for r in usable if split_of(str(r["id"])) == split][:stories]:
            story, title, body = str(row["id"]), str(row["title"]), str(row["body"])
            yield Item(title, body, story, "original", split)
            for _ in range(rng.randint(2, 5)):
                name = names[turn % len(names)]
                turn += 1
                new_title, new_body = EDITS[name](rng, title, body)
                source = "Wire copy"
                if name == "footer":
                    source = rng.choice(list(SITES))
                    new_body = f"{new_body.rstrip()}\n\n{SITES[source]}"
                yield Item(new_title, new_body, story, name, split, source)


def look_alikes(rows: list[dict[str, object]], earnings: int, seed: int) -> Iterator[Item]:
    """Different stories that look alike: each item is a story of its own."""
    rng = random.Random(seed + 1)
    earn = [r for r in _distinct(rows) if "earn" in r["topics"]]  # type: ignore[operator]
    rng.shuffle(earn)
    for split in SPLITS:
        pool = [r for r in earn if split_of(str(r["id"])) == split]
        for row in pool[:earnings]:
            yield Item(str(row["title"]), str(row["body"]), f"earn-{row['id']}", "earnings", split)
        for n in range(20):
            yield Item(
                f"{split} notice {n}: {rng.choice(FILLER)} {rng.choice(FILLER)} plan",
                BOILERPLATE,
                f"boilerplate-{split}-{n}",
                "boilerplate",
                split,
                "Daily Ledger",
            )
            yield Item("Comments", "", f"empty-{split}-{n}", "empty", split, "Market Wire")
        for n, row in enumerate(pool[earnings:earnings + 30]):  # one site's footer, short stories
            site = list(SITES)[n % len(SITES)]
            yield Item(str(row["title"]), f"{row['body']}\n\n{SITES[site]}",
                       f"footer-{row['id']}", "footer-only", split, site)
