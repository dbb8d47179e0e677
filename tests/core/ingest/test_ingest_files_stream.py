"""iter_file_drafts: JSON Lines of any size, streamed in chunks; other files as read_file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from newsreader.core.errors import IngestError
from newsreader.core.ingest.files import FileResult, iter_file_drafts, read_file

STORY = "Town gets a library\n\nThe council voted on Tuesday. Work begins in spring.\n"


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _line(number: int, **extra: object) -> str:
    return json.dumps({"title": f"Story {number}", "body": f"Body of story {number}.", **extra},
                      ensure_ascii=False)


def _lines(count: int) -> str:
    return "".join(_line(n) + "\n" for n in range(1, count + 1))


def _all(results: list[FileResult]) -> tuple[list[str], list[str]]:
    titles = [d.title for r in results for d in r.drafts]
    return titles, [p for r in results for p in r.problems]


@pytest.mark.parametrize(("name", "data"), [
    ("story.txt", STORY), ("story.md", STORY),
    ("page.html", "<html><head><title>Harbour</title></head><body><article><h1>Harbour</h1>"
     + "<p>The harbour will reopen after the winter storms, the council said today.</p>" * 6
     + "</article></body></html>"),
    ("one.json", json.dumps([{"title": "A", "body": "x"}, {"title": "B", "body": "y"}])),
    ("one.jsonl", _line(1)),
    ("pretty.jsonl", json.dumps({"title": "A", "body": "x"}, indent=2)),
])
def test_other_files_give_read_files_one_result(tmp_path: Path, name: str, data: str) -> None:
    path = _write(tmp_path / name, data)
    assert list(iter_file_drafts(path)) == [read_file(path)]


def test_small_json_lines_give_what_read_file_gives(tmp_path: Path) -> None:
    text = ("\n" + _line(1) + "\r\n  \n" + "not json\n" + json.dumps([1]) + "\n"
            + json.dumps({"author": "x"}) + "\n" + _line(2, tags="a, b") + "\n\u00a0\n"
            + '{"title": "cut", "bo')
    for name in ("feed.jsonl", "feed.ndjson", "feed.json"):
        path = _write(tmp_path / name, text)
        results = list(iter_file_drafts(path))
        expected = read_file(path)
        assert [d for r in results for d in r.drafts] == expected.drafts
        assert [p for r in results for p in r.problems] == expected.problems
        assert [p.split(":")[0] for p in expected.problems] == [
            "line 4",
            "line 5",
            "line 6",
            "line 9",
        ]


def test_synthetic_export_gives_what_read_file_gives(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.pop(0)
    path = synth.write_jsonl(tmp_path / "export.jsonl", 300, 3)
    results = list(iter_file_drafts(path, chunk_size=128))
    assert [len(r.drafts) for r in results] == [128, 128, 44]
    assert [d for r in results for d in r.drafts] == read_file(path).drafts


def test_chunks_of_chunk_size_articles(tmp_path: Path) -> None:
    path = _write(tmp_path / "feed.jsonl", _lines(2500))
    results = list(iter_file_drafts(path))
    assert [len(r.drafts) for r in results] == [1000, 1000, 500]
    assert all(r.path == path and r.problems == [] for r in results)
    assert all(d.origin == str(path) for r in results for d in r.drafts)
    assert results[2].drafts[-1].title == "Story 2500"


def test_json_lines_have_no_file_size_limit(tmp_path: Path) -> None:
    for name in ("big.jsonl", "big.json"):
        path = _write(tmp_path / name, _lines(50))
        with pytest.raises(IngestError, match="too large"):
            read_file(path, max_bytes=1000)
        titles, problems = _all(list(iter_file_drafts(path, max_bytes=1000)))
        assert len(titles) == 50 and problems == []


def test_big_json_that_is_not_json_lines_keeps_the_limit(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "big.json", json.dumps([{"title": f"T{n}", "body": "x"} for n in range(50)])
    )
    with pytest.raises(IngestError, match="too large"):
        list(iter_file_drafts(path, max_bytes=1000))


def test_over_long_line_is_one_problem(tmp_path: Path) -> None:
    long_line = _line(2, note="n" * 5000)
    path = _write(tmp_path / "feed.jsonl", _line(1) + "\n" + long_line + "\n" + _line(3) + "\n")
    titles, problems = _all(list(iter_file_drafts(path, max_line_bytes=1000)))
    assert titles == ["Story 1", "Story 3"]
    assert problems == ["line 2: line too long (0.0 MiB, limit 0.0 MiB)"]
    at_limit = _write(tmp_path / "exact.jsonl", _line(1) + "\n" + _line(2) + "\n")
    limit = len(_line(1).encode())
    assert _all(list(iter_file_drafts(at_limit, max_line_bytes=limit)))[1] == []


def test_over_long_last_line_without_line_break(tmp_path: Path) -> None:
    path = _write(tmp_path / "feed.jsonl", _line(1) + "\n" + _line(2) + "\n" + "x" * 3000)
    titles, problems = _all(list(iter_file_drafts(path, max_line_bytes=1000)))
    assert titles == ["Story 1", "Story 2"]
    assert problems == ["line 3: line too long (0.0 MiB, limit 0.0 MiB)"]


def test_problems_come_with_the_chunks(tmp_path: Path) -> None:
    lines = ['{"author": "x"}', "bad 2", _line(3), "bad 4", _line(5), "bad 6", "bad 7", "bad 8",
             _line(9)]
    path = _write(tmp_path / "feed.jsonl", "\n".join(lines))
    results = list(iter_file_drafts(path, chunk_size=2))
    assert [
        ([d.title for d in r.drafts], [p.split(":")[0] for p in r.problems]) for r in results
    ] == [
        (["Story 3"], ["line 1", "line 2"]),
        (["Story 5"], ["line 4", "line 6"]),
        ([], ["line 7", "line 8"]),
        (["Story 9"], []),
    ]


def test_every_line_bad_is_one_error_and_nothing_yielded(tmp_path: Path) -> None:
    path = _write(tmp_path / "feed.jsonl", json.dumps({"author": "x"}) + "\nnope\n[1]\n")
    stream = iter_file_drafts(path, chunk_size=1)
    with pytest.raises(IngestError) as info:
        next(stream)
    assert str(info.value) == ("no usable article: line 1: no title and no body text"
                               " (and 2 more problems)")
    with pytest.raises(IngestError) as expected:
        read_file(path)
    assert str(expected.value) == str(info.value)


def test_line_separators_inside_strings_do_not_cut_lines(tmp_path: Path) -> None:
    text = _line(1, body="one\u2028two\u2029three\x85four") + "\n" + _line(2) + "\n"
    titles, problems = _all(list(iter_file_drafts(_write(tmp_path / "feed.jsonl", text))))
    assert titles == ["Story 1", "Story 2"] and problems == []


def test_each_line_is_decoded_on_its_own(tmp_path: Path) -> None:
    """Past the first bytes (which decide as for read_file), a bad line costs only itself."""
    head = _lines(1500).encode("utf-8")
    assert len(head) > 64 * 1024
    data = (head + _line(1501, author="José").encode("utf-8") + b"\n"
            + _line(1502, author="Zoë “quoted”").encode("cp1252") + b"\n"
            + b'{"title": "\x81\x8d\x8f\x90\x9d"}\n'
            + _line(1504).encode("utf-8"))
    results = list(iter_file_drafts(_write(tmp_path / "mixed.jsonl", data)))
    assert [d.author for r in results for d in r.drafts][1500:] == ["José", "Zoë “quoted”", None]
    assert _all(results)[1] == ["line 1503: cannot decode: not UTF-8 text"]


def test_a_cp1252_start_is_read_as_cp1252(tmp_path: Path) -> None:
    data = (_line(1, author="Zoë “quoted”") + "\n" + _line(2) + "\n").encode("cp1252")
    results = list(iter_file_drafts(_write(tmp_path / "old.jsonl", data)))
    assert [d.author for r in results for d in r.drafts] == ["Zoë “quoted”", None]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks(tmp_path: Path, encoding: str) -> None:
    text = _line(1, author="Málaga") + "\r\n" + _line(2) + "\r\n"
    path = _write(tmp_path / "feed.jsonl", text.encode(encoding))
    titles, problems = _all(list(iter_file_drafts(path, max_bytes=10)))
    assert titles == ["Story 1", "Story 2"] and problems == []


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty file"),
    (b"\n \n\t\n", "empty file"),
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "binary file"),
    (b'{"title": "A"}\n\x00\x00', "binary file"),
    (b"\x81\x8d\x8f\x90\x9d" * 20, "cannot decode: not UTF-8 text"),
    (b'[{"title": "A", "body": "x"}, {"title": "B", "bo', "truncated or invalid JSON"),
])
def test_refused_files_raise_before_yielding(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        next(iter_file_drafts(_write(tmp_path / "feed.jsonl", data)))


def test_missing_folder_and_unsupported(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        next(iter_file_drafts(tmp_path / "gone.jsonl"))
    with pytest.raises(IngestError, match="folder"):
        next(iter_file_drafts(tmp_path))
    with pytest.raises(IngestError, match="unsupported file type"):
        next(iter_file_drafts(_write(tmp_path / "x.csv", "a,b")))


def test_read_errors_become_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "feed.jsonl", _lines(3))

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("newsreader.core.ingest.files.open_regular", refuse)
    with pytest.raises(IngestError, match="permission denied"):
        next(iter_file_drafts(path))
