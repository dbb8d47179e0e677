"""The command line of collections that learn: ``tag learn``, ``suggest``, ``review``,
``accept``, ``reject`` and ``rule``, and the tagging of new arrivals after an import
or a feed refresh. Training shows progress and stops cleanly on Ctrl+C.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from .cli_support import Interrupt, print_json
from .core.errors import NewsreaderError
from .core.library import Library
from .core.models import LearnReport, SuggestionRow
from .progress import TerminalProgress
from .terminal import printable, say, warn

ACTIONS = ("learn", "suggest", "review", "accept", "reject", "rule")


def add_parsers(tag: Any, positive_int: Any) -> None:
    """The learning actions under ``newsreader tag``."""
    t = tag.add_parser("learn", help="let collections learn from their stories",
                       description="Train a model for each collection from its stories (against "
                                   "the rest of the library and what you rejected); it ranks "
                                   "the articles not in it, tags those it is sure of as "
                                   "suggested, now and as new ones arrive. Without NAME: "
                                   "train the learning collections again.")
    t.add_argument("names", nargs="*", metavar="NAME")
    t.add_argument("--off", action="store_true", help="stop learning (suggestions are dropped)")
    t = tag.add_parser("suggest", help="a learning collection's best candidates, with reasons")
    t.add_argument("name", metavar="NAME")
    t.add_argument("--query", metavar="Q", help="rank only the articles matching this search")
    t.add_argument("--limit", type=positive_int, default=20, metavar="N",
                   help="at most N articles (default 20)")
    t.add_argument("--json", action="store_true", help="print a JSON list")
    t = tag.add_parser("review", help="articles tagged as suggested, awaiting accept or reject")
    t.add_argument("name", nargs="?", metavar="NAME")
    t.add_argument("--json", action="store_true", help="print a JSON list")
    for action, verb in (("accept", "put suggested articles in the collection"),
                         ("reject", "say suggested articles do not belong (remembered)")):
        t = tag.add_parser(action, help=verb)
        t.add_argument("name", metavar="NAME")
        t.add_argument("ids", nargs="*", type=int, metavar="ID")
        t.add_argument("--all", action="store_true", help="every article suggested for NAME")
        t.add_argument("--no-learn", action="store_true",
                       help="do not train again now (the next `tag learn` does)")
    t = tag.add_parser("rule", help="a search that tags what matches it, now and on arrival")
    t.add_argument("name", metavar="NAME")
    mode = t.add_mutually_exclusive_group(required=True)
    mode.add_argument("--query", metavar="Q", help="the search (same language as `list`)")
    mode.add_argument("--off", action="store_true", help="remove the collection's rule")


def run(library: Library, args: argparse.Namespace) -> int:
    action = args.tag_command
    if action == "learn":
        return _learn(library, args)
    if action == "suggest":
        return _suggest(library, args)
    if action == "review":
        return _review(library, args)
    if action in ("accept", "reject"):
        return _decide(library, args)
    return _rule(library, args)


def _learn(library: Library, args: argparse.Namespace) -> int:
    if args.off:
        if not args.names:
            raise NewsreaderError("name the collections that should stop learning")
        for name in library.set_learning(args.names, on=False):
            say(f"{name!r} no longer learns; its suggestions are gone (rejections are kept).")
        return 0
    if args.names:
        library.set_learning(args.names)
    elif not library.learning_collections():
        raise NewsreaderError("no collection learns yet; start one with: newsreader tag learn NAME")
    return train(library)


def train(library: Library, only: Sequence[str] | None = None) -> int:
    """Train every learning collection (or ``only`` these), with progress; say what each
    learned."""
    bar = TerminalProgress(sys.stderr, label="Learning")
    try:
        with Interrupt() as stop:
            report = library.learn(only, progress=bar.update, should_cancel=stop.requested)
    finally:
        bar.finish()
    if report.cancelled:
        warn("learning cancelled; nothing changed (the collections still learn: "
             "`newsreader tag learn` trains them)")
        return 130
    _print_learned(report)
    return 0


def _print_learned(report: LearnReport) -> None:
    for done in report.trained:
        rejected = f" and {done.rejected} rejected" if done.rejected else ""
        found = (f"{done.suggested} article{'s' * (done.suggested != 1)} suggested "
                 f"(newsreader tag review {done.name!r})" if done.suggested
                 else "nothing it is sure of yet (newsreader tag suggest ranks the best)")
        say(f"{done.name!r} learned from {done.stories} "
              f"stor{'ies' if done.stories != 1 else 'y'}{rejected}: {found}.")
    for name, why in report.skipped:
        say(f"{name!r} learns, but cannot be trained yet: {why}.")


def _suggest(library: Library, args: argparse.Namespace) -> int:
    bar = TerminalProgress(sys.stderr, label="Ranking")
    try:
        with Interrupt() as stop:
            rows = library.suggestions(args.name, query=args.query, limit=args.limit,
                                       progress=bar.update, should_cancel=stop.requested)
    finally:
        bar.finish()
    _warn_if_changed(library, args.name)
    if args.json:
        print_json([_row_json(row) for row in rows])
    elif not rows:
        say(_nothing_to_suggest(library, args.name))
    else:
        for row in rows:
            say(_row_line(row))
    return 0


def _warn_if_changed(library: Library, name: str) -> None:
    changes = library.learning_changes(name)
    if changes and any(changes):
        warn(f"{name!r} changed since it learned; `newsreader tag learn` trains "
              "it again")


def _nothing_to_suggest(library: Library, name: str) -> str:
    if library.learning_changes(name) is None:
        return (f"{name!r} has not been trained yet: it needs at least one story and another "
                "article to learn against (newsreader tag learn trains it).")
    return "No article to suggest: every candidate is in the collection or was rejected."


def _row_json(row: SuggestionRow) -> dict[str, Any]:
    return {"id": row.article_id, "title": row.title, "score": round(row.score, 4),
            "reasons": row.reasons}


def _row_line(row: SuggestionRow) -> str:
    mark = "+" if row.state == "suggested" else " "
    why = f"  ({', '.join(row.reasons)})" if row.reasons else ""
    return f"{row.article_id:>6} {mark} {row.score:.2f}  {row.title}{why}"


def _review(library: Library, args: argparse.Namespace) -> int:
    rows = library.review(args.name)
    if args.json:
        print_json([{"tag": row.collection, **_row_json(row)} for row in rows])
        return 0
    if not rows:
        say("No suggestions await a decision.")
        return 0
    current = None
    for row in rows:
        if row.collection != current:
            current = row.collection
            say(f"{current}:")
        say(_row_line(row))
    say("Accept or reject: newsreader tag accept NAME ID... (or --all), tag reject NAME ID...")
    return 0


def _decide(library: Library, args: argparse.Namespace) -> int:
    if bool(args.ids) == args.all:
        raise NewsreaderError("give article IDs or --all, not both and not neither")
    ids = None if args.all else args.ids
    if args.tag_command == "accept":
        change = library.accept_suggestions(args.name, ids)
        say(f"Accepted {len(change.added)} article{'s' * (len(change.added) != 1)} "
              f"into {change.name!r}.")
    else:
        count = library.reject_suggestions(args.name, ids)
        say(f"Rejected {count} suggestion{'s' * (count != 1)} for {args.name!r}; "
              "they will not be suggested again.")
    learns = args.name.casefold() in {n.casefold() for n in library.learning_collections()}
    if args.no_learn or not learns:
        return 0
    return train(library, only=[args.name])


def _rule(library: Library, args: argparse.Namespace) -> int:
    if args.off:
        change = library.set_rule(args.name, None)
        say(f"{change.name!r} has no rule any more; its articles stay.")
        return 0
    change = library.set_rule(args.name, args.query)
    say(f"{change.name!r} now tags what matches {args.query!r}: {len(change.added)} "
          f"article{'s' * (len(change.added) != 1)} added now, new ones as they arrive.")
    return 0


def tag_new_arrivals(library: Library, ids: Sequence[int], *, to_stderr: bool = False) -> None:
    """After an import or refresh: rules and learned collections tag the new articles
    (what they did is said on stderr when stdout carries JSON)."""
    out = sys.stderr if to_stderr else sys.stdout
    if not ids:
        return
    bar = TerminalProgress(sys.stderr, label="Tagging new articles")
    try:
        with Interrupt() as stop:
            report = library.tag_arrivals(ids, progress=bar.update, should_cancel=stop.requested)
    finally:
        bar.finish()
    for name, count in report.ruled.items():
        print(printable(f"Rule of {name!r} tagged {count} new article{'s' * (count != 1)}."),
              file=out)
    for name, count in report.suggested.items():
        print(printable(f"Suggested {count} new article{'s' * (count != 1)} for {name!r} "
              f"(newsreader tag review {name!r})."), file=out)
    if report.cancelled:
        warn("tagging of new articles stopped; the rest stay untagged")
        raise KeyboardInterrupt
