"""Markdown exports read by the real Pandoc (`pandoc -f markdown`) as the text they hold.

A story mentioning "@handle", a body line of "---", HTML in a title, "$5", "(a)" at a line
start ...: each must come out of Pandoc as that text, not as a citation, a rule, front
matter, markup, math or a list; and the digest's contents must link to its stories in
the HTML, DOCX and ODT that Pandoc makes of it. Exports are made with the command line.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from newsreader.core.library import Library

from .cli_library import COLLECTION, HOSTILE_PARAGRAPHS, export_cli, make_cli_library

pytestmark = pytest.mark.skipif(shutil.which("pandoc") is None,
                                reason="pandoc is not installed (apt-get install pandoc; CI does)")

#: What Pandoc's "smart" typography makes of quotes, apostrophes and "..." (the same text
#: typeset); its dashes are escaped by the export, so "--" stays two hyphens.
_TYPESET = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})


def plain(text: str) -> str:
    """Text as a reader compares it: one line, quotes and ellipses as typed."""
    return " ".join(text.translate(_TYPESET).replace("…", "...").split())


def pandoc(source: Path, *args: str, warnings: bool = False) -> str:
    done = subprocess.run(["pandoc", "-f", "markdown", str(source), *args],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and (warnings or "[WARNING]" not in done.stderr), done.stderr
    return done.stdout


class _Blocks(HTMLParser):
    """The text of each block of Pandoc's HTML, and every element it made."""

    BLOCKS = frozenset({"p", "h1", "h2", "li", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.BLOCKS:
            self._open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS and self._open:
            name, parts = self._open.pop()
            self.blocks.append((name, plain("".join(parts))))

    def handle_data(self, data: str) -> None:
        for _, parts in self._open:
            parts.append(data)


def html_of(source: Path) -> _Blocks:
    parsed = _Blocks()
    parsed.feed(pandoc(source, "-t", "html"))
    return parsed


def stories(library: Path) -> list:
    with Library(library) as lib:
        ids, _ = lib.export_items(collection=COLLECTION)
        return [lib.article(i) for i in ids]


#: Elements that only markup in the text could have made.
_MARKUP = {"hr", "ul", "dl", "dt", "table", "pre", "code", "sup", "sub", "strong", "b", "i",
           "script", "div", "section", "mark", "img", "del", "br"}


def assert_no_markup_from_text(parsed: _Blocks) -> None:
    made = {tag for tag, _ in parsed.tags}
    assert not made & _MARKUP, made & _MARKUP
    classes = {attrs.get("class") for tag, attrs in parsed.tags if tag == "span"}
    assert not classes & {"citation", "math inline", "math display", "smallcaps"}, classes


def test_a_digest_reads_in_pandoc_html_as_the_text_of_its_stories(tmp_path: Path) -> None:
    library = make_cli_library(tmp_path)
    digest = tmp_path / "digest.md"
    export_cli(library, digest, "--format", "digest")
    parsed = html_of(digest)
    assert_no_markup_from_text(parsed)
    articles = stories(library)
    paragraphs = [text for tag, text in parsed.blocks if tag == "p"]
    for article in articles:
        for paragraph in article.body_text.split("\n\n"):
            assert plain(paragraph) in paragraphs
    headings = [text for tag, text in parsed.blocks if tag == "h2"]
    assert headings == ["Contents", *(f"{n}. {plain(a.title)}"
                                      for n, a in enumerate(articles, start=1))]
    assert [text for tag, text in parsed.blocks if tag == "h1"] == [COLLECTION]
    description = "About <b>chips</b> & @policy --- # not a heading"
    assert description in paragraphs
    assert "Why: @handle <i>matters</i> ---" in paragraphs  # the note, in its quotation
    # the contents link to the stories' identifiers, each on one heading
    links = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"
             and (attrs.get("href") or "").startswith("#")]
    ids = [attrs["id"] for tag, attrs in parsed.tags if "id" in attrs]
    assert links == [f"#story-{n}" for n in range(1, len(articles) + 1)]
    assert all(ids.count(link[1:]) == 1 for link in links)
    assert [tag for tag, _ in parsed.tags].count("ol") == 1  # the contents, nothing else


def _docx_paragraphs(xml: str) -> list[str]:
    paragraphs = []
    for body in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.DOTALL):
        text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body))
        paragraphs.append(plain(_unescape_xml(text)))
    return paragraphs


def _unescape_xml(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def assert_contents_land(links: list[str], bookmarks: list[str], articles: list) -> None:
    """The contents link to one bookmark a story, and each bookmark is there."""
    assert links == [f"story-{n}" for n in range(1, len(articles) + 1)]
    assert set(links) <= set(bookmarks)


def test_a_digest_in_word_and_libreoffice_keeps_its_text_and_its_links(tmp_path: Path) -> None:
    library = make_cli_library(tmp_path)
    digest = tmp_path / "digest.md"
    export_cli(library, digest, "--format", "digest")
    articles = stories(library)

    docx = tmp_path / "digest.docx"
    pandoc(digest, "-o", str(docx))
    with zipfile.ZipFile(docx) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert_contents_land(re.findall(r'<w:hyperlink w:anchor="([^"]+)"', xml),
                         re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', xml), articles)
    paragraphs = _docx_paragraphs(xml)
    for article in articles:
        for paragraph in article.body_text.split("\n\n"):
            assert plain(paragraph) in paragraphs
    assert f"1. {plain(articles[0].title)}" in paragraphs

    odt = tmp_path / "digest.odt"
    pandoc(digest, "-o", str(odt))
    with zipfile.ZipFile(odt) as archive:
        content = archive.read("content.xml").decode("utf-8")
    assert_contents_land(re.findall(r'<text:a [^>]*xlink:href="#([^"]+)"', content),
                         re.findall(r'<text:bookmark(?:-start)? text:name="([^"]+)"', content),
                         articles)


def test_a_memo_is_each_headline_with_its_source_date_and_first_paragraph(
        tmp_path: Path) -> None:
    library = make_cli_library(tmp_path)
    memo = tmp_path / "brief.md"
    export_cli(library, memo, "--format", "digest", "--memo")
    parsed = html_of(memo)
    articles = stories(library)
    headlines = [text for tag, text in parsed.blocks if tag == "h2"]
    assert headlines == [plain(a.title) for a in articles]  # no contents in a brief
    links = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    assert links == [a.url for a in articles]  # each headline links to its story
    paragraphs = [text for tag, text in parsed.blocks if tag == "p"]
    assert "Donga <i> · 2024-03-01" in paragraphs and "Wire · 2024-03-08" in paragraphs
    assert "Ask @handle about it, cite [@smith2020, p. 4] and -@neg; mail a@b.org." in paragraphs
    assert "Plain first paragraph about chips." in paragraphs
    assert "Second paragraph, not in a memo." not in paragraphs
    assert "---" not in paragraphs  # the first story's second paragraph is not there
    made = {tag for tag, _ in parsed.tags}
    assert "ol" not in made and not made & _MARKUP


def test_an_exported_article_reads_in_pandoc_as_its_title_notes_and_text(tmp_path: Path) -> None:
    library = make_cli_library(tmp_path)
    folder = tmp_path / "folder"
    export_cli(library, folder)
    [first] = [p for p in folder.iterdir() if p.name.startswith("001 ")]
    pandoc(first, "-s", "-t", "html")  # its front matter is metadata Pandoc reads
    parsed = html_of(first)
    assert_no_markup_from_text(parsed)
    article = stories(library)[0]
    assert [text for tag, text in parsed.blocks if tag == "h1"] == [plain(article.title)]
    paragraphs = [text for tag, text in parsed.blocks if tag == "p"]
    assert [plain(p) for p in article.body_text.split("\n\n")] == paragraphs[-len(
        HOSTILE_PARAGRAPHS):]
    assert any("Why: @handle <i>matters</i> ---" in text for text in paragraphs)


def test_a_digest_carries_its_timeline_into_html_and_word(tmp_path: Path) -> None:
    library = make_cli_library(tmp_path)
    digest = tmp_path / "brief.md"
    export_cli(library, digest, "--format", "digest", "--memo", "--timeline")
    parsed = html_of(digest)
    [image] = [attrs for tag, attrs in parsed.tags if tag == "img"]
    assert image["alt"] == "Stories per week: 3 in 3 weeks from 2024-02-26"
    source = image["src"] or ""
    assert source.startswith("data:image/svg+xml;base64,")
    svg = ElementTree.fromstring(base64.b64decode(source.split(",", 1)[1]))
    bars = [rect.findtext("{http://www.w3.org/2000/svg}title")
            for rect in svg.iter("{http://www.w3.org/2000/svg}rect")]
    assert bars == ["2024-02-26: 1", "2024-03-04: 1", "2024-03-11: 1"]  # Mondays
    docx = tmp_path / "brief.docx"
    pandoc(digest, "-o", str(docx), warnings=True)  # (no PNG copy without rsvg-convert)
    with zipfile.ZipFile(docx) as archive:
        assert any(name.startswith("word/media/") and name.endswith(".svg")
                   for name in archive.namelist())
