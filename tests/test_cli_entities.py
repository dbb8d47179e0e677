"""The entity commands: JSON Lines in and out, top entities, the watchlist, show --json."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsreader.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib(tmp_path: Path) -> str:
    return str(tmp_path / "lib.sqlite")


def test_entities_jsonl_prints_one_line_per_input(capsys, lib, tmp_path, monkeypatch) -> None:
    source = tmp_path / "in.jsonl"
    texts = ["Samsung shipped chips to Detroit on the 28th.", "", "Wang Wentao met Ahn Deok-geun."]
    source.write_text("\n".join([json.dumps({"text": texts[0]}), "not json",
                                 json.dumps({"text": texts[2], "id": 7})]) + "\n")
    run(capsys, "--library", lib, "entities", "--use", "--engine", "rules")  # creates it
    code, out, err = run(capsys, "--library", lib, "entities", "--engine", "rules",
                         "--jsonl", str(source))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and "line 2" in err and len(lines) == 3 and "error" in lines[1]
    first = lines[0]["ents"]
    assert {"text": "Detroit", "label": "GPE", "start": 25, "end": 32} in first
    for ent in first:
        assert texts[0][ent["start"]:ent["end"]] == ent["text"]
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"text": texts[2]}) + "\n"))
    code, out, _ = run(capsys, "--library", lib, "entities", "--engine", "rules", "--jsonl", "-")
    assert code == 0 and {e["label"] for e in json.loads(out)["ents"]} == {"PERSON"}


def test_import_extracts_and_show_json_includes_entities(capsys, lib, seed_path) -> None:
    run(capsys, "--library", lib, "entities", "--use", "--engine", "rules")
    code, _, _ = run(capsys, "--library", lib, "import", str(seed_path))
    assert code == 0
    _, out, _ = run(capsys, "--library", lib, "show", "1", "--json")
    article = json.loads(out)
    body = article["body_text"]
    assert ("Wang Wentao", "PERSON") in {(e["text"], e["label"]) for e in article["entities"]}
    assert all(body[e["start"]:e["end"]] == e["text"] for e in article["entities"])
    assert any(e.get("entity") == "Ahn Deok-geun" for e in article["entities"])
    code, out, _ = run(capsys, "--library", lib, "entities", "--top", "--json")
    top = json.loads(out)
    assert code == 0 and {"text": "China", "label": "GPE", "articles": 1} in top
    _, out, _ = run(capsys, "--library", lib, "list", "--json", "entity:Samsung")
    assert len(json.loads(out)) == 1


def test_import_no_entities_then_extract_and_rerun(capsys, lib, seed_path) -> None:
    run(capsys, "--library", lib, "entities", "--use", "--engine", "rules")
    run(capsys, "--library", lib, "import", "--no-entities", str(seed_path))
    _, out, _ = run(capsys, "--library", lib, "show", "1", "--json")
    assert json.loads(out)["entities"] == []
    code, out, _ = run(capsys, "--library", lib, "entities", "--extract")
    assert code == 0 and "1 article" in out
    code, out, _ = run(capsys, "--library", lib, "entities", "--rerun")
    assert code == 0 and "with rules" in out


def test_watchlist_commands(capsys, lib, seed_path) -> None:
    run(capsys, "--library", lib, "entities", "--use", "--engine", "rules")
    run(capsys, "--library", lib, "import", str(seed_path))
    code, out, _ = run(capsys, "--library", lib, "watch", "add", "semiconductor law",
                       "--label", "law")
    assert code == 0 and "1 article" in out
    _, out, _ = run(capsys, "--library", lib, "watch", "list", "--json")
    assert json.loads(out) == [{"term": "semiconductor law", "label": "LAW", "color": None}]
    _, out, _ = run(capsys, "--library", lib, "show", "1", "--json")
    assert ("semiconductor law", "LAW") in {
        (e["text"], e["label"]) for e in json.loads(out)["entities"]}
    code, _, err = run(capsys, "--library", lib, "watch", "remove", "nothing")
    assert code == 1 and "not on the watchlist" in err


def test_unknown_spacy_model_is_one_line(capsys, lib) -> None:
    run(capsys, "--library", lib, "entities", "--use", "--engine", "rules")  # creates it
    code, _, err = run(capsys, "--library", lib, "entities", "--engine", "spacy",
                       "--model", "en_core_web_nothing", "--extract")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "spacy download" in err
