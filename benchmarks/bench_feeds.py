"""Benchmark a full feed refresh against Newsboat, by hand:

    python benchmarks/bench_feeds.py [--feeds 500] [--items 50] [--threads 8] [--seed 1]
                                     [--workdir /tmp/nrfeeds] [--skip-newsboat]

A ThreadingHTTPServer on 127.0.0.1 (in a thread of this process) serves
``--feeds`` distinct, seeded feeds of ``--items`` items each: RSS 2.0 mostly,
every fifth one Atom; items carry a title, link, guid, date, author and a
description of 1-3 sentences (HTML, CDATA or escaped, a link in some). Every
feed answers conditional GETs (ETag and Last-Modified), so a second pass is
all 304; gzip is served when asked for.

Timed, as subprocesses, in one run:

* Newsboat: ``newsboat -u urls -c cache.db -C config -x reload`` (``reload-threads N``),
  a first reload into an empty cache and a pass that is all 304: that is its third
  reload (2.21 stores a feed's ETag/Last-Modified only from its second fetch on, so
  its second reload downloads everything again; it is timed and shown, not compared);
* ``newsreader --library L feed refresh --all --workers N --per-host N``, first
  and second, as the command runs by default (entities with the rules engine);
* the same command with ``--no-entities`` (entities left for the app to find later).

Target (the issue): our time <= Newsboat's on both passes; the ratio is the figure.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import hashlib
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth

HERE = Path(__file__).resolve().parent
_BASE_EPOCH = 1714990000  # 2024-05-06, newest item of every feed is near this


# -- the feeds --------------------------------------------------------------------

@dataclass(slots=True)
class Served:
    body: bytes
    gzipped: bytes
    content_type: str
    etag: str
    last_modified: str


def _sentences(body: str, rng: random.Random) -> list[str]:
    text = " ".join(body.split("\n\n")[:2])
    parts = [s.strip() for s in text.replace("? ", ". ").split(". ") if s.strip()]
    count = rng.randint(1, 3)
    return [p if p.endswith(".") else p + "." for p in parts[:count]]


def _description(sentences: list[str], url: str, rng: random.Random) -> tuple[str, str]:
    """(markup for the element, how it is written: 'cdata', 'escaped' or 'text')."""
    style = rng.random()
    if style < 0.45:
        html = "<p>" + " ".join(sentences) + "</p>"
        if rng.random() < 0.5:
            html += f'<p><a href="{url}">Read more</a></p>'
        return f"<![CDATA[{html}]]>", "cdata"
    if style < 0.8:
        html = " ".join(sentences)
        if rng.random() < 0.4:
            words = html.split(" ")
            at = rng.randrange(len(words))
            words[at] = f"<b>{words[at]}</b>"
            html = " ".join(words)
        return escape(html, quote=False), "escaped"
    return escape(" ".join(sentences), quote=False), "text"


def make_feed(index: int, generator: synth.ArticleGenerator, items: int, base: str,
              rng: random.Random) -> tuple[bytes, str]:
    atom = index % 5 == 4
    outlet = rng.choice(synth.OUTLETS)
    site = f"https://www.{outlet.lower().replace(' ', '')}-{index}.example.com/"
    title = f"{outlet} — section {index}"
    stamp = _BASE_EPOCH - rng.randrange(3600)
    entries = []
    for n in range(items):
        article = generator.article(index * items + n)
        stamp -= rng.randrange(600, 7200)
        url = article["url"]
        guid = url if rng.random() < 0.5 else f"{site}?p={index * 1000 + n}"
        sentences = _sentences(article["body_text"], rng)
        description, _ = _description(sentences, url, rng)
        author = article["author"] or "Staff"
        item_title = escape(article["title"], quote=False)
        if atom:
            iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp))
            kind = "html"
            entries.append(
                f"<entry><id>tag:{outlet.lower().replace(' ', '')}.example.com,2024:"
                f"{index}-{n}</id>"
                f'<title>{item_title}</title><link rel="alternate" href="{escape(url)}"/>'
                f"<published>{iso}</published><updated>{iso}</updated>"
                f"<author><name>{escape(author)}</name></author>"
                f'<summary type="{kind}">{description}</summary></entry>'
            )
        else:
            date = email.utils.formatdate(stamp, usegmt=True)
            permalink = "true" if guid == url else "false"
            entries.append(
                f"<item><title>{item_title}</title><link>{escape(url)}</link>"
                f"<guid isPermaLink=\"{permalink}\">{escape(guid)}</guid>"
                f"<pubDate>{date}</pubDate><dc:creator>{escape(author)}</dc:creator>"
                f"<category>{rng.choice(synth.NOUNS)}</category>"
                f"<description>{description}</description></item>")
    self_url = f"{base}/feeds/{index}.{'atom' if atom else 'rss'}"
    if atom:
        iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(_BASE_EPOCH))
        text = (f'<?xml version="1.0" encoding="utf-8"?>\n'
                f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
                f"<title>{escape(title)}</title><subtitle>News from {escape(outlet)}</subtitle>"
                f'<link rel="alternate" href="{site}"/><link rel="self" href="{self_url}"/>'
                f"<id>urn:feed:{index}</id><updated>{iso}</updated>\n"
                + "\n".join(entries) + "\n</feed>\n")
        return text.encode(), "application/atom+xml; charset=utf-8"
    text = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f"<title>{escape(title)}</title><link>{site}</link>"
            f"<description>News from {escape(outlet)}</description><language>en-us</language>"
            f'<atom:link href="{self_url}" rel="self" type="application/rss+xml"/>'
            f"<lastBuildDate>{email.utils.formatdate(_BASE_EPOCH, usegmt=True)}</lastBuildDate>\n"
            + "\n".join(entries) + "\n</channel></rss>\n")
    return text.encode(), "application/rss+xml; charset=utf-8"


def build_feeds(count: int, items: int, seed: int, base: str) -> dict[str, Served]:
    generator = synth.ArticleGenerator(seed)
    rng = random.Random(seed)
    served: dict[str, Served] = {}
    modified = email.utils.formatdate(_BASE_EPOCH, usegmt=True)
    for index in range(count):
        body, ctype = make_feed(index, generator, items, base, rng)
        path = f"/feeds/{index}.{'atom' if 'atom' in ctype else 'rss'}"
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        served[path] = Served(body, gzip.compress(body, 6), ctype, etag, modified)
    return served


# -- the server --------------------------------------------------------------------

class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: Counter[str] = Counter()

    def add(self, key: str) -> None:
        with self.lock:
            self.counts[key] += 1

    def take(self) -> Counter[str]:
        with self.lock:
            counts, self.counts = self.counts, Counter()
        return counts


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # listen() backlog: the default 5 drops SYNs (1 s retries)


def serve(feeds: dict[str, Served], stats: Stats) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            feed = feeds.get(self.path.split("?")[0])
            if feed is None:
                stats.add("404")
                self._send(404, b"not here", "text/plain")
                return
            validators = {"ETag": feed.etag, "Last-Modified": feed.last_modified}
            match = self.headers.get("If-None-Match")
            since = self.headers.get("If-Modified-Since")
            if (match is not None and feed.etag in [t.strip() for t in match.split(",")]) or \
                    (match is None and since == feed.last_modified):
                stats.add("304")
                self._send(304, b"", None, validators)
                return
            wants_gzip = "gzip" in (self.headers.get("Accept-Encoding") or "")
            stats.add("200 gzip" if wants_gzip else "200")
            if wants_gzip:
                validators["Content-Encoding"] = "gzip"
            self._send(200, feed.gzipped if wants_gzip else feed.body, feed.content_type,
                       validators)

        def _send(self, status: int, body: bytes, ctype: str | None,
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if body:
                self.wfile.write(body)

    httpd = _Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


# -- the runs ------------------------------------------------------------------------

def run(label: str, argv: list[str], env: dict[str, str], stats: Stats,
        cwd: Path) -> float:
    stats.take()
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    counts = stats.take()
    served = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
    print(f"  {label:<34} {seconds:7.2f} s   exit {done.returncode}   served {served}",
          flush=True)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        for line in tail:
            print(f"      {line[:200]}")
    return seconds


def write_opml(path: Path, urls: list[str]) -> None:
    outlines = "\n".join(f'<outline type="rss" text="Feed {n}" xmlUrl="{escape(u)}"/>'
                         for n, u in enumerate(urls))
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">'
                    f"<head><title>bench</title></head><body>\n{outlines}\n</body></opml>\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--threads", type=int, default=8, help="N: reload-threads, --workers, "
                        "--per-host")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--skip-newsboat", action="store_true")
    parser.add_argument("--skip-entities", action="store_true",
                        help="skip the run of the command with entity extraction")
    args = parser.parse_args()
    n = args.threads
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="nrfeeds-"))
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    newsreader = shutil.which("newsreader") or str(Path(sys.executable).with_name("newsreader"))
    newsboat = shutil.which("newsboat")
    if newsboat is None and not args.skip_newsboat:
        print("newsboat not found: apt-get install -y newsboat (or --skip-newsboat)")
        return 2

    stats = Stats()
    holder: dict[str, Served] = {}
    httpd, base = serve(holder, stats)
    started = time.perf_counter()
    holder.update(build_feeds(args.feeds, args.items, args.seed, base))
    urls = [base + path for path in holder]
    size = sum(len(f.body) for f in holder.values())
    print(f"{len(urls)} feeds x {args.items} items ({size / 1e6:.1f} MB, "
          f"{sum(p.endswith('.atom') for p in holder)} Atom) built in "
          f"{time.perf_counter() - started:.1f} s, served at {base}; workdir {workdir}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}; N = {n}")

    env = dict(os.environ, HOME=str(workdir), XDG_CONFIG_HOME=str(workdir / "xdg-config"),
               XDG_DATA_HOME=str(workdir / "xdg-data"), NO_COLOR="1", LANG="C.UTF-8")
    env.pop("NEWSREADER_LIBRARY", None)
    results: dict[str, tuple[float, float]] = {}

    if not args.skip_newsboat:
        nb = workdir / "newsboat"
        nb.mkdir()
        (nb / "urls").write_text("\n".join(urls) + "\n")
        (nb / "config").write_text(f"reload-threads {n}\ncache-file \"{nb / 'cache.db'}\"\n"
                                   "show-read-feeds yes\nsuppress-first-reload no\n")
        argv = [newsboat, "-u", str(nb / "urls"), "-c", str(nb / "cache.db"),
                "-C", str(nb / "config"), "-x", "reload"]
        print("Newsboat " + subprocess.run([newsboat, "--version"], capture_output=True,
                                           text=True).stdout.splitlines()[0])
        first = run("newsboat: first reload", argv, env, stats, nb)
        # Newsboat 2.21 writes a feed's validators before the feed's row exists on
        # its first reload, so its second reload is all 200 again; the third is all 304.
        again = run("newsboat: second reload (200 again)", argv, env, stats, nb)
        second = run("newsboat: third reload (304)", argv, env, stats, nb)
        results["newsboat"] = (first, second)
        print(f"  (newsboat's second reload, {again:.2f} s, is not in the table: it "
              "sends no validators yet)")

    opml = workdir / "subs.opml"
    write_opml(opml, urls)
    refresh = ["feed", "refresh", "--all", "--workers", str(n), "--per-host", str(n)]
    variants = []
    if not args.skip_entities:
        variants.append(("newsreader (entities: rules)", True))
    variants.append(("newsreader (no entities)", False))
    for label, with_entities in variants:
        lib = workdir / ("lib-entities.sqlite" if with_entities else "lib-plain.sqlite")
        subprocess.run([newsreader, "--library", str(lib), "entities", "--use", "--engine",
                        "rules"], env=env, check=True, capture_output=True)
        subprocess.run([newsreader, "--library", str(lib), "feed", "import-opml", str(opml)],
                       env=env, check=True, capture_output=True)
        argv = [newsreader, "--library", str(lib), *refresh,
                *([] if with_entities else ["--no-entities"])]
        first = run(f"{label}: first", argv, env, stats, workdir)
        second = run(f"{label}: second (304)", argv, env, stats, workdir)
        results[label] = (first, second)
    httpd.shutdown()
    httpd.server_close()

    reference = results.get("newsboat")
    print()
    print(f"{'tool':<30} {'first s':>9} {'second s':>9} {'ratio 1st':>10} {'ratio 2nd':>10}")
    for label, (first, second) in results.items():
        if reference and label != "newsboat":
            ratios = f"{first / reference[0]:>10.2f} {second / reference[1]:>10.2f}"
        else:
            ratios = f"{'':>10} {'':>10}"
        print(f"{label:<30} {first:>9.2f} {second:>9.2f} {ratios}")
    if reference:
        print("ratio = ours / newsboat; target <= 1.00 on both")
    return 0


if __name__ == "__main__":
    sys.exit(main())
