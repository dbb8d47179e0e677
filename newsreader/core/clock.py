"""The one place that reads the wall clock, so stored times share one format."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    """Now as ISO 8601 UTC with second precision: 2026-11-24T21:16:56Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
