"""Value normalisation: dates, links, titles, text and the duplicate hash."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from newsreader.core.ingest.normalize import (
    clean_text,
    coerce_bool,
    content_hash,
    normalize_tags,
    normalize_url,
    parse_date,
    shorten_title,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sun, 28 May 2023 10:30:00 +0900", "2023-05-28T01:30:00Z"),
        ("Sun, 28 May 2023 10:30:00 GMT", "2023-05-28T10:30:00Z"),
        ("2023-05-28T10:30:00+02:00", "2023-05-28T08:30:00Z"),
        ("2023-05-28T10:30:00Z", "2023-05-28T10:30:00Z"),
        ("2023-05-28 23:30:00-05:00", "2023-05-29T04:30:00Z"),
        ("2023-05-28T10:30:00", "2023-05-28T10:30:00Z"),
        ("2023-05-28", "2023-05-28"),
        ("May 28, 2023", "2023-05-28"),
        ("28 May 2023", "2023-05-28"),
        ("2023/05/28", "2023-05-28"),
        (date(2023, 5, 28), "2023-05-28"),
        (datetime(2023, 5, 28, 12, 0, tzinfo=timezone(timedelta(hours=9))), "2023-05-28T03:00:00Z"),
        (1685232000, "2023-05-28T00:00:00Z"),
        (1685232000000, "2023-05-28T00:00:00Z"),
    ],
)
def test_parse_date_accepts_common_spellings(value: object, expected: str) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "yesterday-ish", "not a date at all", "2023-13-45", "1900-01-01",
     "9999-12-31", "Mon, 01 Jan 1900 00:00:00 GMT", date(1900, 1, 1), None, True, [2023]],
)
def test_parse_date_rejects_garbage_and_absurd_years(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("  HTTPS://Example.COM/Path?a=1#frag ", "https://example.com/Path?a=1"),
        ("http://example.com:80/x", "http://example.com/x"),
        ("https://example.com:443/x", "https://example.com/x"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("https://example.com/a?utm_source=x&id=7&fbclid=abc&b=2&gclid=z",
         "https://example.com/a?id=7&b=2"),
        ("https://example.com", "https://example.com/"),
    ],
)
def test_normalize_url_canonicalises(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "javascript:alert(1)", "mailto:a@b.c", "", "   ",
            "https://", "not a url", None],
)
def test_normalize_url_rejects_non_web_links(url: str | None) -> None:
    assert normalize_url(url) is None


def test_clean_text_tidies_whitespace_and_controls() -> None:
    raw = "  First\u00a0 line\x00 here  \r\n\r\n\r\n\r\nSecond\tline\x07\rThird  "
    assert clean_text(raw) == "First line here\n\nSecond\tline\nThird"


def test_clean_text_composes_unicode() -> None:
    assert clean_text("Cafe\u0301") == "Caf\u00e9"


def test_content_hash_ignores_whitespace_case_and_quote_style() -> None:
    a = content_hash("T", "He said, \u201cWe will go.\u201d\n\nThen   left.")
    b = content_hash("Other title", 'he said, "we will go."\nthen left. ')
    assert a == b
    assert a != content_hash("T", "He said we will stay.")


def test_content_hash_falls_back_to_title_for_empty_body() -> None:
    assert content_hash("Same Title", "") == content_hash("same  title!", "  ")
    assert content_hash("A title", "") != content_hash("B title", "")


def test_shorten_title_cuts_at_word_boundary() -> None:
    text = "word " * 40
    short = shorten_title(text, limit=50)
    assert len(short) <= 50
    assert short.endswith("…")
    assert short[:-1].split(" ")[-1] == "word"
    assert shorten_title("Short title") == "Short title"


def test_normalize_tags_and_flags() -> None:
    assert normalize_tags("a, b ,,a") == ["a", "b"]
    assert normalize_tags([{"name": "x"}, "y", None]) == ["x", "y"]
    assert coerce_bool("yes") and coerce_bool(1) and not coerce_bool("no")
