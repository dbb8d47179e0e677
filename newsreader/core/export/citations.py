"""Citations of the exported stories for reference managers and Pandoc.

Three formats, the ones Zotero, Mendeley and ``pandoc --citeproc`` read:

* ``csl-json``: an array of CSL items (type ``article-newspaper``);
* ``bibtex``: ``@article`` entries (BibLaTeX fields that BibTeX ignores harmlessly:
  ``date``, ``urldate``, ``langid``);
* ``ris``: ``TY  - NEWS`` records.

Each carries the authors (a person as family and given name, an agency or desk as
one literal name), the title, the site (CSL ``container-title``, BibTeX
``journal``, RIS ``T2``/``JO``), the date published, the URL, the date the article
was added to the library as the date it was accessed, the language and the
collections as keywords.

The citation key is the same on every export of the same article, so a manuscript
that cites ``@jones2024lithium-812`` keeps working when the collection is exported
again: the first author's family name (else the site), the year, the first word of
the title that says something, and the article's id in the library, which makes it
unique and never changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from ..models import Article
from .dates import day_parts
from .source import ExportItem
from .tabular import write_json_array

#: words of a byline that name an organisation or a desk, not a person
ORGANISATION_WORDS = frozenset({
    "agency", "agencies", "associated", "bureau", "correspondent", "correspondents", "desk",
    "editor", "editors", "editorial", "news", "newsroom", "press", "reporter", "reporters",
    "service", "staff", "team", "wire", "writer", "writers", "afp", "ap", "reuters",
})
#: the particles that belong to a family name ("van Gogh", "de la Cruz")
PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "la",
                       "le", "du", "dos", "das", "bin", "ibn", "al", "ter", "ten"})
#: title words too common to tell one story from another in a key
KEY_STOPWORDS = frozenset({
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "from", "by", "with",
    "as", "is", "are", "was", "were", "be", "it", "its", "this", "that", "how", "why", "what",
    "who", "when", "new", "after", "over", "into", "amid", "says", "say",
})
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|von|par|por)\s+", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:;|&|\band\b|,)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Name:
    """An author: a person (``family``, ``given``) or an organisation (``literal``)."""

    family: str = ""
    given: str = ""
    literal: str = ""


def authors(byline: str | None) -> list[Name]:
    """The authors a byline names: "By Mark Jones and Ann Lee" is two people, "Reuters
    Staff" one organisation, "Jones, Mark" one person written family name first."""
    if not byline:
        return []
    text = " ".join(_BYLINE_PREFIX.sub("", byline).split())
    if text.count(",") == 1 and not re.search(r";|&|\band\b", text, re.IGNORECASE):
        family, given = (part.strip() for part in text.split(","))
        surname = [w for w in family.split() if w.lower() not in PARTICLES]
        if len(surname) == 1 and _person(family.split()) and _person(given.split()):
            return [Name(family=family, given=given)]
    return [_name(part) for part in _SEPARATORS.split(text) if part.strip()]


def _person(words: list[str]) -> bool:
    return bool(words) and all(
        w.lower() in PARTICLES or (w[:1].isupper() and not any(c.isdigit() for c in w)
                                   and w.lower().strip(".") not in ORGANISATION_WORDS)
        for w in words)


def _name(text: str) -> Name:
    words = text.split()
    if not 2 <= len(words) <= 4 or not _person(words):
        return Name(literal=text)
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].lower() in PARTICLES:
        cut -= 1
    return Name(family=" ".join(words[cut:]), given=" ".join(words[:cut]))


def citation_key(article: Article) -> str:
    """The article's key: "jones2024lithium-812" (see the module's docstring)."""
    names = authors(article.author)
    if names and names[0].family:
        who = _ascii_word(names[0].family)
    else:
        who = _telling_word(names[0].literal if names else article.source or "")
    year = (article.published_at or article.added_at or "")[:4]
    return (f"{who or 'anon'}{year if year.isdigit() else ''}{_telling_word(article.title)}"
            f"-{article.id}")


def _telling_word(text: str) -> str:
    """The first word of ``text`` that starts with a letter and is not a stop word (else
    the first word), in ASCII letters and digits, at most 20 of them."""
    words = [w for w in (_ascii_word(w) for w in text.split()) if w]
    telling = (w for w in words if w[0].isalpha() and w not in KEY_STOPWORDS)
    return next(telling, words[0] if words else "")[:20]


def _ascii_word(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", plain.lower())


# -- CSL-JSON -----------------------------------------------------------------------

def csl_item(item: ExportItem) -> dict[str, Any]:
    a = item.article
    data: dict[str, Any] = {"id": citation_key(a), "type": "article-newspaper", "title": a.title}
    names = authors(a.author)
    if names:
        data["author"] = [{"literal": n.literal} if n.literal else
                          {"family": n.family, "given": n.given} for n in names]
    if a.source:
        data["container-title"] = a.source
    if a.published_at:
        data["issued"] = {"date-parts": [day_parts(a.published_at)]}
    if a.url:
        data["URL"] = a.url
    data["accessed"] = {"date-parts": [day_parts(a.added_at)]}
    if a.language:
        data["language"] = a.language
    if a.tags:
        data["keyword"] = ", ".join(a.tags)
    return data


def write_csl_json(handle: IO[bytes], items: Iterable[ExportItem],
                   step: Callable[[int], None]) -> None:
    write_json_array(handle, items, step, csl_item)


# -- BibTeX -------------------------------------------------------------------------

_TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$",
                "%": r"\%", "&": r"\&", "_": r"\_", "~": r"\textasciitilde{}",
                "^": r"\textasciicircum{}"}


def tex(text: str) -> str:
    """Text as a BibTeX field value shows it (on one line, specials escaped)."""
    return "".join(_TEX_SPECIAL.get(c, c) for c in " ".join(text.split()))


def bibtex_entry(item: ExportItem) -> str:
    a = item.article
    fields: list[tuple[str, str]] = [("title", tex(a.title))]
    names = authors(a.author)
    if names:
        fields.append(("author", " and ".join(
            "{" + tex(n.literal) + "}" if n.literal else f"{tex(n.family)}, {tex(n.given)}"
            for n in names)))
    if a.source:
        fields.append(("journal", tex(a.source)))
    if a.published_at:
        fields += [("date", a.published_at[:10]), ("year", a.published_at[:4])]
    if a.url:
        # url is read verbatim; only braces could end the field early
        fields.append(("url", a.url.replace("{", "%7B").replace("}", "%7D")))
    fields.append(("urldate", a.added_at[:10]))
    if a.language:
        fields.append(("langid", tex(a.language)))
    if a.tags:
        fields.append(("keywords", tex(", ".join(a.tags))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@article{{{citation_key(a)},\n{body}\n}}\n"


def write_bibtex(handle: IO[bytes], items: Iterable[ExportItem],
                 step: Callable[[int], None]) -> None:
    for n, item in enumerate(items, start=1):
        handle.write(((n > 1) * "\n" + bibtex_entry(item)).encode("utf-8"))
        step(n)


# -- RIS ----------------------------------------------------------------------------

def ris_record(item: ExportItem) -> str:
    a = item.article
    lines = [("TY", "NEWS"), ("ID", citation_key(a)), ("TI", a.title)]
    # "Reuters Staff," is one family name to RIS readers; without the comma, two names
    lines += [("AU", f"{n.literal}," if n.literal else f"{n.family}, {n.given}")
              for n in authors(a.author)]
    if a.source:
        lines += [("T2", a.source), ("JO", a.source)]
    if a.published_at:
        lines += [("PY", a.published_at[:4]), ("DA", _ris_date(a.published_at))]
    if a.url:
        lines.append(("UR", a.url))
    lines.append(("Y2", _ris_date(a.added_at)))
    if a.language:
        lines.append(("LA", a.language))
    lines += [("KW", tag) for tag in a.tags]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)


def _ris_date(value: str) -> str:
    """RIS writes a date as YYYY/MM/DD/ (its own form, which RIS readers expect)."""
    return "/".join(f"{part:02d}" for part in day_parts(value)) + "/"


def write_ris(handle: IO[bytes], items: Iterable[ExportItem],
              step: Callable[[int], None]) -> None:
    for n, item in enumerate(items, start=1):
        handle.write(ris_record(item).encode("utf-8"))
        step(n)
