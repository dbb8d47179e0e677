"""What the command line's modules share: stopping long work cleanly, printing JSON."""

from __future__ import annotations

import signal
from typing import Any


class Interrupt:
    """Ctrl+C (or SIGTERM) asks a long command to stop after its current batch, not
    mid-write."""

    def __init__(self) -> None:
        self._requested = False
        self._previous: dict[int, Any] = {}

    def requested(self) -> bool:
        return self._requested

    def _on_signal(self, _signum: int, _frame: Any) -> None:
        self._requested = True

    def __enter__(self) -> Interrupt:
        for number in (signal.SIGINT, signal.SIGTERM):
            self._previous[number] = signal.signal(number, self._on_signal)
        return self

    def __exit__(self, *exc: object) -> None:
        for number, previous in self._previous.items():
            signal.signal(number, previous)


from .terminal import print_json  # noqa: E402,F401 - the command line's one JSON printer
