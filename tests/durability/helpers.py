"""Shared pieces of the durability tests: article files, real CLI runs, checks."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from newsreader.core.store.integrity import check_rows

HERE = Path(__file__).resolve().parent
CHILD = HERE / "child.py"
PER_FILE = 100
SEEDED = 200  # articles in every template library, tagged and annotated before a test


def article(i: int, prefix: str = "k") -> dict[str, str]:
    return {
        "title": f"Chip exports report {prefix}{i}",
        "body_text": (f"Story {prefix}{i}. Samsung Electronics and SK Hynix said in Seoul on "
                      f"Monday that exports of memory chips rose {i % 97} percent, according "
                      "to the Ministry of Trade. " * 3),
        "source": "Test Wire",
        "url": f"https://example.com/{prefix}/{i}",
        "published_at": f"2024-0{1 + i % 9}-{1 + i % 28:02d}T08:00:00Z",
    }


def write_jsonl(path: Path, numbers: range, prefix: str = "k") -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in numbers:
            out.write(json.dumps(article(i, prefix)) + "\n")
    return path


def make_folder(folder: Path, total: int, *, start: int = 0, prefix: str = "k",
                per_file: int = PER_FILE) -> Path:
    """``total`` articles in files of ``per_file``, named so they import in order."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, first in enumerate(range(start, start + total, per_file)):
        write_jsonl(
            folder / f"part_{n:04d}.jsonl",
            range(first, min(first + per_file, start + total)),
            prefix,
        )
    return folder


def env() -> dict[str, str]:
    values = dict(os.environ)
    values.pop("NEWSREADER_DEBUG", None)
    values["PYTHONDONTWRITEBYTECODE"] = "1"
    return values


def cli_args(library: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "newsreader", "--library", str(library), *args]


def run_cli(library: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli_args(library, *args), capture_output=True, text=True, check=False,
                          timeout=timeout, env=env())


def seed_library(path: Path) -> Path:
    """A closed library with SEEDED articles, half tagged "before", notes and read flags."""
    from newsreader.core.ingest.draft import ArticleDraft
    from newsreader.core.library import Library

    with Library(path) as lib:
        lib.import_drafts([ArticleDraft(**article(i, "seed")) for i in range(SEEDED)])
        ids = list(range(1, SEEDED + 1))
        lib.add_tag("before", ids[::2])
        lib.set_read(ids[:50])
        lib.update_article(1, note="written before the crash")
    return path


def copy_library(template: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return target


def connect_plain(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def consistency_problems(path: Path) -> list[str]:
    """What is wrong with the file as SQLite sees it: integrity, keys, FTS index."""
    problems = []
    conn = connect_plain(path)
    try:
        problems += [f"integrity_check: {p}" for p in check_rows(conn, "integrity_check")]
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"foreign_key_check: {fk[:3]}")
        try:
            conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
        except sqlite3.DatabaseError as error:
            problems.append(f"fts integrity-check: {error}")
    finally:
        conn.close()
    return problems


def seeded_problems(path: Path) -> list[str]:
    """Whether the data written before the test is all still there."""
    conn = connect_plain(path)
    try:
        problems = []
        urls = {
            row[0] for row in conn.execute("SELECT url FROM articles WHERE url LIKE '%/seed/%'")
        }
        if len(urls) != SEEDED:
            problems.append(f"{SEEDED - len(urls)} seeded articles lost")
        tagged = conn.execute(
            "SELECT count(*) FROM article_tags JOIN tags ON tags.id = tag_id "
            "WHERE tags.name = 'before'").fetchone()[0]
        if tagged != SEEDED // 2:
            problems.append(f"tag 'before' has {tagged} articles, not {SEEDED // 2}")
        read = conn.execute("SELECT count(*) FROM articles WHERE is_read = 1 "
                            "AND url LIKE '%/seed/%'").fetchone()[0]
        if read != 50:
            problems.append(f"{read} seeded articles read, not 50")
        note = conn.execute("SELECT note FROM articles WHERE id = 1").fetchone()
        if not note or note[0] != "written before the crash":
            problems.append("the seeded note is gone")
        return problems
    finally:
        conn.close()


def imported_numbers(path: Path, prefix: str = "k") -> list[int]:
    conn = connect_plain(path)
    try:
        marker = f"/{prefix}/"
        return sorted(int(url.rsplit("/", 1)[1]) for (url,) in conn.execute(
            "SELECT url FROM articles WHERE instr(url, ?) > 0", (marker,)))
    finally:
        conn.close()


def article_count(path: Path) -> int:
    conn = connect_plain(path)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def no_traceback(result: subprocess.CompletedProcess[str]) -> bool:
    return "Traceback" not in result.stderr and "internal error" not in result.stderr


def ro_mount(source: Path, target: Path) -> bool:
    """Bind-mount ``source`` read-only at ``target`` (a new folder); False when this
    process may not (not root, or no mount permission). Unmount with ``umount``."""
    if os.geteuid() != 0:
        return False
    target.mkdir()
    bind = subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True)
    if bind.returncode != 0:
        return False
    ro = subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], capture_output=True)
    if ro.returncode != 0:
        subprocess.run(["umount", str(target)], capture_output=True)
        return False
    return True
