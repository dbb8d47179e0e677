"""Value normalisation shared by every importer.

Each input format spells text, links, dates and flags its own way; funnelling
them through these helpers keeps the stored values comparable, so search,
sorting and duplicate detection behave the same whatever the source was.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(r"  +")
# Anything _drop_debris may change: a BOM, a control or an odd space.
_DEBRIS = re.compile(r"[\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_BLANKS = re.compile(r"\n{3,}")
# Runs of characters that are neither ASCII nor word characters.
_NON_ASCII_NON_WORD = re.compile(r"[^\w\x00-\x7f]+")
_BYTE_SPACE_RUN = re.compile(rb"  +")

# Text that fits in Latin-1 (most Western news) is cleaned and folded as
# bytes: bytes.translate does in one C pass what a regex does match by match.
_LATIN1_CONTROLS = bytes([*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])
_LATIN1_NBSP_TO_SPACE = bytes(0x20 if code == 0xA0 else code for code in range(256))
# Latin-1 characters whose case folding leaves Latin-1 ("ß" -> "ss", "µ" -> "μ").
_LATIN1_UNFOLDABLE = (b"\xdf", b"\xb5")


def _latin1_fold(code: int) -> int:
    """A Latin-1 byte's case-folded form, or a space for non-word characters."""
    folded = chr(code).casefold()
    if not folded.isalnum():  # "_" too: the hash treats it as punctuation
        return 0x20
    return ord(folded) if len(folded) == 1 and ord(folded) < 256 else code


_LATIN1_HASH_FOLD = bytes(_latin1_fold(code) for code in range(256))
# The same for UTF-8 bytes: ASCII folded and blanked, multi-byte sequences kept.
_ASCII_HASH_FOLD = _LATIN1_HASH_FOLD[:128] + bytes(range(128, 256))
# Common typographic punctuation outside Latin-1; all non-word characters, so
# turning them into spaces early lets English text keep the Latin-1 path.
_TYPOGRAPHIC = "\u2010\u2012\u2013\u2014\u2015\u2018\u2019\u201a\u201c\u201d\u201e\u2022"
# Links most feeds carry: http(s), a plain host name, printable ASCII. These
# skip urlsplit and its properties; every other link takes the general path.
_PLAIN_URL = re.compile(r"(https?)://([a-z0-9.\-]+)(/[^?#]*)?(?:\?([^#]*))?(?:#.*)?",
                        re.IGNORECASE | re.ASCII | re.DOTALL)

_TRACKING_EXACT = {"fbclid", "gclid", "dclid", "msclkid"}
_DEFAULT_PORTS = {"http": 80, "https": 443}

_MIN_YEAR, _MAX_YEAR = 1970, 2100

# strptime formats for the human spellings ISO and RFC 2822 do not cover.
_DAY_FORMATS = (
    "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%B %d %Y", "%b %d %Y",
    "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y", "%d-%b-%Y",
)
_TIME_FORMATS = (
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M",
    "%B %d, %Y %H:%M", "%B %d, %Y %I:%M %p", "%b %d, %Y %I:%M %p",
    # wire services' own stamps, e.g. Reuters' "26-FEB-1987 15:01:01.79" (no zone: UTC)
    "%d-%b-%Y %H:%M:%S.%f", "%d-%b-%Y %H:%M:%S", "%d-%b-%Y %H:%M",
)


def clean_text(s: str, *, keep_spacing: bool = False) -> str:
    """Tidy text so that stray encoding debris never reaches the library.

    Files come from many editors and operating systems; without this, the same
    story would differ by carriage returns, NUL bytes or doubled spaces.
    ``keep_spacing`` leaves spaces inside lines alone for formats (Markdown)
    where indentation and code alignment carry meaning.

    Every import runs this over every body, so each step first checks cheaply
    (substring tests, a Latin-1 fast path) whether it has anything to do; the
    result is exactly that of applying every step to every line.
    """
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if not s.isascii():  # ASCII text is already NFC
        s = unicodedata.normalize("NFC", s)
    s = _drop_debris(s, fold_spaces=not keep_spacing)
    s = _trim_lines(s) if keep_spacing else _collapse_spaces(s)
    if "\n\n\n" in s:
        s = _BLANKS.sub("\n\n", s)
    return s.strip()


def _drop_debris(s: str, *, fold_spaces: bool) -> str:
    """Delete BOMs and control characters (but tab and newline).

    With ``fold_spaces``, also turn the odd Unicode spaces into ASCII ones, so
    that collapsing runs of " " afterwards collapses runs of any space.
    """
    try:
        data = s.encode("latin-1")  # no BOM; U+00A0 is its only odd space
    except UnicodeEncodeError:
        if _DEBRIS.search(s) is None:  # one scan instead of three
            return s
        s = _CONTROL.sub("", s.replace("\ufeff", ""))
        return _ODD_SPACE.sub(" ", s) if fold_spaces else s
    table = _LATIN1_NBSP_TO_SPACE if fold_spaces else None
    return data.translate(table, _LATIN1_CONTROLS).decode("latin-1")


def _collapse_spaces(s: str) -> str:
    """Make every run of spaces one space and trim spaces and tabs off each line."""
    if "  " in s:
        s = _SPACE_RUN.sub(" ", s)
    return "\n".join([line.strip(" \t") for line in s.split("\n")])


def _trim_lines(s: str) -> str:
    """Drop trailing spaces and tabs from each line, keeping indentation."""
    return "\n".join([line.rstrip(" \t") for line in s.split("\n")])


def _hash_form(text: str) -> bytes:
    """The words of a text, case-folded, one space apart, as UTF-8.

    Byte for byte what replacing every run of ``[\\W_]`` in the NFKC-folded
    text with one space and stripping gives. That regex matched every gap
    between two words, which made it the slowest step of an import; here a
    byte table folds case and blanks punctuation in one pass, and only the
    gaps wider than one space are touched afterwards.
    """
    if not text.isascii():  # ASCII text is already NFKC
        text = unicodedata.normalize("NFKC", text)
    latin = _as_latin1(text)
    if latin is not None:
        data = latin.translate(_LATIN1_HASH_FOLD)
        if not data.isascii():
            data = data.decode("latin-1").encode("utf-8")
    else:
        folded = _NON_ASCII_NON_WORD.sub(" ", text.casefold())
        data = folded.encode("utf-8").translate(_ASCII_HASH_FOLD)
    if b"  " in data:
        data = _BYTE_SPACE_RUN.sub(b" ", data)
    return data.strip(b" ")


def _as_latin1(text: str) -> bytes | None:
    """The text as Latin-1 bytes that _LATIN1_HASH_FOLD can fold, if it has such a form.

    Curly quotes and dashes, the usual reason English text is not Latin-1,
    are non-word characters: replacing them with spaces changes no hash.
    """
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        for mark in _TYPOGRAPHIC:
            if mark in text:
                text = text.replace(mark, " ")
        try:
            data = text.encode("latin-1")
        except UnicodeEncodeError:
            return None
    if any(byte in data for byte in _LATIN1_UNFOLDABLE):
        return None
    return data


def word_form(text: str | None) -> bytes:
    """A text's words, case-folded, one space apart, as UTF-8: what the text hash and the
    story comparison read, so that quotes, dashes, case and wrapping never matter."""
    return _hash_form(text or "")


def content_hash(title: str, body: str, body_form: bytes | None = None) -> str:
    """Fingerprint a story by its words only (``body_form``: the body's word_form, when
    the caller has it already).

    Re-imports of the same story often differ in quotes, dashes or wrapping;
    ignoring case, punctuation and whitespace lets the store spot them.
    Existing libraries store this value, so it must never change for any input.
    """
    form = (word_form(body) if body_form is None else body_form) or word_form(title)
    return hashlib.sha256(form).hexdigest()


def _is_tracking(param: str) -> bool:
    name = param.split("=", 1)[0].lower()
    return name.startswith("utm_") or name in _TRACKING_EXACT


def _without_tracking(query: str) -> str:
    return "&".join(p for p in query.split("&") if p and not _is_tracking(p))


def _netloc(parts: Any, scheme: str) -> str | None:
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


def _plain_url(url: str) -> str | None:
    """Normalise the common plain link without urlsplit, or None to use it.

    A plain link has no user, port, brackets or odd characters, so the parts
    urlsplit would find are exactly this regex's groups.
    """
    if not (url.isascii() and url.isprintable()):
        return None
    found = _PLAIN_URL.fullmatch(url)
    if found is None:
        return None
    scheme, host, path, query = found.groups("")
    # What urlunsplit builds from these parts.
    url = f"{scheme.lower()}://{host.lower()}{path or '/'}"
    query = _without_tracking(query)
    return f"{url}?{query}" if query else url


#: An absolute http(s) link with a plain host: ``urljoin`` gives it back unchanged whatever
#: the base, unless it ends in an empty query or fragment
#: (``is_joined_as_is`` checks that); no ";", whose empty parameters urljoin drops.
_ABSOLUTE = re.compile(r"https?://[A-Za-z0-9.\-]+(?::[0-9]+)?(?:[/?#][!-:<-~]*)?")


def is_joined_as_is(url: str) -> bool:
    """True when ``urljoin(any_base, url) == url``: most links in a feed are absolute, and
    skipping the join for them saves a quarter of the time spent parsing a feed."""
    return (_ABSOLUTE.fullmatch(url) is not None and not url.endswith(("?", "#"))
            and "?#" not in url)


def normalize_url(url: str | None) -> str | None:
    """Reduce a link to the form that identifies the page.

    Tracking parameters and fragments make one article look like many; only
    web links are kept because other schemes cannot be opened by a reader.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    # str.split() and str.isspace() agree on what whitespace is.
    if not url or len(url.split(maxsplit=1)) > 1:
        return None
    plain = _plain_url(url)
    if plain is not None:
        return plain
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return None
    netloc = _netloc(parts, scheme)
    if netloc is None:
        return None
    query = _without_tracking(parts.query)
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _format(moment: datetime) -> str | None:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    if not _MIN_YEAR <= moment.year <= _MAX_YEAR:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _format_day(day: date) -> str | None:
    if not _MIN_YEAR <= day.year <= _MAX_YEAR:
        return None
    return day.isoformat()


def _from_epoch(value: float) -> str | None:
    if abs(value) > 1e11:  # milliseconds, as JavaScript writes them
        value = value / 1000
    try:
        return _format(datetime.fromtimestamp(value, tz=UTC))
    except (OverflowError, OSError, ValueError):
        return None


def _from_iso(text: str) -> str | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return _format_day(date.fromisoformat(text))
        except ValueError:
            return None
    if not re.match(r"\d{4}-?\d{2}-?\d{2}[T ]\d", text):
        return None
    try:
        return _format(datetime.fromisoformat(text.replace(" ", "T", 1)))
    except ValueError:
        return None


def _from_patterns(text: str) -> str | None:
    for fmt in _DAY_FORMATS:
        try:
            return _format_day(datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    for fmt in _TIME_FORMATS:
        try:
            return _format(datetime.strptime(text, fmt))
        except ValueError:
            continue
    return None


def _from_rfc2822(text: str) -> str | None:
    if not re.search(r"\d{1,2}:\d{2}", text):
        return None
    try:
        return _format(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def parse_date(value: Any) -> str | None:
    """Turn whatever date a source gives into the library's one date format.

    Sorting and filtering by date only work if every article stores the same
    shape; unknown or absurd values become None rather than a wrong date.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _format(value)
    if isinstance(value, date):
        return _format_day(value)
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > 80:
        return None
    return _from_iso(text) or _from_patterns(text) or _from_rfc2822(text)


def shorten_title(text: str, limit: int = 110) -> str:
    """Fit a title into lists and window captions without cutting a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def normalize_tags(value: Any) -> list[str]:
    """Accept tags as a list or a comma string, the two ways people write them.

    Objects with a "name" (as ``show --json`` prints them) are accepted so an
    export can be imported again; duplicates and blanks are dropped.
    """
    if value is None:
        return []
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        items = [value]
    tags: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        if item is None or isinstance(item, (list, dict)):
            continue
        tag = " ".join(str(item).split())
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def coerce_bool(value: Any) -> bool:
    """Read a flag written as a boolean, a number or a word like "yes"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in {"true", "yes", "y", "1", "on"}
    return False
