"""The query language of the search box and ``newsreader list``, as values.

    chip "supply chain" tag:"chip export controls" source:Donga is:unread
    after:2023-05-01 -tag:done  entity:Samsung  tag:a OR tag:b

Terms side by side must all hold (``AND`` between them says so too); ``OR`` (upper
case) separates alternatives; a leading ``-`` or ``NOT`` negates a term.

A :class:`Query` is read from text once (:meth:`Query.parse`) and then handed around:
the window narrows the sidebar's view by the search box with :meth:`Query.narrowed_by`,
asks it for the words to mark and whether it is one collection, and gives it to the
Library, which compiles it to SQL once (:mod:`.search`) and keeps that on the object.
A query the language cannot read (an ``OR`` with nothing on one side, ``tag:`` with no
value, parentheses, a word with no letters or digits) is not guessed at: ``problems``
says why, and the search box shows it. This module is pure values: the UI and the CLI
may import it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

OPERATORS = ("tag", "source", "author", "is", "after", "before", "entity", "title", "feed",
             "folder", "suggested")

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
        return (
            ("-" if self.negated else "") + (f"{self.operator}:" if self.operator else "") + value
        )


def _is_bare(value: str) -> bool:
    return bool(value) and not any(c.isspace() or c == '"' for c in value) and value != "OR"


@dataclass(slots=True)
class Query:
    """Alternatives (OR) of conjunctions (AND) of terms; ``problems`` says what in the
    text could not be read (the terms kept are what could). Equal queries are those
    with the same terms; the compiled SQL is cached on the object (``compiled``)."""

    groups: list[list[Term]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: the SQL this query compiles to (search.compile_query), made once on first use
    compiled: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def parse(cls, text: str | None) -> Query:
        return parse(text or "")

    @classmethod
    def of(cls, query: Query | str | None) -> Query:
        """``query`` itself, or the query its text says."""
        return query if isinstance(query, Query) else parse(query or "")

    @classmethod
    def collection(cls, name: str) -> Query:
        """The articles of one collection (which open in its own order)."""
        return cls([[Term(False, "tag", name, phrase=True)]])

    @classmethod
    def suggested(cls, name: str) -> Query:
        """The articles a learning collection suggested, awaiting accept or reject."""
        return cls([[Term(False, "suggested", name, phrase=True)]])

    @classmethod
    def entity(cls, name: str) -> Query:
        """The articles that mention the entity called ``name`` (any of its names)."""
        return cls([[Term(False, "entity", name, phrase=True)]])

    @classmethod
    def folder(cls, name: str) -> Query:
        """The articles of the feeds in a folder (and its subfolders)."""
        return cls([[Term(False, "folder", name, phrase=True)]])

    def to_text(self) -> str:
        return " OR ".join(" ".join(t.to_text() for t in group) for group in self.groups)

    @property
    def text(self) -> str:
        """The query as one would type it (what is saved, shown and given to the CLI)."""
        return self.to_text()

    @property
    def is_empty(self) -> bool:
        return not any(self.groups)

    @property
    def problem(self) -> str | None:
        """The first thing the language could not read, for the line under the box."""
        return self.problems[0] if self.problems else None

    def text_terms(self) -> list[Term]:
        return [t for g in self.groups for t in g if t.operator is None and not t.negated]

    @property
    def has_words(self) -> bool:
        """Whether there are free words to rank by (else it is only operators)."""
        return bool(self.text_terms())

    @property
    def marked_terms(self) -> list[str]:
        """The words and phrases a reader should see marked in the text."""
        return [t.value for t in self.text_terms()]

    def uses(self, *operators: str) -> bool:
        """Whether a term of the query is one of ``operators`` ("is:tagged" counts as "tag")."""
        return any(t.operator in operators or (t.operator == "is" and "tag" in operators
                                               and t.value.lower() in ("tagged", "untagged"))
                   for group in self.groups for t in group)

    @property
    def single_collection(self) -> str | None:
        """The collection this query is exactly a view of (`tag:"x"`), else None."""
        if len(self.groups) == 1 and len(self.groups[0]) == 1:
            term = self.groups[0][0]
            if term.operator == "tag" and not term.negated:
                return term.value
        return None

    def narrowed_by(self, other: Query) -> Query:
        """What matches both: (a OR b) AND (c OR d) spelled out as an OR of ANDs. The
        search box narrows the selected sidebar view this way, whatever ORs either has."""
        if self.is_empty or other.is_empty:
            return other if self.is_empty else self
        return Query([a + b for a in self.groups for b in other.groups],
                     self.problems + other.problems)


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




def has_words(text: str) -> bool:
    return parse(text).has_words


def marked_terms(text: str) -> list[str]:
    return parse(text).marked_terms


def single_collection(text: str) -> str | None:
    return parse(text).single_collection
