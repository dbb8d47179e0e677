"""Reading article files from disk and picking the right parser for each.

Everything a user can point the importer at (a missing path, a photo, a
half-written JSON export, a file in an old Windows encoding) ends here as
either drafts or one clear line saying what is wrong with that file.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsreader.core.errors import IngestError
from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.ingest.html import parse_html
from newsreader.core.ingest.jsonfile import no_articles_message, parse_json_with_problems
from newsreader.core.ingest.markdown import parse_markdown
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


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read at most max_bytes, turning OS failures into one-line messages."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"file too large ({_mib(size)}, limit {_mib(max_bytes)})")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError as exc:
        raise IngestError("permission denied: cannot read this file") from exc
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
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
    if not data.strip():
        raise IngestError("empty file")
    text = decode_bytes(data, kind)
    if not text.strip(" \t\r\n\ufeff\x00"):
        raise IngestError("empty file")
    drafts, problems = _parse(kind, text, str(path))
    for draft in drafts:
        draft.origin = str(path)
    return FileResult(path=path, drafts=drafts, problems=problems)


def _walk(folder: Path) -> Iterator[Path]:
    """Supported, visible files under a folder, in a stable order."""
    for root, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(root) / name


def iter_input_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Expand the user's paths into files to read, each with an error or None.

    Files named explicitly are always yielded so the user hears why one was
    refused; inside folders, files of other kinds are skipped quietly.
    """
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for found in _walk(path):
                yield found, None
        elif path.exists() or path.is_symlink():
            yield path, None
        else:
            yield path, "no such file or folder"
