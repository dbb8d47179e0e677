"""Snippets made from an article's text: the few words around the best matches.

FTS5's ``snippet()`` re-reads the whole match list of the query's words for every
article it is asked about: cheap for a rare word, 30-100 ms per article for a prefix or
a phrase of common words at a million articles. The search index knows which words
match (its own analysis of them, :class:`WordMatcher`); the window of text is then
chosen here, as FTS5 does: the field and the run of ``WORDS`` words with the most
different matched words, marked between ``SNIPPET_OPEN`` and ``SNIPPET_CLOSE``, "…"
where the text goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .models import SNIPPET_CLOSE, SNIPPET_OPEN

#: words in a snippet, as the FTS5 snippets had
WORDS = 16
_WORD = re.compile(r"\w+")

#: whether one word of the text is one the query asked for
WordMatcher = Callable[[str], bool]


def snippet(fields: Sequence[str], matches: WordMatcher, words: int = WORDS) -> str | None:
    """The best run of ``words`` words of the first field with the most matched words
    (a title that matches as well as the body wins), or None when nothing matches."""
    best: tuple[int, int, str, list[re.Match[str]], list[bool], int] | None = None
    for order, text in enumerate(fields):
        found = list(_WORD.finditer(text or ""))
        flags = [matches(m.group()) for m in found]
        if not any(flags):
            continue
        start, score = _best_window(found, flags, words)
        if best is None or (score, -order) > (best[0], best[1]):
            best = (score, -order, text, found, flags, start)
    if best is None:
        return None
    _score, _order, text, found, flags, start = best
    return _marked(text, found, flags, start, words)


def _best_window(found: list[re.Match[str]], flags: list[bool],
                 words: int) -> tuple[int, int]:
    """Where the run with the most different matched words starts (the earliest such)."""
    best_start, best_score = 0, -1
    tried: set[int] = set()
    for hit in (i for i, flag in enumerate(flags) if flag):
        start = max(0, min(hit - 2, len(found) - words))
        if start in tried:
            continue
        tried.add(start)
        score = len({found[j].group().casefold()
                     for j in range(start, min(start + words, len(found))) if flags[j]})
        if score > best_score:
            best_start, best_score = start, score
    return best_start, best_score


def _marked(text: str, found: list[re.Match[str]], flags: list[bool], start: int,
            words: int) -> str:
    window = range(start, min(start + words, len(found)))
    begin, end = found[window[0]].start(), found[window[-1]].end()
    parts = ["…" if start > 0 else ""]
    at = begin
    for j in window:
        m = found[j]
        parts.append(text[at:m.start()])
        parts.append(f"{SNIPPET_OPEN}{m.group()}{SNIPPET_CLOSE}" if flags[j] else m.group())
        at = m.end()
    parts.append(text[at:end])
    if start + words < len(found):
        parts.append("…")
    return "".join(parts)
