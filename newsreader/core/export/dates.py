"""Dates as every export writes them: ISO 8601, whatever form the library holds.

Importers store ``published_at`` normalised ("2024-03-01T09:30:00Z" in UTC, or
"2024-03-01" when only the day is known), but a date edited in place, or written
into the file by another program, or by an older version of the app, may carry an
offset ("+09:00") or another form ("Fri, 01 Mar 2024 09:30:00 GMT"). An export
reads each date through the importers' own parser, so that one column of a CSV
sorts as dates and a re-import gets back what it wrote.
"""

from __future__ import annotations

import dataclasses

from ..ingest.normalize import parse_date
from ..models import Article


def iso(value: str | None) -> str | None:
    """The date in ISO 8601 (UTC when it has a time); None when it is not a date."""
    return parse_date(value) if value else None


def with_iso_dates(article: Article) -> Article:
    """The article with ``published_at`` and ``added_at`` in ISO 8601 (a date that
    cannot be read is left out of ``published_at``, kept as it is in ``added_at``)."""
    return dataclasses.replace(article, published_at=iso(article.published_at),
                               added_at=iso(article.added_at) or article.added_at)


def day_parts(value: str | None) -> list[int]:
    """[year, month, day] of an ISO date, as CSL and BibTeX want them; [] when none."""
    if not value:
        return []
    return [int(part) for part in value[:10].split("-")]
