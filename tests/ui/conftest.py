"""UI tests collect garbage on the GUI thread, as the app does (newsreader.ui.collector).

Objects of one test freed by a later one's worker thread would destroy Qt objects
outside their thread: each test ends with a collection here instead.
"""

from __future__ import annotations

import gc

import pytest


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(qtbot):
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        qtbot.wait(1)  # deleteLater() of the test's widgets happens here
        gc.collect()
    finally:
        if was_enabled:
            gc.enable()
