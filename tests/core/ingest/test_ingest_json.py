"""JSON articles: object, array, JSON Lines with partial failures."""

from __future__ import annotations

import json

import pytest

from newsreader.core.errors import IngestError
from newsreader.core.ingest.jsonfile import parse_json, parse_json_with_problems

EXPORTED = {
    "id": 17,
    "title": "Wind farm approved",
    "source": "Plains Post",
    "author": "Lee Park",
    "url": "https://plains.example.com/wind#top",
    "guid": "pp-881",
    "published_at": "2023-09-14T06:00:00Z",
    "added_at": "2024-01-01T00:00:00Z",
    "tags": [{"name": "energy"}, {"name": "local"}],
    "is_read": True,
    "is_starred": False,
    "note": "compare with last year",
    "body_text": "The county approved forty turbines.\n\nConstruction starts in May.",
}


def test_exported_object_round_trips() -> None:
    [draft] = parse_json(json.dumps(EXPORTED), origin="a.json")
    assert draft.title == "Wind farm approved"
    assert draft.source == "Plains Post"
    assert draft.author == "Lee Park"
    assert draft.url == "https://plains.example.com/wind"
    assert draft.guid == "pp-881"
    assert draft.published_at == "2023-09-14T06:00:00Z"
    assert draft.tags == ["energy", "local"]
    assert draft.is_read is True and draft.is_starred is False
    assert draft.note == "compare with last year"
    assert draft.body_text == "The county approved forty turbines.\n\nConstruction starts in May."
    assert draft.origin == "a.json"


def test_array_with_alternative_keys() -> None:
    items = [
        {"title": "One", "content": "First body.", "link": "https://x.example/1",
         "date": "May 28, 2023", "tags": "a, b"},
        {"text": "Only a body here. Second sentence.", "published": 1685232000},
    ]
    first, second = parse_json(json.dumps(items), origin=None)
    assert (first.body_text, first.url, first.published_at, first.tags) == (
        "First body.", "https://x.example/1", "2023-05-28", ["a", "b"])
    assert second.title == "Only a body here"
    assert second.published_at == "2023-05-28T00:00:00Z"


def test_json_lines_keep_good_lines_and_report_bad_ones() -> None:
    lines = [
        json.dumps({"title": "A", "body": "Alpha."}),
        "",
        json.dumps({"title": "B", "body": "Beta."}),
        '{"title": "C", "body": "Gamma."',
        json.dumps({"author": "nobody"}),
        json.dumps({"title": "D", "body": "Delta."}),
    ]
    drafts, problems = parse_json_with_problems("\n".join(lines), origin=None)
    assert [d.title for d in drafts] == ["A", "B", "D"]
    assert len(problems) == 2
    assert problems[0].startswith("line 4: not valid JSON")
    assert problems[1].startswith("line 5:")


def test_array_item_problems_name_the_item() -> None:
    drafts, problems = parse_json_with_problems(
        json.dumps([{"title": "ok", "body": "x"}, 5, {"title": ["no"]}]), origin=None)
    assert len(drafts) == 1
    assert problems[0].startswith("item 2:") and problems[1].startswith("item 3:")


def test_truncated_json_is_an_error() -> None:
    raw = json.dumps([EXPORTED, EXPORTED], indent=2)[:-40]
    with pytest.raises(IngestError, match="truncated or invalid JSON"):
        parse_json(raw, origin=None)


def test_nothing_usable_is_an_error() -> None:
    with pytest.raises(IngestError, match="no title and no body"):
        parse_json('{"author": "x"}', origin=None)
    with pytest.raises(IngestError):
        parse_json("42", origin=None)
    with pytest.raises(IngestError):
        parse_json("[]", origin=None)
