"""SQL for stories: which articles are copies of one story, kept in step with every write.

``articles.story_id`` is the id of the story's first copy (its lowest article id), so
a story's lead is the row whose ``story_id = id``. ``story_keys`` maps each lookup key
(:mod:`..stories.fingerprint`) to the latest article that has it: finding a new
article's candidates is one index probe per key, whatever the size of the library,
and a key shared by a whole site (a footer) costs one candidate, not thousands.
Candidates are confirmed by :func:`..stories.match.same_story` before they group.

A new article that confirms copies in several stories joins them into one. An
edited article leaves its story and is grouped again from its new text; a deleted
lead hands its story to the next copy (a trigger, so other programs' deletes keep
the ids valid too). The caller holds the write transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, filterfalse

from ..ingest.normalize import word_form
from ..models import ArticleRow
from ..stories.fingerprint import SHORT_TEXT, batch_story_keys, word_count
from ..stories.match import StoryText, same_story

CHUNK = 900


@dataclass(slots=True)
class Incoming:
    """An article to group: its id, its keys and (read only when a key finds a
    candidate) its text."""

    id: int
    keys: list[int]
    words: int
    text: Callable[[], StoryText]
    _text: StoryText | None = field(default=None, init=False)

    def story_text(self) -> StoryText:
        if self._text is None:
            self._text = self.text()
        return self._text


def text_of(title: str | None, body: str | None) -> StoryText:
    return StoryText.of(word_form(body), word_form(title))


def text_reader(texts: Mapping[int, tuple[str | None, str | None]],
                article: int) -> Callable[[], StoryText]:
    """Reads ``article``'s text from ``texts`` (title, body) only when asked."""
    return lambda: text_of(*texts[article])


class _Groups:
    """Union-find over story ids (existing stories' and new articles' ids)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        root = item
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while item != root:  # path compression
            self.parent[item], item = root, self.parent.get(item, item)
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:  # the smaller id leads: it is the story's first copy
            self.parent[max(ra, rb)] = min(ra, rb)


def group(conn: sqlite3.Connection, items: Sequence[Incoming]) -> dict[int, int]:
    """The story id of each item (by id), grouping each with the stored articles and the
    earlier items whose text confirms a shared key; stories an item bridges are merged
    in the table. Items come in id order; their keys are not stored yet (see
    :func:`store_keys`)."""
    found = _lookup(conn, items)
    stored = _stored_texts(conn, {hit.article for hits in found.values() for hit in hits
                                  if _worth_comparing(hit)})
    groups = _Groups()
    latest: dict[int, Incoming] = {}
    for item in items:
        groups.find(item.id)
        compared: set[int] = set()
        hits = found.get(item.id, [])
        for hit in hits:
            if hit.article in stored and hit.article not in compared:
                story, text = stored[hit.article]
                if groups.find(story) != groups.find(item.id):
                    compared.add(hit.article)
                    if same_story(item.story_text(), text):
                        groups.union(story, item.id)
        for earlier, hit in _batch_hits(item, latest):
            if _worth_comparing(hit) and hit.article not in compared \
                    and groups.find(hit.article) != groups.find(item.id):
                compared.add(hit.article)
                if same_story(item.story_text(), earlier.story_text()):
                    groups.union(hit.article, item.id)
        for key in item.keys:
            latest[key] = item
    _merge_stored(conn, groups, {i.id for i in items})
    return {item.id: groups.find(item.id) for item in items}


@dataclass(frozen=True, slots=True)
class _Hit:
    """An article that has ``shared`` of an item's keys; ``shorter``: the fewer words of
    the two texts."""

    article: int
    shared: int
    shorter: int


def _worth_comparing(hit: _Hit) -> bool:
    """Compare texts that share two keys, or one when a text is too short for two."""
    return hit.shared >= 2 or hit.shorter < SHORT_TEXT


def _batch_hits(item: Incoming, latest: dict[int, Incoming]) -> list[tuple[Incoming, _Hit]]:
    """The earlier items of the batch that have one of the item's keys."""
    found: dict[int, tuple[Incoming, int]] = {}
    for key in item.keys:
        earlier = latest.get(key)
        if earlier is not None:
            found[earlier.id] = (earlier, found.get(earlier.id, (earlier, 0))[1] + 1)
    return [(earlier, _Hit(earlier.id, shared, min(item.words, earlier.words)))
            for earlier, shared in found.values()]


def _lookup(conn: sqlite3.Connection, items: Sequence[Incoming]) -> dict[int, list[_Hit]]:
    """The stored articles that have one of an item's keys, with how many, per item.

    One statement for the whole batch: the keys go in as one JSON array and come back
    only when stored (seldom), so the batch costs one index probe per key in SQLite's
    C and no Python per key that nothing has. The articles' rows are not read here:
    their story ids come with the texts of the few worth comparing."""
    holders: dict[int, list[Incoming]] = {}
    for item in items:
        for key in item.keys:
            holders.setdefault(key, []).append(item)
    found: dict[int, list[_Hit]] = {}
    if not holders:
        return found
    shared: dict[tuple[int, int], list[int]] = {}  # (item, article) -> [keys, words]
    for key, article, length in conn.execute(
        "SELECT key, article_id, words FROM story_keys "
        "WHERE key IN (SELECT value FROM json_each(?))", (json.dumps(list(holders)),)
    ):
        for item in holders[key]:
            if item.id != article:
                hit = shared.setdefault((item.id, article), [0, 0])
                hit[0] += 1
                hit[1] = max(hit[1], length)
    words = {item.id: item.words for item in items}
    for (item_id, article), (count, length) in sorted(shared.items()):
        found.setdefault(item_id, []).append(_Hit(article, count, min(length, words[item_id])))
    return found


def _stored_texts(conn: sqlite3.Connection,
                  ids: Iterable[int]) -> dict[int, tuple[int, StoryText]]:
    """The story id and the text of each stored article (by id)."""
    ids = list(ids)
    texts: dict[int, tuple[int, StoryText]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for article, title, body, story in conn.execute(
                f"SELECT id, title, body_text, coalesce(story_id, id) FROM articles "
                f"WHERE id IN ({marks})", chunk):
            texts[article] = story, text_of(title, body)
    return texts


def _merge_stored(conn: sqlite3.Connection, groups: _Groups, items: set[int]) -> None:
    """Give every stored story that joined another the id of the story it joined
    (the items' own rows are the caller's to write)."""
    moves = [(groups.find(story), story) for story in list(groups.parent)
             if story not in items and groups.find(story) != story]
    if moves:
        conn.executemany("UPDATE articles SET story_id = ? WHERE story_id = ?", moves)


def store_keys(conn: sqlite3.Connection, items: Iterable[Incoming]) -> None:
    """Point each item's keys at it: the latest copy answers for a key (in key order,
    so the inserts walk the table's pages once instead of jumping between them)."""
    conn.executemany("INSERT OR REPLACE INTO story_keys (key, article_id, words) VALUES (?, ?, ?)",
                     sorted([(key, item.id, item.words) for item in items for key in item.keys]))


def forget(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    """Drop the keys that point at these articles (before they are deleted or rewritten)."""
    stored = _bodies(conn, ids)
    keys = batch_story_keys([word_form(body) for _, body in stored])
    conn.executemany(
        "DELETE FROM story_keys WHERE key = ? AND article_id = ?",
        [
            (key, article)
            for (article, _), article_keys in zip(stored, keys, strict=True)
            for key in article_keys
        ],
    )


def _bodies(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[int, str]]:
    rows: list[tuple[int, str]] = []
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ",".join("?" * len(chunk))
        rows.extend(conn.execute(
            f"SELECT id, body_text FROM articles WHERE id IN ({marks}) ORDER BY id", chunk))
    return rows


def leave_story(conn: sqlite3.Connection, article_id: int) -> None:
    """Take an article out of its story (the next copy leads it if it led)."""
    row = conn.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return
    story = row[0]
    if story == article_id:
        successor = conn.execute(
            "SELECT min(id) FROM articles WHERE story_id = ? AND id != ?",
            (article_id, article_id)).fetchone()[0]
        if successor is not None:
            conn.execute("UPDATE articles SET story_id = ? WHERE story_id = ? AND id != ?",
                         (successor, article_id, article_id))
    else:
        conn.execute("UPDATE articles SET story_id = id WHERE id = ?", (article_id,))


def regroup(conn: sqlite3.Connection, article_ids: Sequence[int]) -> None:
    """Group articles again after their text changed (their old keys are forgotten by
    the caller, before the change, with :func:`forget`)."""
    ids = sorted(set(article_ids))
    for article in ids:
        leave_story(conn, article)
    stored = {article: (title, body) for article, title, body in _titled_bodies(conn, ids)}
    present = [article for article in ids if article in stored]
    forms = [word_form(stored[a][1]) for a in present]
    items = [Incoming(article, keys, word_count(form), text_reader(stored, article))
             for article, keys, form in zip(present, batch_story_keys(forms), forms, strict=True)]
    stories = group(conn, items)
    conn.executemany("UPDATE articles SET story_id = ? WHERE id = ?",
                     [(story, article) for article, story in stories.items()])
    store_keys(conn, items)


def _titled_bodies(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[int, str, str]]:
    rows: list[tuple[int, str, str]] = []
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start:start + CHUNK])
        marks = ",".join("?" * len(chunk))
        rows.extend(conn.execute(
            f"SELECT id, title, body_text FROM articles WHERE id IN ({marks})", chunk))
    return rows


# -- reading ------------------------------------------------------------------------

def sizes(conn: sqlite3.Connection, story_ids: Iterable[int]) -> dict[int, int]:
    """How many copies each story has (one index range per story)."""
    ids = list(dict.fromkeys(story_ids))
    counts: dict[int, int] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ",".join("?" * len(chunk))
        counts.update(conn.execute(
            f"SELECT story_id, count(*) FROM articles WHERE story_id IN ({marks}) "
            "GROUP BY story_id", chunk).fetchall())
    return counts


def fill_sizes(conn: sqlite3.Connection, rows: Sequence[ArticleRow]) -> None:
    """Set ``story_size`` on list rows."""
    counts = sizes(conn, [row.story_id for row in rows])
    for row in rows:
        row.story_size = counts.get(row.story_id, 1)


def copies(conn: sqlite3.Connection, article_id: int) -> list[int]:
    """The other copies of an article's story, oldest first (one index range)."""
    return [r[0] for r in conn.execute(
        "SELECT b.id FROM articles a JOIN articles b ON b.story_id = a.story_id "
        "WHERE a.id = ? AND b.id != a.id ORDER BY b.id", (article_id,))]


def set_read(conn: sqlite3.Connection, ids: Sequence[int], read: bool) -> int:
    """Mark articles and every other copy of their stories read or unread (one index
    range per story); how many rows changed."""
    changed = 0
    for start in range(0, len(ids), CHUNK):
        chosen = json.dumps(list(ids[start:start + CHUNK]))
        changed += conn.execute(
            "UPDATE articles SET is_read = ? WHERE is_read != ? AND ("
            "story_id IN (SELECT story_id FROM articles WHERE id IN "
            "(SELECT value FROM json_each(?)) AND story_id IS NOT NULL) "
            "OR id IN (SELECT value FROM json_each(?)))",
            (int(read), int(read), chosen, chosen)).rowcount
    return changed


#: the first ids of a list are grouped at once, before the story index is read
FIRST_IDS = 400


def first_of_each_story(
    conn: sqlite3.Connection, chunks: Iterable[list[int]]
) -> Iterator[list[int]]:
    """Keep, from ids streamed in list order, the first of each story: the list with one
    row per story, each at the place of its copy that comes first in that order.

    The first FIRST_IDS ids are looked up one by one, so the first rows show at once.
    Then the copies that do not lead their story are read once, from the story index
    alone (a covering scan: no article row is read), so a chunk costs no lookups; Python
    looks only at the ids of stories of several copies (a story of one passes in C),
    so the worker seldom holds the GIL the window paints with."""
    chunks = iter(chunks)
    first = next(chunks, None)
    if first is None:
        return
    head, first = first[:FIRST_IDS], first[FIRST_IDS:]
    story_of = dict(conn.execute(
        "SELECT id, coalesce(story_id, id) FROM articles WHERE id IN "
        "(SELECT value FROM json_each(?))", (json.dumps(head),)).fetchall())
    seen: set[int] = set()
    kept = []
    for article in head:
        story = story_of.get(article, article)
        if story not in seen:
            seen.add(story)
            kept.append(article)
    if kept:
        yield kept
    copy_of: dict[int, int] = dict(conn.execute(
        "SELECT id, story_id FROM articles WHERE story_id != id").fetchall())
    grouped = set(copy_of) | set(copy_of.values())  # every copy of a story of several
    seen &= grouped
    for chunk in chain([first], chunks):
        dropped = set()
        for article in filter(grouped.__contains__, chunk):
            story = copy_of.get(article, article)
            if story in seen:
                dropped.add(article)
            else:
                seen.add(story)
        kept = list(filterfalse(dropped.__contains__, chunk)) if dropped else chunk
        if kept:
            yield kept
