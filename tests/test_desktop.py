"""The app as a desktop program: `newsreader install-desktop` puts it in the applications
menu (checked with desktop-file-validate, as distributions do), and `newsreader --version`
names the library and the entity engine without creating a library."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader import __version__
from newsreader.cli import main
from newsreader.core import paths

NEWSREADER = Path(os.path.abspath(sys.executable)).parent / "newsreader"
needs_validator = pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate is not installed (Debian: desktop-file-utils; .ci/run "
           "installs it)")


def validate(path: Path) -> None:
    done = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "", done.stdout + done.stderr


def entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


@needs_validator
def test_the_shipped_desktop_entry_is_valid() -> None:
    with paths.resource("desktop", "newsreader.desktop").open("rb") as handle:
        assert handle.read(17) == b"[Desktop Entry]\nT"
    validate(Path(str(paths.resource("desktop", "newsreader.desktop"))))


@needs_validator
def test_install_desktop_puts_the_app_in_the_menu(tmp_path: Path) -> None:
    """README's install command runs `.venv/bin/newsreader install-desktop`."""
    data = tmp_path / "share"
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    done = subprocess.run([str(NEWSREADER), "install-desktop"], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    desktop = data / "applications" / "newsreader.desktop"
    svg = data / "icons" / "hicolor" / "scalable" / "apps" / "newsreader.svg"
    png = data / "icons" / "hicolor" / "256x256" / "apps" / "newsreader.png"
    assert done.stdout.splitlines()[:3] == [f"Wrote {desktop}", f"Wrote {svg}", f"Wrote {png}"]
    validate(desktop)
    fields = entry(desktop)
    assert fields["Exec"] == f"{NEWSREADER} gui" and fields["TryExec"] == str(NEWSREADER)
    assert fields["Icon"] == "newsreader" and fields["Name"] == "Newsreader"
    assert os.access(fields["TryExec"], os.X_OK)
    assert b"<svg" in svg.read_bytes() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # what the menu runs starts this installation (its --version, not another one's)
    version = subprocess.run([fields["TryExec"], "--version"], capture_output=True, text=True,
                             env=env, timeout=60)
    assert version.stdout.splitlines()[0] == f"newsreader {__version__}"


@needs_validator
def test_an_installation_path_with_spaces_and_quotes_is_quoted(monkeypatch, tmp_path) -> None:
    odd = str(tmp_path / 'My "Apps" $HOME' / "bin" / "newsreader")
    monkeypatch.setattr(paths, "installed_command", lambda: [odd])
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert main(["install-desktop"]) == 0
    desktop = tmp_path / "share" / "applications" / "newsreader.desktop"
    validate(desktop)
    exec_line = entry(desktop)["Exec"]
    assert exec_line == '"' + odd.replace('"', '\\\\"').replace("$", "\\\\$") + '" gui'


def test_version_names_the_library_and_engine_and_creates_nothing(capsys, tmp_path) -> None:
    missing = tmp_path / "typo.sqlite"
    assert main(["--library", str(missing), "--version"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"newsreader {__version__}"
    assert out[1] == f"library: {missing} (not created yet)"
    assert out[2].startswith("entities: ")
    assert not missing.exists()
    # a library that chose the rules engine says so
    lib = tmp_path / "lib.sqlite"
    assert main(["--library", str(lib), "entities", "--use", "--engine", "rules"]) == 0
    capsys.readouterr()
    assert main(["--library", str(lib), "--version"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == f"library: {lib}" and out[2].startswith("entities: Built-in rules")
    assert out[3].startswith("search index: ")
    # the default library is named, and not created either
    assert main(["--version"]) == 0
    out = capsys.readouterr().out.splitlines()
    default = paths.default_library_path()
    assert out[1] == f"library: {default} (not created yet)" and not default.exists()


def test_readme_installs_the_menu_entry_after_the_system_packages() -> None:
    """A newcomer reads top down: the packages the app needs, then the command that
    installs it (with the menu entry), and a screenshot that exists."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    packages = readme.index("sudo apt-get install -y python3-venv libegl1 libgl1")
    install = readme.index("python3 -m venv .venv && .venv/bin/pip install . && "
                           ".venv/bin/newsreader install-desktop && .venv/bin/newsreader\n")
    assert packages < install < readme.index(".venv/bin/pip install -q -e \".[test]\"")
    assert "](docs/screenshot.png)" in readme
    assert (Path(__file__).resolve().parents[1] / "docs" / "screenshot.png").stat().st_size > 0
