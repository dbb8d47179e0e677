"""Suggesting collections for an article, from what it shares with their stories.

Computed locally from what the library already holds: the entities the article
shares with each collection's stories (rare ones count more), and how well the
article's most distinctive words find each collection's stories in the full-text
index. No model, no download.
"""

from __future__ import annotations

import math
import sqlite3

from .entities.labels import TOPICAL, names_a_thing
from .models import Suggestion
from .query import Term
from .search import fts_quote
from .store import suggestions as store

TOP_WORDS = 12
MAX_SHOWN_ENTITIES = 4


def suggest(conn: sqlite3.Connection, article_id: int, *, limit: int = 3) -> list[Suggestion]:
    """Collections the article is not in yet, best first, with the entities they share."""
    total = max(1, store.article_count(conn))
    by_entities = _entity_scores(conn, article_id, total)
    by_words = _word_scores(conn, article_id)
    names = set(by_entities) | set(by_words)
    current = store.collections_of(conn, article_id)
    ranked = []
    for name in names - current:
        score_e, shared = by_entities.get(name, (0.0, []))
        score = score_e + by_words.get(name, 0.0)
        if score > 0:
            ranked.append(Suggestion(name, round(score, 3), shared[:MAX_SHOWN_ENTITIES]))
    ranked.sort(key=lambda s: (-s.score, s.collection.casefold()))
    return ranked[:limit]


def _entity_scores(conn: sqlite3.Connection, article_id: int,
                   total: int) -> dict[str, tuple[float, list[str]]]:
    """Per collection: the sum of idf of shared entities, scaled by the collection's size.

    An entity is the one its names were merged into ("U.S." counts as United States,
    whichever form each article wrote); names marked "not an entity" count for nothing,
    and neither do numbers, dates, sums or one-letter names: they say nothing of a topic.
    """
    rows = store.shared_entities(conn, article_id)
    scores: dict[str, tuple[float, list[tuple[float, str]]]] = {}
    for name, text, label, df, hits, size in rows:
        if label not in TOPICAL or not names_a_thing(text):
            continue
        weight = math.log(1 + total / df) * hits / max(size, 1)
        score, shared = scores.get(name, (0.0, []))
        shared.append((weight, text))
        scores[name] = (score + weight, shared)
    return {name: (score, [t for _, t in sorted(shared, reverse=True)])
            for name, (score, shared) in scores.items()}


def _word_scores(conn: sqlite3.Connection, article_id: int) -> dict[str, float]:
    """Per collection: how strongly the article's rarest words retrieve its stories."""
    words = _distinctive_words(conn, article_id)
    if not words:
        return {}
    match = " OR ".join(fts_quote(Term(False, None, w)) for w in words)
    rows = store.word_hits(conn, match, article_id)
    return {name: float(score) for name, score in rows if score}


def _distinctive_words(conn: sqlite3.Connection, article_id: int) -> list[str]:
    """The article's terms that few other articles use (tf-idf over the FTS vocabulary)."""
    text = store.article_text(conn, article_id)
    if text is None:
        return []
    total = max(1, store.article_count(conn))
    scored = []
    for term, tf, df in store.term_frequencies(conn, text):
        # a word no other article has connects nothing; a number or date says nothing
        if df > 1 and term[0].isalpha():
            scored.append((tf * math.log(total / df), term))
    return [w for _, w in sorted(scored, reverse=True)[:TOP_WORDS]]
