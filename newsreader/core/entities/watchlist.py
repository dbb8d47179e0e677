"""Finding watchlist terms in text; they win over the engine where spans overlap."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..store.watchlist import WatchTerm
from .engine import Span


class WatchlistMatcher:
    """Case-insensitive, whole-word matches of every term, longest term first."""

    def __init__(self, terms: Sequence[WatchTerm]) -> None:
        self._labels = {t.term.casefold(): t.label for t in terms}
        self._canonical = {t.term.casefold(): t.term for t in terms}
        ordered = sorted((t.term for t in terms if t.term.strip()), key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in ordered) + r")(?!\w)",
                       re.IGNORECASE)
            if ordered else None
        )

    def __bool__(self) -> bool:
        return self._pattern is not None

    def find(self, text: str) -> list[Span]:
        if self._pattern is None:
            return []
        return [Span(m.start(), m.end(), self._labels[m.group().casefold()], m.group())
                for m in self._pattern.finditer(text)]

    def canonical(self, surface: str) -> str:
        return self._canonical.get(surface.casefold(), surface)


def overlay(engine_spans: list[Span], watched: list[Span]) -> list[Span]:
    """Engine spans that touch a watched span give way to it."""
    if not watched:
        return engine_spans
    kept = [s for s in engine_spans
            if not any(s.start < w.end and w.start < s.end for w in watched)]
    return sorted(kept + watched, key=lambda s: s.start)
