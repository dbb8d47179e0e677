"""Which HTTP proxy a fetch goes through: ``HTTP_PROXY``, ``HTTPS_PROXY`` and ``NO_PROXY``
(upper or lower case), read as curl, pip and Python's urllib read them.

Behind a corporate proxy nothing reaches the internet without it. ``http://`` links
are then asked of the proxy by their full address; ``https://`` links go through a
``CONNECT`` tunnel, so the proxy relays encrypted bytes and the certificate is still
checked against the site. A proxy address may carry ``user:password@``, sent as
``Proxy-Authorization: Basic``. Only plain-HTTP proxies are supported (the usual
kind); any other is a clear error rather than a silent direct connection.
"""

from __future__ import annotations

import base64
import urllib.request
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True, slots=True)
class Proxy:
    host: str
    port: int
    #: the Proxy-Authorization header's value, when the proxy's address names a user
    authorization: str | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Proxy-Authorization": self.authorization} if self.authorization else {}

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def proxy_for(url: str) -> Proxy | None:
    """The proxy for ``url`` from the environment, or None to connect directly;
    ValueError for a proxy address that cannot be used."""
    parts = urlsplit(url)
    proxies = urllib.request.getproxies_environment()
    address = proxies.get(parts.scheme.lower())
    # typeshed lacks proxy_bypass_environment (undocumented, in urllib since 3.x)
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    if not address or bypass(parts.hostname or "", proxies):
        return None
    return parse_proxy(address)


def parse_proxy(address: str) -> Proxy:
    """``http://user:password@host:port`` (or ``host:port``) as a Proxy."""
    text = address.strip()
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
        port = parts.port or 80
    except ValueError as error:
        raise ValueError(f"the proxy address {address!r} is not valid: {error}") from None
    if parts.scheme.lower() != "http":
        raise ValueError(f"proxy {address!r}: only http:// proxies are supported")
    if not parts.hostname:
        raise ValueError(f"the proxy address {address!r} has no host name")
    authorization = None
    if parts.username is not None:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        authorization = "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")
    return Proxy(parts.hostname, port, authorization)
