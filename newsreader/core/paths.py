"""Where the library lives, where the packaged resources are, and where the desktop entry
and icons go (`newsreader install-desktop`)."""

from __future__ import annotations

import os
import sys
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


#: What ``newsreader install-desktop`` writes, under the user's data folder
#: ($XDG_DATA_HOME, else ~/.local/share), from the files in ``resources/desktop/``.
DESKTOP_FILES = {
    "newsreader.desktop": ("applications", "newsreader.desktop"),
    "newsreader.svg": ("icons", "hicolor", "scalable", "apps", "newsreader.svg"),
    "newsreader.png": ("icons", "hicolor", "256x256", "apps", "newsreader.png"),
}
#: Characters that make a desktop entry's Exec argument need quotes (the spec's list).
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def installed_command() -> list[str]:
    """The command that starts this installation's app, absolute: the ``newsreader``
    script beside this Python (a venv's bin/), else this Python with ``-m newsreader``.
    The path is not resolved: a venv's python is a link to the system's."""
    here = Path(os.path.abspath(sys.executable)).parent
    for name in ("newsreader", "newsreader.exe"):
        if (here / name).is_file():
            return [str(here / name)]
    return [os.path.abspath(sys.executable), "-m", "newsreader"]


def _exec_argument(text: str) -> str:
    """One argument of an Exec line, quoted and escaped as the Desktop Entry spec asks
    (then escaped once more as a desktop file's string value)."""
    if any(char in _EXEC_RESERVED for char in text):
        text = '"' + "".join("\\" + c if c in '"`$\\' else c for c in text) + '"'
    return text.replace("\\", "\\\\")


def install_desktop_entry(data_home: Path | None = None) -> list[Path]:
    """Put the app in the user's applications menu: the desktop entry (its Exec= and
    TryExec= naming this installation's command by absolute path) and the icons.
    Returns the files written; running it again replaces them."""
    if data_home is None:
        data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    command = installed_command()
    written = []
    for name, parts in DESKTOP_FILES.items():
        target = data_home.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = resource("desktop", name).read_bytes()
        if name.endswith(".desktop"):
            lines = []
            for line in data.decode("utf-8").splitlines():
                if line.startswith("Exec="):
                    line = "Exec=" + " ".join(_exec_argument(a) for a in [*command, "gui"])
                    lines.append(f"TryExec={command[0]}")
                lines.append(line)
            data = ("\n".join(lines) + "\n").encode("utf-8")
        temp = target.with_name(f".{target.name}.tmp")
        temp.write_bytes(data)
        temp.replace(target)
        written.append(target)
    return written
