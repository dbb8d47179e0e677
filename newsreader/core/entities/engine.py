"""The one small interface every entity engine implements.

An engine turns texts into spans with character offsets into exactly those texts.
Engines are built once and reused (loading a spaCy pipeline takes a second);
``extract`` takes many texts at once so an engine can batch them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Span:
    """One entity occurrence: ``text == source[start:end]`` always holds."""

    start: int
    end: int
    label: str
    text: str


class ExtractionStopped(Exception):
    """An engine stopped mid-batch because the caller asked to stop (``interrupt_when``):
    nothing of the batch is kept; its articles stay pending."""


class Engine(Protocol):
    #: a short name for Preferences and the CLI: "rules", "spacy:en_core_web_sm"
    name: str

    def extract(self, texts: Sequence[str]) -> list[list[Span]]:
        """Spans for each text, in text order, non-overlapping."""
        ...
