"""A small, deterministic news corpus for the tests of collections that learn: short
stories on three subjects, written from each subject's own words and some shared ones."""

from __future__ import annotations

import json
import random
from pathlib import Path

SUBJECTS = {
    "chips": ("export controls on chips tightened", [
        "semiconductor", "export", "controls", "Samsung", "Hynix", "wafer", "lithography",
        "licence", "Commerce", "Department", "foundry", "memory", "chips", "Nvidia"]),
    "oil": ("crude oil prices moved", [
        "crude", "oil", "barrel", "OPEC", "refinery", "pipeline", "Brent", "output",
        "Saudi", "Aramco", "tanker", "petroleum", "drilling", "production"]),
    "football": ("football club wins the derby", [
        "football", "goal", "striker", "league", "match", "stadium", "coach", "derby",
        "penalty", "season", "midfielder", "fans", "champions", "referee"]),
}
SHARED = ["said", "on", "Monday", "the", "government", "market", "reported", "week",
          "analysts", "officials", "year", "according", "to", "new", "plan"]


def story(subject: str, n: int, prefix: str = "s") -> dict[str, object]:
    """One story about ``subject``: its words and some shared ones, in a seeded order."""
    headline, words = SUBJECTS[subject]
    rng = random.Random(f"{subject}-{prefix}-{n}")
    body = " ".join(rng.choice(words) if rng.random() < 0.5 else rng.choice(SHARED)
                    for _ in range(60))
    return {"title": f"{headline.capitalize()} ({prefix}{n})",
            "body": f"{body.capitalize()}. Story {prefix}{n} of {subject}.",
            "url": f"https://example.com/{subject}/{prefix}{n}"}


def write_stories(path: Path, per_subject: int, prefix: str = "s",
                  tagged: dict[str, int] | None = None) -> Path:
    """JSON Lines of ``per_subject`` stories each; the first ``tagged[subject]`` stories of
    a subject carry it in their "tags"."""
    tagged = tagged or {}
    with path.open("w", encoding="utf-8") as handle:
        for n in range(per_subject):
            for subject in SUBJECTS:
                item = story(subject, n, prefix)
                if n < tagged.get(subject, 0):
                    item["tags"] = [subject]
                handle.write(json.dumps(item) + "\n")
    return path
