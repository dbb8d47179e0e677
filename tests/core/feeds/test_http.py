"""The HTTP client against a real local server: limits, redirects, refusals."""

from __future__ import annotations

import gzip
import time

import pytest

from newsreader.core.net.http import FetchError, check_url, fetch

from .conftest import RSS, Server


def test_plain_fetch_returns_bytes_and_headers(server: Server) -> None:
    result = fetch(server.url("/rss"))
    assert result.status == 200
    assert result.body == RSS
    assert result.url == server.url("/rss")
    assert result.permanent_url is None
    assert result.content_type == "application/rss+xml"
    assert not result.not_modified
    _path, headers = server.hits[-1]
    assert "gzip" in headers["Accept-Encoding"]
    assert headers["User-Agent"].startswith("Newsreader/")


def test_etag_conditional_get(server: Server) -> None:
    first = fetch(server.url("/etag"))
    assert first.etag == '"v1"' and first.body == RSS
    second = fetch(server.url("/etag"), etag=first.etag)
    assert second.status == 304 and second.not_modified and second.body == b""
    assert second.etag == '"v1"'
    assert server.hits[-1][1]["If-None-Match"] == '"v1"'


def test_last_modified_conditional_get(server: Server) -> None:
    first = fetch(server.url("/lastmod"))
    assert first.last_modified == "Mon, 06 May 2024 10:00:00 GMT"
    second = fetch(server.url("/lastmod"), last_modified=first.last_modified)
    assert second.not_modified
    assert second.last_modified == first.last_modified


def test_gzip_is_decoded(server: Server) -> None:
    assert fetch(server.url("/gzip")).body == RSS


def test_gzip_bomb_is_cut_off_at_the_decompressed_size(server: Server) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^response too large \(over 1 MiB\)$"):
        fetch(server.url("/gzip-bomb"), max_bytes=1024 * 1024)
    assert time.monotonic() - started < 5


def test_default_cap_is_20_mib(server: Server) -> None:
    with pytest.raises(FetchError, match=r"^response too large \(over 20 MiB\)$"):
        fetch(server.url("/gzip-bomb"))


def test_endless_body_is_cut_off(server: Server) -> None:
    with pytest.raises(FetchError, match="response too large"):
        fetch(server.url("/endless"), max_bytes=2 * 1024 * 1024)


def test_trickling_server_hits_the_total_deadline(server: Server) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^timed out after 1 s$"):
        fetch(server.url("/trickle"), deadline=1)
    assert time.monotonic() - started < 2.5


def test_trickle_slower_than_the_deadline_even_with_long_socket_timeouts(server: Server) -> None:
    # the connect timeout is generous; only the deadline can stop this
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 1\.5 s"):
        fetch(server.url("/trickle"), deadline=1.5, connect_timeout=60)
    assert time.monotonic() - started < 3


def test_permanent_redirect_is_reported(server: Server) -> None:
    result = fetch(server.url("/moved-permanently"))
    assert result.body == RSS
    assert result.url == server.url("/rss")
    assert result.permanent_url == server.url("/rss")


def test_temporary_redirect_is_followed_not_remembered(server: Server) -> None:
    result = fetch(server.url("/moved-temporarily"))
    assert result.body == RSS and result.url == server.url("/rss")
    assert result.permanent_url is None


def test_redirect_to_file_is_refused(server: Server) -> None:
    with pytest.raises(FetchError, match=r"^refused: only http and https links are fetched "
                                         r"\(file:///etc/passwd\)"):
        fetch(server.url("/to-file"))


def test_redirect_loop_stops(server: Server) -> None:
    with pytest.raises(FetchError, match=r"too many redirects \(over 10\)"):
        fetch(server.url("/loop"))
    assert len([p for p, _ in server.hits if p == "/loop"]) == 11


def test_http_errors_are_one_line(server: Server) -> None:
    with pytest.raises(FetchError, match=r"^HTTP 404 Not Found$") as info:
        fetch(server.url("/missing"))
    assert info.value.status == 404


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://example.org/feed", "javascript:alert(1)",
    "data:text/xml,<rss/>", "exec:ls", "/etc/passwd", "feeds/local.xml", "C:\\feeds\\x.xml",
])
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match=r"^refused: only http and https links are fetched"):
        fetch(url)


def test_check_url_accepts_web_links() -> None:
    assert check_url("  https://example.org/feed ") == "https://example.org/feed"
    with pytest.raises(FetchError, match="no host"):
        check_url("http:///feed")


def test_connection_refused_is_a_clear_error() -> None:
    with pytest.raises(FetchError, match="connection refused"):
        fetch("http://127.0.0.1:1/feed", deadline=5)


def test_unknown_host_is_a_clear_error() -> None:
    with pytest.raises(FetchError, match=r"cannot find server|timed out|could not connect"):
        fetch("http://no-such-host.invalid/feed", deadline=5)


def test_corrupt_gzip_is_an_error(server: Server) -> None:
    server.state["bomb"] = gzip.compress(RSS)[:-30] + b"garbage" * 5
    with pytest.raises(FetchError):
        fetch(server.url("/gzip-bomb"))
