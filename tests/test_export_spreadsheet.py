"""CSV as a spreadsheet opens it, ISO dates in every format, and exports to stdout.

The CSV is read back with the ``csv`` module, as a spreadsheet parses it; the
exports go through the command line (``main`` and the installed ``newsreader``).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.cli import main

from .export_library import COLLECTION, export_library

BOM = b"\xef\xbb\xbf"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEWSREADER = Path(sys.executable).parent / "newsreader"


def csv_rows(data: bytes, encoding: str = "utf-8") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode(encoding), newline="")))


def exported_csv(library: Path, tmp_path: Path, *flags: str) -> bytes:
    target = tmp_path / "stories.csv"
    assert main(["--library", str(library), "export", COLLECTION, "--format", "csv",
                 "--to", str(target), "--force", *flags]) == 0
    return target.read_bytes()


def test_no_cell_starts_a_formula(tmp_path: Path) -> None:
    library = export_library(tmp_path)
    assert main(["--library", str(library), "tag", "note", COLLECTION, "1", "=1+1"]) == 0
    data = exported_csv(library, tmp_path)
    assert not data.startswith(BOM)
    rows = {row["id"]: row for row in csv_rows(data)}
    assert rows["2"]["title"] == "'=HYPERLINK(\"https://evil.example/\",\"Grid\") upgrade approved"
    assert rows["2"]["body_text"].startswith("'-5% in a day.")
    assert rows["3"]["title"] == "'+1 for cobalt: {braces} & 100% of $ #1_x~^\\"
    assert rows["3"]["source"] == "'@wire"
    assert rows["1"]["collection_note"] == "'=1+1"
    assert rows["1"]["title"] == "Lithium rush in Chile"  # nothing else changes
    for row in rows.values():
        for column, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS), (column, cell)


def test_excel_gets_a_byte_order_mark(tmp_path: Path) -> None:
    library = export_library(tmp_path)
    data = exported_csv(library, tmp_path, "--excel")
    assert data.startswith(BOM) and not data[3:].startswith(BOM)
    rows = csv_rows(data, "utf-8-sig")
    assert list(rows[0])[:3] == ["position", "id", "title"]
    assert rows[0]["title"] == "Lithium rush in Chile"
    assert main(["--library", str(library), "export", COLLECTION, "--format", "json",
                 "--to", str(tmp_path / "x.json"), "--excel"]) != 0
    assert not (tmp_path / "x.json").exists()


def test_dates_are_iso_8601_in_every_format(tmp_path: Path) -> None:
    library = export_library(tmp_path)  # story 2 stored as "Thu, 29 Feb 2024 18:30:00 -0500"
    rows = {row["id"]: row for row in csv_rows(exported_csv(library, tmp_path))}
    assert rows["1"]["published_at"] == "2024-03-01T01:00:00Z"
    assert rows["2"]["published_at"] == "2024-02-29T23:30:00Z"
    assert rows["3"]["published_at"] == "2024-01-15T08:00:00Z"
    target = tmp_path / "export.json"
    assert main(["--library", str(library), "export", COLLECTION, "--format", "json",
                 "--to", str(target)]) == 0
    stories = json.loads(target.read_text(encoding="utf-8"))
    assert [s["published_at"] for s in stories] == [
        "2024-03-01T01:00:00Z", "2024-02-29T23:30:00Z", "2024-01-15T08:00:00Z"]
    for story in stories:
        assert story["added_at"].endswith("Z") and story["added_at"][10] == "T"
    digest = tmp_path / "digest.md"
    assert main(["--library", str(library), "export", COLLECTION, "--format", "digest",
                 "--to", str(digest)]) == 0
    assert "2024-02-29" in digest.read_text(encoding="utf-8")
    assert "Feb 2024" not in digest.read_text(encoding="utf-8")


def test_to_dash_writes_to_standard_output(tmp_path: Path) -> None:
    library = export_library(tmp_path)
    done = subprocess.run([str(NEWSREADER), "--library", str(library), "export", COLLECTION,
                           "--format", "csv", "--to", "-"], cwd=tmp_path,
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert [row["id"] for row in csv_rows(done.stdout)] == ["1", "2", "3"]
    assert b"Exported 3 articles to standard output" in done.stderr
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("fmt", ["json", "csl-json", "bibtex", "ris", "digest"])
def test_every_one_file_format_goes_to_standard_output(
        tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch,
        fmt: str) -> None:
    library = export_library(tmp_path)
    monkeypatch.chdir(tmp_path)
    capsysbinary.readouterr()
    assert main(["--library", str(library), "export", "--query", "lithium", "--format", fmt,
                 "--to", "-"]) == 0
    out, err = capsysbinary.readouterr()
    text = out.decode("utf-8")
    first_line = {"json": "[", "csl-json": "[", "bibtex": "@article{jones2024lithium-1,",
                  "ris": "TY  - NEWS\r", "digest": "# Search: lithium"}[fmt]
    assert text.split("\n", 1)[0] == first_line
    assert "Lithium rush in Chile" in text and "Cobalt" not in text
    assert b"to standard output" in err
    assert not (tmp_path / "-").exists()


def test_a_folder_cannot_go_to_standard_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = export_library(tmp_path)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["--library", str(library), "export", COLLECTION, "--to", "-"]) != 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == ("newsreader: a folder export cannot go to standard output; give a "
                           "folder with --to, or choose a one-file format")
    assert not (tmp_path / "-").exists()
