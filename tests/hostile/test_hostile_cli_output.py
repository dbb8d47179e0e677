"""What the command line prints when titles, names and file names carry control
characters or bytes the terminal cannot show, and when stdout is not UTF-8."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsreader.cli import main

from .helpers import cli

pytestmark = pytest.mark.hostile

#: retitles an xterm, rings the bell, turns the text red, clears the screen, 8-bit CSI
HOSTILE_TITLE = "Chips\x1b]0;pwned\x07 rise \x1b[31mred\x1b[0m \x1b[2J\x9b1m now"


def _library_with(tmp_path: Path, title: str, body: str = "Chip exports rose again.") -> Path:
    story = tmp_path / "story.json"
    story.write_text(json.dumps({"title": title, "body_text": body, "source": "Wire\x1b[5m"}),
                     encoding="utf-8")
    library = tmp_path / "lib.sqlite"
    assert cli(library, "import", "--no-entities", str(story)).returncode == 0
    return library


def _no_controls(data: bytes) -> bool:
    text = data.decode("utf-8")
    return not any((ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 for c in text)


@pytest.mark.parametrize("args", [("list",), ("list", "chips"), ("show", "1"),
                                  ("tag", "list")], ids=["list", "search", "show", "tag-list"])
def test_control_characters_never_reach_the_terminal(tmp_path: Path, args: tuple[str, ...]) -> None:
    library = _library_with(tmp_path, HOSTILE_TITLE, body="Chip\x07 exports \x1b[8mhidden")
    assert cli(library, "tag", "add", "bell\x07 \x1b[1mtag", "1").returncode == 0
    result = cli(library, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout and _no_controls(result.stdout), result.stdout
    assert _no_controls(result.stderr)


def test_json_output_keeps_the_exact_title(tmp_path: Path) -> None:
    library = _library_with(tmp_path, HOSTILE_TITLE)
    result = cli(library, "show", "1", "--json")
    assert json.loads(result.stdout)["title"] == HOSTILE_TITLE  # stored and given back as is
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout  # escaped by JSON


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_stdout_that_is_not_utf8_gets_what_it_can_show(tmp_path: Path, encoding: str) -> None:
    title = "Été à Séoul: 반도체 수출 — “chips” ✓"
    library = _library_with(tmp_path, title)
    env = {"PYTHONIOENCODING": encoding}
    listed = cli(library, "list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert b"?" in listed.stdout and b"internal error" not in listed.stderr
    for args in (("list", "--json"), ("show", "1", "--json")):
        result = cli(library, *args, env=env)
        assert result.returncode == 0, result.stderr
        result.stdout.decode("ascii")  # escaped, so valid whatever the encoding
        data = json.loads(result.stdout)
        assert (data[0] if isinstance(data, list) else data)["title"] == title


@pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")
def test_import_json_names_a_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad_name = os.fsencode(folder) + b"/caf\xe9 \xff.txt"
    with open(bad_name, "wb") as handle:
        handle.write(b"")  # empty: it fails, and the report names it
    (folder / "good.txt").write_text("Good\n\nA good story.\n", encoding="utf-8")
    result = cli(tmp_path / "lib.sqlite", "import", "--no-entities", "--json", str(folder))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["added"] == 1
    (failure,) = report["failed"]
    assert os.fsencode(failure["path"]) == bad_name  # the very bytes, back from the JSON
    assert failure["error"] == "empty file"
    assert b"caf\\xe9 \\xff.txt: empty file" in result.stderr  # shown, not crashed on


def test_a_nul_in_the_query_is_a_space(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = str(_library_with(tmp_path, "Chip exports rise"))
    assert main(["--library", library, "list", "chip\x00exports", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["title"] == "Chip exports rise"


@pytest.mark.parametrize("query", [
    " OR ".join(f"w{i}" for i in range(1_000)),
    " ".join(f"-w{i}" for i in range(1_000)),
    " ".join(f"tag:w{i}" for i in range(999)) + " chip",
    " ".join(["the"] * 5_000) + " chip",
], ids=["1000-or", "1000-negated", "1000-operators", "5000-repeated"])
def test_a_query_of_a_thousand_terms_runs(tmp_path: Path, query: str) -> None:
    library = _library_with(tmp_path, "Chip exports rise", body="The chip trade grew.")
    result = cli(library, "list", query, "--json")
    assert result.returncode == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)


def test_a_query_of_too_many_terms_is_one_clear_line(tmp_path: Path) -> None:
    library = _library_with(tmp_path, "Chip exports rise")
    result = cli(library, "list", " ".join(f"w{i}" for i in range(1_001)))
    assert result.returncode == 1
    assert result.stderr.decode() == ("newsreader: this search has 1,001 different terms; "
                                      "at most 1,000 can be searched at once\n")
