"""The feeds tables are created by schema step 4 (store/schema.py); re-exported here for
code that needs the statements themselves."""

from __future__ import annotations

from ..store.schema import _V4 as FEEDS_MIGRATION

__all__ = ["FEEDS_MIGRATION"]
