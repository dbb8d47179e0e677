"""Headlines and datelines in capitals, read as such by every engine.

A wire story often opens with a headline in capitals and a dateline
("LEICESTERSHIRE TAKE OVER AT TOP", "LONDON 1996-08-30", "TAIPEI, March 3
(Reuters) -"). In capitals every word looks like an acronym to a rule and like a
name to a statistical model, so both engines found organisations everywhere in
such lines. Here a line in capitals gets back the case its words have elsewhere
in the same story ("Leicestershire" is written so in the body), else the case of
a place or organisation the gazetteers know ("NEW YORK" -> "New York"), else
lower case, its first word capitalised: the engines read that recased copy (same
length, so every offset holds) while spans keep the text as written. A dateline's
place is a place, whatever an engine makes of it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

from .engine import Span
from .gazetteers import gazetteers, stop_words

#: Agencies whose name in brackets ends a dateline: "TAIPEI, March 3 (Reuters) -".
_AGENCIES = (
    "Reuters|AP|AFP|Bloomberg|Xinhua|Yonhap|UPI|dpa|DPA|Kyodo|ANSA|EFE|PTI|IANS|CNA|Tass|TASS"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_PLACE_WORD = r"[A-Z][A-Z.'’-]*[A-Z.]"
#: A dateline: places in capitals at the start of a line, maybe ", Region", then a date,
#: an agency, a dash or the end of the line.
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE_WORD}(?:[ ]{_PLACE_WORD}){{0,3}})"
    r"(?:[ ]?,[ ]?(?P<region>[A-Z][A-Za-z.]*(?:[ ][A-Z][A-Za-z.]*)?))?"
    rf"(?P<end>[ ]?,?[ ]?(?:\d{{4}}-\d\d-\d\d|{_MONTH}[ ]\d{{1,2}}\b|\((?:{_AGENCIES})\)"
    r"|[-–—][ ](?=[A-Z][a-z])|[ ]?\.?[ ]*$))",
    re.MULTILINE,
)
_TOKEN = re.compile(r"\S+")
_EDGE = "\"'“”‘’()[]{},;:!?.`"
_LOWER = re.compile(r"[a-z]")
_VOWELS = re.compile(r"[AEIOUY]")
_TOPIC = re.compile(r"[ ]?[-–—:][ ]")
#: A dateline stands in a story's first lines (after a headline, a byline).
DATELINE_LINES = 3


def shouted_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line written in capitals (two letters at least, none lower)."""
    found = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.isupper() and sum(c.isalpha() for c in line) >= 2:
            found.append((start, end))
        start = end + 1
    return found


def recase(text: str) -> str:
    """``text`` with its lines in capitals (and datelines' places) in the case a story
    would give them; the same length, so offsets into one are offsets into the other."""
    regions = shouted_lines(text)
    places = [(m.start("place"), m.end("place")) for m in _datelines(text)]
    if not regions and not places:
        return text
    forms = _story_forms(text, regions)
    chars = list(text)
    for start, end in regions:
        _recase_region(text, start, end, forms, chars, places=False)
    for start, end in places:
        if not any(s <= start < e for s, e in regions):
            _recase_region(text, start, end, forms, chars, places=True)
    recased = "".join(chars)
    return recased if len(recased) == len(text) else text


def dateline_places(text: str) -> list[Span]:
    """GPE spans for the places of each dateline ("LONDON", "MILWAUKEE , Wisconsin")."""
    spans = []
    for match in _datelines(text):
        for group in ("place", "region"):
            if match.group(group):
                spans.append(Span(match.start(group), match.end(group), "GPE", match.group(group)))
    return spans


def _datelines(text: str) -> list[re.Match[str]]:
    """Datelines that are one, among a story's first lines: a line of a few place words,
    never a headline's first words."""
    head = text[:_head_end(text)]
    found = []
    for match in _DATELINE.finditer(head):
        place, region, end = match.group("place"), match.group("region"), match.group("end")
        if sum(c.isalpha() for c in place) < 3:
            continue
        line_end = head.find("\n", match.start())
        rest = head[match.end(): len(head) if line_end < 0 else line_end]
        if not end.strip(" .,") and not region and not rest and not _known_place(place):
            continue  # a line of one word in capitals: a place only if it is one
        if end.strip(" ,").startswith("-") and not region and not _known_place(place):
            continue  # "SOCCER - ..." is a headline's topic, "TAIPEI - ..." a dateline
        found.append(match)
    return found


def _head_end(text: str, lines: int = DATELINE_LINES) -> int:
    """Where a story's first ``lines`` lines end."""
    at = -1
    for _ in range(lines):
        at = text.find("\n", at + 1)
        if at < 0:
            return len(text)
    return at


def _known_place(words: str) -> bool:
    return _place_case().get(words.upper()) is not None


@lru_cache(maxsize=1)
def _place_case() -> dict[str, str]:
    """Places and organisations of the gazetteers, by their capitals: "NEW YORK" -> "New York"."""
    found: dict[str, str] = {}
    phrases = gazetteers().phrases
    for label in ("GPE", "LOC", "NORP", "ORG"):
        for phrase in phrases[label]:
            found.setdefault(phrase.upper(), phrase)
    return found


@lru_cache(maxsize=1)
def _longest_phrase() -> int:
    return max(len(p.split()) for p in _place_case())


def _story_forms(text: str, regions: Sequence[tuple[int, int]]) -> dict[str, str]:
    """How the story writes each word outside its capitals: the commonest form written
    within a sentence ("innings", "Leicestershire"), else at a sentence's start."""
    inside: dict[str, Counter[str]] = {}
    opening: dict[str, Counter[str]] = {}
    shouted = {start for start, _ in regions}
    start = 0
    for line in text.split("\n"):
        if start not in shouted:
            previous = "."
            for raw in line.split():
                word = raw.strip(_EDGE)
                if word and _LOWER.search(word):
                    counts = opening if previous.endswith((".", "!", "?", ":")) else inside
                    counts.setdefault(word.upper(), Counter())[word] += 1
                previous = raw
        start += len(line) + 1
    forms = {key: counter.most_common(1)[0][0] for key, counter in opening.items()
             if key.lower() not in stop_words()}
    forms.update((key, counter.most_common(1)[0][0]) for key, counter in inside.items())
    return forms


def _recase_region(text: str, start: int, end: int, forms: dict[str, str], chars: list[str],
                   *, places: bool) -> None:
    """Write the recased words of ``text[start:end]`` into ``chars``."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    phrases, longest = _place_case(), _longest_phrase()
    i, first = 0, True
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 1, -1):  # "NEW YORK", "SRI LANKA"
            words = " ".join(text[s:e].strip(_EDGE) for s, e in tokens[i:i + size])
            phrase = phrases.get(words)
            if phrase is not None and _put_phrase(text, tokens[i:i + size], phrase, chars):
                i, first = i + size, False
                break
        else:
            s, e = tokens[i]
            word = text[s:e]
            core = word.strip(_EDGE)
            if core and any(c.isalpha() for c in core):
                cased = _word_case(core, forms, places=places)
                if first and cased[:1].islower() and not _TOPIC.match(text, e):
                    # "CRICKET - ..." is a topic, not a sentence
                    cased = cased[:1].upper() + cased[1:]
                at = s + word.index(core)
                if len(cased) == len(core):
                    chars[at:at + len(core)] = cased
                first = False
            i += 1


def _put_phrase(
    text: str, tokens: Sequence[tuple[int, int]], phrase: str, chars: list[str]
) -> bool:
    words = phrase.split()
    cores = [text[s:e].strip(_EDGE) for s, e in tokens]
    if [len(w) for w in words] != [len(c) for c in cores]:
        return False
    for (s, e), core, word in zip(tokens, cores, words, strict=True):
        at = s + text[s:e].index(core)
        chars[at:at + len(core)] = word
    return True


def _word_case(word: str, forms: dict[str, str], *, places: bool) -> str:
    """The case of one word of a line in capitals (see the module's docstring)."""
    known = forms.get(word)
    if known is not None:
        return known
    phrase = _place_case().get(word)
    if phrase is not None:
        return phrase
    if places:
        return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))
    if "-" in word:  # "FOOTBALL-RANDALL": each part as the story writes it
        return "-".join(_word_case(part, forms, places=False) if part else part
                        for part in word.split("-"))
    if word.isalpha() and not _VOWELS.search(word):
        return word  # "NFL", "NBP": an acronym
    return word.lower()  # a word of the headline the story does not repeat


def read_recased(
    texts: Sequence[str], find: Callable[[list[str]], list[list[Span]]]
) -> list[list[Span]]:
    """``find`` run on the recased texts, its spans given back the text as written and
    each dateline's place made a GPE (any span overlapping it gives way)."""
    recased = [recase(text) for text in texts]
    results = []
    for text, copy, spans in zip(texts, recased, find(recased), strict=True):
        if copy is text:
            results.append(spans)
            continue
        places = dateline_places(text)
        kept = [Span(s.start, s.end, s.label, text[s.start:s.end]) for s in spans
                if not any(s.start < p.end and p.start < s.end for p in places)]
        results.append(sorted(kept + places, key=lambda s: s.start) if places else kept)
    return results
