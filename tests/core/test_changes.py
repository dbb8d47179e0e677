"""Every write of the Library says what it changed, so views refresh only that."""

from __future__ import annotations

import ast
import inspect

from newsreader.core import library as library_module
from newsreader.core.library import WRITES, Library
from newsreader.core.models import Changes

from ..conftest import draft


def writing_methods() -> set[str]:
    """Library methods that write: they check the library is writable, open a write
    transaction, or go through ``_write``/``_set_flag``/``_correct``."""
    tree = ast.parse(inspect.getsource(library_module))
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Library"]
    marks = {"_check_writable", "write_transaction", "_write", "_set_flag", "_correct"}
    found = set()
    for node in cls.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            called = {getattr(c.func, "attr", getattr(c.func, "id", None))
                      for c in ast.walk(node) if isinstance(c, ast.Call)}
            if called & marks:
                found.add(node.name)
    return found


def test_every_write_is_in_the_table_of_changes() -> None:
    missing = writing_methods() - set(WRITES)
    assert missing == set()


def test_writes_announce_what_they_changed_with_the_articles(library: Library) -> None:
    heard: list[Changes] = []
    library.subscribe(heard.append)
    library.import_drafts([draft(1), draft(2)])
    library.set_starred([2])
    library.add_tag("chips", [1, 2])
    library.edit_details(1, title="New title", published="", author="", source="")
    assert heard[0].articles and heard[0].ids == frozenset()
    assert heard[1] == Changes(flags=True, ids=frozenset({2}))
    assert heard[2].collections and heard[2].ids == {1, 2}
    assert heard[3].details and heard[3].ids == {1}
    assert all(not c.elsewhere for c in heard)


def test_a_failed_write_still_announces_and_a_stopped_listener_hears_nothing(
    library: Library,
) -> None:
    heard: list[Changes] = []
    stop = library.subscribe(heard.append)
    library.import_drafts([draft(1)])
    stop()
    library.set_read([1])
    assert len(heard) == 1


def test_changes_combine() -> None:
    starred = Changes(flags=True, ids=frozenset({1}))
    assert (starred | Changes(flags=True, ids=frozenset({2}))).ids == {1, 2}
    assert (starred | Changes(details=True)).ids == frozenset()  # some row, not said which
    assert (starred | Changes(feeds=True)).ids == {1}
    assert Changes.everything().elsewhere and Changes().nothing
