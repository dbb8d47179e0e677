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
from typing import Any

from . import __version__
from .core.errors import NewsreaderError
from .core.library import Library
from .core.models import Article, ArticleRow, ImportReport
from .core.paths import resolve_library_path
from .core.store.queries import SNIPPET_CLOSE, SNIPPET_OPEN
from .progress import TerminalProgress

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


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
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("import", parents=[common], help="import files and folders",
                            description="Import .txt, .md, .html, .json and .jsonl files; "
                                        "folders are read recursively.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = commands.add_parser("list", parents=[common], help="list or search articles",
                            description="List articles, newest first, or the best matches "
                                        "of QUERY (words, \"phrases\", tag:, source:, is:unread, "
                                        "after:2024-05-01 ...).")
    p.add_argument("query", nargs="*", metavar="QUERY")
    p.add_argument("--limit", type=_positive_int, default=50, metavar="N",
                   help="at most N articles (default 50)")
    p.add_argument("--json", action="store_true", help="print a JSON list")

    p = commands.add_parser("show", parents=[common], help="show one article",
                            description="Print one article with its metadata and text.")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help="print a JSON object")

    p = commands.add_parser("gui", parents=[common], help="open the app (the default)",
                            description="Open the Newsreader window.")
    p.add_argument("--screenshot", metavar="FILE",
                   help="render the window, save it as a PNG and exit")
    p.add_argument("--select", type=int, metavar="ID", help="select this article first")
    p.add_argument("--size", default="1280x800", metavar="WxH", help="window size")
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    path, is_default = resolve_library_path(getattr(args, "library", None))
    try:
        if command == "gui":
            from .app import run_app

            return run_app(path, is_default=is_default, screenshot=getattr(args, "screenshot", None),
                           select=getattr(args, "select", None), size=getattr(args, "size", None))
        with Library.open(path, with_sample=is_default) as library:
            return COMMANDS[command](library, args)
    except NewsreaderError as error:
        print(f"newsreader: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("newsreader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # `newsreader list | head`: the reader went away, not an error
        return 0
    except Exception as error:  # a bug: one line, the traceback only on request
        if os.environ.get("NEWSREADER_DEBUG"):
            raise
        print(f"newsreader: internal error: {type(error).__name__}: {error} "
              "(set NEWSREADER_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INTERNAL


def cmd_import(library: Library, args: argparse.Namespace) -> int:
    cancelled = False

    def on_interrupt(signum: int, frame: Any) -> None:
        nonlocal cancelled
        cancelled = True

    previous = signal.signal(signal.SIGINT, on_interrupt)
    bar = TerminalProgress(sys.stderr, label="Importing")
    try:
        report = library.import_paths(args.paths, progress=bar.update,
                                      should_cancel=lambda: cancelled)
    finally:
        bar.finish()
        signal.signal(signal.SIGINT, previous)
    for failure in report.failed:
        print(f"newsreader: {failure.path}: {failure.error}", file=sys.stderr)
    if args.json:
        _print_json(report.to_json())
    else:
        print(_import_summary(report))
    if report.cancelled:
        return 130
    return EXIT_ERROR if report.failed else 0


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
    rows = library.search(query, limit=args.limit) if query else library.page(limit=args.limit)[0]
    if args.json:
        _print_json([_plain_snippet(row.to_json()) for row in rows])
        return 0
    if not rows:
        print("No articles match." if query else "The library is empty. Import some: "
              "newsreader import PATH")
        return 0
    for row in rows:
        print(_row_line(row))
        if row.snippet:
            print("      " + _render_snippet(row.snippet))
    return 0


def _row_line(row: ArticleRow) -> str:
    day = (row.published_at or row.added_at)[:10]
    marks = ("*" if row.is_starred else " ") + ("•" if not row.is_read else " ")
    source = f"  [{row.source}]" if row.source else ""
    return f"{row.id:>5} {marks} {day}  {row.title}{source}"


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
    if args.json:
        _print_json(article.to_json())
    else:
        print(_format_article(article))
    return 0


def _format_article(article: Article) -> str:
    lines = [article.title, "=" * min(len(article.title), 78)]
    for label, value in (("Source", article.source), ("Author", article.author),
                         ("Published", article.published_at), ("URL", article.url),
                         ("Tags", ", ".join(article.tags)), ("Note", article.note)):
        if value:
            lines.append(f"{label}: {value}")
    lines.append("")
    lines.append(article.body_text)
    return "\n".join(lines)


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


COMMANDS = {"import": cmd_import, "list": cmd_list, "show": cmd_show}

if __name__ == "__main__":
    sys.exit(main())
