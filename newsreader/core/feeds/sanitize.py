"""HTML from feeds and pages, made safe to store and show: a strict allowlist.

Only plain text structure survives (paragraphs, headings, lists, quotes, tables,
emphasis, links). Scripts, styles, forms, frames, embedded objects and their
content are dropped; every attribute but a few harmless ones is removed; links
keep only absolute http(s) and mailto targets; images become plain links (the
reader never loads a remote resource on its own).
"""

from __future__ import annotations

import html as html_lib
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from ..ingest.normalize import clean_text

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "var", "section", "article", "header", "footer", "aside", "main",
})
# Elements dropped with everything inside them.
DROPPED_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "form", "input", "button", "select", "textarea", "option", "svg",
    "math", "canvas", "audio", "video", "source", "track", "head", "title", "meta", "link",
    "base", "param", "map", "area", "dialog", "portal",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
_GLOBAL_ATTRIBUTES = {"lang", "dir"}
_LINK_SCHEMES = ("http", "https", "mailto")
_BLOCKS = frozenset({
    "p", "div", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "figure", "figcaption", "section", "article",
    "header", "footer", "aside", "main", "caption", "br",
})
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                               default_doctype=False)


def safe_link(href: str | None, base_url: str | None = None) -> str | None:
    """An absolute http(s)/mailto link, or None for anything else (javascript:, data:...)."""
    if not href:
        return None
    href = "".join(href.split())  # browsers ignore whitespace inside "java\nscript:"
    if not href:
        return None
    try:
        if base_url:
            href = urljoin(base_url, href)
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    if scheme not in _LINK_SCHEMES:
        return None
    if scheme != "mailto" and not urlsplit(href).netloc:
        return None
    return href


def _fragment(markup: str) -> Any | None:
    markup = markup.strip()
    if not markup:
        return None
    try:
        return lxml.html.fragment_fromstring(markup, create_parent="div", parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _clean_tree(parent: Any, base_url: str | None) -> None:
    """Clean ``parent``'s descendants, depth first (lxml's parser caps the depth)."""
    for element in list(parent):
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if tag is None or tag in DROPPED_TAGS or ":" in tag:  # comments, PIs, scripts...
            element.drop_tree()
            continue
        if tag == "img":
            _image_to_link(element, base_url)
            continue
        _clean_tree(element, base_url)
        if tag not in ALLOWED_TAGS:
            element.drop_tag()
            continue
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | _GLOBAL_ATTRIBUTES
        for name in list(element.attrib):
            if name.lower() not in allowed:
                del element.attrib[name]
        if "cite" in element.attrib and safe_link(element.get("cite"), base_url) is None:
            del element.attrib["cite"]
        if tag == "a":
            href = safe_link(element.get("href"), base_url)
            if href is None:
                element.attrib.pop("href", None)
            else:
                element.set("href", href)
                element.set("rel", "noopener noreferrer nofollow")


def _image_to_link(element: Any, base_url: str | None) -> None:
    """<img> -> a plain link to the image (never loaded), or nothing."""
    src = safe_link(element.get("src"), base_url)
    alt = " ".join((element.get("alt") or element.get("title") or "").split())
    tail = element.tail
    if src is None or src.startswith("mailto:"):
        if alt:
            element.getparent().replace(element, _text_span(f"[{alt}]", tail))
        else:
            element.drop_tree()
        return
    link = etree.Element("a", href=src, rel="noopener noreferrer nofollow")
    link.text = f"[image: {alt}]" if alt else "[image]"
    link.tail = tail
    element.getparent().replace(element, link)


def _text_span(text: str, tail: str | None) -> Any:
    span = etree.Element("span")
    span.text = text
    span.tail = tail
    return span


def sanitize_html(markup: str | None, base_url: str | None = None) -> str | None:
    """The markup reduced to the allowlist, relative links made absolute; None if empty."""
    root = _clean_root(markup, base_url)
    return None if root is None else _serialize(root)


def html_to_text(markup: str | None) -> str:
    """Plain text of (sanitised) HTML: one paragraph per block, no markup."""
    if not markup or not markup.strip():
        return ""
    root = _fragment(markup)
    return "" if root is None else _text_of(root)


def sanitized_with_text(markup: str | None, base_url: str | None = None) -> tuple[str, str | None]:
    """(html_to_text(safe), safe) for safe = sanitize_html(markup, base_url), parsing once:
    a feed item's body needs both, and parsing is most of what they cost."""
    root = _clean_root(markup, base_url)
    if root is None:
        return "", None
    html = _serialize(root)
    return (_text_of(root) if html else ""), html


def _clean_root(markup: str | None, base_url: str | None) -> Any | None:
    if not markup or not markup.strip():
        return None
    root = _fragment(markup)
    if root is not None:
        _clean_tree(root, base_url)
    return root


def _serialize(root: Any) -> str | None:
    parts = [html_lib.escape(root.text)] if root.text else []
    parts.extend(lxml.html.tostring(child, encoding="unicode") for child in root)
    return "".join(parts).strip() or None


def _text_of(root: Any) -> str:
    chunks: list[str] = []
    _walk_text(root, chunks)
    return clean_text("".join(chunks))


def _walk_text(element: Any, chunks: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in DROPPED_TAGS:
        if element.tail:
            chunks.append(element.tail)
        return
    block = tag in _BLOCKS
    if tag == "br":
        chunks.append("\n")
    elif block:
        chunks.append("\n\n")
    if tag == "li":
        chunks.append("• ")
    if tag == "img":
        alt = element.get("alt")
        if alt:
            chunks.append(alt)
    if element.text and tag != "pre":
        chunks.append(" ".join(element.text.split("\n")))
    elif element.text:
        chunks.append(element.text)
    for child in element:
        _walk_text(child, chunks)
    if block and tag != "br":
        chunks.append("\n\n")
    elif tag in ("td", "th"):
        chunks.append(" ")
    if element.tail:
        chunks.append(" ".join(element.tail.split("\n")))


def text_to_html(text: str) -> str | None:
    """Plain text as safe HTML: one <p> per paragraph."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    if not paragraphs:
        return None
    return "".join(f"<p>{html_lib.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
