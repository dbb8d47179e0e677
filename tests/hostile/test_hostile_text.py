"""One input shaped to make text processing quadratic: a long line of one repeated
unit. Each shape below took seconds to minutes at these sizes before (``**a `` x
32,768: 61 s); the whole folder now imports, entities included, well inside one
bounded run. ``benchmarks/bench_hostile_text.py`` times every text function on such
inputs by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.core.entities.engine import Span
from newsreader.core.entities.watchlist import WatchlistMatcher, overlay
from newsreader.core.ingest.markdown import parse_markdown
from newsreader.core.library import Library
from newsreader.core.models import WatchTerm
from newsreader.core.query import parse
from newsreader.core.search import compile_query

from .helpers import cli

pytestmark = pytest.mark.hostile

LINE_BYTES = 128 * 1024
#: (file name, the unit its one long line repeats): emphasis, links, tags, code,
#: abbreviations before full stops, and number runs
SHAPES = [
    ("strong.md", "**a "), ("em.md", "*a "), ("under.md", "_a "), ("double-under.md", "__a "),
    ("triple.md", "***a "), ("strike.md", "~~a "), ("bracket.md", "[a"), ("image.md", "![a"),
    ("link-open.md", "[a]("), ("tag.md", "<a"), ("autolink.md", "<http:"),
    ("escape.md", "\x1b["), ("numbered.md", "1. "), ("abbreviation.txt", "Mr. A "),
    ("initials.txt", "A. "), ("company.txt", "A Co. "), ("numbers.txt", "1,"),
]


def _line(unit: str) -> str:
    return unit * (LINE_BYTES // len(unit))


def test_long_lines_of_one_repeated_unit_import_with_their_entities(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, unit in SHAPES:
        (folder / name).write_text(f"Story {name}\n\n{_line(unit)}\n", encoding="utf-8")
    library = tmp_path / "lib.sqlite"
    imported = cli(library, "import", "--no-entities", "--json", str(folder))
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["added"] == len(SHAPES)
    found = cli(library, "entities", "--extract", "--engine", "rules")
    assert found.returncode == 0, found.stderr
    with Library(library) as lib:
        assert lib.pending_entities() == 0
        texts = {a.title: a.body_text for a in map(lib.article, range(1, len(SHAPES) + 1))}
    assert "**a **a **a" in texts["Story strong.md"]  # nothing to strip: no pair closes


def test_the_issue_line_keeps_its_text() -> None:
    (draft,) = parse_markdown("# Title\n\n" + _line("**a "), origin=None)
    assert draft.body_text == _line("**a ").strip()


def test_a_word_repeated_in_a_query_is_searched_once() -> None:
    compiled = compile_query(parse(" ".join(["the"] * 200) + ' "supply chain" -tag:done -tag:DONE'))
    assert compiled.join_match == '"the" "supply chain"'
    assert compiled.params == ["done", "done"]  # the name, and its case-folded key
    alternatives = compile_query(parse(" OR ".join(["tag:a"] * 200)))
    assert alternatives.params == ["a", "a"]


def test_a_repeated_query_word_returns_what_one_does(tmp_path: Path) -> None:
    from newsreader.core.ingest.draft import ArticleDraft

    with Library(tmp_path / "lib.sqlite") as lib:
        lib.import_drafts([ArticleDraft(title=f"Story {n}", body_text=f"The chip story {n}.",
                                        url=f"https://example.org/{n}") for n in range(300)])
        once = [r.id for r in lib.search("the", limit=500)]
        many = [r.id for r in lib.search(" ".join(["the"] * 200), limit=500)]
    assert many == once and len(once) == 300


def test_watched_terms_over_a_long_article_cost_a_bisection_each() -> None:
    """Engine spans give way to watched ones: every engine span is looked up among the
    watched, not compared with each (20,000 x 20,000 before)."""
    text = "Korea " * 20_000
    watched = WatchlistMatcher([WatchTerm("korea", "GPE", None)]).find(text)
    engine = [Span(s.start, s.end, "ORG", s.text) for s in watched[::2]]
    engine += [Span(s.start + 1, s.end + 2, "ORG", "x") for s in watched[1::2]]
    merged = overlay(engine, watched)
    assert merged == watched and len(merged) == 20_000
