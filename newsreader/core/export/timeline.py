"""A collection's timeline: how many of its stories appeared each week, as a small SVG.

The digest carries it inline (a ``data:`` image), so that one file is still the whole
export: Pandoc puts the picture in the DOCX or ODT it makes, a browser shows it, and
no second file beside the digest can be left behind or clash with one of the user's.
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

_BAR = 8  # width of a week's bar, with its gap, at most
_MIN_PLOT = 240  # wide enough for the first and last dates under the bars
_HEIGHT = 80  # of the tallest bar
_MARGIN = 24  # below the bars for the dates, and beside them for the counts
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


def week_of(day: date) -> date:
    """The Monday of the ISO week ``day`` is in."""
    return day - timedelta(days=day.weekday())


def weekly_counts(days: Iterable[str | None]) -> list[tuple[date, int]]:
    """(Monday, stories that week) from the first week to the last, empty weeks included;
    ``days`` are ISO dates or times ("2024-03-01", "2024-03-01T10:00:00Z"), None unknown."""
    counts: Counter[date] = Counter()
    for text in days:
        try:
            counts[week_of(date.fromisoformat((text or "")[:10]))] += 1
        except ValueError:
            continue
    if not counts:
        return []
    first, last = min(counts), max(counts)
    return [(first + timedelta(weeks=n), counts.get(first + timedelta(weeks=n), 0))
            for n in range((last - first).days // 7 + 1)]


def timeline_svg(weeks: list[tuple[date, int]], color: str | None = None) -> str:
    """A bar a week (its count as a tooltip), the first and last weeks' dates under them
    and the largest count beside them."""
    most = max((count for _, count in weeks), default=0) or 1
    fill = color if color and _COLOR.fullmatch(color) else "#4a6fa5"
    plot = max(_MIN_PLOT, len(weeks) * _BAR)
    bar = plot / max(1, len(weeks))
    width, height = _MARGIN + plot + _MARGIN, _HEIGHT + _MARGIN + 8
    base = _HEIGHT + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10">',
             f'<text x="{_MARGIN - 4}" y="14" text-anchor="end">{most}</text>',
             f'<line x1="{_MARGIN}" y1="{base}" x2="{width - _MARGIN}" y2="{base}" '
             'stroke="#888"/>']
    for n, (monday, count) in enumerate(weeks):
        tall = round(count / most * (_HEIGHT - 4))
        parts.append(f'<rect x="{_MARGIN + n * bar + bar * 0.1:.1f}" y="{base - tall}" '
                     f'width="{bar * 0.8:.1f}" height="{tall}" fill="{fill}">'
                     f"<title>{monday.isoformat()}: {count}</title></rect>")
    if weeks:
        parts.append(f'<text x="{_MARGIN}" y="{base + 14}">{weeks[0][0].isoformat()}</text>')
    if len(weeks) > 1:
        parts.append(f'<text x="{width - _MARGIN}" y="{base + 14}" text-anchor="end">'
                     f"{weeks[-1][0].isoformat()}</text>")
    parts.append("</svg>")
    return "".join(parts)


def timeline_image(days: Iterable[str | None], color: str | None = None) -> str:
    """The Markdown image of the timeline (an inline SVG), or "" when no story has a date."""
    weeks = weekly_counts(days)
    if not weeks:
        return ""
    data = base64.b64encode(timeline_svg(weeks, color).encode("utf-8")).decode("ascii")
    total = sum(count for _, count in weeks)
    span = (f"the week of {weeks[0][0].isoformat()}" if len(weeks) == 1 else
            f"{len(weeks)} weeks from {weeks[0][0].isoformat()}")
    return f"![Stories per week: {total} in {span}](data:image/svg+xml;base64,{data})"
