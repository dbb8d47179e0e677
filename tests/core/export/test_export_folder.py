"""Folder and digest exports: parsed back with YAML and Markdown parsers, imported back."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from markdown_it import MarkdownIt

from newsreader.core.export import default_target, export
from newsreader.core.export.markdown import encode_body
from newsreader.core.export.names import MAX_COMPONENT_BYTES, check_component, name_key
from newsreader.core.export.ownership import MANIFEST
from newsreader.core.ingest.markdown import decode_export_body, parse_markdown
from newsreader.core.library import Library
from newsreader.core.store.tags import clean_name

from .conftest import HOSTILE, make_library

MD = MarkdownIt("commonmark")


def is_obsidian_tag(tag: str) -> bool:
    """Obsidian's rule: letters, digits, "_", "-" and "/", not all digits, no spaces."""
    return bool(re.fullmatch(r"[\w/-]+", tag)) and not tag.isdigit()
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")

BODIES = [
    "Plain first paragraph.\n\nSecond *not emphasis* and _not_ and [not](a link).",
    "# not a heading\n- not a list\n1. not ordered\n> not a quote\n---\n    not code\n```\nnot "
    "fenced",
    "\n\nleading blank lines, trailing spaces  \n\n\n\nthree blank lines above\n\n",
    "controls \x00\x01\x1f\x7f\x85 CR\r\nLF bom\ufeff sep\u2028 para\u2029 tab\tend\t",
    "<b>html</b> &amp; &#x41; \\ backslash \\*star\\* `code` | pipe | ~~strike~~ #tag",
    "de\u0301compose\u0301 and comp\u00e9 e\u0301",
    "",
    "=== setext\n--- too\n+ plus\n* star\n2) paren\n123456789. big",
    "<!-- --> literal comment and &#x20; literal reference",
    "emoji 🦀👩‍👩‍👧 and rtl \u202eevil\u202c \u200fשלום",
    "@cite [@key] $x$ ^s^ {#id}\n(a) list\n: def\n-- --- ==h== %%c%%\ni. roman\nA) up\n% t\n"
    "e\u0301 -- non-NFC dashes",
]


def unique_bodies(count: int) -> list[str]:
    """BODIES over and over, made distinct (the library skips duplicate text)."""
    return [body if n == BODIES.index("") else f"{body}\n\nNumber {n}."
            for n, body in enumerate((BODIES * 10)[:count])]


def rendered(text: str) -> str:
    """What a title looks like once rendered: one line, no control characters."""
    return " ".join(_CONTROLS.sub("", text).split())


def inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def split_front(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    head, sep, body = text[4:].partition("\n---\n")
    if not sep:
        head, body = text[4:].removesuffix("---\n").removesuffix("\n"), ""
    return yaml.safe_load(head), body


@pytest.mark.parametrize("body", BODIES)
def test_body_encoding_is_exactly_reversible(body: str) -> None:
    raw = f"---\nnewsreader: article\ntitle: t\n---\n\n{encode_body(body)}\n"
    [draft] = parse_markdown(raw, origin=None)
    assert draft.body_text == body
    assert decode_export_body("\n" + encode_body(body)) == body


def test_body_renders_as_its_text() -> None:
    html = MD.render(encode_body(BODIES[1]) + "\n\n" + encode_body(BODIES[4]))
    for tag in ("<h1", "<h2", "<ul", "<ol", "<blockquote", "<pre", "<hr", "<em", "<a ", "<b>"):
        assert tag not in html, tag
    assert "&lt;b&gt;html&lt;/b&gt;" in html and "\\*star\\*" in html


def _export_hostile(tmp_path: Path, collection: str) -> tuple[Library, list[int], Path]:
    titles = HOSTILE + ["Ordinary title"] * 2  # two equal titles need two files
    bodies = unique_bodies(len(titles))
    library, order = make_library(tmp_path / "a.db", titles, bodies=bodies,
                                  collection=collection, extra_tags=["--also", "CON"])
    target = default_target(tmp_path / "exports", collection, "folder")
    result = export(library, target, format="folder", collection=collection)
    assert result.count == len(titles) and not result.cancelled
    return library, order, target


@pytest.mark.parametrize("collection", [*HOSTILE[:12], "line\nbreak", "\u202eRTL", "Straße"])
def test_folder_export_with_hostile_names_parses_and_stays_inside(tmp_path: Path,
                                                                 collection: str) -> None:
    library, order, target = _export_hostile(tmp_path, collection)
    stored = clean_name(collection)
    assert target.parent == tmp_path / "exports"
    names = [n for n in os.listdir(target) if n != MANIFEST]  # the articles and index.md
    assert sorted(os.listdir(tmp_path / "exports")) == [target.name]  # nothing else, no temp
    assert len(names) == len(order) + 1 and "index.md" in names
    assert len({name_key(n) for n in names}) == len(names)
    for name in names:
        check_component(name)
        assert len(name.encode("utf-8")) <= MAX_COMPONENT_BYTES
        assert (target / name).is_file() and not (target / name).is_symlink()

    # index.md: front matter and rendered links in collection order
    index = (target / "index.md").read_text(encoding="utf-8")
    meta, body = split_front(index)
    assert meta["newsreader"] == "index" and meta["collection"] == stored
    assert meta["description"] == "About *energy*.\n\n# Not a heading"
    tokens = MD.parse(body)
    assert inline_text(tokens[1]) == rendered(stored)  # the h1
    assert sum(t.type == "heading_open" for t in tokens) == 1  # "# Not a heading" escaped
    links = [
        (inline_text(t), [c for c in t.children if c.type == "link_open"])
        for t in tokens
        if t.type == "inline" and any(c.type == "link_open" for c in t.children)
    ]
    assert len(links) == len(order)
    for (text, [link, *_]), article_id in zip(links, order, strict=True):
        article = library.article(article_id)
        file = target / unquote(link.attrs["href"])
        assert file.parent == target and file.is_file()
        assert text.startswith(rendered(article.title))
        # article file: YAML gives every value back exactly
        data, _ = split_front(file.read_text(encoding="utf-8"))
        assert data["title"] == article.title
        assert data["collections"] == article.tags  # exact; "tags" are Obsidian's
        assert all(is_obsidian_tag(tag) for tag in data["tags"])
        assert data["collection"] == stored
        assert data["position"] == order.index(article_id) + 1
        assert data["note"] == article.note
        assert data["read"] is article.is_read and data["starred"] is article.is_starred
        assert data["published_at"] == article.published_at and data["url"] == article.url
        assert data["published"] == article.published_at[:10]  # an Obsidian date
    first = library.article(order[0])
    data, _ = split_front((target / unquote(links[0][1][0].attrs["href"])).read_text("utf-8"))
    if library.mentions(first.id):
        assert (data["entities_org"], data["entities_person"]) == (["Story"], ["opens"])
    library.close()


def _snapshot(library: Library) -> dict:
    """Everything a round trip must keep, keyed by title+body (ids differ)."""
    out = {}
    for chunk in library.iter_ids(None):
        for article_id in chunk:
            a = library.article(article_id)
            key = (a.title, a.body_text)
            out[key] = {
                "source": a.source,
                "author": a.author,
                "url": a.url,
                "published": a.published_at,
                "added": a.added_at,
                "read": a.is_read,
                "starred": a.is_starred,
                "note": a.note,
                "language": a.language,
                "guid": a.guid,
                "tags": sorted(a.tags),
                "collections": sorted(
                    (n, note) for n, note, _ in library.collections_of(article_id)
                ),
            }
    return out


def _orders(library: Library) -> dict[str, list[tuple[str, str]]]:
    orders = {}
    for tag in library.tags():
        ids, _ = library.export_items(collection=tag.name)
        orders[tag.name] = [(library.article(i).title, library.article(i).body_text) for i in ids]
    return orders


@pytest.mark.parametrize("collection", ["Research: energy", "../../etc", "CON", ".."])
def test_folder_export_imports_back_into_an_empty_library_without_loss(
        tmp_path: Path, collection: str) -> None:
    library, order, target = _export_hostile(tmp_path, collection)
    with Library(tmp_path / "back.db") as back:
        report = back.import_paths([target])
        assert report.failed == [] and report.added == len(order)
        assert _snapshot(back) == _snapshot(library)
        assert _orders(back) == _orders(library)
        assert _orders(back)[clean_name(collection)][0][0] == library.article(order[0]).title
    library.close()


def test_round_trip_keeps_every_collection_of_a_search_export(tmp_path: Path) -> None:
    library, order = make_library(tmp_path / "a.db", ["One", "Two", "Three"],
                                  extra_tags=["second list"])
    library.set_collection_order("second list", list(reversed(order)))
    library.set_collection_note("second list", order[1], "noted elsewhere")
    target = tmp_path / "search"
    export(library, target, format="folder", query="story")
    with Library(tmp_path / "back.db") as back:
        assert back.import_paths([target]).added == 3
        assert _snapshot(back) == _snapshot(library)
        assert _orders(back) == _orders(library)
    library.close()


def test_reexport_replaces_the_previous_export(tmp_path: Path) -> None:
    library, order = make_library(tmp_path / "a.db", ["One", "Two", "Three"])
    target = tmp_path / "out"
    export(library, target, format="folder", collection="Research: energy")
    library.remove_tag("Research: energy", order[:1])
    export(library, target, format="folder", collection="Research: energy")
    assert sorted(os.listdir(target)) == [MANIFEST, "001 One.md", "002 Three.md", "index.md"]
    assert sorted(os.listdir(tmp_path)) == ["a.db", "out"] or all(
        not n.startswith(".newsreader-export") for n in os.listdir(tmp_path))
    library.close()


@pytest.mark.parametrize("full_text", [True, False])
def test_digest_parses_with_titles_rendered_as_themselves(tmp_path: Path, full_text: bool) -> None:
    titles = [*HOSTILE, "Ordinary title"]
    library, order = make_library(tmp_path / "a.db", titles, bodies=unique_bodies(len(titles)),
                                  collection="#digest: *all* [of] <them>")
    target = default_target(tmp_path, "#digest: *all* [of] <them>", "digest")
    result = export(library, target, format="digest", collection="#digest: *all* [of] <them>",
                    full_text=full_text)
    assert result.count == len(titles) and target.parent == tmp_path
    text = target.read_text(encoding="utf-8")
    tokens = MD.parse(text)
    headings = [
        inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    assert headings[0] == "#digest: *all* [of] <them>"
    assert headings[1] == "Contents"
    expected = [f"{n}. {rendered(library.article(i).title)}" for n, i in enumerate(order, 1)]
    assert headings[2:] == expected
    toc = [
        t for t in tokens if t.type == "inline" and any(c.type == "link_open" for c in t.children)
    ]
    hrefs = [c.attrs["href"] for t in toc for c in t.children if c.type == "link_open"]
    assert [h for h in hrefs if h.startswith("#")] == [
        f"#story-{n}" for n in range(1, len(order) + 1)
    ]
    for n in range(1, len(order) + 1):
        assert f'## <span id="story-{n}"></span>{n}. ' in text  # Pandoc's anchors too
    assert "About *energy*." in MD.render(text).replace("<em>", "!")  # escaped, not emphasis
    assert "why 0: because" in text
    library.close()


def test_index_md_and_plain_markdown_collections_in_the_importer() -> None:
    assert parse_markdown("---\nnewsreader: index\ntitle: x\n---\n\n# x\n", origin=None) == []
    [draft] = parse_markdown(
        "---\ntitle: T\ncollections:\n  Energy: {note: why, position: 2}\n  Other:\n"
        "collection: Third\ncollection_note: n3\nposition: 7\n---\nBody text.\n", origin=None)
    assert draft.collection_notes == {"Energy": "why", "Other": "", "Third": "n3"}
    assert draft.collection_positions == {"Energy": 2.0, "Third": 7.0}


def test_exported_front_matter_survives_every_hostile_value(tmp_path: Path) -> None:
    from newsreader.core.export.markdown import front_matter
    values = [*HOSTILE, "x\u0085y", "\ufefflead", "  edges  ", "a\n\n\nb\n", "e\u0301", "\x00"]
    for value in values:
        text = front_matter(
            {"title": value, "tags": [value], "collections": {value: {"note": value}}}
        )
        [draft] = parse_markdown(
            f"{text}\nbody\n".replace("---\n", "---\nnewsreader: article\n", 1), origin=None
        )
        assert yaml.safe_load(text[4:-4]) == {"title": value, "tags": [value],
                                               "collections": {value: {"note": value}}}
        assert draft.title == value
        assert draft.collection_notes == {value: value}
        assert unicodedata.is_normalized("NFC", text) or value == ""
