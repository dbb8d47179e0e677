"""The pieces behind collections that learn: features, thresholds, a cancelled run,
the schema's new step, and the Reuters date stamps."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.ingest.normalize import parse_date
from newsreader.core.learning.features import Document, FeatureSpace, analyze, display
from newsreader.core.learning.training import best_f1_threshold
from newsreader.core.library import Library

from ...learning_corpus import SUBJECTS, story


def test_features_are_words_phrases_and_entities() -> None:
    doc = Document("Export controls", "New export controls on chips.", ("Wang Wentao",))
    features = analyze(doc)
    assert features.count("export") == 3  # the title counts twice
    assert "export controls" in features and "on chips" not in features  # stop word
    assert "@Wang Wentao" in features and display("@Wang Wentao") == "Wang Wentao"
    assert "2024" not in analyze(Document("", "In 2024 prices rose 5 pct"))


def test_vectors_have_unit_length_and_ignore_unknown_words() -> None:
    docs = [Document("a", "oil prices rose"), Document("b", "oil output fell"),
            Document("c", "football derby")]
    space, vectors = FeatureSpace.fit(docs, min_df=1)
    assert np.allclose(np.sqrt(vectors.multiply(vectors).sum(axis=1)).A1, 1.0)
    unseen = space.transform([Document("", "zebra quantum")])
    assert unseen.nnz == 0


def test_the_best_f1_cut_and_a_poor_one() -> None:
    margins = np.array([2.0, 1.5, 0.2, -0.5, -1.0])
    assert best_f1_threshold(margins, np.array([True, True, False, False, False])) == 0.85
    # nothing separates: only a story above every score seen would be tagged
    poor = best_f1_threshold(margins, np.array([False, False, False, False, True]))
    assert poor == 2.0


def test_reuters_date_stamps_are_read() -> None:
    assert parse_date("26-FEB-1987 15:01:01.79") == "1987-02-26T15:01:01Z"
    assert parse_date("3-MAR-1987 09:05:00.00") == "1987-03-03T09:05:00Z"
    assert parse_date("26-Feb-1987") == "1987-02-26"
    assert parse_date("31-FEB-1987 15:01:01.79") is None


@pytest.fixture
def stocked(tmp_path: Path) -> Library:
    library = Library(tmp_path / "lib.sqlite")
    drafts = []
    for n in range(8):
        for subject in SUBJECTS:
            item = story(subject, n)
            drafts.append(ArticleDraft(title=str(item["title"]), body_text=str(item["body"]),
                                       tags=[subject] if n < 4 else []))
    library.import_drafts(drafts)
    yield library
    library.close()


def _state(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return [conn.execute(f"SELECT count(*) FROM {t}").fetchone()
                for t in ("tag_models", "learning_features", "tag_suggestions")]
    finally:
        conn.close()


def test_a_cancelled_learning_run_changes_nothing(stocked: Library) -> None:
    stocked.set_learning(["oil"])
    calls = []

    def cancel_late() -> bool:
        calls.append(1)
        return len(calls) > 1  # after reading, before training

    report = stocked.learn(should_cancel=cancel_late)
    assert report.cancelled and not report.trained
    assert _state(stocked.path) == [(0,), (0,), (0,)]
    assert not stocked.learn().cancelled
    assert _state(stocked.path)[0] == (1,)


def test_learning_shows_progress_and_arrivals_are_scored(stocked: Library) -> None:
    stocked.set_learning(["oil", "chips"])
    seen: list[str] = []
    report = stocked.learn(progress=lambda done, total, label: seen.append(label))
    assert {c.name for c in report.trained} == {"oil", "chips"}
    assert "Learning oil" in seen and "Saving" in seen
    item = story("oil", 99, prefix="late")
    added = stocked.import_drafts([ArticleDraft(title=str(item["title"]),
                                                body_text=str(item["body"]))]).added_ids
    arrivals = stocked.tag_arrivals(added)
    assert arrivals.suggested == {"oil": 1}
    assert stocked.suggested_tags(added) == {added[0]: ["oil"]}
    assert stocked.suggested_counts()["oil"] >= 1


def test_the_new_schema_step_is_documented_sqlite(stocked: Library) -> None:
    conn = sqlite3.connect(stocked.path)
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(tags)")}
        assert {"learns", "rule"} <= columns
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"tag_suggestions", "tag_models", "learning_features"} <= tables
    finally:
        conn.close()


def test_training_one_again_keeps_the_others(stocked: Library) -> None:
    stocked.set_learning(["oil", "chips"])
    stocked.learn()
    oil_before = [(s.article_id, s.score) for s in stocked.suggestions("oil", limit=50)]
    chips = stocked.suggestions("chips", limit=2)
    stocked.reject_suggestions("chips", [chips[0].article_id])
    report = stocked.learn(["chips"])
    assert [c.name for c in report.trained] == ["chips"] and report.trained[0].rejected == 1
    assert [(s.article_id, s.score) for s in stocked.suggestions("oil", limit=50)] == oil_before
    assert chips[0].article_id not in {s.article_id for s in stocked.suggestions("chips", limit=50)}


def test_commands_and_the_window_start_without_loading_scikit_learn() -> None:
    """Every command and the window's start would pay for it; only learning needs it."""
    import subprocess
    import sys

    code = ("import sys, newsreader.cli, newsreader.app; "
            "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=120)
    assert result.stdout.strip() == "[]"


def test_what_the_window_reads_of_suggestions(tmp_path: Path) -> None:
    """``suggested:NAME`` lists a collection's suggestions awaiting a decision (not its
    stories); one article's suggestions come with their reasons; the sidebar's snapshot
    says which collections learn, their suggestions and rules; the per-article
    suggestion leaves learning collections to their own."""
    from ...learning_corpus import write_stories

    library = Library(tmp_path / "l.sqlite")
    try:
        library.import_paths([str(write_stories(tmp_path / "a.jsonl", 8,
                                                tagged={"chips": 5, "oil": 2}))])
        library.set_learning(["chips"])
        library.learn()
        waiting = sorted(r.article_id for r in library.review("chips"))
        assert waiting and [i for c in library.iter_ids('suggested:"chips"') for i in c] \
            and sorted(i for c in library.iter_ids('suggested:chips') for i in c) == waiting
        (row,) = library.suggestions_for(waiting[0])
        assert row.collection == "chips" and row.reasons and row.state == "suggested"
        library.add_tag("chips", [waiting[0]])  # put in by hand: no longer waiting
        assert library.suggestions_for(waiting[0]) == []
        assert library.suggested_counts() == {"chips": len(waiting) - 1}
        library.set_rule("oil", "crude")
        snapshot = library.sidebar_snapshot()
        assert snapshot.learning == ["chips"] and snapshot.rules == {"oil": "crude"}
        assert snapshot.suggested == {"chips": len(waiting) - 1}
        assert all(s.collection != "chips" for s in library.suggest_collections(waiting[1]))
    finally:
        library.close()
