"""The tantivy index in a library's folder (:mod:`.state`): its schema, reading and
writing it. A folder this version cannot read is replaced by a rebuild."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import tantivy

from .state import FORMAT, IndexState, read_state, write_state

#: the fields, as the FTS5 table has them, and the weight of a match in each (a word in
#: the title counts most, as in the FTS5 ranking)
FIELDS = {"title": 10.0, "body": 1.0, "source": 4.0, "author": 4.0}
ANALYZER = "newsreader_words"

#: a word longer than this is no word (a hash, a base64 blob): it is not indexed
LONGEST_WORD = 60
WRITER_HEAP = 128_000_000


class IndexBusy(Exception):
    """Another program is writing this index right now."""


def _analyzer() -> tantivy.TextAnalyzer:
    """Words as FTS5's ``porter unicode61 remove_diacritics 2`` sees them: split at what is
    not a letter or digit, lower case, accents off, English stems."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(LONGEST_WORD))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stemmer("english"))
            .build())


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=False, indexed=True, fast=True)
    for name in FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name=ANALYZER,
                               index_option="position")
    return builder.build()


def _register(index: tantivy.Index) -> None:
    index.register_tokenizer(ANALYZER, _analyzer())


class TextIndex:
    """One open index folder: searchers for reading, a writer while catching up."""

    def __init__(self, folder: Path, index: tantivy.Index) -> None:
        self.folder = folder
        self._index = index
        self.schema = index.schema
        self.analyzer = _analyzer()
        self._searcher: tantivy.Searcher | None = None
        self._searcher_state: IndexState | None = None

    @classmethod
    def open(cls, folder: Path) -> TextIndex | None:
        """The index in ``folder``, or None when there is none this version can read."""
        state = read_state(folder)
        if state is None or state.format != FORMAT:
            return None
        try:
            index = tantivy.Index(_schema(), path=str(folder), reuse=True)
        except (OSError, ValueError):
            return None
        _register(index)
        return cls(folder, index)

    @classmethod
    def create(cls, folder: Path, state: IndexState) -> TextIndex:
        """A new, empty index in ``folder`` (which must not exist)."""
        folder.mkdir(parents=True)
        index = tantivy.Index(_schema(), path=str(folder), reuse=False)
        _register(index)
        write_state(folder, state)
        return cls(folder, index)

    @property
    def state(self) -> IndexState | None:
        return read_state(self.folder)

    def searcher(self) -> tantivy.Searcher:
        """A searcher over the last commit (reloaded when another writer committed)."""
        state = self.state
        if self._searcher is None or state != self._searcher_state:
            self._index.reload()
            self._searcher = self._index.searcher()
            self._searcher_state = state
        return self._searcher

    def best(self, query: tantivy.Query, k: int, skip: int = 0) -> list[tuple[float, int]]:
        """(score, article id) of the best ``k`` hits, without the first ``skip``."""
        searcher = self.searcher()
        hits = searcher.search(query, k, count=False).hits[skip:]
        ids = searcher.fast_field_values("id", [address for _, address in hits])
        return [(float(score), int(article_id))
                for (score, _), article_id in zip(hits, ids, strict=True)
                if article_id is not None]

    def count(self, query: tantivy.Query) -> int:
        result: Any = self.searcher().search(query, 1, count=True)
        return int(result.count)

    def words(self, text: str) -> list[str]:
        """``text`` as the index's words (the same analysis as the indexed text)."""
        return [w for w in self.analyzer.analyze(text) if w]

    @contextlib.contextmanager
    def writing(self, threads: int = 1) -> Iterator[Writer]:
        """A writer for this index; IndexBusy when another program holds it."""
        try:
            writer = self._index.writer(WRITER_HEAP, threads)
        except ValueError as error:
            if "lock" in str(error).lower():
                raise IndexBusy(str(error)) from error
            raise
        try:
            yield Writer(self, writer)
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()  # ends the writer: its lock is released

    def close(self) -> None:
        self._searcher = None


class Writer:
    """Adds and removes articles; ``commit(state)`` makes them visible and records how far
    the index has got."""

    def __init__(self, index: TextIndex, writer: tantivy.IndexWriter) -> None:
        self._index = index
        self._writer = writer

    def remove(self, ids: Iterable[int]) -> None:
        for article_id in ids:
            self._writer.delete_documents_by_term("id", article_id)

    def add(self, article_id: int, title: str, body: str, source: str, author: str) -> None:
        document = tantivy.Document(id=article_id, title=title, body=body, source=source,
                                    author=author)
        self._writer.add_document(document)

    def commit(self, state: IndexState) -> None:
        self._writer.commit()
        write_state(self._index.folder, state)
