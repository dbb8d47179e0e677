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


#: What the window and the command line may import from the core: the Library (the one
#: door), the records it returns, its errors, and small value modules with no state.
DOOR = {"newsreader.core.library", "newsreader.core.models", "newsreader.core.errors",
        "newsreader.core.query", "newsreader.core.entities.labels"}
#: The entry points also open and close a library for use, and find the default one.
ENTRY_DOOR = DOOR | {"newsreader.core.opening", "newsreader.core.paths"}


def core_imports(path: Path) -> set[str]:
    """The core modules ``path`` imports, as absolute names, read with ``ast`` (inside
    functions too: a late import is still an import)."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[:len(base) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            # "from .core import library" imports the module newsreader.core.library
            names = [f"{module}.{a.name}" if not node.module or module.endswith(".core")
                     else module for a in node.names]
        else:
            continue
        found.update(n for n in names if n.startswith("newsreader.core"))
    return found


def test_the_ui_and_the_cli_reach_the_core_only_through_the_library() -> None:
    entry_points = {"app.py", "cli.py", "cli_entities.py", "cli_learning.py", "cli_support.py"}
    checked = [*(PACKAGE / "ui").rglob("*.py"), *(PACKAGE / name for name in entry_points)]
    offenders = {}
    for path in checked:
        allowed = ENTRY_DOOR if path.parent == PACKAGE else DOOR
        outside = sorted(core_imports(path) - allowed)
        if outside:
            offenders[str(path.relative_to(PACKAGE))] = outside
    assert offenders == {}
