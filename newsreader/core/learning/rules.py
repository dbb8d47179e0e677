"""Rules: a collection's saved search tags the new articles that match it.

Matching is the search language's own (``rule_filter`` runs the compiled search over the
new articles only), so a rule finds what the same search in the list would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from ..clock import utc_now
from ..models import ArrivalReport
from ..store import learning as store
from ..store import tags as tag_store
from ..store.connection import write_transaction

#: rule_filter(search, article ids) -> the ids the search matches
RuleFilter = Callable[[str, Sequence[int]], list[int]]


def apply_rules(conn: sqlite3.Connection, ids: list[int], rule_filter: RuleFilter,
                 report: ArrivalReport) -> None:
    """Each rule's search tags the new articles it matches (ordinary, accepted tags)."""
    for tag, name, query in store.rules(conn):
        matched = rule_filter(query, ids)
        if matched:
            with write_transaction(conn):
                added = tag_store.link_new(conn, tag, matched, utc_now())
                store.clear_decided(conn, tag, added)
            if added:
                report.ruled[name] = len(added)
