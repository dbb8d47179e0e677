"""Plain-text news stories: headline, byline, metadata lines and body.

Stories copied out of a site or a wire feed carry a headline, metadata
("Source: ..."), wire datelines and an author blurb around the story itself.
This module separates those so the body holds only what the author wrote.
"""

from __future__ import annotations

import re

from newsreader.core.errors import IngestError
from newsreader.core.ingest.draft import ArticleDraft
from newsreader.core.ingest.normalize import clean_text, normalize_url, parse_date, shorten_title

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep",
    "lt", "col", "capt", "sgt", "maj", "inc", "corp", "co", "ltd", "vs", "etc",
    "no", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
    "approx", "dept", "est", "fig", "mt", "ft", "rev", "hon", "pres",
}
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")

_META = re.compile(
    r"(?P<key>source|url|link|published|date|author|byline|title)\s*:\s*(?P<value>\S.{0,200})",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"By\s+(?P<name>[A-Z][^\d,|;:()]{1,60}?)\s*(?:[,|;(].*)?", re.IGNORECASE)
_MONTH_DAY = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})"
_DATELINE = (
    rf"(?P<city>[A-Z][A-Za-z.'\- ]{{1,40}}?)(?P<day>,\s*{_MONTH_DAY})?\s*"
    r"(?P<agency>\([^()]{2,40}\))?\s*"
)
_DATELINE_ALONE = re.compile(_DATELINE + r"(?P<sep>--|—|–|=)?")
_DATELINE_PREFIX = re.compile(_DATELINE + r"(?P<sep>--|—|–|=|-)\s+(?=\S)")
_NAME = r"(?P<name>[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,3})"
_NOTE_IS = re.compile(rf"{_NAME}\s+(?:is|was)\s+(?:a|an|the)\b(?P<rest>.*)", re.DOTALL)
_NOTE_WRITES = re.compile(rf"{_NAME}\s+writes\s+(?:for|about|on)\b", re.DOTALL)
_ROLE = re.compile(
    r"\b(?:journalist|reporter|writer|correspondent|editor|columnist|contributor|author|"
    r"blogger|analyst)s?\b",
    re.IGNORECASE,
)
_SENTENCE_END = (".", "!", "?", '"', "”", "’", ":", ")")
_HEAD_ZONE = 6
_TAIL_ZONE = 6
_MAX_HEADLINE = 150


#: How far back from a full stop its word is looked for (abbreviations are short).
_ABBREVIATION_REACH = 40


def _word_before(text: str, dot: int) -> str:
    """The run of word characters and dots that ends at ``dot`` (at most
    ``_ABBREVIATION_REACH`` of them): read backwards from the dot, so that each full
    stop of a long paragraph costs the same, not the length of everything before it."""
    start = dot
    while start > 0 and dot - start < _ABBREVIATION_REACH and (
            text[start - 1] == "." or text[start - 1] == "_" or text[start - 1].isalnum()):
        start -= 1
    return text[start:dot]


def _is_boundary(text: str, dot: int) -> bool:
    """Tell a sentence end from an abbreviation or an initial."""
    if text[dot] != ".":
        return True
    token = _word_before(text, dot)
    if not token:
        return True
    if "." in token or len(token) == 1:  # U.S., J.R.R., initials
        return False
    return token.lower() not in _ABBREVIATIONS


def lead_sentence(paragraph: str) -> str:
    """First sentence of a paragraph: the usual stand-in for a missing headline."""
    for match in _BOUNDARY.finditer(paragraph):
        if _is_boundary(paragraph, match.start()):
            return paragraph[: match.start() + 1].strip()
    return paragraph.strip()


def title_from_lead(paragraph: str) -> str:
    """A title built from the lead sentence, short enough for lists."""
    sentence = lead_sentence(paragraph)
    if sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1]
    return shorten_title(sentence)


def _nonblank_indexes(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip()]


def _apply_meta(meta: dict[str, str | None], key: str, value: str) -> None:
    key = key.lower()
    value = value.strip()
    if key == "source":
        meta["source"] = value
    elif key in ("url", "link"):
        meta["url"] = normalize_url(value)
    elif key in ("published", "date"):
        meta["published_at"] = parse_date(value)
    elif key in ("author", "byline"):
        meta["author"] = re.sub(r"^by\s+", "", value, flags=re.IGNORECASE)
    elif key == "title":
        meta["title"] = value


def _take_metadata(lines: list[str], meta: dict[str, str | None]) -> list[str]:
    """Blank out metadata, byline and lone dateline lines near either end."""
    present = _nonblank_indexes(lines)
    head = present[:_HEAD_ZONE]
    zone = set(head) | set(present[-_TAIL_ZONE:])
    out = list(lines)
    for i in present:
        line = lines[i].strip()
        dateline = _DATELINE_ALONE.fullmatch(line)
        if dateline and _is_wire_dateline(dateline):
            out[i] = ""
            continue
        if i not in zone:
            continue
        found = _META.fullmatch(line)
        if found:
            _apply_meta(meta, found["key"], found["value"])
            out[i] = ""
        elif i in head[:3] and len(line) <= 100 and (byline := _BYLINE.fullmatch(line)):
            if byline["name"][0].isupper() and len(byline["name"].split()) <= 6:
                meta["author"] = byline["name"].strip()
                out[i] = ""
    return out


def _is_hard_wrapped(blocks: list[list[str]], had_blank_lines: bool) -> bool:
    """True when the writer wrapped lines by hand inside blank-line paragraphs.

    Without blank lines every line is a paragraph (as in copied web text);
    wrapped lines are short and mostly stop mid-sentence.
    """
    if not had_blank_lines:
        return False
    inner = [line for block in blocks if len(block) > 1 for line in block[:-1]]
    if not inner:
        return False
    short = sum(1 for line in inner if len(line) <= 100)
    open_ended = sum(1 for line in inner if not line.endswith(_SENTENCE_END))
    return short >= 0.9 * len(inner) and open_ended >= 0.5 * len(inner)


def _paragraphs(lines: list[str], had_blank_lines: bool) -> list[str]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if _is_hard_wrapped(blocks, had_blank_lines):
        return [" ".join(block) for block in blocks]
    return [line for block in blocks for line in block]


def _is_wire_dateline(found: re.Match[str]) -> bool:
    """Only strip what is clearly a wire dateline, never an ordinary phrase."""
    city = found["city"].strip()
    loud = city.isupper() and len(city) >= 3
    sep = found["sep"]
    if sep == "=":
        return True
    if found["agency"]:
        return bool(found["day"] or loud or sep)
    return loud and sep in ("--", "—", "–")


def _strip_dateline(paragraph: str) -> str:
    found = _DATELINE_PREFIX.match(paragraph)
    if not found or not _is_wire_dateline(found):
        return paragraph
    return paragraph[found.end():]


def _author_note(paragraph: str) -> str | None:
    """The name in an "X is a journalist for ..." blurb, if that is what this is."""
    if len(paragraph) > 800:
        return None
    writes = _NOTE_WRITES.match(paragraph)
    if writes:
        return writes["name"]
    found = _NOTE_IS.match(paragraph)
    if found and _ROLE.search(lead_sentence(found["rest"])):
        return found["name"]
    return None


def _take_author_note(paragraphs: list[str], meta: dict[str, str | None]) -> list[str]:
    """Drop a trailing author blurb; the last two paragraphs are checked."""
    for start in range(max(len(paragraphs) - 2, 1), len(paragraphs)):
        name = _author_note(paragraphs[start])
        if name:
            meta["author"] = meta.get("author") or name
            return paragraphs[:start]
    return paragraphs


def _is_headline(paragraphs: list[str]) -> bool:
    first = paragraphs[0]
    return (
        len(paragraphs) > 1
        and len(first) <= _MAX_HEADLINE
        and not first.endswith((".", ",", ";", ":"))
    )


def parse_text(raw: str, *, origin: str | None) -> ArticleDraft:
    """Parse one plain-text story; raise IngestError when there is no text."""
    meta: dict[str, str | None] = {}
    text = clean_text(raw)
    lines = _take_metadata(text.split("\n"), meta)
    paragraphs = _paragraphs(lines, "\n\n" in text)
    if not paragraphs:
        raise IngestError("no article text in this file")
    title = meta.pop("title", None)
    if not title and _is_headline(paragraphs):
        title, paragraphs = paragraphs[0], paragraphs[1:]
    paragraphs = _take_author_note(paragraphs, meta)
    if paragraphs:
        paragraphs[0] = _strip_dateline(paragraphs[0])
    paragraphs = [p for p in paragraphs if p.strip()]
    if not title:
        title = title_from_lead(paragraphs[0]) if paragraphs else ""
    if not title and not paragraphs:
        raise IngestError("no article text in this file")
    return ArticleDraft(
        title=shorten_title(title, 300),
        body_text="\n\n".join(paragraphs),
        source=meta.get("source"),
        author=meta.get("author"),
        url=meta.get("url"),
        published_at=meta.get("published_at"),
        origin=origin,
    )
