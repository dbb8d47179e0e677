"""The query language of the search box and ``newsreader list``, compiled to SQL.

    chip "supply chain" tag:"chip export controls" source:Donga is:unread
    after:2023-05-01 -tag:done  entity:Samsung  tag:a OR tag:b

Terms side by side must all hold (``AND`` between them says so too); ``OR`` (upper
case) separates alternatives; a leading ``-`` or ``NOT`` negates a term. Free words
and "phrases" go to FTS5, quoted so that no user input is ever read as FTS syntax;
operators become SQL conditions with bound parameters.

A query the language cannot read (an ``OR`` with nothing on one side, ``tag:`` with
no value, parentheses, a word with no letters or digits) is not guessed at: parsing
notes the problem, :func:`check` raises it, and the search box shows it.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .entities.aliases import alias_key
from .errors import QueryError
from .models import collection_key
from .ingest.normalize import parse_date

OPERATORS = ("tag", "source", "author", "is", "after", "before", "entity", "title", "feed",
             "folder")
IS_VALUES = {
    "read": "a.is_read = 1",
    "unread": "a.is_read = 0",
    "starred": "a.is_starred = 1",
    "unstarred": "a.is_starred = 0",
    "tagged": "EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id)",
    "untagged": "NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id)",
}

_TOKEN = re.compile(
    r"""
    (?P<neg>-)?
    (?:(?P<op>[A-Za-z]+):)?
    (?:"(?P<quoted>(?:[^"\\]|\\.)*)"?|(?P<bare>[^\s"]+))
    """,
    re.VERBOSE,
)


_UNESCAPE = re.compile(r"\\(.)")
#: Control characters (a NUL pasted into the search box ends an FTS5 string early):
#: no stored text holds them (import drops them), so they read as spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Distinct terms a query may have. Far beyond what anyone types (a pasted paragraph
#: has a few hundred distinct words); a longer query is refused with a clear message.
MAX_TERMS = 1_000


def quote_value(value: str) -> str:
    """Quote an operator value so that any text (quotes, spaces, dashes) reads back as is."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(slots=True)
class Term:
    negated: bool
    operator: str | None  # None: free text
    value: str
    phrase: bool = False


    def to_text(self) -> str:
        value = quote_value(self.value) if self.phrase or not _is_bare(self.value) else self.value
        return ("-" if self.negated else "") + (f"{self.operator}:" if self.operator else "") + value


def _is_bare(value: str) -> bool:
    return bool(value) and not any(c.isspace() or c == '"' for c in value) and value != "OR"


@dataclass(slots=True)
class Query:
    """Alternatives (OR) of conjunctions (AND) of terms; ``problems`` says what in the
    text could not be read (the terms kept are what could)."""

    groups: list[list[Term]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        return " OR ".join(" ".join(t.to_text() for t in group) for group in self.groups)

    @property
    def is_empty(self) -> bool:
        return not any(self.groups)

    def text_terms(self) -> list[Term]:
        return [t for g in self.groups for t in g if t.operator is None and not t.negated]


_BARE_OPERATOR = re.compile(r"^([A-Za-z]+):$")


def parse(text: str) -> Query:
    """Split the query into OR-groups of terms; never raises (see ``Query.problems``)."""
    groups: list[list[Term]] = [[]]
    problems: list[str] = []
    negate_next = joined = False  # after NOT; after AND

    def note(problem: str) -> None:
        if problem not in problems:
            problems.append(problem)

    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", text or ""))  # as names are stored
    for match in _TOKEN.finditer(text):
        quoted, bare = match.group("quoted"), match.group("bare")
        op = (match.group("op") or "").lower() or None
        value = _UNESCAPE.sub(r"\1", quoted) if quoted is not None else bare
        connective = value if op is None and quoted is None and not match.group("neg") else None
        if connective in ("OR", "AND", "NOT"):
            if connective == "NOT":
                negate_next = True
            elif not groups[-1] or negate_next or joined:
                note(f"{connective} needs a term on each side")
            elif connective == "OR":
                groups.append([])
            joined = connective == "AND" or (joined and connective == "NOT")
            continue
        if op is None and quoted is None and (bare_op := _BARE_OPERATOR.match(value)):
            if bare_op.group(1).lower() in OPERATORS:
                note(f"{value} needs a value, e.g. {value}energy or {value}\"two words\"")
                continue
        if op is not None and op not in OPERATORS:
            # "word:thing" that is no operator is plain text (e.g. a time, "10:30")
            value, op = f"{match.group('op')}:{value}", None
        if op is None and quoted is None and (value.startswith("(") or value.endswith(")")):
            note("parentheses are not part of the search language: terms side by side must "
                 "all match, and OR separates alternatives (a b OR c)")
            continue
        if not value.strip():
            if op is not None:
                note(f"{op}: needs a value")
            continue
        if op is None and not any(c.isalnum() for c in value.rstrip("*")):
            note(f"“{value}” has no letters or digits to search for")
            continue
        negated = bool(match.group("neg")) != negate_next
        groups[-1].append(Term(negated, op, value, phrase=quoted is not None))
        negate_next = joined = False
    if negate_next:
        note("NOT needs a term after it")
    if joined or (len(groups) > 1 and not groups[-1]):
        note("AND needs a term on each side" if joined else "OR needs a term on each side")
    return Query([g for g in groups if g], problems)


def check(text: str) -> Query:
    """The parsed query, or QueryError saying what the language cannot read in it
    (operators' values too: an unknown ``is:``, a date that is no date)."""
    query = parse(text)
    if query.problems:
        raise QueryError(query.problems[0])
    if not query.is_empty:
        compile_query(query)
    return query


def has_words(text: str) -> bool:
    """Whether the query has free words to rank by (else it is only operators)."""
    return bool(parse(text).text_terms())


def marked_terms(text: str) -> list[str]:
    """The words and phrases a reader should see marked in the text for this search."""
    return [t.value for t in parse(text).text_terms()]


def single_collection(text: str) -> str | None:
    """The collection a query is exactly a view of (`tag:"x"`), else None."""
    query = parse(text)
    if len(query.groups) == 1 and len(query.groups[0]) == 1:
        term = query.groups[0][0]
        if term.operator == "tag" and not term.negated:
            return term.value
    return None


def conjoin(first: str, second: str) -> str:
    """A query for what matches both: (a OR b) AND (c OR d) spelled out as a OR of ANDs.

    The search box narrows the selected sidebar view this way, whatever ORs either has.
    """
    left, right = parse(first), parse(second)
    if left.is_empty or right.is_empty:
        return (right if left.is_empty else left).to_text()
    return Query([a + b for a in left.groups for b in right.groups]).to_text()


def fts_quote(term: Term) -> str:
    """Quote one free term for FTS5: every token becomes a string; `word*` stays a prefix."""
    value = term.value.replace('"', '""')
    if not term.phrase and value.endswith("*") and len(value) > 1:
        return f'"{value[:-1]}"*'
    return f'"{value}"'


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
    """Compile to SQL; one OR-free group with words joins FTS directly (the fast path)."""
    query = distinct(query)
    params: list[object] = []
    positive = query.text_terms()
    snippet_match = " OR ".join(dict.fromkeys(fts_quote(t) for t in positive)) or None
    if len(query.groups) == 1 and positive:
        group = query.groups[0]
        join_match = " ".join(fts_quote(t) for t in positive)
        rest = [t for t in group if not (t.operator is None and not t.negated)]
        return CompiledQuery(_conjunction(rest, params), params, join_match, snippet_match)
    alternatives = [f"({_conjunction(group, params)})" for group in query.groups]
    return CompiledQuery(_balanced(alternatives, "OR"), params, None, snippet_match)


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
