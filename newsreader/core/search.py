"""Queries (:mod:`.query`) compiled to SQL over ``articles a``.

Free words and "phrases" go to FTS5, quoted so that no user input is ever read as FTS
syntax; operators become SQL conditions with bound parameters. A Query compiles once:
the result is kept on it (``Query.compiled``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
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
    if not query.is_empty and query.compiled is None:
        _compile(distinct(query), None)  # refuses what SQL cannot take; kept by the caller's
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
    #: the ids of the articles of an operator with few of them (a small collection, a
    #: rare entity), as SQL and its parameters: the index ranks only those
    narrow: tuple[str, list[object]] | None = None


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


#: whether an operator (tag:, suggested:, entity:) has few enough articles that a search
#: should start from them rather than check each article newest first (see _term_sql)
Few = Callable[[Term], bool]


def _term_sql(term: Term, params: list[object], few: Few | None = None) -> str:
    op, value = term.operator, term.value
    if op is None:
        params.append(fts_quote(term))
        return "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
    articles = _articles_of(term, params)
    if articles is not None:
        return _from_or_each(term, few, *articles)
    if op in ("source", "author", "title"):
        params.append(f"%{_escape_like(value)}%")
        return f"coalesce(a.{op}, '') LIKE ? ESCAPE '\\'"
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
    # sort_date is ISO 8601 text: its first ten characters compare as the whole does, so
    # the dates are ranges over the column's index (a substr() of it was read row by row)
    if op == "after":
        params.append(_date_bound(value, op))
        return "a.sort_date >= ?"
    if op == "before":
        params.append(_date_bound(value, op))
        return "a.sort_date < ?"
    raise QueryError(f"unknown operator {op}:")  # unreachable: parse() filters operators


def _articles_of(term: Term, params: list[object]) -> tuple[str, str] | None:
    """For an operator that names a set of articles (tag:, suggested:, entity:), the SQL
    of their ids and its id column; its parameters go to ``params``. None for others."""
    op, value = term.operator, term.value
    if op == "tag":  # the name in any case (collection_key is an SQL function of ours)
        params.extend([value, collection_key(value)])
        return ("SELECT at.article_id FROM article_tags at WHERE at.tag_id IN (SELECT t.id "
                "FROM tags t WHERE t.name = ? COLLATE NOCASE OR collection_key(t.name) = ?)",
                "at.article_id")
    if op == "suggested":  # awaiting accept or reject: not in the collection (yet)
        params.extend([value, collection_key(value)])
        return ("SELECT s.article_id FROM tag_suggestions s WHERE s.state = 'suggested' "
                "AND s.tag_id IN (SELECT t.id FROM tags t WHERE t.name = ? COLLATE NOCASE "
                "OR collection_key(t.name) = ?) AND NOT EXISTS (SELECT 1 FROM article_tags x "
                "WHERE x.tag_id = s.tag_id AND x.article_id = s.article_id)", "s.article_id")
    if op == "entity":  # any name of the entity: "US" finds "U.S." and "United States"
        params.extend([value, alias_key(value)] * 2)
        roots = ("(SELECT coalesce(x.merged_into, x.id) FROM entities x "
                 "WHERE x.text = ? COLLATE NOCASE OR x.key = ?)")
        return ("SELECT m.article_id FROM mentions m WHERE m.entity_id IN (SELECT e.id FROM "
                f"entities e WHERE e.ignored = 0 AND (e.id IN {roots} "
                f"OR e.merged_into IN {roots}))", "m.article_id")
    return None


def _from_or_each(term: Term, few: Few | None, articles: str, column: str) -> str:
    """An operator that names a set of articles, as SQL over ``articles a``: the set itself
    (``a.id IN (...)``: SQLite starts from it) when it is small or the term negated, else
    a check on each article (SQLite goes newest first and stops at the page's end). A
    collection of twenty took 1.5 s the second way at a million articles, one of 10,000
    articles 78 ms the first way (sorting them all by date)."""
    if term.negated or few is None or few(term):
        return f"a.id IN ({articles})"
    return f"EXISTS ({articles} AND {column} = a.id)"


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


def compile_query(query: Query, few: Few | None = None) -> CompiledQuery:
    """Compile to SQL (once: kept on the query); one OR-free group with words joins FTS
    directly (the fast path)."""
    if query.compiled is None:
        query.compiled = _compile(distinct(query), few)
    return query.compiled


def _compile(query: Query, few: Few | None) -> CompiledQuery:
    params: list[object] = []
    positive = query.text_terms()
    snippet_match = " OR ".join(dict.fromkeys(fts_quote(t) for t in positive)) or None
    index_groups = _index_groups(query, few)
    if len(query.groups) == 1 and positive:
        group = query.groups[0]
        join_match = " ".join(fts_quote(t) for t in positive)
        rest = [t for t in group if not (t.operator is None and not t.negated)]
        return CompiledQuery(_conjunction(rest, params, few), params, join_match, snippet_match,
                             index_groups)
    alternatives = [f"({_conjunction(group, params, few)})" for group in query.groups]
    return CompiledQuery(_balanced(alternatives, "OR"), params, None, snippet_match,
                         index_groups)


def _index_groups(query: Query, few: Few | None) -> list[IndexGroup] | None:
    """The alternatives for the search index, when each has a free word to rank by."""
    groups = []
    for group in query.groups:
        if not any(t.operator is None and not t.negated for t in group):
            return None
        params: list[object] = []
        where = _conjunction([t for t in group if t.operator is not None], params, few)
        groups.append(IndexGroup(list(group), where, params, _narrowing(group, few)))
    return groups or None


def _narrowing(group: list[Term], few: Few | None) -> tuple[str, list[object]] | None:
    for term in group:
        if not term.negated and few is not None:
            params: list[object] = []
            articles = _articles_of(term, params)
            if articles is not None and few(term):
                return articles[0], params
    return None


def _conjunction(terms: list[Term], params: list[object], few: Few | None = None) -> str:
    parts = []
    for term in terms:
        sql = _term_sql(term, params, few)
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
