"""Build a big synthetic library for the window benchmark, fast:

    python benchmarks/make_big_library.py --articles 1000000 --out /tmp/nr1m/library.sqlite
        [--seed 1] [--fts triggers|rebuild] [--copies 0.2]

The file is created with ``Library(path)`` so the schema and migrations are the
app's own; the rows then go straight into ``articles`` with plain sqlite3
``executemany`` in large transactions (the importer's per-article work is not
what this measures). ``--fts triggers`` (the default) lets the schema's insert
trigger fill the full-text index row by row; ``--fts rebuild`` drops the three
FTS triggers, loads the rows, rebuilds the index in one pass
(``INSERT INTO articles_fts(articles_fts) VALUES('rebuild')``) and recreates
the triggers exactly as schema.py defines them.

On top of the plain articles (titles, sources, authors, 80-120 words of seeded
random vocabulary, ~60 % read, ~2 % starred, dates spread over five years):

* a few collections (tags) of 10,000 articles each;
* with ``--copies P``, stories of several copies: each article is, with probability P,
  another copy of a story among the 50 articles before it (``story_id`` only: the
  window's one row per story and its "N copies" are what this measures, not grouping);
* one special article of 5,000 words with 500 entity mentions (PERSON, ORG,
  GPE, DATE, MONEY) whose offsets index its body_text exactly; its id is
  printed at the end (``special_id=N``) for bench_window.py --special-id.

Finishes with ANALYZE (no VACUUM).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsreader.core.library import Library
from newsreader.core.store.schema import _V1

BATCH = 50_000
TAGS = ("Climate", "Elections", "Markets", "Health")
TAG_SIZE = 10_000
SPECIAL_WORDS = 5_000
SPECIAL_MENTIONS = 500
SPECIAL_LABELS = ("PERSON", "ORG", "GPE", "DATE", "MONEY")
START = datetime(2020, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 5 * 365 * 24 * 3600
FTS_TRIGGERS = [s for s in _V1 if "CREATE TRIGGER" in s]


def _syllable_words(rng: random.Random, count: int) -> list[str]:
    onsets = (
        "b c d f g h j k l m n p r s t v w z br cr dr fr gr pr tr st sp sl pl bl ch sh th".split()
    )
    vowels = "a e i o u ai ea ou io".split()
    codas = ["", "", "n", "r", "s", "t", "l", "nd", "st", "ck", "m"]
    words: set[str] = set()
    while len(words) < count:
        parts = rng.randint(1, 3)
        words.add("".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(parts))
                  + rng.choice(codas))
    return sorted(words)


class Vocabulary:
    """A seeded, Zipf-weighted vocabulary (fixed seed: only the articles vary with --seed)."""

    def __init__(self) -> None:
        rng = random.Random(20240601)
        common = ("the of to and a in that is for on it with as was he be by at said from "
                  "his an have has are not but this they were had who will which or would "
                  "their been its one about more after also new than up out there when").split()
        self.words = common + _syllable_words(rng, 8_000)
        weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(self.words))]
        total = 0.0
        self.cum: list[float] = []
        for w in weights:
            total += w
            self.cum.append(total)
        self.sources = [
            f"The {w.title()} {rng.choice(['Times', 'Post', 'Herald', 'Journal', 'Wire', 'News'])}"
            for w in _syllable_words(rng, 200)
        ]
        first = [w.title() for w in _syllable_words(rng, 300)]
        last = [w.title() for w in _syllable_words(rng, 300)]
        self.authors = [f"{rng.choice(first)} {rng.choice(last)}" for _ in range(2_000)]
        self.first, self.last = first, last

    def text(self, rng: random.Random, n: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=n)


def _iso(seconds: int) -> str:
    return (START + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _body(vocab: Vocabulary, rng: random.Random, n_words: int) -> str:
    words = vocab.text(rng, n_words)
    # sentences of ~12-20 words, two or three paragraphs
    i, sentences = 0, []
    while i < len(words):
        k = rng.randint(12, 20)
        chunk = words[i:i + k]
        sentences.append(chunk[0].capitalize() + " " + " ".join(chunk[1:]) + ".")
        i += k
    cut = max(1, len(sentences) // 2)
    return " ".join(sentences[:cut]) + "\n\n" + " ".join(sentences[cut:])


def special_article(
    vocab: Vocabulary, rng: random.Random
) -> tuple[str, list[tuple[int, int, str, str]]]:
    """A 5,000-word body and 500 (start, end, text, label) mentions indexing it exactly."""
    entities: list[tuple[str, str]] = []
    for label in SPECIAL_LABELS:
        for _ in range(20):
            if label == "PERSON":
                text = f"{rng.choice(vocab.first)} {rng.choice(vocab.last)}"
            elif label == "ORG":
                text = (
                    f"{rng.choice(vocab.last)} {rng.choice(['Corp', 'Group', 'Bank', 'Council'])}"
                )
            elif label == "GPE":
                text = rng.choice(vocab.first) + rng.choice(["ville", "burg", "ia", "stan"])
            elif label == "DATE":
                month = rng.choice(["March", "May", "June", "October"])
                text = f"{rng.randint(1, 28)} {month} {rng.randint(1990, 2024)}"
            else:
                text = f"${rng.randint(1, 999)} million"
            entities.append((text, label))
    entities = list(dict.fromkeys(entities))
    chosen = [entities[m % len(entities)] for m in range(SPECIAL_MENTIONS)]
    n_plain = SPECIAL_WORDS - sum(len(text.split()) for text, _ in chosen)
    plain = vocab.text(rng, n_plain)
    pieces: list[str] = []
    mentions: list[tuple[int, int, str, str]] = []
    pos = 0
    plain_i = 0
    words_in_para = 0
    for m, (text, label) in enumerate(chosen):
        # an even share of plain words, then one mention; a blank line every ~100 words
        gap = n_plain * (m + 1) // SPECIAL_MENTIONS - n_plain * m // SPECIAL_MENTIONS
        for _ in range(gap):
            word = plain[plain_i]
            plain_i += 1
            sep = "" if not pieces else ("\n\n" if words_in_para >= 100 else " ")
            if sep == "\n\n":
                words_in_para = 0
            pieces.append(sep + word)
            pos += len(sep) + len(word)
            words_in_para += 1
        pieces.append(" ")
        pos += 1
        mentions.append((pos, pos + len(text), text, label))
        pieces.append(text)
        pos += len(text)
        words_in_para += len(text.split())
    pieces.append(".")
    body = "".join(pieces)
    assert all(body[s:e] == t for s, e, t, _ in mentions)
    return body, mentions


def group_copies(conn: sqlite3.Connection, n: int, share: float, rng: random.Random,
                 alone: int) -> int:
    """Make about ``share`` of the articles copies of a story just before them (the
    article ``alone`` stays a story of one: the benchmark selects it)."""
    story = list(range(n + 1))
    moves = []
    for article in range(2, n + 1):
        if article != alone and rng.random() < share:
            story[article] = story[rng.randrange(max(1, article - 50), article)]
            if story[article] == alone:
                story[article] = article
                continue
            moves.append((story[article], article))
    conn.execute("BEGIN")
    conn.execute("UPDATE articles SET story_id = id")
    conn.executemany("UPDATE articles SET story_id = ? WHERE id = ?", moves)
    conn.execute("COMMIT")
    return len(moves)


def build(out: Path, n: int, seed: int, fts: str, copies: float = 0.0) -> int:
    if out.exists():
        sys.exit(f"{out} exists: remove it first")
    t0 = time.perf_counter()
    Library(out).close()  # the app's own schema and migrations
    vocab = Vocabulary()
    rng = random.Random(seed)
    special_index = n // 2
    conn = sqlite3.connect(out, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -512000")
    conn.execute("PRAGMA temp_store = MEMORY")
    if fts == "rebuild":
        for name in ("articles_ai", "articles_ad", "articles_au"):
            conn.execute(f"DROP TRIGGER {name}")
    sql = ("INSERT INTO articles (id, url, content_hash, title, source, author, published_at, "
           "added_at, body_text, is_read, is_starred) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
    special_mentions: list[tuple[int, int, str, str]] = []
    done = 0
    while done < n:
        rows = []
        for i in range(done, min(n, done + BATCH)):
            published = rng.randrange(SPAN_SECONDS)
            added = min(published + rng.randrange(3 * 3600), SPAN_SECONDS + 7200)
            if i == special_index:
                body, special_mentions = special_article(vocab, rng)
                title = "Special report: the long read with five hundred entities"
            else:
                body = _body(vocab, rng, rng.randint(80, 120))
                title = " ".join(vocab.text(rng, rng.randint(5, 11))).capitalize()
            rows.append((
                i + 1, f"https://news.example/{i + 1}/{rng.getrandbits(32):08x}",
                hashlib.sha1(str(i).encode()).hexdigest(), title,
                rng.choice(vocab.sources), rng.choice(vocab.authors),
                _iso(published), _iso(added), body,
                int(rng.random() < 0.6), int(rng.random() < 0.02),
            ))
        conn.execute("BEGIN")
        conn.executemany(sql, rows)
        conn.execute("COMMIT")
        done += len(rows)
        rate = done / (time.perf_counter() - t0)
        print(f"  {done:,} articles  ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    t_rows = time.perf_counter()
    if fts == "rebuild":
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")
        for statement in FTS_TRIGGERS:
            conn.execute(statement)
        print(f"  FTS rebuilt in {time.perf_counter() - t_rows:.1f} s", file=sys.stderr)

    special_id = special_index + 1
    if copies:
        grouped = group_copies(conn, n, copies, random.Random(seed + 1), special_id)
        print(f"  {grouped:,} articles made copies of another story", file=sys.stderr)
    now = _iso(SPAN_SECONDS)
    conn.execute("BEGIN")
    for name in TAGS:
        tag_id = conn.execute("INSERT INTO tags (name, created_at) VALUES (?, ?)",
                              (name, now)).lastrowid
        members = rng.sample(range(1, n + 1), min(TAG_SIZE, n))
        conn.executemany(
            "INSERT OR IGNORE INTO article_tags (article_id, tag_id, added_at, position) "
            "VALUES (?, ?, ?, ?)", [(a, tag_id, now, p + 1) for p, a in enumerate(members)])
    for start, end, text, label in special_mentions:
        conn.execute("INSERT OR IGNORE INTO entities (text, label) VALUES (?, ?)", (text, label))
        entity_id = conn.execute("SELECT id FROM entities WHERE text = ? AND label = ?",
                                 (text, label)).fetchone()[0]
        conn.execute('INSERT INTO mentions (article_id, entity_id, start, "end") VALUES (?,?,?,?)',
                     (special_id, entity_id, start, end))
    # mark it unread and unstarred, so opening it takes the app's "mark read" path the first time
    conn.execute("UPDATE articles SET is_read = 0 WHERE id = ?", (special_id,))
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = out.stat().st_size / 1e6
    print(f"built {n:,} articles in {time.perf_counter() - t0:.1f} s "
          f"(rows {t_rows - t0:.1f} s, fts={fts}); {size:,.0f} MB", file=sys.stderr)
    return special_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/nr1m/library.sqlite"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fts", choices=("triggers", "rebuild"), default="triggers")
    parser.add_argument("--copies", type=float, default=0.0,
                        help="share of articles that are another copy of a story")
    args = parser.parse_args()
    special_id = build(args.out, args.articles, args.seed, args.fts, args.copies)
    # checks: the app reads it back, the mentions index the body exactly
    with Library(args.out, read_only=True) as library:
        article = library.article(special_id)
        mentions = library.mentions(special_id)
        assert len(mentions) == SPECIAL_MENTIONS, len(mentions)
        assert all(article.body_text[m.start:m.end] == m.text for m in mentions)
        words = len(article.body_text.split())
        print(f"special article: {words:,} words, {len(mentions)} mentions, "
              f"{len({m.label for m in mentions})} labels", file=sys.stderr)
    print(f"special_id={special_id}")


if __name__ == "__main__":
    main()
