"""The offline default engine: spaCy's tokenizer, an EntityRuler and name heuristics.

No model download: ``spacy.blank("en")`` tokenizes, an EntityRuler marks the
gazetteer phrases (countries, cities, nationalities, organisations) and token
patterns for dates, money, percentages and laws. Names of people and
organisations that no list can hold are found by looking at runs of
capitalised words in the raw text (a C-speed regex, not a per-token Python
loop) and classifying each run by its shape: a title before it, a known first
name or surname, a company suffix, a ministry head. Everything then goes
through ``postprocess.refine`` like any other engine's output.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import spacy
from spacy.language import Language

from newsreader.core.entities import curated
from newsreader.core.entities.engine import Span
from newsreader.core.entities.gazetteers import EXTRA_SURNAMES, Gazetteers, gazetteers
from newsreader.core.entities.postprocess import TITLE_WORDS, refine, resolve_overlaps

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
#: Line breaks become spaces before tokenizing (same length, so offsets hold): spaCy's
#: tokenizer cannot cache chunks that contain a newline and runs ten times slower on them.
_FLATTEN = str.maketrans("\n\r\t\x0b\x0c\u2028\u2029\x85", "        ")
#: Abbreviations whose final dot belongs to the word ("Mr.", "Co.", "U.S.").
_ABBREV = r"(?:Mr|Mrs|Ms|Dr|Prof|Rev|Sen|Rep|Gen|Lt|Col|Capt|Adm|Sgt|Gov|St|Jr|Sr|Co|Corp|Inc|Ltd|Bros)\."
_WORD = rf"(?:{_ABBREV}|[{_UPPER}](?:\.[{_UPPER}])+\.|[{_UPPER}]\.(?=[ \t]+[{_UPPER}])|[{_UPPER}][\w'’&-]*)"
_JOIN = r"(?:[ \t]+(?:of|and|for|the|de|du|la|von|van|der|al|bin|&|on))*[ \t]+"
#: A run of capitalised words, possibly joined by "of", "and", "&" ...; never across a line.
_RUN = re.compile(rf"(?<![\w'’])(?:{_WORD}(?:{_JOIN}{_WORD})*)")
_TOKEN = re.compile(rf"{_WORD}|\S+")
#: "Ministry of Trade, Industry and Energy": a head, "of", and a comma list.
_MINISTRY = re.compile(
    rf"\b(?:Ministry|Department|Minister|Secretary|Committee) of [{_UPPER}]\w+"
    rf"(?:, [{_UPPER}]\w+)+,? and [{_UPPER}]\w+"
)
_SAID_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:said|says|told|added|wrote|announced)\b")
_SAID_BEFORE = re.compile(r"\b(?:said|says|told|according to|by)[ \t]*$")
_CONNECTORS = frozenset("of and for the de du la von van der al bin & on".split())
_ACRONYM_STOP = frozenset(
    "AI EV EVs GDP CEO CFO CTO COO TV IT PC OK AM PM DNA ESG IPO CPI PPI COVID COVID-19 "
    "FAQ PDF USB LED LNG GPS VAT CO2 R&D HBM DRAM NAND OLED LCD API APP SUV UAV PR HR".split()
)
_ORG_SUFFIXES = frozenset(curated.ORG_SUFFIXES)
_ORG_HEADS = frozenset(curated.ORG_HEADS)
_LAW_WORDS = frozenset(curated.LAW_WORDS)
_EVENT_WORDS = frozenset(curated.EVENT_WORDS)
_NOT_NAMES = frozenset(curated.NOT_NAMES)
#: Heads whose "of A and B" names one body: "Ministry of Trade and Industry".
_PORTFOLIO_HEADS = frozenset(
    "Ministry Department Minister Secretary Committee Commission Bureau Office Institute Academy".split()
)


class RulesEngine:
    """Fast, model-free entity extraction for news text."""

    name = "rules"

    def __init__(self, batch_size: int = 64) -> None:
        self._nlp = build_pipeline()
        self._gaz = gazetteers()
        self._batch_size = batch_size

    def extract(self, texts: Sequence[str]) -> list[list[Span]]:
        """Spans for each text, refined for news, sorted and non-overlapping."""
        results: list[list[Span]] = []
        flat = (text.translate(_FLATTEN) for text in texts)
        for text, doc in zip(texts, self._nlp.pipe(flat, batch_size=self._batch_size)):
            ruled = [
                Span(e.start_char, e.end_char, e.label_, text[e.start_char : e.end_char])
                for e in doc.ents
                if "\n" not in text[e.start_char : e.end_char]
            ]
            ruled = resolve_overlaps(ruled + pattern_spans(text))
            named = list(name_spans(text, ruled, self._gaz))
            results.append(refine(text, resolve_overlaps(ruled + named)))
        return results


@lru_cache(maxsize=1)
def build_pipeline() -> Language:
    """A blank English pipeline whose EntityRuler holds the gazetteer phrases (built once).

    Numeric and calendar patterns are regexes over the text (``PATTERNS``):
    token patterns with set and regex predicates made the Matcher the slowest
    step, four times slower than tokenizing.
    """
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    ruler.add_patterns(list(_phrase_patterns(gazetteers())))
    return nlp


def _phrase_patterns(gaz: Gazetteers) -> Iterable[dict]:
    """One phrase pattern per gazetteer entry; a phrase in two lists keeps the first label."""
    seen: set[str] = set()
    for label in ("ORG", "LOC", "GPE", "NORP"):
        for phrase in sorted(gaz.phrases[label]):
            if phrase not in seen:
                seen.add(phrase)
                yield {"label": label, "pattern": phrase}


def _alt(words: Iterable[str]) -> str:
    """A regex alternation, longest first so "per cent" wins over "per"."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


_NUM = r"\d+(?:[.,]\d+)*"
_NUMWORD = r"(?:\d+(?:[.,]\d+)*|one|two|three|four|five|six|seven|eight|nine|ten|several)"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|mn|bn|tn|m|b|k)"
_SIGN = _alt(curated.CURRENCY_SIGNS)
_CUR = _alt(curated.CURRENCY_WORDS)
_MONTH = _alt(curated.MONTHS)
_WEEKDAY = _alt(curated.WEEKDAYS)
_UNIT = _alt(curated.DATE_UNITS)
_REL = r"(?:last|next|this|past|coming|previous|same|following|recent)"
_ORDINAL_NOUNS = r"(?:anniversary|floor|time|times|place|round|edition|amendment|birthday|straight|consecutive|largest|biggest|best|most|person|spot|seed|party|congress|session|term|grade)"

#: Numeric and calendar entities, matched on the raw text (C-speed) rather than token by token.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(rx))
    for label, rx in (
        ("MONEY", rf"{_SIGN}[ \t]?{_NUM}(?:[ \t]?{_SCALE}\b)?(?:[ \t]?(?:-|to)[ \t]?{_NUM}(?:[ \t]?{_SCALE}\b)?)?"),
        ("MONEY", rf"(?i:\b{_NUMWORD}(?:[ \t]?{_SCALE})?(?:[ \t]+{_SCALE})?[ \t]+{_CUR}\b)"),
        ("MONEY", rf"\b{_NUM}(?:[ \t]?{_SCALE})?[ \t]?(?:USD|EUR|KRW|JPY|CNY|RMB|GBP)\b"),
        ("PERCENT", rf"(?i:\b{_NUM}[ \t]?(?:%|percent\b|per cent\b|pct\b|percentage points?\b))"),
        ("DATE", rf"\b{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?[ \t]+\d{{4}}\b)?"),
        ("DATE", rf"\b\d{{1,2}}[ \t]+{_MONTH}(?:[ \t]+\d{{4}})?\b"),
        ("DATE", rf"\b(?:(?:[Ee]arly|[Ll]ate|[Mm]id-?)[ \t]?)?{_MONTH}[ \t]+\d{{4}}\b"),
        ("DATE", r"\b(?:January|February|April|June|July|August|September|October|November|December)\b"),
        ("DATE", r"\b(?:in|by|since|until|from|early|late) (March|May)\b"),
        ("DATE", r"\b(?:(?:[Ee]arly|[Ll]ate|[Mm]id-?)[ \t]?)?(?:1[5-9]|20)\d\d(?:s\b|(?:[-–/]\d{2,4})?\b)(?![.,]?\d|%| ?percent)"),
        ("DATE", r"\b(?:the[ \t]+)?(?:'|’)\d0s\b"),
        ("DATE", rf"(?i:\bthe[ \t]+\d{{1,2}}(?:st|nd|rd|th)\b(?:[ \t]+century\b)?)(?![ \t]+{_ORDINAL_NOUNS}\b)"),
        ("DATE", r"(?i:\b(?:the[ \t]+)?(?:first|second|third|fourth|final|last)[ \t]+(?:quarter|half)\b(?:[ \t]+of[ \t]+(?:this[ \t]+year|\d{4})\b)?)"),
        ("DATE", rf"(?i:\b(?:(?:early|late|earlier|later)[ \t]+)?{_REL}[ \t]+(?:{_UNIT}|{_WEEKDAY}|{_MONTH})\b)"),
        ("DATE", rf"(?i:\bthe[ \t]+(?:past|last|next|coming|previous|first|second)[ \t]+(?:{_NUMWORD}[ \t]+)?{_UNIT}\b)"),
        ("DATE", rf"(?i:\b(?:{_NUMWORD}|an?)[ \t]+{_UNIT}[ \t]+ago\b)"),
        ("DATE", rf"\b{_WEEKDAY}\b|\b(?:[Tt]oday|[Yy]esterday|[Tt]omorrow)\b|\b(?:Q[1-4]|H[12])\b"),
    )
)


def pattern_spans(text: str) -> list[Span]:
    """Money, percentages and dates in ``text``, possibly overlapping (resolved later)."""
    return [
        Span(m.start(m.lastindex or 0), m.end(m.lastindex or 0), label, m.group(m.lastindex or 0))
        for label, pattern in PATTERNS
        for m in pattern.finditer(text)
    ]


def name_spans(text: str, known: list[Span], gaz: Gazetteers) -> Iterable[Span]:
    """People, organisations, laws and events among the capitalised runs of ``text``."""
    starts = [k.start for k in known]
    for match in _MINISTRY.finditer(text):
        yield Span(match.start(), match.end(), "ORG", match.group())
    for run in _RUN.finditer(text):
        words = [(m.start() + run.start(), m.end() + run.start()) for m in _TOKEN.finditer(run.group())]
        yield from _classify_run(text, words, known, starts, gaz)


def _classify_run(
    text: str, words: list[tuple[int, int]], known: list[Span], starts: list[int], gaz: Gazetteers
) -> Iterable[Span]:
    """Classify one run: whole-run organisations first, else split at titles and connectors."""
    words = _strip_leading(text, words)
    if not words:
        return
    title_at = _last_title(text, words)
    pieces = [(words, _titled_before(text, words[0][0]))]
    if title_at is not None:
        before, after = words[:title_at], words[title_at + 1 :]
        while before and _is_title(_word(text, before[-1])):
            before = before[:-1]  # "Prime" of "Prime Minister"
        if after and _word(text, after[0]) == "of":
            # "Secretary of State Antony Blinken", "Minister of Commerce Wang"
            keep = 2 if len(after) > 2 and _word(text, after[-2]) in gaz.first_names else 1
            after = after[-keep:]
        pieces = [(before, _titled_before(text, words[0][0])), (after, True)]
    for piece, titled in pieces:
        for part, whole in _split_connectors(text, piece):
            if whole:
                yield _span(text, part, whole)
                continue
            for sub in _split_known(part, known, starts):
                label = _piece_label(text, sub, gaz, titled)
                if label:
                    yield _span(text, sub, label)


def _word(text: str, word: tuple[int, int]) -> str:
    return text[word[0] : word[1]]


def _span(text: str, words: list[tuple[int, int]], label: str) -> Span:
    start, end = words[0][0], words[-1][1]
    return Span(start, end, label, text[start:end])


def _strip_leading(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop sentence-opening function words and connectors ("The", "However", "And")."""
    i = 0
    while i < len(words) and (_word(text, words[i]) in _NOT_NAMES or _word(text, words[i]) in _CONNECTORS):
        i += 1
    j = len(words)
    while j > i and _word(text, words[j - 1]) in _CONNECTORS:
        j -= 1
    return words[i:j]


def _is_title(word: str) -> bool:
    return word.lower() in TITLE_WORDS


def _last_title(text: str, words: list[tuple[int, int]]) -> int | None:
    """Index of the last title word that is followed by a name ("Commerce Minister Wang")."""
    for i in range(len(words) - 2, -1, -1):
        nxt = _word(text, words[i + 1])
        if _is_title(_word(text, words[i])) and (nxt == "of" or not _is_title(nxt)) and nxt not in _ORG_SUFFIXES:
            return i
    return None


def _titled_before(text: str, start: int) -> bool:
    """True when a lowercase title or "said" stands just before ``start``."""
    head = text[max(0, start - 40) : start]
    prev = head.rstrip().rsplit(None, 1)[-1] if head.strip() else ""
    return _is_title(prev.rstrip(",")) or bool(_SAID_BEFORE.search(head))


def _whole_run_label(text: str, words: list[tuple[int, int]]) -> str | None:
    """ORG, LAW or EVENT when the run's first or last word says so ("Ministry of ...", "... Corp")."""
    if len(words) < 2:
        return None
    first, last = _word(text, words[0]), _word(text, words[-1]).removesuffix("’s").removesuffix("'s")
    if last in _LAW_WORDS:
        return "LAW"
    if last in _EVENT_WORDS:
        return "EVENT"
    if last in _ORG_SUFFIXES or first in _ORG_HEADS:
        return "ORG"
    return None


def _has_head_of(text: str, words: list[tuple[int, int]]) -> bool:
    """True for "Ministry of ...": a following "and" continues the name."""
    tokens = [_word(text, w) for w in words]
    return any(a in _PORTFOLIO_HEADS and b == "of" for a, b in zip(tokens, tokens[1:]))


def _split_connectors(
    text: str, words: list[tuple[int, int]]
) -> Iterable[tuple[list[tuple[int, int]], str | None]]:
    """Split at "and"/"the", then at "of"/"for", keeping whole organisations and laws.

    "Acme Corp and Hyundai Motor Group" is two names; "Ministry of Economy and
    Finance" and "CHIPS and Science Act" are one.
    """
    if _whole_run_label(text, words) == "LAW":
        yield words, "LAW"
        return
    segments: list[list[tuple[int, int]]] = [[]]
    for word in words:
        token = _word(text, word)
        if token in ("and", "the") and not _has_head_of(text, segments[-1]):
            segments.append([])
        else:
            segments[-1].append(word)
    for segment in segments:
        segment = _strip_leading(text, segment)
        if not segment:
            continue
        if whole := _whole_run_label(text, segment):
            yield _after_loose_of(text, segment), whole
            continue
        piece: list[tuple[int, int]] = []
        for word in segment:
            if _word(text, word) in _CONNECTORS:
                if piece:
                    yield piece, None
                piece = []
            else:
                piece.append(word)
        if piece:
            yield piece, None


def _after_loose_of(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"Shares of Acme Corp" -> "Acme Corp": an "of" not after a head word starts the name."""
    tokens = [_word(text, w) for w in words]
    if tokens[0] in _ORG_HEADS:
        return words
    for i, token in enumerate(tokens):
        if token in _ORG_HEADS or _is_title(token):
            break
        if token == "of" and i + 2 <= len(tokens) - 1:
            return words[i + 1 :]
    return words


def _split_known(
    words: list[tuple[int, int]], known: list[Span], starts: list[int]
) -> Iterable[list[tuple[int, int]]]:
    """Split a piece around spans the ruler already labelled (they stay as they are).

    ``known`` is sorted and non-overlapping (``starts`` are its start offsets), so a
    bisect finds the one candidate.
    """
    piece: list[tuple[int, int]] = []
    for word in words:
        i = bisect.bisect_left(starts, word[1]) - 1
        if i >= 0 and known[i].end > word[0]:
            if piece:
                yield piece
            piece = []
        else:
            piece.append(word)
    if piece:
        yield piece


def _piece_label(text: str, words: list[tuple[int, int]], gaz: Gazetteers, titled: bool) -> str | None:
    """PERSON, ORG or nothing for a run piece that no list knows."""
    tokens = [_word(text, w) for w in words]
    tokens[-1] = tokens[-1].removesuffix("’s").removesuffix("'s")
    if len(tokens) == 1:
        token = tokens[0]
        if token.isupper() and 2 <= len(token.replace(".", "")) <= 6 and token not in _ACRONYM_STOP:
            return "ORG" if token.isalpha() or "&" in token else None
        return "PERSON" if titled and token[:1].isupper() and not _is_title(token) else None
    if len(tokens) > 4 or any(t[:1].islower() for t in tokens):
        return _whole_run_label(text, words)
    if titled or tokens[0] in gaz.first_names or tokens[-1] in gaz.surnames:
        return "PERSON"
    if tokens[0] in EXTRA_SURNAMES and len(tokens) == 2:
        return "PERSON"  # "Ahn Deok-geun", "Xi Jinping": family name first
    if _SAID_AFTER.match(text, words[-1][1]):
        return "PERSON"
    return _whole_run_label(text, words)
