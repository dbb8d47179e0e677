"""One HTTP GET with hard limits: the only way Newsreader reads from the network.

Feeds and pages come from servers we do not control, so every fetch is bounded:

* only ``http`` and ``https`` links, checked again at every redirect (at most 10);
* a connect timeout, and a total deadline that holds even against a server that
  trickles one byte every few seconds: each read gets the time that is left as
  its timeout, and the deadline is checked between reads; the DNS lookup runs
  in a helper thread so that a hung resolver cannot outlast the deadline either;
* ``HTTP_PROXY``, ``HTTPS_PROXY`` and ``NO_PROXY`` are honoured (see :mod:`.proxy`);
* a cap on the body *after* decompression (gzip and deflate are inflated by a
  streaming decompressor that never produces more than the cap), so neither a
  gzip bomb nor an endless body can fill the memory.

Errors come out as :class:`FetchError` with a one-line message fit to show.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from ... import __version__
from ..errors import NewsreaderError
from .proxy import Proxy, proxy_for

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_DEADLINE = 30.0
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 10
#: Who is asking, for the logs of the sites we read: the project and its version. No URL:
#: the project has no public home page, and a made-up one would point site owners nowhere.
USER_AGENT = f"Newsreader/{__version__} (desktop newsreader)"
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
               "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, "
               "application/json;q=0.8, text/html;q=0.5, */*;q=0.1")
PAGE_ACCEPT = "text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.5"

_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_SCHEMES = ("http", "https")
# Characters a request target may carry as they are; anything else is %-escaped.
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"
_SSL_CONTEXT: ssl.SSLContext | None = None
_SSL_LOCK = threading.Lock()


class FetchError(NewsreaderError):
    """A fetch that failed; ``status`` is the HTTP status when the server answered."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(slots=True)
class FetchResult:
    status: int
    url: str                    # the final URL, after redirects
    permanent_url: str | None   # where the permanent (301/308) redirects led, if any
    body: bytes
    headers: dict[str, str]     # lower-case names
    etag: str | None
    last_modified: str | None
    not_modified: bool

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def show_url(url: str, limit: int = 100) -> str:
    """A link as it may appear in a one-line message: printable and not too long."""
    text = "".join(ch if ch.isprintable() else "?" for ch in url.strip())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_url(url: object) -> str:
    """The link, stripped, if it is an http(s) link with a host; else FetchError."""
    if not isinstance(url, str) or not url.strip():
        raise FetchError("refused: empty link")
    text = url.strip()
    try:
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        host = parts.hostname
        _ = parts.port
    except ValueError as error:
        raise FetchError(f"not a valid link ({show_url(text)}): {error}") from error
    if scheme not in _SCHEMES or not text.lower().startswith(f"{scheme}://"):
        raise FetchError(f"refused: only http and https links are fetched ({show_url(text)})")
    if not host:
        raise FetchError(f"not a valid link, it has no host name ({show_url(text)})")
    return text


class _Deadline:
    def __init__(self, total: float) -> None:
        self.total = total
        self.end = time.monotonic() + total

    @property
    def message(self) -> str:
        return f"timed out after {self.total:g} s"

    def remaining(self) -> float:
        """Seconds left; FetchError once the deadline has passed."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise FetchError(self.message)
        return left


class _DeadlineReader(io.RawIOBase):
    """Socket reads that each get the time left as timeout (a trickle cannot outlast it)."""

    def __init__(self, sock: socket.socket, clock: _Deadline) -> None:
        self._sock = sock
        self._clock = clock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._sock.settimeout(self._clock.remaining())
        try:
            return self._sock.recv_into(buffer)
        except TimeoutError as error:
            raise FetchError(self._clock.message) from error


class _DeadlineSocket:
    """What http.client sees as its socket: every send and read is held to the deadline."""

    def __init__(self, sock: socket.socket, clock: _Deadline) -> None:
        self._sock = sock
        self._clock = clock

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(self._clock.remaining())
        try:
            self._sock.sendall(data)
        except TimeoutError as error:
            raise FetchError(self._clock.message) from error

    def makefile(self, mode: str = "rb", *args: object, **kwargs: object) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._clock), _CHUNK)

    def close(self) -> None:
        """http.client closes "its" socket while the response is still being read
        (Connection: close); the real socket is closed by the fetch itself."""

    def really_close(self) -> None:
        self._sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _resolve(host: str, port: int, clock: _Deadline) -> list[tuple[Any, ...]]:
    """getaddrinfo, but never longer than the deadline (the lookup itself has no timeout)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    outcome: dict[str, Any] = {}

    def lookup() -> None:
        try:
            outcome["found"] = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
        except OSError as error:
            outcome["error"] = error

    worker = threading.Thread(target=lookup, name="dns", daemon=True)
    worker.start()
    worker.join(clock.remaining())
    if worker.is_alive():
        raise FetchError(f"{clock.message} (looking up {host})")
    if "error" in outcome:
        raise FetchError(f"cannot find server {host} (DNS lookup failed)") from outcome["error"]
    return outcome["found"]


def _open_socket(host: str, port: int, connect_timeout: float, clock: _Deadline, *,
                 proxy: bool = False) -> socket.socket:
    last: OSError | None = None
    what = f"the proxy {host}" if proxy else host
    for family, kind, proto, _name, address in _resolve(host, port, clock):
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(min(connect_timeout, clock.remaining()))
            sock.connect(address)
            return sock
        except TimeoutError:
            sock.close()
            clock.remaining()
            raise FetchError(
                f"could not connect to {what}: timed out after {connect_timeout:g} s") from None
        except OSError as error:
            sock.close()
            last = error
    if isinstance(last, ConnectionRefusedError):
        raise FetchError(f"could not connect to {what}:{port}: connection refused")
    reason = (last.strerror if last is not None and last.strerror else str(last or "no address"))
    raise FetchError(f"could not connect to {what}:{port}: {reason}")


def _ssl_context() -> ssl.SSLContext:
    global _SSL_CONTEXT
    with _SSL_LOCK:
        if _SSL_CONTEXT is None:
            _SSL_CONTEXT = ssl.create_default_context()
        return _SSL_CONTEXT


class _Inflater:
    """Streaming gzip/deflate decoding that never yields more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self._first = True
        self._zlib = zlib.decompressobj(
            16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS
        )

    def feed(self, data: bytes, out: bytearray) -> None:
        if self._first and self.encoding == "deflate" and data:
            self._first = False
            # "deflate" is meant to be zlib-wrapped; some servers send it raw.
            if data[0] & 0x0F != 8:
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        while data:
            piece = self._zlib.decompress(data, self.limit - len(out) + 1)
            out += piece
            if len(out) > self.limit:
                raise _TooLarge
            data = self._zlib.unconsumed_tail
            if self._zlib.eof:
                rest = self._zlib.unused_data
                if self.encoding == "gzip" and rest.lstrip(b"\x00"):
                    self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)  # next member
                    data = rest.lstrip(b"\x00")
                else:
                    return

    def finish(self, out: bytearray) -> None:
        if not self._zlib.eof:
            raise zlib.error("truncated stream")
        out += self._zlib.flush()
        if len(out) > self.limit:
            raise _TooLarge


class _TooLarge(Exception):
    pass


def _request_target(parts: Any) -> str:
    target = quote(parts.path or "/", safe=_SAFE_PATH)
    if parts.query:
        target += "?" + quote(parts.query, safe=_SAFE_QUERY)
    return target


def _too_large(max_bytes: int) -> FetchError:
    if max_bytes % (1024 * 1024) == 0:
        size = f"{max_bytes // (1024 * 1024)} MiB"
    elif max_bytes % 1024 == 0:
        size = f"{max_bytes // 1024} KiB"
    else:
        size = f"{max_bytes} bytes"
    return FetchError(f"response too large (over {size})")


def _read_body(response: http.client.HTTPResponse, max_bytes: int, clock: _Deadline) -> bytes:
    encoding = (response.getheader("content-encoding") or "identity").strip().lower()
    if encoding in ("x-gzip",):
        encoding = "gzip"
    if encoding not in ("identity", "gzip", "deflate", ""):
        raise FetchError(f"unsupported content encoding {encoding!r}")
    length = response.getheader("content-length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise _too_large(max_bytes)
    inflater = _Inflater(encoding, max_bytes) if encoding in ("gzip", "deflate") else None
    out = bytearray()
    received = 0
    try:
        while True:
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            received += len(chunk)
            if received > max_bytes:
                raise _TooLarge
            if inflater is None:
                out += chunk
            else:
                inflater.feed(chunk, out)
            clock.remaining()
        if inflater is not None:
            inflater.finish(out)
    except _TooLarge:
        raise _too_large(max_bytes) from None
    except zlib.error as error:
        raise FetchError(f"the response is corrupt (bad {encoding} data)") from error
    if response.length:  # Content-Length promised more than arrived
        raise FetchError("the connection closed before the whole response arrived")
    return bytes(out)


def _connection(https: bool, host: str, port: int, proxy: Proxy | None, connect_timeout: float,
                clock: _Deadline) -> http.client.HTTPConnection:
    """The connection for one request, to the site or through ``proxy`` (a CONNECT
    tunnel for https); its socket is opened within the fetch's deadline."""
    to_host, to_port = (proxy.host, proxy.port) if proxy else (host, port)
    conn: http.client.HTTPConnection
    if https:
        conn = http.client.HTTPSConnection(to_host, to_port, timeout=connect_timeout,
                                           context=_ssl_context())
        if proxy is not None:
            conn.set_tunnel(host, port, headers=proxy.headers)
    else:
        conn = http.client.HTTPConnection(to_host, to_port, timeout=connect_timeout)
    conn._create_connection = (  # type: ignore[attr-defined]
        lambda address, timeout, source=None: _open_socket(to_host, to_port, connect_timeout,
                                                           clock, proxy=proxy is not None)
    )
    return conn


def _exchange(url: str, headers: dict[str, str], *, connect_timeout: float, clock: _Deadline,
              max_bytes: int) -> tuple[int, str, dict[str, str], bytes]:
    """One request: (status, reason, headers, body); no body is read for a redirect."""
    parts = urlsplit(url)
    https = parts.scheme.lower() == "https"
    host = parts.hostname or ""
    try:
        wire_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError as error:
        raise FetchError(f"not a valid host name: {show_url(host)}") from error
    port = parts.port or (443 if https else 80)
    try:
        proxy = proxy_for(url)
    except ValueError as error:
        raise FetchError(str(error)) from None
    conn = _connection(https, wire_host, port, proxy, connect_timeout, clock)
    target = _request_target(parts)
    if proxy is not None and not https:  # a plain proxy is asked for the whole address
        target = f"http://{wire_host}{f':{parts.port}' if parts.port else ''}{target}"
    wrapped: _DeadlineSocket | None = None
    try:
        try:
            conn.connect()
        except OSError as error:
            if proxy is not None and "Tunnel connection failed" in str(error):
                raise FetchError(f"the proxy {proxy} refused to connect to {host}: "
                                 f"{str(error).split(': ', 1)[-1]}") from error
            raise
        wrapped = _DeadlineSocket(conn.sock, clock)
        conn.sock = wrapped
        conn.putrequest("GET", target, skip_accept_encoding=True)
        for name, value in {**headers, **(proxy.headers if proxy and not https else {})}.items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        found = {name.lower(): value for name, value in response.getheaders()}
        status = response.status
        body = b"" if status in _REDIRECTS or status == 304 or status >= 400 else \
            _read_body(response, max_bytes, clock)
        return status, response.reason or "", found, body
    except FetchError:
        raise
    except TimeoutError as error:
        raise FetchError(clock.message) from error
    except ssl.SSLCertVerificationError as error:
        raise FetchError(f"secure connection to {host} refused: "
                         f"{error.verify_message or 'certificate not valid'}") from error
    except ssl.SSLError as error:
        raise FetchError(f"secure connection to {host} failed: {error.reason or error}") from error
    except http.client.InvalidURL as error:
        raise FetchError(f"not a valid link ({show_url(url)})") from error
    except http.client.IncompleteRead as error:
        raise FetchError("the connection closed before the whole response arrived") from error
    except http.client.RemoteDisconnected as error:
        raise FetchError(f"{host} closed the connection without answering") from error
    except http.client.HTTPException as error:
        raise FetchError(f"bad HTTP response from {host} ({type(error).__name__})") from error
    except ConnectionError as error:
        raise FetchError(f"connection to {host} lost: {error.strerror or error}") from error
    except OSError as error:
        raise FetchError(f"network error talking to {host}: {error.strerror or error}") from error
    finally:
        conn.close()
        if wrapped is not None:
            wrapped.really_close()


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    user_agent: str = USER_AGENT,
    accept: str = FEED_ACCEPT,
) -> FetchResult:
    """GET ``url`` following redirects; a conditional GET when etag/last_modified are given.

    A 304 answer comes back as ``not_modified=True`` with an empty body; any other
    status but 2xx raises FetchError ("HTTP 404 Not Found").
    """
    clock = _Deadline(deadline)
    current = check_url(url)
    headers = {"User-Agent": user_agent, "Accept": accept,
               "Accept-Encoding": "gzip, deflate", "Connection": "close"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    permanent_url: str | None = None
    only_permanent = True
    redirects = 0
    while True:
        status, reason, found, body = _exchange(current, headers, connect_timeout=connect_timeout,
                                                clock=clock, max_bytes=max_bytes)
        if status not in _REDIRECTS:
            break
        location = (found.get("location") or "").strip()
        if not location:
            raise FetchError(f"HTTP {status} redirect without a Location", status=status)
        redirects += 1
        if redirects > MAX_REDIRECTS:
            raise FetchError(f"too many redirects (over {MAX_REDIRECTS})", status=status)
        target = urljoin(current, location)
        try:
            target = check_url(target)
        except FetchError as error:
            raise FetchError(f"{error} after a redirect from {show_url(current)}") from None
        if status in _PERMANENT and only_permanent:
            permanent_url = target
        else:
            only_permanent = False
        current = target
    if status == 304:
        return FetchResult(304, current, permanent_url, b"", found, found.get("etag") or etag,
                           found.get("last-modified") or last_modified, True)
    if not 200 <= status < 300:
        text = f"HTTP {status} {reason}".strip()
        raise FetchError(text, status=status)
    return FetchResult(status, current, permanent_url, body, found, found.get("etag"),
                       found.get("last-modified"), False)
