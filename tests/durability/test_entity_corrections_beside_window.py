"""Entity corrections from CLI subprocesses while the window's Library is open in this
process (as the app holds it): each correction reaches the window at once, the window's
own extraction afterwards keeps it, and the file stays consistent."""

from __future__ import annotations

import json
from pathlib import Path

from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.opening import open_for_use

from .helpers import consistency_problems, run_cli

STORIES = [
    "U.S. regulators met Daeyang Semiconductor and HBM buyers in Seoul.",
    "The United States and Seoul signed a chip pact; Daeyang Semiconductor shares rose.",
]


def _top(window) -> dict[str, tuple[str, int]]:
    return {e.text: (e.label, e.articles) for e in window.top_entities(limit=100)}


def test_cli_corrections_reach_the_open_window_and_hold(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    window, _ = open_for_use(path)
    try:
        window.set_entity_engine("rules")
        window.import_drafts([ArticleDraft(title=f"Story {i}", body_text=body)
                              for i, body in enumerate(STORIES)])
        window.extract_entities()
        assert _top(window)["United States"] == ("GPE", 2)
        assert run_cli(path, "entities", "relabel", "Seoul", "ORG").returncode == 0
        assert _top(window)["Seoul"] == ("ORG", 2)  # the window reads it at once
        assert run_cli(path, "entities", "ignore", "Daeyang Semiconductor").returncode == 0
        assert "Daeyang Semiconductor" not in _top(window)
        window.import_drafts([ArticleDraft(title="Story 3", body_text="Seoul backs Daeyang "
                                           "Semiconductor, U.S. officials said.")])
        window.extract_entities()  # the window's own extraction keeps both corrections
        top = _top(window)
        assert top["Seoul"] == ("ORG", 3) and "Daeyang Semiconductor" not in top
        assert top["United States"] == ("GPE", 3)
        undone = run_cli(path, "entities", "undo")
        assert undone.returncode == 0 and "Undid correction #2" in undone.stdout
        assert _top(window)["Daeyang Semiconductor"] == ("ORG", 3)
        listed = run_cli(path, "entities", "corrections", "--json")
        assert [c["action"] for c in json.loads(listed.stdout)] == ["relabel", "ignore"]
        assert [c.action for c in window.entity_corrections()] == ["relabel", "ignore"]
    finally:
        window.close()
    assert consistency_problems(path) == []
