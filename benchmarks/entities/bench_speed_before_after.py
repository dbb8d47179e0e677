"""Extraction speed of this tree against an earlier commit, in one run, by hand:

    python benchmarks/entities/bench_speed_before_after.py [--baseline REV] [--rounds 2]
        [bench_entity_speed.py options, e.g. --articles 20000 --spacy-sample 500]

Exports ``--baseline`` (default: the merge base with main) into a temporary folder
with ``git archive`` and runs ``benchmarks/bench_entity_speed.py`` of each tree on
its own code (``PYTHONPATH``), the two alternating ``--rounds`` times so a slow spell
of a shared machine hits both. Prints each run's figures; the target (issue 17) is
this tree within 10% of the baseline.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def export(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev], check=True,
                             capture_output=True).stdout
    tar = into / "tree.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as handle:
        handle.extractall(into / "tree", filter="data")
    return into / "tree"


def run(tree: Path, options: Sequence[str], workdir: Path) -> str:
    env = dict(os.environ, PYTHONPATH=str(tree))
    result = subprocess.run([sys.executable, str(tree / "benchmarks" / "bench_entity_speed.py"),
                             "--workdir", str(workdir), *options],
                            capture_output=True, text=True, env=env, check=False)
    return result.stdout + result.stderr


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--baseline", default=None, help="git revision (default: merge base with main)"
    )
    parser.add_argument("--rounds", type=int, default=2)
    args, options = parser.parse_known_args(argv)
    baseline = args.baseline or subprocess.run(
        ["git", "-C", str(REPO), "merge-base", "HEAD", "main"], capture_output=True, text=True,
        check=True).stdout.strip()
    with tempfile.TemporaryDirectory() as folder:
        base_tree = export(baseline, Path(folder))
        workdir = Path(folder) / "work"
        workdir.mkdir()
        # built by the baseline: this tree upgrades its file (before timing), the reverse fails
        run(base_tree, [*options, "--prepare-only"], workdir)
        for number in range(1, args.rounds + 1):
            for title, tree in ((f"baseline {baseline[:10]}", base_tree), ("this tree", REPO)):
                print(f"\n#### round {number}: {title}", flush=True)
                print(run(tree, options, workdir), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
