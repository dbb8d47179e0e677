"""The reader pane: one article, typeset for reading, with entity highlights.

Stored articles come from anywhere, so the pane is deliberately inert: it never
follows a link itself (the app decides, in ``on_anchor_clicked``), and it never
loads a resource (``loadResource`` answers nothing for every URL), so an image or
stylesheet in stored content can neither phone home nor read local files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl, Signal, Slot
from PySide6.QtGui import (
    QContextMenuEvent,
    QDesktopServices,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from ..core.entities.labels import DEFAULT_VISIBLE, label
from ..core.models import Article, Mention, Suggestion, SuggestionRow
from .reader_html import render_article, render_empty, render_welcome

#: Blank space around the text, and the widest line we allow, in average characters.
DOCUMENT_MARGIN = 24
MEASURE_CHARS = 74
#: Body text is a little larger than the UI font.
FONT_SCALE = 1.1


def open_in_browser(url: QUrl) -> bool:
    """Hand a web link to the system browser (tests replace this)."""
    return QDesktopServices.openUrl(url)


class ReaderView(QTextBrowser):
    """Shows one article; links and label toggles are turned into signals."""

    entity_clicked = Signal(int)
    #: an entity was Ctrl+clicked: open its page
    entity_page_requested = Signal(int)
    #: an entity was right-clicked: (its id, where on the screen) for its menu
    entity_menu_requested = Signal(int, QPoint)
    #: a suggested collection's "+" was clicked: add the article to it
    suggestion_accepted = Signal(str)
    #: Accept (True) or Reject (False) of a learning collection's suggestion: (collection, accept)
    suggestion_decided = Signal(str, bool)
    #: an article is shown (again, after a change too): its id
    article_shown = Signal(int)
    #: "Fetch full article" was clicked for the shown article
    full_text_requested = Signal(int)
    link_refused = Signal(str)
    labels_changed = Signal(frozenset)
    #: a link of the empty library's page: "import", "add-feed" or "sample"
    action_requested = Signal(str)
    #: a copy named under "Also reported by" was clicked (its article id)
    copy_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * FONT_SCALE)
        self.document().setDefaultFont(font)
        self.document().setDocumentMargin(DOCUMENT_MARGIN)
        self._article: Article | None = None
        self._mentions: list[Mention] = []
        self._mention_counts: dict[int, int] | None = None
        self._visible: frozenset[str] = DEFAULT_VISIBLE
        self._message = "Select an article to read it"
        self._count_provider: Callable[[int], int] | None = None
        self._collection_notes: list[tuple[str, str]] = []
        self._suggestions: list[Suggestion] = []
        self._copies: list[tuple[int, str]] = []
        self._learned: list[SuggestionRow] = []
        self._search_terms: tuple[str, ...] = ()
        self._tag_colors: dict[str, str | None] = {}
        self._welcome: bool | None = None  # read_only, while the empty library's page shows
        self._click_modifiers = Qt.KeyboardModifier.NoModifier
        self.anchorClicked.connect(self.on_anchor_clicked)
        self._render()

    # -- public API -------------------------------------------------------------------
    def set_count_provider(self, provider: Callable[[int], int] | None) -> None:
        """How to learn, on hover, how many articles mention an entity.

        Asked one entity at a time when the pointer rests on it, so opening an
        article never waits for counts over a whole library.
        """
        self._count_provider = provider

    def set_extras(self, *, collection_notes: list[tuple[str, str]] | None = None,
                   suggestions: list[Suggestion] | None = None,
                   learned: list[SuggestionRow] | None = None) -> None:
        """Notes from the article's collections and suggested collections, shown in place;
        ``learned``: what learning collections suggested it for, to accept or reject."""
        if collection_notes is not None:
            self._collection_notes = collection_notes
        if suggestions is not None:
            self._suggestions = suggestions
        if learned is not None:
            self._learned = learned
        if self._article is not None:
            self._rerender()

    def set_text_size(self, points: float) -> None:
        font = self.document().defaultFont()
        font.setPointSizeF(points)
        self.document().setDefaultFont(font)
        self._render()

    def entity_tooltip(self, entity_id: int) -> str | None:
        mention = next((m for m in self._mentions if m.entity_id == entity_id), None)
        if mention is None:
            return None
        tip = f"{mention.text} — {label(mention.label).name.lower()}"
        if self._count_provider is not None:
            count = self._count_provider(entity_id)
            tip += f"\nmentioned in {count:,} article{'s' * (count != 1)}; click to list them"
        return tip + "\nCtrl+click: its page; right-click: correct it"

    def viewportEvent(self, event: QEvent) -> bool:
        """Overrides Qt: an entity's tooltip says its type and how many articles mention it."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            anchor = self.anchorAt(event.pos())
            if anchor.startswith("entity:") and anchor[7:].isdigit():
                tip = self.entity_tooltip(int(anchor[7:]))
                if tip:
                    QToolTip.showText(event.globalPos(), tip, self.viewport())
                    return True
        return super().viewportEvent(event)

    def show_article(self, article: Article, mentions: list[Mention],
                     mention_counts: dict[int, int] | None = None, *,
                     keep_position: bool = False,
                     collection_notes: list[tuple[str, str]] | None = None,
                     search_terms: Sequence[str] | None = None,
                     copies: Sequence[tuple[int, str]] | None = None) -> None:
        """Show an article from the top (or where the reader was, when it is refreshed);
        ``search_terms`` are marked in its text; ``copies`` (id, where from) are the
        story's other copies, each a link."""
        if self._article is None or self._article.id != article.id:
            self._collection_notes, self._suggestions, self._copies = [], [], []
            self._learned = []
        if collection_notes is not None:
            self._collection_notes = collection_notes
        if copies is not None:
            self._copies = list(copies)
        if search_terms is not None:
            self._search_terms = tuple(search_terms)
        self._welcome = None
        self._article = article
        self._mentions = list(mentions)
        self._mention_counts = mention_counts
        if keep_position:
            self._rerender()
        else:
            self._render()
            self.verticalScrollBar().setValue(0)
        self.article_shown.emit(article.id)

    def show_message(self, text: str) -> None:
        """Show a placeholder such as 'No article selected' instead of an article."""
        self._article = None
        self._mentions = []
        self._mention_counts = None
        self._message = text
        self._welcome = None
        self._render()

    def show_welcome(self, *, read_only: bool) -> None:
        """The empty library's page: the ways to fill it, each one click away."""
        self.show_message("")
        self._welcome = read_only
        self._render()

    def set_search_terms(self, terms: Sequence[str]) -> None:
        """Mark these words in the text shown (the search box changed)."""
        terms = tuple(terms)
        if terms != self._search_terms:
            self._search_terms = terms
            if self._article is not None:
                self._rerender()

    def set_tag_colors(self, colors: dict[str, str | None]) -> None:
        """The collections' own colours, for the chips (as the sidebar shows them)."""
        if colors != self._tag_colors:
            self._tag_colors = dict(colors)
            if self._article is not None and self._article.tags:
                self._rerender()

    def learned_suggestions(self) -> list[SuggestionRow]:
        """The learning collections' suggestions shown for the article."""
        return list(self._learned)

    def current_article_id(self) -> int | None:
        return self._article.id if self._article is not None else None

    def article(self) -> Article | None:
        """The article shown, as it was when shown."""
        return self._article

    def mentions(self) -> list[Mention]:
        return list(self._mentions)

    def visible_labels(self) -> frozenset[str]:
        return self._visible

    def set_visible_labels(self, labels: frozenset[str]) -> None:
        """Choose which entity types are highlighted (no labels_changed: the caller knows)."""
        labels = frozenset(labels)
        if labels != self._visible:
            self._visible = labels
            self._rerender()

    def page_down(self) -> bool:
        """Scroll one page, keeping two lines of context; False if already at the bottom."""
        bar = self.verticalScrollBar()
        if bar.value() >= bar.maximum():
            return False
        overlap = 2 * self.fontMetrics().lineSpacing()
        bar.setValue(bar.value() + max(bar.pageStep() - overlap, bar.singleStep()))
        return True

    def is_dark(self) -> bool:
        """Whether the palette is dark, which picks the highlight colours."""
        return self.palette().color(QPalette.ColorRole.Window).lightness() < 128

    # -- links ------------------------------------------------------------------------
    @Slot(QUrl)
    def on_anchor_clicked(self, url: QUrl) -> None:
        """Route a clicked link: web to the browser, entity/label to us, the rest refused."""
        scheme = url.scheme().lower()
        if scheme in ("http", "https") and url.host():
            open_in_browser(url)
        elif scheme == "entity" and url.path().isdigit():
            if self._click_modifiers & Qt.KeyboardModifier.ControlModifier:
                self.entity_page_requested.emit(int(url.path()))
            else:
                self.entity_clicked.emit(int(url.path()))
        elif scheme == "label" and url.path():
            self._toggle_label(url.path())
        elif scheme == "fetch" and self._article is not None:
            self.full_text_requested.emit(self._article.id)
        elif scheme in ("accept", "reject") and url.path() and self._article is not None:
            self.suggestion_decided.emit(url.path(), scheme == "accept")
        elif scheme == "suggest" and url.path():
            self.suggestion_accepted.emit(url.path())  # QUrl decodes the quoted name
        elif scheme == "action" and url.path() in ("import", "add-feed", "sample"):
            self.action_requested.emit(url.path())
        elif scheme == "copy" and url.path().isdigit():
            self.copy_clicked.emit(int(url.path()))
        else:
            self.link_refused.emit(url.toString())

    def _toggle_label(self, code: str) -> None:
        self._visible = self._visible ^ {code}
        self._rerender()
        self.labels_changed.emit(self._visible)

    # -- Qt overrides -----------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Overrides Qt: remember the modifiers of the click that may follow a link."""
        self._click_modifiers = event.modifiers()
        try:
            super().mouseReleaseEvent(event)
        finally:
            self._click_modifiers = Qt.KeyboardModifier.NoModifier

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Overrides Qt: right-clicking an entity offers its page and its corrections."""
        anchor = self.anchorAt(event.pos())
        if anchor.startswith("entity:") and anchor[7:].isdigit() and int(anchor[7:]) > 0:
            self.entity_menu_requested.emit(int(anchor[7:]), event.globalPos())
            event.accept()
            return
        super().contextMenuEvent(event)

    def loadResource(self, type: int, name: QUrl | str) -> object:  # Qt's name
        """Overrides Qt: load nothing, ever, so stored content cannot fetch resources."""
        return None

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Overrides Qt: keep the text column at a readable measure, centred."""
        super().resizeEvent(event)
        self._apply_measure()

    def changeEvent(self, event: QEvent) -> None:
        """Overrides Qt: re-render when the palette flips between light and dark."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._rerender()

    # -- rendering --------------------------------------------------------------------
    def _render(self) -> None:
        if self._welcome is not None:
            html = render_welcome(read_only=self._welcome, dark=self.is_dark())
        elif self._article is None:
            html = render_empty(self._message)
        else:
            html = render_article(self._article, self._mentions, visible_labels=self._visible,
                                  dark=self.is_dark(), mention_counts=self._mention_counts,
                                  text_color=self.palette().color(QPalette.ColorRole.Text).name(),
                                  collection_notes=self._collection_notes,
                                  suggestions=self._suggestions,
                                  learned=self._learned,
                                  search_terms=self._search_terms,
                                  tag_colors=self._tag_colors, copies=self._copies)
        self.setHtml(html)
        self._apply_measure()

    def _rerender(self) -> None:
        """Render again in place, keeping the reader's scroll position."""
        position = self.verticalScrollBar().value()
        self._render()
        self.verticalScrollBar().setValue(position)

    def _apply_measure(self) -> None:
        """Widen the side margins so lines stay near MEASURE_CHARS characters."""
        metrics = QFontMetricsF(self.document().defaultFont())
        measure = metrics.averageCharWidth() * MEASURE_CHARS
        side = max(float(DOCUMENT_MARGIN), (self.viewport().width() - measure) / 2)
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        if abs(fmt.leftMargin() - side) < 0.5 and abs(fmt.rightMargin() - side) < 0.5:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        root.setFrameFormat(fmt)
