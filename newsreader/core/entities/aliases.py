"""When two names in a library are one entity: the rules, with no database in sight.

Within one article, ``postprocess.link_mentions`` already ties a short form to the
full name the article gives ("Ahn" -> "Ahn Deok-geun", "APEC" -> "Asia-Pacific
Economic Cooperation"). Across a library, two stored names of one label are one
entity when they differ only in case, dots, a leading "the" or a possessive ("U.S."
and "US", "SK Hynix" and "SK hynix", "the Fed" and "Fed"), or when they are names
of one country or body that news uses interchangeably ("United States" and "US").
A shared word is never enough: "South Korea" and "North Korea", "Samsung
Electronics" and "Samsung Biologics" keep their own keys.
"""

from __future__ import annotations

import re

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s?['’]s?$")
_SPACES = re.compile(r"\s+")
#: A dot after a letter ("U.S.", "St."), never one in a number ("2.0 pct" is not "20 pct").
_LETTER_DOT = re.compile(r"(?<=[^\W\d_])\.")
_INITIALS = re.compile(r"(?:[^\W\d_]\.\s?)+[^\W\d_]?\.?")

#: Names news uses for one country or body, the display name first; one label each.
_ALIAS_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("United States", "GPE", ("US", "USA", "U.S.A", "United States of America", "America")),
    ("United Kingdom", "GPE", ("UK", "Britain", "Great Britain")),
    ("South Korea", "GPE", ("Republic of Korea", "ROK", "S. Korea")),
    ("North Korea", "GPE", ("DPRK", "Democratic People's Republic of Korea", "N. Korea")),
    ("China", "GPE", ("People's Republic of China", "PRC", "Mainland China")),
    ("Russia", "GPE", ("Russian Federation",)),
    ("Soviet Union", "GPE", ("USSR",)),
    ("United Arab Emirates", "GPE", ("UAE",)),
    ("Netherlands", "GPE", ("Holland",)),
    ("United Nations", "ORG", ("UN",)),
    ("European Union", "ORG", ("EU",)),
    ("Federal Reserve", "ORG", ("Fed", "US Federal Reserve", "Federal Reserve Board")),
    ("European Central Bank", "ORG", ("ECB",)),
    ("International Monetary Fund", "ORG", ("IMF",)),
    ("World Trade Organization", "ORG", ("WTO",)),
    ("World Health Organization", "ORG", ("WHO",)),
    ("Organization of the Petroleum Exporting Countries", "ORG", ("OPEC",)),
    ("North Atlantic Treaty Organization", "ORG", ("NATO",)),
    ("Asia-Pacific Economic Cooperation", "ORG", ("APEC",)),
    ("Association of Southeast Asian Nations", "ORG", ("ASEAN",)),
)


def alias_key(name: str) -> str:
    """What two names of one entity share: "U.S." and "US" -> "us", "the Fed's" -> "fed"."""
    bare = _POSSESSIVE.sub("", _LEADING_THE.sub("", name.strip()))
    if _INITIALS.fullmatch(bare):
        bare = bare.replace(" ", "")  # "U. S." is "U.S."
    return _SPACES.sub(" ", _LETTER_DOT.sub("", bare)).strip().casefold()


def country_aliases() -> frozenset[str]:
    """Every name of the countries above ("United States", "USA", "Soviet Union")."""
    return frozenset(name for display, label, others in _ALIAS_GROUPS if label == "GPE"
                     for name in (display, *others) if len(name.replace(".", "")) > 3)


def _canonical_by_key() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for display, label, others in _ALIAS_GROUPS:
        for name in (display, *others):
            found[(alias_key(name), label)] = display
    return found


_CANONICAL = _canonical_by_key()


def canonical_name(key: str, label: str) -> str | None:
    """The display name of the country or body ``key`` names, when it is one news
    calls by several names ("us", GPE -> "United States"); else None."""
    return _CANONICAL.get((key, label))


_WORD_BREAK = re.compile(r"[\s-]+")


def abbreviates(short: str, full: str) -> bool:
    """Whether ``short``, in capitals, is made of the initials of ``full``'s capitalised
    words: "EC" of "European Community", "USDA" of "U.S. Agriculture Department" (an
    initialism in its words' letters, "U.S." giving both; Reuters writes the "U.S.
    Department of Agriculture" so), "APEC" of "Asia-Pacific Economic Cooperation".
    In another order only from three letters on, and never with another first letter."""
    letters = short.replace(".", "")
    if len(letters) < 2 or not letters.isalpha() or not letters.isupper() or " " not in full:
        return False
    initials = "".join(
        word.replace(".", "") if "." in word.rstrip(".") else word[0]
        for word in _WORD_BREAK.split(full) if word[:1].isupper()
    )
    if initials == letters:
        return True
    return (len(letters) >= 3 and initials[:1] == letters[:1]
            and sorted(initials) == sorted(letters))
