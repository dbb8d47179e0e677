"""The runs behind collections that learn: train, rank, tag on arrival, suggest.

A learning run trains every learned collection together over one new feature space
(so their models can score any batch of articles together), ranks the articles not
in each collection, and replaces, in one write transaction at its end, the feature
space, the models and the collections' suggestions: a cancelled or failed run
changes nothing. Rejections are never overwritten.

Libraries of up to ``ALL_ARTICLES_UP_TO`` articles are learned from whole; in a
bigger one each collection's stories and rejections are learned against a fixed
sample of the rest (``NEGATIVE_SAMPLE``), and then the whole library is ranked.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp

from ..clock import utc_now
from ..models import ArrivalReport, LearnedCollection, LearnReport
from ..store import articles as article_store
from ..store import learning as store
from ..store import learning_models as model_store
from ..store.connection import write_transaction
from . import many
from .features import FeatureSpace
from .scoring import ModelSet
from .training import CollectionModel

#: progress(done, total, what is being done)
Progress = Callable[[int, int, str], None]
ALL_ARTICLES_UP_TO = 30_000
NEGATIVE_SAMPLE = 20_000
#: articles read, vectorised and scored at a time
BATCH = 2_000
#: best-ranked articles kept per collection for ``tag suggest``, besides the suggested
RANKED_KEEP = 200
#: a library this small keeps every word that occurs once (else: twice)
SMALL_LIBRARY = 100


class Cancelled(Exception):
    """The reader asked the run to stop; nothing of it was written."""


class _Steps:
    """Progress and cancel checks of one run."""

    def __init__(self, progress: Progress | None, should_cancel: Callable[[], bool] | None):
        self._progress = progress
        self._cancel = should_cancel or (lambda: False)

    def __call__(self, done: int, total: int, label: str) -> None:
        if self._cancel():
            raise Cancelled
        if self._progress is not None:
            self._progress(done, total, label)


# -- learning ------------------------------------------------------------------------------
def learn(conn: sqlite3.Connection, *, only: Sequence[str] | None = None,
          progress: Progress | None = None, should_cancel: Callable[[], bool] | None = None,
          seed: int = 0) -> LearnReport:
    """Train every learned collection over a new feature space and rank the library for
    each (see above). ``only``: train just these learned collections again, in the
    feature space the last full run made (after the reader accepted or rejected some of
    their suggestions); the others keep their models."""
    step = _Steps(progress, should_cancel)
    report = LearnReport()
    tags = store.learned_tags(conn)
    space = None
    if only is not None and model_store.load_models(conn):
        wanted = {name.casefold() for name in only}
        tags = [t for t in tags if t.name.casefold() in wanted]
        space = FeatureSpace(*model_store.load_space(conn))
    try:
        if tags:
            _learn(conn, tags, space, step, report, seed)
    except Cancelled:
        report.cancelled = True
    return report


def _learn(conn: sqlite3.Connection, tags: list[store.LearnedTag], space: FeatureSpace | None,
           step: _Steps, report: LearnReport, seed: int) -> None:
    """Train ``tags`` (in ``space``, or in a new space fitted now) and rank the library."""
    library = model_store.article_ids(conn)
    stories = {t.id: store.members(conn, t.id) for t in tags}
    refused = {t.id: store.rejected(conn, t.id) for t in tags}
    rows = _training_rows(library, stories, refused, seed)
    jobs = [many.Job(t.name, frozenset(stories[t.id]), frozenset(refused[t.id])) for t in tags]
    with many.helper_for(len(rows), len(tags)) as helper:  # gets ready while we read
        documents = _read(conn, rows, step, "Reading")
        if space is None:
            space, vectors = FeatureSpace.fit(documents,
                                              min_df=1 if len(library) < SMALL_LIBRARY else 2)
            keep_space = False
        else:
            vectors, keep_space = space.transform(documents), True
        outcomes = many.train_all(vectors, rows, jobs, len(library), seed, step, helper)
    trained: list[tuple[store.LearnedTag, CollectionModel]] = []
    for tag, (model, why) in zip(tags, outcomes, strict=True):
        if model is None:
            report.skipped.append((tag.name, why))
        else:
            trained.append((tag, model))
    models = ModelSet(space, [m for _, m in trained])
    ranking = _Ranking(models, [stories[t.id] | refused[t.id] for t, _ in trained])
    ranking.add(rows, vectors)
    rest = np.setdiff1d(library, rows)
    for start in range(0, len(rest), BATCH):
        step(start, len(rest), "Ranking the library")
        batch = rest[start:start + BATCH]
        ranking.add(batch, space.transform(_documents(conn, batch)))
    step(1, 1, "Saving")
    _save(conn, None if keep_space else space, tags, trained, ranking, report)


def _training_rows(library: np.ndarray, stories: dict[int, set[int]],
                   refused: dict[int, set[int]], seed: int) -> np.ndarray:
    """Every article in a library of moderate size; else every story and rejection of
    the learned collections and a fixed sample of the rest."""
    if len(library) <= ALL_ARTICLES_UP_TO:
        return library
    needed = set().union(*stories.values(), *refused.values())
    others = np.setdiff1d(library, np.fromiter(needed, dtype=np.int64))
    sample = np.random.default_rng(seed).choice(others, min(NEGATIVE_SAMPLE, len(others)),
                                                replace=False)
    return np.union1d(np.intersect1d(library, np.fromiter(needed, dtype=np.int64)), sample)


def _read(conn: sqlite3.Connection, ids: np.ndarray, step: _Steps, label: str):
    for start in range(0, len(ids), BATCH):
        step(start, len(ids), label)
        yield from _documents(conn, ids[start:start + BATCH])


def _documents(conn: sqlite3.Connection, ids: np.ndarray):
    return model_store.documents(conn, [int(i) for i in ids])


class _Ranking:
    """Per model: every article above its threshold, and the best ``RANKED_KEEP`` others,
    each with its reasons (computed only for articles that can still make the list)."""

    def __init__(self, models: ModelSet, excluded: list[set[int]]) -> None:
        self.models = models
        self._excluded = [np.fromiter(e, dtype=np.int64) for e in excluded]
        self.suggested: list[list[tuple[float, int, list[str]]]] = [[] for _ in models.models]
        self.ranked: list[list[tuple[float, int, list[str]]]] = [[] for _ in models.models]

    def add(self, ids: np.ndarray, vectors: sp.csr_matrix) -> None:
        margins = self.models.margins(vectors)
        for column, model in enumerate(self.models.models):
            own = margins[:, column].copy()
            own[np.isin(ids, self._excluded[column])] = -np.inf
            heap = self.ranked[column]
            floor = heap[0][0] if len(heap) >= RANKED_KEEP else -np.inf
            best = np.argsort(-own, kind="stable")[:RANKED_KEEP]
            chosen = set(best[own[best] > floor].tolist())
            chosen |= set(np.flatnonzero(own >= model.threshold).tolist())
            for row in chosen:
                if not np.isfinite(own[row]):
                    continue
                item = (float(own[row]), int(ids[row]),
                        self.models.reasons(vectors, row, column))
                if own[row] >= model.threshold:
                    self.suggested[column].append(item)
                elif len(heap) < RANKED_KEEP:
                    heapq.heappush(heap, item)
                elif item > heap[0]:
                    heapq.heapreplace(heap, item)

    def floor(self, column: int) -> float:
        """The lowest margin kept among the ranked: an arrival below it is not stored."""
        heap = self.ranked[column]
        return heap[0][0] if len(heap) >= RANKED_KEEP else -1e9


def _save(conn: sqlite3.Connection, space: FeatureSpace | None, tags: list[store.LearnedTag],
          trained: list[tuple[store.LearnedTag, CollectionModel]], ranking: _Ranking,
          report: LearnReport) -> None:
    """Write the run: a new feature space replaces every model (those not trained now
    are dropped); without one, only the models of ``tags`` are replaced."""
    now = utc_now()
    with write_transaction(conn):
        if space is not None:
            model_store.save_space(conn, space.terms, space.weights)
            store.forget_models_except(conn, [tag.id for tag, _ in trained])
        else:
            for tag in tags:
                store.forget_model(conn, tag.id)
        for column, (tag, model) in enumerate(trained):
            model_store.save_model(
                conn, tag.id, model, rank_floor=ranking.floor(column), trained_at=now
            )
            rows = [(tag.id, article, store.SUGGESTED, float(model.score(np.array(m))[()]),
                     json.dumps(why))
                    for m, article, why in ranking.suggested[column]]
            rows += [(tag.id, article, store.RANKED, float(model.score(np.array(m))[()]),
                      json.dumps(why))
                     for m, article, why in ranking.ranked[column]]
            store.replace_suggestions(conn, tag.id, rows, now)
            report.trained.append(LearnedCollection(tag.name, model.positives, model.rejected,
                                                    len(ranking.suggested[column])))


# -- arrivals ---------------------------------------------------------------------------------
def suggest_arrivals(conn: sqlite3.Connection, ids: Sequence[int], report: ArrivalReport, *,
                     progress: Progress | None = None,
                     should_cancel: Callable[[], bool] | None = None) -> None:
    """Tag new articles as suggested for each learned collection whose model is confident
    about them; each batch is written as it is done (a cancel keeps those)."""
    try:
        _suggest_arrivals(conn, [int(i) for i in ids], _Steps(progress, should_cancel), report)
    except Cancelled:
        report.cancelled = True


def stored_models(
    conn: sqlite3.Connection,
) -> tuple[ModelSet, list[model_store.StoredModel]] | None:
    """The learned collections' models over their feature space, or None if there are none."""
    stored = model_store.load_models(conn)
    if not stored:
        return None
    space = FeatureSpace(*model_store.load_space(conn))
    return ModelSet(space, [s.model for s in stored]), stored


def _suggest_arrivals(conn: sqlite3.Connection, ids: list[int], step: _Steps,
                      report: ArrivalReport) -> None:
    loaded = stored_models(conn)
    if loaded is None:
        return
    models, stored = loaded
    for start in range(0, len(ids), BATCH):
        step(start, len(ids), "Tagging new articles")
        batch = np.array(ids[start:start + BATCH], dtype=np.int64)
        vectors = models.space.transform(_documents(conn, batch))
        margins = models.margins(vectors)
        rows = []
        for column, entry in enumerate(stored):
            model = entry.model
            for row in np.flatnonzero(margins[:, column] >= entry.rank_floor):
                margin = float(margins[row, column])
                state = store.SUGGESTED if margin >= model.threshold else store.RANKED
                rows.append((entry.tag.id, int(batch[row]), state,
                             float(model.score(np.array(margin))[()]),
                             json.dumps(models.reasons(vectors, int(row), column))))
        with write_transaction(conn):
            before = store.suggested_counts(conn)
            store.add_suggestions(conn, rows, utc_now())
            after = store.suggested_counts(conn)
        for name, count in after.items():
            if count > before.get(name, 0):
                report.suggested[name] = report.suggested.get(name, 0) + count - before.get(name, 0)


# -- suggesting on demand ------------------------------------------------------------------
def rank_articles(conn: sqlite3.Connection, tag: store.LearnedTag, ids: Sequence[int], *,
                  limit: int, progress: Progress | None = None,
                  should_cancel: Callable[[], bool] | None = None) -> list[store.SuggestionRow]:
    """Score these articles for one learned collection now (a search's matches), best
    first, leaving out its stories and rejections."""
    loaded = stored_models(conn)
    entry = next((s for s in loaded[1] if s.tag.id == tag.id), None) if loaded else None
    if loaded is None or entry is None:
        return []
    models = ModelSet(loaded[0].space, [entry.model])
    excluded = store.members(conn, tag.id) | store.rejected(conn, tag.id)
    candidates = np.array([i for i in ids if i not in excluded], dtype=np.int64)
    step = _Steps(progress, should_cancel)
    best: list[tuple[float, int, list[str]]] = []
    for start in range(0, len(candidates), BATCH):
        step(start, len(candidates), f"Ranking for {tag.name}")
        batch = candidates[start:start + BATCH]
        vectors = models.space.transform(_documents(conn, batch))
        margins = models.margins(vectors)[:, 0]
        for row in np.argsort(-margins, kind="stable")[:limit]:
            item = (float(margins[row]), -int(batch[row]), models.reasons(vectors, row, 0))
            heapq.heappush(best, item) if len(best) < limit else heapq.heappushpop(best, item)
    titles = article_store.titles(conn, [-b[1] for b in best])
    return [
        store.SuggestionRow(
            tag.name,
            -article,
            titles.get(-article, ""),
            float(entry.model.score(np.array(margin))[()]),
            why,
            store.SUGGESTED if margin >= entry.model.threshold else store.RANKED,
        )
        for margin, article, why in sorted(best, reverse=True)
    ]
