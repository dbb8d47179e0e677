"""Lookup keys that bring copies of one story together, as search engines find them.

A story's copies share long runs of identical words: a copy with a new headline,
a byline, a fixed typo or a footer keeps most of the text; a summary keeps its
beginning; an update keeps its end. Each article gets a handful of keys, each a
MinHash-style *band*: the smallest values of a few independent hash functions
over the article's word 4-shingles, taken over

* the whole text (a band of two minima): near-identical copies share it with
  high probability (LSH: a band matches with probability J**2 for Jaccard J);
* its first 15 and first 40 words (three minima each): a first part, a summary
  or a copy with a footer shares its beginning with the whole;
* its last 20 and last 40 words (three minima each): an update with new
  paragraphs on top, or a copy whose lead was rewritten, shares its end.

Two texts that share one key only are compared only when one of them is short
(``SHORT_TEXT``): two long texts that start (or end) with the same sentence share
the short window's key and nothing else, and that is the commonest accident of all,
while two long copies of one story share two keys or more.

Keys only propose candidates (a footer or a template may make two stories share
one); :mod:`.match` decides. A key is a deterministic 63-bit integer (stable
across processes and versions: the library stores them), so looking one up is
one index probe whatever the size of the library.

Everything here is pure and Qt-free; the batch functions are vectorised with
numpy because they run for every imported article.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: words per shingle
SHINGLE = 4
#: bodies with fewer words get no keys: too little text to tell two stories apart
MIN_WORDS = 15
LEAD_WINDOWS = (15, 40)
TAIL_WINDOWS = (20, 40)
#: (hash functions per band) for the whole-text bands
BANDS = ((0, 1),)
WINDOW_FUNCTIONS = (0, 1, 2)
FUNCTIONS = 3

_MASK63 = np.uint64((1 << 63) - 1)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_SHIFTS = (np.uint64(30), np.uint64(27), np.uint64(31))
_SEEDS = [np.uint64((0x51ED2701F3A5C3B1 * (j + 1)) & 0xFFFFFFFFFFFFFFFF) for j in range(FUNCTIONS)]
_MULTIPLIERS = [np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F,
                                       0x165667B19E3779F9, 0xD6E8FEB86659FD93)]
#: odd multipliers: (shingle ^ seed) * multiplier is a cheap permutation of well-mixed values
_FUNCTION_MULTIPLIERS = [
    np.uint64((0x2545F4914F6CDD1D + 0x9E3779B97F4A7C16 * j) & 0xFFFFFFFFFFFFFFFF | 1)
    for j in range(FUNCTIONS)
]
#: a text shorter than this may share a single key with its copy (see above)
SHORT_TEXT = 100
_KIND_BAND, _KIND_LEAD, _KIND_TAIL = 1, 2, 3


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit moves every output bit (uint64, wraps)."""
    with np.errstate(over="ignore"):
        values = values ^ (values >> _SHIFTS[0])
        values = values * _M1
        values = values ^ (values >> _SHIFTS[1])
        values = values * _M2
        return values ^ (values >> _SHIFTS[2])


def word_count(form: bytes) -> int:
    return form.count(b" ") + 1 if form else 0


def words_of(form: bytes) -> list[bytes]:
    """The words of a text in the library's hash form (``normalize.word_form``)."""
    return form.split(b" ") if form else []


#: the mask that keeps a word's first k bytes of an 8-byte read (k = 0..8)
_BYTE_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)


def _word_hashes(joined: bytes, total: int) -> np.ndarray:
    """A 64-bit hash of each of the ``total`` space-separated words of ``joined``.

    Read straight from the bytes (no Python object per word, which cost more than all
    the rest): a word is hashed from its length and its first and last 8 bytes, so two
    words collide only when they share those, which no similarity measure minds.
    """
    padded = joined + b" " * 8
    data = np.frombuffer(padded, dtype=np.uint8)
    ends = np.flatnonzero(data == 32)[:total]
    starts = np.empty(total, dtype=np.intp)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    lengths = ends - starts
    words8 = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
    mask = _BYTE_MASKS[np.minimum(lengths, 8)]
    first = words8[starts]
    first &= mask
    np.subtract(ends, 8, out=ends)
    np.maximum(ends, starts, out=ends)
    last = words8[ends]
    last &= mask
    with np.errstate(over="ignore"):
        last += lengths.astype(np.uint64)
        last *= _M1
        first *= _GOLDEN
        first ^= last
        return first  # mixed with the shingle


def _combine(kind: int, minima: Sequence[np.ndarray]) -> np.ndarray:
    """One 63-bit key per document from its minima (arrays over documents)."""
    folded = _mix(np.full(len(minima[0]), kind, dtype=np.uint64) + _GOLDEN)
    for values in minima:
        folded = _mix(folded ^ values)
    return folded & _MASK63


def _segment_minima(values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """min(values[start:end]) for each (start, end); every segment is non-empty."""
    bounds = np.empty(2 * len(starts), dtype=np.intp)
    bounds[0::2] = starts
    bounds[1::2] = ends
    if bounds[-1] >= len(values):  # reduceat runs the last segment to the end anyway
        bounds = bounds[:-1]
    return np.minimum.reduceat(values, bounds)[0::2]


#: words hashed in one go: a few hundred KB per array, which stay in the processor's
#: cache (a whole batch at once spent as much time faulting fresh memory in as hashing)
CHUNK_WORDS = 1 << 15


def batch_story_keys(forms: Sequence[bytes]) -> list[list[int]]:
    """The lookup keys of each text given in hash form (``normalize.word_form``).

    A text shorter than MIN_WORDS words gets none. The texts are hashed as arrays, a
    chunk of them at a time: this runs for every imported article, beside the parsing.
    """
    counts = [word_count(form) for form in forms]
    chosen = [n for n, count in enumerate(counts) if count >= MIN_WORDS]
    keys: list[list[int]] = [[] for _ in forms]
    first = 0
    while first < len(chosen):
        last, words = first + 1, counts[chosen[first]]
        while last < len(chosen) and words + counts[chosen[last]] <= CHUNK_WORDS:
            words += counts[chosen[last]]
            last += 1
        part = chosen[first:last]
        table = _chunk_keys([forms[n] for n in part], [counts[n] for n in part])
        for n, row in zip(part, table, strict=True):
            keys[n] = list(dict.fromkeys(row))
        first = last
    return keys


def _chunk_keys(forms: list[bytes], word_counts: list[int]) -> list[list[int]]:
    """The keys of texts of at least MIN_WORDS words each, as rows of a table."""
    counts = np.array(word_counts, dtype=np.intp)
    starts = np.zeros(len(counts), dtype=np.intp)
    np.cumsum(counts[:-1], out=starts[1:])
    total = int(counts.sum())
    hashes = _word_hashes(b" ".join(forms), total)
    width = total - SHINGLE + 1
    with np.errstate(over="ignore"):
        combined = hashes[:width] * _MULTIPLIERS[0]
        for offset in range(1, SHINGLE):
            combined += hashes[offset:offset + width] * _MULTIPLIERS[offset]
    shingles = _mix(combined)
    span_ends = starts + counts - SHINGLE + 1  # a document's shingles: [start, span_end)
    # the shingles that straddle two documents lie between the segments minimised below
    columns = [_combine(_KIND_BAND * 16 + band,
                        [_segment_minima(_hashed(shingles, f), starts, span_ends)
                         for f in functions])
               for band, functions in enumerate(BANDS)]
    columns.extend(_window_columns(shingles, starts, counts - SHINGLE + 1))
    return np.stack(columns, axis=1).tolist()


def _hashed(shingles: np.ndarray, function: int) -> np.ndarray:
    """The shingles under hash function ``function`` (of FUNCTIONS)."""
    with np.errstate(over="ignore"):
        return (shingles ^ _SEEDS[function]) * _FUNCTION_MULTIPLIERS[function]


def _window_columns(shingles: np.ndarray, starts: np.ndarray,
                    shingle_counts: np.ndarray) -> list[np.ndarray]:
    """The lead and tail windows' keys (LEAD_WINDOWS then TAIL_WINDOWS), hashing only
    the shingles of each text's longest lead and tail windows, taken out together."""
    lead = np.minimum(shingle_counts, max(LEAD_WINDOWS) - SHINGLE + 1)
    tail = np.minimum(shingle_counts, max(TAIL_WINDOWS) - SHINGLE + 1)
    segment_lengths = np.empty(2 * len(starts), dtype=np.intp)
    segment_lengths[0::2], segment_lengths[1::2] = lead, tail
    segment_starts = np.empty_like(segment_lengths)
    segment_starts[0::2], segment_starts[1::2] = starts, starts + shingle_counts - tail
    offsets = np.zeros_like(segment_lengths)
    np.cumsum(segment_lengths[:-1], out=offsets[1:])
    taken = np.repeat(segment_starts - offsets, segment_lengths)
    taken += np.arange(len(taken))
    window = shingles[taken]
    values = [_hashed(window, f) for f in WINDOW_FUNCTIONS]
    lead_starts, tail_ends = offsets[0::2], offsets[1::2] + tail
    columns = []
    for number, size in enumerate(LEAD_WINDOWS):
        ends = lead_starts + np.minimum(shingle_counts, size - SHINGLE + 1)
        columns.append(_combine(_KIND_LEAD * 16 + number,
                                [_segment_minima(v, lead_starts, ends) for v in values]))
    for number, size in enumerate(TAIL_WINDOWS):
        tail_starts = tail_ends - np.minimum(shingle_counts, size - SHINGLE + 1)
        columns.append(_combine(_KIND_TAIL * 16 + number,
                                [_segment_minima(v, tail_starts, tail_ends) for v in values]))
    return columns


def story_keys(form: bytes) -> list[int]:
    """The lookup keys of one text given in hash form; none for a body too short to tell."""
    return batch_story_keys([form])[0]
