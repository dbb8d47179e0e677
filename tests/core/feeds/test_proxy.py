"""HTTP_PROXY, HTTPS_PROXY and NO_PROXY, through the command line, against a proxy and
a TLS site on 127.0.0.1 (the site's certificate is for "feeds.test", signed by a test CA
given as SSL_CERT_FILE; "feeds.test" itself resolves nowhere, so only the proxy can
reach it)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from newsreader.core.net.proxy import parse_proxy, proxy_for

from ...hostile.helpers import cli, one_clear_line
from ...servers import CA_FILE, ProxyLog, proxy, serving, site
from .conftest import RSS

FEED_HTTP = "http://feeds.test/rss"
FEED_HTTPS = "https://feeds.test/rss"


def _feeds(library: Path) -> list[str]:
    return [f["url"] for f in json.loads(cli(library, "feed", "list", "--json").stdout)]


def test_http_links_are_asked_of_the_proxy_by_their_whole_address(tmp_path: Path) -> None:
    log = ProxyLog()
    with serving(proxy(log, {FEED_HTTP: RSS})) as httpd:
        env = {"HTTP_PROXY": f"http://127.0.0.1:{httpd.server_port}"}
        result = cli(tmp_path / "lib.sqlite", "feed", "add", FEED_HTTP, "--no-entities", env=env)
    assert result.returncode == 0, result.stderr
    assert _feeds(tmp_path / "lib.sqlite") == [FEED_HTTP]
    ((line, headers),) = log.requests
    assert line == f"GET {FEED_HTTP} HTTP/1.1" and headers["host"] == "feeds.test"


def test_https_links_go_through_a_tunnel_and_the_certificate_is_checked(tmp_path: Path) -> None:
    log = ProxyLog()
    with serving(site({"/rss": RSS}), tls=True) as tls, \
            serving(proxy(log, {}, tunnel_to=tls.server_port)) as httpd:
        env = {"https_proxy": f"127.0.0.1:{httpd.server_port}", "SSL_CERT_FILE": str(CA_FILE)}
        result = cli(tmp_path / "lib.sqlite", "feed", "add", FEED_HTTPS, "--no-entities", env=env)
        assert result.returncode == 0, result.stderr
        untrusted = cli(tmp_path / "other.sqlite", "feed", "add", FEED_HTTPS,
                        env={"https_proxy": f"127.0.0.1:{httpd.server_port}"})
    assert _feeds(tmp_path / "lib.sqlite") == [FEED_HTTPS]
    assert [line.rsplit(" ", 1)[0] for line, _ in log.requests] == ["CONNECT feeds.test:443"] * 2
    assert untrusted.returncode == 1
    assert one_clear_line(untrusted.stderr, "secure connection to feeds.test refused")


def test_a_proxy_with_a_user_gets_basic_credentials(tmp_path: Path) -> None:
    log = ProxyLog()
    expected = "Basic " + base64.b64encode(b"reader:p@ss word").decode()
    with serving(proxy(log, {FEED_HTTP: RSS}, password=expected)) as httpd:
        port = httpd.server_port
        ok = cli(tmp_path / "lib.sqlite", "feed", "add", FEED_HTTP, "--no-entities",
                 env={"HTTP_PROXY": f"http://reader:p%40ss%20word@127.0.0.1:{port}"})
        refused = cli(tmp_path / "other.sqlite", "feed", "add", FEED_HTTP,
                      env={"HTTP_PROXY": f"http://127.0.0.1:{port}"})
    assert ok.returncode == 0, ok.stderr
    assert refused.returncode == 1
    assert one_clear_line(refused.stderr, "HTTP 407")


def test_no_proxy_hosts_are_reached_directly(tmp_path: Path) -> None:
    with serving(site({"/rss": RSS})) as direct:
        url = f"http://127.0.0.1:{direct.server_port}/rss"
        env = {"HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": "localhost,127.0.0.1"}
        result = cli(tmp_path / "lib.sqlite", "feed", "add", url, "--no-entities", env=env)
    assert result.returncode == 0, result.stderr


def test_a_proxy_that_is_down_is_named(tmp_path: Path) -> None:
    result = cli(tmp_path / "lib.sqlite", "feed", "add", FEED_HTTP,
                 env={"HTTP_PROXY": "http://127.0.0.1:9"})
    assert result.returncode == 1
    assert one_clear_line(result.stderr, "could not connect to the proxy 127.0.0.1:9")


def test_proxy_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_proxy("proxy.corp:3128") == parse_proxy("http://proxy.corp:3128")
    assert parse_proxy("http://proxy.corp").port == 80
    with pytest.raises(ValueError, match="only http:// proxies"):
        parse_proxy("socks5://proxy.corp:1080")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp:3128")
    monkeypatch.setenv("NO_PROXY", ".internal.example")
    assert proxy_for("https://news.example/feed") == parse_proxy("proxy.corp:3128")
    assert proxy_for("http://news.example/feed") is None  # no HTTP_PROXY
    assert proxy_for("https://wiki.internal.example/feed") is None
