"""SQL for suggesting collections: what an article shares with each collection's stories.

The scoring lives in ``core.suggest``; these queries fetch what it weighs.
"""

from __future__ import annotations

import sqlite3

TOKENIZER = "porter unicode61 remove_diacritics 2"  # as articles_fts (schema.py)


def article_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def collections_of(conn: sqlite3.Connection, article_id: int) -> set[str]:
    """The names of the collections the article is in."""
    return {r[0] for r in conn.execute(
        "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
        "WHERE at.article_id = ?", (article_id,))}


def shared_entities(conn: sqlite3.Connection,
                    article_id: int) -> list[tuple[str, str, str, int, int, int]]:
    """(collection, entity text, its label, articles naming the entity, the collection's
    articles naming it, the collection's size) for each entity the article shares with a
    collection. An entity is the one its names were merged into ("U.S." counts as United
    States, whichever form each article wrote); names marked "not an entity" are left out."""
    return conn.execute(
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


def word_hits(conn: sqlite3.Connection, match: str, article_id: int) -> list[tuple[str, float]]:
    """(collection, summed bm25 of its other stories that ``match`` finds, per story)."""
    return conn.execute(
        """
        WITH hits AS MATERIALIZED (SELECT rowid AS id, -bm25(articles_fts) AS score FROM articles_fts
                      WHERE articles_fts MATCH ? AND rowid != ?)
        SELECT t.name, sum(hits.score) / (SELECT count(*) FROM article_tags x
                                          WHERE x.tag_id = t.id)
        FROM hits JOIN article_tags at ON at.article_id = hits.id
        JOIN tags t ON t.id = at.tag_id
        GROUP BY t.id
        """, (match, article_id)).fetchall()


def article_text(conn: sqlite3.Connection, article_id: int) -> str | None:
    """Title and body as one text; None if there is no such article."""
    row = conn.execute("SELECT title || ' ' || body_text FROM articles WHERE id = ?",
                       (article_id,)).fetchone()
    return None if row is None else row[0]


def term_frequencies(conn: sqlite3.Connection, text: str) -> list[tuple[str, int, int]]:
    """(term, count in the text, articles of the library that hold it) for the text's
    terms longer than three letters (an unknown term counts as held by one article).

    The text is tokenised by a scratch FTS5 table with the library's tokenizer, so
    its terms are stemmed exactly as the index's are.
    """
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.one_doc USING fts5(body, "
                 f"tokenize={TOKENIZER!r})")
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.one_doc_terms "
                 "USING fts5vocab('temp', 'one_doc', 'row')")
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.library_terms "
                 "USING fts5vocab('main', 'articles_fts', 'row')")
    conn.execute("DELETE FROM temp.one_doc")
    conn.execute("INSERT INTO temp.one_doc (body) VALUES (?)", (text,))
    found = []
    for term, tf in conn.execute(
        "SELECT d.term, d.cnt FROM temp.one_doc_terms d WHERE length(d.term) > 3"
    ).fetchall():
        row = conn.execute("SELECT doc FROM temp.library_terms WHERE term = ?", (term,)).fetchone()
        found.append((term, tf, row[0] if row else 1))
    conn.execute("DELETE FROM temp.one_doc")
    return found
