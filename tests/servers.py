"""Servers on 127.0.0.1 for the network tests: an HTTP proxy (plain requests and
CONNECT tunnels), a TLS site behind it, and a site whose pages trickle in."""

from __future__ import annotations

import select
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TLS = Path(__file__).resolve().parent / "tls"
#: the test CA that signed the certificate of "feeds.test" (give it as SSL_CERT_FILE)
CA_FILE = TLS / "ca.pem"

Route = Callable[[BaseHTTPRequestHandler], None]


class _Quiet(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def reply(self, status: int, body: bytes = b"", ctype: str = "application/rss+xml") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True


@contextmanager
def serving(handler: Callable[..., BaseHTTPRequestHandler], *,
            tls: bool = False) -> Iterator[ThreadingHTTPServer]:
    """Run ``handler`` on a free port of 127.0.0.1 (with the feeds.test certificate if
    ``tls``) until the block ends."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    if tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(TLS / "server.pem", TLS / "server.key")
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def site(routes: dict[str, bytes]) -> type[BaseHTTPRequestHandler]:
    """A site serving fixed bodies by path."""

    class Site(_Quiet):
        def do_GET(self) -> None:
            body = routes.get(self.path.split("?")[0])
            self.reply(200, body) if body is not None else self.reply(404, b"", "text/plain")

    return Site


class ProxyLog:
    """What a test proxy was asked: request lines, with the headers that came along."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()

    def add(self, line: str, headers: dict[str, str]) -> None:
        with self.lock:
            self.requests.append((line, headers))


def proxy(log: ProxyLog, routes: dict[str, bytes], tunnel_to: int | None = None, *,
          password: str | None = None) -> type[BaseHTTPRequestHandler]:
    """A proxy answering plain requests from ``routes`` (by full address) and tunnelling
    every CONNECT to 127.0.0.1:``tunnel_to``; with ``password``, it wants Basic auth."""

    class Proxy(_Quiet):
        def _allowed(self) -> bool:
            log.add(self.requestline, {k.lower(): v for k, v in self.headers.items()})
            if password is None or self.headers.get("Proxy-Authorization") == password:
                return True
            self.reply(407, b"", "text/plain")
            return False

        def do_GET(self) -> None:
            if self._allowed():
                body = routes.get(self.path)
                self.reply(200, body) if body is not None else self.reply(502, b"", "text/plain")

        def do_CONNECT(self) -> None:
            if not self._allowed():
                return
            if tunnel_to is None:
                self.reply(502, b"", "text/plain")
                return
            upstream = socket.create_connection(("127.0.0.1", tunnel_to), timeout=10)
            self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self.wfile.flush()
            _relay(self.connection, upstream)
            self.close_connection = True

    return Proxy


def _relay(client: socket.socket, upstream: socket.socket) -> None:
    ends = [client, upstream]
    try:
        while True:
            ready, _, _ = select.select(ends, [], [], 10)
            if not ready:
                return
            for end in ready:
                data = end.recv(65536)
                if not data:
                    return
                (upstream if end is client else client).sendall(data)
    except OSError:
        return
    finally:
        upstream.close()


class Trickle:
    """Pages that send their head, then one byte every ``every`` seconds, for ever (or
    until the client leaves); counts how many are being sent at once."""

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self.now = 0
        self.most = 0
        self.started = 0
        self.lock = threading.Lock()

    def handler(self, routes: dict[str, bytes]) -> type[BaseHTTPRequestHandler]:
        trickle = self

        class Slow(_Quiet):
            def do_GET(self) -> None:
                if self.path in routes:
                    self.reply(200, routes[self.path])
                    return
                with trickle.lock:
                    trickle.now += 1
                    trickle.started += 1
                    trickle.most = max(trickle.most, trickle.now)
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    self.wfile.write(b"<html><body><p>")
                    self.wfile.flush()
                    for _ in range(600):
                        time.sleep(trickle.every)
                        self.wfile.write(b"x")
                        self.wfile.flush()
                except OSError:
                    pass
                finally:
                    with trickle.lock:
                        trickle.now -= 1
                    self.close_connection = True

        return Slow
