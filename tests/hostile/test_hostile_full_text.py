"""Full-text feeds whose item pages trickle in a byte at a time: the pages are fetched
side by side within the per-host limit, the refresh ends at its full-text deadline,
and the items keep their summaries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.core.feeds import pages
from newsreader.core.library import Library

from ..core.feeds.conftest import rss
from ..servers import Trickle, serving

pytestmark = pytest.mark.hostile


def _feed_of_slow_pages(base: str) -> bytes:
    body = rss([(f"s{n}", f"Slow story {n}", f"<p>Summary {n}.</p>") for n in range(6)])
    return body.replace(b"http://example.org/a/", f"{base}/slow/".encode())


def test_six_trickling_pages_cost_one_deadline_side_by_side(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: one page after another, 30 s each (six: 181 s)."""
    trickle = Trickle(every=0.5)
    routes: dict[str, bytes] = {}
    monkeypatch.setattr(pages, "FULL_TEXT_DEADLINE", 3.0)
    with serving(trickle.handler(routes)) as httpd:
        base = f"http://127.0.0.1:{httpd.server_port}"
        routes["/feed"] = _feed_of_slow_pages(base)
        lib = tmp_path / "lib.sqlite"
        with Library(lib) as library:
            library.import_opml(f'<opml version="2.0"><body><outline text="Slow" '
                                f'xmlUrl="{base}/feed"/></body></opml>'.encode())
            library.set_feed_full_text(library.feeds()[0].id, True)
        code = main(["--library", str(lib), "feed", "refresh", "--no-entities", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    report = json.loads(out)
    assert report["added"] == 6 and report["failed"] == []
    assert report["notes"] == [{"url": f"{base}/feed", "note": "6 article pages did not arrive "
                                "within the refresh's 3 s for full texts; their summaries are "
                                "kept"}]
    assert f"newsreader: {base}/feed: 6 article pages did not arrive" in err
    assert trickle.most == 2  # side by side, and never more than the per-host limit
    with Library(lib) as library:
        assert sorted(library.article(i).body_text for i in range(1, 7)) == [
            f"Summary {n}." for n in range(6)]
