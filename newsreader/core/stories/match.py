"""Whether two texts carry the same story: the check behind every candidate a key finds.

Keys (:mod:`.fingerprint`) only say that two texts share a few word runs. Here the
whole texts are compared, by their word 3-shingles:

* containment, not just resemblance, counts: a first part lies wholly inside the
  whole, an update contains the story it updates, so what is shared is measured
  against the shorter text;
* a site's footer or template must not make two stories one: when two texts end
  alike and differ above that ending, the ending is a footer unless what is above
  it is alike too, or the headlines agree (a rewritten lead keeps its headline);
* templated reports (earnings, a central bank's daily operations) are the same
  words around different figures: copies of a story keep its numbers, so the text
  with fewer numbers must find most of them in the other;
* too little text tells nothing: an empty body, or a few words of boilerplate
  ("Read the full story on our site."), never joins a story; short bodies join
  only when their headlines agree as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: words per shingle when comparing texts
SHINGLE = 3
#: texts shorter than this many words never join a story (as fingerprint.MIN_WORDS)
MIN_WORDS = 15
#: at least this many shingles in common, whatever the share
MIN_SHARED = 6
#: bodies shorter than this many words need agreeing headlines too
SHORT_WORDS = 25
#: the share of the shorter text the other must contain
CONTAINED = 0.5
#: ... when the texts end alike but differ above (a new lead) and the headlines agree
CONTAINED_UNDER_NEW_TOP = 0.3
#: word overlap of two headlines that agree
TITLES_AGREE = 0.6
#: the share of the numbers of the text with fewer that the other must have too
NUMBERS_KEPT = 0.8


#: a word with a digit (tried at word starts only: the lookbehind fails fast elsewhere)
_NUMBER = re.compile(rb"(?<![^ ])[^ 0-9]*[0-9][^ ]*")


@dataclass(frozen=True, slots=True)
class StoryText:
    """A text as the comparison needs it: its body words, numbers and headline words."""

    words: tuple[bytes, ...]
    numbers: frozenset[bytes]
    title_words: frozenset[bytes]

    @classmethod
    def of(cls, body_form: bytes, title_form: bytes) -> StoryText:
        """From the hash forms (``normalize.word_form``) of body and title."""
        return cls(tuple(body_form.split(b" ")) if body_form else (),
                   frozenset(_NUMBER.findall(body_form)),
                   frozenset(title_form.split(b" ")) if title_form else frozenset())


def shingles(words: tuple[bytes, ...]) -> set[tuple[bytes, ...]]:
    if len(words) < SHINGLE:
        return {words} if words else set()
    return set(zip(*(words[offset:] for offset in range(SHINGLE)), strict=False))


def _contained(a: set[tuple[bytes, ...]], b: set[tuple[bytes, ...]]) -> tuple[float, int]:
    """(share of the smaller set found in the other, shingles in common)."""
    if not a or not b:
        return 0.0, 0
    shared = len(a & b)
    return shared / min(len(a), len(b)), shared


def _shared_end(a: tuple[bytes, ...], b: tuple[bytes, ...]) -> int:
    """How many words the two texts end with in common."""
    count = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        count += 1
    return count


def numbers_agree(a: frozenset[bytes], b: frozenset[bytes]) -> bool:
    """Whether the text with fewer distinct numbers has most of them in the other."""
    fewer = min(len(a), len(b))
    return fewer == 0 or len(a & b) / fewer >= NUMBERS_KEPT


def titles_agree(a: frozenset[bytes], b: frozenset[bytes]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= TITLES_AGREE


def same_story(a: StoryText, b: StoryText) -> bool:
    """True when ``a`` and ``b`` are copies of one story (see the module's rules)."""
    shorter = min(len(a.words), len(b.words))
    if shorter < MIN_WORDS or (shorter < SHORT_WORDS
                               and not titles_agree(a.title_words, b.title_words)):
        return False
    if not numbers_agree(a.numbers, b.numbers):
        return False
    end = _shared_end(a.words, b.words)
    if end >= shorter:  # one text ends the other: a dateline on top, an update on top
        return True
    if end >= SHINGLE:  # alike at the end: a site's footer, or the story under a new top
        agree = titles_agree(a.title_words, b.title_words)
        heads = _contained(shingles(a.words[:-end]), shingles(b.words[:-end]))
        if heads[0] >= CONTAINED and heads[1] >= MIN_SHARED and (shorter - end >= SHORT_WORDS
                                                                  or agree):
            return True
        if not agree:
            return False
        share, shared = _contained(shingles(a.words), shingles(b.words))
        return shared >= MIN_SHARED and share >= CONTAINED_UNDER_NEW_TOP
    share, shared = _contained(shingles(a.words), shingles(b.words))
    return shared >= MIN_SHARED and share >= CONTAINED
