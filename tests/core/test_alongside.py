"""Entities found while articles keep arriving, as during a feed refresh."""

from __future__ import annotations

import time

from newsreader.core.entities.alongside import ExtractionAlongside
from newsreader.core.entities.engines import make_engine
from newsreader.core.library import Library

from ..conftest import draft


def test_extracts_what_arrives_until_stopped(library: Library) -> None:
    library.import_drafts([draft(n, body_text=f"Samsung met officials in Seoul, report {n}.")
                           for n in range(1, 40)])
    alongside = ExtractionAlongside(library.path, lambda own: make_engine("rules"),
                                    open_library=Library).start()
    library.import_drafts([draft(n, body_text=f"Toyota opened a plant in Texas, report {n}.")
                           for n in range(40, 80)])
    deadline = time.monotonic() + 30
    while library.pending_entities() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alongside.stop() == 79 and alongside.error is None
    assert library.pending_entities() == 0
    assert {m.text for m in library.mentions(79)} >= {"Toyota", "Texas"}


def test_a_failing_engine_is_reported_not_raised(library: Library) -> None:
    def broken(_own: Library):
        raise RuntimeError("no engine today")

    library.import_drafts([draft(1)])
    alongside = ExtractionAlongside(library.path, broken,
                                    open_library=Library).start()
    deadline = time.monotonic() + 10
    while alongside.error is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alongside.stop() == 0
    assert alongside.engine is None and "no engine today" in str(alongside.error)


def test_no_engine_is_loaded_when_nothing_is_pending(library: Library) -> None:
    loaded = []
    alongside = ExtractionAlongside(library.path, lambda own: loaded.append(1),
                                    open_library=Library).start()
    time.sleep(0.5)
    assert alongside.stop() == 0 and loaded == []
