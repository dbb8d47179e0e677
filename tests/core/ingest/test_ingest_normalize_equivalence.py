"""The fast clean_text, content_hash and normalize_url against their old versions.

The fast versions take shortcuts (Latin-1 byte tables, substring checks, a
regex for plain links); these tests hold them to the exact output of the
straightforward implementations they replaced, copied below as references.
content_hash matters most: stored libraries find duplicates by its value.
"""

from __future__ import annotations

import hashlib
import random
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest

from newsreader.core.ingest.normalize import (
    clean_text,
    content_hash,
    is_joined_as_is,
    normalize_url,
)

# -- the reference implementations, as they were before the speed-up ------------------
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")
_NON_WORD = re.compile(r"[\W_]+")
_TRACKING_EXACT = {"fbclid", "gclid", "dclid", "msclkid"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def old_clean_text(s: str, *, keep_spacing: bool = False) -> str:
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = unicodedata.normalize("NFC", s)
    s = s.replace("\ufeff", "")
    s = _CONTROL.sub("", s)
    lines = [_old_clean_line(line, keep_spacing) for line in s.split("\n")]
    s = "\n".join(lines)
    s = _BLANKS.sub("\n\n", s)
    return s.strip()


def _old_clean_line(line: str, keep_spacing: bool) -> str:
    if keep_spacing:
        return line.rstrip(" \t")
    return _SPACES.sub(" ", line).strip(" \t")


def _old_hash_form(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def old_content_hash(title: str, body: str) -> str:
    form = _old_hash_form(body or "") or _old_hash_form(title or "")
    return hashlib.sha256(form.encode("utf-8")).hexdigest()


def _old_is_tracking(param: str) -> bool:
    name = param.split("=", 1)[0].lower()
    return name.startswith("utm_") or name in _TRACKING_EXACT


def _old_netloc(parts: Any, scheme: str) -> str | None:
    host = parts.hostname
    if not host:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    host = host.lower()
    if ":" in host:
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    netloc = f"{userinfo}@{host}" if userinfo else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    return netloc


def old_normalize_url(url: str | None) -> str | None:
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return None
    netloc = _old_netloc(parts, scheme)
    if netloc is None:
        return None
    query = "&".join(p for p in parts.query.split("&") if p and not _old_is_tracking(p))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


# -- inputs ------------------------------------------------------------------------------
# Pieces that exercise every branch: every kind of space, tab, control, line
# break, BOM, combining marks (NFC/NFKC), case-folding specials, punctuation
# inside and outside Latin-1, other scripts, emoji, lone surrogates.
PIECES = [
    "word", "Word", "WORD", "a", "Z", "0", "42", "x_y", "_", "__", "Café", "CAFÉ", "e\u0301",
    "\u00c5ngstr\u00f6m", "Stra\u00dfe", "STRASSE", "\u00b5m", "\u00bd", "\u00aa", "\u00b2",
    "\u00a8", "\u00b4", "\u00ff", "\u0130", "\u0131", "\u03a3\u0399\u03a3", "\u03c3\u03c2",
    "\u041c\u043e\u0441\u043a\u0432\u0430", "\u6771\u4eac", "\u0661\u0662", "\u2460", "\u2167",
    "\ufb01", "\uff21\uff42", "\u1e9e", "\U0001d400", "\U0001f600", "\U0001f469\u200d\U0001f4bb",
    " ", "  ", "   ", "\t", " \t ", "\n", "\n\n", "\n\n\n", "\n \n \n", "\r", "\r\n", "\r\r\n",
    "\u00a0", "\u2000", "\u2005", "\u200a", "\u200b", "\u202f", "\u205f", "\u3000", "\u2028",
    "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1f", "\x00", "\x07", "\x7f", "\x80", "\x9f",
    "\ufeff", "\u00ad", ".", ",", "-", "$", "'", '"', "!?", "...", "\u2026", "\u2018", "\u2019",
    "\u201c", "\u201d", "\u2013", "\u2014", "\u2022", "\u00ab", "\u00bb", "\u00a9", "\u00b0",
    "\u00d7", "\u00f7", "\u00bf", "\u0300", "\u0308", "\ud800", "\udfff",
]


# Latin-1 text takes the byte-table paths; mixing in any other piece leaves them.
LATIN1_PIECES = [piece for piece in PIECES if max(piece, default="a") <= "\xff"]


def _random_text(rng: random.Random, pieces: list[str]) -> str:
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = [_random_text(rng, rng.choice([PIECES, LATIN1_PIECES])) for _ in range(count)]
    texts += ["", " ", "\n", "\ufeff", "\x00", "_", "\u00df", "\u00b5", "a  b", " a\tb \n c "]
    return texts


def _synth_texts(count: int) -> list[str]:
    """Article bodies and titles as the benchmarks generate them."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.pop(0)
    texts: list[str] = []
    for item in synth.iter_articles(count, 7):
        body = item["body_text"]
        texts += [item["title"], body, body.replace(" said", " \u201csaid\u201d \u2014 ")]
        texts.append(body.replace(". ", ".  \r\n \t").replace("the ", "the\u00a0\u00a0"))
    return texts


TEXTS = _random_texts(3000, 1) + _synth_texts(40)


# -- clean_text ------------------------------------------------------------------------------
@pytest.mark.parametrize("keep_spacing", [False, True])
def test_clean_text_matches_the_old_implementation(keep_spacing: bool) -> None:
    for text in TEXTS:
        assert clean_text(text, keep_spacing=keep_spacing) == old_clean_text(
            text, keep_spacing=keep_spacing), repr(text)


def test_clean_text_matches_on_every_latin1_and_space_character() -> None:
    specials = [chr(code) for code in range(256)] + [
        chr(code) for code in range(0x2000, 0x2030)] + ["\u205f", "\u3000", "\ufeff"]
    for ch in specials:
        for text in (ch, f"a{ch}b", f" {ch} x {ch}{ch}\n{ch}y", f"\u2014{ch}  {ch}\t"):
            for keep in (False, True):
                assert clean_text(text, keep_spacing=keep) == old_clean_text(
                    text, keep_spacing=keep), repr(text)


# -- content_hash ------------------------------------------------------------------------------
def test_content_hash_matches_the_old_implementation() -> None:
    rng = random.Random(2)
    for text in TEXTS:
        title = rng.choice(TEXTS)
        assert content_hash(title, text) == old_content_hash(title, text), repr(text)
        assert content_hash(text, "") == old_content_hash(text, ""), repr(text)


def test_content_hash_matches_on_every_code_point() -> None:
    """Every character, alone and between words, in blocks through all of Unicode."""
    block = 256
    for start in range(0, sys.maxunicode + 1, block):
        chars = [chr(code) for code in range(start, min(start + block, sys.maxunicode + 1))]
        for text in ("".join(chars), " x ".join(chars), "ab".join(chars) + "\u2019s"):
            assert content_hash("", text) == old_content_hash("", text), hex(start)


def test_content_hash_of_none_and_empty_body_uses_the_title() -> None:
    assert content_hash("Same Words", "") == old_content_hash("Same Words", "")
    assert content_hash("", "") == old_content_hash("", "")
    assert content_hash(None, None) == old_content_hash(None, None)  # type: ignore[arg-type]


# -- normalize_url ------------------------------------------------------------------------------
URL_SCHEMES = ["http", "https", "HTTP", "HtTpS", "ftp", "javascript", "", "http:", "https:/"]
URL_HOSTS = ["example.com", "Example.COM", "www.a-b.example.com", "x", "1.2.3.4", "", "-", "..",
             "user@example.com", "user:pw@Example.com", "@example.com", "example.com:80",
             "example.com:443", "example.com:8443", "example.com:", "example.com:99999",
             "example.com:x", "[::1]", "[::1]:8080", "[fe80::1%25eth0]", "[::1", "::1]",
             "b\u00fccher.de", "xn--bcher-kva.de", "exa mple.com", "exa_mple.com", "%41.com",
             "ex\u2100ample.com", "e\x00x.com"]
URL_PATHS = ["", "/", "/a", "/A/b/", "//double", "/a b", "/\u00e9", "/%E2%80%93", "/a;b", "/a:b",
             "/?", "/#", "/@", "/[x]", "/\x01", "/~user", "/a\\b", "/\x7f"]
URL_QUERIES = ["", "?", "?a=1", "?utm_source=x&id=7&fbclid=abc&b=2&gclid=z", "?&&a", "?UTM_x=1",
               "?a=1#f", "?a=%20", "?a=\u00e9", "?a?b", "?a=1&", "?gclid"]
URL_FRAGMENTS = ["", "#", "#frag", "#a?b=1", "#x#y", "#\u00e9"]


def _random_urls(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    urls = []
    for _ in range(count):
        url = (rng.choice(URL_SCHEMES) + rng.choice(["://", ":", ":/", "", "://"])
               + rng.choice(URL_HOSTS) + rng.choice(URL_PATHS) + rng.choice(URL_QUERIES)
               + rng.choice(URL_FRAGMENTS))
        if rng.random() < 0.1:
            url = rng.choice(["  ", "\t", "\n", "\x00", "\ufeff", "\u00a0"]) + url
        if rng.random() < 0.1:
            url += rng.choice(["  ", "\t", "\n", "\x00", "\u3000"])
        urls.append(url)
    return urls


def test_normalize_url_matches_the_old_implementation() -> None:
    urls = [
        *_random_urls(6000, 3),
        "https://www.example.com/2024/02/food-prices-1-0", "  HTTPS://Example.COM/Path?a=1#frag ",
        "https://example.com", "http://example.com?x=1", "http://example.com#f?x",
        "https://example.com/a?utm_source=x&id=7", "not a url", "", "   ", "https://",
    ]
    for url in urls:
        assert normalize_url(url) == old_normalize_url(url), repr(url)


@pytest.mark.parametrize("value", [None, 42, b"https://example.com/", ["https://x.com/"]])
def test_normalize_url_rejects_non_strings(value: Any) -> None:
    assert normalize_url(value) is None


# -- is_joined_as_is: the links urljoin would give back unchanged -------------------------

_JOIN_BASES = ["http://x.org/a/b?c#d", "https://y.com/", "", "http://a:8080/x;y/z", "ftp://q/",
               "http://x.org/a/../b"]
_URL_CHARS = "ab/?#;:.@[]%&=-_ ~\t\\!$'()*+,<>{}|^`\"Hé1"


def _join_or_none(base: str, url: str) -> str | None:
    try:
        return urljoin(base, url)
    except ValueError:
        return None


@pytest.mark.parametrize("seed", range(4))
def test_links_joined_as_is_are_what_urljoin_returns(seed: int) -> None:
    rng = random.Random(seed)
    checked = 0
    for _ in range(50_000):
        head = rng.choice(["http://", "https://", "https://ex.com", "http://ex.com:80",
                           "https://a.b/c", "HTTP://a", "http:///a", "//a.b/"])
        url = head + "".join(rng.choice(_URL_CHARS) for _ in range(rng.randint(0, 10)))
        if is_joined_as_is(url):
            checked += 1
            assert all(_join_or_none(base, url) == url for base in _JOIN_BASES), url
    assert checked > 5_000  # the fast path is taken often enough to be worth testing


@pytest.mark.parametrize("url", ["https://ex.com/a?", "https://ex.com/a#", "https://ex.com/a?#f",
                                 "https://ex.com/a;", "/relative", "page.html", "HTTPS://EX.COM/",
                                 "https://[::1]/", "https://ex.com/a b", "https://exé.com/"])
def test_links_urljoin_may_change_take_the_slow_path(url: str) -> None:
    assert not is_joined_as_is(url)
