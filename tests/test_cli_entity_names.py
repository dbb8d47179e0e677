"""`newsreader entities show|relabel|merge|split|ignore|corrections|undo` through the real
entry point, on a real library file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.core.library import Library

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample" / "articles.jsonl"


def run(capsys, lib: str, *argv: str) -> tuple[int, str, str]:
    code = main(["--library", lib, *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib(tmp_path: Path, capsys) -> str:
    path = str(tmp_path / "lib.sqlite")
    run(capsys, path, "entities", "--use", "--engine", "rules")
    assert run(capsys, path, "import", str(SAMPLE))[0] == 0
    return path


def top(capsys, lib: str) -> dict[tuple[str, str], int]:
    _, out, _ = run(capsys, lib, "entities", "--top", "--limit", "500", "--json")
    return {(e["text"], e["label"]): e["articles"] for e in json.loads(out)}


def test_show_prints_the_entity_page_and_saves_it_as_a_collection(capsys, lib) -> None:
    code, out, _ = run(capsys, lib, "entities", "show", "U.S.", "--json")
    page = json.loads(out)
    assert code == 0 and (page["text"], page["label"], page["articles"]) == (
        "United States",
        "GPE",
        5,
    )
    assert {f["text"] for f in page["forms"]} == {"U.S.", "United States"}
    assert sum(m["articles"] for m in page["by_month"]) == 5 and len(page["stories"]) == 5
    assert {"text": "China", "label": "GPE", "articles": 4} in page["appears_with"]
    code, out, _ = run(capsys, lib, "entities", "show", "united states", "--save-as", "US stories")
    assert code == 0 and out.startswith("United States  (GPE, 5 articles)")
    assert "Saved as the collection 'US stories': 5 articles added." in out
    _, out, _ = run(capsys, lib, "tag", "list", "--json")
    assert {"name": "US stories", "count": 5} .items() <= json.loads(out)[-1].items() or \
        any(t["name"] == "US stories" and t["count"] == 5 for t in json.loads(out))


def test_corrections_from_the_command_line_stick_and_undo(capsys, lib, tmp_path) -> None:
    assert top(capsys, lib)[("Harbor Economic Daily", "PERSON")] == 1  # the rules engine's miss
    code, out, _ = run(capsys, lib, "entities", "relabel", "Harbor Economic Daily", "organisation")
    assert code == 0 and "Correction #1" in out
    code, _, _ = run(capsys, lib, "entities", "merge", "Commerce Department",
                     "Bureau of Industry and Security")
    assert code == 0
    assert run(capsys, lib, "entities", "ignore", "KOSPI")[0] == 0
    counts = top(capsys, lib)
    assert ("Harbor Economic Daily", "ORG") in counts and (
        "Harbor Economic Daily",
        "PERSON",
    ) not in counts
    assert ("Commerce Department", "ORG") not in counts and ("KOSPI", "ORG") not in counts
    _, out, _ = run(capsys, lib, "show", "1", "--json")
    assert "Bureau of Industry and Security" in {
        e.get("entity", e["text"]) for e in json.loads(out)["entities"]
    }
    # future extraction: a new story and a full re-run keep every correction
    story = tmp_path / "new.txt"
    story.write_text("KOSPI fell\n\nThe Harbor Economic Daily said KOSPI fell as the Commerce "
                     "Department acted.\n", encoding="utf-8")
    assert run(capsys, lib, "import", str(story))[0] == 0
    assert run(capsys, lib, "entities", "--rerun")[0] == 0
    counts = top(capsys, lib)
    assert counts[("Harbor Economic Daily", "ORG")] == 2 and ("KOSPI", "ORG") not in counts
    assert counts[("Bureau of Industry and Security", "ORG")] == 2
    _, out, _ = run(capsys, lib, "entities", "corrections", "--json")
    assert [(c["id"], c["action"], c["undone_at"]) for c in json.loads(out)] == [
        (1, "relabel", None), (2, "merge", None), (3, "ignore", None)]
    code, out, _ = run(capsys, lib, "entities", "undo", "2")
    assert code == 0 and "Undid correction #2" in out
    counts = top(capsys, lib)
    assert counts[("Commerce Department", "ORG")] == 2
    code, out, _ = run(capsys, lib, "entities", "split", "U.S.")
    assert code == 0 and top(capsys, lib)[("U.S.", "GPE")] == 3


@pytest.mark.parametrize(("argv", "code", "says"), [
    (["entities", "show", "Atlantis"], 1, "no entity named 'Atlantis'"),
    (["entities", "relabel", "China", "planet"], 1, "'planet' is not a label"),
    (["entities", "merge", "Atlantis", "China"], 1, "no entity named 'Atlantis'"),
    (["entities", "split", "China"], 1, "not merged with another name"),
    (["entities", "ignore", " "], 1, "cannot be empty"),
    (["entities", "undo"], 1, "no correction to undo"),
    (["entities", "undo", "7"], 1, "no correction #7"),
    (["entities"], 2, "give an action"),
    (["entities", "--extract", "show", "China"], 2, "takes none of"),
])
def test_bad_input_is_one_line_and_changes_nothing(capsys, lib, argv, code, says) -> None:
    before = top(capsys, lib)
    got, _out, err = run(capsys, lib, *argv)
    assert (
        got == code
        and says in err
        and len(err.strip().splitlines()) == 1
        and "Traceback" not in err
    )
    assert top(capsys, lib) == before
    with Library(lib) as library:
        assert library.entity_corrections() == []
