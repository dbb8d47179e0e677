"""A regex for "any of these words" shaped as a trie of their characters.

An alternation of N literals makes ``re`` try every one of them at every place in
the text; a trie tries only the words that start with the characters seen so far,
so a place where no word starts costs a character check or two, however many words
there are (a watchlist of a thousand companies, a gazetteer of a hundred thousand).
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def exact_trie(words: Iterable[str]) -> str:
    """A regex of ``words``; at each place the longest word is tried first."""
    node: dict = {}
    for word in words:
        at = node
        for char in word:
            at = at.setdefault(char, {})
        at[""] = {}
    return _node(node)


def _node(node: dict) -> str:
    branches = [re.escape(char) + _node(child) for char, child in sorted(node.items()) if char]
    if "" in node:  # a word ends here: tried last, so longer words win
        branches.append("")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
