"""Subscription lists as real programs write them: not well-formed, nested absurdly
deep. Every feed that can be read is subscribed to; what could not be is said."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.core.feeds.opml import MAX_FOLDER_DEPTH, read_opml
from newsreader.core.feeds.parse import FeedError

from .helpers import cli, one_clear_line

pytestmark = pytest.mark.hostile

#: the shape of most files of a popular public OPML collection: a bare & in titles
BARE_AMPERSAND = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>News & Views</title></head>
  <body>
    <outline text="Science & Nature" title="Science & Nature">
      <outline type="rss" text="R&D Weekly" xmlUrl="https://rd.example/feed?lang=en&format=rss"/>
      <outline type="rss" text="Caf&eacute;&nbsp;Tech" xmlUrl="https://cafe.example/rss"/>
    </outline>
    <outline type="rss" text="Arts &amp; Letters" xmlUrl="https://arts.example/atom"/>
  </body>
</opml>
"""


def _feeds(library: Path) -> list[dict]:
    return sorted(json.loads(cli(library, "feed", "list", "--json").stdout),
                  key=lambda f: f["url"])


def test_a_bare_ampersand_is_read_as_one(tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_bytes(BARE_AMPERSAND)
    library = tmp_path / "lib.sqlite"
    result = cli(library, "feed", "import-opml", str(opml))
    assert result.returncode == 0, result.stderr
    assert one_clear_line(result.stderr, "subs.opml: not well-formed XML (line 3")
    assert b"every feed in it was read" in result.stderr
    assert [(f["url"], f["title"], f["folder"]) for f in _feeds(library)] == [
        ("https://arts.example/atom", "Arts & Letters", None),
        ("https://cafe.example/rss", "Caf\u00e9 Tech", "Science & Nature"),
        ("https://rd.example/feed?lang=en&format=rss", "R&D Weekly", "Science & Nature"),
    ]


def test_a_broken_outline_costs_only_itself_and_is_reported(tmp_path: Path) -> None:
    opml = tmp_path / "broken.opml"
    opml.write_bytes(b"""<?xml version="1.0"?><opml version="2.0"><head/><body>
<outline text="First & best" xmlUrl="https://one.example/rss"/>
<outline text="broken xmlUrl="https://two.example/rss"/>
<outline text="Third" xmlUrl="https://three.example/rss"/>
</body></opml>""")
    library = tmp_path / "lib.sqlite"
    result = cli(library, "feed", "import-opml", str(opml))
    assert result.returncode == 1
    assert one_clear_line(result.stderr, "broken.opml: not well-formed XML; 1 feed in it "
                                         "could not be read:")
    assert b"broken.opml: line 3: " in result.stderr
    assert [f["url"] for f in _feeds(library)] == ["https://one.example/rss",
                                                    "https://three.example/rss"]


def _nested(depth: int, *, bare_ampersand: bool = False) -> bytes:
    title = b"Deep & deeper" if bare_ampersand else b"Deep"
    return (b'<?xml version="1.0"?><opml version="2.0"><head/><body>'
            + b'<outline text="level">' * depth
            + b'<outline text="' + title + b'" xmlUrl="https://deep.example/rss"/>'
            + b"</outline>" * depth
            + b'<outline text="Shallow" xmlUrl="https://shallow.example/rss"/></body></opml>')


def test_an_opml_nested_a_thousand_deep_is_read(tmp_path: Path) -> None:
    opml = tmp_path / "deep.opml"
    opml.write_bytes(_nested(1_000))
    library = tmp_path / "lib.sqlite"
    result = cli(library, "feed", "import-opml", str(opml))
    assert result.returncode == 0, result.stderr
    assert one_clear_line(result.stderr, f"folders nested more than {MAX_FOLDER_DEPTH} deep")
    feeds = _feeds(library)
    assert [f["url"] for f in feeds] == ["https://deep.example/rss", "https://shallow.example/rss"]
    assert feeds[0]["folder"] == "/".join(["level"] * MAX_FOLDER_DEPTH)


def test_a_malformed_opml_nested_a_thousand_deep_is_read(tmp_path: Path) -> None:
    opml = tmp_path / "deep.opml"
    opml.write_bytes(_nested(1_000, bare_ampersand=True))
    library = tmp_path / "lib.sqlite"
    result = cli(library, "feed", "import-opml", str(opml))
    assert result.returncode == 0, result.stderr
    assert one_clear_line(result.stderr, "every feed in it was read")
    assert [f["url"] for f in _feeds(library)] == ["https://deep.example/rss",
                                                    "https://shallow.example/rss"]


def test_a_malformed_opml_nested_beyond_what_libxml2_reads_is_one_clear_line(
        tmp_path: Path) -> None:
    opml = tmp_path / "deeper.opml"
    opml.write_bytes(_nested(3_000, bare_ampersand=True))
    result = cli(tmp_path / "lib.sqlite", "feed", "import-opml", str(opml))
    assert result.returncode == 1
    assert one_clear_line(result.stderr, "not a valid OPML file: Excessive depth in document")


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><!-- & --><!DOCTYPE opml [<!ENTITY x "lol">]>'
    b'<opml version="2.0"><body><outline text="&x; & more" xmlUrl="http://a.example/"/></body></opml>',
    b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "http://evil.example/x.dtd">'
    b'<opml><body><outline text="a & b" xmlUrl="http://a.example/"/></body></opml>',
], ids=["entity-after-broken-comment", "external-dtd"])
def test_the_forgiving_reader_still_refuses_dtds(data: bytes) -> None:
    with pytest.raises(FeedError, match=r"^refused"):
        read_opml(data)


def test_a_file_with_nothing_readable_is_still_refused() -> None:
    with pytest.raises(FeedError, match="not a valid OPML file"):
        read_opml(b"<opml><body><outline & & & <<<")


def test_the_app_imports_it_and_shows_the_problem(qtbot, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from newsreader.core.library import Library

    from ..ui.test_main_window import open_window

    opml = tmp_path / "subs.opml"
    opml.write_bytes(BARE_AMPERSAND)
    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(opml), ""))
    monkeypatch.setattr(
        QMessageBox, "information", lambda _parent, _title, text: shown.append(text)
    )
    with Library(tmp_path / "lib.sqlite") as library:
        window = open_window(qtbot, library, QSettings(str(tmp_path / "s.ini"),
                                                       QSettings.Format.IniFormat))
        window.window_actions.import_opml.trigger()
        assert sorted(f.title for f in library.feeds()) == ["Arts & Letters", "Café Tech",
                                                            "R&D Weekly"]
        window.close()
    (message,) = shown
    assert message.startswith("Subscribed to 3 new feeds.")
    assert "not well-formed XML (line 3" in message and "every feed in it was read" in message
