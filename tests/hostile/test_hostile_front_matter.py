"""Markdown front matter built to exhaust the parser: each such file is refused with a
line of its own, quickly, and the rest of the batch imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.ingest.bounded_yaml import YamlLimitError, safe_load_bounded
from newsreader.core.library import Library

from .helpers import cli, one_clear_line

pytestmark = pytest.mark.hostile

#: The classic YAML "billion laughs": 9**9 (387 million) strings once expanded, and a
#: note field whose str() expands it (60 s and 3 GB, then the whole import failed).
ALIAS_BOMB = "\n".join([
    "---",
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    *(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]"
      for prev, name in zip("abcdefgh", "bcdefghi", strict=True)),
    "note: *i",
    "title: Alias bomb",
    "---",
    "Body of the bomb.",
    "",
])
DEEP_NESTING = "---\ntags: " + "[" * 10_000 + "]" * 10_000 + "\n---\nBody.\n"
RECURSIVE = "---\nnote: &a [*a]\n---\nBody.\n"


def _batch(tmp_path: Path, hostile: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a good one.md").write_text("---\ntitle: Good one\n---\nFine text.\n", "utf-8")
    (folder / "hostile.md").write_text(hostile, "utf-8")
    (folder / "z good two.txt").write_text("Good two\n\nMore fine text.\n", "utf-8")
    return folder


@pytest.mark.parametrize(("hostile", "reason"), [
    (ALIAS_BOMB, "once its aliases are expanded"),
    (DEEP_NESTING, "nested more than 64 levels deep"),
    (RECURSIVE, "contains itself"),
    ("---\nnote: " + "x" * (1024 * 1024) + "\n---\nBody.\n", "larger than 1,024 KiB"),
], ids=["alias-bomb", "10000-deep", "recursive-alias", "oversized"])
def test_bad_front_matter_costs_its_file_only(tmp_path: Path, hostile: str, reason: str) -> None:
    folder = _batch(tmp_path, hostile)
    library = tmp_path / "lib.sqlite"
    result = cli(library, "import", "--no-entities", str(folder))
    assert result.returncode == 1
    assert one_clear_line(result.stderr, "hostile.md: front matter refused: "), result.stderr
    assert reason in result.stderr.decode()
    with Library(library) as lib:
        assert sorted(r.title for r in lib.search("")) == ["Good one", "Good two"]


def test_the_alias_bomb_is_refused_before_it_is_expanded() -> None:
    yaml_text = ALIAS_BOMB.split("---\n")[1]
    with pytest.raises(YamlLimitError, match="an alias bomb"):
        safe_load_bounded(yaml_text)
