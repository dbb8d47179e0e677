"""The title cell of a story with several copies: its title, then a small "3 copies"
badge at the right end (the title gives way to it; the tooltip names the sources)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from .article_model import COPIES_ROLE, copies_text

#: room around the badge's text, and between the title and the badge (pixels)
PADDING = 5
GAP = 6
#: a title narrower than this keeps the cell to itself (no badge)
NARROWEST_TITLE = 60


class CopiesBadgeDelegate(QStyledItemDelegate):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: the badge's font and metrics, and the title's metrics, by the title font's key
        self._fonts: dict[str, tuple[QFont, QFontMetrics, QFontMetrics]] = {}

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
        text = copies_text(int(index.data(COPIES_ROLE) or 1))
        if not text:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        font, metrics, title_metrics = self._metrics(opt.font)
        width = metrics.horizontalAdvance(text) + 2 * PADDING
        room = opt.rect.width() - width - 2 * GAP - 2 * PADDING
        if room < NARROWEST_TITLE:
            super().paint(painter, option, index)
            return
        opt.text = title_metrics.elidedText(opt.text, Qt.TextElideMode.ElideRight, room)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colour = opt.palette.color(QPalette.ColorRole.HighlightedText if selected
                                   else QPalette.ColorRole.PlaceholderText)
        height = metrics.height() + 2
        badge = QRectF(opt.rect.right() - GAP - width, opt.rect.center().y() - height / 2 + 1,
                       width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        painter.setPen(colour)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
