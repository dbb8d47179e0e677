"""``python -m newsreader``: the same entry point as the ``newsreader`` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
