"""Inline Markdown (emphasis, links, images, code, tags) removed, the words kept.

Every pattern here runs over one line of a file someone else wrote, so none may
scan to the end of the line from each of many starts: a line of 128 KB of ``**a ``
made the former ``(\\*\\*)(.+?)\\1`` look for a closing ``**`` from every opening one
(61 s). Each pattern's body therefore excludes its own closing delimiter, so a
failed attempt stops at the next delimiter and the line is read a bounded number of
times. Code spans are paired in one pass over the backtick runs.
"""

from __future__ import annotations

import re

#: a link target: anything but parentheses, with one level of balanced parentheses
#: (Wikipedia links); a failed attempt stops at the next unbalanced one
_TARGET = r"\((?:[^()]|\([^()]*\))*\)"
_NOT_ESCAPED = r"(?<!\\)"
_INLINE = (
    (re.compile(_NOT_ESCAPED + r"!\[[^\[\]]*\]" + _TARGET), ""),
    (re.compile(_NOT_ESCAPED + r"!\[[^\[\]]*\]\[[^\[\]]*\]"), ""),
    (re.compile(_NOT_ESCAPED + r"\[([^\[\]]+)\]" + _TARGET), r"\1"),
    (re.compile(_NOT_ESCAPED + r"\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^<>]*>"), ""),
    *((re.compile(_NOT_ESCAPED + opening + r"(?=\S)(" + body + r")(?<=\S)"
                  + _NOT_ESCAPED + closing),
       r"\1") for opening, body, closing in (
        (r"\*\*\*", r"(?:[^*]|\*(?!\*\*))+?", r"\*\*\*"),
        (r"___", r"(?:[^_]|_(?!__))+?", r"___"),
        (r"\*\*", r"(?:[^*]|\*(?!\*))+?", r"\*\*"),
        (r"__", r"(?:[^_]|_(?!_))+?", r"__"),
        (r"\*", r"[^*]+?", r"\*"),
        (r"(?<!\w)_", r"(?:[^_]|(?<=\w)_(?=\w))+?", r"_(?!\w)"),
        (r"~~", r"(?:[^~]|~(?!~))+?", r"~~"),
    )),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])"), r"\1"),
)
_BACKTICKS = re.compile(r"`+")


def code_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(open start, content start, content end, close end) of each code span: a run of
    backticks closed by the next run of the same length (CommonMark), found in one pass."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    next_same: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        next_same[index] = seen.get(length)
        seen[length] = index
    spans = []
    index = 0
    while index < len(runs):
        closing = next_same[index]
        if closing is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[index][1], runs[closing][0], runs[closing][1]))
        index = closing + 1
    return spans


def _strip_markup(piece: str) -> str:
    for pattern, replacement in _INLINE:
        piece = pattern.sub(replacement, piece)
    return piece


def strip_inline(text: str) -> str:
    """Remove inline markup but keep the words, leaving code spans untouched."""
    out: list[str] = []
    at = 0
    for start, content_start, content_end, end in code_spans(text):
        out.append(_strip_markup(text[at:start]))
        out.append(text[content_start:content_end].strip())
        at = end
    out.append(_strip_markup(text[at:]))
    return " ".join("".join(out).split())
