"""A progress bar for the terminal, drawn only when someone is watching."""

from __future__ import annotations

import time
from typing import TextIO


class TerminalProgress:
    """Redraws one line on a TTY at most ten times a second; silent when piped."""

    def __init__(self, stream: TextIO, *, label: str, width: int = 30) -> None:
        self._stream = stream
        self._label = label
        self._width = width
        self._enabled = stream.isatty()
        self._last_draw = 0.0
        self._drawn = False

    def update(self, done: int, total: int, current: str = "") -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < 0.1 and done < total:
            return
        self._last_draw = now
        filled = int(self._width * done / total) if total else self._width
        bar = "#" * filled + "-" * (self._width - filled)
        self._stream.write(f"\r{self._label} [{bar}] {done}/{total}")
        self._stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()
