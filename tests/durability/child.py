"""A worker the durability tests start and kill: it says what it has committed.

    python child.py LIBRARY FOLDER        import FOLDER, tag everything, find entities
    python child.py --hold LIBRARY SECONDS   hold the write lock for SECONDS
    python child.py --lock LIBRARY        take the WriterLock and sleep

Each line on stdout is printed (and flushed) only after the transaction it
reports has committed: "import N" (articles committed so far), "tag N"
(articles tagged "during" so far), "entities N" (articles whose entities are
stored so far), then "done".
"""

from __future__ import annotations

import sys
import time


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def work(library_path: str, folder: str) -> None:
    from newsreader.core.library import Library

    with Library(library_path) as lib:
        say("open")
        imported = 0

        def on_import(batch) -> None:
            nonlocal imported
            imported += batch.added
            say(f"import {imported}")

        lib.import_paths([folder], on_batch=on_import)
        ids = [row for chunk in lib.iter_ids(sort="date", descending=False) for row in chunk]
        ids.sort()
        tagged = 0
        for start in range(0, len(ids), 50):
            chunk = ids[start:start + 50]
            lib.add_tag("during", chunk)
            tagged += len(chunk)
            say(f"tag {tagged}")
        found = 0

        def on_entities(batch: list[int]) -> None:
            nonlocal found
            found += len(batch)
            say(f"entities {found}")

        lib.extract_entities(lib.entity_engine("rules"), on_batch=on_entities)
    say("done")


def hold(library_path: str, seconds: float) -> None:
    import sqlite3

    conn = sqlite3.connect(library_path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE articles SET note = 'held' WHERE id = 1")
    say("holding")
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()
    say("released")


def lock(library_path: str) -> None:
    from newsreader.core.store.locking import WriterLock

    writer = WriterLock(library_path)
    say("locked" if writer.acquire() else "refused")
    time.sleep(60)


if __name__ == "__main__":
    if sys.argv[1] == "--hold":
        hold(sys.argv[2], float(sys.argv[3]))
    elif sys.argv[1] == "--lock":
        lock(sys.argv[2])
    else:
        work(sys.argv[1], sys.argv[2])
