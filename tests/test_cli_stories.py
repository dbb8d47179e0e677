"""Stories through the real entry point: list, show and export on a real library file,
and the window's Library open while CLI processes import copies beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from newsreader.cli import main
from newsreader.core.library import Library

from .core.stories.texts import FOOTER, OTHER, OTHER_TITLE, WIRE, WIRE_TITLE
from .durability.helpers import run_cli


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def copies_file(folder: Path, prefix: str = "") -> Path:
    items = [
        {"title": WIRE_TITLE, "body_text": WIRE, "source": "Yonhap",
         "url": f"https://yonhap.example/{prefix}1"},
        {"title": "Seoul, Washington to resume chip talks", "body_text": WIRE + "\n\n" + FOOTER,
         "source": "Daily Ledger", "url": f"https://ledger.example/{prefix}2"},
        {"title": OTHER_TITLE, "body_text": OTHER, "source": "Yonhap",
         "url": f"https://yonhap.example/{prefix}3"},
    ]
    path = folder / f"{prefix}copies.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


def test_list_show_and_export_tell_the_copies(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    lib = str(tmp_path / "library.sqlite")
    assert (
        run(capsys, "--library", lib, "import", str(copies_file(tmp_path)), "--no-entities")[0] == 0
    )
    code, out, _ = run(capsys, "--library", lib, "list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and [(r["story_id"], r["story_size"]) for _, r in sorted(rows.items())] == \
        [(1, 2), (1, 2), (3, 1)]
    code, out, _ = run(capsys, "--library", lib, "list", "--stories")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert sum("(2 copies)" in line for line in lines) == 1
    code, out, _ = run(capsys, "--library", lib, "list", "--stories", "--json", "chip")
    assert [(r["story_id"], r["story_size"]) for r in json.loads(out)] == [(1, 2)]
    code, out, _ = run(capsys, "--library", lib, "show", "2", "--json")
    shown = json.loads(out)
    assert (shown["copies"], shown["story_id"], shown["story_size"]) == ([1], 1, 2)
    code, out, _ = run(capsys, "--library", lib, "show", "1")
    assert "Also reported by: Daily Ledger (#2)" in out
    # the show --json object still imports as it is
    (tmp_path / "shown.json").write_text(json.dumps(shown), encoding="utf-8")
    other = str(tmp_path / "other.sqlite")
    assert run(capsys, "--library", other, "import", str(tmp_path / "shown.json"),
               "--no-entities")[0] == 0
    assert run(capsys, "--library", lib, "tag", "add", "chips", "1", "3")[0] == 0
    assert run(capsys, "--library", lib, "export", "chips", "--to", str(tmp_path / "memo"))[0] == 0
    front = {}
    for path in (tmp_path / "memo").glob("0*.md"):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        front[data["title"]] = data
    assert front[WIRE_TITLE]["also_reported_by"] == [  # a flat list, as Obsidian shows one
        "Daily Ledger https://ledger.example/2"]
    assert "also_reported_by" not in front[OTHER_TITLE]


def test_list_stories_with_a_query_the_language_cannot_read(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    lib = str(tmp_path / "library.sqlite")
    code, out, err = run(capsys, "--library", lib, "list", "--stories", "tag:")
    assert code != 0 and out == "" and err.startswith("newsreader: ") and len(err.splitlines()) == 1


def test_the_window_sees_copies_grouped_while_cli_processes_import(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    with Library(path) as window:
        window.changed_elsewhere()
        for prefix in ("a", "b"):
            result = run_cli(path, "import", str(copies_file(tmp_path, prefix)), "--no-entities")
            assert result.returncode == 0, result.stderr
        assert window.changed_elsewhere()
        ids = [i for chunk in window.iter_ids() for i in chunk]
        assert len(ids) == 6  # nothing dropped, even the same texts under new addresses
        stories = [i for chunk in window.iter_story_ids() for i in chunk]
        assert len(stories) == 2
        sizes = sorted(r.story_size for r in window.rows(stories).values())
        assert sizes == [2, 4]
        wire = window.rows([1])[1]
        assert {r.source for r in window.copies(wire.id)} == {"Daily Ledger", "Yonhap"}
