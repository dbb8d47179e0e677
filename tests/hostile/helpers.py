"""Running the real command line on awkward input, and checking nothing was lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: Every run is bounded so that a regression fails the test instead of hanging the suite.
RUN_LIMIT_S = 120


def cli(library: Path, *args: str, env: dict[str, str] | None = None,
        stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``newsreader --library LIBRARY ARGS`` in a process of its own (bytes out, as a
    terminal gets them)."""
    values = dict(os.environ)
    values.pop("NEWSREADER_DEBUG", None)
    values.update(env or {})
    return subprocess.run([sys.executable, "-m", "newsreader", "--library", str(library), *args],
                          capture_output=True, check=False, timeout=RUN_LIMIT_S, env=values,
                          input=stdin)


def one_clear_line(stderr: bytes, needle: str) -> bool:
    """The error is said in a ``newsreader: ...`` line, with no traceback and no
    "internal error"."""
    text = stderr.decode("utf-8", "replace")
    return ("Traceback" not in text and "internal error" not in text
            and any(line.startswith("newsreader: ") and needle in line
                    for line in text.splitlines()))
