"""The title cell of a story with several copies: its title, then a small "3 copies"
badge at the right end (the title gives way to it, and a narrow title gets "×3"; the
tooltip names the sources)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from .article_model import COPIES_ROLE, copies_text

#: room around the badge's text, and between the title and the badge (pixels)
PADDING = 5
GAP = 6
#: a title narrower than this keeps the cell to itself (no badge); one narrower than
#: ROOMY_TITLE beside "3 copies" gets the short badge "×3"
NARROWEST_TITLE = 60
ROOMY_TITLE = 160


def badge_fit(count: int, cell: int, metrics: QFontMetrics) -> tuple[str, int, int] | None:
    """The badge for a cell ``cell`` pixels wide: (text, its width, the title's room), with
    "×3" where "3 copies" would crowd the title; None when no badge fits beside it."""
    for text in (copies_text(count), f"×{count}"):
        width = metrics.horizontalAdvance(text) + 2 * PADDING
        room = cell - width - 2 * GAP - 2 * PADDING
        if room >= ROOMY_TITLE:
            break
    return (text, width, room) if room >= NARROWEST_TITLE else None


class CopiesBadgeDelegate(QStyledItemDelegate):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: the badge's font and metrics, and the title's metrics, by the title font's key
        self._fonts: dict[str, tuple[QFont, QFontMetrics, QFontMetrics]] = {}
        self._badges: dict[tuple[str, int, str, float], QPixmap] = {}

    def _metrics(self, title_font: QFont) -> tuple[QFont, QFontMetrics, QFontMetrics]:
        key = title_font.key()
        if key not in self._fonts:
            font = QFont(title_font)
            font.setBold(False)
            font.setPointSizeF(font.pointSizeF() * 0.85)
            self._fonts[key] = (font, QFontMetrics(font), QFontMetrics(title_font))
        return self._fonts[key]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        """Overrides Qt: the cell as usual, its title shortened to leave the badge room."""
        count = int(index.data(COPIES_ROLE) or 1)
        if count < 2:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        font, metrics, title_metrics = self._metrics(opt.font)
        fitted = badge_fit(count, opt.rect.width(), metrics)
        if fitted is None:
            super().paint(painter, option, index)
            return
        text, width, room = fitted
        opt.text = title_metrics.elidedText(opt.text, Qt.TextElideMode.ElideRight, room)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colour = opt.palette.color(QPalette.ColorRole.HighlightedText if selected
                                   else QPalette.ColorRole.PlaceholderText)
        badge = self._badge(text, colour, font, metrics, painter.device().devicePixelRatioF())
        height = metrics.height() + 2
        painter.drawPixmap(QPointF(opt.rect.right() - GAP - width,
                                   opt.rect.center().y() - height / 2 + 1), badge)

    def _badge(self, text: str, colour: QColor, font: QFont, metrics: QFontMetrics,
               ratio: float) -> QPixmap:
        """The badge drawn once (a rounded outline around the text), then reused."""
        key = (text, colour.rgba(), font.key(), ratio)
        pixmap = self._badges.get(key)
        if pixmap is None:
            width, height = metrics.horizontalAdvance(text) + 2 * PADDING, metrics.height() + 2
            pixmap = QPixmap(round(width * ratio), round(height * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setFont(font)
            painter.setPen(colour)
            outline = QRectF(0.5, 0.5, width - 1, height - 1)
            painter.drawRoundedRect(outline, outline.height() / 2, outline.height() / 2)
            painter.drawText(outline, Qt.AlignmentFlag.AlignCenter, text)
            painter.end()
            if len(self._badges) > 256:
                self._badges.clear()
            self._badges[key] = pixmap
        return pixmap
