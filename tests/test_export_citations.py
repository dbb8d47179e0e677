"""Citations (CSL-JSON, BibTeX, RIS) exported by the command line and read by Pandoc.

A manuscript that cites two stories by their keys is rendered with ``pandoc
--citeproc --bibliography`` of each format: the pandoc bundled with pypandoc-binary
(3.x; the test extra) reads all three, Debian's pandoc (2.17; ``.ci/run`` installs it)
reads CSL-JSON and BibTeX (RIS came with pandoc 3).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pypandoc
import pytest

from newsreader.cli import main

from .export_library import COLLECTION, added_day, export_library

SUFFIX = {"csl-json": ".json", "bibtex": ".bib", "ris": ".ris"}
KEYS = ["jones2024lithium-1", "reuters2024hyperlinkhttpsevilex-2", "jones2024cobalt-3"]


def pandocs() -> list[tuple[str, str]]:
    """(pandoc, format) for each pandoc and each bibliography format it reads."""
    bundled = pypandoc.get_pandoc_path()
    system = shutil.which("pandoc", path="/usr/bin:/usr/local/bin")
    runs = [(bundled, fmt) for fmt in SUFFIX]
    if system is None:
        pytest.fail("Debian's pandoc is missing: apt-get install pandoc (.ci/run does)")
    return [*runs, (system, "csl-json"), (system, "bibtex")]


def exported(library: Path, tmp_path: Path, fmt: str, *selection: str) -> Path:
    target = tmp_path / f"references{SUFFIX[fmt]}"
    assert main(["--library", str(library), "export", *(selection or (COLLECTION,)),
                 "--format", fmt, "--to", str(target), "--force"]) == 0
    return target


def render(pandoc: str, bibliography: Path, text: str) -> tuple[str, str]:
    manuscript = bibliography.with_name("manuscript.md")
    manuscript.write_text(text, encoding="utf-8")
    done = subprocess.run([pandoc, str(manuscript), "--citeproc", "--bibliography",
                           str(bibliography), "-t", "plain", "--wrap=none"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


@pytest.mark.parametrize(("pandoc", "fmt"), pandocs(),
                         ids=lambda v: Path(v).parent.name if "/" in v else v)
def test_pandoc_renders_two_cited_stories(tmp_path: Path, pandoc: str, fmt: str) -> None:
    library = export_library(tmp_path)
    bibliography = exported(library, tmp_path, fmt)
    out, err = render(pandoc, bibliography,
                      f"Lithium [@{KEYS[0]}] and cobalt [@{KEYS[2]}].\n")
    assert "not found" not in err
    cited, references = out.split("\n", 1)
    assert cited == "Lithium (Jones and Lee 2024) and cobalt (Jones 2024)."
    shown = references.lower()  # the style sets titles in title case
    assert "lithium rush in chile" in shown and "the daily wire" in shown
    assert "+1 for cobalt" in shown and "@wire" in shown
    assert "https://news.example.com/lithium?a=1&b=%20" in references
    assert "Jones, Mark, and Ann Lee. 2024." in references


def test_csl_json_holds_what_a_reference_manager_needs(tmp_path: Path) -> None:
    library = export_library(tmp_path)
    items = json.loads(exported(library, tmp_path, "csl-json").read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == KEYS
    lithium, grid, cobalt = items
    assert lithium["author"] == [{"family": "Jones", "given": "Mark"},
                                 {"family": "Lee", "given": "Ann"}]
    assert grid["author"] == [{"literal": "Reuters Staff"}]
    assert cobalt["author"] == [{"family": "Jones", "given": "Mark"}]
    assert lithium["container-title"] == "The Daily Wire"
    assert lithium["issued"] == {"date-parts": [[2024, 3, 1]]}  # 10:00 +09:00 is 01:00 UTC
    assert grid["issued"] == {"date-parts": [[2024, 2, 29]]}    # 18:30 -05:00 is 23:30 UTC
    assert lithium["URL"] == "https://news.example.com/lithium?a=1&b=%20"
    day = [int(p) for p in added_day(library, 1).split("-")]
    assert lithium["accessed"] == {"date-parts": [day]}
    assert (lithium["type"], lithium["keyword"], lithium["language"]) == (
        "article-newspaper", COLLECTION, "en")


def test_keys_are_the_same_on_every_export_and_unique_in_one(tmp_path: Path) -> None:
    library = export_library(tmp_path)
    bib = exported(library, tmp_path, "bibtex").read_text(encoding="utf-8")
    assert re.findall(r"^@article\{([^,]+),", bib, re.MULTILINE) == KEYS
    searched = exported(library, tmp_path, "ris", "--query", "cobalt OR lithium")
    ris_keys = re.findall(r"^ID  - (.+)\r$", searched.read_bytes().decode("utf-8"),
                          re.MULTILINE)
    assert sorted(ris_keys) == sorted([KEYS[0], KEYS[2]])
    # a second story of the same author, year and first word gets a key of its own
    twin = tmp_path / "twin.json"
    twin.write_text(json.dumps([{"title": "Lithium rush widens", "author": "Mark Jones",
                                 "published_at": "2024-05-01", "body_text": "More.",
                                 "tags": [COLLECTION]}]), encoding="utf-8")
    assert main(["--library", str(library), "import", str(twin)]) == 0
    items = json.loads(exported(library, tmp_path, "csl-json").read_text(encoding="utf-8"))
    keys = [item["id"] for item in items]
    assert keys[:3] == KEYS and keys[3] == "jones2024lithium-4" and len(set(keys)) == 4


def test_bibtex_escapes_what_tex_would_read_as_commands(tmp_path: Path) -> None:
    library = export_library(tmp_path)
    out, _ = render(pypandoc.get_pandoc_path(), exported(library, tmp_path, "bibtex"),
                    f"[@{KEYS[2]}]\n")
    assert "{Braces} & 100% of $ #1_x~^\\" in out
