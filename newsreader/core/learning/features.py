"""Articles as TF-IDF vectors over words, phrases and named entities.

One feature space serves every learned collection of a library, so a batch of
articles is read and vectorised once and then scored by all the models together.
Words are lowercased tokens that start with a letter (numbers say little about a
topic and much about a day's prices), stop words left out (on Reuters they cost 20%
of the training time and 0.002 of micro-F1); phrases are pairs of neighbouring words that
are not stop words ("export controls", "crude oil"); entities are the names the
library's extractor found (people, organisations, places, groups, laws, products).
Each weighs ``log(1 + tf) * idf``; phrases count half, since a phrase repeats what
its two words already say, and each article's vector has unit length.

On Reuters-21578 (cross-validation, see benchmarks/bench_learning.py) words alone
and words + half-weight phrases + entities reached the same micro-F1; the phrases
and entities are kept because they make the reasons a reader can check
("export controls", "Wang Wentao" rather than "export", "wang").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..entities.labels import TOPICAL, names_a_thing

#: entity labels that name something a story is about (not dates, sums or counts)
TOPICAL_LABELS = TOPICAL
ENTITY_MARK = "@"
PHRASE_WEIGHT = 0.5
#: a feature must occur in this many training articles to be kept
MIN_DF = 2
_TOKEN = re.compile(r"(?u)\b[^\W\d_][\w'&.-]*\b")
_STOP = frozenset(ENGLISH_STOP_WORDS)


@dataclass(frozen=True, slots=True)
class Document:
    """What the features are made of: an article's title, text and entity names."""

    title: str
    body: str
    entities: Sequence[str] = field(default_factory=tuple)


def analyze(doc: Document) -> list[str]:
    """The article's features, repeated as often as they occur.

    The title counts twice: a headline says what a wire story is about.
    """
    words = _TOKEN.findall(f"{doc.title}\n{doc.title}\n{doc.body}".lower())
    # a one-letter word ("q", "x") names nothing, as a number does not
    content = [w for w in words if len(w) > 1 and w not in _STOP]
    phrases = [f"{a} {b}" for a, b in zip(content, content[1:])]
    return content + phrases + [ENTITY_MARK + name for name in doc.entities
                                if names_a_thing(name)]


def display(term: str) -> str:
    """A feature as a reader sees it in a reason."""
    return term[len(ENTITY_MARK):] if term.startswith(ENTITY_MARK) else term


def explains(term: str) -> bool:
    """Whether a feature says something to a reader as a reason ("of" and "co" do not)."""
    return term.startswith(ENTITY_MARK) or " " in term or (len(term) > 2 and term not in _STOP)


def _kind_weight(term: str) -> float:
    if term.startswith(ENTITY_MARK) or " " not in term:
        return 1.0
    return PHRASE_WEIGHT


class FeatureSpace:
    """A fixed vocabulary with a weight per feature (idf times the kind's weight)."""

    def __init__(self, terms: Sequence[str], weights: np.ndarray) -> None:
        self.terms = list(terms)
        self.weights = np.asarray(weights, dtype=np.float64)
        self.index = {term: n for n, term in enumerate(self.terms)}

    def __len__(self) -> int:
        return len(self.terms)

    @classmethod
    def fit(cls, docs: Iterable[Document], min_df: int = MIN_DF) -> tuple[FeatureSpace, sp.csr_matrix]:
        """Learn the vocabulary and idf from these articles; return it and their vectors."""
        counted = [Counter(analyze(doc)) for doc in docs]
        df: Counter[str] = Counter()
        for counts in counted:
            df.update(counts.keys())
        terms = sorted(term for term, n in df.items() if n >= min_df)
        total = len(counted)
        weights = np.array([(math.log((1 + total) / (1 + df[t])) + 1) * _kind_weight(t)
                            for t in terms])
        space = cls(terms, weights)
        return space, space._vectors(counted)

    def transform(self, docs: Iterable[Document]) -> sp.csr_matrix:
        return self._vectors(Counter(analyze(doc)) for doc in docs)

    def _vectors(self, counted: Iterable[Counter[str]]) -> sp.csr_matrix:
        indptr, indices, counts = [0], [], []
        index = self.index
        for doc_counts in counted:
            for term, n in doc_counts.items():
                column = index.get(term)
                if column is not None:
                    indices.append(column)
                    counts.append(n)
            indptr.append(len(indices))
        matrix = sp.csr_matrix(
            (np.asarray(counts, dtype=np.float64), np.asarray(indices, dtype=np.int32),
             np.asarray(indptr, dtype=np.int64)), shape=(len(indptr) - 1, len(self.terms)))
        matrix.data = (1.0 + np.log(matrix.data)) * self.weights[matrix.indices]
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)
