"""Reading article files from disk and picking the right parser for each.

Everything a user can point the importer at (a missing path, a photo, a
half-written JSON export, a file in an old Windows encoding) ends here as
either drafts or one clear line saying what is wrong with that file.
"""

from __future__ import annotations

import codecs
import io
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from newsreader.core.errors import IngestError
from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.ingest.jsonfile import (
    BadLine,
    draft_from_line,
    is_object_line,
    no_articles_message,
    parse_json_with_problems,
)
from newsreader.core.ingest.markdown import parse_markdown
from newsreader.core.ingest.regular import open_regular, regular_problem
from newsreader.core.ingest.text import parse_text

SUPPORTED_SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
}
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: JSON Lines files have no size limit, only each line has this one.
DEFAULT_MAX_LINE_BYTES = 50 * 1024 * 1024
#: Articles per result when a JSON Lines file is streamed.
DEFAULT_CHUNK_ARTICLES = 1000
# Enough to read big files in few system calls and to sniff the encoding.
_READ_BUFFER = 1024 * 1024
_SNIFF_BYTES = 64 * 1024

# Only signatures no real text starts with, so a story is never refused.
_BINARY_MAGIC = (
    b"\x89PNG", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"GIF87a", b"GIF89a",
    b"\xff\xd8\xff", b"7z\xbc\xaf", b"\xfd7zXZ", b"\x7fELF", b"Rar!\x1a",
    b"OggS\x00", b"fLaC", b"SQLite format 3\x00",
)
_UTF_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]+)", re.IGNORECASE)
_TEXT_CONTROLS = set("\n\r\t\f")
# What read_file treats as nothing at all once the bytes are decoded.
_BLANK_TEXT = re.compile(r"[ \t\r\n\ufeff\x00]*")

# Reads one line of at most the given length: bytes, or str for UTF-16/32 files.
_ReadLine = Callable[[int], bytes | str]


@dataclass
class FileResult:
    """What one file yielded: its articles, plus problems with parts of it."""

    path: Path
    drafts: list[ArticleDraft]
    problems: list[str] = field(default_factory=list)


def _supported_list() -> str:
    return ", ".join((".txt", ".md", ".html", ".json", ".jsonl"))


def _kind(path: Path) -> str:
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        shown = path.suffix or "(no extension)"
        raise IngestError(f"unsupported file type {shown} (supported: {_supported_list()})")
    return kind


def _check_path(path: Path) -> None:
    try:
        is_dir, exists = path.is_dir(), path.exists()
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    if is_dir:
        raise IngestError("is a folder, not a file")
    if not exists:
        raise IngestError("no such file")


@contextmanager
def _reading() -> Iterator[None]:
    """Turn OS failures while reading into one-line messages."""
    try:
        yield
    except PermissionError as exc:
        raise IngestError("permission denied: cannot read this file") from exc
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read at most max_bytes, turning OS failures into one-line messages."""
    with _reading():
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"file too large ({_mib(size)}, limit {_mib(max_bytes)})")
        with open_regular(path) as handle:
            data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError(f"file too large (limit {_mib(max_bytes)})")
    return data


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    return head.startswith(_BINARY_MAGIC) or b"\x00" in head


def _looks_like_text(text: str) -> bool:
    """Guard the cp1252 fallback, which accepts almost any byte soup."""
    if any(ch < " " and ch not in _TEXT_CONTROLS for ch in text):
        return False
    high = sum(1 for ch in text if ord(ch) > 0x7F)
    return high <= 0.3 * max(len(text), 1)


def _declared_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:4096])
    if not found:
        return None
    try:
        return codecs.lookup(found.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_bytes(data: bytes, kind: str) -> str:
    """Decode file bytes: BOMs first, then UTF-8, the page's charset, cp1252."""
    for bom, encoding in _UTF_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(f"cannot decode: broken {encoding.upper()} text") from exc
    if _looks_binary(data):
        raise IngestError("binary file, not a text article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    charset = _declared_charset(data) if kind == "html" else None
    for encoding in filter(None, (charset, "cp1252")):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return text
    raise IngestError("cannot decode: not UTF-8 text")


def _parse(kind: str, text: str, origin: str) -> tuple[list[ArticleDraft], list[str]]:
    if kind == "text":
        return [parse_text(text, origin=origin)], []
    if kind == "markdown":
        return parse_markdown(text, origin=origin), []
    if kind == "html":
        from newsreader.core.ingest.html import parse_html  # trafilatura: 0.2 s to load

        return parse_html(text, origin=origin), []
    drafts, problems = parse_json_with_problems(text, origin=origin)
    if not drafts:
        raise IngestError(no_articles_message(problems))
    return drafts, problems


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> FileResult:
    """Read and parse one file; IngestError carries the reason it was refused."""
    path = Path(path)
    _check_path(path)
    kind = _kind(path)
    data = _read_bytes(path, max_bytes)
    if not data or data.isspace():  # what data.strip() tells, without the copy
        raise IngestError("empty file")
    text = decode_bytes(data, kind)
    if _BLANK_TEXT.fullmatch(text):
        raise IngestError("empty file")
    drafts, problems = _parse(kind, text, str(path))
    for draft in drafts:
        draft.origin = str(path)
    return FileResult(path=path, drafts=drafts, problems=problems)


def iter_file_drafts(
    path: Path,
    *,
    chunk_size: int = DEFAULT_CHUNK_ARTICLES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
) -> Iterator[FileResult]:
    """Read and parse one file as a series of results, streaming JSON Lines.

    Exports of a whole library are JSON Lines files of hundreds of megabytes:
    reading them line by line keeps memory flat and lets the caller store
    each chunk as it comes, so they have no size limit, only each line has
    (``max_line_bytes``; a longer line is a "line N: ..." problem).

    A .json, .jsonl or .ndjson file whose first non-blank line is a JSON
    object and that has another non-blank line is JSON Lines (the rule
    parse_json_with_problems applies); it yields a result for every
    ``chunk_size`` articles (or as many problems once an article was found),
    then one for the rest. Any other file is read whole by read_file, with
    its ``max_bytes`` limit, and yields exactly one result.

    IngestError refuses the file; it is raised before anything is yielded,
    except when reading fails midway (an OS error, broken UTF-16/32 text).
    A JSON Lines file where no line holds an article raises the same
    "no usable article: line N: ..." error read_file gives.
    """
    path = Path(path)
    _check_path(path)
    if _kind(path) == "json":
        with _reading(), _open_lines(path) as read_line:
            entries = _line_entries(read_line, max_line_bytes)
            head = list(itertools.islice(entries, 2))
            if _is_json_lines(head):
                yield from _chunked(path, itertools.chain(head, entries), chunk_size)
                return
    yield read_file(path, max_bytes)


# (line number, its text or None, the problem reading it or None)
_Entry = tuple[int, str | None, str | None]


@contextmanager
def _open_lines(path: Path) -> Iterator[_ReadLine]:
    """Open a file to read line by line, refusing it if its start is not text.

    UTF-8 and cp1252 lines are read as bytes and decoded one by one, so a
    line in the wrong encoding costs only that line; UTF-16/32 (told by
    their BOM) cannot be split into lines before decoding, so they are
    decoded as a stream.
    """
    with open_regular(path, buffering=_READ_BUFFER) as handle:
        assert isinstance(handle, io.BufferedReader)  # buffered: open() makes one
        encoding = _wide_encoding(handle)
        if encoding is None:
            yield handle.readline
            return
        with io.TextIOWrapper(handle, encoding=encoding, newline="\n") as stream:
            yield _text_reader(stream, encoding)


def _wide_encoding(handle: io.BufferedReader) -> str | None:
    """UTF-16 or UTF-32 if the file has their BOM; else check it starts as text.

    The check is decode_bytes' on the first bytes; a UTF-8 BOM is skipped.
    """
    head = handle.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    for bom, encoding in _UTF_BOMS:
        if head.startswith(bom):
            return encoding
    if _looks_binary(head):
        raise IngestError("binary file, not a text article")
    if head.startswith(codecs.BOM_UTF8):
        handle.read(len(codecs.BOM_UTF8))
    elif not _decodes(head):
        raise IngestError("cannot decode: not UTF-8 text")
    return None


def _text_reader(stream: io.TextIOWrapper, encoding: str) -> _ReadLine:
    def read_line(limit: int) -> str:
        try:
            return stream.readline(limit)
        except UnicodeDecodeError as exc:
            raise IngestError(f"cannot decode: broken {encoding.upper()} text") from exc

    return read_line


def _decodes(head: bytes) -> bool:
    """Whether a file's first bytes are UTF-8 (a cut last character allowed) or cp1252 text."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)
        return True
    except UnicodeDecodeError:
        pass
    try:
        return _looks_like_text(head.decode("cp1252"))
    except UnicodeDecodeError:
        return False


def _line_entries(read_line: _ReadLine, limit: int) -> Iterator[_Entry]:
    """The file's non-blank lines, numbered from 1 among all its lines.

    Lines end at "\n" only: a U+2028 inside a JSON string (json.dumps
    leaves it raw) does not cut the article in two. A line longer than
    ``limit`` is skipped without being held in memory.
    """
    for number in itertools.count(1):
        raw = read_line(limit + 1)
        if not raw:
            return
        if len(raw) > limit and not _ends_line(raw):
            size = len(raw) + _skip_rest_of_line(read_line)
            yield number, None, f"line too long ({_mib(size)}, limit {_mib(limit)})"
            continue
        text = _line_text(raw)
        if text is None:
            yield number, None, "cannot decode: not UTF-8 text"
        elif text and not text.isspace():
            yield number, text, None


def _ends_line(raw: bytes | str) -> bool:
    return raw.endswith(b"\n") if isinstance(raw, bytes) else raw.endswith("\n")


def _skip_rest_of_line(read_line: _ReadLine) -> int:
    """Read past the end of an over-long line; return how much was skipped."""
    skipped = 0
    while True:
        chunk = read_line(_READ_BUFFER)
        skipped += len(chunk)
        if not chunk or _ends_line(chunk):
            return skipped


def _line_text(raw: bytes | str) -> str | None:
    """One line without its line break: UTF-8, else cp1252 text, else None."""
    if isinstance(raw, str):
        return raw.rstrip("\r\n")
    end = len(raw)
    if raw.endswith(b"\n"):
        end -= 2 if raw.endswith(b"\r\n") else 1
    line = memoryview(raw)[:end]  # no copy of a possibly huge line
    try:
        return str(line, "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = str(line, "cp1252")
    except UnicodeDecodeError:
        return None
    return text if _looks_like_text(text) else None


def _is_json_lines(head: list[_Entry]) -> bool:
    """Two non-blank lines, the first a JSON object: parse_json_with_problems' rule."""
    if len(head) < 2:
        return False
    first = head[0][1]
    return first is not None and is_object_line(first)


def _chunked(path: Path, entries: Iterable[_Entry], chunk_size: int) -> Iterator[FileResult]:
    """Parse JSON Lines entries into results of about chunk_size articles.

    Problems are held back until an article is found, so that a file with
    none raises one error instead of yielding problems first.
    """
    origin = str(path)
    drafts: list[ArticleDraft] = []
    problems: list[str] = []
    found = False
    for number, text, problem in entries:
        if text is not None:
            try:
                drafts.append(draft_from_line(text, origin))
                found = True
            except BadLine as exc:
                problem = str(exc)
        if problem is not None:
            problems.append(f"line {number}: {problem}")
        if len(drafts) >= chunk_size or (found and len(problems) >= chunk_size):
            yield FileResult(path=path, drafts=drafts, problems=problems)
            drafts, problems = [], []
    if not found:
        raise IngestError(no_articles_message(problems))
    if drafts or problems:
        yield FileResult(path=path, drafts=drafts, problems=problems)


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Supported, visible files under a folder, in a stable order, each with the reason
    it is skipped (a named pipe or a device, which would be read forever) or None."""
    for root, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                path = Path(root) / name
                yield path, regular_problem(path)


def iter_input_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Expand the user's paths into files to read, each with an error or None.

    Files named explicitly are always yielded so the user hears why one was
    refused; inside folders, files of other kinds are skipped quietly.
    """
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path, regular_problem(path)
        else:
            yield path, "no such file or folder"
