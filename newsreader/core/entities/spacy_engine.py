"""The statistical engine: any installed spaCy pipeline with an NER component.

Only the components NER output depends on run: ``ner`` itself, the parser (its
sentence boundaries stop entities from running across sentences), and the
embedding layers those listen to. Taggers, lemmatizers and attribute rulers are
left out; a test proves the entities come out the same.
"""

from __future__ import annotations

import importlib.util
import itertools
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from ..errors import NewsreaderError
from ..workers import process_pool, stop_pool
from .capitals import read_recased
from .engine import ExtractionStopped, Span
from .postprocess import refine

DEFAULT_MODEL = "en_core_web_sm"
#: Preference when the user has several English pipelines: accuracy first, but the
#: transformer pipeline only when asked for by name (it is slow on a CPU).
PREFERRED_MODELS = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm")
SENTENCE_COMPONENTS = ("parser", "senter")
BATCH_SIZE = 64
#: Longer texts are fed to the pipeline in pieces of at most this many characters (a
#: long news story's length), so a book pasted as one article is processed as the
#: same text split into articles would be.
PIECE_CHARS = 10_000
#: Characters one batch of the pipeline holds at most. spaCy's memory grows with the
#: characters of a batch, ~2.8 KB each for en_core_web_sm (64 pieces of 100,000 at once
#: took 4-6 GB for a 2 MB file); its speed hardly depends on the batch (100 pieces of
#: 10,000 characters took 19-22 s in batches of 25,000 to 200,000 characters).
BATCH_CHARS = 20_000
#: From this many texts, a multi-process engine uses its processes (start-up costs ~2 s).
PARALLEL_FROM = 1_000


def installed_models() -> list[str]:
    """spaCy pipeline packages installed in this environment."""
    try:
        import spacy
    except ImportError:
        return []
    return sorted(spacy.util.get_installed_models())


def pick_model() -> str | None:
    """The best installed English pipeline, or None when there is none."""
    models = installed_models()
    for name in PREFERRED_MODELS:
        if name in models:
            return name
    english = [m for m in models if m.startswith("en_") and "trf" not in m]
    return english[0] if english else None


def needed_components(nlp) -> set[str]:
    """``ner``, the sentence-setting components, and every layer they listen to."""
    keep = {"ner"} | {name for name in SENTENCE_COMPONENTS if name in nlp.pipe_names}
    for name in nlp.pipe_names:
        listeners = getattr(nlp.get_pipe(name), "listening_components", None) or []
        if keep & set(listeners):
            keep.add(name)
    return keep


def load_pipeline(model: str):
    """The spaCy pipeline ``model`` with only what its entities need switched on."""
    try:
        import spacy

        nlp = spacy.load(model)
    except (ImportError, OSError) as error:
        raise NewsreaderError(
            f"spaCy pipeline {model!r} is not installed; install it with "
            f"`python -m spacy download {model}` or use the rules engine"
        ) from error
    if "ner" not in nlp.pipe_names:
        raise NewsreaderError(f"spaCy pipeline {model!r} has no entity recognizer (ner)")
    unused = [name for name in nlp.pipe_names if name not in needed_components(nlp)]
    nlp.select_pipes(disable=unused)
    return nlp


#: (start, end, label) of each entity spaCy found in one piece of text
Found = list[tuple[int, int, str]]


class SpacyEngine:
    """With ``processes`` > 1, big batches are shared among that many worker processes
    (spawned, each loading the pipeline once, ending with this process), not spaCy's
    own ``n_process``, which forks a process holding open SQLite connections."""

    def __init__(self, model: str = DEFAULT_MODEL, *, batch_size: int = BATCH_SIZE,
                 processes: int = 1) -> None:
        self.model = model
        self._nlp = None
        if processes <= 1 or importlib.util.find_spec(model) is None:
            self._nlp = load_pipeline(model)  # a missing pipeline is said at once
        # else loaded on first use here: big batches go to the workers, which load their own
        self.name = f"spacy:{model}"
        self.batch_size = batch_size
        self.processes = max(1, processes)
        #: texts per extract() call the extraction loop should use: enough for all cores
        self.batch_hint = PARALLEL_FROM if self.processes > 1 else 200
        self._pool: ProcessPoolExecutor | None = None
        self._stop: Callable[[], bool] = lambda: False

    def interrupt_when(self, stop: Callable[[], bool]) -> None:
        """While waiting for the workers, ask ``stop()`` a few times a second and raise
        ExtractionStopped when it says so (a batch of spaCy work took over 30 s on a busy
        machine: Ctrl+C and SIGTERM waited for it)."""
        self._stop = stop

    def extract(self, texts: Sequence[str]) -> list[list[Span]]:
        """Entities per text; headlines and datelines in capitals are read as such
        (``capitals``); very long texts go through the pipeline in pieces, each cut out
        of its text only when the pipeline (or a worker) takes it, and each piece's
        entities become spans as they come back (a book's worth is not held twice)."""
        return read_recased(texts, self._extract)

    def _extract(self, texts: Sequence[str]) -> list[list[Span]]:
        pieces = [(number, start, end) for number, text in enumerate(texts)
                  for start, end in piece_bounds(text)]
        piece_texts = (texts[number][start:end] for number, start, end in pieces)
        if self.processes > 1 and len(pieces) >= PARALLEL_FROM:
            per_piece = self._in_workers(piece_texts)
        else:
            per_piece = iter(_entities(self.nlp, piece_texts, self.batch_size))
        found: list[list[Span]] = [[] for _ in texts]
        for number, offset, _end in pieces:
            text = texts[number]
            found[number].extend(
                Span(start + offset, end + offset, label, text[start + offset:end + offset])
                for start, end, label in next(per_piece))
        refined = []
        for number, text in enumerate(texts):
            spans, found[number] = found[number], []
            refined.append(refine(text, spans))
        return refined

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_pipeline(self.model)
        return self._nlp

    def _in_workers(self, texts: Iterable[str]) -> Iterator[Found]:
        """Each text's entities, in order, from the worker processes, a few chunks in
        flight at a time (all at once, a book's pieces would wait in the queue as one
        more copy)."""
        if self._pool is None:
            self._pool = process_pool(self.processes, initializer=_load_in_worker,
                                      initargs=(self.model, self.batch_size))
            weakref.finalize(self, stop_pool, self._pool)
        texts = iter(texts)
        in_flight: deque[Future[list[Found]]] = deque()
        while part := list(itertools.islice(texts, self.batch_size * 4)):
            in_flight.append(self._pool.submit(_entities_in_worker, part))
            if len(in_flight) > 2 * self.processes:
                yield from self._result(in_flight.popleft())
        while in_flight:
            yield from self._result(in_flight.popleft())

    def _result(self, future: Future[list[Found]]) -> list[Found]:
        while True:
            try:
                return future.result(timeout=0.2)
            except TimeoutError:
                if self._stop():  # the work in flight is dropped: its workers end now
                    self.close()
                    raise ExtractionStopped from None

    def close(self) -> None:
        if self._pool is not None:
            stop_pool(self._pool)
            self._pool = None


def _entities(nlp, texts: Iterable[str], batch_size: int) -> list[Found]:
    found: list[Found] = []
    for batch in batches(texts, batch_size):
        found.extend([(e.start_char, e.end_char, e.label_) for e in doc.ents]
                     for doc in nlp.pipe(batch, batch_size=len(batch)))
    return found


def batches(texts: Iterable[str], batch_size: int,
            batch_chars: int = BATCH_CHARS) -> Iterator[list[str]]:
    """``texts`` in order, in batches of at most ``batch_size`` texts and (but for a
    text longer on its own) ``batch_chars`` characters."""
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and (len(batch) >= batch_size or chars + len(text) > batch_chars):
            yield batch
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield batch


_worker_nlp = None
_worker_batch_size = BATCH_SIZE


def _load_in_worker(model: str, batch_size: int) -> None:
    global _worker_nlp, _worker_batch_size
    _worker_nlp, _worker_batch_size = load_pipeline(model), batch_size


def _entities_in_worker(texts: list[str]) -> list[Found]:
    return _entities(_worker_nlp, texts, _worker_batch_size)


def piece_bounds(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of pieces of ``text`` no longer than ``limit``, cut at paragraph or
    line ends (or after a full stop) where there is one.

    The parser and NER need memory in proportion to the text of a batch; a whole book
    pasted as one article must not exhaust it, and no entity spans a paragraph break.
    """
    if len(text) <= limit:
        return [(0, len(text))]
    bounds, start = [], 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            end = cut + 1 if cut > start else end
        bounds.append((start, end))
        start = end
    return bounds


def split_long(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pairs of ``piece_bounds``."""
    return [(start, text[start:end]) for start, end in piece_bounds(text, limit)]
