"""A real HTTP server on 127.0.0.1 serving good, bad and hostile feeds."""

from __future__ import annotations

import functools
import gzip
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from newsreader.core.library import Library
from newsreader.core.store.connection import connect

from ...servers import serving


def rss(items: list[tuple[str, str, str]], *, title: str = "Test Feed",
        extra: str = "") -> bytes:
    """RSS 2.0 of (guid, title, description-html) items; links are /a/<guid>."""
    body = "".join(
        f"<item><guid isPermaLink=\"false\">{g}</guid><title>{t}</title>"
        f"<link>http://example.org/a/{g}</link>"
        f"<pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[{d}]]></description>{extra}</item>"
        for g, t, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>http://example.org/</link>{body}</channel></rss>"
            ).encode()


RSS = rss([("one", "First story", "<p>Seoul and Washington <b>talk</b> chips.</p>"
            "<script>alert(1)</script>"),
           ("two", "Second story", "<p>Samsung expands a <a href='/x'>plant</a>.</p>"),
           ("three", "Third story", "<p onclick='x()'>Export controls tighten.</p>")])

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Feed</title>
<link href="http://example.org/atom-site"/><id>urn:feed</id><updated>2024-05-06T10:00:00Z</updated>
<entry><id>urn:a1</id><title>Atom entry</title><link href="http://example.org/atom/1"/>
<updated>2024-05-06T10:00:00Z</updated>
<content type="html">&lt;p&gt;Full atom content about APEC in Detroit.&lt;/p&gt;</content></entry>
</feed>"""

JSON_FEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "JSON Feed",
 "home_page_url": "http://example.org/", "items": [
 {"id": "j1", "url": "http://example.org/j/1", "title": "JSON item",
  "content_html": "<p>Ministry of Trade news.</p><img src='http://example.org/i.png' alt='chart'>",
  "date_published": "2024-05-06T10:00:00Z"}]}"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>"""  # noqa: E501

QUADRATIC = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + b"x" * 50_000 + b'">]>'
             b"<rss><channel><title>" + b"&a;" * 50_000 + b"</title></channel></rss>")

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title></item></channel></rss>"""

PAGE = b"""<!DOCTYPE html><html><head><title>Site</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss">
<link rel="alternate" type="application/atom+xml" href="http://127.0.0.1:1/atom">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
</head><body><p>Home page</p></body></html>"""

ARTICLE_PAGE = ("<!DOCTYPE html><html lang='en'><head><title>Chip talks</title></head><body>"
                "<nav>Home | World | Business</nav><article><h1>Chip talks in Detroit</h1>"
                + "".join(f"<p>Paragraph {n}: Ahn Deok-geun met Wang Wentao at the APEC trade "
                          f"ministers meeting in Detroit to discuss semiconductor export "
                          f"controls and the supply chain for Samsung and SK.</p>"
                          for n in range(8))
                + "<script>track()</script></article><footer>Copyright</footer></body></html>"
                ).encode()


class Server:
    def __init__(self, base: str, state: dict[str, object]) -> None:
        self.base = base
        self.state = state
        self.hits: list[tuple[str, dict[str, str]]] = []

    def url(self, path: str) -> str:
        return self.base + path


def _handler(server_state: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def send(self, status: int, body: bytes = b"", ctype: str = "application/rss+xml",
                 headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if body:
                self.wfile.write(body)

        def do_GET(self) -> None:  # a route table
            path = self.path.split("?")[0]
            server_state.hits.append((path, dict(self.headers.items())))
            state = server_state.state
            if path == "/rss":
                self.send(200, RSS)
            elif path == "/atom":
                self.send(200, ATOM, "application/atom+xml")
            elif path == "/json":
                self.send(200, JSON_FEED, "application/feed+json")
            elif path.startswith("/feed/"):  # /feed/<name>: several feeds on one server
                name = path.rsplit("/", 1)[1]
                self.send(200, rss([(f"{name}-{i}", f"{name} story {i}",
                                     f"<p>Story {i} of feed {name} with words.</p>")
                                    for i in range(5)], title=f"Feed {name}"))
            elif path == "/mutable":
                self.send(200, state["mutable"])  # type: ignore[arg-type]
            elif path == "/etag":
                if self.headers.get("If-None-Match") == '"v1"':
                    self.send(304, headers={"ETag": '"v1"'})
                else:
                    self.send(200, RSS, headers={"ETag": '"v1"'})
            elif path == "/lastmod":
                stamp = "Mon, 06 May 2024 10:00:00 GMT"
                if self.headers.get("If-Modified-Since") == stamp:
                    self.send(304)
                else:
                    self.send(200, RSS, headers={"Last-Modified": stamp})
            elif path == "/gzip":
                self.send(200, gzip.compress(RSS), headers={"Content-Encoding": "gzip"})
            elif path == "/gzip-bomb":
                self.send(200, state["bomb"], headers={"Content-Encoding": "gzip"})  # type: ignore[arg-type]
            elif path == "/endless":
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                chunk = b"<item>" * 10_000
                try:
                    for _ in range(10_000):
                        self.wfile.write(chunk)
                except OSError:
                    pass
                self.close_connection = True
            elif path == "/trickle":
                try:
                    self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                    self.wfile.flush()
                    for byte in b"Content-Type: text/xml\r\n":
                        time.sleep(2)
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                except OSError:
                    pass
                self.close_connection = True
            elif path == "/moved-permanently":
                self.send(301, headers={"Location": "/rss"})
            elif path == "/moved-temporarily":
                self.send(302, headers={"Location": server_state.url("/rss")})
            elif path == "/to-file":
                self.send(302, headers={"Location": "file:///etc/passwd"})
            elif path == "/loop":
                self.send(302, headers={"Location": "/loop"})
            elif path == "/page":
                self.send(200, PAGE, "text/html; charset=utf-8")
            elif path == "/article":
                self.send(200, ARTICLE_PAGE, "text/html; charset=utf-8")
            elif path == "/laughs":
                self.send(200, BILLION_LAUGHS)
            elif path == "/quadratic":
                self.send(200, QUADRATIC)
            elif path == "/xxe":
                self.send(200, XXE)
            elif path == "/truncated":
                self.send(200, RSS[: RSS.index(b"<item><guid isPermaLink=\"false\">three") + 40])
            elif path == "/wrong-encoding":
                body = rss([("e1", "Café crème in Sejong", "<p>Ministère — naïve café.</p>")])
                self.send(200, body.replace(b'encoding="utf-8"', b'encoding="iso-8859-1"'))
            elif path == "/duplicates":
                self.send(200, rss([("dup", "First version", "<p>One.</p>"),
                                    ("dup", "Second version", "<p>Two.</p>"),
                                    ("other", "Other", "<p>Three.</p>")]))
            elif path == "/dates":
                body = rss([("d1", "Old", "<p>Old.</p>"), ("d2", "Future", "<p>Future.</p>")])
                body = body.replace(b"Mon, 06 May 2024 10:00:00 GMT",
                                    b"Mon, 01 Jan 1900 00:00:00 GMT", 1)
                body = body.replace(b"Mon, 06 May 2024 10:00:00 GMT",
                                    b"Fri, 31 Dec 9999 23:59:59 GMT", 1)
                self.send(200, body)
            elif path == "/untitled":
                self.send(200, rss([("u1", "", "<p>The ministry said on the 28th that talks "
                                    "would continue. More follows.</p>"),
                                    ("u2", "   ", "")]))
            elif path == "/html-feed":
                self.send(200, b"<html><body><p>Not a feed</p></body></html>", "text/html")
            elif path == "/junk":
                self.send(200, b"\x89PNG\r\n\x1a\n not a feed", "image/png")
            else:
                self.send(404, b"not here", "text/plain")

    return Handler


@functools.cache
def _bomb() -> bytes:
    """64 MiB of zeros in about 64 KiB of gzip."""
    return gzip.compress(b"\0" * (64 * 1024 * 1024), 9)


@pytest.fixture
def server() -> Iterator[Server]:
    state: dict[str, object] = {"bomb": _bomb(), "mutable": RSS}
    holder: list[Server] = []
    with serving(_handler_proxy(holder)) as httpd:  # type: ignore[arg-type]
        holder.append(Server(f"http://127.0.0.1:{httpd.server_address[1]}", state))
        yield holder[0]


def _handler_proxy(holder: list[Server]) -> Callable[..., BaseHTTPRequestHandler]:
    def make(*args: object, **kwargs: object) -> BaseHTTPRequestHandler:
        return _handler(holder[0])(*args, **kwargs)  # type: ignore[arg-type]
    return make


@pytest.fixture
def lib_path(tmp_path: Path) -> Path:
    path = tmp_path / "lib.sqlite"
    Library(path).close()
    return path


@pytest.fixture
def conn(lib_path: Path):
    connection = connect(lib_path)
    yield connection
    connection.close()


def wait_until(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.02)
    return check()

