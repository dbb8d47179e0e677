"""README's safety section says how many hostile inputs the suite tries: keep it true."""

from __future__ import annotations

import re
import subprocess
import sys

from .conftest import REPO


def test_the_readme_counts_the_hostile_cases_the_suite_has() -> None:
    said = re.search(r"The test suite tries \*\*(\d+)\*\* awkward and hostile inputs",
                     (REPO / "README.md").read_text(encoding="utf-8"))
    assert said is not None
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "hostile",
         "-p", "no:cacheprovider", str(REPO / "tests")],
        capture_output=True, text=True, check=False, cwd=REPO, timeout=300)
    counted = re.search(r"^(\d+)/\d+ tests collected", collected.stdout, re.MULTILINE)
    assert counted is not None, collected.stdout[-2000:] + collected.stderr[-2000:]
    assert int(said[1]) == int(counted[1])
