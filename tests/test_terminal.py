"""What the command line prints is text, never terminal commands."""

from __future__ import annotations

from newsreader.terminal import printable


def test_printable_keeps_lines_only_when_asked() -> None:
    assert printable("a\x1b[31mb\x07\nc\td\r") == "a[31mb c d"
    assert printable("a\nb\tc\x00", lines=True) == "a\nb\tc"
    assert printable("x\x02hit\x03", keep="\x02\x03") == "x\x02hit\x03"
