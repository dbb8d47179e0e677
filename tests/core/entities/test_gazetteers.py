"""Gazetteers come from maintained packages, and ambiguous place names are kept out."""

from __future__ import annotations

from newsreader.core.entities import gazetteers as gz


def test_countries_come_from_pycountry_with_common_names() -> None:
    countries = gz.countries()
    assert {"France", "Germany", "South Korea", "Viet Nam"} <= countries
    assert not any("," in name for name in countries)  # "Korea, Republic of" is left out


def test_major_cities_and_capitals_but_not_small_towns() -> None:
    cities = gz.cities()
    assert {"Detroit", "Tokyo", "Lagos", "Seoul"} <= cities
    assert "Canberra" in cities  # a capital below no threshold
    assert "Sejong" not in cities or "Sejong" in gz.gazetteers().phrases["GPE"]


def test_ambiguous_names_are_dropped() -> None:
    cities = gz.cities()
    for word in ("Of", "Bath", "Nice", "Mobile", "Reading", "March"):
        assert word not in cities
        assert gz.is_ambiguous(word)
    assert gz.is_ambiguous("detroit")  # lowercase never counts as a place
    assert not gz.is_ambiguous("Detroit")


def test_states_and_continents() -> None:
    assert {"California", "Texas", "Michigan"} <= gz.us_states()
    assert {"Africa", "Asia", "Europe"} <= gz.continents()


def test_gazetteers_are_cached_and_labelled() -> None:
    first, second = gz.gazetteers(), gz.gazetteers()
    assert first is second
    phrases = first.phrases
    assert "Korean" in phrases["NORP"] and "Koreans" in phrases["NORP"]
    assert "APEC" in phrases["ORG"] and "Samsung" in phrases["ORG"]
    assert "Southeast Asia" in phrases["LOC"] and "Asia" in phrases["LOC"]
    assert "China" in phrases["GPE"] and "Asia" not in phrases["GPE"]


def test_name_lists() -> None:
    g = gz.gazetteers()
    assert {"John", "Mary", "Nancy"} <= g.first_names
    assert "The" not in g.first_names
    assert {"Smith", "Ahn", "Wang"} <= g.surnames
