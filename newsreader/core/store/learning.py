"""SQL for collections that learn: the switch and the rule on a collection, the shared
feature space, each collection's model, and the suggestions with their decisions.

``tag_suggestions.state`` is ``ranked`` (a model's best guesses, shown by
``tag suggest``), ``suggested`` (confident enough to tag: shown in the collection as
suggested, listed by ``tag review``) or ``rejected`` (the reader said no; kept, so the
next training learns from it and it is never suggested again). Accepting one turns
it into an ordinary ``article_tags`` row. The models themselves are read and written
by ``learning_models`` (it needs numpy; this module stays light, as every command and
the window's start read suggestions).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import SuggestionRow
from . import tags as tag_store

CHUNK = 900
RANKED, SUGGESTED, REJECTED = "ranked", "suggested", "rejected"


@dataclass(frozen=True, slots=True)
class LearnedTag:
    id: int
    name: str


# -- the switch and the rule on a collection -----------------------------------------
def set_learns(conn: sqlite3.Connection, tag: int, on: bool) -> None:
    conn.execute("UPDATE tags SET learns = ? WHERE id = ?", (int(on), tag))
    if not on:
        forget_model(conn, tag)


def learned_tags(conn: sqlite3.Connection) -> list[LearnedTag]:
    return [LearnedTag(r[0], r[1]) for r in conn.execute(
        "SELECT id, name FROM tags WHERE learns = 1 ORDER BY name COLLATE NOCASE")]


def learns(conn: sqlite3.Connection, tag: int) -> bool:
    row = conn.execute("SELECT learns FROM tags WHERE id = ?", (tag,)).fetchone()
    return bool(row and row[0])


def set_rule(conn: sqlite3.Connection, tag: int, query: str | None) -> None:
    conn.execute("UPDATE tags SET rule = ? WHERE id = ?", (query, tag))


def rules(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(tag id, name, query) of every collection with a rule."""
    return [(r[0], r[1], r[2]) for r in conn.execute(
        "SELECT id, name, rule FROM tags WHERE rule IS NOT NULL ORDER BY name COLLATE NOCASE")]


def matching(conn: sqlite3.Connection, where: str, params: Sequence[object],
             ids: Sequence[int]) -> list[int]:
    """Which of ``ids`` match a compiled search (``where`` over ``articles a``)."""
    tag_store.stage_ids(conn, ids)
    return [r[0] for r in conn.execute(
        f"SELECT a.id FROM articles a WHERE a.id IN (SELECT id FROM temp.staged_ids) "
        f"AND {where}", list(params))]


# -- what training reads ---------------------------------------------------------------
def members(conn: sqlite3.Connection, tag: int) -> set[int]:
    return {r[0] for r in conn.execute(
        "SELECT article_id FROM article_tags WHERE tag_id = ?", (tag,))}


def rejected(conn: sqlite3.Connection, tag: int) -> set[int]:
    return {r[0] for r in conn.execute(
        "SELECT article_id FROM tag_suggestions WHERE tag_id = ? AND state = 'rejected'",
        (tag,))}


# -- models --------------------------------------------------------------------------------
def forget_model(conn: sqlite3.Connection, tag: int) -> None:
    """Drop a collection's model and its pending suggestions (its rejections stay)."""
    conn.execute("DELETE FROM tag_models WHERE tag_id = ?", (tag,))
    conn.execute("DELETE FROM tag_suggestions WHERE tag_id = ? AND state != 'rejected'", (tag,))


def forget_models_except(conn: sqlite3.Connection, keep: Sequence[int]) -> None:
    for (tag,) in conn.execute("SELECT tag_id FROM tag_models").fetchall():
        if tag not in keep:
            forget_model(conn, tag)


def has_models(conn: sqlite3.Connection) -> bool:
    """Whether any learning collection has a trained model (new articles need scoring)."""
    return conn.execute("SELECT 1 FROM tag_models m JOIN tags t ON t.id = m.tag_id "
                        "WHERE t.learns = 1 LIMIT 1").fetchone() is not None


def model_info(conn: sqlite3.Connection, tag: int) -> tuple[int, int, str] | None:
    """(stories, rejections, trained at) the collection's model was trained with."""
    row = conn.execute("SELECT positives, rejected, trained_at FROM tag_models WHERE tag_id = ?",
                       (tag,)).fetchone()
    return (row[0], row[1], row[2]) if row else None


# -- suggestions ---------------------------------------------------------------------------
SuggestionInsert = tuple[int, int, str, float, str]  # tag, article, state, score, reasons


def replace_suggestions(conn: sqlite3.Connection, tag: int, rows: Sequence[SuggestionInsert],
                        now: str) -> None:
    """A collection's ranking and suggestions anew; rejections and accepted stay."""
    conn.execute("DELETE FROM tag_suggestions WHERE tag_id = ? AND state != 'rejected'", (tag,))
    add_suggestions(conn, rows, now)


def add_suggestions(conn: sqlite3.Connection, rows: Sequence[SuggestionInsert], now: str) -> None:
    """Store suggestions, leaving alone any the reader has decided on already, and any
    article already in the collection."""
    conn.executemany(
        "INSERT INTO tag_suggestions (tag_id, article_id, state, score, reasons, scored_at) "
        "SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM article_tags "
        "WHERE tag_id = ?1 AND article_id = ?2) "
        "ON CONFLICT (tag_id, article_id) DO UPDATE SET state = excluded.state, "
        "score = excluded.score, reasons = excluded.reasons, scored_at = excluded.scored_at "
        "WHERE tag_suggestions.state != 'rejected'",
        [(*row, now) for row in rows])


def suggestions(conn: sqlite3.Connection, tag: int | None, states: Sequence[str], *,
                limit: int | None = None) -> list[SuggestionRow]:
    """Stored suggestions, best first (within a collection; collections by name)."""
    marks = ",".join("?" * len(states))
    where = f"s.state IN ({marks})" + ("" if tag is None else " AND s.tag_id = ?")
    params: list[object] = [*states] + ([] if tag is None else [tag])
    return [
        SuggestionRow(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5])
        for r in conn.execute(
            f"SELECT t.name, s.article_id, a.title, s.score, s.reasons, s.state "
            f"FROM tag_suggestions s JOIN tags t ON t.id = s.tag_id "
            f"JOIN articles a ON a.id = s.article_id "
            f"WHERE {where} AND NOT EXISTS (SELECT 1 FROM article_tags x "
            f"WHERE x.tag_id = s.tag_id AND x.article_id = s.article_id) "
            f"ORDER BY t.name COLLATE NOCASE, s.score DESC, s.article_id LIMIT ?",
            [*params, -1 if limit is None else limit],
        )
    ]


def suggestions_of_article(conn: sqlite3.Connection, article_id: int) -> list[SuggestionRow]:
    """One article's suggestions awaiting a decision, by collection name."""
    return [SuggestionRow(r[0], article_id, r[1], r[2], json.loads(r[3]), SUGGESTED)
            for r in conn.execute(
                "SELECT t.name, a.title, s.score, s.reasons FROM tag_suggestions s "
                "JOIN tags t ON t.id = s.tag_id JOIN articles a ON a.id = s.article_id "
                "WHERE s.article_id = ? AND s.state = 'suggested' AND NOT EXISTS "
                "(SELECT 1 FROM article_tags x WHERE x.tag_id = s.tag_id AND x.article_id = ?) "
                "ORDER BY t.name COLLATE NOCASE", (article_id, article_id))]


def suggested_names_for(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, list[str]]:
    """The collections each article is suggested for (awaiting a decision), by name."""
    result: dict[int, list[str]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start:start + CHUNK])
        for article_id, name in conn.execute(
            f"SELECT s.article_id, t.name FROM tag_suggestions s JOIN tags t ON t.id = s.tag_id "
            f"WHERE s.state = 'suggested' AND s.article_id IN ({','.join('?' * len(chunk))}) "
            f"AND NOT EXISTS (SELECT 1 FROM article_tags x "
            f"WHERE x.tag_id = s.tag_id AND x.article_id = s.article_id) "
            f"ORDER BY t.name COLLATE NOCASE",
            chunk,
        ):
            result.setdefault(article_id, []).append(name)
    return result


def suggested_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many suggestions await a decision, per collection (counted apart)."""
    return dict(conn.execute(
        "SELECT t.name, count(*) FROM tag_suggestions s JOIN tags t ON t.id = s.tag_id "
        "WHERE s.state = 'suggested' AND NOT EXISTS (SELECT 1 FROM article_tags x "
        "WHERE x.tag_id = s.tag_id AND x.article_id = s.article_id) GROUP BY t.id").fetchall())


def reject(conn: sqlite3.Connection, tag: int, ids: Sequence[int], now: str) -> int:
    """Remember that these articles do not belong in the collection."""
    conn.executemany(
        "INSERT INTO tag_suggestions (tag_id, article_id, state, score, scored_at, decided_at) "
        "VALUES (?1, ?2, 'rejected', 0, ?3, ?3) ON CONFLICT (tag_id, article_id) "
        "DO UPDATE SET state = 'rejected', decided_at = ?3",
        [(tag, i, now) for i in ids])
    return len(ids)


def clear_decided(conn: sqlite3.Connection, tag: int, ids: Sequence[int]) -> None:
    """Forget suggestions (and rejections) of these articles: they joined the collection."""
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start:start + CHUNK])
        conn.execute(f"DELETE FROM tag_suggestions WHERE tag_id = ? AND article_id IN "
                     f"({','.join('?' * len(chunk))})", [tag, *chunk])
