"""The rules engine: seed story entities, exact offsets, patterns, robustness."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.core.entities import curated
from newsreader.core.entities.engine import Span
from newsreader.core.entities.gazetteers import gazetteers
from newsreader.core.entities.rules import (
    PhraseFinder,
    RulesEngine,
    pattern_spans,
    pattern_spans_reference,
)

from ...conftest import SEED_ENTITIES

#: News-style paragraphs written for these tests (not taken from any evaluation set).
PARAGRAPHS: tuple[str, ...] = (
    "Samsung Electronics Co. said on Tuesday it would invest 300 trillion won ($230 billion) by "
    "2042, "
    "while President Joe Biden signed the Inflation Reduction Act last year.",
    "Shares rose 4.5% in Seoul. “We are watching closely,” Federal Reserve Chair Jerome Powell "
    "told "
    "reporters in Washington on March 12.",
    "The company expects 43 billion euros in the first quarter, up 12 percent from two years ago.",
    "Acme Corp and Hyundai Motor Group hired former Google executive Sundar Pichai.",
    "The European Commission and the Ministry of Economy and Finance met in Southeast Asia in May, "
    "near the Korean Peninsula.",
    "Rep. Nancy Pelosi, a Democrat, said the Japanese currency fell as 1.5 trillion yen left the "
    "market.",
    "Democrats and Republicans in Congress passed the CHIPS and Science Act in August 2022.",
    "Chief Executive Tim Cook said Apple Inc. would spend $4.2 billion on chips made by TSMC in "
    "Arizona.",
    "Samsung Electronics Chairman Lee Jae-yong met Xi Jinping and Prime Minister Fumio Kishida in "
    "Tokyo.",
    "U.S. Secretary of State Antony Blinken said Moscow’s ‘red lines’ were moving. 🚀🇺🇦 Kyiv "
    "disagreed.",
    "Dr. Maria Santos, head of the World Health Organization’s office in Manila, said the outbreak "
    "peaked on the 14th.\n\nOfficials in Jakarta reported 1,200 cases — up 8 per cent.",
    "Mr. Müller flew from Zürich to São Paulo… “C’est fini,” he said. Nestlé and Volkswagen "
    "agreed.",
    "Tesla Inc. shares fell 3% to $180.50 after Elon Musk sold stock worth US$3.95 billion last "
    "week.",
    "Ukrainian forces shelled positions near Donetsk on Sunday, the Defense Ministry in Moscow "
    "said.",
    "\tIndian Prime Minister Narendra Modi arrived in Dubai late on Friday.\r\nHe meets Emirati "
    "officials today.",
    "",
    "   ",
    "no capitals at all here, just 42 apples and 7% of nothing.",
    "ALL CAPS HEADLINE: NATO WARNS RUSSIA OVER BALTIC DRILLS",
    "“Quote at start,” said Kim Jong Un’s sister, Kim Yo Jong, in a statement carried by KCNA.",
)


@pytest.fixture(scope="module")
def engine() -> RulesEngine:
    return RulesEngine()


def found(engine: RulesEngine, text: str) -> set[tuple[str, str]]:
    return {(s.text, s.label) for s in engine.extract([text])[0]}


def assert_exact(text: str, spans: list[Span]) -> None:
    """Offsets index the text exactly; spans are sorted and never overlap."""
    previous_end = 0
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.start >= previous_end and span.start < span.end
        assert span.text == span.text.strip()
        previous_end = span.end


def test_seed_story(engine: RulesEngine, seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    got = found(engine, text)
    assert got >= SEED_ENTITIES
    assert ("Ministry of Trade, Industry and Energy", "ORG") in got
    assert ("the 28th", "DATE") in got
    assert ("Ahn", "PERSON") in got  # "Director Ahn", title left out
    assert not any(label == "PERSON" and "Director" in t for t, label in got)


def test_offsets_are_exact_on_many_paragraphs(engine: RulesEngine) -> None:
    texts = list(PARAGRAPHS) + [a + " " + b for a, b in itertools.pairwise(PARAGRAPHS)]
    results = engine.extract(texts)
    assert len(results) == len(texts)
    for text, spans in zip(texts, results, strict=True):
        assert_exact(text, spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It will invest 300 trillion won by then.", ("300 trillion won", "MONEY")),
        ("Profits hit 43 billion euros.", ("43 billion euros", "MONEY")),
        ("Apple will spend $4.2 billion.", ("$4.2 billion", "MONEY")),
        ("The bank added 1.5 trillion yen.", ("1.5 trillion yen", "MONEY")),
        ("It paid US$3.95 billion.", ("US$3.95 billion", "MONEY")),
        ("Exports fell 4.5% in May.", ("4.5%", "PERCENT")),
        ("Output rose 12 percent.", ("12 percent", "PERCENT")),
        ("They met on the 28th in Seoul.", ("the 28th", "DATE")),
        ("They met last Tuesday.", ("last Tuesday", "DATE")),
        ("The deal closed on March 12.", ("March 12", "DATE")),
        ("Sales jumped in 2024.", ("2024", "DATE")),
        ("Sales jumped in the first quarter.", ("the first quarter", "DATE")),
        ("Sales will jump this year.", ("this year", "DATE")),
        ("It began two years ago.", ("two years ago", "DATE")),
    ],
)
def test_numeric_patterns(engine: RulesEngine, text: str, expected: tuple[str, str]) -> None:
    assert expected in found(engine, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Samsung Electronics Co. said so.", ("Samsung Electronics Co.", "ORG")),
        ("Shares of Acme Corp fell.", ("Acme Corp", "ORG")),
        (
            "The Ministry of Economy and Finance said so.",
            ("Ministry of Economy and Finance", "ORG"),
        ),
        ("Congress passed the Inflation Reduction Act.", ("Inflation Reduction Act", "LAW")),
        ("Growth in Southeast Asia slowed.", ("Southeast Asia", "LOC")),
        ("Tension on the Korean Peninsula rose.", ("Korean Peninsula", "LOC")),
        ("Korean and Chinese firms compete.", ("Chinese", "NORP")),
        ("Democrats objected.", ("Democrats", "NORP")),
        ("Tokyo and Detroit bid.", ("Tokyo", "GPE")),
    ],
)
def test_names_by_shape_and_gazetteer(
    engine: RulesEngine, text: str, expected: tuple[str, str]
) -> None:
    assert expected in found(engine, text)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Chief Executive Tim Cook said it.", "Tim Cook"),
        ("Rep. Nancy Pelosi objected.", "Nancy Pelosi"),
        ("Mr. Smith resigned.", "Smith"),
        ("Dr. Maria Santos agreed.", "Maria Santos"),
        ("Chinese Commerce Minister Wang Wentao spoke.", "Wang Wentao"),
        ("U.S. Secretary of State Antony Blinken said it.", "Antony Blinken"),
        ("The talks, said Lee Jae-yong, went well.", "Lee Jae-yong"),
    ],
)
def test_titles_are_left_out_of_people(engine: RulesEngine, text: str, person: str) -> None:
    got = found(engine, text)
    assert (person, "PERSON") in got
    assert all(label != "PERSON" or t == person for t, label in got)


def test_the_is_dropped_from_org_and_law(engine: RulesEngine) -> None:
    got = found(engine, "The Ministry of Commerce of China welcomed the CHIPS and Science Act.")
    assert ("Ministry of Commerce of China", "ORG") in got
    assert ("CHIPS and Science Act", "LAW") in got


def test_empty_and_blank_texts(engine: RulesEngine) -> None:
    assert engine.extract([]) == []
    assert engine.extract(["", " ", "\n\n"]) == [[], [], []]


def test_a_text_of_100000_words(engine: RulesEngine) -> None:
    paragraph = " ".join(p for p in PARAGRAPHS if p.strip())
    words = len(paragraph.split())
    text = "\n".join([paragraph] * (100_000 // words + 1))
    assert len(text.split()) >= 100_000
    (spans,) = engine.extract([text])
    assert_exact(text, spans)
    assert len(spans) > 5_000


def _soup(rng: random.Random) -> str:
    """Random text made of every pattern's words, numbers, cases and separators."""
    words = [
        *curated.MONTHS,
        *curated.WEEKDAYS,
        *curated.DATE_UNITS,
        *curated.CURRENCY_SIGNS,
        *curated.CURRENCY_WORDS[:10],
        *curated.SCALE_WORDS,
        "the",
        "a",
        "an",
        "in",
        "by",
        "since",
        "until",
        "from",
        "early",
        "late",
        "earlier",
        "later",
        "mid",
        "Mid-",
        "this",
        "last",
        "next",
        "past",
        "coming",
        "previous",
        "same",
        "following",
        "recent",
        "first",
        "second",
        "third",
        "fourth",
        "final",
        "quarter",
        "half",
        "of",
        "century",
        "ago",
        "percent",
        "per cent",
        "pct",
        "%",
        "percentage points",
        "to",
        "-",
        "–",
        "/",
        "USD",
        "EUR",
        "today",
        "Yesterday",
        "Q1",
        "Q4",
        "H2",
        "H3",
        "'90s",
        "’80s",
        "1990s",
        "2024",
        "1850",
        "12th",
        "1st",
        "20th",
        "anniversary",
        "tenm",
        "sevenbn",
        "lately",
        "market",
        "Mayor",
        "ſeveral",
        "İn",
        "one",
        "two",
        "ten",
        "several",
        "٣٠",
        "2,000",
        "4.5",
        "12",
        "05",
        "100,000.5",
        "x",
    ]
    separators = [
        " ",
        " ",
        " ",
        "  ",
        "\t",
        ", ",
        ". ",
        "\n",
        "",
        "-",
        "(",
        "’",
        "'",
        '"',
        "/",
        ".",
    ]
    parts = []
    for _ in range(rng.randint(1, 30)):
        word = rng.choice(words)
        roll = rng.random()
        if roll < 0.1:
            word = word.upper()
        elif roll < 0.2:
            word = word.capitalize()
        elif roll < 0.25:
            word = str(rng.randint(0, 3000))
        parts += [word, rng.choice(separators)]
    return "".join(parts)


def test_pattern_spans_equal_every_pattern_run_over_the_whole_text() -> None:
    """The trigger scan finds exactly what running each pattern's finditer finds, in order."""
    rng = random.Random(7)
    texts = [*PARAGRAPHS, *(a + " " + b for a, b in itertools.pairwise(PARAGRAPHS))]
    texts += [_soup(rng) for _ in range(4000)]
    matched = set()
    for text in texts:
        expected = pattern_spans_reference(text)
        assert pattern_spans(text) == expected, text
        matched.update(span.label for span in expected)
    assert matched == {"MONEY", "PERCENT", "DATE"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ten million dollars.", ("Ten million dollars", "MONEY")),
        ("It cost sevenbn dollars.", ("sevenbn dollars", "MONEY")),
        ("THE FIRST QUARTER was weak.", ("THE FIRST QUARTER", "DATE")),
        ("Prices rose in mid-2020s.", ("mid-2020s", "DATE")),
        ("Back in the ’90s, it was cheap.", ("the ’90s", "DATE")),
        ("Sales fell in Q3.", ("Q3", "DATE")),
        ("It opened in Sept. 5, 2021.", ("Sept. 5, 2021", "DATE")),
    ],
)
def test_trigger_words_in_any_case_or_glued(
    engine: RulesEngine, text: str, expected: tuple[str, str]
) -> None:
    assert expected in found(engine, text)


@pytest.fixture(scope="module")
def phrases() -> PhraseFinder:
    return PhraseFinder(gazetteers())


@pytest.mark.parametrize(("text", "found"), [
    ("Korea's exports", [("Korea", "GPE")]),
    ("the Korea-US summit", [("Korea", "GPE"), ("US", "GPE")]),
    ("(Korea) and “Japan”", [("Korea", "GPE"), ("Japan", "GPE")]),
    ("Koreas and Koreana, KOREA", []),  # inside longer words; case matters
    ("Amazon.com Inc. and Amazon.", [("Amazon", "ORG")]),  # not inside a web address
    ("New York City officials", [("New York City", "GPE")]),  # the longest phrase wins
    ("New\nYork", []),  # never across a line
    ("in the U.S. and the E.U.", [("U.S.", "GPE"), ("E.U.", "ORG")]),
])
def test_phrases_are_whole_words(phrases: PhraseFinder, text: str,
                                 found: list[tuple[str, str]]) -> None:
    spans = phrases.spans(text)
    assert_exact(text, spans)
    assert [(s.text, s.label) for s in spans] == found


def test_the_rules_engine_needs_no_spacy() -> None:
    """A worker starts in a fraction of a second because nothing imports spaCy."""
    code = ("import sys; from newsreader.core.entities.rules import RulesEngine; "
            "spans = RulesEngine().extract(['Samsung opened a plant in Texas on Monday.'])[0]; "
            "print([s.text for s in spans], 'spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['Samsung', 'Texas', 'Monday'] False"
