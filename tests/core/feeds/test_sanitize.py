"""Sanitising feed HTML: parsing once gives what sanitising then reading the text gave."""

from __future__ import annotations

import random

import pytest

from newsreader.core.feeds.sanitize import html_to_text, sanitize_html, sanitized_with_text

BASE = "http://example.org/news/"

MARKUP = [
    "",
    "   ",
    "plain text, no markup",
    "Fish &amp; chips &lt;b&gt; &#x27;quoted&#x27;",
    "<p>One</p><p>Two<br>lines</p>",
    "lead text <b>bold</b> tail",
    "<div><p>Nested <p>paragraphs <span>open",
    "<ul><li>first<li>second</ul><ol start=3><li>third</ol>",
    "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>",
    "<pre>  keep\n   its\n spacing</pre> after",
    "<script>evil()</script><style>p{}</style>only this",
    '<a href="javascript:evil()">js</a> <a href="/relative?x=1">rel</a> <a '
    'href="mailto:a@b.c">m</a>',
    '<img src="/pic.jpg" alt="A picture"> and <img src="data:x" alt="inline"> <img src="x:y">',
    '<p onclick="x()" style="color:red" lang="ko" dir="rtl">attrs</p>',
    "<custom-tag>unknown <o:p>office</o:p> tags</custom-tag>",
    "<!-- comment --><?pi stuff?>text<![CDATA[cdata]]>",
    "<svg><text>drawn</text></svg><math><mi>x</mi></math>kept",
    "<h1>Head</h1>\n\n<blockquote cite='javascript:x'>quote</blockquote><hr>end",
    "a\u00a0b\u2003c \t\r\n d",
    "<p>" + "deep <b>" * 300 + "bottom" + "</b>" * 300 + "</p>",
    "<<<>>> &&& <p",
    "</p></div>stray closers",
    "<figure><img src='http://x/y.png'><figcaption>Caption</figcaption></figure>",
]


def _random_markup(rng: random.Random) -> str:
    tags = ["p", "b", "i", "a", "div", "span", "script", "img", "br", "li", "ul", "td", "pre",
            "iframe", "q", "x-y"]
    words = ["Seoul", "said", "&amp;", "&lt;", " ", "\n", "Kim", "\u00a0", "—", "<", ">", "'"]
    out = []
    for _ in range(rng.randint(1, 25)):
        roll = rng.random()
        tag = rng.choice(tags)
        if roll < 0.3:
            attrs = rng.choice(["", ' href="/x"', ' src="http://h/i.png" alt="alt"',
                                ' onclick="e()"', ' href="javascript:x"'])
            out.append(f"<{tag}{attrs}>")
        elif roll < 0.5:
            out.append(f"</{tag}>")
        else:
            out.append(rng.choice(words))
    return "".join(out)


@pytest.mark.parametrize("markup", MARKUP + [_random_markup(random.Random(n)) for n in range(200)])
def test_parsing_once_matches_sanitising_then_reading(markup: str) -> None:
    safe = sanitize_html(markup, BASE)
    assert sanitized_with_text(markup, BASE) == (html_to_text(safe), safe)
