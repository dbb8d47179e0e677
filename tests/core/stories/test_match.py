"""Whether two texts are one story: copies join, look-alikes stay apart."""

from __future__ import annotations

import pytest

from newsreader.core.ingest.normalize import word_form
from newsreader.core.stories.match import StoryText, same_story

from .texts import BOILERPLATE, FOOTER, OTHER, OTHER_TITLE, WIRE, WIRE_TITLE, earnings


def text(body: str, title: str = WIRE_TITLE) -> StoryText:
    return StoryText.of(word_form(body), word_form(title))


PARAGRAPHS = WIRE.split("\n\n")


@pytest.mark.parametrize("copy", [
    text(WIRE, "Seoul, Washington to resume chip talks"),            # changed headline
    text("DETROIT, May 28 (Yonhap) -- " + WIRE),                      # dateline added
    text("By Laura Chen\n\n" + WIRE),                                 # byline added
    text(PARAGRAPHS[0]),                                              # only the first part
    text("The talks follow months of pressure from chipmakers, analysts said on Tuesday, "
         "and markets in Seoul rose on the news.\n\n" + WIRE),         # an update on top
    text(WIRE.replace("semiconductors", "semicondcutors")),          # a typo
    text(" ".join(WIRE.split())),                                     # other wrapping
    text(WIRE + "\n\n" + FOOTER),                                     # a site's footer
    text("\n\n".join(PARAGRAPHS[:2])),                                # a paragraph cut
    text("Officials from both countries will meet again to discuss licences for chip "
         "equipment, Seoul said.\n\n" + "\n\n".join(PARAGRAPHS[1:])),  # the lead rewritten
], ids=["headline", "dateline", "byline", "first-part", "update", "typo", "wrapping",
        "footer", "cut", "lead"])
def test_copies_of_a_story_are_one_story(copy: StoryText) -> None:
    assert same_story(text(WIRE), copy)
    assert same_story(copy, text(WIRE))


def test_different_stories_under_one_footer_stay_apart() -> None:
    assert not same_story(text(WIRE + "\n\n" + FOOTER), text(OTHER + "\n\n" + FOOTER, OTHER_TITLE))


def test_templated_earnings_of_two_companies_stay_apart() -> None:
    assert not same_story(text(earnings(1), "ACME CORP 1ST QTR NET"),
                          text(earnings(2), "ZENITH CORP 1ST QTR NET"))
    assert same_story(text(earnings(1), "ACME CORP 1ST QTR NET"),
                      text(earnings(1), "Acme Corp first quarter profit"))


def test_boilerplate_and_empty_bodies_never_make_a_story() -> None:
    assert not same_story(text(BOILERPLATE, "Chip talks resume"), text(BOILERPLATE, "Rates held"))
    assert not same_story(text(BOILERPLATE, "Comments"), text(BOILERPLATE, "Comments"))
    assert not same_story(text("", "Comments"), text("", "Comments"))
