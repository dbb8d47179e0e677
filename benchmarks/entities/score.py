"""Precision, recall and F1 for entity spans: pure functions, no spaCy, no engines.

Two ways of counting, because they answer different questions:

* ``"exact"``: a prediction is right only with the same start, end and label.
  This is the CoNLL/OntoNotes score, and the one raw spaCy is compared on.
* ``"overlap"``: a prediction is right if it overlaps a gold span of the same
  label, GPE and LOC counting as one label. A reader who sees "Minister Elena
  Marsh" highlighted as a person has been helped even if the title crept in, and
  the GPE/LOC line is one the guidelines themselves draw loosely.

In both modes each gold span and each prediction is used at most once (a maximum
one-to-one matching), so a prediction split into two pieces earns one hit, not
two. Scores are micro-averaged over all spans. Predictions whose label is not in
the evaluated set (CARDINAL, TIME, ...) are dropped before matching: the gold
set does not annotate them, so they can be neither right nor wrong.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

#: The labels the evaluation set annotates; everything else is ignored.
EVAL_LABELS: frozenset[str] = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "MONEY", "PERCENT", "LAW", "PRODUCT"}
)
#: Labels treated as one in overlap mode.
PLACE_LABELS: frozenset[str] = frozenset({"GPE", "LOC"})

Triple = tuple[int, int, str]  # (start, end, label), character offsets
Mode = Literal["exact", "overlap"]


@dataclass(frozen=True, slots=True)
class Counts:
    """Hits and totals for one label or for everything.

    Hits are kept per side: in overlap mode a gold LOC matched by a predicted GPE
    is a found LOC (recall of LOC) and a right GPE (precision of GPE).
    """

    pred_hits: int = 0
    gold_hits: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.pred_hits / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.gold_hits / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Score:
    """Micro-averaged counts plus the same counts per label."""

    micro: Counts
    per_label: dict[str, Counts] = field(default_factory=dict)


def _compatible(mode: Mode) -> Callable[[Triple, Triple], bool]:
    """The rule deciding whether a prediction may be matched to a gold span."""

    def exact(gold: Triple, pred: Triple) -> bool:
        return gold == pred

    def overlap(gold: Triple, pred: Triple) -> bool:
        same_label = gold[2] == pred[2] or {gold[2], pred[2]} <= PLACE_LABELS
        return same_label and pred[0] < gold[1] and gold[0] < pred[1]

    if mode == "exact":
        return exact
    if mode == "overlap":
        return overlap
    raise ValueError(f"unknown mode {mode!r}: use 'exact' or 'overlap'")


def match(gold: Sequence[Triple], pred: Sequence[Triple], *, mode: Mode) -> list[tuple[int, int]]:
    """A maximum one-to-one matching as (gold index, pred index) pairs.

    Greedy matching can under-count when one long prediction overlaps two gold
    spans; augmenting paths (Kuhn's algorithm) cannot, and paragraphs hold a few
    dozen spans, so the quadratic cost is nothing.
    """
    ok = _compatible(mode)
    candidates = [[j for j, p in enumerate(pred) if ok(g, p)] for g in gold]
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def keep_labels(spans: Iterable[Triple], labels: frozenset[str] = EVAL_LABELS) -> list[Triple]:
    """Only the spans whose label is evaluated."""
    return [s for s in spans if s[2] in labels]


def prf(
    gold: Sequence[Sequence[Triple]],
    pred: Sequence[Sequence[Triple]],
    *,
    mode: Mode,
    labels: frozenset[str] = EVAL_LABELS,
) -> Score:
    """Micro P/R/F1 and per-label counts over parallel lists of documents."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold documents but {len(pred)} predicted")
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for gold_doc, pred_doc in zip(gold, pred, strict=True):
        g, p = keep_labels(gold_doc, labels), keep_labels(pred_doc, labels)
        for _, _, label in g:
            tally[label][3] += 1
        for _, _, label in p:
            tally[label][2] += 1
        for i, j in match(g, p, mode=mode):
            tally[g[i][2]][1] += 1
            tally[p[j][2]][0] += 1
    per_label = {label: Counts(*counts) for label, counts in sorted(tally.items())}
    micro = Counts(*(sum(c[k] for c in tally.values()) for k in range(4)))
    return Score(micro, per_label)


def errors(
    gold_doc: Sequence[Triple],
    pred_doc: Sequence[Triple],
    *,
    mode: Mode = "exact",
    labels: frozenset[str] = EVAL_LABELS,
) -> tuple[list[Triple], list[Triple]]:
    """(false positives, false negatives) of one document, for inspection."""
    g, p = keep_labels(gold_doc, labels), keep_labels(pred_doc, labels)
    pairs = match(g, p, mode=mode)
    hit_g = {i for i, _ in pairs}
    hit_p = {j for _, j in pairs}
    false_pos = [s for j, s in enumerate(p) if j not in hit_p]
    false_neg = [s for i, s in enumerate(g) if i not in hit_g]
    return false_pos, false_neg
