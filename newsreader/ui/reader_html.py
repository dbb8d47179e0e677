"""The reader pane's HTML, built as a pure function so it can be tested without Qt.

QTextBrowser renders only Qt's rich-text subset of HTML 4 / CSS 2: inline spans
with a background colour, font sizes, ``line-height`` as a percentage and
tables work; padding on spans, ``border-radius`` and ``max-width`` do not. The
readable measure is therefore set by the widget (frame margins), not here.

Everything that comes from an article is escaped: stored text is data, never
markup, so a title of ``<script>`` or a body holding ``<img src=...>`` shows as
literal characters and no element from the content can reach the document.
Mention offsets index ``body_text`` exactly, so the body is split into
paragraphs by offset and every highlight wraps exactly ``body_text[start:end]``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from html import escape
from urllib.parse import quote, urlsplit

from ..core.entities.labels import LABELS
from ..core.entities.labels import label as label_for
from ..core.models import Article, Mention, Suggestion, SuggestionRow
from .collection_colors import collection_color, tint

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")

#: Paragraphs are separated by a blank line (whitespace-only lines count as blank).
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NEWLINE = re.compile(r"\r?\n|\r")
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}")
#: A plain-text body without blank lines whose lines run this long is one
#: paragraph per line (common in scraped text); shorter lines are hard wraps.
_LONG_LINE = 100

#: Words that match the search: bright yellow under black, as browsers mark found text,
#: in both palettes (a muted mark on a dark page looked like a date's highlight).
SEARCH_MARK = "background-color:#ffe14d; color:#000000"
#: At most this many search terms are marked (each is one alternative of one regex).
MAX_MARKED_TERMS = 40


@dataclass(frozen=True, slots=True)
class _Theme:
    """The few colours the markup sets itself; the rest follows the widget palette."""

    text: str
    muted: str
    faint: str
    link: str
    note_bg: str


_LIGHT = _Theme(text="#1f2328", muted="#6b6f76", faint="#a3a6ab", link="#2a6bc2", note_bg="#f6f2e4")
_DARK = _Theme(text="#e6e6e6", muted="#a4a8ae", faint="#6c7076", link="#7fb2f0", note_bg="#3a3627")


def _esc(text: str) -> str:
    return escape(text, quote=True)


def _esc_lines(text: str) -> str:
    """Escape text whose single newlines are soft line breaks inside a paragraph."""
    return "<br>".join(_esc(part) for part in _NEWLINE.split(text))


# -- header ---------------------------------------------------------------------------
def format_date(value: str | None) -> str | None:
    """'28 May 2023' from an ISO date or date-time; the raw text if it is not ISO."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        parsed: date = datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            parsed = date.fromisoformat(text[:10])
        except ValueError:
            return text
    return f"{parsed.day} {MONTHS[parsed.month - 1]} {parsed.year}"


def is_web_url(url: str | None) -> bool:
    """True for an absolute http(s) URL with a host: the only links we offer to open."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _chip(tag: str, dark: bool, color: str | None) -> str:
    """The collection's dot in its own colour (as in the sidebar) on a tint of it."""
    own = collection_color(tag, color)
    return (f'<span style="background-color:{tint(own, dark)}; font-size: small">&nbsp;'
            f'<span style="color:{own}">●</span>&nbsp;{_esc(tag)}&nbsp;</span>')


def _header(article: Article, theme: _Theme, dark: bool,
            tag_colors: Mapping[str, str | None]) -> str:
    title = article.title.strip() if article.title else ""
    heading = _esc(title) if title else f'<i style="color:{theme.muted}">Untitled</i>'
    parts = [_esc(p.strip()) for p in (article.source, article.author) if p and p.strip()]
    when = format_date(article.published_at)
    if when:
        parts.append(_esc(when))
    else:  # no date of its own: say so, and when it arrived
        added = format_date(article.added_at)
        parts.append(_esc(f"undated, added {added}" if added else "undated"))
    if article.url and is_web_url(article.url):
        parts.append(f'<a href="{_esc(article.url.strip())}" style="color:{theme.link}; '
                     f'text-decoration: none">Open original&nbsp;↗</a>')
        if len((article.body_text or "").split()) < SUMMARY_WORDS:  # looks like a feed summary
            parts.append(f'<a href="fetch:full" style="color:{theme.link}; '
                         f'text-decoration: none">Fetch full article</a>')
    out = [f'<h1 style="font-size: x-large; font-weight: 600; margin-bottom: 6px">{heading}</h1>']
    if parts:
        out.append(f'<p style="color:{theme.muted}; margin-top: 0px">'
                   + "&nbsp;&nbsp;·&nbsp;&nbsp;".join(parts) + "</p>")
    if article.tags:
        chips = "&nbsp; ".join(_chip(tag, dark, tag_colors.get(tag)) for tag in article.tags)
        out.append(f'<p style="margin-top: 0px">{chips}</p>')
    return "\n".join(out)


# -- mentions -------------------------------------------------------------------------
def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each non-empty paragraph of text, whitespace trimmed."""
    separator = _BLANK_LINE
    if not _BLANK_LINE.search(text):
        lines = _NEWLINE.split(text)
        if len(lines) > 1 and max(len(line) for line in lines) > _LONG_LINE:
            separator = _NEWLINE
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in [*separator.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            start = pos + (len(chunk) - len(chunk.lstrip()))
            spans.append((start, start + len(stripped)))
        pos = match.end() if match else len(text)
    return spans


def usable_mentions(mentions: Iterable[Mention], text: str,
                    paragraphs: list[tuple[int, int]]) -> list[Mention]:
    """Mentions safe to wrap: in range, non-empty, inside one paragraph, no overlaps."""
    starts = [start for start, _ in paragraphs]
    kept: list[Mention] = []
    last_end = -1
    candidates = (m for m in mentions
                  if isinstance(m.start, int) and isinstance(m.end, int)
                  and 0 <= m.start < m.end <= len(text))
    for mention in sorted(candidates, key=lambda m: (m.start, -m.end)):
        index = bisect.bisect_right(starts, mention.start) - 1
        if index < 0 or mention.end > paragraphs[index][1] or mention.start < last_end:
            continue
        kept.append(mention)
        last_end = mention.end
    return kept


def _mention_title(mention: Mention, mention_counts: dict[int, int] | None) -> str:
    name = label_for(mention.label).name
    count = (mention_counts or {}).get(mention.entity_id)
    if count is None:
        return name
    return f"{name} — mentioned in {count} article{'' if count == 1 else 's'}"


def search_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """Where the search's words are in a text, as the full-text index finds them: whole
    words and their endings ("chip" marks "chips"; the index stems words), a phrase as
    its words in a row, ``word*`` as a prefix; case and accents aside."""
    alternatives = []
    for term in list(terms)[:MAX_MARKED_TERMS]:
        words = re.findall(r"\w+", term)
        if words:
            alternatives.append(r"\W+".join(rf"{re.escape(word)}\w*" for word in words))
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + ")",
                      re.IGNORECASE)


def _esc_marked(text: str, marks: re.Pattern[str] | None, style: str) -> str:
    """_esc_lines, with the search's matches wrapped in a span of ``style``."""
    if marks is None:
        return _esc_lines(text)
    out, pos = [], 0
    for match in marks.finditer(text):
        out.append(_esc_lines(text[pos:match.start()]))
        out.append(f'<span style="{style}">{_esc_lines(match.group())}</span>')
        pos = match.end()
    out.append(_esc_lines(text[pos:]))
    return "".join(out)


def _highlight(mention: Mention, text: str, theme: _Theme, dark: bool,
               mention_counts: dict[int, int] | None, marks: re.Pattern[str] | None) -> str:
    colour = label_for(mention.label)
    style = (f"background-color:{colour.dark if dark else colour.light}; "
             f"color:{theme.text}; text-decoration: none")
    inner = _esc_marked(text[mention.start:mention.end], marks,
                        "font-weight: 700; text-decoration: underline")
    title = _esc(_mention_title(mention, mention_counts))
    if mention.entity_id <= 0:  # not stored yet: colour it, but there is nothing to open
        return f'<span title="{title}" style="{style}">{inner}</span>'
    return f'<a href="entity:{mention.entity_id}" title="{title}" style="{style}">{inner}</a>'


# -- body -----------------------------------------------------------------------------
def _paragraph(text: str, span: tuple[int, int], mentions: list[Mention], theme: _Theme,
               dark: bool, mention_counts: dict[int, int] | None,
               marks: re.Pattern[str] | None) -> str:
    pos, end = span
    pieces: list[str] = []
    mark = SEARCH_MARK
    for mention in mentions:
        pieces.append(_esc_marked(text[pos:mention.start], marks, mark))
        pieces.append(_highlight(mention, text, theme, dark, mention_counts, marks))
        pos = mention.end
    pieces.append(_esc_marked(text[pos:end], marks, mark))
    return '<p style="line-height: 140%; margin-top: 0px; margin-bottom: 14px">' \
        + "".join(pieces) + "</p>"


def _body(text: str, mentions: list[Mention], visible_labels: frozenset[str], theme: _Theme,
          dark: bool, mention_counts: dict[int, int] | None,
          marks: re.Pattern[str] | None) -> str:
    paragraphs = paragraph_spans(text)
    shown = [m for m in usable_mentions(mentions, text, paragraphs) if m.label in visible_labels]
    out: list[str] = []
    index = 0
    for span in paragraphs:
        mine: list[Mention] = []
        while index < len(shown) and shown[index].start < span[1]:
            mine.append(shown[index])
            index += 1
        out.append(_paragraph(text, span, mine, theme, dark, mention_counts, marks))
    return "\n".join(out)


def _legend(mentions: list[Mention], text: str, visible_labels: frozenset[str],
            theme: _Theme, dark: bool) -> str:
    counts = Counter(m.label for m in usable_mentions(mentions, text, paragraph_spans(text)))
    if not counts:
        return ""
    order = list(LABELS)
    codes = sorted(counts, key=lambda c: (order.index(c) if c in order else len(order), c))
    items = []
    for code in codes:
        colour = label_for(code)
        shown = code in visible_labels
        swatch_bg = (colour.dark if dark else colour.light) if shown else "transparent"
        swatch = (f'<span style="background-color:{swatch_bg}; color:{colour.accent}">'
                  "&nbsp;■&nbsp;</span>")
        style = (f"text-decoration: none; color:{theme.text}" if shown
                 else f"text-decoration: line-through; color:{theme.faint}")
        tip = f"{'Hide' if shown else 'Show'} {colour.name.lower()}"
        items.append(f'{swatch}&nbsp;<a href="label:{_esc(code)}" title="{_esc(tip)}" '
                     f'style="{style}">{_esc(colour.name)}</a>'
                     f'&nbsp;<span style="color:{theme.muted}">{counts[code]}</span>')
    return ('<p style="font-size: small; margin-top: 2px; margin-bottom: 18px">'
            + "&nbsp;&nbsp;&nbsp; ".join(items) + "</p>")


def _note(note: str, theme: _Theme, heading: str = "Note") -> str:
    if not note or not note.strip():
        return ""
    return (f'<table width="100%" border="0" cellspacing="0" cellpadding="12" '
            f'style="margin-top: 12px; background-color:{theme.note_bg}"><tr><td>'
            f'<p style="font-size: small; color:{theme.muted}; margin: 0px">{_esc(heading)}</p>'
            f'<p style="line-height: 140%; margin: 0px">{_esc_lines(note.strip())}</p>'
            "</td></tr></table>")


def _suggestions(suggestions: Sequence[Suggestion], theme: _Theme) -> str:
    """'Suggested collections' with one-click links, each saying why (shared entities)."""
    if not suggestions:
        return ""
    items = []
    for item in suggestions:
        why = f" (shares {', '.join(item.shared_entities)})" if item.shared_entities else ""
        link = f"suggest:{quote(item.collection, safe='')}"
        items.append(f'<a href="{_esc(link)}" style="color:{theme.link}">+&nbsp;'
                     f"{_esc(item.collection)}</a>"
                     f'<span style="color:{theme.muted}">{_esc(why)}</span>')
    return (f'<p style="font-size: small; color:{theme.muted}; margin-top: 4px">'
            f"Suggested collections: {' · '.join(items)}</p>")


def _copies(copies: Sequence[tuple[int, str]], theme: _Theme) -> str:
    """'Also reported by Reuters, Yonhap': each other copy of the story, one click away."""
    if not copies:
        return ""
    links = [f'<a href="copy:{article_id}" title="Read this copy" '
             f'style="color:{theme.link}; text-decoration: none">{_esc(name)}</a>'
             for article_id, name in copies]
    return (f'<p style="font-size: small; color:{theme.muted}; margin-top: 0px">'
            f"Also reported by {', '.join(links)}</p>")


def _learned(rows: Sequence[SuggestionRow], theme: _Theme, dark: bool,
             tag_colors: Mapping[str, str | None]) -> str:
    """Collections that suggested this article, each a chip with Accept / Reject and the
    words and entities that made it."""
    out = []
    for row in rows:
        own = collection_color(row.collection, tag_colors.get(row.collection))
        name = quote(row.collection, safe="")
        link = f"color:{theme.link}; text-decoration: none"
        chip = (f'<span style="background-color:{tint(own, dark, 0.1)}; color:{theme.muted}; '
                f'font-size: small">&nbsp;<span style="color:{own}">○</span>&nbsp;'
                f"{_esc(row.collection)}&nbsp;<i>suggested</i>&nbsp;</span>")
        why = (f'<br><span style="color:{theme.muted}">because of: '
               f"{_esc(', '.join(row.reasons))}</span>" if row.reasons else "")
        out.append(f'<p style="font-size: small; margin-top: 0px">{chip}&nbsp;&nbsp;'
                   f'<a href="{_esc("accept:" + name)}" style="{link}" '
                   f'title="Put it in the collection (A)">✓&nbsp;Accept</a>&nbsp;&nbsp;'
                   f'<a href="{_esc("reject:" + name)}" style="{link}" '
                   f'title="It does not belong: never suggested again (R)">✗&nbsp;Reject</a>'
                   f"{why}</p>")
    return "\n".join(out)


#: A body shorter than this is probably a feed's summary: offer the full article.
SUMMARY_WORDS = 150


def render_article(article: Article, mentions: list[Mention], *, visible_labels: frozenset[str],
                   dark: bool, mention_counts: dict[int, int] | None = None,
                   text_color: str | None = None,
                   collection_notes: Sequence[tuple[str, str]] = (),
                   suggestions: Sequence[Suggestion] = (),
                   learned: Sequence[SuggestionRow] = (),
                   search_terms: Sequence[str] = (),
                   tag_colors: Mapping[str, str | None] | None = None,
                   copies: Sequence[tuple[int, str]] = ()) -> str:
    """The whole reader document for one article (escaped, highlights for visible labels).

    Highlights and legend links are anchors, which Qt paints in the link colour
    unless told otherwise, and it reads ``color: inherit`` as black; so they get
    an explicit text colour: ``text_color`` (the widget's palette) or a default.
    ``search_terms`` (the search box's words and phrases) are marked in the text;
    ``tag_colors`` gives the collections' own colours, for their chips; ``copies``
    (id, where from) the story's other copies, linked under the header; ``learned``: the
    learning collections that suggested the article, to accept or reject.
    """
    theme = _DARK if dark else _LIGHT
    if text_color and _HEX_COLOUR.fullmatch(text_color):
        theme = replace(theme, text=text_color)
    text = article.body_text or ""
    parts = [
        _header(article, theme, dark, tag_colors or {}),
        _learned(learned, theme, dark, tag_colors or {}),
        _copies(copies, theme),
        _suggestions(suggestions, theme),
        *(_note(note, theme, f"Why it is in “{name}”") for name, note in collection_notes),
        _legend(mentions, text, visible_labels, theme, dark),
        _body(text, mentions, visible_labels, theme, dark, mention_counts,
              search_pattern(search_terms)),
        _note(article.note, theme),
    ]
    return _document("\n".join(part for part in parts if part))


def render_empty(message: str) -> str:
    """A quiet placeholder, e.g. 'Select an article to read it'."""
    return _document(f'<p align="center" style="color:#8a8d92; margin-top: 96px">'
                     f"{_esc(message)}</p>")


def render_welcome(*, read_only: bool, dark: bool) -> str:
    """An empty library: what it is for, and the three ways to fill it."""
    theme = _DARK if dark else _LIGHT
    if read_only:
        return render_empty("This library has no articles yet, and it is open read-only.")
    link = f"color:{theme.link}; text-decoration: none"
    ways = [
        ("action:import", "Import files…", "text, Markdown, HTML or JSON files, or a whole folder "
                                           "(or drop them on this window)"),
        ("action:add-feed", "Add a feed…", "an RSS, Atom or JSON feed, or a site's home page"),
        ("action:sample", "Add the sample stories", "eight stories in three collections, to try "
                                                    "things out"),
    ]
    items = "".join(f'<p style="margin-bottom: 14px"><a href="{href}" style="{link}">'
                    f'<b>{_esc(title)}</b></a><br><span style="color:{theme.muted}">'
                    f"{_esc(why)}</span></p>" for href, title, why in ways)
    return _document(f'<h1 style="font-size: x-large; font-weight: 600; margin-top: 48px">'
                     f"Your library is empty</h1>"
                     f'<p style="color:{theme.muted}">Newsreader keeps the articles you read '
                     f"in one file on this computer. Start with one of these:</p>{items}")


def _document(body: str) -> str:
    return f'<html><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>'
