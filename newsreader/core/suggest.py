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
from .query import Term
from .search import fts_quote
from .models import Suggestion

TOP_WORDS = 12
TOKENIZER = "porter unicode61 remove_diacritics 2"  # as articles_fts (schema.py)
MAX_SHOWN_ENTITIES = 4


def suggest(conn: sqlite3.Connection, article_id: int, *, limit: int = 3) -> list[Suggestion]:
    """Collections the article is not in yet, best first, with the entities they share."""
    total = max(1, conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    by_entities = _entity_scores(conn, article_id, total)
    by_words = _word_scores(conn, article_id)
    names = set(by_entities) | set(by_words)
    current = {r[0] for r in conn.execute(
        "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
        "WHERE at.article_id = ?", (article_id,))}
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
    rows = conn.execute(
        """
        WITH mine AS (SELECT DISTINCT coalesce(e.merged_into, e.id) AS root
                      FROM mentions m JOIN entities e ON e.id = m.entity_id
                      WHERE m.article_id = :a AND e.ignored = 0),
        names AS (SELECT e.id, mine.root FROM mine JOIN entities e ON e.id = mine.root
                  WHERE e.ignored = 0
                  UNION SELECT e.id, mine.root FROM mine JOIN entities e
                  ON e.merged_into = mine.root WHERE e.ignored = 0),
        hit AS (SELECT DISTINCT names.root, m.article_id FROM names
                JOIN mentions m ON m.entity_id = names.id),
        df AS (SELECT root, count(*) AS n FROM hit GROUP BY root)
        SELECT t.name, r.text, r.label, df.n, count(DISTINCT hit.article_id) AS hits,
               (SELECT count(*) FROM article_tags x WHERE x.tag_id = t.id) AS size
        FROM hit JOIN article_tags at ON at.article_id = hit.article_id
        JOIN tags t ON t.id = at.tag_id
        JOIN entities r ON r.id = hit.root
        JOIN df ON df.root = hit.root
        WHERE hit.article_id != :a
        GROUP BY t.id, hit.root
        """, {"a": article_id}).fetchall()
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
    rows = conn.execute(
        """
        WITH hits AS MATERIALIZED (SELECT rowid AS id, -bm25(articles_fts) AS score FROM articles_fts
                      WHERE articles_fts MATCH ? AND rowid != ?)
        SELECT t.name, sum(hits.score) / (SELECT count(*) FROM article_tags x
                                          WHERE x.tag_id = t.id)
        FROM hits JOIN article_tags at ON at.article_id = hits.id
        JOIN tags t ON t.id = at.tag_id
        GROUP BY t.id
        """, (match, article_id)).fetchall()
    return {name: float(score) for name, score in rows if score}


def _distinctive_words(conn: sqlite3.Connection, article_id: int) -> list[str]:
    """The article's terms that few other articles use (tf-idf over the FTS vocabulary).

    The article is tokenised by a scratch FTS5 table with the library's tokenizer, so
    its terms are stemmed exactly as the index's are.
    """
    text = conn.execute("SELECT title || ' ' || body_text FROM articles WHERE id = ?",
                        (article_id,)).fetchone()
    if text is None:
        return []
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.one_doc USING fts5(body, "
                 f"tokenize={TOKENIZER!r})")
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.one_doc_terms "
                 "USING fts5vocab('temp', 'one_doc', 'row')")
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.library_terms "
                 "USING fts5vocab('main', 'articles_fts', 'row')")
    conn.execute("DELETE FROM temp.one_doc")
    conn.execute("INSERT INTO temp.one_doc (body) VALUES (?)", (text[0],))
    total = max(1, conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    scored = []
    for term, tf in conn.execute(
        "SELECT d.term, d.cnt FROM temp.one_doc_terms d WHERE length(d.term) > 3"
    ).fetchall():
        row = conn.execute("SELECT doc FROM temp.library_terms WHERE term = ?", (term,)).fetchone()
        df = row[0] if row else 1
        # a word no other article has connects nothing; a number or date says nothing
        if df > 1 and term[0].isalpha():
            scored.append((tf * math.log(total / df), term))
    conn.execute("DELETE FROM temp.one_doc")
    return [w for _, w in sorted(scored, reverse=True)[:TOP_WORDS]]
