"""Atomic writing, cancelling, symlinks, progress; JSON and CSV read back."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from newsreader.core.export import ExportError, ExportOverwriteError, UnsafePathError, export
from newsreader.core.export import markdown as md

from .conftest import HOSTILE, make_library

COLLECTION = "Research: energy"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.fixture
def library(tmp_path: Path):
    lib, _order = make_library(tmp_path / "lib.db", [f"Story title {n}" for n in range(40)])
    yield lib
    lib.close()


def leftovers(folder: Path) -> list[str]:
    return [n for n in os.listdir(folder) if n.startswith(".newsreader-export")]


@pytest.mark.parametrize("fmt", ["folder", "digest", "json", "csv"])
def test_cancel_halfway_keeps_the_previous_export(tmp_path: Path, library, fmt: str) -> None:
    target = tmp_path / "out" / ("export" if fmt == "folder" else f"export.{fmt}")
    export(library, target, format=fmt, collection=COLLECTION)
    before = snapshot(target) if fmt == "folder" else target.read_bytes()
    library.update_article(library.export_items(collection=COLLECTION)[0][0], title="Changed")
    seen: list[tuple[int, int]] = []
    result = export(library, target, format=fmt, collection=COLLECTION,
                    progress=lambda done, total: seen.append((done, total)),
                    should_cancel=lambda: len(seen) > 20)
    assert result.cancelled and result.count == 20
    assert seen[0] == (0, 40) and seen[-1] == (20, 40)
    assert (snapshot(target) if fmt == "folder" else target.read_bytes()) == before
    assert leftovers(target.parent) == []


def test_progress_reports_every_article(tmp_path: Path, library) -> None:
    seen: list[tuple[int, int]] = []
    result = export(library, tmp_path / "f", format="folder", collection=COLLECTION,
                    progress=lambda d, t: seen.append((d, t)))
    assert seen == [(n, 40) for n in range(41)] and result.count == 40 and not result.cancelled


def test_failure_halfway_keeps_the_previous_export(tmp_path: Path, library, monkeypatch) -> None:
    target = tmp_path / "out"
    export(library, target, format="folder", collection=COLLECTION)
    before = snapshot(target)
    calls = []
    original = md.article_file

    def failing(*args):
        calls.append(1)
        if len(calls) == 10:
            raise OSError(28, "No space left on device")
        return original(*args)

    monkeypatch.setattr(md, "article_file", failing)
    with pytest.raises(ExportError, match="the disk is full; nothing there was changed"):
        export(library, target, format="folder", collection=COLLECTION)
    assert snapshot(target) == before and leftovers(tmp_path) == []


def test_symlink_inside_the_previous_export_is_not_followed(tmp_path: Path, library) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text("keep me", encoding="utf-8")
    target = tmp_path / "out"
    export(library, target, format="folder", collection=COLLECTION)
    names = sorted(n for n in os.listdir(target) if n.endswith(".md") and n != "index.md")
    for name in names[:3]:  # files the next export writes again, now links out
        (target / name).unlink()
        (target / name).symlink_to(secret)
    (target / "linked-folder").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ExportOverwriteError, match="3 files of the earlier export"):
        export(library, target, format="folder", collection=COLLECTION)
    export(library, target, format="folder", collection=COLLECTION, force=True)
    assert secret.read_text(encoding="utf-8") == "keep me"
    assert sorted(os.listdir(outside)) == ["secret.md"]
    for name in names[:3]:  # the links were replaced (removed, never followed)
        assert (target / name).is_file() and not (target / name).is_symlink()
    assert (target / "linked-folder").is_symlink()  # not this app's: kept as it was
    for name in os.listdir(target):
        if name != "linked-folder":
            assert os.path.realpath(target / name).startswith(os.path.realpath(target) + os.sep)


@pytest.mark.parametrize("fmt", ["folder", "digest", "json", "csv"])
def test_a_symlinked_target_is_refused(tmp_path: Path, library, fmt: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.md").write_text("---\nnewsreader: index\n---\n", encoding="utf-8")
    (outside / "f.txt").write_text("x", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(outside / "f.txt" if fmt != "folder" else outside)
    with pytest.raises(UnsafePathError):
        export(library, link, format=fmt, collection=COLLECTION)
    assert sorted(os.listdir(outside)) == ["f.txt", "index.md"]
    assert (outside / "f.txt").read_text(encoding="utf-8") == "x"


def test_a_folder_that_is_not_an_export_is_never_replaced(tmp_path: Path, library) -> None:
    target = tmp_path / "Documents"
    target.mkdir()
    (target / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(ExportError):
        export(library, target, format="folder", collection=COLLECTION)
    assert os.listdir(target) == ["thesis.docx"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert export(library, empty, format="folder", collection=COLLECTION).count == 40


def test_unsafe_target_names_are_refused(tmp_path: Path, library) -> None:
    for name in ("CON", "bad:name", "trailing."):
        with pytest.raises(UnsafePathError):
            export(library, tmp_path / name, format="json", collection=COLLECTION)


def _hostile_library(tmp_path: Path):
    return make_library(tmp_path / "h.db", HOSTILE, collection="quote \"q\", comma; semi",
                        extra_tags=["a; b", "line\nbreak"])


def test_json_reads_back_with_the_json_module(tmp_path: Path) -> None:
    lib, order = _hostile_library(tmp_path)
    target = tmp_path / "out.json"
    assert export(lib, target, format="json", collection='quote "q", comma; semi').count == len(
        order
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [d["id"] for d in data] == order
    assert [d["position"] for d in data] == list(range(1, len(order) + 1))
    for d in data:
        a = lib.article(d["id"])
        expected = a.to_json()
        assert {k: d[k] for k in expected} == expected
        assert d["entities"] == (
            {"ORG": ["Story"], "PERSON": ["opens"]} if lib.mentions(a.id) else {}
        )
        assert isinstance(d["collection_note"], str)
    lib.close()


def test_empty_json_export_is_an_empty_array(tmp_path: Path, library) -> None:
    export(library, tmp_path / "none.json", format="json", ids=[])
    assert json.loads((tmp_path / "none.json").read_text(encoding="utf-8")) == []


def test_csv_reads_back_with_the_csv_module(tmp_path: Path) -> None:
    lib, order = _hostile_library(tmp_path)
    target = tmp_path / "out.csv"
    export(lib, target, format="csv", collection="quote \"q\", comma; semi")
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["id"]) for r in rows] == order
    def shown(value: str) -> str:  # what a spreadsheet would run starts with "'"
        return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value

    for r in rows:
        a = lib.article(int(r["id"]))
        assert r["title"] == shown(a.title) and r["body_text"] == shown(a.body_text)
        assert r["note"] == shown(a.note)
        assert r["tags"] == shown("; ".join(a.tags))
        assert r["is_read"] == ("true" if a.is_read else "false")
        assert r["author"] == (a.author or "")
    lib.close()


def test_selection_export_keeps_the_given_order(tmp_path: Path, library) -> None:
    ids = library.export_items(collection=COLLECTION)[0][:5][::-1]
    export(library, tmp_path / "sel.json", format="json", ids=ids)
    assert [d["id"] for d in json.loads((tmp_path / "sel.json").read_text("utf-8"))] == ids


def test_unknown_format_is_refused(tmp_path: Path, library) -> None:
    with pytest.raises(ValueError):
        export(library, tmp_path / "x", format="pdf", collection=COLLECTION)
