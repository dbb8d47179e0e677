"""News-specific fixes applied to any engine's spans, and linking of mentions in one article.

Statistical and rule-based engines make the same handful of mistakes on wire
stories: a title swallowed into a name ("Director Ahn"), "the" kept in front of
an organisation, the currency word cut off an amount ("300 trillion" + "won"),
a company suffix left outside ("Samsung Electronics" + "Co."), a surname later
in the story labelled as an organisation. ``refine`` fixes those with general
rules, never with sentence-specific ones; ``link_mentions`` tells which
mentions in one article are the same entity, so the entity panel counts
"Ahn", "Director Ahn" and "Ahn Deok-geun" once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

from newsreader.core.entities import curated
from newsreader.core.entities.aliases import abbreviates
from newsreader.core.entities.engine import Span
from newsreader.core.entities.gazetteers import country_names, gazetteers

#: Lowercased title words, with and without their abbreviation dot.
TITLE_WORDS = frozenset(curated.TITLES) | {t.rstrip(".") for t in curated.TITLES}
#: Words that close a company name and belong inside the ORG span.
_LEGAL_SUFFIX = re.compile(
    r",?[ \t]+(?:Co\.|Corp\.|Inc\.|Ltd\.|Co|Corp|Inc|Ltd|LLC|L\.L\.C\.|Plc|PLC|plc|AG|GmbH"
    r"|N\.V\.|S\.A\.|Group|Holdings|Corporation|Company|Limited)(?![\w])"
)
_SCALE = "|".join(curated.SCALE_WORDS[:5])
_CURRENCY_AFTER = re.compile(
    rf"[ \t]+(?:(?:{_SCALE})[ \t]+)?(?:{'|'.join(curated.CURRENCY_WORDS)})\b", re.IGNORECASE
)
_SCALE_AFTER = re.compile(rf"[ \t]+(?:{_SCALE})\b", re.IGNORECASE)
_SIGN_BEFORE = re.compile(
    r"(?:US\$|HK\$|NT\$|A\$|C\$|S\$|[$€£¥₩₹₽₺₪₫]|(?:USD|EUR|KRW|JPY|CNY|GBP)[ \t]?)$"
)
_PERCENT_AFTER = re.compile(r"[ \t]?%|[ \t]+(?:percent|per cent|pct)\b", re.IGNORECASE)
_ORDINAL = re.compile(r"^(?:the\s+)?\d{1,2}(?:st|nd|rd|th)$", re.IGNORECASE)
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
_ORDINAL_NOUNS = frozenset(
    "anniversary floor century time times place round edition amendment birthday straight "
    "consecutive largest biggest best most person minute overall spot seed party congress "
    "session term grade".split()
)
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_EDGE_PUNCT = "\"'“”‘’()[]{}<>,;:!?*_|«»"  # <> : wire tickers, "<Sedio N.V.>"
_KEEP_DOT = frozenset("Co Corp Inc Ltd Jr Sr Bros St Mr Mrs Ms Dr".split())
_NUMERIC = frozenset({"MONEY", "CARDINAL", "QUANTITY"})
_NAMEABLE = frozenset({"ORG", "GPE", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "LOC", "EVENT"})
_UNPOSSESSED = _NUMERIC | {"DATE", "PERCENT"}
_PLACE_OR_ORG = frozenset({"ORG", "GPE", "LOC", "FAC"})
_SPACE = re.compile(r"\s")
_SUFFIXABLE = frozenset({"ORG", "PERSON", "GPE", "NORP", "PRODUCT", "FAC"})
_WORD = re.compile(r"\S+")
_NEXT_CAPITAL = re.compile(r"[ \t]+[A-Z]")
#: Words that end an organisation's name, never a person's ("Pirelli SpA").
_ORG_WORDS = frozenset(curated.ORG_SUFFIXES) | {"SpA", "S.p.A.", "AB", "ASA", "Oyj", "BV", "KK"}
#: Labels of names, which never hold a number, a spaced dash or a bracket.
_CUTTABLE = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_COMMA_CUT = frozenset({"PERSON", "GPE", "LOC", "FAC"})
_CUT_HINT = re.compile(r"[\d()\[\],]|\s[-–—]")
_NUMBER = r"(?<!\S)[\d][\d.,:/-]*(?!\S)"
_NAME_BREAK = re.compile(rf"\s*(?:{_NUMBER}|\s[-–—](?=\s)|[()\[\]])\s*")
_PLACE_BREAK = re.compile(rf"\s*(?:{_NUMBER}|\s[-–—](?=\s)|[()\[\],])\s*")
#: Labels whose names drop a leading lowercase "the" ("the United States" -> "United States").
_THE_NAMES = frozenset({"GPE", "LOC", "FAC", "EVENT", "NORP", "PRODUCT", "WORK_OF_ART"})


def make_span(text: str, start: int, end: int, label: str) -> Span | None:
    """A span with exact offsets, or None when nothing but blanks is left."""
    if start >= end or not text[start:end].strip():
        return None
    return Span(start, end, label, text[start:end])


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Keep the longest spans, drop any that overlap a kept one, and sort by position."""
    starts: list[int] = []  # kept spans, sorted by start; they never overlap each other
    ends: list[int] = []
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        i = bisect.bisect_left(starts, span.end)
        if i and ends[i - 1] > span.start:
            continue  # the kept span starting just before our end reaches into us
        starts.insert(i, span.start)
        ends.insert(i, span.end)
        kept.insert(i, span)
    return kept


def refine(text: str, spans: list[Span]) -> list[Span]:
    """Apply every news fix to ``spans``; the result is sorted, non-overlapping and exact."""
    size = len(text)
    current = []
    for span in spans:
        if 0 <= span.start < span.end <= size:
            for piece in _pieces(text, span):
                if (fixed := _fix(text, piece)) is not None:
                    current.append(fixed)
    current = resolve_overlaps(current)
    names = _name_tokens(current)
    if names:
        current = _relabel_linked_persons(current, names)
        current = resolve_overlaps(current + _person_mentions(text, current, names))
    return [s for s in current if text[s.start : s.end] == s.text]


def _pieces(text: str, span: Span) -> list[Span]:
    """A name cut where no name goes on: at a number ("Pohang 3 Ulsan 2", "M. Gatting 83"),
    a spaced dash or a bracket ("Romania - Cosmin Contra", "Scott Draper ( Australia"),
    and, for places and people, a comma ("Grace Road, Leicestershire")."""
    if span.label not in _CUTTABLE or _CUT_HINT.search(span.text) is None:
        return [span]
    breaks = _PLACE_BREAK if span.label in _COMMA_CUT else _NAME_BREAK
    pieces, at = [], span.start
    for match in breaks.finditer(span.text):
        pieces.append((at, span.start + match.start()))
        at = span.start + match.end()
    pieces.append((at, span.end))
    if len(pieces) == 1:
        return [span]
    return [
        Span(s, e, span.label, text[s:e]) for s, e in pieces if any(c.isalpha() for c in text[s:e])
    ]


def _fix(text: str, found: Span) -> Span | None:
    """Every fix in turn, in this order, on one span (None once one drops it).

    The label tests here are each fix's own first test, made before calling it: most
    spans need no fix but ``_trim``, and a call that returns its argument is not free.
    """
    span: Span | None = _trim(text, found)
    if span is None or span.text in curated.COMMON_ACRONYMS:
        return None
    if span.label in _CUTTABLE and not any(c.isupper() for c in span.text):
        return None  # a name has a capital: "cts" in an earnings table is no organisation
    label = span.label
    if label == "PERSON":
        span = _strip_person_title(text, span)
        if span is None:
            return None
    elif label == "ORG" or label == "LAW":
        span = _drop_leading_the(text, span)
        if span is None:
            return None
    elif label in _THE_NAMES and span.text.startswith("the "):
        span = make_span(text, span.start + 4, span.end, label)
        if span is None:
            return None
    if span.label in _SUFFIXABLE:
        span = _extend_org_suffix(text, span)
        if span is None:
            return None
    if span.label in _NUMERIC:
        span = _fix_money(text, span)
        if span is None:
            return None
    if span.label == "CARDINAL" or span.label == "PERCENT":
        span = _fix_percent(text, span)
        if span is None:
            return None
    if span.label == "ORDINAL" or span.label == "DATE":
        span = _ordinal_date(text, span)
        if span is None:
            return None
    if span.label in _NAMEABLE or span.label == "PERSON":
        span = _relabel_known(text, span)
    return span


def _trim(text: str, span: Span) -> Span | None:
    """Whitespace, edge punctuation, a sentence-final dot and a possessive off; one line only."""
    start, end = span.start, span.end
    t = text[start:end]
    if (
        t
        and "\n" not in t
        and t[0] not in _EDGE_PUNCT
        and t[-1] not in _EDGE_PUNCT
        and t[-1] != "."
        and not t[0].isspace()
        and not t[-1].isspace()
        and (
            span.label in _UNPOSSESSED
            or not (t[-1] in "'’" or (t[-1] == "s" and t[-2:-1] in ("'", "’")))
        )
    ):
        return span if span.text == t else Span(start, end, span.label, t)  # nothing to trim
    if "\n" in t:
        parts = [
            (m.start() + start, m.end() + start) for m in re.finditer(r"[^\n]+", text[start:end])
        ]
        start, end = max(parts, key=lambda p: p[1] - p[0])
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCT):
        start += 1
    while start < end and (
        text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCT or _final_dot(text, start, end)
    ):
        end -= 1
    if span.label not in _UNPOSSESSED:
        possessive = _POSSESSIVE.search(text, start, end)
        if possessive and possessive.start() > start + 1 and text[possessive.start() - 1].isalpha():
            if text[possessive.start() : end] != "'" or text[start:end].count("'") == 1:
                end = possessive.start()
        elif possessive and possessive.start() > start + 1 and text[possessive.start() - 1] == " ":
            end = possessive.start() - 1  # "Puerto Rico 's": a possessive written apart
            while end > start and text[end - 1].isspace():
                end -= 1
    return make_span(text, start, end, span.label)


def _final_dot(text: str, start: int, end: int) -> bool:
    """True for a sentence's full stop, false for the dot of "Co." or "U.S."."""
    if text[end - 1] != ".":
        return False
    last = text[start : end - 1].rsplit(None, 1)[-1] if text[start : end - 1].strip() else ""
    return "." not in last and last not in _KEEP_DOT and not (len(last) == 1 and last.isupper())


def _words(text: str, span: Span) -> list[tuple[int, int]]:
    return [(m.start() + span.start, m.end() + span.start) for m in _WORD.finditer(span.text)]


def _strip_person_title(text: str, span: Span) -> Span | None:
    """"Commerce Minister Wang Wentao" -> "Wang Wentao"; "Minister of Commerce Wang" -> "Wang"."""
    if span.label != "PERSON":
        return span
    if _SPACE.search(span.text) is None:  # one word: no title to strip
        if not text[span.start].isupper():
            return None
        return (
            span
            if text[span.start : span.end] == span.text
            else make_span(text, span.start, span.end, "PERSON")
        )
    words = _words(text, span)
    cut = 0
    for i, (s, e) in enumerate(words[:-1]):
        word = text[s:e].rstrip(",").lower()
        if word in TITLE_WORDS or word == "the":
            cut = i + 1
    if cut and cut < len(words) and text[words[cut][0] : words[cut][1]] == "of":
        cut = len(words) - 1
    rest = words[cut:]
    if not rest or not text[rest[0][0]].isupper():
        return None
    return make_span(text, rest[0][0], rest[-1][1], "PERSON")


def _drop_leading_the(text: str, span: Span) -> Span | None:
    """"the Inflation Reduction Act" -> "Inflation Reduction Act" (ORG and LAW)."""
    if span.label in {"ORG", "LAW"} and (m := _THE.match(span.text)):
        return make_span(text, span.start + m.end(), span.end, span.label)
    return span


def _extend_org_suffix(text: str, span: Span) -> Span | None:
    """"Samsung Electronics" + " Co." -> one ORG; "Acme" + " Corp" makes an ORG of any name."""
    if span.label not in {"ORG", "PERSON", "GPE", "NORP", "PRODUCT", "FAC"}:
        return span
    if span.text.endswith(("Co", "Corp", "Inc", "Ltd")) and text[span.end : span.end + 1] == ".":
        return make_span(text, span.start, span.end + 1, "ORG")
    if m := _LEGAL_SUFFIX.match(text, span.end):
        return make_span(text, span.start, m.end(), "ORG")
    return span


def _fix_money(text: str, span: Span) -> Span | None:
    """Keep scale, currency word and sign inside MONEY: "$4.2 billion", "300 trillion won"."""
    if span.label not in _NUMERIC:
        return span
    start, end, label = span.start, span.end, span.label
    if m := _CURRENCY_AFTER.match(text, end):
        end, label = m.end(), "MONEY"
    elif label == "MONEY" and (m := _SCALE_AFTER.match(text, end)):
        end = m.end()
        if m2 := _CURRENCY_AFTER.match(text, end):
            end = m2.end()
    if sign := _SIGN_BEFORE.search(text, max(0, start - 4), start):
        start, label = sign.start(), "MONEY"
    return make_span(text, start, end, label)


def _fix_percent(text: str, span: Span) -> Span | None:
    """A number followed by "%" or "percent" is one PERCENT."""
    if span.label in {"CARDINAL", "PERCENT"} and (m := _PERCENT_AFTER.match(text, span.end)):
        return make_span(text, span.start, m.end(), "PERCENT")
    return span


def _ordinal_date(text: str, span: Span) -> Span | None:
    """"on the 26th" in news is a day of the month: ORDINAL -> DATE, with its "the"."""
    if span.label not in {"ORDINAL", "DATE"} or not _ORDINAL.match(span.text):
        return span
    start = span.start
    if not span.text.lower().startswith("the"):
        window = text[max(0, start - 8) : start]
        the = re.search(r"\bthe[ \t]+$", window, re.IGNORECASE)
        if the is None:
            return span
        start -= len(window) - the.start()
    following = _NEXT_WORD.match(text, span.end)
    if following and following.group(1).lower() in _ORDINAL_NOUNS:
        return span  # "the 20th anniversary", "the 5th floor"
    return make_span(text, start, span.end, "DATE")


def _relabel_known(text: str, span: Span) -> Span | None:
    """Exact gazetteer names get the gazetteer's label; "... Cooperation" FAC -> ORG."""
    if span.label not in _NAMEABLE and span.label != "PERSON":
        return span
    label = _known_labels().get(span.text)
    if label is not None:  # a known name keeps its known label: "Soviet Union" ends in
        # "Union" like a trade union, and is a country
        if _may_relabel(span.label, label, span.text):
            return Span(span.start, span.end, label, span.text)
        if label == span.label:
            return span
    if (
        span.label in {"FAC", "GPE", "PRODUCT", "WORK_OF_ART", "PERSON"}
        and len(words := span.text.split()) > 1
    ):
        if words[-1] in curated.ORG_SUFFIXES or (
            words[0] in curated.ORG_HEADS and words[1] == "of"
        ):
            org = _drop_leading_the(text, Span(span.start, span.end, "ORG", span.text))
            known = None if org is None else _known_labels().get(org.text)
            if org is not None and known is not None and known != "ORG":
                return Span(org.start, org.end, known, org.text)  # "The Soviet Union"
            return org
    return span


def _may_relabel(found: str, known: str, name: str) -> bool:
    """Whether a gazetteer's label may replace what an engine found.

    Not between organisations and places: a club, a team or a government named
    after its city ("Liverpool", "Santa Fe", "Washington") is an organisation only
    the context tells, and the engine saw the context. A country's name, though, is
    a place ("Soviet Union" is no organisation, even in front of "said"). Not a
    person into a place when the name is also a person's ("Jordan", "Holland").
    """
    if found == known:
        return False
    if {found, known} <= _PLACE_OR_ORG:
        return found == "ORG" and known == "GPE" and name in country_names()
    if found == "PERSON" and known in {"GPE", "LOC"}:
        gaz = gazetteers()
        return name not in gaz.first_names and name not in gaz.surnames
    return True


@lru_cache(maxsize=1)
def _known_labels() -> dict[str, str]:
    """Every gazetteer phrase and its label (the first list that has it, as ``phrases``
    orders them)."""
    known: dict[str, str] = {}
    for label, phrases in gazetteers().phrases.items():
        for phrase in phrases:
            known.setdefault(phrase, label)
    return known


def _name_tokens(spans: list[Span]) -> set[str]:
    """First and last words of the people's full names in a story: the forms it reuses.

    Only from spans that read as a person's name (two to four capitalised words, no
    number, no "at" or "of", no company word): a model's PERSON "Yorkshire at
    Headingley" or "Pirelli SpA" must not make every "Yorkshire" or "Pirelli" a person.
    """
    found: set[str] = set()
    for span in spans:
        if span.label == "PERSON" and (words := _full_name(span.text)):
            found.update(w for w in (words[0], words[-1]) if _usable_name(w))
    return found


def _full_name(name: str) -> list[str]:
    """The words of ``name`` when it reads as a person's full name, else []."""
    words = name.split()
    if not 2 <= len(words) <= 4 or words[-1] in _ORG_WORDS:
        return []
    if all(w[:1].isupper() and not any(c.isdigit() for c in w) for w in words):
        return words
    return []


def _usable_name(word: str) -> bool:
    if len(word) < 2 or not word[:1].isupper() or not word.replace("-", "").isalpha():
        return False
    if word in curated.NOT_NAMES or word.lower() in TITLE_WORDS:
        return False
    return word not in _known_labels()


def _relabel_linked_persons(spans: list[Span], names: set[str]) -> list[Span]:
    """A bare "Wang" labelled ORG in a story about "Wang Wentao" is the person (``names``:
    ``_name_tokens(spans)``)."""
    return [
        Span(s.start, s.end, "PERSON", s.text) if s.label in _NAMEABLE and s.text in names else s
        for s in spans
    ]


def _person_mentions(text: str, spans: list[Span], names: set[str]) -> list[Span]:
    """Unlabelled later mentions of a person: the full name again ("Phil Simmons", one
    span, not two), else the surname alone ("Director Ahn" -> "Ahn").

    ``names`` are letters and hyphens, so a mention not inside a longer word or
    hyphenated name is a whole run of word characters and hyphens: ``str.find``
    and a look at both neighbours find them without compiling a regex per text. A
    word followed by another capitalised word is part of some longer name
    ("Simmons Bedding"), unless that is the person's full name.
    """
    full = {s.text for s in spans if s.label == "PERSON" and _full_name(s.text)}
    hits: list[tuple[int, str]] = []
    for name in full:
        hits.extend((at, name) for at in _whole_word_hits(text, name))
    for name in names:
        hits.extend((at, name) for at in _whole_word_hits(text, name)
                    if not _NEXT_CAPITAL.match(text, at + len(name)))
    hits.sort(key=lambda hit: (hit[0], -len(hit[1])))
    starts = [s.start for s in spans]  # spans are sorted and non-overlapping
    found = []
    for at, name in hits:
        i = bisect.bisect_left(starts, at + len(name)) - 1
        if i < 0 or spans[i].end <= at:
            found.append(Span(at, at + len(name), "PERSON", name))
    return found


def _whole_word_hits(text: str, name: str) -> list[int]:
    """Where ``name`` stands in ``text`` as whole words (not inside a longer word or
    hyphenated name)."""
    size, found = len(text), []
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if (at == 0 or not _joins(text[at - 1])) and (end == size or not _joins(text[end])):
            found.append(at)
        at = text.find(name, at + 1)
    return found


def _joins(char: str) -> bool:
    """True for a character of ``re``'s ``[\\w-]``: a word character or a hyphen."""
    return char.isalnum() or char == "_" or char == "-"


def link_mentions(text: str, spans: list[Span]) -> list[tuple[Span, str]]:
    """Each span with the fullest name the article gives the same entity.

    People link by shared words ("Ahn" -> "Ahn Deok-geun"); other names link to
    the one longer name of the same label that contains them ("Korea" ->
    "South Korea" unless "North Korea" is mentioned too) or that they abbreviate
    ("APEC" -> "Asia-Pacific Economic Cooperation", "USDA" -> "U.S. Agriculture
    Department": ``aliases.abbreviates``).
    """
    texts_by_label: dict[str, set[str]] = {}
    for span in spans:
        texts_by_label.setdefault(span.label, set()).add(_bare(span.text))
    canonical: dict[tuple[str, str], str] = {}  # a story repeats its names: each is worked out once
    linked = []
    for span in spans:
        key = (_bare(span.text), span.label)
        found = canonical.get(key)
        if found is None:
            found = canonical[key] = _canonical(key[0], span.label, texts_by_label)
        linked.append((span, found))
    return linked


def _bare(name: str) -> str:
    return _POSSESSIVE.sub("", name) if name.endswith(("'s", "’s")) else name


def _canonical(name: str, label: str, texts_by_label: dict[str, set[str]]) -> str:
    """The unique longer form of ``name`` among same-label texts, else ``name``."""
    words = name.split()
    candidates = set()
    for other in texts_by_label.get(label, ()):
        other_words = other.split()
        if len(other_words) <= len(words) and not (name.isupper() and len(other_words) > 1):
            continue
        if label == "PERSON":
            if set(words) <= set(other_words):
                candidates.add(other)
        elif (
            other_words[-len(words) :] == words
            or other_words[: len(words)] == words
            or (name.isupper() and abbreviates(name, other))
        ):
            candidates.add(other)
    if label == "PERSON" and candidates:
        return max(sorted(candidates), key=len)
    longest = {c for c in candidates if not any(c != d and c in d for d in candidates)}
    return longest.pop() if len(longest) == 1 else name
