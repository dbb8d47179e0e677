"""A library of hostile stories made through the command line, as a user makes one."""

from __future__ import annotations

import json
from pathlib import Path

from newsreader.cli import main
from newsreader.core.library import Library

COLLECTION = "chip export controls"
OTHER = "Korea–China supply chain"

#: One paragraph each: text that Pandoc's Markdown, CommonMark or Obsidian would read as
#: something else (a citation, a rule, front matter, markup, a list, math, a comment ...).
HOSTILE_PARAGRAPHS = [
    "Ask @handle about it, cite [@smith2020, p. 4] and -@neg; mail a@b.org.",
    "---",
    "title: not front matter\n---\n...",
    "<script>alert(1)</script> and <b>bold</b> &amp; &copy; <!-- comment -->",
    "# not a heading",
    "* not a bullet",
    "1. not a list",
    "2) nor this",
    "#. fancy list",
    "(a) a lettered list",
    "(@) an example list",
    "i. a roman list",
    "B) an upper letter",
    "| a | b |\n|---|---|",
    ": a definition",
    "term\n:   its definition",
    "$math$ and $$display$$, ^sup^ ~sub~ H~2~O and 2^10",
    "back\\slash \\* star \\\\ double \\ and a line end \\",
    "> not a quote",
    "```\nnot fenced\n```",
    "~~~\nnot fenced\n~~~",
    "[^1] a footnote call and ^[an inline note]",
    "[^1]: not a footnote",
    "{#id .class} an attribute and [span]{.smallcaps}",
    "::: a div",
    "% not a title block",
    "| not a line block",
    "<http://x.y> and <span>raw</span>",
    "= setext\n+ plus\n- minus",
    "x\n===",
    "Word_with_under_scores, 2*3*4, a*b and **not strong**",
    "==highlight== %%hidden%% #tag [[wiki link]] ^block-id",
    "--force and a -- b and --- c",
    "\\begin{center} raw TeX \\end{center} \\textbf{x}",
]


def hostile_stories() -> list[dict[str, object]]:
    return [
        {"title": "<b>Bold</b> claims & @handle *stars* [link](x) {#id}", "source": "Donga <i>",
         "author": "@reporter", "url": "https://example.com/a?x=1&y=2",
         "published_at": "2024-03-01T10:00:00Z",
         "body_text": "\n\n".join(HOSTILE_PARAGRAPHS), "tags": [COLLECTION, OTHER]},
        {"title": "# Heading title --- with dashes", "source": "Wire",
         "url": "https://example.com/b", "published_at": "2024-03-08",
         "body_text": "Plain first paragraph about chips.\n\nSecond paragraph, not in a memo.",
         "tags": [COLLECTION]},
        {"title": "1. Numbered title: $5 ^up^", "source": "Reuters",
         "url": "https://example.com/c", "published_at": "2024-03-15T08:30:00Z",
         "body_text": "@start of the body.\n\nMore.", "tags": [COLLECTION, "2024"]},
    ]


def make_cli_library(tmp_path: Path) -> Path:
    """The hostile stories imported with ``newsreader import``; the collection described,
    coloured, and a note on why its first story is in it, all with ``newsreader tag``."""
    library = tmp_path / "library.db"
    source = tmp_path / "stories.json"
    source.write_text(json.dumps(hostile_stories()), encoding="utf-8")

    def run(*argv: str) -> None:
        assert main(["--library", str(library), *argv]) == 0, argv

    run("import", "--no-entities", str(source))
    run("tag", "describe", COLLECTION, "--color", "#cc3300",
        "--description", "About <b>chips</b> & @policy\n---\n# not a heading")
    with Library(library) as lib:
        first = lib.export_items(collection=COLLECTION)[0][0]
    run("tag", "note", COLLECTION, str(first), "Why: @handle <i>matters</i>\n---")
    return library


def export_cli(library: Path, target: Path, *args: str) -> None:
    assert main(["--library", str(library), "export", COLLECTION, "--to", str(target),
                 *args]) == 0
