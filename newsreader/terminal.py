"""What the command line prints: text a terminal shows as text, whatever it holds.

Titles, names, notes, paths and error messages come from files, feeds and web pages
that anyone may have written. Printed raw, an ESC or BEL in them is obeyed by the
terminal (it can retitle the window, recolour or hide the text that follows), so
human output passes through :func:`printable`, which drops control characters.
``--json`` output is for programs and escapes them the JSON way instead.

A terminal or pipe whose encoding is not UTF-8 (an old locale, ``PYTHONIOENCODING``)
cannot take every character: human output then shows ``?`` for what it cannot encode
instead of failing, and JSON escapes every non-ASCII character, so it stays valid and
loses nothing. File names that are not valid UTF-8 (Python keeps their bytes as lone
surrogates) are shown as ``\\xff`` escapes, and in JSON as ``\\udcff`` escapes that
``json.loads`` and ``os.fsencode`` turn back into the same bytes.
"""

from __future__ import annotations

import codecs
import io
import json
import sys
from typing import Any, TextIO

#: C0 controls but tab and line feed, DEL, and C1 controls (U+0080-U+009F: terminals
#: that read UTF-8 obey some of them too, e.g. U+009B, the one-character CSI)
_CONTROLS = {code: None for code in (*range(0x00, 0x09), *range(0x0B, 0x20),
                                     *range(0x7F, 0xA0))}
_ONE_LINE = {**_CONTROLS, ord("\n"): " ", ord("\t"): " ", 0x2028: " ", 0x2029: " "}


def printable(text: str, *, lines: bool = False, keep: str = "") -> str:
    """``text`` without the characters a terminal would obey; one line unless ``lines``
    (then line feeds and tabs stay). ``keep`` names control characters to leave in."""
    table = _CONTROLS if lines else _ONE_LINE
    if keep:
        table = {code: value for code, value in table.items() if chr(code) not in keep}
    return _shown_bytes(text).translate(table)


def _shown_bytes(text: str) -> str:
    """Undecodable bytes of a file name (lone surrogates) as ``\\xff`` escapes."""
    if _encodes(text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def configure_streams() -> None:
    """Let stdout and stderr print anything: what their encoding cannot take becomes ``?``."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


def say(text: str, *, lines: bool = False) -> None:
    """One piece of human output on stdout."""
    print(printable(text, lines=lines))


def warn(text: str) -> None:
    """One ``newsreader: ...`` line on stderr."""
    print(f"newsreader: {printable(text)}", file=sys.stderr)


def _takes_utf8(stream: TextIO) -> bool:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
    except LookupError:
        return False


def print_json(data: Any, stream: TextIO | None = None, *, indent: int | None = 2) -> None:
    """``data`` as JSON (indented, or one line with ``indent=None``), valid on any
    stream: all-ASCII where the stream is not UTF-8 or a string holds undecodable
    file-name bytes."""
    stream = stream or sys.stdout
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if not _takes_utf8(stream) or not _encodes(text):
        text = json.dumps(data, ensure_ascii=True, indent=indent)
    stream.write(text + "\n")


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

