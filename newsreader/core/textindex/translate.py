"""The search language's words as tantivy queries, built term by term (never parsed).

A word matches in any field, its weight that of the field (:data:`.store.FIELDS`); a
phrase matches its words in order within one field; ``word*`` matches the words of the
index that begin so (the most frequent :data:`PREFIX_WORDS` of them, as a search
engine's suggestions do); a word that analyses to nothing matches nothing, as in FTS5.
"""

from __future__ import annotations

from collections.abc import Callable

import tantivy

from ..query import Term
from .store import FIELDS, TextIndex

#: a prefix stands for at most this many of the index's words that begin with it
PREFIX_WORDS = 16
#: a phrase whose words are each in more articles than this is costly to match by
#: positions (all of them are read: "of the" took 330 ms at a million articles), so it is
#: first looked for among the best articles with all its words (:func:`best_hits`)
COMMON_WORD = 100_000
#: the fields a costly phrase is looked for in among those articles (each field reads
#: the list of articles again: 5 ms for 400)
AMONG_FIELDS = {field: FIELDS[field] for field in ("title", "body")}
#: the articles with all the words looked at first, and at most, for a costly phrase
FIRST_CANDIDATES = 400
MOST_CANDIDATES = 3_200


_SHOULD, _MUST, _MUST_NOT = tantivy.Occur.Should, tantivy.Occur.Must, tantivy.Occur.MustNot


def best_hits(index: TextIndex, terms: list[Term], k: int) -> list[tuple[float, int]]:
    """(score, id) of the best ``k`` articles for one group of terms.

    A phrase of common words is matched by positions only among the best articles that
    have all its words in their text, or in their title (an eighth as many; as many as needed, up to
    :data:`MOST_CANDIDATES`, then everywhere): the best of those with the phrase are
    nearly always the best with it overall, and reading the positions of a few hundred
    articles takes milliseconds."""
    query = group_query(index, terms)
    if not _has_costly_phrase(index, terms):
        return index.best(query, k)
    in_text, in_title = _loose_query(index, terms, "body"), _loose_query(index, terms, "title")
    taken = max(k * 8, FIRST_CANDIDATES)
    while taken <= MOST_CANDIDATES:
        found = index.best(in_text, taken)
        candidates = {i for _, i in found} | {i for _, i in index.best(in_title, taken // 8)}
        hits = index.best(group_query(index, terms, within=sorted(candidates)), k)
        if len(hits) >= k or len(found) < taken:
            return hits
        # as many more as the share of candidates with the phrase says, with room
        taken = int(taken * k / max(len(hits), 1) * 1.5)
    return index.best(query, k)


def among_articles(index: TextIndex, terms: list[Term], ids: list[int]) -> tantivy.Query:
    """The group's query, its hits only among ``ids`` (a small collection's articles)."""
    return tantivy.Query.boolean_query([
        (_MUST, group_query(index, terms)),
        (_MUST, tantivy.Query.const_score_query(
            tantivy.Query.term_set_query(index.schema, "id", ids), 0.0))])


def _has_costly_phrase(index: TextIndex, terms: list[Term]) -> bool:
    searcher = index.searcher()
    for term in terms:
        if term.operator is None and not term.negated and term.phrase:
            words = index.words(term.value)
            if len(words) > 1 and all(searcher.doc_freq("body", w) > COMMON_WORD
                                      for w in words):
                return True
    return False


def _loose_query(index: TextIndex, terms: list[Term], field: str) -> tantivy.Query:
    """The group with each positive phrase as its words, all in ``field``."""
    parts: list[tuple[tantivy.Occur, tantivy.Query]] = []
    for term in terms:
        if term.operator is not None:
            continue
        if term.phrase and not term.negated:
            parts.extend((_MUST, tantivy.Query.term_query(index.schema, field, word))
                         for word in index.words(term.value))
        else:
            parts.append((_MUST_NOT if term.negated else _MUST, term_query(index, term)))
    return tantivy.Query.boolean_query(parts)


def group_query(index: TextIndex, terms: list[Term],
                within: list[int] | None = None) -> tantivy.Query:
    """Every positive free term must match, no negated one may; operators are not here
    (the caller checks them in SQL). ``within``: only among these articles (the filter
    goes into every field's query, where tantivy can lead with it)."""
    among = (None if within is None else tantivy.Query.const_score_query(
        tantivy.Query.term_set_query(index.schema, "id", within), 0.0))
    parts = []
    for term in terms:
        if term.operator is not None:
            continue
        parts.append((_MUST_NOT if term.negated else _MUST, term_query(index, term, among)))
    if not any(occur == _MUST for occur, _ in parts):
        parts.append((_MUST, tantivy.Query.all_query()))
    return tantivy.Query.boolean_query(parts)


def any_group_query(index: TextIndex, groups: list[list[Term]]) -> tantivy.Query:
    """Alternatives as one query: a hit matches any of them (their free words only)."""
    if len(groups) == 1:
        return group_query(index, groups[0])
    return tantivy.Query.boolean_query([(_SHOULD, group_query(index, g)) for g in groups])


def _among(query: tantivy.Query, among: tantivy.Query | None) -> tantivy.Query:
    return query if among is None else tantivy.Query.boolean_query(
        [(_MUST, among), (_MUST, query)])


def term_query(index: TextIndex, term: Term,
               among: tantivy.Query | None = None) -> tantivy.Query:
    value = term.value
    prefix = not term.phrase and value.endswith("*") and len(value) > 1
    if prefix:
        value = value[:-1]
    words = index.words(value)
    if not words:
        return tantivy.Query.empty_query()
    if prefix:
        return _prefix_query(index, value, words, among)
    per_field = []
    for field, weight in (FIELDS if among is None else AMONG_FIELDS).items():
        if len(words) == 1:
            query = tantivy.Query.term_query(index.schema, field, words[0])
        else:
            phrase: list[str | tuple[int, str]] = list(words)
            query = tantivy.Query.phrase_query(index.schema, field, phrase)
        per_field.append((_SHOULD, tantivy.Query.boost_query(_among(query, among), weight)))
    return tantivy.Query.boolean_query(per_field)


def _prefix_query(index: TextIndex, value: str, words: list[str],
                  among: tantivy.Query | None) -> tantivy.Query:
    """The last word as a prefix. It is matched unstemmed ("chin*" must find "china",
    whose stem is "china", and "chines", the stem of "chinese")."""
    searcher = index.searcher()
    start = _unstemmed_last_word(index, value) or words[-1]
    per_field = []
    for field, weight in FIELDS.items():
        if len(words) > 1:
            query = tantivy.Query.phrase_prefix_query(index.schema, field, [*words[:-1], start])
        else:
            found = searcher.terms_with_prefix(field, start, limit=PREFIX_WORDS)
            if not found:
                continue
            query = tantivy.Query.boolean_query(
                [(_SHOULD, tantivy.Query.term_query(index.schema, field, word))
                 for word, _count in found])
        per_field.append((_SHOULD, tantivy.Query.boost_query(_among(query, among), weight)))
    if not per_field:
        return tantivy.Query.empty_query()
    return tantivy.Query.boolean_query(per_field)


_FOLDED = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
           .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())


def _unstemmed_last_word(_index: TextIndex, value: str) -> str | None:
    """The last word of ``value`` lower-cased and without accents, not stemmed."""
    words = _FOLDED.analyze(value)
    return words[-1] if words else None


def word_matcher(index: TextIndex, terms: list[Term]) -> Callable[[str], bool]:
    """Whether a word of an article's text is one that the query's free terms match
    (their words as the index analyses them; the start of a word for ``word*``)."""
    stems: set[str] = set()
    prefixes: list[str] = []
    for term in terms:
        if term.operator is not None or term.negated:
            continue
        value = term.value
        if not term.phrase and value.endswith("*") and len(value) > 1:
            start = _unstemmed_last_word(index, value[:-1])
            if start:
                prefixes.append(start)
            value = value[:-1]
        stems.update(index.words(value))
    heads = {stem[:3] for stem in stems}
    known: dict[str, bool] = {}

    def matches(word: str) -> bool:
        folded = word.casefold()
        found = known.get(folded)
        if found is None:
            found = any(folded.startswith(p) for p in prefixes) or (
                folded[:3] in heads and any(w in stems for w in index.words(word)))
            known[folded] = found
        return found

    return matches
