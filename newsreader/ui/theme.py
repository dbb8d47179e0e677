"""Light and dark palettes that follow the system's colour scheme."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEME_ENV = "NEWSREADER_THEME"  # "dark" or "light" overrides the system


def wants_dark(app: QApplication) -> bool:
    forced = os.environ.get(THEME_ENV, "").lower()
    if forced in ("dark", "light"):
        return forced == "dark"
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, color in (
        (roles.Window, "#2b2d30"), (roles.WindowText, "#e6e6e6"), (roles.Base, "#1f2023"),
        (roles.AlternateBase, "#26282b"), (roles.ToolTipBase, "#3a3d41"),
        (roles.ToolTipText, "#e6e6e6"), (roles.Text, "#e6e6e6"), (roles.Button, "#33363a"),
        (roles.ButtonText, "#e6e6e6"), (roles.BrightText, "#ff6b6b"), (roles.Link, "#7ab4ff"),
        (roles.Highlight, "#3d6fb6"), (roles.HighlightedText, "#ffffff"),
        (roles.PlaceholderText, "#8a8d91"),
    ):
        palette.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.Text, roles.ButtonText, roles.WindowText):
        palette.setColor(disabled, role, QColor("#7a7d81"))
    return palette


def apply_theme(app: QApplication) -> None:
    """Fusion everywhere (consistent on every desktop), dark when the system is dark."""
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if wants_dark(app) else app.style().standardPalette())


def follow_system(app: QApplication) -> None:
    apply_theme(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
