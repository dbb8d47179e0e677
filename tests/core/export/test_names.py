"""Safe, unique file names whatever the text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from newsreader.core.export.names import (
    MAX_COMPONENT_BYTES,
    NameAllocator,
    UnsafePathError,
    check_component,
    clean_stem,
    default_target,
    is_reserved,
    name_key,
)

from .conftest import HOSTILE

WINDOWS_BAD = set('<>:"/\\|?*') | {chr(c) for c in range(32)}


def assert_portable(name: str) -> None:
    assert name not in ("", ".", "..")
    assert not WINDOWS_BAD & set(name), name
    assert not name.endswith((".", " ")), name
    assert not name.startswith("."), name
    assert not is_reserved(name), name
    assert len(name.encode("utf-8")) <= MAX_COMPONENT_BYTES, name
    assert not any(unicodedata.category(c) in ("Cc", "Cf") and c not in "\u200d" for c in name), (
        name
    )
    check_component(name)


@pytest.mark.parametrize("text", HOSTILE)
def test_every_hostile_name_becomes_one_portable_component(text: str) -> None:
    assert_portable(clean_stem(text))
    name = NameAllocator().allocate(text, ".md")
    assert_portable(name)
    assert name.endswith(".md")


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("fmt", ["folder", "digest", "json", "csv"])
def test_default_target_stays_inside_the_folder(tmp_path: Path, text: str, fmt: str) -> None:
    target = default_target(tmp_path, text, fmt)
    assert target.parent == tmp_path
    assert_portable(target.name)


def test_reserved_device_names_with_any_extension() -> None:
    for name in ("CON", "con.md", "Nul.tar.gz", "COM1", "lpt9.txt", "AUX ", "com\u00b9"):
        assert is_reserved(name)
        assert not is_reserved(clean_stem(name))
    assert not is_reserved("CONTACT.md") and not is_reserved("com10")


def test_names_unique_case_and_normalization_insensitively() -> None:
    names = NameAllocator(reserved=("index.md",))
    given = [names.allocate(t) for t in
             ("Title", "title", "TITLE", "e\u0301cole", "\u00e9cole", "Index", "a/b", "a:b", "a?b")]
    assert len({name_key(n) for n in given}) == len(given)
    assert given[:3] == ["Title.md", "title (2).md", "TITLE (3).md"]
    assert name_key("Index.md") not in {name_key(n) for n in given} or given[5] != "Index.md"
    assert given[5] != "Index.md"


def test_long_names_are_cut_to_255_bytes_and_stay_unique() -> None:
    names = NameAllocator()
    long_names = [names.allocate("ж" * 200 + str(n)) for n in range(30)]
    assert len(set(map(name_key, long_names))) == 30
    for name in long_names:
        assert len(name.encode("utf-8")) <= MAX_COMPONENT_BYTES
        assert_portable(name)
    emoji = names.allocate("👩‍👩‍👧" * 100, max_bytes=120)
    assert len(emoji.encode("utf-8")) <= 120


def test_check_component_refuses_paths() -> None:
    for bad in ("", ".", "..", "a/b", "..\\x", "CON", "x.", "x ", "a" * 256):
        with pytest.raises(UnsafePathError):
            check_component(bad)
