"""Finding watchlist terms in text; they win over the engine where spans overlap."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..models import WatchTerm
from .engine import Span
from .word_trie import exact_trie


class WatchlistMatcher:
    """Case-insensitive, whole-word matches of every term, longest term first (one trie
    of all terms, so a long watchlist costs little more per character than a short one)."""

    def __init__(self, terms: Sequence[WatchTerm]) -> None:
        self._labels = {t.term.casefold(): t.label for t in terms}
        self._canonical = {t.term.casefold(): t.term for t in terms}
        words = {t.term.lower() for t in terms if t.term.strip()}
        self._pattern = (
            re.compile(r"(?<!\w)" + exact_trie(words) + r"(?!\w)", re.IGNORECASE)
            if words else None
        )

    def __bool__(self) -> bool:
        return self._pattern is not None

    def find(self, text: str) -> list[Span]:
        if self._pattern is None:
            return []
        return [Span(m.start(), m.end(), self._label(m.group()), m.group())
                for m in self._pattern.finditer(text)]

    def _label(self, surface: str) -> str:
        found = self._labels.get(surface.casefold())
        if found is None:  # a case only re.IGNORECASE equates ("K" and the Kelvin sign)
            found = next(label for term, label in self._labels.items()
                         if re.fullmatch(re.escape(term), surface, re.IGNORECASE))
        return found

    def canonical(self, surface: str) -> str:
        return self._canonical.get(surface.casefold(), surface)


def overlay(engine_spans: list[Span], watched: list[Span]) -> list[Span]:
    """Engine spans that touch a watched span give way to it.

    Watched spans do not overlap one another, so in start order their ends rise too:
    the only one an engine span can touch is the last that starts before it ends
    (a bisection, not a loop over every watched span for every engine span).
    """
    if not watched:
        return engine_spans
    watched = sorted(watched, key=lambda w: w.start)
    starts = [w.start for w in watched]
    kept = []
    for span in engine_spans:
        before = bisect.bisect_left(starts, span.end) - 1
        if before < 0 or watched[before].end <= span.start:
            kept.append(span)
    return sorted(kept + watched, key=lambda s: s.start)
