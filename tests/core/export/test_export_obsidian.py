"""A folder export as an Obsidian vault: properties Obsidian shows, valid tags, aliases,
a title heading, the notes in the page, wikilinks on request; and still a folder that
imports back without loss (older exports too). Made and read with the command line."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from newsreader.cli import main
from newsreader.core.library import Library

from .cli_library import COLLECTION, OTHER, export_cli, make_cli_library
from .test_export_folder import _orders, _snapshot, is_obsidian_tag


def front_and_page(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, _, page = text[4:].partition("\n---\n")
    return yaml.safe_load(head), page


def is_obsidian_property(value: object) -> bool:
    """Obsidian's property types: text, number, checkbox, date (text), list of those."""
    if isinstance(value, list):
        return all(v is None or isinstance(v, (str, int, float)) for v in value)
    return isinstance(value, (str, int, float, bool))


def articles_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.md") if p.name != "index.md")


def test_an_exported_story_is_an_obsidian_note(tmp_path: Path) -> None:
    library = make_cli_library(tmp_path)
    folder = tmp_path / "vault"
    export_cli(library, folder)
    with Library(library) as lib:
        ids, _ = lib.export_items(collection=COLLECTION)
        articles = [lib.article(i) for i in ids]
    for path, article in zip(articles_of(folder), articles, strict=True):
        data, page = front_and_page(path)
        assert all(is_obsidian_property(v) for v in data.values()), data
        assert data["collections"] == article.tags  # the exact names, for the way back
        assert data["tags"] and all(is_obsidian_tag(t) for t in data["tags"])
        assert data["aliases"] == [article.title]
        date.fromisoformat(data["published"])  # an Obsidian date
        lines = page.lstrip("\n").split("\n")
        assert lines[0].startswith("# ")  # the title, as a heading
        assert lines[2].startswith(f"[{COLLECTION}](index.md)")  # back to the index
        assert not re.search(r"[#^\[\]|]", path.stem)  # a name a [[wikilink]] can reach
    first, _ = front_and_page(articles_of(folder)[0])
    assert first["tags"] == ["chip-export-controls", "Korea-China-supply-chain"]
    assert first["collections"] == [COLLECTION, OTHER]
    assert front_and_page(articles_of(folder)[2])[0]["tags"] == ["chip-export-controls", "_2024"]
    _, page = front_and_page(articles_of(folder)[0])
    assert page.lstrip("\n").startswith(
        "# \\<b\\>Bold\\</b\\> claims \\& \\@handle \\*stars\\* \\[link\\](x) \\{\\#id\\}\n")
    assert (f"> [!note] Why it is in “{COLLECTION}”\n> Why: \\@handle \\<i\\>matters\\</i\\>"
            in page)  # the note is in the page, as a callout


def test_wikilinks_join_the_index_and_the_stories(tmp_path: Path) -> None:
    library = make_cli_library(tmp_path)
    folder = tmp_path / "vault"
    export_cli(library, folder, "--links", "wiki")
    index = (folder / "index.md").read_text(encoding="utf-8")
    targets = re.findall(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]", index)
    assert targets == [p.stem for p in articles_of(folder)]
    assert "](" not in index.split("\n---\n", 1)[1]  # no Markdown links left
    for path in articles_of(folder):
        _, page = front_and_page(path)
        assert page.lstrip("\n").split("\n")[2].startswith(f"[[index|{COLLECTION}]]")
    assert "[[001 _b_Bold_b_ claims & @handle _stars_ _link_(x) {_id}|" in index


@pytest.mark.parametrize("links", ["markdown", "wiki"])
def test_an_obsidian_export_imports_back_without_loss(tmp_path: Path, links: str) -> None:
    library = make_cli_library(tmp_path)
    with Library(library) as lib:
        lib.set_collection_note(OTHER, lib.export_items(collection=OTHER)[0][0], "other note")
    folder = tmp_path / "vault"
    export_cli(library, folder, "--links", links)
    _, page = front_and_page(articles_of(folder)[0])  # both notes show, this collection's first
    assert page.index(f"Why it is in “{COLLECTION}”") < page.index(
        f"> [!note] Why it is in “{OTHER}”\n> other note")
    back = tmp_path / "back.db"
    assert main(["--library", str(back), "import", "--no-entities", str(folder)]) == 0
    with Library(library) as before, Library(back) as after:
        assert _snapshot(after) == _snapshot(before)
        assert _orders(after)[COLLECTION] == _orders(before)[COLLECTION]


def test_an_older_export_still_imports(tmp_path: Path) -> None:
    """The form written before: exact tags, nested collections, the whole body as text."""
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "001 Old.md").write_text(
        "---\nnewsreader: article\ntitle: Old story\npublished: '2024-03-01T10:00:00Z'\n"
        "tags:\n- chip export controls\ncollections:\n  chip export controls:\n"
        "    note: why\n    position: 1\nentities:\n  ORG: [Samsung]\n---\n\n"
        "First \\*line\\*.\n\nSecond.\n", encoding="utf-8")
    back = tmp_path / "back.db"
    assert main(["--library", str(back), "import", str(folder)]) == 0
    with Library(back) as lib:
        [article_id], _ = lib.export_items(collection=COLLECTION)
        article = lib.article(article_id)
        assert (article.title, article.body_text) == ("Old story", "First *line*.\n\nSecond.")
        assert article.published_at == "2024-03-01T10:00:00Z"
        assert lib.collections_of(article_id) == [(COLLECTION, "why", 1.0)]


def test_a_collections_description_and_colour_come_back_with_its_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = make_cli_library(tmp_path)
    folder = tmp_path / "vault"
    export_cli(library, folder)
    back = tmp_path / "back.db"
    assert main(["--library", str(back), "import", "--no-entities", str(folder)]) == 0
    capsys.readouterr()
    assert main(["--library", str(back), "tag", "list", "--json"]) == 0
    listed = {t["name"]: t for t in json.loads(capsys.readouterr().out)}
    assert listed[COLLECTION]["color"] == "#cc3300"
    assert listed[COLLECTION]["description"] == ("About <b>chips</b> & @policy\n---\n"
                                                 "# not a heading")
    # a collection that already has its own description and colour keeps them
    other = tmp_path / "other.db"
    with Library(other) as lib:
        lib.describe_tag(COLLECTION, color="#123456", description="mine")
    assert main(["--library", str(other), "import", "--no-entities", str(folder)]) == 0
    capsys.readouterr()
    assert main(["--library", str(other), "tag", "list", "--json"]) == 0
    listed = {t["name"]: t for t in json.loads(capsys.readouterr().out)}
    assert (listed[COLLECTION]["color"], listed[COLLECTION]["description"]) == ("#123456",
                                                                                "mine")
