"""Saved web pages: only the article survives, with its metadata."""

from __future__ import annotations

import pytest

from newsreader.core.errors import IngestError
from newsreader.core.ingest.html import parse_html

PARAGRAPHS = [
    "The small harbour town of Kelmsby voted on Tuesday to turn its disused rope works "
    "into a public library, ending a debate that had divided residents for almost a decade. "
    "The brick building, which once supplied rigging to the fishing fleet, has stood empty "
    "since the last workers left in the nineteen-eighties.",
    "Supporters of the plan argued that the town had no proper place for children to study "
    "after school, and that the nearest library was a forty-minute bus ride away along the "
    "coast road. Opponents worried about the cost of repairing the roof and feared that the "
    "money would be taken from the budget for road repairs and the lifeboat station.",
    "In the end the council approved the project by six votes to three, after a regional "
    "heritage fund agreed to pay for most of the structural work. The town will contribute "
    "a smaller share spread over five years, and volunteers have already offered to run a "
    "reading club on Saturday mornings once the doors open.",
    "Architects expect the building work to begin next spring. The long gallery, where rope "
    "was once twisted by hand over hundreds of metres, will become the main reading room, "
    "and the old engine shed will house a café and a room for local history archives that "
    "are currently stored in boxes at the parish hall.",
    "Residents who gathered outside the council chamber after the vote said they were "
    "relieved that the building would finally be used again. Several of them recalled "
    "parents and grandparents who had worked there, and said that a library was a fitting "
    "way to remember the people who had spent their lives in the rope works.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Kelmsby rope works to become library | Coastal Chronicle</title>
<link rel="canonical" href="https://www.coastal-chronicle.example/news/kelmsby-library?utm_source=rss">
<meta property="og:site_name" content="Coastal Chronicle">
<meta property="og:title" content="Kelmsby rope works to become library">
<meta name="author" content="Tomasz Nowak">
<meta name="description" content="A summary that must not become the body.">
<meta property="article:published_time" content="2024-02-13T18:45:00+01:00">
</head>
<body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
 <button>Accept all cookies</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main>
<article>
<h1>Kelmsby rope works to become library</h1>
<p class="byline">By Tomasz Nowak</p>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<section id="comments" class="comments">
<h2>Comments</h2>
<div class="comment"><p>Commenter99: What a waste of taxpayer money, fix the roads first!</p></div>
<div class="comment"><p>HarbourGirl: Lovely news, my grandad worked there for thirty years.</p></div>
</section>
</main>
<aside class="related"><h3>Most read</h3><ul><li><a href="/a">Storm closes ferry</a></li></ul></aside>
<footer><p>Copyright 2024 Coastal Chronicle. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body>
</html>
"""  # noqa: E501 - a page as sites write it


def test_article_text_survives_and_boilerplate_does_not() -> None:
    [draft] = parse_html(PAGE, origin="page.html")
    body = draft.body_text
    assert body.split("\n\n")[-len(PARAGRAPHS):] == PARAGRAPHS
    for junk in ("cookies", "Privacy policy", "Most read", "Commenter99", "HarbourGirl",
                 "Copyright", "Weather", "must not become the body"):
        assert junk not in body
    assert draft.origin == "page.html"


def test_metadata_comes_through() -> None:
    [draft] = parse_html(PAGE.encode("utf-8"), origin=None)
    assert draft.title == "Kelmsby rope works to become library"
    assert draft.author == "Tomasz Nowak"
    assert draft.source == "Coastal Chronicle"
    assert draft.published_at == "2024-02-13T17:45:00Z"
    assert draft.url == "https://www.coastal-chronicle.example/news/kelmsby-library"
    assert draft.language == "en"
    assert not draft.body_text.startswith("Kelmsby rope works to become library")


def test_og_url_is_used_without_canonical() -> None:
    page = PAGE.replace('<link rel="canonical"', '<link rel="alternate"').replace(
        '<meta property="og:site_name"',
        '<meta property="og:url" content="https://m.example.net/story/42">\n'
        '<meta property="og:site_name"',
    )
    [draft] = parse_html(page, origin=None)
    assert draft.url == "https://m.example.net/story/42"


def test_page_without_article_text_is_an_error() -> None:
    page = (
        "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    with pytest.raises(IngestError, match="no article text found in this page"):
        parse_html(page, origin=None)


def test_xml_declaration_in_text_is_accepted() -> None:
    [draft] = parse_html('<?xml version="1.0" encoding="utf-8"?>\n' + PAGE, origin=None)
    assert draft.title == "Kelmsby rope works to become library"
