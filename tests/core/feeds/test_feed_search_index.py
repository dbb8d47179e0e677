"""A feed refresh that adds items or updates one in place reaches the search index."""

from __future__ import annotations

from pathlib import Path

from newsreader.core.library import Library

from .conftest import Server, rss


def test_new_and_updated_feed_items_are_found_by_the_index(server: Server,
                                                           lib_path: Path) -> None:
    with Library(lib_path) as library:
        server.state["mutable"] = rss([("a", "Harbour strike", "<p>Dockers stop work.</p>")])
        library.add_feed(server.url("/mutable"))
        library.update_search_index()
        server.state["mutable"] = rss([
            ("a", "Harbour strike ends", "<p>Lighthouse keepers join the dockers.</p>"),
            ("b", "Rice prices", "<p>Farmers sell early.</p>")])
        report = library.refresh_feeds()
        assert (report.added, report.updated) == (1, 1)
        library.update_search_index()
        status = library.search_index_status()
        assert status is not None and status.exists and status.behind == 0
        assert [r.title for r in library.search("lighthouse")] == ["Harbour strike ends"]
        assert [r.title for r in library.search("rice")] == ["Rice prices"]
