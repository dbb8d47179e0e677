"""The sample library: installed by ``open_for_use`` on the first run, never again."""

from __future__ import annotations

import ast
from pathlib import Path

from newsreader.core import sample
from newsreader.core.opening import open_for_use


def test_a_new_library_gets_the_sample_once(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    library, _ = open_for_use(path, with_sample=True)
    try:
        added = library.count()
        described = {t.name: t for t in library.tags()}
    finally:
        library.close()
    assert added == len(sample.sample_drafts()) > 0
    for item in sample.sample_collections():
        assert described[item["name"]].description == item.get("description", "")
    again, _ = open_for_use(path, with_sample=True)  # not created now: nothing added
    try:
        assert again.count() == added
    finally:
        again.close()


def test_without_the_flag_a_new_library_starts_empty(tmp_path: Path) -> None:
    library, _ = open_for_use(tmp_path / "library.sqlite")
    try:
        assert library.count() == 0
    finally:
        library.close()


def test_the_sample_does_not_know_the_library() -> None:
    tree = ast.parse(Path(sample.__file__).read_text(encoding="utf-8"))
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(m and m.endswith("library") for m in modules)
