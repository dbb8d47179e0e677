"""Big imports parse in a process of their own: same report, cancel and failure as a thread.

(A parsing thread makes the storing thread wait for the GIL after every SQLite call,
so from ``PROCESS_FROM_BYTES`` of input the parsing moves to a process.)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsreader.core.ingest import importer
from newsreader.core.library import Library


def _folder(root: Path, files: int = 6, per_file: int = 120) -> Path:
    root.mkdir()
    for f in range(files):
        lines = [json.dumps({"title": f"Story {f}-{n}", "body": f"Body of story {f}-{n}.",
                             "url": f"https://example.org/{f}/{n}"}) for n in range(per_file)]
        (root / f"part-{f}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "broken.json").write_text("{not json", encoding="utf-8")
    (root / "notes.md").write_text("---\ntitle: A note\n---\nThe note's text.\n", encoding="utf-8")
    return root


def _import(library: Library, folder: Path, **kwargs: object):
    """The importer itself, in batches of 100 (the library's own are 2,000)."""
    steps: list[tuple[int, int]] = []
    report = importer.import_paths(
        library._conn, [folder], batch_size=100,
        progress=lambda done, total, _path: steps.append((done, total)), **kwargs)
    return report, steps


@pytest.mark.parametrize("threshold", [0, 10**12], ids=["process", "thread"])
def test_a_process_imports_what_a_thread_imports(tmp_path: Path, threshold: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path / "in")
    monkeypatch.setattr(importer, "PROCESS_FROM_BYTES", threshold)
    library = Library(tmp_path / "lib.sqlite")
    try:
        report, steps = _import(library, folder)
        assert report.added == 6 * 120 + 1 and report.skipped == 0
        assert [Path(f.path).name for f in report.failed] == ["broken.json"]
        assert report.failed[0].error
        assert steps[-1] == (8, 8) and [d for d, _ in steps] == sorted(d for d, _ in steps)
        again, _ = _import(library, folder)
        assert again.added == 0 and again.skipped == 6 * 120 + 1
    finally:
        library.close()


def test_cancel_stops_the_parsing_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path / "in", files=8, per_file=400)
    monkeypatch.setattr(importer, "PROCESS_FROM_BYTES", 0)
    library = Library(tmp_path / "lib.sqlite")
    batches: list[int] = []
    try:
        report, _ = _import(library, folder, on_batch=lambda b: batches.append(b.added),
                            should_cancel=lambda: len(batches) >= 2)
        assert report.cancelled and report.added == sum(batches) == 200
        assert library.count() == 200  # whole batches, nothing half-stored
    finally:
        library.close()
    import multiprocessing

    assert not [p for p in multiprocessing.active_children() if p.name == "import-parser"]


def test_a_parser_that_dies_is_an_error_not_a_hang(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path / "in", files=8, per_file=400)
    monkeypatch.setattr(importer, "PROCESS_FROM_BYTES", 0)
    library = Library(tmp_path / "lib.sqlite")

    def kill_parser(_report) -> None:
        import multiprocessing

        for child in multiprocessing.active_children():
            if child.name == "import-parser" and child.pid:
                os.kill(child.pid, signal.SIGKILL)

    try:
        with pytest.raises(importer.IngestError, match="parsing process ended"):
            _import(library, folder, on_batch=kill_parser)
        assert library.count() % 100 == 0  # whole batches only
    finally:
        library.close()


CHILD = """
import sys
from newsreader.core.ingest import importer
from newsreader.core.library import Library
importer.PROCESS_FROM_BYTES = 0
def tell(_report):
    import multiprocessing
    pids = [p.pid for p in multiprocessing.active_children() if p.name == "import-parser"]
    print(*pids, flush=True)
    sys.stdin.readline()  # wait to be killed
importer.import_paths(Library(sys.argv[1])._conn, [sys.argv[2]], batch_size=100, on_batch=tell)
"""


def test_the_parsing_process_ends_when_the_importer_is_killed(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "in", files=8, per_file=400)
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path / "lib.sqlite"), str(folder)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=root,
                             env={**os.environ, "PYTHONPATH": str(root)})
    try:
        assert child.stdout is not None
        parser_pid = int(child.stdout.readline())
        child.kill()
        child.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _alive(parser_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(parser_pid)  # it noticed and left, rather than waiting forever
    finally:
        if child.poll() is None:
            child.kill()
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (ended, not yet reaped by init) counts as gone
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return False


def test_a_parser_failing_on_one_file_costs_that_file_only(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever goes wrong reading one file (here a bug in a parser) is that file's line
    in the report; the batch around it is stored."""
    from newsreader.core.ingest import files

    real = files.parse_markdown

    def buggy(text: str, *, origin: str | None):
        if "note's" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, origin=origin)

    monkeypatch.setattr(files, "parse_markdown", buggy)
    with Library(tmp_path / "lib.sqlite") as library:
        report, _ = _import(library, _folder(tmp_path / "in"))
        assert report.added == 720
        assert [(Path(f.path).name, f.error) for f in report.failed if "notes" in f.path] == [
            ("notes.md", "could not be read (RecursionError: maximum recursion depth exceeded)")]


def test_batches_of_long_files_are_stored_before_they_grow_big(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder of book-length files is stored a few files at a time (BATCH_CHARS of
    text), not held in memory until BATCH_SIZE articles are parsed."""
    folder = tmp_path / "books"
    folder.mkdir()
    for n in range(5):
        (folder / f"book {n}.txt").write_text(f"Book {n}\n\n" + f"Sentence {n}. " * 3_000,
                                              encoding="utf-8")
    monkeypatch.setattr(importer, "BATCH_CHARS", 70_000)  # two books of ~36,000
    sizes: list[int] = []
    with Library(tmp_path / "lib.sqlite") as library:
        report = library.import_paths([folder], on_batch=lambda b: sizes.append(b.added))
    assert report.added == 5 and sizes == [2, 2, 1]
