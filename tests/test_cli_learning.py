"""Collections that learn, through the command line on a real library file: learn,
suggest with reasons, tag on arrival, accept, reject and learn again, rules, exports,
and the small cases (an empty collection, one story, one article)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.cli import main

from .learning_corpus import story, write_stories


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib(tmp_path: Path, capsys) -> str:
    """12 stories of each subject; 6 chips and 6 oil stories already in their collections."""
    path = str(tmp_path / "lib.sqlite")
    source = write_stories(tmp_path / "first.jsonl", 12, tagged={"chips": 6, "oil": 6})
    assert run(capsys, "--library", path, "import", str(source))[0] == 0
    return path


def ids_of(capsys, lib: str, query: str) -> list[int]:
    _, out, _ = run(capsys, "--library", lib, "list", "--json", "--limit", "500", query)
    return sorted(row["id"] for row in json.loads(out))


def test_learn_then_suggest_ranks_the_subjects_stories_with_reasons(capsys, lib) -> None:
    code, out, err = run(capsys, "--library", lib, "tag", "learn", "chips")
    assert code == 0, err
    assert "'chips' learned from 6 stories" in out
    code, out, _ = run(capsys, "--library", lib, "tag", "suggest", "chips", "--limit", "6",
                       "--json")
    assert code == 0
    suggested = json.loads(out)
    assert len(suggested) == 6
    assert set(suggested[0]) == {"id", "title", "score", "reasons"}
    assert all("chips" in s["title"].lower() for s in suggested)  # the 6 untagged chips stories
    assert all(0 <= s["score"] <= 1 for s in suggested)
    assert [s["score"] for s in suggested] == sorted((s["score"] for s in suggested), reverse=True)
    chip_words = {"semiconductor", "export", "controls", "export controls", "samsung", "hynix",
                  "wafer", "lithography", "licence", "foundry", "memory", "chips", "nvidia",
                  "commerce", "department", "tightened"}
    assert all(s["reasons"] and {r.casefold() for r in s["reasons"]} & chip_words
               for s in suggested)
    code, out, _ = run(capsys, "--library", lib, "tag", "suggest", "chips")
    assert code == 0 and "Export controls on chips tightened" in out


def test_suggest_within_a_search(capsys, lib) -> None:
    run(capsys, "--library", lib, "tag", "learn", "oil")
    code, out, _ = run(capsys, "--library", lib, "tag", "suggest", "oil", "--query", "s7",
                       "--json")
    assert code == 0
    found = json.loads(out)
    assert found and found[0]["title"].startswith("Crude oil prices moved (s7)")
    assert len(found) == 3  # story s7 of each subject; none of them is in "oil" yet


def test_new_arrivals_are_tagged_as_suggested_and_reviewed(capsys, lib, tmp_path) -> None:
    run(capsys, "--library", lib, "tag", "learn", "chips", "oil")
    code, out, err = run(capsys, "--library", lib, "import",
                         str(write_stories(tmp_path / "later.jsonl", 3, prefix="new")))
    assert code == 0, err
    assert "new articles for 'chips'" in out and "new articles for 'oil'" in out
    _, out, _ = run(capsys, "--library", lib, "tag", "review", "chips", "--json")
    review = json.loads(out)
    new_chips = [r for r in review if "(new" in r["title"]]
    assert new_chips and all(r["title"].startswith("Export controls on chips tightened (new")
                             for r in new_chips)
    assert all(r["tag"] == "chips" and r["reasons"] for r in review)
    assert not any("football" in r["title"].lower() for r in review)
    # suggested, not accepted: "tags" stays as it was, "suggested_tags" says so
    _, out, _ = run(capsys, "--library", lib, "list", "--json", '"chips tightened (new0)"')
    (row,) = json.loads(out)
    assert row["tags"] == [] and row["suggested_tags"] == ["chips"]
    # and a tag: search sees accepted stories only
    assert new_chips[0]["id"] not in ids_of(capsys, lib, "tag:chips")


def test_accept_and_reject_are_remembered_and_learned_from(capsys, lib) -> None:
    run(capsys, "--library", lib, "tag", "learn", "chips")
    _, out, _ = run(capsys, "--library", lib, "tag", "suggest", "chips", "--json", "--limit", "3")
    first, second, third = (s["id"] for s in json.loads(out))
    code, out, _ = run(capsys, "--library", lib, "tag", "accept", "chips", str(first))
    assert code == 0 and "Accepted 1 article into 'chips'" in out
    assert "learned from 7 stories" in out  # trained again with it
    code, out, _ = run(capsys, "--library", lib, "tag", "reject", "chips", str(second))
    assert code == 0 and "Rejected 1 suggestion" in out
    assert "learned from 7 stories and 1 rejected" in out
    assert first in ids_of(capsys, lib, "tag:chips")
    _, out, _ = run(capsys, "--library", lib, "tag", "suggest", "chips", "--json", "--limit", "50")
    remaining = {s["id"] for s in json.loads(out)}
    assert first not in remaining and second not in remaining and third in remaining
    # a rejection survives the next training too, and accepting it later is still possible
    run(capsys, "--library", lib, "tag", "learn")
    _, out, _ = run(capsys, "--library", lib, "tag", "suggest", "chips", "--json", "--limit", "50")
    assert second not in {s["id"] for s in json.loads(out)}
    code, _, err = run(capsys, "--library", lib, "tag", "reject", "chips", str(first))
    assert code == 1 and err.startswith("newsreader: article") and "tag remove" in err


def test_accept_all_and_review_empties(capsys, lib, tmp_path) -> None:
    run(capsys, "--library", lib, "tag", "learn", "oil")
    run(capsys, "--library", lib, "import",
        str(write_stories(tmp_path / "later.jsonl", 2, prefix="new")))
    _, out, _ = run(capsys, "--library", lib, "tag", "review", "oil", "--json")
    waiting = [r["id"] for r in json.loads(out)]
    assert waiting
    code, out, _ = run(capsys, "--library", lib, "tag", "accept", "oil", "--all", "--no-learn")
    assert code == 0 and f"Accepted {len(waiting)} article" in out
    assert set(waiting) <= set(ids_of(capsys, lib, "tag:oil"))
    _, out, _ = run(capsys, "--library", lib, "tag", "review", "oil")
    assert "No suggestions await a decision." in out


def test_learn_runs_over_the_articles_already_in_the_library(capsys, lib) -> None:
    code, out, _ = run(capsys, "--library", lib, "tag", "learn", "oil")
    assert code == 0 and "articles suggested" in out
    _, out, _ = run(capsys, "--library", lib, "tag", "review", "--json")
    titles = [r["title"] for r in json.loads(out)]
    assert titles and all(t.startswith("Crude oil prices moved") for t in titles)


def test_exports_leave_suggested_tags_out_unless_asked(capsys, lib, tmp_path) -> None:
    run(capsys, "--library", lib, "tag", "learn", "chips")
    plain, asked = tmp_path / "plain.json", tmp_path / "asked.json"
    assert run(capsys, "--library", lib, "export", "chips", "--to", str(plain),
               "--format", "json")[0] == 0
    assert run(capsys, "--library", lib, "export", "chips", "--to", str(asked),
               "--format", "json", "--with-suggested")[0] == 0
    plain_items, asked_items = json.loads(plain.read_text()), json.loads(asked.read_text())
    assert len(plain_items) == 6 and not any("suggested_tags" in i for i in plain_items)
    extra = asked_items[6:]
    assert extra and all(i["suggested_tags"] == ["chips"] and i["tags"] == [] for i in extra)


def test_rules_tag_what_matches_now_and_on_arrival(capsys, lib, tmp_path) -> None:
    code, out, _ = run(capsys, "--library", lib, "tag", "rule", "derbies", "--query", "derby")
    assert code == 0 and "'derbies' now tags what matches 'derby'" in out
    assert ids_of(capsys, lib, "tag:derbies") == ids_of(capsys, lib, "derby")
    before = len(ids_of(capsys, lib, "tag:derbies"))
    _, out, _ = run(capsys, "--library", lib, "import",
                    str(write_stories(tmp_path / "later.jsonl", 2, prefix="new")))
    assert "Rule of 'derbies' tagged" in out
    assert len(ids_of(capsys, lib, "tag:derbies")) > before
    assert run(capsys, "--library", lib, "tag", "rule", "derbies", "--off")[0] == 0
    count = len(ids_of(capsys, lib, "tag:derbies"))
    run(capsys, "--library", lib, "import",
        str(write_stories(tmp_path / "last.jsonl", 2, prefix="last")))
    assert len(ids_of(capsys, lib, "tag:derbies")) == count
    code, _, err = run(capsys, "--library", lib, "tag", "rule", "x", "--query", "tag:")
    assert code == 1 and err.startswith("newsreader: ") and len(err.splitlines()) == 1


def test_an_empty_collection_gets_a_clear_answer(capsys, lib) -> None:
    run(capsys, "--library", lib, "tag", "describe", "chips", "--description", "x")
    run(capsys, "--library", lib, "tag", "add", "empty", "1")
    run(capsys, "--library", lib, "tag", "remove", "empty", "1")
    code, out, _err = run(capsys, "--library", lib, "tag", "learn", "empty")
    assert code == 0 and "'empty' learns, but cannot be trained yet: it has no stories" in out
    code, out, _ = run(capsys, "--library", lib, "tag", "suggest", "empty")
    assert code == 0 and "has not been trained yet" in out
    assert json.loads(run(capsys, "--library", lib, "tag", "suggest", "empty", "--json")[1]) == []


def test_a_collection_of_one_story_learns(capsys, lib) -> None:
    football = ids_of(capsys, lib, "derby")[0]
    run(capsys, "--library", lib, "tag", "add", "one", str(football))
    code, out, _ = run(capsys, "--library", lib, "tag", "learn", "one")
    assert code == 0 and "'one' learned from 1 story" in out
    _, out, _ = run(capsys, "--library", lib, "tag", "suggest", "one", "--json", "--limit", "5")
    assert all("football" in s["title"].lower() for s in json.loads(out))


def test_a_library_of_one_article(capsys, tmp_path) -> None:
    lib = str(tmp_path / "one.sqlite")
    source = tmp_path / "one.json"
    source.write_text(json.dumps({**story("oil", 1), "tags": ["oil"]}))
    run(capsys, "--library", lib, "import", str(source))
    code, out, _ = run(capsys, "--library", lib, "tag", "learn", "oil")
    assert code == 0 and "every article of the library is in it" in out
    code, out, _ = run(capsys, "--library", lib, "tag", "suggest", "oil")
    assert code == 0 and "has not been trained yet" in out


def test_mistakes_get_one_line(capsys, lib) -> None:
    for argv, words in ((("tag", "suggest", "football"), "no collection named"),
                        (("tag", "learn", "nothing-such"), "no collection named"),
                        (("tag", "suggest", "chips"), "does not learn"),
                        (("tag", "learn"), "no collection learns yet"),
                        (("tag", "accept", "chips"), "IDs or --all"),
                        (("tag", "reject", "chips", "999"), "no article with id 999")):
        code, _out, err = run(capsys, "--library", lib, *argv)
        assert code == 1 and words in err, (argv, err)
        assert err.startswith("newsreader: ") and len(err.splitlines()) == 1


def test_learn_off_drops_suggestions_and_keeps_rejections(capsys, lib) -> None:
    run(capsys, "--library", lib, "tag", "learn", "chips")
    _, out, _ = run(capsys, "--library", lib, "tag", "suggest", "chips", "--json", "--limit", "1")
    rejected = json.loads(out)[0]["id"]
    run(capsys, "--library", lib, "tag", "reject", "chips", str(rejected), "--no-learn")
    code, out, _ = run(capsys, "--library", lib, "tag", "learn", "chips", "--off")
    assert code == 0 and "no longer learns" in out
    assert json.loads(run(capsys, "--library", lib, "tag", "review", "--json")[1]) == []
    run(capsys, "--library", lib, "tag", "learn", "chips")
    _, out, _ = run(capsys, "--library", lib, "tag", "suggest", "chips", "--json", "--limit", "50")
    assert rejected not in {s["id"] for s in json.loads(out)}
