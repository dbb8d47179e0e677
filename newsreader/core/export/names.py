"""File and folder names that are safe on Windows, macOS and Linux, whatever the text.

Titles and collection names are whatever the user typed or a feed sent:
"../../etc", "CON", "a/b", emoji, right-to-left marks, newlines. A name made
here is always one path component (never a separator, never "." or ".."),
has no character any of the three systems refuses or shows misleadingly, is
not a reserved Windows device name (with any extension), has no trailing dot
or space, is at most ``MAX_COMPONENT_BYTES`` bytes of UTF-8, and - through
:class:`NameAllocator` - differs from every other name of the same export even
on case-insensitive, normalization-insensitive file systems.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from newsreader.core.errors import NewsreaderError

#: What every file system in use allows per path component (ext4, APFS, NTFS count
#: bytes or UTF-16 units; 255 UTF-8 bytes satisfies all of them).
MAX_COMPONENT_BYTES = 255
#: Article files stay well below the maximum so that whole paths keep working in
#: Windows programs still limited to 260 characters.
ARTICLE_NAME_BYTES = 120
FALLBACK = "untitled"

# Refused by Windows (<>:"/\|?* and C0 controls), separators everywhere, plus
# characters that are legal but harmful in a name: C1 controls, DEL, line and
# paragraph separators, BOM, bidirectional overrides and marks (which can make
# "txt.exe" display as "exe.txt"), and lone surrogates (not encodable).
_BAD = re.compile(
    r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e'
    r"\u2066-\u2069\ufeff\ud800-\udfff]+"
)
_SPACES = re.compile(r"\s+")
_RESERVED = {
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
    *(f"COM{c}" for c in "0123456789\u00b9\u00b2\u00b3"),
    *(f"LPT{c}" for c in "0123456789\u00b9\u00b2\u00b3"),
}


class UnsafePathError(NewsreaderError):
    """A path would leave the export folder or go through a symbolic link."""


def is_reserved(name: str) -> bool:
    """True for Windows device names, with or without an extension ("con.md", "LPT1 .x")."""
    stem = name.split(".", 1)[0].rstrip(" ")
    return stem.upper() in _RESERVED


def _truncate(text: str, max_bytes: int) -> str:
    """The longest prefix of ``text`` (whole code points) within ``max_bytes`` of UTF-8."""
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    cut = data[:max_bytes].decode("utf-8", errors="ignore")
    # do not leave a dangling combining mark or joiner at the cut
    while cut and (unicodedata.combining(cut[-1]) or cut[-1] in "\u200d\ufe0f"):
        cut = cut[:-1]
    return cut


def _trim(text: str) -> str:
    """No leading dots/dashes (hidden files, command options), no trailing dots/spaces."""
    return text.lstrip(" .-").rstrip(" .")


def clean_stem(text: str, *, max_bytes: int = MAX_COMPONENT_BYTES,
               fallback: str = FALLBACK) -> str:
    """Text made into a safe name (no extension added); ``fallback`` if nothing is left."""
    text = unicodedata.normalize("NFC", str(text))
    text = _SPACES.sub(" ", text)  # line breaks pasted in become spaces
    text = _BAD.sub("_", text)
    text = _trim(text)
    text = _trim(_truncate(text, max_bytes))
    if not text.strip("_ "):
        text = fallback
    if is_reserved(text):
        text = "_" + text
    return _trim(_truncate(text, max_bytes)) or fallback


def name_key(name: str) -> str:
    """When two names are the same file on a case- and normalization-insensitive system."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


class NameAllocator:
    """Hands out file names unique within one folder: "Title.md", "Title (2).md", ..."""

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._used: set[str] = {name_key(n) for n in reserved}

    def allocate(self, text: str, suffix: str = ".md", *,
                 max_bytes: int = MAX_COMPONENT_BYTES) -> str:
        if len(suffix.encode("utf-8")) + 16 > max_bytes:
            raise ValueError("suffix too long")
        room = max_bytes - len(suffix.encode("utf-8"))
        stem = clean_stem(text, max_bytes=room)
        number = 1
        while True:
            counter = "" if number == 1 else f" ({number})"
            base = stem if not counter else (
                _trim(_truncate(stem, room - len(counter))) or FALLBACK) + counter
            name = base + suffix
            if is_reserved(name):  # "CON (2).md" is fine, but be sure
                name = "_" + name
            key = name_key(name)
            if key not in self._used and check_component(name) == name:
                self._used.add(key)
                return name
            number += 1


def check_component(name: str) -> str:
    """Return ``name`` if it is one safe path component, else raise UnsafePathError."""
    if (not name or name in (".", "..") or _BAD.search(name) or name != name.rstrip(" .")
            or len(name.encode("utf-8")) > MAX_COMPONENT_BYTES or is_reserved(name)):
        raise UnsafePathError(f"unsafe file name {name!r}")
    return name


def default_target(folder: Path, name: str, format: str) -> Path:
    """Where to export a collection (or search) called ``name`` inside ``folder`` by default."""
    suffix = {"folder": "", "digest": ".md", "json": ".json", "csv": ".csv"}[format]
    room = MAX_COMPONENT_BYTES - len(suffix)
    return Path(folder) / (clean_stem(name, max_bytes=room, fallback="export") + suffix)
