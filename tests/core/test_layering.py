"""The core must stay usable without Qt: scripts, the CLI and workers depend on it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import newsreader

PACKAGE = Path(newsreader.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_qt() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "core").rglob("*.py")
        if any(name.split(".")[0] in ("PySide6", "shiboken6") for name in imported_modules(path))
    ]
    assert offenders == []


def test_cli_and_core_load_without_qt() -> None:
    code = ("import sys, newsreader.cli, newsreader.core.library; "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_ui_runs_no_sql() -> None:
    for path in (PACKAGE / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert ".execute(" not in text and "sqlite3" not in text, path
