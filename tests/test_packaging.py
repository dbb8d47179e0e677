"""The wheel must hold every package: an installed app is not an editable checkout."""

from __future__ import annotations

import tomllib
from pathlib import Path

import newsreader

ROOT = Path(newsreader.__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "newsreader").rglob("__init__.py")}
    assert found <= listed
    assert "newsreader.resources" in listed
