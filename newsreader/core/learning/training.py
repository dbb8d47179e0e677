"""Training one collection's model: a linear SVM with its own decision threshold.

- **Model.** scikit-learn's ``LinearSVC`` (liblinear) over the TF-IDF vectors: on
  news topics it is as accurate as anything linear and the fastest to train.
- **Negatives.** Every other article the training sees, and the stories the reader
  rejected for this collection, which count double: a "no" is surer than silence.
- **Small collections are incomplete.** A collection of a few stories is one the
  reader is still filling, so the rest of the library hides more of its stories. Its
  stories weigh more, and after a first fit the unlabelled articles the model likes
  best are left out of the negatives and the model is fitted again (learning from
  positive and unlabelled examples). On Reuters with 10 stories per topic this took
  precision of the top 10 suggestions from 0.83 to 0.87.
- **Thresholds by cross-validation.** The SVM's own boundary (margin 0) is not the
  best place to say "this belongs here": each collection's threshold is the one that
  maximised F1 on scores from a two-fold cross-validation of its training set. Where
  even the best F1 there is poor, the threshold is raised above every score seen, so
  only a story more convincing than all of those is tagged on arrival. A small
  collection's F1 cannot be measured (its missing stories count as wrong), so its
  threshold is the score its typical story got from the half that did not see it
  (the median), and never below the boundary.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.svm import LinearSVC

C = 1.0
TOLERANCE = 0.1
#: below this many stories a collection is treated as incomplete (see above)
FEW_STORIES = 15
FEW_STORIES_WEIGHT = 10.0
REJECTED_WEIGHT = 2.0
#: unlabelled articles left out of a small collection's negatives for its second fit
#: (at most a quarter of them)
LIKELY_MISSING = 50
#: best cross-validated F1 below which the threshold is raised above every score
POOR_F1 = 0.5
#: how steeply the 0..1 score rises around the threshold (score 0.5 = threshold)
SCORE_SLOPE = 3.0


@dataclass(slots=True)
class CollectionModel:
    """A trained collection: sparse feature weights, bias and decision threshold."""

    feature_ids: np.ndarray  # int32 columns of the feature space
    weights: np.ndarray  # float32, one per feature id
    intercept: float
    threshold: float  # margin from which an arrival is tagged as suggested
    positives: int
    negatives: int
    rejected: int

    def score(self, margins: np.ndarray) -> np.ndarray:
        """Margins as 0..1 scores; 0.5 and above is what this model tags on arrival."""
        return 1.0 / (1.0 + np.exp(-SCORE_SLOPE * (margins - self.threshold)))


def train(features: sp.csr_matrix, positive: np.ndarray, rejected: np.ndarray,
          *, seed: int = 0) -> CollectionModel | None:
    """Train on these rows (``positive`` and ``rejected`` are boolean masks over them);
    None when there is nothing to learn against (no story, or nothing else)."""
    n_positive = int(positive.sum())
    if n_positive == 0 or n_positive == len(positive):
        return None
    weights = _sample_weights(positive, rejected)
    svm = _fit(features, positive, weights, seed)
    if n_positive < FEW_STORIES:
        svm = _refit_without_likely_missing(features, positive, rejected, weights, svm, seed)
    threshold = _tuned_threshold(features, positive, weights, seed)
    coef = svm.coef_.ravel()
    keep = np.flatnonzero(coef).astype(np.int32)
    return CollectionModel(keep, coef[keep].astype(np.float32), float(svm.intercept_[0]),
                           threshold, n_positive, len(positive) - n_positive,
                           int(rejected.sum()))


def _sample_weights(positive: np.ndarray, rejected: np.ndarray) -> np.ndarray:
    weights = np.ones(len(positive))
    weights[rejected] = REJECTED_WEIGHT
    if positive.sum() < FEW_STORIES:
        weights[positive] = FEW_STORIES_WEIGHT
    return weights


def _fit(features: sp.csr_matrix, positive: np.ndarray, weights: np.ndarray,
         seed: int) -> LinearSVC:
    # the seed orders liblinear's coordinate steps: the same run gives the same model
    # wherever it is trained (this process or a worker, see many.py)
    svm = LinearSVC(C=C, tol=TOLERANCE, random_state=seed)
    with warnings.catch_warnings():  # a loose tolerance is on purpose: ranks, not proofs
        warnings.simplefilter("ignore", ConvergenceWarning)
        svm.fit(features, positive, sample_weight=weights)
    return svm


def _refit_without_likely_missing(features: sp.csr_matrix, positive: np.ndarray,
                                  rejected: np.ndarray, weights: np.ndarray,
                                  first: LinearSVC, seed: int) -> LinearSVC:
    margins = first.decision_function(features)
    unlabelled = np.flatnonzero(~positive & ~rejected)
    count = min(LIKELY_MISSING, len(unlabelled) // 4)
    if count == 0:
        return first
    likely = unlabelled[np.argsort(-margins[unlabelled])[:count]]
    keep = np.ones(len(positive), dtype=bool)
    keep[likely] = False
    return _fit(features[keep], positive[keep], weights[keep], seed)


def _tuned_threshold(features: sp.csr_matrix, positive: np.ndarray, weights: np.ndarray,
                     seed: int) -> float:
    """The margin that maximised F1 over a two-fold cross-validation (see above)."""
    if positive.sum() < 2:
        return 0.0
    fold = _two_folds(positive, seed)
    out_of_fold = np.empty(len(positive))
    for held in (0, 1):
        train_rows = fold != held
        svm = _fit(features[train_rows], positive[train_rows], weights[train_rows], seed)
        out_of_fold[~train_rows] = svm.decision_function(features[~train_rows])
    if positive.sum() < FEW_STORIES:
        return max(0.0, float(np.median(out_of_fold[positive])))
    return best_f1_threshold(out_of_fold, positive)


def _two_folds(positive: np.ndarray, seed: int) -> np.ndarray:
    """Fold 0 or 1 per row, the collection's stories split evenly between the two."""
    rng = np.random.default_rng(seed)
    fold = rng.integers(0, 2, len(positive))
    stories = rng.permutation(np.flatnonzero(positive))
    fold[stories] = np.arange(len(stories)) % 2
    return fold


def best_f1_threshold(margins: np.ndarray, positive: np.ndarray) -> float:
    """The cut between two neighbouring scores that gives the best F1 (see above)."""
    order = np.argsort(-margins, kind="stable")
    ranked, hits = margins[order], positive[order]
    true_positives = np.cumsum(hits)
    f1 = 2 * true_positives / (np.arange(1, len(hits) + 1) + hits.sum())
    best = int(np.argmax(f1))
    if f1[best] < POOR_F1:
        return max(0.0, float(ranked[0]))
    if best + 1 == len(ranked):
        return float(ranked[best])
    return float((ranked[best] + ranked[best + 1]) / 2)
