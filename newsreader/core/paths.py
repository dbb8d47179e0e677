"""Where the library lives and where the packaged resources are."""

from __future__ import annotations

import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs

APP_NAME = "newsreader"
LIBRARY_ENV = "NEWSREADER_LIBRARY"
LIBRARY_FILENAME = "library.sqlite"


def default_library_path() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / LIBRARY_FILENAME


def resolve_library_path(explicit: str | os.PathLike[str] | None) -> tuple[Path, bool]:
    """The library to open and whether it is the default one.

    ``--library`` wins over ``NEWSREADER_LIBRARY``, which wins over the platform
    data dir. Only the default library is seeded with the sample stories: a path
    the user names is theirs and starts empty.
    """
    if explicit:
        return Path(explicit).expanduser(), False
    from_env = os.environ.get(LIBRARY_ENV)
    if from_env:
        return Path(from_env).expanduser(), False
    return default_library_path(), True


def resource(*parts: str) -> Traversable:
    """A file shipped in ``resources/`` (installed as the ``newsreader.resources`` package)."""
    node = files("newsreader.resources")
    for part in parts:
        node = node / part
    return node
