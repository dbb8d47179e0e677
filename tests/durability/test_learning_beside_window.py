"""Learning beside the window: the window's Library stays open in this process and
keeps writing while `newsreader tag learn` and `tag accept` run in other processes;
every write of both sides stays in the file."""

from __future__ import annotations

import json
from pathlib import Path

from newsreader.core.opening import open_for_use

from ..learning_corpus import write_stories
from .helpers import consistency_problems, no_traceback, run_cli


def test_cli_learns_and_accepts_while_the_window_writes(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    window, _ = open_for_use(path)
    try:
        window.import_paths([write_stories(tmp_path / "s.jsonl", 10, tagged={"oil": 5})])
        window.add_tag("window before", [1])
        learned = run_cli(path, "tag", "learn", "oil")
        assert learned.returncode == 0 and no_traceback(learned), learned.stderr
        window.add_tag("window between", [2])  # the window writes after the CLI did
        window.set_starred([3])
        assert window.learning_collections() == ["oil"]  # and sees what the CLI wrote
        suggested = json.loads(run_cli(path, "tag", "suggest", "oil", "--json").stdout)
        pick = suggested[0]["id"]
        accepted = run_cli(path, "tag", "accept", "oil", str(pick))
        assert accepted.returncode == 0 and no_traceback(accepted), accepted.stderr
        assert pick in [row.id for row in window.page('tag:oil', limit=100)[0]]
        window.reject_suggestions("oil", [suggested[1]["id"]])
        window.add_tag("window after", [4])
    finally:
        window.close()
    listed = run_cli(path, "list", "--json", "--limit", "100", "is:starred")
    assert [row["id"] for row in json.loads(listed.stdout)] == [3]
    tags = {
        t["name"]: t["count"] for t in json.loads(run_cli(path, "tag", "list", "--json").stdout)
    }
    assert tags["window before"] == tags["window between"] == tags["window after"] == 1
    assert tags["oil"] == 6
    relearned = run_cli(path, "tag", "learn", "oil")
    assert "6 stories and 1 rejected" in relearned.stdout
    assert consistency_problems(path) == []
