"""The offline default engine: gazetteer phrases, patterns and name heuristics, all regexes.

No model download and no spaCy pipeline: one regex (a trie of every gazetteer
phrase: countries, cities, nationalities, organisations) marks the phrases, as
spaCy's EntityRuler did on whole tokens, several times faster and without
importing spaCy, so a worker process is ready in a fraction of a second;
patterns mark dates, money, percentages and laws. Names of people and
organisations that no list can hold are found by looking at runs of
capitalised words in the raw text (a C-speed regex, not a per-token Python
loop) and classifying each run by its shape: a title before it, a known first
name or surname, a company suffix, a ministry head. Everything then goes
through ``postprocess.refine`` like any other engine's output.
"""
from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache

from newsreader.core.entities import curated
from newsreader.core.entities.capitals import read_recased
from newsreader.core.entities.engine import Span
from newsreader.core.entities.extraction import PendingRows, spans_for
from newsreader.core.entities.gazetteers import EXTRA_SURNAMES, Gazetteers, gazetteers
from newsreader.core.entities.postprocess import TITLE_WORDS, refine, resolve_overlaps
from newsreader.core.entities.watchlist import WatchlistMatcher
from newsreader.core.entities.word_trie import exact_trie
from newsreader.core.store.mentions import SpanRow
from newsreader.core.workers import process_pool, submit_chunks, with_fallback

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
#: Line breaks become spaces before phrases are matched (same length, so offsets hold),
#: so that a phrase broken over two lines is seen, and then dropped, as spaCy did.
_FLATTEN = str.maketrans("\n\r\t\x0b\x0c\u2028\u2029\x85", "        ")
#: Abbreviations whose final dot belongs to the word ("Mr.", "Co.", "U.S.").
_ABBREV = r"(?:Mr|Mrs|Ms|Dr|Prof|Rev|Sen|Rep|Gen|Lt|Col|Capt|Adm|Sgt|Gov|St|Jr|Sr|Co|Corp|Inc|Ltd|Bros)\."
_WORD = rf"(?:{_ABBREV}|[{_UPPER}](?:\.[{_UPPER}])+\.|[{_UPPER}]\.(?=[ \t]+[{_UPPER}])|[{_UPPER}][\w'’&-]*)"
_JOIN = r"(?:[ \t]+(?:of|and|for|the|de|du|la|von|van|der|al|bin|&|on))*[ \t]+"
#: A run of capitalised words, possibly joined by "of", "and", "&" ...; never across a line.
_RUN = re.compile(rf"(?<![\w'’])(?:{_WORD}(?:{_JOIN}{_WORD})*)")
_TOKEN = re.compile(rf"{_WORD}|\S+")
#: "Ministry of Trade, Industry and Energy": a head, "of", and a comma list.
_MINISTRY_HEADS = ("Ministry", "Department", "Minister", "Secretary", "Committee")
#: (Each head checks the word boundary behind itself, "\bMinistry" as "Ministry(?<!\wMinistry)":
#: a pattern that opens with literals lets ``re`` jump between candidates instead of trying
#: every position.)
_MINISTRY = re.compile(
    "(?:" + "|".join(rf"{head}(?<!\w{head})" for head in _MINISTRY_HEADS) + rf") of [{_UPPER}]\w+"
    rf"(?:, [{_UPPER}]\w+)+,? and [{_UPPER}]\w+"
)
_SAID_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:said|says|told|added|wrote|announced)\b")
_SAID_BEFORE = re.compile(r"\b(?:said|says|told|according to|by)[ \t]*$")
_CONNECTORS = frozenset("of and for the de du la von van der al bin & on".split())
_ACRONYM_STOP = curated.COMMON_ACRONYMS
_ORG_SUFFIXES = frozenset(curated.ORG_SUFFIXES)
_ORG_HEADS = frozenset(curated.ORG_HEADS)
_LAW_WORDS = frozenset(curated.LAW_WORDS)
_EVENT_WORDS = frozenset(curated.EVENT_WORDS)
_NOT_NAMES = frozenset(curated.NOT_NAMES)
#: Heads whose "of A and B" names one body: "Ministry of Trade and Industry".
_PORTFOLIO_HEADS = frozenset(
    "Ministry Department Minister Secretary Committee Commission Bureau Office Institute Academy".split()
)


#: From this many texts, an engine with ``processes`` > 1 hands a batch to its worker processes
#: (below it, sending the texts over costs more than the second core gains).
PARALLEL_FROM = 500
#: Texts per extract() call the extraction loop should pass: a parallel batch must be big
#: enough to keep every worker busy; a single process keeps transactions short.
BATCH_HINT_PARALLEL = 2_000
BATCH_HINT = 250
#: Texts per chunk sent to a worker: small enough to balance the workers' load.
CHUNK = 250


class RulesEngine:
    """Fast, model-free entity extraction for news text.

    With ``processes`` > 1, a batch of at least ``PARALLEL_FROM`` texts is split across
    a pool of worker processes, started ("spawn": never forked, the app calls this from
    a thread of a Qt process) on the first such batch and reused; each worker builds
    the pipeline once. ``close()`` stops the workers; so does garbage collection of the
    engine and the end of the interpreter.
    """

    name = "rules"

    def __init__(self, *, processes: int = 1) -> None:
        self.processes = max(1, processes)
        #: texts per extract() call the extraction loop should use: enough for all cores
        self.batch_hint = BATCH_HINT_PARALLEL if self.processes > 1 else BATCH_HINT
        self._pool: _Pool | None = None
        _local_pipeline()  # built now: the first small batch should not wait for it

    def extract(self, texts: Sequence[str]) -> list[list[Span]]:
        """Spans for each text, refined for news, sorted and non-overlapping."""
        if self.processes > 1 and len(texts) >= PARALLEL_FROM:
            if self._pool is None:
                self._pool = _Pool(self.processes, self)
            pool = self._pool
            return with_fallback(lambda: pool.extract(texts), lambda: self._after_break(texts))
        return _extract(_local_pipeline(), texts)

    def submit_rows(self, texts: Sequence[str], watch: WatchlistMatcher) -> PendingRows:
        """Start finding and linking the mentions of ``texts`` (extraction's ``spans_for``
        rows); with workers, they do all of it while the caller stores the last batch."""
        if self.processes > 1 and len(texts) >= PARALLEL_FROM:
            if self._pool is None:
                self._pool = _Pool(self.processes, self)
            return self._pool.submit_rows(texts, watch,
                                          lambda: _rows(self._after_break(texts), texts, watch))
        return PendingRows(done=_rows(self.extract(texts), texts, watch))

    def _after_break(self, texts: Sequence[str]) -> list[list[Span]]:
        self.close()  # a worker died (killed?): this batch here, the next starts a new pool
        return _extract(_local_pipeline(), texts)

    def close(self) -> None:
        """Stop the worker processes, if any (the next big batch starts new ones)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None


def _extract(tools: _Tools, texts: Sequence[str]) -> list[list[Span]]:
    """Headlines and datelines in capitals are read as such (``capitals``)."""
    return read_recased(texts, lambda recased: _extract_cased(tools, recased))


def _extract_cased(tools: _Tools, texts: Sequence[str]) -> list[list[Span]]:
    phrases, gaz = tools
    results: list[list[Span]] = []
    for text in texts:
        ruled = resolve_overlaps(phrases.spans(text) + pattern_spans(text))
        named = list(name_spans(text, ruled, gaz))
        results.append(refine(text, resolve_overlaps(ruled + named)))
    return results


class PhraseFinder:
    """Every gazetteer phrase, found as whole words, the longest at each place first.

    One regex: a trie of the phrases (case-sensitive, as spaCy's ORTH matching was),
    so a place in the text where no phrase starts costs a character check or two.
    "Whole words" means not inside a longer word: "Korea" in "Korea's", "Korea-US"
    and "(Korea)", not in "Koreas", "Koreana" or "Amazon.com".
    """

    def __init__(self, gaz: Gazetteers) -> None:
        self._labels: dict[str, str] = {}
        for label in ("ORG", "LOC", "GPE", "NORP"):  # a phrase in two lists keeps the first
            for phrase in sorted(gaz.phrases[label]):
                self._labels.setdefault(phrase, label)
        self._pattern = re.compile(rf"(?<!\w)(?:{exact_trie(self._labels)})(?!\w|\.\w)")

    def spans(self, text: str) -> list[Span]:
        return [Span(m.start(), m.end(), self._labels[m.group()], text[m.start():m.end()])
                for m in self._pattern.finditer(_flatten(text))
                if "\n" not in text[m.start():m.end()]]


_OTHER_BREAKS = re.compile("[\r\t\x0b\x0c\u2028\u2029\x85]")


def _flatten(text: str) -> str:
    """``text.translate(_FLATTEN)``, without translate's per-character work for the usual text."""
    if _OTHER_BREAKS.search(text) is not None:
        return text.translate(_FLATTEN)
    return text.replace("\n", " ") if "\n" in text else text


class _Pool:
    """Worker processes for one engine: texts go out in chunks, (start, end, label) come back."""

    def __init__(self, processes: int, owner: RulesEngine) -> None:
        self._executor = process_pool(processes, initializer=_worker_start)
        self._chunk = CHUNK
        # stop the workers with the engine, or at exit at the latest
        self._finalizer = weakref.finalize(owner, _shutdown, self._executor)

    def extract(self, texts: Sequence[str]) -> list[list[Span]]:
        chunks = [list(texts[at : at + self._chunk]) for at in range(0, len(texts), self._chunk)]
        results: list[list[Span]] = []
        at = 0
        for rows in self._executor.map(_worker_extract, chunks):
            for found in rows:
                text = texts[at]
                results.append([Span(start, end, label, text[start:end]) for start, end, label in found])
                at += 1
        return results

    def submit_rows(self, texts: Sequence[str], watch: WatchlistMatcher,
                    fallback: Callable[[], list[list[SpanRow]]]) -> PendingRows:
        return submit_chunks(self._executor, _worker_rows, texts, self._chunk, watch,
                             fallback=fallback)

    def close(self) -> None:
        self._finalizer()


def _rows(found: list[list[Span]], texts: Sequence[str], watch: WatchlistMatcher) -> list[list[SpanRow]]:
    return [spans_for(text, spans, watch) for text, spans in zip(texts, found, strict=True)]


def _shutdown(executor: ProcessPoolExecutor) -> None:
    executor.shutdown(wait=True, cancel_futures=True)


_Tools = tuple[PhraseFinder, Gazetteers]


@lru_cache(maxsize=1)
def _local_pipeline() -> _Tools:
    """The phrase finder and name lists, built once per process."""
    return PhraseFinder(gazetteers()), gazetteers()


def _worker_start() -> None:
    """In a worker process: build the pipeline once."""
    _local_pipeline()


def _worker_rows(texts: list[str], watch: WatchlistMatcher) -> list[list[SpanRow]]:
    """In a worker process: the rows ready to store, linking done here too."""
    return _rows(_extract(_local_pipeline(), texts), texts, watch)


def _worker_extract(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """In a worker process: plain tuples pickle several times faster than Spans."""
    return [[(s.start, s.end, s.label) for s in found] for found in _extract(_local_pipeline(), texts)]


def _alt(words: Iterable[str]) -> str:
    """A regex alternation, longest first so "per cent" wins over "per"."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def _cased_chars(char: str) -> list[str]:
    """Every character a case-insensitive ``re`` pattern matches for ``char``."""
    variants = {char, char.lower(), char.upper(), *_CASE_EXTRA.get(char.lower(), "")}
    return sorted(v for v in variants if len(v) == 1)


def _cased(char: str) -> str:
    """``_cased_chars`` as a character class body."""
    return "".join(re.escape(v) for v in _cased_chars(char))


#: Characters beyond upper and lower case that ``re.IGNORECASE`` equates with a letter.
_CASE_EXTRA = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _trie(words: dict[str, str], *, top: bool = False) -> str:
    """A regex matching any of ``words`` (case-insensitive), the longest first.

    Each word maps to what must follow it ("" for anything). A trie of character
    classes instead of an IGNORECASE alternation: ``re`` skips a branch whose first
    class does not match without entering it, so a word start costs a few checks.
    """
    node: dict = {}
    for word, follow in words.items():
        at = node
        for char in word:
            at = at.setdefault(char, {})
        at[""] = follow
    return _trie_node(node, top=top)


def _trie_node(node: dict, *, top: bool = False) -> str:
    """One trie level; at the top each case of a first letter is a branch of its own
    (``re`` tests a branch's first literal inline, cheaper than a character class)."""
    branches = [
        f"{re.escape(variant) if top else f'[{_cased(char)}]'}{_trie_node(child)}"
        for char, child in sorted(node.items())
        if char
        for variant in (_cased_chars(char) if top else (char,))
    ]
    if "" in node:  # a word ends here: tried last, so longer words win
        branches.append(f"(?={node['']})" if node[""] else "")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _ci(words: Iterable[str]) -> str:
    """A case-insensitive alternation of ``words`` as a trie, the longest match first."""
    return _trie({word: "" for word in words})


#: A number has at most eight groups ("1,234,567,890"): unbounded, a text of "1,1,1,..."
#: made every digit's attempt read the whole run (quadratic: 13 s for 16 KB).
_NUM = r"\d+(?:[.,]\d+){0,7}"
_NUMWORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several")
_NUMWORD = rf"(?:{_NUM}|{'|'.join(_NUMWORDS)})"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|mn|bn|tn|m|b|k)"
_SIGN = _alt(curated.CURRENCY_SIGNS)
_CUR = _alt(curated.CURRENCY_WORDS)
_MONTH = _alt(curated.MONTHS)
_WEEKDAY = _alt(curated.WEEKDAYS)
_UNIT = _alt(curated.DATE_UNITS)
_RELS = ("last", "next", "this", "past", "coming", "previous", "same", "following", "recent")
_REL = f"(?:{'|'.join(_RELS)})"
_ORDINAL_NOUNS = r"(?:anniversary|floor|time|times|place|round|edition|amendment|birthday|straight|consecutive|largest|biggest|best|most|person|spot|seed|party|congress|session|term|grade)"
_FULL_MONTHS = ("January", "February", "April", "June", "July", "August", "September", "October", "November", "December")
_EDGES = ("early", "late", "mid")
_QUARTER_WORDS = ("first", "second", "third", "fourth", "final", "last")
_THE_WORDS = ("past", "last", "next", "coming", "previous", "first", "second")
_DAYS = ("today", "yesterday", "tomorrow")

#: Numeric and calendar entities, matched on the raw text (C-speed) rather than token by token:
#: (label, regex, where a match can start). A start is ``"digit"`` (a digit after a word
#: boundary) or a word, case-insensitive, with what must follow it (a regex, "" for anything).
#: ``pattern_spans`` only tries a pattern where one of its starts is (see ``_trigger``), so
#: a start list must cover every way its pattern can begin; ``None`` means "scan the text".
_PATTERN_SPECS: tuple[tuple[str, str, tuple[tuple[str, str], ...] | None], ...] = (
    ("MONEY", rf"{_SIGN}[ \t]?{_NUM}(?:[ \t]?{_SCALE}\b)?(?:[ \t]?(?:-|to)[ \t]?{_NUM}(?:[ \t]?{_SCALE}\b)?)?", None),
    ("MONEY", rf"(?i:\b{_NUMWORD}(?:[ \t]?{_SCALE})?(?:[ \t]+{_SCALE})?[ \t]+{_CUR}\b)",
     (("digit", ""), *((w, "") for w in _NUMWORDS))),
    ("MONEY", rf"\b{_NUM}(?:[ \t]?{_SCALE})?[ \t]?(?:USD|EUR|KRW|JPY|CNY|RMB|GBP)\b", (("digit", ""),)),
    ("PERCENT", rf"(?i:\b{_NUM}[ \t]?(?:%|percent\b|per cent\b|pct\b|percentage points?\b))", (("digit", ""),)),
    ("DATE", rf"\b{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?[ \t]+\d{{4}}\b)?",
     tuple((m.rstrip("."), r"\.?[ \t]+\d") for m in curated.MONTHS)),
    ("DATE", rf"\b\d{{1,2}}[ \t]+{_MONTH}(?:[ \t]+\d{{4}})?\b", (("digit", ""),)),
    ("DATE", rf"\b(?:(?:[Ee]arly|[Ll]ate|[Mm]id-?)[ \t]?)?{_MONTH}[ \t]+\d{{4}}\b",
     (*((w, "") for w in _EDGES), *((m.rstrip("."), r"\.?[ \t]+\d") for m in curated.MONTHS))),
    ("DATE", rf"\b(?:{'|'.join(_FULL_MONTHS)})\b", tuple((m, r"\b") for m in _FULL_MONTHS)),
    ("DATE", r"\b(?:in|by|since|until|from|early|late) (March|May)\b",
     tuple((w, " (?:March|May)") for w in ("in", "by", "since", "until", "from", "early", "late"))),
    ("DATE", r"\b(?:(?:[Ee]arly|[Ll]ate|[Mm]id-?)[ \t]?)?(?:1[5-9]|20)\d\d(?:s\b|(?:[-–/]\d{2,4})?\b)(?![.,]?\d|%| ?percent)",
     (("digit", ""), *((w, "") for w in _EDGES))),
    ("DATE", r"\b(?:the[ \t]+)?(?:'|’)\d0s\b", None),
    ("DATE", rf"(?i:\bthe[ \t]+\d{{1,2}}(?:st|nd|rd|th)\b(?:[ \t]+century\b)?)(?![ \t]+{_ORDINAL_NOUNS}\b)",
     (("the", r"[ \t]+\d"),)),
    ("DATE", r"(?i:\b(?:the[ \t]+)?(?:first|second|third|fourth|final|last)[ \t]+(?:quarter|half)\b(?:[ \t]+of[ \t]+(?:this[ \t]+year|\d{4})\b)?)",
     (("the", rf"[ \t]+{_ci(_QUARTER_WORDS)}[ \t]"), *((w, rf"[ \t]+{_ci(('quarter', 'half'))}") for w in _QUARTER_WORDS))),
    ("DATE", rf"(?i:\b(?:(?:early|late|earlier|later)[ \t]+)?{_REL}[ \t]+(?:{_UNIT}|{_WEEKDAY}|{_MONTH})\b)",
     (*((w, rf"[ \t]+{_ci(_RELS)}[ \t]") for w in ("early", "late", "earlier", "later")),
      *((w, rf"[ \t]+{_ci((*curated.DATE_UNITS, *curated.WEEKDAYS, *curated.MONTHS))}") for w in _RELS))),
    ("DATE", rf"(?i:\bthe[ \t]+(?:past|last|next|coming|previous|first|second)[ \t]+(?:{_NUMWORD}[ \t]+)?{_UNIT}\b)",
     (("the", rf"[ \t]+{_ci(_THE_WORDS)}[ \t]"),)),
    ("DATE", rf"(?i:\b(?:{_NUMWORD}|an?)[ \t]+{_UNIT}[ \t]+ago\b)",
     (("digit", ""), *((w, rf"[ \t]+{_ci(curated.DATE_UNITS)}[ \t]") for w in (*_NUMWORDS, "a", "an")))),
    ("DATE", rf"\b{_WEEKDAY}\b|\b(?:[Tt]oday|[Yy]esterday|[Tt]omorrow)\b|\b(?:Q[1-4]|H[12])\b",
     tuple((w, r"\b") for w in (*curated.WEEKDAYS, *_DAYS, "Q1", "Q2", "Q3", "Q4", "H1", "H2"))),
)
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((label, re.compile(rx)) for label, rx, _ in _PATTERN_SPECS)


def _build_triggers() -> tuple[re.Pattern[str], dict[str, tuple[int, ...]], tuple[int, ...], tuple[int, ...]]:
    """The trigger regex and, per matched word, which patterns to try there."""
    follows: dict[str, list[str]] = {}
    by_word: dict[str, set[int]] = {}
    digit: list[int] = []
    for index, (_, _, starts) in enumerate(_PATTERN_SPECS):
        for word, follow in starts or ():
            if word == "digit":
                digit.append(index)
                continue
            word = word.lower()
            follows.setdefault(word, []).append(follow)
            by_word.setdefault(word, set()).add(index)
    words = {w: "" if "" in fs else "|".join(dict.fromkeys(fs)) for w, fs in follows.items()}
    # a matched word also starts every pattern of each trigger word it begins with
    dispatch = {
        w: tuple(sorted({i for t, found in by_word.items() if w.startswith(t) for i in found})) for w in words
    }
    everything = tuple(sorted({i for found in by_word.values() for i in found}))
    firsts = "".join(sorted({re.escape(c) for word in words for c in _cased_chars(word[0])}))
    # "(?=...)" turns away word ends and words no trigger starts with before any branch is tried
    trigger = rf"\b(?=[\d{firsts}])(?:(\d)|{_trie(words, top=True)})"
    return re.compile(trigger), dispatch, tuple(digit), everything


_TRIGGER, _DISPATCH, _DIGIT_PATTERNS, _WORD_PATTERNS = _build_triggers()
#: Patterns without a start list are scanned whole; ``_SCAN_IF`` names a substring they need.
_SCANNED = tuple(i for i, spec in enumerate(_PATTERN_SPECS) if spec[2] is None)
_SCAN_IF = {10: "0s"}


def pattern_spans(text: str) -> list[Span]:
    """Money, percentages and dates in ``text``, possibly overlapping (resolved later).

    The same spans, in the same order, as running every pattern's ``finditer`` over the
    text, but one scan finds the places where any pattern can start (a digit or a
    trigger word after a word boundary) and only the patterns that start with that
    word are tried there, each at most once per position and never inside its own
    previous match.
    """
    found: list[list[Span]] = [[] for _ in PATTERNS]
    for index in _SCANNED:
        needed = _SCAN_IF.get(index)
        if needed is None or needed in text:
            found[index] = _spans_of(PATTERNS[index], text)
    ends = [0] * len(PATTERNS)
    dispatch, digits, anything = _DISPATCH, _DIGIT_PATTERNS, _WORD_PATTERNS
    for trigger in _TRIGGER.finditer(text):
        at = trigger.start()
        if trigger.lastindex:
            candidates = digits
        else:
            candidates = dispatch.get(trigger.group().lower(), anything)
        for index in candidates:
            if at < ends[index]:
                continue
            label, pattern = PATTERNS[index]
            m = pattern.match(text, at)
            if m is not None:
                ends[index] = m.end()
                group = m.lastindex or 0
                found[index].append(Span(m.start(group), m.end(group), label, m.group(group)))
    return [span for spans in found for span in spans]


def _spans_of(entry: tuple[str, re.Pattern[str]], text: str) -> list[Span]:
    label, pattern = entry
    return [
        Span(m.start(m.lastindex or 0), m.end(m.lastindex or 0), label, m.group(m.lastindex or 0))
        for m in pattern.finditer(text)
    ]


def pattern_spans_reference(text: str) -> list[Span]:
    """``pattern_spans`` the slow, obvious way: every pattern over the whole text (for tests)."""
    return [span for entry in PATTERNS for span in _spans_of(entry, text)]


def name_spans(text: str, known: list[Span], gaz: Gazetteers) -> Iterable[Span]:
    """People, organisations, laws and events among the capitalised runs of ``text``."""
    starts = [k.start for k in known]
    if any(head in text for head in _MINISTRY_HEADS):
        for match in _MINISTRY.finditer(text):
            yield Span(match.start(), match.end(), "ORG", match.group())
    for run in _RUN.finditer(text):
        run_text = run.group()
        if " " in run_text or "\t" in run_text:
            base = run.start()
            words = [(m.start() + base, m.end() + base) for m in _TOKEN.finditer(run_text)]
            yield from _classify_run(text, words, known, starts, gaz)
        elif (span := _one_word_run(text, run, known, starts)) is not None:
            yield span


def _one_word_run(text: str, run: re.Match[str], known: list[Span], starts: list[int]) -> Span | None:
    """``_classify_run`` for a run of one word, most runs (a sentence's first word, a name)."""
    token = run.group()
    if token in _NOT_NAMES or token in _CONNECTORS:
        return None
    start, end = run.span()
    i = bisect.bisect_left(starts, end) - 1
    if i >= 0 and known[i].end > start:
        return None  # the ruler labelled it already
    token = token.removesuffix("’s").removesuffix("'s")
    if token.isupper() and 2 <= len(token.replace(".", "")) <= 6 and token not in _ACRONYM_STOP:
        label = "ORG" if token.isalpha() or "&" in token else None
    elif token[:1].isupper() and not _is_title(token) and _titled_before(text, start):
        label = "PERSON"
    else:
        return None
    return None if label is None else Span(start, end, label, run.group())


def _classify_run(
    text: str, words: list[tuple[int, int]], known: list[Span], starts: list[int], gaz: Gazetteers
) -> Iterable[Span]:
    """Classify one run: whole-run organisations first, else split at titles and connectors."""
    words = _strip_leading(text, words)
    if not words:
        return
    title_at = _last_title(text, words)
    pieces: list[tuple[list[tuple[int, int]], bool | None]] = [(words, None)]  # None: look when needed
    if title_at is not None:
        before, after = words[:title_at], words[title_at + 1 :]
        while before and _is_title(_word(text, before[-1])):
            before = before[:-1]  # "Prime" of "Prime Minister"
        if after and _word(text, after[0]) == "of":
            # "Secretary of State Antony Blinken", "Minister of Commerce Wang"
            keep = 2 if len(after) > 2 and _word(text, after[-2]) in gaz.first_names else 1
            after = after[-keep:]
        pieces = [(before, None), (after, True)]
    for piece, titled in pieces:
        for part, whole in _split_connectors(text, piece):
            if whole:
                yield _span(text, part, whole)
                continue
            for sub in _split_known(part, known, starts):
                label = _piece_label(text, sub, gaz, titled, words[0][0])
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


def _piece_label(
    text: str, words: list[tuple[int, int]], gaz: Gazetteers, titled: bool | None, run_start: int
) -> str | None:
    """PERSON, ORG or nothing for a run piece that no list knows.

    ``titled`` None means "a title or "said" just before ``run_start``", looked up only when needed.
    """
    tokens = [_word(text, w) for w in words]
    tokens[-1] = tokens[-1].removesuffix("’s").removesuffix("'s")
    if len(tokens) == 1:
        token = tokens[0]
        if token.isupper() and 2 <= len(token.replace(".", "")) <= 6 and token not in _ACRONYM_STOP:
            return "ORG" if token.isalpha() or "&" in token else None
        if not token[:1].isupper() or _is_title(token):
            return None
        return "PERSON" if _titled(text, titled, run_start) else None
    if len(tokens) > 4 or any(t[:1].islower() for t in tokens):
        return _whole_run_label(text, words)
    if tokens[0] in gaz.first_names or tokens[-1] in gaz.surnames or _titled(text, titled, run_start):
        return "PERSON"
    if tokens[0] in EXTRA_SURNAMES and len(tokens) == 2:
        return "PERSON"  # "Ahn Deok-geun", "Xi Jinping": family name first
    if _SAID_AFTER.match(text, words[-1][1]):
        return "PERSON"
    return _whole_run_label(text, words)


def _titled(text: str, titled: bool | None, run_start: int) -> bool:
    return _titled_before(text, run_start) if titled is None else titled
