"""One entity per thing within a library: merged names, the entity page, corrections.

Through the Library, on a real library file, with the rules engine (no model needed).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsreader.core.errors import NewsreaderError, NotFoundError
from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.library import Library
from newsreader.core.store import schema

STORIES = [
    ("Chip curbs", "U.S. officials met Samsung Electronics in Seoul on Monday. The U.S. "
                   "rules hit South Korea hard, said Ahn Deok-geun. Ahn said more talks follow."),
    ("Tariffs", "The United States and South Korea agreed on tariffs. North Korea objected. "
                "Samsung Biologics was not affected."),
    ("Markets", "Investors in the US watched Samsung Electronics and SK Hynix shares rise."),
]


def draft(title: str, body: str, day: str) -> ArticleDraft:
    return ArticleDraft(title=title, body_text=body, source="Wire", published_at=day)


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library(tmp_path / "library.sqlite")
    lib.set_entity_engine("rules")
    lib.import_drafts([draft(t, b, f"2024-0{i + 1}-10") for i, (t, b) in enumerate(STORIES)])
    lib.extract_entities()
    yield lib
    lib.close()


def top(lib: Library) -> dict[str, int]:
    return {e.text: e.articles for e in lib.top_entities(limit=100)}


def test_aliases_are_one_entity_and_different_things_stay_apart(library: Library) -> None:
    counts = top(library)
    assert counts["United States"] == 3  # "U.S.", "The United States", "US"
    assert not {"U.S.", "US"} & set(counts)
    assert counts["South Korea"] == 2 and counts["North Korea"] == 1
    assert counts["Samsung Electronics"] == 2 and counts["Samsung Biologics"] == 1


def test_every_form_is_highlighted_as_the_merged_entity(library: Library) -> None:
    first = {library.article(1).body_text[m.start:m.end]: m for m in library.mentions(1)}
    third = {library.article(3).body_text[m.start:m.end]: m for m in library.mentions(3)}
    assert first["U.S."].text == third["US"].text == "United States"
    assert first["U.S."].entity_id == third["US"].entity_id
    assert library.entity(first["U.S."].entity_id) == ("United States", "GPE")
    assert first["Ahn"].text == "Ahn Deok-geun"  # a surname after the full name
    assert library.entity_article_counts([first["U.S."].entity_id]) == {first["U.S."].entity_id: 3}
    assert library.count("entity:US") == library.count('entity:"United States"') == 3


def test_entity_page(library: Library) -> None:
    page = library.entity_page("u.s.")
    assert (page.text, page.label, page.articles) == ("United States", "GPE", 3)
    assert dict(page.forms) == {"U.S.": 2, "United States": 1, "US": 1}
    assert [m for m, _ in page.by_month] == ["2024-01", "2024-02", "2024-03"]
    assert ("South Korea", "GPE", 2) in page.appears_with
    assert [s.title for s in page.stories] == ["Markets", "Tariffs", "Chip curbs"]
    change = library.save_entity_as_collection("South Korea", "Korea watch")
    assert sorted(change.added) == [1, 2] and library.count('tag:"Korea watch"') == 2
    with pytest.raises(NotFoundError):
        library.entity_page("Atlantis")


def test_corrections_hold_now_and_for_future_extraction_and_undo(library: Library) -> None:
    done = library.relabel_entity("SK Hynix", "organisation")
    assert done.correction.new_label == "ORG"
    library.merge_entity("SK Hynix", "Samsung Electronics")  # a wrong merge ...
    assert "SK Hynix" not in top(library) and top(library)["Samsung Electronics"] == 2
    library.undo_entity_correction()  # ... undone
    assert top(library)["SK Hynix"] == 1
    library.ignore_entity("Seoul")
    assert "Seoul" not in top(library) and library.count("entity:Seoul") == 0
    library.import_drafts(
        [draft("More", "Seoul and SK Hynix again; U.S. buyers too.", "2024-04-01")]
    )
    library.extract_entities()
    counts = top(library)
    assert "Seoul" not in counts and counts["SK Hynix"] == 2 and counts["United States"] == 4
    library.reset_entities()
    library.extract_entities()  # a re-run keeps every correction
    assert "Seoul" not in top(library)
    listed = library.entity_corrections()
    assert [c.action for c in listed] == ["relabel", "merge", "ignore"]
    assert listed[1].undone_at is not None
    library.undo_entity_correction(listed[2].id)
    assert top(library)["Seoul"] == 2


def test_split_takes_a_name_out_and_keeps_it_out(library: Library) -> None:
    library.merge_entity("SK Hynix", "Samsung Electronics")
    library.split_entity("SK Hynix")
    assert top(library)["SK Hynix"] == 1 and top(library)["Samsung Electronics"] == 2
    with pytest.raises(NewsreaderError, match="not merged"):
        library.split_entity("SK Hynix")


def test_bad_corrections_say_why(library: Library) -> None:
    with pytest.raises(NewsreaderError, match="not a label"):
        library.relabel_entity("Seoul", "planet")
    with pytest.raises(NotFoundError):
        library.merge_entity("Atlantis", "Seoul")
    with pytest.raises(NewsreaderError, match="empty"):
        library.ignore_entity("  ")
    with pytest.raises(NotFoundError):
        library.undo_entity_correction()


def test_an_older_library_is_merged_when_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, schema.MIGRATIONS[:5])
    conn.execute("INSERT INTO articles (id, content_hash, title, added_at, body_text) "
                 "VALUES (1, 'h', 't', '2024-01-01', 'U.S. and US')")
    conn.executemany("INSERT INTO entities (id, text, label) VALUES (?, ?, 'GPE')",
                     [(1, "U.S."), (2, "US")])
    conn.executemany("INSERT INTO mentions VALUES (1, ?, ?, ?)", [(1, 0, 4), (2, 9, 11)])
    conn.close()
    with Library(path) as upgraded:
        assert [(e.text, e.articles) for e in upgraded.top_entities()] == [("United States", 1)]
        assert {m.text for m in upgraded.mentions(1)} == {"United States"}
