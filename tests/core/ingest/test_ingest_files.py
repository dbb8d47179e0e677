"""Reading files from disk: dispatch, decoding and every way a file can be bad."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsreader.core.errors import IngestError
from newsreader.core.ingest.files import SUPPORTED_SUFFIXES, iter_input_files, read_file

STORY = "Town gets a library\n\nThe council voted on Tuesday. Work begins in spring.\n"


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_suffix_table() -> None:
    assert SUPPORTED_SUFFIXES[".txt"] == "text"
    assert SUPPORTED_SUFFIXES[".markdown"] == "markdown"
    assert SUPPORTED_SUFFIXES[".xhtml"] == "html"
    assert SUPPORTED_SUFFIXES[".ndjson"] == "json"


@pytest.mark.parametrize("name", ["story.txt", "story.TEXT", "story.md"])
def test_reads_text_and_markdown(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path / name, STORY)
    result = read_file(path)
    assert result.path == path and result.problems == []
    [draft] = result.drafts
    assert draft.title == "Town gets a library"
    assert draft.origin == str(path)


def test_json_lines_problems_are_reported(tmp_path: Path) -> None:
    text = json.dumps({"title": "A", "body": "x"}) + "\nnot json\n" + json.dumps({"title": "B"})
    result = read_file(_write(tmp_path / "feed.jsonl", text))
    assert [d.title for d in result.drafts] == ["A", "B"]
    assert [p.split(":")[0] for p in result.problems] == ["line 2"]
    assert all(d.origin == str(tmp_path / "feed.jsonl") for d in result.drafts)


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    result = read_file(_write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + STORY.encode()))
    assert result.drafts[0].title == "Town gets a library"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path: Path, encoding: str) -> None:
    data = STORY.replace("library", "librería").encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    [draft] = read_file(_write(tmp_path / "wide.txt", data)).drafts
    assert draft.title == "Town gets a librería"


def test_cp1252_text(tmp_path: Path) -> None:
    data = "Café owners “cheer” new law\n\nThe law – passed today – helps cafés.".encode("cp1252")
    [draft] = read_file(_write(tmp_path / "old.txt", data)).drafts
    assert draft.title == "Café owners “cheer” new law"
    assert "– passed today –" in draft.body_text


def test_html_meta_charset(tmp_path: Path) -> None:
    body = "".join(
        f"<p>Paragraph {i}: the señora from Málaga told the reporters that the harbour "
        f"would reopen after the winter storms had passed.</p>" for i in range(6))
    page = (f'<html><head><meta charset="iso-8859-1"><title>Málaga harbour</title></head>'
            f"<body><article><h1>Málaga harbour</h1>{body}</article></body></html>")
    [draft] = read_file(_write(tmp_path / "page.htm", page.encode("iso-8859-1"))).drafts
    assert "señora from Málaga" in draft.body_text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary file"),
        ("doc.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file"),
        ("nul.txt", b"hello\x00world", "binary file"),
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n\t \n", "empty file"),
        ("bad.txt", b"\x81\x8d\x8f\x90\x9d" * 20, "cannot decode: not UTF-8 text"),
        ("ctl.txt", b"\xff\xfe"[1:] + b"\x01\x02\x03\xe9\xe8" * 10, "cannot decode"),
        (
            "cut.json",
            b'[{"title": "A", "body": "x"}, {"title": "B", "bo',
            "truncated or invalid JSON",
        ),
        (
            "photo.xyz",
            b"whatever",
            "unsupported file type .xyz (supported: .txt, .md, .html, .json, .jsonl)",
        ),
        ("noext", b"text", "unsupported file type"),
    ],
)
def test_bad_files_give_one_line_errors(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = _write(tmp_path / name, data)
    with pytest.raises(IngestError) as info:
        read_file(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_path_and_folder(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        read_file(tmp_path / "gone.txt")
    with pytest.raises(IngestError, match="folder"):
        read_file(tmp_path)


def test_too_large(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.txt", "word " * 100)
    with pytest.raises(IngestError, match="too large"):
        read_file(path, max_bytes=100)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable(tmp_path: Path) -> None:
    path = _write(tmp_path / "locked.txt", STORY)
    path.chmod(0)
    try:
        with pytest.raises(IngestError, match="permission"):
            read_file(path)
    finally:
        path.chmod(0o600)


def test_permission_error_becomes_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "locked.txt", STORY)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("newsreader.core.ingest.files.open_regular", refuse)
    with pytest.raises(IngestError, match="permission denied"):
        read_file(path)


def test_folder_expansion_is_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for rel in ["b.txt", "a.md", "pic.png", ".hidden.txt", ".git/config.txt",
                "sub/z.json", "sub/deeper/x.html", "sub/.secret/y.txt", "sub/notes.docx"]:
        _write(root / rel, STORY)
    found = list(iter_input_files([root]))
    rels = [p.relative_to(root).as_posix() for p, _ in found]
    assert rels == ["a.md", "b.txt", "sub/z.json", "sub/deeper/x.html"]
    assert all(err is None for _, err in found)


def test_explicit_files_and_missing_paths(tmp_path: Path) -> None:
    png = _write(tmp_path / "pic.png", b"\x89PNG")
    hidden = _write(tmp_path / ".h.txt", STORY)
    missing = tmp_path / "nope"
    assert list(iter_input_files([png, hidden, missing])) == [
        (png, None), (hidden, None), (missing, "no such file or folder")]


def test_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "loop"
    _write(root / "a.txt", STORY)
    try:
        (root / "self").symlink_to(root, target_is_directory=True)
    except OSError:
        pytest.skip("symlinks not available")
    assert [p.name for p, _ in iter_input_files([root])] == ["a.txt"]
