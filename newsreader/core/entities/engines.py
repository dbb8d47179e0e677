"""Choosing an engine: ``auto`` (spaCy when a pipeline is installed, else rules),
``spacy`` or ``rules``; engines are cached because loading one takes seconds."""

from __future__ import annotations

from functools import lru_cache

from ..errors import NewsreaderError
from .engine import Engine

ENGINE_CHOICES = ("auto", "rules", "spacy")
INSTALL_HINT = "python -m spacy download en_core_web_sm"


def resolve(choice: str = "auto", model: str | None = None) -> tuple[str, str | None]:
    """Which engine and model a choice means here: ("spacy", "en_core_web_sm") or
    ("rules", None)."""
    from .spacy_engine import DEFAULT_MODEL, pick_model

    if choice not in ENGINE_CHOICES:
        raise NewsreaderError(
            f"unknown entity engine {choice!r}; use one of {', '.join(ENGINE_CHOICES)}"
        )
    if choice == "rules":
        return "rules", None
    if choice == "spacy":
        return "spacy", model or pick_model() or DEFAULT_MODEL
    picked = model or pick_model()
    return ("spacy", picked) if picked else ("rules", None)


@lru_cache(maxsize=4)
def make_engine(choice: str = "auto", model: str | None = None, *, processes: int = 1) -> Engine:
    kind, model_name = resolve(choice, model)
    if kind == "spacy":
        from .spacy_engine import SpacyEngine

        return SpacyEngine(model_name or "", processes=processes)
    from .rules import RulesEngine

    return RulesEngine(processes=processes)


def describe(choice: str = "auto", model: str | None = None) -> str:
    """A sentence for Preferences: what runs, and how to get a better engine."""
    kind, model_name = resolve(choice, model)
    if kind == "spacy":
        return f"spaCy statistical pipeline {model_name}"
    return ("Built-in rules (no model installed). For better results install a statistical "
            f"pipeline: {INSTALL_HINT}")
