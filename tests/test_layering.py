"""Each layer keeps to its job: SQL runs only in ``newsreader/core/store/``.

Read with ``ast``, not grepped: a call's name is what counts, whatever the
spacing, the receiver (``conn``, ``self._conn``, a cursor) or the line breaks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import newsreader

PACKAGE = Path(newsreader.__file__).parent
STORE = PACKAGE / "core" / "store"
SQL_CALLS = {"execute", "executemany", "executescript"}


def sql_calls(path: Path) -> list[int]:
    """The lines of ``path`` that call a method named execute/executemany/executescript."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in SQL_CALLS]


def test_sql_runs_only_in_store() -> None:
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{line}"
                 for path in sorted(PACKAGE.rglob("*.py")) if STORE not in path.parents
                 for line in sql_calls(path)]
    assert offenders == [], "SQL outside newsreader/core/store/: " + ", ".join(offenders)


def test_the_check_sees_sql_however_written(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f(self, rows):\n"
                      "    self._conn.execute('SELECT 1')\n"
                      "    cursor = self._conn.cursor()\n"
                      "    cursor .executemany(\n        'INSERT INTO t VALUES (?)', rows)\n"
                      "    getattr(self, 'x').executescript('')\n"
                      "    return 'conn.execute(' \n")
    assert sql_calls(sample) == [2, 4, 6]
