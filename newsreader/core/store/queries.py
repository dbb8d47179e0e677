"""Listing and searching: keyset pages of rows, ranked full-text hits with snippets."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator

from ..entities.aliases import alias_key
from ..models import (
    RELEVANCE,
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    ArticleRow,
    PageKey,
    ViewCounts,
    collection_key,
)
from ..search import CompiledQuery
from . import stories as story_store
from .articles import ROW_COLUMNS, row_from_record, rows_by_id
from .tags import names_for

#: Sort keys the list offers, each an indexed expression over ``articles a``.
SORT_KEYS = {
    "date": "a.sort_date",
    "added": "a.added_at",
    "title": "a.title COLLATE NOCASE",
    "source": "coalesce(a.source, '') COLLATE NOCASE",
    "read": "a.is_read",
    "starred": "a.is_starred",
}
#: "relevance" orders full-text hits by bm25; without words it falls back to date.
#: bm25 weights for title, body_text, source, author: a hit in the title counts most.
_BM25 = "bm25(articles_fts, 10.0, 1.0, 4.0, 4.0)"
_QUALIFIED_COLUMNS = ", ".join(f"a.{c.strip()}" for c in ROW_COLUMNS.split(","))


def _with_tags(conn: sqlite3.Connection, records: list[sqlite3.Row]) -> list[ArticleRow]:
    tags = names_for(conn, [r["id"] for r in records])
    rows = []
    for record in records:
        row = row_from_record(record, tags.get(record["id"], []))
        if "snippet" in record.keys():  # noqa: SIM118 - `in` on a sqlite3.Row looks at values
            row.snippet = record["snippet"]
        rows.append(row)
    story_store.fill_sizes(conn, rows)
    return rows


def page(
    conn: sqlite3.Connection,
    compiled: CompiledQuery | None,
    *,
    sort: str = "date",
    descending: bool = True,
    after: PageKey | None = None,
    limit: int = 200,
) -> tuple[list[ArticleRow], PageKey | None]:
    """One page of the list in sort order, starting after ``after`` (keyset, no OFFSET)."""
    key = SORT_KEYS[sort]
    base, params = where_clause(compiled)
    where = [base]
    if after is not None:
        where.append(f"({key}, a.id) {'<' if descending else '>'} (?, ?)")
        params.extend([after.value, after.id])
    direction = "DESC" if descending else "ASC"
    snippet = _snippet_sql(compiled, params)
    records = conn.execute(
        f"SELECT {_QUALIFIED_COLUMNS}, {key} AS sort_value{snippet} FROM articles a "
        f"WHERE {' AND '.join(where)} ORDER BY {key} {direction}, a.id {direction} LIMIT ?",
        [*params, limit],
    ).fetchall()
    last = PageKey(records[-1]["sort_value"], records[-1]["id"]) if records else None
    return _with_tags(conn, records), last


def _snippet_sql(compiled: CompiledQuery | None, params: list[object]) -> str:
    """A correlated snippet column for pages that are not driven by an FTS join."""
    if compiled is None or compiled.snippet_match is None:
        return ""
    # The snippet subquery's parameter comes first in the SELECT list: prepend it.
    params.insert(0, compiled.snippet_match)
    return (
        f", (SELECT snippet(articles_fts, -1, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', '…', 16) "
        "FROM articles_fts WHERE articles_fts MATCH ? AND rowid = a.id) AS snippet"
    )


def ranked_ids(conn: sqlite3.Connection, compiled: CompiledQuery, *, limit: int = 200,
               offset: int = 0) -> list[int]:
    """The best matches first by FTS5's bm25 (when the search index cannot answer).

    Without operators the FTS table is asked alone: joining ``articles`` for every match
    made this 2.2-2.8 times slower than the FTS5 query itself at a million rows.
    """
    assert compiled.join_match is not None
    if compiled.where == "1":
        return [r[0] for r in conn.execute(
            f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
            f"ORDER BY {_BM25}, rowid LIMIT ? OFFSET ?",
            [compiled.join_match, limit, offset])]
    return [r[0] for r in conn.execute(
        f"""
        SELECT a.id FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
        WHERE articles_fts MATCH ? AND ({compiled.where})
        ORDER BY {_BM25}, a.id LIMIT ? OFFSET ?
        """,
        [compiled.join_match, *compiled.params, limit, offset],
    )]


def rows_in_order(conn: sqlite3.Connection, ids: list[int],
                  marks: dict[int, str]) -> list[ArticleRow]:
    """The rows of ranked ``ids`` in that order, each with its snippet (made for the
    returned page alone: a snippet costs ~30 µs per match and more)."""
    found = rows_by_id(conn, ids)
    rows = [found[i] for i in ids if i in found]
    for row in rows:
        row.snippet = marks.get(row.id)
    return rows


def passing(conn: sqlite3.Connection, ids: list[int], where: str,
            params: list[object]) -> list[int]:
    """Those of ``ids`` whose article meets ``where`` (over ``articles a``), in the order
    given (the search index's hits, best first, checked for the query's operators).

    When ``where`` asks only about ``a.id`` (tag:, entity:, suggested:), the ids are not
    looked up in ``articles`` at all: reading each article's row (its text is in it) cost
    15-250 µs, the tag lookup alone 2 µs."""
    source = "articles" if _OTHER_COLUMNS.search(where) else None
    kept: set[int] = set()
    for start in range(0, len(ids), 5_000):
        part = ids[start:start + 5_000]
        if source is None:
            rows = conn.execute(
                f"SELECT a.id FROM (SELECT value AS id FROM json_each(?)) AS a WHERE ({where})",
                [json.dumps(part), *params])
        else:
            joined = ",".join(map(str, part))  # ints only: no user text in the SQL
            rows = conn.execute(
                f"SELECT a.id FROM articles a WHERE a.id IN ({joined}) AND ({where})", params)
        kept.update(r[0] for r in rows)
    return [i for i in ids if i in kept]


#: a condition that reads a column of the article other than its id
_OTHER_COLUMNS = re.compile(r"\ba\.(?!id\b)\w+")


#: an operator with at most this many articles is searched from its articles (see
#: search._from_or_each): sorting 2,000 by date takes ~15 ms at a million articles
FEW = 2_000
_OPERATOR_ARTICLES = {
    "tag": ("SELECT 1 FROM article_tags WHERE tag_id IN (SELECT id FROM tags WHERE "
            "name = ? COLLATE NOCASE OR collection_key(name) = ?)", collection_key),
    "suggested": ("SELECT 1 FROM tag_suggestions WHERE state = 'suggested' AND tag_id IN "
                  "(SELECT id FROM tags WHERE name = ? COLLATE NOCASE "
                  "OR collection_key(name) = ?)", collection_key),
    "entity": ("SELECT 1 FROM mentions WHERE entity_id IN (SELECT e.id FROM entities e "
               "WHERE e.ignored = 0 AND coalesce(e.merged_into, e.id) IN (SELECT "
               "coalesce(x.merged_into, x.id) FROM entities x WHERE x.text = ? COLLATE NOCASE "
               "OR x.key = ?))", alias_key),
}


def article_ids(conn: sqlite3.Connection, sql: str, params: list[object]) -> list[int]:
    """The ids an operator's SQL names (search.IndexGroup.narrow)."""
    return [r[0] for r in conn.execute(sql, params)]


def few_articles(conn: sqlite3.Connection, operator: str, value: str) -> bool:
    """Whether ``operator:value`` names at most FEW articles (counted up to FEW + 1)."""
    probe = _OPERATOR_ARTICLES.get(operator)
    if probe is None:
        return True
    sql, key = probe
    found = conn.execute(f"SELECT count(*) FROM ({sql} LIMIT ?)",
                         (value, key(value), FEW + 1)).fetchone()[0]
    return int(found) <= FEW


def count(conn: sqlite3.Connection, compiled: CompiledQuery | None) -> int:
    if compiled is None:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    if compiled.join_match is not None:
        sql = ("SELECT count(*) FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
               f"WHERE articles_fts MATCH ? AND ({compiled.where})")
        return int(conn.execute(sql, [compiled.join_match, *compiled.params]).fetchone()[0])
    sql = f"SELECT count(*) FROM articles a WHERE {compiled.where}"
    return int(conn.execute(sql, compiled.params).fetchone()[0])


#: Columns a keyset needs to continue after a row, per sort key (the key's own value).
_KEY_VALUES = {
    "date": "a.sort_date",
    "added": "a.added_at",
    "title": "a.title",
    "source": "coalesce(a.source, '')",
    "read": "a.is_read",
    "starred": "a.is_starred",
}


def stream_ids(
    conn: sqlite3.Connection,
    compiled: CompiledQuery | None,
    *,
    sort: str = "date",
    descending: bool = True,
    chunk: int = 50_000,
) -> Iterator[list[int]]:
    """Every matching id in list order, a chunk at a time, for a worker thread.

    SQLite joins each chunk's ids into one string (group_concat over an ordered
    subquery), so Python turns a chunk into ints in two C calls instead of one
    bytecode loop per row: the worker then barely holds the GIL, and the GUI
    thread, which paints the list meanwhile, never waits on it for long.
    Every sort key has an index, so each keyset chunk starts with a seek.
    """
    if sort == RELEVANCE and compiled is not None and compiled.ranked:
        yield from _ranked_ids(conn, compiled, chunk)
        return
    sort = sort if sort in SORT_KEYS else "date"
    key, direction = SORT_KEYS[sort], ("DESC" if descending else "ASC")
    where, params = where_clause(compiled)
    after: tuple[object, int] | None = None
    while True:
        keyset = ""
        if after is not None:
            keyset = f" AND ({key}, a.id) {'<' if descending else '>'} (?, ?)"
        ids = _joined_ids(conn.execute(
            f"SELECT group_concat(id) FROM (SELECT a.id FROM articles a WHERE {where}{keyset} "
            f"ORDER BY {key} {direction}, a.id {direction} LIMIT ?)",
            [*params, *(after or ()), chunk],
        ).fetchone()[0])
        if not ids:
            return
        yield ids
        if len(ids) < chunk:
            return
        last = conn.execute(f"SELECT {_KEY_VALUES[sort]} FROM articles a WHERE a.id = ?",
                            (ids[-1],)).fetchone()[0]
        after = (last, ids[-1])


def position_ids(conn: sqlite3.Connection, compiled: CompiledQuery | None, tag_id: int, *,
                 descending: bool = False) -> list[int]:
    """A collection's articles in the researcher's own order (a collection is small)."""
    where, params = where_clause(compiled)
    direction = "DESC" if descending else "ASC"
    joined = conn.execute(
        f"SELECT group_concat(id) FROM (SELECT a.id AS id FROM article_tags at "
        f"JOIN articles a ON a.id = at.article_id WHERE at.tag_id = ? AND {where} "
        f"ORDER BY at.position {direction}, a.id {direction})",
        [tag_id, *params]).fetchone()[0]
    return _joined_ids(joined)


def _ranked_ids(conn: sqlite3.Connection, compiled: CompiledQuery,
                chunk: int) -> Iterator[list[int]]:
    """Best matches first: bm25 must see every match, so one statement, then chunks."""
    joined = conn.execute(
        f"SELECT group_concat(id) FROM (SELECT a.id AS id FROM articles_fts "
        f"JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ? "
        f"AND ({compiled.where}) ORDER BY {_BM25}, a.id)",
        [compiled.join_match, *compiled.params],
    ).fetchone()[0]
    ids = _joined_ids(joined)
    for start in range(0, len(ids), chunk):
        yield ids[start:start + chunk]


def _joined_ids(joined: str | None) -> list[int]:
    return list(map(int, joined.split(","))) if joined else []


def where_clause(compiled: CompiledQuery | None) -> tuple[str, list[object]]:
    if compiled is None:
        return "1", []
    where, params = f"({compiled.where})", list(compiled.params)
    if compiled.join_match is not None:
        where += " AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
        params.append(compiled.join_match)
    return where, params


def snippets(conn: sqlite3.Connection, compiled: CompiledQuery | None,
             ids: list[int]) -> dict[int, str]:
    """Snippets around the query's words for some already-listed articles."""
    if compiled is None or compiled.snippet_match is None or not ids:
        return {}
    # One lookup per id: FTS5 seeks to a rowid it is given with "=", while with "IN" it
    # reads every match of the words first (25 ms for a common word at a million rows,
    # against 0.1 ms per id).
    sql = (f"SELECT snippet(articles_fts, -1, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', '…', 16) "
           "FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?")
    found = {}
    for article_id in dict.fromkeys(ids):
        row = conn.execute(sql, (compiled.snippet_match, article_id)).fetchone()
        if row is not None:
            found[article_id] = row[0]
    return found


def view_counts(conn: sqlite3.Connection) -> ViewCounts:
    all_, unread, starred = conn.execute(
        "SELECT (SELECT count(*) FROM articles), "
        "(SELECT count(*) FROM articles WHERE is_read = 0), "
        "(SELECT count(*) FROM articles WHERE is_starred = 1)"
    ).fetchone()
    return ViewCounts(all_, unread, starred)
