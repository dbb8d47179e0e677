"""``newsreader entities show|relabel|merge|split|ignore|corrections|undo``: an entity's
page and the reader's corrections, on the same Library as the app."""

from __future__ import annotations

import argparse

from .core.library import Library
from .core.models import CorrectionDone, EntityPage
from .terminal import print_json, say


def run_entity_action(library: Library, args: argparse.Namespace) -> int:
    action = args.entities_command
    if action == "show":
        return _show(library, args)
    if action == "corrections":
        return _corrections(library, args.json)
    if action == "undo":
        undone = library.undo_entity_correction(args.id)
        say(f"Undid correction #{undone.id}: {undone.sentence()}.")
        return 0
    if action == "relabel":
        done = library.relabel_entity(args.name, args.new_label, only=args.label)
    elif action == "merge":
        done = library.merge_entity(args.name, args.target, label=args.label,
                                    into_label=args.target_label)
    elif action == "split":
        done = library.split_entity(args.name, label=args.label)
    else:
        done = library.ignore_entity(args.name, label=args.label)
    _print_done(done)
    return 0


def _print_done(done: CorrectionDone) -> None:
    names = f"{done.names} name{'s' * (done.names != 1)}"
    say(f"Correction #{done.correction.id}: {done.correction.sentence()} ({names}; in every "
          f"article now and in future extraction; `newsreader entities undo "
          f"{done.correction.id}` undoes it).")


def _corrections(library: Library, as_json: bool) -> int:
    found = library.entity_corrections()
    if as_json:
        print_json([c.to_json() for c in found])
        return 0
    if not found:
        say("No corrections yet.")
    for c in found:
        state = f"  (undone {c.undone_at})" if c.undone_at else ""
        say(f"{c.id:>5}  {c.created_at}  {c.sentence()}{state}")
    return 0


def _show(library: Library, args: argparse.Namespace) -> int:
    page = library.entity_page(args.name, label=args.label, stories=args.stories)
    saved = None
    if args.save_as:
        saved = library.save_entity_as_collection(args.name, args.save_as, label=args.label)
    if args.json:
        data = page.to_json()
        if saved is not None:
            data["saved_as"] = {"collection": saved.name, "added": len(saved.added)}
        print_json(data)
        return 0
    say(_format_page(page), lines=True)
    if saved is not None:
        say("")
        say(f"Saved as the collection {saved.name!r}: {len(saved.added)} article"
            f"{'s' * (len(saved.added) != 1)} added.")
    return 0


def _format_page(page: EntityPage) -> str:
    lines = [f"{page.text}  ({page.label}, {page.articles} article{'s' * (page.articles != 1)})"]
    lines.append("Written as: " + ", ".join(f"{t} ({n})" for t, n in page.forms))
    if len(page.names) > 1:
        lines.append("Merged names: " + ", ".join(f"{t} ({lbl})" for t, lbl in page.names))
    if page.by_month:
        lines.append("Articles by month: " + ", ".join(f"{m} {n}" for m, n in page.by_month))
    if page.appears_with:
        lines.append(
            "Appears with: " + ", ".join(f"{t} ({lbl}, {n})" for t, lbl, n in page.appears_with)
        )
    if page.stories:
        lines.append("Stories:")
        for row in page.stories:
            day = (row.published_at or row.added_at)[:10]
            lines.append(
                f"{row.id:>7}  {day}  {row.title}" + (f"  [{row.source}]" if row.source else "")
            )
    return "\n".join(lines)
