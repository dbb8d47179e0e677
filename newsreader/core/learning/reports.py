"""What learning runs report (light: the CLI and the window read them without loading
scikit-learn)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class LearnedCollection:
    name: str
    stories: int
    rejected: int
    suggested: int


@dataclass(slots=True)
class LearnReport:
    """What a learning run did: collections trained, and those it could not, with why."""

    trained: list[LearnedCollection] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False


@dataclass(slots=True)
class ArrivalReport:
    """Per collection, how many new articles were suggested for it or tagged by its rule."""

    suggested: dict[str, int] = field(default_factory=dict)
    ruled: dict[str, int] = field(default_factory=dict)
    cancelled: bool = False
