"""A full-text index made for "the best 50 of 100,000 matches", beside the library file.

SQLite's FTS5 scores every match with bm25 before it can return the best few: at a
million articles a common word took 140-1,100 ms. Tantivy (a Rust search library, like
Lucene) skips whole blocks of postings that cannot reach the top k (block-max WAND):
the same words take 3-22 ms. The index holds no text of its own (nothing is stored,
only postings), is never the only copy of anything, and is rebuilt from the library
whenever it is missing, damaged or out of step; FTS5 in the library file stays for
snippets, counts, other tools and whenever this index cannot answer.

This package knows tantivy and nothing of SQLite: :mod:`.store` keeps the index, and
:mod:`.translate` turns the search language's words into its queries.
"""
