"""Plain-text stories: titles, bylines, metadata lines, datelines, author notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.errors import IngestError
from newsreader.core.ingest.text import lead_sentence, parse_text

SEED = Path(__file__).parents[3].parent / "shared" / "seeds" / "000_2733e1cf4b932cb0.txt"


@pytest.fixture()
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"seed story not found at {SEED}")
    return SEED.read_text(encoding="utf-8")


def test_seed_story(seed_text: str) -> None:
    draft = parse_text(seed_text, origin="seed.txt")
    assert draft.title.startswith("As the US-China semiconductor war intensifies")
    assert len(draft.title) <= 110
    assert draft.title.endswith("…")
    assert draft.source == "Donga"
    assert draft.author == "Mark Jones"
    assert draft.origin == "seed.txt"
    body = draft.body_text
    assert body.startswith("As the US-China semiconductor war")
    assert body.endswith("expected to be a variable.")
    for leftover in ("Sejong =", "Source:", "Mark Jones"):
        assert leftover not in body
    assert body.count("\n\n") == 4


def test_headline_line_becomes_title() -> None:
    raw = (
        "Harbour ferry service resumes after storm\n\n"
        "The ferry between the two islands ran again on Tuesday. Crews had checked the pier.\n\n"
        "Passengers said the wait had been long."
    )
    draft = parse_text(raw, origin=None)
    assert draft.title == "Harbour ferry service resumes after storm"
    assert draft.body_text.startswith("The ferry between")
    assert "Harbour ferry" not in draft.body_text
    assert draft.body_text.count("\n\n") == 1


def test_byline_and_metadata_lines() -> None:
    raw = (
        "Council approves new bike lanes\n"
        "By Jane Doe\n"
        "Published: 2024-03-02T09:15:00+01:00\n"
        "The city council voted 7-2 on Monday to add protected lanes.\n"
        "Work starts in spring.\n"
        "URL: https://news.example.org/bikes?utm_campaign=x\n"
        "Source: Example Gazette\n"
    )
    draft = parse_text(raw, origin=None)
    assert draft.title == "Council approves new bike lanes"
    assert draft.author == "Jane Doe"
    assert draft.published_at == "2024-03-02T08:15:00Z"
    assert draft.url == "https://news.example.org/bikes"
    assert draft.source == "Example Gazette"
    assert draft.body_text == (
        "The city council voted 7-2 on Monday to add protected lanes.\n\nWork starts in spring."
    )


def test_byline_with_affiliation_keeps_only_the_name() -> None:
    raw = "By JOHN ROE, Associated Press\nThe storm reached the coast overnight. Roads closed."
    draft = parse_text(raw, origin=None)
    assert draft.author == "JOHN ROE"
    assert draft.body_text == "The storm reached the coast overnight. Roads closed."


@pytest.mark.parametrize(
    "prefix",
    ["SEOUL, May 28 (Yonhap) -- ", "WASHINGTON (AP) — ", "Sejong = ", "LONDON -- "],
)
def test_dateline_prefix_is_stripped(prefix: str) -> None:
    draft = parse_text(prefix + "The central bank held rates steady on Thursday. Markets rose.",
                       origin=None)
    assert draft.body_text == "The central bank held rates steady on Thursday. Markets rose."
    assert draft.title == "The central bank held rates steady on Thursday"


@pytest.mark.parametrize("line", ["Sejong =", "SEOUL =", "Seoul, May 28 (Yonhap) --",
                                  "Seoul, May 28 (Yonhap)"])
def test_standalone_dateline_line_is_removed(line: str) -> None:
    raw = f"{line}\nExports rose for a third month. Chips led the gain.\nOfficials were upbeat."
    draft = parse_text(raw, origin=None)
    assert draft.body_text.startswith("Exports rose")
    assert line not in draft.body_text


def test_ordinary_text_is_not_mistaken_for_a_dateline() -> None:
    raw = "Apple (AAPL) rose 3% today. Investors cheered the results. - A note."
    assert parse_text(raw, origin=None).body_text == raw


def test_author_note_writes_for() -> None:
    raw = ("The bridge reopened on Friday after two years of repairs.\n"
           "Drivers welcomed the news.\n"
           "Ana Lima writes for the Coastal Herald about transport.")
    draft = parse_text(raw, origin=None)
    assert draft.author == "Ana Lima"
    assert "Ana Lima" not in draft.body_text


def test_hard_wrapped_paragraphs_are_joined() -> None:
    raw = (
        "The regional museum opened a new wing on Saturday, showing tools\n"
        "and boats from the fishing villages along the northern shore of the\n"
        "island, some of them more than two centuries old.\n\n"
        "Curators spent three years gathering the objects from families who\n"
        "had kept them in sheds and attics.\n"
    )
    draft = parse_text(raw, origin=None)
    paragraphs = draft.body_text.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("The regional museum opened") and "\n" not in paragraphs[0]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "The U.S. economy grew 2.5 percent. Then it slowed.",
            "The U.S. economy grew 2.5 percent.",
        ),
        ("Mr. Kim met Dr. Lee in Seoul. They talked.", "Mr. Kim met Dr. Lee in Seoul."),
        ("J. R. Smith scored 30 points. Fans cheered.", "J. R. Smith scored 30 points."),
        ("No sentence end here", "No sentence end here"),
        ("“We won,” she said. “Again.”", "“We won,” she said."),
    ],
)
def test_lead_sentence_handles_abbreviations(paragraph: str, expected: str) -> None:
    assert lead_sentence(paragraph) == expected


def test_empty_text_is_an_error() -> None:
    with pytest.raises(IngestError):
        parse_text(" \n\n\t\n", origin=None)
