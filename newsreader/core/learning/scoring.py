"""Scoring a batch of articles under every learned collection at once, with reasons.

The models share one feature space, so their weights stack into one matrix and a
batch of articles is scored by a single sparse product. A reason is a feature that
pushed an article towards a collection: its weight in the model times its value in
the article, the largest first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from .features import FeatureSpace, display, explains
from .training import CollectionModel

MAX_REASONS = 5


class ModelSet:
    """Several collections' models over one feature space."""

    def __init__(self, space: FeatureSpace, models: Sequence[CollectionModel]) -> None:
        self.space = space
        self.models = list(models)
        self._weights = np.zeros((len(space), len(self.models)), dtype=np.float32)
        for column, model in enumerate(self.models):
            self._weights[model.feature_ids, column] = model.weights
        self._intercepts = np.array([m.intercept for m in self.models])

    def margins(self, vectors: sp.csr_matrix) -> np.ndarray:
        """Signed distances to each model's boundary: rows are articles, columns models."""
        if not self.models:
            return np.zeros((vectors.shape[0], 0))
        return vectors.astype(np.float32) @ self._weights + self._intercepts

    def reasons(self, vectors: sp.csr_matrix, row: int, column: int,
                limit: int = MAX_REASONS) -> list[str]:
        """The features that weighed most for article ``row`` in model ``column``."""
        start, end = vectors.indptr[row], vectors.indptr[row + 1]
        features = vectors.indices[start:end]
        weights = self._weights[features, column]
        pushes = vectors.data[start:end] * weights
        terms = self.space.terms
        shown: list[str] = []
        for n in np.argsort(-pushes):
            if pushes[n] <= 0 or len(shown) == limit:
                break
            if explains(terms[features[n]]):
                shown.append(display(terms[features[n]]))
        return shown
