"""Reading and writing what learning needs in bulk: the articles as documents, the
shared feature space and each collection's model. Weights are stored as little-endian
arrays: ``tag_models.feature_ids`` int32 ids of ``learning_features`` rows, ``weights``
float32, one per id.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..learning.features import TOPICAL_LABELS, Document
from ..learning.training import CollectionModel
from .learning import CHUNK, LearnedTag


def article_ids(conn: sqlite3.Connection) -> np.ndarray:
    return np.fromiter((r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")),
                       dtype=np.int64)


def documents(conn: sqlite3.Connection, ids: Sequence[int]) -> list[Document]:
    """The title, text and topical entity names of each article, in the order given."""
    found: dict[int, tuple[str, str]] = {}
    names: dict[int, list[str]] = {}
    labels = sorted(TOPICAL_LABELS)
    for start in range(0, len(ids), CHUNK):
        chunk = [int(i) for i in ids[start:start + CHUNK]]
        marks = ",".join("?" * len(chunk))
        for article_id, title, body in conn.execute(
                f"SELECT id, title, body_text FROM articles WHERE id IN ({marks})", chunk):
            found[article_id] = (title, body)
        for article_id, text in conn.execute(
                # each name as the entity it was merged into, "not an entity" left out
                f"SELECT m.article_id, r.text FROM mentions m "
                f"JOIN entities e ON e.id = m.entity_id "
                f"JOIN entities r ON r.id = coalesce(e.merged_into, e.id) "
                f"WHERE m.article_id IN ({marks}) AND e.ignored = 0 "
                f"AND r.label IN ({','.join('?' * len(labels))})",
                [*chunk, *labels]):
            names.setdefault(article_id, []).append(text)
    return [Document(*found.get(int(i), ("", "")), tuple(names.get(int(i), ())))
            for i in ids]


def save_space(conn: sqlite3.Connection, terms: Sequence[str], weights: np.ndarray) -> None:
    conn.execute("DELETE FROM learning_features")
    conn.executemany("INSERT INTO learning_features (id, term, weight) VALUES (?, ?, ?)",
                     zip(range(len(terms)), terms, (float(w) for w in weights)))


def load_space(conn: sqlite3.Connection) -> tuple[list[str], np.ndarray]:
    rows = conn.execute("SELECT term, weight FROM learning_features ORDER BY id").fetchall()
    return [r[0] for r in rows], np.array([r[1] for r in rows], dtype=np.float64)


def save_model(conn: sqlite3.Connection, tag: int, model: CollectionModel, *,
               rank_floor: float, trained_at: str) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO tag_models (tag_id, trained_at, positives, negatives, rejected, "
        "intercept, threshold, rank_floor, feature_ids, weights) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (tag, trained_at, model.positives, model.negatives, model.rejected, model.intercept,
         model.threshold, rank_floor, model.feature_ids.astype("<i4").tobytes(),
         model.weights.astype("<f4").tobytes()))


@dataclass(frozen=True, slots=True)
class StoredModel:
    tag: LearnedTag
    model: CollectionModel
    rank_floor: float
    trained_at: str


def load_models(conn: sqlite3.Connection) -> list[StoredModel]:
    """The models of the collections that learn, by collection name."""
    return [StoredModel(LearnedTag(r[0], r[1]),
                        CollectionModel(np.frombuffer(r[8], dtype="<i4").astype(np.int32),
                                        np.frombuffer(r[9], dtype="<f4").astype(np.float32),
                                        r[5], r[6], r[2], r[3], r[4]), r[7], r[10])
            for r in conn.execute(
                "SELECT t.id, t.name, m.positives, m.negatives, m.rejected, m.intercept, "
                "m.threshold, m.rank_floor, m.feature_ids, m.weights, m.trained_at "
                "FROM tag_models m JOIN tags t ON t.id = m.tag_id WHERE t.learns = 1 "
                "ORDER BY t.name COLLATE NOCASE")]
