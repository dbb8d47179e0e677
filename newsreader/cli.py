"""The command line: the same Library as the app, without Qt.

Errors the user can cause print one line on stderr and exit non-zero; ``--json``
prints machine-readable output on stdout for scripts.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import cli_learning, cli_search
from .cli_support import Interrupt as _Interrupt
from .core.errors import CorruptLibraryError, ExportOverwriteError, NewsreaderError, NotFoundError
from .core.library import Library, about, back_up_file, describe_engine
from .core.models import (
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    Article,
    ArticleRow,
    ImportFailure,
    ImportReport,
    Mention,
)
from .core.opening import may_create, open_for_use, restore_backup
from .core.paths import install_desktop_entry, resolve_library_path
from .progress import TerminalProgress
from .terminal import configure_streams, print_json, printable, say, warn

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class UsageError(NewsreaderError):
    """A command line that asks for something impossible: one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", metavar="PATH", default=argparse.SUPPRESS,
                        help="library file to use (default: $NEWSREADER_LIBRARY, "
                             "else the platform data folder)")
    parser = argparse.ArgumentParser(
        prog="newsreader", parents=[common],
        description="Read, search and curate news stored in one local SQLite library. "
                    "Without a command, opens the app.",
    )
    parser.add_argument("--version", action="store_true",
                        help="print the version, the library and the entity engine, and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("import", parents=[common], help="import files and folders",
                            description="Import .txt, .md, .html, .json and .jsonl files; "
                                        "folders are read recursively.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--no-entities", action="store_true",
                   help="do not look for named entities now (the app does it later)")

    p = commands.add_parser("list", parents=[common], help="list or search articles",
                            description="List articles, newest first, or the best matches "
                                        "of QUERY (words, \"phrases\", tag:, source:, is:unread, "
                                        "after:2024-05-01 ...).")
    p.add_argument("query", nargs="*", metavar="QUERY")
    p.add_argument("--limit", type=_positive_int, default=50, metavar="N",
                   help="at most N articles (default 50)")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument("--stories", action="store_true",
                   help="one line per story: copies of one story (syndicated, updated, "
                        "summarised) are listed once, with how many there are")

    p = commands.add_parser("show", parents=[common], help="show one article",
                            description="Print one article with its metadata and text.")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help="print a JSON object")

    p = commands.add_parser(
        "entities", parents=[common], help="named entities: extract, list, show, correct",
        description="Find named entities. With --jsonl, read JSON Lines with a \"text\" field "
                    "and print {\"ents\": [...]} per line (offsets into that text); with --top, "
                    "list the entities most articles mention; with --extract, extract for "
                    "articles that have none yet; with --rerun, for every article again. "
                    "The actions show one entity's page and correct names: a correction holds "
                    "for every article and every future extraction, and can be undone.")
    _entity_actions(p)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--jsonl", metavar="FILE", help="JSON Lines to read ('-' for stdin)")
    mode.add_argument("--top", nargs="?", const="", metavar="QUERY",
                      help="most mentioned entities (optionally among articles matching QUERY)")
    mode.add_argument("--extract", action="store_true", help="extract where missing")
    mode.add_argument("--rerun", action="store_true", help="extract every article again")
    mode.add_argument("--use", action="store_true",
                      help="save --engine/--model as this library's choice")
    p.add_argument("--engine", choices=("auto", "rules", "spacy"),
                   help="engine (default: the library's choice, initially auto)")
    p.add_argument("--model", metavar="NAME", help="spaCy pipeline (default en_core_web_sm)")
    p.add_argument("--limit", type=_positive_int, default=30, metavar="N", help="with --top")
    p.add_argument("--json", action="store_true", help="with --top: print JSON")

    p = commands.add_parser("watch", parents=[common], help="the watchlist of terms",
                            description="Terms highlighted in every article, over the engine.")
    watch = p.add_subparsers(dest="watch_command", metavar="ACTION", required=True)
    w = watch.add_parser("add", help="watch a term")
    w.add_argument("term")
    w.add_argument("--label", default="PRODUCT", help="entity label, e.g. LAW, PRODUCT, ORG")
    w.add_argument("--color", help="highlight colour, e.g. #d1495b")
    w = watch.add_parser("remove", help="stop watching a term")
    w.add_argument("term")
    w = watch.add_parser("list", help="list watched terms")
    w.add_argument("--json", action="store_true")

    p = commands.add_parser(
        "tag", parents=[common], help="collections: tag articles, list, rename, describe",
        description="Collections are tags. Names may contain anything; put -- before a name "
                    "that starts with a dash: newsreader tag add -- -draft 12")
    tag = p.add_subparsers(dest="tag_command", metavar="ACTION", required=True)
    for action, verb in (("add", "put articles in"), ("remove", "take articles out of")):
        t = tag.add_parser(action, help=f"{verb} a collection")
        t.add_argument("name", metavar="NAME")
        t.add_argument("ids", nargs="*", type=int, metavar="ID")
        t.add_argument("--query", metavar="Q", help="the articles matching this search")
    t = tag.add_parser("list", help="collections with their counts")
    t.add_argument("--json", action="store_true")
    t = tag.add_parser("rename", help="rename (onto an existing name: merge)")
    t.add_argument("old", metavar="OLD")
    t.add_argument("new", metavar="NEW")
    t = tag.add_parser("delete", help="delete a collection (its articles stay)")
    t.add_argument("name", metavar="NAME")
    t = tag.add_parser("describe", help="set a collection's description or colour")
    t.add_argument("name", metavar="NAME")
    t.add_argument("--description", metavar="TEXT")
    t.add_argument("--color", metavar="#RRGGBB")
    t = tag.add_parser("note", help="why an article is in a collection")
    t.add_argument("name", metavar="NAME")
    t.add_argument("id", type=int, metavar="ID")
    t.add_argument("note", metavar="NOTE")
    cli_learning.add_parsers(tag, _positive_int)

    p = commands.add_parser(
        "export", parents=[common], help="export a collection or a search",
        description="Write a collection (in its order) or the articles of a search as a "
                    "folder of Markdown files, one Markdown digest, JSON, CSV, or citations "
                    "(CSL-JSON, BibTeX, RIS).")
    p.add_argument("name", nargs="?", metavar="NAME", help="the collection to export")
    p.add_argument("--query", metavar="Q", help="export the articles matching this search")
    p.add_argument("--to", required=True, metavar="PATH",
                   help="folder or file to write; - for standard output (one-file formats)")
    p.add_argument("--format", choices=("folder", "digest", "json", "csv", "csl-json", "bibtex",
                                        "ris"), default="folder")
    p.add_argument("--excel", action="store_true",
                   help="CSV: start with a byte order mark, so that Excel reads it as UTF-8")
    p.add_argument("--force", action="store_true",
                   help="replace a file at the target that Newsreader did not write, or that "
                        "was changed since it did (other files in an export folder are "
                        "always kept)")
    p.add_argument("--with-suggested", action="store_true",
                   help="also the articles suggested for the collection, not yet accepted")
    p.add_argument("--memo", action="store_true", help="a digest as a brief: each story's "
                   "headline, source, date and first paragraph (with --format digest)")
    p.add_argument("--timeline", action="store_true",
                   help="a digest with a picture of its stories per week")
    p.add_argument("--links", choices=("markdown", "wiki"), default="markdown",
                   help="how a folder's index.md and stories link: Markdown links, or "
                        "Obsidian's [[wikilinks]]")

    p = commands.add_parser("feed", parents=[common], help="RSS, Atom and JSON Feed subscriptions",
                            description="Subscribe to feeds, refresh them, move them with OPML.")
    feed = p.add_subparsers(dest="feed_command", metavar="ACTION", required=True)
    f = feed.add_parser("add", help="subscribe to a feed or a site's home page")
    f.add_argument("url")
    f.add_argument("--folder", metavar="NAME")
    f.add_argument("--full-text", action="store_true",
                   help="download each item's page when the feed carries only summaries")
    f.add_argument("--no-entities", action="store_true",
                   help="do not look for named entities now (the app does it later)")
    f = feed.add_parser("list", help="list subscriptions")
    f.add_argument("--json", action="store_true")
    f = feed.add_parser("refresh", help="fetch new items (all feeds by default)")
    f.add_argument("url", nargs="?", help="only this feed")
    f.add_argument("--all", action="store_true", help="every feed (the default)")
    f.add_argument("--folder", metavar="NAME", help="the feeds of one folder")
    f.add_argument("--workers", type=_positive_int, metavar="N",
                   help="feeds fetched at once (default 8)")
    f.add_argument("--per-host", type=_positive_int, metavar="N",
                   help="at most N fetches at once from one host (default 2)")
    f.add_argument("--no-entities", action="store_true",
                   help="do not look for named entities now (the app does it later)")
    f.add_argument("--json", action="store_true")
    f = feed.add_parser("import-opml", help="subscribe to the feeds of an OPML file")
    f.add_argument("file")
    f = feed.add_parser("export-opml", help="write the subscriptions as OPML")
    f.add_argument("file")

    cli_search.add_parser(commands, common)

    p = commands.add_parser("backup", parents=[common], help="make a verified backup",
                            description="Copy the library with SQLite's backup API, check the "
                                        "copy (integrity_check) and keep it in the backups/ folder "
                                        "next to the library (the newest 10 are kept), or write "
                                        "it to --to PATH.")
    p.add_argument("--to", metavar="PATH", help="write the backup here (must not exist yet)")
    p = commands.add_parser("restore", parents=[common], help="put a backup in the library's place",
                            description="Check the backup, move the current library aside as "
                                        "<name>.replaced-<time> (it is never deleted) and put "
                                        "the backup in its place. Close the app first.")
    p.add_argument("backup", metavar="PATH", help="a backup file (see the backups/ folder)")

    p = commands.add_parser(
        "install-desktop", help="put Newsreader in your desktop's applications menu",
        description="Write newsreader.desktop (starting this installation's newsreader by its "
                    "absolute path) to ~/.local/share/applications and the icon to "
                    "~/.local/share/icons/hicolor ($XDG_DATA_HOME instead of ~/.local/share "
                    "when set). Run it again after moving the installation.")
    p = commands.add_parser("gui", parents=[common], help="open the app (the default)",
                            description="Open the Newsreader window.")
    p.add_argument("--screenshot", metavar="FILE",
                   help="render the window, save it as a PNG and exit")
    p.add_argument("--select", type=int, metavar="ID", help="select this article first")
    p.add_argument("--size", default="1280x800", metavar="WxH", help="window size")
    return parser


def _entity_actions(parser: argparse.ArgumentParser) -> None:
    """``entities show|relabel|merge|split|ignore|corrections|undo``."""
    actions = parser.add_subparsers(dest="entities_command", metavar="ACTION")
    a = actions.add_parser("show", help="an entity's page: forms, label, articles over time, "
                                        "entities it appears with, its stories")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--label", help="which entity, when several have this name (e.g. ORG)")
    a.add_argument("--stories", type=_positive_int, default=20, metavar="N",
                   help="list its N newest stories (default 20)")
    a.add_argument("--save-as", metavar="COLLECTION",
                   help="also put every article that mentions it in this collection")
    a.add_argument("--json", action="store_true", help="print a JSON object")
    a = actions.add_parser("relabel", help="give an entity another label (\"organisation\")")
    a.add_argument("name", metavar="NAME")
    a.add_argument("new_label", metavar="LABEL", help="ORG, PERSON, GPE ... or organisation, "
                                                     "person, place ...")
    a.add_argument("--label", help="only the entity with this label now")
    a = actions.add_parser("merge", help="NAME is the same as TARGET (\"same as SK hynix\")")
    a.add_argument("name", metavar="NAME")
    a.add_argument("target", metavar="TARGET")
    a.add_argument("--label", help="only the entity NAME with this label")
    a.add_argument("--target-label", help="which TARGET, when several have its name")
    a = actions.add_parser("split", help="take NAME out of the entity it was merged into")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--label", help="only names with this label")
    a = actions.add_parser("ignore", help="NAME is not an entity: never show it")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--label", help="only names with this label")
    a = actions.add_parser("corrections", help="list the corrections made in this library")
    a.add_argument("--json", action="store_true")
    a = actions.add_parser("undo", help="undo a correction (the latest by default)")
    a.add_argument("id", nargs="?", type=int, metavar="ID", help="a number from `corrections`")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; SIGTERM ends it as Ctrl+C does: the write under way is rolled back
    or finished, the library is closed, and worker processes end with this one."""
    previous = signal.signal(signal.SIGTERM, _interrupted)
    try:
        return _main(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupted(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def _main(argv: Sequence[str] | None) -> int:
    configure_streams()
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    path, is_default = resolve_library_path(getattr(args, "library", None))
    if args.version:  # reads the library's engine choice, creates nothing
        rows = dict(about(path))
        say(f"newsreader {rows.pop('Version')}", lines=True)
        for label, value in rows.items():
            say(f"{label.lower()}: {value}", lines=True)
        return 0
    try:
        if command == "gui":
            from .app import run_app

            return run_app(
                path,
                is_default=is_default,
                screenshot=getattr(args, "screenshot", None),
                select=getattr(args, "select", None),
                size=getattr(args, "size", None),
            )
        if command == "install-desktop":  # no library involved
            return cmd_install_desktop()
        if command in FILE_COMMANDS:  # work on the file itself, even a damaged one
            return FILE_COMMANDS[command](path, args)
        library, notices = open_for_use(
            path, with_sample=is_default,
            create=may_create(is_default=is_default, adds=adds_to_library(args)))
        if library.created:
            warn(f"created a new library at {path}"
                 + (" with the sample stories" if is_default else ""))
        for notice in notices:
            warn(notice)
        with library, cli_search.keeping_index(library):
            return COMMANDS[command](library, args)
    except CorruptLibraryError as error:
        warn(str(error))
        if error.backup is not None:
            warn(f"to restore it: newsreader --library {path} restore {error.backup}")
        return EXIT_ERROR
    except UsageError as error:
        print(f"newsreader: {error}", file=sys.stderr)
        return EXIT_USAGE
    except NewsreaderError as error:
        warn(str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        warn("interrupted")
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # `newsreader list | head`: the reader went away, not an error
        return 0
    except Exception as error:  # a bug: one line, the traceback only on request
        if os.environ.get("NEWSREADER_DEBUG"):
            raise
        warn(f"internal error: {type(error).__name__}: {error} "
             "(set NEWSREADER_DEBUG=1 for details)")
        return EXIT_INTERNAL


#: The commands (and actions) that add to a library, and so may create one at a path
#: that has none; every other command only reads there and says "no library at PATH".
ADDING = {("import", None), ("feed", "add"), ("feed", "import-opml"), ("watch", "add"),
          ("tag", "add"), ("tag", "rule"), ("entities", "--use")}


def adds_to_library(args: argparse.Namespace) -> bool:
    """Whether this command line adds something to the library (see ``ADDING``)."""
    command = args.command or "gui"
    if command == "entities":
        action = "--use" if args.use else None
    else:
        action = getattr(args, f"{command}_command", None)
    return (command, action) in ADDING


def cmd_import(library: Library, args: argparse.Namespace) -> int:
    urls = [p for p in args.paths if p.lower().startswith(("http://", "https://"))]
    paths = [p for p in args.paths if p not in urls]
    report = ImportReport()
    for url in urls:
        try:
            report.merge(library.import_url(url))
        except NewsreaderError as error:
            report.failed.append(ImportFailure(url, str(error)))
    bar = TerminalProgress(sys.stderr, label="Importing")
    try:
        with _Interrupt() as stop:
            if paths:
                report.merge(library.import_paths(paths, progress=bar.update,
                                                  should_cancel=stop.requested))
                report.cancelled = stop.requested()
    finally:
        bar.finish()
    for failure in report.failed:
        warn(f"{failure.path}: {failure.error}")
    entities_ok = True
    if report.added and not args.no_entities and not report.cancelled:
        entities_ok = _extract(library, _cli_engine(library), label="Finding entities") >= 0
    if not report.cancelled:
        cli_learning.tag_new_arrivals(library, report.added_ids, to_stderr=args.json)
    if args.json:
        print_json(report.to_json())
    else:
        say(_import_summary(report))
    if report.cancelled:
        return 130
    return EXIT_ERROR if report.failed or not entities_ok else 0


def _extract(library: Library, engine: Any, *, label: str) -> int:
    """Extract pending entities with a progress bar; -1 (and one line) when it failed."""
    if engine is None:
        return -1
    bar = TerminalProgress(sys.stderr, label=label)
    stop = _Interrupt()
    try:
        with stop:
            done = library.extract_entities(engine, progress=bar.update,
                                            should_cancel=stop.requested)
    except NewsreaderError as error:
        warn(f"entities not extracted: {error}")
        return -1
    finally:
        bar.finish()
    if stop.requested():  # stopped between batches: what was found is stored
        warn(f"stopped after finding the entities of {done} articles; the rest "
             "are found next time")
        raise KeyboardInterrupt
    return done


def _import_summary(report: ImportReport) -> str:
    parts = [f"Imported {report.added} article{'s' * (report.added != 1)}"]
    if report.skipped:
        parts.append(f"skipped {report.skipped} already in the library")
    if report.failed:
        parts.append(f"{len(report.failed)} failed")
    line = ", ".join(parts) + "."
    return line + (" Cancelled: later files were not imported." if report.cancelled else "")


def cmd_list(library: Library, args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    if args.stories:
        rows = library.story_page(query, limit=args.limit)
    else:
        rows = (
            library.search(query, limit=args.limit) if query else library.page(limit=args.limit)[0]
        )
    if args.json:
        suggested = library.suggested_tags([row.id for row in rows])
        print_json([{**_plain_snippet(row.to_json()), "suggested_tags": suggested.get(row.id, [])}
                     for row in rows])
        return 0
    if not rows:
        say("No articles match." if query else "The library is empty. Import some: "
              "newsreader import PATH")
        return 0
    for row in rows:
        say(_row_line(row))
        if row.snippet:
            print("      " + _render_snippet(printable(row.snippet,
                                                     keep=SNIPPET_OPEN + SNIPPET_CLOSE)))
    return 0


def _row_line(row: ArticleRow) -> str:
    day = (row.published_at or row.added_at)[:10]
    marks = ("*" if row.is_starred else " ") + ("•" if not row.is_read else " ")
    source = f"  [{row.source}]" if row.source else ""
    copies = f"  ({row.story_size} copies)" if row.story_size > 1 else ""
    return f"{row.id:>5} {marks} {day}  {row.title}{source}{copies}"


def _render_snippet(snippet: str) -> str:
    if sys.stdout.isatty():
        return snippet.replace(SNIPPET_OPEN, "\x1b[1m").replace(SNIPPET_CLOSE, "\x1b[0m")
    return snippet.replace(SNIPPET_OPEN, "[").replace(SNIPPET_CLOSE, "]")


def _plain_snippet(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("snippet"):
        data["snippet"] = data["snippet"].replace(SNIPPET_OPEN, "[").replace(SNIPPET_CLOSE, "]")
    return data


def cmd_show(library: Library, args: argparse.Namespace) -> int:
    article = library.article(args.id)
    copies = library.copies(article.id)
    if args.json:
        data = article.to_json()
        data["suggested_tags"] = library.suggested_tags([article.id]).get(article.id, [])
        data["copies"] = [row.id for row in copies]
        data["entities"] = [_mention_json(article.body_text, m)
                            for m in library.mentions(article.id)]
        print_json(data)
    else:
        say(_format_article(article, copies), lines=True)
    return 0


def _mention_json(text: str, mention: Mention) -> dict[str, Any]:
    data = {"text": text[mention.start:mention.end], "label": mention.label,
            "start": mention.start, "end": mention.end}
    if mention.text != data["text"]:
        data["entity"] = mention.text  # the name this mention refers to ("Ahn" -> "Ahn Deok-geun")
    return data


def cmd_entities(library: Library, args: argparse.Namespace) -> int:
    if args.entities_command:
        if args.jsonl or args.top is not None or args.extract or args.rerun or args.use:
            raise UsageError(f"entities {args.entities_command} takes none of --jsonl, --top, "
                             "--extract, --rerun, --use")
        from .cli_entities import run_entity_action

        return run_entity_action(library, args)
    if not (args.jsonl or args.top is not None or args.extract or args.rerun or args.use):
        raise UsageError("entities: give an action (show, relabel, merge, split, ignore, "
                         "corrections, undo) or one of --jsonl, --top, --extract, --rerun, --use")
    if args.jsonl:
        engine = _cli_engine(library, args.engine, args.model)
        return EXIT_ERROR if engine is None else _entities_jsonl(engine, args.jsonl)
    if args.use:
        library.set_entity_engine(args.engine or "auto", args.model)
        say(f"Entities will be found with: {describe_engine(args.engine or 'auto', args.model)}")
        return 0
    if args.top is not None:
        top = library.top_entities(args.top or None, limit=args.limit)
        if args.json:
            print_json([{"text": e.text, "label": e.label, "articles": e.articles} for e in top])
        else:
            for e in top:
                say(f"{e.articles:>7}  {e.label:<8} {e.text}")
        return 0
    engine = _cli_engine(library, args.engine, args.model)
    if engine is None:
        return EXIT_ERROR
    if args.rerun:
        library.reset_entities()
    done = _extract(library, engine, label="Finding entities")
    if done < 0:
        return EXIT_ERROR
    say(f"Found the entities of {done} article{'s' * (done != 1)} with {engine.name}.")
    return 0


def _cli_engine(library: Library, choice: str | None = None, model: str | None = None) -> Any:
    """The engine for a command-line run, allowed every core; None (and one line on
    stderr) when it cannot be loaded, so an import still reports what it stored."""
    try:
        return library.entity_engine(choice, model, processes=os.cpu_count() or 1)
    except NewsreaderError as error:
        warn(f"entities not extracted: {error}")
        return None


def _entities_jsonl(engine: Any, source: str) -> int:
    """One output line per input line; a bad line gets an error line, the rest go on."""
    stream = sys.stdin if source == "-" else _open_text(source)
    failed = False
    with stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                text = json.loads(line)["text"]
                if not isinstance(text, str):
                    raise TypeError("\"text\" is not a string")
            except (ValueError, KeyError, TypeError) as error:
                warn(f"{source}: line {number}: {error}")
                print_json({"error": str(error)}, indent=None)
                failed = True
                continue
            (spans,) = engine.extract([text])
            ents = [{"text": s.text, "label": s.label, "start": s.start, "end": s.end}
                    for s in spans]
            print_json({"ents": ents}, indent=None)
    return EXIT_ERROR if failed else 0


def _open_text(path: str):
    try:
        return open(path, encoding="utf-8")
    except OSError as error:
        raise NewsreaderError(f"cannot read {path}: {error.strerror}") from error


def cmd_watch(library: Library, args: argparse.Namespace) -> int:
    if args.watch_command == "add":
        queued = library.add_watch_term(args.term, args.label, args.color)
        done = _extract(library, _cli_engine(library), label="Highlighting") if queued else 0
        say(f"Watching {args.term!r} as {args.label.upper()} "
              f"({queued} article{'s' * (queued != 1)} to update).")
        return 0 if done >= 0 else EXIT_ERROR
    if args.watch_command == "remove":
        queued = library.remove_watch_term(args.term)
        done = _extract(library, _cli_engine(library), label="Updating") if queued else 0
        say(f"No longer watching {args.term!r}.")
        return 0 if done >= 0 else EXIT_ERROR
    terms = library.watchlist()
    if args.json:
        print_json([{"term": t.term, "label": t.label, "color": t.color} for t in terms])
    else:
        for t in terms:
            say(f"{t.label:<8} {t.term}" + (f"  {t.color}" if t.color else ""))
    return 0


def _format_article(article: Article, copies: Sequence[ArticleRow] = ()) -> str:
    lines = [article.title, "=" * min(len(article.title), 78)]
    also = "; ".join(f"{row.source or row.title} (#{row.id})" for row in copies)
    for label, value in (("Source", article.source), ("Author", article.author),
                         ("Published", article.published_at), ("URL", article.url),
                         ("Tags", ", ".join(article.tags)), ("Note", article.note),
                         ("Also reported by", also)):
        if value:
            lines.append(f"{label}: {value}")
    lines.append("")
    lines.append(article.body_text)
    return "\n".join(lines)


def cmd_tag(library: Library, args: argparse.Namespace) -> int:
    action = args.tag_command
    if action in cli_learning.ACTIONS:
        return cli_learning.run(library, args)
    if action in ("add", "remove"):
        ids = _target_ids(library, args.ids, args.query)
        if action == "add":
            change = library.add_tag(args.name, ids)
            say(f"Added {len(change.added):,} article{'s' * (len(change.added) != 1)} "
                  f"to {change.name!r} ({len(ids) - len(change.added):,} were in it already).")
        else:
            change = library.remove_tag(args.name, ids)
            say(f"Took {len(change.removed):,} article{'s' * (len(change.removed) != 1)} "
                  f"out of {change.name!r}.")
        return 0
    if action == "list":
        tags = library.tags()
        if args.json:
            print_json([{"name": t.name, "count": t.count, "color": t.color,
                          "description": t.description} for t in tags])
        else:
            for t in tags:
                say(f"{t.count:>7}  {t.name}" + (f"  — {t.description}" if t.description else ""))
        return 0
    if action == "rename":
        merged = library.rename_tag(args.old, args.new)
        say(f"{'Merged' if merged else 'Renamed'} {args.old!r} into {args.new!r}.")
    elif action == "delete":
        library.delete_tag(args.name)
        say(f"Deleted the collection {args.name!r}; its articles stay in the library.")
    elif action == "describe":
        current = library.tag(args.name)
        library.describe_tag(current.name, color=args.color,
                             description=current.description if args.description is None
                             else args.description)
    elif action == "note":
        library.set_collection_note(args.name, args.id, args.note)
    return 0


def _target_ids(library: Library, ids: list[int], query: str | None) -> list[int]:
    if bool(ids) == bool(query):
        raise NewsreaderError("give article IDs or --query, not both and not neither")
    if query:
        return [i for chunk in library.iter_ids(query) for i in chunk]
    missing = set(ids) - set(library.rows(ids))
    if missing:
        raise NotFoundError(f"no article with id {min(missing)}")
    return ids


def cmd_export(library: Library, args: argparse.Namespace) -> int:
    if bool(args.name) == bool(args.query):
        raise NewsreaderError("give a collection NAME or --query, not both and not neither")
    if args.excel and args.format != "csv":
        raise NewsreaderError("--excel is for --format csv")
    for flag in ("memo", "timeline"):
        if getattr(args, flag) and args.format != "digest":
            raise NewsreaderError(f"--{flag} is for a digest: add --format digest")
    to_stdout = args.to == "-"
    bar = TerminalProgress(sys.stderr, label="Exporting")
    try:
        with _Interrupt() as stop:
            result = library.export(sys.stdout.buffer if to_stdout else Path(args.to),
                                    format=args.format, collection=args.name,
                                    query=args.query, progress=bar.update,
                                    should_cancel=stop.requested, force=args.force,
                                    with_suggested=args.with_suggested, excel=args.excel,
                                    memo=args.memo, links=args.links, timeline=args.timeline)
    except ExportOverwriteError as error:
        many = len(error.paths) > 1
        warn(f"{error}; add --force to replace {'them' if many else 'it'}"
             + (" (everything else there is kept)" if args.format == "folder" else ""))
        return EXIT_ERROR
    finally:
        bar.finish()
    if result.cancelled:
        warn("export cancelled; the previous export is unchanged")
        return 130
    done = f"Exported {result.count:,} article{'s' * (result.count != 1)}"
    if to_stdout:
        warn(f"{done} to standard output")  # stdout holds the export itself
    else:
        say(f"{done} to {result.path}")
    return 0


def cmd_feed(library: Library, args: argparse.Namespace) -> int:
    action = args.feed_command
    if action == "add":
        feed_id, report = library.add_feed(args.url, folder=args.folder, full_text=args.full_text)
        feed = library.feed(feed_id)
        say(f"Subscribed to {feed.name} ({feed.url}): {report.added} new article"
              f"{'s' * (report.added != 1)}.")
        if not args.no_entities:
            _extract_new(library, report.added)
        cli_learning.tag_new_arrivals(library, report.added_ids)
        return 0
    if action == "list":
        feeds = library.feeds()
        if args.json:
            print_json([f.to_json() for f in feeds])
            return 0
        for f in feeds:
            status = (
                f"error: {f.last_error}" if f.last_error else (f.last_success or "never fetched")
            )
            folder = f"{f.folder}/" if f.folder else ""
            say(f"{f.articles:>6}  {folder}{f.name}  <{f.url}>  [{status}]")
        return 0
    if action == "refresh":
        return _refresh(library, args)
    if action == "import-opml":
        try:
            data = Path(args.file).read_bytes()
        except OSError as error:
            raise NewsreaderError(f"cannot read {args.file}: {error.strerror}") from error
        added, parsed = library.import_opml(data)
        for problem in parsed.problems:
            warn(f"{args.file}: {problem}")
        for url, reason in parsed.refused:
            warn(f"{url}: {reason}")
        say(f"Subscribed to {added} new feed{'s' * (added != 1)}; "
            "`newsreader feed refresh` fetches them.")
        return EXIT_ERROR if parsed.refused or parsed.skipped else 0
    _write_file(Path(args.file), library.export_opml())
    say(f"Wrote {len(library.feeds())} feeds to {args.file}.")
    return 0


def _refresh(library: Library, args: argparse.Namespace) -> int:
    if args.url:
        feeds = [library.feed(args.url)]
    elif args.folder:
        feeds = library.feeds(args.folder)
    else:
        feeds = None  # --all is the default
    alongside = None if args.no_entities else library.extract_alongside()
    bar = TerminalProgress(sys.stderr, label="Refreshing")
    try:
        with _Interrupt() as stop:
            report = library.refresh_feeds(feeds, progress=bar.update, should_cancel=stop.requested,
                                           workers=args.workers, per_host=args.per_host)
    finally:
        bar.finish()
        if alongside is not None:
            alongside.stop()
    for url, error in report.failed:
        warn(f"{url}: {error}")
    for url, note in report.notes:
        warn(f"{url}: {note}")
    if args.json:
        print_json(report.to_json())
    else:
        say(f"Refreshed {report.feeds} feeds: {report.added} new, {report.updated} updated"
              + (f", {len(report.failed)} failed" if report.failed else "") + ".")
    if alongside is not None and not report.cancelled and library.pending_entities():
        if alongside.error is not None:  # what arrived after its last batch, or all of it
            warn(f"entities not extracted: {alongside.error}")
        else:
            _extract(library, alongside.engine or _cli_engine(library), label="Finding entities")
    if not report.cancelled:
        cli_learning.tag_new_arrivals(library, report.added_ids, to_stderr=args.json)
    if report.cancelled:
        return 130
    return EXIT_ERROR if report.failed else 0


def _extract_new(library: Library, count: int) -> None:
    """New feed items get their entities like any import (one line if that fails)."""
    if count:
        _extract(library, _cli_engine(library), label="Finding entities")


def _write_file(path: Path, data: bytes) -> None:
    """Write atomically: a temp file beside the target, then rename."""
    temp = path.with_name(f".{path.name}.tmp")
    try:
        temp.write_bytes(data)
        temp.replace(path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise NewsreaderError(f"cannot write {path}: {error.strerror}") from error


def cmd_backup(path: Path, args: argparse.Namespace) -> int:
    made = back_up_file(path, args.to)
    say(f"Backed up to {made}")
    return 0


def cmd_restore(path: Path, args: argparse.Namespace) -> int:
    replaced = restore_backup(Path(args.backup).expanduser(), path)
    say(f"Restored {path} from {args.backup}."
          + (f" The previous file is kept as {replaced}." if replaced else ""))
    return 0


def cmd_install_desktop() -> int:
    try:
        written = install_desktop_entry()
    except OSError as error:
        raise NewsreaderError(f"cannot install the desktop entry: {error}") from error
    for path in written:
        say(f"Wrote {path}", lines=True)
    say("Newsreader is in your applications menu (log out and in again if it does not show).")
    return 0


FILE_COMMANDS = {"backup": cmd_backup, "restore": cmd_restore}
COMMANDS = {"import": cmd_import, "feed": cmd_feed, "list": cmd_list, "show": cmd_show,
            "entities": cmd_entities, "watch": cmd_watch, "tag": cmd_tag, "export": cmd_export,
            "index": cli_search.cmd_index}

if __name__ == "__main__":
    sys.exit(main())
