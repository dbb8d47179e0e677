"""Snippets made from the text: the run of words with the most matched words, marked."""

from __future__ import annotations

from newsreader.core.models import SNIPPET_CLOSE as C
from newsreader.core.models import SNIPPET_OPEN as O
from newsreader.core.snippets import snippet


def words(*wanted: str):
    return lambda word: word.casefold() in wanted


def test_the_title_wins_when_it_matches_as_well_as_the_text() -> None:
    made = snippet(["Chip exports", "Exports of chips rose."], words("chip"))
    assert made == f"{O}Chip{C} exports"


def test_the_run_with_most_different_words_is_chosen_and_cut_with_ellipses() -> None:
    text = ("Seoul said on Monday that chips were fine. " * 3
            + "Later the export rules for chips changed again in Seoul. "
            + "More words follow. " * 5)
    made = snippet(["Unrelated title", text], words("export", "chips"), words=8)
    assert made is not None and made.startswith("…") and made.endswith("…")
    assert f"{O}export{C}" in made and f"{O}chips{C}" in made


def test_nothing_matches_no_snippet() -> None:
    assert snippet(["A title", "A text"], words("absent")) is None
