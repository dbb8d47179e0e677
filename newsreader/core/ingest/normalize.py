"""Value normalisation shared by every importer.

Each input format spells text, links, dates and flags its own way; funnelling
them through these helpers keeps the stored values comparable, so search,
sorting and duplicate detection behave the same whatever the source was.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")
_NON_WORD = re.compile(r"[\W_]+")

_TRACKING_EXACT = {"fbclid", "gclid", "dclid", "msclkid"}
_DEFAULT_PORTS = {"http": 80, "https": 443}

_MIN_YEAR, _MAX_YEAR = 1970, 2100

# strptime formats for the human spellings ISO and RFC 2822 do not cover.
_DAY_FORMATS = (
    "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%B %d %Y", "%b %d %Y",
    "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y",
)
_TIME_FORMATS = (
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M",
    "%B %d, %Y %H:%M", "%B %d, %Y %I:%M %p", "%b %d, %Y %I:%M %p",
)


def clean_text(s: str, *, keep_spacing: bool = False) -> str:
    """Tidy text so that stray encoding debris never reaches the library.

    Files come from many editors and operating systems; without this, the same
    story would differ by carriage returns, NUL bytes or doubled spaces.
    ``keep_spacing`` leaves spaces inside lines alone for formats (Markdown)
    where indentation and code alignment carry meaning.
    """
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = unicodedata.normalize("NFC", s)
    s = s.replace("\ufeff", "")
    s = _CONTROL.sub("", s)
    lines = [_clean_line(line, keep_spacing) for line in s.split("\n")]
    s = "\n".join(lines)
    s = _BLANKS.sub("\n\n", s)
    return s.strip()


def _clean_line(line: str, keep_spacing: bool) -> str:
    if keep_spacing:
        return line.rstrip(" \t")
    return _SPACES.sub(" ", line).strip(" \t")


def _hash_form(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def content_hash(title: str, body: str) -> str:
    """Fingerprint a story by its words only.

    Re-imports of the same story often differ in quotes, dashes or wrapping;
    ignoring case, punctuation and whitespace lets the store spot them.
    """
    form = _hash_form(body or "") or _hash_form(title or "")
    return hashlib.sha256(form.encode("utf-8")).hexdigest()


def _is_tracking(param: str) -> bool:
    name = param.split("=", 1)[0].lower()
    return name.startswith("utm_") or name in _TRACKING_EXACT


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


def normalize_url(url: str | None) -> str | None:
    """Reduce a link to the form that identifies the page.

    Tracking parameters and fragments make one article look like many; only
    web links are kept because other schemes cannot be opened by a reader.
    """
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
    netloc = _netloc(parts, scheme)
    if netloc is None:
        return None
    query = "&".join(p for p in parts.query.split("&") if p and not _is_tracking(p))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _format(moment: datetime) -> str | None:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
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
        return _format(datetime.fromtimestamp(value, tz=timezone.utc))
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
