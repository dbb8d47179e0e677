"""Queries (:mod:`.query`) compiled to SQL over ``articles a``.

Free words and "phrases" go to FTS5, quoted so that no user input is ever read as FTS
syntax; operators become SQL conditions with bound parameters. A Query compiles once:
the result is kept on it (``Query.compiled``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .entities.aliases import alias_key
from .errors import QueryError
from .ingest.normalize import parse_date
from .models import collection_key
from .query import MAX_TERMS, Query, Term

IS_VALUES = {
    "read": "a.is_read = 1",
    "unread": "a.is_read = 0",
    "starred": "a.is_starred = 1",
    "unstarred": "a.is_starred = 0",
    "tagged": "EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id)",
    "untagged": "NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id)",
}


def check(query: Query | str | None) -> Query:
    """The query, or QueryError saying what the language cannot read in it (operators'
    values too: an unknown ``is:``, a date that is no date)."""
    query = Query.of(query)
    if query.problems:
        raise QueryError(query.problems[0])
    if not query.is_empty:
        compile_query(query)
    return query


def fts_quote(term: Term) -> str:
    """Quote one free term for FTS5: every token becomes a string; `word*` stays a prefix."""
    value = term.value.replace('"', '""')
    if not term.phrase and value.endswith("*") and len(value) > 1:
        return f'"{value[:-1]}"*'
    return f'"{value}"'


@dataclass(slots=True)
class IndexGroup:
    """One alternative of a query as the search index takes it: its terms (the index
    reads the free words, negated ones too) and its operators as SQL over ``articles a``
    ("1" when it has none)."""

    terms: list[Term]
    filter_where: str = "1"
    filter_params: list[object] = field(default_factory=list)


@dataclass(slots=True)
class CompiledQuery:
    """A WHERE clause over ``articles a`` and, when it can drive the query, an FTS match.

    ``join_match`` is set when every alternative needs some free text: the query then
    starts from ``articles_fts MATCH join_match`` and ranks by bm25. Otherwise the text
    terms are subqueries inside ``where`` and ``snippet_match`` still highlights them.
    """

    where: str
    params: list[object]
    join_match: str | None
    snippet_match: str | None
    #: for the search index: each alternative's terms (when every one has free words to
    #: rank by) with the SQL of its operators, checked on the index's hits
    index_groups: list[IndexGroup] | None = None

    @property
    def ranked(self) -> bool:
        return self.join_match is not None


def _date_bound(value: str, operator: str) -> str:
    day = parse_date(value)
    if day is None:
        raise QueryError(f"{operator}: needs a date like 2024-05-01, not {value!r}")
    return day[:10]


def _term_sql(term: Term, params: list[object]) -> str:
    op, value = term.operator, term.value
    if op is None:
        params.append(fts_quote(term))
        return "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
    if op == "tag":  # the name in any case (collection_key is an SQL function of ours)
        params.extend([value, collection_key(value)])
        return ("EXISTS (SELECT 1 FROM article_tags at WHERE at.article_id = a.id AND "
                "at.tag_id IN (SELECT t.id FROM tags t WHERE t.name = ? COLLATE NOCASE "
                "OR collection_key(t.name) = ?))")
    if op == "suggested":  # awaiting accept or reject: not in the collection (yet)
        params.extend([value, collection_key(value)])
        return ("EXISTS (SELECT 1 FROM tag_suggestions s WHERE s.article_id = a.id AND "
                "s.state = 'suggested' AND s.tag_id IN (SELECT t.id FROM tags t WHERE "
                "t.name = ? COLLATE NOCASE OR collection_key(t.name) = ?) AND NOT EXISTS "
                "(SELECT 1 FROM article_tags x WHERE x.tag_id = s.tag_id AND x.article_id = a.id))")
    if op in ("source", "author", "title"):
        params.append(f"%{_escape_like(value)}%")
        return f"coalesce(a.{op}, '') LIKE ? ESCAPE '\\'"
    if op == "entity":  # any name of the entity: "US" finds "U.S." and "United States"
        params.extend([value, alias_key(value)])
        return ("EXISTS (SELECT 1 FROM mentions m JOIN entities e ON e.id = m.entity_id "
                "WHERE m.article_id = a.id AND e.ignored = 0 AND coalesce(e.merged_into, e.id) IN "
                "(SELECT coalesce(x.merged_into, x.id) FROM entities x "
                "WHERE x.text = ? COLLATE NOCASE OR x.key = ?))")
    if op == "feed":
        params.extend([value, value, value])
        return ("a.feed_id IN (SELECT f.id FROM feeds f WHERE f.url = ? "
                "OR f.title = ? COLLATE NOCASE OR CAST(f.id AS TEXT) = ?)")
    if op == "folder":
        params.extend([value, f"{_escape_like(value)}/%"])
        return ("a.feed_id IN (SELECT f.id FROM feeds f WHERE f.folder = ? COLLATE NOCASE "
                "OR f.folder LIKE ? ESCAPE '\\')")
    if op == "is":
        condition = IS_VALUES.get(value.lower())
        if condition is None:
            raise QueryError(f"is:{value} is not known; use one of: {', '.join(IS_VALUES)}")
        return condition
    if op == "after":
        params.append(_date_bound(value, op))
        return "substr(a.sort_date, 1, 10) >= ?"
    if op == "before":
        params.append(_date_bound(value, op))
        return "substr(a.sort_date, 1, 10) < ?"
    raise QueryError(f"unknown operator {op}:")  # unreachable: parse() filters operators


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _term_key(term: Term) -> tuple[bool, str | None, str, bool]:
    """Terms with one key mean the same (words and names compare regardless of case)."""
    return term.negated, term.operator, term.value.casefold(), term.phrase


def distinct(query: Query) -> Query:
    """The query without repeats: a term said twice in a group counts once, a group said
    twice once. (FTS5 pays for a repeated word in every row it ranks: one common word
    200 times took a minute on 20,000 articles.) QueryError beyond ``MAX_TERMS``."""
    groups: list[list[Term]] = []
    seen_groups: set[frozenset[tuple[bool, str | None, str, bool]]] = set()
    for group in query.groups:
        kept = list({_term_key(t): t for t in reversed(group)}.values())[::-1]
        key = frozenset(_term_key(t) for t in kept)
        if key not in seen_groups:
            seen_groups.add(key)
            groups.append(kept)
    total = sum(len(g) for g in groups)
    if total > MAX_TERMS:
        raise QueryError(f"this search has {total:,} different terms; at most {MAX_TERMS:,} "
                         "can be searched at once")
    return Query(groups)


def compile_query(query: Query) -> CompiledQuery:
    """Compile to SQL (once: kept on the query); one OR-free group with words joins FTS
    directly (the fast path)."""
    if query.compiled is None:
        query.compiled = _compile(distinct(query))
    return query.compiled


def _compile(query: Query) -> CompiledQuery:
    params: list[object] = []
    positive = query.text_terms()
    snippet_match = " OR ".join(dict.fromkeys(fts_quote(t) for t in positive)) or None
    index_groups = _index_groups(query)
    if len(query.groups) == 1 and positive:
        group = query.groups[0]
        join_match = " ".join(fts_quote(t) for t in positive)
        rest = [t for t in group if not (t.operator is None and not t.negated)]
        return CompiledQuery(_conjunction(rest, params), params, join_match, snippet_match,
                             index_groups)
    alternatives = [f"({_conjunction(group, params)})" for group in query.groups]
    return CompiledQuery(_balanced(alternatives, "OR"), params, None, snippet_match,
                         index_groups)


def _index_groups(query: Query) -> list[IndexGroup] | None:
    """The alternatives for the search index, when each has a free word to rank by."""
    groups = []
    for group in query.groups:
        if not any(t.operator is None and not t.negated for t in group):
            return None
        params: list[object] = []
        where = _conjunction([t for t in group if t.operator is not None], params)
        groups.append(IndexGroup(list(group), where, params))
    return groups or None


def _conjunction(terms: list[Term], params: list[object]) -> str:
    parts = []
    for term in terms:
        sql = _term_sql(term, params)
        parts.append(f"NOT ({sql})" if term.negated else sql)
    return _balanced(parts, "AND")


def _balanced(parts: list[str], operator: str) -> str:
    """``parts`` joined by ``operator`` as a balanced tree: SQLite refuses an expression
    more than 1,000 deep, which a chain of 1,000 terms is (a tree of them is 10 deep).
    Parameters stay in the order of ``parts``."""
    if not parts:
        return "1"
    if len(parts) == 1:
        return parts[0]
    middle = len(parts) // 2
    return (f"({_balanced(parts[:middle], operator)} {operator} "
            f"{_balanced(parts[middle:], operator)})")


#: SQLite's words for a query it cannot run because of what it says, not of the library
_QUERY_FAILURES = ("fts5:", "unterminated string", "Expression tree is too large",
                   "parser stack overflow", "too many SQL variables", "too many terms")


@contextmanager
def running_query() -> Iterator[None]:
    """Whatever a query still manages to make SQLite refuse becomes a QueryError, a
    message for the search box, never an internal error; other errors pass."""
    try:
        yield
    except sqlite3.OperationalError as error:
        if str(error).startswith(_QUERY_FAILURES):
            raise QueryError(f"this search cannot be run: {error}") from error
        raise
