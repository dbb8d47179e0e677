"""Network access: one small HTTP client with hard limits (no Qt, no SQLite)."""

from __future__ import annotations

from .http import DEFAULT_DEADLINE, DEFAULT_MAX_BYTES, FetchError, FetchResult, check_url, fetch

__all__ = ["DEFAULT_DEADLINE", "DEFAULT_MAX_BYTES", "FetchError", "FetchResult", "check_url",
           "fetch"]
