"""The feed commands against a real server on 127.0.0.1, and `import URL`."""

from __future__ import annotations

import json
from pathlib import Path

from newsreader.cli import main

from .conftest import Server


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_refresh_and_opml_round_trip(capsys, server: Server, tmp_path: Path) -> None:
    lib = str(tmp_path / "lib.sqlite")
    run(capsys, "--library", lib, "entities", "--use", "--engine", "rules")
    code, out, err = run(capsys, "--library", lib, "feed", "add", server.url("/page"),
                         "--folder", "Tech")  # a home page announcing its feed
    assert code == 0, err
    code, out, _ = run(capsys, "--library", lib, "feed", "list", "--json")
    (feed,) = json.loads(out)
    assert set(feed) == {"url", "title", "folder", "last_success", "last_error", "articles"}
    assert feed["url"].endswith("/rss") and feed["folder"] == "Tech" and feed["articles"] > 0
    code, out, _ = run(capsys, "--library", lib, "feed", "refresh", "--all", "--json")
    assert json.loads(out) == {"feeds": 1, "added": 0, "updated": 0, "failed": [],
                               "notes": []}
    opml = tmp_path / "subs.opml"
    assert run(capsys, "--library", lib, "feed", "export-opml", str(opml))[0] == 0
    other = str(tmp_path / "other.sqlite")
    code, out, _ = run(capsys, "--library", other, "feed", "import-opml", str(opml))
    assert code == 0 and "1 new feed" in out
    _, out, _ = run(capsys, "--library", other, "feed", "list", "--json")
    assert [(f["url"], f["folder"]) for f in json.loads(out)] == [(feed["url"], "Tech")]


def test_refresh_reports_each_bad_feed(capsys, server: Server, tmp_path: Path) -> None:
    lib = str(tmp_path / "lib.sqlite")
    run(capsys, "--library", lib, "entities", "--use", "--engine", "rules")
    run(capsys, "--library", lib, "feed", "add", server.url("/rss"))
    opml = tmp_path / "more.opml"
    opml.write_text(f"""<?xml version="1.0"?><opml version="2.0"><head/><body>
        <outline text="Broken" xmlUrl="{server.url('/laughs')}"/>
        <outline text="Local" xmlUrl="file:///etc/passwd"/></body></opml>""")
    code, _, err = run(capsys, "--library", lib, "feed", "import-opml", str(opml))
    assert code == 1 and "file:///etc/passwd" in err
    code, out, err = run(capsys, "--library", lib, "feed", "refresh", "--json")
    report = json.loads(out)
    assert code == 1 and report["feeds"] == 2
    assert [f["url"] for f in report["failed"]] == [server.url("/laughs")]


def test_import_url_stores_the_page_article(capsys, server: Server, tmp_path: Path) -> None:
    lib = str(tmp_path / "lib.sqlite")
    code, out, _err = run(capsys, "--library", lib, "import", "--no-entities", "--json",
                         server.url("/article"), server.url("/missing-page"))
    report = json.loads(out)
    assert code == 1 and report["added"] == 1 and len(report["failed"]) == 1
    _, out, _ = run(capsys, "--library", lib, "show", "1", "--json")
    assert json.loads(out)["body_text"]


def test_sites_see_the_project_and_its_version_in_the_user_agent(
        capsys, server: Server, tmp_path: Path) -> None:
    """What a site's access log shows for `newsreader feed add`: our name and version,
    and no placeholder address."""
    from newsreader import __version__

    code, _, err = run(capsys, "--library", str(tmp_path / "lib.sqlite"), "feed", "add",
                       server.url("/rss"), "--no-entities")
    assert code == 0, err
    agents = {headers["User-Agent"] for _path, headers in server.hits}
    assert agents == {f"Newsreader/{__version__} (desktop newsreader)"}
    assert "http" not in agents.pop()
