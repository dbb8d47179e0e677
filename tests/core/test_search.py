"""The query language: parsing, compiling, and every operator against a library."""

from __future__ import annotations

import re

import pytest

from newsreader.core.errors import QueryError
from newsreader.core.library import Library
from newsreader.core.query import Term, marked_terms, parse
from newsreader.core.search import check

from ..conftest import draft


def test_parse_words_phrases_operators_negation_and_or() -> None:
    query = parse('chip "supply chain" tag:"chip export controls" -tag:done OR is:starred 10:30')
    assert query.groups == [
        [Term(False, None, "chip"), Term(False, None, "supply chain", phrase=True),
         Term(False, "tag", "chip export controls", phrase=True), Term(True, "tag", "done")],
        [Term(False, "is", "starred"), Term(False, None, "10:30")],
    ]
    assert parse("   ").is_empty


@pytest.fixture
def stocked(library: Library) -> Library:
    library.import_drafts([
        draft(1, title="Chip curbs widen", source="Donga", tags=["chip export controls"],
              published_at="2023-05-28"),
        draft(2, title="Supply chain talks", body_text="The supply chain for memory chips.",
              source="Yonhap", tags=["chip export controls", "done"], published_at="2023-04-01"),
        draft(3, title="Solar farms", body_text="Panels and grids.", source="Energy Daily",
              published_at="2023-06-10", author="Jane Roe"),
    ])
    library.set_starred([3])
    return library


@pytest.mark.parametrize(("query", "titles"), [
    ("chip", {"Chip curbs widen", "Supply chain talks"}),
    ('"supply chain"', {"Supply chain talks"}),
    ('tag:"chip export controls" -tag:done', {"Chip curbs widen"}),
    ("tag:done OR is:starred", {"Supply chain talks", "Solar farms"}),
    ("source:donga", {"Chip curbs widen"}),
    ("author:roe", {"Solar farms"}),
    ("is:unread after:2023-05-01", {"Chip curbs widen", "Solar farms"}),
    ("before:2023-05-01", {"Supply chain talks"}),
    ("chip -curbs", {"Supply chain talks"}),
    ("panel*", {"Solar farms"}),
    ("is:untagged", {"Solar farms"}),
    ("chip OR solar", {"Chip curbs widen", "Supply chain talks", "Solar farms"}),
])
def test_operators_select_the_right_articles(
    stocked: Library, query: str, titles: set[str]
) -> None:
    assert {row.title for row in stocked.search(query)} == titles
    assert stocked.count(query) == len(titles)


def test_bad_operator_values_are_clear_errors(stocked: Library) -> None:
    with pytest.raises(QueryError, match="is:sleeping"):
        stocked.search("is:sleeping")
    with pytest.raises(QueryError, match="after:"):
        stocked.search("after:someday")


def conjoin(first: str, second: str) -> str:
    """The text of a query for what matches both."""
    return parse(first).narrowed_by(parse(second)).to_text()


def test_narrowing_distributes_or_and_round_trips_quoting() -> None:
    assert conjoin("tag:a OR tag:b", "chip OR grid") == (
        "tag:a chip OR tag:a grid OR tag:b chip OR tag:b grid")
    assert conjoin('tag:"say \\"hi\\""', "") == 'tag:"say \\"hi\\""'
    assert parse(conjoin('tag:"x y"', '-"supply chain"')).groups == [
        [Term(False, "tag", "x y", phrase=True), Term(True, None, "supply chain", phrase=True)]]


@pytest.mark.parametrize(("query", "problem"), [
    ("AND OR (", "needs a term on each side"),
    ("tag:", "tag: needs a value"),
    ('tag:""', "tag: needs a value"),
    ("chips OR", "OR needs a term on each side"),
    ("x (a OR b)", "parentheses are not part of the search language"),
    ("!!!", "has no letters or digits"),
    ("NOT", "NOT needs a term after it"),
    ("is:nonsense", "is:nonsense is not known"),
])
def test_a_query_the_language_cannot_read_is_refused_with_why(query: str, problem: str) -> None:
    with pytest.raises(QueryError, match=re.escape(problem)):
        check(query)


def test_and_not_are_words_of_the_language() -> None:
    assert check("chips AND korea").to_text() == "chips korea"
    assert check("NOT tag:done chips").to_text() == "-tag:done chips"
    assert marked_terms('chips "supply chain" -korea tag:x') == ["chips", "supply chain"]


def test_the_cli_says_why_a_query_cannot_be_read(tmp_path) -> None:
    from newsreader.cli import main

    library = tmp_path / "library.sqlite"
    assert main(["--library", str(library), "list", "AND", "OR", "("]) == 1
