"""New feed items are tagged like imported ones: by rules, and as suggested by the
collections that learn (`feed add` and `feed refresh`, against a server on 127.0.0.1)."""

from __future__ import annotations

import json
from pathlib import Path

from newsreader.cli import main

from ...learning_corpus import story, write_stories
from .conftest import Server, rss


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def items(subject: str, numbers: range) -> list[tuple[str, str, str]]:
    made = [story(subject, n, prefix="feed") for n in numbers]
    return [
        (f"{subject}-{n}", str(s["title"]), f"<p>{s['body']}</p>")
        for n, s in zip(numbers, made, strict=True)
    ]


def test_feed_items_are_tagged_on_arrival(capsys, server: Server, tmp_path: Path) -> None:
    lib = str(tmp_path / "lib.sqlite")
    run(capsys, "--library", lib, "entities", "--use", "--engine", "rules")
    run(capsys, "--library", lib, "import",
        str(write_stories(tmp_path / "s.jsonl", 10, tagged={"oil": 10})))
    assert run(capsys, "--library", lib, "tag", "learn", "oil")[0] == 0
    run(capsys, "--library", lib, "tag", "rule", "football news", "--query", "derby")
    server.state["mutable"] = rss(items("football", range(2)))
    code, out, err = run(capsys, "--library", lib, "feed", "add", server.url("/mutable"))
    assert code == 0, err
    assert "Rule of 'football news' tagged 2 new articles" in out
    server.state["mutable"] = rss(items("football", range(2)) + items("oil", range(3)))
    code, out, err = run(capsys, "--library", lib, "feed", "refresh", "--json")
    assert code == 0, err
    assert json.loads(out)["added"] == 3  # stdout stays JSON; what was tagged goes to stderr
    assert "new articles for 'oil'" in err
    _, out, _ = run(capsys, "--library", lib, "tag", "review", "oil", "--json")
    assert {r["title"] for r in json.loads(out)} <= {str(story("oil", n, prefix="feed")["title"])
                                                      for n in range(3)}
    assert json.loads(out)
