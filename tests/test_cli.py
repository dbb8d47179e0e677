"""The command line: commands, their JSON shapes, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.cli import main

ROW_KEYS = {"id", "title", "source", "author", "url", "published_at", "added_at", "tags",
            "is_read", "is_starred", "note", "suggested_tags",
            "story_id", "story_size"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib(tmp_path: Path) -> str:
    return str(tmp_path / "lib.sqlite")


def test_import_list_show_round_trip(capsys, lib: str, seed_path: Path) -> None:
    code, out, err = run(capsys, "--library", lib, "import", str(seed_path), "--json")
    assert code == 0, err
    assert json.loads(out) == {"added": 1, "skipped": 0, "failed": []}

    code, out, _ = run(capsys, "--library", lib, "list", "--json")
    (row,) = json.loads(out)
    assert set(row) == ROW_KEYS and row["source"] == "Donga" and row["author"] == "Mark Jones"

    code, out, _ = run(capsys, "--library", lib, "show", str(row["id"]), "--json")
    article = json.loads(out)
    assert ROW_KEYS | {"body_text"} <= set(article)
    assert article["body_text"].startswith("As the US-China semiconductor war")
    assert article["published_at"] is None and article["added_at"].endswith("Z")

    code, out, _ = run(capsys, "--library", lib, "import", str(seed_path), "--json")
    assert json.loads(out) == {"added": 0, "skipped": 1, "failed": []}


def test_show_json_output_imports_back(capsys, lib: str, tmp_path: Path, seed_path: Path) -> None:
    run(capsys, "--library", lib, "import", str(seed_path))
    _, out, _ = run(capsys, "--library", lib, "show", "1", "--json")
    exported = tmp_path / "exported.json"
    exported.write_text(out, encoding="utf-8")
    other = str(tmp_path / "other.sqlite")
    code, out, _ = run(capsys, "--library", other, "import", str(exported), "--json")
    assert (code, json.loads(out)["added"]) == (0, 1)
    _, again, _ = run(capsys, "--library", other, "show", "1", "--json")
    first, second = json.loads(out := again), json.loads(exported.read_text())
    for key in ("title", "source", "author", "body_text", "tags", "note"):
        assert first[key] == second[key]


def test_search_shows_snippet_and_human_output(capsys, lib: str, seed_path: Path) -> None:
    run(capsys, "--library", lib, "import", str(seed_path))
    code, out, _ = run(capsys, "--library", lib, "list", "Wang", "Wentao")
    assert code == 0 and "[Wang] [Wentao]" in out
    code, out, _ = run(capsys, "--library", lib, "list", "--json", "Detroit")
    assert "[Detroit]" in json.loads(out)[0]["snippet"]
    code, out, _ = run(capsys, "--library", lib, "list", "nothingmatchesthis")
    assert "No articles match" in out


def test_bad_inputs_fail_with_one_line_each(
    capsys, lib: str, tmp_path: Path, seed_path: Path
) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    code, out, err = run(capsys, "--library", lib, "import", str(seed_path),
                         str(tmp_path / "empty.txt"), str(tmp_path / "image.txt"),
                         str(tmp_path / "missing.md"), "--json")
    report = json.loads(out)
    assert code == 1 and report["added"] == 1
    assert [Path(f["path"]).name for f in report["failed"]] == [
        "empty.txt",
        "image.txt",
        "missing.md",
    ]
    assert err.splitlines()[0] == f"newsreader: created a new library at {lib}"
    assert len(err.strip().splitlines()) == 1 + 3 and "Traceback" not in err


def test_errors_for_missing_article_and_non_library(capsys, lib: str, tmp_path: Path) -> None:
    run(capsys, "--library", lib, "entities", "--use", "--engine", "rules")  # creates it
    code, _, err = run(capsys, "--library", lib, "show", "42")
    assert code == 1 and err.strip() == "newsreader: no article with id 42"
    not_db = tmp_path / "notes.txt"
    not_db.write_text("hello")
    code, _, err = run(capsys, "--library", str(not_db), "list")
    assert code == 1 and "not a Newsreader library" in err and len(err.splitlines()) == 1
    assert not_db.read_text() == "hello"


def test_default_library_gets_the_sample_and_explicit_one_starts_empty(capsys, lib: str) -> None:
    code, out, _ = run(capsys, "list", "--json", "--limit", "100")
    rows = json.loads(out)
    assert code == 0 and 6 <= len(rows) <= 10
    assert {"chip export controls", "energy transition"} <= {t for r in rows for t in r["tags"]}
    run(capsys, "--library", lib, "entities", "--use", "--engine", "rules")  # creates it
    _, out, _ = run(capsys, "--library", lib, "list", "--json")
    assert json.loads(out) == []


def test_environment_variable_picks_the_library(capsys, monkeypatch, lib: str, seed_path) -> None:
    monkeypatch.setenv("NEWSREADER_LIBRARY", lib)
    run(capsys, "import", str(seed_path))
    assert Path(lib).exists()


def test_installed_entry_point_runs(tmp_path: Path, seed_path: Path) -> None:
    lib = str(tmp_path / "lib.sqlite")
    result = subprocess.run([sys.executable, "-m", "newsreader", "--library", lib, "import",
                             str(seed_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Imported 1 article."
