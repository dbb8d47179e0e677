"""Fetching items' own pages (the "full text" of feeds that carry summaries), bounded.

A feed of summaries asks for one page per new item. Pages that trickle in cost the
fetch's whole deadline each (30 s), so one after another six of them took three
minutes. So a feed's pages are fetched concurrently, as many at once as the per-host
limit allows, and all the full-text fetching of one refresh shares one deadline
(``FULL_TEXT_DEADLINE`` by default): no page fetch starts after it, and the ones
running are cut at it. An item whose page did not come keeps its summary (the reader
offers *Fetch full article* for it).

``HostSlots`` is the per-host limit itself, shared by every fetch of a refresh: the
feeds' own fetches and their pages take turns on it.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..errors import IngestError, NewsreaderError
from ..ingest.draft import ArticleDraft
from ..ingest.html import parse_html
from ..net.http import PAGE_ACCEPT
from .parse import FeedDraft, sniff
from .sanitize import text_to_html

if TYPE_CHECKING:
    from .refresh import FetchOptions

DEFAULT_PER_HOST = 2
#: at most this many item pages fetched per full-text feed and refresh
MAX_FULL_TEXT_ITEMS = 30
#: seconds all the item pages of one refresh may take together
FULL_TEXT_DEADLINE = 120.0
#: Parsing is Python work under the GIL: one at a time (see refresh.py).
PARSING = threading.Lock()


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class HostSlots:
    """At most ``per_host`` fetches at once from one host, across threads."""

    def __init__(self, per_host: int = DEFAULT_PER_HOST) -> None:
        self.per_host = max(1, per_host)
        self._busy: Counter[str] = Counter()
        self._changed = threading.Condition()

    def try_take(self, host: str) -> bool:
        with self._changed:
            if self._busy[host] >= self.per_host:
                return False
            self._busy[host] += 1
            return True

    def take(self, host: str, until: float) -> bool:
        """Wait for a slot of ``host`` until the monotonic time ``until``; False if none came."""
        with self._changed:
            while self._busy[host] >= self.per_host:
                left = until - time.monotonic()
                if left <= 0 or not self._changed.wait(left):
                    return False
            self._busy[host] += 1
            return True

    def give(self, host: str) -> None:
        with self._changed:
            self._busy[host] -= 1
            self._changed.notify_all()


def fetch_article(url: str, options: FetchOptions | None = None, *,
                  origin: str | None = None) -> ArticleDraft:
    """Download one web page and extract its article (trafilatura); FetchError/IngestError."""
    if options is None:
        from .refresh import FetchOptions

        options = FetchOptions()
    result = options.get(url, accept=PAGE_ACCEPT)
    try:
        kind = sniff(result.body)
    except NewsreaderError:
        kind = "html"
    if kind in ("xml", "json") and "html" not in result.content_type:
        raise IngestError(f"{result.url} is a feed, not an article: "
                          "subscribe to it with `newsreader feed add`")
    with PARSING:
        drafts = parse_html(result.body, origin=origin or result.url, url=result.url)
    draft = drafts[0]
    draft.body_html = text_to_html(draft.body_text)
    return draft


def fill_full_text(items: Sequence[FeedDraft], options: FetchOptions | None = None, *,
                   known: frozenset[str] = frozenset(),
                   should_cancel: Callable[[], bool] | None = None,
                   limit: int = MAX_FULL_TEXT_ITEMS, slots: HostSlots | None = None,
                   until: float | None = None) -> tuple[int, int]:
    """Replace new items' summaries with the text of their pages, several at once.

    ``slots`` is the refresh's per-host limit and ``until`` the monotonic time its
    full-text fetching ends (by default a limit of this call's own and
    ``options.full_text_seconds`` from now). Returns (pages used, pages that did not
    arrive in time); an item whose page failed or came late keeps its summary.
    """
    if options is None:
        from .refresh import FetchOptions

        options = FetchOptions()
    slots = slots or HostSlots()
    until = until if until is not None else time.monotonic() + options.full_text_seconds
    cancelled = should_cancel or (lambda: False)
    wanted = [item for item in items
              if item.url and not (item.guid and item.guid in known)][:limit]
    late = 0

    def page_of(item: FeedDraft) -> ArticleDraft | None:
        nonlocal late
        assert item.url is not None
        host = host_of(item.url)
        if cancelled():
            return None
        if not slots.take(host, until):
            late += 1
            return None
        try:
            left = until - time.monotonic()
            if left <= 0:
                late += 1
                return None
            return fetch_article(item.url, replace(options, deadline=min(options.deadline, left)),
                                 origin=item.origin)
        except NewsreaderError:
            if time.monotonic() >= until:
                late += 1
            return None
        finally:
            slots.give(host)

    if not wanted:
        return 0, 0
    with ThreadPoolExecutor(max_workers=min(len(wanted), slots.per_host),
                            thread_name_prefix="full-text") as pool:
        pages = list(pool.map(page_of, wanted))
    done = 0
    for item, page in zip(wanted, pages, strict=True):
        if page is not None and len(page.body_text) > len(item.body_text):
            item.body_text, item.body_html = page.body_text, page.body_html
            item.author = item.author or page.author
            item.language = item.language or page.language
            item.summary_only = False
            done += 1
    return done, late
