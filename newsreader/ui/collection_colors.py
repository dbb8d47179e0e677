"""One colour per collection, wherever it shows: the sidebar's dot, the reader's chip.

A collection with a colour of its own (Colour… in its menu) shows that; one without
gets a stable colour from its name, the same in every view and every session.
"""

from __future__ import annotations

import hashlib

#: Colours for collections without one of their own: distinct, readable on light and dark.
PALETTE = ("#4a78c2", "#4f9a4a", "#c27a3e", "#8a5bb0", "#b39b2e", "#3e9a9a", "#c2506b",
           "#6b7f99")


def collection_color(name: str, color: str | None = None) -> str:
    """The collection's own colour, else one picked by a stable hash of its name."""
    if color:
        return color
    digest = hashlib.md5(name.casefold().encode("utf-8")).digest()[0]
    return PALETTE[digest % len(PALETTE)]


def tint(color: str, dark: bool, strength: float = 0.22) -> str:
    """A pale (or, on a dark page, deep) background of ``color`` for text to sit on."""
    try:
        red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    except ValueError:
        return "#808080"
    base = 0x20 if dark else 0xFF
    mix = [round(base + (channel - base) * strength) for channel in (red, green, blue)]
    return "#" + "".join(f"{value:02x}" for value in mix)
