"""The entity labels we show, in spaCy's names, each with a readable name and colours.

Colours come in pairs, for light and dark palettes: a pale background that keeps
body text readable, and a stronger tone for the legend swatch and underline.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Label:
    code: str
    name: str
    light: str  # highlight background on a light palette
    dark: str  # highlight background on a dark palette
    accent: str  # swatch / underline, readable on both


LABELS: dict[str, Label] = {
    label.code: label
    for label in (
        Label("PERSON", "People", "#fde2c8", "#5a3a1c", "#e07b29"),
        Label("ORG", "Organisations", "#d7e6fb", "#1f3a5c", "#3b78c4"),
        Label("GPE", "Places", "#d5f0dc", "#1e4a2b", "#2f9e55"),
        Label("LOC", "Locations", "#e2f3d0", "#34481d", "#6aa332"),
        Label("NORP", "Groups & nationalities", "#efdcf7", "#46285a", "#9b59c5"),
        Label("DATE", "Dates", "#f3ecc4", "#4d4418", "#b89a14"),
        Label("TIME", "Times", "#f3ecc4", "#4d4418", "#b89a14"),
        Label("MONEY", "Money", "#cdf0ea", "#17463f", "#1f9a87"),
        Label("PERCENT", "Percentages", "#dcebed", "#24424a", "#4f8f9c"),
        Label("QUANTITY", "Quantities", "#e6e6e6", "#3c3c3c", "#8a8a8a"),
        Label("CARDINAL", "Numbers", "#ececec", "#383838", "#9a9a9a"),
        Label("ORDINAL", "Ordinals", "#ececec", "#383838", "#9a9a9a"),
        Label("EVENT", "Events", "#fbd9df", "#5a2030", "#d1495b"),
        Label("LAW", "Laws", "#f6dfcf", "#55301a", "#b8602e"),
        Label("PRODUCT", "Products", "#e0dcf8", "#2f2a5c", "#6a5fd0"),
        Label("FAC", "Facilities", "#e9e1d4", "#463b2a", "#8c7452"),
        Label("WORK_OF_ART", "Works", "#f5dcef", "#52224a", "#b84aa3"),
        Label("LANGUAGE", "Languages", "#dff0f7", "#1f4250", "#3a8fb0"),
    )
}
#: Labels shown by default; numbers and ordinals are noise for most readers.
DEFAULT_VISIBLE = frozenset(LABELS) - {"CARDINAL", "ORDINAL", "QUANTITY", "TIME"}


def label(code: str) -> Label:
    """The label for a code, with a neutral fallback for codes a custom model invents."""
    return LABELS.get(code) or Label(code, code.title(), "#e6e6e6", "#3c3c3c", "#8a8a8a")


#: Labels that name something a story is about (not dates, sums, counts or amounts):
#: only these make collections alike (suggestions, learned collections).
TOPICAL = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT",
                     "WORK_OF_ART"})


def names_a_thing(text: str) -> bool:
    """Whether a name can say what a story is about: at least two letters or digits, one
    of them a letter ("EU", "3M"; not "A", "7" or "2024")."""
    alnum = [c for c in text if c.isalnum()]
    return len(alnum) >= 2 and any(c.isalpha() for c in alnum)


def label_word(code: str) -> str:
    """A label as a word in a sentence: "organisation", "place" (the singular of its name)."""
    return LABEL_WORDS.get(code, label(code).name.lower())


#: one of each label, for sentences and menus ("Relabel ▸ Organisation")
LABEL_WORDS = {
    "PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "location",
    "NORP": "group or nationality", "FAC": "facility", "EVENT": "event", "LAW": "law",
    "PRODUCT": "product", "WORK_OF_ART": "work", "LANGUAGE": "language", "DATE": "date",
    "TIME": "time", "MONEY": "sum of money", "PERCENT": "percentage", "QUANTITY": "quantity",
    "CARDINAL": "number", "ORDINAL": "ordinal",
}


def a_label(code: str) -> str:
    """The label as a sentence needs it: "an organisation", "a place"."""
    word = label_word(code)
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"
