"""Hunt for work that grows faster than its input, by hand:

    python benchmarks/bench_hostile_text.py [--small 8192] [--factor 4] [--only NAME]

Every function that reads text a user or a feed supplies (Markdown and plain-text
import, normalising, search queries, entity engines and their corrections, export
escaping, the reader's HTML, terminal output) is run on one input made of a short
unit repeated (``**a `` 2,048 times, then 8,192 times ..., bare and followed by
`` x!``), the shape that makes a
backtracking regex or a per-item loop quadratic. For each pair it prints the time at
both sizes and their ratio: linear work grows by about ``--factor``, quadratic by its
square. Target: every ratio <= 2 x factor, or both times under 20 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

UNITS = [
    "**a ", "*a ", "_a ", "__a ", "***a ", "~~a ", "`a", "``a ", "[a", "![a", "[a](", "](",
    "<a", "<http:", "<!--", "a_", "\\*", "# ", "> ", "- ", "1. ", "=", "---\n",
    "A ", "Mr. A ", "By A ", "the ", "The A ", "A-", "A.", "A. ", ". A", "a.b", "\"", "(", "'",
    "$1 ", "1% ", "1,", "10 ", "May ", "Korea ", "A\n", "\n\n", " \n", "\t", "&", "&amp;",
    "http://a", "https://a.b/", "-a ", "tag:a ", "OR ", "\"a ", "a* ", "\x1b[", "\u2028",
    "e\u0301", "가 ", "Samsung Electronics ", "Minister A ", "A Co. ", "A Inc ", " ", "* ", "_ ",
    "`", "``a`", "1.", "a ",
]
#: each unit is tried as it repeats, then with a line end that spoils a match at the end
TAILS = ("", " x!")


def _functions() -> dict[str, Callable[[str], object]]:
    from newsreader.core.entities.postprocess import link_mentions, refine
    from newsreader.core.entities.rules import RulesEngine
    from newsreader.core.export.markdown import encode_body, escape_inline
    from newsreader.core.export.names import clean_stem
    from newsreader.core.feeds.sanitize import sanitized_with_text
    from newsreader.core.ingest.markdown import parse_markdown, strip_inline
    from newsreader.core.ingest.normalize import clean_text, normalize_url, parse_date
    from newsreader.core.ingest.text import parse_text, title_from_lead
    from newsreader.core.query import parse
    from newsreader.core.search import compile_query

    rules = RulesEngine()

    def entities(text: str) -> object:
        (spans,) = rules.extract([text])
        return link_mentions(text, refine(text, spans))

    found: dict[str, Callable[[str], object]] = {
        "markdown.strip_inline": strip_inline,
        "markdown.parse": lambda t: parse_markdown(t, origin=None),
        "text.parse": lambda t: parse_text("Title\n\n" + t, origin=None),
        "text.title_from_lead": title_from_lead,
        "normalize.clean_text": clean_text,
        "normalize.url": lambda t: normalize_url("https://example.org/" + t),
        "normalize.date": parse_date,
        "search.compile": lambda t: compile_query(parse(t)),
        "feeds.sanitize": lambda t: sanitized_with_text(t, None),
        "entities.rules+refine+link": entities,
        "export.encode_body": encode_body,
        "export.escape_inline": escape_inline,
        "export.clean_stem": clean_stem,
    }
    try:
        from newsreader.terminal import printable
        found["cli.printable"] = printable
    except ImportError:
        pass
    return found


def _time(function: Callable[[str], object], text: str, budget: float) -> float:
    start = time.perf_counter()
    try:
        function(text)
    except Exception:  # noqa: BLE001 - a refusal is a fine answer to hostile input
        pass
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=8192, help="characters of the small input")
    parser.add_argument("--factor", type=int, default=4, help="the large input is this much longer")
    parser.add_argument("--only", help="only functions whose name contains this")
    args = parser.parse_args()
    functions = _functions()
    worst: list[tuple[float, str, str, float, float]] = []
    for name, function in functions.items():
        if args.only and args.only not in name:
            continue
        for unit, tail in ((u, t) for u in UNITS for t in TAILS):
            repeat = max(1, args.small // len(unit))
            small = _time(function, unit * repeat + tail, 5)
            large = (_time(function, unit * repeat * args.factor + tail, 60) if small < 2
                     else float("inf"))
            ratio = large / small if small > 0 else 0.0
            bad = large > 0.02 and ratio > 2 * args.factor
            worst.append((ratio if large > 0.02 else 0.0, name, unit + tail, small, large))
            if bad:
                print(f"  SLOW  {name:<28} {unit + tail!r:<22} {small * 1000:8.1f} ms -> "
                      f"{large * 1000:9.1f} ms  (x{ratio:.1f})", flush=True)
    worst.sort(reverse=True)
    print("\nlargest growth (time at the large size over the small one):")
    for ratio, name, unit, small, large in worst[:12]:
        print(f"  {name:<28} {unit!r:<22} {small * 1000:8.1f} ms -> {large * 1000:9.1f} ms  "
              f"x{ratio:.1f}")
    failures = sum(1 for r, *_ in worst if r > 2 * args.factor)
    print(f"\n{failures} superlinear pairs of {len(worst)}  (target 0: ratio <= {2 * args.factor} "
          f"or under 20 ms at {args.small * args.factor:,} characters)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
