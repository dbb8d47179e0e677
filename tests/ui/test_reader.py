"""The reader pane: escaping, inert links, no resource loading, highlights, paging."""

from __future__ import annotations

import html
import re

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QPalette, QTextDocument

from newsreader.core.entities.labels import DEFAULT_VISIBLE, LABELS
from newsreader.core.library import Library
from newsreader.core.models import Article, Mention
from newsreader.ui import reader as reader_module
from newsreader.ui.reader import ReaderView
from newsreader.ui.reader_html import (
    format_date,
    is_web_url,
    paragraph_spans,
    render_article,
    render_empty,
    usable_mentions,
)

from ..conftest import draft

BODY = "Talks in Detroit.\n\nSamsung met Wang Wentao there.\nThen they left."
SAMSUNG = BODY.index("Samsung")
WANG = BODY.index("Wang Wentao")
DETROIT = BODY.index("Detroit")
#: plain() parses markup with a QTextDocument, which needs an application for fonts.
pytestmark = pytest.mark.usefixtures("qapp")

NASTY_BODY = 'Before <img src="http://evil/x.png"> after <script>alert(1)</script>.'


def make_article(**fields: object) -> Article:
    values: dict[str, object] = {
        "id": 7, "title": "Chip talks", "source": "Wire", "author": "Jane Roe",
        "url": "https://example.com/a", "published_at": "2023-05-28T09:30:00Z",
        "added_at": "2023-05-29T00:00:00Z", "is_read": False, "is_starred": False,
        "note": "", "tags": [], "body_text": BODY,
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


def mentions() -> list[Mention]:
    return [
        Mention(DETROIT, DETROIT + 7, "Detroit", "GPE", 1),
        Mention(SAMSUNG, SAMSUNG + 7, "Samsung", "ORG", 2),
        Mention(WANG, WANG + 11, "Wang Wentao", "PERSON", 3),
    ]


def render(article: Article | None = None, found: list[Mention] | None = None, *,
           visible: frozenset[str] = DEFAULT_VISIBLE, dark: bool = False,
           counts: dict[int, int] | None = None) -> str:
    return render_article(article or make_article(), mentions() if found is None else found,
                          visible_labels=visible, dark=dark, mention_counts=counts)


def anchor_texts(markup: str) -> dict[str, str]:
    """href -> the text inside each <a> of rendered markup."""
    return {href: html.unescape(text)
            for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', markup, re.S)}


def plain(markup: str) -> str:
    """What a reader would see, roughly: markup parsed by Qt, as plain text."""
    doc = QTextDocument()
    doc.setHtml(markup)
    return doc.toPlainText()


@pytest.fixture
def reader(qtbot) -> ReaderView:
    view = ReaderView()
    qtbot.addWidget(view)
    return view


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def fake_open(url: QUrl) -> bool:
        calls.append(url.toString())
        return True

    monkeypatch.setattr(reader_module, "open_in_browser", fake_open)
    return calls


# -- render_article (pure) ----------------------------------------------------------------
def test_every_field_is_escaped() -> None:
    article = make_article(title="<script>alert(1)</script>", source='<b onclick="x">S</b>',
                           author="A & B", tags=["<i>t</i>"], note="<img src=x>",
                           body_text=NASTY_BODY)
    markup = render(article, [])
    assert "<script" not in markup and "<img" not in markup
    assert "<b " not in markup and "<i>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&lt;img src=&quot;http://evil/x.png&quot;&gt;" in markup
    assert "A &amp; B" in markup
    text = plain(markup)
    for literal in ("<script>alert(1)</script>", NASTY_BODY, "<i>t</i>", '<b onclick="x">S</b>'):
        assert literal in text


def test_header_has_metadata_and_original_link() -> None:
    text = plain(render())
    assert "Chip talks" in text
    assert "Wire" in text and "Jane Roe" in text and "28 May 2023" in text
    assert "09:30" not in text
    assert anchor_texts(render())["https://example.com/a"].startswith("Open original")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x/y",
                                 "/relative/path", "", None, "http://"])
def test_original_link_only_for_web_urls(url: str | None) -> None:
    markup = render(make_article(url=url))
    assert "Open original" not in markup
    assert not is_web_url(url)


def test_missing_metadata_is_skipped() -> None:
    text = plain(render(make_article(source=None, author=None, published_at=None, url=None)))
    assert "None" not in text and "·" not in text


@pytest.mark.parametrize(("value", "expected"), [
    ("2023-05-28T09:30:00Z", "28 May 2023"),
    ("2023-05-28T23:30:00+09:00", "28 May 2023"),
    ("2023-05-28", "28 May 2023"),
    ("2024-01-02 08:00:00", "2 January 2024"),
    ("yesterday", "yesterday"),
    (None, None),
    ("  ", None),
])
def test_format_date(value: str | None, expected: str | None) -> None:
    assert format_date(value) == expected


def test_tags_are_chips_and_note_is_shown() -> None:
    markup = render(make_article(tags=["chips", "korea"], note="Check the\nfigures"))
    assert re.search(r'<span style="background-color:#[0-9a-f]{6}; font-size: small">&nbsp;'
                     r'<span style="color:#[0-9a-f]{6}">●</span>&nbsp;chips&nbsp;</span>', markup)
    assert "Check the<br>figures" in markup
    assert "Note" in plain(markup)


def test_paragraphs_split_on_blank_lines_and_keep_offsets() -> None:
    text = "  First para.\n\n \nSecond line one\nline two.  \n\nThird."
    spans = paragraph_spans(text)
    assert [text[a:b] for a, b in spans] == ["First para.", "Second line one\nline two.", "Third."]
    markup = render(make_article(body_text=text), [])
    assert markup.count('<p style="line-height: 140%') == 3
    assert "Second line one<br>line two." in markup


def test_long_single_lines_are_paragraphs_but_hard_wraps_are_not() -> None:
    long_lines = ("x" * 120) + "\n" + ("y" * 120)
    assert len(paragraph_spans(long_lines)) == 2
    wrapped = "short line\nanother short line"
    assert paragraph_spans(wrapped) == [(0, len(wrapped))]
    assert paragraph_spans("") == [] and paragraph_spans("\n\n  \n") == []


def test_highlight_wraps_exactly_the_mention() -> None:
    markup = render(counts={2: 5, 3: 1})
    anchors = anchor_texts(markup)
    assert anchors["entity:1"] == "Detroit"
    assert anchors["entity:2"] == "Samsung"
    assert anchors["entity:3"] == "Wang Wentao"
    assert 'title="Organisations — mentioned in 5 articles"' in markup
    assert 'title="People — mentioned in 1 article"' in markup
    assert f"background-color:{LABELS['ORG'].light}; " in markup
    assert "text-decoration: none" in markup


def test_dark_palette_uses_dark_colours() -> None:
    markup = render(dark=True)
    assert f"background-color:{LABELS['ORG'].dark}; " in markup
    assert LABELS["ORG"].light not in markup


def test_hidden_labels_are_not_highlighted_and_legend_shows_them_struck() -> None:
    markup = render(visible=DEFAULT_VISIBLE - {"ORG"})
    anchors = anchor_texts(markup)
    assert "entity:2" not in anchors and anchors["entity:3"] == "Wang Wentao"
    assert anchors["label:ORG"] == "Organisations"
    assert re.search(r'href="label:ORG"[^>]*line-through', markup)
    assert not re.search(r'href="label:PERSON"[^>]*line-through', markup)
    assert "Samsung met Wang Wentao there." in plain(markup)


def test_legend_counts_labels_in_this_article_only() -> None:
    found = [*mentions(), Mention(WANG + 5, WANG + 11, "Wentao", "PERSON", 4)]
    text = plain(render(found=found))
    assert "People 1" in text and "Places 1" in text and "Organisations 1" in text
    assert "Dates" not in text
    assert "People" not in plain(render(found=[]))


BAD_MENTIONS = [
    Mention(-3, 2, "x", "ORG", 9),                       # before the text
    Mention(len(BODY) - 2, len(BODY) + 40, "x", "ORG", 9),  # past the end
    Mention(10, 10, "", "ORG", 9),                       # empty
    Mention(12, 5, "x", "ORG", 9),                       # reversed
    Mention(DETROIT, SAMSUNG + 3, "x", "ORG", 9),        # across paragraphs
    Mention(SAMSUNG + 2, SAMSUNG + 9, "x", "PERSON", 8),  # overlaps Samsung
    Mention(SAMSUNG, SAMSUNG + 7, "Samsung", "ORG", 2),  # duplicate
]


def test_bad_mentions_are_skipped_without_corrupting_text() -> None:
    found = [*mentions(), *BAD_MENTIONS]
    markup = render(found=found)
    anchors = anchor_texts(markup)
    assert "entity:9" not in anchors and "entity:8" not in anchors
    assert anchors["entity:2"] == "Samsung"
    text = plain(markup)
    assert "Talks in Detroit." in text
    assert "Samsung met Wang Wentao there.\nThen they left." in text
    kept = usable_mentions(found, BODY, paragraph_spans(BODY))
    assert [(m.start, m.end) for m in kept] == [(m.start, m.end) for m in mentions()]


def test_mention_across_a_soft_line_break_is_kept() -> None:
    start = BODY.index("there.")
    end = BODY.index("Then") + 4
    markup = render(found=[Mention(start, end, "there. Then", "EVENT", 5)])
    assert anchor_texts(markup)["entity:5"] == "there.<br>Then"


def test_render_empty_escapes_the_message() -> None:
    markup = render_empty("No <b>article</b> selected")
    assert "No &lt;b&gt;article&lt;/b&gt; selected" in markup
    assert plain(markup).strip() == "No <b>article</b> selected"


# -- ReaderView -----------------------------------------------------------------------------
def test_view_shows_article_text_literally(reader: ReaderView) -> None:
    article = make_article(title="<script>alert(1)</script>", body_text=NASTY_BODY,
                           tags=['<img src="http://evil/t.png">'])
    reader.show_article(article, [])
    assert "<script>alert(1)</script>" in reader.toPlainText()
    assert NASTY_BODY in reader.toPlainText()
    assert "<img" not in reader.toHtml()
    assert reader.current_article_id() == 7


def test_view_starts_empty_and_shows_messages(reader: ReaderView) -> None:
    assert reader.current_article_id() is None
    assert "Select an article" in reader.toPlainText()
    reader.show_article(make_article(), mentions())
    reader.show_message("No article selected")
    assert reader.current_article_id() is None
    assert reader.toPlainText().strip() == "No article selected"


def test_links_are_never_followed_by_the_widget(reader: ReaderView) -> None:
    assert not reader.openLinks() and not reader.openExternalLinks()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)",
                                 "data:text/html,<b>x</b>", "ftp://example.com/f",
                                 "relative/page.html", "http:no-host", "entity:abc", "label:"])
def test_other_links_are_refused(qtbot, reader: ReaderView, opened: list[str], url: str) -> None:
    reader.show_article(make_article(), mentions())
    before = reader.toHtml()
    with qtbot.waitSignal(reader.link_refused, timeout=1000) as blocker:
        reader.anchorClicked.emit(QUrl(url))
    assert blocker.args == [QUrl(url).toString()]
    assert opened == []
    assert reader.toHtml() == before


def test_web_links_open_in_the_browser(qtbot, reader: ReaderView, opened: list[str]) -> None:
    reader.show_article(make_article(), mentions())
    with qtbot.assertNotEmitted(reader.link_refused):
        reader.anchorClicked.emit(QUrl("https://example.com/a"))
        reader.anchorClicked.emit(QUrl("http://example.org/b?c=1"))
    assert opened == ["https://example.com/a", "http://example.org/b?c=1"]
    assert reader.current_article_id() == 7


def test_entity_links_emit_the_entity_id(qtbot, reader: ReaderView, opened: list[str]) -> None:
    reader.show_article(make_article(), mentions())
    with qtbot.waitSignal(reader.entity_clicked, timeout=1000) as blocker:
        reader.anchorClicked.emit(QUrl("entity:2"))
    assert blocker.args == [2]
    assert opened == []


def test_label_links_toggle_that_type(qtbot, reader: ReaderView) -> None:
    reader.show_article(make_article(), mentions())
    assert 'href="entity:2"' in reader.toHtml()
    with qtbot.waitSignal(reader.labels_changed, timeout=1000) as blocker:
        reader.anchorClicked.emit(QUrl("label:ORG"))
    assert blocker.args == [DEFAULT_VISIBLE - {"ORG"}]
    assert reader.visible_labels() == DEFAULT_VISIBLE - {"ORG"}
    assert 'href="entity:2"' not in reader.toHtml()
    assert 'href="entity:3"' in reader.toHtml()
    reader.anchorClicked.emit(QUrl("label:ORG"))
    assert reader.visible_labels() == DEFAULT_VISIBLE
    assert 'href="entity:2"' in reader.toHtml()


def test_set_visible_labels_rerenders_quietly(qtbot, reader: ReaderView) -> None:
    reader.show_article(make_article(), mentions())
    with qtbot.assertNotEmitted(reader.labels_changed):
        reader.set_visible_labels(frozenset({"GPE"}))
    assert reader.visible_labels() == frozenset({"GPE"})
    markup = reader.toHtml()
    assert 'href="entity:1"' in markup and 'href="entity:3"' not in markup


@pytest.mark.parametrize("url", ["http://evil/x.png", "file:///etc/passwd", "x.css",
                                 "data:image/png;base64,iVBORw0KGgo="])
def test_no_resource_is_ever_loaded(reader: ReaderView, url: str) -> None:
    for kind in (QTextDocument.ResourceType.ImageResource,
                 QTextDocument.ResourceType.StyleSheetResource):
        assert reader.loadResource(int(kind.value), QUrl(url)) is None


def test_bad_mentions_do_not_crash_the_view(reader: ReaderView) -> None:
    reader.show_article(make_article(), [*BAD_MENTIONS, *mentions()])
    assert "Samsung met Wang Wentao there." in reader.toPlainText()


def test_dark_palette_is_followed(reader: ReaderView) -> None:
    reader.show_article(make_article(), mentions())
    assert LABELS["ORG"].light in reader.toHtml()
    palette = reader.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    reader.setPalette(palette)
    assert reader.is_dark()
    markup = reader.toHtml()
    assert LABELS["ORG"].dark in markup and LABELS["ORG"].light not in markup
    assert "#eeeeee" in markup  # highlights keep the palette's text colour, not link blue


def test_page_down_stops_at_the_bottom(qtbot, reader: ReaderView) -> None:
    reader.resize(320, 240)
    reader.show()
    qtbot.waitExposed(reader)
    reader.show_article(make_article(body_text="One short line."), [])
    assert reader.page_down() is False
    long_body = "\n\n".join(f"Paragraph {n} " + "words " * 40 for n in range(30))
    reader.show_article(make_article(body_text=long_body), [])
    assert reader.verticalScrollBar().value() == 0
    assert reader.page_down() is True
    assert reader.verticalScrollBar().value() > 0
    pages = 1
    while reader.page_down():
        pages += 1
        assert pages < 500
    assert reader.verticalScrollBar().value() == reader.verticalScrollBar().maximum()


def test_lines_keep_a_readable_measure_in_a_wide_pane(qtbot, reader: ReaderView) -> None:
    reader.resize(1400, 600)
    reader.show()
    qtbot.waitExposed(reader)
    reader.show_article(make_article(body_text="word " * 400), [])
    block = reader.document().begin()
    longest = 0
    while block.isValid():
        layout = block.layout()
        longest = max(
            [longest, *(layout.lineAt(i).textLength() for i in range(layout.lineCount()))]
        )
        block = block.next()
    assert 50 <= longest <= 85


def test_shows_a_stored_article(reader: ReaderView, library: Library) -> None:
    report = library.import_drafts([draft(1, body_text=BODY)])
    article_id = report.added_ids[0]
    library.set_mentions(article_id, [(SAMSUNG, SAMSUNG + 7, "Samsung", "ORG")])
    reader.show_article(library.article(article_id), library.mentions(article_id))
    assert reader.current_article_id() == article_id
    anchors = anchor_texts(render_article(library.article(article_id), library.mentions(article_id),
                                          visible_labels=DEFAULT_VISIBLE, dark=False))
    assert "Samsung" in anchors.values()
    assert "Semiconductor" not in reader.toPlainText()
    assert "Samsung met Wang Wentao there." in reader.toPlainText()


def test_unsaved_mentions_are_coloured_but_not_links() -> None:
    markup = render(found=[Mention(SAMSUNG, SAMSUNG + 7, "Samsung", "ORG")])
    assert "entity:" not in markup
    assert re.search(r'<span title="Organisations" style="background-color:[^"]*">Samsung</span>',
                     markup)
