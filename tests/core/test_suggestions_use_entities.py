"""Suggestions and learned collections see one entity per thing (issue 17, item 5):
merged names count as their entity, "not an entity" counts for nothing, and a number,
a date or a one-letter name never makes an article resemble a collection."""

from __future__ import annotations

from newsreader.core.learning.features import Document, analyze
from newsreader.core.library import Library
from newsreader.core.store import learning_models

from ..conftest import draft


def spans(body: str, *names: tuple[str, str]) -> list[tuple[int, int, str, str]]:
    return [(body.index(text), body.index(text) + len(text), text, label) for text, label in names]


def stocked(library: Library) -> tuple[list[int], int]:
    """Two stories of "memory" saying "SK hynix", a new one saying only "SK"; all three
    share a date, a number and a one-letter "name", and no word."""
    bodies = ["Alpha bravo SK hynix 2024-05-01, 7 A.",
              "Charlie delta SK hynix 2024-05-01, 7 A.",
              "Echo foxtrot SK 2024-05-01, 7 A."]
    titles = ["Golf", "Hotel", "India"]
    ids = library.import_drafts([draft(n + 1, title=titles[n], body_text=body)
                                 for n, body in enumerate(bodies)]).added_ids
    common = (("2024-05-01", "DATE"), ("7", "CARDINAL"), ("A", "ORG"))
    library.set_mentions(ids[0], spans(bodies[0], ("SK hynix", "ORG"), *common))
    library.set_mentions(ids[1], spans(bodies[1], ("SK hynix", "ORG"), *common))
    library.set_mentions(ids[2], spans(bodies[2], ("SK", "ORG"), *common))
    library.add_tag("memory", ids[:2])
    return ids[:2], ids[2]


def test_a_suggestion_counts_merged_names_and_not_ignored_ones(library: Library) -> None:
    _members, new = stocked(library)
    # "SK" is not yet known to be SK hynix; a date, a number and "A" connect nothing
    assert library.suggest_collections(new) == []
    library.merge_entity("SK", "SK hynix")
    (suggestion,) = library.suggest_collections(new)
    assert suggestion.collection == "memory" and suggestion.shared_entities == ["SK hynix"]
    library.ignore_entity("SK")
    assert library.suggest_collections(new) == []
    library.undo_entity_correction()
    assert [s.shared_entities for s in library.suggest_collections(new)] == [["SK hynix"]]


def test_learning_reads_merged_entities_without_ignored_ones_dates_or_letters(
        library: Library) -> None:
    members, new = stocked(library)
    library.merge_entity("SK", "SK hynix")
    documents = learning_models.documents(library._conn, [*members, new])
    assert [sorted(d.entities) for d in documents] == [["A", "SK hynix"]] * 3  # no date, no number
    assert [f for f in analyze(documents[2]) if f.startswith("@")] == ["@SK hynix"]
    library.ignore_entity("SK")
    assert learning_models.documents(library._conn, [new])[0].entities == ("A",)
    words = analyze(Document("Q3", "Grade A, plan B: x marks 2024-05-01 and 7 units."))
    assert {"a", "b", "x", "2024", "7", "05"}.isdisjoint(words) and "units" in words
