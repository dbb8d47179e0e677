"""Score bare en_core_web_sm and both of our engines on CoNLL-2003, in one run, by hand:

    python benchmarks/entities/bench_conll.py [PATH] [--model en_core_web_sm]
        [--engines raw,spacy,rules] [--show-errors PER|ORG|LOC|MISC|ALL --engine-errors rules]

PATH is a CoNLL-2003 split in the shared JSON Lines form (``{"id", "text", "gold":
[[start, end, label], ...]}``, tokens joined by spaces, one sentence a line; default:
the development split in ``../shared/data/``). Every engine sees each document's
whole text, as an imported article would be seen. spaCy's labels are mapped to
CoNLL's four (PERSON -> PER; ORG -> ORG; GPE, LOC, FAC -> LOC; NORP, EVENT, PRODUCT,
WORK_OF_ART, LAW, LANGUAGE -> MISC; the rest dropped) and scored strictly: same
start, same end, same type; micro P/R/F1 and F1 per type.

Targets (issue 17): our spacy engine >= bare en_core_web_sm + 0.06 strict F1; our
rules engine >= 0.70 strict F1 on the development split.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from bench_entities import load_spacy, model_label  # noqa: E402
from score import Score, Triple, errors, prf  # noqa: E402

DEFAULT_PATH = REPO.parent / "shared" / "data" / "conll2003-dev.jsonl"
CONLL_TYPES = ("PER", "ORG", "LOC", "MISC")
#: spaCy (OntoNotes) label -> CoNLL type; labels not listed are not scored.
TO_CONLL = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC",
    "LAW": "MISC", "LANGUAGE": "MISC",
}
SPACY_MARGIN_TARGET = 0.06
RULES_TARGET = 0.70
ENGINE_KEYS = ("raw", "spacy", "rules")

Extract = Callable[[Sequence[str]], list[list[Triple]]]


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    text: str
    gold: list[Triple]


def load_conll(path: Path) -> list[Doc]:
    """The documents of one split; a line that is not a document stops the run with why."""
    docs = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                gold = [(int(s), int(e), str(t)) for s, e, t in record["gold"]]
                docs.append(Doc(str(record.get("id", number)), str(record["text"]), gold))
            except (ValueError, KeyError, TypeError) as error:
                raise SystemExit(
                    f"{path}: line {number} is not a CoNLL document: {error}"
                ) from error
    return docs


def to_conll(spans: Sequence[Triple]) -> list[Triple]:
    """spaCy-labelled spans as CoNLL spans, the unscored labels left out."""
    return [(s, e, TO_CONLL[label]) for s, e, label in spans if label in TO_CONLL]


def raw_extract(nlp) -> Extract:
    """Bare spaCy: ``doc.ents`` of the whole pipeline, untouched."""
    def extract(texts: Sequence[str]) -> list[list[Triple]]:
        return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]
    return extract


def engine_extract(engine) -> Extract:
    """One of our engines, reached only through the ``Engine`` interface."""
    def extract(texts: Sequence[str]) -> list[list[Triple]]:
        return [[(s.start, s.end, s.label) for s in spans] for spans in engine.extract(list(texts))]
    return extract


def contenders(keys: Sequence[str], model: str) -> dict[str, tuple[str, Extract]]:
    """Title and extractor of each row asked for; raw and spacy run the same weights."""
    rows: dict[str, tuple[str, Extract]] = {}
    loaded = load_spacy(model) if {"raw", "spacy"} & set(keys) else None
    if loaded is not None:
        print(f"spaCy model: {model_label(loaded.nlp)} via {loaded.how}")
    from newsreader.core.entities.engines import make_engine

    for key in keys:
        if key == "raw":
            rows[key] = (f"bare {model}", raw_extract(loaded.nlp))
        elif key == "spacy":
            rows[key] = ("our spacy engine", engine_extract(make_engine("spacy", loaded.name)))
        else:
            rows[key] = ("our rules engine", engine_extract(make_engine("rules")))
    return rows


def fmt(value: float) -> str:
    return f"{value:.3f}"


def print_table(scores: dict[str, tuple[str, Score]], docs: Sequence[Doc]) -> None:
    width = max(len(title) for title, _ in scores.values()) + 2
    gold_counts = {t: sum(1 for d in docs for g in d.gold if g[2] == t) for t in CONLL_TYPES}
    print(
        f"{'strict':{width}}{'P':>7}{'R':>7}{'F1':>7}   " + "".join(f"{t:>7}" for t in CONLL_TYPES)
    )
    print(
        f"{'gold spans':{width}}{'':21}   " + "".join(f"{gold_counts[t]:>7}" for t in CONLL_TYPES)
    )
    for title, score in scores.values():
        m = score.micro
        per = [fmt(score.per_label[t].f1) if t in score.per_label else "-" for t in CONLL_TYPES]
        print(f"{title:{width}}{fmt(m.precision):>7}{fmt(m.recall):>7}{fmt(m.f1):>7}   "
              + "".join(f"{c:>7}" for c in per))


def print_targets(scores: dict[str, tuple[str, Score]], is_dev: bool) -> None:
    raw, ours, rules = scores.get("raw"), scores.get("spacy"), scores.get("rules")
    if raw and ours:
        delta = ours[1].micro.f1 - raw[1].micro.f1
        print(f"target: spacy engine >= bare + {SPACY_MARGIN_TARGET:.2f} strict F1: {delta:+.3f} "
              f"({'met' if delta >= SPACY_MARGIN_TARGET else 'NOT met'})")
    if rules:
        f1 = rules[1].micro.f1
        where = "" if is_dev else " (the target is set on the development split)"
        print(f"target: rules engine >= {RULES_TARGET:.2f} strict F1: {fmt(f1)} "
              f"({'met' if f1 >= RULES_TARGET else 'NOT met'}){where}")


def print_errors(title: str, docs: Sequence[Doc], pred: list[list[Triple]], wanted: str) -> None:
    """Strict false positives and negatives, each with what overlapped it on the other side."""
    print(f"\n== {title}: {wanted} errors ==")
    for doc, found in zip(docs, pred, strict=True):
        fps, fns = errors(doc.gold, found, labels=frozenset(CONLL_TYPES))
        for kind, spans, other in (("FP", fps, doc.gold), ("FN", fns, found)):
            for s in spans:
                if wanted != "ALL" and s[2] != wanted:
                    continue
                near = [
                    f"{o[2]} {doc.text[o[0] : o[1]]!r}"
                    for o in other
                    if o[0] < s[1] and s[0] < o[1]
                ]
                hint = (
                    f"   ({'gold' if kind == 'FP' else 'pred'}: {', '.join(near)})" if near else ""
                )
                print(f"  {doc.id} {kind} {s[2]} {doc.text[s[0]:s[1]]!r}{hint}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH,
                        help="a CoNLL-2003 split as JSON Lines (default: the development split)")
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--engines", default=",".join(ENGINE_KEYS))
    parser.add_argument("--show-errors", metavar="TYPE", choices=(*CONLL_TYPES, "ALL"))
    parser.add_argument("--engine-errors", default="rules", choices=ENGINE_KEYS,
                        help="whose errors --show-errors prints")
    args = parser.parse_args(argv)
    keys = [k for k in args.engines.split(",") if k]
    if not args.path.is_file():
        parser.error(f"no such file: {args.path}")
    docs = load_conll(args.path)
    print(f"{args.path}: {len(docs)} documents, {sum(len(d.gold) for d in docs)} gold entities")
    gold = [d.gold for d in docs]
    texts = [d.text for d in docs]
    scores: dict[str, tuple[str, Score]] = {}
    predictions: dict[str, list[list[Triple]]] = {}
    for key, (title, extract) in contenders(keys, args.model).items():
        predictions[key] = [to_conll(spans) for spans in extract(texts)]
        scores[key] = (title, prf(gold, predictions[key], mode="exact",
                                  labels=frozenset(CONLL_TYPES)))
    print()
    print_table(scores, docs)
    print()
    print_targets(scores, args.path.resolve() == DEFAULT_PATH.resolve())
    if args.show_errors and args.engine_errors in predictions:
        print_errors(scores[args.engine_errors][0], docs, predictions[args.engine_errors],
                     args.show_errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
