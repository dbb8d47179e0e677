"""Markdown articles with and without YAML front matter."""

from __future__ import annotations

import pytest

from newsreader.core.errors import IngestError
from newsreader.core.ingest.bounded_yaml import MAX_EXPANDED_NODES, safe_load_bounded
from newsreader.core.ingest.markdown import parse_markdown, strip_inline

FULL = """---
title: "Rivers: a quiet recovery"
source: Field Notes Weekly
author: Priya Natarajan
link: https://fieldnotes.example.net/rivers?utm_medium=email
published: 2023-06-01T07:30:00-04:00
tags: [ecology, rivers]
note: read again before the meeting
guid: fn-2023-0601
language: en
read: true
is_starred: yes
---

# Rivers: a quiet recovery

Salmon have returned to **three** streams that were *dry* ten years ago,
according to a [state survey](https://example.gov/survey "Survey").

![A river](river.jpg)

## What changed

- Farms cut their water use
- Two small dams came down

> "It happened faster than we hoped," said one biologist.

```
flow_rate = 12.5  # cubic metres
```
"""


def test_front_matter_fields() -> None:
    [draft] = parse_markdown(FULL, origin="rivers.md")
    assert draft.title == "Rivers: a quiet recovery"
    assert draft.source == "Field Notes Weekly"
    assert draft.author == "Priya Natarajan"
    assert draft.url == "https://fieldnotes.example.net/rivers"
    assert draft.published_at == "2023-06-01T11:30:00Z"
    assert draft.tags == ["ecology", "rivers"]
    assert draft.note == "read again before the meeting"
    assert draft.guid == "fn-2023-0601"
    assert draft.language == "en"
    assert draft.is_read is True
    assert draft.is_starred is True
    assert draft.origin == "rivers.md"


def test_markdown_becomes_plain_paragraphs() -> None:
    [draft] = parse_markdown(FULL, origin=None)
    assert draft.body_text.split("\n\n") == [
        "Salmon have returned to three streams that were dry ten years ago, "
        "according to a state survey.",
        "What changed",
        "- Farms cut their water use\n- Two small dams came down",
        "\"It happened faster than we hoped,\" said one biologist.",
        "flow_rate = 12.5  # cubic metres",
    ]


def test_tags_as_comma_string_and_date_field() -> None:
    raw = "---\ntitle: T\ntags: politics, local , budget\ndate: 2022-11-08\n---\nBody text."
    [draft] = parse_markdown(raw, origin=None)
    assert draft.tags == ["politics", "local", "budget"]
    assert draft.published_at == "2022-11-08"
    assert draft.body_text == "Body text."


def test_bad_yaml_is_one_line_error() -> None:
    raw = "---\ntitle: [unclosed\nauthor: x\n---\nBody."
    with pytest.raises(IngestError) as info:
        parse_markdown(raw, origin=None)
    message = str(info.value)
    assert "front matter" in message and "\n" not in message


def test_no_front_matter_uses_first_heading() -> None:
    raw = "Intro line before.\n\n# The real headline\n\nText with `code` and __strong__ words."
    [draft] = parse_markdown(raw, origin=None)
    assert draft.title == "The real headline"
    assert draft.body_text == "Intro line before.\n\nText with code and strong words."


def test_no_heading_uses_lead_sentence() -> None:
    raw = "The vote was close. It passed 51-49.\n\nMore follows."
    [draft] = parse_markdown(raw, origin=None)
    assert draft.title == "The vote was close"
    assert draft.body_text.startswith("The vote was close.")


def test_underscores_inside_words_stay() -> None:
    [draft] = parse_markdown("# T\n\nThe snake_case_name stays, *this* goes.", origin=None)
    assert draft.body_text == "The snake_case_name stays, this goes."


def test_empty_markdown_is_an_error() -> None:
    with pytest.raises(IngestError):
        parse_markdown("---\ntitle:\n---\n\n", origin=None)


def test_legitimate_front_matter_with_aliases_and_many_values_loads() -> None:
    entities = "\n".join(f"  - Entity number {n}" for n in range(5_000))
    data = safe_load_bounded(f"base: &b {{source: Wire}}\nfirst: *b\nsecond: *b\n"
                             f"entities:\n{entities}\n")
    assert data["first"] == data["second"] == {"source": "Wire"}
    assert len(data["entities"]) == 5_000 < MAX_EXPANDED_NODES


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        (
            "**bold** and *em* and _under_ and __strong__ and ***both*** ~~gone~~",
            "bold and em and under and strong and both gone",
        ),
        (
            "a [link](https://en.wikipedia.org/wiki/Foo_(bar)) and ![pic](x.png) end",
            "a link and end",
        ),
        (
            "snake_case_name stays, _a_b_ loses its outer pair",
            "snake_case_name stays, a_b loses its outer pair",
        ),
        ("code `**kept**` and ``a ` b`` here", "code **kept** and a ` b here"),
        (
            "<b>tag</b> and <https://example.org/x> and \\*escaped\\*",
            "tag and https://example.org/x and *escaped*",
        ),
    ],
)
def test_inline_markup_is_still_stripped(text: str, stripped: str) -> None:
    assert strip_inline(text) == stripped
